// HTTP routes of the inbox and the notification preferences: each person's own, nothing else.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { IdParams, Nullable, OneOf, Page, PageQuery, problemResponses, requireActor } from '../../platform/http';
import { Obj, Text } from '../../platform/schemas';
import { pickLang } from '../../platform/i18n';
import * as svc from './notifications.service';

const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'what happened, e.g. booking.approved' }),
  title: Type.String({ description: 'in the reader’s language' }),
  body: Type.String(),
  link: Nullable(Type.String({ description: 'the page it is about, a path of the web app' })),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

const Prefs = Type.Object({
  emailEnabled: Type.Boolean(),
  mutedKinds: Type.Array(Type.String(), { description: 'kinds sent to the inbox only, never by e-mail' }),
  language: OneOf(['zh', 'en'] as const),
  kinds: Type.Array(Type.Object({ kind: Type.String(), title: Type.String() }), { description: 'every kind one may mute' }),
});

export default async function notificationRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];
  const lang = (req: { headers: Record<string, unknown> }) => pickLang(req.headers['accept-language'] as string | undefined);

  r.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first (unread=true: only the unread)',
        querystring: Obj({ ...PageQuery, unread: Type.Optional(Type.Boolean()) }),
        response: { 200: Page(Notification), ...problemResponses(400, 401) },
      },
    },
    async (req) => svc.listMine(deps, requireActor(req), lang(req), req.query),
  );
  r.get(
    '/api/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread',
        response: { 200: Type.Object({ unread: Type.Integer() }), ...problemResponses(401) },
      },
    },
    async (req) => svc.unreadCount(deps, requireActor(req)),
  );
  r.post(
    '/api/notifications/read-all',
    { schema: { tags, summary: 'Mark all my notifications read', response: { 200: Type.Object({ marked: Type.Integer() }), ...problemResponses(401) } } },
    async (req) => svc.markAllRead(deps, requireActor(req)),
  );
  r.get(
    '/api/notifications/preferences',
    { schema: { tags, summary: 'My e-mail preferences', response: { 200: Prefs, ...problemResponses(401) } } },
    async (req) => svc.getPrefs(deps, requireActor(req), lang(req)),
  );
  r.put(
    '/api/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'Set my e-mail preferences (the inbox always gets every notification)',
        body: Obj({
          emailEnabled: Type.Boolean(),
          mutedKinds: Type.Array(Text(64, 1), { maxItems: 100 }),
          language: OneOf(['zh', 'en'] as const),
        }),
        response: { 200: Prefs, ...problemResponses(400, 401) },
      },
    },
    async (req) => svc.putPrefs(deps, requireActor(req), lang(req), req.body),
  );
  r.post(
    '/api/notifications/:id/read',
    { schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 200: Notification, ...problemResponses(401, 404) } } },
    async (req) => svc.markRead(deps, requireActor(req), lang(req), req.params.id),
  );
}
