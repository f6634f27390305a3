// Innovation-voucher programmes (Decision art. 13, 通用通兑): a jurisdiction's programme with its
// budget, caps, eligible tiers and categories, and where its vouchers are redeemable. Every yuan
// of the budget moves through ledger.ts; the budget figures are read from it.
import type { Selectable } from 'kysely';
import type { VoucherProgramTable } from '../../db/types';
import { ENTERPRISE_TIERS, JURISDICTION_CODES, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { account, post, sumsByKind } from './ledger';
import { SERVICE_CATEGORIES, administers, csv, isAdmin, ruleError } from './rules';
import * as repo from './programs.repository';

export const PROGRAM = { zh: '创新券项目', en: 'voucher programme' };

export interface ProgramInput {
  jurisdictionCode?: string;
  name: string;
  description?: string;
  budgetFen: number;
  issueFrom: string;
  issueUntil: string;
  expiresAt: string;
  shareBp: number;
  capEnterpriseYearFen: number;
  capTeamFen: number;
  eligibleTiers: string[];
  teamsEligible: boolean;
  eligibleCategories: string[];
  redeemJurisdictions: string[];
  /** Where applicants must be registered (Decision art. 13 leaves it to each programme); its own jurisdiction by default. */
  applicantJurisdictions?: string[];
}

export type ProgramRow = Selectable<VoucherProgramTable>;

async function programViews(deps: Deps, rows: ProgramRow[]) {
  const ids = rows.map((r) => Number(r.id));
  if (!ids.length) return [];
  const db = deps.db.db;
  const [flows, redeemed, counts] = await Promise.all([
    sumsByKind(
      db,
      ids.map((id) => account.budget(id)),
    ),
    repo.redeemedByProgram(db, ids),
    repo.voucherCountByProgram(db, ids),
  ]);
  return rows.map((p) => {
    const id = Number(p.id);
    const f = (kind: string) => flows.get(account.budget(id))?.get(kind) ?? 0;
    const total = f('fund');
    const issued = -f('issue');
    const lapsed = f('expire');
    return {
      id,
      jurisdictionCode: p.jurisdiction_code,
      name: p.name,
      description: p.description,
      issueFrom: p.issue_from,
      issueUntil: p.issue_until,
      expiresAt: p.expires_at,
      shareBp: Number(p.share_bp),
      capEnterpriseYearFen: Number(p.cap_enterprise_year_fen),
      capTeamFen: Number(p.cap_team_fen),
      eligibleTiers: csv(p.eligible_tiers),
      teamsEligible: Number(p.teams_eligible) === 1,
      eligibleCategories: csv(p.eligible_categories),
      redeemJurisdictions: csv(p.redeem_jurisdictions),
      applicantJurisdictions: csv(p.applicant_jurisdictions),
      status: p.status,
      budget: {
        totalFen: total,
        committedFen: issued - lapsed,
        availableFen: total - issued + lapsed,
        redeemedFen: Number(redeemed.find((r) => Number(r.program_id) === id)?.s ?? 0),
        lapsedFen: lapsed,
      },
      vouchers: Number(counts.find((c) => Number(c.program_id) === id)?.n ?? 0),
      createdAt: p.created_at,
    };
  });
}

/** The programme's row; not found when there is none. */
export async function loadProgram(deps: Deps, id: number) {
  const p = await repo.findById(deps.db.db, id);
  if (!p) throw notFound(PROGRAM, id);
  return p;
}

export async function getProgram(deps: Deps, _actor: Actor, id: number) {
  return (await programViews(deps, [await loadProgram(deps, id)]))[0];
}

export async function listPrograms(
  deps: Deps,
  _actor: Actor,
  q: { jurisdiction?: string; status?: string; q?: string; sort?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { createdAt: 'created_at', name: 'name', expiresAt: 'expires_at', issueUntil: 'issue_until' } as const, '-createdAt');
  const { rows, total } = await repo.list(
    deps.db.db,
    deps.db.helpers,
    { jurisdiction: q.jurisdiction, status: q.status, q: q.q?.trim() || undefined },
    sort,
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: await programViews(deps, rows), total, page, pageSize };
}

function validateProgram(input: ProgramInput) {
  const fields: Array<{ field: string; code: string }> = [];
  const t = (s: string) => Date.parse(s);
  if (!(t(input.issueFrom) < t(input.issueUntil))) fields.push({ field: 'body:/issueUntil', code: 'value-invalid' });
  if (!(t(input.issueUntil) <= t(input.expiresAt))) fields.push({ field: 'body:/expiresAt', code: 'value-invalid' });
  input.eligibleTiers.forEach(
    (x, i) => (ENTERPRISE_TIERS as readonly string[]).includes(x) || fields.push({ field: `body:/eligibleTiers/${i}`, code: 'tier-invalid' }),
  );
  input.eligibleCategories.forEach(
    (x, i) => (SERVICE_CATEGORIES as readonly string[]).includes(x) || fields.push({ field: `body:/eligibleCategories/${i}`, code: 'value-invalid' }),
  );
  input.redeemJurisdictions.forEach(
    (x, i) => (JURISDICTION_CODES as readonly string[]).includes(x) || fields.push({ field: `body:/redeemJurisdictions/${i}`, code: 'jurisdiction-invalid' }),
  );
  (input.applicantJurisdictions ?? []).forEach(
    (x, i) =>
      (JURISDICTION_CODES as readonly string[]).includes(x) || fields.push({ field: `body:/applicantJurisdictions/${i}`, code: 'jurisdiction-invalid' }),
  );
  if (input.eligibleTiers.length === 0 && !input.teamsEligible) fields.push({ field: 'body:/eligibleTiers', code: 'value-invalid' });
  if (fields.length) throw invalid(fields);
}

export async function createProgram(deps: Deps, actor: Actor, input: ProgramInput) {
  // Who may, before what: a member's valid body is refused as forbidden, not as a bad jurisdiction.
  if (!isAdmin(actor))
    throw new AppError('forbidden', { reason: { zh: '只能为本辖区设立创新券项目', en: 'You may only create programmes of your own jurisdiction' } });
  const j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
  if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: 'body:/jurisdictionCode', code: 'jurisdiction-invalid' }]);
  if (!administers(actor, j))
    throw new AppError('forbidden', { reason: { zh: '只能为本辖区设立创新券项目', en: 'You may only create programmes of your own jurisdiction' } });
  validateProgram(input);
  const at = isoNow(deps.clock);
  const row = {
    jurisdiction_code: j,
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    issue_from: new Date(input.issueFrom).toISOString(),
    issue_until: new Date(input.issueUntil).toISOString(),
    expires_at: new Date(input.expiresAt).toISOString(),
    share_bp: input.shareBp,
    cap_enterprise_year_fen: input.capEnterpriseYearFen,
    cap_team_fen: input.capTeamFen,
    eligible_tiers: [...new Set(input.eligibleTiers)].join(','),
    teams_eligible: input.teamsEligible ? 1 : 0,
    eligible_categories: [...new Set(input.eligibleCategories)].join(','),
    redeem_jurisdictions: [...new Set(input.redeemJurisdictions)].sort().join(','),
    applicant_jurisdictions: [...new Set(input.applicantJurisdictions ?? [j])].sort().join(','),
    status: 'active',
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  const id = await inTransaction(deps, async (trx) => {
    const id = Number((await repo.insert(trx, row)).id);
    await post(trx, {
      kind: 'fund',
      programId: id,
      memo: 'initial budget',
      actorUserId: actor.userId,
      at,
      entries: [
        { account: account.appropriation(j), amountFen: -input.budgetFen },
        { account: account.budget(id), amountFen: input.budgetFen },
      ],
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'voucher_program.create',
      entityType: 'voucher_program',
      entityId: id,
      jurisdictionCode: j,
      change: { ...row, budgetFen: input.budgetFen },
    });
    return id;
  });
  return getProgram(deps, actor, id);
}

export async function topUpProgram(deps: Deps, actor: Actor, id: number, input: { amountFen: number; note?: string }) {
  const p = await loadProgram(deps, id);
  if (!administers(actor, p.jurisdiction_code)) throw notFound(PROGRAM, id);
  if (p.status !== 'active') throw ruleError('program-closed', '项目已关闭', 'The programme is closed');
  const at = isoNow(deps.clock);
  await inTransaction(deps, async (trx) => {
    await repo.lock(trx, deps.db.helpers, id);
    await post(trx, {
      kind: 'fund',
      programId: id,
      memo: input.note?.trim() || 'budget top-up',
      actorUserId: actor.userId,
      at,
      entries: [
        { account: account.appropriation(p.jurisdiction_code), amountFen: -input.amountFen },
        { account: account.budget(id), amountFen: input.amountFen },
      ],
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'voucher_program.fund',
      entityType: 'voucher_program',
      entityId: id,
      jurisdictionCode: p.jurisdiction_code,
      change: { amountFen: input.amountFen, note: input.note ?? '' },
    });
  });
  return getProgram(deps, actor, id);
}

export async function closeProgram(deps: Deps, actor: Actor, id: number) {
  const p = await loadProgram(deps, id);
  if (!administers(actor, p.jurisdiction_code)) throw notFound(PROGRAM, id);
  if (p.status !== 'active') throw conflict({ zh: '项目已关闭', en: 'The programme is already closed' });
  const at = isoNow(deps.clock);
  await inTransaction(deps, async (trx) => {
    await repo.close(trx, id, at);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'voucher_program.close',
      entityType: 'voucher_program',
      entityId: id,
      jurisdictionCode: p.jurisdiction_code,
      change: { status: 'closed' },
    });
  });
  return getProgram(deps, actor, id);
}
