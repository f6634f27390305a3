// Reading the audit log: platform admins see everything, a jurisdiction's admins their own.
// Entries carry their codes and, for the reader, the words for them (labels.ts) in the language of
// Accept-Language; the filter options list every action and entity type with both languages.
import type { Deps } from '../../platform/deps';
import { REASONS, assertAllowed, auditScope, type Actor } from '../../platform/access';
import { verifyAuditChain } from '../../platform/audit';
import type { Lang } from '../../platform/i18n';
import * as repo from './audit.repository';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from './labels';

export interface AuditQuery extends repo.AuditFilter {
  page?: number;
  pageSize?: number;
  sort?: 'seq' | '-seq';
}

export async function listAudit(deps: Deps, actor: Actor, q: AuditQuery, lang: Lang = 'zh') {
  const scope = auditScope(actor);
  assertAllowed(scope !== null, REASONS.notAdmin);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const filter = { ...q, jurisdiction: 'jurisdiction' in scope! ? scope.jurisdiction : q.jurisdiction };
  const { rows, total } = await repo.list(deps.db.db, filter, q.sort === 'seq' ? 'asc' : 'desc', pageSize, (page - 1) * pageSize);
  return {
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
      actorName: r.actor_name,
      action: r.action,
      actionLabel: AUDIT_ACTIONS[r.action]?.[lang] ?? r.action,
      entityType: r.entity_type,
      entityTypeLabel: AUDIT_ENTITY_TYPES[r.entity_type]?.[lang] ?? r.entity_type,
      entityId: r.entity_id,
      jurisdictionCode: r.jurisdiction_code,
      batchId: r.batch_id ?? null,
      change: JSON.parse(r.change_json) as unknown,
      hash: r.hash,
    })),
    total,
    page,
    pageSize,
  };
}

/** What the filters offer: every action and entity type with its words in both languages, and the actors in the reader's scope. */
export async function auditOptions(deps: Deps, actor: Actor) {
  const scope = auditScope(actor);
  assertAllowed(scope !== null, REASONS.notAdmin);
  const actors = await repo.actorNames(deps.db.db, 'jurisdiction' in scope! ? scope.jurisdiction : undefined, 500);
  return {
    actions: Object.entries(AUDIT_ACTIONS).map(([code, l]) => ({ code, zh: l.zh, en: l.en })),
    entityTypes: Object.entries(AUDIT_ENTITY_TYPES).map(([code, l]) => ({ code, zh: l.zh, en: l.en })),
    actors: actors.map((a) => a.actor_name!),
  };
}

export async function verifyAudit(deps: Deps, actor: Actor) {
  assertAllowed(actor.role === 'platform_admin', REASONS.platformAdminOnly);
  return verifyAuditChain(deps.db.db);
}
