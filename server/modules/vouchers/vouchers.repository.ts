// Every SQL statement of issued vouchers: rows, names for their views, lists, status changes and
// expiry.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface VoucherFilter {
  /** Only the vouchers issued by this jurisdiction (an administrator's). */
  jurisdiction?: string;
  /** Only this organisation's vouchers. */
  holderOrgId?: number;
  programId?: number;
  status?: string;
  /** Part of the code, upper case, without LIKE wildcards. */
  codeContains?: string;
}

export type VoucherSortColumn = 'v.issued_at' | 'v.expires_at' | 'v.face_value_fen' | 'v.code' | 'balance';

// The balance is no column: it is the sum of the voucher account's ledger entries.
const balanceOrder = sql`(select coalesce(sum(e.amount_fen), 0) from ledger_entries e where e.account = ${sql.lit('voucher:')} || cast(v.id as varchar(20)))`;

export function findById(db: Q, id: number) {
  return db.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getById(db: Q, id: number) {
  return db.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function findByCode(db: Q, code: string) {
  return db.selectFrom('vouchers').select('id').where('code', '=', code).executeTakeFirst();
}

/** Row lock on PostgreSQL (SQLite runs one writer at a time anyway). */
export function lock(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('vouchers').select('id').where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Vouchers with their programme's terms and the holder's name, in no particular order. */
export function views(db: Q, ids: number[]) {
  return db
    .selectFrom('vouchers as v')
    .innerJoin('voucher_programs as p', 'p.id', 'v.program_id')
    .innerJoin('organizations as o', 'o.id', 'v.holder_org_id')
    .selectAll('v')
    .select(['p.name as program_name', 'p.share_bp', 'p.redeem_jurisdictions', 'p.eligible_categories', 'o.name as holder_name'])
    .where('v.id', 'in', ids)
    .execute();
}

/** Completed redemptions less refunds, by voucher. */
export function redeemedByVoucher(db: Q, ids: number[]) {
  return db
    .selectFrom('redemptions')
    .select(['voucher_id', (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('s')])
    .where('voucher_id', 'in', ids)
    .where('status', '=', 'completed')
    .groupBy('voucher_id')
    .execute();
}

export async function list(db: Q, f: VoucherFilter, sort: { column: VoucherSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  let base = db.selectFrom('vouchers as v');
  if (f.jurisdiction !== undefined) base = base.where('v.jurisdiction_code', '=', f.jurisdiction);
  if (f.holderOrgId !== undefined) base = base.where('v.holder_org_id', '=', f.holderOrgId);
  if (f.programId) base = base.where('v.program_id', '=', f.programId);
  if (f.status) base = base.where('v.status', '=', f.status);
  if (f.codeContains !== undefined) base = base.where('v.code', 'like', `%${f.codeContains}%`);
  const order = sort.column === 'balance' ? balanceOrder : sql.ref(sort.column);
  const [rows, count] = await Promise.all([
    base.select('v.id').orderBy(order, sort.direction).orderBy('v.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}

/** Moves the voucher from one status to another if it is still in the first; numUpdatedRows says whether it did. */
export function setStatus(db: Q, id: number, from: string, to: string, reason: string | null, at: string) {
  return db
    .updateTable('vouchers')
    .set({ status: to, status_reason: reason, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
}

/** Up to `limit` active or suspended vouchers past their date. */
export function due(db: Q, at: string, limit: number) {
  return db.selectFrom('vouchers').select('id').where('status', 'in', ['active', 'suspended']).where('expires_at', '<=', at).limit(limit).execute();
}

/** Active vouchers expiring in (from, until], with their programme and applicant (for the notice). */
export function expiringBetween(db: Q, from: string, until: string, limit: number) {
  return db
    .selectFrom('vouchers as v')
    .innerJoin('voucher_programs as p', 'p.id', 'v.program_id')
    .innerJoin('voucher_applications as a', 'a.id', 'v.application_id')
    .select(['v.id', 'v.expires_at', 'v.holder_org_id', 'a.applicant_user_id', 'p.name as program_name'])
    .where('v.status', '=', 'active')
    .where('v.expires_at', '>', from)
    .where('v.expires_at', '<=', until)
    .orderBy('v.id')
    .limit(limit)
    .execute();
}

export function markExpired(db: Q, id: number, at: string) {
  return db.updateTable('vouchers').set({ status: 'expired', updated_at: at }).where('id', '=', id).execute();
}
