// HTTP routes of research-integrity records (Decision art. 17).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, problemResponses, requireActor } from '../../platform/http';
import { DateOnly, Id, Obj, SubIdParams, Text } from '../../platform/schemas';
import { JURISDICTION_CODES } from '../../platform/access';
import * as svc from './integrity.service';

const Day = DateOnly({ description: 'YYYY-MM-DD (Beijing time)' });

const RecordProps = {
  id: Type.Integer(),
  jurisdictionCode: Type.String(),
  subjectType: Type.String(),
  organizationId: Nullable(Type.Integer()),
  userId: Nullable(Type.Integer()),
  subjectName: Type.String(),
  subjectOrganization: Nullable(Type.String()),
  misconduct: Type.String(),
  outcome: Type.String(),
  decidingUnit: Type.String(),
  legalBasis: Type.String(),
  effectiveAt: Type.String(),
  endsAt: Type.String(),
  state: Type.String({ description: 'pending | active | expired | revoked' }),
  openAppeals: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const Appeal = Type.Object({
  id: Type.Integer(),
  appellant: Type.String(),
  reason: Type.String(),
  status: Type.String(),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
});
const RecordDetail = Type.Object({ ...RecordProps, appeals: Type.Array(Appeal) });

export default async function integrityRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['integrity'];
  r.get(
    '/api/integrity-records',
    {
      schema: {
        tags,
        summary: 'Integrity records: all for administrators of any jurisdiction (they count in all four), one’s own for everyone else',
        querystring: Obj({
          ...PageQuery,
          jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
          subjectType: Type.Optional(OneOf(['organization', 'person'])),
          state: Type.Optional(OneOf(['pending', 'active', 'expired', 'revoked'])),
          organizationId: Type.Optional(Id()),
          userId: Type.Optional(Id()),
          q: Type.Optional(Text(100)),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Type.Object(RecordProps)), ...problemResponses(400, 401) },
      },
    },
    async (req) => svc.listRecords(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/integrity-records',
    {
      schema: {
        tags,
        summary: 'Record a misconduct decision of one’s own jurisdiction',
        body: Obj({
          jurisdictionCode: Type.Optional(OneOf(JURISDICTION_CODES)),
          subjectType: OneOf(['organization', 'person'] as const),
          organizationId: Type.Optional(Id()),
          userId: Type.Optional(Id()),
          misconduct: Text(1000, 1),
          outcome: Text(1000, 1),
          decidingUnit: Text(200, 1),
          legalBasis: Text(500, 1),
          effectiveOn: Day,
          endsOn: Day,
        }),
        response: { 201: RecordDetail, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createRecord(deps, requireActor(req), req.body)),
  );
  r.get(
    '/api/integrity-records/:id',
    { schema: { tags, summary: 'A record with its appeals', params: IdParams, response: { 200: RecordDetail, ...problemResponses(401, 404) } } },
    async (req) => svc.getRecord(deps, requireActor(req), req.params.id),
  );
  r.patch(
    '/api/integrity-records/:id',
    {
      schema: {
        tags,
        summary: 'Correct a record (recording jurisdiction; the reason goes to the audit log)',
        params: IdParams,
        body: Obj(
          {
            misconduct: Type.Optional(Text(1000, 1)),
            outcome: Type.Optional(Text(1000, 1)),
            decidingUnit: Type.Optional(Text(200, 1)),
            legalBasis: Type.Optional(Text(500, 1)),
            effectiveOn: Type.Optional(Day),
            endsOn: Type.Optional(Day),
            reason: Text(1000, 1),
          },
          { minProperties: 2 },
        ),
        response: { 200: RecordDetail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => svc.correctRecord(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/integrity-records/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a record',
        params: IdParams,
        body: Obj({ reason: Text(1000, 1) }),
        response: { 200: RecordDetail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => svc.revokeRecord(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/integrity-records/:id/appeals',
    {
      schema: {
        tags,
        summary: 'Appeal a record (its subject)',
        params: IdParams,
        body: Obj({ reason: Text(4000, 1) }),
        response: { 201: RecordDetail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.appeal(deps, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/integrity-records/:id/appeals/:appealId/decide',
    {
      schema: {
        tags,
        summary: 'Decide an appeal; upheld revokes the record',
        params: SubIdParams('appealId'),
        body: Obj({ upheld: Type.Boolean(), note: Text(1000, 1) }),
        response: { 200: RecordDetail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => svc.decideAppeal(deps, requireActor(req), req.params.id, req.params.appealId, req.body),
  );
}
