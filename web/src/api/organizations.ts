// Typed calls for /api/organizations.
import { http, type Page } from '../app/api';
import type { Organization, OrganizationInput, OrganizationPatch, OrganizationQuery } from './types';

export type { Organization, OrganizationInput, OrganizationPatch, OrganizationQuery };

export const organizationsApi = {
  list: (q: OrganizationQuery, signal?: AbortSignal) => http.get<Page<Organization>>('/organizations', q, signal),
  get: (id: number) => http.get<Organization>(`/organizations/${id}`),
  create: (body: OrganizationInput) => http.post<Organization>('/organizations', body),
  update: (id: number, body: OrganizationPatch) => http.patch<Organization>(`/organizations/${id}`, body),
  remove: (id: number) => http.del(`/organizations/${id}`),
};
