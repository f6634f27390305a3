// What every part of the scale generator does alike: rows generated chunk by chunk while the
// database writes the previous chunk, a larger SQLite page cache while a bulk load runs, and the
// bookkeeping after one (fresh planner statistics, one audit entry for the whole run).
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { recordAudit } from '../../platform/audit';
import * as repo from './scale.repository';

export interface ScaleProgress {
  phase: 'organizations' | 'resources' | 'listings' | 'postings' | 'index';
  done: number;
  total: number;
  elapsedMs: number;
}

export const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/**
 * Prepares the chunks [0, size), [size, 2·size), … of [0, total) and writes each in turn; the next
 * chunk is prepared while the current one is written (PostgreSQL writes in its own process; the
 * preparation yields to the event loop now and then). A failure of the chunk being prepared
 * surfaces when it is awaited, not as an unhandled rejection while the previous chunk is still
 * being written.
 */
export async function writeInChunks<C extends { end: number }>(
  total: number,
  size: number,
  prepare: (start: number, end: number) => Promise<C>,
  write: (chunk: C) => Promise<void>,
): Promise<void> {
  if (total <= 0) return;
  const prepareNext = (start: number) => {
    const p = prepare(start, Math.min(total, start + size));
    p.catch(() => undefined);
    return p;
  };
  let next: Promise<C> | null = prepareNext(0);
  while (next) {
    const chunk: C = await next;
    next = chunk.end < total ? prepareNext(chunk.end) : null;
    await write(chunk);
  }
}

/**
 * Runs fn with SQLite's page cache of this connection set to `size` (PRAGMA cache_size: negative
 * in KiB) and restores it after: the default 2 MB thrashes once a search index outgrows it.
 * PostgreSQL: just fn.
 */
export async function withPageCache<T>(deps: Deps, size: number, fn: () => Promise<T>): Promise<T> {
  const { db, helpers } = deps.db;
  const before = helpers.engine === 'sqlite' ? await repo.pageCacheSize(db) : null;
  if (before !== null) await repo.setPageCacheSize(db, size);
  try {
    return await fn();
  } finally {
    if (before !== null) await repo.setPageCacheSize(db, before);
  }
}

/**
 * After a bulk load: planner statistics for the tables it filled (SQLite has none until ANALYZE;
 * PostgreSQL's autovacuum gathers them only later, and without them both plan the searches badly;
 * on PostgreSQL a VACUUM too, so index-only scans need not visit the tables), then one audit entry
 * for the whole run.
 */
export async function finishBulkLoad(
  deps: Deps,
  tables: string[],
  audit: { at: string; action: string; change: Record<string, unknown> },
): Promise<{ analyzeMs: number; auditSeq: number }> {
  const analyzeStarted = performance.now();
  await deps.db.helpers.maintenance.afterBulkLoad(deps.db.db, tables);
  const analyzeMs = performance.now() - analyzeStarted;
  const auditSeq = await inTransaction(deps, (trx) =>
    recordAudit(trx, deps.db.helpers, audit.at, {
      actor: null,
      action: audit.action,
      entityType: 'platform',
      entityId: null,
      jurisdictionCode: null,
      change: audit.change,
    }),
  );
  return { analyzeMs, auditSeq };
}
