// What the signed-in user may see and do, computed once from the current user (the
// ant-design-pro `access.ts` habit). The server decides for real; this only shapes the UI so
// people are not offered what the server would refuse.
import { createContext, useContext } from 'react';
import { ROLES, type Me, type Role } from './types';

export interface Access {
  /** Menu entries / routes (each route names one of these as its `access` key). */
  home: boolean;
  organizations: boolean;
  users: boolean;
  audit: boolean;
  tokens: boolean;
  /** Actions. */
  canCreateOrganization: boolean;
  canImportOrganizations: boolean;
  canCreateUsers: boolean;
  canImportUsers: boolean;
  /** Jurisdictions in which the user may create organisations (all four for a platform admin). */
  creatableJurisdictions: string[] | 'all';
  canEditOrganization: (org: { id: number; jurisdictionCode: string }) => boolean;
  canDeleteOrganization: (org: { id: number; jurisdictionCode: string }) => boolean;
  /** Moving an organisation between jurisdictions, or (de)activating it. */
  canReassignOrganization: boolean;
  canChangeOrganizationStatus: (org: { jurisdictionCode: string }) => boolean;
  canManageUser: (user: { id: number; role: string; organizationId: number; organizationJurisdiction: string }) => boolean;
  grantableRoles: (org: { id: number; jurisdictionCode: string } | null) => Role[];
}

export type RouteAccessKey = 'home' | 'organizations' | 'users' | 'audit' | 'tokens';

const NONE: Access = {
  home: false,
  organizations: false,
  users: false,
  audit: false,
  tokens: false,
  canCreateOrganization: false,
  canImportOrganizations: false,
  canCreateUsers: false,
  canImportUsers: false,
  creatableJurisdictions: [],
  canEditOrganization: () => false,
  canDeleteOrganization: () => false,
  canReassignOrganization: false,
  canChangeOrganizationStatus: () => false,
  canManageUser: () => false,
  grantableRoles: () => [],
};

export function computeAccess(me: Me | null | undefined): Access {
  if (!me) return NONE;
  const platform = me.role === 'platform_admin';
  const jurisdiction = me.role === 'jurisdiction_admin' ? me.jurisdictionCode : null;
  const orgAdmin = me.role === 'org_admin';
  const administers = (code: string) => jurisdiction !== null && jurisdiction === code;
  const admin = platform || jurisdiction !== null;

  return {
    home: true,
    organizations: platform || me.role === 'jurisdiction_admin' || orgAdmin,
    users: platform || me.role === 'jurisdiction_admin' || orgAdmin,
    audit: platform || me.role === 'jurisdiction_admin',
    tokens: true,
    canCreateOrganization: admin,
    canImportOrganizations: admin,
    canCreateUsers: admin || orgAdmin,
    canImportUsers: admin || orgAdmin,
    creatableJurisdictions: platform ? 'all' : jurisdiction ? [jurisdiction] : [],
    canEditOrganization: (org) => platform || administers(org.jurisdictionCode) || (orgAdmin && me.organization.id === org.id),
    canDeleteOrganization: (org) => platform || administers(org.jurisdictionCode),
    canReassignOrganization: platform,
    canChangeOrganizationStatus: (org) => platform || administers(org.jurisdictionCode),
    canManageUser: (u) => {
      if (platform) return true;
      if (u.role === 'platform_admin') return false;
      if (administers(u.organizationJurisdiction)) return true;
      return orgAdmin && me.organization.id === u.organizationId && u.role !== 'jurisdiction_admin';
    },
    grantableRoles: (org) => {
      if (platform) return [...ROLES];
      if (!org) {
        if (jurisdiction) return ['jurisdiction_admin', 'org_admin', 'member', 'expert'];
        if (orgAdmin) return ['org_admin', 'member', 'expert'];
        return [];
      }
      if (administers(org.jurisdictionCode)) return ['jurisdiction_admin', 'org_admin', 'member', 'expert'];
      if (orgAdmin && me.organization.id === org.id) return ['org_admin', 'member', 'expert'];
      return [];
    },
  };
}

export const AccessContext = createContext<Access>(NONE);
export const useAccess = (): Access => useContext(AccessContext);
