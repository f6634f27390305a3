// npm test: the one command that proves the project works.
//   1. type-check server and web, lint, web API types current;  2. unit + API tests on SQLite and PostgreSQL (Vitest);
//   3. browser journeys in Debian's Chromium (Playwright), against a freshly built web app.
// PostgreSQL is the server at TEST_PG_URL, or one started from npm when none answers there
// (scripts/test-postgres.mjs). With CI=true nothing may be skipped: a missing Chromium fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePostgres } from './test-postgres.mjs';
import { webBuildCommand } from './web-build.mjs';

const ci = process.env.CI === 'true';
const steps = [];
let cleanup = async () => undefined;
async function run(name, cmd, args, env = {}) {
  const t = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  steps.push({ name, ok: r.status === 0, seconds: ((Date.now() - t) / 1000).toFixed(1) });
  if (r.status !== 0) {
    await cleanup();
    summary();
    process.exit(r.status ?? 1);
  }
}
function summary() {
  console.log('\nSummary');
  for (const s of steps) console.log(`  ${s.ok ? '✔' : '✘'} ${s.name} (${s.seconds} s)`);
}

await run('type-check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
await run('type-check web', 'npx', ['tsc', '-p', 'web/tsconfig.json', '--noEmit']);
await run('lint (ESLint, Prettier)', 'npm', ['run', '--silent', 'lint']);
await run('web API types current (npm run api:types)', 'npx', ['tsx', 'scripts/api-types.ts', '--check']);
// Reports live outside test-results/, which Playwright empties when it starts.
const reports = path.resolve('.test-reports');
fs.mkdirSync(reports, { recursive: true });
const counts = { passed: 0, failed: 0, skipped: 0 };
function tally(file, read) {
  try {
    const r = read(JSON.parse(fs.readFileSync(file, 'utf8')));
    for (const k of Object.keys(counts)) counts[k] += r[k] ?? 0;
  } catch {
    /* the runner failed before writing its report; its exit code already says so */
  }
}
const vitestJson = path.join(reports, 'vitest.json');
const playwrightJson = path.join(reports, 'playwright.json');
for (const f of [vitestJson, playwrightJson]) fs.rmSync(f, { force: true });
process.on('exit', () => {
  tally(vitestJson, (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests }));
  // A flaky test failed once and passed on retry: it counts as passed.
  tally(playwrightJson, (j) => ({ passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped }));
  console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
});
const skipPg = process.env.YRD_SKIP_PG === '1' && !ci;
const postgres = skipPg ? null : await ensurePostgres();
cleanup = async () => postgres?.stop();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void cleanup().then(() => process.exit(130)));
await run(
  'unit and API tests (SQLite and PostgreSQL)',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  postgres ? { TEST_PG_URL: postgres.url } : {},
);
await cleanup();
if (!fs.existsSync('/usr/bin/chromium')) {
  if (ci) {
    console.error('Chromium is missing (/usr/bin/chromium): install it with apt-get install -y chromium');
    process.exit(1);
  }
  console.warn('\n⚠ /usr/bin/chromium is missing: browser tests NOT run (apt-get install -y chromium). This is a failure under CI=true.');
} else {
  const web = webBuildCommand();
  await run('build web app (production)', web.cmd, web.args, web.env);
  await run('browser journeys (Playwright, Debian Chromium)', 'npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    YRD_SKIP_WEB_BUILD: '1',
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
}
summary();
