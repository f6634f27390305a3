// Typed calls for recognised service providers (/api/providers): the queue, the detail with its
// self-assessment, platform checks, evidence, public notice and objections, and the decisions.
import { api, http, type Page, type Query } from '../../app/api';
import type { ServiceOrder } from '../provider-desk/api';

export const PROVIDER_STATUSES = ['applied', 'notice', 'listed', 'rejected', 'suspended', 'revoked'] as const;
export const EVIDENCE_CONDITIONS = ['legal_entity', 'years_in_operation', 'published_prices', 'integrity', 'other'] as const;
export const CHECK_KEYS = ['legalEntity', 'yearsInOperation', 'publishedPrices', 'integrityClean'] as const;
export type CheckKey = (typeof CHECK_KEYS)[number];

export interface SelfAssessment {
  legalEntity: boolean;
  yearsInOperation: number;
  publishedPrices: boolean;
  integrityClean: boolean;
  statement: string;
}

export interface ProviderCheck {
  passed: boolean;
  note: string;
  checks: Partial<Record<CheckKey, { ok: boolean; detail: string }>>;
  checkedAt: string;
}

export interface Evidence {
  id: number;
  condition: string;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface Recognition {
  jurisdictionCode: string;
  decision: 'recognised' | 'declined' | string;
  note: string;
  decidedAt: string;
}

export interface Provider {
  id: number;
  organizationId: number;
  organizationName: string;
  jurisdictionCode: string;
  status: string;
  categories: string[];
  description: string;
  selfAssessment: SelfAssessment;
  check: ProviderCheck | null;
  noticeStartsAt: string | null;
  noticeEndsAt: string | null;
  listedAt: string | null;
  statusReason: string | null;
  recognitions: Recognition[];
  recognisedIn: string[];
  evidence: Evidence[];
  openObjections: number;
  products: number;
  createdAt: string;
}

export interface ProviderQuery extends Query {
  status?: string;
  jurisdiction?: string;
  category?: string;
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface Objection {
  id: number;
  reason: string;
  /** Who objected (shown to administrators). */
  objector: string | null;
  status: 'open' | 'upheld' | 'dismissed' | string;
  resolution: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface ProviderInput {
  categories: string[];
  description: string;
  selfAssessment: SelfAssessment;
}

export interface Product {
  id: number;
  providerId: number;
  name: string;
  category: string;
  description: string;
  unit: string;
  priceFen: number;
  status: 'active' | 'retired' | string;
  createdAt: string;
}

/** An order for one of a listed provider's active products (POST /api/service-orders). */
export interface OrderInput {
  productId: number;
  quantity: number;
  note?: string;
}

export interface ProductInput {
  name: string;
  category: string;
  description?: string;
  unit: string;
  priceFen: number;
}

/** Lists answer either a page or a bare array; take the items either way. */
export const itemsOf = <T,>(x: Page<T> | T[] | undefined): T[] => (Array.isArray(x) ? x : (x?.items ?? []));

export const evidenceUrl = (providerId: number, evidenceId: number) => `/api/providers/${providerId}/evidence/${evidenceId}`;

export const providersApi = {
  list: (q: ProviderQuery, signal?: AbortSignal) => http.get<Page<Provider>>('/providers', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Provider>(`/providers/${id}`, undefined, signal),
  mine: (signal?: AbortSignal) => http.get<Provider>('/providers/mine', undefined, signal),
  create: (body: ProviderInput) => http.post<Provider>('/providers', body),
  uploadEvidence: (id: number, condition: string, file: File) =>
    api<Evidence>(`/providers/${id}/evidence`, {
      method: 'POST',
      query: { condition, filename: file.name },
      body: file,
      contentType: file.type || 'application/octet-stream',
    }),
  check: (id: number, passed: boolean, note: string) => http.post<Provider>(`/providers/${id}/check`, { passed, note }),
  objections: (id: number, signal?: AbortSignal) => http.get<Objection[]>(`/providers/${id}/objections`, undefined, signal),
  object: (id: number, reason: string) => http.post<Objection>(`/providers/${id}/objections`, { reason }),
  resolve: (id: number, objectionId: number, upheld: boolean, resolution: string) =>
    http.post<Objection>(`/providers/${id}/objections/${objectionId}/resolve`, { upheld, resolution }),
  putOnList: (id: number) => http.post<Provider>(`/providers/${id}/list`),
  reject: (id: number, reason: string) => http.post<Provider>(`/providers/${id}/reject`, { reason }),
  recognise: (id: number, decision: 'recognised' | 'declined', note: string) => http.post<Provider>(`/providers/${id}/recognitions`, { decision, ...(note ? { note } : {}) }),
  suspend: (id: number, reason: string) => http.post<Provider>(`/providers/${id}/suspend`, { reason }),
  reinstate: (id: number) => http.post<Provider>(`/providers/${id}/reinstate`),
  revoke: (id: number, reason: string) => http.post<Provider>(`/providers/${id}/revoke`, { reason }),
  products: (id: number, signal?: AbortSignal, status?: 'active' | 'retired') => http.get<Product[]>(`/providers/${id}/products`, { status }, signal),
  createProduct: (id: number, body: ProductInput) => http.post<Product>(`/providers/${id}/products`, body),
  updateProduct: (id: number, productId: number, body: Partial<ProductInput> & { status?: 'active' | 'retired' }) =>
    http.patch<Product>(`/providers/${id}/products/${productId}`, body),
  placeOrder: (body: OrderInput) => http.post<ServiceOrder>('/service-orders', { productId: body.productId, quantity: body.quantity, ...(body.note ? { note: body.note } : {}) }),
};
