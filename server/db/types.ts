// Table types of the database, as Kysely sees them. Times are ISO-8601 UTC strings on both
// engines (the PostgreSQL driver is told to hand timestamptz back as such); flags are 0/1.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = string;

export interface JurisdictionTable {
  code: string; // GB/T 2260
  name_zh: string;
  name_en: string;
  short_zh: string;
  sort_order: number;
}

export interface DepartmentTable {
  id: Generated<number>;
  jurisdiction_code: string;
  kind: string; // science | finance | ip | market | other
  name_zh: string;
  name_en: string;
}

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  name_folded: string;
  /** pinyin sort key of name (platform/text.ts pinyinKey), filled on write */
  name_pinyin: Generated<string>;
  uscc: string;
  type: string;
  jurisdiction_code: string;
  city: string | null;
  tier: string | null;
  department_id: number | null;
  established_on: string | null;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** pinyin sort key of display_name, filled on write */
  name_pinyin: Generated<string>;
  email: string | null;
  organization_id: number;
  role: string;
  jurisdiction_code: string | null;
  department_id: number | null;
  password_hash: string;
  status: string; // active | disabled | pending (a self-registered admin awaiting approval)
  failed_logins: number;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  refreshed_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  ip: string;
  username: string;
  at: Timestamp;
  success: number;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_user_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  jurisdiction_code: string | null;
  change_json: string;
  digest: string;
  prev_hash: string;
  hash: string;
  /** The import (or other bulk action) the entry belongs to; null for single changes. Hashed when present. */
  batch_id: string | null;
}

export interface AuditHeadTable {
  id: number; // always 1
  seq: number;
  hash: string;
}

export interface ResourceTable {
  id: Generated<number>;
  identifier: string;
  kind: string;
  name: string;
  description: string;
  keywords: string;
  category1: string;
  category2: string;
  category3: string;
  model: string | null;
  manufacturer: string | null;
  origin_country: string | null;
  original_value_fen: number | null;
  purchase_date: string | null;
  registered_on: string;
  jurisdiction_code: string;
  city: string;
  address: string;
  owner_org_id: number;
  manager_user_id: number | null;
  specifications: string;
  features: string;
  photos_json: string;
  /** pinyin sort key of name (platform/text.ts pinyinKey), filled on write */
  name_pinyin: Generated<string>;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  /** public | signed_in | nobody */
  contact_visibility: Generated<string>;
  service_items_json: string;
  service_modes: string; // comma-separated
  startup_fee_fen: number;
  hourly_fee_fen: number;
  consumables_fen: number;
  per_sample_fen: number;
  list_price_fen: number;
  /** 1: the fees are shown to visitors who are not signed in (the owner's choice; portal). */
  price_public: Generated<number>;
  rules_json: string;
  opening_hours_json: string;
  capacity: number;
  needs_approval: number;
  status: string;
  doc_len: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResourceTermTable {
  term: string;
  resource_id: number;
  tf: number;
}

export interface SearchStatsTable {
  scope: string;
  docs: number;
  total_len: number;
}

export interface ResourceClosureTable {
  id: Generated<number>;
  resource_id: number;
  kind: string; // closure | maintenance
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface TrainingAuthorizationTable {
  id: Generated<number>;
  resource_id: number;
  user_id: number;
  granted_by: number;
  granted_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  note: string;
}

export interface BookingTable {
  id: Generated<number>;
  resource_id: number;
  user_id: number;
  organization_id: number;
  jurisdiction_code: string;
  mode: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: string;
  exclusive: number;
  samples: number;
  purpose: string;
  quote_fen: number;
  quote_json: string;
  charge_fen: number | null;
  usage_minutes: number | null;
  consumables_used_fen: number | null;
  series_id: string | null;
  decided_by: number | null;
  decision_note: string | null;
  checked_in_at: Timestamp | null;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccessRequestTable {
  id: Generated<number>;
  resource_id: number;
  user_id: number;
  organization_id: number;
  purpose: string;
  status: string; // requested | approved | rejected | withdrawn
  decided_by: number | null;
  decision_note: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

export interface WaitlistEntryTable {
  id: Generated<number>;
  resource_id: number;
  user_id: number;
  mode: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  samples: number;
  status: string; // waiting | offered | accepted | expired | cancelled
  offered_at: Timestamp | null;
  offer_expires_at: Timestamp | null;
  booking_id: number | null;
  created_at: Timestamp;
}

// ---- innovation vouchers (Decision art. 13) and integrity records (art. 17) ----------------

export interface IntegrityRecordTable {
  id: Generated<number>;
  jurisdiction_code: string;
  subject_type: string;
  subject_org_id: number | null;
  subject_user_id: number | null;
  subject_name: string;
  misconduct: string;
  outcome: string;
  deciding_unit: string;
  legal_basis: string;
  effective_at: Timestamp;
  ends_at: Timestamp;
  status: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IntegrityAppealTable {
  id: Generated<number>;
  record_id: number;
  appellant_user_id: number;
  reason: string;
  status: string;
  decision_note: string | null;
  decided_by: number | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface VoucherProgramTable {
  id: Generated<number>;
  jurisdiction_code: string;
  name: string;
  description: string;
  issue_from: Timestamp;
  issue_until: Timestamp;
  expires_at: Timestamp;
  share_bp: number;
  cap_enterprise_year_fen: number;
  cap_team_fen: number;
  eligible_tiers: string;
  teams_eligible: number;
  eligible_categories: string;
  redeem_jurisdictions: string;
  /** Where applicants may be registered (comma-separated codes); the programme's own by default. */
  applicant_jurisdictions: string;
  status: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProviderTable {
  id: Generated<number>;
  organization_id: number;
  jurisdiction_code: string;
  status: string;
  categories: string;
  description: string;
  self_assessment_json: string;
  check_json: string | null;
  notice_starts_at: Timestamp | null;
  notice_ends_at: Timestamp | null;
  listed_at: Timestamp | null;
  status_reason: string | null;
  applied_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProviderEvidenceTable {
  id: Generated<number>;
  provider_id: number;
  condition: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface ProviderObjectionTable {
  id: Generated<number>;
  provider_id: number;
  user_id: number;
  reason: string;
  status: string;
  resolution: string | null;
  resolved_by: number | null;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface ProviderRecognitionTable {
  id: Generated<number>;
  provider_id: number;
  jurisdiction_code: string;
  decision: string;
  note: string;
  decided_by: number | null;
  decided_at: Timestamp;
}

export interface ServiceProductTable {
  id: Generated<number>;
  provider_id: number;
  name: string;
  category: string;
  description: string;
  unit: string;
  price_fen: number;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServiceOrderTable {
  id: Generated<number>;
  product_id: number;
  provider_id: number;
  buyer_org_id: number;
  buyer_user_id: number;
  quantity: number;
  amount_fen: number;
  note: string;
  status: string;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface AffiliationTable {
  id: Generated<number>;
  org_a_id: number;
  org_b_id: number;
  note: string;
  declared_by: number | null;
  created_at: Timestamp;
}

export interface VoucherApplicationTable {
  id: Generated<number>;
  program_id: number;
  applicant_org_id: number;
  applicant_user_id: number;
  applicant_kind: string;
  team_name: string | null;
  requested_fen: number;
  purpose: string;
  status: string;
  approved_fen: number | null;
  decision_note: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface VoucherTable {
  id: Generated<number>;
  code: string;
  program_id: number;
  application_id: number;
  holder_org_id: number;
  holder_kind: string;
  team_name: string | null;
  jurisdiction_code: string;
  face_value_fen: number;
  issued_at: Timestamp;
  expires_at: Timestamp;
  status: string;
  status_reason: string | null;
  updated_at: Timestamp;
}

export interface RedemptionTable {
  id: Generated<number>;
  voucher_id: number;
  program_id: number;
  holder_org_id: number;
  provider_id: number;
  issuer_jurisdiction: string;
  provider_jurisdiction: string;
  source_kind: string;
  source_id: number;
  category: string;
  fee_fen: number;
  amount_fen: number;
  refunded_fen: Generated<number>;
  status: string;
  period: string;
  idempotency_key: string;
  request_hash: string;
  settlement_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SettlementTable {
  id: Generated<number>;
  period: string;
  jurisdiction_code: string;
  status: string;
  redemptions: number;
  total_fen: number;
  run_by: number | null;
  created_at: Timestamp;
}

export interface SettlementLineTable {
  id: Generated<number>;
  settlement_id: number;
  provider_id: number;
  provider_jurisdiction: string;
  redemptions: number;
  amount_fen: number;
}

export interface LedgerTransactionTable {
  id: Generated<number>;
  kind: string;
  program_id: number | null;
  voucher_id: number | null;
  redemption_id: number | null;
  settlement_id: number | null;
  memo: string;
  actor_user_id: number | null;
  created_at: Timestamp;
}

export interface LedgerEntryTable {
  id: Generated<number>;
  transaction_id: number;
  account: string;
  amount_fen: number;
}

// ---- joint research calls, experts and reviews (Decision arts. 6, 7, 15) -----------------

export interface ExpertProfileTable {
  user_id: number;
  title: string;
  disciplines: string;
  keywords: string;
  availability: string;
  bio: string;
  updated_at: Timestamp;
}

export interface ExpertRelationTable {
  id: Generated<number>;
  expert_user_id: number;
  kind: string;
  other_user_id: number | null;
  other_org_id: number | null;
  other_name: string;
  since: string | null;
  until: string | null;
  note: string;
  declared_by: number | null;
  created_at: Timestamp;
}

export interface CallTable {
  id: Generated<number>;
  kind: string;
  jurisdiction_code: string;
  poser_org_id: number | null;
  title: string;
  description: string;
  goals: string;
  indicators: string;
  milestones_json: string;
  disciplines: string;
  keywords: string;
  budget_fen: number;
  opens_at: Timestamp;
  deadline: Timestamp;
  shares_json: string;
  race_teams: number;
  first_tranche_bp: number;
  reviewers_per_application: number;
  max_per_expert: number;
  exclude_same_jurisdiction: number;
  status: string;
  decision_note: string | null;
  poser_opinion_json: string | null;
  notice_ends_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CallApplicationTable {
  id: Generated<number>;
  call_id: number;
  applicant_org_id: number;
  lead_user_id: number;
  title: string;
  summary: string;
  plan: string;
  budget_fen: number;
  disciplines: string;
  keywords: string;
  members_json: string;
  jurisdictions: string;
  status: string;
  award_fen: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CallAttachmentTable {
  id: Generated<number>;
  application_id: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: Timestamp;
}

export interface ReviewAssignmentTable {
  id: Generated<number>;
  call_id: number;
  application_id: number;
  expert_user_id: number;
  affinity: number;
  status: string;
  scores_json: string | null;
  total_score: number | null;
  comment: string | null;
  conflict_note: string | null;
  created_at: Timestamp;
  submitted_at: Timestamp | null;
}

export interface CallMilestoneTable {
  id: Generated<number>;
  call_id: number;
  application_id: number;
  milestone: number;
  passed: number;
  tranche_fen: number;
  note: string;
  assessed_by: number | null;
  assessed_at: Timestamp;
}

// ---- technology transfer (Decision art. 8) ------------------------------------------------------
export interface ListingTable {
  id: Generated<number>;
  kind: string;
  status: string;
  title: string;
  body: string;
  indicators: Generated<string>;
  keywords: Generated<string>;
  fields: Generated<string>;
  field_main: Generated<string>;
  ipc_codes: Generated<string>;
  ipc_main: Generated<string>;
  jurisdiction_code: string;
  owner_org_id: number | null;
  owner_name: string;
  result_type: Generated<string>;
  application_no: string | null;
  patent_status: string | null;
  trl: number | null;
  transfer_modes: Generated<string>;
  asking_terms: Generated<string>;
  inventors_json: Generated<string>;
  job_related: Generated<number>;
  inventor_rights_json: string | null;
  exclusive_licence: Generated<number>;
  pledged: Generated<number>;
  pledgee_consent: Generated<number>;
  annual_fee_paid: Generated<number>;
  ownership_disputed: Generated<number>;
  evaluation_report: string | null;
  deadline: string | null;
  price_fen: number | null;
  /** 1: the asking price / budget is shown to visitors who are not signed in (the owner's choice; portal). */
  price_public: Generated<number>;
  source: Generated<string>;
  external_id: string | null;
  doc_len: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface ListingTermTable {
  term: string;
  kind: string;
  listing_id: number;
  tf: number;
  /** Impact: the posting's BM25 term score before idf, in thousandths (listings.repository impact()). */
  w: number;
}

/** How many listings of a kind hold a word (kept with the postings by the re-indexing). */
export interface ListingTermDfTable {
  term: string;
  kind: string;
  df: number;
}

export interface RiskPoolTable {
  id: Generated<number>;
  jurisdiction_code: string;
  name: string;
  funded_fen: Generated<number>;
  paid_out_fen: Generated<number>;
  compensation_bp: number;
  cap_per_contract_fen: number;
  status: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface PoolMovementTable {
  id: Generated<number>;
  pool_id: number;
  kind: string;
  amount_fen: number;
  contract_id: number | null;
  note: Generated<string>;
  created_by: number | null;
  created_at: string;
}

export interface OpenLicenceTable {
  id: Generated<number>;
  listing_id: number;
  status: string;
  payment_method: string;
  fee_fen: Generated<number>;
  royalty_bp: Generated<number>;
  term_months: number;
  statement: Generated<string>;
  declared_by: number | null;
  declared_at: string;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  updated_at: string;
}

export interface ContractTable {
  id: Generated<number>;
  contract_no: string;
  listing_id: number;
  via: string;
  kind: string;
  exclusive: Generated<number>;
  licensor_org_id: number;
  licensee_org_id: number;
  proposed_by_org_id: number;
  open_licence_id: number | null;
  auction_id: number | null;
  price_fen: Generated<number>;
  payment_mode: string;
  defer_months: Generated<number>;
  defer_until_revenue: Generated<number>;
  instalment_count: Generated<number>;
  interval_months: Generated<number>;
  revenue_share_bp: Generated<number>;
  pool_id: number | null;
  term_months: number;
  terms: Generated<string>;
  status: string;
  signed_at: string | null;
  starts_at: string | null;
  ends_at: string | null;
  defaulted_at: string | null;
  integrity_record_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface LicenceTable {
  id: Generated<number>;
  record_no: string;
  listing_id: number;
  open_licence_id: number | null;
  contract_id: number;
  licensee_org_id: number;
  exclusive: Generated<number>;
  status: string;
  starts_at: string;
  ends_at: string;
  created_at: string;
}

export interface RevenueReportTable {
  id: Generated<number>;
  contract_id: number;
  period: string;
  revenue_fen: number;
  royalty_fen: number;
  note: Generated<string>;
  reported_by: number | null;
  created_at: string;
}

export interface ContractInstalmentTable {
  id: Generated<number>;
  contract_id: number;
  seq: number;
  label: string;
  due_at: string | null;
  amount_fen: number;
  paid_fen: Generated<number>;
  compensated_fen: Generated<number>;
  status: string;
  revenue_report_id: number | null;
  reminded_at: string | null;
  overdue_at: string | null;
  created_at: string;
}

export interface ContractPaymentTable {
  id: Generated<number>;
  contract_id: number;
  instalment_id: number;
  amount_fen: number;
  kind: string;
  reference: Generated<string>;
  created_by: number | null;
  created_at: string;
}

export interface ContractReminderTable {
  id: Generated<number>;
  contract_id: number;
  instalment_id: number;
  kind: string;
  created_at: string;
}

export interface AuctionTable {
  id: Generated<number>;
  listing_id: number;
  seller_org_id: number;
  kind: string;
  exclusive: Generated<number>;
  start_price_fen: number;
  increment_fen: number;
  closes_at: string;
  status: string;
  best_fen: number | null;
  best_bid_id: number | null;
  best_org_id: number | null;
  bid_count: Generated<number>;
  contract_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface AuctionBidTable {
  id: Generated<number>;
  auction_id: number;
  bidder_org_id: number;
  bidder_user_id: number;
  amount_fen: number;
  created_at: string;
}

export interface ImportBatchTable {
  id: Generated<number>;
  source: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  submitted_by: number | null;
  created_at: string;
}

export interface LoginNameLockTable {
  username: string;
  failed_logins: number;
  locked_until: Timestamp | null;
  updated_at: Timestamp;
}

export interface ImportSourceTable {
  source: string;
  owner_org_id: number | null;
  owner_jurisdiction: string | null;
  registered_by: number | null;
  created_at: Timestamp;
}

export interface ImportSourceLinkTable {
  source: string;
  organization_id: number;
  accepted_by: number;
  accepted_at: Timestamp;
}

export interface Database {
  jurisdictions: JurisdictionTable;
  departments: DepartmentTable;
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  login_name_locks: LoginNameLockTable;
  import_sources: ImportSourceTable;
  import_source_links: ImportSourceLinkTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  resources: ResourceTable;
  resource_terms: ResourceTermTable;
  search_stats: SearchStatsTable;
  resource_closures: ResourceClosureTable;
  training_authorizations: TrainingAuthorizationTable;
  bookings: BookingTable;
  waitlist_entries: WaitlistEntryTable;
  access_requests: AccessRequestTable;
  integrity_records: IntegrityRecordTable;
  integrity_appeals: IntegrityAppealTable;
  expert_profiles: ExpertProfileTable;
  expert_relations: ExpertRelationTable;
  calls: CallTable;
  call_applications: CallApplicationTable;
  call_attachments: CallAttachmentTable;
  review_assignments: ReviewAssignmentTable;
  call_milestones: CallMilestoneTable;
  voucher_programs: VoucherProgramTable;
  providers: ProviderTable;
  provider_evidence: ProviderEvidenceTable;
  provider_objections: ProviderObjectionTable;
  provider_recognitions: ProviderRecognitionTable;
  service_products: ServiceProductTable;
  service_orders: ServiceOrderTable;
  affiliations: AffiliationTable;
  voucher_applications: VoucherApplicationTable;
  vouchers: VoucherTable;
  redemptions: RedemptionTable;
  settlements: SettlementTable;
  settlement_lines: SettlementLineTable;
  ledger_transactions: LedgerTransactionTable;
  ledger_entries: LedgerEntryTable;
  listings: ListingTable;
  listing_terms: ListingTermTable;
  listing_term_df: ListingTermDfTable;
  risk_pools: RiskPoolTable;
  pool_movements: PoolMovementTable;
  open_licences: OpenLicenceTable;
  contracts: ContractTable;
  licences: LicenceTable;
  revenue_reports: RevenueReportTable;
  contract_instalments: ContractInstalmentTable;
  contract_payments: ContractPaymentTable;
  contract_reminders: ContractReminderTable;
  auctions: AuctionTable;
  auction_bids: AuctionBidTable;
  import_batches: ImportBatchTable;
  notifications: NotificationTable;
  notification_prefs: NotificationPrefsTable;
  email_outbox: EmailOutboxTable;
  registrations: RegistrationTable;
  invitations: InvitationTable;
  password_resets: PasswordResetTable;
  anonymous_requests: AnonymousRequestTable;
  training_requests: TrainingRequestTable;
  calendar_links: CalendarLinkTable;
  resource_photos: ResourcePhotoTable;
  messages: MessageTable;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  params_json: string;
  link: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface NotificationPrefsTable {
  user_id: number;
  email_enabled: number;
  muted_kinds_json: Generated<string>;
  lang: Generated<string>;
  updated_at: Timestamp;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  user_id: number | null;
  notification_id: number | null;
  to_address: string;
  subject: string;
  body_text: string;
  status: string; // pending | sent | dead
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

// ---- accounts (issue 15) ----
export interface RegistrationTable {
  id: Generated<number>;
  organization_id: number | null;
  user_id: number | null;
  uscc: string;
  organization_name: string;
  organization_type: string;
  jurisdiction_code: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
  username: string;
  status: string; // pending | approved | rejected
  reason: string | null;
  decided_by_user_id: number | null;
  decided_at: Timestamp | null;
  ip: string | null;
  created_at: Timestamp;
}

export interface InvitationTable {
  id: Generated<number>;
  organization_id: number;
  email: string;
  role: string;
  token_hash: string;
  created_by_user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_user_id: number | null;
  revoked_at: Timestamp | null;
  revoked_by_user_id: number | null;
}

export interface PasswordResetTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  ip: string | null;
}

export interface AnonymousRequestTable {
  id: Generated<number>;
  action: string;
  ip: string;
  at: Timestamp;
}

export type Organization = Selectable<OrganizationTable>;
export type NewOrganization = Insertable<OrganizationTable>;
export type OrganizationUpdate = Updateable<OrganizationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Department = Selectable<DepartmentTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type { ColumnType };

/** A request for the training self-operation needs (workbench, issue 15). */
export interface TrainingRequestTable {
  id: Generated<number>;
  resource_id: number;
  user_id: number;
  organization_id: number;
  note: string;
  state: string; // pending | granted | rejected
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  training_id: number | null;
  created_at: Timestamp;
}

// ---- issue 15, defects 7 and 12 (calendar links, resource photos, messages to owners) ----
export interface CalendarLinkTable {
  id: Generated<number>;
  user_id: number;
  secret_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ResourcePhotoTable {
  id: Generated<number>;
  resource_id: number;
  file_stem: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  created_by: number;
  created_at: Timestamp;
}

export interface MessageTable {
  id: Generated<number>;
  sender_user_id: number;
  sender_org_id: number;
  target_type: string; // resource | listing
  target_id: number;
  target_org_id: number;
  body: string;
  created_at: Timestamp;
}
