// The inbox journey: a member's booking is approved by the resource's manager; the member sees
// the bell's count and the entry, opens the inbox, marks it read — and the e-mail arrived too
// (the e2e server's SMTP capture). Screenshots of the bell and the inbox at desktop and phone width.
import { expect, test, type Page } from '@playwright/test';
import { apiGet, apiPost, login, logout, noSidewaysScroll, shoot, useLanguage, waitForMail } from './helpers';

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

/** Beijing wall-clock day + time → UTC ISO. */
const bj = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();
const bjDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function unreadCount(page: Page) {
  return (await apiGet<{ unread: number }>(page, '/notifications/unread-count')).unread;
}

test.setTimeout(180_000);

test('a member’s booking approved by the manager shows on the bell and in the inbox, is marked read, and is e-mailed', async ({ page }) => {
  const since = new Date().toISOString();
  await login(page, 'zj-member');
  const sem = (await apiGet<{ items: { id: number }[] }>(page, `/resources?q=${encodeURIComponent('扫描电子显微镜')}`)).items[0].id;
  // A weekday morning slot a few days on that is still free.
  let bookingId = 0;
  for (let d = 4; d < 40 && !bookingId; d++) {
    const day = bjDay(Date.now() + d * 86_400_000);
    const wd = new Date(`${day}T12:00:00+08:00`).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    const r = await apiPost<{ id: number }>(page, '/bookings', {
      resourceId: sem,
      mode: 'assisted',
      startsAt: bj(day, '14:00'),
      endsAt: bj(day, '15:00'),
      purpose: '站内消息 e2e',
    });
    if (r.status === 201) bookingId = r.body.id;
  }
  expect(bookingId).toBeGreaterThan(0);
  await logout(page);

  // The manager approves it in the console.
  await login(page, 'js-org-admin');
  await page.getByTestId('menu-resourcesManage').click();
  await page.getByTestId(`manage-select-${sem}`).click();
  await page.getByTestId('manage-tab-bookings').click();
  await page.getByTestId(`manage-approve-${bookingId}`).click();
  await page.getByTestId('decision-note').fill('欢迎使用');
  await page.getByTestId('decision-submit').click();
  await expect(page.getByTestId(`manage-status-${bookingId}`)).toHaveText('已确认');
  await logout(page);

  // The member: the bell counts it, the drop-down shows it.
  await login(page, 'zj-member');
  const unread = await unreadCount(page);
  expect(unread).toBeGreaterThan(0);
  await expect(page.getByTestId('bell-count').locator('sup')).toHaveAttribute('title', String(unread));
  await page.getByTestId('bell').click();
  const dropdown = page.getByTestId('bell-dropdown');
  await expect(dropdown).toBeVisible();
  const entry = dropdown.locator('[data-testid^="bell-item-"]').filter({ hasText: '预约已通过' }).first();
  await expect(entry).toBeVisible();
  await shoot(page, 'desktop-inbox-bell', false);

  // The inbox page: the entry, its text and link; marked read.
  await page.getByTestId('bell-view-all').click();
  await expect(page.getByTestId('inbox-page')).toBeVisible();
  const item = page.locator('[data-kind="booking.approved"]').first();
  await expect(item).toHaveAttribute('data-read', 'false');
  await expect(item).toContainText('扫描电子显微镜');
  await expect(item).toContainText('14:00–15:00');
  await shoot(page, 'desktop-inbox-page');
  await noSidewaysScroll(page);
  const id = (await item.getAttribute('data-testid'))!.replace('inbox-item-', '');
  await page.getByTestId(`inbox-read-${id}`).click();
  await expect(page.getByTestId(`inbox-item-${id}`)).toHaveAttribute('data-read', 'true');
  await expect.poll(() => unreadCount(page)).toBe(unread - 1);
  await expect(page.getByTestId('bell-count').locator('sup'))
    .toHaveAttribute('title', String(unread - 1), { timeout: 10_000 })
    .catch(async () => {
      // A count of zero hides the badge.
      expect(unread - 1).toBe(0);
    });
  // Its title leads to the booking's page.
  await page.getByTestId(`inbox-open-${id}`).click();
  await expect(page).toHaveURL(new RegExp(`/bookings\\?id=${bookingId}$`));

  // The e-mail went out through SMTP, in Chinese (the default language).
  const mail = await waitForMail({ to: 'zj-member@example.yrd', since }, (m) => m.subject.includes('预约已通过'));
  expect(mail.text).toContain('14:00–15:00');

  // Phone width: the bell sits in the header and opens the inbox, which reads without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByTestId('bell').click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByTestId('inbox-page')).toBeVisible();
  await shoot(page, 'phone-inbox-page');
  await noSidewaysScroll(page);
  // The settings section.
  await page.getByTestId('inbox-tab-settings').click();
  await expect(page.getByTestId('notification-prefs')).toBeVisible();
  await shoot(page, 'phone-inbox-settings');
  await noSidewaysScroll(page);
});
