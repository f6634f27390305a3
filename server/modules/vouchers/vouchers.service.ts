// Innovation vouchers redeemable in all four jurisdictions (Decision art. 13, 通用通兑): the issued
// vouchers, who sees them, their wallet and lists, suspension, and expiry back to the budget.
// Programmes live in programs.service.ts, applications and issuance in applications.service.ts,
// redemption in redemptions.service.ts, settlement in settlements.service.ts. All money moves
// through ledger.ts.
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { account, balances, expiredFrom, post, voucherMoves } from './ledger';
import { administers, csv, isAdmin, ruleError } from './rules';
import * as repo from './vouchers.repository';
import { notices, notify, recipientsOf, yuanText } from '../notifications/notify';

export const VOUCHER = { zh: '创新券', en: 'voucher' };

async function voucherViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const db = deps.db.db;
  const [rows, bal, red, lapsed] = await Promise.all([
    repo.views(db, ids),
    balances(
      db,
      ids.map((id) => account.voucher(id)),
    ),
    repo.redeemedByVoucher(db, ids),
    expiredFrom(db, ids),
  ]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const v = byId.get(id)!;
      return {
        id,
        code: v.code,
        programId: Number(v.program_id),
        programName: v.program_name,
        jurisdictionCode: v.jurisdiction_code,
        holderOrgId: Number(v.holder_org_id),
        holderOrgName: v.holder_name,
        holderKind: v.holder_kind,
        teamName: v.team_name,
        faceValueFen: Number(v.face_value_fen),
        balanceFen: bal.get(account.voucher(id)) ?? 0,
        redeemedFen: Number(red.find((r) => Number(r.voucher_id) === id)?.s ?? 0),
        lapsedFen: -(lapsed.get(id) ?? 0),
        issuedAt: v.issued_at,
        expiresAt: v.expires_at,
        status: v.status,
        statusReason: v.status_reason,
        shareBp: Number(v.share_bp),
        redeemJurisdictions: csv(v.redeem_jurisdictions),
        eligibleCategories: csv(v.eligible_categories),
      };
    });
}

export type VoucherRow = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

/** The voucher's row, or undefined. */
export function loadVoucherRow(deps: Deps, id: number) {
  return repo.findById(deps.db.db, id);
}

/** The holder organisation's people, and the issuing jurisdiction's administrators. */
export function canSeeVoucher(a: Actor, v: { holder_org_id: number; jurisdiction_code: string }) {
  return a.organizationId === Number(v.holder_org_id) || administers(a, v.jurisdiction_code);
}

export async function getVoucher(deps: Deps, actor: Actor, id: number) {
  await expireDue(deps);
  const v = await loadVoucherRow(deps, id);
  if (!v || !canSeeVoucher(actor, v)) throw notFound(VOUCHER, id);
  const [view] = await voucherViews(deps, [id]);
  const moves = await voucherMoves(deps.db.db, id);
  let running = 0;
  const history = moves.map((m) => {
    running += Number(m.amount_fen);
    return {
      transactionId: Number(m.id),
      kind: m.kind,
      amountFen: Number(m.amount_fen),
      balanceAfterFen: running,
      redemptionId: m.redemption_id === null ? null : Number(m.redemption_id),
      memo: m.memo,
      // GET /api/vouchers/:id describes each movement in the reader's language (redemptions.voucherWithLedger).
      description: m.memo,
      at: m.created_at,
    };
  });
  return { ...view, history };
}

export async function lookupVoucher(deps: Deps, actor: Actor, code: string) {
  const v = await repo.findByCode(deps.db.db, code.trim().toUpperCase());
  // The code is the holder's proof: whoever holds it (a provider at checkout) may see the voucher.
  if (!v) throw notFound(VOUCHER, code);
  await expireDue(deps);
  return (await voucherViews(deps, [Number(v.id)]))[0];
}

export async function listVouchers(
  deps: Deps,
  actor: Actor,
  q: { scope?: 'mine' | 'managed'; programId?: number; status?: string; q?: string; sort?: string; page?: number; pageSize?: number },
) {
  await expireDue(deps);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(
    q.sort,
    { issuedAt: 'v.issued_at', expiresAt: 'v.expires_at', faceValue: 'v.face_value_fen', code: 'v.code', balance: 'balance' } as const,
    '-issuedAt',
  );
  const filter: repo.VoucherFilter = { programId: q.programId, status: q.status };
  const managed = (q.scope ?? (isAdmin(actor) ? 'managed' : 'mine')) === 'managed';
  if (managed) {
    if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
    if (actor.role !== 'platform_admin') filter.jurisdiction = actor.jurisdictionCode ?? '';
  } else filter.holderOrgId = actor.organizationId;
  if (q.q?.trim()) filter.codeContains = q.q.trim().toUpperCase().replace(/[%_]/g, '');
  const { ids, total } = await repo.list(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await voucherViews(deps, ids), total, page, pageSize };
}

export async function setVoucherStatus(deps: Deps, actor: Actor, id: number, action: 'suspend' | 'reinstate', input: { reason?: string }) {
  const v = await loadVoucherRow(deps, id);
  if (!v || !canSeeVoucher(actor, v)) throw notFound(VOUCHER, id);
  if (!administers(actor, v.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由发券地管理部门办理', en: 'The issuing jurisdiction decides this' } });
  const [from, to] = action === 'suspend' ? ['active', 'suspended'] : ['suspended', 'active'];
  if (v.status !== from) throw ruleError('voucher-state', `创新券状态为 ${v.status}`, `The voucher is ${v.status}`, { state: v.status });
  const at = isoNow(deps.clock);
  await inTransaction(deps, async (trx) => {
    const r = await repo.setStatus(trx, id, from, to, action === 'suspend' ? (input.reason?.trim() ?? '') : null, at);
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '创新券状态已变化', en: 'The voucher changed meanwhile' });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: `voucher.${action}`,
      entityType: 'voucher',
      entityId: id,
      jurisdictionCode: v.jurisdiction_code,
      change: { from, to, reason: input.reason ?? null },
    });
  });
  return getVoucher(deps, actor, id);
}

/** An administrator runs the expiry now (it also runs on a timer and before every voucher read). */
export async function runExpiry(deps: Deps, actor: Actor) {
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
  return expireDue(deps, actor);
}

/**
 * Expiry: every voucher past its date gives its unused balance back to its programme's budget.
 * Idempotent and safe across processes (the voucher row is locked and its status re-read).
 */
export async function expireDue(deps: Deps, actor: Actor | null = null): Promise<{ expired: number; returnedFen: number }> {
  const at = isoNow(deps.clock);
  const due = await repo.due(deps.db.db, at, 500);
  let expired = 0;
  let returnedFen = 0;
  for (const { id } of due) {
    const r = await inTransaction(deps, async (trx) => {
      await repo.lock(trx, deps.db.helpers, Number(id));
      const v = await repo.getById(trx, Number(id));
      if (!['active', 'suspended'].includes(v.status)) return 0;
      const bal = (await balances(trx, [account.voucher(Number(id))])).get(account.voucher(Number(id))) ?? 0;
      if (bal > 0) {
        await post(trx, {
          kind: 'expire',
          programId: Number(v.program_id),
          voucherId: Number(id),
          memo: 'expired',
          actorUserId: actor?.userId ?? null,
          at,
          entries: [
            { account: account.voucher(Number(id)), amountFen: -bal },
            { account: account.budget(Number(v.program_id)), amountFen: bal },
          ],
        });
      }
      await repo.markExpired(trx, Number(id), at);
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'voucher.expire',
        entityType: 'voucher',
        entityId: Number(id),
        jurisdictionCode: v.jurisdiction_code,
        change: { returnedFen: bal },
      });
      return bal;
    }).catch((e) => {
      // A deadlock skips the voucher for now: it stays due, and the next run expires it.
      if (deps.db.helpers.errors.isDeadlock(e)) return -1;
      throw e;
    });
    if (r >= 0) {
      expired++;
      returnedFen += r;
    }
  }
  return { expired, returnedFen };
}

/** Days before its expiry a voucher's holder is told (once) to use the balance. */
export const EXPIRY_NOTICE_DAYS = 7;

/**
 * Tells the holder (the applicant and the organisation's admins) once that a voucher with a
 * balance expires within EXPIRY_NOTICE_DAYS. Run by the server's minute timer (not before reads,
 * unlike expireDue). Safe across processes: the voucher row is locked and the notice looked for
 * before it is written.
 */
export async function warnExpiring(deps: Deps): Promise<number> {
  const at = isoNow(deps.clock);
  const until = new Date(Date.parse(at) + EXPIRY_NOTICE_DAYS * 86_400_000).toISOString();
  let warned = 0;
  for (const v of await repo.expiringBetween(deps.db.db, at, until, 500)) {
    const id = Number(v.id);
    const link = `/vouchers/wallet?voucher=${id}`;
    if (await notices.alreadySent(deps.db.db, 'voucher.expiring', link)) continue;
    warned += await inTransaction(deps, async (trx) => {
      await repo.lock(trx, deps.db.helpers, id);
      if (await notices.alreadySent(trx, 'voucher.expiring', link)) return 0;
      const bal = (await balances(trx, [account.voucher(id)])).get(account.voucher(id)) ?? 0;
      if (bal <= 0) return 0;
      const admins = await recipientsOf.orgUsers(trx, Number(v.holder_org_id), ['org_admin']);
      await notify(trx, at, {
        userIds: [Number(v.applicant_user_id), ...admins],
        kind: 'voucher.expiring',
        params: { program: v.program_name, expiresAt: v.expires_at, balance: yuanText(bal) },
        link,
      });
      return 1;
    });
  }
  return warned;
}
