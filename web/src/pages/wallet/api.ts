// Typed calls for the holder's side of vouchers: my vouchers and their ledger history, a quote
// for paying a booking or a service order, redeeming (with an Idempotency-Key), and redemptions.
import { http, type Page, type Query } from '../../app/api';
import type { Voucher } from '../voucher-admin/api';
import type { ServiceOrder } from '../provider-desk/api';

export { ORDER_STATUSES, type ServiceOrder } from '../provider-desk/api';

export interface BuyerOrderQuery extends Query {
  status?: string;
  /** createdAt | amount | status, "-" for descending. */
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface VoucherQuote {
  feeFen: number;
  /** The programme's share of the fee. */
  shareLimitFen: number;
  balanceFen: number;
  capRemainingFen: number;
  /** What the voucher pays. */
  payableFen: number;
  /** What the holder pays. */
  copayFen: number;
  limitedBy: 'share' | 'balance' | 'cap' | string;
  providerId: number;
  providerName: string;
  providerJurisdiction: string;
  category: string;
}

export type RedemptionSource = { bookingId: number; orderId?: undefined } | { orderId: number; bookingId?: undefined };

export interface RedeemInput {
  bookingId?: number;
  orderId?: number;
  amountFen?: number;
  /** Required when the provider redeems at checkout. */
  voucherCode?: string;
}

export interface RedemptionPage extends Page<Redemption> {
  /** Sums by issuing jurisdiction over every redemption the filters match (net of refunds). */
  totals: { issuerJurisdiction: string; amountFen: number; unsettledFen: number }[];
}

export const REDEMPTION_STATUSES = ['completed', 'reversed'] as const;

export interface Redemption {
  id: number;
  voucherId: number;
  voucherCode: string;
  programId: number;
  programName: string;
  holderOrgId: number;
  holderOrgName: string;
  providerId: number;
  providerName: string;
  issuerJurisdiction: string;
  providerJurisdiction: string;
  sourceKind: 'booking' | 'order' | string;
  sourceId: number;
  sourceLabel: string;
  category: string;
  feeFen: number;
  amountFen: number;
  refundedFen: number;
  copayFen: number;
  status: string;
  period: string;
  settlementId: number | null;
  createdAt: string;
}

export interface RedemptionQuery extends Query {
  scope: 'holder' | 'provider' | 'issuer';
  voucherId?: number;
  providerId?: number;
  /** Only the redemptions of these bookings (comma-separated ids). */
  bookingIds?: string;
  period?: string;
  status?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

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
