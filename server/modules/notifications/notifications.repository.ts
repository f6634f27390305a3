// Every SQL statement of the inbox, the preferences and the e-mail outbox.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface Recipient {
  id: number;
  email: string | null;
  email_enabled: number | null;
  muted_kinds_json: string | null;
  lang: string | null;
}

/** The active users among ids, with their e-mail and preferences. */
export function recipients(db: Q, userIds: number[]): Promise<Recipient[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users as u')
    .leftJoin('notification_prefs as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.email', 'p.email_enabled', 'p.muted_kinds_json', 'p.lang'])
    .where('u.id', 'in', userIds)
    .where('u.status', '=', 'active')
    .execute();
}

/** Active users of an organisation with one of the roles (e.g. its admins). */
export async function orgUserIds(db: Q, organizationId: number, roles: string[]): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('role', 'in', roles)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.id);
}

/** An organisation's name (for the texts of notifications). */
export async function organizationName(db: Q, id: number): Promise<string> {
  const r = await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? `#${id}`;
}

/** Whether someone was already told of kind about link (a sweep's notice goes out once). */
export async function alreadyNotified(db: Q, kind: string, link: string): Promise<boolean> {
  const r = await db.selectFrom('notifications').select('id').where('kind', '=', kind).where('link', '=', link).limit(1).executeTakeFirst();
  return !!r;
}

/** Active jurisdiction admins of a jurisdiction. */
export async function jurisdictionAdminIds(db: Q, jurisdictionCode: string): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'jurisdiction_admin')
    .where('jurisdiction_code', '=', jurisdictionCode)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.id);
}

export function insertNotification(
  trx: Transaction<Database>,
  row: { user_id: number; kind: string; params_json: string; link: string | null; created_at: string },
) {
  return trx.insertInto('notifications').values(row).returning('id').executeTakeFirstOrThrow();
}

export function insertEmail(
  trx: Transaction<Database>,
  row: { user_id: number | null; notification_id: number | null; to_address: string; subject: string; body_text: string; created_at: string },
) {
  return trx
    .insertInto('email_outbox')
    .values({ ...row, status: 'pending', next_attempt_at: row.created_at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

// ---- the inbox --------------------------------------------------------------------------------

export async function listOf(db: Q, userId: number, f: { unread: boolean; offset: number; limit: number }) {
  let q = db.selectFrom('notifications').where('user_id', '=', userId);
  if (f.unread) q = q.where('read_at', 'is', null);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').offset(f.offset).limit(f.limit).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function unreadCount(db: Q, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One notification, only when it is the user's own. */
export function findOf(db: Q, userId: number, id: number) {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export async function markRead(db: Q, userId: number, id: number, at: string): Promise<void> {
  await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

export async function markAllRead(db: Q, userId: number, at: string): Promise<number> {
  const r = await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- preferences ------------------------------------------------------------------------------

export function prefsOf(db: Q, userId: number) {
  return db.selectFrom('notification_prefs').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function savePrefs(db: Q, row: { user_id: number; email_enabled: number; muted_kinds_json: string; lang: string; updated_at: string }) {
  await db
    .insertInto('notification_prefs')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ email_enabled: row.email_enabled, muted_kinds_json: row.muted_kinds_json, lang: row.lang, updated_at: row.updated_at }),
    )
    .execute();
}

// ---- the outbox -------------------------------------------------------------------------------

/**
 * Claims up to `limit` due pending mails for this worker until `leaseUntil`, in one statement:
 * rows whose lease has run out (a worker that died mid-send) are due again. PostgreSQL skips
 * rows another worker is claiming at the same moment (FOR UPDATE SKIP LOCKED), so concurrent
 * workers get disjoint rows; SQLite runs the statement alone (one writer).
 */
export function claimDue(db: Q, h: DialectHelpers, now: string, leaseUntil: string, limit: number) {
  const due = h.query.skipLocked(
    db
      .selectFrom('email_outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('id')
      .limit(limit),
  );
  return db
    .updateTable('email_outbox')
    .set({ locked_until: leaseUntil })
    .where('id', 'in', due)
    .returning(['id', 'to_address', 'subject', 'body_text', 'attempts', 'locked_until'])
    .execute();
}

/** Marks a claimed mail sent, only while this worker's lease holds it. */
export async function markSent(db: Q, id: number, lease: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('email_outbox')
    .set({ status: 'sent', sent_at: at, locked_until: null, attempts: (eb) => eb('attempts', '+', 1), last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Hands claimed mails back unsent (their lease is cleared, so any worker may claim them now). */
export async function release(db: Q, ids: number[], lease: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('email_outbox')
    .set({ locked_until: null })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where('locked_until', '=', lease)
    .execute();
}

/** A failed attempt: retried at nextAttemptAt, or given up ('dead') when nextAttemptAt is null. */
export async function markFailed(db: Q, id: number, lease: string, f: { attempts: number; nextAttemptAt: string | null; error: string }) {
  await db
    .updateTable('email_outbox')
    .set({
      status: f.nextAttemptAt ? 'pending' : 'dead',
      attempts: f.attempts,
      ...(f.nextAttemptAt ? { next_attempt_at: f.nextAttemptAt } : {}),
      locked_until: null,
      last_error: f.error.slice(0, 500),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', lease)
    .execute();
}
