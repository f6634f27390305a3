// Every SQL statement of voucher applications and issuance: the applications, the caps' sums of
// what was issued, and the voucher an approval issues.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, VoucherApplicationTable, VoucherTable } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Applications with their programme's jurisdiction. */
const withProgram = (db: Q) => db.selectFrom('voucher_applications as a').innerJoin('voucher_programs as p', 'p.id', 'a.program_id');

/** The face value of the vouchers a programme issued to an organisation (the caps). */
const issuedTo = (db: Q, programId: number, orgId: number) =>
  db
    .selectFrom('vouchers')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('face_value_fen'), eb.lit(0)).as('s'))
    .where('program_id', '=', programId)
    .where('holder_org_id', '=', orgId);

export interface ApplicationFilter {
  /** Only the applications to programmes of this jurisdiction (an administrator's). */
  programJurisdiction?: string;
  /** Only this organisation's applications. */
  applicantOrgId?: number;
  programId?: number;
  status?: string;
}

export type ApplicationSortColumn = 'a.created_at' | 'a.requested_fen' | 'a.status';

/** Applications with programme, applicant and voucher names, in no particular order. */
export function views(db: Q, ids: number[]) {
  return withProgram(db)
    .innerJoin('organizations as o', 'o.id', 'a.applicant_org_id')
    .innerJoin('users as u', 'u.id', 'a.applicant_user_id')
    .leftJoin('vouchers as v', 'v.application_id', 'a.id')
    .selectAll('a')
    .select(['p.name as program_name', 'p.jurisdiction_code', 'o.name as org_name', 'u.display_name', 'v.id as voucher_id'])
    .where('a.id', 'in', ids)
    .execute();
}

export async function list(db: Q, f: ApplicationFilter, sort: { column: ApplicationSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  let base = withProgram(db);
  if (f.programJurisdiction !== undefined) base = base.where('p.jurisdiction_code', '=', f.programJurisdiction);
  if (f.applicantOrgId !== undefined) base = base.where('a.applicant_org_id', '=', f.applicantOrgId);
  if (f.programId) base = base.where('a.program_id', '=', f.programId);
  if (f.status) base = base.where('a.status', '=', f.status);
  const [rows, count] = await Promise.all([
    base.select('a.id').orderBy(sql.ref(sort.column), sort.direction).orderBy('a.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}

export function findWithJurisdiction(db: Q, id: number) {
  return withProgram(db).selectAll('a').select(['p.jurisdiction_code']).where('a.id', '=', id).executeTakeFirst();
}

export function statusOf(db: Q, id: number) {
  return db.selectFrom('voucher_applications').select('status').where('id', '=', id).executeTakeFirstOrThrow();
}

/** An application of the organisation to the programme still awaiting its decision. */
export function findSubmitted(db: Q, programId: number, orgId: number) {
  return db
    .selectFrom('voucher_applications')
    .select('id')
    .where('program_id', '=', programId)
    .where('applicant_org_id', '=', orgId)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
}

export function applicantOrganization(db: Q, orgId: number) {
  return db.selectFrom('organizations').select(['type', 'tier', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
}

export function insert(db: Q, row: Insertable<VoucherApplicationTable>) {
  return db.insertInto('voucher_applications').values(row).returning('id').executeTakeFirstOrThrow();
}

export function approve(db: Q, id: number, d: { approvedFen: number; note: string | null; by: number; at: string }) {
  return db
    .updateTable('voucher_applications')
    .set({ status: 'approved', approved_fen: d.approvedFen, decision_note: d.note, decided_by: d.by, decided_at: d.at, updated_at: d.at })
    .where('id', '=', id)
    .execute();
}

/** Rejects the application if it still awaits its decision; numUpdatedRows says whether it did. */
export function reject(db: Q, id: number, d: { note: string; by: number; at: string }) {
  return db
    .updateTable('voucher_applications')
    .set({ status: 'rejected', decision_note: d.note, decided_by: d.by, decided_at: d.at, updated_at: d.at })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
}

// ---- issuance -----------------------------------------------------------------------------

/** Face value issued to the enterprise itself (not its teams) in the programme within [from, to). */
export function issuedToEnterprise(db: Q, programId: number, orgId: number, from: string, to: string) {
  return issuedTo(db, programId, orgId)
    .where('holder_kind', '=', 'enterprise')
    .where('issued_at', '>=', from)
    .where('issued_at', '<', to)
    .executeTakeFirstOrThrow();
}

/** Face value issued to the organisation's team of this name in the programme. */
export function issuedToTeam(db: Q, programId: number, orgId: number, teamName: string) {
  return issuedTo(db, programId, orgId).where('holder_kind', '=', 'team').where('team_name', '=', teamName).executeTakeFirstOrThrow();
}

export function insertVoucher(db: Q, row: Insertable<VoucherTable>) {
  return db.insertInto('vouchers').values(row).returning('id').executeTakeFirstOrThrow();
}
