// Bad input found by an outside probe (issue 12): every one must be a 4xx problem+json naming the
// field, the same on both engines, and change nothing. The sweeps walk /api/openapi.json so a
// route added later is held to the same rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../test/context';

let ctx: TestContext;
let admin: Client;
let spec: any;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.as('admin');
  spec = (await ctx.anon().get('/api/openapi.json')).data;
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;
// Signing in writes an audit entry of its own; everything else a request writes is counted.
const auditCount = async () =>
  Number(
    (
      await ctx.db.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '!=', 'auth.login')
        .executeTakeFirstOrThrow()
    ).n,
  );

interface Param {
  name: string;
  in: 'query' | 'path';
  schema: any;
}
/** Every GET route of the API with its query and path parameters. */
function getRoutes(): Array<{ path: string; params: Param[] }> {
  return Object.entries(spec.paths as Record<string, any>)
    .filter(([p, ops]) => ops.get && p.startsWith('/api/') && !p.startsWith('/api/docs'))
    .map(([p, ops]) => ({ path: p, params: (ops.get.parameters ?? []) as Param[] }));
}
/** The concrete URL of a route: path parameters get a valid id unless given. */
const urlOf = (path: string, over: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_m, name) => encodeURIComponent(over[name] ?? '1'));
const isInteger = (s: any): boolean => s?.type === 'integer' || (Array.isArray(s?.anyOf) && s.anyOf.some(isInteger));
const isFreeString = (s: any): boolean => s?.type === 'string' && !s.enum && !s.format && !s.pattern;

describe(`the API describes itself (${engine})`, () => {
  it('every route has a response schema for success: JSON with its properties, a file with its types, or 204', () => {
    const undescribed: string[] = [];
    for (const [p, ops] of Object.entries(spec.paths as Record<string, any>)) {
      if (p.startsWith('/api/docs')) continue;
      for (const [method, op] of Object.entries(ops as Record<string, any>)) {
        const ok = Object.entries((op.responses ?? {}) as Record<string, any>).filter(([code]) => /^2/.test(code));
        const described = ok.some(([code, r]) => {
          if (code === '204') return true;
          const content = r.content ?? {};
          const json = content['application/json']?.schema;
          // A JSON answer names its properties (no free-form Type.Any()); a file names its media types.
          if (json) return Object.keys(json).length > 0;
          return Object.keys(content).length > 0;
        });
        if (!described) undescribed.push(`${method.toUpperCase()} ${p}`);
      }
    }
    expect(undescribed).toEqual([]);
  });
});

describe(`query and path parameters (${engine})`, () => {
  it('every integer — parameter or body field, on every route — has a maximum', () => {
    const missing: string[] = [];
    const unbounded = (s: any) => s.maximum === undefined || s.maximum > Number.MAX_SAFE_INTEGER;
    const walk = (s: any, where: string): void => {
      if (!s || typeof s !== 'object') return;
      if (s.type === 'integer' && unbounded(s)) missing.push(where);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}/${k}`);
      if (s.items) walk(s.items, `${where}/*`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) for (const v of s[key] ?? []) walk(v, where);
    };
    for (const [p, ops] of Object.entries(spec.paths as Record<string, any>)) {
      for (const [method, op] of Object.entries(ops as Record<string, any>)) {
        for (const par of op.parameters ?? []) walk(par.schema, `${method.toUpperCase()} ${p} ${par.in}:${par.name}`);
        walk(op.requestBody?.content?.['application/json']?.schema, `${method.toUpperCase()} ${p} body:`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a sort by a name on the object prototype is a 400 naming sort, on every route that sorts', async () => {
    const failures: string[] = [];
    let routes = 0;
    for (const r of getRoutes()) {
      if (!r.params.some((p) => p.in === 'query' && p.name === 'sort')) continue;
      routes++;
      for (const sort of ['hasOwnProperty', 'constructor', '__proto__', '-toString', 'valueOf']) {
        const res = await admin.get(urlOf(r.path), { query: { sort } });
        if (res.statusCode !== 400 || !res.data?.errors?.some((e: any) => e.field === 'querystring:/sort'))
          failures.push(`${r.path}?sort=${sort} → ${res.statusCode}`);
      }
    }
    expect(routes).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  it('huge, infinite and non-integer numbers are a 400, never a 500', async () => {
    const failures: string[] = [];
    for (const r of getRoutes()) {
      for (const p of r.params.filter((x) => isInteger(x.schema))) {
        const max = p.schema.maximum ?? p.schema.anyOf?.find((x: any) => x.maximum !== undefined)?.maximum;
        for (const v of ['1e309', '99999999999999999999', '-1e309', 'Infinity', 'NaN', '1.5', String(max + 1)]) {
          const res = p.in === 'path' ? await admin.get(urlOf(r.path, { [p.name]: v })) : await admin.get(urlOf(r.path), { query: { [p.name]: v } });
          if (res.statusCode !== 400) failures.push(`${r.path} ${p.in}:${p.name}=${v} → ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a NUL character in any text parameter is a 400 naming it, on both engines', async () => {
    const failures: string[] = [];
    for (const r of getRoutes()) {
      // (A calendar feed's ?token= is a credential, checked before anything else: a bad one is a 401.)
      for (const p of r.params.filter((x) => x.in === 'query' && isFreeString(x.schema) && x.name !== 'token')) {
        const res = await admin.get(urlOf(r.path), { query: { [p.name]: 'a\u0000b' } });
        if (res.statusCode !== 400 || !res.data?.errors?.some((e: any) => e.field === `querystring:/${p.name}`))
          failures.push(`${r.path}?${p.name} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('dates in query strings follow the date policy (1900–2199)', async () => {
    for (const v of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '1899-12-31T23:59:59Z']) {
      const r = await admin.get('/api/audit', { query: { from: v } });
      expect(r.statusCode, v).toBe(400);
      expect(r.data.errors[0].field).toBe('querystring:/from');
    }
    expect((await admin.get('/api/audit', { query: { from: '2026-01-01T00:00:00Z' } })).statusCode).toBe(200);
  });
});

describe(`JSON bodies (${engine})`, () => {
  it('NUL in a JSON string is refused naming the field, and nothing is written', async () => {
    const before = await auditCount();
    const r = await admin.post(
      '/api/organizations',
      { name: '示例\u0000机构', uscc: '91310115MA1K3YJ12X', type: 'enterprise', jurisdictionCode: '310000' },
      { lang: 'en' },
    );
    expect(r.statusCode).toBe(400);
    expect(r.data.errors).toEqual([expect.objectContaining({ field: 'body:/name', code: 'nul-character' })]);
    expect(r.data.errors[0].message).toMatch(/NUL/);
    const nested = await (
      await ctx.as('sh-org-admin')
    ).post('/api/results', { title: '成果', summary: 'x', resultType: 'know_how', keywords: ['ok', 'b\u0000ad'] });
    expect(nested.statusCode).toBe(400);
    expect(nested.data.errors).toEqual([expect.objectContaining({ field: 'body:/keywords/1' })]);
    expect(await auditCount()).toBe(before);
  });

  it('1e309 in a JSON body is not an integer', async () => {
    const sh = await ctx.as('sh-admin');
    const before = await auditCount();
    const r = await sh.request('POST', '/api/voucher-programs', {
      payload:
        '{"name":"x","budgetFen":1e309,"issueFrom":"2026-01-01T00:00:00Z","issueUntil":"2026-02-01T00:00:00Z","expiresAt":"2026-03-01T00:00:00Z","shareBp":5000,"capEnterpriseYearFen":1,"capTeamFen":1,"eligibleTiers":["tech_sme"],"teamsEligible":false,"eligibleCategories":["testing"],"redeemJurisdictions":["310000"]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.data.errors.map((e: any) => e.field)).toContain('body:/budgetFen');
    expect(await auditCount()).toBe(before);
  });

  it('dates in bodies follow one policy: 1900–2199, year 0000 and 0001 included', async () => {
    const js = await ctx.as('js-expert');
    const expertId = Number((await ctx.db.db.selectFrom('users').select('id').where('username', '=', 'js-expert').executeTakeFirstOrThrow()).id);
    const before = await auditCount();
    for (const since of ['0000-01-01', '0001-01-01', '1899-12-31', '9999-12-31', '2200-01-01']) {
      const r = await js.post(
        `/api/experts/${expertId}/relations`,
        { kind: 'coauthor', otherName: '某人', otherOrganizationId: undefined, otherUserId: 1, since },
        { lang: 'en' },
      );
      expect(r.statusCode, since).toBe(400);
      expect(r.data.errors).toEqual([expect.objectContaining({ field: 'body:/since', code: 'schema.format' })]);
      expect(r.data.errors[0].message).toMatch(/1900.*2199/);
    }
    const sh = await ctx.as('sh-admin');
    for (const t of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-01-01T00:00:00Z']) {
      const r = await sh.post('/api/voucher-programs', {
        name: '日期测试',
        budgetFen: 1000,
        issueFrom: t,
        issueUntil: '2026-02-01T00:00:00Z',
        expiresAt: '2026-03-01T00:00:00Z',
        shareBp: 5000,
        capEnterpriseYearFen: 1,
        capTeamFen: 1,
        eligibleTiers: ['tech_sme'],
        teamsEligible: false,
        eligibleCategories: ['testing'],
        redeemJurisdictions: ['310000'],
      });
      expect(r.statusCode, t).toBe(400);
      expect(r.data.errors.map((e: any) => e.field)).toEqual(['body:/issueFrom']);
    }
    // A month (YYYY-MM) keeps to the same years.
    const m = await (await ctx.as('zj-admin')).post('/api/settlements', { period: '0000-01' });
    expect(m.statusCode).toBe(400);
    expect(await auditCount()).toBe(before);
  });

  it('a stored early instant reads back as written on both engines', async () => {
    const { parseTimestamp } = await import('../db/index');
    expect(parseTimestamp('1900-01-01 00:00:00+00')).toBe('1900-01-01T00:00:00.000Z');
    expect(parseTimestamp('0001-01-01 00:00:00+00')).toBe('0001-01-01T00:00:00.000Z');
    expect(parseTimestamp('2026-12-07 17:40:11.123456+08')).toBe('2026-12-07T09:40:11.123Z');
    expect(parseTimestamp('2026-12-07 17:40:11+05:30')).toBe('2026-12-07T12:10:11.000Z');
  });

  it('whitespace-only required text is refused, naming the field', async () => {
    const before = await auditCount();
    const org = await (await ctx.as('sh-org-admin')).post('/api/results', { title: '   ', summary: 'x', resultType: 'know_how' }, { lang: 'en' });
    expect(org.statusCode).toBe(400);
    expect(org.data.errors).toEqual([expect.objectContaining({ field: 'body:/title', code: 'schema.notBlank', message: 'must not be blank' })]);
    const tok = await (await ctx.as('sh-member')).post('/api/tokens', { name: ' \t ' });
    expect(tok.statusCode).toBe(400);
    const user = await admin.post('/api/users', {
      username: 'blank-name',
      displayName: '\u3000 ',
      organizationId: 1,
      role: 'member',
      password: 'Kexie#2026ab',
    });
    expect(user.statusCode).toBe(400);
    expect(user.data.errors.map((e: any) => e.field)).toEqual(['body:/displayName']);
    const apply = await (
      await ctx.as('zj-org-admin')
    ).post('/api/voucher-programs/1/applications', { applicantKind: 'enterprise', requestedFen: 100, purpose: '  ' });
    expect(apply.statusCode).toBe(400);
    expect(await auditCount()).toBe(before);
  });
});

describe(`uploads (${engine})`, () => {
  let providerId: number;
  beforeAll(async () => {
    const p = await ctx.db.db
      .selectFrom('providers as p')
      .innerJoin('users as u', 'u.organization_id', 'p.organization_id')
      .select('p.id')
      .where('u.username', '=', 'zj-svc-admin')
      .executeTakeFirstOrThrow();
    providerId = Number(p.id);
  });
  const upload = async (payload: Buffer | string, type: string, lang: 'zh' | 'en' = 'en') =>
    (await ctx.as('zj-svc-admin')).request('POST', `/api/providers/${providerId}/evidence`, {
      payload,
      headers: { 'content-type': type },
      query: { condition: 'other', filename: 'x' },
      lang,
    });

  it('an HTML body declared as PDF, PNG or JPEG is refused: the content must match its type', async () => {
    const before = await auditCount();
    for (const type of ['application/pdf', 'image/png', 'image/jpeg']) {
      const r = await upload('<html><script>alert(1)</script></html>', type);
      expect(r.statusCode, type).toBe(415);
      expect(r.data.code).toBe('unsupported-media-type');
      expect(r.data.detail).not.toMatch(/\{/);
      expect(r.data.detail).toContain(type);
    }
    expect(await auditCount()).toBe(before);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    expect((await upload(png, 'image/png')).statusCode).toBe(201);
    // …and a real PNG sent as a PDF is not a PDF.
    expect((await upload(png, 'application/pdf')).statusCode).toBe(415);
  });

  it('the 415 detail names the type sent; the 413 detail quotes this route’s limit', async () => {
    const t = await upload('x', 'text/html', 'en');
    expect(t.statusCode).toBe(415);
    expect(t.data.detail).toBe('Content type text/html is not accepted here.');
    const big = Buffer.alloc(6 * 1024 * 1024, 7);
    big.write('%PDF-1.4', 0);
    const r = await upload(big, 'application/pdf', 'en');
    expect(r.statusCode).toBe(413);
    expect(r.data.detail).toMatch(/5 MiB/);
    const zh = await upload(big, 'application/pdf', 'zh');
    expect(zh.data.detail).toMatch(/5 MiB/);
  });

  it('a spreadsheet upload must be what it says: an XLSX is a ZIP archive, a CSV is text', async () => {
    const r = await admin.request('POST', '/api/organizations/import', {
      payload: '<html></html>',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(r.statusCode).toBe(415);
    const nul = await admin.request('POST', '/api/organizations/import', {
      payload: Buffer.from('名称 name,x\n\u0000\u0001\u0002,y\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(nul.statusCode).toBe(415);
  });
});
