// Typed calls for the technology market (技术市场, docs/transfer-api.md): search of results and
// demands with facets and highlights, one listing, posting and changing listings, matching,
// open patent licences (declare, accept, withdraw) and the contracts of one's organisation.
// Money is integer fen, times ISO-8601 UTC.
import { http, type Page, type Query } from '../../app/api';

export const RESULT_TYPES = ['invention', 'utility_model', 'design', 'software', 'know_how', 'plant_variety'] as const;
export const PATENT_TYPES: readonly string[] = ['invention', 'utility_model', 'design'];
export const TRANSFER_MODES = ['assignment', 'licence', 'equity', 'joint_development'] as const;
export const INVENTOR_RIGHTS = ['ownership_share', 'long_term_use', 'income_share'] as const;
export const PAYMENT_METHODS = ['one_off', 'royalty', 'entry_royalty', 'free'] as const;
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

export interface Segment {
  text: string;
  match: boolean;
}

export interface InventorRights {
  kind: (typeof INVENTOR_RIGHTS)[number] | string;
  shares: Array<{ name: string; bp: number }>;
  note?: string;
}

export interface Legal {
  exclusiveLicence: boolean;
  pledged: boolean;
  pledgeeConsent: boolean;
  annualFeePaid: boolean;
  ownershipDisputed: boolean;
  evaluationReport: string | null;
}

export interface OpenLicenceBrief {
  id: number;
  paymentMethod: string;
  feeFen: number;
  royaltyBp: number;
  termMonths: number;
  declaredAt: string;
}

export interface Listing {
  id: number;
  kind: 'result' | 'demand';
  status: string;
  title: string;
  indicators: string;
  keywords: string[];
  fields: string[];
  ipc: string[];
  jurisdictionCode: string;
  ownerOrgId: number | null;
  ownerName: string;
  source: string;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  score?: number;
  highlights?: { title: Segment[]; body: Segment[] };
  // results
  summary?: string;
  resultType?: string;
  applicationNo?: string | null;
  patentStatus?: string | null;
  trl?: number | null;
  transferModes?: string[];
  askingPriceFen?: number | null;
  askingTerms?: string;
  inventors?: string[];
  jobRelated?: boolean;
  inventorRights?: InventorRights | null;
  legal?: Legal;
  openLicence?: OpenLicenceBrief | null;
  // demands
  problem?: string;
  budgetFen?: number | null;
  deadline?: string | null;
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchPage<F extends string> extends Page<Listing> {
  query: { words: string[]; matchMode: 'all' | 'any' | null };
  /** The total is an estimate (more than 5 000 postings of the rarest word, narrowed). */
  totalApproximate: boolean;
  /** The facet counts are estimates (from the newest 5 000). */
  facetsApproximate: boolean;
  facets: Record<F, Facet[]>;
}
/** Either search, read alike. */
export type ListingSearch = Page<Listing> & { query: SearchPage<string>['query']; totalApproximate: boolean; facetsApproximate: boolean; facets: Partial<Record<string, Facet[]>> };
export type ResultFacet = 'resultType' | 'jurisdiction' | 'ipc' | 'trl';
export type DemandFacet = 'jurisdiction' | 'field';

export interface ListingQuery extends Query {
  q?: string;
  jurisdiction?: string;
  ipc?: string;
  field?: string;
  priceMin?: number;
  priceMax?: number;
  ownerOrgId?: number;
  mine?: boolean;
  status?: string;
  source?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
  facets?: boolean;
  // results only
  resultType?: string;
  trlMin?: number;
  openLicence?: boolean;
  transferMode?: string;
}

export interface ResultInput {
  title: string;
  summary: string;
  indicators?: string;
  keywords?: string[];
  fields?: string[];
  ipc?: string[];
  resultType: string;
  applicationNo?: string | null;
  patentStatus?: 'pending' | 'granted' | null;
  trl?: number | null;
  transferModes?: string[];
  askingPriceFen?: number | null;
  askingTerms?: string;
  inventors?: string[];
  jobRelated?: boolean;
  inventorRights?: InventorRights | null;
  legal?: Partial<Legal>;
  status?: 'draft' | 'published' | 'withdrawn';
}

export interface DemandInput {
  title: string;
  problem: string;
  indicators?: string;
  keywords?: string[];
  fields?: string[];
  ipc?: string[];
  budgetFen?: number | null;
  deadline?: string | null;
  status?: 'draft' | 'published' | 'withdrawn';
}

export interface MatchReason {
  sharedTerms: string[];
  sharedFields: string[];
  sharedIpc?: string[];
  trl?: number | null;
  sameJurisdiction: boolean;
  parts?: { lexical: number; field: number; ipc: number; maturity: number; region: number };
}

export interface ListingMatch {
  listing: Listing;
  score: number;
  reason: MatchReason;
}

export interface Institution {
  providerId: number;
  organizationId: number;
  name: string;
  jurisdictionCode: string;
  categories: string[];
  description: string;
  products: Array<{ id: number; name: string; category: string; description: string; unit: string; priceFen: number }>;
}

export interface Expert {
  userId: number;
  name: string;
  organizationId: number;
  organizationName: string;
  jurisdictionCode: string;
  title: string;
  disciplines: string[];
  keywords: string[];
  availability: string;
}

export interface DemandMatches {
  demandId: number;
  query: string[];
  results: ListingMatch[];
  institutions: Array<{ item: Institution; score: number; reason: MatchReason }>;
  experts: Array<{ item: Expert; score: number; reason: MatchReason }>;
}

export interface ResultMatches {
  resultId: number;
  query: string[];
  demands: ListingMatch[];
}

export interface OpenLicence {
  id: number;
  listingId: number;
  status: 'active' | 'withdrawn' | string;
  paymentMethod: string;
  feeFen: number;
  royaltyBp: number;
  termMonths: number;
  statement: string;
  declaredAt: string;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  licensees: number;
  patent: {
    id: number;
    title: string;
    applicationNo: string | null;
    resultType: string;
    ownerName: string;
    ownerOrgId: number | null;
    jurisdictionCode: string;
    ipc: string[];
  } | null;
}

export interface OpenLicenceQuery extends Query {
  status?: 'active' | 'withdrawn';
  listingId?: number;
  ownerOrgId?: number;
  paymentMethod?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface DeclarationInput {
  listingId: number;
  paymentMethod: PaymentMethod;
  feeFen?: number;
  royaltyBp?: number;
  termMonths: number;
  statement?: string;
}

/** A contract as lists show it (the contract pages have the rest). */
export interface ContractSummary {
  id: number;
  contractNo: string;
  listingId: number;
  listingTitle: string;
  applicationNo: string | null;
  via: string;
  kind: string;
  exclusive: boolean;
  licensorOrgId: number;
  licensorName: string;
  licenseeOrgId: number;
  licenseeName: string;
  openLicenceId: number | null;
  priceFen: number;
  paymentMode: string;
  revenueShareBp: number;
  termMonths: number;
  status: string;
  signedAt: string | null;
  startsAt: string | null;
  endsAt: string | null;
  totalDueFen: number;
  paidFen: number;
  compensatedFen: number;
  outstandingFen: number;
  nextDue: { instalmentId: number; label: string; dueAt: string | null; amountFen: number; status: string } | null;
  overdue: boolean;
  createdAt: string;
}

export interface ContractDetail extends ContractSummary {
  licence: { id: number; recordNo: string; exclusive: boolean; status: string; startsAt: string; endsAt: string } | null;
  myRole: string | null;
}

export interface ContractQuery extends Query {
  role?: 'licensor' | 'licensee';
  status?: string;
  listingId?: number;
  paymentMode?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

/** A source of imported listings this organisation accepted being named as owner by. */
export interface SourceLink {
  source: string;
  acceptedAt: string;
  ownerOrganizationName: string | null;
  ownerJurisdiction: string | null;
}

export const marketApi = {
  sourceLinks: (signal?: AbortSignal) => http.get<{ items: SourceLink[] }>('/imports/source-links', undefined, signal),
  acceptSource: (source: string) => http.post<SourceLink>('/imports/source-links', { source }),
  withdrawSource: (source: string) => http.del(`/imports/source-links/${encodeURIComponent(source)}`),
  results: (q: ListingQuery, signal?: AbortSignal) => http.get<SearchPage<ResultFacet>>('/results', q, signal),
  demands: (q: ListingQuery, signal?: AbortSignal) => http.get<SearchPage<DemandFacet>>('/demands', q, signal),
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
  contracts: (q: ContractQuery, signal?: AbortSignal) => http.get<Page<ContractSummary>>('/contracts', q, signal),
  contract: (id: number, signal?: AbortSignal) => http.get<ContractDetail>(`/contracts/${id}`, undefined, signal),
};
