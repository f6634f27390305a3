// Typed calls for the vouchers module (server/modules/vouchers): programmes (/api/voucher-programs),
// applications (/api/voucher-applications), vouchers and their ledger (/api/vouchers), redeeming
// (with an Idempotency-Key) and redemptions, recognised service providers (/api/providers) with
// their products, and service orders (/api/service-orders). Money is integer fen, times ISO-8601
// UTC (docs/vouchers-api.md).
import { api, http, type Page } from '../app/api';
import type { BodyOf, ItemOf, QueryOf, ResponseOf, Schema, TextQuery } from './types';

// --- Programmes, applications, issued vouchers ---------------------------------------------------

export const SERVICE_CATEGORIES = [
  'testing',
  'analysis',
  'instrument_sharing',
  'design',
  'consulting',
  'tech_transfer',
  'ip_service',
] as const satisfies readonly ProductInput['category'][];
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export type Program = Schema<'VoucherProgram'>;
export type ProgramQuery = TextQuery<QueryOf<'/api/voucher-programs'>>;
export type ProgramInput = BodyOf<'/api/voucher-programs'>;

export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected'] as const;

export type Application = ItemOf<'/api/voucher-applications'>;
export type ApplicationQuery = TextQuery<QueryOf<'/api/voucher-applications'>>;
export type ApplicationInput = BodyOf<'/api/voucher-programs/{id}/applications'>;

export const VOUCHER_STATUSES = ['active', 'suspended', 'expired'] as const;

export type Voucher = ItemOf<'/api/vouchers'>;
export type LedgerMovement = VoucherDetail['history'][number];
export type VoucherDetail = ResponseOf<'/api/vouchers/{id}'>;
export type VoucherQuery = TextQuery<QueryOf<'/api/vouchers'>>;

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

// --- The holder's side: quotes, redeeming, redemptions, orders placed -----------------------------

export type BuyerOrderQuery = Omit<OrderQuery, 'scope'>;
export type VoucherQuote = ResponseOf<'/api/vouchers/{id}/quote'>;
export type RedemptionSource = { bookingId: number; orderId?: undefined } | { orderId: number; bookingId?: undefined };
export type RedeemInput = BodyOf<'/api/vouchers/{id}/redemptions'>;
export type RedemptionPage = ResponseOf<'/api/redemptions'>;

export const REDEMPTION_STATUSES = ['completed', 'reversed'] as const;

export type Redemption = RedemptionPage['items'][number];
export type RedemptionQuery = TextQuery<QueryOf<'/api/redemptions'>>;

/** A fresh random key (works outside secure contexts too, where randomUUID is missing). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const walletApi = {
  lookup: (code: string) => http.get<Voucher>('/vouchers/lookup', { code }),
  quote: (voucherId: number, source: { bookingId?: number; orderId?: number; voucherCode?: string }, signal?: AbortSignal) =>
    http.get<VoucherQuote>(`/vouchers/${voucherId}/quote`, source, signal),
  redeem: (voucherId: number, body: RedeemInput, idempotencyKey: string) =>
    http.post<Redemption>(`/vouchers/${voucherId}/redemptions`, body, undefined, { 'Idempotency-Key': idempotencyKey }),
  voucherRedemptions: (voucherId: number, signal?: AbortSignal) => http.get<Page<Redemption>>(`/vouchers/${voucherId}/redemptions`, undefined, signal),
};

/** The service orders my organisation placed: list (paged, by status, sorted) and cancel a placed one. */
export const buyerOrdersApi = {
  list: (q: BuyerOrderQuery, signal?: AbortSignal) => http.get<Page<ServiceOrder>>('/service-orders', { ...q, scope: 'buyer' }, signal),
  cancel: (id: number) => http.post<ServiceOrder>(`/service-orders/${id}/cancel`),
};

export const redemptionsApi = {
  list: (q: RedemptionQuery, signal?: AbortSignal) => http.get<RedemptionPage>('/redemptions', q, signal),
  reverse: (id: number, reason: string) => http.post<Redemption>(`/redemptions/${id}/reverse`, { reason }),
  refund: (id: number, amountFen: number, reason: string) => http.post<Redemption>(`/redemptions/${id}/refund`, { amountFen, reason }),
};

// --- Recognised service providers and their products ---------------------------------------------

export const PROVIDER_STATUSES = ['applied', 'notice', 'listed', 'rejected', 'suspended', 'revoked'] as const;
export const EVIDENCE_CONDITIONS = ['legal_entity', 'years_in_operation', 'published_prices', 'integrity', 'other'] as const;
export const CHECK_KEYS = ['legalEntity', 'yearsInOperation', 'publishedPrices', 'integrityClean'] as const;

export type Evidence = Provider['evidence'][number];
export type Recognition = Provider['recognitions'][number];
export type Provider = ResponseOf<'/api/providers/{id}'>;
export type ProviderQuery = TextQuery<QueryOf<'/api/providers'>>;
export type Objection = ItemOf<'/api/providers/{id}/objections'>;
export type ProviderInput = BodyOf<'/api/providers'>;
export type Product = ItemOf<'/api/providers/{id}/products'>;
/** An order for one of a listed provider's active products (POST /api/service-orders). */
export type OrderInput = BodyOf<'/api/service-orders'>;
export type ProductInput = BodyOf<'/api/providers/{id}/products'>;

/** Lists answer either a page or a bare array; take the items either way. */
export const itemsOf = <T>(x: Page<T> | T[] | undefined): T[] => (Array.isArray(x) ? x : (x?.items ?? []));

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
  recognise: (id: number, decision: 'recognised' | 'declined', note: string) =>
    http.post<Provider>(`/providers/${id}/recognitions`, { decision, ...(note ? { note } : {}) }),
  suspend: (id: number, reason: string) => http.post<Provider>(`/providers/${id}/suspend`, { reason }),
  reinstate: (id: number) => http.post<Provider>(`/providers/${id}/reinstate`),
  revoke: (id: number, reason: string) => http.post<Provider>(`/providers/${id}/revoke`, { reason }),
  products: (id: number, signal?: AbortSignal, status?: 'active' | 'retired') => http.get<Product[]>(`/providers/${id}/products`, { status }, signal),
  createProduct: (id: number, body: ProductInput) => http.post<Product>(`/providers/${id}/products`, body),
  updateProduct: (id: number, productId: number, body: Partial<ProductInput> & { status?: 'active' | 'retired' }) =>
    http.patch<Product>(`/providers/${id}/products/${productId}`, body),
  placeOrder: (body: OrderInput) =>
    http.post<ServiceOrder>('/service-orders', { productId: body.productId, quantity: body.quantity, ...(body.note ? { note: body.note } : {}) }),
};

// --- Service orders placed with a provider (the provider's desk) ----------------------------------

export const ORDER_STATUSES = ['placed', 'completed', 'cancelled'] as const;

export type ServiceOrder = ItemOf<'/api/service-orders'>;
export type OrderQuery = TextQuery<QueryOf<'/api/service-orders'>>;

export const ordersApi = {
  list: (q: OrderQuery, signal?: AbortSignal) => http.get<Page<ServiceOrder>>('/service-orders', q, signal),
  create: (productId: number, quantity: number, note?: string) =>
    http.post<ServiceOrder>('/service-orders', { productId, quantity, ...(note ? { note } : {}) }),
  complete: (id: number, amountFen?: number) => http.post<ServiceOrder>(`/service-orders/${id}/complete`, amountFen != null ? { amountFen } : {}),
  cancel: (id: number) => http.post<ServiceOrder>(`/service-orders/${id}/cancel`),
};
