import { Jimp } from 'jimp';
import { expect, test, type Page } from '@playwright/test';
import { apiGet, login, shootBoth, signOut, useLanguage } from './helpers';

// Issue 15, defects 7 and 12 in the browser: a calendar link with its QR code (and revoke), and
// a resource's photos (upload, an .exe renamed .jpg refused), contact and 我要洽谈 from a reader
// to the owner, who reads the thread. (Defect 9, the review form, is walked in calls.spec.ts.)

test.describe.configure({ mode: 'serial', timeout: 120_000 });
test.beforeEach(async ({ page }) => useLanguage(page, 'zh'));

async function patch(page: Page, p: string, body: unknown) {
  return page.evaluate(
    async ([u, b]) => {
      const me = await fetch('/api/auth/me').then((r) => r.json());
      const r = await fetch(`/api${u}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify(b),
      });
      return r.status;
    },
    [p, body] as const,
  );
}

test('a calendar link: one click, https and webcal addresses with a QR code; the feed reads until revoked', async ({ page }) => {
  await login(page, 'zj-member');
  await page.goto('/bookings');
  await page.getByTestId('calendar-link-create').click();
  await expect(page.getByTestId('calendar-link-new')).toBeVisible();
  const qr = page.getByTestId('calendar-link-qr');
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  const https = (await page.getByTestId('calendar-link-https').innerText()).trim();
  expect(https).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/ycal_[A-Za-z0-9_-]{43}\.ics$/);
  await expect(page.getByTestId('calendar-link-webcal')).toContainText(`webcal://${new URL(https).host}/api/calendar/ycal_`);
  const feed = await page.request.get(https);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  await shootBoth(page, 'defects-b', 'calendar-link');

  const links = await apiGet<{ items: Array<{ id: number; revokedAt: string | null }> }>(page, '/me/calendar-links');
  const id = links.items[0].id;
  await page.getByTestId(`calendar-link-revoke-${id}`).click();
  await page.getByTestId('calendar-link-revoke-ok').click();
  await expect(page.getByTestId(`calendar-link-row-${id}`)).toContainText('已撤销');
  expect((await page.request.get(https)).status()).toBe(404);
});

test('photos, contact and 我要洽谈: the owner uploads, a reader sees the contact and writes, the owner reads it', async ({ page }) => {
  await login(page, 'sh-org-admin');
  const mine = await apiGet<{ items: Array<{ id: number; name: string; status: string }> }>(page, '/resources?mine=true&pageSize=50');
  const res = mine.items.find((r) => r.status === 'published')!;
  expect(
    await patch(page, `/resources/${res.id}`, {
      contactName: '王示例',
      contactPhone: '021-5555 0101',
      contactEmail: 'lab@example.cn',
      contactVisibility: 'signed_in',
    }),
  ).toBe(200);
  await page.goto(`/resources/${res.id}`);
  await expect(page.getByTestId('resource-photos')).toBeVisible();

  // A real PNG goes in; an .exe renamed .jpg is refused with the reason.
  const png = await new Jimp({ width: 640, height: 480, color: 0x2f6fedff }).getBuffer('image/png');
  const input = page.getByTestId('resource-photos').locator('input[type=file]');
  await input.setInputFiles({ name: 'lab.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('resource-photos').locator('[data-testid^="photo-"] img').first()).toBeVisible();
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(4000, 0x41)]);
  await input.setInputFiles({ name: 'setup.jpg', mimeType: 'image/jpeg', buffer: exe });
  await expect(page.getByTestId('problem-detail')).toContainText('只接受 JPEG、PNG 或 WebP 图片');
  await expect(page.getByTestId('resource-photos').locator('[data-testid^="photo-remove-"]')).toHaveCount(1);
  await expect(page.getByTestId('resource-contact-visibility')).toContainText('登录用户');
  await expect(page.getByTestId('contact-owner')).toHaveCount(0); // not to one's own organisation
  await shootBoth(page, 'defects-b', 'resource-owner');
  await signOut(page);

  await login(page, 'zj-member');
  await page.goto(`/resources/${res.id}`);
  await expect(page.getByTestId('resource-contact-name')).toHaveText('王示例');
  await page.getByTestId('contact-owner').click();
  await page.getByTestId('contact-owner-body').fill('您好，我们想下周送样测试，请问可否安排？');
  await page.getByTestId('contact-owner-send').click();
  await expect(page.getByTestId('message-thread')).toContainText('您好，我们想下周送样测试');
  await shootBoth(page, 'defects-b', 'resource-reader');

  // 我要洽谈 on a result of another organisation.
  const results = await apiGet<{ items: Array<{ id: number; ownerOrgId: number | null }> }>(page, '/results?pageSize=50');
  const me = await apiGet<{ user: { organization: { id: number } } }>(page, '/auth/me');
  const result = results.items.find((r) => r.ownerOrgId !== null && r.ownerOrgId !== me.user.organization.id)!;
  await page.goto(`/market/results/${result.id}`);
  await expect(page.getByTestId('contact-owner')).toHaveText(/我要洽谈/);
  await signOut(page);

  // The owner's admin reads the thread on the resource's page.
  await login(page, 'sh-org-admin');
  await page.goto(`/resources/${res.id}#messages`);
  await expect(page.getByTestId('message-thread')).toContainText('您好，我们想下周送样测试');
  await expect(page.getByTestId('message-thread')).toContainText('洽谈留言');
});

test('English and a phone: the same resource page reads in English', async ({ page }) => {
  await login(page, 'zj-member');
  await page.evaluate(() => localStorage.setItem('yrd.lang', 'en'));
  const list = await apiGet<{ items: Array<{ id: number; photo: string | null }> }>(page, '/resources?pageSize=100');
  const withPhoto = list.items.find((r) => r.photo?.startsWith('/api/resources/'));
  expect(withPhoto, 'the photo uploaded above is on its catalogue card').toBeTruthy();
  await page.goto(`/resources/${withPhoto!.id}`);
  await expect(page.getByTestId('resource-contact')).toContainText('Contact');
  await expect(page.getByTestId('contact-owner')).toHaveText(/Contact the owner/);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/resources');
  await expect(page.getByTestId(`catalogue-item-photo-${withPhoto!.id}`)).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`/resources/${withPhoto!.id}`);
  await shootBoth(page, 'defects-b', 'resource-en');
});
