// Innovation vouchers (Decision art. 13): programmes, recognised service providers, issuance,
// redemption, a double-entry ledger and settlement; plus the integrity records every module's
// gate reads (Decision art. 17; their management pages come with the joint-calls capability).
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { identity, idType, timestampType: ts, binaryType } = h.schema;

  // ---- integrity records: read by the platform gate (server/platform/integrity.ts) ----------
  await db.schema
    .createTable('integrity_records')
    .addColumn('id', idType, identity)
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('subject_type', 'varchar(16)', (c) => c.notNull()) // organization | person
    .addColumn('subject_org_id', idType, (c) => c.references('organizations.id'))
    .addColumn('subject_user_id', idType, (c) => c.references('users.id'))
    .addColumn('subject_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('misconduct', 'varchar(1000)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(1000)', (c) => c.notNull())
    .addColumn('deciding_unit', 'varchar(200)', (c) => c.notNull())
    .addColumn('legal_basis', 'varchar(500)', (c) => c.notNull())
    .addColumn('effective_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active')) // active | revoked
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integrity_records_org_idx').on('integrity_records').columns(['subject_org_id', 'ends_at']).execute();
  await db.schema.createIndex('integrity_records_user_idx').on('integrity_records').columns(['subject_user_id', 'ends_at']).execute();

  // ---- programmes ---------------------------------------------------------------------------
  await db.schema
    .createTable('voucher_programs')
    .addColumn('id', idType, identity)
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('issue_from', ts, (c) => c.notNull())
    .addColumn('issue_until', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('share_bp', 'integer', (c) => c.notNull()) // basis points of a fee the voucher may pay
    .addColumn('cap_enterprise_year_fen', 'bigint', (c) => c.notNull())
    .addColumn('cap_team_fen', 'bigint', (c) => c.notNull())
    .addColumn('eligible_tiers', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('teams_eligible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('eligible_categories', 'varchar(300)', (c) => c.notNull())
    .addColumn('redeem_jurisdictions', 'varchar(100)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // active | closed
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voucher_programs_jur_idx').on('voucher_programs').columns(['jurisdiction_code', 'created_at']).execute();

  // ---- service providers (服务机构) ---------------------------------------------------------
  await db.schema
    .createTable('providers')
    .addColumn('id', idType, identity)
    .addColumn('organization_id', idType, (c) => c.notNull().unique().references('organizations.id'))
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // applied | notice | listed | rejected | suspended | revoked
    .addColumn('categories', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('self_assessment_json', 'text', (c) => c.notNull())
    .addColumn('check_json', 'text')
    .addColumn('notice_starts_at', ts)
    .addColumn('notice_ends_at', ts)
    .addColumn('listed_at', ts)
    .addColumn('status_reason', 'varchar(1000)')
    .addColumn('applied_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('providers_status_idx').on('providers').columns(['status', 'jurisdiction_code']).execute();

  await db.schema
    .createTable('provider_evidence')
    .addColumn('id', idType, identity)
    .addColumn('provider_id', idType, (c) => c.notNull().references('providers.id').onDelete('cascade'))
    .addColumn('condition', 'varchar(32)', (c) => c.notNull())
    .addColumn('filename', 'varchar(200)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('content', binaryType, (c) => c.notNull())
    .addColumn('uploaded_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('provider_evidence_provider_idx').on('provider_evidence').column('provider_id').execute();

  await db.schema
    .createTable('provider_objections')
    .addColumn('id', idType, identity)
    .addColumn('provider_id', idType, (c) => c.notNull().references('providers.id').onDelete('cascade'))
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'varchar(2000)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // open | upheld | dismissed
    .addColumn('resolution', 'varchar(1000)')
    .addColumn('resolved_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('resolved_at', ts)
    .execute();
  await db.schema.createIndex('provider_objections_provider_idx').on('provider_objections').columns(['provider_id', 'status']).execute();

  // Recognition of a provider listed elsewhere (互认), or its refusal, by another jurisdiction.
  await db.schema
    .createTable('provider_recognitions')
    .addColumn('id', idType, identity)
    .addColumn('provider_id', idType, (c) => c.notNull().references('providers.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('decision', 'varchar(16)', (c) => c.notNull()) // recognised | declined
    .addColumn('note', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_by', idType, (c) => c.references('users.id'))
    .addColumn('decided_at', ts, (c) => c.notNull())
    .addUniqueConstraint('provider_recognitions_uq', ['provider_id', 'jurisdiction_code'])
    .execute();

  await db.schema
    .createTable('service_products')
    .addColumn('id', idType, identity)
    .addColumn('provider_id', idType, (c) => c.notNull().references('providers.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('unit', 'varchar(32)', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // active | retired
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_products_provider_idx').on('service_products').columns(['provider_id', 'status']).execute();

  await db.schema
    .createTable('service_orders')
    .addColumn('id', idType, identity)
    .addColumn('product_id', idType, (c) => c.notNull().references('service_products.id'))
    .addColumn('provider_id', idType, (c) => c.notNull().references('providers.id'))
    .addColumn('buyer_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('buyer_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('note', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // placed | completed | cancelled
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('completed_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_orders_buyer_idx').on('service_orders').columns(['buyer_org_id', 'created_at']).execute();
  await db.schema.createIndex('service_orders_provider_idx').on('service_orders').columns(['provider_id', 'created_at']).execute();

  // Declared affiliates (关联方): redemption between them is refused.
  await db.schema
    .createTable('affiliations')
    .addColumn('id', idType, identity)
    .addColumn('org_a_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('org_b_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('declared_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('affiliations_uq', ['org_a_id', 'org_b_id'])
    .execute();
  await db.schema.createIndex('affiliations_b_idx').on('affiliations').column('org_b_id').execute();

  // ---- applications and vouchers ------------------------------------------------------------
  await db.schema
    .createTable('voucher_applications')
    .addColumn('id', idType, identity)
    .addColumn('program_id', idType, (c) => c.notNull().references('voucher_programs.id'))
    .addColumn('applicant_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('applicant_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('applicant_kind', 'varchar(16)', (c) => c.notNull()) // enterprise | team
    .addColumn('team_name', 'varchar(200)')
    .addColumn('requested_fen', 'bigint', (c) => c.notNull())
    .addColumn('purpose', 'varchar(2000)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // submitted | approved | rejected | withdrawn
    .addColumn('approved_fen', 'bigint')
    .addColumn('decision_note', 'varchar(1000)')
    .addColumn('decided_by', idType, (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voucher_applications_program_idx').on('voucher_applications').columns(['program_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('voucher_applications_org_idx').on('voucher_applications').columns(['applicant_org_id', 'created_at']).execute();

  await db.schema
    .createTable('vouchers')
    .addColumn('id', idType, identity)
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('program_id', idType, (c) => c.notNull().references('voucher_programs.id'))
    .addColumn('application_id', idType, (c) => c.notNull().unique().references('voucher_applications.id'))
    .addColumn('holder_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('holder_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('team_name', 'varchar(200)')
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code')) // issuing
    .addColumn('face_value_fen', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // active | suspended | expired
    .addColumn('status_reason', 'varchar(1000)')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vouchers_holder_idx').on('vouchers').columns(['holder_org_id', 'issued_at']).execute();
  await db.schema.createIndex('vouchers_program_idx').on('vouchers').columns(['program_id', 'issued_at']).execute();
  await db.schema.createIndex('vouchers_expiry_idx').on('vouchers').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('settlements')
    .addColumn('id', idType, identity)
    .addColumn('period', 'varchar(7)', (c) => c.notNull()) // YYYY-MM, Beijing time
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code')) // issuing
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // locked
    .addColumn('redemptions', 'integer', (c) => c.notNull())
    .addColumn('total_fen', 'bigint', (c) => c.notNull())
    .addColumn('run_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('settlements_uq', ['period', 'jurisdiction_code'])
    .execute();

  await db.schema
    .createTable('redemptions')
    .addColumn('id', idType, identity)
    .addColumn('voucher_id', idType, (c) => c.notNull().references('vouchers.id'))
    .addColumn('program_id', idType, (c) => c.notNull().references('voucher_programs.id'))
    .addColumn('holder_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('provider_id', idType, (c) => c.notNull().references('providers.id'))
    .addColumn('issuer_jurisdiction', 'varchar(6)', (c) => c.notNull())
    .addColumn('provider_jurisdiction', 'varchar(6)', (c) => c.notNull())
    .addColumn('source_kind', 'varchar(16)', (c) => c.notNull()) // booking | order
    .addColumn('source_id', idType, (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('fee_fen', 'bigint', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull()) // paid by the voucher
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // completed | reversed
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('settlement_id', idType, (c) => c.references('settlements.id'))
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('redemptions_idem_uq', ['voucher_id', 'idempotency_key'])
    .execute();
  // One live redemption per booking or order, whatever races.
  await db.schema
    .createIndex('redemptions_source_uq')
    .on('redemptions')
    .columns(['source_kind', 'source_id'])
    .unique()
    .where(sql.ref('status'), '=', 'completed')
    .execute();
  await db.schema.createIndex('redemptions_voucher_idx').on('redemptions').columns(['voucher_id', 'created_at']).execute();
  await db.schema.createIndex('redemptions_holder_idx').on('redemptions').columns(['holder_org_id', 'program_id', 'created_at']).execute();
  await db.schema.createIndex('redemptions_provider_idx').on('redemptions').columns(['provider_id', 'created_at']).execute();
  await db.schema.createIndex('redemptions_period_idx').on('redemptions').columns(['issuer_jurisdiction', 'period', 'status']).execute();

  await db.schema
    .createTable('settlement_lines')
    .addColumn('id', idType, identity)
    .addColumn('settlement_id', idType, (c) => c.notNull().references('settlements.id').onDelete('cascade'))
    .addColumn('provider_id', idType, (c) => c.notNull().references('providers.id'))
    .addColumn('provider_jurisdiction', 'varchar(6)', (c) => c.notNull())
    .addColumn('redemptions', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settlement_lines_settlement_idx').on('settlement_lines').column('settlement_id').execute();

  // ---- the ledger: balanced transactions of signed entries; balances are sums of entries ----
  await db.schema
    .createTable('ledger_transactions')
    .addColumn('id', idType, identity)
    .addColumn('kind', 'varchar(24)', (c) => c.notNull()) // fund | issue | redeem | reverse | refund | expire | settle
    .addColumn('program_id', idType)
    .addColumn('voucher_id', idType)
    .addColumn('redemption_id', idType)
    .addColumn('settlement_id', idType)
    .addColumn('memo', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_user_id', idType)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_transactions_voucher_idx').on('ledger_transactions').columns(['voucher_id', 'id']).execute();
  await db.schema.createIndex('ledger_transactions_program_idx').on('ledger_transactions').columns(['program_id', 'id']).execute();
  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', idType, identity)
    .addColumn('transaction_id', idType, (c) => c.notNull().references('ledger_transactions.id'))
    .addColumn('account', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_entries_account_idx').on('ledger_entries').columns(['account', 'amount_fen']).execute();
  await db.schema.createIndex('ledger_entries_tx_idx').on('ledger_entries').column('transaction_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'ledger_entries',
    'ledger_transactions',
    'settlement_lines',
    'redemptions',
    'settlements',
    'vouchers',
    'voucher_applications',
    'affiliations',
    'service_orders',
    'service_products',
    'provider_recognitions',
    'provider_objections',
    'provider_evidence',
    'providers',
    'voucher_programs',
    'integrity_records',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
