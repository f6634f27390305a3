// npm run audit:verify — walks the whole audit chain and exits 1 if any entry was edited,
// deleted or cut off the end. Reads DATABASE_URL like the server.
import { loadConfig } from '../config';
import { createDb } from '../db/index';
import { verifyAuditChain } from '../platform/audit';

const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  const result = await verifyAuditChain(db.db, (n) => process.stderr.write(`\rchecked ${n} entries`));
  process.stderr.write('\n');
  if (result.ok) {
    console.log(`audit log intact: ${result.entries} entries, chain and head agree`);
  } else {
    console.log(`audit log TAMPERED: ${result.problems.length} problem(s) in ${result.entries} entries`);
    for (const p of result.problems) console.log('  - ' + p);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
