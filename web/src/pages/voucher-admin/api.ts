// Typed calls for the voucher programmes (/api/voucher-programs), the applications queue
// (/api/voucher-applications) and the vouchers a jurisdiction has issued (/api/vouchers?scope=managed).
// Money is integer fen, times ISO-8601 UTC (docs/vouchers-api.md).
import { http, type Page, type Query } from '../../app/api';

export const SERVICE_CATEGORIES = ['testing', 'analysis', 'instrument_sharing', 'design', 'consulting', 'tech_transfer', 'ip_service'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export interface ProgramBudget {
  totalFen: number;
  /** Issued, net of lapses. */
  committedFen: number;
  availableFen: number;
  redeemedFen: number;
  lapsedFen: number;
}

export interface Program {
  id: number;
  jurisdictionCode: string;
  name: string;
  description: string;
  issueFrom: string;
  issueUntil: string;
  expiresAt: string;
  /** Basis points of a fee the voucher may pay: 5000 = 50 %. */
  shareBp: number;
  capEnterpriseYearFen: number;
  capTeamFen: number;
  eligibleTiers: string[];
  teamsEligible: boolean;
  eligibleCategories: string[];
  redeemJurisdictions: string[];
  /** Where applicants must be registered. */
  applicantJurisdictions: string[];
  status: 'active' | 'closed' | string;
  budget: ProgramBudget;
  vouchers: number;
  createdAt: string;
}

export interface ProgramQuery extends Query {
  jurisdiction?: string;
  status?: string;
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface ProgramInput {
  jurisdictionCode?: string;
  name: string;
  description?: string;
  budgetFen: number;
  issueFrom: string;
  issueUntil: string;
  expiresAt: string;
  shareBp: number;
  capEnterpriseYearFen: number;
  capTeamFen: number;
  eligibleTiers: string[];
  teamsEligible: boolean;
  eligibleCategories: string[];
  redeemJurisdictions: string[];
  applicantJurisdictions?: string[];
}

export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected'] as const;

export interface Application {
  id: number;
  programId: number;
  programName: string;
  jurisdictionCode: string;
  applicantOrgId: number;
  applicantOrgName: string;
  applicantUserId: number;
  applicantName: string;
  applicantKind: 'enterprise' | 'team' | string;
  teamName: string | null;
  requestedFen: number;
  purpose: string;
  status: string;
  approvedFen: number | null;
  decisionNote: string | null;
  decidedAt: string | null;
  voucherId: number | null;
  createdAt: string;
}

export interface ApplicationQuery extends Query {
  scope: 'mine' | 'managed';
  programId?: number;
  status?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface ApplicationInput {
  applicantKind: 'enterprise' | 'team';
  teamName?: string;
  requestedFen: number;
  purpose: string;
}

export const VOUCHER_STATUSES = ['active', 'suspended', 'expired'] as const;

export interface Voucher {
  id: number;
  code: string;
  programId: number;
  programName: string;
  /** The issuing jurisdiction. */
  jurisdictionCode: string;
  holderOrgId: number;
  holderOrgName: string;
  holderKind: string;
  teamName: string | null;
  faceValueFen: number;
  balanceFen: number;
  redeemedFen: number;
  lapsedFen: number;
  issuedAt: string;
  expiresAt: string;
  status: string;
  statusReason: string | null;
  shareBp: number;
  redeemJurisdictions: string[];
  eligibleCategories: string[];
}

export interface LedgerMovement {
  transactionId: number;
  kind: 'issue' | 'redeem' | 'reverse' | 'refund' | 'expire' | string;
  /** Signed, on the voucher. */
  amountFen: number;
  balanceAfterFen: number;
  redemptionId: number | null;
  memo: string;
  at: string;
}

export interface VoucherDetail extends Voucher {
  history: LedgerMovement[];
}

export interface VoucherQuery extends Query {
  scope: 'mine' | 'managed';
  programId?: number;
  status?: string;
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export const programsApi = {
  list: (q: ProgramQuery, signal?: AbortSignal) => http.get<Page<Program>>('/voucher-programs', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Program>(`/voucher-programs/${id}`, undefined, signal),
  create: (body: ProgramInput) => http.post<Program>('/voucher-programs', body),
  topUp: (id: number, amountFen: number, note?: string) => http.post<Program>(`/voucher-programs/${id}/budget`, { amountFen, ...(note ? { note } : {}) }),
  close: (id: number) => http.post<Program>(`/voucher-programs/${id}/close`),
  apply: (id: number, body: ApplicationInput) => http.post<Application>(`/voucher-programs/${id}/applications`, body),
};

export const applicationsApi = {
  list: (q: ApplicationQuery, signal?: AbortSignal) => http.get<Page<Application>>('/voucher-applications', q, signal),
  approve: (id: number, amountFen: number, note?: string) =>
    http.post<{ application: Application; voucher: Voucher }>(`/voucher-applications/${id}/approve`, { amountFen, ...(note ? { note } : {}) }),
  reject: (id: number, note: string) => http.post<Application>(`/voucher-applications/${id}/reject`, { note }),
};

export const vouchersApi = {
  list: (q: VoucherQuery, signal?: AbortSignal) => http.get<Page<Voucher>>('/vouchers', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<VoucherDetail>(`/vouchers/${id}`, undefined, signal),
  suspend: (id: number, reason: string) => http.post<Voucher>(`/vouchers/${id}/suspend`, { reason }),
  reinstate: (id: number) => http.post<Voucher>(`/vouchers/${id}/reinstate`),
};
