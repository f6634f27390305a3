// Test databases: one migrated, demo-seeded template per engine per run, copied for each test
// file (immich's per-test database copy): a SQLite file copy, or CREATE DATABASE … TEMPLATE.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../server/db/index';
import { migrateToLatest } from '../server/db/migrate';
import { seedDemoIfEmpty } from '../server/seed/demo';
import { loadConfig } from '../server/config';
import { systemClock } from '../server/platform/clock';

export type TestEngine = 'sqlite' | 'postgres';

export const PG_ADMIN_URL = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
// YRD_TEST_RUN_ID keeps runs apart that share the machine (a clean-clone CI run beside a
// working copy's, or several people's): their own template database and SQLite folder.
export const RUN_ID = (process.env.YRD_TEST_RUN_ID ?? '')
  .toLowerCase()
  .replace(/[^a-z0-9_]/g, '')
  .slice(0, 20);
export const PG_TEMPLATE = RUN_ID ? `yrd_test_template_${RUN_ID}` : 'yrd_test_template';
export const SQLITE_DIR = path.join(os.tmpdir(), RUN_ID ? `yrd-tests-${RUN_ID}` : 'yrd-tests');
export const SQLITE_TEMPLATE = path.join(SQLITE_DIR, 'template.sqlite');

export function pgUrl(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = '/' + database;
  return u.toString();
}

export async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function seedInto(url: string) {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url });
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    await seedDemoIfEmpty({ db, clock: systemClock, config });
  } finally {
    await db.close();
  }
}

export async function buildSqliteTemplate() {
  fs.mkdirSync(SQLITE_DIR, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(SQLITE_TEMPLATE + suffix, { force: true });
  await seedInto('sqlite:' + SQLITE_TEMPLATE);
}

export async function buildPostgresTemplate() {
  await pgAdmin(async (c) => {
    await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [PG_TEMPLATE]);
    await c.query(`drop database if exists ${PG_TEMPLATE}`);
    // C collation: text sorts by code point, exactly as SQLite's default BINARY collation does.
    await c.query(`create database ${PG_TEMPLATE} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  });
  await seedInto(pgUrl(PG_TEMPLATE));
}

/** A named run leaves nothing behind: its template database is dropped at the end. */
export async function dropPostgresTemplate() {
  if (!RUN_ID) return;
  await pgAdmin((c) => c.query(`drop database if exists ${PG_TEMPLATE} with (force)`));
}

/** A fresh database for one test file; returns its URL and how to drop it. */
export async function freshDatabase(engine: TestEngine): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `yrd_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (engine === 'sqlite') {
    if (!fs.existsSync(SQLITE_TEMPLATE)) await buildSqliteTemplate();
    const file = path.join(SQLITE_DIR, name + '.sqlite');
    fs.copyFileSync(SQLITE_TEMPLATE, file);
    return {
      url: 'sqlite:' + file,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      },
    };
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await pgAdmin((c) => c.query(`create database ${name} template ${PG_TEMPLATE}`));
      break;
    } catch (e) {
      // Two files copying the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt >= 10 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
    }
  }
  return {
    url: pgUrl(name),
    drop: () => pgAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
