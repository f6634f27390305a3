// Issue 15 (defects a), on SQLite and PostgreSQL: the settlement preview computes without writing
// and equals what the settlement then records; the voucher ledger describes each movement as
// "预约 #3 · 液质联用仪 · 上海" in the reader's language; provider check notes are codes and
// parameters rendered at read time, in one language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { demoIds, expectProblem, programBody, snapshot } from '../../../test/vouchers';
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

const CJK = /[\u4e00-\u9fff]/;
const providerOf = async (orgName: string) =>
  Number(
    (
      await ctx.db.db
        .selectFrom('providers as p')
        .innerJoin('organizations as o', 'o.id', 'p.organization_id')
        .select('p.id')
        .where('o.name', 'like', `%${orgName}%`)
        .executeTakeFirstOrThrow()
    ).id,
  );

describe(`provider checks and tier refusals in one language (${engine})`, () => {
  it('stores the platform checks as codes and renders them in the reader’s language', async () => {
    const id = await providerOf('检验'); // the Hangzhou testing firm, checked into public notice
    const zh = await zjAdmin.get(`/api/providers/${id}`, { lang: 'zh' });
    const en = await zjAdmin.get(`/api/providers/${id}`, { lang: 'en' });
    expect(zh.statusCode, zh.body).toBe(200);
    const stored = JSON.parse((await ctx.db.db.selectFrom('providers').select('check_json').where('id', '=', id).executeTakeFirstOrThrow()).check_json!);
    expect(stored.checks.legalEntity).toEqual({ ok: true, code: 'uscc-verified' });
    expect(zh.data.check.checks.legalEntity).toEqual({ ok: true, code: 'uscc-verified', detail: '统一社会信用代码已核验' });
    expect(en.data.check.checks.legalEntity).toEqual({ ok: true, code: 'uscc-verified', detail: 'Unified Social Credit Code verified' });
    for (const c of Object.values<any>(en.data.check.checks)) expect(c.detail).not.toMatch(CJK);
    for (const c of Object.values<any>(zh.data.check.checks)) expect(c.detail).not.toMatch(/ \/ |priced|established|record/);
    expect(en.data.check.checks.publishedPrices.detail).toMatch(/^\d+ priced services$/);
    // A check stored before codes ("中文 / English") gives the reader's half.
    await ctx.db.db
      .updateTable('providers')
      .set({
        check_json: JSON.stringify({ ...stored, checks: { ...stored.checks, legalEntity: { ok: true, detail: '统一社会信用代码已核验 / USCC verified' } } }),
      })
      .where('id', '=', id)
      .execute();
    expect((await zjAdmin.get(`/api/providers/${id}`, { lang: 'en' })).data.check.checks.legalEntity).toEqual({
      ok: true,
      code: null,
      detail: 'USCC verified',
    });
    expect((await zjAdmin.get(`/api/providers/${id}`, { lang: 'zh' })).data.check.checks.legalEntity.detail).toBe('统一社会信用代码已核验');
  });

  it('a failed condition is refused naming the condition in words, in one language', async () => {
    const id = await providerOf('技术转移'); // the Shanghai transfer centre, waiting for its check
    const orgId = (await ctx.db.db.selectFrom('providers').select('organization_id').where('id', '=', id).executeTakeFirstOrThrow()).organization_id;
    await ctx.db.db.updateTable('organizations').set({ established_on: null }).where('id', '=', orgId).execute();
    const before = await snapshot(ctx);
    const en = await shAdmin.post(`/api/providers/${id}/check`, { passed: true, note: 'ok' }, { lang: 'en' });
    expectProblem(en, 422, 'rule-violated', 'provider-conditions');
    expect(en.data.detail).toContain('years in operation (no founding date)');
    expect(en.data.detail).not.toMatch(CJK);
    expect(en.data.detail).not.toContain('yearsInOperation');
    const zh = await shAdmin.post(`/api/providers/${id}/check`, { passed: true, note: 'ok' }, { lang: 'zh' });
    expect(zh.data.detail).toContain('成立年限（无成立日期）');
    expect(zh.data.detail).not.toMatch(/[A-Za-z]{3,}/);
    expect(zh.data.checks.yearsInOperation).toEqual({ ok: false, code: 'no-founding-date', detail: '无成立日期' });
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('a tier refusal names the tiers in words, not codes', async () => {
    const p = await zjAdmin.post('/api/voucher-programs', programBody(ctx.clock.now().getTime(), { eligibleTiers: ['high_tech', 'tech_leader'] }));
    expect(p.statusCode, p.body).toBe(201);
    const apply = (lang: 'zh' | 'en') =>
      zjMember.post(`/api/voucher-programs/${p.data.id}/applications`, { applicantKind: 'enterprise', purpose: '研发测试', requestedFen: 100_000 }, { lang });
    const zh = await apply('zh');
    expectProblem(zh, 422, 'rule-violated', 'tier-not-eligible');
    expect(zh.data.detail).toContain('高新技术企业、科技领军企业');
    const en = await apply('en');
    expect(en.data.detail).toContain('high-tech enterprise, leading tech enterprise');
    for (const d of [zh.data.detail, en.data.detail]) expect(d).not.toMatch(/tech_sme|high_tech|tech_leader/);
  });
});
