// Synthetic shared resources for benchmarks, owned by the synthetic organisations and the demo
// ones: mostly large instruments, with facilities, compute, data sets and germplasm, about one in
// ten written in traditional characters. Deterministic per run and index, inserted in multi-row
// batches a transaction per chunk, with the search terms the catalogue service computes (a
// minute or two for 100 000).
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { indexTerms, toRecord, type ResourceInput, type ResourceRecord, type ServiceItem, type ServiceMode } from '../../modules/resources/resources.service';
import { insertTermsBulk } from '../../modules/resources/resources.repository';
import type { OpeningHours } from '../../platform/schedule';
import { between, dateBetween, logBetween, pick, rng, shuffledTake, traditional, weighted } from './random';
import { BRANDS, CITIES, SCALE_USER_PREFIX, SHANGHAI_DISTRICTS } from './organizations';
import { COMPUTE, COMPUTE_ADJECTIVES, COMPUTE_FIELDS, DATASETS, FACILITIES, GERMPLASM, INSTRUMENTS } from './resource-types';
import { withPageCache, writeInChunks, type ScaleProgress } from './run';
import * as repo from './scale.repository';

/** An organisation that can own synthetic resources, with its member (the usual manager). */
export interface ScaleOwner {
  id: number;
  jurisdiction: string;
  city: string | null;
  /** The scale-u<n> member of a synthetic organisation; null for the demo organisations. */
  memberUserId: number | null;
}

const yuan = (n: number) => Math.round(n * 100);

const MANUFACTURER_SUFFIXES = ['仪器有限公司', '科学仪器股份有限公司', '精密仪器有限公司', '分析仪器有限公司', '光电技术有限公司'];
const ORIGINS: Array<[string, number]> = [
  ['中国', 40],
  ['美国', 20],
  ['德国', 14],
  ['日本', 14],
  ['瑞士', 5],
  ['英国', 3],
  ['荷兰', 2],
  ['捷克', 2],
];
const MODE_LABEL: Record<ServiceMode, string> = { assisted: '机时服务', self_operation: '自主上机（须培训授权）', sample_submission: '送样检测' };
const MODEL_PREFIXES = ['YX', 'HF', 'QT', 'SE', 'TX', 'NM', 'JC', 'ZK', 'HR', 'GX'];
const ROADS = ['科技', '创新', '学府', '金桥', '星湖', '青年', '高新', '长江', '人民', '东方'];

const ALL_DAY: Array<[string, string]> = [['00:00', '24:00']];
const OPEN_24_7: OpeningHours = { sun: ALL_DAY, mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY };
const EXTENDED: Array<[string, string]> = [
  ['08:00', '12:00'],
  ['13:00', '22:00'],
];
const OPEN_EXTENDED: OpeningHours = { sun: [], mon: EXTENDED, tue: EXTENDED, wed: EXTENDED, thu: EXTENDED, fri: EXTENDED, sat: [['09:00', '17:00']] };

const KIND_WEIGHTS: Array<[string, number]> = [
  ['instrument', 72],
  ['facility', 7],
  ['compute', 7],
  ['dataset', 8],
  ['germplasm', 6],
];

/** The seed of the PRNG of the i-th resource of the run whose first account number is `run`. */
export const resourceSeed = (run: number, i: number) => Math.imul(run, 0x9e3779b1) ^ Math.imul(i + 1, 2654435761) ^ 0x7e5;

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
  const status = weighted(r, [
    ['published', 97],
    ['draft', 2],
    ['retired', 1],
  ] as const);
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
    const name = style < 0.55 ? `示例${adjective}${t.name}` : style < 0.8 ? `示例${adjective}${t.name}（${fields[0]}测试平台）` : `示例${t.name}（${model}）`;
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
      rules: {
        slotMinutes: 60,
        minMinutes: 120,
        maxMinutes: 8 * 60,
        maxAdvanceDays: 180,
        leadMinutes: { self_operation: 1440, sample_submission: 1440, assisted: 7 * 1440 },
      },
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
      rules: {
        slotMinutes: 60,
        minMinutes: 60,
        maxMinutes: 72 * 60,
        maxAdvanceDays: 30,
        leadMinutes: { self_operation: 0, sample_submission: 0, assisted: 60 },
      },
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
export const resourceIdentifier = (kind: string, jurisdiction: string, id: number) =>
  `YRD-${KIND_PREFIX[kind] ?? 'RES'}-${jurisdiction}-${String(id).padStart(7, '0')}`;

export interface PreparedResource {
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
export class ResourceTermIndexer {
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
export function prepareResource(indexer: ResourceTermIndexer, input: ResourceInput, jurisdiction: string, today: string, verify: boolean): PreparedResource {
  const record = toRecord(input, jurisdiction, today);
  const terms = indexer.terms(record);
  if (verify) indexer.verify(record, terms);
  let docLen = 0;
  for (const tf of terms.values()) docLen += tf;
  return { record, terms, docLen };
}

// ---- writing

/** Synthetic organisations (this and earlier runs) and the demo ones that can own resources. */
async function resourceOwners(deps: Deps): Promise<{ synthetic: ScaleOwner[]; demo: ScaleOwner[] }> {
  const { db } = deps.db;
  const orgs = await repo.resourceOwnerCandidates(db);
  const members = await repo.membersByPrefix(db, SCALE_USER_PREFIX);
  const memberOf = new Map(members.map((m) => [Number(m.organization_id), Number(m.id)]));
  const synthetic: ScaleOwner[] = [];
  const demo: ScaleOwner[] = [];
  for (const o of orgs) {
    const member = memberOf.get(Number(o.id)) ?? null;
    (member === null ? demo : synthetic).push({ id: Number(o.id), jurisdiction: o.jurisdiction_code, city: o.city, memberUserId: member });
  }
  return { synthetic, demo };
}

/** The owner of the i-th resource of the run: mostly the synthetic organisations; a few percent go to the demo ones. */
export function resourceOwner(run: number, i: number, owners: { synthetic: ScaleOwner[]; demo: ScaleOwner[] }): ScaleOwner {
  const r = rng(resourceSeed(run, i) ^ 0x0e0e);
  const fromDemo = owners.demo.length > 0 && (owners.synthetic.length === 0 || r() < 0.03);
  return pick(r, fromDemo ? owners.demo : owners.synthetic);
}

/** Records per transaction chunk whose terms are checked against indexTerms() directly. */
const VERIFY_PER_CHUNK = 25;

export interface ResourcesRun {
  /** The run's number (its first account number): seeds every record's PRNG. */
  first: number;
  count: number;
  /** Rows per multi-row INSERT. */
  batchSize: number;
  /** Rows per transaction. */
  perTransaction: number;
  nowIso: string;
  onProgress?: (p: ScaleProgress) => void;
}

/** Writes the run's resources with their search terms: the rows insertResourceRow writes, in bulk. */
export async function writeResources(deps: Deps, run: ResourcesRun): Promise<{ firstId: number | null; lastId: number | null; terms: number }> {
  const { first, count, batchSize, nowIso } = run;
  const today = nowIso.slice(0, 10);
  let firstId: number | null = null;
  let lastId: number | null = null;
  let termRows = 0;
  const owners = await resourceOwners(deps);
  if (owners.synthetic.length + owners.demo.length === 0)
    throw new Error('no organisation can own the synthetic resources: seed the demo or add organisations first (--scale)');
  const indexer = new ResourceTermIndexer();
  // Records of [start, end) with their terms, computed in slices that yield to the event loop,
  // so on PostgreSQL the next chunk is prepared while the database writes the current one.
  const prepareChunk = async (start: number, end: number) => {
    const prepared: PreparedResource[] = [];
    let docs = 0;
    let len = 0;
    for (let i = start; i < end; i++) {
      const owner = resourceOwner(first, i, owners);
      // The first records of every chunk are checked against indexTerms() itself.
      const p = prepareResource(indexer, scaleResource(first, i, owner, today), owner.jurisdiction, today, i - start < VERIFY_PER_CHUNK);
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
      await repo.addResourceCorpus(trx, docs, len);
      const ids = await repo.allocateIds(trx, deps.db.helpers, 'resources', prepared.length);
      // Postings grouped by term (ids ascending within each), written in primary-key order:
      // each insert then touches neighbouring index pages instead of random ones.
      const postings = new Map<string, Array<{ term: string; resource_id: number; tf: number }>>();
      for (let start = 0; start < prepared.length; start += batchSize) {
        const rows = [];
        for (let k = start; k < Math.min(prepared.length, start + batchSize); k++) {
          const { record, terms: tf, docLen } = prepared[k];
          const id = ids[k];
          rows.push({
            ...record,
            id,
            identifier: resourceIdentifier(record.kind, record.jurisdiction_code, id),
            doc_len: docLen,
            created_at: nowIso,
            updated_at: nowIso,
          });
          for (const [term, n] of tf) {
            const list = postings.get(term);
            if (list) list.push({ term, resource_id: id, tf: n });
            else postings.set(term, [{ term, resource_id: id, tf: n }]);
          }
        }
        await repo.insertResources(trx, rows);
      }
      const terms = [...postings.keys()].sort().flatMap((t) => postings.get(t)!);
      await insertTermsBulk(trx, terms);
      termRows += terms.length;
      firstId = Math.min(firstId ?? ids[0], ids[0]);
      lastId = Math.max(lastId ?? 0, ids[ids.length - 1]);
    });

  // SQLite's default page cache (2 MB) thrashes once the term index outgrows it: a larger one
  // for this connection while the seed runs (restored after).
  await withPageCache(deps, -262144, async () => {
    const resourcesStarted = performance.now();
    await writeInChunks(count, run.perTransaction, prepareChunk, async (chunk) => {
      await writeChunk(chunk);
      run.onProgress?.({ phase: 'resources', done: chunk.end, total: count, elapsedMs: performance.now() - resourcesStarted });
    });
  });
  return { firstId, lastId, terms: termRows };
}
