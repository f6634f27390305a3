// Joint research calls over HTTP, on both engines: the state machine and who may move it, who
// drafts what, joint-fund shares, applications and bids with their refusals, attachments,
// reviewer assignment (never a conflicted pair, loads within bounds, fair vs total, gaps
// reported), reviews kept apart, ranking, the decision rules of the three kinds, the public
// notice, horse-race tranches — and every refused request writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import {
  DAY,
  application,
  auditOf,
  bjDate,
  callBody,
  counts,
  demo,
  move,
  newOrgWith,
  newUser,
  openCall,
  orgIdByName,
  refused,
  type Person,
} from '../../../test/calls';
import { verifyAuditChain } from '../../platform/audit';

const engine = process.env.TEST_DB_ENGINE;
const NOTICE_DAYS = Number(process.env.CALL_NOTICE_DAYS ?? 7);
let ctx: TestContext;
const now = () => ctx.clock.now().getTime();
const U: Record<string, Person> = {};
const O: Record<string, number> = {};
const c = (username: string): Client => U[username].client;
const DEMO_USERS = [
  'admin',
  'sh-admin',
  'js-admin',
  'zj-admin',
  'ah-admin',
  'sh-org-admin',
  'sh-member',
  'zj-org-admin',
  'zj-member',
  'ah-member',
  'js-org-admin',
  'js-expert',
  'ah-expert',
  'sh-expert',
  'zj-expert',
  'sh-svc-admin',
];

beforeAll(async () => {
  // The clock jumps over deadlines and public notices: keep the sessions alive meanwhile.
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '20000' });
  for (const u of DEMO_USERS) U[u] = await demo(ctx, u);
  O.shEnt = U['sh-org-admin'].organizationId;
  O.zjEnt = U['zj-member'].organizationId;
  O.ahEnt = U['ah-member'].organizationId;
  O.jsInst = U['js-org-admin'].organizationId;
  O.zjInst = U['zj-expert'].organizationId;
  O.shSvc = U['sh-svc-admin'].organizationId;
  O.shBio = await orgIdByName(ctx, '示例生物医药科技（上海）有限公司');
  O.shBank = await orgIdByName(ctx, '示例长三角科技银行股份有限公司');
});
afterAll(() => ctx?.close());

const transition = (who: string, id: number, to: string) => c(who).post(`/api/calls/${id}/transition`, { to });

// ---------------------------------------------------------------------------------------------

describe(`who drafts a call (${engine})`, () => {
  it('an enterprise org admin poses a 揭榜挂帅 challenge draft: its organisation and its department see it, nobody else does', async () => {
    const before = await counts(ctx);
    const r = await c('sh-org-admin').post('/api/calls', callBody(now(), { kind: 'challenge', shares: undefined }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({ kind: 'challenge', status: 'draft', jurisdictionCode: '310000', poserOrgId: O.shEnt, isPoser: true, canManage: false });
    expect(await counts(ctx)).toMatchObject({ calls: before.calls + 1, audit_log: before.audit_log + 1 });
    const id = r.data.id;
    expect((await c('sh-member').get(`/api/calls/${id}`)).data).toMatchObject({ id, isPoser: true });
    expect((await c('sh-admin').get(`/api/calls/${id}`)).data).toMatchObject({ id, canManage: true });
    for (const u of ['zj-member', 'js-admin', 'ah-expert', 'zj-org-admin']) {
      expect((await c(u).get(`/api/calls/${id}`)).statusCode, u).toBe(404);
      const list = await c(u).get('/api/calls', { query: { pageSize: 100 } });
      expect(
        list.data.items.map((x: any) => x.id),
        u,
      ).not.toContain(id);
    }
    expect((await c('sh-member').get('/api/calls', { query: { pageSize: 100 } })).data.items.map((x: any) => x.id)).toContain(id);
    // The poser drafts; its department publishes.
    await refused(ctx, () => transition('sh-org-admin', id, 'published'), 403, 'forbidden');
    expect((await transition('sh-admin', id, 'published')).data.status).toBe('published');
    expect((await c('zj-member').get(`/api/calls/${id}`)).statusCode).toBe(200);
    const audit = await auditOf(ctx, 'call', id);
    expect(audit.map((a) => [a.action, a.actor, a.jurisdictionCode])).toEqual([
      ['call.create', 'sh-org-admin', '310000'],
      ['call.published', 'sh-admin', '310000'],
    ]);
  });

  it.each([
    ['an org admin drafting a joint fund', 'sh-org-admin', { kind: 'joint_fund' }],
    ['an org admin drafting a horse race', 'sh-org-admin', { kind: 'horse_race', raceTeams: 3, firstTrancheBp: 3000 }],
    ['a member posing a challenge', 'sh-member', { kind: 'challenge' }],
    ['an expert posing a challenge', 'js-expert', { kind: 'challenge' }],
    ['another jurisdiction’s admin drafting for Shanghai', 'js-admin', { jurisdictionCode: '310000' }],
  ])('refuses %s (403), writing nothing', async (_name, who, over) => {
    await refused(ctx, () => c(who).post('/api/calls', callBody(now(), over)), 403, 'forbidden');
  });

  it('a department’s challenge names an existing poser, and the deadline follows the opening (400 naming the field)', async () => {
    const noPoser = await refused(ctx, () => c('sh-admin').post('/api/calls', callBody(now(), { kind: 'challenge' })), 400, 'validation-failed');
    expect(noPoser.data.errors).toEqual([expect.objectContaining({ field: 'body:/poserOrgId' })]);
    const ghost = await refused(
      ctx,
      () => c('sh-admin').post('/api/calls', callBody(now(), { kind: 'challenge', poserOrgId: 99_999_999 })),
      400,
      'validation-failed',
    );
    expect(ghost.data.errors).toEqual([expect.objectContaining({ field: 'body:/poserOrgId', code: 'organization-invalid' })]);
    const backwards = await refused(
      ctx,
      () => c('sh-admin').post('/api/calls', callBody(now(), { opensAt: new Date(now() + DAY).toISOString(), deadline: new Date(now()).toISOString() })),
      400,
      'validation-failed',
    );
    expect(backwards.data.errors).toEqual([expect.objectContaining({ field: 'body:/deadline' })]);
    // With a poser, the department's challenge is fine.
    const ok = await c('sh-admin').post('/api/calls', callBody(now(), { kind: 'challenge', poserOrgId: O.shEnt }));
    expect(ok.statusCode).toBe(201);
    expect(ok.data).toMatchObject({ poserOrgId: O.shEnt, canManage: true });
  });
});

describe(`joint-fund shares (${engine})`, () => {
  it.each([
    ['summing to 9999', { '310000': 5000, '320000': 4999 }],
    ['summing to 10001', { '310000': 5001, '320000': 5000 }],
    ['of one jurisdiction', { '310000': 10_000 }],
    ['naming a jurisdiction outside the four', { '310000': 5000, '110000': 5000 }],
    ['with a zero share', { '310000': 10_000, '320000': 0 }],
    ['with a negative share', { '310000': 10_001, '320000': -1 }],
    ['missing', undefined],
  ])('refuses shares %s (400 body:/shares), writing nothing', async (_name, shares) => {
    const r = await refused(ctx, () => c('sh-admin').post('/api/calls', callBody(now(), { shares })), 400, 'validation-failed');
    expect(r.data.errors.map((e: any) => e.field)).toEqual(['body:/shares']);
  });

  it('accepts shares of 10000 basis points over three jurisdictions', async () => {
    const shares = { '310000': 3334, '320000': 3333, '330000': 3333 };
    const r = await c('sh-admin').post('/api/calls', callBody(now(), { shares }));
    expect(r.statusCode).toBe(201);
    expect(r.data.shares).toEqual(shares);
  });
});

// ---------------------------------------------------------------------------------------------

const NEXT: Record<string, string[]> = {
  draft: ['published', 'terminated'],
  published: ['open', 'terminated'],
  open: ['closed', 'terminated'],
  closed: ['review', 'terminated'],
  review: ['decision', 'terminated'],
  decision: ['notice', 'terminated'],
  notice: ['awarded', 'terminated'],
  awarded: ['milestones', 'completed', 'terminated'],
  milestones: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};
const STATUSES = Object.keys(NEXT);

/** Every transition out of `from` that the machine does not allow is 422 invalid-transition and writes nothing. */
async function refusesAllBut(id: number, from: string) {
  for (const to of STATUSES.filter((s) => !NEXT[from].includes(s))) {
    const r = await refused(ctx, () => transition('sh-admin', id, to), 422, 'invalid-transition');
    expect(r.data, `${from} → ${to}`).toMatchObject({ from, allowed: NEXT[from] });
  }
}

describe(`the call state machine (${engine})`, () => {
  it('walks a joint fund from draft to completed; every other transition on the way is refused, every step audited', async () => {
    const id = (await c('sh-admin').post('/api/calls', callBody(now(), { shares: { '310000': 6000, '340000': 4000 } }))).data.id as number;
    const step = async (to: string) => {
      const r = await transition('sh-admin', id, to);
      expect(r.statusCode, `${to}: ${r.body}`).toBe(200);
      expect(r.data.status).toBe(to);
      await refusesAllBut(id, to);
    };
    await refusesAllBut(id, 'draft');
    await step('published');
    await step('open');
    const app = await c('zj-member').post(
      `/api/calls/${id}/applications`,
      application({ members: [{ name: '周示例', userId: U['js-org-admin'].id, organizationId: O.jsInst }] }),
    );
    expect(app.statusCode, app.body).toBe(201);
    await step('closed');
    await step('review');
    await step('decision');
    // No award yet: the notice has nothing to announce.
    await refused(ctx, () => transition('sh-admin', id, 'notice'), 422, 'no-decision');
    expect((await c('sh-admin').post(`/api/calls/${id}/decision`, { awards: [{ applicationId: app.data.id, amountFen: 1_000_000 }] })).statusCode).toBe(200);
    await step('notice');
    ctx.clock.advance(NOTICE_DAYS * DAY + 60_000);
    await step('awarded');
    await step('milestones');
    await step('completed');
    const audit = await auditOf(ctx, 'call', id);
    expect(audit.map((a) => a.action)).toEqual([
      'call.create',
      'call.published',
      'call.open',
      'call.closed',
      'call.review',
      'call.decision',
      'call.decide',
      'call.notice',
      'call.awarded',
      'call.milestones',
      'call.completed',
    ]);
    const moves = audit.filter((a) => !['call.create', 'call.decide'].includes(a.action));
    expect(moves.map((a) => [a.change.from, a.change.to])).toEqual([
      ['draft', 'published'],
      ['published', 'open'],
      ['open', 'closed'],
      ['closed', 'review'],
      ['review', 'decision'],
      ['decision', 'notice'],
      ['notice', 'awarded'],
      ['awarded', 'milestones'],
      ['milestones', 'completed'],
    ]);
    expect(moves.every((a) => a.actor === 'sh-admin' && a.jurisdictionCode === '310000')).toBe(true);
  });

  it('terminates from any live state, after which nothing moves', async () => {
    for (const upTo of ['draft', 'published', 'open', 'closed']) {
      const id = (await c('sh-admin').post('/api/calls', callBody(now()))).data.id as number;
      const path = ['published', 'open', 'closed'].slice(0, STATUSES.indexOf(upTo));
      await move(c('sh-admin'), id, ...path);
      const r = await transition('sh-admin', id, 'terminated');
      expect(r.statusCode, upTo).toBe(200);
      expect(r.data.status).toBe('terminated');
      expect((await auditOf(ctx, 'call', id)).at(-1)).toMatchObject({ action: 'call.terminated', change: { from: upTo, to: 'terminated' } });
      if (upTo === 'open') await refusesAllBut(id, 'terminated');
    }
  });

  it('review needs at least one application (422 no-applications)', async () => {
    const call = await openCall(c('sh-admin'), callBody(now()));
    await move(c('sh-admin'), call.id, 'closed');
    await refused(ctx, () => transition('sh-admin', call.id, 'review'), 422, 'no-applications');
  });

  it('only the call’s own jurisdiction admin moves it: 403 for another jurisdiction’s admin and for everyone else; a draft is not even found', async () => {
    const draft = (await c('sh-admin').post('/api/calls', callBody(now()))).data.id as number;
    for (const who of ['js-admin', 'zj-admin', 'ah-admin']) await refused(ctx, () => transition(who, draft, 'published'), 404, 'not-found');
    const published = await openCall(c('sh-admin'), callBody(now()), 'published');
    for (const who of ['js-admin', 'zj-admin', 'ah-admin', 'sh-org-admin', 'zj-member', 'sh-expert']) {
      await refused(ctx, () => transition(who, published.id, 'open'), 403, 'forbidden');
    }
    expect((await c('zj-member').get(`/api/calls/${published.id}`)).data.status).toBe('published');
    // The platform admin may move any call.
    expect((await transition('admin', published.id, 'open')).data.status).toBe('open');
  });
});

// ---------------------------------------------------------------------------------------------

describe(`applying and bidding (${engine})`, () => {
  let J: number; // an open Shanghai joint fund
  let appJ: number; // zj-member's application to it
  const crossTeam = () => [{ name: '周示例', userId: U['js-org-admin'].id, organizationId: O.jsInst }];

  beforeAll(async () => {
    J = (await openCall(c('sh-admin'), callBody(now()))).id;
  });

  it('refuses a single-jurisdiction team on a joint fund (422 single-jurisdiction), writing nothing', async () => {
    const alone = await refused(ctx, () => c('zj-member').post(`/api/calls/${J}/applications`, application()), 422, 'single-jurisdiction');
    expect(alone.data.jurisdictions).toEqual(['330000']);
    const sameProvince = await refused(
      ctx,
      () => c('zj-member').post(`/api/calls/${J}/applications`, application({ members: [{ name: '之江成员', organizationId: O.zjInst }] })),
      422,
      'single-jurisdiction',
    );
    expect(sameProvince.data.jurisdictions).toEqual(['330000']);
  });

  it('a team spanning two jurisdictions applies (audited); a second application of the same organisation is 409', async () => {
    const r = await c('zj-member').post(`/api/calls/${J}/applications`, application({ members: crossTeam() }));
    expect(r.statusCode, r.body).toBe(201);
    appJ = r.data.id;
    expect(r.data).toMatchObject({
      callId: J,
      applicantOrgId: O.zjEnt,
      leadUserId: U['zj-member'].id,
      status: 'submitted',
      jurisdictions: ['320000', '330000'],
    });
    expect(r.data.members.map((m: any) => [m.userId, m.role, m.jurisdictionCode])).toEqual([
      [U['zj-member'].id, 'lead', '330000'],
      [U['js-org-admin'].id, 'member', '320000'],
    ]);
    expect((await auditOf(ctx, 'call_application', appJ)).map((a) => a.action)).toEqual(['call.apply']);
    await refused(ctx, () => c('zj-org-admin').post(`/api/calls/${J}/applications`, application({ members: crossTeam() })), 409, 'conflict');
  });

  it('members with unknown organisations or users are 400 naming the member', async () => {
    const org = await refused(
      ctx,
      () => c('ah-member').post(`/api/calls/${J}/applications`, application({ members: [{ name: '某人', organizationId: 99_999_999 }] })),
      400,
      'validation-failed',
    );
    expect(org.data.errors).toEqual([expect.objectContaining({ field: 'body:/members/0/organizationId', code: 'organization-invalid' })]);
    const user = await refused(
      ctx,
      () =>
        c('ah-member').post(
          `/api/calls/${J}/applications`,
          application({
            members: [
              { name: '上海成员', organizationId: O.shBio },
              { name: '某人', userId: 99_999_999, organizationId: O.shBio },
            ],
          }),
        ),
      400,
      'validation-failed',
    );
    expect(user.data.errors).toEqual([expect.objectContaining({ field: 'body:/members/1/userId', code: 'user-invalid' })]);
  });

  it('a call that is not open takes no application (422 call-not-open / not-yet-open); a draft is not found', async () => {
    const published = await openCall(c('sh-admin'), callBody(now()), 'published');
    await refused(
      ctx,
      () => c('ah-member').post(`/api/calls/${published.id}/applications`, application({ members: [{ name: '上海成员', organizationId: O.shBio }] })),
      422,
      'call-not-open',
    );
    const closed = await openCall(c('sh-admin'), callBody(now()));
    await move(c('sh-admin'), closed.id, 'closed');
    await refused(
      ctx,
      () => c('ah-member').post(`/api/calls/${closed.id}/applications`, application({ members: [{ name: '上海成员', organizationId: O.shBio }] })),
      422,
      'call-not-open',
    );
    const early = await openCall(c('sh-admin'), callBody(now(), { opensAt: new Date(now() + DAY).toISOString() }));
    await refused(
      ctx,
      () => c('ah-member').post(`/api/calls/${early.id}/applications`, application({ members: [{ name: '上海成员', organizationId: O.shBio }] })),
      422,
      'not-yet-open',
    );
    const draft = (await c('sh-admin').post('/api/calls', callBody(now()))).data.id;
    await refused(
      ctx,
      () => c('ah-member').post(`/api/calls/${draft}/applications`, application({ members: [{ name: '上海成员', organizationId: O.shBio }] })),
      404,
      'not-found',
    );
  });

  it('the posing organisation cannot bid on its own challenge (422 own-challenge); another enterprise bids alone', async () => {
    const id = (await c('sh-org-admin').post('/api/calls', callBody(now(), { kind: 'challenge', shares: undefined }))).data.id as number;
    await move(c('sh-admin'), id, 'published', 'open');
    for (const who of ['sh-org-admin', 'sh-member'])
      await refused(ctx, () => c(who).post(`/api/calls/${id}/applications`, application()), 422, 'own-challenge');
    const bid = await c('zj-org-admin').post(`/api/calls/${id}/applications`, application());
    expect(bid.statusCode, bid.body).toBe(201);
    expect(bid.data.jurisdictions).toEqual(['330000']);
    expect((await auditOf(ctx, 'call_application', bid.data.id)).map((a) => a.action)).toEqual(['call.bid']);
  });

  it('administrative accounts do not apply (403)', async () => {
    for (const who of ['sh-admin', 'js-admin', 'admin'])
      await refused(ctx, () => c(who).post(`/api/calls/${J}/applications`, application({ members: crossTeam() })), 403, 'forbidden');
  });

  it('a late application, by the clock, is 422 deadline-passed, and so is a late attachment', async () => {
    const L = await openCall(c('sh-admin'), callBody(now(), { deadline: new Date(now() + 2 * DAY).toISOString() }));
    const onTime = await c('zj-member').post(`/api/calls/${L.id}/applications`, application({ members: crossTeam() }));
    expect(onTime.statusCode).toBe(201);
    ctx.clock.advance(2 * DAY);
    const late = await refused(
      ctx,
      () => c('ah-member').post(`/api/calls/${L.id}/applications`, application({ members: [{ name: '上海成员', organizationId: O.shBio }] })),
      422,
      'deadline-passed',
    );
    expect(late.data.deadline).toBe(L.deadline);
    await refused(
      ctx,
      () =>
        c('zj-member').request('POST', `/api/calls/${L.id}/applications/${onTime.data.id}/attachments`, {
          query: { filename: 'late.pdf' },
          headers: { 'content-type': 'application/pdf' },
          payload: Buffer.from('%PDF-1.4 late'),
        }),
      422,
      'deadline-passed',
    );
  });

  describe('attachments', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7), Buffer.from('\n%%EOF')]);
    const upload = (who: string, body: Buffer | string, type: string, filename = '申报书.pdf', app = appJ) =>
      c(who).request('POST', `/api/calls/${J}/applications/${app}/attachments`, { query: { filename }, headers: { 'content-type': type }, payload: body });
    let attachmentId: number;

    it('the lead attaches a PDF; the department and the applicant organisation download it; anyone else gets 404', async () => {
      const r = await upload('zj-member', pdf, 'application/pdf');
      expect(r.statusCode, r.body).toBe(201);
      expect(r.data.attachments).toEqual([expect.objectContaining({ filename: '申报书.pdf', contentType: 'application/pdf', size: pdf.length })]);
      attachmentId = r.data.attachments[0].id;
      expect((await auditOf(ctx, 'call_application', appJ)).at(-1)).toMatchObject({
        action: 'call.attachment.add',
        change: { attachmentId, size: pdf.length },
      });
      for (const who of ['sh-admin', 'zj-org-admin', 'zj-member', 'admin']) {
        const d = await c(who).get(`/api/calls/${J}/attachments/${attachmentId}`);
        expect(d.statusCode, who).toBe(200);
        expect(d.headers['content-type']).toBe('application/pdf');
        expect(Buffer.compare(d.rawPayload, pdf), who).toBe(0);
      }
      for (const who of ['ah-member', 'js-admin', 'sh-expert', 'sh-org-admin'])
        expect((await c(who).get(`/api/calls/${J}/attachments/${attachmentId}`)).statusCode, who).toBe(404);
    });

    it('refuses text/plain (415), more than 5 MiB (413) and uploads by anyone but the lead (404), writing nothing', async () => {
      await refused(ctx, () => upload('zj-member', 'plain text', 'text/plain', 'a.txt'), 415, 'unsupported-media-type');
      await refused(ctx, () => upload('zj-member', Buffer.alloc(5 * 1024 * 1024 + 1, 1), 'application/pdf'), 413, 'body-too-large');
      await refused(ctx, () => upload('zj-org-admin', pdf, 'application/pdf'), 404, 'not-found');
      await refused(ctx, () => upload('ah-member', pdf, 'application/pdf'), 404, 'not-found');
      // Exactly 5 MiB is accepted.
      const big = Buffer.alloc(5 * 1024 * 1024, 2);
      big.write('%PDF-1.4', 0);
      const ok = await upload('zj-member', big, 'application/pdf', 'big.pdf');
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.data.attachments.map((a: any) => a.size)).toEqual([pdf.length, big.length]);
    });
  });
});

// ---------------------------------------------------------------------------------------------

type AppKey = 'A' | 'B' | 'C' | 'D';
const PROFILE: Record<AppKey, { disciplines: string[]; keywords: string[] }> = {
  A: { disciplines: ['1502710'], keywords: ['质谱', '分析化学'] },
  B: { disciplines: ['4301710'], keywords: ['纳米材料', '表征'] },
  C: { disciplines: ['5201040'], keywords: ['算力', '智能制造'] },
  D: { disciplines: ['1402010'], keywords: ['量子精密测量', '光谱'] },
};
const CLEAN_PROFILE = { disciplines: ['150', '430', '520', '140'], keywords: [] as string[] };

describe(`reviewer assignment and reviews (${engine})`, () => {
  let W: number; // the Shanghai joint fund under review
  const app: Record<AppKey, number> = { A: 0, B: 0, C: 0, D: 0 };
  const E: Record<string, Person> = {}; // experts made here
  const experts: Person[] = []; // the whole pool
  const byId = new Map<number, Person>();
  /** The conflicts the rules imply, application → expert → the first rule that applies. */
  let CONFLICTS: Record<AppKey, Record<number, string>>;
  let totalMin = 0;
  const keyOf = (applicationId: number) => (Object.keys(app) as AppKey[]).find((k) => app[k] === applicationId)!;

  const run = (body: Record<string, unknown>, who = 'sh-admin') => c(who).post(`/api/calls/${W}/assignments`, body);

  /** No conflicted pair, loads within the bound, every reviewer in the pool. */
  function checkAssignment(report: any, maxPerExpert: number) {
    const load = new Map<number, number>();
    for (const a of report.applications) {
      const k = keyOf(a.applicationId);
      for (const r of a.reviewers) {
        expect(CONFLICTS[k][r.expertUserId], `${byId.get(r.expertUserId)?.username} must never review ${k}`).toBeUndefined();
        expect(byId.has(r.expertUserId)).toBe(true);
        load.set(r.expertUserId, (load.get(r.expertUserId) ?? 0) + 1);
      }
      expect(new Set(a.reviewers.map((r: any) => r.expertUserId)).size).toBe(a.reviewers.length);
    }
    expect(Math.max(...load.values())).toBeLessThanOrEqual(maxPerExpert);
    expect(report.load.max).toBeLessThanOrEqual(maxPerExpert);
    return load;
  }
  const reviewersOf = (report: any, k: AppKey) =>
    report.applications.find((a: any) => a.applicationId === app[k]).reviewers.map((r: any) => r.expertUserId) as number[];

  beforeAll(async () => {
    const admin = c('admin');
    const t = now();
    // Experts in their own neutral organisations, except one inside applicant A's enterprise.
    const expertIn = async (name: string, jurisdictionCode: string) =>
      (E[name] = (await newOrgWith(ctx, admin, { jurisdictionCode, type: 'research_institute' }, ['expert'])).people[0]);
    E.sameA = await newUser(ctx, admin, O.zjEnt, 'expert');
    await expertIn('coA', '320000');
    await expertIn('advA', '340000');
    await expertIn('teamB', '320000');
    await expertIn('famB', '330000');
    await expertIn('oldB', '310000');
    await expertIn('recB', '340000');
    await expertIn('decC', '320000');
    await expertIn('decD', '330000');
    await expertIn('barred', '310000');
    await expertIn('clean1', '310000');
    await expertIn('clean2', '320000');
    await expertIn('clean3', '330000');
    await expertIn('clean4', '340000');
    const profileOf: Record<string, { disciplines: string[]; keywords: string[] }> = {
      sameA: PROFILE.A,
      coA: PROFILE.A,
      advA: PROFILE.A,
      barred: PROFILE.A,
      teamB: PROFILE.B,
      famB: PROFILE.B,
      oldB: PROFILE.B,
      recB: PROFILE.B,
      decC: PROFILE.C,
      decD: PROFILE.D,
      clean1: CLEAN_PROFILE,
      clean2: CLEAN_PROFILE,
      clean3: CLEAN_PROFILE,
      clean4: CLEAN_PROFILE,
    };
    for (const [name, p] of Object.entries(profileOf)) {
      const r = await E[name].client.request('PUT', `/api/experts/${E[name].id}`, { json: { title: '研究员', ...p, availability: 'available' } });
      expect(r.statusCode, r.body).toBe(200);
    }
    for (const p of [U['js-expert'], U['ah-expert'], U['sh-expert'], U['zj-expert'], ...Object.values(E)]) {
      experts.push(p);
      byId.set(p.id, p);
    }

    // Relations declared by the experts …
    const relate = async (who: Person, body: Record<string, unknown>) => {
      const r = await who.client.post(`/api/experts/${who.id}/relations`, body);
      expect(r.statusCode, r.body).toBe(201);
    };
    await relate(E.coA, { kind: 'coauthor', otherUserId: U['zj-member'].id, since: '2023-05-01' });
    await relate(E.advA, { kind: 'advisor', otherUserId: U['zj-member'].id, since: '2005-09-01', until: '2010-06-30' });
    await relate(E.famB, { kind: 'family', otherUserId: U['ah-member'].id });
    await relate(E.recB, { kind: 'coauthor', otherUserId: U['ah-member'].id, since: '2019-01-01', until: bjDate(t - 2 * 365 * DAY) });
    await relate(E.oldB, { kind: 'coauthor', otherUserId: U['ah-member'].id, since: '2015-01-01', until: bjDate(t - 4 * 365 * DAY) });
    await relate(E.oldB, { kind: 'collaborator', otherUserId: U['ah-member'].id, since: '2016-01-01', until: bjDate(t - 3.5 * 365 * DAY) });
    // … and by the applicant side: a person, and an organisation.
    const byApplicant = await c('sh-svc-admin').post(`/api/experts/${E.decC.id}/relations`, { kind: 'declared', note: '曾共同承担项目' });
    expect(byApplicant.statusCode, byApplicant.body).toBe(201);
    const byOrg = await c('js-org-admin').post(`/api/experts/${E.decD.id}/relations`, { kind: 'declared', otherOrganizationId: O.jsInst, note: '本院兼职' });
    expect(byOrg.statusCode, byOrg.body).toBe(201);
    // An integrity record bars one expert.
    const rec = await c('js-admin').post('/api/integrity-records', {
      subjectType: 'person',
      userId: E.barred.id,
      misconduct: '论文数据造假（示例）',
      outcome: '取消评审专家资格三年',
      decidingUnit: '江苏省科学技术厅（示例）',
      legalBasis: '《科研失信行为调查处理规则》',
      effectiveOn: bjDate(t),
      endsOn: bjDate(t + 3 * 365 * DAY),
    });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.data.state).toBe('active');

    W = (
      await openCall(
        c('sh-admin'),
        callBody(now(), { shares: { '310000': 3334, '320000': 3333, '330000': 3333 }, reviewersPerApplication: 3, maxPerExpert: 2 }),
      )
    ).id;
    const apply = async (k: AppKey, who: string, members: unknown[]) => {
      const r = await c(who).post(`/api/calls/${W}/applications`, application({ title: `申报 ${k}`, ...PROFILE[k], members }));
      expect(r.statusCode, r.body).toBe(201);
      app[k] = r.data.id;
    };
    await apply('A', 'zj-member', [{ name: '周研究员', userId: U['js-org-admin'].id, organizationId: O.jsInst }]);
    await apply('B', 'ah-member', [
      { name: '上海成员', organizationId: O.shBio },
      { name: '团队成员乙', userId: E.teamB.id, organizationId: E.teamB.organizationId },
    ]);
    await apply('C', 'sh-svc-admin', [{ name: '之江成员', organizationId: O.zjInst }]);
    await apply('D', 'js-org-admin', [
      { name: '钱研究员', userId: U['js-expert'].id, organizationId: O.jsInst },
      { name: '银行成员', organizationId: O.shBank },
    ]);
    await move(c('sh-admin'), W, 'closed', 'review');

    const js = U['js-expert'].id;
    CONFLICTS = {
      A: {
        [js]: 'same-organization',
        [E.sameA.id]: 'same-organization',
        [E.coA.id]: 'coauthor',
        [E.advA.id]: 'advisor',
        [E.decD.id]: 'declared',
        [E.barred.id]: 'integrity-record',
      },
      B: { [E.teamB.id]: 'team-member', [E.famB.id]: 'family', [E.recB.id]: 'coauthor', [E.barred.id]: 'integrity-record' },
      C: { [U['zj-expert'].id]: 'same-organization', [E.decC.id]: 'declared', [E.barred.id]: 'integrity-record' },
      // js-expert declared ah-expert a co-author (demo data): co-authorship runs both ways.
      D: { [js]: 'team-member', [U['ah-expert'].id]: 'coauthor', [E.decD.id]: 'declared', [E.barred.id]: 'integrity-record' },
    };
  });

  it('declared relations: the expert and administrators see them, others do not; the applicant side declares only for itself or its organisation (403)', async () => {
    const mine = await E.decC.client.get(`/api/experts/${E.decC.id}`);
    expect(mine.data.relations).toEqual([expect.objectContaining({ kind: 'declared', otherUserId: U['sh-svc-admin'].id, declaredByExpert: false })]);
    expect((await c('sh-admin').get(`/api/experts/${E.decD.id}`)).data.relations).toEqual([
      expect.objectContaining({ kind: 'declared', otherOrganizationId: O.jsInst, otherUserId: null }),
    ]);
    expect((await c('zj-member').get(`/api/experts/${E.decC.id}`)).data.relations).toEqual([]);
    await refused(ctx, () => c('zj-member').post(`/api/experts/${E.decD.id}/relations`, { kind: 'declared', otherOrganizationId: O.shSvc }), 403, 'forbidden');
  });

  it('only the department assigns, and only in review', async () => {
    await refused(ctx, () => run({}, 'js-admin'), 403, 'forbidden');
    await refused(ctx, () => run({}, 'sh-expert'), 403, 'forbidden');
    expect((await c('sh-expert').get(`/api/calls/${W}/assignments`)).statusCode).toBe(403);
    const open = await openCall(c('sh-admin'), callBody(now()));
    await refused(ctx, () => c('sh-admin').post(`/api/calls/${open.id}/assignments`, {}), 422, 'call-not-in-review');
  });

  it('assigns k reviewers per application, loads ≤ maxPerExpert, never a conflicted pair, at the best total affinity', async () => {
    const r = await run({ k: 3, maxPerExpert: 2, mode: 'total' });
    expect(r.statusCode, r.body).toBe(200);
    checkAssignment(r.data, 2);
    for (const a of r.data.applications) expect(a.reviewers, keyOf(a.applicationId)).toHaveLength(3);
    expect(r.data.uncovered).toEqual([]);
    // Every conflict the rules imply was found, each under its first rule.
    expect(r.data.excludedByConflict).toEqual({
      'integrity-record': 4,
      'same-organization': 3,
      'team-member': 2,
      coauthor: 3,
      advisor: 1,
      family: 1,
      declared: 3,
    });
    // A co-authorship and a collaboration that ended more than three years ago do not conflict:
    // oldB, the best match for B, reviews it.
    expect(reviewersOf(r.data, 'B')).toContain(E.oldB.id);
    // The optimum: A gets sh-expert (0.8) + two at 0.18, B gets oldB (1.0) + js-expert (0.8) + one at 0.18,
    // C and D three at 0.18 each.
    expect(r.data.totalAffinity).toBeCloseTo(0.8 + 2 * 0.18 + 1.0 + 0.8 + 0.18 + 6 * 0.18, 4);
    expect(reviewersOf(r.data, 'A')).toContain(U['sh-expert'].id);
    expect(reviewersOf(r.data, 'B')).toContain(U['js-expert'].id);
    totalMin = r.data.minApplicationAffinity;
    // Stored as reported, and audited.
    const rows = await ctx.db.db.selectFrom('review_assignments').select(['application_id', 'expert_user_id']).where('call_id', '=', W).execute();
    expect(rows).toHaveLength(12);
    expect((await auditOf(ctx, 'call', W)).at(-1)).toMatchObject({
      action: 'call.assign_reviewers',
      change: { k: 3, maxPerExpert: 2, mode: 'total', pairs: 12 },
    });
    expect((await c('sh-admin').get(`/api/calls/${W}/assignments`)).data.totalAffinity).toBe(r.data.totalAffinity);
  });

  it('a conflicted expert added by hand is refused with the conflict named (422 conflict-of-interest), writing nothing', async () => {
    let n = 0;
    for (const k of Object.keys(CONFLICTS) as AppKey[]) {
      for (const [expertId, why] of Object.entries(CONFLICTS[k])) {
        const r = await refused(
          ctx,
          () => c('sh-admin').post(`/api/calls/${W}/assignments/manual`, { applicationId: app[k], expertUserId: Number(expertId) }),
          422,
          'conflict-of-interest',
        );
        expect(r.data.conflict, `${byId.get(Number(expertId))?.username} on ${k}`).toBe(why);
        n++;
      }
    }
    expect(n).toBe(17);
    const en = await c('sh-admin').post(`/api/calls/${W}/assignments/manual`, { applicationId: app.B, expertUserId: E.famB.id }, { lang: 'en' });
    expect(en.data.detail).toContain('family');
  });

  it('a reviewer without conflict can be added by hand (audited), once (409)', async () => {
    expect(reviewersOf((await c('sh-admin').get(`/api/calls/${W}/assignments`)).data, 'C')).not.toContain(E.oldB.id);
    const r = await c('sh-admin').post(`/api/calls/${W}/assignments/manual`, { applicationId: app.C, expertUserId: E.oldB.id });
    expect(r.statusCode, r.body).toBe(200);
    expect(reviewersOf(r.data, 'C')).toContain(E.oldB.id);
    expect((await auditOf(ctx, 'call', W)).at(-1)).toMatchObject({ action: 'call.assign_reviewer', change: { applicationId: app.C, expertUserId: E.oldB.id } });
    await refused(ctx, () => c('sh-admin').post(`/api/calls/${W}/assignments/manual`, { applicationId: app.C, expertUserId: E.oldB.id }), 409, 'conflict');
  });

  it('fair mode raises the worst-served application at least as high as total mode, on the same data', async () => {
    const r = await run({ k: 3, maxPerExpert: 2, mode: 'fair' });
    expect(r.statusCode, r.body).toBe(200);
    checkAssignment(r.data, 2);
    for (const a of r.data.applications) expect(a.reviewers).toHaveLength(3);
    expect(r.data.minApplicationAffinity).toBeGreaterThanOrEqual(totalMin);
    expect(r.data.minApplicationAffinity).toBeCloseTo(3 * 0.18, 4);
  });

  it('reports the applications left short when experts run out, with the reason', async () => {
    // More reviewers than there are conflict-free experts: A has 12, B and D 14, C 15.
    const many = await run({ k: 15, maxPerExpert: 100 });
    expect(many.statusCode).toBe(200);
    checkAssignment(many.data, 100);
    const pool = experts.length;
    expect(pool).toBe(18);
    const expectShort = (['A', 'B', 'C', 'D'] as AppKey[])
      .map((k) => ({ applicationId: app[k], assigned: pool - Object.keys(CONFLICTS[k]).length, reason: 'no-candidates' }))
      .filter((u) => u.assigned < 15);
    expect(many.data.uncovered.map((u: any) => ({ applicationId: u.applicationId, assigned: u.assigned, reason: u.reason }))).toEqual(expectShort);
    expect(expectShort.map((u) => u.assigned)).toEqual([12, 14, 14]);
    // Enough candidates, too little capacity: 17 usable experts × 1 for 4 × 5 places.
    const tight = await run({ k: 5, maxPerExpert: 1 });
    checkAssignment(tight.data, 1);
    const placed = tight.data.applications.reduce((s: number, a: any) => s + a.reviewers.length, 0);
    expect(placed).toBe(17);
    expect(tight.data.uncovered.every((u: any) => u.reason === 'capacity')).toBe(true);
    expect(tight.data.uncovered.reduce((s: number, u: any) => s + (5 - u.assigned), 0)).toBe(3);
  });

  describe('reviews', () => {
    let report: any;
    const reviewIds = new Map<string, number>(); // `${app}:${expert}` → review id
    const expertClient = (id: number) => byId.get(id)!.client;
    const comment = (k: AppKey, id: number) => `评语-${k}-${id}-独有文本`;
    const sc = (novelty: number, feasibility: number, team: number, impact: number) => ({ novelty, feasibility, team, impact });

    beforeAll(async () => {
      report = (await run({ k: 3, maxPerExpert: 2, mode: 'total' })).data;
      checkAssignment(report, 2);
      for (const a of report.applications) for (const r of a.reviewers) reviewIds.set(`${keyOf(a.applicationId)}:${r.expertUserId}`, r.assignmentId);
    });
    const reviewOf = (k: AppKey, i: number) => {
      const expertId = reviewersOf(report, k)[i];
      return { expertId, id: reviewIds.get(`${k}:${expertId}`)!, client: expertClient(expertId) };
    };

    it('an expert sees exactly their own assignments, and nothing of the other reviewers', async () => {
      const assigned = new Map<number, number[]>();
      for (const [key, id] of reviewIds) {
        const expertId = Number(key.split(':')[1]);
        assigned.set(expertId, [...(assigned.get(expertId) ?? []), id]);
      }
      for (const [expertId, ids] of assigned) {
        const r = await expertClient(expertId).get('/api/reviews', { query: { pageSize: 100 } });
        expect(r.statusCode).toBe(200);
        const mine = r.data.items.filter((x: any) => x.callId === W);
        expect(mine.map((x: any) => x.id).sort()).toEqual([...ids].sort());
        const others = new Set<number>();
        for (const x of mine) for (const id of reviewersOf(report, keyOf(x.application.id))) if (id !== expertId) others.add(id);
        for (const o of others) {
          expect(r.body, `${byId.get(expertId)!.username} sees ${byId.get(o)!.username}`).not.toContain(byId.get(o)!.displayName);
          expect(r.body).not.toContain(byId.get(o)!.username);
        }
        for (const word of ['expertUserId', 'reviewers', 'affinity', 'meanScore', 'trimmedMeanScore']) expect(r.body).not.toContain(word);
      }
      // Someone else's review is not found; the assignment and the ranking are not theirs to see.
      const a0 = reviewOf('A', 0);
      const b0 = reviewOf('B', 0);
      const stranger = a0.expertId === b0.expertId ? reviewOf('B', 1) : b0;
      expect((await stranger.client.get(`/api/reviews/${a0.id}`)).statusCode).toBe(404);
      expect((await a0.client.get(`/api/calls/${W}/assignments`)).statusCode).toBe(403);
      expect((await a0.client.get(`/api/calls/${W}/ranking`)).statusCode).toBe(403);
    });

    it('refuses scores out of 0–25 (400), someone else’s review (404), and scoring after declaring a conflict (422)', async () => {
      const a0 = reviewOf('A', 0);
      for (const bad of [sc(26, 10, 10, 10), sc(10, -1, 10, 10), sc(10, 10, 12.5, 10)]) {
        await refused(ctx, () => a0.client.post(`/api/reviews/${a0.id}`, { scores: bad, comment: '评语' }), 400, 'validation-failed');
      }
      await refused(
        ctx,
        () => a0.client.post(`/api/reviews/${a0.id}`, { scores: { novelty: 10, feasibility: 10, team: 10 }, comment: '评语' }),
        400,
        'validation-failed',
      );
      // 30 is refused, never clamped to 25: the problem names the field, in the reader's language.
      for (const lang of ['zh', 'en'] as const) {
        const r = await refused(
          ctx,
          () => a0.client.post(`/api/reviews/${a0.id}`, { scores: sc(30, 10, 10, 10), comment: '评语' }, { lang }),
          400,
          'validation-failed',
        );
        expect(r.data.errors).toEqual([
          expect.objectContaining({ field: 'body:/scores/novelty', code: 'schema.maximum', message: lang === 'zh' ? '不得大于 25' : 'must be at most 25' }),
        ]);
      }
      expect((await a0.client.get(`/api/reviews/${a0.id}`)).data).toMatchObject({ status: 'assigned', scores: null, totalScore: null });
      const other = [...reviewIds.entries()].find(([key, id]) => Number(key.split(':')[1]) !== a0.expertId && id !== a0.id)!;
      await refused(ctx, () => a0.client.post(`/api/reviews/${other[1]}`, { scores: sc(10, 10, 10, 10), comment: '评语' }), 404, 'not-found');
      await refused(ctx, () => a0.client.post(`/api/reviews/${other[1]}/conflict`, { note: '不是我的' }), 404, 'not-found');
      // D's first reviewer declares a conflict, and may no longer score.
      const d0 = reviewOf('D', 0);
      const declared = await d0.client.post(`/api/reviews/${d0.id}/conflict`, { note: '与申请人曾有合作' });
      expect(declared.statusCode, declared.body).toBe(200);
      expect(declared.data.status).toBe('conflict');
      await refused(ctx, () => d0.client.post(`/api/reviews/${d0.id}`, { scores: sc(20, 20, 20, 20), comment: '评语' }), 422, 'conflict-declared');
    });

    it('scores are submitted and audited; other reviewers never see them; the assignment can no longer be redone (409)', async () => {
      const submit = async (k: AppKey, i: number, s: ReturnType<typeof sc>) => {
        const r = reviewOf(k, i);
        const res = await r.client.post(`/api/reviews/${r.id}`, { scores: s, comment: comment(k, r.expertId) });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.data).toMatchObject({ status: 'submitted', totalScore: s.novelty + s.feasibility + s.team + s.impact });
        return r;
      };
      await submit('A', 0, sc(10, 10, 10, 10)); // 40
      await submit('A', 1, sc(15, 15, 15, 15)); // 60
      await submit('A', 2, sc(25, 25, 20, 20)); // 90
      await submit('B', 0, sc(20, 20, 15, 15)); // 70
      await submit('B', 1, sc(20, 20, 20, 20)); // 80
      for (const i of [0, 1, 2]) await submit('C', i, sc(15, 15, 10, 10)); // 50
      await submit('D', 1, sc(25, 20, 20, 20)); // 85
      await submit('D', 2, sc(25, 25, 25, 20)); // 95
      const a2 = reviewOf('A', 2);
      expect((await auditOf(ctx, 'review', a2.id)).map((x) => [x.action, x.actor, x.change.total])).toEqual([
        ['review.submit', byId.get(a2.expertId)!.username, 90],
      ]);
      // Each reviewer sees their own comment, never another's.
      for (const k of ['A', 'B', 'C', 'D'] as AppKey[]) {
        for (const expertId of reviewersOf(report, k)) {
          const body = (await expertClient(expertId).get('/api/reviews', { query: { pageSize: 100 } })).body;
          for (const other of reviewersOf(report, k)) if (other !== expertId) expect(body).not.toContain(comment(k, other));
        }
      }
      expect((await refused(ctx, () => run({ k: 3 }), 409, 'reviews-submitted')).data.code).toBe('conflict');
    });

    it('ranks by trimmed mean (mean and trimmed mean exact), for the department only; then scoring is closed', async () => {
      await refused(ctx, () => c('zj-member').get(`/api/calls/${W}/ranking`), 403, 'forbidden');
      await refused(ctx, () => c('js-admin').get(`/api/calls/${W}/ranking`), 403, 'forbidden');
      const r = await c('sh-admin').get(`/api/calls/${W}/ranking`);
      expect(r.statusCode).toBe(200);
      expect(r.data.items.map((x: any) => [x.id, x.rank, x.reviews, x.meanScore, x.trimmedMeanScore])).toEqual([
        [app.D, 1, 2, 90, 90],
        [app.B, 2, 2, 75, 75],
        [app.A, 3, 3, 63.33, 60],
        [app.C, 4, 3, 50, 50],
      ]);
      await move(c('sh-admin'), W, 'decision');
      const b2 = reviewOf('B', 2);
      await refused(ctx, () => b2.client.post(`/api/reviews/${b2.id}`, { scores: sc(20, 20, 20, 20), comment: '迟到的评语' }), 422, 'call-not-in-review');
    });

    it('a joint fund decides within the budget and splits the award by the shares, summing exactly to the total', async () => {
      const decide = (who: string, awards: unknown) => c(who).post(`/api/calls/${W}/decision`, { awards });
      await refused(ctx, () => decide('js-admin', [{ applicationId: app.A, amountFen: 1000 }]), 403, 'forbidden');
      const over = await refused(
        ctx,
        () =>
          decide('sh-admin', [
            { applicationId: app.A, amountFen: 6_000_000 },
            { applicationId: app.B, amountFen: 4_000_001 },
          ]),
        422,
        'over-budget',
      );
      expect(over.data).toMatchObject({ totalFen: 10_000_001, budgetFen: 10_000_000 });
      await refused(
        ctx,
        () =>
          decide('sh-admin', [
            { applicationId: app.A, amountFen: 1 },
            { applicationId: app.A, amountFen: 2 },
          ]),
        400,
        'validation-failed',
      );
      await refused(ctx, () => decide('sh-admin', [{ applicationId: 99_999_999, amountFen: 1 }]), 400, 'validation-failed');
      const r = await decide('sh-admin', [
        { applicationId: app.A, amountFen: 1_234_567 },
        { applicationId: app.B, amountFen: 2_000_001 },
      ]);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.data.totalFen).toBe(3_234_568);
      // ⌊3 234 568 × 3333 / 10000⌋ = 1 078 081; ⌊… × 3334 / 10000⌋ = 1 078 404, plus the 2 fen remainder at home.
      expect(r.data.byJurisdiction).toEqual([
        { jurisdictionCode: '310000', shareBp: 3334, amountFen: 1_078_406 },
        { jurisdictionCode: '320000', shareBp: 3333, amountFen: 1_078_081 },
        { jurisdictionCode: '330000', shareBp: 3333, amountFen: 1_078_081 },
      ]);
      expect(r.data.byJurisdiction.reduce((s: number, x: any) => s + x.amountFen, 0)).toBe(r.data.totalFen);
      const apps = (await c('sh-admin').get(`/api/calls/${W}/applications`)).data.items;
      expect(Object.fromEntries(apps.map((a: any) => [keyOf(a.id), [a.status, a.awardFen]]))).toEqual({
        A: ['awarded', 1_234_567],
        B: ['awarded', 2_000_001],
        C: ['not_awarded', null],
        D: ['not_awarded', null],
      });
      // The department sees the scores from the decision on.
      expect(apps.find((a: any) => a.id === app.A)).toMatchObject({ meanScore: 63.33, trimmedMeanScore: 60 });
    });
  });

  it('excludeSameJurisdiction keeps experts away from every jurisdiction of the team', async () => {
    const W2 = (await openCall(c('sh-admin'), callBody(now(), { excludeSameJurisdiction: true, reviewersPerApplication: 2 }))).id;
    const a2 = await c('zj-member').post(
      `/api/calls/${W2}/applications`,
      application({ ...PROFILE.A, members: [{ name: '周研究员', userId: U['js-org-admin'].id, organizationId: O.jsInst }] }),
    );
    const b2 = await c('ah-member').post(
      `/api/calls/${W2}/applications`,
      application({ ...PROFILE.B, members: [{ name: '上海成员', organizationId: O.shBio }] }),
    );
    expect([a2.data.jurisdictions, b2.data.jurisdictions]).toEqual([
      ['320000', '330000'],
      ['310000', '340000'],
    ]);
    await move(c('sh-admin'), W2, 'closed', 'review');
    const r = await c('sh-admin').post(`/api/calls/${W2}/assignments`, { k: 2, maxPerExpert: 10 });
    expect(r.statusCode, r.body).toBe(200);
    const teams = new Map([
      [a2.data.id, a2.data.jurisdictions as string[]],
      [b2.data.id, b2.data.jurisdictions as string[]],
    ]);
    for (const a of r.data.applications) {
      expect(a.reviewers).toHaveLength(2);
      for (const rv of a.reviewers) expect(teams.get(a.applicationId)).not.toContain(rv.jurisdictionCode);
    }
    expect(r.data.excludedByConflict['same-jurisdiction']).toBeGreaterThan(0);
    const m1 = await refused(
      ctx,
      () => c('sh-admin').post(`/api/calls/${W2}/assignments/manual`, { applicationId: a2.data.id, expertUserId: E.clean2.id }),
      422,
      'conflict-of-interest',
    );
    expect(m1.data.conflict).toBe('same-jurisdiction');
    const m2 = await refused(
      ctx,
      () => c('sh-admin').post(`/api/calls/${W2}/assignments/manual`, { applicationId: b2.data.id, expertUserId: U['sh-expert'].id }),
      422,
      'conflict-of-interest',
    );
    expect(m2.data.conflict).toBe('same-jurisdiction');
    expect((await c('sh-admin').post(`/api/calls/${W2}/assignments/manual`, { applicationId: b2.data.id, expertUserId: E.clean3.id })).statusCode).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------

describe(`decisions, public notice and horse-race tranches (${engine})`, () => {
  const bid = async (callId: number, who: string) => {
    const r = await c(who).post(`/api/calls/${callId}/applications`, application());
    expect(r.statusCode, r.body).toBe(201);
    return r.data.id as number;
  };
  const decide = (callId: number, awards: Array<[number, number]>) =>
    c('sh-admin').post(`/api/calls/${callId}/decision`, { awards: awards.map(([applicationId, amountFen]) => ({ applicationId, amountFen })) });

  it('揭榜挂帅: the poser sees every bid and the ranking, a bidder only its own; one winner; awarded only after the public notice', async () => {
    const draft = await c('sh-org-admin').post('/api/calls', callBody(now(), { kind: 'challenge', shares: undefined, budgetFen: 5_000_000 }));
    const CH = draft.data.id as number;
    await move(c('sh-admin'), CH, 'published', 'open');
    const bids = [await bid(CH, 'zj-org-admin'), await bid(CH, 'js-org-admin'), await bid(CH, 'ah-member')];
    expect((await c('sh-org-admin').get(`/api/calls/${CH}/applications`)).data.total).toBe(3);
    expect((await c('sh-member').get(`/api/calls/${CH}/applications`)).data.total).toBe(3);
    const own = (await c('zj-member').get(`/api/calls/${CH}/applications`)).data;
    expect(own.items.map((a: any) => a.id)).toEqual([bids[0]]);
    await move(c('sh-admin'), CH, 'closed', 'review');
    for (const who of ['sh-org-admin', 'sh-member', 'sh-admin']) expect((await c(who).get(`/api/calls/${CH}/ranking`)).statusCode, who).toBe(200);
    for (const who of ['zj-org-admin', 'ah-member', 'js-admin']) await refused(ctx, () => c(who).get(`/api/calls/${CH}/ranking`), 403, 'forbidden');
    // The poser takes part in selection through its admin.
    await refused(ctx, () => c('sh-member').post(`/api/calls/${CH}/poser-opinion`, { preferredApplicationIds: [bids[1]], note: '倾向' }), 403, 'forbidden');
    const op = await c('sh-org-admin').post(`/api/calls/${CH}/poser-opinion`, { preferredApplicationIds: [bids[1]], note: '技术路线更成熟' });
    expect(op.statusCode, op.body).toBe(200);
    expect(op.data.poserOpinion).toMatchObject({ preferredApplicationIds: [bids[1]] });
    await move(c('sh-admin'), CH, 'decision');
    await refused(
      ctx,
      () =>
        decide(CH, [
          [bids[0], 1_000_000],
          [bids[1], 1_000_000],
        ]),
      422,
      'one-winner',
    );
    await refused(ctx, () => decide(CH, [[bids[1], 5_000_001]]), 422, 'over-budget');
    const ok = await decide(CH, [[bids[1], 4_500_000]]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.data.teams).toEqual([expect.objectContaining({ applicationId: bids[1], status: 'awarded', awardFen: 4_500_000 })]);
    const notice = await transition('sh-admin', CH, 'notice');
    expect(notice.statusCode).toBe(200);
    expect(notice.data.noticeEndsAt).toBe(new Date(now() + NOTICE_DAYS * DAY).toISOString());
    const early = await refused(ctx, () => transition('sh-admin', CH, 'awarded'), 422, 'notice-period');
    expect(early.data.noticeEndsAt).toBe(notice.data.noticeEndsAt);
    ctx.clock.advance(NOTICE_DAYS * DAY - 60_000);
    await refused(ctx, () => transition('sh-admin', CH, 'awarded'), 422, 'notice-period');
    ctx.clock.advance(60_000);
    expect((await transition('sh-admin', CH, 'awarded')).data.status).toBe('awarded');
    expect((await auditOf(ctx, 'call', CH)).map((a) => a.action)).toEqual([
      'call.create',
      'call.published',
      'call.open',
      'call.closed',
      'call.review',
      'call.poser_opinion',
      'call.decision',
      'call.decide',
      'call.notice',
      'call.awarded',
    ]);
  });

  it('赛马制: 2–raceTeams teams, a first tranche each, a failed milestone eliminates, survivors share the next tranche', async () => {
    const t = now();
    const body = callBody(t, {
      kind: 'horse_race',
      shares: undefined,
      raceTeams: 3,
      firstTrancheBp: 3000,
      budgetFen: 9_000_000,
      milestones: [
        { title: '原理样机', due: bjDate(t + 120 * DAY) },
        { title: '产线示范', due: bjDate(t + 300 * DAY) },
      ],
    });
    const HR = (await openCall(c('sh-admin'), body)).id;
    const teams = [await bid(HR, 'zj-org-admin'), await bid(HR, 'js-org-admin'), await bid(HR, 'ah-member'), await bid(HR, 'sh-svc-admin')];
    await move(c('sh-admin'), HR, 'closed', 'review', 'decision');
    expect((await refused(ctx, () => decide(HR, [[teams[0], 1_000_000]]), 422, 'race-teams')).data.raceTeams).toBe(3);
    await refused(
      ctx,
      () =>
        decide(
          HR,
          teams.map((id) => [id, 1_000_000] as [number, number]),
        ),
      422,
      'race-teams',
    );
    await refused(
      ctx,
      () =>
        decide(HR, [
          [teams[0], 3_000_000],
          [teams[1], 3_000_000],
          [teams[2], 3_000_001],
        ]),
      422,
      'over-budget',
    );
    expect(
      (
        await decide(HR, [
          [teams[0], 3_000_000],
          [teams[1], 3_000_000],
          [teams[2], 3_000_000],
        ])
      ).statusCode,
    ).toBe(200);
    await move(c('sh-admin'), HR, 'notice');
    ctx.clock.advance(NOTICE_DAYS * DAY + 1000);
    await move(c('sh-admin'), HR, 'awarded');
    const assess = (who: string, milestone: number, results: Array<[number, boolean]>) =>
      c(who).post(`/api/calls/${HR}/milestones`, { milestone, results: results.map(([applicationId, passed]) => ({ applicationId, passed })) });
    await refused(ctx, () => assess('sh-admin', 1, [[teams[0], true]]), 422, 'call-not-in-milestones');
    await move(c('sh-admin'), HR, 'milestones');

    const f0 = (await c('zj-member').get(`/api/calls/${HR}/funding`)).data;
    expect(f0.firstTrancheFen).toBe(900_000); // 9 000 000 × 30 % / 3
    expect(f0.teams.map((x: any) => [x.applicationId, x.status, x.tranches])).toEqual(
      teams.slice(0, 3).map((id) => [id, 'awarded', [{ milestone: 0, amountFen: 900_000 }]]),
    );

    await refused(ctx, () => assess('js-admin', 1, [[teams[0], true]]), 403, 'forbidden');
    await refused(ctx, () => assess('sh-admin', 1, [[teams[3], true]]), 400, 'validation-failed'); // not awarded
    const m1 = await assess('sh-admin', 1, [
      [teams[0], true],
      [teams[1], true],
      [teams[2], false],
    ]);
    expect(m1.statusCode, m1.body).toBe(200);
    // Left after the first tranches: 6 300 000 over two milestones and two survivors.
    expect(m1.data.teams.map((x: any) => [x.status, x.tranches.map((y: any) => y.amountFen)])).toEqual([
      ['awarded', [900_000, 1_575_000]],
      ['awarded', [900_000, 1_575_000]],
      ['eliminated', [900_000]],
    ]);
    await refused(ctx, () => assess('sh-admin', 1, [[teams[0], true]]), 409, 'conflict');
    await refused(
      ctx,
      () =>
        assess('sh-admin', 2, [
          [teams[0], true],
          [teams[2], true],
        ]),
      400,
      'validation-failed',
    ); // eliminated
    const m2 = await assess('sh-admin', 2, [
      [teams[0], true],
      [teams[1], true],
    ]);
    expect(m2.data.teams.map((x: any) => x.tranches.map((y: any) => y.amountFen))).toEqual([
      [900_000, 1_575_000, 1_575_000],
      [900_000, 1_575_000, 1_575_000],
      [900_000],
    ]);
    const paid = m2.data.teams.reduce((s: number, x: any) => s + x.tranches.reduce((a: number, y: any) => a + y.amountFen, 0), 0);
    expect(paid).toBe(9_000_000);
    await move(c('sh-admin'), HR, 'completed');
    expect((await auditOf(ctx, 'call', HR)).map((a) => a.action)).toEqual([
      'call.create',
      'call.published',
      'call.open',
      'call.closed',
      'call.review',
      'call.decision',
      'call.decide',
      'call.notice',
      'call.awarded',
      'call.milestones',
      'call.milestone',
      'call.milestone',
      'call.completed',
    ]);
  });

  it('a horse race may fund just two teams', async () => {
    const HR2 = (await openCall(c('sh-admin'), callBody(now(), { kind: 'horse_race', shares: undefined, raceTeams: 3, firstTrancheBp: 5000 }))).id;
    const teams = [await bid(HR2, 'zj-org-admin'), await bid(HR2, 'ah-member')];
    await move(c('sh-admin'), HR2, 'closed', 'review', 'decision');
    const r = await decide(HR2, [
      [teams[0], 2_000_000],
      [teams[1], 2_000_000],
    ]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data.teams.map((x: any) => x.status)).toEqual(['awarded', 'awarded']);
  });

  it('leaves an intact audit chain', async () => {
    expect(await verifyAuditChain(ctx.db.db)).toMatchObject({ ok: true });
  });
});
