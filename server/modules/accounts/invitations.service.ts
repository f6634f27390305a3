// Members by invitation link (issue 15): an organisation's admin invites an e-mail address; the
// link (/invite/<token>, the token stored hashed) works once, until it expires or is revoked, and
// makes whoever opens it an active member of that organisation with the name and password they choose.
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, invalid, notFound, type FieldError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { REASONS, assertAllowed, canInviteTo, type Actor } from '../../platform/access';
import { hashPassword, passwordProblems } from '../../platform/passwords';
import { addMinutes, shanghaiDateTime } from '../../platform/clock';
import { enqueueEmail } from '../notifications/notify';
import * as repo from './accounts.repository';
import { EMAIL, USERNAME, newToken, sha256, throttle } from './throttle';

const ORG = { zh: '机构', en: 'Organisation' };
const ENTITY = { zh: '邀请', en: 'Invitation' };
export const INVITATION_DAYS = 7;

type Row = NonNullable<Awaited<ReturnType<typeof repo.findInvitation>>>;

function stateOf(r: { accepted_at: string | null; revoked_at: string | null; expires_at: string }, nowIso: string) {
  if (r.accepted_at) return 'accepted';
  if (r.revoked_at) return 'revoked';
  return r.expires_at <= nowIso ? 'expired' : 'open';
}

export function toView(r: Row, nowIso: string) {
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    email: r.email,
    role: r.role,
    state: stateOf(r, nowIso),
    createdByName: r.created_by_name ?? null,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    acceptedUsername: r.accepted_username ?? null,
    revokedAt: r.revoked_at,
  };
}

async function orgFor(deps: Deps, actor: Actor, organizationId: number) {
  const org = await repo.organizationOf(deps.db.db, organizationId);
  if (!org) throw notFound(ORG, organizationId);
  assertAllowed(canInviteTo(actor, { id: Number(org.id), jurisdiction_code: org.jurisdiction_code }), REASONS.otherOrganization);
  return org;
}

export async function listInvitations(deps: Deps, actor: Actor, organizationId: number, q: { page?: number; pageSize?: number }) {
  await orgFor(deps, actor, organizationId);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { rows, total } = await repo.listInvitations(deps.db.db, organizationId, pageSize, (page - 1) * pageSize);
  const nowIso = deps.clock.now().toISOString();
  return { items: rows.map((r) => toView(r, nowIso)), total, page, pageSize };
}

export async function createInvitation(deps: Deps, actor: Actor, organizationId: number, input: { email: string; expiresInDays?: number }) {
  const org = await orgFor(deps, actor, organizationId);
  const email = (input.email ?? '').trim();
  if (!EMAIL.test(email)) throw invalid([{ field: 'body:/email', code: 'email-invalid' }]);
  if (org.status !== 'active') {
    throw new AppError('rule-violated', { reason: { zh: '只有在用的机构可以邀请成员', en: 'Only an active organisation can invite members' } }, [], {
      rule: 'organization-active',
    });
  }
  const nowIso = deps.clock.now().toISOString();
  const expiresAt = addMinutes(nowIso, (input.expiresInDays ?? INVITATION_DAYS) * 24 * 60);
  const token = newToken();
  const link = `${deps.config.publicUrl}/invite/${token}`;
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertInvitation(trx, {
      organization_id: Number(org.id),
      email,
      role: 'member',
      token_hash: sha256(token),
      created_by_user_id: actor.userId,
      created_at: nowIso,
      expires_at: expiresAt,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'invitation.create',
      entityType: 'invitation',
      entityId: Number(id),
      jurisdictionCode: org.jurisdiction_code,
      change: { organizationId: Number(org.id), email, role: 'member', expiresAt },
    });
    await enqueueEmail(trx, nowIso, {
      to: email,
      subject: `邀请您加入「${org.name}」/ Invitation to join ${org.name} — 长三角科创协同平台`,
      text: [
        `${actor.displayName} 邀请您以成员身份加入长三角科创协同平台上的「${org.name}」。`,
        `请在北京时间 ${shanghaiDateTime(expiresAt)} 前打开以下链接，设置用户名和密码（链接仅可使用一次）：`,
        link,
        '',
        `${actor.displayName} invites you to join "${org.name}" on YRD Commons as a member.`,
        `Open this link before ${shanghaiDateTime(expiresAt)} Beijing time to choose a username and password (it works once):`,
        link,
      ].join('\n'),
    });
    return Number(id);
  });
  // The link is shown to the inviter once, too (to pass on if the mail does not arrive).
  return { ...toView((await repo.findInvitation(deps.db.db, id))!, nowIso), link };
}

export async function revokeInvitation(deps: Deps, actor: Actor, organizationId: number, id: number) {
  const org = await orgFor(deps, actor, organizationId);
  const row = await repo.findInvitation(deps.db.db, id);
  if (!row || Number(row.organization_id) !== Number(org.id)) throw notFound(ENTITY, id);
  const nowIso = deps.clock.now().toISOString();
  if (row.accepted_at) {
    throw new AppError('conflict', {
      reason: { zh: '邀请已被接受，不能撤销；如需停用请在用户列表中操作', en: 'The invitation was accepted; disable the user instead' },
    });
  }
  if (row.revoked_at) return;
  await inTransaction(deps, async (trx) => {
    if (!(await repo.revokeInvitation(trx, id, actor.userId, nowIso))) return;
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'invitation.revoke',
      entityType: 'invitation',
      entityId: id,
      jurisdictionCode: org.jurisdiction_code,
      change: { email: row.email },
    });
  });
}

/** The invitation behind a link, or the problem that says why it no longer works. */
async function openInvitation(deps: Deps, token: string) {
  const row = await repo.invitationByToken(deps.db.db, sha256(token));
  if (!row) throw new AppError('link-invalid');
  const nowIso = deps.clock.now().toISOString();
  const again = { zh: '请联系机构管理员重新邀请。', en: 'ask the organisation’s admin for a new invitation.' };
  if (row.accepted_at)
    throw new AppError('link-used', {
      at: shanghaiDateTime(row.accepted_at),
      next: { zh: '如已设置账号，请直接登录。', en: 'If you set up your account, sign in.' },
    });
  if (row.revoked_at) throw new AppError('link-revoked');
  if (row.expires_at <= nowIso) throw new AppError('link-expired', { at: shanghaiDateTime(row.expires_at), next: again });
  if (row.organization_status !== 'active') throw new AppError('link-revoked');
  return row;
}

export async function previewInvitation(deps: Deps, token: string) {
  const row = await openInvitation(deps, token);
  return { organizationName: row.organization_name, email: row.email, role: row.role, expiresAt: row.expires_at };
}

export async function acceptInvitation(deps: Deps, input: { token: string; username: string; displayName: string; password: string }, ip: string) {
  await throttle(deps, 'invitation', ip);
  const row = await openInvitation(deps, input.token);
  const problems: FieldError[] = [];
  const username = (input.username ?? '').trim().toLowerCase();
  if (!USERNAME.test(username)) problems.push({ field: 'body:/username', code: 'username-invalid' });
  const displayName = (input.displayName ?? '').normalize('NFC').trim();
  if (!displayName) problems.push({ field: 'body:/displayName', code: 'required' });
  problems.push(...passwordProblems(input.password ?? '', username, 'body:/password'));
  if (problems.length) throw invalid(problems);
  const usernameTaken = () =>
    new AppError('conflict', { reason: { zh: '用户名已被使用，请换一个', en: 'The username is taken; choose another' } }, [
      { field: 'body:/username', code: 'username-taken' },
    ]);
  if (await repo.userByUsername(deps.db.db, username)) throw usernameTaken();
  const password_hash = await hashPassword(input.password);
  const nowIso = deps.clock.now().toISOString();
  try {
    const userId = await inTransaction(deps, async (trx) => {
      const { id } = await repo.insertUser(trx, {
        username,
        display_name: displayName,
        email: row.email,
        organization_id: Number(row.organization_id),
        role: row.role,
        jurisdiction_code: null,
        department_id: null,
        password_hash,
        status: 'active',
        failed_logins: 0,
        locked_until: null,
        created_at: nowIso,
        updated_at: nowIso,
      });
      // Single use even when two people open the link at once: only one update wins.
      if (!(await repo.acceptInvitation(trx, Number(row.id), Number(id), nowIso))) throw new AppError('link-used', { at: shanghaiDateTime(nowIso), next: '' });
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor: { userId: Number(id), username },
        action: 'invitation.accept',
        entityType: 'invitation',
        entityId: Number(row.id),
        jurisdictionCode: row.jurisdiction_code,
        change: { userId: Number(id), username, organizationId: Number(row.organization_id), role: row.role },
      });
      return Number(id);
    });
    return { userId, username, organizationName: row.organization_name };
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw usernameTaken();
    throw e;
  }
}
