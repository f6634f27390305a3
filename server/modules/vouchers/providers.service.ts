// Service providers (服务机构) that accept innovation vouchers (Decision art. 13): application with
// self-assessment and evidence → platform check → public notice (公示) with objections → listing;
// recognition by the other jurisdictions (互认) or refusal; suspension and revocation; their
// service products and the orders placed for them.
import { sql } from 'kysely';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound, parseJson } from '../../platform/errors';
import { activeIntegrityRecord, assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { acceptDocument, type UploadedDocument } from '../../platform/files';
import { isoNow, shanghaiMidnightIso } from '../../platform/clock';
import { fold } from '../../platform/text';
import { SERVICE_CATEGORIES, administers, csv, isAdmin, ruleError } from './rules';

const PROVIDER = { zh: '服务机构', en: 'provider' };
const PRODUCT = { zh: '服务产品', en: 'service product' };
const ORDER = { zh: '服务订单', en: 'service order' };
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
async function loadProvider(deps: Deps, id: number) {
  return deps.db.db
    .selectFrom('providers as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .selectAll('p')
    .select(['o.name as organization_name', 'o.established_on', 'o.type as organization_type'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** Listed and in-notice providers are public to the signed-in; the rest to their organisation and administrators. */
function canSeeProvider(a: Actor, p: { status: string; organization_id: number }) {
  return p.status === 'listed' || p.status === 'notice' || isAdmin(a) || a.organizationId === Number(p.organization_id);
}
const ownsProvider = (a: Actor, p: { organization_id: number }) => a.role === 'org_admin' && a.organizationId === Number(p.organization_id);
const worksForProvider = (a: Actor, p: { organization_id: number }) => (a.role === 'org_admin' || a.role === 'member') && a.organizationId === Number(p.organization_id);

async function visibleProvider(deps: Deps, actor: Actor, id: number) {
  const p = await loadProvider(deps, id);
  if (!p || !canSeeProvider(actor, p)) throw notFound(PROVIDER, id);
  return p;
}

/** Whether a provider may accept vouchers issued by a jurisdiction: listed, and at home or recognised there. */
export async function recognitionFor(deps: Deps, providerId: number, jurisdiction: string): Promise<'home' | 'recognised' | 'declined' | 'none'> {
  const p = await deps.db.db.selectFrom('providers').select(['jurisdiction_code']).where('id', '=', providerId).executeTakeFirst();
  if (!p) return 'none';
  if (p.jurisdiction_code === jurisdiction) return 'home';
  const r = await deps.db.db.selectFrom('provider_recognitions').select('decision').where('provider_id', '=', providerId).where('jurisdiction_code', '=', jurisdiction).executeTakeFirst();
  return r ? (r.decision === 'recognised' ? 'recognised' : 'declined') : 'none';
}

export async function providerByOrganization(deps: Deps, organizationId: number) {
  return deps.db.db.selectFrom('providers').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
}

async function views(deps: Deps, rows: NonNullable<ProviderRow>[]) {
  const ids = rows.map((r) => Number(r.id));
  if (ids.length === 0) return [];
  const db = deps.db.db;
  const [recs, ev, obj, prods] = await Promise.all([
    db.selectFrom('provider_recognitions').selectAll().where('provider_id', 'in', ids).orderBy('jurisdiction_code').execute(),
    db
      .selectFrom('provider_evidence')
      .select(['id', 'provider_id', 'condition', 'filename', 'content_type', 'size', 'created_at'])
      .where('provider_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('provider_objections')
      .select(['provider_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('provider_id', 'in', ids)
      .where('status', '=', 'open')
      .groupBy('provider_id')
      .execute(),
    db
      .selectFrom('service_products')
      .select(['provider_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('provider_id', 'in', ids)
      .where('status', '=', 'active')
      .groupBy('provider_id')
      .execute(),
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
      selfAssessment: parse<SelfAssessment>(p.self_assessment_json, { legalEntity: false, yearsInOperation: 0, publishedPrices: false, integrityClean: false, statement: '' }),
      check: parse<null | { passed: boolean; note: string; checks: Record<'legalEntity' | 'yearsInOperation' | 'publishedPrices' | 'integrityClean', { ok: boolean; detail: string }>; checkedAt: string }>(p.check_json, null),
      noticeStartsAt: p.notice_starts_at,
      noticeEndsAt: p.notice_ends_at,
      listedAt: p.listed_at,
      statusReason: p.status_reason,
      recognitions,
      recognisedIn:
        p.status === 'listed' ? [p.jurisdiction_code, ...recognitions.filter((r) => r.decision === 'recognised').map((r) => r.jurisdictionCode)].sort() : [],
      evidence: ev
        .filter((e) => Number(e.provider_id) === id)
        .map((e) => ({ id: Number(e.id), condition: e.condition, filename: e.filename, contentType: e.content_type, size: Number(e.size), createdAt: e.created_at })),
      openObjections: openBy.get(id) ?? 0,
      products: prodBy.get(id) ?? 0,
      createdAt: p.created_at,
    };
  });
}

export async function getProvider(deps: Deps, actor: Actor, id: number) {
  const p = await visibleProvider(deps, actor, id);
  return (await views(deps, [p]))[0];
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
  const { column, direction } = parseSort(q.sort, { createdAt: 'p.created_at', name: 'o.name_folded', noticeEndsAt: 'p.notice_ends_at', status: 'p.status' } as const, '-createdAt');
  let base = deps.db.db.selectFrom('providers as p').innerJoin('organizations as o', 'o.id', 'p.organization_id');
  if (!isAdmin(actor)) base = base.where((eb) => eb.or([eb('p.status', 'in', ['listed', 'notice']), eb('p.organization_id', '=', actor.organizationId)]));
  if (q.status) base = base.where('p.status', '=', q.status);
  if (q.jurisdiction) base = base.where('p.jurisdiction_code', '=', q.jurisdiction);
  if (q.category) base = base.where(sql<boolean>`(',' || p.categories || ',') like ${'%,' + q.category + ',%'}`);
  if (q.q?.trim()) base = base.where(deps.db.helpers.query.containsInsensitive(sql.ref('o.name_folded'), fold(q.q.trim())));
  const [rows, count] = await Promise.all([
    base
      .selectAll('p')
      .select(['o.name as organization_name', 'o.established_on', 'o.type as organization_type'])
      .orderBy(sql.ref(column), direction)
      .orderBy('p.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await views(deps, rows), total: Number(count.n), page, pageSize };
}

export async function applyAsProvider(deps: Deps, actor: Actor, input: { categories: string[]; description?: string; selfAssessment: SelfAssessment }) {
  if (actor.role !== 'org_admin') throw new AppError('forbidden', { reason: { zh: '由本机构管理员申请', en: 'Your organisation’s administrator applies' } });
  if (actor.organizationType === 'government_department') throw ruleError('provider-organization', '政府部门不能作为服务机构', 'A government department cannot be a service provider');
  assertCategories(input.categories, 'categories');
  const at = now(deps);
  await assertNoIntegrityBar(deps.db.db, { organizationId: actor.organizationId }, 'provide_services', at);
  const existing = await providerByOrganization(deps, actor.organizationId);
  if (existing && existing.status !== 'rejected') throw conflict({ zh: '本机构已提交过服务机构申请', en: 'Your organisation has already applied' }, { providerId: Number(existing.id) });
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
      await trx.updateTable('providers').set(row).where('id', '=', Number(existing.id)).execute();
      pid = Number(existing.id);
    } else {
      pid = Number((await trx.insertInto('providers').values({ ...row, created_at: at }).returning('id').executeTakeFirstOrThrow()).id);
    }
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'provider.apply', entityType: 'provider', entityId: pid, jurisdictionCode: actor.organizationJurisdiction, change: row });
    return pid;
  });
  return getProvider(deps, actor, id);
}

export async function addEvidence(deps: Deps, actor: Actor, id: number, input: UploadedDocument & { condition: string; filename: string }) {
  const p = await visibleProvider(deps, actor, id);
  if (!ownsProvider(actor, p)) throw new AppError('forbidden', { reason: { zh: '只有本机构管理员可以上传材料', en: 'Only the provider’s administrator uploads evidence' } });
  if (!['applied', 'notice', 'rejected'].includes(p.status)) throw ruleError('provider-state', '当前状态不能补充材料', 'Evidence can no longer be added in this state');
  if (!(EVIDENCE_CONDITIONS as readonly string[]).includes(input.condition)) throw invalid([{ field: 'query:/condition', code: 'value-invalid' }]);
  const { filename, sha256 } = acceptDocument(input, input.filename, 'evidence');
  const at = now(deps);
  const eid = await inTransaction(deps, async (trx) => {
    const { id: eid } = await trx
      .insertInto('provider_evidence')
      .values({ provider_id: id, condition: input.condition, filename, content_type: input.contentType, size: input.body.length, sha256, content: input.body, uploaded_by: actor.userId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
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
  const e = await deps.db.db.selectFrom('provider_evidence').selectAll().where('id', '=', evidenceId).where('provider_id', '=', id).executeTakeFirst();
  if (!e) throw notFound(EVIDENCE, evidenceId);
  return { filename: e.filename, contentType: e.content_type, content: Buffer.from(e.content) };
}

/** The platform check: what the records say about each condition of recognition. */
async function platformChecks(deps: Deps, p: NonNullable<ProviderRow>, at: string) {
  const years = p.established_on ? (Date.parse(at) - Date.parse(shanghaiMidnightIso(p.established_on))) / (365.2425 * 86_400_000) : 0;
  const [products, resources, record] = await Promise.all([
    deps.db.db.selectFrom('service_products').select((eb) => eb.fn.countAll<number>().as('n')).where('provider_id', '=', Number(p.id)).where('status', '=', 'active').where('price_fen', '>', 0).executeTakeFirstOrThrow(),
    deps.db.db.selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_org_id', '=', Number(p.organization_id)).where('status', '=', 'published').where('list_price_fen', '>', 0).executeTakeFirstOrThrow(),
    activeIntegrityRecord(deps.db.db, { organizationId: Number(p.organization_id) }, at),
  ]);
  const priced = Number(products.n) + Number(resources.n);
  const min = deps.config.providerMinYears;
  return {
    legalEntity: { ok: p.organization_type !== 'government_department', detail: '统一社会信用代码已核验 / USCC verified' },
    yearsInOperation: { ok: years >= min, detail: p.established_on ? `成立于 ${p.established_on}（${years.toFixed(1)} 年）/ established ${p.established_on} (${years.toFixed(1)} years); ≥ ${min}` : '无成立日期 / no founding date' },
    publishedPrices: { ok: priced > 0, detail: `${priced} 项公开定价的服务 / priced services` },
    integrityClean: { ok: !record, detail: record ? `失信记录 ${record.id}（${record.decidingUnit}）/ integrity record ${record.id}` : '无有效失信记录 / no active record' },
  };
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
    const res = await trx
      .updateTable('providers')
      .set({ ...patch, updated_at: at })
      .where('id', '=', Number(p.id))
      .where('status', '=', p.status)
      .executeTakeFirst();
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
  if (!administers(actor, p.jurisdiction_code)) throw new AppError('forbidden', { reason: { zh: '由服务机构所在地的管理部门办理', en: 'The provider’s home jurisdiction decides this' } });
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
  const failed = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([k]) => k);
  if (input.passed && failed.length) {
    throw ruleError('provider-conditions', `不满足认定条件：${failed.join('、')}`, `Conditions not met: ${failed.join(', ')}`, { failed, checks });
  }
  const check = JSON.stringify({ passed: input.passed, note: input.note.trim(), checks, checkedAt: at, checkedBy: actor.userId });
  if (!input.passed) return transitionProvider(deps, actor, p, 'reject', { status: 'rejected', check_json: check, status_reason: input.note.trim() });
  const ends = new Date(Date.parse(at) + deps.config.providerNoticeDays * 86_400_000).toISOString();
  return transitionProvider(deps, actor, p, 'check', { status: 'notice', check_json: check, notice_starts_at: at, notice_ends_at: ends });
}

export async function listObjections(deps: Deps, actor: Actor, id: number) {
  const p = await visibleProvider(deps, actor, id);
  let q = deps.db.db
    .selectFrom('provider_objections as x')
    .innerJoin('users as u', 'u.id', 'x.user_id')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['x.id', 'x.reason', 'x.status', 'x.resolution', 'x.created_at', 'x.resolved_at', 'x.user_id', 'u.display_name', 'o.name as org_name'])
    .where('x.provider_id', '=', id)
    .orderBy('x.id', 'desc');
  // The objector's identity is for the deciding administrators and the objector; the provider sees the substance.
  const admin = administers(actor, p.jurisdiction_code);
  if (!admin && !ownsProvider(actor, p) && !isAdmin(actor)) q = q.where('x.user_id', '=', actor.userId);
  const rows = await q.execute();
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
  if (p.status !== 'notice' || !p.notice_ends_at || at >= p.notice_ends_at) throw ruleError('notice-period', '只能在公示期内提出异议', 'Objections are taken during the public notice only');
  if (actor.organizationId === Number(p.organization_id)) throw ruleError('own-provider', '不能对本机构提出异议', 'You cannot object to your own organisation');
  const reason = input.reason.trim();
  if (!reason) throw invalid([{ field: 'body:/reason', code: 'value-invalid' }]);
  const oid = await inTransaction(deps, async (trx) => {
    const { id: oid } = await trx.insertInto('provider_objections').values({ provider_id: id, user_id: actor.userId, reason, status: 'open', resolution: null, resolved_by: null, created_at: at, resolved_at: null }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'provider.objection.file', entityType: 'provider', entityId: id, jurisdictionCode: p.jurisdiction_code, change: { objectionId: Number(oid), reason } });
    return Number(oid);
  });
  return (await listObjections(deps, actor, id)).find((o) => o.id === oid)!;
}

export async function resolveObjection(deps: Deps, actor: Actor, id: number, objectionId: number, input: { upheld: boolean; resolution: string }) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  const o = await deps.db.db.selectFrom('provider_objections').selectAll().where('id', '=', objectionId).where('provider_id', '=', id).executeTakeFirst();
  if (!o) throw notFound(OBJECTION, objectionId);
  if (o.status !== 'open') throw conflict({ zh: '该异议已处理', en: 'This objection has been resolved' });
  const at = now(deps);
  const status = input.upheld ? 'upheld' : 'dismissed';
  await inTransaction(deps, async (trx) => {
    await trx.updateTable('provider_objections').set({ status, resolution: input.resolution.trim(), resolved_by: actor.userId, resolved_at: at }).where('id', '=', objectionId).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'provider.objection.resolve', entityType: 'provider', entityId: id, jurisdictionCode: p.jurisdiction_code, change: { objectionId, status, resolution: input.resolution.trim() } });
  });
  return (await listObjections(deps, actor, id)).find((x) => x.id === objectionId)!;
}

export async function listProvider(deps: Deps, actor: Actor, id: number) {
  const p = await visibleProvider(deps, actor, id);
  assertHomeAdmin(actor, p);
  assertStatus(p, ['notice'], '只能在公示后列入名录', 'Only a provider in public notice can be listed');
  const at = now(deps);
  if (p.notice_ends_at && at < p.notice_ends_at) throw ruleError('notice-period', `公示期至 ${p.notice_ends_at} 结束，结束前不能列入名录`, `The public notice runs until ${p.notice_ends_at}; listing waits for its end`, { noticeEndsAt: p.notice_ends_at });
  const objections = await deps.db.db.selectFrom('provider_objections').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('provider_id', '=', id).where('status', 'in', ['open', 'upheld']).groupBy('status').execute();
  if (objections.length) throw ruleError('objections-open', '存在未处理或成立的异议，不能列入名录', 'Open or upheld objections stand in the way of listing', { objections: objections.map((o) => ({ status: o.status, count: Number(o.n) })) });
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
  if (actor.role !== 'jurisdiction_admin' || !actor.jurisdictionCode) throw new AppError('forbidden', { reason: { zh: '由其他辖区的管理部门认定', en: 'Another jurisdiction’s administrator decides this' } });
  const j = actor.jurisdictionCode;
  if (j === p.jurisdiction_code) throw ruleError('home-jurisdiction', '本辖区的机构已由本辖区认定', 'Your own jurisdiction recognised this provider by listing it');
  assertStatus(p, ['listed'], '只能互认已列入名录的机构', 'Only a listed provider can be recognised');
  const at = now(deps);
  if (input.decision === 'recognised') await assertNoIntegrityBar(deps.db.db, { organizationId: Number(p.organization_id) }, 'provide_services', at);
  await inTransaction(deps, async (trx) => {
    const existing = await trx.selectFrom('provider_recognitions').select(['id', 'decision']).where('provider_id', '=', id).where('jurisdiction_code', '=', j).executeTakeFirst();
    const row = { decision: input.decision, note: input.note?.trim() ?? '', decided_by: actor.userId, decided_at: at };
    if (existing) await trx.updateTable('provider_recognitions').set(row).where('id', '=', Number(existing.id)).execute();
    else await trx.insertInto('provider_recognitions').values({ provider_id: id, jurisdiction_code: j, ...row }).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: `provider.${input.decision === 'recognised' ? 'recognise' : 'decline'}`, entityType: 'provider', entityId: id, jurisdictionCode: j, change: { from: existing?.decision ?? null, ...row } });
  });
  return getProvider(deps, actor, id);
}

// ---- service products and orders ------------------------------------------------------------

function productView(r: { id: number; provider_id: number; name: string; category: string; description: string; unit: string; price_fen: number; status: string; created_at: string }) {
  return { id: Number(r.id), providerId: Number(r.provider_id), name: r.name, category: r.category, description: r.description, unit: r.unit, priceFen: Number(r.price_fen), status: r.status, createdAt: r.created_at };
}

export async function listProducts(deps: Deps, actor: Actor, id: number, q: { status?: string }) {
  await visibleProvider(deps, actor, id);
  let query = deps.db.db.selectFrom('service_products').selectAll().where('provider_id', '=', id);
  if (q.status) query = query.where('status', '=', q.status);
  return (await query.orderBy('status').orderBy('id').execute()).map(productView);
}

export async function createProduct(deps: Deps, actor: Actor, id: number, input: { name: string; category: string; description?: string; unit: string; priceFen: number }) {
  const p = await visibleProvider(deps, actor, id);
  if (!ownsProvider(actor, p)) throw new AppError('forbidden', { reason: { zh: '只有本机构管理员可以发布服务产品', en: 'Only the provider’s administrator publishes products' } });
  if (p.status === 'revoked') throw ruleError('provider-state', '已撤销的机构不能发布服务', 'A revoked provider cannot publish services');
  if (!csv(p.categories).includes(input.category)) throw invalid([{ field: 'body:/category', code: 'value-invalid' }]);
  const at = now(deps);
  const row = { provider_id: id, name: input.name.trim(), category: input.category, description: input.description?.trim() ?? '', unit: input.unit.trim(), price_fen: input.priceFen, status: 'active', created_at: at, updated_at: at };
  const pid = await inTransaction(deps, async (trx) => {
    const { id: pid } = await trx.insertInto('service_products').values(row).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'provider.product.create', entityType: 'service_product', entityId: Number(pid), jurisdictionCode: p.jurisdiction_code, change: row });
    return Number(pid);
  });
  return productView({ ...row, id: pid });
}

export async function updateProduct(deps: Deps, actor: Actor, id: number, productId: number, input: { name?: string; description?: string; unit?: string; priceFen?: number; status?: string }) {
  const p = await visibleProvider(deps, actor, id);
  if (!ownsProvider(actor, p)) throw new AppError('forbidden', { reason: { zh: '只有本机构管理员可以修改服务产品', en: 'Only the provider’s administrator edits products' } });
  const before = await deps.db.db.selectFrom('service_products').selectAll().where('id', '=', productId).where('provider_id', '=', id).executeTakeFirst();
  if (!before) throw notFound(PRODUCT, productId);
  const at = now(deps);
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.description !== undefined) patch.description = input.description.trim();
  if (input.unit !== undefined) patch.unit = input.unit.trim();
  if (input.priceFen !== undefined) patch.price_fen = input.priceFen;
  if (input.status !== undefined) patch.status = input.status;
  await inTransaction(deps, async (trx) => {
    await trx.updateTable('service_products').set({ ...patch, updated_at: at }).where('id', '=', productId).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'provider.product.update', entityType: 'service_product', entityId: productId, jurisdictionCode: p.jurisdiction_code, change: { before, patch } });
  });
  const after = await deps.db.db.selectFrom('service_products').selectAll().where('id', '=', productId).executeTakeFirstOrThrow();
  return productView(after);
}

async function orderViews(deps: Deps, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await deps.db.db
    .selectFrom('service_orders as s')
    .innerJoin('service_products as sp', 'sp.id', 's.product_id')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .innerJoin('organizations as po', 'po.id', 'p.organization_id')
    .innerJoin('organizations as bo', 'bo.id', 's.buyer_org_id')
    .leftJoin('redemptions as r', (j) => j.onRef('r.source_id', '=', 's.id').on('r.source_kind', '=', 'order').on('r.status', '=', 'completed'))
    .select([
      's.id',
      's.product_id',
      'sp.name as product_name',
      'sp.category',
      's.provider_id',
      'po.name as provider_name',
      's.buyer_org_id',
      'bo.name as buyer_org_name',
      's.quantity',
      's.amount_fen',
      's.note',
      's.status',
      's.created_at',
      's.completed_at',
      'r.id as redemption_id',
    ])
    .where('s.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids
    .map((id) => byId.get(id)!)
    .filter(Boolean)
    .map((r) => ({
      id: Number(r.id),
      productId: Number(r.product_id),
      productName: r.product_name,
      category: r.category,
      providerId: Number(r.provider_id),
      providerName: r.provider_name,
      buyerOrgId: Number(r.buyer_org_id),
      buyerOrgName: r.buyer_org_name,
      quantity: Number(r.quantity),
      amountFen: Number(r.amount_fen),
      note: r.note,
      status: r.status,
      createdAt: r.created_at,
      completedAt: r.completed_at,
      redemptionId: r.redemption_id === null ? null : Number(r.redemption_id),
    }));
}

export async function placeOrder(deps: Deps, actor: Actor, input: { productId: number; quantity: number; note?: string }) {
  if (isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '管理部门账号不能下单', en: 'Administrative accounts do not place orders' } });
  const prod = await deps.db.db
    .selectFrom('service_products as sp')
    .innerJoin('providers as p', 'p.id', 'sp.provider_id')
    .select(['sp.id', 'sp.provider_id', 'sp.price_fen', 'sp.status', 'p.status as provider_status', 'p.organization_id', 'p.jurisdiction_code'])
    .where('sp.id', '=', input.productId)
    .executeTakeFirst();
  if (!prod || prod.status !== 'active' || prod.provider_status !== 'listed') throw notFound(PRODUCT, input.productId);
  if (Number(prod.organization_id) === actor.organizationId) throw ruleError('own-provider', '不能向本机构下单', 'You cannot order from your own organisation');
  const at = now(deps);
  const amount = Number(prod.price_fen) * input.quantity;
  const row = { product_id: input.productId, provider_id: Number(prod.provider_id), buyer_org_id: actor.organizationId, buyer_user_id: actor.userId, quantity: input.quantity, amount_fen: amount, note: input.note?.trim() ?? '', status: 'placed', created_at: at, completed_at: null, updated_at: at };
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await trx.insertInto('service_orders').values(row).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'service_order.place', entityType: 'service_order', entityId: Number(id), jurisdictionCode: prod.jurisdiction_code, change: row });
    return Number(id);
  });
  return (await orderViews(deps, [id]))[0];
}

export async function listOrders(deps: Deps, actor: Actor, q: { scope?: 'buyer' | 'provider'; status?: string; sort?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { createdAt: 's.created_at', amount: 's.amount_fen', status: 's.status' } as const, '-createdAt');
  let base = deps.db.db.selectFrom('service_orders as s');
  if (q.scope === 'provider') {
    const p = await providerByOrganization(deps, actor.organizationId);
    base = base.where('s.provider_id', '=', p ? Number(p.id) : -1);
  } else base = base.where('s.buyer_org_id', '=', actor.organizationId);
  if (q.status) base = base.where('s.status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.select('s.id').orderBy(sql.ref(column), direction).orderBy('s.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await orderViews(deps, rows.map((r) => Number(r.id))), total: Number(count.n), page, pageSize };
}

export async function orderTransition(deps: Deps, actor: Actor, id: number, action: 'complete' | 'cancel', input: { amountFen?: number }) {
  const o = await deps.db.db
    .selectFrom('service_orders as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.status', 's.buyer_org_id', 's.amount_fen', 'p.organization_id', 'p.jurisdiction_code'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  const provider = o && worksForProvider(actor, o);
  const buyer = o && Number(o.buyer_org_id) === actor.organizationId;
  if (!o || (!provider && !buyer)) throw notFound(ORDER, id);
  if (action === 'complete' && !provider) throw new AppError('forbidden', { reason: { zh: '由服务机构确认完成', en: 'The provider confirms completion' } });
  if (o.status !== 'placed') throw ruleError('order-state', `订单状态为 ${o.status}，不能再${action === 'complete' ? '完成' : '取消'}`, `The order is ${o.status}; it cannot be ${action}d`, { state: o.status });
  const at = now(deps);
  const patch = action === 'complete' ? { status: 'completed', completed_at: at, amount_fen: input.amountFen ?? Number(o.amount_fen) } : { status: 'cancelled' };
  await inTransaction(deps, async (trx) => {
    const r = await trx.updateTable('service_orders').set({ ...patch, updated_at: at }).where('id', '=', id).where('status', '=', 'placed').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '订单状态已变化', en: 'The order changed meanwhile' });
    await recordAudit(trx, deps.db.helpers, at, { actor, action: `service_order.${action}`, entityType: 'service_order', entityId: id, jurisdictionCode: o.jurisdiction_code, change: patch });
  });
  return (await orderViews(deps, [id]))[0];
}

/** What a completed order charges, for the voucher redemption. */
export async function orderCharge(deps: Deps, id: number) {
  const o = await deps.db.db
    .selectFrom('service_orders as s')
    .innerJoin('service_products as sp', 'sp.id', 's.product_id')
    .select(['s.id', 's.status', 's.amount_fen', 's.buyer_org_id', 's.provider_id', 'sp.category', 'sp.name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!o) return null;
  return { status: o.status, amountFen: Number(o.amount_fen), buyerOrgId: Number(o.buyer_org_id), providerId: Number(o.provider_id), category: o.category, label: o.name };
}

/**
 * Listed technology-transfer and IP service institutions with their active products, for the
 * technology market's matching (Decision art. 8).
 */
export async function transferInstitutions(deps: Deps) {
  const provs = await deps.db.db
    .selectFrom('providers as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.id', 'p.organization_id', 'o.name', 'p.jurisdiction_code', 'p.categories', 'p.description'])
    .where('p.status', '=', 'listed')
    .where((eb) => eb.or([eb('p.categories', 'like', '%tech_transfer%'), eb('p.categories', 'like', '%ip_service%')]))
    .execute();
  const ids = provs.map((p) => Number(p.id));
  const products = ids.length
    ? await deps.db.db.selectFrom('service_products').select(['id', 'provider_id', 'name', 'category', 'description', 'unit', 'price_fen']).where('provider_id', 'in', ids).where('status', '=', 'active').execute()
    : [];
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
