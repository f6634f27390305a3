// The inbox API (each person's own only), preferences, and the e-mail outbox worker against a
// real SMTP server in this process: what arrives, in whose language, retries with backoff when
// the server refuses, giving up after the last attempt, and two workers with their own
// connections draining one outbox with every mail sent exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engine, type Client, type TestContext } from '../../../test/context';
import { createDb } from '../../db/index';
import { parseSmtpUrl } from '../../config';
import { startSmtpCapture, type CapturedMail } from '../../../scripts/smtp-capture.mjs';
import { inTransaction } from '../../platform/deps';
import { enqueueEmail, notify } from './notify';
import { OutboxWorker, smtpTransport } from './outbox';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const mails: CapturedMail[] = [];
let refuseTo = new Set<string>();
let zj: Client;
let sh: Client;
const ids: Record<string, number> = {};

const userId = async (username: string) =>
  Number((await ctx.db.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);
const tell = (userIds: number[], note: string, link = '/bookings') =>
  inTransaction(ctx.deps, (trx) => notify(trx, ctx.clock.now().toISOString(), { userIds, kind: 'system.test', params: { note }, link }));
const outbox = () => ctx.db.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
const worker = () => new OutboxWorker(ctx.deps, smtpTransport(parseSmtpUrl(smtp.url)!));

beforeAll(async () => {
  ctx = await createTestContext({ MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_BASE_SECONDS: '60', MAIL_FROM: 'YRD Test <noreply@yrd.test>' });
  smtp = await startSmtpCapture({ onMail: (m) => mails.push(m), refuse: (rcpt) => rcpt.some((r) => refuseTo.has(r)) });
  for (const u of ['zj-member', 'sh-member', 'ah-member']) ids[u] = await userId(u);
  [zj, sh] = await Promise.all([ctx.as('zj-member'), ctx.as('sh-member')]);
});
afterAll(async () => {
  await smtp.close();
  await ctx.close();
});

describe(`the inbox API (${engine})`, () => {
  it('refuses anonymous callers with 401 on every route', async () => {
    const anon = ctx.anon();
    for (const [m, url] of [
      ['GET', '/api/notifications'],
      ['GET', '/api/notifications/unread-count'],
      ['POST', '/api/notifications/read-all'],
      ['GET', '/api/notifications/preferences'],
      ['POST', '/api/notifications/1/read'],
    ] as const) {
      const r = await anon.request(m, url);
      expect(r.statusCode, url).toBe(401);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await anon.request('PUT', '/api/notifications/preferences', { json: { emailEnabled: true, mutedKinds: [], language: 'zh' } })).statusCode).toBe(
      401,
    );
  });

  it('lists my own notifications newest first in my language, counts and filters the unread, and marks them read', async () => {
    const before = (await zj.get('/api/notifications/unread-count')).data.unread;
    await tell([ids['zj-member']], '第一条');
    await tell([ids['zj-member']], '第二条', '/vouchers/wallet');
    expect((await zj.get('/api/notifications/unread-count')).data.unread).toBe(before + 2);
    const zh = await zj.get('/api/notifications', { query: { pageSize: 2 }, lang: 'zh' });
    expect(zh.statusCode).toBe(200);
    expect(zh.data.items.map((n: any) => n.body)).toEqual(['这是一条测试通知：第二条', '这是一条测试通知：第一条']);
    expect(zh.data.items[0]).toMatchObject({ kind: 'system.test', title: '测试通知', link: '/vouchers/wallet', readAt: null });
    const en = await zj.get('/api/notifications', { query: { pageSize: 1 }, lang: 'en' });
    expect(en.data.items[0]).toMatchObject({ title: 'Test notification', body: 'This is a test notification: 第二条' });
    const id = zh.data.items[0].id;
    const read = await zj.post(`/api/notifications/${id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.data.readAt).toBeTruthy();
    // Marking twice keeps the first time.
    expect((await zj.post(`/api/notifications/${id}/read`)).data.readAt).toBe(read.data.readAt);
    const unread = await zj.get('/api/notifications', { query: { unread: true, pageSize: 200 } });
    expect(unread.data.items.every((n: any) => n.readAt === null)).toBe(true);
    expect(unread.data.items.map((n: any) => n.id)).not.toContain(id);
    expect(unread.data.total).toBe(before + 1);
    const all = await zj.post('/api/notifications/read-all');
    expect(all.data.marked).toBe(before + 1);
    expect((await zj.get('/api/notifications/unread-count')).data.unread).toBe(0);
  });

  it('another person’s notification is not found, and stays unread', async () => {
    await tell([ids['zj-member']], '私人');
    const mine = (await zj.get('/api/notifications', { query: { pageSize: 1 } })).data.items[0];
    const r = await sh.post(`/api/notifications/${mine.id}/read`, undefined, { lang: 'en' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.body).not.toContain('私人');
    expect((await sh.get('/api/notifications', { query: { pageSize: 200 } })).data.items.map((n: any) => n.id)).not.toContain(mine.id);
    // Marking all of one's own never touches anyone else's.
    await sh.post('/api/notifications/read-all');
    expect((await zj.get('/api/notifications', { query: { pageSize: 1 } })).data.items[0].readAt).toBeNull();
    // Bad ids are a 400, never a 500.
    for (const bad of ['0', '-1', '1e309', 'abc', '99999999999999999999']) expect((await zj.post(`/api/notifications/${bad}/read`)).statusCode, bad).toBe(400);
    expect((await zj.get('/api/notifications', { query: { pageSize: 1000 } })).statusCode).toBe(400);
  });
});

describe(`preferences and e-mail (${engine})`, () => {
  it('reads defaults, saves choices, and refuses bad input with problem+json', async () => {
    const d = await zj.get('/api/notifications/preferences', { lang: 'en' });
    expect(d.data).toMatchObject({ emailEnabled: true, mutedKinds: [], language: 'zh' });
    expect(d.data.kinds.find((k: any) => k.kind === 'booking.approved').title).toBe('Booking approved');
    const put = await zj.request('PUT', '/api/notifications/preferences', {
      json: { emailEnabled: true, mutedKinds: ['booking.approved', 'no.such.kind'], language: 'en' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.data).toMatchObject({ emailEnabled: true, mutedKinds: ['booking.approved'], language: 'en' });
    for (const body of [
      { emailEnabled: 'yes', mutedKinds: [], language: 'zh' },
      { emailEnabled: true, mutedKinds: [], language: 'fr' },
      { emailEnabled: true, mutedKinds: ['a\u0000b'], language: 'zh' },
      { emailEnabled: true, language: 'zh' },
      { emailEnabled: true, mutedKinds: [], language: 'zh', extra: 1 },
    ]) {
      const r = await zj.request('PUT', '/api/notifications/preferences', { json: body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('sends what the outbox holds through SMTP, in each recipient’s language, and marks it sent', async () => {
    mails.length = 0;
    await ctx.db.db.updateTable('email_outbox').set({ status: 'sent' }).execute();
    // zj-member chose English above; sh-member keeps the default (Chinese).
    await tell([ids['zj-member'], ids['sh-member']], '邮件');
    const r = await worker().drainOnce();
    expect(r).toEqual({ sent: 2, failed: 0 });
    const byTo = Object.fromEntries(mails.map((m) => [m.envelopeTo[0], m]));
    expect(byTo['zj-member@example.yrd']).toMatchObject({ subject: 'Test notification', text: 'This is a test notification: 邮件' });
    expect(byTo['sh-member@example.yrd']).toMatchObject({ subject: '测试通知', text: '这是一条测试通知：邮件' });
    expect(byTo['sh-member@example.yrd'].from).toContain('noreply@yrd.test');
    expect((await outbox()).filter((m) => m.status !== 'sent')).toEqual([]);
    // Nothing is due: a second pass sends nothing.
    expect(await worker().drainOnce()).toEqual({ sent: 0, failed: 0 });
  });

  it('respects preferences: a muted kind and e-mail switched off reach the inbox only', async () => {
    const before = (await outbox()).length;
    // zj-member muted booking.approved; ah-member turns e-mail off.
    const ah = await ctx.as('ah-member');
    expect((await ah.request('PUT', '/api/notifications/preferences', { json: { emailEnabled: false, mutedKinds: [], language: 'zh' } })).statusCode).toBe(200);
    await inTransaction(ctx.deps, (trx) =>
      notify(trx, ctx.clock.now().toISOString(), { userIds: [ids['zj-member']], kind: 'booking.approved', params: { resource: 'X', slot: 'Y' } }),
    );
    await tell([ids['ah-member']], '静音');
    expect((await outbox()).length).toBe(before);
    expect((await zj.get('/api/notifications', { query: { pageSize: 1 } })).data.items[0].kind).toBe('booking.approved');
    expect((await ah.get('/api/notifications', { query: { pageSize: 1 } })).data.items[0].body).toContain('静音');
    // Another kind still mails zj-member.
    await tell([ids['zj-member']], '仍发送');
    expect((await outbox()).length).toBe(before + 1);
    await worker().drainOnce();
  });

  it('retries a refused mail with exponential backoff, then gives up after the last attempt; the action never fails', async () => {
    mails.length = 0;
    refuseTo = new Set(['sh-member@example.yrd']);
    await tell([ids['sh-member']], '重试');
    const w = worker();
    expect(await w.drainOnce()).toEqual({ sent: 0, failed: 1 });
    let row = (await outbox()).at(-1)!;
    const t0 = ctx.clock.now().getTime();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, locked_until: null });
    expect(row.last_error).toMatch(/451|unavailable/i);
    expect(Date.parse(row.next_attempt_at)).toBe(t0 + 60_000);
    // Not due yet: nothing is attempted.
    expect(await w.drainOnce()).toEqual({ sent: 0, failed: 0 });
    ctx.clock.advance(60_000);
    expect(await w.drainOnce()).toEqual({ sent: 0, failed: 1 });
    row = (await outbox()).at(-1)!;
    expect(row.attempts).toBe(2);
    expect(Date.parse(row.next_attempt_at)).toBe(ctx.clock.now().getTime() + 120_000);
    ctx.clock.advance(120_000);
    expect(await w.drainOnce()).toEqual({ sent: 0, failed: 1 });
    row = (await outbox()).at(-1)!;
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    ctx.clock.advance(3_600_000);
    expect(await w.drainOnce()).toEqual({ sent: 0, failed: 0 });
    expect(mails).toEqual([]);

    // A refusal that clears in time: sent on the retry.
    await tell([ids['sh-member']], '恢复');
    expect(await w.drainOnce()).toEqual({ sent: 0, failed: 1 });
    refuseTo = new Set();
    ctx.clock.advance(60_000);
    expect(await w.drainOnce()).toEqual({ sent: 1, failed: 0 });
    expect(mails.map((m) => m.text)).toEqual(['这是一条测试通知：恢复']);
    expect((await outbox()).at(-1)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('a claim whose lease ran out (a worker that died mid-send) is claimed again', async () => {
    mails.length = 0;
    await tell([ids['sh-member']], '租约');
    const row = (await outbox()).at(-1)!;
    await ctx.db.db
      .updateTable('email_outbox')
      .set({ locked_until: new Date(ctx.clock.now().getTime() + 60_000).toISOString() })
      .where('id', '=', row.id)
      .execute();
    expect(await worker().drainOnce()).toEqual({ sent: 0, failed: 0 });
    ctx.clock.advance(61_000);
    expect(await worker().drainOnce()).toEqual({ sent: 1, failed: 0 });
    expect(mails).toHaveLength(1);
  });

  it('a slow mail server never lets a lease run out under a send: the rest of the batch is handed back', async () => {
    await ctx.db.db.updateTable('email_outbox').set({ status: 'sent' }).where('status', '=', 'pending').execute();
    await inTransaction(ctx.deps, async (trx) => {
      for (let i = 0; i < 3; i++) await enqueueEmail(trx, ctx.clock.now().toISOString(), { to: `slow${i}@example.yrd`, subject: '慢', text: '慢' });
    });
    const sentTo: string[] = [];
    // Each send takes four minutes of the five-minute lease.
    const slow = new OutboxWorker(ctx.deps, {
      send: async (m) => {
        sentTo.push(m.to);
        ctx.clock.advance(4 * 60_000);
      },
      close: () => undefined,
    });
    expect(await slow.drainOnce()).toEqual({ sent: 1, failed: 0 });
    const rows = (await outbox()).filter((m) => m.to_address.startsWith('slow'));
    expect(rows.map((m) => [m.status, m.locked_until])).toEqual([
      ['sent', null],
      ['pending', null],
      ['pending', null],
    ]);
    expect(await slow.drainOnce()).toEqual({ sent: 1, failed: 0 });
    expect(await slow.drainOnce()).toEqual({ sent: 1, failed: 0 });
    expect(sentTo).toEqual(['slow0@example.yrd', 'slow1@example.yrd', 'slow2@example.yrd']);
  });

  it('two workers with their own connections drain one outbox together: every mail is sent exactly once', async () => {
    mails.length = 0;
    const n = 120;
    await inTransaction(ctx.deps, async (trx) => {
      for (let i = 0; i < n; i++)
        await enqueueEmail(trx, ctx.clock.now().toISOString(), { to: `bulk${i}@example.yrd`, subject: `批量 ${i}`, text: `正文 ${i}` });
    });
    const dbs = [createDb(ctx.db.url, { poolSize: 4 }), createDb(ctx.db.url, { poolSize: 4 })];
    try {
      const workers = dbs.map((db) => new OutboxWorker({ ...ctx.deps, db }, smtpTransport(parseSmtpUrl(smtp.url)!)));
      // Several drains per worker at once, so claims really race.
      const results = await Promise.all(workers.flatMap((w) => [w.drainOnce(), w.drainOnce()]));
      const sent = results.reduce((s, r) => s + r.sent, 0);
      expect(sent).toBe(n);
      expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
      const received = mails.map((m) => m.envelopeTo[0]).sort();
      expect(received).toHaveLength(n);
      expect(new Set(received).size).toBe(n);
      const rows = (await outbox()).filter((m) => m.to_address.startsWith('bulk'));
      expect(rows.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });

  it('SMTP_URL is parsed strictly', () => {
    expect(parseSmtpUrl(undefined)).toBeNull();
    expect(parseSmtpUrl('')).toBeNull();
    expect(parseSmtpUrl('smtp://mail.example.com:2525')).toEqual({ host: 'mail.example.com', port: 2525, secure: false, user: null, pass: null });
    expect(parseSmtpUrl('smtps://u%40x:p%3Aw@mail.example.com')).toEqual({ host: 'mail.example.com', port: 465, secure: true, user: 'u@x', pass: 'p:w' });
    expect(() => parseSmtpUrl('http://mail.example.com')).toThrow(/smtp/);
    expect(() => parseSmtpUrl('not a url')).toThrow(/SMTP_URL/);
  });
});
