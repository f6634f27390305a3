// Issue 15 (defects a) in the browser: settling a month shows a preview in a dialog first and
// settles only on confirmation; the voucher ledger reads "预约 #3 · 液质联用仪 · 上海"; an import in
// the template's words names bad columns by their headers, and its audit entries are one batch
// the log shows in words, with drop-down filters — in Chinese and English, desktop and phone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeUscc } from '../server/platform/uscc';
import { apiGet, login, pick, shootBoth, useLanguage, waitForList } from './helpers';

const lastMonth = () => {
  const bj = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
};
const tmpFile = (name: string, text: string) => {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-defa-')), name);
  fs.writeFileSync(p, text);
  return p;
};
const serial = (n: number) => (Date.now() % 100_000) * 10 + n;

async function openPreview(page: Page) {
  await page.goto('/vouchers/settlements');
  await expect(page.getByTestId('settlement-run-card')).toBeVisible();
  const preview = page.waitForResponse((r) => r.url().includes('/api/settlements/preview'));
  await page.getByTestId('settlement-run').click();
  expect((await preview).status()).toBe(200);
  await expect(page.getByTestId('settlement-preview')).toBeVisible();
}

test('zj-admin previews last month’s settlement in a dialog; cancelling writes nothing', async ({ page }) => {
  await useLanguage(page, 'zh');
  await login(page, 'zj-admin');
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/settlements')) posts.push(r.url());
  });
  await openPreview(page);
  const p = await apiGet<{ redemptions: number; totalFen: number; lines: { providerId: number; amountFen: number }[] }>(
    page,
    `/settlements/preview?period=${lastMonth()}`,
  );
  expect(p.redemptions).toBe(2);
  await expect(page.getByTestId('settlement-preview-count')).toHaveText('2');
  await expect(page.getByTestId('settlement-preview-total')).toContainText((p.totalFen / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  for (const l of p.lines) await expect(page.getByTestId(`settlement-preview-line-${l.providerId}`)).toBeVisible();
  await expect(page.getByTestId('settlement-preview')).toContainText('示例量子精密仪器（上海）有限公司');
  await expect(page.getByTestId('settlement-confirm')).toContainText('确认结算');
  await shootBoth(page, 'defects-a', 'settlement-preview', { fullPage: false });
  await page.getByTestId('settlement-preview-cancel').click();
  await expect(page.getByTestId('settlement-preview')).toBeHidden();
  expect(posts).toEqual([]);
  const list = await apiGet<{ total: number }>(page, `/settlements?period=${lastMonth()}&jurisdiction=330000`);
  expect(list.total).toBe(0);
});

test('sh-admin (English) previews, confirms, and lands on the settlement', async ({ page }) => {
  await useLanguage(page, 'en');
  await login(page, 'sh-admin');
  await openPreview(page);
  await expect(page.getByTestId('settlement-confirm')).toContainText('Confirm settlement');
  await expect(page.getByRole('dialog')).toContainText('Shanghai');
  const run = page.waitForResponse((r) => r.url().endsWith('/api/settlements') && r.request().method() === 'POST');
  await page.getByTestId('settlement-confirm').click();
  expect([200, 201]).toContain((await run).status());
  await expect(page.getByTestId('settlement-page')).toBeVisible();
});

test('the voucher ledger reads booking number · resource · jurisdiction', async ({ page }) => {
  await useLanguage(page, 'zh');
  await login(page, 'zj-member');
  await page.goto('/vouchers/wallet');
  await page.locator('[data-testid^="wallet-history-"]').first().click();
  await expect(page.getByTestId('voucher-history')).toBeVisible();
  const desc = page.locator('[data-testid^="voucher-history-desc-"]');
  await expect(desc.filter({ hasText: /^预约 #\d+ · .+ · (上海|江苏|浙江|安徽)$/ }).first()).toBeVisible();
  await expect(desc.filter({ hasText: /^booking \d+$/ })).toHaveCount(0);
  await shootBoth(page, 'defects-a', 'voucher-ledger', { fullPage: false });
});

test('an import in the template’s words; its entries are one batch the audit log shows in words', async ({ page }) => {
  await useLanguage(page, 'zh');
  await login(page, 'admin');
  await page.goto('/organizations');
  const header = '名称 name,统一社会信用代码 uscc,类型 type,辖区 jurisdiction,城市 city,企业梯度 tier,部门类别 departmentKind,成立日期 establishedOn';
  const names = ['示例批次甲公司', '示例批次乙公司', '示例批次丙研究院'];
  const [a, b, c] = [1, 2, 3].map((i) => makeUscc('310115', serial(i)));
  const bad = [header, `${names[0]},${a},实验室,上海,上海,,,2019/05/01`, `${names[1]},${b},企业,上海,上海,,,0000-01-01`].join('\n');
  const good = [
    header,
    `${names[0]},${a},企业,上海,上海,科技型中小企业,,2019/05/01`,
    `${names[1]},${b},企业,上海市,上海,高新技术企业,,2019年5月1日`,
    `${names[2]},${c},科研院所,310000,上海,,,2019-5-1`,
  ].join('\n');

  await page.getByTestId('org-import').click();
  const dry = page.waitForResponse((r) => r.url().includes('/api/organizations/import?dryRun=true'));
  await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(tmpFile('bad.csv', bad));
  expect((await dry).status()).toBe(422);
  await expect(page.getByTestId('import-error-row-2')).toContainText('类型');
  await expect(page.getByTestId('import-error-row-2')).toContainText('可选：企业、高等院校、科研院所');
  await expect(page.getByTestId('import-error-row-3')).toContainText('成立日期');
  await expect(page.getByTestId('import-error-row-3')).toContainText('1900–2199');
  await shootBoth(page, 'defects-a', 'import-errors', { fullPage: false });

  await page.getByTestId('import-again').click();
  const dry2 = page.waitForResponse((r) => r.url().includes('/api/organizations/import?dryRun=true'));
  await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(tmpFile('good.csv', good));
  expect((await dry2).status()).toBe(200);
  const real = page.waitForResponse((r) => r.url().includes('/api/organizations/import?dryRun=false'));
  await page.getByTestId('import-confirm').click();
  expect((await real).status()).toBe(200);

  // The import links to its audit entries: one batch, in words.
  const byBatch = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/audit' && new URL(r.url()).searchParams.has('batch'));
  await page.getByTestId('import-audit-link').click();
  const batchId = new URL((await byBatch).url()).searchParams.get('batch')!;
  expect(batchId).toMatch(/^imp-\d{14}-[0-9a-f]{8}$/);
  await expect(page).toHaveURL(new RegExp(`/audit\\?.*batch=${batchId}`));
  const rows = page.locator('[data-testid^="audit-row-"]');
  await expect(rows).toHaveCount(3);
  for (const r of await rows.all()) {
    await expect(r.getByTestId('audit-action-label')).toHaveText('导入机构');
    await expect(r.getByTestId('audit-entity-label')).toContainText('机构 #');
    await expect(r.getByTestId('audit-batch-link')).toBeVisible();
  }
  await expect(page.getByTestId('audit-filter-batch')).toHaveValue(batchId);
  await shootBoth(page, 'defects-a', 'audit-batch');

  // Drop-down filters in words: action and actor.
  await page.getByTestId('audit-reset').click();
  // The action list is long: type a word of it to narrow it (the search matches Chinese, English and the code).
  await page.getByTestId('audit-filter-action').click();
  await page.getByTestId('audit-filter-action').locator('input').fill('导入机构');
  await pick(page, 'audit-filter-action', 'audit-filter-action-opt-organization.import');
  await page.getByTestId('audit-filter-actor').click();
  await page.getByTestId('audit-filter-actor').locator('input').fill('admin');
  await pick(page, 'audit-filter-actor', 'audit-filter-actor-opt-admin');
  const filtered = waitForList(page, '/audit', { action: 'organization.import', actor: 'admin' });
  await page.getByTestId('audit-search').click();
  const body = await (await filtered).json();
  expect(body.total).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('audit-filter-action')).toContainText('导入机构');
  await shootBoth(page, 'defects-a', 'audit-filters');
});

test('the audit log in English: actions and entity types in words', async ({ page }) => {
  await useLanguage(page, 'en');
  await login(page, 'admin');
  const first = waitForList(page, '/audit');
  await page.goto('/audit');
  const body = await (await first).json();
  expect(body.items.length).toBeGreaterThan(0);
  const labels = page.getByTestId('audit-action-label');
  await expect(labels.first()).toBeVisible();
  // No raw codes (x.y) in the action column.
  for (const l of await labels.all()) await expect(l).not.toHaveText(/^[a-z_]+\.[a-z_.-]+$/);
  await page.getByTestId('audit-filter-entityType').click();
  await page.getByTestId('audit-filter-entityType').locator('input').fill('organis');
  await expect(page.getByTestId('audit-filter-entityType-opt-organization')).toHaveText('organisation');
  await page.keyboard.press('Escape');
  await shootBoth(page, 'defects-a', 'audit-en');
});
