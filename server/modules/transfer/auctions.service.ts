// Ascending auctions of results (Decision art. 8: trades by agreement and by auction). A bid is
// accepted by one conditional UPDATE of the auction row — open, before the close, at least the
// current best plus the increment (or the starting price) — so concurrent bids can never both win,
// nor a bid land after the close or below the best. At the close the best bidder gets a contract
// proposed by the seller, which it signs as any other.
import type { Selectable } from 'kysely';
import type { AuctionBidTable, AuctionTable } from '../../db/types';
import type { Actor } from '../../platform/access';
import { isAdministrator } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { forbidden, invalid, notFound, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { parseSort } from '../../platform/http';
import { listingRow } from './listings.service';
import { insertContract } from './contracts.service';
import * as repo from './auctions.repository';
import * as listingsRepo from './listings.repository';
import * as contractsRepo from './contracts.repository';
import * as openLicencesRepo from './open-licences.repository';

const AUCTION = { zh: '拍卖', en: 'auction' };
const nowIso = (deps: Deps) => isoNow(deps.clock);
export const MAX_AUCTION_DAYS = 90;

export interface AuctionInput {
  listingId: number;
  kind: 'assignment' | 'licence';
  exclusive?: boolean;
  startPriceFen: number;
  incrementFen: number;
  closesAt: string;
  termMonths?: number;
}

type Auction = Selectable<AuctionTable>;
type ListingBrief = Awaited<ReturnType<typeof listingsRepo.briefs>>[number];

function auctionView(
  a: Auction & { winner_name: string | null | undefined },
  listing: ListingBrief | undefined,
  bids: Array<Selectable<AuctionBidTable>> | null,
  actor: Actor | null,
) {
  const label = new Map<number, number>();
  return {
    id: Number(a.id),
    listingId: Number(a.listing_id),
    listingTitle: listing?.title ?? '',
    applicationNo: listing?.application_no ?? null,
    sellerOrgId: Number(a.seller_org_id),
    sellerName: listing?.owner_name ?? '',
    kind: a.kind,
    exclusive: Boolean(Number(a.exclusive)),
    startPriceFen: Number(a.start_price_fen),
    incrementFen: Number(a.increment_fen),
    closesAt: a.closes_at,
    status: a.status,
    bestFen: a.best_fen === null ? null : Number(a.best_fen),
    minimumNextFen: a.best_fen === null ? Number(a.start_price_fen) : Number(a.best_fen) + Number(a.increment_fen),
    bidCount: Number(a.bid_count),
    leading: actor ? a.best_org_id !== null && Number(a.best_org_id) === actor.organizationId : false,
    contractId: a.contract_id === null ? null : Number(a.contract_id),
    winnerName: a.status === 'closed' && a.winner_name ? a.winner_name : null,
    createdAt: a.created_at,
    // Bidders are shown as numbers (竞买人 1, 2, …) in the order they first bid; one's own bids are marked.
    bids: bids
      ? bids
          .map((b) => {
            const org = Number(b.bidder_org_id);
            if (!label.has(org)) label.set(org, label.size + 1);
            return {
              id: Number(b.id),
              bidder: label.get(org)!,
              mine: actor ? org === actor.organizationId : false,
              amountFen: Number(b.amount_fen),
              createdAt: b.created_at,
            };
          })
          .reverse()
      : undefined,
  };
}

/** Closes auctions past their deadline: the best bidder gets a contract proposed by the seller. */
export async function closeDue(deps: Deps) {
  const at = nowIso(deps);
  const due = await repo.dueToClose(deps.db.db, at, 100);
  for (const { id } of due) {
    await inTransaction(deps, async (trx) => {
      if (!(await repo.closeIfDue(trx, id, at))) return;
      const a = await repo.getById(trx, id);
      let contractId: number | null = null;
      if (a.best_org_id !== null) {
        const seller = await repo.user(trx, a.created_by!);
        const org = await repo.organization(trx, a.seller_org_id);
        const actor = { userId: Number(seller.id), username: seller.username, organizationJurisdiction: org.jurisdiction_code } as Actor;
        contractId = await insertContract(trx, deps, at, actor, {
          listing_id: Number(a.listing_id),
          via: 'auction',
          auction_id: Number(a.id),
          kind: a.kind,
          exclusive: a.kind === 'assignment' ? 1 : Number(a.exclusive),
          licensor_org_id: Number(a.seller_org_id),
          licensee_org_id: Number(a.best_org_id),
          proposed_by_org_id: Number(a.seller_org_id),
          price_fen: Number(a.best_fen),
          payment_mode: 'lump_sum',
          term_months: 120,
          terms: `拍卖（第 ${a.id} 号）成交价 ${(Number(a.best_fen) / 100).toFixed(2)} 元`,
          status: 'proposed',
        });
        await repo.setContract(trx, id, contractId);
      }
      await recordAudit(trx, deps.db.helpers, at, {
        actor: null,
        action: 'auction.close',
        entityType: 'auction',
        entityId: Number(id),
        jurisdictionCode: null,
        change: { bestFen: a.best_fen, winnerOrgId: a.best_org_id, contractId },
      });
    });
  }
}

async function views(deps: Deps, rows: Auction[], actor: Actor | null, withBids: boolean) {
  if (!rows.length) return [];
  const listings = await listingsRepo.briefs(
    deps.db.db,
    rows.map((r) => Number(r.listing_id)),
  );
  const winners = await repo.organizationNames(
    deps.db.db,
    rows.filter((r) => r.best_org_id !== null).map((r) => Number(r.best_org_id)),
  );
  const wName = new Map(winners.map((w) => [Number(w.id), w.name]));
  const lById = new Map(listings.map((l) => [Number(l.id), l]));
  const bids = withBids
    ? await repo.bidsOf(
        deps.db.db,
        rows.map((r) => Number(r.id)),
      )
    : [];
  return rows.map((a) =>
    auctionView(
      { ...a, winner_name: a.best_org_id !== null ? wName.get(Number(a.best_org_id)) : null },
      lById.get(Number(a.listing_id)),
      withBids ? bids.filter((b) => Number(b.auction_id) === Number(a.id)) : null,
      actor,
    ),
  );
}

export interface AuctionQuery {
  status?: string;
  listingId?: number;
  mine?: boolean;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export async function listAuctions(deps: Deps, actor: Actor | null, q: AuctionQuery) {
  await closeDue(deps);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { closesAt: 'closes_at', createdAt: 'created_at', best: 'best_fen' } as const, 'closesAt');
  const filter = { status: q.status, listingId: q.listingId, sellerOrgId: q.mine && actor ? actor.organizationId : undefined };
  const { rows, total } = await repo.list(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await views(deps, rows, actor, false), total, page, pageSize };
}

export async function getAuction(deps: Deps, actor: Actor | null, id: number) {
  await closeDue(deps);
  const a = await repo.findById(deps.db.db, id);
  if (!a) throw notFound(AUCTION, id);
  return (await views(deps, [a], actor, true))[0];
}

export async function createAuction(deps: Deps, actor: Actor, input: AuctionInput) {
  const at = nowIso(deps);
  const closes = Date.parse(input.closesAt);
  const p: Array<{ field: string; code: string }> = [];
  if (Number.isNaN(closes) || closes <= Date.parse(at) + 60_000) p.push({ field: 'body:/closesAt', code: 'date-in-past' });
  else if (closes > Date.parse(at) + MAX_AUCTION_DAYS * 86_400_000) p.push({ field: 'body:/closesAt', code: 'value-invalid' });
  if (input.incrementFen <= 0) p.push({ field: 'body:/incrementFen', code: 'value-invalid' });
  if (input.startPriceFen <= 0) p.push({ field: 'body:/startPriceFen', code: 'value-invalid' });
  if (p.length) throw invalid(p);
  const id = await inTransaction(deps, async (trx) => {
    const l = await listingRow(trx, input.listingId);
    if (!l || l.kind !== 'result' || l.status !== 'published') throw notFound({ zh: '科技成果', en: 'result' }, input.listingId);
    if (!(actor.role === 'org_admin' && Number(l.owner_org_id) === actor.organizationId))
      throw forbidden({ zh: '由成果所属机构的管理员发起拍卖', en: 'an admin of the owning organisation starts an auction' });
    const open = await repo.openForListing(trx, l.id);
    if (open) throw ruleError('auction-exists', '该成果已有进行中的拍卖', 'this result is already being auctioned', { auctionId: Number(open.id) });
    if (input.kind === 'assignment' || input.exclusive) {
      const ex = await contractsRepo.exclusiveInForce(trx, l.id);
      if (ex)
        throw ruleError('exclusive-licence-in-force', '已有有效的独占许可或转让合同', 'an exclusive licence or assignment is in force', {
          contractId: Number(ex.id),
        });
      const ol = await openLicencesRepo.activeForListing(trx, l.id);
      if (ol)
        throw ruleError(
          'exclusive-while-open-licence',
          '开放许可实施期间不能转让或独占许可',
          'no assignment or exclusive licence while an open licence is declared',
        );
    }
    const row = {
      listing_id: Number(l.id),
      seller_org_id: actor.organizationId,
      kind: input.kind,
      exclusive: input.exclusive ? 1 : 0,
      start_price_fen: input.startPriceFen,
      increment_fen: input.incrementFen,
      closes_at: new Date(closes).toISOString(),
      status: 'open',
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    };
    const id = Number((await repo.insert(trx, row)).id);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'auction.create',
      entityType: 'auction',
      entityId: id,
      jurisdictionCode: l.jurisdiction_code,
      change: row,
    });
    return id;
  });
  return getAuction(deps, actor, id);
}

export async function placeBid(deps: Deps, actor: Actor, id: number, input: { amountFen: number }) {
  if (isAdministrator(actor) || actor.role !== 'org_admin') throw forbidden({ zh: '由竞买机构的管理员出价', en: 'an admin of the bidding organisation bids' });
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const a = await repo.findById(trx, id);
    if (!a) throw notFound(AUCTION, id);
    if (Number(a.seller_org_id) === actor.organizationId) throw ruleError('own-auction', '不能对本机构的拍卖出价', 'you cannot bid in your own auction');
    await assertNoIntegrityBar(trx, { organizationId: actor.organizationId, userId: actor.userId }, 'bid', at);
    // The one check that counts, atomic with the write: the row changes only if the bid is still good.
    const amount = input.amountFen;
    if (!(await repo.acceptBid(trx, id, { amountFen: amount, orgId: actor.organizationId, incrementFen: Number(a.increment_fen), at }))) {
      const now = await repo.getById(trx, id);
      if (now.status !== 'open' || now.closes_at <= at)
        throw ruleError('auction-closed', '拍卖已截止，不再接受出价', 'the auction has closed', { state: 'closed', closesAt: now.closes_at });
      const min = now.best_fen === null ? Number(now.start_price_fen) : Number(now.best_fen) + Number(now.increment_fen);
      throw ruleError('bid-too-low', `出价须不低于 ${(min / 100).toFixed(2)} 元`, `a bid must be at least ${(min / 100).toFixed(2)} yuan`, {
        minimumFen: min,
        bestFen: now.best_fen === null ? null : Number(now.best_fen),
      });
    }
    const bid = await repo.insertBid(trx, {
      auction_id: id,
      bidder_org_id: actor.organizationId,
      bidder_user_id: actor.userId,
      amount_fen: amount,
      created_at: at,
    });
    await repo.setBestBid(trx, id, Number(bid.id));
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'auction.bid',
      entityType: 'auction',
      entityId: id,
      jurisdictionCode: actor.organizationJurisdiction,
      change: { amountFen: amount, bidId: Number(bid.id) },
    });
  });
  return getAuction(deps, actor, id);
}
