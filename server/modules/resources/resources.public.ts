// What a visitor who is not signed in sees of the catalogue (the public portal). An explicit
// allow-list: every property is named here, in the schema that serialises the answer — a column
// added to resources later (contacts, the manager, the address, the asset value) stays private
// until somebody adds it to these lists on purpose. Fees only where the owner shows them.
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { Nullable } from '../../platform/http';
import * as svc from './resources.service';

const Segment = Type.Object({ text: Type.String(), match: Type.Boolean() });
const Facet = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
const Fees = {
  startupFeeFen: Type.Optional(Type.Integer()),
  hourlyFeeFen: Type.Optional(Type.Integer()),
  perSampleFen: Type.Optional(Type.Integer()),
  listPriceFen: Type.Optional(Type.Integer({ description: 'absent when the owner does not show prices publicly' })),
};

export const PublicResourceItem = Type.Object(
  {
    id: Type.Integer(),
    identifier: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    category: Type.Array(Type.String()),
    model: Nullable(Type.String()),
    manufacturer: Nullable(Type.String()),
    jurisdictionCode: Type.String(),
    city: Type.String(),
    ownerOrgId: Type.Integer(),
    ownerName: Type.String(),
    serviceModes: Type.Array(Type.String()),
    pricePublic: Type.Boolean(),
    ...Fees,
    photo: Nullable(Type.String()),
    score: Type.Number(),
    highlights: Type.Object({ name: Type.Array(Segment), description: Type.Array(Segment) }),
  },
  { additionalProperties: false },
);

export const PublicResourceSearch = Type.Object({
  items: Type.Array(PublicResourceItem),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  query: Type.Object({ words: Type.Array(Type.String()), matchMode: Nullable(Type.String()) }),
  facets: Type.Object({ kind: Facet, jurisdiction: Facet, category1: Facet, city: Facet }),
});

export const PublicResource = Type.Object(
  {
    id: Type.Integer(),
    identifier: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    description: Type.String(),
    keywords: Type.Array(Type.String()),
    category: Type.Array(Type.String()),
    model: Nullable(Type.String()),
    manufacturer: Nullable(Type.String()),
    originCountry: Nullable(Type.String()),
    jurisdictionCode: Type.String(),
    city: Type.String(),
    ownerOrgId: Type.Integer(),
    ownerName: Nullable(Type.String()),
    specifications: Type.String(),
    features: Type.String(),
    photos: Type.Array(Type.String()),
    /** Photos the owner uploaded (served by GET /api/resources/{id}/photos/{photoId}). */
    uploadedPhotos: Type.Array(
      Type.Object(
        { id: Type.Integer(), url: Type.String(), thumbUrl: Type.String(), width: Type.Integer(), height: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
    /** Present only when the owner shows the contact to everyone (contactVisibility public). */
    contact: Type.Optional(
      Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()) }, { additionalProperties: false }),
    ),
    serviceModes: Type.Array(Type.String()),
    openingHours: Type.Record(Type.String(), Type.Array(Type.Tuple([Type.String(), Type.String()]))),
    bookable: Type.Boolean(),
    needsApproval: Type.Boolean(),
    pricePublic: Type.Boolean(),
    ...Fees,
    consumablesFen: Type.Optional(Type.Integer()),
    serviceItems: Type.Optional(Type.Array(Type.Object({ name: Type.String(), unit: Type.String(), priceFen: Type.Integer() }))),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

type SearchResult = Awaited<ReturnType<typeof svc.searchResources>>;
type Item = SearchResult['items'][number];

const fees = (v: { pricePublic: boolean; startupFeeFen: number; hourlyFeeFen: number; perSampleFen: number; listPriceFen: number }) =>
  v.pricePublic ? { startupFeeFen: v.startupFeeFen, hourlyFeeFen: v.hourlyFeeFen, perSampleFen: v.perSampleFen, listPriceFen: v.listPriceFen } : {};

export function publicItem(i: Item) {
  return {
    id: i.id,
    identifier: i.identifier,
    kind: i.kind,
    name: i.name,
    category: i.category,
    model: i.model,
    manufacturer: i.manufacturer,
    jurisdictionCode: i.jurisdictionCode,
    city: i.city,
    ownerOrgId: i.ownerOrgId,
    ownerName: i.ownerName,
    serviceModes: i.serviceModes,
    pricePublic: i.pricePublic,
    ...fees(i),
    photo: i.photo,
    score: i.score,
    highlights: i.highlights,
  };
}

export function publicResourceView(v: Awaited<ReturnType<typeof svc.getResource>>) {
  return {
    id: v.id,
    identifier: v.identifier,
    kind: v.kind,
    name: v.name,
    description: v.description,
    keywords: v.keywords,
    category: v.category,
    model: v.model,
    manufacturer: v.manufacturer,
    originCountry: v.originCountry,
    jurisdictionCode: v.jurisdictionCode,
    city: v.city,
    ownerOrgId: v.ownerOrgId,
    ownerName: v.ownerName,
    specifications: v.specifications,
    features: v.features,
    photos: v.photos,
    uploadedPhotos: v.uploadedPhotos.map((p) => ({ id: p.id, url: p.url, thumbUrl: p.thumbUrl, width: p.width, height: p.height })),
    // getResource(null) already blanked a contact the owner keeps from visitors; the choice itself is checked again here.
    ...(!v.contactHidden && v.contactVisibility === 'public' ? { contact: { name: v.contactName, phone: v.contactPhone, email: v.contactEmail } } : {}),
    serviceModes: v.serviceModes,
    openingHours: v.openingHours,
    bookable: v.bookable,
    needsApproval: v.needsApproval,
    pricePublic: v.pricePublic,
    ...fees(v),
    ...(v.pricePublic ? { consumablesFen: v.consumablesFen, serviceItems: v.serviceItems } : {}),
    updatedAt: v.updatedAt,
  };
}

export type PublicSearchQuery = Omit<svc.SearchQuery, 'mine' | 'managed' | 'managerUserId' | 'busyIds'>;

/** The public catalogue: published resources only (the search never shows drafts to nobody). */
export async function searchPublicResources(deps: Deps, q: PublicSearchQuery) {
  const r = await svc.searchResources(deps, null, { ...q, mine: undefined, managed: undefined, managerUserId: undefined });
  return { ...r, items: r.items.map(publicItem) };
}

/** One published resource (404 for drafts and retired ones). */
export async function getPublicResource(deps: Deps, id: number) {
  return publicResourceView(await svc.getResource(deps, null, id));
}
