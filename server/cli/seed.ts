// npm run seed [-- --scale N [--resources M] [--listings L]]
//   Migrates the database at DATABASE_URL and seeds the demo data when it is empty; with
//   --scale N (or --scale=N) also adds N synthetic organisations with one member each, N
//   synthetic shared resources (M with --resources M) and 10×N synthetic technology-market
//   listings (L with --listings L), indexed for search, for benchmarks. Never in production.
import { loadConfig } from '../config';
import { createDb } from '../db/index';
import { migrateToLatest } from '../db/migrate';
import { systemClock } from '../platform/clock';
import { seedDemoIfEmpty } from '../seed/demo';
import { seedScale, type ListingsResult, type OrganizationsResult } from '../seed/scale/index';

/** Listings --scale N adds without --listings: 10 per organisation (--scale 100000: a million). */
const LISTINGS_PER_SCALE = 10;

const USAGE = `Usage: npm run seed [-- --scale N [--resources M] [--listings L]]

  Migrates the database at DATABASE_URL (default sqlite:./data/yrd.sqlite) and seeds the demo
  data if the database has no organisations yet.

  --scale N, --scale=N   also add N synthetic organisations (names marked 示例) with one member
                         account each (scale-u<n>, demo password), and N synthetic shared
                         resources (mostly instruments, about 10% in traditional characters)
                         owned by them and the demo organisations, indexed for search; for
                         benchmarks. Re-running adds another N of each.
  --resources M          add M resources instead of N (0: none). Without --scale, adds M
                         resources owned by the organisations already there.
  --listings L           technology-market listings to add: L instead of ${LISTINGS_PER_SCALE}×N (0: none;
                         without --scale, only the L listings). Results (~55 %) and demands
                         (~45 %) over 15 technology areas, imported from the market "scale"
                         (external ids scale-000000001 …), with their search postings;
                         --scale 100000 (or --listings 1000000) gives the million listings of
                         npm run bench -- transfer. Re-running adds another L.
  -h, --help             show this help`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { scale: number | null; resources: number | null; listings: number | null; help: boolean } {
  let scale: number | null = null;
  let resources: number | null = null;
  let listings: number | null = null;
  let help = false;
  const parseCount = (option: string, raw: string | undefined, min: number) => {
    if (raw === undefined || raw === '') throw new UsageError(`${option} needs a number, e.g. ${option} 100000`);
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${option} must be a ${min ? 'positive' : 'non-negative'} integer, got "${raw}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') help = true;
    else if (a === '--scale') scale = parseCount('--scale', argv[++i], 1);
    else if (a.startsWith('--scale=')) scale = parseCount('--scale', a.slice('--scale='.length), 1);
    else if (a === '--resources') resources = parseCount('--resources', argv[++i], 0);
    else if (a.startsWith('--resources=')) resources = parseCount('--resources', a.slice('--resources='.length), 0);
    else if (a === '--listings') listings = parseCount('--listings', argv[++i], 0);
    else if (a.startsWith('--listings=')) listings = parseCount('--listings', a.slice('--listings='.length), 0);
    else throw new UsageError(`unknown argument "${a}"`);
  }
  if (scale === null && resources === 0 && !listings) throw new UsageError('--resources 0 without --scale adds nothing');
  if (scale === null && listings === 0 && !resources) throw new UsageError('--listings 0 without --scale adds nothing');
  return { scale, resources, listings, help };
}

/** The database URL without any password, for messages. */
function displayUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

const seconds = (ms: number) => (ms / 1000).toFixed(1) + ' s';
const rate = (n: number, ms: number) => Math.round(n / Math.max(ms / 1000, 0.001));

function reportOrganizations(result: OrganizationsResult): void {
  if (result.organizations)
    console.log(
      `scale data seeded: ${result.organizations} organisations + ${result.users} member accounts ` +
        `(${result.firstUsername} … ${result.lastUsername}, demo password) in ${seconds(result.organizationsMs)} ` +
        `(${rate(result.organizations, result.organizationsMs)} organisations/s)`,
    );
  if (result.resources)
    console.log(
      `scale resources seeded: ${result.resources} resources (ids ${result.firstResourceId} … ${result.lastResourceId}) with ` +
        `${result.terms} search terms in ${seconds(result.resourcesMs)} (${rate(result.resources, result.resourcesMs)} resources/s)`,
    );
  console.log(`scale seed done in ${seconds(result.elapsedMs)} (ANALYZE ${seconds(result.analyzeMs)}); audit entry #${result.auditSeq} seed.scale`);
}

function reportListings(result: ListingsResult): void {
  console.log(
    `scale listings seeded: ${result.listings} listings (${result.results} results, ${result.demands} demands; ids ${result.firstId} … ${result.lastId}, ` +
      `${result.firstExternalId} … ${result.lastExternalId}) with ${result.terms} search terms in ${seconds(result.elapsedMs - result.analyzeMs)} ` +
      `(${rate(result.listings, result.elapsedMs - result.analyzeMs)} listings/s, ${result.mode}; generating ${seconds(result.prepareMs)}, ` +
      `${result.segmented} text pieces segmented${result.indexMs ? `; postings' indexes rebuilt in ${seconds(result.indexMs)}` : ''}), ` +
      `ANALYZE ${seconds(result.analyzeMs)}; audit entry #${result.auditSeq} seed.scale_listings`,
  );
}

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
    const total = args.scale ?? 0;
    const resources = args.resources ?? total;
    const listings = args.listings ?? total * LISTINGS_PER_SCALE;
    if (total > 0 || resources > 0 || listings > 0)
      await seedScale(deps, {
        count: total,
        resources,
        listings,
        onProgress: (p) =>
          console.error(
            p.phase === 'index'
              ? `postings' indexes rebuilt ${seconds(p.elapsedMs)}`
              : `${p.phase} ${p.done}/${p.total} (${Math.floor((p.done / p.total) * 100)}%) ${seconds(p.elapsedMs)}`,
          ),
        onPart: (e) => {
          if (e.part === 'organizations') {
            if (!e.result) console.error(`seed: adding ${total} synthetic organisations and members, ${resources} synthetic resources…`);
            else reportOrganizations(e.result);
          } else if (!e.result) console.error(`seed: adding ${listings} synthetic technology-market listings…`);
          else reportListings(e.result);
        },
      });
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
