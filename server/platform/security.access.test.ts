// Access faults an outside probe found (issue 12, items 1–7): each must be refused on the server,
// and a refusal writes nothing (no audit entry, no changed row).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createTestContext, nextUscc, type Client, type TestContext } from '../../test/context';
import { buildApp } from '../app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;
const STRONG = 'Kexie#2026ab';

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
const userId = async (username: string) =>
  Number((await ctx.db.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);
const orgOf = async (username: string) =>
  ctx.db.db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['o.id', 'o.uscc', 'o.jurisdiction_code', 'o.tier', 'o.established_on'])
    .where('u.username', '=', username)
    .executeTakeFirstOrThrow();

/** Runs a request that must be refused with `status` and checks that no audit entry (so no state change) was written. */
async function refused(run: () => Promise<{ statusCode: number; body: string; data: any }>, status: number, code?: string) {
  const before = await auditCount();
  const r = await run();
  expect(r.statusCode, r.body).toBe(status);
  if (code) expect([r.data?.code, r.data?.rule]).toContain(code);
  expect(await auditCount()).toBe(before);
  return r;
}

const profile = { title: '研究员', disciplines: ['520'], keywords: ['测试'], availability: 'available' };

describe(`1. expert profiles stay in their jurisdiction (${engine})`, () => {
  it('a jurisdiction admin of another jurisdiction may not change an expert’s profile', async () => {
    const js = await ctx.as('js-admin');
    const zjExpert = await userId('zj-expert');
    const before = await ctx.db.db.selectFrom('expert_profiles').selectAll().where('user_id', '=', zjExpert).executeTakeFirst();
    await refused(() => js.request('PUT', `/api/experts/${zjExpert}`, { json: { ...profile, availability: 'unavailable' } }), 403, 'forbidden');
    expect(await ctx.db.db.selectFrom('expert_profiles').selectAll().where('user_id', '=', zjExpert).executeTakeFirst()).toEqual(before);
  });

  it('nobody can make a non-expert (an admin, a plain member) into an expert by writing a profile', async () => {
    const admin = await ctx.as('admin');
    const js = await ctx.as('js-admin');
    const sh = await ctx.as('sh-admin');
    for (const target of ['sh-admin', 'sh-member']) {
      const id = await userId(target);
      for (const who of [admin, sh]) await refused(() => who.request('PUT', `/api/experts/${id}`, { json: profile }), 422, 'not-an-expert');
      await refused(() => js.request('PUT', `/api/experts/${id}`, { json: profile }), 403, 'forbidden');
      expect(await ctx.db.db.selectFrom('expert_profiles').select('user_id').where('user_id', '=', id).executeTakeFirst()).toBeUndefined();
    }
    // A member may not declare themselves an expert either.
    const me = await ctx.as('sh-member');
    const myId = await userId('sh-member');
    await refused(() => me.request('PUT', `/api/experts/${myId}`, { json: profile }), 422, 'not-an-expert');
  });

  it('the expert keeps their own profile; their own jurisdiction’s admin and the platform admin may too', async () => {
    const id = await userId('zj-expert');
    const self = await (await ctx.as('zj-expert')).request('PUT', `/api/experts/${id}`, { json: { ...profile, keywords: ['本人'] } });
    expect(self.statusCode, self.body).toBe(200);
    const zj = await (await ctx.as('zj-admin')).request('PUT', `/api/experts/${id}`, { json: { ...profile, keywords: ['辖区'] } });
    expect(zj.statusCode, zj.body).toBe(200);
    const platform = await (await ctx.as('admin')).request('PUT', `/api/experts/${id}`, { json: { ...profile, keywords: ['平台'] } });
    expect(platform.statusCode, platform.body).toBe(200);
    expect(platform.data.keywords).toEqual(['平台']);
    // An expert may not keep another expert's profile.
    await refused(async () => (await ctx.as('js-expert')).request('PUT', `/api/experts/${id}`, { json: profile }), 403, 'forbidden');
  });

  it('the expert pool lists only people who hold the expert role', async () => {
    // A profile left behind by an earlier hole (written straight into the table) does not make its holder an expert.
    const member = await userId('zj-member');
    await ctx.db.db
      .insertInto('expert_profiles')
      .values({ user_id: member, title: '', disciplines: '520', keywords: '残留', availability: 'available', bio: '', updated_at: new Date().toISOString() })
      .execute();
    const list = await (await ctx.as('admin')).get('/api/experts', { query: { pageSize: 200 } });
    expect(list.statusCode).toBe(200);
    expect(list.data.items.map((e: any) => e.userId)).not.toContain(member);
    expect((await (await ctx.as('admin')).get(`/api/experts/${member}`)).statusCode).toBe(404);
  });
});

describe(`2. a listing source belongs to whoever registered it (${engine})`, () => {
  const row = (over: Record<string, unknown> = {}) => ({
    externalId: 'X-1',
    kind: 'demand',
    title: '导入需求 来源归属',
    problem: '测试。',
    jurisdictionCode: '310000',
    ownerName: '某企业',
    ...over,
  });
  const imp = (c: Client, source: string, listings: unknown[]) => c.post('/api/imports/listings', { source, listings });

  it('only the source’s owner imports under it: another jurisdiction’s admin or a market cannot overwrite, withdraw or re-own its listings', async () => {
    const sh = await ctx.as('sh-admin');
    const first = await imp(sh, 'sh-market-own', [row()]);
    expect(first.statusCode, first.body).toBe(200);
    const id = first.data.report[0].id;
    const before = await ctx.db.db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    for (const who of ['zj-admin', 'js-admin', 'zj-svc-admin', 'sh-svc-admin']) {
      const c = await ctx.as(who);
      await refused(() => imp(c, 'sh-market-own', [row({ title: '篡改', status: 'withdrawn' })]), 403, 'import-source-owner');
    }
    // The demo's batch from 'jstm' was registered by the platform admin: a Jiangsu admin may not write under it.
    await refused(
      async () => imp(await ctx.as('js-admin'), 'jstm', [row({ externalId: 'JSTM-2026-0912', jurisdictionCode: '320000' })]),
      403,
      'import-source-owner',
    );
    expect(await ctx.db.db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
    // The owner may go on importing under it.
    const again = await imp(sh, 'sh-market-own', [row({ title: '导入需求 来源归属（修订）' })]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.data.updated).toBe(1);
  });

  it('rows may only carry the importer’s own jurisdiction', async () => {
    await refused(
      async () =>
        imp(await ctx.as('zj-admin'), 'zj-market-rows', [row({ jurisdictionCode: '330000' }), row({ externalId: 'X-2', jurisdictionCode: '310000' })]),
      400,
      'import-rejected',
    );
    const r = await refused(async () => imp(await ctx.as('zj-svc-admin'), 'zj-svc-rows', [row({ jurisdictionCode: '340000' })]), 400, 'import-rejected');
    expect(r.data.errors).toEqual([expect.objectContaining({ row: 0, field: 'body:/listings/0/jurisdictionCode', code: 'import-jurisdiction' })]);
    const ok = await imp(await ctx.as('zj-svc-admin'), 'zj-svc-rows', [row({ jurisdictionCode: '330000' })]);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('ownerUscc links an organisation only when the importer administers it or the organisation accepted links from the source', async () => {
    const shEnt = await orgOf('sh-org-admin');
    const svc = await ctx.as('sh-svc-admin');
    const r = await refused(() => imp(svc, 'sh-svc-links', [row({ ownerUscc: shEnt.uscc })]), 400, 'import-rejected');
    expect(r.data.errors).toEqual([expect.objectContaining({ row: 0, field: 'body:/listings/0/ownerUscc', code: 'owner-link-not-accepted' })]);
    // Another jurisdiction's admin cannot link a Shanghai enterprise either.
    await refused(async () => imp(await ctx.as('zj-admin'), 'zj-links', [row({ jurisdictionCode: '330000', ownerUscc: shEnt.uscc })]), 400, 'import-rejected');
    // The market registers its source; the enterprise accepts links from it; then the market's rows link to it.
    const reg = await svc.post('/api/imports/sources', { source: 'sh-svc-links' });
    expect(reg.statusCode, reg.body).toBe(201);
    expect(reg.data).toMatchObject({ source: 'sh-svc-links', ownerOrganizationName: expect.any(String), batches: 0 });
    // Nobody else may claim it.
    await refused(async () => (await ctx.as('zj-svc-admin')).post('/api/imports/sources', { source: 'sh-svc-links' }), 403, 'import-source-owner');
    const shOrgAdmin = await ctx.as('sh-org-admin');
    // Accepting links needs a source that exists.
    await refused(() => shOrgAdmin.post('/api/imports/source-links', { source: 'no-such-market' }), 404, 'not-found');
    const acc = await shOrgAdmin.post('/api/imports/source-links', { source: 'sh-svc-links' });
    expect(acc.statusCode, acc.body).toBe(201);
    const linked = await imp(svc, 'sh-svc-links', [row({ ownerUscc: shEnt.uscc })]);
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await ctx.anon().get(`/api/demands/${linked.data.report[0].id}`)).data.ownerOrgId).toBe(Number(shEnt.id));
    expect((await shOrgAdmin.get('/api/imports/source-links')).data.items.map((l: any) => l.source)).toEqual(['sh-svc-links']);
    // Withdrawn, later rows may not link it any more; the listing linked so far stays.
    expect((await shOrgAdmin.delete('/api/imports/source-links/sh-svc-links')).statusCode).toBe(204);
    await refused(() => imp(svc, 'sh-svc-links', [row({ externalId: 'X-9', ownerUscc: shEnt.uscc })]), 400, 'import-rejected');
    expect((await ctx.anon().get(`/api/demands/${linked.data.report[0].id}`)).data.ownerOrgId).toBe(Number(shEnt.id));
    // A member may not accept on the organisation's behalf.
    await refused(async () => (await ctx.as('sh-member')).post('/api/imports/source-links', { source: 'sh-svc-links' }), 403, 'forbidden');
    // The jurisdiction's own admin administers the organisation: linking is allowed without acceptance.
    const own = await imp(await ctx.as('sh-admin'), 'sh-admin-links', [row({ ownerUscc: shEnt.uscc })]);
    expect(own.statusCode, own.body).toBe(200);
  });
});

describe(`3. an API token in the query string (${engine})`, () => {
  let token: string;
  beforeAll(async () => {
    const me = await ctx.as('zj-member');
    token = (await me.post('/api/tokens', { name: 'calendar' })).data.token;
  });

  // Calendar applications subscribe through calendar links (issue 15, defect 7; their own
  // tests: bookings/calendar-links.test.ts): no route reads an API token from the URL any more.
  it('is refused on every route, the calendar feeds included, however the URL is dressed', async () => {
    for (const url of [
      `/api/auth/me?token=${token}`,
      `/api/auth/me?x=.ics&token=${token}`,
      `/api/auth/me?y=.ics?&token=${token}`,
      `/api/vouchers?format=.ics&token=${token}`,
      `/api/me/calendar.ics?token=${token}`,
    ]) {
      const r = await ctx.anon().get(url);
      expect(r.statusCode, url).toBe(401);
      expect(r.body).not.toContain(token);
    }
    // A write with the token in the query is refused too.
    await refused(() => ctx.anon().post(`/api/tokens?z=.ics&token=${token}`, { name: 'x' }), 401);
  });

  it('never reaches the logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logged = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, logLevel: 'info' } }, { logger: { level: 'info', stream }, serveWeb: false });
    try {
      expect((await logged.inject({ method: 'GET', url: `/api/me/calendar.ics?token=${token}` })).statusCode).toBe(401);
    } finally {
      await logged.close();
    }
    expect(lines.join('')).toContain('/api/me/calendar.ics?token=[redacted]');
    expect(lines.join('')).not.toContain(token);
  });
});

describe(`4. a token cannot change its user’s password (${engine})`, () => {
  it('password change needs a signed-in session and the current password', async () => {
    const admin = await ctx.as('admin');
    const org = await orgOf('sh-member');
    const u = await admin.post('/api/users', {
      username: 'pw-probe',
      displayName: '口令测试（示例）',
      organizationId: Number(org.id),
      role: 'member',
      password: STRONG,
    });
    expect(u.statusCode, u.body).toBe(201);
    const session = await ctx.as('pw-probe', STRONG);
    const token = (await session.post('/api/tokens', { name: 'bot' })).data.token as string;
    const bot = ctx.anon();
    bot.bearer = token;
    await refused(() => bot.patch(`/api/users/${u.data.id}`, { password: 'Another#2026xy', currentPassword: STRONG }), 403, 'forbidden');
    await refused(() => session.patch(`/api/users/${u.data.id}`, { password: 'Another#2026xy' }), 400, 'validation-failed');
    const wrong = await refused(
      () => session.patch(`/api/users/${u.data.id}`, { password: 'Another#2026xy', currentPassword: 'Wrong#2026xyz' }),
      400,
      'validation-failed',
    );
    expect(wrong.data.errors).toEqual([expect.objectContaining({ field: 'body:/currentPassword', code: 'current-password-wrong' })]);
    expect((await ctx.anon().post('/api/auth/login', { username: 'pw-probe', password: STRONG })).statusCode).toBe(200);
  });

  it('a password change keeps this session, ends the others and revokes every token', async () => {
    const admin = await ctx.as('admin');
    const org = await orgOf('sh-member');
    const u = await admin.post('/api/users', {
      username: 'pw-probe2',
      displayName: '口令测试二（示例）',
      organizationId: Number(org.id),
      role: 'member',
      password: STRONG,
    });
    const here = await ctx.as('pw-probe2', STRONG);
    const elsewhere = await ctx.as('pw-probe2', STRONG);
    const token = (await here.post('/api/tokens', { name: 'bot' })).data.token as string;
    const bot = ctx.anon();
    bot.bearer = token;
    expect((await bot.get('/api/auth/me')).statusCode).toBe(200);
    const r = await here.patch(`/api/users/${u.data.id}`, { password: 'Another#2026xy', currentPassword: STRONG });
    expect(r.statusCode, r.body).toBe(200);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    expect((await bot.get('/api/auth/me')).statusCode).toBe(401);
    const tokens = await here.get('/api/tokens');
    expect(tokens.data.items.every((t: any) => t.revokedAt)).toBe(true);
  });

  it('an administrator resetting someone’s password ends all of that person’s sessions and tokens, and needs a session', async () => {
    const admin = await ctx.as('admin');
    const org = await orgOf('sh-member');
    const u = await admin.post('/api/users', {
      username: 'pw-probe3',
      displayName: '口令测试三（示例）',
      organizationId: Number(org.id),
      role: 'member',
      password: STRONG,
    });
    const them = await ctx.as('pw-probe3', STRONG);
    const token = (await them.post('/api/tokens', { name: 'bot' })).data.token as string;
    const adminToken = (await admin.post('/api/tokens', { name: 'admin-bot' })).data.token as string;
    const adminBot = ctx.anon();
    adminBot.bearer = adminToken;
    await refused(() => adminBot.patch(`/api/users/${u.data.id}`, { password: 'Reset#2026abcd' }), 403, 'forbidden');
    const sh = await ctx.as('sh-admin');
    expect((await sh.patch(`/api/users/${u.data.id}`, { password: 'Reset#2026abcd' })).statusCode).toBe(200);
    expect((await them.get('/api/auth/me')).statusCode).toBe(401);
    const bot = ctx.anon();
    bot.bearer = token;
    expect((await bot.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe(`5. tier, founding date and credit code are the jurisdiction’s to change (${engine})`, () => {
  it('an organisation admin may not raise its tier, back-date its founding or change its USCC', async () => {
    const mine = await orgOf('zj-org-admin');
    const me = await ctx.as('zj-org-admin');
    await refused(() => me.patch(`/api/organizations/${mine.id}`, { tier: 'tech_leader' }), 403, 'forbidden');
    await refused(() => me.patch(`/api/organizations/${mine.id}`, { establishedOn: '2001-01-01' }), 403, 'forbidden');
    await refused(() => me.patch(`/api/organizations/${mine.id}`, { uscc: nextUscc('330108') }), 403, 'forbidden');
    expect(await orgOf('zj-org-admin')).toEqual(mine);
    // Its name and city are its own.
    expect((await me.patch(`/api/organizations/${mine.id}`, { city: '杭州市' })).statusCode).toBe(200);
    // Another jurisdiction's admin may not either; its own may.
    await refused(async () => (await ctx.as('sh-admin')).patch(`/api/organizations/${mine.id}`, { tier: 'high_tech' }), 403, 'forbidden');
    const zj = await (await ctx.as('zj-admin')).patch(`/api/organizations/${mine.id}`, { tier: 'high_tech', establishedOn: '2019-02-01' });
    expect(zj.statusCode, zj.body).toBe(200);
    expect(zj.data).toMatchObject({ tier: 'high_tech', establishedOn: '2019-02-01' });
  });

  it('founding dates must be plausible: not before 1900, not in the future', async () => {
    const mine = await orgOf('zj-org-admin');
    const zj = await ctx.as('zj-admin');
    for (const d of ['1899-12-31', '0001-01-01', '2999-01-01'])
      await refused(() => zj.patch(`/api/organizations/${mine.id}`, { establishedOn: d }), 400, 'validation-failed');
    const tomorrow = new Date(ctx.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const r = await refused(() => zj.patch(`/api/organizations/${mine.id}`, { establishedOn: tomorrow }), 400, 'validation-failed');
    expect(r.data.errors).toEqual([expect.objectContaining({ field: 'body:/establishedOn' })]);
  });
});

describe(`6. settlements are read by the jurisdictions in them (${engine})`, () => {
  let id: number;
  beforeAll(async () => {
    const lcms = await ctx.db.db.selectFrom('redemptions').select('period').where('idempotency_key', '=', 'demo-lcms-last-month').executeTakeFirstOrThrow();
    const r = await (await ctx.as('zj-admin')).post('/api/settlements', { period: lcms.period });
    expect(r.statusCode, r.body).toBe(201);
    id = r.data.id;
  });

  it('the issuing jurisdiction and those owed money in it may read it and export it; others may not', async () => {
    for (const who of ['zj-admin', 'sh-admin', 'js-admin', 'admin']) {
      const c = await ctx.as(who);
      expect((await c.get(`/api/settlements/${id}`)).statusCode, who).toBe(200);
      expect((await c.get(`/api/settlements/${id}/export`, { query: { format: 'csv' } })).statusCode, who).toBe(200);
    }
    const ah = await ctx.as('ah-admin');
    expect((await ah.get(`/api/settlements/${id}`)).statusCode).toBe(404);
    expect((await ah.get(`/api/settlements/${id}/export`, { query: { format: 'csv' } })).statusCode).toBe(404);
    expect((await ah.get('/api/settlements')).data.items.map((s: any) => s.id)).not.toContain(id);
    expect((await (await ctx.as('sh-admin')).get('/api/settlements')).data.items.map((s: any) => s.id)).toContain(id);
  });
});

describe(`7. who may apply for a voucher programme (${engine})`, () => {
  it('a programme is for its own jurisdiction unless it opens to others; the refusal names the rule', async () => {
    const programs = await (await ctx.as('admin')).get('/api/voucher-programs', { query: { jurisdiction: '310000' } });
    const sh = programs.data.items.find((p: any) => p.name.startsWith('上海市科技创新券'));
    expect(sh.applicantJurisdictions).toEqual(['310000']);
    const zj = await ctx.as('zj-org-admin');
    const r = await refused(
      () => zj.post(`/api/voucher-programs/${sh.id}/applications`, { applicantKind: 'enterprise', requestedFen: 100_000, purpose: '测试' }, { lang: 'en' }),
      422,
      'applicant-jurisdiction',
    );
    expect(r.data.detail).toMatch(/Shanghai/);
    // A programme opened to Zhejiang takes the application.
    const shAdmin = await ctx.as('sh-admin');
    const now = ctx.clock.now().getTime();
    const open = await shAdmin.post('/api/voucher-programs', {
      name: '长三角联合创新券（示例）',
      budgetFen: 10_000_000,
      issueFrom: new Date(now - 86_400_000).toISOString(),
      issueUntil: new Date(now + 100 * 86_400_000).toISOString(),
      expiresAt: new Date(now + 300 * 86_400_000).toISOString(),
      shareBp: 5000,
      capEnterpriseYearFen: 1_000_000,
      capTeamFen: 0,
      eligibleTiers: ['tech_sme', 'high_tech', 'tech_leader'],
      teamsEligible: false,
      eligibleCategories: ['testing'],
      redeemJurisdictions: ['310000', '330000'],
      applicantJurisdictions: ['310000', '330000'],
    });
    expect(open.statusCode, open.body).toBe(201);
    expect(open.data.applicantJurisdictions).toEqual(['310000', '330000']);
    const ok = await zj.post(`/api/voucher-programs/${open.data.id}/applications`, { applicantKind: 'enterprise', requestedFen: 100_000, purpose: '测试' });
    expect(ok.statusCode, ok.body).toBe(201);
    const ah = await ctx.as('ah-member');
    await refused(
      () => ah.post(`/api/voucher-programs/${open.data.id}/applications`, { applicantKind: 'enterprise', requestedFen: 100_000, purpose: '测试' }),
      422,
      'applicant-jurisdiction',
    );
  });
});
