// Workbench (issue 15): training requests (a user asks a resource's operators for the training
// that self-operation needs; granting creates the training authorisation) and the indexes the
// workbench's aggregate figures filter on.
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('training_requests')
    .addColumn('id', idType, (c) => h.schema.identity(c))
    .addColumn('resource_id', idType, (c) => c.notNull().references('resources.id'))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('organization_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('note', 'varchar(500)', (c) => c.notNull())
    // pending → granted | rejected
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_by', idType, (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('decision_note', 'varchar(500)')
    .addColumn('training_id', idType, (c) => c.references('training_authorizations.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_requests_resource_idx').on('training_requests').columns(['resource_id', 'state']).execute();
  await db.schema.createIndex('training_requests_user_idx').on('training_requests').columns(['user_id', 'state']).execute();

  // The workbench's figures: the resources a person manages, redemptions by month, the last day's sign-ins
  // (pending bookings per resource and bookings over a window use bookings_resource_range_idx).
  await db.schema.createIndex('resources_manager_idx').on('resources').columns(['manager_user_id']).ifNotExists().execute();
  await db.schema.createIndex('redemptions_created_idx').on('redemptions').columns(['issuer_jurisdiction', 'created_at']).ifNotExists().execute();
  await db.schema.createIndex('login_attempts_at_idx').on('login_attempts').columns(['at']).ifNotExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const ix of ['login_attempts_at_idx', 'redemptions_created_idx', 'resources_manager_idx']) {
    await db.schema.dropIndex(ix).ifExists().execute();
  }
  await db.schema.dropTable('training_requests').execute();
}
