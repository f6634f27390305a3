// Process entry: read config, open the database, migrate, seed the demo when empty, listen,
// and shut down gracefully on SIGTERM / SIGINT.
import { loadConfig } from './config';
import { createDb } from './db/index';
import { migrateToLatest } from './db/migrate';
import { buildApp } from './app';
import { systemClock } from './platform/clock';
import { seedDemoIfEmpty } from './seed/demo';
import { sweep } from './modules/bookings/bookings.service';
import { expireDue, warnExpiring } from './modules/vouchers/vouchers.service';
import { sweepContracts } from './modules/transfer/contracts.service';
import { closeDue } from './modules/transfer/auctions.service';
import { startOutboxWorker } from './modules/notifications/outbox';

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

  // No-shows, lapsed requests and expired waitlist offers, every minute. The sweep is
  // idempotent, so every process may run it.
  const sweeper = setInterval(() => {
    sweep(deps).catch((err) => app.log.error({ err }, 'booking sweep failed'));
    expireDue(deps)
      .then(() => warnExpiring(deps))
      .catch((err) => app.log.error({ err }, 'voucher expiry failed'));
    // Licence payment reminders and overdue marks; auctions past their close.
    sweepContracts(deps).catch((err) => app.log.error({ err }, 'contract sweep failed'));
    closeDue(deps).catch((err) => app.log.error({ err }, 'auction close failed'));
  }, 60_000);
  sweeper.unref();

  // The e-mail outbox worker (only with SMTP_URL; every process may run one: each mail is
  // claimed by one of them). It stops with the app: a drain under way finishes first.
  const mailer = startOutboxWorker(deps, (err) => app.log.error({ err }, 'e-mail outbox drain failed'));
  if (mailer) app.addHook('onClose', () => mailer.stop());
  else app.log.info('SMTP_URL not set: e-mail stays in the outbox, unsent');

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
    clearInterval(sweeper);
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

  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`YRD Commons listening on ${address} (${db.helpers.engine})`);
  // One plain line for scripts that start the server on port 0 and need to know where it went.
  if (config.printAddress) process.stdout.write(`listening ${address}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
