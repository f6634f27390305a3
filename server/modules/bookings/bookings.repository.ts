// Every SQL query of bookings, availability, training, closures, waitlist and access requests.
import { sql, type Kysely, type Transaction, type Insertable, type Updateable } from 'kysely';
import type { BookingTable, Database } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export const ACTIVE = ['requested', 'confirmed', 'checked_in'] as const;

export function activeOverlapping(db: Q, resourceId: number, startsAt: string, endsAt: string) {
  return db
    .selectFrom('bookings')
    .select(['id', 'starts_at', 'ends_at', 'status', 'user_id'])
    .where('resource_id', '=', resourceId)
    .where('status', 'in', [...ACTIVE])
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt)
    .orderBy('starts_at')
    .execute();
}

export function closuresOverlapping(db: Q, resourceId: number, from: string, to: string) {
  return db
    .selectFrom('resource_closures')
    .selectAll()
    .where('resource_id', '=', resourceId)
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .execute();
}

export function insertBooking(db: Q, row: Insertable<BookingTable>) {
  return db.insertInto('bookings').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateBooking(db: Q, id: number, patch: Updateable<BookingTable>, expectStatus?: string[]) {
  let q = db.updateTable('bookings').set(patch).where('id', '=', id);
  if (expectStatus) q = q.where('status', 'in', expectStatus);
  return q.executeTakeFirst();
}

export function findBooking(db: Q, id: number) {
  return db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findBookingForUpdate(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('bookings').selectAll().where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function lockResource(db: Q, h: DialectHelpers, id: number) {
  let q = db.selectFrom('resources').select(['id']).where('id', '=', id);
  if (h.query.supportsRowLocks) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface BookingFilter {
  userId?: number;
  /** Bookings of resources this user manages or whose owner organisation this is. */
  managedBy?: { userId: number; orgId: number | null; all: boolean };
  resourceId?: number;
  status?: string[];
  from?: string;
  to?: string;
}

/** Bookings with the names every answer carries: resource, booker, booker's organisation. */
function bookingsWithNames(db: Q) {
  return db
    .selectFrom('bookings as b')
    .innerJoin('resources as r', 'r.id', 'b.resource_id')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .innerJoin('organizations as o', 'o.id', 'b.organization_id');
}
const bookingNames = [
  'r.name as resource_name',
  'r.identifier as resource_identifier',
  'r.owner_org_id',
  'r.manager_user_id',
  'u.display_name as user_name',
  'o.name as organization_name',
] as const;

export function findBookingWithNames(db: Q, id: number) {
  return bookingsWithNames(db).selectAll('b').select(bookingNames).where('b.id', '=', id).executeTakeFirst();
}

export async function listBookings(
  db: Q,
  f: BookingFilter,
  sort: { column: 'starts_at' | 'created_at'; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  let q = bookingsWithNames(db);
  if (f.userId) q = q.where('b.user_id', '=', f.userId);
  if (f.managedBy && !f.managedBy.all) {
    const m = f.managedBy;
    q = q.where((eb) => eb.or([eb('r.manager_user_id', '=', m.userId), ...(m.orgId ? [eb('r.owner_org_id', '=', m.orgId)] : [])]));
  }
  if (f.resourceId) q = q.where('b.resource_id', '=', f.resourceId);
  if (f.status?.length) q = q.where('b.status', 'in', f.status);
  if (f.from) q = q.where('b.ends_at', '>', f.from);
  if (f.to) q = q.where('b.starts_at', '<', f.to);
  const [rows, count] = await Promise.all([
    q.selectAll('b').select(bookingNames).orderBy(`b.${sort.column}`, sort.direction).orderBy('b.id', sort.direction).limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function bookingsInRange(db: Q, resourceId: number, from: string, to: string, statuses: readonly string[]) {
  return db
    .selectFrom('bookings')
    .select(['id', 'user_id', 'starts_at', 'ends_at', 'status', 'mode'])
    .where('resource_id', '=', resourceId)
    .where('status', 'in', [...statuses])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .execute();
}

/** Whether the sweep has anything to do: a cheap indexed look before any write. */
export async function sweepDue(db: Q, cutoff: string, now: string) {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('bookings').select('id').where('status', '=', 'confirmed').where('starts_at', '<', cutoff)).as('no_show'),
      eb.exists(eb.selectFrom('bookings').select('id').where('status', '=', 'requested').where('starts_at', '<', now)).as('lapsed'),
      eb.exists(eb.selectFrom('waitlist_entries').select('id').where('status', '=', 'offered').where('offer_expires_at', '<', now)).as('offers'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(Number(row.no_show)) || Boolean(Number(row.lapsed)) || Boolean(Number(row.offers));
}

/** Confirmed bookings never checked in after the grace period become no-shows. */
export function markNoShows(db: Q, cutoff: string, now: string) {
  return db
    .updateTable('bookings')
    .set({ status: 'no_show', updated_at: now })
    .where('status', '=', 'confirmed')
    .where('starts_at', '<', cutoff)
    .returning(['id', 'resource_id', 'user_id', 'jurisdiction_code', 'starts_at', 'ends_at'])
    .execute();
}

/** Requests nobody decided before they began lapse (rejected by the system). */
export function lapseRequests(db: Q, now: string) {
  return db
    .updateTable('bookings')
    .set({ status: 'rejected', decision_note: 'lapsed: not approved before the start', updated_at: now })
    .where('status', '=', 'requested')
    .where('starts_at', '<', now)
    .returning(['id', 'resource_id', 'user_id', 'jurisdiction_code', 'starts_at', 'ends_at'])
    .execute();
}

export function recentNoShows(db: Q, userId: number, since: string, limit: number) {
  return db
    .selectFrom('bookings')
    .select(['id', 'starts_at'])
    .where('user_id', '=', userId)
    .where('status', '=', 'no_show')
    .where('starts_at', '>=', since)
    .orderBy('starts_at', 'desc')
    .limit(limit)
    .execute();
}

// ---- training ------------------------------------------------------------------------------

export function validTraining(db: Q, resourceId: number, userId: number, at: string) {
  return db
    .selectFrom('training_authorizations')
    .select(['id', 'expires_at'])
    .where('resource_id', '=', resourceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
}

export function insertTraining(db: Q, row: Insertable<Database['training_authorizations']>) {
  return db.insertInto('training_authorizations').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findTraining(db: Q, id: number) {
  return db.selectFrom('training_authorizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function revokeTraining(db: Q, id: number, at: string) {
  return db.updateTable('training_authorizations').set({ revoked_at: at }).where('id', '=', id).execute();
}

export function listTraining(db: Q, resourceId: number) {
  return db
    .selectFrom('training_authorizations as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .selectAll('t')
    .select(['u.username', 'u.display_name', 'o.name as organization_name'])
    .where('t.resource_id', '=', resourceId)
    .orderBy('t.granted_at', 'desc')
    .execute();
}

export function findUserByUsername(db: Q, username: string) {
  return db.selectFrom('users').select(['id', 'username', 'status']).where('username', '=', username).executeTakeFirst();
}

export function userOrganization(db: Q, userId: number) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.organization_id', 'organizations.jurisdiction_code'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

// ---- closures ------------------------------------------------------------------------------

export function insertClosure(db: Q, row: Insertable<Database['resource_closures']>) {
  return db.insertInto('resource_closures').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findClosure(db: Q, id: number) {
  return db.selectFrom('resource_closures').selectAll().where('id', '=', id).executeTakeFirst();
}

export function deleteClosure(db: Q, id: number) {
  return db.deleteFrom('resource_closures').where('id', '=', id).execute();
}

/** A page of a resource's closures overlapping [from, to) (either end open), by start. */
export async function listClosures(db: Q, resourceId: number, f: { from?: string; to?: string }, limit: number, offset: number) {
  let q = db.selectFrom('resource_closures').where('resource_id', '=', resourceId);
  if (f.from) q = q.where('ends_at', '>', f.from);
  if (f.to) q = q.where('starts_at', '<', f.to);
  const [rows, count] = await Promise.all([
    q
      .select(['id', 'resource_id', 'kind', 'starts_at', 'ends_at', 'reason', 'created_at'])
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

// ---- waitlist ------------------------------------------------------------------------------

export function insertWaitlist(db: Q, row: Insertable<Database['waitlist_entries']>) {
  return db.insertInto('waitlist_entries').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findWaitlist(db: Q, id: number) {
  return db.selectFrom('waitlist_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateWaitlist(db: Q, id: number, patch: Updateable<Database['waitlist_entries']>, expectStatus?: string) {
  let q = db.updateTable('waitlist_entries').set(patch).where('id', '=', id);
  if (expectStatus) q = q.where('status', '=', expectStatus);
  return q.executeTakeFirst();
}

/** The longest-waiting entry for a slot that overlaps the freed interval. */
export function nextWaiting(db: Q, resourceId: number, startsAt: string, endsAt: string) {
  return db
    .selectFrom('waitlist_entries')
    .selectAll()
    .where('resource_id', '=', resourceId)
    .where('status', '=', 'waiting')
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function openOfferOverlapping(db: Q, resourceId: number, startsAt: string, endsAt: string) {
  return db
    .selectFrom('waitlist_entries')
    .select('id')
    .where('resource_id', '=', resourceId)
    .where('status', '=', 'offered')
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt)
    .executeTakeFirst();
}

export function expireOffers(db: Q, now: string) {
  return db
    .updateTable('waitlist_entries')
    .set({ status: 'expired' })
    .where('status', '=', 'offered')
    .where('offer_expires_at', '<', now)
    .returning(['id', 'resource_id', 'starts_at', 'ends_at', 'user_id'])
    .execute();
}

export function listWaitlistOf(db: Q, userId: number) {
  return db
    .selectFrom('waitlist_entries as w')
    .innerJoin('resources as r', 'r.id', 'w.resource_id')
    .selectAll('w')
    .select(['r.name as resource_name'])
    .where('w.user_id', '=', userId)
    .where('w.status', 'in', ['waiting', 'offered'])
    .orderBy('w.starts_at')
    .execute();
}

// ---- access requests (data sets, germplasm) ------------------------------------------------

export function insertAccessRequest(db: Q, row: Insertable<Database['access_requests']>) {
  return db.insertInto('access_requests').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findAccessRequest(db: Q, id: number) {
  return db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateAccessRequest(db: Q, id: number, patch: Updateable<Database['access_requests']>, expectStatus: string) {
  return db.updateTable('access_requests').set(patch).where('id', '=', id).where('status', '=', expectStatus).executeTakeFirst();
}

/** Access requests with the names every answer carries: resource, applicant, applicant's organisation. */
function accessRequestsWithNames(db: Q) {
  return db
    .selectFrom('access_requests as a')
    .innerJoin('resources as r', 'r.id', 'a.resource_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id');
}
const accessRequestNames = ['r.name as resource_name', 'u.display_name as user_name', 'o.name as organization_name'] as const;

export function findAccessRequestWithNames(db: Q, id: number) {
  return accessRequestsWithNames(db).selectAll('a').select(accessRequestNames).where('a.id', '=', id).executeTakeFirst();
}

export interface AccessRequestFilter {
  userId?: number;
  managedBy?: { userId: number; orgId: number | null; all: boolean };
  resourceId?: number;
  status?: string;
}

export async function listAccessRequests(db: Q, f: AccessRequestFilter, limit: number, offset: number) {
  let q = accessRequestsWithNames(db);
  if (f.userId) q = q.where('a.user_id', '=', f.userId);
  if (f.managedBy && !f.managedBy.all) {
    const m = f.managedBy;
    q = q.where((eb) => eb.or([eb('r.manager_user_id', '=', m.userId), ...(m.orgId ? [eb('r.owner_org_id', '=', m.orgId)] : [])]));
  }
  // (resource_id, status) is indexed: access_requests_resource_idx.
  if (f.resourceId) q = q.where('a.resource_id', '=', f.resourceId);
  if (f.status) q = q.where('a.status', '=', f.status);
  const [rows, count] = await Promise.all([
    q.selectAll('a').select(accessRequestNames).orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

// ---- usage statistics (evaluation, Decision art. 19) ---------------------------------------

export function usageRows(db: Q, resourceId: number, from: string, to: string) {
  return db
    .selectFrom('bookings')
    .select(['status', 'organization_id', 'jurisdiction_code', 'usage_minutes', 'charge_fen', 'starts_at', 'ends_at'])
    .where('resource_id', '=', resourceId)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .execute();
}

export function userBookingsForCalendar(db: Q, userId: number, from: string) {
  return db
    .selectFrom('bookings as b')
    .innerJoin('resources as r', 'r.id', 'b.resource_id')
    .select([
      'b.id',
      'b.starts_at',
      'b.ends_at',
      'b.status',
      'b.mode',
      'b.updated_at',
      'b.created_at',
      'r.name as resource_name',
      'r.address',
      'r.city',
      'r.identifier',
    ])
    .where('b.user_id', '=', userId)
    .where('b.status', 'in', ['requested', 'confirmed', 'checked_in', 'completed'])
    .where('b.ends_at', '>', from)
    .orderBy('b.starts_at')
    .limit(2000)
    .execute();
}

void sql;

/** The name of each booking's resource (labels for other modules). */
export function resourceNamesOfBookings(db: Q, bookingIds: number[]) {
  return db
    .selectFrom('bookings as b')
    .innerJoin('resources as r', 'r.id', 'b.resource_id')
    .select(['b.id', 'r.name'])
    .where('b.id', 'in', bookingIds)
    .execute();
}

/** Resources with an active booking or a closure overlapping [from, to) (the catalogue's "free" filter). */
export async function busyResourceIds(db: Q, from: string, to: string): Promise<number[]> {
  const rows = await db
    .selectFrom('bookings')
    .select('resource_id')
    .where('status', 'in', [...ACTIVE])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .union(db.selectFrom('resource_closures').select('resource_id').where('starts_at', '<', to).where('ends_at', '>', from))
    .execute();
  return rows.map((r) => Number(r.resource_id));
}

/** A resource's name (for the texts of notifications). */
export async function resourceName(db: Kysely<Database> | Transaction<Database>, id: number): Promise<string> {
  const r = await db.selectFrom('resources').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? `#${id}`;
}
