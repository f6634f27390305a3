// What every request and response goes through, whatever the route: input the engines cannot
// store alike is refused before validation, and responses carry the browser's security headers.
// docs/security.md explains each defence and names its test.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid, type FieldError } from './errors';

// ---- NUL characters ---------------------------------------------------------------------------

const NUL = String.fromCharCode(0);

/** Paths (JSON pointers) of every string, or object key, holding U+0000. */
function nulPaths(value: unknown, pointer: string, out: string[], depth = 0): void {
  if (out.length >= 20 || depth > 64) return;
  if (typeof value === 'string') {
    if (value.includes(NUL)) out.push(pointer || '/');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, `${pointer}/${i}`, out, depth + 1));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const escaped = k.replace(/~/g, '~0').replace(/\//g, '~1');
      if (k.includes(NUL)) out.push(`${pointer}/${escaped.split(NUL).join('\\u0000')}`);
      else nulPaths(v, `${pointer}/${escaped}`, out, depth + 1);
    }
  }
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can): a NUL anywhere in the query, the path or a
 * JSON body is refused with 400 naming the field, so both engines answer the same and nothing
 * is written. Uploaded files are buffers and are checked by their own parsers.
 */
export function registerInputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const fields: FieldError[] = [];
    for (const [part, value] of [
      ['querystring', req.query],
      ['params', req.params],
      ['body', req.body],
    ] as const) {
      const paths: string[] = [];
      nulPaths(value, '', paths);
      for (const p of paths) fields.push({ field: `${part}:${p}`, code: 'nul-character' });
    }
    if (fields.length) throw invalid(fields);
  });
}

// ---- response headers -------------------------------------------------------------------------

/**
 * The web app's policy: scripts only from this origin (Vite emits no inline script); styles
 * may be inline because Ant Design writes its CSS-in-JS into <style> elements; images also
 * from data: and blob: (charts, QR codes); nothing may frame the app.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data, never a document: nothing in them may load or run. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()';

export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }) {
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    reply.header('cross-origin-opener-policy', 'same-origin');
    // Only over HTTPS: a browser told this over plain HTTP would lock itself out of a test server.
    if (opts.hsts) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // The docs UI (/api/docs) sets its own policy, with hashes for its inline scripts.
    if (!reply.hasHeader('content-security-policy')) {
      const api = req.url.startsWith('/api/') && !req.url.startsWith('/api/docs');
      reply.header('content-security-policy', api ? API_CSP : WEB_CSP);
    }
  });
}
