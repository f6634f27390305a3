// Every SQL statement of the calls themselves (the `calls` table), with the names of the
// identity directory they show.
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { CallTable, Database } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Whose drafts a reader sees besides the calls past draft: the posing organisation's, a jurisdiction's, or all. */
export interface DraftVisibility {
  organizationId: number;
  allDrafts: boolean;
  draftsOfJurisdiction: string | null;
}

export interface CallFilter {
  kind?: string;
  status?: string;
  jurisdiction?: string;
  q?: string; // trimmed
}

export type CallSortColumn = 'c.created_at' | 'c.deadline' | 'c.budget_fen' | 'c.title';

function filtered(db: Q, h: DialectHelpers, v: DraftVisibility, f: CallFilter) {
  let base = db.selectFrom('calls as c');
  base = base.where((eb) =>
    eb.or([
      eb('c.status', '<>', 'draft'),
      eb('c.poser_org_id', '=', v.organizationId),
      ...(v.allDrafts ? [eb.lit(true)] : v.draftsOfJurisdiction !== null ? [eb('c.jurisdiction_code', '=', v.draftsOfJurisdiction)] : []),
    ]),
  );
  if (f.kind) base = base.where('c.kind', '=', f.kind);
  if (f.status) base = base.where('c.status', '=', f.status);
  if (f.jurisdiction) base = base.where('c.jurisdiction_code', '=', f.jurisdiction);
  if (f.q) base = base.where(h.query.containsInsensitive(sql.ref('c.title'), f.q));
  return base;
}

/** One page of calls in the order asked (newest id first among equals), and the count. */
export async function list(
  db: Q,
  h: DialectHelpers,
  v: DraftVisibility,
  f: CallFilter,
  sort: { column: CallSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const base = filtered(db, h, v, f);
  const [rows, count] = await Promise.all([
    base.selectAll('c').orderBy(sql.ref(sort.column), sort.direction).orderBy('c.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findById(db: Q, id: number) {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insert(db: Q, row: Insertable<CallTable>) {
  return db.insertInto('calls').values(row).returning('id').executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: Updateable<CallTable>) {
  return db.updateTable('calls').set(patch).where('id', '=', id).execute();
}

/** Changes the call only if it is still in status `from`; says how many rows changed (0 or 1). */
export async function updateIfStatus(db: Q, id: number, from: string, patch: Updateable<CallTable>) {
  const r = await db.updateTable('calls').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- the identity directory ----

export function organizationExists(db: Q, id: number) {
  return db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst();
}

export function organizationName(db: Q, id: number) {
  return db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
}

/** Calls past their draft per jurisdiction (the portal's regional overview; calls_status_jur_idx). */
export function publicCountsByJurisdiction(db: Q) {
  return db
    .selectFrom('calls')
    .select(['jurisdiction_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '<>', 'draft')
    .groupBy('jurisdiction_code')
    .execute();
}
