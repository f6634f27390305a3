// The routes issue 15 added, probed as an outsider on both engines: another jurisdiction's or
// organisation's user, ids and tokens they do not hold. Each is refused (401/403/404/410) and
// nothing it names is changed or shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../../test/context';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let ip = 1;
const anon = () => ctx.anon(`10.88.${Math.floor(ip / 250)}.${ip++ % 250}`);
const userId = async (username: string) =>
  Number((await ctx.db.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

describe(`issue 15 routes refused to outsiders (${engine})`, () => {
  it('/api/audit/options: 401 anonymous, 403 for a member, and a jurisdiction admin sees only their own jurisdiction’s actors', async () => {
    expect((await anon().get('/api/audit/options')).statusCode).toBe(401);
    expect((await (await ctx.as('zj-member')).get('/api/audit/options')).statusCode).toBe(403);
    expect((await (await ctx.as('zj-org-admin')).get('/api/audit/options')).statusCode).toBe(403);
    const zj = await (await ctx.as('zj-admin')).get('/api/audit/options');
    expect(zj.statusCode).toBe(200);
    expect(zj.data.actors).not.toContain('sh-admin');
    expect(zj.data.actors).not.toContain('js-admin');
  });

  it('/api/notifications…: another person’s ids are 404 and stay unread; read-all and preferences touch only the caller', async () => {
    const shId = await userId('sh-member');
    const at = ctx.clock.now().toISOString();
    const ids: number[] = [];
    for (const n of [1, 2]) {
      const row = await ctx.db.db
        .insertInto('notifications')
        .values({ user_id: shId, kind: 'system.test', params_json: JSON.stringify({ note: `sh ${n}` }), link: null, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
    }
    const zj = await ctx.as('zj-member');
    expect((await zj.post(`/api/notifications/${ids[0]}/read`, {})).statusCode).toBe(404);
    expect((await zj.post('/api/notifications/read-all', {})).statusCode).toBeLessThan(300);
    const list = await zj.get('/api/notifications', { query: { pageSize: 100 } });
    expect(list.data.items.map((i: any) => i.id)).not.toContain(ids[0]);
    const put = await zj.request('PUT', '/api/notifications/preferences', { json: { emailEnabled: false, mutedKinds: [], language: 'en' } });
    expect(put.statusCode).toBe(200);
    const rows = await ctx.db.db.selectFrom('notifications').select(['id', 'read_at']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.read_at === null)).toBe(true);
    const sh = await ctx.as('sh-member');
    expect((await sh.get('/api/notifications/unread-count')).data.unread).toBeGreaterThanOrEqual(2);
    expect((await sh.get('/api/notifications/preferences')).data.emailEnabled).toBe(true);
    for (const bad of ['0', '-1', '99999999', 'abc']) expect((await sh.post(`/api/notifications/${bad}/read`, {})).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('/api/me/calendar-links, /api/calendar/:file: another user cannot list or revoke my link; an unknown secret is 404; a secret is no API token', async () => {
    const owner = await ctx.as('sh-member');
    const made = await owner.post('/api/me/calendar-links', {});
    expect(made.statusCode, made.body).toBe(201);
    const other = await ctx.as('zj-member');
    expect((await other.get('/api/me/calendar-links')).data.items.map((l: any) => l.id)).not.toContain(made.data.id);
    expect((await other.delete(`/api/me/calendar-links/${made.data.id}`)).statusCode).toBe(404);
    expect((await anon().get(made.data.path)).statusCode).toBe(200);
    expect((await anon().get(`/api/calendar/${'x'.repeat(43)}.ics`)).statusCode).toBe(404);
    const asToken = anon();
    asToken.bearer = made.data.secret;
    expect((await asToken.get('/api/auth/me')).statusCode).toBe(401);
    expect((await owner.delete(`/api/me/calendar-links/${made.data.id}`)).statusCode).toBe(204);
    expect((await anon().get(made.data.path)).statusCode).toBe(404);
  });

  it('/api/messages: a draft of another organisation is not found; another organisation’s admin never reads the thread', async () => {
    const zjOrg = Number(
      (
        await ctx.db.db
          .selectFrom('organizations')
          .select('id')
          .where('jurisdiction_code', '=', '330000')
          .where('type', '!=', 'government')
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    const published = await ctx.db.db
      .selectFrom('resources')
      .select(['id', 'owner_org_id'])
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const sender = await ctx.as('ah-member');
    const sent = await sender.post('/api/messages', { targetType: 'resource', targetId: Number(published.id), body: '想预约使用，请联系（示例）' });
    expect(sent.statusCode, sent.body).toBe(201);
    // An admin of an organisation that does not own it sees neither the message nor the thread.
    const ownerOrg = Number(published.owner_org_id);
    const outsiderName = ownerOrg === zjOrg ? 'js-org-admin' : 'zj-org-admin';
    const outsider = await ctx.as(outsiderName);
    const received = await outsider.get('/api/messages', { query: { box: 'received', pageSize: 100 } });
    expect(received.data.items.map((m: any) => m.id)).not.toContain(sent.data.id);
    const thread = await outsider.get('/api/messages', { query: { targetType: 'resource', targetId: Number(published.id), pageSize: 100 } });
    expect(thread.statusCode === 404 || !thread.data.items.some((m: any) => m.id === sent.data.id)).toBe(true);
    // A draft the sender may not see: 404, nothing stored.
    await ctx.db.db.updateTable('resources').set({ status: 'draft' }).where('id', '=', published.id).execute();
    const before = await ctx.db.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await sender.post('/api/messages', { targetType: 'resource', targetId: Number(published.id), body: '再问一次' })).statusCode).toBe(404);
    expect((await sender.post('/api/messages', { targetType: 'resource', targetId: 99_999_999, body: '不存在' })).statusCode).toBe(404);
    const after = await ctx.db.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await ctx.db.db.updateTable('resources').set({ status: 'published' }).where('id', '=', published.id).execute();
    expect((await anon().post('/api/messages', { targetType: 'resource', targetId: Number(published.id), body: 'x' })).statusCode).toBe(401);
  });

  it('/api/invitations/preview|accept: tokens not held are 404, another organisation’s admin cannot invite into or revoke from it', async () => {
    const shOrg = Number(
      (await ctx.db.db.selectFrom('users').select('organization_id').where('username', '=', 'sh-org-admin').executeTakeFirstOrThrow()).organization_id,
    );
    const inv = await (await ctx.as('sh-org-admin')).post(`/api/organizations/${shOrg}/invitations`, { email: `probe${ip}@example.test` });
    expect(inv.statusCode, inv.body).toBe(201);
    const zjAdmin = await ctx.as('zj-org-admin');
    expect([403, 404]).toContain((await zjAdmin.post(`/api/organizations/${shOrg}/invitations`, { email: 'x@example.test' })).statusCode);
    expect([403, 404]).toContain((await zjAdmin.delete(`/api/organizations/${shOrg}/invitations/${inv.data.id}`)).statusCode);
    const fake = 'A'.repeat(43);
    expect((await anon().post('/api/invitations/preview', { token: fake })).statusCode).toBe(404);
    expect(
      (await anon().post('/api/invitations/accept', { token: fake, username: 'probe-outsider', displayName: 'x', password: 'Probe#Pass2026' })).statusCode,
    ).toBe(404);
    expect((await ctx.db.db.selectFrom('users').select('id').where('username', '=', 'probe-outsider').executeTakeFirst()) ?? null).toBeNull();
    const state = await ctx.db.db.selectFrom('invitations').select(['accepted_at', 'revoked_at']).where('id', '=', inv.data.id).executeTakeFirstOrThrow();
    expect(state).toEqual({ accepted_at: null, revoked_at: null });
  });

  it('/api/auth/password-reset[/confirm]: another person’s address answers like any other, changes nothing; a token not held is 404', async () => {
    const r = await anon().post('/api/auth/password-reset', { email: 'sh-member@example.yrd' });
    expect(r.statusCode).toBe(202);
    const unknown = await anon().post('/api/auth/password-reset', { email: 'nobody-here@example.test' });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(r.body);
    expect((await anon().post('/api/auth/password-reset/confirm', { token: 'C'.repeat(43), password: 'Taken#Over2026' })).statusCode).toBe(404);
    // The account still signs in with its own password.
    expect((await anon().post('/api/auth/login', { username: 'sh-member', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });
});
