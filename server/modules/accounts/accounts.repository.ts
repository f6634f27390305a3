// Every SQL statement of self-registration, invitations, password resets and the anonymous
// throttle. Registration and invitation acceptance insert into the identity directory
// (organizations, users) in their own transaction; a reset ends the user's sessions.
import { pinyinKey } from '../../platform/text';
import type { Kysely, Transaction } from 'kysely';
import type { Database, NewOrganization, NewUser } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

// ---- throttle ---------------------------------------------------------------------------

export function countRequests(db: Q, action: string, ip: string, since: string) {
  return db
    .selectFrom('anonymous_requests')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('action', '=', action)
    .where('ip', '=', ip)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
}

export function insertRequest(db: Q, row: { action: string; ip: string; at: string }) {
  return db.insertInto('anonymous_requests').values(row).execute();
}

export function pruneRequests(db: Q, action: string, before: string) {
  return db.deleteFrom('anonymous_requests').where('action', '=', action).where('at', '<', before).execute();
}

// ---- identity -----------------------------------------------------------------------------

export function organizationByUscc(db: Q, uscc: string) {
  return db.selectFrom('organizations').select(['id']).where('uscc', '=', uscc).executeTakeFirst();
}

export function userByUsername(db: Q, username: string) {
  return db.selectFrom('users').select(['id']).where('username', '=', username).executeTakeFirst();
}

export function insertOrganization(db: Q, row: NewOrganization) {
  return db
    .insertInto('organizations')
    .values({ ...row, name_pinyin: pinyinKey(row.name) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function insertUser(db: Q, row: NewUser) {
  return db
    .insertInto('users')
    .values({ ...row, name_pinyin: pinyinKey(row.display_name) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function setOrganizationStatus(db: Q, id: number, status: string, now: string) {
  return db.updateTable('organizations').set({ status, updated_at: now }).where('id', '=', id).execute();
}

export function setUserStatus(db: Q, id: number, status: string, now: string) {
  return db.updateTable('users').set({ status, updated_at: now }).where('id', '=', id).execute();
}

export function deleteUser(db: Q, id: number) {
  return db.deleteFrom('users').where('id', '=', id).execute();
}

export function deleteOrganization(db: Q, id: number) {
  return db.deleteFrom('organizations').where('id', '=', id).execute();
}

export function organizationOf(db: Q, id: number) {
  return db.selectFrom('organizations').select(['id', 'name', 'jurisdiction_code', 'status']).where('id', '=', id).executeTakeFirst();
}

export function jurisdictionName(db: Q, code: string) {
  return db.selectFrom('jurisdictions').select(['name_zh', 'name_en']).where('code', '=', code).executeTakeFirst();
}

/** Active users with this e-mail address (an address is not unique: several accounts may share it). */
export function activeUsersByEmail(db: Q, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'email', 'organization_id'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('status', '=', 'active')
    .execute();
}

export function userForReset(db: Q, id: number) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.username', 'users.status', 'organizations.jurisdiction_code'])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

export function setPassword(db: Q, id: number, passwordHash: string, now: string) {
  return db.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: now }).where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Q, userId: number) {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function revokeTokensOf(db: Q, userId: number, now: string) {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- registrations ------------------------------------------------------------------------

export function insertRegistration(db: Q, row: Omit<Database['registrations'], 'id' | 'reason' | 'decided_by_user_id' | 'decided_at'>) {
  return db.insertInto('registrations').values(row).returning('id').executeTakeFirstOrThrow();
}

const registrationColumns = [
  'registrations.id',
  'registrations.organization_id',
  'registrations.user_id',
  'registrations.uscc',
  'registrations.organization_name',
  'registrations.organization_type',
  'registrations.jurisdiction_code',
  'registrations.contact_name',
  'registrations.contact_phone',
  'registrations.contact_email',
  'registrations.username',
  'registrations.status',
  'registrations.reason',
  'registrations.decided_by_user_id',
  'registrations.decided_at',
  'registrations.created_at',
] as const;

export function findRegistration(db: Q, id: number) {
  return db
    .selectFrom('registrations')
    .leftJoin('users as d', 'd.id', 'registrations.decided_by_user_id')
    .select([...registrationColumns, 'd.display_name as decided_by_name'])
    .where('registrations.id', '=', id)
    .executeTakeFirst();
}

export async function listRegistrations(
  db: Q,
  f: { jurisdiction?: string; status?: string },
  sort: { column: 'created_at' | 'organization_name'; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('registrations');
  if (f.jurisdiction) q = q.where('registrations.jurisdiction_code', '=', f.jurisdiction);
  if (f.status) q = q.where('registrations.status', '=', f.status);
  const [rows, count] = await Promise.all([
    q
      .leftJoin('users as d', 'd.id', 'registrations.decided_by_user_id')
      .select([...registrationColumns, 'd.display_name as decided_by_name'])
      .orderBy(`registrations.${sort.column}`, sort.direction)
      .orderBy('registrations.id', sort.direction)
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Decides a pending registration; false when it was decided meanwhile (the caller answers 409). */
export async function decideRegistration(
  db: Q,
  id: number,
  patch: { status: string; reason: string | null; decided_by_user_id: number; decided_at: string; organization_id?: null; user_id?: null },
) {
  const r = await db.updateTable('registrations').set(patch).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- invitations --------------------------------------------------------------------------

export function insertInvitation(db: Q, row: Omit<Database['invitations'], 'id' | 'accepted_at' | 'accepted_user_id' | 'revoked_at' | 'revoked_by_user_id'>) {
  return db.insertInto('invitations').values(row).returning('id').executeTakeFirstOrThrow();
}

const invitationColumns = [
  'invitations.id',
  'invitations.organization_id',
  'invitations.email',
  'invitations.role',
  'invitations.created_by_user_id',
  'invitations.created_at',
  'invitations.expires_at',
  'invitations.accepted_at',
  'invitations.accepted_user_id',
  'invitations.revoked_at',
] as const;

export async function listInvitations(db: Q, organizationId: number, limit: number, offset: number) {
  const q = db.selectFrom('invitations').where('invitations.organization_id', '=', organizationId);
  const [rows, count] = await Promise.all([
    q
      .leftJoin('users as c', 'c.id', 'invitations.created_by_user_id')
      .leftJoin('users as a', 'a.id', 'invitations.accepted_user_id')
      .select([...invitationColumns, 'c.display_name as created_by_name', 'a.username as accepted_username'])
      .orderBy('invitations.created_at', 'desc')
      .orderBy('invitations.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findInvitation(db: Q, id: number) {
  return db
    .selectFrom('invitations')
    .leftJoin('users as c', 'c.id', 'invitations.created_by_user_id')
    .leftJoin('users as a', 'a.id', 'invitations.accepted_user_id')
    .select([...invitationColumns, 'c.display_name as created_by_name', 'a.username as accepted_username'])
    .where('invitations.id', '=', id)
    .executeTakeFirst();
}

export function invitationByToken(db: Q, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('organizations', 'organizations.id', 'invitations.organization_id')
    .select([...invitationColumns, 'organizations.name as organization_name', 'organizations.jurisdiction_code', 'organizations.status as organization_status'])
    .where('invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function revokeInvitation(db: Q, id: number, by: number, now: string) {
  const r = await db
    .updateTable('invitations')
    .set({ revoked_at: now, revoked_by_user_id: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks the invitation used, once: false if another request used or revoked it first. */
export async function acceptInvitation(db: Q, id: number, userId: number, now: string) {
  const r = await db
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_user_id: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- password resets ----------------------------------------------------------------------

export function insertReset(db: Q, row: { user_id: number; token_hash: string; created_at: string; expires_at: string; ip: string }) {
  return db.insertInto('password_resets').values(row).execute();
}

export async function countRecentResets(db: Q, userId: number, since: string) {
  const r = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function resetByToken(db: Q, tokenHash: string) {
  return db.selectFrom('password_resets').select(['id', 'user_id', 'expires_at', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Uses the token, once: false if another request used it first or it expired. */
export async function useReset(db: Q, id: number, now: string) {
  const r = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The other outstanding links of the user stop working once one is used. */
export function closeOtherResets(db: Q, userId: number, now: string) {
  return db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
