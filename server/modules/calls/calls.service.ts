// Joint research calls (Decision arts. 6, 7): the joint basic-research fund (teams spanning at
// least two jurisdictions, funding split by jurisdiction shares), 揭榜挂帅 (an enterprise or
// department poses the problem; no age, degree or title limit; the poser takes part in
// selection) and 赛马制 (2–5 teams in parallel, a first tranche each, milestone assessments
// eliminate, later tranches to the survivors). One state machine for all three, every
// transition permission-checked and audited; reviewer assignment is optimal (assignment.ts).
// This file: the call itself and its state machine. Applications and attachments:
// applications.service.ts; reviewer assignment and reviews: reviews.service.ts; ranking, award,
// funding and milestones: awards.service.ts; the expert pool: experts.service.ts.
import type { Selectable } from 'kysely';
import type { CallTable } from '../../db/types';
import { JURISDICTION_CODES, administers, isAdministrator as isAdmin, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound, parseJson, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { csv } from './experts.service';
import * as repo from './calls.repository';
import * as applications from './applications.repository';
import * as awards from './awards.repository';
import { notify } from '../notifications/notify';

const CALL = { zh: '项目指南', en: 'call' };
export const CALL_KINDS = ['joint_fund', 'challenge', 'horse_race'] as const;
export type CallKind = (typeof CALL_KINDS)[number];
export const CALL_STATUSES = [
  'draft',
  'published',
  'open',
  'closed',
  'review',
  'decision',
  'notice',
  'awarded',
  'milestones',
  'completed',
  'terminated',
] as const;
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
const nowIso = (deps: Deps) => isoNow(deps.clock);
const parse = parseJson;

/** The states as applicants read them (notifications). */
const STATUS_TEXT: Record<CallStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'draft' },
  published: { zh: '已发布', en: 'published' },
  open: { zh: '受理申报', en: 'open for applications' },
  closed: { zh: '申报截止', en: 'closed' },
  review: { zh: '专家评审', en: 'in review' },
  decision: { zh: '立项决策', en: 'in decision' },
  notice: { zh: '立项公示', en: 'in public notice' },
  awarded: { zh: '已立项', en: 'awarded' },
  milestones: { zh: '项目执行', en: 'in execution' },
  completed: { zh: '已结题', en: 'completed' },
  terminated: { zh: '已终止', en: 'terminated' },
};

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
export const isPoser = (a: Actor, c: CallRow) =>
  c.poser_org_id !== null && Number(c.poser_org_id) === a.organizationId && (a.role === 'org_admin' || a.role === 'member');

/** The call if the actor may see it; 404 otherwise (a draft's existence is not disclosed). */
export async function loadCall(deps: Deps, actor: Actor, id: number) {
  const c = await repo.findById(deps.db.db, id);
  if (!c || !canSeeCall(actor, c)) throw notFound(CALL, id);
  return c;
}

export async function getCall(deps: Deps, actor: Actor, id: number) {
  const c = await loadCall(deps, actor, id);
  const n = await applications.countLive(deps.db.db, id);
  const poser = c.poser_org_id ? await repo.organizationName(deps.db.db, Number(c.poser_org_id)) : null;
  return {
    ...callView(c, { applications: n }),
    poserName: poser?.name ?? null,
    canManage: administers(actor, c.jurisdiction_code),
    isPoser: isPoser(actor, c),
  };
}

export async function listCalls(
  deps: Deps,
  actor: Actor,
  q: { kind?: string; status?: string; jurisdiction?: string; q?: string; sort?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(
    q.sort,
    { createdAt: 'c.created_at', deadline: 'c.deadline', budget: 'c.budget_fen', title: 'c.title' } as const,
    '-createdAt',
  );
  // Drafts: the posing organisation's; a jurisdiction admin's own jurisdiction's; all for the platform admin.
  const visibility: repo.DraftVisibility = {
    organizationId: actor.organizationId,
    allDrafts: actor.role === 'platform_admin',
    draftsOfJurisdiction: actor.role === 'jurisdiction_admin' ? (actor.jurisdictionCode ?? '') : null,
  };
  const filter: repo.CallFilter = { kind: q.kind, status: q.status, jurisdiction: q.jurisdiction, q: q.q?.trim() || undefined };
  const { rows, total } = await repo.list(deps.db.db, deps.db.helpers, visibility, filter, { column, direction }, pageSize, (page - 1) * pageSize);
  const ids = rows.map((r) => Number(r.id));
  const counts = ids.length ? await applications.countLiveByCall(deps.db.db, ids) : [];
  return {
    items: rows.map((c) => callView(c, { applications: Number(counts.find((x) => Number(x.call_id) === Number(c.id))?.n ?? 0) })),
    total,
    page,
    pageSize,
  };
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
    if (!administers(actor, j))
      throw new AppError('forbidden', { reason: { zh: '只能发布本辖区的项目指南', en: 'You may only publish your own jurisdiction’s calls' } });
  } else {
    if (input.kind !== 'challenge' || actor.role !== 'org_admin' || actor.organizationType !== 'enterprise') {
      throw new AppError('forbidden', {
        reason: {
          zh: '企业管理员可以提出揭榜挂帅榜单（企业出题）；其他指南由管理部门发布',
          en: 'An enterprise’s admin may pose a challenge; other calls are published by the departments',
        },
      });
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
    if (
      keys.length < 2 ||
      sum !== 10_000 ||
      keys.some((k) => !(JURISDICTION_CODES as readonly string[]).includes(k)) ||
      Object.values(shares).some((v) => !Number.isInteger(v) || v <= 0)
    )
      fields.push({ field: 'body:/shares', code: 'value-invalid' });
  }
  if (input.kind === 'horse_race') {
    if (!input.raceTeams || input.raceTeams < 2 || input.raceTeams > 5) fields.push({ field: 'body:/raceTeams', code: 'value-invalid' });
    if (!input.firstTrancheBp || input.firstTrancheBp <= 0 || input.firstTrancheBp > 10_000)
      fields.push({ field: 'body:/firstTrancheBp', code: 'value-invalid' });
  }
  (input.disciplines ?? []).forEach((d, i) => /^\d{3}(\d{2}(\d{2})?)?$/.test(d) || fields.push({ field: `body:/disciplines/${i}`, code: 'value-invalid' }));
  if (poser) {
    const o = await repo.organizationExists(deps.db.db, poser);
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
    keywords: (input.keywords ?? [])
      .map((k) => k.trim())
      .filter(Boolean)
      .join(','),
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
    const id = Number((await repo.insert(trx, row)).id);
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'call.create', entityType: 'call', entityId: id, jurisdictionCode: j, change: row });
    return id;
  });
  return getCall(deps, actor, id);
}

export async function transitionCall(deps: Deps, actor: Actor, id: number, input: { to: CallStatus; note?: string }) {
  const c = await loadCall(deps, actor, id);
  if (!administers(actor, c.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由发布指南的管理部门推进流程', en: 'The publishing department moves a call on' } });
  const allowed = NEXT[c.status] ?? [];
  if (!allowed.includes(input.to)) {
    throw new AppError(
      'rule-violated',
      { reason: { zh: `指南状态为 ${c.status}，不能转为 ${input.to}`, en: `The call is ${c.status}; it cannot become ${input.to}` } },
      [],
      { rule: 'invalid-transition', from: c.status, allowed },
    );
  }
  const at = nowIso(deps);
  const patch: { status: string; updated_at: string; notice_ends_at?: string } = { status: input.to, updated_at: at };
  if (input.to === 'notice') {
    const awarded = await awards.anyAwarded(deps.db.db, id);
    if (!awarded) throw ruleError('no-decision', '尚未作出立项决定', 'No award has been decided yet');
    patch.notice_ends_at = new Date(Date.parse(at) + deps.config.callNoticeDays * 86_400_000).toISOString();
  }
  if (input.to === 'awarded' && c.notice_ends_at && at < c.notice_ends_at)
    throw ruleError('notice-period', `公示期至 ${c.notice_ends_at} 结束`, `The public notice runs until ${c.notice_ends_at}`, {
      noticeEndsAt: c.notice_ends_at,
    });
  if (input.to === 'review') {
    const n = await applications.countWithStatus(deps.db.db, id, 'submitted');
    if (n === 0) throw ruleError('no-applications', '没有可评审的申报', 'There are no applications to review');
  }
  await inTransaction(deps, async (trx) => {
    // Conditional on the status read above: a concurrent transition makes this one a 409.
    const changed = await repo.updateIfStatus(trx, id, c.status, patch);
    if (changed !== 1) throw conflict({ zh: '指南状态已变化，请刷新', en: 'The call changed meanwhile; reload' });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: `call.${input.to}`,
      entityType: 'call',
      entityId: id,
      jurisdictionCode: c.jurisdiction_code,
      change: { from: c.status, to: input.to, note: input.note ?? null },
    });
    await notify(trx, at, {
      userIds: await applications.applicantUserIds(trx, id),
      kind: 'call.state',
      params: { call: c.title, stateZh: STATUS_TEXT[input.to].zh, stateEn: STATUS_TEXT[input.to].en },
      link: `/research/calls/${id}`,
    });
  });
  return getCall(deps, actor, id);
}

// ---- the public portal (visitors who are not signed in) ----------------------------------------

/** Nobody's visibility: no organisation, no administrator — drafts are never listed. */
const NOBODY: repo.DraftVisibility = { organizationId: -1, allDrafts: false, draftsOfJurisdiction: null };

/** Calls past their draft, for everybody (the portal answers them through its own allow-list). */
export async function listPublicCalls(
  deps: Deps,
  q: { kind?: string; status?: string; jurisdiction?: string; q?: string; sort?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(
    q.sort,
    { createdAt: 'c.created_at', deadline: 'c.deadline', budget: 'c.budget_fen', title: 'c.title' } as const,
    '-createdAt',
  );
  const status = q.status === 'draft' ? undefined : q.status;
  const filter: repo.CallFilter = { kind: q.kind, status, jurisdiction: q.jurisdiction, q: q.q?.trim() || undefined };
  const { rows, total } = await repo.list(deps.db.db, deps.db.helpers, NOBODY, filter, { column, direction }, pageSize, (page - 1) * pageSize);
  const posers = await Promise.all(rows.map((c) => (c.poser_org_id ? repo.organizationName(deps.db.db, Number(c.poser_org_id)) : null)));
  return { items: rows.map((c, i) => ({ ...callView(c), poserName: posers[i]?.name ?? null })), total, page, pageSize };
}

/** One call past its draft (a draft's existence is not disclosed: 404). */
export async function getPublicCall(deps: Deps, id: number) {
  const c = await repo.findById(deps.db.db, id);
  if (!c || c.status === 'draft') throw notFound(CALL, id);
  const poser = c.poser_org_id ? await repo.organizationName(deps.db.db, Number(c.poser_org_id)) : null;
  return { ...callView(c), poserName: poser?.name ?? null };
}

/** Calls past their draft per jurisdiction code (the portal's regional overview). */
export async function publicCountsByJurisdiction(deps: Deps): Promise<Record<string, number>> {
  const rows = await repo.publicCountsByJurisdiction(deps.db.db);
  return Object.fromEntries(rows.map((r) => [r.jurisdiction_code, Number(r.n)]));
}
