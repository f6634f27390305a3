// Notifications (issue 15): the in-app inbox, each person's preferences, and the e-mail outbox
// a worker drains (a failed mail never fails the action that caused it; it is retried later).
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('notifications')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    // what happened, e.g. booking.approved; its title and text are rendered in the reader's language
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('params_json', 'text', (c) => c.notNull())
    // the page it is about, e.g. /bookings?id=12
    .addColumn('link', 'varchar(300)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('notifications_unread_idx').on('notifications').columns(['user_id', 'read_at']).execute();
  // A sweep's one-off notice (a voucher about to expire) is looked up by its kind and link.
  await db.schema.createIndex('notifications_kind_link_idx').on('notifications').columns(['kind', 'link']).execute();

  await db.schema
    .createTable('notification_prefs')
    .addColumn('user_id', idType, (c) => c.primaryKey().references('users.id'))
    .addColumn('email_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // JSON array of kinds the person wants no e-mail for (the inbox still gets them)
    .addColumn('muted_kinds_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('lang', 'varchar(2)', (c) => c.notNull().defaultTo('zh'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('user_id', idType, (c) => c.references('users.id'))
    .addColumn('notification_id', idType, (c) => c.references('notifications.id'))
    .addColumn('to_address', 'varchar(254)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    // pending → sent, or dead after the last attempt
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .addColumn('last_error', 'varchar(500)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .execute();
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute();
  await db.schema.dropTable('notification_prefs').execute();
  await db.schema.dropTable('notifications').execute();
}
