import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, SPREADSHEET_TYPES, fileResponse, problemResponses, requireActor } from '../../platform/http';
import { Id, Text } from '../../platform/schemas';
import { FormatQuery, sendSpreadsheet, uploadedFile } from '../../platform/files';
import { JURISDICTION_CODES, ROLES } from '../../platform/access';
import * as svc from './users.service';

const User = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    email: Nullable(Type.String()),
    role: Type.String(),
    status: Type.String(),
    organizationId: Type.Integer(),
    organizationName: Type.String(),
    organizationJurisdiction: Type.String(),
    jurisdictionCode: Nullable(Type.String()),
    departmentId: Nullable(Type.Integer()),
    lockedUntil: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'User' },
);

const Filters = {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the username or display name' })),
  organizationId: Type.Optional(Id()),
  jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
  role: Type.Optional(OneOf(ROLES)),
  status: Type.Optional(OneOf(['active', 'disabled', 'pending'])),
  sort: Type.Optional(OneOf(['username', '-username', 'createdAt', '-createdAt'])),
};

export default async function userRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['users'];

  r.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Users within my scope (platform: all; jurisdiction admin: their jurisdiction; org admin: their organisation; others: themselves)',
        querystring: Type.Object({ ...Filters, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Type.Ref('User')), ...problemResponses(400, 401) },
      },
    },
    async (req) => svc.listUsers(deps, requireActor(req), req.query),
  );

  r.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a user account',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            displayName: Text(100, 1),
            email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            organizationId: Id(),
            role: OneOf(ROLES),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            departmentId: Type.Optional(Nullable(Id())),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('User'), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createUser(deps, requireActor(req), req.body)),
  );

  r.get(
    '/api/users/export',
    {
      schema: {
        tags,
        summary: 'Export the filtered list as XLSX or CSV (no passwords)',
        querystring: Type.Object({ ...Filters, ...FormatQuery.properties }, { additionalProperties: false }),
        response: { ...fileResponse('The list as XLSX or CSV', SPREADSHEET_TYPES), ...problemResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      return sendSpreadsheet(reply, 'users', format, await svc.exportUsers(deps, requireActor(req), req.query, format));
    },
  );

  r.get(
    '/api/users/import-template',
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
      return sendSpreadsheet(reply, 'users-template', format, await svc.userTemplate(format));
    },
  );

  r.post(
    '/api/users/import',
    {
      schema: {
        tags,
        summary: 'Import users from XLSX/CSV: all rows or none, with a row-by-row error report (422)',
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
      return svc.importUsers(deps, requireActor(req), file, type, req.query.dryRun ?? false);
    },
  );

  r.get(
    '/api/users/:id',
    { schema: { tags, summary: 'One user', params: IdParams, response: { 200: Type.Ref('User'), ...problemResponses(401, 404) } } },
    async (req) => svc.getUser(deps, requireActor(req), req.params.id),
  );

  r.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary:
          'Change a user (name, e-mail and password: the user, from a signed-in session, with the current password; role, department and status: their administrators). A new password ends the account’s other sessions and revokes its API tokens.',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(Text(100, 1)),
            email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            role: Type.Optional(OneOf(ROLES)),
            status: Type.Optional(OneOf(['active', 'disabled'])),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'required with password when it is your own' })),
            departmentId: Type.Optional(Nullable(Id())),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Ref('User'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => svc.updateUser(deps, requireActor(req), req.params.id, req.body, req.sessionId),
  );

  r.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags,
        summary: 'Lift a lock-out after repeated failed sign-ins',
        params: IdParams,
        response: { 200: Type.Ref('User'), ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => svc.unlockUser(deps, requireActor(req), req.params.id),
  );
}

export { User };
