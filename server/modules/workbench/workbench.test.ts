// The workbench (issue 15): every figure equals the total of the list it links to, each person
// sees only their own / their organisation's / their jurisdiction's; the operator's approval
// queue; training requests (defect 8): request → grant → the self-operated booking succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';

let ctx: TestContext;
let lcms: number; // Shanghai LC-MS (self-operation offered), run by sh-org-admin
let sem: number; // Suzhou SEM (needs approval, self-operation offered), run by js-org-admin
let dataset: number; // Jiangsu soil data set (access requests)
let zj: Client;
let ah: Client;
let shOps: Client;
let jsOps: Client;

const bj = (s: string) => new Date(s.replace(' ', 'T') + ':00+08:00').toISOString();
const engine = process.env.TEST_DB_ENGINE;

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '20000' });
  ctx.clock.set('2026-12-01T00:00:00Z');
  const find = async (q: string) => (await ctx.anon().get('/api/resources', { query: { q } })).data.items[0].id as number;
  lcms = await find('液相色谱 质谱');
  sem = await find('扫描电子显微镜');
  dataset = await find('土壤微生物组');
  [zj, ah, shOps, jsOps] = await Promise.all(['zj-member', 'ah-member', 'sh-org-admin', 'js-org-admin'].map((u) => ctx.as(u)));
});
afterAll(() => ctx.close());

const count = async (t: 'training_authorizations' | 'training_requests' | 'notifications' | 'audit_log') =>
  Number(
    (
      await ctx.db.db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`training requests (${engine})`, () => {
  const selfOp = { resourceId: 0, mode: 'self_operation', startsAt: bj('2026-12-08 09:00'), endsAt: bj('2026-12-08 11:00') };

  it('request → the manager’s queue → grant → the self-operated booking succeeds; a second grant is refused', async () => {
    const body = { ...selfOp, resourceId: lcms };
    expect((await zj.post('/api/bookings', body)).data.rule).toBe('training-required');
    // The booking panel learns it up front from the availability answer.
    const window = { from: bj('2026-12-07 00:00'), to: bj('2026-12-14 00:00') };
    const trainingOf = async () => (await zj.get(`/api/resources/${lcms}/availability`, { query: window })).data.training;
    expect(await trainingOf()).toEqual({ validUntil: null, pendingRequestId: null });
    expect((await ctx.anon().get(`/api/resources/${lcms}/availability`, { query: window })).data.training).toBeNull();

    const req = await zj.post(`/api/resources/${lcms}/training-requests`, { note: '需要自主上机做代谢组学' });
    expect(req.statusCode).toBe(201);
    expect(req.data).toMatchObject({ resourceId: lcms, state: 'pending', userName: expect.stringContaining('赵示例'), trainingId: null });
    // The operators were told.
    const told = await ctx.db.db.selectFrom('notifications').select(['user_id']).where('kind', '=', 'training.requested').execute();
    expect(told.length).toBeGreaterThan(0);
    expect(await trainingOf()).toEqual({ validUntil: null, pendingRequestId: req.data.id });

    // A second pending request for the same resource: 409, nothing written.
    const before = await count('training_requests');
    expect((await zj.post(`/api/resources/${lcms}/training-requests`, { note: '再来一次' })).statusCode).toBe(409);
    expect(await count('training_requests')).toBe(before);

    // It is in sh-org-admin's queue, not in js-org-admin's.
    const q = (await shOps.get('/api/queue')).data;
    expect(q.trainingRequests.map((t: any) => t.id)).toContain(req.data.id);
    expect((await jsOps.get('/api/queue')).data.trainingRequests.map((t: any) => t.id)).not.toContain(req.data.id);

    // Only the resource's operators decide: the requester and another organisation's admin are refused.
    expect((await zj.post(`/api/training-requests/${req.data.id}/grant`)).statusCode).toBe(403);
    expect((await jsOps.post(`/api/training-requests/${req.data.id}/grant`)).statusCode).toBe(403);
    expect((await shOps.post('/api/training-requests/999999/grant')).statusCode).toBe(404);

    const auditBefore = await count('audit_log');
    const granted = await shOps.post(`/api/training-requests/${req.data.id}/grant`, { expiresOn: '2027-06-30', note: '培训合格' });
    expect(granted.statusCode).toBe(200);
    expect(granted.data.state).toBe('granted');
    expect(granted.data.trainingId).toBeGreaterThan(0);
    // Two audit entries: the authorisation (the bookings service's) and the request's decision.
    expect(await count('audit_log')).toBe(auditBefore + 2);
    const training = (await shOps.get(`/api/resources/${lcms}/training`)).data.items.find((t: any) => t.id === granted.data.trainingId);
    expect(training).toMatchObject({ username: 'zj-member', valid: true });
    const news = await ctx.db.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.username', 'n.kind'])
      .where('n.kind', '=', 'training.granted')
      .execute();
    expect(news).toEqual([{ username: 'zj-member', kind: 'training.granted' }]);

    // Granting again: refused (409) and no second authorisation.
    const auths = await count('training_authorizations');
    const again = await shOps.post(`/api/training-requests/${req.data.id}/grant`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect((await shOps.post(`/api/training-requests/${req.data.id}/reject`)).statusCode).toBe(409);
    expect(await count('training_authorizations')).toBe(auths);

    expect((await trainingOf()).validUntil).toBe(new Date('2027-07-01T00:00:00+08:00').toISOString());
    // The self-operated booking now succeeds.
    expect((await zj.post('/api/bookings', body)).statusCode).toBe(201);
    // And holding a valid authorisation, another request is pointless: 422.
    expect((await zj.post(`/api/resources/${lcms}/training-requests`, {})).statusCode).toBe(422);
  });

  it('a rejected request tells the requester; their own list shows it', async () => {
    const req = await ah.post(`/api/resources/${sem}/training-requests`, { note: '申请培训' });
    expect(req.statusCode).toBe(201);
    const rej = await jsOps.post(`/api/training-requests/${req.data.id}/reject`, { note: '本月培训已满' });
    expect(rej.data).toMatchObject({ state: 'rejected', decisionNote: '本月培训已满', trainingId: null });
    const mine = (await ah.get('/api/training-requests')).data;
    expect(mine.items.map((t: any) => t.id)).toContain(req.data.id);
    const kinds = await ctx.db.db.selectFrom('notifications').select('kind').where('kind', '=', 'training.rejected').execute();
    expect(kinds.length).toBe(1);
  });

  it('outsiders are refused properly, in the reader’s language, and nothing is written', async () => {
    const before = await count('training_requests');
    const admin = await ctx.as('sh-admin');
    const r1 = await admin.post(`/api/resources/${lcms}/training-requests`, {}, { lang: 'en' });
    expect(r1.statusCode).toBe(403);
    expect(r1.data.detail).toMatch(/Administrative accounts/);
    // No self-operation on a data set: nothing to train for.
    const r2 = await zj.post(`/api/resources/${dataset}/training-requests`, {});
    expect(r2.statusCode).toBe(422);
    expect((await zj.post('/api/resources/999999/training-requests', {})).statusCode).toBe(404);
    // Shape: unknown fields, over-long notes and NUL are 400s.
    expect((await zj.post(`/api/resources/${sem}/training-requests`, { note: 'x', userId: 1 })).statusCode).toBe(400);
    expect((await zj.post(`/api/resources/${sem}/training-requests`, { note: 'x'.repeat(501) })).statusCode).toBe(400);
    expect((await zj.post(`/api/resources/${sem}/training-requests`, { note: 'a\u0000b' })).statusCode).toBe(400);
    // A member may not read another's requests through scope=managed: they run no resource, so none.
    expect((await zj.get('/api/training-requests', { query: { scope: 'managed' } })).data.total).toBe(0);
    expect(await count('training_requests')).toBe(before);
    expect((await ctx.anon().get('/api/queue')).statusCode).toBe(401);
  });
});

describe(`the approval queue (${engine})`, () => {
  it('lists only the manager’s resources and its counts equal the list endpoints', async () => {
    // A pending booking of the SEM (needs approval) and an access request to the data set.
    const b = await zj.post('/api/bookings', { resourceId: sem, mode: 'assisted', startsAt: bj('2026-12-10 09:00'), endsAt: bj('2026-12-10 11:00') });
    expect(b.data.status).toBe('requested');
    expect((await zj.post(`/api/resources/${dataset}/access-requests`, { purpose: '队列测试' })).statusCode).toBe(201);

    for (const ops of [shOps, jsOps]) {
      const q = (await ops.get('/api/queue')).data;
      const bookings = (await ops.get('/api/bookings', { query: { scope: 'managed', status: 'requested' } })).data.total;
      const access = (await ops.get('/api/access-requests', { query: { scope: 'managed', status: 'requested' } })).data.total;
      const training = (await ops.get('/api/training-requests', { query: { scope: 'managed', state: 'pending' } })).data.total;
      expect(q.counts).toEqual({ bookings, accessRequests: access, trainingRequests: training, total: bookings + access + training });
      expect((await ops.get('/api/queue/count')).data).toEqual(q.counts);
      const own = (await ops.get('/api/resources', { query: { mine: true, pageSize: 100 } })).data.items;
      const run = (await ops.get('/api/resources', { query: { managed: true, pageSize: 100 } })).data.items;
      const ids = new Set([...own, ...run].map((r: any) => r.id));
      expect(ids.size).toBeGreaterThan(0);
      for (const x of [...q.bookings, ...q.accessRequests, ...q.trainingRequests]) expect(ids.has(x.resourceId)).toBe(true);
    }
    const js = (await jsOps.get('/api/queue')).data;
    expect(js.bookings.map((x: any) => x.id)).toContain(b.data.id);
    expect((await shOps.get('/api/queue')).data.bookings.map((x: any) => x.id)).not.toContain(b.data.id);
    // The manager approves inline.
    expect((await jsOps.post(`/api/bookings/${b.data.id}/approve`)).data.status).toBe('confirmed');
    expect((await jsOps.get('/api/queue/count')).data.bookings).toBe(js.counts.bookings - 1);
  });
});

describe(`workbench figures (${engine})`, () => {
  it('needs a signed-in user', async () => {
    expect((await ctx.anon().get('/api/workbench')).statusCode).toBe(401);
  });

  it('a member’s figures equal their lists and never include another organisation’s', async () => {
    const zjAdmin = await ctx.as('zj-org-admin');
    for (const c of [zj, zjAdmin]) {
      const w = (await c.get('/api/workbench')).data;
      expect(w.enterprise).toBeTruthy();
      const now = ctx.clock.now().toISOString();
      const bookings = (await c.get('/api/bookings', { query: { status: 'requested,confirmed,checked_in', from: now } })).data.total;
      expect(w.enterprise.bookings.upcoming).toBe(bookings);
      const vouchers = (await c.get('/api/vouchers', { query: { scope: 'mine', status: 'active' } })).data.total;
      expect(w.enterprise.vouchers.active).toBe(vouchers);
      for (const s of ['submitted', 'approved', 'rejected']) {
        const n = (await c.get('/api/voucher-applications', { query: { scope: 'mine', status: s } })).data.total;
        expect(w.enterprise.voucherApplications[s] ?? 0).toBe(n);
      }
      const contracts = (await c.get('/api/contracts', { query: { role: 'licensee', status: 'active' } })).data.total;
      expect(w.enterprise.contracts.activeAsLicensee).toBe(contracts);
    }
    // Another organisation's new booking changes nothing on zj's workbench.
    const before = (await zj.get('/api/workbench')).data.enterprise;
    const sh = await ctx.as('sh-member');
    expect(
      (await sh.post('/api/bookings', { resourceId: lcms, mode: 'assisted', startsAt: bj('2026-12-11 09:00'), endsAt: bj('2026-12-11 10:00') })).statusCode,
    ).toBe(201);
    expect((await zj.get('/api/workbench')).data.enterprise).toEqual(before);
    const shW = (await sh.get('/api/workbench')).data;
    expect(shW.enterprise.bookings.next.every((b: any) => b.resourceId === lcms || b.resourceName)).toBe(true);
    // The member runs no resource and sees no jurisdiction or platform figures.
    expect(shW.operator).toBeNull();
    expect(shW.jurisdiction).toBeNull();
    expect(shW.platform).toBeNull();
  });

  it('an operator sees utilisation of their own instruments only, within 0–100 %', async () => {
    const w = (await shOps.get('/api/workbench')).data;
    expect(w.operator.utilisationDays).toBe(30);
    const ids = w.operator.utilisation.map((u: any) => u.resourceId);
    expect(ids).toContain(lcms);
    expect(ids).not.toContain(sem);
    for (const u of w.operator.utilisation) {
      expect(u.openMinutes).toBeGreaterThan(0);
      expect(u.bookedPct).toBeGreaterThanOrEqual(0);
      expect(u.bookedPct).toBeLessThanOrEqual(100);
      expect(u.usedPct).toBeLessThanOrEqual(u.bookedPct);
    }
    expect(w.operator.queue).toEqual((await shOps.get('/api/queue/count')).data);
  });

  it('a jurisdiction admin’s figures are their jurisdiction’s and equal the lists', async () => {
    const admin = await ctx.as('sh-admin');
    const w = (await admin.get('/api/workbench')).data;
    expect(w.enterprise).toBeNull();
    expect(w.platform).toBeNull();
    const j = w.jurisdiction;
    expect(j.jurisdictionCode).toBe('310000');
    const apps = (await admin.get('/api/voucher-applications', { query: { scope: 'managed', status: 'submitted' } })).data.total;
    expect(j.pending.voucherApplications).toBe(apps);
    const notice = (await admin.get('/api/providers', { query: { status: 'notice', jurisdiction: '310000' } })).data.total;
    expect(j.pending.providersInNotice).toBe(notice);
    for (const [status, n] of Object.entries(j.calls)) {
      expect((await admin.get('/api/calls', { query: { jurisdiction: '310000', status } })).data.total).toBe(n);
    }
    for (const p of j.programs.items) expect(p.jurisdictionCode).toBe('310000');
    // Twelve months, oldest first, ending with the current Beijing month.
    expect(j.monthlyRedemptions.map((m: any) => m.period).slice(-2)).toEqual(['2026-11', '2026-12']);
    expect(j.monthlyRedemptions).toHaveLength(12);
    for (const f of j.flows) expect([f.from, f.to]).toContain('310000');
    expect(j.flows.every((f: any) => f.from !== f.to)).toBe(true);
    // Another jurisdiction's admin gets other figures.
    const js = (await (await ctx.as('js-admin')).get('/api/workbench')).data.jurisdiction;
    expect(js.jurisdictionCode).toBe('320000');
    for (const p of js.programs.items) expect(p.jurisdictionCode).toBe('320000');
  });

  it('an expert sees the reviews assigned to them', async () => {
    const ex = await ctx.as('js-expert');
    const w = (await ex.get('/api/workbench')).data;
    const n = (await ex.get('/api/reviews', { query: { status: 'assigned' } })).data.total;
    expect(w.expert.assigned).toBe(n);
    expect(w.expert.due.length).toBe(Math.min(n, 5));
  });

  it('the platform admin sees system health and sign-in anomalies', async () => {
    const admin = await ctx.as('admin');
    const before = (await admin.get('/api/workbench')).data.platform;
    expect(before.engine).toBe(engine);
    expect(before.ready).toBe(true);
    expect(before.auditHead.seq).toBeGreaterThan(0);
    await ctx.anon().post('/api/auth/login', { username: 'zj-member', password: 'wrong-password' });
    const after = (await admin.get('/api/workbench')).data.platform;
    expect(after.signIns.failedLogins).toBe(before.signIns.failedLogins + 1);
  });
});

describe(`utilisation (${engine})`, () => {
  it('a completed booking counts as booked and used time of the last 30 days', async () => {
    const sh = await ctx.as('sh-member');
    const util = async () => (await shOps.get('/api/workbench')).data.operator.utilisation.find((u: any) => u.resourceId === lcms);
    const b = await sh.post('/api/bookings', { resourceId: lcms, mode: 'assisted', startsAt: bj('2026-12-02 09:00'), endsAt: bj('2026-12-02 11:00') });
    expect(b.statusCode).toBe(201);
    ctx.clock.set(bj('2026-12-02 08:45'));
    expect((await shOps.post(`/api/bookings/${b.data.id}/check-in`)).statusCode).toBe(200);
    ctx.clock.set(bj('2026-12-02 11:05'));
    expect((await shOps.post(`/api/bookings/${b.data.id}/complete`, { usageMinutes: 120 })).statusCode).toBe(200);
    ctx.clock.set(bj('2026-12-02 12:00'));
    const before = await util();
    // A day later the booking is still in the 30-day window, counted once.
    ctx.clock.set(bj('2026-12-03 12:00'));
    const after = await util();
    expect(after.usedMinutes).toBeGreaterThanOrEqual(120);
    expect(after.bookedMinutes).toBeGreaterThanOrEqual(after.usedMinutes);
    expect(after.usedMinutes).toBe(before.usedMinutes);
    expect(after.openMinutes).toBeGreaterThan(0);
    expect(after.usedPct).toBe(Math.round((1000 * after.usedMinutes) / after.openMinutes) / 10);
  });
});
