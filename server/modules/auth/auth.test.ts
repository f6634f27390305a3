import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../../../test/context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15', LOGIN_IP_MAX_FAILURES: '6', LOGIN_IP_WINDOW_MINUTES: '10' });
});
afterAll(() => ctx.close());

describe(`sign-in and sessions (${process.env.TEST_DB_ENGINE})`, () => {
  it('signs in, sets an HttpOnly SameSite cookie, and /me tells who is signed in', async () => {
    const c = ctx.anon();
    const res = await c.post('/api/auth/login', { username: 'zj-admin', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/yrd_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.data.user).toMatchObject({ username: 'zj-admin', role: 'jurisdiction_admin', jurisdictionCode: '330000' });
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.data.user.organization.jurisdictionCode).toBe('330000');
    expect(me.data.csrfToken).toBe(res.data.csrfToken);
  });

  it('answers 401 problem+json without a session, in the caller’s language', async () => {
    const zh = await ctx.anon().get('/api/auth/me');
    expect(zh.statusCode).toBe(401);
    expect(zh.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zh.data.title).toBe('需要登录');
    const en = await ctx.anon().get('/api/organizations', { lang: 'en' });
    expect(en.statusCode).toBe(401);
    expect(en.data.title).toBe('Sign-in required');
  });

  it('refuses a wrong password with the same answer as an unknown user, and audits nothing', async () => {
    const before = await ctx.snapshot();
    const wrong = await ctx.anon('10.0.0.1').post('/api/auth/login', { username: 'sh-member', password: 'Wrong@pass123' });
    const unknown = await ctx.anon('10.0.0.1').post('/api/auth/login', { username: 'nobody-here', password: 'Wrong@pass123' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.data.title).toBe(unknown.data.title);
    const after = await ctx.snapshot();
    expect(after.sessions).toBe(before.sessions);
    expect(after.audit_log).toBe(before.audit_log);
  });

  it('locks the account after repeated failures, even for the right password, until the lock expires', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await ctx.anon('10.0.1.' + i).post('/api/auth/login', { username: 'ah-member', password: 'Wrong@pass123' });
      expect(r.statusCode).toBe(401);
    }
    // The failure that locks says the account is now locked, until when in Beijing time (not UTC).
    const third = await ctx.anon('10.0.1.2').post('/api/auth/login', { username: 'ah-member', password: 'Wrong@pass123' }, { lang: 'en' });
    expect(third.statusCode).toBe(423);
    expect(third.data.code).toBe('account-now-locked');
    expect(third.data.title).toBe('Wrong password: the account is now locked');
    const bj = new Date(Date.parse(third.data.lockedUntil) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(third.data.detail).toContain(`until ${bj} Beijing time`);
    expect(third.data.detail).not.toContain('Z');
    const thirdZh = await ctx.anon('10.0.1.3').post('/api/auth/login', { username: 'ah-member', password: 'Wrong@pass123' });
    expect(thirdZh.statusCode).toBe(423);
    expect(thirdZh.data.detail).toContain(`北京时间 ${bj}`);
    const locked = await ctx.anon('10.0.1.9').post('/api/auth/login', { username: 'ah-member', password: DEMO_PASSWORD }, { lang: 'en' });
    expect(locked.statusCode).toBe(423);
    expect(locked.data.code).toBe('account-locked');
    expect(locked.data.lockedUntil).toBeTruthy();
    ctx.clock.advance(16 * 60_000);
    const ok = await ctx.anon('10.0.1.9').post('/api/auth/login', { username: 'ah-member', password: DEMO_PASSWORD });
    expect(ok.statusCode).toBe(200);
  });

  it('an administrator can lift a lock-out', async () => {
    for (let i = 0; i < 3; i++) await ctx.anon('10.0.2.' + i).post('/api/auth/login', { username: 'js-expert', password: 'Wrong@pass123' });
    const js = await ctx.as('js-admin');
    const list = await js.get('/api/users', { query: { q: 'js-expert' } });
    const u = list.data.items[0];
    expect(u.lockedUntil).toBeTruthy();
    const unlocked = await js.post(`/api/users/${u.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.data.lockedUntil).toBeNull();
    expect((await ctx.anon('10.0.2.9').post('/api/auth/login', { username: 'js-expert', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });

  it('rate-limits failed sign-ins per address with 429 and Retry-After, whatever the usernames', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 6; i++) {
      const r = await ctx.anon(ip).post('/api/auth/login', { username: `ghost${i}`, password: 'Wrong@pass123' });
      expect(r.statusCode).toBe(401);
    }
    const limited = await ctx.anon(ip).post('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await ctx.anon('10.9.9.10').post('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD })).statusCode).toBe(200);
    ctx.clock.advance(11 * 60_000);
    expect((await ctx.anon(ip).post('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });

  it('expires idle sessions, and keeps active ones alive', async () => {
    const c = await ctx.as('sh-member');
    ctx.clock.advance((ctx.config.sessionIdleMinutes - 10) * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200); // refreshes the idle timer
    ctx.clock.advance((ctx.config.sessionIdleMinutes - 10) * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    ctx.clock.advance((ctx.config.sessionIdleMinutes + 1) * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('logout ends the session server-side (the old cookie no longer works)', async () => {
    const c = await ctx.as('zj-member');
    const cookie = c.cookie;
    const out = await c.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    const replay = ctx.anon();
    replay.cookie = cookie;
    expect((await replay.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses cookie-authenticated writes without the CSRF token, writing nothing', async () => {
    const c = await ctx.as('sh-admin');
    const before = await ctx.snapshot();
    const res = await c.post('/api/tokens', { name: 'x' }, { headers: { 'x-csrf-token': 'forged' } });
    expect(res.statusCode).toBe(403);
    expect(res.data.code).toBe('csrf-failed');
    const noHeader = await c.request('POST', '/api/auth/logout', { headers: { 'x-csrf-token': '' } });
    expect(noHeader.statusCode).toBe(403);
    expect(await ctx.snapshot()).toEqual(before);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });
});

describe(`personal API tokens (${process.env.TEST_DB_ENGINE})`, () => {
  it('creates a token shown once, authenticates Bearer calls without CSRF, and stops working when revoked', async () => {
    const c = await ctx.as('zj-org-admin');
    const created = await c.post('/api/tokens', { name: '对接系统', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    expect(created.data.token).toMatch(/^yrd_/);
    const list = await c.get('/api/tokens');
    expect(list.data.items[0]).toMatchObject({ name: '对接系统', prefix: created.data.token.slice(0, 10) });
    expect(JSON.stringify(list.data)).not.toContain(created.data.token);

    const machine = ctx.anon();
    machine.bearer = created.data.token;
    const me = await machine.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.data.user).toMatchObject({ username: 'zj-org-admin', via: 'token' });
    // A Bearer write needs no CSRF token: no browser sends it on its own.
    const patch = await machine.patch(`/api/organizations/${me.data.user.organization.id}`, { city: '杭州市' });
    expect(patch.statusCode).toBe(200);
    // …but a token cannot mint more tokens.
    expect((await machine.post('/api/tokens', { name: 'more' })).statusCode).toBe(403);

    expect((await c.delete(`/api/tokens/${created.data.id}`)).statusCode).toBe(204);
    expect((await machine.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('rejects unknown and expired tokens', async () => {
    const bad = ctx.anon();
    bad.bearer = 'yrd_not-a-token';
    expect((await bad.get('/api/auth/me')).statusCode).toBe(401);
    const c = await ctx.as('sh-org-admin');
    const t = await c.post('/api/tokens', { name: 'short', expiresInDays: 1 });
    const m = ctx.anon();
    m.bearer = t.data.token;
    expect((await m.get('/api/auth/me')).statusCode).toBe(200);
    ctx.clock.advance(25 * 3600_000);
    expect((await m.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('one user cannot revoke another user’s token', async () => {
    const a = await ctx.as('sh-org-admin');
    const t = await a.post('/api/tokens', { name: 'mine' });
    const b = await ctx.as('sh-member');
    expect((await b.delete(`/api/tokens/${t.data.id}`)).statusCode).toBe(404);
  });

  it('a disabled account’s sessions and tokens stop working at once', async () => {
    const sh = await ctx.as('sh-admin');
    const member = await ctx.as('sh-member');
    const token = await member.post('/api/tokens', { name: 'm' });
    const m = ctx.anon();
    m.bearer = token.data.token;
    const id = (await member.get('/api/auth/me')).data.user.id;
    expect((await sh.patch(`/api/users/${id}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await member.get('/api/auth/me')).statusCode).toBe(401);
    expect((await m.get('/api/auth/me')).statusCode).toBe(401);
    expect((await ctx.anon().post('/api/auth/login', { username: 'sh-member', password: DEMO_PASSWORD })).statusCode).toBe(403);
    expect((await sh.patch(`/api/users/${id}`, { status: 'active' })).statusCode).toBe(200);
  });
});
