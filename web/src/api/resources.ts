// Typed calls for /api/resources: the catalogue, one resource, availability, quotes, waitlist,
// access requests, and the operators' training, closures and usage statistics.
import { api, http, type Page } from '../app/api';
import type { BodyOf, ItemOf, QueryOf, ResponseOf, TextQuery } from './types';

export type CatalogueResult = ResponseOf<'/api/resources'>;
export type CatalogueItem = ItemOf<'/api/resources'>;
export type FacetValue = CatalogueResult['facets']['kind'][number];
export type CatalogueQuery = TextQuery<QueryOf<'/api/resources'>>;
export type Availability = ResponseOf<'/api/resources/{id}/availability'>;
export type Interval = Availability['open'][number];
export type Closure = Availability['closures'][number];
export type ClosureItem = ItemOf<'/api/resources/{id}/closures'>;
export type Quote = ResponseOf<'/api/resources/{id}/quote'>;
export type WaitlistEntry = ResponseOf<'/api/resources/{id}/waitlist', 'post'>;
export type AccessRequest = ItemOf<'/api/access-requests'>;
export type ResourceInput = BodyOf<'/api/resources'>;

export const RESOURCE_KINDS = ['instrument', 'facility', 'compute', 'dataset', 'germplasm'] as const satisfies readonly ResourceInput['kind'][];
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const BOOKABLE_KINDS: readonly string[] = ['instrument', 'facility', 'compute'];
export const SERVICE_MODES = ['assisted', 'self_operation', 'sample_submission'] as const satisfies NonNullable<ResourceInput['serviceModes']>;
export type ServiceMode = (typeof SERVICE_MODES)[number];
export const RESOURCE_STATUSES = ['published', 'draft', 'retired'] as const satisfies readonly NonNullable<ResourceInput['status']>[];
export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof DAY_KEYS)[number];
export const CATALOGUE_SORTS = ['relevance', 'price', '-price', '-value', 'newest', 'name'] as const;

export interface BookingRules {
  slotMinutes: number;
  leadMinutes: Partial<Record<ServiceMode, number>>;
  maxAdvanceDays: number;
  minMinutes: number;
  maxMinutes: number;
}

export type OpeningHours = Partial<Record<DayKey, Array<[string, string]>>>;

export interface ServiceItem {
  name: string;
  unit: string;
  priceFen: number;
}

/** GET /api/resources/{id}: the document's type, with the codes narrowed to the web's unions. */
export type Resource = Omit<ResponseOf<'/api/resources/{id}'>, 'kind' | 'serviceModes' | 'status' | 'rules' | 'openingHours' | 'serviceItems'> & {
  kind: ResourceInput['kind'];
  serviceModes: NonNullable<ResourceInput['serviceModes']>;
  status: NonNullable<ResourceInput['status']>;
  rules: BookingRules;
  openingHours: OpeningHours;
  serviceItems: ServiceItem[];
};

export type TrainingAuthorization = ItemOf<'/api/resources/{id}/training'>;
export type ClosureCreated = ResponseOf<'/api/resources/{id}/closures', 'post'>;
export type Usage = ResponseOf<'/api/resources/{id}/usage'>;

export const resourcesApi = {
  search: (q: CatalogueQuery, signal?: AbortSignal) => http.get<CatalogueResult>('/resources', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Resource>(`/resources/${id}`, undefined, signal),
  create: (body: ResourceInput) => http.post<Resource>('/resources', body),
  update: (id: number, body: Partial<ResourceInput>) => http.patch<Resource>(`/resources/${id}`, body),
  availability: (id: number, from: string, to: string, signal?: AbortSignal) => http.get<Availability>(`/resources/${id}/availability`, { from, to }, signal),
  quote: (id: number, q: { mode: string; startsAt: string; endsAt: string; samples?: number }, signal?: AbortSignal) =>
    http.get<Quote>(`/resources/${id}/quote`, q, signal),
  joinWaitlist: (id: number, body: { mode: string; startsAt: string; endsAt: string; samples?: number }) =>
    http.post<WaitlistEntry>(`/resources/${id}/waitlist`, body),
  requestAccess: (id: number, purpose: string) => http.post<AccessRequest>(`/resources/${id}/access-requests`, { purpose }),
  training: (id: number) => http.get<{ items: TrainingAuthorization[] }>(`/resources/${id}/training`).then((r) => r.items),
  grantTraining: (id: number, body: { username: string; expiresOn: string; note?: string }) =>
    http.post<TrainingAuthorization>(`/resources/${id}/training`, body),
  revokeTraining: (id: number, trainingId: number) => http.del(`/resources/${id}/training/${trainingId}`),
  addClosure: (id: number, body: { kind: string; startsAt: string; endsAt: string; reason?: string }) =>
    http.post<ClosureCreated>(`/resources/${id}/closures`, body),
  removeClosure: (id: number, closureId: number) => http.del(`/resources/${id}/closures/${closureId}`),
  closures: (id: number, q: { from?: string; to?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    http.get<Page<ClosureItem>>(`/resources/${id}/closures`, q, signal),
  usage: (id: number, from: string, to: string, signal?: AbortSignal) => http.get<Usage>(`/resources/${id}/usage`, { from, to }, signal),
};

export const accessRequestsApi = {
  list: (q: { scope: 'mine' | 'managed'; resourceId?: number; status?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    http.get<Page<AccessRequest>>('/access-requests', q, signal),
  decide: (id: number, decision: 'approve' | 'reject', note?: string) => http.post<AccessRequest>(`/access-requests/${id}/${decision}`, note ? { note } : {}),
};

export const waitlistApi = {
  mine: (signal?: AbortSignal) => http.get<{ items: WaitlistEntry[] }>('/me/waitlist', undefined, signal).then((r) => r.items),
  accept: (id: number) => http.post<unknown>(`/waitlist/${id}/accept`),
  leave: (id: number) => http.del(`/waitlist/${id}`),
};

/** The resource's own calendar feed (public). */
export const resourceCalendarUrl = (id: number) => `/api/resources/${id}/calendar.ics`;

/** Photos of a resource (issue 15): uploaded by the people who run it, served by id. */
export type ResourcePhoto = Resource['uploadedPhotos'][number];
export const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';
export const PHOTO_LIMIT_BYTES = 5 * 1024 * 1024;
export const photosApi = {
  upload: (resourceId: number, file: File) =>
    api<ResourcePhoto>(`/resources/${resourceId}/photos`, { method: 'POST', body: file, contentType: file.type || 'application/octet-stream' }),
  remove: (resourceId: number, photoId: number) => http.del(`/resources/${resourceId}/photos/${photoId}`),
};
export const CONTACT_VISIBILITIES = ['public', 'signed_in', 'nobody'] as const;
