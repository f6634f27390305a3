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
  /** The public catalogue of shared resources (everyone signed in). */
  resources: boolean;
  /** My bookings: everyone who books (not the administrative accounts). */
  bookings: boolean;
  /** The manager's console in the menu: organisation and platform admins. */
  resourcesManage: boolean;
  /** The manager's console by its address: also a member who manages a resource (linked from its page). */
  resourcesConsole: boolean;
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
  /** Booking, joining a waitlist, asking for access to data. */
  canBook: boolean;
  /** Registering resources of one's own organisation (or any, for a platform admin). */
  canRegisterResources: boolean;
  /** Running a resource: editing it, deciding bookings, training, closures (the server decides for real). */
  canOperateResource: (r: { ownerOrgId: number; managerUserId?: number | null }) => boolean;
}

export type RouteAccessKey = 'home' | 'organizations' | 'users' | 'audit' | 'tokens' | 'resources' | 'bookings' | 'resourcesManage' | 'resourcesConsole';

const NONE: Access = {
  home: false,
  organizations: false,
  users: false,
  audit: false,
  tokens: false,
  resources: false,
  bookings: false,
  resourcesManage: false,
  resourcesConsole: false,
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
  canBook: false,
  canRegisterResources: false,
  canOperateResource: () => false,
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
    resources: true,
    bookings: !admin,
    resourcesManage: platform || orgAdmin,
    resourcesConsole: me.role !== 'jurisdiction_admin',
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
    canBook: !admin,
    canRegisterResources: platform || orgAdmin,
    canOperateResource: (r) =>
      platform || (orgAdmin && me.organization.id === r.ownerOrgId) || (r.managerUserId != null && r.managerUserId === me.id),
  };
}

export const AccessContext = createContext<Access>(NONE);
export const useAccess = (): Access => useContext(AccessContext);
