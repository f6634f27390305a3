// The production build of the web app, shared by `npm start` and `npm test`. Vite picks React's
// development build when NODE_ENV=development is in the environment (a 471 KB React chunk
// instead of 258 KB, and dev-only warnings in the browser), whatever `vite build` is told: the
// build step therefore always runs with NODE_ENV=production and --mode production.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const BUILD_MARKER = 'web/dist/.yrd-build.json';

/** The command line and environment of the production build, whatever `env` holds. */
export function webBuildCommand(env = process.env) {
  return {
    cmd: 'npx',
    args: ['vite', 'build', '--config', 'web/vite.config.ts', '--mode', 'production', '--logLevel', 'warn'],
    env: { ...env, NODE_ENV: 'production' },
  };
}

/** Builds web/dist for production and records that it did (a bundle without the record is rebuilt). */
export function buildWeb(env = process.env) {
  const { cmd, args, env: buildEnv } = webBuildCommand(env);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: buildEnv });
  if (r.status === 0) fs.writeFileSync(BUILD_MARKER, JSON.stringify({ mode: 'production', builtAt: new Date().toISOString() }) + '\n');
  return r.status ?? 1;
}

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** web/dist is missing, older than its sources, or not known to be a production build. */
export function webBuildStale() {
  const index = 'web/dist/index.html';
  if (!fs.existsSync(index)) return true;
  try {
    if (JSON.parse(fs.readFileSync(BUILD_MARKER, 'utf8')).mode !== 'production') return true;
  } catch {
    return true;
  }
  const sources = Math.max(newest('web/src'), fs.statSync('web/index.html').mtimeMs, fs.statSync('web/vite.config.ts').mtimeMs);
  return sources > fs.statSync(index).mtimeMs;
}
