// createDb(url): one Kysely instance over SQLite (better-sqlite3) or PostgreSQL (pg), plus the
// dialect helpers for that engine. Nothing else in the server opens a database connection.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database } from './types';
import type { DialectHelpers } from './dialect/types';
import { sqliteHelpers } from './dialect/sqlite';
import { postgresHelpers } from './dialect/postgres';

export interface Db {
  db: Kysely<Database>;
  helpers: DialectHelpers;
  url: string;
  close(): Promise<void>;
  ping(): Promise<void>;
  changes: ChangeFeed;
}

/**
 * How a process learns that another process changed something it may have cached.
 * PostgreSQL: NOTIFY inside the writing transaction (delivered at commit) and LISTEN on a
 * dedicated connection. SQLite: PRAGMA data_version moves whenever another connection commits.
 */
export interface ChangeFeed {
  /** Announce a change to other processes; call inside the writing transaction. */
  publish(trx: Kysely<Database>, channel: string, payload: string): Promise<void>;
  /** Receive other processes' announcements (PostgreSQL). */
  subscribe(channel: string, onMessage: (payload: string) => void): Promise<Subscription>;
  /** True when another process may have written since the last call (SQLite; PostgreSQL: false). */
  externalWritesSince(): boolean;
}

export interface Subscription {
  stop(): Promise<void>;
  /**
   * Resolves once every announcement committed before the call has been delivered to onMessage;
   * rejects when not listening (then nothing heard can be trusted). PostgreSQL delivers a NOTIFY
   * a little after the commit, so a request reaching this process right after another process
   * answered might otherwise act on what that process had just changed. A round trip on the
   * listening connection settles it: the server sends pending notifications before the reply.
   * Calls made while one round trip is under way share the next one. Absent where the feed is
   * synchronous (SQLite: externalWritesSince() already sees every commit).
   */
  sync?: () => Promise<void>;
}

// better-sqlite3 statements are reusable: preparing the same SQL once instead of per query
// takes a fifth of the CPU off a simple request. Bounded, oldest evicted first.
function prepareOnce(database: SQLite.Database, max = 1000): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  (database as any).prepare = (raw: string) => {
    // Kysely opens transactions with a plain BEGIN, which takes the write lock only at the
    // first write; two processes doing that can deadlock and one gets SQLITE_BUSY at once.
    // Our transactions exist to write: take the lock up front, and busy_timeout queues them.
    const source = raw === 'begin' ? 'begin immediate' : raw;
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, stmt);
    }
    return stmt;
  };
  return database;
}

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;

const PG_TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?(?:([+-])(\d\d)(?::?(\d\d))?(?::(\d\d))?)?( BC)?$/;

/**
 * PostgreSQL's text form of a timestamp ("2026-12-07 17:40:11.123456+08") as an ISO-8601 UTC
 * instant. Parsed by its fields, not by Date's legacy parser, which reads year 0001 as 2001.
 * A timestamp without a zone is UTC.
 */
export function parseTimestamp(v: string): string {
  const m = PG_TIMESTAMP.exec(v);
  if (!m) return new Date(v).toISOString();
  const year = m[12] ? 1 - Number(m[1]) : Number(m[1]);
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(4, '0').slice(0, 4)) * 1000) : 0;
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * ((Number(m[9]) * 60 + Number(m[10] ?? 0)) * 60 + Number(m[11] ?? 0)) * 1000 : 0;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), ms);
  return new Date(d.getTime() - offset).toISOString();
}

// Times come back as ISO-8601 UTC strings and bigints as numbers (ids and fen stay far below
// 2^53), so both engines hand the services the same values.
function pgTypeParser(oid: number, format?: string): any {
  if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (v: string) => (v === null ? null : parseTimestamp(v));
  if (oid === INT8) return (v: string) => (v === null ? null : Number(v));
  return (pg.types.getTypeParser as any)(oid, format);
}

/** LISTEN on a dedicated connection, reconnecting (and telling the caller to drop everything) after a loss. */
async function listen(url: string, channel: string, onMessage: (payload: string) => void, registry: pg.Client[]): Promise<Subscription> {
  let stopped = false;
  let client: pg.Client | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
    c.on('error', () => {
      // Notifications may have been missed while disconnected: everything is suspect, and
      // nothing may be trusted (sync() rejects) until listening again.
      if (client === c) client = null;
      onMessage('*');
      if (!stopped) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    });
    await c.connect();
    await c.query(`listen ${pg.Client.prototype.escapeIdentifier(channel)}`);
    // What was remembered while not listening may have changed unheard.
    onMessage('*');
    client = c;
    registry.push(c);
  };
  await connect();

  let current: Promise<void> | null = null; // the round trip under way
  let next: Promise<void> | null = null; // the one after it, shared by calls made meanwhile
  const roundTrip = (): Promise<void> => {
    const c = client;
    const p = c ? c.query('select 1').then(() => undefined) : Promise.reject(new Error(`not listening on ${channel}`));
    current = p.finally(() => {
      current = null;
    });
    return current;
  };
  const sync = (): Promise<void> => {
    // A round trip already under way may have been sent before this call: wait for a new one.
    if (!current) return roundTrip();
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = null;
        return roundTrip();
      });
    return next;
  };
  return {
    stop: async () => {
      stopped = true;
      await client?.end().catch(() => undefined);
    },
    sync,
  };
}

export function sqlitePathFromUrl(url: string): string {
  const p = url.slice('sqlite:'.length);
  return p.startsWith('//') ? p.slice(2) : p;
}

export function createDb(url: string, opts: { poolSize?: number } = {}): Db {
  if (url.startsWith('sqlite:')) {
    const file = sqlitePathFromUrl(url);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 10000');
    database.pragma('synchronous = NORMAL');
    prepareOnce(database);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    const dataVersion = database.prepare('pragma data_version').pluck();
    let lastVersion = dataVersion.get() as number;
    return {
      db,
      helpers: sqliteHelpers,
      url,
      close: () => db.destroy(),
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      changes: {
        publish: async () => {},
        subscribe: async () => ({ stop: async () => {} }),
        externalWritesSince() {
          const v = dataVersion.get() as number;
          if (v === lastVersion) return false;
          lastVersion = v;
          return true;
        },
      },
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      types: { getTypeParser: pgTypeParser } as any,
    });
    // An idle connection that dies (server restart, an administrator's terminate, a dropped
    // test database) must not take the process down: the pool opens a new one when needed.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const listeners: pg.Client[] = [];
    return {
      db,
      helpers: postgresHelpers,
      url,
      close: async () => {
        await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
        await db.destroy();
      },
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      changes: {
        publish: async (trx, channel, payload) => {
          await sql`select pg_notify(${channel}, ${payload})`.execute(trx);
        },
        subscribe: (channel, onMessage) => listen(url, channel, onMessage, listeners),
        externalWritesSince: () => false,
      },
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}
