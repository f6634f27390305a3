// npm run ledger:verify — checks the voucher ledger and exits 1 on any problem: every transaction
// balances, no account is on the wrong side of zero, every voucher balance and receivable equals
// what its records say, settlements equal their lines, clearing pairs cancel. Reads DATABASE_URL.
import { loadConfig } from '../config';
import { createDb } from '../db/index';
import { verifyLedger } from '../modules/vouchers/ledger';

const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  const r = await verifyLedger(db.db);
  if (r.problems.length === 0) {
    console.log(
      `ledger balanced: ${r.transactions} transactions, ${r.entries} entries over ${r.accounts} accounts; every balance equals its entries and records`,
    );
  } else {
    console.log(`ledger INCONSISTENT: ${r.problems.length} problem(s) in ${r.transactions} transactions`);
    for (const p of r.problems) console.log(`  - [${p.check}] ${p.detail}`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
