// Innovation vouchers redeemable in all four jurisdictions (Decision art. 13, 通用通兑):
// programmes with a budget, applications and issuance within caps, redemption at completed
// bookings and service orders (idempotent, never overspending a voucher, a cap or a budget),
// reversal, refund, expiry back to the budget, affiliates, and monthly settlement with a
// clearing statement between the jurisdictions. All money moves through ledger.ts.
import { createHash } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Database, VoucherProgramTable } from '../../db/types';
import { ENTERPRISE_TIERS, JURISDICTION_CODES, TIER_NAMES, canReadSettlement, type Actor, type EnterpriseTier } from '../../platform/access';
import { canonicalJson, recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { bookingCharge } from '../bookings/bookings.service';
import { orderCharge, providerByOrganization } from './providers.service';
import { account, balances, post } from './ledger';
import { BOOKING_CATEGORY, CATEGORY_NAMES, JURISDICTION_NAMES, SERVICE_CATEGORIES, administers, csv, fenText, isAdmin, newVoucherCode, periodBounds, periodOf, ruleError, yearBounds } from './rules';

const PROGRAM = { zh: '创新券项目', en: 'voucher programme' };
const APPLICATION = { zh: '申领申请', en: 'voucher application' };
const VOUCHER = { zh: '创新券', en: 'voucher' };
const REDEMPTION = { zh: '兑付记录', en: 'redemption' };
const SETTLEMENT = { zh: '结算单', en: 'settlement' };
const AFFILIATION = { zh: '关联关系', en: 'affiliation' };

type Trx = Transaction<Database>;
const nowIso = (deps: Deps) => isoNow(deps.clock);
const jName = (j: string) => JURISDICTION_NAMES[j] ?? { zh: j, en: j, prefix: j };

/** Row lock on PostgreSQL (SQLite runs one writer at a time anyway). */
async function lockRow(trx: Trx, deps: Deps, table: 'voucher_programs' | 'vouchers' | 'redemptions', id: number) {
  let q = trx.selectFrom(table).select('id').where('id', '=', id);
  if (deps.db.helpers.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

// ---- programmes -------------------------------------------------------------------------

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

type ProgramRow = Selectable<VoucherProgramTable>;

async function programViews(deps: Deps, rows: ProgramRow[]) {
  const ids = rows.map((r) => Number(r.id));
  if (!ids.length) return [];
  const db = deps.db.db;
  const [flows, redeemed, counts] = await Promise.all([
    db
      .selectFrom('ledger_transactions as t')
      .innerJoin('ledger_entries as e', 'e.transaction_id', 't.id')
      .select(['e.account', 't.kind', (eb) => eb.fn.sum<number>('e.amount_fen').as('s')])
      .where(
        'e.account',
        'in',
        ids.map((id) => account.budget(id)),
      )
      .groupBy(['e.account', 't.kind'])
      .execute(),
    db
      .selectFrom('redemptions')
      .select(['program_id', (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('s')])
      .where('program_id', 'in', ids)
      .where('status', '=', 'completed')
      .groupBy('program_id')
      .execute(),
    db.selectFrom('vouchers').select(['program_id', (eb) => eb.fn.countAll<number>().as('n')]).where('program_id', 'in', ids).groupBy('program_id').execute(),
  ]);
  return rows.map((p) => {
    const id = Number(p.id);
    const f = (kind: string) => Number(flows.find((x) => x.account === account.budget(id) && x.kind === kind)?.s ?? 0);
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

async function loadProgram(deps: Deps, id: number) {
  const p = await deps.db.db.selectFrom('voucher_programs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound(PROGRAM, id);
  return p;
}

export async function getProgram(deps: Deps, _actor: Actor, id: number) {
  return (await programViews(deps, [await loadProgram(deps, id)]))[0];
}

export async function listPrograms(deps: Deps, _actor: Actor, q: { jurisdiction?: string; status?: string; q?: string; sort?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { createdAt: 'created_at', name: 'name', expiresAt: 'expires_at', issueUntil: 'issue_until' } as const, '-createdAt');
  let base = deps.db.db.selectFrom('voucher_programs');
  if (q.jurisdiction) base = base.where('jurisdiction_code', '=', q.jurisdiction);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.q?.trim()) base = base.where(deps.db.helpers.query.containsInsensitive(sql.ref('name'), q.q.trim()));
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy(sql.ref(column), direction).orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await programViews(deps, rows), total: Number(count.n), page, pageSize };
}

function validateProgram(input: ProgramInput) {
  const fields: Array<{ field: string; code: string }> = [];
  const t = (s: string) => Date.parse(s);
  if (!(t(input.issueFrom) < t(input.issueUntil))) fields.push({ field: 'body:/issueUntil', code: 'value-invalid' });
  if (!(t(input.issueUntil) <= t(input.expiresAt))) fields.push({ field: 'body:/expiresAt', code: 'value-invalid' });
  input.eligibleTiers.forEach((x, i) => (ENTERPRISE_TIERS as readonly string[]).includes(x) || fields.push({ field: `body:/eligibleTiers/${i}`, code: 'tier-invalid' }));
  input.eligibleCategories.forEach((x, i) => (SERVICE_CATEGORIES as readonly string[]).includes(x) || fields.push({ field: `body:/eligibleCategories/${i}`, code: 'value-invalid' }));
  input.redeemJurisdictions.forEach((x, i) => (JURISDICTION_CODES as readonly string[]).includes(x) || fields.push({ field: `body:/redeemJurisdictions/${i}`, code: 'jurisdiction-invalid' }));
  (input.applicantJurisdictions ?? []).forEach((x, i) => (JURISDICTION_CODES as readonly string[]).includes(x) || fields.push({ field: `body:/applicantJurisdictions/${i}`, code: 'jurisdiction-invalid' }));
  if (input.eligibleTiers.length === 0 && !input.teamsEligible) fields.push({ field: 'body:/eligibleTiers', code: 'value-invalid' });
  if (fields.length) throw invalid(fields);
}

export async function createProgram(deps: Deps, actor: Actor, input: ProgramInput) {
  // Who may, before what: a member's valid body is refused as forbidden, not as a bad jurisdiction.
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '只能为本辖区设立创新券项目', en: 'You may only create programmes of your own jurisdiction' } });
  const j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
  if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: 'body:/jurisdictionCode', code: 'jurisdiction-invalid' }]);
  if (!administers(actor, j)) throw new AppError('forbidden', { reason: { zh: '只能为本辖区设立创新券项目', en: 'You may only create programmes of your own jurisdiction' } });
  validateProgram(input);
  const at = nowIso(deps);
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
    const id = Number((await trx.insertInto('voucher_programs').values(row).returning('id').executeTakeFirstOrThrow()).id);
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
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher_program.create', entityType: 'voucher_program', entityId: id, jurisdictionCode: j, change: { ...row, budgetFen: input.budgetFen } });
    return id;
  });
  return getProgram(deps, actor, id);
}

export async function topUpProgram(deps: Deps, actor: Actor, id: number, input: { amountFen: number; note?: string }) {
  const p = await loadProgram(deps, id);
  if (!administers(actor, p.jurisdiction_code)) throw notFound(PROGRAM, id);
  if (p.status !== 'active') throw ruleError('program-closed', '项目已关闭', 'The programme is closed');
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await lockRow(trx, deps, 'voucher_programs', id);
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
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher_program.fund', entityType: 'voucher_program', entityId: id, jurisdictionCode: p.jurisdiction_code, change: { amountFen: input.amountFen, note: input.note ?? '' } });
  });
  return getProgram(deps, actor, id);
}

export async function closeProgram(deps: Deps, actor: Actor, id: number) {
  const p = await loadProgram(deps, id);
  if (!administers(actor, p.jurisdiction_code)) throw notFound(PROGRAM, id);
  if (p.status !== 'active') throw conflict({ zh: '项目已关闭', en: 'The programme is already closed' });
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await trx.updateTable('voucher_programs').set({ status: 'closed', updated_at: at }).where('id', '=', id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher_program.close', entityType: 'voucher_program', entityId: id, jurisdictionCode: p.jurisdiction_code, change: { status: 'closed' } });
  });
  return getProgram(deps, actor, id);
}

// ---- applications and issuance ---------------------------------------------------------

async function applicationViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const rows = await deps.db.db
    .selectFrom('voucher_applications as a')
    .innerJoin('voucher_programs as p', 'p.id', 'a.program_id')
    .innerJoin('organizations as o', 'o.id', 'a.applicant_org_id')
    .innerJoin('users as u', 'u.id', 'a.applicant_user_id')
    .leftJoin('vouchers as v', 'v.application_id', 'a.id')
    .selectAll('a')
    .select(['p.name as program_name', 'p.jurisdiction_code', 'o.name as org_name', 'u.display_name', 'v.id as voucher_id'])
    .where('a.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.map((id) => {
    const a = byId.get(id)!;
    return {
      id,
      programId: Number(a.program_id),
      programName: a.program_name,
      jurisdictionCode: a.jurisdiction_code,
      applicantOrgId: Number(a.applicant_org_id),
      applicantOrgName: a.org_name,
      applicantUserId: Number(a.applicant_user_id),
      applicantName: a.display_name,
      applicantKind: a.applicant_kind,
      teamName: a.team_name,
      requestedFen: Number(a.requested_fen),
      purpose: a.purpose,
      status: a.status,
      approvedFen: a.approved_fen === null ? null : Number(a.approved_fen),
      decisionNote: a.decision_note,
      decidedAt: a.decided_at,
      voucherId: a.voucher_id === null ? null : Number(a.voucher_id),
      createdAt: a.created_at,
    };
  });
}

function assertIssueWindow(p: { issue_from: string; issue_until: string; status: string }, at: string) {
  if (p.status !== 'active') throw ruleError('program-closed', '项目已关闭，不再受理', 'The programme is closed');
  if (at < p.issue_from || at >= p.issue_until) {
    throw ruleError('issue-window', `申领时间为 ${p.issue_from.slice(0, 10)} 至 ${p.issue_until.slice(0, 10)}`, `Applications are taken from ${p.issue_from.slice(0, 10)} to ${p.issue_until.slice(0, 10)}`, {
      issueFrom: p.issue_from,
      issueUntil: p.issue_until,
    });
  }
}

export async function applyForVoucher(deps: Deps, actor: Actor, programId: number, input: { applicantKind: 'enterprise' | 'team'; teamName?: string; requestedFen: number; purpose: string }) {
  if (isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '管理部门账号不能申领创新券', en: 'Administrative accounts do not apply for vouchers' } });
  const p = await loadProgram(deps, programId);
  const at = nowIso(deps);
  assertIssueWindow(p, at);
  const applicantFrom = csv(p.applicant_jurisdictions);
  if (!applicantFrom.includes(actor.organizationJurisdiction)) {
    const names = (lang: 'zh' | 'en') => applicantFrom.map((j) => jName(j)[lang]).join(lang === 'zh' ? '、' : ', ');
    throw ruleError('applicant-jurisdiction', `本项目只受理注册地在${names('zh')}的机构申领`, `The programme takes applications from organisations registered in ${names('en')} only`, {
      applicantJurisdictions: applicantFrom,
    });
  }
  const org = await deps.db.db.selectFrom('organizations').select(['type', 'tier', 'name']).where('id', '=', actor.organizationId).executeTakeFirstOrThrow();
  const teamName = input.teamName?.trim() || null;
  if (input.applicantKind === 'enterprise') {
    const tiers = csv(p.eligible_tiers);
    if (org.type !== 'enterprise' || !org.tier || !tiers.includes(org.tier)) {
      const names = (lang: 'zh' | 'en') => tiers.map((t) => TIER_NAMES[t as EnterpriseTier]?.[lang] ?? t).join(lang === 'zh' ? '、' : ', ');
      throw ruleError('tier-not-eligible', `本项目面向以下企业：${names('zh') || '无'}`, `The programme is for: ${names('en') || 'no enterprise tier'}`, { eligibleTiers: tiers, tier: org.tier });
    }
    if (input.requestedFen > Number(p.cap_enterprise_year_fen)) throw ruleError('cap-exceeded', `每家企业每年至多 ${fenText(Number(p.cap_enterprise_year_fen))} 元`, `At most ${fenText(Number(p.cap_enterprise_year_fen))} yuan per enterprise per year`);
  } else {
    if (Number(p.teams_eligible) !== 1) throw ruleError('teams-not-eligible', '本项目不受理团队申领', 'The programme does not admit teams');
    if (!teamName) throw invalid([{ field: 'body:/teamName', code: 'value-invalid' }]);
    if (input.requestedFen > Number(p.cap_team_fen)) throw ruleError('cap-exceeded', `每个团队至多 ${fenText(Number(p.cap_team_fen))} 元`, `At most ${fenText(Number(p.cap_team_fen))} yuan per team`);
  }
  await assertNoIntegrityBar(deps.db.db, { organizationId: actor.organizationId, userId: actor.userId }, 'receive_voucher', at);
  const open = await deps.db.db.selectFrom('voucher_applications').select('id').where('program_id', '=', programId).where('applicant_org_id', '=', actor.organizationId).where('status', '=', 'submitted').executeTakeFirst();
  if (open) throw conflict({ zh: '本机构在该项目已有待审核的申请', en: 'Your organisation already has an application awaiting decision in this programme' }, { applicationId: Number(open.id) });
  const row = {
    program_id: programId,
    applicant_org_id: actor.organizationId,
    applicant_user_id: actor.userId,
    applicant_kind: input.applicantKind,
    team_name: input.applicantKind === 'team' ? teamName : null,
    requested_fen: input.requestedFen,
    purpose: input.purpose.trim(),
    status: 'submitted',
    approved_fen: null,
    decision_note: null,
    decided_by: null,
    decided_at: null,
    created_at: at,
    updated_at: at,
  };
  const id = await inTransaction(deps, async (trx) => {
    const id = Number((await trx.insertInto('voucher_applications').values(row).returning('id').executeTakeFirstOrThrow()).id);
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher_application.submit', entityType: 'voucher_application', entityId: id, jurisdictionCode: p.jurisdiction_code, change: row });
    return id;
  });
  return (await applicationViews(deps, [id]))[0];
}

export async function listApplications(deps: Deps, actor: Actor, q: { scope?: 'mine' | 'managed'; programId?: number; status?: string; sort?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { createdAt: 'a.created_at', requested: 'a.requested_fen', status: 'a.status' } as const, '-createdAt');
  let base = deps.db.db.selectFrom('voucher_applications as a').innerJoin('voucher_programs as p', 'p.id', 'a.program_id');
  const managed = (q.scope ?? (isAdmin(actor) ? 'managed' : 'mine')) === 'managed';
  if (managed) {
    if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
    if (actor.role !== 'platform_admin') base = base.where('p.jurisdiction_code', '=', actor.jurisdictionCode ?? '');
  } else base = base.where('a.applicant_org_id', '=', actor.organizationId);
  if (q.programId) base = base.where('a.program_id', '=', q.programId);
  if (q.status) base = base.where('a.status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.select('a.id').orderBy(sql.ref(column), direction).orderBy('a.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await applicationViews(deps, rows.map((r) => Number(r.id))), total: Number(count.n), page, pageSize };
}

async function loadManagedApplication(deps: Deps, actor: Actor, id: number) {
  const a = await deps.db.db
    .selectFrom('voucher_applications as a')
    .innerJoin('voucher_programs as p', 'p.id', 'a.program_id')
    .selectAll('a')
    .select(['p.jurisdiction_code'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a || !administers(actor, a.jurisdiction_code)) throw notFound(APPLICATION, id);
  return a;
}

/** Approves within caps and the available budget and issues the voucher; the budget is committed at once. */
export async function approveApplication(deps: Deps, actor: Actor, id: number, input: { amountFen: number; note?: string }) {
  const a = await loadManagedApplication(deps, actor, id);
  const at = nowIso(deps);
  const programId = Number(a.program_id);
  const attempt = () =>
    inTransaction(deps, async (trx) => {
      await lockRow(trx, deps, 'voucher_programs', programId);
      const p = await trx.selectFrom('voucher_programs').selectAll().where('id', '=', programId).executeTakeFirstOrThrow();
      const cur = await trx.selectFrom('voucher_applications').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      if (cur.status !== 'submitted') throw conflict({ zh: `申请已${cur.status === 'approved' ? '批准' : '处理'}`, en: `The application is already ${cur.status}` });
      assertIssueWindow(p, at);
      if (input.amountFen > Number(a.requested_fen)) throw invalid([{ field: 'body:/amountFen', code: 'value-invalid' }]);
      await assertNoIntegrityBar(trx, { organizationId: Number(a.applicant_org_id), userId: Number(a.applicant_user_id) }, 'receive_voucher', at);
      // Caps: per enterprise per (Beijing) year, per team over the programme.
      if (a.applicant_kind === 'enterprise') {
        const y = yearBounds(at);
        const issued = await trx
          .selectFrom('vouchers')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('face_value_fen'), eb.lit(0)).as('s'))
          .where('program_id', '=', programId)
          .where('holder_org_id', '=', Number(a.applicant_org_id))
          .where('holder_kind', '=', 'enterprise')
          .where('issued_at', '>=', y.from)
          .where('issued_at', '<', y.to)
          .executeTakeFirstOrThrow();
        const left = Number(p.cap_enterprise_year_fen) - Number(issued.s);
        if (input.amountFen > left) throw ruleError('cap-exceeded', `该企业本年度在本项目还可获 ${fenText(Math.max(0, left))} 元`, `The enterprise may receive ${fenText(Math.max(0, left))} yuan more this year`, { remainingFen: Math.max(0, left) });
      } else {
        const issued = await trx
          .selectFrom('vouchers')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('face_value_fen'), eb.lit(0)).as('s'))
          .where('program_id', '=', programId)
          .where('holder_org_id', '=', Number(a.applicant_org_id))
          .where('holder_kind', '=', 'team')
          .where('team_name', '=', a.team_name ?? '')
          .executeTakeFirstOrThrow();
        const left = Number(p.cap_team_fen) - Number(issued.s);
        if (input.amountFen > left) throw ruleError('cap-exceeded', `该团队在本项目还可获 ${fenText(Math.max(0, left))} 元`, `The team may receive ${fenText(Math.max(0, left))} yuan more`, { remainingFen: Math.max(0, left) });
      }
      const available = (await balances(trx, [account.budget(programId)])).get(account.budget(programId)) ?? 0;
      if (input.amountFen > available) throw ruleError('budget-exceeded', `项目可用预算仅剩 ${fenText(available)} 元`, `Only ${fenText(available)} yuan of the budget is left`, { availableFen: available });
      const code = newVoucherCode(p.jurisdiction_code, at);
      const voucher = {
        code,
        program_id: programId,
        application_id: id,
        holder_org_id: Number(a.applicant_org_id),
        holder_kind: a.applicant_kind,
        team_name: a.team_name,
        jurisdiction_code: p.jurisdiction_code,
        face_value_fen: input.amountFen,
        issued_at: at,
        expires_at: p.expires_at,
        status: 'active',
        status_reason: null,
        updated_at: at,
      };
      const vid = Number((await trx.insertInto('vouchers').values(voucher).returning('id').executeTakeFirstOrThrow()).id);
      await trx
        .updateTable('voucher_applications')
        .set({ status: 'approved', approved_fen: input.amountFen, decision_note: input.note?.trim() ?? null, decided_by: actor.userId, decided_at: at, updated_at: at })
        .where('id', '=', id)
        .execute();
      await post(trx, {
        kind: 'issue',
        programId,
        voucherId: vid,
        memo: code,
        actorUserId: actor.userId,
        at,
        entries: [
          { account: account.budget(programId), amountFen: -input.amountFen },
          { account: account.voucher(vid), amountFen: input.amountFen },
        ],
      });
      await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher.issue', entityType: 'voucher', entityId: vid, jurisdictionCode: p.jurisdiction_code, change: { applicationId: id, ...voucher } });
      return vid;
    });
  let vid: number;
  try {
    vid = await attempt();
  } catch (e) {
    if (!deps.db.helpers.errors.isDeadlock(e)) throw e;
    vid = await attempt();
  }
  return { application: (await applicationViews(deps, [id]))[0], voucher: await getVoucher(deps, actor, vid) };
}

export async function rejectApplication(deps: Deps, actor: Actor, id: number, input: { note: string }) {
  const a = await loadManagedApplication(deps, actor, id);
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const r = await trx
      .updateTable('voucher_applications')
      .set({ status: 'rejected', decision_note: input.note.trim(), decided_by: actor.userId, decided_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '申请已处理', en: 'The application has already been decided' });
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher_application.reject', entityType: 'voucher_application', entityId: id, jurisdictionCode: a.jurisdiction_code, change: { note: input.note.trim() } });
  });
  return (await applicationViews(deps, [id]))[0];
}

// ---- vouchers ---------------------------------------------------------------------------

async function voucherViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const db = deps.db.db;
  const [rows, bal, red, lapsed] = await Promise.all([
    db
      .selectFrom('vouchers as v')
      .innerJoin('voucher_programs as p', 'p.id', 'v.program_id')
      .innerJoin('organizations as o', 'o.id', 'v.holder_org_id')
      .selectAll('v')
      .select(['p.name as program_name', 'p.share_bp', 'p.redeem_jurisdictions', 'p.eligible_categories', 'o.name as holder_name'])
      .where('v.id', 'in', ids)
      .execute(),
    balances(
      db,
      ids.map((id) => account.voucher(id)),
    ),
    db
      .selectFrom('redemptions')
      .select(['voucher_id', (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('s')])
      .where('voucher_id', 'in', ids)
      .where('status', '=', 'completed')
      .groupBy('voucher_id')
      .execute(),
    db
      .selectFrom('ledger_transactions as t')
      .innerJoin('ledger_entries as e', 'e.transaction_id', 't.id')
      .select(['t.voucher_id', (eb) => eb.fn.sum<number>('e.amount_fen').as('s')])
      .where('t.kind', '=', 'expire')
      .where('t.voucher_id', 'in', ids)
      .where(
        'e.account',
        'in',
        ids.map((id) => account.voucher(id)),
      )
      .groupBy('t.voucher_id')
      .execute(),
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
        lapsedFen: -Number(lapsed.find((r) => Number(r.voucher_id) === id)?.s ?? 0),
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

type VoucherRow = Awaited<ReturnType<typeof loadVoucherRow>>;
async function loadVoucherRow(deps: Deps, id: number) {
  return deps.db.db.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The holder organisation's people, and the issuing jurisdiction's administrators. */
function canSeeVoucher(a: Actor, v: { holder_org_id: number; jurisdiction_code: string }) {
  return a.organizationId === Number(v.holder_org_id) || administers(a, v.jurisdiction_code);
}

export async function getVoucher(deps: Deps, actor: Actor, id: number) {
  await expireDue(deps);
  const v = await loadVoucherRow(deps, id);
  if (!v || !canSeeVoucher(actor, v)) throw notFound(VOUCHER, id);
  const [view] = await voucherViews(deps, [id]);
  const moves = await deps.db.db
    .selectFrom('ledger_transactions as t')
    .innerJoin('ledger_entries as e', 'e.transaction_id', 't.id')
    .select(['t.id', 't.kind', 't.redemption_id', 't.memo', 't.created_at', 'e.amount_fen'])
    .where('t.voucher_id', '=', id)
    .where('e.account', '=', account.voucher(id))
    .orderBy('t.id')
    .execute();
  let running = 0;
  const history = moves.map((m) => {
    running += Number(m.amount_fen);
    return { transactionId: Number(m.id), kind: m.kind, amountFen: Number(m.amount_fen), balanceAfterFen: running, redemptionId: m.redemption_id === null ? null : Number(m.redemption_id), memo: m.memo, at: m.created_at };
  });
  return { ...view, history };
}

export async function lookupVoucher(deps: Deps, actor: Actor, code: string) {
  const v = await deps.db.db.selectFrom('vouchers').select('id').where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  // The code is the holder's proof: whoever holds it (a provider at checkout) may see the voucher.
  if (!v) throw notFound(VOUCHER, code);
  await expireDue(deps);
  return (await voucherViews(deps, [Number(v.id)]))[0];
}

export async function listVouchers(deps: Deps, actor: Actor, q: { scope?: 'mine' | 'managed'; programId?: number; status?: string; q?: string; sort?: string; page?: number; pageSize?: number }) {
  await expireDue(deps);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { issuedAt: 'v.issued_at', expiresAt: 'v.expires_at', faceValue: 'v.face_value_fen', code: 'v.code', balance: 'balance' } as const, '-issuedAt');
  // The balance is no column: it is the sum of the voucher account's ledger entries.
  const order = column === 'balance' ? sql`(select coalesce(sum(e.amount_fen), 0) from ledger_entries e where e.account = ${sql.lit('voucher:')} || cast(v.id as varchar(20)))` : sql.ref(column);
  let base = deps.db.db.selectFrom('vouchers as v');
  const managed = (q.scope ?? (isAdmin(actor) ? 'managed' : 'mine')) === 'managed';
  if (managed) {
    if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
    if (actor.role !== 'platform_admin') base = base.where('v.jurisdiction_code', '=', actor.jurisdictionCode ?? '');
  } else base = base.where('v.holder_org_id', '=', actor.organizationId);
  if (q.programId) base = base.where('v.program_id', '=', q.programId);
  if (q.status) base = base.where('v.status', '=', q.status);
  if (q.q?.trim()) base = base.where('v.code', 'like', `%${q.q.trim().toUpperCase().replace(/[%_]/g, '')}%`);
  const [rows, count] = await Promise.all([
    base.select('v.id').orderBy(order, direction).orderBy('v.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await voucherViews(deps, rows.map((r) => Number(r.id))), total: Number(count.n), page, pageSize };
}

export async function setVoucherStatus(deps: Deps, actor: Actor, id: number, action: 'suspend' | 'reinstate', input: { reason?: string }) {
  const v = await loadVoucherRow(deps, id);
  if (!v || !canSeeVoucher(actor, v)) throw notFound(VOUCHER, id);
  if (!administers(actor, v.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '由发券地管理部门办理', en: 'The issuing jurisdiction decides this' } });
  const [from, to] = action === 'suspend' ? ['active', 'suspended'] : ['suspended', 'active'];
  if (v.status !== from) throw ruleError('voucher-state', `创新券状态为 ${v.status}`, `The voucher is ${v.status}`, { state: v.status });
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const r = await trx
      .updateTable('vouchers')
      .set({ status: to, status_reason: action === 'suspend' ? (input.reason?.trim() ?? '') : null, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '创新券状态已变化', en: 'The voucher changed meanwhile' });
    await recordAudit(trx, deps.db.helpers, at, { actor, action: `voucher.${action}`, entityType: 'voucher', entityId: id, jurisdictionCode: v.jurisdiction_code, change: { from, to, reason: input.reason ?? null } });
  });
  return getVoucher(deps, actor, id);
}

/**
 * Expiry: every voucher past its date gives its unused balance back to its programme's budget.
 * Idempotent and safe across processes (the voucher row is locked and its status re-read).
 */
export async function expireDue(deps: Deps, actor: Actor | null = null): Promise<{ expired: number; returnedFen: number }> {
  const at = nowIso(deps);
  const due = await deps.db.db.selectFrom('vouchers').select('id').where('status', 'in', ['active', 'suspended']).where('expires_at', '<=', at).limit(500).execute();
  let expired = 0;
  let returnedFen = 0;
  for (const { id } of due) {
    const r = await inTransaction(deps, async (trx) => {
      await lockRow(trx, deps, 'vouchers', Number(id));
      const v = await trx.selectFrom('vouchers').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
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
      await trx.updateTable('vouchers').set({ status: 'expired', updated_at: at }).where('id', '=', Number(id)).execute();
      await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher.expire', entityType: 'voucher', entityId: Number(id), jurisdictionCode: v.jurisdiction_code, change: { returnedFen: bal } });
      return bal;
    }).catch((e) => {
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

// ---- redemption ---------------------------------------------------------------------------

export interface RedemptionInput {
  bookingId?: number;
  orderId?: number;
  amountFen?: number;
  voucherCode?: string;
}

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
  let base: Omit<Source, 'providerId' | 'providerName' | 'providerJurisdiction' | 'providerStatus' | 'providerOrgId'> & { providerOrgId: number | null; providerId: number | null };
  if (input.bookingId !== undefined) {
    const b = await bookingCharge(deps, input.bookingId);
    if (!b) throw notFound({ zh: '预约', en: 'booking' }, input.bookingId);
    if (b.status !== 'completed' || b.chargeFen === null) throw ruleError('source-not-completed', '只能为已完成并已计费的预约兑付', 'Only a completed, charged booking can be paid with a voucher', { state: b.status });
    const name = await deps.db.db.selectFrom('bookings as bk').innerJoin('resources as r', 'r.id', 'bk.resource_id').select('r.name').where('bk.id', '=', input.bookingId).executeTakeFirst();
    base = { kind: 'booking', id: input.bookingId, feeFen: b.chargeFen, payerOrgId: b.payerOrganizationId, providerOrgId: b.providerOrganizationId, providerId: null, category: BOOKING_CATEGORY, label: name?.name ?? '' };
  } else {
    const o = await orderCharge(deps, input.orderId!);
    if (!o) throw notFound({ zh: '服务订单', en: 'service order' }, input.orderId!);
    if (o.status !== 'completed') throw ruleError('source-not-completed', '只能为已完成的服务订单兑付', 'Only a completed service order can be paid with a voucher', { state: o.status });
    base = { kind: 'order', id: input.orderId!, feeFen: o.amountFen, payerOrgId: o.buyerOrgId, providerOrgId: null, providerId: o.providerId, category: o.category, label: o.label };
  }
  const prov = base.providerId !== null
    ? await deps.db.db.selectFrom('providers').selectAll().where('id', '=', base.providerId).executeTakeFirst()
    : base.providerOrgId !== null
      ? await providerByOrganization(deps, base.providerOrgId)
      : undefined;
  if (!prov) throw ruleError('provider-not-recognised', '该服务方不是认定的服务机构，不能兑付创新券', 'The service was not given by a recognised provider', {});
  const org = await deps.db.db.selectFrom('organizations').select('name').where('id', '=', Number(prov.organization_id)).executeTakeFirstOrThrow();
  return { ...base, providerId: Number(prov.id), providerOrgId: Number(prov.organization_id), providerName: org.name, providerJurisdiction: prov.jurisdiction_code, providerStatus: prov.status };
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
async function assess(deps: Deps, db: Trx | Deps['db']['db'], v: NonNullable<VoucherRow>, src: Source, requested: number | undefined, at: string): Promise<Split> {
  const p = await db.selectFrom('voucher_programs').selectAll().where('id', '=', Number(v.program_id)).executeTakeFirstOrThrow();
  if (v.status === 'suspended') throw ruleError('voucher-suspended', `创新券已暂停使用${v.status_reason ? '：' + v.status_reason : ''}`, `The voucher is suspended${v.status_reason ? ': ' + v.status_reason : ''}`);
  if (v.status === 'expired' || at >= v.expires_at) throw ruleError('voucher-expired', `创新券已于 ${v.expires_at.slice(0, 10)} 到期`, `The voucher expired on ${v.expires_at.slice(0, 10)}`, { expiresAt: v.expires_at });
  if (src.payerOrgId !== Number(v.holder_org_id)) throw ruleError('not-holder', '这项服务不是持券单位购买的', 'The service was not bought by the voucher’s holder');
  if (src.providerOrgId === Number(v.holder_org_id)) throw ruleError('related-party', '不能向本单位兑付创新券', 'A voucher cannot pay its holder’s own organisation');
  const [lo, hi] = [Math.min(src.providerOrgId, Number(v.holder_org_id)), Math.max(src.providerOrgId, Number(v.holder_org_id))];
  const aff = await db.selectFrom('affiliations').select('id').where('org_a_id', '=', lo).where('org_b_id', '=', hi).executeTakeFirst();
  if (aff) throw ruleError('related-party', '服务机构与持券单位为关联方，不能兑付', 'The provider and the holder are declared affiliates', { affiliationId: Number(aff.id) });
  if (src.providerStatus !== 'listed') throw ruleError('provider-not-recognised', `服务机构当前不在名录中（${src.providerStatus}）`, `The provider is not listed (${src.providerStatus})`, { providerStatus: src.providerStatus });
  const allowed = csv(p.redeem_jurisdictions);
  if (!allowed.includes(src.providerJurisdiction)) {
    throw ruleError('jurisdiction-not-allowed', `本券只能在 ${allowed.map((j) => jName(j).zh).join('、')} 的服务机构兑付`, `This voucher is redeemable with providers in ${allowed.map((j) => jName(j).en).join(', ')} only`, {
      redeemJurisdictions: allowed,
      providerJurisdiction: src.providerJurisdiction,
    });
  }
  if (src.providerJurisdiction !== v.jurisdiction_code) {
    const r = await db.selectFrom('provider_recognitions').select('decision').where('provider_id', '=', src.providerId).where('jurisdiction_code', '=', v.jurisdiction_code).executeTakeFirst();
    if (r?.decision !== 'recognised') {
      throw ruleError('provider-not-recognised', `发券地${jName(v.jurisdiction_code).zh}${r ? '已拒绝' : '尚未'}互认该服务机构`, `${jName(v.jurisdiction_code).en} has ${r ? 'declined to recognise' : 'not recognised'} this provider`, { decision: r?.decision ?? null });
    }
  }
  const cats = csv(p.eligible_categories);
  if (!cats.includes(src.category)) {
    const n = CATEGORY_NAMES[src.category as keyof typeof CATEGORY_NAMES] ?? { zh: src.category, en: src.category };
    throw ruleError('category-not-eligible', `本券不支持「${n.zh}」类服务`, `This voucher does not cover ${n.en}`, { category: src.category, eligibleCategories: cats });
  }
  await assertNoIntegrityBar(db, { organizationId: Number(v.holder_org_id) }, 'receive_voucher', at);
  await assertNoIntegrityBar(db, { organizationId: src.providerOrgId }, 'provide_services', at);
  const live = await db.selectFrom('redemptions').select('id').where('source_kind', '=', src.kind).where('source_id', '=', src.id).where('status', '=', 'completed').executeTakeFirst();
  if (live) throw conflict({ zh: '这项服务已用创新券支付', en: 'This service has already been paid with a voucher' }, { rule: 'already-redeemed', redemptionId: Number(live.id) });
  const locked = await db.selectFrom('settlements').select('id').where('jurisdiction_code', '=', v.jurisdiction_code).where('period', '=', periodOf(at)).executeTakeFirst();
  if (locked) throw conflict({ zh: `${periodOf(at)} 已结算，本期不能再兑付`, en: `${periodOf(at)} is settled; no more redemptions in it` }, { rule: 'period-locked', settlementId: Number(locked.id) });

  const balanceFen = (await balances(db, [account.voucher(Number(v.id))])).get(account.voucher(Number(v.id))) ?? 0;
  const shareLimitFen = Math.floor((src.feeFen * Number(p.share_bp)) / 10_000);
  let capRemainingFen: number;
  if (v.holder_kind === 'team') {
    const used = await db
      .selectFrom('redemptions as r')
      .innerJoin('vouchers as v2', 'v2.id', 'r.voucher_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('r.amount_fen', '-', eb.ref('r.refunded_fen'))), eb.lit(0)).as('s'))
      .where('r.program_id', '=', Number(p.id))
      .where('r.holder_org_id', '=', Number(v.holder_org_id))
      .where('r.status', '=', 'completed')
      .where('v2.holder_kind', '=', 'team')
      .where('v2.team_name', '=', v.team_name ?? '')
      .executeTakeFirstOrThrow();
    capRemainingFen = Number(p.cap_team_fen) - Number(used.s);
  } else {
    const y = yearBounds(at);
    // The enterprise's own vouchers only: its teams have their own cap (as at issuance).
    const used = await db
      .selectFrom('redemptions as r')
      .innerJoin('vouchers as v2', 'v2.id', 'r.voucher_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('r.amount_fen', '-', eb.ref('r.refunded_fen'))), eb.lit(0)).as('s'))
      .where('r.program_id', '=', Number(p.id))
      .where('r.holder_org_id', '=', Number(v.holder_org_id))
      .where('r.status', '=', 'completed')
      .where('v2.holder_kind', '=', 'enterprise')
      .where('r.created_at', '>=', y.from)
      .where('r.created_at', '<', y.to)
      .executeTakeFirstOrThrow();
    capRemainingFen = Number(p.cap_enterprise_year_fen) - Number(used.s);
  }
  capRemainingFen = Math.max(0, capRemainingFen);
  const max = Math.min(shareLimitFen, balanceFen, capRemainingFen);
  const limitedBy: Split['limitedBy'] = max === shareLimitFen ? 'share' : max === balanceFen ? 'balance' : 'cap';
  const amount = requested ?? max;
  const tooMuch = (rule: string, limit: number, zh: string, en: string) => ruleError(rule, `${zh}：至多 ${fenText(limit)} 元`, `${en}: at most ${fenText(limit)} yuan`, { limitFen: limit, requestedFen: amount });
  if (amount > shareLimitFen) throw tooMuch('share-exceeded', shareLimitFen, `创新券至多支付服务费的 ${Number(p.share_bp) / 100}%`, `A voucher pays at most ${Number(p.share_bp) / 100}% of the fee`);
  if (amount > capRemainingFen) throw tooMuch('cap-exceeded', capRemainingFen, v.holder_kind === 'team' ? '超出团队额度' : '超出企业年度额度', v.holder_kind === 'team' ? 'Over the team’s cap' : 'Over the enterprise’s yearly cap');
  if (amount > balanceFen) throw tooMuch('insufficient-balance', balanceFen, '创新券余额不足', 'The voucher’s balance is not enough');
  if (amount <= 0) {
    if (balanceFen <= 0) throw ruleError('insufficient-balance', '创新券余额为零', 'The voucher has no balance left', { limitFen: 0 });
    if (capRemainingFen <= 0) throw ruleError('cap-exceeded', '额度已用完', 'The cap is used up', { limitFen: 0 });
    throw ruleError('share-exceeded', '该笔服务费太小，创新券不能支付', 'The fee is too small for the voucher to pay a share', { limitFen: 0 });
  }
  return { feeFen: src.feeFen, shareLimitFen, balanceFen, capRemainingFen, payableFen: amount, copayFen: src.feeFen - amount, limitedBy };
}

/** Who may redeem: the holder's people; or the provider's people showing the voucher's code (checkout). */
function canRedeem(actor: Actor, v: NonNullable<VoucherRow>, src: Source | null, code: string | undefined) {
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
  const split = await assess(deps, deps.db.db, v, src, input.amountFen, nowIso(deps));
  return { ...split, providerId: src.providerId, providerName: src.providerName, providerJurisdiction: src.providerJurisdiction, category: src.category };
}

async function redemptionViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const rows = await deps.db.db
    .selectFrom('redemptions as r')
    .innerJoin('vouchers as v', 'v.id', 'r.voucher_id')
    .innerJoin('voucher_programs as p', 'p.id', 'r.program_id')
    .innerJoin('organizations as h', 'h.id', 'r.holder_org_id')
    .innerJoin('providers as pr', 'pr.id', 'r.provider_id')
    .innerJoin('organizations as po', 'po.id', 'pr.organization_id')
    .leftJoin('bookings as b', (j) => j.onRef('b.id', '=', 'r.source_id').on('r.source_kind', '=', 'booking'))
    .leftJoin('resources as res', 'res.id', 'b.resource_id')
    .leftJoin('service_orders as so', (j) => j.onRef('so.id', '=', 'r.source_id').on('r.source_kind', '=', 'order'))
    .leftJoin('service_products as sp', 'sp.id', 'so.product_id')
    .selectAll('r')
    .select(['v.code', 'p.name as program_name', 'h.name as holder_name', 'po.name as provider_name', 'res.name as resource_name', 'sp.name as product_name'])
    .where('r.id', 'in', ids)
    .execute();
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
        sourceLabel: (r.source_kind === 'booking' ? r.resource_name : r.product_name) ?? '',
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

export async function redeem(deps: Deps, actor: Actor, id: number, key: string | undefined, input: RedemptionInput): Promise<{ replayed: boolean; redemption: Awaited<ReturnType<typeof redemptionViews>>[number] }> {
  const idem = key?.trim() ?? '';
  if (!idem || idem.length > 200) throw invalid([{ field: 'header:/idempotency-key', code: 'value-invalid' }]);
  await expireDue(deps);
  const v0 = await loadVoucherRow(deps, id);
  if (!v0) throw notFound(VOUCHER, id);
  const requestHash = createHash('sha256')
    .update(canonicalJson({ bookingId: input.bookingId ?? null, orderId: input.orderId ?? null, amountFen: input.amountFen ?? null }))
    .digest('hex');
  const replay = async () => {
    const r = await deps.db.db.selectFrom('redemptions').select(['id', 'request_hash']).where('voucher_id', '=', id).where('idempotency_key', '=', idem).executeTakeFirst();
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

  const attempt = () =>
    inTransaction(deps, async (trx) => {
      const at = nowIso(deps);
      // Writers of one programme queue on its row (caps span its vouchers), then on the voucher's.
      await lockRow(trx, deps, 'voucher_programs', Number(v0.program_id));
      await lockRow(trx, deps, 'vouchers', id);
      const dup = await trx.selectFrom('redemptions').select(['id', 'request_hash']).where('voucher_id', '=', id).where('idempotency_key', '=', idem).executeTakeFirst();
      if (dup) {
        if (dup.request_hash !== requestHash) throw new AppError('idempotency-key-reused', {}, [], { redemptionId: Number(dup.id) });
        return { replayed: true, id: Number(dup.id) };
      }
      const v = await trx.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
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
      const rid = Number((await trx.insertInto('redemptions').values(row).returning('id').executeTakeFirstOrThrow()).id);
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
      await recordAudit(trx, deps.db.helpers, at, { actor, action: 'voucher.redeem', entityType: 'redemption', entityId: rid, jurisdictionCode: v.jurisdiction_code, change: { ...row, request_hash: undefined, copayFen: split.copayFen } });
      return { replayed: false, id: rid };
    });
  let out: { replayed: boolean; id: number };
  try {
    try {
      out = await attempt();
    } catch (e) {
      if (!deps.db.helpers.errors.isDeadlock(e)) throw e;
      out = await attempt();
    }
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
  q: { scope?: 'holder' | 'provider' | 'issuer'; voucherId?: number; providerId?: number; bookingIds?: string; period?: string; status?: string; sort?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { createdAt: 'r.created_at', amount: 'r.amount_fen', period: 'r.period' } as const, '-createdAt');
  let base = deps.db.db.selectFrom('redemptions as r');
  const scope = q.scope ?? (isAdmin(actor) ? 'issuer' : 'holder');
  if (scope === 'issuer') {
    if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
    if (actor.role !== 'platform_admin') base = base.where((eb) => eb.or([eb('r.issuer_jurisdiction', '=', actor.jurisdictionCode ?? ''), eb('r.provider_jurisdiction', '=', actor.jurisdictionCode ?? '')]));
  } else if (scope === 'provider') {
    const p = await providerByOrganization(deps, actor.organizationId);
    base = base.where('r.provider_id', '=', p ? Number(p.id) : -1);
  } else base = base.where('r.holder_org_id', '=', actor.organizationId);
  if (q.voucherId) base = base.where('r.voucher_id', '=', q.voucherId);
  if (q.providerId) base = base.where('r.provider_id', '=', q.providerId);
  if (q.bookingIds) {
    // The redemptions of the bookings a page shows (my bookings: which are paid by voucher).
    const ids = [...new Set(q.bookingIds.split(',').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))].slice(0, 200);
    base = base.where('r.source_kind', '=', 'booking').where('r.source_id', 'in', ids.length ? ids : [-1]);
  }
  if (q.period) base = base.where('r.period', '=', q.period);
  if (q.status) base = base.where('r.status', '=', q.status);
  const [rows, count, totals] = await Promise.all([
    base.select('r.id').orderBy(sql.ref(column), direction).orderBy('r.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['r.issuer_jurisdiction', (eb) => eb.fn.sum<number>(eb('r.amount_fen', '-', eb.ref('r.refunded_fen'))).as('s'), (eb) => eb.fn.sum<number>(sql<number>`case when r.settlement_id is null then r.amount_fen - r.refunded_fen else 0 end`).as('open')])
      .where('r.status', '=', 'completed')
      .groupBy('r.issuer_jurisdiction')
      .execute(),
  ]);
  return {
    items: await redemptionViews(deps, rows.map((r) => Number(r.id))),
    total: Number(count.n),
    page,
    pageSize,
    totals: totals.map((t) => ({ issuerJurisdiction: t.issuer_jurisdiction, amountFen: Number(t.s), unsettledFen: Number(t.open) })).sort((a, b) => a.issuerJurisdiction.localeCompare(b.issuerJurisdiction)),
  };
}

export async function getVoucherRedemptions(deps: Deps, actor: Actor, id: number, q: { page?: number; pageSize?: number }) {
  const v = await loadVoucherRow(deps, id);
  if (!v || !canSeeVoucher(actor, v)) throw notFound(VOUCHER, id);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const base = deps.db.db.selectFrom('redemptions').where('voucher_id', '=', id);
  const [rows, count] = await Promise.all([
    base.select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await redemptionViews(deps, rows.map((r) => Number(r.id))), total: Number(count.n), page, pageSize };
}

/** Reversal (the whole redemption) or refund (part of it): money goes back to the voucher — or, when the voucher has expired, on to the programme's budget. */
export async function unwind(deps: Deps, actor: Actor, id: number, action: 'reverse' | 'refund', input: { amountFen?: number; reason: string }) {
  const r0 = await deps.db.db
    .selectFrom('redemptions as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .select(['r.id', 'r.issuer_jurisdiction', 'p.organization_id', 'r.voucher_id', 'r.holder_org_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  const provider = r0 && (actor.role === 'org_admin' || actor.role === 'member') && actor.organizationId === Number(r0.organization_id);
  const issuer = r0 && administers(actor, r0.issuer_jurisdiction);
  if (!r0 || (!provider && !issuer)) {
    if (r0 && actor.organizationId === Number(r0.holder_org_id)) throw new AppError('forbidden', { reason: { zh: '由服务机构或发券地管理部门办理退款', en: 'The provider or the issuing jurisdiction refunds' } });
    throw notFound(REDEMPTION, id);
  }
  const attempt = () =>
    inTransaction(deps, async (trx) => {
      const at = nowIso(deps);
      await lockRow(trx, deps, 'vouchers', Number(r0.voucher_id));
      await lockRow(trx, deps, 'redemptions', id);
      const r = await trx.selectFrom('redemptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (r.status !== 'completed') throw conflict({ zh: '该兑付已冲正', en: 'This redemption has been reversed' }, { rule: 'already-reversed' });
      if (r.settlement_id !== null) throw conflict({ zh: `${r.period} 已结算，不能再冲正或退款`, en: `${r.period} is settled; it can no longer be reversed or refunded` }, { rule: 'period-locked', settlementId: Number(r.settlement_id) });
      const open = Number(r.amount_fen) - Number(r.refunded_fen);
      const amount = action === 'reverse' ? open : (input.amountFen ?? 0);
      if (action === 'refund' && (amount <= 0 || amount > open)) throw ruleError('refund-too-large', `最多可退 ${fenText(open)} 元`, `At most ${fenText(open)} yuan can be refunded`, { limitFen: open });
      const patch = action === 'reverse' ? { status: 'reversed', updated_at: at } : { refunded_fen: Number(r.refunded_fen) + amount, updated_at: at };
      await trx.updateTable('redemptions').set(patch).where('id', '=', id).execute();
      const v = await trx.selectFrom('vouchers').selectAll().where('id', '=', Number(r.voucher_id)).executeTakeFirstOrThrow();
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
      await recordAudit(trx, deps.db.helpers, at, { actor, action: `redemption.${action}`, entityType: 'redemption', entityId: id, jurisdictionCode: r.issuer_jurisdiction, change: { amountFen: amount, reason: input.reason.trim() } });
    });
  try {
    await attempt();
  } catch (e) {
    if (!deps.db.helpers.errors.isDeadlock(e)) throw e;
    await attempt();
  }
  return (await redemptionViews(deps, [id]))[0];
}

// ---- affiliates -------------------------------------------------------------------------

export async function listAffiliations(deps: Deps, actor: Actor, q: { organizationId?: number }) {
  const orgId = q.organizationId ?? actor.organizationId;
  if (orgId !== actor.organizationId && !isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '只能查看本机构的关联方', en: 'You may only see your own organisation’s affiliates' } });
  const rows = await deps.db.db
    .selectFrom('affiliations as f')
    .innerJoin('organizations as a', 'a.id', 'f.org_a_id')
    .innerJoin('organizations as b', 'b.id', 'f.org_b_id')
    .select(['f.id', 'f.org_a_id', 'f.org_b_id', 'a.name as a_name', 'b.name as b_name', 'f.note', 'f.created_at'])
    .where((eb) => eb.or([eb('f.org_a_id', '=', orgId), eb('f.org_b_id', '=', orgId)]))
    .orderBy('f.id')
    .execute();
  return rows.map((r) => {
    const other = Number(r.org_a_id) === orgId ? { id: Number(r.org_b_id), name: r.b_name } : { id: Number(r.org_a_id), name: r.a_name };
    return { id: Number(r.id), organizationId: orgId, affiliateId: other.id, affiliateName: other.name, note: r.note, createdAt: r.created_at };
  });
}

export async function declareAffiliation(deps: Deps, actor: Actor, input: { organizationId: number; note?: string }) {
  if (actor.role !== 'org_admin') throw new AppError('forbidden', { reason: { zh: '由本机构管理员申报关联方', en: 'Your organisation’s administrator declares affiliates' } });
  if (input.organizationId === actor.organizationId) throw invalid([{ field: 'body:/organizationId', code: 'value-invalid' }]);
  const other = await deps.db.db.selectFrom('organizations').select('id').where('id', '=', input.organizationId).executeTakeFirst();
  if (!other) throw invalid([{ field: 'body:/organizationId', code: 'organization-invalid' }]);
  const [lo, hi] = [Math.min(input.organizationId, actor.organizationId), Math.max(input.organizationId, actor.organizationId)];
  const at = nowIso(deps);
  try {
    await inTransaction(deps, async (trx) => {
      const { id } = await trx.insertInto('affiliations').values({ org_a_id: lo, org_b_id: hi, note: input.note?.trim() ?? '', declared_by: actor.userId, created_at: at }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, deps.db.helpers, at, { actor, action: 'affiliation.declare', entityType: 'affiliation', entityId: Number(id), jurisdictionCode: actor.organizationJurisdiction, change: { orgA: lo, orgB: hi, note: input.note ?? '' } });
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw conflict({ zh: '已申报过该关联方', en: 'This affiliate is already declared' });
    throw e;
  }
  return (await listAffiliations(deps, actor, {})).find((a) => a.affiliateId === input.organizationId)!;
}

export async function removeAffiliation(deps: Deps, actor: Actor, id: number) {
  const f = await deps.db.db.selectFrom('affiliations').selectAll().where('id', '=', id).executeTakeFirst();
  const mine = f && actor.role === 'org_admin' && (Number(f.org_a_id) === actor.organizationId || Number(f.org_b_id) === actor.organizationId);
  if (!f || !(mine || actor.role === 'platform_admin')) throw notFound(AFFILIATION, id);
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await trx.deleteFrom('affiliations').where('id', '=', id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'affiliation.remove', entityType: 'affiliation', entityId: id, jurisdictionCode: actor.organizationJurisdiction, change: f });
  });
}

// ---- settlement ---------------------------------------------------------------------------

async function settlementView(deps: Deps, id: number) {
  const s = await deps.db.db.selectFrom('settlements').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return null;
  const lines = await deps.db.db
    .selectFrom('settlement_lines as l')
    .innerJoin('providers as p', 'p.id', 'l.provider_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['l.provider_id', 'o.name', 'l.provider_jurisdiction', 'l.redemptions', 'l.amount_fen'])
    .where('l.settlement_id', '=', id)
    .orderBy('l.amount_fen', 'desc')
    .orderBy('l.provider_id')
    .execute();
  return {
    id,
    period: s.period,
    jurisdictionCode: s.jurisdiction_code,
    status: s.status,
    redemptions: Number(s.redemptions),
    totalFen: Number(s.total_fen),
    createdAt: s.created_at,
    lines: lines.map((l) => ({ providerId: Number(l.provider_id), providerName: l.name, providerJurisdiction: l.provider_jurisdiction, redemptions: Number(l.redemptions), amountFen: Number(l.amount_fen) })),
  };
}

/**
 * Settles a past period for one issuing jurisdiction: each provider's receivable becomes a
 * payment line, cross-jurisdiction amounts post to the clearing accounts, the period is locked.
 * Running it again answers with the same settlement.
 */
export async function runSettlement(deps: Deps, actor: Actor, input: { period: string; jurisdictionCode?: string }) {
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '只能为本辖区结算', en: 'You may only settle your own jurisdiction' } });
  const j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
  if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: 'body:/jurisdictionCode', code: 'jurisdiction-invalid' }]);
  if (!administers(actor, j)) throw new AppError('forbidden', { reason: { zh: '只能为本辖区结算', en: 'You may only settle your own jurisdiction' } });
  const at = nowIso(deps);
  const bounds = periodBounds(input.period);
  if (at < bounds.to) throw ruleError('period-open', `${input.period} 尚未结束，结束后才能结算`, `${input.period} has not ended yet; settle it afterwards`, { periodEndsAt: bounds.to });
  const existing = await deps.db.db.selectFrom('settlements').select('id').where('period', '=', input.period).where('jurisdiction_code', '=', j).executeTakeFirst();
  if (existing) return { created: false, settlement: (await settlementView(deps, Number(existing.id)))! };
  let sid: number;
  try {
    sid = await inTransaction(deps, async (trx) => {
      const sid = Number(
        (await trx.insertInto('settlements').values({ period: input.period, jurisdiction_code: j, status: 'locked', redemptions: 0, total_fen: 0, run_by: actor.userId, created_at: at }).returning('id').executeTakeFirstOrThrow()).id,
      );
      let q = trx
        .selectFrom('redemptions')
        .select(['id', 'provider_id', 'provider_jurisdiction', 'amount_fen', 'refunded_fen'])
        .where('issuer_jurisdiction', '=', j)
        .where('period', '=', input.period)
        .where('status', '=', 'completed')
        .where('settlement_id', 'is', null);
      if (deps.db.helpers.query.supportsRowLocks) q = q.forUpdate();
      const rows = await q.execute();
      const lines = new Map<number, { providerJurisdiction: string; n: number; fen: number }>();
      for (const r of rows) {
        const l = lines.get(Number(r.provider_id)) ?? { providerJurisdiction: r.provider_jurisdiction, n: 0, fen: 0 };
        l.n++;
        l.fen += Number(r.amount_fen) - Number(r.refunded_fen);
        lines.set(Number(r.provider_id), l);
      }
      if (rows.length) {
        for (let i = 0; i < rows.length; i += 500) {
          await trx
            .updateTable('redemptions')
            .set({ settlement_id: sid, updated_at: at })
            .where(
              'id',
              'in',
              rows.slice(i, i + 500).map((r) => Number(r.id)),
            )
            .execute();
        }
      }
      let total = 0;
      for (const [providerId, l] of [...lines].sort((a, b) => a[0] - b[0])) {
        await trx.insertInto('settlement_lines').values({ settlement_id: sid, provider_id: providerId, provider_jurisdiction: l.providerJurisdiction, redemptions: l.n, amount_fen: l.fen }).execute();
        total += l.fen;
        if (l.fen === 0) continue;
        const entries = [
          { account: account.receivable(providerId, j), amountFen: -l.fen },
          { account: account.paid(providerId), amountFen: l.fen },
        ];
        if (l.providerJurisdiction !== j) entries.push({ account: account.clearing(j, l.providerJurisdiction), amountFen: l.fen }, { account: account.clearing(l.providerJurisdiction, j), amountFen: -l.fen });
        await post(trx, { kind: 'settle', settlementId: sid, memo: `${input.period} ${j} → provider ${providerId}`, actorUserId: actor.userId, at, entries });
      }
      await trx.updateTable('settlements').set({ redemptions: rows.length, total_fen: total }).where('id', '=', sid).execute();
      await recordAudit(trx, deps.db.helpers, at, { actor, action: 'settlement.run', entityType: 'settlement', entityId: sid, jurisdictionCode: j, change: { period: input.period, redemptions: rows.length, totalFen: total, lines: lines.size } });
      return sid;
    });
  } catch (e) {
    if (!deps.db.helpers.errors.isUniqueViolation(e) && !deps.db.helpers.errors.isDeadlock(e)) throw e;
    // Another run of the same period won: answer with its settlement.
    const won = await deps.db.db.selectFrom('settlements').select('id').where('period', '=', input.period).where('jurisdiction_code', '=', j).executeTakeFirst();
    if (!won) throw e;
    return { created: false, settlement: (await settlementView(deps, Number(won.id)))! };
  }
  return { created: true, settlement: (await settlementView(deps, sid))! };
}

export async function getSettlement(deps: Deps, actor: Actor, id: number) {
  const s = await deps.db.db.selectFrom('settlements').select('jurisdiction_code').where('id', '=', id).executeTakeFirst();
  const owed = s ? await deps.db.db.selectFrom('settlement_lines').select('provider_jurisdiction').distinct().where('settlement_id', '=', id).execute() : [];
  if (!s || !canReadSettlement(actor, { issuer: s.jurisdiction_code, owedJurisdictions: owed.map((o) => o.provider_jurisdiction) })) throw notFound(SETTLEMENT, id);
  return (await settlementView(deps, id))!;
}

/** Settlements the actor may read: a jurisdiction admin sees those it issued and those that owe its providers. */
export async function listSettlements(deps: Deps, actor: Actor, q: { period?: string; jurisdiction?: string; sort?: string; page?: number; pageSize?: number }) {
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { period: 'period', createdAt: 'created_at', total: 'total_fen' } as const, '-period');
  let base = deps.db.db.selectFrom('settlements');
  const mine = actor.role === 'jurisdiction_admin' ? actor.jurisdictionCode ?? '' : null;
  if (mine !== null) {
    base = base.where((eb) =>
      eb.or([
        eb('jurisdiction_code', '=', mine),
        eb.exists(eb.selectFrom('settlement_lines as l').select('l.settlement_id').whereRef('l.settlement_id', '=', 'settlements.id').where('l.provider_jurisdiction', '=', mine)),
      ]),
    );
  }
  if (q.period) base = base.where('period', '=', q.period);
  if (q.jurisdiction) base = base.where('jurisdiction_code', '=', q.jurisdiction);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy(sql.ref(column), direction).orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((s) => ({ id: Number(s.id), period: s.period, jurisdictionCode: s.jurisdiction_code, status: s.status, redemptions: Number(s.redemptions), totalFen: Number(s.total_fen), createdAt: s.created_at })),
    total: Number(count.n),
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
  const [rows, settled] = await Promise.all([
    deps.db.db
      .selectFrom('redemptions')
      .select([
        'issuer_jurisdiction',
        'provider_jurisdiction',
        (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('s'),
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.sum<number>(sql<number>`case when settlement_id is null then 0 else amount_fen - refunded_fen end`).as('settled'),
      ])
      .where('period', '=', period)
      .where('status', '=', 'completed')
      .groupBy(['issuer_jurisdiction', 'provider_jurisdiction'])
      .execute(),
    deps.db.db.selectFrom('settlements').select('jurisdiction_code').where('period', '=', period).orderBy('jurisdiction_code').execute(),
  ]);
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
