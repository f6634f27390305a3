// Covering indexes for the catalogue search, so a search reads b-trees only:
//   • resource_terms: a posting's tf is read with its key (term, resource_id) — SQLite: the table
//     becomes WITHOUT ROWID (clustered on the key); PostgreSQL: the key's index INCLUDEs tf;
//   • resources: what scoring, filtering, facets and the usual sorts read of a matched resource,
//     looked up by id (doc_len, status, the facet columns, price, value, created_at).
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

const POSTINGS_KEY = { table: 'resource_terms', constraint: 'resource_terms_pk', columns: ['term', 'resource_id'], include: ['tf'] };
const RESOURCES_SEARCH = {
  name: 'resources_search_idx',
  table: 'resources',
  columns: ['id'],
  include: ['status', 'doc_len', 'kind', 'jurisdiction_code', 'category1', 'city', 'list_price_fen', 'original_value_fen', 'created_at'],
};

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  await h.schema.coverPrimaryKey(db, POSTINGS_KEY);
  await h.schema.createCoveringIndex(db, RESOURCES_SEARCH);
  for (const t of ['resources', 'resource_terms']) await sql`analyze ${sql.table(t)}`.execute(db);
}

export async function down(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  await db.schema.dropIndex(RESOURCES_SEARCH.name).ifExists().execute();
  await h.schema.coverPrimaryKey(db, POSTINGS_KEY, false);
}
