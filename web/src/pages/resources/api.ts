// Typed calls for /api/resources: the catalogue, one resource, availability, quotes, waitlist,
// access requests, and the operators' training, closures and usage statistics.
import { http, type Page, type Query } from '../../app/api';

export const RESOURCE_KINDS = ['instrument', 'facility', 'compute', 'dataset', 'germplasm'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const BOOKABLE_KINDS: readonly string[] = ['instrument', 'facility', 'compute'];
export const SERVICE_MODES = ['assisted', 'self_operation', 'sample_submission'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];
export const RESOURCE_STATUSES = ['published', 'draft', 'retired'] as const;
export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof DAY_KEYS)[number];
export const CATALOGUE_SORTS = ['relevance', 'price', '-price', '-value', 'newest', 'name'] as const;

export interface Segment {
  text: string;
  match: boolean;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface CatalogueItem {
  id: number;
  identifier: string;
  kind: string;
  name: string;
  category: string[];
  model: string | null;
  manufacturer: string | null;
  jurisdictionCode: string;
  city: string;
  ownerOrgId: number;
  ownerName: string;
  serviceModes: string[];
  startupFeeFen: number;
  hourlyFeeFen: number;
  perSampleFen: number;
  listPriceFen: number;
  originalValueFen: number | null;
  photo: string | null;
  status: string;
  score: number;
  highlights: { name: Segment[]; description: Segment[] };
}

export interface CatalogueResult extends Page<CatalogueItem> {
  query: { words: string[]; matchMode: 'all' | 'any' | null };
  facets: { kind: FacetValue[]; jurisdiction: FacetValue[]; category1: FacetValue[]; city: FacetValue[] };
}

export interface CatalogueQuery extends Query {
  q?: string;
  kind?: string;
  category1?: string;
  category2?: string;
  jurisdiction?: string;
  city?: string;
  ownerOrgId?: number;
  /** Published resources with this designated manager. */
  managerUserId?: number;
  /** The resources whose designated manager I am, drafts included. */
  managed?: boolean;
  priceMin?: number;
  priceMax?: number;
  freeFrom?: string;
  freeTo?: string;
  mine?: boolean;
  facets?: boolean;
  sort?: string;
  page?: number;
  pageSize?: number;
}

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

export interface Resource {
  id: number;
  identifier: string;
  kind: string;
  name: string;
  description: string;
  keywords: string[];
  category: string[];
  model: string | null;
  manufacturer: string | null;
  originCountry: string | null;
  originalValueFen: number | null;
  purchaseDate: string | null;
  registeredOn: string;
  city: string;
  address: string;
  ownerOrgId: number;
  managerUserId: number | null;
  specifications: string;
  features: string;
  photos: string[];
  serviceItems: ServiceItem[];
  serviceModes: string[];
  startupFeeFen: number;
  hourlyFeeFen: number;
  consumablesFen: number;
  perSampleFen: number;
  rules: BookingRules;
  openingHours: OpeningHours;
  capacity: number;
  needsApproval: boolean;
  status: string;
  jurisdictionCode: string;
  ownerName: string | null;
  managerName: string | null;
  bookable: boolean;
  listPriceFen: number;
  createdAt: string;
  updatedAt: string;
}

export interface ResourceInput {
  kind: string;
  name: string;
  description?: string;
  keywords?: string[];
  category?: string[];
  model?: string | null;
  manufacturer?: string | null;
  originCountry?: string | null;
  originalValueFen?: number | null;
  purchaseDate?: string | null;
  city?: string;
  address?: string;
  ownerOrgId: number;
  managerUserId?: number | null;
  specifications?: string;
  features?: string;
  serviceItems?: ServiceItem[];
  serviceModes?: string[];
  startupFeeFen?: number;
  hourlyFeeFen?: number;
  consumablesFen?: number;
  perSampleFen?: number;
  rules?: Partial<BookingRules>;
  openingHours?: OpeningHours;
  capacity?: number;
  needsApproval?: boolean;
  status?: string;
}

export interface Interval {
  startsAt: string;
  endsAt: string;
}

export interface Closure extends Interval {
  id: number;
  kind: 'closure' | 'maintenance' | string;
  reason: string;
}

export interface ClosureItem extends Closure {
  resourceId: number;
  createdAt: string;
}

export interface Availability {
  resourceId: number;
  from: string;
  to: string;
  slotMinutes: number;
  capacity: number;
  rules: { leadMinutes: Record<string, number>; maxAdvanceDays: number; minMinutes: number; maxMinutes: number };
  needsApproval: boolean;
  serviceModes: string[];
  open: Interval[];
  closures: Closure[];
  busy: Array<Interval & { status: string; mine: boolean }>;
  free: Interval[];
}

export interface Quote {
  mode: string;
  minutes: number;
  samples: number;
  startupFen: number;
  timeFen: number;
  samplesFen: number;
  consumablesFen: number;
  totalFen: number;
}

export interface WaitlistEntry {
  id: number;
  resourceId: number;
  resourceName: string | null;
  mode: string;
  startsAt: string;
  endsAt: string;
  samples: number;
  status: 'waiting' | 'offered' | 'accepted' | 'expired' | 'cancelled' | string;
  offeredAt: string | null;
  offerExpiresAt: string | null;
  bookingId: number | null;
  createdAt: string;
}

export interface AccessRequest {
  id: number;
  resourceId: number;
  resourceName: string | null;
  userId: number;
  userName: string | null;
  organizationName: string | null;
  purpose: string;
  status: 'requested' | 'approved' | 'rejected' | string;
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface TrainingAuthorization {
  id: number;
  userId: number;
  username: string;
  displayName: string;
  organizationName: string;
  grantedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  valid: boolean;
  note: string;
}

export interface ClosureCreated extends Closure {
  affectedBookings: number[];
}

export interface Usage {
  resourceId: number;
  from: string;
  to: string;
  effectiveHours: number;
  externalHours: number;
  otherJurisdictionHours: number;
  completedBookings: number;
  noShows: number;
  bookingsByStatus: Record<string, number>;
  hoursByJurisdiction: Record<string, number>;
  revenueFen: number;
}

export const resourcesApi = {
  search: (q: CatalogueQuery, signal?: AbortSignal) => http.get<CatalogueResult>('/resources', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Resource>(`/resources/${id}`, undefined, signal),
  create: (body: ResourceInput) => http.post<Resource>('/resources', body),
  update: (id: number, body: Partial<ResourceInput>) => http.patch<Resource>(`/resources/${id}`, body),
  availability: (id: number, from: string, to: string, signal?: AbortSignal) =>
    http.get<Availability>(`/resources/${id}/availability`, { from, to }, signal),
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
  decide: (id: number, decision: 'approve' | 'reject', note?: string) =>
    http.post<AccessRequest>(`/access-requests/${id}/${decision}`, note ? { note } : {}),
};

export const waitlistApi = {
  mine: (signal?: AbortSignal) => http.get<{ items: WaitlistEntry[] }>('/me/waitlist', undefined, signal).then((r) => r.items),
  accept: (id: number) => http.post<unknown>(`/waitlist/${id}/accept`),
  leave: (id: number) => http.del(`/waitlist/${id}`),
};

/** The resource's own calendar feed (public). */
export const resourceCalendarUrl = (id: number) => `/api/resources/${id}/calendar.ics`;
