// Typed calls for /api/tokens.
import { http } from '../../app/api';
import type { ApiToken, BodyOf, CreatedToken } from '../../api/types';

export type { ApiToken, CreatedToken };

export const tokensApi = {
  list: () => http.get<{ items: ApiToken[] }>('/tokens').then((r) => r.items),
  create: (body: BodyOf<'/api/tokens'>) => http.post<CreatedToken>('/tokens', body),
  revoke: (id: number) => http.del(`/tokens/${id}`),
};
