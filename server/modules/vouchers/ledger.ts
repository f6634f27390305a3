// The voucher ledger: every movement of money is one balanced transaction of signed entries
// (they sum to zero); a balance is the sum of an account's entries and is never stored alone.
//
// Accounts (value flows from the appropriation of a jurisdiction, which goes negative):
//   appropriation:J      what jurisdiction J has put into its programmes (≤ 0)
//   budget:P             programme P's uncommitted budget (≥ 0)
//   voucher:V            voucher V's balance (≥ 0)
//   receivable:R:J       what provider R is owed for vouchers issued by J, not yet settled (≥ 0)
//   paid:R               what settlements have assigned to provider R (≥ 0)
//   clearing:A:B         what jurisdiction A owes jurisdiction B after settlements; mirrored by
//                        clearing:B:A, so each pair sums to zero
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';
import { assertFen } from '../../platform/money';
import * as repo from './ledger.repository';

type Q = Kysely<Database> | Transaction<Database>;

export const account = {
  appropriation: (j: string) => `appropriation:${j}`,
  budget: (programId: number) => `budget:${programId}`,
  voucher: (voucherId: number) => `voucher:${voucherId}`,
  receivable: (providerId: number, issuer: string) => `receivable:${providerId}:${issuer}`,
  paid: (providerId: number) => `paid:${providerId}`,
  clearing: (from: string, to: string) => `clearing:${from}:${to}`,
};

export type TransactionKind = 'fund' | 'issue' | 'redeem' | 'reverse' | 'refund' | 'expire' | 'settle';

export interface Posting {
  kind: TransactionKind;
  programId?: number | null;
  voucherId?: number | null;
  redemptionId?: number | null;
  settlementId?: number | null;
  memo?: string;
  actorUserId?: number | null;
  at: string;
  entries: Array<{ account: string; amountFen: number }>;
}

/** Writes one balanced transaction (refuses an unbalanced one before touching the database). */
export async function post(trx: Transaction<Database>, p: Posting): Promise<number> {
  const entries = p.entries.filter((e) => e.amountFen !== 0);
  let sum = 0;
  for (const e of entries) sum += assertFen(e.amountFen);
  if (sum !== 0) throw new Error(`unbalanced ledger transaction ${p.kind}: entries sum to ${sum}`);
  if (entries.length < 2) throw new Error(`ledger transaction ${p.kind} needs at least two non-zero entries`);
  const { id } = await repo.insertTransaction(trx, {
    kind: p.kind,
    program_id: p.programId ?? null,
    voucher_id: p.voucherId ?? null,
    redemption_id: p.redemptionId ?? null,
    settlement_id: p.settlementId ?? null,
    memo: p.memo ?? '',
    actor_user_id: p.actorUserId ?? null,
    created_at: p.at,
  });
  await repo.insertEntries(
    trx,
    entries.map((e) => ({ transaction_id: Number(id), account: e.account, amount_fen: e.amountFen })),
  );
  return Number(id);
}

export async function balance(db: Q, acct: string): Promise<number> {
  const r = await repo.sumOf(db, acct);
  return Number(r.b);
}

export async function balances(db: Q, accts: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(accts.map((a) => [a, 0]));
  if (accts.length === 0) return out;
  const rows = await repo.sumsOf(db, accts);
  for (const r of rows) out.set(r.account, Number(r.b));
  return out;
}

/** Sums of the accounts whose name starts with a prefix (e.g. every receivable of a provider). */
export async function balancesLike(db: Q, prefix: string): Promise<Map<string, number>> {
  const rows = await repo.sumsLike(db, prefix);
  return new Map(rows.map((r) => [r.account, Number(r.b)]));
}

/** Per account, the sums of its entries by transaction kind (a budget: what was funded, issued, lapsed). */
export async function sumsByKind(db: Q, accts: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (accts.length === 0) return out;
  for (const r of await repo.sumsByKind(db, accts)) {
    const byKind = out.get(r.account) ?? new Map<string, number>();
    byKind.set(r.kind, Number(r.s));
    out.set(r.account, byKind);
  }
  return out;
}

/** What expiry took off each voucher's own account (a negative sum), by voucher; vouchers without any are left out. */
export async function expiredFrom(db: Q, voucherIds: number[]): Promise<Map<number, number>> {
  if (voucherIds.length === 0) return new Map();
  const rows = await repo.expiredFromVouchers(
    db,
    voucherIds,
    voucherIds.map((id) => account.voucher(id)),
  );
  return new Map(rows.map((r) => [Number(r.voucher_id), Number(r.s)]));
}

/** The movements of a voucher's account, oldest first. */
export function voucherMoves(db: Q, voucherId: number) {
  return repo.movesOf(db, voucherId, account.voucher(voucherId));
}

export interface LedgerProblem {
  check: string;
  detail: string;
}

/**
 * Checks the whole ledger: every transaction balances; no account is on the wrong side of zero;
 * every voucher's balance equals what its records say (face value − redeemed + refunded − lapsed);
 * every receivable equals the unsettled redemptions; clearing pairs mirror each other.
 */
export async function verifyLedger(db: Q): Promise<{ transactions: number; entries: number; accounts: number; problems: LedgerProblem[] }> {
  const problems: LedgerProblem[] = [];
  const counts = await repo.entryCounts(db);
  const txCount = await repo.transactionCount(db);

  const unbalanced = await repo.unbalancedTransactions(db);
  for (const u of unbalanced)
    problems.push({ check: 'balanced', detail: `transaction ${u.id} (${u.kind}) sums to ${Number(u.s)} over ${Number(u.n)} entries` });

  const all = await repo.allBalances(db);
  const bal = new Map(all.map((r) => [r.account, Number(r.b)]));
  for (const [acct, b] of bal) {
    const kind = acct.split(':')[0];
    if (['budget', 'voucher', 'receivable', 'paid'].includes(kind) && b < 0) problems.push({ check: 'sign', detail: `${acct} is negative (${b})` });
    if (kind === 'appropriation' && b > 0) problems.push({ check: 'sign', detail: `${acct} is positive (${b})` });
    if (kind === 'clearing') {
      const [, a, c] = acct.split(':');
      const mirror = bal.get(account.clearing(c, a)) ?? 0;
      if (b + mirror !== 0) problems.push({ check: 'clearing-mirror', detail: `${acct} (${b}) and its mirror (${mirror}) do not cancel` });
    }
  }

  // Vouchers: the ledger against the records.
  const vouchers = await repo.voucherRecords(db);
  const redeemed = await repo.netRedeemedByVoucher(db);
  const netRedeemed = new Map(redeemed.map((r) => [Number(r.voucher_id), Number(r.net)]));
  const lapsedRows = await repo.expiredByVoucherAccount(db);
  const lapsed = new Map<number, number>();
  for (const r of lapsedRows) if (r.account === account.voucher(Number(r.voucher_id))) lapsed.set(Number(r.voucher_id), -Number(r.s));
  for (const v of vouchers) {
    const id = Number(v.id);
    const expected = Number(v.face_value_fen) - (netRedeemed.get(id) ?? 0) - (lapsed.get(id) ?? 0);
    const actual = bal.get(account.voucher(id)) ?? 0;
    if (expected !== actual) problems.push({ check: 'voucher-balance', detail: `voucher ${id}: ledger ${actual}, records ${expected}` });
    if (v.status === 'expired' && actual !== 0) problems.push({ check: 'voucher-expired', detail: `voucher ${id} is expired but holds ${actual}` });
  }

  // Receivables: the ledger against the unsettled redemptions.
  const open = await repo.unsettledByReceivable(db);
  const expectedReceivable = new Map(open.map((r) => [account.receivable(Number(r.provider_id), r.issuer_jurisdiction), Number(r.net)]));
  for (const [acct, b] of bal) if (acct.startsWith('receivable:') && !expectedReceivable.has(acct) && b !== 0) expectedReceivable.set(acct, 0);
  for (const [acct, expected] of expectedReceivable) {
    const actual = bal.get(acct) ?? 0;
    if (expected !== actual) problems.push({ check: 'receivable', detail: `${acct}: ledger ${actual}, unsettled redemptions ${expected}` });
  }

  // Settlements: what was paid equals the settlement lines.
  const lines = await repo.settledByProvider(db);
  const paidExpected = new Map(lines.map((l) => [account.paid(Number(l.provider_id)), Number(l.s)]));
  for (const acct of bal.keys()) if (acct.startsWith('paid:') && !paidExpected.has(acct)) paidExpected.set(acct, 0);
  for (const [acct, expected] of paidExpected) {
    const actual = bal.get(acct) ?? 0;
    if (expected !== actual) problems.push({ check: 'settlement', detail: `${acct}: ledger ${actual}, settlement lines ${expected}` });
  }

  return { transactions: Number(txCount.n), entries: Number(counts.n), accounts: Number(counts.a), problems };
}
