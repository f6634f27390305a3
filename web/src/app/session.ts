// The signed-in user, as react-query data under ['me'] (null when signed out).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, http, setCsrfToken } from './api';
import type { LoginResponse, Me, MeResponse } from './types';

export const ME_KEY = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const res = await http.get<MeResponse>('/auth/me');
    setCsrfToken(res.csrfToken);
    return res.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export async function login(username: string, password: string): Promise<LoginResponse> {
  const res = await http.post<LoginResponse>('/auth/login', { username, password });
  setCsrfToken(res.csrfToken);
  return res;
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    try {
      await http.post<void>('/auth/logout');
    } catch {
      // Signed out either way: the session may already be gone.
    }
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(ME_KEY, null);
  };
}
