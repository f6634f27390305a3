// Helpers for the technology-market tests: valid result and demand bodies (application numbers
// with their check character), signed-in demo people with their organisation ids, contracts made
// and signed through the API, and a count of every table a refused transfer request must leave
// alone.
import { expect } from 'vitest';
import { makeApplicationNumber, type PatentType } from '../server/platform/patent';
import type { Client, TestContext } from './context';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

let serial = 0;
const SERIAL_BASE = 1_000_000 + Math.floor(Math.random() * 5_000_000);
/** A valid CN application number of the type, unique within the run. */
export const appNo = (type: PatentType = 'invention', year = 2021) => makeApplicationNumber(year, type, SERIAL_BASE + serial++);
export const tag = () => `${process.pid.toString(36)}${(serial++).toString(36)}`;

/** A granted invention patent, published: override anything. */
export function resultBody(over: Record<string, unknown> = {}) {
  const type = (over.resultType as PatentType | undefined) ?? 'invention';
  const patent = ['invention', 'utility_model', 'design'].includes(type);
  return {
    title: `测试成果 ${tag()}`,
    summary: '一种测试用的技术成果（示例）。',
    resultType: type,
    ...(patent ? { applicationNo: appNo(type), patentStatus: 'granted' } : {}),
    ipc: ['G06F 16/33'],
    fields: ['520'],
    trl: 6,
    askingPriceFen: 1_000_000,
    transferModes: ['licence', 'assignment'],
    ...over,
  };
}

export function demandBody(over: Record<string, unknown> = {}) {
  return { title: `测试需求 ${tag()}`, problem: '一项测试用的技术需求（示例）。', budgetFen: 2_000_000, fields: ['520'], ipc: ['G06F'], ...over };
}

export interface Who {
  username: string;
  userId: number;
  orgId: number;
  client: Client;
}

/** Demo accounts, signed in, with their ids. */
export async function people(ctx: TestContext, usernames: string[]): Promise<Record<string, Who>> {
  const out: Record<string, Who> = {};
  await Promise.all(
    usernames.map(async (username) => {
      const u = await ctx.db.db.selectFrom('users').select(['id', 'organization_id']).where('username', '=', username).executeTakeFirstOrThrow();
      out[username] = { username, userId: Number(u.id), orgId: Number(u.organization_id), client: await ctx.as(username) };
    }),
  );
  return out;
}

/** Posts and expects 201. */
export async function created(p: Promise<{ statusCode: number; body: string; data: any }>) {
  const r = await p;
  if (r.statusCode !== 201) throw new Error(`expected 201, got ${r.statusCode}: ${r.body}`);
  return r.data;
}

export async function ok(p: Promise<{ statusCode: number; body: string; data: any }>) {
  const r = await p;
  if (r.statusCode !== 200) throw new Error(`expected 200, got ${r.statusCode}: ${r.body}`);
  return r.data;
}

/** A contract proposed by `proposer` and signed by `signer`: the signed detail. */
export async function signedContract(proposer: Client, signer: Client, body: Record<string, unknown>) {
  const c = await created(proposer.post('/api/contracts', { kind: 'licence', termMonths: 36, ...body }));
  return ok(signer.post(`/api/contracts/${c.id}/signature`));
}

const TABLES = [
  'listings',
  'listing_terms',
  'listing_term_df',
  'search_stats',
  'open_licences',
  'licences',
  'contracts',
  'contract_instalments',
  'contract_payments',
  'contract_reminders',
  'revenue_reports',
  'risk_pools',
  'pool_movements',
  'auctions',
  'auction_bids',
  'import_batches',
  'integrity_records',
  'audit_log',
] as const;

/** Row counts of every table a transfer request can write, plus the mutable state that counts miss. */
export async function counts(ctx: TestContext): Promise<Record<string, unknown>> {
  const db = ctx.db.db;
  const out: Record<string, unknown> = {};
  for (const t of TABLES) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  out.stats = (
    await db.selectFrom('search_stats').select(['scope', 'docs', 'total_len']).where('scope', 'in', ['results', 'demands']).orderBy('scope').execute()
  )
    .map((s) => `${s.scope}:${Number(s.docs)}:${Number(s.total_len)}`)
    .join(',');
  out.listingState = (await db.selectFrom('listings').select(['id', 'status', 'updated_at']).orderBy('id').execute())
    .map((l) => `${l.id}:${l.status}:${l.updated_at}`)
    .join(',');
  out.contractState = (await db.selectFrom('contracts').select(['id', 'status', 'updated_at']).orderBy('id').execute())
    .map((c) => `${c.id}:${c.status}:${c.updated_at}`)
    .join(',');
  out.instalmentState = (await db.selectFrom('contract_instalments').select(['id', 'status', 'paid_fen', 'due_at', 'compensated_fen']).orderBy('id').execute())
    .map((i) => `${i.id}:${i.status}:${Number(i.paid_fen)}:${i.due_at}:${Number(i.compensated_fen)}`)
    .join(',');
  out.openLicenceState = (await db.selectFrom('open_licences').select(['id', 'status']).orderBy('id').execute()).map((o) => `${o.id}:${o.status}`).join(',');
  out.auctionState = (await db.selectFrom('auctions').select(['id', 'status', 'best_fen', 'bid_count']).orderBy('id').execute())
    .map((a) => `${a.id}:${a.status}:${a.best_fen}:${a.bid_count}`)
    .join(',');
  out.poolState = (await db.selectFrom('risk_pools').select(['id', 'funded_fen', 'paid_out_fen']).orderBy('id').execute())
    .map((p) => `${p.id}:${Number(p.funded_fen)}:${Number(p.paid_out_fen)}`)
    .join(',');
  return out;
}

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; data: any };

/** A refusal with `status` as problem+json (with `rule`, or `code` when no rule) that wrote nothing. */
export async function refused(ctx: TestContext, run: () => Promise<Res>, status: number, rule?: string): Promise<Res> {
  const before = await counts(ctx);
  const r = await run();
  expect(r.statusCode, r.body).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/application\/problem\+json/);
  expect(r.data.status).toBe(status);
  if (rule) expect(r.data.rule ?? r.data.code, r.body).toBe(rule);
  expect(await counts(ctx)).toEqual(before);
  return r;
}

/** The audit entries of one entity, oldest first. */
export async function auditOf(ctx: TestContext, entityType: string, entityId: number) {
  const rows = await ctx.db.db
    .selectFrom('audit_log')
    .select(['action', 'actor_name'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ action: r.action, actor: r.actor_name }));
}

/** Adds whole calendar months on Beijing's calendar, the day clamped to the month's last (as contracts do). */
export function plusMonths(isoAt: string, months: number) {
  const BJ = 8 * 3_600_000;
  const d = new Date(Date.parse(isoAt) + BJ);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()) - BJ,
  ).toISOString();
}
export const plusDays = (isoAt: string, days: number) => iso(Date.parse(isoAt) + days * DAY);
