// The technology market's listings over HTTP, on both engines: results with CN application numbers
// (normalised, check character, type digit) and IPC symbols, demands by enterprises only, drafts,
// withdrawal by the owner or its jurisdiction's admin, English messages, anonymous reading;
// Chinese full-text search (traditional and full-width folded) with facets, filters, sort and
// pagination and the any-word fallback; matching with reasons (results, institutions, demands);
// the import other markets send (upsert by external id, all or nothing) and the incremental feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';
import { actor, earlier } from '../../../test/vouchers';
import { DAY, appNo, counts, created, demandBody, iso, ok, people, refused, resultBody, type Who } from '../../../test/transfer';
import { checkCharacter, makeApplicationNumber } from '../../platform/patent';
import * as providers from '../vouchers/providers.service';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let P: Record<string, Who>;
const c = (u: string): Client => P[u].client;
const now = () => ctx.clock.now().getTime();

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '5000000', SESSION_ABSOLUTE_HOURS: '200000' });
  P = await people(ctx, [
    'admin',
    'sh-admin',
    'zj-admin',
    'sh-org-admin',
    'sh-member',
    'zj-org-admin',
    'zj-member',
    'js-org-admin',
    'ah-org-admin',
    'sh-svc-admin',
  ]);
}, 120_000);
afterAll(() => ctx?.close());

const ids = (r: { data: any }) => r.data.items.map((x: any) => x.id);

describe(`results and demands (${engine})`, () => {
  it('lists a granted invention patent: the number is normalised from "ZL 2019 1 0123456.X" style, full width and lower-case x included', async () => {
    // A serial whose check character is X, written the way patentees often do.
    let serial = 123_456;
    while (!makeApplicationNumber(2019, 'invention', serial).endsWith('X')) serial++;
    const canonical = makeApplicationNumber(2019, 'invention', serial);
    const spaced = `ZL ${canonical.slice(0, 4)} ${canonical[4]} ${canonical.slice(5, 12)}.x`;
    const r = await c('js-org-admin').post('/api/results', resultBody({ title: '一种复合固态电解质', applicationNo: spaced }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({
      kind: 'result',
      status: 'published',
      applicationNo: canonical,
      resultType: 'invention',
      patentStatus: 'granted',
      jurisdictionCode: '320000',
      ownerOrgId: P['js-org-admin'].orgId,
      source: 'yrd',
      externalId: null,
    });
    expect(r.data.publishedAt).toBe(r.data.createdAt);
    // Full-width digits and the CN prefix fold to the same canonical form.
    const digits = appNo('utility_model');
    const wide = 'ＣＮ' + [...digits].map((ch) => (/\d/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
    const u = await c('js-org-admin').post('/api/results', resultBody({ resultType: 'utility_model', applicationNo: wide, ipc: ['h01m 4/13', 'H01M'] }));
    expect(u.statusCode, u.body).toBe(201);
    expect(u.data).toMatchObject({ applicationNo: digits, resultType: 'utility_model', ipc: ['H01M 4/13', 'H01M'] });
    // Read back by anyone, signed in or not.
    const back = await ctx.anon().get(`/api/results/${r.data.id}`);
    expect(back.statusCode).toBe(200);
    expect(back.data).toMatchObject({
      id: r.data.id,
      applicationNo: canonical,
      legal: { exclusiveLicence: false, pledged: false, annualFeePaid: true, ownershipDisputed: false, evaluationReport: null },
      openLicence: null,
    });
  });

  it('posts a demand of an enterprise', async () => {
    const d = await c('zj-org-admin').post(
      '/api/demands',
      demandBody({ title: '注塑件表面缺陷视觉检测', problem: '需要一套在线检测注塑件划痕的方案', deadline: '2027-06-30', budgetFen: 3_000_000 }),
    );
    expect(d.statusCode, d.body).toBe(201);
    expect(d.data).toMatchObject({
      kind: 'demand',
      status: 'published',
      problem: '需要一套在线检测注塑件划痕的方案',
      budgetFen: 3_000_000,
      deadline: '2027-06-30',
      jurisdictionCode: '330000',
      ownerOrgId: P['zj-org-admin'].orgId,
    });
    expect(d.data.resultType).toBeUndefined();
    expect((await ctx.anon().get(`/api/demands/${d.data.id}`)).data.title).toBe('注塑件表面缺陷视觉检测');
    // A demand is not a result.
    expect((await ctx.anon().get(`/api/results/${d.data.id}`)).statusCode).toBe(404);
  });

  const good = appNo('invention', 2019);
  const badCheck = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
  const unknownType = (() => {
    const digits = `20195${good.slice(5, 12)}`;
    return `${digits}.${checkCharacter(digits)}`;
  })();
  it.each([
    ['a wrong check character', { applicationNo: badCheck }, 'patent-check-digit'],
    ['a malformed number', { applicationNo: '2019101234.5' }, 'patent-format'],
    ['letters in the number', { applicationNo: 'ZL20191A123456.7' }, 'patent-format'],
    ['an unknown type digit', { applicationNo: unknownType }, 'patent-type'],
    ['an invention number for a utility model', { resultType: 'utility_model', applicationNo: good }, 'patent-type-mismatch'],
  ])('refuses %s: 400 problem+json, rule patent-number, the field named, nothing written', async (_name, over, code) => {
    const r = await refused(ctx, () => c('js-org-admin').post('/api/results', resultBody(over)), 400, 'patent-number');
    expect(r.data.code).toBe('validation-failed');
    expect(r.data.errors).toEqual([expect.objectContaining({ field: 'body:/applicationNo', code })]);
  });

  it('refuses a malformed IPC symbol (400 naming it, no patent rule), a patent without number, nothing written', async () => {
    const r = await refused(ctx, () => c('js-org-admin').post('/api/results', resultBody({ ipc: ['H01M 4/13', 'G6F 16/33'] })), 400);
    expect(r.data).toMatchObject({ code: 'validation-failed' });
    expect(r.data.rule).toBeUndefined();
    expect(r.data.errors).toEqual([expect.objectContaining({ field: 'body:/ipc/1', code: 'ipc-invalid' })]);
    const n = await refused(ctx, () => c('js-org-admin').post('/api/results', resultBody({ applicationNo: null })), 400);
    expect(n.data.errors).toEqual([expect.objectContaining({ field: 'body:/applicationNo', code: 'required' })]);
    const sw = await refused(ctx, () => c('js-org-admin').post('/api/results', resultBody({ resultType: 'software', applicationNo: good })), 400);
    expect(sw.data.errors).toEqual([expect.objectContaining({ field: 'body:/applicationNo', code: 'not-a-patent' })]);
  });

  it('answers in English with Accept-Language en', async () => {
    const r = await refused(ctx, () => c('js-org-admin').post('/api/results', resultBody({ applicationNo: badCheck }), { lang: 'en' }), 400, 'patent-number');
    expect(r.headers['content-language']).toBe('en');
    expect(r.data.errors[0].message).toBe('the check character of the application number is wrong');
    const d = await refused(ctx, () => c('js-org-admin').post('/api/demands', demandBody(), { lang: 'en' }), 422, 'demand-enterprise-only');
    expect(d.data.detail).toBe('demands are posted by enterprises');
    const zh = await refused(ctx, () => c('js-org-admin').post('/api/demands', demandBody()), 422, 'demand-enterprise-only');
    expect(zh.data.detail).toBe('技术需求由企业发布');
  });

  it('demands come from enterprises only (422); administrators post nothing (403); anonymous callers 401 — nothing written', async () => {
    await refused(ctx, () => c('js-org-admin').post('/api/demands', demandBody()), 422, 'demand-enterprise-only');
    await refused(ctx, () => c('sh-svc-admin').post('/api/demands', demandBody()), 422, 'demand-enterprise-only');
    for (const who of ['admin', 'sh-admin', 'zj-admin']) {
      await refused(ctx, () => c(who).post('/api/demands', demandBody()), 403, 'forbidden');
      await refused(ctx, () => c(who).post('/api/results', resultBody()), 403, 'forbidden');
    }
    await refused(ctx, () => ctx.anon().post('/api/results', resultBody()), 401, 'unauthenticated');
    await refused(ctx, () => ctx.anon().post('/api/demands', demandBody()), 401, 'unauthenticated');
  });

  it('anonymous callers search and read published listings', async () => {
    const r = await ctx.anon().get('/api/results');
    expect(r.statusCode).toBe(200);
    expect(r.data.total).toBeGreaterThanOrEqual(2);
    expect(r.data.query).toEqual({ words: [], matchMode: null });
    const d = await ctx.anon().get('/api/demands');
    expect(d.statusCode).toBe(200);
    expect(d.data.items.every((x: any) => x.kind === 'demand' && x.status === 'published')).toBe(true);
  });

  it('a draft is invisible to others (404, not in search) but visible to its owner with mine=true and to its jurisdiction’s admin', async () => {
    const draft = await created(c('sh-org-admin').post('/api/results', resultBody({ title: '草稿成果 zqxdraft', keywords: ['zqxdraft'], status: 'draft' })));
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null });
    for (const who of [ctx.anon(), c('zj-org-admin'), c('zj-admin')]) expect((await who.get(`/api/results/${draft.id}`)).statusCode).toBe(404);
    for (const who of [c('sh-org-admin'), c('sh-member'), c('sh-admin'), c('admin')]) expect((await who.get(`/api/results/${draft.id}`)).statusCode).toBe(200);
    expect(ids(await ctx.anon().get('/api/results', { query: { q: 'zqxdraft' } }))).toEqual([]);
    expect(ids(await c('sh-org-admin').get('/api/results', { query: { q: 'zqxdraft' } }))).toEqual([]);
    // The owner's own list finds it by its title.
    expect(ids(await c('sh-org-admin').get('/api/results', { query: { q: 'zqxdraft', mine: true } }))).toEqual([draft.id]);
    const mine = await c('sh-org-admin').get('/api/results', { query: { mine: true } });
    expect(mine.data.items.find((x: any) => x.id === draft.id)).toMatchObject({ status: 'draft' });
    expect((await c('sh-org-admin').get('/api/results', { query: { mine: true, status: 'draft' } })).data.items.map((x: any) => x.status)).toEqual(
      expect.arrayContaining(['draft']),
    );
    // Others asking for "mine" get their own, not this.
    expect(ids(await c('zj-org-admin').get('/api/results', { query: { mine: true } }))).not.toContain(draft.id);
    // Matching a draft: 404.
    expect((await c('zj-org-admin').get(`/api/results/${draft.id}/matches`)).statusCode).toBe(404);
    const dd = await created(c('zj-org-admin').post('/api/demands', demandBody({ status: 'draft' })));
    expect((await c('zj-org-admin').get(`/api/demands/${dd.id}/matches`)).statusCode).toBe(404);
    // Publishing makes it public.
    const pub = await ok(c('sh-org-admin').patch(`/api/results/${draft.id}`, { status: 'published' }));
    expect(pub.status).toBe('published');
    expect(pub.publishedAt).not.toBeNull();
    expect(ids(await ctx.anon().get('/api/results', { query: { q: 'zqxdraft' } }))).toEqual([draft.id]);
  });

  it('the owner and the listing jurisdiction’s admin withdraw; another jurisdiction’s admin, another organisation and a member who did not post it may not', async () => {
    const a = await created(c('sh-org-admin').post('/api/results', resultBody({ title: '撤回测试一 zqxwithdraw', keywords: ['zqxwithdraw'] })));
    const b = await created(c('sh-org-admin').post('/api/results', resultBody({ title: '撤回测试二 zqxwithdraw', keywords: ['zqxwithdraw'] })));
    expect(ids(await ctx.anon().get('/api/results', { query: { q: 'zqxwithdraw' } })).sort()).toEqual([a.id, b.id].sort());
    await refused(ctx, () => c('zj-admin').patch(`/api/results/${a.id}`, { status: 'withdrawn' }), 403, 'forbidden');
    await refused(ctx, () => c('zj-org-admin').patch(`/api/results/${a.id}`, { status: 'withdrawn' }), 403, 'forbidden');
    await refused(ctx, () => c('sh-member').patch(`/api/results/${a.id}`, { status: 'withdrawn' }), 403, 'forbidden');
    // An admin only withdraws; it does not edit.
    await refused(ctx, () => c('sh-admin').patch(`/api/results/${a.id}`, { title: '改标题' }), 403, 'forbidden');
    const w1 = await c('sh-org-admin').patch(`/api/results/${a.id}`, { status: 'withdrawn' });
    expect(w1.statusCode, w1.body).toBe(200);
    expect(w1.data.status).toBe('withdrawn');
    const w2 = await c('sh-admin').patch(`/api/results/${b.id}`, { status: 'withdrawn' });
    expect(w2.statusCode, w2.body).toBe(200);
    expect(w2.data.status).toBe('withdrawn');
    expect(ids(await ctx.anon().get('/api/results', { query: { q: 'zqxwithdraw' } }))).toEqual([]);
    const audit = await ctx.db.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('entity_type', '=', 'listing')
      .where('entity_id', 'in', [String(a.id), String(b.id)])
      .orderBy('seq')
      .execute();
    expect(audit.map((x) => `${x.action}:${x.actor_name}`)).toEqual([
      'result.create:sh-org-admin',
      'result.create:sh-org-admin',
      'result.withdraw:sh-org-admin',
      'result.withdraw:sh-admin',
    ]);
  });

  it('the owner edits its listing (re-indexed), and the edit is validated as a new one', async () => {
    const r = await created(
      c('zj-org-admin').post(
        '/api/results',
        resultBody({ title: '旧标题 zqxedit', resultType: 'software', applicationNo: undefined, patentStatus: undefined }),
      ),
    );
    const e = await ok(c('zj-org-admin').patch(`/api/results/${r.id}`, { title: '新标题 zqxedited' }));
    expect(e.title).toBe('新标题 zqxedited');
    expect(ids(await ctx.anon().get('/api/results', { query: { q: 'zqxedited' } }))).toEqual([r.id]);
    expect(ids(await ctx.anon().get('/api/results', { query: { q: 'zqxedit' } }))).not.toContain(r.id);
    await refused(ctx, () => c('zj-org-admin').patch(`/api/results/${r.id}`, { resultType: 'invention', applicationNo: badCheck }), 400, 'patent-number');
  });
});

describe(`search (${engine})`, () => {
  const R: Record<string, any> = {};
  beforeAll(async () => {
    const mk = async (who: string, key: string, over: Record<string, unknown>) =>
      (R[key] = await created(c(who).post('/api/results', resultBody({ keywords: ['zqxfacet'], ...over }))));
    await mk('sh-org-admin', 'sh', { title: '高镍正极材料包覆工艺', ipc: ['H01M 10/0562'], trl: 6, askingPriceFen: 3_000_000 });
    await mk('js-org-admin', 'js1', { title: '硅碳负极预锂化技术', ipc: ['H01M 4/13'], trl: 8, askingPriceFen: 1_000_000 });
    await mk('js-org-admin', 'js2', {
      title: '电池模组检测夹具',
      resultType: 'utility_model',
      applicationNo: appNo('utility_model'),
      legal: { evaluationReport: 'PJ2024-001' },
      ipc: ['G06F 16/33'],
      trl: 4,
      askingPriceFen: 2_000_000,
    });
    await mk('zj-org-admin', 'zj', {
      title: 'AI视觉质检软件',
      resultType: 'software',
      applicationNo: undefined,
      patentStatus: undefined,
      ipc: ['G06F 3/01'],
      trl: 7,
      askingPriceFen: 500_000,
    });
    await mk('ah-org-admin', 'ah', { title: '石墨烯导热膜', ipc: ['H01L 31/042'], trl: 9, askingPriceFen: 4_000_000 });
    await created(c('ah-org-admin').post('/api/open-licences', { listingId: R.ah.id, paymentMethod: 'one_off', feeFen: 100_000, termMonths: 24 }));
  });
  const search = (query: Record<string, string | number | boolean>) => ctx.anon().get('/api/results', { query: { q: 'zqxfacet', pageSize: 50, ...query } });

  it('finds simplified text by traditional characters and half-width by full-width letters', async () => {
    const t = await ctx.anon().get('/api/results', { query: { q: '石墨烯導熱膜' } });
    expect(t.statusCode).toBe(200);
    expect(ids(t)).toContain(R.ah.id);
    expect(t.data.query.matchMode).toBe('all');
    const hit = t.data.items.find((x: any) => x.id === R.ah.id);
    expect(hit.score).toBeGreaterThan(0);
    expect(hit.highlights.title.some((h: any) => h.match)).toBe(true);
    const w = await ctx.anon().get('/api/results', { query: { q: 'ＡＩ' } });
    expect(ids(w)).toContain(R.zj.id);
    expect(w.data.query.words).toEqual(['ai']);
    const both = await ctx.anon().get('/api/results', { query: { q: 'ＡＩ視覺質檢' } });
    expect(ids(both)[0]).toBe(R.zj.id);
  });

  it('counts facets of what matches: result type, jurisdiction, IPC subclass, TRL', async () => {
    const r = await search({});
    expect(r.data.total).toBe(5);
    const f = r.data.facets;
    expect(f.resultType).toEqual([
      { value: 'invention', count: 3 },
      { value: 'software', count: 1 },
      { value: 'utility_model', count: 1 },
    ]);
    expect(f.jurisdiction).toEqual([
      { value: '320000', count: 2 },
      { value: '310000', count: 1 },
      { value: '330000', count: 1 },
      { value: '340000', count: 1 },
    ]);
    expect(f.ipc).toEqual([
      { value: 'G06F', count: 2 },
      { value: 'H01M', count: 2 },
      { value: 'H01L', count: 1 },
    ]);
    expect(f.trl.map((x: any) => x.value).sort()).toEqual(['4', '6', '7', '8', '9']);
    expect(f.trl.every((x: any) => x.count === 1)).toBe(true);
    // The facets of a filtered search count the filtered set.
    const js = await search({ jurisdiction: '320000' });
    expect(js.data.facets.jurisdiction).toEqual([{ value: '320000', count: 2 }]);
  });

  it('filters by result type, jurisdiction, IPC subclass or symbol, minimum TRL and open licence', async () => {
    const set = async (q: Record<string, string | number | boolean>) => ids(await search(q)).sort((a: number, b: number) => a - b);
    const sorted = (...xs: number[]) => xs.sort((a, b) => a - b);
    expect(await set({ resultType: 'invention' })).toEqual(sorted(R.sh.id, R.js1.id, R.ah.id));
    expect(await set({ jurisdiction: '320000' })).toEqual(sorted(R.js1.id, R.js2.id));
    expect(await set({ ipc: 'H01M' })).toEqual(sorted(R.sh.id, R.js1.id));
    expect(await set({ ipc: 'h01m' })).toEqual(sorted(R.sh.id, R.js1.id));
    expect(await set({ ipc: 'H01M 10/0562' })).toEqual([R.sh.id]);
    expect(await set({ trlMin: 7 })).toEqual(sorted(R.js1.id, R.zj.id, R.ah.id));
    expect(await set({ openLicence: true })).toEqual([R.ah.id]);
    expect((await search({ openLicence: true })).data.items[0].openLicence).toMatchObject({ paymentMethod: 'one_off', feeFen: 100_000, termMonths: 24 });
    expect(await set({ resultType: 'invention', trlMin: 7 })).toEqual(sorted(R.js1.id, R.ah.id));
    // Without words, filters still apply (all published results of an owner).
    const byOwner = await ctx.anon().get('/api/results', { query: { ownerOrgId: P['ah-org-admin'].orgId, pageSize: 100 } });
    expect(ids(byOwner)).toContain(R.ah.id);
    expect(byOwner.data.items.every((x: any) => x.ownerOrgId === P['ah-org-admin'].orgId)).toBe(true);
    expect(byOwner.data.facets.jurisdiction).toEqual([{ value: '340000', count: byOwner.data.total }]);
    // A malformed filter is a 400.
    expect((await ctx.anon().get('/api/results', { query: { trlMin: 12 } })).statusCode).toBe(400);
  });

  it('sorts by price and TRL and pages through', async () => {
    const pages = async (sort: string) => {
      const out: number[] = [];
      for (let page = 1; page <= 3; page++) {
        const r = await search({ sort, page, pageSize: 2 });
        expect(r.data).toMatchObject({ total: 5, page, pageSize: 2 });
        expect(r.data.items.length).toBe(page < 3 ? 2 : 1);
        out.push(...ids(r));
      }
      return out;
    };
    expect(await pages('price')).toEqual([R.zj.id, R.js1.id, R.js2.id, R.sh.id, R.ah.id]);
    expect(await pages('-price')).toEqual([R.ah.id, R.sh.id, R.js2.id, R.js1.id, R.zj.id]);
    expect(await pages('-trl')).toEqual([R.ah.id, R.js1.id, R.zj.id, R.sh.id, R.js2.id]);
    expect(ids(await search({ sort: 'price', page: 4, pageSize: 2 }))).toEqual([]);
  });

  it('falls back to any word when no listing has them all', async () => {
    await created(c('js-org-admin').post('/api/results', resultBody({ title: 'zqxalpha 气凝胶', keywords: ['zqxalpha'] })));
    await created(c('sh-org-admin').post('/api/results', resultBody({ title: 'zqxbeta 微流控', keywords: ['zqxbeta'] })));
    const one = await ctx.anon().get('/api/results', { query: { q: 'zqxalpha 气凝胶' } });
    expect(one.data).toMatchObject({ total: 1, query: { matchMode: 'all' } });
    const r = await ctx.anon().get('/api/results', { query: { q: 'zqxalpha zqxbeta' } });
    expect(r.data.query).toEqual({ words: ['zqxalpha', 'zqxbeta'], matchMode: 'any' });
    expect(r.data.total).toBe(2);
    expect(r.data.items.map((x: any) => x.title).sort()).toEqual(['zqxalpha 气凝胶', 'zqxbeta 微流控']);
    const none = await ctx.anon().get('/api/results', { query: { q: 'zqxnothing zqxnowhere' } });
    expect(none.data).toMatchObject({ total: 0, items: [] });
  });

  it('searches demands as results, with their own facets', async () => {
    const d1 = await created(c('zj-org-admin').post('/api/demands', demandBody({ title: '需求 zqxdemand 一', fields: ['52010'] })));
    const d2 = await created(c('ah-org-admin').post('/api/demands', demandBody({ title: '需求 zqxdemand 二', fields: ['41010'] })));
    const r = await ctx.anon().get('/api/demands', { query: { q: 'zqxdemand' } });
    expect(ids(r).sort()).toEqual([d1.id, d2.id].sort());
    expect(r.data.facets).toEqual({
      jurisdiction: [
        { value: '330000', count: 1 },
        { value: '340000', count: 1 },
      ],
      field: [
        { value: '410', count: 1 },
        { value: '520', count: 1 },
      ],
    });
    expect(ids(await ctx.anon().get('/api/demands', { query: { q: 'zqxdemand', field: '520' } }))).toEqual([d1.id]);
  });
});

describe(`matching (${engine})`, () => {
  let demand: any, relevant: any, sideline: any, svcOrg: number;
  beforeAll(async () => {
    // The demo tech-transfer provider, listed (the demo leaves it awaiting its check).
    svcOrg = P['sh-svc-admin'].orgId;
    const p = await ctx.db.db.selectFrom('providers').select(['id', 'status']).where('organization_id', '=', svcOrg).executeTakeFirstOrThrow();
    if (p.status !== 'listed') {
      const shAdmin = await actor(ctx, 'sh-admin');
      if (p.status === 'applied')
        await providers.checkProvider(earlier(ctx, (ctx.config.providerNoticeDays + 1) * DAY), shAdmin, Number(p.id), { passed: true, note: '测试' });
      await providers.listProvider(ctx.deps, shAdmin, Number(p.id));
    }
    relevant = await created(
      c('js-org-admin').post(
        '/api/results',
        resultBody({
          title: '钙钛矿叠层太阳能电池大面积涂布技术',
          summary: '钙钛矿叠层太阳能电池的大面积狭缝涂布与柔性封装工艺，已完成中试；可提供知识产权评估与技术转移支持。',
          keywords: ['钙钛矿', '叠层电池', '涂布', '技术转移', '知识产权'],
          fields: ['47040'],
          ipc: ['H10K 30/50'],
          trl: 6,
        }),
      ),
    );
    sideline = await created(
      c('sh-org-admin').post(
        '/api/results',
        resultBody({ title: '太阳能路灯控制器', summary: '一种太阳能路灯的智能控制器。', keywords: ['路灯'], fields: ['47040'], ipc: ['H05B 47/10'], trl: 8 }),
      ),
    );
    demand = await created(
      c('zj-org-admin').post(
        '/api/demands',
        demandBody({
          title: '钙钛矿叠层太阳能电池量产涂布工艺',
          problem: '寻求钙钛矿叠层太阳能电池的大面积涂布与封装技术，并需要知识产权评估与技术转移服务。',
          keywords: ['钙钛矿', '涂布', '技术转移', '知识产权'],
          fields: ['4704020'],
          ipc: ['H10K 30/50'],
        }),
      ),
    );
  });

  it('ranks the relevant result first for a demand, saying why', async () => {
    const m = await c('zj-org-admin').get(`/api/demands/${demand.id}/matches`);
    expect(m.statusCode, m.body).toBe(200);
    expect(m.data.demandId).toBe(demand.id);
    expect(m.data.query).toContain('钙钛矿');
    const first = m.data.results[0];
    expect(first.listing.id).toBe(relevant.id);
    expect(first.reason.sharedTerms).toContain('钙钛矿');
    expect(first.reason.sharedIpc).toEqual(['H10K 30']);
    expect(first.reason.sharedFields).toEqual(['47040']);
    expect(first.reason).toMatchObject({ trl: 6, sameJurisdiction: false });
    expect(first.score).toBeCloseTo(
      Object.values(first.reason.parts as Record<string, number>).reduce((a, b) => a + b, 0),
      3,
    );
    const side = m.data.results.find((x: any) => x.listing.id === sideline.id);
    if (side) expect(side.score).toBeLessThan(first.score);
    expect(m.data.results.map((x: any) => x.listing.id)).not.toContain(demand.id);
    // The score never rises down the list.
    const scores = m.data.results.map((x: any) => x.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  it('names the demo tech-transfer institution when the words overlap', async () => {
    const m = await c('zj-org-admin').get(`/api/demands/${demand.id}/matches`);
    const inst = m.data.institutions.find((x: any) => x.item.organizationId === svcOrg);
    expect(inst, JSON.stringify(m.data.institutions)).toBeDefined();
    expect(inst.item).toMatchObject({ name: '示例上海技术转移服务中心', description: '技术转移、成果评价与知识产权服务。' });
    expect(inst.item.categories).toContain('tech_transfer');
    expect(inst.reason.sharedTerms.length).toBeGreaterThan(0);
    expect(inst.reason.sharedTerms).toEqual(expect.arrayContaining([expect.stringMatching(/知识产权|转移|技术|评估/)]));
  });

  it('ranks the demand first for the result, symmetrically', async () => {
    const m = await c('zj-org-admin').get(`/api/results/${relevant.id}/matches`);
    expect(m.statusCode).toBe(200);
    expect(m.data.resultId).toBe(relevant.id);
    expect(m.data.demands[0].listing.id).toBe(demand.id);
    expect(m.data.demands[0].reason.sharedTerms).toContain('钙钛矿');
    expect(m.data.demands[0].reason.sharedIpc).toEqual(['H10K 30']);
    expect(m.data.demands[0].reason.sharedFields).toEqual(['47040']);
    expect((await c('zj-org-admin').get(`/api/results/${relevant.id}/matches`, { query: { limit: 1 } })).data.demands).toHaveLength(1);
  });

  it('404 for unknown listings or the wrong kind', async () => {
    expect((await c('zj-org-admin').get('/api/demands/99999999/matches')).statusCode).toBe(404);
    expect((await c('zj-org-admin').get(`/api/demands/${relevant.id}/matches`)).statusCode).toBe(404);
    expect((await c('zj-org-admin').get(`/api/results/${demand.id}/matches`)).statusCode).toBe(404);
  });
});

describe(`import from other markets (${engine})`, () => {
  let zjUscc: string;
  const rows = () => [
    {
      externalId: 'R-1',
      kind: 'result',
      title: '导入成果 zqximport 一',
      summary: '高温超导带材连续制备。',
      jurisdictionCode: '320000',
      ownerName: '江苏某大学',
      resultType: 'invention',
      applicationNo: IMPORT_NO[0],
      patentStatus: 'granted',
      ipc: ['H01B 12/06'],
      trl: 5,
    },
    {
      externalId: 'R-2',
      kind: 'result',
      title: '导入成果 zqximport 二',
      summary: '工业软件。',
      jurisdictionCode: '330000',
      ownerName: '浙江某企业',
      ownerUscc: zjUscc,
      resultType: 'software',
    },
    { externalId: 'D-1', kind: 'demand', title: '导入需求 zqximport 三', problem: '废水零排放。', jurisdictionCode: '320000', ownerName: '江苏某化工' },
    {
      externalId: 'D-2',
      kind: 'demand',
      title: '导入需求 zqximport 四',
      problem: '焊缝检测。',
      jurisdictionCode: '340000',
      ownerName: '安徽某装备',
      budgetFen: 800_000,
      deadline: '2027-12-31',
    },
  ];
  const IMPORT_NO = [appNo('invention', 2020)];
  const imp = (who: string, listings: unknown[], source = 'js-tech-market') => c(who).post('/api/imports/listings', { source, listings });
  let first: any;

  beforeAll(async () => {
    const o = await ctx.db.db.selectFrom('organizations').select('uscc').where('id', '=', P['zj-org-admin'].orgId).executeTakeFirstOrThrow();
    zjUscc = o.uscc;
  });

  it('creates every row of a first batch, with a row report; owners known by credit code are linked', async () => {
    const r = await imp('admin', rows());
    expect(r.statusCode, r.body).toBe(200);
    first = r.data;
    expect(r.data).toMatchObject({ source: 'js-tech-market', rows: 4, created: 4, updated: 0, unchanged: 0 });
    expect(r.data.report.map((x: any) => [x.row, x.externalId, x.outcome])).toEqual([
      [0, 'R-1', 'created'],
      [1, 'R-2', 'created'],
      [2, 'D-1', 'created'],
      [3, 'D-2', 'created'],
    ]);
    const r1 = await ctx.anon().get(`/api/results/${r.data.report[0].id}`);
    expect(r1.data).toMatchObject({
      source: 'js-tech-market',
      externalId: 'R-1',
      ownerName: '江苏某大学',
      ownerOrgId: null,
      applicationNo: IMPORT_NO[0],
      jurisdictionCode: '320000',
      status: 'published',
    });
    expect((await ctx.anon().get(`/api/results/${r.data.report[1].id}`)).data.ownerOrgId).toBe(P['zj-org-admin'].orgId);
    expect((await ctx.anon().get(`/api/demands/${r.data.report[3].id}`)).data).toMatchObject({ budgetFen: 800_000, deadline: '2027-12-31' });
    expect((await ctx.anon().get('/api/results', { query: { q: 'zqximport', source: 'js-tech-market' } })).data.total).toBe(2);
    expect((await ctx.anon().get('/api/demands', { query: { q: 'zqximport' } })).data.total).toBe(2);
    // An imported listing is kept by its source: not edited here.
    await refused(ctx, () => c('zj-org-admin').patch(`/api/results/${r.data.report[1].id}`, { title: '改' }), 422, 'imported-listing');
  });

  it('the listing jurisdiction’s admin may take an imported listing down, another jurisdiction’s may not', async () => {
    const x = await ok(
      c('admin').post('/api/imports/listings', {
        source: 'takedown-market',
        listings: [{ externalId: 'T-1', kind: 'demand', title: '导入需求 下架测试', problem: '测试。', jurisdictionCode: '310000', ownerName: '上海某企业' }],
      }),
    );
    const id = x.report[0].id;
    await refused(ctx, () => c('zj-admin').patch(`/api/demands/${id}`, { status: 'withdrawn' }), 403, 'forbidden');
    await refused(ctx, () => c('sh-admin').patch(`/api/demands/${id}`, { title: '改' }), 403, 'forbidden');
    expect((await ok(c('sh-admin').patch(`/api/demands/${id}`, { status: 'withdrawn' }))).status).toBe('withdrawn');
  });

  it('the same batch again changes nothing (all unchanged); a changed row is updated', async () => {
    const before = await counts(ctx);
    const again = await imp('admin', rows());
    expect(again.statusCode, again.body).toBe(200);
    expect(again.data).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4 });
    expect(again.data.report.map((x: any) => x.id)).toEqual(first.report.map((x: any) => x.id));
    const after = await counts(ctx);
    expect({ ...after, import_batches: 0, audit_log: 0 }).toEqual({ ...before, import_batches: 0, audit_log: 0 });
    expect(after.import_batches).toBe((before.import_batches as number) + 1);
    const changed = rows();
    changed[2] = { ...changed[2], title: '导入需求 zqximport 三（修订）zqxrevised' };
    const u = await imp('admin', changed);
    expect(u.data).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(u.data.report[2]).toMatchObject({ externalId: 'D-1', outcome: 'updated', id: first.report[2].id });
    expect((await ctx.anon().get(`/api/demands/${first.report[2].id}`)).data.title).toBe('导入需求 zqximport 三（修订）zqxrevised');
    expect(ids(await ctx.anon().get('/api/demands', { query: { q: 'zqxrevised' } }))).toEqual([first.report[2].id]);
    // The same external ids under another source are other listings.
    const other = await imp('admin', rows(), 'ah-market');
    expect(other.data).toMatchObject({ created: 4 });
    expect(other.data.report.map((x: any) => x.id)).not.toEqual(first.report.map((x: any) => x.id));
  });

  it('refuses a whole batch with one invalid row: 400 with errors carrying the row, nothing written', async () => {
    const bad: Array<Record<string, unknown>> = [...rows(), { ...rows()[0], externalId: 'R-9' }];
    bad[2] = { ...rows()[0], externalId: 'R-3', applicationNo: IMPORT_NO[0].slice(0, -1) + (IMPORT_NO[0].endsWith('1') ? '2' : '1') };
    const r = await refused(ctx, () => imp('admin', bad), 400, 'import-rejected');
    expect(r.data).toMatchObject({ code: 'validation-failed', rows: 5, invalidRows: 1 });
    expect(r.data.errors).toEqual([expect.objectContaining({ row: 2, field: 'body:/listings/2/applicationNo', code: 'patent-check-digit' })]);
  });

  it('refuses an external id repeated within a batch, and a bad IPC, naming the rows', async () => {
    const rep = [...rows(), { ...rows()[1] }];
    const r = await refused(ctx, () => imp('admin', rep), 400, 'import-rejected');
    expect(r.data.errors).toEqual([expect.objectContaining({ row: 4, field: 'body:/listings/4/externalId', code: 'external-id-repeated' })]);
    const ipc = rows();
    (ipc[3] as any).ipc = ['Z99X'];
    const i = await refused(ctx, () => imp('admin', ipc), 400, 'import-rejected');
    expect(i.data.errors).toEqual([expect.objectContaining({ row: 3, field: 'body:/listings/3/ipc/0', code: 'ipc-invalid' })]);
  });

  it('a technology-market operator (service institution admin) imports; members and enterprise admins may not (403)', async () => {
    const r = await imp(
      'sh-svc-admin',
      [{ externalId: 'SH-1', kind: 'demand', title: '上海导入 zqxsvc', problem: '测试。', jurisdictionCode: '310000', ownerName: '上海某企业' }],
      'sh-tech-market',
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data).toMatchObject({ created: 1 });
    for (const who of ['zj-member', 'zj-org-admin', 'js-org-admin', 'sh-member']) await refused(ctx, () => imp(who, rows()), 403, 'forbidden');
    await refused(ctx, () => ctx.anon().post('/api/imports/listings', { source: 'x-market', listings: rows() }), 401);
    // The platform's own name is not a source.
    await refused(ctx, () => imp('admin', rows(), 'yrd'), 400);
  });
});

describe(`incremental feed (${engine})`, () => {
  let machine: Client;
  let since: string;
  const batch = Array.from({ length: 5 }, (_, i) => ({
    externalId: `F-${i}`,
    kind: 'demand',
    title: `订阅测试 ${i}`,
    problem: '测试。',
    jurisdictionCode: '330000',
    ownerName: '某企业',
  }));
  let made: number[] = [];
  const feed = (query: Record<string, string | number>) => machine.get('/api/feeds/listings', { query });

  beforeAll(async () => {
    const t = await created(c('sh-svc-admin').post('/api/tokens', { name: '技术市场对接' }));
    machine = ctx.anon();
    machine.bearer = t.token;
  });

  it('needs authentication', async () => {
    const r = await ctx.anon().get('/api/feeds/listings');
    expect(r.statusCode).toBe(401);
    const bad = ctx.anon();
    bad.bearer = 'yrd_not-a-token';
    expect((await bad.get('/api/feeds/listings')).statusCode).toBe(401);
  });

  it('holds back rows younger than 5 s, then pages through with limit and nextCursor', async () => {
    ctx.clock.advance(60_000);
    since = iso(now());
    ctx.clock.advance(1_000);
    const r = await imp(batch);
    made = r.report.map((x: any) => x.id);
    const young = await feed({ updated_since: since });
    expect(young.statusCode, young.body).toBe(200);
    expect(young.data.items).toEqual([]);
    expect(young.data.hasMore).toBe(false);
    expect(Date.parse(young.data.until)).toBe(now() - 5_000);
    ctx.clock.advance(4_000);
    expect((await feed({ updated_since: since })).data.items).toEqual([]);
    ctx.clock.advance(1_000);
    const got: number[] = [];
    let q: Record<string, string | number> = { updated_since: since, limit: 2 };
    const more: boolean[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const p = await feed(q);
      expect(p.statusCode).toBe(200);
      got.push(...p.data.items.map((x: any) => x.id));
      more.push(p.data.hasMore);
      expect(p.data.items.every((x: any) => x.deleted === false && x.source === 'feed-market')).toBe(true);
      cursor = p.data.nextCursor;
      if (!p.data.hasMore) break;
      q = { cursor: cursor!, limit: 2 };
    }
    expect(got).toEqual(made);
    expect(more).toEqual([true, true, false]);
    // Nothing new: the cursor stays.
    const idle = await feed({ cursor: cursor!, limit: 2 });
    expect(idle.data).toMatchObject({ items: [], hasMore: false, nextCursor: cursor });
  });

  it('updated_since returns only later changes; a withdrawn listing comes with deleted: true', async () => {
    ctx.clock.advance(10_000);
    const mid = iso(now());
    ctx.clock.advance(1_000);
    const own = await created(c('zj-org-admin').post('/api/demands', demandBody({ title: '订阅测试 自有' })));
    ctx.clock.advance(1_000);
    await imp([{ ...batch[1], status: 'withdrawn' }]);
    ctx.clock.advance(6_000);
    const later = await feed({ updated_since: mid });
    expect(later.data.items.map((x: any) => [x.id, x.deleted])).toEqual([
      [own.id, false],
      [made[1], true],
    ]);
    expect(later.data.items[1].status).toBe('withdrawn');
    // From the start of the first batch: every row once, the withdrawn one at its new place.
    const all = await feed({ updated_since: since, limit: 100 });
    expect(all.data.items.map((x: any) => x.id)).toEqual([made[0], ...made.slice(2), own.id, made[1]]);
    // A withdrawal here (not an import) also shows.
    ctx.clock.advance(1_000);
    const mark = iso(now());
    ctx.clock.advance(1_000);
    await ok(c('zj-org-admin').patch(`/api/demands/${own.id}`, { status: 'withdrawn' }));
    ctx.clock.advance(6_000);
    expect((await feed({ updated_since: mark })).data.items.map((x: any) => [x.id, x.deleted])).toEqual([[own.id, true]]);
    // Drafts never appear.
    const draft = await created(c('zj-org-admin').post('/api/demands', demandBody({ status: 'draft' })));
    ctx.clock.advance(6_000);
    expect((await feed({ updated_since: mark })).data.items.map((x: any) => x.id)).not.toContain(draft.id);
  });

  it('the cursor returned for an empty page keeps updated_since strictly after its instant', async () => {
    ctx.clock.advance(10_000);
    const at = iso(now());
    await imp([{ ...batch[0], externalId: 'F-edge', title: '订阅测试 边界' }]);
    ctx.clock.advance(6_000);
    const first = await feed({ updated_since: at });
    expect(first.data.items).toEqual([]);
    const next = await feed({ cursor: first.data.nextCursor });
    expect(next.data.items).toEqual([]);
  });

  it('refuses a malformed cursor (400)', async () => {
    expect((await feed({ cursor: 'not-a-cursor' })).statusCode).toBe(400);
  });

  async function imp(listings: unknown[]) {
    return ok(c('admin').post('/api/imports/listings', { source: 'feed-market', listings }));
  }
});
