// Every SQL statement of the voucher ledger: writing balanced transactions, the sums balances and
// figures are read from, and the reads of its verification (ledger.ts holds the rules).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, LedgerTransactionTable } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Entries with their transaction (kind, voucher, redemption, memo, time). */
const entriesWithTransaction = (db: Q) => db.selectFrom('ledger_transactions as t').innerJoin('ledger_entries as e', 'e.transaction_id', 't.id');

// ---- writing ------------------------------------------------------------------------------

export function insertTransaction(db: Q, row: Insertable<LedgerTransactionTable>) {
  return db.insertInto('ledger_transactions').values(row).returning('id').executeTakeFirstOrThrow();
}

export function insertEntries(db: Q, rows: Array<{ transaction_id: number; account: string; amount_fen: number }>) {
  return db.insertInto('ledger_entries').values(rows).execute();
}

// ---- balances -----------------------------------------------------------------------------

export function sumOf(db: Q, account: string) {
  return db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('b'))
    .where('account', '=', account)
    .executeTakeFirstOrThrow();
}

export function sumsOf(db: Q, accounts: string[]) {
  return db
    .selectFrom('ledger_entries')
    .select(['account', (eb) => eb.fn.sum<number>('amount_fen').as('b')])
    .where('account', 'in', accounts)
    .groupBy('account')
    .execute();
}

export function sumsLike(db: Q, prefix: string) {
  return db
    .selectFrom('ledger_entries')
    .select(['account', (eb) => eb.fn.sum<number>('amount_fen').as('b')])
    .where('account', 'like', `${prefix}%`)
    .groupBy('account')
    .execute();
}

// ---- figures for the views ------------------------------------------------------------------

/** Sums per account and transaction kind (a programme's budget: funded, issued, lapsed). */
export function sumsByKind(db: Q, accounts: string[]) {
  return entriesWithTransaction(db)
    .select(['e.account', 't.kind', (eb) => eb.fn.sum<number>('e.amount_fen').as('s')])
    .where('e.account', 'in', accounts)
    .groupBy(['e.account', 't.kind'])
    .execute();
}

/** What expiry took off each voucher's account (negative sums), by voucher. */
export function expiredFromVouchers(db: Q, voucherIds: number[], voucherAccounts: string[]) {
  return entriesWithTransaction(db)
    .select(['t.voucher_id', (eb) => eb.fn.sum<number>('e.amount_fen').as('s')])
    .where('t.kind', '=', 'expire')
    .where('t.voucher_id', 'in', voucherIds)
    .where('e.account', 'in', voucherAccounts)
    .groupBy('t.voucher_id')
    .execute();
}

/** The movements of one voucher's account, oldest first. */
export function movesOf(db: Q, voucherId: number, voucherAccount: string) {
  return entriesWithTransaction(db)
    .select(['t.id', 't.kind', 't.redemption_id', 't.memo', 't.created_at', 'e.amount_fen'])
    .where('t.voucher_id', '=', voucherId)
    .where('e.account', '=', voucherAccount)
    .orderBy('t.id')
    .execute();
}

// ---- verification -------------------------------------------------------------------------

export function entryCounts(db: Q) {
  return db
    .selectFrom('ledger_entries')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('account').distinct().as('a')])
    .executeTakeFirstOrThrow();
}

export function transactionCount(db: Q) {
  return db
    .selectFrom('ledger_transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
}

/** Transactions whose entries do not sum to zero, or that have fewer than two entries. */
export function unbalancedTransactions(db: Q) {
  return db
    .selectFrom('ledger_transactions as t')
    .leftJoin('ledger_entries as e', 'e.transaction_id', 't.id')
    .select(['t.id', 't.kind', (eb) => eb.fn.coalesce(eb.fn.sum<number>('e.amount_fen'), eb.lit(0)).as('s'), (eb) => eb.fn.count<number>('e.id').as('n')])
    .groupBy(['t.id', 't.kind'])
    .having((eb) => eb.or([eb(eb.fn.coalesce(eb.fn.sum<number>('e.amount_fen'), eb.lit(0)), '<>', 0), eb(eb.fn.count('e.id'), '<', 2)]))
    .execute();
}

export function allBalances(db: Q) {
  return db
    .selectFrom('ledger_entries')
    .select(['account', (eb) => eb.fn.sum<number>('amount_fen').as('b')])
    .groupBy('account')
    .execute();
}

export function voucherRecords(db: Q) {
  return db.selectFrom('vouchers').select(['id', 'face_value_fen', 'status']).execute();
}

/** Completed redemptions less refunds, by voucher. */
export function netRedeemedByVoucher(db: Q) {
  return db
    .selectFrom('redemptions')
    .select(['voucher_id', (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('net')])
    .where('status', '=', 'completed')
    .groupBy('voucher_id')
    .execute();
}

/** Expiry sums on voucher accounts, by the transaction's voucher and the account. */
export function expiredByVoucherAccount(db: Q) {
  return entriesWithTransaction(db)
    .select(['t.voucher_id', 'e.account', (eb) => eb.fn.sum<number>('e.amount_fen').as('s')])
    .where('t.kind', '=', 'expire')
    .where('e.account', 'like', 'voucher:%')
    .groupBy(['t.voucher_id', 'e.account'])
    .execute();
}

/** Completed, not yet settled redemptions less refunds, by provider and issuing jurisdiction. */
export function unsettledByReceivable(db: Q) {
  return db
    .selectFrom('redemptions')
    .select(['provider_id', 'issuer_jurisdiction', (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('net')])
    .where('status', '=', 'completed')
    .where('settlement_id', 'is', null)
    .groupBy(['provider_id', 'issuer_jurisdiction'])
    .execute();
}

export function settledByProvider(db: Q) {
  return db
    .selectFrom('settlement_lines')
    .select(['provider_id', (eb) => eb.fn.sum<number>('amount_fen').as('s')])
    .groupBy('provider_id')
    .execute();
}
