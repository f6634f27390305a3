// One test file's world: a fresh database (copied from the seeded template), the app built on
// it, a manual clock, and HTTP clients that sign in as the demo accounts.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../server/app';
import { createDb, type Db } from '../server/db/index';
import { loadConfig, type Config } from '../server/config';
import { ManualClock } from '../server/platform/clock';
import type { Deps } from '../server/platform/deps';
import { makeUscc } from '../server/platform/uscc';
import { freshDatabase, type TestEngine } from './db-template';

export const DEMO_PASSWORD = 'Yrd@demo2025';
export const engine = (process.env.TEST_DB_ENGINE ?? 'sqlite') as TestEngine;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  lang?: 'zh' | 'en';
  /** Raw payload (Buffer or string); with json it is serialised. */
  payload?: Buffer | string;
  json?: unknown;
}

export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  constructor(
    private app: FastifyInstance,
    public ip = '127.0.0.1',
  ) {}

  async request(method: Method, url: string, opts: RequestOptions = {}): Promise<LightMyRequestResponse & { body: string; data: any }> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.lang) headers['accept-language'] = opts.lang === 'en' ? 'en-GB,en;q=0.9' : 'zh-CN,zh;q=0.9';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrf;
    let payload = opts.payload;
    if (opts.json !== undefined) {
      payload = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    const query = opts.query
      ? Object.fromEntries(
          Object.entries(opts.query)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, String(v)]),
        )
      : undefined;
    const res = await this.app.inject({ method, url, headers, payload, query, remoteAddress: this.ip });
    const setCookie = res.headers['set-cookie'];
    if (setCookie) {
      const first = (Array.isArray(setCookie) ? setCookie : [setCookie]).find((c) => c.startsWith('yrd_session='));
      if (first) this.cookie = first.split(';')[0].endsWith('=') ? null : first.split(';')[0];
    }
    let data: any = undefined;
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('json') && res.body) data = JSON.parse(res.body);
    return Object.assign(res, { data });
  }
  get(url: string, opts?: RequestOptions) {
    return this.request('GET', url, opts);
  }
  post(url: string, json?: unknown, opts: RequestOptions = {}) {
    return this.request('POST', url, { ...opts, json: json === undefined ? opts.json : json });
  }
  patch(url: string, json: unknown, opts: RequestOptions = {}) {
    return this.request('PATCH', url, { ...opts, json });
  }
  delete(url: string, opts?: RequestOptions) {
    return this.request('DELETE', url, opts);
  }
}

export interface TestContext {
  engine: TestEngine;
  app: FastifyInstance;
  db: Db;
  deps: Deps;
  clock: ManualClock;
  config: Config;
  anon(ip?: string): Client;
  /** A client signed in as a demo (or test-made) account. */
  as(username: string, password?: string): Promise<Client>;
  newOrg(
    client: Client,
    over?: Partial<{ name: string; type: string; jurisdictionCode: string; tier: string | null; departmentId: number | null }>,
  ): Promise<any>;
  /** Counts rows of the tables a bad request must not touch, to compare before and after. */
  snapshot(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

let usccSerial = 5_000_000 + Math.floor(Math.random() * 1_000_000);
export const nextUscc = (division = '310115') => makeUscc(division, usccSerial++);

export async function createTestContext(env: Record<string, string> = {}, onEngine: TestEngine = engine): Promise<TestContext> {
  const fresh = await freshDatabase(onEngine);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: fresh.url, ...env });
  const db = createDb(fresh.url, { poolSize: 20 });
  const clock = new ManualClock(new Date());
  const deps: Deps = { db, clock, config };
  const app = await buildApp(deps, { logger: process.env.DBG ? { level: 'error' } : false, serveWeb: false });
  await app.ready();
  const ctx: TestContext = {
    engine: onEngine,
    app,
    db,
    deps,
    clock,
    config,
    anon: (ip) => new Client(app, ip),
    async as(username, password = DEMO_PASSWORD) {
      const c = new Client(app);
      const res = await c.post('/api/auth/login', { username, password });
      if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
      c.csrf = res.data.csrfToken;
      return c;
    },
    async newOrg(client, over = {}) {
      const jurisdictionCode = over.jurisdictionCode ?? '310000';
      const res = await client.post('/api/organizations', {
        name: over.name ?? `测试机构 ${usccSerial}`,
        uscc: nextUscc(jurisdictionCode),
        type: over.type ?? 'enterprise',
        jurisdictionCode,
        ...(over.tier !== undefined ? { tier: over.tier } : {}),
        ...(over.departmentId !== undefined ? { departmentId: over.departmentId } : {}),
      });
      if (res.statusCode !== 201) throw new Error(`newOrg failed: ${res.statusCode} ${res.body}`);
      return res.data;
    },
    async snapshot() {
      const out: Record<string, number> = {};
      for (const t of [
        'organizations',
        'users',
        'sessions',
        'api_tokens',
        'audit_log',
        'resources',
        'bookings',
        'waitlist_entries',
        'training_authorizations',
        'resource_closures',
        'access_requests',
      ] as const) {
        const r = await db.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        out[t] = Number(r.n);
      }
      return out;
    },
    async close() {
      await app.close();
      await db.close();
      await fresh.drop();
    },
  };
  return ctx;
}
