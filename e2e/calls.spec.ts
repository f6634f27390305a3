import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { apiGet, login, noSidewaysScroll, pick, shoot, shootBoth, signOut, useLanguage } from './helpers';

// Joint research (Decision arts. 6, 7, 15, 17): the Shanghai instrument company poses a 揭榜挂帅
// challenge that the Shanghai commission publishes and opens; a Hangzhou enterprise bids with a
// Hefei partner (a cross-jurisdiction team) and a Suzhou institute with a Zhejiang partner; the
// commission closes the call, assigns reviewers optimally (k = 2) and reads the figures; each
// assigned expert scores in their queue; the poser states its preference, the commission awards
// one winner, publishes the award and — the e2e server runs with CALL_NOTICE_DAYS=0 — confirms
// it. Anhui records an integrity case against the Hefei enterprise, whose member is then refused
// on the Shanghai joint fund with the record named on screen. Screenshots of every new page at
// 1280 and 390 px.
//
// The e2e server seeds a fresh demo database on the real clock.

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const OUT = fileURLToPath(new URL('./screenshots/', import.meta.url));
const CHALLENGE = '揭榜挂帅：产线在线微型质谱传感器（e2e）';
const JOINT = '长三角联合基金：高端科学仪器关键部件（示例）';
const POSER = '示例量子精密仪器（上海）有限公司';
const HEFEI = '示例合肥量子信息科技有限公司';
const ZHIJIANG = '示例之江智能计算研究院';
const SUZHOU = '示例苏州先进材料研究院';
const AH_UNIT = '安徽省科学技术厅（示例）';
const BID_A = '微型离子阱质谱传感器方案（杭州—合肥联合）';
const BID_B = 'MEMS 四极杆质谱芯片方案（苏州—杭州联合）';
/** The demo experts by display name. */
const EXPERTS: Record<string, string> = {
  '钱示例研究员（苏州先进材料研究院）': 'js-expert',
  '吴示例教授（江淮科技大学）': 'ah-expert',
  '郑示例教授（长三角理工大学）': 'sh-expert',
  '冯示例研究员（之江智能计算研究院）': 'zj-expert',
};
/** A 1×1 PNG, as an attachment. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function orgId(page: Page, name: string): Promise<number> {
  const r = await apiGet<{ items: Array<{ id: number; name: string }> }>(page, `/organizations?q=${encodeURIComponent(name)}`);
  return r.items.find((o) => o.name === name)!.id;
}

/** Opens a menu entry (in the drawer on phones). */
async function menu(page: Page, key: string) {
  if (await page.getByTestId('menu-toggle').isVisible()) await page.getByTestId('menu-toggle').click();
  await page.getByTestId(`menu-${key}`).click();
}

/** Searches an organisation picker and chooses the organisation. */
async function pickOrg(page: Page, testId: string, query: string, id: number) {
  const option = page.getByTestId(`${testId}-opt-${id}`);
  await expect(async () => {
    if (!(await option.isVisible())) {
      await page.getByTestId(testId).click();
      await page.keyboard.type(query);
    }
    await option.click({ timeout: 3_000 });
    await expect(option).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.mouse.move(0, 0);
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

/** Moves the call on with the console's button (and its confirmation). */
async function moveTo(page: Page, to: string) {
  await page.getByTestId(`call-transition-${to}`).click();
  await page.getByTestId('call-transition-confirm').click();
  await expect(page.getByTestId('call-status')).toHaveAttribute('data-status', to);
}

async function openCall(page: Page, id: number) {
  await page.goto(`/research/calls/${id}`);
  await expect(page.getByTestId('call-page')).toHaveAttribute('data-call-id', String(id));
}

async function openTab(page: Page, tab: string) {
  // On phones the tab bar scrolls; a click can land while it moves.
  const btn = page.getByRole('tab').filter({ has: page.getByTestId(`call-tab-${tab}`) });
  await expect(async () => {
    await page.getByTestId(`call-tab-${tab}`).click({ timeout: 3_000 });
    await expect(btn).toHaveAttribute('aria-selected', 'true', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

let callId = 0;
let appA = 0;
let appB = 0;
/** Expert username → the applications assigned to them. */
const assigned = new Map<string, number[]>();

test('(a) sh-org-admin poses a challenge; sh-admin publishes and opens it', async ({ page }) => {
  await login(page, 'sh-org-admin');
  await menu(page, 'calls');
  await expect(page.getByTestId('calls-page')).toBeVisible();
  // The seeded calls are listed, filterable by kind.
  await expect(page.locator('[data-testid^="call-row-"]').filter({ hasText: JOINT })).toHaveCount(1);
  await pick(page, 'calls-filter-kind', 'calls-filter-kind-opt-challenge');
  await expect(page.locator('[data-testid^="call-row-"]').filter({ hasText: JOINT })).toHaveCount(0);
  await page.getByTestId('calls-filter-reset').click();

  await page.getByTestId('calls-pose').click();
  await expect(page.getByTestId('call-form')).toBeVisible();
  await page.getByTestId('call-form-title').fill(CHALLENGE);
  await page.getByTestId('call-form-description').fill('企业出题：研制可嵌入制药产线的在线微型质谱传感器，实时监测关键中间体。');
  await page.getByTestId('call-form-goals').fill('完成工程样机并在示范产线连续运行 30 天。');
  await page.getByTestId('call-form-indicators').fill('体积 < 8 L；质量范围 1–600 amu；检测限 < 1 ppm。');
  await tags(page, 'call-form-disciplines', ['150', '520']);
  await tags(page, 'call-form-keywords', ['质谱', '传感器']);
  await page.getByTestId('call-form-budget').fill('2000000');
  await page.getByTestId('call-form-milestone-add').click();
  await page.getByTestId('call-form-milestone-title-0').fill('工程样机');
  await page.getByTestId('call-form-submit').click();

  await expect(page.getByTestId('call-title')).toHaveText(CHALLENGE);
  await expect(page.getByTestId('call-status')).toHaveAttribute('data-status', 'draft');
  await expect(page.getByTestId('call-poser')).toHaveText(POSER);
  await expect(page.getByTestId('call-budget')).toHaveText('¥2,000,000.00');
  await expect(page.getByTestId('call-milestone-1')).toHaveText('工程样机');
  // The poser cannot publish its own challenge, nor bid on it.
  await expect(page.getByTestId('call-transition-published')).toHaveCount(0);
  await expect(page.getByTestId('call-apply')).toHaveCount(0);
  callId = Number(await page.getByTestId('call-page').getAttribute('data-call-id'));
  expect(callId).toBeGreaterThan(0);
  await signOut(page);

  await login(page, 'sh-admin');
  await openCall(page, callId);
  await moveTo(page, 'published');
  await moveTo(page, 'open');
  await expect(page.getByTestId('call-status')).toHaveText('受理中');
  // The list shows it open.
  await menu(page, 'calls');
  await expect(page.getByTestId(`call-status-${callId}`)).toHaveAttribute('data-status', 'open');
});

test('(b) zj-org-admin bids with a Hefei partner; js-org-admin with a Zhejiang partner', async ({ page }) => {
  expect(callId, 'needs the challenge of test (a)').toBeTruthy();
  await login(page, 'zj-org-admin');
  const hefei = await orgId(page, HEFEI);
  await openCall(page, callId);
  await page.getByTestId('call-apply').click();
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await page.getByTestId('apply-title').fill(BID_A);
  await page.getByTestId('apply-summary').fill('基于微型离子阱与低功耗真空系统的在线质谱传感器，合肥团队负责量子精密测量模块。');
  await page.getByTestId('apply-plan').fill('第 1–6 月原理样机；第 7–12 月工程样机与产线示范。');
  await page.getByTestId('apply-budget').fill('1500000');
  await page.getByTestId('apply-member-add').click();
  await page.getByTestId('apply-member-name-0').fill('孙示例');
  await pickOrg(page, 'apply-member-org-0', '合肥', hefei);
  await page.getByTestId('apply-member-role-0').fill('量子精密测量');
  // The team spans Zhejiang and Anhui.
  await expect(page.getByTestId('apply-jurisdictions')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('apply-jurisdictions')).toContainText('浙江');
  await expect(page.getByTestId('apply-jurisdictions')).toContainText('安徽');
  await page.locator('[data-testid="apply-form"] input[type="file"]').setInputFiles({ name: '技术方案.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('apply-file-0')).toContainText('技术方案.png');
  await page.getByTestId('apply-submit').click();

  await expect(page.getByTestId('call-mine')).toBeVisible();
  const card = page.getByTestId(/^my-application-\d+$/).filter({ hasText: BID_A });
  await expect(card).toBeVisible();
  await expect(card).toContainText(HEFEI);
  await expect(card).toContainText('技术方案.png');
  const mine = await apiGet<{ items: Array<{ id: number; title: string; jurisdictions: string[] }> }>(page, `/calls/${callId}/applications`);
  appA = mine.items.find((a) => a.title === BID_A)!.id;
  expect(mine.items.find((a) => a.id === appA)!.jurisdictions).toEqual(['330000', '340000']);
  await expect(page.getByTestId(`my-application-status-${appA}`)).toHaveAttribute('data-status', 'submitted');
  await signOut(page);

  await login(page, 'js-org-admin');
  const zhijiang = await orgId(page, ZHIJIANG);
  await openCall(page, callId);
  await page.getByTestId('call-apply').click();
  await page.getByTestId('apply-title').fill(BID_B);
  await page.getByTestId('apply-summary').fill('MEMS 工艺的四极杆质谱芯片，之江团队负责嵌入式智能谱图识别。');
  await page.getByTestId('apply-budget').fill('1800000');
  await page.getByTestId('apply-member-add').click();
  await page.getByTestId('apply-member-name-0').fill('冯示例');
  await pickOrg(page, 'apply-member-org-0', '之江', zhijiang);
  await expect(page.getByTestId('apply-jurisdictions')).toHaveAttribute('data-count', '2');
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('call-mine')).toBeVisible();
  const theirs = await apiGet<{ items: Array<{ id: number; title: string }> }>(page, `/calls/${callId}/applications`);
  appB = theirs.items.find((a) => a.title === BID_B)!.id;
  await expect(page.getByTestId(`my-application-status-${appB}`)).toHaveAttribute('data-status', 'submitted');
  // An applicant sees only its own application.
  expect(theirs.items.map((a) => a.id)).toEqual([appB]);
});

test('(c) sh-admin closes the call, moves it to review and assigns reviewers (k = 2)', async ({ page }) => {
  expect(appA && appB, 'needs both bids of test (b)').toBeTruthy();
  await login(page, 'sh-admin');
  await openCall(page, callId);
  await openTab(page, 'applications');
  await expect(page.getByTestId(`application-row-${appA}`)).toContainText(BID_A);
  await expect(page.getByTestId(`application-jurisdictions-${appA}`)).toContainText('安徽');
  await expect(page.getByTestId('applications-total')).toContainText('2');
  await moveTo(page, 'closed');
  await moveTo(page, 'review');

  await openTab(page, 'assignment');
  await expect(page.getByTestId('assign-empty')).toBeVisible();
  await page.getByTestId('assign-k-input').fill('2');
  await page.getByTestId('assign-mode-total').click();
  await page.getByTestId('assign-run').click();
  // The figures.
  await expect(page.getByTestId('assign-total-affinity')).toBeVisible();
  for (const id of ['assign-min-affinity', 'assign-mean-affinity', 'assign-experts', 'assign-load', 'assign-load-spread'])
    await expect(page.getByTestId(id)).toBeVisible();
  await expect(page.getByTestId('assign-all-covered')).toBeVisible();
  // The Suzhou institute's own expert and the Zhejiang partner's expert are excluded from bid B.
  await expect(page.getByTestId('assign-excluded-same-organization')).toContainText('2');
  await expect(page.getByTestId('assign-chart').locator('canvas')).toBeVisible();

  const rows = page.locator('[data-testid^="assign-reviewer-"]');
  await expect(rows).toHaveCount(4);
  for (const row of await rows.all()) {
    const [, , app] = (await row.getAttribute('data-testid'))!.split('-');
    const name = (await row.getAttribute('data-expert-name'))!;
    const user = EXPERTS[name];
    expect(user, name).toBeTruthy();
    assigned.set(user, [...(assigned.get(user) ?? []), Number(app)]);
  }
  expect([...assigned.values()].flat().sort()).toEqual([appA, appA, appB, appB].sort());
  // Nobody reviews an application of their own organisation.
  expect(assigned.get('js-expert') ?? []).not.toContain(appB);
  expect(assigned.get('zj-expert') ?? []).not.toContain(appB);

  // Adding js-expert to bid B by hand is refused, naming the conflict.
  const jsExpert = (await apiGet<{ items: Array<{ userId: number; name: string }> }>(page, `/experts?q=${encodeURIComponent('钱示例')}`)).items[0].userId;
  await pick(page, 'manual-app', `manual-app-opt-${appB}`);
  await pick(page, 'manual-expert', `manual-expert-opt-${jsExpert}`);
  await page.getByTestId('manual-submit').click();
  await expect(page.getByTestId('manual-error')).toHaveAttribute('data-rule', 'conflict-of-interest');
  await expect(page.getByTestId('manual-error-detail')).toContainText('与申请团队同单位');
  await shootBoth(page, 'research', 'call-assignment', { desktopWidth: 1280 });
});

test('(d) each assigned expert scores in the review queue', async ({ page }) => {
  expect(assigned.size, 'needs the assignment of test (c)').toBeGreaterThan(0);
  let shotForm = false;
  const scores = (app: number) =>
    app === appA ? { novelty: 22, feasibility: 20, team: 21, impact: 23 } : { novelty: 17, feasibility: 16, team: 18, impact: 15 };
  for (const [user, apps] of assigned) {
    await login(page, user);
    await menu(page, 'reviews');
    await expect(page.getByTestId('reviews-page')).toBeVisible();
    for (const app of apps) {
      const title = app === appA ? BID_A : BID_B;
      const link = page.locator('[data-testid^="review-link-"]').filter({ hasText: title });
      await expect(link).toHaveCount(1);
      await link.click();
      await expect(page.getByTestId('review-title')).toHaveText(title);
      // The application, never the other reviewers.
      await expect(page.getByTestId(`application-details-${app}`)).toBeVisible();
      const s = scores(app);
      // Blank until entered, never a silent 0; 30 is refused naming the criterion, not clamped (issue 15, defect 9).
      await expect(page.getByTestId('review-score-novelty')).toHaveValue('');
      await expect(page.getByTestId('review-total')).toHaveText('—');
      if (!shotForm) {
        await page.getByTestId('review-score-novelty').fill('30');
        await page.getByTestId('review-score-feasibility').focus();
        await expect(page.getByTestId('review-form')).toContainText('“创新性”须为 0–25 的整数，30 超出范围');
        await expect(page.getByTestId('review-score-novelty')).toHaveValue('30');
      }
      for (const [k, v] of Object.entries(s)) await page.getByTestId(`review-score-${k}`).fill(String(v));
      const total = Object.values(s).reduce((a, b) => a + b, 0);
      await expect(page.getByTestId('review-total')).toHaveText(String(total));
      await page.getByTestId('review-comment').fill(app === appA ? '技术路线清晰，跨省团队互补，建议支持。' : '方案可行，但产线适配论证不足。');
      if (!shotForm) {
        await shootBoth(page, 'research', 'review-form', { desktopWidth: 1280 });
        shotForm = true;
      }
      await page.getByTestId('review-submit').click();
      // A confirmation repeats the scores before they are submitted (issue 15, defect 9).
      await expect(page.getByTestId('review-confirm-total')).toHaveText(String(total));
      await page.getByTestId('review-confirm-ok').click();
      await expect(page.getByTestId('review-status')).toHaveAttribute('data-status', 'submitted');
      await page.getByTestId('review-back').click();
    }
    await pick(page, 'reviews-filter-status', 'reviews-filter-status-opt-submitted');
    await expect(page.locator('[data-testid^="review-row-"]').filter({ hasText: CHALLENGE.slice(0, 8) })).toHaveCount(apps.length);
    await signOut(page);
  }
});

test('(e) the poser states its preference; sh-admin awards one winner, publishes and confirms it', async ({ page }) => {
  expect(appA, 'needs the reviews of test (d)').toBeTruthy();
  await login(page, 'sh-admin');
  await openCall(page, callId);
  await moveTo(page, 'decision');
  await signOut(page);

  await login(page, 'sh-org-admin');
  await openCall(page, callId);
  await openTab(page, 'ranking');
  await expect(page.getByTestId(`ranking-row-${appA}`)).toBeVisible();
  await expect(page.getByTestId(`ranking-trimmed-${appA}`)).toHaveText('86');
  await expect(page.getByTestId(`ranking-trimmed-${appB}`)).toHaveText('66');
  await page.getByTestId(`opinion-app-${appA}`).click();
  await page.getByTestId('opinion-note').fill('方案 A 的离子阱路线更适合我司产线，合肥团队的量子精密测量能力是关键。');
  await shootBoth(page, 'research', 'poser-opinion-form', { desktopWidth: 1280 });
  await page.getByTestId('opinion-submit').click();
  await expect(page.getByTestId('poser-opinion-note')).toContainText('离子阱路线');
  await expect(page.getByTestId(`ranking-preferred-${appA}`)).toBeVisible();
  await signOut(page);

  await login(page, 'sh-admin');
  await openCall(page, callId);
  await openTab(page, 'ranking');
  await expect(page.getByTestId('poser-opinion-note')).toContainText('离子阱路线');
  await expect(page.getByTestId(`ranking-preferred-${appA}`)).toBeVisible();
  await page.getByTestId(`award-select-${appA}`).click();
  await expect(page.getByTestId(`award-amount-${appA}`)).toHaveValue('1500000.00');
  await page.getByTestId('award-note').fill('综合专家评审与出题单位意见，确定方案 A 揭榜。');
  await shootBoth(page, 'research', 'call-decision', { desktopWidth: 1280 });
  await page.getByTestId('award-submit').click();
  await expect(page.getByTestId('funding-total')).toContainText('¥1,500,000.00');
  await expect(page.getByTestId(`ranking-status-${appA}`)).toHaveAttribute('data-status', 'awarded');
  await expect(page.getByTestId(`ranking-status-${appB}`)).toHaveAttribute('data-status', 'not_awarded');
  await moveTo(page, 'notice');
  // CALL_NOTICE_DAYS=0: the notice is over at once.
  await expect(page.getByTestId('call-notice')).toBeVisible();
  await moveTo(page, 'awarded');
  await openTab(page, 'funding');
  await expect(page.getByTestId(`funding-award-${appA}`)).toHaveText('¥1,500,000.00');
  // The first milestone is assessed: the winner passes.
  await moveTo(page, 'milestones');
  await openTab(page, 'funding');
  await expect(page.getByTestId(`milestone-team-${appA}`)).toBeVisible();
  await page.getByTestId(`milestone-note-${appA}`).fill('工程样机通过现场测试。');
  await page.getByTestId('milestone-submit').click();
  await expect(page.getByTestId('milestone-history')).toContainText('通过');
  await signOut(page);

  // The winner sees its award.
  await login(page, 'zj-org-admin');
  await openCall(page, callId);
  await openTab(page, 'mine');
  await expect(page.getByTestId(`my-application-status-${appA}`)).toHaveAttribute('data-status', 'awarded');
  await expect(page.getByTestId(`my-application-award-${appA}`)).toHaveText('¥1,500,000.00');
});

test('(f) Anhui records an integrity case; the Hefei member is refused with the record named', async ({ page }) => {
  await login(page, 'ah-admin');
  const hefei = await orgId(page, HEFEI);
  await menu(page, 'integrity');
  await expect(page.getByTestId('integrity-page')).toBeVisible();
  await page.getByTestId('integrity-create').click();
  await expect(page.getByTestId('record-form')).toBeVisible();
  await page.getByTestId('record-form-type-organization').click();
  await pickOrg(page, 'record-form-org', '合肥量子', hefei);
  await page.getByTestId('record-form-misconduct').fill('在省级科技计划项目结题材料中伪造检测数据。');
  await page.getByTestId('record-form-outcome').fill('三年内取消申报财政科技计划项目资格。');
  await expect(page.getByTestId('record-form-unit')).toHaveValue(AH_UNIT);
  await page.getByTestId('record-form-basis').fill('《科研失信行为调查处理规则》第二十八条');
  await page.getByTestId('record-form-submit').click();
  await expect(page.getByTestId('record-subject')).toHaveText(HEFEI);
  await expect(page.getByTestId('record-state')).toHaveAttribute('data-status', 'active');
  const recordId = Number(await page.getByTestId('record-page').getAttribute('data-record-id'));
  await page.getByTestId('record-back').click();
  await pick(page, 'integrity-filter-type', 'integrity-filter-type-opt-organization');
  await pick(page, 'integrity-filter-state', 'integrity-filter-state-opt-active');
  await expect(page.getByTestId(`record-row-${recordId}`)).toBeVisible();
  await signOut(page);

  await login(page, 'ah-member');
  const suzhou = await orgId(page, SUZHOU);
  await menu(page, 'calls');
  const search = page.getByTestId('calls-filter-q').getByRole('searchbox');
  await search.fill('联合基金');
  await search.press('Enter');
  const link = page.locator('[data-testid^="call-link-"]').filter({ hasText: JOINT });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page.getByTestId('call-title')).toHaveText(JOINT);
  await page.getByTestId('call-apply').click();
  await page.getByTestId('apply-title').fill('量子增强型质谱离子源研究');
  await page.getByTestId('apply-summary').fill('合肥与苏州联合研究量子增强型离子源。');
  await page.getByTestId('apply-budget').fill('800000');
  await page.getByTestId('apply-member-add').click();
  await page.getByTestId('apply-member-name-0').fill('钱示例');
  await pickOrg(page, 'apply-member-org-0', '苏州先进', suzhou);
  await expect(page.getByTestId('apply-jurisdictions')).toHaveAttribute('data-count', '2');
  await page.getByTestId('apply-submit').click();
  const refusal = page.getByTestId('integrity-refusal');
  await expect(refusal).toBeVisible();
  await expect(page.getByTestId('integrity-refusal-subject')).toHaveText(HEFEI);
  await expect(page.getByTestId('integrity-refusal-unit')).toHaveText(AH_UNIT);
  await expect(page.getByTestId('integrity-refusal-link')).toHaveText(`#${recordId}`);
  await expect(refusal).toContainText('伪造检测数据');
  // The member sees the record about its organisation (but cannot appeal: its admin can).
  await page.getByTestId('apply-cancel').click();
  await menu(page, 'integrity');
  await expect(page.getByTestId(`record-row-${recordId}`)).toBeVisible();
  await page.getByTestId(`record-link-${recordId}`).click();
  await expect(page.getByTestId('record-subject')).toHaveText(HEFEI);
  await expect(page.getByTestId('record-appeal')).toHaveCount(0);
});

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const vp of VIEWPORTS) {
  test.describe(`research pages at ${vp.name} width`, () => {
    test.use({ viewport: vp.viewport });

    test(`screenshots ${vp.viewport.width}×${vp.viewport.height}`, async ({ page }) => {
      expect(callId && appA, 'needs the journey (a)–(e)').toBeTruthy();
      const snap = async (name: string, fullPage = true) => {
        await shoot(page, `${vp.name}-research-${name}`, fullPage);
        await noSidewaysScroll(page);
      };
      await login(page, 'sh-admin');
      await menu(page, 'calls');
      await expect(page.locator('[data-testid^="call-row-"]').first()).toBeVisible();
      await snap('calls');
      await openCall(page, callId);
      await snap('call-overview');
      if (vp.name === 'desktop') {
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('call-tab-overview')).toHaveText('Details');
        await snap('call-overview-en');
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('call-tab-overview')).toHaveText('指南详情');
      }
      await openTab(page, 'applications');
      await expect(page.getByTestId(`application-row-${appA}`)).toBeVisible();
      await snap('call-applications');
      // The assignment and its figures stay on record after the award.
      await openTab(page, 'assignment');
      await expect(page.getByTestId('assign-figures')).toBeVisible();
      await openTab(page, 'ranking');
      await expect(page.getByTestId(`ranking-row-${appA}`)).toBeVisible();
      await snap('call-ranking');
      await openTab(page, 'funding');
      await expect(page.getByTestId(`funding-award-${appA}`)).toBeVisible();
      await snap('call-funding');
      await menu(page, 'calls');
      await page.getByTestId('calls-create').click();
      await expect(page.getByTestId('call-form')).toBeVisible();
      await shoot(page, `${vp.name}-research-call-form`, false);
      await page.getByTestId('call-form-cancel').click();
      await menu(page, 'expertPool');
      await expect(page.locator('[data-testid^="expert-row-"]')).toHaveCount(4);
      await snap('expert-pool');
      await menu(page, 'integrity');
      await expect(page.locator('[data-testid^="record-row-"]').first()).toBeVisible();
      await snap('integrity');
      await page.locator('[data-testid^="record-link-"]').first().click();
      await expect(page.getByTestId('record-page')).toBeVisible();
      await snap('integrity-record');
      await menu(page, 'integrity');
      await page.getByTestId('integrity-create').click();
      await expect(page.getByTestId('record-form')).toBeVisible();
      await shoot(page, `${vp.name}-research-integrity-form`, false);
      await page.getByTestId('record-form-cancel').click();
      await signOut(page);

      await login(page, 'sh-org-admin');
      await menu(page, 'calls');
      await page.getByTestId('calls-pose').click();
      await expect(page.getByTestId('call-form')).toBeVisible();
      await shoot(page, `${vp.name}-research-pose-form`, false);
      await page.getByTestId('call-form-cancel').click();
      await openCall(page, callId);
      await openTab(page, 'ranking');
      await expect(page.getByTestId('poser-opinion-note')).toBeVisible();
      await snap('poser-ranking');
      await signOut(page);

      await login(page, 'zj-org-admin');
      await openCall(page, callId);
      await openTab(page, 'mine');
      await expect(page.getByTestId(`my-application-${appA}`)).toBeVisible();
      await snap('my-bid');
      await menu(page, 'calls');
      await page.locator('[data-testid^="call-link-"]').filter({ hasText: JOINT }).click();
      await page.getByTestId('call-apply').click();
      await page.getByTestId('apply-member-add').click();
      await expect(page.getByTestId('apply-member-0')).toBeVisible();
      await shoot(page, `${vp.name}-research-apply-form`, false);
      await page.getByTestId('apply-cancel').click();
      await signOut(page);

      const [expert, apps] = [...assigned.entries()][0];
      await login(page, expert);
      await menu(page, 'reviews');
      await pick(page, 'reviews-filter-status', 'reviews-filter-status-opt-submitted');
      await expect(page.locator('[data-testid^="review-row-"]').first()).toBeVisible();
      await snap('reviews');
      await page
        .locator('[data-testid^="review-link-"]')
        .filter({ hasText: apps[0] === appA ? BID_A : BID_B })
        .click();
      await expect(page.getByTestId('review-form')).toBeVisible();
      await snap('review');
      await signOut(page);

      // js-expert's profile carries the seeded co-authorship; on the desktop pass it declares one more.
      await login(page, 'js-expert');
      await menu(page, 'expertProfile');
      await expect(page.getByTestId('expert-profile-form')).toBeVisible();
      await expect(page.getByTestId('expert-relations')).toContainText('吴示例教授');
      if (vp.name === 'desktop') {
        await page.getByTestId('relation-add').click();
        await pick(page, 'relation-kind', 'relation-kind-opt-collaborator');
        await page.getByTestId('relation-with-org').click();
        await pickOrg(page, 'relation-org', '杭州智能', await orgId(page, '示例杭州智能制造科技有限公司'));
        await page.getByTestId('relation-note').fill('2025 年横向合作项目');
        await shoot(page, `${vp.name}-research-relation-form`, false);
        await page.getByTestId('relation-submit').click();
        await expect(page.getByTestId('expert-relations')).toContainText('示例杭州智能制造科技有限公司');
      }
      await snap('expert-profile');
      await signOut(page);

      await login(page, 'ah-member');
      await menu(page, 'calls');
      await page.locator('[data-testid^="call-link-"]').filter({ hasText: JOINT }).click();
      await page.getByTestId('call-apply').click();
      await page.getByTestId('apply-title').fill('量子增强型质谱离子源研究');
      await page.getByTestId('apply-summary').fill('合肥与苏州联合研究。');
      await page.getByTestId('apply-budget').fill('800000');
      await page.getByTestId('apply-member-add').click();
      await page.getByTestId('apply-member-name-0').fill('钱示例');
      await pickOrg(page, 'apply-member-org-0', '苏州先进', await orgId(page, SUZHOU));
      await page.getByTestId('apply-submit').click();
      await expect(page.getByTestId('integrity-refusal')).toBeVisible();
      await page.getByTestId('integrity-refusal').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, `${vp.name}-research-integrity-refusal.png`) });
    });
  });
}
