// User accounts: one organisation each, one role; administrators manage them within their scope.
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, invalid, notFound, type FieldError } from '../../platform/errors';
import { newAuditBatch, recordAudit } from '../../platform/audit';
import {
  REASONS,
  ROLES,
  assertAllowed,
  canCreateUserIn,
  canManageUser,
  canViewUser,
  grantableRoles,
  userListScope,
  type Actor,
  type Role,
} from '../../platform/access';
import { hashPassword, passwordProblems, verifyPassword } from '../../platform/passwords';
import { normalizeUscc } from '../../platform/uscc';
import { parseSort } from '../../platform/http';
import { assertImportClean, readProblems, readSheet, writeSheet, type Column } from '../../platform/spreadsheet';
import { DEPARTMENT_KIND_NAMES, ROLE_NAMES } from '../../platform/choices';
import * as repo from './users.repository';
import { announceAuthChange } from '../auth/auth.service';

const ENTITY = { zh: '用户', en: 'User' };
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Row = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

export function toView(r: Row) {
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    status: r.status,
    organizationId: Number(r.organization_id),
    organizationName: r.organization_name,
    organizationJurisdiction: r.organization_jurisdiction,
    jurisdictionCode: r.jurisdiction_code,
    departmentId: r.department_id === null ? null : Number(r.department_id),
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type Org = NonNullable<Awaited<ReturnType<typeof repo.findOrganization>>>;

/**
 * Where a role puts a user: a jurisdiction admin administers the jurisdiction of the
 * government department they work for (Decision art. 3: each department acts for its own
 * jurisdiction only); other roles carry no jurisdiction of their own.
 */
async function placement(deps: Deps, role: string, org: Org, departmentId: number | null | undefined, field: (f: string) => string) {
  if (role !== 'jurisdiction_admin') return { problems: [] as FieldError[], jurisdiction_code: null, department_id: null };
  if (org.type !== 'government_department')
    return { problems: [{ field: field('role'), code: 'role-needs-department' }], jurisdiction_code: null, department_id: null };
  const deptId = departmentId ?? (org.department_id === null ? null : Number(org.department_id));
  const dept = deptId ? await repo.findDepartment(deps.db.db, deptId) : undefined;
  if (!dept || dept.jurisdiction_code !== org.jurisdiction_code) {
    return { problems: [{ field: field('departmentId'), code: 'department-invalid' }], jurisdiction_code: null, department_id: null };
  }
  return { problems: [] as FieldError[], jurisdiction_code: org.jurisdiction_code, department_id: Number(dept.id) };
}

export interface ListQuery {
  q?: string;
  organizationId?: number;
  jurisdiction?: string;
  role?: string;
  status?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

const SORTS = { username: 'username', createdAt: 'created_at' } as const;

export async function listUsers(deps: Deps, actor: Actor, q: ListQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { rows, total } = await repo.list(
    deps.db.db,
    deps.db.helpers,
    userListScope(actor),
    { q: q.q?.trim().normalize('NFKC') || undefined, organizationId: q.organizationId, jurisdiction: q.jurisdiction, role: q.role, status: q.status },
    parseSort(q.sort, SORTS, 'username'),
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: rows.map(toView), total, page, pageSize };
}

export async function getUser(deps: Deps, actor: Actor, id: number) {
  const row = await repo.findById(deps.db.db, id);
  // Someone outside the actor's scope is "not found", not "forbidden": no probing of accounts.
  if (!row || !canViewUser(actor, { ...row, id: Number(row.id), organization_id: Number(row.organization_id) }, row.organization_jurisdiction))
    throw notFound(ENTITY, id);
  return toView(row);
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  organizationId: number;
  role: string;
  password: string;
  departmentId?: number | null;
}

async function checkNewUser(deps: Deps, actor: Actor, input: CreateUserInput, org: Org | undefined, field: (f: string) => string, row?: number) {
  const problems: FieldError[] = [];
  const push = (f: string, code: string, params?: Record<string, unknown>) =>
    problems.push({ field: field(f), code, params, ...(row !== undefined ? { row } : {}) });
  const username = (input.username ?? '').trim().toLowerCase();
  if (!USERNAME.test(username)) push('username', username ? 'value-invalid' : 'required');
  if (!input.displayName?.trim()) push('displayName', 'required');
  if (input.email && !EMAIL.test(input.email)) push('email', 'value-invalid');
  if (!ROLES.includes(input.role as Role)) push('role', input.role ? 'role-invalid' : 'required');
  problems.push(...passwordProblems(input.password ?? '', username, field('password')).map((p) => ({ ...p, ...(row !== undefined ? { row } : {}) })));
  if (!org) {
    push('organizationId', 'organization-invalid');
    return { problems, username, place: null };
  }
  if (ROLES.includes(input.role as Role) && !grantableRoles(actor, Number(org.id), org.jurisdiction_code).includes(input.role as Role))
    push('role', 'role-forbidden');
  const place = await placement(deps, input.role, org, input.departmentId, field);
  problems.push(...place.problems.map((p) => ({ ...p, ...(row !== undefined ? { row } : {}) })));
  return { problems, username, place };
}

function usernameTaken(field = 'body:/username') {
  return new AppError('conflict', { reason: { zh: '用户名已被使用', en: 'The username is taken' } }, [{ field, code: 'username-taken' }]);
}

export async function createUser(deps: Deps, actor: Actor, input: CreateUserInput) {
  const org = await repo.findOrganization(deps.db.db, input.organizationId);
  if (org) assertAllowed(canCreateUserIn(actor, Number(org.id), org.jurisdiction_code), REASONS.otherOrganization);
  const { problems, username, place } = await checkNewUser(deps, actor, input, org, (f) => `body:/${f}`);
  if (problems.length) throw invalid(problems);
  const nowIso = deps.clock.now().toISOString();
  const password_hash = await hashPassword(input.password);
  try {
    const id = await inTransaction(deps, async (trx) => {
      const record = {
        username,
        display_name: input.displayName.trim(),
        email: input.email?.trim() || null,
        organization_id: Number(org!.id),
        role: input.role,
        jurisdiction_code: place!.jurisdiction_code,
        department_id: place!.department_id,
        status: 'active',
      };
      const { id } = await repo.insert(trx, { ...record, password_hash, failed_logins: 0, locked_until: null, created_at: nowIso, updated_at: nowIso });
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: Number(id),
        jurisdictionCode: org!.jurisdiction_code,
        change: { after: record },
      });
      return Number(id);
    });
    return getUser(deps, actor, id);
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw usernameTaken();
    throw e;
  }
}

export interface UpdateUserInput {
  displayName?: string;
  email?: string | null;
  role?: string;
  status?: 'active' | 'disabled';
  password?: string;
  /** Required when people change their own password. */
  currentPassword?: string;
  departmentId?: number | null;
}

/**
 * @param sessionId the session making the change: a password change keeps it and ends every other
 * session of the account, and revokes its API tokens.
 */
export async function updateUser(deps: Deps, actor: Actor, id: number, patch: UpdateUserInput, sessionId: string | null = null) {
  const current = await repo.findById(deps.db.db, id);
  const ref = current && {
    id: Number(current.id),
    organization_id: Number(current.organization_id),
    role: current.role,
    jurisdiction_code: current.jurisdiction_code,
  };
  if (!current || !canViewUser(actor, ref!, current.organization_jurisdiction)) throw notFound(ENTITY, id);
  const self = actor.userId === id;
  const managing = canManageUser(actor, ref!, current.organization_jurisdiction);
  // Everyone may change their own name, e-mail and password; the rest is for their administrators.
  const adminOnly = patch.role !== undefined || patch.status !== undefined || patch.departmentId !== undefined;
  assertAllowed(managing || (self && !adminOnly), REASONS.notAdmin);
  if (self && adminOnly) {
    assertAllowed(false, { zh: '不能修改自己的角色或状态', en: 'You may not change your own role or status' });
  }

  const problems: FieldError[] = [];
  const changes: Record<string, unknown> = {};
  if (patch.displayName !== undefined) {
    if (!patch.displayName.trim()) problems.push({ field: 'body:/displayName', code: 'required' });
    else changes.display_name = patch.displayName.trim();
  }
  if (patch.email !== undefined) {
    if (patch.email && !EMAIL.test(patch.email)) problems.push({ field: 'body:/email', code: 'value-invalid' });
    else changes.email = patch.email?.trim() || null;
  }
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.role !== undefined || patch.departmentId !== undefined) {
    const role = patch.role ?? current.role;
    const org = (await repo.findOrganization(deps.db.db, Number(current.organization_id)))!;
    if (!grantableRoles(actor, Number(org.id), org.jurisdiction_code).includes(role as Role)) problems.push({ field: 'body:/role', code: 'role-forbidden' });
    const place = await placement(deps, role, org, patch.departmentId, (f) => `body:/${f}`);
    problems.push(...place.problems);
    changes.role = role;
    changes.jurisdiction_code = place.jurisdiction_code;
    changes.department_id = place.department_id;
  }
  if (patch.password !== undefined || patch.email !== undefined) {
    // A leaked API token must not be able to take the account over (a new password mints new
    // tokens; a new e-mail address receives password resets): only a signed-in person may.
    assertAllowed(actor.via === 'session', {
      zh: '密码和电子邮箱只能在登录会话中修改，不能使用 API 令牌',
      en: 'Passwords and e-mail addresses are changed from a signed-in session, not with an API token',
    });
  }
  if (patch.currentPassword !== undefined && patch.password === undefined) problems.push({ field: 'body:/password', code: 'required' });
  if (patch.password !== undefined) {
    problems.push(...passwordProblems(patch.password, current.username, 'body:/password'));
    // People changing their own password prove they know the current one; an administrator resetting someone else's does not.
    if (self) {
      if (!patch.currentPassword) problems.push({ field: 'body:/currentPassword', code: 'required' });
      else {
        const row = await repo.passwordHashOf(deps.db.db, id);
        if (!row || !(await verifyPassword(row.password_hash, patch.currentPassword)))
          problems.push({ field: 'body:/currentPassword', code: 'current-password-wrong' });
      }
    }
  }
  if (problems.length) throw invalid(problems);

  const nowIso = deps.clock.now().toISOString();
  const password_hash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  const changed = Object.fromEntries(Object.entries(changes).filter(([k, v]) => (current as any)[k] !== v));
  if (Object.keys(changed).length === 0 && !password_hash) return toView(current);
  await inTransaction(deps, async (trx) => {
    await repo.update(trx, id, { ...changed, ...(password_hash ? { password_hash, failed_logins: 0, locked_until: null } : {}), updated_at: nowIso });
    // A disabled account ends every session; a new password every session but the one that set
    // it (none, when an administrator resets it) and every API token.
    let tokensRevoked = 0;
    if (changed.status === 'disabled') await repo.deleteSessionsOf(trx, id);
    else if (password_hash) await repo.deleteSessionsOf(trx, id, self ? sessionId : null);
    if (password_hash) tokensRevoked = await repo.revokeTokensOf(trx, id, nowIso);
    await announceAuthChange(deps, trx, { user: id });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: password_hash && Object.keys(changed).length === 0 ? 'user.password_change' : 'user.update',
      entityType: 'user',
      entityId: id,
      jurisdictionCode: current.organization_jurisdiction,
      change: {
        before: Object.fromEntries(Object.keys(changed).map((k) => [k, (current as any)[k]])),
        after: changed,
        ...(password_hash ? { passwordChanged: true, otherSessionsEnded: true, tokensRevoked } : {}),
      },
    });
  });
  return getUser(deps, actor, id);
}

export async function unlockUser(deps: Deps, actor: Actor, id: number) {
  const current = await repo.findById(deps.db.db, id);
  const ref = current && {
    id: Number(current.id),
    organization_id: Number(current.organization_id),
    role: current.role,
    jurisdiction_code: current.jurisdiction_code,
  };
  if (!current || !canViewUser(actor, ref!, current.organization_jurisdiction)) throw notFound(ENTITY, id);
  assertAllowed(canManageUser(actor, ref!, current.organization_jurisdiction), REASONS.notAdmin);
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.update(trx, id, { failed_logins: 0, locked_until: null, updated_at: nowIso });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'user.unlock',
      entityType: 'user',
      entityId: id,
      jurisdictionCode: current.organization_jurisdiction,
      change: { before: { locked_until: current.locked_until }, after: { locked_until: null } },
    });
  });
  return getUser(deps, actor, id);
}

// ---- spreadsheets -------------------------------------------------------------------------

export const USER_COLUMNS: Column[] = [
  { key: 'username', header: '用户名 username', width: 18 },
  { key: 'displayName', header: '姓名 displayName', width: 16 },
  { key: 'email', header: '邮箱 email', width: 26 },
  { key: 'organizationUscc', header: '机构统一社会信用代码 organizationUscc', width: 24 },
  { key: 'role', header: '角色 role', width: 18, choices: ROLE_NAMES },
  { key: 'password', header: '初始密码 password', width: 16 },
  { key: 'departmentKind', header: '部门类别 departmentKind', width: 16, choices: DEPARTMENT_KIND_NAMES },
];

export async function importUsers(deps: Deps, actor: Actor, file: Buffer, contentType: string, dryRun: boolean) {
  assertAllowed(actor.role === 'platform_admin' || actor.role === 'jurisdiction_admin' || actor.role === 'org_admin', REASONS.notAdmin);
  const rows = await readSheet(file, contentType, USER_COLUMNS);
  const orgs = await repo.findOrganizationsByUscc(deps.db.db, [...new Set(rows.map((r) => normalizeUscc(r.values.organizationUscc ?? '')).filter(Boolean))]);
  const orgByUscc = new Map(orgs.map((o) => [o.uscc, o]));
  const depts = await repo.allDepartments(deps.db.db);
  const problems: FieldError[] = readProblems(rows);
  const records: Array<{ input: CreateUserInput; username: string; org: Org; place: { jurisdiction_code: string | null; department_id: number | null } }> = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const org = orgByUscc.get(normalizeUscc(values.organizationUscc ?? ''));
    const dept =
      org && values.departmentKind ? depts.find((d) => d.jurisdiction_code === org.jurisdiction_code && d.kind === values.departmentKind) : undefined;
    const input: CreateUserInput = {
      username: values.username ?? '',
      displayName: values.displayName ?? '',
      email: values.email || null,
      organizationId: org ? Number(org.id) : 0,
      role: values.role ?? '',
      password: values.password ?? '',
      departmentId: dept ? Number(dept.id) : values.departmentKind ? -1 : undefined,
    };
    const fieldName = (f: string) => (f === 'organizationId' ? 'organizationUscc' : f === 'departmentId' ? 'departmentKind' : f);
    const { problems: p, username, place } = await checkNewUser(deps, actor, input, org, fieldName, row);
    if (org && !canCreateUserIn(actor, Number(org.id), org.jurisdiction_code)) p.push({ row, field: 'organizationUscc', code: 'jurisdiction-forbidden' });
    problems.push(...p);
    if (username) {
      const first = seen.get(username);
      if (first !== undefined) problems.push({ row, field: 'username', code: 'duplicate-in-file', params: { row: first } });
      else seen.set(username, row);
    }
    if (!p.length && org && place) records.push({ input, username, org, place });
  }
  for (const u of await repo.findByUsernames(deps.db.db, [...seen.keys()]))
    problems.push({ row: seen.get(u.username)!, field: 'username', code: 'username-taken' });
  assertImportClean(problems, rows.length, USER_COLUMNS);
  if (dryRun) return { dryRun: true, imported: 0, total: rows.length, batchId: null };
  const hashes = await Promise.all(records.map((r) => hashPassword(r.input.password)));
  const nowIso = deps.clock.now().toISOString();
  const batchId = newAuditBatch(nowIso);
  try {
    await inTransaction(deps, async (trx) => {
      for (let i = 0; i < records.length; i++) {
        const { input, username, org, place } = records[i];
        const record = {
          username,
          display_name: input.displayName.trim(),
          email: input.email?.trim() || null,
          organization_id: Number(org.id),
          role: input.role,
          jurisdiction_code: place.jurisdiction_code,
          department_id: place.department_id,
          status: 'active',
        };
        const { id } = await repo.insert(trx, {
          ...record,
          password_hash: hashes[i],
          failed_logins: 0,
          locked_until: null,
          created_at: nowIso,
          updated_at: nowIso,
        });
        await recordAudit(trx, deps.db.helpers, nowIso, {
          actor,
          batchId,
          action: 'user.import',
          entityType: 'user',
          entityId: Number(id),
          jurisdictionCode: org.jurisdiction_code,
          change: { after: record },
        });
      }
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw usernameTaken('username');
    throw e;
  }
  return { dryRun: false, imported: records.length, total: rows.length, batchId };
}

export async function exportUsers(deps: Deps, actor: Actor, q: ListQuery, format: 'xlsx' | 'csv') {
  const { items } = await listUsers(deps, actor, { ...q, page: 1, pageSize: 100_000 });
  const orgIds = [...new Set(items.map((u) => u.organizationId))];
  const orgs = await repo.usccsOf(deps.db.db, orgIds);
  const usccOf = new Map(orgs.map((o) => [Number(o.id), o.uscc]));
  const depts = await repo.allDepartments(deps.db.db);
  const rows = items.map((u) => ({
    ...u,
    email: u.email ?? '',
    organizationUscc: usccOf.get(u.organizationId) ?? '',
    password: '',
    departmentKind: depts.find((d) => Number(d.id) === u.departmentId)?.kind ?? '',
  }));
  return writeSheet(format, 'users', USER_COLUMNS, rows);
}

export function userTemplate(format: 'xlsx' | 'csv') {
  return writeSheet(format, 'users', USER_COLUMNS, []);
}
