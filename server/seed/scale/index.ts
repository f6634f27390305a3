// Synthetic data for benchmarks (npm run seed -- --scale N [--resources M] [--listings L]), one
// generator with a part per module:
//   • organizations.ts: N clearly fictional organisations (every name carries 示例) over the four
//     jurisdictions and all six organisation types, one member account each (scale-u<n>);
//   • resources.ts: M shared resources (default N) owned by them and the demo organisations,
//     with the catalogue's search terms;
//   • listings.ts: L technology-market listings with their postings (its own run, its own audit
//     entry; bench/suites/transfer.ts builds its million listings with seedScaleListings alone).
// Every record is deterministic (random.ts), so the benchmark databases built from them are
// reproducible; every run adds to what earlier runs left (the numbering continues), in multi-row
// batches inside a few large transactions (run.ts), and ends with fresh planner statistics and one
// audit entry. Its SQL is in scale.repository.ts (the postings' own bookkeeping is the owning
// modules' repositories').
import type { Deps } from '../../platform/deps';
import { SCALE_USER_PREFIX, lastScaleNumber, writeOrganizations } from './organizations';
import { writeResources } from './resources';
import { seedScaleListings, type ListingsResult } from './listings';
import { finishBulkLoad, isCount, type ScaleProgress } from './run';

export { SCALE_USER_PREFIX, scaleOrg, type ScaleOrg } from './organizations';
export { scaleResource, resourceIdentifier, type ScaleOwner } from './resources';
export {
  AREAS,
  ListingTermIndexer,
  MODEL_CODES,
  SCALE_LISTING_SOURCE,
  modelCode,
  scaleListing,
  scaleListingRow,
  seedScaleListings,
  type ListingsOptions,
  type ListingsProgress,
  type ListingsResult,
} from './listings';
export type { ScaleProgress } from './run';

/**
 * A part of the seed starting (no result yet) or done. Each part is its own run with its own audit
 * entry: 'organizations' (organisations, their members and the resources: seed.scale) and
 * 'listings' (seed.scale_listings).
 */
export type ScalePartEvent = { part: 'organizations'; result?: OrganizationsResult } | { part: 'listings'; result?: ListingsResult };

export interface ScaleOptions {
  /** Synthetic organisations, each with one member account. */
  count: number;
  /** Synthetic resources (default: count). */
  resources?: number;
  /** Synthetic technology-market listings (default 0), added after the organisations and resources. */
  listings?: number;
  /** Rows per multi-row INSERT of organisations and resources (default 500). */
  batchSize?: number;
  /** Batches per transaction (default 10). */
  batchesPerTransaction?: number;
  /** Listings generated (and, in chunked mode, committed) at a time (seedScaleListings' chunk). */
  listingsChunk?: number;
  /** How the listings are written (seedScaleListings' mode). */
  listingsMode?: 'bulk' | 'chunked';
  onProgress?: (p: ScaleProgress) => void;
  /** Told as each part that runs starts and ends. */
  onPart?: (e: ScalePartEvent) => void;
}

/** The organisations, members and resources of a run (all 0 and null when that part did not run). */
export interface OrganizationsResult {
  organizations: number;
  users: number;
  firstUsername: string | null;
  lastUsername: string | null;
  resources: number;
  firstResourceId: number | null;
  lastResourceId: number | null;
  /** Rows written to resource_terms. */
  terms: number;
  /** The seed.scale audit entry (null when the part did not run). */
  auditSeq: number | null;
  organizationsMs: number;
  resourcesMs: number;
  /** ANALYZE (PostgreSQL: VACUUM ANALYZE) of the tables filled, so the planners see their new sizes. */
  analyzeMs: number;
  elapsedMs: number;
}

export interface ScaleResult extends OrganizationsResult {
  /** The listings part (null when no listings were asked for). */
  listings: ListingsResult | null;
}

/** Adds the synthetic organisations with their members, the resources, then the listings. */
export async function seedScale(deps: Deps, opts: ScaleOptions): Promise<ScaleResult> {
  const total = opts.count;
  const resourceTotal = opts.resources ?? total;
  const listingTotal = opts.listings ?? 0;
  if (!isCount(total)) throw new Error(`the scale must be a non-negative integer, got ${total}`);
  if (!isCount(resourceTotal)) throw new Error(`the resource count must be a non-negative integer, got ${resourceTotal}`);
  if (!isCount(listingTotal)) throw new Error(`the listing count must be a non-negative integer, got ${listingTotal}`);
  if (total === 0 && resourceTotal === 0 && listingTotal === 0)
    throw new Error('nothing to add: the scale, the resource count and the listing count are all 0');
  let run: OrganizationsResult = NOTHING;
  if (total > 0 || resourceTotal > 0) {
    opts.onPart?.({ part: 'organizations' });
    run = await seedOrganizationsAndResources(deps, total, resourceTotal, opts);
    opts.onPart?.({ part: 'organizations', result: run });
  }
  let listings: ListingsResult | null = null;
  if (listingTotal > 0) {
    opts.onPart?.({ part: 'listings' });
    listings = await seedScaleListings(deps, { count: listingTotal, chunk: opts.listingsChunk, mode: opts.listingsMode, onProgress: opts.onProgress });
    opts.onPart?.({ part: 'listings', result: listings });
  }
  return { ...run, listings };
}

const NOTHING: OrganizationsResult = {
  organizations: 0,
  users: 0,
  firstUsername: null,
  lastUsername: null,
  resources: 0,
  firstResourceId: null,
  lastResourceId: null,
  terms: 0,
  auditSeq: null,
  organizationsMs: 0,
  resourcesMs: 0,
  analyzeMs: 0,
  elapsedMs: 0,
};

/** One run of organisations (and members) and resources: one seed.scale audit entry. */
async function seedOrganizationsAndResources(deps: Deps, total: number, resourceTotal: number, opts: ScaleOptions): Promise<OrganizationsResult> {
  const batchSize = opts.batchSize ?? 500;
  const perTransaction = batchSize * (opts.batchesPerTransaction ?? 10);
  const started = performance.now();
  const nowIso = deps.clock.now().toISOString();
  const first = (await lastScaleNumber(deps)) + 1;

  if (total > 0) await writeOrganizations(deps, { first, count: total, batchSize, perTransaction, nowIso, started, onProgress: opts.onProgress });
  const organizationsMs = performance.now() - started;

  const resources =
    resourceTotal > 0
      ? await writeResources(deps, { first, count: resourceTotal, batchSize, perTransaction, nowIso, onProgress: opts.onProgress })
      : { firstId: null, lastId: null, terms: 0 };
  const resourcesMs = performance.now() - started - organizationsMs;

  const { analyzeMs, auditSeq } = await finishBulkLoad(deps, ['organizations', 'users', ...(resourceTotal > 0 ? ['resources', 'resource_terms'] : [])], {
    at: nowIso,
    action: 'seed.scale',
    change: { organizations: total, users: total, resources: resourceTotal, resourceIds: resourceTotal ? [resources.firstId, resources.lastId] : null },
  });
  return {
    organizations: total,
    users: total,
    firstUsername: total ? `${SCALE_USER_PREFIX}${first}` : null,
    lastUsername: total ? `${SCALE_USER_PREFIX}${first + total - 1}` : null,
    resources: resourceTotal,
    firstResourceId: resources.firstId,
    lastResourceId: resources.lastId,
    terms: resources.terms,
    auditSeq,
    organizationsMs,
    resourcesMs,
    analyzeMs,
    elapsedMs: performance.now() - started,
  };
}
