import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { verifyAuditChain } from '../../platform/audit';

let ctx: TestContext;
let lcms: number; // Shanghai LC-MS, instant confirmation, managed by sh-org-admin
let sem: number; // Suzhou SEM, needs approval, managed by js-org-admin
let gpu: number; // Hangzhou GPU cluster, capacity 4, open around the clock
let dataset: number;
let zj: Client; // a Zhejiang enterprise member
let shOps: Client; // the LC-MS manager

/** Beijing wall-clock time → UTC ISO. */
const bj = (s: string) => new Date(s.replace(' ', 'T') + ':00+08:00').toISOString();

beforeAll(async () => {
  // The clock jumps across weeks here: keep the test clients' sessions alive meanwhile.
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '20000' });
  ctx.clock.set('2026-12-01T00:00:00Z'); // Tuesday 08:00 in Shanghai
  const anon = ctx.anon();
  const find = async (q: string) => (await anon.get('/api/resources', { query: { q } })).data.items[0].id as number;
  lcms = await find('液相色谱 质谱');
  sem = await find('扫描电子显微镜');
  gpu = await find('GPU 集群');
  dataset = await find('土壤微生物组');
  zj = await ctx.as('zj-member');
  shOps = await ctx.as('sh-org-admin');
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;

async function book(c: Client, body: Record<string, unknown>) {
  return c.post('/api/bookings', { resourceId: lcms, mode: 'assisted', ...body });
}

describe(`booking rules (${engine})`, () => {
  it('books a free slot at once and quotes start-up + hourly × hours + consumables', async () => {
    const r = await book(zj, { startsAt: bj('2026-12-03 10:00'), endsAt: bj('2026-12-03 12:00'), purpose: '代谢物鉴定' });
    expect(r.statusCode).toBe(201);
    expect(r.data).toMatchObject({ status: 'confirmed', jurisdictionCode: '330000', quoteFen: 10000 + 2 * 60000 + 5000 });
    expect(r.data.quote).toMatchObject({ startupFen: 10000, timeFen: 120000, consumablesFen: 5000 });
  });

  it.each([
    ['in the past', { startsAt: bj('2026-11-30 10:00'), endsAt: bj('2026-11-30 11:00') }, 'in-past'],
    ['without a day’s notice', { startsAt: bj('2026-12-01 14:00'), endsAt: bj('2026-12-01 15:00') }, 'lead-time'],
    ['beyond the 90-day window', { startsAt: bj('2027-03-15 10:00'), endsAt: bj('2027-03-15 11:00') }, 'too-far-ahead'],
    ['shorter than 30 minutes', { startsAt: bj('2026-12-04 10:00'), endsAt: bj('2026-12-04 10:15') }, 'misaligned'],
    ['longer than 8 hours', { startsAt: bj('2026-12-04 08:00'), endsAt: bj('2026-12-04 17:00') }, 'too-long'],
    ['outside opening hours', { startsAt: bj('2026-12-04 17:00'), endsAt: bj('2026-12-04 18:00') }, 'outside-hours'],
    ['on a Saturday', { startsAt: bj('2026-12-05 10:00'), endsAt: bj('2026-12-05 11:00') }, 'outside-hours'],
    ['off the 30-minute grid', { startsAt: bj('2026-12-04 10:10'), endsAt: bj('2026-12-04 11:10') }, 'misaligned'],
  ])('refuses a booking %s with 422 naming the rule, writing nothing', async (_name, times, rule) => {
    const before = await ctx.snapshot();
    const r = await book(zj, times);
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.data.rule).toBe(rule);
    expect(r.data.detail).toBeTruthy();
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('explains the rule in English too', async () => {
    const r = await book(zj, { startsAt: bj('2026-12-04 17:00'), endsAt: bj('2026-12-04 18:00') });
    const en = await zj.post(
      '/api/bookings',
      { resourceId: lcms, mode: 'assisted', startsAt: bj('2026-12-04 17:00'), endsAt: bj('2026-12-04 18:00') },
      { lang: 'en' },
    );
    expect(r.data.detail).toMatch(/开放时间/);
    expect(en.data.detail).toMatch(/opening hours/);
  });

  it('refuses an overlapping booking with 409 and the conflicting interval', async () => {
    const ah = await ctx.as('ah-member');
    const before = await ctx.snapshot();
    const r = await book(ah, { startsAt: bj('2026-12-03 11:00'), endsAt: bj('2026-12-03 13:00') });
    expect(r.statusCode).toBe(409);
    expect(r.data.code).toBe('booking-conflict');
    expect(r.data.conflicts).toEqual([{ startsAt: bj('2026-12-03 10:00'), endsAt: bj('2026-12-03 12:00') }]);
    expect(await ctx.snapshot()).toEqual(before);
    // Touching ends do not overlap: [10:00, 12:00) and [12:00, 13:00).
    expect((await book(ah, { startsAt: bj('2026-12-03 12:00'), endsAt: bj('2026-12-03 13:00') })).statusCode).toBe(201);
  });

  it('self-operation needs a valid training authorisation from the manager', async () => {
    const times = { mode: 'self_operation', startsAt: bj('2026-12-08 09:00'), endsAt: bj('2026-12-08 11:00') };
    const refused = await book(zj, times);
    expect(refused.statusCode).toBe(422);
    expect(refused.data.rule).toBe('training-required');
    // Only the manager grants it.
    expect((await zj.post(`/api/resources/${lcms}/training`, { username: 'zj-member', expiresOn: '2027-06-30' })).statusCode).toBe(403);
    const grant = await shOps.post(`/api/resources/${lcms}/training`, { username: 'zj-member', expiresOn: '2027-06-30', note: '2026-11 培训合格' });
    expect(grant.statusCode).toBe(201);
    expect(grant.data.valid).toBe(true);
    expect((await book(zj, times)).statusCode).toBe(201);
    // Revoked: refused again.
    expect((await shOps.delete(`/api/resources/${lcms}/training/${grant.data.id}`)).statusCode).toBe(204);
    expect((await book(zj, { ...times, startsAt: bj('2026-12-09 09:00'), endsAt: bj('2026-12-09 10:00') })).data.rule).toBe('training-required');
  });

  it('sample submission needs seven days’ notice and is priced per sample', async () => {
    const early = await book(zj, { mode: 'sample_submission', samples: 3, startsAt: bj('2026-12-04 09:00'), endsAt: bj('2026-12-04 10:00') });
    expect(early.data.rule).toBe('lead-time');
    const ok = await book(zj, { mode: 'sample_submission', samples: 3, startsAt: bj('2026-12-10 09:00'), endsAt: bj('2026-12-10 10:00') });
    expect(ok.statusCode).toBe(201);
    expect(ok.data.quoteFen).toBe(3 * 30000);
  });

  it('closures and maintenance block bookings, and the operator sees the bookings already in the window', async () => {
    const c = await shOps.post(`/api/resources/${lcms}/closures`, {
      kind: 'maintenance',
      startsAt: bj('2026-12-03 00:00'),
      endsAt: bj('2026-12-04 00:00'),
      reason: '年度保养',
    });
    expect(c.statusCode).toBe(201);
    expect(c.data.affectedBookings.length).toBeGreaterThan(0);
    const r = await book(zj, { startsAt: bj('2026-12-03 15:00'), endsAt: bj('2026-12-03 16:00') });
    expect(r.data.rule).toBe('closed');
    expect(r.data.detail).toContain('年度保养');
    expect((await shOps.delete(`/api/resources/${lcms}/closures/${c.data.id}`)).statusCode).toBe(204);
  });

  it('administrative accounts and anonymous callers cannot book', async () => {
    expect((await book(await ctx.as('sh-admin'), { startsAt: bj('2026-12-11 10:00'), endsAt: bj('2026-12-11 11:00') })).statusCode).toBe(403);
    expect((await book(ctx.anon(), { startsAt: bj('2026-12-11 10:00'), endsAt: bj('2026-12-11 11:00') })).statusCode).toBe(401);
  });
});

describe(`no double bookings under concurrency (${engine})`, () => {
  it('of 24 simultaneous overlapping requests on a capacity-1 resource exactly one wins', async () => {
    // (ah-member is suspended by the no-show test above.)
    const clients = await Promise.all(['zj-member', 'zj-org-admin', 'sh-member', 'js-expert', 'ah-expert', 'sh-expert'].map((u) => ctx.as(u)));
    const starts = ['09:00', '09:30', '10:00', '10:30'];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const s = starts[i % 4];
        return book(clients[i % clients.length], { startsAt: bj(`2026-12-21 ${s}`), endsAt: bj('2026-12-21 11:00') });
      }),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(23);
    // The database agrees: no two active bookings of one capacity-1 resource overlap.
    const pairs = await ctx.db.db
      .selectFrom('bookings as a')
      .innerJoin('bookings as b', (j) => j.onRef('a.resource_id', '=', 'b.resource_id').onRef('a.id', '<', 'b.id'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.exclusive', '=', 1)
      .where('a.status', 'in', ['requested', 'confirmed', 'checked_in'])
      .where('b.status', 'in', ['requested', 'confirmed', 'checked_in'])
      .whereRef('a.starts_at', '<', 'b.ends_at')
      .whereRef('b.starts_at', '<', 'a.ends_at')
      .executeTakeFirstOrThrow();
    expect(Number(pairs.n)).toBe(0);
    expect((await verifyAuditChain(ctx.db.db)).ok).toBe(true);
  });

  it('a capacity-4 resource takes exactly four overlapping bookings', async () => {
    // Not zj-member: the clock jumps later in this file would turn these into its no-shows.
    const clients = await Promise.all(['js-org-admin', 'zj-org-admin', 'sh-member', 'js-expert', 'ah-expert', 'sh-expert'].map((u) => ctx.as(u)));
    const results = await Promise.all(
      clients
        .concat(clients)
        .map((c) => c.post('/api/bookings', { resourceId: gpu, mode: 'assisted', startsAt: '2026-12-05T02:00:00.000Z', endsAt: '2026-12-05T06:00:00.000Z' })),
    );
    expect(
      results.filter((r) => r.statusCode === 201),
      JSON.stringify(results.map((r) => r.data?.rule ?? r.statusCode)),
    ).toHaveLength(4);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(8);
  });
});

describe(`recurring bookings and the waitlist (${engine})`, () => {
  it('a weekly series reports every conflicting occurrence, and can skip them', async () => {
    const sh = await ctx.as('sh-member');
    // Occupy the third Wednesday.
    expect((await book(sh, { startsAt: bj('2026-12-23 14:00'), endsAt: bj('2026-12-23 15:00') })).statusCode).toBe(201);
    const body = { startsAt: bj('2026-12-09 14:00'), endsAt: bj('2026-12-09 16:00'), rrule: 'FREQ=WEEKLY;COUNT=4' };
    const before = await ctx.snapshot();
    const refused = await book(zj, body);
    expect(refused.statusCode, JSON.stringify(refused.data.occurrences)).toBe(409);
    expect(refused.data.occurrences.map((o: any) => o.ok)).toEqual([true, true, false, true]);
    expect(refused.data.occurrences[2].conflicts).toEqual([{ startsAt: bj('2026-12-23 14:00'), endsAt: bj('2026-12-23 15:00') }]);
    expect(await ctx.snapshot()).toEqual(before);
    const skipped = await book(zj, { ...body, skipConflicts: true });
    expect(skipped.statusCode).toBe(201);
    expect(skipped.data.bookings).toHaveLength(3);
    expect(new Set(skipped.data.bookings.map((b: any) => b.seriesId)).size).toBe(1);
  });

  it('a freed slot is offered to the longest-waiting person, who accepts it', async () => {
    const holder = await ctx.as('js-expert');
    const waiting = await ctx.as('ah-expert');
    const slot = { startsAt: bj('2026-12-28 10:00'), endsAt: bj('2026-12-28 11:00') };
    const held = await book(holder, slot);
    expect(held.statusCode).toBe(201);
    // A free slot is booked, not waited for.
    expect(
      (await waiting.post(`/api/resources/${lcms}/waitlist`, { mode: 'assisted', startsAt: bj('2026-12-29 10:00'), endsAt: bj('2026-12-29 11:00') }))
        .statusCode,
    ).toBe(422);
    const w = await waiting.post(`/api/resources/${lcms}/waitlist`, { mode: 'assisted', ...slot });
    expect(w.statusCode).toBe(201);
    expect(w.data.status).toBe('waiting');
    expect((await holder.post(`/api/bookings/${held.data.id}/cancel`)).statusCode).toBe(200);
    const list = await waiting.get('/api/me/waitlist');
    expect(list.data.items[0]).toMatchObject({ id: w.data.id, status: 'offered' });
    const accepted = await waiting.post(`/api/waitlist/${w.data.id}/accept`);
    expect(accepted.statusCode).toBe(201);
    expect(accepted.data).toMatchObject({ status: 'confirmed', startsAt: slot.startsAt });
  });
});

describe(`availability, calendars, usage and access requests (${engine})`, () => {
  it('shows opening hours, busy time (without names) and free time', async () => {
    const r = await ctx.anon().get(`/api/resources/${lcms}/availability`, { query: { from: bj('2026-12-21 00:00'), to: bj('2026-12-22 00:00') } });
    expect(r.statusCode).toBe(200);
    expect(r.data.open).toEqual([{ startsAt: bj('2026-12-21 09:00'), endsAt: bj('2026-12-21 17:00') }]);
    expect(r.data.busy).toHaveLength(1);
    expect(r.data.busy[0]).not.toHaveProperty('userId');
    // Free time is the opening hours minus the busy time.
    const minutes = (xs: any[]) => xs.reduce((m, x) => m + (Date.parse(x.endsAt) - Date.parse(x.startsAt)) / 60_000, 0);
    expect(minutes(r.data.free) + minutes(r.data.busy)).toBe(8 * 60);
    for (const f of r.data.free) expect(f.endsAt <= r.data.busy[0].startsAt || f.startsAt >= r.data.busy[0].endsAt).toBe(true);
  });

  it('publishes valid iCalendar feeds for a resource and for a user (a calendar link for calendar apps)', async () => {
    const feed = await ctx.anon().get(`/api/resources/${lcms}/calendar.ics`);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    const comp = new ICAL.Component(ICAL.parse(feed.body));
    const events = comp.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.startDate.toJSDate() < e.endDate.toJSDate())).toBe(true);
    expect(feed.body).not.toContain('赵示例');

    const link = (await zj.post('/api/me/calendar-links', {})).data;
    const mine = await ctx.anon().get(link.path);
    expect(mine.statusCode).toBe(200);
    expect((await zj.get('/api/me/calendar.ics')).body).toBe(mine.body);
    const mineEvents = new ICAL.Component(ICAL.parse(mine.body)).getAllSubcomponents('vevent');
    expect(mineEvents.length).toBeGreaterThan(0);
    expect((await ctx.anon().get('/api/me/calendar.ics')).statusCode).toBe(401);
  });

  it('data sets are requested and approved, not booked', async () => {
    expect(
      (await zj.post('/api/bookings', { resourceId: dataset, mode: 'assisted', startsAt: bj('2026-12-08 09:00'), endsAt: bj('2026-12-08 10:00') })).data.rule,
    ).toBe('resource-not-bookable');
    const req = await zj.post(`/api/resources/${dataset}/access-requests`, { purpose: '土壤修复菌株筛选研究' });
    expect(req.statusCode).toBe(201);
    const js = await ctx.as('js-org-admin');
    const pending = await js.get('/api/access-requests', { query: { scope: 'managed', status: 'requested' } });
    expect(pending.data.items.map((a: any) => a.id)).toContain(req.data.id);
    expect((await zj.post(`/api/access-requests/${req.data.id}/approve`)).statusCode).toBe(403);
    expect((await js.post(`/api/access-requests/${req.data.id}/approve`, { note: '同意，限科研用途' })).data.status).toBe('approved');
  });
});

// These move the clock forward for good: they run last.
describe(`the booking lifecycle (${engine})`, () => {
  it('requested → approved by the manager → checked in → completed with the charge from logged usage', async () => {
    const js = await ctx.as('js-org-admin');
    const r = await zj.post('/api/bookings', { resourceId: sem, mode: 'assisted', startsAt: bj('2026-12-07 09:00'), endsAt: bj('2026-12-07 12:00') });
    expect(r.statusCode).toBe(201);
    expect(r.data.status).toBe('requested');
    const id = r.data.id;
    // The booker cannot approve their own request; the other jurisdiction's admin neither.
    expect((await zj.post(`/api/bookings/${id}/approve`)).statusCode).toBe(403);
    expect((await (await ctx.as('sh-org-admin')).post(`/api/bookings/${id}/approve`)).statusCode).toBe(404);
    const managed = await js.get('/api/bookings', { query: { scope: 'managed', status: 'requested' } });
    expect(managed.data.items.map((b: any) => b.id)).toContain(id);
    expect((await js.post(`/api/bookings/${id}/approve`, { note: '同意' })).data.status).toBe('confirmed');
    expect((await js.post(`/api/bookings/${id}/approve`)).statusCode).toBe(409);
    // Check-in opens 30 minutes before the start.
    ctx.clock.set(bj('2026-12-07 08:00'));
    expect((await js.post(`/api/bookings/${id}/check-in`)).statusCode).toBe(422);
    ctx.clock.set(bj('2026-12-07 08:50'));
    expect((await js.post(`/api/bookings/${id}/check-in`)).data.status).toBe('checked_in');
    ctx.clock.set(bj('2026-12-07 11:40'));
    const done = await js.post(`/api/bookings/${id}/complete`, { usageMinutes: 150, consumablesFen: 2000 });
    expect(done.statusCode).toBe(200);
    expect(done.data).toMatchObject({ status: 'completed', usageMinutes: 150, chargeFen: 8000 + Math.round((45000 * 150) / 60) + 2000 });
    expect((await zj.post(`/api/bookings/${id}/cancel`)).statusCode).toBe(409);
    ctx.clock.set('2026-12-01T00:00:00Z');
  });

  it('the booker cancels; nobody else’s booking is visible to them', async () => {
    const r = await book(zj, { startsAt: bj('2026-12-11 14:00'), endsAt: bj('2026-12-11 15:00') });
    const other = await ctx.as('ah-member');
    expect((await other.get(`/api/bookings/${r.data.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/bookings/${r.data.id}/cancel`)).statusCode).toBe(404);
    expect((await zj.post(`/api/bookings/${r.data.id}/cancel`)).data.status).toBe('cancelled');
  });

  it('counts effective hours and hours served to other organisations and jurisdictions', async () => {
    const js = await ctx.as('js-org-admin');
    const u = await js.get(`/api/resources/${sem}/usage`, { query: { from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00Z' } });
    expect(u.statusCode).toBe(200);
    expect(u.data).toMatchObject({ effectiveHours: 2.5, externalHours: 2.5, otherJurisdictionHours: 2.5, completedBookings: 1 });
    expect(u.data.hoursByJurisdiction).toEqual({ '330000': 2.5 });
    // Jiangsu's admin evaluates Jiangsu's resources; Zhejiang's may not.
    expect(
      (await (await ctx.as('js-admin')).get(`/api/resources/${sem}/usage`, { query: { from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00Z' } })).statusCode,
    ).toBe(200);
    expect(
      (await (await ctx.as('zj-admin')).get(`/api/resources/${sem}/usage`, { query: { from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00Z' } })).statusCode,
    ).toBe(403);
  });
});

describe(`no-shows and suspension (${engine})`, () => {
  it('a confirmed booking never checked in becomes a no-show after the grace period; three suspend booking rights for 30 days', async () => {
    const ah = await ctx.as('ah-member');
    const days = ['2026-12-14', '2026-12-15', '2026-12-16'];
    for (const d of days) expect((await book(ah, { startsAt: bj(`${d} 09:00`), endsAt: bj(`${d} 10:00`) })).statusCode).toBe(201);
    ctx.clock.set(bj('2026-12-16 10:01')); // 61 minutes after the third start
    const mine = await ah.get('/api/bookings', { query: { status: 'no_show', from: bj('2026-12-14 00:00') } });
    expect(mine.data.total).toBe(3);
    const r = await book(ah, { startsAt: bj('2026-12-18 09:00'), endsAt: bj('2026-12-18 10:00') });
    expect(r.statusCode).toBe(422);
    expect(r.data.rule).toBe('suspended');
    ctx.clock.set(bj('2027-01-16 09:00'));
    expect((await book(ah, { startsAt: bj('2027-01-18 09:00'), endsAt: bj('2027-01-18 10:00') })).statusCode).toBe(201);
    ctx.clock.set('2026-12-01T00:00:00Z');
  });
});
