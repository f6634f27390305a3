import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { AppError, sendProblem } from '../../platform/errors';
import { IdParams, problemResponses, requireActor, Nullable } from '../../platform/http';
import { Text } from '../../platform/schemas';
import type { Actor } from '../../platform/access';
import * as auth from './auth.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const MeUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  jurisdictionCode: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
  organization: Type.Object({ id: Type.Integer(), name: Type.String(), type: Type.String(), jurisdictionCode: Type.String() }),
  via: Type.String(),
});

export function meView(a: Actor) {
  return {
    id: a.userId,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    jurisdictionCode: a.jurisdictionCode,
    departmentId: a.departmentId,
    organization: { id: a.organizationId, name: a.organizationName, type: a.organizationType, jurisdictionCode: a.organizationJurisdiction },
    via: a.via,
  };
}

/**
 * Resolves the actor of every /api request (Bearer token or session cookie), refuses
 * unauthenticated calls to non-public routes (401), and checks the CSRF token on
 * cookie-authenticated writes (403).
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  // onRequest, before the body is read: an anonymous caller learns nothing from validation.
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // Only requests routed to an API route are authenticated: an unknown /api path (caught by
    // the web app's static wildcard, or by no route at all) goes on to its 404.
    if (req.is404 || !req.routeOptions.url?.startsWith('/api/')) return;
    // A token is never read from the URL: calendar applications subscribe through a calendar
    // link (bookings/calendar-links.service.ts), whose secret opens that one feed only.
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = m ? await auth.actorFromToken(deps, m[1]) : null;
      if (!actor) return sendProblem(reply, req, new AppError('unauthenticated'));
      req.actor = actor;
    } else {
      const cookie = req.cookies?.[auth.SESSION_COOKIE];
      if (cookie) {
        const s = await auth.actorFromSession(deps, cookie);
        if (s) {
          req.actor = s.actor;
          req.sessionId = s.sessionId;
          req.csrfToken = s.csrfToken;
        }
      }
      if (req.actor && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== req.csrfToken) {
        return sendProblem(reply, req, new AppError('csrf-failed'));
      }
    }
    // The docs UI is registered by @fastify/swagger-ui, so it is public by path.
    if (!req.actor && !req.routeOptions.config?.public && !req.routeOptions.url.startsWith('/api/docs'))
      return sendProblem(reply, req, new AppError('unauthenticated'));
  });
}

export default async function authRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the session cookie',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: MeUser, csrfToken: Type.String(), expiresAt: Type.String() }),
          ...problemResponses(400, 401, 403, 423, 429),
        },
      },
    },
    async (req, reply) => {
      const result = await auth.login(deps, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      reply.setCookie(auth.SESSION_COOKIE, result.cookieValue, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.cookieSecure,
        maxAge: deps.config.sessionAbsoluteHours * 3600,
      });
      return { user: meView(result.actor), csrfToken: result.csrfToken, expiresAt: result.expiresAt };
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: ends the session everywhere', response: { 204: Type.Null(), ...problemResponses(401, 403) } } },
    async (req, reply) => {
      const actor = requireActor(req);
      if (req.sessionId) await auth.logout(deps, actor, req.sessionId);
      reply.clearCookie(auth.SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: Type.Object({ user: MeUser, csrfToken: Nullable(Type.String()) }), ...problemResponses(401) },
      },
    },
    async (req) => ({ user: meView(requireActor(req)), csrfToken: req.csrfToken }),
  );

  const Token = Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    prefix: Type.String(),
    createdAt: Type.String(),
    expiresAt: Nullable(Type.String()),
    lastUsedAt: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
  });

  r.get(
    '/api/tokens',
    { schema: { tags: ['auth'], summary: 'My personal API tokens', response: { 200: Type.Object({ items: Type.Array(Token) }), ...problemResponses(401) } } },
    async (req) => ({ items: await auth.listApiTokens(deps, requireActor(req)) }),
  );

  r.post(
    '/api/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (shown once) for machine clients: Authorization: Bearer <token>',
        body: Type.Object({ name: Text(100, 1), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            id: Type.Integer(),
            name: Type.String(),
            token: Type.String(),
            prefix: Type.String(),
            createdAt: Type.String(),
            expiresAt: Nullable(Type.String()),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await auth.createApiToken(deps, requireActor(req), req.body)),
  );

  r.delete(
    '/api/tokens/:id',
    {
      schema: { tags: ['auth'], summary: 'Revoke one of my API tokens', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } },
    },
    async (req, reply) => {
      await auth.revokeApiToken(deps, requireActor(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
