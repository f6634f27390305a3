// Every SQL statement of the integrity gate: reads of integrity_records (the integrity module
// writes them) joined to the identity directory.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/types';

type Q = Kysely<Database> | Transaction<Database>;

/** In force at atIso (effective, not yet ended, not revoked): the record on the organisation or the person that ends last (then the oldest), if any. */
export function findActiveRecord(db: Q, orgId: number | null, userId: number | null, atIso: string) {
  return db
    .selectFrom('integrity_records')
    .select(['id', 'jurisdiction_code', 'subject_type', 'subject_name', 'misconduct', 'deciding_unit', 'effective_at', 'ends_at'])
    .where((eb) => {
      const who = [];
      if (orgId !== null) who.push(eb('subject_org_id', '=', orgId));
      if (userId !== null) who.push(eb('subject_user_id', '=', userId));
      return eb.and([eb.or(who), eb('status', '=', 'active'), eb('effective_at', '<=', atIso), eb('ends_at', '>', atIso)]);
    })
    .orderBy('ends_at', 'desc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
}

/** The users among userIds with a record in force at atIso on themselves or on their organisation (one row per record). */
export function usersUnderRecord(db: Q, userIds: number[], atIso: string) {
  return db
    .selectFrom('integrity_records as r')
    .innerJoin('users as u', (j) =>
      j.on((eb) => eb.or([eb('u.id', '=', eb.ref('r.subject_user_id')), eb('u.organization_id', '=', eb.ref('r.subject_org_id'))])),
    )
    .select('u.id')
    .where('u.id', 'in', userIds)
    .where('r.status', '=', 'active')
    .where('r.effective_at', '<=', atIso)
    .where('r.ends_at', '>', atIso)
    .execute();
}
