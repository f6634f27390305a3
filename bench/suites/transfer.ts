// transfer: the technology market over a million listings (npm run seed -- --scale 100000, or
// --listings 1000000). Per engine, on a database holding BENCH_TRANSFER_SCALE (default 1 000 000)
// synthetic listings — built once and kept (SQLite: a file in the temporary directory;
// PostgreSQL: a database named yrd_bench_transfer_<scale>_<fingerprint>), keyed by the code that
// shapes the data, and migrated forward when only new migrations were added:
//   • bulk import: 20 POST /api/imports/listings batches of 1 000 rows as the platform
//     administrator → listings/s and the p95 of a batch (the seed's own bulk rate is shown beside);
//   • search: 50 mixed queries (specialist terms and product models, products, generic words,
//     two words, traditional characters, filters, sorts, page 2, plain browsing, demands) against
//     GET /api/results and /api/demands: p50/p95/p99, target p95 < 100 ms;
//   • matching: GET /api/demands/:id/matches for 60 demands spread over the corpus: p50/p95,
//     target p95 < 200 ms;
//   each against a bare route timed in the same passes (one bare request before each measured
//   one): the ratio of the p95s;
//   • relevance on the labelled set bench/data/transfer-eval.json, imported into a fresh small
//     database: mean nDCG@10 and recall@20 of the matched results over its demands (worst five
//     listed); and the same with the set imported into the million listings (distractors at
//     scale), removed afterwards;
//   • the query plans (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN ANALYZE) of the slowest
//     search and match.
// Rows the suite imports into the kept database are deleted at the end (and at the start, after
// an interrupted run), PostgreSQL vacuumed after. BENCH_TRANSFER_CACHE=0 builds a scratch
// database and drops it afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  CompiledQuery,
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type QueryId,
} from 'kysely';
import {
  ENGINES,
  POSTGRES_ADMIN_URL,
  login,
  machineLoad,
  percentile,
  round,
  scratchDatabase,
  startServer,
  target,
  trackCleanup,
  type BenchServer,
  type Engine,
  type Metric,
  type ScratchDatabase,
  type Session,
  type Suite,
} from '../lib';
import { mean, ndcgAt, recallAt } from '../metrics';
import { loadConfig } from '../../server/config';
import { createDb } from '../../server/db/index';
import { migrateToLatest } from '../../server/db/migrate';
import { systemClock } from '../../server/platform/clock';
import { inTransaction, type Deps } from '../../server/platform/deps';
import { seedDemoIfEmpty } from '../../server/seed/demo';
import { AREAS, ListingTermIndexer, MODEL_CODES, modelCode, scaleListing, scaleListingRow, seedScaleListings } from '../../server/seed/scale/listings';
import { searchListings, type SearchQuery } from '../../server/modules/transfer/listings.service';
import { adjustDocumentFrequencies, impact, postingCounts } from '../../server/modules/transfer/listings.repository';
import { matchesForDemand } from '../../server/modules/transfer/matching';

const SCALE = Number(process.env.BENCH_TRANSFER_SCALE || 1_000_000);
const CACHE = process.env.BENCH_TRANSFER_CACHE !== '0';
const SEARCH_P95_TARGET_MS = 100;
const MATCH_P95_TARGET_MS = 200;
const RUNS = 5;
const SEARCH_BUDGET_MS = 60_000;
const MATCH_BUDGET_MS = 60_000;
const MATCH_DEMANDS = 60;
const IMPORT_BATCHES = 20;
const IMPORT_ROWS = 1000;
const IMPORT_SOURCE = 'bench-import';
const EVAL_AT_SCALE_SOURCE = 'bench-eval';
const EVAL_FILE = new URL('../data/transfer-eval.json', import.meta.url);
const BARE_PATH = '/__bench/bare';
const PG_PREFIX = `yrd_bench_transfer_${SCALE}_`;

// ---- the queries -----------------------------------------------------------------------------

type Params = Omit<SearchQuery, 'mine' | 'ownerOrgId' | 'status'>;
interface Q {
  label: string;
  kind: 'result' | 'demand';
  params: Params;
}

const area = (key: string) => AREAS.find((a) => a.key === key)!;
const res = (text: string | undefined, extra: Omit<Params, 'q'> = {}): Q => q('result', text, extra);
const dem = (text: string | undefined, extra: Omit<Params, 'q'> = {}): Q => q('demand', text, extra);
function q(kind: 'result' | 'demand', text: string | undefined, extra: Omit<Params, 'q'>): Q {
  const shown = Object.entries(extra).map(([k, v]) => `${k}=${v}`);
  return {
    label: [kind === 'demand' ? '[demand]' : '', text ?? '(browse)', ...shown].filter(Boolean).join(' '),
    kind,
    params: { ...(text ? { q: text } : {}), ...extra },
  };
}

/** 50 queries as users of the market type them: rare, mid and common words, and the rest. */
const QUERIES: Q[] = [
  // rare: product models (about ten listings each) and the rarest specialist terms of an area
  ...[17, 1234, 4321].map((k) => res(modelCode(k % MODEL_CODES))),
  ...['battery', 'semiconductor', 'ai', 'biomedicine', 'environment', 'vehicles'].map((k) => res(area(k).rare[area(k).rare.length - 1])),
  // mid: products and materials
  ...['固态电解质', '光刻胶', '大模型', '单克隆抗体', '手术机器人', '石墨烯', '工业机器人', '水稻新品种', '分子筛催化剂', '无人机', '钙钛矿电池'].map((t) =>
    res(t),
  ),
  // common: generic words (hundreds of thousands of listings)
  ...['技术', '检测', '智能', '提高效率'].map((t) => res(t)),
  // two words, both required
  ...['固态电解质 能量密度', '光刻胶 国产化', '大模型 推理速度', '无人机 电力巡检', '石墨烯 导热系数', '锂离子电池 热失控预警', '碳化硅器件 击穿电压'].map(
    (t) => res(t),
  ),
  // traditional characters
  ...['固態電解質', '光刻膠', '無人機', '單克隆抗體', '鋰離子電池'].map((t) => res(t)),
  // filters, sorts, pages
  res('电池', { resultType: 'invention', jurisdiction: '320000' }),
  res('芯片', { ipc: 'H01L' }),
  res('传感器', { trlMin: 6 }),
  res('催化剂', { priceMax: 100_000_000 }),
  res('机器人', { sort: 'newest' }),
  res('检测', { page: 2 }),
  // browsing without words: the market's first page, and one facet
  res(undefined),
  res(undefined, { resultType: 'software', jurisdiction: '310000' }),
  // demands
  ...['储能', '污水处理', '国产化替代', '芯片 良率'].map((t) => dem(t)),
  dem('无人机', { jurisdiction: '330000' }),
  dem(undefined),
];

/** Result counts printed as a sanity check (and the spread of hit counts); the pair must agree (folding). */
const FOLDING_PAIR: [string, string] = ['固态电解质', '固態電解質'];

function pathOf(x: Q): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(x.params)) if (v !== undefined) sp.set(k, String(v));
  const qs = sp.toString();
  return `/api/${x.kind === 'result' ? 'results' : 'demands'}${qs ? `?${qs}` : ''}`;
}

// ---- the kept database -------------------------------------------------------------------------

interface Manifest {
  scale: number;
  fingerprint: string;
  /** Migrations applied to the database, by file name, with the digest of the file. */
  migrations: Record<string, string>;
  seed: { seconds: number; listingsSeconds: number; listingsPerSecond: number; terms: number; analyzeSeconds: number; builtAt: string };
}

const MIGRATIONS_DIR = new URL('../../server/db/migrations/', import.meta.url);
const digest = (data: string | Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 12);

/** Digests of the migration files, of those named (applied) or of all. */
function migrationDigests(names?: string[]): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
      .map((f) => f.replace(/\.ts$/, ''))
      .filter((name) => !names || names.includes(name))
      .sort()
      .map((name) => [name, digest(fs.readFileSync(new URL(`${name}.ts`, MIGRATIONS_DIR)))]),
  );
}

/** The migrations a database has applied (Kysely's bookkeeping). */
async function appliedMigrations(db: ReturnType<typeof createDb>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.db);
  return rows.map((r) => r.name);
}

/**
 * A digest of the seeded data itself: a sample of synthetic listings as the seed generates them
 * (rows and postings), so a change to the generator, the text folding and segmentation or
 * indexTerms rebuilds the database, and an edit that changes none of them (comments, speed) does
 * not. Not the demo: its few dozen listings weigh nothing among a million.
 */
function dataFingerprint(): string {
  const h = createHash('sha256');
  const now = new Date('2026-01-01T00:00:00Z');
  const indexer = new ListingTermIndexer();
  for (let n = 1; n <= 300; n++) {
    const row = scaleListingRow(scaleListing(n * 3331, now));
    h.update(JSON.stringify(row));
    // The postings as written: term, tf and impact.
    h.update(JSON.stringify([...indexer.terms(row)].map(([t, tf]) => [t, tf, impact(tf, Number(row.doc_len))]).sort()));
  }
  return h.digest('hex').slice(0, 12);
}

/** A new migration may follow the cached build; a changed one may not. */
const migrationsCompatible = (built: Record<string, string>, now: Record<string, string>) => Object.entries(built).every(([name, d]) => now[name] === d);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

async function admin<T = unknown>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function seed(engine: Engine, url: string, log: (m: string) => void): Promise<{ seed: Manifest['seed']; migrations: Record<string, string> }> {
  const started = performance.now();
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: url });
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    const deps: Deps = { db, clock: systemClock, config };
    await seedDemoIfEmpty(deps);
    const r = await seedScaleListings(deps, {
      count: SCALE,
      onProgress: (p) =>
        log(
          `transfer [${engine}]: seeding: ${p.phase === 'index' ? "postings' indexes rebuilt" : `${p.phase} ${p.done}/${p.total}`} (${(p.elapsedMs / 1000).toFixed(1)} s)`,
        ),
    });
    const loadMs = r.elapsedMs - r.analyzeMs;
    log(
      `transfer [${engine}]: seeded ${r.listings} listings (${r.results} results, ${r.demands} demands, ${r.terms} postings) in ${(loadMs / 1000).toFixed(1)} s ` +
        `(generating ${(r.prepareMs / 1000).toFixed(1)} s, ${r.segmented} text pieces segmented), ANALYZE ${(r.analyzeMs / 1000).toFixed(1)} s`,
    );
    return {
      seed: {
        seconds: round((performance.now() - started) / 1000, 1),
        listingsSeconds: round(r.elapsedMs / 1000, 1),
        listingsPerSecond: Math.round(r.listings / (loadMs / 1000)),
        terms: r.terms,
        analyzeSeconds: round(r.analyzeMs / 1000, 1),
        builtAt: new Date().toISOString(),
      },
      migrations: migrationDigests(await appliedMigrations(db)),
    };
  } finally {
    await db.close();
  }
}

/** Opens the database, applies migrations newer than the build (then refreshes statistics) and removes what an interrupted run imported. */
async function prepareKept(engine: Engine, url: string, manifest: Manifest, log: (m: string) => void): Promise<Manifest> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: url });
  const db = createDb(url);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) {
      log(`transfer [${engine}]: applied ${applied.join(', ')} to the kept database; ANALYZE listings, listing_terms`);
      for (const t of ['listings', 'listing_terms']) await sql`analyze ${sql.table(t)}`.execute(db.db);
    }
    await purge({ db, clock: systemClock, config }, engine, log);
    return { ...manifest, migrations: migrationDigests(await appliedMigrations(db)) };
  } finally {
    await db.close();
  }
}

/** The database with SCALE listings: kept from an earlier run when it still matches, else built. */
async function seededDatabase(engine: Engine, log: (m: string) => void): Promise<{ database: ScratchDatabase; seed: Manifest['seed']; builtNow: boolean }> {
  const fingerprint = dataFingerprint();
  const fresh = (s: Awaited<ReturnType<typeof seed>>): Manifest => ({ scale: SCALE, fingerprint, migrations: s.migrations, seed: s.seed });
  if (!CACHE) {
    const database = await scratchDatabase(engine);
    const untrack = trackCleanup(() => database.drop());
    try {
      return { database, seed: (await seed(engine, database.url, log)).seed, builtNow: true };
    } catch (err) {
      await database.drop();
      throw err;
    } finally {
      untrack();
    }
  }
  if (engine === 'sqlite') {
    const prefix = `yrd-bench-transfer-${SCALE}-`;
    const file = path.join(os.tmpdir(), `${prefix}${fingerprint}.sqlite`);
    const manifestFile = file.replace(/\.sqlite$/, '.json');
    const keep: ScratchDatabase = {
      engine,
      url: `sqlite:${file}`,
      drop: async () => {
        for (const extra of ['-wal', '-shm']) fs.rmSync(file + extra, { force: true });
      },
    };
    if (fs.existsSync(file) && fs.existsSync(manifestFile)) {
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
      if (migrationsCompatible(manifest.migrations, migrationDigests())) {
        log(
          `transfer [sqlite]: using the kept database ${file} (${Math.round(fs.statSync(file).size / 1e6)} MB; delete it or set BENCH_TRANSFER_CACHE=0 to rebuild)`,
        );
        const updated = await prepareKept(engine, keep.url, manifest, log);
        fs.writeFileSync(manifestFile, JSON.stringify(updated, null, 2));
        return { database: keep, seed: manifest.seed, builtNow: false };
      }
      log(`transfer [sqlite]: the kept database ${file} was built with migrations that have changed since: rebuilding`);
    }
    for (const f of fs.readdirSync(os.tmpdir()))
      if (f.startsWith(prefix) && /\.(sqlite(-wal|-shm)?|json)$/.test(f)) fs.rmSync(path.join(os.tmpdir(), f), { force: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-bench-transfer-build-'));
    const untrack = trackCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
    try {
      const building = path.join(dir, 'yrd.sqlite');
      const s = await seed(engine, `sqlite:${building}`, log);
      fs.renameSync(building, file); // complete files only: an interrupted build leaves nothing behind
      fs.writeFileSync(manifestFile, JSON.stringify(fresh(s), null, 2));
      log(`transfer [sqlite]: kept the database as ${file} (${Math.round(fs.statSync(file).size / 1e6)} MB)`);
      return { database: keep, seed: s.seed, builtNow: true };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      untrack();
    }
  }
  // PostgreSQL: a named database; its comment holds the manifest once the build completed.
  const name = `${PG_PREFIX}${fingerprint}`;
  const url = withDatabase(POSTGRES_ADMIN_URL, name);
  const keep: ScratchDatabase = { engine, url, drop: async () => undefined };
  const existing = await admin<{ datname: string; comment: string | null }>(
    `select datname, shobj_description(oid, 'pg_database') as comment from pg_database where datname like $1`,
    [`${PG_PREFIX}%`],
  );
  const mine = existing.find((d) => d.datname === name);
  if (mine?.comment) {
    const manifest = JSON.parse(mine.comment) as Manifest;
    if (migrationsCompatible(manifest.migrations, migrationDigests())) {
      log(`transfer [postgres]: using the kept database ${name} (drop it or set BENCH_TRANSFER_CACHE=0 to rebuild)`);
      const updated = await prepareKept(engine, url, manifest, log);
      await admin(`comment on database ${name} is ${pg.Client.prototype.escapeLiteral(JSON.stringify(updated))}`);
      return { database: keep, seed: manifest.seed, builtNow: false };
    }
    log(`transfer [postgres]: the kept database ${name} was built with migrations that have changed since: rebuilding`);
  }
  // Other builds of this scale (older code), and an unfinished one of this, go.
  for (const d of existing) await admin(`drop database if exists ${d.datname} with (force)`);
  await admin(`create database ${name}`);
  try {
    const s = await seed(engine, url, log);
    await admin(`comment on database ${name} is ${pg.Client.prototype.escapeLiteral(JSON.stringify(fresh(s)))}`);
    log(`transfer [postgres]: kept the database as ${name}`);
    return { database: keep, seed: s.seed, builtNow: true };
  } catch (err) {
    await admin(`drop database if exists ${name} with (force)`);
    throw err;
  }
}

/** Deletes the listings this suite imported into the kept database (postings, word counts and corpus statistics too). */
async function purge(deps: Deps, engine: Engine, log: (m: string) => void): Promise<number> {
  let removed = 0;
  for (const source of [IMPORT_SOURCE, EVAL_AT_SCALE_SOURCE]) {
    const rows = await deps.db.db.selectFrom('listings').select(['id', 'kind', 'status', 'doc_len']).where('source', '=', source).execute();
    if (!rows.length) continue;
    await inTransaction(deps, async (trx) => {
      for (let i = 0; i < rows.length; i += 500) {
        const ids = rows.slice(i, i + 500).map((r) => Number(r.id));
        const counts = await postingCounts(trx, ids);
        await adjustDocumentFrequencies(trx, new Map([...counts].map(([key, n]) => [key, -n])));
        await trx.deleteFrom('listing_terms').where('listing_id', 'in', ids).execute();
        await trx.deleteFrom('listings').where('id', 'in', ids).execute();
      }
      for (const kind of ['result', 'demand'] as const) {
        const published = rows.filter((r) => r.kind === kind && r.status === 'published');
        const len = published.reduce((a, r) => a + Number(r.doc_len), 0);
        if (published.length)
          await trx
            .updateTable('search_stats')
            .set((eb) => ({ docs: eb('docs', '-', published.length), total_len: eb('total_len', '-', len) }))
            .where('scope', '=', kind === 'result' ? 'results' : 'demands')
            .execute();
      }
    });
    removed += rows.length;
  }
  if (removed) {
    log(`transfer [${engine}]: removed ${removed} listings imported by the benchmark${engine === 'postgres' ? '; VACUUM listings, listing_terms' : ''}`);
    // Index-only scans of the postings need the visibility map the deletions cleared.
    if (engine === 'postgres') for (const t of ['listings', 'listing_terms']) await sql`vacuum analyze ${sql.table(t)}`.execute(deps.db.db);
  }
  return removed;
}

// ---- query plans ---------------------------------------------------------------------------------

/**
 * Records the queries a Kysely instance runs, so their SQL can be explained. Plugins also see
 * subqueries as they are built, and builders derived from one another share a query id (a
 * search's count and facets): each result takes the oldest node of its id not yet taken.
 */
class CaptureQueries implements KyselyPlugin {
  private readonly pending = new Map<QueryId, RootOperationNode[]>();
  readonly queries: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const list = this.pending.get(args.queryId) ?? [];
    list.push(args.node);
    this.pending.set(args.queryId, list);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const node = this.pending.get(args.queryId)?.shift();
    if (node) this.queries.push({ node, queryId: args.queryId });
    return args.result;
  }
}

/** Runs fn over a capturing Kysely and explains each statement on listings / listing_terms (PostgreSQL: EXPLAIN ANALYZE, which runs it again). */
async function explain(deps: Deps, fn: (d: Deps) => Promise<unknown>): Promise<{ lines: string[]; fullScans: string[] }> {
  const capture = new CaptureQueries();
  await fn({ ...deps, db: { ...deps.db, db: deps.db.db.withPlugin(capture) } });
  const executor = deps.db.db.getExecutor();
  const sqlite = deps.db.helpers.engine === 'sqlite';
  const lines: string[] = [];
  const fullScans: string[] = [];
  let n = 0;
  const seen = new Set<string>();
  for (const { node, queryId } of capture.queries) {
    const compiled = executor.compileQuery(node, queryId);
    if (!/\b(listings|listing_terms)\b/.test(compiled.sql) || seen.has(compiled.sql)) continue;
    seen.add(compiled.sql);
    n++;
    lines.push(
      `  SQL ${n}: ${compiled.sql
        .replace(/\s+/g, ' ')
        .replace(/when (\?|\$\d+) then [^ ]+ (as double precision\) )?/g, '')
        .slice(0, 300)}…`,
    );
    const t0 = performance.now();
    const plan = await deps.db.db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(`${sqlite ? 'explain query plan' : 'explain (analyze, buffers)'} ${compiled.sql}`, [...compiled.parameters]),
    );
    // SQLite names a subquery's rows by its alias (CO-ROUTINE t0 … SCAN t0): reading them is no table scan.
    const subqueries = new Set<string>();
    for (const row of plan.rows) {
      const line = String(sqlite ? row.detail : row['QUERY PLAN']);
      lines.push(`    ${line}`);
      const sub = /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(line.trim());
      if (sub) subqueries.add(sub[1]);
      const scan = /^SCAN (listings|listing_terms|l|t\d*)\b(?!.*USING)/.exec(line.trim());
      if (sqlite ? scan && !subqueries.has(scan[1]) : /Seq Scan on (listings|listing_terms)\b/.test(line)) fullScans.push(`SQL ${n}: ${line.trim()}`);
    }
    if (sqlite) lines.push(`    (${(performance.now() - t0).toFixed(1)} ms to plan)`);
  }
  return { lines, fullScans };
}

// ---- the suite -------------------------------------------------------------------------------------

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, body };
}

interface EvalSet {
  source: string;
  results: Array<Record<string, unknown> & { externalId: string }>;
  demands: Array<Record<string, unknown> & { externalId: string; relevant?: Array<{ externalId: string; grade: number }> }>;
}

/** Waits (up to 30 min) for the labelled set another change is still writing. */
async function loadEvalSet(log: (m: string) => void): Promise<EvalSet> {
  const deadline = Date.now() + 30 * 60_000;
  for (let announced = false; ;) {
    try {
      const set = JSON.parse(fs.readFileSync(EVAL_FILE, 'utf8')) as EvalSet;
      if (Array.isArray(set.results) && Array.isArray(set.demands) && set.demands.some((d) => d.relevant?.length)) return set;
    } catch {
      // not there yet, or half written
    }
    if (Date.now() > deadline) throw new Error(`no labelled set at ${EVAL_FILE.pathname} after 30 minutes`);
    if (!announced) log(`transfer: waiting for ${EVAL_FILE.pathname}…`);
    announced = true;
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

function postJson(server: BenchServer, session: Session, p: string, body: unknown) {
  return timed(server.url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    body: JSON.stringify(body),
  });
}

/** Imports the labelled set under `source`; ids of its demands by external id. */
async function importEval(server: BenchServer, session: Session, set: EvalSet, source: string): Promise<Map<string, number>> {
  const rows = [...set.results, ...set.demands].map(({ relevant: _relevant, ...row }) => row);
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 500) {
    const r = await postJson(server, session, '/api/imports/listings', { source, listings: rows.slice(i, i + 500) });
    if (r.status !== 200) throw new Error(`importing the labelled set answered ${r.status}: ${r.body.slice(0, 500)}`);
    for (const x of (JSON.parse(r.body) as { report: Array<{ externalId: string; id: number }> }).report) ids.set(x.externalId, x.id);
  }
  return ids;
}

interface Relevance {
  ndcg10: number;
  recall20: number;
  demands: number;
  p95Ms: number;
  worst: Array<{ externalId: string; ndcg10: number; recall20: number }>;
}

/** nDCG@10 and recall@20 of GET /api/demands/:id/matches?limit=20 over the labelled demands. */
async function relevance(server: BenchServer, set: EvalSet, ids: Map<string, number>, source: string): Promise<Relevance> {
  const per: Array<{ externalId: string; ndcg10: number; recall20: number }> = [];
  const times: number[] = [];
  for (const d of set.demands) {
    if (!d.relevant?.length) continue;
    const id = ids.get(d.externalId);
    if (!id) throw new Error(`the labelled demand ${d.externalId} was not imported`);
    const r = await timed(`${server.url}/api/demands/${id}/matches?limit=20`);
    if (r.status !== 200) throw new Error(`GET /api/demands/${id}/matches answered ${r.status}: ${r.body.slice(0, 300)}`);
    times.push(r.ms);
    const body = JSON.parse(r.body) as { results: Array<{ listing: { id: number; source: string; externalId: string | null } }> };
    const ranked = body.results.map((x) => (x.listing.source === source && x.listing.externalId ? x.listing.externalId : `#${x.listing.id}`));
    const grades = new Map(d.relevant.map((x) => [x.externalId, x.grade]));
    const relevant = new Set(d.relevant.filter((x) => x.grade > 0).map((x) => x.externalId));
    per.push({ externalId: d.externalId, ndcg10: ndcgAt(10, ranked, grades), recall20: recallAt(20, ranked, relevant) });
  }
  return {
    ndcg10: mean(per.map((x) => x.ndcg10)),
    recall20: mean(per.map((x) => x.recall20)),
    demands: per.length,
    p95Ms: percentile(times, 95),
    worst: [...per].sort((a, b) => a.ndcg10 - b.ndcg10 || a.recall20 - b.recall20).slice(0, 5),
  };
}

/** Sequential passes over urls, each measured request preceded by a bare one; stops after `runs` passes or the budget (the first pass always completes). */
async function passes(urls: string[], bareUrl: string, runs: number, budgetMs: number, onBad: (i: number, r: { status: number; body: string }) => void) {
  const started = performance.now();
  const byUrl: number[][] = urls.map(() => []);
  const bare: number[] = [];
  const bodies: string[] = new Array(urls.length).fill('');
  // Warm-up: each once.
  for (let i = 0; i < urls.length; i++) {
    const r = await timed(urls[i]);
    if (r.status !== 200) onBad(i, r);
    else bodies[i] = r.body;
    await timed(bareUrl);
  }
  let done = 0;
  while (done < runs && (done === 0 || performance.now() - started < budgetMs)) {
    for (let i = 0; i < urls.length; i++) {
      const b = await timed(bareUrl);
      bare.push(b.ms);
      const r = await timed(urls[i]);
      if (r.status !== 200) onBad(i, r);
      byUrl[i].push(r.ms);
    }
    done++;
  }
  return { byUrl, bare, runs: done, bodies };
}

const suite: Suite = {
  name: 'transfer',
  description: `technology market over ${SCALE} listings: bulk import rate, search p95 (target < ${SEARCH_P95_TARGET_MS} ms), match p95 (target < ${MATCH_P95_TARGET_MS} ms), nDCG@10 / recall@20 on the labelled set`,
  async run(ctx) {
    const out: Metric[] = [];
    for (const engine of ctx.engines.filter((e) => ENGINES.includes(e))) {
      const m = (metric: string, value: number, extra: Partial<Metric> = {}): Metric => ({ suite: 'transfer', engine, metric, value, ...extra });
      const machine = machineLoad();
      const log = (s: string) => ctx.log(`transfer [${engine}]: ${s}`);
      log(`preparing a database with ${SCALE} listings`);
      const { database, seed: seedFigures, builtNow } = await seededDatabase(engine, ctx.log);
      const server: BenchServer = await startServer(engine, {
        database,
        configure: (app) => {
          app.get(BARE_PATH, { schema: { hide: true } }, async () => ({ ok: true }));
        },
      });
      const bareUrl = server.url + BARE_PATH;
      let non2xx = 0;
      try {
        const stats = await server.deps.db.db
          .selectFrom('search_stats')
          .select(['scope', 'docs', 'total_len'])
          .where('scope', 'in', ['results', 'demands'])
          .execute();
        const docs = (scope: string) => Number(stats.find((s) => s.scope === scope)?.docs ?? 0);
        const listingsCount = Number(
          (
            await server.deps.db.db
              .selectFrom('listings')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        if (listingsCount < SCALE) throw new Error(`the database has ${listingsCount} listings, expected at least ${SCALE}`);
        const session = await login(server.url, 'admin');

        // ---- search
        log(`latency of ${QUERIES.length} searches, up to ${RUNS} runs each within ${SEARCH_BUDGET_MS / 1000} s`);
        const search = await passes(
          QUERIES.map((x) => server.url + pathOf(x)),
          bareUrl,
          RUNS,
          SEARCH_BUDGET_MS,
          (i, r) => {
            non2xx++;
            log(`"${QUERIES[i].label}" answered ${r.status}: ${r.body.slice(0, 300)}`);
          },
        );
        const totals = search.bodies.map((b) => (b ? (JSON.parse(b) as { total: number }).total : -1));
        const searchSamples = search.byUrl.flat();
        const perQuery = QUERIES.map((x, i) => ({ label: x.label, p50: percentile(search.byUrl[i], 50), total: totals[i], q: x }));
        const slowSearches = [...perQuery].sort((a, b) => b.p50 - a.p50).slice(0, 5);
        for (const s of slowSearches) log(`slow search: "${s.label}" p50 ${s.p50.toFixed(1)} ms (${s.total} results)`);
        log(`hit counts: ${perQuery.map((x) => `${x.label}=${x.total}`).join(', ')}`);
        const folding = FOLDING_PAIR.map(
          (t) => perQuery.find((x) => x.q.kind === 'result' && x.q.params.q === t && Object.keys(x.q.params).length === 1)?.total ?? -2,
        );
        const foldingOk = folding[0] === folding[1] && folding[0] > 0 ? 1 : 0;

        // ---- matching, for demands spread over the corpus
        const bounds = await server.deps.db.db
          .selectFrom('listings')
          .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
          .where('source', '=', 'scale')
          .executeTakeFirstOrThrow();
        const demandIds: number[] = [];
        for (let i = 0; i < MATCH_DEMANDS; i++) {
          const from = Math.floor(Number(bounds.lo) + ((Number(bounds.hi) - Number(bounds.lo)) * (i + 0.5)) / MATCH_DEMANDS);
          const d = await server.deps.db.db
            .selectFrom('listings')
            .select('id')
            .where('id', '>=', from)
            .where('kind', '=', 'demand')
            .where('status', '=', 'published')
            .orderBy('id')
            .limit(1)
            .executeTakeFirst();
          if (d && !demandIds.includes(Number(d.id))) demandIds.push(Number(d.id));
        }
        log(`latency of matches for ${demandIds.length} demands, up to ${RUNS} runs each within ${MATCH_BUDGET_MS / 1000} s`);
        const match = await passes(
          demandIds.map((id) => `${server.url}/api/demands/${id}/matches`),
          bareUrl,
          RUNS,
          MATCH_BUDGET_MS,
          (i, r) => {
            non2xx++;
            log(`matches of demand ${demandIds[i]} answered ${r.status}: ${r.body.slice(0, 300)}`);
          },
        );
        const matchSamples = match.byUrl.flat();
        const perDemand = demandIds.map((id, i) => ({
          id,
          p50: percentile(match.byUrl[i], 50),
          query: match.bodies[i] ? (JSON.parse(match.bodies[i]) as { query: string[] }).query : [],
        }));
        const slowMatches = [...perDemand].sort((a, b) => b.p50 - a.p50).slice(0, 3);
        for (const s of slowMatches) log(`slow match: demand ${s.id} p50 ${s.p50.toFixed(1)} ms (query ${s.query.join(' ')})`);

        // ---- plans of the slowest
        let fullScans = 0;
        for (const s of slowSearches.slice(0, 3)) {
          const plan = await explain(server.deps, (d) => searchListings(d, null, s.q.kind, s.q.params));
          log(`plans of search "${s.label}":\n${plan.lines.join('\n')}`);
          for (const f of plan.fullScans) log(`FULL SCAN in search "${s.label}" ${f}`);
          fullScans += plan.fullScans.length;
        }
        {
          const s = slowMatches[0];
          const plan = await explain(server.deps, (d) => matchesForDemand(d, s.id));
          log(`plans of matches for demand ${s.id}:\n${plan.lines.join('\n')}`);
          for (const f of plan.fullScans) log(`FULL SCAN in matches for demand ${s.id} ${f}`);
          fullScans += plan.fullScans.length;
        }

        // ---- relevance on the labelled set: a fresh small database, then among the million
        const set = await loadEvalSet(ctx.log);
        log(`relevance: importing the labelled set (${set.results.length} results, ${set.demands.length} demands) into a fresh database`);
        const small = await startServer(engine, {});
        let fresh: Relevance;
        try {
          const s = await login(small.url, 'admin');
          fresh = await relevance(small, set, await importEval(small, s, set, set.source), set.source);
        } finally {
          await small.close();
        }
        for (const w of fresh.worst) log(`relevance (fresh): worst ${w.externalId} nDCG@10 ${w.ndcg10.toFixed(3)} recall@20 ${w.recall20.toFixed(3)}`);
        log(`relevance: the labelled set among the ${SCALE} listings`);
        const atScale = await relevance(server, set, await importEval(server, session, set, EVAL_AT_SCALE_SOURCE), EVAL_AT_SCALE_SOURCE);
        for (const w of atScale.worst) log(`relevance (at scale): worst ${w.externalId} nDCG@10 ${w.ndcg10.toFixed(3)} recall@20 ${w.recall20.toFixed(3)}`);

        // ---- bulk import through the API
        log(`bulk import: ${IMPORT_BATCHES} batches of ${IMPORT_ROWS} listings`);
        const now = new Date();
        const batchMs: number[] = [];
        const importBare: number[] = [];
        let imported = 0;
        let bodyBytes = 0;
        for (let b = 0; b < IMPORT_BATCHES; b++) {
          const rows = Array.from({ length: IMPORT_ROWS }, (_, k) => {
            const n = SCALE + 1 + b * IMPORT_ROWS + k;
            const { publishedAt: _p, ...row } = scaleListing(n, now);
            return { ...row, externalId: `bench-${n}` };
          });
          const body = { source: IMPORT_SOURCE, listings: rows };
          bodyBytes = Math.max(bodyBytes, Buffer.byteLength(JSON.stringify(body)));
          importBare.push((await timed(bareUrl)).ms);
          const r = await postJson(server, session, '/api/imports/listings', body);
          if (r.status !== 200) {
            non2xx++;
            log(`import batch ${b + 1} answered ${r.status}: ${r.body.slice(0, 500)}`);
            continue;
          }
          batchMs.push(r.ms);
          imported += (JSON.parse(r.body) as { created: number }).created;
        }
        const importSeconds = batchMs.reduce((a, x) => a + x, 0) / 1000;

        const sp95 = round(percentile(searchSamples, 95), 1);
        const mp95 = round(percentile(matchSamples, 95), 1);
        const searchBareP95 = percentile(search.bare, 95);
        const matchBareP95 = percentile(match.bare, 95);
        const importP95 = percentile(batchMs, 95);
        out.push(
          m('listings', listingsCount),
          m('published_results', docs('results')),
          m('published_demands', docs('demands')),
          m(builtNow ? 'seed_s' : 'seed_s (kept build)', seedFigures.seconds, { unit: 's' }),
          m('seed_listings_per_s', seedFigures.listingsPerSecond, { unit: '/s' }),
          m('seed_postings', seedFigures.terms),
          m('seed_analyze_s', seedFigures.analyzeSeconds, { unit: 's' }),
          m('import_rows', imported),
          m('import_batch_bytes', bodyBytes, { unit: 'B' }),
          m('import_listings_per_s', round(imported / Math.max(importSeconds, 0.001)), { unit: '/s' }),
          m('import_batch_p50', round(percentile(batchMs, 50)), { unit: 'ms' }),
          m('import_batch_p95', round(importP95), { unit: 'ms' }),
          m('import_ratio_p95', round(importP95 / percentile(importBare, 95), 1)),
          m('search_queries', QUERIES.length),
          m('search_runs', search.runs),
          m('search_p50', round(percentile(searchSamples, 50), 1), { unit: 'ms' }),
          m('search_p95', sp95, { unit: 'ms', ...target(sp95, '<', SEARCH_P95_TARGET_MS) }),
          m('search_p99', round(percentile(searchSamples, 99), 1), { unit: 'ms' }),
          m('search_max', round(Math.max(...searchSamples), 1), { unit: 'ms' }),
          m('search_bare_p95', round(searchBareP95, 2), { unit: 'ms' }),
          m('search_ratio_p95', round(sp95 / searchBareP95, 1)),
          ...slowSearches.slice(0, 3).map((s) => m(`p50[${s.label}]`, round(s.p50, 1), { unit: 'ms' })),
          ...['rare', 'mid', 'common'].map((kind, i) => {
            const x = perQuery[[0, 9, 20][i]];
            return m(`hits[${x.label}] (${kind})`, x.total);
          }),
          m('folding_ok', foldingOk, target(foldingOk, '=', 1)),
          m('match_demands', demandIds.length),
          m('match_runs', match.runs),
          m('match_p50', round(percentile(matchSamples, 50), 1), { unit: 'ms' }),
          m('match_p95', mp95, { unit: 'ms', ...target(mp95, '<', MATCH_P95_TARGET_MS) }),
          m('match_max', round(Math.max(...matchSamples), 1), { unit: 'ms' }),
          m('match_bare_p95', round(matchBareP95, 2), { unit: 'ms' }),
          m('match_ratio_p95', round(mp95 / matchBareP95, 1)),
          m('eval_demands', fresh.demands),
          m('eval_ndcg@10', round(fresh.ndcg10, 4)),
          m('eval_recall@20', round(fresh.recall20, 4)),
          ...fresh.worst.map((w) => m(`eval_ndcg@10[${w.externalId}] (worst)`, round(w.ndcg10, 4))),
          m('eval_at_scale_ndcg@10', round(atScale.ndcg10, 4)),
          m('eval_at_scale_recall@20', round(atScale.recall20, 4)),
          m('eval_at_scale_match_p95', round(atScale.p95Ms, 1), { unit: 'ms' }),
          m('explain_full_scans', fullScans),
          m('load_avg_1m', round(machine.load1, 2)),
          m('load_avg_1m_end', round(machineLoad().load1, 2)),
          m('cpu_cores', machine.cores),
          m('non_2xx', non2xx, target(non2xx, '=', 0)),
        );
      } finally {
        try {
          await purge(server.deps, engine, ctx.log);
        } finally {
          await server.close();
        }
      }
    }
    return out;
  },
};

export default suite;
