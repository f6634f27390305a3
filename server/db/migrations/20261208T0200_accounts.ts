// Accounts (issue 15): organisations registering themselves (pending until their jurisdiction's
// admin decides), invitations of members by link, password resets by e-mail, and the throttle of
// the anonymous routes that start them. Tokens are stored as SHA-256 hashes only.
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('registrations')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    // the pending organisation and admin it created; both nulled (and deleted) on rejection
    .addColumn('organization_id', idType, (c) => c.references('organizations.id'))
    .addColumn('user_id', idType, (c) => c.references('users.id'))
    // what was applied for, kept after a rejection
    .addColumn('uscc', 'varchar(18)', (c) => c.notNull())
    .addColumn('organization_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('organization_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('contact_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('contact_phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('contact_email', 'varchar(200)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    // pending → approved | rejected
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('decided_by_user_id', idType, (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('ip', 'varchar(64)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('registrations_jurisdiction_idx').on('registrations').columns(['jurisdiction_code', 'status', 'created_at']).execute();
  await db.schema.createIndex('registrations_status_idx').on('registrations').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('organization_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('email', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_by_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('accepted_at', ts)
    .addColumn('accepted_user_id', idType, (c) => c.references('users.id'))
    .addColumn('revoked_at', ts)
    .addColumn('revoked_by_user_id', idType, (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('invitations_org_idx').on('invitations').columns(['organization_id', 'created_at']).execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').columns(['user_id', 'created_at']).execute();

  // Anonymous requests that write or send mail (registration, reset, invitation acceptance), per address.
  await db.schema
    .createTable('anonymous_requests')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('anonymous_requests_idx').on('anonymous_requests').columns(['action', 'ip', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('anonymous_requests').execute();
  await db.schema.dropTable('password_resets').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('registrations').execute();
}
