// Every SQL statement of contracts' schedules: instalments, the payments and compensations made to
// them, the licensee's revenue reports and the reminders sent.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ContractInstalmentTable, ContractPaymentTable, Database, RevenueReportTable } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Instalments still to be paid (a default or the sweep may yet act on them). */
export const OPEN = ['scheduled', 'overdue'];

export function insertAll(db: Q, rows: Array<Insertable<ContractInstalmentTable>>) {
  return db.insertInto('contract_instalments').values(rows).execute();
}

export function insert(db: Q, row: Insertable<ContractInstalmentTable>) {
  return db.insertInto('contract_instalments').values(row).execute();
}

/** One open instalment of the contract, if any is left. */
export function anyOpen(db: Q, contractId: number) {
  return db.selectFrom('contract_instalments').select('id').where('contract_id', '=', contractId).where('status', 'in', OPEN).executeTakeFirst();
}

/** The contract's open instalments in order. */
export function openOf(db: Q, contractId: number) {
  return db.selectFrom('contract_instalments').selectAll().where('contract_id', '=', contractId).where('status', 'in', OPEN).orderBy('seq').execute();
}

/** The open instalments with a due date (payable now), in order; or the one asked for. */
export function payable(db: Q, contractId: number, instalmentId?: number) {
  let q = db
    .selectFrom('contract_instalments')
    .selectAll()
    .where('contract_id', '=', contractId)
    .where('status', 'in', OPEN)
    .where('due_at', 'is not', null)
    .orderBy('seq');
  if (instalmentId) q = q.where('id', '=', instalmentId);
  return q.execute();
}

export function setPaid(db: Q, id: number, paidFen: number, status: string) {
  return db.updateTable('contract_instalments').set({ paid_fen: paidFen, status }).where('id', '=', id).execute();
}

export function setCompensated(db: Q, id: number, compensatedFen: number) {
  return db.updateTable('contract_instalments').set({ compensated_fen: compensatedFen }).where('id', '=', id).execute();
}

export function markDefaulted(db: Q, ids: number[]) {
  return db.updateTable('contract_instalments').set({ status: 'defaulted' }).where('id', 'in', ids).execute();
}

export function lastSeq(db: Q, contractId: number) {
  return db
    .selectFrom('contract_instalments')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('contract_id', '=', contractId)
    .executeTakeFirst();
}

/** Deferred until first revenue: the undated instalments fall due. */
export function dateUndated(db: Q, contractId: number, dueAt: string) {
  return db.updateTable('contract_instalments').set({ due_at: dueAt }).where('contract_id', '=', contractId).where('due_at', 'is', null).execute();
}

export function ofContracts(db: Q, contractIds: number[]) {
  return db.selectFrom('contract_instalments').selectAll().where('contract_id', 'in', contractIds).orderBy('seq').execute();
}

// ---- payments and revenue reports --------------------------------------------------------------

export function insertPayment(db: Q, row: Insertable<ContractPaymentTable>) {
  return db.insertInto('contract_payments').values(row).execute();
}

export function paymentsOf(db: Q, contractIds: number[]) {
  return db.selectFrom('contract_payments').selectAll().where('contract_id', 'in', contractIds).orderBy('created_at').orderBy('id').execute();
}

export function reportOfPeriod(db: Q, contractId: number, period: string) {
  return db.selectFrom('revenue_reports').select('id').where('contract_id', '=', contractId).where('period', '=', period).executeTakeFirst();
}

export function insertReport(db: Q, row: Insertable<RevenueReportTable>) {
  return db.insertInto('revenue_reports').values(row).returning('id').executeTakeFirstOrThrow();
}

export function reportsOf(db: Q, contractIds: number[]) {
  return db.selectFrom('revenue_reports').selectAll().where('contract_id', 'in', contractIds).orderBy('period').execute();
}

// ---- reminders and the sweep -------------------------------------------------------------------

/** Scheduled instalments due by `soon` not yet reminded of. */
export function dueSoon(db: Q, soon: string, limit: number) {
  return db
    .selectFrom('contract_instalments as i')
    .innerJoin('contracts as c', 'c.id', 'i.contract_id')
    .select(['i.id', 'i.contract_id', 'i.seq', 'i.due_at', 'i.amount_fen', 'i.paid_fen', 'c.contract_no', 'c.licensee_org_id', 'c.licensor_org_id'])
    .where('i.status', '=', 'scheduled')
    .where('i.due_at', '<=', soon)
    .where('i.reminded_at', 'is', null)
    .limit(limit)
    .execute();
}

/** Scheduled instalments past their due date. */
export function pastDue(db: Q, at: string, limit: number) {
  return db
    .selectFrom('contract_instalments as i')
    .innerJoin('contracts as c', 'c.id', 'i.contract_id')
    .select(['i.id', 'i.contract_id', 'i.seq', 'i.due_at', 'i.amount_fen', 'i.paid_fen', 'c.contract_no', 'c.licensee_org_id', 'c.licensor_org_id'])
    .where('i.status', '=', 'scheduled')
    .where('i.due_at', '<', at)
    .limit(limit)
    .execute();
}

/** Sets the reminder time once; the number of rows changed (0 when another sweep did it). */
export async function markReminded(db: Q, id: number, at: string) {
  const n = await db.updateTable('contract_instalments').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(n.numUpdatedRows);
}

/** Marks a scheduled instalment overdue; the number of rows changed (0 when another sweep did it). */
export async function markOverdue(db: Q, id: number, at: string) {
  const n = await db
    .updateTable('contract_instalments')
    .set({ status: 'overdue', overdue_at: at })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(n.numUpdatedRows);
}

export function insertReminder(db: Q, row: { contract_id: number; instalment_id: number; kind: string; created_at: string }) {
  return db.insertInto('contract_reminders').values(row).execute();
}

export function remindersOf(db: Q, contractIds: number[]) {
  return db.selectFrom('contract_reminders').selectAll().where('contract_id', 'in', contractIds).orderBy('created_at').orderBy('id').execute();
}
