// Every SQL query of user accounts.
import type { Kysely, Transaction } from 'kysely';
import type { Database, NewUser } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';
import type { UserScope } from '../../platform/access';
import { pinyinKey } from '../../platform/text';

type Q = Kysely<Database> | Transaction<Database>;

export interface UserFilter {
  q?: string;
  organizationId?: number;
  jurisdiction?: string; // of the user's organisation
  role?: string;
  status?: string;
}

export type UserSortColumn = 'username' | 'created_at';

function base(db: Q) {
  return db.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.organization_id');
}

const columns = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.email',
  'users.role',
  'users.status',
  'users.organization_id',
  'users.jurisdiction_code',
  'users.department_id',
  'users.locked_until',
  'users.created_at',
  'users.updated_at',
  'organizations.name as organization_name',
  'organizations.jurisdiction_code as organization_jurisdiction',
] as const;

function filtered(db: Q, h: DialectHelpers, scope: UserScope, f: UserFilter) {
  let q = base(db);
  if ('jurisdiction' in scope) q = q.where('organizations.jurisdiction_code', '=', scope.jurisdiction);
  if ('organization' in scope) q = q.where('users.organization_id', '=', scope.organization);
  if ('self' in scope) q = q.where('users.id', '=', scope.self);
  if (f.q) {
    const needle = f.q;
    q = q.where((eb) =>
      eb.or([h.query.containsInsensitive(eb.ref('users.username'), needle), h.query.containsInsensitive(eb.ref('users.display_name'), needle)]),
    );
  }
  if (f.organizationId) q = q.where('users.organization_id', '=', f.organizationId);
  if (f.jurisdiction) q = q.where('organizations.jurisdiction_code', '=', f.jurisdiction);
  if (f.role) q = q.where('users.role', '=', f.role);
  if (f.status) q = q.where('users.status', '=', f.status);
  return q;
}

export async function list(
  db: Q,
  h: DialectHelpers,
  scope: UserScope,
  f: UserFilter,
  sort: { column: UserSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const q = filtered(db, h, scope, f);
  const [rows, count] = await Promise.all([
    q.select(columns).orderBy(`users.${sort.column}`, sort.direction).orderBy('users.id', sort.direction).limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findById(db: Q, id: number) {
  return base(db).select(columns).where('users.id', '=', id).executeTakeFirst();
}

export function findByUsernames(db: Q, usernames: string[]) {
  if (usernames.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'username']).where('username', 'in', usernames).execute();
}

export function findOrganization(db: Q, id: number) {
  return db.selectFrom('organizations').select(['id', 'jurisdiction_code', 'type', 'uscc', 'department_id']).where('id', '=', id).executeTakeFirst();
}

export function findOrganizationsByUscc(db: Q, usccs: string[]) {
  if (usccs.length === 0) return Promise.resolve([]);
  return db.selectFrom('organizations').select(['id', 'jurisdiction_code', 'type', 'uscc', 'department_id']).where('uscc', 'in', usccs).execute();
}

export function findDepartment(db: Q, id: number) {
  return db.selectFrom('departments').select(['id', 'jurisdiction_code', 'kind']).where('id', '=', id).executeTakeFirst();
}

export function insert(db: Q, row: NewUser) {
  return db
    .insertInto('users')
    .values({ ...row, name_pinyin: pinyinKey(row.display_name) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: Partial<NewUser>) {
  return db
    .updateTable('users')
    .set(patch.display_name === undefined ? patch : { ...patch, name_pinyin: pinyinKey(patch.display_name) })
    .where('id', '=', id)
    .execute();
}

/** Ends the user's sessions, all of them or all but one (the one changing the password). */
export function deleteSessionsOf(db: Q, userId: number, exceptSessionId: string | null = null) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  return q.execute();
}

/** Revokes every API token of the user still in force; returns how many. */
export async function revokeTokensOf(db: Q, userId: number, now: string) {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function passwordHashOf(db: Q, userId: number) {
  return db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
}

export function allDepartments(db: Q) {
  return db.selectFrom('departments').select(['id', 'jurisdiction_code', 'kind']).execute();
}

export function usccsOf(db: Q, orgIds: number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('organizations').select(['id', 'uscc']).where('id', 'in', orgIds).execute();
}
