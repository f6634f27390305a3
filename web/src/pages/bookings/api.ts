// Typed calls for /api/bookings: my bookings, the bookings of resources I run, creating a
// booking (single or weekly series) and the lifecycle actions.
import { http, type Page, type Query } from '../../app/api';
import type { Interval, Quote } from '../resources/api';

export const BOOKING_STATUSES = ['requested', 'confirmed', 'checked_in', 'completed', 'rejected', 'cancelled', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface Booking {
  id: number;
  resourceId: number;
  resourceName: string | null;
  userId: number;
  userName: string | null;
  organizationId: number;
  organizationName: string | null;
  jurisdictionCode: string;
  mode: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus | string;
  samples: number;
  purpose: string;
  quoteFen: number;
  quote: Quote;
  chargeFen: number | null;
  usageMinutes: number | null;
  seriesId: string | null;
  decisionNote: string | null;
  checkedInAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface BookingQuery extends Query {
  scope: 'mine' | 'managed';
  resourceId?: number;
  /** Comma-separated statuses. */
  status?: string;
  from?: string;
  to?: string;
  sort?: 'startsAt' | '-startsAt' | 'createdAt' | '-createdAt';
  page?: number;
  pageSize?: number;
}

export interface BookingInput {
  resourceId: number;
  mode: string;
  startsAt: string;
  endsAt: string;
  samples?: number;
  purpose?: string;
  rrule?: string;
  skipConflicts?: boolean;
}

/** One occurrence of a weekly series as the server checked it. */
export interface Occurrence extends Interval {
  ok: boolean;
  rules: string[];
  conflicts: Interval[];
}

export interface SeriesCreated {
  bookings: Booking[];
  occurrences: Occurrence[];
  seriesId: string;
}

export type BookingAction = 'approve' | 'reject' | 'cancel' | 'check-in' | 'complete';

export interface ActionInput {
  note?: string;
  usageMinutes?: number;
  consumablesFen?: number;
  samples?: number;
}

export const bookingsApi = {
  list: (q: BookingQuery, signal?: AbortSignal) => http.get<Page<Booking>>('/bookings', q, signal),
  get: (id: number) => http.get<Booking>(`/bookings/${id}`),
  create: (body: BookingInput) => http.post<Booking | SeriesCreated>('/bookings', body),
  act: (id: number, action: BookingAction, body: ActionInput = {}) => http.post<Booking>(`/bookings/${id}/${action}`, body),
};

export const isSeries = (x: Booking | SeriesCreated): x is SeriesCreated => 'occurrences' in x;
