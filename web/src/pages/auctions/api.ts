// Typed calls for ascending auctions of results (/api/auctions): bidders are shown by number, one's
// own bids marked; at the close the best bidder gets a contract the seller proposes.
import { http, type Page, type Query } from '../../app/api';

export const AUCTION_STATUSES = ['open', 'closed', 'cancelled'] as const;
/** How far ahead an auction may close (auctions.service.ts MAX_AUCTION_DAYS). */
export const MAX_AUCTION_DAYS = 90;

export interface Bid {
  id: number;
  /** 竞买人 1, 2, … in the order organisations first bid. */
  bidder: number;
  mine: boolean;
  amountFen: number;
  createdAt: string;
}

export interface Auction {
  id: number;
  listingId: number;
  listingTitle: string;
  applicationNo: string | null;
  sellerOrgId: number;
  sellerName: string;
  kind: 'assignment' | 'licence';
  exclusive: boolean;
  startPriceFen: number;
  incrementFen: number;
  closesAt: string;
  status: string;
  bestFen: number | null;
  minimumNextFen: number;
  bidCount: number;
  leading: boolean;
  contractId: number | null;
  winnerName: string | null;
  createdAt: string;
  /** Newest first (detail only). */
  bids?: Bid[];
}

export interface AuctionQuery extends Query {
  status?: string;
  listingId?: number;
  mine?: boolean;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface AuctionInput {
  listingId: number;
  kind: 'assignment' | 'licence';
  exclusive?: boolean;
  startPriceFen: number;
  incrementFen: number;
  closesAt: string;
}

export const auctionsApi = {
  list: (q: AuctionQuery, signal?: AbortSignal) => http.get<Page<Auction>>('/auctions', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Auction>(`/auctions/${id}`, undefined, signal),
  create: (body: AuctionInput) => http.post<Auction>('/auctions', body),
  bid: (id: number, amountFen: number) => http.post<Auction>(`/auctions/${id}/bids`, { amountFen }),
};
