// Technology transfer market (Decision art. 8): listings (科技成果 results and 技术需求 demands, local
// or imported from other markets), their search postings, open patent licences (专利开放许可) and the
// licences granted under them, licence and assignment contracts with payment schedules (先使用后付费
// included), revenue reports, reminders, risk-compensation pools, ascending auctions and import
// batches.
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

const POSTINGS_KEY = { table: 'listing_terms', constraint: 'listing_terms_pk', columns: ['term', 'kind', 'listing_id'], include: ['tf'] };
const LISTINGS_SEARCH = {
  name: 'listings_search_idx',
  table: 'listings',
  columns: ['id'],
  include: ['doc_len', 'jurisdiction_code', 'result_type', 'ipc_main', 'field_main', 'trl', 'price_fen', 'published_at'],
};

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { identity, idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('listings')
    .addColumn('id', idType, identity)
    .addColumn('kind', 'varchar(8)', (c) => c.notNull()) // result | demand
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // draft | published | withdrawn
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // a result's summary, a demand's problem
    .addColumn('indicators', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('fields', 'varchar(300)', (c) => c.notNull().defaultTo('')) // GB/T 13745 codes
    .addColumn('field_main', 'varchar(3)', (c) => c.notNull().defaultTo(''))
    .addColumn('ipc_codes', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('ipc_main', 'varchar(4)', (c) => c.notNull().defaultTo('')) // subclass of the first IPC symbol
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('owner_org_id', idType, (c) => c.references('organizations.id'))
    .addColumn('owner_name', 'varchar(200)', (c) => c.notNull())
    // results
    .addColumn('result_type', 'varchar(16)', (c) => c.notNull().defaultTo('')) // invention | utility_model | design | software | know_how | plant_variety
    .addColumn('application_no', 'varchar(20)')
    .addColumn('patent_status', 'varchar(10)') // pending | granted
    .addColumn('trl', 'integer')
    .addColumn('transfer_modes', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('asking_terms', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('inventors_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('job_related', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inventor_rights_json', 'text')
    .addColumn('exclusive_licence', 'integer', (c) => c.notNull().defaultTo(0)) // legal status, as declared and checked
    .addColumn('pledged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pledgee_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('annual_fee_paid', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('ownership_disputed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('evaluation_report', 'varchar(300)') // 专利权评价报告 number, for utility models and designs
    // demands
    .addColumn('deadline', 'varchar(10)') // YYYY-MM-DD
    // asking price of a result, budget of a demand
    .addColumn('price_fen', 'bigint')
    // provenance (互联互通): yrd for listings made here, else the other market's name
    .addColumn('source', 'varchar(64)', (c) => c.notNull().defaultTo('yrd'))
    .addColumn('external_id', 'varchar(100)')
    .addColumn('doc_len', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('published_at', ts)
    .execute();
  await db.schema.createIndex('listings_source_uq').on('listings').columns(['source', 'external_id']).unique().execute();
  await db.schema.createIndex('listings_list_idx').on('listings').columns(['kind', 'status', 'published_at']).execute();
  await db.schema.createIndex('listings_owner_idx').on('listings').columns(['owner_org_id', 'kind', 'updated_at']).execute();
  await db.schema.createIndex('listings_feed_idx').on('listings').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('listings_ipc_idx').on('listings').columns(['kind', 'ipc_main', 'status']).execute();
  await db.schema.createIndex('listings_appno_idx').on('listings').column('application_no').execute();
  await h.schema.createCoveringIndex(db, LISTINGS_SEARCH);

  // Postings of published listings only; kind r (result) or d (demand) after the term, so each kind's
  // posting list is one key range.
  await db.schema
    .createTable('listing_terms')
    .addColumn('term', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(1)', (c) => c.notNull())
    .addColumn('listing_id', idType, (c) => c.notNull())
    .addColumn('tf', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('listing_terms_pk', ['term', 'kind', 'listing_id'])
    .execute();
  await h.schema.coverPrimaryKey(db, POSTINGS_KEY);
  await db.schema.createIndex('listing_terms_listing_idx').on('listing_terms').column('listing_id').execute();
  await db
    .insertInto('search_stats')
    .values([
      { scope: 'results', docs: 0, total_len: 0 },
      { scope: 'demands', docs: 0, total_len: 0 },
    ])
    .execute();

  await db.schema
    .createTable('risk_pools')
    .addColumn('id', idType, identity)
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('funded_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_out_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('compensation_bp', 'integer', (c) => c.notNull()) // share of the outstanding amount paid to the licensor
    .addColumn('cap_per_contract_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // active | closed
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_pools_jur_idx').on('risk_pools').columns(['jurisdiction_code', 'status']).execute();
  await db.schema
    .createTable('pool_movements')
    .addColumn('id', idType, identity)
    .addColumn('pool_id', idType, (c) => c.notNull().references('risk_pools.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull()) // fund | payout
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('contract_id', idType)
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pool_movements_pool_idx').on('pool_movements').columns(['pool_id', 'created_at']).execute();
  // One payout per defaulted contract.
  await db.schema.createIndex('pool_movements_payout_uq').on('pool_movements').column('contract_id').unique().where(sql.ref('kind'), '=', 'payout').execute();

  await db.schema
    .createTable('open_licences')
    .addColumn('id', idType, identity)
    .addColumn('listing_id', idType, (c) => c.notNull().references('listings.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // active | withdrawn
    .addColumn('payment_method', 'varchar(16)', (c) => c.notNull()) // one_off | royalty | entry_royalty | free
    .addColumn('fee_fen', 'bigint', (c) => c.notNull().defaultTo(0)) // one-off fee, or the entry fee
    .addColumn('royalty_bp', 'integer', (c) => c.notNull().defaultTo(0)) // of net sales
    .addColumn('term_months', 'integer', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('declared_by', idType, (c) => c.references('users.id'))
    .addColumn('declared_at', ts, (c) => c.notNull())
    .addColumn('withdrawn_at', ts)
    .addColumn('withdrawal_reason', 'varchar(1000)')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('open_licences_active_uq').on('open_licences').column('listing_id').unique().where(sql.ref('status'), '=', 'active').execute();
  await db.schema.createIndex('open_licences_list_idx').on('open_licences').columns(['status', 'declared_at']).execute();

  await db.schema
    .createTable('contracts')
    .addColumn('id', idType, identity)
    .addColumn('contract_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('listing_id', idType, (c) => c.notNull().references('listings.id'))
    .addColumn('via', 'varchar(16)', (c) => c.notNull()) // agreement | auction | open_licence
    .addColumn('kind', 'varchar(16)', (c) => c.notNull()) // licence | assignment
    .addColumn('exclusive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('licensor_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('licensee_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('proposed_by_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('open_licence_id', idType, (c) => c.references('open_licences.id'))
    .addColumn('auction_id', idType)
    .addColumn('price_fen', 'bigint', (c) => c.notNull().defaultTo(0)) // fixed amount (entry fee under revenue share)
    .addColumn('payment_mode', 'varchar(16)', (c) => c.notNull()) // lump_sum | deferred | instalments | revenue_share
    .addColumn('defer_months', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('defer_until_revenue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('instalment_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('interval_months', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revenue_share_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pool_id', idType, (c) => c.references('risk_pools.id'))
    .addColumn('term_months', 'integer', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // proposed | active | completed | defaulted | terminated | cancelled
    .addColumn('signed_at', ts)
    .addColumn('starts_at', ts)
    .addColumn('ends_at', ts)
    .addColumn('defaulted_at', ts)
    .addColumn('integrity_record_id', idType)
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contracts_licensor_idx').on('contracts').columns(['licensor_org_id', 'created_at']).execute();
  await db.schema.createIndex('contracts_licensee_idx').on('contracts').columns(['licensee_org_id', 'created_at']).execute();
  await db.schema.createIndex('contracts_listing_idx').on('contracts').columns(['listing_id', 'status']).execute();
  await db.schema.createIndex('contracts_status_idx').on('contracts').columns(['status', 'ends_at']).execute();

  await db.schema
    .createTable('licences')
    .addColumn('id', idType, identity)
    .addColumn('record_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('listing_id', idType, (c) => c.notNull().references('listings.id'))
    .addColumn('open_licence_id', idType, (c) => c.references('open_licences.id'))
    .addColumn('contract_id', idType, (c) => c.notNull().references('contracts.id'))
    .addColumn('licensee_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('exclusive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // active | ended
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('licences_listing_idx').on('licences').columns(['listing_id', 'status']).execute();
  await db.schema.createIndex('licences_licensee_idx').on('licences').columns(['licensee_org_id', 'created_at']).execute();
  // A licensee holds one live licence under one declaration.
  await db.schema
    .createIndex('licences_open_uq')
    .on('licences')
    .columns(['open_licence_id', 'licensee_org_id'])
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('revenue_reports')
    .addColumn('id', idType, identity)
    .addColumn('contract_id', idType, (c) => c.notNull().references('contracts.id'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull()) // YYYY-MM
    .addColumn('revenue_fen', 'bigint', (c) => c.notNull())
    .addColumn('royalty_fen', 'bigint', (c) => c.notNull())
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('reported_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revenue_reports_uq').on('revenue_reports').columns(['contract_id', 'period']).unique().execute();

  await db.schema
    .createTable('contract_instalments')
    .addColumn('id', idType, identity)
    .addColumn('contract_id', idType, (c) => c.notNull().references('contracts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('label', 'varchar(100)', (c) => c.notNull())
    .addColumn('due_at', ts) // null: due on first reported revenue
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('paid_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('compensated_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // scheduled | paid | overdue | defaulted | cancelled
    .addColumn('revenue_report_id', idType, (c) => c.references('revenue_reports.id'))
    .addColumn('reminded_at', ts)
    .addColumn('overdue_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contract_instalments_uq').on('contract_instalments').columns(['contract_id', 'seq']).unique().execute();
  await db.schema.createIndex('contract_instalments_due_idx').on('contract_instalments').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('contract_payments')
    .addColumn('id', idType, identity)
    .addColumn('contract_id', idType, (c) => c.notNull().references('contracts.id'))
    .addColumn('instalment_id', idType, (c) => c.notNull().references('contract_instalments.id'))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull()) // payment | compensation
    .addColumn('reference', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contract_payments_contract_idx').on('contract_payments').columns(['contract_id', 'created_at']).execute();

  await db.schema
    .createTable('contract_reminders')
    .addColumn('id', idType, identity)
    .addColumn('contract_id', idType, (c) => c.notNull().references('contracts.id'))
    .addColumn('instalment_id', idType, (c) => c.notNull().references('contract_instalments.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull()) // due_soon | overdue
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contract_reminders_uq').on('contract_reminders').columns(['instalment_id', 'kind']).unique().execute();
  await db.schema.createIndex('contract_reminders_contract_idx').on('contract_reminders').columns(['contract_id', 'created_at']).execute();

  await db.schema
    .createTable('auctions')
    .addColumn('id', idType, identity)
    .addColumn('listing_id', idType, (c) => c.notNull().references('listings.id'))
    .addColumn('seller_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull()) // assignment | licence
    .addColumn('exclusive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_price_fen', 'bigint', (c) => c.notNull())
    .addColumn('increment_fen', 'bigint', (c) => c.notNull())
    .addColumn('closes_at', ts, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // open | closed | cancelled
    .addColumn('best_fen', 'bigint')
    .addColumn('best_bid_id', idType)
    .addColumn('best_org_id', idType)
    .addColumn('bid_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contract_id', idType)
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auctions_status_idx').on('auctions').columns(['status', 'closes_at']).execute();
  await db.schema.createIndex('auctions_listing_idx').on('auctions').columns(['listing_id']).execute();
  await db.schema
    .createTable('auction_bids')
    .addColumn('id', idType, identity)
    .addColumn('auction_id', idType, (c) => c.notNull().references('auctions.id'))
    .addColumn('bidder_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('bidder_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  // Every accepted bid is higher than the one before: amounts never repeat within an auction.
  await db.schema.createIndex('auction_bids_uq').on('auction_bids').columns(['auction_id', 'amount_fen']).unique().execute();

  await db.schema
    .createTable('import_batches')
    .addColumn('id', idType, identity)
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('submitted_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_batches_source_idx').on('import_batches').columns(['source', 'created_at']).execute();

  for (const t of ['listings', 'listing_terms']) await sql`analyze ${sql.table(t)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'import_batches',
    'auction_bids',
    'auctions',
    'contract_reminders',
    'contract_payments',
    'contract_instalments',
    'revenue_reports',
    'licences',
    'contracts',
    'open_licences',
    'pool_movements',
    'risk_pools',
    'listing_terms',
    'listings',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.deleteFrom('search_stats').where('scope', 'in', ['results', 'demands']).execute();
}
