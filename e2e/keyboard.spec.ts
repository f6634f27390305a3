// Keyboard-only use (WCAG 2.1.1, 2.4.3, 2.4.7; GB/T 37668): a member signs in and books an
// instrument's slot without the mouse — Tab to the booking grid, arrow keys and Page Down to the
// slot, Enter on the first and the last slot, Tab to the purpose and to the Book button, Enter.
// Every slot has a name (weekday, date, time, state) and the focused one a visible outline.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, useLanguage } from './helpers';

const SEM = '示例场发射扫描电子显微镜';

test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ page }) => {
  await useLanguage(page, 'zh');
});

/** What has the focus: its test id, role and accessible name. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      testId: el?.getAttribute('data-testid') ?? '',
      role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
      name: el?.getAttribute('aria-label') ?? '',
      cell: el?.getAttribute('data-cell') ?? '',
      outline: el ? getComputedStyle(el).outlineStyle : '',
    };
  });

/** Presses Tab until the focus is on an element matching `want` (at most `max` presses). */
async function tabTo(page: Page, want: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (want(await focused(page))) return;
  }
  throw new Error(`Tab never reached the element (last focus: ${JSON.stringify(await focused(page))})`);
}

test('a member books a slot on the week grid with the keyboard only', async ({ page }) => {
  // Sign in: the username field has the focus on arrival.
  await page.goto('/login');
  await expect(page.getByTestId('login-username')).toBeFocused();
  await page.keyboard.type('ah-member');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('login-password')).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/\/login/);

  // The instrument's page (its address, as from a bookmark).
  await page.goto('/resources');
  const link = page.locator('[data-testid^="catalogue-item-link-"]').filter({ hasText: SEM });
  await expect(link).toHaveCount(1);
  await page.goto((await link.getAttribute('href'))!);
  await expect(page.getByTestId('resource-name')).toHaveText(SEM);
  await expect(page.getByTestId('week-calendar')).toHaveAttribute('data-loading', 'false');

  // Tab reaches the grid once (one Tab stop), on a slot with a name and a visible focus ring.
  await tabTo(page, (f) => f.role === 'gridcell');
  let f = await focused(page);
  expect(f.name).toMatch(/^周[一二三四五六日] \d\d-\d\d \d\d:\d\d /);
  expect(f.outline).toBe('solid');

  // Three weeks ahead (Page Down), every slot is in the future and within the booking window.
  const weekBefore = await page.getByTestId('calendar-week').getAttribute('data-week-start');
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('calendar-week')).not.toHaveAttribute('data-week-start', weekBefore!);
  }
  await expect(page.getByTestId('week-calendar')).toHaveAttribute('data-loading', 'false');
  const week = (await page.getByTestId('calendar-week').getAttribute('data-week-start'))!;
  expect(week > weekBefore!).toBe(true);

  // The first weekday of that week whose 10:00–11:00 is free (read from the grid, not clicked).
  const grid = page.locator('[role="grid"]');
  const target = await grid.evaluate((g) => {
    const cells = [...g.querySelectorAll<HTMLElement>('[role="gridcell"]')];
    for (let day = 0; day < 5; day++) {
      const at = (time: string) => cells.find((c) => c.dataset.cell?.startsWith(`${day}-`) && c.dataset.testid?.endsWith(`-${time}`));
      const a = at('1000');
      const b = at('1030');
      if (a?.dataset.state === 'free' && b?.dataset.state === 'free') return { day, row: Number(a.dataset.cell!.split('-')[1]), testId: a.dataset.testid! };
    }
    return null;
  });
  expect(target, 'a free 10:00–11:00 on a weekday three weeks ahead').not.toBeNull();

  // Arrow keys to that slot: Home (first slot of the day), left to Monday, right to the day, down to 10:00.
  await page.keyboard.press('Home');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < target!.day; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < target!.row; i++) await page.keyboard.press('ArrowDown');
  f = await focused(page);
  expect(f.testId).toBe(target!.testId);
  expect(f.name).toContain('10:00');
  expect(f.name).toContain('空闲');

  // Enter on the first slot, Down to 10:30, Space on the last: 10:00–11:00 is chosen.
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press(' ');
  const date = target!.testId.slice('cal-cell-'.length, 'cal-cell-'.length + 10);
  await expect(page.getByTestId('booking-selection-text')).toHaveText(`${date} 10:00–11:00`);
  await expect(page.getByTestId(target!.testId)).toHaveAttribute('aria-selected', 'true');

  // Tab on to the purpose, type it, Tab on to Book, Enter.
  await tabTo(page, (x) => x.testId === 'booking-purpose');
  await page.keyboard.type('键盘预约测试（e2e）');
  await tabTo(page, (x) => x.testId === 'booking-submit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('booking-success')).toBeVisible();
  await expect(page.getByTestId(target!.testId)).toHaveAttribute('data-state', 'mine');

  // The page in this state passes the accessibility checks too.
  await expectAccessible(page, `resource page after a keyboard booking`);
});
