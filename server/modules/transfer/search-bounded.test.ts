// The market's search in bounded work (listings.repository search()): with the exact limit
// lowered to a handful, the same requests take the large-set plans — the sample for the total and
// facets, the impact-ordered walk for a relevance page, a sort index for a sorted page — and must
// give the page the exact plan gives, with totals marked approximate where they are estimated.
// Over HTTP, on both engines.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/context';
import { people, type Who } from '../../../test/transfer';
import { searchLimits } from './listings.repository';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let P: Record<string, Who>;
const DEFAULT = { ...searchLimits };
const FILLER = ['储能', '电池', '材料', '工艺', '设备', '系统', '检测', '算法', '平台', '芯片', '传感器', '涂层'];
const JURISDICTIONS = ['310000', '320000', '330000', '340000'];

beforeAll(async () => {
  ctx = await createTestContext();
  P = await people(ctx, ['admin']);
  // 60 results holding "qwbound", every third also "qwpair"; lengths (so impacts), prices and
  // jurisdictions vary.
  const listings = Array.from({ length: 60 }, (_, i) => ({
    externalId: `B-${i}`,
    kind: 'result',
    title: `qwbound 成果 ${i}${i % 3 === 0 ? ' qwpair' : ''}`,
    summary: `${FILLER.slice(0, 1 + (i % FILLER.length)).join('，')}。${i % 4 === 0 ? 'qwbound 再现。' : ''}`,
    keywords: i % 5 === 0 ? ['qwbound'] : [],
    jurisdictionCode: JURISDICTIONS[i % 4],
    ownerName: `某单位 ${i}`,
    resultType: 'software',
    trl: 1 + (i % 9),
    askingPriceFen: 100_000 + ((i * 7919) % 60) * 1000,
  }));
  const r = await P.admin.client.post('/api/imports/listings', { source: 'bounded', listings });
  expect(r.statusCode, r.body).toBe(200);
}, 120_000);
afterAll(() => ctx?.close());
afterEach(() => Object.assign(searchLimits, DEFAULT));

/** The same request answered by the exact plan and by the bounded plans. */
async function both(path: string, query: Record<string, string | number>) {
  searchLimits.exactLimit = 1_000_000_000;
  const exact = await ctx.anon().get(path, { query });
  searchLimits.exactLimit = 7;
  const bounded = await ctx.anon().get(path, { query });
  expect(exact.statusCode, exact.body).toBe(200);
  expect(bounded.statusCode, bounded.body).toBe(200);
  return { exact: exact.data, bounded: bounded.data };
}
const page = (d: any) => d.items.map((x: any) => [x.id, x.score]);
const sum = (rows: Array<{ count: number }>) => rows.reduce((a, x) => a + x.count, 0);

describe(`search in bounded work (${engine})`, () => {
  it('one word: the same page and scores by the impact walk; the total is exact (the word’s postings), the facets estimated', async () => {
    const { exact, bounded } = await both('/api/results', { q: 'qwbound', pageSize: 10 });
    expect(exact.total).toBe(60);
    expect(exact.totalApproximate).toBe(false);
    expect(page(bounded)).toEqual(page(exact));
    expect(bounded).toMatchObject({ total: 60, totalApproximate: false, facetsApproximate: true });
    expect(exact.facetsApproximate).toBe(false);
    // Scores differ across the page (impacts vary with length and where the word stands).
    expect(new Set(exact.items.map((x: any) => x.score)).size).toBeGreaterThan(1);
    expect(sum(exact.facets.jurisdiction)).toBe(60);
    expect(Math.abs(sum(bounded.facets.jurisdiction) - 60)).toBeLessThanOrEqual(8);
    // Page 3 too.
    const p3 = await both('/api/results', { q: 'qwbound', pageSize: 10, page: 3 });
    expect(page(p3.bounded)).toEqual(page(p3.exact));
  });

  it('one word and a filter: the same page; the total is an estimate, marked so', async () => {
    const { exact, bounded } = await both('/api/results', { q: 'qwbound', jurisdiction: '320000' });
    expect(exact).toMatchObject({ total: 15, totalApproximate: false });
    expect(page(bounded)).toEqual(page(exact));
    expect(bounded.totalApproximate).toBe(true);
    expect(bounded.total).toBeGreaterThanOrEqual(8);
    expect(bounded.total).toBeLessThanOrEqual(60);
  });

  it('two words: the candidates by the rarer word, re-ranked by the full score, give the exact page', async () => {
    const { exact, bounded } = await both('/api/results', { q: 'qwbound qwpair' });
    expect(exact).toMatchObject({ total: 20, query: { matchMode: 'all' } });
    expect(page(bounded)).toEqual(page(exact));
    expect(bounded.totalApproximate).toBe(true);
  });

  it('two words, a small window of the rarer word’s best postings: a page of listings holding both, best first', async () => {
    const exact = await ctx.anon().get('/api/results', { query: { q: 'qwbound qwpair', pageSize: 50 } });
    Object.assign(searchLimits, { exactLimit: 7, impactWindow: 3, rescore: 0 });
    const r = await ctx.anon().get('/api/results', { query: { q: 'qwbound qwpair', pageSize: 5 } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.data.items).toHaveLength(5);
    const all = new Map(exact.data.items.map((x: any) => [x.id, x.score]));
    for (const x of r.data.items) expect(all.get(x.id)).toBe(x.score);
    const scores = r.data.items.map((x: any) => x.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    // The best of all is the best by the rarer word here, so it leads.
    expect(r.data.items[0].id).toBe(exact.data.items[0].id);
  });

  it('any word (no listing holds them all): each word’s best re-scored, the same page; the total estimated over where every word’s newest postings reach', async () => {
    const { exact, bounded } = await both('/api/results', { q: 'qwpair qwabsentword', pageSize: 10 });
    expect(exact).toMatchObject({ total: 20, query: { matchMode: 'any' } });
    expect(page(bounded)).toEqual(page(exact));
    expect(bounded).toMatchObject({ total: 20, totalApproximate: true, query: { matchMode: 'any' } });
    const sorted = await both('/api/results', { q: 'qwpair qwabsentword', sort: '-price', pageSize: 10 });
    expect(page(sorted.bounded)).toEqual(page(sorted.exact));
  });

  it('sorted by price either way: the sort index walked, each word checked by key; with few matches, all of them read', async () => {
    for (const sort of ['price', '-price']) {
      const { exact, bounded } = await both('/api/results', { q: 'qwbound', sort, pageSize: 15 });
      expect(page(bounded)).toEqual(page(exact));
      const prices = bounded.items.map((x: any) => x.askingPriceFen);
      expect(prices).toEqual([...prices].sort((a: number, b: number) => (sort === 'price' ? a - b : b - a)));
    }
    // Few matches among many listings (a third of them): walking the price index would pass more
    // rows than the rarer word has postings, so every match is read, and counted exactly.
    const few = await both('/api/results', { q: 'qwbound qwpair', sort: 'price', pageSize: 15 });
    expect(page(few.bounded)).toEqual(page(few.exact));
    expect(few.bounded).toMatchObject({ total: 20, totalApproximate: false, facetsApproximate: false });
  });

  it('browsing: the newest first either way; the published count is exact, a filtered one estimated', async () => {
    const all = await both('/api/results', { pageSize: 10 });
    expect(page(all.bounded)).toEqual(page(all.exact));
    expect(all.bounded).toMatchObject({ total: all.exact.total, totalApproximate: false });
    const filtered = await both('/api/results', { source: 'bounded', pageSize: 10, sort: 'price' });
    expect(page(filtered.bounded)).toEqual(page(filtered.exact));
    expect(filtered.exact).toMatchObject({ total: 60, totalApproximate: false });
    expect(filtered.bounded.totalApproximate).toBe(true);
  });

  it('the words’ listing counts (listing_term_df) stay equal to the postings through re-imports, edits, withdrawals and republishing', async () => {
    const listings = [
      {
        externalId: 'B-0',
        kind: 'result',
        title: 'qwbound 改写 石墨烯导热膜',
        summary: '新的摘要，换了词。',
        jurisdictionCode: '310000',
        ownerName: '某单位 0',
        resultType: 'software',
      },
      {
        externalId: 'B-1',
        kind: 'result',
        title: 'qwbound 成果 1',
        summary: '储能',
        jurisdictionCode: '320000',
        ownerName: '某单位 1',
        resultType: 'software',
        status: 'withdrawn',
      },
      {
        externalId: 'B-2',
        kind: 'result',
        title: 'qwbound 成果 2',
        summary: '储能，电池',
        jurisdictionCode: '330000',
        ownerName: '某单位 2',
        resultType: 'software',
        status: 'withdrawn',
      },
    ];
    const r = await P.admin.client.post('/api/imports/listings', { source: 'bounded', listings });
    expect(r.statusCode, r.body).toBe(200);
    const d = await P.admin.client.post('/api/imports/listings', { source: 'bounded', listings: [{ ...listings[2], status: 'published' }] });
    expect(d.statusCode, d.body).toBe(200);
    const counted = await ctx.db.db
      .selectFrom('listing_terms')
      .select(['term', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['term', 'kind'])
      .execute();
    const kept = await ctx.db.db.selectFrom('listing_term_df').select(['term', 'kind', 'df']).where('df', '>', 0).execute();
    const asMap = (rows: Array<{ term: string; kind: string; n?: number | string; df?: number | string }>) =>
      new Map(rows.map((x) => [`${x.term}/${x.kind}`, Number(x.n ?? x.df)]));
    expect(asMap(kept)).toEqual(asMap(counted));
    // 60 imported, B-1 withdrawn, B-2 withdrawn and published again.
    expect(asMap(kept).get('qwbound/r')).toBe(59);
    // Searches read them: the one-word total is the count.
    searchLimits.exactLimit = 7;
    const q = await ctx.anon().get('/api/results', { query: { q: 'qwbound' } });
    expect(q.data).toMatchObject({ total: asMap(counted).get('qwbound/r'), totalApproximate: false });
  });
});
