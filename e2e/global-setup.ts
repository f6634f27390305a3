import fs from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** The suite runs in Debian's Chromium; in CI its absence is a failure, never a skip. */
export default function globalSetup(): void {
  if (!fs.existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM} (install the Debian package "chromium"; browsers are never downloaded).`;
    if (process.env.CI) throw new Error(msg);
    console.warn(`[e2e] ${msg}`);
  }
}
