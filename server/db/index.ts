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
}

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;

// Times come back as ISO-8601 UTC strings and bigints as numbers (ids and fen stay far below
// 2^53), so both engines hand the services the same values.
function pgTypeParser(oid: number, format?: string): any {
  if (oid === TIMESTAMPTZ || oid === TIMESTAMP) {
    return (v: string) => (v === null ? null : new Date(oid === TIMESTAMP ? v + 'Z' : v).toISOString());
  }
  if (oid === INT8) return (v: string) => (v === null ? null : Number(v));
  return (pg.types.getTypeParser as any)(oid, format);
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
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    return {
      db,
      helpers: sqliteHelpers,
      url,
      close: () => db.destroy(),
      ping: async () => {
        await sql`select 1`.execute(db);
      },
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      types: { getTypeParser: pgTypeParser } as any,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      helpers: postgresHelpers,
      url,
      close: () => db.destroy(),
      ping: async () => {
        await sql`select 1`.execute(db);
      },
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}
