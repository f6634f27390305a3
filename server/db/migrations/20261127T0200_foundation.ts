// Foundation: jurisdictions and departments (reference data), organisations, users, sessions,
// API tokens, login attempts, and the hash-chained audit log.
import { sql, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect/types';

export async function up(db: Kysely<any>, h: DialectHelpers): Promise<void> {
  const { identity, idType, timestampType: ts } = h.schema;

  await db.schema
    .createTable('jurisdictions')
    .addColumn('code', 'varchar(6)', (c) => c.primaryKey())
    .addColumn('name_zh', 'varchar(32)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(64)', (c) => c.notNull())
    .addColumn('short_zh', 'varchar(8)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', idType, identity)
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name_zh', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(128)', (c) => c.notNull())
    .addUniqueConstraint('departments_jurisdiction_kind_uq', ['jurisdiction_code', 'kind'])
    .execute();

  await db.schema
    .createTable('organizations')
    .addColumn('id', idType, identity)
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_folded', 'varchar(200)', (c) => c.notNull())
    .addColumn('uscc', 'varchar(18)', (c) => c.notNull().unique())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('city', 'varchar(64)')
    .addColumn('tier', 'varchar(32)')
    .addColumn('department_id', idType, (c) => c.references('departments.id'))
    .addColumn('established_on', 'varchar(10)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // One index per filter and sort the organisation list offers.
  await db.schema.createIndex('organizations_jurisdiction_idx').on('organizations').columns(['jurisdiction_code', 'name']).execute();
  await db.schema.createIndex('organizations_type_idx').on('organizations').columns(['type', 'name']).execute();
  await db.schema.createIndex('organizations_name_idx').on('organizations').column('name').execute();
  await db.schema.createIndex('organizations_created_idx').on('organizations').column('created_at').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', idType, identity)
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('email', 'varchar(200)')
    .addColumn('organization_id', idType, (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('jurisdiction_code', 'varchar(6)', (c) => c.references('jurisdictions.code'))
    .addColumn('department_id', idType, (c) => c.references('departments.id'))
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_organization_idx').on('users').columns(['organization_id', 'username']).execute();
  await db.schema.createIndex('users_jurisdiction_idx').on('users').columns(['jurisdiction_code', 'username']).execute();
  await db.schema.createIndex('users_role_idx').on('users').columns(['role', 'username']).execute();
  await db.schema.createIndex('users_created_idx').on('users').column('created_at').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('refreshed_at', ts, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(255)')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', idType, identity)
    .addColumn('user_id', idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', idType, identity)
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_ip_at_idx').on('login_attempts').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', idType, (c) => c.primaryKey())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', idType)
    .addColumn('actor_name', 'varchar(64)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)')
    .addColumn('jurisdiction_code', 'varchar(6)')
    .addColumn('change_json', 'text', (c) => c.notNull())
    .addColumn('digest', 'varchar(64)', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_jurisdiction_idx').on('audit_log').columns(['jurisdiction_code', 'seq']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_user_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute();

  // The chain's head: serialises appends (row lock on PostgreSQL) and lets the verifier notice
  // entries cut off the end of the log.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', idType, (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  // Reference data, not demo data: the four jurisdictions (GB/T 2260) and their departments.
  await db
    .insertInto('jurisdictions')
    .values([
      { code: '310000', name_zh: '上海市', name_en: 'Shanghai', short_zh: '沪', sort_order: 1 },
      { code: '320000', name_zh: '江苏省', name_en: 'Jiangsu', short_zh: '苏', sort_order: 2 },
      { code: '330000', name_zh: '浙江省', name_en: 'Zhejiang', short_zh: '浙', sort_order: 3 },
      { code: '340000', name_zh: '安徽省', name_en: 'Anhui', short_zh: '皖', sort_order: 4 },
    ])
    .execute();
  const depts: Array<[string, string, string, string]> = [];
  const sci: Record<string, [string, string]> = {
    '310000': ['上海市科学技术委员会', 'Shanghai Science and Technology Commission'],
    '320000': ['江苏省科学技术厅', 'Jiangsu Department of Science and Technology'],
    '330000': ['浙江省科学技术厅', 'Zhejiang Department of Science and Technology'],
    '340000': ['安徽省科学技术厅', 'Anhui Department of Science and Technology'],
  };
  const names: Record<string, string> = { '310000': '上海市', '320000': '江苏省', '330000': '浙江省', '340000': '安徽省' };
  const en: Record<string, string> = { '310000': 'Shanghai', '320000': 'Jiangsu', '330000': 'Zhejiang', '340000': 'Anhui' };
  for (const code of Object.keys(sci)) {
    depts.push([code, 'science', sci[code][0], sci[code][1]]);
    depts.push([code, 'finance', `${names[code]}财政厅`.replace('上海市财政厅', '上海市财政局'), `${en[code]} Finance Department`]);
    depts.push([code, 'ip', `${names[code]}知识产权局`, `${en[code]} Intellectual Property Administration`]);
    depts.push([code, 'market', `${names[code]}市场监督管理局`, `${en[code]} Administration for Market Regulation`]);
  }
  await db
    .insertInto('departments')
    .values(depts.map(([jurisdiction_code, kind, name_zh, name_en]) => ({ jurisdiction_code, kind, name_zh, name_en })))
    .execute();
  void sql;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_head', 'audit_log', 'login_attempts', 'api_tokens', 'sessions', 'users', 'organizations', 'departments', 'jurisdictions']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
