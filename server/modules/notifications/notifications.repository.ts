// Every SQL statement of the inbox, the preferences and the e-mail outbox.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';

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
