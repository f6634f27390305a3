// npm run bench [-- SUITE…] [--engine sqlite|postgres] [--json]
//   Runs every registered suite (or the named ones) and prints a table per suite; with --json,
//   one JSON object per figure and line instead. Exits 0 even when a target is missed (the
//   missed ones are listed at the end) and 1 only when a suite fails to run.
// Adding a suite: a new file in bench/suites exporting a Suite, and one line in SUITES below.
import { ENGINES, closeAll, machineLoad, type Engine, type Metric, type Suite } from './lib';
import authMe from './suites/auth-me';

const SUITES: Suite[] = [
  authMe,
  (await import('./suites/search')).default,
  (await import('./suites/booking')).default,
  (await import('./suites/transfer')).default,
  (await import('./suites/relevance')).default,
  (await import('./suites/web')).default,
];

const USAGE = `Usage: npm run bench [-- SUITE…] [--engine sqlite|postgres] [--json]

Suites:
${SUITES.map((s) => `  ${s.name.padEnd(14)} ${s.description}`).join('\n')}

  --engine E   run on one engine only (repeatable; default: ${ENGINES.join(' and ')})
  --json       one JSON object per figure and line on stdout instead of tables
  BENCH_POSTGRES_URL  where scratch PostgreSQL databases are created (default postgres://postgres@127.0.0.1:5432/postgres)`;

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const names: string[] = [];
  const engines: Engine[] = [];
  let json = false;
  let help = false;
  const engineOf = (raw: string | undefined): Engine => {
    if (!raw || !ENGINES.includes(raw as Engine)) throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, got "${raw ?? ''}"`);
    return raw as Engine;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '-h' || a === '--help') help = true;
    else if (a === '--engine') engines.push(engineOf(argv[++i]));
    else if (a.startsWith('--engine=')) engines.push(engineOf(a.slice('--engine='.length)));
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}"`);
    else names.push(a);
  }
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) throw new UsageError(`unknown suite(s): ${unknown.join(', ')}`);
  const suites = names.length ? SUITES.filter((s) => names.includes(s.name)) : SUITES;
  return { suites, engines: engines.length ? [...new Set(engines)] : ENGINES, json, help };
}

function formatValue(m: Metric): string {
  const v = Number.isInteger(m.value) ? String(m.value) : String(m.value);
  return m.unit ? `${v} ${m.unit}` : v;
}

function printTable(suite: Suite, metrics: Metric[], seconds: number) {
  const rows = metrics.map((m) => [m.engine ?? '-', m.metric, formatValue(m), m.target ?? '', m.ok === undefined ? '' : m.ok ? 'pass' : 'MISS']);
  const header = ['engine', 'metric', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // Numbers right-aligned, words left-aligned.
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\n== ${suite.name} (${seconds.toFixed(1)} s) — ${suite.description}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let lastEngine: string | undefined;
  for (const r of rows) {
    if (lastEngine !== undefined && r[0] !== lastEngine) console.log('');
    lastEngine = r[0];
    console.log(line(r));
  }
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`bench: ${e.message}\n\n${USAGE}`);
      return 1;
    }
    throw e;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const missed: Metric[] = [];
  const failed: string[] = [];
  for (const suite of args.suites) {
    const machine = machineLoad();
    if (machine.busy)
      log(
        `bench: warning: the machine is busy (load average ${machine.load1.toFixed(1)} on ${machine.cores} cores); figures of ${suite.name} will be skewed by other work`,
      );
    const started = performance.now();
    let metrics: Metric[];
    try {
      metrics = await suite.run({ engines: args.engines, log });
    } catch (err) {
      failed.push(suite.name);
      console.error(`bench: suite ${suite.name} failed:`, err);
      continue;
    }
    const seconds = (performance.now() - started) / 1000;
    if (args.json) for (const m of metrics) console.log(JSON.stringify(m));
    else printTable(suite, metrics, seconds);
    missed.push(...metrics.filter((m) => m.ok === false));
  }
  // The summary goes to stderr in --json mode so stdout stays one JSON object per line.
  const report = args.json ? log : (s: string) => console.log(s);
  report('');
  if (missed.length) {
    report(`Targets missed (${missed.length}):`);
    for (const m of missed) report(`  MISS ${m.suite} [${m.engine ?? '-'}] ${m.metric} = ${formatValue(m)} (target ${m.target})`);
  } else if (!failed.length) report('All targets met.');
  if (failed.length) report(`Suites that failed to run: ${failed.join(', ')}`);
  return failed.length ? 1 : 0;
}

main()
  .then(
    (code) => code,
    (err) => {
      console.error('bench: failed:', err);
      return 1;
    },
  )
  .then(async (code) => {
    await closeAll();
    process.exit(code);
  });
