import { expect, test } from '@playwright/test';
import { login, logout, MENU_KEYS, useLanguage, type MenuKey } from './helpers';

// Which menu entries each demo role gets (and nothing else).
const CASES: { username: string; role: string; menu: MenuKey[] }[] = [
  { username: 'admin', role: '平台管理员', menu: ['home', 'resources', 'resourcesManage', 'organizations', 'users', 'audit', 'tokens'] },
  { username: 'sh-admin', role: '辖区管理员', menu: ['home', 'resources', 'organizations', 'users', 'audit', 'tokens'] },
  { username: 'zj-org-admin', role: '机构管理员', menu: ['home', 'resources', 'bookings', 'resourcesManage', 'organizations', 'users', 'tokens'] },
  { username: 'sh-member', role: '机构成员', menu: ['home', 'resources', 'bookings', 'tokens'] },
  { username: 'js-expert', role: '评审专家', menu: ['home', 'resources', 'bookings', 'tokens'] },
];

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

for (const c of CASES) {
  test(`${c.username} sees exactly ${c.menu.join(', ')}`, async ({ page }) => {
    await login(page, c.username);
    for (const key of MENU_KEYS) {
      if (c.menu.includes(key)) await expect(page.getByTestId(`menu-${key}`), `menu-${key}`).toBeVisible();
      else await expect(page.getByTestId(`menu-${key}`), `menu-${key}`).toHaveCount(0);
    }
    await expect(page.getByTestId('header-user-role')).toContainText(c.role);
    await expect(page.getByTestId('home-page')).toBeVisible();
    // The home page explains this role and links only to pages the role may open.
    await expect(page.getByTestId('home-role-summary')).not.toBeEmpty();
    for (const key of MENU_KEYS.filter((k) => k !== 'home')) {
      await expect(page.getByTestId(`home-link-${key}`)).toHaveCount(c.menu.includes(key) ? 1 : 0);
    }
    if (!c.menu.includes('audit')) {
      // Going to a page the role may not use by its address shows "not allowed", not the page.
      await page.goto('/audit');
      await expect(page.getByTestId('page-forbidden')).toBeVisible();
      await expect(page.getByTestId('audit-table')).toHaveCount(0);
    }
    await logout(page);
    // Signed out for real: a protected page sends us back to sign-in.
    await page.goto('/tokens');
    await expect(page.getByTestId('login-username')).toBeVisible();
  });
}

test('the jurisdiction admin home page names the jurisdiction', async ({ page }) => {
  await login(page, 'sh-admin');
  await expect(page.getByTestId('home-role-card-jurisdiction_admin')).toContainText('上海市');
  await expect(page.getByTestId('home-administers')).toHaveText('上海市');
});

test('language switch: menu labels, server errors and persistence', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByTestId('menu-organizations')).toHaveText('机构管理');
  await expect(page.getByTestId('menu-users')).toHaveText('用户管理');
  await expect(page.getByTestId('menu-audit')).toHaveText('审计日志');
  await expect(page.getByTestId('menu-tokens')).toHaveText('API 令牌');
  await expect(page.getByTestId('menu-home')).toHaveText('首页');

  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('menu-organizations')).toHaveText('Organisations');
  await expect(page.getByTestId('menu-users')).toHaveText('Users');
  await expect(page.getByTestId('menu-audit')).toHaveText('Audit log');
  await expect(page.getByTestId('menu-tokens')).toHaveText('API tokens');
  await expect(page.getByTestId('menu-home')).toHaveText('Home');
  await expect(page.getByTestId('header-user-role')).toHaveText('Platform admin');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Kept across reloads.
  await page.reload();
  await expect(page.getByTestId('menu-organizations')).toHaveText('Organisations');

  // Server errors come back in the UI language.
  await logout(page);
  await expect(page.getByTestId('login-submit')).toHaveText(/Sign in/);
  await page.getByTestId('login-username').fill('no-such-user-e2e');
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error-title')).toHaveText('Wrong username or password');

  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('login-submit')).toHaveText(/登\s*录/);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error-title')).toHaveText('用户名或密码错误');
});
