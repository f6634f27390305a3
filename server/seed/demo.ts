// Demo data: deterministic, clearly fictional (every name carries 示例), covering all four
// jurisdictions and every organisation type, with one account per role. Never in production.
import type { Deps } from '../platform/deps';
import { inTransaction } from '../platform/deps';
import { recordAudit } from '../platform/audit';
import { hashPassword } from '../platform/passwords';
import { makeUscc } from '../platform/uscc';
import { fold } from '../platform/text';

interface DemoOrg {
  key: string;
  name: string;
  type: string;
  jurisdiction: string;
  division: string; // GB/T 2260 county/city code inside the jurisdiction
  city: string;
  tier?: string;
  departmentKind?: string;
  established: string;
}

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'office', name: '长三角科技创新协同办公室（示例）', type: 'government_department', jurisdiction: '310000', division: '310101', city: '上海', established: '2019-12-01' },
  { key: 'sh-stc', name: '上海市科学技术委员会（示例）', type: 'government_department', jurisdiction: '310000', division: '310101', city: '上海', departmentKind: 'science', established: '1978-01-01' },
  { key: 'js-dst', name: '江苏省科学技术厅（示例）', type: 'government_department', jurisdiction: '320000', division: '320102', city: '南京', departmentKind: 'science', established: '1978-01-01' },
  { key: 'zj-dst', name: '浙江省科学技术厅（示例）', type: 'government_department', jurisdiction: '330000', division: '330106', city: '杭州', departmentKind: 'science', established: '1978-01-01' },
  { key: 'ah-dst', name: '安徽省科学技术厅（示例）', type: 'government_department', jurisdiction: '340000', division: '340104', city: '合肥', departmentKind: 'science', established: '1978-01-01' },
  { key: 'sh-ent', name: '示例量子精密仪器（上海）有限公司', type: 'enterprise', jurisdiction: '310000', division: '310115', city: '上海', tier: 'tech_leader', established: '2012-05-18' },
  { key: 'sh-bio', name: '示例生物医药科技（上海）有限公司', type: 'enterprise', jurisdiction: '310000', division: '310112', city: '上海', tier: 'high_tech', established: '2016-09-09' },
  { key: 'js-ent', name: '示例苏州纳米材料科技有限公司', type: 'enterprise', jurisdiction: '320000', division: '320506', city: '苏州', tier: 'high_tech', established: '2015-03-02' },
  { key: 'zj-ent', name: '示例杭州智能制造科技有限公司', type: 'enterprise', jurisdiction: '330000', division: '330108', city: '杭州', tier: 'tech_sme', established: '2020-07-15' },
  { key: 'ah-ent', name: '示例合肥量子信息科技有限公司', type: 'enterprise', jurisdiction: '340000', division: '340104', city: '合肥', tier: 'high_tech', established: '2017-11-20' },
  { key: 'sh-uni', name: '示例长三角理工大学', type: 'university', jurisdiction: '310000', division: '310110', city: '上海', established: '1952-10-01' },
  { key: 'ah-uni', name: '示例江淮科技大学', type: 'university', jurisdiction: '340000', division: '340111', city: '合肥', established: '1958-09-20' },
  { key: 'js-inst', name: '示例苏州先进材料研究院', type: 'research_institute', jurisdiction: '320000', division: '320506', city: '苏州', established: '2008-04-08' },
  { key: 'zj-inst', name: '示例之江智能计算研究院', type: 'research_institute', jurisdiction: '330000', division: '330110', city: '杭州', established: '2017-09-06' },
  { key: 'zj-svc', name: '示例浙江检验检测认证服务有限公司', type: 'service_institution', jurisdiction: '330000', division: '330105', city: '杭州', established: '2010-06-30' },
  { key: 'sh-svc', name: '示例上海技术转移服务中心', type: 'service_institution', jurisdiction: '310000', division: '310104', city: '上海', established: '2009-02-16' },
  { key: 'sh-bank', name: '示例长三角科技银行股份有限公司', type: 'financial_institution', jurisdiction: '310000', division: '310115', city: '上海', established: '2013-08-08' },
];

interface DemoUser {
  username: string;
  displayName: string;
  org: string;
  role: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '平台管理员（示例）', org: 'office', role: 'platform_admin' },
  { username: 'sh-admin', displayName: '上海科委管理员（示例）', org: 'sh-stc', role: 'jurisdiction_admin' },
  { username: 'js-admin', displayName: '江苏科技厅管理员（示例）', org: 'js-dst', role: 'jurisdiction_admin' },
  { username: 'zj-admin', displayName: '浙江科技厅管理员（示例）', org: 'zj-dst', role: 'jurisdiction_admin' },
  { username: 'ah-admin', displayName: '安徽科技厅管理员（示例）', org: 'ah-dst', role: 'jurisdiction_admin' },
  { username: 'sh-org-admin', displayName: '王示例（量子精密仪器）', org: 'sh-ent', role: 'org_admin' },
  { username: 'zj-org-admin', displayName: '陈示例（杭州智能制造）', org: 'zj-ent', role: 'org_admin' },
  { username: 'js-org-admin', displayName: '周示例（苏州先进材料研究院）', org: 'js-inst', role: 'org_admin' },
  { username: 'sh-member', displayName: '李示例（量子精密仪器）', org: 'sh-ent', role: 'member' },
  { username: 'zj-member', displayName: '赵示例（杭州智能制造）', org: 'zj-ent', role: 'member' },
  { username: 'ah-member', displayName: '孙示例（合肥量子信息）', org: 'ah-ent', role: 'member' },
  { username: 'js-expert', displayName: '钱示例研究员（苏州先进材料研究院）', org: 'js-inst', role: 'expert' },
  { username: 'ah-expert', displayName: '吴示例教授（江淮科技大学）', org: 'ah-uni', role: 'expert' },
  { username: 'sh-expert', displayName: '郑示例教授（长三角理工大学）', org: 'sh-uni', role: 'expert' },
];

export async function seedDemoIfEmpty(deps: Deps): Promise<{ organizations: number; users: number } | null> {
  const { db } = deps.db;
  const existing = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return null;
  const nowIso = deps.clock.now().toISOString();
  const passwordHash = await hashPassword(deps.config.demoPassword);
  const departments = await db.selectFrom('departments').select(['id', 'jurisdiction_code', 'kind']).execute();

  await inTransaction(deps, async (trx) => {
    const orgIds = new Map<string, number>();
    let serial = 1;
    for (const o of DEMO_ORGS) {
      const authority = o.type === 'government_department' ? '1' : o.type === 'university' || o.type === 'research_institute' ? '1' : '9';
      const kind = o.type === 'government_department' ? '1' : o.type === 'university' || o.type === 'research_institute' ? '2' : '1';
      const dept = o.departmentKind ? departments.find((d) => d.jurisdiction_code === o.jurisdiction && d.kind === o.departmentKind) : undefined;
      const { id } = await trx
        .insertInto('organizations')
        .values({
          name: o.name,
          name_folded: fold(o.name),
          uscc: makeUscc(o.division, 1_000_000 + serial++ * 7919, authority, kind),
          type: o.type,
          jurisdiction_code: o.jurisdiction,
          city: o.city,
          tier: o.tier ?? null,
          department_id: dept ? Number(dept.id) : null,
          established_on: o.established,
          status: 'active',
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds.set(o.key, Number(id));
    }
    for (const u of DEMO_USERS) {
      const org = DEMO_ORGS.find((o) => o.key === u.org)!;
      const dept = u.role === 'jurisdiction_admin' ? departments.find((d) => d.jurisdiction_code === org.jurisdiction && d.kind === 'science') : undefined;
      await trx
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.displayName,
          email: `${u.username}@example.yrd`,
          organization_id: orgIds.get(u.org)!,
          role: u.role,
          jurisdiction_code: dept ? org.jurisdiction : null,
          department_id: dept ? Number(dept.id) : null,
          password_hash: passwordHash,
          status: 'active',
          failed_logins: 0,
          locked_until: null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
    }
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor: null,
      action: 'seed.demo',
      entityType: 'platform',
      entityId: null,
      jurisdictionCode: null,
      change: { organizations: DEMO_ORGS.length, users: DEMO_USERS.map((u) => u.username) },
    });
  });
  return { organizations: DEMO_ORGS.length, users: DEMO_USERS.length };
}
