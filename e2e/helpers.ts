import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = process.env.YRD_DEMO_PASSWORD ?? 'Yrd@demo2025';

export const MENU_KEYS = ['home', 'resources', 'bookings', 'resourcesManage', 'organizations', 'users', 'audit', 'tokens'] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

/** Starts every test in Chinese unless it asks otherwise (the language is kept in localStorage). */
export async function useLanguage(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.addInitScript((l) => {
    if (!sessionStorage.getItem('e2e.lang-set')) {
      localStorage.setItem('yrd.lang', l);
      sessionStorage.setItem('e2e.lang-set', '1');
    }
  }, lang);
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
  // Desktop shows the side menu; phones keep it in a drawer behind the hamburger.
  await expect(page.getByTestId('menu-home').or(page.getByTestId('menu-toggle'))).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-username')).toBeVisible();
}

export async function openMenu(page: Page, key: MenuKey): Promise<void> {
  await page.getByTestId(`menu-${key}`).click();
}

/** Opens an antd Select by its data-testid and picks the option with data-testid `optionTestId`. */
export async function pick(page: Page, selectTestId: string, optionTestId: string): Promise<void> {
  const option = page.getByTestId(optionTestId);
  // A click that lands while the drop-down is still animating open can be lost: try again.
  await expect(async () => {
    if (!(await option.isVisible())) await page.getByTestId(selectTestId).click();
    await option.click({ timeout: 3_000 });
    await expect(option).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  // Leave nothing hovered (a tooltip could cover the next control).
  await page.mouse.move(0, 0);
}

/** Waits for the next GET of an API list whose query contains every given parameter. */
export function waitForList(page: Page, path: string, params: Record<string, string> = {}) {
  return page.waitForResponse((res) => {
    const url = new URL(res.url());
    if (url.pathname !== `/api${path}` || res.request().method() !== 'GET') return false;
    return Object.entries(params).every(([k, v]) => url.searchParams.get(k) === v);
  });
}
