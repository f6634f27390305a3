import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { login, noSidewaysScroll, shoot, signOut, useLanguage } from './helpers';

// Technology market (Decision art. 8, issue 5). JOURNEY 1: the Hangzhou enterprise's admin
// (zj-org-admin) searches the market, opens her demand for motor-controller cooling material, sees
// the Suzhou institute's graphene film ranked first with its reasons, opens it and accepts its
// open patent licence in one click: the licence record number and the contract appear, and the
// result then counts one licensee. Also: the institute's admin sees the licensee, is refused a
// declaration on the pledged patent with the law's reason, declares and withdraws one on another
// patent (the withdrawal announced); posting a result with a wrong application number puts the
// check-digit message on its field, a valid one shows its inventors' shares; the English switch
// renders the market in English. Screenshots of every market page at 1366 and 390 px.
//
// The e2e server seeds a fresh demo database on the real clock.

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const OUT = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DEMAND = '新能源汽车电机控制器散热材料需求';
const GRAPHENE = '高导热石墨烯复合散热膜及其制备方法';
const PLEDGED = '柔性钙钛矿太阳能电池封装结构';
const SODIUM = '低成本钠离子电池层状氧化物正极材料';
const ZJ_ENTERPRISE = '示例杭州智能制造科技有限公司';
const SUZHOU = '示例苏州先进材料研究院';
const NEW_RESULT = '基于相变材料的动力电池包被动热管理结构（e2e）';

/** A CN application number with its check character (Σ dᵢ·wᵢ mod 11, weights 2…9 repeating, 10 = X). */
function applicationNo(year: number, type: 1 | 2 | 3, serial: number): string {
  const digits = `${year}${type}${String(serial).padStart(7, '0')}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (2 + (i % 8));
  const r = sum % 11;
  return `${digits}.${r === 10 ? 'X' : r}`;
}
/** The same number with a wrong check character. */
function wrongCheck(no: string): string {
  const c = no.slice(-1);
  return `${no.slice(0, -1)}${c === '0' ? '1' : '0'}`;
}

/** Opens a menu entry (in the drawer on phones). */
async function menu(page: Page, key: string) {
  if (await page.getByTestId('menu-toggle').isVisible()) await page.getByTestId('menu-toggle').click();
  await page.getByTestId(`menu-${key}`).click();
}

/** Types tags into a tags input, each confirmed with Enter. */
async function tags(page: Page, testId: string, values: string[]) {
  const input = page.getByTestId(testId).locator('input');
  for (const v of values) {
    await input.fill(v);
    await input.press('Enter');
  }
  for (const v of values)
    await expect(page.getByTestId(testId).locator('.ant-select-selection-item, .ant-select-content-item').filter({ hasText: v }).first()).toBeVisible();
}

async function search(page: Page, words: string) {
  const box = page.getByTestId('market-search').getByRole('searchbox');
  await box.fill(words);
  await box.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(words);
}

/** The id in a test id like `result-card-12`. */
async function idOf(page: Page, selector: string, hasText: string): Promise<number> {
  const el = page.locator(selector).filter({ hasText }).first();
  await expect(el).toBeVisible();
  const tid = (await el.getAttribute('data-testid'))!;
  return Number(tid.split('-').pop());
}

/** The Form.Item around a control, for its error message. */
const formItem = (page: Page, testId: string) =>
  page
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId(testId) })
    .first();

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

let grapheneId = 0;
let demandId = 0;
let contractId = 0;
let recordNo = '';

test('(a) zj-org-admin searches the market and opens her demand: the graphene film ranks first, with why', async ({ page }) => {
  await login(page, 'zj-org-admin');
  await menu(page, 'market');
  await expect(page.getByTestId('market-page')).toBeVisible();
  // Results by default, with facets and the other tab's total.
  await expect(page.locator('[data-testid^="result-card-"]').first()).toBeVisible();
  await expect(page.getByTestId('facet-resultType')).toContainText('发明专利');

  await search(page, '石墨烯');
  grapheneId = await idOf(page, '[data-testid^="result-card-"]', GRAPHENE);
  const card = page.getByTestId(`result-card-${grapheneId}`);
  // The matched words are highlighted; the card shows number, IPC, TRL, price and the open licence.
  await expect(card.locator('mark.yrd-hit').first()).toBeVisible();
  await expect(page.getByTestId(`result-appno-${grapheneId}`)).toContainText('202111043581.3');
  await expect(page.getByTestId(`result-trl-${grapheneId}`)).toContainText('7');
  await expect(card).toContainText('H05K 7/20');
  await expect(page.getByTestId(`result-price-${grapheneId}`)).toHaveText('¥800,000.00');
  await expect(page.getByTestId(`result-ol-${grapheneId}`)).toBeVisible();
  await expect(card).toContainText('¥50,000.00');
  // The same words over demands: her demand is there.
  await expect(page.getByTestId('market-tab-demands-total')).not.toHaveText('0');
  await page.getByTestId('market-tab-demands').click();
  await expect(page.getByTestId('market-page')).toHaveAttribute('data-tab', 'demands');
  demandId = await idOf(page, '[data-testid^="demand-card-"]', DEMAND);
  await expect(page.getByTestId(`demand-card-${demandId}`).locator('mark.yrd-hit').first()).toBeVisible();
  await page.getByTestId(`demand-link-${demandId}`).click();

  await expect(page.getByTestId('demand-title')).toHaveText(DEMAND);
  await expect(page.getByTestId('demand-budget')).toHaveText('¥800,000.00');
  // Ranked results: the graphene film first, with its reasons.
  const first = page.locator('[data-testid^="match-result-"][data-rank="1"]');
  await expect(first).toHaveAttribute('data-testid', `match-result-${grapheneId}`);
  await expect(page.getByTestId(`match-result-rank-${grapheneId}`)).toHaveText('1');
  await expect(page.getByTestId(`match-result-reason-${grapheneId}-terms`)).toContainText('散热');
  await expect(page.getByTestId(`match-result-reason-${grapheneId}-terms`)).toContainText('导热');
  await expect(page.getByTestId(`match-result-reason-${grapheneId}-ipc`)).toContainText('H05K');
  await expect(page.getByTestId(`match-result-reason-${grapheneId}-fields`)).toContainText('430');
  const score = Number(await page.getByTestId(`match-result-score-${grapheneId}`).getAttribute('data-score'));
  expect(score).toBeGreaterThan(0.5);
  await expect(page.getByTestId(`match-result-ol-${grapheneId}`)).toBeVisible();
  // Experts (and institutions) are matched too.
  await page.getByTestId('match-tab-experts').click();
  await expect(page.locator('[data-testid^="match-expert-"]').first()).toBeVisible();
  await page.getByTestId('match-tab-results').click();

  await page.getByTestId(`match-result-link-${grapheneId}`).click();
  await expect(page.getByTestId('result-title')).toHaveText(GRAPHENE);
  await expect(page.getByTestId('result-page')).toHaveAttribute('data-result-id', String(grapheneId));
});

test('(b) she accepts the open licence in one click: licence record number and contract', async ({ page }) => {
  expect(grapheneId, 'needs the graphene film found in test (a)').toBeTruthy();
  await login(page, 'zj-org-admin');
  await page.goto(`/market/results/${grapheneId}`);
  await expect(page.getByTestId('result-title')).toHaveText(GRAPHENE);
  // All fields: owner, number, inventors and their shares (赋权), legal status.
  await expect(page.getByTestId('result-owner')).toHaveText(SUZHOU);
  await expect(page.getByTestId('result-application-no')).toContainText('202111043581.3');
  await expect(page.getByTestId('result-inventor-names')).toContainText('孙小明');
  await expect(page.getByTestId('result-shares')).toContainText('30%');
  await expect(page.getByTestId('legal-pledged')).toHaveAttribute('data-ok', 'true');
  // The declared terms.
  await expect(page.getByTestId('ol-panel')).toHaveAttribute('data-state', 'active');
  await expect(page.getByTestId('ol-terms-method')).toHaveAttribute('data-method', 'one_off');
  await expect(page.getByTestId('ol-terms-fee')).toHaveText('¥50,000.00');
  await expect(page.getByTestId('ol-terms-term')).toHaveText('36 个月');
  await expect(page.getByTestId('ol-terms-licensees')).toHaveText('0');
  // The demands this result matches include hers.
  await expect(page.getByTestId(`match-demand-${demandId}`)).toBeVisible();

  await page.getByTestId('ol-accept').click();
  await expect(page.getByTestId('ol-accept-modal')).toBeVisible();
  await expect(page.getByTestId('ol-accept-terms-fee')).toHaveText('¥50,000.00');
  await expect(page.getByTestId('ol-accept-modal')).toContainText(ZJ_ENTERPRISE);
  await page.getByTestId('ol-accept-confirm').click();

  await expect(page.getByTestId('ol-held')).toBeVisible();
  recordNo = (await page.getByTestId('ol-record-no').innerText()).trim();
  expect(recordNo).toMatch(/^YRD-XK-\d{4}-\d{6}$/);
  await expect(page.getByTestId('ol-contract-link')).toHaveText(/^YRD-TT-\d{4}-\d{6}$/);
  const href = (await page.getByTestId('ol-contract-link').getAttribute('href'))!;
  contractId = Number(href.split('/').pop());
  expect(href).toBe(`/market/contracts/${contractId}`);
  // The result now reflects its licensee; no second acceptance is offered.
  await expect(page.getByTestId('ol-terms-licensees')).toHaveText('1');
  await expect(page.getByTestId('ol-accept')).toHaveCount(0);

  // After a reload the licence is still shown as held.
  await page.reload();
  await expect(page.getByTestId('ol-record-no')).toHaveText(recordNo);
  await expect(page.getByTestId('ol-terms-licensees')).toHaveText('1');
  // The contract page.
  await page.getByTestId('ol-contract-link').click();
  await expect(page).toHaveURL(new RegExp(`/market/contracts/${contractId}$`));
  await expect(page.getByTestId('contract-page')).toBeVisible();
  // Her portfolio lists the licence obtained.
  await page.goto('/market/portfolio?tab=licensee');
  await expect(page.getByTestId(`portfolio-contract-link-${contractId}`)).toBeVisible();
  await expect(page.getByTestId(`portfolio-contract-status-${contractId}`)).toHaveAttribute('data-status', 'active');
});

test('(c) the institute sees the licensee; the pledged patent is refused with the law’s reason; declare and withdraw', async ({ page }) => {
  expect(contractId, 'needs the acceptance of test (b)').toBeTruthy();
  await login(page, 'js-org-admin');
  await page.goto(`/market/results/${grapheneId}`);
  await expect(page.getByTestId('ol-terms-licensees')).toHaveText('1');
  await expect(page.getByTestId('ol-accept')).toHaveCount(0);
  await expect(page.getByTestId('ol-withdraw')).toBeVisible();
  await expect(page.getByTestId('ol-licensees')).toContainText(ZJ_ENTERPRISE);
  await expect(page.getByTestId(`ol-licensee-contract-${contractId}`)).toBeVisible();
  // The open licences list counts it too.
  await menu(page, 'openLicences');
  await expect(page.getByTestId('open-licences-page')).toBeVisible();
  const olRow = page.locator('[data-testid^="ol-row-"]').filter({ hasText: GRAPHENE }).first();
  await expect(olRow).toBeVisible();
  const olId = Number((await olRow.getAttribute('data-testid'))!.split('-').pop());
  await expect(page.getByTestId(`ol-row-licensees-${olId}`)).toHaveText('1');

  // The pledged patent: the law bars a declaration, and the refusal says why.
  await menu(page, 'market');
  await search(page, '钙钛矿');
  const pledgedId = await idOf(page, '[data-testid^="result-card-"]', PLEDGED);
  await page.getByTestId(`result-link-${pledgedId}`).click();
  await expect(page.getByTestId('legal-pledged')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('ol-bars')).toContainText('质押');
  await page.getByTestId('ol-declare').click();
  await page.getByTestId('ol-declare-fee').fill('10000');
  await page.getByTestId('ol-declare-submit').click();
  const refusal = page.getByTestId('ol-declare-refusal');
  await expect(refusal).toBeVisible();
  await expect(refusal).toHaveAttribute('data-rule', 'open-licence-pledged');
  await expect(refusal).toContainText('依法不能声明开放许可');
  await expect(page.getByTestId('ol-declare-refusal-detail')).toContainText('质权人');
  await expect(refusal).toContainText('专利法实施细则第八十六条');
  await page.getByTestId('ol-declare-cancel').click();

  // The sodium-ion cathode: a royalty above 20 % is refused on its field, 5 % is declared.
  await menu(page, 'market');
  await search(page, '钠离子');
  const sodiumId = await idOf(page, '[data-testid^="result-card-"]', SODIUM);
  await page.getByTestId(`result-link-${sodiumId}`).click();
  await expect(page.getByTestId('ol-none')).toBeVisible();
  await page.getByTestId('ol-declare').click();
  // The form is filled until it holds what was typed (a re-render under load can drop a click or
  // a keystroke), and only then submitted: a refused declaration must be refused for the royalty.
  await expect(async () => {
    await page.getByTestId('ol-declare-method-entry_royalty').click({ timeout: 3_000 });
    await page.getByTestId('ol-declare-fee').fill('30000', { timeout: 3_000 });
    await page.getByTestId('ol-declare-royalty').fill('25', { timeout: 3_000 });
    await page.getByTestId('ol-declare-term').fill('24', { timeout: 3_000 });
    await expect(page.getByTestId('ol-declare-royalty')).toHaveValue(/25/, { timeout: 1_000 });
    await expect(page.getByTestId('ol-declare-term')).toHaveValue(/24/, { timeout: 1_000 });
    await expect(page.getByTestId('ol-declare-fee')).toHaveValue(/30,?000/, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByTestId('ol-declare-submit').click();
  await expect(formItem(page, 'ol-declare-royalty').locator('.ant-form-item-explain-error')).toContainText('20%');
  await page.getByTestId('ol-declare-royalty').fill('5');
  await page.getByTestId('ol-declare-statement').fill('入门费 3 万元，另按净销售额 5% 提成（e2e）。');
  await page.getByTestId('ol-declare-submit').click();
  await expect(page.getByTestId('ol-panel')).toHaveAttribute('data-state', 'active');
  await expect(page.getByTestId('ol-terms-method')).toHaveAttribute('data-method', 'entry_royalty');
  await expect(page.getByTestId('ol-terms-fee')).toHaveText('¥30,000.00');
  await expect(page.getByTestId('ol-terms-royalty')).toContainText('5%');
  await expect(page.getByTestId('result-ol-tag')).toBeVisible();
  // …and withdrawn with a reason: the announcement is shown.
  await page.getByTestId('ol-withdraw').click();
  await page.getByTestId('ol-withdraw-text').fill('与储能企业达成独家合作意向，撤回开放许可（e2e）。');
  await page.getByTestId('ol-withdraw-submit').click();
  await expect(page.getByTestId('ol-panel')).toHaveAttribute('data-state', 'withdrawn');
  await expect(page.getByTestId('ol-withdrawal-reason')).toContainText('独家合作意向');
  await menu(page, 'openLicences');
  await page.getByTestId('ol-tab-withdrawn').click();
  await expect(page.locator('[data-testid^="ol-row-"]').filter({ hasText: SODIUM }).first()).toBeVisible();
  await expect(page.locator('[data-testid^="ol-row-reason-"]').first()).toContainText('独家合作意向');

  // The institute's portfolio: the licence granted, the open licences, the chart.
  await menu(page, 'portfolio');
  await expect(page.getByTestId('portfolio-page')).toBeVisible();
  await expect(page.getByTestId(`portfolio-ol-${grapheneId}`)).toBeVisible();
  await page.getByTestId('portfolio-tab-licensor').click();
  await expect(page.getByTestId(`portfolio-contract-link-${contractId}`)).toBeVisible();
  await expect(page.getByTestId(`portfolio-contract-${contractId}`)).toContainText(ZJ_ENTERPRISE);
  await expect(page.getByTestId('portfolio-echart').locator('canvas')).toBeVisible();
});

test('(d) posting a result: a wrong application number is refused on its field; a valid one lists it with its shares', async ({ page }) => {
  await login(page, 'js-org-admin');
  await menu(page, 'market');
  await page.getByTestId('market-post-result').click();
  await expect(page.getByTestId('result-form')).toBeVisible();
  const good = applicationNo(2024, 1, 1357913);
  await page.getByTestId('result-form-title').fill(NEW_RESULT);
  await page.getByTestId('result-form-application-no').fill(wrongCheck(good));
  await page.getByTestId('result-form-summary').fill('以石蜡基复合相变材料填充电池模组间隙，吸收峰值热量，模组温差控制在 5 °C 以内，无需额外能耗。');
  await tags(page, 'result-form-keywords', ['相变材料', '热管理']);
  await tags(page, 'result-form-fields', ['430']);
  await tags(page, 'result-form-inventors', ['周示例', '李示例']);
  await page.getByTestId('result-form-job-related').click();
  await page.getByTestId('result-form-share-add').click();
  await page.getByTestId('result-form-share-name-0').fill('周示例');
  await page.getByTestId('result-form-share-pct-0').fill('30');
  await page.getByTestId('result-form-share-add').click();
  await page.getByTestId('result-form-share-name-1').fill('李示例');
  await page.getByTestId('result-form-share-pct-1').fill('20');
  await expect(page.getByTestId('result-form-share-sum')).toContainText('50%');
  await page.getByTestId('result-form-price').fill('450000');
  await page.getByTestId('result-form-submit').click();
  // The server's check-digit message, on the application number's field.
  await expect(formItem(page, 'result-form-application-no').locator('.ant-form-item-explain-error')).toHaveText('专利申请号校验位错误，请核对');
  await expect(page.getByTestId('result-form')).toBeVisible();

  await page.getByTestId('result-form-application-no').fill(good);
  await page.getByTestId('result-form-submit').click();
  await expect(page.getByTestId('result-title')).toHaveText(NEW_RESULT);
  await expect(page.getByTestId('result-application-no')).toContainText(good);
  await expect(page.getByTestId('result-price')).toHaveText('¥450,000.00');
  await expect(page.getByTestId('result-shares')).toContainText('周示例');
  await expect(page.getByTestId('result-shares')).toContainText('50%');
  await expect(page.getByTestId('result-rights-kind')).toHaveText('赋予部分所有权');
  // A granted patent with nothing barring it: the owner may declare an open licence.
  await expect(page.getByTestId('ol-declare')).toBeVisible();
  await expect(page.getByTestId('ol-bars')).toHaveCount(0);
});

test('(e) the English switch renders the market in English', async ({ page }) => {
  await login(page, 'zj-org-admin');
  await menu(page, 'market');
  await expect(page.getByTestId('market-page')).toBeVisible();
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('market-tab-results')).toContainText('Results');
  await expect(page.getByTestId('market-tab-demands')).toContainText('Demands');
  await expect(page.getByTestId('market-post-demand')).toHaveText(/Post a demand/);
  await expect(page.getByTestId('facet-resultType')).toContainText('Invention patent');
  await expect(page.getByTestId('market-header')).toContainText('Technology market');
  await expect(page.locator('body')).not.toContainText('market.');
  await search(page, '石墨烯');
  await expect(page.getByTestId(`result-card-${grapheneId}`)).toContainText('Open licence');
  await page.goto(`/market/demands/${demandId}`);
  await expect(page.getByTestId('match-tab-results')).toContainText('Results');
  await expect(page.locator('body')).not.toContainText('market.');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('match-tab-results')).toContainText('科技成果');
});

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const vp of VIEWPORTS) {
  test.describe(`market pages at ${vp.name} width`, () => {
    test.use({ viewport: vp.viewport });

    test(`screenshots ${vp.viewport.width}×${vp.viewport.height}`, async ({ page }) => {
      // A dozen full-page shots: about a minute on a quiet machine, more on a busy one (CI met 60 s).
      test.setTimeout(180_000);
      expect(grapheneId && demandId && contractId, 'needs the journey (a)–(c)').toBeTruthy();
      const snap = async (name: string, fullPage = true) => {
        await shoot(page, `${vp.name}-market-${name}`, fullPage);
        await noSidewaysScroll(page);
      };
      await login(page, 'zj-org-admin');
      await menu(page, 'market');
      await expect(page.locator('[data-testid^="result-card-"]').first()).toBeVisible();
      await snap('home');
      await search(page, '散热 材料');
      await expect(page.locator('[data-testid^="result-card-"]').first()).toBeVisible();
      await snap('search');
      await page.getByTestId('market-tab-demands').click();
      await expect(page.locator('[data-testid^="demand-card-"]').first()).toBeVisible();
      await snap('search-demands');
      await page.goto(`/market/demands/${demandId}`);
      await expect(page.getByTestId(`match-result-${grapheneId}`)).toBeVisible();
      await snap('demand');
      await page.goto(`/market/results/${grapheneId}`);
      await expect(page.getByTestId('ol-held')).toBeVisible();
      await snap('result-licensed');
      await menu(page, 'portfolio');
      await expect(page.getByTestId('portfolio-page')).toBeVisible();
      await snap('portfolio-enterprise');
      await menu(page, 'market');
      await page.getByTestId('market-post-demand').click();
      await expect(page.getByTestId('demand-form')).toBeVisible();
      await shoot(page, `${vp.name}-market-demand-form`, false);
      await page.getByTestId('demand-form-cancel').click();
      if (vp.name === 'desktop') {
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('market-tab-results')).toContainText('Results');
        await snap('home-en');
        await page.goto(`/market/results/${grapheneId}`);
        await expect(page.getByTestId('ol-held')).toBeVisible();
        await snap('result-en');
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('result-back')).toContainText('返回技术市场');
      }
      await signOut(page);

      // Another enterprise sees the acceptance dialog.
      await login(page, 'ah-org-admin');
      await page.goto(`/market/results/${grapheneId}`);
      await page.getByTestId('ol-accept').click();
      await expect(page.getByTestId('ol-accept-modal')).toBeVisible();
      await shoot(page, `${vp.name}-market-accept-modal`, false);
      await page.getByTestId('ol-accept-cancel').click();
      await signOut(page);

      await login(page, 'js-org-admin');
      await menu(page, 'openLicences');
      await expect(page.locator('[data-testid^="ol-row-"]').first()).toBeVisible();
      await snap('open-licences');
      await page.getByTestId('ol-tab-withdrawn').click();
      await expect(page.locator('[data-testid^="ol-row-"]').first()).toBeVisible();
      await snap('open-licences-withdrawn');
      await menu(page, 'portfolio');
      await expect(page.getByTestId(`portfolio-ol-${grapheneId}`)).toBeVisible();
      await snap('portfolio');
      await page.getByTestId('portfolio-tab-licensor').click();
      await expect(page.getByTestId(`portfolio-contract-link-${contractId}`)).toBeVisible();
      await page.getByTestId('portfolio-chart-money').click();
      await snap('portfolio-licences');
      await page.goto(`/market/results/${grapheneId}`);
      await expect(page.getByTestId('ol-withdraw')).toBeVisible();
      await snap('result-owner');
      await menu(page, 'market');
      await search(page, '钙钛矿');
      await page.locator('[data-testid^="result-link-"]').filter({ hasText: PLEDGED }).first().click();
      await expect(page.getByTestId('ol-bars')).toBeVisible();
      await page.getByTestId('ol-declare').click();
      await page.getByTestId('ol-declare-fee').fill('10000');
      await page.getByTestId('ol-declare-submit').click();
      await expect(page.getByTestId('ol-declare-refusal')).toBeVisible();
      await shoot(page, `${vp.name}-market-declare-refused`, false);
      await page.getByTestId('ol-declare-cancel').click();
      await menu(page, 'market');
      await page.getByTestId('market-post-result').click();
      await expect(page.getByTestId('result-form')).toBeVisible();
      await page.getByTestId('result-form-job-related').click();
      await page.getByTestId('result-form-share-add').click();
      await page.getByTestId('result-form-legal-pledged').click();
      await shoot(page, `${vp.name}-market-result-form`, false);
      await page
        .locator('.ant-modal-wrap')
        .last()
        .evaluate((el) => el.scrollTo(0, 0));
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, `${vp.name}-market-result-form-top.png`) });
      await page.getByTestId('result-form-cancel').click();
    });
  });
}
