// The voucher ledger under random sequences of what people do, driven through the service
// functions (fast-check, model-based): issue (apply + approve), redeem, replay a redemption,
// reverse, refund, let time pass (vouchers expire), settle a month. After every step the ledger
// verifies, all accounts sum to zero, each voucher's balance is face − redeemed + refunded −
// lapsed and never negative, the programme's available budget is funded − issued + lapsed and
// never negative, and nothing is paid twice. The model predicts every refusal by its rule.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/context';
import { DAY, HOUR, actor, demoIds, iso, newOrgWithUsers, product } from '../../../test/vouchers';
import type { Actor } from '../../platform/access';
import { AppError } from '../../platform/errors';
import { account, balance, balances, verifyLedger } from './ledger';
import * as applications from './applications.service';
import * as orders from './orders.service';
import * as programs from './programs.service';
import * as redemptions from './redemptions.service';
import { periodBounds, periodOf, yearBounds } from './rules';
import * as settlements from './settlements.service';
import * as vouchers from './vouchers.service';

const engine = process.env.TEST_DB_ENGINE;

interface MVoucher {
  id: number;
  holder: number;
  face: number;
  net: number; // redeemed − refunded, of completed redemptions
  lapsed: number;
  status: 'active' | 'expired';
  issuedAt: string;
}
interface MRedemption {
  id: number;
  voucher: number; // index into vouchers
  provider: number;
  amount: number;
  refunded: number;
  status: 'completed' | 'reversed';
  period: string;
  createdAt: string;
  settled: boolean;
  key: string;
  body: { orderId: number; amountFen?: number };
}
interface Model {
  programId: number;
  funded: number;
  cap: number;
  shareBp: number;
  issueUntil: string;
  expiresAt: string;
  vouchers: MVoucher[];
  redemptions: MRedemption[];
}
interface Real {
  n: number;
}

let ctx: TestContext;
let zjAdmin: Actor;
let holders: Actor[] = [];
let provs: Array<{ actor: Actor; productId: number; providerId: number }> = [];
let keys = 0;
let steps = 0;
/** What the runs exercised: accepted and refused operations by kind. */
const tally: Record<string, number> = {};
const count = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);
const now = () => ctx.clock.now().toISOString();

/** Runs fn; returns null on success or the refusal as "code rule". */
async function outcome<T>(fn: () => Promise<T>): Promise<{ ok: T } | { err: string }> {
  try {
    return { ok: await fn() };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { err: `${e.code}${e.extra.rule ? ' ' + String(e.extra.rule) : ''}` };
  }
}

const balanceOf = (v: MVoucher) => v.face - v.net - v.lapsed;

/** Vouchers past their date lapse (expireDue runs at the start of every voucher request). */
function expireModel(m: Model) {
  if (now() < m.expiresAt) return;
  for (const v of m.vouchers) {
    if (v.status === 'active') {
      v.lapsed += balanceOf(v);
      v.status = 'expired';
    }
  }
}

function capUsed(m: Model, holder: number) {
  const y = yearBounds(now());
  return m.redemptions
    .filter((r) => r.status === 'completed' && m.vouchers[r.voucher].holder === holder && r.createdAt >= y.from && r.createdAt < y.to)
    .reduce((s, r) => s + r.amount - r.refunded, 0);
}

async function checkInvariants(m: Model) {
  steps++;
  const db = ctx.db.db;
  const v = await verifyLedger(db);
  expect(v.problems).toEqual([]);
  const total = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(sum(amount_fen), 0)`.as('s'))
    .executeTakeFirstOrThrow();
  expect(Number(total.s)).toBe(0);

  if (m.vouchers.length) {
    const listed = await vouchers.listVouchers(ctx.deps, zjAdmin, { scope: 'managed', programId: m.programId, pageSize: 200 });
    const ledger = await balances(
      db,
      m.vouchers.map((x) => account.voucher(x.id)),
    );
    const real = JSON.parse(JSON.stringify(listed.items))
      .map((x: any) => ({
        id: x.id,
        balance: x.balanceFen,
        ledger: ledger.get(account.voucher(x.id)),
        net: x.redeemedFen,
        lapsed: x.lapsedFen,
        status: x.status,
        face: x.faceValueFen,
      }))
      .sort((a: any, b: any) => a.id - b.id);
    for (const mv of m.vouchers) expect(balanceOf(mv)).toBeGreaterThanOrEqual(0);
    expect(real).toEqual(
      m.vouchers
        .map((mv) => ({ id: mv.id, balance: balanceOf(mv), ledger: balanceOf(mv), net: mv.net, lapsed: mv.lapsed, status: mv.status, face: mv.face }))
        .sort((a, b) => a.id - b.id),
    );
  }

  const issued = m.vouchers.reduce((s, x) => s + x.face, 0);
  const lapsed = m.vouchers.reduce((s, x) => s + x.lapsed, 0);
  const p = await programs.getProgram(ctx.deps, zjAdmin, m.programId);
  // As the client receives it (JSON has no −0).
  expect(JSON.parse(JSON.stringify(p.budget))).toEqual({
    totalFen: m.funded,
    committedFen: issued - lapsed,
    availableFen: m.funded - issued + lapsed,
    redeemedFen: m.redemptions.filter((r) => r.status === 'completed').reduce((s, r) => s + r.amount - r.refunded, 0),
    lapsedFen: lapsed,
  });
  expect(p.budget.availableFen).toBeGreaterThanOrEqual(0);
  expect(await balance(db, account.budget(m.programId))).toBe(m.funded - issued + lapsed);

  // Nothing paid twice: every settlement pays exactly the redemptions it locked, once; no completed
  // redemption of a settled month is left outside it; what providers were paid is what the lines say.
  const settlements = await db.selectFrom('settlements').selectAll().execute();
  const bySettlement = await db
    .selectFrom('redemptions')
    .select(['settlement_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('s')])
    .where('settlement_id', 'is not', null)
    .groupBy('settlement_id')
    .execute();
  const lines = await db
    .selectFrom('settlement_lines')
    .select(['settlement_id', (eb) => eb.fn.sum<number>('amount_fen').as('s'), (eb) => eb.fn.sum<number>('redemptions').as('n')])
    .groupBy('settlement_id')
    .execute();
  for (const s of settlements) {
    const r = bySettlement.find((x) => Number(x.settlement_id) === Number(s.id));
    const l = lines.find((x) => Number(x.settlement_id) === Number(s.id));
    expect({ n: Number(r?.n ?? 0), s: Number(r?.s ?? 0) }).toEqual({ n: Number(s.redemptions), s: Number(s.total_fen) });
    expect({ n: Number(l?.n ?? 0), s: Number(l?.s ?? 0) }).toEqual({ n: Number(s.redemptions), s: Number(s.total_fen) });
  }
  // No completed redemption of a settled month is left outside its settlement.
  const stray = await db
    .selectFrom('redemptions as r')
    .innerJoin('settlements as s', (j) => j.onRef('s.jurisdiction_code', '=', 'r.issuer_jurisdiction').onRef('s.period', '=', 'r.period'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.status', '=', 'completed')
    .where('r.settlement_id', 'is', null)
    .executeTakeFirstOrThrow();
  expect(Number(stray.n)).toBe(0);
  const paid = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(sum(amount_fen), 0)`.as('s'))
    .where('account', 'like', 'paid:%')
    .executeTakeFirstOrThrow();
  const allLines = lines.reduce((s, l) => s + Number(l.s), 0);
  expect(Number(paid.s)).toBe(allLines);
  // The model's settled redemptions are settled in the database, and only those.
  if (m.redemptions.length) {
    const rows = await db
      .selectFrom('redemptions')
      .select(['id', 'status', 'settlement_id', 'amount_fen', 'refunded_fen'])
      .where(
        'id',
        'in',
        m.redemptions.map((r) => r.id),
      )
      .orderBy('id')
      .execute();
    expect(
      rows.map((row) => ({
        id: Number(row.id),
        status: row.status,
        settled: row.settlement_id !== null,
        amount: Number(row.amount_fen),
        refunded: Number(row.refunded_fen),
      })),
    ).toEqual(
      m.redemptions.map((mr) => ({ id: mr.id, status: mr.status, settled: mr.settled, amount: mr.amount, refunded: mr.refunded })).sort((a, b) => a.id - b.id),
    );
  }
}

// ---- commands --------------------------------------------------------------------------------

class Issue implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly holder: number,
    readonly amount: number,
  ) {}
  check = () => true;
  async run(m: Model) {
    const h = holders[this.holder];
    const at = now();
    const applied = await outcome(() =>
      applications.applyForVoucher(ctx.deps, h, m.programId, { applicantKind: 'enterprise', requestedFen: this.amount, purpose: '性质测试' }),
    );
    if (at >= m.issueUntil) {
      count('apply issue-window');
      expect(applied).toEqual({ err: 'rule-violated issue-window' });
      return;
    }
    if (this.amount > m.cap) {
      count('apply cap-exceeded');
      expect(applied).toEqual({ err: 'rule-violated cap-exceeded' });
      return;
    }
    if (!('ok' in applied)) throw new Error(`apply refused: ${applied.err}`);
    const y = yearBounds(at);
    const left = m.cap - m.vouchers.filter((v) => v.holder === this.holder && v.issuedAt >= y.from && v.issuedAt < y.to).reduce((s, v) => s + v.face, 0);
    const available = m.funded - m.vouchers.reduce((s, v) => s + v.face - v.lapsed, 0);
    const approved = await outcome(() => applications.approveApplication(ctx.deps, zjAdmin, applied.ok.id, { amountFen: this.amount }));
    if (this.amount > left) expect(approved).toEqual({ err: 'rule-violated cap-exceeded' });
    else if (this.amount > available) expect(approved).toEqual({ err: 'rule-violated budget-exceeded' });
    count(`approve ${'ok' in approved ? 'ok' : approved.err}`);
    if ('ok' in approved) {
      expect(approved.ok.voucher).toMatchObject({ faceValueFen: this.amount, balanceFen: this.amount, status: 'active' });
      m.vouchers.push({ id: approved.ok.voucher.id, holder: this.holder, face: this.amount, net: 0, lapsed: 0, status: 'active', issuedAt: at });
    } else {
      expect(this.amount > left || this.amount > available).toBe(true);
      await applications.rejectApplication(ctx.deps, zjAdmin, applied.ok.id, { note: '不予批准' });
    }
    await checkInvariants(m);
  }
  toString = () => `Issue(h${this.holder}, ${this.amount})`;
}

class Redeem implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly voucher: number,
    readonly provider: number,
    readonly fee: number,
    readonly requested: number | null,
  ) {}
  check = (m: Readonly<Model>) => m.vouchers.length > 0;
  async run(m: Model) {
    const vi = this.voucher % m.vouchers.length;
    const mv = m.vouchers[vi];
    const h = holders[mv.holder];
    const p = provs[this.provider];
    const order = await orders.placeOrder(ctx.deps, h, { productId: p.productId, quantity: 1 });
    await orders.orderTransition(ctx.deps, p.actor, order.id, 'complete', { amountFen: this.fee });
    expireModel(m);
    const at = now();
    const share = Math.floor((this.fee * m.shareBp) / 10_000);
    const bal = balanceOf(mv);
    const cap = Math.max(0, m.cap - capUsed(m, mv.holder));
    const max = Math.min(share, bal, cap);
    const amount = this.requested ?? max;
    let expected: string | null = null;
    if (mv.status === 'expired') expected = 'rule-violated voucher-expired';
    else if (amount > share) expected = 'rule-violated share-exceeded';
    else if (amount > cap) expected = 'rule-violated cap-exceeded';
    else if (amount > bal) expected = 'rule-violated insufficient-balance';
    else if (amount <= 0) expected = bal <= 0 ? 'rule-violated insufficient-balance' : cap <= 0 ? 'rule-violated cap-exceeded' : 'rule-violated share-exceeded';
    const key = `prop-${keys++}`;
    const body = { orderId: order.id, ...(this.requested === null ? {} : { amountFen: this.requested }) };
    const r = await outcome(() => redemptions.redeem(ctx.deps, h, mv.id, key, body));
    count(`redeem ${expected ?? 'ok'}`);
    if (expected) expect(r).toEqual({ err: expected });
    else {
      if (!('ok' in r)) throw new Error(`redeem refused: ${r.err}, expected ${amount}`);
      expect(r.ok.replayed).toBe(false);
      expect(r.ok.redemption).toMatchObject({ amountFen: amount, feeFen: this.fee, copayFen: this.fee - amount, status: 'completed', period: periodOf(at) });
      mv.net += amount;
      m.redemptions.push({
        id: r.ok.redemption.id,
        voucher: vi,
        provider: this.provider,
        amount,
        refunded: 0,
        status: 'completed',
        period: periodOf(at),
        createdAt: at,
        settled: false,
        key,
        body,
      });
    }
    await checkInvariants(m);
  }
  toString = () => `Redeem(v${this.voucher}, p${this.provider}, fee ${this.fee}, ${this.requested ?? 'max'})`;
}

class Replay implements fc.AsyncCommand<Model, Real> {
  constructor(readonly redemption: number) {}
  check = (m: Readonly<Model>) => m.redemptions.length > 0;
  async run(m: Model) {
    const mr = m.redemptions[this.redemption % m.redemptions.length];
    const mv = m.vouchers[mr.voucher];
    expireModel(m);
    const r = await redemptions.redeem(ctx.deps, holders[mv.holder], mv.id, mr.key, mr.body);
    expect(r.replayed).toBe(true);
    expect(r.redemption.id).toBe(mr.id);
    await checkInvariants(m);
  }
  toString = () => `Replay(r${this.redemption})`;
}

class Unwind implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly redemption: number,
    readonly action: 'reverse' | 'refund',
    readonly amount: number,
    readonly byIssuer: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.redemptions.length > 0;
  async run(m: Model) {
    const mr = m.redemptions[this.redemption % m.redemptions.length];
    const mv = m.vouchers[mr.voucher];
    expireModel(m);
    const who = this.byIssuer ? zjAdmin : provs[mr.provider].actor;
    const open = mr.amount - mr.refunded;
    const amount = this.action === 'reverse' ? open : this.amount;
    let expected: string | null = null;
    if (mr.status === 'reversed') expected = 'conflict already-reversed';
    else if (mr.settled) expected = 'conflict period-locked';
    else if (this.action === 'refund' && amount > open) expected = 'rule-violated refund-too-large';
    const r = await outcome(() => redemptions.unwind(ctx.deps, who, mr.id, this.action, { amountFen: this.amount, reason: '性质测试' }));
    count(`${this.action} ${expected ?? (mv.status === 'expired' ? 'ok (expired voucher)' : 'ok')}`);
    if (expected) expect(r).toEqual({ err: expected });
    else {
      if (!('ok' in r)) throw new Error(`${this.action} refused: ${r.err}`);
      if (this.action === 'reverse') mr.status = 'reversed';
      else mr.refunded += amount;
      mv.net -= amount;
      // Back to the voucher — or, once it has expired, on to the budget.
      if (mv.status === 'expired') mv.lapsed += amount;
      expect(r.ok).toMatchObject({ status: mr.status, refundedFen: mr.refunded });
    }
    await checkInvariants(m);
  }
  toString = () => `${this.action}(r${this.redemption}${this.action === 'refund' ? ', ' + this.amount : ''}${this.byIssuer ? ', issuer' : ''})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly days: number) {}
  check = () => true;
  async run(m: Model) {
    ctx.clock.advance(this.days * DAY);
    const before = m.vouchers.filter((v) => v.status === 'expired').length;
    await vouchers.expireDue(ctx.deps, zjAdmin);
    expireModel(m);
    count(m.vouchers.filter((v) => v.status === 'expired').length > before ? 'advance (vouchers expired)' : 'advance');
    await checkInvariants(m);
  }
  toString = () => `Advance(${this.days}d)`;
}

class Settle implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model) {
    const period = periodOf(now());
    ctx.clock.set(new Date(Date.parse(periodBounds(period).to) + HOUR));
    const first = await settlements.runSettlement(ctx.deps, zjAdmin, { period, jurisdictionCode: '330000' });
    expect(first.created).toBe(true);
    const again = await settlements.runSettlement(ctx.deps, zjAdmin, { period, jurisdictionCode: '330000' });
    expect(again).toEqual({ created: false, settlement: first.settlement });
    for (const r of m.redemptions) if (r.period === period && r.status === 'completed') r.settled = true;
    count('settle');
    const mine = m.redemptions.filter((r) => r.period === period && r.status === 'completed');
    // This programme's part of the settlement, per provider.
    for (const [pi, p] of provs.entries()) {
      const fen = mine.filter((r) => r.provider === pi).reduce((s, r) => s + r.amount - r.refunded, 0);
      const line = first.settlement.lines.find((l) => l.providerId === p.providerId);
      if (mine.some((r) => r.provider === pi)) expect(line!.amountFen).toBeGreaterThanOrEqual(fen);
    }
    await vouchers.expireDue(ctx.deps, zjAdmin);
    expireModel(m);
    await checkInvariants(m);
  }
  toString = () => 'Settle';
}

const issue = fc.tuple(fc.nat(2), fc.integer({ min: 1, max: 300_000 })).map(([h, a]) => new Issue(h, a));
const redeemCmd = fc
  .tuple(fc.nat(30), fc.nat(1), fc.integer({ min: 1, max: 200_000 }), fc.option(fc.integer({ min: 1, max: 100_000 }), { freq: 3 }))
  .map(([v, p, f, r]) => new Redeem(v, p, f, r));
const refund = fc.tuple(fc.nat(30), fc.integer({ min: 1, max: 40_000 }), fc.boolean()).map(([r, a, i]) => new Unwind(r, 'refund', a, i));
// Weighted by repetition: mostly redemptions, some issuance and unwinding, now and then time passes.
const commands = [
  issue,
  issue,
  redeemCmd,
  redeemCmd,
  redeemCmd,
  redeemCmd,
  redeemCmd,
  fc.nat(30).map((r) => new Replay(r)),
  fc.tuple(fc.nat(30), fc.boolean()).map(([r, i]) => new Unwind(r, 'reverse', 0, i)),
  refund,
  refund,
  fc.integer({ min: 1, max: 30 }).map((d) => new Advance(d)),
  fc.constant(new Settle()),
];

beforeAll(async () => {
  ctx = await createTestContext();
  const ids = await demoIds(ctx);
  const platform = await ctx.as('admin');
  const orgs = [];
  for (let i = 0; i < 3; i++)
    orgs.push(await newOrgWithUsers(ctx, platform, { jurisdictionCode: '330000', tier: ['tech_sme', 'high_tech', 'tech_leader'][i] }));
  holders = await Promise.all(orgs.map((o) => actor(ctx, o.adminName)));
  zjAdmin = await actor(ctx, 'zj-admin');
  const js = await ctx.as('js-org-admin');
  const sh = await ctx.as('sh-org-admin');
  provs = [
    { actor: await actor(ctx, 'js-org-admin'), productId: (await product(js, ids.jsProvider, 'testing', 10_000)).id, providerId: ids.jsProvider },
    { actor: await actor(ctx, 'sh-org-admin'), productId: (await product(sh, ids.shProvider, 'testing', 10_000)).id, providerId: ids.shProvider },
  ];
}, 120_000);
afterAll(() => ctx.close());

describe(`the voucher ledger under random operations (${engine})`, () => {
  it('keeps every invariant after every step', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          budget: fc.integer({ min: 50_000, max: 1_500_000 }),
          cap: fc.constantFrom(150_000, 400_000, 100_000_000),
          shareBp: fc.constantFrom(5000, 5000, 3000, 10_000, 3333),
        }),
        fc.commands(commands, { maxCommands: engine === 'postgres' ? 18 : 24, size: '+1' }),
        async (setup, cmds) => {
          const t = ctx.clock.now().getTime();
          const p = await programs.createProgram(ctx.deps, zjAdmin, {
            name: `性质测试 ${keys}`,
            budgetFen: setup.budget,
            issueFrom: iso(t - DAY),
            issueUntil: iso(t + 40 * DAY),
            expiresAt: iso(t + 90 * DAY),
            shareBp: setup.shareBp,
            capEnterpriseYearFen: setup.cap,
            capTeamFen: 0,
            eligibleTiers: ['tech_sme', 'high_tech', 'tech_leader'],
            teamsEligible: false,
            eligibleCategories: ['testing'],
            redeemJurisdictions: ['310000', '320000', '330000', '340000'],
          });
          const model: Model = {
            programId: p.id,
            funded: setup.budget,
            cap: setup.cap,
            shareBp: setup.shareBp,
            issueUntil: p.issueUntil,
            expiresAt: p.expiresAt,
            vouchers: [],
            redemptions: [],
          };
          // Every run starts with a voucher to spend.
          await new Issue(0, Math.min(setup.budget, setup.cap, 120_000)).run(model);
          await fc.asyncModelRun(() => ({ model, real: { n: 0 } }), cmds);
          // …and ends past the expiry: what is left lapses; a late redemption is refused; a
          // late reversal goes to the budget (or is refused if settled or already reversed).
          const left = Math.ceil((Date.parse(model.expiresAt) - ctx.clock.now().getTime()) / DAY);
          if (left > 0) await new Advance(left).run(model);
          await new Redeem(0, 0, 10_000, null).run(model);
          if (model.redemptions.length) await new Unwind(model.redemptions.length - 1, 'reverse', 0, true).run(model);
          await checkInvariants(model);
        },
      ),
      { numRuns: engine === 'postgres' ? 50 : 70, endOnFailure: true },
    );
    if (process.env.DBG) console.log(steps, tally);
    // Every kind of step happened, accepted and refused.
    expect(steps).toBeGreaterThan(engine === 'postgres' ? 250 : 300);
    const seen = (...ks: string[]) => ks.reduce((n, k) => n + (tally[k] ?? 0), 0);
    for (const ks of [
      ['approve ok'],
      ['approve rule-violated budget-exceeded'],
      ['redeem ok'],
      ['redeem rule-violated share-exceeded'],
      ['redeem rule-violated insufficient-balance'],
      ['redeem rule-violated voucher-expired'],
      ['reverse ok'],
      ['refund ok'],
      ['refund rule-violated refund-too-large'],
      ['reverse conflict period-locked', 'refund conflict period-locked'],
      ['reverse conflict already-reversed', 'refund conflict already-reversed'],
      ['reverse ok (expired voucher)', 'refund ok (expired voucher)'],
      ['settle'],
      ['advance (vouchers expired)'],
    ]) {
      expect(seen(...ks), ks.join(' | ')).toBeGreaterThan(0);
    }
  }, 180_000);
});
