// Typed calls for technology deals: licence and assignment contracts (/api/contracts, use first
// and pay later included), risk-compensation pools (/api/risk-pools), the import other markets
// send (/api/imports/listings) and the few result look-ups the proposal needs. Money is integer
// fen, times ISO-8601 UTC (server/modules/transfer/transfer.routes.ts is the contract).
import { http, type Page, type Query } from '../../app/api';

export const PAYMENT_MODES = ['lump_sum', 'deferred', 'instalments', 'revenue_share'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];
export const CONTRACT_STATUSES = ['proposed', 'active', 'completed', 'defaulted', 'terminated', 'cancelled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_KINDS = ['licence', 'assignment'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

/** Server rules (licensing.service.ts): the grace after which a default may be declared, reminder lead, payment days. */
export const DEFAULT_GRACE_DAYS = 30;
export const REMIND_DAYS = 7;
export const PAYMENT_DAYS = 30;
/** A revenue share above 50 % is refused. */
export const MAX_REVENUE_SHARE_BP = 5000;

export interface NextDue {
  instalmentId: number;
  label: string;
  dueAt: string | null;
  amountFen: number;
  status: string;
}

export interface Contract {
  id: number;
  contractNo: string;
  listingId: number;
  listingTitle: string;
  applicationNo: string | null;
  via: string;
  kind: ContractKind;
  exclusive: boolean;
  licensorOrgId: number;
  licensorName: string;
  licensorJurisdiction: string;
  licenseeOrgId: number;
  licenseeName: string;
  licenseeJurisdiction: string;
  proposedByOrgId: number;
  openLicenceId: number | null;
  auctionId: number | null;
  priceFen: number;
  paymentMode: PaymentMode;
  deferMonths: number;
  deferUntilRevenue: boolean;
  instalmentCount: number;
  intervalMonths: number;
  revenueShareBp: number;
  poolId: number | null;
  poolName: string | null;
  termMonths: number;
  terms: string;
  status: ContractStatus;
  signedAt: string | null;
  startsAt: string | null;
  endsAt: string | null;
  defaultedAt: string | null;
  integrityRecordId: number | null;
  totalDueFen: number;
  paidFen: number;
  compensatedFen: number;
  outstandingFen: number;
  nextDue: NextDue | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Instalment {
  id: number;
  seq: number;
  label: string;
  dueAt: string | null;
  amountFen: number;
  paidFen: number;
  compensatedFen: number;
  status: string;
  remindedAt: string | null;
  overdueAt: string | null;
}

export interface ContractPayment {
  id: number;
  instalmentId: number;
  amountFen: number;
  kind: string;
  reference: string;
  createdAt: string;
}

export interface RevenueReport {
  id: number;
  period: string;
  revenueFen: number;
  royaltyFen: number;
  note: string;
  createdAt: string;
}

export interface Reminder {
  id: number;
  instalmentId: number;
  kind: string;
  createdAt: string;
}

export interface Licence {
  id: number;
  recordNo: string;
  exclusive: boolean;
  status: string;
  startsAt: string;
  endsAt: string;
}

export interface ContractDetail extends Contract {
  instalments: Instalment[];
  payments: ContractPayment[];
  revenueReports: RevenueReport[];
  reminders: Reminder[];
  licence: Licence | null;
  listing: ResultBrief | null;
  myRole: 'licensor' | 'licensee' | null;
}

export interface ContractQuery extends Query {
  role?: 'licensor' | 'licensee';
  status?: string;
  listingId?: number;
  paymentMode?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface ContractInput {
  listingId: number;
  licenseeOrgId?: number;
  kind: ContractKind;
  exclusive?: boolean;
  priceFen: number;
  paymentMode: PaymentMode;
  deferMonths?: number;
  deferUntilRevenue?: boolean;
  instalmentCount?: number;
  intervalMonths?: number;
  revenueShareBp?: number;
  poolId?: number | null;
  termMonths: number;
  terms?: string;
}

export interface Pool {
  id: number;
  jurisdictionCode: string;
  name: string;
  fundedFen: number;
  paidOutFen: number;
  balanceFen: number;
  compensationBp: number;
  capPerContractFen: number;
  status: string;
  contracts: number;
  createdAt: string;
}

export interface PoolMovement {
  id: number;
  kind: string;
  amountFen: number;
  contractId: number | null;
  note: string;
  createdAt: string;
}

export interface PoolDetail extends Pool {
  movements: PoolMovement[];
}

export interface PoolInput {
  jurisdictionCode?: string;
  name: string;
  fundFen: number;
  compensationBp: number;
  capPerContractFen: number;
}

/** What the deal pages need of a result (GET /api/results, /api/results/:id). */
export interface ResultBrief {
  id: number;
  kind: string;
  status: string;
  title: string;
  ownerOrgId: number | null;
  ownerName: string;
  jurisdictionCode: string;
  applicationNo?: string | null;
  resultType?: string;
  askingPriceFen?: number | null;
  askingTerms?: string;
  transferModes?: string[];
}

export interface ImportRowReport {
  row: number;
  externalId: string;
  id: number;
  outcome: 'created' | 'updated' | 'unchanged';
}

export interface ImportResult {
  batchId: number;
  source: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  report: ImportRowReport[];
}

export const contractsApi = {
  list: (q: ContractQuery, signal?: AbortSignal) => http.get<Page<Contract>>('/contracts', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<ContractDetail>(`/contracts/${id}`, undefined, signal),
  propose: (body: ContractInput) => http.post<ContractDetail>('/contracts', body),
  sign: (id: number) => http.post<ContractDetail>(`/contracts/${id}/signature`),
  cancel: (id: number) => http.post<ContractDetail>(`/contracts/${id}/cancellation`),
  pay: (id: number, body: { amountFen: number; instalmentId?: number; reference?: string }) => http.post<ContractDetail>(`/contracts/${id}/payments`, body),
  reportRevenue: (id: number, body: { period: string; revenueFen: number; note?: string }) => http.post<ContractDetail>(`/contracts/${id}/revenue-reports`, body),
  declareDefault: (id: number, note: string) => http.post<ContractDetail>(`/contracts/${id}/default`, { note }),
};

export const poolsApi = {
  list: (q: { jurisdiction?: string; status?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => http.get<Page<Pool>>('/risk-pools', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<PoolDetail>(`/risk-pools/${id}`, undefined, signal),
  create: (body: PoolInput) => http.post<PoolDetail>('/risk-pools', body),
  fund: (id: number, body: { amountFen: number; note?: string }) => http.post<PoolDetail>(`/risk-pools/${id}/funding`, body),
};

export const resultsApi = {
  search: (q: { q?: string; mine?: boolean; page?: number; pageSize?: number }, signal?: AbortSignal) => http.get<Page<ResultBrief>>('/results', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<ResultBrief>(`/results/${id}`, undefined, signal),
};

export interface ImportSource {
  source: string;
  ownerOrganizationId: number | null;
  ownerOrganizationName: string | null;
  ownerJurisdiction: string | null;
  ownedByPlatform: boolean;
  batches: number;
  lastImportAt: string | null;
  createdAt: string;
}

export const importsApi = {
  listings: (body: { source: string; listings: unknown[] }) => http.post<ImportResult>('/imports/listings', body),
  sources: (signal?: AbortSignal) => http.get<{ items: ImportSource[] }>('/imports/sources', undefined, signal),
  registerSource: (source: string) => http.post<ImportSource>('/imports/sources', { source }),
};
