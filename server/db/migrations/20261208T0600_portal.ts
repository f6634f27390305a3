// Public portal (issue 15): the owner chooses whether a resource's or a listing's price is shown
// to visitors who are not signed in (default: shown), and indexes for the regional overview's
// counts per jurisdiction (one grouped count per table, read from the index alone).
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, _h: DialectHelpers): Promise<void> {
  await db.schema
    .alterTable('resources')
    .addColumn('price_public', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('listings')
    .addColumn('price_public', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('resources_status_jur_idx').on('resources').columns(['status', 'jurisdiction_code']).execute();
  await db.schema.createIndex('listings_kind_status_jur_idx').on('listings').columns(['kind', 'status', 'jurisdiction_code']).execute();
  await db.schema.createIndex('providers_status_jur_idx').on('providers').columns(['status', 'jurisdiction_code']).execute();
  await db.schema.createIndex('calls_status_jur_idx').on('calls').columns(['status', 'jurisdiction_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['resources_status_jur_idx', 'listings_kind_status_jur_idx', 'providers_status_jur_idx', 'calls_status_jur_idx'])
    await db.schema.dropIndex(i).execute();
  await db.schema.alterTable('listings').dropColumn('price_public').execute();
  await db.schema.alterTable('resources').dropColumn('price_public').execute();
}
