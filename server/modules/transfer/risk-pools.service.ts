// Risk-compensation pools (风险补偿资金池, Decision art. 8): funded by a jurisdiction, they pay the
// licensor of a use-first-pay-later contract first when its licensee defaults — a share of what is
// outstanding, within the pool's cap per contract and its balance.
import type { Selectable, Transaction } from 'kysely';
import type { Database, RiskPoolTable } from '../../db/types';
import { JURISDICTION_CODES, administers, isAdministrator, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { forbidden, invalid, notFound } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import { shareOf } from '../../platform/money';
import * as repo from './risk-pools.repository';
import * as contractsRepo from './contracts.repository';

type Trx = Transaction<Database>;
const nowIso = (deps: Deps) => isoNow(deps.clock);
const POOL = { zh: '风险补偿资金池', en: 'risk-compensation pool' };

function poolView(p: Selectable<RiskPoolTable>, contracts: number) {
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
  const { rows, total } = await repo.list(deps.db.db, { jurisdiction: q.jurisdiction, status: q.status }, pageSize, (page - 1) * pageSize);
  const ids = rows.map((r) => Number(r.id));
  const counts = ids.length ? await contractsRepo.countsByPool(deps.db.db, ids) : [];
  const n = new Map(counts.map((c) => [Number(c.pool_id), Number(c.n)]));
  return { items: rows.map((r) => poolView(r, n.get(Number(r.id)) ?? 0)), total, page, pageSize };
}

export async function getPool(deps: Deps, actor: Actor, id: number) {
  const p = await repo.findById(deps.db.db, id);
  if (!p) throw notFound(POOL, id);
  const [movements, n] = await Promise.all([
    administers(actor, p.jurisdiction_code) ? repo.movements(deps.db.db, id, 200) : Promise.resolve([]),
    contractsRepo.countOfPool(deps.db.db, id),
  ]);
  return {
    ...poolView(p, Number(n.n)),
    movements: movements.map((m) => ({
      id: Number(m.id),
      kind: m.kind,
      amountFen: Number(m.amount_fen),
      contractId: m.contract_id === null ? null : Number(m.contract_id),
      note: m.note,
      createdAt: m.created_at,
    })),
  };
}

export interface PoolInput {
  jurisdictionCode?: string;
  name: string;
  fundFen: number;
  compensationBp: number;
  capPerContractFen: number;
}

export async function createPool(deps: Deps, actor: Actor, input: PoolInput) {
  if (!isAdministrator(actor)) throw forbidden({ zh: '由本辖区科技主管部门设立', en: 'a jurisdiction sets up its own pool' });
  const j = input.jurisdictionCode ?? actor.jurisdictionCode ?? '';
  if (!(JURISDICTION_CODES as readonly string[]).includes(j)) throw invalid([{ field: 'body:/jurisdictionCode', code: 'jurisdiction-invalid' }]);
  if (!administers(actor, j)) throw forbidden({ zh: '由本辖区科技主管部门设立', en: 'a jurisdiction sets up its own pool' });
  const at = nowIso(deps);
  const id = await inTransaction(deps, async (trx) => {
    const row = {
      jurisdiction_code: j,
      name: input.name.trim(),
      funded_fen: input.fundFen,
      paid_out_fen: 0,
      compensation_bp: input.compensationBp,
      cap_per_contract_fen: input.capPerContractFen,
      status: 'active',
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    };
    const id = Number((await repo.insert(trx, row)).id);
    if (input.fundFen > 0)
      await repo.insertMovement(trx, { pool_id: id, kind: 'fund', amount_fen: input.fundFen, note: '设立', created_by: actor.userId, created_at: at });
    await recordAudit(trx, deps.db.helpers, at, { actor, action: 'risk_pool.create', entityType: 'risk_pool', entityId: id, jurisdictionCode: j, change: row });
    return id;
  });
  return getPool(deps, actor, id);
}

export async function fundPool(deps: Deps, actor: Actor, id: number, input: { amountFen: number; note?: string }) {
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const p = await repo.findByIdForUpdate(trx, deps.db.helpers, id);
    if (!p) throw notFound(POOL, id);
    if (!administers(actor, p.jurisdiction_code)) throw forbidden({ zh: '由本辖区科技主管部门注资', en: 'the pool’s own jurisdiction funds it' });
    await repo.setFunded(trx, id, Number(p.funded_fen) + input.amountFen, at);
    await repo.insertMovement(trx, {
      pool_id: id,
      kind: 'fund',
      amount_fen: input.amountFen,
      note: input.note?.trim() ?? '',
      created_by: actor.userId,
      created_at: at,
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'risk_pool.fund',
      entityType: 'risk_pool',
      entityId: id,
      jurisdictionCode: p.jurisdiction_code,
      change: { amountFen: input.amountFen },
    });
  });
  return getPool(deps, actor, id);
}

// ---- for contracts ------------------------------------------------------------------------------

/**
 * On a default: the pool (locked) pays the licensor its share of what is outstanding, within its
 * cap per contract and its balance, and records the payout. The contract's audit entry names it.
 */
export async function payOutOnDefault(
  trx: Trx,
  deps: Deps,
  at: string,
  actor: Actor,
  input: { poolId: number; outstandingFen: number; contractId: number; contractNo: string },
) {
  const pool = (await repo.findByIdForUpdate(trx, deps.db.helpers, input.poolId))!;
  const balance = Number(pool.funded_fen) - Number(pool.paid_out_fen);
  const compensation = Math.max(0, Math.min(shareOf(input.outstandingFen, Number(pool.compensation_bp)), Number(pool.cap_per_contract_fen), balance));
  if (compensation > 0) {
    await repo.setPaidOut(trx, Number(pool.id), Number(pool.paid_out_fen) + compensation, at);
    await repo.insertMovement(trx, {
      pool_id: Number(pool.id),
      kind: 'payout',
      amount_fen: compensation,
      contract_id: input.contractId,
      note: `合同 ${input.contractNo} 违约补偿`,
      created_by: actor.userId,
      created_at: at,
    });
  }
  return { poolId: Number(pool.id), jurisdictionCode: pool.jurisdiction_code, compensationFen: compensation };
}
