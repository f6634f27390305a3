// Technology market search with bounded work per request (issue 5's benchmark at a million
// listings):
//   • listing_terms.w, a posting's impact: its BM25 term score before the word's idf (k1 1.2,
//     b 0.75, the length pivot fixed at 100 weighted words — see IMPACT in
//     server/modules/transfer/listings.repository.ts), in thousandths. A match's score is then
//     the sum of idf × w over the query's words, read from the postings alone;
//   • listing_terms_impact_idx (term, kind, w desc, listing_id): the best matches of a word are
//     the first entries of its range, so a page of a word found in 270 000 listings is read in
//     impact order and the walk stops at the page;
//   • PostgreSQL: the postings' key INCLUDEs w beside tf (SQLite's WITHOUT ROWID table holds it);
//   • sort indexes of listings by kind and status for each sort a searcher picks (price, TRL,
//     deadline, title), so a sorted page of a large match set walks an index instead of sorting
//     the whole set.
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

const POSTINGS_KEY = { table: 'listing_terms', constraint: 'listing_terms_pk', columns: ['term', 'kind', 'listing_id'] };
const SORTS = ['price_fen', 'trl', 'deadline', 'title'];

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  await sql`alter table listing_terms add column w integer not null default 0`.execute(db);
  // 1000 · tf·(k1+1) / (tf + k1·(1 − b + b·doc_len/100)), as impact() computes it for new postings.
  await sql`update listing_terms set w = cast(round(1000.0 * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * (select doc_len from listings where listings.id = listing_terms.listing_id) / 100.0))) as integer)`.execute(
    db,
  );
  if (h.engine === 'postgres') await h.schema.coverPrimaryKey(db, { ...POSTINGS_KEY, include: ['tf', 'w'] });
  await sql`create index listing_terms_impact_idx on listing_terms (term, kind, w desc, listing_id)`.execute(db);
  for (const c of SORTS) await db.schema.createIndex(`listings_sort_${c}_idx`).on('listings').columns(['kind', 'status', c, 'id']).execute();
  for (const t of ['listings', 'listing_terms']) await sql`analyze ${sql.table(t)}`.execute(db);
}

export async function down(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  for (const c of SORTS) await db.schema.dropIndex(`listings_sort_${c}_idx`).ifExists().execute();
  await db.schema.dropIndex('listing_terms_impact_idx').ifExists().execute();
  if (h.engine === 'postgres') await h.schema.coverPrimaryKey(db, { ...POSTINGS_KEY, include: ['tf'] });
  await sql`alter table listing_terms drop column w`.execute(db);
}
