// Typed calls for research-integrity records (/api/integrity-records, Decision art. 17): one
// record of a misconduct decision counts in all four jurisdictions; the recording jurisdiction
// corrects, revokes and decides appeals; the subject appeals.
import { api, http, type Page, type Query } from '../../app/api';

export const RECORD_STATES = ['active', 'pending', 'expired', 'revoked'] as const;
export const SUBJECT_TYPES = ['organization', 'person'] as const;

export interface IntegrityRecord {
  id: number;
  jurisdictionCode: string;
  subjectType: 'organization' | 'person' | string;
  organizationId: number | null;
  userId: number | null;
  subjectName: string;
  subjectOrganization: string | null;
  misconduct: string;
  outcome: string;
  decidingUnit: string;
  legalBasis: string;
  effectiveAt: string;
  endsAt: string;
  state: 'pending' | 'active' | 'expired' | 'revoked' | string;
  openAppeals: number;
  createdAt: string;
  updatedAt: string;
}

export interface Appeal {
  id: number;
  appellant: string;
  reason: string;
  status: 'open' | 'upheld' | 'dismissed' | string;
  decisionNote: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface IntegrityRecordDetail extends IntegrityRecord {
  appeals: Appeal[];
}

export interface RecordQuery extends Query {
  jurisdiction?: string;
  subjectType?: string;
  state?: string;
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface RecordInput {
  jurisdictionCode?: string;
  subjectType: 'organization' | 'person';
  organizationId?: number;
  userId?: number;
  misconduct: string;
  outcome: string;
  decidingUnit: string;
  legalBasis: string;
  /** YYYY-MM-DD, Beijing. */
  effectiveOn: string;
  endsOn: string;
}

export type Correction = Partial<Omit<RecordInput, 'jurisdictionCode' | 'subjectType' | 'organizationId' | 'userId'>> & { reason: string };

export const integrityApi = {
  list: (q: RecordQuery, signal?: AbortSignal) => http.get<Page<IntegrityRecord>>('/integrity-records', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<IntegrityRecordDetail>(`/integrity-records/${id}`, undefined, signal),
  create: (body: RecordInput) => http.post<IntegrityRecordDetail>('/integrity-records', body),
  correct: (id: number, body: Correction) => api<IntegrityRecordDetail>(`/integrity-records/${id}`, { method: 'PATCH', json: body }),
  revoke: (id: number, reason: string) => http.post<IntegrityRecordDetail>(`/integrity-records/${id}/revoke`, { reason }),
  appeal: (id: number, reason: string) => http.post<IntegrityRecordDetail>(`/integrity-records/${id}/appeals`, { reason }),
  decide: (id: number, appealId: number, upheld: boolean, note: string) => http.post<IntegrityRecordDetail>(`/integrity-records/${id}/appeals/${appealId}/decide`, { upheld, note }),
};
