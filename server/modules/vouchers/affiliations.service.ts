// Declared affiliates (关联方): an organisation's administrator declares the organisations it is
// related to, and a voucher never pays a provider affiliated with its holder (Decision art. 13).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import { isAdmin } from './rules';
import * as repo from './affiliations.repository';

const AFFILIATION = { zh: '关联关系', en: 'affiliation' };

export async function listAffiliations(deps: Deps, actor: Actor, q: { organizationId?: number }) {
  const orgId = q.organizationId ?? actor.organizationId;
  if (orgId !== actor.organizationId && !isAdmin(actor))
    throw new AppError('forbidden', { reason: { zh: '只能查看本机构的关联方', en: 'You may only see your own organisation’s affiliates' } });
  const rows = await repo.listOf(deps.db.db, orgId);
  return rows.map((r) => {
    const other = Number(r.org_a_id) === orgId ? { id: Number(r.org_b_id), name: r.b_name } : { id: Number(r.org_a_id), name: r.a_name };
    return { id: Number(r.id), organizationId: orgId, affiliateId: other.id, affiliateName: other.name, note: r.note, createdAt: r.created_at };
  });
}

/** The declared affiliation between two organisations, if any (read inside the caller's transaction). */
export function affiliationBetween(db: Kysely<Database> | Transaction<Database>, orgA: number, orgB: number) {
  return repo.findPair(db, Math.min(orgA, orgB), Math.max(orgA, orgB));
}

export async function declareAffiliation(deps: Deps, actor: Actor, input: { organizationId: number; note?: string }) {
  if (actor.role !== 'org_admin')
    throw new AppError('forbidden', { reason: { zh: '由本机构管理员申报关联方', en: 'Your organisation’s administrator declares affiliates' } });
  if (input.organizationId === actor.organizationId) throw invalid([{ field: 'body:/organizationId', code: 'value-invalid' }]);
  const other = await repo.organizationExists(deps.db.db, input.organizationId);
  if (!other) throw invalid([{ field: 'body:/organizationId', code: 'organization-invalid' }]);
  const [lo, hi] = [Math.min(input.organizationId, actor.organizationId), Math.max(input.organizationId, actor.organizationId)];
  const at = isoNow(deps.clock);
  try {
    await inTransaction(deps, async (trx) => {
      const { id } = await repo.insert(trx, { org_a_id: lo, org_b_id: hi, note: input.note?.trim() ?? '', declared_by: actor.userId, created_at: at });
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'affiliation.declare',
        entityType: 'affiliation',
        entityId: Number(id),
        jurisdictionCode: actor.organizationJurisdiction,
        change: { orgA: lo, orgB: hi, note: input.note ?? '' },
      });
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw conflict({ zh: '已申报过该关联方', en: 'This affiliate is already declared' });
    throw e;
  }
  return (await listAffiliations(deps, actor, {})).find((a) => a.affiliateId === input.organizationId)!;
}

export async function removeAffiliation(deps: Deps, actor: Actor, id: number) {
  const f = await repo.findById(deps.db.db, id);
  const mine = f && actor.role === 'org_admin' && (Number(f.org_a_id) === actor.organizationId || Number(f.org_b_id) === actor.organizationId);
  if (!f || !(mine || actor.role === 'platform_admin')) throw notFound(AFFILIATION, id);
  const at = isoNow(deps.clock);
  await inTransaction(deps, async (trx) => {
    await repo.remove(trx, id);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'affiliation.remove',
      entityType: 'affiliation',
      entityId: id,
      jurisdictionCode: actor.organizationJurisdiction,
      change: f,
    });
  });
}
