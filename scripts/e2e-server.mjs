// The server the browser tests drive: a fresh SQLite database (demo-seeded) on port 3100.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-e2e-'));
const port = process.env.E2E_PORT || '3100';
const child = spawn(process.execPath, ['scripts/start.mjs'], {
  stdio: 'inherit',
  env: {
    ...process.env,
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
child.on('exit', (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
