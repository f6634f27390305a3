// Monthly settlement of voucher redemptions (Decision art. 13): per issuing jurisdiction and
// period, each provider's receivable becomes a payment line, cross-jurisdiction amounts post to
// the clearing accounts, and the period is locked; and the clearing statement between the four
// jurisdictions. All money moves through ledger.ts.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';
import { JURISDICTION_CODES, canReadSettlement, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, invalid, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { account, post } from './ledger';
import { JURISDICTION_NAMES, administers, fenText, isAdmin, periodBounds, ruleError } from './rules';
import * as repo from './settlements.repository';

const SETTLEMENT = { zh: '结算单', en: 'settlement' };
const jName = (j: string) => JURISDICTION_NAMES[j] ?? { zh: j, en: j, prefix: j };

async function settlementView(deps: Deps, id: number) {
  const s = await repo.findById(deps.db.db, id);
  if (!s) return null;
  const lines = await repo.linesOf(deps.db.db, id);
  return {
    id,
    period: s.period,
    jurisdictionCode: s.jurisdiction_code,
    status: s.status,
    redemptions: Number(s.redemptions),
    totalFen: Number(s.total_fen),
    createdAt: s.created_at,
    lines: lines.map((l) => ({
      providerId: Number(l.provider_id),
      providerName: l.name,
      providerJurisdiction: l.provider_jurisdiction,
      redemptions: Number(l.redemptions),
      amountFen: Number(l.amount_fen),
    })),
  };
}

/** The settlement of a period for an issuing jurisdiction, if it has run (a redemption in a settled period is refused). */
export function settlementOfPeriod(db: Kysely<Database> | Transaction<Database>, period: string, jurisdiction: string) {
  return repo.findByPeriod(db, period, jurisdiction);
}

/**
 * Settles a past period for one issuing jurisdiction: each provider's receivable becomes a
 * payment line, cross-jurisdiction amounts post to the clearing accounts, the period is locked.
 * Running it again answers with the same settlement.
 */
/** Who may settle which jurisdiction's period, and that the period has ended: shared by the preview and the run. */
function assertSettleable(deps: Deps, actor: Actor, input: { period: string; jurisdictionCode?: string }, part: 'body' | 'querystring') {
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '只能为本辖区结算', en: 'You may only settle your own jurisdiction' } });
  const j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
  if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: `${part}:/jurisdictionCode`, code: 'jurisdiction-invalid' }]);
  if (!administers(actor, j)) throw new AppError('forbidden', { reason: { zh: '只能为本辖区结算', en: 'You may only settle your own jurisdiction' } });
  const at = isoNow(deps.clock);
  const bounds = periodBounds(input.period);
  if (at < bounds.to)
    throw ruleError('period-open', `${input.period} 尚未结束，结束后才能结算`, `${input.period} has not ended yet; settle it afterwards`, {
      periodEndsAt: bounds.to,
    });
  return { j, at };
}

type UnsettledRow = Awaited<ReturnType<typeof repo.unsettledForUpdate>>[number];

/** The period's unsettled redemptions per provider: what a settlement pays each (the run and the preview share it). */
function linesOfRows(rows: UnsettledRow[]) {
  const lines = new Map<number, { providerJurisdiction: string; n: number; fen: number }>();
  for (const r of rows) {
    const l = lines.get(Number(r.provider_id)) ?? { providerJurisdiction: r.provider_jurisdiction, n: 0, fen: 0 };
    l.n++;
    l.fen += Number(r.amount_fen) - Number(r.refunded_fen);
    lines.set(Number(r.provider_id), l);
  }
  return lines;
}

/**
 * What settling a period would record, computed without writing anything: the number of
 * redemptions, the total in fen and each provider's line (ordered as a settlement's lines are).
 * When the period is already settled, `settlementId` names that settlement and the figures are its own.
 */
export async function previewSettlement(deps: Deps, actor: Actor, input: { period: string; jurisdictionCode?: string }) {
  const { j } = assertSettleable(deps, actor, input, 'querystring');
  const existing = await repo.findByPeriod(deps.db.db, input.period, j);
  if (existing) {
    const s = (await settlementView(deps, Number(existing.id)))!;
    return { period: s.period, jurisdictionCode: j, settlementId: s.id, redemptions: s.redemptions, totalFen: s.totalFen, lines: s.lines };
  }
  const rows = await repo.unsettledForUpdate(deps.db.db, null, j, input.period);
  const lines = linesOfRows(rows);
  const names = new Map((await repo.providerNames(deps.db.db, [...lines.keys()])).map((p) => [Number(p.id), p.name]));
  const out = [...lines]
    .map(([providerId, l]) => ({
      providerId,
      providerName: names.get(providerId) ?? '',
      providerJurisdiction: l.providerJurisdiction,
      redemptions: l.n,
      amountFen: l.fen,
    }))
    .sort((a, b) => b.amountFen - a.amountFen || a.providerId - b.providerId);
  return {
    period: input.period,
    jurisdictionCode: j,
    settlementId: null,
    redemptions: rows.length,
    totalFen: out.reduce((s, l) => s + l.amountFen, 0),
    lines: out,
  };
}

export async function runSettlement(deps: Deps, actor: Actor, input: { period: string; jurisdictionCode?: string }) {
  const { j, at } = assertSettleable(deps, actor, input, 'body');
  const existing = await repo.findByPeriod(deps.db.db, input.period, j);
  if (existing) return { created: false, settlement: (await settlementView(deps, Number(existing.id)))! };
  let sid: number;
  try {
    sid = await inTransaction(deps, async (trx) => {
      const sid = Number(
        (
          await repo.insert(trx, {
            period: input.period,
            jurisdiction_code: j,
            status: 'locked',
            redemptions: 0,
            total_fen: 0,
            run_by: actor.userId,
            created_at: at,
          })
        ).id,
      );
      const rows = await repo.unsettledForUpdate(trx, deps.db.helpers, j, input.period);
      const lines = linesOfRows(rows);
      await repo.assignRedemptions(
        trx,
        rows.map((r) => Number(r.id)),
        sid,
        at,
      );
      let total = 0;
      for (const [providerId, l] of [...lines].sort((a, b) => a[0] - b[0])) {
        await repo.insertLine(trx, {
          settlement_id: sid,
          provider_id: providerId,
          provider_jurisdiction: l.providerJurisdiction,
          redemptions: l.n,
          amount_fen: l.fen,
        });
        total += l.fen;
        if (l.fen === 0) continue;
        const entries = [
          { account: account.receivable(providerId, j), amountFen: -l.fen },
          { account: account.paid(providerId), amountFen: l.fen },
        ];
        if (l.providerJurisdiction !== j)
          entries.push(
            { account: account.clearing(j, l.providerJurisdiction), amountFen: l.fen },
            { account: account.clearing(l.providerJurisdiction, j), amountFen: -l.fen },
          );
        await post(trx, { kind: 'settle', settlementId: sid, memo: `${input.period} ${j} → provider ${providerId}`, actorUserId: actor.userId, at, entries });
      }
      await repo.setTotals(trx, sid, rows.length, total);
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'settlement.run',
        entityType: 'settlement',
        entityId: sid,
        jurisdictionCode: j,
        change: { period: input.period, redemptions: rows.length, totalFen: total, lines: lines.size },
      });
      return sid;
    });
  } catch (e) {
    if (!deps.db.helpers.errors.isUniqueViolation(e) && !deps.db.helpers.errors.isDeadlock(e)) throw e;
    // Another run of the same period won: answer with its settlement.
    const won = await repo.findByPeriod(deps.db.db, input.period, j);
    if (!won) throw e;
    return { created: false, settlement: (await settlementView(deps, Number(won.id)))! };
  }
  return { created: true, settlement: (await settlementView(deps, sid))! };
}

export async function getSettlement(deps: Deps, actor: Actor, id: number) {
  const s = await repo.issuerOf(deps.db.db, id);
  const owed = s ? await repo.owedJurisdictions(deps.db.db, id) : [];
  if (!s || !canReadSettlement(actor, { issuer: s.jurisdiction_code, owedJurisdictions: owed.map((o) => o.provider_jurisdiction) }))
    throw notFound(SETTLEMENT, id);
  return (await settlementView(deps, id))!;
}

/** Settlements the actor may read: a jurisdiction admin sees those it issued and those that owe its providers. */
export async function listSettlements(
  deps: Deps,
  actor: Actor,
  q: { period?: string; jurisdiction?: string; sort?: string; page?: number; pageSize?: number },
) {
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { period: 'period', createdAt: 'created_at', total: 'total_fen' } as const, '-period');
  const readableBy = actor.role === 'jurisdiction_admin' ? (actor.jurisdictionCode ?? '') : undefined;
  const { rows, total } = await repo.list(deps.db.db, { readableBy, period: q.period, jurisdiction: q.jurisdiction }, sort, pageSize, (page - 1) * pageSize);
  return {
    items: rows.map((s) => ({
      id: Number(s.id),
      period: s.period,
      jurisdictionCode: s.jurisdiction_code,
      status: s.status,
      redemptions: Number(s.redemptions),
      totalFen: Number(s.total_fen),
      createdAt: s.created_at,
    })),
    total,
    page,
    pageSize,
  };
}

/**
 * The clearing statement of a period between the four jurisdictions: gross amounts from each
 * issuing jurisdiction to the providers of each other one, the local amounts, and the net
 * "who pays whom". Settled and not-yet-settled redemptions alike (the latter are provisional).
 */
export async function clearingStatement(deps: Deps, actor: Actor, period: string) {
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
  const [rows, settled] = await Promise.all([repo.clearingSums(deps.db.db, period), repo.settledJurisdictions(deps.db.db, period)]);
  const gross = rows
    .filter((r) => r.issuer_jurisdiction !== r.provider_jurisdiction)
    .map((r) => ({ from: r.issuer_jurisdiction, to: r.provider_jurisdiction, amountFen: Number(r.s), redemptions: Number(r.n), settledFen: Number(r.settled) }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const local = rows
    .filter((r) => r.issuer_jurisdiction === r.provider_jurisdiction)
    .map((r) => ({ jurisdiction: r.issuer_jurisdiction, amountFen: Number(r.s), redemptions: Number(r.n) }))
    .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction));
  const net: Array<{ from: string; to: string; amountFen: number }> = [];
  const codes = [...JURISDICTION_CODES];
  for (let i = 0; i < codes.length; i++) {
    for (let k = i + 1; k < codes.length; k++) {
      const ab = gross.find((g) => g.from === codes[i] && g.to === codes[k])?.amountFen ?? 0;
      const ba = gross.find((g) => g.from === codes[k] && g.to === codes[i])?.amountFen ?? 0;
      if (ab > ba) net.push({ from: codes[i], to: codes[k], amountFen: ab - ba });
      else if (ba > ab) net.push({ from: codes[k], to: codes[i], amountFen: ba - ab });
    }
  }
  return { period, settled: settled.map((s) => s.jurisdiction_code), gross, net, local };
}

export const SETTLEMENT_COLUMNS = [
  { key: 'period', header: '结算期间 period' },
  { key: 'issuer', header: '发券地 issuing jurisdiction' },
  { key: 'provider', header: '服务机构 provider' },
  { key: 'providerJurisdiction', header: '服务机构所在地 provider jurisdiction' },
  { key: 'redemptions', header: '兑付笔数 redemptions' },
  { key: 'amount', header: '应付金额（元）amount (yuan)' },
];

export async function settlementRows(deps: Deps, actor: Actor, id: number) {
  const s = await getSettlement(deps, actor, id);
  return {
    name: `settlement-${s.jurisdictionCode}-${s.period}`,
    rows: s.lines.map((l) => ({
      period: s.period,
      issuer: `${jName(s.jurisdictionCode).zh} ${s.jurisdictionCode}`,
      provider: l.providerName,
      providerJurisdiction: `${jName(l.providerJurisdiction).zh} ${l.providerJurisdiction}`,
      redemptions: l.redemptions,
      amount: fenText(l.amountFen),
    })),
  };
}
