// HTTP routes of messages to owners (我要洽谈).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { Nullable, OneOf, Page, PageQuery, problemResponses, requireActor } from '../../platform/http';
import { Id, Text } from '../../platform/schemas';
import * as svc from './messages.service';

const tags = ['messages'];
const Message = Type.Object({
  id: Type.Integer(),
  targetType: Type.String({ description: 'resource | listing' }),
  targetId: Type.Integer(),
  targetTitle: Nullable(Type.String()),
  targetLink: Nullable(Type.String()),
  targetOrgName: Type.String(),
  senderName: Type.String(),
  senderOrgName: Type.String(),
  mine: Type.Boolean(),
  body: Type.String(),
  createdAt: Type.String(),
});

export default async function messageRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/messages',
    {
      schema: {
        tags,
        summary:
          'Write to the organisation owning a published resource or listing (我要洽谈); its admins and the resource’s manager are notified; rate-limited',
        body: Type.Object({ targetType: OneOf(svc.TARGET_TYPES), targetId: Id(), body: Text(2000, 1) }, { additionalProperties: false }),
        response: { 201: Message, ...problemResponses(400, 401, 404, 422, 429) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.sendMessage(deps, requireActor(req), req.body)),
  );
  r.get(
    '/api/messages',
    {
      schema: {
        tags,
        summary: 'Messages I sent, and those to my organisation (as its admin) or about resources I manage; optionally of one target',
        querystring: Type.Object(
          {
            ...PageQuery,
            box: Type.Optional(OneOf(['all', 'received', 'sent'])),
            targetType: Type.Optional(OneOf(svc.TARGET_TYPES)),
            targetId: Type.Optional(Id()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Message), ...problemResponses(400, 401) },
      },
    },
    async (req) => svc.listMessages(deps, requireActor(req), req.query),
  );
}
