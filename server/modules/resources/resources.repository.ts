// Every SQL query of the resource catalogue and its search index.
import { sql, type Expression, type Kysely, type SqlBool, type Transaction, type ExpressionBuilder } from 'kysely';
import type { Database, ResourceTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';
import type { Insertable, Updateable } from 'kysely';

type Q = Kysely<Database> | Transaction<Database>;

export const ACTIVE_BOOKING_STATUSES = ['requested', 'confirmed', 'checked_in'] as const;

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
  /** Resources with no active booking and no closure overlapping [freeFrom, freeTo). */
  freeFrom?: string;
  freeTo?: string;
  /** Only published resources (the public catalogue) unless false. */
  publishedOnly: boolean;
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
  if (f.freeFrom && f.freeTo) {
    const from = f.freeFrom;
    const to = f.freeTo;
    conds.push(
      eb.not(
        eb.exists(
          eb
            .selectFrom('bookings as b')
            .select(sql.lit(1).as('one'))
            .whereRef('b.resource_id', '=', 'r.id')
            .where('b.status', 'in', [...ACTIVE_BOOKING_STATUSES])
            .where('b.starts_at', '<', to)
            .where('b.ends_at', '>', from),
        ),
      ),
    );
    conds.push(
      eb.not(
        eb.exists(
          eb
            .selectFrom('resource_closures as c')
            .select(sql.lit(1).as('one'))
            .whereRef('c.resource_id', '=', 'r.id')
            .where('c.starts_at', '<', to)
            .where('c.ends_at', '>', from),
        ),
      ),
    );
  }
  return eb.and(conds);
}

export interface TermWeight {
  term: string;
  idf: number;
}

export interface Bm25 {
  terms: TermWeight[];
  avgdl: number;
  /** all: every term must match (AND); any: at least one (OR). */
  mode: 'all' | 'any';
}

const K1 = 1.2;
const B = 0.75;
const num = (x: number) => sql.raw(Number.isFinite(x) ? x.toFixed(9) : '0.0');

/** The matching resources with their BM25 score, as a subquery (id, score). */
function matched(db: Q, h: DialectHelpers, f: CatalogueFilter, bm: Bm25) {
  const idfCase = sql.join(
    bm.terms.map((t) => sql`when ${t.term} then ${num(t.idf)}`),
    sql` `,
  );
  const score = sql<number>`sum((case t.term ${idfCase} else 0.0 end) * (t.tf * ${num(K1 + 1)}) / (t.tf + ${num(K1)} * (${num(1 - B)} + ${num(B)} * r.doc_len / ${num(bm.avgdl)})))`;
  let q = db
    .selectFrom('resource_terms as t')
    .innerJoin('resources as r', 'r.id', 't.resource_id')
    .where(
      't.term',
      'in',
      bm.terms.map((t) => t.term),
    )
    .where((eb) => applyFilters(eb as any, f))
    .groupBy('r.id')
    .select(['r.id', h.query.round(score, 6).as('score')]);
  if (bm.mode === 'all') q = q.having(sql`count(*)`, '=', bm.terms.length);
  return q;
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
  'r.original_value_fen',
  'r.photos_json',
  'r.status',
  'r.created_at',
] as const;

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
      return [['r.name', 'asc']];
    default:
      return [];
  }
}

export async function search(db: Q, h: DialectHelpers, f: CatalogueFilter, bm: Bm25 | null, sort: CatalogueSort, limit: number, offset: number, withFacets: boolean) {
  const FACETS = ['kind', 'jurisdiction_code', 'category1', 'city'] as const;
  if (!bm) {
    let base = db.selectFrom('resources as r').where((eb) => applyFilters(eb as any, f));
    let rowsQ = base.select([...listColumns, sql<number>`0`.as('score')]);
    for (const [col, dir] of orderOf(sort === 'relevance' ? 'newest' : sort)) rowsQ = rowsQ.orderBy(sql.ref(col), dir);
    const [rows, count, ...facets] = await Promise.all([
      rowsQ.orderBy('r.id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ...(withFacets ? FACETS.map((c) => base.select([sql.ref<string>(`r.${c}`).as('value'), sql<number>`count(*)`.as('n')]).groupBy(`r.${c}`).execute()) : []),
    ]);
    void (base = base);
    return { rows, total: Number(count.n), facets: Object.fromEntries(FACETS.map((c, i) => [c, facets[i] ?? []])) };
  }
  const m = matched(db, h, f, bm);
  let rowsQ = db
    .selectFrom(m.as('m'))
    .innerJoin('resources as r', 'r.id', 'm.id')
    .select([...listColumns, 'm.score']);
  for (const [col, dir] of orderOf(sort)) rowsQ = rowsQ.orderBy(sql.ref(col), dir);
  const [rows, count, ...facets] = await Promise.all([
    rowsQ.orderBy('m.score', 'desc').orderBy('r.id', 'asc').limit(limit).offset(offset).execute(),
    db.selectFrom(m.as('m')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ...(withFacets
      ? FACETS.map((c) =>
          db
            .selectFrom(m.as('m'))
            .innerJoin('resources as r', 'r.id', 'm.id')
            .select([sql.ref<string>(`r.${c}`).as('value'), sql<number>`count(*)`.as('n')])
            .groupBy(`r.${c}`)
            .execute(),
        )
      : []),
  ]);
  return { rows, total: Number(count.n), facets: Object.fromEntries(FACETS.map((c, i) => [c, facets[i] ?? []])) };
}

/** Document frequency of each term (postings count). */
export async function documentFrequencies(db: Q, terms: string[]) {
  if (terms.length === 0) return new Map<string, number>();
  const rows = await db.selectFrom('resource_terms').select(['term', (eb) => eb.fn.countAll<number>().as('n')]).where('term', 'in', terms).groupBy('term').execute();
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
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('resource_terms').values(rows.slice(i, i + 500)).execute();
}

export async function insertTermsBulk(db: Q, rows: Array<{ term: string; resource_id: number; tf: number }>) {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('resource_terms').values(rows.slice(i, i + 500)).execute();
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
  return db.insertInto('resources').values(row).returning('id').executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: Updateable<ResourceTable>) {
  return db.updateTable('resources').set(patch).where('id', '=', id).execute();
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
