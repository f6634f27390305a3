// Every SQL statement of auctions and their bids.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AuctionTable, Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface AuctionFilter {
  status?: string;
  listingId?: number;
  sellerOrgId?: number;
}

export type AuctionSortColumn = 'closes_at' | 'created_at' | 'best_fen';

function filtered(db: Q, f: AuctionFilter) {
  let q = db.selectFrom('auctions');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.listingId) q = q.where('listing_id', '=', f.listingId);
  if (f.sellerOrgId !== undefined) q = q.where('seller_org_id', '=', f.sellerOrgId);
  return q;
}

export async function list(db: Q, f: AuctionFilter, sort: { column: AuctionSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  const base = filtered(db, f);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy(sort.column, sort.direction).orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findById(db: Q, id: number) {
  return db.selectFrom('auctions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getById(db: Q, id: number) {
  return db.selectFrom('auctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The open auction of the listing, if any. */
export function openForListing(db: Q, listingId: number) {
  return db.selectFrom('auctions').select('id').where('listing_id', '=', listingId).where('status', '=', 'open').executeTakeFirst();
}

export function insert(db: Q, row: Insertable<AuctionTable>) {
  return db.insertInto('auctions').values(row).returning('id').executeTakeFirstOrThrow();
}

/**
 * The bid, as one conditional UPDATE: the row changes only if the auction is open, before its
 * close, and the amount is at least the starting price (no bid yet) or the best plus the increment.
 * Returns the number of rows changed (0 or 1).
 */
export async function acceptBid(db: Q, id: number, bid: { amountFen: number; orgId: number; incrementFen: number; at: string }) {
  const amount = bid.amountFen;
  const n = await db
    .updateTable('auctions')
    .set((eb) => ({ best_fen: amount, best_org_id: bid.orgId, bid_count: eb('bid_count', '+', 1), updated_at: bid.at }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('closes_at', '>', bid.at)
    .where((eb) => eb.or([eb.and([eb('best_fen', 'is', null), eb('start_price_fen', '<=', amount)]), eb('best_fen', '<=', amount - bid.incrementFen)]))
    .executeTakeFirst();
  return Number(n.numUpdatedRows);
}

export function insertBid(db: Q, row: { auction_id: number; bidder_org_id: number; bidder_user_id: number; amount_fen: number; created_at: string }) {
  return db.insertInto('auction_bids').values(row).returning('id').executeTakeFirstOrThrow();
}

export function setBestBid(db: Q, id: number, bidId: number) {
  return db.updateTable('auctions').set({ best_bid_id: bidId }).where('id', '=', id).execute();
}

/** Bids of the auctions, lowest first. */
export function bidsOf(db: Q, auctionIds: number[]) {
  return db.selectFrom('auction_bids').selectAll().where('auction_id', 'in', auctionIds).orderBy('amount_fen', 'asc').execute();
}

// ---- closing -----------------------------------------------------------------------------------

/** Open auctions past their close (at most limit). */
export function dueToClose(db: Q, at: string, limit: number) {
  return db.selectFrom('auctions').select('id').where('status', '=', 'open').where('closes_at', '<=', at).limit(limit).execute();
}

/** Closes the auction if it is still open and past its close; the number of rows changed (0 or 1). */
export async function closeIfDue(db: Q, id: number, at: string) {
  const n = await db
    .updateTable('auctions')
    .set({ status: 'closed', updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('closes_at', '<=', at)
    .executeTakeFirst();
  return Number(n.numUpdatedRows);
}

export function setContract(db: Q, id: number, contractId: number) {
  return db.updateTable('auctions').set({ contract_id: contractId }).where('id', '=', id).execute();
}

// ---- the identity directory (users, organisations) -----------------------------------------------

export function user(db: Q, id: number) {
  return db.selectFrom('users').select(['id', 'username']).where('id', '=', id).executeTakeFirstOrThrow();
}

export function organization(db: Q, id: number) {
  return db.selectFrom('organizations').select(['jurisdiction_code', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Names of organisations (the 0 keeps the list non-empty). */
export function organizationNames(db: Q, ids: number[]) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', [0, ...ids])
    .execute();
}
