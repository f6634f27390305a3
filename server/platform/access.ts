// Who may do what: named permission functions over the signed-in user (umami style), used by
// every service before it reads or writes. Three axes: role, organisation, jurisdiction.
import { forbidden } from './errors';

export const ROLES = ['platform_admin', 'jurisdiction_admin', 'org_admin', 'member', 'expert'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_TYPES = ['enterprise', 'university', 'research_institute', 'service_institution', 'government_department', 'financial_institution'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

// 企业梯度 (Decision art. 10): 科技型中小企业 → 高新技术企业 → 科技领军企业
export const ENTERPRISE_TIERS = ['tech_sme', 'high_tech', 'tech_leader'] as const;
export type EnterpriseTier = (typeof ENTERPRISE_TIERS)[number];
export const TIER_NAMES: Record<EnterpriseTier, { zh: string; en: string }> = {
  tech_sme: { zh: '科技型中小企业', en: 'tech-based SME' },
  high_tech: { zh: '高新技术企业', en: 'high-tech enterprise' },
  tech_leader: { zh: '科技领军企业', en: 'leading tech enterprise' },
};

export const JURISDICTION_CODES = ['310000', '320000', '330000', '340000'] as const;

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  organizationId: number;
  organizationName: string;
  organizationType: string;
  /** The jurisdiction of the user's organisation. */
  organizationJurisdiction: string;
  /** For a jurisdiction admin: the jurisdiction administered (that of their department). */
  jurisdictionCode: string | null;
  departmentId: number | null;
  via: 'session' | 'token';
  /** The reader's language for this request (Accept-Language), set by requireActor: texts stored as codes are rendered in it. */
  lang?: 'zh' | 'en';
}

interface OrgRef {
  id: number;
  jurisdiction_code: string;
}
interface UserRef {
  id: number;
  organization_id: number;
  role: string;
  jurisdiction_code: string | null;
}

const isPlatformAdmin = (a: Actor) => a.role === 'platform_admin';
const administersJurisdiction = (a: Actor, code: string) => a.role === 'jurisdiction_admin' && a.jurisdictionCode === code;

/** A platform or jurisdiction administrator (the government side, which does not book, apply or redeem). */
export const isAdministrator = (a: Actor) => a.role === 'platform_admin' || a.role === 'jurisdiction_admin';
/** A platform admin, or the admin of jurisdiction `code`: who may act on that jurisdiction's programmes, calls, records. */
export const administers = (a: Actor, code: string) => isPlatformAdmin(a) || administersJurisdiction(a, code);

/** Everyone signed in may read the organisation directory (it is public information). */
export function canViewOrganization(_a: Actor, _org: OrgRef): boolean {
  return true;
}

export function canCreateOrganization(a: Actor, jurisdictionCode: string): boolean {
  return isPlatformAdmin(a) || administersJurisdiction(a, jurisdictionCode);
}

export function canUpdateOrganization(a: Actor, org: OrgRef): boolean {
  return isPlatformAdmin(a) || administersJurisdiction(a, org.jurisdiction_code) || (a.role === 'org_admin' && a.organizationId === org.id);
}

/** Moving an organisation to another jurisdiction, or deactivating it, is for administrators. */
export function canReassignOrganization(a: Actor, from: OrgRef, toJurisdiction: string): boolean {
  return isPlatformAdmin(a) || (administersJurisdiction(a, from.jurisdiction_code) && from.jurisdiction_code === toJurisdiction);
}

export function canDeleteOrganization(a: Actor, org: OrgRef): boolean {
  return isPlatformAdmin(a) || administersJurisdiction(a, org.jurisdiction_code);
}

/** Which users an actor may list: platform admin all; jurisdiction admin their jurisdiction; org admin their org; others themselves. */
export type UserScope = { all: true } | { jurisdiction: string } | { organization: number } | { self: number };
export function userListScope(a: Actor): UserScope {
  if (isPlatformAdmin(a)) return { all: true };
  if (a.role === 'jurisdiction_admin' && a.jurisdictionCode) return { jurisdiction: a.jurisdictionCode };
  if (a.role === 'org_admin') return { organization: a.organizationId };
  return { self: a.userId };
}

export function canViewUser(a: Actor, u: UserRef, orgJurisdiction: string): boolean {
  if (a.userId === u.id) return true;
  return canManageUser(a, u, orgJurisdiction);
}

export function canManageUser(a: Actor, u: UserRef, orgJurisdiction: string): boolean {
  if (isPlatformAdmin(a)) return true;
  if (u.role === 'platform_admin') return false;
  if (administersJurisdiction(a, orgJurisdiction)) return true;
  return a.role === 'org_admin' && a.organizationId === u.organization_id && u.role !== 'jurisdiction_admin';
}

/** Roles an actor may grant to a user of an organisation in a jurisdiction. */
export function grantableRoles(a: Actor, orgId: number, orgJurisdiction: string): Role[] {
  if (isPlatformAdmin(a)) return [...ROLES];
  if (administersJurisdiction(a, orgJurisdiction)) return ['jurisdiction_admin', 'org_admin', 'member', 'expert'];
  if (a.role === 'org_admin' && a.organizationId === orgId) return ['org_admin', 'member', 'expert'];
  return [];
}

/** Creating users at all: administrators only (an org admin for their own organisation). */
export function canCreateUserIn(a: Actor, orgId: number, orgJurisdiction: string): boolean {
  return grantableRoles(a, orgId, orgJurisdiction).length > 0;
}

export type AuditScope = { all: true } | { jurisdiction: string } | null;
export function auditScope(a: Actor): AuditScope {
  if (isPlatformAdmin(a)) return { all: true };
  if (a.role === 'jurisdiction_admin' && a.jurisdictionCode) return { jurisdiction: a.jurisdictionCode };
  return null;
}

/**
 * A settlement (结算单) is read by the platform, the issuing jurisdiction that pays it, and every
 * jurisdiction whose providers are owed money in it — not by the others (issue 12, item 6).
 */
export function canReadSettlement(a: Actor, s: { issuer: string; owedJurisdictions: string[] }): boolean {
  if (isPlatformAdmin(a)) return true;
  if (a.role !== 'jurisdiction_admin' || !a.jurisdictionCode) return false;
  return a.jurisdictionCode === s.issuer || s.owedJurisdictions.includes(a.jurisdictionCode);
}

/** An expert profile (专家库): the expert themself, an admin of the expert's jurisdiction, or the platform admin (issue 12, item 1). */
export function canKeepExpertProfile(a: Actor, expert: { userId: number; jurisdictionCode: string | null }): boolean {
  if (a.userId === expert.userId || isPlatformAdmin(a)) return true;
  return expert.jurisdictionCode !== null && administersJurisdiction(a, expert.jurisdictionCode);
}

// ---- accounts (issue 15) -------------------------------------------------------------------

/** Deciding a self-registration: the admin of the jurisdiction it applied to, or the platform admin. */
export function canDecideRegistration(a: Actor, jurisdictionCode: string): boolean {
  return administers(a, jurisdictionCode);
}

/** Which registrations an actor sees: all, one jurisdiction's, or none. */
export function registrationScope(a: Actor): { all: true } | { jurisdiction: string } | null {
  if (isPlatformAdmin(a)) return { all: true };
  if (a.role === 'jurisdiction_admin' && a.jurisdictionCode) return { jurisdiction: a.jurisdictionCode };
  return null;
}

/** Inviting members to an organisation (and seeing, revoking its invitations): its admins, its jurisdiction's admins, the platform. */
export function canInviteTo(a: Actor, org: OrgRef): boolean {
  return administers(a, org.jurisdiction_code) || (a.role === 'org_admin' && a.organizationId === Number(org.id));
}

export function canImportOrganizations(a: Actor): boolean {
  return isPlatformAdmin(a) || a.role === 'jurisdiction_admin';
}

/** Throws 403 with a reason in both languages unless allowed. */
export function assertAllowed(allowed: boolean, reason: { zh: string; en: string }): void {
  if (!allowed) throw forbidden(reason);
}

export const REASONS = {
  otherJurisdiction: { zh: '不能管理其他辖区的数据', en: 'You may not manage another jurisdiction’s data' },
  notAdmin: { zh: '需要管理员权限', en: 'Administrator rights are needed' },
  otherOrganization: { zh: '不能管理其他机构的数据', en: 'You may not manage another organisation’s data' },
  platformAdminOnly: { zh: '仅平台管理员可执行', en: 'Only a platform administrator may do this' },
};

// ---- shared resources (Decision art. 15) --------------------------------------------------

interface ResourceRef {
  owner_org_id: number;
  manager_user_id: number | null;
}

/** Registering a resource: the owner organisation's admins (or a platform admin). */
export function canRegisterResourceFor(a: Actor, ownerOrgId: number): boolean {
  return isPlatformAdmin(a) || (a.role === 'org_admin' && a.organizationId === ownerOrgId);
}

/** Running a resource — editing it, deciding bookings, training, closures: its manager and its owner's admins. */
export function canOperateResource(a: Actor, r: ResourceRef): boolean {
  return (
    isPlatformAdmin(a) ||
    (a.role === 'org_admin' && a.organizationId === Number(r.owner_org_id)) ||
    (r.manager_user_id !== null && a.userId === Number(r.manager_user_id))
  );
}

/** Booking or requesting access: anyone signed in who acts for an organisation other than a government department. */
export function canBook(a: Actor): boolean {
  return a.role !== 'jurisdiction_admin' && a.role !== 'platform_admin';
}

// ---- technology market: listings imported from other markets (Decision art. 8) ----------------

/** Importing listings at all: administrators and the admins of service institutions (the markets). */
export function canImportListings(a: Actor): boolean {
  return isAdministrator(a) || (a.role === 'org_admin' && a.organizationType === 'service_institution');
}

/** Who owns a source an actor registers: their organisation (a market), else their jurisdiction, else the platform. */
export function importSourceOwnerFor(a: Actor): { owner_org_id: number | null; owner_jurisdiction: string | null } {
  if (a.role === 'org_admin') return { owner_org_id: a.organizationId, owner_jurisdiction: null };
  if (a.role === 'jurisdiction_admin') return { owner_org_id: null, owner_jurisdiction: a.jurisdictionCode };
  return { owner_org_id: null, owner_jurisdiction: null };
}

/** Only a source's owner imports under it (the platform admin may under any). */
export function canImportUnderSource(a: Actor, s: { owner_org_id: number | null; owner_jurisdiction: string | null }): boolean {
  if (isPlatformAdmin(a)) return true;
  if (s.owner_org_id !== null) return a.role === 'org_admin' && a.organizationId === Number(s.owner_org_id);
  if (s.owner_jurisdiction !== null) return administersJurisdiction(a, s.owner_jurisdiction);
  return false;
}

/** Jurisdictions whose listings an importer may bring in: its own (the platform: all four). */
export function importableJurisdictions(a: Actor): readonly string[] {
  if (isPlatformAdmin(a)) return JURISDICTION_CODES;
  if (a.role === 'jurisdiction_admin') return a.jurisdictionCode ? [a.jurisdictionCode] : [];
  return [a.organizationJurisdiction];
}

/** An imported row may name an organisation as its owner when the importer administers it, or it accepted links from the source. */
export function canLinkListingOwner(a: Actor, org: { id: number; jurisdiction_code: string }, acceptedFromSource: boolean): boolean {
  return acceptedFromSource || administers(a, org.jurisdiction_code) || (a.role === 'org_admin' && a.organizationId === org.id);
}
