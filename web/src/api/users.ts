// Typed calls for /api/users.
import { http, type Page } from '../app/api';
import type { User, UserCreate, UserPatch, UserQuery } from './types';

export type { User, UserCreate, UserPatch, UserQuery };

export const usersApi = {
  list: (q: UserQuery, signal?: AbortSignal) => http.get<Page<User>>('/users', q, signal),
  get: (id: number) => http.get<User>(`/users/${id}`),
  create: (body: UserCreate) => http.post<User>('/users', body),
  update: (id: number, body: UserPatch) => http.patch<User>(`/users/${id}`, body),
  unlock: (id: number) => http.post<User>(`/users/${id}/unlock`),
};
