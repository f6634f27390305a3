// The public portal's API: everything under /api/public answers visitors who are not signed in,
// each with an allow-list response schema (a property not named here is never written out).
// The complete list of routes readable without signing in is asserted by
// server/modules/portal/portal.test.ts.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, problemResponses } from '../../platform/http';
import { Id, MAX_FEN, Obj, Text } from '../../platform/schemas';
import { JURISDICTION_CODES } from '../../platform/access';
import * as resources from '../resources/resources.public';
import { RESOURCE_KINDS } from '../resources/resources.service';
import * as listingViews from '../transfer/listings.public';
import { RESULT_TYPES } from '../transfer/listings.service';
import { CALL_KINDS, CALL_STATUSES } from '../calls/calls.service';
import { SERVICE_CATEGORIES } from '../vouchers/rules';
import * as svc from './portal.service';

const Counts = {
  resources: Type.Integer({ description: 'published resources' }),
  providers: Type.Integer({ description: 'listed (recognised) service providers' }),
  results: Type.Integer({ description: 'published results' }),
  demands: Type.Integer({ description: 'published demands' }),
  calls: Type.Integer({ description: 'calls past their draft' }),
};
const Overview = Type.Object({
  jurisdictions: Type.Array(Type.Object({ code: Type.String(), ...Counts })),
  totals: Type.Object(Counts),
  generatedAt: Type.String(),
});

const PublicCall = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    jurisdictionCode: Type.String(),
    title: Type.String(),
    description: Type.String(),
    goals: Type.String(),
    indicators: Type.String(),
    milestones: Type.Array(Type.Object({ title: Type.String(), due: Type.String() })),
    disciplines: Type.Array(Type.String()),
    keywords: Type.Array(Type.String()),
    budgetFen: Type.Integer(),
    opensAt: Type.String(),
    deadline: Type.String(),
    status: Type.String(),
    raceTeams: Type.Integer(),
    poserName: Nullable(Type.String()),
    noticeEndsAt: Nullable(Type.String()),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

const PublicProvider = Type.Object(
  {
    id: Type.Integer(),
    organizationName: Type.String(),
    jurisdictionCode: Type.String(),
    categories: Type.Array(Type.String()),
    description: Type.String(),
    listedAt: Nullable(Type.String()),
    recognisedIn: Type.Array(Type.String()),
    products: Type.Integer({ description: 'service products on offer' }),
  },
  { additionalProperties: false },
);

const ListingQuery = {
  ...PageQuery,
  q: Type.Optional(Text(200)),
  jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
  sort: Type.Optional(OneOf(['relevance', 'newest', 'price', '-price', 'trl', '-trl', 'deadline', 'title'])),
};

export default async function portalRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['public portal'];
  const config = { public: true };

  r.get(
    '/api/public/overview',
    {
      config,
      schema: {
        tags,
        summary: `Counts per jurisdiction (Shanghai, Jiangsu, Zhejiang, Anhui): published resources, listed providers, published results and demands, calls; cached ${svc.OVERVIEW_TTL_SECONDS} s`,
        response: { 200: Overview },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${svc.OVERVIEW_TTL_SECONDS}`);
      return svc.overview(deps);
    },
  );

  r.get(
    '/api/public/resources',
    {
      config,
      schema: {
        tags,
        summary: 'The public catalogue: published resources, fees only where the owner shows them',
        querystring: Obj({
          ...PageQuery,
          q: Type.Optional(Type.String({ maxLength: 200 })),
          kind: Type.Optional(OneOf(RESOURCE_KINDS)),
          category1: Type.Optional(Type.String({ maxLength: 64 })),
          jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
          city: Type.Optional(Type.String({ maxLength: 64 })),
          ownerOrgId: Type.Optional(Id()),
          priceMax: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'fen; only resources showing their price' })),
          sort: Type.Optional(OneOf(['relevance', 'price', '-price', 'newest', 'name'])),
        }),
        response: { 200: resources.PublicResourceSearch, ...problemResponses(400) },
      },
    },
    async (req) => resources.searchPublicResources(deps, req.query),
  );
  r.get(
    '/api/public/resources/:id',
    { config, schema: { tags, summary: 'One published resource', params: IdParams, response: { 200: resources.PublicResource, ...problemResponses(404) } } },
    async (req) => resources.getPublicResource(deps, req.params.id),
  );

  r.get(
    '/api/public/results',
    {
      config,
      schema: {
        tags,
        summary: 'Published results (科技成果), as GET /api/results answers a visitor',
        querystring: Obj({ ...ListingQuery, resultType: Type.Optional(OneOf(RESULT_TYPES)), openLicence: Type.Optional(Type.Boolean()) }),
        response: { 200: listingViews.PublicResultSearch, ...problemResponses(400) },
      },
    },
    async (req) => listingViews.searchPublicListings(deps, 'result', req.query),
  );
  r.get(
    '/api/public/results/:id',
    { config, schema: { tags, summary: 'One published result', params: IdParams, response: { 200: listingViews.PublicListing, ...problemResponses(404) } } },
    async (req) => listingViews.getPublicListing(deps, 'result', req.params.id),
  );
  r.get(
    '/api/public/demands',
    {
      config,
      schema: {
        tags,
        summary: 'Published demands (技术需求)',
        querystring: Obj(ListingQuery),
        response: { 200: listingViews.PublicDemandSearch, ...problemResponses(400) },
      },
    },
    async (req) => listingViews.searchPublicListings(deps, 'demand', req.query),
  );
  r.get(
    '/api/public/demands/:id',
    { config, schema: { tags, summary: 'One published demand', params: IdParams, response: { 200: listingViews.PublicListing, ...problemResponses(404) } } },
    async (req) => listingViews.getPublicListing(deps, 'demand', req.params.id),
  );

  r.get(
    '/api/public/calls',
    {
      config,
      schema: {
        tags,
        summary: 'Calls past their draft (joint fund, 揭榜挂帅, 赛马)',
        querystring: Obj({
          ...PageQuery,
          kind: Type.Optional(OneOf(CALL_KINDS)),
          status: Type.Optional(OneOf(CALL_STATUSES.filter((s) => s !== 'draft'))),
          jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
          q: Type.Optional(Text(100)),
          sort: Type.Optional(OneOf(['createdAt', '-createdAt', 'deadline', '-deadline', 'budget', '-budget', 'title', '-title'])),
        }),
        response: { 200: Page(PublicCall), ...problemResponses(400) },
      },
    },
    async (req) => svc.listCalls(deps, req.query),
  );
  r.get(
    '/api/public/calls/:id',
    { config, schema: { tags, summary: 'One call past its draft', params: IdParams, response: { 200: PublicCall, ...problemResponses(404) } } },
    async (req) => svc.getCall(deps, req.params.id),
  );

  r.get(
    '/api/public/providers',
    {
      config,
      schema: {
        tags,
        summary: 'Listed (recognised) service providers',
        querystring: Obj({
          ...PageQuery,
          jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
          category: Type.Optional(OneOf(SERVICE_CATEGORIES)),
          q: Type.Optional(Text(100)),
          sort: Type.Optional(OneOf(['name', '-name', 'createdAt', '-createdAt'])),
        }),
        response: { 200: Page(PublicProvider), ...problemResponses(400) },
      },
    },
    async (req) => svc.listProviders(deps, req.query),
  );
}
