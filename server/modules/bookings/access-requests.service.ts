// Scientific data sets and germplasm are not booked by the hour: a user asks for access with a
// purpose, the resource's manager approves or rejects (Decision art. 15).
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { REASONS, assertAllowed, canBook, canOperateResource, type Actor } from '../../platform/access';
import { BOOKABLE_KINDS, loadResource } from '../resources/resources.service';
import * as repo from './bookings.repository';

const ENTITY = { zh: '使用申请', en: 'Access request' };

export async function requestAccess(deps: Deps, actor: Actor, resourceId: number, purpose: string) {
  assertAllowed(canBook(actor), { zh: '管理部门账号不能申请使用资源', en: 'Administrative accounts do not request resources' });
  const res = await loadResource(deps, resourceId);
  if (!res || res.row.status !== 'published') throw notFound({ zh: '资源', en: 'Resource' }, resourceId);
  if (BOOKABLE_KINDS.includes(res.row.kind)) {
    throw new AppError('rule-violated', {
      reason: { zh: '仪器、设施和算力请直接预约时段', en: 'Instruments, facilities and compute are booked by time slot' },
    });
  }
  const nowIso = deps.clock.now().toISOString();
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertAccessRequest(trx, {
      resource_id: resourceId,
      user_id: actor.userId,
      organization_id: actor.organizationId,
      purpose: purpose.trim(),
      status: 'requested',
      created_at: nowIso,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'access_request.create',
      entityType: 'access_request',
      entityId: Number(id),
      jurisdictionCode: res.row.jurisdiction_code,
      change: { resourceId, purpose },
    });
    return Number(id);
  });
  return getView(deps, id);
}

/** One request as every answer shows it, names included (the same shape as a list item). */
async function getView(deps: Deps, id: number) {
  const a = await repo.findAccessRequestWithNames(deps.db.db, id);
  if (!a) throw notFound(ENTITY, id);
  return view(a);
}

function view(a: NonNullable<Awaited<ReturnType<typeof repo.findAccessRequestWithNames>>>) {
  return {
    id: Number(a.id),
    resourceId: Number(a.resource_id),
    resourceName: a.resource_name,
    userId: Number(a.user_id),
    userName: a.user_name,
    organizationName: a.organization_name,
    purpose: a.purpose,
    status: a.status,
    decisionNote: a.decision_note,
    decidedAt: a.decided_at,
    createdAt: a.created_at,
  };
}

export async function decideAccess(deps: Deps, actor: Actor, id: number, decision: 'approve' | 'reject', note?: string) {
  const a = await repo.findAccessRequest(deps.db.db, id);
  if (!a) throw notFound(ENTITY, id);
  const res = await loadResource(deps, Number(a.resource_id));
  assertAllowed(!!res && canOperateResource(actor, res.row), REASONS.otherOrganization);
  const status = decision === 'approve' ? 'approved' : 'rejected';
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    const r = await repo.updateAccessRequest(trx, id, { status, decided_by: actor.userId, decision_note: note ?? null, decided_at: nowIso }, 'requested');
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('rule-violated', { reason: { zh: '该申请已处理', en: 'The request was already decided' } });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: `access_request.${decision}`,
      entityType: 'access_request',
      entityId: id,
      jurisdictionCode: res!.row.jurisdiction_code,
      change: { before: { status: 'requested' }, after: { status, note } },
    });
  });
  return getView(deps, id);
}

export async function listAccessRequests(
  deps: Deps,
  actor: Actor,
  q: { scope?: 'mine' | 'managed'; resourceId?: number; status?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const f: repo.AccessRequestFilter =
    (q.scope ?? 'mine') === 'mine'
      ? { userId: actor.userId, resourceId: q.resourceId, status: q.status }
      : {
          managedBy: { userId: actor.userId, orgId: actor.role === 'org_admin' ? actor.organizationId : null, all: actor.role === 'platform_admin' },
          resourceId: q.resourceId,
          status: q.status,
        };
  const { rows, total } = await repo.listAccessRequests(deps.db.db, f, pageSize, (page - 1) * pageSize);
  return { items: rows.map(view), total, page, pageSize };
}
