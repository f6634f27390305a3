// Demo data: deterministic, clearly fictional (every name carries 示例), covering all four
// jurisdictions and every organisation type, with one account per role. Never in production.
import { seedDemoVouchers } from './demo-vouchers';
import { seedDemoCalls } from './demo-calls';
import { seedDemoTransfer } from './demo-transfer';
import type { Deps } from '../platform/deps';
import { inTransaction } from '../platform/deps';
import { recordAudit } from '../platform/audit';
import { hashPassword } from '../platform/passwords';
import { makeUscc } from '../platform/uscc';
import { fold } from '../platform/text';
import { insertResourceRow, toRecord, type ResourceInput } from '../modules/resources/resources.service';
import * as repo from './demo.repository';

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
  {
    key: 'office',
    name: '长三角科技创新协同办公室（示例）',
    type: 'government_department',
    jurisdiction: '310000',
    division: '310101',
    city: '上海',
    established: '2019-12-01',
  },
  {
    key: 'sh-stc',
    name: '上海市科学技术委员会（示例）',
    type: 'government_department',
    jurisdiction: '310000',
    division: '310101',
    city: '上海',
    departmentKind: 'science',
    established: '1978-01-01',
  },
  {
    key: 'js-dst',
    name: '江苏省科学技术厅（示例）',
    type: 'government_department',
    jurisdiction: '320000',
    division: '320102',
    city: '南京',
    departmentKind: 'science',
    established: '1978-01-01',
  },
  {
    key: 'zj-dst',
    name: '浙江省科学技术厅（示例）',
    type: 'government_department',
    jurisdiction: '330000',
    division: '330106',
    city: '杭州',
    departmentKind: 'science',
    established: '1978-01-01',
  },
  {
    key: 'ah-dst',
    name: '安徽省科学技术厅（示例）',
    type: 'government_department',
    jurisdiction: '340000',
    division: '340104',
    city: '合肥',
    departmentKind: 'science',
    established: '1978-01-01',
  },
  {
    key: 'sh-ent',
    name: '示例量子精密仪器（上海）有限公司',
    type: 'enterprise',
    jurisdiction: '310000',
    division: '310115',
    city: '上海',
    tier: 'tech_leader',
    established: '2012-05-18',
  },
  {
    key: 'sh-bio',
    name: '示例生物医药科技（上海）有限公司',
    type: 'enterprise',
    jurisdiction: '310000',
    division: '310112',
    city: '上海',
    tier: 'high_tech',
    established: '2016-09-09',
  },
  {
    key: 'js-ent',
    name: '示例苏州纳米材料科技有限公司',
    type: 'enterprise',
    jurisdiction: '320000',
    division: '320506',
    city: '苏州',
    tier: 'high_tech',
    established: '2015-03-02',
  },
  {
    key: 'zj-ent',
    name: '示例杭州智能制造科技有限公司',
    type: 'enterprise',
    jurisdiction: '330000',
    division: '330108',
    city: '杭州',
    tier: 'tech_sme',
    established: '2020-07-15',
  },
  {
    key: 'ah-ent',
    name: '示例合肥量子信息科技有限公司',
    type: 'enterprise',
    jurisdiction: '340000',
    division: '340104',
    city: '合肥',
    tier: 'high_tech',
    established: '2017-11-20',
  },
  { key: 'sh-uni', name: '示例长三角理工大学', type: 'university', jurisdiction: '310000', division: '310110', city: '上海', established: '1952-10-01' },
  { key: 'ah-uni', name: '示例江淮科技大学', type: 'university', jurisdiction: '340000', division: '340111', city: '合肥', established: '1958-09-20' },
  {
    key: 'js-inst',
    name: '示例苏州先进材料研究院',
    type: 'research_institute',
    jurisdiction: '320000',
    division: '320506',
    city: '苏州',
    established: '2008-04-08',
  },
  {
    key: 'zj-inst',
    name: '示例之江智能计算研究院',
    type: 'research_institute',
    jurisdiction: '330000',
    division: '330110',
    city: '杭州',
    established: '2017-09-06',
  },
  {
    key: 'zj-svc',
    name: '示例浙江检验检测认证服务有限公司',
    type: 'service_institution',
    jurisdiction: '330000',
    division: '330105',
    city: '杭州',
    established: '2010-06-30',
  },
  {
    key: 'sh-svc',
    name: '示例上海技术转移服务中心',
    type: 'service_institution',
    jurisdiction: '310000',
    division: '310104',
    city: '上海',
    established: '2009-02-16',
  },
  {
    key: 'sh-bank',
    name: '示例长三角科技银行股份有限公司',
    type: 'financial_institution',
    jurisdiction: '310000',
    division: '310115',
    city: '上海',
    established: '2013-08-08',
  },
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
  { username: 'ah-org-admin', displayName: '钱示例管理员（合肥量子信息）', org: 'ah-ent', role: 'org_admin' },
  { username: 'ah-member', displayName: '孙示例（合肥量子信息）', org: 'ah-ent', role: 'member' },
  { username: 'js-expert', displayName: '钱示例研究员（苏州先进材料研究院）', org: 'js-inst', role: 'expert' },
  { username: 'ah-expert', displayName: '吴示例教授（江淮科技大学）', org: 'ah-uni', role: 'expert' },
  { username: 'sh-expert', displayName: '郑示例教授（长三角理工大学）', org: 'sh-uni', role: 'expert' },
  { username: 'zj-expert', displayName: '冯示例研究员（之江智能计算研究院）', org: 'zj-inst', role: 'expert' },
  { username: 'zj-svc-admin', displayName: '钟示例（浙江检验检测）', org: 'zj-svc', role: 'org_admin' },
  { username: 'sh-svc-admin', displayName: '何示例（上海技术转移）', org: 'sh-svc', role: 'org_admin' },
];

export async function seedDemoIfEmpty(deps: Deps): Promise<{ organizations: number; users: number } | null> {
  const { db } = deps.db;
  if ((await repo.countOrganizations(db)) > 0) return null;
  const nowIso = deps.clock.now().toISOString();
  const passwordHash = await hashPassword(deps.config.demoPassword);
  const departments = await repo.departments(db);

  await inTransaction(deps, async (trx) => {
    const orgIds = new Map<string, number>();
    let serial = 1;
    for (const o of DEMO_ORGS) {
      const authority = o.type === 'government_department' ? '1' : o.type === 'university' || o.type === 'research_institute' ? '1' : '9';
      const kind = o.type === 'government_department' ? '1' : o.type === 'university' || o.type === 'research_institute' ? '2' : '1';
      const dept = o.departmentKind ? departments.find((d) => d.jurisdiction_code === o.jurisdiction && d.kind === o.departmentKind) : undefined;
      const id = await repo.insertOrganization(trx, {
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
      });
      orgIds.set(o.key, id);
    }
    const userIds = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const org = DEMO_ORGS.find((o) => o.key === u.org)!;
      const dept = u.role === 'jurisdiction_admin' ? departments.find((d) => d.jurisdiction_code === org.jurisdiction && d.kind === 'science') : undefined;
      const id = await repo.insertUser(trx, {
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
      });
      userIds.set(u.username, id);
    }
    await seedDemoResources(deps, trx, orgIds, userIds, new Map(DEMO_ORGS.map((o) => [o.key, o.jurisdiction])), nowIso);
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor: null,
      action: 'seed.demo',
      entityType: 'platform',
      entityId: null,
      jurisdictionCode: null,
      change: { organizations: DEMO_ORGS.length, users: DEMO_USERS.map((u) => u.username), resources: DEMO_RESOURCES.map((r) => r.name) },
    });
  });
  await seedDemoVouchers(deps);
  await seedDemoCalls(deps);
  await seedDemoTransfer(deps);
  return { organizations: DEMO_ORGS.length, users: DEMO_USERS.length };
}

// ---- shared resources (issue 3) -------------------------------------------------------------

type DemoResource = Omit<ResourceInput, 'ownerOrgId' | 'managerUserId'> & { owner: string; manager?: string };

const yuan = (n: number) => Math.round(n * 100);

export const DEMO_RESOURCES: DemoResource[] = [
  {
    owner: 'sh-ent',
    manager: 'sh-org-admin',
    kind: 'instrument',
    name: '示例高分辨液相色谱-质谱联用仪',
    description: '用于小分子化合物、代谢物和药物杂质的定性定量分析，配备电喷雾离子源，支持代谢组学和药物分析。',
    keywords: ['质谱', 'LC-MS', '代谢组学', '药物分析'],
    category: ['分析仪器', '质谱仪器', '液相色谱-质谱联用仪'],
    model: 'QE-示例 HF',
    manufacturer: '示例分析仪器有限公司',
    originCountry: '中国',
    originalValueFen: yuan(3_850_000),
    purchaseDate: '2021-06-18',
    city: '上海',
    address: '浦东新区示例路 88 号 3 号楼 201 室',
    specifications: '质量范围 m/z 50–6000；分辨率 240,000 (m/z 200)；质量精度 < 1 ppm',
    features: '可开展非靶向代谢组学、蛋白质组学样品分析',
    serviceModes: ['assisted', 'self_operation', 'sample_submission'],
    startupFeeFen: yuan(100),
    hourlyFeeFen: yuan(600),
    consumablesFen: yuan(50),
    perSampleFen: yuan(300),
    serviceItems: [
      { name: '小分子定性分析', unit: '样品', priceFen: yuan(300) },
      { name: '代谢组学非靶向分析', unit: '样品', priceFen: yuan(800) },
    ],
  },
  {
    owner: 'js-inst',
    manager: 'js-org-admin',
    kind: 'instrument',
    name: '示例场发射扫描电子显微镜',
    description: '材料表面形貌观察与能谱元素分析，适用于纳米材料、金属、陶瓷和生物样品。',
    keywords: ['电镜', 'SEM', '能谱', '纳米材料'],
    category: ['电子光学仪器', '电子显微镜', '扫描电子显微镜'],
    model: 'FE-SEM 示例 7800',
    manufacturer: '示例电子光学公司',
    originCountry: '日本',
    originalValueFen: yuan(4_200_000),
    purchaseDate: '2019-09-10',
    city: '苏州',
    address: '苏州工业园区示例大道 1 号',
    specifications: '分辨率 0.8 nm (15 kV)；放大倍数 25–1,000,000×',
    serviceModes: ['assisted', 'self_operation'],
    startupFeeFen: yuan(80),
    hourlyFeeFen: yuan(450),
    consumablesFen: 0,
    needsApproval: true,
  },
  {
    owner: 'js-inst',
    manager: 'js-org-admin',
    kind: 'instrument',
    name: '示例 X 射线单晶衍射仪',
    description: '单晶结构解析、绝对构型测定，送样检测为主。',
    keywords: ['XRD', '晶体结构', '衍射'],
    category: ['分析仪器', '晶体结构分析仪器', 'X射线单晶衍射仪'],
    model: 'SC-XRD 示例',
    manufacturer: '示例精密仪器公司',
    originCountry: '德国',
    originalValueFen: yuan(2_600_000),
    purchaseDate: '2020-03-01',
    city: '苏州',
    address: '苏州工业园区示例大道 1 号',
    serviceModes: ['sample_submission'],
    perSampleFen: yuan(500),
  },
  {
    owner: 'sh-ent',
    manager: 'sh-org-admin',
    kind: 'instrument',
    name: '示例 600 MHz 核磁共振波谱仪',
    description: '有机化合物结构鉴定、反应监测与定量核磁分析。',
    keywords: ['核磁', 'NMR', '结构鉴定'],
    category: ['分析仪器', '波谱仪器', '核磁共振波谱仪'],
    model: 'NMR-600 示例',
    manufacturer: '示例波谱仪器公司',
    originCountry: '瑞士',
    originalValueFen: yuan(6_800_000),
    purchaseDate: '2018-11-20',
    city: '上海',
    address: '浦东新区示例路 88 号 1 号楼',
    serviceModes: ['assisted', 'sample_submission'],
    startupFeeFen: yuan(150),
    hourlyFeeFen: yuan(800),
    perSampleFen: yuan(400),
  },
  {
    owner: 'zj-ent',
    manager: 'zj-org-admin',
    kind: 'compute',
    name: '示例智能计算 GPU 集群',
    description: '面向人工智能训练与科学计算的 GPU 算力服务，按节点时长计费，可同时服务 4 个用户。',
    keywords: ['算力', 'GPU', '人工智能', '高性能计算'],
    category: ['计算资源', '智能算力', 'GPU 集群'],
    city: '杭州',
    address: '滨江区示例路 100 号',
    serviceModes: ['assisted'],
    hourlyFeeFen: yuan(120),
    capacity: 4,
    openingHours: {
      sun: [['00:00', '24:00']],
      mon: [['00:00', '24:00']],
      tue: [['00:00', '24:00']],
      wed: [['00:00', '24:00']],
      thu: [['00:00', '24:00']],
      fri: [['00:00', '24:00']],
      sat: [['00:00', '24:00']],
    },
    rules: { slotMinutes: 60, leadMinutes: { self_operation: 0, sample_submission: 0, assisted: 60 }, maxAdvanceDays: 30, minMinutes: 60, maxMinutes: 72 * 60 },
  },
  {
    owner: 'js-inst',
    manager: 'js-org-admin',
    kind: 'facility',
    name: '示例高场强磁体实验装置',
    description: '稳态强磁场条件下的材料物性测量实验装置，按机时开放。',
    keywords: ['强磁场', '大科学装置', '物性测量'],
    category: ['重大科技基础设施', '物理实验装置', '强磁场装置'],
    city: '苏州',
    address: '苏州工业园区示例大道 9 号',
    serviceModes: ['assisted'],
    hourlyFeeFen: yuan(2000),
    needsApproval: true,
    rules: {
      slotMinutes: 60,
      leadMinutes: { self_operation: 1440, sample_submission: 1440, assisted: 7 * 1440 },
      maxAdvanceDays: 180,
      minMinutes: 120,
      maxMinutes: 8 * 60,
    },
  },
  {
    owner: 'js-inst',
    manager: 'js-org-admin',
    kind: 'dataset',
    name: '示例长三角土壤微生物组数据集',
    description: '覆盖三省一市 1,200 个采样点的土壤微生物 16S rRNA 测序数据与理化指标。',
    keywords: ['微生物组', '土壤', '科学数据'],
    category: ['科学数据', '生态环境', '土壤微生物'],
    city: '苏州',
  },
  {
    owner: 'ah-uni',
    kind: 'germplasm',
    name: '示例江淮水稻种质资源库',
    description: '保存水稻地方品种与育成品种种质 3,000 余份，可申请用于育种研究。',
    keywords: ['种质', '水稻', '育种'],
    category: ['生物种质', '农作物种质', '水稻'],
    city: '合肥',
  },
];

export async function seedDemoResources(
  deps: Deps,
  trx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  orgIds: Map<string, number>,
  userIds: Map<string, number>,
  jurisdictionOf: Map<string, string>,
  nowIso: string,
) {
  for (const r of DEMO_RESOURCES) {
    const { owner, manager, ...rest } = r;
    const input: ResourceInput = { ...rest, ownerOrgId: orgIds.get(owner)!, managerUserId: manager ? userIds.get(manager)! : null };
    await insertResourceRow(deps, trx, null, toRecord(input, jurisdictionOf.get(owner)!, nowIso.slice(0, 10)), nowIso);
  }
}
