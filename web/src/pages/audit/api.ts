// Typed calls for /api/audit.
import { http, type Page, type Query } from '../../app/api';

export interface AuditEntry {
  seq: number;
  at: string;
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  jurisdictionCode: string | null;
  change: unknown;
  hash: string;
}

export interface AuditQuery extends Query {
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  jurisdiction?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  problems: string[];
}

export const auditApi = {
  list: (q: AuditQuery, signal?: AbortSignal) => http.get<Page<AuditEntry>>('/audit', q, signal),
  /** Re-checks the whole hash chain (platform admins). */
  verify: () => http.get<AuditVerification>('/audit/verify'),
};
