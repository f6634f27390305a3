// Every SQL statement of the demo seed that no module's service offers: the demo's organisations
// and accounts are inserted as they are (one seed.demo audit entry for all of them, not one per
// row as the directory's services write), and its completed bookings are history, written as such
// rather than booked, checked in and completed through the bookings service.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { BookingTable, Database, NewOrganization, NewUser } from '../db/types';
import { pinyinKey } from '../platform/text';

type Q = Kysely<Database> | Transaction<Database>;

export async function countOrganizations(db: Q): Promise<number> {
  const row = await db
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function departments(db: Q) {
  return db.selectFrom('departments').select(['id', 'jurisdiction_code', 'kind']).execute();
}

export async function insertOrganization(db: Q, row: NewOrganization): Promise<number> {
  const { id } = await db
    .insertInto('organizations')
    .values({ ...row, name_pinyin: pinyinKey(row.name) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function insertUser(db: Q, row: NewUser): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({ ...row, name_pinyin: pinyinKey(row.display_name) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

export function resourcesByName(db: Q, names: string[]) {
  return db.selectFrom('resources').selectAll().where('name', 'in', names).execute();
}

export async function insertBooking(db: Q, row: Insertable<BookingTable>): Promise<number> {
  const { id } = await db.insertInto('bookings').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}
