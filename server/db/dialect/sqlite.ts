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
  },
  query: {
    // SQLite's LIKE is case-insensitive for ASCII by default.
    containsInsensitive: (column, needle) => sql<boolean>`${column} like ${'%' + escapeLike(needle) + '%'} escape '\\'`,
    supportsRowLocks: false,
    round: (expr, digits) => sql<number>`round(${expr}, ${sql.lit(digits)})`,
  },
  errors: {
    // One writer at a time: SQLite cannot deadlock between transactions.
    isDeadlock: () => false,
    isOverlapViolation: (err) => String((err as Error | null)?.message ?? '').includes('bookings_no_overlap'),
    isUniqueViolation: (err) => (err as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as any)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  },
};

export { escapeLike };
