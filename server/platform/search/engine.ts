// One search engine for every corpus of the platform (the resource catalogue, the technology
// market's results and demands): BM25 over jieba postings, a match needing every word (or, as a
// fallback, any), facets, sorts, and — for a corpus that declares bounds — bounded work at any
// size: a sample of the rarest word's postings for the total and facets, and an index walk that
// stops at the page. A corpus supplies its tables, filters, facets and sorts (SearchCorpus); a
// search is one typed request (SearchRequest).
//
// The SQL names tables and columns from the corpus, so it is written against Kysely<any>; the
// corpora themselves (in their modules' repositories) keep their typed filters.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { DialectHelpers } from '../../db/dialect/types';
import { B, K1, num } from './bm25';
import type { Bm25, TermWeight } from './terms';

type Q = Kysely<any> | Transaction<any>;
type Dir = 'asc' | 'desc';
type Eb = ExpressionBuilder<any, any>;

export interface SearchBounds<F> {
  /**
   * exactLimit: postings of the rarest word read at most (browsing: documents) for the total and
   * facets — exact when that is all of them, estimated from them otherwise; rescore: candidates
   * beyond the page re-ranked by the full score when several words page a large set;
   * impactWindow: how many of the rarest word's best postings are read for those candidates first.
   * Mutable, so tests can make a small corpus take the large-set plans.
   */
  limits: { exactLimit: number; rescore: number; impactWindow: number };
  /** Whether this search is bounded (an owner's own list, drafts included, is counted exactly). */
  applies(f: F): boolean;
  /** Browsing: the ids of the newest `n` documents of the sampled population (a query selecting `id`). */
  recent(db: Q, f: F, n: number): any;
}

export interface SearchCorpus<F> {
  /** The documents, and the alias filters, facets and sort columns refer to. */
  docs: { table: string; alias: string };
  /** The postings (term, <doc>, tf[, w]); `kind` when corpora share the table (its `kind` column). */
  postings: { table: string; doc: string; kind?: string };
  /**
   * How a posting scores: `impact` — stored with it (column w, thousandths of the term score before
   * idf, over a fixed length pivot); `bm25` — computed from its tf and the document's doc_len over
   * the corpus' average length.
   */
  scoring: { by: 'impact' } | { by: 'bm25'; avgdl: number };
  filter(eb: Eb, f: F): Expression<SqlBool>;
  /** Whether the filters narrow beyond what every posting implies (when not, the words alone decide). */
  narrows(f: F): boolean;
  facets: readonly string[];
  /** The primary sort column and direction of a sort (null: by relevance). */
  sortKey(sort: string, browsing: boolean): [string, Dir] | null;
  /** Browsing: the whole order of a sort (the engine adds `id desc` last). */
  browseOrder(sort: string): Array<[string, Dir]>;
  /** Sort columns that may be NULL (ordered first on one engine, last on the other). */
  nullable?: ReadonlySet<string>;
  /**
   * Every-word searches join each further word's posting by key to the rarest word's. `=`: the key
   * (term, [kind,] doc) is walked in order; `in`: for a corpus where SQLite, with equality, would
   * take the doc index and then the key (the catalogue: three times slower).
   */
  wordLookup: '=' | 'in';
  /** Bounded work (impact scoring only); null: every match is read and the answer is exact. */
  bounds: SearchBounds<F> | null;
}

export interface SearchRequest<F> {
  filter: F;
  bm: Bm25 | null;
  sort: string;
  limit: number;
  offset: number;
  facets: boolean;
  /** Documents in the population searched (browsing's total when unfiltered; for idf too). */
  docs: number;
  /** Read every match (used by the engine itself when a bounded walk would cost more). */
  exact?: boolean;
}

export interface SearchResult {
  ids: Array<{ id: number; score: number }>;
  total: number;
  /** The total is estimated from a sample. */
  approximate: boolean;
  /** The facet counts are estimated from a sample (also when the total is exact). */
  facetsApproximate: boolean;
  facets: Record<string, Array<{ value: string | null; n: number }>>;
}

type Part = { part: string; value: string | null; n: number | string; id: number | null; score: number | null };

/** The words of an every-word search, rarest first (the first drives the plan). */
export const rarestFirst = (bm: Bm25) => [...bm.terms].sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1));

/** One word's share of a match's score in the posting row `p` (document alias `d` for bm25). */
function termScore<F>(c: SearchCorpus<F>, p: string, idf: number): RawBuilder<number> {
  if (c.scoring.by === 'impact') return sql<number>`${num(idf / 1000)} * ${sql.ref(`${p}.w`)}`;
  const tf = sql.ref(`${p}.tf`);
  const len = sql.ref(`${c.docs.alias}.doc_len`);
  return sql<number>`${num(idf)} * (${tf} * ${num(K1 + 1)}) / (${tf} + ${num(K1)} * (${num(1 - B)} + ${num(B)} * ${len} / ${num(c.scoring.avgdl)}))`;
}

/** Σ over the postings `p` of any of the words (grouped by document). */
function anyScore<F>(c: SearchCorpus<F>, terms: TermWeight[], p = 't'): RawBuilder<number> {
  const w = (by: (t: TermWeight) => number) =>
    sql`case ${sql.ref(`${p}.term`)} ${sql.join(
      terms.map((t) => sql`when ${t.term} then ${num(by(t))}`),
      sql` `,
    )} else ${num(0)} end`;
  if (c.scoring.by === 'impact') return sql<number>`sum(${w((t) => t.idf / 1000)} * ${sql.ref(`${p}.w`)})`;
  const tf = sql.ref(`${p}.tf`);
  const len = sql.ref(`${c.docs.alias}.doc_len`);
  return sql<number>`sum(${w((t) => t.idf)} * (${tf} * ${num(K1 + 1)}) / (${tf} + ${num(K1)} * (${num(1 - B)} + ${num(B)} * ${len} / ${num(c.scoring.avgdl)})))`;
}

function ofKind<F>(c: SearchCorpus<F>, q: any, alias: string) {
  return c.postings.kind === undefined ? q : q.where(`${alias}.kind`, '=', c.postings.kind);
}

/** The postings of one word (alias `a`), of the corpus' kind. */
function postingsOfWord<F>(db: Q, c: SearchCorpus<F>, a: string, term: string) {
  return ofKind(c, db.selectFrom(`${c.postings.table} as ${a}`).where(`${a}.term`, '=', term), a);
}

/**
 * Postings of every word joined by key to the rarest word's (t0), with the match's raw score and,
 * when `withDocs` (or the scoring needs the document), the document and the filters. A window of
 * the rarest word's postings: its newest, from a document id on (every word's key read as a range
 * from there, which PostgreSQL merge-joins), or its `best` by impact (read by walking the impact
 * index and stopping).
 */
function allWords<F>(db: Q, c: SearchCorpus<F>, f: F, bm: Bm25, withDocs: boolean, window: { fromId: number } | { best: number } | null = null) {
  const { table, doc } = c.postings;
  const d = c.docs.alias;
  const terms = rarestFirst(bm);
  let t0: any = `${table} as t0`;
  if (window && 'best' in window) {
    t0 = ofKind(
      c,
      db
        .selectFrom(table)
        .select(['term', ...(c.postings.kind === undefined ? [] : ['kind']), doc, 'w'])
        .where('term', '=', terms[0].term),
      table,
    )
      .orderBy('w', 'desc')
      .orderBy(doc, 'asc')
      .limit(window.best)
      .as('t0');
  }
  const fromId = window && 'fromId' in window ? window.fromId : null;
  let q: any = ofKind(c, db.selectFrom(t0).where('t0.term', '=', terms[0].term), 't0');
  if (fromId !== null) q = q.where(`t0.${doc}`, '>=', fromId);
  terms.slice(1).forEach((t, i) => {
    const a = `t${i + 1}`;
    // CROSS JOIN with the conditions in WHERE is an inner join to PostgreSQL, which orders joins
    // itself, while SQLite keeps the tables of a CROSS JOIN in the order written: rarest first, so
    // each probe leaves as few rows as possible for the next, and the document last.
    q = q.crossJoin(`${table} as ${a}`).where(`${a}.term`, c.wordLookup, c.wordLookup === 'in' ? [t.term] : t.term);
    q = ofKind(c, q, a).whereRef(`${a}.${doc}`, '=', `t0.${doc}`);
    if (fromId !== null) q = q.where(`${a}.${doc}`, '>=', fromId);
  });
  // The sum in the query's order of words, as the grouped sum of any-word searches adds them.
  const raw = sql<number>`${sql.join(
    bm.terms.map((t) => termScore(c, `t${terms.indexOf(t)}`, t.idf)),
    sql` + `,
  )}`;
  const joined =
    withDocs || c.scoring.by === 'bm25'
      ? q
          .crossJoin(`${c.docs.table} as ${d}`)
          .whereRef(`${d}.id`, '=', `t0.${doc}`)
          .where((eb: Eb) => c.filter(eb, f))
      : q;
  return { q: joined, raw, drive: terms[0] };
}

/** Any-word matches (the fallback when no document holds every word): summed over the postings. */
function anyWords<F>(db: Q, c: SearchCorpus<F>, f: F, bm: Bm25) {
  const d = c.docs.alias;
  const q = db
    .selectFrom(`${c.postings.table} as t`)
    .innerJoin(`${c.docs.table} as ${d}`, `${d}.id`, `t.${c.postings.doc}`)
    .where(
      't.term',
      'in',
      bm.terms.map((t) => t.term),
    );
  return ofKind(c, q, 't')
    .where((eb: Eb) => c.filter(eb, f))
    .groupBy(`${d}.id`);
}

/** The document id of a word's `n`-th newest posting: its newest n are those from there on. */
async function windowStart<F>(db: Q, c: SearchCorpus<F>, term: string, n: number): Promise<number> {
  const row = await postingsOfWord(db, c, 'p', term)
    .select(`p.${c.postings.doc} as id`)
    .orderBy(`p.${c.postings.doc}`, 'desc')
    .limit(1)
    .offset(n - 1)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Where an any-word sample starts: the highest, over the words, of the document id of each word's
 * (cap + 1)-th newest posting; 0 when no word has that many (its union is small: counted exactly).
 */
async function anyWordsFrom<F>(db: Q, c: SearchCorpus<F>, bm: Bm25, cap: number): Promise<number> {
  const { table, doc, kind } = c.postings;
  const k = kind === undefined ? sql`` : sql` and kind = ${kind}`;
  const parts = bm.terms.map(
    (t) =>
      sql<{
        x: number | null;
      }>`select (select ${sql.ref(doc)} from ${sql.table(table)} where term = ${t.term}${k} order by ${sql.ref(doc)} desc limit 1 offset ${cap}) as x`,
  );
  const { rows } = await sql<{ x: number | null }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Math.max(0, ...rows.map((r) => Number(r.x ?? 0)));
}

/**
 * A search. First the matches and their facets in one statement (the matched set m computed once,
 * a MATERIALIZED CTE): every match, or — for a bounded corpus — at most `exactLimit` postings of
 * the rarest word (its newest; browsing: the newest documents; any word: above where each word's
 * newest `exactLimit` postings reach). When that is all there is, the page, total and facets are
 * exact. Otherwise the total is the sample's share of what it read times what there is (the rarest
 * word's postings, the corpus' documents) — exact for one word or plain browsing — the facets
 * scale alike, and the page comes from an index walk that stops at it (bigPage).
 */
export async function searchCorpus<F>(db: Q, h: DialectHelpers, c: SearchCorpus<F>, r: SearchRequest<F>): Promise<SearchResult> {
  const { filter: f, bm, sort, limit, offset } = r;
  const d = c.docs.alias;
  const bounds = c.bounds && c.bounds.applies(f) && !r.exact ? c.bounds : null;
  const cap = bounds ? bounds.limits.exactLimit : null;
  const [sortKey, sortDir] = c.sortKey(sort, !bm) ?? [null, 'asc' as Dir];
  const cols = [...c.facets.map((x) => sql.ref<string>(`${d}.${x}`).as(x)), (sortKey ? sql.ref<unknown>(sortKey) : sql<unknown>`0`).as('sort_key')];
  const nothing = sql<null>`null`;

  // The sample (or, uncapped, every match), with what each match needs. `window`: how many postings
  // of the rarest word (browsing: documents) it reads, when there are more.
  let sample: any;
  let window: number | null = null;
  let population = 0;
  let anyFrom = 0;
  if (!bm) {
    population = r.docs;
    if (cap !== null && r.docs > cap) window = cap;
    const from = window
      ? db
          .selectFrom(bounds!.recent(db, f, window).as('rc'))
          .crossJoin(`${c.docs.table} as ${d}`)
          .whereRef(`${d}.id`, '=', 'rc.id')
      : db.selectFrom(`${c.docs.table} as ${d}`);
    sample = (from as any).where((eb: Eb) => c.filter(eb, f)).select([sql.ref<number>(`${d}.id`).as('id'), sql<number>`0`.as('raw'), ...cols]);
  } else if (bm.mode === 'all') {
    population = rarestFirst(bm)[0].df;
    if (cap !== null && population > cap) window = cap;
    const fromId = window ? await windowStart(db, c, rarestFirst(bm)[0].term, window) : null;
    const { q, raw } = allWords(db, c, f, bm, true, fromId === null ? null : { fromId });
    sample = q.select([sql.ref<number>(`t0.${c.postings.doc}`).as('id'), raw.as('raw'), ...cols]);
  } else {
    // Any word: above `anyFrom`, the lowest of each word's newest cap + 1 postings, the sample holds
    // every posting of every word, so their union there is complete.
    let q = anyWords(db, c, f, bm);
    if (cap !== null) {
      anyFrom = await anyWordsFrom(db, c, bm, cap);
      if (anyFrom) q = q.where(`t.${c.postings.doc}`, '>=', anyFrom);
    }
    sample = q.select([sql.ref<number>(`${d}.id`).as('id'), anyScore(c, bm.terms).as('raw'), ...cols]);
  }

  const withM = db.with(
    (w) => w('m').materialized(),
    () => sample,
  );
  // Facets: m grouped once by every facet column (few groups), then each column from those groups.
  const q: any = r.facets
    ? withM.with(
        (w) => w('c').materialized(),
        (qc: any) =>
          qc
            .selectFrom('m')
            .select([...c.facets.map((x) => `m.${x}`), sql<number>`count(*)`.as('n')])
            .groupBy(c.facets.map((x) => `m.${x}`)),
      )
    : withM;
  let all: any = q
    .selectFrom('m')
    .select([sql.lit('total').as('part'), nothing.as('value'), sql<number>`count(*)`.as('n'), nothing.as('id'), nothing.as('score')]);
  if (bm) {
    // The page. Scores are rounded (so both engines order ties alike), and rounding costs: as it is
    // monotonic, only the candidates for the page are rounded — the rows that come before the last
    // of the first offset + limit rows in the order by sort key and raw score, or level with it on
    // the sort key with a raw score at least its rounded score less the rounding step. A sort key
    // that may be NULL (ordered first on one engine, last on the other) has every row rounded.
    const rounded = (raw: RawBuilder<number>) => h.query.round(raw, 6);
    const reverse: Dir = sortDir === 'asc' ? 'desc' : 'asc';
    const pageOf = (eb: any) => {
      const ranked = eb.selectFrom('m').select(['m.id', 'm.sort_key', rounded(sql.ref('m.raw')).as('score')]);
      if (sortKey && c.nullable?.has(sortKey)) return ranked;
      const last = eb
        .selectFrom(
          eb
            .selectFrom('m')
            .select(['m.id', 'm.sort_key', 'm.raw'])
            .orderBy('m.sort_key', sortDir)
            .orderBy('m.raw', 'desc')
            .orderBy('m.id', 'asc')
            .limit(offset + limit)
            .as('top'),
        )
        .select(['top.sort_key', 'top.raw'])
        .orderBy('top.sort_key', reverse)
        .orderBy('top.raw', 'asc')
        .orderBy('top.id', 'desc')
        .limit(1)
        .as('l');
      const level = sql<SqlBool>`m.raw >= ${rounded(sql.ref('l.raw'))} - ${num(1e-6)}`;
      return ranked
        .innerJoin(last, (j: any) => j.onTrue())
        .where(sql<SqlBool>`(m.sort_key ${sql.raw(sortDir === 'asc' ? '<' : '>')} l.sort_key or (m.sort_key = l.sort_key and ${level}))`);
    };
    const position = sql`p.sort_key ${sql.raw(sortDir)}, p.score desc, p.id asc`;
    all = all.unionAll((eb: any) =>
      eb
        .selectFrom(pageOf(eb).orderBy('m.sort_key', sortDir).orderBy('score', 'desc').orderBy('m.id', 'asc').limit(limit).offset(offset).as('p'))
        .select([
          sql.lit('page').as('part'),
          nothing.as('value'),
          sql<number>`row_number() over (order by ${position})`.as('n'),
          sql.ref<number | null>('p.id').as('id'),
          sql.ref<number | null>('p.score').as('score'),
        ]),
    );
  }
  if (r.facets) {
    for (const x of c.facets) {
      all = all.unionAll((eb: any) =>
        eb
          .selectFrom('c')
          .select([
            sql.lit(x).as('part'),
            sql<null>`cast(${sql.ref(`c.${x}`)} as text)`.as('value'),
            sql<number>`cast(sum(c.n) as bigint)`.as('n'),
            nothing.as('id'),
            nothing.as('score'),
          ])
          .groupBy(`c.${x}`),
      );
    }
  }
  // Browsing pages by the order's own walk (its index), whatever the size.
  const [out, browsePage] = await Promise.all([
    all.execute() as Promise<Part[]>,
    bm ? null : bigPage(db, h, c, f, null, sort, sortKey, sortDir, limit, offset),
  ]);
  const found = Number(out.find((x) => x.part === 'total')?.n ?? 0);
  const facetRows = (scale: number) =>
    Object.fromEntries(
      c.facets.map((x) => [
        x,
        out.filter((p) => p.part === x).map((p) => ({ value: p.value, n: scale === 1 ? Number(p.n) : Math.max(1, Math.round(Number(p.n) * scale)) })),
      ]),
    );
  const noFacets = () => Object.fromEntries(c.facets.map((x) => [x, []]));
  if (bm?.mode === 'any' ? !anyFrom : !window) {
    const page = out.filter((x) => x.part === 'page').sort((a, b) => Number(a.n) - Number(b.n));
    return {
      ids: browsePage ?? page.map((x) => ({ id: Number(x.id), score: Number(x.score) })),
      total: found,
      approximate: false,
      facetsApproximate: false,
      facets: r.facets ? facetRows(1) : noFacets(),
    };
  }

  // A large match set: the total by the sample's share of what it read.
  let passed = window ?? 0;
  let exactTotal = false;
  if (!bm) exactTotal = !c.narrows(f);
  else if (bm.mode === 'all') exactTotal = bm.terms.length === 1 && !c.narrows(f);
  else {
    // Any word: the commonest word's postings above where the sample starts.
    const common = rarestFirst(bm)[bm.terms.length - 1];
    population = common.df;
    const n = await postingsOfWord(db, c, 'p', common.term)
      .select((eb: Eb) => eb.fn.countAll<number>().as('n'))
      .where(`p.${c.postings.doc}`, '>=', anyFrom)
      .executeTakeFirstOrThrow();
    passed = Number(n.n);
  }
  const estimate = Math.round((found / Math.max(found, passed, 1)) * population);
  // A sorted page of few matches among many documents: walking the sort index would pass some
  // (offset + limit) × documents / matches rows; reading every match by the rarest word (at most
  // its postings) is then the lesser work, and exact.
  if (bm?.mode === 'all' && sort !== 'relevance' && ((offset + limit) * r.docs) / Math.max(1, estimate) > rarestFirst(bm)[0].df)
    return searchCorpus(db, h, c, { ...r, exact: true });
  const ids = browsePage ?? (await bigPage(db, h, c, f, bm, sort, sortKey, sortDir, limit, offset, found / Math.max(1, passed)));
  // Never fewer than what the pages so far hold (a sample may miss a rare combination).
  const total = exactTotal ? population : Math.max(offset + ids.length, estimate);
  return { ids, total, approximate: !exactTotal, facetsApproximate: true, facets: r.facets && found ? facetRows(total / found) : noFacets() };
}

/** The page of a large match set (or of browsing), by an index walk that stops at it. `share`: of the rarest word's postings sampled, the share that matched. */
async function bigPage<F>(
  db: Q,
  h: DialectHelpers,
  c: SearchCorpus<F>,
  f: F,
  bm: Bm25 | null,
  sort: string,
  sortKey: string | null,
  sortDir: Dir,
  limit: number,
  offset: number,
  share = 1,
) {
  const d = c.docs.alias;
  const doc = c.postings.doc;
  const round = (raw: RawBuilder<number>) => h.query.round(raw, 6);
  const narrows = c.narrows(f);
  if (!bm) {
    // Browsing: the sort's index walked, its ties as the corpus orders them, then by id.
    let q: any = db
      .selectFrom(`${c.docs.table} as ${d}`)
      .where((eb: Eb) => c.filter(eb, f))
      .select([`${d}.id`]);
    for (const [col, dir] of c.browseOrder(sort)) q = q.orderBy(sql.ref(col), dir);
    const rows = await q.orderBy(`${d}.id`, 'desc').limit(limit).offset(offset).execute();
    return rows.map((x: { id: number }) => ({ id: Number(x.id), score: 0 }));
  }
  const limits = c.bounds!.limits;
  if (bm.mode === 'all' && sort === 'relevance' && bm.terms.length === 1) {
    // One word: its postings in impact order are the ranking; the walk stops at the page.
    const { q, raw } = allWords(db, c, f, bm, narrows);
    const rows = await q
      .select([sql.ref<number>(`t0.${doc}`).as('id'), round(raw).as('score')])
      .orderBy('t0.w', 'desc')
      .orderBy(`t0.${doc}`, 'asc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((x: { id: number; score: number }) => ({ id: Number(x.id), score: Number(x.score) }));
  }
  if (bm.mode === 'all' && sort === 'relevance') {
    // Several words: the rarest word's best postings by impact — a window of them, a subquery the
    // engines read in index order and stop — with the other words by key; the page's rows plus
    // `rescore` more are ranked by the full score. The window is sized by the share of the sample's
    // postings that matched (`share`); too few in it: a larger one.
    const want = offset + limit + limits.rescore;
    const drive = rarestFirst(bm)[0];
    const first = share > 0 ? Math.ceil((1.5 * want) / share) : drive.df;
    for (let n = Math.max(limits.impactWindow, 2 * want, first); ; n *= 4) {
      const whole = n >= drive.df;
      const { q, raw } = allWords(db, c, f, bm, narrows, whole ? null : { best: n });
      const rows = await db
        .selectFrom(q.select([sql.ref<number>(`t0.${doc}`).as('id'), raw.as('raw')]).as('cand'))
        .select(['cand.id', round(sql.ref('cand.raw')).as('score')])
        .orderBy('score', 'desc')
        .orderBy('cand.id', 'asc')
        .limit(want)
        .execute();
      if (rows.length >= want || whole) return rows.slice(offset, offset + limit).map((x: any) => ({ id: Number(x.id), score: Number(x.score) }));
    }
  }
  if (bm.mode === 'any' && sort === 'relevance') {
    // Candidates: each word's best by impact; re-scored by every word, the best first.
    const heads = bm.terms.map((t) => {
      let q: any = postingsOfWord(db, c, 't0', t.term);
      if (narrows) q = q.innerJoin(`${c.docs.table} as ${d}`, `${d}.id`, `t0.${doc}`).where((eb: Eb) => c.filter(eb, f));
      return q
        .select(`t0.${doc} as id`)
        .orderBy('t0.w', 'desc')
        .orderBy(`t0.${doc}`, 'asc')
        .limit(offset + limit + limits.rescore);
    });
    const candidates = [...new Set((await Promise.all(heads.map((q) => q.execute()))).flat().map((x: any) => Number(x.id)))];
    if (!candidates.length) return [];
    const rows = await ofKind(
      c,
      db.selectFrom(`${c.postings.table} as t`).where(
        't.term',
        'in',
        bm.terms.map((t) => t.term),
      ),
      't',
    )
      .where(`t.${doc}`, 'in', candidates)
      .groupBy(`t.${doc}`)
      .select([sql.ref<number>(`t.${doc}`).as('id'), round(anyScore(c, bm.terms)).as('score')])
      .execute();
    return rows
      .map((x: any) => ({ id: Number(x.id), score: Number(x.score) }))
      .sort((a: { id: number; score: number }, b: { id: number; score: number }) => b.score - a.score || a.id - b.id)
      .slice(offset, offset + limit);
  }
  // A sort of documents: its index walked in the sort's direction, each word checked by key; ties
  // by id the same way.
  const { table, kind } = c.postings;
  const k = (a: string) => (kind === undefined ? sql`` : sql` and ${sql.ref(`${a}.kind`)} = ${kind}`);
  const score = sql<number>`${sql.join(
    bm.terms.map(
      (t, i) =>
        sql`coalesce((select ${termScore(c, `s${i}`, t.idf)} from ${sql.table(table)} as ${sql.raw(`s${i}`)} where ${sql.ref(`s${i}.term`)} = ${t.term}${k(`s${i}`)} and ${sql.ref(`s${i}.${doc}`)} = ${sql.ref(`${d}.id`)}), ${num(0)})`,
    ),
    sql` + `,
  )}`;
  let q: any = db
    .selectFrom(`${c.docs.table} as ${d}`)
    .where((eb: Eb) => c.filter(eb, f))
    .select([sql.ref<number>(`${d}.id`).as('id'), round(score).as('score')]);
  // Every word (all) or one of them (any) held by the document.
  for (const words of bm.mode === 'all' ? bm.terms.map((t) => [t.term]) : [bm.terms.map((t) => t.term)])
    q = q.where((eb: Eb) =>
      eb.exists(ofKind(c, eb.selectFrom(`${table} as e`).select(sql.lit(1).as('one')).where('e.term', 'in', words), 'e').whereRef(`e.${doc}`, '=', `${d}.id`)),
    );
  const rows = await q.orderBy(sql.ref(sortKey!), sortDir).orderBy(`${d}.id`, sortDir).limit(limit).offset(offset).execute();
  return rows.map((x: any) => ({ id: Number(x.id), score: Number(x.score) }));
}

// ---- matching: candidates by weighted words, and their postings --------------------------------

/**
 * Candidates for matching: the documents holding the rarest of the weighted words, by summed
 * weight × idf × impact, best first. The postings read are bounded: the rarest words are summed
 * until they reach `postingBudget` postings (at least `minWords` of them).
 */
export async function candidatesByWords<F>(
  db: Q,
  c: SearchCorpus<F>,
  terms: Array<TermWeight & { weight: number }>,
  limit: number,
  postingBudget = 50_000,
  minWords = 4,
): Promise<number[]> {
  if (!terms.length) return [];
  const byRarity = [...terms].sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1));
  const drive: typeof terms = [];
  let postings = 0;
  for (const t of byRarity) {
    if (drive.length >= minWords && postings + t.df > postingBudget) break;
    drive.push(t);
    postings += t.df;
  }
  const doc = c.postings.doc;
  const factor = sql<number>`case t.term ${sql.join(
    drive.map((t) => sql`when ${t.term} then ${num((t.idf * t.weight) / 1000)}`),
    sql` `,
  )} else ${num(0)} end`;
  const rows = await ofKind(
    c,
    db.selectFrom(`${c.postings.table} as t`).where(
      't.term',
      'in',
      drive.map((t) => t.term),
    ),
    't',
  )
    .groupBy(`t.${doc}`)
    .select([sql.ref<number>(`t.${doc}`).as('id'), sql<number>`sum(${factor} * t.w)`.as('raw')])
    .orderBy('raw', 'desc')
    .orderBy(`t.${doc}`, 'asc')
    .limit(limit)
    .execute();
  return rows.map((x: any) => Number(x.id));
}

/** The postings (word, impact) of these documents for these words: one read by key. */
export async function postingsOf<F>(db: Q, c: SearchCorpus<F>, terms: string[], ids: number[]): Promise<Array<{ docId: number; term: string; w: number }>> {
  if (!terms.length || !ids.length) return [];
  const doc = c.postings.doc;
  const rows = await ofKind(
    c,
    db
      .selectFrom(c.postings.table)
      .select([`${doc} as doc_id`, 'term', 'w'])
      .where('term', 'in', terms),
    c.postings.table,
  )
    .where(doc, 'in', ids)
    .execute();
  return rows.map((x: any) => ({ docId: Number(x.doc_id), term: x.term, w: Number(x.w) }));
}
