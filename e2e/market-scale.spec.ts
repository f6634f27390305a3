import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, login, shoot, useLanguage } from './helpers';

// Technology market at size (issue 5): a search whose words are held by more listings than the
// server counts exactly (2 000) shows its total as an estimate — "约 N 条" — with rounded facet
// counts, while the page itself is the real one. The platform administrator imports 6 000
// results of another market ("e2e-scale") holding the word qzscale; an enterprise searches it
// (one word: the total is exact), narrows it to Jiangsu by the facet (estimated, shown as such),
// pages on, and reads it in English. The imported listings are withdrawn again afterwards.
// Screenshots at 1366 and 390 px.

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const COUNT = 6000;
const JURISDICTIONS = ['310000', '320000', '330000', '340000'];
const row = (i: number, status = 'published') => ({
  externalId: `S-${i}`,
  kind: 'result',
  title: `智能传感器批量成果 qzscale 第 ${i} 号`,
  summary: `来自其他技术市场的批量挂牌示例，编号 ${i}。${i % 3 === 0 ? '柔性压力传感器。' : '温湿度传感器。'}`,
  jurisdictionCode: JURISDICTIONS[i % 4],
  ownerName: `示例高校 ${i % 17}`,
  resultType: 'software',
  trl: 1 + (i % 9),
  askingPriceFen: 100_000 + (i % 50) * 10_000,
  status,
});

async function importAll(request: APIRequestContext, status: string) {
  const login = await request.post('/api/auth/login', { data: { username: 'admin', password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = await login.json();
  for (let start = 0; start < COUNT; start += 3000) {
    const listings = Array.from({ length: 3000 }, (_, k) => row(start + k, status));
    const r = await request.post('/api/imports/listings', {
      data: { source: 'e2e-scale', listings },
      headers: { 'x-csrf-token': csrfToken },
      timeout: 120_000,
    });
    expect(r.status(), await r.text()).toBe(200);
  }
}

test.beforeAll(async ({ request }) => {
  await importAll(request, 'published');
});

test.afterAll(async ({ request }) => {
  await importAll(request, 'withdrawn');
});

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

test('a word held by 6 000 results: an exact total; narrowed by a facet, an estimate shown as one', async ({ page }) => {
  await login(page, 'zj-org-admin');
  await page.goto('/market?q=qzscale');
  await expect(page.getByTestId('market-total')).toHaveText('共找到 6000 条');
  await expect(page.getByTestId('market-tab-results-total')).toHaveText('6000');
  await expect(page.locator('[data-testid^="result-card-"]').first()).toContainText('qzscale');
  // The jurisdiction facet is counted from a sample: about 1 500 each.
  const jiangsu = page.getByTestId('facet-jurisdiction-320000');
  await expect(jiangsu).toContainText('约');
  await shoot(page, 'market-scale-desktop', false);
  await jiangsu.click();
  await expect.poll(() => new URL(page.url()).searchParams.get('jurisdiction')).toBe('320000');
  await expect(page.getByTestId('market-total')).toHaveText(/^约 1\d00 条（估计）$/);
  // The page is real: every card is a Jiangsu result holding the word.
  const cards = page.locator('[data-testid^="result-card-"]');
  await expect(cards).toHaveCount(20);
  for (const text of await cards.allInnerTexts()) expect(text).toContain('qzscale');
  await expect(page.getByTestId('market-results')).toContainText('江苏');
  await page.getByTestId('market-pagination').getByTitle('2', { exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
  await expect(page.getByTestId('market-pagination').locator('.ant-pagination-item-active')).toHaveText('2');
  await expect(cards.first()).toContainText('qzscale');
  await page.mouse.move(0, 0);
  await shoot(page, 'market-scale-filtered-desktop', false);
});

test('the estimate in English and at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, 'zj-org-admin');
  await page.goto('/market?q=qzscale&jurisdiction=330000');
  await expect(page.getByTestId('market-total')).toHaveText(/^约 1\d00 条/);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('market-total')).toHaveText(/^about 1\.?\d*K found \(estimated\)$/);
  await expect(page.getByTestId('market-tab-results-total')).toHaveText(/^≈1\.?\d*K$/);
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client + 1);
  await shoot(page, 'market-scale-phone', false);
});
