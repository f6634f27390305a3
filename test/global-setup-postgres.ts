// With CI=true (and locally too) an unreachable PostgreSQL fails the run: it is never skipped.
import { buildPostgresTemplate, dropPostgresTemplate, pgAdmin } from './db-template';

export default async function setup() {
  try {
    await pgAdmin((c) => c.query('select 1'));
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable for the API tests (${(e as Error).message}). Start it with ` +
        `"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", or point TEST_PG_URL at one.`,
    );
  }
  await buildPostgresTemplate();
  return dropPostgresTemplate;
}
