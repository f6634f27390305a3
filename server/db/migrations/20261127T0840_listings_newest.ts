// The newest listings of a kind in one index order, ties included: listings_list_idx (kind,
// status, published_at) becomes listings_newest_idx (kind, status, published_at, id). A sorted
// page of a large match set walks its index and stops (listings.repository bigPage); with listings
// published at the same instant (an import, a seed) PostgreSQL sorted each run of them by id
// first — 11 637 rows read for a page of 20 at a million listings. The sort indexes of 0820
// already end in id.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('listings_newest_idx').on('listings').columns(['kind', 'status', 'published_at', 'id']).execute();
  await db.schema.dropIndex('listings_list_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('listings_list_idx').on('listings').columns(['kind', 'status', 'published_at']).execute();
  await db.schema.dropIndex('listings_newest_idx').execute();
}
