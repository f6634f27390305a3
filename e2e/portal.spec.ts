import zlib from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_PASSWORD, noSidewaysScroll, shoot, useLanguage } from './helpers';

// The public portal (issue 15): a visitor who is not signed in opens /, sees the regional
// overview and the map, browses the catalogue and a resource, the market and a result, a call;
// booking asks to sign in and comes back to the resource. Screenshots at desktop and phone width.

/** Gzipped size of the JavaScript the page loads, without the lazily loaded map (ECharts and the outlines). */
function jsBudget(page: Page) {
  const sizes = new Map<string, number>();
  page.on('response', async (res) => {
    const url = res.url();
    if (!/\.js(\?|$)/.test(url) || /echarts|RegionMap/.test(url)) return;
    try {
      sizes.set(url, zlib.gzipSync(await res.body()).length);
    } catch {
      /* a response without a body */
    }
  });
  return () => [...sizes.values()].reduce((a, b) => a + b, 0);
}

/** No serious or critical WCAG 2 A/AA violation on the page (axe-core). */
async function seriousA11y(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
  ).toEqual([]);
}

test('an anonymous visitor browses the portal, books, signs in and comes back', async ({ page }) => {
  await useLanguage(page, 'zh');
  const jsBytes = jsBudget(page);
  await page.goto('/');
  await expect(page.getByTestId('portal-home')).toBeVisible();
  // The regional overview: totals, the table of the four jurisdictions, the map.
  await expect(page.getByTestId('portal-totals')).toContainText('共享资源');
  await expect(page.getByTestId('portal-region-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('portal-region-table')).toContainText('浙江省');
  await expect(page.getByTestId('portal-map').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('portal-sign-in')).toBeVisible();
  await expect(page.getByTestId('portal-register')).toHaveAttribute('href', '/register');
  await page.waitForLoadState('networkidle');
  // The first page stays light: no Ant Design in it, ≤ 300 KB of gzipped JavaScript (the map loads after).
  const first = jsBytes();
  console.log(`portal first route: ${(first / 1024).toFixed(1)} KB gzip JS (without the lazy map)`);
  expect(first).toBeLessThan(300 * 1024);
  await shoot(page, 'portal-desktop-home');
  await seriousA11y(page);

  // The catalogue: search, demo data marked, a resource page.
  await page.getByTestId('portal-nav-resources').click();
  await expect(page.getByTestId('portal-catalogue')).toBeVisible();
  await page.getByTestId('portal-catalogue-q').fill('质谱');
  await page.getByTestId('portal-catalogue-q').press('Enter');
  await expect(page).toHaveURL(/\/resources\?q=/);
  const card = page.getByTestId('portal-resource-card').first();
  await expect(card).toBeVisible();
  await expect(card.getByTestId('demo-tag')).toBeVisible();
  await shoot(page, 'portal-desktop-catalogue');
  await card.getByRole('link').click();
  await expect(page.getByTestId('portal-resource')).toBeVisible();
  const resourceUrl = new URL(page.url());
  expect(resourceUrl.pathname).toMatch(/^\/resources\/\d+$/);
  const name = (await page.getByTestId('portal-resource-name').textContent())!.trim();
  await expect(page.getByTestId('portal-resource-fees')).toBeVisible();
  await shoot(page, 'portal-desktop-resource');
  await seriousA11y(page);

  // The market and a result.
  await page.getByTestId('portal-nav-market').click();
  await expect(page.getByTestId('portal-market')).toBeVisible();
  const result = page.getByTestId('portal-result-card').first();
  await expect(result).toBeVisible();
  await shoot(page, 'portal-desktop-market');
  await seriousA11y(page);
  await result.getByRole('link').click();
  await expect(page.getByTestId('portal-result')).toBeVisible();
  await expect(page.getByTestId('portal-listing-title')).not.toBeEmpty();
  await expect(page.getByTestId('portal-contact')).toHaveAttribute('href', /^\/login\?redirect=%2Fmarket%2Fresults%2F\d+$/);
  await page.goto('/market?tab=demands');
  await expect(page.getByTestId('portal-demand-card').first()).toBeVisible();
  await page.getByTestId('portal-tab-licences').click();
  await expect(page.getByTestId('portal-licence-card').first()).toBeVisible();

  // A published call.
  await page.getByTestId('portal-nav-calls').click();
  await expect(page.getByTestId('portal-calls')).toBeVisible();
  // A demo call (other journeys publish calls of their own, without the 示例 mark).
  const demoCall = page.getByTestId('portal-call-card').filter({ hasText: '示例' }).first();
  await expect(demoCall.getByTestId('demo-tag')).toBeVisible();
  await demoCall.getByRole('link').first().click();
  await expect(page.getByTestId('portal-call')).toBeVisible();
  await expect(page.getByTestId('portal-call-title')).toContainText('示例');

  // Listed providers.
  await page.getByTestId('portal-nav-providers').click();
  await expect(page.getByTestId('portal-provider-card').first()).toBeVisible();

  // English.
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('portal-nav-resources')).toHaveText('Resources');
  await page.getByTestId('portal-nav-home').click();
  await expect(page.getByTestId('portal-region-table')).toContainText('Zhejiang');
  await shoot(page, 'portal-desktop-home-en');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('portal-nav-resources')).toHaveText('资源目录');

  // Book → sign in → back on the resource, signed in.
  await page.goto(resourceUrl.pathname);
  await expect(page.getByTestId('portal-resource-name')).toHaveText(name);
  await page.getByTestId('portal-book').click();
  await expect(page).toHaveURL(`/login?redirect=${encodeURIComponent(resourceUrl.pathname)}`);
  await page.getByTestId('login-username').fill('sh-member');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(resourceUrl.pathname);
  await expect(page.getByTestId('resource-page')).toBeVisible();
  await expect(page.getByTestId('resource-name')).toContainText(name);
  await expect(page.getByTestId('portal-home')).toHaveCount(0);
});

test('a price the owner hides shows as 价格面议 to visitors', async ({ page, request }) => {
  // The owner hides the price of one of its resources (through the API, signed in).
  const login = await request.post('/api/auth/login', { data: { username: 'sh-org-admin', password: DEMO_PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const csrf = (await login.json()).csrfToken as string;
  const mine = await (await request.get('/api/resources', { params: { mine: 'true', pageSize: '5' } })).json();
  const target = mine.items.find((i: { status: string }) => i.status === 'published');
  const patched = await request.patch(`/api/resources/${target.id}`, { data: { pricePublic: false }, headers: { 'x-csrf-token': csrf } });
  expect(patched.ok(), await patched.text()).toBeTruthy();
  try {
    await useLanguage(page, 'zh');
    await page.goto(`/resources/${target.id}`);
    await expect(page.getByTestId('portal-price-hidden')).toBeVisible();
    const pub = await (await page.request.get(`/api/public/resources/${target.id}`)).json();
    expect(pub.pricePublic).toBe(false);
    expect(pub.hourlyFeeFen).toBeUndefined();
  } finally {
    await request.patch(`/api/resources/${target.id}`, { data: { pricePublic: true }, headers: { 'x-csrf-token': csrf } });
  }
});

test.describe('portal at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('home, catalogue and market fit a phone; the menu opens', async ({ page }) => {
    await useLanguage(page, 'zh');
    await page.goto('/');
    await expect(page.getByTestId('portal-map').locator('canvas')).toBeVisible();
    await noSidewaysScroll(page);
    await shoot(page, 'portal-phone-home');
    await page.getByTestId('portal-menu').click();
    await page.getByTestId('portal-nav-resources').click();
    await expect(page.getByTestId('portal-resource-card').first()).toBeVisible();
    await noSidewaysScroll(page);
    await shoot(page, 'portal-phone-catalogue');
    await page.goto('/market');
    await expect(page.getByTestId('portal-result-card').first()).toBeVisible();
    await noSidewaysScroll(page);
    await shoot(page, 'portal-phone-market');
    await page.getByTestId('portal-result-card').first().getByRole('link').click();
    await expect(page.getByTestId('portal-result')).toBeVisible();
    await noSidewaysScroll(page);
    await shoot(page, 'portal-phone-result');
  });
});
