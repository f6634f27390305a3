// Reading the audit log: platform admins see everything, a jurisdiction's admins their own.
import type { Deps } from '../../platform/deps';
import { REASONS, assertAllowed, auditScope, type Actor } from '../../platform/access';
import { verifyAuditChain } from '../../platform/audit';
import * as repo from './audit.repository';

export interface AuditQuery extends repo.AuditFilter {
  page?: number;
  pageSize?: number;
  sort?: 'seq' | '-seq';
}

export async function listAudit(deps: Deps, actor: Actor, q: AuditQuery) {
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
      entityType: r.entity_type,
      entityId: r.entity_id,
      jurisdictionCode: r.jurisdiction_code,
      change: JSON.parse(r.change_json) as unknown,
      hash: r.hash,
    })),
    total,
    page,
    pageSize,
  };
}

export async function verifyAudit(deps: Deps, actor: Actor) {
  assertAllowed(actor.role === 'platform_admin', REASONS.platformAdminOnly);
  return verifyAuditChain(deps.db.db);
}
