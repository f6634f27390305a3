// Every SQL statement of training requests, and the counts of the operator's approval queue.
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface ManagedBy {
  userId: number;
  orgId: number | null;
  all: boolean;
}

export function insertTrainingRequest(db: Q, row: Insertable<Database['training_requests']>) {
  return db.insertInto('training_requests').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findTrainingRequest(db: Q, id: number) {
  return db.selectFrom('training_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function pendingTrainingRequestOf(db: Q, resourceId: number, userId: number) {
  return db
    .selectFrom('training_requests')
    .select(['id'])
    .where('resource_id', '=', resourceId)
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

/** Decides a pending request; 0 rows updated when it was decided meanwhile. */
export function decideTrainingRequest(db: Q, id: number, patch: Updateable<Database['training_requests']>) {
  return db.updateTable('training_requests').set(patch).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
}

export function linkTraining(db: Q, id: number, trainingId: number) {
  return db.updateTable('training_requests').set({ training_id: trainingId }).where('id', '=', id).executeTakeFirst();
}

function withNames(db: Q) {
  return db
    .selectFrom('training_requests as t')
    .innerJoin('resources as r', 'r.id', 't.resource_id')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('organizations as o', 'o.id', 't.organization_id');
}
const names = ['r.name as resource_name', 'u.display_name as user_name', 'u.username', 'o.name as organization_name'] as const;

export function findTrainingRequestWithNames(db: Q, id: number) {
  return withNames(db).selectAll('t').select(names).where('t.id', '=', id).executeTakeFirst();
}

export interface TrainingRequestFilter {
  userId?: number;
  managedBy?: ManagedBy;
  resourceId?: number;
  state?: string;
}

export async function listTrainingRequests(db: Q, f: TrainingRequestFilter, limit: number, offset: number) {
  let q = withNames(db);
  if (f.userId) q = q.where('t.user_id', '=', f.userId);
  if (f.managedBy && !f.managedBy.all) {
    const m = f.managedBy;
    q = q.where((eb) => eb.or([eb('r.manager_user_id', '=', m.userId), ...(m.orgId ? [eb('r.owner_org_id', '=', m.orgId)] : [])]));
  }
  if (f.resourceId) q = q.where('t.resource_id', '=', f.resourceId);
  if (f.state) q = q.where('t.state', '=', f.state);
  const [rows, count] = await Promise.all([
    q.selectAll('t').select(names).orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The resources an operator runs (manager, or the owner organisation's admin, or all). */
function managedResources(db: Q, m: ManagedBy) {
  let q = db.selectFrom('resources').select('id');
  if (!m.all) q = q.where((eb) => eb.or([eb('manager_user_id', '=', m.userId), ...(m.orgId ? [eb('owner_org_id', '=', m.orgId)] : [])]));
  return q;
}

/** How many items wait in the operator's queue, per kind: three counts in one statement. */
export async function queueCounts(db: Q, m: ManagedBy) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('bookings')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('status', '=', 'requested')
        .where('resource_id', 'in', managedResources(db, m))
        .as('bookings'),
      eb
        .selectFrom('training_requests')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('state', '=', 'pending')
        .where('resource_id', 'in', managedResources(db, m))
        .as('training'),
      eb
        .selectFrom('access_requests')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('status', '=', 'requested')
        .where('resource_id', 'in', managedResources(db, m))
        .as('access'),
    ])
    .executeTakeFirstOrThrow();
  return { bookings: Number(row.bookings ?? 0), trainingRequests: Number(row.training ?? 0), accessRequests: Number(row.access ?? 0) };
}
