// Self-registration, invitations by link and password reset by e-mail (issue 15). The anonymous
// routes are public by config and guarded per client address (throttle.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, problemResponses, requireActor } from '../../platform/http';
import { SubIdParams, Text } from '../../platform/schemas';
import { JURISDICTION_CODES, ORG_TYPES } from '../../platform/access';
import * as registrations from './registrations.service';
import * as invitations from './invitations.service';
import * as resets from './password-reset.service';
import { TOKEN_PATTERN } from './throttle';

const Registration = Type.Object({
  id: Type.Integer(),
  organizationId: Nullable(Type.Integer()),
  userId: Nullable(Type.Integer()),
  uscc: Type.String(),
  organizationName: Type.String(),
  organizationType: Type.String(),
  jurisdictionCode: Type.String(),
  contactName: Type.String(),
  contactPhone: Type.String(),
  contactEmail: Type.String(),
  username: Type.String(),
  status: Type.String(),
  reason: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

const Invitation = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  email: Type.String(),
  role: Type.String(),
  state: Type.String({ description: 'open | accepted | revoked | expired' }),
  createdByName: Nullable(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  acceptedAt: Nullable(Type.String()),
  acceptedUsername: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

const Token = Type.String({ pattern: TOKEN_PATTERN, maxLength: 100, description: 'the secret part of the link' });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const Email = Type.String({ minLength: 3, maxLength: 200 });

export default async function accountRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- registrations -----------------------------------------------------------------------
  r.post(
    '/api/registrations',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Register an organisation and its first admin (anonymous); both stay pending until the jurisdiction’s admin approves',
        body: Type.Object(
          {
            uscc: Type.String({ minLength: 1, maxLength: 40 }),
            organizationName: Text(200, 1),
            organizationType: OneOf(ORG_TYPES),
            jurisdictionCode: OneOf(JURISDICTION_CODES),
            contactName: Text(100, 1),
            contactPhone: Type.String({ minLength: 1, maxLength: 32 }),
            contactEmail: Email,
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Password,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.Integer(), status: Type.String(), jurisdictionCode: Type.String(), createdAt: Type.String() }),
          ...problemResponses(400, 409, 429),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await registrations.register(deps, req.body, req.ip)),
  );

  r.get(
    '/api/registrations',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Registrations to decide (jurisdiction admin: their jurisdiction; platform admin: all)',
        querystring: Type.Object(
          {
            status: Type.Optional(OneOf(['pending', 'approved', 'rejected'])),
            jurisdiction: Type.Optional(OneOf(JURISDICTION_CODES)),
            sort: Type.Optional(OneOf(['createdAt', '-createdAt', 'organizationName', '-organizationName'])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Registration), ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => registrations.listRegistrations(deps, requireActor(req), req.query),
  );

  r.post(
    '/api/registrations/:id/approve',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Approve a registration: the organisation and its admin become active; the applicant is told',
        params: IdParams,
        response: { 200: Registration, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (req) => registrations.approveRegistration(deps, requireActor(req), req.params.id),
  );

  r.post(
    '/api/registrations/:id/reject',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Reject a registration with a reason (e-mailed to the applicant); the pending organisation and account are removed',
        params: IdParams,
        body: Type.Object({ reason: Text(500, 1) }, { additionalProperties: false }),
        response: { 200: Registration, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => registrations.rejectRegistration(deps, requireActor(req), req.params.id, req.body.reason),
  );

  // ---- invitations -------------------------------------------------------------------------
  r.get(
    '/api/organizations/:id/invitations',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Invitations of an organisation (its admins, its jurisdiction’s admins)',
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Invitation), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => invitations.listInvitations(deps, requireActor(req), req.params.id, req.query),
  );

  r.post(
    '/api/organizations/:id/invitations',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Invite a member by e-mail: a single-use link /invite/<token> (shown once here, and e-mailed)',
        params: IdParams,
        body: Type.Object({ email: Email, expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })) }, { additionalProperties: false }),
        response: { 201: Type.Intersect([Invitation, Type.Object({ link: Type.String() })]), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await invitations.createInvitation(deps, requireActor(req), req.params.id, req.body)),
  );

  r.delete(
    '/api/organizations/:id/invitations/:invitationId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an invitation that is not yet accepted',
        params: SubIdParams('invitationId'),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await invitations.revokeInvitation(deps, requireActor(req), req.params.id, req.params.invitationId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/invitations/preview',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'What an invitation link is for (anonymous): the organisation and the address invited',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: {
          200: Type.Object({ organizationName: Type.String(), email: Type.String(), role: Type.String(), expiresAt: Type.String() }),
          ...problemResponses(400, 404, 410),
        },
      },
    },
    async (req) => invitations.previewInvitation(deps, req.body.token),
  );

  r.post(
    '/api/invitations/accept',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Accept an invitation (anonymous): creates an active member account; the link works once',
        body: Type.Object(
          { token: Token, username: Type.String({ minLength: 1, maxLength: 64 }), displayName: Text(100, 1), password: Password },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ userId: Type.Integer(), username: Type.String(), organizationName: Type.String() }),
          ...problemResponses(400, 404, 409, 410, 429),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await invitations.acceptInvitation(deps, req.body, req.ip)),
  );

  // ---- password reset ----------------------------------------------------------------------
  r.post(
    '/api/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password-reset link by e-mail (anonymous); the answer is the same whether or not the address has an account',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Type.Object({ minutes: Type.Integer() }), ...problemResponses(400, 429) },
      },
    },
    async (req, reply) => {
      await resets.requestReset(deps, req.body.email, req.ip);
      return reply.code(202).send({ minutes: resets.RESET_MINUTES });
    },
  );

  r.post(
    '/api/auth/password-reset/confirm',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the link’s token (anonymous): single use; ends every session of the account',
        body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problemResponses(400, 404, 410) },
      },
    },
    async (req, reply) => {
      await resets.confirmReset(deps, req.body);
      return reply.code(204).send(null);
    },
  );
}
