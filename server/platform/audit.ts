// Append-only, hash-chained audit log. Every state change calls recordAudit inside its own
// transaction, so the entry exists exactly when the change does.
//   digest = sha256(canonical JSON of the change)
//   hash   = sha256(prev_hash | seq | at | actor | action | entity | jurisdiction | digest [| batch:<id>])
// The batch id (the entries of one import) is appended only when present, so entries without one
// — all those written before batches existed — hash exactly as they always did.
// audit_head holds the last seq and hash: its row lock serialises appends on PostgreSQL
// (SQLite serialises writers anyway) and lets the verifier see entries cut off the end.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, AuditEntry } from '../db/types';
import type { DialectHelpers } from '../db/dialect/types';
import type { Actor } from './access';
import * as repo from './audit.repository';

export interface AuditInput {
  actor: Pick<Actor, 'userId' | 'username'> | null;
  action: string; // e.g. organization.create
  entityType: string;
  entityId: string | number | null;
  jurisdictionCode: string | null;
  change: unknown; // what changed: { before, after } or the new record
  /** Groups the entries of one import (newAuditBatch()); hashed with the entry. */
  batchId?: string | null;
}

/** A fresh batch id for the entries of one import: imp-<time>-<random>. */
export function newAuditBatch(at: string): string {
  return `imp-${at.replace(/[^0-9]/g, '').slice(0, 14)}-${randomBytes(4).toString('hex')}`;
}

/** JSON with object keys sorted at every depth, so the digest does not depend on key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const keys = Object.keys(v as object)
    .filter((k) => (v as any)[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson((v as any)[k])).join(',') + '}';
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function entryHash(e: Omit<AuditEntry, 'hash' | 'batch_id'> & { batch_id?: string | null }): string {
  const fields: Array<string | number> = [
    e.prev_hash,
    e.seq,
    e.at,
    e.actor_user_id ?? '',
    e.actor_name ?? '',
    e.action,
    e.entity_type,
    e.entity_id ?? '',
    e.jurisdiction_code ?? '',
    e.digest,
  ];
  if (e.batch_id) fields.push(`batch:${e.batch_id}`);
  return sha256(fields.join('|'));
}

// Secrets never enter the log, whatever a service passes in.
const REDACT = new Set(['password', 'password_hash', 'token', 'token_hash', 'csrf_token']);
function redact(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(redact);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v as object)) out[k] = REDACT.has(k) ? '[redacted]' : redact(val);
  return out;
}

export async function recordAudit(trx: Transaction<Database>, helpers: DialectHelpers, at: string, input: AuditInput): Promise<number> {
  const head = await repo.lockHead(trx, helpers);
  const changeJson = canonicalJson(redact(input.change));
  const base = {
    seq: Number(head.seq) + 1,
    at,
    actor_user_id: input.actor?.userId ?? null,
    actor_name: input.actor?.username ?? null,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId === null ? null : String(input.entityId),
    jurisdiction_code: input.jurisdictionCode,
    change_json: changeJson,
    digest: sha256(changeJson),
    prev_hash: head.hash,
    batch_id: input.batchId ?? null,
  };
  const hash = entryHash(base);
  await repo.insertEntry(trx, { ...base, hash });
  await repo.moveHead(trx, base.seq, hash);
  return base.seq;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  problems: string[];
}

/** Walks the whole chain in seq order, in pages, and reports every break it finds. */
export async function verifyAuditChain(db: Kysely<Database>, onProgress?: (done: number) => void): Promise<AuditVerification> {
  const problems: string[] = [];
  let prevHash = '0'.repeat(64);
  let expectedSeq = 1;
  let entries = 0;
  const PAGE = 5000;
  for (;;) {
    const rows = await repo.entriesFrom(db, expectedSeq, PAGE);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) problems.push(`entries ${expectedSeq}..${seq - 1} are missing (deleted?)`);
      if (sha256(r.change_json) !== r.digest) problems.push(`entry ${seq}: its change was edited (digest mismatch)`);
      if (r.prev_hash !== prevHash) problems.push(`entry ${seq}: does not follow the entry before it (prev_hash mismatch)`);
      const { hash, ...rest } = r;
      if (entryHash({ ...rest, seq, actor_user_id: r.actor_user_id === null ? null : Number(r.actor_user_id) }) !== hash)
        problems.push(`entry ${seq}: its fields were edited (hash mismatch)`);
      prevHash = hash;
      expectedSeq = seq + 1;
      entries++;
    }
    onProgress?.(entries);
    if (problems.length > 100) break;
  }
  const head = await repo.findHead(db);
  if (!head) problems.push('the chain head is missing');
  else if (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)
    problems.push(`the log ends at entry ${expectedSeq - 1} but the head records entry ${head.seq} (entries cut off the end?)`);
  return { ok: problems.length === 0, entries, problems };
}
