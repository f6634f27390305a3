import { sql } from 'kysely';
import type { DialectHelpers } from './types';

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export const sqliteHelpers: DialectHelpers = {
  engine: 'sqlite',
  schema: {
    identity: (col) => col.primaryKey().autoIncrement(),
    idType: 'integer',
    timestampType: 'text',
    binaryType: 'blob',
    // The documented way to change a table's shape: a new table, the rows copied in key order,
    // the old one dropped, the new one renamed, the indexes (and triggers) recreated.
    async coverPrimaryKey(db, { table, columns }, covered = true) {
      const objects = await sql<{ type: string; sql: string | null }>`select type, sql from sqlite_master where tbl_name = ${table}`.execute(db);
      const definition = objects.rows.find((o) => o.type === 'table')?.sql;
      if (!definition) throw new Error(`coverPrimaryKey: no table ${table}`);
      const withoutRowid = /\s+without\s+rowid\s*$/i;
      if (withoutRowid.test(definition) === covered) return;
      const rebuilt = `${table}__rebuilt`;
      const body = definition.replace(withoutRowid, '').slice(definition.indexOf('('));
      await db.transaction().execute(async (trx) => {
        await sql.raw(`create table "${rebuilt}" ${body}${covered ? ' without rowid' : ''}`).execute(trx);
        await sql`insert into ${sql.table(rebuilt)} select * from ${sql.table(table)} order by ${sql.join(columns.map((c) => sql.ref(c)))}`.execute(trx);
        await sql`drop table ${sql.table(table)}`.execute(trx);
        await sql`alter table ${sql.table(rebuilt)} rename to ${sql.table(table)}`.execute(trx);
        for (const o of objects.rows) if (o.type !== 'table' && o.sql) await sql.raw(o.sql).execute(trx);
      });
    },
    createCoveringIndex: (db, { name, table, columns, include }) =>
      db.schema
        .createIndex(name)
        .on(table)
        .columns([...columns, ...include])
        .execute(),
  },
  query: {
    // SQLite's LIKE is case-insensitive for ASCII by default.
    containsInsensitive: (column, needle) => sql<boolean>`${column} like ${'%' + escapeLike(needle) + '%'} escape '\\'`,
    supportsRowLocks: false,
    skipLocked: (qb) => qb,
    round: (expr, digits) => sql<number>`round(${expr}, ${sql.lit(digits)})`,
  },
  maintenance: {
    async afterBulkLoad(db, tables) {
      for (const t of tables) await sql`analyze ${sql.table(t)}`.execute(db);
      await sql`pragma optimize`.execute(db);
    },
  },
  errors: {
    // One writer at a time: SQLite cannot deadlock between transactions.
    isDeadlock: () => false,
    isOverlapViolation: (err) => String((err as Error | null)?.message ?? '').includes('bookings_no_overlap'),
    isUniqueViolation: (err) => (err as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as any)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  },
};

export { escapeLike };
