// Helpers for the joint-calls and integrity tests: demo ids, new organisations with accounts of
// chosen roles, opened calls, and a count of every table a refused request must leave alone.
import { expect } from 'vitest';
import { nextUscc, type Client, type TestContext } from './context';

export const PASSWORD = 'Kexie#2026ab';
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();
/** The Beijing calendar date of an instant. */
export const bjDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
const DIVISION: Record<string, string> = { '310000': '310115', '320000': '320506', '330000': '330108', '340000': '340104' };

let serial = 0;
const tag = () => `${process.pid.toString(36)}${(serial++).toString(36)}${Math.random().toString(36).slice(2, 5)}`;

export interface Person {
  id: number;
  username: string;
  displayName: string;
  organizationId: number;
  client: Client;
}

/** A demo account: its ids and a signed-in client. */
export async function demo(ctx: TestContext, username: string): Promise<Person> {
  const u = await ctx.db.db.selectFrom('users').select(['id', 'organization_id', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  return { id: Number(u.id), username, displayName: u.display_name, organizationId: Number(u.organization_id), client: await ctx.as(username) };
}

export async function orgIdByName(ctx: TestContext, name: string): Promise<number> {
  const o = await ctx.db.db.selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return Number(o.id);
}

/** A new organisation (made by the platform admin) and accounts of the given roles in it, signed in. */
export async function newOrgWith(
  ctx: TestContext,
  platformAdmin: Client,
  o: { jurisdictionCode: string; type?: string; tier?: string | null; name?: string },
  roles: string[],
): Promise<{ id: number; name: string; people: Person[] }> {
  const t = tag();
  const type = o.type ?? 'enterprise';
  const name = o.name ?? `测试机构 ${t}（示例）`;
  const org = await platformAdmin.post('/api/organizations', {
    name,
    uscc: nextUscc(DIVISION[o.jurisdictionCode]),
    type,
    jurisdictionCode: o.jurisdictionCode,
    ...(type === 'enterprise' ? { tier: o.tier === undefined ? 'high_tech' : o.tier } : {}),
    establishedOn: '2015-03-01',
  });
  if (org.statusCode !== 201) throw new Error(`org: ${org.statusCode} ${org.body}`);
  const people: Person[] = [];
  for (const [i, role] of roles.entries()) {
    const username = `t${t}-${role}-${i}`;
    const displayName = `测试${role}${t}${i}（示例）`;
    const u = await platformAdmin.post('/api/users', { username, displayName, organizationId: org.data.id, role, password: PASSWORD });
    if (u.statusCode !== 201) throw new Error(`user: ${u.statusCode} ${u.body}`);
    people.push({ id: u.data.id, username, displayName, organizationId: org.data.id, client: await ctx.as(username, PASSWORD) });
  }
  return { id: org.data.id, name, people };
}

/** A call body valid now: a Shanghai joint fund open from an hour ago for 60 days unless overridden. */
export function callBody(now: number, over: Record<string, unknown> = {}) {
  return {
    kind: 'joint_fund',
    title: `测试指南 ${tag()}（示例）`,
    description: '面向长三角的联合攻关（示例）。',
    disciplines: ['150'],
    keywords: ['质谱'],
    budgetFen: 10_000_000,
    opensAt: iso(now - HOUR),
    deadline: iso(now + 60 * DAY),
    shares: { '310000': 5000, '320000': 5000 },
    ...over,
  };
}

/** Drafts a call and moves it to `to` (published or open). */
export async function openCall(admin: Client, body: Record<string, unknown>, to: 'draft' | 'published' | 'open' = 'open') {
  const r = await admin.post('/api/calls', body);
  if (r.statusCode !== 201) throw new Error(`call: ${r.statusCode} ${r.body}`);
  for (const s of ['published', 'open'] as const) {
    if (to === 'draft' || (to === 'published' && s === 'open')) break;
    const t = await admin.post(`/api/calls/${r.data.id}/transition`, { to: s });
    if (t.statusCode !== 200) throw new Error(`transition ${s}: ${t.statusCode} ${t.body}`);
  }
  return r.data as { id: number; [k: string]: any };
}

export async function move(admin: Client, callId: number, ...to: string[]) {
  for (const s of to) {
    const t = await admin.post(`/api/calls/${callId}/transition`, { to: s });
    if (t.statusCode !== 200) throw new Error(`transition ${s}: ${t.statusCode} ${t.body}`);
  }
}

export const application = (over: Record<string, unknown> = {}) => ({
  title: `测试申报 ${tag()}`,
  summary: '研究内容（示例）。',
  budgetFen: 1_000_000,
  disciplines: ['150'],
  keywords: ['质谱'],
  members: [],
  ...over,
});

const TABLES = [
  'calls',
  'call_applications',
  'call_attachments',
  'review_assignments',
  'call_milestones',
  'expert_profiles',
  'expert_relations',
  'integrity_records',
  'integrity_appeals',
  'voucher_applications',
  'providers',
  'provider_recognitions',
  'audit_log',
] as const;

/** Row counts of every table a call or integrity request can write. */
export async function counts(ctx: TestContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await ctx.db.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** Runs a request that must be refused with `status` (and `code`/`rule` when given) and checks it wrote nothing. */
export async function refused(ctx: TestContext, run: () => Promise<Awaited<ReturnType<Client['get']>>>, status: number, rule?: string) {
  const before = await counts(ctx);
  const r = await run();
  expect(r.statusCode, r.body).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/problem\+json/);
  if (rule) expect(r.data.rule ?? r.data.code, r.body).toBe(rule);
  expect(await counts(ctx)).toEqual(before);
  return r;
}

/** The audit entries of one entity, oldest first. */
export async function auditOf(ctx: TestContext, entityType: string, entityId: number) {
  const rows = await ctx.db.db
    .selectFrom('audit_log')
    .select(['action', 'change_json', 'actor_name', 'jurisdiction_code'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ action: r.action, actor: r.actor_name, jurisdictionCode: r.jurisdiction_code, change: JSON.parse(r.change_json) }));
}

/** A new account of `role` in an existing organisation, signed in. */
export async function newUser(ctx: TestContext, platformAdmin: Client, organizationId: number, role: string): Promise<Person> {
  const t = tag();
  const username = `t${t}-${role}`;
  const displayName = `测试${role}${t}（示例）`;
  const u = await platformAdmin.post('/api/users', { username, displayName, organizationId, role, password: PASSWORD });
  if (u.statusCode !== 201) throw new Error(`user: ${u.statusCode} ${u.body}`);
  return { id: u.data.id, username, displayName, organizationId, client: await ctx.as(username, PASSWORD) };
}
