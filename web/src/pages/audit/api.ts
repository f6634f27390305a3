// Typed calls for /api/audit.
import { http, type Page } from '../../app/api';
import type { AuditEntry, AuditQuery, AuditVerification } from '../../api/types';
import type { ResponseOf } from '../../api/types';

export type { AuditEntry, AuditQuery };
export type AuditOptions = ResponseOf<'/api/audit/options'>;

export const auditApi = {
  list: (q: AuditQuery, signal?: AbortSignal) => http.get<Page<AuditEntry>>('/audit', q, signal),
  /** Every action and entity type with words in both languages, and the actors in scope. */
  options: (signal?: AbortSignal) => http.get<AuditOptions>('/audit/options', undefined, signal),
  /** Re-checks the whole hash chain (platform admins). */
  verify: () => http.get<AuditVerification>('/audit/verify'),
};
