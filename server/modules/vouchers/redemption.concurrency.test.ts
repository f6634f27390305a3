// Redemptions under concurrency, on SQLite and PostgreSQL: a hundred simultaneous redemptions of
// one voucher never spend more than its balance; twenty requests with one Idempotency-Key make one
// redemption; two vouchers of one enterprise racing against the yearly cap never exceed it; and
// on PostgreSQL the hundred run through two server processes sharing the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { serverProcesses } from '../../../test/processes';
import {
  HOUR,
  STRONG,
  completedOrder,
  createProgram,
  demoIds,
  expectLedgerClean,
  issueVoucher,
  iso,
  newOrgWithUsers,
  product,
  programBody,
  type TestOrg,
} from '../../../test/vouchers';

const engine = process.env.TEST_DB_ENGINE;
const DAY = 86_400_000;

let ctx: TestContext;
let admin: Client, zjAdmin: Client, jsOrgAdmin: Client;
let productId: number;
let program: any;
let holder: TestOrg;

const now = () => ctx.clock.now().getTime();

/** n completed orders of the test product at `fee`, bought by `buyer`, made ten at a time. */
async function orders(buyer: Client, n: number, fee: number) {
  const out: any[] = [];
  for (let i = 0; i < n; i += 10)
    out.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => completedOrder(buyer, jsOrgAdmin, productId, fee)))));
  return out;
}

async function redeemedOf(voucherId: number) {
  const rows = await ctx.db.db
    .selectFrom('redemptions')
    .select(['id', 'amount_fen', 'source_id', 'idempotency_key'])
    .where('voucher_id', '=', voucherId)
    .where('status', '=', 'completed')
    .execute();
  return { n: rows.length, total: rows.reduce((s, r) => s + Number(r.amount_fen), 0), sources: new Set(rows.map((r) => Number(r.source_id))).size };
}

const summary = (rs: Array<{ statusCode: number; data: any }>) => {
  const by: Record<string, number> = {};
  for (const r of rs) {
    const k = `${r.statusCode}${r.data?.rule ? ' ' + r.data.rule : r.statusCode >= 400 ? ' ' + r.data?.code : ''}`;
    by[k] = (by[k] ?? 0) + 1;
  }
  return by;
};

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '5000000', SESSION_ABSOLUTE_HOURS: '200000' });
  const ids = await demoIds(ctx);
  [admin, zjAdmin, jsOrgAdmin] = await Promise.all(['admin', 'zj-admin', 'js-org-admin'].map((u) => ctx.as(u)));
  productId = (await product(jsOrgAdmin, ids.jsProvider, 'testing', 10_000)).id;
  program = await createProgram(zjAdmin, programBody(now(), { budgetFen: 100_000_000, capEnterpriseYearFen: 10_000_000 }));
  holder = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'tech_sme' });
}, 120_000);
afterAll(() => ctx.close());

describe(`a hundred simultaneous redemptions of one voucher (${engine})`, () => {
  let pending: any[] = [];
  let v1: any;

  it('spend exactly what the balance allows, at 5 000 fen each: 27 accepted, 73 refused, no 5xx', async () => {
    v1 = await issueVoucher(holder.member, zjAdmin, program.id, 137_000);
    const os = await orders(holder.member, 100, 10_000);
    const results = await Promise.all(
      os.map((o, i) =>
        holder.member.post(`/api/vouchers/${v1.id}/redemptions`, { orderId: o.id, amountFen: 5_000 }, { headers: { 'idempotency-key': `hundred-${i}` } }),
      ),
    );
    expect(summary(results)).toEqual({ '201': 27, '422 insufficient-balance': 73 });
    expect(results.filter((r) => r.statusCode >= 500)).toEqual([]);
    for (const r of results.filter((x) => x.statusCode === 422)) expect(r.data.limitFen).toBe(2_000);
    const red = await redeemedOf(v1.id);
    expect(red).toEqual({ n: 27, total: 135_000, sources: 27 });
    const v = (await holder.member.get(`/api/vouchers/${v1.id}`)).data;
    expect(v).toMatchObject({ balanceFen: 2_000, redeemedFen: 135_000 });
    pending = os.filter((_, i) => results[i].statusCode !== 201);
    await expectLedgerClean(ctx);
  });

  it('with the default amount the last one takes the remainder: 21 accepted for 101 000 fen', async () => {
    const v2 = await issueVoucher(holder.member, zjAdmin, program.id, 101_000);
    const results = await Promise.all(
      pending.map((o, i) => holder.member.post(`/api/vouchers/${v2.id}/redemptions`, { orderId: o.id }, { headers: { 'idempotency-key': `default-${i}` } })),
    );
    expect(summary(results)).toEqual({ '201': 21, '422 insufficient-balance': 52 });
    const amounts = results
      .filter((r) => r.statusCode === 201)
      .map((r) => r.data.amountFen)
      .sort((a, b) => a - b);
    expect(amounts).toEqual([1_000, ...Array(20).fill(5_000)]);
    expect(await redeemedOf(v2.id)).toEqual({ n: 21, total: 101_000, sources: 21 });
    expect((await holder.member.get(`/api/vouchers/${v2.id}`)).data.balanceFen).toBe(0);
    await expectLedgerClean(ctx);
  });

  it('twenty simultaneous requests with one Idempotency-Key make one redemption', async () => {
    const [o] = await orders(holder.member, 1, 4_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        holder.member.post(`/api/vouchers/${v1.id}/redemptions`, { orderId: o.id }, { headers: { 'idempotency-key': 'same-key-twenty' } }),
      ),
    );
    expect(summary(results)).toEqual({ '201': 1, '200': 19 });
    expect(new Set(results.map((r) => r.data.id)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(results[0].data.amountFen).toBe(2_000);
    const rows = await ctx.db.db.selectFrom('redemptions').select('id').where('idempotency_key', '=', 'same-key-twenty').execute();
    expect(rows).toHaveLength(1);
    expect((await holder.member.get(`/api/vouchers/${v1.id}`)).data.balanceFen).toBe(0);
    await expectLedgerClean(ctx);
  });
});

describe(`one service, two vouchers of different programmes (${engine})`, () => {
  it('is paid once: the other requests are 409 already-redeemed', async () => {
    const other = await createProgram(zjAdmin, programBody(now(), { budgetFen: 1_000_000 }));
    const v3 = await issueVoucher(holder.member, zjAdmin, program.id, 100_000);
    const v4 = await issueVoucher(holder.member, zjAdmin, other.id, 100_000);
    const [o] = await orders(holder.member, 1, 20_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        holder.member.post(`/api/vouchers/${i % 2 ? v3.id : v4.id}/redemptions`, { orderId: o.id }, { headers: { 'idempotency-key': `one-order-${i}` } }),
      ),
    );
    expect(summary(results)).toEqual({ '201': 1, '409 already-redeemed': 9 });
    const rows = await ctx.db.db
      .selectFrom('redemptions')
      .select(['voucher_id', 'amount_fen'])
      .where('source_kind', '=', 'order')
      .where('source_id', '=', o.id)
      .execute();
    expect(rows.map((r) => Number(r.amount_fen))).toEqual([10_000]);
    const balances = await Promise.all([v3, v4].map(async (v) => (await holder.member.get(`/api/vouchers/${v.id}`)).data.balanceFen));
    expect(balances.sort((x, y) => x - y)).toEqual([90_000, 100_000]);
    await expectLedgerClean(ctx);
  });
});

// Several processes need a shared server database: PostgreSQL only (not registered on SQLite, so
// nothing is reported as skipped).
if (engine === 'postgres')
  describe(`a hundred redemptions through two server processes (${engine})`, () => {
    const servers = serverProcesses();
    let ports: number[] = [];

    beforeAll(async () => {
      ports = await Promise.all([servers.start(ctx.db.url), servers.start(ctx.db.url)]);
    }, 120_000);
    afterAll(async () => {
      await servers.stopAll();
    });

    it('spend exactly the balance between them, and nothing twice', async () => {
      const v = await issueVoucher(holder.member, zjAdmin, program.id, 137_000);
      const os = await orders(holder.member, 100, 10_000);
      const login = await fetch(`http://127.0.0.1:${ports[0]}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: holder.memberName, password: STRONG }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const csrf = (await login.json()).csrfToken;
      const results = await Promise.all(
        os.map(async (o, i) => {
          const r = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/vouchers/${v.id}/redemptions`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'idempotency-key': `two-proc-${i}` },
            body: JSON.stringify({ orderId: o.id, amountFen: 5_000 }),
          });
          return { statusCode: r.status, data: await r.json() };
        }),
      );
      expect(summary(results)).toEqual({ '201': 27, '422 insufficient-balance': 73 });
      expect(await redeemedOf(v.id)).toEqual({ n: 27, total: 135_000, sources: 27 });
      // The same keys again, through the other process: replays, nothing new.
      const again = await Promise.all(
        os.slice(0, 10).map(async (o, i) => {
          const r = await fetch(`http://127.0.0.1:${ports[(i + 1) % 2]}/api/vouchers/${v.id}/redemptions`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'idempotency-key': `two-proc-${i}` },
            body: JSON.stringify({ orderId: o.id, amountFen: 5_000 }),
          });
          return { statusCode: r.status, data: await r.json(), first: results[i] };
        }),
      );
      for (const a of again) {
        if (a.first.statusCode === 201) {
          expect(a.statusCode).toBe(200);
          expect(a.data.id).toBe(a.first.data.id);
        } else expect(a.statusCode).toBe(422);
      }
      expect(await redeemedOf(v.id)).toEqual({ n: 27, total: 135_000, sources: 27 });
      expect((await holder.member.get(`/api/vouchers/${v.id}`)).data.balanceFen).toBe(2_000);
      await expectLedgerClean(ctx);
    }, 120_000);
  });

describe(`two vouchers of one enterprise racing against the yearly cap (${engine})`, () => {
  it('redeem no more than the cap within the year, whichever voucher pays', async () => {
    const pc = await createProgram(
      zjAdmin,
      programBody(now(), { capEnterpriseYearFen: 100_000, issueUntil: iso(now() + 500 * DAY), expiresAt: iso(now() + 800 * DAY) }),
    );
    const e = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'high_tech' });
    const va = await issueVoucher(e.member, zjAdmin, pc.id, 100_000);
    // Next year (10:00 on 2 January, Beijing time) the cap allows a second voucher of 100 000.
    ctx.clock.set(new Date(Date.UTC(new Date(now() + 8 * HOUR).getUTCFullYear() + 1, 0, 2, 2)));
    const vb = await issueVoucher(e.member, zjAdmin, pc.id, 100_000);
    const os = await orders(e.member, 40, 20_000);
    const results = await Promise.all(
      os.map((o, i) =>
        e.member.post(
          `/api/vouchers/${i % 2 ? va.id : vb.id}/redemptions`,
          { orderId: o.id, amountFen: 10_000 },
          { headers: { 'idempotency-key': `cap-${i}` } },
        ),
      ),
    );
    expect(summary(results)).toEqual({ '201': 10, '422 cap-exceeded': 30 });
    const a = await redeemedOf(va.id);
    const b = await redeemedOf(vb.id);
    expect(a.total + b.total).toBe(100_000);
    expect(a.n + b.n).toBe(10);
    // Each voucher still has money, but the year's cap is spent.
    const [qa, qb] = await Promise.all([va, vb].map(async (v) => (await e.member.get(`/api/vouchers/${v.id}`)).data.balanceFen));
    expect(qa + qb).toBe(100_000);
    await expectLedgerClean(ctx);
  });
});
