// Training requests (issue 15, defect 8): self-operation needs a training authorisation, so a
// person without one asks the resource's operators for training instead of hitting a refused
// booking. Granting writes the authorisation through operations.authorizeTrained (the same path
// as the operator's direct grant) in the request's transaction. Also the operator's approval
// queue: pending bookings, training requests and access requests across every resource they run.
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { REASONS, assertAllowed, canBook, canOperateResource, type Actor } from '../../platform/access';
import { notify, recipientsOf } from '../notifications/notify';
import { canSeeResource, loadResource } from '../resources/resources.service';
import { authorizeTrained } from './operations.service';
import { listBookings } from './bookings.service';
import { listAccessRequests } from './access-requests.service';
import * as bookingsRepo from './bookings.repository';
import * as repo from './training-requests.repository';

const ENTITY = { zh: '培训申请', en: 'Training request' };
const RESOURCE = { zh: '资源', en: 'Resource' };
/** An authorisation granted from a request lasts a year unless the operator says otherwise. */
const DEFAULT_DAYS = 365;
const beijingDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

export const managedBy = (actor: Actor): repo.ManagedBy => ({
  userId: actor.userId,
  orgId: actor.role === 'org_admin' ? actor.organizationId : null,
  all: actor.role === 'platform_admin',
});

type Row = NonNullable<Awaited<ReturnType<typeof repo.findTrainingRequestWithNames>>>;
function view(t: Row) {
  return {
    id: Number(t.id),
    resourceId: Number(t.resource_id),
    resourceName: t.resource_name,
    userId: Number(t.user_id),
    userName: t.user_name,
    username: t.username,
    organizationName: t.organization_name,
    note: t.note,
    state: t.state,
    decisionNote: t.decision_note,
    decidedAt: t.decided_at,
    trainingId: t.training_id === null ? null : Number(t.training_id),
    createdAt: t.created_at,
  };
}
export type TrainingRequestView = ReturnType<typeof view>;

async function getView(deps: Deps, id: number) {
  const t = await repo.findTrainingRequestWithNames(deps.db.db, id);
  if (!t) throw notFound(ENTITY, id);
  return view(t);
}

/** The people who decide a resource's training: its manager and its owner organisation's admins. */
async function operatorsOf(deps: Deps, r: { owner_org_id: number; manager_user_id: number | null }) {
  const admins = await recipientsOf.orgUsers(deps.db.db, Number(r.owner_org_id), ['org_admin']);
  return [...new Set([...(r.manager_user_id === null ? [] : [Number(r.manager_user_id)]), ...admins.map(Number)])];
}

export async function requestTraining(deps: Deps, actor: Actor, resourceId: number, note: string) {
  assertAllowed(canBook(actor), { zh: '管理部门账号不能申请培训', en: 'Administrative accounts do not request training' });
  const res = await loadResource(deps, resourceId);
  // A resource the person may not see is answered as absent (no hint that it exists).
  if (!res || res.row.status !== 'published' || !canSeeResource(actor, res.row)) throw notFound(RESOURCE, resourceId);
  if (!res.modes.includes('self_operation')) {
    throw new AppError('rule-violated', {
      reason: { zh: '该资源不提供自主上机，无需培训', en: 'This resource offers no self-operation, so no training is needed' },
    });
  }
  const nowIso = deps.clock.now().toISOString();
  if (await bookingsRepo.validTraining(deps.db.db, resourceId, actor.userId, nowIso)) {
    throw new AppError('rule-violated', {
      reason: { zh: '您已持有该资源有效的培训授权', en: 'You already hold a valid training authorisation for this resource' },
    });
  }
  if (await repo.pendingTrainingRequestOf(deps.db.db, resourceId, actor.userId)) {
    throw conflict({ zh: '您已有一份待处理的培训申请', en: 'You already have a pending training request for this resource' });
  }
  const operators = await operatorsOf(deps, res.row);
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertTrainingRequest(trx, {
      resource_id: resourceId,
      user_id: actor.userId,
      organization_id: actor.organizationId,
      note: note.trim(),
      state: 'pending',
      decided_by: null,
      decided_at: null,
      decision_note: null,
      training_id: null,
      created_at: nowIso,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'training_request.create',
      entityType: 'training_request',
      entityId: Number(id),
      jurisdictionCode: res.row.jurisdiction_code,
      change: { resourceId, note: note.trim() },
    });
    await notify(trx, nowIso, {
      userIds: operators,
      kind: 'training.requested',
      params: { user: actor.displayName, organization: actor.organizationName, resource: res.row.name },
      link: '/queue',
    });
    return Number(id);
  });
  return getView(deps, id);
}

export async function decideTrainingRequest(
  deps: Deps,
  actor: Actor,
  id: number,
  decision: 'grant' | 'reject',
  input: { note?: string; expiresOn?: string } = {},
) {
  const t = await repo.findTrainingRequest(deps.db.db, id);
  if (!t) throw notFound(ENTITY, id);
  const res = await loadResource(deps, Number(t.resource_id));
  assertAllowed(!!res && canOperateResource(actor, res.row), REASONS.otherOrganization);
  if (t.state !== 'pending') throw conflict({ zh: '该培训申请已处理', en: 'The training request was already decided' }, { state: t.state });
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  // Valid through the end of the expiry day, Beijing time (as the direct grant).
  const expires = input.expiresOn
    ? new Date(Date.parse(input.expiresOn + 'T00:00:00+08:00') + 86_400_000).toISOString()
    : new Date(now.getTime() + DEFAULT_DAYS * 86_400_000).toISOString();
  if (decision === 'grant' && expires <= nowIso) throw invalid([{ field: 'body:/expiresOn', code: 'date-in-past' }]);
  const state = decision === 'grant' ? 'granted' : 'rejected';
  await inTransaction(deps, async (trx) => {
    const r = await repo.decideTrainingRequest(trx, id, { state, decided_by: actor.userId, decided_at: nowIso, decision_note: input.note ?? null });
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '该培训申请已处理', en: 'The training request was already decided' });
    let trainingId: number | null = null;
    if (decision === 'grant') {
      trainingId = await authorizeTrained(trx, deps, actor, res!.row, {
        userId: Number(t.user_id),
        expiresAt: expires,
        note: input.note ?? t.note,
        at: nowIso,
      });
      await repo.linkTraining(trx, id, trainingId);
    }
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: `training_request.${decision}`,
      entityType: 'training_request',
      entityId: id,
      jurisdictionCode: res!.row.jurisdiction_code,
      change: { before: { state: 'pending' }, after: { state, note: input.note, trainingId, expiresAt: decision === 'grant' ? expires : undefined } },
    });
    await notify(trx, nowIso, {
      userIds: [Number(t.user_id)],
      kind: decision === 'grant' ? 'training.granted' : 'training.rejected',
      // The last valid day, as a Beijing date (e-mails render params as they are).
      params: { resource: res!.row.name, expiresAt: decision === 'grant' ? beijingDate(Date.parse(expires) - 1) : null, note: input.note ?? '' },
      link: `/resources/${Number(t.resource_id)}`,
    });
  });
  return getView(deps, id);
}

export async function listTrainingRequests(
  deps: Deps,
  actor: Actor,
  q: { scope?: 'mine' | 'managed'; resourceId?: number; state?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const f: repo.TrainingRequestFilter =
    (q.scope ?? 'mine') === 'mine'
      ? { userId: actor.userId, resourceId: q.resourceId, state: q.state }
      : { managedBy: managedBy(actor), resourceId: q.resourceId, state: q.state };
  const { rows, total } = await repo.listTrainingRequests(deps.db.db, f, pageSize, (page - 1) * pageSize);
  return { items: rows.map(view), total, page, pageSize };
}

/** How many items wait for the operator (the menu badge). */
export async function queueCounts(deps: Deps, actor: Actor) {
  const c = await repo.queueCounts(deps.db.db, managedBy(actor));
  return { ...c, total: c.bookings + c.trainingRequests + c.accessRequests };
}

/** The operator's approval queue: the first page of each kind of pending item, with the counts. */
export async function queue(deps: Deps, actor: Actor, pageSize = 50) {
  const [bookings, trainingRequests, accessRequests] = await Promise.all([
    listBookings(deps, actor, { scope: 'managed', status: 'requested', sort: 'startsAt', pageSize }),
    listTrainingRequests(deps, actor, { scope: 'managed', state: 'pending', pageSize }),
    listAccessRequests(deps, actor, { scope: 'managed', status: 'requested', pageSize }),
  ]);
  return {
    counts: {
      bookings: bookings.total,
      trainingRequests: trainingRequests.total,
      accessRequests: accessRequests.total,
      total: bookings.total + trainingRequests.total + accessRequests.total,
    },
    bookings: bookings.items,
    trainingRequests: trainingRequests.items,
    accessRequests: accessRequests.items,
  };
}
