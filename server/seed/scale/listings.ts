// Synthetic listings of the technology market for benchmarks (npm run seed -- --scale N, or
// --listings M): results (科技成果, ~55 %) and demands (技术需求, ~45 %) across fifteen technology
// areas, each with its own vocabulary — products and materials, methods, properties, applications
// and a long tail of specialist terms drawn by a Zipf law — so searches see a realistic spread of
// hit counts (a few specialist terms match dozens of listings, a product thousands, a generic
// word hundreds of thousands). Results carry valid CN application numbers (check character
// included) for patents, IPC symbols of their area, GB/T 13745 field codes, TRL, transfer modes
// and asking prices; demands a budget and a deadline; about 3 % are written in traditional
// characters and 2 % are withdrawn. Every listing is imported from the market "scale" with an
// external id scale-000000001, … (re-runs continue the numbering).
//
// The search postings are exactly what the module's own indexTerms() computes, but segmenting a
// million texts with jieba would take most of ten minutes: the indexer below cuts every indexed
// field at punctuation and spaces (where jieba always cuts too), segments each distinct piece
// once, and unites the pieces' tokens; the first records of every chunk are checked against
// indexTerms() itself, and a unit test checks a sample.
//
// Writing: on a fresh or small database (bulk mode) everything is one transaction — listings in
// multi-row INSERTs chunk by chunk, then all postings at the end in primary-key order (term, kind,
// listing_id), appended rather than inserted all over the key, while the secondary index on
// listing_id is dropped and rebuilt in one sort; SQLite takes 2 000-row INSERTs through the
// connection's statement cache, PostgreSQL 20 000-row INSERT … SELECT FROM unnest(arrays). On a
// database already larger than the load, one transaction per chunk instead. Then the planners'
// statistics are refreshed (afterBulkLoad). A million listings (~60 million postings): about 8
// minutes on SQLite and 11 on PostgreSQL on the 2-core benchmark machine under load.
import type { Insertable, Transaction } from 'kysely';
import type { Database, ListingTable } from '../../db/types';
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { makeApplicationNumber, type PatentType } from '../../platform/patent';
import { impact } from '../../platform/search/bm25';
import { indexTerms, validate, type ListingInput } from '../../modules/transfer/listings.service';
import { POSTING_KIND, STATS_SCOPE, adjustDocumentFrequencies } from '../../modules/transfer/listings.repository';
import { distinct, logBetween, pick, rng, traditional, weighted, zipf } from './random';
import { BRANDS as ORGANIZATION_BRANDS, SURNAMES } from './organizations';
import { AREAS } from './listing-areas';
import { finishBulkLoad, withPageCache, writeInChunks } from './run';
import * as repo from './scale.repository';

export { AREAS, type Area } from './listing-areas';

export const SCALE_LISTING_SOURCE = 'scale';
const EXTERNAL_PREFIX = 'scale-';

// Words every area shares: the commonest terms of the corpus.
const VERBS = ['检测', '制备', '控制', '优化', '设计', '识别', '评估', '监测'];
const ADJECTIVES = ['高性能', '低成本', '长寿命', '高精度', '智能', '绿色', '高效', '轻量化', '国产化', '模块化'];
const SYSTEMS = ['系统', '装置', '平台', '模块', '工艺', '软件', '设备', '方法'];
const PAINS = ['成本高', '效率低', '稳定性差', '能耗大', '寿命短', '依赖进口', '精度不足', '工艺复杂', '良率偏低'];
const STAGES = ['实验室小试', '中试验证', '工程化验证', '样机研制', '小批量试产', '示范应用', '产业化推广'];
const PERCENTS = [10, 15, 20, 25, 30, 40, 50];
const RESULT_TYPES_DEFAULT: ReadonlyArray<readonly [string, number]> = [
  ['invention', 62],
  ['utility_model', 20],
  ['software', 8],
  ['know_how', 8],
  ['design', 2],
];

// Owners: universities and institutes offer most results, enterprises post demands.
const CITIES: Record<string, readonly string[]> = {
  '310000': ['上海', '浦东', '闵行', '嘉定', '松江', '徐汇', '杨浦', '临港'],
  '320000': ['南京', '苏州', '无锡', '常州', '南通', '扬州', '徐州', '镇江', '泰州'],
  '330000': ['杭州', '宁波', '嘉兴', '湖州', '绍兴', '温州', '金华', '台州'],
  '340000': ['合肥', '芜湖', '蚌埠', '马鞍山', '滁州', '安庆', '铜陵'],
};
// The synthetic organisations' brands, the first 32 (the generated listings depend on the count).
const BRANDS = ORGANIZATION_BRANDS.slice(0, 32);
const COMPANY_SUFFIXES = ['科技有限公司', '技术有限公司', '科技股份有限公司', '股份有限公司', '新材料有限公司', '智能科技有限公司'];
const UNIVERSITY_SUFFIXES = ['理工大学', '科技大学', '工业大学', '大学', '工程学院', '医科大学', '农业大学'];
const INSTITUTE_SUFFIXES = ['研究院', '研究所', '产业技术研究院', '创新研究院', '技术研究院'];
const GIVEN = ['伟', '芳', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '华', '建国', '晓东', '海燕'];

/** Product model codes (two letters, four digits: HX3207), one token each for jieba. */
export const MODEL_CODES = 5000;
export const modelCode = (k: number) => `${String.fromCharCode(65 + (k % 23))}${String.fromCharCode(65 + ((k * 7 + 3) % 26))}${1000 + ((k * 7919) % 9000)}`;

// ---- generation ----------------------------------------------------------------------------------

/** The import row of synthetic listing number n (1, 2, …), dated relative to `now`. */
export function scaleListing(
  n: number,
  now: Date,
): ListingInput & {
  kind: 'result' | 'demand';
  externalId: string;
  jurisdictionCode: string;
  ownerName: string;
  status: 'published' | 'withdrawn';
  publishedAt: string;
} {
  const r = rng(Math.imul(n, 2654435761) ^ 0x715e);
  const kind = r() < 0.55 ? 'result' : 'demand';
  // Areas are not equally busy: batteries, chips and AI lead, aerospace trails.
  const area = zipf(r, AREAS, 0.35);
  const jurisdictionCode = weighted(r, [
    ['310000', 30],
    ['320000', 32],
    ['330000', 24],
    ['340000', 14],
  ] as const);
  const city = pick(r, CITIES[jurisdictionCode]);
  const tr = r() < 0.03;
  const t = (s: string) => (tr ? traditional(s) : s);
  const o = zipf(r, area.objects, 0.8);
  const o2 = zipf(r, area.objects, 0.8);
  const m = pick(r, area.methods);
  const m2 = pick(r, area.methods);
  const p = pick(r, area.properties);
  const p2 = pick(r, area.properties);
  const a = pick(r, area.applications);
  const a2 = pick(r, area.applications);
  // A specialist term in about half of the listings (the Zipf tail makes the last ones rare).
  const rare = r() < 0.5 ? zipf(r, area.rare, 1.1) : null;
  const pct = pick(r, PERCENTS);
  const metrics = distinct(() => pick(r, area.metrics), 1 + Math.floor(r() * 3));
  const indicators = metrics.map(([name, cmp, values, unit]) => `${name} ${cmp} ${pick(r, values)}${unit ? ' ' + unit : ''}`).join('；');
  const daysAgo = Math.floor(r() * 1095);
  const published = new Date(now.getTime() - daysAgo * 86_400_000 - Math.floor(r() * 86_400_000));
  const publishedAt = published.toISOString();
  const status = r() < 0.02 ? ('withdrawn' as const) : ('published' as const);
  const fieldCount = 1 + Math.floor(r() * 2);
  const fields = distinct(() => (r() < 0.6 ? area.fields[0] : pick(r, area.fields)), fieldCount);
  const ipc = distinct(() => zipf(r, area.ipc, 0.7), 1 + Math.floor(r() * 3));
  // A few listings reach into a neighbouring area (batteries for vehicles, AI for manufacturing…).
  if (r() < 0.15) {
    const other = pick(r, AREAS);
    if (other !== area) ipc.push(pick(r, other.ipc));
  }
  const keywords = distinct(
    () => {
      const x = r();
      return x < 0.4
        ? zipf(r, area.objects, 0.8)
        : x < 0.65
          ? pick(r, area.methods)
          : x < 0.8
            ? pick(r, area.applications)
            : x < 0.9
              ? pick(r, area.properties)
              : zipf(r, area.rare, 1.1);
    },
    2 + Math.floor(r() * 4),
  );
  if (rare && r() < 0.5 && !keywords.includes(rare)) keywords.push(rare);
  // One listing in twenty names a product model: the rarest words of the corpus (about ten
  // listings each at a million).
  const model = r() < 0.05 ? modelCode(Math.floor(r() * MODEL_CODES)) : null;
  const externalId = `${EXTERNAL_PREFIX}${String(n).padStart(9, '0')}`;

  if (kind === 'result') {
    const verb = pick(r, VERBS);
    const title = pick(r, [
      () => `${o}及其制备方法`,
      () => `一种基于${m}的${o}${verb}方法`,
      () => `${pick(r, ADJECTIVES)}${o}${pick(r, SYSTEMS)}`,
      () => `${o}${p}提升关键技术`,
      () => `面向${a}的${o}${pick(r, SYSTEMS)}`,
      () => `${m}${o}成套技术`,
      () => (rare ? `基于${rare}的${o}` : `${o}${verb}${pick(r, SYSTEMS)}`),
    ])();
    const body = [
      pick(r, [`本成果针对${a}中${o}${p}不足的问题`, `针对现有${o}${pick(r, PAINS)}等问题`, `项目围绕${a}对${o}的需求`, `本项目面向${a}领域`]),
      pick(r, [`采用${m}${verb}${o}`, `提出了一种${m}与${m2}相结合的新方法`, `通过${m}实现${o}的${p}显著提升`, `研制了${pick(r, ADJECTIVES)}${o}`]),
      ...(rare ? [pick(r, [`突破了${rare}关键技术`, `利用${rare}解决了${p}瓶颈`, `形成了${rare}核心工艺`])] : []),
      pick(r, [`${p}提高${pct}%`, `${p}达到国际先进水平`, `成本降低${pct}%`, `${p2}优于同类产品`]),
      `已完成${pick(r, STAGES)}`,
      ...(model ? [`样机型号 ${model}`] : []),
      pick(r, [`可广泛应用于${a}、${a2}等领域`, `可用于${a}`, `适用于${a}和${o2}相关场景`]),
    ];
    const resultType = weighted(r, area.types ?? RESULT_TYPES_DEFAULT);
    const patent = resultType === 'invention' || resultType === 'utility_model' || resultType === 'design';
    const year = Math.max(2012, published.getUTCFullYear() - Math.floor(r() * 5));
    const ownerType = r();
    const ownerName =
      ownerType < 0.3
        ? `示例${city}${pick(r, UNIVERSITY_SUFFIXES)}`
        : ownerType < 0.5
          ? `示例${city}${area.industry}${pick(r, INSTITUTE_SUFFIXES)}`
          : `示例${city}${pick(r, BRANDS)}${area.industry}${pick(r, COMPANY_SUFFIXES)}`;
    const inventors = Array.from({ length: 1 + Math.floor(r() * 4) }, () => `${pick(r, SURNAMES)}${pick(r, GIVEN)}`);
    const jobRelated = ownerType < 0.5 ? r() < 0.9 : r() < 0.6;
    return {
      kind,
      externalId,
      jurisdictionCode,
      ownerName: t(ownerName),
      status,
      publishedAt,
      title: t(title),
      summary: t(body.join('，') + '。'),
      indicators: t(indicators),
      keywords: keywords.map(t),
      fields,
      ipc,
      resultType,
      applicationNo: patent ? makeApplicationNumber(year, resultType as PatentType, n) : null,
      patentStatus: patent ? (r() < 0.6 ? 'granted' : 'pending') : null,
      trl: r() < 0.9 ? 1 + Math.min(8, Math.floor(r() * r() * 9 + r() * 4)) : null,
      transferModes: distinct(
        () =>
          weighted(r, [
            ['licence', 40],
            ['assignment', 30],
            ['joint_development', 20],
            ['equity', 10],
          ] as const),
        1 + Math.floor(r() * 2),
      ),
      askingPriceFen: r() < 0.8 ? logBetween(r, [50_000, 20_000_000], 10_000) * 100 : null,
      askingTerms: t(pick(r, ['价格面议', '可分期付款', '支持先使用后付费', '许可费加销售提成', '可作价入股'])),
      inventors,
      jobRelated,
      inventorRights: null,
      legal: {
        annualFeePaid: patent ? r() < 0.97 : true,
        pledged: patent && r() < 0.03,
        pledgeeConsent: false,
        exclusiveLicence: false,
        ownershipDisputed: false,
      },
    };
  }
  const title = pick(r, [
    () => `${o}${p}提升技术需求`,
    () => `寻求${a}用${o}解决方案`,
    () => `${o}国产化替代需求`,
    () => `${a}${o}${m}技术合作`,
    () => `征集${o}${pick(r, VERBS)}技术`,
    () => (rare ? `${rare}技术攻关需求` : `${o}${pick(r, PAINS)}问题攻关`),
  ])();
  const problem = [
    pick(r, [`我公司主要从事${a}相关产品的研发与生产`, `企业现有${o}产线`, `我单位在${a}领域有应用需求`]),
    pick(r, [`目前${o}的${p}难以满足${a}要求`, `现有工艺存在${pick(r, PAINS)}等问题`, `关键${o}长期${pick(r, PAINS)}`]),
    ...(rare ? [pick(r, [`需要解决${rare}相关技术难题`, `希望引进${rare}技术`])] : []),
    pick(r, [`希望通过${m}提升${p}`, `拟寻求高校院所合作开发${o}`, `需要${p2}提高${pct}%以上`, `期望采用${m}或${m2}`]),
    ...(model ? [`现用设备型号 ${model}`] : []),
    pick(r, ['可接受技术转让、许可或联合开发', '合作方式面议', '可提供中试场地和应用验证', '希望一年内完成验证']),
  ];
  const ownerName = `示例${city}${pick(r, BRANDS)}${area.industry}${pick(r, COMPANY_SUFFIXES)}`;
  const deadline = new Date(published.getTime() + (60 + Math.floor(r() * 600)) * 86_400_000).toISOString().slice(0, 10);
  return {
    kind,
    externalId,
    jurisdictionCode,
    ownerName: t(ownerName),
    status,
    publishedAt,
    title: t(title),
    problem: t(problem.join('，') + '。'),
    indicators: r() < 0.6 ? t(indicators) : '',
    keywords: keywords.map(t),
    fields,
    ipc,
    budgetFen: r() < 0.85 ? logBetween(r, [100_000, 10_000_000], 10_000) * 100 : null,
    deadline,
  };
}

// ---- the row and its postings, as the import would store them ---------------------------------------

type Row = Insertable<ListingTable>;

/** Every column of a listing row (no defaults: multi-row INSERTs mix results and demands). */
export function scaleListingRow(input: ReturnType<typeof scaleListing>): Row {
  const v = validate(input);
  if (v.fields.length) throw new Error(`seed: synthetic listing ${input.externalId} is invalid: ${JSON.stringify(v.fields)}`);
  const at = input.publishedAt;
  return {
    kind: input.kind,
    status: input.status,
    title: v.row.title!,
    body: v.row.body!,
    indicators: v.row.indicators ?? '',
    keywords: v.row.keywords ?? '',
    fields: v.row.fields ?? '',
    field_main: v.row.field_main ?? '',
    ipc_codes: v.row.ipc_codes ?? '',
    ipc_main: v.row.ipc_main ?? '',
    jurisdiction_code: input.jurisdictionCode,
    owner_org_id: null,
    owner_name: input.ownerName.trim(),
    result_type: v.row.result_type ?? '',
    application_no: v.row.application_no ?? null,
    patent_status: v.row.patent_status ?? null,
    trl: v.row.trl ?? null,
    transfer_modes: v.row.transfer_modes ?? '',
    asking_terms: v.row.asking_terms ?? '',
    inventors_json: v.row.inventors_json ?? '[]',
    job_related: v.row.job_related ?? 0,
    inventor_rights_json: v.row.inventor_rights_json ?? null,
    exclusive_licence: v.row.exclusive_licence ?? 0,
    pledged: v.row.pledged ?? 0,
    pledgee_consent: v.row.pledgee_consent ?? 0,
    annual_fee_paid: v.row.annual_fee_paid ?? 1,
    ownership_disputed: v.row.ownership_disputed ?? 0,
    evaluation_report: v.row.evaluation_report ?? null,
    deadline: v.row.deadline ?? null,
    price_fen: v.row.price_fen ?? null,
    source: SCALE_LISTING_SOURCE,
    external_id: input.externalId,
    doc_len: 0,
    created_by: null,
    created_at: at,
    updated_at: at,
    published_at: input.status === 'published' ? at : null,
  };
}

/**
 * indexTerms() of a listing row, computed piecewise: each indexed field (found, with its weight,
 * by probing indexTerms with one column at a time) is cut where jieba always cuts — punctuation
 * and spaces, which the tokeniser drops — and each distinct piece is segmented once. A field's
 * tokens are the union of its pieces' tokens, counted once per field with the field's weight, as
 * indexTerms counts them. `verify` checks the result against indexTerms itself.
 */
export class ListingTermIndexer {
  private fields: Array<[string, number]> | null = null;
  private memo = new Map<string, string[]>();
  private static readonly CUT = /[\s,，。；;、：:！？!?（）()【】“”"'‘’·…]+/;
  segmented = 0;

  private fieldsOf(row: Record<string, unknown>): Array<[string, number]> {
    if (!this.fields) {
      const probe = '探针';
      this.fields = Object.keys(row)
        .map((k) => [k, indexTerms({ [k]: probe } as any).get(probe) ?? 0] as [string, number])
        .filter(([, w]) => w > 0);
    }
    return this.fields;
  }

  private tokensOf(piece: string): string[] {
    let toks = this.memo.get(piece);
    if (!toks) {
      toks = [...indexTerms({ body: piece } as any).keys()];
      this.segmented++;
      if (this.memo.size >= 1_000_000) this.memo.clear();
      this.memo.set(piece, toks);
    }
    return toks;
  }

  terms(row: Row): Map<string, number> {
    const out = new Map<string, number>();
    const seen = new Set<string>();
    for (const [field, w] of this.fieldsOf(row as Record<string, unknown>)) {
      const text = (row as Record<string, unknown>)[field];
      if (typeof text !== 'string' || !text) continue;
      seen.clear();
      for (const piece of text.split(ListingTermIndexer.CUT)) {
        if (!piece) continue;
        for (const t of this.tokensOf(piece)) {
          if (seen.has(t)) continue;
          seen.add(t);
          out.set(t, (out.get(t) ?? 0) + w);
        }
      }
    }
    return out;
  }

  /** Throws unless the terms equal indexTerms(row), the listings service's own computation. */
  verify(row: Row, terms: Map<string, number>): void {
    const expected = indexTerms(row as any);
    const same = expected.size === terms.size && [...expected].every(([t, n]) => terms.get(t) === n);
    if (!same) {
      const diff = [...new Set([...expected.keys(), ...terms.keys()])].filter((t) => expected.get(t) !== terms.get(t)).slice(0, 10);
      throw new Error(
        `seed: the search terms of listing "${row.title}" differ from indexTerms() (${diff.map((t) => `${t}: ${expected.get(t)} vs ${terms.get(t)}`).join(', ')})`,
      );
    }
  }
}

// ---- bulk writing --------------------------------------------------------------------------------

export interface ListingsProgress {
  phase: 'listings' | 'postings' | 'index';
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ListingsOptions {
  count: number;
  /** Listings generated (and, in chunked mode, committed) at a time (default 50 000). */
  chunk?: number;
  /**
   * 'bulk': one transaction; the postings of all listings written at the end in primary-key
   * order, the secondary indexes (listing_id, impact) dropped meanwhile and rebuilt. 'chunked': one
   * transaction per chunk, postings in key order within it. Default: bulk when the load at least
   * doubles the published listings (a fresh database), else chunked.
   */
  mode?: 'bulk' | 'chunked';
  onProgress?: (p: ListingsProgress) => void;
}

export interface ListingsResult {
  mode: 'bulk' | 'chunked';
  listings: number;
  results: number;
  demands: number;
  firstId: number | null;
  lastId: number | null;
  firstExternalId: string;
  lastExternalId: string;
  /** Rows written to listing_terms. */
  terms: number;
  /** Distinct text pieces segmented by jieba. */
  segmented: number;
  /** Generating rows and postings (JavaScript). */
  prepareMs: number;
  /** Rebuilding the postings' secondary indexes (bulk mode). */
  indexMs: number;
  /** ANALYZE (PostgreSQL: VACUUM ANALYZE) of listings and listing_terms. */
  analyzeMs: number;
  elapsedMs: number;
  auditSeq: number;
}

/** The highest synthetic listing number already stored (0 if none). */
async function lastListingNumber(deps: Deps): Promise<number> {
  const last = await repo.lastExternalId(deps.db.db, SCALE_LISTING_SOURCE, EXTERNAL_PREFIX);
  const m = /^scale-(\d+)$/.exec(String(last ?? ''));
  return m ? Number(m[1]) : 0;
}

/** Postings of one (term, kind): listing ids ascending, with their tf and impact; grown by doubling. */
class PostingList {
  ids = new Int32Array(16);
  tfs = new Uint16Array(16);
  ws = new Uint16Array(16);
  n = 0;
  push(id: number, tf: number, w: number) {
    if (this.n === this.ids.length) {
      const ids = new Int32Array(this.n * 2);
      ids.set(this.ids);
      this.ids = ids;
      const tfs = new Uint16Array(this.n * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
      const ws = new Uint16Array(this.n * 2);
      ws.set(this.ws);
      this.ws = ws;
    }
    this.ids[this.n] = id;
    this.ws[this.n] = w;
    this.tfs[this.n++] = tf;
  }
}

/** Postings by term and kind (r, d). */
class Postings {
  private lists = new Map<string, PostingList>();
  size = 0;
  add(term: string, kind: string, id: number, tf: number, w: number) {
    const key = `${term}\u0000${kind}`;
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = new PostingList()));
    list.push(id, tf, w);
    this.size++;
  }
  /** Lists in primary-key order: term, then kind. */
  sorted(): Array<[string, string, PostingList]> {
    return [...this.lists.entries()]
      .map(([key, list]) => [...key.split('\u0000'), list] as [string, string, PostingList])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
}

/** Writes postings in (term, kind, listing_id) order, a few thousand rows per statement, and their words' listing counts. */
async function writePostings(deps: Deps, trx: Transaction<Database>, postings: Postings, onRows?: (written: number) => void): Promise<number> {
  const h = deps.db.helpers;
  const per = repo.postingsPerStatement(h);
  let batch: repo.PostingColumns = { term: [], kind: [], listingId: [], tf: [], w: [] };
  let written = 0;
  const flush = async () => {
    if (!batch.term.length) return;
    await repo.insertListingPostings(trx, h, batch);
    written += batch.term.length;
    onRows?.(written);
    batch = { term: [], kind: [], listingId: [], tf: [], w: [] };
  };
  const df = new Map<string, number>();
  for (const [term, kind, list] of postings.sorted()) {
    df.set(`${term}\u0000${kind}`, list.n);
    for (let k = 0; k < list.n; k++) {
      batch.term.push(term);
      batch.kind.push(kind);
      batch.listingId.push(list.ids[k]);
      batch.tf.push(list.tfs[k]);
      batch.w.push(list.ws[k]);
      if (batch.term.length >= per) await flush();
    }
  }
  await flush();
  // The words' listing counts (listing_term_df), as the re-indexing keeps them.
  await adjustDocumentFrequencies(trx, df, repo.documentFrequenciesPerStatement(h));
  return written;
}

/** The secondary indexes of the postings (on listing_id; by impact): dropped during a bulk load and built again after it. */
const POSTING_INDEXES = ['listing_terms_listing_idx', 'listing_terms_impact_idx'];

interface Prepared {
  rows: Row[];
  terms: Array<Map<string, number> | null>;
  end: number;
}

/** Records per chunk whose terms are checked against indexTerms() directly. */
const VERIFY_PER_CHUNK = 25;

/**
 * Adds `count` synthetic listings (imported from the market "scale") with their postings and
 * corpus statistics, then refreshes the planners' statistics. In bulk mode (a fresh or small
 * database) all of it is one transaction, so an interrupted run leaves nothing; PostgreSQL
 * readers of listing_terms wait for it (the postings' secondary indexes are rebuilt inside).
 */
export async function seedScaleListings(deps: Deps, opts: ListingsOptions): Promise<ListingsResult> {
  const total = opts.count;
  if (!Number.isSafeInteger(total) || total < 1) throw new Error(`the listing count must be a positive integer, got ${total}`);
  const chunkSize = opts.chunk ?? 50_000;
  const started = performance.now();
  const now = deps.clock.now();
  const h = deps.db.helpers;
  const scopes = Object.values(STATS_SCOPE);
  const first = (await lastListingNumber(deps)) + 1;
  const published = await repo.corpusDocs(deps.db.db, scopes);
  const mode = opts.mode ?? (total >= published ? 'bulk' : 'chunked');
  const indexer = new ListingTermIndexer();
  const report = (phase: ListingsProgress['phase'], done: number, of: number) =>
    opts.onProgress?.({ phase, done, total: of, elapsedMs: performance.now() - started });
  let prepareMs = 0;
  let indexMs = 0;
  let termRows = 0;
  let results = 0;
  let demands = 0;
  let firstId: number | null = null;
  let lastId: number | null = null;

  const prepareChunk = async (start: number, end: number): Promise<Prepared> => {
    const rows: Row[] = [];
    const terms: Array<Map<string, number> | null> = [];
    let t0 = performance.now();
    for (let i = start; i < end; i++) {
      const row = scaleListingRow(scaleListing(first + i, now));
      let tf: Map<string, number> | null = null;
      if (row.status === 'published') {
        tf = indexer.terms(row);
        if (i - start < VERIFY_PER_CHUNK) indexer.verify(row, tf);
        let len = 0;
        for (const n of tf.values()) len += n;
        row.doc_len = len;
      }
      rows.push(row);
      terms.push(tf);
      // Yield now and then, so on PostgreSQL the database writes the previous chunk meanwhile.
      if ((i - start) % 500 === 499) {
        prepareMs += performance.now() - t0;
        await new Promise((resolve) => setImmediate(resolve));
        t0 = performance.now();
      }
    }
    prepareMs += performance.now() - t0;
    return { rows, terms, end };
  };

  /** Inserts a chunk's rows with the given ids, adds their postings and corpus statistics. */
  const writeRows = async (trx: Transaction<Database>, { rows, terms }: Prepared, ids: number[], postings: Postings) => {
    const stats = { result: { docs: 0, len: 0 }, demand: { docs: 0, len: 0 } };
    for (let start = 0; start < rows.length; start += 500) {
      const batch = [];
      for (let k = start; k < Math.min(rows.length, start + 500); k++) {
        const row = rows[k];
        const id = ids[k];
        batch.push({ ...row, id });
        const kind = row.kind as 'result' | 'demand';
        if (kind === 'result') results++;
        else demands++;
        const tf = terms[k];
        if (!tf) continue;
        stats[kind].docs++;
        stats[kind].len += Number(row.doc_len);
        const pk = POSTING_KIND[kind];
        const len = Number(row.doc_len);
        for (const [term, n] of tf) postings.add(term, pk, id, n, impact(n, len));
      }
      await repo.insertListings(trx, batch);
    }
    for (const kind of ['result', 'demand'] as const) {
      if (!stats[kind].docs) continue;
      await repo.addCorpus(trx, STATS_SCOPE[kind], stats[kind].docs, stats[kind].len);
    }
    firstId = Math.min(firstId ?? ids[0], ids[0]);
    lastId = Math.max(lastId ?? 0, ids[ids.length - 1]);
  };

  // A larger page cache for this connection while the seed runs (restored after): the postings'
  // primary key outgrows SQLite's default 2 MB at once, and the index rebuild sorts in it.
  await withPageCache(deps, -1048576, async () => {
    if (mode === 'bulk') {
      await inTransaction(deps, async (trx) => {
        // Written first: on SQLite the write lock is held from here on, before the ids are chosen.
        await repo.touchCorpus(trx, scopes);
        const ids = await repo.allocateIds(trx, h, 'listings', total);
        // Every posting is written at the end, in primary-key order: appended after what the key
        // holds rather than inserted all over it. Meanwhile the indexes on listing_id and on impact,
        // which those rows would reach in random order, are dropped; building each from scratch
        // sorts once.
        const definitions = await repo.indexDefinitions(trx, h, 'listing_terms', POSTING_INDEXES);
        await repo.dropIndexes(trx, POSTING_INDEXES);
        const postings = new Postings();
        let start = 0;
        await writeInChunks(total, chunkSize, prepareChunk, async (chunk) => {
          await writeRows(trx, chunk, ids.slice(start, chunk.end), postings);
          start = chunk.end;
          report('listings', chunk.end, total);
        });
        const all = postings.size;
        const per = repo.postingsPerStatement(h);
        termRows = await writePostings(deps, trx, postings, (n) => {
          if (n % 2_000_000 < per) report('postings', n, all);
        });
        report('postings', termRows, all);
        if (definitions.length) {
          const t0 = performance.now();
          await repo.createIndexes(trx, h, definitions);
          indexMs = performance.now() - t0;
          report('index', 1, 1);
        }
      });
    } else {
      await writeInChunks(total, chunkSize, prepareChunk, async (chunk) => {
        await inTransaction(deps, async (trx) => {
          await repo.touchCorpus(trx, scopes);
          const ids = await repo.allocateIds(trx, h, 'listings', chunk.rows.length);
          const postings = new Postings();
          await writeRows(trx, chunk, ids, postings);
          termRows += await writePostings(deps, trx, postings);
        });
        report('listings', chunk.end, total);
      });
    }
  });

  const { analyzeMs, auditSeq } = await finishBulkLoad(deps, ['listings', 'listing_terms'], {
    at: now.toISOString(),
    action: 'seed.scale_listings',
    change: { listings: total, results, demands, source: SCALE_LISTING_SOURCE, listingIds: [firstId, lastId] },
  });
  return {
    mode,
    listings: total,
    results,
    demands,
    firstId,
    lastId,
    firstExternalId: `${EXTERNAL_PREFIX}${String(first).padStart(9, '0')}`,
    lastExternalId: `${EXTERNAL_PREFIX}${String(first + total - 1).padStart(9, '0')}`,
    terms: termRows,
    segmented: indexer.segmented,
    prepareMs,
    indexMs,
    analyzeMs,
    elapsedMs: performance.now() - started,
    auditSeq,
  };
}
