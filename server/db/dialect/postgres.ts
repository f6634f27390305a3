import { sql } from 'kysely';
import type { DialectHelpers } from './types';
import { escapeLike } from './sqlite';

export const postgresHelpers: DialectHelpers = {
  engine: 'postgres',
  schema: {
    identity: (col) => col.primaryKey().generatedByDefaultAsIdentity(),
    idType: 'bigint',
    timestampType: 'timestamptz',
    binaryType: 'bytea',
    async coverPrimaryKey(db, { table, constraint, columns, include }, covered = true) {
      const ids = (names: string[]) => sql.join(names.map((c) => sql.id(c)));
      await sql`alter table ${sql.table(table)} drop constraint ${sql.id(constraint)},
        add constraint ${sql.id(constraint)} primary key (${ids(columns)})${covered && include.length ? sql` include (${ids(include)})` : sql``}`.execute(db);
    },
    async createCoveringIndex(db, { name, table, columns, include }) {
      const ids = (names: string[]) => sql.join(names.map((c) => sql.id(c)));
      await sql`create index ${sql.id(name)} on ${sql.table(table)} (${ids(columns)}) include (${ids(include)})`.execute(db);
    },
  },
  query: {
    containsInsensitive: (column, needle) => sql<boolean>`${column} ilike ${'%' + escapeLike(needle) + '%'} escape '\\'`,
    supportsRowLocks: true,
    skipLocked: (qb) => qb.forUpdate().skipLocked() as typeof qb,
    round: (expr, digits) => sql<number>`round((${expr})::numeric, ${sql.lit(digits)})::float8`,
  },
  maintenance: {
    // VACUUM also sets the visibility map, without which an index-only scan visits the table.
    async afterBulkLoad(db, tables) {
      for (const t of tables) await sql`vacuum analyze ${sql.table(t)}`.execute(db);
    },
  },
  errors: {
    isDeadlock: (err) => (err as { code?: string } | null)?.code === '40P01',
    isOverlapViolation: (err) => (err as { code?: string } | null)?.code === '23P01',
    isUniqueViolation: (err) => (err as { code?: string } | null)?.code === '23505',
  },
};
