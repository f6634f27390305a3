// Every SQL query of the resource catalogue and its search index.
import { type Expression, type Kysely, type SqlBool, type Transaction, type ExpressionBuilder } from 'kysely';
import type { Database, ResourceTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';
import { searchCorpus, type SearchCorpus } from '../../platform/search/engine';
import type { Bm25 } from '../../platform/search/terms';
import type { Insertable, Updateable } from 'kysely';
import { pinyinKey } from '../../platform/text';

type Q = Kysely<Database> | Transaction<Database>;

export interface CatalogueFilter {
  kind?: string;
  category1?: string;
  category2?: string;
  jurisdiction?: string;
  city?: string;
  ownerOrgId?: number;
  managerUserId?: number;
  priceMinFen?: number;
  priceMaxFen?: number;
  /** Resources busy in the window asked for (an active booking or a closure overlaps it): left out. */
  busyIds?: number[];
  /** Only published resources (the public catalogue) unless false. */
  publishedOnly: boolean;
  /** Only resources whose owner shows the price publicly (a price filter from a visitor not signed in). */
  pricePublicOnly?: boolean;
}

export type CatalogueSort = 'relevance' | 'price' | '-price' | 'value' | '-value' | 'newest' | 'name';

function applyFilters(eb: ExpressionBuilder<Database & { r: ResourceTable }, 'r'>, f: CatalogueFilter): Expression<SqlBool> {
  const conds: Expression<SqlBool>[] = [];
  if (f.publishedOnly) conds.push(eb('r.status', '=', 'published'));
  if (f.kind) conds.push(eb('r.kind', '=', f.kind));
  if (f.category1) conds.push(eb('r.category1', '=', f.category1));
  if (f.category2) conds.push(eb('r.category2', '=', f.category2));
  if (f.jurisdiction) conds.push(eb('r.jurisdiction_code', '=', f.jurisdiction));
  if (f.city) conds.push(eb('r.city', '=', f.city));
  if (f.ownerOrgId) conds.push(eb('r.owner_org_id', '=', f.ownerOrgId));
  if (f.managerUserId) conds.push(eb('r.manager_user_id', '=', f.managerUserId));
  if (f.priceMinFen !== undefined) conds.push(eb('r.list_price_fen', '>=', f.priceMinFen));
  if (f.priceMaxFen !== undefined) conds.push(eb('r.list_price_fen', '<=', f.priceMaxFen));
  if (f.pricePublicOnly) conds.push(eb('r.price_public', '=', 1));
  // Free in a window: the bookings module names the busy resources (resources do not read its tables).
  for (let i = 0; i < (f.busyIds?.length ?? 0); i += 10_000) conds.push(eb.not(eb('r.id', 'in', f.busyIds!.slice(i, i + 10_000))));
  return eb.and(conds);
}

function orderOf(sort: CatalogueSort): Array<[string, 'asc' | 'desc']> {
  switch (sort) {
    case 'price':
      return [['r.list_price_fen', 'asc']];
    case '-price':
      return [['r.list_price_fen', 'desc']];
    case 'value':
      return [['r.original_value_fen', 'asc']];
    case '-value':
      return [['r.original_value_fen', 'desc']];
    case 'newest':
      return [['r.created_at', 'desc']];
    case 'name':
      // pinyin order (安徽 < 北京 < 重庆 < 张江), the name breaking ties
      return [
        ['r.name_pinyin', 'asc'],
        ['r.name', 'asc'],
      ];
    default:
      return [];
  }
}

/**
 * The catalogue as a corpus of the platform's search engine: BM25 computed from each posting's tf
 * and the resource's length over the average (`avgdl`), every match read (tens of thousands of
 * resources need no bounds), facets by kind, jurisdiction, category and city.
 */
export function catalogueCorpus(avgdl: number): SearchCorpus<CatalogueFilter> {
  return {
    docs: { table: 'resources', alias: 'r' },
    postings: { table: 'resource_terms', doc: 'resource_id' },
    scoring: { by: 'bm25', avgdl },
    filter: (eb, f) => applyFilters(eb as ExpressionBuilder<Database & { r: ResourceTable }, 'r'>, f),
    narrows: () => true,
    facets: ['kind', 'jurisdiction_code', 'category1', 'city'],
    sortKey: (sort, browsing) => orderOf((sort === 'relevance' && browsing ? 'newest' : sort) as CatalogueSort)[0] ?? null,
    browseOrder: (sort) => orderOf((sort === 'relevance' ? 'newest' : sort) as CatalogueSort),
    nullable: new Set(['r.original_value_fen']),
    // `in (term)`, not `= term`: with equality, SQLite's STAT4 estimates for a common term make it
    // look the posting up through resource_terms_resource_idx and then the key, three times slower.
    wordLookup: 'in',
    bounds: null,
  };
}

const listColumns = [
  'r.id',
  'r.identifier',
  'r.kind',
  'r.name',
  'r.description',
  'r.keywords',
  'r.category1',
  'r.category2',
  'r.category3',
  'r.model',
  'r.manufacturer',
  'r.jurisdiction_code',
  'r.city',
  'r.owner_org_id',
  'r.service_modes',
  'r.startup_fee_fen',
  'r.hourly_fee_fen',
  'r.per_sample_fen',
  'r.list_price_fen',
  'r.price_public',
  'r.original_value_fen',
  'r.photos_json',
  'r.status',
  'r.created_at',
] as const;

/** A search of the catalogue (platform/search/engine.ts), with the page's rows. */
export async function search(
  db: Q,
  h: DialectHelpers,
  f: CatalogueFilter,
  bm: Bm25 | null,
  avgdl: number,
  sort: CatalogueSort,
  limit: number,
  offset: number,
  withFacets: boolean,
  docs: number,
) {
  const out = await searchCorpus(db, h, catalogueCorpus(avgdl), { filter: f, bm, sort, limit, offset, facets: withFacets, docs });
  const ids = out.ids.map((x) => x.id);
  const found = ids.length ? await db.selectFrom('resources as r').select(listColumns).where('r.id', 'in', ids).execute() : [];
  const byId = new Map(found.map((r) => [Number(r.id), r]));
  // A row deleted in between (PostgreSQL, another connection) is left out.
  const rows = out.ids.flatMap((x) => (byId.has(x.id) ? [{ ...byId.get(x.id)!, score: x.score }] : []));
  return { rows, total: out.total, facets: out.facets };
}

/** Document frequency of each term (postings count). */
export async function documentFrequencies(db: Q, terms: string[]) {
  if (terms.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('resource_terms')
    .select(['term', (eb) => eb.fn.countAll<number>().as('n')])
    .where('term', 'in', terms)
    .groupBy('term')
    .execute();
  return new Map(rows.map((r) => [r.term, Number(r.n)]));
}

export function corpusStats(db: Q) {
  return db.selectFrom('search_stats').select(['docs', 'total_len']).where('scope', '=', 'resources').executeTakeFirstOrThrow();
}

export function adjustCorpusStats(db: Q, docsDelta: number, lenDelta: number) {
  return db
    .updateTable('search_stats')
    .set((eb) => ({ docs: eb('docs', '+', docsDelta), total_len: eb('total_len', '+', lenDelta) }))
    .where('scope', '=', 'resources')
    .execute();
}

export async function replaceTerms(db: Q, resourceId: number, terms: Map<string, number>) {
  await db.deleteFrom('resource_terms').where('resource_id', '=', resourceId).execute();
  const rows = [...terms].map(([term, tf]) => ({ term, resource_id: resourceId, tf }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('resource_terms')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function insertTermsBulk(db: Q, rows: Array<{ term: string; resource_id: number; tf: number }>) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('resource_terms')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Published resources of an organisation with a list price (the provider check's published prices). */
export async function countPublishedPriced(db: Q, organizationId: number): Promise<number> {
  const r = await db
    .selectFrom('resources')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_org_id', '=', organizationId)
    .where('status', '=', 'published')
    .where('list_price_fen', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findById(db: Q, id: number) {
  return db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByIdForUpdate(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('resources').selectAll().where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function insert(db: Q, row: Insertable<ResourceTable>) {
  return db
    .insertInto('resources')
    .values({ ...row, name_pinyin: pinyinKey(row.name) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: Updateable<ResourceTable>) {
  return db
    .updateTable('resources')
    .set(patch.name === undefined ? patch : { ...patch, name_pinyin: pinyinKey(String(patch.name)) })
    .where('id', '=', id)
    .execute();
}

export function findIdentifiers(db: Q, identifiers: string[]) {
  if (identifiers.length === 0) return Promise.resolve([]);
  return db.selectFrom('resources').select(['id', 'identifier']).where('identifier', 'in', identifiers).execute();
}

export function organizationsByIds(db: Q, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('organizations').select(['id', 'name', 'jurisdiction_code', 'uscc']).where('id', 'in', ids).execute();
}

export function userBrief(db: Q, id: number) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'organization_id', 'status']).where('id', '=', id).executeTakeFirst();
}

export function organizationByUscc(db: Q, uscc: string) {
  return db.selectFrom('organizations').select(['id', 'jurisdiction_code']).where('uscc', '=', uscc).executeTakeFirst();
}

/** Published resources per jurisdiction (the portal's regional overview; resources_status_jur_idx). */
export function publishedCountsByJurisdiction(db: Q) {
  return db
    .selectFrom('resources')
    .select(['jurisdiction_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'published')
    .groupBy('jurisdiction_code')
    .execute();
}

export function idsManagedBy(db: Q, userId: number) {
  return db.selectFrom('resources').select('id').where('manager_user_id', '=', userId).execute();
}
