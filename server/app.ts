// buildApp(deps): the whole HTTP application — API, OpenAPI, web app — without listening and
// without globals, so a test builds one per database and drives it with inject() or a port.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Deps } from './platform/deps';
import { registerErrorHandling, routeNotFound } from './platform/errors';
import { registerFileParsers } from './platform/files';
import { registerInputGuards, registerSecurityHeaders } from './platform/hardening';
import { addDatePolicyFormats } from './platform/schemas';
import { Problem } from './platform/http';
import authRoutes, { registerAuthentication } from './modules/auth/auth.routes';
import { authCacheOf } from './modules/auth/auth.cache';
import referenceRoutes from './modules/reference/reference.routes';
import organizationRoutes, { Organization } from './modules/organizations/organizations.routes';
import userRoutes, { User } from './modules/users/users.routes';
import auditRoutes from './modules/audit/audit.routes';
import resourceRoutes from './modules/resources/resources.routes';
import messageRoutes from './modules/messages/messages.routes';
import bookingRoutes, { Booking } from './modules/bookings/bookings.routes';
import { busyResourceIds } from './modules/bookings/bookings.service';
import voucherRoutes, { voucherSchemas } from './modules/vouchers/vouchers.routes';
import integrityRoutes from './modules/integrity/integrity.routes';
import callRoutes from './modules/calls/calls.routes';
import transferRoutes from './modules/transfer/transfer.routes';
import notificationRoutes from './modules/notifications/notifications.routes';
import accountRoutes from './modules/accounts/accounts.routes';
import workbenchRoutes from './modules/workbench/workbench.routes';
import portalRoutes from './modules/portal/portal.routes';

export interface BuildOptions {
  logger?: boolean | object;
  /** Serve web/dist at / (off in API tests). */
  serveWeb?: boolean;
}

function validators() {
  // Bodies are checked strictly: a number sent as "12" or an unknown field is an error, never
  // silently coerced or dropped. Query strings and path parameters are text by nature and are
  // coerced to the declared types.
  const common = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const body = new Ajv({ ...common, coerceTypes: false });
  const text = new Ajv({ ...common, coerceTypes: 'array' });
  for (const ajv of [body, text]) {
    const add = (addFormats as any).default ?? addFormats;
    add(ajv);
    // One date policy for the platform (1900–2199), replacing ajv-formats' date and date-time.
    addDatePolicyFormats(ajv);
  }
  return { body, text };
}

/** A URL for the logs: a calendar link's secret (and any ?token=) is a credential and never written down. */
export const redactUrl = (url: string) => url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]').replace(/(\/api\/calendar\/)[^/?#]+/g, '$1[redacted]');

export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const logger =
    opts.logger === false
      ? false
      : {
          level: deps.config.logLevel,
          ...(typeof opts.logger === 'object' ? opts.logger : {}),
          serializers: {
            req: (req: { method: string; url: string; ip?: string; headers?: Record<string, unknown> }) => ({
              method: req.method,
              url: redactUrl(req.url),
              remoteAddress: req.ip,
            }),
          },
        };
  const app = Fastify({
    logger,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    return503OnClosing: true,
  });

  const ajv = validators();
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? ajv.body : ajv.text).compile(schema as object));

  registerErrorHandling(app);
  registerFileParsers(app);
  registerInputGuards(app);
  await app.register(cookie);
  registerSecurityHeaders(app, { hsts: deps.config.nodeEnv === 'production' || deps.config.cookieSecure });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'YRD Commons API (长三角科创协同平台)',
        version: '0.1.0',
        description:
          'Errors are RFC 9457 problem+json in Chinese or English by Accept-Language. Browser clients authenticate with the session cookie from POST /api/auth/login and send X-CSRF-Token on writes; machine clients send Authorization: Bearer <personal API token>.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'yrd_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  // Public, read-only documentation of the API (no data): served with its own CSP (staticCSP).
  // Its default policy also says upgrade-insecure-requests, which breaks the page over plain HTTP.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: true,
    transformStaticCSP: (h) => h.replace(/\s*upgrade-insecure-requests;?/, '').replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });

  app.addSchema(Problem);
  app.addSchema(Organization);
  app.addSchema(User);
  app.addSchema(Booking);
  for (const s of voucherSchemas) app.addSchema(s);

  const authCache = authCacheOf(deps.db);
  await authCache.start();
  app.addHook('onClose', () => authCache.close());
  registerAuthentication(app, deps);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.db.ping();
      return { status: 'ready', engine: deps.db.helpers.engine };
    } catch {
      return reply.code(503).send({ status: 'not-ready' });
    }
  });

  await app.register(authRoutes, { deps });
  await app.register(referenceRoutes, { deps });
  await app.register(organizationRoutes, { deps });
  await app.register(userRoutes, { deps });
  await app.register(auditRoutes, { deps });
  // The catalogue's "free in a window" filter asks the bookings module which resources are busy:
  // wired here, so the resources module never reads the bookings module (which builds on it).
  await app.register(resourceRoutes, { deps, busyResources: busyResourceIds });
  await app.register(bookingRoutes, { deps });
  await app.register(voucherRoutes, { deps });
  await app.register(integrityRoutes, { deps });
  await app.register(callRoutes, { deps });
  await app.register(transferRoutes, { deps });
  await app.register(notificationRoutes, { deps });
  await app.register(accountRoutes, { deps });
  await app.register(workbenchRoutes, { deps });
  await app.register(portalRoutes, { deps });
  await app.register(messageRoutes, { deps });

  const webRoot = deps.config.webDist;
  const indexHtml = path.join(webRoot, 'index.html');
  const serveWeb = (opts.serveWeb ?? true) && fs.existsSync(indexHtml);
  if (serveWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: false, maxAge: '1h' });
  }
  // Unknown /api paths and missing files answer problem+json; any other GET is a page of the
  // single-page app, which routes itself.
  const sendIndex = (reply: import('fastify').FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(fs.createReadStream(indexHtml));
  if (serveWeb) app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (serveWeb && req.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) return sendIndex(reply);
    return routeNotFound(req, reply);
  });

  return app;
}
