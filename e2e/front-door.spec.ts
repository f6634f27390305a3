// The front door end to end (issue 15, "must show"): an anonymous visitor browses the catalogue
// and the market on the public portal, signs up an organisation, the jurisdiction's admin
// approves it (the applicant gets the e-mail), the new admin signs in, books an instrument, the
// manager approves the booking — and the booking's approval reaches the new admin's inbox and
// mailbox (the e2e server's SMTP capture).
import { expect, test, type Page } from '@playwright/test';
import { apiGet, apiPost, login, logout, useLanguage, waitForMail } from './helpers';
import { makeUscc } from '../server/platform/uscc';

const serial = (Date.now() % 900_000_000) + 50_000_000;
const PASSWORD = 'Frontdoor#2026ok';
const bj = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();
const bjDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-item-option[title="${label}"]`).click();
}

test.setTimeout(240_000);

test('a visitor browses, signs up an organisation, is approved, books, and gets the e-mails', async ({ page }) => {
  await useLanguage(page, 'zh');
  const since = new Date().toISOString();
  const email = `frontdoor${serial}@example.test`;
  const username = `e2e-fd-${serial}`;

  // 1. The portal, signed out: overview, catalogue, a resource, the market.
  await page.goto('/');
  await expect(page.getByTestId('portal-home')).toBeVisible();
  await page.getByTestId('portal-nav-resources').click();
  await expect(page.getByTestId('portal-catalogue')).toBeVisible();
  await page.getByTestId('portal-resource-card').first().getByRole('link').click();
  await expect(page.getByTestId('portal-resource')).toBeVisible();
  await page.getByTestId('portal-nav-market').click();
  await expect(page.getByTestId('portal-market')).toBeVisible();

  // 2. Sign up an organisation from the portal's header.
  await page.getByTestId('portal-register').click();
  await expect(page).toHaveURL(/\/register$/);
  await page.getByTestId('reg-uscc').fill(makeUscc('320500', serial));
  await page.getByTestId('reg-org-name').fill(`苏州示例前门科技有限公司 ${serial}`);
  await choose(page, 'reg-org-type', '企业');
  await choose(page, 'reg-jurisdiction', '江苏省');
  await page.getByTestId('reg-contact-name').fill('前门示例人');
  await page.getByTestId('reg-contact-phone').fill('0512-6666 0101');
  await page.getByTestId('reg-contact-email').fill(email);
  await page.getByTestId('reg-username').fill(username);
  await page.getByTestId('reg-password').fill(PASSWORD);
  await page.getByTestId('reg-confirm').fill(PASSWORD);
  await page.getByTestId('reg-submit').click();
  await expect(page.getByTestId('register-done')).toBeVisible();

  // 3. Jiangsu's admin approves it; the applicant is e-mailed.
  await login(page, 'js-admin');
  await page.getByTestId('menu-registrations').click();
  const row = page.locator('[data-testid^="reg-row-"]', { hasText: String(serial) });
  await row.locator('[data-testid^="reg-approve-"]').click();
  await page.getByTestId('reg-approve-confirm').click();
  await expect(row).toBeHidden();
  await logout(page);
  await waitForMail({ to: email, since }, (m) => m.text.includes(username));

  // 4. The new admin signs in and books the scanning electron microscope (needs the manager's approval).
  await login(page, username, PASSWORD);
  const sem = (await apiGet<{ items: { id: number }[] }>(page, `/resources?q=${encodeURIComponent('扫描电子显微镜')}`)).items[0].id;
  let bookingId = 0;
  for (let d = 5; d < 60 && !bookingId; d++) {
    const day = bjDay(Date.now() + d * 86_400_000);
    const wd = new Date(`${day}T12:00:00+08:00`).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    const r = await apiPost<{ id: number }>(page, '/bookings', {
      resourceId: sem,
      mode: 'assisted',
      startsAt: bj(day, '10:00'),
      endsAt: bj(day, '11:00'),
      purpose: '前门 e2e',
    });
    if (r.status === 201) bookingId = r.body.id;
  }
  expect(bookingId).toBeGreaterThan(0);
  await logout(page);

  // 5. The manager approves it from the approval queue's source, the resource console.
  await login(page, 'js-org-admin');
  await page.getByTestId('menu-resourcesManage').click();
  await page.getByTestId(`manage-select-${sem}`).click();
  await page.getByTestId('manage-tab-bookings').click();
  await page.getByTestId(`manage-approve-${bookingId}`).click();
  await page.getByTestId('decision-submit').click();
  await expect(page.getByTestId(`manage-status-${bookingId}`)).toHaveText('已确认');
  await logout(page);

  // 6. The booker: the inbox entry and the e-mail.
  const mail = await waitForMail({ to: email, since }, (m) => m.subject.includes('预约已通过'));
  expect(mail.text).toContain('10:00–11:00');
  await login(page, username, PASSWORD);
  await page.goto('/inbox');
  await expect(page.locator('[data-kind="booking.approved"]').first()).toContainText('扫描电子显微镜');
});
