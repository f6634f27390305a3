// npm run seed [-- --scale N]
//   Migrates the database at DATABASE_URL and seeds the demo data when it is empty; with
//   --scale N (or --scale=N) also adds N synthetic organisations with one member each, for
//   benchmarks. Never in production.
import { loadConfig } from '../config';
import { createDb } from '../db/index';
import { migrateToLatest } from '../db/migrate';
import { systemClock } from '../platform/clock';
import { seedDemoIfEmpty } from '../seed/demo';
import { seedScale } from '../seed/scale';

const USAGE = `Usage: npm run seed [-- --scale N]

  Migrates the database at DATABASE_URL (default sqlite:./data/yrd.sqlite) and seeds the demo
  data if the database has no organisations yet.

  --scale N, --scale=N   also add N synthetic organisations (names marked 示例) with one member
                         account each (scale-u<n>, demo password), for benchmarks; re-running
                         adds another N.
  -h, --help             show this help`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { scale: number | null; help: boolean } {
  let scale: number | null = null;
  let help = false;
  const parseScale = (raw: string | undefined) => {
    if (raw === undefined || raw === '') throw new UsageError('--scale needs a number, e.g. --scale 100000');
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--scale must be a positive integer, got "${raw}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') help = true;
    else if (a === '--scale') scale = parseScale(argv[++i]);
    else if (a.startsWith('--scale=')) scale = parseScale(a.slice('--scale='.length));
    else throw new UsageError(`unknown argument "${a}"`);
  }
  return { scale, help };
}

/** The database URL without any password, for messages. */
function displayUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

const seconds = (ms: number) => (ms / 1000).toFixed(1) + ' s';

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`seed: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    console.error(
      'seed: refusing to run with NODE_ENV=production — demo and synthetic data never go into a production database.\n' +
        '      To apply migrations only, run: npm run migrate',
    );
    return 1;
  }

  const db = createDb(config.databaseUrl);
  try {
    const deps = { db, clock: systemClock, config };
    console.error(`seed: ${db.helpers.engine} database ${displayUrl(config.databaseUrl)}`);
    const applied = await migrateToLatest(db);
    console.error(applied.length ? `seed: applied migrations ${applied.join(', ')}` : 'seed: schema is up to date');
    const demo = await seedDemoIfEmpty(deps);
    console.log(
      demo
        ? `demo data seeded: ${demo.organizations} organisations, ${demo.users} accounts (password: YRD_DEMO_PASSWORD or Yrd@demo2025)`
        : 'demo data: the database already has organisations; left as it is',
    );
    if (args.scale !== null) {
      const total = args.scale;
      console.error(`seed: adding ${total} synthetic organisations and members…`);
      const result = await seedScale(deps, {
        count: total,
        onProgress: (p) => {
          const pct = Math.floor((p.done / p.total) * 100);
          console.error(`organizations ${p.done}/${p.total} (${pct}%) ${seconds(p.elapsedMs)}`);
        },
      });
      const rate = Math.round(result.organizations / (result.elapsedMs / 1000));
      console.log(
        `scale data seeded: ${result.organizations} organisations + ${result.users} member accounts ` +
          `(${result.firstUsername} … ${result.lastUsername}, demo password) in ${seconds(result.elapsedMs)} ` +
          `(${rate} organisations/s); audit entry #${result.auditSeq} seed.scale`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('seed: failed:', err);
    process.exit(1);
  },
);
