// Listings of the technology market (Decision art. 8): results (科技成果) offered by their owners and
// demands (技术需求) posted by enterprises; validation (CN application numbers with their check
// character, IPC symbols, inventors' shares of job-related results), the search index, Chinese
// full-text search with facets, the JSON import other markets send (idempotent upsert by source
// and external id, all or nothing) and the incremental feed of published listings.
import type { Insertable, Transaction } from 'kysely';
import type { Database, ListingTable } from '../../db/types';
import { JURISDICTION_CODES, administers, importableJurisdictions, isAdministrator, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, forbidden, invalid, notFound, parseJson, ruleError, type FieldError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import { tokens, splitList } from '../../platform/text';
import { ipcSubclass, normalizeIpc, parseApplicationNumber } from '../../platform/patent';
import { excerpt, highlight } from '../../platform/search/highlight';
import { queryTerms as searchTerms } from '../../platform/search/terms';
import * as repo from './listings.repository';
import * as imports from './imports.service';
import { notify } from '../notifications/notify';
import type { ListingKind, ListingSort } from './listings.repository';

export const RESULT_TYPES = ['invention', 'utility_model', 'design', 'software', 'know_how', 'plant_variety'] as const;
export const PATENT_TYPES = ['invention', 'utility_model', 'design'] as const;
export const TRANSFER_MODES = ['assignment', 'licence', 'equity', 'joint_development'] as const;
export const INVENTOR_RIGHTS = ['ownership_share', 'long_term_use', 'income_share'] as const;
const LISTING = { zh: '挂牌信息', en: 'listing' };
const nowIso = (deps: Deps) => isoNow(deps.clock);
type Row = ListingTable extends infer T ? { [K in keyof T]: any } : never;
type Trx = Transaction<Database>;

export interface InventorRights {
  kind: (typeof INVENTOR_RIGHTS)[number];
  shares: Array<{ name: string; bp: number }>;
  note?: string;
}

export interface ListingInput {
  kind: ListingKind;
  title: string;
  summary?: string; // result
  problem?: string; // demand
  indicators?: string;
  keywords?: string[];
  fields?: string[];
  ipc?: string[];
  jurisdictionCode?: string;
  ownerName?: string;
  ownerUscc?: string;
  resultType?: string;
  applicationNo?: string | null;
  patentStatus?: 'pending' | 'granted' | null;
  trl?: number | null;
  transferModes?: string[];
  askingPriceFen?: number | null;
  askingTerms?: string;
  inventors?: string[];
  jobRelated?: boolean;
  inventorRights?: InventorRights | null;
  legal?: Partial<{
    exclusiveLicence: boolean;
    pledged: boolean;
    pledgeeConsent: boolean;
    annualFeePaid: boolean;
    ownershipDisputed: boolean;
    evaluationReport: string | null;
  }>;
  budgetFen?: number | null;
  deadline?: string | null;
  status?: 'draft' | 'published' | 'withdrawn';
  externalId?: string;
  /** The asking price / budget is shown to visitors who are not signed in (default true; portal). */
  pricePublic?: boolean;
}

// ---- the view every route answers with ---------------------------------------------------------

export function view(r: Row, extra: { openLicence?: any; score?: number; words?: string[] } = {}) {
  const common = {
    id: Number(r.id),
    kind: r.kind as ListingKind,
    status: r.status,
    title: r.title,
    indicators: r.indicators,
    keywords: splitList(r.keywords),
    fields: splitList(r.fields),
    ipc: splitList(r.ipc_codes),
    jurisdictionCode: r.jurisdiction_code,
    ownerOrgId: r.owner_org_id === null ? null : Number(r.owner_org_id),
    ownerName: r.owner_name,
    source: r.source,
    externalId: r.external_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    pricePublic: Number(r.price_public ?? 1) !== 0,
    ...(extra.score !== undefined ? { score: extra.score } : {}),
    ...(extra.words ? { highlights: { title: highlight(r.title, extra.words), body: highlight(excerpt(r.body, extra.words), extra.words) } } : {}),
  };
  if (r.kind === 'demand') {
    return { ...common, problem: r.body, budgetFen: r.price_fen === null ? null : Number(r.price_fen), deadline: r.deadline };
  }
  return {
    ...common,
    summary: r.body,
    resultType: r.result_type,
    applicationNo: r.application_no,
    patentStatus: r.patent_status,
    trl: r.trl === null ? null : Number(r.trl),
    transferModes: splitList(r.transfer_modes),
    askingPriceFen: r.price_fen === null ? null : Number(r.price_fen),
    askingTerms: r.asking_terms,
    inventors: parseJson<string[]>(r.inventors_json, []),
    jobRelated: Boolean(Number(r.job_related)),
    inventorRights: parseJson<InventorRights | null>(r.inventor_rights_json, null),
    legal: {
      exclusiveLicence: Boolean(Number(r.exclusive_licence)),
      pledged: Boolean(Number(r.pledged)),
      pledgeeConsent: Boolean(Number(r.pledgee_consent)),
      annualFeePaid: Boolean(Number(r.annual_fee_paid)),
      ownershipDisputed: Boolean(Number(r.ownership_disputed)),
      evaluationReport: r.evaluation_report,
    },
    openLicence: extra.openLicence ?? null,
  };
}

export function openLicenceBrief(o: any) {
  return {
    id: Number(o.id),
    paymentMethod: o.payment_method,
    feeFen: Number(o.fee_fen),
    royaltyBp: Number(o.royalty_bp),
    termMonths: Number(o.term_months),
    declaredAt: o.declared_at,
  };
}

/** Views of listing rows with the open licence in force of each result (one query for all). */
export async function views(deps: Deps, rows: Row[], extra: (r: Row) => { score?: number; words?: string[] } = () => ({})) {
  const resultIds = rows.filter((r) => r.kind === 'result').map((r) => Number(r.id));
  const ol = new Map((await repo.activeOpenLicences(deps.db.db, resultIds)).map((o) => [Number(o.listing_id), openLicenceBrief(o)]));
  return rows.map((r) => view(r, { ...extra(r), openLicence: ol.get(Number(r.id)) ?? null }));
}

// ---- validation --------------------------------------------------------------------------------

/** Checks one listing; the row it would store (without ids and times) when it is valid. */
export function validate(input: ListingInput, prefix = 'body:'): { fields: FieldError[]; row: Partial<Insertable<ListingTable>>; rule?: string } {
  const fields: FieldError[] = [];
  let rule: string | undefined;
  const f = (field: string, code: string, params?: Record<string, unknown>) => fields.push({ field: `${prefix}/${field}`, code, params });
  // Every column set, so rows of both kinds share one multi-row INSERT (SQLite has no DEFAULT in VALUES).
  const row: Partial<Insertable<ListingTable>> = {
    kind: input.kind,
    result_type: '',
    application_no: null,
    patent_status: null,
    trl: null,
    transfer_modes: '',
    asking_terms: '',
    inventors_json: '[]',
    job_related: 0,
    inventor_rights_json: null,
    exclusive_licence: 0,
    pledged: 0,
    pledgee_consent: 0,
    annual_fee_paid: 1,
    ownership_disputed: 0,
    evaluation_report: null,
    deadline: null,
  };
  if (!input.title?.trim()) f('title', 'required');
  row.title = input.title?.trim();
  const body = (input.kind === 'demand' ? input.problem : input.summary)?.trim() ?? '';
  if (!body) f(input.kind === 'demand' ? 'problem' : 'summary', 'required');
  row.body = body;
  row.indicators = input.indicators?.trim() ?? '';
  row.keywords = (input.keywords ?? [])
    .map((k) => k.trim().replace(/,/g, '，'))
    .filter(Boolean)
    .join(',');
  const fieldCodes = (input.fields ?? []).map((c) => c.trim());
  fieldCodes.forEach((c, i) => {
    if (!/^\d{3}(\d{2}(\d{2})?)?$/.test(c)) f(`fields/${i}`, 'value-invalid');
  });
  row.fields = fieldCodes.join(',');
  row.field_main = fieldCodes[0]?.slice(0, 3) ?? '';
  const ipc: string[] = [];
  (input.ipc ?? []).forEach((s, i) => {
    const n = normalizeIpc(s);
    if (!n) f(`ipc/${i}`, 'ipc-invalid');
    else if (!ipc.includes(n)) ipc.push(n);
  });
  row.ipc_codes = ipc.join(',');
  row.ipc_main = ipc[0] ? ipcSubclass(ipc[0]) : '';
  if (input.jurisdictionCode !== undefined && !(JURISDICTION_CODES as readonly string[]).includes(input.jurisdictionCode))
    f('jurisdictionCode', 'jurisdiction-invalid');
  row.price_public = input.pricePublic === false ? 0 : 1;
  if (input.kind === 'demand') {
    row.price_fen = input.budgetFen ?? null;
    if (input.deadline) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || Number.isNaN(Date.parse(input.deadline))) f('deadline', 'date-invalid');
    }
    row.deadline = input.deadline ?? null;
    return { fields, row, rule };
  }
  const type = input.resultType ?? '';
  if (!(RESULT_TYPES as readonly string[]).includes(type)) f('resultType', type ? 'value-invalid' : 'required');
  row.result_type = type;
  const isPatent = (PATENT_TYPES as readonly string[]).includes(type);
  if (input.applicationNo) {
    if (!isPatent) f('applicationNo', 'not-a-patent');
    const p = parseApplicationNumber(input.applicationNo);
    if ('problem' in p) {
      f('applicationNo', `patent-${p.problem}`);
      rule = 'patent-number';
    } else {
      if (isPatent && p.type !== type) {
        f('applicationNo', 'patent-type-mismatch', { expected: type });
        rule = 'patent-number';
      }
      row.application_no = p.normalized;
    }
  } else {
    if (isPatent) f('applicationNo', 'required');
    row.application_no = null;
  }
  row.patent_status = isPatent ? (input.patentStatus ?? 'pending') : null;
  if (input.trl !== undefined && input.trl !== null && !(Number.isInteger(input.trl) && input.trl >= 1 && input.trl <= 9)) f('trl', 'value-invalid');
  row.trl = input.trl ?? null;
  const modes = input.transferModes ?? [];
  modes.forEach((m, i) => {
    if (!(TRANSFER_MODES as readonly string[]).includes(m)) f(`transferModes/${i}`, 'value-invalid');
  });
  row.transfer_modes = [...new Set(modes)].join(',');
  row.price_fen = input.askingPriceFen ?? null;
  row.asking_terms = input.askingTerms?.trim() ?? '';
  row.inventors_json = JSON.stringify((input.inventors ?? []).map((s) => s.trim()).filter(Boolean));
  row.job_related = input.jobRelated ? 1 : 0;
  if (input.inventorRights) {
    if (!input.jobRelated) f('inventorRights', 'value-invalid');
    const total = input.inventorRights.shares.reduce((a, s) => a + s.bp, 0);
    if (total > 10000) f('inventorRights/shares', 'shares-over-total');
    row.inventor_rights_json = JSON.stringify(input.inventorRights);
  } else row.inventor_rights_json = null;
  const legal = input.legal ?? {};
  row.exclusive_licence = legal.exclusiveLicence ? 1 : 0;
  row.pledged = legal.pledged ? 1 : 0;
  row.pledgee_consent = legal.pledgeeConsent ? 1 : 0;
  row.annual_fee_paid = legal.annualFeePaid === false ? 0 : 1;
  row.ownership_disputed = legal.ownershipDisputed ? 1 : 0;
  row.evaluation_report = legal.evaluationReport?.trim() || null;
  return { fields, row, rule };
}

function throwIfInvalid(v: { fields: FieldError[]; rule?: string }) {
  if (v.fields.length) throw new AppError('validation-failed', {}, v.fields, v.rule ? { rule: v.rule } : {});
}

// ---- the search index --------------------------------------------------------------------------

const WEIGHTS: Array<[keyof Row, number]> = [
  ['title', 3],
  ['keywords', 2],
  ['body', 1],
  ['indicators', 1],
  ['owner_name', 1],
];

export function indexTerms(r: Partial<Row>): Map<string, number> {
  const tf = new Map<string, number>();
  for (const [field, w] of WEIGHTS) {
    const text = r[field];
    if (typeof text !== 'string' || !text) continue;
    for (const t of tokens(text.replace(/,/g, ' '))) if (t.length <= 64) tf.set(t, (tf.get(t) ?? 0) + w);
  }
  return tf;
}
const docLen = (tf: Map<string, number>) => [...tf.values()].reduce((a, b) => a + b, 0);

/**
 * Brings the postings of listings in line with their rows: published listings are indexed, others
 * not; the corpus statistics move by the difference. `before` holds each listing's previous
 * (status, doc_len) when it existed.
 */
export async function reindex(trx: Trx, rows: Array<Row & { id: number }>, before: Map<number, { status: string; doc_len: number }>) {
  const ids = rows.map((r) => Number(r.id)).filter((id) => before.get(id)?.status === 'published');
  // The words' listing counts move with the postings: minus the old, plus the new.
  const df = new Map<string, number>();
  for (const [key, n] of await repo.postingCounts(trx, ids)) df.set(key, -n);
  await repo.deleteTerms(trx, ids);
  const postings: Array<{ term: string; kind: string; listing_id: number; tf: number; w: number }> = [];
  const delta: Record<ListingKind, { docs: number; len: number }> = { result: { docs: 0, len: 0 }, demand: { docs: 0, len: 0 } };
  for (const r of rows) {
    const kind = r.kind as ListingKind;
    const was = before.get(Number(r.id));
    if (was?.status === 'published') {
      delta[kind].docs -= 1;
      delta[kind].len -= Number(was.doc_len);
    }
    if (r.status !== 'published') continue;
    const tf = indexTerms(r);
    const len = docLen(tf);
    for (const [term, n] of tf) {
      postings.push({ term, kind: repo.POSTING_KIND[kind], listing_id: Number(r.id), tf: n, w: repo.impact(n, len) });
      const key = `${term}\u0000${repo.POSTING_KIND[kind]}`;
      df.set(key, (df.get(key) ?? 0) + 1);
    }
    delta[kind].docs += 1;
    delta[kind].len += len;
  }
  await repo.insertTerms(trx, postings);
  await repo.adjustDocumentFrequencies(trx, df);
  for (const kind of ['result', 'demand'] as const)
    if (delta[kind].docs || delta[kind].len) await repo.adjustCorpusStats(trx, kind, delta[kind].docs, delta[kind].len);
}

/** Stores a listing's row and keeps its postings and doc_len in step. */
async function save(trx: Trx, id: number | null, row: Partial<Insertable<ListingTable>>, before: Row | undefined): Promise<Row> {
  const len = docLen(indexTerms(row as Row));
  if (id === null) {
    const { id: newId } = await repo.insert(trx, { ...(row as Insertable<ListingTable>), doc_len: row.status === 'published' ? len : 0 });
    id = Number(newId);
  } else {
    await repo.update(trx, id, { ...row, doc_len: row.status === 'published' ? len : 0 });
  }
  const saved = (await repo.findById(trx, id))!;
  await reindex(trx, [saved as Row], new Map(before ? [[id, { status: before.status, doc_len: Number(before.doc_len) }]] : []));
  return saved as Row;
}

// ---- who may do what ---------------------------------------------------------------------------

function assertMayPost(actor: Actor, kind: ListingKind) {
  if (isAdministrator(actor))
    throw forbidden({ zh: '政府管理员不发布挂牌信息（可通过导入接口汇入）', en: 'administrators do not post listings (they may import them)' });
  if (actor.role === 'expert' && kind === 'demand') throw forbidden({ zh: '专家不能发布需求', en: 'experts do not post demands' });
  if (kind === 'demand' && actor.organizationType !== 'enterprise')
    throw ruleError('demand-enterprise-only', '技术需求由企业发布', 'demands are posted by enterprises');
  if (kind === 'result' && actor.organizationType === 'government_department')
    throw forbidden({ zh: '政府部门不发布成果', en: 'government departments do not list results' });
}

export function mayManage(actor: Actor, r: { owner_org_id: number | null; created_by: number | null; jurisdiction_code: string }) {
  if (r.owner_org_id !== null && Number(r.owner_org_id) === actor.organizationId && (actor.role === 'org_admin' || Number(r.created_by) === actor.userId))
    return true;
  return false;
}

function mayView(actor: Actor | null, r: Row) {
  if (r.status === 'published' || r.status === 'withdrawn') return true;
  if (!actor) return false;
  return (r.owner_org_id !== null && Number(r.owner_org_id) === actor.organizationId) || administers(actor, r.jurisdiction_code);
}

// ---- create, update, read ----------------------------------------------------------------------

export async function createListing(deps: Deps, actor: Actor, input: ListingInput) {
  assertMayPost(actor, input.kind);
  const v = validate({ ...input, jurisdictionCode: undefined });
  throwIfInvalid(v);
  const at = nowIso(deps);
  const status = input.status === 'draft' ? 'draft' : 'published';
  const saved = await inTransaction(deps, async (trx) => {
    const row = {
      ...v.row,
      status,
      jurisdiction_code: actor.organizationJurisdiction,
      owner_org_id: actor.organizationId,
      owner_name: actor.organizationName,
      source: 'yrd',
      external_id: null,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
      published_at: status === 'published' ? at : null,
    };
    const saved = await save(trx, null, row, undefined);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: `${input.kind}.create`,
      entityType: 'listing',
      entityId: String(saved.id),
      jurisdictionCode: saved.jurisdiction_code,
      change: { title: saved.title, status },
    });
    return saved;
  });
  // Views read outside the transaction (SQLite has one connection: a read beside the open
  // transaction would wait for it forever).
  return (await views(deps, [saved]))[0];
}

export async function updateListing(deps: Deps, actor: Actor, id: number, input: Partial<ListingInput>) {
  const at = nowIso(deps);
  const saved = await inTransaction(deps, async (trx) => {
    const cur = (await repo.findByIdForUpdate(trx, deps.db.helpers, id)) as Row | undefined;
    if (!cur) throw notFound(LISTING, id);
    const withdrawOnly = Object.keys(input).every((k) => k === 'status') && input.status === 'withdrawn';
    if (!mayManage(actor, cur) && !(withdrawOnly && administers(actor, cur.jurisdiction_code))) {
      throw forbidden({ zh: '只有成果/需求所属机构可以修改', en: 'only the owning organisation may change this listing' });
    }
    if (cur.source !== 'yrd' && !withdrawOnly)
      throw ruleError('imported-listing', '导入的挂牌信息由来源平台维护', 'an imported listing is kept by its source market');
    const merged: ListingInput = { ...(view(cur) as any), ...input, kind: cur.kind, legal: { ...(view(cur) as any).legal, ...(input.legal ?? {}) } };
    const v = validate({ ...merged, jurisdictionCode: undefined });
    throwIfInvalid(v);
    const status = input.status ?? cur.status;
    const row = { ...v.row, status, updated_at: at, published_at: status === 'published' ? (cur.published_at ?? at) : cur.published_at };
    const saved = await save(trx, id, row, cur);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action:
        status !== cur.status ? `${cur.kind}.${status === 'published' ? 'publish' : status === 'withdrawn' ? 'withdraw' : 'draft'}` : `${cur.kind}.update`,
      entityType: 'listing',
      entityId: String(id),
      jurisdictionCode: cur.jurisdiction_code,
      change: { fields: Object.keys(input), from: cur.status, to: status },
    });
    return saved;
  });
  return (await views(deps, [saved]))[0];
}

export async function getListing(deps: Deps, actor: Actor | null, kind: ListingKind, id: number) {
  const r = (await repo.findById(deps.db.db, id)) as Row | undefined;
  if (!r || r.kind !== kind || !mayView(actor, r)) throw notFound(LISTING, id);
  return (await views(deps, [r]))[0];
}

/** The listing row, for other parts of the module (open licences, contracts, auctions). */
export async function listingRow(db: Deps['db']['db'] | Trx, id: number) {
  return (await repo.findById(db, id)) as Row | undefined;
}

// ---- search ------------------------------------------------------------------------------------

export interface SearchQuery {
  q?: string;
  resultType?: string;
  jurisdiction?: string;
  ipc?: string;
  field?: string;
  trlMin?: number;
  priceMax?: number;
  priceMin?: number;
  ownerOrgId?: number;
  mine?: boolean;
  status?: string;
  source?: string;
  openLicence?: boolean;
  transferMode?: string;
  sort?: ListingSort;
  page?: number;
  pageSize?: number;
  facets?: boolean;
}

/** The searched words of a free-text query and their weights over the kind's published listings (platform/search). */
export function queryTerms(deps: Deps, kind: ListingKind, text: string) {
  return searchTerms(text, {
    documents: async () => (await repo.corpusStats(deps.db.db, kind)).docs,
    frequencies: (w) => repo.documentFrequencies(deps.db.db, kind, w),
  });
}

export async function searchListings(deps: Deps, actor: Actor | null, kind: ListingKind, q: SearchQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const own = Boolean(actor && (q.mine || (q.ownerOrgId && q.ownerOrgId === actor.organizationId)));
  const filter: repo.ListingFilter = {
    kind,
    publishedOnly: !own,
    status: own ? q.status : undefined,
    resultType: q.resultType,
    jurisdiction: q.jurisdiction,
    ipc: q.ipc ? (normalizeIpc(q.ipc) ?? q.ipc.toUpperCase()) : undefined,
    field: q.field,
    trlMin: q.trlMin,
    priceMaxFen: q.priceMax,
    priceMinFen: q.priceMin,
    // A visitor who is not signed in cannot learn a hidden price by filtering or sorting on it.
    pricePublicOnly: !actor && (q.priceMax !== undefined || q.priceMin !== undefined || q.sort === 'price' || q.sort === '-price'),
    ownerOrgId: own ? actor!.organizationId : q.ownerOrgId,
    source: q.source,
    openLicence: q.openLicence,
    transferMode: q.transferMode,
    // Owners' own lists include drafts, which have no postings: their text filter reads the titles.
    titleContains: own && q.q?.trim() ? q.q.trim() : undefined,
  };
  const { words, bm, docs } = await queryTerms(deps, kind, q.q?.trim() ?? '');
  let matchMode: 'all' | 'any' | null = bm ? 'all' : null;
  const sort = q.sort ?? (bm ? 'relevance' : 'newest');
  let out = await repo.search(deps.db.db, deps.db.helpers, filter, own ? null : bm, sort, pageSize, (page - 1) * pageSize, q.facets ?? true, docs);
  if (bm && !own && out.total === 0 && bm.terms.length > 1) {
    matchMode = 'any';
    out = await repo.search(deps.db.db, deps.db.helpers, filter, { ...bm, mode: 'any' }, sort, pageSize, (page - 1) * pageSize, q.facets ?? true, docs);
  }
  const rows = (await repo.byIds(
    deps.db.db,
    out.ids.map((x) => x.id),
  )) as Row[];
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const score = new Map(out.ids.map((x) => [x.id, x.score]));
  const ordered = out.ids.flatMap((x) => (byId.has(x.id) ? [byId.get(x.id)!] : []));
  const items = await views(deps, ordered, (r) => ({ score: score.get(Number(r.id)), words }));
  const facet = (rows: Array<{ value: string | null; n: number }> = []) =>
    rows
      .filter((x) => x.value !== null && x.value !== '')
      .map((x) => ({ value: String(x.value), count: Number(x.n) }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      .slice(0, 30);
  const facets =
    kind === 'result'
      ? {
          resultType: facet(out.facets.result_type),
          jurisdiction: facet(out.facets.jurisdiction_code),
          ipc: facet(out.facets.ipc_main),
          trl: facet(out.facets.trl),
        }
      : { jurisdiction: facet(out.facets.jurisdiction_code), field: facet(out.facets.field_main) };
  return {
    items,
    total: out.total,
    totalApproximate: out.approximate,
    facetsApproximate: out.facetsApproximate,
    page,
    pageSize,
    query: { words, matchMode },
    facets,
  };
}

// ---- interconnection: import and feed ----------------------------------------------------------

export interface ImportRow extends ListingInput {
  externalId: string;
  jurisdictionCode: string;
  ownerName: string;
}

const comparable = (r: Partial<Row>) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(r)
        .filter(([k]) => !['id', 'created_at', 'updated_at', 'published_at', 'doc_len', 'created_by'].includes(k))
        .map(([k, v]) => [k, v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'bigint' ? Number(v) : v])
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  );

/**
 * Upserts a batch of listings from another market, all or nothing. Each row is keyed by (source,
 * externalId): a new key creates, a known one updates (or is left unchanged when nothing differs).
 * Any invalid row refuses the whole batch with every row's problems.
 */
export async function importListings(deps: Deps, actor: Actor, input: { source: string; listings: ImportRow[] }) {
  imports.assertMayImport(actor);
  const source = imports.normalizeSource(input.source);
  if (source === 'yrd') throw invalid([{ field: 'body:/source', code: 'value-invalid' }]);
  // Only the source's owner writes under it (issue 12): checked before the rows, so another
  // market learns nothing from a row report.
  await imports.assertMayImportUnder(deps, actor, source);
  const allowedJurisdictions = importableJurisdictions(actor);
  const owners = await imports.linkableOwners(deps.db.db, actor, source, [...new Set(input.listings.map((l) => l.ownerUscc).filter(Boolean) as string[])]);
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const valid = input.listings.map((l, i) => {
    const v = validate(l, `body:/listings/${i}`);
    for (const e of v.fields) errors.push({ ...e, row: i });
    if (!l.externalId?.trim()) errors.push({ field: `body:/listings/${i}/externalId`, code: 'required', row: i });
    if (!l.ownerName?.trim()) errors.push({ field: `body:/listings/${i}/ownerName`, code: 'required', row: i });
    if (l.jurisdictionCode && !allowedJurisdictions.includes(l.jurisdictionCode))
      errors.push({ field: `body:/listings/${i}/jurisdictionCode`, code: 'import-jurisdiction', params: { allowed: allowedJurisdictions.join(', ') }, row: i });
    const owner = l.ownerUscc ? owners.get(l.ownerUscc) : undefined;
    if (owner && !owner.allowed) errors.push({ field: `body:/listings/${i}/ownerUscc`, code: 'owner-link-not-accepted', params: { source }, row: i });
    const prev = seen.get(l.externalId);
    if (prev !== undefined) errors.push({ field: `body:/listings/${i}/externalId`, code: 'external-id-repeated', params: { row: prev }, row: i });
    seen.set(l.externalId, i);
    return v;
  });
  if (errors.length)
    throw new AppError('validation-failed', {}, errors, {
      rule: 'import-rejected',
      rows: input.listings.length,
      invalidRows: new Set(errors.map((e) => e.row)).size,
    });
  const at = nowIso(deps);
  return inTransaction(deps, async (trx) => {
    await imports.registerSource(trx, deps, actor, source, at);
    const existing = new Map<string, Row>();
    const ids = input.listings.map((l) => l.externalId);
    for (let i = 0; i < ids.length; i += 500)
      for (const r of await repo.bySourceIds(trx, source, ids.slice(i, i + 500))) existing.set(r.external_id!, r as Row);
    // A listing already here from this source may only be changed within the importer's jurisdictions.
    const outside = input.listings.findIndex((l) => {
      const cur = existing.get(l.externalId);
      return cur !== undefined && !allowedJurisdictions.includes(cur.jurisdiction_code);
    });
    if (outside >= 0) {
      const field = {
        field: `body:/listings/${outside}/externalId`,
        code: 'import-jurisdiction',
        params: { allowed: allowedJurisdictions.join(', ') },
        row: outside,
      };
      throw new AppError('validation-failed', {}, [field], { rule: 'import-rejected', rows: input.listings.length, invalidRows: 1 });
    }
    // Owners known here by their credit code, and allowed to be linked (checked above), are linked.
    const orgByUscc = new Map([...owners].filter(([, o]) => o.allowed).map(([uscc, o]) => [uscc, o.id]));
    const report: Array<{ row: number; externalId: string; id: number; outcome: 'created' | 'updated' | 'unchanged' }> = [];
    const touched: Row[] = [];
    const before = new Map<number, { status: string; doc_len: number }>();
    const creates: Array<{ i: number; row: Insertable<ListingTable> }> = [];
    for (const [i, l] of input.listings.entries()) {
      const status = l.status ?? 'published';
      const base = {
        ...valid[i].row,
        status,
        jurisdiction_code: l.jurisdictionCode,
        owner_org_id: l.ownerUscc ? (orgByUscc.get(l.ownerUscc) ?? null) : null,
        owner_name: l.ownerName.trim(),
        source,
        external_id: l.externalId,
      };
      const cur = existing.get(l.externalId);
      if (cur) {
        if (comparable({ ...cur, ...base, doc_len: undefined }) === comparable({ ...cur, doc_len: undefined })) {
          report.push({ row: i, externalId: l.externalId, id: Number(cur.id), outcome: 'unchanged' });
          continue;
        }
        const len = status === 'published' ? docLen(indexTerms(base as Row)) : 0;
        await repo.update(trx, Number(cur.id), {
          ...base,
          doc_len: len,
          updated_at: at,
          published_at: status === 'published' ? (cur.published_at ?? at) : cur.published_at,
        });
        before.set(Number(cur.id), { status: cur.status, doc_len: Number(cur.doc_len) });
        touched.push({ ...cur, ...base, id: cur.id } as Row);
        report.push({ row: i, externalId: l.externalId, id: Number(cur.id), outcome: 'updated' });
      } else {
        const len = status === 'published' ? docLen(indexTerms(base as Row)) : 0;
        creates.push({
          i,
          row: {
            ...(base as Insertable<ListingTable>),
            doc_len: len,
            created_by: actor.userId,
            created_at: at,
            updated_at: at,
            published_at: status === 'published' ? at : null,
          },
        });
      }
    }
    for (let k = 0; k < creates.length; k += 200) {
      const chunk = creates.slice(k, k + 200);
      const ids = await repo.insertMany(
        trx,
        chunk.map((c) => c.row),
      );
      ids.forEach((id, j) => {
        const { i, row } = chunk[j];
        touched.push({ ...row, id } as Row);
        report.push({ row: i, externalId: input.listings[i].externalId, id, outcome: 'created' });
      });
    }
    await reindex(trx, touched as any, before);
    report.sort((a, b) => a.row - b.row);
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const r of report) counts[r.outcome]++;
    const batchId = await imports.recordBatch(trx, { source, rows: report.length, ...counts, submitted_by: actor.userId, created_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'listings.import',
      entityType: 'import_batch',
      entityId: String(batchId),
      jurisdictionCode: actor.jurisdictionCode ?? actor.organizationJurisdiction,
      change: { source, ...counts },
    });
    await notify(trx, at, {
      userIds: [actor.userId],
      kind: 'import.finished',
      params: { name: source, total: report.length, ...counts },
      link: '/market/interconnect',
    });
    return { batchId, source, rows: report.length, ...counts, report };
  });
}

export const FEED_LAG_SECONDS = 5;

/**
 * Published (and withdrawn, so consumers can take them down) listings changed after the cursor, in
 * (updated_at, id) order. Rows younger than FEED_LAG_SECONDS wait for the next call: a transaction
 * still open elsewhere may yet commit a row with an earlier time, and the lag keeps it from being
 * skipped by a cursor that already passed it.
 */
export async function feed(deps: Deps, q: { updatedSince?: string; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 100;
  let since = '1970-01-01T00:00:00.000Z';
  let afterId = 0;
  if (q.cursor) {
    const [t, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    if (!t || Number.isNaN(Date.parse(t)) || !/^\d+$/.test(id ?? '')) throw invalid([{ field: 'querystring:/cursor', code: 'value-invalid' }]);
    since = t;
    afterId = Number(id);
  } else if (q.updatedSince) {
    const t = Date.parse(q.updatedSince);
    if (Number.isNaN(t)) throw invalid([{ field: 'querystring:/updated_since', code: 'date-invalid' }]);
    since = new Date(t).toISOString();
    afterId = Number.MAX_SAFE_INTEGER; // strictly after the instant
  }
  const until = new Date(deps.clock.now().getTime() - FEED_LAG_SECONDS * 1000).toISOString();
  const rows = (await repo.feedPage(deps.db.db, since, afterId, until, limit + 1)) as Row[];
  const page = rows.slice(0, limit);
  const items = await views(deps, page);
  const last = page[page.length - 1];
  const nextCursor = last
    ? Buffer.from(`${last.updated_at}|${last.id}`).toString('base64url')
    : (q.cursor ?? (q.updatedSince ? Buffer.from(`${since}|${afterId}`).toString('base64url') : null)); // strictly after `since`, as updated_since
  return { items: items.map((x) => ({ ...x, deleted: x.status !== 'published' })), nextCursor, hasMore: rows.length > limit, until };
}

export { repo as listingsRepo };

/** Published results and demands per jurisdiction code (the public portal's regional overview). */
export async function publishedCountsByJurisdiction(deps: Deps): Promise<Record<ListingKind, Record<string, number>>> {
  const out: Record<ListingKind, Record<string, number>> = { result: {}, demand: {} };
  for (const r of await repo.publishedCountsByJurisdiction(deps.db.db)) out[r.kind as ListingKind][r.jurisdiction_code] = Number(r.n);
  return out;
}

/** For messages (issue 15): a listing the reader may see, with its owner organisation (null when it has none on the platform). */
export async function listingForMessages(deps: Deps, actor: Actor | null, id: number) {
  const r = (await repo.findById(deps.db.db, id)) as Row | undefined;
  if (!r || !mayView(actor, r)) return null;
  return {
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    ownerOrgId: r.owner_org_id === null ? null : Number(r.owner_org_id),
    jurisdictionCode: r.jurisdiction_code,
    published: r.status === 'published',
  };
}
