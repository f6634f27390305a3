// What a visitor who is not signed in sees of the technology market (the public portal): an
// explicit allow-list of a listing's properties, in the schema that serialises the answer.
// Never shown: the inventors' remuneration shares (inventorRights), the creating account, drafts
// and withdrawn listings; the asking price, its terms and a demand's budget only where the owner
// shows them (pricePublic).
import { Type, type Static, type TSchema } from 'typebox';
import type { Deps } from '../../platform/deps';
import { Nullable } from '../../platform/http';
import { notFound } from '../../platform/errors';
import type { ListingKind } from './listings.repository';
import * as listings from './listings.service';

const Highlight = Type.Array(Type.Object({ text: Type.String(), match: Type.Boolean() }));
const Facet = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const PublicListing = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String({ description: 'result | demand' }),
    status: Type.String({ description: 'always published' }),
    title: Type.String(),
    indicators: Type.String(),
    keywords: Type.Array(Type.String()),
    fields: Type.Array(Type.String()),
    ipc: Type.Array(Type.String()),
    jurisdictionCode: Type.String(),
    ownerOrgId: Nullable(Type.Integer({ description: 'the organisation on the platform, if any' })),
    ownerName: Type.String(),
    source: Type.String(),
    externalId: Nullable(Type.String({ description: 'its id in the source market (imported listings)' })),
    publishedAt: Nullable(Type.String()),
    updatedAt: Type.String(),
    pricePublic: Type.Boolean(),
    score: Type.Optional(Type.Number()),
    highlights: Type.Optional(Type.Object({ title: Highlight, body: Highlight })),
    // results
    summary: Type.Optional(Type.String()),
    resultType: Type.Optional(Type.String()),
    applicationNo: Type.Optional(Nullable(Type.String())),
    patentStatus: Type.Optional(Nullable(Type.String())),
    trl: Type.Optional(Nullable(Type.Integer())),
    transferModes: Type.Optional(Type.Array(Type.String())),
    askingPriceFen: Type.Optional(Nullable(Type.Integer({ description: 'absent when the owner does not show it publicly' }))),
    askingTerms: Type.Optional(Type.String()),
    inventors: Type.Optional(Type.Array(Type.String({ description: 'as on the patent' }))),
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
    openLicence: Type.Optional(
      Nullable(
        Type.Object({
          id: Type.Integer(),
          paymentMethod: Type.String(),
          feeFen: Type.Integer(),
          royaltyBp: Type.Integer(),
          termMonths: Type.Integer(),
          declaredAt: Type.String(),
        }),
      ),
    ),
    // demands
    problem: Type.Optional(Type.String()),
    budgetFen: Type.Optional(Nullable(Type.Integer({ description: 'absent when the owner does not show it publicly' }))),
    deadline: Type.Optional(Nullable(Type.String())),
  },
  { additionalProperties: false },
);

export const PublicListingSearch = (facets: Record<string, TSchema>) =>
  Type.Object({
    items: Type.Array(PublicListing),
    total: Type.Integer(),
    totalApproximate: Type.Boolean(),
    facetsApproximate: Type.Boolean(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    query: Type.Object({ words: Type.Array(Type.String()), matchMode: Nullable(Type.String()) }),
    facets: Type.Object(facets),
  });
export const PublicResultSearch = PublicListingSearch({ resultType: Facet, jurisdiction: Facet, ipc: Facet, trl: Facet });
export const PublicDemandSearch = PublicListingSearch({ jurisdiction: Facet, field: Facet });

const PICK = [
  'id',
  'kind',
  'status',
  'title',
  'indicators',
  'keywords',
  'fields',
  'ipc',
  'jurisdictionCode',
  'ownerOrgId',
  'ownerName',
  'source',
  'externalId',
  'publishedAt',
  'updatedAt',
  'pricePublic',
  'score',
  'highlights',
  'summary',
  'resultType',
  'applicationNo',
  'patentStatus',
  'trl',
  'transferModes',
  'inventors',
  'legal',
  'openLicence',
  'problem',
  'deadline',
] as const;
const PRICE = ['askingPriceFen', 'askingTerms', 'budgetFen'] as const;

/** The allow-listed copy of a listing view (prices only where the owner shows them). */
export function publicListing(v: Record<string, unknown>): Static<typeof PublicListing> {
  const keys: readonly string[] = v.pricePublic === false ? PICK : [...PICK, ...PRICE];
  return Object.fromEntries(keys.filter((k) => v[k] !== undefined).map((k) => [k, v[k]])) as Static<typeof PublicListing>;
}

export async function searchPublicListings(deps: Deps, kind: ListingKind, q: Omit<listings.SearchQuery, 'mine' | 'status'>) {
  const r = await listings.searchListings(deps, null, kind, { ...q, mine: undefined, status: undefined });
  return { ...r, items: r.items.map((i) => publicListing(i as Record<string, unknown>)) };
}

/** One published listing (404 for drafts and withdrawn ones: the portal shows what is on offer). */
export async function getPublicListing(deps: Deps, kind: ListingKind, id: number) {
  const v = await listings.getListing(deps, null, kind, id);
  if (v.status !== 'published') throw notFound({ zh: '挂牌信息', en: 'listing' }, id);
  return publicListing(v as Record<string, unknown>);
}
