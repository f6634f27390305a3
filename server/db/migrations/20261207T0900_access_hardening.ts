// Access faults an outside probe found (issue 12):
// - login_name_locks: failed sign-ins under names that have no account, counted like an
//   account's, so a lock-out does not tell which usernames exist;
// - import_sources: who registered each source of imported listings (only they import under it),
//   and import_source_links: organisations that accepted being linked as owners by a source;
// - settlement_lines by provider jurisdiction: settlements are read by the jurisdictions in them;
// - voucher_programs.applicant_jurisdictions: where applicants may come from (its own by default).
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('login_name_locks')
    .addColumn('username', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('failed_logins', 'integer', (c) => c.notNull())
    .addColumn('locked_until', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_name_locks_updated_idx').on('login_name_locks').column('updated_at').execute();

  await db.schema
    .createTable('import_sources')
    .addColumn('source', 'varchar(64)', (c) => c.primaryKey())
    // Exactly one owner: an organisation (a market operator), else a jurisdiction, else the platform.
    .addColumn('owner_org_id', idType, (c) => c.references('organizations.id'))
    .addColumn('owner_jurisdiction', 'varchar(6)')
    .addColumn('registered_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('import_source_links')
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('organization_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('accepted_by', idType, (c) => c.notNull().references('users.id'))
    .addColumn('accepted_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_source_links_pk', ['organization_id', 'source'])
    .execute();

  // Sources already used belong to whoever sent their first batch.
  const firsts = await sql<{
    source: string;
    submitted_by: number | null;
    role: string | null;
    organization_id: number | null;
    jurisdiction_code: string | null;
    created_at: string;
  }>`
    select b.source, b.submitted_by, u.role, u.organization_id, u.jurisdiction_code, b.created_at
    from import_batches b left join users u on u.id = b.submitted_by
    where b.id = (select min(b2.id) from import_batches b2 where b2.source = b.source)
    order by b.source`.execute(db);
  for (const f of firsts.rows) {
    await db
      .insertInto('import_sources')
      .values({
        source: f.source,
        owner_org_id: f.role === 'org_admin' ? f.organization_id : null,
        owner_jurisdiction: f.role === 'jurisdiction_admin' ? f.jurisdiction_code : null,
        registered_by: f.submitted_by,
        created_at: f.created_at,
      })
      .execute();
  }

  // A jurisdiction admin's list of settlements includes those owing its providers.
  await db.schema
    .createIndex('settlement_lines_provider_jurisdiction_idx')
    .on('settlement_lines')
    .columns(['provider_jurisdiction', 'settlement_id'])
    .execute();

  await db.schema
    .alterTable('voucher_programs')
    .addColumn('applicant_jurisdictions', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db
    .updateTable('voucher_programs')
    .set({ applicant_jurisdictions: sql.ref('jurisdiction_code') })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('voucher_programs').dropColumn('applicant_jurisdictions').execute();
  await db.schema.dropIndex('settlement_lines_provider_jurisdiction_idx').execute();
  await db.schema.dropTable('import_source_links').execute();
  await db.schema.dropTable('import_sources').execute();
  await db.schema.dropTable('login_name_locks').execute();
}
