// Two server processes (server/main.ts, each running its outbox worker because SMTP_URL is set)
// on one database drain the same outbox: every mail reaches the SMTP server exactly once, and
// both processes stop cleanly on SIGTERM (the worker stops with the app).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engine, type TestContext } from '../../../test/context';
import { serverProcesses } from '../../../test/processes';
import { startSmtpCapture, type CapturedMail } from '../../../scripts/smtp-capture.mjs';
import { inTransaction } from '../../platform/deps';
import { enqueueEmail } from './notify';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const mails: CapturedMail[] = [];
const servers = serverProcesses();
const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_POLL_SECONDS: process.env.MAIL_POLL_SECONDS };

beforeAll(async () => {
  ctx = await createTestContext();
  // Whatever the demo seed queued is not this test's business.
  await ctx.db.db.updateTable('email_outbox').set({ status: 'sent' }).execute();
  smtp = await startSmtpCapture({ onMail: (m) => mails.push(m) });
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_POLL_SECONDS = '1';
  await Promise.all([servers.start(ctx.db.url), servers.start(ctx.db.url)]);
}, 120_000);

afterAll(async () => {
  await servers.stopAll();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await smtp.close();
  await ctx.close();
});

describe(`two server processes sending e-mail from one ${engine} outbox`, () => {
  it('send each of 150 mails exactly once', async () => {
    const n = 150;
    // Queued in three batches while both workers poll, so their claims overlap in time.
    for (let b = 0; b < 3; b++)
      await inTransaction(ctx.deps, async (trx) => {
        for (let i = 0; i < n / 3; i++) {
          const k = b * (n / 3) + i;
          await enqueueEmail(trx, new Date().toISOString(), { to: `proc${k}@example.yrd`, subject: `进程 ${k}`, text: `正文 ${k}` });
        }
      });
    await expect.poll(() => mails.length, { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(n);
    // A moment for any duplicate to show up.
    await new Promise((r) => setTimeout(r, 2_000));
    const to = mails.map((m) => m.envelopeTo[0]);
    expect(to).toHaveLength(n);
    expect(new Set(to).size).toBe(n);
    const rows = await ctx.db.db.selectFrom('email_outbox').select(['status', 'attempts']).where('to_address', 'like', 'proc%').execute();
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true);
  }, 90_000);
});
