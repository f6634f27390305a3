// Every SQL statement of redemptions: the redemption rows and their lock, the idempotency key,
// the caps' sums of what was redeemed, the lists with their totals, and the names of the views.
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, RedemptionTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Completed redemptions with their voucher (its holder kind and team), for the caps. */
const completedWithVoucher = (db: Q, programId: number, holderOrgId: number) =>
  db
    .selectFrom('redemptions as r')
    .innerJoin('vouchers as v2', 'v2.id', 'r.voucher_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('r.amount_fen', '-', eb.ref('r.refunded_fen'))), eb.lit(0)).as('s'))
    .where('r.program_id', '=', programId)
    .where('r.holder_org_id', '=', holderOrgId)
    .where('r.status', '=', 'completed');

export interface RedemptionFilter {
  /** An administrator's view: redemptions issued by, or paid to providers of, this jurisdiction. */
  jurisdiction?: string;
  /** A provider's view: the redemptions paid to it (-1: none). */
  paidTo?: number;
  holderOrgId?: number;
  voucherId?: number;
  providerId?: number;
  /** Only the redemptions of these bookings (none when empty). */
  bookingIds?: number[];
  period?: string;
  status?: string;
}

export type RedemptionSortColumn = 'r.created_at' | 'r.amount_fen' | 'r.period';

export function getById(db: Q, id: number) {
  return db.selectFrom('redemptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Row lock on PostgreSQL (SQLite runs one writer at a time anyway). */
export function lock(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('redemptions').select('id').where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The redemption a voucher made under an idempotency key, if any. */
export function findByKey(db: Q, voucherId: number, key: string) {
  return db.selectFrom('redemptions').select(['id', 'request_hash']).where('voucher_id', '=', voucherId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** The completed redemption that paid a booking or order, if any. */
export function findLive(db: Q, sourceKind: string, sourceId: number) {
  return db
    .selectFrom('redemptions')
    .select('id')
    .where('source_kind', '=', sourceKind)
    .where('source_id', '=', sourceId)
    .where('status', '=', 'completed')
    .executeTakeFirst();
}

/** A redemption with its provider's organisation (who may unwind it). */
export function findWithProvider(db: Q, id: number) {
  return db
    .selectFrom('redemptions as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .select(['r.id', 'r.issuer_jurisdiction', 'p.organization_id', 'r.voucher_id', 'r.holder_org_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** What the holder's vouchers of a team redeemed in the programme, less refunds. */
export function redeemedByTeam(db: Q, programId: number, holderOrgId: number, teamName: string) {
  return completedWithVoucher(db, programId, holderOrgId).where('v2.holder_kind', '=', 'team').where('v2.team_name', '=', teamName).executeTakeFirstOrThrow();
}

/** What the enterprise's own vouchers (not its teams') redeemed in the programme within [from, to), less refunds. */
export function redeemedByEnterprise(db: Q, programId: number, holderOrgId: number, from: string, to: string) {
  return completedWithVoucher(db, programId, holderOrgId)
    .where('v2.holder_kind', '=', 'enterprise')
    .where('r.created_at', '>=', from)
    .where('r.created_at', '<', to)
    .executeTakeFirstOrThrow();
}

export function providerName(db: Q, organizationId: number) {
  return db.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirstOrThrow();
}

export function insert(db: Q, row: Insertable<RedemptionTable>) {
  return db.insertInto('redemptions').values(row).returning('id').executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: Updateable<RedemptionTable>) {
  return db.updateTable('redemptions').set(patch).where('id', '=', id).execute();
}

/** Redemptions with voucher code, programme, holder, provider and product names, in no particular order. */
export function views(db: Q, ids: number[]) {
  return db
    .selectFrom('redemptions as r')
    .innerJoin('vouchers as v', 'v.id', 'r.voucher_id')
    .innerJoin('voucher_programs as p', 'p.id', 'r.program_id')
    .innerJoin('organizations as h', 'h.id', 'r.holder_org_id')
    .innerJoin('providers as pr', 'pr.id', 'r.provider_id')
    .innerJoin('organizations as po', 'po.id', 'pr.organization_id')
    .leftJoin('service_orders as so', (j) => j.onRef('so.id', '=', 'r.source_id').on('r.source_kind', '=', 'order'))
    .leftJoin('service_products as sp', 'sp.id', 'so.product_id')
    .selectAll('r')
    .select(['v.code', 'p.name as program_name', 'h.name as holder_name', 'po.name as provider_name', 'sp.name as product_name'])
    .where('r.id', 'in', ids)
    .execute();
}

/** A page of ids, the count, and the completed amounts (and the unsettled part) by issuing jurisdiction. */
export async function list(db: Q, f: RedemptionFilter, sort: { column: RedemptionSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  let base = db.selectFrom('redemptions as r');
  const j = f.jurisdiction;
  if (j !== undefined) base = base.where((eb) => eb.or([eb('r.issuer_jurisdiction', '=', j), eb('r.provider_jurisdiction', '=', j)]));
  if (f.paidTo !== undefined) base = base.where('r.provider_id', '=', f.paidTo);
  if (f.holderOrgId !== undefined) base = base.where('r.holder_org_id', '=', f.holderOrgId);
  if (f.voucherId) base = base.where('r.voucher_id', '=', f.voucherId);
  if (f.providerId) base = base.where('r.provider_id', '=', f.providerId);
  if (f.bookingIds) base = base.where('r.source_kind', '=', 'booking').where('r.source_id', 'in', f.bookingIds.length ? f.bookingIds : [-1]);
  if (f.period) base = base.where('r.period', '=', f.period);
  if (f.status) base = base.where('r.status', '=', f.status);
  const [rows, count, totals] = await Promise.all([
    base.select('r.id').orderBy(sql.ref(sort.column), sort.direction).orderBy('r.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select([
        'r.issuer_jurisdiction',
        (eb) => eb.fn.sum<number>(eb('r.amount_fen', '-', eb.ref('r.refunded_fen'))).as('s'),
        (eb) => eb.fn.sum<number>(sql<number>`case when r.settlement_id is null then r.amount_fen - r.refunded_fen else 0 end`).as('open'),
      ])
      .where('r.status', '=', 'completed')
      .groupBy('r.issuer_jurisdiction')
      .execute(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n), totals };
}

/** A page of a voucher's redemption ids, newest first, and the count. */
export async function listOfVoucher(db: Q, voucherId: number, limit: number, offset: number) {
  const base = db.selectFrom('redemptions').where('voucher_id', '=', voucherId);
  const [rows, count] = await Promise.all([
    base.select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}
