// The contract state machine under random use (fast-check, model-based, over HTTP): random contracts
// (every payment mode, with and without a risk pool, signed at once or later) and random sequences
// of payments (to the earliest instalments or to one), revenue reports, signatures, defaults and
// clock advances. The model predicts every answer (status and rule) from the last observed state;
// after every step: paid never exceeds due, fixed-price instalments add up to the price (revenue
// share: the entry fee plus each report's royalty), outstanding = Σ(amount − paid) of the open
// instalments, payments add up, nothing scheduled lies in the past after the sweep, reminders are
// where they must be, and the status only moves proposed → active → completed | defaulted.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { DAY, created, ok, people, plusDays, plusMonths, resultBody, type Who } from '../../../test/transfer';
import { shanghaiDate } from '../../platform/clock';

const engine = process.env.TEST_DB_ENGINE;
const RUNS = Number(process.env.TRANSFER_PROPERTY_RUNS ?? 30);
const GRACE = 30;
let ctx: TestContext;
let P: Record<string, Who>;
let listingId: number;
let poolId: number;
const c = (u: string): Client => P[u].client;
const nowIso = () => ctx.clock.now().toISOString();

type Mode = 'lump_sum' | 'deferred' | 'instalments' | 'revenue_share';
interface Terms {
  paymentMode: Mode;
  priceFen: number;
  deferMonths?: number;
  deferUntilRevenue?: boolean;
  instalmentCount?: number;
  intervalMonths?: number;
  revenueShareBp?: number;
  poolId?: number;
}
type Step =
  | { op: 'pay'; share: number; extra: number; pick: number | null }
  | { op: 'report'; back: number; revenue: number }
  | { op: 'advance'; days: number; ms: number }
  | { op: 'default' }
  | { op: 'sign' };

const FIXED: Mode[] = ['lump_sum', 'deferred', 'instalments'];
const OPEN = ['scheduled', 'overdue'];
const NEXT: Record<string, string[]> = {
  proposed: ['proposed', 'active'],
  active: ['active', 'completed', 'defaulted'],
  completed: ['completed'],
  defaulted: ['defaulted'],
};

const terms: fc.Arbitrary<Terms> = fc.oneof(
  fc.record({ paymentMode: fc.constant<Mode>('lump_sum'), priceFen: fc.integer({ min: 1, max: 50_000_000 }) }),
  fc.record({ paymentMode: fc.constant<Mode>('deferred'), priceFen: fc.integer({ min: 1, max: 50_000_000 }), deferMonths: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ paymentMode: fc.constant<Mode>('deferred'), priceFen: fc.integer({ min: 1, max: 50_000_000 }), deferUntilRevenue: fc.constant(true) }),
  fc.record({
    paymentMode: fc.constant<Mode>('instalments'),
    // At least a fen an instalment (fewer is refused), and small prices to make remainders.
    priceFen: fc.oneof(fc.integer({ min: 12, max: 100 }), fc.integer({ min: 12, max: 50_000_000 })),
    instalmentCount: fc.integer({ min: 2, max: 12 }),
    intervalMonths: fc.integer({ min: 1, max: 6 }),
    deferMonths: fc.integer({ min: 0, max: 12 }),
  }),
  fc.record({
    paymentMode: fc.constant<Mode>('revenue_share'),
    priceFen: fc.integer({ min: 0, max: 2_000_000 }),
    revenueShareBp: fc.integer({ min: 1, max: 5000 }),
  }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant<'pay'>('pay'),
      // What is due (often), a part of it, or one fen more.
      share: fc.oneof({ weight: 3, arbitrary: fc.constant(100) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 99 }) }),
      extra: fc.constantFrom(0, 0, 0, 1),
      pick: fc.option(fc.integer({ min: 0, max: 12 }), { freq: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant<'report'>('report'),
      back: fc.oneof(
        { weight: 1, arbitrary: fc.constant(-1) },
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
        { weight: 2, arbitrary: fc.integer({ min: 4, max: 30 }) },
      ),
      revenue: fc.integer({ min: 0, max: 20_000_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant<'advance'>('advance'),
      days: fc.constantFrom(1, 6, 7, 8, 29, 30, 31, 45, 100, 200, 400),
      ms: fc.integer({ min: 0, max: DAY - 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant<Step>({ op: 'default' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ op: 'sign' }) },
);

/** The month `back` months before now, Beijing time (−1: next month). */
function period(back: number) {
  const [y, m] = shanghaiDate(nowIso()).slice(0, 7).split('-').map(Number);
  const t = y * 12 + (m - 1) - back;
  return `${String(Math.floor(t / 12)).padStart(4, '0')}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** The schedule the terms give at signing, as DOMAIN/transfer-api.md describe it. */
function expectedSchedule(t: Terms, signedAt: string) {
  const p = t.priceFen;
  switch (t.paymentMode) {
    case 'lump_sum':
      return [{ amountFen: p, dueAt: plusDays(signedAt, 30) }];
    case 'deferred':
      return [{ amountFen: p, dueAt: t.deferUntilRevenue ? null : plusMonths(signedAt, t.deferMonths!) }];
    case 'instalments': {
      const n = t.instalmentCount!;
      const each = Math.floor(p / n);
      const first = t.deferMonths! > 0 ? t.deferMonths! : t.intervalMonths!;
      return Array.from({ length: n }, (_, i) => ({
        amountFen: i === n - 1 ? p - each * (n - 1) : each,
        dueAt: plusMonths(signedAt, first + i * t.intervalMonths!),
      }));
    }
    case 'revenue_share':
      return p > 0 ? [{ amountFen: p, dueAt: plusDays(signedAt, 30) }] : [];
  }
}

const outcome = (r: { statusCode: number; data: any }) => `${r.statusCode}${r.statusCode >= 400 ? ' ' + (r.data?.rule ?? r.data?.code) : ''}`;

/** Every invariant of one observed contract. */
function check(k: any, t: Terms, prev: string | null) {
  if (prev) expect(NEXT[prev], `${prev} → ${k.status}`).toContain(k.status);
  const inst = k.instalments as any[];
  for (const i of inst) {
    expect(i.paidFen).toBeGreaterThanOrEqual(0);
    expect(i.paidFen).toBeLessThanOrEqual(i.amountFen);
    expect(i.paidFen + i.compensatedFen).toBeLessThanOrEqual(i.amountFen);
    if (i.status === 'paid') expect(i.paidFen).toBe(i.amountFen);
    if (OPEN.includes(i.status)) expect(i.paidFen).toBeLessThan(i.amountFen);
  }
  const sum = inst.reduce((a, i) => a + i.amountFen, 0);
  if (k.status !== 'proposed') {
    if (FIXED.includes(t.paymentMode)) expect(sum).toBe(t.priceFen);
    else expect(sum).toBe(t.priceFen + k.revenueReports.reduce((a: number, r: any) => a + r.royaltyFen, 0));
  } else expect(inst).toEqual([]);
  for (const r of k.revenueReports) expect(r.royaltyFen).toBe(t.paymentMode === 'revenue_share' ? Math.floor((r.revenueFen * t.revenueShareBp!) / 10_000) : 0);
  expect(k.totalDueFen).toBe(sum);
  expect(k.outstandingFen).toBe(inst.filter((i) => OPEN.includes(i.status)).reduce((a, i) => a + i.amountFen - i.paidFen, 0));
  expect(k.paidFen).toBe(inst.reduce((a, i) => a + i.paidFen, 0));
  expect(k.paidFen).toBe(k.payments.filter((p: any) => p.kind === 'payment').reduce((a: number, p: any) => a + p.amountFen, 0));
  expect(k.compensatedFen).toBe(k.payments.filter((p: any) => p.kind === 'compensation').reduce((a: number, p: any) => a + p.amountFen, 0));
  if (k.status === 'completed') {
    expect(FIXED).toContain(t.paymentMode);
    expect(inst.every((i) => i.status === 'paid')).toBe(true);
  }
  if (k.status === 'active' && FIXED.includes(t.paymentMode)) expect(inst.some((i) => OPEN.includes(i.status))).toBe(true);
  if (k.status === 'defaulted') expect(inst.some((i) => OPEN.includes(i.status))).toBe(false);
  // The sweep ran before the read: nothing scheduled lies in the past; reminders where due.
  const now = nowIso();
  const soon = plusDays(now, 7);
  const has = (id: number, kind: string) => k.reminders.some((r: any) => r.instalmentId === id && r.kind === kind);
  for (const i of inst) {
    if (i.status === 'scheduled' && i.dueAt !== null) {
      expect(i.dueAt >= now, `instalment ${i.seq} due ${i.dueAt} still scheduled at ${now}`).toBe(true);
      if (i.dueAt <= soon) expect(has(i.id, 'due_soon')).toBe(true);
    }
    if (i.status === 'overdue') {
      expect(i.dueAt < now).toBe(true);
      expect(has(i.id, 'overdue') && has(i.id, 'due_soon')).toBe(true);
    }
  }
  const kinds = k.reminders.map((r: any) => `${r.instalmentId}:${r.kind}`);
  expect(new Set(kinds).size).toBe(kinds.length);
}

const tally: Record<string, number> = {};
const count = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);

async function run(t: Terms, signAtOnce: boolean, steps: Step[]) {
  // Past any integrity record of an earlier run's default (12 months).
  ctx.clock.advance(400 * DAY);
  const proposal = await created(c('zj-org-admin').post('/api/contracts', { listingId, kind: 'licence', termMonths: 120, ...t }));
  let k = proposal;
  let prev: string | null = null;
  check(k, t, prev);
  prev = k.status;
  const signNow = async () => {
    const r = await c('js-org-admin').post(`/api/contracts/${k.id}/signature`);
    const expected = k.status === 'proposed' ? '200' : '422 contract-not-proposed';
    expect(outcome(r), r.body).toBe(expected);
    if (r.statusCode === 200) {
      expect(r.data.instalments.map((i: any) => ({ amountFen: i.amountFen, dueAt: i.dueAt }))).toEqual(expectedSchedule(t, r.data.signedAt));
      expect(r.data.signedAt).toBe(nowIso());
    }
    count(`sign ${expected}`);
  };
  if (signAtOnce) {
    await signNow();
    k = await ok(c('zj-org-admin').get(`/api/contracts/${k.id}`));
    check(k, t, prev);
    prev = k.status;
  }
  for (const s of steps) {
    const closed = ['completed', 'defaulted'].includes(k.status);
    const notOpen = k.status === 'proposed' ? '422 contract-not-signed' : closed ? '422 contract-closed' : null;
    const open = (k.instalments as any[]).filter((i) => OPEN.includes(i.status) && i.dueAt !== null);
    if (s.op === 'sign') await signNow();
    else if (s.op === 'advance') ctx.clock.advance(s.days * DAY + s.ms);
    else if (s.op === 'pay') {
      const target = s.pick !== null && k.instalments.length ? k.instalments[s.pick % k.instalments.length] : null;
      const scope = target ? open.filter((i) => i.id === target.id) : open;
      const due = scope.reduce((a, i) => a + i.amountFen - i.paidFen, 0);
      const amount = Math.max(1, Math.floor((due * s.share) / 100) + s.extra);
      const r = await c('zj-org-admin').post(`/api/contracts/${k.id}/payments`, { amountFen: amount, ...(target ? { instalmentId: target.id } : {}) });
      const expected = notOpen ?? (target && !scope.length ? '422 instalment-not-open' : amount > due ? '422 payment-exceeds-due' : '200');
      expect(outcome(r), r.body).toBe(expected);
      if (expected === '422 payment-exceeds-due') expect(r.data.dueFen).toBe(due);
      if (r.statusCode === 200) {
        // Earliest first: the instalments in scope are filled in order.
        let left = amount;
        for (const i of scope) {
          const part = Math.min(left, i.amountFen - i.paidFen);
          left -= part;
          expect(r.data.instalments.find((x: any) => x.id === i.id).paidFen).toBe(i.paidFen + part);
        }
        const stillOpen = r.data.instalments.some((i: any) => OPEN.includes(i.status));
        expect(r.data.status).toBe(FIXED.includes(t.paymentMode) && !stillOpen ? 'completed' : 'active');
      }
      count(`pay ${expected}`);
    } else if (s.op === 'report') {
      const p = period(s.back);
      const r = await c('zj-org-admin').post(`/api/contracts/${k.id}/revenue-reports`, { period: p, revenueFen: s.revenue });
      const expected = s.back < 0 ? '400 validation-failed' : (notOpen ?? (k.revenueReports.some((x: any) => x.period === p) ? '409 period-reported' : '200'));
      expect(outcome(r), r.body).toBe(expected);
      if (r.statusCode === 200) {
        const royalty = t.paymentMode === 'revenue_share' ? Math.floor((s.revenue * t.revenueShareBp!) / 10_000) : 0;
        expect(r.data.revenueReports.find((x: any) => x.period === p)).toMatchObject({ revenueFen: s.revenue, royaltyFen: royalty });
        expect(r.data.instalments.length).toBe(k.instalments.length + (royalty > 0 ? 1 : 0));
        if (royalty > 0)
          expect(r.data.instalments[r.data.instalments.length - 1]).toMatchObject({ amountFen: royalty, dueAt: plusDays(nowIso(), 30), paidFen: 0 });
        if (t.deferUntilRevenue) {
          const before = k.instalments[0];
          const after = r.data.instalments[0];
          expect(after.dueAt).toBe(before.dueAt === null && s.revenue > 0 ? plusDays(nowIso(), 30) : before.dueAt);
        }
      }
      count(`report ${expected}`);
    } else if (s.op === 'default') {
      const late = open.filter((i) => plusDays(i.dueAt, GRACE) <= nowIso());
      const pool = t.poolId ? await ok(c('zj-admin').get(`/api/risk-pools/${t.poolId}`)) : null;
      const r = await c('js-org-admin').post(`/api/contracts/${k.id}/default`, { note: '属性测试' });
      const expected = notOpen ?? (late.length ? '200' : '422 no-default');
      expect(outcome(r), r.body).toBe(expected);
      if (r.statusCode === 200) {
        // Acceleration: on default every open instalment falls due, and the pool covers its share of all of it.
        const outstanding = (k.instalments as any[]).filter((i) => OPEN.includes(i.status)).reduce((a, i) => a + i.amountFen - i.paidFen, 0);
        const comp = pool ? Math.min(Math.floor((outstanding * pool.compensationBp) / 10_000), pool.capPerContractFen, pool.balanceFen) : 0;
        expect(r.data).toMatchObject({ status: 'defaulted', compensatedFen: comp, integrityRecordId: expect.any(Number) });
        if (pool) expect((await ok(c('zj-admin').get(`/api/risk-pools/${t.poolId}`))).paidOutFen).toBe(pool.paidOutFen + comp);
      }
      count(`default ${expected}`);
    }
    k = await ok(c('zj-org-admin').get(`/api/contracts/${k.id}`));
    check(k, t, prev);
    prev = k.status;
  }
  count(`end ${k.status}`);
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '500000000', SESSION_ABSOLUTE_HOURS: '20000000' });
  P = await people(ctx, ['js-org-admin', 'zj-org-admin', 'zj-admin']);
  listingId = (await created(c('js-org-admin').post('/api/results', resultBody({ title: '属性测试专利' })))).id;
  poolId = (
    await created(c('zj-admin').post('/api/risk-pools', { name: '属性测试资金池', fundFen: 200_000_000, compensationBp: 8000, capPerContractFen: 5_000_000 }))
  ).id;
}, 120_000);
afterAll(() => ctx?.close());

describe(`contract schedules and payments under random use (${engine})`, () => {
  it(`keep their invariants over ${RUNS} random contracts`, async () => {
    await fc.assert(
      fc.asyncProperty(
        terms,
        fc.boolean(),
        fc.integer({ min: 0, max: 9 }),
        fc.array(step, { minLength: 3, maxLength: 10 }),
        async (t, pooled, signFirst, steps) => {
          const withPool = pooled && t.paymentMode !== 'lump_sum' ? { ...t, poolId } : t;
          // Mostly signed at once; sometimes left proposed, to be signed (or not) by a step.
          await run(withPool, signFirst < 8, steps);
        },
      ),
      { numRuns: RUNS, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined, endOnFailure: true },
    );
    // The runs exercised the machine, refusals included.
    for (const k of ['pay 200', 'report 200', 'end active']) expect(tally[k] ?? 0, JSON.stringify(tally)).toBeGreaterThan(0);
    if (process.env.DBG) console.log(tally);
  }, 240_000);
});
