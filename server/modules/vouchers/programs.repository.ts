// Every SQL statement of voucher programmes: the programme rows, their lock, and the figures their
// views show beside the budget (redeemed amounts, vouchers issued).
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, VoucherProgramTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface ProgramFilter {
  jurisdiction?: string;
  status?: string;
  /** Trimmed; matched case-insensitively within the name. */
  q?: string;
}

export type ProgramSortColumn = 'created_at' | 'name' | 'expires_at' | 'issue_until';

function filtered(db: Q, h: DialectHelpers, f: ProgramFilter) {
  let q = db.selectFrom('voucher_programs');
  if (f.jurisdiction) q = q.where('jurisdiction_code', '=', f.jurisdiction);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where(h.query.containsInsensitive(sql.ref('name'), f.q));
  return q;
}

export function findById(db: Q, id: number) {
  return db.selectFrom('voucher_programs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getById(db: Q, id: number) {
  return db.selectFrom('voucher_programs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Row lock on PostgreSQL (SQLite runs one writer at a time anyway): writers of one programme queue on it. */
export function lock(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('voucher_programs').select('id').where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function list(
  db: Q,
  h: DialectHelpers,
  f: ProgramFilter,
  sort: { column: ProgramSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const base = filtered(db, h, f);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy(sql.ref(sort.column), sort.direction).orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function insert(db: Q, row: Insertable<VoucherProgramTable>) {
  return db.insertInto('voucher_programs').values(row).returning('id').executeTakeFirstOrThrow();
}

export function close(db: Q, id: number, at: string) {
  return db.updateTable('voucher_programs').set({ status: 'closed', updated_at: at }).where('id', '=', id).execute();
}

/** Completed redemptions less refunds, by programme. */
export function redeemedByProgram(db: Q, ids: number[]) {
  return db
    .selectFrom('redemptions')
    .select(['program_id', (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('s')])
    .where('program_id', 'in', ids)
    .where('status', '=', 'completed')
    .groupBy('program_id')
    .execute();
}

export function voucherCountByProgram(db: Q, ids: number[]) {
  return db
    .selectFrom('vouchers')
    .select(['program_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('program_id', 'in', ids)
    .groupBy('program_id')
    .execute();
}
