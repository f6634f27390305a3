// Audit batches (issue 15): the entries one import writes share a batch id, so the log can show
// "these 300 entries are one import" and the import page links to them. Nullable: entries written
// one at a time (and every entry before this migration) have none. The batch id enters the entry's
// hash only when present (server/platform/audit.ts), so the chain of older entries verifies as before.
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, _h: DialectHelpers): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('batch_id', 'varchar(64)').execute();
  await db.schema.createIndex('audit_log_batch_idx').on('audit_log').columns(['batch_id', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_batch_idx').execute();
  await db.schema.alterTable('audit_log').dropColumn('batch_id').execute();
}
