// Synthetic data for benchmarks: N clearly fictional organisations (every name carries 示例)
// spread over the four jurisdictions and all six organisation types, one member account each,
// and M shared resources (default N) owned by them and the demo organisations: mostly large
// instruments, with facilities, compute, data sets and germplasm, about one in ten written in
// traditional characters. Deterministic per account number (per run and index for resources),
// re-runnable (each run adds another N and M), inserted in multi-row batches inside a few large
// transactions so 100 000 rows take seconds (organisations) to a minute or two (resources,
// whose search terms are computed exactly as the catalogue service computes them).
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import * as OpenCC from 'opencc-js';
import type { Database, NewOrganization, NewUser } from '../db/types';
import type { Deps } from '../platform/deps';
import { inTransaction } from '../platform/deps';
import { recordAudit } from '../platform/audit';
import { hashPassword } from '../platform/passwords';
import { makeUscc } from '../platform/uscc';
import { fold } from '../platform/text';
import { JURISDICTION_CODES, type OrgType } from '../platform/access';
import { indexTerms, toRecord, type ResourceInput, type ResourceRecord, type ServiceItem, type ServiceMode } from '../modules/resources/resources.service';
import { insertTermsBulk } from '../modules/resources/resources.repository';
import type { OpeningHours } from '../modules/bookings/schedule';

export const SCALE_USER_PREFIX = 'scale-u';

/**
 * Serials of synthetic USCCs start here. The demo uses serials around 1 000 000; each scale
 * account number n gets serial BASE + n, so runs never collide with the demo or each other
 * (and a clash with any other stored code is detected per batch and skipped over).
 */
const SERIAL_BASE = 900_000_000;
/** Added to a serial when its code is already taken (31^9 ≈ 2.6e13 serials fit in nine characters). */
const SERIAL_RETRY_STEP = 1_000_000_000_000;

interface City {
  /** What the organisation's name says (上海 or a district of it, else the city). */
  label: string;
  /** The organisations.city column. */
  city: string;
  /** GB/T 2260 code of the city (or Shanghai district), the USCC's registration division. */
  division: string;
}

const SHANGHAI_DISTRICTS: Array<[string, string]> = [
  ['黄浦', '310101'], ['徐汇', '310104'], ['长宁', '310105'], ['静安', '310106'], ['普陀', '310107'],
  ['虹口', '310109'], ['杨浦', '310110'], ['闵行', '310112'], ['宝山', '310113'], ['嘉定', '310114'],
  ['浦东', '310115'], ['金山', '310116'], ['松江', '310117'], ['青浦', '310118'], ['奉贤', '310120'], ['崇明', '310151'],
];

const PROVINCE_CITIES: Record<string, Array<[string, string]>> = {
  '320000': [
    ['南京', '320100'], ['无锡', '320200'], ['徐州', '320300'], ['常州', '320400'], ['苏州', '320500'], ['南通', '320600'],
    ['连云港', '320700'], ['淮安', '320800'], ['盐城', '320900'], ['扬州', '321000'], ['镇江', '321100'], ['泰州', '321200'], ['宿迁', '321300'],
  ],
  '330000': [
    ['杭州', '330100'], ['宁波', '330200'], ['温州', '330300'], ['嘉兴', '330400'], ['湖州', '330500'], ['绍兴', '330600'],
    ['金华', '330700'], ['衢州', '330800'], ['舟山', '330900'], ['台州', '331000'], ['丽水', '331100'],
  ],
  '340000': [
    ['合肥', '340100'], ['芜湖', '340200'], ['蚌埠', '340300'], ['淮南', '340400'], ['马鞍山', '340500'], ['淮北', '340600'],
    ['铜陵', '340700'], ['安庆', '340800'], ['黄山', '341000'], ['滁州', '341100'], ['阜阳', '341200'], ['宿州', '341300'],
    ['六安', '341500'], ['亳州', '341600'], ['池州', '341700'], ['宣城', '341800'],
  ],
};

const CITIES: Record<string, City[]> = {
  '310000': SHANGHAI_DISTRICTS.flatMap(([d, code]) => [
    { label: '上海', city: '上海', division: code },
    { label: d, city: '上海', division: code },
  ]),
  ...Object.fromEntries(Object.entries(PROVINCE_CITIES).map(([j, list]) => [j, list.map(([c, code]) => ({ label: c, city: c, division: code }))])),
};

const FIELDS = [
  '精密仪器', '生物医药', '集成电路', '新材料', '人工智能', '量子信息', '新能源', '智能制造',
  '工业软件', '高端装备', '医疗器械', '节能环保', '航空航天', '数字经济', '海洋科技', '现代农业',
];

const BRANDS = [
  '华芯', '恒通', '瑞联', '启明', '博远', '天衡', '睿思', '卓越', '鼎新', '汇智', '远航', '星辰',
  '蓝海', '云帆', '同创', '长风', '锐泰', '联科', '金石', '光启', '海纳', '拓普', '新元', '安泰',
  '国芯', '智源', '华研', '泰和', '宏图', '九州', '青禾', '凌云', '合力', '精诚', '明德', '致远',
];

const SUFFIXES: Record<OrgType, string[]> = {
  enterprise: ['科技有限公司', '技术有限公司', '科技股份有限公司', '科技发展有限公司', '股份有限公司'],
  university: ['理工大学', '科技大学', '工业大学', '医科大学', '职业技术学院', '工程学院'],
  research_institute: ['研究院', '研究所', '创新研究院', '技术研究院', '重点实验室', '产业技术研究院'],
  service_institution: ['检测中心', '技术转移中心', '公共服务平台', '知识产权服务中心', '孵化器有限公司', '检验检测认证有限公司'],
  government_department: ['科学技术局', '经济和信息化局', '发展和改革委员会', '知识产权局', '市场监督管理局', '数据局'],
  financial_institution: ['科技银行', '创业投资有限公司', '融资担保有限公司', '科技小额贷款有限公司', '产业投资基金管理有限公司', '科技保险股份有限公司'],
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];

// Type of the i-th organisation of a run: the first six slots cover every type (so even a tiny
// run has them all), then enterprises dominate as they do in reality (11 of 20).
const TYPE_CYCLE: OrgType[] = [
  'enterprise', 'university', 'research_institute', 'service_institution', 'government_department', 'financial_institution',
  'enterprise', 'enterprise', 'research_institute', 'enterprise', 'service_institution', 'enterprise', 'enterprise',
  'financial_institution', 'enterprise', 'enterprise', 'research_institute', 'enterprise', 'service_institution', 'enterprise',
];

/** A small deterministic PRNG (mulberry32), seeded per account number. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pickFrom = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

function establishedOn(r: () => number, type: OrgType): string {
  const [from, to] = type === 'university' ? [1950, 2005] : type === 'government_department' ? [1978, 2020] : [1995, 2025];
  const year = from + Math.floor(r() * (to - from + 1));
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function usccKindOf(type: OrgType): { authority: string; kind: string } {
  if (type === 'government_department') return { authority: '1', kind: '1' };
  if (type === 'university' || type === 'research_institute') return { authority: '1', kind: '2' };
  return { authority: '9', kind: '1' };
}

export interface ScaleOrg {
  n: number;
  org: Omit<NewOrganization, 'created_at' | 'updated_at'>;
  division: string;
  authority: string;
  kind: string;
  user: Omit<NewUser, 'organization_id' | 'password_hash' | 'created_at' | 'updated_at'>;
}

/** The synthetic organisation and member of account number n, the i-th of its run. */
export function scaleOrg(n: number, i: number): ScaleOrg {
  const r = rng(Math.imul(n, 2654435761) ^ 0x5eed);
  const type = TYPE_CYCLE[i % TYPE_CYCLE.length];
  // Decorrelated from the type cycle: every type lands in every jurisdiction.
  const jurisdiction = JURISDICTION_CODES[(i + Math.floor(i / TYPE_CYCLE.length)) % JURISDICTION_CODES.length];
  const city = pickFrom(r, CITIES[jurisdiction]);
  const field = pickFrom(r, FIELDS);
  const brand = pickFrom(r, BRANDS);
  const suffix = pickFrom(r, SUFFIXES[type]);
  let name: string;
  switch (type) {
    case 'enterprise':
      name = `示例${city.label}${brand}${field}${suffix}`;
      break;
    case 'university':
      name = r() < 0.5 ? `示例${city.label}${suffix}` : `示例${city.label}${brand}${suffix}`;
      break;
    case 'research_institute':
      name = r() < 0.5 ? `示例${city.label}${field}${suffix}` : `示例${brand}${city.label}${field}${suffix}`;
      break;
    case 'service_institution':
      name = `示例${city.label}${brand}${field}${suffix}`;
      break;
    case 'government_department':
      name = r() < 0.5 ? `${city.label}${suffix}（示例）` : `${city.label}${field}产业促进中心（示例）`;
      break;
    case 'financial_institution':
      name = `示例${city.label}${brand}${suffix}`;
      break;
  }
  let tier: string | null = null;
  if (type === 'enterprise') {
    const t = r();
    tier = t < 0.6 ? 'tech_sme' : t < 0.9 ? 'high_tech' : 'tech_leader';
  }
  const { authority, kind } = usccKindOf(type);
  const username = `${SCALE_USER_PREFIX}${n}`;
  return {
    n,
    division: city.division,
    authority,
    kind,
    org: {
      name,
      name_folded: fold(name),
      uscc: makeUscc(city.division, SERIAL_BASE + n, authority, kind),
      type,
      jurisdiction_code: jurisdiction,
      city: city.city,
      tier,
      department_id: null,
      established_on: establishedOn(r, type),
      status: r() < 0.03 ? 'inactive' : 'active',
    },
    user: {
      username,
      display_name: `${pickFrom(r, SURNAMES)}示例${n}`,
      email: `${username}@example.yrd`,
      role: 'member',
      jurisdiction_code: null,
      department_id: null,
      status: 'active',
      failed_logins: 0,
      locked_until: null,
    },
  };
}

// ---- shared resources ----------------------------------------------------------------------

/** An organisation that can own synthetic resources, with its member (the usual manager). */
export interface ScaleOwner {
  id: number;
  jurisdiction: string;
  city: string | null;
  /** The scale-u<n> member of a synthetic organisation; null for the demo organisations. */
  memberUserId: number | null;
}

type Range = readonly [number, number];

interface InstrumentType {
  /** What the name says, e.g. 扫描电子显微镜. */
  name: string;
  category: readonly [string, string, string];
  keywords: readonly string[];
  adjectives: readonly string[];
  /** The research fields it serves, named in the description. */
  fields: readonly string[];
  uses: readonly string[];
  /** A line of specifications from the record's PRNG. */
  spec: (r: () => number) => string;
  /** Original value in yuan (log-uniform); never below 300 000 for an instrument. */
  value: Range;
  /** Hourly fee in yuan. */
  hourly: Range;
  /** Price per sample in yuan. */
  perSample: Range;
}

const pick = pickFrom;
const between = (r: () => number, [lo, hi]: Range, step = 1) => Math.round((lo + r() * (hi - lo)) / step) * step;
const logBetween = (r: () => number, [lo, hi]: Range, step = 1000) => Math.max(lo, Math.round(Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo))) / step) * step);
const yuan = (n: number) => Math.round(n * 100);

const INSTRUMENTS: InstrumentType[] = [
  {
    name: '质谱仪',
    fields: ['生物医药', '药物研发', '环境', '食品安全', '化学化工', '临床检验'],
    category: ['分析仪器', '质谱仪器', '质谱仪'],
    keywords: ['质谱', 'MS'],
    adjectives: ['高分辨', '飞行时间', '三重四极杆', '静电场轨道阱'],
    uses: ['小分子化合物定性定量分析', '蛋白质组学研究', '代谢物鉴定', '药物杂质结构解析', '环境污染物筛查'],
    spec: (r) => `质量范围 m/z 50–${pick(r, [2000, 4000, 6000])}；分辨率 ${pick(r, ['60,000', '120,000', '240,000'])}`,
    value: [1_500_000, 8_000_000],
    hourly: [300, 1200],
    perSample: [200, 1000],
  },
  {
    name: '液相色谱-质谱联用仪',
    fields: ['生物医药', '药物研发', '食品安全', '环境', '临床检验'],
    category: ['分析仪器', '质谱仪器', '液相色谱-质谱联用仪'],
    keywords: ['液质联用', 'LC-MS', '质谱', '色谱'],
    adjectives: ['高分辨', '超高效', '三重四极杆'],
    uses: ['药物代谢动力学研究', '农药残留检测', '代谢组学分析', '天然产物成分鉴定', '兽药残留检测'],
    spec: (r) => `质量精度 < ${pick(r, [1, 2, 3])} ppm；扫描速度 ${pick(r, [12, 20, 40])} Hz`,
    value: [1_200_000, 6_000_000],
    hourly: [300, 1000],
    perSample: [200, 800],
  },
  {
    name: '气相色谱-质谱联用仪',
    fields: ['环境', '食品安全', '化学化工', '新能源'],
    category: ['分析仪器', '质谱仪器', '气相色谱-质谱联用仪'],
    keywords: ['气质联用', 'GC-MS', '挥发性有机物'],
    adjectives: ['全自动', '高分辨', '三重四极杆'],
    uses: ['挥发性有机物分析', '香精香料成分分析', '环境空气质量监测', '食品风味物质鉴定'],
    spec: (r) => `质量范围 m/z 1.5–${pick(r, [1000, 1050])}；柱温箱最高 ${pick(r, [400, 450])} ℃`,
    value: [600_000, 3_000_000],
    hourly: [200, 600],
    perSample: [150, 500],
  },
  {
    name: '液相色谱仪',
    fields: ['药物研发', '食品安全', '化学化工', '生物医药'],
    category: ['分析仪器', '色谱仪器', '高效液相色谱仪'],
    keywords: ['液相色谱', 'HPLC', '色谱'],
    adjectives: ['超高效', '全自动', '制备型'],
    uses: ['药物含量测定', '有关物质检查', '食品添加剂检测', '手性化合物拆分'],
    spec: (r) => `最高压力 ${pick(r, [60, 100, 130])} MPa；流速 0.001–${pick(r, [2, 5, 10])} mL/min`,
    value: [300_000, 1_200_000],
    hourly: [100, 300],
    perSample: [100, 300],
  },
  {
    name: '扫描电子显微镜',
    fields: ['材料', '纳米材料', '集成电路', '新能源', '地质矿产', '半导体'],
    category: ['电子光学仪器', '电子显微镜', '扫描电子显微镜'],
    keywords: ['电镜', 'SEM', '能谱', '形貌分析'],
    adjectives: ['场发射', '高分辨', '环境'],
    uses: ['材料表面形貌观察', '断口失效分析', '能谱元素分析', '纳米颗粒尺寸表征', '生物样品超微结构观察'],
    spec: (r) => `分辨率 ${pick(r, ['0.6', '0.8', '1.0', '1.2'])} nm (15 kV)；放大倍数 ${pick(r, ['10–1,000,000', '25–2,000,000'])}×`,
    value: [2_000_000, 8_000_000],
    hourly: [300, 900],
    perSample: [200, 600],
  },
  {
    name: '透射电子显微镜',
    fields: ['材料', '纳米材料', '生物医药', '半导体', '新能源'],
    category: ['电子光学仪器', '电子显微镜', '透射电子显微镜'],
    keywords: ['电镜', 'TEM', '电子衍射'],
    adjectives: ['场发射', '球差校正', '冷冻', '高分辨'],
    uses: ['晶体缺陷分析', '纳米材料结构表征', '生物大分子结构解析', '原子尺度成像'],
    spec: (r) => `加速电压 ${pick(r, [120, 200, 300])} kV；点分辨率 ${pick(r, ['0.08', '0.10', '0.19', '0.23'])} nm`,
    value: [5_000_000, 30_000_000],
    hourly: [600, 2500],
    perSample: [500, 2000],
  },
  {
    name: '核磁共振波谱仪',
    fields: ['化学化工', '药物研发', '高分子', '生物医药'],
    category: ['分析仪器', '波谱仪器', '核磁共振波谱仪'],
    keywords: ['核磁', 'NMR', '结构鉴定'],
    adjectives: ['400 MHz', '600 MHz', '800 MHz', '超导', '固体'],
    uses: ['有机化合物结构鉴定', '反应过程监测', '定量核磁分析', '高分子链结构研究'],
    spec: (r) => `磁场强度 ${pick(r, ['9.4', '14.1', '18.8'])} T；探头 ${pick(r, ['BBO', 'TCI 超低温', '宽带多核'])}`,
    value: [2_500_000, 15_000_000],
    hourly: [300, 1200],
    perSample: [150, 600],
  },
  {
    name: 'X射线衍射仪',
    fields: ['材料', '地质矿产', '新能源', '纳米材料', '化学化工'],
    category: ['分析仪器', '晶体结构分析仪器', 'X射线衍射仪'],
    keywords: ['XRD', '衍射', '物相分析', '晶体结构'],
    adjectives: ['粉末', '单晶', '高分辨', '多功能'],
    uses: ['物相定性定量分析', '晶粒尺寸与残余应力测定', '薄膜织构分析', '单晶结构解析'],
    spec: (r) => `测角仪半径 ${pick(r, [200, 240, 280])} mm；2θ 范围 -10°–${pick(r, [150, 160])}°`,
    value: [800_000, 4_000_000],
    hourly: [200, 600],
    perSample: [100, 500],
  },
  {
    name: '激光共聚焦显微镜',
    fields: ['生物医药', '临床检验', '现代农业', '医疗器械'],
    category: ['光学仪器', '显微镜', '激光共聚焦显微镜'],
    keywords: ['共聚焦', '荧光成像', '活细胞成像'],
    adjectives: ['超高分辨', '转盘式', '双光子', '高速'],
    uses: ['细胞荧光成像', '三维重构', '活细胞动态观察', '组织切片分析'],
    spec: (r) => `激光器 ${pick(r, ['405/488/561/640', '405/458/488/514/561/633'])} nm；扫描速度 ${pick(r, [8, 16, 30])} 帧/秒`,
    value: [1_500_000, 6_000_000],
    hourly: [200, 700],
    perSample: [150, 500],
  },
  {
    name: '流式细胞仪',
    fields: ['生物医药', '临床检验', '药物研发'],
    category: ['医学科研仪器', '细胞分析仪器', '流式细胞仪'],
    keywords: ['流式', '细胞分选', '免疫分析'],
    adjectives: ['高通量', '多色', '分选型', '光谱型'],
    uses: ['免疫细胞分型', '细胞周期分析', '细胞凋亡检测', '干细胞分选'],
    spec: (r) => `激光器 ${pick(r, [3, 4, 5])} 根；检测通道 ${pick(r, [14, 18, 30, 40])} 色`,
    value: [800_000, 5_000_000],
    hourly: [200, 600],
    perSample: [100, 400],
  },
  {
    name: '基因测序仪',
    fields: ['生物医药', '现代农业', '临床检验', '环境'],
    category: ['医学科研仪器', '生化分析仪器', '基因测序仪'],
    keywords: ['测序', 'NGS', '基因组', '高通量测序'],
    adjectives: ['高通量', '第三代', '单分子', '桌面型'],
    uses: ['全基因组测序', '转录组测序', '宏基因组分析', '肿瘤基因检测'],
    spec: (r) => `单次通量 ${pick(r, [120, 600, 3000, 6000])} Gb；读长 ${pick(r, ['2×150 bp', '2×250 bp', '长读长 > 15 kb'])}`,
    value: [1_000_000, 12_000_000],
    hourly: [300, 1500],
    perSample: [300, 3000],
  },
  {
    name: '原子力显微镜',
    fields: ['材料', '纳米材料', '半导体', '高分子'],
    category: ['物理性能测试仪器', '扫描探针显微镜', '原子力显微镜'],
    keywords: ['AFM', '表面形貌', '纳米力学'],
    adjectives: ['高分辨', '多功能', '快速扫描'],
    uses: ['表面粗糙度测量', '纳米力学性能测试', '二维材料表征', '生物分子成像'],
    spec: (r) => `扫描范围 ${pick(r, [90, 100, 120])} μm；噪声 < ${pick(r, ['0.03', '0.05'])} nm`,
    value: [900_000, 4_000_000],
    hourly: [200, 700],
    perSample: [150, 500],
  },
  {
    name: '拉曼光谱仪',
    fields: ['材料', '半导体', '地质矿产', '药物研发'],
    category: ['分析仪器', '光谱仪器', '显微拉曼光谱仪'],
    keywords: ['拉曼', 'Raman', '光谱'],
    adjectives: ['显微', '共聚焦', '高分辨'],
    uses: ['碳材料结构表征', '矿物鉴定', '药物晶型分析', '半导体应力分析'],
    spec: (r) => `光谱分辨率 ${pick(r, ['0.3', '0.5', '1'])} cm⁻¹；激发波长 ${pick(r, ['532', '633', '785'])} nm`,
    value: [500_000, 2_500_000],
    hourly: [150, 500],
    perSample: [100, 400],
  },
  {
    name: '红外光谱仪',
    fields: ['高分子', '化学化工', '环境', '药物研发'],
    category: ['分析仪器', '光谱仪器', '傅里叶变换红外光谱仪'],
    keywords: ['红外', 'FTIR', '光谱'],
    adjectives: ['傅里叶变换', '显微', '近红外'],
    uses: ['有机官能团鉴定', '高分子材料分析', '原位反应监测', '微塑料识别'],
    spec: (r) => `光谱范围 ${pick(r, ['7800–350', '8000–400', '12000–4000'])} cm⁻¹；分辨率 ${pick(r, ['0.09', '0.4', '1'])} cm⁻¹`,
    value: [300_000, 1_500_000],
    hourly: [100, 300],
    perSample: [80, 300],
  },
  {
    name: '热分析仪',
    fields: ['高分子', '材料', '新能源', '化学化工'],
    category: ['分析仪器', '热分析仪器', '同步热分析仪'],
    keywords: ['热分析', 'TGA', 'DSC', '热重'],
    adjectives: ['同步', '高温', '全自动'],
    uses: ['材料热稳定性测试', '相变温度测定', '比热容测量', '分解动力学研究'],
    spec: (r) => `温度范围 室温–${pick(r, [1000, 1500, 1600])} ℃；天平灵敏度 ${pick(r, ['0.1', '1'])} μg`,
    value: [300_000, 1_200_000],
    hourly: [100, 300],
    perSample: [100, 300],
  },
  {
    name: '电感耦合等离子体质谱仪',
    fields: ['环境', '地质矿产', '食品安全', '半导体'],
    category: ['分析仪器', '质谱仪器', '电感耦合等离子体质谱仪'],
    keywords: ['ICP-MS', '元素分析', '痕量金属'],
    adjectives: ['高分辨', '三重四极杆', '激光剥蚀'],
    uses: ['痕量元素分析', '同位素比值测定', '重金属检测', '地质样品分析'],
    spec: (r) => `检出限 < ${pick(r, ['0.1', '1', '5'])} ppt；质量范围 ${pick(r, ['2–260', '4–290'])} amu`,
    value: [1_200_000, 5_000_000],
    hourly: [300, 900],
    perSample: [150, 600],
  },
  {
    name: 'X射线光电子能谱仪',
    fields: ['材料', '新能源', '半导体', '化学化工'],
    category: ['分析仪器', '能谱仪器', 'X射线光电子能谱仪'],
    keywords: ['XPS', '表面分析', '化学态'],
    adjectives: ['高分辨', '成像型', '多功能'],
    uses: ['表面元素化学态分析', '薄膜深度剖析', '催化剂表面研究'],
    spec: (r) => `能量分辨率 ${pick(r, ['0.45', '0.5'])} eV；最小束斑 ${pick(r, [10, 20, 30])} μm`,
    value: [3_000_000, 9_000_000],
    hourly: [400, 1200],
    perSample: [300, 900],
  },
  {
    name: '聚焦离子束双束电镜',
    fields: ['集成电路', '半导体', '材料', '纳米材料'],
    category: ['电子光学仪器', '电子显微镜', '聚焦离子束-扫描电镜双束系统'],
    keywords: ['FIB', '双束', '微纳加工', '电镜'],
    adjectives: ['场发射', '高分辨'],
    uses: ['透射样品制备', '三维重构', '微纳结构加工', '芯片失效分析'],
    spec: (r) => `离子束分辨率 ${pick(r, ['2.5', '3', '4'])} nm；电子束分辨率 ${pick(r, ['0.7', '0.9'])} nm`,
    value: [8_000_000, 20_000_000],
    hourly: [800, 2500],
    perSample: [800, 3000],
  },
];

interface FacilityType {
  name: string;
  fields: readonly string[];
  category: readonly [string, string, string];
  keywords: readonly string[];
  uses: readonly string[];
}

const FACILITIES: FacilityType[] = [
  { name: '强磁场实验装置', fields: ['材料', '量子信息', '化学化工'], category: ['重大科技基础设施', '物理实验装置', '强磁场装置'], keywords: ['强磁场', '物性测量', '大科学装置'], uses: ['稳态强磁场下的物性测量', '磁共振实验', '量子材料研究'] },
  { name: '同步辐射光束线站', fields: ['材料', '生物医药', '新能源', '化学化工'], category: ['重大科技基础设施', '光源装置', '同步辐射光束线站'], keywords: ['同步辐射', 'X射线吸收谱', '光束线'], uses: ['X射线吸收精细结构分析', '小角散射实验', '蛋白质晶体学研究'] },
  { name: '微纳加工平台', fields: ['集成电路', '半导体', '医疗器械', '新能源'], category: ['科研设施', '微纳加工', '洁净室'], keywords: ['光刻', '刻蚀', '薄膜沉积', '洁净室'], uses: ['集成电路工艺验证', 'MEMS 器件加工', '光电子器件制备'] },
  { name: '风洞试验装置', fields: ['航空航天', '新能源', '高端装备'], category: ['科研设施', '航空航天试验', '风洞'], keywords: ['风洞', '气动测试'], uses: ['飞行器气动特性测试', '建筑风荷载试验', '汽车空气动力学研究'] },
  { name: '电磁兼容实验室', fields: ['集成电路', '医疗器械', '新能源', '高端装备'], category: ['检验检测设施', '电磁兼容', '电波暗室'], keywords: ['EMC', '电磁兼容', '暗室'], uses: ['辐射发射测试', '抗扰度试验', '汽车电子电磁兼容认证'] },
  { name: '化工中试基地', fields: ['化学化工', '新能源', '高分子', '材料'], category: ['科研设施', '中试验证', '化工中试'], keywords: ['中试', '放大生产', '工艺验证'], uses: ['新材料工艺放大', '催化剂中试', '精细化学品试生产'] },
  { name: '生物安全实验室', fields: ['生物医药', '临床检验', '现代农业'], category: ['科研设施', '生物安全', '高等级生物安全实验室'], keywords: ['生物安全', '病原研究'], uses: ['病原微生物研究', '疫苗评价', '抗病毒药物筛选'] },
  { name: '大型振动试验台', fields: ['航空航天', '高端装备', '新能源'], category: ['检验检测设施', '力学环境试验', '振动台'], keywords: ['振动试验', '可靠性'], uses: ['航天器力学环境试验', '轨道交通部件可靠性测试', '电子产品振动冲击试验'] },
];

const COMPUTE = [
  { name: '超算中心通用计算集群', category: ['计算资源', '超级计算', '通用算力'], keywords: ['超算', '高性能计算', 'HPC', '并行计算'], uses: ['计算流体力学仿真', '分子动力学模拟', '气象数值预报', '材料第一性原理计算'] },
  { name: 'GPU 算力集群', category: ['计算资源', '智能算力', 'GPU 集群'], keywords: ['GPU', '算力', '人工智能', '深度学习'], uses: ['大模型训练', '计算机视觉模型训练', '蛋白质结构预测', '自动驾驶仿真'] },
  { name: '智算中心大模型训练平台', category: ['计算资源', '智能算力', '智算中心'], keywords: ['智算', '大模型', '算力', 'GPU'], uses: ['大模型预训练与微调', '多模态模型推理', '科学智能计算'] },
  { name: '超算异构加速分区', category: ['计算资源', '超级计算', '异构算力'], keywords: ['超算', '异构计算', '加速卡'], uses: ['量子化学计算', '地震波数值模拟', '基因组组装'] },
] as const;
const COMPUTE_ADJECTIVES = ['', '', '智能计算', '异构', '高性能'];
const COMPUTE_FIELDS = ['人工智能', '生物医药', '材料', '航空航天', '气象', '集成电路', '新能源'];

const DATASETS = [
  { subject: '长三角空气质量监测', category: ['科学数据', '生态环境', '大气环境'], keywords: ['空气质量', 'PM2.5', '环境监测'] },
  { subject: '集成电路晶圆缺陷图像', category: ['科学数据', '集成电路', '缺陷检测'], keywords: ['晶圆', '缺陷检测', '图像数据'] },
  { subject: '新能源汽车电池运行', category: ['科学数据', '新能源', '动力电池'], keywords: ['动力电池', '新能源汽车', '运行数据'] },
  { subject: '医学影像标注', category: ['科学数据', '生物医药', '医学影像'], keywords: ['医学影像', 'CT', '标注数据'] },
  { subject: '水稻基因组', category: ['科学数据', '现代农业', '基因组'], keywords: ['基因组', '水稻', '测序数据'] },
  { subject: '土壤微生物组', category: ['科学数据', '生态环境', '土壤微生物'], keywords: ['微生物组', '土壤', '16S rRNA'] },
  { subject: '太湖水质监测', category: ['科学数据', '生态环境', '水环境'], keywords: ['水质', '太湖', '蓝藻'] },
  { subject: '工业设备故障诊断', category: ['科学数据', '智能制造', '故障诊断'], keywords: ['故障诊断', '振动信号', '工业互联网'] },
  { subject: '化合物理化性质', category: ['科学数据', '化学化工', '化合物'], keywords: ['化合物', '理化性质', '药物研发'] },
  { subject: '蛋白质结构', category: ['科学数据', '生物医药', '结构生物学'], keywords: ['蛋白质结构', '结构生物学', '冷冻电镜'] },
  { subject: '城市交通流量', category: ['科学数据', '数字经济', '交通'], keywords: ['交通流量', '城市计算', '时空数据'] },
  { subject: '长江口海洋观测', category: ['科学数据', '海洋科技', '海洋观测'], keywords: ['海洋观测', '长江口', '水文'] },
] as const;

const GERMPLASM = [
  { subject: '水稻', category: ['生物种质', '农作物种质', '水稻'], keywords: ['水稻', '育种'] },
  { subject: '茶树', category: ['生物种质', '经济作物种质', '茶树'], keywords: ['茶树', '龙井', '品种选育'] },
  { subject: '小麦', category: ['生物种质', '农作物种质', '小麦'], keywords: ['小麦', '育种'] },
  { subject: '油菜', category: ['生物种质', '农作物种质', '油菜'], keywords: ['油菜', '油料作物'] },
  { subject: '桑蚕', category: ['生物种质', '动物种质', '家蚕'], keywords: ['桑蚕', '蚕种'] },
  { subject: '中药材', category: ['生物种质', '药用植物种质', '中药材'], keywords: ['中药材', '道地药材', '铁皮石斛'] },
  { subject: '微生物菌种', category: ['生物种质', '微生物种质', '工业菌种'], keywords: ['菌种', '发酵', '微生物'] },
  { subject: '淡水鱼类', category: ['生物种质', '水产种质', '淡水鱼'], keywords: ['水产', '淡水鱼', '良种繁育'] },
  { subject: '林木', category: ['生物种质', '林木种质', '乡土树种'], keywords: ['林木', '树种'] },
] as const;


const MANUFACTURER_SUFFIXES = ['仪器有限公司', '科学仪器股份有限公司', '精密仪器有限公司', '分析仪器有限公司', '光电技术有限公司'];
const ORIGINS: Array<[string, number]> = [['中国', 40], ['美国', 20], ['德国', 14], ['日本', 14], ['瑞士', 5], ['英国', 3], ['荷兰', 2], ['捷克', 2]];
const MODE_LABEL: Record<ServiceMode, string> = { assisted: '机时服务', self_operation: '自主上机（须培训授权）', sample_submission: '送样检测' };
const MODEL_PREFIXES = ['YX', 'HF', 'QT', 'SE', 'TX', 'NM', 'JC', 'ZK', 'HR', 'GX'];
const ROADS = ['科技', '创新', '学府', '金桥', '星湖', '青年', '高新', '长江', '人民', '东方'];

const ALL_DAY: Array<[string, string]> = [['00:00', '24:00']];
const OPEN_24_7: OpeningHours = { sun: ALL_DAY, mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY };
const EXTENDED: Array<[string, string]> = [['08:00', '12:00'], ['13:00', '22:00']];
const OPEN_EXTENDED: OpeningHours = { sun: [], mon: EXTENDED, tue: EXTENDED, wed: EXTENDED, thu: EXTENDED, fri: EXTENDED, sat: [['09:00', '17:00']] };

// Traditional characters, as a Taiwan or Hong Kong user would type them: 質譜儀, 電子顯微鏡.
let toTraditional: ((s: string) => string) | undefined;
function traditional(s: string): string {
  toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  return toTraditional(s);
}

function weighted<T>(r: () => number, list: ReadonlyArray<readonly [T, number]>): T {
  const total = list.reduce((n, [, w]) => n + w, 0);
  let x = r() * total;
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1][0];
}

const KIND_WEIGHTS: Array<[string, number]> = [['instrument', 72], ['facility', 7], ['compute', 7], ['dataset', 8], ['germplasm', 6]];

const dateBetween = (r: () => number, fromYear: number, toIso: string) => {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.parse(toIso + 'T00:00:00Z');
  return new Date(from + Math.floor(r() * Math.max(1, (to - from) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
};

function shuffledTake<T>(r: () => number, list: readonly T[], k: number): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** The seed of the PRNG of the i-th resource of the run whose first account number is `run`. */
const resourceSeed = (run: number, i: number) => Math.imul(run, 0x9e3779b1) ^ Math.imul(i + 1, 2654435761) ^ 0x7e5;

/**
 * The i-th synthetic resource of a run, owned by `owner`: a realistic record (Chinese name,
 * description, keywords, three-level category, fees in fen, service modes, booking rules),
 * its name marked 示例; one in ten written in traditional characters.
 */
export function scaleResource(run: number, i: number, owner: ScaleOwner, today: string): ResourceInput {
  const r = rng(resourceSeed(run, i));
  const kind = weighted(r, KIND_WEIGHTS);
  const jurisdiction = owner.jurisdiction;
  const cities = CITIES[jurisdiction] ?? [];
  const city = owner.city || (cities.length ? pick(r, cities).city : '');
  const place = jurisdiction === '310000' ? pick(r, SHANGHAI_DISTRICTS)[0] : city;
  const district = jurisdiction === '310000' ? (place === '浦东' ? '浦东新区' : `${place}区`) : `${place}市`;
  const address = `${district}${pick(r, ROADS)}路 ${1 + Math.floor(r() * 999)} 号${r() < 0.5 ? ` ${1 + Math.floor(r() * 12)} 号楼` : ''}`;
  const purchaseDate = dateBetween(r, 2008, today);
  const registeredOn = dateBetween(r, Math.max(2016, Number(purchaseDate.slice(0, 4))), today);
  const managerUserId = owner.memberUserId !== null && r() < 0.7 ? owner.memberUserId : null;
  const status = weighted(r, [['published', 97], ['draft', 2], ['retired', 1]] as const);
  const manufacturer = `示例${pick(r, BRANDS)}${pick(r, MANUFACTURER_SUFFIXES)}`;
  const model = `${pick(r, MODEL_PREFIXES)}-${100 * (1 + Math.floor(r() * 90))}${r() < 0.4 ? ` ${pick(r, ['Plus', 'Pro', 'HR', 'S', 'X'])}` : ''}`;
  const base = { ownerOrgId: owner.id, managerUserId, city, address, registeredOn, status };
  let input: ResourceInput;

  if (kind === 'instrument') {
    const t = pick(r, INSTRUMENTS);
    const fields = shuffledTake(r, t.fields, 2);
    const adjective = pick(r, t.adjectives);
    const uses = shuffledTake(r, t.uses, 2 + Math.floor(r() * 2));
    const modes: ServiceMode[] = [];
    if (r() < 0.8) modes.push('assisted');
    if (r() < 0.45) modes.push('self_operation');
    if (r() < 0.5 || modes.length === 0) modes.push('sample_submission');
    const style = r();
    const name =
      style < 0.55 ? `示例${adjective}${t.name}` : style < 0.8 ? `示例${adjective}${t.name}（${fields[0]}测试平台）` : `示例${t.name}（${model}）`;
    const hourly = between(r, t.hourly, 10);
    const perSample = between(r, t.perSample, 10);
    const items: ServiceItem[] = modes.includes('sample_submission')
      ? uses.slice(0, 2).map((u, k) => ({ name: u, unit: '样品', priceFen: yuan(perSample + k * between(r, [50, 300], 10)) }))
      : [];
    input = {
      ...base,
      kind,
      name,
      description: `面向${fields[0]}、${fields[1]}等领域，用于${uses.join('、')}。提供${modes.map((m) => MODE_LABEL[m]).join('、')}。`,
      keywords: [...shuffledTake(r, t.keywords, Math.min(t.keywords.length, 2 + Math.floor(r() * 2))), adjective, fields[0]],
      category: [...t.category],
      model,
      manufacturer,
      originCountry: weighted(r, ORIGINS),
      originalValueFen: yuan(logBetween(r, t.value)),
      purchaseDate,
      specifications: t.spec(r),
      features: r() < 0.3 ? `可开展${pick(r, t.uses)}等${fields[1]}方向的测试服务` : '',
      serviceItems: items,
      serviceModes: modes,
      startupFeeFen: yuan(pick(r, [0, 0, 50, 100, 150, 200, 300])),
      hourlyFeeFen: yuan(hourly),
      consumablesFen: yuan(pick(r, [0, 0, 20, 50, 100, 200])),
      perSampleFen: modes.includes('sample_submission') ? yuan(perSample) : 0,
      rules: r() < 0.3 ? { slotMinutes: 60, minMinutes: 60 } : undefined,
      openingHours: r() < 0.2 ? OPEN_EXTENDED : undefined,
      needsApproval: r() < 0.25,
    };
  } else if (kind === 'facility') {
    const t = pick(r, FACILITIES);
    const fields = shuffledTake(r, t.fields, 2);
    const uses = shuffledTake(r, t.uses, 2);
    input = {
      ...base,
      kind,
      name: `示例${place}${t.name}`,
      description: `${t.category[0]}，面向${fields[0]}、${fields[1]}领域开放共享，支持${uses.join('、')}，按机时预约。`,
      keywords: [...t.keywords, fields[0]],
      category: [...t.category],
      manufacturer: null,
      originCountry: '中国',
      originalValueFen: yuan(logBetween(r, [10_000_000, 300_000_000], 10_000)),
      purchaseDate,
      serviceModes: ['assisted'],
      hourlyFeeFen: yuan(between(r, [500, 5000], 100)),
      startupFeeFen: yuan(pick(r, [0, 500, 1000])),
      needsApproval: r() < 0.6,
      rules: { slotMinutes: 60, minMinutes: 120, maxMinutes: 8 * 60, maxAdvanceDays: 180, leadMinutes: { self_operation: 1440, sample_submission: 1440, assisted: 7 * 1440 } },
    };
  } else if (kind === 'compute') {
    const t = pick(r, COMPUTE);
    const fields = shuffledTake(r, COMPUTE_FIELDS, 2);
    const adjective = pick(r, COMPUTE_ADJECTIVES);
    const uses = shuffledTake(r, t.uses, 2);
    const nodes = pick(r, [16, 32, 64, 128, 256, 512]);
    input = {
      ...base,
      kind,
      name: `示例${place}${adjective}${t.name}`,
      description: `${t.category[1]}服务，${nodes} 个计算节点，面向${fields.join('、')}等领域，支持${uses.join('、')}，按节点时长计费，7×24 小时开放。`,
      keywords: [...t.keywords, fields[0]],
      category: [...t.category],
      specifications: `${nodes} 节点；${pick(r, ['每节点 8 卡', '每节点 4 卡', '每节点 2 颗 64 核处理器'])}；${pick(r, ['200 Gb/s InfiniBand', '100 Gb/s RoCE'])} 互联`,
      originCountry: '中国',
      originalValueFen: yuan(logBetween(r, [5_000_000, 200_000_000], 10_000)),
      purchaseDate,
      serviceModes: r() < 0.5 ? ['assisted'] : ['assisted', 'self_operation'],
      hourlyFeeFen: yuan(between(r, [20, 300], 5)),
      capacity: pick(r, [4, 8, 16, 32]),
      openingHours: OPEN_24_7,
      rules: { slotMinutes: 60, minMinutes: 60, maxMinutes: 72 * 60, maxAdvanceDays: 30, leadMinutes: { self_operation: 0, sample_submission: 0, assisted: 60 } },
    };
  } else if (kind === 'dataset') {
    const t = pick(r, DATASETS);
    const years = `${2010 + Math.floor(r() * 8)}–${2020 + Math.floor(r() * 6)}`;
    input = {
      ...base,
      kind,
      name: `示例${t.subject}数据集（${years}）`,
      description: `${t.subject}科学数据，覆盖三省一市 ${pick(r, [120, 300, 800, 1200, 3000])} 个站点或样本，可申请用于${t.category[1]}${pick(r, ['研究', '模型训练', '监测评估'])}。`,
      keywords: [...t.keywords, '科学数据', '数据集'],
      category: [...t.category],
    };
  } else {
    const t = pick(r, GERMPLASM);
    input = {
      ...base,
      kind,
      name: `示例${place}${t.subject}种质资源库`,
      description: `保存${t.subject}地方品种与育成品种种质 ${pick(r, [300, 800, 1500, 3000, 5000])} 余份，可申请用于育种与${pick(r, ['遗传多样性', '功能基因挖掘', '品种改良', '种质创新'])}研究。`,
      keywords: [...t.keywords, '种质资源'],
      category: [...t.category],
    };
  }

  if (r() < 0.1) {
    // Typed in traditional characters: only the free text, so facets (category, city) stay one taxonomy.
    input.name = traditional(input.name);
    input.description = traditional(input.description ?? '');
    input.keywords = input.keywords?.map(traditional);
    if (input.specifications) input.specifications = traditional(input.specifications);
    if (input.features) input.features = traditional(input.features);
    if (input.manufacturer) input.manufacturer = traditional(input.manufacturer);
  }
  return input;
}

// The identifiers the catalogue service gives (resources.service identifierOf).
const KIND_PREFIX: Record<string, string> = { instrument: 'INS', facility: 'FAC', compute: 'CMP', dataset: 'DAT', germplasm: 'GER' };
export const resourceIdentifier = (kind: string, jurisdiction: string, id: number) => `YRD-${KIND_PREFIX[kind] ?? 'RES'}-${jurisdiction}-${String(id).padStart(7, '0')}`;

interface PreparedResource {
  record: ResourceRecord;
  terms: Map<string, number>;
  docLen: number;
}

/**
 * The search terms of a record, exactly indexTerms(record) — computed as the sum of indexTerms
 * over each indexed field alone (indexTerms adds field-weighted token counts field by field), so
 * the fields that repeat across records (categories, city, manufacturer, model, keywords, …) are
 * segmented once per distinct text instead of once per record: folding (OpenCC) and jieba cost
 * ~0.1 ms per short text, most of a seed's time. `verify` checks the sum against indexTerms.
 */
class TermIndexer {
  private fields: string[] | null = null;
  private memo = new Map<string, Map<string, number>>();

  terms(record: ResourceRecord): Map<string, number> {
    // The indexed fields, found by probing indexTerms with each column alone.
    this.fields ??= Object.keys(record).filter((k) => indexTerms({ [k]: 'probe' } as any).size > 0);
    const out = new Map<string, number>();
    for (const field of this.fields) {
      const text = (record as Record<string, unknown>)[field];
      if (typeof text !== 'string' || !text) continue;
      const key = field + '\u0000' + text;
      let tf = this.memo.get(key);
      if (!tf) {
        tf = indexTerms({ [field]: text } as any);
        if (this.memo.size >= 200_000) this.memo.clear();
        this.memo.set(key, tf);
      }
      for (const [t, n] of tf) out.set(t, (out.get(t) ?? 0) + n);
    }
    return out;
  }

  /** Throws unless the terms equal indexTerms(record), the catalogue service's own computation. */
  verify(record: ResourceRecord, terms: Map<string, number>): void {
    const expected = indexTerms(record as any);
    const same = expected.size === terms.size && [...expected].every(([t, n]) => terms.get(t) === n);
    if (!same) throw new Error(`seed: the search terms of "${record.name}" differ from indexTerms(): the per-field sum no longer matches the service`);
  }
}

/** The record and search terms insertResourceRow would write for the input. */
function prepare(indexer: TermIndexer, input: ResourceInput, jurisdiction: string, today: string, verify: boolean): PreparedResource {
  const record = toRecord(input, jurisdiction, today);
  const terms = indexer.terms(record);
  if (verify) indexer.verify(record, terms);
  let docLen = 0;
  for (const tf of terms.values()) docLen += tf;
  return { record, terms, docLen };
}

/** Synthetic organisations (this and earlier runs) and the demo ones that can own resources. */
async function resourceOwners(deps: Deps): Promise<{ synthetic: ScaleOwner[]; demo: ScaleOwner[] }> {
  const { db } = deps.db;
  const orgs = await db
    .selectFrom('organizations')
    .select(['id', 'jurisdiction_code', 'city'])
    .where('type', 'in', ['enterprise', 'university', 'research_institute', 'service_institution'])
    .where('status', '=', 'active')
    .where('name_folded', 'like', '%示例%')
    .orderBy('id')
    .execute();
  const members = await db.selectFrom('users').select(['id', 'organization_id']).where('username', 'like', `${SCALE_USER_PREFIX}%`).where('role', '=', 'member').execute();
  const memberOf = new Map(members.map((m) => [Number(m.organization_id), Number(m.id)]));
  const synthetic: ScaleOwner[] = [];
  const demo: ScaleOwner[] = [];
  for (const o of orgs) {
    const member = memberOf.get(Number(o.id)) ?? null;
    (member === null ? demo : synthetic).push({ id: Number(o.id), jurisdiction: o.jurisdiction_code, city: o.city, memberUserId: member });
  }
  return { synthetic, demo };
}

/**
 * Ids for n new resources, allocated the way an INSERT would: PostgreSQL hands out values of the
 * column's identity sequence (safe against concurrent writers); SQLite has one writer, and the
 * caller's transaction has already written (so holds the write lock): the next ids after the
 * highest ever used.
 */
async function allocateResourceIds(deps: Deps, trx: Transaction<Database>, n: number): Promise<number[]> {
  if (deps.db.helpers.engine === 'postgres') {
    const { rows } = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('resources', 'id')) as id from generate_series(1, ${n})`.execute(trx);
    return rows.map((x) => Number(x.id)).sort((a, b) => a - b);
  }
  const { rows } = await sql<{ last: number }>`select max(
      coalesce((select seq from sqlite_sequence where name = 'resources'), 0),
      coalesce((select max(id) from resources), 0)) as last`.execute(trx);
  const last = Number(rows[0].last);
  return Array.from({ length: n }, (_, k) => last + 1 + k);
}

export interface ScaleProgress {
  phase: 'organizations' | 'resources';
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ScaleOptions {
  /** Synthetic organisations, each with one member account. */
  count: number;
  /** Synthetic resources (default: count). */
  resources?: number;
  /** Rows per multi-row INSERT (default 500). */
  batchSize?: number;
  /** Batches per transaction (default 10). */
  batchesPerTransaction?: number;
  onProgress?: (p: ScaleProgress) => void;
}

export interface ScaleResult {
  organizations: number;
  users: number;
  firstUsername: string | null;
  lastUsername: string | null;
  resources: number;
  firstResourceId: number | null;
  lastResourceId: number | null;
  /** Rows written to resource_terms. */
  terms: number;
  auditSeq: number;
  organizationsMs: number;
  resourcesMs: number;
  /** ANALYZE (PostgreSQL: VACUUM ANALYZE) of the tables filled, so the planners see their new sizes. */
  analyzeMs: number;
  elapsedMs: number;
}

/** The highest account number a previous run used (0 if none). */
async function lastScaleNumber(deps: Deps): Promise<number> {
  // Longest name first, then the highest: the natural order of scale-u<n>.
  const rows = await deps.db.db
    .selectFrom('users')
    .select('username')
    .where('username', 'like', `${SCALE_USER_PREFIX}%`)
    .orderBy((eb) => eb.fn('length', ['username']), 'desc')
    .orderBy('username', 'desc')
    .limit(100)
    .execute();
  for (const r of rows) {
    const digits = r.username.slice(SCALE_USER_PREFIX.length);
    // Skips any scale-u… account someone made by hand.
    if (/^[0-9]{1,12}$/.test(digits)) return Number(digits);
  }
  return 0;
}

/** Moves the codes of the batch that are already stored (by anything) to an unused serial. */
async function avoidTakenCodes(trx: Transaction<Database>, batch: ScaleOrg[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const taken = await trx
      .selectFrom('organizations')
      .select('uscc')
      .where(
        'uscc',
        'in',
        batch.map((b) => b.org.uscc),
      )
      .execute();
    if (taken.length === 0) return;
    const set = new Set(taken.map((t) => t.uscc));
    for (const b of batch) {
      if (set.has(b.org.uscc)) b.org.uscc = makeUscc(b.division, SERIAL_BASE + b.n + attempt * SERIAL_RETRY_STEP, b.authority, b.kind);
    }
  }
}

/** Records per transaction chunk whose terms are checked against indexTerms() directly. */
const VERIFY_PER_CHUNK = 25;

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

export async function seedScale(deps: Deps, opts: ScaleOptions): Promise<ScaleResult> {
  const total = opts.count;
  const resourceTotal = opts.resources ?? total;
  if (!isCount(total)) throw new Error(`the scale must be a non-negative integer, got ${total}`);
  if (!isCount(resourceTotal)) throw new Error(`the resource count must be a non-negative integer, got ${resourceTotal}`);
  if (total === 0 && resourceTotal === 0) throw new Error('nothing to add: both the scale and the resource count are 0');
  const batchSize = opts.batchSize ?? 500;
  const perTx = batchSize * (opts.batchesPerTransaction ?? 10);
  const started = performance.now();
  const nowIso = deps.clock.now().toISOString();
  const today = nowIso.slice(0, 10);
  const first = (await lastScaleNumber(deps)) + 1;

  // ---- organisations and their members
  let done = 0;
  if (total > 0) {
    // One hash for every synthetic account (argon2 is deliberately slow): the demo password, so
    // a benchmark can sign in as any scale-u<n>.
    const passwordHash = await hashPassword(deps.config.demoPassword);
    while (done < total) {
      const chunkEnd = Math.min(total, done + perTx);
      await inTransaction(deps, async (trx) => {
        for (let start = done; start < chunkEnd; start += batchSize) {
          const end = Math.min(chunkEnd, start + batchSize);
          const batch: ScaleOrg[] = [];
          for (let i = start; i < end; i++) batch.push(scaleOrg(first + i, i));
          await avoidTakenCodes(trx, batch);
          const inserted = await trx
            .insertInto('organizations')
            .values(batch.map((b) => ({ ...b.org, created_at: nowIso, updated_at: nowIso })))
            .returning(['id', 'uscc'])
            .execute();
          // RETURNING order is not guaranteed (SQLite says so): match rows by their unique code.
          const idByUscc = new Map(inserted.map((r) => [r.uscc, Number(r.id)]));
          await trx
            .insertInto('users')
            .values(
              batch.map((b) => ({
                ...b.user,
                organization_id: idByUscc.get(b.org.uscc)!,
                password_hash: passwordHash,
                created_at: nowIso,
                updated_at: nowIso,
              })),
            )
            .execute();
        }
      });
      done = chunkEnd;
      opts.onProgress?.({ phase: 'organizations', done, total, elapsedMs: performance.now() - started });
    }
  }
  const organizationsMs = performance.now() - started;

  // ---- resources, with their search terms: the rows insertResourceRow writes, in bulk
  let firstResourceId: number | null = null;
  let lastResourceId: number | null = null;
  let termRows = 0;
  if (resourceTotal > 0) {
    const owners = await resourceOwners(deps);
    if (owners.synthetic.length + owners.demo.length === 0) throw new Error('no organisation can own the synthetic resources: seed the demo or add organisations first (--scale)');
    // Mostly the synthetic organisations; a few percent go to the demo ones.
    const ownerOf = (i: number): ScaleOwner => {
      const r = rng(resourceSeed(first, i) ^ 0x0e0e);
      const fromDemo = owners.demo.length > 0 && (owners.synthetic.length === 0 || r() < 0.03);
      return pick(r, fromDemo ? owners.demo : owners.synthetic);
    };
    const indexer = new TermIndexer();
    // Records of [start, end) with their terms, computed in slices that yield to the event loop,
    // so on PostgreSQL the next chunk is prepared while the database writes the current one.
    const prepareChunk = async (start: number, end: number) => {
      const prepared: PreparedResource[] = [];
      let docs = 0;
      let len = 0;
      for (let i = start; i < end; i++) {
        const owner = ownerOf(i);
        // The first records of every chunk are checked against indexTerms() itself.
        const p = prepare(indexer, scaleResource(first, i, owner, today), owner.jurisdiction, today, i - start < VERIFY_PER_CHUNK);
        prepared.push(p);
        if (p.record.status === 'published') {
          docs++;
          len += p.docLen;
        }
        if ((i - start) % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
      }
      return { prepared, docs, len, end };
    };
    const writeChunk = ({ prepared, docs, len }: Awaited<ReturnType<typeof prepareChunk>>) =>
      inTransaction(deps, async (trx) => {
        // Written first, so on SQLite the write lock is held (at the latest from here on: one
        // writer at a time) before the ids are chosen.
        await trx
          .updateTable('search_stats')
          .set((eb) => ({ docs: eb('docs', '+', docs), total_len: eb('total_len', '+', len) }))
          .where('scope', '=', 'resources')
          .execute();
        const ids = await allocateResourceIds(deps, trx, prepared.length);
        // Postings grouped by term (ids ascending within each), written in primary-key order:
        // each insert then touches neighbouring index pages instead of random ones.
        const postings = new Map<string, Array<{ term: string; resource_id: number; tf: number }>>();
        for (let start = 0; start < prepared.length; start += batchSize) {
          const rows = [];
          for (let k = start; k < Math.min(prepared.length, start + batchSize); k++) {
            const { record, terms: tf, docLen } = prepared[k];
            const id = ids[k];
            rows.push({ ...record, id, identifier: resourceIdentifier(record.kind, record.jurisdiction_code, id), doc_len: docLen, created_at: nowIso, updated_at: nowIso });
            for (const [term, n] of tf) {
              const list = postings.get(term);
              if (list) list.push({ term, resource_id: id, tf: n });
              else postings.set(term, [{ term, resource_id: id, tf: n }]);
            }
          }
          await trx.insertInto('resources').values(rows).execute();
        }
        const terms = [...postings.keys()].sort().flatMap((t) => postings.get(t)!);
        await insertTermsBulk(trx, terms);
        termRows += terms.length;
        firstResourceId = Math.min(firstResourceId ?? ids[0], ids[0]);
        lastResourceId = Math.max(lastResourceId ?? 0, ids[ids.length - 1]);
      });

    // SQLite's default page cache (2 MB) thrashes once the term index outgrows it: a larger one
    // for this connection while the seed runs (restored after).
    const sqlite = deps.db.helpers.engine === 'sqlite';
    const cacheSize = sqlite ? Number((await sql<{ cache_size: number }>`pragma cache_size`.execute(deps.db.db)).rows[0]?.cache_size ?? -2000) : null;
    if (cacheSize !== null) await sql`pragma cache_size = -262144`.execute(deps.db.db);
    const resourcesStarted = performance.now();
    try {
      // A failure of the chunk being prepared surfaces when it is awaited, not as an unhandled
      // rejection while the previous chunk is still being written.
      const prepareNext = (start: number) => {
        const p = prepareChunk(start, Math.min(resourceTotal, start + perTx));
        p.catch(() => undefined);
        return p;
      };
      let next: ReturnType<typeof prepareChunk> | null = prepareNext(0);
      while (next) {
        const chunk: Awaited<ReturnType<typeof prepareChunk>> = await next;
        next = chunk.end < resourceTotal ? prepareNext(chunk.end) : null;
        await writeChunk(chunk);
        opts.onProgress?.({ phase: 'resources', done: chunk.end, total: resourceTotal, elapsedMs: performance.now() - resourcesStarted });
      }
    } finally {
      if (cacheSize !== null) await sql.raw(`pragma cache_size = ${cacheSize}`).execute(deps.db.db);
    }
  }
  const resourcesMs = performance.now() - started - organizationsMs;

  // A bulk load leaves the query planners without statistics on the tables it filled (SQLite has
  // none until ANALYZE; PostgreSQL's autovacuum gathers them only later), and without them both
  // plan the catalogue search badly: gather them now (and on PostgreSQL VACUUM, so the search's
  // index-only scans need not visit the tables).
  const analyzeStarted = performance.now();
  await deps.db.helpers.maintenance.afterBulkLoad(deps.db.db, ['organizations', 'users', ...(resourceTotal > 0 ? ['resources', 'resource_terms'] : [])]);
  const analyzeMs = performance.now() - analyzeStarted;

  // One audit entry for the whole run.
  const auditSeq = await inTransaction(deps, (trx) =>
    recordAudit(trx, deps.db.helpers, nowIso, {
      actor: null,
      action: 'seed.scale',
      entityType: 'platform',
      entityId: null,
      jurisdictionCode: null,
      change: { organizations: total, users: total, resources: resourceTotal, resourceIds: resourceTotal ? [firstResourceId, lastResourceId] : null },
    }),
  );
  return {
    organizations: total,
    users: total,
    firstUsername: total ? `${SCALE_USER_PREFIX}${first}` : null,
    lastUsername: total ? `${SCALE_USER_PREFIX}${first + total - 1}` : null,
    resources: resourceTotal,
    firstResourceId,
    lastResourceId,
    terms: termRows,
    auditSeq,
    organizationsMs,
    resourcesMs,
    analyzeMs,
    elapsedMs: performance.now() - started,
  };
}
