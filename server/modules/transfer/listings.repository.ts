// Every SQL query of the technology market's listings and their search postings. Search starts
// from the resource catalogue's plan (server/modules/resources/resources.repository.ts): BM25 over
// jieba postings, rarest word first, the matched set computed once (MATERIALIZED CTE) and one
// statement for the page, the total and the facets. At a million listings it adds bounded work
// (search() below): postings carry their impact (w), so scores need no listing rows; a word's
// listing count is kept in listing_term_df; a large match set is counted from a sample and paged
// by an index walk that stops at the page.
import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool, type Transaction, type Insertable, type Updateable } from 'kysely';
import type { Database, ListingTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';
import { candidatesByWords, postingsOf, searchCorpus, type SearchCorpus, type SearchResult } from '../../platform/search/engine';
import type { Bm25, TermWeight } from '../../platform/search/terms';

type Q = Kysely<Database> | Transaction<Database>;
export type ListingKind = 'result' | 'demand';
export const POSTING_KIND: Record<ListingKind, string> = { result: 'r', demand: 'd' };
export const STATS_SCOPE: Record<ListingKind, string> = { result: 'results', demand: 'demands' };

export interface ListingFilter {
  kind: ListingKind;
  /** Published only, unless an owner looks at its own (ownerOrgId set, publishedOnly false). */
  publishedOnly: boolean;
  status?: string;
  resultType?: string;
  jurisdiction?: string;
  ipc?: string;
  field?: string;
  trlMin?: number;
  priceMaxFen?: number;
  priceMinFen?: number;
  /** Only listings whose owner shows the price publicly (a price filter from a visitor not signed in). */
  pricePublicOnly?: boolean;
  ownerOrgId?: number;
  source?: string;
  openLicence?: boolean;
  transferMode?: string;
  titleContains?: string;
}

export type ListingSort = 'relevance' | 'newest' | 'price' | '-price' | 'trl' | '-trl' | 'deadline' | 'title';

type L = Database & { l: ListingTable };
function applyFilters(eb: ExpressionBuilder<L, 'l'>, f: ListingFilter): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [eb('l.kind', '=', f.kind)];
  if (f.publishedOnly) c.push(eb('l.status', '=', 'published'));
  else if (f.status) c.push(eb('l.status', '=', f.status));
  if (f.resultType) c.push(eb('l.result_type', '=', f.resultType));
  if (f.jurisdiction) c.push(eb('l.jurisdiction_code', '=', f.jurisdiction));
  if (f.ipc) c.push(f.ipc.length <= 4 ? eb('l.ipc_main', '=', f.ipc) : eb('l.ipc_codes', 'like', `%${f.ipc}%`));
  if (f.field) c.push(eb('l.field_main', '=', f.field.slice(0, 3)));
  if (f.trlMin !== undefined) c.push(eb('l.trl', '>=', f.trlMin));
  if (f.priceMaxFen !== undefined) c.push(eb('l.price_fen', '<=', f.priceMaxFen));
  if (f.priceMinFen !== undefined) c.push(eb('l.price_fen', '>=', f.priceMinFen));
  if (f.pricePublicOnly) c.push(eb('l.price_public', '=', 1));
  if (f.ownerOrgId) c.push(eb('l.owner_org_id', '=', f.ownerOrgId));
  if (f.source) c.push(eb('l.source', '=', f.source));
  if (f.transferMode) c.push(eb('l.transfer_modes', 'like', `%${f.transferMode}%`));
  // LIKE wildcards in the needle are dropped (SQLite and PostgreSQL escape differently).
  if (f.titleContains) c.push(eb('l.title', 'like', `%${f.titleContains.replace(/[%_\\]/g, '')}%`));
  if (f.openLicence)
    c.push(
      eb.exists(eb.selectFrom('open_licences as ol').select(sql.lit(1).as('one')).whereRef('ol.listing_id', '=', 'l.id').where('ol.status', '=', 'active')),
    );
  return eb.and(c);
}

export type { Bm25, TermWeight } from '../../platform/search/terms';
export { impact, IMPACT_PIVOT } from '../../platform/search/bm25';

/**
 * How much a search reads (tunable for tests): see SearchBounds in platform/search/engine.ts.
 * 2 000 postings of the rarest word at most for the total and facets.
 */
export const searchLimits = { exactLimit: 2000, rescore: 200, impactWindow: 2000 };

export const FACETS: Record<ListingKind, readonly string[]> = {
  result: ['result_type', 'jurisdiction_code', 'ipc_main', 'trl'],
  demand: ['jurisdiction_code', 'field_main'],
};

function orderOf(sort: ListingSort): Array<[string, 'asc' | 'desc']> {
  switch (sort) {
    case 'price':
      return [['l.price_fen', 'asc']];
    case '-price':
      return [['l.price_fen', 'desc']];
    case 'trl':
      return [['l.trl', 'asc']];
    case '-trl':
      return [['l.trl', 'desc']];
    case 'deadline':
      return [['l.deadline', 'asc']];
    case 'title':
      return [['l.title', 'asc']];
    case 'newest':
      return [['l.published_at', 'desc']];
    default:
      return [];
  }
}

/** Filters beyond kind and status (postings exist for published listings only). */
function narrows(f: ListingFilter): boolean {
  return Boolean(
    f.resultType ||
    f.jurisdiction ||
    f.ipc ||
    f.field ||
    f.trlMin !== undefined ||
    f.priceMaxFen !== undefined ||
    f.priceMinFen !== undefined ||
    f.ownerOrgId ||
    f.source ||
    f.transferMode ||
    f.titleContains ||
    f.openLicence,
  );
}

/**
 * The results or the demands as a corpus of the platform's search engine: postings with stored
 * impacts (listing_terms.w), and bounded work — at a million listings a search reads a sample of
 * the rarest word's postings (see platform/search/engine.ts).
 */
export function listingCorpus(kind: ListingKind): SearchCorpus<ListingFilter> {
  return {
    docs: { table: 'listings', alias: 'l' },
    postings: { table: 'listing_terms', doc: 'listing_id', kind: POSTING_KIND[kind] },
    scoring: { by: 'impact' },
    filter: (eb, f) => applyFilters(eb as ExpressionBuilder<L, 'l'>, f),
    narrows,
    facets: FACETS[kind],
    sortKey: (sort, browsing) => orderOf((sort === 'relevance' && browsing ? 'newest' : sort) as ListingSort)[0] ?? null,
    // Browsing: listings_newest_idx, ties by the latest change.
    browseOrder: (sort) => [
      ...orderOf((sort === 'relevance' ? 'newest' : sort) as ListingSort),
      ...(sort === 'relevance' || sort === 'newest' ? ([['l.updated_at', 'desc']] as Array<[string, 'desc']>) : []),
    ],
    // `= term`, not `in (term)`: over the listings' postings the IN form makes SQLite look each
    // further word up through listing_terms_listing_idx and then the key; with equality it walks
    // the key (term, kind, listing_id) in order.
    wordLookup: '=',
    bounds: {
      limits: searchLimits,
      // An owner's own lists (drafts included) are counted exactly.
      applies: (f) => f.publishedOnly,
      // Browsing's sample: the newest published listings of the kind (listings_recent_idx).
      recent: (db, f, n) => db.selectFrom('listings').select('id').where('kind', '=', f.kind).where('status', '=', 'published').orderBy('id', 'desc').limit(n),
    },
  };
}

/** A search of results or demands (platform/search/engine.ts); `docs`: the kind's published listings. */
export function search(
  db: Q,
  h: DialectHelpers,
  f: ListingFilter,
  bm: Bm25 | null,
  sort: ListingSort,
  limit: number,
  offset: number,
  withFacets: boolean,
  docs: number,
): Promise<SearchResult> {
  return searchCorpus(db, h, listingCorpus(f.kind), { filter: f, bm, sort, limit, offset, facets: withFacets, docs });
}

/** Candidates for matching: listings of the kind by their weighted words (platform/search). */
export function lexicalCandidates(
  db: Q,
  kind: ListingKind,
  terms: Array<TermWeight & { weight: number }>,
  limit: number,
  postingBudget = 50_000,
  minWords = 4,
): Promise<number[]> {
  return candidatesByWords(db, listingCorpus(kind), terms, limit, postingBudget, minWords);
}

/** The postings (word, impact) of these listings for these words: one read by key. */
export async function postingsFor(db: Q, kind: ListingKind, terms: string[], listingIds: number[]) {
  return (await postingsOf(db, listingCorpus(kind), terms, listingIds)).map((p) => ({ listingId: p.docId, term: p.term, w: p.w }));
}

/** Published listings of a kind in one IPC subclass (candidates by classification). */
export async function byIpcSubclass(db: Q, kind: ListingKind, subclasses: string[], limit: number) {
  if (!subclasses.length) return [];
  const rows = await db
    .selectFrom('listings')
    .select('id')
    .where('kind', '=', kind)
    .where('ipc_main', 'in', subclasses)
    .where('status', '=', 'published')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** How many listings of the kind hold each word (listing_term_df, read by key); absent words left out. */
export async function documentFrequencies(db: Q, kind: ListingKind, terms: string[]) {
  const out = new Map<string, number>();
  for (let i = 0; i < terms.length; i += 500) {
    const rows = await db
      .selectFrom('listing_term_df')
      .select(['term', 'df'])
      .where('kind', '=', POSTING_KIND[kind])
      .where('term', 'in', terms.slice(i, i + 500))
      .execute();
    for (const r of rows) if (Number(r.df) > 0) out.set(r.term, Number(r.df));
  }
  return out;
}

/**
 * Moves the words' listing counts by `deltas` (key `term\u0000kind`), in key order so that two
 * transactions touching the same words lock them in the same order (PostgreSQL) and cannot deadlock.
 */
export async function adjustDocumentFrequencies(db: Q, deltas: Map<string, number>, perStatement = 500) {
  const rows = [...deltas]
    .filter(([, d]) => d !== 0)
    .map(([key, df]) => {
      const [term, kind] = key.split('\u0000');
      return { term, kind, df };
    })
    .sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  for (let i = 0; i < rows.length; i += perStatement)
    await db
      .insertInto('listing_term_df')
      .values(rows.slice(i, i + perStatement))
      .onConflict((oc) => oc.columns(['term', 'kind']).doUpdateSet((eb) => ({ df: eb('listing_term_df.df', '+', eb.ref('excluded.df')) })))
      .execute();
}

/** The (term, kind) of every posting of these listings, counted: what deleting them takes off listing_term_df. */
export async function postingCounts(db: Q, listingIds: number[]) {
  const out = new Map<string, number>();
  for (let i = 0; i < listingIds.length; i += 500) {
    const rows = await db
      .selectFrom('listing_terms')
      .select(['term', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('listing_id', 'in', listingIds.slice(i, i + 500))
      .groupBy(['term', 'kind'])
      .execute();
    for (const r of rows) {
      const key = `${r.term}\u0000${r.kind}`;
      out.set(key, (out.get(key) ?? 0) + Number(r.n));
    }
  }
  return out;
}

export async function corpusStats(db: Q, kind: ListingKind) {
  const s = await db.selectFrom('search_stats').select('docs').where('scope', '=', STATS_SCOPE[kind]).executeTakeFirstOrThrow();
  const docs = Number(s.docs);
  return { docs };
}

export function adjustCorpusStats(db: Q, kind: ListingKind, docsDelta: number, lenDelta: number) {
  return db
    .updateTable('search_stats')
    .set((eb) => ({ docs: eb('docs', '+', docsDelta), total_len: eb('total_len', '+', lenDelta) }))
    .where('scope', '=', STATS_SCOPE[kind])
    .execute();
}

export async function deleteTerms(db: Q, listingIds: number[]) {
  for (let i = 0; i < listingIds.length; i += 500)
    await db
      .deleteFrom('listing_terms')
      .where('listing_id', 'in', listingIds.slice(i, i + 500))
      .execute();
}

export async function insertTerms(db: Q, rows: Array<{ term: string; kind: string; listing_id: number; tf: number; w: number }>) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('listing_terms')
      .values(rows.slice(i, i + 500))
      .execute();
}

export function byIds(db: Q, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('listings').selectAll().where('id', 'in', ids).execute();
}

export function findById(db: Q, id: number) {
  return db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByIdForUpdate(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('listings').selectAll().where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Only the listing's row lock (where the engine has row locks): contracts of one patent queue on it. */
export async function lockForUpdate(db: Q, h: DialectHelpers, id: number) {
  if (h.query.supportsRowLocks) await db.selectFrom('listings').select('id').where('id', '=', id).forUpdate().execute();
}

/** Title, number and owner of listings. */
export function briefs(db: Q, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('listings').select(['id', 'title', 'application_no', 'owner_name']).where('id', 'in', ids).execute();
}

/** The listing changed (the feed shows it again). */
export function touch(db: Q, id: number, at: string) {
  return db.updateTable('listings').set({ updated_at: at }).where('id', '=', id).execute();
}

/** An exclusive licence or assignment in force (what an open licence declaration is checked against). */
export function setExclusiveLicence(db: Q, id: number, exclusive: 0 | 1, at: string) {
  return db.updateTable('listings').set({ exclusive_licence: exclusive, updated_at: at }).where('id', '=', id).execute();
}

/** Inserts listings in one statement; their ids in the order of the rows. */
export async function insertMany(db: Q, rows: Array<Insertable<ListingTable>>): Promise<number[]> {
  const ret = await db.insertInto('listings').values(rows).returning('id').execute();
  return ret.map((r) => Number(r.id));
}

export function insert(db: Q, row: Insertable<ListingTable>) {
  return db.insertInto('listings').values(row).returning('id').executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: Updateable<ListingTable>) {
  return db.updateTable('listings').set(patch).where('id', '=', id).execute();
}

export function bySourceIds(db: Q, source: string, externalIds: string[]) {
  if (!externalIds.length) return Promise.resolve([]);
  return db.selectFrom('listings').selectAll().where('source', '=', source).where('external_id', 'in', externalIds).execute();
}

export function activeOpenLicences(db: Q, listingIds: number[]) {
  if (!listingIds.length) return Promise.resolve([]);
  return db.selectFrom('open_licences').selectAll().where('listing_id', 'in', listingIds).where('status', '=', 'active').execute();
}

/** Keyset page of the feed: listings updated after (since, afterId), in (updated_at, id) order. */
export function feedPage(db: Q, since: string, afterId: number, until: string, limit: number) {
  return db
    .selectFrom('listings')
    .selectAll()
    .where((eb) => eb.or([eb('updated_at', '>', since), eb.and([eb('updated_at', '=', since), eb('id', '>', afterId)])]))
    .where('updated_at', '<=', until)
    .where('status', 'in', ['published', 'withdrawn'])
    .orderBy('updated_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** Published listings per kind and jurisdiction (the portal's regional overview; listings_kind_status_jur_idx). */
export function publishedCountsByJurisdiction(db: Q) {
  return db
    .selectFrom('listings')
    .select(['kind', 'jurisdiction_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kind', 'in', ['result', 'demand'])
    .where('status', '=', 'published')
    .groupBy(['kind', 'jurisdiction_code'])
    .execute();
}
