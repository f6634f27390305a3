// Service orders (Decision art. 13): an organisation orders a listed provider's product, the
// provider completes it (optionally with its final amount) or either side cancels it; a completed
// order is what a voucher pays part of.
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { isAdmin, ruleError } from './rules';
import { providerByOrganization } from './providers.service';
import * as repo from './orders.repository';

const PRODUCT = { zh: '服务产品', en: 'service product' };
const ORDER = { zh: '服务订单', en: 'service order' };

const worksForProvider = (a: Actor, p: { organization_id: number }) =>
  (a.role === 'org_admin' || a.role === 'member') && a.organizationId === Number(p.organization_id);

async function orderViews(deps: Deps, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await repo.views(deps.db.db, ids);
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
  const prod = await repo.productWithProvider(deps.db.db, input.productId);
  if (!prod || prod.status !== 'active' || prod.provider_status !== 'listed') throw notFound(PRODUCT, input.productId);
  if (Number(prod.organization_id) === actor.organizationId) throw ruleError('own-provider', '不能向本机构下单', 'You cannot order from your own organisation');
  const at = isoNow(deps.clock);
  const amount = Number(prod.price_fen) * input.quantity;
  const row = {
    product_id: input.productId,
    provider_id: Number(prod.provider_id),
    buyer_org_id: actor.organizationId,
    buyer_user_id: actor.userId,
    quantity: input.quantity,
    amount_fen: amount,
    note: input.note?.trim() ?? '',
    status: 'placed',
    created_at: at,
    completed_at: null,
    updated_at: at,
  };
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insert(trx, row);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'service_order.place',
      entityType: 'service_order',
      entityId: Number(id),
      jurisdictionCode: prod.jurisdiction_code,
      change: row,
    });
    return Number(id);
  });
  return (await orderViews(deps, [id]))[0];
}

export async function listOrders(
  deps: Deps,
  actor: Actor,
  q: { scope?: 'buyer' | 'provider'; status?: string; sort?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { createdAt: 's.created_at', amount: 's.amount_fen', status: 's.status' } as const, '-createdAt');
  const filter: repo.OrderFilter = { status: q.status };
  if (q.scope === 'provider') {
    const p = await providerByOrganization(deps, actor.organizationId);
    filter.providerId = p ? Number(p.id) : -1;
  } else filter.buyerOrgId = actor.organizationId;
  const { ids, total } = await repo.list(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await orderViews(deps, ids), total, page, pageSize };
}

export async function orderTransition(deps: Deps, actor: Actor, id: number, action: 'complete' | 'cancel', input: { amountFen?: number }) {
  const o = await repo.findWithProvider(deps.db.db, id);
  const provider = o && worksForProvider(actor, o);
  const buyer = o && Number(o.buyer_org_id) === actor.organizationId;
  if (!o || (!provider && !buyer)) throw notFound(ORDER, id);
  if (action === 'complete' && !provider) throw new AppError('forbidden', { reason: { zh: '由服务机构确认完成', en: 'The provider confirms completion' } });
  if (o.status !== 'placed')
    throw ruleError(
      'order-state',
      `订单状态为 ${o.status}，不能再${action === 'complete' ? '完成' : '取消'}`,
      `The order is ${o.status}; it cannot be ${action}d`,
      { state: o.status },
    );
  const at = isoNow(deps.clock);
  const patch =
    action === 'complete' ? { status: 'completed', completed_at: at, amount_fen: input.amountFen ?? Number(o.amount_fen) } : { status: 'cancelled' };
  await inTransaction(deps, async (trx) => {
    const r = await repo.updatePlaced(trx, id, { ...patch, updated_at: at });
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '订单状态已变化', en: 'The order changed meanwhile' });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: `service_order.${action}`,
      entityType: 'service_order',
      entityId: id,
      jurisdictionCode: o.jurisdiction_code,
      change: patch,
    });
  });
  return (await orderViews(deps, [id]))[0];
}

/** What a completed order charges, for the voucher redemption. */
export async function orderCharge(deps: Deps, id: number) {
  const o = await repo.findCharge(deps.db.db, id);
  if (!o) return null;
  return {
    status: o.status,
    amountFen: Number(o.amount_fen),
    buyerOrgId: Number(o.buyer_org_id),
    providerId: Number(o.provider_id),
    category: o.category,
    label: o.name,
  };
}
