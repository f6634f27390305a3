// Every SQL statement of the audit log and its chain head.
import type { Kysely, Transaction } from 'kysely';
import type { AuditEntry, Database } from '../db/types';
import type { DialectHelpers } from '../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * The chain head, locked for the rest of the transaction where the engine has row locks: the lock
 * serialises appends on PostgreSQL (SQLite serialises writers anyway).
 */
export function lockHead(trx: Transaction<Database>, h: DialectHelpers) {
  let q = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

export function findHead(db: Q) {
  return db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
}

export function insertEntry(trx: Transaction<Database>, entry: AuditEntry) {
  return trx.insertInto('audit_log').values(entry).execute();
}

export function moveHead(trx: Transaction<Database>, seq: number, hash: string) {
  return trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
}

/** Up to limit entries from seq on, in seq order. */
export function entriesFrom(db: Q, seq: number, limit: number) {
  return db.selectFrom('audit_log').selectAll().where('seq', '>=', seq).orderBy('seq').limit(limit).execute();
}
