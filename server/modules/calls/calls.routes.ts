// HTTP routes of joint research calls, the expert pool, reviewer assignment and reviews
// (Decision arts. 6, 7, 15).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, fileResponse, problemResponses, requireActor } from '../../platform/http';
import { DateOnly, DateTime, Fen, Id, Obj, SubIdParams, Text } from '../../platform/schemas';
import { JURISDICTION_CODES } from '../../platform/access';
import { DOCUMENT_LIMIT_BYTES, DOCUMENT_TYPES, documentFrom } from '../../platform/files';
import * as svc from './calls.service';
import * as applications from './applications.service';
import * as reviews from './reviews.service';
import * as awards from './awards.service';
import * as experts from './experts.service';

const Discipline = Type.String({ pattern: '^\\d{3}(\\d{2}(\\d{2})?)?$', description: 'GB/T 13745 code: 3, 5 or 7 digits' });
const Amount = Fen({ minimum: 1 });

// ---- responses (what the services return, property for property: undeclared ones are dropped) ----

const CallProps = {
  id: Type.Integer(),
  kind: Type.String(),
  jurisdictionCode: Type.String(),
  poserOrgId: Nullable(Type.Integer()),
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
  shares: Type.Record(Type.String(), Type.Integer(), { description: 'joint fund: basis points per jurisdiction' }),
  raceTeams: Type.Integer(),
  firstTrancheBp: Type.Integer(),
  reviewersPerApplication: Type.Integer(),
  maxPerExpert: Type.Integer(),
  excludeSameJurisdiction: Type.Boolean(),
  status: Type.String(),
  decisionNote: Nullable(Type.String()),
  poserOpinion: Nullable(Type.Object({ preferredApplicationIds: Type.Array(Type.Integer()), note: Type.String(), at: Type.String() })),
  noticeEndsAt: Nullable(Type.String()),
  applications: Type.Integer({ description: 'applications not withdrawn' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const Call = Type.Object(CallProps);
const CallDetail = Type.Object({ ...CallProps, poserName: Nullable(Type.String()), canManage: Type.Boolean(), isPoser: Type.Boolean() });

const Member = Type.Object({
  name: Type.String(),
  userId: Type.Optional(Type.Integer()),
  organizationId: Type.Integer(),
  role: Type.String(),
  organizationName: Type.String(),
  jurisdictionCode: Type.String(),
});
const Attachment = Type.Object({ id: Type.Integer(), filename: Type.String(), contentType: Type.String(), size: Type.Integer(), createdAt: Type.String() });
const ApplicationProps = {
  id: Type.Integer(),
  callId: Type.Integer(),
  applicantOrgId: Type.Integer(),
  applicantOrgName: Type.String(),
  leadUserId: Type.Integer(),
  leadName: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  plan: Type.String(),
  budgetFen: Type.Integer(),
  disciplines: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  members: Type.Array(Member),
  jurisdictions: Type.Array(Type.String()),
  status: Type.String(),
  awardFen: Nullable(Type.Integer()),
  attachments: Type.Array(Attachment),
  // Only where scores are shown (the department and the poser, from the decision on).
  reviews: Type.Optional(Type.Integer()),
  meanScore: Type.Optional(Nullable(Type.Number())),
  trimmedMeanScore: Type.Optional(Nullable(Type.Number())),
  createdAt: Type.String(),
};
const Application = Type.Object(ApplicationProps);
const Ranking = Type.Object({
  callId: Type.Integer(),
  status: Type.String(),
  kind: Type.String(),
  budgetFen: Type.Integer(),
  items: Type.Array(Type.Object({ ...ApplicationProps, rank: Type.Integer() })),
});

const AssignedReviewer = Type.Object({
  assignmentId: Type.Integer(),
  expertUserId: Type.Integer(),
  name: Type.String(),
  organizationName: Type.String(),
  jurisdictionCode: Type.String(),
  affinity: Type.Number(),
  status: Type.String(),
});
const AssignmentReport = Type.Object({
  callId: Type.Integer(),
  k: Type.Integer(),
  maxPerExpert: Type.Integer(),
  totalAffinity: Type.Number(),
  minApplicationAffinity: Type.Number(),
  meanApplicationAffinity: Type.Number(),
  load: Type.Object({ experts: Type.Integer(), min: Type.Integer(), max: Type.Integer(), mean: Type.Number(), stddev: Type.Number() }),
  uncovered: Type.Array(
    Type.Object({
      applicationId: Type.Integer(),
      assigned: Type.Integer(),
      reason: Type.String({ description: 'no-candidates | capacity' }),
      title: Type.String(),
    }),
  ),
  excludedByConflict: Nullable(Type.Record(Type.String(), Type.Integer(), { description: 'candidates excluded, by conflict; only in the answer to a run' })),
  applications: Type.Array(
    Type.Object({ applicationId: Type.Integer(), title: Type.String(), reviewers: Type.Array(AssignedReviewer), affinity: Type.Number() }),
  ),
});

const Funding = Type.Object({
  callId: Type.Integer(),
  kind: Type.String(),
  totalFen: Type.Integer(),
  byJurisdiction: Type.Array(Type.Object({ jurisdictionCode: Type.String(), shareBp: Type.Integer(), amountFen: Type.Integer() })),
  firstTrancheFen: Nullable(Type.Integer()),
  teams: Type.Array(
    Type.Object({
      applicationId: Type.Integer(),
      title: Type.String(),
      status: Type.String(),
      awardFen: Type.Integer(),
      tranches: Type.Array(Type.Object({ milestone: Type.Integer(), amountFen: Type.Integer() })),
    }),
  ),
  milestones: Type.Array(
    Type.Object({
      applicationId: Type.Integer(),
      milestone: Type.Integer(),
      passed: Type.Boolean(),
      trancheFen: Type.Integer(),
      note: Type.String(),
      assessedAt: Type.String(),
    }),
  ),
});

const Score = Type.Integer({ minimum: 0, maximum: 25 });
const Scores = { novelty: Score, feasibility: Score, team: Score, impact: Score };
const Review = Type.Object({
  id: Type.Integer(),
  callId: Type.Integer(),
  callTitle: Type.String(),
  callKind: Type.String(),
  callStatus: Type.String(),
  status: Type.String({ description: 'assigned | submitted | conflict' }),
  scores: Nullable(Type.Object(Scores)),
  totalScore: Nullable(Type.Number()),
  comment: Nullable(Type.String()),
  conflictNote: Nullable(Type.String()),
  application: Application,
  createdAt: Type.String(),
  submittedAt: Nullable(Type.String()),
});

const ExpertProps = {
  userId: Type.Integer(),
  name: Type.String(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  jurisdictionCode: Type.String(),
  title: Type.String(),
  disciplines: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  availability: Type.String(),
  bio: Type.String(),
  updatedAt: Type.String(),
};
const Relation = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  otherUserId: Nullable(Type.Integer()),
  otherOrganizationId: Nullable(Type.Integer()),
  otherName: Type.String(),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
  note: Type.String(),
  declaredByExpert: Type.Boolean(),
  createdAt: Type.String(),
});
const ExpertDetail = Type.Object({ ...ExpertProps, relations: Type.Array(Relation, { description: 'only for the expert and administrators' }) });

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
        querystring: Obj({
          ...PageQuery,
          kind: Type.Optional(OneOf(svc.CALL_KINDS)),
          status: Type.Optional(OneOf(svc.CALL_STATUSES)),
          jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
          q: Type.Optional(Text(100)),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Call), ...problemResponses(400, 401) },
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
          milestones: Type.Optional(Type.Array(Obj({ title: Text(200, 1), due: DateOnly() }), { maxItems: 12 })),
          disciplines: Type.Optional(Type.Array(Discipline, { maxItems: 20 })),
          keywords: Type.Optional(Type.Array(Text(50, 1), { maxItems: 30 })),
          budgetFen: Amount,
          opensAt: DateTime(),
          deadline: DateTime(),
          shares: Type.Optional(Type.Record(Type.String(), Type.Integer())),
          raceTeams: Type.Optional(Type.Integer({ minimum: 2, maximum: 5 })),
          firstTrancheBp: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          reviewersPerApplication: Type.Optional(Type.Integer({ minimum: 1, maximum: 15 })),
          maxPerExpert: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          excludeSameJurisdiction: Type.Optional(Type.Boolean()),
        }),
        response: { 201: CallDetail, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createCall(deps, requireActor(req), req.body)),
  );
  r.get(
    '/api/calls/:id',
    { schema: { tags, summary: 'A call', params: IdParams, response: { 200: CallDetail, ...problemResponses(401, 404) } } },
    async (req) => svc.getCall(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/calls/:id/transition',
    {
      schema: {
        tags,
        summary: 'Move a call along draft → published → open → closed → review → decision → notice → awarded → milestones → completed, or terminate it',
        params: IdParams,
        body: Obj({ to: OneOf(svc.CALL_STATUSES), note: Type.Optional(Text(1000)) }),
        response: { 200: CallDetail, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => svc.transitionCall(deps, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/calls/:id/applications',
    {
      schema: {
        tags,
        summary: 'Applications / bids: all for the department and the poser, one’s own for applicants',
        params: IdParams,
        querystring: Obj({ ...PageQuery, status: Type.Optional(Text(20)), sort: Type.Optional(Text(20)) }),
        response: { 200: Page(Application), ...problemResponses(401, 404) },
      },
    },
    async (req) => applications.listApplications(deps, requireActor(req), req.params.id, req.query),
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
          budgetFen: Amount,
          disciplines: Type.Optional(Type.Array(Discipline, { maxItems: 20 })),
          keywords: Type.Optional(Type.Array(Text(50, 1), { maxItems: 30 })),
          members: Type.Array(Obj({ name: Text(100, 1), userId: Type.Optional(Id()), organizationId: Id(), role: Type.Optional(Text(50)) }), { maxItems: 50 }),
        }),
        response: { 201: Application, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await applications.applyToCall(deps, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/calls/:id/applications/:applicationId/attachments',
    {
      bodyLimit: DOCUMENT_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Attach a file (PDF, PNG or JPEG up to 5 MiB, raw body; at most 10)',
        params: SubIdParams('applicationId'),
        querystring: Obj({ filename: Text(200, 1) }),
        response: { 201: Application, ...problemResponses(400, 401, 404, 413, 415, 422) },
      },
    },
    async (req, reply) => {
      return reply.code(201).send(
        await applications.addAttachment(deps, requireActor(req), req.params.id, req.params.applicationId, {
          ...documentFrom(req),
          filename: req.query.filename,
        }),
      );
    },
  );
  r.get(
    '/api/calls/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'An attachment',
        params: SubIdParams('attachmentId'),
        response: { ...fileResponse('The document as uploaded', DOCUMENT_TYPES), ...problemResponses(401, 404) },
      },
    },
    async (req, reply) => {
      const f = await applications.attachmentFile(deps, requireActor(req), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.content);
    },
  );
  r.post(
    '/api/calls/:id/assignments',
    {
      schema: {
        tags,
        summary: 'Assign reviewers optimally (min-cost flow over the conflict-free top-K affinity graph); fair mode raises the worst-served application',
        params: IdParams,
        body: Obj({
          k: Type.Optional(Type.Integer({ minimum: 1, maximum: 15 })),
          maxPerExpert: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          minPerExpert: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
          mode: Type.Optional(OneOf(['total', 'fair'] as const)),
        }),
        response: { 200: AssignmentReport, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => reviews.runAssignment(deps, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/calls/:id/assignments',
    { schema: { tags, summary: 'The assignment and its figures', params: IdParams, response: { 200: AssignmentReport, ...problemResponses(401, 403, 404) } } },
    async (req) => reviews.assignmentReport(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/calls/:id/assignments/manual',
    {
      schema: {
        tags,
        summary: 'Add one reviewer by hand (refused with the conflict named if conflicted)',
        params: IdParams,
        body: Obj({ applicationId: Id(), expertUserId: Id() }),
        response: { 200: AssignmentReport, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => reviews.assignManually(deps, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/calls/:id/ranking',
    {
      schema: {
        tags,
        summary: 'Applications ranked by trimmed mean score (department and poser)',
        params: IdParams,
        response: { 200: Ranking, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => awards.ranking(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/calls/:id/decision',
    {
      schema: {
        tags,
        summary: 'Decide the awards',
        params: IdParams,
        body: Obj({ awards: Type.Array(Obj({ applicationId: Id(), amountFen: Amount }), { minItems: 1, maxItems: 200 }), note: Type.Optional(Text(4000)) }),
        response: { 200: Funding, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => awards.decide(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/calls/:id/poser-opinion',
    {
      schema: {
        tags,
        summary: '揭榜挂帅: the poser states which bids it prefers (it takes part in selection)',
        params: IdParams,
        body: Obj({ preferredApplicationIds: Type.Array(Id(), { maxItems: 20 }), note: Text(4000, 1) }),
        response: { 200: CallDetail, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => awards.poserOpinion(deps, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/calls/:id/funding',
    { schema: { tags, summary: 'Funding: shares by jurisdiction, tranches', params: IdParams, response: { 200: Funding, ...problemResponses(401, 404) } } },
    async (req) => awards.funding(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/calls/:id/milestones',
    {
      schema: {
        tags,
        summary: 'Assess a milestone: failed horse-race teams are eliminated, survivors get the next tranche',
        params: IdParams,
        body: Obj({
          milestone: Type.Integer({ minimum: 1, maximum: 12 }),
          results: Type.Array(Obj({ applicationId: Id(), passed: Type.Boolean(), note: Type.Optional(Text(1000)) }), { minItems: 1 }),
        }),
        response: { 200: Funding, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => awards.assessMilestone(deps, requireActor(req), req.params.id, req.body),
  );

  // ---- reviews ----
  r.get(
    '/api/reviews',
    {
      schema: {
        tags,
        summary: 'My review queue (never shows the other reviewers)',
        querystring: Obj({
          ...PageQuery,
          status: Type.Optional(OneOf(['assigned', 'submitted', 'conflict'])),
          callId: Type.Optional(Id()),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Review), ...problemResponses(401) },
      },
    },
    async (req) => reviews.myReviews(deps, requireActor(req), req.query),
  );
  r.get(
    '/api/reviews/:id',
    { schema: { tags, summary: 'One of my reviews', params: IdParams, response: { 200: Review, ...problemResponses(401, 404) } } },
    async (req) => reviews.getReview(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/reviews/:id',
    {
      schema: {
        tags,
        summary: 'Score an application: four criteria, 0–25 each (total 0–100)',
        params: IdParams,
        body: Obj({ scores: Obj(Scores), comment: Text(10_000, 1) }),
        response: { 200: Review, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => reviews.submitReview(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/reviews/:id/conflict',
    {
      schema: {
        tags,
        summary: 'Declare a conflict discovered while reviewing',
        params: IdParams,
        body: Obj({ note: Text(1000, 1) }),
        response: { 200: Review, ...problemResponses(400, 401, 404, 422) },
      },
    },
    async (req) => reviews.declareReviewConflict(deps, requireActor(req), req.params.id, req.body),
  );

  // ---- experts ----
  r.get(
    '/api/experts',
    {
      schema: {
        tags: etags,
        summary: 'The shared expert pool of the four jurisdictions',
        querystring: Obj({
          ...PageQuery,
          q: Type.Optional(Text(100)),
          jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
          discipline: Type.Optional(Text(7)),
          availability: Type.Optional(OneOf(['available', 'busy', 'unavailable'])),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Type.Object(ExpertProps)), ...problemResponses(400, 401) },
      },
    },
    async (req) => experts.listExperts(deps, requireActor(req), req.query),
  );
  r.get(
    '/api/experts/:id',
    {
      schema: {
        tags: etags,
        summary: 'An expert (relations: the expert and administrators)',
        params: IdParams,
        response: { 200: ExpertDetail, ...problemResponses(401, 404) },
      },
    },
    async (req) => experts.getExpert(deps, requireActor(req), req.params.id),
  );
  r.put(
    '/api/experts/:id',
    {
      schema: {
        tags: etags,
        summary: 'Create or update an expert profile (the expert, or an administrator)',
        params: IdParams,
        body: Obj({
          title: Type.Optional(Text(100)),
          disciplines: Type.Array(Discipline, { maxItems: 20 }),
          keywords: Type.Array(Text(50, 1), { maxItems: 30 }),
          availability: OneOf(['available', 'busy', 'unavailable']),
          bio: Type.Optional(Text(4000)),
        }),
        response: { 200: ExpertDetail, ...problemResponses(400, 401, 403, 404) },
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
        body: Obj({
          kind: OneOf(experts.RELATION_KINDS),
          otherUserId: Type.Optional(Id()),
          otherOrganizationId: Type.Optional(Id()),
          otherName: Type.Optional(Text(200)),
          since: Type.Optional(DateOnly()),
          until: Type.Optional(DateOnly()),
          note: Type.Optional(Text(500)),
        }),
        response: { 201: Type.Array(Relation), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await experts.declareRelation(deps, requireActor(req), req.params.id, req.body)),
  );
}
