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
  },
  query: {
    containsInsensitive: (column, needle) => sql<boolean>`${column} ilike ${'%' + escapeLike(needle) + '%'} escape '\\'`,
    supportsRowLocks: true,
    round: (expr, digits) => sql<number>`round((${expr})::numeric, ${sql.lit(digits)})::float8`,
  },
  errors: {
    isDeadlock: (err) => (err as { code?: string } | null)?.code === '40P01',
    isOverlapViolation: (err) => (err as { code?: string } | null)?.code === '23P01',
    isUniqueViolation: (err) => (err as { code?: string } | null)?.code === '23505',
  },
};
