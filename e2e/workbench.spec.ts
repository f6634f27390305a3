import { expect, test, type Page } from '@playwright/test';
import { apiGet, apiPost, login, logout, shoot, shootBoth, useLanguage } from './helpers';

// The workbench (issue 15): each role's home page shows its to-dos, every figure a link to its
// list; a manager works the approval queue (approves a pending booking and grants a training
// request a member filed — defect 8: without training, 预约 is disabled and training is offered).

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

const SEM = '示例场发射扫描电子显微镜';

async function resourceId(page: Page, q: string): Promise<number> {
  const r = await apiGet<{ items: Array<{ id: number; name: string }> }>(page, `/resources?q=${encodeURIComponent(q)}`);
  return r.items[0].id;
}

/** A pending booking of the SEM (it needs approval), on the first free weekday slot 9–20 days ahead. */
async function bookSemPending(page: Page, semId: number): Promise<number> {
  for (let d = 9; d < 20; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 8 * 3600_000);
    if ([0, 6].includes(day.getUTCDay())) continue;
    const date = day.toISOString().slice(0, 10);
    const startsAt = new Date(`${date}T14:00:00+08:00`).toISOString();
    const endsAt = new Date(`${date}T15:00:00+08:00`).toISOString();
    const r = await apiPost<{ id: number; status: string }>(page, '/bookings', {
      resourceId: semId,
      mode: 'assisted',
      startsAt,
      endsAt,
      purpose: '工作台测试',
    });
    if (r.status === 201) {
      expect(r.body.status).toBe('requested');
      return r.body.id;
    }
  }
  throw new Error('no free SEM slot');
}

test('each role’s home page shows its to-dos', async ({ page }) => {
  // Member: the enterprise figures, each a link to its filtered list.
  await login(page, 'zj-member');
  await expect(page.getByTestId('wb-enterprise')).toBeVisible();
  await expect(page.getByTestId('wb-upcoming')).toHaveAttribute('href', '/bookings?status=requested,confirmed,checked_in');
  await expect(page.getByTestId('wb-voucher-balance')).toHaveAttribute('href', '/vouchers/wallet?vouchers.status=active');
  await expect(page.getByTestId('wb-contracts')).toHaveAttribute('href', '/market/contracts?role=licensee&status=active');
  await expect(page.getByTestId('wb-operator')).toHaveCount(0);
  await expect(page.getByText('将陆续上线')).toHaveCount(0);
  // The figure equals the list it opens.
  const wb = await apiGet<{ enterprise: { bookings: { upcoming: number } } }>(page, '/workbench');
  await page.getByTestId('wb-upcoming').click();
  await expect(page).toHaveURL(/\/bookings\?status=requested,confirmed,checked_in/);
  const listed = await apiGet<{ total: number }>(page, `/bookings?status=requested,confirmed,checked_in&from=${encodeURIComponent(new Date().toISOString())}`);
  expect(listed.total).toBe(wb.enterprise.bookings.upcoming);
  await logout(page);

  // Org admin of an enterprise that runs a resource: enterprise and operator sections.
  await login(page, 'zj-org-admin');
  await expect(page.getByTestId('wb-enterprise')).toBeVisible();
  await expect(page.getByTestId('wb-operator')).toBeVisible();
  await expect(page.getByTestId('wb-utilisation')).toContainText('GPU');
  await logout(page);

  // Resource manager: the queue's counts and utilisation.
  await login(page, 'js-org-admin');
  await expect(page.getByTestId('wb-operator')).toBeVisible();
  await expect(page.getByTestId('wb-queue-total')).toHaveAttribute('href', '/queue');
  await expect(page.getByTestId('wb-utilisation')).toContainText('扫描电子显微镜');
  await logout(page);

  // Jurisdiction admin: pending approvals, programme budgets, trend and flows, calls by state.
  await login(page, 'sh-admin');
  await expect(page.getByTestId('wb-jurisdiction')).toContainText('上海市');
  await expect(page.getByTestId('wb-pending-applications')).toHaveAttribute('href', '/vouchers/applications?status=submitted');
  await expect(page.getByTestId('wb-providers-notice')).toHaveAttribute('href', '/vouchers/providers?status=notice&jurisdiction=310000');
  await expect(page.getByTestId('wb-programs')).toBeVisible();
  await expect(page.getByTestId('wb-enterprise')).toHaveCount(0);
  await expect(page.getByTestId('wb-platform')).toHaveCount(0);
  await logout(page);

  // Expert: reviews to do.
  await login(page, 'js-expert');
  await expect(page.getByTestId('wb-expert')).toBeVisible();
  await expect(page.getByTestId('wb-reviews-assigned')).toHaveAttribute('href', '/research/reviews?status=assigned');
  await logout(page);

  // Platform admin: system health.
  await login(page, 'admin');
  await expect(page.getByTestId('wb-platform')).toBeVisible();
  await expect(page.getByTestId('wb-db-engine')).toContainText('sqlite');
  await expect(page.getByTestId('wb-audit-head')).toBeVisible();
  await expect(page.getByTestId('wb-jurisdiction')).toContainText('三省一市');
});

test('a manager works the queue: approves a pending booking and grants a training request a member filed', async ({ page }) => {
  // ah-member holds no training on the SEM (resources.spec trains zj-member there).
  await login(page, 'ah-member');
  const semId = await resourceId(page, '扫描电子显微镜');
  const bookingId = await bookSemPending(page, semId);

  // Self-operation without training: 预约 is disabled and training is offered instead.
  await page.goto(`/resources/${semId}`);
  await expect(page.getByTestId('resource-name')).toHaveText(SEM);
  await page.getByTestId('booking-mode-self_operation').click();
  await expect(page.getByTestId('training-needed')).toBeVisible();
  await expect(page.getByTestId('booking-submit')).toBeDisabled();
  await page.getByTestId('training-request').click();
  await page.getByTestId('training-request-note').fill('做过同型号电镜的操作，需要观察纳米材料形貌');
  await page.getByTestId('training-request-send').click();
  await expect(page.getByTestId('training-pending')).toBeVisible();
  await expect(page.getByTestId('booking-submit')).toBeDisabled();
  await logout(page);

  await login(page, 'js-org-admin');
  // The menu entry carries the count of pending items.
  await expect(page.getByTestId('menu-queue-badge')).toBeVisible();
  await page.getByTestId('menu-queue').click();
  await expect(page.getByTestId('queue-page')).toBeVisible();
  await expect(page.getByTestId(`queue-booking-${bookingId}`)).toContainText('孙示例');
  const training = page.locator('[data-testid^="queue-training-"]').filter({ hasText: '孙示例' });
  await expect(training).toHaveCount(1);
  const trainingId = Number((await training.getAttribute('data-testid'))!.replace('queue-training-', ''));

  await shootBoth(page, 'workbench', 'manager-queue');

  // Approve the booking inline.
  await page.getByTestId(`queue-booking-approve-${bookingId}`).click();
  await page.getByTestId('queue-decide-note').fill('请提前 15 分钟到达');
  await page.getByTestId('queue-decide-ok').click();
  await expect(page.getByTestId(`queue-booking-${bookingId}`)).toHaveCount(0);
  // Grant the training (a year by default).
  await page.getByTestId(`queue-training-approve-${trainingId}`).click();
  await expect(page.getByTestId('queue-expires-on')).toBeVisible();
  await page.getByTestId('queue-decide-ok').click();
  await expect(page.getByTestId(`queue-training-${trainingId}`)).toHaveCount(0);
  const booking = await apiGet<{ status: string }>(page, `/bookings/${bookingId}`);
  expect(booking.status).toBe('confirmed');
  await logout(page);

  // The member now holds the training: self-operation is offered for booking.
  await login(page, 'ah-member');
  await page.goto(`/resources/${semId}`);
  await page.getByTestId('booking-mode-self_operation').click();
  await expect(page.getByTestId('training-valid')).toBeVisible();
  await expect(page.getByTestId('training-request')).toHaveCount(0);
  await page.goto('/queue?tab=mine');
  await expect(page.getByTestId(`queue-mine-${trainingId}`)).toContainText('已授予');
});

test('screenshots: member home and jurisdiction-admin home at desktop and phone width', async ({ page }) => {
  await login(page, 'zj-member');
  await expect(page.getByTestId('wb-enterprise')).toBeVisible();
  await shootBoth(page, 'workbench', 'member-home');
  // In English too.
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('wb-enterprise')).toContainText('My to-dos');
  await shoot(page, 'desktop-workbench-member-home-en');
  await page.getByTestId('lang-switch').click();
  await logout(page);
  await login(page, 'sh-admin');
  await expect(page.getByTestId('wb-jurisdiction')).toBeVisible();
  await shootBoth(page, 'workbench', 'jurisdiction-home', {
    prepare: async () => {
      await expect(page.getByTestId('wb-programs')).toBeVisible();
    },
  });
});
