// Every SQL statement of service orders: the orders placed for providers' products, and what a
// completed order charges.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, ServiceOrderTable } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface OrderFilter {
  /** Only the orders to this provider (-1: none). */
  providerId?: number;
  /** Only the orders this organisation placed. */
  buyerOrgId?: number;
  status?: string;
}

export type OrderSortColumn = 's.created_at' | 's.amount_fen' | 's.status';

/** Orders with product, provider and buyer names and their live redemption, in no particular order. */
export function views(db: Q, ids: number[]) {
  return db
    .selectFrom('service_orders as s')
    .innerJoin('service_products as sp', 'sp.id', 's.product_id')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .innerJoin('organizations as po', 'po.id', 'p.organization_id')
    .innerJoin('organizations as bo', 'bo.id', 's.buyer_org_id')
    .leftJoin('redemptions as r', (j) => j.onRef('r.source_id', '=', 's.id').on('r.source_kind', '=', 'order').on('r.status', '=', 'completed'))
    .select([
      's.id',
      's.product_id',
      'sp.name as product_name',
      'sp.category',
      's.provider_id',
      'po.name as provider_name',
      's.buyer_org_id',
      'bo.name as buyer_org_name',
      's.quantity',
      's.amount_fen',
      's.note',
      's.status',
      's.created_at',
      's.completed_at',
      'r.id as redemption_id',
    ])
    .where('s.id', 'in', ids)
    .execute();
}

/** A product with its provider's status, organisation and jurisdiction. */
export function productWithProvider(db: Q, productId: number) {
  return db
    .selectFrom('service_products as sp')
    .innerJoin('providers as p', 'p.id', 'sp.provider_id')
    .select(['sp.id', 'sp.provider_id', 'sp.price_fen', 'sp.status', 'p.status as provider_status', 'p.organization_id', 'p.jurisdiction_code'])
    .where('sp.id', '=', productId)
    .executeTakeFirst();
}

export function insert(db: Q, row: Insertable<ServiceOrderTable>) {
  return db.insertInto('service_orders').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function list(db: Q, f: OrderFilter, sort: { column: OrderSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  let base = db.selectFrom('service_orders as s');
  if (f.providerId !== undefined) base = base.where('s.provider_id', '=', f.providerId);
  if (f.buyerOrgId !== undefined) base = base.where('s.buyer_org_id', '=', f.buyerOrgId);
  if (f.status) base = base.where('s.status', '=', f.status);
  const [rows, count] = await Promise.all([
    base.select('s.id').orderBy(sql.ref(sort.column), sort.direction).orderBy('s.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(count.n) };
}

/** An order with its provider's organisation and jurisdiction. */
export function findWithProvider(db: Q, id: number) {
  return db
    .selectFrom('service_orders as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.status', 's.buyer_org_id', 's.amount_fen', 'p.organization_id', 'p.jurisdiction_code'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** Moves a placed order on; numUpdatedRows says whether it was still placed. */
export function updatePlaced(db: Q, id: number, patch: { status: string; completed_at?: string; amount_fen?: number; updated_at: string }) {
  return db.updateTable('service_orders').set(patch).where('id', '=', id).where('status', '=', 'placed').executeTakeFirst();
}

/** An order with its product's category and name. */
export function findCharge(db: Q, id: number) {
  return db
    .selectFrom('service_orders as s')
    .innerJoin('service_products as sp', 'sp.id', 's.product_id')
    .select(['s.id', 's.status', 's.amount_fen', 's.buyer_org_id', 's.provider_id', 'sp.category', 'sp.name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
