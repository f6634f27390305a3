// Exports, headers and sign-in (issue 12): CSV cells cannot carry formulas, the web app is served
// with a content security policy, lock-out does not tell which usernames exist, and unknown API
// paths are 404 whoever asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, type TestContext } from '../../test/context';
import { buildApp } from '../app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;

describe(`CSV exports neutralise formulas (${engine})`, () => {
  it('a cell starting with = + - @ tab or CR goes out as text, on every export', async () => {
    const admin = await ctx.as('admin');
    const evil = ['=HYPERLINK("http://x.example","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const org = await ctx.newOrg(admin, { name: evil[0] });
    for (const [i, name] of evil.entries()) {
      await admin.post('/api/users', { username: `csv-evil-${i}`, displayName: name, organizationId: org.id, role: 'member', password: 'Kexie#2026ab' });
    }
    const orgs = await admin.get('/api/organizations/export', { query: { format: 'csv', q: 'HYPERLINK' } });
    expect(orgs.statusCode).toBe(200);
    expect(orgs.body).toContain(`"'=HYPERLINK(""http://x.example"",""点我"")"`);
    expect(orgs.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const users = await admin.get('/api/users/export', { query: { format: 'csv', organizationId: org.id } });
    for (const cell of ["'+1+1", "'-2+3", "'@SUM(A1)"]) expect(users.body).toContain(cell);
    expect(users.body).not.toMatch(/(^|,)"?[=+@\t]/m);
  });

  it('numbers, negative ones included, stay numbers', async () => {
    const { writeSheet } = await import('./spreadsheet');
    const csv = (
      await writeSheet(
        'csv',
        's',
        [
          { key: 'a', header: 'a' },
          { key: 'b', header: 'b' },
        ],
        [
          { a: -12.5, b: '-3.00' },
          { a: '=1', b: '-x' },
        ],
      )
    ).toString('utf8');
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)).toEqual(['a,b', '-12.5,-3.00', "'=1,'-x", '']);
  });
});

describe(`headers (${engine})`, () => {
  it('the web app is served with a CSP without inline script, a permissions policy, and HSTS only behind HTTPS', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-web-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    const plain = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, webDist: dir, cookieSecure: false } }, { logger: false, serveWeb: true });
    const secure = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, webDist: dir, cookieSecure: true } }, { logger: false, serveWeb: true });
    try {
      const page = await plain.inject({ method: 'GET', url: '/resources' });
      expect(page.statusCode).toBe(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(page.headers['permissions-policy']).toMatch(/camera=\(\)/);
      expect(page.headers['strict-transport-security']).toBeUndefined();
      const api = await plain.inject({ method: 'GET', url: '/api/jurisdictions' });
      expect(api.headers['content-security-policy']).toMatch(/default-src 'none'/);
      const https = await secure.inject({ method: 'GET', url: '/' });
      expect(https.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      // The API docs are public and bring their own policy.
      // With the web app served, unknown API paths are still 404, not "sign in" nor the page.
      for (const url of ['/api/no-such-thing', '/api/organizations/1/no-such', '/api/']) {
        const nf = await plain.inject({ method: 'GET', url });
        expect(nf.statusCode, url).toBe(404);
        expect(nf.headers['content-type']).toMatch(/problem\+json/);
      }
      expect((await plain.inject({ method: 'POST', url: '/api/no-such-thing' })).statusCode).toBe(404);
      const docs = await plain.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-security-policy']).toMatch(/script-src 'self'/);
      // …without upgrade-insecure-requests, which would break the page over plain HTTP.
      expect(docs.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
      expect(docs.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    } finally {
      await plain.close();
      await secure.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('unknown /api paths answer 404 problem+json, signed in or not, any method', async () => {
    for (const [method, url] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/no-such-thing'],
      ['GET', '/api/organizations/1/no-such'],
      ['DELETE', '/api/auth'],
      ['GET', '/api/'],
    ] as const) {
      const r = await ctx.anon().request(method, url);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.data.code).toBe('route-not-found');
    }
    // A known path with a method it does not have is also not found, not "sign in".
    expect((await ctx.anon().request('PUT', '/api/auth/me')).statusCode).toBe(404);
  });
});

describe(`sign-in does not tell which usernames exist (${engine})`, () => {
  const max = () => ctx.config.loginMaxFailures;
  const attempt = (username: string, password: string, ip: string) => ctx.anon(ip).post('/api/auth/login', { username, password }, { lang: 'en' });

  it('an unknown name locks after the same number of failures, with the same answers', async () => {
    const known: any[] = [];
    const unknown: any[] = [];
    for (let i = 0; i <= max(); i++) {
      known.push(await attempt('ah-expert', 'Wrong#2026xyz', `10.20.0.${i}`));
      unknown.push(await attempt('nobody-here', 'Wrong#2026xyz', `10.21.0.${i}`));
    }
    const shape = (r: any) => ({
      status: r.statusCode,
      code: r.data.code,
      title: r.data.title,
      detail: r.data.detail,
      keys: Object.keys(r.data).sort(),
      retry: r.headers['retry-after'] !== undefined,
    });
    expect(known.map(shape)).toEqual(unknown.map(shape));
    expect(known.at(-1).statusCode).toBe(423);
    // The last failure before the lock says the account is now locked.
    expect(known.at(-2).data.detail).toMatch(/locked/i);
  });

  it('the lock answer gives Beijing time and minutes, never a UTC instant, and Retry-After', async () => {
    for (let i = 0; i < max(); i++) await attempt('sh-expert', 'Wrong#2026xyz', `10.22.0.${i}`);
    const en = await attempt('sh-expert', 'Wrong#2026xyz', '10.22.1.1');
    expect(en.statusCode).toBe(423);
    expect(en.data.detail).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(en.data.detail).toMatch(/Beijing time/);
    expect(en.data.detail).toMatch(/\d+ minutes?/);
    expect(Number(en.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(en.headers['retry-after'])).toBeLessThanOrEqual(ctx.config.loginLockMinutes * 60);
    const zh = await ctx.anon('10.22.1.2').post('/api/auth/login', { username: 'sh-expert', password: 'Wrong#2026xyz' }, { lang: 'zh' });
    expect(zh.data.detail).toMatch(/北京时间/);
    expect(zh.data.detail).toMatch(/分钟/);
  });
});
