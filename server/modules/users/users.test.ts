import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, nextUscc, type TestContext } from '../../../test/context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;
const STRONG = 'Kexie#2026ab';

async function orgId(c: Awaited<ReturnType<TestContext['as']>>, q: string) {
  const r = await c.get('/api/organizations', { query: { q } });
  return r.data.items[0].id as number;
}

describe(`users (${engine})`, () => {
  it('an organisation admin adds a member to their organisation, who can then sign in', async () => {
    const oa = await ctx.as('sh-org-admin');
    const me = (await oa.get('/api/auth/me')).data.user;
    const res = await oa.post('/api/users', {
      username: 'sh-new-member',
      displayName: '新成员（示例）',
      organizationId: me.organization.id,
      role: 'member',
      password: STRONG,
    });
    expect(res.statusCode).toBe(201);
    expect(res.data).toMatchObject({ username: 'sh-new-member', role: 'member', organizationId: me.organization.id, jurisdictionCode: null });
    const c = await ctx.as('sh-new-member', STRONG);
    expect((await c.get('/api/auth/me')).data.user.organization.id).toBe(me.organization.id);
  });

  it('an organisation admin cannot create users elsewhere or grant roles above their own', async () => {
    const oa = await ctx.as('sh-org-admin');
    const admin = await ctx.as('admin');
    const other = await orgId(admin, '杭州智能制造');
    const mine = (await oa.get('/api/auth/me')).data.user.organization.id;
    const before = await ctx.snapshot();
    expect(
      (await oa.post('/api/users', { username: 'x-elsewhere', displayName: 'x', organizationId: other, role: 'member', password: STRONG })).statusCode,
    ).toBe(403);
    const up = await oa.post('/api/users', { username: 'x-upgrade', displayName: 'x', organizationId: mine, role: 'platform_admin', password: STRONG });
    expect(up.statusCode).toBe(400);
    expect(up.data.errors).toEqual([expect.objectContaining({ field: 'body:/role', code: 'role-forbidden' })]);
    expect(await ctx.snapshot()).toEqual(before);
  });

  it('a jurisdiction admin must work for a government department of that jurisdiction', async () => {
    const sh = await ctx.as('sh-admin');
    const ent = await orgId(sh, '量子精密仪器');
    const bad = await sh.post('/api/users', {
      username: 'sh-admin-2',
      displayName: '二号管理员',
      organizationId: ent,
      role: 'jurisdiction_admin',
      password: STRONG,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.errors[0].code).toBe('role-needs-department');
    const stc = await orgId(sh, '上海市科学技术委员会');
    const ok = await sh.post('/api/users', {
      username: 'sh-admin-2',
      displayName: '二号管理员',
      organizationId: stc,
      role: 'jurisdiction_admin',
      password: STRONG,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.data.jurisdictionCode).toBe('310000');
    // …and a Shanghai admin cannot make a Zhejiang one.
    const zjDst = await orgId(sh, '浙江省科学技术厅');
    expect(
      (await sh.post('/api/users', { username: 'zj-fake', displayName: 'x', organizationId: zjDst, role: 'jurisdiction_admin', password: STRONG })).statusCode,
    ).toBe(403);
  });

  it('enforces the password policy and unique usernames with field-level errors', async () => {
    const js = await ctx.as('js-admin');
    const inst = await orgId(js, '苏州先进材料研究院');
    const weak = await js.post(
      '/api/users',
      { username: 'weakling', displayName: 'x', organizationId: inst, role: 'member', password: 'weakling1' },
      { lang: 'en' },
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.data.errors.map((e: any) => e.code).sort()).toEqual(['password-contains-username', 'password-too-short', 'password-too-simple']);
    const taken = await js.post('/api/users', { username: 'JS-Expert', displayName: 'x', organizationId: inst, role: 'member', password: STRONG });
    expect(taken.statusCode).toBe(409);
    expect(taken.data.errors[0]).toMatchObject({ field: 'body:/username', code: 'username-taken' });
  });

  it('lists only the users within the caller’s scope', async () => {
    const all = await (await ctx.as('admin')).get('/api/users', { query: { pageSize: 200 } });
    const zj = await (await ctx.as('zj-admin')).get('/api/users', { query: { pageSize: 200 } });
    const member = await (await ctx.as('ah-member')).get('/api/users');
    expect(zj.data.items.every((u: any) => u.organizationJurisdiction === '330000')).toBe(true);
    expect(zj.data.total).toBeLessThan(all.data.total);
    expect(member.data.items.map((u: any) => u.username)).toEqual(['ah-member']);
    // Someone outside the scope is not found, not forbidden: no probing.
    const shMember = all.data.items.find((u: any) => u.username === 'sh-member');
    expect((await (await ctx.as('zj-admin')).get(`/api/users/${shMember.id}`)).statusCode).toBe(404);
    expect((await (await ctx.as('zj-admin')).patch(`/api/users/${shMember.id}`, { status: 'disabled' })).statusCode).toBe(404);
  });

  it('users change their own name and password but not their own role; a new password ends other sessions', async () => {
    const m = await ctx.as('zj-member');
    const other = await ctx.as('zj-member');
    const me = (await m.get('/api/auth/me')).data.user;
    expect((await m.patch(`/api/users/${me.id}`, { displayName: '赵示例（改名）' })).data.displayName).toBe('赵示例（改名）');
    expect((await m.patch(`/api/users/${me.id}`, { role: 'org_admin' })).statusCode).toBe(403);
    // Their own password needs the current one (issue 12); the session that changed it goes on.
    expect((await m.patch(`/api/users/${me.id}`, { password: STRONG })).statusCode).toBe(400);
    expect((await m.patch(`/api/users/${me.id}`, { password: STRONG, currentPassword: DEMO_PASSWORD })).statusCode).toBe(200);
    expect((await m.get('/api/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await ctx.anon().post('/api/auth/login', { username: 'zj-member', password: DEMO_PASSWORD })).statusCode).toBe(401);
    expect((await ctx.anon().post('/api/auth/login', { username: 'zj-member', password: STRONG })).statusCode).toBe(200);
  });

  it('imports users all-or-nothing with a row report, and exports without passwords', async () => {
    const zj = await ctx.as('zj-admin');
    const uscc = nextUscc('330106');
    const org = await zj.post('/api/organizations', { name: '示例导入用户公司', uscc, type: 'enterprise', jurisdictionCode: '330000' });
    expect(org.statusCode).toBe(201);
    const header = 'username,displayName,email,organizationUscc,role,password,departmentKind';
    const bad = [
      header,
      `imp-a,甲,a@example.yrd,${uscc},member,${STRONG},`,
      `imp-b,乙,not-an-email,${uscc},member,short,`,
      `imp-a,丙,,${uscc},expert,${STRONG},`,
      `imp-d,丁,,91310000MA00000000,member,${STRONG},`,
    ].join('\n');
    const before = await ctx.snapshot();
    const r = await zj.request('POST', '/api/users/import', { payload: bad, headers: { 'content-type': 'text/csv' } });
    expect(r.statusCode).toBe(422);
    const rows = [...new Set(r.data.errors.map((e: any) => e.row))];
    expect(rows).toEqual([3, 4, 5]);
    expect(await ctx.snapshot()).toEqual(before);
    const good = [header, `imp-a,甲,a@example.yrd,${uscc},member,${STRONG},`, `imp-b,乙,,${uscc},org_admin,${STRONG},`].join('\n');
    const ok = await zj.request('POST', '/api/users/import', { payload: good, headers: { 'content-type': 'text/csv' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.data.imported).toBe(2);
    expect((await ctx.anon().post('/api/auth/login', { username: 'imp-b', password: STRONG })).statusCode).toBe(200);
    const csv = await zj.get('/api/users/export', { query: { format: 'csv', q: 'imp-' } });
    expect(csv.body).toContain('imp-a');
    expect(csv.body).not.toContain(STRONG);
  });
});
