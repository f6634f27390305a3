// The public portal (issue 15): exactly these routes answer a visitor who is not signed in; each
// answers with its allow-listed fields; nothing private reaches such a visitor — no person's
// e-mail or phone, no draft or withdrawn listing, call or resource, no voucher or booking data,
// no price its owner hides — and every anonymous write answers 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { callBody, openCall } from '../../../test/calls';
import { demandBody, resultBody } from '../../../test/transfer';

let ctx: TestContext;
let anon: Client;
const engine = process.env.TEST_DB_ENGINE;

/** Every route a visitor who is not signed in may call (method and OpenAPI path). Adding one is a decision: add it here. */
const PUBLIC_ROUTES = [
  'POST /api/auth/login',
  // accounts: registering an organisation, accepting an invitation, resetting a forgotten password
  // (throttled per address; answers reveal no account — see accounts.test.ts)
  'POST /api/registrations',
  'POST /api/invitations/preview',
  'POST /api/invitations/accept',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'GET /api/jurisdictions',
  'GET /api/reference',
  // the catalogue (anonymous answers are the allow-listed public views)
  'GET /api/resources',
  'GET /api/resources/{id}',
  'GET /api/resources/{id}/availability',
  'GET /api/resources/{id}/closures',
  'GET /api/resources/{id}/calendar.ics',
  // a calendar link's feed (its own revocable secret in the path; opens nothing else)
  'GET /api/calendar/{file}',
  // a published resource's photos (a draft's are 404 to visitors)
  'GET /api/resources/{id}/photos/{photoId}',
  // the technology market
  'GET /api/results',
  'GET /api/results/{id}',
  'GET /api/demands',
  'GET /api/demands/{id}',
  'GET /api/open-licences',
  'GET /api/open-licences/{id}',
  'GET /api/auctions',
  'GET /api/auctions/{id}',
  // the portal's own
  'GET /api/public/overview',
  'GET /api/public/resources',
  'GET /api/public/resources/{id}',
  'GET /api/public/results',
  'GET /api/public/results/{id}',
  'GET /api/public/demands',
  'GET /api/public/demands/{id}',
  'GET /api/public/calls',
  'GET /api/public/calls/{id}',
  'GET /api/public/providers',
].sort();

const RESOURCE_ITEM_KEYS = [
  'id',
  'identifier',
  'kind',
  'name',
  'category',
  'model',
  'manufacturer',
  'jurisdictionCode',
  'city',
  'ownerOrgId',
  'ownerName',
  'serviceModes',
  'pricePublic',
  'startupFeeFen',
  'hourlyFeeFen',
  'perSampleFen',
  'listPriceFen',
  'photo',
  'score',
  'highlights',
];
const RESOURCE_KEYS = [
  'id',
  'identifier',
  'kind',
  'name',
  'description',
  'keywords',
  'category',
  'model',
  'manufacturer',
  'originCountry',
  'jurisdictionCode',
  'city',
  'ownerOrgId',
  'ownerName',
  'specifications',
  'features',
  'photos',
  'uploadedPhotos',
  'contact',
  'serviceModes',
  'openingHours',
  'bookable',
  'needsApproval',
  'pricePublic',
  'startupFeeFen',
  'hourlyFeeFen',
  'perSampleFen',
  'listPriceFen',
  'consumablesFen',
  'serviceItems',
  'updatedAt',
];
const LISTING_KEYS = [
  'id',
  'kind',
  'status',
  'title',
  'indicators',
  'keywords',
  'fields',
  'ipc',
  'jurisdictionCode',
  'ownerOrgId',
  'ownerName',
  'source',
  'externalId',
  'publishedAt',
  'updatedAt',
  'pricePublic',
  'score',
  'highlights',
  'summary',
  'resultType',
  'applicationNo',
  'patentStatus',
  'trl',
  'transferModes',
  'askingPriceFen',
  'askingTerms',
  'inventors',
  'legal',
  'openLicence',
  'problem',
  'budgetFen',
  'deadline',
];
const CALL_KEYS = [
  'id',
  'kind',
  'jurisdictionCode',
  'title',
  'description',
  'goals',
  'indicators',
  'milestones',
  'disciplines',
  'keywords',
  'budgetFen',
  'opensAt',
  'deadline',
  'status',
  'raceTeams',
  'poserName',
  'noticeEndsAt',
  'updatedAt',
];
const PROVIDER_KEYS = ['id', 'organizationName', 'jurisdictionCode', 'categories', 'description', 'listedAt', 'recognisedIn', 'products'];

const onlyKeys = (o: Record<string, unknown>, allowed: string[], what: string) =>
  expect(
    Object.keys(o).filter((k) => !allowed.includes(k)),
    `${what} has keys beyond the allow-list`,
  ).toEqual([]);

/** Ids and markers made in beforeAll. */
const W = {} as {
  resource: number;
  hiddenResource: number;
  draftResource: number;
  result: number;
  hiddenResult: number;
  draftResult: number;
  demand: number;
  call: number;
  draftCall: number;
  marker: string;
};

beforeAll(async () => {
  ctx = await createTestContext();
  anon = ctx.anon();
  const shOrgAdmin = await ctx.as('sh-org-admin');
  const shOrg = (await shOrgAdmin.get('/api/auth/me')).data.user.organization.id;
  const marker = `zqportal${process.pid.toString(36)}`;
  W.marker = marker;
  const res = (over: Record<string, unknown>) =>
    shOrgAdmin.post('/api/resources', {
      kind: 'instrument',
      name: `门户测试仪器 ${marker}（示例）`,
      description: `门户测试 ${marker}`,
      keywords: [marker],
      category: ['分析仪器', '质谱仪器', '液质联用'],
      city: '上海',
      address: `秘密路 ${marker}号 实验楼`,
      serviceModes: ['assisted'],
      startupFeeFen: 12_345,
      hourlyFeeFen: 67_891,
      originalValueFen: 987_654_321,
      ownerOrgId: shOrg,
      ...over,
    });
  const created = async (p: Promise<any>) => {
    const r = await p;
    if (r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body}`);
    return r.data.id as number;
  };
  W.resource = await created(res({}));
  W.hiddenResource = await created(res({ name: `门户隐价仪器 ${marker}（示例）`, pricePublic: false, hourlyFeeFen: 55_555 }));
  W.draftResource = await created(res({ name: `门户草稿仪器 ${marker}draft（示例）`, status: 'draft' }));
  const js = await ctx.as('js-org-admin');
  W.result = await created(js.post('/api/results', resultBody({ title: `门户成果 ${marker}`, keywords: [marker], askingPriceFen: 4_444_400 })));
  W.hiddenResult = await created(
    js.post(
      '/api/results',
      resultBody({ title: `门户隐价成果 ${marker}`, keywords: [marker], askingPriceFen: 7_777_700, askingTerms: `面议 ${marker}`, pricePublic: false }),
    ),
  );
  W.draftResult = await created(js.post('/api/results', resultBody({ title: `门户草稿成果 ${marker}draft`, keywords: [marker], status: 'draft' })));
  W.demand = await created((await ctx.as('zj-org-admin')).post('/api/demands', demandBody({ title: `门户需求 ${marker}`, keywords: [marker] })));
  const shAdmin = await ctx.as('sh-admin');
  const now = ctx.clock.now().getTime();
  W.call = (await openCall(shAdmin, callBody(now, { title: `门户指南 ${marker}（示例）` }), 'published')).id;
  W.draftCall = (await openCall(shAdmin, callBody(now, { title: `门户草稿指南 ${marker}draft（示例）` }), 'draft')).id;
});
afterAll(() => ctx.close());

describe(`public portal: which routes are public (${engine})`, () => {
  it('exactly the listed routes answer without signing in; every other route — every anonymous write but login — answers 401', async () => {
    const doc = (await anon.get('/api/openapi.json')).data;
    const open: string[] = [];
    const problems: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const m = method.toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) continue;
        const url = path.replace(/\{[^}]+\}/g, '1');
        const r = await anon.request(m as any, url, m === 'GET' ? {} : { json: {} });
        const key = `${m} ${path}`;
        if (r.statusCode !== 401) open.push(key);
        if (r.statusCode >= 500) problems.push(`${key}: ${r.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
    expect(open.sort()).toEqual(PUBLIC_ROUTES);
  });

  it('an anonymous write to a public path is 401 or 404, never served (no PUT/PATCH/DELETE on the portal)', async () => {
    for (const url of ['/api/public/resources/1', '/api/public/overview', `/api/resources/${W.resource}`, `/api/results/${W.result}`]) {
      for (const m of ['POST', 'PATCH', 'DELETE', 'PUT'] as const) {
        const r = await anon.request(m, url, { json: { name: 'x' } });
        expect([401, 404], `${m} ${url}`).toContain(r.statusCode);
      }
    }
  });
});

describe(`public portal: each public route answers a visitor (${engine})`, () => {
  it('GET /api/public/overview: four jurisdictions, counts as the tables say, cacheable', async () => {
    const r = await anon.get('/api/public/overview');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(r.data.jurisdictions.map((j: any) => j.code)).toEqual(['310000', '320000', '330000', '340000']);
    const n = async (q: any) => Number((await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const db = ctx.db.db;
    const sh = r.data.jurisdictions[0];
    expect(sh.resources).toBe(await n(db.selectFrom('resources').where('status', '=', 'published').where('jurisdiction_code', '=', '310000')));
    expect(sh.providers).toBe(await n(db.selectFrom('providers').where('status', '=', 'listed').where('jurisdiction_code', '=', '310000')));
    expect(sh.calls).toBe(await n(db.selectFrom('calls').where('status', '<>', 'draft').where('jurisdiction_code', '=', '310000')));
    const js = r.data.jurisdictions[1];
    expect(js.results).toBe(
      await n(db.selectFrom('listings').where('kind', '=', 'result').where('status', '=', 'published').where('jurisdiction_code', '=', '320000')),
    );
    expect(r.data.totals.resources).toBe(r.data.jurisdictions.reduce((a: number, j: any) => a + j.resources, 0));
    expect(r.data.totals.resources).toBeGreaterThan(0);
  });

  it('GET /api/public/resources and /api/resources (anonymous): published items with the public fields only', async () => {
    for (const path of ['/api/public/resources', '/api/resources']) {
      const r = await anon.get(path, { query: { q: W.marker, pageSize: 50 } });
      expect(r.statusCode, r.body).toBe(200);
      const ids = r.data.items.map((i: any) => i.id);
      expect(ids).toContain(W.resource);
      expect(ids).not.toContain(W.draftResource);
      for (const i of r.data.items) onlyKeys(i, RESOURCE_ITEM_KEYS, path);
      expect(r.data.facets.jurisdiction.length).toBeGreaterThan(0);
    }
    const all = await anon.get('/api/public/resources', { query: { jurisdiction: '310000', kind: 'instrument', sort: 'newest', page: 1, pageSize: 5 } });
    expect(all.statusCode).toBe(200);
    expect(all.data.items.every((i: any) => i.jurisdictionCode === '310000' && i.kind === 'instrument')).toBe(true);
    expect((await anon.get('/api/public/resources', { query: { sort: 'value' } })).statusCode).toBe(400);
    expect((await anon.get('/api/public/resources', { query: { mine: true } })).statusCode).toBe(400);
  });

  it('GET /api/public/resources/{id} and /api/resources/{id} (anonymous): the public view; drafts 404', async () => {
    for (const path of ['/api/public/resources/', '/api/resources/']) {
      const r = await anon.get(path + W.resource);
      expect(r.statusCode, r.body).toBe(200);
      onlyKeys(r.data, RESOURCE_KEYS, path);
      expect(r.data).toMatchObject({ id: W.resource, pricePublic: true, hourlyFeeFen: 67_891, startupFeeFen: 12_345, city: '上海', bookable: true });
      expect(r.body).not.toContain('秘密路');
      expect(r.body).not.toContain('987654321');
      expect((await anon.get(path + W.draftResource)).statusCode).toBe(404);
      expect((await anon.get(path + '999999')).statusCode).toBe(404);
    }
    // Signed in, the full record (the address, the value) as before.
    const member = await ctx.as('sh-member');
    expect((await member.get(`/api/resources/${W.resource}`)).data).toMatchObject({
      address: expect.stringContaining('秘密路'),
      originalValueFen: 987_654_321,
    });
  });

  it('GET /api/public/results, /api/results, /{id}: published results, allow-listed', async () => {
    for (const path of ['/api/public/results', '/api/results']) {
      const r = await anon.get(path, { query: { q: W.marker } });
      expect(r.statusCode, r.body).toBe(200);
      const ids = r.data.items.map((i: any) => i.id);
      expect(ids).toEqual(expect.arrayContaining([W.result, W.hiddenResult]));
      expect(ids).not.toContain(W.draftResult);
      for (const i of r.data.items) onlyKeys(i, LISTING_KEYS, path);
      const one = await anon.get(`${path}/${W.result}`);
      expect(one.statusCode).toBe(200);
      onlyKeys(one.data, LISTING_KEYS, path);
      expect(one.data).toMatchObject({ id: W.result, kind: 'result', status: 'published', askingPriceFen: 4_444_400, pricePublic: true });
      expect(one.data.inventorRights).toBeUndefined();
      expect((await anon.get(`${path}/${W.draftResult}`)).statusCode).toBe(404);
      expect((await anon.get(`${path}/${W.demand}`)).statusCode).toBe(404);
    }
  });

  it('GET /api/public/demands, /api/demands, /{id}: published demands, allow-listed', async () => {
    for (const path of ['/api/public/demands', '/api/demands']) {
      const r = await anon.get(path, { query: { q: W.marker } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.data.items.map((i: any) => i.id)).toContain(W.demand);
      for (const i of r.data.items) onlyKeys(i, LISTING_KEYS, path);
      const one = await anon.get(`${path}/${W.demand}`);
      expect(one.data).toMatchObject({ id: W.demand, kind: 'demand', budgetFen: 2_000_000 });
      onlyKeys(one.data, LISTING_KEYS, path);
    }
  });

  it('GET /api/public/calls and /{id}: calls past their draft, allow-listed; drafts 404', async () => {
    const r = await anon.get('/api/public/calls', { query: { pageSize: 100 } });
    expect(r.statusCode, r.body).toBe(200);
    const ids = r.data.items.map((i: any) => i.id);
    expect(ids).toContain(W.call);
    expect(ids).not.toContain(W.draftCall);
    expect(r.data.items.every((i: any) => i.status !== 'draft')).toBe(true);
    for (const i of r.data.items) onlyKeys(i, CALL_KEYS, 'call');
    const one = await anon.get(`/api/public/calls/${W.call}`);
    expect(one.data).toMatchObject({ id: W.call, status: 'published', jurisdictionCode: '310000' });
    expect((await anon.get(`/api/public/calls/${W.draftCall}`)).statusCode).toBe(404);
    expect((await anon.get('/api/public/calls', { query: { status: 'draft' } })).statusCode).toBe(400);
    // The signed-in call pages stay signed-in.
    expect((await anon.get(`/api/calls/${W.call}`)).statusCode).toBe(401);
  });

  it('GET /api/public/providers: listed providers only, allow-listed', async () => {
    const r = await anon.get('/api/public/providers', { query: { pageSize: 100 } });
    expect(r.statusCode, r.body).toBe(200);
    const listed = await ctx.db.db.selectFrom('providers').select('id').where('status', '=', 'listed').execute();
    expect(r.data.total).toBe(listed.length);
    expect(r.data.items.map((i: any) => i.id).sort()).toEqual(listed.map((p) => Number(p.id)).sort());
    for (const i of r.data.items) onlyKeys(i, PROVIDER_KEYS, 'provider');
    expect((await anon.get('/api/public/providers', { query: { category: 'nonsense' } })).statusCode).toBe(400);
  });

  it('the other public routes answer a visitor: reference data, open licences, auctions, availability, closures, the busy-time feed', async () => {
    for (const url of ['/api/jurisdictions', '/api/reference', '/api/open-licences', '/api/auctions', `/api/resources/${W.resource}/closures`]) {
      expect((await anon.get(url)).statusCode, url).toBe(200);
    }
    const from = new Date(ctx.clock.now().getTime() + 86_400_000).toISOString();
    const to = new Date(ctx.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const av = await anon.get(`/api/resources/${W.resource}/availability`, { query: { from, to } });
    expect(av.statusCode, av.body).toBe(200);
    // Busy time only: never who booked or why.
    for (const b of av.data.busy) expect(Object.keys(b).sort()).toEqual(['endsAt', 'mine', 'startsAt', 'status']);
    const ics = await anon.get(`/api/resources/${W.resource}/calendar.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain('BEGIN:VCALENDAR');
  });
});

describe(`public portal: nothing private reaches a visitor (${engine})`, () => {
  it('a price the owner hides: absent from anonymous answers, present for signed-in users, not findable by a price filter', async () => {
    for (const path of ['/api/public/resources/', '/api/resources/']) {
      const r = await anon.get(path + W.hiddenResource);
      expect(r.data.pricePublic).toBe(false);
      for (const k of ['startupFeeFen', 'hourlyFeeFen', 'perSampleFen', 'listPriceFen', 'consumablesFen', 'serviceItems']) expect(r.data[k], k).toBeUndefined();
      expect(r.body).not.toContain('55555');
    }
    const found = await anon.get('/api/public/resources', { query: { q: W.marker } });
    const item = found.data.items.find((i: any) => i.id === W.hiddenResource);
    expect(item).toMatchObject({ pricePublic: false });
    expect(item.hourlyFeeFen).toBeUndefined();
    expect(found.body).not.toContain('55555');
    // A price filter never includes a hidden price (it would tell the price).
    const cheap = await anon.get('/api/resources', { query: { q: W.marker, priceMax: 60_000 } });
    expect(cheap.data.items.map((i: any) => i.id)).not.toContain(W.hiddenResource);
    // Nor an order by price (its place among the others would tell it).
    for (const sort of ['price', '-price']) {
      const sorted = await anon.get('/api/public/resources', { query: { q: W.marker, sort } });
      expect(sorted.data.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([W.resource]));
      expect(sorted.data.items.map((i: any) => i.id)).not.toContain(W.hiddenResource);
      const listed = await anon.get('/api/results', { query: { q: W.marker, sort } });
      expect(listed.data.items.map((i: any) => i.id)).toContain(W.result);
      expect(listed.data.items.map((i: any) => i.id)).not.toContain(W.hiddenResult);
    }
    const member = await ctx.as('sh-member');
    expect((await member.get(`/api/resources/${W.hiddenResource}`)).data).toMatchObject({ pricePublic: false, hourlyFeeFen: 55_555 });
    expect((await member.get('/api/resources', { query: { q: W.marker, priceMax: 60_000 } })).data.items.map((i: any) => i.id)).toContain(W.hiddenResource);
    // A quote states the fees: signed in only.
    expect((await anon.get(`/api/resources/${W.hiddenResource}/quote`)).statusCode).toBe(401);

    for (const path of ['/api/public/results/', '/api/results/']) {
      const r = await anon.get(path + W.hiddenResult);
      expect(r.data.pricePublic).toBe(false);
      expect(r.data.askingPriceFen).toBeUndefined();
      expect(r.data.askingTerms).toBeUndefined();
      expect(r.body).not.toContain('7777700');
    }
    expect((await anon.get('/api/results', { query: { q: W.marker, priceMin: 7_000_000 } })).data.items.map((i: any) => i.id)).not.toContain(W.hiddenResult);
    const js = await ctx.as('js-org-admin');
    expect((await js.get(`/api/results/${W.hiddenResult}`)).data).toMatchObject({ askingPriceFen: 7_777_700, pricePublic: false });
    // The owner turns it back on.
    const back = await js.patch(`/api/results/${W.hiddenResult}`, { pricePublic: true });
    expect(back.statusCode, back.body).toBe(200);
    expect((await anon.get(`/api/public/results/${W.hiddenResult}`)).data.askingPriceFen).toBe(7_777_700);
    await js.patch(`/api/results/${W.hiddenResult}`, { pricePublic: false });
  });

  it('no e-mail or phone of any person, no draft, no voucher code, no booking purpose, no inventor shares in any anonymous answer', async () => {
    const db = ctx.db.db;
    const users = (await db.selectFrom('users').selectAll().execute()) as Array<Record<string, unknown>>;
    const personal = users.flatMap((u) =>
      Object.entries(u)
        .filter(([k, v]) => /email|phone|mobile/i.test(k) && typeof v === 'string' && v.length >= 5)
        .map(([, v]) => String(v)),
    );
    expect(personal.length).toBeGreaterThan(0);
    const vouchers = (await db.selectFrom('vouchers').select('code').execute()).map((v) => v.code);
    const purposes = (await db.selectFrom('bookings').select('purpose').execute()).map((b) => b.purpose).filter((p) => p.length >= 6);
    const shares = (await db.selectFrom('listings').select('inventor_rights_json').where('inventor_rights_json', 'is not', null).execute()).length;
    expect(shares).toBeGreaterThan(0);

    const bodies: string[] = [];
    const get = async (url: string, query?: Record<string, string | number>) => {
      const r = await anon.get(url, { query });
      expect(r.statusCode, url).toBe(200);
      bodies.push(r.body);
      return r.data;
    };
    const page = { pageSize: 100 };
    const res = await get('/api/public/resources', page);
    await get('/api/resources', page);
    for (const i of res.items.slice(0, 30)) {
      await get(`/api/public/resources/${i.id}`);
      await get(`/api/resources/${i.id}`);
    }
    const results = await get('/api/public/results', page);
    await get('/api/results', page);
    for (const i of results.items.slice(0, 30)) await get(`/api/results/${i.id}`);
    const demands = await get('/api/public/demands', page);
    await get('/api/demands', page);
    for (const i of demands.items.slice(0, 10)) await get(`/api/demands/${i.id}`);
    const calls = await get('/api/public/calls', page);
    for (const i of calls.items) await get(`/api/public/calls/${i.id}`);
    await get('/api/public/providers', page);
    await get('/api/public/overview');
    await get('/api/open-licences', page);
    await get('/api/auctions', page);
    const all = bodies.join('\n');

    for (const p of personal) expect(all.includes(p), `a person's contact detail ${p}`).toBe(false);
    for (const c of vouchers) expect(all.includes(c), `voucher code ${c}`).toBe(false);
    for (const p of purposes) expect(all.includes(p), `booking purpose ${p}`).toBe(false);
    expect(all).not.toContain(`${W.marker}draft`);
    expect(all).not.toContain('inventorRights');
    expect(all).not.toContain('managerName');
    expect(all).not.toContain('managerUserId');
    expect(all).not.toContain('poserOpinion');
    expect(all).not.toContain('selfAssessment');
    expect(all).not.toContain('"evidence"');
  });

  it('the owner chooses: pricePublic is in the signed-in record, set on create and by PATCH, and audited', async () => {
    const admin = await ctx.as('sh-org-admin');
    const r = await admin.patch(`/api/resources/${W.resource}`, { pricePublic: false });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data.pricePublic).toBe(false);
    expect((await anon.get(`/api/public/resources/${W.resource}`)).data.hourlyFeeFen).toBeUndefined();
    const audit = await ctx.db.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_type', '=', 'resource')
      .where('entity_id', '=', String(W.resource))
      .where('action', '=', 'resource.update')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect((await admin.patch(`/api/resources/${W.resource}`, { pricePublic: 'no' })).statusCode).toBe(400);
    await admin.patch(`/api/resources/${W.resource}`, { pricePublic: true });
    // Someone else's resource: refused.
    expect((await (await ctx.as('zj-org-admin')).patch(`/api/resources/${W.resource}`, { pricePublic: false })).statusCode).toBe(403);
  });

  it('the owner chooses the contact too: shown to visitors only when public, never when signed-in only or nobody', async () => {
    const admin = await ctx.as('sh-org-admin');
    const contact = { contactName: '门户联系人', contactPhone: '021-5555 0101', contactEmail: 'portal-contact@example.cn' };
    expect((await admin.patch(`/api/resources/${W.resource}`, { ...contact, contactVisibility: 'public' })).statusCode).toBe(200);
    const shown = await anon.get(`/api/public/resources/${W.resource}`);
    expect(shown.data.contact).toEqual({ name: contact.contactName, phone: contact.contactPhone, email: contact.contactEmail });
    for (const v of ['signed_in', 'nobody']) {
      expect((await admin.patch(`/api/resources/${W.resource}`, { contactVisibility: v })).statusCode).toBe(200);
      for (const url of [`/api/public/resources/${W.resource}`, `/api/resources/${W.resource}`]) {
        const r = await anon.get(url);
        expect(r.statusCode).toBe(200);
        expect(r.data.contact).toBeUndefined();
        expect(r.body).not.toContain('portal-contact@example.cn');
        expect(r.body).not.toContain('5555 0101');
      }
    }
  });
});
