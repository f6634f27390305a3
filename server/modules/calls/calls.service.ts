// Joint research calls (Decision arts. 6, 7): the joint basic-research fund (teams spanning at
// least two jurisdictions, funding split by jurisdiction shares), 揭榜挂帅 (an enterprise or
// department poses the problem; no age, degree or title limit; the poser takes part in
// selection) and 赛马制 (2–5 teams in parallel, a first tranche each, milestone assessments
// eliminate, later tranches to the survivors). One state machine for all three, every
// transition permission-checked and audited; reviewer assignment is optimal (assignment.ts).
import { sql, type Selectable } from 'kysely';
import type { CallTable } from '../../db/types';
import { JURISDICTION_CODES, administers, isAdministrator as isAdmin, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound, parseJson, ruleError } from '../../platform/errors';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { acceptDocument, type UploadedDocument } from '../../platform/files';
import { isoNow } from '../../platform/clock';
import { assignReviewers, affinity } from './assignment';
import { CONFLICT_NAMES, conflictOf, csv, expertFacts, expertViews, type ConflictSubject } from './experts.service';

const CALL = { zh: '项目指南', en: 'call' };
const APPLICATION = { zh: '申报', en: 'application' };
const REVIEW = { zh: '评审任务', en: 'review' };
export const CALL_KINDS = ['joint_fund', 'challenge', 'horse_race'] as const;
export type CallKind = (typeof CALL_KINDS)[number];
export const CALL_STATUSES = ['draft', 'published', 'open', 'closed', 'review', 'decision', 'notice', 'awarded', 'milestones', 'completed', 'terminated'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** The transitions of a call; terminated is reachable from every live state. */
const NEXT: Record<string, CallStatus[]> = {
  draft: ['published', 'terminated'],
  published: ['open', 'terminated'],
  open: ['closed', 'terminated'],
  closed: ['review', 'terminated'],
  review: ['decision', 'terminated'],
  decision: ['notice', 'terminated'],
  notice: ['awarded', 'terminated'],
  awarded: ['milestones', 'completed', 'terminated'],
  milestones: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};
export const SCORE_CRITERIA = ['novelty', 'feasibility', 'team', 'impact'] as const;

const nowIso = (deps: Deps) => isoNow(deps.clock);
const parse = parseJson;

type CallRow = Selectable<CallTable>;

function callView(c: CallRow, counts?: { applications: number }) {
  return {
    id: Number(c.id),
    kind: c.kind,
    jurisdictionCode: c.jurisdiction_code,
    poserOrgId: c.poser_org_id === null ? null : Number(c.poser_org_id),
    title: c.title,
    description: c.description,
    goals: c.goals,
    indicators: c.indicators,
    milestones: parse<Array<{ title: string; due: string }>>(c.milestones_json, []),
    disciplines: csv(c.disciplines),
    keywords: csv(c.keywords),
    budgetFen: Number(c.budget_fen),
    opensAt: c.opens_at,
    deadline: c.deadline,
    shares: parse<Record<string, number>>(c.shares_json, {}),
    raceTeams: Number(c.race_teams),
    firstTrancheBp: Number(c.first_tranche_bp),
    reviewersPerApplication: Number(c.reviewers_per_application),
    maxPerExpert: Number(c.max_per_expert),
    excludeSameJurisdiction: Number(c.exclude_same_jurisdiction) === 1,
    status: c.status,
    decisionNote: c.decision_note,
    poserOpinion: parse<{ preferredApplicationIds: number[]; note: string; at: string } | null>(c.poser_opinion_json, null),
    noticeEndsAt: c.notice_ends_at,
    applications: counts?.applications ?? 0,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** Drafts: their jurisdiction's admins and the posing organisation; everything else: everyone signed in. */
function canSeeCall(a: Actor, c: CallRow) {
  return c.status !== 'draft' || administers(a, c.jurisdiction_code) || (c.poser_org_id !== null && Number(c.poser_org_id) === a.organizationId);
}
const isPoser = (a: Actor, c: CallRow) => c.poser_org_id !== null && Number(c.poser_org_id) === a.organizationId && (a.role === 'org_admin' || a.role === 'member');

async function loadCall(deps: Deps, actor: Actor, id: number) {
  const c = await deps.db.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c || !canSeeCall(actor, c)) throw notFound(CALL, id);
  return c;
}

export async function getCall(deps: Deps, actor: Actor, id: number) {
  const c = await loadCall(deps, actor, id);
  const n = await deps.db.db.selectFrom('call_applications').select((eb) => eb.fn.countAll<number>().as('n')).where('call_id', '=', id).where('status', '<>', 'withdrawn').executeTakeFirstOrThrow();
  const poser = c.poser_org_id ? await deps.db.db.selectFrom('organizations').select('name').where('id', '=', Number(c.poser_org_id)).executeTakeFirst() : null;
  return { ...callView(c, { applications: Number(n.n) }), poserName: poser?.name ?? null, canManage: administers(actor, c.jurisdiction_code), isPoser: isPoser(actor, c) };
}

export async function listCalls(deps: Deps, actor: Actor, q: { kind?: string; status?: string; jurisdiction?: string; q?: string; sort?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { createdAt: 'c.created_at', deadline: 'c.deadline', budget: 'c.budget_fen', title: 'c.title' } as const, '-createdAt');
  let base = deps.db.db.selectFrom('calls as c');
  base = base.where((eb) =>
    eb.or([
      eb('c.status', '<>', 'draft'),
      eb('c.poser_org_id', '=', actor.organizationId),
      ...(actor.role === 'platform_admin' ? [eb.lit(true)] : actor.role === 'jurisdiction_admin' ? [eb('c.jurisdiction_code', '=', actor.jurisdictionCode ?? '')] : []),
    ]),
  );
  if (q.kind) base = base.where('c.kind', '=', q.kind);
  if (q.status) base = base.where('c.status', '=', q.status);
  if (q.jurisdiction) base = base.where('c.jurisdiction_code', '=', q.jurisdiction);
  if (q.q?.trim()) base = base.where(deps.db.helpers.query.containsInsensitive(sql.ref('c.title'), q.q.trim()));
  const [rows, count] = await Promise.all([
    base.selectAll('c').orderBy(sql.ref(column), direction).orderBy('c.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => Number(r.id));
  const counts = ids.length
    ? await deps.db.db.selectFrom('call_applications').select(['call_id', (eb) => eb.fn.countAll<number>().as('n')]).where('call_id', 'in', ids).where('status', '<>', 'withdrawn').groupBy('call_id').execute()
    : [];
  return { items: rows.map((c) => callView(c, { applications: Number(counts.find((x) => Number(x.call_id) === Number(c.id))?.n ?? 0) })), total: Number(count.n), page, pageSize };
}

export interface CallInput {
  kind: CallKind;
  jurisdictionCode?: string;
  poserOrgId?: number;
  title: string;
  description: string;
  goals?: string;
  indicators?: string;
  milestones?: Array<{ title: string; due: string }>;
  disciplines?: string[];
  keywords?: string[];
  budgetFen: number;
  opensAt: string;
  deadline: string;
  shares?: Record<string, number>;
  raceTeams?: number;
  firstTrancheBp?: number;
  reviewersPerApplication?: number;
  maxPerExpert?: number;
  excludeSameJurisdiction?: boolean;
}

/** A jurisdiction's admin drafts any kind; an enterprise (its admin) poses a 揭榜挂帅 challenge (企业出题) as a draft its jurisdiction publishes. */
export async function createCall(deps: Deps, actor: Actor, input: CallInput) {
  let j: string;
  let poser: number | null = input.poserOrgId ?? null;
  if (isAdmin(actor)) {
    j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
    if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: 'body:/jurisdictionCode', code: 'jurisdiction-invalid' }]);
    if (!administers(actor, j)) throw new AppError('forbidden', { reason: { zh: '只能发布本辖区的项目指南', en: 'You may only publish your own jurisdiction’s calls' } });
  } else {
    if (input.kind !== 'challenge' || actor.role !== 'org_admin' || actor.organizationType !== 'enterprise') {
      throw new AppError('forbidden', { reason: { zh: '企业管理员可以提出揭榜挂帅榜单（企业出题）；其他指南由管理部门发布', en: 'An enterprise’s admin may pose a challenge; other calls are published by the departments' } });
    }
    j = actor.organizationJurisdiction;
    poser = actor.organizationId;
  }
  const fields: Array<{ field: string; code: string }> = [];
  if (!(Date.parse(input.opensAt) < Date.parse(input.deadline))) fields.push({ field: 'body:/deadline', code: 'value-invalid' });
  if (input.kind === 'challenge' && !poser) fields.push({ field: 'body:/poserOrgId', code: 'organization-invalid' });
  if (input.kind === 'joint_fund') {
    const shares = input.shares ?? {};
    const keys = Object.keys(shares);
    const sum = Object.values(shares).reduce((a, b) => a + b, 0);
    if (keys.length < 2 || sum !== 10_000 || keys.some((k) => !(JURISDICTION_CODES as readonly string[]).includes(k)) || Object.values(shares).some((v) => !Number.isInteger(v) || v <= 0)) fields.push({ field: 'body:/shares', code: 'value-invalid' });
  }
  if (input.kind === 'horse_race') {
    if (!input.raceTeams || input.raceTeams < 2 || input.raceTeams > 5) fields.push({ field: 'body:/raceTeams', code: 'value-invalid' });
    if (!input.firstTrancheBp || input.firstTrancheBp <= 0 || input.firstTrancheBp > 10_000) fields.push({ field: 'body:/firstTrancheBp', code: 'value-invalid' });
  }
  (input.disciplines ?? []).forEach((d, i) => /^\d{3}(\d{2}(\d{2})?)?$/.test(d) || fields.push({ field: `body:/disciplines/${i}`, code: 'value-invalid' }));
  if (poser) {
    const o = await deps.db.db.selectFrom('organizations').select('id').where('id', '=', poser).executeTakeFirst();
    if (!o) fields.push({ field: 'body:/poserOrgId', code: 'organization-invalid' });
  }
  if (fields.length) throw invalid(fields);
  const at = nowIso(deps);
  const row = {
    kind: input.kind,
    jurisdiction_code: j,
    poser_org_id: poser,
    title: input.title.trim(),
    description: input.description.trim(),
    goals: input.goals?.trim() ?? '',
    indicators: input.indicators?.trim() ?? '',
    milestones_json: JSON.stringify(input.milestones ?? []),
    disciplines: (input.disciplines ?? []).join(','),
    keywords: (input.keywords ?? []).map((k) => k.trim()).filter(Boolean).join(','),
    budget_fen: input.budgetFen,
    opens_at: new Date(input.opensAt).toISOString(),
    deadline: new Date(input.deadline).toISOString(),
    shares_json: JSON.stringify(input.kind === 'joint_fund' ? input.shares : {}),
    race_teams: input.kind === 'horse_race' ? input.raceTeams! : 0,
    first_tranche_bp: input.kind === 'horse_race' ? input.firstTrancheBp! : 0,
    reviewers_per_application: input.reviewersPerApplication ?? 3,
    max_per_expert: input.maxPerExpert ?? 10,
    exclude_same_jurisdiction: input.excludeSameJurisdiction ? 1 : 0,
    status: 'draft',
    decision_note: null,
    poser_opinion_json: null,
    notice_ends_at: null,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  const id = await inTransaction(deps, async (trx) => {
    const id = Number((await trx.insertInto('calls').values(row).returning('id').executeTakeFirstOrThrow()).id);
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'call.create', entityType: 'call', entityId: id, jurisdictionCode: j, change: row });
    return id;
  });
  return getCall(deps, actor, id);
}

export async function transitionCall(deps: Deps, actor: Actor, id: number, input: { to: CallStatus; note?: string }) {
  const c = await loadCall(deps, actor, id);
  if (!administers(actor, c.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '由发布指南的管理部门推进流程', en: 'The publishing department moves a call on' } });
  const allowed = NEXT[c.status] ?? [];
  if (!allowed.includes(input.to)) {
    throw new AppError('rule-violated', { reason: { zh: `指南状态为 ${c.status}，不能转为 ${input.to}`, en: `The call is ${c.status}; it cannot become ${input.to}` } }, [], { rule: 'invalid-transition', from: c.status, allowed });
  }
  const at = nowIso(deps);
  const patch: Record<string, unknown> = { status: input.to, updated_at: at };
  if (input.to === 'notice') {
    const awarded = await deps.db.db.selectFrom('call_applications').select('id').where('call_id', '=', id).where('status', '=', 'awarded').executeTakeFirst();
    if (!awarded) throw ruleError('no-decision', '尚未作出立项决定', 'No award has been decided yet');
    patch.notice_ends_at = new Date(Date.parse(at) + deps.config.callNoticeDays * 86_400_000).toISOString();
  }
  if (input.to === 'awarded' && c.notice_ends_at && at < c.notice_ends_at) throw ruleError('notice-period', `公示期至 ${c.notice_ends_at} 结束`, `The public notice runs until ${c.notice_ends_at}`, { noticeEndsAt: c.notice_ends_at });
  if (input.to === 'review') {
    const n = await deps.db.db.selectFrom('call_applications').select((eb) => eb.fn.countAll<number>().as('n')).where('call_id', '=', id).where('status', '=', 'submitted').executeTakeFirstOrThrow();
    if (Number(n.n) === 0) throw ruleError('no-applications', '没有可评审的申报', 'There are no applications to review');
  }
  await inTransaction(deps, async (trx) => {
    const r = await trx.updateTable('calls').set(patch).where('id', '=', id).where('status', '=', c.status).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '指南状态已变化，请刷新', en: 'The call changed meanwhile; reload' });
    await recordAudit(trx, deps.db.helpers, at, { actor, action: `call.${input.to}`, entityType: 'call', entityId: id, jurisdictionCode: c.jurisdiction_code, change: { from: c.status, to: input.to, note: input.note ?? null } });
  });
  return getCall(deps, actor, id);
}

// ---- applications and bids ------------------------------------------------------------------

export interface Member {
  name: string;
  userId?: number;
  organizationId: number;
  role?: string;
}

async function applicationViews(deps: Deps, ids: number[], opts: { withScores: boolean }) {
  if (!ids.length) return [];
  const [rows, files, scores] = await Promise.all([
    deps.db.db
      .selectFrom('call_applications as a')
      .innerJoin('organizations as o', 'o.id', 'a.applicant_org_id')
      .innerJoin('users as u', 'u.id', 'a.lead_user_id')
      .selectAll('a')
      .select(['o.name as org_name', 'u.display_name as lead_name'])
      .where('a.id', 'in', ids)
      .execute(),
    deps.db.db.selectFrom('call_attachments').select(['id', 'application_id', 'filename', 'content_type', 'size', 'created_at']).where('application_id', 'in', ids).orderBy('id').execute(),
    opts.withScores
      ? deps.db.db.selectFrom('review_assignments').select(['application_id', 'total_score', 'status']).where('application_id', 'in', ids).execute()
      : Promise.resolve([] as Array<{ application_id: number; total_score: number | null; status: string }>),
  ]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const a = byId.get(id)!;
      const s = scores.filter((x) => Number(x.application_id) === id && x.status === 'submitted').map((x) => Number(x.total_score));
      return {
        id,
        callId: Number(a.call_id),
        applicantOrgId: Number(a.applicant_org_id),
        applicantOrgName: a.org_name,
        leadUserId: Number(a.lead_user_id),
        leadName: a.lead_name,
        title: a.title,
        summary: a.summary,
        plan: a.plan,
        budgetFen: Number(a.budget_fen),
        disciplines: csv(a.disciplines),
        keywords: csv(a.keywords),
        members: parse<Array<Member & { jurisdictionCode: string; organizationName: string }>>(a.members_json, []),
        jurisdictions: csv(a.jurisdictions),
        status: a.status,
        awardFen: a.award_fen === null ? null : Number(a.award_fen),
        attachments: files.filter((f) => Number(f.application_id) === id).map((f) => ({ id: Number(f.id), filename: f.filename, contentType: f.content_type, size: Number(f.size), createdAt: f.created_at })),
        ...(opts.withScores ? scoreSummary(s) : {}),
        createdAt: a.created_at,
      };
    });
}

/** Mean, and the trimmed mean (highest and lowest dropped once there are at least three scores). */
export function scoreSummary(scores: number[]) {
  const n = scores.length;
  if (n === 0) return { reviews: 0, meanScore: null as number | null, trimmedMeanScore: null as number | null };
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const kept = n >= 3 ? sorted.slice(1, -1) : sorted;
  const trimmed = kept.reduce((a, b) => a + b, 0) / kept.length;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { reviews: n, meanScore: r(mean), trimmedMeanScore: r(trimmed) };
}

export async function applyToCall(
  deps: Deps,
  actor: Actor,
  callId: number,
  input: { title: string; summary: string; plan?: string; budgetFen: number; disciplines?: string[]; keywords?: string[]; members: Member[] },
) {
  if (isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '管理部门账号不能申报', en: 'Administrative accounts do not apply' } });
  const c = await loadCall(deps, actor, callId);
  const at = nowIso(deps);
  if (c.status !== 'open') throw ruleError('call-not-open', '该指南当前不受理申报', 'The call is not taking applications', { state: c.status });
  if (at >= c.deadline) throw ruleError('deadline-passed', `申报截止时间为 ${c.deadline}`, `Applications closed at ${c.deadline}`, { deadline: c.deadline });
  if (at < c.opens_at) throw ruleError('not-yet-open', `申报自 ${c.opens_at} 开始`, `Applications open at ${c.opens_at}`, { opensAt: c.opens_at });
  if (c.kind === 'challenge' && isPoser(actor, c)) throw ruleError('own-challenge', '出题单位不能揭自己的榜', 'The posing organisation cannot bid on its own challenge');
  const action = c.kind === 'challenge' ? 'bid' : 'apply';
  // The team: the lead (the applicant) first, then the members named.
  const orgIds = [...new Set([actor.organizationId, ...input.members.map((m) => m.organizationId)])];
  const userIds = [...new Set(input.members.map((m) => m.userId).filter((x): x is number => !!x))];
  const [orgs, users] = await Promise.all([
    deps.db.db.selectFrom('organizations').select(['id', 'name', 'jurisdiction_code']).where('id', 'in', orgIds).execute(),
    userIds.length ? deps.db.db.selectFrom('users').select(['id', 'organization_id', 'display_name']).where('id', 'in', userIds).execute() : Promise.resolve([]),
  ]);
  const orgOf = new Map(orgs.map((o) => [Number(o.id), o]));
  const fields: Array<{ field: string; code: string }> = [];
  input.members.forEach((m, i) => {
    if (!orgOf.has(m.organizationId)) fields.push({ field: `body:/members/${i}/organizationId`, code: 'organization-invalid' });
    if (m.userId && !users.some((u) => Number(u.id) === m.userId)) fields.push({ field: `body:/members/${i}/userId`, code: 'user-invalid' });
  });
  if (fields.length) throw invalid(fields);
  const members = [
    { name: actor.displayName, userId: actor.userId, organizationId: actor.organizationId, role: 'lead' },
    ...input.members.filter((m) => m.userId !== actor.userId).map((m) => ({ name: m.name.trim(), userId: m.userId, organizationId: m.organizationId, role: m.role?.trim() || 'member' })),
  ].map((m) => ({ ...m, organizationName: orgOf.get(m.organizationId)!.name, jurisdictionCode: orgOf.get(m.organizationId)!.jurisdiction_code }));
  const jurisdictions = [...new Set(members.map((m) => m.jurisdictionCode))].sort();
  if (c.kind === 'joint_fund' && jurisdictions.length < 2) {
    throw ruleError('single-jurisdiction', '联合基金项目的申报团队须来自至少两个省市', 'A joint-fund team must span at least two jurisdictions', { jurisdictions });
  }
  // The integrity gate: the applicant organisation, the lead and every member, in all four jurisdictions.
  await assertNoIntegrityBar(deps.db.db, { organizationId: actor.organizationId, userId: actor.userId }, action, at);
  for (const m of members) await assertNoIntegrityBar(deps.db.db, { organizationId: m.organizationId, userId: m.userId ?? null }, action, at);
  const row = {
    call_id: callId,
    applicant_org_id: actor.organizationId,
    lead_user_id: actor.userId,
    title: input.title.trim(),
    summary: input.summary.trim(),
    plan: input.plan?.trim() ?? '',
    budget_fen: input.budgetFen,
    disciplines: (input.disciplines ?? []).join(','),
    keywords: (input.keywords ?? []).map((k) => k.trim()).filter(Boolean).join(','),
    members_json: JSON.stringify(members),
    jurisdictions: jurisdictions.join(','),
    status: 'submitted',
    award_fen: null,
    created_at: at,
    updated_at: at,
  };
  let id: number;
  try {
    id = await inTransaction(deps, async (trx) => {
      const id = Number((await trx.insertInto('call_applications').values(row).returning('id').executeTakeFirstOrThrow()).id);
      await recordAudit(trx, deps.db.helpers, at, { actor, action: `call.${action}`, entityType: 'call_application', entityId: id, jurisdictionCode: c.jurisdiction_code, change: row });
      return id;
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw conflict({ zh: '本机构已申报该指南', en: 'Your organisation has already applied to this call' });
    throw e;
  }
  return (await applicationViews(deps, [id], { withScores: false }))[0];
}

/** The call's admins and the poser see every application (with scores); an applicant sees its own. */
export async function listApplications(deps: Deps, actor: Actor, callId: number, q: { status?: string; page?: number; pageSize?: number; sort?: string }) {
  const c = await loadCall(deps, actor, callId);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const full = administers(actor, c.jurisdiction_code) || isPoser(actor, c);
  let base = deps.db.db.selectFrom('call_applications').where('call_id', '=', callId);
  if (!full) base = base.where('applicant_org_id', '=', actor.organizationId);
  if (q.status) base = base.where('status', '=', q.status);
  const { column, direction } = parseSort(q.sort, { createdAt: 'created_at', budget: 'budget_fen', title: 'title' } as const, 'createdAt');
  const [rows, count] = await Promise.all([
    base.select('id').orderBy(sql.ref(column), direction).orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await applicationViews(deps, rows.map((r) => Number(r.id)), { withScores: full && ['decision', 'notice', 'awarded', 'milestones', 'completed'].includes(c.status) }), total: Number(count.n), page, pageSize };
}

export async function addAttachment(deps: Deps, actor: Actor, callId: number, appId: number, input: { filename: string; contentType: string; body: Buffer }) {
  const c = await loadCall(deps, actor, callId);
  const a = await deps.db.db.selectFrom('call_applications').select(['id', 'lead_user_id']).where('id', '=', appId).where('call_id', '=', callId).executeTakeFirst();
  if (!a || Number(a.lead_user_id) !== actor.userId) throw notFound(APPLICATION, appId);
  if (c.status !== 'open' || nowIso(deps) >= c.deadline) throw ruleError('deadline-passed', '申报已截止，不能再补充附件', 'Applications are closed; attachments can no longer be added');
  const { filename, sha256 } = acceptDocument(input, input.filename, 'attachment');
  const n = await deps.db.db.selectFrom('call_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('application_id', '=', appId).executeTakeFirstOrThrow();
  if (Number(n.n) >= 10) throw ruleError('too-many-attachments', '每份申报至多 10 个附件', 'At most 10 attachments per application');
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const { id } = await trx.insertInto('call_attachments').values({ application_id: appId, filename, content_type: input.contentType, size: input.body.length, sha256, content: input.body, created_at: at }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'call.attachment.add', entityType: 'call_application', entityId: appId, jurisdictionCode: c.jurisdiction_code, change: { attachmentId: Number(id), filename, size: input.body.length, sha256 } });
  });
  return (await applicationViews(deps, [appId], { withScores: false }))[0];
}

export async function attachmentFile(deps: Deps, actor: Actor, callId: number, attachmentId: number) {
  const c = await loadCall(deps, actor, callId);
  const f = await deps.db.db
    .selectFrom('call_attachments as f')
    .innerJoin('call_applications as a', 'a.id', 'f.application_id')
    .select(['f.filename', 'f.content_type', 'f.content', 'a.applicant_org_id', 'a.id as app_id', 'a.members_json'])
    .where('f.id', '=', attachmentId)
    .where('a.call_id', '=', callId)
    .executeTakeFirst();
  const reviewer = f ? await deps.db.db.selectFrom('review_assignments').select('id').where('application_id', '=', Number(f.app_id)).where('expert_user_id', '=', actor.userId).executeTakeFirst() : null;
  // The team's own people (the applicant organisation and every member named), the department, the poser, the reviewers.
  const team = f ? parse<Member[]>(f.members_json, []).some((m) => m.userId === actor.userId || m.organizationId === actor.organizationId) : false;
  if (!f || !(administers(actor, c.jurisdiction_code) || isPoser(actor, c) || Number(f.applicant_org_id) === actor.organizationId || team || reviewer)) throw notFound({ zh: '附件', en: 'attachment' }, attachmentId);
  return { filename: f.filename, contentType: f.content_type, content: Buffer.from(f.content) };
}

// ---- reviewer assignment ----------------------------------------------------------------------

const TOP_K = 25;

/** The applications to review (submitted), or — for the report after the award — every one not withdrawn. */
async function subjects(deps: Deps, callId: number, which: 'in-review' | 'all' = 'in-review') {
  const apps = await deps.db.db
    .selectFrom('call_applications')
    .selectAll()
    .where('call_id', '=', callId)
    .where('status', which === 'in-review' ? '=' : '<>', which === 'in-review' ? 'submitted' : 'withdrawn')
    .orderBy('id')
    .execute();
  return apps.map((a) => {
    const members = parse<Array<Member & { jurisdictionCode: string }>>(a.members_json, []);
    const subject: ConflictSubject = {
      applicantOrgId: Number(a.applicant_org_id),
      memberUserIds: [...new Set([Number(a.lead_user_id), ...members.map((m) => m.userId).filter((x): x is number => !!x)])],
      memberOrgIds: [...new Set(members.map((m) => m.organizationId))],
      jurisdictions: csv(a.jurisdictions),
    };
    return { id: Number(a.id), title: a.title, disciplines: csv(a.disciplines), keywords: csv(a.keywords), subject };
  });
}

export async function runAssignment(deps: Deps, actor: Actor, callId: number, input: { k?: number; maxPerExpert?: number; minPerExpert?: number; mode?: 'total' | 'fair' }) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '由发布指南的管理部门分配评审专家', en: 'The publishing department assigns reviewers' } });
  if (c.status !== 'review') throw ruleError('call-not-in-review', '指南进入评审阶段后才能分配专家', 'Reviewers are assigned once the call is in review', { state: c.status });
  const submitted = await deps.db.db.selectFrom('review_assignments').select('id').where('call_id', '=', callId).where('status', '=', 'submitted').executeTakeFirst();
  if (submitted) throw conflict({ zh: '已有专家提交评审意见，不能重新分配', en: 'Reviews have been submitted; the assignment can no longer be redone' }, { rule: 'reviews-submitted' });
  const k = input.k ?? Number(c.reviewers_per_application);
  const L = input.maxPerExpert ?? Number(c.max_per_expert);
  const at = nowIso(deps);
  const apps = await subjects(deps, callId);
  const pool = await deps.db.db
    .selectFrom('expert_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'p.disciplines', 'p.keywords'])
    .where('p.availability', '=', 'available')
    .where('u.status', '=', 'active')
    .where('u.role', '=', 'expert')
    .orderBy('p.user_id')
    .execute();
  const facts = await expertFacts(
    deps,
    pool.map((e) => Number(e.user_id)),
  );
  const edges: Array<{ applicationId: number; expertId: number; affinity: number }> = [];
  const excluded: Record<string, number> = {};
  for (const a of apps) {
    const cands: Array<{ applicationId: number; expertId: number; affinity: number }> = [];
    for (const e of pool) {
      const f = facts.get(Number(e.user_id));
      if (!f) continue;
      const why = conflictOf(f, a.subject, { excludeSameJurisdiction: Number(c.exclude_same_jurisdiction) === 1, atIso: at });
      if (why) {
        excluded[why] = (excluded[why] ?? 0) + 1;
        continue;
      }
      cands.push({ applicationId: a.id, expertId: Number(e.user_id), affinity: affinity({ disciplines: a.disciplines, keywords: a.keywords }, { disciplines: csv(e.disciplines), keywords: csv(e.keywords) }) });
    }
    cands.sort((x, y) => y.affinity - x.affinity || x.expertId - y.expertId);
    edges.push(...cands.slice(0, TOP_K));
  }
  const result = assignReviewers({
    applications: apps.map((a) => ({ id: a.id })),
    experts: pool.map((e) => ({ id: Number(e.user_id), capacity: L, minLoad: input.minPerExpert })),
    edges,
    k,
    mode: input.mode ?? 'total',
  });
  await inTransaction(deps, async (trx) => {
    await trx.deleteFrom('review_assignments').where('call_id', '=', callId).where('status', 'in', ['assigned', 'conflict']).execute();
    await trx.updateTable('calls').set({ reviewers_per_application: k, max_per_expert: L, updated_at: at }).where('id', '=', callId).execute();
    for (let i = 0; i < result.pairs.length; i += 200) {
      const chunk = result.pairs.slice(i, i + 200);
      if (chunk.length)
        await trx
          .insertInto('review_assignments')
          .values(chunk.map((p) => ({ call_id: callId, application_id: p.applicationId, expert_user_id: p.expertId, affinity: p.affinity, status: 'assigned', scores_json: null, total_score: null, comment: null, conflict_note: null, created_at: at, submitted_at: null })))
          .execute();
    }
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'call.assign_reviewers',
      entityType: 'call',
      entityId: callId,
      jurisdictionCode: c.jurisdiction_code,
      change: { k, maxPerExpert: L, mode: input.mode ?? 'total', pairs: result.pairs.length, totalAffinity: result.totalAffinity, uncovered: result.uncovered },
    });
  });
  return assignmentReport(deps, actor, callId, { excluded, result });
}

/** The current assignment with its figures (total and per-application affinity, load spread, gaps). */
export async function assignmentReport(deps: Deps, actor: Actor, callId: number, extra?: { excluded: Record<string, number>; result: ReturnType<typeof assignReviewers> }) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '仅管理部门可查看分配结果', en: 'Only the department sees the assignment' } });
  const rows = await deps.db.db
    .selectFrom('review_assignments as r')
    .innerJoin('call_applications as a', 'a.id', 'r.application_id')
    .select(['r.id', 'r.application_id', 'a.title', 'r.expert_user_id', 'r.affinity', 'r.status', 'r.total_score'])
    .where('r.call_id', '=', callId)
    .orderBy('r.application_id')
    .orderBy('r.affinity', 'desc')
    .execute();
  const experts = await expertViews(deps, [...new Set(rows.map((r) => Number(r.expert_user_id)))]);
  const name = new Map(experts.map((e) => [e.userId, e]));
  const apps = await subjects(deps, callId, 'all');
  const k = Number(c.reviewers_per_application);
  const perApp = apps.map((a) => {
    const mine = rows.filter((r) => Number(r.application_id) === a.id);
    return {
      applicationId: a.id,
      title: a.title,
      reviewers: mine.map((r) => ({
        assignmentId: Number(r.id),
        expertUserId: Number(r.expert_user_id),
        name: name.get(Number(r.expert_user_id))?.name ?? '',
        organizationName: name.get(Number(r.expert_user_id))?.organizationName ?? '',
        jurisdictionCode: name.get(Number(r.expert_user_id))?.jurisdictionCode ?? '',
        affinity: Number(r.affinity),
        status: r.status,
      })),
      affinity: mine.filter((r) => r.status !== 'conflict').reduce((s, r) => s + Number(r.affinity), 0),
    };
  });
  const loads = new Map<number, number>();
  for (const r of rows) if (r.status !== 'conflict') loads.set(Number(r.expert_user_id), (loads.get(Number(r.expert_user_id)) ?? 0) + 1);
  const lv = [...loads.values()];
  const mean = lv.length ? lv.reduce((a, b) => a + b, 0) / lv.length : 0;
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const affs = perApp.map((p) => p.affinity);
  const uncovered =
    extra?.result.uncovered.map((u) => ({ ...u, title: apps.find((a) => a.id === u.applicationId)?.title ?? '' })) ??
    perApp.filter((p) => p.reviewers.filter((r) => r.status !== 'conflict').length < k).map((p) => ({ applicationId: p.applicationId, assigned: p.reviewers.filter((r) => r.status !== 'conflict').length, reason: 'capacity' as const, title: p.title }));
  return {
    callId,
    k,
    maxPerExpert: Number(c.max_per_expert),
    totalAffinity: r4(affs.reduce((a, b) => a + b, 0)),
    minApplicationAffinity: r4(affs.length ? Math.min(...affs) : 0),
    meanApplicationAffinity: r4(affs.length ? affs.reduce((a, b) => a + b, 0) / affs.length : 0),
    load: { experts: lv.length, min: lv.length ? Math.min(...lv) : 0, max: lv.length ? Math.max(...lv) : 0, mean: r4(mean), stddev: r4(Math.sqrt(lv.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, lv.length))) },
    uncovered,
    excludedByConflict: extra?.excluded ?? null,
    applications: perApp,
  };
}

/** A reviewer added by hand is held to the same conflict rules: a conflicted expert can never be assigned, whatever the path. */
export async function assignManually(deps: Deps, actor: Actor, callId: number, input: { applicationId: number; expertUserId: number }) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '由发布指南的管理部门分配评审专家', en: 'The publishing department assigns reviewers' } });
  if (c.status !== 'review') throw ruleError('call-not-in-review', '指南进入评审阶段后才能分配专家', 'Reviewers are assigned once the call is in review', { state: c.status });
  const a = (await subjects(deps, callId)).find((x) => x.id === input.applicationId);
  if (!a) throw notFound(APPLICATION, input.applicationId);
  const [e] = await expertViews(deps, [input.expertUserId]);
  if (!e) throw notFound({ zh: '专家', en: 'expert' }, input.expertUserId);
  const f = (await expertFacts(deps, [input.expertUserId])).get(input.expertUserId)!;
  const why = conflictOf(f, a.subject, { excludeSameJurisdiction: Number(c.exclude_same_jurisdiction) === 1, atIso: nowIso(deps) });
  if (why) throw ruleError('conflict-of-interest', `该专家存在利益冲突：${CONFLICT_NAMES[why].zh}`, `The expert has a conflict of interest: ${CONFLICT_NAMES[why].en}`, { conflict: why });
  const at = nowIso(deps);
  try {
    await inTransaction(deps, async (trx) => {
      await trx
        .insertInto('review_assignments')
        .values({ call_id: callId, application_id: a.id, expert_user_id: input.expertUserId, affinity: affinity({ disciplines: a.disciplines, keywords: a.keywords }, e), status: 'assigned', scores_json: null, total_score: null, comment: null, conflict_note: null, created_at: at, submitted_at: null })
        .execute();
      await recordAudit(trx, deps.db.helpers, at, { actor, action: 'call.assign_reviewer', entityType: 'call', entityId: callId, jurisdictionCode: c.jurisdiction_code, change: input });
    });
  } catch (err) {
    if (deps.db.helpers.errors.isUniqueViolation(err)) throw conflict({ zh: '该专家已分配给这份申报', en: 'The expert is already assigned to this application' });
    throw err;
  }
  return assignmentReport(deps, actor, callId);
}

// ---- reviews ----------------------------------------------------------------------------------

async function reviewViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const rows = await deps.db.db
    .selectFrom('review_assignments as r')
    .innerJoin('call_applications as a', 'a.id', 'r.application_id')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select(['r.id', 'r.call_id', 'c.title as call_title', 'c.kind', 'c.status as call_status', 'r.application_id', 'r.status', 'r.scores_json', 'r.total_score', 'r.comment', 'r.conflict_note', 'r.created_at', 'r.submitted_at'])
    .where('r.id', 'in', ids)
    .execute();
  const apps = await applicationViews(
    deps,
    [...new Set(rows.map((r) => Number(r.application_id)))],
    { withScores: false },
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  // A reviewer sees the application, never who else reviews it.
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const r = byId.get(id)!;
      return {
        id,
        callId: Number(r.call_id),
        callTitle: r.call_title,
        callKind: r.kind,
        callStatus: r.call_status,
        status: r.status,
        scores: parse<Record<string, number> | null>(r.scores_json, null),
        totalScore: r.total_score === null ? null : Number(r.total_score),
        comment: r.comment,
        conflictNote: r.conflict_note,
        application: apps.find((a) => a.id === Number(r.application_id))!,
        createdAt: r.created_at,
        submittedAt: r.submitted_at,
      };
    });
}

export async function myReviews(deps: Deps, actor: Actor, q: { status?: string; callId?: number; sort?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { createdAt: 'created_at', status: 'status', submittedAt: 'submitted_at' } as const, '-createdAt');
  let base = deps.db.db.selectFrom('review_assignments').where('expert_user_id', '=', actor.userId);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.callId) base = base.where('call_id', '=', q.callId);
  const [rows, count] = await Promise.all([
    base.select('id').orderBy(sql.ref(column), direction).orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await reviewViews(deps, rows.map((r) => Number(r.id))), total: Number(count.n), page, pageSize };
}

async function loadMyReview(deps: Deps, actor: Actor, id: number) {
  const r = await deps.db.db.selectFrom('review_assignments as r').innerJoin('calls as c', 'c.id', 'r.call_id').select(['r.id', 'r.expert_user_id', 'r.status', 'r.call_id', 'c.status as call_status', 'c.jurisdiction_code']).where('r.id', '=', id).executeTakeFirst();
  if (!r || Number(r.expert_user_id) !== actor.userId) throw notFound(REVIEW, id);
  return r;
}

export async function getReview(deps: Deps, actor: Actor, id: number) {
  await loadMyReview(deps, actor, id);
  return (await reviewViews(deps, [id]))[0];
}

export async function submitReview(deps: Deps, actor: Actor, id: number, input: { scores: Record<string, number>; comment: string }) {
  const r = await loadMyReview(deps, actor, id);
  if (r.call_status !== 'review') throw ruleError('call-not-in-review', '评审阶段已结束', 'The review stage is over', { state: r.call_status });
  if (r.status === 'conflict') throw ruleError('conflict-declared', '您已声明利益冲突，不能评分', 'You declared a conflict; you cannot score');
  const at = nowIso(deps);
  if (await deps.db.db.selectFrom('users').select('id').where('id', '=', actor.userId).executeTakeFirst()) {
    await assertNoIntegrityBar(deps.db.db, { userId: actor.userId, organizationId: actor.organizationId }, 'review', at);
  }
  const total = SCORE_CRITERIA.reduce((s, k) => s + input.scores[k], 0);
  await inTransaction(deps, async (trx) => {
    await trx.updateTable('review_assignments').set({ status: 'submitted', scores_json: JSON.stringify(input.scores), total_score: total, comment: input.comment.trim(), submitted_at: at }).where('id', '=', id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'review.submit', entityType: 'review', entityId: id, jurisdictionCode: r.jurisdiction_code, change: { scores: input.scores, total } });
  });
  return getReview(deps, actor, id);
}

export async function declareReviewConflict(deps: Deps, actor: Actor, id: number, input: { note: string }) {
  const r = await loadMyReview(deps, actor, id);
  if (r.status === 'submitted') throw ruleError('review-submitted', '评审意见已提交', 'The review has been submitted');
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await trx.updateTable('review_assignments').set({ status: 'conflict', conflict_note: input.note.trim() }).where('id', '=', id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'review.declare_conflict', entityType: 'review', entityId: id, jurisdictionCode: r.jurisdiction_code, change: { note: input.note.trim() } });
  });
  return getReview(deps, actor, id);
}

// ---- ranking, decision, milestones ----------------------------------------------------------

export async function ranking(deps: Deps, actor: Actor, callId: number) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code) && !isPoser(actor, c)) throw new AppError('forbidden', { reason: { zh: '仅管理部门和出题单位可查看排名', en: 'Only the department and the poser see the ranking' } });
  const apps = await deps.db.db.selectFrom('call_applications').select('id').where('call_id', '=', callId).where('status', '<>', 'withdrawn').execute();
  const views = await applicationViews(deps, apps.map((a) => Number(a.id)), { withScores: true });
  const rows = views
    .map((v) => ({ ...v, rank: 0 }))
    .sort((a, b) => (b.trimmedMeanScore ?? -1) - (a.trimmedMeanScore ?? -1) || (b.meanScore ?? -1) - (a.meanScore ?? -1) || a.id - b.id);
  rows.forEach((r, i) => (r.rank = i + 1));
  return { callId, status: c.status, kind: c.kind, budgetFen: Number(c.budget_fen), items: rows };
}

/** 揭榜挂帅: the posing organisation takes part in selection by stating its preference, which the decision page shows. */
export async function poserOpinion(deps: Deps, actor: Actor, callId: number, input: { preferredApplicationIds: number[]; note: string }) {
  const c = await loadCall(deps, actor, callId);
  if (!isPoser(actor, c) || actor.role !== 'org_admin') throw new AppError('forbidden', { reason: { zh: '由出题单位管理员发表意见', en: 'The posing organisation’s admin gives its opinion' } });
  if (c.status !== 'review' && c.status !== 'decision') throw ruleError('call-not-in-selection', '评审或决策阶段才能发表出题单位意见', 'The poser’s opinion is given during review or decision', { state: c.status });
  const apps = await deps.db.db.selectFrom('call_applications').select('id').where('call_id', '=', callId).where('status', '=', 'submitted').execute();
  input.preferredApplicationIds.forEach((id, i) => {
    if (!apps.some((a) => Number(a.id) === id)) throw invalid([{ field: `body:/preferredApplicationIds/${i}`, code: 'value-invalid' }]);
  });
  const at = nowIso(deps);
  const opinion = { preferredApplicationIds: input.preferredApplicationIds, note: input.note.trim(), at };
  await inTransaction(deps, async (trx) => {
    await trx.updateTable('calls').set({ poser_opinion_json: JSON.stringify(opinion), updated_at: at }).where('id', '=', callId).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'call.poser_opinion', entityType: 'call', entityId: callId, jurisdictionCode: c.jurisdiction_code, change: opinion });
  });
  return getCall(deps, actor, callId);
}

/** The award: one winner for a challenge, 2–N teams for a horse race, any number within the budget for a joint fund. */
export async function decide(deps: Deps, actor: Actor, callId: number, input: { awards: Array<{ applicationId: number; amountFen: number }>; note?: string }) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '由管理部门作出立项决定', en: 'The department decides the award' } });
  if (c.status !== 'decision') throw ruleError('call-not-in-decision', '指南进入决策阶段后才能立项', 'Awards are decided in the decision stage', { state: c.status });
  const ids = input.awards.map((a) => a.applicationId);
  if (new Set(ids).size !== ids.length) throw invalid([{ field: 'body:/awards', code: 'value-invalid' }]);
  const apps = await deps.db.db.selectFrom('call_applications').select(['id', 'status']).where('call_id', '=', callId).execute();
  input.awards.forEach((a, i) => {
    if (!apps.some((x) => Number(x.id) === a.applicationId && x.status === 'submitted')) throw invalid([{ field: `body:/awards/${i}/applicationId`, code: 'value-invalid' }]);
  });
  const total = input.awards.reduce((s, a) => s + a.amountFen, 0);
  if (total > Number(c.budget_fen)) throw ruleError('over-budget', '立项金额超过指南预算', 'The awards exceed the call’s budget', { totalFen: total, budgetFen: Number(c.budget_fen) });
  if (c.kind === 'challenge' && input.awards.length !== 1) throw ruleError('one-winner', '揭榜挂帅只能确定一个揭榜方', 'A challenge has exactly one winner');
  if (c.kind === 'horse_race' && (input.awards.length < 2 || input.awards.length > Number(c.race_teams))) {
    throw ruleError('race-teams', `赛马制须择优支持 2–${c.race_teams} 个团队`, `A horse race funds 2–${c.race_teams} teams`, { raceTeams: Number(c.race_teams) });
  }
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    for (const a of input.awards) await trx.updateTable('call_applications').set({ status: 'awarded', award_fen: a.amountFen, updated_at: at }).where('id', '=', a.applicationId).execute();
    await trx.updateTable('call_applications').set({ status: 'not_awarded', updated_at: at }).where('call_id', '=', callId).where('status', '=', 'submitted').execute();
    await trx.updateTable('calls').set({ decision_note: input.note?.trim() ?? '', updated_at: at }).where('id', '=', callId).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'call.decide', entityType: 'call', entityId: callId, jurisdictionCode: c.jurisdiction_code, change: { awards: input.awards, note: input.note ?? '' } });
  });
  return funding(deps, actor, callId);
}

/** Who pays what: a joint fund split by the jurisdictions' shares; a horse race's first tranches and what remains. */
export async function funding(deps: Deps, actor: Actor, callId: number) {
  const c = await loadCall(deps, actor, callId);
  const awarded = await deps.db.db.selectFrom('call_applications').select(['id', 'title', 'award_fen', 'status']).where('call_id', '=', callId).where('status', 'in', ['awarded', 'eliminated']).orderBy('id').execute();
  const milestones = await deps.db.db.selectFrom('call_milestones').selectAll().where('call_id', '=', callId).orderBy('milestone').orderBy('application_id').execute();
  const total = awarded.reduce((s, a) => s + Number(a.award_fen ?? 0), 0);
  const shares = parse<Record<string, number>>(c.shares_json, {});
  const byJurisdiction = Object.entries(shares).map(([j, bp]) => ({ jurisdictionCode: j, shareBp: bp, amountFen: Math.floor((total * bp) / 10_000) }));
  // Rounding: the remainder fen goes to the publishing jurisdiction.
  const rem = total - byJurisdiction.reduce((s, x) => s + x.amountFen, 0);
  const home = byJurisdiction.find((x) => x.jurisdictionCode === c.jurisdiction_code) ?? byJurisdiction[0];
  if (home) home.amountFen += rem;
  // 赛马制: the first tranche (a share of the budget) is split among the teams actually funded.
  const firstTranche = c.kind === 'horse_race' && awarded.length ? Math.floor((Number(c.budget_fen) * Number(c.first_tranche_bp)) / 10_000 / awarded.length) : null;
  return {
    callId,
    kind: c.kind,
    totalFen: total,
    byJurisdiction,
    firstTrancheFen: firstTranche,
    teams: awarded.map((a) => ({
      applicationId: Number(a.id),
      title: a.title,
      status: a.status,
      awardFen: Number(a.award_fen ?? 0),
      tranches: [
        ...(firstTranche !== null ? [{ milestone: 0, amountFen: firstTranche }] : []),
        ...milestones.filter((m) => Number(m.application_id) === Number(a.id) && Number(m.tranche_fen) > 0).map((m) => ({ milestone: Number(m.milestone), amountFen: Number(m.tranche_fen) })),
      ],
    })),
    milestones: milestones.map((m) => ({ applicationId: Number(m.application_id), milestone: Number(m.milestone), passed: Number(m.passed) === 1, trancheFen: Number(m.tranche_fen), note: m.note, assessedAt: m.assessed_at })),
  };
}

/** A milestone assessment: failed teams are eliminated (赛马制); the survivors share the next tranche. */
export async function assessMilestone(deps: Deps, actor: Actor, callId: number, input: { milestone: number; results: Array<{ applicationId: number; passed: boolean; note?: string }> }) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '由管理部门组织里程碑考核', en: 'The department assesses milestones' } });
  if (c.status !== 'milestones') throw ruleError('call-not-in-milestones', '指南进入里程碑阶段后才能考核', 'Milestones are assessed in the milestones stage', { state: c.status });
  const live = await deps.db.db.selectFrom('call_applications').select(['id']).where('call_id', '=', callId).where('status', '=', 'awarded').execute();
  const liveIds = new Set(live.map((a) => Number(a.id)));
  input.results.forEach((r, i) => {
    if (!liveIds.has(r.applicationId)) throw invalid([{ field: `body:/results/${i}/applicationId`, code: 'value-invalid' }]);
  });
  const plan = parse<Array<{ title: string; due: string }>>(c.milestones_json, []);
  const f = await funding(deps, actor, callId);
  const paidTo = (id: number) => f.teams.find((t) => t.applicationId === id)?.tranches.reduce((x, y) => x + y.amountFen, 0) ?? 0;
  const paid = f.teams.reduce((s, t) => s + t.tranches.reduce((x, y) => x + y.amountFen, 0), 0);
  const survivors = input.results.filter((r) => r.passed);
  const remainingMilestones = Math.max(1, plan.length - input.milestone + 1);
  // 赛马制: the survivors share what is left of the call's budget; otherwise each team draws on
  // what is left of its own award. Never more than either.
  const pot = Math.max(0, Number(c.budget_fen) - paid);
  const raceShare = survivors.length ? Math.floor(pot / remainingMilestones / survivors.length) : 0;
  const trancheOf = (id: number) => {
    const left = Math.max(0, (f.teams.find((t) => t.applicationId === id)?.awardFen ?? 0) - paidTo(id));
    return c.kind === 'horse_race' ? Math.min(raceShare, pot) : Math.floor(left / remainingMilestones);
  };
  const tranche = survivors.length ? trancheOf(survivors[0].applicationId) : 0;
  const at = nowIso(deps);
  try {
    await inTransaction(deps, async (trx) => {
      for (const r of input.results) {
        await trx
          .insertInto('call_milestones')
          .values({ call_id: callId, application_id: r.applicationId, milestone: input.milestone, passed: r.passed ? 1 : 0, tranche_fen: r.passed ? trancheOf(r.applicationId) : 0, note: r.note?.trim() ?? '', assessed_by: actor.userId, assessed_at: at })
          .execute();
        if (!r.passed && c.kind === 'horse_race') await trx.updateTable('call_applications').set({ status: 'eliminated', updated_at: at }).where('id', '=', r.applicationId).execute();
      }
      await recordAudit(trx, deps.db.helpers, at, { actor, action: 'call.milestone', entityType: 'call', entityId: callId, jurisdictionCode: c.jurisdiction_code, change: { milestone: input.milestone, results: input.results, trancheFen: tranche } });
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw conflict({ zh: '该里程碑已考核', en: 'This milestone has already been assessed' });
    throw e;
  }
  return funding(deps, actor, callId);
}
