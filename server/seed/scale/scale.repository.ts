// Every SQL statement of the scale generator (npm run seed -- --scale): bulk inserts of synthetic
// organisations, members, resources and listings, the ids they take, and the page cache and index
// juggling of a bulk load. The postings' own bookkeeping (resource_terms, listing_term_df) is the
// owning modules' (resources.repository insertTermsBulk, listings.repository adjustDocumentFrequencies).
import { CompiledQuery, sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, ListingTable, NewOrganization, NewUser, ResourceTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';
import { pinyinKey } from '../../platform/text';

type Q = Kysely<Database> | Transaction<Database>;

/** Organisations that can own resources: the types that run instruments, active, names marked 示例. */
const resourceOwningOrganizations = (db: Q) =>
  db
    .selectFrom('organizations')
    .where('type', 'in', ['enterprise', 'university', 'research_institute', 'service_institution'])
    .where('status', '=', 'active')
    .where('name_folded', 'like', '%示例%');

// ---- organisations and members

/** Usernames with the prefix, longest first, then the highest: the natural order of <prefix><n>. */
export function usernamesByNumber(db: Q, prefix: string, limit: number) {
  return db
    .selectFrom('users')
    .select('username')
    .where('username', 'like', `${prefix}%`)
    .orderBy((eb) => eb.fn('length', ['username']), 'desc')
    .orderBy('username', 'desc')
    .limit(limit)
    .execute();
}

/** Which of these codes are already stored. */
export async function takenUsccs(db: Q, usccs: string[]): Promise<string[]> {
  const rows = await db.selectFrom('organizations').select('uscc').where('uscc', 'in', usccs).execute();
  return rows.map((r) => r.uscc);
}

export function insertOrganizations(db: Q, rows: NewOrganization[]) {
  return db
    .insertInto('organizations')
    .values(rows.map((r) => ({ ...r, name_pinyin: pinyinKey(r.name) })))
    .returning(['id', 'uscc'])
    .execute();
}

export function insertUsers(db: Q, rows: NewUser[]) {
  return db
    .insertInto('users')
    .values(rows.map((r) => ({ ...r, name_pinyin: pinyinKey(r.display_name) })))
    .execute();
}

// ---- resources

export function resourceOwnerCandidates(db: Q) {
  return resourceOwningOrganizations(db).select(['id', 'jurisdiction_code', 'city']).orderBy('id').execute();
}

/** The members whose usernames carry the prefix, with their organisations. */
export function membersByPrefix(db: Q, prefix: string) {
  return db.selectFrom('users').select(['id', 'organization_id']).where('username', 'like', `${prefix}%`).where('role', '=', 'member').execute();
}

/** Adds documents and their length to the catalogue's corpus statistics. */
export function addResourceCorpus(db: Q, docs: number, len: number) {
  return db
    .updateTable('search_stats')
    .set((eb) => ({ docs: eb('docs', '+', docs), total_len: eb('total_len', '+', len) }))
    .where('scope', '=', 'resources')
    .execute();
}

export function insertResources(db: Q, rows: Array<Insertable<ResourceTable>>) {
  return db
    .insertInto('resources')
    .values(rows.map((r) => ({ ...r, name_pinyin: pinyinKey(r.name) })))
    .execute();
}

// ---- ids

/**
 * Ids for n new rows of the table, allocated the way an INSERT would: PostgreSQL hands out values
 * of the column's identity sequence (safe against concurrent writers); SQLite has one writer, and
 * the caller's transaction has already written (so holds the write lock): the next ids after the
 * highest ever used (AUTOINCREMENT: later inserts through the services continue after these).
 */
export async function allocateIds(trx: Transaction<Database>, h: DialectHelpers, table: 'resources' | 'listings', n: number): Promise<number[]> {
  if (h.engine === 'postgres') {
    const { rows } = await sql<{
      id: string | number;
    }>`select nextval(pg_get_serial_sequence(${sql.lit(table)}, 'id')) as id from generate_series(1, ${n})`.execute(trx);
    return rows.map((x) => Number(x.id)).sort((a, b) => a - b);
  }
  const { rows } = await sql<{ last: number }>`select max(
      coalesce((select seq from sqlite_sequence where name = ${sql.lit(table)}), 0),
      coalesce((select max(id) from ${sql.raw(table)}), 0)) as last`.execute(trx);
  const last = Number(rows[0].last);
  return Array.from({ length: n }, (_, k) => last + 1 + k);
}

// ---- listings

/** The highest external id of the source with the prefix (null if none). */
export async function lastExternalId(db: Q, source: string, prefix: string): Promise<string | null> {
  const row = await db
    .selectFrom('listings')
    .select((eb) => eb.fn.max('external_id').as('last'))
    .where('source', '=', source)
    .where('external_id', 'like', `${prefix}%`)
    .executeTakeFirst();
  return row?.last ?? null;
}

/** Documents counted in these corpus statistics. */
export async function corpusDocs(db: Q, scopes: string[]): Promise<number> {
  const row = await db
    .selectFrom('search_stats')
    .select((eb) => eb.fn.sum<number>('docs').as('n'))
    .where('scope', 'in', scopes)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A write that changes nothing: on SQLite the transaction holds the write lock from here on. */
export function touchCorpus(db: Q, scopes: string[]) {
  return db
    .updateTable('search_stats')
    .set((eb) => ({ docs: eb('docs', '+', 0) }))
    .where('scope', 'in', scopes)
    .execute();
}

/** Adds documents and their length to one scope's corpus statistics. */
export function addCorpus(db: Q, scope: string, docs: number, len: number) {
  return db
    .updateTable('search_stats')
    .set((eb) => ({ docs: eb('docs', '+', docs), total_len: eb('total_len', '+', len) }))
    .where('scope', '=', scope)
    .execute();
}

export function insertListings(db: Q, rows: Array<Insertable<ListingTable>>) {
  return db.insertInto('listings').values(rows).execute();
}

/** Postings per INSERT: SQLite takes 2 000-row INSERTs, PostgreSQL 20 000-row INSERT … SELECT FROM unnest(arrays). */
export const postingsPerStatement = (h: DialectHelpers) => (h.engine === 'postgres' ? 20_000 : 2000);
/** Words per upsert of their listing counts. */
export const documentFrequenciesPerStatement = (h: DialectHelpers) => (h.engine === 'postgres' ? 5000 : 2000);

/** Postings column by column (row k: term[k], kind[k], …). */
export interface PostingColumns {
  term: string[];
  kind: string[];
  listingId: number[];
  tf: number[];
  w: number[];
}

export async function insertListingPostings(db: Q, h: DialectHelpers, p: PostingColumns): Promise<void> {
  if (h.engine === 'postgres') {
    await db.executeQuery(
      CompiledQuery.raw(
        'insert into listing_terms (term, kind, listing_id, tf, w) select * from unnest($1::varchar[], $2::varchar[], $3::bigint[], $4::int[], $5::int[])',
        [p.term, p.kind, p.listingId, p.tf, p.w],
      ),
    );
    return;
  }
  const n = p.term.length;
  const params: unknown[] = new Array(n * 5);
  for (let k = 0; k < n; k++) {
    params[5 * k] = p.term[k];
    params[5 * k + 1] = p.kind[k];
    params[5 * k + 2] = p.listingId[k];
    params[5 * k + 3] = p.tf[k];
    params[5 * k + 4] = p.w[k];
  }
  // One statement text per batch size: the connection's statement cache prepares it once.
  await db.executeQuery(
    CompiledQuery.raw(`insert into listing_terms (term, kind, listing_id, tf, w) values ${Array(n).fill('(?,?,?,?,?)').join(',')}`, params),
  );
}

/** The definitions (CREATE INDEX …) of these indexes of the table, to drop them and build them again. */
export async function indexDefinitions(db: Q, h: DialectHelpers, table: string, names: string[]): Promise<string[]> {
  if (h.engine === 'postgres') {
    const { rows } = await sql<{
      def: string;
    }>`select indexdef as def from pg_indexes where indexname in (${sql.join(names)}) and tablename = ${table}`.execute(db);
    return rows.map((r) => r.def);
  }
  const { rows } = await sql<{
    def: string | null;
  }>`select sql as def from sqlite_master where type = 'index' and name in (${sql.join(names)}) and tbl_name = ${table}`.execute(db);
  return rows.flatMap((r) => (r.def ? [r.def] : []));
}

export async function dropIndexes(db: Q, names: string[]): Promise<void> {
  for (const name of names) await sql`drop index if exists ${sql.id(name)}`.execute(db);
}

/** Builds indexes from their definitions (PostgreSQL: with room to sort in memory). */
export async function createIndexes(trx: Transaction<Database>, h: DialectHelpers, definitions: string[]): Promise<void> {
  if (h.engine === 'postgres') await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
  for (const definition of definitions) await sql.raw(definition).execute(trx);
}

// ---- SQLite's page cache

/** The connection's page cache size (SQLite's PRAGMA cache_size: negative in KiB). */
export async function pageCacheSize(db: Kysely<Database>): Promise<number> {
  return Number((await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000);
}

export async function setPageCacheSize(db: Kysely<Database>, size: number): Promise<void> {
  await sql.raw(`pragma cache_size = ${size}`).execute(db);
}
