// The same data gives the same search results on SQLite and PostgreSQL: same matches, same
// order, same scores, same facets. Only the PostgreSQL project runs *.parity.test.ts files
// (it has both engines at hand).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/context';

const contexts: TestContext[] = [];

const CITIES = ['上海', '苏州', '南京', '杭州', '宁波', '合肥', '芜湖'];
const FIELDS = ['质谱', '色谱', '电子显微镜', '核磁共振', '光谱', '基因测序', '流式细胞', 'X射线衍射', '激光', '算力'];
const ADJ = ['高分辨', '超高效', '场发射', '便携式', '全自动', '高通量'];

function sheet(): string {
  const header = 'name,kind,category1,category2,category3,city,serviceModes,startupFee,hourlyFee,perSample,keywords,description';
  const rows = [];
  for (let i = 0; i < 160; i++) {
    const f = FIELDS[i % FIELDS.length];
    const a = ADJ[(i * 7) % ADJ.length];
    const city = CITIES[(i * 3) % CITIES.length];
    const trad = i % 5 === 0; // some records typed in traditional characters
    const name = `示例${a}${f}仪 ${i}号`;
    const desc = `${city}${f}分析测试平台，提供${ADJ[(i * 5) % ADJ.length]}${FIELDS[(i * 3) % FIELDS.length]}服务。`;
    rows.push(
      [
        trad ? name.replace('质谱', '質譜').replace('电子显微镜', '電子顯微鏡') : name,
        'instrument',
        '分析仪器',
        f,
        '',
        city,
        i % 3 ? '机时服务' : '机时服务、送样检测',
        String((i % 4) * 50),
        String(100 + ((i * 37) % 900)),
        String(200 + ((i * 13) % 500)),
        `${f}、${a}`,
        desc,
      ].join(','),
    );
  }
  return [header, ...rows].join('\n');
}

const QUERIES = [
  '质谱',
  '質譜',
  '高分辨 质谱',
  '电镜',
  '电子显微镜 上海',
  '核磁',
  '基因测序 服务',
  '流式',
  'X射线',
  '激光 便携式',
  '算力',
  '高通量',
  '苏州 色谱',
  '光谱 全自动',
  '不存在的词',
  '质谱 水稻',
  '分析测试平台',
  '杭州',
  '仪',
  '',
];

describe('search parity between SQLite and PostgreSQL', () => {
  beforeAll(async () => {
    for (const e of ['sqlite', 'postgres'] as const) {
      const ctx = await createTestContext({}, e);
      contexts.push(ctx);
      const c = await ctx.as('sh-org-admin');
      const r = await c.request('POST', '/api/resources/import', { payload: sheet(), headers: { 'content-type': 'text/csv' } });
      if (r.statusCode !== 200) throw new Error(r.body);
    }
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it.each(QUERIES)('query %j', async (q) => {
    const results = [];
    for (const ctx of contexts) {
      for (const query of [{ q }, { q, sort: 'price' }, { q, jurisdiction: '310000', pageSize: 5, page: 2 }]) {
        const r = await ctx.anon().get('/api/resources', { query });
        expect(r.statusCode).toBe(200);
        results.push(r.data);
      }
    }
    const [sqlite, postgres] = [results.slice(0, 3), results.slice(3)];
    expect(postgres).toEqual(sqlite);
  });
});
