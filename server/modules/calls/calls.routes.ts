// HTTP routes of joint research calls, the expert pool, reviewer assignment and reviews
// (Decision arts. 6, 7, 15).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, OneOf, PageQuery, problemResponses, requireActor } from '../../platform/http';
import { Id, Obj, Text } from '../../platform/schemas';
import { JURISDICTION_CODES } from '../../platform/access';
import { DOCUMENT_LIMIT_BYTES, documentFrom } from '../../platform/files';
import * as svc from './calls.service';
import * as experts from './experts.service';

const DateTime = Type.String({ format: 'date-time' });
const Fen = Type.Integer({ minimum: 1, maximum: 100_000_000_000 });
const Discipline = Type.String({ pattern: '^\\d{3}(\\d{2}(\\d{2})?)?$', description: 'GB/T 13745 code: 3, 5 or 7 digits' });
const Any = Type.Any();
const SubId = (name: string) => Type.Object({ id: Id(), [name]: Id() });

export default async function callRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['calls'];
  const etags = ['experts'];

  r.get(
    '/api/calls',
    {
      schema: {
        tags,
        summary: 'Calls (drafts only for their department and poser)',
        querystring: Obj({ ...PageQuery, kind: Type.Optional(OneOf(svc.CALL_KINDS)), status: Type.Optional(OneOf(svc.CALL_STATUSES)), jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)), q: Type.Optional(Text(100)), sort: Type.Optional(Text(20)) }),
        response: { 200: Any, ...problemResponses(400, 401) },
      },
    },
    async (req) => svc.listCalls(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/calls',
    {
      schema: {
        tags,
        summary: 'Draft a call (a department: any kind; an enterprise admin: a 揭榜挂帅 challenge it poses)',
        body: Obj({
          kind: OneOf(svc.CALL_KINDS),
          jurisdictionCode: Type.Optional(OneOf(JURISDICTION_CODES)),
          poserOrgId: Type.Optional(Id()),
          title: Text(300, 2),
          description: Text(20_000, 1),
          goals: Type.Optional(Text(10_000)),
          indicators: Type.Optional(Text(10_000)),
          milestones: Type.Optional(Type.Array(Obj({ title: Text(200, 1), due: Type.String({ format: 'date' }) }), { maxItems: 12 })),
          disciplines: Type.Optional(Type.Array(Discipline, { maxItems: 20 })),
          keywords: Type.Optional(Type.Array(Text(50, 1), { maxItems: 30 })),
          budgetFen: Fen,
          opensAt: DateTime,
          deadline: DateTime,
          shares: Type.Optional(Type.Record(Type.String(), Type.Integer())),
          raceTeams: Type.Optional(Type.Integer({ minimum: 2, maximum: 5 })),
          firstTrancheBp: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          reviewersPerApplication: Type.Optional(Type.Integer({ minimum: 1, maximum: 15 })),
          maxPerExpert: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          excludeSameJurisdiction: Type.Optional(Type.Boolean()),
        }),
        response: { 201: Any, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createCall(deps, requireActor(req), req.body as svc.CallInput)),
  );
  r.get('/api/calls/:id', { schema: { tags, summary: 'A call', params: IdParams, response: { 200: Any, ...problemResponses(401, 404) } } }, async (req) => svc.getCall(deps, requireActor(req), req.params.id));
  r.post(
    '/api/calls/:id/transition',
    { schema: { tags, summary: 'Move a call along draft → published → open → closed → review → decision → notice → awarded → milestones → completed, or terminate it', params: IdParams, body: Obj({ to: OneOf(svc.CALL_STATUSES), note: Type.Optional(Text(1000)) }), response: { 200: Any, ...problemResponses(400, 401, 403, 404, 409, 422) } } },
    async (req) => svc.transitionCall(deps, requireActor(req), req.params.id, req.body as { to: svc.CallStatus; note?: string }),
  );
  r.get(
    '/api/calls/:id/applications',
    { schema: { tags, summary: 'Applications / bids: all for the department and the poser, one’s own for applicants', params: IdParams, querystring: Obj({ ...PageQuery, status: Type.Optional(Text(20)), sort: Type.Optional(Text(20)) }), response: { 200: Any, ...problemResponses(401, 404) } } },
    async (req) => svc.listApplications(deps, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/calls/:id/applications',
    {
      schema: {
        tags,
        summary: 'Apply (or bid on a challenge) with the team, budget and plan; no age, degree or title limits',
        params: IdParams,
        body: Obj({
          title: Text(300, 2),
          summary: Text(10_000, 1),
          plan: Type.Optional(Text(20_000)),
          budgetFen: Fen,
          disciplines: Type.Optional(Type.Array(Discipline, { maxItems: 20 })),
          keywords: Type.Optional(Type.Array(Text(50, 1), { maxItems: 30 })),
          members: Type.Array(Obj({ name: Text(100, 1), userId: Type.Optional(Id()), organizationId: Id(), role: Type.Optional(Text(50)) }), { maxItems: 50 }),
        }),
        response: { 201: Any, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.applyToCall(deps, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/calls/:id/applications/:applicationId/attachments',
    {
      bodyLimit: DOCUMENT_LIMIT_BYTES,
      schema: { tags, summary: 'Attach a file (PDF, PNG or JPEG up to 5 MiB, raw body; at most 10)', params: SubId('applicationId'), querystring: Obj({ filename: Text(200, 1) }), response: { 201: Any, ...problemResponses(400, 401, 404, 413, 415, 422) } },
    },
    async (req, reply) => {
      return reply.code(201).send(await svc.addAttachment(deps, requireActor(req), req.params.id, req.params.applicationId, { ...documentFrom(req), filename: req.query.filename }));
    },
  );
  r.get('/api/calls/:id/attachments/:attachmentId', { schema: { tags, summary: 'An attachment', params: SubId('attachmentId'), response: problemResponses(401, 404) } }, async (req, reply) => {
    const f = await svc.attachmentFile(deps, requireActor(req), req.params.id, req.params.attachmentId);
    return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(f.filename)}`).header('x-content-type-options', 'nosniff').send(f.content);
  });
  r.post(
    '/api/calls/:id/assignments',
    {
      schema: {
        tags,
        summary: 'Assign reviewers optimally (min-cost flow over the conflict-free top-K affinity graph); fair mode raises the worst-served application',
        params: IdParams,
        body: Obj({ k: Type.Optional(Type.Integer({ minimum: 1, maximum: 15 })), maxPerExpert: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), minPerExpert: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })), mode: Type.Optional(OneOf(['total', 'fair'] as const)) }),
        response: { 200: Any, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => svc.runAssignment(deps, requireActor(req), req.params.id, req.body as { k?: number; maxPerExpert?: number; minPerExpert?: number; mode?: 'total' | 'fair' }),
  );
  r.get('/api/calls/:id/assignments', { schema: { tags, summary: 'The assignment and its figures', params: IdParams, response: { 200: Any, ...problemResponses(401, 403, 404) } } }, async (req) =>
    svc.assignmentReport(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/calls/:id/assignments/manual',
    { schema: { tags, summary: 'Add one reviewer by hand (refused with the conflict named if conflicted)', params: IdParams, body: Obj({ applicationId: Id(), expertUserId: Id() }), response: { 200: Any, ...problemResponses(400, 401, 403, 404, 409, 422) } } },
    async (req) => svc.assignManually(deps, requireActor(req), req.params.id, req.body),
  );
  r.get('/api/calls/:id/ranking', { schema: { tags, summary: 'Applications ranked by trimmed mean score (department and poser)', params: IdParams, response: { 200: Any, ...problemResponses(401, 403, 404) } } }, async (req) =>
    svc.ranking(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/calls/:id/decision',
    { schema: { tags, summary: 'Decide the awards', params: IdParams, body: Obj({ awards: Type.Array(Obj({ applicationId: Id(), amountFen: Fen }), { minItems: 1, maxItems: 200 }), note: Type.Optional(Text(4000)) }), response: { 200: Any, ...problemResponses(400, 401, 403, 404, 422) } } },
    async (req) => svc.decide(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/calls/:id/poser-opinion',
    { schema: { tags, summary: '揭榜挂帅: the poser states which bids it prefers (it takes part in selection)', params: IdParams, body: Obj({ preferredApplicationIds: Type.Array(Id(), { maxItems: 20 }), note: Text(4000, 1) }), response: { 200: Any, ...problemResponses(400, 401, 403, 404, 422) } } },
    async (req) => svc.poserOpinion(deps, requireActor(req), req.params.id, req.body),
  );
  r.get('/api/calls/:id/funding', { schema: { tags, summary: 'Funding: shares by jurisdiction, tranches', params: IdParams, response: { 200: Any, ...problemResponses(401, 404) } } }, async (req) => svc.funding(deps, requireActor(req), req.params.id));
  r.post(
    '/api/calls/:id/milestones',
    { schema: { tags, summary: 'Assess a milestone: failed horse-race teams are eliminated, survivors get the next tranche', params: IdParams, body: Obj({ milestone: Type.Integer({ minimum: 1, maximum: 12 }), results: Type.Array(Obj({ applicationId: Id(), passed: Type.Boolean(), note: Type.Optional(Text(1000)) }), { minItems: 1 }) }), response: { 200: Any, ...problemResponses(400, 401, 403, 404, 409, 422) } } },
    async (req) => svc.assessMilestone(deps, requireActor(req), req.params.id, req.body),
  );

  // ---- reviews ----
  r.get('/api/reviews', { schema: { tags, summary: 'My review queue (never shows the other reviewers)', querystring: Obj({ ...PageQuery, status: Type.Optional(OneOf(['assigned', 'submitted', 'conflict'])), callId: Type.Optional(Id()), sort: Type.Optional(Text(20)) }), response: { 200: Any, ...problemResponses(401) } } }, async (req) =>
    svc.myReviews(deps, requireActor(req), req.query),
  );
  r.get('/api/reviews/:id', { schema: { tags, summary: 'One of my reviews', params: IdParams, response: { 200: Any, ...problemResponses(401, 404) } } }, async (req) => svc.getReview(deps, requireActor(req), req.params.id));
  const Score = Type.Integer({ minimum: 0, maximum: 25 });
  r.post(
    '/api/reviews/:id',
    {
      schema: {
        tags,
        summary: 'Score an application: four criteria, 0–25 each (total 0–100)',
        params: IdParams,
        body: Obj({ scores: Obj({ novelty: Score, feasibility: Score, team: Score, impact: Score }), comment: Text(10_000, 1) }),
        response: { 200: Any, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => svc.submitReview(deps, requireActor(req), req.params.id, req.body),
  );
  r.post('/api/reviews/:id/conflict', { schema: { tags, summary: 'Declare a conflict discovered while reviewing', params: IdParams, body: Obj({ note: Text(1000, 1) }), response: { 200: Any, ...problemResponses(400, 401, 404, 422) } } }, async (req) =>
    svc.declareReviewConflict(deps, requireActor(req), req.params.id, req.body),
  );

  // ---- experts ----
  r.get(
    '/api/experts',
    { schema: { tags: etags, summary: 'The shared expert pool of the four jurisdictions', querystring: Obj({ ...PageQuery, q: Type.Optional(Text(100)), jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)), discipline: Type.Optional(Text(7)), availability: Type.Optional(OneOf(['available', 'busy', 'unavailable'])), sort: Type.Optional(Text(20)) }), response: { 200: Any, ...problemResponses(400, 401) } } },
    async (req) => experts.listExperts(deps, requireActor(req), req.query),
  );
  r.get('/api/experts/:id', { schema: { tags: etags, summary: 'An expert (relations: the expert and administrators)', params: IdParams, response: { 200: Any, ...problemResponses(401, 404) } } }, async (req) =>
    experts.getExpert(deps, requireActor(req), req.params.id),
  );
  r.put(
    '/api/experts/:id',
    {
      schema: {
        tags: etags,
        summary: 'Create or update an expert profile (the expert, or an administrator)',
        params: IdParams,
        body: Obj({ title: Type.Optional(Text(100)), disciplines: Type.Array(Discipline, { maxItems: 20 }), keywords: Type.Array(Text(50, 1), { maxItems: 30 }), availability: OneOf(['available', 'busy', 'unavailable']), bio: Type.Optional(Text(4000)) }),
        response: { 200: Any, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => experts.upsertProfile(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/experts/:id/relations',
    {
      schema: {
        tags: etags,
        summary: 'Declare a relation (co-author, collaborator, advisor, advisee, family, declared) — by the expert, or by the other side',
        params: IdParams,
        body: Obj({ kind: OneOf(experts.RELATION_KINDS), otherUserId: Type.Optional(Id()), otherOrganizationId: Type.Optional(Id()), otherName: Type.Optional(Text(200)), since: Type.Optional(Type.String({ format: 'date' })), until: Type.Optional(Type.String({ format: 'date' })), note: Type.Optional(Text(500)) }),
        response: { 201: Any, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await experts.declareRelation(deps, requireActor(req), req.params.id, req.body)),
  );
}
