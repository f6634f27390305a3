// Typed calls for research-integrity records (/api/integrity-records, Decision art. 17): one
// record of a misconduct decision counts in all four jurisdictions; the recording jurisdiction
// corrects, revokes and decides appeals; the subject appeals.
import { api, http, type Page } from '../../app/api';
import type { BodyOf, ItemOf, QueryOf, ResponseOf, TextQuery } from '../../api/types';

export const RECORD_STATES = ['active', 'pending', 'expired', 'revoked'] as const;
export const SUBJECT_TYPES = ['organization', 'person'] as const;

export type IntegrityRecord = ItemOf<'/api/integrity-records'>;
export type Appeal = IntegrityRecordDetail['appeals'][number];
export type IntegrityRecordDetail = ResponseOf<'/api/integrity-records/{id}'>;
export type RecordQuery = TextQuery<QueryOf<'/api/integrity-records'>>;
export type RecordInput = BodyOf<'/api/integrity-records'>;
export type Correction = BodyOf<'/api/integrity-records/{id}', 'patch'>;

export const integrityApi = {
  list: (q: RecordQuery, signal?: AbortSignal) => http.get<Page<IntegrityRecord>>('/integrity-records', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<IntegrityRecordDetail>(`/integrity-records/${id}`, undefined, signal),
  create: (body: RecordInput) => http.post<IntegrityRecordDetail>('/integrity-records', body),
  correct: (id: number, body: Correction) => api<IntegrityRecordDetail>(`/integrity-records/${id}`, { method: 'PATCH', json: body }),
  revoke: (id: number, reason: string) => http.post<IntegrityRecordDetail>(`/integrity-records/${id}/revoke`, { reason }),
  appeal: (id: number, reason: string) => http.post<IntegrityRecordDetail>(`/integrity-records/${id}/appeals`, { reason }),
  decide: (id: number, appealId: number, upheld: boolean, note: string) =>
    http.post<IntegrityRecordDetail>(`/integrity-records/${id}/appeals/${appealId}/decide`, { upheld, note }),
};
