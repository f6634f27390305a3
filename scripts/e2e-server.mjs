// The server the browser tests drive: a fresh SQLite database (demo-seeded) on port 3100 (E2E_PORT),
// and with E2E_SMTP_CAPTURE=<dir> an SMTP server that keeps the e-mail it sends as JSON files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSmtpCapture } from './smtp-capture.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-e2e-'));
const port = process.env.E2E_PORT || '3100';

// E2E_SMTP_CAPTURE=<dir>: a real SMTP server in this process receives the platform's e-mail and
// writes each mail as a JSON file into <dir> (e2e/helpers.ts readCapturedMails() reads them).
const captureDir = process.env.E2E_SMTP_CAPTURE ? path.resolve(process.env.E2E_SMTP_CAPTURE) : null;
let smtp = null;
if (captureDir) {
  fs.mkdirSync(captureDir, { recursive: true });
  // A fresh server starts with an empty mailbox (only the files it writes are removed).
  for (const f of fs.readdirSync(captureDir)) if (/^\d+-\d+\.json(\.tmp)?$/.test(f)) fs.rmSync(path.join(captureDir, f), { force: true });
  let n = 0;
  smtp = await startSmtpCapture({
    onMail: (mail) => {
      const name = `${Date.now()}-${String(++n).padStart(5, '0')}.json`;
      fs.writeFileSync(path.join(captureDir, name + '.tmp'), JSON.stringify(mail, null, 2));
      // Renamed into place: a reader never sees half a file.
      fs.renameSync(path.join(captureDir, name + '.tmp'), path.join(captureDir, name));
    },
  });
}

const child = spawn(process.execPath, ['scripts/start.mjs'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    ...(smtp ? { SMTP_URL: smtp.url, MAIL_POLL_SECONDS: process.env.MAIL_POLL_SECONDS ?? '1' } : {}),
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    CALL_NOTICE_DAYS: process.env.CALL_NOTICE_DAYS ?? '0',
    PORT: port,
    HOST: '127.0.0.1',
    DATABASE_URL: process.env.E2E_DATABASE_URL || `sqlite:${dir}/e2e.sqlite`,
    DATA_DIR: path.join(dir, 'data'),
  },
});
const stop = (sig) => {
  child.kill(sig);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', async (code) => {
  await smtp?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
