// Innovation vouchers through HTTP, on SQLite and on PostgreSQL: programmes, issuance within caps
// and budget, redemption at completed bookings and service orders with every rule, idempotency,
// reversal and refund, expiry back to the budget, the provider lifecycle, the integrity gate,
// settlement and clearing, access across organisations and jurisdictions, and the audit trail.
// Every refusal is problem+json naming its rule and writes nothing; the ledger stays whole.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import {
  ALL_JURISDICTIONS,
  DAY,
  HOUR,
  completedBooking,
  completedOrder,
  countAudit,
  createProgram,
  demoIds,
  expectLedgerClean,
  expectProblem,
  issueVoucher,
  iso,
  listedProvider,
  newOrgWithUsers,
  product,
  programBody,
  snapshot,
  type TestOrg,
} from '../../../test/vouchers';
import { verifyAuditChain } from '../../platform/audit';
import { account, balance } from './ledger';
import { SETTLEMENT_COLUMNS } from './settlements.service';
import { periodBounds, periodOf, voucherCodeValid } from './rules';

const engine = process.env.TEST_DB_ENGINE;

let ctx: TestContext;
let ids: Awaited<ReturnType<typeof demoIds>>;
let admin: Client, zjAdmin: Client, shAdmin: Client, jsAdmin: Client, ahAdmin: Client;
let zjMember: Client, shMember: Client, shOrgAdmin: Client, jsOrgAdmin: Client, ahMember: Client;

const now = () => ctx.clock.now().getTime();
let keySerial = 0;
const nextKey = () => `test-key-${keySerial++}`;
type Res = Awaited<ReturnType<Client['get']>>;

const redeem = (c: Client, voucherId: number, body: Record<string, unknown>, key: string | null = nextKey()) =>
  c.post(`/api/vouchers/${voucherId}/redemptions`, body, { headers: key === null ? {} : { 'idempotency-key': key } });
const voucher = async (c: Client, id: number) => {
  const r = await c.get(`/api/vouchers/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.data;
};
const program = async (id: number) => (await zjAdmin.get(`/api/voucher-programs/${id}`)).data;

/** A refusal with the status, code and rule given, and not one row written or changed. */
async function refused(fn: () => Promise<Res>, status: number, code: string, rule?: string): Promise<Res> {
  const before = await snapshot(ctx);
  const r = await fn();
  expectProblem(r, status, code, rule);
  expect(await snapshot(ctx)).toEqual(before);
  return r;
}

beforeAll(async () => {
  // The clock jumps over weeks, months and into next year: keep the test sessions alive.
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '5000000', SESSION_ABSOLUTE_HOURS: '200000' });
  ids = await demoIds(ctx);
  [admin, zjAdmin, shAdmin, jsAdmin, ahAdmin, zjMember, shMember, shOrgAdmin, jsOrgAdmin, ahMember] = await Promise.all(
    ['admin', 'zj-admin', 'sh-admin', 'js-admin', 'ah-admin', 'zj-member', 'sh-member', 'sh-org-admin', 'js-org-admin', 'ah-member'].map((u) => ctx.as(u)),
  );
}, 120_000);
afterAll(() => ctx.close());

// ---------------------------------------------------------------------------------------------
describe(`voucher programmes (${engine})`, () => {
  let pid: number;

  it('a jurisdiction admin creates a programme of its own jurisdiction, funding its budget', async () => {
    const appropriation = await balance(ctx.db.db, account.appropriation('330000'));
    const audits = await countAudit(ctx, 'voucher_program.create');
    const body = programBody(now(), { budgetFen: 2_000_000, shareBp: 4000, redeemJurisdictions: ['330000', '310000', '310000'] });
    const r = await zjAdmin.post('/api/voucher-programs', body);
    expect(r.statusCode, r.body).toBe(201);
    pid = r.data.id;
    expect(r.data).toMatchObject({
      jurisdictionCode: '330000',
      name: body.name,
      shareBp: 4000,
      capEnterpriseYearFen: 1_000_000,
      capTeamFen: 500_000,
      teamsEligible: true,
      redeemJurisdictions: ['310000', '330000'],
      status: 'active',
      vouchers: 0,
      budget: { totalFen: 2_000_000, committedFen: 0, availableFen: 2_000_000, redeemedFen: 0, lapsedFen: 0 },
    });
    expect(r.data.eligibleTiers).toEqual(['tech_sme', 'high_tech', 'tech_leader']);
    // The budget came out of Zhejiang's appropriation, in one balanced transaction.
    expect(await balance(ctx.db.db, account.appropriation('330000'))).toBe(appropriation - 2_000_000);
    expect(await balance(ctx.db.db, account.budget(pid))).toBe(2_000_000);
    expect(await countAudit(ctx, 'voucher_program.create')).toBe(audits + 1);
    // Anyone signed in reads it; lists filter by jurisdiction.
    expect((await zjMember.get(`/api/voucher-programs/${pid}`)).data.budget.availableFen).toBe(2_000_000);
    expect((await zjMember.get('/api/voucher-programs', { query: { jurisdiction: '330000', pageSize: 200 } })).data.items.map((p: any) => p.id)).toContain(pid);
    expect((await zjMember.get('/api/voucher-programs', { query: { jurisdiction: '310000', pageSize: 200 } })).data.items.map((p: any) => p.id)).not.toContain(
      pid,
    );
  });

  it('refuses another jurisdiction’s programme (403) and non-administrators, writing nothing', async () => {
    const body = programBody(now());
    await refused(() => zjAdmin.post('/api/voucher-programs', { ...body, jurisdictionCode: '310000' }), 403, 'forbidden');
    await refused(() => zjMember.post('/api/voucher-programs', body), 403, 'forbidden');
    await refused(() => shOrgAdmin.post('/api/voucher-programs', { ...body, jurisdictionCode: '310000' }), 403, 'forbidden');
    // The platform admin may create one for any jurisdiction.
    const ok = await admin.post('/api/voucher-programs', { ...body, jurisdictionCode: '340000' });
    expect(ok.statusCode).toBe(201);
    expect(ok.data.jurisdictionCode).toBe('340000');
  });

  it('refuses a bad body with 400 and the offending fields, writing nothing', async () => {
    const body = programBody(now());
    const schema = await refused(
      () => zjAdmin.post('/api/voucher-programs', { ...body, shareBp: 0, name: 'x', surprise: true, budgetFen: -5 }),
      400,
      'validation-failed',
    );
    expect(schema.data.errors.map((e: any) => e.field).sort()).toEqual(['body:/budgetFen', 'body:/name', 'body:/shareBp', 'body:/surprise']);
    const dates = await refused(() => zjAdmin.post('/api/voucher-programs', { ...body, issueUntil: iso(now() - 2 * DAY) }), 400, 'validation-failed');
    expect(dates.data.errors.map((e: any) => e.field)).toEqual(['body:/issueUntil']);
    const expiry = await refused(() => zjAdmin.post('/api/voucher-programs', { ...body, expiresAt: iso(now() + 100 * DAY) }), 400, 'validation-failed');
    expect(expiry.data.errors.map((e: any) => e.field)).toEqual(['body:/expiresAt']);
    const nobody = await refused(() => zjAdmin.post('/api/voucher-programs', { ...body, eligibleTiers: [], teamsEligible: false }), 400, 'validation-failed');
    expect(nobody.data.errors.map((e: any) => e.field)).toEqual(['body:/eligibleTiers']);
    const badCat = await refused(
      () => zjAdmin.post('/api/voucher-programs', { ...body, eligibleCategories: ['testing', 'catering'] }),
      400,
      'validation-failed',
    );
    expect(badCat.data.errors.map((e: any) => e.field)).toContain('body:/eligibleCategories/1');
  });

  it('tops up the budget and closes the programme; another jurisdiction cannot (404)', async () => {
    await refused(() => shAdmin.post(`/api/voucher-programs/${pid}/budget`, { amountFen: 1 }), 404, 'not-found');
    await refused(() => shAdmin.post(`/api/voucher-programs/${pid}/close`), 404, 'not-found');
    const up = await zjAdmin.post(`/api/voucher-programs/${pid}/budget`, { amountFen: 500_000, note: '追加' });
    expect(up.statusCode).toBe(200);
    expect(up.data.budget).toEqual({ totalFen: 2_500_000, committedFen: 0, availableFen: 2_500_000, redeemedFen: 0, lapsedFen: 0 });
    const closed = await zjAdmin.post(`/api/voucher-programs/${pid}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.data.status).toBe('closed');
    await refused(() => zjAdmin.post(`/api/voucher-programs/${pid}/close`), 409, 'conflict');
    await refused(
      () => zjMember.post(`/api/voucher-programs/${pid}/applications`, { applicantKind: 'enterprise', requestedFen: 1000, purpose: 'x' }),
      422,
      'rule-violated',
      'program-closed',
    );
    await refused(() => zjAdmin.post(`/api/voucher-programs/${pid}/budget`, { amountFen: 1 }), 422, 'rule-violated', 'program-closed');
  });

  it('leaves the ledger whole', async () => {
    await expectLedgerClean(ctx);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`applications and issuance (${engine})`, () => {
  let p1: any;
  let e1: TestOrg, e2: TestOrg;
  let app1: number;

  beforeAll(async () => {
    p1 = await createProgram(
      zjAdmin,
      programBody(now(), { budgetFen: 900_000, capEnterpriseYearFen: 500_000, eligibleTiers: ['high_tech', 'tech_leader'], teamsEligible: false }),
    );
    e1 = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'high_tech' });
    e2 = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'tech_leader' });
  });
  const apply = (c: Client, body: Record<string, unknown>, programId = p1.id) =>
    c.post(`/api/voucher-programs/${programId}/applications`, { applicantKind: 'enterprise', purpose: '研发测试服务', ...body });

  it('refuses an enterprise of another tier (tier-not-eligible) and teams (teams-not-eligible)', async () => {
    const r = await refused(() => apply(zjMember, { requestedFen: 100_000 }), 422, 'rule-violated', 'tier-not-eligible');
    expect(r.data).toMatchObject({ eligibleTiers: ['high_tech', 'tech_leader'], tier: 'tech_sme' });
    await refused(() => apply(e1.member, { applicantKind: 'team', teamName: '传感器团队', requestedFen: 100_000 }), 422, 'rule-violated', 'teams-not-eligible');
    // A research institute is no enterprise at all.
    const expert = await ctx.as('zj-expert');
    await refused(() => apply(expert, { requestedFen: 100_000 }), 422, 'rule-violated', 'tier-not-eligible');
    // Administrators do not apply.
    await refused(() => apply(zjAdmin, { requestedFen: 100_000 }), 403, 'forbidden');
  });

  it('refuses outside the issue window (issue-window)', async () => {
    const later = await createProgram(zjAdmin, programBody(now(), { issueFrom: iso(now() + 10 * DAY), issueUntil: iso(now() + 20 * DAY) }));
    const r = await refused(() => apply(e1.member, { requestedFen: 100_000 }, later.id), 422, 'rule-violated', 'issue-window');
    expect(r.data.issueFrom).toBe(later.issueFrom);
  });

  it('refuses a request above the yearly cap, and a second open application (409)', async () => {
    const r = await refused(() => apply(e1.member, { requestedFen: 500_001 }), 422, 'rule-violated', 'cap-exceeded');
    expect(r.data.detail).toContain('5000.00');
    const ok = await apply(e1.member, { requestedFen: 400_000 });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.data).toMatchObject({
      programId: p1.id,
      applicantOrgId: e1.id,
      applicantKind: 'enterprise',
      requestedFen: 400_000,
      status: 'submitted',
      voucherId: null,
      jurisdictionCode: '330000',
    });
    app1 = ok.data.id;
    const dup = await refused(() => apply(e1.admin, { requestedFen: 100_000 }), 409, 'conflict');
    expect(dup.data.applicationId).toBe(app1);
    const managed = await zjAdmin.get('/api/voucher-applications', { query: { scope: 'managed', programId: p1.id, status: 'submitted' } });
    expect(managed.data.items.map((a: any) => a.id)).toEqual([app1]);
  });

  it('approves within the request and commits the budget at once; the code is well formed and unique', async () => {
    await refused(() => shAdmin.post(`/api/voucher-applications/${app1}/approve`, { amountFen: 400_000 }), 404, 'not-found');
    await refused(() => e1.admin.post(`/api/voucher-applications/${app1}/approve`, { amountFen: 400_000 }), 404, 'not-found');
    const over = await refused(() => zjAdmin.post(`/api/voucher-applications/${app1}/approve`, { amountFen: 400_001 }), 400, 'validation-failed');
    expect(over.data.errors[0].field).toBe('body:/amountFen');
    const r = await zjAdmin.post(`/api/voucher-applications/${app1}/approve`, { amountFen: 400_000, note: '同意' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data.application).toMatchObject({ status: 'approved', approvedFen: 400_000, decisionNote: '同意', voucherId: r.data.voucher.id });
    const v = r.data.voucher;
    expect(v).toMatchObject({
      programId: p1.id,
      jurisdictionCode: '330000',
      holderOrgId: e1.id,
      holderKind: 'enterprise',
      faceValueFen: 400_000,
      balanceFen: 400_000,
      redeemedFen: 0,
      lapsedFen: 0,
      status: 'active',
      shareBp: 5000,
      expiresAt: p1.expiresAt,
    });
    expect(v.code).toMatch(/^ZJ\d{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]$/);
    expect(v.code.slice(2, 6)).toBe(String(new Date(now() + 8 * HOUR).getUTCFullYear()));
    expect(voucherCodeValid(v.code)).toBe(true);
    expect(voucherCodeValid(v.code.slice(0, -1) + (v.code.endsWith('2') ? '3' : '2'))).toBe(false);
    expect(v.history).toEqual([expect.objectContaining({ kind: 'issue', amountFen: 400_000, balanceAfterFen: 400_000 })]);
    // Committed at once.
    expect((await program(p1.id)).budget).toEqual({ totalFen: 900_000, committedFen: 400_000, availableFen: 500_000, redeemedFen: 0, lapsedFen: 0 });
    expect(await balance(ctx.db.db, account.budget(p1.id))).toBe(500_000);
    // Once decided, decided.
    await refused(() => zjAdmin.post(`/api/voucher-applications/${app1}/approve`, { amountFen: 400_000 }), 409, 'conflict');
    // The holder sees it in its wallet; the lookup by code finds it.
    expect((await e1.member.get('/api/vouchers')).data.items.map((x: any) => x.id)).toEqual([v.id]);
    expect((await e1.admin.get('/api/vouchers/lookup', { query: { code: v.code.toLowerCase() } })).data.id).toBe(v.id);
  });

  it('refuses an approval over the enterprise’s remaining yearly cap (cap-exceeded)', async () => {
    const a = await apply(e1.member, { requestedFen: 200_000 });
    expect(a.statusCode).toBe(201);
    const r = await refused(() => zjAdmin.post(`/api/voucher-applications/${a.data.id}/approve`, { amountFen: 200_000 }), 422, 'rule-violated', 'cap-exceeded');
    expect(r.data.remainingFen).toBe(100_000);
    const ok = await zjAdmin.post(`/api/voucher-applications/${a.data.id}/approve`, { amountFen: 100_000 });
    expect(ok.statusCode).toBe(200);
    expect(ok.data.voucher.faceValueFen).toBe(100_000);
    expect((await program(p1.id)).budget).toMatchObject({ committedFen: 500_000, availableFen: 400_000 });
  });

  it('refuses an approval over the available budget (budget-exceeded); a rejection issues nothing', async () => {
    const a = await apply(e2.member, { requestedFen: 500_000 });
    const r = await refused(
      () => zjAdmin.post(`/api/voucher-applications/${a.data.id}/approve`, { amountFen: 500_000 }),
      422,
      'rule-violated',
      'budget-exceeded',
    );
    expect(r.data.availableFen).toBe(400_000);
    const ok = await zjAdmin.post(`/api/voucher-applications/${a.data.id}/approve`, { amountFen: 400_000 });
    expect(ok.statusCode).toBe(200);
    expect((await program(p1.id)).budget).toEqual({ totalFen: 900_000, committedFen: 900_000, availableFen: 0, redeemedFen: 0, lapsedFen: 0 });
    const b = await apply(e2.member, { requestedFen: 1 });
    await refused(() => zjAdmin.post(`/api/voucher-applications/${b.data.id}/approve`, { amountFen: 1 }), 422, 'rule-violated', 'budget-exceeded');
    const rej = await zjAdmin.post(`/api/voucher-applications/${b.data.id}/reject`, { note: '预算已用完' });
    expect(rej.statusCode).toBe(200);
    expect(rej.data).toMatchObject({ status: 'rejected', decisionNote: '预算已用完', voucherId: null });
    expect((await program(p1.id)).vouchers).toBe(3);
  });

  it('every voucher code is unique and well formed', async () => {
    const codes = (await ctx.db.db.selectFrom('vouchers').select('code').execute()).map((c) => c.code);
    expect(codes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(voucherCodeValid(c), c).toBe(true);
  });

  it('leaves the ledger whole and the issuance audited', async () => {
    await expectLedgerClean(ctx);
    expect(await countAudit(ctx, 'voucher_application.submit')).toBeGreaterThanOrEqual(4);
    const issued = await ctx.db.db.selectFrom('vouchers').select('id').where('program_id', '=', p1.id).execute();
    for (const v of issued) expect(await countAudit(ctx, 'voucher.issue', Number(v.id))).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The redemption world: holder H (a Zhejiang tech SME) with voucher V of programme PR.
let pr: any;
let h: TestOrg;
let other: TestOrg;
let V: any;
let jsTesting: number, jsDesign: number, shTesting: number;
const R: Record<string, any> = {};

describe(`redemption (${engine})`, () => {
  let o1: any, o5: any, o6: any, o2: any;
  let b1: number, b2: number;

  beforeAll(async () => {
    // Open to applicants from all four jurisdictions (the Anhui enterprises below apply too).
    pr = await createProgram(
      zjAdmin,
      programBody(now(), {
        eligibleCategories: ['testing', 'analysis', 'instrument_sharing', 'consulting', 'tech_transfer', 'ip_service'],
        applicantJurisdictions: ALL_JURISDICTIONS,
      }),
    );
    h = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'tech_sme' });
    other = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'tech_sme' });
    V = await issueVoucher(h.member, zjAdmin, pr.id, 300_000);
    jsTesting = (await product(jsOrgAdmin, ids.jsProvider, 'testing')).id;
    jsDesign = (await product(jsOrgAdmin, ids.jsProvider, 'design')).id;
    shTesting = (await product(shOrgAdmin, ids.shProvider, 'testing')).id;
    o1 = await completedOrder(h.member, jsOrgAdmin, jsTesting, 100_000);
    b1 = await completedBooking(ctx, { resourceId: ids.lcms, userId: h.memberId, organizationId: h.id, jurisdictionCode: '330000', chargeFen: 240_000 });
  });

  it('pays half of a completed service order: quote, then redeem', async () => {
    const q = await h.member.get(`/api/vouchers/${V.id}/quote`, { query: { orderId: o1.id } });
    expect(q.statusCode, q.body).toBe(200);
    expect(q.data).toEqual({
      feeFen: 100_000,
      shareLimitFen: 50_000,
      balanceFen: 300_000,
      capRemainingFen: 1_000_000,
      payableFen: 50_000,
      copayFen: 50_000,
      limitedBy: 'share',
      providerId: ids.jsProvider,
      providerName: '示例苏州先进材料研究院',
      providerJurisdiction: '320000',
      category: 'testing',
    });
    const audits = await countAudit(ctx, 'voucher.redeem');
    const receivable = await balance(ctx.db.db, account.receivable(ids.jsProvider, '330000'));
    const r = await redeem(h.member, V.id, { orderId: o1.id });
    expect(r.statusCode, r.body).toBe(201);
    R.o1 = r.data;
    expect(r.data).toMatchObject({
      voucherId: V.id,
      voucherCode: V.code,
      programId: pr.id,
      holderOrgId: h.id,
      providerId: ids.jsProvider,
      issuerJurisdiction: '330000',
      providerJurisdiction: '320000',
      sourceKind: 'order',
      sourceId: o1.id,
      category: 'testing',
      feeFen: 100_000,
      amountFen: 50_000,
      refundedFen: 0,
      copayFen: 50_000,
      status: 'completed',
      period: periodOf(iso(now())),
      settlementId: null,
    });
    expect(await countAudit(ctx, 'voucher.redeem')).toBe(audits + 1);
    const v = await voucher(h.member, V.id);
    expect(v).toMatchObject({ balanceFen: 250_000, redeemedFen: 50_000 });
    expect(v.history.at(-1)).toMatchObject({ kind: 'redeem', amountFen: -50_000, balanceAfterFen: 250_000, redemptionId: r.data.id });
    expect(await balance(ctx.db.db, account.receivable(ids.jsProvider, '330000'))).toBe(receivable + 50_000);
    const orders = await h.member.get('/api/service-orders', { query: { scope: 'buyer' } });
    expect(orders.data.items.find((o: any) => o.id === o1.id).redemptionId).toBe(r.data.id);
  });

  it('pays half of a completed booking of a shared instrument (instrument_sharing)', async () => {
    const q = await h.member.get(`/api/vouchers/${V.id}/quote`, { query: { bookingId: b1 } });
    expect(q.data).toMatchObject({
      feeFen: 240_000,
      shareLimitFen: 120_000,
      balanceFen: 250_000,
      payableFen: 120_000,
      copayFen: 120_000,
      limitedBy: 'share',
      providerId: ids.shProvider,
      providerJurisdiction: '310000',
      category: 'instrument_sharing',
    });
    const r = await redeem(h.member, V.id, { bookingId: b1 });
    expect(r.statusCode, r.body).toBe(201);
    R.b1 = r.data;
    expect(r.data).toMatchObject({
      sourceKind: 'booking',
      sourceId: b1,
      amountFen: 120_000,
      copayFen: 120_000,
      providerId: ids.shProvider,
      category: 'instrument_sharing',
      sourceLabel: '示例高分辨液相色谱-质谱联用仪',
    });
    expect((await voucher(h.member, V.id)).balanceFen).toBe(130_000);
  });

  it('lists the redemptions of given bookings (my bookings shows which are paid), only one’s own', async () => {
    const mine = await h.member.get('/api/redemptions', { query: { scope: 'holder', bookingIds: `${b1},999999` } });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.data.items.map((r: any) => [r.sourceKind, r.sourceId])).toEqual([['booking', b1]]);
    const others = await ahMember.get('/api/redemptions', { query: { scope: 'holder', bookingIds: String(b1) } });
    expect(others.data.items).toEqual([]);
    expectProblem(await h.member.get('/api/redemptions', { query: { bookingIds: '1,x' } }), 400, 'validation-failed');
  });

  it('refuses an amount above the share (share-exceeded) and above the balance (insufficient-balance)', async () => {
    o5 = await completedOrder(h.member, jsOrgAdmin, jsTesting, 100_000);
    o6 = await completedOrder(h.member, jsOrgAdmin, jsTesting, 400_000);
    const share = await refused(() => redeem(h.member, V.id, { orderId: o5.id, amountFen: 50_001 }), 422, 'rule-violated', 'share-exceeded');
    expect(share.data).toMatchObject({ limitFen: 50_000, requestedFen: 50_001 });
    const bal = await refused(() => redeem(h.member, V.id, { orderId: o6.id, amountFen: 150_000 }), 422, 'rule-violated', 'insufficient-balance');
    expect(bal.data).toMatchObject({ limitFen: 130_000, requestedFen: 150_000 });
    // The quote refuses the same way.
    expectProblem(
      await h.member.get(`/api/vouchers/${V.id}/quote`, { query: { orderId: o6.id, amountFen: 150_000 } }),
      422,
      'rule-violated',
      'insufficient-balance',
    );
  });

  it('refuses a category the programme does not cover (category-not-eligible)', async () => {
    const od = await completedOrder(h.member, jsOrgAdmin, jsDesign, 100_000);
    const r = await refused(() => redeem(h.member, V.id, { orderId: od.id }), 422, 'rule-violated', 'category-not-eligible');
    expect(r.data.category).toBe('design');
  });

  it('refuses a service not yet completed (source-not-completed) and a service someone else bought (not-holder)', async () => {
    const placed = await h.member.post('/api/service-orders', { productId: jsTesting, quantity: 1 });
    expect(placed.statusCode).toBe(201);
    await refused(() => redeem(h.member, V.id, { orderId: placed.data.id }), 422, 'rule-violated', 'source-not-completed');
    const theirs = await completedOrder(other.member, jsOrgAdmin, jsTesting, 100_000);
    await refused(() => redeem(h.member, V.id, { orderId: theirs.id }), 422, 'rule-violated', 'not-holder');
    // A booking that is confirmed but not completed.
    const pending = await completedBooking(ctx, {
      resourceId: ids.lcms,
      userId: h.memberId,
      organizationId: h.id,
      jurisdictionCode: '330000',
      chargeFen: 10_000,
    });
    await ctx.db.db.updateTable('bookings').set({ status: 'confirmed', charge_fen: null }).where('id', '=', pending).execute();
    await refused(() => redeem(h.member, V.id, { bookingId: pending }), 422, 'rule-violated', 'source-not-completed');
  });

  it('refuses a provider not recognised by the issuing jurisdiction, and one it declined (provider-not-recognised)', async () => {
    const ahs = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '340000', type: 'service_institution' });
    const pa = await listedProvider(ctx, ahs.adminName, 'ah-admin', ['testing']);
    const prod = await product(ahs.admin, pa, 'testing');
    const o = await completedOrder(h.member, ahs.admin, prod.id, 10_000);
    const none = await refused(() => redeem(h.member, V.id, { orderId: o.id }), 422, 'rule-violated', 'provider-not-recognised');
    expect(none.data.decision).toBeNull();
    const decl = await zjAdmin.post(`/api/providers/${pa}/recognitions`, { decision: 'declined', note: '资质存疑' });
    expect(decl.statusCode, decl.body).toBe(200);
    expect(decl.data.recognitions).toEqual([expect.objectContaining({ jurisdictionCode: '330000', decision: 'declined' })]);
    expect(decl.data.recognisedIn).toEqual(['340000']);
    const declined = await refused(() => redeem(h.member, V.id, { orderId: o.id }), 422, 'rule-violated', 'provider-not-recognised');
    expect(declined.data.decision).toBe('declined');
    // Recognised: now payable.
    expect((await zjAdmin.post(`/api/providers/${pa}/recognitions`, { decision: 'recognised' })).data.recognisedIn).toEqual(['330000', '340000']);
    expect((await h.member.get(`/api/vouchers/${V.id}/quote`, { query: { orderId: o.id } })).data.payableFen).toBe(5_000);
    // An integrity record on the provider bars it from being paid (403 naming the record), until revoked.
    const t = now();
    const rec = await ctx.db.db
      .insertInto('integrity_records')
      .values({
        jurisdiction_code: '340000',
        subject_type: 'organization',
        subject_org_id: ahs.id,
        subject_user_id: null,
        subject_name: ahs.name,
        misconduct: '出具虚假报告',
        outcome: '暂停服务资格',
        deciding_unit: '安徽省科学技术厅（示例）',
        legal_basis: '测试',
        effective_at: iso(t - HOUR),
        ends_at: iso(t + 365 * DAY),
        status: 'active',
        created_by: null,
        created_at: iso(t),
        updated_at: iso(t),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const barred = await refused(() => redeem(h.member, V.id, { orderId: o.id }), 403, 'integrity-record');
    expect(barred.data).toMatchObject({ action: 'provide_services', record: { id: Number(rec.id), subjectName: ahs.name } });
    await ctx.db.db.updateTable('integrity_records').set({ status: 'revoked' }).where('id', '=', Number(rec.id)).execute();
    expect((await h.member.get(`/api/vouchers/${V.id}/quote`, { query: { orderId: o.id } })).statusCode).toBe(200);
    // A booking of an instrument whose owner is no provider at all.
    const gpu = Number((await ctx.db.db.selectFrom('resources').select('id').where('name', 'like', '%GPU%').executeTakeFirstOrThrow()).id);
    const bg = await completedBooking(ctx, { resourceId: gpu, userId: h.memberId, organizationId: h.id, jurisdictionCode: '330000', chargeFen: 10_000 });
    await refused(() => redeem(h.member, V.id, { bookingId: bg }), 422, 'rule-violated', 'provider-not-recognised');
  });

  it('refuses a provider outside the programme’s redemption jurisdictions (jurisdiction-not-allowed)', async () => {
    const local = await createProgram(zjAdmin, programBody(now(), { redeemJurisdictions: ['330000'] }));
    const vl = await issueVoucher(h.member, zjAdmin, local.id, 100_000);
    const o = await completedOrder(h.member, jsOrgAdmin, jsTesting, 10_000);
    const r = await refused(() => redeem(h.member, vl.id, { orderId: o.id }), 422, 'rule-violated', 'jurisdiction-not-allowed');
    expect(r.data).toMatchObject({ redeemJurisdictions: ['330000'], providerJurisdiction: '320000' });
  });

  it('refuses related parties: the holder’s own organisation, and a declared affiliate (related-party)', async () => {
    // Shanghai's voucher of the LC-MS owner, spent on its own instrument.
    const psh = await createProgram(shAdmin, programBody(now()));
    const vs = await issueVoucher(shOrgAdmin, shAdmin, psh.id, 100_000);
    R.vs = vs;
    R.psh = psh;
    const own = await completedBooking(ctx, {
      resourceId: ids.lcms,
      userId: ids.shMemberId,
      organizationId: ids.shEnt,
      jurisdictionCode: '310000',
      chargeFen: 20_000,
    });
    await refused(() => redeem(shMember, vs.id, { bookingId: own }), 422, 'rule-violated', 'related-party');
    // H declares the Suzhou institute an affiliate: its services can no longer be paid.
    const o = await completedOrder(h.member, jsOrgAdmin, jsTesting, 10_000);
    expect((await h.member.post('/api/affiliations', { organizationId: ids.jsInst })).statusCode).toBe(403);
    const aff = await h.admin.post('/api/affiliations', { organizationId: ids.jsInst, note: '同一实际控制人' });
    expect(aff.statusCode, aff.body).toBe(201);
    expect(aff.data).toMatchObject({ organizationId: h.id, affiliateId: ids.jsInst, note: '同一实际控制人' });
    expect(await countAudit(ctx, 'affiliation.declare', aff.data.id)).toBe(1);
    await refused(() => h.admin.post('/api/affiliations', { organizationId: ids.jsInst }), 409, 'conflict');
    const r = await refused(() => redeem(h.member, V.id, { orderId: o.id }), 422, 'rule-violated', 'related-party');
    expect(r.data.affiliationId).toBe(aff.data.id);
    // Seen from the other side too.
    expect((await jsOrgAdmin.get('/api/affiliations')).data.map((a: any) => a.affiliateId)).toContain(h.id);
    expect((await h.admin.delete(`/api/affiliations/${aff.data.id}`)).statusCode).toBe(204);
    expect((await h.member.get(`/api/vouchers/${V.id}/quote`, { query: { orderId: o.id } })).data.payableFen).toBe(5_000);
  });

  it('refuses a suspended voucher (voucher-suspended) until the issuing jurisdiction reinstates it', async () => {
    await refused(() => shAdmin.post(`/api/vouchers/${V.id}/suspend`, { reason: '核查' }), 404, 'not-found');
    await refused(() => h.admin.post(`/api/vouchers/${V.id}/suspend`, { reason: '核查' }), 403, 'forbidden');
    const s = await zjAdmin.post(`/api/vouchers/${V.id}/suspend`, { reason: '材料核查中' });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.data).toMatchObject({ status: 'suspended', statusReason: '材料核查中' });
    const r = await refused(() => redeem(h.member, V.id, { orderId: o5.id }), 422, 'rule-violated', 'voucher-suspended');
    expect(r.data.detail).toContain('材料核查中');
    await refused(() => zjAdmin.post(`/api/vouchers/${V.id}/suspend`, { reason: '再次' }), 422, 'rule-violated', 'voucher-state');
    const back = await zjAdmin.post(`/api/vouchers/${V.id}/reinstate`);
    expect(back.data).toMatchObject({ status: 'active', statusReason: null });
    expect(await countAudit(ctx, 'voucher.suspend', V.id)).toBe(1);
    expect(await countAudit(ctx, 'voucher.reinstate', V.id)).toBe(1);
  });

  it('refuses a service already paid (409 already-redeemed)', async () => {
    const r = await refused(() => redeem(h.member, V.id, { orderId: o1.id }), 409, 'conflict');
    expect(r.data.rule).toBe('already-redeemed');
    expect(r.data.redemptionId).toBe(R.o1.id);
  });

  it('needs an Idempotency-Key (400) and exactly one of bookingId and orderId (400)', async () => {
    const r = await refused(() => redeem(h.member, V.id, { orderId: o5.id }, null), 400, 'validation-failed');
    expect(r.data.errors.map((e: any) => e.field)).toEqual(['header:/idempotency-key']);
    await refused(() => redeem(h.member, V.id, { orderId: o5.id }, ''), 400, 'validation-failed');
    await refused(() => redeem(h.member, V.id, { orderId: o5.id }, 'x'.repeat(201)), 400, 'validation-failed');
    await refused(() => redeem(h.member, V.id, { orderId: o5.id, bookingId: b1 }), 400, 'validation-failed');
    await refused(() => redeem(h.member, V.id, {}), 400, 'validation-failed');
    await refused(() => redeem(h.member, V.id, { orderId: 999_999 }), 404, 'not-found');
  });

  it('the same key twice is one redemption (200, Idempotent-Replayed); the same key with another body is 422', async () => {
    const o3 = await completedOrder(h.member, jsOrgAdmin, jsTesting, 20_000);
    const key = 'checkout-o3-' + Date.now();
    const first = await redeem(h.member, V.id, { orderId: o3.id }, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.data.amountFen).toBe(10_000);
    R.o3 = first.data;
    const before = await snapshot(ctx);
    const again = await redeem(h.member, V.id, { orderId: o3.id }, key);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.data).toEqual(first.data);
    // The holder's colleague replaying the same checkout gets the same answer.
    expect((await redeem(h.admin, V.id, { orderId: o3.id }, key)).data.id).toBe(first.data.id);
    expect(await snapshot(ctx)).toEqual(before);
    const reused = await refused(() => redeem(h.member, V.id, { orderId: o5.id }, key), 422, 'idempotency-key-reused');
    expect(reused.data.redemptionId).toBe(first.data.id);
    await refused(() => redeem(h.member, V.id, { orderId: o3.id, amountFen: 5_000 }, key), 422, 'idempotency-key-reused');
    expect((await voucher(h.member, V.id)).balanceFen).toBe(120_000);
  });

  it('the provider redeems at checkout with the voucher’s code (and only with it)', async () => {
    b2 = await completedBooking(ctx, { resourceId: ids.lcms, userId: h.memberId, organizationId: h.id, jurisdictionCode: '330000', chargeFen: 40_000 });
    await refused(() => redeem(shOrgAdmin, V.id, { bookingId: b2 }), 404, 'not-found');
    await refused(() => redeem(shOrgAdmin, V.id, { bookingId: b2, voucherCode: 'ZJ2026-2222-2222-2222-2' }), 404, 'not-found');
    // With the code, but for a service another provider gave: not theirs to redeem.
    await refused(() => redeem(shOrgAdmin, V.id, { orderId: o5.id, voucherCode: V.code }), 404, 'not-found');
    const r = await redeem(shOrgAdmin, V.id, { bookingId: b2, voucherCode: V.code.toLowerCase() });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({ amountFen: 20_000, providerId: ids.shProvider });
    R.b2 = r.data;
    expect((await voucher(h.member, V.id)).balanceFen).toBe(100_000);
  });

  it('pays no more than the balance (limitedBy balance), then nothing at all (insufficient-balance)', async () => {
    o2 = await completedOrder(h.member, jsOrgAdmin, jsTesting, 400_000);
    const q = await h.member.get(`/api/vouchers/${V.id}/quote`, { query: { orderId: o2.id } });
    expect(q.data).toMatchObject({
      feeFen: 400_000,
      shareLimitFen: 200_000,
      balanceFen: 100_000,
      payableFen: 100_000,
      copayFen: 300_000,
      limitedBy: 'balance',
    });
    const r = await redeem(h.member, V.id, { orderId: o2.id });
    expect(r.statusCode).toBe(201);
    expect(r.data).toMatchObject({ amountFen: 100_000, copayFen: 300_000 });
    R.o2 = r.data;
    const v = await voucher(h.member, V.id);
    expect(v).toMatchObject({ faceValueFen: 300_000, balanceFen: 0, redeemedFen: 300_000 });
    const empty = await refused(() => redeem(h.member, V.id, { orderId: o6.id }), 422, 'rule-violated', 'insufficient-balance');
    expect(empty.data.limitFen).toBe(0);
    expect((await program(pr.id)).budget).toMatchObject({ committedFen: 300_000, redeemedFen: 300_000 });
  });

  it('lists redemptions for the holder, the provider and the issuer', async () => {
    const mine = await h.member.get('/api/redemptions', { query: { voucherId: V.id, pageSize: 50 } });
    expect(mine.data.items.map((r: any) => r.id).sort((a: number, b: number) => a - b)).toEqual(
      [R.o1.id, R.b1.id, R.o3.id, R.b2.id, R.o2.id].sort((a, b) => a - b),
    );
    const prov = await jsOrgAdmin.get('/api/redemptions', { query: { scope: 'provider', voucherId: V.id } });
    expect(prov.data.items.map((r: any) => r.amountFen).sort((a: number, b: number) => a - b)).toEqual([10_000, 50_000, 100_000]);
    expectProblem(await h.member.get('/api/redemptions', { query: { scope: 'issuer' } }), 403, 'forbidden');
    const byVoucher = await h.member.get(`/api/vouchers/${V.id}/redemptions`);
    expect(byVoucher.data.total).toBe(5);
  });

  it('leaves the ledger whole', async () => {
    await expectLedgerClean(ctx);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`reversal and refund (${engine})`, () => {
  it('only the provider or the issuing jurisdiction unwinds; never more than was paid (refund-too-large)', async () => {
    await refused(() => h.admin.post(`/api/redemptions/${R.o1.id}/refund`, { amountFen: 1, reason: '自助退款' }), 403, 'forbidden');
    await refused(() => other.admin.post(`/api/redemptions/${R.o1.id}/refund`, { amountFen: 1, reason: 'x' }), 404, 'not-found');
    await refused(() => shAdmin.post(`/api/redemptions/${R.o1.id}/reverse`, { reason: 'x' }), 404, 'not-found');
    const big = await refused(
      () => jsOrgAdmin.post(`/api/redemptions/${R.o1.id}/refund`, { amountFen: 50_001, reason: '部分未完成' }),
      422,
      'rule-violated',
      'refund-too-large',
    );
    expect(big.data.limitFen).toBe(50_000);
    await refused(() => jsOrgAdmin.post(`/api/redemptions/${R.o1.id}/refund`, { amountFen: 0, reason: 'x' }), 400, 'validation-failed');
  });

  it('a refund gives part back to the voucher; a reversal the rest; the service can then be paid again', async () => {
    const receivable = await balance(ctx.db.db, account.receivable(ids.jsProvider, '330000'));
    const rf = await jsOrgAdmin.post(`/api/redemptions/${R.o1.id}/refund`, { amountFen: 20_000, reason: '部分项目未做' });
    expect(rf.statusCode, rf.body).toBe(200);
    expect(rf.data).toMatchObject({ status: 'completed', amountFen: 50_000, refundedFen: 20_000, copayFen: 70_000 });
    let v = await voucher(h.member, V.id);
    expect(v).toMatchObject({ balanceFen: 20_000, redeemedFen: 280_000 });
    expect(v.history.at(-1)).toMatchObject({ kind: 'refund', amountFen: 20_000, balanceAfterFen: 20_000, redemptionId: R.o1.id });
    expect(await balance(ctx.db.db, account.receivable(ids.jsProvider, '330000'))).toBe(receivable - 20_000);
    // A second refund may take what is left, no more.
    const big = await refused(
      () => jsOrgAdmin.post(`/api/redemptions/${R.o1.id}/refund`, { amountFen: 30_001, reason: 'x' }),
      422,
      'rule-violated',
      'refund-too-large',
    );
    expect(big.data.limitFen).toBe(30_000);

    const rv = await zjAdmin.post(`/api/redemptions/${R.o1.id}/reverse`, { reason: '服务取消' });
    expect(rv.statusCode, rv.body).toBe(200);
    expect(rv.data).toMatchObject({ status: 'reversed', refundedFen: 20_000 });
    v = await voucher(h.member, V.id);
    expect(v).toMatchObject({ balanceFen: 50_000, redeemedFen: 250_000 });
    expect(v.history.at(-1)).toMatchObject({ kind: 'reverse', amountFen: 30_000, balanceAfterFen: 50_000 });
    const again = await refused(() => jsOrgAdmin.post(`/api/redemptions/${R.o1.id}/reverse`, { reason: 'x' }), 409, 'conflict');
    expect(again.data.rule).toBe('already-reversed');
    await refused(() => jsOrgAdmin.post(`/api/redemptions/${R.o1.id}/refund`, { amountFen: 1, reason: 'x' }), 409, 'conflict');
    expect(await countAudit(ctx, 'redemption.refund', R.o1.id)).toBe(1);
    expect(await countAudit(ctx, 'redemption.reverse', R.o1.id)).toBe(1);

    // The order is unpaid again: a new redemption pays it.
    const re = await redeem(h.member, V.id, { orderId: R.o1.sourceId });
    expect(re.statusCode, re.body).toBe(201);
    expect(re.data.amountFen).toBe(50_000);
    R.o1b = re.data;
    v = await voucher(h.member, V.id);
    expect(v).toMatchObject({ faceValueFen: 300_000, balanceFen: 0, redeemedFen: 300_000, lapsedFen: 0 });
    expect(v.history.map((x: any) => x.kind)).toEqual(['issue', 'redeem', 'redeem', 'redeem', 'redeem', 'redeem', 'refund', 'reverse', 'redeem']);
    expect(v.history.reduce((s: number, x: any) => s + x.amountFen, 0)).toBe(0);
  });

  it('leaves the ledger whole', async () => {
    await expectLedgerClean(ctx);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`access (${engine})`, () => {
  it('another organisation neither sees nor redeems a voucher (404)', async () => {
    const o = await completedOrder(other.member, jsOrgAdmin, jsTesting, 10_000);
    await refused(() => other.member.get(`/api/vouchers/${V.id}`), 404, 'not-found');
    await refused(() => other.member.get(`/api/vouchers/${V.id}/redemptions`), 404, 'not-found');
    await refused(() => other.member.get(`/api/vouchers/${V.id}/quote`, { query: { orderId: o.id } }), 404, 'not-found');
    await refused(() => redeem(other.member, V.id, { orderId: o.id }), 404, 'not-found');
    await refused(() => redeem(other.member, V.id, { orderId: 999_999 }), 404, 'not-found');
    await refused(() => shMember.get(`/api/vouchers/${V.id}`), 404, 'not-found');
    expect((await other.member.get('/api/vouchers')).data.items).toEqual([]);
    expect((await other.member.get('/api/redemptions')).data.items).toEqual([]);
    expectProblem(await other.member.get('/api/vouchers', { query: { scope: 'managed' } }), 403, 'forbidden');
  });

  it('a jurisdiction admin cannot act on another jurisdiction’s programme or voucher', async () => {
    const a = await other.member.post(`/api/voucher-programs/${pr.id}/applications`, { applicantKind: 'enterprise', requestedFen: 10_000, purpose: '测试' });
    expect(a.statusCode).toBe(201);
    await refused(() => shAdmin.post(`/api/voucher-applications/${a.data.id}/approve`, { amountFen: 10_000 }), 404, 'not-found');
    await refused(() => shAdmin.post(`/api/voucher-applications/${a.data.id}/reject`, { note: 'x' }), 404, 'not-found');
    await refused(() => shAdmin.post(`/api/voucher-programs/${pr.id}/budget`, { amountFen: 100 }), 404, 'not-found');
    await refused(() => shAdmin.post(`/api/voucher-programs/${pr.id}/close`), 404, 'not-found');
    await refused(() => shAdmin.get(`/api/vouchers/${V.id}`), 404, 'not-found');
    await refused(() => shAdmin.post(`/api/vouchers/${V.id}/suspend`, { reason: 'x' }), 404, 'not-found');
    await refused(() => shAdmin.post(`/api/redemptions/${R.o2.id}/reverse`, { reason: 'x' }), 404, 'not-found');
    const theirs = await shAdmin.get('/api/vouchers', { query: { scope: 'managed', pageSize: 200 } });
    expect(theirs.data.items.every((v: any) => v.jurisdictionCode === '310000')).toBe(true);
    expect(theirs.data.items.map((v: any) => v.id)).not.toContain(V.id);
    const apps = await shAdmin.get('/api/voucher-applications', { query: { scope: 'managed', pageSize: 200 } });
    expect(apps.data.items.map((x: any) => x.id)).not.toContain(a.data.id);
    // Zhejiang's admin does see and decide it.
    expect((await zjAdmin.get(`/api/vouchers/${V.id}`)).statusCode).toBe(200);
    expect((await zjAdmin.post(`/api/voucher-applications/${a.data.id}/reject`, { note: '材料不全' })).data.status).toBe('rejected');
  });
});

// ---------------------------------------------------------------------------------------------
describe(`expiry (${engine})`, () => {
  let px: any;
  let vx: any;
  let rx2: any;

  it('a voucher past its date gives its balance back to the programme’s budget', async () => {
    px = await createProgram(zjAdmin, programBody(now(), { budgetFen: 1_000_000, issueUntil: iso(now() + 5 * DAY), expiresAt: iso(now() + 10 * DAY) }));
    vx = await issueVoucher(h.member, zjAdmin, px.id, 200_000);
    const o1x = await completedOrder(h.member, jsOrgAdmin, jsTesting, 120_000);
    const r1 = await redeem(h.member, vx.id, { orderId: o1x.id }, 'expiry-r1');
    rx2 = (await redeem(h.member, vx.id, { orderId: (await completedOrder(h.member, jsOrgAdmin, jsTesting, 20_000)).id })).data;
    expect([r1.data.amountFen, rx2.amountFen]).toEqual([60_000, 10_000]);
    const late = await completedOrder(h.member, jsOrgAdmin, jsTesting, 20_000);

    ctx.clock.advance(11 * DAY);
    expectProblem(await h.member.post('/api/vouchers/expire-due'), 403, 'forbidden');
    const ex = await zjAdmin.post('/api/vouchers/expire-due');
    expect(ex.statusCode, ex.body).toBe(200);
    expect(ex.data).toEqual({ expired: 1, returnedFen: 130_000 });
    expect((await zjAdmin.post('/api/vouchers/expire-due')).data).toEqual({ expired: 0, returnedFen: 0 });
    const v = await voucher(h.member, vx.id);
    expect(v).toMatchObject({ status: 'expired', faceValueFen: 200_000, balanceFen: 0, redeemedFen: 70_000, lapsedFen: 130_000 });
    expect(v.history.at(-1)).toMatchObject({ kind: 'expire', amountFen: -130_000, balanceAfterFen: 0 });
    expect((await program(px.id)).budget).toEqual({
      totalFen: 1_000_000,
      committedFen: 70_000,
      availableFen: 930_000,
      redeemedFen: 70_000,
      lapsedFen: 130_000,
    });
    expect(await countAudit(ctx, 'voucher.expire', vx.id)).toBe(1);
    // Expired: refused, and nothing written.
    await refused(() => redeem(h.member, vx.id, { orderId: late.id }), 422, 'rule-violated', 'voucher-expired');
    // A replay of a redemption made before the expiry still answers with it.
    const replay = await redeem(h.member, vx.id, { orderId: o1x.id }, 'expiry-r1');
    expect(replay.statusCode).toBe(200);
    expect(replay.data.id).toBe(r1.data.id);
    await refused(
      () => h.member.post(`/api/voucher-programs/${px.id}/applications`, { applicantKind: 'enterprise', requestedFen: 1000, purpose: 'x' }),
      422,
      'rule-violated',
      'issue-window',
    );
    expect((await h.member.get('/api/vouchers', { query: { status: 'expired' } })).data.items.map((x: any) => x.id)).toEqual([vx.id]);
  });

  it('a reversal after expiry goes on to the budget, not to the voucher', async () => {
    const rv = await jsOrgAdmin.post(`/api/redemptions/${rx2.id}/reverse`, { reason: '过期后撤销' });
    expect(rv.statusCode, rv.body).toBe(200);
    const v = await voucher(h.member, vx.id);
    expect(v).toMatchObject({ status: 'expired', balanceFen: 0, redeemedFen: 60_000, lapsedFen: 140_000 });
    expect(v.history.slice(-2)).toEqual([
      expect.objectContaining({ kind: 'reverse', amountFen: 10_000, balanceAfterFen: 10_000 }),
      expect.objectContaining({ kind: 'expire', amountFen: -10_000, balanceAfterFen: 0 }),
    ]);
    expect((await program(px.id)).budget).toEqual({
      totalFen: 1_000_000,
      committedFen: 60_000,
      availableFen: 940_000,
      redeemedFen: 60_000,
      lapsedFen: 140_000,
    });
    expect(await balance(ctx.db.db, account.budget(px.id))).toBe(940_000);
  });

  it('leaves the ledger whole', async () => {
    await expectLedgerClean(ctx);
  });
});

// ---------------------------------------------------------------------------------------------
let z: TestOrg; // a Zhejiang testing firm going through the whole provider lifecycle
let zProvider: number;
let zProduct: number;

describe(`providers: application, evidence, check, public notice, listing, recognition (${engine})`, () => {
  let ahx: TestOrg;
  let ahxProvider: number;
  let jsu: TestOrg;
  let jsuProvider: number;
  let objection: number;
  let recordId: number;
  const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
  const assess = { legalEntity: true, yearsInOperation: 11, publishedPrices: true, integrityClean: true, statement: '依法设立，价格公开，无失信记录。' };

  beforeAll(async () => {
    z = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', type: 'service_institution', establishedOn: '2014-06-01' });
    ahx = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '340000', tier: 'high_tech' });
    jsu = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '320000', type: 'service_institution' });
  });

  it('an organisation admin applies with a self-assessment (once)', async () => {
    await refused(() => z.member.post('/api/providers', { categories: ['testing'], selfAssessment: assess }), 403, 'forbidden');
    await refused(() => z.admin.post('/api/providers', { categories: ['testing', 'cooking'], selfAssessment: assess }), 400, 'validation-failed');
    await refused(() => zjAdmin.post('/api/providers', { categories: ['testing'], selfAssessment: assess }), 403, 'forbidden');
    const r = await z.admin.post('/api/providers', { categories: ['testing', 'analysis'], description: '第三方检测', selfAssessment: assess });
    expect(r.statusCode, r.body).toBe(201);
    zProvider = r.data.id;
    expect(r.data).toMatchObject({
      organizationId: z.id,
      jurisdictionCode: '330000',
      status: 'applied',
      categories: ['testing', 'analysis'],
      selfAssessment: assess,
      check: null,
      recognisedIn: [],
      evidence: [],
      openObjections: 0,
    });
    await refused(() => z.admin.post('/api/providers', { categories: ['testing'], selfAssessment: assess }), 409, 'conflict');
    // Not yet public.
    await refused(() => shMember.get(`/api/providers/${zProvider}`), 404, 'not-found');
    expect((await z.member.get('/api/providers/mine')).data.id).toBe(zProvider);
  });

  it('uploads evidence as a raw PDF body and downloads the same bytes', async () => {
    const up = await z.admin.post(`/api/providers/${zProvider}/evidence`, undefined, {
      payload: pdf,
      headers: { 'content-type': 'application/pdf' },
      query: { condition: 'legal_entity', filename: '营业执照.pdf' },
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.data).toMatchObject({ condition: 'legal_entity', filename: '营业执照.pdf', contentType: 'application/pdf', size: pdf.length });
    const down = await zjAdmin.get(`/api/providers/${zProvider}/evidence/${up.data.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.rawPayload.equals(pdf)).toBe(true);
    expect(String(down.headers['content-disposition'])).toContain(encodeURIComponent('营业执照.pdf'));
    await refused(
      () =>
        z.admin.post(`/api/providers/${zProvider}/evidence`, undefined, {
          payload: 'plain',
          headers: { 'content-type': 'text/plain' },
          query: { condition: 'other', filename: 'a.txt' },
        }),
      415,
      'unsupported-media-type',
    );
    await refused(
      () =>
        z.admin.post(`/api/providers/${zProvider}/evidence`, undefined, {
          payload: pdf,
          headers: { 'content-type': 'application/pdf' },
          query: { condition: 'astrology', filename: 'a.pdf' },
        }),
      400,
      'validation-failed',
    );
    await refused(
      () =>
        z.member.post(`/api/providers/${zProvider}/evidence`, undefined, {
          payload: pdf,
          headers: { 'content-type': 'application/pdf' },
          query: { condition: 'other', filename: 'a.pdf' },
        }),
      403,
      'forbidden',
    );
    expect((await z.admin.get(`/api/providers/${zProvider}`)).data.evidence).toHaveLength(1);
  });

  it('the home jurisdiction checks it: the public notice runs seven days', async () => {
    zProduct = (await product(z.admin, zProvider, 'testing', 50_000)).id;
    await refused(() => shAdmin.post(`/api/providers/${zProvider}/check`, { passed: true, note: 'x' }), 403, 'forbidden');
    const r = await zjAdmin.post(`/api/providers/${zProvider}/check`, { passed: true, note: '材料齐全' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data.status).toBe('notice');
    expect(r.data.noticeStartsAt).toBe(iso(now()));
    expect(Date.parse(r.data.noticeEndsAt) - Date.parse(r.data.noticeStartsAt)).toBe(7 * DAY);
    expect(r.data.check).toMatchObject({
      passed: true,
      note: '材料齐全',
      checks: { legalEntity: { ok: true }, yearsInOperation: { ok: true }, publishedPrices: { ok: true }, integrityClean: { ok: true } },
    });
    // Public now; still not listed.
    expect((await shMember.get(`/api/providers/${zProvider}`)).data.status).toBe('notice');
    const early = await refused(() => zjAdmin.post(`/api/providers/${zProvider}/list`), 422, 'rule-violated', 'notice-period');
    expect(early.data.noticeEndsAt).toBe(r.data.noticeEndsAt);
  });

  it('objections are taken during the notice', async () => {
    const o = await shMember.post(`/api/providers/${zProvider}/objections`, { reason: '检测报告曾出现错误' });
    expect(o.statusCode, o.body).toBe(201);
    expect(o.data).toMatchObject({ status: 'open', reason: '检测报告曾出现错误' });
    objection = o.data.id;
    await refused(() => z.member.post(`/api/providers/${zProvider}/objections`, { reason: '自己' }), 422, 'rule-violated', 'own-provider');
    expect((await zjAdmin.get(`/api/providers/${zProvider}`)).data.openObjections).toBe(1);
    // The provider sees the substance, not who objected.
    expect((await z.admin.get(`/api/providers/${zProvider}/objections`)).data).toEqual([expect.objectContaining({ id: objection, objector: null })]);
  });

  it('prepares a Jiangsu provider with an upheld objection and an Anhui one, then an integrity record bars the Anhui organisation', async () => {
    const j = await jsu.admin.post('/api/providers', { categories: ['testing'], selfAssessment: assess });
    jsuProvider = j.data.id;
    await product(jsu.admin, jsuProvider, 'testing');
    expect((await jsAdmin.post(`/api/providers/${jsuProvider}/check`, { passed: true, note: '核验通过' })).data.status).toBe('notice');
    const jo = await zjMember.post(`/api/providers/${jsuProvider}/objections`, { reason: '超范围经营' });
    const up = await jsAdmin.post(`/api/providers/${jsuProvider}/objections/${jo.data.id}/resolve`, { upheld: true, resolution: '异议成立' });
    expect(up.data.status).toBe('upheld');

    const a = await ahx.admin.post('/api/providers', { categories: ['testing'], selfAssessment: assess });
    ahxProvider = a.data.id;
    await product(ahx.admin, ahxProvider, 'testing');
    expect((await ahAdmin.post(`/api/providers/${ahxProvider}/check`, { passed: true, note: '核验通过' })).data.status).toBe('notice');

    const t = now();
    recordId = Number(
      (
        await ctx.db.db
          .insertInto('integrity_records')
          .values({
            jurisdiction_code: '340000',
            subject_type: 'organization',
            subject_org_id: ahx.id,
            subject_user_id: null,
            subject_name: ahx.name,
            misconduct: '伪造检测数据',
            outcome: '三年内不得申报科技项目、不得使用创新券',
            deciding_unit: '安徽省科学技术厅（示例）',
            legal_basis: '《科研失信行为调查处理规则》',
            effective_at: iso(t - DAY),
            ends_at: iso(t + 3 * 365 * DAY),
            status: 'active',
            created_by: null,
            created_at: iso(t - DAY),
            updated_at: iso(t - DAY),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    // An Anhui record bars a Zhejiang voucher.
    const r = await refused(
      () => ahx.member.post(`/api/voucher-programs/${pr.id}/applications`, { applicantKind: 'enterprise', requestedFen: 10_000, purpose: '检测' }),
      403,
      'integrity-record',
    );
    expect(r.data).toMatchObject({
      rule: 'integrity-record',
      action: 'receive_voucher',
      record: { id: recordId, jurisdictionCode: '340000', subjectName: ahx.name, decidingUnit: '安徽省科学技术厅（示例）' },
    });
    expect(r.data.detail).toContain(String(recordId));
    // Every account of the barred organisation is refused.
    await refused(
      () => ahx.admin.post(`/api/voucher-programs/${pr.id}/applications`, { applicantKind: 'enterprise', requestedFen: 10_000, purpose: '检测' }),
      403,
      'integrity-record',
    );
    // A clean Anhui enterprise may apply.
    expect(
      (await ahMember.post(`/api/voucher-programs/${pr.id}/applications`, { applicantKind: 'enterprise', requestedFen: 10_000, purpose: '检测' })).statusCode,
    ).toBe(201);
  });

  it('after the notice: no more objections; listing waits for open and upheld objections to clear', async () => {
    ctx.clock.advance(7 * DAY + HOUR);
    await refused(() => shMember.post(`/api/providers/${zProvider}/objections`, { reason: '迟到的异议' }), 422, 'rule-violated', 'notice-period');
    const open = await refused(() => zjAdmin.post(`/api/providers/${zProvider}/list`), 422, 'rule-violated', 'objections-open');
    expect(open.data.objections).toEqual([{ status: 'open', count: 1 }]);
    const upheld = await refused(() => jsAdmin.post(`/api/providers/${jsuProvider}/list`), 422, 'rule-violated', 'objections-open');
    expect(upheld.data.objections).toEqual([{ status: 'upheld', count: 1 }]);
    await refused(() => shAdmin.post(`/api/providers/${zProvider}/objections/${objection}/resolve`, { upheld: false, resolution: 'x' }), 403, 'forbidden');
    expect((await zjAdmin.post(`/api/providers/${zProvider}/objections/${objection}/resolve`, { upheld: false, resolution: '经核查不成立' })).data.status).toBe(
      'dismissed',
    );
    await refused(() => shAdmin.post(`/api/providers/${zProvider}/list`), 403, 'forbidden');
    const listed = await zjAdmin.post(`/api/providers/${zProvider}/list`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.data).toMatchObject({ status: 'listed', listedAt: iso(now()), recognisedIn: ['330000'], openObjections: 0 });
    expect(await countAudit(ctx, 'provider.list', zProvider)).toBe(1);
  });

  it('the integrity record bars the Anhui organisation’s listing (403 naming the record)', async () => {
    const r = await refused(() => ahAdmin.post(`/api/providers/${ahxProvider}/list`), 403, 'integrity-record');
    expect(r.data).toMatchObject({ action: 'provide_services', record: { id: recordId } });
  });

  it('another jurisdiction recognises a listed provider; its home cannot “recognise” it', async () => {
    await refused(() => zjAdmin.post(`/api/providers/${zProvider}/recognitions`, { decision: 'recognised' }), 422, 'rule-violated', 'home-jurisdiction');
    await refused(() => z.admin.post(`/api/providers/${zProvider}/recognitions`, { decision: 'recognised' }), 403, 'forbidden');
    await refused(() => admin.post(`/api/providers/${zProvider}/recognitions`, { decision: 'recognised' }), 403, 'forbidden');
    await refused(() => shAdmin.post(`/api/providers/${jsuProvider}/recognitions`, { decision: 'recognised' }), 422, 'rule-violated', 'provider-state');
    const r = await shAdmin.post(`/api/providers/${zProvider}/recognitions`, { decision: 'recognised', note: '长三角互认' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data.recognisedIn).toEqual(['310000', '330000']);
    expect(r.data.recognitions).toEqual([expect.objectContaining({ jurisdictionCode: '310000', decision: 'recognised', note: '长三角互认' })]);
    expect(await countAudit(ctx, 'provider.recognise', zProvider)).toBe(1);
    const listedHere = await shMember.get('/api/providers', { query: { status: 'listed', jurisdiction: '330000', pageSize: 200 } });
    expect(listedHere.data.items.map((p: any) => p.id)).toContain(zProvider);
  });

  it('a suspended provider cannot be paid with vouchers until reinstated', async () => {
    const vz = await issueVoucher(h.member, zjAdmin, pr.id, 100_000);
    R.vz = vz;
    const o = await completedOrder(h.member, z.admin, zProduct, 50_000);
    expect((await h.member.get(`/api/vouchers/${vz.id}/quote`, { query: { orderId: o.id } })).data).toMatchObject({
      payableFen: 25_000,
      providerId: zProvider,
      providerJurisdiction: '330000',
    });
    await refused(() => shAdmin.post(`/api/providers/${zProvider}/suspend`, { reason: 'x' }), 403, 'forbidden');
    const s = await zjAdmin.post(`/api/providers/${zProvider}/suspend`, { reason: '投诉核查' });
    expect(s.data).toMatchObject({ status: 'suspended', statusReason: '投诉核查', recognisedIn: [] });
    const r = await refused(() => redeem(h.member, vz.id, { orderId: o.id }), 422, 'rule-violated', 'provider-not-recognised');
    expect(r.data.providerStatus).toBe('suspended');
    // Nor can it take new orders meanwhile.
    await refused(() => h.member.post('/api/service-orders', { productId: zProduct, quantity: 1 }), 404, 'not-found');
    expect((await zjAdmin.post(`/api/providers/${zProvider}/reinstate`)).data.status).toBe('listed');
    const ok = await redeem(h.member, vz.id, { orderId: o.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.data.amountFen).toBe(25_000);
    // Shanghai recognised it: a Shanghai voucher pays it too.
    const so = await completedOrder(shMember, z.admin, zProduct, 50_000);
    const sr = await redeem(shMember, R.vs.id, { orderId: so.id });
    expect(sr.statusCode, sr.body).toBe(201);
    expect(sr.data).toMatchObject({ amountFen: 25_000, issuerJurisdiction: '310000', providerJurisdiction: '330000' });
  });

  it('published prices: a priced active product, or a published shared resource with a price (not a draft, not a free one)', async () => {
    const lab = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', type: 'service_institution', establishedOn: '2012-05-01' });
    const applied = await lab.admin.post('/api/providers', { categories: ['testing'], selfAssessment: assess });
    expect(applied.statusCode, applied.body).toBe(201);
    let serial = 0;
    const resource = async (body: Record<string, unknown>) => {
      const r = await lab.admin.post('/api/resources', {
        kind: 'instrument',
        name: `示例检测仪 ${serial++}`,
        ownerOrgId: lab.id,
        serviceModes: ['assisted'],
        ...body,
      });
      expect(r.statusCode, r.body).toBe(201);
    };
    await resource({ hourlyFeeFen: 30_000, status: 'draft' });
    await resource({ hourlyFeeFen: 0 });
    const unpriced = await refused(
      () => zjAdmin.post(`/api/providers/${applied.data.id}/check`, { passed: true, note: '价格公开' }),
      422,
      'rule-violated',
      'provider-conditions',
    );
    expect(unpriced.data.failed).toEqual(['publishedPrices']);
    await resource({ hourlyFeeFen: 30_000 });
    const r = await zjAdmin.post(`/api/providers/${applied.data.id}/check`, { passed: true, note: '价格公开' });
    expect(r.statusCode, r.body).toBe(200);
    // Stored as a code with parameters, read in the reader's language (issue 15).
    expect(r.data.check.checks.publishedPrices).toEqual({ ok: true, code: 'priced-services', detail: '1 项公开定价的服务' });
  });

  it('leaves the ledger whole', async () => {
    await expectLedgerClean(ctx);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`settlement and clearing (${engine})`, () => {
  let demoPeriod: string;
  let demoLcms: any, demoSem: any;
  let s1: any;

  beforeAll(async () => {
    const byKey = (k: string) => ctx.db.db.selectFrom('redemptions').selectAll().where('idempotency_key', '=', k).executeTakeFirstOrThrow();
    demoLcms = await byKey('demo-lcms-last-month');
    demoSem = await byKey('demo-sem-last-month');
    demoPeriod = demoLcms.period;
  });

  it('refuses the month still running (period-open), other jurisdictions and non-administrators', async () => {
    const current = periodOf(iso(now()));
    const r = await refused(() => zjAdmin.post('/api/settlements', { period: current }), 422, 'rule-violated', 'period-open');
    expect(r.data.periodEndsAt).toBe(periodBounds(current).to);
    await refused(() => zjAdmin.post('/api/settlements', { period: demoPeriod, jurisdictionCode: '310000' }), 403, 'forbidden');
    await refused(() => zjMember.post('/api/settlements', { period: demoPeriod }), 403, 'forbidden');
    await refused(() => zjAdmin.post('/api/settlements', { period: '2026-13' }), 400, 'validation-failed');
  });

  it('settles a past month: one line per provider, idempotent (200 with the same settlement)', async () => {
    expect(Number(demoLcms.amount_fen)).toBe(Math.floor(Number(demoLcms.fee_fen) / 2));
    const lcmsFen = Number(demoLcms.amount_fen);
    const semFen = Number(demoSem.amount_fen);
    const r = await zjAdmin.post('/api/settlements', { period: demoPeriod });
    expect(r.statusCode, r.body).toBe(201);
    s1 = r.data;
    expect(s1).toMatchObject({ period: demoPeriod, jurisdictionCode: '330000', status: 'locked', redemptions: 2, totalFen: lcmsFen + semFen });
    expect(s1.lines).toEqual(
      [
        { providerId: ids.shProvider, providerName: '示例量子精密仪器（上海）有限公司', providerJurisdiction: '310000', redemptions: 1, amountFen: lcmsFen },
        { providerId: ids.jsProvider, providerName: '示例苏州先进材料研究院', providerJurisdiction: '320000', redemptions: 1, amountFen: semFen },
      ].sort((a, b) => b.amountFen - a.amountFen),
    );
    expect(await countAudit(ctx, 'settlement.run', s1.id)).toBe(1);
    const before = await snapshot(ctx);
    const again = await zjAdmin.post('/api/settlements', { period: demoPeriod });
    expect(again.statusCode).toBe(200);
    expect(again.data).toEqual(s1);
    expect(await snapshot(ctx)).toEqual(before);
    expect((await zjAdmin.get(`/api/settlements/${s1.id}`)).data).toEqual(s1);
    expect((await shAdmin.get('/api/settlements', { query: { period: demoPeriod } })).data.items).toEqual([
      expect.objectContaining({ id: s1.id, totalFen: lcmsFen + semFen }),
    ]);
    expectProblem(await zjMember.get(`/api/settlements/${s1.id}`), 404, 'not-found');
    // The money moved from receivable to paid, and across jurisdictions into clearing.
    expect(await balance(ctx.db.db, account.paid(ids.shProvider))).toBe(lcmsFen);
    expect(await balance(ctx.db.db, account.paid(ids.jsProvider))).toBe(semFen);
    expect(await balance(ctx.db.db, account.clearing('330000', '310000'))).toBe(lcmsFen);
    expect(await balance(ctx.db.db, account.clearing('310000', '330000'))).toBe(-lcmsFen);
    await expectLedgerClean(ctx);
  });

  it('locks the period: a settled redemption can no longer be reversed or refunded (409 period-locked)', async () => {
    const r = await refused(() => shOrgAdmin.post(`/api/redemptions/${demoLcms.id}/reverse`, { reason: '迟到的撤销' }), 409, 'conflict');
    expect(r.data).toMatchObject({ rule: 'period-locked', settlementId: s1.id });
    await refused(() => zjAdmin.post(`/api/redemptions/${demoSem.id}/refund`, { amountFen: 1, reason: 'x' }), 409, 'conflict');
    const listed = await zjMember.get('/api/redemptions', { query: { period: demoPeriod } });
    expect(listed.data.items.map((x: any) => x.settlementId)).toEqual([s1.id, s1.id]);
  });

  it('exports the settlement as XLSX and CSV', async () => {
    const csv = await zjAdmin.get(`/api/settlements/${s1.id}/export`, { query: { format: 'csv' } });
    expect(csv.statusCode).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/text\/csv/);
    const rows: string[][] = parseCsv(csv.rawPayload.toString('utf8'), { bom: true });
    expect(rows[0]).toEqual(SETTLEMENT_COLUMNS.map((c) => c.header));
    expect(rows.slice(1)).toEqual(
      s1.lines.map((l: any) => [
        demoPeriod,
        '浙江 330000',
        l.providerName,
        `${l.providerJurisdiction === '310000' ? '上海' : '江苏'} ${l.providerJurisdiction}`,
        String(l.redemptions),
        (l.amountFen / 100).toFixed(2),
      ]),
    );
    const xlsx = await zjAdmin.get(`/api/settlements/${s1.id}/export`, { query: { format: 'xlsx' } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as any);
    const ws = wb.worksheets[0];
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1).map(String);
    expect(values(1)).toEqual(SETTLEMENT_COLUMNS.map((c) => c.header));
    expect(ws.rowCount).toBe(1 + s1.lines.length);
    for (let i = 0; i < s1.lines.length; i++) {
      expect(values(i + 2)).toEqual([
        demoPeriod,
        '浙江 330000',
        s1.lines[i].providerName,
        expect.stringContaining(s1.lines[i].providerJurisdiction),
        String(s1.lines[i].redemptions),
        (s1.lines[i].amountFen / 100).toFixed(2),
      ]);
    }
  });

  it('the clearing statement of that month: Zhejiang owes Shanghai and Jiangsu', async () => {
    const c = await shAdmin.get('/api/settlements/clearing', { query: { period: demoPeriod } });
    expect(c.statusCode, c.body).toBe(200);
    const lcmsFen = Number(demoLcms.amount_fen);
    const semFen = Number(demoSem.amount_fen);
    expect(c.data).toEqual({
      period: demoPeriod,
      settled: ['330000'],
      gross: [
        { from: '330000', to: '310000', amountFen: lcmsFen, redemptions: 1, settledFen: lcmsFen },
        { from: '330000', to: '320000', amountFen: semFen, redemptions: 1, settledFen: semFen },
      ],
      net: [
        { from: '330000', to: '310000', amountFen: lcmsFen },
        { from: '330000', to: '320000', amountFen: semFen },
      ],
      local: [],
    });
    expectProblem(await zjMember.get('/api/settlements/clearing', { query: { period: demoPeriod } }), 403, 'forbidden');
  });

  it('a month with traffic both ways nets Shanghai’s debt to Zhejiang against Zhejiang’s to Shanghai', async () => {
    // Into a fresh month: only what happens here falls into it.
    const start = Date.parse(periodBounds(periodOf(iso(now()))).to);
    ctx.clock.set(new Date(start + 2 * HOUR));
    const m1 = periodOf(iso(now()));
    const vz2 = await issueVoucher(h.member, zjAdmin, pr.id, 200_000);
    const pay = async (holder: Client, v: number, owner: Client, productId: number, fee: number) => {
      const r = await redeem(holder, v, { orderId: (await completedOrder(holder, owner, productId, fee)).id });
      expect(r.statusCode, r.body).toBe(201);
      return r.data;
    };
    const zjToSh = await pay(h.member, vz2.id, shOrgAdmin, shTesting, 200_000); // 100 000
    await pay(h.member, vz2.id, jsOrgAdmin, jsTesting, 80_000); // 40 000
    await pay(h.member, vz2.id, z.admin, zProduct, 30_000); // 15 000, local
    await pay(shMember, R.vs.id, z.admin, zProduct, 60_000); // 30 000, Shanghai → Zhejiang
    await refused(() => zjAdmin.post('/api/settlements', { period: m1 }), 422, 'rule-violated', 'period-open');

    ctx.clock.set(new Date(Date.parse(periodBounds(m1).to) + HOUR));
    const provisional = await zjAdmin.get('/api/settlements/clearing', { query: { period: m1 } });
    expect(provisional.data.settled).toEqual([]);
    const zs = await zjAdmin.post('/api/settlements', { period: m1 });
    expect(zs.statusCode, zs.body).toBe(201);
    expect(zs.data).toMatchObject({ period: m1, jurisdictionCode: '330000', redemptions: 3, totalFen: 155_000 });
    expect(zs.data.lines.map((l: any) => [l.providerId, l.redemptions, l.amountFen])).toEqual([
      [ids.shProvider, 1, 100_000],
      [ids.jsProvider, 1, 40_000],
      [zProvider, 1, 15_000],
    ]);
    const ss = await shAdmin.post('/api/settlements', { period: m1 });
    expect(ss.statusCode).toBe(201);
    expect(ss.data).toMatchObject({
      jurisdictionCode: '310000',
      redemptions: 1,
      totalFen: 30_000,
      lines: [expect.objectContaining({ providerId: zProvider, amountFen: 30_000, providerJurisdiction: '330000' })],
    });
    const c = await admin.get('/api/settlements/clearing', { query: { period: m1 } });
    expect(c.data).toEqual({
      period: m1,
      settled: ['310000', '330000'],
      gross: [
        { from: '310000', to: '330000', amountFen: 30_000, redemptions: 1, settledFen: 30_000 },
        { from: '330000', to: '310000', amountFen: 100_000, redemptions: 1, settledFen: 100_000 },
        { from: '330000', to: '320000', amountFen: 40_000, redemptions: 1, settledFen: 40_000 },
      ],
      net: [
        { from: '330000', to: '310000', amountFen: 70_000 },
        { from: '330000', to: '320000', amountFen: 40_000 },
      ],
      local: [{ jurisdiction: '330000', amountFen: 15_000, redemptions: 1 }],
    });
    // Locked: the Shanghai provider cannot reverse what was settled.
    const locked = await refused(() => shOrgAdmin.post(`/api/redemptions/${zjToSh.id}/reverse`, { reason: 'x' }), 409, 'conflict');
    expect(locked.data.rule).toBe('period-locked');
    await expectLedgerClean(ctx);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`audit trail (${engine})`, () => {
  it('every state change of a redemption is in the audit log, and the chain is whole', async () => {
    const r = await zjAdmin.get('/api/audit', { query: { entityType: 'redemption', entityId: String(R.o1.id), sort: 'seq' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data.items.map((e: any) => e.action)).toEqual(['voucher.redeem', 'redemption.refund', 'redemption.reverse']);
    for (const [action, min] of [
      ['voucher_program.create', 8],
      ['voucher_program.fund', 1],
      ['voucher_program.close', 1],
      ['voucher_application.reject', 2],
      ['provider.apply', 4],
      ['provider.check', 3],
      ['provider.objection.file', 2],
      ['provider.objection.resolve', 2],
      ['provider.evidence.add', 1],
      ['provider.suspend', 1],
      ['provider.reinstate', 1],
      ['provider.decline', 1],
      ['affiliation.remove', 1],
      ['service_order.complete', 10],
      ['settlement.run', 3],
    ] as const) {
      expect(await countAudit(ctx, action), action).toBeGreaterThanOrEqual(min);
    }
    // One audit entry per redemption written.
    const n = await ctx.db.db
      .selectFrom('redemptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await countAudit(ctx, 'voucher.redeem')).toBe(Number(n.n));
    expect((await verifyAuditChain(ctx.db.db)).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`lists (${engine})`, () => {
  it('sorts a wallet by balance (the contract’s sort=balance)', async () => {
    const active = (await h.member.get('/api/vouchers', { query: { status: 'active', pageSize: 50 } })).data.items;
    expect(active.map((v: any) => v.balanceFen).sort((a: number, b: number) => a - b)).toEqual([0, 45_000, 75_000, 100_000]);
    const asc = (await h.member.get('/api/vouchers', { query: { status: 'active', sort: 'balance', pageSize: 50 } })).data.items;
    expect(asc.map((v: any) => v.balanceFen)).toEqual([0, 45_000, 75_000, 100_000]);
    const desc = (await h.member.get('/api/vouchers', { query: { status: 'active', sort: '-balance', pageSize: 2, page: 1 } })).data;
    expect(desc.total).toBe(4);
    expect(desc.items.map((v: any) => v.balanceFen)).toEqual([100_000, 75_000]);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`team and enterprise caps are separate (${engine})`, () => {
  it('a team’s spending does not use up its organisation’s enterprise cap', async () => {
    const pt = await createProgram(zjAdmin, programBody(now(), { capEnterpriseYearFen: 100_000, capTeamFen: 50_000 }));
    const e5 = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'tech_sme' });
    const ve = await issueVoucher(e5.member, zjAdmin, pt.id, 100_000);
    const vt = await issueVoucher(e5.member, zjAdmin, pt.id, 50_000, { applicantKind: 'team', teamName: '传感器创新团队' });
    expect(vt).toMatchObject({ holderKind: 'team', teamName: '传感器创新团队', faceValueFen: 50_000 });
    // Over the team cap: refused at issuance.
    const a = await e5.member.post(`/api/voucher-programs/${pt.id}/applications`, {
      applicantKind: 'team',
      teamName: '传感器创新团队',
      requestedFen: 10_000,
      purpose: '测试',
    });
    const r = await refused(() => zjAdmin.post(`/api/voucher-applications/${a.data.id}/approve`, { amountFen: 10_000 }), 422, 'rule-violated', 'cap-exceeded');
    expect(r.data.remainingFen).toBe(0);
    await zjAdmin.post(`/api/voucher-applications/${a.data.id}/reject`, { note: '超出团队额度' });
    // The team spends its whole voucher…
    const t1 = await redeem(e5.member, vt.id, { orderId: (await completedOrder(e5.member, jsOrgAdmin, jsTesting, 100_000)).id });
    expect(t1.data.amountFen).toBe(50_000);
    // …and the enterprise may still spend all of its own, within its own cap.
    const o = await completedOrder(e5.member, jsOrgAdmin, jsTesting, 200_000);
    const q = await e5.member.get(`/api/vouchers/${ve.id}/quote`, { query: { orderId: o.id } });
    expect(q.data).toMatchObject({ shareLimitFen: 100_000, balanceFen: 100_000, capRemainingFen: 100_000, payableFen: 100_000 });
    const e = await redeem(e5.member, ve.id, { orderId: o.id });
    expect(e.statusCode, e.body).toBe(201);
    expect(e.data.amountFen).toBe(100_000);
    await expectLedgerClean(ctx);
  });
});

// ---------------------------------------------------------------------------------------------
describe(`the enterprise’s yearly cap across two vouchers (${engine})`, () => {
  it('a new year allows a new voucher, but redemptions within the year stay under the cap', async () => {
    const pc = await createProgram(
      zjAdmin,
      programBody(now(), { capEnterpriseYearFen: 100_000, issueUntil: iso(now() + 500 * DAY), expiresAt: iso(now() + 800 * DAY) }),
    );
    const e4 = await newOrgWithUsers(ctx, admin, { jurisdictionCode: '330000', tier: 'tech_sme' });
    const va = await issueVoucher(e4.member, zjAdmin, pc.id, 100_000);
    // 10:00 on 2 January of next year, Beijing time.
    const y = new Date(now() + 8 * HOUR).getUTCFullYear() + 1;
    ctx.clock.set(new Date(Date.UTC(y, 0, 2, 2)));
    const vb = await issueVoucher(e4.member, zjAdmin, pc.id, 100_000);
    const a3 = await e4.member.post(`/api/voucher-programs/${pc.id}/applications`, { applicantKind: 'enterprise', requestedFen: 50_000, purpose: '测试' });
    const capped = await refused(
      () => zjAdmin.post(`/api/voucher-applications/${a3.data.id}/approve`, { amountFen: 50_000 }),
      422,
      'rule-violated',
      'cap-exceeded',
    );
    expect(capped.data.remainingFen).toBe(0);

    const first = await redeem(e4.member, va.id, { orderId: (await completedOrder(e4.member, jsOrgAdmin, jsTesting, 160_000)).id });
    expect(first.data.amountFen).toBe(80_000);
    const ob = await completedOrder(e4.member, jsOrgAdmin, jsTesting, 100_000);
    const q = await e4.member.get(`/api/vouchers/${vb.id}/quote`, { query: { orderId: ob.id } });
    expect(q.data).toMatchObject({
      feeFen: 100_000,
      shareLimitFen: 50_000,
      balanceFen: 100_000,
      capRemainingFen: 20_000,
      payableFen: 20_000,
      copayFen: 80_000,
      limitedBy: 'cap',
    });
    const over = await refused(() => redeem(e4.member, vb.id, { orderId: ob.id, amountFen: 30_000 }), 422, 'rule-violated', 'cap-exceeded');
    expect(over.data.limitFen).toBe(20_000);
    const second = await redeem(e4.member, vb.id, { orderId: ob.id });
    expect(second.statusCode).toBe(201);
    expect(second.data.amountFen).toBe(20_000);
    // Cap used up: voucher A still holds 20 000 but may pay nothing this year.
    const oc = await completedOrder(e4.member, jsOrgAdmin, jsTesting, 100_000);
    const none = await refused(() => redeem(e4.member, va.id, { orderId: oc.id }), 422, 'rule-violated', 'cap-exceeded');
    expect(none.data.limitFen).toBe(0);
    // A refund frees cap again.
    await jsOrgAdmin.post(`/api/redemptions/${second.data.id}/refund`, { amountFen: 10_000, reason: '部分退款' });
    expect((await e4.member.get(`/api/vouchers/${va.id}/quote`, { query: { orderId: oc.id } })).data).toMatchObject({
      payableFen: 10_000,
      capRemainingFen: 10_000,
      limitedBy: 'cap',
    });
    await expectLedgerClean(ctx);
  });
});
