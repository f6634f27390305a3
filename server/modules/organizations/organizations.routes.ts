import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, SPREADSHEET_TYPES, fileResponse, problemResponses, requireActor } from '../../platform/http';
import { Id, Text } from '../../platform/schemas';
import { FormatQuery, sendSpreadsheet, uploadedFile } from '../../platform/files';
import { ENTERPRISE_TIERS, JURISDICTION_CODES, ORG_TYPES } from '../../platform/access';
import * as svc from './organizations.service';

const Organization = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    uscc: Type.String(),
    type: Type.String(),
    jurisdictionCode: Type.String(),
    city: Nullable(Type.String()),
    tier: Nullable(Type.String()),
    departmentId: Nullable(Type.Integer()),
    establishedOn: Nullable(Type.String()),
    status: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    userCount: Type.Integer(),
  },
  { $id: 'Organization' },
);

const fields = {
  name: Text(200, 1),
  uscc: Text(40, 1, { description: 'Unified Social Credit Code (GB 32100-2015), 18 characters' }),
  type: OneOf(ORG_TYPES),
  jurisdictionCode: OneOf(JURISDICTION_CODES),
  city: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  tier: Type.Optional(Nullable(OneOf(ENTERPRISE_TIERS))),
  departmentId: Type.Optional(Nullable(Id())),
  establishedOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
};

const CreateBody = Type.Object(fields, { additionalProperties: false });
const PatchBody = Type.Object(
  {
    name: Type.Optional(fields.name),
    uscc: Type.Optional(fields.uscc),
    type: Type.Optional(fields.type),
    jurisdictionCode: Type.Optional(fields.jurisdictionCode),
    city: fields.city,
    tier: fields.tier,
    departmentId: fields.departmentId,
    establishedOn: fields.establishedOn,
    status: Type.Optional(OneOf(['active', 'inactive'])),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Filters = {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Name (folded: traditional/simplified, full/half width) or USCC' })),
  jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
  type: Type.Optional(OneOf(ORG_TYPES)),
  tier: Type.Optional(OneOf(ENTERPRISE_TIERS)),
  status: Type.Optional(OneOf(['active', 'inactive'])),
  sort: Type.Optional(OneOf(['name', '-name', 'createdAt', '-createdAt', 'uscc', '-uscc'])),
};

export default async function organizationRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['organizations'];

  r.get(
    '/api/organizations',
    {
      schema: {
        tags,
        summary: 'Search and list organisations (paginated, filterable, sortable)',
        querystring: Type.Object({ ...Filters, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Type.Ref('Organization')), ...problemResponses(400, 401) },
      },
    },
    async (req) => svc.listOrganizations(deps, requireActor(req), req.query),
  );

  r.post(
    '/api/organizations',
    {
      schema: {
        tags,
        summary: 'Register an organisation',
        body: CreateBody,
        response: { 201: Type.Ref('Organization'), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createOrganization(deps, requireActor(req), req.body)),
  );

  r.get(
    '/api/organizations/export',
    {
      schema: {
        tags,
        summary: 'Export the filtered list as XLSX or CSV',
        querystring: Type.Object({ ...Filters, ...FormatQuery.properties }, { additionalProperties: false }),
        response: { ...fileResponse('The list as XLSX or CSV', SPREADSHEET_TYPES), ...problemResponses(400, 401) },
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      return sendSpreadsheet(reply, 'organizations', format, await svc.exportOrganizations(deps, requireActor(req), req.query, format));
    },
  );

  r.get(
    '/api/organizations/import-template',
    {
      schema: {
        tags,
        summary: 'An empty import sheet with the expected columns',
        querystring: FormatQuery,
        response: fileResponse('The sheet', SPREADSHEET_TYPES),
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      return sendSpreadsheet(reply, 'organizations-template', format, await svc.organizationTemplate(format));
    },
  );

  r.post(
    '/api/organizations/import',
    {
      schema: {
        tags,
        summary: 'Import organisations from XLSX/CSV: all rows or none, with a row-by-row error report (422)',
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            dryRun: Type.Boolean(),
            imported: Type.Integer(),
            total: Type.Integer(),
            /** The audit batch of the import's entries (GET /api/audit?batch=…); null for a dry run. */
            batchId: Nullable(Type.String()),
          }),
          ...problemResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (req) => {
      const { file, type } = uploadedFile(req.body, req.headers['content-type']);
      return svc.importOrganizations(deps, requireActor(req), file, type, req.query.dryRun ?? false);
    },
  );

  r.get(
    '/api/organizations/:id',
    { schema: { tags, summary: 'One organisation', params: IdParams, response: { 200: Type.Ref('Organization'), ...problemResponses(401, 404) } } },
    async (req) => svc.getOrganization(deps, requireActor(req), req.params.id),
  );

  r.patch(
    '/api/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Change an organisation',
        params: IdParams,
        body: PatchBody,
        response: { 200: Type.Ref('Organization'), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => svc.updateOrganization(deps, requireActor(req), req.params.id, req.body),
  );

  r.delete(
    '/api/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Delete an organisation without users',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await svc.deleteOrganization(deps, requireActor(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}

export { Organization };
