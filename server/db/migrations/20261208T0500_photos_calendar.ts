// Issue 15, defects 7, 11 and 12:
//  - calendar_links: a read-only link to one person's bookings feed with its own revocable
//    secret (only its SHA-256 is kept); it is never an API token.
//  - name_pinyin on organizations, users (display name) and resources: a pinyin sort key
//    (platform/text.ts pinyinKey) filled on write and backfilled here, indexed for name sorts.
//  - resource_photos (files under the data directory) and contact fields on resources.
//  - messages: "我要洽谈" — a signed-in user writes to the organisation owning a resource or a
//    result/listing; the owner's admins (and the resource's manager) read the thread.
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';
import { pinyinKey } from '../../platform/text';

async function backfill(db: Kysely<any>, table: string, source: string): Promise<void> {
  const rows: { id: number; src: string }[] = await db
    .selectFrom(table)
    .select(['id', `${source} as src`])
    .execute();
  for (const r of rows)
    await db
      .updateTable(table)
      .set({ name_pinyin: pinyinKey(r.src) })
      .where('id', '=', r.id)
      .execute();
}

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('calendar_links')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema.createIndex('calendar_links_user_idx').on('calendar_links').columns(['user_id', 'id']).execute();

  for (const [table, source] of [
    ['organizations', 'name'],
    ['users', 'display_name'],
    ['resources', 'name'],
  ] as const) {
    await db.schema
      .alterTable(table)
      .addColumn('name_pinyin', 'varchar(600)', (c) => c.notNull().defaultTo(''))
      .execute();
    await backfill(db, table, source);
    await db.schema.createIndex(`${table}_name_pinyin_idx`).on(table).columns(['name_pinyin', 'id']).execute();
  }

  await db.schema
    .createTable('resource_photos')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id'))
    // random file stem under <data dir>/photos/; the original and a thumbnail (<stem>.thumb.jpg)
    .addColumn('file_stem', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_by', idType, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resource_photos_resource_idx').on('resource_photos').columns(['resource_id', 'id']).execute();

  await db.schema.alterTable('resources').addColumn('contact_name', 'varchar(100)').execute();
  await db.schema.alterTable('resources').addColumn('contact_phone', 'varchar(40)').execute();
  await db.schema.alterTable('resources').addColumn('contact_email', 'varchar(254)').execute();
  // public | signed_in | nobody
  await db.schema
    .alterTable('resources')
    .addColumn('contact_visibility', 'varchar(16)', (c) => c.notNull().defaultTo('signed_in'))
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('sender_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('sender_org_id', idType, (c) => c.notNull().references('organizations.id'))
    // resource | listing
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', idType, (c) => c.notNull())
    .addColumn('target_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_target_idx').on('messages').columns(['target_type', 'target_id', 'id']).execute();
  await db.schema.createIndex('messages_org_idx').on('messages').columns(['target_org_id', 'id']).execute();
  await db.schema.createIndex('messages_sender_idx').on('messages').columns(['sender_user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('messages').execute();
  for (const c of ['contact_visibility', 'contact_email', 'contact_phone', 'contact_name']) await db.schema.alterTable('resources').dropColumn(c).execute();
  await db.schema.dropTable('resource_photos').execute();
  for (const t of ['resources', 'users', 'organizations']) {
    await db.schema.dropIndex(`${t}_name_pinyin_idx`).execute();
    await db.schema.alterTable(t).dropColumn('name_pinyin').execute();
  }
  await db.schema.dropTable('calendar_links').execute();
}
