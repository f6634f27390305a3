// Typed calls for settlements (/api/settlements): run a past month for a jurisdiction, list,
// detail with lines per provider, export, and the regional clearing statement of a period.
import { http, type Page } from '../../app/api';
import type { ItemOf, QueryOf, ResponseOf, TextQuery } from '../../api/types';

export type Settlement = ItemOf<'/api/settlements'>;
export type SettlementDetail = ResponseOf<'/api/settlements/{id}'>;
export type SettlementLine = SettlementDetail['lines'][number];
export type SettlementQuery = TextQuery<QueryOf<'/api/settlements'>>;
export type Clearing = ResponseOf<'/api/settlements/clearing'>;
export type SettlementPreview = ResponseOf<'/api/settlements/preview'>;

export const settlementsApi = {
  list: (q: SettlementQuery, signal?: AbortSignal) => http.get<Page<Settlement>>('/settlements', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<SettlementDetail>(`/settlements/${id}`, undefined, signal),
  run: (period: string, jurisdictionCode?: string) =>
    http.post<SettlementDetail>('/settlements', { period, ...(jurisdictionCode ? { jurisdictionCode } : {}) }),
  /** What settling would record, computed without writing. */
  preview: (period: string, jurisdictionCode?: string) =>
    http.get<SettlementPreview>('/settlements/preview', { period, ...(jurisdictionCode ? { jurisdictionCode } : {}) }),
  clearing: (period: string, signal?: AbortSignal) => http.get<Clearing>('/settlements/clearing', { period }, signal),
};
