// Two server processes on one database behave like one: sessions, lock-outs and uniqueness are
// in the database, so a sign-in on one is valid on the other and a sign-out on one ends it on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '../db/index';
import { createTestContext, DEMO_PASSWORD, engine, nextUscc, type TestContext } from '../../test/context';
import { serverProcesses } from '../../test/processes';
import { verifyAuditChain } from './audit';

let ctx: TestContext;
const servers = serverProcesses();
const ports: number[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  ports.push(...(await Promise.all([servers.start(ctx.db.url), servers.start(ctx.db.url)])));
}, 120_000);

afterAll(async () => {
  await servers.stopAll();
  await ctx.close();
});

async function call(port: number, method: string, path: string, opts: { cookie?: string; csrf?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
  const text = await r.text();
  return { status: r.status, data: text ? JSON.parse(text) : null, cookie: r.headers.get('set-cookie')?.split(';')[0] };
}

describe(`two server processes on one ${process.env.TEST_DB_ENGINE} database`, () => {
  it('share sessions: signed in on A, known on B; signed out on B, gone on A', async () => {
    const [a, b] = ports;
    const login = await call(a, 'POST', '/api/auth/login', { json: { username: 'sh-admin', password: DEMO_PASSWORD } });
    expect(login.status).toBe(200);
    const auth = { cookie: login.cookie!, csrf: login.data.csrfToken };
    expect((await call(b, 'GET', '/api/auth/me', auth)).data.user.username).toBe('sh-admin');
    expect((await call(b, 'POST', '/api/auth/logout', auth)).status).toBe(204);
    expect((await call(a, 'GET', '/api/auth/me', auth)).status).toBe(401);
  });

  it('a sign-out on one process is final on the other the moment it is answered, twenty times over', async () => {
    // PostgreSQL's NOTIFY arrives after the commit; a process that trusted it let a signed-out
    // session through in the gap. Each round primes A with the session, then signs out on B.
    const [a, b] = ports;
    let letThrough = 0;
    for (let i = 0; i < 20; i++) {
      const login = await call(a, 'POST', '/api/auth/login', { json: { username: 'ah-admin', password: DEMO_PASSWORD } });
      const auth = { cookie: login.cookie!, csrf: login.data.csrfToken };
      expect((await call(a, 'GET', '/api/auth/me', auth)).status).toBe(200);
      expect((await call(b, 'POST', '/api/auth/logout', auth)).status).toBe(204);
      if ((await call(a, 'GET', '/api/auth/me', auth)).status !== 401) letThrough++;
    }
    expect(letThrough).toBe(0);
  });

  it('sync() on a change feed returns only after every change committed before it has been heard', async () => {
    const writer = createDb(ctx.db.url);
    const reader = createDb(ctx.db.url);
    try {
      for (let i = 0; i < 20; i++) {
        const heard: string[] = [];
        const sub = await reader.changes.subscribe('yrd_test_feed', (p) => heard.push(p));
        reader.changes.externalWritesSince();
        await writer.db.transaction().execute(async (trx) => {
          await writer.changes.publish(trx, 'yrd_test_feed', `round ${i}`);
          await sql`insert into login_name_locks (username, failed_logins, updated_at) values (${`feed-${i}`}, 0, ${'2026-01-01T00:00:00.000Z'})`.execute(trx);
        });
        await sub.sync?.();
        if (engine === 'postgres') expect(heard).toContain(`round ${i}`);
        else expect(reader.changes.externalWritesSince()).toBe(true);
        await sub.stop();
      }
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('a change on one process reaches sessions the other remembers: disabling an account ends it on both', async () => {
    const [a, b] = ports;
    const member = await call(a, 'POST', '/api/auth/login', { json: { username: 'zj-member', password: DEMO_PASSWORD } });
    const auth = { cookie: member.cookie!, csrf: member.data.csrfToken };
    // Both processes have seen (and may remember) the session.
    expect((await call(a, 'GET', '/api/auth/me', auth)).status).toBe(200);
    expect((await call(b, 'GET', '/api/auth/me', auth)).status).toBe(200);
    const admin = await call(b, 'POST', '/api/auth/login', { json: { username: 'zj-admin', password: DEMO_PASSWORD } });
    const disable = await call(b, 'PATCH', `/api/users/${member.data.user.id}`, {
      cookie: admin.cookie,
      csrf: admin.data.csrfToken,
      json: { status: 'disabled' },
    });
    expect(disable.status).toBe(200);
    expect((await call(a, 'GET', '/api/auth/me', auth)).status).toBe(401);
    expect((await call(b, 'GET', '/api/auth/me', auth)).status).toBe(401);
  });

  it('share lock-outs: failures spread over both processes still lock the account', async () => {
    const [a, b] = ports;
    for (let i = 0; i < ctx.config.loginMaxFailures; i++) {
      const last = i === ctx.config.loginMaxFailures - 1;
      // The failure that locks the account says so (423 account-now-locked), whichever process counted the others.
      expect((await call(i % 2 ? a : b, 'POST', '/api/auth/login', { json: { username: 'ah-expert', password: 'Wrong#pass2026' } })).status).toBe(
        last ? 423 : 401,
      );
    }
    expect((await call(a, 'POST', '/api/auth/login', { json: { username: 'ah-expert', password: DEMO_PASSWORD } })).status).toBe(423);
  });

  it('race the same registration on both processes: one wins, the audit chain stays whole', async () => {
    const [a, b] = ports;
    const la = await call(a, 'POST', '/api/auth/login', { json: { username: 'js-admin', password: DEMO_PASSWORD } });
    const lb = await call(b, 'POST', '/api/auth/login', { json: { username: 'js-admin', password: DEMO_PASSWORD } });
    const uscc = nextUscc('320506');
    const body = { name: '示例双进程公司', uscc, type: 'enterprise', jurisdictionCode: '320000' };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? call(a, 'POST', '/api/organizations', { cookie: la.cookie, csrf: la.data.csrfToken, json: body })
          : call(b, 'POST', '/api/organizations', { cookie: lb.cookie, csrf: lb.data.csrfToken, json: body }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    // More concurrent writes through both processes, then the chain must still verify.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(i % 2 ? a : b, 'POST', '/api/organizations', {
          cookie: i % 2 ? la.cookie : lb.cookie,
          csrf: i % 2 ? la.data.csrfToken : lb.data.csrfToken,
          json: { ...body, name: `示例双进程${i}`, uscc: nextUscc('320506') },
        }),
      ),
    );
    const v = await verifyAuditChain(ctx.db.db);
    expect(v.problems).toEqual([]);
  });

  it('race overlapping bookings through both processes: the database lets exactly one through', async () => {
    const [a, b] = ports;
    const lcms = (await call(a, 'GET', '/api/resources?q=' + encodeURIComponent('液相色谱 质谱'))).data.items[0].id;
    // (ah-expert is locked out by the test above.)
    const users = ['zj-org-admin', 'sh-member', 'js-expert', 'ah-member', 'sh-expert', 'js-org-admin'];
    const sessions = await Promise.all(users.map((u, i) => call(i % 2 ? a : b, 'POST', '/api/auth/login', { json: { username: u, password: DEMO_PASSWORD } })));
    // Next Tuesday or later, 10:00–11:30 Beijing time: inside opening hours, past the one-day notice.
    const d = new Date(Date.now() + 6 * 86_400_000);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const results = await Promise.all(
      Array.from({ length: 18 }, (_, i) => {
        const s = sessions[i % sessions.length];
        const start = ['10:00', '10:30', '11:00'][i % 3];
        return call(i % 2 ? a : b, 'POST', '/api/bookings', {
          cookie: s.cookie,
          csrf: s.data.csrfToken,
          json: {
            resourceId: lcms,
            mode: 'assisted',
            startsAt: new Date(`${day}T${start}:00+08:00`).toISOString(),
            endsAt: new Date(`${day}T11:30:00+08:00`).toISOString(),
          },
        });
      }),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 409),
      JSON.stringify(results.filter((r) => r.status !== 409).map((r) => [r.status, r.data?.code, r.data?.detail])),
    ).toHaveLength(17);
  });
});
