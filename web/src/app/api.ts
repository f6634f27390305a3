// A small fetch client for the server's JSON API under /api: same-origin cookie session, the
// CSRF token on every write, Accept-Language following the UI language, and RFC 9457
// problem+json errors turned into ApiError.

export interface ProblemFieldError {
  /** `body:/uscc`, `query:/page`, `uscc`, or a column name in import row reports. */
  field: string;
  code: string;
  message: string;
  /** Import row reports: the 1-based spreadsheet row (the header is row 1). */
  row?: number;
  /** Import row reports: the column's header as in the template, in the reader's language. */
  column?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: ProblemFieldError[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let languageTag: () => string = () => 'zh-CN';
/** Registered by i18n.ts so the client needs no import cycle. */
export function setLanguageSource(fn: () => string): void {
  languageTag = fn;
}

let onUnauthorized: (() => void) | null = null;
/** Called when the server says the session is gone (401) on any call other than sign-in. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (e.g. a File for imports) with `contentType`. */
  body?: BodyInit;
  contentType?: string;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': languageTag(),
    ...opts.headers,
  };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    body = opts.body;
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(`/api${path}${buildQuery(opts.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    const zh = languageTag().startsWith('zh');
    throw new ApiError({
      type: 'about:blank',
      title: zh ? '无法连接服务器' : 'Cannot reach the server',
      detail: zh ? '请检查网络连接后重试。' : 'Check the network connection and try again.',
      status: 0,
      code: 'network-error',
    });
  }
}

async function toProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return {
        type: body.type ?? 'about:blank',
        title: body.title ?? res.statusText,
        status: body.status ?? res.status,
        code: body.code ?? `http-${res.status}`,
        ...body,
      } as Problem;
    } catch {
      /* fall through */
    }
  }
  return { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status, code: `http-${res.status}` };
}

async function check(path: string, res: Response): Promise<Response> {
  if (res.ok) return res;
  const problem = await toProblem(res);
  if (res.status === 401 && !path.startsWith('/auth/') && onUnauthorized) onUnauthorized();
  throw new ApiError(problem);
}

/** JSON in, JSON out; resolves to undefined for 204. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await check(path, await send(path, opts));
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as unknown as T;
  return (await res.json()) as T;
}

/** Sugar for the common verbs. */
export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => api<T>(path, { query, signal }),
  post: <T>(path: string, json?: unknown, query?: Query, headers?: Record<string, string>) =>
    api<T>(path, { method: 'POST', json: json ?? {}, query, headers }),
  patch: <T>(path: string, json: unknown) => api<T>(path, { method: 'PATCH', json }),
  del: (path: string) => api<void>(path, { method: 'DELETE' }),
};

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* ignore */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

/** Downloads a file the server sends (exports, templates) and saves it under its given name. */
export async function download(path: string, query: Query, fallbackName: string): Promise<string> {
  const res = await check(path, await send(path, { query }));
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type for an uploaded import file, by its name (browsers are unreliable here). */
export function importContentType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  return null;
}

/** Field name on a form for a problem field: `body:/uscc` → `uscc`, `body:/a/b` → `a`. */
export function formFieldOf(field: string): string {
  let f = field;
  const colon = f.indexOf(':');
  if (colon >= 0 && /^[a-z]+$/.test(f.slice(0, colon))) f = f.slice(colon + 1);
  f = f.replace(/^\/+/, '');
  return f.split('/')[0] ?? '';
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
