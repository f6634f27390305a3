// Accessibility (GB/T 37668-2019, WCAG 2.1 AA): every page of the app — each route of
// web/src/app/routes.tsx, read from the file so a new page is checked without touching this one —
// as a demo user who may see it, plus the sign-in page, at desktop width and a few at phone width;
// axe-core must find no serious or critical WCAG 2.1 A/AA violation. A detail page (`/…/:id`) is
// opened through the first link to one on its list page.
import fs from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { a11yViolations, describeViolations, expectAccessible, login, useLanguage, type A11yViolation } from './helpers';

const ROUTES_FILE = new URL('../web/src/app/routes.tsx', import.meta.url);
const routePaths = [...fs.readFileSync(ROUTES_FILE, 'utf8').matchAll(/path:\s*'([^']+)'/g)].map((m) => m[1]);

/** Who looks at a page: the platform admin unless the page is for someone else (the menu decides by role). */
const VIEWER: Record<string, string> = {
  '/bookings': 'sh-member',
  '/vouchers/wallet': 'sh-org-admin',
  '/vouchers/provider-desk': 'sh-svc-admin',
  '/research/reviews': 'js-expert',
  '/research/reviews/:id': 'js-expert',
  '/research/expert-profile': 'js-expert',
  '/market/portfolio': 'sh-org-admin',
};
/** Where a detail page's link is found when it is not the list one segment up. */
const LIST_OF: Record<string, string> = {
  '/market/results/:id': '/market',
  '/market/demands/:id': '/market?tab=demands',
};
/** Pages also checked at phone width (390 × 844). */
const PHONE = new Set(['/', '/resources', '/resources/:id', '/bookings', '/market', '/vouchers/wallet']);

const viewerOf = (p: string) => VIEWER[p] ?? 'admin';

/** The address of a route: itself, or for `/…/:id` the first link to such a page on its list. */
async function addressOf(page: Page, routePath: string): Promise<string | null> {
  if (!routePath.includes(':id')) return routePath;
  const prefix = routePath.slice(0, routePath.indexOf(':id'));
  const list = LIST_OF[routePath] ?? prefix.replace(/\/$/, '');
  await page.goto(list);
  // The first link to a page of this kind once the list has loaded (the menu's links do not count).
  const found = await page
    .waitForFunction(
      (pre) => {
        const re = new RegExp(`^${pre.replace(/[/]/g, '\\/')}\\d+$`);
        return [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '').find((h) => re.test(h)) ?? null;
      },
      prefix,
      { timeout: 15_000 },
    )
    .then((h) => h.jsonValue())
    .catch(() => null);
  return found;
}

const byViewer = new Map<string, string[]>();
for (const p of routePaths) byViewer.set(viewerOf(p), [...(byViewer.get(viewerOf(p)) ?? []), p]);

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

test('the sign-in page, desktop and phone', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-username')).toBeVisible();
  await expectAccessible(page, '/login (desktop)', { soft: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, '/login (phone)', { soft: true });
  // A wrong password shows the error: that state too.
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expectAccessible(page, '/login (error)', { soft: true });
});

for (const [viewer, paths] of byViewer) {
  test(`${viewer}: ${paths.length} pages`, async ({ page }) => {
    test.setTimeout(60_000 + paths.length * 25_000);
    await login(page, viewer);
    const report: string[] = [];
    for (const routePath of paths) {
      const address = await addressOf(page, routePath);
      if (!address) {
        // The demo holds no such record (e.g. no settlement has been drawn up yet): said, not failed.
        test.info().annotations.push({ type: 'not checked', description: `${routePath}: no record of this kind in the demo data` });
        report.push(`${routePath}: not checked (no record in the demo data)`);
        continue;
      }
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(address);
      await expect(page.getByTestId('page-forbidden'), `${viewer} may see ${routePath}`).toHaveCount(0);
      await expect(page.getByTestId('page-not-found')).toHaveCount(0);
      const sizes: Array<[string, { width: number; height: number }]> = [['desktop', { width: 1366, height: 900 }]];
      if (PHONE.has(routePath)) sizes.push(['phone', { width: 390, height: 844 }]);
      for (const [label, size] of sizes) {
        await page.setViewportSize(size);
        const violations: A11yViolation[] = await a11yViolations(page);
        const nodes = violations.reduce((n, v) => n + v.targets.length, 0);
        report.push(`${routePath} [${label}] ${address}: ${nodes} nodes${violations.length ? ` (${violations.map((v) => v.id).join(', ')})` : ''}`);
        expect.soft(violations, describeViolations(`${routePath} [${label}] as ${viewer}`, violations)).toEqual([]);
      }
    }
    console.log(`a11y as ${viewer}:\n  ${report.join('\n  ')}`);
  });
}

/** The pages a visitor sees without signing in: the public portal and the account pages beside the sign-in. */
const SIGNED_OUT = [
  '/',
  '/resources',
  '/resources/:id',
  '/market',
  '/market/results/:id',
  '/market/open-licences',
  '/research/calls',
  '/research/calls/:id',
  '/providers',
  '/register',
  '/forgot-password',
];

test(`signed out: ${SIGNED_OUT.length} public pages, desktop and phone`, async ({ page }) => {
  test.setTimeout(60_000 + SIGNED_OUT.length * 25_000);
  const report: string[] = [];
  for (const routePath of SIGNED_OUT) {
    const address = await addressOf(page, routePath);
    if (!address) {
      test.info().annotations.push({ type: 'not checked', description: `${routePath} (signed out): no record of this kind in the demo data` });
      continue;
    }
    for (const [label, size] of [
      ['desktop', { width: 1366, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(size);
      await page.goto(address);
      // The page has drawn its heading (the portal's pages and the account forms all have one).
      await expect(page.locator('h1, h2, h3').filter({ visible: true }).first()).toBeVisible();
      const violations = await a11yViolations(page);
      const nodes = violations.reduce((n, v) => n + v.targets.length, 0);
      report.push(`${routePath} [${label}] ${address}: ${nodes} nodes${violations.length ? ` (${violations.map((v) => v.id).join(', ')})` : ''}`);
      expect.soft(violations, describeViolations(`${routePath} [${label}] signed out`, violations)).toEqual([]);
    }
  }
  console.log(`a11y signed out:\n  ${report.join('\n  ')}`);
});
