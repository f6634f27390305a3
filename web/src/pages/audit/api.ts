// Typed calls for /api/audit.
import { http, type Page } from '../../app/api';
import type { AuditEntry, AuditQuery, AuditVerification } from '../../api/types';

export type { AuditEntry, AuditQuery };

export const auditApi = {
  list: (q: AuditQuery, signal?: AbortSignal) => http.get<Page<AuditEntry>>('/audit', q, signal),
  /** Re-checks the whole hash chain (platform admins). */
  verify: () => http.get<AuditVerification>('/audit/verify'),
};
