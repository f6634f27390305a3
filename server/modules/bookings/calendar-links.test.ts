// Calendar links (issue 15, defect 7), on both engines: a link reads its owner's bookings feed
// and nothing else — never an API token, never another user's bookings; revoked or unknown → 404;
// only the owner lists and revokes it; its secret never reaches the logs.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { buildApp } from '../../app';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let owner: { username: string; id: number; client: Client };
let other: { username: string; id: number; client: Client };

/** Two demo people with bookings: the demo's booker, and a member given a copy of one booking. */
async function twoBookers() {
  const first = await ctx.db.db.selectFrom('bookings').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const a = await ctx.db.db.selectFrom('users').select(['username', 'id']).where('id', '=', first.user_id).executeTakeFirstOrThrow();
  const b = await ctx.db.db
    .selectFrom('users')
    .select(['username', 'id', 'organization_id'])
    .where('id', '!=', first.user_id)
    .where('role', '=', 'member')
    .where('status', '=', 'active')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const { id: _id, ...copy } = first;
  const day = 86_400_000;
  await ctx.db.db
    .insertInto('bookings')
    .values({
      ...copy,
      user_id: b.id,
      organization_id: b.organization_id,
      starts_at: new Date(Date.now() + 3 * day).toISOString(),
      ends_at: new Date(Date.now() + 3 * day + 3_600_000).toISOString(),
      status: 'confirmed',
    } as any)
    .execute();
  return [a, b].map((r) => ({ username: r.username, id: Number(r.id) }));
}
const bookingIdsOf = async (userId: number) =>
  (await ctx.db.db.selectFrom('bookings').select('id').where('user_id', '=', userId).execute()).map((r) => Number(r.id));
const uidsIn = (ics: string) => [...ics.matchAll(/UID:booking-(\d+)@yrd-commons/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  ctx = await createTestContext();
  const [a, b] = await twoBookers();
  owner = { ...a, client: await ctx.as(a.username) };
  other = { ...b, client: await ctx.as(b.username) };
});
afterAll(async () => ctx?.close());

describe(`calendar links (${engine})`, () => {
  let secret: string;
  let path: string;
  let linkId: number;

  it('one click makes a link whose feed lists the owner’s bookings and only theirs', async () => {
    const made = await owner.client.post('/api/me/calendar-links', {});
    expect(made.statusCode, made.body).toBe(201);
    expect(made.data.secret).toMatch(/^ycal_[A-Za-z0-9_-]{43}$/);
    expect(made.data.path).toBe(`/api/calendar/${made.data.secret}.ics`);
    ({ secret, path, id: linkId } = made.data);
    // Only the hash is stored.
    const row = await ctx.db.db.selectFrom('calendar_links').selectAll().where('id', '=', linkId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);

    const feed = await ctx.anon().get(path);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    expect(feed.headers['cache-control']).toMatch(/no-store/);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    const mine = await bookingIdsOf(owner.id);
    const theirs = await bookingIdsOf(other.id);
    const shown = uidsIn(feed.body);
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(mine, `booking ${id} is the owner's`).toContain(id);
    for (const id of theirs) expect(shown).not.toContain(id);
    // The same feed without the .ics suffix (some applications drop it).
    expect((await ctx.anon().get(`/api/calendar/${secret}`)).statusCode).toBe(200);
    // The other person's link shows their bookings, never the owner's.
    const theirLink = await other.client.post('/api/me/calendar-links', {});
    const theirFeed = await ctx.anon().get(theirLink.data.path);
    expect(theirFeed.statusCode).toBe(200);
    for (const id of uidsIn(theirFeed.body)) expect(mine).not.toContain(id);
    expect(theirFeed.body).not.toContain(secret);
  });

  it('authorizes nothing else: not as a Bearer token, not as ?token=, not on any other route', async () => {
    for (const url of ['/api/auth/me', '/api/bookings', '/api/me/calendar.ics', '/api/me/calendar-links', '/api/tokens']) {
      const bearer = ctx.anon();
      bearer.bearer = secret;
      const r = await bearer.get(url);
      expect(r.statusCode, url).toBe(401);
      expect(r.body).not.toContain(secret);
      expect((await ctx.anon().get(`${url}?token=${secret}`)).statusCode, `${url}?token=`).toBe(401);
    }
    const bearer = ctx.anon();
    bearer.bearer = secret;
    expect((await bearer.post('/api/me/calendar-links', {})).statusCode).toBe(401);
    // Nor does an API token open the me feed from the URL any more.
    const token = (await owner.client.post('/api/tokens', { name: 'cal' })).data.token;
    expect((await ctx.anon().get(`/api/me/calendar.ics?token=${token}`)).statusCode).toBe(401);
    expect((await ctx.anon().get(`/api/calendar/${token}.ics`)).statusCode).toBe(404);
  });

  it('unknown and malformed secrets are 404 problems; only the owner sees and revokes a link', async () => {
    for (const bad of [`ycal_${'A'.repeat(43)}.ics`, 'ycal_short.ics', '..%2F..%2Fetc%2Fpasswd', `${secret}x.ics`, `${secret.toUpperCase()}.ics`]) {
      const r = await ctx.anon().get(`/api/calendar/${bad}`);
      expect(r.statusCode, bad).toBe(404);
      expect(String(r.headers['content-type'])).toMatch(/problem\+json/);
    }
    const theirs = await other.client.get('/api/me/calendar-links');
    expect(theirs.data.items.map((l: any) => l.id)).not.toContain(linkId);
    expect((await other.client.delete(`/api/me/calendar-links/${linkId}`)).statusCode).toBe(404);
    expect((await ctx.anon().get(path)).statusCode).toBe(200);
    const mine = await owner.client.get('/api/me/calendar-links');
    expect(mine.statusCode).toBe(200);
    expect(mine.data.items[0]).toMatchObject({ id: linkId, revokedAt: null });
    expect(mine.data.items[0].lastUsedAt).not.toBeNull();
    expect(mine.body).not.toContain(secret);
  });

  it('a revoked link is 404 at once, and both changes are audited', async () => {
    const del = await owner.client.delete(`/api/me/calendar-links/${linkId}`);
    expect(del.statusCode, del.body).toBe(204);
    expect((await ctx.anon().get(path)).statusCode).toBe(404);
    expect((await owner.client.delete(`/api/me/calendar-links/${linkId}`)).statusCode).toBe(204); // idempotent
    const list = await owner.client.get('/api/me/calendar-links');
    expect(list.data.items.find((l: any) => l.id === linkId).revokedAt).not.toBeNull();
    const audit = await ctx.db.db
      .selectFrom('audit_log')
      .select(['action', 'change_json'])
      .where('entity_type', '=', 'calendar_link')
      .where('entity_id', '=', String(linkId))
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar_link.create', 'calendar_link.revoke']);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('caps live links at five (422) and needs a sign-in to make one', async () => {
    expect((await ctx.anon().post('/api/me/calendar-links', {})).statusCode).toBe(401);
    const live = (await owner.client.get('/api/me/calendar-links')).data.items.filter((l: any) => !l.revokedAt).length;
    for (let i = live; i < 5; i++) expect((await owner.client.post('/api/me/calendar-links', {})).statusCode).toBe(201);
    const sixth = await owner.client.post('/api/me/calendar-links', {});
    expect(sixth.statusCode).toBe(422);
    expect(sixth.data.rule).toBe('too-many-calendar-links');
  });

  it('never writes a secret to the logs', async () => {
    const made = await owner.client.get('/api/me/calendar-links');
    expect(made.statusCode).toBe(200);
    const link = await other.client.post('/api/me/calendar-links', {});
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logged = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, logLevel: 'info' } }, { logger: { level: 'info', stream }, serveWeb: false });
    try {
      expect((await logged.inject({ method: 'GET', url: link.data.path })).statusCode).toBe(200);
      expect((await logged.inject({ method: 'GET', url: `/api/calendar/${link.data.secret}x.ics` })).statusCode).toBe(404);
    } finally {
      await logged.close();
    }
    expect(lines.join('')).toContain('/api/calendar/[redacted]');
    expect(lines.join('')).not.toContain(link.data.secret);
  });
});
