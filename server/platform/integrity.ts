// The integrity gate (Decision art. 17): an active research-integrity record from ANY of the four
// jurisdictions bars its subject everywhere — applying or bidding, expert duty, receiving
// vouchers, being recognised as a provider. Every module asks this one function; the refusal
// names the record.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/types';
import { AppError } from './errors';
import { shanghaiDate } from './clock';
import * as repo from './integrity.repository';

type Q = Kysely<Database> | Transaction<Database>;

export type GatedAction = 'apply' | 'bid' | 'review' | 'receive_voucher' | 'provide_services' | 'license';

export interface IntegritySubject {
  organizationId?: number | null;
  userId?: number | null;
}

export interface ActiveIntegrityRecord {
  id: number;
  jurisdictionCode: string;
  subjectType: string;
  subjectName: string;
  misconduct: string;
  decidingUnit: string;
  effectiveAt: string;
  endsAt: string;
}

/** The active record (effective, not yet ended, not revoked) on the organisation or the person, if any. */
export async function activeIntegrityRecord(db: Q, subject: IntegritySubject, atIso: string): Promise<ActiveIntegrityRecord | null> {
  const orgId = subject.organizationId ?? null;
  const userId = subject.userId ?? null;
  if (orgId === null && userId === null) return null;
  const row = await repo.findActiveRecord(db, orgId, userId, atIso);
  if (!row) return null;
  return {
    id: Number(row.id),
    jurisdictionCode: row.jurisdiction_code,
    subjectType: row.subject_type,
    subjectName: row.subject_name,
    misconduct: row.misconduct,
    decidingUnit: row.deciding_unit,
    effectiveAt: row.effective_at,
    endsAt: row.ends_at,
  };
}

/** Throws 403 `integrity-record` naming the record when the subject is barred. */
export async function assertNoIntegrityBar(db: Q, subject: IntegritySubject, action: GatedAction, atIso: string): Promise<void> {
  const rec = await activeIntegrityRecord(db, subject, atIso);
  if (!rec) return;
  throw new AppError(
    'integrity-record',
    { id: rec.id, subject: rec.subjectName, unit: rec.decidingUnit, until: shanghaiDate(Date.parse(rec.endsAt) - 1) },
    [],
    { rule: 'integrity-record', action, record: rec },
  );
}

/**
 * The users among userIds whom an active record bars (on the person or on their organisation),
 * for checks over many people at once (the expert pool's conflict rules).
 */
export async function barredUserIds(db: Q, userIds: number[], atIso: string): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows = await repo.usersUnderRecord(db, userIds, atIso);
  return new Set(rows.map((r) => Number(r.id)));
}
