// Licensing (Decision art. 8; Patent Law arts. 50–52): open patent licences (专利开放许可) declared
// by patentees and accepted by licensees in one step; licence and assignment contracts by
// agreement or after an auction, with payment schedules — lump sum, deferred (先使用后付费: after N
// months or at first revenue), instalments, revenue share — payments, revenue reports, reminders
// and default; risk-compensation pools funded by a jurisdiction pay the licensor first on default,
// and the default goes to the licensee's integrity record.
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/types';
import { JURISDICTION_CODES, administers, isAdministrator, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { conflict, forbidden, invalid, notFound, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow, shanghaiDate } from '../../platform/clock';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { shareOf } from '../../platform/money';
import { parseSort } from '../../platform/http';
import { recordWithin } from '../integrity/integrity.service';
import { listingRow, view as listingView } from './listings.service';

type Trx = Transaction<Database>;
const nowIso = (deps: Deps) => isoNow(deps.clock);
const OPEN_LICENCE = { zh: '开放许可声明', en: 'open licence declaration' };
const CONTRACT = { zh: '合同', en: 'contract' };
const POOL = { zh: '风险补偿资金池', en: 'risk-compensation pool' };

export const PAYMENT_METHODS = ['one_off', 'royalty', 'entry_royalty', 'free'] as const;
export const PAYMENT_MODES = ['lump_sum', 'deferred', 'instalments', 'revenue_share'] as const;
/** Royalty of an open licence: at most 20 % of net sales (the usual standard, DOMAIN.md). */
export const MAX_ROYALTY_BP = 2000;
/** A lump sum or a royalty falls due this many days after the event that triggers it. */
export const PAYMENT_DAYS = 30;
/** Reminders go this many days before an instalment falls due. */
export const REMIND_DAYS = 7;
/** An instalment this many days overdue lets the licensor declare a default. */
export const DEFAULT_GRACE_DAYS = 30;
/** How long a default stays on the licensee's record. */
export const DEFAULT_RECORD_MONTHS = 12;

/** The same time N calendar months later in Beijing (the day clamped to the month's last: 31 Jan → 28 Feb). */
export function addMonths(iso: string, months: number): string {
  const BEIJING = 8 * 3_600_000;
  const d = new Date(Date.parse(iso) + BEIJING);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return new Date(d.getTime() - BEIJING).toISOString();
}
const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

function isOrgAdminOf(actor: Actor, orgId: number | null) {
  return orgId !== null && actor.role === 'org_admin' && actor.organizationId === Number(orgId);
}

// ---- open licences -----------------------------------------------------------------------------

export interface DeclarationInput {
  listingId: number;
  paymentMethod: (typeof PAYMENT_METHODS)[number];
  feeFen?: number;
  royaltyBp?: number;
  termMonths: number;
  statement?: string;
}

/** Every bar the law puts on a declaration that applies to this patent (Patent Law art. 50, Regs. art. 85). */
async function declarationBars(db: Trx, l: any): Promise<Array<{ rule: string; zh: string; en: string }>> {
  const bars: Array<{ rule: string; zh: string; en: string }> = [];
  if (!['invention', 'utility_model', 'design'].includes(l.result_type)) bars.push({ rule: 'open-licence-not-patent', zh: '只有专利可以声明开放许可', en: 'only patents can be offered under an open licence' });
  else if (l.patent_status !== 'granted') bars.push({ rule: 'open-licence-not-granted', zh: '专利尚未授权，不能声明开放许可', en: 'the patent is not granted yet' });
  const exclusive = await db.selectFrom('contracts').select('id').where('listing_id', '=', l.id).where('exclusive', '=', 1).where('status', '=', 'active').executeTakeFirst();
  if (Number(l.exclusive_licence) || exclusive)
    bars.push({ rule: 'open-licence-exclusive-licence', zh: '独占或排他许可有效期内，不能声明开放许可', en: 'an exclusive licence is in force' });
  if (Number(l.pledged) && !Number(l.pledgee_consent)) bars.push({ rule: 'open-licence-pledged', zh: '专利已质押且未经质权人同意', en: 'the patent is pledged without the pledgee’s consent' });
  if (!Number(l.annual_fee_paid)) bars.push({ rule: 'open-licence-annual-fee', zh: '未按规定缴纳专利年费', en: 'the annual fee is unpaid' });
  if (Number(l.ownership_disputed)) bars.push({ rule: 'open-licence-ownership-disputed', zh: '专利权属存在纠纷', en: 'the ownership of the patent is disputed' });
  if (['utility_model', 'design'].includes(l.result_type) && !l.evaluation_report)
    bars.push({ rule: 'open-licence-evaluation-report', zh: '实用新型和外观设计专利须提供专利权评价报告', en: 'utility models and designs need a patent evaluation report' });
  return bars;
}

function checkFee(input: { paymentMethod: string; feeFen?: number; royaltyBp?: number; termMonths: number }) {
  const p: Array<{ field: string; code: string; params?: any }> = [];
  const fee = input.feeFen ?? 0;
  const bp = input.royaltyBp ?? 0;
  if (input.paymentMethod === 'one_off' && fee <= 0) p.push({ field: 'body:/feeFen', code: 'required' });
  if (input.paymentMethod === 'entry_royalty' && fee <= 0) p.push({ field: 'body:/feeFen', code: 'required' });
  if (['royalty', 'entry_royalty'].includes(input.paymentMethod) && (bp <= 0 || bp > MAX_ROYALTY_BP)) p.push({ field: 'body:/royaltyBp', code: 'royalty-range', params: { max: MAX_ROYALTY_BP / 100 } });
  if (input.paymentMethod === 'free' && (fee || bp)) p.push({ field: 'body:/feeFen', code: 'value-invalid' });
  if (input.paymentMethod === 'one_off' && bp) p.push({ field: 'body:/royaltyBp', code: 'value-invalid' });
  if (input.paymentMethod === 'royalty' && fee) p.push({ field: 'body:/feeFen', code: 'value-invalid' });
  if (p.length) throw invalid(p);
}

export function openLicenceView(o: any, listing: any, licensees: number) {
  return {
    id: Number(o.id),
    listingId: Number(o.listing_id),
    status: o.status,
    paymentMethod: o.payment_method,
    feeFen: Number(o.fee_fen),
    royaltyBp: Number(o.royalty_bp),
    termMonths: Number(o.term_months),
    statement: o.statement,
    declaredAt: o.declared_at,
    withdrawnAt: o.withdrawn_at,
    withdrawalReason: o.withdrawal_reason,
    licensees,
    patent: listing
      ? { id: Number(listing.id), title: listing.title, applicationNo: listing.application_no, resultType: listing.result_type, ownerName: listing.owner_name, ownerOrgId: listing.owner_org_id === null ? null : Number(listing.owner_org_id), jurisdictionCode: listing.jurisdiction_code, ipc: listing.ipc_codes ? listing.ipc_codes.split(',') : [] }
      : null,
  };
}

async function openLicenceViews(deps: Deps, rows: any[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const [listings, counts] = await Promise.all([
    deps.db.db.selectFrom('listings').selectAll().where('id', 'in', rows.map((r) => Number(r.listing_id))).execute(),
    deps.db.db.selectFrom('licences').select(['open_licence_id', (eb) => eb.fn.countAll<number>().as('n')]).where('open_licence_id', 'in', ids).groupBy('open_licence_id').execute(),
  ]);
  const lById = new Map(listings.map((l) => [Number(l.id), l]));
  const nById = new Map(counts.map((c) => [Number(c.open_licence_id), Number(c.n)]));
  return rows.map((o) => openLicenceView(o, lById.get(Number(o.listing_id)), nById.get(Number(o.id)) ?? 0));
}

export async function listOpenLicences(deps: Deps, q: { status?: string; listingId?: number; ownerOrgId?: number; paymentMethod?: string; sort?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { declaredAt: 'o.declared_at', fee: 'o.fee_fen', royalty: 'o.royalty_bp' } as const, '-declaredAt');
  let base = deps.db.db.selectFrom('open_licences as o').innerJoin('listings as l', 'l.id', 'o.listing_id');
  base = base.where('o.status', '=', q.status ?? 'active');
  if (q.listingId) base = base.where('o.listing_id', '=', q.listingId);
  if (q.ownerOrgId) base = base.where('l.owner_org_id', '=', q.ownerOrgId);
  if (q.paymentMethod) base = base.where('o.payment_method', '=', q.paymentMethod);
  const [rows, count] = await Promise.all([
    base.selectAll('o').orderBy(column, direction).orderBy('o.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await openLicenceViews(deps, rows), total: Number(count.n), page, pageSize };
}

export async function getOpenLicence(deps: Deps, id: number) {
  const o = await deps.db.db.selectFrom('open_licences').selectAll().where('id', '=', id).executeTakeFirst();
  if (!o) throw notFound(OPEN_LICENCE, id);
  return (await openLicenceViews(deps, [o]))[0];
}

export async function declareOpenLicence(deps: Deps, actor: Actor, input: DeclarationInput) {
  checkFee(input);
  const at = nowIso(deps);
  const id = await inTransaction(deps, async (trx) => {
    let lq = trx.selectFrom('listings').selectAll().where('id', '=', input.listingId);
    if (deps.db.helpers.query.supportsRowLocks) lq = lq.forUpdate();
    const l = await lq.executeTakeFirst();
    if (!l || l.kind !== 'result' || l.status !== 'published') throw notFound({ zh: '科技成果', en: 'result' }, input.listingId);
    if (!isOrgAdminOf(actor, l.owner_org_id)) throw forbidden({ zh: '由专利权人（成果所属机构管理员）声明', en: 'the patentee (an admin of the owning organisation) declares' });
    const bars = await declarationBars(trx, l);
    if (bars.length) throw ruleError(bars[0].rule, bars[0].zh, bars[0].en, { bars: bars.map((b) => b.rule) });
    const existing = await trx.selectFrom('open_licences').select('id').where('listing_id', '=', l.id).where('status', '=', 'active').executeTakeFirst();
    if (existing) throw conflict({ zh: '该专利已有有效的开放许可声明', en: 'this patent already has an open licence declaration in force' }, { rule: 'open-licence-exists', openLicenceId: Number(existing.id) });
    const row = {
      listing_id: Number(l.id),
      status: 'active',
      payment_method: input.paymentMethod,
      fee_fen: input.feeFen ?? 0,
      royalty_bp: input.royaltyBp ?? 0,
      term_months: input.termMonths,
      statement: input.statement?.trim() ?? '',
      declared_by: actor.userId,
      declared_at: at,
      updated_at: at,
    };
    const id = Number((await trx.insertInto('open_licences').values(row).returning('id').executeTakeFirstOrThrow()).id);
    // The listing changes for the feed (it now carries an open licence).
    await trx.updateTable('listings').set({ updated_at: at }).where('id', '=', l.id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'open_licence.declare', entityType: 'open_licence', entityId: id, jurisdictionCode: l.jurisdiction_code, change: row });
    return id;
  });
  return getOpenLicence(deps, id);
}

export async function withdrawOpenLicence(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const o = await trx.selectFrom('open_licences').selectAll().where('id', '=', id).executeTakeFirst();
    if (!o) throw notFound(OPEN_LICENCE, id);
    const l = (await listingRow(trx, Number(o.listing_id)))!;
    if (!isOrgAdminOf(actor, l.owner_org_id)) throw forbidden({ zh: '由专利权人撤回', en: 'the patentee withdraws' });
    const n = await trx.updateTable('open_licences').set({ status: 'withdrawn', withdrawn_at: at, withdrawal_reason: input.reason.trim(), updated_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
    if (Number(n.numUpdatedRows) === 0) throw ruleError('open-licence-withdrawn', '该声明已撤回', 'the declaration is already withdrawn', { state: o.status });
    await trx.updateTable('listings').set({ updated_at: at }).where('id', '=', l.id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'open_licence.withdraw', entityType: 'open_licence', entityId: id, jurisdictionCode: l.jurisdiction_code, change: { reason: input.reason } });
  });
  return getOpenLicence(deps, id);
}

/**
 * The licensee's notice and acceptance of the declared terms: a non-exclusive licence exists at
 * once, with its record, and a contract carries the declared payment.
 */
export async function acceptOpenLicence(deps: Deps, actor: Actor, id: number, input: { note?: string } = {}) {
  const at = nowIso(deps);
  if (isAdministrator(actor) || actor.role !== 'org_admin') throw forbidden({ zh: '由被许可机构的管理员接受许可', en: 'an admin of the licensee organisation accepts' });
  const contractId = await inTransaction(deps, async (trx) => {
    // FOR UPDATE, not SHARE: two acceptances by one organisation at once must queue, so the second
    // sees the first's licence (409) instead of failing on the unique index (500).
    let oq = trx.selectFrom('open_licences').selectAll().where('id', '=', id);
    if (deps.db.helpers.query.supportsRowLocks) oq = oq.forUpdate();
    const o = await oq.executeTakeFirst();
    if (!o) throw notFound(OPEN_LICENCE, id);
    if (o.status !== 'active') throw ruleError('open-licence-withdrawn', '该开放许可声明已撤回，不能再取得许可', 'the declaration has been withdrawn', { state: o.status, withdrawnAt: o.withdrawn_at });
    const l = (await listingRow(trx, Number(o.listing_id)))!;
    if (Number(l.owner_org_id) === actor.organizationId) throw ruleError('own-patent', '不能许可给本机构', 'a patentee does not license to itself');
    await assertNoIntegrityBar(trx, { organizationId: actor.organizationId, userId: actor.userId }, 'license', at);
    const live = await trx.selectFrom('licences').select('record_no').where('open_licence_id', '=', id).where('licensee_org_id', '=', actor.organizationId).where('status', '=', 'active').executeTakeFirst();
    if (live) throw conflict({ zh: '本机构已取得该开放许可', en: 'your organisation already holds this licence' }, { rule: 'licence-exists', recordNo: live.record_no });
    const mode = o.payment_method === 'royalty' || o.payment_method === 'entry_royalty' ? 'revenue_share' : 'lump_sum';
    const cid = await insertContract(trx, deps, at, actor, {
      listing_id: Number(l.id),
      via: 'open_licence',
      kind: 'licence',
      exclusive: 0,
      licensor_org_id: Number(l.owner_org_id),
      licensee_org_id: actor.organizationId,
      proposed_by_org_id: Number(l.owner_org_id),
      open_licence_id: id,
      price_fen: Number(o.fee_fen),
      payment_mode: mode,
      revenue_share_bp: Number(o.royalty_bp),
      term_months: Number(o.term_months),
      terms: `依开放许可声明（第 ${id} 号）取得的普通许可${input.note ? `；${input.note.trim()}` : ''}`,
      status: 'proposed',
    });
    await activate(trx, deps, at, actor, cid);
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'open_licence.accept', entityType: 'open_licence', entityId: id, jurisdictionCode: l.jurisdiction_code, change: { contractId: cid, licensee: actor.organizationId } });
    return cid;
  });
  return getContract(deps, actor, contractId);
}

// ---- contracts ---------------------------------------------------------------------------------

export interface ContractInput {
  listingId: number;
  licenseeOrgId?: number;
  kind: 'licence' | 'assignment';
  exclusive?: boolean;
  priceFen: number;
  paymentMode: (typeof PAYMENT_MODES)[number];
  deferMonths?: number;
  deferUntilRevenue?: boolean;
  instalmentCount?: number;
  intervalMonths?: number;
  revenueShareBp?: number;
  poolId?: number | null;
  termMonths: number;
  terms?: string;
}

async function insertContract(trx: Trx, deps: Deps, at: string, actor: Actor, row: Record<string, any>) {
  // Unique until the id-based number replaces it, and short enough for contract_no varchar(32).
  const provisionalNo = `P-${randomBytes(12).toString('hex')}`;
  const id = Number((await trx.insertInto('contracts').values({ contract_no: provisionalNo, created_by: actor.userId, created_at: at, updated_at: at, ...row } as any).returning('id').executeTakeFirstOrThrow()).id);
  const no = `YRD-TT-${at.slice(0, 4)}-${String(id).padStart(6, '0')}`;
  await trx.updateTable('contracts').set({ contract_no: no }).where('id', '=', id).execute();
  await recordAudit(trx, deps.db.helpers, at, { actor, action: 'contract.create', entityType: 'contract', entityId: id, jurisdictionCode: actor.organizationJurisdiction, change: { ...row, contract_no: no } });
  return id;
}

function checkPayment(input: ContractInput) {
  const p: Array<{ field: string; code: string; params?: any }> = [];
  const f = (field: string, code: string, params?: any) => p.push({ field: `body:/${field}`, code, params });
  if (input.paymentMode === 'deferred' && !input.deferUntilRevenue && !(input.deferMonths && input.deferMonths > 0)) f('deferMonths', 'required');
  if (input.paymentMode === 'instalments' && !((input.instalmentCount ?? 0) >= 2)) f('instalmentCount', 'value-invalid');
  // Every instalment at least a fen: one of nothing would stay open for ever (and could be "defaulted").
  else if (input.paymentMode === 'instalments' && input.priceFen < (input.instalmentCount ?? 0)) f('instalmentCount', 'value-invalid', { max: input.priceFen });
  if (input.paymentMode === 'instalments' && !((input.intervalMonths ?? 0) >= 1)) f('intervalMonths', 'required');
  if (input.paymentMode === 'revenue_share' && !((input.revenueShareBp ?? 0) > 0 && (input.revenueShareBp ?? 0) <= 5000)) f('revenueShareBp', 'value-invalid');
  if (input.paymentMode !== 'revenue_share' && input.priceFen <= 0) f('priceFen', 'required');
  if (input.kind === 'assignment' && input.paymentMode === 'revenue_share') f('paymentMode', 'value-invalid');
  if (p.length) throw invalid(p);
}

export async function proposeContract(deps: Deps, actor: Actor, input: ContractInput) {
  checkPayment(input);
  if (isAdministrator(actor) || actor.role !== 'org_admin') throw forbidden({ zh: '由合同当事机构的管理员签订', en: 'an admin of a contracting organisation proposes contracts' });
  const at = nowIso(deps);
  const id = await inTransaction(deps, async (trx) => {
    const l = await listingRow(trx, input.listingId);
    if (!l || l.kind !== 'result' || l.status !== 'published' || l.owner_org_id === null) throw notFound({ zh: '科技成果', en: 'result' }, input.listingId);
    const licensorId = Number(l.owner_org_id);
    const licenseeId = actor.organizationId === licensorId ? input.licenseeOrgId : actor.organizationId;
    if (!licenseeId) throw invalid([{ field: 'body:/licenseeOrgId', code: 'required' }]);
    if (licenseeId === licensorId) throw ruleError('own-patent', '许可方与被许可方不能是同一机构', 'licensor and licensee must differ');
    const licensee = await trx.selectFrom('organizations').select(['id', 'jurisdiction_code', 'type']).where('id', '=', licenseeId).executeTakeFirst();
    if (!licensee) throw invalid([{ field: 'body:/licenseeOrgId', code: 'organization-invalid' }]);
    const exclusive = input.kind === 'assignment' || Boolean(input.exclusive);
    if (exclusive) {
      const ol = await trx.selectFrom('open_licences').select('id').where('listing_id', '=', l.id).where('status', '=', 'active').executeTakeFirst();
      if (ol) throw ruleError('exclusive-while-open-licence', '开放许可实施期间不能就该专利授予独占或排他许可', 'no exclusive licence while an open licence is declared', { openLicenceId: Number(ol.id) });
      const ex = await trx.selectFrom('contracts').select('id').where('listing_id', '=', l.id).where('exclusive', '=', 1).where('status', '=', 'active').executeTakeFirst();
      if (ex) throw ruleError('exclusive-licence-in-force', '已有有效的独占许可或转让合同', 'an exclusive licence or assignment is in force', { contractId: Number(ex.id) });
    }
    if (input.poolId) {
      const pool = await trx.selectFrom('risk_pools').selectAll().where('id', '=', input.poolId).executeTakeFirst();
      if (!pool || pool.status !== 'active') throw invalid([{ field: 'body:/poolId', code: 'value-invalid' }]);
      if (pool.jurisdiction_code !== licensee.jurisdiction_code)
        throw ruleError('pool-jurisdiction', '风险补偿资金池只保障本辖区的被许可企业', 'a risk pool covers licensees of its own jurisdiction', { poolJurisdiction: pool.jurisdiction_code });
      if (input.paymentMode === 'lump_sum') throw ruleError('pool-needs-deferral', '只有先使用后付费（延期、分期、提成）合同可纳入风险补偿', 'only deferred payment contracts join a risk pool');
    }
    if (actor.organizationId !== licensorId) await assertNoIntegrityBar(trx, { organizationId: actor.organizationId, userId: actor.userId }, 'license', at);
    return insertContract(trx, deps, at, actor, {
      listing_id: Number(l.id),
      via: 'agreement',
      kind: input.kind,
      exclusive: exclusive ? 1 : 0,
      licensor_org_id: licensorId,
      licensee_org_id: licenseeId,
      proposed_by_org_id: actor.organizationId,
      price_fen: input.priceFen,
      payment_mode: input.paymentMode,
      defer_months: input.deferMonths ?? 0,
      defer_until_revenue: input.deferUntilRevenue ? 1 : 0,
      instalment_count: input.paymentMode === 'instalments' ? input.instalmentCount! : 1,
      interval_months: input.intervalMonths ?? 0,
      revenue_share_bp: input.revenueShareBp ?? 0,
      pool_id: input.poolId ?? null,
      term_months: input.termMonths,
      terms: input.terms?.trim() ?? '',
      status: 'proposed',
    });
  });
  return getContract(deps, actor, id);
}

/** The payment schedule a contract's terms give at signing. */
export function scheduleOf(c: { payment_mode: string; price_fen: number; defer_months: number; defer_until_revenue: number; instalment_count: number; interval_months: number }, signedAt: string) {
  const price = Number(c.price_fen);
  const out: Array<{ seq: number; label: string; due_at: string | null; amount_fen: number }> = [];
  switch (c.payment_mode) {
    case 'lump_sum':
      if (price > 0) out.push({ seq: 1, label: '一次性支付', due_at: addDays(signedAt, PAYMENT_DAYS), amount_fen: price });
      break;
    case 'deferred':
      out.push({ seq: 1, label: Number(c.defer_until_revenue) ? '首笔收入后支付' : `使用 ${c.defer_months} 个月后支付`, due_at: Number(c.defer_until_revenue) ? null : addMonths(signedAt, Number(c.defer_months)), amount_fen: price });
      break;
    case 'instalments': {
      const n = Number(c.instalment_count);
      const each = Math.floor(price / n);
      const first = Number(c.defer_months) > 0 ? Number(c.defer_months) : Number(c.interval_months);
      for (let i = 0; i < n; i++) {
        // The remainder (fen) goes to the last instalment, so the parts add up to the price. Each date
        // counts from the signing: a day clamped in a short month (31 Jan → 28 Feb) does not drift on.
        out.push({ seq: i + 1, label: `第 ${i + 1}/${n} 期`, due_at: addMonths(signedAt, first + i * Number(c.interval_months)), amount_fen: i === n - 1 ? price - each * (n - 1) : each });
      }
      break;
    }
    case 'revenue_share':
      if (price > 0) out.push({ seq: 1, label: '入门费', due_at: addDays(signedAt, PAYMENT_DAYS), amount_fen: price });
      break;
  }
  return out;
}

/** Signing: the contract is in force, its schedule is set, a licence contract records its licence. */
async function activate(trx: Trx, deps: Deps, at: string, actor: Actor, id: number) {
  const c = await trx.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const ends = addMonths(at, Number(c.term_months));
  await trx.updateTable('contracts').set({ status: 'active', signed_at: at, starts_at: at, ends_at: ends, updated_at: at }).where('id', '=', id).execute();
  const rows = scheduleOf(c as any, at).map((s) => ({ ...s, contract_id: id, status: 'scheduled', created_at: at }));
  if (rows.length) await trx.insertInto('contract_instalments').values(rows).execute();
  if (c.kind === 'licence') {
    const lid = Number(
      (
        await trx
          .insertInto('licences')
          .values({ record_no: `P-${id}`, listing_id: Number(c.listing_id), open_licence_id: c.open_licence_id, contract_id: id, licensee_org_id: Number(c.licensee_org_id), exclusive: Number(c.exclusive), status: 'active', starts_at: at, ends_at: ends, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    const recordNo = `YRD-XK-${at.slice(0, 4)}-${String(lid).padStart(6, '0')}`;
    await trx.updateTable('licences').set({ record_no: recordNo }).where('id', '=', lid).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'licence.record', entityType: 'licence', entityId: lid, jurisdictionCode: actor.organizationJurisdiction, change: { recordNo, contractId: id, exclusive: Number(c.exclusive) } });
  }
  if (Number(c.exclusive)) await trx.updateTable('listings').set({ exclusive_licence: c.kind === 'licence' ? 1 : 0, updated_at: at }).where('id', '=', c.listing_id).execute();
  await recordAudit(trx, deps.db.helpers, at, { actor, action: 'contract.sign', entityType: 'contract', entityId: id, jurisdictionCode: actor.organizationJurisdiction, change: { instalments: rows.length, endsAt: ends } });
}

async function lockContract(trx: Trx, deps: Deps, id: number) {
  let q = trx.selectFrom('contracts').selectAll().where('id', '=', id);
  if (deps.db.helpers.query.supportsRowLocks) q = q.forUpdate();
  const c = await q.executeTakeFirst();
  if (!c) throw notFound(CONTRACT, id);
  return c;
}

function partyOf(actor: Actor, c: { licensor_org_id: number; licensee_org_id: number }): 'licensor' | 'licensee' | null {
  if (actor.organizationId === Number(c.licensor_org_id)) return 'licensor';
  if (actor.organizationId === Number(c.licensee_org_id)) return 'licensee';
  return null;
}

export async function signContract(deps: Deps, actor: Actor, id: number) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const c = await lockContract(trx, deps, id);
    const party = partyOf(actor, c);
    if (!party) throw notFound(CONTRACT, id);
    if (actor.role !== 'org_admin') throw forbidden({ zh: '由合同当事机构的管理员签署', en: 'an admin of the contracting organisation signs' });
    if (Number(c.proposed_by_org_id) === actor.organizationId) throw ruleError('sign-by-counterparty', '合同由对方签署确认', 'the other party signs', { state: c.status });
    if (c.status !== 'proposed') throw ruleError('contract-not-proposed', '合同不在待签署状态', 'the contract is not awaiting signature', { state: c.status });
    await assertNoIntegrityBar(trx, { organizationId: Number(c.licensee_org_id) }, 'license', at);
    if (Number(c.exclusive)) {
      // The patent's row lock, as a declaration takes it: exclusive signatures and declarations of
      // one patent queue, so the checks below see what the other committed.
      if (deps.db.helpers.query.supportsRowLocks) await trx.selectFrom('listings').select('id').where('id', '=', c.listing_id).forUpdate().execute();
      const ol = await trx.selectFrom('open_licences').select('id').where('listing_id', '=', c.listing_id).where('status', '=', 'active').executeTakeFirst();
      if (ol) throw ruleError('exclusive-while-open-licence', '开放许可实施期间不能就该专利授予独占或排他许可', 'no exclusive licence while an open licence is declared');
      const ex = await trx.selectFrom('contracts').select('id').where('listing_id', '=', c.listing_id).where('exclusive', '=', 1).where('status', '=', 'active').executeTakeFirst();
      if (ex) throw ruleError('exclusive-licence-in-force', '已有有效的独占许可或转让合同', 'an exclusive licence or assignment is in force');
    }
    await activate(trx, deps, at, actor, id);
  });
  return getContract(deps, actor, id);
}

export async function cancelContract(deps: Deps, actor: Actor, id: number) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const c = await lockContract(trx, deps, id);
    if (!partyOf(actor, c)) throw notFound(CONTRACT, id);
    if (actor.role !== 'org_admin') throw forbidden({ zh: '由合同当事机构的管理员撤销', en: 'an admin of the contracting organisation cancels' });
    if (c.status !== 'proposed') throw ruleError('contract-not-proposed', '只有待签署的合同可以撤销', 'only a contract awaiting signature can be cancelled', { state: c.status });
    await trx.updateTable('contracts').set({ status: 'cancelled', updated_at: at }).where('id', '=', id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'contract.cancel', entityType: 'contract', entityId: id, jurisdictionCode: actor.organizationJurisdiction, change: {} });
  });
  return getContract(deps, actor, id);
}

const CLOSED = ['completed', 'defaulted', 'terminated', 'cancelled'];

function assertOpen(c: { status: string }) {
  if (c.status === 'proposed') throw ruleError('contract-not-signed', '合同尚未签署', 'the contract is not signed yet', { state: c.status });
  if (CLOSED.includes(c.status)) throw ruleError('contract-closed', '合同已结束，不能再付款或报告收入', 'the contract is closed', { state: c.status });
}

/** Completes a fixed-price contract whose every instalment is paid. */
async function completeIfPaid(trx: Trx, deps: Deps, at: string, actor: Actor, c: any) {
  // Revenue-share contracts run to the end of their term (royalties keep falling due).
  if (c.payment_mode === 'revenue_share') return;
  const open = await trx.selectFrom('contract_instalments').select('id').where('contract_id', '=', c.id).where('status', 'in', ['scheduled', 'overdue']).executeTakeFirst();
  if (open) return;
  await trx.updateTable('contracts').set({ status: 'completed', updated_at: at }).where('id', '=', c.id).execute();
  await recordAudit(trx, deps.db.helpers, at, { actor, action: 'contract.complete', entityType: 'contract', entityId: Number(c.id), jurisdictionCode: actor.organizationJurisdiction, change: {} });
}

export async function recordPayment(deps: Deps, actor: Actor, id: number, input: { amountFen: number; instalmentId?: number; reference?: string }) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const c = await lockContract(trx, deps, id);
    const party = partyOf(actor, c);
    if (!party) throw notFound(CONTRACT, id);
    if (party !== 'licensee') throw forbidden({ zh: '由被许可方付款', en: 'the licensee pays' });
    assertOpen(c);
    let q = trx.selectFrom('contract_instalments').selectAll().where('contract_id', '=', id).where('status', 'in', ['scheduled', 'overdue']).where('due_at', 'is not', null).orderBy('seq');
    if (input.instalmentId) q = q.where('id', '=', input.instalmentId);
    const open = await q.execute();
    const due = open.reduce((a, i) => a + Number(i.amount_fen) - Number(i.paid_fen), 0);
    if (input.instalmentId && !open.length) throw ruleError('instalment-not-open', '该期款项不存在或已结清', 'no such open instalment');
    if (input.amountFen > due) throw ruleError('payment-exceeds-due', `付款超过应付余额（${(due / 100).toFixed(2)} 元）`, `the payment exceeds the amount due (${(due / 100).toFixed(2)} yuan)`, { dueFen: due });
    let left = input.amountFen;
    for (const i of open) {
      if (left <= 0) break;
      const part = Math.min(left, Number(i.amount_fen) - Number(i.paid_fen));
      left -= part;
      const paid = Number(i.paid_fen) + part;
      await trx.updateTable('contract_instalments').set({ paid_fen: paid, status: paid === Number(i.amount_fen) ? 'paid' : i.status }).where('id', '=', i.id).execute();
      await trx.insertInto('contract_payments').values({ contract_id: id, instalment_id: Number(i.id), amount_fen: part, kind: 'payment', reference: input.reference?.trim() ?? '', created_by: actor.userId, created_at: at }).execute();
    }
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'contract.payment', entityType: 'contract', entityId: id, jurisdictionCode: actor.organizationJurisdiction, change: { amountFen: input.amountFen, reference: input.reference ?? '' } });
    await completeIfPaid(trx, deps, at, actor, c);
  });
  return getContract(deps, actor, id);
}

export async function reportRevenue(deps: Deps, actor: Actor, id: number, input: { period: string; revenueFen: number; note?: string }) {
  const at = nowIso(deps);
  if (input.period > shanghaiDate(at).slice(0, 7)) throw invalid([{ field: 'body:/period', code: 'value-invalid' }]);
  await inTransaction(deps, async (trx) => {
    const c = await lockContract(trx, deps, id);
    const party = partyOf(actor, c);
    if (!party) throw notFound(CONTRACT, id);
    if (party !== 'licensee') throw forbidden({ zh: '由被许可方报告收入', en: 'the licensee reports revenue' });
    assertOpen(c);
    const dup = await trx.selectFrom('revenue_reports').select('id').where('contract_id', '=', id).where('period', '=', input.period).executeTakeFirst();
    if (dup) throw conflict({ zh: `${input.period} 的收入已报告`, en: `revenue for ${input.period} is already reported` }, { rule: 'period-reported' });
    const royalty = c.payment_mode === 'revenue_share' ? shareOf(input.revenueFen, Number(c.revenue_share_bp)) : 0;
    const rid = Number(
      (await trx.insertInto('revenue_reports').values({ contract_id: id, period: input.period, revenue_fen: input.revenueFen, royalty_fen: royalty, note: input.note?.trim() ?? '', reported_by: actor.userId, created_at: at }).returning('id').executeTakeFirstOrThrow()).id,
    );
    if (royalty > 0) {
      const last = await trx.selectFrom('contract_instalments').select((eb) => eb.fn.max('seq').as('m')).where('contract_id', '=', id).executeTakeFirst();
      await trx
        .insertInto('contract_instalments')
        .values({ contract_id: id, seq: Number(last?.m ?? 0) + 1, label: `${input.period} 提成`, due_at: addDays(at, PAYMENT_DAYS), amount_fen: royalty, status: 'scheduled', revenue_report_id: rid, created_at: at })
        .execute();
    }
    // Deferred until first revenue: the first report with revenue sets the due date.
    if (Number(c.defer_until_revenue) && input.revenueFen > 0) {
      await trx.updateTable('contract_instalments').set({ due_at: addDays(at, PAYMENT_DAYS) }).where('contract_id', '=', id).where('due_at', 'is', null).execute();
    }
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'contract.revenue', entityType: 'contract', entityId: id, jurisdictionCode: actor.organizationJurisdiction, change: { period: input.period, revenueFen: input.revenueFen, royaltyFen: royalty } });
  });
  return getContract(deps, actor, id);
}

/**
 * Default: declared by the licensor once an instalment is DEFAULT_GRACE_DAYS overdue. The contract
 * ends, the licence with it; the pool (if any) pays the licensor its share of what is outstanding,
 * within its cap and balance; the default goes to the licensee's integrity record.
 */
export async function declareDefault(deps: Deps, actor: Actor, id: number, input: { note: string }) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const c = await lockContract(trx, deps, id);
    const party = partyOf(actor, c);
    if (!party) throw notFound(CONTRACT, id);
    if (party !== 'licensor' || actor.role !== 'org_admin') throw forbidden({ zh: '由许可方（管理员）认定违约', en: 'the licensor’s admin declares a default' });
    assertOpen(c);
    const open = await trx.selectFrom('contract_instalments').selectAll().where('contract_id', '=', id).where('status', 'in', ['scheduled', 'overdue']).orderBy('seq').execute();
    const late = open.filter((i) => i.due_at !== null && addDays(i.due_at, DEFAULT_GRACE_DAYS) <= at);
    if (!late.length) throw ruleError('no-default', `没有逾期超过 ${DEFAULT_GRACE_DAYS} 天的款项，不能认定违约`, `no instalment is more than ${DEFAULT_GRACE_DAYS} days overdue`, { graceDays: DEFAULT_GRACE_DAYS });
    // On default every remaining sum falls due (acceleration): the loss the pool covers is all of it.
    const outstanding = open.reduce((a, i) => a + Number(i.amount_fen) - Number(i.paid_fen), 0);
    await trx.updateTable('contract_instalments').set({ status: 'defaulted' }).where('id', 'in', open.map((i) => Number(i.id))).execute();
    let compensation = 0;
    let poolJurisdiction: string | null = null;
    if (c.pool_id) {
      let pq = trx.selectFrom('risk_pools').selectAll().where('id', '=', c.pool_id);
      if (deps.db.helpers.query.supportsRowLocks) pq = pq.forUpdate();
      const pool = (await pq.executeTakeFirst())!;
      poolJurisdiction = pool.jurisdiction_code;
      const balance = Number(pool.funded_fen) - Number(pool.paid_out_fen);
      compensation = Math.max(0, Math.min(shareOf(outstanding, Number(pool.compensation_bp)), Number(pool.cap_per_contract_fen), balance));
      if (compensation > 0) {
        await trx.updateTable('risk_pools').set({ paid_out_fen: Number(pool.paid_out_fen) + compensation, updated_at: at }).where('id', '=', pool.id).execute();
        await trx.insertInto('pool_movements').values({ pool_id: Number(pool.id), kind: 'payout', amount_fen: compensation, contract_id: id, note: `合同 ${c.contract_no} 违约补偿`, created_by: actor.userId, created_at: at }).execute();
        let left = compensation;
        for (const i of open) {
          if (left <= 0) break;
          const part = Math.min(left, Number(i.amount_fen) - Number(i.paid_fen));
          left -= part;
          await trx.updateTable('contract_instalments').set({ compensated_fen: part }).where('id', '=', i.id).execute();
          await trx.insertInto('contract_payments').values({ contract_id: id, instalment_id: Number(i.id), amount_fen: part, kind: 'compensation', reference: `风险补偿资金池 #${pool.id}`, created_by: actor.userId, created_at: at }).execute();
        }
      }
    }
    const licensee = await trx.selectFrom('organizations').select(['jurisdiction_code']).where('id', '=', c.licensee_org_id).executeTakeFirstOrThrow();
    const recordId = await recordWithin(trx, deps, at, {
      jurisdictionCode: poolJurisdiction ?? licensee.jurisdiction_code,
      organizationId: Number(c.licensee_org_id),
      misconduct: `技术许可合同 ${c.contract_no} 违约：逾期未付 ${(outstanding / 100).toFixed(2)} 元`,
      outcome: `记入信用记录 ${DEFAULT_RECORD_MONTHS} 个月${compensation ? `；风险补偿资金池先行赔付 ${(compensation / 100).toFixed(2)} 元` : ''}`,
      decidingUnit: '长三角科创协同平台（技术交易）',
      legalBasis: '《关于促进长三角科技创新协同的决定》第八条；先使用后付费合同约定',
      endsAt: addMonths(at, DEFAULT_RECORD_MONTHS),
      createdBy: actor,
    });
    await trx.updateTable('contracts').set({ status: 'defaulted', defaulted_at: at, integrity_record_id: recordId, updated_at: at }).where('id', '=', id).execute();
    await trx.updateTable('licences').set({ status: 'ended' }).where('contract_id', '=', id).where('status', '=', 'active').execute();
    if (Number(c.exclusive)) await trx.updateTable('listings').set({ exclusive_licence: 0, updated_at: at }).where('id', '=', c.listing_id).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'contract.default', entityType: 'contract', entityId: id, jurisdictionCode: actor.organizationJurisdiction, change: { outstandingFen: outstanding, compensationFen: compensation, integrityRecordId: recordId, note: input.note } });
  });
  return getContract(deps, actor, id);
}

/**
 * The timer's pass (and before reads): reminders for instalments due within REMIND_DAYS, overdue
 * marks and reminders for those past due, contracts past their term completed when nothing is owed.
 * Each change is audited; the unique (instalment, kind) keeps one reminder per kind.
 */
export async function sweepContracts(deps: Deps) {
  const at = nowIso(deps);
  const soon = addDays(at, REMIND_DAYS);
  const db = deps.db.db;
  const dueSoon = await db.selectFrom('contract_instalments').select(['id', 'contract_id']).where('status', '=', 'scheduled').where('due_at', '<=', soon).where('reminded_at', 'is', null).limit(500).execute();
  const overdue = await db.selectFrom('contract_instalments').select(['id', 'contract_id']).where('status', '=', 'scheduled').where('due_at', '<', at).limit(500).execute();
  const termOver = await db.selectFrom('contracts').select('id').where('status', '=', 'active').where('ends_at', '<=', at).limit(1).execute();
  if (!dueSoon.length && !overdue.length && !termOver.length) return { reminded: 0, overdue: 0, completed: 0 };
  // Conditional updates: another process sweeping at the same moment changes each row once.
  const done = await inTransaction(deps, async (trx) => {
    const reminded: number[] = [];
    const late: number[] = [];
    for (const i of dueSoon) {
      const n = await trx.updateTable('contract_instalments').set({ reminded_at: at }).where('id', '=', i.id).where('reminded_at', 'is', null).executeTakeFirst();
      if (!Number(n.numUpdatedRows)) continue;
      await trx.insertInto('contract_reminders').values({ contract_id: Number(i.contract_id), instalment_id: Number(i.id), kind: 'due_soon', created_at: at }).execute();
      reminded.push(Number(i.id));
    }
    for (const i of overdue) {
      const n = await trx.updateTable('contract_instalments').set({ status: 'overdue', overdue_at: at }).where('id', '=', i.id).where('status', '=', 'scheduled').executeTakeFirst();
      if (!Number(n.numUpdatedRows)) continue;
      await trx.insertInto('contract_reminders').values({ contract_id: Number(i.contract_id), instalment_id: Number(i.id), kind: 'overdue', created_at: at }).execute();
      late.push(Number(i.id));
    }
    // Contracts past their term with nothing owed are completed, and their licences end.
    const ended = await trx
      .selectFrom('contracts as c')
      .select('c.id')
      .where('c.status', '=', 'active')
      .where('c.ends_at', '<=', at)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('contract_instalments as i').select('i.id').whereRef('i.contract_id', '=', 'c.id').where('i.status', 'in', ['scheduled', 'overdue']))))
      .limit(500)
      .execute();
    const completed: number[] = [];
    for (const { id } of ended) {
      const n = await trx.updateTable('contracts').set({ status: 'completed', updated_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
      if (!Number(n.numUpdatedRows)) continue;
      await trx.updateTable('licences').set({ status: 'ended' }).where('contract_id', '=', id).where('status', '=', 'active').execute();
      completed.push(Number(id));
    }
    if (reminded.length || late.length || completed.length) await recordAudit(trx, deps.db.helpers, at, { actor: null, action: 'contract.sweep', entityType: 'contract_instalment', entityId: null, jurisdictionCode: null, change: { reminded, overdue: late, completed } });
    return { reminded: reminded.length, overdue: late.length, completed: completed.length };
  });
  return done;
}

type Scope = { all: true } | { jurisdiction: string } | { org: number };
function contractScope(actor: Actor): Scope {
  if (actor.role === 'platform_admin') return { all: true as const };
  if (actor.role === 'jurisdiction_admin') return { jurisdiction: actor.jurisdictionCode! };
  return { org: actor.organizationId };
}

export async function listContracts(deps: Deps, actor: Actor, q: { role?: 'licensor' | 'licensee'; status?: string; listingId?: number; paymentMode?: string; sort?: string; page?: number; pageSize?: number }) {
  await sweepContracts(deps);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { column, direction } = parseSort(q.sort, { createdAt: 'c.created_at', price: 'c.price_fen', signedAt: 'c.signed_at' } as const, '-createdAt');
  const scope = contractScope(actor);
  let base = deps.db.db.selectFrom('contracts as c').innerJoin('organizations as lo', 'lo.id', 'c.licensor_org_id').innerJoin('organizations as ee', 'ee.id', 'c.licensee_org_id');
  if ('org' in scope) {
    const org = scope.org;
    if (q.role === 'licensor') base = base.where('c.licensor_org_id', '=', org);
    else if (q.role === 'licensee') base = base.where('c.licensee_org_id', '=', org);
    else base = base.where((eb) => eb.or([eb('c.licensor_org_id', '=', org), eb('c.licensee_org_id', '=', org)]));
  } else if ('jurisdiction' in scope) {
    const j = scope.jurisdiction;
    base = base.where((eb) => eb.or([eb('lo.jurisdiction_code', '=', j), eb('ee.jurisdiction_code', '=', j)]));
  }
  if (q.status) base = base.where('c.status', '=', q.status);
  if (q.listingId) base = base.where('c.listing_id', '=', q.listingId);
  if (q.paymentMode) base = base.where('c.payment_mode', '=', q.paymentMode);
  const [rows, count] = await Promise.all([
    base.select('c.id').orderBy(column, direction).orderBy('c.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await contractViews(deps, rows.map((r) => Number(r.id)), false), total: Number(count.n), page, pageSize };
}

async function contractViews(deps: Deps, ids: number[], detail: boolean) {
  if (!ids.length) return [];
  const db = deps.db.db;
  const [rows, inst] = await Promise.all([
    db
      .selectFrom('contracts as c')
      .innerJoin('organizations as lo', 'lo.id', 'c.licensor_org_id')
      .innerJoin('organizations as ee', 'ee.id', 'c.licensee_org_id')
      .innerJoin('listings as l', 'l.id', 'c.listing_id')
      .leftJoin('risk_pools as p', 'p.id', 'c.pool_id')
      .selectAll('c')
      .select(['lo.name as licensor_name', 'ee.name as licensee_name', 'lo.jurisdiction_code as licensor_jur', 'ee.jurisdiction_code as licensee_jur', 'l.title as listing_title', 'l.application_no', 'p.name as pool_name'])
      .where('c.id', 'in', ids)
      .execute(),
    db.selectFrom('contract_instalments').selectAll().where('contract_id', 'in', ids).orderBy('seq').execute(),
  ]);
  const extra = detail
    ? await Promise.all([
        db.selectFrom('contract_payments').selectAll().where('contract_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
        db.selectFrom('revenue_reports').selectAll().where('contract_id', 'in', ids).orderBy('period').execute(),
        db.selectFrom('contract_reminders').selectAll().where('contract_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
        db.selectFrom('licences').selectAll().where('contract_id', 'in', ids).execute(),
      ])
    : null;
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const c = byId.get(id)!;
      const mine = inst.filter((i) => Number(i.contract_id) === id);
      const totalDue = mine.reduce((a, i) => a + Number(i.amount_fen), 0);
      const paid = mine.reduce((a, i) => a + Number(i.paid_fen), 0);
      const compensated = mine.reduce((a, i) => a + Number(i.compensated_fen), 0);
      const next = mine.find((i) => ['scheduled', 'overdue'].includes(i.status));
      const base = {
        id,
        contractNo: c.contract_no,
        listingId: Number(c.listing_id),
        listingTitle: c.listing_title,
        applicationNo: c.application_no,
        via: c.via,
        kind: c.kind,
        exclusive: Boolean(Number(c.exclusive)),
        licensorOrgId: Number(c.licensor_org_id),
        licensorName: c.licensor_name,
        licensorJurisdiction: c.licensor_jur,
        licenseeOrgId: Number(c.licensee_org_id),
        licenseeName: c.licensee_name,
        licenseeJurisdiction: c.licensee_jur,
        proposedByOrgId: Number(c.proposed_by_org_id),
        openLicenceId: c.open_licence_id === null ? null : Number(c.open_licence_id),
        auctionId: c.auction_id === null ? null : Number(c.auction_id),
        priceFen: Number(c.price_fen),
        paymentMode: c.payment_mode,
        deferMonths: Number(c.defer_months),
        deferUntilRevenue: Boolean(Number(c.defer_until_revenue)),
        instalmentCount: Number(c.instalment_count),
        intervalMonths: Number(c.interval_months),
        revenueShareBp: Number(c.revenue_share_bp),
        poolId: c.pool_id === null ? null : Number(c.pool_id),
        poolName: c.pool_name ?? null,
        termMonths: Number(c.term_months),
        terms: c.terms,
        status: c.status,
        signedAt: c.signed_at,
        startsAt: c.starts_at,
        endsAt: c.ends_at,
        defaultedAt: c.defaulted_at,
        integrityRecordId: c.integrity_record_id === null ? null : Number(c.integrity_record_id),
        totalDueFen: totalDue,
        paidFen: paid,
        compensatedFen: compensated,
        outstandingFen: mine.filter((i) => ['scheduled', 'overdue'].includes(i.status)).reduce((a, i) => a + Number(i.amount_fen) - Number(i.paid_fen), 0),
        nextDue: next ? { instalmentId: Number(next.id), label: next.label, dueAt: next.due_at, amountFen: Number(next.amount_fen) - Number(next.paid_fen), status: next.status } : null,
        overdue: mine.some((i) => i.status === 'overdue'),
        createdAt: c.created_at,
        updatedAt: c.updated_at,
      };
      if (!extra) return base;
      const [payments, reports, reminders, licences] = extra;
      const lic = licences.find((l) => Number(l.contract_id) === id);
      return {
        ...base,
        instalments: mine.map((i) => ({ id: Number(i.id), seq: Number(i.seq), label: i.label, dueAt: i.due_at, amountFen: Number(i.amount_fen), paidFen: Number(i.paid_fen), compensatedFen: Number(i.compensated_fen), status: i.status, remindedAt: i.reminded_at, overdueAt: i.overdue_at })),
        payments: payments.filter((p) => Number(p.contract_id) === id).map((p) => ({ id: Number(p.id), instalmentId: Number(p.instalment_id), amountFen: Number(p.amount_fen), kind: p.kind, reference: p.reference, createdAt: p.created_at })),
        revenueReports: reports.filter((r) => Number(r.contract_id) === id).map((r) => ({ id: Number(r.id), period: r.period, revenueFen: Number(r.revenue_fen), royaltyFen: Number(r.royalty_fen), note: r.note, createdAt: r.created_at })),
        reminders: reminders.filter((r) => Number(r.contract_id) === id).map((r) => ({ id: Number(r.id), instalmentId: Number(r.instalment_id), kind: r.kind, createdAt: r.created_at })),
        licence: lic ? { id: Number(lic.id), recordNo: lic.record_no, exclusive: Boolean(Number(lic.exclusive)), status: lic.status, startsAt: lic.starts_at, endsAt: lic.ends_at } : null,
      };
    });
}

export async function getContract(deps: Deps, actor: Actor, id: number) {
  await sweepContracts(deps);
  const [c] = (await contractViews(deps, [id], true)) as Array<any>;
  if (!c) throw notFound(CONTRACT, id);
  const scope = contractScope(actor);
  const visible = 'all' in scope || ('org' in scope ? [c.licensorOrgId, c.licenseeOrgId].includes(scope.org) : [c.licensorJurisdiction, c.licenseeJurisdiction].includes(scope.jurisdiction));
  if (!visible) throw notFound(CONTRACT, id);
  const listing = await listingRow(deps.db.db, c.listingId);
  return { ...c, listing: listing ? listingView(listing) : null, myRole: partyOf(actor, { licensor_org_id: c.licensorOrgId, licensee_org_id: c.licenseeOrgId }) };
}

// ---- risk-compensation pools -------------------------------------------------------------------

function poolView(p: any, contracts: number) {
  return {
    id: Number(p.id),
    jurisdictionCode: p.jurisdiction_code,
    name: p.name,
    fundedFen: Number(p.funded_fen),
    paidOutFen: Number(p.paid_out_fen),
    balanceFen: Number(p.funded_fen) - Number(p.paid_out_fen),
    compensationBp: Number(p.compensation_bp),
    capPerContractFen: Number(p.cap_per_contract_fen),
    status: p.status,
    contracts,
    createdAt: p.created_at,
  };
}

export async function listPools(deps: Deps, q: { jurisdiction?: string; status?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = deps.db.db.selectFrom('risk_pools');
  if (q.jurisdiction) base = base.where('jurisdiction_code', '=', q.jurisdiction);
  if (q.status) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => Number(r.id));
  const counts = ids.length ? await deps.db.db.selectFrom('contracts').select(['pool_id', (eb) => eb.fn.countAll<number>().as('n')]).where('pool_id', 'in', ids).groupBy('pool_id').execute() : [];
  const n = new Map(counts.map((c) => [Number(c.pool_id), Number(c.n)]));
  return { items: rows.map((r) => poolView(r, n.get(Number(r.id)) ?? 0)), total: Number(count.n), page, pageSize };
}

export async function getPool(deps: Deps, actor: Actor, id: number) {
  const p = await deps.db.db.selectFrom('risk_pools').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound(POOL, id);
  const [movements, n] = await Promise.all([
    administers(actor, p.jurisdiction_code) ? deps.db.db.selectFrom('pool_movements').selectAll().where('pool_id', '=', id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute() : Promise.resolve([]),
    deps.db.db.selectFrom('contracts').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', id).executeTakeFirstOrThrow(),
  ]);
  return {
    ...poolView(p, Number(n.n)),
    movements: movements.map((m) => ({ id: Number(m.id), kind: m.kind, amountFen: Number(m.amount_fen), contractId: m.contract_id === null ? null : Number(m.contract_id), note: m.note, createdAt: m.created_at })),
  };
}

export async function createPool(deps: Deps, actor: Actor, input: { jurisdictionCode?: string; name: string; fundFen: number; compensationBp: number; capPerContractFen: number }) {
  if (!isAdministrator(actor)) throw forbidden({ zh: '由本辖区科技主管部门设立', en: 'a jurisdiction sets up its own pool' });
  const j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
  if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: 'body:/jurisdictionCode', code: 'jurisdiction-invalid' }]);
  if (!administers(actor, j)) throw forbidden({ zh: '由本辖区科技主管部门设立', en: 'a jurisdiction sets up its own pool' });
  const at = nowIso(deps);
  const id = await inTransaction(deps, async (trx) => {
    const row = { jurisdiction_code: j, name: input.name.trim(), funded_fen: input.fundFen, paid_out_fen: 0, compensation_bp: input.compensationBp, cap_per_contract_fen: input.capPerContractFen, status: 'active', created_by: actor.userId, created_at: at, updated_at: at };
    const id = Number((await trx.insertInto('risk_pools').values(row).returning('id').executeTakeFirstOrThrow()).id);
    if (input.fundFen > 0) await trx.insertInto('pool_movements').values({ pool_id: id, kind: 'fund', amount_fen: input.fundFen, note: '设立', created_by: actor.userId, created_at: at }).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'risk_pool.create', entityType: 'risk_pool', entityId: id, jurisdictionCode: j, change: row });
    return id;
  });
  return getPool(deps, actor, id);
}

export async function fundPool(deps: Deps, actor: Actor, id: number, input: { amountFen: number; note?: string }) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    let q = trx.selectFrom('risk_pools').selectAll().where('id', '=', id);
    if (deps.db.helpers.query.supportsRowLocks) q = q.forUpdate();
    const p = await q.executeTakeFirst();
    if (!p) throw notFound(POOL, id);
    if (!administers(actor, p.jurisdiction_code)) throw forbidden({ zh: '由本辖区科技主管部门注资', en: 'the pool’s own jurisdiction funds it' });
    await trx.updateTable('risk_pools').set({ funded_fen: Number(p.funded_fen) + input.amountFen, updated_at: at }).where('id', '=', id).execute();
    await trx.insertInto('pool_movements').values({ pool_id: id, kind: 'fund', amount_fen: input.amountFen, note: input.note?.trim() ?? '', created_by: actor.userId, created_at: at }).execute();
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'risk_pool.fund', entityType: 'risk_pool', entityId: id, jurisdictionCode: p.jurisdiction_code, change: { amountFen: input.amountFen } });
  });
  return getPool(deps, actor, id);
}

export { insertContract, activate };
