// Sources of imported listings (other markets, Decision art. 8) and who may write under them. A
// source belongs to whoever registered it — a market (service institution), a jurisdiction, or
// the platform — and only its owner imports under it. An imported row may name an organisation
// as its owner (ownerUscc) only when the importer administers that organisation or the
// organisation accepted links from the source; otherwise any market could hand listings to, or
// take them from, any enterprise.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/types';
import { canImportListings, canImportUnderSource, canLinkListingOwner, importSourceOwnerFor, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import * as repo from './imports.repository';

type Trx = Transaction<Database>;
const SOURCE = { zh: '导入来源', en: 'import source' };
export const SOURCE_PATTERN = '^[a-z0-9][a-z0-9_.-]{1,63}$';

export function normalizeSource(source: string): string {
  return source.trim().toLowerCase();
}

function assertSourceName(source: string, field = 'body:/source') {
  // The platform's own listings have no source; 'yrd' would pass them off as imported.
  if (!new RegExp(SOURCE_PATTERN).test(source) || source === 'yrd') throw invalid([{ field, code: 'value-invalid' }]);
}

export function assertMayImport(actor: Actor) {
  if (!canImportListings(actor))
    throw forbidden({
      zh: '只有平台、辖区管理员或技术市场（服务机构）管理员可以导入',
      en: 'only administrators and technology-market operators may import listings',
    });
}

const notOwner = (source: string) =>
  new AppError(
    'forbidden',
    {
      reason: {
        zh: `导入来源 ${source} 由其他机构或辖区登记，只有登记者可以在其名下导入`,
        en: `The source ${source} was registered by another organisation or jurisdiction; only its owner imports under it`,
      },
    },
    [],
    {
      rule: 'import-source-owner',
    },
  );

/** Refuses (403) an import under a source someone else registered. Returns whether it is registered already. */
export async function assertMayImportUnder(deps: Deps, actor: Actor, source: string): Promise<boolean> {
  const s = await repo.findSource(deps.db.db, source);
  if (s && !canImportUnderSource(actor, s)) throw notOwner(source);
  return !!s;
}

/** Registers the source to the actor inside the import's transaction; refuses if another import just registered it to someone else. */
export async function registerSource(trx: Trx, deps: Deps, actor: Actor, source: string, at: string): Promise<void> {
  const owner = importSourceOwnerFor(actor);
  const created = await repo.insertSourceIfNew(trx, { source, ...owner, registered_by: actor.userId, created_at: at });
  const s = (await repo.findSource(trx, source))!;
  if (!canImportUnderSource(actor, s)) throw notOwner(source);
  if (created) {
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'import_source.register',
      entityType: 'import_source',
      entityId: source,
      jurisdictionCode: owner.owner_jurisdiction ?? actor.organizationJurisdiction,
      change: owner,
    });
  }
}

/**
 * The organisations rows may name as owners, by credit code: id when linking is allowed, and
 * the code of those it is not (so the import can refuse those rows by name).
 */
export async function linkableOwners(db: Deps['db']['db'] | Trx, actor: Actor, source: string, usccs: string[]) {
  const orgs = usccs.length ? await repo.organizationsByUscc(db, usccs) : [];
  const accepted = await repo.acceptedLinks(
    db,
    source,
    orgs.map((o) => Number(o.id)),
  );
  const out = new Map<string, { id: number; allowed: boolean }>();
  for (const o of orgs)
    out.set(o.uscc, {
      id: Number(o.id),
      allowed: canLinkListingOwner(actor, { id: Number(o.id), jurisdiction_code: o.jurisdiction_code }, accepted.has(Number(o.id))),
    });
  return out;
}

const sourceView = (s: Awaited<ReturnType<typeof repo.listSources>>[number]) => ({
  source: s.source,
  ownerOrganizationId: s.owner_org_id === null ? null : Number(s.owner_org_id),
  ownerOrganizationName: s.owner_org_name ?? null,
  ownerJurisdiction: s.owner_jurisdiction,
  ownedByPlatform: s.owner_org_id === null && s.owner_jurisdiction === null,
  batches: Number(s.batches ?? 0),
  lastImportAt: (s.last_import_at as string | null) ?? null,
  createdAt: s.created_at,
});

/** Sources the actor may import under (the platform admin: all). */
export async function listSources(deps: Deps, actor: Actor) {
  assertMayImport(actor);
  const scope =
    actor.role === 'platform_admin'
      ? { all: true }
      : actor.role === 'jurisdiction_admin'
        ? { jurisdiction: actor.jurisdictionCode ?? '' }
        : { orgId: actor.organizationId };
  return { items: (await repo.listSources(deps.db.db, scope)).map(sourceView) };
}

/** Registers a source before its first batch, so organisations can accept links from it. */
export async function claimSource(deps: Deps, actor: Actor, input: { source: string }) {
  assertMayImport(actor);
  const source = normalizeSource(input.source);
  assertSourceName(source);
  if (await assertMayImportUnder(deps, actor, source)) {
    return { created: false, source: (await listSources(deps, actor)).items.find((s) => s.source === source)! };
  }
  const at = isoNow(deps.clock);
  await inTransaction(deps, (trx) => registerSource(trx, deps, actor, source, at));
  return { created: true, source: (await listSources(deps, actor)).items.find((s) => s.source === source)! };
}

/** Records an import batch (its counts); its id. */
export function recordBatch(trx: Trx, row: Parameters<typeof repo.insertBatch>[1]): Promise<number> {
  return repo.insertBatch(trx, row);
}

// ---- links an organisation accepts -------------------------------------------------------------

function assertOrgAdmin(actor: Actor) {
  if (actor.role !== 'org_admin') throw forbidden({ zh: '只有本机构管理员可以同意关联', en: 'Only your organisation’s administrators may accept links' });
}

const linkView = (l: Awaited<ReturnType<typeof repo.linksOf>>[number]) => ({
  source: l.source,
  acceptedAt: l.accepted_at,
  ownerOrganizationName: l.owner_org_name ?? null,
  ownerJurisdiction: l.owner_jurisdiction,
});

export async function myLinks(deps: Deps, actor: Actor) {
  return { items: (await repo.linksOf(deps.db.db, actor.organizationId)).map(linkView) };
}

/** My organisation accepts being named as the owner of listings imported under the source. */
export async function acceptLinks(deps: Deps, actor: Actor, input: { source: string }) {
  assertOrgAdmin(actor);
  const source = normalizeSource(input.source);
  assertSourceName(source);
  if (!(await repo.findSource(deps.db.db, source))) throw notFound(SOURCE, source);
  const existing = await repo.findLink(deps.db.db, actor.organizationId, source);
  if (!existing) {
    const at = isoNow(deps.clock);
    await inTransaction(deps, async (trx) => {
      await repo.insertLink(trx, { source, organization_id: actor.organizationId, accepted_by: actor.userId, accepted_at: at });
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'import_source.link_accept',
        entityType: 'organization',
        entityId: actor.organizationId,
        jurisdictionCode: actor.organizationJurisdiction,
        change: { source },
      });
    });
  }
  const link = (await myLinks(deps, actor)).items.find((l) => l.source === source)!;
  return { created: !existing, link };
}

/** Withdraws the acceptance: later imports may no longer link; listings already linked stay. */
export async function withdrawLinks(deps: Deps, actor: Actor, source: string) {
  assertOrgAdmin(actor);
  const s = normalizeSource(source);
  if (!(await repo.findLink(deps.db.db, actor.organizationId, s))) throw notFound(SOURCE, s);
  const at = isoNow(deps.clock);
  await inTransaction(deps, async (trx) => {
    await repo.deleteLink(trx, actor.organizationId, s);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'import_source.link_withdraw',
      entityType: 'organization',
      entityId: actor.organizationId,
      jurisdictionCode: actor.organizationJurisdiction,
      change: { source: s },
    });
  });
}
