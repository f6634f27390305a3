// SQL of calendar links: read-only links to one person's bookings feed, each with its own secret
// (only its SHA-256 is stored).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export function insert(db: Q, row: { user_id: number; secret_hash: string; created_at: string }) {
  return db.insertInto('calendar_links').values(row).returning('id').executeTakeFirstOrThrow();
}

export function listOf(db: Q, userId: number) {
  return db
    .selectFrom('calendar_links')
    .select(['id', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function countActive(db: Q, userId: number): Promise<number> {
  const r = await db
    .selectFrom('calendar_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findOwn(db: Q, id: number, userId: number) {
  return db.selectFrom('calendar_links').select(['id', 'revoked_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** The live link with this secret hash and its owner, if the owner may still sign in. */
export function findLive(db: Q, secretHash: string) {
  return db
    .selectFrom('calendar_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.user_id', 'l.last_used_at', 'u.display_name'])
    .where('l.secret_hash', '=', secretHash)
    .where('l.revoked_at', 'is', null)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
}

export function revoke(db: Q, id: number, at: string) {
  return db.updateTable('calendar_links').set({ revoked_at: at }).where('id', '=', id).execute();
}

export function touch(db: Q, id: number, at: string) {
  return db.updateTable('calendar_links').set({ last_used_at: at }).where('id', '=', id).execute();
}
