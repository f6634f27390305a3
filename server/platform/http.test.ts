// Bad input gets a clear problem+json answer and changes nothing; the API describes itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;

describe(`bad input (${engine})`, () => {
  it('malformed JSON → 400 problem+json, nothing written', async () => {
    const sh = await ctx.as('sh-admin');
    const before = await ctx.snapshot();
    const r = await sh.request('POST', '/api/organizations', { payload: '{"name": "x",', headers: { 'content-type': 'application/json' }, lang: 'en' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.data).toMatchObject({ status: 400, code: 'malformed-json', title: 'The request body is not valid JSON' });
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('wrong types are refused, not coerced; every offending field is listed', async () => {
    const sh = await ctx.as('sh-admin');
    const before = await ctx.snapshot();
    const r = await sh.post('/api/organizations', { name: 123, uscc: '91350100M000100Y43', type: 'enterprise', jurisdictionCode: 310000, departmentId: '5' });
    expect(r.statusCode).toBe(400);
    const fields = r.data.errors.map((e: any) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body:/name', 'body:/jurisdictionCode', 'body:/departmentId']));
    expect(r.data.errors.find((e: any) => e.field === 'body:/name').message).toMatch(/类型/);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('unknown fields are refused by name', async () => {
    const sh = await ctx.as('sh-admin');
    const r = await sh.post(
      '/api/organizations',
      { name: '示例', uscc: '91350100M000100Y43', type: 'enterprise', jurisdictionCode: '310000', isAdmin: true },
      { lang: 'en' },
    );
    expect(r.statusCode).toBe(400);
    expect(r.data.errors).toEqual([
      expect.objectContaining({ field: 'body:/isAdmin', code: 'schema.additionalProperties', message: 'is not an accepted field' }),
    ]);
  });

  it('missing required fields are named', async () => {
    const sh = await ctx.as('sh-admin');
    const r = await sh.post('/api/organizations', { name: '示例' });
    expect(r.statusCode).toBe(400);
    expect(r.data.errors.map((e: any) => e.field).sort()).toEqual(['body:/jurisdictionCode', 'body:/type', 'body:/uscc']);
  });

  it('an oversize body (over 1 MiB) → 413 problem+json, nothing written', async () => {
    const sh = await ctx.as('sh-admin');
    const before = await ctx.snapshot();
    const r = await sh.post('/api/organizations', { name: 'x'.repeat(1024 * 1024 + 10), uscc: 'x', type: 'enterprise', jurisdictionCode: '310000' });
    expect(r.statusCode).toBe(413);
    expect(r.data.code).toBe('body-too-large');
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('an unsupported content type → 415', async () => {
    const sh = await ctx.as('sh-admin');
    const r = await sh.request('POST', '/api/organizations', { payload: '<xml/>', headers: { 'content-type': 'application/xml' } });
    expect(r.statusCode).toBe(415);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });

  it('a bad path parameter → 400; an unknown id → 404; an unknown route → 404, all problem+json', async () => {
    const sh = await ctx.as('sh-admin');
    expect((await sh.get('/api/organizations/abc')).statusCode).toBe(400);
    const nf = await sh.get('/api/organizations/999999', { lang: 'en' });
    expect(nf.statusCode).toBe(404);
    expect(nf.data.detail).toMatch(/Organisation 999999/);
    const route = await sh.get('/api/no-such-thing');
    expect(route.statusCode).toBe(404);
    expect(route.data.code).toBe('route-not-found');
  });

  it('an unauthenticated write is refused with 401 before its body is even read', async () => {
    const before = await ctx.snapshot();
    const r = await ctx.anon().request('POST', '/api/organizations', { payload: '{broken', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(401);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('an unexpected failure answers 500 problem+json without a stack trace', async () => {
    const sh = await ctx.as('sh-admin');
    // Closing the database under the app makes the next query throw inside a service.
    const other = await createTestContext();
    const c = await other.as('sh-admin');
    await other.db.close();
    const r = await c.get('/api/organizations');
    expect(r.statusCode).toBe(500);
    expect(r.data.code).toBe('internal');
    expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    expect(r.body).not.toMatch(/stack/i);
    await other.app.close();
    void sh;
  });
});

describe(`service endpoints (${engine})`, () => {
  it('serves OpenAPI 3 with every route and the docs UI', async () => {
    const spec = await ctx.anon().get('/api/openapi.json');
    expect(spec.statusCode).toBe(200);
    expect(spec.data.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/jurisdictions',
      '/api/organizations',
      '/api/organizations/{id}',
      '/api/users',
      '/api/users/{id}',
      '/api/tokens',
      '/api/audit',
    ])
      expect(Object.keys(spec.data.paths)).toContain(p);
    const docs = await ctx.anon().get('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('health and readiness', async () => {
    expect((await ctx.anon().get('/healthz')).data).toEqual({ status: 'ok' });
    expect((await ctx.anon().get('/readyz')).data).toMatchObject({ status: 'ready', engine });
  });

  it('lists the four jurisdictions with GB/T 2260 codes and their departments', async () => {
    const r = await ctx.anon().get('/api/jurisdictions');
    expect(r.data.items.map((j: any) => `${j.code} ${j.nameZh}`)).toEqual(['310000 上海市', '320000 江苏省', '330000 浙江省', '340000 安徽省']);
    expect(r.data.items[0].departments.map((d: any) => d.kind)).toEqual(['science', 'finance', 'ip', 'market']);
  });
});
