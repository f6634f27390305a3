// Every SQL statement of licence and assignment contracts and the licences they record. Their
// schedules (instalments, payments, revenue reports, reminders) are in instalments.repository.ts.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ContractTable, Database, LicenceTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Who may see which contracts: every one, those touching a jurisdiction, or an organisation's own. */
export type ContractScope = { all: true } | { jurisdiction: string } | { org: number };

export interface ContractFilter {
  scope: ContractScope;
  role?: 'licensor' | 'licensee';
  status?: string;
  listingId?: number;
  paymentMode?: string;
}

export type ContractSortColumn = 'c.created_at' | 'c.price_fen' | 'c.signed_at';

/** Contracts with both parties (organisations: the identity directory, readable everywhere). */
function withParties(db: Q) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('organizations as lo', 'lo.id', 'c.licensor_org_id')
    .innerJoin('organizations as ee', 'ee.id', 'c.licensee_org_id');
}

function filtered(db: Q, f: ContractFilter) {
  let q = withParties(db);
  const scope = f.scope;
  if ('org' in scope) {
    const org = scope.org;
    if (f.role === 'licensor') q = q.where('c.licensor_org_id', '=', org);
    else if (f.role === 'licensee') q = q.where('c.licensee_org_id', '=', org);
    else q = q.where((eb) => eb.or([eb('c.licensor_org_id', '=', org), eb('c.licensee_org_id', '=', org)]));
  } else if ('jurisdiction' in scope) {
    const j = scope.jurisdiction;
    q = q.where((eb) => eb.or([eb('lo.jurisdiction_code', '=', j), eb('ee.jurisdiction_code', '=', j)]));
  }
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.listingId) q = q.where('c.listing_id', '=', f.listingId);
  if (f.paymentMode) q = q.where('c.payment_mode', '=', f.paymentMode);
  return q;
}

/** A page of contract ids in the order asked, and how many match. */
export async function listIds(db: Q, f: ContractFilter, sort: { column: ContractSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  const base = filtered(db, f);
  const [rows, count] = await Promise.all([
    base.select('c.id').orderBy(sort.column, sort.direction).orderBy('c.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}

/**
 * The contracts with the names a view shows: parties, the listing's title and number, the pool.
 * Listings and pools are the module's own tables, joined for their names.
 */
export function viewRows(db: Q, ids: number[]) {
  return withParties(db)
    .innerJoin('listings as l', 'l.id', 'c.listing_id')
    .leftJoin('risk_pools as p', 'p.id', 'c.pool_id')
    .selectAll('c')
    .select([
      'lo.name as licensor_name',
      'ee.name as licensee_name',
      'lo.jurisdiction_code as licensor_jur',
      'ee.jurisdiction_code as licensee_jur',
      'l.title as listing_title',
      'l.application_no',
      'p.name as pool_name',
    ])
    .where('c.id', 'in', ids)
    .execute();
}

export function insert(db: Q, row: Insertable<ContractTable>) {
  return db.insertInto('contracts').values(row).returning('id').executeTakeFirstOrThrow();
}

export function setNumber(db: Q, id: number, contractNo: string) {
  return db.updateTable('contracts').set({ contract_no: contractNo }).where('id', '=', id).execute();
}

export function getById(db: Q, id: number) {
  return db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function findByIdForUpdate(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('contracts').selectAll().where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function markSigned(db: Q, id: number, at: string, endsAt: string) {
  return db.updateTable('contracts').set({ status: 'active', signed_at: at, starts_at: at, ends_at: endsAt, updated_at: at }).where('id', '=', id).execute();
}

export function setStatus(db: Q, id: number, status: string, at: string) {
  return db.updateTable('contracts').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export function markDefaulted(db: Q, id: number, at: string, integrityRecordId: number) {
  return db
    .updateTable('contracts')
    .set({ status: 'defaulted', defaulted_at: at, integrity_record_id: integrityRecordId, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** An exclusive licence or an assignment of the listing in force, if any. */
export function exclusiveInForce(db: Q, listingId: number) {
  return db
    .selectFrom('contracts')
    .select('id')
    .where('listing_id', '=', listingId)
    .where('exclusive', '=', 1)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export function countsByPool(db: Q, poolIds: number[]) {
  return db
    .selectFrom('contracts')
    .select(['pool_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('pool_id', 'in', poolIds)
    .groupBy('pool_id')
    .execute();
}

export function countOfPool(db: Q, poolId: number) {
  return db
    .selectFrom('contracts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pool_id', '=', poolId)
    .executeTakeFirstOrThrow();
}

// ---- the sweep ---------------------------------------------------------------------------------

/** Whether any contract in force has passed its term (a cheap look before the sweep's transaction). */
export function anyPastTerm(db: Q, at: string) {
  return db.selectFrom('contracts').select('id').where('status', '=', 'active').where('ends_at', '<=', at).limit(1).execute();
}

/** Contracts in force past their term with nothing left to pay. */
export function pastTermPaidUp(db: Q, at: string, limit: number) {
  return db
    .selectFrom('contracts as c')
    .select('c.id')
    .where('c.status', '=', 'active')
    .where('c.ends_at', '<=', at)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('contract_instalments as i').select('i.id').whereRef('i.contract_id', '=', 'c.id').where('i.status', 'in', ['scheduled', 'overdue']),
        ),
      ),
    )
    .limit(limit)
    .execute();
}

/** Completes the contract if it is still in force; the number of rows changed (0 or 1). */
export async function completeIfActive(db: Q, id: number, at: string) {
  const n = await db
    .updateTable('contracts')
    .set({ status: 'completed', updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(n.numUpdatedRows);
}

// ---- licences ----------------------------------------------------------------------------------

export function insertLicence(db: Q, row: Insertable<LicenceTable>) {
  return db.insertInto('licences').values(row).returning('id').executeTakeFirstOrThrow();
}

export function setLicenceRecordNo(db: Q, id: number, recordNo: string) {
  return db.updateTable('licences').set({ record_no: recordNo }).where('id', '=', id).execute();
}

export function endLicences(db: Q, contractId: number) {
  return db.updateTable('licences').set({ status: 'ended' }).where('contract_id', '=', contractId).where('status', '=', 'active').execute();
}

export function licencesOf(db: Q, contractIds: number[]) {
  return db.selectFrom('licences').selectAll().where('contract_id', 'in', contractIds).execute();
}

/** The organisation's licence in force under an open licence declaration, if any. */
export function liveLicence(db: Q, openLicenceId: number, licenseeOrgId: number) {
  return db
    .selectFrom('licences')
    .select('record_no')
    .where('open_licence_id', '=', openLicenceId)
    .where('licensee_org_id', '=', licenseeOrgId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** How many licences each declaration has granted. */
export function licenceCounts(db: Q, openLicenceIds: number[]) {
  return db
    .selectFrom('licences')
    .select(['open_licence_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('open_licence_id', 'in', openLicenceIds)
    .groupBy('open_licence_id')
    .execute();
}

// ---- the identity directory (organisations) ------------------------------------------------------

export function organization(db: Q, id: number) {
  return db.selectFrom('organizations').select(['id', 'jurisdiction_code', 'type']).where('id', '=', id).executeTakeFirst();
}

export function organizationJurisdiction(db: Q, id: number) {
  return db.selectFrom('organizations').select(['jurisdiction_code']).where('id', '=', id).executeTakeFirstOrThrow();
}
