// Every SQL statement of open patent licence declarations (专利开放许可).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, OpenLicenceTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface OpenLicenceFilter {
  status: string;
  listingId?: number;
  ownerOrgId?: number;
  paymentMethod?: string;
}

export type OpenLicenceSortColumn = 'o.declared_at' | 'o.fee_fen' | 'o.royalty_bp';

function filtered(db: Q, f: OpenLicenceFilter) {
  // The patentee is the listing's owner: the module's listings table, joined for the filter.
  let q = db.selectFrom('open_licences as o').innerJoin('listings as l', 'l.id', 'o.listing_id');
  q = q.where('o.status', '=', f.status);
  if (f.listingId) q = q.where('o.listing_id', '=', f.listingId);
  if (f.ownerOrgId) q = q.where('l.owner_org_id', '=', f.ownerOrgId);
  if (f.paymentMethod) q = q.where('o.payment_method', '=', f.paymentMethod);
  return q;
}

export async function list(db: Q, f: OpenLicenceFilter, sort: { column: OpenLicenceSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  const base = filtered(db, f);
  const [rows, count] = await Promise.all([
    base.selectAll('o').orderBy(sort.column, sort.direction).orderBy('o.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findById(db: Q, id: number) {
  return db.selectFrom('open_licences').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByIdForUpdate(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('open_licences').selectAll().where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The declaration in force on the listing, if any. */
export function activeForListing(db: Q, listingId: number) {
  return db.selectFrom('open_licences').select('id').where('listing_id', '=', listingId).where('status', '=', 'active').executeTakeFirst();
}

export function insert(db: Q, row: Insertable<OpenLicenceTable>) {
  return db.insertInto('open_licences').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Withdraws the declaration if it is in force; the number of rows changed (0 or 1). */
export async function withdraw(db: Q, id: number, reason: string, at: string) {
  const n = await db
    .updateTable('open_licences')
    .set({ status: 'withdrawn', withdrawn_at: at, withdrawal_reason: reason, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(n.numUpdatedRows);
}
