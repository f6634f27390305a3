// Self-registration of an organisation and its first admin (issue 15): both are created pending;
// the admin of the jurisdiction applied to approves (both become active) or rejects with a
// reason (both are removed, so the applicant may apply again; the registration row stays).
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, invalid, notFound, type FieldError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { JURISDICTION_CODES, ORG_TYPES, REASONS, assertAllowed, canDecideRegistration, registrationScope, type Actor } from '../../platform/access';
import { hashPassword, passwordProblems } from '../../platform/passwords';
import { normalizeUscc, usccProblem } from '../../platform/uscc';
import { fold } from '../../platform/text';
import { parseSort } from '../../platform/http';
import { shanghaiDateTime } from '../../platform/clock';
import { enqueueEmail, notify, recipientsOf } from '../notifications/notify';
import * as repo from './accounts.repository';
import { EMAIL, PHONE, USERNAME, throttle } from './throttle';

const ENTITY = { zh: '注册申请', en: 'Registration' };

export interface RegistrationInput {
  uscc: string;
  organizationName: string;
  organizationType: string;
  jurisdictionCode: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  username: string;
  password: string;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findRegistration>>>;

export function toView(r: Row) {
  return {
    id: Number(r.id),
    organizationId: r.organization_id === null ? null : Number(r.organization_id),
    userId: r.user_id === null ? null : Number(r.user_id),
    uscc: r.uscc,
    organizationName: r.organization_name,
    organizationType: r.organization_type,
    jurisdictionCode: r.jurisdiction_code,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    contactEmail: r.contact_email,
    username: r.username,
    status: r.status,
    reason: r.reason,
    decidedByName: r.decided_by_name ?? null,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  };
}

function validate(input: RegistrationInput) {
  const problems: FieldError[] = [];
  const push = (f: string, code: string, params?: Record<string, unknown>) => problems.push({ field: `body:/${f}`, code, params });
  const uscc = normalizeUscc(input.uscc ?? '');
  if (!uscc) push('uscc', 'required');
  else {
    const p = usccProblem(uscc);
    if (p) push('uscc', `uscc-${p}`);
  }
  const organizationName = (input.organizationName ?? '').normalize('NFC').trim();
  if (!organizationName) push('organizationName', 'required');
  if (input.organizationType === 'government_department') push('organizationType', 'type-not-registrable');
  else if (!ORG_TYPES.includes(input.organizationType as any)) push('organizationType', 'type-invalid');
  if (!JURISDICTION_CODES.includes(input.jurisdictionCode as any)) push('jurisdictionCode', 'jurisdiction-invalid');
  const contactName = (input.contactName ?? '').normalize('NFC').trim();
  if (!contactName) push('contactName', 'required');
  const contactPhone = (input.contactPhone ?? '').trim();
  if (!PHONE.test(contactPhone)) push('contactPhone', 'phone-invalid');
  const contactEmail = (input.contactEmail ?? '').trim();
  if (!EMAIL.test(contactEmail)) push('contactEmail', 'email-invalid');
  const username = (input.username ?? '').trim().toLowerCase();
  if (!USERNAME.test(username)) push('username', 'username-invalid');
  problems.push(...passwordProblems(input.password ?? '', username, 'body:/password'));
  return { problems, uscc, organizationName, contactName, contactPhone, contactEmail, username };
}

function taken(fields: Array<'uscc' | 'username'>) {
  const names = { uscc: { zh: '统一社会信用代码', en: 'Unified Social Credit Code' }, username: { zh: '用户名', en: 'username' } };
  return new AppError(
    'conflict',
    {
      reason: {
        zh: `${fields.map((f) => names[f].zh).join('和')}已被使用：${fields.includes('uscc') ? '该机构已注册或正在审核中；' : ''}请核对或更换。`,
        en: `The ${fields.map((f) => names[f].en).join(' and the ')} ${fields.length > 1 ? 'are' : 'is'} already taken${fields.includes('uscc') ? ' (the organisation is registered or awaiting approval)' : ''}.`,
      },
    },
    fields.map((f) => ({ field: `body:/${f}`, code: f === 'uscc' ? 'uscc-taken' : 'username-taken' })),
    { fields },
  );
}

export async function register(deps: Deps, input: RegistrationInput, ip: string) {
  const v = validate(input);
  if (v.problems.length) throw invalid(v.problems);
  await throttle(deps, 'registration', ip);
  const clash = [
    ...((await repo.organizationByUscc(deps.db.db, v.uscc)) ? (['uscc'] as const) : []),
    ...((await repo.userByUsername(deps.db.db, v.username)) ? (['username'] as const) : []),
  ];
  if (clash.length) throw taken(clash);
  const password_hash = await hashPassword(input.password);
  const nowIso = deps.clock.now().toISOString();
  try {
    const id = await inTransaction(deps, async (trx) => {
      const org = await repo.insertOrganization(trx, {
        name: v.organizationName,
        name_folded: fold(v.organizationName),
        uscc: v.uscc,
        type: input.organizationType,
        jurisdiction_code: input.jurisdictionCode,
        city: null,
        tier: null,
        department_id: null,
        established_on: null,
        status: 'pending',
        created_at: nowIso,
        updated_at: nowIso,
      });
      const user = await repo.insertUser(trx, {
        username: v.username,
        display_name: v.contactName,
        email: v.contactEmail,
        organization_id: Number(org.id),
        role: 'org_admin',
        jurisdiction_code: null,
        department_id: null,
        password_hash,
        status: 'pending',
        failed_logins: 0,
        locked_until: null,
        created_at: nowIso,
        updated_at: nowIso,
      });
      const record = {
        organization_id: Number(org.id),
        user_id: Number(user.id),
        uscc: v.uscc,
        organization_name: v.organizationName,
        organization_type: input.organizationType,
        jurisdiction_code: input.jurisdictionCode,
        contact_name: v.contactName,
        contact_phone: v.contactPhone,
        contact_email: v.contactEmail,
        username: v.username,
        status: 'pending',
        ip: ip.slice(0, 64),
        created_at: nowIso,
      };
      const { id } = await repo.insertRegistration(trx, record);
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor: null,
        action: 'registration.submit',
        entityType: 'registration',
        entityId: Number(id),
        jurisdictionCode: input.jurisdictionCode,
        change: { after: record },
      });
      await notify(trx, nowIso, {
        userIds: await recipientsOf.jurisdictionAdmins(trx, input.jurisdictionCode),
        kind: 'account.registration_pending',
        params: { organization: v.organizationName, uscc: v.uscc, contact: v.contactName },
        link: '/organizations/registrations',
      });
      return Number(id);
    });
    const row = (await repo.findRegistration(deps.db.db, id))!;
    return { id, status: row.status, jurisdictionCode: row.jurisdiction_code, createdAt: row.created_at };
  } catch (e) {
    // Two applications racing for the same code or name: the loser is told which.
    if (deps.db.helpers.errors.isUniqueViolation(e)) {
      const again = [
        ...((await repo.organizationByUscc(deps.db.db, v.uscc)) ? (['uscc'] as const) : []),
        ...((await repo.userByUsername(deps.db.db, v.username)) ? (['username'] as const) : []),
      ];
      throw taken(again.length ? again : ['uscc']);
    }
    throw e;
  }
}

export interface ListQuery {
  status?: string;
  jurisdiction?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

const SORTS = { createdAt: 'created_at', organizationName: 'organization_name' } as const;

export async function listRegistrations(deps: Deps, actor: Actor, q: ListQuery) {
  const scope = registrationScope(actor);
  assertAllowed(scope !== null, REASONS.notAdmin);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const jurisdiction = 'jurisdiction' in scope! ? scope.jurisdiction : q.jurisdiction;
  // A jurisdiction admin asking for another jurisdiction gets nothing rather than its list.
  if (q.jurisdiction && jurisdiction !== q.jurisdiction) return { items: [], total: 0, page, pageSize };
  const { rows, total } = await repo.listRegistrations(
    deps.db.db,
    { jurisdiction, status: q.status },
    parseSort(q.sort, SORTS, '-createdAt'),
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: rows.map(toView), total, page, pageSize };
}

async function decidable(deps: Deps, actor: Actor, id: number) {
  const row = await repo.findRegistration(deps.db.db, id);
  // Another jurisdiction's registration is "not found" to its admins; everyone else is refused.
  const scope = registrationScope(actor);
  assertAllowed(scope !== null, REASONS.notAdmin);
  if (!row || !canDecideRegistration(actor, row.jurisdiction_code)) throw notFound(ENTITY, id);
  if (row.status !== 'pending') throw alreadyDecided(row.status);
  return row;
}

const alreadyDecided = (status: string) =>
  new AppError(
    'conflict',
    {
      reason: {
        zh: `该申请已${status === 'approved' ? '批准' : '驳回'}，不能再次审核`,
        en: `The registration was already ${status}; it cannot be decided again`,
      },
    },
    [],
    { state: status },
  );

export async function approveRegistration(deps: Deps, actor: Actor, id: number) {
  const row = await decidable(deps, actor, id);
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    if (!(await repo.decideRegistration(trx, id, { status: 'approved', reason: null, decided_by_user_id: actor.userId, decided_at: nowIso })))
      throw alreadyDecided('approved');
    await repo.setOrganizationStatus(trx, Number(row.organization_id), 'active', nowIso);
    await repo.setUserStatus(trx, Number(row.user_id), 'active', nowIso);
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'registration.approve',
      entityType: 'registration',
      entityId: id,
      jurisdictionCode: row.jurisdiction_code,
      change: { organizationId: Number(row.organization_id), userId: Number(row.user_id), before: { status: 'pending' }, after: { status: 'approved' } },
    });
    // The new admin is active now: the inbox entry and its e-mail reach them.
    await notify(trx, nowIso, {
      userIds: [Number(row.user_id)],
      kind: 'account.registration_approved',
      params: { organization: row.organization_name, username: row.username, url: `${deps.config.publicUrl}/login` },
      link: '/',
    });
  });
  return toView((await repo.findRegistration(deps.db.db, id))!);
}

export async function rejectRegistration(deps: Deps, actor: Actor, id: number, reasonText: string) {
  const reason = reasonText.normalize('NFC').trim();
  if (!reason) throw invalid([{ field: 'body:/reason', code: 'required' }]);
  const row = await decidable(deps, actor, id);
  const nowIso = deps.clock.now().toISOString();
  const jurisdiction = await repo.jurisdictionName(deps.db.db, row.jurisdiction_code);
  await inTransaction(deps, async (trx) => {
    if (
      !(await repo.decideRegistration(trx, id, {
        status: 'rejected',
        reason,
        decided_by_user_id: actor.userId,
        decided_at: nowIso,
        organization_id: null,
        user_id: null,
      }))
    )
      throw alreadyDecided('rejected');
    // The pending admin never signed in (no sessions, notifications or tokens): both rows go, and
    // the code and username are free for a corrected application.
    await repo.deleteUser(trx, Number(row.user_id));
    await repo.deleteOrganization(trx, Number(row.organization_id));
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'registration.reject',
      entityType: 'registration',
      entityId: id,
      jurisdictionCode: row.jurisdiction_code,
      change: {
        reason,
        removed: { organizationId: Number(row.organization_id), userId: Number(row.user_id) },
        before: { status: 'pending' },
        after: { status: 'rejected' },
      },
    });
    await enqueueEmail(trx, nowIso, {
      to: row.contact_email,
      subject: `机构注册申请未通过 / Registration not approved — ${row.organization_name}`,
      text: [
        `${row.contact_name}，您好：`,
        `${jurisdiction?.name_zh ?? row.jurisdiction_code}管理员于北京时间 ${shanghaiDateTime(nowIso)} 驳回了「${row.organization_name}」（统一社会信用代码 ${row.uscc}）的注册申请。`,
        `原因：${reason}`,
        `您可以修改后重新注册：${deps.config.publicUrl}/register`,
        '',
        `Dear ${row.contact_name},`,
        `The administrators of ${jurisdiction?.name_en ?? row.jurisdiction_code} did not approve the registration of "${row.organization_name}" (USCC ${row.uscc}) at ${shanghaiDateTime(nowIso)} Beijing time.`,
        `Reason: ${reason}`,
        `You may correct it and register again: ${deps.config.publicUrl}/register`,
      ].join('\n'),
    });
  });
  return toView((await repo.findRegistration(deps.db.db, id))!);
}
