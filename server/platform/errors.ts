// One error type (AppError) and one way to answer with it: RFC 9457 problem+json, with the
// offending fields, in Chinese or English by Accept-Language. No stack traces leave the server.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEMS, fieldMessage, interpolate, pickLang, type Lang } from './i18n';
import { NOT_BLANK } from './schemas';

export interface FieldError {
  /** JSON pointer into the request part (body, query), or a column name for imports. */
  field: string;
  code: string;
  params?: Record<string, unknown>;
  /** Only for row reports of imports. */
  row?: number;
  /** Imports: the column's header as in the template, in both languages (rendered as `column`). */
  column?: { zh: string; en: string };
}

export class AppError extends Error {
  constructor(
    public readonly code: keyof typeof PROBLEMS | string,
    public readonly params: Record<string, unknown> = {},
    public readonly fields: FieldError[] = [],
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
  get status(): number {
    return PROBLEMS[this.code]?.status ?? 500;
  }
}

export const invalid = (fields: FieldError[]) => new AppError('validation-failed', {}, fields);

/** 413 quoting the limit in readable units ("5 MiB"). */
export function bodyTooLarge(limitBytes: number) {
  const mib = limitBytes / (1024 * 1024);
  const limit = limitBytes >= 1024 * 1024 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${Math.ceil(limitBytes / 1024)} KiB`;
  return new AppError('body-too-large', { limit }, [], { limitBytes });
}
/** 415 naming the media type sent (parameters dropped). */
export const unsupportedMediaType = (contentType: string) => new AppError('unsupported-media-type', { contentType: contentType.split(';')[0].trim() || '—' });
export const forbidden = (reason: { zh: string; en: string }) => new AppError('forbidden', { reason });
export const notFound = (entity: { zh: string; en: string }, id: string | number) => new AppError('not-found', { entity, id });
export const conflict = (reason: { zh: string; en: string }, extra: Record<string, unknown> = {}) => new AppError('conflict', { reason }, [], extra);

/** Refusal by a named business rule: 422 problem+json with `rule` (and what else the client needs, e.g. `state`). */
export const ruleError = (rule: string, zh: string, en: string, extra: Record<string, unknown> = {}) =>
  new AppError('rule-violated', { reason: { zh, en } }, [], { rule, ...extra });

/** JSON stored in a text column, or the fallback when it is empty or unreadable. */
export function parseJson<T>(s: string | null, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

// Parameters may carry both languages ({zh, en}); choose one at render time.
function localizeParams(params: Record<string, unknown>, lang: Lang): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = v && typeof v === 'object' && 'zh' in (v as any) && 'en' in (v as any) ? (v as any)[lang] : v;
  }
  return out;
}

const AJV_KEYWORD_MESSAGES: Record<string, { zh: string; en: string }> = {
  required: { zh: '必填', en: 'is required' },
  type: { zh: '类型应为 {type}', en: 'must be of type {type}' },
  additionalProperties: { zh: '不允许的字段', en: 'is not an accepted field' },
  minLength: { zh: '至少 {limit} 个字符', en: 'must have at least {limit} characters' },
  maxLength: { zh: '至多 {limit} 个字符', en: 'must have at most {limit} characters' },
  minimum: { zh: '不得小于 {limit}', en: 'must be at least {limit}' },
  maximum: { zh: '不得大于 {limit}', en: 'must be at most {limit}' },
  format: { zh: '格式应为 {format}', en: 'must be a valid {format}' },
  'format.date': { zh: '应为 1900–2199 年间的有效日期（YYYY-MM-DD）', en: 'must be a valid date between 1900 and 2199 (YYYY-MM-DD)' },
  'format.date-time': {
    zh: '应为 1900–2199 年间的有效时间（ISO 8601，带时区）',
    en: 'must be a valid instant between 1900 and 2199 (ISO 8601 with a time zone)',
  },
  pattern: { zh: '格式不正确', en: 'has the wrong form' },
  notBlank: { zh: '不能为空白', en: 'must not be blank' },
  enum: { zh: '取值应为 {allowedValues} 之一', en: 'must be one of {allowedValues}' },
  const: { zh: '取值应为 {allowedValue}', en: 'must be {allowedValue}' },
  anyOf: { zh: '取值不符合任何允许的形式', en: 'matches none of the allowed forms' },
  minItems: { zh: '至少 {limit} 项', en: 'must have at least {limit} items' },
  maxItems: { zh: '至多 {limit} 项', en: 'must have at most {limit} items' },
};

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, any>;
  message?: string;
}

export function fieldsFromAjv(errors: AjvError[], part: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    let field = e.instancePath || '';
    if (e.keyword === 'required') field += '/' + e.params.missingProperty;
    if (e.keyword === 'additionalProperties') field += '/' + e.params.additionalProperty;
    const params: Record<string, unknown> = { ...e.params };
    if (Array.isArray(params.allowedValues)) params.allowedValues = params.allowedValues.join(', ');
    // Required text that is only white space fails the platform's NOT_BLANK pattern: say so.
    const keyword = e.keyword === 'pattern' && params.pattern === NOT_BLANK ? 'notBlank' : e.keyword;
    const key = `${field}|${keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: `${part}:${field || '/'}`, code: `schema.${keyword}`, params });
  }
  return out;
}

function renderField(f: FieldError, lang: Lang) {
  let message: string;
  if (f.code.startsWith('schema.')) {
    const m = (f.code === 'schema.format' && AJV_KEYWORD_MESSAGES[`format.${f.params?.format}`]) || AJV_KEYWORD_MESSAGES[f.code.slice(7)];
    message = m ? interpolate(m[lang], f.params) : f.code.slice(7);
  } else {
    message = fieldMessage(f.code, lang, f.params ? localizeParams(f.params, lang) : undefined);
  }
  return {
    ...(f.row !== undefined ? { row: f.row } : {}),
    ...(f.column ? { column: f.column[lang] } : {}),
    field: f.field,
    code: f.code,
    message,
  };
}

export function problemBody(err: AppError, lang: Lang, instance: string) {
  const def = PROBLEMS[err.code] ?? PROBLEMS.internal;
  const params = localizeParams(err.params, lang);
  return {
    // Extension members first: they can never overwrite the standard ones.
    ...err.extra,
    type: `https://yrd-commons.example/problems/${err.code}`,
    title: def.title[lang],
    status: def.status,
    ...(def.detail ? { detail: interpolate(def.detail[lang], params) } : {}),
    instance,
    code: err.code,
    ...(err.fields.length ? { errors: err.fields.map((f) => renderField(f, lang)) } : {}),
  };
}

export const requestPath = (req: FastifyRequest) => req.url.split('?')[0];

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: AppError) {
  const lang = pickLang(req.headers['accept-language']);
  // The path alone: a query string may carry secrets (a calendar feed's ?token=).
  const body = problemBody(err, lang, requestPath(req));
  // 429 and 423 say when to come back, in the header clients and proxies read.
  if (typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
  return reply
    .code(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
    .send(JSON.stringify(body));
}

/** Translates everything Fastify and the services throw into problem+json. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { validation?: AjvError[]; validationContext?: string }, req, reply) => {
    if (error instanceof AppError) return sendProblem(reply, req, error);
    if (error.validation) {
      return sendProblem(reply, req, invalid(fieldsFromAjv(error.validation, error.validationContext ?? 'body')));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, req, new AppError('malformed-json', { reason: error.message }));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        // The route's own limit (uploads have larger ones than JSON bodies).
        return sendProblem(reply, req, bodyTooLarge(req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, req, unsupportedMediaType(req.headers['content-type'] ?? ''));
    }
    if (error instanceof SyntaxError && (error as any).statusCode === 400) {
      return sendProblem(reply, req, new AppError('malformed-json', { reason: error.message }));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // A client error raised by Fastify or a plugin we did not map above: keep its status.
      const lang = pickLang(req.headers['accept-language']);
      return reply
        .code(error.statusCode)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: lang === 'zh' ? '请求无法处理' : 'The request cannot be processed',
            status: error.statusCode,
            detail: error.message,
            instance: requestPath(req),
            code: error.code ?? 'client-error',
          }),
        );
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, req, new AppError('internal', { requestId: req.id }));
  });
}

export function routeNotFound(req: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, req, new AppError('route-not-found', { method: req.method, url: requestPath(req) }));
}
