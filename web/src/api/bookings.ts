// Typed calls for /api/bookings: my bookings, the bookings of resources I run, creating a
// booking (single or weekly series) and the lifecycle actions.
import { http, type Page } from '../app/api';
import type { BodyOf, QueryOf, ResponseOf, Schema, TextQuery } from './types';

export const BOOKING_STATUSES = ['requested', 'confirmed', 'checked_in', 'completed', 'rejected', 'cancelled', 'no_show'] as const;

export type Booking = Schema<'Booking'>;
export type BookingQuery = TextQuery<QueryOf<'/api/bookings'>>;
export type BookingInput = BodyOf<'/api/bookings'>;
/** A weekly series as created: its bookings and every occurrence as the server checked it. */
export type SeriesCreated = Exclude<ResponseOf<'/api/bookings', 'post'>, Booking>;
/** One occurrence of a weekly series as the server checked it. */
export type Occurrence = SeriesCreated['occurrences'][number];
export type BookingAction = 'approve' | 'reject' | 'cancel' | 'check-in' | 'complete';
export type ActionInput = BodyOf<'/api/bookings/{id}/complete'>;

export const bookingsApi = {
  list: (q: BookingQuery, signal?: AbortSignal) => http.get<Page<Booking>>('/bookings', q, signal),
  get: (id: number) => http.get<Booking>(`/bookings/${id}`),
  create: (body: BookingInput) => http.post<Booking | SeriesCreated>('/bookings', body),
  act: (id: number, action: BookingAction, body: ActionInput = {}) => http.post<Booking>(`/bookings/${id}/${action}`, body),
};

export const isSeries = (x: Booking | SeriesCreated): x is SeriesCreated => 'occurrences' in x;

/** Read-only calendar links to my bookings feed (issue 15): the secret is shown once, at creation. */
export type CalendarLink = ResponseOf<'/api/me/calendar-links', 'get'>['items'][number];
export type CalendarLinkCreated = ResponseOf<'/api/me/calendar-links', 'post'>;
export const calendarLinksApi = {
  list: () => http.get<{ items: CalendarLink[] }>('/me/calendar-links').then((r) => r.items),
  create: () => http.post<CalendarLinkCreated>('/me/calendar-links', {}),
  revoke: (id: number) => http.del(`/me/calendar-links/${id}`),
};
/** The https and webcal:// addresses of a feed path on this site. */
export const feedUrls = (path: string) => ({ https: `${window.location.origin}${path}`, webcal: `webcal://${window.location.host}${path}` });
