// Redemption of innovation vouchers (Decision art. 13, 通用通兑): a voucher pays its share of a
// completed booking or service order with a listed provider recognised by the issuing
// jurisdiction — idempotent (Idempotency-Key), never overspending a voucher, a cap or a budget —
// and the reversal or refund of a redemption before its period is settled. All money moves
// through ledger.ts.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { Actor } from '../../platform/access';
import { canonicalJson, recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { bookingCharge, bookingLabels } from '../bookings/bookings.service';
import { account, balances, post } from './ledger';
import { BOOKING_CATEGORY, CATEGORY_NAMES, JURISDICTION_NAMES, administers, csv, fenText, isAdmin, periodOf, ruleError, yearBounds } from './rules';
import { affiliationBetween } from './affiliations.service';
import { orderCharge } from './orders.service';
import { providerById, providerByOrganization, recognitionDecision } from './providers.service';
import { settlementOfPeriod } from './settlements.service';
import { VOUCHER, canSeeVoucher, expireDue, getVoucher, loadVoucherRow, type VoucherRow } from './vouchers.service';
import * as programs from './programs.repository';
import * as vouchers from './vouchers.repository';
import * as repo from './redemptions.repository';
import { notices, notify, recipientsOf, yuanText } from '../notifications/notify';

type Q = Kysely<Database> | Transaction<Database>;

const REDEMPTION = { zh: '兑付记录', en: 'redemption' };
const jName = (j: string) => JURISDICTION_NAMES[j] ?? { zh: j, en: j, prefix: j };

export interface RedemptionInput {
  bookingId?: number;
  orderId?: number;
  amountFen?: number;
  voucherCode?: string;
}

/** What is paid for: a completed booking or service order, with its provider. */
interface Source {
  kind: 'booking' | 'order';
  id: number;
  feeFen: number;
  payerOrgId: number;
  providerId: number;
  providerOrgId: number;
  providerName: string;
  providerJurisdiction: string;
  providerStatus: string;
  category: string;
  label: string;
}

async function resolveSource(deps: Deps, input: RedemptionInput): Promise<Source> {
  if ((input.bookingId === undefined) === (input.orderId === undefined)) throw invalid([{ field: 'body:/bookingId', code: 'value-invalid' }]);
  let base: Omit<Source, 'providerId' | 'providerName' | 'providerJurisdiction' | 'providerStatus' | 'providerOrgId'> & {
    providerOrgId: number | null;
    providerId: number | null;
  };
  if (input.bookingId !== undefined) {
    const b = await bookingCharge(deps, input.bookingId);
    if (!b) throw notFound({ zh: '预约', en: 'booking' }, input.bookingId);
    if (b.status !== 'completed' || b.chargeFen === null)
      throw ruleError('source-not-completed', '只能为已完成并已计费的预约兑付', 'Only a completed, charged booking can be paid with a voucher', {
        state: b.status,
      });
    const label = (await bookingLabels(deps, [input.bookingId])).get(input.bookingId);
    base = {
      kind: 'booking',
      id: input.bookingId,
      feeFen: b.chargeFen,
      payerOrgId: b.payerOrganizationId,
      providerOrgId: b.providerOrganizationId,
      providerId: null,
      category: BOOKING_CATEGORY,
      label: label ?? '',
    };
  } else {
    const o = await orderCharge(deps, input.orderId!);
    if (!o) throw notFound({ zh: '服务订单', en: 'service order' }, input.orderId!);
    if (o.status !== 'completed')
      throw ruleError('source-not-completed', '只能为已完成的服务订单兑付', 'Only a completed service order can be paid with a voucher', { state: o.status });
    base = {
      kind: 'order',
      id: input.orderId!,
      feeFen: o.amountFen,
      payerOrgId: o.buyerOrgId,
      providerOrgId: null,
      providerId: o.providerId,
      category: o.category,
      label: o.label,
    };
  }
  const prov =
    base.providerId !== null
      ? await providerById(deps, base.providerId)
      : base.providerOrgId !== null
        ? await providerByOrganization(deps, base.providerOrgId)
        : undefined;
  if (!prov) throw ruleError('provider-not-recognised', '该服务方不是认定的服务机构，不能兑付创新券', 'The service was not given by a recognised provider', {});
  const org = await repo.providerName(deps.db.db, Number(prov.organization_id));
  return {
    ...base,
    providerId: Number(prov.id),
    providerOrgId: Number(prov.organization_id),
    providerName: org.name,
    providerJurisdiction: prov.jurisdiction_code,
    providerStatus: prov.status,
  };
}

interface Split {
  feeFen: number;
  shareLimitFen: number;
  balanceFen: number;
  capRemainingFen: number;
  payableFen: number;
  copayFen: number;
  limitedBy: 'share' | 'balance' | 'cap';
}

/** Every rule of a redemption, checked against the state inside the caller's transaction (or outside, for a quote). */
async function assess(deps: Deps, db: Q, v: VoucherRow, src: Source, requested: number | undefined, at: string): Promise<Split> {
  const p = await programs.getById(db, Number(v.program_id));
  if (v.status === 'suspended')
    throw ruleError(
      'voucher-suspended',
      `创新券已暂停使用${v.status_reason ? '：' + v.status_reason : ''}`,
      `The voucher is suspended${v.status_reason ? ': ' + v.status_reason : ''}`,
    );
  if (v.status === 'expired' || at >= v.expires_at)
    throw ruleError('voucher-expired', `创新券已于 ${v.expires_at.slice(0, 10)} 到期`, `The voucher expired on ${v.expires_at.slice(0, 10)}`, {
      expiresAt: v.expires_at,
    });
  if (src.payerOrgId !== Number(v.holder_org_id))
    throw ruleError('not-holder', '这项服务不是持券单位购买的', 'The service was not bought by the voucher’s holder');
  if (src.providerOrgId === Number(v.holder_org_id))
    throw ruleError('related-party', '不能向本单位兑付创新券', 'A voucher cannot pay its holder’s own organisation');
  const aff = await affiliationBetween(db, src.providerOrgId, Number(v.holder_org_id));
  if (aff)
    throw ruleError('related-party', '服务机构与持券单位为关联方，不能兑付', 'The provider and the holder are declared affiliates', {
      affiliationId: Number(aff.id),
    });
  if (src.providerStatus !== 'listed')
    throw ruleError('provider-not-recognised', `服务机构当前不在名录中（${src.providerStatus}）`, `The provider is not listed (${src.providerStatus})`, {
      providerStatus: src.providerStatus,
    });
  const allowed = csv(p.redeem_jurisdictions);
  if (!allowed.includes(src.providerJurisdiction)) {
    throw ruleError(
      'jurisdiction-not-allowed',
      `本券只能在 ${allowed.map((j) => jName(j).zh).join('、')} 的服务机构兑付`,
      `This voucher is redeemable with providers in ${allowed.map((j) => jName(j).en).join(', ')} only`,
      {
        redeemJurisdictions: allowed,
        providerJurisdiction: src.providerJurisdiction,
      },
    );
  }
  if (src.providerJurisdiction !== v.jurisdiction_code) {
    const r = await recognitionDecision(db, src.providerId, v.jurisdiction_code);
    if (r?.decision !== 'recognised') {
      throw ruleError(
        'provider-not-recognised',
        `发券地${jName(v.jurisdiction_code).zh}${r ? '已拒绝' : '尚未'}互认该服务机构`,
        `${jName(v.jurisdiction_code).en} has ${r ? 'declined to recognise' : 'not recognised'} this provider`,
        { decision: r?.decision ?? null },
      );
    }
  }
  const cats = csv(p.eligible_categories);
  if (!cats.includes(src.category)) {
    const n = CATEGORY_NAMES[src.category as keyof typeof CATEGORY_NAMES] ?? { zh: src.category, en: src.category };
    throw ruleError('category-not-eligible', `本券不支持「${n.zh}」类服务`, `This voucher does not cover ${n.en}`, {
      category: src.category,
      eligibleCategories: cats,
    });
  }
  await assertNoIntegrityBar(db, { organizationId: Number(v.holder_org_id) }, 'receive_voucher', at);
  await assertNoIntegrityBar(db, { organizationId: src.providerOrgId }, 'provide_services', at);
  const live = await repo.findLive(db, src.kind, src.id);
  if (live)
    throw conflict(
      { zh: '这项服务已用创新券支付', en: 'This service has already been paid with a voucher' },
      { rule: 'already-redeemed', redemptionId: Number(live.id) },
    );
  const locked = await settlementOfPeriod(db, periodOf(at), v.jurisdiction_code);
  if (locked)
    throw conflict(
      { zh: `${periodOf(at)} 已结算，本期不能再兑付`, en: `${periodOf(at)} is settled; no more redemptions in it` },
      { rule: 'period-locked', settlementId: Number(locked.id) },
    );

  const balanceFen = (await balances(db, [account.voucher(Number(v.id))])).get(account.voucher(Number(v.id))) ?? 0;
  const shareLimitFen = Math.floor((src.feeFen * Number(p.share_bp)) / 10_000);
  let capRemainingFen: number;
  if (v.holder_kind === 'team') {
    const used = await repo.redeemedByTeam(db, Number(p.id), Number(v.holder_org_id), v.team_name ?? '');
    capRemainingFen = Number(p.cap_team_fen) - Number(used.s);
  } else {
    const y = yearBounds(at);
    // The enterprise's own vouchers only: its teams have their own cap (as at issuance).
    const used = await repo.redeemedByEnterprise(db, Number(p.id), Number(v.holder_org_id), y.from, y.to);
    capRemainingFen = Number(p.cap_enterprise_year_fen) - Number(used.s);
  }
  capRemainingFen = Math.max(0, capRemainingFen);
  const max = Math.min(shareLimitFen, balanceFen, capRemainingFen);
  const limitedBy: Split['limitedBy'] = max === shareLimitFen ? 'share' : max === balanceFen ? 'balance' : 'cap';
  const amount = requested ?? max;
  const tooMuch = (rule: string, limit: number, zh: string, en: string) =>
    ruleError(rule, `${zh}：至多 ${fenText(limit)} 元`, `${en}: at most ${fenText(limit)} yuan`, { limitFen: limit, requestedFen: amount });
  if (amount > shareLimitFen)
    throw tooMuch(
      'share-exceeded',
      shareLimitFen,
      `创新券至多支付服务费的 ${Number(p.share_bp) / 100}%`,
      `A voucher pays at most ${Number(p.share_bp) / 100}% of the fee`,
    );
  if (amount > capRemainingFen)
    throw tooMuch(
      'cap-exceeded',
      capRemainingFen,
      v.holder_kind === 'team' ? '超出团队额度' : '超出企业年度额度',
      v.holder_kind === 'team' ? 'Over the team’s cap' : 'Over the enterprise’s yearly cap',
    );
  if (amount > balanceFen) throw tooMuch('insufficient-balance', balanceFen, '创新券余额不足', 'The voucher’s balance is not enough');
  if (amount <= 0) {
    if (balanceFen <= 0) throw ruleError('insufficient-balance', '创新券余额为零', 'The voucher has no balance left', { limitFen: 0 });
    if (capRemainingFen <= 0) throw ruleError('cap-exceeded', '额度已用完', 'The cap is used up', { limitFen: 0 });
    throw ruleError('share-exceeded', '该笔服务费太小，创新券不能支付', 'The fee is too small for the voucher to pay a share', { limitFen: 0 });
  }
  return { feeFen: src.feeFen, shareLimitFen, balanceFen, capRemainingFen, payableFen: amount, copayFen: src.feeFen - amount, limitedBy };
}

/** Who may redeem: the holder's people; or the provider's people showing the voucher's code (checkout). */
function canRedeem(actor: Actor, v: VoucherRow, src: Source | null, code: string | undefined) {
  if (isAdmin(actor)) return false;
  if (actor.organizationId === Number(v.holder_org_id)) return true;
  return !!src && actor.organizationId === src.providerOrgId && !!code && code.trim().toUpperCase() === v.code;
}

export async function quoteRedemption(deps: Deps, actor: Actor, id: number, input: RedemptionInput) {
  await expireDue(deps);
  const v = await loadVoucherRow(deps, id);
  if (!v) throw notFound(VOUCHER, id);
  const src = await resolveSource(deps, input).catch((e) => {
    if (!canSeeVoucher(actor, v) && !input.voucherCode) throw notFound(VOUCHER, id);
    throw e;
  });
  if (!canRedeem(actor, v, src, input.voucherCode) && !canSeeVoucher(actor, v)) throw notFound(VOUCHER, id);
  const split = await assess(deps, deps.db.db, v, src, input.amountFen, isoNow(deps.clock));
  return { ...split, providerId: src.providerId, providerName: src.providerName, providerJurisdiction: src.providerJurisdiction, category: src.category };
}

const SOURCE_NOUN = { booking: { zh: '预约', en: 'Booking' }, order: { zh: '服务订单', en: 'Service order' } } as const;
const MOVE_TEXT: Record<string, { zh: string; en: string }> = {
  issue: { zh: '发放', en: 'Issued' },
  expire: { zh: '到期失效，余额退回预算', en: 'Expired; the balance went back to the budget' },
};

/**
 * A voucher with its ledger history, each movement described in the reader's language:
 * "预约 #3 · 液质联用仪 · 上海" / "Booking #3 · <resource> · Shanghai" for what a redemption paid
 * (its reversal or refund adds the reason given), fixed words for issue and expiry.
 */
export async function voucherWithLedger(deps: Deps, actor: Actor, id: number, lang: 'zh' | 'en') {
  const v = await getVoucher(deps, actor, id);
  const rids = [...new Set(v.history.map((m) => m.redemptionId).filter((x): x is number => x !== null))];
  const views = await redemptionViews(deps, rids);
  const byId = new Map(views.map((r) => [r.id, r]));
  return {
    ...v,
    history: v.history.map((m) => {
      const r = m.redemptionId === null ? undefined : byId.get(m.redemptionId);
      let description = MOVE_TEXT[m.kind]?.[lang] ?? m.memo;
      if (r) {
        const noun = SOURCE_NOUN[r.sourceKind as 'booking' | 'order']?.[lang] ?? r.sourceKind;
        const where = JURISDICTION_NAMES[r.providerJurisdiction]?.[lang] ?? r.providerJurisdiction;
        description = [`${noun} #${r.sourceId}`, r.sourceLabel, where].filter(Boolean).join(' · ');
        if ((m.kind === 'reverse' || m.kind === 'refund') && m.memo) description += lang === 'zh' ? `（${m.memo}）` : ` (${m.memo})`;
      }
      return { ...m, description };
    }),
  };
}

async function redemptionViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const rows = await repo.views(deps.db.db, ids);
  // What a booking was for is the bookings module's to say (the product of an order is ours).
  const labels = await bookingLabels(
    deps,
    rows.filter((r) => r.source_kind === 'booking').map((r) => Number(r.source_id)),
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const r = byId.get(id)!;
      return {
        id,
        voucherId: Number(r.voucher_id),
        voucherCode: r.code,
        programId: Number(r.program_id),
        programName: r.program_name,
        holderOrgId: Number(r.holder_org_id),
        holderOrgName: r.holder_name,
        providerId: Number(r.provider_id),
        providerName: r.provider_name,
        issuerJurisdiction: r.issuer_jurisdiction,
        providerJurisdiction: r.provider_jurisdiction,
        sourceKind: r.source_kind,
        sourceId: Number(r.source_id),
        sourceLabel: (r.source_kind === 'booking' ? labels.get(Number(r.source_id)) : r.product_name) ?? '',
        category: r.category,
        feeFen: Number(r.fee_fen),
        amountFen: Number(r.amount_fen),
        refundedFen: Number(r.refunded_fen),
        copayFen: Number(r.fee_fen) - Number(r.amount_fen) + Number(r.refunded_fen),
        status: r.status,
        period: r.period,
        settlementId: r.settlement_id === null ? null : Number(r.settlement_id),
        createdAt: r.created_at,
      };
    });
}

export async function redeem(
  deps: Deps,
  actor: Actor,
  id: number,
  key: string | undefined,
  input: RedemptionInput,
): Promise<{ replayed: boolean; redemption: Awaited<ReturnType<typeof redemptionViews>>[number] }> {
  const idem = key?.trim() ?? '';
  if (!idem || idem.length > 200) throw invalid([{ field: 'header:/idempotency-key', code: 'value-invalid' }]);
  await expireDue(deps);
  const v0 = await loadVoucherRow(deps, id);
  if (!v0) throw notFound(VOUCHER, id);
  const requestHash = createHash('sha256')
    .update(canonicalJson({ bookingId: input.bookingId ?? null, orderId: input.orderId ?? null, amountFen: input.amountFen ?? null }))
    .digest('hex');
  const replay = async () => {
    const r = await repo.findByKey(deps.db.db, id, idem);
    if (!r) return null;
    if (r.request_hash !== requestHash) throw new AppError('idempotency-key-reused', {}, [], { redemptionId: Number(r.id) });
    return { replayed: true, redemption: (await redemptionViews(deps, [Number(r.id)]))[0] };
  };
  // A repeated key answers with what the first request did, before anything else is checked.
  if (canSeeVoucher(actor, v0) || input.voucherCode) {
    const first = await replay();
    if (first && (canSeeVoucher(actor, v0) || input.voucherCode?.trim().toUpperCase() === v0.code)) return first;
  }
  let src: Source;
  try {
    src = await resolveSource(deps, input);
  } catch (e) {
    if (!canSeeVoucher(actor, v0) && !input.voucherCode) throw notFound(VOUCHER, id);
    throw e;
  }
  if (!canRedeem(actor, v0, src, input.voucherCode)) throw notFound(VOUCHER, id);

  let out: { replayed: boolean; id: number };
  try {
    out = await inTransaction(
      deps,
      async (trx) => {
        const at = isoNow(deps.clock);
        // Writers of one programme queue on its row (caps span its vouchers), then on the voucher's.
        await programs.lock(trx, deps.db.helpers, Number(v0.program_id));
        await vouchers.lock(trx, deps.db.helpers, id);
        const dup = await repo.findByKey(trx, id, idem);
        if (dup) {
          if (dup.request_hash !== requestHash) throw new AppError('idempotency-key-reused', {}, [], { redemptionId: Number(dup.id) });
          return { replayed: true, id: Number(dup.id) };
        }
        const v = await vouchers.getById(trx, id);
        const split = await assess(deps, trx, v, src, input.amountFen, at);
        const row = {
          voucher_id: id,
          program_id: Number(v.program_id),
          holder_org_id: Number(v.holder_org_id),
          provider_id: src.providerId,
          issuer_jurisdiction: v.jurisdiction_code,
          provider_jurisdiction: src.providerJurisdiction,
          source_kind: src.kind,
          source_id: src.id,
          category: src.category,
          fee_fen: src.feeFen,
          amount_fen: split.payableFen,
          status: 'completed',
          period: periodOf(at),
          idempotency_key: idem,
          request_hash: requestHash,
          settlement_id: null,
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
        };
        const rid = Number((await repo.insert(trx, row)).id);
        await post(trx, {
          kind: 'redeem',
          programId: Number(v.program_id),
          voucherId: id,
          redemptionId: rid,
          memo: `${src.kind} ${src.id}`,
          actorUserId: actor.userId,
          at,
          entries: [
            { account: account.voucher(id), amountFen: -split.payableFen },
            { account: account.receivable(src.providerId, v.jurisdiction_code), amountFen: split.payableFen },
          ],
        });
        await recordAudit(trx, deps.db.helpers, at, {
          actor,
          action: 'voucher.redeem',
          entityType: 'redemption',
          entityId: rid,
          jurisdictionCode: v.jurisdiction_code,
          change: { ...row, request_hash: undefined, copayFen: split.copayFen },
        });
        // The provider's desk (its organisation's admins) hears of money it is now owed.
        await notify(trx, at, {
          userIds: await recipientsOf.orgUsers(trx, src.providerOrgId, ['org_admin']),
          kind: 'redemption.recorded',
          params: { provider: src.providerName, holder: await notices.organizationName(trx, Number(v.holder_org_id)), amount: yuanText(split.payableFen) },
          link: '/vouchers/provider-desk',
        });
        return { replayed: false, id: rid };
      },
      { retryOnDeadlock: 1 },
    );
  } catch (e) {
    if (!deps.db.helpers.errors.isUniqueViolation(e)) throw e;
    // Another request got there first: the same key is a replay; the same booking or order is taken.
    const first = await replay();
    if (first) return first;
    throw conflict({ zh: '这项服务已用创新券支付', en: 'This service has already been paid with a voucher' }, { rule: 'already-redeemed' });
  }
  return { replayed: out.replayed, redemption: (await redemptionViews(deps, [out.id]))[0] };
}

export async function listRedemptions(
  deps: Deps,
  actor: Actor,
  q: {
    scope?: 'holder' | 'provider' | 'issuer';
    voucherId?: number;
    providerId?: number;
    bookingIds?: string;
    period?: string;
    status?: string;
    sort?: string;
    page?: number;
    pageSize?: number;
  },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { createdAt: 'r.created_at', amount: 'r.amount_fen', period: 'r.period' } as const, '-createdAt');
  const filter: repo.RedemptionFilter = { voucherId: q.voucherId, providerId: q.providerId, period: q.period, status: q.status };
  const scope = q.scope ?? (isAdmin(actor) ? 'issuer' : 'holder');
  if (scope === 'issuer') {
    if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
    if (actor.role !== 'platform_admin') filter.jurisdiction = actor.jurisdictionCode ?? '';
  } else if (scope === 'provider') {
    const p = await providerByOrganization(deps, actor.organizationId);
    filter.paidTo = p ? Number(p.id) : -1;
  } else filter.holderOrgId = actor.organizationId;
  // The redemptions of the bookings a page shows (my bookings: which are paid by voucher).
  if (q.bookingIds)
    filter.bookingIds = [
      ...new Set(
        q.bookingIds
          .split(',')
          .map(Number)
          .filter((n) => Number.isSafeInteger(n) && n > 0),
      ),
    ].slice(0, 200);
  const { ids, total, totals } = await repo.list(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return {
    items: await redemptionViews(deps, ids),
    total,
    page,
    pageSize,
    totals: totals
      .map((t) => ({ issuerJurisdiction: t.issuer_jurisdiction, amountFen: Number(t.s), unsettledFen: Number(t.open) }))
      .sort((a, b) => a.issuerJurisdiction.localeCompare(b.issuerJurisdiction)),
  };
}

export async function getVoucherRedemptions(deps: Deps, actor: Actor, id: number, q: { page?: number; pageSize?: number }) {
  const v = await loadVoucherRow(deps, id);
  if (!v || !canSeeVoucher(actor, v)) throw notFound(VOUCHER, id);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { ids, total } = await repo.listOfVoucher(deps.db.db, id, pageSize, (page - 1) * pageSize);
  return { items: await redemptionViews(deps, ids), total, page, pageSize };
}

/** Reversal (the whole redemption) or refund (part of it): money goes back to the voucher — or, when the voucher has expired, on to the programme's budget. */
export async function unwind(deps: Deps, actor: Actor, id: number, action: 'reverse' | 'refund', input: { amountFen?: number; reason: string }) {
  const r0 = await repo.findWithProvider(deps.db.db, id);
  const provider = r0 && (actor.role === 'org_admin' || actor.role === 'member') && actor.organizationId === Number(r0.organization_id);
  const issuer = r0 && administers(actor, r0.issuer_jurisdiction);
  if (!r0 || (!provider && !issuer)) {
    if (r0 && actor.organizationId === Number(r0.holder_org_id))
      throw new AppError('forbidden', { reason: { zh: '由服务机构或发券地管理部门办理退款', en: 'The provider or the issuing jurisdiction refunds' } });
    throw notFound(REDEMPTION, id);
  }
  await inTransaction(
    deps,
    async (trx) => {
      const at = isoNow(deps.clock);
      await vouchers.lock(trx, deps.db.helpers, Number(r0.voucher_id));
      await repo.lock(trx, deps.db.helpers, id);
      const r = await repo.getById(trx, id);
      if (r.status !== 'completed') throw conflict({ zh: '该兑付已冲正', en: 'This redemption has been reversed' }, { rule: 'already-reversed' });
      if (r.settlement_id !== null)
        throw conflict(
          { zh: `${r.period} 已结算，不能再冲正或退款`, en: `${r.period} is settled; it can no longer be reversed or refunded` },
          { rule: 'period-locked', settlementId: Number(r.settlement_id) },
        );
      const open = Number(r.amount_fen) - Number(r.refunded_fen);
      const amount = action === 'reverse' ? open : (input.amountFen ?? 0);
      if (action === 'refund' && (amount <= 0 || amount > open))
        throw ruleError('refund-too-large', `最多可退 ${fenText(open)} 元`, `At most ${fenText(open)} yuan can be refunded`, { limitFen: open });
      const patch = action === 'reverse' ? { status: 'reversed', updated_at: at } : { refunded_fen: Number(r.refunded_fen) + amount, updated_at: at };
      await repo.update(trx, id, patch);
      const v = await vouchers.getById(trx, Number(r.voucher_id));
      const vid = Number(v.id);
      if (amount > 0) {
        await post(trx, {
          kind: action,
          programId: Number(v.program_id),
          voucherId: vid,
          redemptionId: id,
          memo: input.reason.trim().slice(0, 500),
          actorUserId: actor.userId,
          at,
          entries: [
            { account: account.receivable(Number(r.provider_id), r.issuer_jurisdiction), amountFen: -amount },
            { account: account.voucher(vid), amountFen: amount },
          ],
        });
        if (v.status === 'expired') {
          await post(trx, {
            kind: 'expire',
            programId: Number(v.program_id),
            voucherId: vid,
            redemptionId: id,
            memo: 'returned after expiry',
            actorUserId: actor.userId,
            at,
            entries: [
              { account: account.voucher(vid), amountFen: -amount },
              { account: account.budget(Number(v.program_id)), amountFen: amount },
            ],
          });
        }
      }
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: `redemption.${action}`,
        entityType: 'redemption',
        entityId: id,
        jurisdictionCode: r.issuer_jurisdiction,
        change: { amountFen: amount, reason: input.reason.trim() },
      });
    },
    { retryOnDeadlock: 1 },
  );
  return (await redemptionViews(deps, [id]))[0];
}
