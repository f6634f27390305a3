// What a market search or match reads before it touches a posting, kept small at a million
// listings:
//   • listing_term_df (term, kind → df): how many listings of a kind hold each word, kept by the
//     re-indexing in the same transaction as the postings. A search's idf and a match's choice of
//     words read it by key; counting a common word's postings instead read 270 000 index entries,
//     and a demand's fifty words in a match up to 700 000 (PostgreSQL: 400 ms);
//   • listings_recent_idx (kind, status, id → facet columns): the newest published listings of a
//     kind, the browsing sample, read from one index range walked backwards, never the table rows
//     (a filtered browse read 160 000 rows through listings_list_idx: 141 ms on SQLite);
//   • PostgreSQL: a larger statistics sample of listing_terms.term, so the planner knows a common
//     word from a rare one (it estimated 9 666 postings for a word with 73 446 and sorted whole
//     posting lists where a walk stops early).
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

const RECENT = {
  name: 'listings_recent_idx',
  table: 'listings',
  columns: ['kind', 'status', 'id'],
  include: ['result_type', 'jurisdiction_code', 'ipc_main', 'field_main', 'trl', 'price_fen'],
};

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('listing_term_df')
    .addColumn('term', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(1)', (c) => c.notNull())
    .addColumn('df', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('listing_term_df_pk', ['term', 'kind'])
    .execute();
  await sql`insert into listing_term_df (term, kind, df) select term, kind, count(*) from listing_terms group by term, kind`.execute(db);
  await h.schema.createCoveringIndex(db, RECENT);
  if (h.engine === 'postgres') await sql`alter table listing_terms alter column term set statistics 1000`.execute(db);
  for (const t of ['listings', 'listing_terms', 'listing_term_df']) await sql`analyze ${sql.table(t)}`.execute(db);
}

export async function down(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  if (h.engine === 'postgres') await sql`alter table listing_terms alter column term set statistics -1`.execute(db);
  await db.schema.dropIndex(RECENT.name).ifExists().execute();
  await db.schema.dropTable('listing_term_df').execute();
}
