// Issue 15 (defects a), on SQLite and PostgreSQL: spreadsheet imports take what people write in
// the Chinese template — 企业 / 科技型中小企业 for codes, 2019/05/01, 2019-5-1, 2019年5月1日 and Excel
// date cells for dates — and refuse what they must (year 0000, days that do not exist, formula
// cells), naming each bad column by its template header in the reader's language and listing the
// allowed words of a choice column.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, nextUscc, type Client, type TestContext } from '../../../test/context';
import { choiceFromCell, dateFromCell } from '../../platform/spreadsheet';
import { ORG_TYPE_ALIASES, ORG_TYPE_NAMES } from '../../platform/choices';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let shAdmin: Client, shOrgAdmin: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [shAdmin, shOrgAdmin] = await Promise.all(['sh-admin', 'sh-org-admin'].map((u) => ctx.as(u)));
}, 120_000);
afterAll(() => ctx.close());

const CSV = { 'content-type': 'text/csv' };
const XLSX = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const HEADER = '名称 name,统一社会信用代码 uscc,类型 type,辖区 jurisdiction,城市 city,企业梯度 tier,部门类别 departmentKind,成立日期 establishedOn';
const org = (uscc: string) => ctx.db.db.selectFrom('organizations').selectAll().where('uscc', '=', uscc).executeTakeFirstOrThrow();

describe(`reading cells (${engine})`, () => {
  it('normalises the usual ways of writing a date, and refuses what is no date or out of range', () => {
    for (const v of ['2019-05-01', '2019/05/01', '2019-5-1', '2019.5.1', '2019年5月1日', '2019 年 5 月 1 日', '20190501', '２０１９/５/１'])
      expect(dateFromCell(v), v).toEqual({ date: '2019-05-01' });
    expect(dateFromCell('0000-01-01')).toEqual({ code: 'date-out-of-policy' });
    expect(dateFromCell('2200/1/1')).toEqual({ code: 'date-out-of-policy' });
    expect(dateFromCell('2019-02-30')).toEqual({ code: 'date-invalid' });
    expect(dateFromCell('2019/13/1')).toEqual({ code: 'date-invalid' });
    expect(dateFromCell('May 1st')).toEqual({ code: 'date-invalid' });
  });
  it('maps a code, either language’s word and aliases to the code', () => {
    const c = { choices: ORG_TYPE_NAMES, aliases: ORG_TYPE_ALIASES };
    expect(['enterprise', '企业', 'Enterprise', ' ENTERPRISE ', '公司'].map((v) => choiceFromCell(v, c))).toEqual(Array(5).fill('enterprise'));
    expect(choiceFromCell('高校', c)).toBe('university');
    expect(choiceFromCell('实验室', c)).toBe('实验室');
  });
});

describe(`organisation import in the template’s words (${engine})`, () => {
  it('accepts Chinese and English words for types and tiers, and dates as people write them', async () => {
    const u = [0, 1, 2, 3, 4].map(() => nextUscc('310115'));
    const csv = [
      HEADER,
      `示例词语导入一,${u[0]},企业,上海,上海,科技型中小企业,,2019/05/01`,
      `示例词语导入二,${u[1]},Enterprise,上海市,上海,high-tech enterprise,,2019-5-1`,
      `示例词语导入三,${u[2]},企业,310000,上海,科技领军企业,,2019年5月1日`,
      `示例词语导入四,${u[3]},高等院校,Shanghai,上海,,,2019.5.1`,
      `示例词语导入五,${u[4]},research_institute,沪,上海,,,`,
    ].join('\n');
    const dry = await shAdmin.request('POST', '/api/organizations/import', { payload: csv, headers: CSV, query: { dryRun: true } });
    expect(dry.statusCode, dry.body).toBe(200);
    const res = await shAdmin.request('POST', '/api/organizations/import', { payload: csv, headers: CSV });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.imported).toBe(5);
    const rows = await Promise.all(u.map(org));
    expect(rows.map((r) => [r.type, r.tier, r.established_on])).toEqual([
      ['enterprise', 'tech_sme', '2019-05-01'],
      ['enterprise', 'high_tech', '2019-05-01'],
      ['enterprise', 'tech_leader', '2019-05-01'],
      ['university', null, '2019-05-01'],
      ['research_institute', null, null],
    ]);
  });

  it('names bad columns by their template header, lists the allowed words, refuses year 0000 — writing nothing', async () => {
    const csv = [
      HEADER,
      `示例坏类型,${nextUscc('310115')},实验室,上海,上海,,,`,
      `示例坏梯度,${nextUscc('310115')},企业,上海,上海,独角兽,,`,
      `示例零年,${nextUscc('310115')},企业,上海,上海,,,0000-01-01`,
      `示例无此日,${nextUscc('310115')},企业,上海,上海,,,2019/2/30`,
    ].join('\n');
    const before = await ctx.snapshot();
    const zh = await shAdmin.request('POST', '/api/organizations/import', { payload: csv, headers: CSV, lang: 'zh' });
    expect(zh.statusCode, zh.body).toBe(422);
    expect(await ctx.snapshot()).toEqual(before);
    const at = (r: any, row: number) => r.data.errors.find((e: any) => e.row === row);
    expect(at(zh, 2)).toMatchObject({ field: 'type', column: '类型', code: 'type-invalid' });
    expect(at(zh, 2).message).toBe('机构类型无效，可选：企业、高等院校、科研院所、科技服务机构、政府部门、金融机构');
    expect(at(zh, 3)).toMatchObject({ field: 'tier', column: '企业梯度', code: 'tier-invalid' });
    expect(at(zh, 3).message).toContain('科技型中小企业、高新技术企业、科技领军企业');
    expect(at(zh, 4)).toMatchObject({ field: 'establishedOn', column: '成立日期', code: 'date-out-of-policy' });
    expect(at(zh, 5)).toMatchObject({ field: 'establishedOn', column: '成立日期', code: 'date-invalid' });
    const en = await shAdmin.request('POST', '/api/organizations/import', { payload: csv, headers: CSV, lang: 'en' });
    expect(at(en, 2)).toMatchObject({ column: 'type' });
    expect(at(en, 2).message).toBe(
      'not a known organisation type; allowed: Enterprise, University, Research institute, Service institution, Government department, Financial institution',
    );
    expect(at(en, 3).message).toContain('tech-based SME, high-tech enterprise, leading tech enterprise');
    expect(at(en, 4)).toMatchObject({ column: 'establishedOn', message: 'must be a date between 1900 and 2199' });
  });

  it('reads Excel date cells as the day written, and refuses formula cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('organizations');
    ws.addRow(HEADER.split(','));
    const [a, b] = [nextUscc('310115'), nextUscc('310115')];
    ws.addRow(['示例日期单元格', a, '企业', '上海', '上海', '', '', new Date(Date.UTC(2018, 6, 9))]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await shAdmin.request('POST', '/api/organizations/import', { payload: buf, headers: XLSX });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await org(a)).established_on).toBe('2018-07-09');

    const bad = new ExcelJS.Workbook();
    const bs = bad.addWorksheet('organizations');
    bs.addRow(HEADER.split(','));
    bs.addRow(['示例公式单元格', b, { formula: 'CONCAT("企","业")', result: '企业' }, '上海', '上海', '', '', '']);
    const before = await ctx.snapshot();
    const r = await shAdmin.request('POST', '/api/organizations/import', { payload: Buffer.from(await bad.xlsx.writeBuffer()), headers: XLSX });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.data.errors).toEqual([expect.objectContaining({ row: 2, field: 'type', column: '类型', code: 'formula-not-accepted' })]);
    expect(await ctx.snapshot()).toEqual(before);
  });
});

describe(`resource import in the template’s words (${engine})`, () => {
  const header =
    '名称 name,类型 kind,一级分类 category1,二级分类 category2,三级分类 category3,型号 model,制造商 manufacturer,产地 originCountry,原值（元） originalValue,购置日期 purchaseDate,城市 city,地址 address,服务方式 serviceModes,开机费（元） startupFee,机时费（元/小时） hourlyFee';
  it('takes 大型科学仪器 and 2020年3月5日; refuses year 0000 naming 购置日期', async () => {
    const good = [header, '示例词语离心机,大型科学仪器,通用仪器,离心机,,,,,100000,2020年3月5日,上海,,机时服务,0,80'].join('\n');
    const ok = await shOrgAdmin.request('POST', '/api/resources/import', { payload: good, headers: CSV });
    expect(ok.statusCode, ok.body).toBe(200);
    const r = await ctx.db.db.selectFrom('resources').select(['kind', 'purchase_date']).where('name', '=', '示例词语离心机').executeTakeFirstOrThrow();
    expect(r).toEqual({ kind: 'instrument', purchase_date: '2020-03-05' });
    const bad = [
      header,
      '示例零年离心机,仪器,通用仪器,离心机,,,,,100000,0000/1/1,上海,,机时服务,0,80',
      '示例坏类型,望远镜,通用仪器,离心机,,,,,,,上海,,,,',
    ].join('\n');
    const res = await shOrgAdmin.request('POST', '/api/resources/import', { payload: bad, headers: CSV, lang: 'zh' });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.data.errors).toContainEqual(expect.objectContaining({ row: 2, field: 'purchaseDate', column: '购置日期', code: 'date-out-of-policy' }));
    const kind = res.data.errors.find((e: any) => e.row === 3 && e.field === 'kind');
    expect(kind).toMatchObject({ column: '类型' });
    expect(kind.message).toContain('大型科学仪器、重大科技基础设施、算力、科学数据、生物种质');
  });
});
