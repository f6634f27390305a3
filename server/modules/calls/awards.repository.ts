// Every SQL statement of the award and what follows it: which applications are awarded,
// eliminated or not, and the milestone assessments with their tranches (`call_milestones`).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { CallMilestoneTable, Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export function anyAwarded(db: Q, callId: number) {
  return db.selectFrom('call_applications').select('id').where('call_id', '=', callId).where('status', '=', 'awarded').executeTakeFirst();
}

/** The teams funded (awarded, or awarded and later eliminated), in id order. */
export function fundedTeams(db: Q, callId: number) {
  return db
    .selectFrom('call_applications')
    .select(['id', 'title', 'award_fen', 'status'])
    .where('call_id', '=', callId)
    .where('status', 'in', ['awarded', 'eliminated'])
    .orderBy('id')
    .execute();
}

export function award(db: Q, appId: number, amountFen: number, at: string) {
  return db.updateTable('call_applications').set({ status: 'awarded', award_fen: amountFen, updated_at: at }).where('id', '=', appId).execute();
}

/** Every application of the call still only submitted is not awarded. */
export function markRestNotAwarded(db: Q, callId: number, at: string) {
  return db
    .updateTable('call_applications')
    .set({ status: 'not_awarded', updated_at: at })
    .where('call_id', '=', callId)
    .where('status', '=', 'submitted')
    .execute();
}

export function eliminate(db: Q, appId: number, at: string) {
  return db.updateTable('call_applications').set({ status: 'eliminated', updated_at: at }).where('id', '=', appId).execute();
}

// ---- milestones ----

/** The call's milestone assessments, by milestone then application. */
export function milestonesOf(db: Q, callId: number) {
  return db.selectFrom('call_milestones').selectAll().where('call_id', '=', callId).orderBy('milestone').orderBy('application_id').execute();
}

export function insertMilestone(db: Q, row: Insertable<CallMilestoneTable>) {
  return db.insertInto('call_milestones').values(row).execute();
}
