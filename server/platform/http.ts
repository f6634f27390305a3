// Shared HTTP pieces: the request's actor, route-level auth options, list query schemas.
import { pickLang } from './i18n';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TLiteral, type TSchema, type TUnion } from 'typebox';
import { AppError, invalid } from './errors';
import type { Actor } from './access';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Route needs no sign-in (login, health, public reference data). */
    public?: boolean;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  // The reader's language rides with the actor, for texts stored as codes and rendered on reading.
  return { ...req.actor, lang: pickLang(req.headers['accept-language']) };
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String(), row: Type.Optional(Type.Integer()) }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const problemResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, { description: 'problem+json', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } }]));

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export { IdParams, PageQuery } from './schemas';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * Parses "name" / "-createdAt" against the allowed keys; any other value (a name on the object
 * prototype included: only own keys count) is a 400 naming `sort` and what it may be.
 */
export function parseSort<K extends string>(sort: string | undefined, allowed: Record<string, K>, fallback: string): { column: K; direction: 'asc' | 'desc' } {
  const s = sort || fallback;
  const desc = s.startsWith('-');
  const key = desc ? s.slice(1) : s;
  if (!Object.hasOwn(allowed, key)) {
    const keys = Object.keys(allowed);
    throw invalid([{ field: 'querystring:/sort', code: 'sort-invalid', params: { allowed: [...keys, ...keys.map((k) => '-' + k)].join(', ') } }]);
  }
  return { column: allowed[key], direction: desc ? 'desc' : 'asc' };
}

/** A string that must be one of the given values (an enum in the OpenAPI document). */
export const OneOf = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;

/** A file answer (a spreadsheet, a calendar, a stored document) as the OpenAPI document describes it. */
export const fileResponse = (description: string, types: readonly string[]) => ({
  200: { description, content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) },
});
export const SPREADSHEET_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] as const;

/**
 * Answers a visitor who is not signed in with `value` serialised by the allow-list `schema` (the
 * public portal's views), on a route whose declared 200 is the signed-in shape: whatever the
 * value holds beyond the schema's properties is never written out.
 */
export function sendPublicView(reply: FastifyReply, schema: TSchema, value: unknown) {
  return reply
    .type('application/json; charset=utf-8')
    .serializer(reply.compileSerializationSchema(schema as any, '200'))
    .send(value);
}
