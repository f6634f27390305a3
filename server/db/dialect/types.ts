// Engine differences live here, one concern per method, chosen once from the connection URL
// (after Directus' per-dialect helpers) so services and repositories never branch on the engine.
import type { ColumnDefinitionBuilder, Expression, Kysely, RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

export interface SchemaHelpers {
  /** Auto-incrementing integer primary key. */
  identity(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Column type for an integer primary key / foreign key. */
  idType: 'integer' | 'bigint';
  /** Column type for an instant in time (UTC). */
  timestampType: 'text' | 'timestamptz';
  /** Column type for file contents. */
  binaryType: 'blob' | 'bytea';
  /**
   * Makes a lookup by the table's primary key read the other columns from the key's b-tree alone.
   * SQLite: the table is rebuilt WITHOUT ROWID (its rows live in the key's b-tree), with its
   * indexes; PostgreSQL: the key's index is rebuilt with INCLUDE (include), for index-only scans.
   * covered = false undoes it.
   */
  coverPrimaryKey(db: Kysely<any>, key: { table: string; constraint: string; columns: string[]; include: string[] }, covered?: boolean): Promise<void>;
  /** Creates an index on columns that also carries include (PostgreSQL INCLUDE; SQLite: trailing key columns). */
  createCoveringIndex(db: Kysely<any>, index: { name: string; table: string; columns: string[]; include: string[] }): Promise<void>;
}

export interface MaintenanceHelpers {
  /**
   * After a bulk load, outside any transaction: fresh planner statistics, and on PostgreSQL a
   * VACUUM too, which sets the visibility map index-only scans depend on.
   */
  afterBulkLoad(db: Kysely<any>, tables: string[]): Promise<void>;
}

export interface QueryHelpers {
  /** Case-insensitive substring match (ASCII letters; Chinese text is folded before it is stored). */
  containsInsensitive(column: Expression<string | null>, needle: string): RawBuilder<SqlBool>;
  /**
   * Whether SELECT … FOR UPDATE is meaningful. SQLite serialises every write transaction
   * (one writer), so row locks are unnecessary there.
   */
  supportsRowLocks: boolean;
  /**
   * Makes a SELECT that picks rows to claim (a work queue) skip rows another transaction holds:
   * PostgreSQL FOR UPDATE SKIP LOCKED, so concurrent workers claim disjoint rows without waiting;
   * SQLite unchanged (one writer: the claiming UPDATE … WHERE id IN (SELECT …) runs alone).
   */
  skipLocked<QB extends SelectQueryBuilder<any, any, any>>(qb: QB): QB;
  /** Rounds a floating-point expression to n decimals (so both engines order ties alike). */
  round(expr: RawBuilder<number>, digits: number): RawBuilder<number>;
}

export interface DialectHelpers {
  engine: Engine;
  schema: SchemaHelpers;
  query: QueryHelpers;
  errors: ErrorHelpers;
  maintenance: MaintenanceHelpers;
}

export interface ErrorHelpers {
  /** A unique constraint refused the write (another request got there first). */
  isUniqueViolation(err: unknown): boolean;
  /** A no-overlap rule refused the write (PostgreSQL exclusion constraint, SQLite trigger). */
  isOverlapViolation(err: unknown): boolean;
  /** The engine aborted this transaction to break a deadlock with another; retrying is safe. */
  isDeadlock(err: unknown): boolean;
}
