// notify() wired into the events people wait on: each lands in the right person's inbox (with a
// link to its page) in the same transaction as the change, and in nobody else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engine, type Client, type TestContext } from '../../../test/context';
import { createProgram, issueVoucher, newOrgWithUsers, programBody, type TestOrg } from '../../../test/vouchers';
import { application, callBody, move, openCall } from '../../../test/calls';
import { created, ok, resultBody } from '../../../test/transfer';
import { expireDue, warnExpiring } from '../vouchers/vouchers.service';
import * as providers from '../vouchers/providers.service';
import { actorForUsername } from '../auth/auth.service';
import { completedBooking, listedProvider } from '../../../test/vouchers';
import { sweepContracts } from '../transfer/contracts.service';

let ctx: TestContext;
const U: Record<string, { id: number; orgId: number; client: Client }> = {};
const c = (u: string) => U[u].client;
const DAY = 86_400_000;
/** Beijing wall-clock time → UTC ISO. */
const bj = (s: string) => new Date(s.replace(' ', 'T') + ':00+08:00').toISOString();

const USERS = [
  'admin',
  'sh-admin',
  'zj-admin',
  'zj-member',
  'sh-member',
  'js-org-admin',
  'zj-org-admin',
  'sh-org-admin',
  'ah-expert',
  'sh-expert',
  'ah-member',
];

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '5000000', SESSION_ABSOLUTE_HOURS: '200000' });
  ctx.clock.set('2026-12-01T00:00:00Z');
  for (const username of USERS) {
    const u = await ctx.db.db.selectFrom('users').select(['id', 'organization_id']).where('username', '=', username).executeTakeFirstOrThrow();
    U[username] = { id: Number(u.id), orgId: Number(u.organization_id), client: await ctx.as(username) };
  }
}, 120_000);
afterAll(() => ctx.close());

/** The person's notifications of a kind (newest first), in Chinese or English. */
async function inbox(client: Client, kind: string, lang: 'zh' | 'en' = 'zh') {
  const r = await client.get('/api/notifications', { query: { pageSize: 200 }, lang });
  expect(r.statusCode).toBe(200);
  return r.data.items.filter((n: any) => n.kind === kind);
}
/** Who (of everyone signed in here) has a notification of the kind with this link. */
async function holders(kind: string, link: string) {
  const rows = await ctx.db.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select('u.username')
    .where('n.kind', '=', kind)
    .where('n.link', '=', link)
    .execute();
  return rows.map((r) => r.username).sort();
}

describe(`bookings (${engine})`, () => {
  let sem: number;
  let lcms: number;
  beforeAll(async () => {
    const find = async (q: string) => (await ctx.anon().get('/api/resources', { query: { q } })).data.items[0].id as number;
    sem = await find('扫描电子显微镜');
    lcms = await find('液相色谱 质谱');
  });

  it('the booker hears of an approval, a rejection, and a cancellation by the manager — nobody else does', async () => {
    const book = (startsAt: string, endsAt: string) =>
      c('zj-member').post('/api/bookings', { resourceId: sem, mode: 'assisted', startsAt: bj(startsAt), endsAt: bj(endsAt) });
    const a = await book('2026-12-07 09:00', '2026-12-07 12:00');
    expect(a.statusCode, a.body).toBe(201);
    expect((await c('js-org-admin').post(`/api/bookings/${a.data.id}/approve`, { note: '同意' })).statusCode).toBe(200);
    const [n] = await inbox(c('zj-member'), 'booking.approved');
    expect(n).toMatchObject({ link: `/bookings?id=${a.data.id}`, readAt: null });
    expect(n.title).toContain('预约已通过');
    expect(n.body).toContain('2026-12-07 09:00–12:00');
    expect((await inbox(c('zj-member'), 'booking.approved', 'en'))[0].title).toMatch(/^Booking approved: /);
    expect(await holders('booking.approved', `/bookings?id=${a.data.id}`)).toEqual(['zj-member']);

    const b = await book('2026-12-08 09:00', '2026-12-08 10:00');
    await c('js-org-admin').post(`/api/bookings/${b.data.id}/reject`, { note: '设备维护' });
    expect((await inbox(c('zj-member'), 'booking.rejected'))[0]).toMatchObject({ link: `/bookings?id=${b.data.id}` });
    expect((await inbox(c('zj-member'), 'booking.rejected'))[0].body).toContain('设备维护');

    // Cancelled by the manager: told; cancelled by oneself: not.
    const d = await book('2026-12-09 09:00', '2026-12-09 10:00');
    await c('js-org-admin').post(`/api/bookings/${d.data.id}/cancel`);
    expect(await holders('booking.cancelled', `/bookings?id=${d.data.id}`)).toEqual(['zj-member']);
    const e = await book('2026-12-10 09:00', '2026-12-10 10:00');
    await c('zj-member').post(`/api/bookings/${e.data.id}/cancel`);
    expect(await holders('booking.cancelled', `/bookings?id=${e.data.id}`)).toEqual([]);
  });

  it('a training authorisation reaches the trained person', async () => {
    const r = await c('js-org-admin').post(`/api/resources/${sem}/training`, { username: 'zj-member', expiresOn: '2027-06-30' });
    expect(r.statusCode, r.body).toBe(201);
    const [n] = await inbox(c('zj-member'), 'training.granted');
    expect(n).toMatchObject({ link: `/resources/${sem}` });
    expect(await holders('training.granted', `/resources/${sem}`)).toEqual(['zj-member']);
  });

  it('a waitlist offer reaches the waiting person with its deadline in Beijing time', async () => {
    const slot = { startsAt: bj('2026-12-28 10:00'), endsAt: bj('2026-12-28 11:00') };
    const held = await c('sh-member').post('/api/bookings', { resourceId: lcms, mode: 'assisted', ...slot });
    expect(held.statusCode, held.body).toBe(201);
    const w = await c('zj-member').post(`/api/resources/${lcms}/waitlist`, { mode: 'assisted', ...slot });
    expect(w.statusCode, w.body).toBe(201);
    expect(await inbox(c('zj-member'), 'waitlist.offered')).toEqual([]);
    await c('sh-member').post(`/api/bookings/${held.data.id}/cancel`);
    const [n] = await inbox(c('zj-member'), 'waitlist.offered');
    expect(n.link).toBe(`/bookings?waitlist=${w.data.id}`);
    // Offered at 08:00 Beijing time, for WAITLIST_OFFER_MINUTES (120).
    expect(n.body).toContain('2026-12-01 10:00 前接受');
    expect(await holders('waitlist.offered', n.link)).toEqual(['zj-member']);
  });
});

describe(`vouchers (${engine})`, () => {
  let e1: TestOrg;
  let e2: TestOrg;
  let programId: number;
  it('an issued voucher reaches the applicant and the holder organisation’s admins, not another organisation', async () => {
    e1 = await newOrgWithUsers(ctx, c('admin'), { jurisdictionCode: '330000', tier: 'high_tech' });
    e2 = await newOrgWithUsers(ctx, c('admin'), { jurisdictionCode: '330000', tier: 'high_tech' });
    programId = (await createProgram(c('zj-admin'), programBody(ctx.clock.now().getTime(), { name: '通知测试创新券（示例）' }))).id;
    await issueVoucher(e1.member, c('zj-admin'), programId, 200_000);
    for (const who of [e1.member, e1.admin]) {
      const [n] = await inbox(who, 'voucher.issued');
      expect(n.link).toBe('/vouchers/wallet');
      expect(n.body).toContain('¥2,000.00');
      expect(n.body).toContain('通知测试创新券（示例）');
    }
    expect(await inbox(e2.admin, 'voucher.issued')).toEqual([]);
    expect(await inbox(c('zj-member'), 'voucher.issued')).toEqual([]);
  });

  it('a redemption at a provider reaches the provider’s org admins (its desk), not the holder', async () => {
    const lcms = (await ctx.anon().get('/api/resources', { query: { q: '液相色谱 质谱' } })).data.items[0].id as number;
    const bookingId = await completedBooking(ctx, {
      resourceId: lcms,
      userId: e1.memberId,
      organizationId: e1.id,
      jurisdictionCode: '330000',
      chargeFen: 100_000,
    });
    const v = await ctx.db.db.selectFrom('vouchers').select('id').where('program_id', '=', programId).executeTakeFirstOrThrow();
    const r = await e1.member.post(`/api/vouchers/${Number(v.id)}/redemptions`, { bookingId }, { headers: { 'idempotency-key': `notify-${bookingId}` } });
    expect(r.statusCode, r.body).toBe(201);
    const [n] = await inbox(c('sh-org-admin'), 'redemption.recorded');
    expect(n).toMatchObject({ link: '/vouchers/provider-desk' });
    expect(n.body).toContain(e1.name);
    expect(n.body).toContain('¥500.00');
    expect(await inbox(e1.admin, 'redemption.recorded')).toEqual([]);
    expect(await inbox(c('zj-org-admin'), 'redemption.recorded')).toEqual([]);
  });

  it('a voucher about to expire is announced once (the expiry sweep)', async () => {
    const v = await ctx.db.db.selectFrom('vouchers').select(['id', 'expires_at']).where('program_id', '=', programId).executeTakeFirstOrThrow();
    const saved = ctx.clock.now();
    try {
      ctx.clock.set(new Date(Date.parse(v.expires_at) - 8 * DAY));
      expect(await warnExpiring(ctx.deps)).toBe(0);
      expect(await inbox(e1.admin, 'voucher.expiring')).toEqual([]);
      ctx.clock.set(new Date(Date.parse(v.expires_at) - 6 * DAY));
      await expireDue(ctx.deps);
      expect(await warnExpiring(ctx.deps)).toBeGreaterThanOrEqual(1);
      expect(await warnExpiring(ctx.deps)).toBe(0);
      const list = await inbox(e1.admin, 'voucher.expiring');
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ link: `/vouchers/wallet?voucher=${Number(v.id)}` });
      // ¥2,000 issued, ¥500 redeemed above.
      expect(list[0].body).toContain('¥1,500.00');
      expect(await holders('voucher.expiring', list[0].link)).toEqual([e1.adminName, e1.memberName].sort());
    } finally {
      ctx.clock.set(saved);
    }
  });
});

describe(`providers (${engine})`, () => {
  it('an objection in the public notice reaches the jurisdiction’s admins and the provider; a recognition reaches the provider', async () => {
    const svc = await newOrgWithUsers(ctx, c('admin'), { jurisdictionCode: '330000', type: 'service_institution' });
    const owner = await actorForUsername(ctx.deps, svc.adminName);
    const home = await actorForUsername(ctx.deps, 'zj-admin');
    const assess = { legalEntity: true, yearsInOperation: 10, publishedPrices: true, integrityClean: true, statement: '测试' };
    const p = await providers.applyAsProvider(ctx.deps, owner, { categories: ['testing'], description: '通知测试服务机构', selfAssessment: assess });
    await providers.createProduct(ctx.deps, owner, p.id, { name: '定价服务', category: 'testing', unit: '项', priceFen: 10_000 });
    await providers.checkProvider(ctx.deps, home, p.id, { passed: true, note: '测试' });
    const o = await c('sh-member').post(`/api/providers/${p.id}/objections`, { reason: '价格不实（测试）' });
    expect(o.statusCode, o.body).toBe(201);
    const link = `/vouchers/providers/${p.id}`;
    const who = await holders('provider.objection', link);
    expect(who).toContain('zj-admin');
    expect(who).toContain(svc.adminName);
    expect(who).not.toContain('sh-member');
    expect(who).not.toContain('sh-admin');
    expect(who).not.toContain(svc.memberName);

    const svc2 = await newOrgWithUsers(ctx, c('admin'), { jurisdictionCode: '330000', type: 'service_institution' });
    const listed = await listedProvider(ctx, svc2.adminName, 'zj-admin', ['testing'], ['320000']);
    const [n] = await inbox(svc2.admin, 'provider.recognised');
    expect(n).toMatchObject({ link: `/vouchers/providers/${listed}` });
    expect(n.body).toContain('江苏');
    expect(await holders('provider.recognised', n.link)).toEqual([svc2.adminName]);
  });
});

describe(`calls and reviews (${engine})`, () => {
  it('applicants hear of their call’s state; the assigned expert of the review; others of neither', async () => {
    const call = await openCall(c('sh-admin'), callBody(ctx.clock.now().getTime(), { title: '通知测试指南（示例）' }));
    const jsInst = U['js-org-admin'].orgId;
    const app = await c('zj-member').post(
      `/api/calls/${call.id}/applications`,
      application({ members: [{ name: '周示例', userId: U['js-org-admin'].id, organizationId: jsInst }] }),
    );
    expect(app.statusCode, app.body).toBe(201);
    await move(c('sh-admin'), call.id, 'closed');
    const [s] = await inbox(c('zj-member'), 'call.state');
    expect(s).toMatchObject({ link: `/research/calls/${call.id}` });
    expect(s.body).toContain('申报截止');
    expect((await inbox(c('zj-member'), 'call.state', 'en'))[0].body).toContain('“closed”');
    expect(await holders('call.state', `/research/calls/${call.id}`)).toEqual(['zj-member']);

    await move(c('sh-admin'), call.id, 'review');
    const r = await c('sh-admin').post(`/api/calls/${call.id}/assignments/manual`, { applicationId: app.data.id, expertUserId: U['ah-expert'].id });
    expect(r.statusCode, r.body).toBe(200);
    const [n] = await inbox(c('ah-expert'), 'review.assigned');
    expect(n).toMatchObject({ link: '/research/reviews' });
    expect(n.body).toContain('通知测试指南（示例）');
    expect(await inbox(c('sh-expert'), 'review.assigned')).toEqual([]);
    expect(await inbox(c('zj-member'), 'review.assigned')).toEqual([]);
  });
});

describe(`integrity (${engine})`, () => {
  it('a record about a person reaches that person; one about an organisation reaches its admins', async () => {
    const o = await newOrgWithUsers(ctx, c('admin'), { jurisdictionCode: '310000' });
    const body = {
      misconduct: '数据造假（测试）',
      outcome: '三年内不得申报',
      decidingUnit: '上海市科委（测试）',
      legalBasis: '《决定》第十七条',
      effectiveOn: '2026-12-01',
      endsOn: '2029-11-30',
    };
    const person = await c('sh-admin').post('/api/integrity-records', { subjectType: 'person', userId: o.memberId, ...body });
    expect(person.statusCode, person.body).toBe(201);
    expect(await holders('integrity.recorded', `/research/integrity/${person.data.id}`)).toEqual([o.memberName]);
    const [n] = await inbox(o.member, 'integrity.recorded');
    expect(n.body).toContain('三年内不得申报');
    const org = await c('sh-admin').post('/api/integrity-records', { subjectType: 'organization', organizationId: o.id, ...body });
    expect(org.statusCode, org.body).toBe(201);
    expect(await holders('integrity.recorded', `/research/integrity/${org.data.id}`)).toEqual([o.adminName]);
  });
});

describe(`technology market (${engine})`, () => {
  it('an import tells its submitter how it went', async () => {
    const before = await holders('import.finished', '/market/interconnect');
    const r = await c('admin').post('/api/imports/listings', {
      source: 'notify-test-market',
      listings: [
        { externalId: 'N-1', kind: 'demand', title: '导入需求 通知测试', problem: '废水零排放。', jurisdictionCode: '320000', ownerName: '江苏某化工' },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    const [n] = await inbox(c('admin'), 'import.finished');
    expect(n.body).toBe('来源「notify-test-market」共 1 条：新增 1，更新 0，未变 0。');
    expect(await holders('import.finished', n.link)).toEqual([...before, 'admin'].sort());
  });

  it('the licensee’s admins hear an instalment is due; both sides when it is overdue', async () => {
    const lic = await created(c('js-org-admin').post('/api/results', resultBody()));
    const k = await created(
      c('zj-org-admin').post('/api/contracts', {
        kind: 'licence',
        termMonths: 36,
        listingId: lic.id,
        priceFen: 300_000,
        paymentMode: 'deferred',
        deferMonths: 1,
      }),
    );
    const signed = await ok(c('js-org-admin').post(`/api/contracts/${k.id}/signature`));
    const due = signed.instalments[0].dueAt as string;
    const link = `/market/contracts/${k.id}`;
    ctx.clock.set(new Date(Date.parse(due) - 6 * DAY));
    await sweepContracts(ctx.deps);
    expect(await holders('contract.payment_due', link)).toEqual(['zj-org-admin']);
    const [n] = await inbox(c('zj-org-admin'), 'contract.payment_due');
    expect(n.body).toContain('¥3,000.00');
    ctx.clock.set(new Date(Date.parse(due) + 60_000));
    await sweepContracts(ctx.deps);
    expect(await holders('contract.payment_overdue', link)).toEqual(['js-org-admin', 'zj-org-admin']);
  });
});
