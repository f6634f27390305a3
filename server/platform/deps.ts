import type { Db } from '../db/index';
import type { Clock } from './clock';
import type { Config } from '../config';

/** What every service needs, passed in by buildApp (no globals, so tests can swap any of it). */
export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}

export interface TransactionOptions {
  /**
   * Run fn again (from the start, in a new transaction) when the engine aborted it to break a
   * deadlock — as many times as this says. Safe because fn re-reads what it decides on.
   */
  retryOnDeadlock?: number;
}

/** Runs fn in one transaction; the audit entry a change writes commits or rolls back with it. */
export async function inTransaction<T>(
  deps: Deps,
  fn: (trx: import('kysely').Transaction<import('../db/types').Database>) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.db.transaction().execute(fn);
    } catch (e) {
      if (attempt >= (opts.retryOnDeadlock ?? 0) || !deps.db.helpers.errors.isDeadlock(e)) throw e;
    }
  }
}
