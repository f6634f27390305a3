// What a resource's operators do besides deciding bookings (Decision art. 15): authorise trained
// users for self-operation, close the resource or block it for maintenance, and read its usage.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { invalid, notFound } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { REASONS, assertAllowed, canOperateResource, type Actor } from '../../platform/access';
import { canSeeResource, loadResource } from '../resources/resources.service';
import { iso, toInterval } from '../../platform/schedule';
import * as repo from './bookings.repository';
import { notify } from '../notifications/notify';

const RESOURCE = { zh: '资源', en: 'Resource' };

// ---- training and closures (the resource's operators) ------------------------------------

async function operatedResource(deps: Deps, actor: Actor, resourceId: number) {
  const res = await loadResource(deps, resourceId);
  if (!res) throw notFound(RESOURCE, resourceId);
  assertAllowed(canOperateResource(actor, res.row), REASONS.otherOrganization);
  return res;
}

export async function grantTraining(deps: Deps, actor: Actor, resourceId: number, input: { username: string; expiresOn: string; note?: string }) {
  const res = await operatedResource(deps, actor, resourceId);
  const user = await repo.findUserByUsername(deps.db.db, input.username.trim().toLowerCase());
  if (!user || user.status !== 'active') throw invalid([{ field: 'body:/username', code: 'user-invalid' }]);
  const nowIso = deps.clock.now().toISOString();
  // Valid through the end of the expiry day, Beijing time.
  const expires = new Date(Date.parse(input.expiresOn + 'T00:00:00+08:00') + 86_400_000).toISOString();
  if (expires <= nowIso) throw invalid([{ field: 'body:/expiresOn', code: 'date-in-past' }]);
  const id = await inTransaction(deps, async (trx) => {
    const trainingId = await authorizeTrained(trx, deps, actor, res.row, { userId: Number(user.id), expiresAt: expires, note: input.note ?? '', at: nowIso });
    await notify(trx, nowIso, {
      userIds: [Number(user.id)],
      kind: 'training.granted',
      // The last valid day, Beijing time (as the training request's grant says it).
      params: { resource: res.row.name, expiresAt: input.expiresOn, note: input.note ?? '' },
      link: `/resources/${resourceId}`,
    });
    return trainingId;
  });
  return (await listTraining(deps, actor, resourceId)).find((t) => t.id === id)!;
}

/**
 * The training authorisation itself and its audit entry, inside the caller's transaction: the
 * operator's direct grant and the grant of a training request (training-requests.service) both
 * write through here.
 */
export async function authorizeTrained(
  trx: Transaction<Database>,
  deps: Deps,
  actor: Actor,
  resource: { id: number; jurisdiction_code: string },
  t: { userId: number; expiresAt: string; note: string; at: string },
): Promise<number> {
  const { id } = await repo.insertTraining(trx, {
    resource_id: Number(resource.id),
    user_id: t.userId,
    granted_by: actor.userId,
    granted_at: t.at,
    expires_at: t.expiresAt,
    revoked_at: null,
    note: t.note,
  });
  await recordAudit(trx, deps.db.helpers, t.at, {
    actor,
    action: 'training.grant',
    entityType: 'training_authorization',
    entityId: Number(id),
    jurisdictionCode: resource.jurisdiction_code,
    change: { resourceId: Number(resource.id), userId: t.userId, expiresAt: t.expiresAt },
  });
  return Number(id);
}

export async function revokeTrainingAuthorization(deps: Deps, actor: Actor, resourceId: number, id: number) {
  const res = await operatedResource(deps, actor, resourceId);
  const t = await repo.findTraining(deps.db.db, id);
  if (!t || Number(t.resource_id) !== resourceId) throw notFound({ zh: '培训授权', en: 'Training authorisation' }, id);
  if (t.revoked_at) return;
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.revokeTraining(trx, id, nowIso);
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'training.revoke',
      entityType: 'training_authorization',
      entityId: id,
      jurisdictionCode: res.row.jurisdiction_code,
      change: { userId: Number(t.user_id) },
    });
  });
}

export async function listTraining(deps: Deps, actor: Actor, resourceId: number) {
  await operatedResource(deps, actor, resourceId);
  const now = deps.clock.now().toISOString();
  return (await repo.listTraining(deps.db.db, resourceId)).map((t) => ({
    id: Number(t.id),
    userId: Number(t.user_id),
    username: t.username,
    displayName: t.display_name,
    organizationName: t.organization_name,
    grantedAt: t.granted_at,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    valid: !t.revoked_at && t.expires_at > now,
    note: t.note,
  }));
}

export async function addClosure(
  deps: Deps,
  actor: Actor,
  resourceId: number,
  input: { kind: 'closure' | 'maintenance'; startsAt: string; endsAt: string; reason?: string },
) {
  const res = await operatedResource(deps, actor, resourceId);
  const x = toInterval(input.startsAt, input.endsAt);
  if (!(x.start < x.end)) throw invalid([{ field: 'body:/endsAt', code: 'value-invalid' }]);
  const nowIso = deps.clock.now().toISOString();
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertClosure(trx, {
      resource_id: resourceId,
      kind: input.kind,
      starts_at: iso(x.start),
      ends_at: iso(x.end),
      reason: input.reason ?? '',
      created_by: actor.userId,
      created_at: nowIso,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'closure.create',
      entityType: 'resource_closure',
      entityId: Number(id),
      jurisdictionCode: res.row.jurisdiction_code,
      change: { resourceId, ...input },
    });
    return Number(id);
  });
  // Bookings already in the window are not cancelled silently: the operator sees them.
  const affected = await repo.activeOverlapping(deps.db.db, resourceId, iso(x.start), iso(x.end));
  return { id, kind: input.kind, startsAt: iso(x.start), endsAt: iso(x.end), reason: input.reason ?? '', affectedBookings: affected.map((b) => Number(b.id)) };
}

export async function removeClosure(deps: Deps, actor: Actor, resourceId: number, id: number) {
  const res = await operatedResource(deps, actor, resourceId);
  const c = await repo.findClosure(deps.db.db, id);
  if (!c || Number(c.resource_id) !== resourceId) throw notFound({ zh: '停用时段', en: 'Closure' }, id);
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.deleteClosure(trx, id);
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'closure.delete',
      entityType: 'resource_closure',
      entityId: id,
      jurisdictionCode: res.row.jurisdiction_code,
      change: { before: c },
    });
  });
}

export interface ClosureListQuery {
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** Closures and maintenance blocks of a resource, for whoever may see it (drafts: the people who run it). */
export async function listClosures(deps: Deps, actor: Actor | null, resourceId: number, q: ClosureListQuery) {
  const res = await loadResource(deps, resourceId);
  if (!res || !canSeeResource(actor, res.row)) throw notFound(RESOURCE, resourceId);
  if (q.from && q.to && !(Date.parse(q.from) < Date.parse(q.to))) throw invalid([{ field: 'querystring:/to', code: 'value-invalid' }]);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { rows, total } = await repo.listClosures(deps.db.db, resourceId, { from: q.from, to: q.to }, pageSize, (page - 1) * pageSize);
  return {
    items: rows.map((c) => ({
      id: Number(c.id),
      resourceId: Number(c.resource_id),
      kind: c.kind,
      startsAt: c.starts_at,
      endsAt: c.ends_at,
      reason: c.reason,
      createdAt: c.created_at,
    })),
    total,
    page,
    pageSize,
  };
}

// ---- usage statistics ----------------------------------------------------------------------

/** The figures evaluators ask for: effective hours, hours served to other organisations and jurisdictions. */
export async function usage(deps: Deps, actor: Actor, resourceId: number, from: string, to: string) {
  const res = await operatedResource(deps, actor, resourceId).catch(async (e) => {
    // Jurisdiction admins evaluate the resources of their jurisdiction too (Decision art. 19).
    const r = await loadResource(deps, resourceId);
    if (r && actor.role === 'jurisdiction_admin' && actor.jurisdictionCode === r.row.jurisdiction_code) return r;
    throw e;
  });
  const rows = await repo.usageRows(deps.db.db, resourceId, from, to);
  const owner = Number(res.row.owner_org_id);
  let effective = 0;
  let external = 0;
  let otherJurisdiction = 0;
  let revenue = 0;
  const byStatus: Record<string, number> = {};
  const byJurisdiction: Record<string, number> = {};
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.status !== 'completed') continue;
    const minutes = r.usage_minutes ?? 0;
    effective += minutes;
    revenue += Number(r.charge_fen ?? 0);
    if (Number(r.organization_id) !== owner) external += minutes;
    if (r.jurisdiction_code !== res.row.jurisdiction_code) otherJurisdiction += minutes;
    byJurisdiction[r.jurisdiction_code] = (byJurisdiction[r.jurisdiction_code] ?? 0) + minutes / 60;
  }
  const hours = (m: number) => Math.round((m / 60) * 100) / 100;
  return {
    resourceId,
    from,
    to,
    effectiveHours: hours(effective),
    externalHours: hours(external),
    otherJurisdictionHours: hours(otherJurisdiction),
    completedBookings: byStatus.completed ?? 0,
    noShows: byStatus.no_show ?? 0,
    bookingsByStatus: byStatus,
    hoursByJurisdiction: Object.fromEntries(Object.entries(byJurisdiction).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    revenueFen: revenue,
  };
}
