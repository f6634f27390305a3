// Every SQL query of the import sources (who registered each source of imported listings) and of
// the links organisations accepted from them.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export function findSource(db: Q, source: string) {
  return db.selectFrom('import_sources').selectAll().where('source', '=', source).executeTakeFirst();
}

/** Registers a source unless it exists (two first imports racing: one registers, both re-read). */
export async function insertSourceIfNew(
  db: Q,
  row: { source: string; owner_org_id: number | null; owner_jurisdiction: string | null; registered_by: number; created_at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('import_sources')
    .values(row)
    .onConflict((oc) => oc.column('source').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface SourceScope {
  all?: boolean;
  orgId?: number;
  jurisdiction?: string;
}

/** Sources with their owner's name and their batches, newest first; scope limits to an owner's. */
export function listSources(db: Q, scope: SourceScope) {
  let q = db
    .selectFrom('import_sources as s')
    .leftJoin('organizations as o', 'o.id', 's.owner_org_id')
    .select([
      's.source',
      's.owner_org_id',
      'o.name as owner_org_name',
      's.owner_jurisdiction',
      's.created_at',
      (eb) =>
        eb
          .selectFrom('import_batches as b')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('b.source', '=', 's.source')
          .as('batches'),
      (eb) =>
        eb
          .selectFrom('import_batches as b')
          .select((e) => e.fn.max('b.created_at').as('m'))
          .whereRef('b.source', '=', 's.source')
          .as('last_import_at'),
    ]);
  if (!scope.all) {
    q = q.where((eb) =>
      eb.or([
        ...(scope.orgId !== undefined ? [eb('s.owner_org_id', '=', scope.orgId)] : []),
        ...(scope.jurisdiction !== undefined ? [eb('s.owner_jurisdiction', '=', scope.jurisdiction)] : []),
        sql<boolean>`false`,
      ]),
    );
  }
  return q.orderBy('s.created_at', 'desc').orderBy('s.source').execute();
}

export function organizationsByUscc(db: Q, usccs: string[]) {
  return db.selectFrom('organizations').select(['id', 'uscc', 'jurisdiction_code']).where('uscc', 'in', usccs).execute();
}

/** Of these organisations, those that accepted links from the source. */
export async function acceptedLinks(db: Q, source: string, orgIds: number[]): Promise<Set<number>> {
  if (!orgIds.length) return new Set();
  const rows = await db
    .selectFrom('import_source_links')
    .select('organization_id')
    .where('source', '=', source)
    .where('organization_id', 'in', orgIds)
    .execute();
  return new Set(rows.map((r) => Number(r.organization_id)));
}

export function findLink(db: Q, organizationId: number, source: string) {
  return db.selectFrom('import_source_links').selectAll().where('organization_id', '=', organizationId).where('source', '=', source).executeTakeFirst();
}

export function insertLink(db: Q, row: { source: string; organization_id: number; accepted_by: number; accepted_at: string }) {
  return db
    .insertInto('import_source_links')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'source']).doNothing())
    .execute();
}

export function deleteLink(db: Q, organizationId: number, source: string) {
  return db.deleteFrom('import_source_links').where('organization_id', '=', organizationId).where('source', '=', source).executeTakeFirst();
}

export function linksOf(db: Q, organizationId: number) {
  return db
    .selectFrom('import_source_links as k')
    .innerJoin('import_sources as s', 's.source', 'k.source')
    .leftJoin('organizations as o', 'o.id', 's.owner_org_id')
    .select(['k.source', 'k.accepted_at', 's.owner_org_id', 'o.name as owner_org_name', 's.owner_jurisdiction'])
    .where('k.organization_id', '=', organizationId)
    .orderBy('k.accepted_at', 'desc')
    .execute();
}

export async function insertBatch(
  db: Q,
  row: { source: string; rows: number; created: number; updated: number; unchanged: number; submitted_by: number; created_at: string },
): Promise<number> {
  const r = await db.insertInto('import_batches').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}
