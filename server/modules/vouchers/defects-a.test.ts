// Issue 15 (defects a), on SQLite and PostgreSQL: the settlement preview computes without writing
// and equals what the settlement then records; the voucher ledger describes each movement as
// "预约 #3 · 液质联用仪 · 上海" in the reader's language; provider check notes are codes and
// parameters rendered at read time, in one language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { demoIds, expectProblem, snapshot } from '../../../test/vouchers';
import { periodOf } from './rules';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let ids: Awaited<ReturnType<typeof demoIds>>;
let zjAdmin: Client, shAdmin: Client, zjMember: Client, admin: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  ids = await demoIds(ctx);
  [admin, zjAdmin, shAdmin, zjMember] = await Promise.all(['admin', 'zj-admin', 'sh-admin', 'zj-member'].map((u) => ctx.as(u)));
}, 120_000);
afterAll(() => ctx.close());

const byKey = (k: string) => ctx.db.db.selectFrom('redemptions').selectAll().where('idempotency_key', '=', k).executeTakeFirstOrThrow();

describe(`settlement preview (${engine})`, () => {
  it('refuses what the run refuses (open month, other jurisdictions, members, bad input) and writes nothing', async () => {
    const current = periodOf(ctx.clock.now().toISOString());
    const before = await snapshot(ctx);
    expectProblem(await zjAdmin.get('/api/settlements/preview', { query: { period: current } }), 422, 'rule-violated', 'period-open');
    const demo = (await byKey('demo-lcms-last-month')).period;
    expectProblem(await zjAdmin.get('/api/settlements/preview', { query: { period: demo, jurisdictionCode: '310000' } }), 403, 'forbidden');
    expectProblem(await zjMember.get('/api/settlements/preview', { query: { period: demo } }), 403, 'forbidden');
    expectProblem(await zjAdmin.get('/api/settlements/preview', { query: { period: '0000-01' } }), 400, 'validation-failed');
    expectProblem(await zjAdmin.get('/api/settlements/preview', { query: { period: '2026-13' } }), 400, 'validation-failed');
    expectProblem(await admin.get('/api/settlements/preview', { query: { period: demo } }), 400, 'validation-failed');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('computes without writing, and equals what the settlement then records', async () => {
    const lcms = await byKey('demo-lcms-last-month');
    const sem = await byKey('demo-sem-last-month');
    const period = lcms.period;
    const before = await snapshot(ctx);
    const p = await zjAdmin.get('/api/settlements/preview', { query: { period } });
    expect(p.statusCode, p.body).toBe(200);
    expect(await snapshot(ctx)).toEqual(before);
    expect(p.data).toMatchObject({ period, jurisdictionCode: '330000', settlementId: null, redemptions: 2 });
    expect(p.data.totalFen).toBe(Number(lcms.amount_fen) + Number(sem.amount_fen));
    expect(p.data.lines.map((l: any) => l.providerId).sort()).toEqual([ids.shProvider, ids.jsProvider].sort());
    expect(p.data.lines.find((l: any) => l.providerId === ids.shProvider)).toMatchObject({
      providerName: '示例量子精密仪器（上海）有限公司',
      providerJurisdiction: '310000',
      redemptions: 1,
      amountFen: Number(lcms.amount_fen),
    });
    // The platform admin previews any jurisdiction's by naming it; the same figures.
    expect((await admin.get('/api/settlements/preview', { query: { period, jurisdictionCode: '330000' } })).data).toEqual(p.data);

    const s = await zjAdmin.post('/api/settlements', { period });
    expect(s.statusCode, s.body).toBe(201);
    expect({ redemptions: s.data.redemptions, totalFen: s.data.totalFen, lines: s.data.lines }).toEqual({
      redemptions: p.data.redemptions,
      totalFen: p.data.totalFen,
      lines: p.data.lines,
    });
    // Once settled, the preview names the settlement and shows its figures.
    const again = await zjAdmin.get('/api/settlements/preview', { query: { period } });
    expect(again.data).toEqual({ ...p.data, settlementId: s.data.id });
    // Shanghai had nothing to settle that month: an empty preview, and an empty settlement.
    const sh = await shAdmin.get('/api/settlements/preview', { query: { period } });
    expect(sh.data).toMatchObject({ jurisdictionCode: '310000', settlementId: null, redemptions: 0, totalFen: 0, lines: [] });
  });
});

describe(`voucher ledger descriptions (${engine})`, () => {
  it('describes a redemption as booking number · resource · jurisdiction, in the reader’s language', async () => {
    const r = await byKey('demo-lcms-last-month');
    const zh = await zjMember.get(`/api/vouchers/${r.voucher_id}`, { lang: 'zh' });
    expect(zh.statusCode, zh.body).toBe(200);
    const move = zh.data.history.find((m: any) => m.redemptionId === Number(r.id));
    const resource = await ctx.db.db
      .selectFrom('bookings as b')
      .innerJoin('resources as x', 'x.id', 'b.resource_id')
      .select('x.name')
      .where('b.id', '=', Number(r.source_id))
      .executeTakeFirstOrThrow();
    expect(move.description).toBe(`预约 #${r.source_id} · ${resource.name} · 上海`);
    const en = await zjMember.get(`/api/vouchers/${r.voucher_id}`, { lang: 'en' });
    expect(en.data.history.find((m: any) => m.redemptionId === Number(r.id)).description).toBe(`Booking #${r.source_id} · ${resource.name} · Shanghai`);
    expect(en.data.history.find((m: any) => m.kind === 'issue').description).toBe('Issued');
    expect(zh.data.history.find((m: any) => m.kind === 'issue').description).toBe('发放');
    // Nobody else's voucher: 404 as before.
    expectProblem(await shAdmin.get(`/api/vouchers/${r.voucher_id}`), 404, 'not-found');
  });
});
