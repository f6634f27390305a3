// Three projects: unit tests (no database), and the API suite run once per engine — the same
// spec files against SQLite and against PostgreSQL, each file on its own fresh database.
import { defineConfig } from 'vitest/config';

const api = ['server/**/*.test.ts'];
const unit = ['server/**/*.unit.test.ts', 'bench/**/*.unit.test.ts'];
// Cross-engine comparisons need both engines: only the PostgreSQL project runs them.
const parity = ['server/**/*.parity.test.ts'];
const skipPg = process.env.YRD_SKIP_PG === '1' && process.env.CI !== 'true';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true as const, test: { name: 'unit', include: unit } },
      {
        extends: true as const,
        test: {
          name: 'api-sqlite',
          include: api,
          exclude: [...unit, ...parity],
          env: { TEST_DB_ENGINE: 'sqlite' },
          globalSetup: ['test/global-setup-sqlite.ts'],
        },
      },
      ...(skipPg
        ? []
        : [
            {
              extends: true as const,
              test: { name: 'api-postgres', include: api, exclude: unit, env: { TEST_DB_ENGINE: 'postgres' }, globalSetup: ['test/global-setup-postgres.ts'] },
            },
          ]),
    ],
  },
});
