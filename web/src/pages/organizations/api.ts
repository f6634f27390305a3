// Typed calls for /api/organizations.
import { http, type Page, type Query } from '../../app/api';

export interface Organization {
  id: number;
  name: string;
  uscc: string;
  type: string;
  jurisdictionCode: string;
  city: string | null;
  tier: string | null;
  departmentId: number | null;
  establishedOn: string | null;
  status: 'active' | 'inactive';
  createdAt: string;
  updatedAt: string;
  userCount: number;
}

export interface OrganizationQuery extends Query {
  q?: string;
  jurisdiction?: string;
  type?: string;
  tier?: string;
  status?: string;
  page: number;
  pageSize: number;
  sort?: string;
}

export interface OrganizationInput {
  name: string;
  uscc: string;
  type: string;
  jurisdictionCode: string;
  city?: string | null;
  tier?: string | null;
  departmentId?: number | null;
  establishedOn?: string | null;
  status?: 'active' | 'inactive';
}

export const organizationsApi = {
  list: (q: OrganizationQuery, signal?: AbortSignal) => http.get<Page<Organization>>('/organizations', q, signal),
  get: (id: number) => http.get<Organization>(`/organizations/${id}`),
  create: (body: OrganizationInput) => http.post<Organization>('/organizations', body),
  update: (id: number, body: Partial<OrganizationInput>) => http.patch<Organization>(`/organizations/${id}`, body),
  remove: (id: number) => http.del(`/organizations/${id}`),
};
