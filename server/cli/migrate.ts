// npm run migrate — applies pending migrations to DATABASE_URL.
import { loadConfig } from '../config';
import { createDb } from '../db/index';
import { migrateToLatest } from '../db/migrate';

const db = createDb(loadConfig().databaseUrl);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
