// Typed calls for the provider's desk: service orders placed with my organisation (to complete
// and redeem at checkout) and the completed bookings of the resources my organisation runs.
import { http, type Page, type Query } from '../../app/api';

export const ORDER_STATUSES = ['placed', 'completed', 'cancelled'] as const;

export interface ServiceOrder {
  id: number;
  productId: number;
  productName: string;
  category: string;
  providerId: number;
  providerName: string;
  buyerOrgId: number;
  buyerOrgName: string;
  quantity: number;
  amountFen: number;
  note: string;
  status: string;
  createdAt: string;
  completedAt: string | null;
  redemptionId: number | null;
}

export interface OrderQuery extends Query {
  scope: 'buyer' | 'provider';
  status?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export const ordersApi = {
  list: (q: OrderQuery, signal?: AbortSignal) => http.get<Page<ServiceOrder>>('/service-orders', q, signal),
  create: (productId: number, quantity: number, note?: string) => http.post<ServiceOrder>('/service-orders', { productId, quantity, ...(note ? { note } : {}) }),
  complete: (id: number, amountFen?: number) => http.post<ServiceOrder>(`/service-orders/${id}/complete`, amountFen != null ? { amountFen } : {}),
  cancel: (id: number) => http.post<ServiceOrder>(`/service-orders/${id}/cancel`),
};
