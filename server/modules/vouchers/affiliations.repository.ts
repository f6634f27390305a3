// Every SQL statement of declared affiliates (pairs of organisations stored lower id first).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

/** The organisation's affiliations with both organisations' names, oldest first. */
export function listOf(db: Q, orgId: number) {
  return db
    .selectFrom('affiliations as f')
    .innerJoin('organizations as a', 'a.id', 'f.org_a_id')
    .innerJoin('organizations as b', 'b.id', 'f.org_b_id')
    .select(['f.id', 'f.org_a_id', 'f.org_b_id', 'a.name as a_name', 'b.name as b_name', 'f.note', 'f.created_at'])
    .where((eb) => eb.or([eb('f.org_a_id', '=', orgId), eb('f.org_b_id', '=', orgId)]))
    .orderBy('f.id')
    .execute();
}

export function findById(db: Q, id: number) {
  return db.selectFrom('affiliations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The affiliation of two organisations, lo < hi. */
export function findPair(db: Q, lo: number, hi: number) {
  return db.selectFrom('affiliations').select('id').where('org_a_id', '=', lo).where('org_b_id', '=', hi).executeTakeFirst();
}

export function organizationExists(db: Q, orgId: number) {
  return db.selectFrom('organizations').select('id').where('id', '=', orgId).executeTakeFirst();
}

export function insert(db: Q, row: { org_a_id: number; org_b_id: number; note: string; declared_by: number; created_at: string }) {
  return db.insertInto('affiliations').values(row).returning('id').executeTakeFirstOrThrow();
}

export function remove(db: Q, id: number) {
  return db.deleteFrom('affiliations').where('id', '=', id).execute();
}
