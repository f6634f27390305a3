// Typed calls for the transfer module (server/modules/transfer, the technology market 技术市场,
// docs/transfer-api.md): search of results and demands with facets and highlights, one listing,
// posting and changing listings, matching, open patent licences (declare, accept, withdraw);
// licence and assignment contracts (use first and pay later included), risk-compensation pools,
// ascending auctions, and the import other markets send. Money is integer fen, times ISO-8601 UTC
// (server/modules/transfer/transfer.routes.ts is the contract).
import { http, type Page } from '../app/api';
import type { BodyOf, ItemOf, QueryOf, ResponseOf, TextQuery } from './types';

// --- Listings: results and demands, matching, open licences --------------------------------------

export const RESULT_TYPES = [
  'invention',
  'utility_model',
  'design',
  'software',
  'know_how',
  'plant_variety',
] as const satisfies readonly ResultInput['resultType'][];
export const PATENT_TYPES: readonly string[] = ['invention', 'utility_model', 'design'];
export const TRANSFER_MODES = ['assignment', 'licence', 'equity', 'joint_development'] as const satisfies NonNullable<ResultInput['transferModes']>;
export const INVENTOR_RIGHTS = ['ownership_share', 'long_term_use', 'income_share'] as const;
export const PAYMENT_METHODS = ['one_off', 'royalty', 'entry_royalty', 'free'] as const satisfies readonly DeclarationInput['paymentMethod'][];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const LISTING_STATUSES = ['draft', 'published', 'withdrawn'] as const;
/** Royalty of an open licence: at most 20 % of net sales. */
export const MAX_ROYALTY_PCT = 20;
export const RESULT_SORTS = ['relevance', 'newest', '-price', 'price', '-trl', 'trl', 'title'] as const;
export const DEMAND_SORTS = ['relevance', 'newest', '-price', 'price', 'deadline', 'title'] as const;
export const OPEN_LICENCE_SORTS = ['-declaredAt', 'declaredAt', 'fee', '-fee', 'royalty', '-royalty'] as const;
export const TRL_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
/** GB/T 13745 codes: 3, 5 or 7 digits. */
export const FIELD_RE = /^\d{3}(\d{2}(\d{2})?)?$/;
/** IPC symbols: a subclass (H01M) or a group (G06F 16/33). */
export const IPC_RE = /^[A-Ha-h]\d{2}[A-Za-z](\s*\d{1,4}\s*\/\s*\d{1,6})?$/;

export type Legal = NonNullable<Listing['legal']>;
export type OpenLicenceBrief = NonNullable<Listing['openLicence']>;
export type Listing = ItemOf<'/api/results'>;
export type Facet = ResultSearch['facets']['jurisdiction'][number];
export type ResultSearch = ResponseOf<'/api/results'>;
export type DemandSearch = ResponseOf<'/api/demands'>;
/** Either search, read alike. */
export type ListingSearch = Omit<ResultSearch, 'facets'> & { facets: Partial<Record<string, Facet[]>> };
export type ListingQuery = TextQuery<QueryOf<'/api/results'>> & TextQuery<QueryOf<'/api/demands'>>;
export type ResultInput = BodyOf<'/api/results'>;
export type DemandInput = BodyOf<'/api/demands'>;
export type MatchReason = ListingMatch['reason'];
export type ListingMatch = ResultMatches['demands'][number];

export type Expert = DemandMatches['experts'][number]['item'];
export type DemandMatches = ResponseOf<'/api/demands/{id}/matches'>;
export type ResultMatches = ResponseOf<'/api/results/{id}/matches'>;
export type OpenLicence = ItemOf<'/api/open-licences'>;
export type OpenLicenceQuery = TextQuery<QueryOf<'/api/open-licences'>>;
export type DeclarationInput = BodyOf<'/api/open-licences'>;
/** A source of imported listings this organisation accepted being named as owner by. */
export type SourceLink = ItemOf<'/api/imports/source-links'>;

export const marketApi = {
  sourceLinks: (signal?: AbortSignal) => http.get<{ items: SourceLink[] }>('/imports/source-links', undefined, signal),
  acceptSource: (source: string) => http.post<SourceLink>('/imports/source-links', { source }),
  withdrawSource: (source: string) => http.del(`/imports/source-links/${encodeURIComponent(source)}`),
  results: (q: ListingQuery, signal?: AbortSignal) => http.get<ResultSearch>('/results', q, signal),
  demands: (q: ListingQuery, signal?: AbortSignal) => http.get<DemandSearch>('/demands', q, signal),
  result: (id: number, signal?: AbortSignal) => http.get<Listing>(`/results/${id}`, undefined, signal),
  demand: (id: number, signal?: AbortSignal) => http.get<Listing>(`/demands/${id}`, undefined, signal),
  createResult: (body: ResultInput) => http.post<Listing>('/results', body),
  createDemand: (body: DemandInput) => http.post<Listing>('/demands', body),
  updateResult: (id: number, body: Partial<ResultInput>) => http.patch<Listing>(`/results/${id}`, body),
  updateDemand: (id: number, body: Partial<DemandInput>) => http.patch<Listing>(`/demands/${id}`, body),
  demandMatches: (id: number, signal?: AbortSignal) => http.get<DemandMatches>(`/demands/${id}/matches`, { limit: 20 }, signal),
  resultMatches: (id: number, signal?: AbortSignal) => http.get<ResultMatches>(`/results/${id}/matches`, { limit: 20 }, signal),
  openLicences: (q: OpenLicenceQuery, signal?: AbortSignal) => http.get<Page<OpenLicence>>('/open-licences', q, signal),
  openLicence: (id: number, signal?: AbortSignal) => http.get<OpenLicence>(`/open-licences/${id}`, undefined, signal),
  declare: (body: DeclarationInput) => http.post<OpenLicence>('/open-licences', body),
  withdrawDeclaration: (id: number, reason: string) => http.post<OpenLicence>(`/open-licences/${id}/withdrawal`, { reason }),
  accept: (id: number, note?: string) => http.post<ContractDetail>(`/open-licences/${id}/acceptances`, note ? { note } : {}),
  contracts: (q: ContractQuery, signal?: AbortSignal) => http.get<Page<Contract>>('/contracts', q, signal),
  contract: (id: number, signal?: AbortSignal) => http.get<ContractDetail>(`/contracts/${id}`, undefined, signal),
};

// --- Contracts, risk pools, imports ---------------------------------------------------------------

export const PAYMENT_MODES = ['lump_sum', 'deferred', 'instalments', 'revenue_share'] as const satisfies readonly ContractInput['paymentMode'][];
export type PaymentMode = (typeof PAYMENT_MODES)[number];
export const CONTRACT_STATUSES = ['proposed', 'active', 'completed', 'defaulted', 'terminated', 'cancelled'] as const;
export const CONTRACT_KINDS = ['licence', 'assignment'] as const satisfies readonly ContractInput['kind'][];
export type ContractKind = (typeof CONTRACT_KINDS)[number];

/** Server rules (licensing.service.ts): the grace after which a default may be declared, reminder lead, payment days. */
export const DEFAULT_GRACE_DAYS = 30;
export const REMIND_DAYS = 7;
export const PAYMENT_DAYS = 30;
/** A revenue share above 50 % is refused. */
export const MAX_REVENUE_SHARE_BP = 5000;

export type Contract = ItemOf<'/api/contracts'>;
export type Instalment = ContractDetail['instalments'][number];

export type Licence = NonNullable<ContractDetail['licence']>;
export type ContractDetail = ResponseOf<'/api/contracts/{id}'>;
export type ContractQuery = TextQuery<QueryOf<'/api/contracts'>>;
export type ContractInput = BodyOf<'/api/contracts'>;
export type Pool = ItemOf<'/api/risk-pools'>;
export type PoolMovement = PoolDetail['movements'][number];
export type PoolDetail = ResponseOf<'/api/risk-pools/{id}'>;
export type PoolInput = BodyOf<'/api/risk-pools'>;
/** What the deal pages need of a result (GET /api/results, /api/results/:id). */
export type ResultBrief = Listing;

export type ImportResult = ResponseOf<'/api/imports/listings', 'post'>;

export const contractsApi = {
  list: (q: ContractQuery, signal?: AbortSignal) => http.get<Page<Contract>>('/contracts', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<ContractDetail>(`/contracts/${id}`, undefined, signal),
  propose: (body: ContractInput) => http.post<ContractDetail>('/contracts', body),
  sign: (id: number) => http.post<ContractDetail>(`/contracts/${id}/signature`),
  cancel: (id: number) => http.post<ContractDetail>(`/contracts/${id}/cancellation`),
  pay: (id: number, body: { amountFen: number; instalmentId?: number; reference?: string }) => http.post<ContractDetail>(`/contracts/${id}/payments`, body),
  reportRevenue: (id: number, body: { period: string; revenueFen: number; note?: string }) =>
    http.post<ContractDetail>(`/contracts/${id}/revenue-reports`, body),
  declareDefault: (id: number, note: string) => http.post<ContractDetail>(`/contracts/${id}/default`, { note }),
};

export const poolsApi = {
  list: (q: { jurisdiction?: string; status?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    http.get<Page<Pool>>('/risk-pools', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<PoolDetail>(`/risk-pools/${id}`, undefined, signal),
  create: (body: PoolInput) => http.post<PoolDetail>('/risk-pools', body),
  fund: (id: number, body: { amountFen: number; note?: string }) => http.post<PoolDetail>(`/risk-pools/${id}/funding`, body),
};

export const resultsApi = {
  search: (q: { q?: string; mine?: boolean; page?: number; pageSize?: number }, signal?: AbortSignal) => http.get<Page<ResultBrief>>('/results', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<ResultBrief>(`/results/${id}`, undefined, signal),
};

export type ImportSource = ItemOf<'/api/imports/sources'>;

export const importsApi = {
  listings: (body: { source: string; listings: unknown[] }) => http.post<ImportResult>('/imports/listings', body),
  sources: (signal?: AbortSignal) => http.get<{ items: ImportSource[] }>('/imports/sources', undefined, signal),
  registerSource: (source: string) => http.post<ImportSource>('/imports/sources', { source }),
};

// --- Auctions: bidders are shown by number, one's own bids marked; at the close the best bidder gets
// a contract the seller proposes. ---------------------------------------------------------------

export const AUCTION_STATUSES = ['open', 'closed', 'cancelled'] as const;
/** How far ahead an auction may close (auctions.service.ts MAX_AUCTION_DAYS). */
export const MAX_AUCTION_DAYS = 90;

export type Bid = NonNullable<Auction['bids']>[number];
export type Auction = ResponseOf<'/api/auctions/{id}'>;
export type AuctionQuery = TextQuery<QueryOf<'/api/auctions'>>;
export type AuctionInput = BodyOf<'/api/auctions'>;

export const auctionsApi = {
  list: (q: AuctionQuery, signal?: AbortSignal) => http.get<Page<Auction>>('/auctions', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Auction>(`/auctions/${id}`, undefined, signal),
  create: (body: AuctionInput) => http.post<Auction>('/auctions', body),
  bid: (id: number, amountFen: number) => http.post<Auction>(`/auctions/${id}/bids`, { amountFen }),
};
