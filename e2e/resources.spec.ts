import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { login, logout, noSidewaysScroll, pick, shoot, useLanguage } from './helpers';

// Shared scientific resources (Decision art. 15): search the regional catalogue, book on the week
// calendar with a quote, conflicts and rules, the waitlist, approval by the resource's manager,
// training, closures, usage — and screenshots of the new pages at desktop and phone width.
//
// The e2e server seeds a fresh demo database and runs on the real clock, so every date here is
// computed from now, in Beijing time, skipping weekends (the demo instruments open Mon–Fri 09–17).

// Long journeys on a shared machine: allow them more than the default minute.
test.describe.configure({ mode: 'serial', timeout: 150_000 });

const LCMS = '示例高分辨液相色谱-质谱联用仪';
const SEM = '示例场发射扫描电子显微镜';
const DAY = 86_400_000;
const BJ = 8 * 3600_000;

/** Beijing calendar date (YYYY-MM-DD) of an instant. */
const bjDate = (ms: number) => new Date(ms + BJ).toISOString().slice(0, 10);
/** Day of the week in Beijing: 0 Sunday … 6 Saturday. */
const bjWeekday = (ms: number) => new Date(ms + BJ).getUTCDay();
/** Monday of the Beijing week containing a date. */
function mondayOf(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const dow = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - dow * DAY).toISOString().slice(0, 10);
}
/** Weekdays (Beijing) starting at least `daysAhead` days from now. */
function weekdaysFrom(daysAhead: number, count = 15): string[] {
  const out: string[] = [];
  for (let d = daysAhead; out.length < count; d++) {
    const ms = Date.now() + d * DAY;
    const wd = bjWeekday(ms);
    if (wd !== 0 && wd !== 6) out.push(bjDate(ms));
  }
  return out;
}
/** Slot start times on the 30-minute grid: ('10:00', '12:00') → 1000, 1030, 1100, 1130. */
function slots(from: string, to: string): string[] {
  const m = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  const out: string[] = [];
  for (let x = m(from); x < m(to); x += 30) out.push(`${String(Math.floor(x / 60)).padStart(2, '0')}${String(x % 60).padStart(2, '0')}`);
  return out;
}

/** Searches the catalogue and opens the resource with this exact name. */
async function openResource(page: Page, query: string, name: string): Promise<number> {
  await page.goto('/resources');
  const search = page.getByTestId('catalogue-search').getByRole('searchbox');
  await search.fill(query);
  await search.press('Enter');
  const link = page.locator('[data-testid^="catalogue-item-link-"]').filter({ hasText: name });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page.getByTestId('resource-name')).toHaveText(name);
  return Number(await page.getByTestId('resource-page').getAttribute('data-resource-id'));
}

async function calendarReady(page: Page) {
  await expect(page.getByTestId('week-calendar')).toHaveAttribute('data-loading', 'false');
}

/** Moves the calendar to the week containing `date`. */
async function showWeekOf(page: Page, date: string) {
  const target = mondayOf(date);
  await calendarReady(page);
  for (let i = 0; i < 30; i++) {
    const shown = await page.getByTestId('calendar-week').getAttribute('data-week-start');
    if (shown === target) break;
    await page.getByTestId(shown! < target ? 'calendar-next' : 'calendar-prev').click();
    await expect(page.getByTestId('calendar-week')).not.toHaveAttribute('data-week-start', shown!);
    await calendarReady(page);
  }
  await expect(page.getByTestId('calendar-week')).toHaveAttribute('data-week-start', target);
  await calendarReady(page);
}

/** Clicks the first and the last slot of [from, to) on a date. */
async function selectRange(page: Page, date: string, from: string, to: string) {
  const s = slots(from, to);
  await page.getByTestId(`cal-cell-${date}-${s[0]}`).click();
  if (s.length > 1) await page.getByTestId(`cal-cell-${date}-${s[s.length - 1]}`).click();
  await expect(page.getByTestId('booking-selection-text')).toHaveText(`${date} ${from}–${to}`);
}

/** Presses on the first slot of [from, to) and drags to the last. */
async function dragRange(page: Page, date: string, from: string, to: string) {
  const s = slots(from, to);
  await page.getByTestId(`cal-cell-${date}-${s[0]}`).hover();
  await page.mouse.down();
  await page.getByTestId(`cal-cell-${date}-${s[Math.floor(s.length / 2)]}`).hover();
  await page.getByTestId(`cal-cell-${date}-${s[s.length - 1]}`).hover();
  await page.mouse.up();
  await expect(page.getByTestId('booking-selection-text')).toHaveText(`${date} ${from}–${to}`);
}

/** The first weekday at least `daysAhead` days away where [from, to) is wholly free; selects it. */
async function selectFreeRange(page: Page, daysAhead: number, from: string, to: string): Promise<string> {
  for (const date of weekdaysFrom(daysAhead)) {
    await showWeekOf(page, date);
    const states = await Promise.all(slots(from, to).map((s) => page.getByTestId(`cal-cell-${date}-${s}`).getAttribute('data-state')));
    if (states.every((s) => s === 'free')) {
      await selectRange(page, date, from, to);
      return date;
    }
  }
  throw new Error(`no free ${from}–${to} found`);
}

/** Types both ends of a date-time range picker (its test id sits on the start input), confirming each with OK. */
async function fillRange(page: Page, testId: string, from: string, to: string) {
  const inputs = page
    .locator('.ant-picker-range')
    .filter({ has: page.getByTestId(testId) })
    .locator('input');
  const ok = page.locator('.ant-picker-dropdown:visible .ant-picker-ok button');
  await inputs.first().click();
  await inputs.first().fill(from);
  await ok.click();
  await inputs.nth(1).click();
  await inputs.nth(1).fill(to);
  await ok.click();
  await expect(inputs.first()).toHaveValue(from);
  await expect(inputs.nth(1)).toHaveValue(to);
}

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

let lcmsId = 0;
let lcmsDate = '';
let lcmsBookingId = 0;
let semId = 0;
let semBookingId = 0;
let semDate = '';

test('zj-member finds the LC-MS by a traditional-character query, books it, and meets the conflict', async ({ page }) => {
  await login(page, 'zj-member');
  await page.getByTestId('menu-resources').click();
  // The server's first search loads its Chinese word list: allow it a moment.
  await expect(page.getByTestId('catalogue-page')).toBeVisible({ timeout: 30_000 });
  // Facets are clickable counts.
  await expect(page.getByTestId('facet-kind-instrument')).toContainText('大型科学仪器');
  // Price in yuan, sent in fen: at most ¥500 leaves out the ¥600/hour LC-MS.
  const names = page.locator('[data-testid^="catalogue-item-name-"]');
  await page.getByTestId('catalogue-filter-price-max').fill('500');
  await expect(page).toHaveURL(/priceMax=50000/);
  await expect(names.filter({ hasText: SEM })).toHaveCount(1);
  await expect(names.filter({ hasText: LCMS })).toHaveCount(0);
  await page.getByTestId('catalogue-filter-price-max').fill('');
  await expect(names.filter({ hasText: LCMS })).toHaveCount(1);

  const search = page.getByTestId('catalogue-search').getByRole('searchbox');
  await search.fill('質譜');
  await search.press('Enter');
  const name = page.locator('[data-testid^="catalogue-item-name-"]').filter({ hasText: LCMS });
  await expect(name).toHaveCount(1);
  // 质谱 is highlighted in the name although the query was written 質譜.
  await expect(name.locator('mark').first()).toHaveText('质谱');
  await expect(page.locator('[data-testid^="catalogue-item-price-"]').first()).toContainText('¥600.00');

  await expect(page.getByTestId('catalogue-match-any')).toHaveCount(0);

  // No resource has both words: the server falls back to any word and the page says so.
  await search.fill('质谱 电镜');
  await search.press('Enter');
  await expect(page.getByTestId('catalogue-match-any')).toContainText('质谱');
  await expect(page.locator('[data-testid^="catalogue-item-name-"]').filter({ hasText: SEM })).toHaveCount(1);
  // A facet narrows the results, and the filter follows.
  await page.getByTestId('facet-city-上海').click();
  await expect(page.locator('[data-testid^="catalogue-item-name-"]')).toHaveCount(1);
  await expect(page).toHaveURL(/city=/);

  await page.locator('[data-testid^="catalogue-item-link-"]').filter({ hasText: LCMS }).click();
  await expect(page.getByTestId('resource-name')).toHaveText(LCMS);
  lcmsId = Number(await page.getByTestId('resource-page').getAttribute('data-resource-id'));
  await expect(page.getByTestId('resource-details')).toContainText('QE-示例 HF');
  await expect(page.getByTestId('resource-service-items')).toContainText('代谢组学非靶向分析');
  await expect(page.getByTestId('resource-ics')).toHaveAttribute('href', `/api/resources/${lcmsId}/calendar.ics`);

  // Assisted time, 10:00–12:00 Beijing time on a weekday at least two days ahead.
  await page.getByTestId('booking-mode-assisted').click();
  lcmsDate = await selectFreeRange(page, 2, '10:00', '12:00');
  // 100 start-up + 2 h × 600 + 50 consumables.
  await expect(page.getByTestId('booking-quote-total')).toHaveText('¥1,350.00');
  await page.getByTestId('booking-purpose').fill('代谢物定性分析（e2e）');
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booking-success-status')).toHaveText('已确认');
  lcmsBookingId = Number(await page.getByTestId('booking-success').getAttribute('data-booking-id'));
  expect(lcmsBookingId).toBeGreaterThan(0);
  await expect(page.getByTestId(`cal-cell-${lcmsDate}-1000`)).toHaveAttribute('data-state', 'mine');
  await expect(page.getByTestId(`cal-cell-${lcmsDate}-1130`)).toHaveAttribute('data-state', 'mine');

  // It is in My bookings, confirmed, with its quote.
  await page.getByTestId('menu-bookings').click();
  const row = page.getByTestId(`booking-row-${lcmsBookingId}`);
  await expect(row).toContainText(LCMS);
  await expect(page.getByTestId(`booking-status-${lcmsBookingId}`)).toHaveText('已确认');
  await expect(page.getByTestId(`booking-quote-${lcmsBookingId}`)).toHaveText('¥1,350.00');
  await expect(page.getByTestId('calendar-link-create')).toBeVisible();

  // The same slot again: refused with the conflicting interval, outlined on the calendar.
  await page.getByTestId(`booking-resource-${lcmsBookingId}`).click();
  await expect(page.getByTestId('resource-name')).toHaveText(LCMS);
  await page.getByTestId('booking-mode-assisted').click();
  await showWeekOf(page, lcmsDate);
  await selectRange(page, lcmsDate, '10:00', '12:00');
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booking-error')).toHaveAttribute('data-code', 'booking-conflict');
  await expect(page.getByTestId('booking-error')).toContainText('所选时间与已有预约冲突');
  await expect(page.getByTestId('booking-conflicts')).toContainText(`${lcmsDate} 10:00–12:00`);
  await expect(page.getByTestId(`cal-cell-${lcmsDate}-1030`)).toHaveAttribute('data-conflict', 'true');
  // My own booking is not something to wait for.
  await expect(page.getByTestId('booking-waitlist')).toHaveCount(0);

  // Self-operation without a training authorisation: 预约 is disabled and a training request is
  // offered instead of a booking the server would refuse (422 training-required; issue 15, defect 8).
  await page.getByTestId('booking-mode-self_operation').click();
  await selectFreeRange(page, 5, '14:00', '15:00');
  await expect(page.getByTestId('training-needed')).toContainText('培训授权');
  await expect(page.getByTestId('training-request')).toBeVisible();
  await expect(page.getByTestId('booking-submit')).toBeDisabled();
});

test('another member sees the slot taken, joins the waitlist, and is offered it when it frees', async ({ page }) => {
  expect(lcmsBookingId, 'needs the booking of the previous test').toBeTruthy();
  await login(page, 'ah-member');
  await page.goto(`/resources/${lcmsId}`);
  await page.getByTestId('booking-mode-assisted').click();
  await showWeekOf(page, lcmsDate);
  await expect(page.getByTestId(`cal-cell-${lcmsDate}-1000`)).toHaveAttribute('data-state', 'busy');
  await selectRange(page, lcmsDate, '10:00', '12:00');
  await expect(page.getByTestId('booking-taken')).toBeVisible();
  // Booking anyway is refused as a conflict.
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booking-error')).toHaveAttribute('data-code', 'booking-conflict');
  await page.getByTestId('booking-waitlist').click();
  await expect(page.getByTestId('waitlist-joined')).toBeVisible();
  await page.getByTestId('menu-bookings').click();
  const entry = page.locator('[data-testid^="waitlist-row-"]').filter({ hasText: LCMS });
  await expect(entry).toContainText('候补中');
  await logout(page);

  // zj-member cancels; the slot is offered to the waiting member.
  await login(page, 'zj-member');
  await page.getByTestId('menu-bookings').click();
  await page.getByTestId(`booking-cancel-${lcmsBookingId}`).click();
  await page.getByTestId('booking-cancel-confirm').click();
  await expect(page.getByTestId(`booking-status-${lcmsBookingId}`)).toHaveText('已取消');
  await logout(page);

  await login(page, 'ah-member');
  await page.getByTestId('menu-bookings').click();
  await expect(entry).toContainText('待接受');
  await entry.locator('[data-testid^="waitlist-accept-"]').click();
  // Accepted: the entry leaves the list, the booking is there.
  await expect(entry).toHaveCount(0);
  const booked = page.locator('[data-testid^="booking-row-"]').filter({ hasText: LCMS });
  await expect(booked).toContainText('已确认');
  await expect(booked).toContainText('¥1,350.00');
});

test('a weekly series reports each week; skipping conflicts books the free weeks', async ({ page }) => {
  expect(lcmsDate, 'needs the booking of the first test').toBeTruthy();
  await login(page, 'zj-member');
  await page.goto(`/resources/${lcmsId}`);
  await page.getByTestId('booking-mode-assisted').click();
  await showWeekOf(page, lcmsDate);
  // The first week is taken (the waitlisted member accepted it); drag to select.
  await dragRange(page, lcmsDate, '10:00', '12:00');
  await page.getByTestId('booking-repeat').fill('3');
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booking-error')).toHaveAttribute('data-code', 'booking-conflict');
  await expect(page.getByTestId('booking-occurrence-0')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('booking-occurrence-0')).toContainText('冲突');
  await expect(page.getByTestId('booking-occurrence-1')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('booking-occurrence-2')).toHaveAttribute('data-ok', 'true');
  await page.getByTestId('booking-skip-conflicts').check();
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booking-success')).toContainText('已预约 2 次');
  await page.getByTestId('booking-success-link').click();
  await expect(page.locator('[data-testid^="booking-row-"]').filter({ hasText: '周期预约' })).toHaveCount(2);
});

test('zj-member requests the SEM, which needs approval; js-org-admin approves it', async ({ page }) => {
  await login(page, 'zj-member');
  semId = await openResource(page, '电镜', SEM);
  await expect(page.getByTestId('booking-needs-approval')).toBeVisible();
  await page.getByTestId('booking-mode-assisted').click();
  semDate = await selectFreeRange(page, 2, '10:00', '11:00');
  // 80 start-up + 1 h × 450.
  await expect(page.getByTestId('booking-quote-total')).toHaveText('¥530.00');
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booking-success-status')).toHaveText('待审批');
  semBookingId = Number(await page.getByTestId('booking-success').getAttribute('data-booking-id'));
  await logout(page);

  await login(page, 'js-org-admin');
  await page.getByTestId('menu-resourcesManage').click();
  await expect(page.getByTestId('manage-page')).toBeVisible();
  await page.getByTestId(`manage-select-${semId}`).click();
  await expect(page.getByTestId('manage-panel')).toHaveAttribute('data-resource-id', String(semId));
  await page.getByTestId('manage-tab-bookings').click();
  await expect(page.getByTestId(`manage-status-${semBookingId}`)).toHaveText('待审批');
  await expect(page.getByTestId(`manage-booker-${semBookingId}`)).toContainText('赵示例');
  await page.getByTestId(`manage-approve-${semBookingId}`).click();
  await page.getByTestId('decision-note').fill('请提前 15 分钟到达');
  await page.getByTestId('decision-submit').click();
  await expect(page.getByTestId(`manage-status-${semBookingId}`)).toHaveText('已确认');
  // Approving twice is an invalid transition (409): the button is gone, the API says so.
  const again = await page.evaluate(async (id) => {
    const me = await fetch('/api/auth/me').then((r) => r.json());
    const r = await fetch(`/api/bookings/${id}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: '{}',
    });
    return { status: r.status, code: (await r.json()).code };
  }, semBookingId);
  expect(again).toEqual({ status: 409, code: 'invalid-transition' });
  // Check-in opens 30 minutes before the start: the server's refusal is shown.
  await page.getByTestId(`manage-check-in-${semBookingId}`).click();
  await expect(page.getByTestId('manage-action-error')).toContainText('签到于开始前 30 分钟开放');
  await logout(page);

  await login(page, 'zj-member');
  await page.getByTestId('menu-bookings').click();
  await expect(page.getByTestId(`booking-status-${semBookingId}`)).toHaveText('已确认');
  await expect(page.getByTestId(`booking-row-${semBookingId}`)).toContainText('请提前 15 分钟到达');
});

test('js-org-admin grants training, adds a closure and reads the usage', async ({ page }) => {
  expect(semId, 'needs the SEM of the previous test').toBeTruthy();
  await login(page, 'js-org-admin');
  await page.goto(`/resources/manage?resource=${semId}`);
  await expect(page.getByTestId('manage-panel')).toHaveAttribute('data-resource-id', String(semId));

  // Training: zj-member may now book self-operation.
  await page.getByTestId('manage-tab-training').click();
  const expires = bjDate(Date.now() + 180 * DAY);
  await page.getByTestId('training-username').fill('zj-member');
  await page.getByTestId('training-expires').click();
  await page.getByTestId('training-expires').fill(expires);
  await page.getByTestId('training-expires').press('Enter');
  await page.getByTestId('training-grant').click();
  const training = page.locator('[data-testid^="training-row-"]').filter({ hasText: 'zj-member' });
  await expect(training).toContainText(expires);
  await expect(training).toContainText('有效');

  // A maintenance window over the approved booking lists it as affected; then it is removed.
  await page.getByTestId('manage-tab-closures').click();
  await pick(page, 'closure-kind', 'closure-kind-opt-maintenance');
  await page.getByTestId('closure-reason').fill('真空系统保养');
  await fillRange(page, 'closure-range', `${semDate} 09:00`, `${semDate} 12:00`);
  await page.getByTestId('closure-add').click();
  await expect(page.getByTestId('closure-result')).toHaveAttribute('data-affected', '1');
  await expect(page.getByTestId('closure-result')).toContainText(`#${semBookingId}`);
  const closure = page.locator('[data-testid^="closure-row-"]').filter({ hasText: '真空系统保养' });
  await expect(closure).toContainText(`${semDate} 09:00–12:00`);
  await closure.locator('[data-testid^="closure-remove-"]').click();
  await page.getByTestId('closure-remove-confirm').click();
  await expect(closure).toHaveCount(0);

  // A closure three weeks ahead, with nothing booked in it.
  const later = weekdaysFrom(21)[0];
  await page.getByTestId('closure-reason').fill('年度计量校准');
  await fillRange(page, 'closure-range', `${later} 13:00`, `${later} 17:00`);
  await page.getByTestId('closure-add').click();
  await expect(page.getByTestId('closure-result')).toHaveAttribute('data-affected', '0');
  await expect(page.locator('[data-testid^="closure-row-"]').filter({ hasText: '年度计量校准' })).toContainText(`${later} 13:00–17:00`);

  // Usage statistics with the chart.
  await page.getByTestId('manage-tab-usage').click();
  await expect(page.getByTestId('usage-effective')).toBeVisible();
  await expect(page.getByTestId('usage-revenue')).toContainText('¥');
  await expect(page.getByTestId('usage-chart').locator('canvas')).toBeVisible();

  // The closure shows on the booking calendar as closed.
  await page.goto(`/resources/${semId}`);
  await showWeekOf(page, later);
  await expect(page.getByTestId(`cal-cell-${later}-1400`)).toHaveAttribute('data-state', 'closed');
});

test('data sets are requested, not booked; the manager approves the request', async ({ page }) => {
  await login(page, 'zj-member');
  if (lcmsDate) {
    // "Free between": the LC-MS is taken then, the GPU cluster is not.
    await page.goto('/resources');
    await fillRange(page, 'catalogue-filter-free', `${lcmsDate} 10:00`, `${lcmsDate} 11:00`);
    await expect(page).toHaveURL(/freeFrom=/);
    const names = page.locator('[data-testid^="catalogue-item-name-"]');
    await expect(names.filter({ hasText: '示例智能计算 GPU 集群' })).toHaveCount(1);
    await expect(names.filter({ hasText: LCMS })).toHaveCount(0);
  }
  await openResource(page, '土壤微生物', '示例长三角土壤微生物组数据集');
  await expect(page.getByTestId('week-calendar')).toHaveCount(0);
  await page.getByTestId('access-request-purpose').fill('长三角土壤碳循环研究（e2e）');
  await page.getByTestId('access-request-submit').click();
  await expect(page.getByTestId('access-request-done')).toBeVisible();
  await page.getByTestId('menu-bookings').click();
  const mine = page.locator('[data-testid^="access-row-"]').filter({ hasText: '土壤碳循环' });
  await expect(mine).toContainText('待审批');
  await logout(page);

  await login(page, 'js-org-admin');
  await page.getByTestId('menu-resourcesManage').click();
  const row = page.locator('[data-testid^="manage-resource-row-"]').filter({ hasText: '示例长三角土壤微生物组数据集' });
  await row.locator('[data-testid^="manage-select-"]').click();
  await page.getByTestId('manage-tab-access').click();
  const req = page.locator('[data-testid^="manage-access-row-"]').filter({ hasText: '土壤碳循环' });
  await req.locator('[data-testid^="manage-access-approve-"]').click();
  await page.getByTestId('access-decision-note').fill('同意，请注明数据来源');
  await page.getByTestId('access-decision-submit').click();
  await expect(page.locator('[data-testid^="manage-access-row-"]').filter({ hasText: '土壤碳循环' })).toHaveCount(0);
  await pick(page, 'access-filter-status', 'access-filter-status-opt-approved');
  await expect(req).toContainText('已批准');
});

test('js-org-admin registers a resource with fees in yuan, then edits it', async ({ page }) => {
  const name = '示例原子力显微镜（e2e）';
  await login(page, 'js-org-admin');
  await page.getByTestId('menu-resourcesManage').click();
  await page.getByTestId('manage-create').click();
  await expect(page.getByTestId('resource-form')).toBeVisible();
  await page.getByTestId('resource-form-name').fill(name);
  await page.getByTestId('resource-form-description').fill('纳米尺度表面形貌与力学性质测量。');
  await page.getByTestId('resource-form-category1').fill('电子光学仪器');
  await page.getByTestId('resource-form-category2').fill('扫描探针显微镜');
  await page.getByTestId('resource-form-category3').fill('原子力显微镜');
  await page.getByTestId('resource-form-model').fill('AFM-e2e');
  await page.getByTestId('resource-form-original-value').fill('1234567.89');
  await page.getByTestId('resource-form-city').fill('苏州');
  await page.getByTestId('resource-form-mode-self_operation').click();
  await page.getByTestId('resource-form-startup-fee').fill('60');
  await page.getByTestId('resource-form-hourly-fee').fill('350.5');
  await expect(page.getByTestId('resource-form-lead-self_operation')).toHaveValue('3');
  await pick(page, 'resource-form-manager', 'resource-form-manager-opt-' + (await managerId(page, 'js-org-admin')));
  await page.getByTestId('resource-form-submit').click();
  await expect(page.getByTestId('manage-panel-name')).toHaveText(name);
  await page.getByTestId('manage-panel-name').click();
  await expect(page.getByTestId('resource-name')).toHaveText(name);
  await expect(page.getByTestId('resource-price')).toHaveText('开机费 ¥60.00 + ¥350.50/小时');
  await expect(page.getByTestId('resource-details')).toContainText('¥1,234,567.89');
  await expect(page.getByTestId('resource-details')).toContainText('周示例');
  await expect(page.getByTestId('resource-notice-self_operation')).toContainText('3 天');
  // Edit: bookings now need approval (a PATCH of just that field).
  await page.getByTestId('resource-manage').click();
  await page.getByTestId('manage-panel-edit').click();
  await page.getByTestId('resource-form-needs-approval').click();
  const patch = page.waitForRequest((r) => r.method() === 'PATCH' && /\/api\/resources\/\d+$/.test(r.url()));
  await page.getByTestId('resource-form-submit').click();
  expect((await patch).postDataJSON()).toEqual({ needsApproval: true });
  await page.getByTestId('manage-panel-name').click();
  await expect(page.getByTestId('resource-needs-approval')).toBeVisible();
});

test('js-org-admin exports the list and imports resources from the template', async ({ page }) => {
  await login(page, 'js-org-admin');
  await page.getByTestId('menu-resourcesManage').click();
  await page.getByTestId('manage-export').click();
  let download = page.waitForEvent('download');
  await page.getByTestId('manage-export-csv').click();
  let file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  expect(fs.readFileSync(await file.path(), 'utf8')).toContain(SEM);

  await page.getByTestId('manage-template').click();
  download = page.waitForEvent('download');
  await page.getByTestId('manage-template-csv').click();
  file = await download;
  const template = fs.readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '');
  const [header, example] = template.trim().split(/\r?\n/);
  const imported = '示例导入傅里叶红外光谱仪（e2e）';
  const row = example.replace(/^[^,]*/, imported);
  const csv = path.join(test.info().outputDir, 'resources-import.csv');
  fs.mkdirSync(path.dirname(csv), { recursive: true });
  fs.writeFileSync(csv, [header, row].join('\n'));

  await page.getByTestId('manage-import').click();
  const dry = page.waitForResponse((r) => r.url().includes('/api/resources/import?dryRun=true'));
  await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(csv);
  expect((await dry).status()).toBe(200);
  await expect(page.getByTestId('import-ok')).toBeVisible();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-modal')).toBeHidden();
  await expect(page.locator('[data-testid^="manage-resource-name-"]').filter({ hasText: imported })).toHaveCount(1);
});

/** The user id of a username, as the signed-in organisation admin sees it. */
async function managerId(page: Page, username: string): Promise<number> {
  return page.evaluate(async (u) => {
    const r = await fetch(`/api/users?q=${encodeURIComponent(u)}`).then((x) => x.json());
    return r.items.find((x: { username: string }) => x.username === u).id as number;
  }, username);
}

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const vp of VIEWPORTS) {
  test.describe(`resource pages at ${vp.name} width`, () => {
    test.use({ viewport: vp.viewport });

    test(`screenshots ${vp.viewport.width}×${vp.viewport.height}`, async ({ page }) => {
      await login(page, 'zj-member');
      await page.goto('/resources');
      await expect(page.getByTestId('catalogue-results')).toBeVisible();
      await shoot(page, `${vp.name}-resources-catalogue`);
      await noSidewaysScroll(page);

      await page.goto('/resources?q=%E8%B3%AA%E8%AD%9C');
      await expect(page.locator('[data-testid^="catalogue-item-name-"] mark').first()).toHaveText('质谱');
      await shoot(page, `${vp.name}-resources-search`);
      await noSidewaysScroll(page);

      const id = lcmsId || (await openResource(page, '质谱', LCMS));
      await page.goto(`/resources/${id}`);
      if (lcmsDate) await showWeekOf(page, lcmsDate);
      await calendarReady(page);
      await page.getByTestId('booking-mode-assisted').click();
      const date = await selectFreeRange(page, 2, '14:00', '15:30');
      await expect(page.getByTestId('booking-quote-total')).toHaveText('¥1,050.00');
      expect(date).toBeTruthy();
      await shoot(page, `${vp.name}-resource-calendar`);
      await noSidewaysScroll(page);
      if (vp.name === 'desktop') {
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('menu-resources')).toHaveText('Catalogue');
        await expect(page.getByTestId('booking-quote-total')).toHaveText('¥1,050.00');
        await shoot(page, `${vp.name}-resource-calendar-en`);
        await page.getByTestId('lang-switch').click();
        await expect(page.getByTestId('menu-resources')).toHaveText('资源目录');
      }

      await page.goto('/bookings');
      await expect(page.getByTestId('bookings-table')).toBeVisible();
      await expect(page.locator('[data-testid^="booking-row-"]').first()).toBeVisible();
      await shoot(page, `${vp.name}-my-bookings`);
      await noSidewaysScroll(page);
      // On phones sign-out sits in the menu drawer.
      if (vp.name === 'phone') await page.getByTestId('menu-toggle').click();
      await logout(page);

      await login(page, 'js-org-admin');
      await page.goto(semId ? `/resources/manage?resource=${semId}` : '/resources/manage');
      await expect(page.getByTestId('manage-resources-table')).toBeVisible();
      if (semId) await expect(page.getByTestId(`manage-booking-row-${semBookingId}`)).toBeVisible();
      await shoot(page, `${vp.name}-manage-console`);
      await noSidewaysScroll(page);
      if (semId) {
        await page.getByTestId('manage-tab-usage').click();
        await expect(page.getByTestId('usage-chart').locator('canvas')).toBeVisible();
        await shoot(page, `${vp.name}-manage-usage`);
        await noSidewaysScroll(page);
      }
      await page.getByTestId('manage-create').click();
      await expect(page.getByTestId('resource-form')).toBeVisible();
      await shoot(page, `${vp.name}-manage-form`, false);
    });
  });
}
