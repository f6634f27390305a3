// Technology market at a million listings (npm run bench -- transfer): two covering indexes on
// listings, so the searches stop reading whole listing rows (a kilobyte or more each, text
// included) for every match.
//   • listings_search_idx (id → …) now also carries kind and status: the text search joins every
//     matching posting to its listing for those two filters, the length (BM25) and the facet
//     columns; without them SQLite read the table row of each match (a 21 000-match query: 480 →
//     140 ms) and PostgreSQL scanned the heap.
//   • listings_browse_idx (kind, status, result_type, jurisdiction_code → facet columns, price):
//     the market's first page without words counts the published listings of a kind and groups
//     them by four facets; through listings_list_idx each of those read every table row (SQLite
//     7–15 s at 540 000 results, PostgreSQL a parallel sequential scan, 0.7–1 s); index-only now.
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

const SEARCH_BEFORE = {
  name: 'listings_search_idx',
  table: 'listings',
  columns: ['id'],
  include: ['doc_len', 'jurisdiction_code', 'result_type', 'ipc_main', 'field_main', 'trl', 'price_fen', 'published_at'],
};
const SEARCH = { ...SEARCH_BEFORE, include: ['kind', 'status', ...SEARCH_BEFORE.include] };
const BROWSE = {
  name: 'listings_browse_idx',
  table: 'listings',
  columns: ['kind', 'status', 'result_type', 'jurisdiction_code'],
  include: ['ipc_main', 'field_main', 'trl', 'price_fen'],
};

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  await db.schema.dropIndex(SEARCH.name).execute();
  await h.schema.createCoveringIndex(db, SEARCH);
  await h.schema.createCoveringIndex(db, BROWSE);
  await sql`analyze ${sql.table('listings')}`.execute(db);
}

export async function down(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  await db.schema.dropIndex(BROWSE.name).ifExists().execute();
  await db.schema.dropIndex(SEARCH.name).execute();
  await h.schema.createCoveringIndex(db, SEARCH_BEFORE);
}
