// Reviewer assignment and reviews of joint research calls (Decision arts. 7, 15): an optimal,
// conflict-free assignment from the shared expert pool (assignment.ts), reviewers added by hand
// under the same conflict rules, and each expert's review queue (never showing the other reviewers).
import { administers, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, notFound, parseJson, ruleError } from '../../platform/errors';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { assignReviewers, affinity } from './assignment';
import { CONFLICT_NAMES, conflictOf, csv, expertFacts, expertViews, reviewerPool, type ConflictSubject } from './experts.service';
import { loadCall } from './calls.service';
import { applicationViews, type TeamMember } from './applications.service';
import * as repo from './reviews.repository';
import { notify } from '../notifications/notify';
import * as calls from './calls.repository';
import * as applications from './applications.repository';

const APPLICATION = { zh: '申报', en: 'application' };
const REVIEW = { zh: '评审任务', en: 'review' };
export const SCORE_CRITERIA = ['novelty', 'feasibility', 'team', 'impact'] as const;
export type Scores = Record<(typeof SCORE_CRITERIA)[number], number>;
const nowIso = (deps: Deps) => isoNow(deps.clock);
const parse = parseJson;

// ---- reviewer assignment ----------------------------------------------------------------------

const TOP_K = 25;

/** The applications to review (submitted), or — for the report after the award — every one not withdrawn. */
async function subjects(deps: Deps, callId: number, which: 'in-review' | 'all' = 'in-review') {
  const apps = await applications.forReview(deps.db.db, callId, which);
  return apps.map((a) => {
    const members = parse<TeamMember[]>(a.members_json, []);
    const subject: ConflictSubject = {
      applicantOrgId: Number(a.applicant_org_id),
      memberUserIds: [...new Set([Number(a.lead_user_id), ...members.map((m) => m.userId).filter((x): x is number => !!x)])],
      memberOrgIds: [...new Set(members.map((m) => m.organizationId))],
      jurisdictions: csv(a.jurisdictions),
    };
    return { id: Number(a.id), title: a.title, disciplines: csv(a.disciplines), keywords: csv(a.keywords), subject };
  });
}

export async function runAssignment(
  deps: Deps,
  actor: Actor,
  callId: number,
  input: { k?: number; maxPerExpert?: number; minPerExpert?: number; mode?: 'total' | 'fair' },
) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由发布指南的管理部门分配评审专家', en: 'The publishing department assigns reviewers' } });
  if (c.status !== 'review')
    throw ruleError('call-not-in-review', '指南进入评审阶段后才能分配专家', 'Reviewers are assigned once the call is in review', { state: c.status });
  const submitted = await repo.anySubmitted(deps.db.db, callId);
  if (submitted)
    throw conflict(
      { zh: '已有专家提交评审意见，不能重新分配', en: 'Reviews have been submitted; the assignment can no longer be redone' },
      { rule: 'reviews-submitted' },
    );
  const k = input.k ?? Number(c.reviewers_per_application);
  const L = input.maxPerExpert ?? Number(c.max_per_expert);
  const at = nowIso(deps);
  const apps = await subjects(deps, callId);
  const pool = await reviewerPool(deps);
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
      cands.push({
        applicationId: a.id,
        expertId: Number(e.user_id),
        affinity: affinity({ disciplines: a.disciplines, keywords: a.keywords }, { disciplines: csv(e.disciplines), keywords: csv(e.keywords) }),
      });
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
    // Experts hear only of applications newly theirs (a rerun keeps most pairs).
    const before = new Set((await repo.forCall(trx, callId)).filter((r) => r.status === 'assigned').map((r) => `${r.application_id}:${r.expert_user_id}`));
    await repo.deleteUnreviewed(trx, callId);
    await calls.update(trx, callId, { reviewers_per_application: k, max_per_expert: L, updated_at: at });
    await repo.insertMany(
      trx,
      result.pairs.map((p) => ({
        call_id: callId,
        application_id: p.applicationId,
        expert_user_id: p.expertId,
        affinity: p.affinity,
        status: 'assigned',
        scores_json: null,
        total_score: null,
        comment: null,
        conflict_note: null,
        created_at: at,
        submitted_at: null,
      })),
    );
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'call.assign_reviewers',
      entityType: 'call',
      entityId: callId,
      jurisdictionCode: c.jurisdiction_code,
      change: { k, maxPerExpert: L, mode: input.mode ?? 'total', pairs: result.pairs.length, totalAffinity: result.totalAffinity, uncovered: result.uncovered },
    });
    const fresh = new Map<number, number>();
    for (const p of result.pairs) if (!before.has(`${p.applicationId}:${p.expertId}`)) fresh.set(p.expertId, (fresh.get(p.expertId) ?? 0) + 1);
    for (const [expert, count] of fresh)
      await notify(trx, at, { userIds: [expert], kind: 'review.assigned', params: { call: c.title, count }, link: '/research/reviews' });
  });
  return assignmentReport(deps, actor, callId, { excluded, result });
}

/** The current assignment with its figures (total and per-application affinity, load spread, gaps). */
export async function assignmentReport(
  deps: Deps,
  actor: Actor,
  callId: number,
  extra?: { excluded: Record<string, number>; result: ReturnType<typeof assignReviewers> },
) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '仅管理部门可查看分配结果', en: 'Only the department sees the assignment' } });
  const rows = await repo.forCall(deps.db.db, callId);
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
    perApp
      .filter((p) => p.reviewers.filter((r) => r.status !== 'conflict').length < k)
      .map((p) => ({
        applicationId: p.applicationId,
        assigned: p.reviewers.filter((r) => r.status !== 'conflict').length,
        reason: 'capacity' as const,
        title: p.title,
      }));
  return {
    callId,
    k,
    maxPerExpert: Number(c.max_per_expert),
    totalAffinity: r4(affs.reduce((a, b) => a + b, 0)),
    minApplicationAffinity: r4(affs.length ? Math.min(...affs) : 0),
    meanApplicationAffinity: r4(affs.length ? affs.reduce((a, b) => a + b, 0) / affs.length : 0),
    load: {
      experts: lv.length,
      min: lv.length ? Math.min(...lv) : 0,
      max: lv.length ? Math.max(...lv) : 0,
      mean: r4(mean),
      stddev: r4(Math.sqrt(lv.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, lv.length))),
    },
    uncovered,
    excludedByConflict: extra?.excluded ?? null,
    applications: perApp,
  };
}

/** A reviewer added by hand is held to the same conflict rules: a conflicted expert can never be assigned, whatever the path. */
export async function assignManually(deps: Deps, actor: Actor, callId: number, input: { applicationId: number; expertUserId: number }) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由发布指南的管理部门分配评审专家', en: 'The publishing department assigns reviewers' } });
  if (c.status !== 'review')
    throw ruleError('call-not-in-review', '指南进入评审阶段后才能分配专家', 'Reviewers are assigned once the call is in review', { state: c.status });
  const a = (await subjects(deps, callId)).find((x) => x.id === input.applicationId);
  if (!a) throw notFound(APPLICATION, input.applicationId);
  const [e] = await expertViews(deps, [input.expertUserId]);
  if (!e) throw notFound({ zh: '专家', en: 'expert' }, input.expertUserId);
  const f = (await expertFacts(deps, [input.expertUserId])).get(input.expertUserId)!;
  const why = conflictOf(f, a.subject, { excludeSameJurisdiction: Number(c.exclude_same_jurisdiction) === 1, atIso: nowIso(deps) });
  if (why)
    throw ruleError(
      'conflict-of-interest',
      `该专家存在利益冲突：${CONFLICT_NAMES[why].zh}`,
      `The expert has a conflict of interest: ${CONFLICT_NAMES[why].en}`,
      { conflict: why },
    );
  const at = nowIso(deps);
  try {
    await inTransaction(deps, async (trx) => {
      await repo.insert(trx, {
        call_id: callId,
        application_id: a.id,
        expert_user_id: input.expertUserId,
        affinity: affinity({ disciplines: a.disciplines, keywords: a.keywords }, e),
        status: 'assigned',
        scores_json: null,
        total_score: null,
        comment: null,
        conflict_note: null,
        created_at: at,
        submitted_at: null,
      });
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'call.assign_reviewer',
        entityType: 'call',
        entityId: callId,
        jurisdictionCode: c.jurisdiction_code,
        change: input,
      });
      await notify(trx, at, { userIds: [input.expertUserId], kind: 'review.assigned', params: { call: c.title, count: 1 }, link: '/research/reviews' });
    });
  } catch (err) {
    if (deps.db.helpers.errors.isUniqueViolation(err))
      throw conflict({ zh: '该专家已分配给这份申报', en: 'The expert is already assigned to this application' });
    throw err;
  }
  return assignmentReport(deps, actor, callId);
}

// ---- reviews ----------------------------------------------------------------------------------

async function reviewViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const rows = await repo.findWithCall(deps.db.db, ids);
  const apps = await applicationViews(deps, [...new Set(rows.map((r) => Number(r.application_id)))], { withScores: false });
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
        scores: parse<Scores | null>(r.scores_json, null),
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
  const { ids, total } = await repo.listIds(
    deps.db.db,
    actor.userId,
    { status: q.status, callId: q.callId },
    { column, direction },
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: await reviewViews(deps, ids), total, page, pageSize };
}

async function loadMyReview(deps: Deps, actor: Actor, id: number) {
  const r = await repo.findOne(deps.db.db, id);
  if (!r || Number(r.expert_user_id) !== actor.userId) throw notFound(REVIEW, id);
  return r;
}

export async function getReview(deps: Deps, actor: Actor, id: number) {
  await loadMyReview(deps, actor, id);
  return (await reviewViews(deps, [id]))[0];
}

export async function submitReview(deps: Deps, actor: Actor, id: number, input: { scores: Scores; comment: string }) {
  const r = await loadMyReview(deps, actor, id);
  if (r.call_status !== 'review') throw ruleError('call-not-in-review', '评审阶段已结束', 'The review stage is over', { state: r.call_status });
  if (r.status === 'conflict') throw ruleError('conflict-declared', '您已声明利益冲突，不能评分', 'You declared a conflict; you cannot score');
  const at = nowIso(deps);
  if (await repo.userExists(deps.db.db, actor.userId)) {
    await assertNoIntegrityBar(deps.db.db, { userId: actor.userId, organizationId: actor.organizationId }, 'review', at);
  }
  const total = SCORE_CRITERIA.reduce((s, k) => s + input.scores[k], 0);
  await inTransaction(deps, async (trx) => {
    await repo.update(trx, id, {
      status: 'submitted',
      scores_json: JSON.stringify(input.scores),
      total_score: total,
      comment: input.comment.trim(),
      submitted_at: at,
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'review.submit',
      entityType: 'review',
      entityId: id,
      jurisdictionCode: r.jurisdiction_code,
      change: { scores: input.scores, total },
    });
  });
  return getReview(deps, actor, id);
}

export async function declareReviewConflict(deps: Deps, actor: Actor, id: number, input: { note: string }) {
  const r = await loadMyReview(deps, actor, id);
  if (r.status === 'submitted') throw ruleError('review-submitted', '评审意见已提交', 'The review has been submitted');
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await repo.update(trx, id, { status: 'conflict', conflict_note: input.note.trim() });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'review.declare_conflict',
      entityType: 'review',
      entityId: id,
      jurisdictionCode: r.jurisdiction_code,
      change: { note: input.note.trim() },
    });
  });
  return getReview(deps, actor, id);
}
