// SQL of messages to the owners of resources and results (我要洽谈).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export function insert(
  db: Q,
  row: { sender_user_id: number; sender_org_id: number; target_type: string; target_id: number; target_org_id: number; body: string; created_at: string },
) {
  return db.insertInto('messages').values(row).returning('id').executeTakeFirstOrThrow();
}

/** How many messages a person sent since an instant, and the oldest of them. */
export async function sentSince(db: Q, userId: number, since: string): Promise<{ n: number; oldest: string | null }> {
  const r = await db
    .selectFrom('messages')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('sender_user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { n: Number(r.n), oldest: (r.oldest as string | null) ?? null };
}

export interface MessageFilter {
  /** What the reader may read: messages they sent, to their organisation (as its admin), or about resources they manage. */
  scope: { senderUserId?: number; targetOrgId?: number; managedResourceIds?: number[] };
  box: 'all' | 'received' | 'sent';
  readerId: number;
  targetType?: string;
  targetId?: number;
}

function filtered(db: Q, f: MessageFilter) {
  let q = db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.sender_user_id')
    .innerJoin('organizations as so', 'so.id', 'm.sender_org_id')
    .innerJoin('organizations as tor', 'tor.id', 'm.target_org_id');
  q = q.where((eb) => {
    const ors = [];
    if (f.box !== 'received' && f.scope.senderUserId !== undefined) ors.push(eb('m.sender_user_id', '=', f.scope.senderUserId));
    if (f.box !== 'sent') {
      if (f.scope.targetOrgId !== undefined) ors.push(eb('m.target_org_id', '=', f.scope.targetOrgId));
      if (f.scope.managedResourceIds?.length) ors.push(eb.and([eb('m.target_type', '=', 'resource'), eb('m.target_id', 'in', f.scope.managedResourceIds)]));
    }
    return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`;
  });
  if (f.box === 'received') q = q.where('m.sender_user_id', '!=', f.readerId);
  if (f.targetType) q = q.where('m.target_type', '=', f.targetType);
  if (f.targetId !== undefined) q = q.where('m.target_id', '=', f.targetId);
  return q;
}

export async function list(db: Q, f: MessageFilter, limit: number, offset: number) {
  const base = filtered(db, f);
  const [rows, count] = await Promise.all([
    base
      .select([
        'm.id',
        'm.sender_user_id',
        'm.target_type',
        'm.target_id',
        'm.target_org_id',
        'm.body',
        'm.created_at',
        'u.display_name as sender_name',
        'so.name as sender_org_name',
        'tor.name as target_org_name',
      ])
      .orderBy('m.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
