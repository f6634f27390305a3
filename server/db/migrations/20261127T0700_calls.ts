// Joint research calls (Decision arts. 6, 7, 15): joint fund, 揭榜挂帅 and 赛马制 calls with their
// applications, the shared expert pool with declared relations, reviewer assignments and
// reviews, and the milestone assessments and tranches of awarded teams.
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { identity, idType, timestampType: ts, binaryType } = h.schema;

  await db.schema
    .createTable('expert_profiles')
    .addColumn('user_id', idType, (c) => c.primaryKey().references('users.id'))
    .addColumn('title', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('disciplines', 'varchar(500)', (c) => c.notNull().defaultTo('')) // GB/T 13745 codes, comma-separated
    .addColumn('keywords', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('availability', 'varchar(16)', (c) => c.notNull().defaultTo('available')) // available | busy | unavailable
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('expert_relations')
    .addColumn('id', idType, identity)
    .addColumn('expert_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull()) // coauthor | collaborator | advisor | advisee | family | declared
    .addColumn('other_user_id', idType, (c) => c.references('users.id'))
    .addColumn('other_org_id', idType, (c) => c.references('organizations.id'))
    .addColumn('other_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('since', 'varchar(10)')
    .addColumn('until', 'varchar(10)')
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('declared_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('expert_relations_expert_idx').on('expert_relations').column('expert_user_id').execute();
  await db.schema.createIndex('expert_relations_user_idx').on('expert_relations').column('other_user_id').execute();

  await db.schema
    .createTable('calls')
    .addColumn('id', idType, identity)
    .addColumn('kind', 'varchar(16)', (c) => c.notNull()) // joint_fund | challenge | horse_race
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('poser_org_id', idType, (c) => c.references('organizations.id'))
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('goals', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('indicators', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('milestones_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('disciplines', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('budget_fen', 'bigint', (c) => c.notNull())
    .addColumn('opens_at', ts, (c) => c.notNull())
    .addColumn('deadline', ts, (c) => c.notNull())
    .addColumn('shares_json', 'text', (c) => c.notNull().defaultTo('{}')) // joint fund: jurisdiction → basis points
    .addColumn('race_teams', 'integer', (c) => c.notNull().defaultTo(0)) // horse race: teams funded in parallel
    .addColumn('first_tranche_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviewers_per_application', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('max_per_expert', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('exclude_same_jurisdiction', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decision_note', 'text')
    .addColumn('poser_opinion_json', 'text') // 揭榜挂帅: the poser's preference in the selection
    .addColumn('notice_ends_at', ts)
    .addColumn('created_by', idType, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calls_list_idx').on('calls').columns(['status', 'deadline']).execute();
  await db.schema.createIndex('calls_jur_idx').on('calls').columns(['jurisdiction_code', 'created_at']).execute();

  await db.schema
    .createTable('call_applications')
    .addColumn('id', idType, identity)
    .addColumn('call_id', idType, (c) => c.notNull().references('calls.id'))
    .addColumn('applicant_org_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('lead_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('budget_fen', 'bigint', (c) => c.notNull())
    .addColumn('disciplines', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('members_json', 'text', (c) => c.notNull())
    .addColumn('jurisdictions', 'varchar(40)', (c) => c.notNull()) // spanned by the team, comma-separated
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // submitted | withdrawn | awarded | not_awarded | eliminated
    .addColumn('award_fen', 'bigint')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('call_applications_uq', ['call_id', 'applicant_org_id'])
    .execute();
  await db.schema.createIndex('call_applications_call_idx').on('call_applications').columns(['call_id', 'status']).execute();

  await db.schema
    .createTable('call_attachments')
    .addColumn('id', idType, identity)
    .addColumn('application_id', idType, (c) => c.notNull().references('call_applications.id'))
    .addColumn('filename', 'varchar(200)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('content', binaryType, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_attachments_app_idx').on('call_attachments').column('application_id').execute();

  await db.schema
    .createTable('review_assignments')
    .addColumn('id', idType, identity)
    .addColumn('call_id', idType, (c) => c.notNull().references('calls.id'))
    .addColumn('application_id', idType, (c) => c.notNull().references('call_applications.id'))
    .addColumn('expert_user_id', idType, (c) => c.notNull().references('users.id'))
    .addColumn('affinity', 'real', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // assigned | submitted | conflict
    .addColumn('scores_json', 'text')
    .addColumn('total_score', 'real')
    .addColumn('comment', 'text')
    .addColumn('conflict_note', 'varchar(1000)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('submitted_at', ts)
    .addUniqueConstraint('review_assignments_uq', ['application_id', 'expert_user_id'])
    .execute();
  await db.schema.createIndex('review_assignments_expert_idx').on('review_assignments').columns(['expert_user_id', 'status']).execute();
  await db.schema.createIndex('review_assignments_call_idx').on('review_assignments').column('call_id').execute();

  await db.schema
    .createTable('call_milestones')
    .addColumn('id', idType, identity)
    .addColumn('call_id', idType, (c) => c.notNull().references('calls.id'))
    .addColumn('application_id', idType, (c) => c.notNull().references('call_applications.id'))
    .addColumn('milestone', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('tranche_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('assessed_by', idType, (c) => c.references('users.id'))
    .addColumn('assessed_at', ts, (c) => c.notNull())
    .addUniqueConstraint('call_milestones_uq', ['application_id', 'milestone'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['call_milestones', 'review_assignments', 'call_attachments', 'call_applications', 'calls', 'expert_relations', 'expert_profiles']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
