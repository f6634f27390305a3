// Self-registration, invitations and password reset through HTTP (issue 15), on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, nextUscc, type TestContext } from '../../../test/context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const NEW_PASSWORD = 'Fresh#Pass2026';
let ipSerial = 1;
/** Each test talks from its own address, so the anonymous throttle is tested on purpose only. */
const anon = () => ctx.anon(`10.77.${Math.floor(ipSerial / 250)}.${ipSerial++ % 250}`);

function application(over: Record<string, unknown> = {}) {
  const n = ipSerial++;
  return {
    uscc: nextUscc('320500'),
    organizationName: `苏州示例注册科技有限公司 ${n}`,
    organizationType: 'enterprise',
    jurisdictionCode: '320000',
    contactName: `注册人${n}`,
    contactPhone: '+86 512-6666 0000',
    contactEmail: `applicant${n}@example.test`,
    username: `applicant-${n}`,
    password: 'Apply#2026pass',
    ...over,
  };
}

const outbox = (to: string) =>
  ctx.db.db.selectFrom('email_outbox').select(['to_address', 'subject', 'body_text', 'user_id']).where('to_address', '=', to).orderBy('id').execute();
const audits = (action: string, entityId: number | string) =>
  ctx.db.db
    .selectFrom('audit_log')
    .select(['action', 'actor_name', 'change_json'])
    .where('action', '=', action)
    .where('entity_id', '=', String(entityId))
    .execute();
const tokenIn = (body: string, path: string) => new RegExp(`${path}/([A-Za-z0-9_-]+)`).exec(body)?.[1] ?? '';

describe(`self-registration (${process.env.TEST_DB_ENGINE})`, () => {
  it('registers a pending organisation and admin: audited, the jurisdiction’s admins told, sign-in refused with a clear message until approved', async () => {
    const app = application();
    const res = await anon().post('/api/registrations', app);
    expect(res.statusCode).toBe(201);
    expect(res.data).toMatchObject({ status: 'pending', jurisdictionCode: '320000' });
    expect(await audits('registration.submit', res.data.id)).toHaveLength(1);

    const js = await ctx.as('js-admin');
    const me = (await js.get('/api/auth/me')).data.user;
    const inbox = await ctx.db.db
      .selectFrom('notifications')
      .select(['kind', 'link'])
      .where('user_id', '=', me.id)
      .where('kind', '=', 'account.registration_pending')
      .execute();
    expect(inbox.length).toBeGreaterThan(0);
    expect(inbox[0].link).toBe('/organizations/registrations');

    const login = await anon().post('/api/auth/login', { username: app.username, password: app.password }, { lang: 'en' });
    expect(login.statusCode).toBe(403);
    expect(login.data.code).toBe('account-pending');
    expect(login.data.detail).toContain('Jiangsu');
    const loginZh = await anon().post('/api/auth/login', { username: app.username, password: app.password });
    expect(loginZh.data.title).toBe('账号正在等待审核');
    // A wrong password says nothing about the pending account.
    expect((await anon().post('/api/auth/login', { username: app.username, password: 'Wrong#pass2026' })).statusCode).toBe(401);

    // Not in the directory yet; in the jurisdiction's list of registrations to decide.
    const dir = await js.get('/api/organizations', { query: { q: app.uscc } });
    expect(dir.data.total).toBe(0);
    const pending = await js.get('/api/registrations', { query: { status: 'pending' } });
    expect(pending.data.items.map((r: any) => r.id)).toContain(res.data.id);
  });

  it('only that jurisdiction’s admin (or the platform admin) decides; the others are refused', async () => {
    const res = await anon().post('/api/registrations', application());
    const id = res.data.id;
    const zj = await ctx.as('zj-admin');
    expect((await zj.post(`/api/registrations/${id}/approve`)).statusCode).toBe(404);
    expect((await zj.post(`/api/registrations/${id}/reject`, { reason: 'x' })).statusCode).toBe(404);
    expect((await zj.get('/api/registrations')).data.items.map((r: any) => r.id)).not.toContain(id);
    expect((await zj.get('/api/registrations', { query: { jurisdiction: '320000' } })).data.items).toEqual([]);
    const orgAdmin = await ctx.as('js-org-admin');
    expect((await orgAdmin.get('/api/registrations')).statusCode).toBe(403);
    expect((await orgAdmin.post(`/api/registrations/${id}/approve`)).statusCode).toBe(403);
    expect((await anon().get('/api/registrations')).statusCode).toBe(401);
    expect((await anon().post(`/api/registrations/${id}/approve`)).statusCode).toBe(401);
    const admin = await ctx.as('admin');
    expect((await admin.get('/api/registrations')).data.items.map((r: any) => r.id)).toContain(id);
  });

  it('approval activates both, is audited, and tells the applicant by inbox and e-mail; the new admin signs in', async () => {
    const app = application();
    const { id } = (await anon().post('/api/registrations', app)).data;
    const js = await ctx.as('js-admin');
    const ok = await js.post(`/api/registrations/${id}/approve`);
    expect(ok.statusCode).toBe(200);
    expect(ok.data).toMatchObject({ status: 'approved', decidedByName: expect.any(String) });
    expect(await audits('registration.approve', id)).toHaveLength(1);
    const mails = await outbox(app.contactEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0].body_text).toContain('/login');
    expect(mails[0].body_text).toContain(app.username);

    const c = await ctx.as(app.username, app.password);
    const me = (await c.get('/api/auth/me')).data.user;
    expect(me).toMatchObject({ role: 'org_admin', organization: { name: app.organizationName, jurisdictionCode: '320000' } });
    const org = await js.get(`/api/organizations/${me.organization.id}`);
    expect(org.data.status).toBe('active');
    // Decided once.
    expect((await js.post(`/api/registrations/${id}/approve`)).statusCode).toBe(409);
    expect((await js.post(`/api/registrations/${id}/reject`, { reason: 'late' })).statusCode).toBe(409);
  });

  it('rejection needs a reason, is audited, e-mails the reason and frees the code and username for a corrected application', async () => {
    const app = application();
    const { id } = (await anon().post('/api/registrations', app)).data;
    const js = await ctx.as('js-admin');
    expect((await js.post(`/api/registrations/${id}/reject`, { reason: '   ' })).statusCode).toBe(400);
    const no = await js.post(`/api/registrations/${id}/reject`, { reason: '营业执照信息与统一社会信用代码不符' });
    expect(no.statusCode).toBe(200);
    expect(no.data).toMatchObject({ status: 'rejected', reason: '营业执照信息与统一社会信用代码不符', organizationId: null, userId: null });
    expect(await audits('registration.reject', id)).toHaveLength(1);
    const mails = await outbox(app.contactEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0].body_text).toContain('营业执照信息与统一社会信用代码不符');
    expect((await anon().post('/api/auth/login', { username: app.username, password: app.password })).statusCode).toBe(401);
    expect((await anon().post('/api/registrations', app)).statusCode).toBe(201);
  });

  it('a taken code or username is a 409 naming the field; bad input is a 400 naming the field', async () => {
    const js = await ctx.as('js-org-admin');
    const me = (await js.get('/api/auth/me')).data.user;
    const taken = (await js.get(`/api/organizations/${me.organization.id}`)).data.uscc;
    const both = await anon().post('/api/registrations', application({ uscc: taken, username: 'js-admin' }), { lang: 'en' });
    expect(both.statusCode).toBe(409);
    expect(both.data.errors.map((e: any) => e.field).sort()).toEqual(['body:/uscc', 'body:/username']);
    expect(both.data.detail).toContain('Unified Social Credit Code');
    expect(both.data.detail).toContain('username');
    const user = await anon().post('/api/registrations', application({ username: 'js-admin' }));
    expect(user.statusCode).toBe(409);
    expect(user.data.errors).toEqual([expect.objectContaining({ field: 'body:/username', code: 'username-taken' })]);

    const good = application();
    const bad = await anon().post(
      '/api/registrations',
      { ...good, uscc: good.uscc.slice(0, 17) + (good.uscc[17] === '0' ? '1' : '0'), password: 'short', contactEmail: 'nope', contactPhone: 'call me' },
      { lang: 'en' },
    );
    expect(bad.statusCode).toBe(400);
    const fields = bad.data.errors.map((e: any) => `${e.field} ${e.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body:/uscc uscc-check',
        'body:/password password-too-short',
        'body:/contactEmail email-invalid',
        'body:/contactPhone phone-invalid',
      ]),
    );
    const gov = await anon().post('/api/registrations', application({ organizationType: 'government_department' }));
    expect(gov.statusCode).toBe(400);
    expect(gov.data.errors[0].code).toBe('type-not-registrable');
    const nul = await anon().post('/api/registrations', application({ organizationName: 'a\u0000b' }));
    expect(nul.statusCode).toBe(400);
  });

  it('an address may register only a few times an hour (429 with Retry-After)', async () => {
    const c = ctx.anon('10.99.0.1');
    for (let i = 0; i < 5; i++) expect((await c.post('/api/registrations', application({ username: 'js-admin' }))).statusCode).toBe(409);
    const limited = await c.post('/api/registrations', application());
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await ctx.anon('10.99.0.2').post('/api/registrations', application())).statusCode).toBe(201);
  });
});

describe(`invitations (${process.env.TEST_DB_ENGINE})`, () => {
  async function orgAdmin() {
    const c = await ctx.as('sh-org-admin');
    const orgId = (await c.get('/api/auth/me')).data.user.organization.id as number;
    return { c, orgId };
  }

  it('an org admin invites by e-mail; the link (hashed, e-mailed) makes an active member once', async () => {
    const { c, orgId } = await orgAdmin();
    const email = `invitee${ipSerial++}@example.test`;
    const inv = await c.post(`/api/organizations/${orgId}/invitations`, { email });
    expect(inv.statusCode).toBe(201);
    expect(inv.data).toMatchObject({ email, role: 'member', state: 'open' });
    const token = tokenIn(inv.data.link, '/invite');
    expect(token.length).toBeGreaterThan(20);
    const mails = await outbox(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].body_text).toContain(inv.data.link);
    // Only the hash is stored.
    const stored = await ctx.db.db.selectFrom('invitations').select('token_hash').where('id', '=', inv.data.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(await audits('invitation.create', inv.data.id)).toHaveLength(1);

    const preview = await anon().post('/api/invitations/preview', { token });
    expect(preview.statusCode).toBe(200);
    expect(preview.data).toMatchObject({ email, role: 'member' });
    const username = `invited-${ipSerial++}`;
    const weak = await anon().post('/api/invitations/accept', { token, username, displayName: '受邀成员', password: 'weak' });
    expect(weak.statusCode).toBe(400);
    const accepted = await anon().post('/api/invitations/accept', { token, username, displayName: '受邀成员（示例）', password: NEW_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    const member = await ctx.as(username, NEW_PASSWORD);
    const me = (await member.get('/api/auth/me')).data.user;
    expect(me).toMatchObject({ role: 'member', organization: { id: orgId } });
    expect(await audits('invitation.accept', inv.data.id)).toHaveLength(1);

    const reused = await anon().post('/api/invitations/accept', { token, username: `again-${ipSerial++}`, displayName: 'x', password: NEW_PASSWORD });
    expect(reused.statusCode).toBe(410);
    expect(reused.data.code).toBe('link-used');
    const list = await c.get(`/api/organizations/${orgId}/invitations`);
    expect(list.data.items.find((i: any) => i.id === inv.data.id)).toMatchObject({ state: 'accepted', acceptedUsername: username });
    expect((await c.delete(`/api/organizations/${orgId}/invitations/${inv.data.id}`)).statusCode).toBe(409);
  });

  it('a revoked invitation no longer works; unknown and malformed tokens are refused', async () => {
    const { c, orgId } = await orgAdmin();
    const inv = (await c.post(`/api/organizations/${orgId}/invitations`, { email: `revoked${ipSerial++}@example.test` })).data;
    const token = tokenIn(inv.link, '/invite');
    expect((await c.delete(`/api/organizations/${orgId}/invitations/${inv.id}`)).statusCode).toBe(204);
    expect(await audits('invitation.revoke', inv.id)).toHaveLength(1);
    const res = await anon().post('/api/invitations/accept', { token, username: `rev-${ipSerial++}`, displayName: 'x', password: NEW_PASSWORD });
    expect(res.statusCode).toBe(410);
    expect(res.data.code).toBe('link-revoked');
    expect((await c.get(`/api/organizations/${orgId}/invitations`)).data.items.find((i: any) => i.id === inv.id).state).toBe('revoked');
    expect((await anon().post('/api/invitations/preview', { token: 'A'.repeat(43) })).statusCode).toBe(404);
    expect((await anon().post('/api/invitations/preview', { token: '../../etc' })).statusCode).toBe(400);
  });

  it('another organisation’s admin and members may not invite, list or revoke', async () => {
    const { c, orgId } = await orgAdmin();
    const inv = (await c.post(`/api/organizations/${orgId}/invitations`, { email: `x${ipSerial++}@example.test` })).data;
    for (const who of ['zj-org-admin', 'sh-member', 'zj-admin']) {
      const other = await ctx.as(who);
      expect((await other.post(`/api/organizations/${orgId}/invitations`, { email: 'a@example.test' })).statusCode).toBe(403);
      expect((await other.get(`/api/organizations/${orgId}/invitations`)).statusCode).toBe(403);
      expect((await other.delete(`/api/organizations/${orgId}/invitations/${inv.id}`)).statusCode).toBe(403);
    }
    // The right organisation id is needed to revoke: another org's path does not reach it.
    const zj = await ctx.as('zj-org-admin');
    const zjOrg = (await zj.get('/api/auth/me')).data.user.organization.id;
    expect((await zj.delete(`/api/organizations/${zjOrg}/invitations/${inv.id}`)).statusCode).toBe(404);
    expect((await c.post(`/api/organizations/${orgId}/invitations`, { email: 'not-an-address' })).statusCode).toBe(400);
  });

  it('an invitation expires', async () => {
    const { c, orgId } = await orgAdmin();
    const inv = (await c.post(`/api/organizations/${orgId}/invitations`, { email: `late${ipSerial++}@example.test`, expiresInDays: 1 })).data;
    const token = tokenIn(inv.link, '/invite');
    ctx.clock.advance(24 * 3600_000 + 60_000);
    const res = await anon().post(
      '/api/invitations/accept',
      { token, username: `late-${ipSerial++}`, displayName: 'x', password: NEW_PASSWORD },
      { lang: 'en' },
    );
    expect(res.statusCode).toBe(410);
    expect(res.data.code).toBe('link-expired');
    expect(res.data.detail).toContain('Beijing time');
    expect((await anon().post('/api/invitations/preview', { token })).statusCode).toBe(410);
  });
});

describe(`password reset (${process.env.TEST_DB_ENGINE})`, () => {
  it('answers alike for unknown and known addresses; only a known one gets a link', async () => {
    let t = performance.now();
    const unknown = await anon().post('/api/auth/password-reset', { email: 'nobody@example.test' });
    const unknownMs = performance.now() - t;
    t = performance.now();
    const known = await anon().post('/api/auth/password-reset', { email: 'zj-member@example.yrd' });
    const knownMs = performance.now() - t;
    // Both take at least the floor: the time does not tell which address has an account.
    expect(unknownMs).toBeGreaterThanOrEqual(240);
    expect(knownMs).toBeGreaterThanOrEqual(240);
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(await outbox('nobody@example.test')).toHaveLength(0);
    const mails = await outbox('zj-member@example.yrd');
    expect(mails).toHaveLength(1);
    expect(mails[0].body_text).toMatch(/\/reset-password\/[A-Za-z0-9_-]{20,}/);
    expect(mails[0].body_text).toContain('zj-member');
  });

  it('the link sets a new password once (policy), ends every session and is audited', async () => {
    const signedIn = await ctx.as('sh-member');
    expect((await anon().post('/api/auth/password-reset', { email: 'SH-member@example.yrd' })).statusCode).toBe(202);
    const mails = await outbox('sh-member@example.yrd');
    const token = tokenIn(mails.at(-1)!.body_text, '/reset-password');
    const weak = await anon().post('/api/auth/password-reset/confirm', { token, password: 'sh-member-2026A' });
    expect(weak.statusCode).toBe(400);
    expect(weak.data.errors[0].code).toBe('password-contains-username');
    expect((await anon().post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await signedIn.get('/api/auth/me')).statusCode).toBe(401);
    expect((await anon().post('/api/auth/login', { username: 'sh-member', password: DEMO_PASSWORD })).statusCode).toBe(401);
    expect((await anon().post('/api/auth/login', { username: 'sh-member', password: NEW_PASSWORD })).statusCode).toBe(200);
    const again = await anon().post('/api/auth/password-reset/confirm', { token, password: 'Another#Pass2026' }, { lang: 'en' });
    expect(again.statusCode).toBe(410);
    expect(again.data.code).toBe('link-used');
    const me = await ctx.db.db.selectFrom('users').select('id').where('username', '=', 'sh-member').executeTakeFirstOrThrow();
    const log = await audits('user.password_reset', me.id);
    expect(log).toHaveLength(1);
    expect(log[0].change_json).not.toContain(token);
    expect((await anon().post('/api/auth/password-reset/confirm', { token: 'B'.repeat(43), password: NEW_PASSWORD })).statusCode).toBe(404);
  });

  it('a link expires after 30 minutes', async () => {
    await anon().post('/api/auth/password-reset', { email: 'ah-member@example.yrd' });
    const token = tokenIn((await outbox('ah-member@example.yrd')).at(-1)!.body_text, '/reset-password');
    ctx.clock.advance(31 * 60_000);
    const res = await anon().post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    expect(res.statusCode).toBe(410);
    expect(res.data.code).toBe('link-expired');
    expect(res.data.detail).toContain('北京时间');
  });

  it('requests are limited per address, and per account mails per hour', async () => {
    const c = ctx.anon('10.98.0.1');
    for (let i = 0; i < 5; i++) expect((await c.post('/api/auth/password-reset', { email: 'js-member-none@example.test' })).statusCode).toBe(202);
    expect((await c.post('/api/auth/password-reset', { email: 'js-member-none@example.test' })).statusCode).toBe(429);
    for (let i = 0; i < 4; i++) await anon().post('/api/auth/password-reset', { email: 'js-expert@example.yrd' });
    expect(await outbox('js-expert@example.yrd')).toHaveLength(3);
  });
});
