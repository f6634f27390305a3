// Open patent licences (专利开放许可, Patent Law arts. 50–52): declared by the patentee where the
// law allows it, accepted by a licensee in one step — a non-exclusive licence at once, with its
// record and a contract carrying the declared payment — and withdrawn by announcement.
import type { Selectable, Transaction } from 'kysely';
import type { Database, ListingTable, OpenLicenceTable } from '../../db/types';
import { isAdministrator, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { conflict, forbidden, invalid, notFound, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { parseSort } from '../../platform/http';
import { listingRow } from './listings.service';
import * as repo from './open-licences.repository';
import * as listingsRepo from './listings.repository';
import * as contractsRepo from './contracts.repository';
import { activate, getContract, insertContract } from './contracts.service';

type Trx = Transaction<Database>;
const nowIso = (deps: Deps) => isoNow(deps.clock);
const OPEN_LICENCE = { zh: '开放许可声明', en: 'open licence declaration' };

export const PAYMENT_METHODS = ['one_off', 'royalty', 'entry_royalty', 'free'] as const;
/** Royalty of an open licence: at most 20 % of net sales (the usual standard, DOMAIN.md). */
export const MAX_ROYALTY_BP = 2000;

function isOrgAdminOf(actor: Actor, orgId: number | null) {
  return orgId !== null && actor.role === 'org_admin' && actor.organizationId === Number(orgId);
}

export interface DeclarationInput {
  listingId: number;
  paymentMethod: (typeof PAYMENT_METHODS)[number];
  feeFen?: number;
  royaltyBp?: number;
  termMonths: number;
  statement?: string;
}

/** Every bar the law puts on a declaration that applies to this patent (Patent Law art. 50, Regs. art. 85). */
async function declarationBars(db: Trx, l: Selectable<ListingTable>): Promise<Array<{ rule: string; zh: string; en: string }>> {
  const bars: Array<{ rule: string; zh: string; en: string }> = [];
  if (!['invention', 'utility_model', 'design'].includes(l.result_type ?? ''))
    bars.push({ rule: 'open-licence-not-patent', zh: '只有专利可以声明开放许可', en: 'only patents can be offered under an open licence' });
  else if (l.patent_status !== 'granted')
    bars.push({ rule: 'open-licence-not-granted', zh: '专利尚未授权，不能声明开放许可', en: 'the patent is not granted yet' });
  const exclusive = await contractsRepo.exclusiveInForce(db, l.id);
  if (Number(l.exclusive_licence) || exclusive)
    bars.push({ rule: 'open-licence-exclusive-licence', zh: '独占或排他许可有效期内，不能声明开放许可', en: 'an exclusive licence is in force' });
  if (Number(l.pledged) && !Number(l.pledgee_consent))
    bars.push({ rule: 'open-licence-pledged', zh: '专利已质押且未经质权人同意', en: 'the patent is pledged without the pledgee’s consent' });
  if (!Number(l.annual_fee_paid)) bars.push({ rule: 'open-licence-annual-fee', zh: '未按规定缴纳专利年费', en: 'the annual fee is unpaid' });
  if (Number(l.ownership_disputed))
    bars.push({ rule: 'open-licence-ownership-disputed', zh: '专利权属存在纠纷', en: 'the ownership of the patent is disputed' });
  if (['utility_model', 'design'].includes(l.result_type ?? '') && !l.evaluation_report)
    bars.push({
      rule: 'open-licence-evaluation-report',
      zh: '实用新型和外观设计专利须提供专利权评价报告',
      en: 'utility models and designs need a patent evaluation report',
    });
  return bars;
}

function checkFee(input: { paymentMethod: string; feeFen?: number; royaltyBp?: number; termMonths: number }) {
  const p: Array<{ field: string; code: string; params?: Record<string, unknown> }> = [];
  const fee = input.feeFen ?? 0;
  const bp = input.royaltyBp ?? 0;
  if (input.paymentMethod === 'one_off' && fee <= 0) p.push({ field: 'body:/feeFen', code: 'required' });
  if (input.paymentMethod === 'entry_royalty' && fee <= 0) p.push({ field: 'body:/feeFen', code: 'required' });
  if (['royalty', 'entry_royalty'].includes(input.paymentMethod) && (bp <= 0 || bp > MAX_ROYALTY_BP))
    p.push({ field: 'body:/royaltyBp', code: 'royalty-range', params: { max: MAX_ROYALTY_BP / 100 } });
  if (input.paymentMethod === 'free' && (fee || bp)) p.push({ field: 'body:/feeFen', code: 'value-invalid' });
  if (input.paymentMethod === 'one_off' && bp) p.push({ field: 'body:/royaltyBp', code: 'value-invalid' });
  if (input.paymentMethod === 'royalty' && fee) p.push({ field: 'body:/feeFen', code: 'value-invalid' });
  if (p.length) throw invalid(p);
}

export function openLicenceView(o: Selectable<OpenLicenceTable>, listing: Selectable<ListingTable> | undefined, licensees: number) {
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
      ? {
          id: Number(listing.id),
          title: listing.title,
          applicationNo: listing.application_no,
          resultType: listing.result_type,
          ownerName: listing.owner_name,
          ownerOrgId: listing.owner_org_id === null ? null : Number(listing.owner_org_id),
          jurisdictionCode: listing.jurisdiction_code,
          ipc: listing.ipc_codes ? listing.ipc_codes.split(',') : [],
        }
      : null,
  };
}

async function openLicenceViews(deps: Deps, rows: Array<Selectable<OpenLicenceTable>>) {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const [listings, counts] = await Promise.all([
    listingsRepo.byIds(
      deps.db.db,
      rows.map((r) => Number(r.listing_id)),
    ),
    contractsRepo.licenceCounts(deps.db.db, ids),
  ]);
  const lById = new Map(listings.map((l) => [Number(l.id), l]));
  const nById = new Map(counts.map((c) => [Number(c.open_licence_id), Number(c.n)]));
  return rows.map((o) => openLicenceView(o, lById.get(Number(o.listing_id)), nById.get(Number(o.id)) ?? 0));
}

export interface OpenLicenceQuery {
  status?: string;
  listingId?: number;
  ownerOrgId?: number;
  paymentMethod?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export async function listOpenLicences(deps: Deps, q: OpenLicenceQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { declaredAt: 'o.declared_at', fee: 'o.fee_fen', royalty: 'o.royalty_bp' } as const, '-declaredAt');
  const filter = { status: q.status ?? 'active', listingId: q.listingId, ownerOrgId: q.ownerOrgId, paymentMethod: q.paymentMethod };
  const { rows, total } = await repo.list(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await openLicenceViews(deps, rows), total, page, pageSize };
}

export async function getOpenLicence(deps: Deps, id: number) {
  const o = await repo.findById(deps.db.db, id);
  if (!o) throw notFound(OPEN_LICENCE, id);
  return (await openLicenceViews(deps, [o]))[0];
}

export async function declareOpenLicence(deps: Deps, actor: Actor, input: DeclarationInput) {
  checkFee(input);
  const at = nowIso(deps);
  const id = await inTransaction(deps, async (trx) => {
    const l = await listingsRepo.findByIdForUpdate(trx, deps.db.helpers, input.listingId);
    if (!l || l.kind !== 'result' || l.status !== 'published') throw notFound({ zh: '科技成果', en: 'result' }, input.listingId);
    if (!isOrgAdminOf(actor, l.owner_org_id))
      throw forbidden({ zh: '由专利权人（成果所属机构管理员）声明', en: 'the patentee (an admin of the owning organisation) declares' });
    const bars = await declarationBars(trx, l);
    if (bars.length) throw ruleError(bars[0].rule, bars[0].zh, bars[0].en, { bars: bars.map((b) => b.rule) });
    const existing = await repo.activeForListing(trx, l.id);
    if (existing)
      throw conflict(
        { zh: '该专利已有有效的开放许可声明', en: 'this patent already has an open licence declaration in force' },
        { rule: 'open-licence-exists', openLicenceId: Number(existing.id) },
      );
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
    const id = Number((await repo.insert(trx, row)).id);
    // The listing changes for the feed (it now carries an open licence).
    await listingsRepo.touch(trx, l.id, at);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'open_licence.declare',
      entityType: 'open_licence',
      entityId: id,
      jurisdictionCode: l.jurisdiction_code,
      change: row,
    });
    return id;
  });
  return getOpenLicence(deps, id);
}

export async function withdrawOpenLicence(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const o = await repo.findById(trx, id);
    if (!o) throw notFound(OPEN_LICENCE, id);
    const l = (await listingRow(trx, Number(o.listing_id)))!;
    if (!isOrgAdminOf(actor, l.owner_org_id)) throw forbidden({ zh: '由专利权人撤回', en: 'the patentee withdraws' });
    const n = await repo.withdraw(trx, id, input.reason.trim(), at);
    if (n === 0) throw ruleError('open-licence-withdrawn', '该声明已撤回', 'the declaration is already withdrawn', { state: o.status });
    await listingsRepo.touch(trx, l.id, at);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'open_licence.withdraw',
      entityType: 'open_licence',
      entityId: id,
      jurisdictionCode: l.jurisdiction_code,
      change: { reason: input.reason },
    });
  });
  return getOpenLicence(deps, id);
}

/**
 * The licensee's notice and acceptance of the declared terms: a non-exclusive licence exists at
 * once, with its record, and a contract carries the declared payment.
 */
export async function acceptOpenLicence(deps: Deps, actor: Actor, id: number, input: { note?: string } = {}) {
  const at = nowIso(deps);
  if (isAdministrator(actor) || actor.role !== 'org_admin')
    throw forbidden({ zh: '由被许可机构的管理员接受许可', en: 'an admin of the licensee organisation accepts' });
  const contractId = await inTransaction(deps, async (trx) => {
    // FOR UPDATE, not SHARE: two acceptances by one organisation at once must queue, so the second
    // sees the first's licence (409) instead of failing on the unique index (500).
    const o = await repo.findByIdForUpdate(trx, deps.db.helpers, id);
    if (!o) throw notFound(OPEN_LICENCE, id);
    if (o.status !== 'active')
      throw ruleError('open-licence-withdrawn', '该开放许可声明已撤回，不能再取得许可', 'the declaration has been withdrawn', {
        state: o.status,
        withdrawnAt: o.withdrawn_at,
      });
    const l = (await listingRow(trx, Number(o.listing_id)))!;
    if (Number(l.owner_org_id) === actor.organizationId) throw ruleError('own-patent', '不能许可给本机构', 'a patentee does not license to itself');
    await assertNoIntegrityBar(trx, { organizationId: actor.organizationId, userId: actor.userId }, 'license', at);
    const live = await contractsRepo.liveLicence(trx, id, actor.organizationId);
    if (live)
      throw conflict(
        { zh: '本机构已取得该开放许可', en: 'your organisation already holds this licence' },
        { rule: 'licence-exists', recordNo: live.record_no },
      );
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
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'open_licence.accept',
      entityType: 'open_licence',
      entityId: id,
      jurisdictionCode: l.jurisdiction_code,
      change: { contractId: cid, licensee: actor.organizationId },
    });
    return cid;
  });
  return getContract(deps, actor, contractId);
}
