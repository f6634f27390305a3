// Gaps of the shared-resources API: complete create responses, Beijing time in conflict
// messages, the resourceId filter of access requests, the closures list, and the waitlist
// refusing a slot the person already holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';

let ctx: TestContext;
let lcms: number; // Shanghai LC-MS, instant confirmation, managed by sh-org-admin
let dataset: number; // Jiangsu soil data set, managed by js-org-admin
let zj: Client;
let shOps: Client;
let jsOps: Client;

/** Beijing wall-clock time → UTC ISO. */
const bj = (s: string) => new Date(s.replace(' ', 'T') + ':00+08:00').toISOString();

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '20000' });
  ctx.clock.set('2026-12-01T00:00:00Z'); // Tuesday 08:00 in Shanghai
  const find = async (q: string) => (await ctx.anon().get('/api/resources', { query: { q } })).data.items[0].id as number;
  lcms = await find('液相色谱 质谱');
  dataset = await find('土壤微生物组');
  [zj, shOps, jsOps] = await Promise.all(['zj-member', 'sh-org-admin', 'js-org-admin'].map((u) => ctx.as(u)));
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;
const book = (c: Client, body: Record<string, unknown>, lang?: 'zh' | 'en') =>
  c.post('/api/bookings', { resourceId: lcms, mode: 'assisted', ...body }, { lang });

describe(`create responses are complete (${engine})`, () => {
  it('a new booking answers with the same shape and names as its list item, and so do one booking and its transitions', async () => {
    const r = await book(zj, { startsAt: bj('2026-12-07 09:00'), endsAt: bj('2026-12-07 10:00') });
    expect(r.statusCode).toBe(201);
    expect(r.data).toMatchObject({
      resourceName: expect.stringContaining('液相色谱'),
      userName: expect.stringContaining('赵示例'),
      organizationName: expect.stringContaining('杭州智能制造'),
    });
    const listed = (await zj.get('/api/bookings', { query: { resourceId: lcms } })).data.items.find((b: any) => b.id === r.data.id);
    expect(r.data).toEqual(listed);
    expect((await zj.get(`/api/bookings/${r.data.id}`)).data).toEqual(listed);
    const cancelled = await zj.post(`/api/bookings/${r.data.id}/cancel`);
    expect(cancelled.data).toMatchObject({ status: 'cancelled', userName: listed.userName, organizationName: listed.organizationName });
  });

  it('every booking of a new series carries the names too', async () => {
    const r = await book(zj, { startsAt: bj('2026-12-08 14:00'), endsAt: bj('2026-12-08 15:00'), rrule: 'FREQ=WEEKLY;COUNT=2' });
    expect(r.statusCode).toBe(201);
    expect(r.data.bookings).toHaveLength(2);
    for (const b of r.data.bookings) expect(b.resourceName && b.userName && b.organizationName).toBeTruthy();
  });

  it('a new access request answers with the same shape and names as its list item', async () => {
    const r = await zj.post(`/api/resources/${dataset}/access-requests`, { purpose: '完整响应测试' });
    expect(r.statusCode).toBe(201);
    const listed = (await zj.get('/api/access-requests')).data.items.find((a: any) => a.id === r.data.id);
    expect(listed.resourceName).toContain('土壤微生物组');
    expect(r.data).toEqual(listed);
    const decided = await jsOps.post(`/api/access-requests/${r.data.id}/reject`, { note: '测试' });
    expect(decided.data).toMatchObject({
      status: 'rejected',
      resourceName: listed.resourceName,
      userName: listed.userName,
      organizationName: listed.organizationName,
    });
  });
});

describe(`booking conflicts speak Beijing time (${engine})`, () => {
  it('the 409 detail prints the taken interval in Beijing time in both languages; conflicts stay ISO UTC', async () => {
    expect((await book(zj, { startsAt: bj('2026-12-03 09:00'), endsAt: bj('2026-12-03 11:00') })).statusCode).toBe(201);
    const other = await ctx.as('sh-member');
    const zh = await book(other, { startsAt: bj('2026-12-03 10:00'), endsAt: bj('2026-12-03 12:00') }, 'zh');
    expect(zh.statusCode).toBe(409);
    expect(zh.headers['content-type']).toMatch(/problem\+json/);
    expect(zh.data.detail).toBe('与已有预约冲突：2026-12-03 09:00–11:00（北京时间）');
    expect(zh.data.conflicts).toEqual([{ startsAt: '2026-12-03T01:00:00.000Z', endsAt: '2026-12-03T03:00:00.000Z' }]);
    const en = await book(other, { startsAt: bj('2026-12-03 10:00'), endsAt: bj('2026-12-03 12:00') }, 'en');
    expect(en.data.detail).toBe('Overlaps existing bookings: 2026-12-03 09:00–11:00 (Beijing time)');
  });
});

describe(`access requests by resource (${engine})`, () => {
  it('scope=managed takes a resourceId filter', async () => {
    const jsOrg = (await jsOps.get('/api/auth/me')).data.user.organization.id;
    const second = await jsOps.post('/api/resources', { kind: 'dataset', name: '示例长三角水质监测数据集', ownerOrgId: jsOrg });
    expect(second.statusCode).toBe(201);
    const a = await zj.post(`/api/resources/${dataset}/access-requests`, { purpose: '按资源筛选 A' });
    const b = await zj.post(`/api/resources/${second.data.id}/access-requests`, { purpose: '按资源筛选 B' });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const all = await jsOps.get('/api/access-requests', { query: { scope: 'managed' } });
    expect(all.data.items.map((x: any) => x.resourceId)).toEqual(expect.arrayContaining([dataset, second.data.id]));
    const one = await jsOps.get('/api/access-requests', { query: { scope: 'managed', resourceId: second.data.id } });
    expect(one.statusCode).toBe(200);
    expect(one.data).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(one.data.items.map((x: any) => x.id)).toEqual([b.data.id]);
    // Another organisation's manager sees nothing of it.
    expect((await shOps.get('/api/access-requests', { query: { scope: 'managed', resourceId: second.data.id } })).data.total).toBe(0);
    expect((await jsOps.get('/api/access-requests', { query: { scope: 'managed', resourceId: 0 } })).statusCode).toBe(400);
  });
});

describe(`the closures of a resource (${engine})`, () => {
  it('lists closures and maintenance blocks between from and to, paginated, for whoever may see the resource', async () => {
    const add = (startsAt: string, endsAt: string, reason: string, kind = 'maintenance') =>
      shOps.post(`/api/resources/${lcms}/closures`, { kind, startsAt: bj(startsAt), endsAt: bj(endsAt), reason });
    const c1 = await add('2026-12-14 09:00', '2026-12-14 12:00', '真空泵保养');
    const c2 = await add('2026-12-15 00:00', '2026-12-16 00:00', '停电', 'closure');
    const c3 = await add('2027-01-11 09:00', '2027-01-11 17:00', '年度校准');
    expect([c1.statusCode, c2.statusCode, c3.statusCode]).toEqual([201, 201, 201]);
    const anon = ctx.anon();
    const dec = await anon.get(`/api/resources/${lcms}/closures`, { query: { from: bj('2026-12-01 00:00'), to: bj('2027-01-01 00:00') } });
    expect(dec.statusCode).toBe(200);
    expect(dec.data).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(dec.data.items).toEqual([
      {
        id: c1.data.id,
        resourceId: lcms,
        kind: 'maintenance',
        startsAt: bj('2026-12-14 09:00'),
        endsAt: bj('2026-12-14 12:00'),
        reason: '真空泵保养',
        createdAt: expect.any(String),
      },
      {
        id: c2.data.id,
        resourceId: lcms,
        kind: 'closure',
        startsAt: bj('2026-12-15 00:00'),
        endsAt: bj('2026-12-16 00:00'),
        reason: '停电',
        createdAt: expect.any(String),
      },
    ]);
    // A closure overlapping the window's edge is in it.
    const edge = await anon.get(`/api/resources/${lcms}/closures`, { query: { from: bj('2026-12-14 11:00'), to: bj('2026-12-15 01:00') } });
    expect(edge.data.items.map((c: any) => c.id)).toEqual([c1.data.id, c2.data.id]);
    const p2 = await anon.get(`/api/resources/${lcms}/closures`, { query: { pageSize: 2, page: 2 } });
    expect(p2.data).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(p2.data.items.map((c: any) => c.id)).toEqual([c3.data.id]);
    expect((await anon.get(`/api/resources/${lcms}/closures`, { query: { from: 'yesterday' } })).statusCode).toBe(400);
    expect((await anon.get(`/api/resources/${lcms}/closures`, { query: { from: bj('2026-12-16 00:00'), to: bj('2026-12-15 00:00') } })).statusCode).toBe(400);
    expect((await anon.get('/api/resources/999999/closures')).statusCode).toBe(404);
  });

  it('the closures of a draft are for the people who run it', async () => {
    const shOrg = (await shOps.get('/api/auth/me')).data.user.organization.id;
    const draft = await shOps.post('/api/resources', {
      kind: 'instrument',
      name: '示例草稿离心机',
      ownerOrgId: shOrg,
      serviceModes: ['assisted'],
      status: 'draft',
    });
    expect(draft.statusCode).toBe(201);
    expect(
      (await shOps.post(`/api/resources/${draft.data.id}/closures`, { kind: 'closure', startsAt: bj('2026-12-20 00:00'), endsAt: bj('2026-12-21 00:00') }))
        .statusCode,
    ).toBe(201);
    const mine = await shOps.get(`/api/resources/${draft.data.id}/closures`);
    expect(mine.statusCode).toBe(200);
    expect(mine.data.total).toBe(1);
    expect((await ctx.anon().get(`/api/resources/${draft.data.id}/closures`)).statusCode).toBe(404);
    expect((await zj.get(`/api/resources/${draft.data.id}/closures`)).statusCode).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await ctx.anon().get('/api/openapi.json')).data;
    const op = doc.paths['/api/resources/{id}/closures'].get;
    expect(op.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['id', 'from', 'to', 'page', 'pageSize']));
    expect(op.responses['200']).toBeTruthy();
    expect(doc.paths['/api/access-requests'].get.parameters.map((p: any) => p.name)).toContain('resourceId');
  });
});

describe(`the waitlist (${engine})`, () => {
  it('refuses to wait for a slot the person already holds a booking in, writing nothing', async () => {
    const holder = await ctx.as('js-expert');
    const other = await ctx.as('ah-expert');
    expect((await book(holder, { startsAt: bj('2026-12-10 10:00'), endsAt: bj('2026-12-10 11:00') })).statusCode).toBe(201);
    expect((await book(other, { startsAt: bj('2026-12-10 11:00'), endsAt: bj('2026-12-10 12:00') })).statusCode).toBe(201);
    const before = await ctx.snapshot();
    const wait = (lang: 'zh' | 'en') =>
      holder.post(`/api/resources/${lcms}/waitlist`, { mode: 'assisted', startsAt: bj('2026-12-10 10:30'), endsAt: bj('2026-12-10 11:30') }, { lang });
    const zh = await wait('zh');
    expect(zh.statusCode).toBe(422);
    expect(zh.headers['content-type']).toMatch(/problem\+json/);
    expect(zh.data).toMatchObject({ code: 'booking-rule', rule: 'already-booked' });
    expect(zh.data.detail).toContain('2026-12-10 10:00–11:00');
    const en = await wait('en');
    expect(en.data.detail).toMatch(/already hold/);
    expect(await ctx.snapshot()).toEqual(before);
    // Somebody else may wait for it.
    expect(
      (await other.post(`/api/resources/${lcms}/waitlist`, { mode: 'assisted', startsAt: bj('2026-12-10 10:00'), endsAt: bj('2026-12-10 11:00') })).statusCode,
    ).toBe(201);
  });
});
