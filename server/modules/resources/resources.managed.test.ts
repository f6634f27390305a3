// The catalogue filtered by manager: managerUserId for anyone (published records only) and
// managed=true for "the resources I manage", drafts included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';

let ctx: TestContext;
let shOrgAdmin: Client;
let shMember: Client;
let shOrg: number;
let memberId: number;
beforeAll(async () => {
  ctx = await createTestContext();
  [shOrgAdmin, shMember] = await Promise.all(['sh-org-admin', 'sh-member'].map((u) => ctx.as(u)));
  const me = (await shMember.get('/api/auth/me')).data.user;
  shOrg = me.organization.id;
  memberId = me.id;
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;

describe(`resources by manager (${engine})`, () => {
  it('managerUserId lists the published resources a person manages; managed=true lists mine, drafts included', async () => {
    const make = (name: string, status: string) =>
      shOrgAdmin.post('/api/resources', { kind: 'instrument', name, ownerOrgId: shOrg, managerUserId: memberId, serviceModes: ['assisted'], status });
    const pub = await make('示例成员管理的离心机', 'published');
    const draft = await make('示例成员管理的草稿光谱仪', 'draft');
    expect([pub.statusCode, draft.statusCode]).toEqual([201, 201]);

    const byManager = await ctx.anon().get('/api/resources', { query: { managerUserId: memberId } });
    expect(byManager.statusCode).toBe(200);
    expect(byManager.data.items.map((i: any) => i.id)).toEqual([pub.data.id]);

    const managed = await shMember.get('/api/resources', { query: { managed: true } });
    expect(managed.statusCode).toBe(200);
    expect(managed.data.items.map((i: any) => i.id).sort()).toEqual([pub.data.id, draft.data.id].sort());
    expect(managed.data.total).toBe(2);
    expect(managed.data.items.find((i: any) => i.id === draft.data.id).status).toBe('draft');

    // The org admin manages none of these by name; seed resources they manage are theirs.
    const adminManaged = await shOrgAdmin.get('/api/resources', { query: { managed: true, pageSize: 100 } });
    expect(adminManaged.data.items.map((i: any) => i.id)).not.toContain(pub.data.id);
    expect(adminManaged.data.total).toBeGreaterThan(0);
  });

  it('managed=true needs a signed-in user and cannot name somebody else', async () => {
    const anon = await ctx.anon().get('/api/resources', { query: { managed: true } });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toMatch(/problem\+json/);
    const other = await shMember.get('/api/resources', { query: { managed: true, managerUserId: memberId + 1 } });
    expect(other.statusCode).toBe(400);
    expect(other.data.errors[0].field).toBe('querystring:/managerUserId');
    expect((await ctx.anon().get('/api/resources', { query: { managerUserId: 0 } })).statusCode).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await ctx.anon().get('/api/openapi.json')).data;
    const names = doc.paths['/api/resources'].get.parameters.map((p: any) => p.name);
    expect(names).toEqual(expect.arrayContaining(['managerUserId', 'managed']));
  });
});
