// Synthetic organisations for benchmarks: clearly fictional (every name carries 示例), spread over
// the four jurisdictions and all six organisation types, one member account each (scale-u<n>).
// Deterministic per account number; re-runnable (each run continues the numbering), inserted in
// multi-row batches inside a few large transactions so 100 000 rows take seconds.
import type { Transaction } from 'kysely';
import type { Database, NewOrganization, NewUser } from '../../db/types';
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { hashPassword } from '../../platform/passwords';
import { makeUscc } from '../../platform/uscc';
import { fold } from '../../platform/text';
import { JURISDICTION_CODES, type OrgType } from '../../platform/access';
import { pick, rng } from './random';
import { writeInChunks, type ScaleProgress } from './run';
import * as repo from './scale.repository';

export const SCALE_USER_PREFIX = 'scale-u';

/**
 * Serials of synthetic USCCs start here. The demo uses serials around 1 000 000; each scale
 * account number n gets serial BASE + n, so runs never collide with the demo or each other
 * (and a clash with any other stored code is detected per batch and skipped over).
 */
const SERIAL_BASE = 900_000_000;
/** Added to a serial when its code is already taken (31^9 ≈ 2.6e13 serials fit in nine characters). */
const SERIAL_RETRY_STEP = 1_000_000_000_000;

export interface City {
  /** What the organisation's name says (上海 or a district of it, else the city). */
  label: string;
  /** The organisations.city column. */
  city: string;
  /** GB/T 2260 code of the city (or Shanghai district), the USCC's registration division. */
  division: string;
}

export const SHANGHAI_DISTRICTS: Array<[string, string]> = [
  ['黄浦', '310101'],
  ['徐汇', '310104'],
  ['长宁', '310105'],
  ['静安', '310106'],
  ['普陀', '310107'],
  ['虹口', '310109'],
  ['杨浦', '310110'],
  ['闵行', '310112'],
  ['宝山', '310113'],
  ['嘉定', '310114'],
  ['浦东', '310115'],
  ['金山', '310116'],
  ['松江', '310117'],
  ['青浦', '310118'],
  ['奉贤', '310120'],
  ['崇明', '310151'],
];

const PROVINCE_CITIES: Record<string, Array<[string, string]>> = {
  '320000': [
    ['南京', '320100'],
    ['无锡', '320200'],
    ['徐州', '320300'],
    ['常州', '320400'],
    ['苏州', '320500'],
    ['南通', '320600'],
    ['连云港', '320700'],
    ['淮安', '320800'],
    ['盐城', '320900'],
    ['扬州', '321000'],
    ['镇江', '321100'],
    ['泰州', '321200'],
    ['宿迁', '321300'],
  ],
  '330000': [
    ['杭州', '330100'],
    ['宁波', '330200'],
    ['温州', '330300'],
    ['嘉兴', '330400'],
    ['湖州', '330500'],
    ['绍兴', '330600'],
    ['金华', '330700'],
    ['衢州', '330800'],
    ['舟山', '330900'],
    ['台州', '331000'],
    ['丽水', '331100'],
  ],
  '340000': [
    ['合肥', '340100'],
    ['芜湖', '340200'],
    ['蚌埠', '340300'],
    ['淮南', '340400'],
    ['马鞍山', '340500'],
    ['淮北', '340600'],
    ['铜陵', '340700'],
    ['安庆', '340800'],
    ['黄山', '341000'],
    ['滁州', '341100'],
    ['阜阳', '341200'],
    ['宿州', '341300'],
    ['六安', '341500'],
    ['亳州', '341600'],
    ['池州', '341700'],
    ['宣城', '341800'],
  ],
};

export const CITIES: Record<string, City[]> = {
  '310000': SHANGHAI_DISTRICTS.flatMap(([d, code]) => [
    { label: '上海', city: '上海', division: code },
    { label: d, city: '上海', division: code },
  ]),
  ...Object.fromEntries(Object.entries(PROVINCE_CITIES).map(([j, list]) => [j, list.map(([c, code]) => ({ label: c, city: c, division: code }))])),
};

const FIELDS = [
  '精密仪器',
  '生物医药',
  '集成电路',
  '新材料',
  '人工智能',
  '量子信息',
  '新能源',
  '智能制造',
  '工业软件',
  '高端装备',
  '医疗器械',
  '节能环保',
  '航空航天',
  '数字经济',
  '海洋科技',
  '现代农业',
];

export const BRANDS = [
  '华芯',
  '恒通',
  '瑞联',
  '启明',
  '博远',
  '天衡',
  '睿思',
  '卓越',
  '鼎新',
  '汇智',
  '远航',
  '星辰',
  '蓝海',
  '云帆',
  '同创',
  '长风',
  '锐泰',
  '联科',
  '金石',
  '光启',
  '海纳',
  '拓普',
  '新元',
  '安泰',
  '国芯',
  '智源',
  '华研',
  '泰和',
  '宏图',
  '九州',
  '青禾',
  '凌云',
  '合力',
  '精诚',
  '明德',
  '致远',
];

const SUFFIXES: Record<OrgType, string[]> = {
  enterprise: ['科技有限公司', '技术有限公司', '科技股份有限公司', '科技发展有限公司', '股份有限公司'],
  university: ['理工大学', '科技大学', '工业大学', '医科大学', '职业技术学院', '工程学院'],
  research_institute: ['研究院', '研究所', '创新研究院', '技术研究院', '重点实验室', '产业技术研究院'],
  service_institution: ['检测中心', '技术转移中心', '公共服务平台', '知识产权服务中心', '孵化器有限公司', '检验检测认证有限公司'],
  government_department: ['科学技术局', '经济和信息化局', '发展和改革委员会', '知识产权局', '市场监督管理局', '数据局'],
  financial_institution: ['科技银行', '创业投资有限公司', '融资担保有限公司', '科技小额贷款有限公司', '产业投资基金管理有限公司', '科技保险股份有限公司'],
};

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];

// Type of the i-th organisation of a run: the first six slots cover every type (so even a tiny
// run has them all), then enterprises dominate as they do in reality (11 of 20).
const TYPE_CYCLE: OrgType[] = [
  'enterprise',
  'university',
  'research_institute',
  'service_institution',
  'government_department',
  'financial_institution',
  'enterprise',
  'enterprise',
  'research_institute',
  'enterprise',
  'service_institution',
  'enterprise',
  'enterprise',
  'financial_institution',
  'enterprise',
  'enterprise',
  'research_institute',
  'enterprise',
  'service_institution',
  'enterprise',
];

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
  const city = pick(r, CITIES[jurisdiction]);
  const field = pick(r, FIELDS);
  const brand = pick(r, BRANDS);
  const suffix = pick(r, SUFFIXES[type]);
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
      display_name: `${pick(r, SURNAMES)}示例${n}`,
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

// ---- writing

/** The highest account number a previous run used (0 if none). */
export async function lastScaleNumber(deps: Deps): Promise<number> {
  for (const r of await repo.usernamesByNumber(deps.db.db, SCALE_USER_PREFIX, 100)) {
    const digits = r.username.slice(SCALE_USER_PREFIX.length);
    // Skips any scale-u… account someone made by hand.
    if (/^[0-9]{1,12}$/.test(digits)) return Number(digits);
  }
  return 0;
}

/** Moves the codes of the batch that are already stored (by anything) to an unused serial. */
async function avoidTakenCodes(trx: Transaction<Database>, batch: ScaleOrg[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const taken = await repo.takenUsccs(
      trx,
      batch.map((b) => b.org.uscc),
    );
    if (taken.length === 0) return;
    const set = new Set(taken);
    for (const b of batch) {
      if (set.has(b.org.uscc)) b.org.uscc = makeUscc(b.division, SERIAL_BASE + b.n + attempt * SERIAL_RETRY_STEP, b.authority, b.kind);
    }
  }
}

export interface OrganizationsRun {
  /** Account number of the run's first organisation (lastScaleNumber() + 1). */
  first: number;
  count: number;
  /** Rows per multi-row INSERT. */
  batchSize: number;
  /** Rows per transaction. */
  perTransaction: number;
  nowIso: string;
  /** When the run started (performance.now()): progress counts from there. */
  started: number;
  onProgress?: (p: ScaleProgress) => void;
}

/** Writes the run's organisations and their members, a transaction per chunk of rows. */
export async function writeOrganizations(deps: Deps, run: OrganizationsRun): Promise<void> {
  const { first, count, batchSize, nowIso } = run;
  // One hash for every synthetic account (argon2 is deliberately slow): the demo password, so
  // a benchmark can sign in as any scale-u<n>.
  const passwordHash = await hashPassword(deps.config.demoPassword);
  // A chunk's records, generated while the previous chunk is written.
  const prepare = async (start: number, end: number) => {
    const orgs: ScaleOrg[] = [];
    for (let i = start; i < end; i++) orgs.push(scaleOrg(first + i, i));
    return { orgs, end };
  };
  await writeInChunks(count, run.perTransaction, prepare, async ({ orgs, end }) => {
    await inTransaction(deps, async (trx) => {
      for (let k = 0; k < orgs.length; k += batchSize) {
        const batch = orgs.slice(k, k + batchSize);
        await avoidTakenCodes(trx, batch);
        const inserted = await repo.insertOrganizations(
          trx,
          batch.map((b) => ({ ...b.org, created_at: nowIso, updated_at: nowIso })),
        );
        // RETURNING order is not guaranteed (SQLite says so): match rows by their unique code.
        const idByUscc = new Map(inserted.map((r) => [r.uscc, Number(r.id)]));
        await repo.insertUsers(
          trx,
          batch.map((b) => ({
            ...b.user,
            organization_id: idByUscc.get(b.org.uscc)!,
            password_hash: passwordHash,
            created_at: nowIso,
            updated_at: nowIso,
          })),
        );
      }
    });
    run.onProgress?.({ phase: 'organizations', done: end, total: count, elapsedMs: performance.now() - run.started });
  });
}
