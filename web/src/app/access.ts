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
  /** Self-registrations to decide (issue 15): platform and jurisdiction admins. */
  registrations: boolean;
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
  /** The operator's approval queue (/queue) and one's own training requests: everyone but a jurisdiction admin. */
  queue: boolean;
  /** The queue in the menu (with its badge): organisation and platform admins, who run resources. */
  queueMenu: boolean;
  /** Innovation vouchers: programmes, the applications queue, issued vouchers, settlements (administrators). */
  voucherPrograms: boolean;
  voucherApplications: boolean;
  vouchersIssued: boolean;
  voucherSettlements: boolean;
  /** Recognised service providers: everyone signed in sees the listed and those in public notice. */
  voucherProviders: boolean;
  /** My vouchers: org admins and members of an enterprise. */
  voucherWallet: boolean;
  /** The provider's desk: the org admin of a non-government organisation (apply for recognition, products, checkout). */
  providerDesk: boolean;
  /** Joint research (联合攻关): calls (everyone signed in), the expert's review queue and own profile, the expert pool (administrators), integrity records (everyone: administrators see all, others their own). */
  calls: boolean;
  reviews: boolean;
  expertProfile: boolean;
  expertPool: boolean;
  integrity: boolean;
  /** Technology market (技术市场): search of results and demands, open licences, auctions, risk pools (everyone signed in). */
  market: boolean;
  /** One's organisation's results, demands, licences and contracts (members of non-government organisations). */
  portfolio: boolean;
  /** Licence and assignment contracts: parties' people, and administrators for their jurisdiction. */
  contracts: boolean;
  auctions: boolean;
  riskPools: boolean;
  /** Interconnection with other markets: import batches (administrators and service-institution admins). */
  interconnect: boolean;
  /** Posting results (non-government organisations) and demands (enterprises). */
  canPostResults: boolean;
  canPostDemands: boolean;
  /** Declaring open licences, accepting them, proposing/signing contracts, starting auctions and bidding: org admins. */
  canTrade: boolean;
  /** Posing a 揭榜挂帅 challenge (企业出题): the admin of an enterprise. */
  canPoseChallenge: boolean;
  /** Applying to calls and bidding on challenges: everyone but the administrative accounts. */
  canApplyToCalls: boolean;
  /** Jurisdictions for which the user drafts calls and records integrity decisions. */
  callJurisdictions: string[] | 'all';
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
  /** Ordering a listed provider's service products (the server refuses the administrative accounts and one's own organisation). */
  canOrderServices: boolean;
  /** Registering resources of one's own organisation (or any, for a platform admin). */
  canRegisterResources: boolean;
  /** Running a resource: editing it, deciding bookings, training, closures (the server decides for real). */
  canOperateResource: (r: { ownerOrgId: number; managerUserId?: number | null }) => boolean;
  /** Deciding for a jurisdiction's vouchers, programmes, providers and settlements. */
  canAdministerVouchers: (jurisdictionCode: string) => boolean;
  /** Jurisdictions for which the user may create programmes and run settlements. */
  voucherJurisdictions: string[] | 'all';
  /** The jurisdiction a jurisdiction admin administers (null for everyone else). */
  adminJurisdiction: string | null;
}

export type RouteAccessKey =
  | 'home'
  | 'organizations'
  | 'users'
  | 'registrations'
  | 'audit'
  | 'tokens'
  | 'resources'
  | 'bookings'
  | 'resourcesManage'
  | 'resourcesConsole'
  | 'queue'
  | 'queueMenu'
  | 'voucherPrograms'
  | 'voucherApplications'
  | 'vouchersIssued'
  | 'voucherSettlements'
  | 'voucherProviders'
  | 'voucherWallet'
  | 'providerDesk'
  | 'calls'
  | 'reviews'
  | 'expertProfile'
  | 'expertPool'
  | 'integrity'
  | 'market'
  | 'portfolio'
  | 'contracts'
  | 'auctions'
  | 'riskPools'
  | 'interconnect';

const NONE: Access = {
  home: false,
  organizations: false,
  users: false,
  registrations: false,
  audit: false,
  tokens: false,
  resources: false,
  bookings: false,
  resourcesManage: false,
  resourcesConsole: false,
  queue: false,
  queueMenu: false,
  voucherPrograms: false,
  voucherApplications: false,
  vouchersIssued: false,
  voucherSettlements: false,
  voucherProviders: false,
  voucherWallet: false,
  providerDesk: false,
  calls: false,
  reviews: false,
  expertProfile: false,
  expertPool: false,
  integrity: false,
  market: false,
  portfolio: false,
  contracts: false,
  auctions: false,
  riskPools: false,
  interconnect: false,
  canPostResults: false,
  canPostDemands: false,
  canTrade: false,
  canPoseChallenge: false,
  canApplyToCalls: false,
  callJurisdictions: [],
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
  canOrderServices: false,
  canRegisterResources: false,
  canOperateResource: () => false,
  canAdministerVouchers: () => false,
  voucherJurisdictions: [],
  adminJurisdiction: null,
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
    registrations: platform || me.role === 'jurisdiction_admin',
    audit: platform || me.role === 'jurisdiction_admin',
    tokens: true,
    resources: true,
    bookings: !admin,
    resourcesManage: platform || orgAdmin,
    resourcesConsole: me.role !== 'jurisdiction_admin',
    queue: me.role !== 'jurisdiction_admin',
    queueMenu: platform || orgAdmin,
    voucherPrograms: admin,
    voucherApplications: admin,
    vouchersIssued: admin,
    voucherSettlements: admin,
    voucherProviders: true,
    voucherWallet: (orgAdmin || me.role === 'member') && me.organization.type === 'enterprise',
    providerDesk: orgAdmin && me.organization.type !== 'government_department',
    calls: true,
    reviews: me.role === 'expert',
    expertProfile: me.role === 'expert',
    expertPool: admin,
    integrity: true,
    canPoseChallenge: orgAdmin && me.organization.type === 'enterprise',
    canApplyToCalls: !admin,
    market: true,
    portfolio: !admin && me.organization.type !== 'government_department',
    contracts: true,
    auctions: true,
    riskPools: true,
    interconnect: admin || (orgAdmin && me.organization.type === 'service_institution'),
    canPostResults: !admin && me.organization.type !== 'government_department',
    canPostDemands: !admin && me.organization.type === 'enterprise' && me.role !== 'expert',
    canTrade: orgAdmin,
    callJurisdictions: platform ? 'all' : jurisdiction ? [jurisdiction] : [],
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
    canOrderServices: !admin,
    canRegisterResources: platform || orgAdmin,
    canOperateResource: (r) => platform || (orgAdmin && me.organization.id === r.ownerOrgId) || (r.managerUserId != null && r.managerUserId === me.id),
    canAdministerVouchers: (code) => platform || administers(code),
    voucherJurisdictions: platform ? 'all' : jurisdiction ? [jurisdiction] : [],
    adminJurisdiction: jurisdiction,
  };
}

export const AccessContext = createContext<Access>(NONE);
export const useAccess = (): Access => useContext(AccessContext);
