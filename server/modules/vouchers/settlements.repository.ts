// Every SQL statement of settlements: the settlement of a period and issuing jurisdiction, its
// lines per provider, the redemptions it takes in, and the clearing statement's sums.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, SettlementLineTable, SettlementTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

export interface SettlementFilter {
  /** A jurisdiction administrator's view: the settlements it issued and those owing its providers. */
  readableBy?: string;
  period?: string;
  jurisdiction?: string;
}

export type SettlementSortColumn = 'period' | 'created_at' | 'total_fen';

export function findById(db: Q, id: number) {
  return db.selectFrom('settlements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The settlement's lines with the providers' names, largest first. */
export function linesOf(db: Q, id: number) {
  return db
    .selectFrom('settlement_lines as l')
    .innerJoin('providers as p', 'p.id', 'l.provider_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['l.provider_id', 'o.name', 'l.provider_jurisdiction', 'l.redemptions', 'l.amount_fen'])
    .where('l.settlement_id', '=', id)
    .orderBy('l.amount_fen', 'desc')
    .orderBy('l.provider_id')
    .execute();
}

/** The settlement of a period for an issuing jurisdiction, if it has run. */
export function findByPeriod(db: Q, period: string, jurisdiction: string) {
  return db.selectFrom('settlements').select('id').where('period', '=', period).where('jurisdiction_code', '=', jurisdiction).executeTakeFirst();
}

export function issuerOf(db: Q, id: number) {
  return db.selectFrom('settlements').select('jurisdiction_code').where('id', '=', id).executeTakeFirst();
}

/** The jurisdictions of the providers a settlement pays. */
export function owedJurisdictions(db: Q, id: number) {
  return db.selectFrom('settlement_lines').select('provider_jurisdiction').distinct().where('settlement_id', '=', id).execute();
}

export function insert(db: Q, row: Insertable<SettlementTable>) {
  return db.insertInto('settlements').values(row).returning('id').executeTakeFirstOrThrow();
}

/** The period's completed, unsettled redemptions of the issuing jurisdiction, locked on PostgreSQL. */
export function unsettledForUpdate(db: Q, h: DialectHelpers | null, jurisdiction: string, period: string) {
  let q = db
    .selectFrom('redemptions')
    .select(['id', 'provider_id', 'provider_jurisdiction', 'amount_fen', 'refunded_fen'])
    .where('issuer_jurisdiction', '=', jurisdiction)
    .where('period', '=', period)
    .where('status', '=', 'completed')
    .where('settlement_id', 'is', null);
  if (h?.query.supportsRowLocks) q = q.forUpdate();
  return q.execute();
}

/** The providers' organisation names, for a settlement preview. */
export function providerNames(db: Q, providerIds: number[]) {
  if (providerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('providers as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.id', 'o.name'])
    .where('p.id', 'in', providerIds)
    .execute();
}

/** Assigns the redemptions to the settlement, 500 ids a statement. */
export async function assignRedemptions(db: Q, ids: number[], settlementId: number, at: string) {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('redemptions')
      .set({ settlement_id: settlementId, updated_at: at })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

export function insertLine(db: Q, row: Insertable<SettlementLineTable>) {
  return db.insertInto('settlement_lines').values(row).execute();
}

export function setTotals(db: Q, id: number, redemptions: number, totalFen: number) {
  return db.updateTable('settlements').set({ redemptions, total_fen: totalFen }).where('id', '=', id).execute();
}

export async function list(db: Q, f: SettlementFilter, sort: { column: SettlementSortColumn; direction: 'asc' | 'desc' }, limit: number, offset: number) {
  let base = db.selectFrom('settlements');
  const mine = f.readableBy;
  if (mine !== undefined) {
    base = base.where((eb) =>
      eb.or([
        eb('jurisdiction_code', '=', mine),
        eb.exists(
          eb
            .selectFrom('settlement_lines as l')
            .select('l.settlement_id')
            .whereRef('l.settlement_id', '=', 'settlements.id')
            .where('l.provider_jurisdiction', '=', mine),
        ),
      ]),
    );
  }
  if (f.period) base = base.where('period', '=', f.period);
  if (f.jurisdiction) base = base.where('jurisdiction_code', '=', f.jurisdiction);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy(sql.ref(sort.column), sort.direction).orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The period's completed redemptions less refunds by issuing and provider jurisdiction: count, sum, and the settled part. */
export function clearingSums(db: Q, period: string) {
  return db
    .selectFrom('redemptions')
    .select([
      'issuer_jurisdiction',
      'provider_jurisdiction',
      (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('refunded_fen'))).as('s'),
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>(sql<number>`case when settlement_id is null then 0 else amount_fen - refunded_fen end`).as('settled'),
    ])
    .where('period', '=', period)
    .where('status', '=', 'completed')
    .groupBy(['issuer_jurisdiction', 'provider_jurisdiction'])
    .execute();
}

export function settledJurisdictions(db: Q, period: string) {
  return db.selectFrom('settlements').select('jurisdiction_code').where('period', '=', period).orderBy('jurisdiction_code').execute();
}
