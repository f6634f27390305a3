// Every SQL query of sign-in, sessions and API tokens.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

// The columns that make an Actor, shared by the session and the token look-up.
const actorColumns = [
  'users.id as user_id',
  'users.username',
  'users.display_name',
  'users.role',
  'users.status as user_status',
  'users.jurisdiction_code',
  'users.department_id',
  'organizations.id as organization_id',
  'organizations.name as organization_name',
  'organizations.type as organization_type',
  'organizations.jurisdiction_code as organization_jurisdiction',
] as const;

export function findSessionWithActor(db: Q, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      ...actorColumns,
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.created_at as session_created_at',
      'sessions.expires_at',
      'sessions.refreshed_at',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
}

export function findUserActor(db: Q, username: string) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([...actorColumns])
    .where('users.username', '=', username)
    .executeTakeFirst();
}

export function findTokenWithActor(db: Q, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([...actorColumns, 'api_tokens.id as token_id', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function refreshSession(db: Q, id: string, expiresAt: string, now: string) {
  return db.updateTable('sessions').set({ expires_at: expiresAt, refreshed_at: now }).where('id', '=', id).execute();
}

export function touchToken(db: Q, id: number, now: string) {
  return db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export function findUserForLogin(db: Q, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'status', 'failed_logins', 'locked_until', 'organization_id', 'jurisdiction_code'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export function jurisdictionOfOrganization(db: Q, organizationId: number) {
  return db
    .selectFrom('organizations')
    .innerJoin('jurisdictions', 'jurisdictions.code', 'organizations.jurisdiction_code')
    .select(['jurisdictions.name_zh', 'jurisdictions.name_en'])
    .where('organizations.id', '=', organizationId)
    .executeTakeFirst();
}

export function countRecentIpFailures(db: Q, ip: string, since: string) {
  return db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('ip', '=', ip)
    .where('success', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
}

export function insertLoginAttempt(db: Q, row: { ip: string; username: string; at: string; success: number }) {
  return db.insertInto('login_attempts').values(row).execute();
}

export function pruneLoginAttempts(db: Q, before: string) {
  return db.deleteFrom('login_attempts').where('at', '<', before).execute();
}

export function setLoginFailures(db: Q, userId: number, failed: number, lockedUntil: string | null, now: string) {
  return db.updateTable('users').set({ failed_logins: failed, locked_until: lockedUntil, updated_at: now }).where('id', '=', userId).execute();
}

/** Failed sign-ins under a name no account has (so a lock-out does not reveal which names exist). */
export function findNameLock(db: Q, username: string) {
  return db.selectFrom('login_name_locks').select(['failed_logins', 'locked_until']).where('username', '=', username).executeTakeFirst();
}

export function setNameLock(db: Q, username: string, failed: number, lockedUntil: string | null, now: string) {
  return db
    .insertInto('login_name_locks')
    .values({ username, failed_logins: failed, locked_until: lockedUntil, updated_at: now })
    .onConflict((oc) => oc.column('username').doUpdateSet({ failed_logins: failed, locked_until: lockedUntil, updated_at: now }))
    .execute();
}

export function pruneNameLocks(db: Q, before: string) {
  return db.deleteFrom('login_name_locks').where('updated_at', '<', before).execute();
}

export function insertSession(db: Q, row: Database['sessions']) {
  return db.insertInto('sessions').values(row).execute();
}

export function deleteSession(db: Q, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

export function deleteExpiredSessions(db: Q, now: string) {
  return db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export function insertToken(db: Q, row: { user_id: number; name: string; token_hash: string; prefix: string; created_at: string; expires_at: string | null }) {
  return db.insertInto('api_tokens').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export function listTokens(db: Q, userId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function findToken(db: Q, id: number) {
  return db.selectFrom('api_tokens').select(['id', 'user_id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

export function revokeToken(db: Q, id: number, now: string) {
  return db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
}
