// auth-me: what authentication costs a request. Requests per second of GET /api/auth/me (the
// session cookie is looked up in the database on every request) against a bare route on the same
// server that does nothing; target: me ≥ 0.6 × bare. Alternates bare, me, bare, me after a
// warm-up so drift (JIT, caches, thermal) hits both equally.
import { ENGINES, load, login, machineLoad, mean, round, startServer, target, type LoadResult, type Metric, type Suite } from '../lib';

const CONNECTIONS = 32;
const WARMUP_SECONDS = 1; // per route, so ~2 s in all
const ROUND_SECONDS = 4; // two rounds per route: ~8 s each
const ROUNDS = 2;
const RATIO_TARGET = 0.6;
const BARE_PATH = '/__bench/bare';

const suite: Suite = {
  name: 'auth-me',
  description: `GET /api/auth/me with a session cookie vs a bare route (${CONNECTIONS} connections, loopback); target me/bare >= ${RATIO_TARGET}`,
  async run(ctx) {
    const out: Metric[] = [];
    for (const engine of ctx.engines.filter((e) => ENGINES.includes(e))) {
      ctx.log(`auth-me [${engine}]: starting a server over a fresh database`);
      const machine = machineLoad();
      const server = await startServer(engine, {
        // Outside /api/: the authentication hook answers 401 to unknown non-public /api routes.
        configure: (app) => {
          app.get(BARE_PATH, { schema: { hide: true } }, async () => ({ ok: true }));
        },
      });
      try {
        const session = await login(server.url, 'admin');
        const headers = { cookie: session.cookie };
        const check = await fetch(`${server.url}/api/auth/me`, { headers });
        const me = (await check.json()) as { user?: { username?: string } };
        if (check.status !== 200 || me.user?.username !== 'admin') throw new Error(`GET /api/auth/me answered ${check.status}: ${JSON.stringify(me)}`);

        const run = (path: string, duration: number) => load({ url: server.url + path, headers, connections: CONNECTIONS, duration });
        ctx.log(`auth-me [${engine}]: warm-up ${WARMUP_SECONDS * 2} s`);
        const warm = [await run(BARE_PATH, WARMUP_SECONDS), await run('/api/auth/me', WARMUP_SECONDS)];
        const bare: LoadResult[] = [];
        const mine: LoadResult[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          ctx.log(`auth-me [${engine}]: round ${i + 1}/${ROUNDS} (bare, me; ${ROUND_SECONDS} s each)`);
          bare.push(await run(BARE_PATH, ROUND_SECONDS));
          mine.push(await run('/api/auth/me', ROUND_SECONDS));
        }
        const bareRps = mean(bare.map((r) => r.rps));
        const meRps = mean(mine.map((r) => r.rps));
        const ratio = meRps / bareRps;
        const all = [...warm, ...bare, ...mine];
        const non2xx = all.reduce((n, r) => n + r.non2xx, 0);
        const errors = all.reduce((n, r) => n + r.errors + r.timeouts, 0);
        const m = (metric: string, value: number, extra: Partial<Metric> = {}): Metric => ({ suite: 'auth-me', engine, metric, value, ...extra });
        out.push(
          m('bare_rps', round(bareRps), { unit: 'req/s' }),
          m('me_rps', round(meRps), { unit: 'req/s' }),
          m('ratio', round(ratio, 3), target(round(ratio, 3), '>=', RATIO_TARGET)),
          m('bare_p50', round(mean(bare.map((r) => r.p50)), 2), { unit: 'ms' }),
          m('bare_p99', round(mean(bare.map((r) => r.p99)), 2), { unit: 'ms' }),
          m('me_p50', round(mean(mine.map((r) => r.p50)), 2), { unit: 'ms' }),
          m('me_p99', round(mean(mine.map((r) => r.p99)), 2), { unit: 'ms' }),
          // Where the time goes: how busy the server's event loop was, and per request.
          m('bare_server_util', round(mean(bare.map((r) => r.serverLoopUtil)), 2)),
          m('me_server_util', round(mean(mine.map((r) => r.serverLoopUtil)), 2)),
          m('bare_server_us_per_req', round(mean(bare.map((r) => r.serverBusyUsPerRequest))), { unit: 'µs' }),
          m('me_server_us_per_req', round(mean(mine.map((r) => r.serverBusyUsPerRequest))), { unit: 'µs' }),
          // Other work on the machine skews every figure above: say how busy it was.
          m('load_avg_1m', round(machine.load1, 2)),
          m('cpu_cores', machine.cores),
          m(
            'requests',
            all.reduce((n, r) => n + r.requests, 0),
          ),
          m('non_2xx', non2xx, target(non2xx, '=', 0)),
          m('socket_errors', errors, target(errors, '=', 0)),
        );
      } finally {
        await server.close();
      }
    }
    return out;
  },
};

export default suite;
