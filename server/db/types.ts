// Table types of the database, as Kysely sees them. Times are ISO-8601 UTC strings on both
// engines (the PostgreSQL driver is told to hand timestamptz back as such); flags are 0/1.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = string;

export interface JurisdictionTable {
  code: string; // GB/T 2260
  name_zh: string;
  name_en: string;
  short_zh: string;
  sort_order: number;
}

export interface DepartmentTable {
  id: Generated<number>;
  jurisdiction_code: string;
  kind: string; // science | finance | ip | market | other
  name_zh: string;
  name_en: string;
}

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  name_folded: string;
  uscc: string;
  type: string;
  jurisdiction_code: string;
  city: string | null;
  tier: string | null;
  department_id: number | null;
  established_on: string | null;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  organization_id: number;
  role: string;
  jurisdiction_code: string | null;
  department_id: number | null;
  password_hash: string;
  status: string; // active | disabled
  failed_logins: number;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  refreshed_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  ip: string;
  username: string;
  at: Timestamp;
  success: number;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_user_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  jurisdiction_code: string | null;
  change_json: string;
  digest: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number; // always 1
  seq: number;
  hash: string;
}

export interface Database {
  jurisdictions: JurisdictionTable;
  departments: DepartmentTable;
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export type Organization = Selectable<OrganizationTable>;
export type NewOrganization = Insertable<OrganizationTable>;
export type OrganizationUpdate = Updateable<OrganizationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Department = Selectable<DepartmentTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type { ColumnType };
