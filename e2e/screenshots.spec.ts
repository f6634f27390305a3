import { expect, test } from '@playwright/test';
import { login, noSidewaysScroll, shoot, useLanguage } from './helpers';

// Screenshots of every page at desktop and phone width into e2e/screenshots/ (gitignored), for
// people to look at; the test also checks that nothing overflows the page sideways.

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

const PAGES = [
  { name: 'home', path: '/', ready: 'home-page' },
  { name: 'organizations', path: '/organizations', ready: 'org-table' },
  { name: 'users', path: '/users', ready: 'user-table' },
  { name: 'audit', path: '/audit', ready: 'audit-table' },
  { name: 'tokens', path: '/tokens', ready: 'token-table' },
] as const;

for (const vp of VIEWPORTS) {
  test.describe(`screenshots ${vp.name}`, () => {
    test.use({ viewport: vp.viewport });

    test(`all pages at ${vp.viewport.width}×${vp.viewport.height}`, async ({ page }) => {
      await useLanguage(page, 'zh');
      await page.goto('/login');
      await expect(page.getByTestId('login-submit')).toBeVisible();
      await shoot(page, `${vp.name}-login`);
      await noSidewaysScroll(page);

      await login(page, 'admin');
      for (const p of PAGES) {
        await page.goto(p.path);
        await expect(page.getByTestId(p.ready)).toBeVisible();
        await shoot(page, `${vp.name}-${p.name}`);
        await noSidewaysScroll(page);
      }

      if (vp.name === 'phone') {
        // The menu lives in a drawer behind the hamburger.
        await expect(page.getByTestId('menu-toggle')).toBeVisible();
        await expect(page.getByTestId('menu-organizations')).toHaveCount(0);
        await page.getByTestId('menu-toggle').click();
        await expect(page.getByTestId('menu-organizations')).toBeVisible();
        await shoot(page, `${vp.name}-menu`, false);
        await page.getByTestId('menu-organizations').click();
        await expect(page.getByTestId('org-table')).toBeVisible();
        await expect(page.getByTestId('menu-organizations')).toBeHidden();
        // A form in a modal.
        await page.getByTestId('org-create').click();
        await expect(page.getByTestId('org-form')).toBeVisible();
        await shoot(page, `${vp.name}-org-form`, false);
      } else {
        await page.getByTestId('menu-organizations').click();
        await page.getByTestId('org-create').click();
        await expect(page.getByTestId('org-form')).toBeVisible();
        await shoot(page, `${vp.name}-org-form`, false);
        await page.getByTestId('org-form-cancel').click();
        await page.getByTestId('menu-users').click();
        await page.getByTestId('user-create').click();
        await expect(page.getByTestId('user-form')).toBeVisible();
        await shoot(page, `${vp.name}-user-form`, false);
        await page.getByTestId('user-form-cancel').click();
        await page.getByTestId('menu-organizations').click();
        // English.
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('menu-organizations')).toHaveText('Organisations');
        await shoot(page, `${vp.name}-organizations-en`);
        await page.getByTestId('menu-home').click();
        await shoot(page, `${vp.name}-home-en`);
      }
    });
  });
}
