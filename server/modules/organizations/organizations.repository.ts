// Every SQL query of the organisation directory.
import type { Kysely, Transaction } from 'kysely';
import type { Database, NewOrganization, OrganizationUpdate } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';
import { pinyinKey } from '../../platform/text';

type Q = Kysely<Database> | Transaction<Database>;

export interface OrganizationFilter {
  q?: string; // already folded
  uscc?: string;
  jurisdiction?: string;
  type?: string;
  tier?: string;
  status?: string;
}

export type OrganizationSortColumn = 'name_pinyin' | 'created_at' | 'uscc';

function filtered(db: Q, h: DialectHelpers, f: OrganizationFilter) {
  let q = db.selectFrom('organizations');
  if (f.q) {
    const needle = f.q;
    const uscc = f.uscc;
    q = q.where((eb) =>
      eb.or([h.query.containsInsensitive(eb.ref('organizations.name_folded'), needle), ...(uscc ? [eb('organizations.uscc', '=', uscc)] : [])]),
    );
  }
  if (f.jurisdiction) q = q.where('organizations.jurisdiction_code', '=', f.jurisdiction);
  if (f.type) q = q.where('organizations.type', '=', f.type);
  if (f.tier) q = q.where('organizations.tier', '=', f.tier);
  // Self-registered organisations awaiting approval are not in the directory until approved.
  if (f.status) q = q.where('organizations.status', '=', f.status);
  else q = q.where('organizations.status', '!=', 'pending');
  return q;
}

const columns = [
  'organizations.id',
  'organizations.name',
  'organizations.uscc',
  'organizations.type',
  'organizations.jurisdiction_code',
  'organizations.city',
  'organizations.tier',
  'organizations.department_id',
  'organizations.established_on',
  'organizations.status',
  'organizations.created_at',
  'organizations.updated_at',
] as const;

export async function list(
  db: Q,
  h: DialectHelpers,
  f: OrganizationFilter,
  sort: { column: OrganizationSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const base = filtered(db, h, f);
  const [rows, count] = await Promise.all([
    base
      .select(columns)
      .select((eb) =>
        eb
          .selectFrom('users')
          .select((e2) => e2.fn.countAll<number>().as('n'))
          .whereRef('users.organization_id', '=', 'organizations.id')
          .as('user_count'),
      )
      .orderBy(`organizations.${sort.column}`, sort.direction)
      .orderBy('organizations.id', sort.direction)
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findById(db: Q, id: number) {
  return db
    .selectFrom('organizations')
    .select(columns)
    .select((eb) =>
      eb
        .selectFrom('users')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .whereRef('users.organization_id', '=', 'organizations.id')
        .as('user_count'),
    )
    .where('organizations.id', '=', id)
    .executeTakeFirst();
}

export function findByUsccs(db: Q, usccs: string[]) {
  if (usccs.length === 0) return Promise.resolve([]);
  return db.selectFrom('organizations').select(['id', 'uscc', 'jurisdiction_code']).where('uscc', 'in', usccs).execute();
}

export function insert(db: Q, row: NewOrganization) {
  return db
    .insertInto('organizations')
    .values({ ...row, name_pinyin: pinyinKey(row.name) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: OrganizationUpdate) {
  return db
    .updateTable('organizations')
    .set(patch.name === undefined ? patch : { ...patch, name_pinyin: pinyinKey(String(patch.name)) })
    .where('id', '=', id)
    .execute();
}

export function remove(db: Q, id: number) {
  return db.deleteFrom('organizations').where('id', '=', id).execute();
}

export function departmentsOf(db: Q) {
  return db.selectFrom('departments').select(['id', 'jurisdiction_code', 'kind']).execute();
}
