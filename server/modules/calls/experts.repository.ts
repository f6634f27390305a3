// Every SQL statement of the shared expert pool: profiles and declared relations, with the
// names and jurisdictions of the identity directory.
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, ExpertProfileTable, ExpertRelationTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Profiles of active users who hold the expert role (a profile left from another role is not a pool entry). */
const activeExperts = (db: Q) =>
  db.selectFrom('expert_profiles as p').innerJoin('users as u', 'u.id', 'p.user_id').where('u.status', '=', 'active').where('u.role', '=', 'expert');

export function findProfiles(db: Q, userIds: number[]) {
  return (
    db
      .selectFrom('expert_profiles as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select([
        'p.user_id',
        'u.display_name',
        'u.organization_id',
        'o.name as org_name',
        'o.jurisdiction_code',
        'p.title',
        'p.disciplines',
        'p.keywords',
        'p.availability',
        'p.bio',
        'p.updated_at',
      ])
      .where('p.user_id', 'in', userIds)
      // A profile only counts for someone who holds the expert role (one left from another role is not a pool entry).
      .where('u.role', '=', 'expert')
      .execute()
  );
}

export interface ExpertFilter {
  jurisdiction?: string;
  availability?: string;
  discipline?: string;
  /** The needle as typed (trimmed) and folded. */
  q?: { raw: string; folded: string };
}

export type ExpertSortColumn = 'u.name_pinyin' | 'p.updated_at';

/** One page of the pool's user ids in the order asked, and the count. */
export async function listIds(
  db: Q,
  h: DialectHelpers,
  f: ExpertFilter,
  sort: { column: ExpertSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  let base = activeExperts(db).innerJoin('organizations as o', 'o.id', 'u.organization_id');
  if (f.jurisdiction) base = base.where('o.jurisdiction_code', '=', f.jurisdiction);
  if (f.availability) base = base.where('p.availability', '=', f.availability);
  if (f.discipline) base = base.where(sql<boolean>`(',' || p.disciplines || ',') like ${'%,' + f.discipline + '%'}`);
  const q = f.q;
  if (q)
    base = base.where((eb) =>
      eb.or([h.query.containsInsensitive(sql.ref('u.display_name'), q.raw), h.query.containsInsensitive(sql.ref('p.keywords'), q.folded)]),
    );
  const [rows, count] = await Promise.all([
    base.select('p.user_id').orderBy(sql.ref(sort.column), sort.direction).orderBy('p.user_id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.user_id)), total: Number(count.n) };
}

/** The reviewers an assignment draws on: available, in user id order, with what affinity needs. */
export function assignablePool(db: Q) {
  return activeExperts(db).select(['p.user_id', 'p.disciplines', 'p.keywords']).where('p.availability', '=', 'available').orderBy('p.user_id').execute();
}

/** Every active expert not marked unavailable. */
export function availableUserIds(db: Q) {
  return activeExperts(db).select('p.user_id').where('p.availability', '!=', 'unavailable').execute();
}

export function profileExists(db: Q, userId: number) {
  return db.selectFrom('expert_profiles').select('user_id').where('user_id', '=', userId).executeTakeFirst();
}

export function insertProfile(db: Q, row: Insertable<ExpertProfileTable>) {
  return db.insertInto('expert_profiles').values(row).execute();
}

export function updateProfile(db: Q, userId: number, patch: Updateable<ExpertProfileTable>) {
  return db.updateTable('expert_profiles').set(patch).where('user_id', '=', userId).execute();
}

// ---- relations ----

/** An expert's declared relations with the other side's name, in the order declared. */
export function relationsOf(db: Q, expertUserId: number) {
  return db
    .selectFrom('expert_relations as r')
    .leftJoin('users as u', 'u.id', 'r.other_user_id')
    .leftJoin('organizations as o', 'o.id', 'r.other_org_id')
    .select([
      'r.id',
      'r.kind',
      'r.other_user_id',
      'r.other_org_id',
      'r.other_name',
      'r.since',
      'r.until',
      'r.note',
      'r.declared_by',
      'r.created_at',
      'u.display_name',
      'o.name as org_name',
    ])
    .where('r.expert_user_id', '=', expertUserId)
    .orderBy('r.id')
    .execute();
}

/** Every relation that binds one of the users, whichever side declared it. */
export function relationsTouching(db: Q, userIds: number[]) {
  return db
    .selectFrom('expert_relations')
    .select(['expert_user_id', 'kind', 'other_user_id', 'other_org_id', 'until'])
    .where((eb) => eb.or([eb('expert_user_id', 'in', userIds), eb('other_user_id', 'in', userIds)]))
    .execute();
}

export function insertRelation(db: Q, row: Insertable<ExpertRelationTable>) {
  return db.insertInto('expert_relations').values(row).returning('id').executeTakeFirstOrThrow();
}

// ---- the identity directory ----

/** The user's role and their organisation's jurisdiction. */
export function findUserWithJurisdiction(db: Q, userId: number) {
  return db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.id', 'u.role', 'o.jurisdiction_code'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** The users' organisations and their jurisdictions. */
export function usersWithJurisdiction(db: Q, userIds: number[]) {
  return db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.id', 'u.organization_id', 'o.jurisdiction_code'])
    .where('u.id', 'in', userIds)
    .execute();
}

export function findUserOrganization(db: Q, userId: number) {
  return db.selectFrom('users').select(['organization_id']).where('id', '=', userId).executeTakeFirst();
}
