import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

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

// ---- screenshots and API calls the journeys share -------------------------------------------------

/** Where the journeys' screenshots go (e2e/screenshots/, not committed). */
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** A screenshot of the page as it is once the network is idle, scrolled to the top (a full-page shot of a scrolled page paints the sticky header mid-page). */
export async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let antd's transitions and late data settle.
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

export async function noSidewaysScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, 'the page itself must not scroll sideways').toBeLessThanOrEqual(client + 1);
}

/** The page at desktop width and at 390 px (names desktop-<prefix>-<name> / phone-<prefix>-<name>), neither scrolling sideways. */
export async function shootBoth(
  page: Page,
  prefix: string,
  name: string,
  opts: { desktopWidth?: number; fullPage?: boolean; prepare?: () => Promise<void> } = {},
): Promise<void> {
  const { desktopWidth = 1366, fullPage = true, prepare } = opts;
  const before = page.viewportSize() ?? { width: 1366, height: 900 };
  await page.setViewportSize({ width: desktopWidth, height: 900 });
  await prepare?.();
  await shoot(page, `desktop-${prefix}-${name}`, fullPage);
  if (fullPage) await noSidewaysScroll(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await prepare?.();
  await shoot(page, `phone-${prefix}-${name}`, fullPage);
  if (fullPage) await noSidewaysScroll(page);
  await page.setViewportSize(before);
}

/** GET through the signed-in page (its session cookie). */
export async function apiGet<T>(page: Page, p: string): Promise<T> {
  return page.evaluate(async (u) => {
    const r = await fetch(`/api${u}`);
    if (!r.ok) throw new Error(`${u}: ${r.status} ${await r.text()}`);
    return r.json();
  }, p) as Promise<T>;
}

/** POST through the signed-in page (session cookie and CSRF token); the status and body, whatever they are. */
export async function apiPost<T>(page: Page, p: string, body: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([u, b]) => {
      const me = await fetch('/api/auth/me').then((r) => r.json());
      const r = await fetch(`/api${u}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify(b),
      });
      return { status: r.status, body: r.status === 204 ? null : await r.json() };
    },
    [p, body] as const,
  ) as Promise<{ status: number; body: T }>;
}

/** Signs out from the header (on a phone, from the menu drawer). */
export async function signOut(page: Page): Promise<void> {
  if (await page.getByTestId('menu-toggle').isVisible()) await page.getByTestId('menu-toggle').click();
  await logout(page);
}

export interface CapturedMail {
  envelopeTo: string[];
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * The e-mails the e2e server sent so far (oldest first), as its SMTP capture wrote them
 * (E2E_SMTP_CAPTURE, see scripts/e2e-server.mjs); `to` keeps those to one address.
 */
export function readCapturedMails(filter: { to?: string; since?: string } = {}): CapturedMail[] {
  const dir = process.env.E2E_SMTP_CAPTURE;
  if (!dir) throw new Error('E2E_SMTP_CAPTURE is not set: the e2e server captures no e-mail');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CapturedMail)
    .filter((m) => !filter.to || m.envelopeTo.includes(filter.to))
    .filter((m) => !filter.since || m.receivedAt >= filter.since);
}

/** Waits (up to 20 s: the outbox worker polls every second in e2e) for a mail matching the filter and test. */
export async function waitForMail(filter: { to?: string; since?: string }, test: (m: CapturedMail) => boolean = () => true): Promise<CapturedMail> {
  let found: CapturedMail | undefined;
  await expect
    .poll(
      () => {
        found = readCapturedMails(filter).find(test);
        return !!found;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}

// ---- accessibility (GB/T 37668, WCAG 2.1 AA) ------------------------------------------------------

export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it is now. */
export async function a11yViolations(page: Page): Promise<A11yViolation[]> {
  await page.waitForLoadState('networkidle');
  // Let antd's entry animations finish (half-faded text reads as low contrast).
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => {
        // For contrast, the colours and ratio axe measured say what to fix.
        const data = n.any.find((c) => c.id === 'color-contrast')?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
        return n.target.join(' ') + (data?.fgColor ? ` — ${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}:1` : ` — ${n.html.slice(0, 160)}`);
      }),
    }));
}

export function describeViolations(name: string, violations: A11yViolation[]): string {
  const nodes = violations.reduce((n, v) => n + v.targets.length, 0);
  const lines = violations.map(
    (v) =>
      `  ${v.id} (${v.impact}, ${v.targets.length} nodes): ${v.help}\n${v.targets
        .slice(0, 8)
        .map((t) => `      ${t}`)
        .join('\n')}${v.targets.length > 8 ? `\n      … ${v.targets.length - 8} more` : ''}`,
  );
  return `${name}: ${nodes} nodes with serious/critical WCAG 2.1 AA violations\n${lines.join('\n')}`;
}

/** Fails (softly with `soft`, so a journey goes on) on any serious or critical WCAG 2.1 A/AA violation, naming the rules and nodes. */
export async function expectAccessible(page: Page, name: string, opts: { soft?: boolean } = {}): Promise<void> {
  const violations = await a11yViolations(page);
  const message = describeViolations(name, violations);
  if (violations.length) console.log(message);
  (opts.soft ? expect.soft(violations, message) : expect(violations, message)).toEqual([]);
}
