// Every SQL statement of applications (bids) to calls and their attachments, with the names of
// the identity directory they show.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { CallApplicationTable, CallAttachmentTable, Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Applications of the call that still count (not withdrawn). */
const live = (db: Q, callId: number) => db.selectFrom('call_applications').where('call_id', '=', callId).where('status', '<>', 'withdrawn');

export async function countLive(db: Q, callId: number) {
  const n = await live(db, callId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

/** Live applications per call, for the calls given (calls without any are absent). */
export function countLiveByCall(db: Q, callIds: number[]) {
  return db
    .selectFrom('call_applications')
    .select(['call_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('call_id', 'in', callIds)
    .where('status', '<>', 'withdrawn')
    .groupBy('call_id')
    .execute();
}

export async function countWithStatus(db: Q, callId: number, status: string) {
  const n = await db
    .selectFrom('call_applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('call_id', '=', callId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

export async function liveIds(db: Q, callId: number) {
  const rows = await live(db, callId).select('id').execute();
  return rows.map((r) => Number(r.id));
}

/** The lead applicants of the call's applications that are not drafts (who wait on the call). */
export async function applicantUserIds(db: Q, callId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('call_applications')
    .select('lead_user_id')
    .distinct()
    .where('call_id', '=', callId)
    .where('status', '!=', 'draft')
    .execute();
  return rows.map((r) => Number(r.lead_user_id));
}

export async function idsWithStatus(db: Q, callId: number, status: string) {
  const rows = await db.selectFrom('call_applications').select('id').where('call_id', '=', callId).where('status', '=', status).execute();
  return rows.map((r) => Number(r.id));
}

/** Every application of the call with its status. */
export function statusesOf(db: Q, callId: number) {
  return db.selectFrom('call_applications').select(['id', 'status']).where('call_id', '=', callId).execute();
}

/** The applications under review (submitted), or every one not withdrawn, in id order. */
export function forReview(db: Q, callId: number, which: 'in-review' | 'all') {
  return db
    .selectFrom('call_applications')
    .selectAll()
    .where('call_id', '=', callId)
    .where('status', which === 'in-review' ? '=' : '<>', which === 'in-review' ? 'submitted' : 'withdrawn')
    .orderBy('id')
    .execute();
}

/** The applications with the applicant organisation's and the lead's names. */
export function findWithNames(db: Q, ids: number[]) {
  return db
    .selectFrom('call_applications as a')
    .innerJoin('organizations as o', 'o.id', 'a.applicant_org_id')
    .innerJoin('users as u', 'u.id', 'a.lead_user_id')
    .selectAll('a')
    .select(['o.name as org_name', 'u.display_name as lead_name'])
    .where('a.id', 'in', ids)
    .execute();
}

export interface ApplicationFilter {
  /** Only this organisation's application (an applicant's view). */
  applicantOrgId?: number;
  status?: string;
}

export type ApplicationSortColumn = 'created_at' | 'budget_fen' | 'title';

/** One page of the call's application ids in the order asked (oldest id first among equals), and the count. */
export async function listIds(
  db: Q,
  callId: number,
  f: ApplicationFilter,
  sort: { column: ApplicationSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  let base = db.selectFrom('call_applications').where('call_id', '=', callId);
  if (f.applicantOrgId !== undefined) base = base.where('applicant_org_id', '=', f.applicantOrgId);
  if (f.status) base = base.where('status', '=', f.status);
  const [rows, count] = await Promise.all([
    base.select('id').orderBy(sql.ref(sort.column), sort.direction).orderBy('id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}

/** The application of this call, with its lead. */
export function findLead(db: Q, callId: number, appId: number) {
  return db.selectFrom('call_applications').select(['id', 'lead_user_id']).where('id', '=', appId).where('call_id', '=', callId).executeTakeFirst();
}

export function insert(db: Q, row: Insertable<CallApplicationTable>) {
  return db.insertInto('call_applications').values(row).returning('id').executeTakeFirstOrThrow();
}

// ---- attachments ----

/** The applications' attachments without their contents, in id order. */
export function attachmentsOf(db: Q, appIds: number[]) {
  return db
    .selectFrom('call_attachments')
    .select(['id', 'application_id', 'filename', 'content_type', 'size', 'created_at'])
    .where('application_id', 'in', appIds)
    .orderBy('id')
    .execute();
}

export async function countAttachments(db: Q, appId: number) {
  const n = await db
    .selectFrom('call_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('application_id', '=', appId)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

export function insertAttachment(db: Q, row: Insertable<CallAttachmentTable>) {
  return db.insertInto('call_attachments').values(row).returning('id').executeTakeFirstOrThrow();
}

/** An attachment of an application to this call, with its contents and what decides who may read it. */
export function findAttachment(db: Q, callId: number, attachmentId: number) {
  return db
    .selectFrom('call_attachments as f')
    .innerJoin('call_applications as a', 'a.id', 'f.application_id')
    .select(['f.filename', 'f.content_type', 'f.content', 'a.applicant_org_id', 'a.id as app_id', 'a.members_json'])
    .where('f.id', '=', attachmentId)
    .where('a.call_id', '=', callId)
    .executeTakeFirst();
}

// ---- the identity directory ----

export function organizationsByIds(db: Q, ids: number[]) {
  return db.selectFrom('organizations').select(['id', 'name', 'jurisdiction_code']).where('id', 'in', ids).execute();
}

export function usersByIds(db: Q, ids: number[]) {
  return db.selectFrom('users').select(['id', 'organization_id', 'display_name']).where('id', 'in', ids).execute();
}
