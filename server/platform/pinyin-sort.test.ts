// Name sorts in pinyin order (issue 15, defect 11), on both engines: 安徽 < 北京 < 重庆 (chóng) <
// 张江 — not by code point (重 U+91CD after 张 U+5F20 and 北 U+5317). The key (name_pinyin) is
// filled on every write and backfilled by the migration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../test/context';
import { pinyinKey } from './text';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let admin: Client;
const tag = String(Date.now() % 100000);
const PLACES = ['张江', '重庆', '北京', '安徽'];
const EXPECTED = ['安徽', '北京', '重庆', '张江'];

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.as('admin');
});
afterAll(async () => ctx?.close());

describe(`pinyin name sorts (${engine})`, () => {
  it('the key reads 重庆 as chóngqìng and folds traditional characters', () => {
    expect(pinyinKey('重庆大学')).toBe('chongqingdaxue');
    expect(pinyinKey('張江實驗室')).toBe(pinyinKey('张江实验室'));
    const keys = EXPECTED.map(pinyinKey);
    expect([...keys].sort()).toEqual(keys);
  });

  it('organisations sort by pinyin, both ways; a rename moves the organisation', async () => {
    const ids: Record<string, number> = {};
    for (const p of PLACES) ids[p] = (await ctx.newOrg(admin, { name: `${p}拼音排序测试${tag}（示例）` })).id;
    const names = async (sort: string) => {
      const r = await admin.get('/api/organizations', { query: { q: `拼音排序测试${tag}`, sort, pageSize: 50 } });
      expect(r.statusCode, r.body).toBe(200);
      return r.data.items.map((o: any) => o.name.slice(0, 2));
    };
    expect(await names('name')).toEqual(EXPECTED);
    expect(await names('-name')).toEqual([...EXPECTED].reverse());
    // 安徽 renamed 重庆… comes after 北京 now (the key is refilled on write).
    const renamed = await admin.patch(`/api/organizations/${ids['安徽']}`, { name: `长三角拼音排序测试${tag}（示例）` });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await names('name')).toEqual(['北京', '长三', '重庆', '张江']);
  });

  it('the catalogue’s name sort is in pinyin order', async () => {
    const orgAdmin = await ctx.as('sh-org-admin');
    const shOrg = (await orgAdmin.get('/api/auth/me')).data.user.organization.id;
    for (const p of PLACES) {
      const r = await orgAdmin.post('/api/resources', {
        kind: 'instrument',
        name: `${p}拼音排序显微镜${tag}`,
        description: '用于测试名称的拼音排序（示例）。',
        keywords: ['拼音排序'],
        category: ['电子光学仪器', '电子显微镜', '透射电子显微镜'],
        model: 'TEM-200',
        manufacturer: '示例电子',
        originalValueFen: 1_200_000_000,
        city: '上海',
        serviceModes: ['assisted'],
        startupFeeFen: 20000,
        hourlyFeeFen: 90000,
        ownerOrgId: shOrg,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const r = await ctx.anon().get('/api/resources', { query: { q: `拼音排序显微镜${tag}`, sort: 'name', pageSize: 50 } });
    expect(r.statusCode, r.body).toBe(200);
    const mine = r.data.items.map((x: any) => x.name as string).filter((n: string) => n.includes(`拼音排序显微镜${tag}`));
    expect(mine.map((n: string) => n.slice(0, 2))).toEqual(EXPECTED);
  });

  it('experts sort by the pinyin of their names; the migration filled every key', async () => {
    const r = await admin.get('/api/experts', { query: { sort: 'name', pageSize: 100 } });
    expect(r.statusCode, r.body).toBe(200);
    const keys = r.data.items.map((e: any) => pinyinKey(e.name));
    expect(keys.length).toBeGreaterThan(1);
    expect([...keys].sort()).toEqual(keys);
    for (const table of ['organizations', 'users', 'resources'] as const) {
      const empty = await ctx.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('name_pinyin', '=', '')
        .executeTakeFirstOrThrow();
      expect(Number(empty.n), table).toBe(0);
    }
  });
});
