import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, fileResponse, problemResponses, requireActor } from '../../platform/http';
import { Id, MAX_FEN, MAX_PAGE, Text } from '../../platform/schemas';
import { SERVICE_MODES } from '../resources/resources.service';
import * as svc from './bookings.service';
import * as ops from './operations.service';
import * as cal from './calendar.service';
import * as links from './calendar-links.service';
import * as access from './access-requests.service';
import * as training from './training-requests.service';

const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant (UTC or with offset)' });
const utc = (s: string) => new Date(s).toISOString();
// Action endpoints take an optional body: a POST without one is an empty object.
const emptyBodyIsEmptyObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

const Quote = Type.Object({
  mode: Type.String(),
  minutes: Type.Number(),
  samples: Type.Integer(),
  startupFen: Type.Integer(),
  timeFen: Type.Integer(),
  samplesFen: Type.Integer(),
  consumablesFen: Type.Integer(),
  totalFen: Type.Integer(),
});

const Booking = Type.Object(
  {
    id: Type.Integer(),
    resourceId: Type.Integer(),
    resourceName: Nullable(Type.String()),
    userId: Type.Integer(),
    userName: Nullable(Type.String()),
    organizationId: Type.Integer(),
    organizationName: Nullable(Type.String()),
    jurisdictionCode: Type.String(),
    mode: Type.String(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    status: Type.String(),
    samples: Type.Integer(),
    purpose: Type.String(),
    quoteFen: Type.Integer(),
    quote: Quote,
    chargeFen: Nullable(Type.Integer()),
    usageMinutes: Nullable(Type.Integer()),
    seriesId: Nullable(Type.String()),
    decisionNote: Nullable(Type.String()),
    checkedInAt: Nullable(Type.String()),
    completedAt: Nullable(Type.String()),
    cancelledAt: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Booking' },
);

const Interval = Type.Object({ startsAt: Type.String(), endsAt: Type.String() });

// A recurring booking answers with the bookings it made and a report of every occurrence.
const Series = Type.Object({
  bookings: Type.Array(Type.Ref('Booking')),
  occurrences: Type.Array(
    Type.Object({ startsAt: Type.String(), endsAt: Type.String(), ok: Type.Boolean(), rules: Type.Array(Type.String()), conflicts: Type.Array(Interval) }),
  ),
  seriesId: Type.String(),
});

const Closure = Type.Object({
  id: Type.Integer(),
  resourceId: Type.Integer(),
  kind: Type.String({ description: 'closure | maintenance' }),
  startsAt: Type.String(),
  endsAt: Type.String(),
  reason: Type.String(),
  createdAt: Type.String(),
});

const WaitlistEntry = Type.Object({
  id: Type.Integer(),
  resourceId: Type.Integer(),
  resourceName: Nullable(Type.String()),
  mode: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  samples: Type.Integer(),
  status: Type.String(),
  offeredAt: Nullable(Type.String()),
  offerExpiresAt: Nullable(Type.String()),
  bookingId: Nullable(Type.Integer()),
  createdAt: Type.String(),
});

const TrainingRequest = Type.Object({
  id: Type.Integer(),
  resourceId: Type.Integer(),
  resourceName: Type.String(),
  userId: Type.Integer(),
  userName: Type.String(),
  username: Type.String(),
  organizationName: Type.String(),
  note: Type.String(),
  state: Type.String({ description: 'pending | granted | rejected' }),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  trainingId: Nullable(Type.Integer()),
  createdAt: Type.String(),
});

const QueueCounts = Type.Object({
  bookings: Type.Integer(),
  trainingRequests: Type.Integer(),
  accessRequests: Type.Integer(),
  total: Type.Integer(),
});

const AccessRequest = Type.Object({
  id: Type.Integer(),
  resourceId: Type.Integer(),
  resourceName: Nullable(Type.String()),
  userId: Type.Integer(),
  userName: Nullable(Type.String()),
  organizationName: Nullable(Type.String()),
  purpose: Type.String(),
  status: Type.String(),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

export { Booking };

export default async function bookingRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['bookings'];

  r.get(
    '/api/resources/:id/availability',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Opening hours, closures, busy and free time of a resource between from and to (at most 62 days)',
        params: IdParams,
        querystring: Type.Object({ from: DateTime, to: DateTime }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            resourceId: Type.Integer(),
            from: Type.String(),
            to: Type.String(),
            slotMinutes: Type.Integer(),
            capacity: Type.Integer(),
            rules: Type.Object({
              leadMinutes: Type.Record(Type.String(), Type.Integer()),
              maxAdvanceDays: Type.Integer(),
              minMinutes: Type.Integer(),
              maxMinutes: Type.Integer(),
            }),
            needsApproval: Type.Boolean(),
            serviceModes: Type.Array(Type.String()),
            open: Type.Array(Interval),
            closures: Type.Array(
              Type.Object({ id: Type.Integer(), kind: Type.String(), startsAt: Type.String(), endsAt: Type.String(), reason: Type.String() }),
            ),
            busy: Type.Array(Type.Object({ startsAt: Type.String(), endsAt: Type.String(), status: Type.String(), mine: Type.Boolean() })),
            free: Type.Array(Interval),
            training: Type.Optional(
              Nullable(
                Type.Object(
                  { validUntil: Nullable(Type.String()), pendingRequestId: Nullable(Type.Integer()) },
                  {
                    description:
                      'For a signed-in caller on a resource offering self-operation: their valid training authorisation, or their pending training request',
                  },
                ),
              ),
            ),
          }),
          ...problemResponses(400, 404, 422),
        },
      },
    },
    async (req) => svc.availability(deps, req.actor, req.params.id, utc(req.query.from), utc(req.query.to)),
  );

  r.get(
    '/api/resources/:id/quote',
    {
      // Signed in only: a quote states the fees, which an owner may hide from the public.
      schema: {
        tags,
        summary: 'What a booking would cost: start-up fee + hourly fee × hours + consumables, or per sample',
        params: IdParams,
        querystring: Type.Object(
          { mode: OneOf(SERVICE_MODES), startsAt: DateTime, endsAt: DateTime, samples: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Quote, ...problemResponses(400, 404, 422) },
      },
    },
    async (req) => svc.quote(deps, req.params.id, { ...req.query, startsAt: utc(req.query.startsAt), endsAt: utc(req.query.endsAt) }),
  );

  r.get(
    '/api/resources/:id/calendar.ics',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'iCalendar feed (RFC 5545) of the resource’s busy time',
        params: IdParams,
        response: { ...fileResponse('iCalendar', ['text/calendar']), ...problemResponses(401, 404) },
      },
    },
    async (req, reply) => reply.header('content-type', 'text/calendar; charset=utf-8').send(await cal.resourceCalendar(deps, req.params.id)),
  );

  r.get(
    '/api/me/calendar.ics',
    {
      schema: {
        tags,
        summary: 'iCalendar feed of my bookings (signed in); calendar applications subscribe through a calendar link instead',
        response: { ...fileResponse('iCalendar', ['text/calendar']), ...problemResponses(401) },
      },
    },
    async (req, reply) => reply.header('content-type', 'text/calendar; charset=utf-8').send(await cal.userCalendar(deps, requireActor(req))),
  );

  // ---- calendar links (read-only feed links with their own revocable secret) ----
  const CalendarLink = Type.Object({
    id: Type.Integer(),
    createdAt: Type.String(),
    lastUsedAt: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
  });
  r.get(
    '/api/me/calendar-links',
    {
      schema: {
        tags,
        summary: 'My calendar links (their secrets are shown only when created)',
        response: { 200: Type.Object({ items: Type.Array(CalendarLink) }), ...problemResponses(401) },
      },
    },
    async (req) => ({ items: await links.listCalendarLinks(deps, requireActor(req)) }),
  );
  r.post(
    '/api/me/calendar-links',
    {
      schema: {
        tags,
        summary: 'Create a read-only calendar link to my bookings feed (secret shown once; it opens that feed only, never the API)',
        response: {
          201: Type.Object({
            id: Type.Integer(),
            createdAt: Type.String(),
            lastUsedAt: Nullable(Type.String()),
            revokedAt: Nullable(Type.String()),
            secret: Type.String(),
            path: Type.String({ description: '/api/calendar/<secret>.ics: prefix the site origin (https://) or webcal://host' }),
          }),
          ...problemResponses(401, 422),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await links.createCalendarLink(deps, requireActor(req))),
  );
  r.delete(
    '/api/me/calendar-links/:id',
    {
      schema: { tags, summary: 'Revoke one of my calendar links', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 404) } },
    },
    async (req, reply) => {
      await links.revokeCalendarLink(deps, requireActor(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/api/calendar/:file',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'iCalendar feed of a calendar link’s owner’s bookings (the link’s secret is the file name: <secret>.ics); 404 once revoked',
        params: Type.Object({ file: Type.String({ maxLength: 80 }) }),
        response: { ...fileResponse('iCalendar', ['text/calendar']), ...problemResponses(404) },
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(await links.calendarOfLink(deps, req.params.file.replace(/\.ics$/, ''))),
  );

  r.get(
    '/api/bookings',
    {
      schema: {
        tags,
        summary: 'My bookings (scope=mine) or the bookings of resources I run (scope=managed)',
        querystring: Type.Object(
          {
            scope: Type.Optional(OneOf(['mine', 'managed'])),
            resourceId: Type.Optional(Id()),
            status: Type.Optional(
              Type.String({
                pattern:
                  '^(requested|confirmed|checked_in|completed|rejected|cancelled|no_show)(,(requested|confirmed|checked_in|completed|rejected|cancelled|no_show))*$',
              }),
            ),
            from: Type.Optional(DateTime),
            to: Type.Optional(DateTime),
            sort: Type.Optional(OneOf(['startsAt', '-startsAt', 'createdAt', '-createdAt'])),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('Booking')), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (req) =>
      svc.listBookings(deps, requireActor(req), { ...req.query, from: req.query.from && utc(req.query.from), to: req.query.to && utc(req.query.to) }),
  );

  r.post(
    '/api/bookings',
    {
      schema: {
        tags,
        summary: 'Book a time slot (confirmed at once, or requested when the resource needs approval); with rrule, a recurring series',
        body: Type.Object(
          {
            resourceId: Id(),
            mode: OneOf(SERVICE_MODES),
            startsAt: DateTime,
            endsAt: DateTime,
            samples: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            purpose: Type.Optional(Type.String({ maxLength: 500 })),
            rrule: Type.Optional(Type.String({ maxLength: 200, description: 'RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=6' })),
            skipConflicts: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Union([Type.Ref('Booking'), Series]), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await svc.createBooking(deps, requireActor(req), { ...req.body, startsAt: utc(req.body.startsAt), endsAt: utc(req.body.endsAt) })),
  );

  r.get(
    '/api/bookings/:id',
    {
      schema: {
        tags,
        summary: 'One booking (its booker and the resource’s operators)',
        params: IdParams,
        response: { 200: Type.Ref('Booking'), ...problemResponses(401, 404) },
      },
    },
    async (req) => svc.getBooking(deps, requireActor(req), req.params.id),
  );

  for (const action of ['approve', 'reject', 'cancel', 'check-in', 'complete'] as const) {
    r.post(
      `/api/bookings/:id/${action}`,
      {
        preValidation: emptyBodyIsEmptyObject,
        schema: {
          tags,
          summary:
            action === 'complete'
              ? 'Complete a checked-in booking: the final charge comes from the logged usage'
              : action === 'cancel'
                ? 'Cancel (the booker or the operators); a waiting person may be offered the slot'
                : `${action} (the resource’s operators)`,
          params: IdParams,
          body: Type.Object(
            {
              note: Type.Optional(Type.String({ maxLength: 500 })),
              usageMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
              consumablesFen: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_FEN })),
              samples: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('Booking'), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => svc.transition(deps, requireActor(req), req.params.id, action, req.body),
    );
  }

  // ---- waitlist ----
  r.post(
    '/api/resources/:id/waitlist',
    {
      schema: {
        tags,
        summary: 'Wait for a taken slot: when it frees, the longest-waiting person is offered it (not for time one already holds: 422 already-booked)',
        params: IdParams,
        body: Type.Object(
          { mode: OneOf(SERVICE_MODES), startsAt: DateTime, endsAt: DateTime, samples: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })) },
          { additionalProperties: false },
        ),
        response: { 201: WaitlistEntry, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await svc.joinWaitlist(deps, requireActor(req), {
          resourceId: req.params.id,
          ...req.body,
          startsAt: utc(req.body.startsAt),
          endsAt: utc(req.body.endsAt),
        }),
      ),
  );
  r.get(
    '/api/me/waitlist',
    {
      schema: {
        tags,
        summary: 'My waitlist entries and open offers',
        response: { 200: Type.Object({ items: Type.Array(WaitlistEntry) }), ...problemResponses(401) },
      },
    },
    async (req) => ({ items: await svc.myWaitlist(deps, requireActor(req)) }),
  );
  r.post(
    '/api/waitlist/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept an offered slot: books it',
        params: IdParams,
        response: { 201: Type.Ref('Booking'), ...problemResponses(401, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.acceptOffer(deps, requireActor(req), req.params.id)),
  );
  r.delete(
    '/api/waitlist/:id',
    { schema: { tags, summary: 'Leave the waitlist', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 404) } } },
    async (req, reply) => {
      await svc.leaveWaitlist(deps, requireActor(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- training authorisations and closures (operators) ----
  const ResourceSub = Type.Object({ id: Id(), sub: Id() });
  const Training = Type.Object({
    id: Type.Integer(),
    userId: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    organizationName: Type.String(),
    grantedAt: Type.String(),
    expiresAt: Type.String(),
    revokedAt: Nullable(Type.String()),
    valid: Type.Boolean(),
    note: Type.String(),
  });
  r.get(
    '/api/resources/:id/training',
    {
      schema: {
        tags,
        summary: 'Training authorisations of a resource',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Training) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => ({
      items: await ops.listTraining(deps, requireActor(req), req.params.id),
    }),
  );
  r.post(
    '/api/resources/:id/training',
    {
      schema: {
        tags,
        summary: 'Authorise a trained user for self-operation until a date (Beijing time, inclusive)',
        params: IdParams,
        body: Type.Object(
          { username: Text(64, 1), expiresOn: Type.String({ format: 'date' }), note: Type.Optional(Type.String({ maxLength: 300 })) },
          { additionalProperties: false },
        ),
        response: { 201: Training, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await ops.grantTraining(deps, requireActor(req), req.params.id, req.body)),
  );
  r.delete(
    '/api/resources/:id/training/:sub',
    { schema: { tags, summary: 'Revoke a training authorisation', params: ResourceSub, response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } } },
    async (req, reply) => {
      await ops.revokeTrainingAuthorization(deps, requireActor(req), req.params.id, req.params.sub);
      return reply.code(204).send(null);
    },
  );
  r.post(
    '/api/resources/:id/closures',
    {
      schema: {
        tags,
        summary: 'Close a resource or block it for maintenance; answers with the bookings that fall in the window',
        params: IdParams,
        body: Type.Object(
          { kind: OneOf(['closure', 'maintenance']), startsAt: DateTime, endsAt: DateTime, reason: Type.Optional(Type.String({ maxLength: 300 })) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.Integer(),
            kind: Type.String(),
            startsAt: Type.String(),
            endsAt: Type.String(),
            reason: Type.String(),
            affectedBookings: Type.Array(Type.Integer()),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await ops.addClosure(deps, requireActor(req), req.params.id, { ...req.body, startsAt: utc(req.body.startsAt), endsAt: utc(req.body.endsAt) })),
  );
  r.get(
    '/api/resources/:id/closures',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Closures and maintenance blocks of a resource overlapping [from, to), by start (drafts: their operators only)',
        params: IdParams,
        querystring: Type.Object({ from: Type.Optional(DateTime), to: Type.Optional(DateTime), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Closure), ...problemResponses(400, 404) },
      },
    },
    async (req) =>
      ops.listClosures(deps, req.actor, req.params.id, { ...req.query, from: req.query.from && utc(req.query.from), to: req.query.to && utc(req.query.to) }),
  );
  r.delete(
    '/api/resources/:id/closures/:sub',
    { schema: { tags, summary: 'Remove a closure', params: ResourceSub, response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } } },
    async (req, reply) => {
      await ops.removeClosure(deps, requireActor(req), req.params.id, req.params.sub);
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/api/resources/:id/usage',
    {
      schema: {
        tags,
        summary: 'Usage statistics: effective hours, hours served to other organisations and other jurisdictions',
        params: IdParams,
        querystring: Type.Object({ from: DateTime, to: DateTime }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            resourceId: Type.Integer(),
            from: Type.String(),
            to: Type.String(),
            effectiveHours: Type.Number(),
            externalHours: Type.Number(),
            otherJurisdictionHours: Type.Number(),
            completedBookings: Type.Integer(),
            noShows: Type.Integer(),
            bookingsByStatus: Type.Record(Type.String(), Type.Integer()),
            hoursByJurisdiction: Type.Record(Type.String(), Type.Number()),
            revenueFen: Type.Integer(),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => ops.usage(deps, requireActor(req), req.params.id, utc(req.query.from), utc(req.query.to)),
  );

  // ---- access requests (data sets, germplasm) ----
  r.post(
    '/api/resources/:id/access-requests',
    {
      schema: {
        tags,
        summary: 'Ask for access to a data set or germplasm resource',
        params: IdParams,
        body: Type.Object({ purpose: Text(1000, 1) }, { additionalProperties: false }),
        response: { 201: AccessRequest, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await access.requestAccess(deps, requireActor(req), req.params.id, req.body.purpose)),
  );
  r.get(
    '/api/access-requests',
    {
      schema: {
        tags,
        summary: 'My access requests, or those to resources I run',
        querystring: Type.Object(
          {
            scope: Type.Optional(OneOf(['mine', 'managed'])),
            resourceId: Type.Optional(Id()),
            status: Type.Optional(OneOf(['requested', 'approved', 'rejected'])),
            page: Type.Optional(Id()),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AccessRequest), ...problemResponses(400, 401) },
      },
    },
    async (req) => access.listAccessRequests(deps, requireActor(req), req.query),
  );
  for (const decision of ['approve', 'reject'] as const) {
    r.post(
      `/api/access-requests/:id/${decision}`,
      {
        preValidation: emptyBodyIsEmptyObject,
        schema: {
          tags,
          summary: `${decision} an access request`,
          params: IdParams,
          body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
          response: { 200: AccessRequest, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => access.decideAccess(deps, requireActor(req), req.params.id, decision, req.body.note),
    );
  }

  // ---- training requests and the operator's approval queue (issue 15) ----
  r.post(
    '/api/resources/:id/training-requests',
    {
      schema: {
        tags,
        summary: 'Ask the resource’s operators for the training self-operation needs',
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Text(500)) }, { additionalProperties: false }),
        response: { 201: TrainingRequest, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await training.requestTraining(deps, requireActor(req), req.params.id, req.body.note ?? '')),
  );
  r.get(
    '/api/training-requests',
    {
      schema: {
        tags,
        summary: 'My training requests, or those to resources I run (scope=managed)',
        querystring: Type.Object(
          {
            scope: Type.Optional(OneOf(['mine', 'managed'])),
            resourceId: Type.Optional(Id()),
            state: Type.Optional(OneOf(['pending', 'granted', 'rejected'])),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(TrainingRequest), ...problemResponses(400, 401) },
      },
    },
    async (req) => training.listTrainingRequests(deps, requireActor(req), req.query),
  );
  for (const decision of ['grant', 'reject'] as const) {
    r.post(
      `/api/training-requests/:id/${decision}`,
      {
        preValidation: emptyBodyIsEmptyObject,
        schema: {
          tags,
          summary:
            decision === 'grant'
              ? 'Grant a training request: writes the training authorisation (until expiresOn, Beijing time; a year by default)'
              : 'Reject a training request',
          params: IdParams,
          body: Type.Object(
            {
              note: Type.Optional(Type.String({ maxLength: 300 })),
              ...(decision === 'grant' ? { expiresOn: Type.Optional(Type.String({ format: 'date' })) } : {}),
            },
            { additionalProperties: false },
          ),
          response: { 200: TrainingRequest, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => training.decideTrainingRequest(deps, requireActor(req), req.params.id, decision, req.body as { note?: string; expiresOn?: string }),
    );
  }
  r.get(
    '/api/queue',
    {
      schema: {
        tags,
        summary: 'The operator’s approval queue across every resource they run: pending bookings, training requests, access requests (first 50 of each)',
        response: {
          200: Type.Object({
            counts: QueueCounts,
            bookings: Type.Array(Type.Ref('Booking')),
            trainingRequests: Type.Array(TrainingRequest),
            accessRequests: Type.Array(AccessRequest),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (req) => training.queue(deps, requireActor(req)),
  );
  r.get(
    '/api/queue/count',
    { schema: { tags, summary: 'How many items wait in my approval queue (the menu badge)', response: { 200: QueueCounts, ...problemResponses(401) } } },
    async (req) => training.queueCounts(deps, requireActor(req)),
  );
}
