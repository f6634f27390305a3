// Shapes the server hands back that several pages share.

export const ROLES = ['platform_admin', 'jurisdiction_admin', 'org_admin', 'member', 'expert'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_TYPES = ['enterprise', 'university', 'research_institute', 'service_institution', 'government_department', 'financial_institution'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ENTERPRISE_TIERS = ['tech_sme', 'high_tech', 'tech_leader'] as const;
export type EnterpriseTier = (typeof ENTERPRISE_TIERS)[number];

export const JURISDICTION_CODES = ['310000', '320000', '330000', '340000'] as const;

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The jurisdiction a jurisdiction admin administers. */
  jurisdictionCode: string | null;
  departmentId: number | null;
  organization: { id: number; name: string; type: string; jurisdictionCode: string };
  via: 'session' | 'token';
}

export interface MeResponse {
  user: Me;
  csrfToken: string;
}

export interface LoginResponse extends MeResponse {
  expiresAt: string;
}

// The reference data's shapes come from the OpenAPI document.
export type { Department, Jurisdiction, Reference } from '../api/types';
