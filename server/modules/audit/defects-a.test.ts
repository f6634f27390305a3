// Issue 15 (defects a), on SQLite and PostgreSQL: the audit log speaks words (labels for every
// action and entity type, by Accept-Language), offers its filters (actions, entity types, actors
// in scope), and groups the entries of one import under a batch id that is part of the hash chain
// (entries without one verify as before; editing a batch id breaks the chain). Spreadsheet imports
// name bad columns by their template header, list allowed values, and accept Chinese labels and
// the usual ways of writing a date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, nextUscc, type Client, type TestContext } from '../../../test/context';
import { verifyAuditChain } from '../../platform/audit';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let admin: Client, shAdmin: Client, shMember: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, shAdmin, shMember] = await Promise.all(['admin', 'sh-admin', 'sh-member'].map((u) => ctx.as(u)));
}, 120_000);
afterAll(() => ctx.close());

const CSV = { 'content-type': 'text/csv' };
const HEADER = '名称 name,统一社会信用代码 uscc,类型 type,辖区 jurisdiction,城市 city,企业梯度 tier,部门类别 departmentKind,成立日期 establishedOn';

describe(`audit labels, filters and import batches (${engine})`, () => {
  let batchId: string;

  it('an import’s entries share one batch id; the log filters by it and the chain verifies', async () => {
    const rows = [0, 1, 2].map((i) => `示例审计批次公司${i},${nextUscc('310115')},enterprise,310000,上海,tech_sme,,2020-01-0${i + 1}`);
    const res = await shAdmin.request('POST', '/api/organizations/import', { payload: [HEADER, ...rows].join('\n'), headers: CSV });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({ dryRun: false, imported: 3, total: 3 });
    batchId = res.data.batchId;
    expect(batchId).toMatch(/^imp-\d{14}-[0-9a-f]{8}$/);
    const zh = await shAdmin.get('/api/audit', { query: { batch: batchId }, lang: 'zh' });
    expect(zh.statusCode, zh.body).toBe(200);
    expect(zh.data.total).toBe(3);
    for (const e of zh.data.items) {
      expect(e).toMatchObject({ action: 'organization.import', actionLabel: '导入机构', entityType: 'organization', entityTypeLabel: '机构', batchId });
    }
    const en = await shAdmin.get('/api/audit', { query: { batch: batchId }, lang: 'en' });
    expect(en.data.items[0]).toMatchObject({ actionLabel: 'organisation imported', entityTypeLabel: 'organisation' });
    // Single changes carry no batch.
    const single = await admin.get('/api/audit', { query: { action: 'auth.login', pageSize: 1 } });
    expect(single.data.items[0].batchId).toBeNull();
    expect((await admin.get('/api/audit/verify')).data).toMatchObject({ ok: true, problems: [] });
    // A dry run writes no entries and has no batch.
    const dry = await shAdmin.request('POST', '/api/organizations/import', {
      payload: [HEADER, `示例审计试运行,${nextUscc('310115')},enterprise,310000,上海,,,`].join('\n'),
      headers: CSV,
      query: { dryRun: true },
    });
    expect(dry.data).toMatchObject({ dryRun: true, batchId: null });
  });

  it('the batch id is hashed: changing it afterwards breaks the chain', async () => {
    const e = await ctx.db.db.selectFrom('audit_log').select(['seq']).where('batch_id', '=', batchId).orderBy('seq').executeTakeFirstOrThrow();
    await ctx.db.db.updateTable('audit_log').set({ batch_id: 'imp-forged' }).where('seq', '=', e.seq).execute();
    const bad = await verifyAuditChain(ctx.db.db);
    expect(bad.ok).toBe(false);
    expect(bad.problems).toContain(`entry ${Number(e.seq)}: its fields were edited (hash mismatch)`);
    await ctx.db.db.updateTable('audit_log').set({ batch_id: null }).where('seq', '=', e.seq).execute();
    expect((await verifyAuditChain(ctx.db.db)).ok).toBe(false);
    await ctx.db.db.updateTable('audit_log').set({ batch_id: batchId }).where('seq', '=', e.seq).execute();
    expect((await verifyAuditChain(ctx.db.db)).ok).toBe(true);
  });

  it('offers every action and entity type in both languages, and the actors in the reader’s scope', async () => {
    const all = await admin.get('/api/audit/options');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.data.actions).toContainEqual({ code: 'voucher.redeem', zh: '创新券兑付', en: 'voucher redeemed' });
    expect(all.data.entityTypes).toContainEqual({ code: 'listing', zh: '成果/需求挂牌', en: 'listing' });
    expect(all.data.actors).toEqual(expect.arrayContaining(['admin', 'sh-admin']));
    // Every action and entity type already in the log has words.
    const used = await ctx.db.db.selectFrom('audit_log').select(['action', 'entity_type']).distinct().execute();
    const codes = new Set(all.data.actions.map((a: any) => a.code));
    const types = new Set(all.data.entityTypes.map((a: any) => a.code));
    expect(used.filter((u) => !codes.has(u.action) || !types.has(u.entity_type))).toEqual([]);
    // A jurisdiction admin sees the actors of its own jurisdiction's entries only.
    const sh = await shAdmin.get('/api/audit/options');
    const shActors = await ctx.db.db.selectFrom('audit_log').select('actor_name').distinct().where('jurisdiction_code', '=', '310000').execute();
    expect(new Set(sh.data.actors)).toEqual(new Set(shActors.map((a) => a.actor_name).filter(Boolean)));
    expect(sh.data.actors).not.toContain('zj-admin');
    expect((await shMember.get('/api/audit/options')).statusCode).toBe(403);
    expect((await shMember.get('/api/audit', { query: { batch: batchId } })).statusCode).toBe(403);
  });

  it('refuses a malformed batch filter (400), and another jurisdiction’s batch reads empty', async () => {
    for (const batch of ['../x', 'a'.repeat(65), 'imp x', '%00']) {
      const r = await admin.get('/api/audit', { query: { batch } });
      expect(r.statusCode, batch).toBe(400);
      expect(r.data.code).toBe('validation-failed');
    }
    const zj = await ctx.as('zj-admin');
    expect((await zj.get('/api/audit', { query: { batch: batchId } })).data.total).toBe(0);
  });
});
