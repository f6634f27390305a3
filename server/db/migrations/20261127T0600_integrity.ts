// Appeals against research-integrity records (Decision art. 17): the subject appeals, the
// recording jurisdiction decides; an upheld appeal revokes the record. Corrections and
// revocations are audited like every change.
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { identity, idType, timestampType: ts } = h.schema;
  await db.schema
    .createTable('integrity_appeals')
    .addColumn('id', idType, identity)
    .addColumn('record_id', idType, (c) => c.notNull().references('integrity_records.id'))
    .addColumn('appellant_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'varchar(4000)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // open | upheld | dismissed
    .addColumn('decision_note', 'varchar(1000)')
    .addColumn('decided_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('decided_at', ts)
    .execute();
  await db.schema.createIndex('integrity_appeals_record_idx').on('integrity_appeals').columns(['record_id', 'status']).execute();
  await db.schema.createIndex('integrity_records_list_idx').on('integrity_records').columns(['jurisdiction_code', 'created_at']).execute();
  await db.schema.createIndex('integrity_records_created_idx').on('integrity_records').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('integrity_appeals').ifExists().execute();
  await db.schema.dropIndex('integrity_records_list_idx').ifExists().execute();
  await db.schema.dropIndex('integrity_records_created_idx').ifExists().execute();
}
