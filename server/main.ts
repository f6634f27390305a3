// Process entry: read config, open the database, migrate, seed the demo when empty, listen,
// and shut down gracefully on SIGTERM / SIGINT.
import { loadConfig } from './config';
import { createDb } from './db/index';
import { migrateToLatest } from './db/migrate';
import { buildApp } from './app';
import { systemClock } from './platform/clock';
import { seedDemoIfEmpty } from './seed/demo';

async function main() {
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  const deps = { db, clock: systemClock, config };
  const app = await buildApp(deps);
  if (config.seedDemo) {
    const seeded = await seedDemoIfEmpty(deps);
    if (seeded) app.log.info(seeded, 'demo data seeded (every demo password: YRD_DEMO_PASSWORD or Yrd@demo2025)');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    try {
      await app.close();
      await db.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`YRD Commons on http://localhost:${config.port} (${db.helpers.engine})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
