// Service providers (服务机构) that accept innovation vouchers (Decision art. 13): application with
// self-assessment and evidence → platform check → public notice (公示) with objections → listing;
// recognition by the other jurisdictions (互认) or refusal; suspension and revocation; their
// service products (the orders placed for them are in orders.service.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound, parseJson } from '../../platform/errors';
import { activeIntegrityRecord, assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { acceptDocument, type UploadedDocument } from '../../platform/files';
import { isoNow, shanghaiMidnightIso } from '../../platform/clock';
import { fold } from '../../platform/text';
import { countPricedResources } from '../resources/resources.service';
import { JURISDICTION_NAMES, SERVICE_CATEGORIES, administers, csv, isAdmin, ruleError } from './rules';
import { notices, notify, recipientsOf } from '../notifications/notify';
import * as repo from './providers.repository';

const PROVIDER = { zh: '服务机构', en: 'provider' };
const PRODUCT = { zh: '服务产品', en: 'service product' };
const OBJECTION = { zh: '异议', en: 'objection' };
const EVIDENCE = { zh: '证明材料', en: 'evidence' };

export const EVIDENCE_CONDITIONS = ['legal_entity', 'years_in_operation', 'published_prices', 'integrity', 'other'] as const;

export interface SelfAssessment {
  legalEntity: boolean;
  yearsInOperation: number;
  publishedPrices: boolean;
  integrityClean: boolean;
  statement: string;
}

const now = (deps: Deps) => isoNow(deps.clock);
const parse = parseJson;

function assertCategories(cats: string[], field: string) {
  const bad = cats.findIndex((c) => !(SERVICE_CATEGORIES as readonly string[]).includes(c));
  if (cats.length === 0 || bad >= 0) throw invalid([{ field: `body:/${field}${bad >= 0 ? '/' + bad : ''}`, code: 'value-invalid' }]);
}

type ProviderRow = Awaited<ReturnType<typeof loadProvider>>;
function loadProvider(deps: Deps, id: number) {
  return repo.findWithOrganization(deps.db.db, id);
}

/** Listed and in-notice providers are public to the signed-in; the rest to their organisation and administrators. */
function canSeeProvider(a: Actor, p: { status: string; organization_id: number }) {
  return p.status === 'listed' || p.status === 'notice' || isAdmin(a) || a.organizationId === Number(p.organization_id);
}
const ownsProvider = (a: Actor, p: { organization_id: number }) => a.role === 'org_admin' && a.organizationId === Number(p.organization_id);

async function visibleProvider(deps: Deps, actor: Actor, id: number) {
  const p = await loadProvider(deps, id);
  if (!p || !canSeeProvider(actor, p)) throw notFound(PROVIDER, id);
  return p;
}

/** Whether a provider may accept vouchers issued by a jurisdiction: listed, and at home or recognised there. */
export async function recognitionFor(deps: Deps, providerId: number, jurisdiction: string): Promise<'home' | 'recognised' | 'declined' | 'none'> {
  const p = await repo.jurisdictionOf(deps.db.db, providerId);
  if (!p) return 'none';
  if (p.jurisdiction_code === jurisdiction) return 'home';
  const r = await repo.recognitionDecision(deps.db.db, providerId, jurisdiction);
  return r ? (r.decision === 'recognised' ? 'recognised' : 'declined') : 'none';
}

/** The decision of a jurisdiction on recognising a provider listed elsewhere, if it made one (read inside the caller's transaction). */
export function recognitionDecision(db: Kysely<Database> | Transaction<Database>, providerId: number, jurisdiction: string) {
  return repo.recognitionDecision(db, providerId, jurisdiction);
}

export function providerByOrganization(deps: Deps, organizationId: number) {
  return repo.findByOrganization(deps.db.db, organizationId);
}

export function providerById(deps: Deps, id: number) {
  return repo.findById(deps.db.db, id);
}

type Lang = 'zh' | 'en';
type CheckKey = 'legalEntity' | 'yearsInOperation' | 'publishedPrices' | 'integrityClean';
/** A platform check as stored: whether it passed, and what it found as a code with parameters (rendered on reading). */
interface StoredCheck {
  ok: boolean;
  code?: string;
  params?: Record<string, string | number>;
  /** Checks stored before codes: one text "中文 / English". */
  detail?: string;
}

/** The names of the conditions of recognition. */
export const CHECK_NAMES: Record<CheckKey, { zh: string; en: string }> = {
  legalEntity: { zh: '独立法人', en: 'legal entity' },
  yearsInOperation: { zh: '成立年限', en: 'years in operation' },
  publishedPrices: { zh: '公开定价的服务', en: 'published prices' },
  integrityClean: { zh: '无失信记录', en: 'no integrity record' },
};

const CHECK_TEXT: Record<string, { zh: string; en: string }> = {
  'uscc-verified': { zh: '统一社会信用代码已核验', en: 'Unified Social Credit Code verified' },
  'government-department': { zh: '政府部门不能认定为服务机构', en: 'a government department cannot be a provider' },
  established: { zh: '成立于 {date}（{years} 年，至少 {min} 年）', en: 'established {date} ({years} years; at least {min})' },
  'no-founding-date': { zh: '无成立日期', en: 'no founding date' },
  'priced-services': { zh: '{n} 项公开定价的服务', en: '{n} priced services' },
  'integrity-record': { zh: '失信记录 {id}（{unit}）', en: 'integrity record {id} ({unit})' },
  'no-integrity-record': { zh: '无有效失信记录', en: 'no active record' },
};

/** A stored check in the reader's language; an old "中文 / English" text gives its half. */
function renderCheck(c: StoredCheck, lang: Lang): { ok: boolean; code: string | null; detail: string } {
  if (c.code && CHECK_TEXT[c.code]) {
    const text = CHECK_TEXT[c.code][lang].replace(/\{(\w+)\}/g, (m, k: string) => (c.params?.[k] === undefined ? m : String(c.params[k])));
    return { ok: c.ok, code: c.code, detail: text };
  }
  const parts = (c.detail ?? '').split(' / ');
  return { ok: c.ok, code: null, detail: (parts.length === 2 ? parts[lang === 'zh' ? 0 : 1] : (c.detail ?? '')).trim() };
}

function renderChecks(checks: Record<CheckKey, StoredCheck>, lang: Lang) {
  return Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, renderCheck(c, lang)])) as Record<CheckKey, ReturnType<typeof renderCheck>>;
}

async function views(deps: Deps, rows: NonNullable<ProviderRow>[], lang: Lang = 'zh') {
  const ids = rows.map((r) => Number(r.id));
  if (ids.length === 0) return [];
  const db = deps.db.db;
  const [recs, ev, obj, prods] = await Promise.all([
    repo.recognitionsOf(db, ids),
    repo.evidenceOf(db, ids),
    repo.openObjectionCounts(db, ids),
    repo.activeProductCounts(db, ids),
  ]);
  const openBy = new Map(obj.map((o) => [Number(o.provider_id), Number(o.n)]));
  const prodBy = new Map(prods.map((o) => [Number(o.provider_id), Number(o.n)]));
  return rows.map((p) => {
    const id = Number(p.id);
    const recognitions = recs
      .filter((r) => Number(r.provider_id) === id)
      .map((r) => ({ jurisdictionCode: r.jurisdiction_code, decision: r.decision, note: r.note, decidedAt: r.decided_at }));
    return {
      id,
      organizationId: Number(p.organization_id),
      organizationName: p.organization_name,
      jurisdictionCode: p.jurisdiction_code,
      status: p.status,
      categories: csv(p.categories),
      description: p.description,
      selfAssessment: parse<SelfAssessment>(p.self_assessment_json, {
        legalEntity: false,
        yearsInOperation: 0,
        publishedPrices: false,
        integrityClean: false,
        statement: '',
      }),
      check: ((c) => (c ? { passed: c.passed, note: c.note, checks: renderChecks(c.checks, lang), checkedAt: c.checkedAt } : null))(
        parse<null | { passed: boolean; note: string; checks: Record<CheckKey, StoredCheck>; checkedAt: string }>(p.check_json, null),
      ),
      noticeStartsAt: p.notice_starts_at,
      noticeEndsAt: p.notice_ends_at,
      listedAt: p.listed_at,
      statusReason: p.status_reason,
      recognitions,
      recognisedIn:
        p.status === 'listed' ? [p.jurisdiction_code, ...recognitions.filter((r) => r.decision === 'recognised').map((r) => r.jurisdictionCode)].sort() : [],
      evidence: ev
        .filter((e) => Number(e.provider_id) === id)
        .map((e) => ({
          id: Number(e.id),
          condition: e.condition,
          filename: e.filename,
          contentType: e.content_type,
          size: Number(e.size),
          createdAt: e.created_at,
        })),
      openObjections: openBy.get(id) ?? 0,
      products: prodBy.get(id) ?? 0,
      createdAt: p.created_at,
    };
  });
}

export async function getProvider(deps: Deps, actor: Actor, id: number) {
  const p = await visibleProvider(deps, actor, id);
  return (await views(deps, [p], actor.lang))[0];
}

export async function myProvider(deps: Deps, actor: Actor) {
  const p = await providerByOrganization(deps, actor.organizationId);
  if (!p) throw notFound(PROVIDER, actor.organizationId);
  return getProvider(deps, actor, Number(p.id));
}

export interface ProviderListQuery {
  status?: string;
  jurisdiction?: string;
  category?: string;
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export async function listProviders(deps: Deps, actor: Actor, q: ProviderListQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(
    q.sort,
    { createdAt: 'p.created_at', name: 'o.name_pinyin', noticeEndsAt: 'p.notice_ends_at', status: 'p.status' } as const,
    '-createdAt',
  );
  const filter: repo.ProviderFilter = {
    visibleTo: isAdmin(actor) ? undefined : actor.organizationId,
    status: q.status,
    jurisdiction: q.jurisdiction,
    category: q.category,
    nameContains: q.q?.trim() ? fold(q.q.trim()) : undefined,
  };
  const { rows, total } = await repo.list(deps.db.db, deps.db.helpers, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await views(deps, rows, actor.lang), total, page, pageSize };
}

export async function applyAsProvider(deps: Deps, actor: Actor, input: { categories: string[]; description?: string; selfAssessment: SelfAssessment }) {
  if (actor.role !== 'org_admin') throw new AppError('forbidden', { reason: { zh: '由本机构管理员申请', en: 'Your organisation’s administrator applies' } });
  if (actor.organizationType === 'government_department')
    throw ruleError('provider-organization', '政府部门不能作为服务机构', 'A government department cannot be a service provider');
  assertCategories(input.categories, 'categories');
  const at = now(deps);
  await assertNoIntegrityBar(deps.db.db, { organizationId: actor.organizationId }, 'provide_services', at);
  const existing = await providerByOrganization(deps, actor.organizationId);
  if (existing && existing.status !== 'rejected')
    throw conflict({ zh: '本机构已提交过服务机构申请', en: 'Your organisation has already applied' }, { providerId: Number(existing.id) });
  const row = {
    organization_id: actor.organizationId,
    jurisdiction_code: actor.organizationJurisdiction,
    status: 'applied',
    categories: [...new Set(input.categories)].join(','),
    description: input.description?.trim() ?? '',
    self_assessment_json: JSON.stringify({ ...input.selfAssessment, statement: input.selfAssessment.statement.trim() }),
    check_json: null,
    notice_starts_at: null,
    notice_ends_at: null,
    listed_at: null,
    status_reason: null,
    applied_by: actor.userId,
    updated_at: at,
  };
  const id = await inTransaction(deps, async (trx) => {
    let pid: number;
    if (existing) {
      await repo.update(trx, Number(existing.id), row);
      pid = Number(existing.id);
    } else {
      pid = Number((await repo.insert(trx, { ...row, created_at: at })).id);
    }
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'provider.apply',
      entityType: 'provider',
      entityId: pid,
      jurisdictionCode: actor.organizationJurisdiction,
      change: row,
    });
    return pid;
  });
  return getProvider(deps, actor, id);
}

export async function addEvidence(deps: Deps, actor: Actor, id: number, input: UploadedDocument & { condition: string; filename: string }) {
  const p = await visibleProvider(deps, actor, id);
  if (!ownsProvider(actor, p))
    throw new AppError('forbidden', { reason: { zh: '只有本机构管理员可以上传材料', en: 'Only the provider’s administrator uploads evidence' } });
  if (!['applied', 'notice', 'rejected'].includes(p.status))
    throw ruleError('provider-state', '当前状态不能补充材料', 'Evidence can no longer be added in this state');
  if (!(EVIDENCE_CONDITIONS as readonly string[]).includes(input.condition)) throw invalid([{ field: 'query:/condition', code: 'value-invalid' }]);
  const { filename, sha256 } = acceptDocument(input, input.filename, 'evidence');
  const at = now(deps);
  const eid = await inTransaction(deps, async (trx) => {
    const { id: eid } = await repo.insertEvidence(trx, {
      provider_id: id,
      condition: input.condition,
      filename,
      content_type: input.contentType,
      size: input.body.length,
      sha256,
      content: input.body,
      uploaded_by: actor.userId,
      created_at: at,
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'provider.evidence.add',
      entityType: 'provider',
      entityId: id,
      jurisdictionCode: p.jurisdiction_code,
      change: { evidenceId: Number(eid), condition: input.condition, filename, size: input.body.length, sha256 },
    });
    return Number(eid);
  });
  return { id: eid, condition: input.condition, filename, contentType: input.contentType, size: input.body.length, createdAt: at };
}

export async function evidenceFile(deps: Deps, actor: Actor, id: number, evidenceId: number) {
  await visibleProvider(deps, actor, id);
  const e = await repo.findEvidence(deps.db.db, id, evidenceId);
  if (!e) throw notFound(EVIDENCE, evidenceId);
  return { filename: e.filename, contentType: e.content_type, content: Buffer.from(e.content) };
}

/** The platform check: what the records say about each condition of recognition. */
async function platformChecks(deps: Deps, p: NonNullable<ProviderRow>, at: string) {
  const years = p.established_on ? (Date.parse(at) - Date.parse(shanghaiMidnightIso(p.established_on))) / (365.2425 * 86_400_000) : 0;
  const [products, resources, record] = await Promise.all([
    repo.pricedProductCount(deps.db.db, Number(p.id)),
    countPricedResources(deps, Number(p.organization_id)),
    activeIntegrityRecord(deps.db.db, { organizationId: Number(p.organization_id) }, at),
  ]);
  const priced = Number(products.n) + resources;
  const min = deps.config.providerMinYears;
  // Stored as codes with parameters; rendered in the reader's language when read (renderCheck).
  const legal = p.organization_type !== 'government_department';
  const checks: Record<CheckKey, StoredCheck> = {
    legalEntity: { ok: legal, code: legal ? 'uscc-verified' : 'government-department' },
    yearsInOperation: p.established_on
      ? { ok: years >= min, code: 'established', params: { date: p.established_on, years: years.toFixed(1), min } }
      : { ok: false, code: 'no-founding-date' },
    publishedPrices: { ok: priced > 0, code: 'priced-services', params: { n: priced } },
    integrityClean: record
      ? { ok: false, code: 'integrity-record', params: { id: record.id, unit: record.decidingUnit } }
      : { ok: true, code: 'no-integrity-record' },
  };
  return checks;
}

async function transitionProvider(
  deps: Deps,
  actor: Actor,
  p: NonNullable<ProviderRow>,
  action: string,
  patch: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const at = now(deps);
  await inTransaction(deps, async (trx) => {
    const res = await repo.updateFrom(trx, Number(p.id), p.status, { ...patch, updated_at: at });
    if (Number(res.numUpdatedRows) !== 1) throw conflict({ zh: '服务机构状态已变化，请刷新', en: 'The provider changed meanwhile; reload' });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: `provider.${action}`,
      entityType: 'provider',
      entityId: Number(p.id),
      jurisdictionCode: p.jurisdiction_code,
      change: { from: p.status, ...patch, ...extra },
    });
  });
  return getProvider(deps, actor, Number(p.id));
}

function assertHomeAdmin(actor: Actor, p: { jurisdiction_code: string }) {
  if (!administers(actor, p.jurisdiction_code))
    throw new AppError('forbidden', { reason: { zh: '由服务机构所在地的管理部门办理', en: 'The provider’s home jurisdiction decides this' } });
}

function assertStatus(p: { status: string }, allowed: string[], zh: string, en: string) {
  if (!allowed.includes(p.status)) throw ruleError('provider-state', `${zh}（当前状态：${p.status}）`, `${en} (status: ${p.status})`, { state: p.status });
}

export async function checkProvider(deps: Deps, actor: Actor, id: number, input: { passed: boolean; note: string }) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  assertStatus(p, ['applied'], '只能核验待核验的申请', 'Only an application awaiting its check can be checked');
  const at = now(deps);
  const checks = await platformChecks(deps, p, at);
  const failed = (Object.entries(checks) as Array<[CheckKey, StoredCheck]>).filter(([, c]) => !c.ok).map(([k]) => k);
  if (input.passed && failed.length) {
    const zh = failed.map((k) => `${CHECK_NAMES[k].zh}（${renderCheck(checks[k], 'zh').detail}）`).join('；');
    const en = failed.map((k) => `${CHECK_NAMES[k].en} (${renderCheck(checks[k], 'en').detail})`).join('; ');
    throw ruleError('provider-conditions', `不满足认定条件：${zh}`, `Conditions not met: ${en}`, { failed, checks: renderChecks(checks, actor.lang ?? 'zh') });
  }
  const check = JSON.stringify({ passed: input.passed, note: input.note.trim(), checks, checkedAt: at, checkedBy: actor.userId });
  if (!input.passed) return transitionProvider(deps, actor, p, 'reject', { status: 'rejected', check_json: check, status_reason: input.note.trim() });
  const ends = new Date(Date.parse(at) + deps.config.providerNoticeDays * 86_400_000).toISOString();
  return transitionProvider(deps, actor, p, 'check', { status: 'notice', check_json: check, notice_starts_at: at, notice_ends_at: ends });
}

export async function listObjections(deps: Deps, actor: Actor, id: number) {
  const p = await visibleProvider(deps, actor, id);
  // The objector's identity is for the deciding administrators and the objector; the provider sees the substance.
  const admin = administers(actor, p.jurisdiction_code);
  const rows = await repo.objectionsOf(deps.db.db, id, !admin && !ownsProvider(actor, p) && !isAdmin(actor) ? actor.userId : undefined);
  return rows.map((r) => ({
    id: Number(r.id),
    reason: r.reason,
    status: r.status,
    resolution: r.resolution,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    objector: admin || Number(r.user_id) === actor.userId ? `${r.display_name}（${r.org_name}）` : null,
  }));
}

export async function fileObjection(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const p = await visibleProvider(deps, actor, id);
  const at = now(deps);
  if (p.status !== 'notice' || !p.notice_ends_at || at >= p.notice_ends_at)
    throw ruleError('notice-period', '只能在公示期内提出异议', 'Objections are taken during the public notice only');
  if (actor.organizationId === Number(p.organization_id)) throw ruleError('own-provider', '不能对本机构提出异议', 'You cannot object to your own organisation');
  const reason = input.reason.trim();
  if (!reason) throw invalid([{ field: 'body:/reason', code: 'value-invalid' }]);
  const oid = await inTransaction(deps, async (trx) => {
    const { id: oid } = await repo.insertObjection(trx, {
      provider_id: id,
      user_id: actor.userId,
      reason,
      status: 'open',
      resolution: null,
      resolved_by: null,
      created_at: at,
      resolved_at: null,
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'provider.objection.file',
      entityType: 'provider',
      entityId: id,
      jurisdictionCode: p.jurisdiction_code,
      change: { objectionId: Number(oid), reason },
    });
    // The deciding administrators and the provider (who may answer it) hear of it.
    await notify(trx, at, {
      userIds: [
        ...(await recipientsOf.jurisdictionAdmins(trx, p.jurisdiction_code)),
        ...(await recipientsOf.orgUsers(trx, Number(p.organization_id), ['org_admin'])),
      ],
      kind: 'provider.objection',
      params: { provider: await notices.organizationName(trx, Number(p.organization_id)) },
      link: `/vouchers/providers/${id}`,
    });
    return Number(oid);
  });
  return (await listObjections(deps, actor, id)).find((o) => o.id === oid)!;
}

export async function resolveObjection(deps: Deps, actor: Actor, id: number, objectionId: number, input: { upheld: boolean; resolution: string }) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  const o = await repo.findObjection(deps.db.db, id, objectionId);
  if (!o) throw notFound(OBJECTION, objectionId);
  if (o.status !== 'open') throw conflict({ zh: '该异议已处理', en: 'This objection has been resolved' });
  const at = now(deps);
  const status = input.upheld ? 'upheld' : 'dismissed';
  await inTransaction(deps, async (trx) => {
    await repo.resolveObjection(trx, objectionId, { status, resolution: input.resolution.trim(), resolved_by: actor.userId, resolved_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'provider.objection.resolve',
      entityType: 'provider',
      entityId: id,
      jurisdictionCode: p.jurisdiction_code,
      change: { objectionId, status, resolution: input.resolution.trim() },
    });
  });
  return (await listObjections(deps, actor, id)).find((x) => x.id === objectionId)!;
}

export async function listProvider(deps: Deps, actor: Actor, id: number) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  assertStatus(p, ['notice'], '只能在公示后列入名录', 'Only a provider in public notice can be listed');
  const at = now(deps);
  if (p.notice_ends_at && at < p.notice_ends_at)
    throw ruleError(
      'notice-period',
      `公示期至 ${p.notice_ends_at} 结束，结束前不能列入名录`,
      `The public notice runs until ${p.notice_ends_at}; listing waits for its end`,
      { noticeEndsAt: p.notice_ends_at },
    );
  const objections = await repo.standingObjections(deps.db.db, id);
  if (objections.length)
    throw ruleError('objections-open', '存在未处理或成立的异议，不能列入名录', 'Open or upheld objections stand in the way of listing', {
      objections: objections.map((o) => ({ status: o.status, count: Number(o.n) })),
    });
  await assertNoIntegrityBar(deps.db.db, { organizationId: Number(p.organization_id) }, 'provide_services', at);
  return transitionProvider(deps, actor, p, 'list', { status: 'listed', listed_at: at, status_reason: null });
}

export async function rejectProvider(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  assertStatus(p, ['applied', 'notice'], '只能驳回申请中或公示中的机构', 'Only an application or a provider in notice can be rejected');
  return transitionProvider(deps, actor, p, 'reject', { status: 'rejected', status_reason: input.reason.trim() });
}

export async function suspendProvider(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  assertStatus(p, ['listed'], '只能暂停已列入名录的机构', 'Only a listed provider can be suspended');
  return transitionProvider(deps, actor, p, 'suspend', { status: 'suspended', status_reason: input.reason.trim() });
}

export async function reinstateProvider(deps: Deps, actor: Actor, id: number) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  assertStatus(p, ['suspended'], '只能恢复已暂停的机构', 'Only a suspended provider can be reinstated');
  await assertNoIntegrityBar(deps.db.db, { organizationId: Number(p.organization_id) }, 'provide_services', now(deps));
  return transitionProvider(deps, actor, p, 'reinstate', { status: 'listed', status_reason: null });
}

export async function revokeProvider(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  assertStatus(p, ['listed', 'suspended'], '只能撤销已列入名录或已暂停的机构', 'Only a listed or suspended provider can be revoked');
  return transitionProvider(deps, actor, p, 'revoke', { status: 'revoked', status_reason: input.reason.trim() });
}

export async function recognise(deps: Deps, actor: Actor, id: number, input: { decision: 'recognised' | 'declined'; note?: string }) {
  const p = await visibleProvider(deps, actor, id);
  if (actor.role !== 'jurisdiction_admin' || !actor.jurisdictionCode)
    throw new AppError('forbidden', { reason: { zh: '由其他辖区的管理部门认定', en: 'Another jurisdiction’s administrator decides this' } });
  const j = actor.jurisdictionCode;
  if (j === p.jurisdiction_code)
    throw ruleError('home-jurisdiction', '本辖区的机构已由本辖区认定', 'Your own jurisdiction recognised this provider by listing it');
  assertStatus(p, ['listed'], '只能互认已列入名录的机构', 'Only a listed provider can be recognised');
  const at = now(deps);
  if (input.decision === 'recognised') await assertNoIntegrityBar(deps.db.db, { organizationId: Number(p.organization_id) }, 'provide_services', at);
  await inTransaction(deps, async (trx) => {
    const existing = await repo.findRecognition(trx, id, j);
    const row = { decision: input.decision, note: input.note?.trim() ?? '', decided_by: actor.userId, decided_at: at };
    if (existing) await repo.updateRecognition(trx, Number(existing.id), row);
    else await repo.insertRecognition(trx, { provider_id: id, jurisdiction_code: j, ...row });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: `provider.${input.decision === 'recognised' ? 'recognise' : 'decline'}`,
      entityType: 'provider',
      entityId: id,
      jurisdictionCode: j,
      change: { from: existing?.decision ?? null, ...row },
    });
    if (input.decision === 'recognised' && existing?.decision !== 'recognised')
      await notify(trx, at, {
        userIds: await recipientsOf.orgUsers(trx, Number(p.organization_id), ['org_admin']),
        kind: 'provider.recognised',
        params: {
          provider: await notices.organizationName(trx, Number(p.organization_id)),
          jurisdictionZh: JURISDICTION_NAMES[j]?.zh ?? j,
          jurisdictionEn: JURISDICTION_NAMES[j]?.en ?? j,
        },
        link: `/vouchers/providers/${id}`,
      });
  });
  return getProvider(deps, actor, id);
}

// ---- service products ---------------------------------------------------------------------

function productView(r: {
  id: number;
  provider_id: number;
  name: string;
  category: string;
  description: string;
  unit: string;
  price_fen: number;
  status: string;
  created_at: string;
}) {
  return {
    id: Number(r.id),
    providerId: Number(r.provider_id),
    name: r.name,
    category: r.category,
    description: r.description,
    unit: r.unit,
    priceFen: Number(r.price_fen),
    status: r.status,
    createdAt: r.created_at,
  };
}

export async function listProducts(deps: Deps, actor: Actor, id: number, q: { status?: string }) {
  await visibleProvider(deps, actor, id);
  return (await repo.productsOf(deps.db.db, id, q.status)).map(productView);
}

export async function createProduct(
  deps: Deps,
  actor: Actor,
  id: number,
  input: { name: string; category: string; description?: string; unit: string; priceFen: number },
) {
  const p = await visibleProvider(deps, actor, id);
  if (!ownsProvider(actor, p))
    throw new AppError('forbidden', { reason: { zh: '只有本机构管理员可以发布服务产品', en: 'Only the provider’s administrator publishes products' } });
  if (p.status === 'revoked') throw ruleError('provider-state', '已撤销的机构不能发布服务', 'A revoked provider cannot publish services');
  if (!csv(p.categories).includes(input.category)) throw invalid([{ field: 'body:/category', code: 'value-invalid' }]);
  const at = now(deps);
  const row = {
    provider_id: id,
    name: input.name.trim(),
    category: input.category,
    description: input.description?.trim() ?? '',
    unit: input.unit.trim(),
    price_fen: input.priceFen,
    status: 'active',
    created_at: at,
    updated_at: at,
  };
  const pid = await inTransaction(deps, async (trx) => {
    const { id: pid } = await repo.insertProduct(trx, row);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'provider.product.create',
      entityType: 'service_product',
      entityId: Number(pid),
      jurisdictionCode: p.jurisdiction_code,
      change: row,
    });
    return Number(pid);
  });
  return productView({ ...row, id: pid });
}

export async function updateProduct(
  deps: Deps,
  actor: Actor,
  id: number,
  productId: number,
  input: { name?: string; description?: string; unit?: string; priceFen?: number; status?: string },
) {
  const p = await visibleProvider(deps, actor, id);
  if (!ownsProvider(actor, p))
    throw new AppError('forbidden', { reason: { zh: '只有本机构管理员可以修改服务产品', en: 'Only the provider’s administrator edits products' } });
  const before = await repo.findProduct(deps.db.db, id, productId);
  if (!before) throw notFound(PRODUCT, productId);
  const at = now(deps);
  const patch: { name?: string; description?: string; unit?: string; price_fen?: number; status?: string } = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.description !== undefined) patch.description = input.description.trim();
  if (input.unit !== undefined) patch.unit = input.unit.trim();
  if (input.priceFen !== undefined) patch.price_fen = input.priceFen;
  if (input.status !== undefined) patch.status = input.status;
  await inTransaction(deps, async (trx) => {
    await repo.updateProduct(trx, productId, { ...patch, updated_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'provider.product.update',
      entityType: 'service_product',
      entityId: productId,
      jurisdictionCode: p.jurisdiction_code,
      change: { before, patch },
    });
  });
  const after = await repo.getProduct(deps.db.db, productId);
  return productView(after);
}

/**
 * Listed technology-transfer and IP service institutions with their active products, for the
 * technology market's matching (Decision art. 8).
 */
export async function transferInstitutions(deps: Deps) {
  const provs = await repo.listedTransferInstitutions(deps.db.db);
  const ids = provs.map((p) => Number(p.id));
  const products = ids.length ? await repo.activeProductsOf(deps.db.db, ids) : [];
  return provs.map((p) => ({
    providerId: Number(p.id),
    organizationId: Number(p.organization_id),
    name: p.name,
    jurisdictionCode: p.jurisdiction_code,
    categories: p.categories.split(',').filter(Boolean),
    description: p.description,
    products: products
      .filter((x) => Number(x.provider_id) === Number(p.id))
      .map((x) => ({ id: Number(x.id), name: x.name, category: x.category, description: x.description, unit: x.unit, priceFen: Number(x.price_fen) })),
  }));
}

// ---- the public portal (visitors who are not signed in) ----------------------------------------

/** Listed (recognised) providers only, for everybody; the portal answers them through its own allow-list. */
export async function listListedProviders(deps: Deps, q: Omit<ProviderListQuery, 'status'>) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { createdAt: 'p.created_at', name: 'o.name_pinyin' } as const, 'name');
  const filter: repo.ProviderFilter = {
    visibleTo: -1,
    status: 'listed',
    jurisdiction: q.jurisdiction,
    category: q.category,
    nameContains: q.q?.trim() ? fold(q.q.trim()) : undefined,
  };
  const { rows, total } = await repo.list(deps.db.db, deps.db.helpers, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await views(deps, rows), total, page, pageSize };
}

/** Listed providers per home jurisdiction code (the portal's regional overview). */
export async function listedCountsByJurisdiction(deps: Deps): Promise<Record<string, number>> {
  const rows = await repo.listedCountsByJurisdiction(deps.db.db);
  return Object.fromEntries(rows.map((r) => [r.jurisdiction_code, Number(r.n)]));
}
