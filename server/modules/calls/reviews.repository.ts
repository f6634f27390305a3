// Every SQL statement of reviewer assignments and the reviews written on them
// (`review_assignments`), with the call and application titles they show.
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, ReviewAssignmentTable } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export function anySubmitted(db: Q, callId: number) {
  return db.selectFrom('review_assignments').select('id').where('call_id', '=', callId).where('status', '=', 'submitted').executeTakeFirst();
}

/** Drops the call's assignments that carry no review yet (assigned, or declined for a conflict). */
export function deleteUnreviewed(db: Q, callId: number) {
  return db.deleteFrom('review_assignments').where('call_id', '=', callId).where('status', 'in', ['assigned', 'conflict']).execute();
}

/** Inserts the rows 200 at a time (keeps each statement under the engines' parameter limits). */
export async function insertMany(db: Q, rows: Array<Insertable<ReviewAssignmentTable>>) {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    if (chunk.length) await db.insertInto('review_assignments').values(chunk).execute();
  }
}

export function insert(db: Q, row: Insertable<ReviewAssignmentTable>) {
  return db.insertInto('review_assignments').values(row).execute();
}

/** The call's assignments with the application titles, by application then affinity (highest first). */
export function forCall(db: Q, callId: number) {
  return db
    .selectFrom('review_assignments as r')
    .innerJoin('call_applications as a', 'a.id', 'r.application_id')
    .select(['r.id', 'r.application_id', 'a.title', 'r.expert_user_id', 'r.affinity', 'r.status', 'r.total_score'])
    .where('r.call_id', '=', callId)
    .orderBy('r.application_id')
    .orderBy('r.affinity', 'desc')
    .execute();
}

/** The applications' assignments with their totals (for the score summary). */
export function scoresOf(db: Q, appIds: number[]) {
  return db.selectFrom('review_assignments').select(['application_id', 'total_score', 'status']).where('application_id', 'in', appIds).execute();
}

/** Whether the user is assigned to review the application. */
export function findReviewer(db: Q, appId: number, userId: number) {
  return db.selectFrom('review_assignments').select('id').where('application_id', '=', appId).where('expert_user_id', '=', userId).executeTakeFirst();
}

/** The reviews with their call's title, kind and status. */
export function findWithCall(db: Q, ids: number[]) {
  return db
    .selectFrom('review_assignments as r')
    .innerJoin('call_applications as a', 'a.id', 'r.application_id')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select([
      'r.id',
      'r.call_id',
      'c.title as call_title',
      'c.kind',
      'c.status as call_status',
      'r.application_id',
      'r.status',
      'r.scores_json',
      'r.total_score',
      'r.comment',
      'r.conflict_note',
      'r.created_at',
      'r.submitted_at',
    ])
    .where('r.id', 'in', ids)
    .execute();
}

/** A review with who holds it and its call's status and jurisdiction. */
export function findOne(db: Q, id: number) {
  return db
    .selectFrom('review_assignments as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select(['r.id', 'r.expert_user_id', 'r.status', 'r.call_id', 'c.status as call_status', 'c.jurisdiction_code'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export interface ReviewFilter {
  status?: string;
  callId?: number;
}

export type ReviewSortColumn = 'created_at' | 'status' | 'submitted_at';

/** One page of an expert's review ids in the order asked (oldest id first among equals), and the count. */
export async function listIds(
  db: Q,
  expertUserId: number,
  f: ReviewFilter,
  sort: { column: ReviewSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  let base = db.selectFrom('review_assignments').where('expert_user_id', '=', expertUserId);
  if (f.status) base = base.where('status', '=', f.status);
  if (f.callId) base = base.where('call_id', '=', f.callId);
  const [rows, count] = await Promise.all([
    base.select('id').orderBy(sql.ref(sort.column), sort.direction).orderBy('id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}

export function update(db: Q, id: number, patch: Updateable<ReviewAssignmentTable>) {
  return db.updateTable('review_assignments').set(patch).where('id', '=', id).execute();
}

// ---- the identity directory ----

export function userExists(db: Q, id: number) {
  return db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
}
