// Every SQL statement of research-integrity records and their appeals.
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, IntegrityAppealTable, IntegrityRecordTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface RecordFilter {
  /** Only records on this person or this organisation (everyone but administrators). */
  subjectOf?: { userId: number; organizationId: number };
  jurisdiction?: string;
  subjectType?: string;
  organizationId?: number;
  userId?: number;
  q?: string; // trimmed
  state?: 'pending' | 'active' | 'expired' | 'revoked';
  /** The instant the state is judged at. */
  at: string;
}

export type RecordSortColumn = 'r.created_at' | 'r.effective_at' | 'r.ends_at' | 'r.subject_name';

function filtered(db: Q, h: DialectHelpers, f: RecordFilter) {
  let base = db.selectFrom('integrity_records as r');
  const own = f.subjectOf;
  if (own) base = base.where((eb) => eb.or([eb('r.subject_user_id', '=', own.userId), eb('r.subject_org_id', '=', own.organizationId)]));
  if (f.jurisdiction) base = base.where('r.jurisdiction_code', '=', f.jurisdiction);
  if (f.subjectType) base = base.where('r.subject_type', '=', f.subjectType);
  if (f.organizationId) base = base.where('r.subject_org_id', '=', f.organizationId);
  if (f.userId) base = base.where('r.subject_user_id', '=', f.userId);
  if (f.q) base = base.where(h.query.containsInsensitive(sql.ref('r.subject_name'), f.q));
  if (f.state === 'revoked') base = base.where('r.status', '=', 'revoked');
  else if (f.state) {
    base = base.where('r.status', '=', 'active');
    if (f.state === 'pending') base = base.where('r.effective_at', '>', f.at);
    if (f.state === 'active') base = base.where('r.effective_at', '<=', f.at).where('r.ends_at', '>', f.at);
    if (f.state === 'expired') base = base.where('r.ends_at', '<=', f.at);
  }
  return base;
}

/** One page of record ids in the order asked (newest id first among equals), and the count. */
export async function listIds(
  db: Q,
  h: DialectHelpers,
  f: RecordFilter,
  sort: { column: RecordSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const base = filtered(db, h, f);
  const [rows, count] = await Promise.all([
    base.select('r.id').orderBy(sql.ref(sort.column), sort.direction).orderBy('r.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}

export function findById(db: Q, id: number) {
  return db.selectFrom('integrity_records').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The records with their subject's names (the organisation, or the person and their organisation). */
export function findWithNames(db: Q, ids: number[]) {
  return db
    .selectFrom('integrity_records as r')
    .leftJoin('organizations as o', 'o.id', 'r.subject_org_id')
    .leftJoin('users as u', 'u.id', 'r.subject_user_id')
    .leftJoin('organizations as uo', 'uo.id', 'u.organization_id')
    .selectAll('r')
    .select(['o.name as org_name', 'u.display_name as user_name', 'uo.name as user_org_name'])
    .where('r.id', 'in', ids)
    .execute();
}

export function insertRecord(db: Q, row: Insertable<IntegrityRecordTable>) {
  return db.insertInto('integrity_records').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateRecord(db: Q, id: number, patch: Updateable<IntegrityRecordTable>) {
  return db.updateTable('integrity_records').set(patch).where('id', '=', id).execute();
}

export function organizationName(db: Q, id: number) {
  return db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** The organisation's name; throws when there is none (callers pass an organisation they hold). */
export function requireOrganizationName(db: Q, id: number) {
  return db.selectFrom('organizations').select(['name']).where('id', '=', id).executeTakeFirstOrThrow();
}

export function userName(db: Q, id: number) {
  return db.selectFrom('users').select(['id', 'display_name']).where('id', '=', id).executeTakeFirst();
}

// ---- appeals ----

/** Appeals per record and status. */
export function appealCounts(db: Q, recordIds: number[]) {
  return db
    .selectFrom('integrity_appeals')
    .select(['record_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('record_id', 'in', recordIds)
    .groupBy(['record_id', 'status'])
    .execute();
}

/** A record's appeals with the appellant's name, newest first. */
export function appealsOf(db: Q, recordId: number) {
  return db
    .selectFrom('integrity_appeals as a')
    .innerJoin('users as u', 'u.id', 'a.appellant_user_id')
    .select(['a.id', 'a.reason', 'a.status', 'a.decision_note', 'a.created_at', 'a.decided_at', 'u.display_name'])
    .where('a.record_id', '=', recordId)
    .orderBy('a.id', 'desc')
    .execute();
}

export function findOpenAppeal(db: Q, recordId: number) {
  return db.selectFrom('integrity_appeals').select('id').where('record_id', '=', recordId).where('status', '=', 'open').executeTakeFirst();
}

export function findAppeal(db: Q, recordId: number, appealId: number) {
  return db.selectFrom('integrity_appeals').selectAll().where('id', '=', appealId).where('record_id', '=', recordId).executeTakeFirst();
}

export function insertAppeal(db: Q, row: Insertable<IntegrityAppealTable>) {
  return db.insertInto('integrity_appeals').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateAppeal(db: Q, id: number, patch: Updateable<IntegrityAppealTable>) {
  return db.updateTable('integrity_appeals').set(patch).where('id', '=', id).execute();
}
