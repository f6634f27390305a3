// HTTP routes of the technology market (Decision art. 8): results, demands, matching, open patent
// licences, contracts (use first, pay later included), risk pools, auctions, the import other
// markets send and the incremental feed they read. API contract: docs/transfer-api.md.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TOptional, type TSchema } from 'typebox';
import type { Deps } from '../../platform/deps';
import { Nullable, OneOf, Page, problemResponses, requireActor, sendPublicView } from '../../platform/http';
import { DateOnly, DateTime, Fen, Id, IdParams, Obj, PageQuery, Period, Text } from '../../platform/schemas';
import { JURISDICTION_CODES } from '../../platform/access';
import * as listings from './listings.service';
import * as publicViews from './listings.public';
import { searchLimits } from './listings.repository';
import * as matching from './matching';
import * as openLicences from './open-licences.service';
import * as contracts from './contracts.service';
import * as pools from './risk-pools.service';
import * as auctions from './auctions.service';
import * as imports from './imports.service';

const List = (max: number, item = Text(100, 1)) => Type.Array(item, { maxItems: max });
const Discipline = Type.String({ pattern: '^\\d{3}(\\d{2}(\\d{2})?)?$', description: 'GB/T 13745 code: 3, 5 or 7 digits' });

const Highlight = Type.Array(Type.Object({ text: Type.String(), match: Type.Boolean() }));
const InventorRights = Obj({
  kind: OneOf(listings.INVENTOR_RIGHTS),
  shares: Type.Array(Obj({ name: Text(50, 1), bp: Type.Integer({ minimum: 0, maximum: 10000 }) }), { maxItems: 30 }),
  note: Type.Optional(Text(500)),
});
const Legal = Obj({
  exclusiveLicence: Type.Optional(Type.Boolean()),
  pledged: Type.Optional(Type.Boolean()),
  pledgeeConsent: Type.Optional(Type.Boolean()),
  annualFeePaid: Type.Optional(Type.Boolean()),
  ownershipDisputed: Type.Optional(Type.Boolean()),
  evaluationReport: Type.Optional(Nullable(Text(300))),
});
const OpenLicenceBrief = Type.Object({
  id: Type.Integer(),
  paymentMethod: Type.String(),
  feeFen: Type.Integer(),
  royaltyBp: Type.Integer(),
  termMonths: Type.Integer(),
  declaredAt: Type.String(),
});

const ListingOut = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'result | demand' }),
  status: Type.String(),
  title: Type.String(),
  indicators: Type.String(),
  keywords: Type.Array(Type.String()),
  fields: Type.Array(Type.String()),
  ipc: Type.Array(Type.String()),
  jurisdictionCode: Type.String(),
  ownerOrgId: Nullable(Type.Integer()),
  ownerName: Type.String(),
  source: Type.String(),
  externalId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  publishedAt: Nullable(Type.String()),
  pricePublic: Type.Optional(Type.Boolean({ description: 'the owner shows the price to visitors who are not signed in' })),
  score: Type.Optional(Type.Number()),
  highlights: Type.Optional(Type.Object({ title: Highlight, body: Highlight })),
  deleted: Type.Optional(Type.Boolean({ description: 'feed only: no longer published (withdrawn)' })),
  // results
  summary: Type.Optional(Type.String()),
  resultType: Type.Optional(Type.String()),
  applicationNo: Type.Optional(Nullable(Type.String())),
  patentStatus: Type.Optional(Nullable(Type.String())),
  trl: Type.Optional(Nullable(Type.Integer())),
  transferModes: Type.Optional(Type.Array(Type.String())),
  askingPriceFen: Type.Optional(Nullable(Type.Integer())),
  askingTerms: Type.Optional(Type.String()),
  inventors: Type.Optional(Type.Array(Type.String())),
  jobRelated: Type.Optional(Type.Boolean()),
  inventorRights: Type.Optional(
    Nullable(
      Type.Object({ kind: Type.String(), shares: Type.Array(Type.Object({ name: Type.String(), bp: Type.Integer() })), note: Type.Optional(Type.String()) }),
    ),
  ),
  legal: Type.Optional(
    Type.Object({
      exclusiveLicence: Type.Boolean(),
      pledged: Type.Boolean(),
      pledgeeConsent: Type.Boolean(),
      annualFeePaid: Type.Boolean(),
      ownershipDisputed: Type.Boolean(),
      evaluationReport: Nullable(Type.String()),
    }),
  ),
  openLicence: Type.Optional(Nullable(OpenLicenceBrief)),
  // demands
  problem: Type.Optional(Type.String()),
  budgetFen: Type.Optional(Nullable(Type.Integer())),
  deadline: Type.Optional(Nullable(Type.String())),
});
const Facet = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }), {
  description: 'Counts over every match; estimated when facetsApproximate is true',
});
const SearchOut = (facets: Record<string, TSchema>) =>
  Type.Object({
    items: Type.Array(ListingOut),
    total: Type.Integer(),
    totalApproximate: Type.Boolean({
      description: `true when the total is estimated: the rarest word is in more than ${searchLimits.exactLimit} listings (browsing: more than ${searchLimits.exactLimit} are published) and words or filters narrow them; counted from the newest ${searchLimits.exactLimit}`,
    }),
    facetsApproximate: Type.Boolean({ description: 'true when the facet counts are estimated from that sample (also when the total is exact)' }),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    query: Type.Object({ words: Type.Array(Type.String()), matchMode: Nullable(Type.String({ description: 'all | any' })) }),
    facets: Type.Object(facets),
  });

const ResultFields = {
  title: Text(300, 1),
  summary: Text(5000, 1),
  indicators: Type.Optional(Text(3000)),
  keywords: Type.Optional(List(20, Text(50, 1))),
  fields: Type.Optional(Type.Array(Discipline, { maxItems: 5 })),
  ipc: Type.Optional(List(10, Text(20, 1))),
  resultType: OneOf(listings.RESULT_TYPES),
  applicationNo: Type.Optional(Nullable(Text(30))),
  patentStatus: Type.Optional(Nullable(OneOf(['pending', 'granted']))),
  trl: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 9 }))),
  transferModes: Type.Optional(Type.Array(OneOf(listings.TRANSFER_MODES), { maxItems: 4 })),
  askingPriceFen: Type.Optional(Nullable(Fen())),
  askingTerms: Type.Optional(Text(2000)),
  inventors: Type.Optional(List(30, Text(50, 1))),
  jobRelated: Type.Optional(Type.Boolean()),
  inventorRights: Type.Optional(Nullable(InventorRights)),
  legal: Type.Optional(Legal),
  status: Type.Optional(OneOf(['draft', 'published', 'withdrawn'])),
  pricePublic: Type.Optional(Type.Boolean({ description: 'Show the asking price and terms to visitors who are not signed in (default true)' })),
};
const DemandFields = {
  title: Text(300, 1),
  problem: Text(5000, 1),
  indicators: Type.Optional(Text(3000)),
  keywords: Type.Optional(List(20, Text(50, 1))),
  fields: Type.Optional(Type.Array(Discipline, { maxItems: 5 })),
  ipc: Type.Optional(List(10, Text(20, 1))),
  budgetFen: Type.Optional(Nullable(Fen())),
  deadline: Type.Optional(Nullable(DateOnly())),
  status: Type.Optional(OneOf(['draft', 'published', 'withdrawn'])),
  pricePublic: Type.Optional(Type.Boolean({ description: 'Show the budget to visitors who are not signed in (default true)' })),
};
/** Every field optional, at least one present (a PATCH body). */
const partial = <T extends Record<string, TSchema>>(p: T) =>
  Obj(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: TOptional<T[K]> }, { minProperties: 1 });

const Sort = OneOf(['relevance', 'newest', 'price', '-price', 'trl', '-trl', 'deadline', 'title']);
const ListingQuery = {
  ...PageQuery,
  q: Type.Optional(Text(200)),
  jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
  ipc: Type.Optional(Text(20)),
  field: Type.Optional(Type.String({ pattern: '^\\d{3,7}$' })),
  priceMin: Type.Optional(Fen()),
  priceMax: Type.Optional(Fen()),
  ownerOrgId: Type.Optional(Id()),
  mine: Type.Optional(Type.Boolean({ description: 'own organisation’s listings, drafts included' })),
  status: Type.Optional(OneOf(['draft', 'published', 'withdrawn'])),
  source: Type.Optional(Text(64)),
  sort: Type.Optional(Sort),
  facets: Type.Optional(Type.Boolean()),
};

const Reason = Type.Object({
  sharedTerms: Type.Array(Type.String()),
  sharedFields: Type.Array(Type.String()),
  sharedIpc: Type.Optional(Type.Array(Type.String())),
  trl: Type.Optional(Nullable(Type.Integer())),
  sameJurisdiction: Type.Boolean(),
  parts: Type.Optional(Type.Object({ lexical: Type.Number(), field: Type.Number(), ipc: Type.Number(), maturity: Type.Number(), region: Type.Number() })),
});
const ListingMatch = Type.Object({ listing: ListingOut, score: Type.Number(), reason: Reason });
const Institution = Type.Object({
  providerId: Type.Integer(),
  organizationId: Type.Integer(),
  name: Type.String(),
  jurisdictionCode: Type.String(),
  categories: Type.Array(Type.String()),
  description: Type.String(),
  products: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      category: Type.String(),
      description: Type.String(),
      unit: Type.String(),
      priceFen: Type.Integer(),
    }),
  ),
});
const Expert = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  jurisdictionCode: Type.String(),
  title: Type.String(),
  disciplines: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  availability: Type.String(),
});

const OpenLicenceOut = Type.Object({
  id: Type.Integer(),
  listingId: Type.Integer(),
  status: Type.String(),
  paymentMethod: Type.String(),
  feeFen: Type.Integer(),
  royaltyBp: Type.Integer(),
  termMonths: Type.Integer(),
  statement: Type.String(),
  declaredAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
  withdrawalReason: Nullable(Type.String()),
  licensees: Type.Integer(),
  patent: Nullable(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      applicationNo: Nullable(Type.String()),
      resultType: Type.String(),
      ownerName: Type.String(),
      ownerOrgId: Nullable(Type.Integer()),
      jurisdictionCode: Type.String(),
      ipc: Type.Array(Type.String()),
    }),
  ),
});

const ContractProps = {
  id: Type.Integer(),
  contractNo: Type.String(),
  listingId: Type.Integer(),
  listingTitle: Type.String(),
  applicationNo: Nullable(Type.String()),
  via: Type.String(),
  kind: Type.String(),
  exclusive: Type.Boolean(),
  licensorOrgId: Type.Integer(),
  licensorName: Type.String(),
  licensorJurisdiction: Type.String(),
  licenseeOrgId: Type.Integer(),
  licenseeName: Type.String(),
  licenseeJurisdiction: Type.String(),
  proposedByOrgId: Type.Integer(),
  openLicenceId: Nullable(Type.Integer()),
  auctionId: Nullable(Type.Integer()),
  priceFen: Type.Integer(),
  paymentMode: Type.String(),
  deferMonths: Type.Integer(),
  deferUntilRevenue: Type.Boolean(),
  instalmentCount: Type.Integer(),
  intervalMonths: Type.Integer(),
  revenueShareBp: Type.Integer(),
  poolId: Nullable(Type.Integer()),
  poolName: Nullable(Type.String()),
  termMonths: Type.Integer(),
  terms: Type.String(),
  status: Type.String(),
  signedAt: Nullable(Type.String()),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
  defaultedAt: Nullable(Type.String()),
  integrityRecordId: Nullable(Type.Integer()),
  totalDueFen: Type.Integer(),
  paidFen: Type.Integer(),
  compensatedFen: Type.Integer(),
  outstandingFen: Type.Integer(),
  nextDue: Nullable(
    Type.Object({ instalmentId: Type.Integer(), label: Type.String(), dueAt: Nullable(Type.String()), amountFen: Type.Integer(), status: Type.String() }),
  ),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const ContractDetail = Type.Object({
  ...ContractProps,
  instalments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      seq: Type.Integer(),
      label: Type.String(),
      dueAt: Nullable(Type.String()),
      amountFen: Type.Integer(),
      paidFen: Type.Integer(),
      compensatedFen: Type.Integer(),
      status: Type.String(),
      remindedAt: Nullable(Type.String()),
      overdueAt: Nullable(Type.String()),
    }),
  ),
  payments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      instalmentId: Type.Integer(),
      amountFen: Type.Integer(),
      kind: Type.String(),
      reference: Type.String(),
      createdAt: Type.String(),
    }),
  ),
  revenueReports: Type.Array(
    Type.Object({
      id: Type.Integer(),
      period: Type.String(),
      revenueFen: Type.Integer(),
      royaltyFen: Type.Integer(),
      note: Type.String(),
      createdAt: Type.String(),
    }),
  ),
  reminders: Type.Array(Type.Object({ id: Type.Integer(), instalmentId: Type.Integer(), kind: Type.String(), createdAt: Type.String() })),
  licence: Nullable(
    Type.Object({
      id: Type.Integer(),
      recordNo: Type.String(),
      exclusive: Type.Boolean(),
      status: Type.String(),
      startsAt: Type.String(),
      endsAt: Type.String(),
    }),
  ),
  listing: Nullable(ListingOut),
  myRole: Nullable(Type.String({ description: 'licensor | licensee' })),
});

const PoolProps = {
  id: Type.Integer(),
  jurisdictionCode: Type.String(),
  name: Type.String(),
  fundedFen: Type.Integer(),
  paidOutFen: Type.Integer(),
  balanceFen: Type.Integer(),
  compensationBp: Type.Integer(),
  capPerContractFen: Type.Integer(),
  status: Type.String(),
  contracts: Type.Integer(),
  createdAt: Type.String(),
};
const PoolDetail = Type.Object({
  ...PoolProps,
  movements: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      amountFen: Type.Integer(),
      contractId: Nullable(Type.Integer()),
      note: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

const AuctionOut = Type.Object({
  id: Type.Integer(),
  listingId: Type.Integer(),
  listingTitle: Type.String(),
  applicationNo: Nullable(Type.String()),
  sellerOrgId: Type.Integer(),
  sellerName: Type.String(),
  kind: Type.String(),
  exclusive: Type.Boolean(),
  startPriceFen: Type.Integer(),
  incrementFen: Type.Integer(),
  closesAt: Type.String(),
  status: Type.String(),
  bestFen: Nullable(Type.Integer()),
  minimumNextFen: Type.Integer(),
  bidCount: Type.Integer(),
  leading: Type.Boolean(),
  contractId: Nullable(Type.Integer()),
  winnerName: Nullable(Type.String()),
  createdAt: Type.String(),
  bids: Type.Optional(
    Type.Array(Type.Object({ id: Type.Integer(), bidder: Type.Integer(), mine: Type.Boolean(), amountFen: Type.Integer(), createdAt: Type.String() })),
  ),
});

const ImportListing = Obj({
  externalId: Text(100, 1),
  kind: OneOf(['result', 'demand']),
  title: Text(300, 1),
  summary: Type.Optional(Text(5000)),
  problem: Type.Optional(Text(5000)),
  indicators: Type.Optional(Text(3000)),
  keywords: Type.Optional(List(20, Text(50, 1))),
  fields: Type.Optional(Type.Array(Text(7), { maxItems: 5 })),
  ipc: Type.Optional(List(10, Text(20, 1))),
  jurisdictionCode: OneOf(JURISDICTION_CODES),
  ownerName: Text(200, 1),
  ownerUscc: Type.Optional(Text(18)),
  resultType: Type.Optional(Text(20)),
  applicationNo: Type.Optional(Nullable(Text(30))),
  patentStatus: Type.Optional(Nullable(OneOf(['pending', 'granted']))),
  trl: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 9 }))),
  transferModes: Type.Optional(Type.Array(Text(30), { maxItems: 4 })),
  askingPriceFen: Type.Optional(Nullable(Fen())),
  askingTerms: Type.Optional(Text(2000)),
  inventors: Type.Optional(List(30, Text(50, 1))),
  jobRelated: Type.Optional(Type.Boolean()),
  inventorRights: Type.Optional(Nullable(InventorRights)),
  legal: Type.Optional(Legal),
  budgetFen: Type.Optional(Nullable(Fen())),
  deadline: Type.Optional(Nullable(DateOnly())),
  status: Type.Optional(OneOf(['published', 'withdrawn'])),
  relevant: Type.Optional(
    Type.Array(Type.Object({ externalId: Type.String({ maxLength: 100 }), grade: Type.Integer({ minimum: 0, maximum: 10 }) }), { maxItems: 1000 }),
  ), // labels of evaluation sets; ignored
});

export default async function transferRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['transfer'];
  // Readable without signing in: see the list in server/platform/public-routes.test.ts.
  const pub = { public: true };

  // ---- results and demands ---------------------------------------------------------------------
  r.get(
    '/api/results',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Search results (科技成果): Chinese full text (traditional/simplified and full/half width folded), facets, pagination',
        querystring: Obj({
          ...ListingQuery,
          resultType: Type.Optional(OneOf(listings.RESULT_TYPES)),
          trlMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
          openLicence: Type.Optional(Type.Boolean({ description: 'only patents under an open licence declaration in force' })),
          transferMode: Type.Optional(OneOf(listings.TRANSFER_MODES)),
        }),
        response: { 200: SearchOut({ resultType: Facet, jurisdiction: Facet, ipc: Facet, trl: Facet }), ...problemResponses(400) },
      },
    },
    async (req, reply) => {
      if (!req.actor) return sendPublicView(reply, publicViews.PublicResultSearch, await publicViews.searchPublicListings(deps, 'result', req.query));
      return listings.searchListings(deps, req.actor, 'result', req.query);
    },
  );
  r.get(
    '/api/demands',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Search demands (技术需求), as results',
        querystring: Obj(ListingQuery),
        response: { 200: SearchOut({ jurisdiction: Facet, field: Facet }), ...problemResponses(400) },
      },
    },
    async (req, reply) => {
      if (!req.actor) return sendPublicView(reply, publicViews.PublicDemandSearch, await publicViews.searchPublicListings(deps, 'demand', req.query));
      return listings.searchListings(deps, req.actor, 'demand', req.query);
    },
  );
  r.post(
    '/api/results',
    {
      schema: {
        tags,
        summary: 'List a result of one’s organisation (published unless status=draft)',
        body: Obj(ResultFields),
        response: { 201: ListingOut, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await listings.createListing(deps, requireActor(req), { ...req.body, kind: 'result' })),
  );
  r.post(
    '/api/demands',
    {
      schema: {
        tags,
        summary: 'Post a demand of one’s enterprise',
        body: Obj(DemandFields),
        response: { 201: ListingOut, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await listings.createListing(deps, requireActor(req), { ...req.body, kind: 'demand' })),
  );
  for (const kind of ['result', 'demand'] as const) {
    const path = `/api/${kind}s/:id`;
    r.get(
      path,
      {
        config: pub,
        schema: {
          tags,
          summary: `One ${kind} (not signed in: the public view of GET /api/public/${kind}s/:id)`,
          params: IdParams,
          response: { 200: ListingOut, ...problemResponses(404) },
        },
      },
      async (req, reply) => {
        if (!req.actor) return sendPublicView(reply, publicViews.PublicListing, await publicViews.getPublicListing(deps, kind, req.params.id));
        return listings.getListing(deps, req.actor, kind, req.params.id);
      },
    );
    r.patch(
      path,
      {
        schema: {
          tags,
          summary: `Change a ${kind} (owner), or withdraw it (owner or its jurisdiction’s admin)`,
          params: IdParams,
          body: partial(kind === 'result' ? ResultFields : DemandFields),
          response: { 200: ListingOut, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => {
        const cur = await listings.getListing(deps, req.actor, kind, req.params.id);
        return listings.updateListing(deps, requireActor(req), cur.id, req.body);
      },
    );
  }
  r.get(
    '/api/demands/:id/matches',
    {
      schema: {
        tags,
        summary: 'Ranked results, service institutions and experts for a demand, each with why',
        params: IdParams,
        querystring: Obj({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
        response: {
          200: Type.Object({
            demandId: Type.Integer(),
            query: Type.Array(Type.String()),
            results: Type.Array(ListingMatch),
            institutions: Type.Array(Type.Object({ item: Institution, score: Type.Number(), reason: Reason })),
            experts: Type.Array(Type.Object({ item: Expert, score: Type.Number(), reason: Reason })),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (req) => matching.matchesForDemand(deps, req.params.id, { limit: req.query.limit }),
  );
  r.get(
    '/api/results/:id/matches',
    {
      schema: {
        tags,
        summary: 'Ranked demands for a result, each with why',
        params: IdParams,
        querystring: Obj({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
        response: {
          200: Type.Object({ resultId: Type.Integer(), query: Type.Array(Type.String()), demands: Type.Array(ListingMatch) }),
          ...problemResponses(404),
        },
      },
    },
    async (req) => matching.matchesForResult(deps, req.params.id, { limit: req.query.limit }),
  );

  // ---- open licences ---------------------------------------------------------------------------
  r.get(
    '/api/open-licences',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Open patent licence declarations (in force by default; status=withdrawn for withdrawal announcements)',
        querystring: Obj({
          ...PageQuery,
          status: Type.Optional(OneOf(['active', 'withdrawn'])),
          listingId: Type.Optional(Id()),
          ownerOrgId: Type.Optional(Id()),
          paymentMethod: Type.Optional(OneOf(openLicences.PAYMENT_METHODS)),
          sort: Type.Optional(OneOf(['declaredAt', '-declaredAt', 'fee', '-fee', 'royalty', '-royalty'])),
        }),
        response: { 200: Page(OpenLicenceOut), ...problemResponses(400) },
      },
    },
    async (req) => openLicences.listOpenLicences(deps, req.query),
  );
  r.get(
    '/api/open-licences/:id',
    { config: pub, schema: { tags, summary: 'One declaration', params: IdParams, response: { 200: OpenLicenceOut, ...problemResponses(404) } } },
    async (req) => openLicences.getOpenLicence(deps, req.params.id),
  );
  r.post(
    '/api/open-licences',
    {
      schema: {
        tags,
        summary: 'Declare an open licence of a granted patent (patentee); refused where the law bars it',
        body: Obj({
          listingId: Id(),
          paymentMethod: OneOf(openLicences.PAYMENT_METHODS),
          feeFen: Type.Optional(Fen()),
          royaltyBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, description: 'basis points of net sales' })),
          termMonths: Type.Integer({ minimum: 1, maximum: 240 }),
          statement: Type.Optional(Text(3000)),
        }),
        response: { 201: OpenLicenceOut, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await openLicences.declareOpenLicence(deps, requireActor(req), req.body)),
  );
  r.post(
    '/api/open-licences/:id/withdrawal',
    {
      schema: {
        tags,
        summary: 'Withdraw a declaration (announced; licences granted stay)',
        params: IdParams,
        body: Obj({ reason: Text(1000, 1) }),
        response: { 200: OpenLicenceOut, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => openLicences.withdrawOpenLicence(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/open-licences/:id/acceptances',
    {
      // The body is optional: a POST without one accepts without a note.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags,
        summary: 'Notify and accept the declared terms: a non-exclusive licence exists at once (with its record and a contract for the payment)',
        params: IdParams,
        body: Type.Optional(Obj({ note: Type.Optional(Text(500)) })),
        response: { 201: ContractDetail, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await openLicences.acceptOpenLicence(deps, requireActor(req), req.params.id, req.body ?? {})),
  );

  // ---- contracts -------------------------------------------------------------------------------
  r.get(
    '/api/contracts',
    {
      schema: {
        tags,
        summary: 'Contracts of one’s organisation (administrators: of their jurisdiction)',
        querystring: Obj({
          ...PageQuery,
          role: Type.Optional(OneOf(['licensor', 'licensee'])),
          status: Type.Optional(OneOf(['proposed', 'active', 'completed', 'defaulted', 'terminated', 'cancelled'])),
          listingId: Type.Optional(Id()),
          paymentMode: Type.Optional(OneOf(contracts.PAYMENT_MODES)),
          sort: Type.Optional(OneOf(['createdAt', '-createdAt', 'price', '-price', 'signedAt', '-signedAt'])),
        }),
        response: { 200: Page(Type.Object(ContractProps)), ...problemResponses(400, 401) },
      },
    },
    async (req) => contracts.listContracts(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/contracts',
    {
      schema: {
        tags,
        summary: 'Propose a licence or assignment contract by agreement (licensor naming the licensee, or a licensee to the owner)',
        body: Obj({
          listingId: Id(),
          licenseeOrgId: Type.Optional(Id()),
          kind: OneOf(['licence', 'assignment']),
          exclusive: Type.Optional(Type.Boolean()),
          priceFen: Fen(),
          paymentMode: OneOf(contracts.PAYMENT_MODES),
          deferMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
          deferUntilRevenue: Type.Optional(Type.Boolean()),
          instalmentCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
          intervalMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 })),
          revenueShareBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
          poolId: Type.Optional(Nullable(Id())),
          termMonths: Type.Integer({ minimum: 1, maximum: 240 }),
          terms: Type.Optional(Text(5000)),
        }),
        response: { 201: ContractDetail, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await contracts.proposeContract(deps, requireActor(req), req.body)),
  );
  r.get(
    '/api/contracts/:id',
    {
      schema: {
        tags,
        summary: 'A contract with its schedule, payments, revenue reports, reminders and licence',
        params: IdParams,
        response: { 200: ContractDetail, ...problemResponses(401, 404) },
      },
    },
    async (req) => contracts.getContract(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/contracts/:id/signature',
    {
      schema: {
        tags,
        summary: 'Sign (the other party): in force, schedule set, licence recorded',
        params: IdParams,
        response: { 200: ContractDetail, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (req) => contracts.signContract(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/contracts/:id/cancellation',
    {
      schema: { tags, summary: 'Withdraw a proposal not yet signed', params: IdParams, response: { 200: ContractDetail, ...problemResponses(401, 404, 422) } },
    },
    async (req) => contracts.cancelContract(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/contracts/:id/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment by the licensee (to the earliest open instalments, or one)',
        params: IdParams,
        body: Obj({ amountFen: Fen({ minimum: 1 }), instalmentId: Type.Optional(Id()), reference: Type.Optional(Text(200)) }),
        response: { 200: ContractDetail, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => contracts.recordPayment(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/contracts/:id/revenue-reports',
    {
      schema: {
        tags,
        summary: 'Report a month’s revenue (licensee); revenue share falls due, a deferral until first revenue starts',
        params: IdParams,
        body: Obj({ period: Period, revenueFen: Fen(), note: Type.Optional(Text(500)) }),
        response: { 200: ContractDetail, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => contracts.reportRevenue(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/contracts/:id/default',
    {
      schema: {
        tags,
        summary: 'Declare a default (licensor, after the grace period): the pool pays first, the default goes to the licensee’s record',
        params: IdParams,
        body: Obj({ note: Text(1000, 1) }),
        response: { 200: ContractDetail, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => contracts.declareDefault(deps, requireActor(req), req.params.id, req.body),
  );

  // ---- risk-compensation pools -----------------------------------------------------------------
  r.get(
    '/api/risk-pools',
    {
      schema: {
        tags,
        summary: 'Risk-compensation pools',
        querystring: Obj({ ...PageQuery, jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)), status: Type.Optional(OneOf(['active', 'closed'])) }),
        response: { 200: Page(Type.Object(PoolProps)), ...problemResponses(400, 401) },
      },
    },
    async (req) => pools.listPools(deps, req.query),
  );
  r.get(
    '/api/risk-pools/:id',
    {
      schema: {
        tags,
        summary: 'A pool (movements for its jurisdiction’s admins)',
        params: IdParams,
        response: { 200: PoolDetail, ...problemResponses(401, 404) },
      },
    },
    async (req) => pools.getPool(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/risk-pools',
    {
      schema: {
        tags,
        summary: 'Set up a pool of one’s jurisdiction',
        body: Obj({
          jurisdictionCode: Type.Optional(OneOf(JURISDICTION_CODES)),
          name: Text(200, 1),
          fundFen: Fen(),
          compensationBp: Type.Integer({ minimum: 1, maximum: 10000 }),
          capPerContractFen: Fen({ minimum: 1 }),
        }),
        response: { 201: PoolDetail, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await pools.createPool(deps, requireActor(req), req.body)),
  );
  r.post(
    '/api/risk-pools/:id/funding',
    {
      schema: {
        tags,
        summary: 'Add funds',
        params: IdParams,
        body: Obj({ amountFen: Fen({ minimum: 1 }), note: Type.Optional(Text(500)) }),
        response: { 200: PoolDetail, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => pools.fundPool(deps, requireActor(req), req.params.id, req.body),
  );

  // ---- auctions --------------------------------------------------------------------------------
  r.get(
    '/api/auctions',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Auctions',
        querystring: Obj({
          ...PageQuery,
          status: Type.Optional(OneOf(['open', 'closed', 'cancelled'])),
          listingId: Type.Optional(Id()),
          mine: Type.Optional(Type.Boolean()),
          sort: Type.Optional(OneOf(['closesAt', '-closesAt', 'createdAt', '-createdAt', 'best', '-best'])),
        }),
        response: { 200: Page(AuctionOut), ...problemResponses(400) },
      },
    },
    async (req) => auctions.listAuctions(deps, req.actor, req.query),
  );
  r.get(
    '/api/auctions/:id',
    {
      config: pub,
      schema: { tags, summary: 'An auction with its bids (bidders by number)', params: IdParams, response: { 200: AuctionOut, ...problemResponses(404) } },
    },
    async (req) => auctions.getAuction(deps, req.actor, req.params.id),
  );
  r.post(
    '/api/auctions',
    {
      schema: {
        tags,
        summary: 'Start an ascending auction of a result (owner)',
        body: Obj({
          listingId: Id(),
          kind: OneOf(['assignment', 'licence']),
          exclusive: Type.Optional(Type.Boolean()),
          startPriceFen: Fen({ minimum: 1 }),
          incrementFen: Fen({ minimum: 1 }),
          closesAt: DateTime(),
        }),
        response: { 201: AuctionOut, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await auctions.createAuction(deps, requireActor(req), req.body)),
  );
  r.post(
    '/api/auctions/:id/bids',
    {
      schema: {
        tags,
        summary: 'Bid: accepted only before the close and at least the best bid plus the increment',
        params: IdParams,
        body: Obj({ amountFen: Fen({ minimum: 1 }) }),
        response: { 201: AuctionOut, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await auctions.placeBid(deps, requireActor(req), req.params.id, req.body)),
  );

  // ---- interconnection -------------------------------------------------------------------------
  r.post(
    '/api/imports/listings',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import listings from another market: upsert by (source, externalId), all or nothing, with a row report. Only the source’s owner imports under it; rows carry the importer’s own jurisdiction; ownerUscc links an organisation the importer administers or that accepted links from the source.',
        body: Obj({ source: Type.String({ pattern: imports.SOURCE_PATTERN }), listings: Type.Array(ImportListing, { minItems: 1, maxItems: 5000 }) }),
        response: {
          200: Type.Object({
            batchId: Type.Integer(),
            source: Type.String(),
            rows: Type.Integer(),
            created: Type.Integer(),
            updated: Type.Integer(),
            unchanged: Type.Integer(),
            report: Type.Array(
              Type.Object({
                row: Type.Integer(),
                externalId: Type.String(),
                id: Type.Integer(),
                outcome: Type.String({ description: 'created | updated | unchanged' }),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 413, 422),
        },
      },
    },
    async (req) => listings.importListings(deps, requireActor(req), req.body),
  );
  const ImportSource = Type.Object({
    source: Type.String(),
    ownerOrganizationId: Nullable(Type.Integer()),
    ownerOrganizationName: Nullable(Type.String()),
    ownerJurisdiction: Nullable(Type.String()),
    ownedByPlatform: Type.Boolean(),
    batches: Type.Integer(),
    lastImportAt: Nullable(Type.String()),
    createdAt: Type.String(),
  });
  const SourceLink = Type.Object({
    source: Type.String(),
    acceptedAt: Type.String(),
    ownerOrganizationName: Nullable(Type.String()),
    ownerJurisdiction: Nullable(Type.String()),
  });
  const SourceBody = Obj({ source: Type.String({ pattern: imports.SOURCE_PATTERN, description: 'lower-case letters, digits, . _ -' }) });
  r.get(
    '/api/imports/sources',
    {
      schema: {
        tags,
        summary: 'Import sources I may import under (each belongs to the market, jurisdiction or platform that registered it)',
        response: { 200: Type.Object({ items: Type.Array(ImportSource) }), ...problemResponses(401, 403) },
      },
    },
    async (req) => imports.listSources(deps, requireActor(req)),
  );
  r.post(
    '/api/imports/sources',
    {
      schema: {
        tags,
        summary: 'Register a source before its first batch (a first import registers it too); only its owner imports under it',
        body: SourceBody,
        response: { 200: ImportSource, 201: ImportSource, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const out = await imports.claimSource(deps, requireActor(req), req.body);
      return reply.code(out.created ? 201 : 200).send(out.source);
    },
  );
  r.get(
    '/api/imports/source-links',
    {
      schema: {
        tags,
        summary: 'Sources my organisation accepted being named as owner by',
        response: { 200: Type.Object({ items: Type.Array(SourceLink) }), ...problemResponses(401) },
      },
    },
    async (req) => imports.myLinks(deps, requireActor(req)),
  );
  r.post(
    '/api/imports/source-links',
    {
      schema: {
        tags,
        summary: 'My organisation accepts that listings imported under the source may name it as owner (ownerUscc); organisation admins only',
        body: SourceBody,
        response: { 200: SourceLink, 201: SourceLink, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const out = await imports.acceptLinks(deps, requireActor(req), req.body);
      return reply.code(out.created ? 201 : 200).send(out.link);
    },
  );
  r.delete(
    '/api/imports/source-links/:source',
    {
      schema: {
        tags,
        summary: 'Withdraw the acceptance: later imports under the source no longer link my organisation (listings linked so far stay)',
        params: Obj({ source: Type.String({ pattern: imports.SOURCE_PATTERN }) }),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await imports.withdrawLinks(deps, requireActor(req), req.params.source);
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/api/feeds/listings',
    {
      schema: {
        tags,
        summary:
          'Incremental feed of published listings (withdrawn ones marked deleted) for API-token clients: pass updated_since once, then the returned cursor',
        security: [{ bearer: [] }],
        querystring: Obj({
          updated_since: Type.Optional(DateTime()),
          cursor: Type.Optional(Text(200)),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(ListingOut), nextCursor: Nullable(Type.String()), hasMore: Type.Boolean(), until: Type.String() }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (req) => {
      requireActor(req);
      return listings.feed(deps, { updatedSince: req.query.updated_since, cursor: req.query.cursor, limit: req.query.limit });
    },
  );
}
