// Typed calls for /api/users.
import { http, type Page, type Query } from '../../app/api';

export interface User {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: string;
  status: 'active' | 'disabled';
  organizationId: number;
  organizationName: string;
  organizationJurisdiction: string;
  jurisdictionCode: string | null;
  departmentId: number | null;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserQuery extends Query {
  q?: string;
  organizationId?: number;
  jurisdiction?: string;
  role?: string;
  status?: string;
  page: number;
  pageSize: number;
  sort?: string;
}

export interface UserCreate {
  username: string;
  displayName: string;
  email?: string;
  organizationId: number;
  role: string;
  password: string;
  departmentId?: number;
}

export interface UserPatch {
  displayName?: string;
  email?: string | null;
  role?: string;
  status?: 'active' | 'disabled';
  password?: string;
  /** Required with password when it is your own. */
  currentPassword?: string;
  departmentId?: number | null;
}

export const usersApi = {
  list: (q: UserQuery, signal?: AbortSignal) => http.get<Page<User>>('/users', q, signal),
  get: (id: number) => http.get<User>(`/users/${id}`),
  create: (body: UserCreate) => http.post<User>('/users', body),
  update: (id: number, body: UserPatch) => http.patch<User>(`/users/${id}`, body),
  unlock: (id: number) => http.post<User>(`/users/${id}/unlock`),
};
