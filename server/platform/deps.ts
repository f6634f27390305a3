import type { Db } from '../db/index';
import type { Clock } from './clock';
import type { Config } from '../config';

/** What every service needs, passed in by buildApp (no globals, so tests can swap any of it). */
export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}

/** Runs fn in one transaction; the audit entry a change writes commits or rolls back with it. */
export function inTransaction<T>(deps: Deps, fn: (trx: import('kysely').Transaction<import('../db/types').Database>) => Promise<T>): Promise<T> {
  return deps.db.db.transaction().execute(fn);
}
