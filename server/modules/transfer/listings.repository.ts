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
  if (f.ownerOrgId) c.push(eb('l.owner_org_id', '=', f.ownerOrgId));
  if (f.source) c.push(eb('l.source', '=', f.source));
  if (f.transferMode) c.push(eb('l.transfer_modes', 'like', `%${f.transferMode}%`));
  // LIKE wildcards in the needle are dropped (SQLite and PostgreSQL escape differently).
  if (f.titleContains) c.push(eb('l.title', 'like', `%${f.titleContains.replace(/[%_\\]/g, '')}%`));
  if (f.openLicence)
    c.push(eb.exists(eb.selectFrom('open_licences as ol').select(sql.lit(1).as('one')).whereRef('ol.listing_id', '=', 'l.id').where('ol.status', '=', 'active')));
  return eb.and(c);
}

export interface TermWeight {
  term: string;
  idf: number;
  /** Listings of the kind holding the word (document frequency). */
  df: number;
}
export interface Bm25 {
  terms: TermWeight[];
  mode: 'all' | 'any';
}

const K1 = 1.2;
const B = 0.75;
/**
 * The length pivot of impacts: BM25 normalises a listing's length by the corpus average; here by
 * this fixed figure (the weighted words of a typical listing: title ×3, keywords ×2, abstract,
 * indicators, owner), so a posting's term score does not move as the corpus grows and is stored
 * with it (listing_terms.w).
 */
export const IMPACT_PIVOT = 100;
/** A posting's impact: its BM25 term score before the word's idf, in thousandths. */
export function impact(tf: number, docLen: number): number {
  return Math.round((1000 * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * docLen) / IMPACT_PIVOT)));
}

export const num = (x: number) => sql<number>`cast(${sql.raw(Number.isFinite(x) ? x.toFixed(9) : '0.0')} as double precision)`;
/** A word's share of a match's score: idf × impact. */
const termScore = (alias: string, idf: number) => sql<number>`${num(idf / 1000)} * ${sql.ref(`${alias}.w`)}`;

/**
 * How much a search reads (tunable for tests): `exactLimit` postings of the rarest word at most
 * (browsing: published listings) for the total and facets — exact when that is all of them,
 * estimated from them otherwise; `rescore`: candidates beyond the page re-ranked by the full score
 * when several words page a large set; `impactWindow`: how many of the rarest word's best
 * postings are read for those candidates at first.
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
    f.resultType || f.jurisdiction || f.ipc || f.field || f.trlMin !== undefined || f.priceMaxFen !== undefined || f.priceMinFen !== undefined || f.ownerOrgId || f.source || f.transferMode || f.titleContains || f.openLicence,
  );
}

/** The words of an all-words search, rarest first (the first drives the plan). */
const rarestFirst = (bm: Bm25) => [...bm.terms].sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1));

/**
 * Postings of every word of an all-words search joined by key to the rarest word's (t0), with the
 * match's raw score (Σ idf × impact) and, when `withListing`, the listing (alias l) and filters.
 */
function allWords(db: Q, f: ListingFilter, bm: Bm25, withListing: boolean, window: { fromId: number } | { best: number } | null = null) {
  const pk = POSTING_KIND[f.kind];
  const terms = rarestFirst(bm);
  // A window of the rarest word's postings: its newest, from a listing id on (every word's key
  // read as a range from there, which PostgreSQL merge-joins), or its `best` by impact (a subquery
  // with its own order and limit, read by walking the impact index and stopping).
  const t0 =
    window && 'best' in window
      ? db.selectFrom('listing_terms').select(['term', 'kind', 'listing_id', 'w']).where('term', '=', terms[0].term).where('kind', '=', pk).orderBy('w', 'desc').orderBy('listing_id', 'asc').limit(window.best).as('t0')
      : ('listing_terms as t0' as const);
  const fromId = window && 'fromId' in window ? window.fromId : null;
  let q = (db.selectFrom(t0 as 'listing_terms as t0') as ReturnType<typeof db.selectFrom<'listing_terms as t0'>>).where('t0.term', '=', terms[0].term).where('t0.kind', '=', pk);
  if (fromId !== null) q = q.where('t0.listing_id', '>=', fromId);
  terms.slice(1).forEach((t, i) => {
    const a = `t${i + 1}` as 't0';
    // `= term`, not `in (term)`: over the listings' postings the IN form makes SQLite look each
    // further word up through listing_terms_listing_idx and then the key; with equality it walks
    // the key (term, kind, listing_id) in order.
    q = q.crossJoin(`listing_terms as ${a}`).where(`${a}.term`, '=', t.term).where(`${a}.kind`, '=', pk).whereRef(`${a}.listing_id`, '=', 't0.listing_id');
    if (fromId !== null) q = q.where(`${a}.listing_id`, '>=', fromId);
  });
  const raw = sql.join(
    terms.map((t, i) => termScore(`t${i}`, t.idf)),
    sql` + `,
  );
  const joined = withListing ? q.crossJoin('listings as l').whereRef('l.id', '=', 't0.listing_id').where((eb) => applyFilters(eb as any, f)) : q;
  return { q: joined, raw: sql<number>`${raw}`, drive: terms[0] };
}

/** Σ idf × impact over postings of alias t (any of the words). */
const anyScore = (terms: TermWeight[]) =>
  sql<number>`sum(case t.term ${sql.join(terms.map((t) => sql`when ${t.term} then ${num(t.idf / 1000)}`), sql` `)} else ${num(0)} end * t.w)`;

/** Any-word matches (the fallback when no listing holds every word): summed over the postings. */
function anyWords(db: Q, f: ListingFilter, bm: Bm25) {
  return db
    .selectFrom('listing_terms as t')
    .innerJoin('listings as l', 'l.id', 't.listing_id')
    .where('t.term', 'in', bm.terms.map((t) => t.term))
    .where('t.kind', '=', POSTING_KIND[f.kind])
    .where((eb) => applyFilters(eb as any, f))
    .groupBy('l.id');
}

/** The listing id of a word's `n`-th newest posting: its newest n are those from there on. */
async function windowStart(db: Q, kind: ListingKind, term: string, n: number): Promise<number> {
  const row = await db
    .selectFrom('listing_terms')
    .select('listing_id')
    .where('term', '=', term)
    .where('kind', '=', POSTING_KIND[kind])
    .orderBy('listing_id', 'desc')
    .limit(1)
    .offset(n - 1)
    .executeTakeFirstOrThrow();
  return Number(row.listing_id);
}

/**
 * Where an any-word sample starts: the highest, over the words, of the listing id of each word's
 * (cap + 1)-th newest posting; 0 when no word has that many (its union is small: counted exactly).
 */
async function anyWordsFrom(db: Q, kind: ListingKind, bm: Bm25, cap: number): Promise<number> {
  const pk = POSTING_KIND[kind];
  const parts = bm.terms.map(
    (t) => sql<{ x: number | null }>`select (select listing_id from listing_terms where term = ${t.term} and kind = ${pk} order by listing_id desc limit 1 offset ${cap}) as x`,
  );
  const { rows } = await sql<{ x: number | null }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Math.max(0, ...rows.map((r) => Number(r.x ?? 0)));
}

export interface SearchOut {
  ids: Array<{ id: number; score: number }>;
  total: number;
  /** The total is estimated from a sample (see search()). */
  approximate: boolean;
  /** The facet counts are estimated from a sample (also when the total is exact). */
  facetsApproximate: boolean;
  facets: Record<string, Array<{ value: string | null; n: number }>>;
}

type Part = { part: string; value: string | null; n: number | string; id: number | null; score: number | null };

/**
 * A search in bounded work. First the matches and their facets, in one statement (the matched set
 * computed once: a MATERIALIZED CTE), read from at most `exactLimit` postings of the rarest word —
 * its newest, from the listing id where they start, the other words' keys read from there too
 * (browsing: the newest
 * published listings of the kind, listings_recent_idx; any word: above where each word's newest
 * `exactLimit` postings reach). When that is all there is, the page, total and facets are exact.
 * Otherwise the total is the sample's share of what it read times what there is (the rarest
 * word's postings, the kind's published listings) — exact for one word or plain browsing — the
 * facets scale alike, and the page comes from an index walk that stops at it: the rarest word's
 * postings in impact order for relevance (exact for one word; with several, its best `rescore`
 * re-ranked by the full score; any word: each word's best, re-ranked), a sort index of listings
 * with the words checked by key for the other orders (unless few of the listings match: then every
 * match, exactly), listings_newest_idx when browsing.
 */
export async function search(db: Q, h: DialectHelpers, f: ListingFilter, bm: Bm25 | null, sort: ListingSort, limit: number, offset: number, withFacets: boolean, docs: number, exact = false): Promise<SearchOut> {
  const facets = FACETS[f.kind];
  // An owner's own lists (drafts included) are counted exactly.
  const cap = f.publishedOnly && !exact ? searchLimits.exactLimit : null;
  const [sortKey, sortDir] = orderOf(sort === 'relevance' && !bm ? 'newest' : sort)[0] ?? [null, 'asc' as const];
  const cols = [...facets.map((c) => sql.ref<string>(`l.${c}`).as(c)), (sortKey ? sql.ref<unknown>(sortKey) : sql<unknown>`0`).as('sort_key')];
  const nothing = sql<null>`null`;

  // The sample (or, uncapped, every match), with what each match needs. `window`: how many postings
  // of the rarest word (browsing: published listings of the kind) it reads, when there are more.
  let sample;
  let window: number | null = null;
  let population = 0;
  let anyFrom = 0;
  if (!bm) {
    population = docs;
    if (cap !== null && docs > cap) window = cap;
    const recent = window
      ? db.selectFrom('listings').select('id').where('kind', '=', f.kind).where('status', '=', 'published').orderBy('id', 'desc').limit(window).as('r')
      : null;
    const from = recent ? db.selectFrom(recent).crossJoin('listings as l').whereRef('l.id', '=', 'r.id') : db.selectFrom('listings as l');
    sample = (from as ReturnType<typeof db.selectFrom<'listings as l'>>).where((eb) => applyFilters(eb as any, f)).select([sql.ref<number>('l.id').as('id'), sql<number>`0`.as('raw'), ...cols]);
  } else if (bm.mode === 'all') {
    population = rarestFirst(bm)[0].df;
    if (cap !== null && population > cap) window = cap;
    const fromId = window ? await windowStart(db, f.kind, rarestFirst(bm)[0].term, window) : null;
    const { q, raw } = allWords(db, f, bm, true, fromId === null ? null : { fromId });
    sample = q.select([sql.ref<number>('t0.listing_id').as('id'), raw.as('raw'), ...cols]);
  } else {
    // Any word: above `anyFrom`, the lowest of each word's newest cap + 1 postings, the sample
    // holds every posting of every word, so their union there is complete.
    let q = anyWords(db, f, bm);
    if (cap !== null) {
      anyFrom = await anyWordsFrom(db, f.kind, bm, cap);
      if (anyFrom) q = q.where('t.listing_id', '>=', anyFrom);
    }
    sample = q.select([sql.ref<number>('l.id').as('id'), anyScore(bm.terms).as('raw'), ...cols]);
  }
  const withM = db.with((w) => w('m').materialized(), () => sample as any);
  const position = sql`p.sort_key ${sql.raw(sortDir)}, p.score desc, p.id asc`;
  let all = withM
    .selectFrom((eb: any) =>
      eb
        .selectFrom('m')
        .select(['m.id', 'm.sort_key', h.query.round(sql.ref('m.raw'), 6).as('score')])
        .orderBy('m.sort_key', sortDir)
        .orderBy('score', 'desc')
        .orderBy('m.id', 'asc')
        // Browsing pages by its list's own index walk (bigPage, below): none here.
        .limit(bm ? limit : 0)
        .offset(offset)
        .as('p'),
    )
    .select([sql.lit('page').as('part'), nothing.as('value'), sql<number>`row_number() over (order by ${position})`.as('n'), sql.ref<number | null>('p.id').as('id'), sql.ref<number | null>('p.score').as('score')])
    .unionAll((eb: any) => eb.selectFrom('m').select([sql.lit('total').as('part'), nothing.as('value'), sql<number>`count(*)`.as('n'), nothing.as('id'), nothing.as('score')]));
  if (withFacets) {
    for (const c of facets) {
      all = all.unionAll((eb: any) =>
        eb
          .selectFrom('m')
          .select([sql.lit(c).as('part'), sql<null>`cast(${sql.ref(`m.${c}`)} as varchar(16))`.as('value'), sql<number>`count(*)`.as('n'), nothing.as('id'), nothing.as('score')])
          .groupBy(`m.${c}`),
      );
    }
  }
  // Browsing pages by the list's own order (its index), whatever the size.
  const [out, browsePage] = await Promise.all([all.execute() as Promise<Part[]>, bm ? null : bigPage(db, h, f, null, sort, sortKey, sortDir, limit, offset)]);
  const totalRow = out.find((x) => x.part === 'total');
  const found = Number(totalRow?.n ?? 0);
  const facetRows = (scale: number) =>
    Object.fromEntries(facets.map((c) => [c, out.filter((x) => x.part === c).map((x) => ({ value: x.value, n: scale === 1 ? Number(x.n) : Math.max(1, Math.round(Number(x.n) * scale)) }))]));
  if (bm?.mode === 'any' ? !anyFrom : !window) {
    const page = out.filter((x) => x.part === 'page').sort((a, b) => Number(a.n) - Number(b.n));
    return { ids: browsePage ?? page.map((x) => ({ id: Number(x.id), score: Number(x.score) })), total: found, approximate: false, facetsApproximate: false, facets: facetRows(1) };
  }

  // A large match set: the total by the sample's share of what it read.
  let passed = window ?? 0;
  let exactTotal = false;
  if (!bm) exactTotal = !narrows(f);
  else if (bm.mode === 'all') exactTotal = bm.terms.length === 1 && !narrows(f);
  else {
    // Any word: the commonest word's postings above where the sample starts.
    const common = rarestFirst(bm)[bm.terms.length - 1];
    population = common.df;
    const r = await db
      .selectFrom('listing_terms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('term', '=', common.term)
      .where('kind', '=', POSTING_KIND[f.kind])
      .where('listing_id', '>=', anyFrom)
      .executeTakeFirstOrThrow();
    passed = Number(r.n);
  }
  const estimate = Math.round((found / Math.max(found, passed, 1)) * population);
  // A sorted page of few matches among many listings: walking the sort index would pass some
  // (offset + limit) × listings / matches rows; reading every match by the rarest word (at most its
  // postings) is then the lesser work, and exact.
  if (bm?.mode === 'all' && sort !== 'relevance' && ((offset + limit) * docs) / Math.max(1, estimate) > rarestFirst(bm)[0].df)
    return search(db, h, f, bm, sort, limit, offset, withFacets, docs, true);
  const ids = browsePage ?? (await bigPage(db, h, f, bm, sort, sortKey, sortDir, limit, offset, found / Math.max(1, passed)));
  // Never fewer than what the pages so far hold (a sample may miss a rare combination).
  const total = exactTotal ? population : Math.max(offset + ids.length, estimate);
  return { ids, total, approximate: !exactTotal, facetsApproximate: true, facets: withFacets && found ? facetRows(total / found) : Object.fromEntries(facets.map((c) => [c, []])) };
}

/** The page of a large match set, by an index walk that stops at it. `share`: of the rarest word's postings sampled, the share that matched. */
async function bigPage(db: Q, h: DialectHelpers, f: ListingFilter, bm: Bm25 | null, sort: ListingSort, sortKey: string | null, sortDir: 'asc' | 'desc', limit: number, offset: number, share = 1) {
  const pk = POSTING_KIND[f.kind];
  if (bm?.mode === 'all' && sort === 'relevance' && bm.terms.length === 1) {
    // One word: its postings in impact order are the ranking; the walk stops at the page.
    const { q, raw } = allWords(db, f, bm, narrows(f));
    const rows = await q
      .select([sql.ref<number>('t0.listing_id').as('id'), h.query.round(raw, 6).as('score')])
      .orderBy('t0.w', 'desc')
      .orderBy('t0.listing_id', 'asc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
  }
  if (bm?.mode === 'all' && sort === 'relevance') {
    // Several words: the rarest word's best postings by impact — a window of them, a subquery the
    // engines read in index order and stop — with the other words by key; the page's rows plus
    // `rescore` more are ranked by the full score. The window is sized by the share of the sample's
    // postings that matched (`share`); too few in it: a larger one.
    const want = offset + limit + searchLimits.rescore;
    const drive = rarestFirst(bm)[0];
    const first = share > 0 ? Math.ceil((1.5 * want) / share) : drive.df;
    for (let n = Math.max(searchLimits.impactWindow, 2 * want, first); ; n *= 4) {
      const whole = n >= drive.df;
      const { q, raw } = allWords(db, f, bm, narrows(f), whole ? null : { best: n });
      const rows = await db
        .selectFrom(q.select([sql.ref<number>('t0.listing_id').as('id'), raw.as('raw')]).as('c'))
        .select(['c.id', h.query.round(sql.ref('c.raw'), 6).as('score')])
        .orderBy('score', 'desc')
        .orderBy('c.id', 'asc')
        .limit(want)
        .execute();
      if (rows.length >= want || whole) return rows.slice(offset, offset + limit).map((r) => ({ id: Number(r.id), score: Number(r.score) }));
    }
  }
  if (!bm) {
    // Browsing: the sort's index walked (newest: listings_newest_idx), ties by the latest change.
    let q = db
      .selectFrom('listings as l')
      .where((eb) => applyFilters(eb as any, f))
      .select(['l.id']);
    for (const [col, dir] of orderOf(sort === 'relevance' ? 'newest' : sort)) q = q.orderBy(sql.ref(col), dir);
    if (sort === 'relevance' || sort === 'newest') q = q.orderBy('l.updated_at', 'desc');
    const rows = await q.orderBy('l.id', 'desc').limit(limit).offset(offset).execute();
    return rows.map((r) => ({ id: Number(r.id), score: 0 }));
  }
  if (bm.mode === 'any' && sort === 'relevance') {
    // Candidates: each word's best by impact; re-scored by every word, the best first.
    const heads = bm.terms.map((t) => {
      let q = db.selectFrom('listing_terms as t0').where('t0.term', '=', t.term).where('t0.kind', '=', pk);
      if (narrows(f)) q = q.innerJoin('listings as l', 'l.id', 't0.listing_id').where((eb) => applyFilters(eb as any, f));
      return q.select('t0.listing_id as id').orderBy('t0.w', 'desc').orderBy('t0.listing_id', 'asc').limit(offset + limit + searchLimits.rescore);
    });
    const candidates = [...new Set((await Promise.all(heads.map((q) => q.execute()))).flat().map((r) => Number(r.id)))];
    if (!candidates.length) return [];
    const rows = await db
      .selectFrom('listing_terms as t')
      .where('t.term', 'in', bm.terms.map((t) => t.term))
      .where('t.kind', '=', pk)
      .where('t.listing_id', 'in', candidates)
      .groupBy('t.listing_id')
      .select([sql.ref<number>('t.listing_id').as('id'), h.query.round(anyScore(bm.terms), 6).as('score')])
      .execute();
    return rows
      .map((r) => ({ id: Number(r.id), score: Number(r.score) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(offset, offset + limit);
  }
  // A sort of listings: its index (kind, status, column, id) walked in the sort's direction, each
  // word checked by key; ties by id the same way.
  const score = sql<number>`${sql.join(
    bm.terms.map((t, i) => sql`coalesce((select ${termScore(`s${i}`, t.idf)} from listing_terms as ${sql.raw(`s${i}`)} where ${sql.ref(`s${i}.term`)} = ${t.term} and ${sql.ref(`s${i}.kind`)} = ${pk} and ${sql.ref(`s${i}.listing_id`)} = l.id), ${num(0)})`),
    sql` + `,
  )}`;
  let q = db
    .selectFrom('listings as l')
    .where((eb) => applyFilters(eb as any, f))
    .select([sql.ref<number>('l.id').as('id'), h.query.round(score, 6).as('score')]);
  // Every word (all) or one of them (any) held by the listing.
  for (const words of bm.mode === 'all' ? bm.terms.map((t) => [t.term]) : [bm.terms.map((t) => t.term)])
    q = q.where((eb) => eb.exists(eb.selectFrom('listing_terms as e').select(sql.lit(1).as('one')).where('e.term', 'in', words).where('e.kind', '=', pk).whereRef('e.listing_id', '=', 'l.id')));
  const rows = await q.orderBy(sql.ref(sortKey!), sortDir).orderBy('l.id', sortDir).limit(limit).offset(offset).execute();
  return rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
}

/**
 * Candidates for matching: the listings of kind `kind` holding the rarest of the weighted words,
 * by summed weight × idf × impact, best first. The postings read are bounded: the rarest words
 * are summed until they reach `postingBudget` postings (at least `minWords` of them). The caller
 * scores the candidates with every word (postingsFor).
 */
export async function lexicalCandidates(db: Q, kind: ListingKind, terms: Array<TermWeight & { weight: number }>, limit: number, postingBudget = 50_000, minWords = 4): Promise<number[]> {
  if (!terms.length) return [];
  const byRarity = [...terms].sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1));
  const drive: typeof terms = [];
  let postings = 0;
  for (const t of byRarity) {
    if (drive.length >= minWords && postings + t.df > postingBudget) break;
    drive.push(t);
    postings += t.df;
  }
  const factor = sql<number>`case t.term ${sql.join(drive.map((t) => sql`when ${t.term} then ${num((t.idf * t.weight) / 1000)}`), sql` `)} else ${num(0)} end`;
  const rows = await db
    .selectFrom('listing_terms as t')
    .where('t.term', 'in', drive.map((t) => t.term))
    .where('t.kind', '=', POSTING_KIND[kind])
    .groupBy('t.listing_id')
    .select([sql.ref<number>('t.listing_id').as('id'), sql<number>`sum(${factor} * t.w)`.as('raw')])
    .orderBy('raw', 'desc')
    .orderBy('t.listing_id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** The postings (word, impact) of these listings for these words: one read by key. */
export async function postingsFor(db: Q, kind: ListingKind, terms: string[], listingIds: number[]) {
  if (!terms.length || !listingIds.length) return [];
  const rows = await db
    .selectFrom('listing_terms')
    .select(['listing_id', 'term', 'w'])
    .where('kind', '=', POSTING_KIND[kind])
    .where('term', 'in', terms)
    .where('listing_id', 'in', listingIds)
    .execute();
  return rows.map((r) => ({ listingId: Number(r.listing_id), term: r.term, w: Number(r.w) }));
}

/** Published listings of a kind in one IPC subclass (candidates by classification). */
export async function byIpcSubclass(db: Q, kind: ListingKind, subclasses: string[], limit: number) {
  if (!subclasses.length) return [];
  const rows = await db.selectFrom('listings').select('id').where('kind', '=', kind).where('ipc_main', 'in', subclasses).where('status', '=', 'published').orderBy('id', 'desc').limit(limit).execute();
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
  for (let i = 0; i < listingIds.length; i += 500) await db.deleteFrom('listing_terms').where('listing_id', 'in', listingIds.slice(i, i + 500)).execute();
}

export async function insertTerms(db: Q, rows: Array<{ term: string; kind: string; listing_id: number; tf: number; w: number }>) {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('listing_terms').values(rows.slice(i, i + 500)).execute();
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
