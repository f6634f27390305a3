import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { apiGet, apiPost, login, logout, noSidewaysScroll, pick, shoot, useLanguage } from './helpers';

// Innovation vouchers (Decision art. 13, issue 4): a Zhejiang enterprise pays a Shanghai LC-MS
// booking half with its Zhejiang voucher; Zhejiang's clearing statement shows what it owes
// Shanghai, and it settles last month; Shanghai checks a provider into public notice and an
// enterprise objects; a programme is created, applied to and approved; a provider redeems a
// voucher at checkout — and screenshots of every new page at desktop and phone width.
//
// The e2e server seeds a fresh demo database on the real clock: the demo's completed LC-MS
// booking of zj-member lies in the last few days, last month holds redeemed bookings.

test.describe.configure({ mode: 'serial', timeout: 150_000 });

const ZJ_PROGRAM = '浙江省科技创新券（示例）';
const SH_PROVIDER = '示例量子精密仪器（上海）有限公司';
const SH_TT = '示例上海技术转移服务中心';
const LCMS = '示例高分辨液相色谱-质谱联用仪';
const SH_PRODUCT = '小分子定性分析';
const NEW_PROGRAM = '浙江省首台套检测创新券（e2e）';
const DAY = 86_400_000;
/** A 1×1 PNG, as evidence. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const BJ = 8 * 3600_000;

/** Beijing calendar date (YYYY-MM-DD) and month (YYYY-MM) of an instant. */
const bjDate = (ms: number) => new Date(ms + BJ).toISOString().slice(0, 10);
const bjMonth = (ms: number) => bjDate(ms).slice(0, 7);
function lastMonth(): string {
  const [y, m] = bjMonth(Date.now()).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
/** 127500 → "¥1,275.00" (as the web app shows fen). */
const yuan = (fen: number) => `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

/** Opens a menu entry (in the drawer on phones). */
async function menu(page: Page, key: string) {
  if (await page.getByTestId('menu-toggle').isVisible()) await page.getByTestId('menu-toggle').click();
  await page.getByTestId(`menu-${key}`).click();
}

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

let voucherId = 0;
let voucherCode = '';
let bookingId = 0;
let paidFen = 0;
let programId = 0;
let shTtId = 0;

test('(a) zj-member pays the completed Shanghai LC-MS booking half with the Zhejiang voucher', async ({ page }) => {
  await login(page, 'zj-member');
  await expect(page.getByTestId('menu-group-vouchers')).toHaveText('创新券');
  await menu(page, 'voucherWallet');
  await expect(page.getByTestId('wallet-page')).toBeVisible();
  const program = page.locator('[data-testid^="wallet-program-"]').filter({ hasText: ZJ_PROGRAM });
  await expect(program).toHaveCount(1);
  voucherId = Number((await program.getAttribute('data-testid'))!.replace('wallet-program-', ''));
  voucherCode = (await page.getByTestId(`wallet-code-${voucherId}`).textContent())!.trim();
  const row = page.getByTestId(`wallet-row-${voucherId}`);
  await expect(row).toContainText('浙江省发放');
  await expect(page.getByTestId(`wallet-where-${voucherId}`)).toContainText('上海');
  const before = Number(await page.getByTestId(`wallet-balance-${voucherId}`).getAttribute('data-fen'));
  expect(before).toBeGreaterThan(0);

  // My bookings: the completed LC-MS booking with a charge and no redemption offers the voucher.
  await menu(page, 'bookings');
  const payButtons = page.locator('[data-testid^="booking-row-"]').filter({ hasText: LCMS }).locator('[data-testid^="booking-pay-"]');
  await expect(payButtons).toHaveCount(1);
  bookingId = Number((await payButtons.getAttribute('data-testid'))!.replace('booking-pay-', ''));
  const booking = await apiGet<{ chargeFen: number; status: string }>(page, `/bookings/${bookingId}`);
  expect(booking.status).toBe('completed');
  paidFen = Math.floor(booking.chargeFen / 2);

  await payButtons.click();
  await expect(page.getByTestId('pay-modal')).toBeVisible();
  const key = await page.getByTestId('pay-modal').getAttribute('data-idempotency-key');
  expect(key).toBeTruthy();
  await expect(page.getByTestId('pay-fee')).toHaveText(yuan(booking.chargeFen));
  // The programme pays 50 %: exactly half of the charge, the other half is the enterprise's.
  await expect(page.getByTestId('pay-voucher-amount')).toHaveAttribute('data-fen', String(paidFen));
  await expect(page.getByTestId('pay-voucher-amount')).toHaveText(yuan(paidFen));
  await expect(page.getByTestId('pay-copay')).toHaveText(yuan(booking.chargeFen - paidFen));
  await expect(page.getByTestId('pay-limited-by')).toHaveText('按项目比例封顶');
  await shoot(page, 'desktop-voucher-pay-modal', false);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('menu-toggle')).toBeVisible();
  await shoot(page, 'phone-voucher-pay-modal', false);
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  const redeemed = page.waitForResponse((r) => r.url().includes(`/api/vouchers/${voucherId}/redemptions`) && r.request().method() === 'POST');
  await page.getByTestId('pay-confirm').click();
  const res = await redeemed;
  expect(res.status()).toBe(201);
  expect(res.request().headers()['idempotency-key']).toBe(key);
  await expect(page.getByTestId('pay-modal')).toBeHidden();
  await expect(page.getByTestId(`booking-paid-${bookingId}`)).toHaveText(`券付 ${yuan(paidFen)}`);
  await expect(page.getByTestId(`booking-pay-${bookingId}`)).toHaveCount(0);

  // The wallet's balance dropped by exactly that; the history shows the movement.
  await menu(page, 'voucherWallet');
  await expect(page.getByTestId(`wallet-balance-${voucherId}`)).toHaveAttribute('data-fen', String(before - paidFen));
  await expect(page.getByTestId(`wallet-balance-${voucherId}`)).toHaveText(yuan(before - paidFen));
  await page.getByTestId(`wallet-history-${voucherId}`).click();
  await expect(page.getByTestId('voucher-detail-balance')).toHaveText(yuan(before - paidFen));
  await expect(page.locator('[data-testid^="voucher-history-row-"]').filter({ hasText: `-${yuan(paidFen)}` })).toContainText('使用');
  await page.keyboard.press('Escape');
  await page.getByTestId('wallet-tab-redemptions').click();
  await expect(page.locator('[data-testid^="my-redemptions-row-"]').filter({ hasText: LCMS }).first()).toBeVisible();
  await expect(page.getByTestId('my-redemptions-table')).toContainText(yuan(paidFen));
});

test('(b) zj-admin: the clearing statement shows Zhejiang owing Shanghai; last month is settled and exported', async ({ page }) => {
  expect(paidFen, 'needs the redemption of (a)').toBeGreaterThan(0);
  await login(page, 'zj-admin');
  await menu(page, 'voucherSettlements');
  await page.getByTestId('settlements-tab-clearing').click();
  const panel = page.getByTestId('clearing-panel');
  await expect(panel).toHaveAttribute('data-period', bjMonth(Date.now()));
  await expect(page.getByTestId('clearing-provisional')).toBeVisible();
  await expect(page.getByTestId('clearing-gross-row-330000-310000')).toContainText('浙江省');
  await expect(page.getByTestId('clearing-gross-row-330000-310000')).toContainText('上海市');
  await expect(page.getByTestId('clearing-gross-330000-310000')).toHaveText(yuan(paidFen));
  await expect(page.getByTestId('clearing-net-330000-310000')).toHaveText(yuan(paidFen));
  await expect(page.getByTestId('clearing-net-row-330000-310000')).toContainText('浙江向上海支付');
  await expect(page.getByTestId('clearing-chart').locator('canvas')).toBeVisible();

  // Settle last month for Zhejiang (the only jurisdiction zj-admin may settle).
  await page.getByTestId('settlements-tab-settlements').click();
  await expect(page.getByTestId('settlement-run-period')).toHaveValue(lastMonth());
  const run = page.waitForResponse((r) => r.url().endsWith('/api/settlements') && r.request().method() === 'POST');
  await page.getByTestId('settlement-run').click();
  // A preview first (nothing written), then confirm.
  await expect(page.getByTestId('settlement-preview')).toBeVisible();
  await page.getByTestId('settlement-confirm').click();
  expect([200, 201]).toContain((await run).status());
  await expect(page.getByTestId('settlement-page')).toBeVisible();
  const settlementId = Number(await page.getByTestId('settlement-page').getAttribute('data-settlement-id'));
  const detail = await apiGet<{ period: string; lines: { providerId: number; providerName: string; amountFen: number }[] }>(
    page,
    `/settlements/${settlementId}`,
  );
  expect(detail.period).toBe(lastMonth());
  const shLine = detail.lines.find((l) => l.providerName === SH_PROVIDER);
  expect(shLine, 'a line for the Shanghai provider').toBeTruthy();
  await expect(page.getByTestId(`settlement-line-${shLine!.providerId}`)).toContainText(SH_PROVIDER);
  await expect(page.getByTestId(`settlement-line-amount-${shLine!.providerId}`)).toHaveText(yuan(shLine!.amountFen));
  // Last month's clearing: net Zhejiang → Shanghai.
  await expect(page.getByTestId('clearing-net-row-330000-310000')).toBeVisible();
  await expect(page.getByTestId('clearing-settled')).toContainText('浙江');

  // Export: CSV and XLSX files.
  await page.getByTestId('settlement-export').click();
  let download = page.waitForEvent('download');
  await page.getByTestId('settlement-export-csv').click();
  let file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  expect(fs.readFileSync(await file.path(), 'utf8')).toContain(SH_PROVIDER);
  await page.getByTestId('settlement-export').click();
  download = page.waitForEvent('download');
  await page.getByTestId('settlement-export-xlsx').click();
  file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(fs.statSync(await file.path()).size).toBeGreaterThan(1000);

  // The settlement is in the list.
  await page.getByTestId('settlement-back').click();
  await expect(page.getByTestId(`settlement-row-${settlementId}`)).toContainText(lastMonth());
});

test('(c) sh-admin checks a provider into public notice; zj-member objects', async ({ page }) => {
  await login(page, 'sh-admin');
  await menu(page, 'voucherProviders');
  await pick(page, 'providers-filter-status', 'providers-filter-status-opt-applied');
  const link = page.locator('[data-testid^="provider-link-"]').filter({ hasText: SH_TT });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page.getByTestId('provider-name')).toHaveText(SH_TT);
  await expect(page.getByTestId('provider-status')).toHaveText('待审核');
  shTtId = Number(await page.getByTestId('provider-page').getAttribute('data-provider-id'));
  await expect(page.getByTestId('provider-self-assessment')).toBeVisible();
  await page.getByTestId('provider-check').click();
  await page.getByTestId('check-passed').click();
  await page.getByTestId('check-note').fill('材料齐全，四项条件核验通过');
  const checked = page.waitForResponse((r) => r.url().endsWith(`/api/providers/${shTtId}/check`));
  await page.getByTestId('check-submit').click();
  expect((await checked).status()).toBe(200);
  await expect(page.getByTestId('provider-status')).toHaveText('公示中');
  // The notice ends 7 days later (Beijing date).
  await expect(page.getByTestId('provider-notice-ends')).toContainText(bjDate(Date.now() + 7 * DAY));
  await expect(page.getByTestId('provider-check-note')).toHaveText('材料齐全，四项条件核验通过');
  // Listing waits for the end of the notice.
  await expect(page.getByTestId('provider-list')).toBeDisabled();
  await logout(page);

  await login(page, 'zj-member');
  await menu(page, 'voucherProviders');
  await expect(page.getByTestId('providers-objection-hint')).toBeVisible();
  await pick(page, 'providers-filter-status', 'providers-filter-status-opt-notice');
  await page.locator('[data-testid^="provider-link-"]').filter({ hasText: SH_TT }).click();
  await expect(page.getByTestId('provider-status')).toHaveText('公示中');
  await page.getByTestId('provider-object').click();
  await page.getByTestId('provider-reason-text').fill('该机构成立不满三年，经营年限与自评不符（e2e）');
  const objected = page.waitForResponse((r) => r.url().endsWith(`/api/providers/${shTtId}/objections`) && r.request().method() === 'POST');
  await page.getByTestId('provider-reason-submit').click();
  expect((await objected).status()).toBe(201);
  await expect(page.getByTestId('provider-reason-text')).toBeHidden();
  await logout(page);

  // Shanghai sees the objection and dismisses it.
  await login(page, 'sh-admin');
  await page.goto(`/vouchers/providers/${shTtId}`);
  const objection = page.locator('[data-testid^="objection-row-"]').filter({ hasText: '经营年限与自评不符' });
  await expect(objection).toContainText('待处理');
  await objection.locator('[data-testid^="objection-dismiss-"]').click();
  await page.getByTestId('provider-reason-text').fill('经核实成立已满五年，异议不成立');
  await page.getByTestId('provider-reason-submit').click();
  await expect(objection).toContainText('异议不成立');
});

test('(d) zj-admin creates a programme with its budget in yuan, and tops it up', async ({ page }) => {
  await login(page, 'zj-admin');
  await menu(page, 'voucherPrograms');
  await expect(page.locator('[data-testid^="program-link-"]').filter({ hasText: ZJ_PROGRAM })).toHaveCount(1);
  await page.getByTestId('programs-create').click();
  await expect(page.getByTestId('program-form')).toBeVisible();
  // A Zhejiang admin creates Zhejiang programmes only.
  await expect(page.getByTestId('program-form-jurisdiction')).toContainText('浙江省');
  await page.getByTestId('program-form-name').fill(NEW_PROGRAM);
  await page.getByTestId('program-form-description').fill('支持科技型中小企业购买首台套检验检测服务。');
  await page.getByTestId('program-form-budget').fill('500000');
  await page.getByTestId('program-form-share').fill('60');
  await page.getByTestId('program-form-cap-enterprise').fill('50000');
  await page.getByTestId('program-form-category-design').click(); // leave out 研发设计
  const created = page.waitForResponse((r) => r.url().endsWith('/api/voucher-programs') && r.request().method() === 'POST');
  await page.getByTestId('program-form-submit').click();
  const res = await created;
  expect(res.status()).toBe(201);
  const body = res.request().postDataJSON();
  expect(body).toMatchObject({ name: NEW_PROGRAM, budgetFen: 50_000_000, shareBp: 6000, capEnterpriseYearFen: 5_000_000, teamsEligible: false });
  expect(body.eligibleCategories).not.toContain('design');
  expect(body.redeemJurisdictions).toEqual(['310000', '320000', '330000', '340000']);
  await expect(page.getByTestId('program-name')).toHaveText(NEW_PROGRAM);
  programId = Number(await page.getByTestId('program-page').getAttribute('data-program-id'));
  await expect(page.getByTestId('program-budget-total')).toContainText('¥500,000.00');
  await expect(page.getByTestId('program-budget-available')).toContainText('¥500,000.00');
  await expect(page.getByTestId('program-budget-committed')).toContainText('¥0.00');
  await expect(page.getByTestId('program-share')).toHaveText('60%');

  await page.getByTestId('program-topup').click();
  await page.getByTestId('topup-amount').fill('100000');
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('program-budget-total')).toContainText('¥600,000.00');
  await expect(page.getByTestId('program-budget-available')).toContainText('¥600,000.00');
});

test('(e) an enterprise applies; the admin approves; the voucher appears in the wallet', async ({ page }) => {
  expect(programId, 'needs the programme of (d)').toBeGreaterThan(0);
  await login(page, 'zj-org-admin');
  await menu(page, 'voucherWallet');
  await page.getByTestId('wallet-tab-programs').click();
  await page.getByTestId(`program-apply-${programId}`).click();
  await page.getByTestId('apply-amount').fill('20000');
  await page.getByTestId('apply-purpose').fill('委托长三角检测机构开展首台套样机型式试验（e2e）');
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('wallet-applications')).toBeVisible();
  const mine = page.locator('[data-testid^="my-application-row-"]').filter({ hasText: NEW_PROGRAM });
  await expect(mine).toContainText('待审批');
  await expect(mine).toContainText('¥20,000.00');
  await logout(page);

  await login(page, 'zj-admin');
  await menu(page, 'voucherApplications');
  const row = page.locator('[data-testid^="application-row-"]').filter({ hasText: '首台套样机型式试验' });
  await expect(row).toContainText('待审批');
  await row.locator('[data-testid^="application-approve-"]').click();
  // The amount defaults to the one requested.
  await expect(page.getByTestId('approve-amount')).toHaveValue('20000.00');
  await page.getByTestId('approve-note').fill('同意');
  await page.getByTestId('approve-submit').click();
  await expect(page.getByTestId('approve-submit')).toBeHidden();
  await pick(page, 'applications-filter-status', 'applications-filter-status-opt-approved');
  await expect(row).toContainText('已批准');
  // The budget is committed at once.
  await page.goto(`/vouchers/programs/${programId}`);
  await expect(page.getByTestId('program-budget-committed')).toContainText('¥20,000.00');
  await expect(page.getByTestId('program-budget-available')).toContainText('¥580,000.00');
  // Issued vouchers: suspend with a reason, then reinstate.
  await menu(page, 'vouchersIssued');
  await pick(page, 'issued-filter-program', `issued-filter-program-opt-${programId}`);
  const issued = page.locator('[data-testid^="issued-row-"]').filter({ hasText: '示例杭州智能制造科技有限公司' });
  await expect(issued).toHaveCount(1);
  await expect(issued).toContainText('¥20,000.00');
  await issued.locator('[data-testid^="voucher-suspend-"]').click();
  await page.getByTestId('suspend-text').fill('核查用途期间暂停使用（e2e）');
  await page.getByTestId('suspend-submit').click();
  await expect(issued.locator('[data-testid^="issued-status-"]')).toHaveText('已暂停');
  await expect(issued).toContainText('核查用途期间暂停使用');
  await issued.locator('[data-testid^="voucher-reinstate-"]').click();
  await page.getByTestId('voucher-reinstate-confirm').click();
  await expect(issued.locator('[data-testid^="issued-status-"]')).toHaveText('可用');
  await logout(page);

  await login(page, 'zj-member');
  await menu(page, 'voucherWallet');
  const fresh = page.locator('[data-testid^="wallet-program-"]').filter({ hasText: NEW_PROGRAM });
  await expect(fresh).toHaveCount(1);
  const id = (await fresh.getAttribute('data-testid'))!.replace('wallet-program-', '');
  await expect(page.getByTestId(`wallet-balance-${id}`)).toHaveText('¥20,000.00');
  await expect(page.getByTestId(`wallet-status-${id}`)).toHaveText('可用');
});

test('the Shanghai provider completes an order and redeems the Zhejiang voucher at checkout', async ({ page }) => {
  expect(voucherCode, 'needs the voucher of (a)').toBeTruthy();
  // zj-member orders the provider's LC-MS analysis (the order API; no ordering page yet).
  await login(page, 'zj-member');
  const providers = await apiGet<{ items: { id: number; organizationName: string }[] }>(page, `/providers?q=${encodeURIComponent('量子精密')}`);
  const provider = providers.items.find((p) => p.organizationName === SH_PROVIDER)!;
  const products = await apiGet<{ id: number; name: string; priceFen: number }[]>(page, `/providers/${provider.id}/products`);
  const product = products[0];
  const order = await apiPost<{ id: number; amountFen: number }>(page, '/service-orders', { productId: product.id, quantity: 2, note: 'e2e 送样 2 个' });
  expect(order.status).toBe(201);
  await logout(page);

  await login(page, 'sh-org-admin');
  await menu(page, 'providerDesk');
  await expect(page.getByTestId('desk-page')).toHaveAttribute('data-provider-status', 'listed');
  await page.getByTestId('desk-tab-orders').click();
  await page.getByTestId(`order-complete-${order.body.id}`).click();
  await page.getByTestId('order-complete-submit').click();
  await expect(page.getByTestId(`order-status-${order.body.id}`)).toHaveText('已完成');

  await page.getByTestId('desk-tab-checkout').click();
  await page.getByTestId('checkout-code').fill(voucherCode);
  await page.getByTestId('checkout-lookup').click();
  await expect(page.getByTestId('checkout-holder')).toHaveText('示例杭州智能制造科技有限公司');
  await page.getByTestId(`checkout-source-order-${order.body.id}`).click();
  const half = Math.floor(order.body.amountFen * 0.5);
  await expect(page.getByTestId('checkout-voucher-amount')).toHaveText(yuan(half));
  await expect(page.getByTestId('checkout-copay')).toHaveText(yuan(order.body.amountFen - half));
  const redeem = page.waitForResponse((r) => /\/api\/vouchers\/\d+\/redemptions$/.test(r.url()) && r.request().method() === 'POST');
  await page.getByTestId('checkout-redeem').click();
  const res = await redeem;
  expect(res.status()).toBe(201);
  expect(res.request().postDataJSON()).toMatchObject({ orderId: order.body.id, voucherCode });
  await expect(page.getByTestId('checkout-done')).toContainText(yuan(half));

  // Receivables: by issuing jurisdiction, settled and not.
  await page.getByTestId('desk-tab-receivables').click();
  await expect(page.getByTestId('receivable-330000')).toBeVisible();
  await expect(page.getByTestId('receivables-table')).toContainText(product.name);
});

test('zj-member orders 2 × 小分子定性分析 on the provider page; the provider completes it; the Zhejiang voucher pays half in My orders', async ({ page }) => {
  expect(voucherId, 'needs the voucher of (a)').toBeGreaterThan(0);
  await login(page, 'zj-member');
  await menu(page, 'voucherProviders');
  await page.locator('[data-testid^="provider-link-"]').filter({ hasText: SH_PROVIDER }).click();
  await expect(page.getByTestId('provider-name')).toHaveText(SH_PROVIDER);
  // The listed provider's active products with price and unit, each with an order action.
  const product = page.locator('[data-testid^="provider-product-row-"]').filter({ hasText: SH_PRODUCT });
  await expect(product).toHaveCount(1);
  await expect(product).toContainText('¥300.00/样品');
  const orderButton = product.locator('[data-testid^="product-order-"]');
  await expect(orderButton).toHaveText(/下单/);
  const productId = Number((await orderButton.getAttribute('data-testid'))!.replace('product-order-', ''));
  await shoot(page, 'desktop-voucher-provider-order');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('menu-toggle')).toBeVisible();
  await expect(orderButton).toBeVisible();
  await shoot(page, 'phone-voucher-provider-order');
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });

  await orderButton.click();
  await expect(page.getByTestId('order-form')).toBeVisible();
  await expect(page.getByTestId('order-form-price')).toHaveText('¥300.00/样品');
  await expect(page.getByTestId('order-form-total')).toHaveText('¥300.00');
  await page.getByTestId('order-form-quantity').fill('2');
  await expect(page.getByTestId('order-form-total')).toHaveText('¥600.00');
  await page.getByTestId('order-form-note').fill('e2e：送样 2 个，需出具定性分析报告');
  await shoot(page, 'desktop-voucher-order-form', false);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'phone-voucher-order-form', false);
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  const placed = page.waitForResponse((r) => r.url().endsWith('/api/service-orders') && r.request().method() === 'POST');
  await page.getByTestId('order-form-submit').click();
  const placedRes = await placed;
  expect(placedRes.status()).toBe(201);
  expect(placedRes.request().postDataJSON()).toEqual({ productId, quantity: 2, note: 'e2e：送样 2 个，需出具定性分析报告' });
  const order = (await placedRes.json()) as { id: number; amountFen: number; status: string };
  expect(order).toMatchObject({ amountFen: 60000, status: 'placed' });
  // Straight to My orders: placed, awaiting the provider; not payable yet.
  await expect(page.getByTestId('wallet-orders')).toBeVisible();
  await expect(page.getByTestId(`my-order-status-${order.id}`)).toHaveText('已下单');
  await expect(page.getByTestId(`my-order-amount-${order.id}`)).toHaveText('¥600.00');
  await expect(page.getByTestId(`my-order-row-${order.id}`)).toContainText(`${SH_PRODUCT} × 2`);
  await expect(page.getByTestId(`my-order-cancel-${order.id}`)).toBeVisible();
  await expect(page.getByTestId(`my-order-pay-${order.id}`)).toHaveCount(0);
  await logout(page);

  // The provider completes it at the ordered amount.
  await login(page, 'sh-org-admin');
  await menu(page, 'providerDesk');
  await page.getByTestId('desk-tab-orders').click();
  await page.getByTestId(`order-complete-${order.id}`).click();
  await expect(page.getByTestId('order-complete-amount')).toHaveValue('600.00');
  await page.getByTestId('order-complete-submit').click();
  await expect(page.getByTestId(`order-status-${order.id}`)).toHaveText('已完成');
  await logout(page);

  // zj-member pays it with the Zhejiang voucher: exactly 50 % of ¥600.00.
  await login(page, 'zj-member');
  const before = (await apiGet<{ balanceFen: number }>(page, `/vouchers/${voucherId}`)).balanceFen;
  await menu(page, 'voucherWallet');
  await page.getByTestId('wallet-tab-orders').click();
  await pick(page, 'my-orders-filter-status', 'my-orders-filter-status-opt-completed');
  await expect(page.getByTestId(`my-order-status-${order.id}`)).toHaveText('已完成');
  await page.getByTestId(`my-order-pay-${order.id}`).click();
  await expect(page.getByTestId('pay-modal')).toBeVisible();
  const key = await page.getByTestId('pay-modal').getAttribute('data-idempotency-key');
  expect(key).toBeTruthy();
  await expect(page.getByTestId('pay-source')).toContainText(`#${order.id}`);
  await pick(page, 'pay-voucher-select', `pay-voucher-opt-${voucherId}`);
  await expect(page.getByTestId('pay-fee')).toHaveText('¥600.00');
  await expect(page.getByTestId('pay-voucher-amount')).toHaveAttribute('data-fen', '30000');
  await expect(page.getByTestId('pay-voucher-amount')).toHaveText('¥300.00');
  await expect(page.getByTestId('pay-copay')).toHaveText('¥300.00');
  await expect(page.getByTestId('pay-limited-by')).toHaveText('按项目比例封顶');
  await shoot(page, 'desktop-voucher-order-pay-modal', false);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'phone-voucher-order-pay-modal', false);
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  // The same key as shown, the order as the source.
  expect(await page.getByTestId('pay-modal').getAttribute('data-idempotency-key')).toBe(key);
  const redeemed = page.waitForResponse((r) => r.url().includes(`/api/vouchers/${voucherId}/redemptions`) && r.request().method() === 'POST');
  await page.getByTestId('pay-confirm').click();
  const res = await redeemed;
  expect(res.status()).toBe(201);
  expect(res.request().headers()['idempotency-key']).toBe(key);
  expect(res.request().postDataJSON()).toEqual({ orderId: order.id });
  expect(await res.json()).toMatchObject({ amountFen: 30000, feeFen: 60000, copayFen: 30000, sourceKind: 'order', sourceId: order.id });
  await expect(page.getByTestId('pay-modal')).toBeHidden();
  // The order shows as paid; the voucher's balance dropped by exactly ¥300.00.
  await expect(page.getByTestId(`my-order-paid-${order.id}`)).toHaveText('已用券支付');
  await expect(page.getByTestId(`my-order-pay-${order.id}`)).toHaveCount(0);
  expect((await apiGet<{ balanceFen: number }>(page, `/vouchers/${voucherId}`)).balanceFen).toBe(before - 30000);
  await shoot(page, 'desktop-voucher-my-orders');
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId(`my-order-paid-${order.id}`)).toBeVisible();
  await shoot(page, 'phone-voucher-my-orders');
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('an enterprise applies for recognition as a provider with its self-assessment and evidence', async ({ page }) => {
  await login(page, 'zj-org-admin');
  await menu(page, 'providerDesk');
  await expect(page.getByTestId('desk-page')).toHaveAttribute('data-provider-status', 'none');
  await expect(page.getByTestId('desk-apply-form')).toBeVisible();
  await shoot(page, 'desktop-voucher-desk-apply');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('menu-toggle')).toBeVisible();
  await shoot(page, 'phone-voucher-desk-apply');
  await noSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByTestId('desk-apply-category-design').click();
  await page.getByTestId('desk-apply-category-consulting').click();
  await page.getByTestId('desk-apply-description').fill('智能制造产线设计与工艺咨询服务。');
  await page.getByTestId('desk-apply-years').fill('6');
  await page.getByTestId('desk-apply-statement').fill('独立法人，成立六年，服务收费标准在官网公开，无失信记录。');
  const applied = page.waitForResponse((r) => r.url().endsWith('/api/providers') && r.request().method() === 'POST');
  await page.getByTestId('desk-apply-submit').click();
  const res = await applied;
  expect(res.status()).toBe(201);
  expect(res.request().postDataJSON()).toMatchObject({
    categories: ['design', 'consulting'],
    selfAssessment: { legalEntity: true, yearsInOperation: 6, publishedPrices: true, integrityClean: true },
  });
  await expect(page.getByTestId('desk-page')).toHaveAttribute('data-provider-status', 'applied');
  await expect(page.getByTestId('provider-status')).toHaveText('待审核');
  await expect(page.getByTestId('provider-self-assessment')).toContainText('6 年');

  // Evidence: a PNG for "published prices", listed with a download link.
  await pick(page, 'desk-evidence-condition', 'desk-evidence-condition-opt-published_prices');
  const uploaded = page.waitForResponse((r) => /\/api\/providers\/\d+\/evidence\?/.test(r.url()) && r.request().method() === 'POST');
  await page.getByTestId('desk-evidence').locator('input[type=file]').setInputFiles({ name: '收费标准公示.png', mimeType: 'image/png', buffer: PNG });
  expect((await uploaded).status()).toBe(201);
  const evidence = page.locator('[data-testid^="provider-evidence-link-"]').filter({ hasText: '收费标准公示.png' });
  await expect(evidence).toBeVisible();
  await expect(page.getByTestId('provider-evidence')).toContainText('公开收费标准');
  const download = page.waitForEvent('download');
  await evidence.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('收费标准公示.png');
  expect(fs.readFileSync(await file.path()).equals(PNG)).toBe(true);
  await shoot(page, 'desktop-voucher-desk-applied');
});

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const vp of VIEWPORTS) {
  test.describe(`voucher pages at ${vp.name} width`, () => {
    test.use({ viewport: vp.viewport });

    test(`screenshots ${vp.viewport.width}×${vp.viewport.height}`, async ({ page }) => {
      // Many pages, three accounts, two languages: more time on a busy machine.
      test.setTimeout(300_000);
      const n = (s: string) => `${vp.name}-${s}`;
      // Enterprise.
      await login(page, 'zj-member');
      await page.goto('/vouchers/wallet');
      await expect(page.locator('[data-testid^="wallet-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-wallet'));
      await noSidewaysScroll(page);
      if (voucherId) {
        await page.getByTestId(`wallet-history-${voucherId}`).click();
        await expect(page.getByTestId('voucher-history')).toBeVisible();
        await shoot(page, n('voucher-history'), false);
        await page.keyboard.press('Escape');
      }
      await page.goto('/vouchers/wallet?tab=programs');
      await expect(page.locator('[data-testid^="wallet-program-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-wallet-programs'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/wallet?tab=redemptions');
      await expect(page.locator('[data-testid^="my-redemptions-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-wallet-redemptions'));
      await noSidewaysScroll(page);
      await page.goto('/bookings');
      await expect(page.locator('[data-testid^="booking-row-"]').first()).toBeVisible();
      if (bookingId) await expect(page.getByTestId(`booking-paid-${bookingId}`)).toBeVisible();
      await shoot(page, n('voucher-my-bookings'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/providers');
      await expect(page.locator('[data-testid^="provider-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-providers-public'));
      await noSidewaysScroll(page);
      if (vp.name === 'phone') await page.getByTestId('menu-toggle').click();
      await logout(page);

      // Administrators.
      await login(page, 'zj-admin');
      await page.goto('/vouchers/programs');
      await expect(page.locator('[data-testid^="program-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-programs'));
      await noSidewaysScroll(page);
      await page.getByTestId('programs-create').click();
      await expect(page.getByTestId('program-form')).toBeVisible();
      await shoot(page, n('voucher-program-form'), false);
      await page.getByTestId('program-form-cancel').click();
      await page.locator('[data-testid^="program-link-"]').filter({ hasText: ZJ_PROGRAM }).click();
      await expect(page.getByTestId('program-budget')).toBeVisible();
      await shoot(page, n('voucher-program-detail'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/applications');
      await expect(page.getByTestId('applications-table')).toBeVisible();
      await pick(page, 'applications-filter-status', 'applications-filter-status-opt-approved');
      await expect(page.locator('[data-testid^="application-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-applications'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/issued');
      await expect(page.locator('[data-testid^="issued-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-issued'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/providers');
      await expect(page.locator('[data-testid^="provider-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-providers-queue'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/providers');
      await page.locator('[data-testid^="provider-link-"]').filter({ hasText: SH_PROVIDER }).click();
      await expect(page.getByTestId('provider-name')).toHaveText(SH_PROVIDER);
      await shoot(page, n('voucher-provider-detail'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/settlements');
      await expect(page.locator('[data-testid^="settlement-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-settlements'));
      await noSidewaysScroll(page);
      await page.locator('[data-testid^="settlement-link-"]').first().click();
      await expect(page.getByTestId('settlement-lines')).toBeVisible();
      await expect(page.getByTestId('clearing-panel')).toBeVisible();
      await shoot(page, n('voucher-settlement-detail'));
      await noSidewaysScroll(page);
      await page.goto('/vouchers/settlements?tab=clearing');
      await expect(page.getByTestId('clearing-chart').locator('canvas')).toBeVisible();
      await shoot(page, n('voucher-clearing'));
      await noSidewaysScroll(page);
      if (vp.name === 'desktop') {
        // In English.
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('menu-voucherSettlements')).toHaveText('Settlement & clearing');
        await expect(page.getByTestId('clearing-net-row-330000-310000')).toContainText('Zhejiang pays Shanghai');
        await expect(page.getByTestId('clearing-provisional')).toHaveText('Provisional (not all settled)');
        await shoot(page, n('voucher-clearing-en'));
        await page.goto('/vouchers/programs');
        await expect(page.getByTestId('programs-create')).toHaveText(/New programme/);
        await shoot(page, n('voucher-programs-en'));
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('menu-voucherSettlements')).toHaveText('结算与清算');
      }
      if (vp.name === 'phone') await page.getByTestId('menu-toggle').click();
      await logout(page);

      // Provider.
      await login(page, 'sh-org-admin');
      await page.goto('/vouchers/provider-desk');
      await expect(page.getByTestId('desk-checkout')).toBeVisible();
      await page.getByTestId('checkout-code').fill(voucherCode || 'ZJ-NONE');
      await page.getByTestId('checkout-lookup').click();
      await expect(page.getByTestId('checkout-voucher').or(page.getByTestId('checkout-lookup-error'))).toBeVisible();
      await shoot(page, n('voucher-desk-checkout'));
      await noSidewaysScroll(page);
      await page.getByTestId('desk-tab-receivables').click();
      await expect(page.getByTestId('receivables-table')).toBeVisible();
      await shoot(page, n('voucher-desk-receivables'));
      await noSidewaysScroll(page);
      await page.getByTestId('desk-tab-products').click();
      await expect(page.locator('[data-testid^="product-row-"]').first()).toBeVisible();
      await shoot(page, n('voucher-desk-products'));
      await noSidewaysScroll(page);
      await page.getByTestId('desk-tab-recognition').click();
      await expect(page.getByTestId('provider-self-assessment')).toBeVisible();
      await shoot(page, n('voucher-desk-recognition'));
      await noSidewaysScroll(page);
      if (vp.name === 'phone') await page.getByTestId('menu-toggle').click();
      await logout(page);

      // An organisation whose application awaits the check.
      await login(page, 'zj-org-admin');
      await page.goto('/vouchers/provider-desk');
      await expect(page.getByTestId('desk-recognition').or(page.getByTestId('desk-apply-form'))).toBeVisible();
      await shoot(page, n('voucher-desk-applied'));
      await noSidewaysScroll(page);
    });
  });
}
