// Research-integrity records (科研诚信, Decision art. 17): a jurisdiction's admin records
// misconduct of an organisation or a person; an active record from any jurisdiction bars its
// subject in all four (server/platform/integrity.ts is the one gate every module asks).
// Records expire by their period; corrections, revocations and appeals are audited.
import { JURISDICTION_CODES, administers, isAdministrator as isAdmin, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow, shanghaiMidnightIso } from '../../platform/clock';
import * as repo from './integrity.repository';
import { notify, recipientsOf } from '../notifications/notify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/types';

const RECORD = { zh: '科研诚信记录', en: 'integrity record' };
const APPEAL = { zh: '申诉', en: 'appeal' };
const nowIso = (deps: Deps) => isoNow(deps.clock);

export type RecordState = 'pending' | 'active' | 'expired' | 'revoked';
function stateOf(r: { status: string; effective_at: string; ends_at: string }, at: string): RecordState {
  if (r.status === 'revoked') return 'revoked';
  if (at < r.effective_at) return 'pending';
  return at < r.ends_at ? 'active' : 'expired';
}

export interface RecordInput {
  jurisdictionCode?: string;
  subjectType: 'organization' | 'person';
  organizationId?: number;
  userId?: number;
  misconduct: string;
  outcome: string;
  decidingUnit: string;
  legalBasis: string;
  effectiveOn: string;
  endsOn: string;
}

async function views(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const at = nowIso(deps);
  const [rows, appeals] = await Promise.all([repo.findWithNames(deps.db.db, ids), repo.appealCounts(deps.db.db, ids)]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const r = byId.get(id)!;
      return {
        id,
        jurisdictionCode: r.jurisdiction_code,
        subjectType: r.subject_type,
        organizationId: r.subject_org_id === null ? null : Number(r.subject_org_id),
        userId: r.subject_user_id === null ? null : Number(r.subject_user_id),
        subjectName: r.subject_name,
        subjectOrganization: r.subject_type === 'person' ? r.user_org_name : r.org_name,
        misconduct: r.misconduct,
        outcome: r.outcome,
        decidingUnit: r.deciding_unit,
        legalBasis: r.legal_basis,
        effectiveAt: r.effective_at,
        endsAt: r.ends_at,
        state: stateOf(r, at),
        openAppeals: Number(appeals.find((a) => Number(a.record_id) === id && a.status === 'open')?.n ?? 0),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
}

/** Administrators of any jurisdiction see every record (they count everywhere); others see their own. */
function canSee(a: Actor, r: { subject_org_id: number | null; subject_user_id: number | null }) {
  return (
    isAdmin(a) ||
    (r.subject_user_id !== null && Number(r.subject_user_id) === a.userId) ||
    (r.subject_org_id !== null && Number(r.subject_org_id) === a.organizationId)
  );
}

async function load(deps: Deps, actor: Actor, id: number) {
  const r = await repo.findById(deps.db.db, id);
  if (!r || !canSee(actor, r)) throw notFound(RECORD, id);
  return r;
}

export async function getRecord(deps: Deps, actor: Actor, id: number) {
  await load(deps, actor, id);
  const [view] = await views(deps, [id]);
  return { ...view, appeals: await listAppeals(deps, actor, id) };
}

export async function listRecords(
  deps: Deps,
  actor: Actor,
  q: {
    jurisdiction?: string;
    subjectType?: string;
    state?: RecordState;
    q?: string;
    organizationId?: number;
    userId?: number;
    sort?: string;
    page?: number;
    pageSize?: number;
  },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const at = nowIso(deps);
  const { column, direction } = parseSort(
    q.sort,
    { createdAt: 'r.created_at', effectiveAt: 'r.effective_at', endsAt: 'r.ends_at', subject: 'r.subject_name' } as const,
    '-createdAt',
  );
  const filter: repo.RecordFilter = {
    subjectOf: isAdmin(actor) ? undefined : { userId: actor.userId, organizationId: actor.organizationId },
    jurisdiction: q.jurisdiction,
    subjectType: q.subjectType,
    organizationId: q.organizationId,
    userId: q.userId,
    q: q.q?.trim() || undefined,
    state: q.state,
    at,
  };
  const { ids, total } = await repo.listIds(deps.db.db, deps.db.helpers, filter, { column, direction }, pageSize, (page - 1) * pageSize);
  return { items: await views(deps, ids), total, page, pageSize };
}

function checkDates(effectiveOn: string, endsOn: string) {
  if (!(effectiveOn < endsOn)) throw invalid([{ field: 'body:/endsOn', code: 'value-invalid' }]);
}

export async function createRecord(deps: Deps, actor: Actor, input: RecordInput) {
  if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '由管理部门记录', en: 'Administrators record integrity cases' } });
  const j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
  if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: 'body:/jurisdictionCode', code: 'jurisdiction-invalid' }]);
  if (!administers(actor, j))
    throw new AppError('forbidden', { reason: { zh: '只能记录本辖区作出的决定', en: 'You record your own jurisdiction’s decisions only' } });
  checkDates(input.effectiveOn, input.endsOn);
  let subjectName: string;
  let orgId: number | null = null;
  let userId: number | null = null;
  if (input.subjectType === 'organization') {
    if (!input.organizationId) throw invalid([{ field: 'body:/organizationId', code: 'organization-invalid' }]);
    const o = await repo.organizationName(deps.db.db, input.organizationId);
    if (!o) throw invalid([{ field: 'body:/organizationId', code: 'organization-invalid' }]);
    subjectName = o.name;
    orgId = Number(o.id);
  } else {
    if (!input.userId) throw invalid([{ field: 'body:/userId', code: 'user-invalid' }]);
    const u = await repo.userName(deps.db.db, input.userId);
    if (!u) throw invalid([{ field: 'body:/userId', code: 'user-invalid' }]);
    subjectName = u.display_name;
    userId = Number(u.id);
  }
  const at = nowIso(deps);
  const row = {
    jurisdiction_code: j,
    subject_type: input.subjectType,
    subject_org_id: orgId,
    subject_user_id: userId,
    subject_name: subjectName,
    misconduct: input.misconduct.trim(),
    outcome: input.outcome.trim(),
    deciding_unit: input.decidingUnit.trim(),
    legal_basis: input.legalBasis.trim(),
    effective_at: shanghaiMidnightIso(input.effectiveOn),
    ends_at: shanghaiMidnightIso(input.endsOn),
    status: 'active',
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  const id = await inTransaction(deps, async (trx) => {
    const id = Number((await repo.insertRecord(trx, row)).id);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'integrity_record.create',
      entityType: 'integrity_record',
      entityId: id,
      jurisdictionCode: j,
      change: row,
    });
    await notifySubject(trx, at, id, row);
    return id;
  });
  return getRecord(deps, actor, id);
}

/** A correction by the recording jurisdiction, with its reason in the audit log. */
export async function correctRecord(
  deps: Deps,
  actor: Actor,
  id: number,
  input: { misconduct?: string; outcome?: string; decidingUnit?: string; legalBasis?: string; effectiveOn?: string; endsOn?: string; reason: string },
) {
  const r = await load(deps, actor, id);
  if (!administers(actor, r.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由作出记录的辖区更正', en: 'The recording jurisdiction corrects its records' } });
  if (r.status === 'revoked') throw conflict({ zh: '记录已撤销', en: 'The record has been revoked' });
  const patch: Record<string, string> = {};
  if (input.misconduct !== undefined) patch.misconduct = input.misconduct.trim();
  if (input.outcome !== undefined) patch.outcome = input.outcome.trim();
  if (input.decidingUnit !== undefined) patch.deciding_unit = input.decidingUnit.trim();
  if (input.legalBasis !== undefined) patch.legal_basis = input.legalBasis.trim();
  if (input.effectiveOn !== undefined) patch.effective_at = shanghaiMidnightIso(input.effectiveOn);
  if (input.endsOn !== undefined) patch.ends_at = shanghaiMidnightIso(input.endsOn);
  if ((patch.effective_at ?? r.effective_at) >= (patch.ends_at ?? r.ends_at)) throw invalid([{ field: 'body:/endsOn', code: 'value-invalid' }]);
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await repo.updateRecord(trx, id, { ...patch, updated_at: at });
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, (r as Record<string, unknown>)[k]]));
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'integrity_record.correct',
      entityType: 'integrity_record',
      entityId: id,
      jurisdictionCode: r.jurisdiction_code,
      change: { before, after: patch, reason: input.reason.trim() },
    });
  });
  return getRecord(deps, actor, id);
}

export async function revokeRecord(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const r = await load(deps, actor, id);
  if (!administers(actor, r.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由作出记录的辖区撤销', en: 'The recording jurisdiction revokes its records' } });
  if (r.status === 'revoked') throw conflict({ zh: '记录已撤销', en: 'The record has already been revoked' });
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await repo.updateRecord(trx, id, { status: 'revoked', updated_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'integrity_record.revoke',
      entityType: 'integrity_record',
      entityId: id,
      jurisdictionCode: r.jurisdiction_code,
      change: { reason: input.reason.trim() },
    });
  });
  return getRecord(deps, actor, id);
}

export async function listAppeals(deps: Deps, actor: Actor, id: number) {
  await load(deps, actor, id);
  const rows = await repo.appealsOf(deps.db.db, id);
  return rows.map((a) => ({
    id: Number(a.id),
    appellant: a.display_name,
    reason: a.reason,
    status: a.status,
    decisionNote: a.decision_note,
    createdAt: a.created_at,
    decidedAt: a.decided_at,
  }));
}

/** The subject appeals: the person recorded, or an administrator of the recorded organisation. */
export async function appeal(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const r = await load(deps, actor, id);
  const subject =
    (r.subject_user_id !== null && Number(r.subject_user_id) === actor.userId) ||
    (r.subject_org_id !== null && Number(r.subject_org_id) === actor.organizationId && actor.role === 'org_admin');
  if (!subject) throw new AppError('forbidden', { reason: { zh: '只有记录的当事人可以申诉', en: 'Only the subject of a record may appeal' } });
  if (r.status === 'revoked') throw conflict({ zh: '记录已撤销', en: 'The record has been revoked' });
  const open = await repo.findOpenAppeal(deps.db.db, id);
  if (open) throw conflict({ zh: '已有待处理的申诉', en: 'An appeal is already pending' }, { appealId: Number(open.id) });
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const { id: aid } = await repo.insertAppeal(trx, {
      record_id: id,
      appellant_user_id: actor.userId,
      reason: input.reason.trim(),
      status: 'open',
      decision_note: null,
      decided_by: null,
      created_at: at,
      decided_at: null,
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'integrity_record.appeal',
      entityType: 'integrity_record',
      entityId: id,
      jurisdictionCode: r.jurisdiction_code,
      change: { appealId: Number(aid), reason: input.reason.trim() },
    });
  });
  return getRecord(deps, actor, id);
}

/** The recording jurisdiction decides an appeal; an upheld appeal revokes the record. */
export async function decideAppeal(deps: Deps, actor: Actor, id: number, appealId: number, input: { upheld: boolean; note: string }) {
  const r = await load(deps, actor, id);
  if (!administers(actor, r.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由作出记录的辖区处理申诉', en: 'The recording jurisdiction decides appeals' } });
  const a = await repo.findAppeal(deps.db.db, id, appealId);
  if (!a) throw notFound(APPEAL, appealId);
  if (a.status !== 'open') throw conflict({ zh: '申诉已处理', en: 'The appeal has been decided' });
  const at = nowIso(deps);
  const status = input.upheld ? 'upheld' : 'dismissed';
  await inTransaction(deps, async (trx) => {
    await repo.updateAppeal(trx, appealId, { status, decision_note: input.note.trim(), decided_by: actor.userId, decided_at: at });
    if (input.upheld) await repo.updateRecord(trx, id, { status: 'revoked', updated_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'integrity_record.appeal_decide',
      entityType: 'integrity_record',
      entityId: id,
      jurisdictionCode: r.jurisdiction_code,
      change: { appealId, status, note: input.note.trim(), revoked: input.upheld },
    });
  });
  return getRecord(deps, actor, id);
}

/**
 * A record another module makes inside its own transaction (a licensee's default under a
 * use-first-pay-later contract goes to the credit record, DOMAIN.md). Audited like any other.
 */
export async function recordWithin(
  trx: import('kysely').Transaction<import('../../db/types').Database>,
  deps: Deps,
  at: string,
  input: {
    jurisdictionCode: string;
    organizationId: number;
    misconduct: string;
    outcome: string;
    decidingUnit: string;
    legalBasis: string;
    endsAt: string;
    createdBy: Actor;
  },
) {
  const o = await repo.requireOrganizationName(trx, input.organizationId);
  const row = {
    jurisdiction_code: input.jurisdictionCode,
    subject_type: 'organization',
    subject_org_id: input.organizationId,
    subject_user_id: null,
    subject_name: o.name,
    misconduct: input.misconduct,
    outcome: input.outcome,
    deciding_unit: input.decidingUnit,
    legal_basis: input.legalBasis,
    effective_at: at,
    ends_at: input.endsAt,
    status: 'active',
    created_by: input.createdBy.userId,
    created_at: at,
    updated_at: at,
  };
  const id = Number((await repo.insertRecord(trx, row)).id);
  await recordAudit(trx, deps.db.helpers, at, {
    actor: input.createdBy,
    action: 'integrity_record.create',
    entityType: 'integrity_record',
    entityId: id,
    jurisdictionCode: input.jurisdictionCode,
    change: row,
  });
  await notifySubject(trx, at, id, row);
  return id;
}

/** The person recorded, or the admins of the organisation recorded, hear of the record (they may appeal). */
async function notifySubject(
  trx: Transaction<Database>,
  at: string,
  id: number,
  row: { subject_user_id: number | null; subject_org_id: number | null; subject_name: string; outcome: string; deciding_unit: string; ends_at: string },
) {
  const userIds = row.subject_user_id ? [row.subject_user_id] : row.subject_org_id ? await recipientsOf.orgUsers(trx, row.subject_org_id, ['org_admin']) : [];
  await notify(trx, at, {
    userIds,
    kind: 'integrity.recorded',
    params: { subject: row.subject_name, outcome: row.outcome, decidingUnit: row.deciding_unit, endsAt: row.ends_at },
    link: `/research/integrity/${id}`,
  });
}
