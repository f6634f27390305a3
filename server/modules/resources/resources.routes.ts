import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, SPREADSHEET_TYPES, fileResponse, problemResponses, requireActor } from '../../platform/http';
import { Id, MAX_FEN, MAX_ID, MAX_PAGE, Text } from '../../platform/schemas';
import { sendPublicView } from '../../platform/http';
import * as pub from './resources.public';
import { FormatQuery, sendSpreadsheet, uploadedFile } from '../../platform/files';
import { JURISDICTION_CODES } from '../../platform/access';
import { AppError, invalid } from '../../platform/errors';
import * as svc from './resources.service';
import * as io from './resources.import';
import * as photos from './photos.service';
import { PHOTO_LIMIT_BYTES, PHOTO_TYPES } from '../../platform/images';

const Fen = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_FEN, description: `${description} (fen, integer)` });
const Hours = Type.Record(Type.String(), Type.Array(Type.Tuple([Type.String(), Type.String()])), {
  description: 'Weekly opening hours in Beijing time: {"mon": [["09:00","17:00"]], …}',
});
const Rules = Type.Object(
  {
    slotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240 })),
    leadMinutes: Type.Optional(
      Type.Object(
        {
          self_operation: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600 })),
          sample_submission: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600 })),
          assisted: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600 })),
        },
        { additionalProperties: false },
      ),
    ),
    maxAdvanceDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
    minMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })),
    maxMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })),
  },
  { additionalProperties: false },
);
const ServiceItem = Type.Object({ name: Text(100, 1), unit: Type.String({ maxLength: 20 }), priceFen: Fen('price') }, { additionalProperties: false });

const fields = {
  kind: OneOf(svc.RESOURCE_KINDS),
  name: Text(200, 1),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  keywords: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
  category: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 3, description: 'Three-level classification' })),
  model: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  manufacturer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  originCountry: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  originalValueFen: Type.Optional(Nullable(Fen('original value'))),
  purchaseDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  registeredOn: Type.Optional(Type.String({ format: 'date' })),
  city: Type.Optional(Type.String({ maxLength: 64 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  ownerOrgId: Id(),
  managerUserId: Type.Optional(Nullable(Id())),
  specifications: Type.Optional(Type.String({ maxLength: 5000 })),
  features: Type.Optional(Type.String({ maxLength: 5000 })),
  photos: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 })),
  serviceItems: Type.Optional(Type.Array(ServiceItem, { maxItems: 50 })),
  serviceModes: Type.Optional(Type.Array(OneOf(svc.SERVICE_MODES), { maxItems: 3 })),
  startupFeeFen: Type.Optional(Fen('start-up fee 开机费')),
  hourlyFeeFen: Type.Optional(Fen('hourly fee 机时费')),
  consumablesFen: Type.Optional(Fen('consumables 耗材费 per booking')),
  perSampleFen: Type.Optional(Fen('price per sample')),
  rules: Type.Optional(Rules),
  openingHours: Type.Optional(Hours),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  needsApproval: Type.Optional(Type.Boolean()),
  status: Type.Optional(OneOf(['published', 'draft', 'retired'])),
  pricePublic: Type.Optional(Type.Boolean({ description: 'Show the fees to visitors who are not signed in (default true)' })),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+()\\- ]{0,40}$', description: 'digits, spaces, + - ( )' }))),
  contactEmail: Type.Optional(Nullable(Type.String({ maxLength: 254, pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }))),
  contactVisibility: Type.Optional(OneOf(svc.CONTACT_VISIBILITIES)),
};

const Photo = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  thumbUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  createdAt: Type.String(),
});

/** A resource as GET /api/resources/:id, POST and PATCH answer it. */
const ResourceOut = Type.Object({
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
  originalValueFen: Nullable(Type.Integer()),
  purchaseDate: Nullable(Type.String()),
  registeredOn: Type.String(),
  city: Type.String(),
  address: Type.String(),
  ownerOrgId: Type.Integer(),
  managerUserId: Nullable(Type.Integer()),
  specifications: Type.String(),
  features: Type.String(),
  photos: Type.Array(Type.String()),
  serviceItems: Type.Array(Type.Object({ name: Type.String(), unit: Type.String(), priceFen: Type.Integer() })),
  serviceModes: Type.Array(Type.String()),
  startupFeeFen: Type.Integer(),
  hourlyFeeFen: Type.Integer(),
  consumablesFen: Type.Integer(),
  perSampleFen: Type.Integer(),
  rules: Type.Object({
    slotMinutes: Type.Integer(),
    leadMinutes: Type.Object({ self_operation: Type.Integer(), sample_submission: Type.Integer(), assisted: Type.Integer() }),
    maxAdvanceDays: Type.Integer(),
    minMinutes: Type.Integer(),
    maxMinutes: Type.Integer(),
  }),
  openingHours: Hours,
  capacity: Type.Integer(),
  needsApproval: Type.Boolean(),
  status: Type.String(),
  pricePublic: Type.Boolean(),
  jurisdictionCode: Type.String(),
  ownerName: Nullable(Type.String()),
  managerName: Nullable(Type.String()),
  bookable: Type.Boolean(),
  listPriceFen: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  contactEmail: Nullable(Type.String()),
  contactVisibility: Type.String({ description: 'public | signed_in | nobody' }),
  contactHidden: Type.Boolean({ description: 'the contact exists but this reader may not see it (sign in, or it is for nobody)' }),
  uploadedPhotos: Type.Array(Photo),
  mayOperate: Type.Boolean({ description: 'the reader runs this resource (may edit it, upload photos, read its messages)' }),
});

const Segment = Type.Object({ text: Type.String(), match: Type.Boolean() });
const Facet = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
const SearchItem = Type.Object({
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
  startupFeeFen: Type.Integer(),
  hourlyFeeFen: Type.Integer(),
  perSampleFen: Type.Integer(),
  listPriceFen: Type.Integer(),
  pricePublic: Type.Boolean(),
  originalValueFen: Nullable(Type.Integer()),
  photo: Nullable(Type.String()),
  status: Type.String(),
  score: Type.Number(),
  highlights: Type.Object({ name: Type.Array(Segment), description: Type.Array(Segment) }),
});

/** Which resources are busy in [from, to) — an active booking or a closure overlaps it (the bookings module answers; app.ts wires it). */
export type BusyResources = (deps: Deps, from: string, to: string) => Promise<number[]>;

export default async function resourceRoutes(app: FastifyInstance, { deps, busyResources }: { deps: Deps; busyResources: BusyResources }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['resources'];

  r.get(
    '/api/resources',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Search the catalogue (not signed in: the public view of GET /api/public/resources): Chinese full text (jieba; traditional/simplified and full/half width fold alike), facets, filters, sort, pages',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200 })),
            kind: Type.Optional(OneOf(svc.RESOURCE_KINDS)),
            category1: Type.Optional(Type.String({ maxLength: 64 })),
            category2: Type.Optional(Type.String({ maxLength: 64 })),
            jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
            city: Type.Optional(Type.String({ maxLength: 64 })),
            ownerOrgId: Type.Optional(Id()),
            managerUserId: Type.Optional(
              Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'Resources with this designated manager (published ones, unless mine or managed)' }),
            ),
            managed: Type.Optional(Type.Boolean({ description: 'Resources whose designated manager I am, drafts included (sign-in needed)' })),
            priceMin: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'fen' })),
            priceMax: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'fen' })),
            freeFrom: Type.Optional(Type.String({ format: 'date-time' })),
            freeTo: Type.Optional(Type.String({ format: 'date-time' })),
            mine: Type.Optional(Type.Boolean({ description: 'My organisation’s resources, drafts included' })),
            facets: Type.Optional(Type.Boolean({ default: true })),
            sort: Type.Optional(OneOf(['relevance', 'price', '-price', 'value', '-value', 'newest', 'name'])),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(SearchItem),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            query: Type.Object({ words: Type.Array(Type.String()), matchMode: Nullable(Type.String()) }),
            facets: Type.Object({ kind: Facet, jurisdiction: Facet, category1: Facet, city: Facet }),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      if ((q.mine || q.managed) && !req.actor) throw new AppError('unauthenticated');
      // managed=true is "managed by me": naming somebody else as well asks for nothing sensible.
      if (q.managed && q.managerUserId !== undefined && q.managerUserId !== req.actor!.userId)
        throw invalid([{ field: 'querystring:/managerUserId', code: 'value-invalid' }]);
      const utc = (s?: string) => (s ? new Date(s).toISOString() : undefined);
      const { freeFrom, freeTo, ...rest } = q;
      const busyIds = freeFrom && freeTo ? await busyResources(deps, utc(freeFrom)!, utc(freeTo)!) : undefined;
      const found = await svc.searchResources(deps, req.actor, { ...rest, busyIds });
      // A visitor who is not signed in gets the portal's allow-listed items (hidden fees left out).
      if (!req.actor) return sendPublicView(reply, pub.PublicResourceSearch, { ...found, items: found.items.map(pub.publicItem) });
      return found;
    },
  );

  r.post(
    '/api/resources',
    {
      schema: {
        tags,
        summary: 'Register a resource of my organisation (GB/T 30523 core metadata, instrument fields, fees, booking rules)',
        body: Type.Object(fields, { additionalProperties: false }),
        response: { 201: ResourceOut, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createResource(deps, requireActor(req), req.body as svc.ResourceInput)),
  );

  r.get(
    '/api/resources/export',
    {
      schema: {
        tags,
        summary: 'Export my organisation’s resources (or all published ones for a platform admin) as XLSX or CSV',
        querystring: FormatQuery,
        response: { ...fileResponse('The list', SPREADSHEET_TYPES), ...problemResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      return sendSpreadsheet(reply, 'resources', format, await io.exportResources(deps, requireActor(req), format));
    },
  );

  r.get(
    '/api/resources/import-template',
    { schema: { tags, summary: 'The resource import sheet', querystring: FormatQuery, response: fileResponse('The sheet', SPREADSHEET_TYPES) } },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      return sendSpreadsheet(reply, 'resources-template', format, await io.resourceTemplate(format));
    },
  );

  r.post(
    '/api/resources/import',
    {
      schema: {
        tags,
        summary: 'Import resources of my organisation from XLSX/CSV: all rows or none, with a row report (422)',
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            dryRun: Type.Boolean(),
            imported: Type.Integer(),
            total: Type.Integer(),
            /** The audit batch of the import's entries (GET /api/audit?batch=…); null for a dry run. */
            batchId: Nullable(Type.String()),
          }),
          ...problemResponses(400, 401, 403, 422),
        },
      },
    },
    async (req) => {
      const { file, type } = uploadedFile(req.body, req.headers['content-type']);
      return io.importResources(deps, requireActor(req), file, type, req.query.dryRun ?? false);
    },
  );

  r.get(
    '/api/resources/:id',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'One resource with its fees, rules and opening hours (not signed in: the public view of GET /api/public/resources/:id)',
        params: IdParams,
        response: { 200: ResourceOut, ...problemResponses(404) },
      },
    },
    async (req, reply) => {
      if (!req.actor) return sendPublicView(reply, pub.PublicResource, await pub.getPublicResource(deps, req.params.id));
      return svc.getResource(deps, req.actor, req.params.id);
    },
  );

  r.patch(
    '/api/resources/:id',
    {
      schema: {
        tags,
        summary: 'Change a resource (its manager and its owner’s admins)',
        params: IdParams,
        body: Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: ResourceOut, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => svc.updateResource(deps, requireActor(req), req.params.id, req.body as Partial<svc.ResourceInput>),
  );

  // ---- photos (issue 15): raw image body, checked by its bytes; served by id ----
  const PhotoParams = Type.Object({ id: Id(), photoId: Id() });
  r.post(
    '/api/resources/:id/photos',
    {
      bodyLimit: PHOTO_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Upload a photo (JPEG, PNG or WebP by content, up to 5 MiB, raw body; its manager and its owner’s admins; at most 12)',
        params: IdParams,
        response: { 201: Photo, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await photos.uploadPhoto(deps, requireActor(req), req.params.id, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0))),
  );
  r.delete(
    '/api/resources/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'Remove a photo (its manager and its owner’s admins)',
        params: PhotoParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await photos.deletePhoto(deps, requireActor(req), req.params.id, req.params.photoId);
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/api/resources/:id/photos/:photoId',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'A photo (size=thumb: a JPEG that fits 480×360) of a resource the reader may see',
        params: PhotoParams,
        querystring: Type.Object({ size: Type.Optional(OneOf(['full', 'thumb'])) }),
        response: { ...fileResponse('The image', PHOTO_TYPES), ...problemResponses(404) },
      },
    },
    async (req, reply) => {
      const f = await photos.photoFile(deps, req.actor, req.params.id, req.params.photoId, req.query.size ?? 'full');
      return reply
        .header('content-type', f.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('cache-control', f.published ? 'public, max-age=86400' : 'private, no-store')
        .send(f.body);
    },
  );
}
