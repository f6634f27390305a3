// The workbench's own aggregate statements: figures no list endpoint already counts (grouped
// states, sums, monthly series, flows, system health). Each is one grouped or counted statement,
// never a query per row. Everything else on the workbench is the `total` of the module's own
// list service, so a figure always equals the list it links to.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

const byStatus = (rows: Array<{ status: string; n: number | string | bigint }>) => Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));

// ---- an enterprise's figures ----------------------------------------------------------------

/** Active vouchers of an organisation: how many, their summed ledger balance, the nearest expiry. */
export async function voucherTotals(db: Q, orgId: number): Promise<{ balanceFen: number; nextExpiry: string | null }> {
  const row = await db
    .selectFrom('vouchers as v')
    .select((eb) => [
      eb.fn.min('v.expires_at').as('next_expiry'),
      sql<number>`coalesce(sum((select coalesce(sum(e.amount_fen), 0) from ledger_entries e where e.account = ${sql.lit('voucher:')} || cast(v.id as varchar(20)))), 0)`.as(
        'balance',
      ),
    ])
    .where('v.holder_org_id', '=', orgId)
    .where('v.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return { balanceFen: Number(row.balance ?? 0), nextExpiry: (row.next_expiry as string | null) ?? null };
}

export async function voucherApplicationsByStatus(db: Q, orgId: number) {
  return byStatus(
    await db
      .selectFrom('voucher_applications')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('applicant_org_id', '=', orgId)
      .groupBy('status')
      .execute(),
  );
}

export async function callApplicationsByStatus(db: Q, orgId: number) {
  return byStatus(
    await db
      .selectFrom('call_applications')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('applicant_org_id', '=', orgId)
      .groupBy('status')
      .execute(),
  );
}

/** Open instalments an organisation owes as licensee, overdue or due before `until`: count and outstanding fen. */
export async function instalmentsDue(db: Q, orgId: number, until: string) {
  const row = await db
    .selectFrom('contract_instalments as i')
    .innerJoin('contracts as c', 'c.id', 'i.contract_id')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('i.contract_id').distinct().as('contracts'),
      sql<number>`coalesce(sum(i.amount_fen - i.paid_fen - i.compensated_fen), 0)`.as('outstanding'),
      eb.fn.min('i.due_at').as('next_due'),
    ])
    .where('c.licensee_org_id', '=', orgId)
    .where('i.status', 'in', ['scheduled', 'overdue'])
    .where((eb) => eb.or([eb('i.status', '=', 'overdue'), eb.and([eb('i.due_at', 'is not', null), eb('i.due_at', '<=', until)])]))
    .executeTakeFirstOrThrow();
  return {
    instalments: Number(row.n),
    contracts: Number(row.contracts),
    outstandingFen: Number(row.outstanding ?? 0),
    nextDue: (row.next_due as string | null) ?? null,
  };
}

/** An organisation's published demands, newest first (their matches are the transfer module's). */
export function demandsOf(db: Q, orgId: number, limit: number) {
  return db
    .selectFrom('listings')
    .select(['id', 'title'])
    .where('kind', '=', 'demand')
    .where('owner_org_id', '=', orgId)
    .where('status', '=', 'published')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countDemandsOf(db: Q, orgId: number) {
  const r = await db
    .selectFrom('listings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'demand')
    .where('owner_org_id', '=', orgId)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function waitlistOffers(db: Q, userId: number) {
  const r = await db
    .selectFrom('waitlist_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'offered')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- a resource operator's figures -----------------------------------------------------------

export interface ManagedBy {
  userId: number;
  orgId: number | null;
  all: boolean;
}

/** The bookable resources an operator runs, with their opening hours. */
export function managedBookable(db: Q, m: ManagedBy, kinds: readonly string[]) {
  let q = db
    .selectFrom('resources')
    .select(['id', 'name', 'kind', 'opening_hours_json', 'capacity'])
    .where('kind', 'in', [...kinds])
    .where('status', '=', 'published');
  if (!m.all) q = q.where((eb) => eb.or([eb('manager_user_id', '=', m.userId), ...(m.orgId ? [eb('owner_org_id', '=', m.orgId)] : [])]));
  return q.orderBy('id').limit(200).execute();
}

/** The bookings of some resources overlapping [from, to) that hold time (one statement for all resources). */
export function bookingsOverlapping(db: Q, resourceIds: number[], from: string, to: string) {
  if (!resourceIds.length) return Promise.resolve([]);
  return db
    .selectFrom('bookings')
    .select(['resource_id', 'status', 'starts_at', 'ends_at', 'usage_minutes'])
    .where('resource_id', 'in', resourceIds)
    .where('status', 'in', ['confirmed', 'checked_in', 'completed', 'no_show'])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .execute();
}

// ---- a jurisdiction's figures (null: all four, for the platform admin) -----------------------

export async function openObjections(db: Q, jurisdiction: string | null) {
  let q = db
    .selectFrom('provider_objections as o')
    .innerJoin('providers as p', 'p.id', 'o.provider_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.status', '=', 'open');
  if (jurisdiction) q = q.where('p.jurisdiction_code', '=', jurisdiction);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function openAppeals(db: Q, jurisdiction: string | null) {
  let q = db
    .selectFrom('integrity_appeals as a')
    .innerJoin('integrity_records as r', 'r.id', 'a.record_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.status', '=', 'open');
  if (jurisdiction) q = q.where('r.jurisdiction_code', '=', jurisdiction);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * Redeemed fen (net of refunds, reversals excluded) per settlement period (YYYY-MM) from
 * `fromPeriod`: of the jurisdiction's vouchers (issued) and at its providers (served).
 */
export async function redemptionsByMonth(db: Q, jurisdiction: string | null, fromPeriod: string) {
  const net = sql<number>`amount_fen - refunded_fen`;
  const issued = jurisdiction ? sql<number>`sum(case when issuer_jurisdiction = ${jurisdiction} then ${net} else 0 end)` : sql<number>`sum(${net})`;
  const served = jurisdiction ? sql<number>`sum(case when provider_jurisdiction = ${jurisdiction} then ${net} else 0 end)` : sql<number>`sum(${net})`;
  let q = db
    .selectFrom('redemptions')
    .select((eb) => ['period', eb.fn.countAll<number>().as('n'), issued.as('issued'), served.as('served')])
    .where('status', '!=', 'reversed')
    .where('period', '>=', fromPeriod);
  if (jurisdiction) q = q.where((eb) => eb.or([eb('issuer_jurisdiction', '=', jurisdiction), eb('provider_jurisdiction', '=', jurisdiction)]));
  const rows = await q.groupBy('period').orderBy('period').execute();
  return rows.map((r) => ({ period: r.period, redemptions: Number(r.n), issuedFen: Number(r.issued ?? 0), servedFen: Number(r.served ?? 0) }));
}

/** Redemptions whose voucher's jurisdiction differs from the provider's, per pair (those touching `jurisdiction`). */
export async function crossFlows(db: Q, jurisdiction: string | null) {
  let q = db
    .selectFrom('redemptions')
    .select((eb) => ['issuer_jurisdiction', 'provider_jurisdiction', eb.fn.countAll<number>().as('n'), sql<number>`sum(amount_fen - refunded_fen)`.as('fen')])
    .where('status', '!=', 'reversed')
    .whereRef('issuer_jurisdiction', '!=', 'provider_jurisdiction');
  if (jurisdiction) q = q.where((eb) => eb.or([eb('issuer_jurisdiction', '=', jurisdiction), eb('provider_jurisdiction', '=', jurisdiction)]));
  const rows = await q.groupBy(['issuer_jurisdiction', 'provider_jurisdiction']).execute();
  return rows.map((r) => ({ from: r.issuer_jurisdiction, to: r.provider_jurisdiction, redemptions: Number(r.n), amountFen: Number(r.fen ?? 0) }));
}

export async function callsByStatus(db: Q, jurisdiction: string | null) {
  let q = db.selectFrom('calls').select((eb) => ['status', eb.fn.countAll<number>().as('n')]);
  if (jurisdiction) q = q.where('jurisdiction_code', '=', jurisdiction);
  return byStatus(await q.groupBy('status').execute());
}

// ---- an expert's figures ----------------------------------------------------------------------

export function reviewsDue(db: Q, expertUserId: number, limit: number) {
  return db
    .selectFrom('review_assignments as a')
    .innerJoin('calls as c', 'c.id', 'a.call_id')
    .innerJoin('call_applications as p', 'p.id', 'a.application_id')
    .select(['a.id', 'a.call_id', 'a.created_at', 'c.title as call_title', 'c.status as call_status', 'p.title as application_title'])
    .where('a.expert_user_id', '=', expertUserId)
    .where('a.status', '=', 'assigned')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

// ---- the platform's health ----------------------------------------------------------------------

export async function outboxByStatus(db: Q) {
  return byStatus(
    await db
      .selectFrom('email_outbox')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
  );
}

export function auditHead(db: Q) {
  return db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
}

export async function importBatches(db: Q, limit: number) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('import_batches')
      .select(['id', 'source', 'rows', 'created', 'updated', 'unchanged', 'created_at'])
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('import_batches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Sign-in anomalies since `since`: failed attempts, distinct names and addresses, and accounts locked now. */
export async function signInAnomalies(db: Q, since: string, now: string) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('login_attempts')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('at', '>=', since)
        .where('success', '=', 0)
        .as('failed'),
      eb
        .selectFrom('login_attempts')
        .select((x) => x.fn.count<number>('ip').distinct().as('n'))
        .where('at', '>=', since)
        .where('success', '=', 0)
        .as('ips'),
      eb
        .selectFrom('users')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('locked_until', '>', now)
        .as('locked_users'),
      eb
        .selectFrom('login_name_locks')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('locked_until', '>', now)
        .as('locked_names'),
    ])
    .executeTakeFirstOrThrow();
  return {
    failedLogins: Number(row.failed ?? 0),
    failedIps: Number(row.ips ?? 0),
    lockedAccounts: Number(row.locked_users ?? 0),
    lockedNames: Number(row.locked_names ?? 0),
  };
}
