// Research-integrity records over HTTP, on both engines: who records what, validation,
// visibility, THE GATE in all four places (applying to a call, applying for a voucher, being
// listed as a provider, serving as a reviewer) across the record's life (pending, active,
// expired, revoked), audited corrections, and appeals by the subject only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { DAY, application, auditOf, bjDate, callBody, counts, demo, move, newOrgWith, openCall, refused, type Person } from '../../../test/calls';
import { verifyAuditChain } from '../../platform/audit';
import { programBody } from '../../../test/vouchers';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
const now = () => ctx.clock.now().getTime();
const U: Record<string, Person> = {};
const c = (username: string): Client => U[username].client;
let T0: number;

// An Anhui enterprise with an admin, a member and an expert: the subject of the records.
let AHX: { id: number; name: string };
let ahxAdmin: Person;
let ahxMember: Person;
let ahxExpert: Person;
let S: number[] = []; // open Shanghai calls (horse races: any team may apply)
let R: number; // a Shanghai call whose reviewers are assigned
let zjProgram: number;
let providerId: number;
const rec: Record<string, number> = {};

const PROFILE = { disciplines: ['1502710'], keywords: ['质谱', '分析化学'] };
const record = (over: Record<string, unknown> = {}) => ({
  subjectType: 'organization',
  organizationId: AHX.id,
  misconduct: '项目申报材料弄虚作假（示例）',
  outcome: '三年内取消申报资格',
  decidingUnit: '安徽省科学技术厅（示例）',
  legalBasis: '《科研失信行为调查处理规则》第二十条',
  effectiveOn: bjDate(now()),
  endsOn: bjDate(now() + 365 * DAY),
  ...over,
});
const apply = (who: Client, callId: number, members: unknown[] = []) => who.post(`/api/calls/${callId}/applications`, application({ members }));
const applyVoucher = (who: Client) =>
  who.post(`/api/voucher-programs/${zjProgram}/applications`, { applicantKind: 'enterprise', requestedFen: 100_000, purpose: '购买检验检测服务（示例）' });
const list = () => c('ah-admin').post(`/api/providers/${providerId}/list`, {});
const assign = (body: Record<string, unknown> = { k: 2, maxPerExpert: 10 }) => c('sh-admin').post(`/api/calls/${R}/assignments`, body);
const assignExpertByHand = (applicationId: number) => c('sh-admin').post(`/api/calls/${R}/assignments/manual`, { applicationId, expertUserId: ahxExpert.id });
const reviewersIn = (report: any) => report.applications.flatMap((a: any) => a.reviewers.map((r: any) => r.expertUserId)) as number[];

/** 403 integrity-record naming the record, writing nothing. */
async function barred(run: () => ReturnType<Client['get']>, recordId: number, action: string) {
  const r = await refused(ctx, run, 403, 'integrity-record');
  expect(r.data).toMatchObject({
    code: 'integrity-record',
    rule: 'integrity-record',
    action,
    record: { id: recordId, jurisdictionCode: '340000', subjectName: AHX.name },
  });
  expect(r.data.detail).toContain(String(recordId));
  return r;
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '20000' });
  T0 = now();
  for (const u of [
    'admin',
    'sh-admin',
    'js-admin',
    'zj-admin',
    'ah-admin',
    'ah-member',
    'zj-member',
    'zj-org-admin',
    'js-org-admin',
    'sh-expert',
    'sh-org-admin',
  ])
    U[u] = await demo(ctx, u);
  const org = await newOrgWith(ctx, c('admin'), { jurisdictionCode: '340000', type: 'enterprise', tier: 'high_tech' }, ['org_admin', 'member', 'expert']);
  AHX = { id: org.id, name: org.name };
  [ahxAdmin, ahxMember, ahxExpert] = org.people;
  expect((await ahxExpert.client.request('PUT', `/api/experts/${ahxExpert.id}`, { json: { ...PROFILE, availability: 'available' } })).statusCode).toBe(200);
  const race = { kind: 'horse_race', shares: undefined, raceTeams: 3, firstTrancheBp: 3000, deadline: new Date(T0 + 200 * DAY).toISOString() };
  S = [];
  for (let i = 0; i < 4; i++) S.push((await openCall(c('sh-admin'), callBody(T0, race))).id);
  R = (await openCall(c('sh-admin'), callBody(T0, { ...race, ...PROFILE }))).id;
  for (const who of ['zj-member', 'js-org-admin']) expect((await c(who).post(`/api/calls/${R}/applications`, application(PROFILE))).statusCode).toBe(201);
  // A Zhejiang programme open to applicants from all four jurisdictions: the Anhui organisation may apply once its record is lifted.
  const p = await c('zj-admin').post('/api/voucher-programs', programBody(T0, { applicantJurisdictions: ['310000', '320000', '330000', '340000'] }));
  expect(p.statusCode, p.body).toBe(201);
  zjProgram = Number(p.data.id);
});
afterAll(() => ctx?.close());

describe(`recording (${engine})`, () => {
  it('a jurisdiction admin records for its own jurisdiction only; nobody else records (403), anonymous 401, writing nothing', async () => {
    await refused(ctx, () => c('ah-admin').post('/api/integrity-records', record({ jurisdictionCode: '310000' })), 403, 'forbidden');
    await refused(ctx, () => c('sh-admin').post('/api/integrity-records', record({ jurisdictionCode: '340000' })), 403, 'forbidden');
    for (const who of [ahxAdmin.client, ahxMember.client, c('zj-member'), c('sh-expert'), c('sh-org-admin')])
      await refused(ctx, () => who.post('/api/integrity-records', record()), 403, 'forbidden');
    await refused(ctx, () => ctx.anon().post('/api/integrity-records', record()), 401);
  });

  it.each([
    ['ending on the day it takes effect', { effectiveOn: '2027-03-01', endsOn: '2027-03-01' }, 'body:/endsOn', 'value-invalid'],
    ['ending before it takes effect', { effectiveOn: '2027-03-01', endsOn: '2027-02-28' }, 'body:/endsOn', 'value-invalid'],
    ['about an unknown organisation', { organizationId: 99_999_999 }, 'body:/organizationId', 'organization-invalid'],
    ['about an organisation not named', { organizationId: undefined }, 'body:/organizationId', 'organization-invalid'],
    ['about an unknown person', { subjectType: 'person', organizationId: undefined, userId: 99_999_999 }, 'body:/userId', 'user-invalid'],
    ['with a date that is no date', { endsOn: '2027-13-01' }, 'body:/endsOn', 'schema.format'],
  ])('refuses a record %s (400 naming the field), writing nothing', async (_name, over, field, code) => {
    const r = await refused(ctx, () => c('ah-admin').post('/api/integrity-records', record(over)), 400, 'validation-failed');
    expect(r.data.errors).toEqual([expect.objectContaining({ field, code })]);
  });

  it('records a decision of its own jurisdiction (audited); dates are Beijing days; the state follows the clock', async () => {
    const eff = bjDate(T0 + 5 * DAY);
    const end = bjDate(T0 + 40 * DAY);
    const r = await c('ah-admin').post('/api/integrity-records', record({ effectiveOn: eff, endsOn: end }));
    expect(r.statusCode, r.body).toBe(201);
    rec.pending = r.data.id;
    expect(r.data).toMatchObject({
      jurisdictionCode: '340000',
      subjectType: 'organization',
      organizationId: AHX.id,
      userId: null,
      subjectName: AHX.name,
      effectiveAt: new Date(`${eff}T00:00:00+08:00`).toISOString(),
      endsAt: new Date(`${end}T00:00:00+08:00`).toISOString(),
      state: 'pending',
      openAppeals: 0,
      appeals: [],
    });
    expect(await auditOf(ctx, 'integrity_record', rec.pending)).toEqual([
      expect.objectContaining({ action: 'integrity_record.create', actor: 'ah-admin', jurisdictionCode: '340000' }),
    ]);
    // A person: ah-member, in force from today.
    const p = await c('ah-admin').post('/api/integrity-records', record({ subjectType: 'person', organizationId: undefined, userId: U['ah-member'].id }));
    expect(p.statusCode, p.body).toBe(201);
    expect(p.data).toMatchObject({
      subjectType: 'person',
      userId: U['ah-member'].id,
      subjectName: U['ah-member'].displayName,
      subjectOrganization: '示例合肥量子信息科技有限公司',
      state: 'active',
    });
    rec.person = p.data.id;
    // The platform admin records for any jurisdiction.
    const byPlatform = await c('admin').post(
      '/api/integrity-records',
      record({
        jurisdictionCode: '320000',
        subjectType: 'person',
        organizationId: undefined,
        userId: U['zj-org-admin'].id,
        effectiveOn: bjDate(T0 - 400 * DAY),
        endsOn: bjDate(T0 - 30 * DAY),
      }),
    );
    expect(byPlatform.statusCode).toBe(201);
    expect(byPlatform.data).toMatchObject({ jurisdictionCode: '320000', state: 'expired' });
    rec.old = byPlatform.data.id;
  });
});

describe(`visibility (${engine})`, () => {
  it('administrators of every jurisdiction see every record', async () => {
    for (const who of ['sh-admin', 'js-admin', 'zj-admin', 'ah-admin', 'admin']) {
      const l = await c(who).get('/api/integrity-records', { query: { pageSize: 100 } });
      expect(l.statusCode).toBe(200);
      expect(
        l.data.items.map((x: any) => x.id),
        who,
      ).toEqual(expect.arrayContaining([rec.pending, rec.person, rec.old]));
      expect((await c(who).get(`/api/integrity-records/${rec.pending}`)).statusCode, who).toBe(200);
    }
    const byState = async (state: string) =>
      (await c('js-admin').get('/api/integrity-records', { query: { state, pageSize: 100 } })).data.items.map((x: any) => x.id);
    expect(await byState('pending')).toEqual([rec.pending]);
    expect(await byState('active')).toEqual([rec.person]);
    expect(await byState('expired')).toEqual([rec.old]);
    expect(await byState('revoked')).toEqual([]);
  });

  it('everyone else sees only the records about themselves or their organisation (404 for the rest)', async () => {
    const seen = async (who: Client) => (await who.get('/api/integrity-records', { query: { pageSize: 100 } })).data;
    for (const p of [ahxMember, ahxAdmin, ahxExpert]) {
      expect(
        (await seen(p.client)).items.map((x: any) => x.id),
        p.username,
      ).toEqual([rec.pending]);
      expect((await p.client.get(`/api/integrity-records/${rec.pending}`)).statusCode).toBe(200);
      expect((await p.client.get(`/api/integrity-records/${rec.person}`)).statusCode).toBe(404);
    }
    expect((await seen(c('ah-member'))).items.map((x: any) => x.id)).toEqual([rec.person]);
    expect((await c('ah-member').get(`/api/integrity-records/${rec.pending}`)).statusCode).toBe(404);
    expect(await seen(c('zj-member'))).toMatchObject({ items: [], total: 0 });
    expect((await seen(c('zj-org-admin'))).items.map((x: any) => x.id)).toEqual([rec.old]);
    for (const id of [rec.pending, rec.person]) expect((await c('zj-member').get(`/api/integrity-records/${id}`)).statusCode).toBe(404);
    expect((await ctx.anon().get('/api/integrity-records')).statusCode).toBe(401);
  });
});

describe(`the gate, in all four places (${engine})`, () => {
  it('a record not yet in force bars nothing: its organisation applies, and its provider passes the check', async () => {
    expect((await c('sh-admin').get(`/api/integrity-records/${rec.pending}`)).data.state).toBe('pending');
    expect((await apply(ahxMember.client, S[0])).statusCode).toBe(201);
    const p = await ahxAdmin.client.post('/api/providers', {
      categories: ['testing'],
      description: '第三方检测（示例）',
      selfAssessment: { legalEntity: true, yearsInOperation: 11, publishedPrices: true, integrityClean: true, statement: '依法设立，价格公开。' },
    });
    expect(p.statusCode, p.body).toBe(201);
    providerId = p.data.id;
    expect(
      (await ahxAdmin.client.post(`/api/providers/${providerId}/products`, { name: '材料成分检测', category: 'testing', unit: '样品', priceFen: 50_000 }))
        .statusCode,
    ).toBe(201);
    const check = await c('ah-admin').post(`/api/providers/${providerId}/check`, { passed: true, note: '材料齐全' });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.data.status).toBe('notice');
  });

  it('in force, an Anhui record bars applying to a Shanghai call — the organisation, any member, any team including it (403 naming the record)', async () => {
    ctx.clock.advance(10 * DAY);
    expect((await c('sh-admin').get(`/api/integrity-records/${rec.pending}`)).data.state).toBe('active');
    await barred(() => apply(ahxMember.client, S[1]), rec.pending, 'apply');
    await barred(() => apply(ahxAdmin.client, S[1]), rec.pending, 'apply');
    await barred(() => apply(c('zj-org-admin'), S[1], [{ name: '合肥成员', organizationId: AHX.id }]), rec.pending, 'apply');
    expect((await apply(ahxMember.client, S[1])).data.detail).toContain(AHX.name);
    expect((await ahxMember.client.post(`/api/calls/${S[1]}/applications`, application(), { lang: 'en' })).data.detail).toMatch(/integrity record/);
  });

  it('… applying for a Zhejiang voucher', async () => {
    await barred(() => applyVoucher(ahxMember.client), rec.pending, 'receive_voucher');
    await barred(() => applyVoucher(ahxAdmin.client), rec.pending, 'receive_voucher');
  });

  it('… being listed as a provider, its public notice over', async () => {
    const r = await barred(list, rec.pending, 'provide_services');
    expect(r.data.record.id).toBe(rec.pending);
    expect((await c('ah-admin').get(`/api/providers/${providerId}`)).data.status).toBe('notice');
  });

  it('… serving as a reviewer: the assignment leaves the expert out, a manual assignment is 422', async () => {
    await move(c('sh-admin'), R, 'closed', 'review');
    const r = await assign();
    expect(r.statusCode, r.body).toBe(200);
    // The barred expert is the best match for both applications, yet reviews neither.
    expect(reviewersIn(r.data)).not.toContain(ahxExpert.id);
    expect(r.data.excludedByConflict['integrity-record']).toBe(2);
    for (const a of r.data.applications) expect(a.reviewers).toHaveLength(2);
    for (const a of r.data.applications) {
      const m = await refused(ctx, () => assignExpertByHand(a.applicationId), 422, 'conflict-of-interest');
      expect(m.data.conflict).toBe('integrity-record');
    }
  });

  it('an expired record bars nothing', async () => {
    ctx.clock.advance(35 * DAY); // past the end (day 40)
    expect((await c('sh-admin').get(`/api/integrity-records/${rec.pending}`)).data.state).toBe('expired');
    expect((await apply(ahxMember.client, S[1])).statusCode).toBe(201);
    const r = await assign();
    expect(reviewersIn(r.data).filter((id) => id === ahxExpert.id)).toHaveLength(2);
    expect(r.data.excludedByConflict['integrity-record']).toBeUndefined();
  });

  it('a new record bars again; revocation (audited, by the recording jurisdiction only) lifts the bar everywhere', async () => {
    const r2 = await c('ah-admin').post('/api/integrity-records', record({ effectiveOn: bjDate(now()), endsOn: bjDate(now() + 100 * DAY) }));
    expect(r2.statusCode).toBe(201);
    rec.revoked = r2.data.id;
    await barred(() => apply(ahxMember.client, S[2]), rec.revoked, 'apply');
    await barred(() => applyVoucher(ahxMember.client), rec.revoked, 'receive_voucher');
    await barred(list, rec.revoked, 'provide_services');
    const r = await assign();
    expect(reviewersIn(r.data)).not.toContain(ahxExpert.id);
    const app0 = r.data.applications[0].applicationId;
    expect((await refused(ctx, () => assignExpertByHand(app0), 422, 'conflict-of-interest')).data.conflict).toBe('integrity-record');

    await refused(ctx, () => c('sh-admin').post(`/api/integrity-records/${rec.revoked}/revoke`, { reason: '不是我们的记录' }), 403, 'forbidden');
    await refused(ctx, () => ahxAdmin.client.post(`/api/integrity-records/${rec.revoked}/revoke`, { reason: '自行撤销' }), 403, 'forbidden');
    await refused(ctx, () => c('zj-member').post(`/api/integrity-records/${rec.revoked}/revoke`, { reason: '？' }), 404, 'not-found');
    const rv = await c('ah-admin').post(`/api/integrity-records/${rec.revoked}/revoke`, { reason: '复查后撤销' });
    expect(rv.statusCode, rv.body).toBe(200);
    expect(rv.data.state).toBe('revoked');
    expect((await auditOf(ctx, 'integrity_record', rec.revoked)).at(-1)).toMatchObject({
      action: 'integrity_record.revoke',
      actor: 'ah-admin',
      change: { reason: '复查后撤销' },
    });
    await refused(ctx, () => c('ah-admin').post(`/api/integrity-records/${rec.revoked}/revoke`, { reason: '再撤一次' }), 409, 'conflict');

    expect((await apply(ahxMember.client, S[2])).statusCode).toBe(201);
    const v = await applyVoucher(ahxMember.client);
    expect(v.statusCode, v.body).toBe(201);
    const l = await list();
    expect(l.statusCode, l.body).toBe(200);
    expect(l.data.status).toBe('listed');
    const m = await assignExpertByHand(app0);
    expect(m.statusCode, m.body).toBe(200);
  });
});

describe(`corrections and appeals (${engine})`, () => {
  it('the recording jurisdiction corrects a record; the audit keeps before, after and the reason', async () => {
    const before = (await c('ah-admin').get(`/api/integrity-records/${rec.person}`)).data;
    const newEnd = bjDate(now() + 500 * DAY);
    await refused(ctx, () => c('sh-admin').patch(`/api/integrity-records/${rec.person}`, { misconduct: '改', reason: '越权' }), 403, 'forbidden');
    await refused(ctx, () => c('ah-member').patch(`/api/integrity-records/${rec.person}`, { misconduct: '改', reason: '本人' }), 403, 'forbidden');
    await refused(ctx, () => c('zj-member').patch(`/api/integrity-records/${rec.person}`, { misconduct: '改', reason: '无关' }), 404, 'not-found');
    await refused(
      ctx,
      () => c('ah-admin').patch(`/api/integrity-records/${rec.person}`, { endsOn: bjDate(T0 - DAY), reason: '早于生效' }),
      400,
      'validation-failed',
    );
    await refused(ctx, () => c('ah-admin').patch(`/api/integrity-records/${rec.person}`, { reason: '没有更正任何内容' }), 400, 'validation-failed');
    await refused(ctx, () => c('ah-admin').patch(`/api/integrity-records/${rec.revoked}`, { misconduct: '改', reason: '已撤销' }), 409, 'conflict');
    const r = await c('ah-admin').patch(`/api/integrity-records/${rec.person}`, {
      misconduct: '更正：论文图片重复使用（示例）',
      endsOn: newEnd,
      reason: '复核后更正事实与期限',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data).toMatchObject({ misconduct: '更正：论文图片重复使用（示例）', endsAt: new Date(`${newEnd}T00:00:00+08:00`).toISOString(), state: 'active' });
    expect((await auditOf(ctx, 'integrity_record', rec.person)).at(-1)).toMatchObject({
      action: 'integrity_record.correct',
      actor: 'ah-admin',
      jurisdictionCode: '340000',
      change: {
        before: { misconduct: before.misconduct, ends_at: before.endsAt },
        after: { misconduct: '更正：论文图片重复使用（示例）', ends_at: r.data.endsAt },
        reason: '复核后更正事实与期限',
      },
    });
  });

  it('an organisation’s record is appealed by its admin only, one open appeal at a time; dismissal keeps the record, upholding revokes it', async () => {
    const r = await c('ah-admin').post('/api/integrity-records', record());
    const id = r.data.id as number;
    for (const p of [ahxMember, ahxExpert])
      await refused(ctx, () => p.client.post(`/api/integrity-records/${id}/appeals`, { reason: '不服' }), 403, 'forbidden');
    await refused(ctx, () => c('js-admin').post(`/api/integrity-records/${id}/appeals`, { reason: '代为申诉' }), 403, 'forbidden');
    await refused(ctx, () => c('zj-member').post(`/api/integrity-records/${id}/appeals`, { reason: '？' }), 404, 'not-found');
    const a1 = await ahxAdmin.client.post(`/api/integrity-records/${id}/appeals`, { reason: '材料系合作方提供，本单位不知情' });
    expect(a1.statusCode, a1.body).toBe(201);
    expect(a1.data).toMatchObject({ openAppeals: 1, appeals: [expect.objectContaining({ appellant: ahxAdmin.displayName, status: 'open' })] });
    const appeal1 = a1.data.appeals[0].id;
    const dup = await refused(ctx, () => ahxAdmin.client.post(`/api/integrity-records/${id}/appeals`, { reason: '再次申诉' }), 409, 'conflict');
    expect(dup.data.appealId).toBe(appeal1);
    await refused(ctx, () => c('sh-admin').post(`/api/integrity-records/${id}/appeals/${appeal1}/decide`, { upheld: true, note: '越权' }), 403, 'forbidden');
    await refused(
      ctx,
      () => ahxAdmin.client.post(`/api/integrity-records/${id}/appeals/${appeal1}/decide`, { upheld: true, note: '自己决定' }),
      403,
      'forbidden',
    );
    const dismissed = await c('ah-admin').post(`/api/integrity-records/${id}/appeals/${appeal1}/decide`, { upheld: false, note: '证据确凿，维持' });
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.data).toMatchObject({
      state: 'active',
      openAppeals: 0,
      appeals: [expect.objectContaining({ id: appeal1, status: 'dismissed', decisionNote: '证据确凿，维持' })],
    });
    await barred(() => apply(ahxMember.client, S[3]), id, 'apply');
    await refused(ctx, () => c('ah-admin').post(`/api/integrity-records/${id}/appeals/${appeal1}/decide`, { upheld: true, note: '改判' }), 409, 'conflict');
    const a2 = await ahxAdmin.client.post(`/api/integrity-records/${id}/appeals`, { reason: '补充新证据' });
    expect(a2.statusCode).toBe(201);
    const appeal2 = a2.data.appeals.find((x: any) => x.status === 'open').id;
    const upheld = await c('ah-admin').post(`/api/integrity-records/${id}/appeals/${appeal2}/decide`, { upheld: true, note: '新证据成立，撤销记录' });
    expect(upheld.statusCode).toBe(200);
    expect(upheld.data).toMatchObject({ state: 'revoked', openAppeals: 0 });
    expect((await auditOf(ctx, 'integrity_record', id)).map((x) => [x.action, x.actor])).toEqual([
      ['integrity_record.create', 'ah-admin'],
      ['integrity_record.appeal', ahxAdmin.username],
      ['integrity_record.appeal_decide', 'ah-admin'],
      ['integrity_record.appeal', ahxAdmin.username],
      ['integrity_record.appeal_decide', 'ah-admin'],
    ]);
    expect((await auditOf(ctx, 'integrity_record', id)).at(-1)!.change).toMatchObject({ appealId: appeal2, status: 'upheld', revoked: true });
    await refused(ctx, () => ahxAdmin.client.post(`/api/integrity-records/${id}/appeals`, { reason: '已撤销还申诉' }), 409, 'conflict');
  });

  it('a person appeals their own record; upheld, the bar on them is lifted', async () => {
    const member = c('ah-member');
    const bar = await refused(ctx, () => apply(member, S[0]), 403, 'integrity-record');
    expect(bar.data.record.id).toBe(rec.person);
    await refused(ctx, () => c('ah-admin').post(`/api/integrity-records/${rec.person}/appeals`, { reason: '代申诉' }), 403, 'forbidden');
    const a = await member.post(`/api/integrity-records/${rec.person}/appeals`, { reason: '图片系排版错误' });
    expect(a.statusCode, a.body).toBe(201);
    await refused(ctx, () => member.post(`/api/integrity-records/${rec.person}/appeals`, { reason: '再诉' }), 409, 'conflict');
    const d = await c('ah-admin').post(`/api/integrity-records/${rec.person}/appeals/${a.data.appeals[0].id}/decide`, { upheld: true, note: '排版错误属实' });
    expect(d.data.state).toBe('revoked');
    expect((await apply(member, S[0])).statusCode).toBe(201);
  });

  it('leaves an intact audit chain', async () => {
    expect(await verifyAuditChain(ctx.db.db)).toMatchObject({ ok: true });
    expect((await counts(ctx)).integrity_records).toBeGreaterThanOrEqual(5);
  });
});
