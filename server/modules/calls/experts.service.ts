// The shared expert pool (专家库, Decision art. 15) and the conflict-of-interest rules reviewers
// are held to: same organisation; member of the applicant team; co-author or collaborator in
// the last 3 years; advisor / advisee; family; declared by either side; optionally the
// applicant's jurisdiction; and an active integrity record bars expert duty everywhere.
import { canKeepExpertProfile, isAdministrator as isAdmin, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, invalid, notFound, ruleError } from '../../platform/errors';
import { activeIntegrityRecord, barredUserIds } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { fold, splitList } from '../../platform/text';
import * as repo from './experts.repository';

const EXPERT = { zh: '专家', en: 'expert' };
export const RELATION_KINDS = ['coauthor', 'collaborator', 'advisor', 'advisee', 'family', 'declared'] as const;
/** Relations that only count when recent (within this many years). */
const RECENT_KINDS = new Set(['coauthor', 'collaborator']);
export const RECENT_YEARS = 3;
const nowIso = (deps: Deps) => isoNow(deps.clock);
export const csv = splitList;

export async function expertViews(deps: Deps, userIds: number[]) {
  if (!userIds.length) return [];
  const rows = await repo.findProfiles(deps.db.db, userIds);
  const byId = new Map(rows.map((r) => [Number(r.user_id), r]));
  return userIds
    .filter((id) => byId.has(id))
    .map((id) => {
      const r = byId.get(id)!;
      return {
        userId: id,
        name: r.display_name,
        organizationId: Number(r.organization_id),
        organizationName: r.org_name,
        jurisdictionCode: r.jurisdiction_code,
        title: r.title,
        disciplines: csv(r.disciplines),
        keywords: csv(r.keywords),
        availability: r.availability,
        bio: r.bio,
        updatedAt: r.updated_at,
      };
    });
}

export async function listExperts(
  deps: Deps,
  actor: Actor,
  q: { q?: string; jurisdiction?: string; discipline?: string; availability?: string; sort?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { name: 'u.name_pinyin', updatedAt: 'p.updated_at' } as const, 'name');
  const needle = q.q?.trim();
  const filter: repo.ExpertFilter = {
    jurisdiction: q.jurisdiction,
    availability: q.availability,
    discipline: q.discipline,
    q: needle ? { raw: needle, folded: fold(needle) } : undefined,
  };
  void actor;
  const { ids, total } = await repo.listIds(deps.db.db, deps.db.helpers, filter, { column, direction }, pageSize, (page - 1) * pageSize);
  return { items: await expertViews(deps, ids), total, page, pageSize };
}

export async function getExpert(deps: Deps, actor: Actor, userId: number) {
  const [e] = await expertViews(deps, [userId]);
  if (!e) throw notFound(EXPERT, userId);
  // Declared relations are for the expert and administrators.
  const relations = actor.userId === userId || isAdmin(actor) ? await listRelations(deps, userId) : [];
  return { ...e, relations };
}

/**
 * An expert keeps their own profile; administrators keep the profiles of experts in their own
 * jurisdiction (the platform admin, anyone's). A profile is only for a user who holds the expert
 * role: making someone an expert is a role change through the users route, which is audited and
 * checked by jurisdiction there.
 */
export async function upsertProfile(
  deps: Deps,
  actor: Actor,
  userId: number,
  input: { title?: string; disciplines: string[]; keywords: string[]; availability: string; bio?: string },
) {
  const u = await repo.findUserWithJurisdiction(deps.db.db, userId);
  if (!canKeepExpertProfile(actor, { userId, jurisdictionCode: u?.jurisdiction_code ?? null })) {
    throw new AppError('forbidden', {
      reason: { zh: '只能维护本人或本辖区专家的信息', en: 'You may only keep your own expert profile, or those of experts in your jurisdiction' },
    });
  }
  if (!u) throw notFound(EXPERT, userId);
  if (u.role !== 'expert') {
    throw ruleError(
      'not-an-expert',
      '该用户不是专家：请先由其管理员在用户管理中将角色设为“专家”',
      'This user is not an expert: an administrator first gives them the expert role under Users',
    );
  }
  const bad = input.disciplines.findIndex((d) => !/^\d{3}(\d{2}(\d{2})?)?$/.test(d));
  if (bad >= 0) throw invalid([{ field: `body:/disciplines/${bad}`, code: 'value-invalid' }]);
  const at = nowIso(deps);
  const row = {
    title: input.title?.trim() ?? '',
    disciplines: [...new Set(input.disciplines)].join(','),
    keywords: [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))].join(','),
    availability: input.availability,
    bio: input.bio?.trim() ?? '',
    updated_at: at,
  };
  await inTransaction(deps, async (trx) => {
    const exists = await repo.profileExists(trx, userId);
    if (exists) await repo.updateProfile(trx, userId, row);
    else await repo.insertProfile(trx, { user_id: userId, ...row });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: exists ? 'expert.update' : 'expert.create',
      entityType: 'expert',
      entityId: userId,
      jurisdictionCode: null,
      change: row,
    });
  });
  return getExpert(deps, actor, userId);
}

export async function listRelations(deps: Deps, expertUserId: number) {
  const rows = await repo.relationsOf(deps.db.db, expertUserId);
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    otherUserId: r.other_user_id === null ? null : Number(r.other_user_id),
    otherOrganizationId: r.other_org_id === null ? null : Number(r.other_org_id),
    otherName: r.display_name ?? r.org_name ?? r.other_name,
    since: r.since,
    until: r.until,
    note: r.note,
    declaredByExpert: Number(r.declared_by) === expertUserId,
    createdAt: r.created_at,
  }));
}

/** A relation declared by the expert, or by the other side (an applicant naming a relation to the expert). */
export async function declareRelation(
  deps: Deps,
  actor: Actor,
  expertUserId: number,
  input: { kind: string; otherUserId?: number; otherOrganizationId?: number; otherName?: string; since?: string; until?: string; note?: string },
) {
  const [e] = await expertViews(deps, [expertUserId]);
  if (!e) throw notFound(EXPERT, expertUserId);
  const bySelf = actor.userId === expertUserId;
  // The other side declares a relation between the expert and themselves (or their organisation).
  const otherUserId = bySelf ? (input.otherUserId ?? null) : input.otherOrganizationId ? null : actor.userId;
  const otherOrgId = bySelf ? (input.otherOrganizationId ?? null) : input.otherOrganizationId ? actor.organizationId : null;
  if (!bySelf && input.otherOrganizationId && input.otherOrganizationId !== actor.organizationId)
    throw new AppError('forbidden', { reason: { zh: '只能申报与本人或本机构的关系', en: 'You may declare relations to yourself or your organisation only' } });
  if (otherUserId === null && otherOrgId === null) throw invalid([{ field: 'body:/otherUserId', code: 'value-invalid' }]);
  if (otherUserId === expertUserId) throw invalid([{ field: 'body:/otherUserId', code: 'value-invalid' }]);
  const at = nowIso(deps);
  const row = {
    expert_user_id: expertUserId,
    kind: input.kind,
    other_user_id: otherUserId,
    other_org_id: otherOrgId,
    other_name: input.otherName?.trim() ?? '',
    since: input.since ?? null,
    until: input.until ?? null,
    note: input.note?.trim() ?? '',
    declared_by: actor.userId,
    created_at: at,
  };
  await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertRelation(trx, row);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'expert.relation.declare',
      entityType: 'expert',
      entityId: expertUserId,
      jurisdictionCode: null,
      change: { relationId: Number(id), ...row },
    });
  });
  return listRelations(deps, expertUserId);
}

export interface ConflictSubject {
  applicantOrgId: number;
  memberUserIds: number[];
  memberOrgIds: number[];
  jurisdictions: string[];
}

export type ConflictReason =
  'same-organization' | 'team-member' | 'coauthor' | 'collaborator' | 'advisor' | 'advisee' | 'family' | 'declared' | 'same-jurisdiction' | 'integrity-record';

export const CONFLICT_NAMES: Record<ConflictReason, { zh: string; en: string }> = {
  'same-organization': { zh: '与申请团队同单位', en: 'same organisation as the team' },
  'team-member': { zh: '是申请团队成员', en: 'a member of the applicant team' },
  coauthor: { zh: '近三年合著关系', en: 'co-author in the last 3 years' },
  collaborator: { zh: '近三年合作关系', en: 'collaborator in the last 3 years' },
  advisor: { zh: '导师关系', en: 'advisor' },
  advisee: { zh: '学生关系', en: 'advisee' },
  family: { zh: '亲属关系', en: 'family' },
  declared: { zh: '已申报的利益冲突', en: 'declared conflict' },
  'same-jurisdiction': { zh: '与申请方同属一地（本指南要求回避）', en: 'from the applicant’s jurisdiction (excluded by this call)' },
  'integrity-record': { zh: '存在有效的科研失信记录', en: 'an active integrity record' },
};

export interface ExpertFacts {
  userId: number;
  organizationId: number;
  jurisdictionCode: string;
  relations: Array<{ kind: string; otherUserId: number | null; otherOrgId: number | null; until: string | null }>;
  barred: boolean;
}

const MIRRORED: Record<string, string> = { advisor: 'advisee', advisee: 'advisor' };

/** Loads what the conflict rules need about many experts in three queries (the integrity gate's among them). */
export async function expertFacts(deps: Deps, userIds: number[]): Promise<Map<number, ExpertFacts>> {
  const out = new Map<number, ExpertFacts>();
  if (!userIds.length) return out;
  const at = nowIso(deps);
  const [users, rels, barred] = await Promise.all([
    repo.usersWithJurisdiction(deps.db.db, userIds),
    repo.relationsTouching(deps.db.db, userIds),
    barredUserIds(deps.db.db, userIds, at),
  ]);
  for (const u of users)
    out.set(Number(u.id), {
      userId: Number(u.id),
      organizationId: Number(u.organization_id),
      jurisdictionCode: u.jurisdiction_code,
      relations: [],
      barred: barred.has(Number(u.id)),
    });
  for (const r of rels) {
    out.get(Number(r.expert_user_id))?.relations.push({
      kind: r.kind,
      otherUserId: r.other_user_id === null ? null : Number(r.other_user_id),
      otherOrgId: r.other_org_id === null ? null : Number(r.other_org_id),
      until: r.until,
    });
    // A relation between two people binds both: the other person, as a reviewer, is related to the expert who declared it.
    if (r.other_user_id !== null)
      out
        .get(Number(r.other_user_id))
        ?.relations.push({ kind: MIRRORED[r.kind] ?? r.kind, otherUserId: Number(r.expert_user_id), otherOrgId: null, until: r.until });
  }
  return out;
}

/** The first conflict of interest between an expert and an application, or null. */
export function conflictOf(e: ExpertFacts, s: ConflictSubject, opts: { excludeSameJurisdiction: boolean; atIso: string }): ConflictReason | null {
  if (e.barred) return 'integrity-record';
  if (s.memberUserIds.includes(e.userId)) return 'team-member';
  if (e.organizationId === s.applicantOrgId || s.memberOrgIds.includes(e.organizationId)) return 'same-organization';
  const recentFrom = new Date(Date.parse(opts.atIso) - RECENT_YEARS * 365.25 * 86_400_000).toISOString().slice(0, 10);
  for (const r of e.relations) {
    const hits =
      (r.otherUserId !== null && s.memberUserIds.includes(r.otherUserId)) ||
      (r.otherOrgId !== null && (r.otherOrgId === s.applicantOrgId || s.memberOrgIds.includes(r.otherOrgId)));
    if (!hits) continue;
    if (RECENT_KINDS.has(r.kind) && r.until && r.until < recentFrom) continue;
    return r.kind as ConflictReason;
  }
  if (opts.excludeSameJurisdiction && s.jurisdictions.includes(e.jurisdictionCode)) return 'same-jurisdiction';
  return null;
}

export async function isBarredExpert(deps: Deps, userId: number) {
  const u = await repo.findUserOrganization(deps.db.db, userId);
  if (!u) return null;
  return activeIntegrityRecord(deps.db.db, { userId, organizationId: Number(u.organization_id) }, nowIso(deps));
}

/** Every active expert not marked unavailable, with profile, for the technology market's matching. */
export async function availableExperts(deps: Deps) {
  const rows = await repo.availableUserIds(deps.db.db);
  return expertViews(
    deps,
    rows.map((r) => Number(r.user_id)),
  );
}

/** The reviewers an assignment draws on: active experts marked available, in user id order. */
export function reviewerPool(deps: Deps) {
  return repo.assignablePool(deps.db.db);
}
