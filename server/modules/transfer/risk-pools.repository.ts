// Every SQL statement of the risk-compensation pools and their movements (funding, payouts).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, PoolMovementTable, RiskPoolTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface PoolFilter {
  jurisdiction?: string;
  status?: string;
}

function filtered(db: Q, f: PoolFilter) {
  let q = db.selectFrom('risk_pools');
  if (f.jurisdiction) q = q.where('jurisdiction_code', '=', f.jurisdiction);
  if (f.status) q = q.where('status', '=', f.status);
  return q;
}

export async function list(db: Q, f: PoolFilter, limit: number, offset: number) {
  const base = filtered(db, f);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findById(db: Q, id: number) {
  return db.selectFrom('risk_pools').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByIdForUpdate(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('risk_pools').selectAll().where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function insert(db: Q, row: Insertable<RiskPoolTable>) {
  return db.insertInto('risk_pools').values(row).returning('id').executeTakeFirstOrThrow();
}

export function setFunded(db: Q, id: number, fundedFen: number, at: string) {
  return db.updateTable('risk_pools').set({ funded_fen: fundedFen, updated_at: at }).where('id', '=', id).execute();
}

export function setPaidOut(db: Q, id: number, paidOutFen: number, at: string) {
  return db.updateTable('risk_pools').set({ paid_out_fen: paidOutFen, updated_at: at }).where('id', '=', id).execute();
}

export function insertMovement(db: Q, row: Insertable<PoolMovementTable>) {
  return db.insertInto('pool_movements').values(row).execute();
}

/** The pool's latest movements, newest first. */
export function movements(db: Q, poolId: number, limit: number) {
  return db.selectFrom('pool_movements').selectAll().where('pool_id', '=', poolId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
