import { expect, test, type Page } from '@playwright/test';
import { login, logout, noSidewaysScroll, shoot, shootBoth, useLanguage } from './helpers';
import { makeUscc } from '../server/platform/uscc';

// Accounts (issue 15): an organisation registers itself, its jurisdiction's admin approves, the
// new admin signs in; an org admin invites a member by link; a forgotten password is asked for.
// (The reset link itself is read from the outbox in the API tests: the browser has no mailbox.)

const serial = Date.now() % 1_000_000_000;
const PASSWORD = 'Register#2026ok';

/** Latin words of four letters or more that the layout wraps in the middle, with their text. */
function wordsCutAcrossLines(): string[] {
  const out: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent ?? '';
    for (const m of text.matchAll(/[A-Za-z]{4,}/g)) {
      const r = document.createRange();
      r.setStart(n, m.index!);
      r.setEnd(n, m.index! + m[0].length);
      const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
      if (tops.size > 1) out.push(`${m[0]} in “${text.slice(0, 60)}”`);
    }
  }
  return out;
}

async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-item-option[title="${label}"]`).click();
}

test.describe('accounts', () => {
  test('register an organisation → the jurisdiction admin approves → the new admin signs in', async ({ page }) => {
    await useLanguage(page, 'zh');
    const name = `苏州示例自助注册科技有限公司 ${serial}`;
    const username = `e2e-reg-${serial}`;
    await page.goto('/login');
    await page.getByTestId('login-register').click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.getByTestId('reg-submit')).toBeVisible();
    await shootBoth(page, 'accounts', 'register');

    await page.getByTestId('reg-uscc').fill(makeUscc('320500', serial));
    await page.getByTestId('reg-org-name').fill(name);
    await choose(page, 'reg-org-type', '企业');
    await choose(page, 'reg-jurisdiction', '江苏省');
    await page.getByTestId('reg-contact-name').fill('注册示例人');
    await page.getByTestId('reg-contact-phone').fill('0512-6666 0000');
    await page.getByTestId('reg-contact-email').fill(`reg${serial}@example.test`);
    // A taken username is put on its field (409 naming it).
    await page.getByTestId('reg-username').fill('js-admin');
    await page.getByTestId('reg-password').fill(PASSWORD);
    await page.getByTestId('reg-confirm').fill(PASSWORD);
    await page.getByTestId('reg-submit').click();
    await expect(page.getByText('用户名已被使用').first()).toBeVisible();
    await page.getByTestId('reg-username').fill(username);
    await page.getByTestId('reg-submit').click();
    await expect(page.getByTestId('register-done')).toBeVisible();
    await expect(page.getByText(username, { exact: false })).toBeVisible();

    // Pending: the sign-in says so.
    await page.goto('/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error-title')).toHaveText('账号正在等待审核');
    await expect(page.getByTestId('login-error-detail')).toContainText('江苏');

    await login(page, 'js-admin');
    await page.getByTestId('menu-registrations').click();
    await expect(page.getByTestId('reg-table')).toBeVisible();
    const row = page.locator('[data-testid^="reg-row-"]', { hasText: name });
    await expect(row).toBeVisible();
    await shootBoth(page, 'accounts', 'registrations');
    await row.locator('[data-testid^="reg-approve-"]').click();
    await page.getByTestId('reg-approve-confirm').click();
    await expect(row).toBeHidden();
    await logout(page);

    await login(page, username, PASSWORD);
    await expect(page.getByTestId('menu-users')).toBeVisible();
  });

  test('an org admin invites a member by link; the invitee joins and signs in', async ({ page }) => {
    await useLanguage(page, 'zh');
    await login(page, 'sh-org-admin');
    await page.getByTestId('menu-users').click();
    await expect(page.getByTestId('invitations-card')).toBeVisible();
    await page.getByTestId('invite-open').click();
    await page.getByTestId('invite-email').fill(`inv${serial}@example.test`);
    await page.getByTestId('invite-send').click();
    const link = (await page.getByTestId('invite-link').textContent()) ?? '';
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid^="invitation-state-"]').first()).toHaveText('待接受');
    await shoot(page, 'desktop-accounts-invitations');
    // Opened by someone still signed in, the page works too (it fetches the session's CSRF token).
    await page.goto(new URL(link).pathname);
    await expect(page.getByTestId('invite-intro')).toBeVisible();
    await page.goto('/users');
    await logout(page);

    const username = `e2e-inv-${serial}`;
    await page.goto(new URL(link).pathname);
    await expect(page.getByTestId('invite-intro')).toContainText(`inv${serial}@example.test`);
    await page.getByTestId('invite-username').fill(username);
    await page.getByTestId('invite-display-name').fill('受邀示例成员');
    await page.getByTestId('invite-password').fill(PASSWORD);
    await page.getByTestId('invite-confirm').fill(PASSWORD);
    await page.getByTestId('invite-submit').click();
    await expect(page.getByTestId('invite-done')).toBeVisible();
    // The link works once.
    await page.goto(new URL(link).pathname);
    await expect(page.getByTestId('invite-problem')).toHaveText('链接已使用');
    await login(page, username, PASSWORD);
  });

  test('forgot password: the same answer for any address; a bad link is said so', async ({ page }) => {
    await useLanguage(page, 'en');
    await page.goto('/login');
    await page.getByTestId('login-forgot').click();
    await page.getByTestId('forgot-email').fill('nobody@example.test');
    await page.getByTestId('forgot-submit').click();
    await expect(page.getByTestId('forgot-done')).toHaveText('Check your mail');
    await page.goto('/reset-password/' + 'A'.repeat(43));
    await page.getByTestId('reset-password').fill(PASSWORD);
    await page.getByTestId('reset-confirm').fill(PASSWORD);
    await page.getByTestId('reset-submit').click();
    await expect(page.getByTestId('reset-link-problem')).toHaveText('The link is not valid');
  });

  test('English wraps at word boundaries: no word is cut across lines (phone and desktop width)', async ({ page }) => {
    // Before the fix, zj-admin's home page showed "Zhejia|ng" (Ant Design's word-break: break-word).
    await useLanguage(page, 'en');
    await login(page, 'zj-admin');
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of ['/', '/organizations', '/users', '/organizations/registrations']) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(wordsCutAcrossLines), `${path} at ${width} px`).toEqual([]);
      }
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/organizations');
    await shoot(page, 'phone-accounts-organizations-en');
    await noSidewaysScroll(page);
    await page.context().clearCookies();
    await page.goto('/register');
    await expect(page.getByTestId('reg-submit')).toBeVisible();
    await shoot(page, 'phone-accounts-register-en');
    await noSidewaysScroll(page);
  });
});
