// Sign-in, sessions, API tokens. Sessions and login attempts live in the database, so several
// server processes share them and a sign-out anywhere is a sign-out everywhere.
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, invalid } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import type { Actor, Role } from '../../platform/access';
import { addMinutes, shanghaiDateTime } from '../../platform/clock';
import { dummyPasswordHash, verifyPassword } from '../../platform/passwords';
import * as repo from './auth.repository';
import { authCacheOf, AUTH_CHANNEL, scopeToPayload, type AuthScope } from './auth.cache';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types';

export const SESSION_COOKIE = 'yrd_session';
const REFRESH_EVERY_MS = 5 * 60_000; // write the sliding expiry at most every 5 minutes
const TOKEN_TOUCH_EVERY_MS = 5 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

type ActorRow = {
  user_id: number;
  username: string;
  display_name: string;
  role: string;
  jurisdiction_code: string | null;
  department_id: number | null;
  organization_id: number;
  organization_name: string;
  organization_type: string;
  organization_jurisdiction: string;
};

function toActor(r: ActorRow, via: Actor['via']): Actor {
  return {
    userId: Number(r.user_id),
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    organizationId: Number(r.organization_id),
    organizationName: r.organization_name,
    organizationType: r.organization_type,
    organizationJurisdiction: r.organization_jurisdiction,
    jurisdictionCode: r.jurisdiction_code,
    departmentId: r.department_id === null ? null : Number(r.department_id),
    via,
  };
}

/** The actor of a user by name, for work the platform does on someone's behalf (seeding, scripts). */
export async function actorForUsername(deps: Deps, username: string): Promise<Actor> {
  const row = await repo.findUserActor(deps.db.db, username);
  if (!row) throw new Error(`no user ${username}`);
  return toActor(row, 'session');
}

export interface SessionActor {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

/** The signed-in user behind a session cookie, or null if it is unknown or expired. */
export async function actorFromSession(deps: Deps, cookieValue: string): Promise<SessionActor | null> {
  const id = sha256(cookieValue);
  const cache = authCacheOf(deps.db);
  // SQLite answers from memory at once; PostgreSQL first hears every change committed before now.
  let s = cache.needsConfirmation ? await cache.confirmSession(id) : cache.peekSession(id);
  if (!s) {
    const row = await repo.findSessionWithActor(deps.db.db, id);
    if (!row || row.user_status !== 'active') return null;
    s = {
      actor: toActor(row, 'session'),
      csrfToken: row.csrf_token,
      createdAt: row.session_created_at,
      expiresAt: row.expires_at,
      refreshedAt: row.refreshed_at,
    };
    cache.putSession(id, s);
  }
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  if (s.expiresAt <= nowIso) {
    // The idle timer may have been refreshed by another process: ask the database before refusing.
    const row = await repo.findSessionWithActor(deps.db.db, id);
    if (!row || row.expires_at <= nowIso || row.user_status !== 'active') return null;
    s = { ...s, expiresAt: row.expires_at, refreshedAt: row.refreshed_at };
    cache.putSession(id, s);
  }
  if (addMinutes(s.createdAt, deps.config.sessionAbsoluteHours * 60) <= nowIso) return null;
  if (now.getTime() - new Date(s.refreshedAt).getTime() > REFRESH_EVERY_MS) {
    const expiresAt = addMinutes(nowIso, deps.config.sessionIdleMinutes);
    await repo.refreshSession(deps.db.db, id, expiresAt, nowIso);
    s = { ...s, expiresAt, refreshedAt: nowIso };
    cache.putSession(id, s);
  }
  return { actor: s.actor, sessionId: id, csrfToken: s.csrfToken };
}

/** The user behind a personal API token (Bearer), or null. */
export async function actorFromToken(deps: Deps, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  const cache = authCacheOf(deps.db);
  let t = cache.needsConfirmation ? await cache.confirmToken(hash) : cache.peekToken(hash);
  if (!t) {
    const row = await repo.findTokenWithActor(deps.db.db, hash);
    if (!row || row.user_status !== 'active' || row.revoked_at) return null;
    t = { actor: toActor(row, 'token'), tokenId: Number(row.token_id), expiresAt: row.expires_at, lastUsedAt: row.last_used_at };
    cache.putToken(hash, t);
  }
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  if (t.expiresAt && t.expiresAt <= nowIso) return null;
  if (!t.lastUsedAt || now.getTime() - new Date(t.lastUsedAt).getTime() > TOKEN_TOUCH_EVERY_MS) {
    await repo.touchToken(deps.db.db, t.tokenId, nowIso);
    cache.putToken(hash, { ...t, lastUsedAt: nowIso });
  }
  return t.actor;
}

/**
 * Every change that alters who a session or token stands for calls this inside its
 * transaction: other processes hear of it at commit, this one forgets at once.
 */
export async function announceAuthChange(deps: Deps, trx: Kysely<Database>, scope: AuthScope): Promise<void> {
  const payload = scopeToPayload(scope);
  authCacheOf(deps.db).applyPayload(payload);
  await deps.db.changes.publish(trx, AUTH_CHANNEL, payload);
}

export interface LoginResult {
  cookieValue: string;
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

export async function login(deps: Deps, input: { username: string; password: string; ip: string; userAgent: string | null }): Promise<LoginResult> {
  const { config } = deps;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const username = input.username.trim();

  // Per-address limit first: it holds whatever usernames an attacker cycles through.
  const windowStart = addMinutes(nowIso, -config.loginIpWindowMinutes);
  const ipFailures = await repo.countRecentIpFailures(deps.db.db, input.ip, windowStart);
  if (Number(ipFailures.n) >= config.loginIpMaxFailures) {
    const oldest = ipFailures.oldest ? new Date(ipFailures.oldest as string).getTime() : now.getTime();
    const seconds = Math.max(1, Math.ceil((oldest + config.loginIpWindowMinutes * 60_000 - now.getTime()) / 1000));
    throw new AppError('too-many-attempts', { seconds }, [], { retryAfterSeconds: seconds });
  }

  const user = await repo.findUserForLogin(deps.db.db, username);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  // A name without an account is counted and locked exactly like an account, so the answers
  // (401, the warning on the last try, 423) never tell which usernames exist.
  const lock = user ? { failed: user.failed_logins, lockedUntil: user.locked_until } : await nameLock(deps, username);

  if (lock.lockedUntil && lock.lockedUntil > nowIso) {
    await repo.insertLoginAttempt(deps.db.db, { ip: input.ip, username, at: nowIso, success: 0 });
    throw accountLocked(lock.lockedUntil, now);
  }

  if (!user || !ok) {
    const failed = (lock.lockedUntil ? 0 : lock.failed) + 1;
    const lockedUntil = failed >= config.loginMaxFailures ? addMinutes(nowIso, config.loginLockMinutes) : null;
    await inTransaction(deps, async (trx) => {
      await repo.insertLoginAttempt(trx, { ip: input.ip, username, at: nowIso, success: 0 });
      if (user) await repo.setLoginFailures(trx, Number(user.id), lockedUntil ? 0 : failed, lockedUntil, nowIso);
      else await repo.setNameLock(trx, username, lockedUntil ? 0 : failed, lockedUntil, nowIso);
      if (lockedUntil) {
        await recordAudit(trx, deps.db.helpers, nowIso, {
          actor: null,
          action: user ? 'user.lock' : 'auth.name_lock',
          entityType: user ? 'user' : 'username',
          entityId: user ? Number(user.id) : username,
          jurisdictionCode: user?.jurisdiction_code ?? null,
          change: { lockedUntil, reason: 'repeated failed sign-ins', ip: input.ip },
        });
      }
    });
    const minutes = config.loginLockMinutes;
    // The failure that locks says so (423, the time in Beijing time), not only "wrong password".
    if (lockedUntil) throw accountLocked(lockedUntil, now, failed);
    const reason = {
      zh: `连续失败 ${config.loginMaxFailures} 次后账号将被锁定 ${minutes} 分钟（还可尝试 ${config.loginMaxFailures - failed} 次）。`,
      en: `After ${config.loginMaxFailures} failures in a row the account is locked for ${minutes} minutes (${config.loginMaxFailures - failed} tries left).`,
    };
    throw new AppError('invalid-credentials', { reason }, [], { attemptsLeft: config.loginMaxFailures - failed });
  }
  // A self-registered admin waits for the jurisdiction's decision (only told with the right password).
  if (user.status === 'pending') {
    const j = await repo.jurisdictionOfOrganization(deps.db.db, Number(user.organization_id));
    throw new AppError('account-pending', { jurisdiction: j ? { zh: j.name_zh, en: j.name_en } : { zh: '所在辖区', en: 'the jurisdiction' } });
  }
  if (user.status !== 'active') throw new AppError('account-disabled');

  const cookieValue = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = addMinutes(nowIso, config.sessionIdleMinutes);
  await inTransaction(deps, async (trx) => {
    await repo.setLoginFailures(trx, Number(user.id), 0, null, nowIso);
    await repo.insertLoginAttempt(trx, { ip: input.ip, username, at: nowIso, success: 1 });
    await repo.insertSession(trx, {
      id: sha256(cookieValue),
      user_id: Number(user.id),
      csrf_token: csrfToken,
      created_at: nowIso,
      expires_at: expiresAt,
      refreshed_at: nowIso,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 255) ?? null,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor: { userId: Number(user.id), username: user.username },
      action: 'auth.login',
      entityType: 'user',
      entityId: Number(user.id),
      jurisdictionCode: user.jurisdiction_code,
      change: { ip: input.ip },
    });
    // Housekeeping that needs no scheduler: expired sessions and old attempts go on sign-in.
    await repo.deleteExpiredSessions(trx, nowIso);
    await repo.pruneLoginAttempts(trx, addMinutes(nowIso, -24 * 60));
    await repo.pruneNameLocks(trx, addMinutes(nowIso, -24 * 60 - config.loginLockMinutes));
  });
  const session = await actorFromSession(deps, cookieValue);
  if (!session) throw new Error('session vanished right after sign-in');
  return { cookieValue, csrfToken, expiresAt, actor: session.actor };
}

async function nameLock(deps: Deps, username: string) {
  const row = await repo.findNameLock(deps.db.db, username);
  return { failed: row ? Number(row.failed_logins) : 0, lockedUntil: row?.locked_until ?? null };
}

/**
 * 423 with the time the lock ends in Beijing time and in minutes, and Retry-After; `failed` when
 * this very attempt locked it (the answer then says the password was wrong and the account is now locked).
 */
function accountLocked(lockedUntil: string, now: Date, failed?: number) {
  const seconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 1000));
  const params = { until: shanghaiDateTime(lockedUntil), minutes: Math.ceil(seconds / 60) };
  return new AppError(failed ? 'account-now-locked' : 'account-locked', failed ? { ...params, failed } : params, [], {
    lockedUntil,
    retryAfterSeconds: seconds,
    ...(failed ? { attemptsLeft: 0 } : {}),
  });
}

export async function logout(deps: Deps, actor: Actor, sessionId: string): Promise<void> {
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.deleteSession(trx, sessionId);
    await announceAuthChange(deps, trx, { session: sessionId });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId,
      jurisdictionCode: actor.jurisdictionCode,
      change: {},
    });
  });
}

export const TOKEN_PREFIX = 'yrd_';

export async function createApiToken(deps: Deps, actor: Actor, input: { name: string; expiresInDays?: number }) {
  if (actor.via !== 'session') {
    // A leaked token must not be able to mint more tokens.
    throw new AppError('forbidden', { reason: { zh: '只能在登录会话中创建 API 令牌', en: 'API tokens can only be created from a signed-in session' } });
  }
  const name = input.name.trim();
  if (!name) throw invalid([{ field: 'body:/name', code: 'required' }]);
  const nowIso = deps.clock.now().toISOString();
  const token = TOKEN_PREFIX + randomToken(32);
  const expiresAt = input.expiresInDays ? addMinutes(nowIso, input.expiresInDays * 24 * 60) : null;
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertToken(trx, {
      user_id: actor.userId,
      name,
      token_hash: sha256(token),
      prefix: token.slice(0, 10),
      created_at: nowIso,
      expires_at: expiresAt,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: Number(id),
      jurisdictionCode: actor.jurisdictionCode,
      change: { name, expiresAt },
    });
    return Number(id);
  });
  return { id, name, token, prefix: token.slice(0, 10), createdAt: nowIso, expiresAt };
}

export async function listApiTokens(deps: Deps, actor: Actor) {
  const rows = await repo.listTokens(deps.db.db, actor.userId);
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeApiToken(deps: Deps, actor: Actor, id: number) {
  const token = await repo.findToken(deps.db.db, id);
  if (!token || Number(token.user_id) !== actor.userId) throw new AppError('not-found', { entity: { zh: 'API 令牌', en: 'API token' }, id });
  if (token.revoked_at) return;
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.revokeToken(trx, id, nowIso);
    await announceAuthChange(deps, trx, { user: actor.userId });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'api_token.revoke',
      entityType: 'api_token',
      entityId: id,
      jurisdictionCode: actor.jurisdictionCode,
      change: { name: token.name },
    });
  });
}
