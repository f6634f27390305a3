import type { Kysely } from 'kysely';
import type { Database } from '../../db/types';

export interface AuditFilter {
  jurisdiction?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: string;
  to?: string;
  batch?: string;
}

export async function list(db: Kysely<Database>, f: AuditFilter, direction: 'asc' | 'desc', limit: number, offset: number) {
  let q = db.selectFrom('audit_log');
  if (f.jurisdiction) q = q.where('jurisdiction_code', '=', f.jurisdiction);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actor) q = q.where('actor_name', '=', f.actor);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.batch) q = q.where('batch_id', '=', f.batch);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('seq', direction).limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The people who wrote entries (in a jurisdiction, when given), by name, for the actor filter. */
export function actorNames(db: Kysely<Database>, jurisdiction: string | undefined, limit: number) {
  let q = db.selectFrom('audit_log').select('actor_name').distinct().where('actor_name', 'is not', null);
  if (jurisdiction) q = q.where('jurisdiction_code', '=', jurisdiction);
  return q.orderBy('actor_name').limit(limit).execute();
}
