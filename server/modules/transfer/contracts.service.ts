// Licence and assignment contracts (Decision art. 8; Patent Law arts. 50–52), by agreement, after an
// open licence acceptance or after an auction, with payment schedules — lump sum, deferred
// (先使用后付费: after N months or at first revenue), instalments, revenue share — payments, revenue
// reports, reminders and default; a risk-compensation pool pays the licensor first on default, and
// the default goes to the licensee's integrity record.
import { randomBytes } from 'node:crypto';
import type { Insertable, Selectable, Transaction } from 'kysely';
import type { ContractTable, Database } from '../../db/types';
import { isAdministrator, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { conflict, forbidden, invalid, notFound, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow, shanghaiDate } from '../../platform/clock';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { shareOf } from '../../platform/money';
import { parseSort } from '../../platform/http';
import { recordWithin } from '../integrity/integrity.service';
import { listingRow, view as listingView } from './listings.service';
import { DEFAULT_GRACE_DAYS, DEFAULT_RECORD_MONTHS, PAYMENT_DAYS, REMIND_DAYS, addDays, addMonths, scheduleOf } from './schedule';
import * as repo from './contracts.repository';
import * as listingsRepo from './listings.repository';
import * as instalments from './instalments.repository';
import { notify, recipientsOf, yuanText } from '../notifications/notify';
import * as openLicencesRepo from './open-licences.repository';
import * as poolsRepo from './risk-pools.repository';
import { payOutOnDefault } from './risk-pools.service';

type Trx = Transaction<Database>;
type Contract = Selectable<ContractTable>;
const nowIso = (deps: Deps) => isoNow(deps.clock);
const CONTRACT = { zh: '合同', en: 'contract' };

export const PAYMENT_MODES = ['lump_sum', 'deferred', 'instalments', 'revenue_share'] as const;

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

/** A new contract's terms, as stored (its number, author and times are set here). */
export type NewContract = Omit<Insertable<ContractTable>, 'contract_no' | 'created_by' | 'created_at' | 'updated_at'>;

/** Records a proposed contract with its number; for open licences and auctions too. */
export async function insertContract(trx: Trx, deps: Deps, at: string, actor: Actor, row: NewContract) {
  // Unique until the id-based number replaces it, and short enough for contract_no varchar(32).
  const provisionalNo = `P-${randomBytes(12).toString('hex')}`;
  const id = Number((await repo.insert(trx, { contract_no: provisionalNo, created_by: actor.userId, created_at: at, updated_at: at, ...row })).id);
  const no = `YRD-TT-${at.slice(0, 4)}-${String(id).padStart(6, '0')}`;
  await repo.setNumber(trx, id, no);
  await recordAudit(trx, deps.db.helpers, at, {
    actor,
    action: 'contract.create',
    entityType: 'contract',
    entityId: id,
    jurisdictionCode: actor.organizationJurisdiction,
    change: { ...row, contract_no: no },
  });
  return id;
}

function checkPayment(input: ContractInput) {
  const p: Array<{ field: string; code: string; params?: Record<string, unknown> }> = [];
  const f = (field: string, code: string, params?: Record<string, unknown>) => p.push({ field: `body:/${field}`, code, params });
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
  if (isAdministrator(actor) || actor.role !== 'org_admin')
    throw forbidden({ zh: '由合同当事机构的管理员签订', en: 'an admin of a contracting organisation proposes contracts' });
  const at = nowIso(deps);
  const id = await inTransaction(deps, async (trx) => {
    const l = await listingRow(trx, input.listingId);
    if (!l || l.kind !== 'result' || l.status !== 'published' || l.owner_org_id === null) throw notFound({ zh: '科技成果', en: 'result' }, input.listingId);
    const licensorId = Number(l.owner_org_id);
    const licenseeId = actor.organizationId === licensorId ? input.licenseeOrgId : actor.organizationId;
    if (!licenseeId) throw invalid([{ field: 'body:/licenseeOrgId', code: 'required' }]);
    if (licenseeId === licensorId) throw ruleError('own-patent', '许可方与被许可方不能是同一机构', 'licensor and licensee must differ');
    const licensee = await repo.organization(trx, licenseeId);
    if (!licensee) throw invalid([{ field: 'body:/licenseeOrgId', code: 'organization-invalid' }]);
    const exclusive = input.kind === 'assignment' || Boolean(input.exclusive);
    if (exclusive) {
      const ol = await openLicencesRepo.activeForListing(trx, l.id);
      if (ol)
        throw ruleError(
          'exclusive-while-open-licence',
          '开放许可实施期间不能就该专利授予独占或排他许可',
          'no exclusive licence while an open licence is declared',
          { openLicenceId: Number(ol.id) },
        );
      const ex = await repo.exclusiveInForce(trx, l.id);
      if (ex)
        throw ruleError('exclusive-licence-in-force', '已有有效的独占许可或转让合同', 'an exclusive licence or assignment is in force', {
          contractId: Number(ex.id),
        });
    }
    if (input.poolId) {
      const pool = await poolsRepo.findById(trx, input.poolId);
      if (!pool || pool.status !== 'active') throw invalid([{ field: 'body:/poolId', code: 'value-invalid' }]);
      if (pool.jurisdiction_code !== licensee.jurisdiction_code)
        throw ruleError('pool-jurisdiction', '风险补偿资金池只保障本辖区的被许可企业', 'a risk pool covers licensees of its own jurisdiction', {
          poolJurisdiction: pool.jurisdiction_code,
        });
      if (input.paymentMode === 'lump_sum')
        throw ruleError('pool-needs-deferral', '只有先使用后付费（延期、分期、提成）合同可纳入风险补偿', 'only deferred payment contracts join a risk pool');
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

/** Signing: the contract is in force, its schedule is set, a licence contract records its licence. */
export async function activate(trx: Trx, deps: Deps, at: string, actor: Actor, id: number) {
  const c = await repo.getById(trx, id);
  const ends = addMonths(at, Number(c.term_months));
  await repo.markSigned(trx, id, at, ends);
  const rows = scheduleOf(c, at).map((s) => ({ ...s, contract_id: id, status: 'scheduled', created_at: at }));
  if (rows.length) await instalments.insertAll(trx, rows);
  if (c.kind === 'licence') {
    const lid = Number(
      (
        await repo.insertLicence(trx, {
          record_no: `P-${id}`,
          listing_id: Number(c.listing_id),
          open_licence_id: c.open_licence_id,
          contract_id: id,
          licensee_org_id: Number(c.licensee_org_id),
          exclusive: Number(c.exclusive),
          status: 'active',
          starts_at: at,
          ends_at: ends,
          created_at: at,
        })
      ).id,
    );
    const recordNo = `YRD-XK-${at.slice(0, 4)}-${String(lid).padStart(6, '0')}`;
    await repo.setLicenceRecordNo(trx, lid, recordNo);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'licence.record',
      entityType: 'licence',
      entityId: lid,
      jurisdictionCode: actor.organizationJurisdiction,
      change: { recordNo, contractId: id, exclusive: Number(c.exclusive) },
    });
  }
  if (Number(c.exclusive)) await listingsRepo.setExclusiveLicence(trx, c.listing_id, c.kind === 'licence' ? 1 : 0, at);
  await recordAudit(trx, deps.db.helpers, at, {
    actor,
    action: 'contract.sign',
    entityType: 'contract',
    entityId: id,
    jurisdictionCode: actor.organizationJurisdiction,
    change: { instalments: rows.length, endsAt: ends },
  });
}

async function lockContract(trx: Trx, deps: Deps, id: number) {
  const c = await repo.findByIdForUpdate(trx, deps.db.helpers, id);
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
    if (Number(c.proposed_by_org_id) === actor.organizationId)
      throw ruleError('sign-by-counterparty', '合同由对方签署确认', 'the other party signs', { state: c.status });
    if (c.status !== 'proposed') throw ruleError('contract-not-proposed', '合同不在待签署状态', 'the contract is not awaiting signature', { state: c.status });
    await assertNoIntegrityBar(trx, { organizationId: Number(c.licensee_org_id) }, 'license', at);
    if (Number(c.exclusive)) {
      // The patent's row lock, as a declaration takes it: exclusive signatures and declarations of
      // one patent queue, so the checks below see what the other committed.
      await listingsRepo.lockForUpdate(trx, deps.db.helpers, c.listing_id);
      const ol = await openLicencesRepo.activeForListing(trx, c.listing_id);
      if (ol)
        throw ruleError(
          'exclusive-while-open-licence',
          '开放许可实施期间不能就该专利授予独占或排他许可',
          'no exclusive licence while an open licence is declared',
        );
      const ex = await repo.exclusiveInForce(trx, c.listing_id);
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
    if (c.status !== 'proposed')
      throw ruleError('contract-not-proposed', '只有待签署的合同可以撤销', 'only a contract awaiting signature can be cancelled', { state: c.status });
    await repo.setStatus(trx, id, 'cancelled', at);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'contract.cancel',
      entityType: 'contract',
      entityId: id,
      jurisdictionCode: actor.organizationJurisdiction,
      change: {},
    });
  });
  return getContract(deps, actor, id);
}

const CLOSED = ['completed', 'defaulted', 'terminated', 'cancelled'];

function assertOpen(c: { status: string }) {
  if (c.status === 'proposed') throw ruleError('contract-not-signed', '合同尚未签署', 'the contract is not signed yet', { state: c.status });
  if (CLOSED.includes(c.status)) throw ruleError('contract-closed', '合同已结束，不能再付款或报告收入', 'the contract is closed', { state: c.status });
}

/** Completes a fixed-price contract whose every instalment is paid. */
async function completeIfPaid(trx: Trx, deps: Deps, at: string, actor: Actor, c: Contract) {
  // Revenue-share contracts run to the end of their term (royalties keep falling due).
  if (c.payment_mode === 'revenue_share') return;
  const open = await instalments.anyOpen(trx, c.id);
  if (open) return;
  await repo.setStatus(trx, c.id, 'completed', at);
  await recordAudit(trx, deps.db.helpers, at, {
    actor,
    action: 'contract.complete',
    entityType: 'contract',
    entityId: Number(c.id),
    jurisdictionCode: actor.organizationJurisdiction,
    change: {},
  });
}

export async function recordPayment(deps: Deps, actor: Actor, id: number, input: { amountFen: number; instalmentId?: number; reference?: string }) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const c = await lockContract(trx, deps, id);
    const party = partyOf(actor, c);
    if (!party) throw notFound(CONTRACT, id);
    if (party !== 'licensee') throw forbidden({ zh: '由被许可方付款', en: 'the licensee pays' });
    assertOpen(c);
    const open = await instalments.payable(trx, id, input.instalmentId);
    const due = open.reduce((a, i) => a + Number(i.amount_fen) - Number(i.paid_fen), 0);
    if (input.instalmentId && !open.length) throw ruleError('instalment-not-open', '该期款项不存在或已结清', 'no such open instalment');
    if (input.amountFen > due)
      throw ruleError(
        'payment-exceeds-due',
        `付款超过应付余额（${(due / 100).toFixed(2)} 元）`,
        `the payment exceeds the amount due (${(due / 100).toFixed(2)} yuan)`,
        { dueFen: due },
      );
    let left = input.amountFen;
    for (const i of open) {
      if (left <= 0) break;
      const part = Math.min(left, Number(i.amount_fen) - Number(i.paid_fen));
      left -= part;
      const paid = Number(i.paid_fen) + part;
      await instalments.setPaid(trx, i.id, paid, paid === Number(i.amount_fen) ? 'paid' : i.status);
      await instalments.insertPayment(trx, {
        contract_id: id,
        instalment_id: Number(i.id),
        amount_fen: part,
        kind: 'payment',
        reference: input.reference?.trim() ?? '',
        created_by: actor.userId,
        created_at: at,
      });
    }
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'contract.payment',
      entityType: 'contract',
      entityId: id,
      jurisdictionCode: actor.organizationJurisdiction,
      change: { amountFen: input.amountFen, reference: input.reference ?? '' },
    });
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
    const dup = await instalments.reportOfPeriod(trx, id, input.period);
    if (dup) throw conflict({ zh: `${input.period} 的收入已报告`, en: `revenue for ${input.period} is already reported` }, { rule: 'period-reported' });
    const royalty = c.payment_mode === 'revenue_share' ? shareOf(input.revenueFen, Number(c.revenue_share_bp)) : 0;
    const rid = Number(
      (
        await instalments.insertReport(trx, {
          contract_id: id,
          period: input.period,
          revenue_fen: input.revenueFen,
          royalty_fen: royalty,
          note: input.note?.trim() ?? '',
          reported_by: actor.userId,
          created_at: at,
        })
      ).id,
    );
    if (royalty > 0) {
      const last = await instalments.lastSeq(trx, id);
      await instalments.insert(trx, {
        contract_id: id,
        seq: Number(last?.m ?? 0) + 1,
        label: `${input.period} 提成`,
        due_at: addDays(at, PAYMENT_DAYS),
        amount_fen: royalty,
        status: 'scheduled',
        revenue_report_id: rid,
        created_at: at,
      });
    }
    // Deferred until first revenue: the first report with revenue sets the due date.
    if (Number(c.defer_until_revenue) && input.revenueFen > 0) await instalments.dateUndated(trx, id, addDays(at, PAYMENT_DAYS));
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'contract.revenue',
      entityType: 'contract',
      entityId: id,
      jurisdictionCode: actor.organizationJurisdiction,
      change: { period: input.period, revenueFen: input.revenueFen, royaltyFen: royalty },
    });
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
    if (party !== 'licensor' || actor.role !== 'org_admin')
      throw forbidden({ zh: '由许可方（管理员）认定违约', en: 'the licensor’s admin declares a default' });
    assertOpen(c);
    const open = await instalments.openOf(trx, id);
    const late = open.filter((i) => i.due_at !== null && addDays(i.due_at, DEFAULT_GRACE_DAYS) <= at);
    if (!late.length)
      throw ruleError(
        'no-default',
        `没有逾期超过 ${DEFAULT_GRACE_DAYS} 天的款项，不能认定违约`,
        `no instalment is more than ${DEFAULT_GRACE_DAYS} days overdue`,
        { graceDays: DEFAULT_GRACE_DAYS },
      );
    // On default every remaining sum falls due (acceleration): the loss the pool covers is all of it.
    const outstanding = open.reduce((a, i) => a + Number(i.amount_fen) - Number(i.paid_fen), 0);
    await instalments.markDefaulted(
      trx,
      open.map((i) => Number(i.id)),
    );
    let compensation = 0;
    let poolJurisdiction: string | null = null;
    if (c.pool_id) {
      const payout = await payOutOnDefault(trx, deps, at, actor, { poolId: c.pool_id, outstandingFen: outstanding, contractId: id, contractNo: c.contract_no });
      poolJurisdiction = payout.jurisdictionCode;
      compensation = payout.compensationFen;
      let left = compensation;
      for (const i of open) {
        if (left <= 0) break;
        const part = Math.min(left, Number(i.amount_fen) - Number(i.paid_fen));
        left -= part;
        await instalments.setCompensated(trx, i.id, part);
        await instalments.insertPayment(trx, {
          contract_id: id,
          instalment_id: Number(i.id),
          amount_fen: part,
          kind: 'compensation',
          reference: `风险补偿资金池 #${payout.poolId}`,
          created_by: actor.userId,
          created_at: at,
        });
      }
    }
    const licensee = await repo.organizationJurisdiction(trx, c.licensee_org_id);
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
    await repo.markDefaulted(trx, id, at, recordId);
    await repo.endLicences(trx, id);
    if (Number(c.exclusive)) await listingsRepo.setExclusiveLicence(trx, c.listing_id, 0, at);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'contract.default',
      entityType: 'contract',
      entityId: id,
      jurisdictionCode: actor.organizationJurisdiction,
      change: { outstandingFen: outstanding, compensationFen: compensation, integrityRecordId: recordId, note: input.note },
    });
  });
  return getContract(deps, actor, id);
}

/** The paying (and, when late, the receiving) organisations' admins hear of an instalment. */
async function notifyInstalment(
  trx: Transaction<Database>,
  at: string,
  kind: 'contract.payment_due' | 'contract.payment_overdue',
  i: { contract_id: number; seq: number; due_at: string | null; amount_fen: number; paid_fen: number; contract_no: string },
  orgIds: number[],
) {
  const userIds: number[] = [];
  for (const org of orgIds) userIds.push(...(await recipientsOf.orgUsers(trx, org, ['org_admin'])));
  await notify(trx, at, {
    userIds,
    kind,
    params: { contract: i.contract_no, seq: i.seq, amount: yuanText(Number(i.amount_fen) - Number(i.paid_fen)), dueOn: i.due_at ? shanghaiDate(i.due_at) : '' },
    link: `/market/contracts/${Number(i.contract_id)}`,
  });
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
  const dueSoon = await instalments.dueSoon(db, soon, 500);
  const overdue = await instalments.pastDue(db, at, 500);
  const termOver = await repo.anyPastTerm(db, at);
  if (!dueSoon.length && !overdue.length && !termOver.length) return { reminded: 0, overdue: 0, completed: 0 };
  // Conditional updates: another process sweeping at the same moment changes each row once.
  const done = await inTransaction(deps, async (trx) => {
    const reminded: number[] = [];
    const late: number[] = [];
    for (const i of dueSoon) {
      if (!(await instalments.markReminded(trx, i.id, at))) continue;
      await instalments.insertReminder(trx, { contract_id: Number(i.contract_id), instalment_id: Number(i.id), kind: 'due_soon', created_at: at });
      reminded.push(Number(i.id));
      await notifyInstalment(trx, at, 'contract.payment_due', i, [Number(i.licensee_org_id)]);
    }
    for (const i of overdue) {
      if (!(await instalments.markOverdue(trx, i.id, at))) continue;
      await instalments.insertReminder(trx, { contract_id: Number(i.contract_id), instalment_id: Number(i.id), kind: 'overdue', created_at: at });
      late.push(Number(i.id));
      await notifyInstalment(trx, at, 'contract.payment_overdue', i, [Number(i.licensee_org_id), Number(i.licensor_org_id)]);
    }
    // Contracts past their term with nothing owed are completed, and their licences end.
    const ended = await repo.pastTermPaidUp(trx, at, 500);
    const completed: number[] = [];
    for (const { id } of ended) {
      if (!(await repo.completeIfActive(trx, id, at))) continue;
      await repo.endLicences(trx, id);
      completed.push(Number(id));
    }
    if (reminded.length || late.length || completed.length)
      await recordAudit(trx, deps.db.helpers, at, {
        actor: null,
        action: 'contract.sweep',
        entityType: 'contract_instalment',
        entityId: null,
        jurisdictionCode: null,
        change: { reminded, overdue: late, completed },
      });
    return { reminded: reminded.length, overdue: late.length, completed: completed.length };
  });
  return done;
}

// ---- reading -----------------------------------------------------------------------------------

function contractScope(actor: Actor): repo.ContractScope {
  if (actor.role === 'platform_admin') return { all: true as const };
  if (actor.role === 'jurisdiction_admin') return { jurisdiction: actor.jurisdictionCode! };
  return { org: actor.organizationId };
}

export interface ContractQuery {
  role?: 'licensor' | 'licensee';
  status?: string;
  listingId?: number;
  paymentMode?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export async function listContracts(deps: Deps, actor: Actor, q: ContractQuery) {
  await sweepContracts(deps);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { createdAt: 'c.created_at', price: 'c.price_fen', signedAt: 'c.signed_at' } as const, '-createdAt');
  const filter = { scope: contractScope(actor), role: q.role, status: q.status, listingId: q.listingId, paymentMode: q.paymentMode };
  const { ids, total } = await repo.listIds(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await contractSummaries(deps, ids), total, page, pageSize };
}

type ViewRow = Awaited<ReturnType<typeof repo.viewRows>>[number];
type Instalment = Awaited<ReturnType<typeof instalments.ofContracts>>[number];

function summaryOf(c: ViewRow, mine: Instalment[]) {
  const id = Number(c.id);
  const totalDue = mine.reduce((a, i) => a + Number(i.amount_fen), 0);
  const paid = mine.reduce((a, i) => a + Number(i.paid_fen), 0);
  const compensated = mine.reduce((a, i) => a + Number(i.compensated_fen), 0);
  const next = mine.find((i) => ['scheduled', 'overdue'].includes(i.status));
  return {
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
    nextDue: next
      ? {
          instalmentId: Number(next.id),
          label: next.label,
          dueAt: next.due_at,
          amountFen: Number(next.amount_fen) - Number(next.paid_fen),
          status: next.status,
        }
      : null,
    overdue: mine.some((i) => i.status === 'overdue'),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** The contracts' summaries, in the order of ids (those that exist). */
async function contractSummaries(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const db = deps.db.db;
  const [rows, inst] = await Promise.all([repo.viewRows(db, ids), instalments.ofContracts(db, ids)]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) =>
      summaryOf(
        byId.get(id)!,
        inst.filter((i) => Number(i.contract_id) === id),
      ),
    );
}

/** The contract with its schedule, payments, revenue reports, reminders and licence; undefined if none. */
async function contractDetail(deps: Deps, id: number) {
  const db = deps.db.db;
  const ids = [id];
  const [rows, mine] = await Promise.all([repo.viewRows(db, ids), instalments.ofContracts(db, ids)]);
  const [payments, reports, reminders, licences] = await Promise.all([
    instalments.paymentsOf(db, ids),
    instalments.reportsOf(db, ids),
    instalments.remindersOf(db, ids),
    repo.licencesOf(db, ids),
  ]);
  const c = rows.find((r) => Number(r.id) === id);
  if (!c) return undefined;
  const lic = licences.find((l) => Number(l.contract_id) === id);
  return {
    ...summaryOf(c, mine),
    instalments: mine.map((i) => ({
      id: Number(i.id),
      seq: Number(i.seq),
      label: i.label,
      dueAt: i.due_at,
      amountFen: Number(i.amount_fen),
      paidFen: Number(i.paid_fen),
      compensatedFen: Number(i.compensated_fen),
      status: i.status,
      remindedAt: i.reminded_at,
      overdueAt: i.overdue_at,
    })),
    payments: payments.map((p) => ({
      id: Number(p.id),
      instalmentId: Number(p.instalment_id),
      amountFen: Number(p.amount_fen),
      kind: p.kind,
      reference: p.reference,
      createdAt: p.created_at,
    })),
    revenueReports: reports.map((r) => ({
      id: Number(r.id),
      period: r.period,
      revenueFen: Number(r.revenue_fen),
      royaltyFen: Number(r.royalty_fen),
      note: r.note,
      createdAt: r.created_at,
    })),
    reminders: reminders.map((r) => ({ id: Number(r.id), instalmentId: Number(r.instalment_id), kind: r.kind, createdAt: r.created_at })),
    licence: lic
      ? {
          id: Number(lic.id),
          recordNo: lic.record_no,
          exclusive: Boolean(Number(lic.exclusive)),
          status: lic.status,
          startsAt: lic.starts_at,
          endsAt: lic.ends_at,
        }
      : null,
  };
}

export async function getContract(deps: Deps, actor: Actor, id: number) {
  await sweepContracts(deps);
  const c = await contractDetail(deps, id);
  if (!c) throw notFound(CONTRACT, id);
  const scope = contractScope(actor);
  const visible =
    'all' in scope ||
    ('org' in scope ? [c.licensorOrgId, c.licenseeOrgId].includes(scope.org) : [c.licensorJurisdiction, c.licenseeJurisdiction].includes(scope.jurisdiction));
  if (!visible) throw notFound(CONTRACT, id);
  const listing = await listingRow(deps.db.db, c.listingId);
  return {
    ...c,
    listing: listing ? listingView(listing) : null,
    myRole: partyOf(actor, { licensor_org_id: c.licensorOrgId, licensee_org_id: c.licenseeOrgId }),
  };
}
