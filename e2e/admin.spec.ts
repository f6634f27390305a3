import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { makeUscc } from '../server/platform/uscc';
import { DEMO_PASSWORD, login, openMenu, pick, useLanguage, waitForList } from './helpers';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

// One run's unique names and codes (the database may be reused between local runs).
const stamp = Date.now();
const tag = stamp.toString(36).slice(-6);
const serial = (n: number) => (Math.floor(stamp / 1000) % 800_000_000) * 8 + n;
const ORG_NAME = `E2E测试量子科技有限公司-${tag}`;
const GOOD_USCC = makeUscc('310115', serial(1));
/** Same code with a wrong check character. */
const BAD_USCC = GOOD_USCC.slice(0, 17) + (GOOD_USCC[17] === '0' ? '1' : '0');
const USERNAME = `e2e-user-${tag}`;
const IMPORT_A = `E2E导入甲-${tag}`;
const IMPORT_B = `E2E导入乙-${tag}`;

/** A file in this test's output folder (Playwright cleans it up). */
function tmpFile(name: string, content: string): string {
  const file = test.info().outputPath(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, 'utf8');
  return file;
}

async function searchOrganizations(page: Page, q: string) {
  const res = waitForList(page, '/organizations', { q });
  await page.getByTestId('org-filter-q').getByRole('searchbox').fill(q);
  await page.getByTestId('org-filter-q').getByRole('searchbox').press('Enter');
  await res;
}

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

let orgId = 0;

test('sh-admin creates an organisation: the wrong check character is shown on the field, then fixed', async ({ page }) => {
  await login(page, 'sh-admin');
  await openMenu(page, 'organizations');
  await expect(page.getByTestId('org-table')).toBeVisible();

  await page.getByTestId('org-create').click();
  await page.getByTestId('org-form-name').fill(ORG_NAME);
  await page.getByTestId('org-form-uscc').fill(BAD_USCC);
  // A Shanghai administrator can only create in Shanghai: the jurisdiction is preset and fixed.
  await expect(page.getByTestId('org-form-jurisdiction')).toContainText('上海市');
  await page.getByTestId('org-form-city').fill('上海');
  await pick(page, 'org-form-tier', 'org-form-tier-opt-high_tech');
  await page.getByTestId('org-form-established').click();
  await page.keyboard.type('2021-06-18');
  await page.keyboard.press('Enter');

  const rejected = page.waitForResponse((r) => r.url().endsWith('/api/organizations') && r.request().method() === 'POST');
  await page.getByTestId('org-form-submit').click();
  const bad = await rejected;
  expect(bad.status()).toBe(400);
  const problem = await bad.json();
  expect(problem.errors.some((e: { field: string }) => e.field.endsWith('uscc'))).toBe(true);
  // The server's message sits on the USCC field.
  await expect(page.getByTestId('org-form')).toContainText('校验位错误');
  await expect(page.getByTestId('org-form-uscc')).toHaveAttribute('aria-invalid', 'true');

  await page.getByTestId('org-form-uscc').fill(GOOD_USCC);
  const created = page.waitForResponse((r) => r.url().endsWith('/api/organizations') && r.request().method() === 'POST');
  await page.getByTestId('org-form-submit').click();
  const ok = await created;
  expect(ok.status()).toBe(201);
  const org = await ok.json();
  orgId = org.id;
  expect(org).toMatchObject({ name: ORG_NAME, uscc: GOOD_USCC, jurisdictionCode: '310000', tier: 'high_tech', establishedOn: '2021-06-18' });
  await expect(page.getByTestId('org-form')).toBeHidden();

  await searchOrganizations(page, tag);
  await expect(page.getByTestId(`org-row-${orgId}`)).toBeVisible();
  await expect(page.getByTestId(`org-row-${orgId}`)).toContainText(GOOD_USCC);
  await expect(page.getByTestId(`org-row-${orgId}`)).toContainText('高新技术企业');
  await expect(page.getByTestId(`org-edit-${orgId}`)).toBeVisible();
});

test('sh-admin creates a user in it and sees the user in the list', async ({ page }) => {
  expect(orgId).toBeGreaterThan(0);
  await login(page, 'sh-admin');
  await openMenu(page, 'users');
  await expect(page.getByTestId('user-table')).toBeVisible();

  await page.getByTestId('user-create').click();
  await page.getByTestId('user-form-username').fill(USERNAME);
  await page.getByTestId('user-form-displayName').fill(`测试用户 ${tag}`);
  await page.getByTestId('user-form-email').fill(`${USERNAME}@example.yrd`);
  await page.getByTestId('user-form-org').click();
  await page.keyboard.type(tag);
  await page.getByTestId(`user-form-org-opt-${orgId}`).click();
  // A jurisdiction admin may not make platform admins; the choice is not offered.
  await page.getByTestId('user-form-role').click();
  await expect(page.getByTestId('user-form-role-opt-platform_admin')).toHaveCount(0);
  await page.getByTestId('user-form-role-opt-org_admin').click();
  // A weak password comes back as a field error from the server.
  await page.getByTestId('user-form-password').fill('short');
  const weak = page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST');
  await page.getByTestId('user-form-submit').click();
  expect((await weak).status()).toBe(400);
  await expect(page.getByTestId('user-form-password')).toHaveAttribute('aria-invalid', 'true');

  await page.getByTestId('user-form-password').fill('E2e-Passw0rd!x');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST');
  await page.getByTestId('user-form-submit').click();
  const res = await created;
  expect(res.status()).toBe(201);
  const user = await res.json();
  expect(user).toMatchObject({ username: USERNAME, organizationId: orgId, role: 'org_admin' });
  await expect(page.getByTestId('user-form')).toBeHidden();

  const listed = waitForList(page, '/users', { q: USERNAME });
  await page.getByTestId('user-filter-q').getByRole('searchbox').fill(USERNAME);
  await page.getByTestId('user-filter-q').getByRole('searchbox').press('Enter');
  await listed;
  await expect(page.getByTestId(`user-row-${user.id}`)).toContainText(ORG_NAME);
  await expect(page.getByTestId(`user-row-${user.id}`)).toContainText('机构管理员');

  // Role filter and sorting by username.
  const byRole = waitForList(page, '/users', { role: 'org_admin' });
  await pick(page, 'user-filter-role', 'user-filter-role-opt-org_admin');
  await byRole;
  await expect(page.getByTestId(`user-row-${user.id}`)).toBeVisible();
  const sorted = waitForList(page, '/users', { sort: 'username' });
  await page
    .getByTestId('user-table')
    .getByRole('columnheader', { name: /用户名/ })
    .click();
  await sorted;

  // Editing sends only what changed.
  await page.getByTestId(`user-edit-${user.id}`).click();
  await expect(page.getByTestId('user-form-username')).toHaveValue(USERNAME);
  await expect(page.getByTestId('user-form-username')).toBeDisabled();
  await page.getByTestId('user-form-displayName').fill(`测试用户改名 ${tag}`);
  const patched = page.waitForResponse((r) => r.url().endsWith(`/api/users/${user.id}`) && r.request().method() === 'PATCH');
  await page.getByTestId('user-form-submit').click();
  const patch = await patched;
  expect(patch.status()).toBe(200);
  expect(JSON.parse(patch.request().postData() ?? '{}')).toEqual({ displayName: `测试用户改名 ${tag}` });
  await expect(page.getByTestId(`user-row-${user.id}`)).toContainText('测试用户改名');

  // The organisation now counts one user, so it cannot be deleted (409, explained).
  await openMenu(page, 'organizations');
  await searchOrganizations(page, tag);
  await expect(page.getByTestId(`org-row-${orgId}`)).toContainText('1');
  await page.getByTestId(`org-delete-${orgId}`).click();
  const deleted = page.waitForResponse((r) => r.url().endsWith(`/api/organizations/${orgId}`) && r.request().method() === 'DELETE');
  await page.getByTestId('org-delete-confirm').click();
  expect((await deleted).status()).toBe(409);
  await expect(page.getByTestId('problem-notification')).toBeVisible();
  await page.screenshot({ path: SHOTS + 'desktop-delete-conflict.png' });
  await expect(page.getByTestId(`org-row-${orgId}`)).toBeVisible();
});

test('sh-admin filters and sorts organisations; nothing outside Shanghai is editable', async ({ page }) => {
  await login(page, 'sh-admin');
  await openMenu(page, 'organizations');

  for (const code of ['320000', '330000', '340000']) {
    const res = waitForList(page, '/organizations', { jurisdiction: code });
    await pick(page, 'org-filter-jurisdiction', `org-filter-jurisdiction-opt-${code}`);
    const body = await (await res).json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((o: { jurisdictionCode: string }) => o.jurisdictionCode === code)).toBe(true);
    await expect(page.getByTestId(/^org-row-/).first()).toBeVisible();
    await expect(page.getByTestId(/^org-edit-/)).toHaveCount(0);
    await expect(page.getByTestId(/^org-delete-/)).toHaveCount(0);
    await expect(page.getByTestId(/^org-readonly-/)).toHaveCount(body.items.length);
  }

  const sh = waitForList(page, '/organizations', { jurisdiction: '310000' });
  await pick(page, 'org-filter-jurisdiction', 'org-filter-jurisdiction-opt-310000');
  const shBody = await (await sh).json();
  await expect(page.getByTestId(/^org-edit-/)).toHaveCount(shBody.items.length);

  // Type filter.
  const ent = waitForList(page, '/organizations', { jurisdiction: '310000', type: 'enterprise' });
  await pick(page, 'org-filter-type', 'org-filter-type-opt-enterprise');
  const entBody = await (await ent).json();
  expect(entBody.items.every((o: { type: string }) => o.type === 'enterprise')).toBe(true);
  await expect(page.getByTestId(`org-row-${orgId}`)).toBeVisible();

  // Sorting: USCC ascending then descending; newest first puts ours on top.
  const header = (name: RegExp) => page.getByTestId('org-table').getByRole('columnheader', { name });
  let res = waitForList(page, '/organizations', { sort: 'uscc' });
  await header(/统一社会信用代码/).click();
  let items: { uscc: string; name: string }[] = (await (await res).json()).items;
  expect(items.map((o) => o.uscc)).toEqual([...items.map((o) => o.uscc)].sort());
  res = waitForList(page, '/organizations', { sort: '-uscc' });
  await header(/统一社会信用代码/).click();
  items = (await (await res).json()).items;
  expect(items.map((o) => o.uscc)).toEqual([...items.map((o) => o.uscc)].sort().reverse());

  res = waitForList(page, '/organizations', { sort: 'createdAt' });
  await header(/创建时间/).click();
  await res;
  res = waitForList(page, '/organizations', { sort: '-createdAt' });
  await header(/创建时间/).click();
  await res;
  await expect(page.getByTestId(/^org-name-/).first()).toHaveText(ORG_NAME);

  res = waitForList(page, '/organizations', { sort: 'name' });
  await header(/机构名称/).click();
  await res;

  // The edit form opens with the organisation's values.
  await page.getByTestId(`org-edit-${orgId}`).click();
  await expect(page.getByTestId('org-form-name')).toHaveValue(ORG_NAME);
  await expect(page.getByTestId('org-form-uscc')).toHaveValue(GOOD_USCC);
  await page.getByTestId('org-form-city').fill('上海浦东');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/organizations/${orgId}`) && r.request().method() === 'PATCH');
  await page.getByTestId('org-form-submit').click();
  const patched = await saved;
  expect(patched.status()).toBe(200);
  expect(JSON.parse(patched.request().postData() ?? '{}')).toEqual({ city: '上海浦东' });
  await expect(page.getByTestId(`org-row-${orgId}`)).toContainText('上海浦东');
});

test('sh-admin imports a CSV: a bad row gives a row report, a good file imports', async ({ page }) => {
  await login(page, 'sh-admin');
  await openMenu(page, 'organizations');
  const header = 'name,uscc,type,jurisdiction,city,tier,departmentKind,establishedOn';
  const goodA = makeUscc('310104', serial(2));
  const goodB = makeUscc('310110', serial(3));
  const badUscc = goodB.slice(0, 17) + (goodB[17] === '0' ? '1' : '0');
  const badCsv = [header, `${IMPORT_A},${goodA},enterprise,上海,上海,tech_sme,,2019-01-01`, `${IMPORT_B},${badUscc},university,上海,上海,,,`].join('\n');
  const goodCsv = [header, `${IMPORT_A},${goodA},enterprise,上海,上海,tech_sme,,2019-01-01`, `${IMPORT_B},${goodB},university,310000,上海,,,`].join('\n');

  await page.getByTestId('org-import').click();
  await expect(page.getByTestId('import-modal')).toBeVisible();
  const dry = page.waitForResponse((r) => r.url().includes('/api/organizations/import?dryRun=true'));
  await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(tmpFile('orgs-bad.csv', badCsv));
  expect((await dry).status()).toBe(422);
  await expect(page.getByTestId('import-failed')).toBeVisible();
  await expect(page.getByTestId('import-errors')).toBeVisible();
  // The column by its template header (issue 15).
  await expect(page.getByTestId('import-error-row-3')).toContainText('统一社会信用代码');
  await expect(page.getByTestId('import-error-row-3')).toContainText('校验位');
  await expect(page.getByTestId('import-error-row-2')).toHaveCount(0);
  await expect(page.getByTestId('import-confirm')).toHaveCount(0);
  await page.screenshot({ path: SHOTS + 'desktop-import-errors.png' });

  await page.getByTestId('import-again').click();
  const dry2 = page.waitForResponse((r) => r.url().includes('/api/organizations/import?dryRun=true'));
  await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(tmpFile('orgs-good.csv', goodCsv));
  expect((await dry2).status()).toBe(200);
  await expect(page.getByTestId('import-ok')).toContainText('2');
  const real = page.waitForResponse((r) => r.url().includes('/api/organizations/import?dryRun=false'));
  await page.getByTestId('import-confirm').click();
  expect((await real).status()).toBe(200);
  await expect(page.getByText('已导入 2 行')).toBeVisible();
  await expect(page.getByTestId('import-modal')).toBeHidden();

  await searchOrganizations(page, `E2E导入`);
  await expect(page.getByTestId('org-table')).toContainText(IMPORT_A);
  await expect(page.getByTestId('org-table')).toContainText(IMPORT_B);
});

test('sh-admin exports organisations and users and downloads the template', async ({ page }) => {
  await login(page, 'sh-admin');
  await openMenu(page, 'organizations');

  await page.getByTestId('org-export').click();
  let download = page.waitForEvent('download');
  await page.getByTestId('org-export-xlsx').click();
  let file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const xlsx = fs.readFileSync(await file.path());
  expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');

  await page.getByTestId('org-export').click();
  download = page.waitForEvent('download');
  await page.getByTestId('org-export-csv').click();
  file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const csv = fs.readFileSync(await file.path(), 'utf8');
  expect(csv).toContain('uscc');
  expect(csv).toContain(ORG_NAME);

  await page.getByTestId('org-template').click();
  download = page.waitForEvent('download');
  await page.getByTestId('org-template-csv').click();
  file = await download;
  expect(file.suggestedFilename()).toMatch(/template.*\.csv$/);

  await openMenu(page, 'users');
  await page.getByTestId('user-export').click();
  download = page.waitForEvent('download');
  await page.getByTestId('user-export-csv').click();
  file = await download;
  const usersCsv = fs.readFileSync(await file.path(), 'utf8');
  expect(usersCsv).toContain(USERNAME);
  expect(usersCsv).not.toMatch(/argon2|password_hash/i);
});

test('admin opens the audit log and sees the entries', async ({ page }) => {
  await login(page, 'admin');
  await openMenu(page, 'audit');
  await expect(page.getByTestId('audit-table')).toBeVisible();
  await expect(page.getByTestId(/^audit-row-/).first()).toBeVisible();

  const res = waitForList(page, '/audit', { entityType: 'organization', entityId: String(orgId) });
  // Drop-downs in words (issue 15); type to narrow the list.
  await page.getByTestId('audit-filter-entityType').click();
  await page.getByTestId('audit-filter-entityType').locator('input').fill('机构');
  await pick(page, 'audit-filter-entityType', 'audit-filter-entityType-opt-organization');
  await page.getByTestId('audit-filter-entityId').fill(String(orgId));
  await page.getByTestId('audit-search').click();
  const body = await (await res).json();
  const actions = body.items.map((e: { action: string }) => e.action);
  expect(actions).toContain('organization.create');
  expect(actions).toContain('organization.update');
  const create = body.items.find((e: { action: string }) => e.action === 'organization.create');
  const row = page.getByTestId(`audit-row-${create.seq}`);
  await expect(row).toContainText('新建机构');
  await expect(row).toContainText('sh-admin');
  await row.getByRole('button', { name: /展开|Expand/ }).click();
  await expect(page.getByTestId(`audit-change-${create.seq}`)).toContainText(ORG_NAME);
  await expect(page.getByTestId(`audit-hash-${create.seq}`)).toContainText(create.hash.slice(0, 16));

  // The platform admin can re-check the whole hash chain.
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-result')).toContainText('哈希链完整');

  // Actor filter.
  const byActor = waitForList(page, '/audit', { actor: 'sh-admin' });
  await page.getByTestId('audit-reset').click();
  await page.getByTestId('audit-filter-actor').click();
  await page.getByTestId('audit-filter-actor').locator('input').fill('sh-admin');
  await pick(page, 'audit-filter-actor', 'audit-filter-actor-opt-sh-admin');
  await page.getByTestId('audit-search').click();
  const actorBody = await (await byActor).json();
  expect(actorBody.total).toBeGreaterThan(0);
});

test('sh-admin sees only Shanghai in the audit log', async ({ page }) => {
  await login(page, 'sh-admin');
  const res = waitForList(page, '/audit');
  await openMenu(page, 'audit');
  const body = await (await res).json();
  await expect(page.getByTestId('audit-scope')).toContainText('上海市');
  expect(body.items.every((e: { jurisdictionCode: string | null }) => e.jurisdictionCode === '310000')).toBe(true);
});

test('API tokens: create shows the token once, copy, revoke', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await login(page, 'sh-member');
  await openMenu(page, 'tokens');
  await page.getByTestId('token-create').click();
  await page.getByTestId('token-form-name').fill(`e2e ${tag}`);
  await page.getByTestId('token-form-days').fill('30');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/tokens') && r.request().method() === 'POST');
  await page.getByTestId('token-form-submit').click();
  const tok = await (await created).json();
  await expect(page.getByTestId('token-value')).toHaveValue(tok.token);
  await page.getByTestId('token-copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(tok.token);

  // The token works for the API.
  const me = await request.get('/api/auth/me', { headers: { Authorization: `Bearer ${tok.token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).user).toMatchObject({ username: 'sh-member', via: 'token' });

  await page.getByTestId('token-created-close').click();
  await expect(page.getByTestId('token-value')).toHaveCount(0);
  await expect(page.getByTestId(`token-row-${tok.id}`)).toContainText(tok.prefix);
  await page.getByTestId(`token-revoke-${tok.id}`).click();
  await page.getByTestId('token-revoke-confirm').click();
  await expect(page.getByTestId(`token-state-${tok.id}`)).toHaveText('已吊销');
});

test('zj-admin unlocks a member locked out by failed sign-ins', async ({ page, request }) => {
  // Five wrong passwords lock the account (LOGIN_MAX_FAILURES, default 5).
  let last = 0;
  for (let i = 0; i < 5; i++) {
    const r = await request.post('/api/auth/login', { data: { username: 'zj-member', password: 'not-the-password' } });
    last = r.status();
  }
  expect([401, 423]).toContain(last);
  const locked = await request.post('/api/auth/login', { data: { username: 'zj-member', password: DEMO_PASSWORD } });
  expect(locked.status()).toBe(423);

  await login(page, 'zj-admin');
  await openMenu(page, 'users');
  const res = waitForList(page, '/users', { q: 'zj-member' });
  await page.getByTestId('user-filter-q').getByRole('searchbox').fill('zj-member');
  await page.getByTestId('user-filter-q').getByRole('searchbox').press('Enter');
  const body = await (await res).json();
  const member = body.items.find((u: { username: string }) => u.username === 'zj-member');
  expect(member.lockedUntil).toBeTruthy();
  await expect(page.getByTestId(`user-locked-${member.id}`)).toBeVisible();
  const unlocked = page.waitForResponse((r) => r.url().endsWith(`/api/users/${member.id}/unlock`));
  await page.getByTestId(`user-unlock-${member.id}`).click();
  expect((await unlocked).status()).toBe(200);
  await expect(page.getByTestId(`user-locked-${member.id}`)).toHaveCount(0);
  await expect(page.getByTestId(`user-unlock-${member.id}`)).toHaveCount(0);

  const again = await request.post('/api/auth/login', { data: { username: 'zj-member', password: DEMO_PASSWORD } });
  expect(again.status()).toBe(200);
});

test('zj-org-admin may edit only their own organisation and sees only its users', async ({ page }) => {
  await login(page, 'zj-org-admin');
  const me = (await (await page.request.get('/api/auth/me')).json()).user;
  await openMenu(page, 'organizations');
  await expect(page.getByTestId('org-table')).toBeVisible();
  await expect(page.getByTestId('org-create')).toHaveCount(0);
  await expect(page.getByTestId('org-import')).toHaveCount(0);

  const res = waitForList(page, '/organizations', { jurisdiction: '330000' });
  await pick(page, 'org-filter-jurisdiction', 'org-filter-jurisdiction-opt-330000');
  await res;
  await expect(page.getByTestId(/^org-edit-/)).toHaveCount(1);
  await expect(page.getByTestId(`org-edit-${me.organization.id}`)).toBeVisible();
  await expect(page.getByTestId(/^org-delete-/)).toHaveCount(0);

  // Their own organisation's identity fields are the administrators' to change.
  await page.getByTestId(`org-edit-${me.organization.id}`).click();
  await expect(page.getByTestId('org-form-uscc')).toBeDisabled();
  await expect(page.getByTestId('org-form-status')).toHaveCount(0);
  await page.getByTestId('org-form-cancel').click();

  const users = waitForList(page, '/users');
  await openMenu(page, 'users');
  const body = await (await users).json();
  expect(body.total).toBeGreaterThan(0);
  expect(body.items.every((u: { organizationId: number }) => u.organizationId === me.organization.id)).toBe(true);
  // New users go into their own organisation, with the roles an org admin may grant.
  await page.getByTestId('user-create').click();
  await expect(page.getByTestId('user-form-org')).toContainText(me.organization.name);
  await page.getByTestId('user-form-role').click();
  await expect(page.getByTestId('user-form-role-opt-member')).toBeVisible();
  await expect(page.getByTestId('user-form-role-opt-jurisdiction_admin')).toHaveCount(0);
  await expect(page.getByTestId('user-form-role-opt-platform_admin')).toHaveCount(0);
});
