// Selection and funding of joint research calls (Decision arts. 6, 7): the ranking by trimmed mean
// score, the 揭榜挂帅 poser's opinion, the award decision, the funding split by jurisdiction shares,
// and the 赛马制 milestone assessments that eliminate teams and pay the survivors' tranches.
import { administers, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, parseJson, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import { getCall, isPoser, loadCall } from './calls.service';
import { applicationViews } from './applications.service';
import * as repo from './awards.repository';
import * as calls from './calls.repository';
import * as applications from './applications.repository';

const nowIso = (deps: Deps) => isoNow(deps.clock);
const parse = parseJson;

export async function ranking(deps: Deps, actor: Actor, callId: number) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code) && !isPoser(actor, c))
    throw new AppError('forbidden', { reason: { zh: '仅管理部门和出题单位可查看排名', en: 'Only the department and the poser see the ranking' } });
  const views = await applicationViews(deps, await applications.liveIds(deps.db.db, callId), { withScores: true });
  const rows = views
    .map((v) => ({ ...v, rank: 0 }))
    .sort((a, b) => (b.trimmedMeanScore ?? -1) - (a.trimmedMeanScore ?? -1) || (b.meanScore ?? -1) - (a.meanScore ?? -1) || a.id - b.id);
  rows.forEach((r, i) => (r.rank = i + 1));
  return { callId, status: c.status, kind: c.kind, budgetFen: Number(c.budget_fen), items: rows };
}

/** 揭榜挂帅: the posing organisation takes part in selection by stating its preference, which the decision page shows. */
export async function poserOpinion(deps: Deps, actor: Actor, callId: number, input: { preferredApplicationIds: number[]; note: string }) {
  const c = await loadCall(deps, actor, callId);
  if (!isPoser(actor, c) || actor.role !== 'org_admin')
    throw new AppError('forbidden', { reason: { zh: '由出题单位管理员发表意见', en: 'The posing organisation’s admin gives its opinion' } });
  if (c.status !== 'review' && c.status !== 'decision')
    throw ruleError('call-not-in-selection', '评审或决策阶段才能发表出题单位意见', 'The poser’s opinion is given during review or decision', {
      state: c.status,
    });
  const submitted = await applications.idsWithStatus(deps.db.db, callId, 'submitted');
  input.preferredApplicationIds.forEach((id, i) => {
    if (!submitted.includes(id)) throw invalid([{ field: `body:/preferredApplicationIds/${i}`, code: 'value-invalid' }]);
  });
  const at = nowIso(deps);
  const opinion = { preferredApplicationIds: input.preferredApplicationIds, note: input.note.trim(), at };
  await inTransaction(deps, async (trx) => {
    await calls.update(trx, callId, { poser_opinion_json: JSON.stringify(opinion), updated_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'call.poser_opinion',
      entityType: 'call',
      entityId: callId,
      jurisdictionCode: c.jurisdiction_code,
      change: opinion,
    });
  });
  return getCall(deps, actor, callId);
}

/** The award: one winner for a challenge, 2–N teams for a horse race, any number within the budget for a joint fund. */
export async function decide(deps: Deps, actor: Actor, callId: number, input: { awards: Array<{ applicationId: number; amountFen: number }>; note?: string }) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由管理部门作出立项决定', en: 'The department decides the award' } });
  if (c.status !== 'decision')
    throw ruleError('call-not-in-decision', '指南进入决策阶段后才能立项', 'Awards are decided in the decision stage', { state: c.status });
  const ids = input.awards.map((a) => a.applicationId);
  if (new Set(ids).size !== ids.length) throw invalid([{ field: 'body:/awards', code: 'value-invalid' }]);
  const apps = await applications.statusesOf(deps.db.db, callId);
  input.awards.forEach((a, i) => {
    if (!apps.some((x) => Number(x.id) === a.applicationId && x.status === 'submitted'))
      throw invalid([{ field: `body:/awards/${i}/applicationId`, code: 'value-invalid' }]);
  });
  const total = input.awards.reduce((s, a) => s + a.amountFen, 0);
  if (total > Number(c.budget_fen))
    throw ruleError('over-budget', '立项金额超过指南预算', 'The awards exceed the call’s budget', { totalFen: total, budgetFen: Number(c.budget_fen) });
  if (c.kind === 'challenge' && input.awards.length !== 1) throw ruleError('one-winner', '揭榜挂帅只能确定一个揭榜方', 'A challenge has exactly one winner');
  if (c.kind === 'horse_race' && (input.awards.length < 2 || input.awards.length > Number(c.race_teams))) {
    throw ruleError('race-teams', `赛马制须择优支持 2–${c.race_teams} 个团队`, `A horse race funds 2–${c.race_teams} teams`, {
      raceTeams: Number(c.race_teams),
    });
  }
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    for (const a of input.awards) await repo.award(trx, a.applicationId, a.amountFen, at);
    await repo.markRestNotAwarded(trx, callId, at);
    await calls.update(trx, callId, { decision_note: input.note?.trim() ?? '', updated_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'call.decide',
      entityType: 'call',
      entityId: callId,
      jurisdictionCode: c.jurisdiction_code,
      change: { awards: input.awards, note: input.note ?? '' },
    });
  });
  return funding(deps, actor, callId);
}

/** Who pays what: a joint fund split by the jurisdictions' shares; a horse race's first tranches and what remains. */
export async function funding(deps: Deps, actor: Actor, callId: number) {
  const c = await loadCall(deps, actor, callId);
  const awarded = await repo.fundedTeams(deps.db.db, callId);
  const milestones = await repo.milestonesOf(deps.db.db, callId);
  const total = awarded.reduce((s, a) => s + Number(a.award_fen ?? 0), 0);
  const shares = parse<Record<string, number>>(c.shares_json, {});
  const byJurisdiction = Object.entries(shares).map(([j, bp]) => ({ jurisdictionCode: j, shareBp: bp, amountFen: Math.floor((total * bp) / 10_000) }));
  // Rounding: the remainder fen goes to the publishing jurisdiction.
  const rem = total - byJurisdiction.reduce((s, x) => s + x.amountFen, 0);
  const home = byJurisdiction.find((x) => x.jurisdictionCode === c.jurisdiction_code) ?? byJurisdiction[0];
  if (home) home.amountFen += rem;
  // 赛马制: the first tranche (a share of the budget) is split among the teams actually funded.
  const firstTranche =
    c.kind === 'horse_race' && awarded.length ? Math.floor((Number(c.budget_fen) * Number(c.first_tranche_bp)) / 10_000 / awarded.length) : null;
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
        ...milestones
          .filter((m) => Number(m.application_id) === Number(a.id) && Number(m.tranche_fen) > 0)
          .map((m) => ({ milestone: Number(m.milestone), amountFen: Number(m.tranche_fen) })),
      ],
    })),
    milestones: milestones.map((m) => ({
      applicationId: Number(m.application_id),
      milestone: Number(m.milestone),
      passed: Number(m.passed) === 1,
      trancheFen: Number(m.tranche_fen),
      note: m.note,
      assessedAt: m.assessed_at,
    })),
  };
}

/** A milestone assessment: failed teams are eliminated (赛马制); the survivors share the next tranche. */
export async function assessMilestone(
  deps: Deps,
  actor: Actor,
  callId: number,
  input: { milestone: number; results: Array<{ applicationId: number; passed: boolean; note?: string }> },
) {
  const c = await loadCall(deps, actor, callId);
  if (!administers(actor, c.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由管理部门组织里程碑考核', en: 'The department assesses milestones' } });
  if (c.status !== 'milestones')
    throw ruleError('call-not-in-milestones', '指南进入里程碑阶段后才能考核', 'Milestones are assessed in the milestones stage', { state: c.status });
  const liveIds = new Set(await applications.idsWithStatus(deps.db.db, callId, 'awarded'));
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
        await repo.insertMilestone(trx, {
          call_id: callId,
          application_id: r.applicationId,
          milestone: input.milestone,
          passed: r.passed ? 1 : 0,
          tranche_fen: r.passed ? trancheOf(r.applicationId) : 0,
          note: r.note?.trim() ?? '',
          assessed_by: actor.userId,
          assessed_at: at,
        });
        if (!r.passed && c.kind === 'horse_race') await repo.eliminate(trx, r.applicationId, at);
      }
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'call.milestone',
        entityType: 'call',
        entityId: callId,
        jurisdictionCode: c.jurisdiction_code,
        change: { milestone: input.milestone, results: input.results, trancheFen: tranche },
      });
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw conflict({ zh: '该里程碑已考核', en: 'This milestone has already been assessed' });
    throw e;
  }
  return funding(deps, actor, callId);
}
