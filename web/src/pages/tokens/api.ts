// Typed calls for /api/tokens.
import { http } from '../../app/api';

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  token: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
}

export const tokensApi = {
  list: () => http.get<{ items: ApiToken[] }>('/tokens').then((r) => r.items),
  create: (body: { name: string; expiresInDays?: number }) => http.post<CreatedToken>('/tokens', body),
  revoke: (id: number) => http.del(`/tokens/${id}`),
};
