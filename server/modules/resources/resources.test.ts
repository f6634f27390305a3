import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';

let ctx: TestContext;
let shOrgAdmin: Client;
let shOrg: number;
beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '20000' });
  shOrgAdmin = await ctx.as('sh-org-admin');
  shOrg = (await shOrgAdmin.get('/api/auth/me')).data.user.organization.id;
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;

const instrument = (over: Record<string, unknown> = {}) => ({
  kind: 'instrument',
  name: '示例透射电子显微镜',
  description: '用于材料微观结构表征，原子级分辨率成像。',
  keywords: ['电镜', 'TEM'],
  category: ['电子光学仪器', '电子显微镜', '透射电子显微镜'],
  model: 'TEM-200',
  manufacturer: '示例电子',
  originalValueFen: 1_200_000_000,
  city: '上海',
  serviceModes: ['assisted', 'self_operation'],
  startupFeeFen: 20000,
  hourlyFeeFen: 90000,
  ownerOrgId: shOrg,
  ...over,
});

describe(`catalogue (${engine})`, () => {
  it('an organisation admin registers an instrument of their organisation; it is searchable at once and audited', async () => {
    const r = await shOrgAdmin.post('/api/resources', instrument());
    expect(r.statusCode).toBe(201);
    expect(r.data).toMatchObject({ jurisdictionCode: '310000', bookable: true, listPriceFen: 90000, ownerName: expect.stringContaining('示例') });
    expect(r.data.identifier).toMatch(/^YRD-INS-310000-\d{7}$/);
    expect(r.data.rules).toMatchObject({ slotMinutes: 30, leadMinutes: { self_operation: 4320, sample_submission: 10080, assisted: 1440 } });
    const found = await ctx.anon().get('/api/resources', { query: { q: '透射电镜' } });
    expect(found.data.items.map((i: any) => i.id)).toContain(r.data.id);
    const audit = await (await ctx.as('admin')).get('/api/audit', { query: { entityType: 'resource', entityId: String(r.data.id) } });
    expect(audit.data.items[0].action).toBe('resource.create');
  });

  it('nobody registers resources for another organisation; members register none', async () => {
    const [zjOrgAdmin, shMember, shAdmin] = await Promise.all(['zj-org-admin', 'sh-member', 'sh-admin'].map((u) => ctx.as(u)));
    const before = await ctx.snapshot();
    expect((await zjOrgAdmin.post('/api/resources', instrument())).statusCode).toBe(403);
    expect((await shMember.post('/api/resources', instrument())).statusCode).toBe(403);
    expect((await shAdmin.post('/api/resources', instrument())).statusCode).toBe(403);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('refuses service modes on a data set, bad opening hours and a manager from elsewhere', async () => {
    const ds = await shOrgAdmin.post('/api/resources', { kind: 'dataset', name: '示例数据集', ownerOrgId: shOrg, serviceModes: ['assisted'] });
    expect(ds.statusCode).toBe(400);
    expect(ds.data.errors[0]).toMatchObject({ field: 'body:/serviceModes', code: 'resource-not-bookable' });
    const hours = await shOrgAdmin.post('/api/resources', instrument({ openingHours: { mon: [['18:00', '09:00']] } }));
    expect(hours.statusCode).toBe(400);
    expect(hours.data.errors[0].field).toBe('body:/openingHours');
    const js = (await (await ctx.as('admin')).get('/api/users', { query: { q: 'js-expert' } })).data.items[0].id;
    const mgr = await shOrgAdmin.post('/api/resources', instrument({ managerUserId: js }));
    expect(mgr.statusCode).toBe(400);
    expect(mgr.data.errors[0].code).toBe('manager-invalid');
  });

  it('the manager edits the record and the search index follows; drafts leave the public catalogue', async () => {
    const r = await shOrgAdmin.post('/api/resources', instrument({ name: '示例激光共聚焦显微镜', keywords: ['共聚焦'] }));
    const id = r.data.id;
    expect((await ctx.anon().get('/api/resources', { query: { q: '共聚焦' } })).data.total).toBe(1);
    const p = await shOrgAdmin.patch(`/api/resources/${id}`, { name: '示例双光子显微镜', keywords: ['双光子'] });
    expect(p.statusCode).toBe(200);
    expect((await ctx.anon().get('/api/resources', { query: { q: '共聚焦' } })).data.total).toBe(0);
    expect((await ctx.anon().get('/api/resources', { query: { q: '双光子' } })).data.total).toBe(1);
    expect((await shOrgAdmin.patch(`/api/resources/${id}`, { status: 'draft' })).statusCode).toBe(200);
    expect((await ctx.anon().get('/api/resources', { query: { q: '双光子' } })).data.total).toBe(0);
    expect((await ctx.anon().get(`/api/resources/${id}`)).statusCode).toBe(404);
    expect((await shOrgAdmin.get('/api/resources', { query: { q: '双光子', mine: true } })).data.total).toBe(1);
    expect((await (await ctx.as('zj-org-admin')).patch(`/api/resources/${id}`, { name: 'x' })).statusCode).toBe(403);
  });
});

describe(`Chinese search (${engine})`, () => {
  it('质谱 finds 質譜儀 and the other way round; full-width and case fold too', async () => {
    const r = await shOrgAdmin.post(
      '/api/resources',
      instrument({ name: '示例氣相色譜-質譜聯用儀', description: '揮發性有機物分析', keywords: ['ＧＣ－ＭＳ'], category: ['分析儀器', '質譜儀器', ''] }),
    );
    expect(r.statusCode).toBe(201);
    const ids = async (q: string) => (await ctx.anon().get('/api/resources', { query: { q } })).data.items.map((i: any) => i.id);
    expect(await ids('质谱')).toContain(r.data.id);
    expect(await ids('質譜')).toContain(r.data.id);
    expect(await ids('气相色谱')).toContain(r.data.id);
    expect(await ids('gc-ms')).toContain(r.data.id);
    expect(await ids('ＧＣ－ＭＳ')).toEqual(await ids('GC-MS'));
    expect(await ids('挥发性有机物')).toEqual([r.data.id]);
  });

  it('ranks name matches above description matches and highlights what matched', async () => {
    const res = await ctx.anon().get('/api/resources', { query: { q: '质谱' } });
    const names: string[] = res.data.items.map((i: any) => i.name);
    expect(names.length).toBeGreaterThanOrEqual(2);
    const scores = res.data.items.map((i: any) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const first = res.data.items[0];
    expect(first.highlights.name.some((s: any) => s.match && (s.text === '质谱' || s.text === '質譜'))).toBe(true);
    expect(first.highlights.name.map((s: any) => s.text).join('')).toBe(first.name);
  });

  it('requires every word, and falls back to any word when nothing has them all', async () => {
    const all = await ctx.anon().get('/api/resources', { query: { q: '质谱 上海' } });
    expect(all.data.query.matchMode).toBe('all');
    expect(all.data.items.every((i: any) => i.city === '上海')).toBe(true);
    const any = await ctx.anon().get('/api/resources', { query: { q: '质谱 水稻' } });
    expect(any.data.query.matchMode).toBe('any');
    expect(any.data.total).toBeGreaterThan(1);
  });

  it('filters by kind, jurisdiction, category, city, owner and price, sorts, paginates and counts facets', async () => {
    const anon = ctx.anon();
    const js = await anon.get('/api/resources', { query: { jurisdiction: '320000' } });
    expect(js.data.items.every((i: any) => i.jurisdictionCode === '320000')).toBe(true);
    expect(js.data.facets.jurisdiction).toEqual([{ value: '320000', count: js.data.total }]);
    const kinds = await anon.get('/api/resources');
    expect(kinds.data.facets.kind.map((f: any) => f.value).sort()).toEqual(['compute', 'dataset', 'facility', 'germplasm', 'instrument']);
    const cheap = await anon.get('/api/resources', { query: { kind: 'instrument', priceMax: 60000, sort: '-price' } });
    const prices = cheap.data.items.map((i: any) => i.listPriceFen);
    expect(prices.every((p: number) => p <= 60000)).toBe(true);
    expect([...prices].sort((a, b) => b - a)).toEqual(prices);
    const p1 = await anon.get('/api/resources', { query: { sort: 'name', pageSize: 3 } });
    const p2 = await anon.get('/api/resources', { query: { sort: 'name', pageSize: 3, page: 2 } });
    expect(p1.data.items.map((i: any) => i.id).filter((id: number) => p2.data.items.some((j: any) => j.id === id))).toEqual([]);
    const owned = await anon.get('/api/resources', { query: { ownerOrgId: shOrg } });
    expect(owned.data.items.every((i: any) => i.ownerOrgId === shOrg)).toBe(true);
    const cat = await anon.get('/api/resources', { query: { category1: '分析仪器' } });
    expect(cat.data.items.every((i: any) => i.category[0] === '分析仪器')).toBe(true);
  });

  it('finds resources free for a whole interval', async () => {
    const gpu = (await ctx.anon().get('/api/resources', { query: { q: 'GPU' } })).data.items[0].id;
    ctx.clock.set('2026-12-01T00:00:00Z');
    const zj = await ctx.as('zj-member');
    const free = { freeFrom: '2026-12-05T02:00:00Z', freeTo: '2026-12-05T03:00:00Z', kind: 'compute' };
    expect((await ctx.anon().get('/api/resources', { query: free })).data.items.map((i: any) => i.id)).toContain(gpu);
    expect(
      (await zj.post('/api/bookings', { resourceId: gpu, mode: 'assisted', startsAt: '2026-12-05T02:00:00Z', endsAt: '2026-12-05T04:00:00Z' })).statusCode,
    ).toBe(201);
    expect((await ctx.anon().get('/api/resources', { query: free })).data.items.map((i: any) => i.id)).not.toContain(gpu);
  });

  it('rejects malformed search parameters', async () => {
    expect((await ctx.anon().get('/api/resources', { query: { sort: 'random' } })).statusCode).toBe(400);
    expect((await ctx.anon().get('/api/resources', { query: { priceMin: -1 } })).statusCode).toBe(400);
    expect((await ctx.anon().get('/api/resources', { query: { mine: true } })).statusCode).toBe(401);
  });
});

describe(`catalogue spreadsheets (${engine})`, () => {
  const header =
    'name,kind,category1,category2,category3,model,manufacturer,originCountry,originalValue,purchaseDate,city,address,serviceModes,startupFee,hourlyFee,consumables,perSample,keywords,description,specifications';
  it('imports all rows or none, with a row report', async () => {
    const bad = [
      header,
      '示例离心机,instrument,通用仪器,离心机,,,,,"350,000.00",2020-01-01,上海,,机时服务,0,80.5,,,离心,,',
      '示例坏行,widget,,,,,,,abc,2020-13-01,上海,,飞行,,,,,,,',
    ].join('\n');
    const before = await ctx.snapshot();
    const r = await shOrgAdmin.request('POST', '/api/resources/import', { payload: bad, headers: { 'content-type': 'text/csv' } });
    expect(r.statusCode).toBe(422);
    expect(r.data.errors.every((e: any) => e.row === 3)).toBe(true);
    expect(r.data.errors.map((e: any) => e.field).sort()).toEqual(['kind', 'originalValue', 'purchaseDate', 'serviceModes']);
    expect(await ctx.snapshot()).toEqual(before);
    const good = [
      header,
      '示例离心机,instrument,通用仪器,离心机,,,,,"350,000.00",2020-01-01,上海,,机时服务,0,80.5,,,离心,,',
      '示例流式细胞仪,instrument,生命科学仪器,细胞分析,,,,,1200000,2022-05-05,上海,,"自主上机、送样检测",50,300,,200,流式,,',
    ].join('\n');
    const ok = await shOrgAdmin.request('POST', '/api/resources/import', { payload: good, headers: { 'content-type': 'text/csv' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.data.imported).toBe(2);
    const found = await ctx.anon().get('/api/resources', { query: { q: '流式细胞仪' } });
    expect(found.data.items[0]).toMatchObject({ hourlyFeeFen: 30000, perSampleFen: 20000, serviceModes: ['self_operation', 'sample_submission'] });
    const csv = await shOrgAdmin.get('/api/resources/export', { query: { format: 'csv' } });
    expect(csv.body).toContain('示例流式细胞仪');
    expect(csv.body).toContain('1200000.00');
  });
});
