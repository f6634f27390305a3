// Shared scientific resources (Decision art. 15): catalogue, search index, availability,
// training authorisations, bookings (no double bookings, enforced by the database), waitlist.
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { identity, idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('resources')
    .addColumn('id', idType, identity)
    .addColumn('identifier', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('category1', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('category2', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('category3', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('model', 'varchar(100)')
    .addColumn('manufacturer', 'varchar(200)')
    .addColumn('origin_country', 'varchar(64)')
    .addColumn('original_value_fen', 'bigint')
    .addColumn('purchase_date', 'varchar(10)')
    .addColumn('registered_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('city', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('manager_user_id', idType, (c) => c.references('users.id'))
    .addColumn('specifications', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('features', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photos_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('service_items_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('service_modes', 'varchar(64)', (c) => c.notNull())
    .addColumn('startup_fee_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('hourly_fee_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('consumables_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('per_sample_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('list_price_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('opening_hours_json', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('needs_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('published'))
    .addColumn('doc_len', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // Every filter and sort of the catalogue has an index; published is the common case.
  for (const [name, cols] of [
    ['resources_kind_idx', ['status', 'kind', 'id']],
    ['resources_jurisdiction_idx', ['status', 'jurisdiction_code', 'city']],
    ['resources_category_idx', ['status', 'category1', 'category2']],
    ['resources_owner_idx', ['owner_org_id', 'id']],
    ['resources_manager_idx', ['manager_user_id']],
    ['resources_price_idx', ['status', 'list_price_fen']],
    ['resources_value_idx', ['status', 'original_value_fen']],
    ['resources_created_idx', ['status', 'created_at']],
    ['resources_name_idx', ['status', 'name']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('resources')
      .columns([...cols])
      .execute();
  }

  // The inverted index for Chinese full-text search: jieba tokens of the folded text, with
  // field-weighted term frequencies. BM25 is computed in portable SQL, so both engines rank
  // the same data the same way.
  await db.schema
    .createTable('resource_terms')
    .addColumn('term', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('tf', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_terms_pk', ['term', 'resource_id'])
    .execute();
  await db.schema.createIndex('resource_terms_resource_idx').on('resource_terms').column('resource_id').execute();
  await db.schema
    .createTable('search_stats')
    .addColumn('scope', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('docs', 'bigint', (c) => c.notNull())
    .addColumn('total_len', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('search_stats').values({ scope: 'resources', docs: 0, total_len: 0 }).execute();

  await db.schema
    .createTable('resource_closures')
    .addColumn('id', idType, identity)
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .addColumn('reason', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resource_closures_range_idx').on('resource_closures').columns(['resource_id', 'starts_at', 'ends_at']).execute();

  await db.schema
    .createTable('training_authorizations')
    .addColumn('id', idType, identity)
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('granted_by', idType, (c) => c.notNull().references('users.id'))
    .addColumn('granted_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('revoked_at', ts)
    .addColumn('note', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('training_resource_user_idx').on('training_authorizations').columns(['resource_id', 'user_id', 'expires_at']).execute();
  await db.schema.createIndex('training_user_idx').on('training_authorizations').columns(['user_id']).execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', idType, identity)
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id'))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('organization_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('mode', 'varchar(24)', (c) => c.notNull())
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    // 1 when the resource has capacity 1: the rows the no-overlap rule applies to.
    .addColumn('exclusive', 'integer', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('purpose', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('quote_fen', 'bigint', (c) => c.notNull())
    .addColumn('quote_json', 'text', (c) => c.notNull())
    .addColumn('charge_fen', 'bigint')
    .addColumn('usage_minutes', 'integer')
    .addColumn('consumables_used_fen', 'bigint')
    .addColumn('series_id', 'varchar(40)')
    .addColumn('decided_by', idType, (c) => c.references('users.id'))
    .addColumn('decision_note', 'varchar(500)')
    .addColumn('checked_in_at', ts)
    .addColumn('completed_at', ts)
    .addColumn('cancelled_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('bookings_positive_range', sql`starts_at < ends_at`)
    .execute();
  await db.schema.createIndex('bookings_resource_range_idx').on('bookings').columns(['resource_id', 'starts_at', 'ends_at']).execute();
  await db.schema.createIndex('bookings_user_idx').on('bookings').columns(['user_id', 'starts_at']).execute();
  await db.schema.createIndex('bookings_status_start_idx').on('bookings').columns(['status', 'starts_at']).execute();
  await db.schema.createIndex('bookings_org_idx').on('bookings').columns(['organization_id', 'starts_at']).execute();

  // No two active bookings of a capacity-1 resource overlap — enforced by the database itself,
  // so it holds whatever the concurrency and however many server processes write.
  if (h.engine === 'postgres') {
    await sql`create extension if not exists btree_gist`.execute(db);
    await sql`alter table bookings add constraint bookings_no_overlap exclude using gist (
      resource_id with =, tstzrange(starts_at, ends_at, '[)') with &&
    ) where (exclusive = 1 and status in ('requested', 'confirmed', 'checked_in'))`.execute(db);
  } else {
    // SQLite has no exclusion constraints: triggers refuse the overlapping row inside the
    // writing transaction (SQLite runs one writer at a time, so the check cannot race).
    for (const [event, when] of [
      ['insert', ''],
      [
        'update of status, starts_at, ends_at, resource_id, exclusive',
        "and (old.status not in ('requested', 'confirmed', 'checked_in') or new.starts_at <> old.starts_at or new.ends_at <> old.ends_at or new.resource_id <> old.resource_id)",
      ],
    ] as const) {
      const name = event === 'insert' ? 'bookings_no_overlap_insert' : 'bookings_no_overlap_update';
      await sql
        .raw(
          `create trigger ${name} before ${event} on bookings
           when new.exclusive = 1 and new.status in ('requested', 'confirmed', 'checked_in') ${when}
           begin
             select raise(abort, 'bookings_no_overlap') where exists (
               select 1 from bookings b
               where b.resource_id = new.resource_id and b.exclusive = 1 and b.id is not new.id
                 and b.status in ('requested', 'confirmed', 'checked_in')
                 and b.starts_at < new.ends_at and b.ends_at > new.starts_at);
           end`,
        )
        .execute(db);
    }
  }

  // Data sets and germplasm are not booked by the hour: a user asks for access, the manager decides.
  await db.schema
    .createTable('access_requests')
    .addColumn('id', idType, identity)
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id'))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('organization_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('purpose', 'varchar(1000)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_by', idType, (c) => c.references('users.id'))
    .addColumn('decision_note', 'varchar(500)')
    .addColumn('decided_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_requests_resource_idx').on('access_requests').columns(['resource_id', 'status']).execute();
  await db.schema.createIndex('access_requests_user_idx').on('access_requests').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('waitlist_entries')
    .addColumn('id', idType, identity)
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id'))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('mode', 'varchar(24)', (c) => c.notNull())
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('offered_at', ts)
    .addColumn('offer_expires_at', ts)
    .addColumn('booking_id', idType, (c) => c.references('bookings.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('waitlist_resource_idx').on('waitlist_entries').columns(['resource_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('waitlist_user_idx').on('waitlist_entries').columns(['user_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'waitlist_entries',
    'access_requests',
    'bookings',
    'training_authorizations',
    'resource_closures',
    'search_stats',
    'resource_terms',
    'resources',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
