import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, nextUscc, type TestContext } from '../../../test/context';
import { makeUscc } from '../../platform/uscc';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe(`organisations (${engine})`, () => {
  it('a jurisdiction admin registers an enterprise of their own jurisdiction, audited', async () => {
    const sh = await ctx.as('sh-admin');
    const uscc = nextUscc('310115');
    const res = await sh.post('/api/organizations', {
      name: '示例张江光电科技有限公司',
      uscc,
      type: 'enterprise',
      jurisdictionCode: '310000',
      city: '上海',
      tier: 'high_tech',
      establishedOn: '2018-04-01',
    });
    expect(res.statusCode).toBe(201);
    expect(res.data).toMatchObject({ uscc, tier: 'high_tech', status: 'active', userCount: 0 });
    const audit = await (await ctx.as('admin')).get('/api/audit', { query: { entityType: 'organization', entityId: String(res.data.id) } });
    expect(audit.data.items).toHaveLength(1);
    expect(audit.data.items[0]).toMatchObject({ action: 'organization.create', actorName: 'sh-admin', jurisdictionCode: '310000' });
  });

  it('refuses a code with a wrong check character, naming the field, in Chinese and English, writing nothing', async () => {
    const sh = await ctx.as('sh-admin');
    const good = makeUscc('310115', 777);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await ctx.snapshot();
    const body = { name: '示例错误代码公司', uscc: bad, type: 'enterprise', jurisdictionCode: '310000' };
    const zh = await sh.post('/api/organizations', body);
    expect(zh.statusCode).toBe(400);
    expect(zh.headers['content-type']).toMatch(/problem\+json/);
    expect(zh.data.errors).toEqual([expect.objectContaining({ field: 'body:/uscc', code: 'uscc-check', message: expect.stringContaining('校验位') })]);
    const en = await sh.post('/api/organizations', body, { lang: 'en' });
    expect(en.data.errors[0].message).toMatch(/check character/);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('refuses a tier on a non-enterprise and a department of another jurisdiction', async () => {
    const sh = await ctx.as('sh-admin');
    const r1 = await sh.post('/api/organizations', { name: '示例大学', uscc: nextUscc(), type: 'university', jurisdictionCode: '310000', tier: 'high_tech' });
    expect(r1.statusCode).toBe(400);
    expect(r1.data.errors.map((e: any) => e.code)).toEqual(['tier-only-enterprise']);
    const juris = await ctx.anon().get('/api/jurisdictions');
    const zjScience = juris.data.items.find((j: any) => j.code === '330000').departments.find((d: any) => d.kind === 'science');
    const r2 = await sh.post('/api/organizations', {
      name: '示例部门',
      uscc: nextUscc(),
      type: 'government_department',
      jurisdictionCode: '310000',
      departmentId: zjScience.id,
    });
    expect(r2.statusCode).toBe(400);
    expect(r2.data.errors[0].field).toBe('body:/departmentId');
  });

  it('one jurisdiction’s admin can neither create nor change another jurisdiction’s organisations (403, nothing written)', async () => {
    const sh = await ctx.as('sh-admin');
    const zj = await ctx.as('zj-admin');
    const zjOrg = await ctx.newOrg(zj, { jurisdictionCode: '330000', name: '示例宁波新材料有限公司' });
    const before = await ctx.snapshot();
    const create = await sh.post('/api/organizations', { name: '越权', uscc: nextUscc('330100'), type: 'enterprise', jurisdictionCode: '330000' });
    expect(create.statusCode).toBe(403);
    const patch = await sh.patch(`/api/organizations/${zjOrg.id}`, { name: '被改名' });
    expect(patch.statusCode).toBe(403);
    const move = await zj.patch(`/api/organizations/${zjOrg.id}`, { jurisdictionCode: '310000' });
    expect(move.statusCode).toBe(403);
    const del = await sh.delete(`/api/organizations/${zjOrg.id}`);
    expect(del.statusCode).toBe(403);
    expect(await ctx.snapshot()).toEqual(before);
    expect((await zj.get(`/api/organizations/${zjOrg.id}`)).data.name).toBe('示例宁波新材料有限公司');
  });

  it('an organisation admin edits their own profile but not its identity or status; members edit nothing', async () => {
    const orgAdmin = await ctx.as('zj-org-admin');
    const me = (await orgAdmin.get('/api/auth/me')).data.user;
    const ok = await orgAdmin.patch(`/api/organizations/${me.organization.id}`, { city: '杭州·滨江' });
    expect(ok.statusCode).toBe(200);
    expect(ok.data.city).toBe('杭州·滨江');
    expect((await orgAdmin.patch(`/api/organizations/${me.organization.id}`, { status: 'inactive' })).statusCode).toBe(403);
    expect((await orgAdmin.patch(`/api/organizations/${me.organization.id}`, { uscc: nextUscc('330100') })).statusCode).toBe(403);
    const member = await ctx.as('zj-member');
    expect((await member.patch(`/api/organizations/${me.organization.id}`, { city: 'x' })).statusCode).toBe(403);
    expect((await member.post('/api/organizations', { name: 'x', uscc: nextUscc(), type: 'enterprise', jurisdictionCode: '330000' })).statusCode).toBe(403);
  });

  it('two concurrent registrations of one code: exactly one succeeds, the other gets 409', async () => {
    const sh = await ctx.as('sh-admin');
    const uscc = nextUscc('310104');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sh.post('/api/organizations', { name: `示例并发公司${i}`, uscc, type: 'enterprise', jurisdictionCode: '310000' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const conflictRes = results.find((r) => r.statusCode === 409)!;
    expect(conflictRes.data.errors[0]).toMatchObject({ field: 'body:/uscc', code: 'uscc-taken' });
    const list = await sh.get('/api/organizations', { query: { q: uscc } });
    expect(list.data.total).toBe(1);
  });

  it('deleting an organisation with users is refused with 409', async () => {
    const ah = await ctx.as('ah-admin');
    const orgs = await ah.get('/api/organizations', { query: { jurisdiction: '340000', type: 'enterprise' } });
    const withUsers = orgs.data.items.find((o: any) => o.userCount > 0);
    expect((await ah.delete(`/api/organizations/${withUsers.id}`)).statusCode).toBe(409);
    const empty = await ctx.newOrg(ah, { jurisdictionCode: '340000' });
    expect((await ah.delete(`/api/organizations/${empty.id}`)).statusCode).toBe(204);
    expect((await ah.get(`/api/organizations/${empty.id}`)).statusCode).toBe(404);
  });
});

describe(`organisation list (${engine})`, () => {
  it('paginates, filters and sorts, and the total counts every match', async () => {
    const admin = await ctx.as('admin');
    const js = await ctx.as('js-admin');
    for (const name of ['示例甲科技', '示例乙科技', '示例丙科技']) await ctx.newOrg(js, { jurisdictionCode: '320000', name, tier: 'tech_sme' });
    const page1 = await admin.get('/api/organizations', { query: { jurisdiction: '320000', tier: 'tech_sme', pageSize: 2, sort: '-name' } });
    expect(page1.statusCode).toBe(200);
    expect(page1.data.total).toBe(3);
    expect(page1.data.items).toHaveLength(2);
    const page2 = await admin.get('/api/organizations', { query: { jurisdiction: '320000', tier: 'tech_sme', pageSize: 2, page: 2, sort: '-name' } });
    const names = [...page1.data.items, ...page2.data.items].map((o: any) => o.name);
    // pinyin order (issue 15, defect 11): 乙 yǐ > 甲 jiǎ > 丙 bǐng, not code-point order
    expect(names).toEqual(['示例乙科技', '示例甲科技', '示例丙科技']);
    expect(new Set(names).size).toBe(3);
  });

  it('finds names whatever the script or width the query is typed in', async () => {
    const admin = await ctx.as('admin');
    const zh = await admin.get('/api/organizations', { query: { q: '纳米材料' } });
    const hant = await admin.get('/api/organizations', { query: { q: '納米材料' } });
    expect(zh.data.total).toBeGreaterThan(0);
    expect(hant.data.items.map((o: any) => o.id)).toEqual(zh.data.items.map((o: any) => o.id));
  });

  it('rejects unknown filters and sort keys with 400', async () => {
    const admin = await ctx.as('admin');
    const r = await admin.get('/api/organizations', { query: { sort: 'password' } });
    expect(r.statusCode).toBe(400);
    expect(r.data.errors[0].field).toBe('querystring:/sort');
    expect((await admin.get('/api/organizations', { query: { pageSize: 10_000 } })).statusCode).toBe(400);
    expect((await admin.get('/api/organizations', { query: { color: 'red' } })).statusCode).toBe(400);
  });
});

describe(`organisation import and export (${engine})`, () => {
  const header = 'name,uscc,type,jurisdiction,city,tier,departmentKind,establishedOn';

  it('imports nothing when any row is wrong, and reports every bad row', async () => {
    const sh = await ctx.as('sh-admin');
    const dup = nextUscc('310101');
    const csv = [
      header,
      `示例导入一号公司,${nextUscc('310101')},enterprise,上海市,上海,tech_sme,,2021-01-01`,
      `示例导入二号公司,91310000IOIOIOIO00,enterprise,310000,上海,,,`,
      `示例导入三号公司,${dup},enterprise,310000,上海,,,2021-13-45`,
      `示例导入四号公司,${dup},enterprise,310000,上海,,,`,
      `示例导入五号公司,${nextUscc('330100')},enterprise,浙江省,杭州,,,`,
      `,${nextUscc('310101')},laboratory,310000,上海,,,`,
    ].join('\n');
    const before = await ctx.snapshot();
    const res = await sh.request('POST', '/api/organizations/import', { payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(422);
    expect(res.data.code).toBe('import-failed');
    const byRow = (row: number) => res.data.errors.filter((e: any) => e.row === row).map((e: any) => `${e.field}:${e.code}`);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual(['uscc:uscc-charset']);
    expect(byRow(4)).toEqual(['establishedOn:date-invalid']);
    expect(byRow(5)).toEqual(['uscc:duplicate-in-file']);
    expect(byRow(6)).toEqual(['jurisdiction:jurisdiction-forbidden']);
    expect(byRow(7).sort()).toEqual(['name:required', 'type:type-invalid']);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('a dry run checks without writing; the real run imports every row in one go, each audited', async () => {
    const sh = await ctx.as('sh-admin');
    const rows = Array.from({ length: 25 }, (_, i) => `示例批量导入公司${i},${nextUscc('310112')},enterprise,上海,上海,high_tech,,2019-06-0${(i % 9) + 1}`);
    const csv = '\uFEFF' + [header, ...rows].join('\r\n');
    const before = await ctx.snapshot();
    const dry = await sh.request('POST', '/api/organizations/import', { payload: csv, headers: { 'content-type': 'text/csv' }, query: { dryRun: true } });
    expect(dry.data).toEqual({ dryRun: true, imported: 0, total: 25, batchId: null });
    expect(await ctx.snapshot()).toEqual(before);
    const real = await sh.request('POST', '/api/organizations/import', { payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(real.statusCode).toBe(200);
    expect(real.data.imported).toBe(25);
    const after = await ctx.snapshot();
    expect(after.organizations - before.organizations).toBe(25);
    expect(after.audit_log - before.audit_log).toBe(25);
  });

  it('accepts XLSX with the bilingual headers of its own template, and exports what the filters select', async () => {
    const ah = await ctx.as('ah-admin');
    const tpl = await ah.get('/api/organizations/import-template', { query: { format: 'xlsx' } });
    expect(tpl.headers['content-type']).toContain(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as any);
    const ws = wb.worksheets[0];
    ws.spliceRows(2, ws.rowCount);
    ws.addRow(['示例芜湖机器人有限公司', nextUscc('340200'), 'enterprise', '安徽', '芜湖', 'tech_sme', '', '2022-02-02']);
    ws.addRow(['示例蚌埠玻璃研究院', nextUscc('340300'), 'research_institute', '340000', '蚌埠', '', '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await ah.request('POST', '/api/organizations/import', { payload: buf, headers: { 'content-type': XLSX } });
    expect(res.statusCode).toBe(200);
    expect(res.data.imported).toBe(2);

    const csv = await ah.get('/api/organizations/export', { query: { format: 'csv', jurisdiction: '340000', q: '芜湖' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('示例芜湖机器人有限公司');

    const xlsx = await ah.get('/api/organizations/export', { query: { format: 'xlsx', jurisdiction: '340000' } });
    const out = new ExcelJS.Workbook();
    await out.xlsx.load(xlsx.rawPayload as any);
    const names = out.worksheets[0].getColumn(1).values.slice(2);
    expect(names).toContain('示例蚌埠玻璃研究院');
  });

  it('refuses garbage files and members', async () => {
    const sh = await ctx.as('sh-admin');
    const junk = await sh.request('POST', '/api/organizations/import', { payload: Buffer.from('PK\u0003\u0004garbage'), headers: { 'content-type': XLSX } });
    expect(junk.statusCode).toBe(400);
    expect(junk.data.code).toBe('unreadable-file');
    const member = await ctx.as('sh-member');
    const r = await member.request('POST', '/api/organizations/import', { payload: header + '\n', headers: { 'content-type': 'text/csv' } });
    expect(r.statusCode).toBe(403);
  });
});
