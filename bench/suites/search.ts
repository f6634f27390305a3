// search: the catalogue's Chinese full-text search over 100 000 resources (npm run seed -- --scale).
// On a database seeded with --scale 100000 (SQLite: built once and cached under the temporary
// directory, keyed by scale and by the code that shapes the data; PostgreSQL: a scratch database
// seeded each run and always dropped):
//   • latency of GET /api/resources?q=… over 50 mixed queries (single words, AND of two words,
//     traditional characters, full-width, filters, sorts, page 2), each run several times after
//     a warm-up: p50/p95/p99, target p95 < 50 ms;
//   • throughput of a fixed mix of those URLs against a bare route on the same server (autocannon,
//     alternating bare, search, bare, search);
//   • result counts of a few queries (sanity, and traditional/full-width folding);
//   • the query plans (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN) of the SQL one typical
//     search runs, flagging full scans of resources / resource_terms.
// BENCH_SEARCH_SCALE=N changes the scale; BENCH_SEARCH_CACHE=0 rebuilds the SQLite file and
// deletes it afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  CompiledQuery,
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
  load,
  machineLoad,
  mean,
  percentile,
  round,
  scratchDatabase,
  startServer,
  target,
  trackCleanup,
  type BenchServer,
  type Engine,
  type LoadResult,
  type Metric,
  type ScratchDatabase,
  type Suite,
} from '../lib';
import { loadConfig } from '../../server/config';
import { createDb } from '../../server/db/index';
import { migrateToLatest } from '../../server/db/migrate';
import { systemClock } from '../../server/platform/clock';
import type { Deps } from '../../server/platform/deps';
import { seedDemoIfEmpty } from '../../server/seed/demo';
import { seedScale } from '../../server/seed/scale';
import { searchResources, type SearchQuery } from '../../server/modules/resources/resources.service';

const SCALE = Number(process.env.BENCH_SEARCH_SCALE || 100_000);
const CACHE = process.env.BENCH_SEARCH_CACHE !== '0';
const P95_TARGET_MS = 50;
const RUNS = 5; // timed runs per query at most, after a warm-up run
/** Time for the latency runs: passes over the 50 queries stop when it is spent (the first always completes). */
const LATENCY_BUDGET_MS = 45_000;
const WARMUP_BUDGET_MS = 10_000;
const CONNECTIONS = 4;
const WARMUP_SECONDS = 2;
/** Seconds per throughput run at least; longer for a slow search, so each connection completes ~8 requests. */
const ROUND_SECONDS = 3;
const MAX_ROUND_SECONDS = 15;
const ROUNDS = 2;
const BARE_PATH = '/__bench/bare';

type Params = Omit<SearchQuery, 'mine' | 'freeFrom' | 'freeTo'>;
interface Q {
  label: string;
  params: Params;
}

const q = (text: string, extra: Omit<Params, 'q'> = {}): Q => {
  const shown = Object.entries(extra).map(([k, v]) => `${k}=${v}`);
  return { label: [text, ...shown].join(' '), params: { q: text, ...extra } };
};

/** 50 queries as users type them. Prices are in fen. */
const QUERIES: Q[] = [
  // single words
  ...[
    '质谱',
    '色谱',
    '电镜',
    '核磁',
    '衍射',
    '共聚焦',
    '流式细胞',
    '测序',
    '原子力显微镜',
    '拉曼',
    '红外光谱',
    '热分析',
    '超算',
    '算力',
    '数据集',
    '种质资源',
    '水稻',
    '同步辐射',
    '液相色谱',
  ].map((t) => q(t)),
  // two words, both required
  ...[
    '高分辨 质谱',
    '场发射 电镜',
    '超高效 液相色谱',
    '全自动 热分析',
    '高通量 测序',
    '上海 核磁',
    '苏州 扫描电子显微镜',
    '杭州 GPU',
    '合肥 X射线衍射',
    '材料 透射电子显微镜',
  ].map((t) => q(t)),
  // traditional characters
  ...['質譜儀', '電子顯微鏡', '核磁共振波譜儀', '基因測序', '數據集', '種質資源', '熱分析儀'].map((t) => q(t)),
  // full-width
  ...['ＧＰＵ 算力', 'ＸＲＤ', 'ＮＭＲ', 'ＬＣ－ＭＳ'].map((t) => q(t)),
  // filters
  q('质谱', { kind: 'instrument', jurisdiction: '320000' }),
  q('电镜', { jurisdiction: '310000', priceMax: 50_000 }),
  q('算力', { kind: 'compute' }),
  q('色谱', { priceMin: 20_000, priceMax: 60_000 }),
  q('数据集', { kind: 'dataset', jurisdiction: '330000' }),
  // sorts
  q('质谱', { sort: 'price' }),
  q('电镜', { sort: '-value' }),
  q('核磁', { sort: 'newest' }),
  // page 2
  q('质谱', { page: 2 }),
  q('高分辨 质谱', { page: 2, pageSize: 10 }),
];

/** Result counts printed as a sanity check; the pairs must agree (folding). */
const SANITY = ['质谱', '质谱仪', '質譜儀', 'GPU 算力', 'ＧＰＵ 算力', '高分辨 质谱', '数据集', '不存在的词'];
const FOLDING_PAIRS: Array<[string, string]> = [
  ['质谱仪', '質譜儀'],
  ['GPU 算力', 'ＧＰＵ 算力'],
];

/** The search whose SQL is explained: a typical two-word query, and one with filters. */
const EXPLAINED: Array<{ label: string; query: SearchQuery }> = [
  { label: '高分辨 质谱', query: { q: '高分辨 质谱' } },
  { label: '电镜 jurisdiction=310000 priceMax=50000', query: { q: '电镜', jurisdiction: '310000', priceMax: 50_000 } },
];

function pathOf(params: Params): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) sp.set(k, String(v));
  return `/api/resources?${sp}`;
}

// ---- the seeded database -------------------------------------------------------------------

/** A digest of the code that shapes the seeded data: a cached file is reused only while it matches. */
function dataFingerprint(): string {
  const root = new URL('../../server/', import.meta.url);
  const files = [
    ...fs
      .readdirSync(new URL('db/migrations/', root))
      .sort()
      .map((f) => new URL(`db/migrations/${f}`, root)),
    ...['index.ts', 'random.ts', 'run.ts', 'organizations.ts', 'resources.ts', 'resource-types.ts', 'scale.repository.ts'].map(
      (f) => new URL(`seed/scale/${f}`, root),
    ),
    new URL('seed/demo.ts', root),
    new URL('platform/text.ts', root),
    new URL('modules/resources/resources.service.ts', root),
  ];
  const h = createHash('sha256');
  for (const f of files) h.update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

async function seed(engine: Engine, url: string, log: (m: string) => void): Promise<number> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: url });
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    const deps: Deps = { db, clock: systemClock, config };
    await seedDemoIfEmpty(deps);
    const result = await seedScale(deps, {
      count: SCALE,
      onProgress: (p) => {
        if (p.done === p.total || p.done % 20_000 === 0)
          log(`search [${engine}]: seeding ${p.phase} ${p.done}/${p.total} (${(p.elapsedMs / 1000).toFixed(1)} s)`);
      },
    });
    log(
      `search [${engine}]: seeded ${result.organizations} organisations in ${(result.organizationsMs / 1000).toFixed(1)} s, ` +
        `${result.resources} resources (${result.terms} terms) in ${(result.resourcesMs / 1000).toFixed(1)} s`,
    );
    return result.resourcesMs;
  } finally {
    await db.close();
  }
}

/** The database to search: SQLite from the cache (built when missing), PostgreSQL seeded afresh. */
async function seededDatabase(
  engine: Engine,
  log: (m: string) => void,
): Promise<{ database: ScratchDatabase; seedMs: number | null; resourcesMs: number | null }> {
  if (engine === 'sqlite' && CACHE) {
    const prefix = `yrd-bench-search-${SCALE}-`;
    const file = path.join(os.tmpdir(), `${prefix}${dataFingerprint()}.sqlite`);
    const keep: ScratchDatabase = {
      engine,
      url: `sqlite:${file}`,
      // The cache stays; only what the server's connection leaves next to it goes.
      drop: async () => {
        for (const extra of ['-wal', '-shm']) fs.rmSync(file + extra, { force: true });
      },
    };
    if (fs.existsSync(file)) {
      log(
        `search [sqlite]: using the cached database ${file} (${Math.round(fs.statSync(file).size / 1e6)} MB; delete it or set BENCH_SEARCH_CACHE=0 to rebuild)`,
      );
      return { database: keep, seedMs: null, resourcesMs: null };
    }
    // Older builds of this scale are stale (the code changed): remove them (and their -wal, -shm).
    for (const f of fs.readdirSync(os.tmpdir()))
      if (f.startsWith(prefix) && /\.sqlite(-wal|-shm)?$/.test(f)) fs.rmSync(path.join(os.tmpdir(), f), { force: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-bench-search-build-'));
    const untrack = trackCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
    try {
      const started = performance.now();
      const building = path.join(dir, 'yrd.sqlite');
      const resourcesMs = await seed(engine, `sqlite:${building}`, log);
      const seedMs = performance.now() - started;
      fs.renameSync(building, file); // complete files only: an interrupted build leaves no cache
      log(`search [sqlite]: cached the database as ${file} (${Math.round(fs.statSync(file).size / 1e6)} MB)`);
      return { database: keep, seedMs, resourcesMs };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      untrack();
    }
  }
  const database = await scratchDatabase(engine);
  const untrack = trackCleanup(() => database.drop());
  try {
    const started = performance.now();
    const resourcesMs = await seed(engine, database.url, log);
    return { database, seedMs: performance.now() - started, resourcesMs };
  } catch (err) {
    await database.drop();
    throw err;
  } finally {
    untrack(); // from here on the server owns it (and drops it on close)
  }
}

// ---- query plans -----------------------------------------------------------------------------

/**
 * Records every query a Kysely instance runs, so its SQL can be compiled and explained. Plugins
 * also see the subqueries as they are built: only the nodes whose results came back were run.
 */
class CaptureQueries implements KyselyPlugin {
  private readonly nodes = new Map<QueryId, RootOperationNode>();
  readonly queries: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.set(args.queryId, args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const node = this.nodes.get(args.queryId);
    if (node) this.queries.push({ node, queryId: args.queryId });
    return args.result;
  }
}

interface PlanReport {
  statements: number;
  fullTableScans: string[];
  fullIndexScans: string[];
  /** Index searches of resources bounded by status alone: every published row (almost all of them). */
  statusOnly: string[];
  lines: string[];
}

async function explainSearch(deps: Deps, query: SearchQuery): Promise<PlanReport> {
  const capture = new CaptureQueries();
  const db = deps.db.db.withPlugin(capture);
  await searchResources({ ...deps, db: { ...deps.db, db } }, null, query);
  const executor = deps.db.db.getExecutor();
  const report: PlanReport = { statements: 0, fullTableScans: [], fullIndexScans: [], statusOnly: [], lines: [] };
  const sqlite = deps.db.helpers.engine === 'sqlite';
  for (const { node, queryId } of capture.queries) {
    const compiled = executor.compileQuery(node, queryId);
    if (!/\b(resources|resource_terms)\b/.test(compiled.sql)) continue;
    report.statements++;
    const shortSql = compiled.sql
      .replace(/\s+/g, ' ')
      .replace(/when \? then [0-9.]+ ?/g, '')
      .slice(0, 160);
    report.lines.push(`  SQL ${report.statements}: ${shortSql}…`);
    const explained = await deps.db.db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(`${sqlite ? 'explain query plan' : 'explain'} ${compiled.sql}`, [...compiled.parameters]),
    );
    for (const row of explained.rows) {
      const line = String(sqlite ? row.detail : row['QUERY PLAN']);
      report.lines.push(`    ${line}`);
      // SQLite: "SCAN r" reads the whole table, "SCAN r USING [COVERING] INDEX i" a whole index;
      // PostgreSQL: "Seq Scan on resources r". "SEARCH r USING INDEX i (status=?)" (SQLite) and an
      // index condition on status alone (PostgreSQL) visit every published resource as well.
      if (
        sqlite
          ? /^SEARCH (resources|r) USING (COVERING )?INDEX \S+ \(status=\?\)$/.test(line.trim())
          : /Index Cond: \(\(?status\)?(::text)? = 'published'/.test(line) && !/AND/.test(line)
      )
        report.statusOnly.push(`SQL ${report.statements}: ${line.trim()}`);
      const table = sqlite ? /^SCAN (resources|resource_terms|r|t)\b(.*)$/.exec(line.trim()) : /Seq Scan on (resources|resource_terms)\b/.exec(line);
      if (!table) continue;
      if (sqlite && /USING (COVERING )?INDEX/.test(table[2] ?? '')) report.fullIndexScans.push(`SQL ${report.statements}: ${line.trim()}`);
      else report.fullTableScans.push(`SQL ${report.statements}: ${line.trim()}`);
    }
  }
  return report;
}

// ---- the suite -------------------------------------------------------------------------------

async function timed(url: string): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, body };
}

const suite: Suite = {
  name: 'search',
  description: `GET /api/resources?q=… over ${SCALE} resources: latency of ${QUERIES.length} mixed Chinese queries (target p95 < ${P95_TARGET_MS} ms), throughput vs a bare route, plans`,
  async run(ctx) {
    const out: Metric[] = [];
    for (const engine of ctx.engines.filter((e) => ENGINES.includes(e))) {
      const m = (metric: string, value: number, extra: Partial<Metric> = {}): Metric => ({ suite: 'search', engine, metric, value, ...extra });
      const machine = machineLoad();
      ctx.log(`search [${engine}]: preparing a database with --scale ${SCALE}`);
      const { database, seedMs, resourcesMs } = await seededDatabase(engine, ctx.log);
      const server: BenchServer = await startServer(engine, {
        database,
        configure: (app) => {
          app.get(BARE_PATH, { schema: { hide: true } }, async () => ({ ok: true }));
        },
      });
      try {
        const count = await server.deps.db.db
          .selectFrom('resources')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(count.n) < SCALE) throw new Error(`the database has ${count.n} resources, expected at least ${SCALE}`);

        // Sanity: result counts, and folding (traditional = simplified, full-width = half-width).
        const totals = new Map<string, number>();
        for (const text of SANITY) {
          const r = await timed(server.url + pathOf({ q: text }));
          if (r.status !== 200) throw new Error(`GET ${pathOf({ q: text })} answered ${r.status}: ${r.body.slice(0, 300)}`);
          const body = JSON.parse(r.body) as { total: number; query: { matchMode: string | null } };
          totals.set(text, body.total);
          ctx.log(`search [${engine}]: "${text}" → ${body.total} results (match ${body.query.matchMode})`);
        }
        const foldingOk = FOLDING_PAIRS.every(([a, b]) => totals.get(a) === totals.get(b)) ? 1 : 0;

        // Latency: each query once to warm up (within a budget), then passes over all of them, one
        // request at a time, until RUNS passes or the time budget is spent (the first pass always
        // completes, so every query has a sample however slow the server is).
        ctx.log(`search [${engine}]: latency of ${QUERIES.length} queries, up to ${RUNS} runs each within ${LATENCY_BUDGET_MS / 1000} s`);
        const urls = QUERIES.map((x) => server.url + pathOf(x.params));
        const latencyStarted = performance.now();
        let bad = 0;
        const check = (query: Q, r: { status: number; body: string }) => {
          if (r.status === 200) return true;
          bad++;
          ctx.log(`search [${engine}]: "${query.label}" answered ${r.status}: ${r.body.slice(0, 300)}`);
          return false;
        };
        const totalsOf = new Map<string, number>();
        for (let i = 0; i < QUERIES.length && performance.now() - latencyStarted < WARMUP_BUDGET_MS; i++) {
          const r = await timed(urls[i]);
          if (check(QUERIES[i], r)) totalsOf.set(QUERIES[i].label, (JSON.parse(r.body) as { total: number }).total);
        }
        const byQuery: number[][] = QUERIES.map(() => []);
        let passes = 0;
        while (passes < RUNS && (passes === 0 || performance.now() - latencyStarted < LATENCY_BUDGET_MS)) {
          for (let i = 0; i < QUERIES.length; i++) {
            const r = await timed(urls[i]);
            if (check(QUERIES[i], r) && !totalsOf.has(QUERIES[i].label)) totalsOf.set(QUERIES[i].label, (JSON.parse(r.body) as { total: number }).total);
            byQuery[i].push(r.ms);
          }
          passes++;
        }
        const samples = byQuery.flat();
        const perQuery = QUERIES.map((x, i) => ({ label: x.label, p50: percentile(byQuery[i], 50), total: totalsOf.get(x.label) ?? -1 }));
        const slowest = [...perQuery].sort((a, b) => b.p50 - a.p50).slice(0, 5);
        for (const s of slowest) ctx.log(`search [${engine}]: slow: "${s.label}" p50 ${s.p50.toFixed(1)} ms (${s.total} results)`);

        // Throughput: the query mix vs the bare route, alternating. Requests still running when a
        // search run ends (the load generator stops waiting, the server does not) would slow the
        // next run: wait about as long as they take before going on.
        const mix = QUERIES.map((x) => ({ method: 'GET' as const, path: pathOf(x.params) }));
        const sequentialMs = mean(perQuery.map((x) => x.p50));
        const drainMs = Math.min(15_000, CONNECTIONS * sequentialMs * 1.2);
        const searchSeconds = Math.min(MAX_ROUND_SECONDS, Math.max(ROUND_SECONDS, Math.ceil((8 * CONNECTIONS * sequentialMs) / 1000)));
        const runBare = (duration: number) => load({ url: server.url + BARE_PATH, connections: CONNECTIONS, duration });
        const runSearch = async (duration: number) => {
          const r = await load({ url: server.url, requests: mix, connections: CONNECTIONS, duration });
          await new Promise((resolve) => setTimeout(resolve, drainMs));
          return r;
        };
        // Completed requests over the run's length (the per-second average rounds slow runs to 0).
        const rps = (r: LoadResult) => r.requests / r.seconds;
        ctx.log(`search [${engine}]: throughput warm-up ${WARMUP_SECONDS + 1} s`);
        const warm = [await runBare(1), await runSearch(WARMUP_SECONDS)];
        const bare: LoadResult[] = [];
        const search: LoadResult[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          ctx.log(`search [${engine}]: throughput round ${i + 1}/${ROUNDS} (bare ${ROUND_SECONDS} s, search ${searchSeconds} s; ${CONNECTIONS} connections)`);
          bare.push(await runBare(ROUND_SECONDS));
          search.push(await runSearch(searchSeconds));
        }
        const bareRps = mean(bare.map(rps));
        const searchRps = mean(search.map(rps));
        const all = [...warm, ...bare, ...search];
        const non2xx = all.reduce((n, r) => n + r.non2xx, 0) + bad;
        const errors = all.reduce((n, r) => n + r.errors + r.timeouts, 0);

        // Plans of the SQL of a typical search.
        let fullTableScans = 0;
        let fullIndexScans = 0;
        let statusOnly = 0;
        for (const e of EXPLAINED) {
          const plan = await explainSearch(server.deps, e.query);
          ctx.log(`search [${engine}]: plans of "${e.label}" (${plan.statements} statements on resources/resource_terms):\n${plan.lines.join('\n')}`);
          for (const s of plan.fullTableScans) ctx.log(`search [${engine}]: FULL TABLE SCAN in "${e.label}" ${s}`);
          for (const s of plan.fullIndexScans) ctx.log(`search [${engine}]: full index scan in "${e.label}" ${s}`);
          for (const s of plan.statusOnly) ctx.log(`search [${engine}]: all published resources visited (status-only index range) in "${e.label}" ${s}`);
          statusOnly += plan.statusOnly.length;
          fullTableScans += plan.fullTableScans.length;
          fullIndexScans += plan.fullIndexScans.length;
        }

        const p95 = round(percentile(samples, 95), 1);
        out.push(
          ...(seedMs !== null
            ? [m('seed_s', round(seedMs / 1000, 1), { unit: 's' }), m('seed_resources_s', round((resourcesMs ?? 0) / 1000, 1), { unit: 's' })]
            : []),
          m('resources', Number(count.n)),
          m('queries', QUERIES.length),
          m('runs_per_query', passes),
          m('latency_p50', round(percentile(samples, 50), 1), { unit: 'ms' }),
          m('latency_p95', p95, { unit: 'ms', ...target(p95, '<', P95_TARGET_MS) }),
          m('latency_p99', round(percentile(samples, 99), 1), { unit: 'ms' }),
          m('latency_max', round(Math.max(...samples), 1), { unit: 'ms' }),
          ...slowest.slice(0, 3).map((s) => m(`p50[${s.label}]`, round(s.p50, 1), { unit: 'ms' })),
          ...SANITY.map((text) => m(`results[${text}]`, totals.get(text) ?? -1)),
          m('folding_ok', foldingOk, target(foldingOk, '=', 1)),
          m('bare_rps', round(bareRps), { unit: 'req/s' }),
          m('search_rps', round(searchRps, 1), { unit: 'req/s' }),
          m('connections', CONNECTIONS),
          m('ratio', round(searchRps / bareRps, 4)),
          m('search_p50_loaded', round(mean(search.map((r) => r.p50)), 1), { unit: 'ms' }),
          m('search_p99_loaded', round(mean(search.map((r) => r.p99)), 1), { unit: 'ms' }),
          m('search_server_util', round(mean(search.map((r) => r.serverLoopUtil)), 2)),
          m('search_server_us_per_req', round(mean(search.map((r) => r.serverBusyUsPerRequest))), { unit: 'µs' }),
          m('explain_full_table_scans', fullTableScans, target(fullTableScans, '=', 0)),
          m('explain_full_index_scans', fullIndexScans),
          m('explain_status_only_scans', statusOnly),
          m('load_avg_1m', round(machine.load1, 2)),
          m('load_avg_1m_end', round(machineLoad().load1, 2)),
          m('cpu_cores', machine.cores),
          m('non_2xx', non2xx, target(non2xx, '=', 0)),
          m('socket_errors', errors, target(errors, '=', 0)),
        );
      } finally {
        await server.close();
      }
    }
    return out;
  },
};

export default suite;
