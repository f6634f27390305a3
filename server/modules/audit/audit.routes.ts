import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { Nullable, Page, PageQuery, problemResponses, requireActor } from '../../platform/http';
import { JURISDICTION_CODES } from '../../platform/access';
import { pickLang } from '../../platform/i18n';
import * as svc from './audit.service';

export default async function auditRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const Entry = Type.Object({
    seq: Type.Integer(),
    at: Type.String(),
    actorUserId: Nullable(Type.Integer()),
    actorName: Nullable(Type.String()),
    action: Type.String(),
    /** The action in words, in the reader's language (Accept-Language). */
    actionLabel: Type.String(),
    entityType: Type.String(),
    entityTypeLabel: Type.String(),
    entityId: Nullable(Type.String()),
    jurisdictionCode: Nullable(Type.String()),
    /** The import (or other bulk action) the entry belongs to. */
    batchId: Nullable(Type.String()),
    change: Type.Unknown(),
    hash: Type.String(),
  });
  r.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log (platform admins: all; jurisdiction admins: their jurisdiction)',
        querystring: Type.Object(
          {
            action: Type.Optional(Type.String({ maxLength: 64 })),
            entityType: Type.Optional(Type.String({ maxLength: 64 })),
            entityId: Type.Optional(Type.String({ maxLength: 64 })),
            actor: Type.Optional(Type.String({ maxLength: 64 })),
            jurisdiction: Type.Optional(Type.Union(JURISDICTION_CODES.map((c) => Type.Literal(c)))),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            batch: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
            sort: Type.Optional(Type.Union([Type.Literal('seq'), Type.Literal('-seq')])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Entry), ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query;
      // Bounds arrive in any offset; the log compares them as UTC ISO strings.
      const utc = (s?: string) => (s ? new Date(s).toISOString() : undefined);
      return svc.listAudit(deps, requireActor(req), { ...q, from: utc(q.from), to: utc(q.to) }, pickLang(req.headers['accept-language']));
    },
  );
  const Option = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
  r.get(
    '/api/audit/options',
    {
      schema: {
        tags: ['audit'],
        summary: 'What the audit filters offer: every action and entity type with words in Chinese and English, and the actors in your scope',
        response: {
          200: Type.Object({ actions: Type.Array(Option), entityTypes: Type.Array(Option), actors: Type.Array(Type.String()) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (req) => svc.auditOptions(deps, requireActor(req)),
  );
  r.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Re-check the whole hash chain (platform admins)',
        response: { 200: Type.Object({ ok: Type.Boolean(), entries: Type.Integer(), problems: Type.Array(Type.String()) }), ...problemResponses(401, 403) },
      },
    },
    async (req) => svc.verifyAudit(deps, requireActor(req)),
  );
}
