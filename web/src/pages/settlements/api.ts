// Typed calls for settlements (/api/settlements): run a past month for a jurisdiction, list,
// detail with lines per provider, export, and the regional clearing statement of a period.
import { http, type Page, type Query } from '../../app/api';

export interface Settlement {
  id: number;
  period: string;
  jurisdictionCode: string;
  status: string;
  redemptions: number;
  totalFen: number;
  createdAt: string;
}

export interface SettlementLine {
  providerId: number;
  providerName: string;
  providerJurisdiction: string;
  redemptions: number;
  amountFen: number;
}

export interface SettlementDetail extends Settlement {
  lines: SettlementLine[];
}

export interface SettlementQuery extends Query {
  period?: string;
  jurisdiction?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface Clearing {
  period: string;
  /** Jurisdictions that have run this period's settlement. */
  settled: string[];
  /** Issuer → provider jurisdiction, cross-jurisdiction only. */
  gross: { from: string; to: string; amountFen: number; redemptions: number; settledFen: number }[];
  /** Who pays whom after netting. */
  net: { from: string; to: string; amountFen: number }[];
  local: { jurisdiction: string; amountFen: number; redemptions: number }[];
}

export const settlementsApi = {
  list: (q: SettlementQuery, signal?: AbortSignal) => http.get<Page<Settlement>>('/settlements', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<SettlementDetail>(`/settlements/${id}`, undefined, signal),
  run: (period: string, jurisdictionCode?: string) => http.post<SettlementDetail>('/settlements', { period, ...(jurisdictionCode ? { jurisdictionCode } : {}) }),
  clearing: (period: string, signal?: AbortSignal) => http.get<Clearing>('/settlements/clearing', { period }, signal),
};
