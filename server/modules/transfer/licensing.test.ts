// Open patent licences and contracts over HTTP, on both engines: every legal bar on a declaration
// (with its rule, writing nothing), fees, one-click acceptance (licence record, contract, audit),
// withdrawal; contracts proposed and signed by the other party, the exact schedules of every payment
// mode, payments to the earliest instalments, revenue reports, completion; reminders and overdue
// marks as the clock moves; default with the risk pool paying first and an integrity record that
// then bars the licensee; pool rules; who sees which contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { newOrgWith } from '../../../test/calls';
import { DAY, appNo, auditOf, created, iso, ok, people, plusDays, plusMonths, refused, resultBody, signedContract, type Who } from '../../../test/transfer';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let P: Record<string, Who>;
const c = (u: string): Client => P[u].client;
const nowIso = () => ctx.clock.now().toISOString();
/** A fixed start (the 15th: month arithmetic without end-of-month clamping). */
const T0 = '2027-01-15T02:00:00.000Z';

/** A granted invention of the Suzhou institute (js-org-admin), published. */
const patent = (over: Record<string, unknown> = {}) => created(c('js-org-admin').post('/api/results', resultBody(over)));
const declare = (listingId: number, over: Record<string, unknown> = {}, who = 'js-org-admin') =>
  c(who).post('/api/open-licences', { listingId, paymentMethod: 'one_off', feeFen: 50_000, termMonths: 24, ...over });
const propose = (who: string, body: Record<string, unknown>) => c(who).post('/api/contracts', { kind: 'licence', termMonths: 36, ...body });
const sign = (who: string, id: number) => c(who).post(`/api/contracts/${id}/signature`);
const pay = (who: string, id: number, body: Record<string, unknown>) => c(who).post(`/api/contracts/${id}/payments`, body);
const report = (who: string, id: number, body: Record<string, unknown>) => c(who).post(`/api/contracts/${id}/revenue-reports`, body);
const get = (who: string, id: number) => c(who).get(`/api/contracts/${id}`);

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '5000000', SESSION_ABSOLUTE_HOURS: '200000' });
  ctx.clock.set(T0);
  P = await people(ctx, [
    'admin',
    'sh-admin',
    'js-admin',
    'zj-admin',
    'ah-admin',
    'js-org-admin',
    'js-expert',
    'zj-org-admin',
    'zj-member',
    'sh-org-admin',
    'ah-org-admin',
  ]);
}, 120_000);
afterAll(() => ctx?.close());

describe(`declaring an open licence (${engine})`, () => {
  it.each([
    ['not granted yet', { patentStatus: 'pending' }, 'open-licence-not-granted'],
    ['under an exclusive licence', { legal: { exclusiveLicence: true } }, 'open-licence-exclusive-licence'],
    ['pledged without the pledgee’s consent', { legal: { pledged: true } }, 'open-licence-pledged'],
    ['with its annual fee unpaid', { legal: { annualFeePaid: false } }, 'open-licence-annual-fee'],
    ['with its ownership disputed', { legal: { ownershipDisputed: true } }, 'open-licence-ownership-disputed'],
    ['a utility model without an evaluation report', { resultType: 'utility_model', applicationNo: appNo('utility_model') }, 'open-licence-evaluation-report'],
    ['a design without an evaluation report', { resultType: 'design', applicationNo: appNo('design'), ipc: [] }, 'open-licence-evaluation-report'],
    ['no patent at all (software)', { resultType: 'software', applicationNo: undefined, patentStatus: undefined }, 'open-licence-not-patent'],
  ])('refuses a patent %s: 422 with its rule, nothing written', async (_name, over, rule) => {
    const p = await patent(over);
    const r = await refused(ctx, () => declare(p.id), 422, rule);
    expect(r.data).toMatchObject({ code: 'rule-violated', rule, bars: [rule] });
    expect((await ctx.anon().get(`/api/results/${p.id}`)).data.openLicence).toBeNull();
  });

  it('names every bar that applies, the first as the rule', async () => {
    const p = await patent({ patentStatus: 'pending', legal: { annualFeePaid: false, ownershipDisputed: true } });
    const r = await refused(ctx, () => declare(p.id), 422, 'open-licence-not-granted');
    expect(r.data.bars).toEqual(['open-licence-not-granted', 'open-licence-annual-fee', 'open-licence-ownership-disputed']);
    const en = await refused(
      ctx,
      () => c('js-org-admin').post('/api/open-licences', { listingId: p.id, paymentMethod: 'free', termMonths: 12 }, { lang: 'en' }),
      422,
      'open-licence-not-granted',
    );
    expect(en.data.detail).toBe('the patent is not granted yet');
  });

  it('allows a pledged patent with the pledgee’s consent, and utility models and designs with their evaluation report', async () => {
    const pledged = await patent({ legal: { pledged: true, pledgeeConsent: true } });
    const r = await declare(pledged.id);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({
      listingId: pledged.id,
      status: 'active',
      paymentMethod: 'one_off',
      feeFen: 50_000,
      royaltyBp: 0,
      termMonths: 24,
      licensees: 0,
      withdrawnAt: null,
      patent: { id: pledged.id, ownerOrgId: P['js-org-admin'].orgId, jurisdictionCode: '320000' },
    });
    for (const type of ['utility_model', 'design'] as const) {
      const p = await patent({ resultType: type, applicationNo: appNo(type), legal: { evaluationReport: `PJ-${type}-2024-0001` } });
      const d = await declare(p.id, { paymentMethod: 'free', feeFen: undefined });
      expect(d.statusCode, d.body).toBe(201);
      expect(d.data.patent.resultType).toBe(type);
    }
    // The listing now shows its declaration, and the public list has it.
    expect((await ctx.anon().get(`/api/results/${pledged.id}`)).data.openLicence).toMatchObject({ id: r.data.id, paymentMethod: 'one_off', feeFen: 50_000 });
    const list = await ctx.anon().get('/api/open-licences', { query: { listingId: pledged.id } });
    expect(list.data.items.map((x: any) => x.id)).toEqual([r.data.id]);
    expect(await auditOf(ctx, 'open_licence', r.data.id)).toEqual([{ action: 'open_licence.declare', actor: 'js-org-admin' }]);
  });

  it('validates the fee: royalty above 20 % refused, fees matching the method (400, nothing written)', async () => {
    const p = await patent();
    const bad = async (over: Record<string, unknown>, field: string, code: string) => {
      const r = await refused(ctx, () => declare(p.id, over), 400, 'validation-failed');
      expect(r.data.errors).toEqual([expect.objectContaining({ field, code })]);
    };
    await bad({ paymentMethod: 'royalty', feeFen: undefined, royaltyBp: 2001 }, 'body:/royaltyBp', 'royalty-range');
    await bad({ paymentMethod: 'entry_royalty', feeFen: 10_000, royaltyBp: 2500 }, 'body:/royaltyBp', 'royalty-range');
    await bad({ paymentMethod: 'royalty', feeFen: undefined, royaltyBp: 0 }, 'body:/royaltyBp', 'royalty-range');
    await bad({ paymentMethod: 'one_off', feeFen: 0 }, 'body:/feeFen', 'required');
    await bad({ paymentMethod: 'free', feeFen: 100 }, 'body:/feeFen', 'value-invalid');
    await bad({ paymentMethod: 'royalty', feeFen: 100, royaltyBp: 300 }, 'body:/feeFen', 'value-invalid');
    await refused(ctx, () => declare(p.id, { termMonths: 0 }), 400, 'validation-failed');
    // 20 % exactly is allowed.
    const r = await declare(p.id, { paymentMethod: 'royalty', feeFen: undefined, royaltyBp: 2000 });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({ paymentMethod: 'royalty', royaltyBp: 2000, feeFen: 0 });
  });

  it('one declaration in force per patent (409); only the patentee’s org admin declares (403), nothing written', async () => {
    const p = await patent();
    expect((await declare(p.id)).statusCode).toBe(201);
    const again = await refused(ctx, () => declare(p.id, { feeFen: 60_000 }), 409, 'open-licence-exists');
    expect(again.data.code).toBe('conflict');
    const q = await patent();
    for (const who of ['js-expert', 'zj-org-admin', 'sh-org-admin', 'admin', 'js-admin']) await refused(ctx, () => declare(q.id, {}, who), 403, 'forbidden');
    await refused(ctx, () => ctx.anon().post('/api/open-licences', { listingId: q.id, paymentMethod: 'free', termMonths: 12 }), 401);
    const draft = await patent({ status: 'draft' });
    await refused(ctx, () => declare(draft.id), 404, 'not-found');
  });
});

describe(`accepting an open licence (${engine})`, () => {
  let pat: any, ol: any, accepted: any;

  beforeAll(async () => {
    pat = await patent({ title: '开放许可测试专利' });
    ol = await created(declare(pat.id, { statement: '任何单位书面通知并支付许可费即可实施。' }));
  });

  it('one click: a non-exclusive licence with its record number and an active contract carrying the fee, audited', async () => {
    const r = await c('zj-org-admin').post(`/api/open-licences/${ol.id}/acceptances`, { note: '用于注塑件检测产线' });
    expect(r.statusCode, r.body).toBe(201);
    accepted = r.data;
    expect(r.data).toMatchObject({
      via: 'open_licence',
      kind: 'licence',
      exclusive: false,
      status: 'active',
      openLicenceId: ol.id,
      listingId: pat.id,
      licensorOrgId: P['js-org-admin'].orgId,
      licenseeOrgId: P['zj-org-admin'].orgId,
      priceFen: 50_000,
      paymentMode: 'lump_sum',
      termMonths: 24,
      signedAt: nowIso(),
      startsAt: nowIso(),
      endsAt: plusMonths(nowIso(), 24),
      myRole: 'licensee',
      totalDueFen: 50_000,
      paidFen: 0,
      outstandingFen: 50_000,
    });
    expect(r.data.contractNo).toMatch(/^YRD-TT-\d{4}-\d{6}$/);
    expect(r.data.terms).toContain('用于注塑件检测产线');
    expect(r.data.licence).toMatchObject({ exclusive: false, status: 'active', startsAt: nowIso(), endsAt: plusMonths(nowIso(), 24) });
    expect(r.data.licence.recordNo).toMatch(/^YRD-XK-\d{4}-\d{6}$/);
    expect(r.data.instalments).toEqual([
      expect.objectContaining({ seq: 1, amountFen: 50_000, paidFen: 0, status: 'scheduled', dueAt: plusDays(nowIso(), 30) }),
    ]);
    expect(await auditOf(ctx, 'open_licence', ol.id)).toEqual([
      { action: 'open_licence.declare', actor: 'js-org-admin' },
      { action: 'open_licence.accept', actor: 'zj-org-admin' },
    ]);
    expect((await auditOf(ctx, 'contract', r.data.id)).map((a) => a.action)).toEqual(['contract.create', 'contract.sign']);
    expect(await auditOf(ctx, 'licence', r.data.licence.id)).toEqual([{ action: 'licence.record', actor: 'zj-org-admin' }]);
    expect((await ctx.anon().get(`/api/open-licences/${ol.id}`)).data.licensees).toBe(1);
    // The licensor sees the same contract.
    expect((await get('js-org-admin', r.data.id)).data).toMatchObject({ id: r.data.id, myRole: 'licensor' });
  });

  it('a second acceptance by the same organisation is a 409; the owner cannot accept its own (422); members and administrators may not (403) — nothing written', async () => {
    const again = await refused(ctx, () => c('zj-org-admin').post(`/api/open-licences/${ol.id}/acceptances`, {}), 409, 'licence-exists');
    expect(again.data.recordNo).toBe(accepted.licence.recordNo);
    await refused(ctx, () => c('js-org-admin').post(`/api/open-licences/${ol.id}/acceptances`, {}), 422, 'own-patent');
    for (const who of ['zj-member', 'js-expert', 'admin', 'zj-admin'])
      await refused(ctx, () => c(who).post(`/api/open-licences/${ol.id}/acceptances`, {}), 403, 'forbidden');
    await refused(ctx, () => c('zj-org-admin').post('/api/open-licences/99999999/acceptances', {}), 404, 'not-found');
  });

  it('royalty terms become a revenue-share contract (entry fee, then royalties per report)', async () => {
    const p = await patent();
    const o = await created(declare(p.id, { paymentMethod: 'entry_royalty', feeFen: 20_000, royaltyBp: 300, termMonths: 60 }));
    const k = await created(c('sh-org-admin').post(`/api/open-licences/${o.id}/acceptances`));
    expect(k).toMatchObject({ paymentMode: 'revenue_share', priceFen: 20_000, revenueShareBp: 300, status: 'active', exclusive: false });
    expect(k.instalments).toEqual([expect.objectContaining({ amountFen: 20_000, label: '入门费' })]);
    const rep = await ok(report('sh-org-admin', k.id, { period: '2026-12', revenueFen: 1_000_001 }));
    expect(rep.revenueReports).toEqual([expect.objectContaining({ period: '2026-12', revenueFen: 1_000_001, royaltyFen: 30_000 })]);
    expect(rep.instalments[1]).toMatchObject({ seq: 2, amountFen: 30_000, dueAt: plusDays(nowIso(), 30), status: 'scheduled' });
  });

  it('an exclusive licence or an assignment is refused while the declaration is in force; a plain licence is not', async () => {
    await refused(
      ctx,
      () => propose('sh-org-admin', { listingId: pat.id, exclusive: true, priceFen: 500_000, paymentMode: 'lump_sum' }),
      422,
      'exclusive-while-open-licence',
    );
    await refused(
      ctx,
      () => propose('sh-org-admin', { listingId: pat.id, kind: 'assignment', priceFen: 500_000, paymentMode: 'lump_sum' }),
      422,
      'exclusive-while-open-licence',
    );
    await refused(
      ctx,
      () => propose('js-org-admin', { listingId: pat.id, licenseeOrgId: P['sh-org-admin'].orgId, exclusive: true, priceFen: 500_000, paymentMode: 'lump_sum' }),
      422,
      'exclusive-while-open-licence',
    );
    const plain = await propose('sh-org-admin', { listingId: pat.id, priceFen: 500_000, paymentMode: 'lump_sum' });
    expect(plain.statusCode, plain.body).toBe(201);
  });

  it('withdrawal is announced with its reason; licences granted stay in force; later acceptances are refused (422 open-licence-withdrawn)', async () => {
    await refused(ctx, () => c('js-expert').post(`/api/open-licences/${ol.id}/withdrawal`, { reason: '停止' }), 403, 'forbidden');
    await refused(ctx, () => c('zj-org-admin').post(`/api/open-licences/${ol.id}/withdrawal`, { reason: '停止' }), 403, 'forbidden');
    await refused(ctx, () => c('js-org-admin').post(`/api/open-licences/${ol.id}/withdrawal`, { reason: '' }), 400, 'validation-failed');
    ctx.clock.advance(3_600_000);
    const w = await c('js-org-admin').post(`/api/open-licences/${ol.id}/withdrawal`, { reason: '拟独占许可给产业化合作方' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.data).toMatchObject({ status: 'withdrawn', withdrawalReason: '拟独占许可给产业化合作方', withdrawnAt: nowIso(), licensees: 1 });
    const announced = await ctx.anon().get('/api/open-licences', { query: { status: 'withdrawn', pageSize: 200 } });
    expect(announced.data.items.map((x: any) => x.id)).toContain(ol.id);
    expect((await ctx.anon().get('/api/open-licences', { query: { pageSize: 200 } })).data.items.map((x: any) => x.id)).not.toContain(ol.id);
    expect((await ctx.anon().get(`/api/results/${pat.id}`)).data.openLicence).toBeNull();
    const held = await ok(get('zj-org-admin', accepted.id));
    expect(held).toMatchObject({ status: 'active', licence: { status: 'active', recordNo: accepted.licence.recordNo } });
    const late = await refused(ctx, () => c('ah-org-admin').post(`/api/open-licences/${ol.id}/acceptances`, {}), 422, 'open-licence-withdrawn');
    expect(late.data.state).toBe('withdrawn');
    await refused(ctx, () => c('js-org-admin').post(`/api/open-licences/${ol.id}/withdrawal`, { reason: '再次' }), 422, 'open-licence-withdrawn');
    expect(await auditOf(ctx, 'open_licence', ol.id)).toEqual([
      { action: 'open_licence.declare', actor: 'js-org-admin' },
      { action: 'open_licence.accept', actor: 'zj-org-admin' },
      { action: 'open_licence.withdraw', actor: 'js-org-admin' },
    ]);
    // A new declaration may follow the withdrawal.
    expect((await declare(pat.id, { feeFen: 80_000 })).statusCode).toBe(201);
  });

  it('an exclusive licence in force bars a declaration (the listing is flagged at signing)', async () => {
    const p = await patent();
    const k = await signedContract(c('sh-org-admin'), c('js-org-admin'), { listingId: p.id, exclusive: true, priceFen: 800_000, paymentMode: 'lump_sum' });
    expect(k).toMatchObject({ status: 'active', exclusive: true, licence: { exclusive: true } });
    expect((await ctx.anon().get(`/api/results/${p.id}`)).data.legal.exclusiveLicence).toBe(true);
    await refused(ctx, () => declare(p.id), 422, 'open-licence-exclusive-licence');
    await refused(
      ctx,
      () => propose('zj-org-admin', { listingId: p.id, exclusive: true, priceFen: 800_000, paymentMode: 'lump_sum' }),
      422,
      'exclusive-licence-in-force',
    );
  });
});

describe(`contracts: proposal, signature and schedules (${engine})`, () => {
  let lic: any; // a plain patent of the institute for licences by agreement
  beforeAll(async () => {
    lic = await patent({ title: '合同测试专利' });
  });

  it('the licensee proposes, the licensor signs; the proposer cannot sign its own (422 sign-by-counterparty); a lump sum is due in 30 days', async () => {
    const p = await propose('zj-org-admin', { listingId: lic.id, priceFen: 1_000_000, paymentMode: 'lump_sum', terms: '普通许可' });
    expect(p.statusCode, p.body).toBe(201);
    expect(p.data).toMatchObject({
      status: 'proposed',
      via: 'agreement',
      proposedByOrgId: P['zj-org-admin'].orgId,
      licenseeOrgId: P['zj-org-admin'].orgId,
      licensorOrgId: P['js-org-admin'].orgId,
      instalments: [],
      licence: null,
      signedAt: null,
      nextDue: null,
      myRole: 'licensee',
    });
    await refused(ctx, () => sign('zj-org-admin', p.data.id), 422, 'sign-by-counterparty');
    await refused(ctx, () => sign('js-expert', p.data.id), 403, 'forbidden'); // of the licensor, not its admin
    await refused(ctx, () => sign('ah-org-admin', p.data.id), 404, 'not-found');
    await refused(ctx, () => pay('zj-org-admin', p.data.id, { amountFen: 100 }), 422, 'contract-not-signed');
    ctx.clock.advance(60_000);
    const s = await sign('js-org-admin', p.data.id);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.data).toMatchObject({
      status: 'active',
      signedAt: nowIso(),
      myRole: 'licensor',
      totalDueFen: 1_000_000,
      outstandingFen: 1_000_000,
      overdue: false,
    });
    expect(s.data.instalments).toEqual([
      {
        id: expect.any(Number),
        seq: 1,
        label: '一次性支付',
        dueAt: plusDays(nowIso(), 30),
        amountFen: 1_000_000,
        paidFen: 0,
        compensatedFen: 0,
        status: 'scheduled',
        remindedAt: null,
        overdueAt: null,
      },
    ]);
    expect(s.data.nextDue).toMatchObject({ instalmentId: s.data.instalments[0].id, amountFen: 1_000_000, dueAt: plusDays(nowIso(), 30) });
    await refused(ctx, () => sign('js-org-admin', p.data.id), 422, 'contract-not-proposed');
  });

  it('the licensor may propose naming the licensee, who signs', async () => {
    await refused(ctx, () => propose('js-org-admin', { listingId: lic.id, priceFen: 100_000, paymentMode: 'lump_sum' }), 400, 'validation-failed');
    await refused(
      ctx,
      () => propose('js-org-admin', { listingId: lic.id, licenseeOrgId: P['js-org-admin'].orgId, priceFen: 100_000, paymentMode: 'lump_sum' }),
      422,
      'own-patent',
    );
    const k = await signedContract(c('js-org-admin'), c('sh-org-admin'), {
      listingId: lic.id,
      licenseeOrgId: P['sh-org-admin'].orgId,
      priceFen: 100_000,
      paymentMode: 'lump_sum',
    });
    expect(k).toMatchObject({ status: 'active', proposedByOrgId: P['js-org-admin'].orgId, licenseeOrgId: P['sh-org-admin'].orgId, myRole: 'licensee' });
  });

  it.each([
    ['deferred without months', { paymentMode: 'deferred' }, 'body:/deferMonths', 'required'],
    ['instalments of one', { paymentMode: 'instalments', instalmentCount: 1, intervalMonths: 3 }, 'body:/instalmentCount', 'value-invalid'],
    ['instalments without interval', { paymentMode: 'instalments', instalmentCount: 3 }, 'body:/intervalMonths', 'required'],
    [
      'instalments of less than a fen each',
      { paymentMode: 'instalments', priceFen: 3, instalmentCount: 4, intervalMonths: 1 },
      'body:/instalmentCount',
      'value-invalid',
    ],
    ['a revenue share above 50 %', { paymentMode: 'revenue_share', revenueShareBp: 5001 }, 'body:/revenueShareBp', 'value-invalid'],
    ['a fixed price of nothing', { paymentMode: 'lump_sum', priceFen: 0 }, 'body:/priceFen', 'required'],
    ['an assignment paid by revenue share', { kind: 'assignment', paymentMode: 'revenue_share', revenueShareBp: 500 }, 'body:/paymentMode', 'value-invalid'],
  ])('refuses %s (400 naming the field), nothing written', async (_name, over, field, code) => {
    const r = await refused(ctx, () => propose('zj-org-admin', { listingId: lic.id, priceFen: 100_000, ...over }), 400, 'validation-failed');
    expect(r.data.errors).toEqual([expect.objectContaining({ field, code })]);
  });

  it('members and administrators do not propose (403); unknown or draft listings are 404', async () => {
    for (const who of ['zj-member', 'admin', 'zj-admin'])
      await refused(ctx, () => propose(who, { listingId: lic.id, priceFen: 100_000, paymentMode: 'lump_sum' }), 403, 'forbidden');
    const draft = await patent({ status: 'draft' });
    await refused(ctx, () => propose('zj-org-admin', { listingId: draft.id, priceFen: 100_000, paymentMode: 'lump_sum' }), 404, 'not-found');
  });

  it('deferred 12 months: one instalment due a year after signing', async () => {
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), { listingId: lic.id, priceFen: 900_000, paymentMode: 'deferred', deferMonths: 12 });
    expect(k.instalments).toEqual([expect.objectContaining({ seq: 1, amountFen: 900_000, dueAt: plusMonths(k.signedAt, 12), status: 'scheduled' })]);
    expect(k.instalments[0].dueAt.slice(0, 10)).toBe('2028-01-15');
  });

  it('deferred until first revenue: undated until a report with revenue, then due in 30 days; nothing payable before', async () => {
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: lic.id,
      priceFen: 400_000,
      paymentMode: 'deferred',
      deferUntilRevenue: true,
    });
    expect(k.instalments).toEqual([expect.objectContaining({ amountFen: 400_000, dueAt: null, label: '首笔收入后支付' })]);
    expect(k.nextDue).toMatchObject({ dueAt: null, amountFen: 400_000 });
    const early = await refused(ctx, () => pay('zj-org-admin', k.id, { amountFen: 1 }), 422, 'payment-exceeds-due');
    expect(early.data.dueFen).toBe(0);
    const zero = await ok(report('zj-org-admin', k.id, { period: '2026-11', revenueFen: 0 }));
    expect(zero.instalments[0].dueAt).toBeNull();
    expect(zero.revenueReports).toEqual([expect.objectContaining({ period: '2026-11', revenueFen: 0, royaltyFen: 0 })]);
    ctx.clock.advance(DAY);
    const first = await ok(report('zj-org-admin', k.id, { period: '2026-12', revenueFen: 2_500_000 }));
    expect(first.instalments).toEqual([expect.objectContaining({ amountFen: 400_000, dueAt: plusDays(nowIso(), 30), status: 'scheduled' })]);
    // Not a revenue-share contract: no royalty.
    expect(first.revenueReports[1]).toMatchObject({ royaltyFen: 0 });
    // A later report does not move the date.
    ctx.clock.advance(DAY);
    const second = await ok(report('zj-org-admin', k.id, { period: '2027-01', revenueFen: 1_000_000 }));
    expect(second.instalments[0].dueAt).toBe(first.instalments[0].dueAt);
  });

  it('instalments add up exactly to the price (remainder fen on the last), every interval after the deferral', async () => {
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: lic.id,
      priceFen: 1_000_001,
      paymentMode: 'instalments',
      instalmentCount: 3,
      intervalMonths: 6,
    });
    expect(k.instalments.map((i: any) => [i.seq, i.amountFen, i.dueAt, i.label])).toEqual([
      [1, 333_333, plusMonths(k.signedAt, 6), '第 1/3 期'],
      [2, 333_333, plusMonths(k.signedAt, 12), '第 2/3 期'],
      [3, 333_335, plusMonths(k.signedAt, 18), '第 3/3 期'],
    ]);
    expect(k.totalDueFen).toBe(1_000_001);
    const d = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: lic.id,
      priceFen: 1_000_000,
      paymentMode: 'instalments',
      instalmentCount: 7,
      intervalMonths: 1,
      deferMonths: 12,
    });
    expect(d.instalments.map((i: any) => i.amountFen)).toEqual([142_857, 142_857, 142_857, 142_857, 142_857, 142_857, 142_858]);
    expect(d.instalments.map((i: any) => i.dueAt)).toEqual(Array.from({ length: 7 }, (_, i) => plusMonths(d.signedAt, 12 + i)));
    expect(d.instalments.reduce((a: number, i: any) => a + i.amountFen, 0)).toBe(1_000_000);
  });

  it('revenue share: royalty = floor(revenue × bp / 10 000) per report, due in 30 days; a period twice is 409; future periods 400; only the licensee reports', async () => {
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), { listingId: lic.id, priceFen: 0, paymentMode: 'revenue_share', revenueShareBp: 350 });
    expect(k.instalments).toEqual([]);
    const r1 = await ok(report('zj-org-admin', k.id, { period: '2026-12', revenueFen: 1_234_567, note: '十二月' }));
    expect(r1.revenueReports).toEqual([expect.objectContaining({ period: '2026-12', revenueFen: 1_234_567, royaltyFen: 43_209, note: '十二月' })]);
    expect(r1.instalments).toEqual([
      expect.objectContaining({ seq: 1, label: '2026-12 提成', amountFen: 43_209, dueAt: plusDays(nowIso(), 30), status: 'scheduled' }),
    ]);
    const r2 = await ok(report('zj-org-admin', k.id, { period: '2027-01', revenueFen: 99 }));
    // 99 × 350 / 10 000 = 3.465: 3 fen.
    expect(r2.instalments.map((i: any) => i.amountFen)).toEqual([43_209, 3]);
    const r3 = await ok(report('zj-org-admin', k.id, { period: '2026-10', revenueFen: 28 }));
    // Less than a fen of royalty: reported, nothing falls due.
    expect(r3.revenueReports.map((x: any) => x.royaltyFen)).toEqual([0, 43_209, 3]);
    expect(r3.instalments).toHaveLength(2);
    const dup = await refused(ctx, () => report('zj-org-admin', k.id, { period: '2026-12', revenueFen: 5 }), 409, 'period-reported');
    expect(dup.data.code).toBe('conflict');
    await refused(ctx, () => report('zj-org-admin', k.id, { period: '2027-02', revenueFen: 5 }), 400, 'validation-failed');
    await refused(ctx, () => report('zj-org-admin', k.id, { period: '2027-13', revenueFen: 5 }), 400, 'validation-failed');
    await refused(ctx, () => report('js-org-admin', k.id, { period: '2026-09', revenueFen: 5 }), 403, 'forbidden');
    await refused(ctx, () => report('ah-org-admin', k.id, { period: '2026-09', revenueFen: 5 }), 404, 'not-found');
    // Paying royalties does not complete a revenue-share contract: it runs for its term.
    const paid = await ok(pay('zj-org-admin', k.id, { amountFen: 43_212 }));
    expect(paid).toMatchObject({ status: 'active', paidFen: 43_212, outstandingFen: 0, nextDue: null });
  });

  it('at the end of its term a contract with nothing owed is completed and its licence ends; one still owing stays active', async () => {
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: lic.id,
      priceFen: 0,
      paymentMode: 'revenue_share',
      revenueShareBp: 200,
      termMonths: 1,
    });
    const owing = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: lic.id,
      priceFen: 0,
      paymentMode: 'revenue_share',
      revenueShareBp: 200,
      termMonths: 1,
    });
    await ok(report('zj-org-admin', owing.id, { period: '2026-10', revenueFen: 100_000 }));
    expect(k.licence).toMatchObject({ status: 'active' });
    ctx.clock.advance(32 * DAY);
    const done = await ok(c('zj-org-admin').get(`/api/contracts/${k.id}`));
    expect(done).toMatchObject({ status: 'completed', licence: { status: 'ended' } });
    const still = await ok(c('zj-org-admin').get(`/api/contracts/${owing.id}`));
    expect(still).toMatchObject({ status: 'active', outstandingFen: 2_000 });
    const audit = await ctx.db.db.selectFrom('audit_log').select('change_json').where('action', '=', 'contract.sweep').execute();
    expect(audit.some((a: any) => JSON.parse(a.change_json).completed?.includes(k.id))).toBe(true);
  });

  it('signed on the 31st: each instalment is due on the month’s last day at most, without drifting after February', async () => {
    ctx.clock.set('2027-01-31T02:00:00.000Z');
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: lic.id,
      priceFen: 400_000,
      paymentMode: 'instalments',
      instalmentCount: 4,
      intervalMonths: 1,
    });
    expect(k.instalments.map((i: any) => i.dueAt.slice(0, 10))).toEqual(['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
    const d = await signedContract(c('zj-org-admin'), c('js-org-admin'), { listingId: lic.id, priceFen: 400_000, paymentMode: 'deferred', deferMonths: 1 });
    expect(d.instalments[0].dueAt).toBe('2027-02-28T02:00:00.000Z');
  });
});

describe(`payments (${engine})`, () => {
  let lic: any, k: any;
  beforeAll(async () => {
    lic = await patent({ title: '付款测试专利' });
    k = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: lic.id,
      priceFen: 1_000_001,
      paymentMode: 'instalments',
      instalmentCount: 3,
      intervalMonths: 6,
    });
  });

  it('go to the earliest open instalments first', async () => {
    const r = await ok(pay('zj-org-admin', k.id, { amountFen: 500_000, reference: '银行流水 001' }));
    expect(r.instalments.map((i: any) => [i.paidFen, i.status])).toEqual([
      [333_333, 'paid'],
      [166_667, 'scheduled'],
      [0, 'scheduled'],
    ]);
    expect(r.payments.map((p: any) => [p.instalmentId, p.amountFen, p.kind, p.reference])).toEqual([
      [r.instalments[0].id, 333_333, 'payment', '银行流水 001'],
      [r.instalments[1].id, 166_667, 'payment', '银行流水 001'],
    ]);
    expect(r).toMatchObject({
      status: 'active',
      paidFen: 500_000,
      outstandingFen: 500_001,
      nextDue: { instalmentId: r.instalments[1].id, amountFen: 166_666 },
    });
  });

  it('refuses more than is due (422 payment-exceeds-due with the amount), from anyone but the licensee, nothing written', async () => {
    const over = await refused(ctx, () => pay('zj-org-admin', k.id, { amountFen: 500_002 }), 422, 'payment-exceeds-due');
    expect(over.data.dueFen).toBe(500_001);
    const one = await refused(ctx, () => pay('zj-org-admin', k.id, { amountFen: 166_667, instalmentId: k.instalments[1].id }), 422, 'payment-exceeds-due');
    expect(one.data.dueFen).toBe(166_666);
    await refused(ctx, () => pay('zj-org-admin', k.id, { amountFen: 1, instalmentId: k.instalments[0].id }), 422, 'instalment-not-open');
    await refused(ctx, () => pay('js-org-admin', k.id, { amountFen: 1 }), 403, 'forbidden');
    await refused(ctx, () => pay('ah-org-admin', k.id, { amountFen: 1 }), 404, 'not-found');
    await refused(ctx, () => pay('zj-org-admin', k.id, { amountFen: 0 }), 400, 'validation-failed');
  });

  it('a payment to one instalment goes there; when all is paid the contract is completed, and closed to payments (422 contract-closed)', async () => {
    const third = await ok(pay('zj-org-admin', k.id, { amountFen: 333_335, instalmentId: k.instalments[2].id }));
    expect(third.instalments.map((i: any) => i.status)).toEqual(['paid', 'scheduled', 'paid']);
    expect(third.status).toBe('active');
    const last = await ok(pay('zj-org-admin', k.id, { amountFen: 166_666 }));
    expect(last).toMatchObject({ status: 'completed', paidFen: 1_000_001, totalDueFen: 1_000_001, outstandingFen: 0, nextDue: null });
    expect(last.instalments.every((i: any) => i.status === 'paid' && i.paidFen === i.amountFen)).toBe(true);
    const closed = await refused(ctx, () => pay('zj-org-admin', k.id, { amountFen: 1 }), 422, 'contract-closed');
    expect(closed.data.state).toBe('completed');
    await refused(ctx, () => report('zj-org-admin', k.id, { period: '2026-12', revenueFen: 1 }), 422, 'contract-closed');
    expect((await auditOf(ctx, 'contract', k.id)).map((a) => a.action)).toEqual([
      'contract.create',
      'contract.sign',
      'contract.payment',
      'contract.payment',
      'contract.payment',
      'contract.complete',
    ]);
  });

  it('a cancelled proposal takes no payment and no signature', async () => {
    const p = await created(propose('zj-org-admin', { listingId: lic.id, priceFen: 10_000, paymentMode: 'lump_sum' }));
    await refused(ctx, () => c('ah-org-admin').post(`/api/contracts/${p.id}/cancellation`), 404, 'not-found');
    const x = await ok(c('js-org-admin').post(`/api/contracts/${p.id}/cancellation`));
    expect(x.status).toBe('cancelled');
    const closed = await refused(ctx, () => pay('zj-org-admin', p.id, { amountFen: 1 }), 422, 'contract-closed');
    expect(closed.data.state).toBe('cancelled');
    await refused(ctx, () => sign('js-org-admin', p.id), 422, 'contract-not-proposed');
    await refused(ctx, () => c('zj-org-admin').post(`/api/contracts/${p.id}/cancellation`), 422, 'contract-not-proposed');
  });
});

describe(`who sees which contract (${engine})`, () => {
  let lic: any;
  const mine: number[] = [];
  beforeAll(async () => {
    lic = await patent({ title: '可见性测试专利' });
    for (const [mode, extra] of [
      ['lump_sum', {}],
      ['deferred', { deferMonths: 6 }],
      ['instalments', { instalmentCount: 2, intervalMonths: 3 }],
    ] as const)
      mine.push((await signedContract(c('zj-org-admin'), c('js-org-admin'), { listingId: lic.id, priceFen: 200_000, paymentMode: mode, ...extra })).id);
    mine.push((await created(propose('zj-org-admin', { listingId: lic.id, priceFen: 300_000, paymentMode: 'lump_sum' }))).id);
  });

  it('the parties and the administrators of their jurisdictions see a contract; others get 404', async () => {
    for (const who of ['zj-org-admin', 'zj-member', 'js-org-admin', 'js-expert', 'zj-admin', 'js-admin', 'admin'])
      expect((await get(who, mine[0])).statusCode, who).toBe(200);
    for (const who of ['ah-org-admin', 'sh-org-admin', 'sh-admin', 'ah-admin']) await refused(ctx, () => get(who, mine[0]), 404, 'not-found');
    expect((await ctx.anon().get(`/api/contracts/${mine[0]}`)).statusCode).toBe(401);
    expect((await get('zj-admin', mine[0])).data.myRole).toBeNull();
  });

  it('lists with filters and pages', async () => {
    const list = (who: string, query: Record<string, string | number>) =>
      c(who).get('/api/contracts', { query: { listingId: lic.id, pageSize: 50, ...query } });
    const ids = (r: any) => r.data.items.map((x: any) => x.id);
    expect(ids(await list('zj-org-admin', {})).sort()).toEqual([...mine].sort());
    expect(ids(await list('zj-org-admin', { role: 'licensee' })).sort()).toEqual([...mine].sort());
    expect(ids(await list('zj-org-admin', { role: 'licensor' }))).toEqual([]);
    expect(ids(await list('js-org-admin', { role: 'licensor' })).sort()).toEqual([...mine].sort());
    expect(ids(await list('zj-org-admin', { status: 'proposed' }))).toEqual([mine[3]]);
    expect(ids(await list('zj-org-admin', { status: 'active', paymentMode: 'deferred' }))).toEqual([mine[1]]);
    expect(ids(await list('zj-org-admin', { sort: 'price' }))).toEqual([mine[2], mine[1], mine[0], mine[3]]);
    for (const who of ['js-admin', 'zj-admin', 'admin']) expect(ids(await list(who, {})).sort(), who).toEqual([...mine].sort());
    for (const who of ['ah-org-admin', 'sh-admin']) expect(ids(await list(who, {})), who).toEqual([]);
    // Pages: newest first, no overlap, all there.
    const seen: number[] = [];
    for (let page = 1; page <= 2; page++) {
      const r = await list('zj-org-admin', { pageSize: 3, page });
      expect(r.data).toMatchObject({ total: 4, page, pageSize: 3 });
      seen.push(...ids(r));
    }
    expect(seen).toEqual([...mine].reverse());
    const one = (await list('zj-org-admin', { pageSize: 1 })).data.items[0];
    expect(one).toMatchObject({ id: mine[3], status: 'proposed', licensorName: '示例苏州先进材料研究院', licenseeJurisdiction: '330000' });
    expect(one.instalments).toBeUndefined();
  });
});

describe(`simultaneous requests (${engine})`, () => {
  const tally = (rs: Array<{ statusCode: number; data: any }>) => {
    const by: Record<string, number> = {};
    for (const r of rs) {
      const k = `${r.statusCode}${r.data?.rule ? ' ' + r.data.rule : ''}`;
      by[k] = (by[k] ?? 0) + 1;
    }
    return by;
  };

  it('eight acceptances by one organisation make one licence (the rest 409), no 5xx', async () => {
    const p = await patent();
    const o = await created(declare(p.id));
    const rs = await Promise.all(Array.from({ length: 8 }, () => c('sh-org-admin').post(`/api/open-licences/${o.id}/acceptances`, {})));
    expect(tally(rs)).toEqual({ '201': 1, '409 licence-exists': 7 });
    const lic = await ctx.db.db.selectFrom('licences').select('id').where('open_licence_id', '=', o.id).execute();
    expect(lic).toHaveLength(1);
    expect(await ctx.db.db.selectFrom('contracts').select('id').where('open_licence_id', '=', o.id).execute()).toHaveLength(1);
  });

  it('eight declarations of one patent make one (the rest 409)', async () => {
    const p = await patent();
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => declare(p.id, { feeFen: 10_000 + i })));
    expect(tally(rs)).toEqual({ '201': 1, '409 open-licence-exists': 7 });
  });

  it('twenty payments at once never pay more than is due; the contract completes once', async () => {
    const p = await patent();
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), {
      listingId: p.id,
      priceFen: 100_000,
      paymentMode: 'instalments',
      instalmentCount: 4,
      intervalMonths: 3,
    });
    const rs = await Promise.all(Array.from({ length: 20 }, () => pay('zj-org-admin', k.id, { amountFen: 7_000 })));
    // 14 × 7 000 = 98 000; the 15th would exceed what is left (2 000).
    expect(tally(rs)).toEqual({ '200': 14, '422 payment-exceeds-due': 6 });
    const left = await ok(get('zj-org-admin', k.id));
    expect(left).toMatchObject({ paidFen: 98_000, outstandingFen: 2_000, status: 'active' });
    for (const i of left.instalments) expect(i.paidFen).toBeLessThanOrEqual(i.amountFen);
    const last = await Promise.all(Array.from({ length: 5 }, () => pay('zj-org-admin', k.id, { amountFen: 2_000 })));
    expect(tally(last)).toEqual({ '200': 1, '422 contract-closed': 4 });
    expect((await auditOf(ctx, 'contract', k.id)).filter((a) => a.action === 'contract.complete')).toHaveLength(1);
  });

  it('one month reported five times at once is stored once (the rest 409)', async () => {
    const p = await patent();
    const k = await signedContract(c('zj-org-admin'), c('js-org-admin'), { listingId: p.id, priceFen: 0, paymentMode: 'revenue_share', revenueShareBp: 500 });
    const rs = await Promise.all(Array.from({ length: 5 }, () => report('zj-org-admin', k.id, { period: '2026-12', revenueFen: 100_000 })));
    expect(tally(rs)).toEqual({ '200': 1, '409 period-reported': 4 });
    expect((await ok(get('zj-org-admin', k.id))).instalments).toHaveLength(1);
  });

  it('two exclusive licences of one patent signed at once: one comes into force, the other is refused', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await patent();
      const a = await created(propose('zj-org-admin', { listingId: p.id, exclusive: true, priceFen: 10_000, paymentMode: 'lump_sum' }));
      const b = await created(propose('sh-org-admin', { listingId: p.id, kind: 'assignment', priceFen: 20_000, paymentMode: 'lump_sum' }));
      const rs = await Promise.all([sign('js-org-admin', a.id), sign('js-org-admin', b.id)]);
      expect(tally(rs)).toEqual({ '200': 1, '422 exclusive-licence-in-force': 1 });
      const live = await ctx.db.db.selectFrom('contracts').select('id').where('listing_id', '=', p.id).where('status', '=', 'active').execute();
      expect(live).toHaveLength(1);
    }
  });

  it('an exclusive signature and an open-licence declaration at once: never both in force', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await patent();
      const a = await created(propose('zj-org-admin', { listingId: p.id, exclusive: true, priceFen: 10_000, paymentMode: 'lump_sum' }));
      const [s, d] = await Promise.all([sign('js-org-admin', a.id), declare(p.id)]);
      // Whichever came first stands; the other is refused by its rule.
      if (s.statusCode === 200) expect(d.data.rule, d.body).toBe('open-licence-exclusive-licence');
      else expect([d.statusCode, s.data.rule]).toEqual([201, 'exclusive-while-open-licence']);
      const ol = await ctx.db.db.selectFrom('open_licences').select('id').where('listing_id', '=', p.id).where('status', '=', 'active').execute();
      const ex = await ctx.db.db
        .selectFrom('contracts')
        .select('id')
        .where('listing_id', '=', p.id)
        .where('exclusive', '=', 1)
        .where('status', '=', 'active')
        .execute();
      expect(ol.length + ex.length).toBe(1);
    }
  });

  it('a signature and a cancellation at once: one wins', async () => {
    const p = await patent();
    for (let i = 0; i < 3; i++) {
      const k = await created(propose('zj-org-admin', { listingId: p.id, priceFen: 10_000, paymentMode: 'lump_sum' }));
      const [s, x] = await Promise.all([sign('js-org-admin', k.id), c('zj-org-admin').post(`/api/contracts/${k.id}/cancellation`)]);
      expect([s.statusCode, x.statusCode].sort()).toEqual([200, 422]);
      const final = await ok(get('zj-org-admin', k.id));
      expect(final.status).toBe(s.statusCode === 200 ? 'active' : 'cancelled');
      expect(final.instalments).toHaveLength(s.statusCode === 200 ? 1 : 0);
    }
  });
});

describe(`risk pools, reminders and default (${engine})`, () => {
  let pool: any;
  let zx: { id: number; name: string; admin: Client; member: Client };
  let lic: any, openLic: any;
  const K: Record<string, any> = {};
  let due: string;

  beforeAll(async () => {
    const org = await newOrgWith(ctx, c('admin'), { jurisdictionCode: '330000', type: 'enterprise', tier: 'tech_sme' }, ['org_admin', 'member']);
    zx = { id: org.id, name: org.name, admin: org.people[0].client, member: org.people[1].client };
    lic = await patent({ title: '风险补偿测试专利' });
    const other = await patent({ title: '失信后开放许可测试专利' });
    openLic = await created(declare(other.id, { paymentMethod: 'free', feeFen: undefined }));
  });

  it('a jurisdiction’s admins set up its own pool only', async () => {
    await refused(
      ctx,
      () => c('sh-admin').post('/api/risk-pools', { jurisdictionCode: '330000', name: 'x', fundFen: 1, compensationBp: 8000, capPerContractFen: 1 }),
      403,
      'forbidden',
    );
    await refused(
      ctx,
      () => c('zj-admin').post('/api/risk-pools', { jurisdictionCode: '310000', name: 'x', fundFen: 1, compensationBp: 8000, capPerContractFen: 1 }),
      403,
      'forbidden',
    );
    await refused(
      ctx,
      () => c('zj-org-admin').post('/api/risk-pools', { name: 'x', fundFen: 1, compensationBp: 8000, capPerContractFen: 1 }),
      403,
      'forbidden',
    );
    await refused(
      ctx,
      () => c('zj-admin').post('/api/risk-pools', { name: 'x', fundFen: 1, compensationBp: 0, capPerContractFen: 1 }),
      400,
      'validation-failed',
    );
    const r = await c('zj-admin').post('/api/risk-pools', {
      name: '浙江测试风险补偿资金池',
      fundFen: 600_000,
      compensationBp: 8000,
      capPerContractFen: 600_000,
    });
    expect(r.statusCode, r.body).toBe(201);
    pool = r.data;
    expect(pool).toMatchObject({
      jurisdictionCode: '330000',
      fundedFen: 600_000,
      paidOutFen: 0,
      balanceFen: 600_000,
      compensationBp: 8000,
      capPerContractFen: 600_000,
      status: 'active',
      contracts: 0,
    });
    expect(pool.movements).toEqual([expect.objectContaining({ kind: 'fund', amountFen: 600_000 })]);
    const f = await ok(c('zj-admin').post(`/api/risk-pools/${pool.id}/funding`, { amountFen: 400_000, note: '追加' }));
    expect(f).toMatchObject({ fundedFen: 1_000_000, balanceFen: 1_000_000 });
    await refused(ctx, () => c('js-admin').post(`/api/risk-pools/${pool.id}/funding`, { amountFen: 1 }), 403, 'forbidden');
    expect((await c('js-admin').get(`/api/risk-pools/${pool.id}`)).data.movements).toEqual([]);
  });

  it('covers licensees of its jurisdiction only (422 pool-jurisdiction), and deferred payment only (422 pool-needs-deferral)', async () => {
    await refused(
      ctx,
      () => propose('sh-org-admin', { listingId: lic.id, priceFen: 100_000, paymentMode: 'deferred', deferMonths: 1, poolId: pool.id }),
      422,
      'pool-jurisdiction',
    );
    await refused(
      ctx,
      () =>
        propose('js-org-admin', {
          listingId: lic.id,
          licenseeOrgId: P['ah-org-admin'].orgId,
          priceFen: 100_000,
          paymentMode: 'deferred',
          deferMonths: 1,
          poolId: pool.id,
        }),
      422,
      'pool-jurisdiction',
    );
    await refused(
      ctx,
      () =>
        zx.admin.post('/api/contracts', { listingId: lic.id, kind: 'licence', termMonths: 36, priceFen: 100_000, paymentMode: 'lump_sum', poolId: pool.id }),
      422,
      'pool-needs-deferral',
    );
    await refused(
      ctx,
      () =>
        zx.admin.post('/api/contracts', {
          listingId: lic.id,
          kind: 'licence',
          termMonths: 36,
          priceFen: 100_000,
          paymentMode: 'deferred',
          deferMonths: 1,
          poolId: 99_999_999,
        }),
      400,
      'validation-failed',
    );
  });

  it('pooled use-first-pay-later contracts are signed', async () => {
    // a: the cap binds (80 % of 1 000 000 > 600 000); b: the share binds; c: the balance binds.
    for (const [key, price] of [
      ['a', 1_000_000],
      ['b', 300_000],
      ['c', 1_000_000],
    ] as const) {
      K[key] = await signedContract(zx.admin, c('js-org-admin'), {
        listingId: lic.id,
        priceFen: price,
        paymentMode: 'deferred',
        deferMonths: 1,
        poolId: pool.id,
      });
      expect(K[key]).toMatchObject({ status: 'active', poolId: pool.id, poolName: '浙江测试风险补偿资金池', licenseeOrgId: zx.id });
    }
    due = K.a.instalments[0].dueAt;
    expect(due).toBe(plusMonths(K.a.signedAt, 1));
    expect((await ok(c('zj-admin').get(`/api/risk-pools/${pool.id}`))).contracts).toBe(3);
  });

  it('reminds 7 days before an instalment falls due, once', async () => {
    ctx.clock.set(iso(Date.parse(due) - 7 * DAY - 60_000));
    expect((await ok(zx.admin.get(`/api/contracts/${K.a.id}`))).reminders).toEqual([]);
    ctx.clock.set(iso(Date.parse(due) - 6 * DAY));
    const r = await ok(zx.admin.get(`/api/contracts/${K.a.id}`));
    expect(r.reminders).toEqual([expect.objectContaining({ kind: 'due_soon', instalmentId: r.instalments[0].id, createdAt: nowIso() })]);
    expect(r.instalments[0]).toMatchObject({ remindedAt: nowIso(), status: 'scheduled' });
    expect(r.overdue).toBe(false);
    ctx.clock.advance(DAY);
    expect((await ok(c('js-org-admin').get(`/api/contracts/${K.a.id}`))).reminders).toHaveLength(1);
  });

  it('marks an instalment overdue once past due, with an overdue reminder', async () => {
    ctx.clock.set(iso(Date.parse(due) + 60_000));
    const r = await ok(c('js-org-admin').get(`/api/contracts/${K.a.id}`));
    expect(r.instalments[0]).toMatchObject({ status: 'overdue', overdueAt: nowIso() });
    expect(r.reminders.map((x: any) => x.kind)).toEqual(['due_soon', 'overdue']);
    expect(r).toMatchObject({ overdue: true, status: 'active', nextDue: { status: 'overdue' } });
    expect((await ok(c('zj-admin').get('/api/contracts', { query: { listingId: lic.id } }))).items.every((x: any) => x.overdue)).toBe(true);
  });

  it('no default before 30 days overdue (422 no-default); only the licensor’s admin declares it — nothing written', async () => {
    ctx.clock.set(iso(Date.parse(due) + 30 * DAY - 60_000));
    const r = await refused(ctx, () => c('js-org-admin').post(`/api/contracts/${K.a.id}/default`, { note: '逾期未付' }), 422, 'no-default');
    expect(r.data.graceDays).toBe(30);
    await refused(ctx, () => zx.admin.post(`/api/contracts/${K.a.id}/default`, { note: '逾期未付' }), 403, 'forbidden');
    await refused(ctx, () => c('js-expert').post(`/api/contracts/${K.a.id}/default`, { note: '逾期未付' }), 403, 'forbidden');
    await refused(ctx, () => c('sh-org-admin').post(`/api/contracts/${K.a.id}/default`, { note: '逾期未付' }), 404, 'not-found');
  });

  it('after 30 days: the contract defaults, the pool pays min(80 % of outstanding, cap, balance), the licensee gets an integrity record', async () => {
    ctx.clock.set(plusDays(due, 30));
    const a = await ok(c('js-org-admin').post(`/api/contracts/${K.a.id}/default`, { note: '逾期 30 天未付' }));
    expect(a).toMatchObject({
      status: 'defaulted',
      defaultedAt: nowIso(),
      compensatedFen: 600_000,
      paidFen: 0,
      outstandingFen: 0,
      licence: { status: 'ended' },
    });
    expect(a.instalments).toEqual([expect.objectContaining({ status: 'defaulted', compensatedFen: 600_000, paidFen: 0 })]);
    expect(a.payments).toEqual([expect.objectContaining({ kind: 'compensation', amountFen: 600_000, instalmentId: a.instalments[0].id })]);
    expect(a.integrityRecordId).toEqual(expect.any(Number));
    const p1 = await ok(c('zj-admin').get(`/api/risk-pools/${pool.id}`));
    expect(p1).toMatchObject({ paidOutFen: 600_000, balanceFen: 400_000 });
    expect(p1.movements[0]).toMatchObject({ kind: 'payout', amountFen: 600_000, contractId: K.a.id });
    const b = await ok(c('js-org-admin').post(`/api/contracts/${K.b.id}/default`, { note: '逾期' }));
    expect(b.compensatedFen).toBe(240_000);
    const cc = await ok(c('js-org-admin').post(`/api/contracts/${K.c.id}/default`, { note: '逾期' }));
    expect(cc.compensatedFen).toBe(160_000);
    const p2 = await ok(c('zj-admin').get(`/api/risk-pools/${pool.id}`));
    expect(p2).toMatchObject({ fundedFen: 1_000_000, paidOutFen: 1_000_000, balanceFen: 0 });
    expect(p2.movements.filter((m: any) => m.kind === 'payout').map((m: any) => [m.contractId, m.amountFen])).toEqual([
      [K.c.id, 160_000],
      [K.b.id, 240_000],
      [K.a.id, 600_000],
    ]);
    // The integrity record, against the licensee, in the pool's jurisdiction, in force now.
    const recs = await ok(c('admin').get('/api/integrity-records', { query: { pageSize: 200 } }));
    const rec = recs.items.find((x: any) => x.id === a.integrityRecordId);
    expect(rec).toMatchObject({ subjectType: 'organization', organizationId: zx.id, jurisdictionCode: '330000', state: 'active' });
    expect(rec.misconduct).toContain(a.contractNo);
    expect((await auditOf(ctx, 'contract', K.a.id)).map((x) => x.action)).toEqual(['contract.create', 'contract.sign', 'contract.default']);
  });

  it('a defaulted contract is closed: no second default, no payment (nothing written)', async () => {
    await refused(ctx, () => c('js-org-admin').post(`/api/contracts/${K.a.id}/default`, { note: '再次' }), 422, 'contract-closed');
    const r = await refused(ctx, () => zx.admin.post(`/api/contracts/${K.a.id}/payments`, { amountFen: 1 }), 422, 'contract-closed');
    expect(r.data.state).toBe('defaulted');
  });

  it('the record bars the licensee from accepting an open licence or contracting (403 integrity-record), nothing written', async () => {
    const r = await refused(ctx, () => zx.admin.post(`/api/open-licences/${openLic.id}/acceptances`, {}), 403, 'integrity-record');
    expect(r.data).toMatchObject({ code: 'integrity-record', action: 'license', record: { jurisdictionCode: '330000', subjectName: zx.name } });
    await refused(
      ctx,
      () => zx.admin.post('/api/contracts', { listingId: lic.id, kind: 'licence', termMonths: 12, priceFen: 1_000, paymentMode: 'lump_sum' }),
      403,
      'integrity-record',
    );
    // … and a licensor cannot bring it in either.
    const p = await created(propose('js-org-admin', { listingId: lic.id, licenseeOrgId: zx.id, priceFen: 1_000, paymentMode: 'lump_sum' }));
    await refused(ctx, () => zx.admin.post(`/api/contracts/${p.id}/signature`), 403, 'integrity-record');
    // Others are not affected.
    expect((await c('ah-org-admin').post(`/api/open-licences/${openLic.id}/acceptances`, {})).statusCode).toBe(201);
  });

  it('with an empty pool a default pays nothing but still records', async () => {
    const l2 = await patent();
    const org = await newOrgWith(ctx, c('admin'), { jurisdictionCode: '330000', type: 'enterprise', tier: 'tech_sme' }, ['org_admin']);
    const k = await signedContract(org.people[0].client, c('js-org-admin'), {
      listingId: l2.id,
      priceFen: 50_000,
      paymentMode: 'deferred',
      deferMonths: 2,
      poolId: pool.id,
    });
    ctx.clock.set(plusDays(k.instalments[0].dueAt, 31));
    const d = await ok(c('js-org-admin').post(`/api/contracts/${k.id}/default`, { note: '逾期' }));
    expect(d).toMatchObject({ status: 'defaulted', compensatedFen: 0, payments: [] });
    expect(d.integrityRecordId).toEqual(expect.any(Number));
    expect((await ok(c('zj-admin').get(`/api/risk-pools/${pool.id}`))).paidOutFen).toBe(1_000_000);
    expect(await ctx.db.db.selectFrom('pool_movements').select('id').where('contract_id', '=', k.id).execute()).toEqual([]);
  });
});
