// What issue 12 changed, as people meet it in the browser, with the content security policy in
// force on every page (a violation fails the journey):
//   (a) a member changes their own password: the current one is asked for and the form says the
//       other sessions end and the API tokens are revoked; the other session is signed out;
//   (b) an organisation admin sees the tier and founding date as the jurisdiction's to set;
//   (c) a Zhejiang enterprise sees which programmes it may apply to (a Shanghai one is not for it);
//   (d) a Shanghai market registers its import source, a Shanghai enterprise accepts links from it
//       under its portfolio, and the market's batch naming the enterprise as owner is imported.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, apiGet, apiPost, login, noSidewaysScroll, shoot, signOut, useLanguage } from './helpers';

const tag = Date.now().toString(36).slice(-6);
const USER = `e2e-pw-${tag}`;
const FIRST = 'Kexie#2026ab';
const SECOND = 'Anders#2027cd';
const SOURCE = `e2e-sh-${tag}`;

let violations: string[] = [];
test.describe.configure({ mode: 'serial' });
test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
  violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
});
test.afterEach(() => {
  expect(violations, 'no content-security-policy violation on any page').toEqual([]);
});

test('(a) a member changes their own password: the current one is asked for; other sessions end', async ({ page, browser }) => {
  await login(page, 'sh-admin');
  const org = await apiGet<{ items: Array<{ id: number }> }>(page, '/organizations?q=%E7%A4%BA%E4%BE%8B%E9%87%8F%E5%AD%90%E7%B2%BE%E5%AF%86&pageSize=1');
  expect(
    (
      await apiPost(page, '/users', {
        username: USER,
        displayName: `口令演示（示例）${tag}`,
        organizationId: org.items[0].id,
        role: 'member',
        password: FIRST,
      })
    ).status,
  ).toBe(201);
  await signOut(page);

  // A second browser signed in as the same person.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const elsewhere = await other.newPage();
  await login(elsewhere, USER, FIRST);

  await login(page, USER, FIRST);
  // Everyone changes their own password from the header (members have no Users page).
  await page.getByTestId('change-password').click();
  await expect(page.getByTestId('password-effect')).toContainText('其他浏览器和设备上的登录将被注销');
  await page.getByTestId('password-current').fill('Wrong#2026xyz');
  await page.getByTestId('password-new').fill(SECOND);
  await page.getByTestId('password-confirm').fill(SECOND);
  await page.getByTestId('password-submit').click();
  await expect(page.getByText('当前密码不正确')).toBeVisible();
  await shoot(page, 'desktop-security-password-change');
  await page.getByTestId('password-current').fill(FIRST);
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('password-form')).toBeHidden();
  await expect(page.getByText('其他登录已注销')).toBeVisible();

  // This session goes on; the other one is over.
  await page.reload();
  await expect(page.getByTestId('menu-home').or(page.getByTestId('menu-toggle'))).toBeVisible();
  const status = await elsewhere.evaluate(async () => (await fetch('/api/auth/me')).status);
  expect(status).toBe(401);
  await other.close();
  await signOut(page);
  await login(page, USER, SECOND);
});

test('(b) an organisation admin sees tier and founding date as the jurisdiction’s to set', async ({ page }) => {
  await login(page, 'zj-org-admin');
  await page.goto('/organizations');
  await page
    .getByTestId(/^org-edit-/)
    .first()
    .click();
  await expect(page.getByTestId('org-form-tier')).toHaveClass(/disabled/);
  await expect(page.getByTestId('org-form-established')).toBeDisabled();
  await expect(page.getByTestId('org-form-uscc')).toBeDisabled();
  await expect(page.getByText('由所在辖区的科技管理部门核定').first()).toBeVisible();
  await shoot(page, 'desktop-security-org-locked');
});

test('(c) a Zhejiang enterprise sees which programmes it may apply to', async ({ page }) => {
  await login(page, 'zj-org-admin');
  await page.goto('/vouchers/wallet?tab=programs');
  const programs = await apiGet<{ items: Array<{ id: number; jurisdictionCode: string; applicantJurisdictions: string[] }> }>(
    page,
    '/voucher-programs?status=active&pageSize=50',
  );
  const sh = programs.items.find((p) => p.jurisdictionCode === '310000' && !p.applicantJurisdictions.includes('330000'))!;
  const zj = programs.items.find((p) => p.applicantJurisdictions.includes('330000'))!;
  await expect(page.getByTestId(`program-apply-${sh.id}`)).toBeDisabled();
  await expect(page.getByTestId(`program-apply-${zj.id}`)).toBeEnabled();
  await page.getByTestId(`program-apply-${sh.id}`).hover({ force: true });
  await shoot(page, 'desktop-security-programmes');
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'phone-security-programmes');
  await noSidewaysScroll(page);
});

test('(d) a market registers its source; an enterprise accepts links from it; the market’s batch links the enterprise', async ({ page }) => {
  await login(page, 'sh-svc-admin');
  await page.goto('/market/interconnect');
  await page.getByTestId('interconnect-source-new').fill(SOURCE);
  await page.getByTestId('interconnect-source-register').click();
  await expect(page.getByTestId(`interconnect-source-row-${SOURCE}`)).toBeVisible();
  await shoot(page, 'desktop-security-sources');
  await signOut(page);

  await login(page, 'sh-org-admin');
  await page.goto('/market/portfolio?tab=sources');
  await page.getByTestId('source-links-input').fill(SOURCE);
  await page.getByTestId('source-links-accept').click();
  await expect(page.getByTestId(`source-link-row-${SOURCE}`)).toBeVisible();
  const me = await apiGet<{ user: { organization: { id: number } } }>(page, '/auth/me');
  const org = await apiGet<{ uscc: string }>(page, `/organizations/${me.user.organization.id}`);
  await shoot(page, 'desktop-security-source-links');
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'phone-security-source-links');
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 1366, height: 900 });
  // Back at desktop width: wait for the side menu before signing out from the header.
  await expect(page.getByTestId('sider')).toBeVisible();
  await signOut(page);

  await login(page, 'sh-svc-admin');
  await page.goto('/market/interconnect');
  await page.getByTestId(`interconnect-source-use-${SOURCE}`).click();
  await expect(page.getByTestId('interconnect-source')).toHaveValue(SOURCE);
  const row = {
    externalId: `SEC-${tag}`,
    kind: 'demand',
    title: `导入需求（关联本企业）${tag}`,
    problem: '在线检测节拍需小于 1 秒（示例）。',
    jurisdictionCode: '310000',
    ownerName: '示例量子精密仪器（上海）有限公司',
    ownerUscc: org.uscc,
  };
  await page.getByTestId('interconnect-json').fill(JSON.stringify([row], null, 2));
  await page.getByTestId('interconnect-submit').click();
  await expect(page.getByTestId('interconnect-report')).toBeVisible();
  await expect(page.getByTestId('interconnect-created')).toContainText('1');
  // A row of another jurisdiction is refused by name.
  await page
    .getByTestId('interconnect-json')
    .fill(JSON.stringify([{ ...row, externalId: `SEC-${tag}-2`, jurisdictionCode: '330000', ownerUscc: undefined }], null, 2));
  await page.getByTestId('interconnect-submit').click();
  await expect(page.getByTestId('interconnect-error-row-1')).toContainText('只能导入本辖区');
  await shoot(page, 'desktop-security-import-jurisdiction');
});

test('(e) sign-in: the try that locks the account says so, in Beijing time', async ({ page }) => {
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('login-username').fill('nobody-e2e-' + tag);
    await page.getByTestId('login-password').fill('Wrong#2026xyz');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByTestId('login-submit').click();
    await answered;
    await expect(page.getByTestId('login-error')).toBeVisible();
  }
  // The fifth failure itself warns (423 account-now-locked), for a name without an account as for one with.
  await expect(page.getByTestId('login-error-detail')).toContainText('现已锁定');
  await expect(page.getByTestId('login-error-detail')).toContainText('北京时间');
  await shoot(page, 'desktop-security-login-locked');
  void DEMO_PASSWORD;
});
