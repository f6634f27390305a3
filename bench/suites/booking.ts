// booking: booking contention. 64 signed-in members (scale-u<n>, one client each) book random
// 30- or 60-minute slots on 20 capacity-1 instruments (open around the clock, no notice, no
// approval) for 15 s, inside a one-day window that moves on only when most attempts conflict
// (so conflicts stay frequent whatever the engine's pace, and the window never fills). Counts 201
// (booked) vs 409 (conflict) vs anything else (must be none), successful bookings and attempts
// per second, and the ratio of attempts per second to a bare route's requests per second on the
// same server. Afterwards a SQL query over the bookings table counts overlapping pairs of
// active bookings of a capacity-1 resource: it must be 0, or the suite fails.
// The clients run in a worker thread, so they do not share the server's event loop.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import {
  ENGINES,
  load,
  login,
  machineLoad,
  mean,
  percentile,
  round,
  startServer,
  target,
  type LoadResult,
  type Metric,
  type Session,
  type Suite,
} from '../lib';
import { ACTIVE as ACTIVE_BOOKING_STATUSES } from '../../server/modules/bookings/bookings.repository';

const CLIENTS = 64;
const RESOURCES = 20;
const SECONDS = 15;
const SLOT_MINUTES = 30;
/** Bookings last 1 or 2 slots. */
const MAX_SLOTS = 2;
/** The window the clients book in (one day of slots on each resource)… */
const WINDOW_SLOTS = 1440 / SLOT_MINUTES;
/** …moves on by a quarter when more than this share of the last 100 attempts conflicted. */
const ADVANCE_AT_CONFLICT_SHARE = 0.6;
const BARE_SECONDS = 3;
const BARE_PATH = '/__bench/bare';

const ALL_DAY: Array<[string, string]> = [['00:00', '24:00']];
const resourceBody = (ownerOrgId: number, i: number) => ({
  kind: 'instrument',
  name: `示例并发预约压测仪器 ${i + 1} 号`,
  description: '预约并发压测专用，7×24 小时开放，即约即定。',
  category: ['分析仪器', '压测', '并发预约'],
  ownerOrgId,
  city: '上海',
  originalValueFen: 50_000_000,
  serviceModes: ['assisted'],
  hourlyFeeFen: 30_000,
  openingHours: { sun: ALL_DAY, mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY },
  rules: {
    slotMinutes: SLOT_MINUTES,
    leadMinutes: { self_operation: 0, sample_submission: 0, assisted: 0 },
    maxAdvanceDays: 365,
    minMinutes: SLOT_MINUTES,
    maxMinutes: MAX_SLOTS * SLOT_MINUTES,
  },
  capacity: 1,
  needsApproval: false,
});

interface ClientResult {
  counts: Record<string, number>;
  others: string[];
  latencies: number[];
  networkErrors: number;
  attempts: number;
  seconds: number;
  /** How far the window moved on, in slots. */
  advancedSlots: number;
}

// The client loops, as plain JavaScript for an eval'd worker thread (global fetch, keep-alive).
const CLIENT_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, sessions, resources, windowStart, slots, slotMs, maxSlots, durationMs, advanceAt, maxBase } = workerData;
const counts = {};
const others = [];
const latencies = [];
let networkErrors = 0;
let attempts = 0;
// The window [base, base + slots) moves on by a quarter when most recent attempts conflict.
let base = 0;
const recent = [];
let recentConflicts = 0;
function outcome(conflict) {
  recent.push(conflict);
  recentConflicts += conflict;
  if (recent.length > 100) recentConflicts -= recent.shift();
  if (recent.length === 100 && recentConflicts > advanceAt * 100 && base + slots / 4 <= maxBase) {
    base += slots / 4;
    recent.length = 0;
    recentConflicts = 0;
  }
}
const started = performance.now();
const deadline = started + durationMs;
async function client(s) {
  while (performance.now() < deadline) {
    const resourceId = resources[Math.floor(Math.random() * resources.length)];
    const len = 1 + Math.floor(Math.random() * maxSlots);
    const k = base + Math.floor(Math.random() * (slots - len + 1));
    const body = JSON.stringify({
      resourceId,
      mode: 'assisted',
      startsAt: new Date(windowStart + k * slotMs).toISOString(),
      endsAt: new Date(windowStart + (k + len) * slotMs).toISOString(),
      purpose: '并发预约压测',
    });
    const t0 = performance.now();
    attempts++;
    try {
      const res = await fetch(url + '/api/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrfToken },
        body,
      });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      counts[res.status] = (counts[res.status] || 0) + 1;
      outcome(res.status === 409 ? 1 : 0);
      if (res.status !== 201 && res.status !== 409 && others.length < 5) others.push(res.status + ' ' + text.slice(0, 300));
    } catch (e) {
      networkErrors++;
      if (others.length < 5) others.push('network error: ' + String(e && e.cause ? e.cause : e));
    }
  }
}
Promise.all(sessions.map(client)).then(
  () => parentPort.postMessage({ counts, others, latencies, networkErrors, attempts, seconds: (performance.now() - started) / 1000, advancedSlots: base }),
  (e) => { throw e; },
);
`;

interface ClientData {
  url: string;
  sessions: Session[];
  resources: number[];
  windowStart: number;
  /** Slots in the window. */
  slots: number;
  slotMs: number;
  maxSlots: number;
  durationMs: number;
  advanceAt: number;
  /** The furthest the window may start, in slots from windowStart. */
  maxBase: number;
}

function runClients(data: ClientData): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_CODE, { eval: true, workerData: data });
    let done = false;
    worker.once('message', (m: ClientResult) => {
      done = true;
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the client worker exited with code ${code} before reporting`));
    });
  });
}

/** A pino JSON line as "message (code): first lines of the stack". */
function describeLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { msg?: string; reqId?: string; err?: { message?: string; code?: string; stack?: string } };
    const err = entry.err ?? {};
    return `${entry.reqId ?? ''} ${entry.msg ?? ''} — ${err.message ?? ''}${err.code ? ` (${err.code})` : ''}\n${(err.stack ?? '').split('\n').slice(1, 8).join('\n')}`;
  } catch {
    return line.slice(0, 500);
  }
}

/** Next Beijing midnight after now, plus a day: comfortably in the future for every attempt. */
function windowStartMs(now: number): number {
  const day = 86_400_000;
  const offset = 8 * 3600_000;
  return Math.floor((now + offset) / day) * day - offset + 2 * day;
}

const suite: Suite = {
  name: 'booking',
  description: `booking contention: ${CLIENTS} clients booking overlapping slots on ${RESOURCES} resources for ${SECONDS} s; overlapping active bookings afterwards must be 0`,
  async run(ctx) {
    const out: Metric[] = [];
    const failures: string[] = [];
    for (const engine of ctx.engines.filter((e) => ENGINES.includes(e))) {
      ctx.log(`booking [${engine}]: starting a server over a fresh database with ${CLIENTS} synthetic members`);
      const machine = machineLoad();
      // What the server logs at level error (a 500's cause), to explain any unexpected answer.
      const serverErrors: string[] = [];
      const logger = { level: 'error', stream: { write: (line: string) => void (serverErrors.length < 5 && serverErrors.push(line)) } };
      const server = await startServer(engine, {
        logger,
        // Their synthetic resources too (bulk-inserted with ids of their own): the 20 registered
        // through the API below then also check that ids carry on after a bulk load.
        scale: CLIENTS,
        configure: (app) => {
          app.get(BARE_PATH, { schema: { hide: true } }, async () => ({ ok: true }));
        },
      });
      try {
        // 20 bookable instruments, registered through the API by an organisation admin.
        const admin = await login(server.url, 'sh-org-admin');
        const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: admin.cookie } })).json()) as {
          user: { organization: { id: number } };
        };
        const resources: number[] = [];
        for (let i = 0; i < RESOURCES; i++) {
          const res = await fetch(`${server.url}/api/resources`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
            body: JSON.stringify(resourceBody(me.user.organization.id, i)),
          });
          if (res.status !== 201) throw new Error(`POST /api/resources answered ${res.status}: ${await res.text()}`);
          resources.push(((await res.json()) as { id: number }).id);
        }

        // One member session per client (the synthetic members share the demo password).
        const users = await server.deps.db.db
          .selectFrom('users')
          .select('username')
          .where('username', 'like', 'scale-u%')
          .where('role', '=', 'member')
          .orderBy('id')
          .limit(CLIENTS)
          .execute();
        if (users.length < CLIENTS) throw new Error(`only ${users.length} synthetic members to sign in, need ${CLIENTS}`);
        ctx.log(`booking [${engine}]: signing in ${CLIENTS} members`);
        const sessions: Session[] = [];
        for (let i = 0; i < users.length; i += 8) sessions.push(...(await Promise.all(users.slice(i, i + 8).map((u) => login(server.url, u.username)))));

        const runBare = () => load({ url: server.url + BARE_PATH, connections: CLIENTS, duration: BARE_SECONDS });
        ctx.log(`booking [${engine}]: bare route ${BARE_SECONDS} s`);
        const bare: LoadResult[] = [await runBare()];

        const slotMs = SLOT_MINUTES * 60_000;
        const windowStart = windowStartMs(Date.now());
        ctx.log(
          `booking [${engine}]: ${CLIENTS} clients booking for ${SECONDS} s from ${new Date(windowStart).toISOString()} (a window of ${WINDOW_SLOTS} slots × ${RESOURCES} resources)`,
        );
        const elu0 = performance.eventLoopUtilization();
        const result = await runClients({
          url: server.url,
          sessions,
          resources,
          windowStart,
          slots: WINDOW_SLOTS,
          slotMs,
          maxSlots: MAX_SLOTS,
          durationMs: SECONDS * 1000,
          advanceAt: ADVANCE_AT_CONFLICT_SHARE,
          // Bookings open 365 days ahead; the window starts two days out.
          maxBase: ((365 - 3) * 1440) / SLOT_MINUTES,
        });
        const elu = performance.eventLoopUtilization(elu0);

        ctx.log(`booking [${engine}]: bare route again ${BARE_SECONDS} s`);
        bare.push(await runBare());

        // Afterwards: pairs of overlapping active bookings of a capacity-1 resource.
        const db = server.deps.db.db;
        const overlap = await db
          .selectFrom('bookings as a')
          .innerJoin('bookings as b', (j) => j.onRef('b.resource_id', '=', 'a.resource_id').onRef('a.id', '<', 'b.id'))
          .innerJoin('resources as r', 'r.id', 'a.resource_id')
          .where('r.capacity', '=', 1)
          .where('a.status', 'in', [...ACTIVE_BOOKING_STATUSES])
          .where('b.status', 'in', [...ACTIVE_BOOKING_STATUSES])
          .whereRef('a.starts_at', '<', 'b.ends_at')
          .whereRef('b.starts_at', '<', 'a.ends_at')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const active = await db
          .selectFrom('bookings')
          .where('resource_id', 'in', resources)
          .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();

        const ok = result.counts['201'] ?? 0;
        const conflicts = result.counts['409'] ?? 0;
        const other = result.attempts - ok - conflicts - result.networkErrors;
        for (const o of result.others) ctx.log(`booking [${engine}]: unexpected answer: ${o}`);
        for (const line of serverErrors) ctx.log(`booking [${engine}]: server error log: ${describeLogLine(line)}`);
        const overlapping = Number(overlap.n);
        const stored = Number(active.n);
        const bareRps = mean(bare.map((r) => r.rps));
        const attemptsPerS = result.attempts / result.seconds;
        const bareErrors = bare.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
        const m = (metric: string, value: number, extra: Partial<Metric> = {}): Metric => ({ suite: 'booking', engine, metric, value, ...extra });
        const metrics = [
          m('clients', CLIENTS),
          m('resources', RESOURCES),
          m('seconds', round(result.seconds, 1), { unit: 's' }),
          m('attempts', result.attempts),
          m('booked_201', ok),
          m('conflict_409', conflicts),
          m('other_status', other, target(other, '=', 0)),
          m('network_errors', result.networkErrors, target(result.networkErrors, '=', 0)),
          m('conflict_share', round(conflicts / Math.max(1, result.attempts), 3)),
          m('window_moved_days', round((result.advancedSlots * SLOT_MINUTES) / 1440, 2), { unit: 'd' }),
          m('bookings_per_s', round(ok / result.seconds, 1), { unit: '/s' }),
          m('attempts_per_s', round(attemptsPerS, 1), { unit: '/s' }),
          m('post_p50', round(percentile(result.latencies, 50), 1), { unit: 'ms' }),
          m('post_p99', round(percentile(result.latencies, 99), 1), { unit: 'ms' }),
          m('bare_rps', round(bareRps), { unit: 'req/s' }),
          m('ratio', round(attemptsPerS / bareRps, 4)),
          m('server_util', round(elu.utilization, 2)),
          m('server_us_per_attempt', round((elu.active * 1000) / Math.max(1, result.attempts)), { unit: 'µs' }),
          m('overlapping_pairs', overlapping, target(overlapping, '=', 0)),
          m('stored_minus_201', stored - ok, target(stored - ok, '=', 0)),
          m('bare_errors', bareErrors, target(bareErrors, '=', 0)),
          m('load_avg_1m', round(machine.load1, 2)),
          m('load_avg_1m_end', round(machineLoad().load1, 2)),
          m('cpu_cores', machine.cores),
        ];
        out.push(...metrics);
        if (overlapping !== 0) failures.push(`${engine}: ${overlapping} pairs of overlapping active bookings`);
      } finally {
        await server.close();
      }
    }
    if (failures.length) {
      for (const x of out) ctx.log(`booking [${x.engine}] ${x.metric} = ${x.value}${x.unit ? ' ' + x.unit : ''}`);
      throw new Error(`double bookings: ${failures.join('; ')}`);
    }
    return out;
  },
};

export default suite;
