// Applications (bids) to joint research calls (Decision arts. 6, 7): the team (a joint-fund team
// spans at least two jurisdictions), the integrity gate for every member, attachments, and who
// may read them.
import { administers, isAdministrator as isAdmin, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound, parseJson, ruleError } from '../../platform/errors';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { acceptDocument } from '../../platform/files';
import { isoNow } from '../../platform/clock';
import { csv } from './experts.service';
import { isPoser, loadCall } from './calls.service';
import * as repo from './applications.repository';
import * as reviews from './reviews.repository';

const APPLICATION = { zh: '申报', en: 'application' };
const nowIso = (deps: Deps) => isoNow(deps.clock);
const parse = parseJson;

export interface Member {
  name: string;
  userId?: number;
  organizationId: number;
  role?: string;
}

/** A member as stored with the application: the lead first, each with a role and their organisation. */
export interface TeamMember extends Member {
  role: string;
  organizationName: string;
  jurisdictionCode: string;
}

export async function applicationViews(deps: Deps, ids: number[], opts: { withScores: boolean }) {
  if (!ids.length) return [];
  const [rows, files, scores] = await Promise.all([
    repo.findWithNames(deps.db.db, ids),
    repo.attachmentsOf(deps.db.db, ids),
    opts.withScores ? reviews.scoresOf(deps.db.db, ids) : Promise.resolve([] as Array<{ application_id: number; total_score: number | null; status: string }>),
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
        members: parse<TeamMember[]>(a.members_json, []),
        jurisdictions: csv(a.jurisdictions),
        status: a.status,
        awardFen: a.award_fen === null ? null : Number(a.award_fen),
        attachments: files
          .filter((f) => Number(f.application_id) === id)
          .map((f) => ({ id: Number(f.id), filename: f.filename, contentType: f.content_type, size: Number(f.size), createdAt: f.created_at })),
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
  if (c.kind === 'challenge' && isPoser(actor, c))
    throw ruleError('own-challenge', '出题单位不能揭自己的榜', 'The posing organisation cannot bid on its own challenge');
  const action = c.kind === 'challenge' ? 'bid' : 'apply';
  // The team: the lead (the applicant) first, then the members named.
  const orgIds = [...new Set([actor.organizationId, ...input.members.map((m) => m.organizationId)])];
  const userIds = [...new Set(input.members.map((m) => m.userId).filter((x): x is number => !!x))];
  const [orgs, users] = await Promise.all([
    repo.organizationsByIds(deps.db.db, orgIds),
    userIds.length ? repo.usersByIds(deps.db.db, userIds) : Promise.resolve([]),
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
    ...input.members
      .filter((m) => m.userId !== actor.userId)
      .map((m) => ({ name: m.name.trim(), userId: m.userId, organizationId: m.organizationId, role: m.role?.trim() || 'member' })),
  ].map((m) => ({ ...m, organizationName: orgOf.get(m.organizationId)!.name, jurisdictionCode: orgOf.get(m.organizationId)!.jurisdiction_code }));
  const jurisdictions = [...new Set(members.map((m) => m.jurisdictionCode))].sort();
  if (c.kind === 'joint_fund' && jurisdictions.length < 2) {
    throw ruleError('single-jurisdiction', '联合基金项目的申报团队须来自至少两个省市', 'A joint-fund team must span at least two jurisdictions', {
      jurisdictions,
    });
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
    keywords: (input.keywords ?? [])
      .map((k) => k.trim())
      .filter(Boolean)
      .join(','),
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
      const id = Number((await repo.insert(trx, row)).id);
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: `call.${action}`,
        entityType: 'call_application',
        entityId: id,
        jurisdictionCode: c.jurisdiction_code,
        change: row,
      });
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
  const filter: repo.ApplicationFilter = { applicantOrgId: full ? undefined : actor.organizationId, status: q.status };
  const { column, direction } = parseSort(q.sort, { createdAt: 'created_at', budget: 'budget_fen', title: 'title' } as const, 'createdAt');
  const { ids, total } = await repo.listIds(deps.db.db, callId, filter, { column, direction }, pageSize, (page - 1) * pageSize);
  return {
    items: await applicationViews(deps, ids, { withScores: full && ['decision', 'notice', 'awarded', 'milestones', 'completed'].includes(c.status) }),
    total,
    page,
    pageSize,
  };
}

export async function addAttachment(deps: Deps, actor: Actor, callId: number, appId: number, input: { filename: string; contentType: string; body: Buffer }) {
  const c = await loadCall(deps, actor, callId);
  const a = await repo.findLead(deps.db.db, callId, appId);
  if (!a || Number(a.lead_user_id) !== actor.userId) throw notFound(APPLICATION, appId);
  if (c.status !== 'open' || nowIso(deps) >= c.deadline)
    throw ruleError('deadline-passed', '申报已截止，不能再补充附件', 'Applications are closed; attachments can no longer be added');
  const { filename, sha256 } = acceptDocument(input, input.filename, 'attachment');
  const n = await repo.countAttachments(deps.db.db, appId);
  if (n >= 10) throw ruleError('too-many-attachments', '每份申报至多 10 个附件', 'At most 10 attachments per application');
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertAttachment(trx, {
      application_id: appId,
      filename,
      content_type: input.contentType,
      size: input.body.length,
      sha256,
      content: input.body,
      created_at: at,
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'call.attachment.add',
      entityType: 'call_application',
      entityId: appId,
      jurisdictionCode: c.jurisdiction_code,
      change: { attachmentId: Number(id), filename, size: input.body.length, sha256 },
    });
  });
  return (await applicationViews(deps, [appId], { withScores: false }))[0];
}

export async function attachmentFile(deps: Deps, actor: Actor, callId: number, attachmentId: number) {
  const c = await loadCall(deps, actor, callId);
  const f = await repo.findAttachment(deps.db.db, callId, attachmentId);
  const reviewer = f ? await reviews.findReviewer(deps.db.db, Number(f.app_id), actor.userId) : null;
  // The team's own people (the applicant organisation and every member named), the department, the poser, the reviewers.
  const team = f ? parse<Member[]>(f.members_json, []).some((m) => m.userId === actor.userId || m.organizationId === actor.organizationId) : false;
  if (!f || !(administers(actor, c.jurisdiction_code) || isPoser(actor, c) || Number(f.applicant_org_id) === actor.organizationId || team || reviewer))
    throw notFound({ zh: '附件', en: 'attachment' }, attachmentId);
  return { filename: f.filename, contentType: f.content_type, content: Buffer.from(f.content) };
}
