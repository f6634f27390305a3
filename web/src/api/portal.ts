// Typed calls of the public portal: /api/public/* (answers for visitors who are not signed in,
// allow-listed by the server) and the public open-licence list.
import { http, type Page } from '../app/api';
import type { ItemOf, QueryOf, ResponseOf, TextQuery } from './types';

export type Overview = ResponseOf<'/api/public/overview'>;
export type RegionCounts = Overview['jurisdictions'][number];
export type PublicResourceSearch = ResponseOf<'/api/public/resources'>;
export type PublicResourceItem = ItemOf<'/api/public/resources'>;
export type PublicResource = ResponseOf<'/api/public/resources/{id}'>;
export type PublicResultSearch = ResponseOf<'/api/public/results'>;
export type PublicDemandSearch = ResponseOf<'/api/public/demands'>;
export type PublicListing = ResponseOf<'/api/public/results/{id}'>;
export type PublicCall = ResponseOf<'/api/public/calls/{id}'>;
export type PublicProvider = ItemOf<'/api/public/providers'>;
export type OpenLicence = ItemOf<'/api/open-licences'>;

export type ResourceQuery = TextQuery<QueryOf<'/api/public/resources'>>;
export type ListingQuery = TextQuery<QueryOf<'/api/public/results'>>;
export type CallQuery = TextQuery<QueryOf<'/api/public/calls'>>;
export type ProviderQuery = TextQuery<QueryOf<'/api/public/providers'>>;

export const portalApi = {
  overview: () => http.get<Overview>('/public/overview'),
  resources: (q: ResourceQuery, signal?: AbortSignal) => http.get<PublicResourceSearch>('/public/resources', q, signal),
  resource: (id: number) => http.get<PublicResource>(`/public/resources/${id}`),
  results: (q: ListingQuery, signal?: AbortSignal) => http.get<PublicResultSearch>('/public/results', q, signal),
  demands: (q: ListingQuery, signal?: AbortSignal) => http.get<PublicDemandSearch>('/public/demands', q, signal),
  listing: (kind: 'result' | 'demand', id: number) => http.get<PublicListing>(`/public/${kind}s/${id}`),
  calls: (q: CallQuery, signal?: AbortSignal) => http.get<Page<PublicCall>>('/public/calls', q, signal),
  call: (id: number) => http.get<PublicCall>(`/public/calls/${id}`),
  providers: (q: ProviderQuery, signal?: AbortSignal) => http.get<Page<PublicProvider>>('/public/providers', q, signal),
  openLicences: (q: { page?: number; pageSize?: number }, signal?: AbortSignal) => http.get<Page<OpenLicence>>('/open-licences', q, signal),
};
