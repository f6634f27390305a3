// Shared helpers of the benchmark suites: a server on an ephemeral loopback port over a fresh
// database (a SQLite file in a temporary directory, or a freshly created PostgreSQL database),
// migrated and seeded with the demo; sign-in; autocannon runs; and the figures a suite reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db/index';
import { migrateToLatest } from '../server/db/migrate';
import { systemClock } from '../server/platform/clock';
import type { Deps } from '../server/platform/deps';
import { seedDemoIfEmpty } from '../server/seed/demo';
import { seedScale } from '../server/seed/scale';

export type Engine = 'sqlite' | 'postgres';
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** One figure of a suite: what the table row and the JSON line show. */
export interface Metric {
  suite: string;
  engine: Engine | null;
  metric: string;
  value: number;
  unit?: string;
  /** Human-readable target, e.g. ">= 0.6"; absent for figures that are only informative. */
  target?: string;
  ok?: boolean;
}

export interface SuiteContext {
  /** The engines to run on (all by default, or those named with --engine). */
  engines: readonly Engine[];
  /** Progress for the human (stderr, so --json output stays clean). */
  log(message: string): void;
}

export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<Metric[]>;
}

// ---- targets ----------------------------------------------------------------------------

type Op = '>=' | '<=' | '=' | '>' | '<';
/** The target fields of a metric: `{ target: ">= 0.6", ok: true }`. */
export function target(value: number, op: Op, bound: number): { target: string; ok: boolean } {
  const ok = op === '>=' ? value >= bound : op === '<=' ? value <= bound : op === '>' ? value > bound : op === '<' ? value < bound : value === bound;
  return { target: `${op} ${bound}`, ok };
}

export const round = (v: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

// ---- servers over fresh databases ----------------------------------------------------------

/** Where scratch PostgreSQL databases are created (any database of the server will do). */
export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

// Everything still open is closed on Ctrl-C, so an interrupted run leaves no scratch database.
const openResources = new Set<() => Promise<void>>();
let interrupted = false;
function onInterrupt(signal: NodeJS.Signals) {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write(`\n${signal}: cleaning up ${openResources.size} scratch database(s)…\n`);
  void closeAll().finally(() => process.exit(130));
}
process.once('SIGINT', onInterrupt);
process.once('SIGTERM', onInterrupt);

export async function closeAll(): Promise<void> {
  for (const close of [...openResources]) {
    try {
      await close();
    } catch (err) {
      process.stderr.write(`cleanup failed: ${String(err)}\n`);
    }
  }
}

/** Registers a clean-up that closeAll (and Ctrl-C) runs; returns the function that unregisters it. */
export function trackCleanup(close: () => Promise<void>): () => void {
  openResources.add(close);
  return () => {
    openResources.delete(close);
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  engine: Engine;
  url: string;
  /** Removes the database (drops it / deletes the temporary directory). */
  drop(): Promise<void>;
}

/** A new, empty database of the engine. */
export async function scratchDatabase(engine: Engine): Promise<ScratchDatabase> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-bench-'));
    return {
      engine,
      url: `sqlite:${path.join(dir, 'yrd.sqlite')}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `yrd_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await adminQuery(`create database ${name}`);
  } catch (err) {
    throw new Error(`cannot create a scratch PostgreSQL database through ${POSTGRES_ADMIN_URL} (set BENCH_POSTGRES_URL): ${String(err)}`);
  }
  return {
    engine,
    url: withDatabase(POSTGRES_ADMIN_URL, name),
    drop: async () => {
      // A plain DROP first, retried while our own closing connections linger: forcing it at once
      // can kill a connection the pool is still ending, whose error would then go unhandled.
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          await adminQuery(`drop database if exists ${name}`);
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== '55006' || Date.now() > deadline) break; // 55006: object_in_use
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export interface BenchServer {
  engine: Engine;
  /** http://127.0.0.1:<port> */
  url: string;
  app: FastifyInstance;
  deps: Deps;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Seed the demo data (default true). */
  demo?: boolean;
  /** Synthetic organisations + members to add after the demo (seedScale). */
  scale?: number;
  /** Synthetic resources seedScale adds with them (default: as many as organisations). */
  resources?: number;
  /**
   * Use this database instead of a fresh one (e.g. one seeded earlier); migrated and demo-seeded
   * only where it is not already, and dropped on close like a fresh one.
   */
  database?: ScratchDatabase;
  /** Environment overrides for loadConfig (e.g. session settings). */
  env?: Record<string, string>;
  /** PostgreSQL pool size (createDb's default otherwise). */
  poolSize?: number;
  /** The app's logger (buildApp's option; default: none). */
  logger?: boolean | object;
  /** Called on the built app before it listens: add benchmark-only routes here. */
  configure?: (app: FastifyInstance, deps: Deps) => void | Promise<void>;
}

/** Builds the app over a fresh, migrated, demo-seeded database and listens on 127.0.0.1:0. */
export async function startServer(engine: Engine, opts: StartOptions = {}): Promise<BenchServer> {
  const scratch = opts.database ?? (await scratchDatabase(engine));
  let db: ReturnType<typeof createDb> | undefined;
  let app: FastifyInstance | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    openResources.delete(close);
    try {
      if (app) await app.close();
      if (db) await db.close();
    } finally {
      await scratch.drop();
    }
  };
  openResources.add(close);
  try {
    const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: scratch.url, ...opts.env });
    db = createDb(scratch.url, opts.poolSize ? { poolSize: opts.poolSize } : {});
    await migrateToLatest(db);
    const deps: Deps = { db, clock: systemClock, config };
    if (opts.demo ?? true) await seedDemoIfEmpty(deps);
    if (opts.scale) await seedScale(deps, { count: opts.scale, resources: opts.resources });
    app = await buildApp(deps, { logger: opts.logger ?? false, serveWeb: false });
    await opts.configure?.(app, deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server did not report its port');
    return { engine, url: `http://127.0.0.1:${address.port}`, app, deps, close };
  } catch (err) {
    await close();
    throw err;
  }
}

// ---- HTTP helpers ----------------------------------------------------------------------------

export const DEMO_PASSWORD = process.env.YRD_DEMO_PASSWORD || 'Yrd@demo2025';

export interface Session {
  /** The Cookie header value, e.g. "yrd_session=…". */
  cookie: string;
  csrfToken: string;
}

/** Signs in through POST /api/auth/login and returns the session cookie. */
export async function login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('yrd_session='));
  if (!session) throw new Error(`login as ${username} set no yrd_session cookie`);
  return { cookie: session, csrfToken: body.csrfToken };
}

// ---- load generation -------------------------------------------------------------------------

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** A fixed sequence of requests (path, method, …) each connection cycles through. */
  requests?: autocannon.Request[];
  connections?: number;
  /** Seconds. */
  duration: number;
  /**
   * Worker threads for autocannon (default 1): the load generator then does not share the
   * server's event loop, so the figures measure the server, not the two of them together.
   */
  workers?: number;
}

export interface LoadResult {
  /** Mean requests per second over the run's one-second samples. */
  rps: number;
  requests: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /**
   * Event-loop utilisation of this (the server's) thread during the run, 0..1: near 1 means the
   * server was the bottleneck; well below 1 means the load generator or the machine was.
   */
  serverLoopUtil: number;
  /** Busy time of the server's event loop per completed request, in microseconds. */
  serverBusyUsPerRequest: number;
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const workers = opts.workers ?? 1;
  const elu0 = performance.eventLoopUtilization();
  const result = await autocannon({
    url: opts.url,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    body: opts.body,
    ...(opts.requests ? { requests: opts.requests } : {}),
    connections: opts.connections ?? 32,
    pipelining: 1,
    duration: opts.duration,
    ...(workers > 0 ? { workers } : {}),
  });
  const elu = performance.eventLoopUtilization(elu0);
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    serverLoopUtil: elu.utilization,
    serverBusyUsPerRequest: result.requests.total ? (elu.active * 1000) / result.requests.total : 0,
  };
}

/** The machine's 1-minute load average per core: above ~0.5 other work skews the figures. */
export function machineLoad(): { load1: number; cores: number; busy: boolean } {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const load1 = os.loadavg()[0];
  return { load1, cores, busy: load1 / cores > 0.5 };
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The p-th percentile (0..100, nearest rank) of the values. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
