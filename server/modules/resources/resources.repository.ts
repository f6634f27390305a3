// Every SQL query of the resource catalogue and its search index.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool, type Transaction, type ExpressionBuilder } from 'kysely';
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
/** A constant of the BM25 arithmetic, as a double on both engines (PostgreSQL would compute in numeric). */
const num = (x: number) => sql<number>`cast(${sql.raw(Number.isFinite(x) ? x.toFixed(9) : '0.0')} as double precision)`;
const FACETS = ['kind', 'jurisdiction_code', 'category1', 'city'] as const;
/** Sort columns that may be NULL. */
const NULLABLE_SORT_KEYS = new Set(['r.original_value_fen']);

/** One term's BM25 weight in the posting row `alias` of resource r, unrounded. */
function termWeight(alias: string, idf: RawBuilder<number>, avgdl: number) {
  const tf = sql.ref(`${alias}.tf`);
  return sql<number>`${idf} * (${tf} * ${num(K1 + 1)}) / (${tf} + ${num(K1)} * (${num(1 - B)} + ${num(B)} * r.doc_len / ${num(avgdl)}))`;
}

interface MatchedRow {
  id: number;
  raw: number;
  kind: string;
  jurisdiction_code: string;
  category1: string;
  city: string;
  sort_key: unknown;
}

/**
 * The matching resources: id, raw (the unrounded BM25 score), the facet columns and sort_key (the
 * sort column; a constant by relevance). AND: the postings of the rarest term (highest idf) joined
 * to each other term's posting by its primary key (term, resource_id); ANY: every posting of the
 * terms, grouped by resource.
 */
function matched(db: Q, f: CatalogueFilter, bm: Bm25, sortKey: string | null) {
  const cols = [...FACETS.map((c) => sql.ref<string>(`r.${c}`).as(c)), (sortKey ? sql.ref<unknown>(sortKey) : sql<unknown>`0`).as('sort_key')];
  if (bm.mode === 'all') {
    // Rarest first (highest idf), so each probe leaves as few rows as possible for the next, and
    // the resource last. CROSS JOIN with the conditions in WHERE is an inner join to PostgreSQL,
    // which orders joins itself, while SQLite keeps the tables of a CROSS JOIN in the order written.
    const terms = [...bm.terms].sort((a, b) => b.idf - a.idf);
    const alias = (t: TermWeight) => `t${terms.indexOf(t)}` as 't0';
    let q = db.selectFrom('resource_terms as t0').where('t0.term', '=', terms[0].term);
    for (const t of terms.slice(1)) {
      const a = alias(t);
      // `in (term)`, not `= term`: with equality, SQLite's STAT4 estimates for a common term make it
      // look the posting up through resource_terms_resource_idx and then the key, three times slower.
      q = q.crossJoin(`resource_terms as ${a}`).where(`${a}.term`, 'in', [t.term]).whereRef(`${a}.resource_id`, '=', 't0.resource_id');
    }
    // The sum in the query's order of terms, as the grouped sum of ANY mode adds them.
    const raw = sql.join(bm.terms.map((t) => termWeight(alias(t), num(t.idf), bm.avgdl)), sql` + `);
    return q
      .crossJoin('resources as r')
      .whereRef('r.id', '=', 't0.resource_id')
      .where((eb) => applyFilters(eb as any, f))
      .select([sql.ref<number>('t0.resource_id').as('id'), sql<number>`${raw}`.as('raw'), ...cols]);
  }
  const idf = sql<number>`case t.term ${sql.join(bm.terms.map((t) => sql`when ${t.term} then ${num(t.idf)}`), sql` `)} else ${num(0)} end`;
  return db
    .selectFrom('resource_terms as t')
    .innerJoin('resources as r', 'r.id', 't.resource_id')
    .where('t.term', 'in', bm.terms.map((t) => t.term))
    .where((eb) => applyFilters(eb as any, f))
    .groupBy('r.id')
    .select([sql.ref<number>('r.id').as('id'), sql<number>`sum(${termWeight('t', idf, bm.avgdl)})`.as('raw'), ...cols]);
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
  // The matched set is computed once (the materialized CTE m) and one statement returns the page
  // (ids and scores), the count and the facets as the parts of a UNION ALL, told apart by `part`
  // (n: a page row's position, else a count); a second statement reads the page's rows by id.
  const [sortKey, sortDir] = orderOf(sort)[0] ?? [null, 'asc' as const];
  const rounded = (raw: RawBuilder<number>) => h.query.round(raw, 6);
  const nothing = sql<null>`null`;
  const withM = db.with((w) => w('m').materialized(), () => matched(db, f, bm, sortKey));
  // Facets: m grouped once by all four columns (few groups), then each column from those groups.
  const withC = withM.with(
    (w) => w('c').materialized(),
    (qc) => qc.selectFrom('m').select([...FACETS.map((c) => `m.${c}` as const), sql<number>`count(*)`.as('n')]).groupBy(FACETS.map((c) => `m.${c}` as const)),
  );
  const q = withFacets ? withC : (withM as unknown as typeof withC);
  // The page. Scores are rounded (so both engines order ties alike), and rounding costs: as it is
  // monotonic, only the candidates for the page are rounded — the rows that come before the last
  // of the first offset + limit rows in the order by sort key and raw score, or level with it on the
  // sort key with a raw score at least its rounded score less the rounding step. A sort key that
  // may be NULL (ordered first on one engine, last on the other) has every row rounded instead.
  const reverse = sortDir === 'asc' ? 'desc' : 'asc';
  const pageOf = (eb: ExpressionBuilder<Database & { m: MatchedRow }, never>) => {
    const ranked = eb.selectFrom('m').select(['m.id', 'm.sort_key', rounded(sql.ref('m.raw')).as('score')]);
    if (sortKey && NULLABLE_SORT_KEYS.has(sortKey)) return ranked;
    const last = eb
      .selectFrom(eb.selectFrom('m').select(['m.id', 'm.sort_key', 'm.raw']).orderBy('m.sort_key', sortDir).orderBy('m.raw', 'desc').orderBy('m.id', 'asc').limit(offset + limit).as('top'))
      .select(['top.sort_key', 'top.raw'])
      .orderBy('top.sort_key', reverse)
      .orderBy('top.raw', 'asc')
      .orderBy('top.id', 'desc')
      .limit(1)
      .as('l');
    const level = sql<SqlBool>`m.raw >= ${rounded(sql.ref('l.raw'))} - ${num(1e-6)}`;
    return ranked
      .innerJoin(last, (j) => j.onTrue())
      .where(sql<SqlBool>`(m.sort_key ${sql.raw(sortDir === 'asc' ? '<' : '>')} l.sort_key or (m.sort_key = l.sort_key and ${level}))`);
  };
  const position = sql`p.sort_key ${sql.raw(sortDir)}, p.score desc, p.id asc`;
  let all = q
    .selectFrom((eb) => pageOf(eb as any).orderBy('m.sort_key', sortDir).orderBy('score', 'desc').orderBy('m.id', 'asc').limit(limit).offset(offset).as('p'))
    .select([sql.lit('page').as('part'), nothing.as('value'), sql<number>`row_number() over (order by ${position})`.as('n'), sql.ref<number | null>('p.id').as('id'), sql.ref<number | null>('p.score').as('score')])
    .unionAll((eb) => eb.selectFrom('m').select([sql.lit('total').as('part'), nothing.as('value'), sql<number>`count(*)`.as('n'), nothing.as('id'), nothing.as('score')]));
  if (withFacets) {
    for (const c of FACETS) {
      all = all.unionAll((eb) =>
        eb
          .selectFrom('c')
          .select([sql.lit(c).as('part'), sql.ref<null>(`c.${c}`).as('value'), sql<number>`cast(sum(c.n) as bigint)`.as('n'), nothing.as('id'), nothing.as('score')])
          .groupBy(`c.${c}`),
      );
    }
  }
  const out = (await all.execute()) as Array<{ part: string; value: string | null; n: number | string; id: number | null; score: number | null }>;
  const page = out.filter((x) => x.part === 'page').sort((a, b) => Number(a.n) - Number(b.n));
  const ids = page.map((x) => Number(x.id));
  const found = ids.length ? await db.selectFrom('resources as r').select(listColumns).where('r.id', 'in', ids).execute() : [];
  const byId = new Map(found.map((r) => [Number(r.id), r]));
  // A row deleted in between (PostgreSQL, another connection) is left out.
  const rows = page.flatMap((x) => (byId.has(Number(x.id)) ? [{ ...byId.get(Number(x.id))!, score: Number(x.score) }] : []));
  const total = Number(out.find((x) => x.part === 'total')?.n ?? 0);
  const facets = Object.fromEntries(FACETS.map((c) => [c, out.filter((x) => x.part === c).map((x) => ({ value: x.value, n: Number(x.n) }))]));
  return { rows, total, facets };
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
