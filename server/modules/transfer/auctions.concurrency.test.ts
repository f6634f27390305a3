// Auctions over HTTP, on both engines: who starts one, the bid rules (start price, increment, own
// auction, after the close), the close with a contract proposed to the winner; and THE RULE that must
// never break under concurrency — every accepted bid is at least the previous accepted one plus the
// increment, the best is the highest accepted bid, no bid lands after the close — with dozens of
// simultaneous bids from several organisations, bids racing the close, and on PostgreSQL bids
// through two server processes sharing the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, createTestContext, type Client, type TestContext } from '../../../test/context';
import { serverProcesses } from '../../../test/processes';
import { PASSWORD, newOrgWith } from '../../../test/calls';
import { DAY, HOUR, auditOf, created, iso, ok, people, refused, resultBody, type Who } from '../../../test/transfer';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let P: Record<string, Who>;
const c = (u: string): Client => P[u].client;
const now = () => ctx.clock.now().getTime();

interface Bidder {
  username: string;
  password: string;
  orgId: number;
  client: Client;
}
let bidders: Bidder[] = [];

/** A granted patent of the Suzhou institute and an auction of it closing in `ms`. */
async function auction(over: Record<string, unknown> = {}, ms = DAY) {
  const l = await created(c('js-org-admin').post('/api/results', resultBody({ title: '拍卖测试专利' })));
  return created(
    c('js-org-admin').post('/api/auctions', {
      listingId: l.id,
      kind: 'licence',
      startPriceFen: 100_000,
      incrementFen: 1_000,
      closesAt: iso(now() + ms),
      ...over,
    }),
  );
}
const bid = (who: Client, id: number, amountFen: number) => who.post(`/api/auctions/${id}/bids`, { amountFen });

async function bidsOf(auctionId: number) {
  const rows = await ctx.db.db
    .selectFrom('auction_bids')
    .select(['id', 'amount_fen', 'bidder_org_id', 'created_at'])
    .where('auction_id', '=', auctionId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), amount: Number(r.amount_fen), org: Number(r.bidder_org_id), at: r.created_at }));
}
async function auctionRow(id: number) {
  const a = await ctx.db.db.selectFrom('auctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return {
    status: a.status,
    best: a.best_fen === null ? null : Number(a.best_fen),
    bestOrg: a.best_org_id === null ? null : Number(a.best_org_id),
    bestBid: a.best_bid_id === null ? null : Number(a.best_bid_id),
    count: Number(a.bid_count),
    closesAt: a.closes_at,
    contractId: a.contract_id === null ? null : Number(a.contract_id),
  };
}

/** The rule, checked on the stored rows: in acceptance order, each bid ≥ the previous + increment; the auction's best is the last. */
async function expectLadder(auctionId: number, start: number, increment: number) {
  const rows = await bidsOf(auctionId);
  const a = await auctionRow(auctionId);
  if (rows.length) expect(rows[0].amount).toBeGreaterThanOrEqual(start);
  for (let i = 1; i < rows.length; i++) expect(rows[i].amount - rows[i - 1].amount, `bid ${i}`).toBeGreaterThanOrEqual(increment);
  expect(a.count).toBe(rows.length);
  const last = rows[rows.length - 1];
  expect(a.best).toBe(last ? last.amount : null);
  expect(a.best).toBe(rows.length ? Math.max(...rows.map((r) => r.amount)) : null);
  expect(a.bestOrg).toBe(last ? last.org : null);
  expect(a.bestBid).toBe(last ? last.id : null);
  return { rows, a };
}

const summary = (rs: Array<{ statusCode: number; data: any }>) => {
  const by: Record<string, number> = {};
  for (const r of rs) {
    const k = `${r.statusCode}${r.data?.rule ? ' ' + r.data.rule : ''}`;
    by[k] = (by[k] ?? 0) + 1;
  }
  return by;
};

/** A small deterministic generator, so a failing run can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % n;
  };
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '5000000', SESSION_ABSOLUTE_HOURS: '200000' });
  P = await people(ctx, ['admin', 'js-org-admin', 'js-expert', 'zj-org-admin', 'zj-member', 'sh-org-admin', 'ah-org-admin']);
  bidders = ['zj-org-admin', 'sh-org-admin', 'ah-org-admin'].map((u) => ({ username: u, password: DEMO_PASSWORD, orgId: P[u].orgId, client: P[u].client }));
  for (const j of ['310000', '320000', '330000', '340000', '330000']) {
    const o = await newOrgWith(ctx, c('admin'), { jurisdictionCode: j, type: 'enterprise' }, ['org_admin']);
    bidders.push({ username: o.people[0].username, password: PASSWORD, orgId: o.id, client: o.people[0].client });
  }
}, 120_000);
afterAll(() => ctx?.close());

// Several processes need a shared server database: PostgreSQL only (not registered on SQLite, so
// nothing is reported as skipped). First, while the test clock still reads the real time the
// server processes use.
if (engine === 'postgres')
  describe(`forty bids through two server processes (${engine})`, () => {
    const servers = serverProcesses();
    let ports: number[] = [];

    beforeAll(async () => {
      ports = await Promise.all([servers.start(ctx.db.url), servers.start(ctx.db.url)]);
    }, 120_000);
    afterAll(async () => {
      await servers.stopAll();
    });

    it('keep the ladder between them', async () => {
      ctx.clock.set(new Date());
      const a = await auction({ incrementFen: 2_000 }, HOUR);
      const sessions = await Promise.all(
        bidders.map(async (b, i) => {
          const login = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: b.username, password: b.password }),
          });
          expect(login.status).toBe(200);
          return { cookie: login.headers.get('set-cookie')!.split(';')[0], csrf: (await login.json()).csrfToken as string };
        }),
      );
      const rnd = lcg(20261127);
      const plan = Array.from({ length: 40 }, (_, i) => ({ b: i % bidders.length, amount: 100_000 + rnd(40) * 1_000 + i * 500 }));
      const results = await Promise.all(
        plan.map(async ({ b, amount }, i) => {
          const r = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/auctions/${a.id}/bids`, {
            method: 'POST',
            headers: { cookie: sessions[b].cookie, 'x-csrf-token': sessions[b].csrf, 'content-type': 'application/json' },
            body: JSON.stringify({ amountFen: amount }),
          });
          return { statusCode: r.status, data: await r.json(), amount };
        }),
      );
      expect(results.filter((r) => r.statusCode >= 500)).toEqual([]);
      const by = summary(results);
      expect(Object.keys(by).sort()).toEqual(['201', '422 bid-too-low'].filter((k) => by[k]));
      const { rows } = await expectLadder(a.id, 100_000, 2_000);
      expect(rows.length).toBe(by['201']);
      expect(rows.map((r) => r.amount).sort((x, y) => x - y)).toEqual(
        results
          .filter((r) => r.statusCode === 201)
          .map((r) => r.amount)
          .sort((x, y) => x - y),
      );
      for (const r of results.filter((x) => x.statusCode === 422)) expect(r.data.minimumFen).toBeGreaterThan(r.amount);
    }, 120_000);
  });

describe(`starting an auction (${engine})`, () => {
  let listing: any;
  beforeAll(async () => {
    listing = await created(c('js-org-admin').post('/api/results', resultBody({ title: '拍卖发起测试专利' })));
  });
  const start = (who: string, over: Record<string, unknown> = {}) =>
    c(who).post('/api/auctions', {
      listingId: listing.id,
      kind: 'assignment',
      startPriceFen: 500_000,
      incrementFen: 10_000,
      closesAt: iso(now() + 3 * DAY),
      ...over,
    });

  it('only the owner’s admin starts one (403), with a close in the future and within 90 days (400) — nothing written', async () => {
    for (const who of ['js-expert', 'zj-org-admin', 'admin']) await refused(ctx, () => start(who), 403, 'forbidden');
    await refused(
      ctx,
      () => ctx.anon().post('/api/auctions', { listingId: listing.id, kind: 'assignment', startPriceFen: 1, incrementFen: 1, closesAt: iso(now() + DAY) }),
      401,
    );
    for (const closesAt of [iso(now() - HOUR), iso(now() + 30_000)]) {
      const r = await refused(ctx, () => start('js-org-admin', { closesAt }), 400, 'validation-failed');
      expect(r.data.errors).toEqual([expect.objectContaining({ field: 'body:/closesAt', code: 'date-in-past' })]);
    }
    const far = await refused(ctx, () => start('js-org-admin', { closesAt: iso(now() + 91 * DAY) }), 400, 'validation-failed');
    expect(far.data.errors).toEqual([expect.objectContaining({ field: 'body:/closesAt', code: 'value-invalid' })]);
    await refused(ctx, () => start('js-org-admin', { startPriceFen: 0 }), 400, 'validation-failed');
    await refused(ctx, () => start('js-org-admin', { closesAt: 'tomorrow' }), 400, 'validation-failed');
  });

  it('opens it: public, with the starting price as the minimum; one open auction per result (422)', async () => {
    const r = await start('js-org-admin');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({
      listingId: listing.id,
      sellerOrgId: P['js-org-admin'].orgId,
      kind: 'assignment',
      status: 'open',
      startPriceFen: 500_000,
      incrementFen: 10_000,
      bestFen: null,
      minimumNextFen: 500_000,
      bidCount: 0,
      contractId: null,
      winnerName: null,
      bids: [],
    });
    expect((await ctx.anon().get(`/api/auctions/${r.data.id}`)).statusCode).toBe(200);
    expect((await ctx.anon().get('/api/auctions', { query: { listingId: listing.id } })).data.items.map((x: any) => x.id)).toEqual([r.data.id]);
    expect((await c('js-org-admin').get('/api/auctions', { query: { mine: true, status: 'open', pageSize: 100 } })).data.items.map((x: any) => x.id)).toContain(
      r.data.id,
    );
    await refused(ctx, () => start('js-org-admin'), 422, 'auction-exists');
    expect(await auditOf(ctx, 'auction', r.data.id)).toEqual([{ action: 'auction.create', actor: 'js-org-admin' }]);
  });

  it('no assignment or exclusive licence by auction while an open licence is declared (422)', async () => {
    const l = await created(c('js-org-admin').post('/api/results', resultBody()));
    await created(c('js-org-admin').post('/api/open-licences', { listingId: l.id, paymentMethod: 'free', termMonths: 12 }));
    const go = (over: Record<string, unknown>) =>
      c('js-org-admin').post('/api/auctions', { listingId: l.id, startPriceFen: 1_000, incrementFen: 100, closesAt: iso(now() + DAY), ...over });
    await refused(ctx, () => go({ kind: 'assignment' }), 422, 'exclusive-while-open-licence');
    await refused(ctx, () => go({ kind: 'licence', exclusive: true }), 422, 'exclusive-while-open-licence');
    expect((await go({ kind: 'licence' })).statusCode).toBe(201);
  });
});

describe(`bidding (${engine})`, () => {
  let a: any;
  const [zj, sh, ah] = ['zj-org-admin', 'sh-org-admin', 'ah-org-admin'];
  beforeAll(async () => {
    a = await auction({ kind: 'assignment' }, 2 * DAY);
  });

  it('refuses a bid below the starting price (422 bid-too-low with minimumFen), nothing written', async () => {
    const r = await refused(ctx, () => bid(c(zj), a.id, 99_999), 422, 'bid-too-low');
    expect(r.data).toMatchObject({ minimumFen: 100_000, bestFen: null });
    const en = await refused(ctx, () => c(zj).post(`/api/auctions/${a.id}/bids`, { amountFen: 1 }, { lang: 'en' }), 422, 'bid-too-low');
    expect(en.data.detail).toBe('a bid must be at least 1000.00 yuan');
  });

  it('accepts the starting price, then only the best plus the increment', async () => {
    const first = await bid(c(zj), a.id, 100_000);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.data).toMatchObject({ bestFen: 100_000, minimumNextFen: 101_000, bidCount: 1, leading: true });
    const low = await refused(ctx, () => bid(c(sh), a.id, 100_999), 422, 'bid-too-low');
    expect(low.data).toMatchObject({ minimumFen: 101_000, bestFen: 100_000 });
    await refused(ctx, () => bid(c(sh), a.id, 100_000), 422, 'bid-too-low');
    expect((await bid(c(sh), a.id, 101_000)).statusCode).toBe(201);
    const jump = await bid(c(ah), a.id, 150_000);
    expect(jump.data).toMatchObject({ bestFen: 150_000, minimumNextFen: 151_000, bidCount: 3, leading: true });
    // Outbid: no longer leading.
    expect((await c(zj).get(`/api/auctions/${a.id}`)).data.leading).toBe(false);
    // A bidder may raise its own leading bid.
    expect((await bid(c(ah), a.id, 151_000)).statusCode).toBe(201);
    await expectLadder(a.id, 100_000, 1_000);
  });

  it('shows bids highest first, bidders by number, one’s own marked', async () => {
    const pub = (await ctx.anon().get(`/api/auctions/${a.id}`)).data;
    expect(pub.bids.map((b: any) => [b.amountFen, b.bidder, b.mine])).toEqual([
      [151_000, 3, false],
      [150_000, 3, false],
      [101_000, 2, false],
      [100_000, 1, false],
    ]);
    expect(JSON.stringify(pub)).not.toContain('示例杭州智能制造');
    const mine = (await c(sh).get(`/api/auctions/${a.id}`)).data;
    expect(mine.bids.filter((b: any) => b.mine).map((b: any) => b.amountFen)).toEqual([101_000]);
  });

  it('refuses the seller’s own bid (422 own-auction), members and administrators (403), anonymous (401) — nothing written', async () => {
    await refused(ctx, () => bid(c('js-org-admin'), a.id, 200_000), 422, 'own-auction');
    for (const who of ['zj-member', 'admin', 'js-expert']) await refused(ctx, () => bid(c(who), a.id, 200_000), 403, 'forbidden');
    await refused(ctx, () => ctx.anon().post(`/api/auctions/${a.id}/bids`, { amountFen: 200_000 }), 401);
    await refused(ctx, () => bid(c(zj), 99_999_999, 200_000), 404, 'not-found');
  });

  it('after the close: bids refused (422 auction-closed); the auction closes with a contract proposed to the winner at the best price', async () => {
    ctx.clock.set(a.closesAt);
    const r = await refused(ctx, () => bid(c(zj), a.id, 500_000), 422, 'auction-closed');
    expect(r.data).toMatchObject({ state: 'closed', closesAt: a.closesAt });
    const closed = (await ctx.anon().get(`/api/auctions/${a.id}`)).data;
    expect(closed).toMatchObject({ status: 'closed', bestFen: 151_000, bidCount: 4, winnerName: '示例合肥量子信息科技有限公司' });
    expect(closed.contractId).toEqual(expect.any(Number));
    const k = await ok(c(ah).get(`/api/contracts/${closed.contractId}`));
    expect(k).toMatchObject({
      via: 'auction',
      auctionId: a.id,
      kind: 'assignment',
      exclusive: true,
      status: 'proposed',
      priceFen: 151_000,
      paymentMode: 'lump_sum',
      licensorOrgId: P['js-org-admin'].orgId,
      licenseeOrgId: P[ah].orgId,
      proposedByOrgId: P['js-org-admin'].orgId,
      myRole: 'licensee',
    });
    expect((await c(zj).get(`/api/contracts/${closed.contractId}`)).statusCode).toBe(404);
    // Once only: reading again changes nothing.
    expect((await ctx.db.db.selectFrom('contracts').select('id').where('auction_id', '=', a.id).execute()).length).toBe(1);
    expect((await auditOf(ctx, 'auction', a.id)).map((x) => x.action)).toEqual([
      'auction.create',
      'auction.bid',
      'auction.bid',
      'auction.bid',
      'auction.bid',
      'auction.close',
    ]);
    await refused(ctx, () => bid(c(sh), a.id, 900_000), 422, 'auction-closed');
    // The winner signs the contract like any other.
    const signed = await ok(c(ah).post(`/api/contracts/${closed.contractId}/signature`));
    expect(signed).toMatchObject({ status: 'active', totalDueFen: 151_000 });
  });

  it('an auction without bids closes without a contract', async () => {
    const b = await auction({}, HOUR);
    ctx.clock.set(iso(Date.parse(b.closesAt) + 1));
    const l = await ctx.anon().get('/api/auctions', { query: { status: 'closed', listingId: b.listingId } });
    expect(l.data.items).toEqual([expect.objectContaining({ id: b.id, status: 'closed', contractId: null, bestFen: null, winnerName: null })]);
  });
});

describe(`simultaneous bids (${engine})`, () => {
  it('forty from eight organisations: every accepted bid at least the previous plus the increment, the best the highest, no 5xx', async () => {
    const a = await auction({ incrementFen: 1_000 }, DAY);
    const rnd = lcg(42);
    // Amounts rise on the whole but arrive out of order, some equal, some within one increment.
    const plan = Array.from({ length: 40 }, (_, i) => ({ b: i % bidders.length, amount: 100_000 + i * 700 + rnd(20) * 500 }));
    const results = await Promise.all(plan.map(async ({ b, amount }) => ({ ...(await bid(bidders[b].client, a.id, amount)), amount })));
    expect(results.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
    const by = summary(results);
    expect(Object.keys(by).sort()).toEqual(['201', '422 bid-too-low'].filter((k) => by[k]));
    expect(by['201']).toBeGreaterThan(1);
    const { rows, a: row } = await expectLadder(a.id, 100_000, 1_000);
    expect(rows.length).toBe(by['201']);
    const accepted = results.filter((r) => r.statusCode === 201);
    expect(rows.map((r) => r.amount).sort((x, y) => x - y)).toEqual(accepted.map((r) => r.amount).sort((x, y) => x - y));
    for (const r of results.filter((x) => x.statusCode === 422)) {
      expect(r.data.minimumFen).toBeGreaterThan(r.amount);
      expect(r.data.minimumFen).toBeLessThanOrEqual(row.best! + 1_000);
    }
    const view = (await ctx.anon().get(`/api/auctions/${a.id}`)).data;
    expect(view).toMatchObject({ bestFen: row.best, bidCount: rows.length, minimumNextFen: row.best! + 1_000 });
    expect(view.bids.map((b: any) => b.amountFen)).toEqual(rows.map((r) => r.amount).reverse());
  });

  it('thirty at the same minimum: exactly one accepted', async () => {
    const a = await auction({ incrementFen: 5_000 }, DAY);
    expect((await bid(bidders[0].client, a.id, 120_000)).statusCode).toBe(201);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => bid(bidders[1 + (i % (bidders.length - 1))].client, a.id, 125_000)));
    expect(summary(results)).toEqual({ '201': 1, '422 bid-too-low': 29 });
    for (const r of results.filter((x) => x.statusCode === 422)) expect(r.data).toMatchObject({ minimumFen: 130_000, bestFen: 125_000 });
    const { rows } = await expectLadder(a.id, 100_000, 5_000);
    expect(rows.map((r) => r.amount)).toEqual([120_000, 125_000]);
  });

  it('bids racing the close never land after it; the contract goes to the highest bid before it', async () => {
    const a = await auction({ incrementFen: 1_000 }, HOUR);
    const closes = Date.parse(a.closesAt);
    ctx.clock.set(iso(closes - 1_000));
    expect((await bid(bidders[0].client, a.id, 100_000)).statusCode).toBe(201);
    ctx.clock.set(iso(closes - 1));
    const before = Array.from({ length: 20 }, (_, i) => bid(bidders[(i + 1) % bidders.length].client, a.id, 101_000 + i * 1_500));
    // As soon as one of those is answered, with the rest in flight, the clock passes the close and
    // readers close the auction.
    await Promise.race(before);
    ctx.clock.set(iso(closes + 1));
    const after = Array.from({ length: 20 }, (_, i) => bid(bidders[i % bidders.length].client, a.id, 200_000 + i * 1_500));
    const readers = Array.from({ length: 4 }, () => ctx.anon().get(`/api/auctions/${a.id}`));
    const [rb, ra, rr] = await Promise.all([Promise.all(before), Promise.all(after), Promise.all(readers)]);
    const all = [...rb, ...ra];
    expect(all.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
    expect(rr.every((r) => r.statusCode === 200)).toBe(true);
    // Everything sent after the close was refused as closed.
    expect(summary(ra)).toEqual({ '422 auction-closed': 20 });
    for (const r of rb) expect([201, 422]).toContain(r.statusCode);
    const { rows, a: row } = await expectLadder(a.id, 100_000, 1_000);
    for (const r of rows) expect(Date.parse(r.at)).toBeLessThan(closes);
    expect(rows.length).toBe(1 + rb.filter((r) => r.statusCode === 201).length);
    // Closed once, the contract at the best price to the best bidder.
    const final = (await ctx.anon().get(`/api/auctions/${a.id}`)).data;
    expect(final).toMatchObject({ status: 'closed', bestFen: row.best, bidCount: rows.length });
    const contracts = await ctx.db.db.selectFrom('contracts').select(['id', 'price_fen', 'licensee_org_id', 'via']).where('auction_id', '=', a.id).execute();
    expect(contracts.map((k) => [Number(k.id), Number(k.price_fen), Number(k.licensee_org_id), k.via])).toEqual([
      [final.contractId, row.best, row.bestOrg, 'auction'],
    ]);
  });
});
