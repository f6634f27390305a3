// Schema pieces every route shares, and the platform's input policy behind them: every integer
// has a maximum, required text is not blank, dates lie in 1900–2199. The validators in app.ts
// enforce the date policy for every `format: 'date' | 'date-time'`, so a route cannot forget it.
import { Type, type TSchema } from 'typebox';

/** Largest id any route accepts: PostgreSQL's integer, far above any table's size. */
export const MAX_ID = 2_147_483_647;
/** The most money any field takes: 10 billion yuan, in fen (fits both engines' bigint and JS). */
export const MAX_FEN = 1_000_000_000_000;
/** Pages beyond this are not browsed; narrow the filter instead (keeps OFFSET bounded). */
export const MAX_PAGE = 10_000;

/** The date policy: years the platform accepts anywhere, unless a field says otherwise. */
export const DATE_POLICY = { minYear: 1900, maxYear: 2199 } as const;

/** Matches text with at least one character that is not white space (U+3000 included). */
export const NOT_BLANK = '\\S';

/** Money in integer fen, 0 … MAX_FEN unless the field says otherwise (e.g. minimum: 1). */
export const Fen = (o: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'integer fen', ...o });

export const Id = (o: Record<string, unknown> = {}) => Type.Integer({ minimum: 1, maximum: MAX_ID, ...o });
export const IdParams = Type.Object({ id: Id() });
/** Path parameters `id` and one more id, e.g. /api/calls/:id/attachments/:attachmentId. */
export const SubIdParams = <K extends string>(name: K) =>
  Type.Object({ id: Id(), [name]: Id() } as { id: ReturnType<typeof Id> } & { [P in K]: ReturnType<typeof Id> });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

/**
 * Text of at most `max` characters; with `min` ≥ 1 it is required and may not be only white
 * space (services trim what they store).
 */
export const Text = (max: number, min = 0, o: Record<string, unknown> = {}) =>
  Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: NOT_BLANK } : {}), ...o });

/** A calendar date, YYYY-MM-DD, within the date policy. */
export const DateOnly = (o: Record<string, unknown> = {}) => Type.String({ format: 'date', ...o });
/** An instant, ISO 8601 with a zone (UTC or an offset), within the date policy. */
export const DateTime = (o: Record<string, unknown> = {}) => Type.String({ format: 'date-time', description: 'ISO 8601 instant (UTC or with offset)', ...o });
/** A month, YYYY-MM (Beijing time), within the date policy. */
export const Period = Type.String({ pattern: '^(19\\d\\d|2[01]\\d\\d)-(0[1-9]|1[0-2])$', description: 'YYYY-MM (Beijing time), 1900–2199' });

/** An object that refuses unknown fields. */
export const Obj = <T extends Record<string, TSchema>>(p: T, o: Record<string, unknown> = {}) => Type.Object(p, { additionalProperties: false, ...o });

// ---- the date policy, as ajv formats ----------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):?(\d{2}))$/;

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const inPolicy = (y: number) => y >= DATE_POLICY.minYear && y <= DATE_POLICY.maxYear;

function validDate(y: number, m: number, d: number) {
  return inPolicy(y) && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/** YYYY-MM-DD, a real day, in the policy's years. */
export function isPolicyDate(s: string): boolean {
  const m = DATE.exec(s);
  return !!m && validDate(+m[1], +m[2], +m[3]);
}

/** An RFC 3339 instant with a zone, a real day and time, in the policy's years. */
export function isPolicyDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !validDate(+m[1], +m[2], +m[3])) return false;
  const [h, min, sec] = [+m[4], +m[5], +m[6]];
  if (h > 23 || min > 59 || sec > 60) return false;
  if (m[9] !== undefined && (+m[9] > 23 || +m[10] > 59)) return false;
  const t = Date.parse(s.replace(' ', 'T'));
  return Number.isFinite(t) && inPolicy(new Date(t).getUTCFullYear());
}

/** Registers the policy's `date` and `date-time` formats on an ajv instance (after ajv-formats, replacing its own). */
export function addDatePolicyFormats(ajv: { addFormat(name: string, format: { type: 'string'; validate: (s: string) => boolean }): unknown }) {
  ajv.addFormat('date', { type: 'string', validate: isPolicyDate });
  ajv.addFormat('date-time', { type: 'string', validate: isPolicyDateTime });
}
