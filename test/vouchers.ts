// Helpers for the voucher tests: organisations with their own accounts, programmes, issued
// vouchers, listed providers, completed orders and bookings, and a snapshot of every table a
// refused voucher request must leave alone.
import { expect } from 'vitest';
import { sql } from 'kysely';
import type { Deps } from '../server/platform/deps';
import type { Actor } from '../server/platform/access';
import { actorForUsername } from '../server/modules/auth/auth.service';
import * as providers from '../server/modules/vouchers/providers.service';
import { SERVICE_CATEGORIES } from '../server/modules/vouchers/rules';
import { verifyLedger } from '../server/modules/vouchers/ledger';
import { nextUscc, type Client, type TestContext } from './context';

export const STRONG = 'Kexie#2026ab';
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const ALL_JURISDICTIONS = ['310000', '320000', '330000', '340000'];
export const ALL_CATEGORIES = [...SERVICE_CATEGORIES];
const DIVISION: Record<string, string> = { '310000': '310115', '320000': '320506', '330000': '330108', '340000': '340104' };

export const iso = (ms: number) => new Date(ms).toISOString();

let serial = 0;
const tag = () => `${process.pid.toString(36)}${(serial++).toString(36)}${Math.random().toString(36).slice(2, 5)}`;

export interface TestOrg {
  id: number;
  name: string;
  jurisdictionCode: string;
  adminName: string;
  memberName: string;
  adminId: number;
  memberId: number;
  admin: Client;
  member: Client;
}

/** A new organisation (created by the platform admin) with an org admin and a member, both signed in. */
export async function newOrgWithUsers(
  ctx: TestContext,
  platformAdmin: Client,
  o: { jurisdictionCode: string; type?: string; tier?: string | null; establishedOn?: string; name?: string },
): Promise<TestOrg> {
  const t = tag();
  const name = o.name ?? `测试机构 ${t}（示例）`;
  const org = await platformAdmin.post('/api/organizations', {
    name,
    uscc: nextUscc(DIVISION[o.jurisdictionCode]),
    type: o.type ?? 'enterprise',
    jurisdictionCode: o.jurisdictionCode,
    ...((o.type ?? 'enterprise') === 'enterprise' ? { tier: o.tier === undefined ? 'high_tech' : o.tier } : {}),
    establishedOn: o.establishedOn ?? '2015-03-01',
  });
  if (org.statusCode !== 201) throw new Error(`org: ${org.statusCode} ${org.body}`);
  const adminName = `t${t}-admin`;
  const memberName = `t${t}-member`;
  const ids: number[] = [];
  for (const [username, role] of [
    [adminName, 'org_admin'],
    [memberName, 'member'],
  ]) {
    const u = await platformAdmin.post('/api/users', { username, displayName: `${username}（示例）`, organizationId: org.data.id, role, password: STRONG });
    if (u.statusCode !== 201) throw new Error(`user: ${u.statusCode} ${u.body}`);
    ids.push(u.data.id);
  }
  return {
    id: org.data.id,
    name,
    jurisdictionCode: o.jurisdictionCode,
    adminName,
    memberName,
    adminId: ids[0],
    memberId: ids[1],
    admin: await ctx.as(adminName, STRONG),
    member: await ctx.as(memberName, STRONG),
  };
}

/** A programme body valid at `now`, open for issue for 200 days and redeemable for 400. */
export function programBody(now: number, over: Record<string, unknown> = {}) {
  return {
    name: `测试创新券 ${tag()}`,
    description: '测试用',
    budgetFen: 10_000_000,
    issueFrom: iso(now - DAY),
    issueUntil: iso(now + 200 * DAY),
    expiresAt: iso(now + 400 * DAY),
    shareBp: 5000,
    capEnterpriseYearFen: 1_000_000,
    capTeamFen: 500_000,
    eligibleTiers: ['tech_sme', 'high_tech', 'tech_leader'],
    teamsEligible: true,
    eligibleCategories: ALL_CATEGORIES,
    redeemJurisdictions: ALL_JURISDICTIONS,
    ...over,
  };
}

export async function createProgram(admin: Client, body: Record<string, unknown>) {
  const r = await admin.post('/api/voucher-programs', body);
  if (r.statusCode !== 201) throw new Error(`programme: ${r.statusCode} ${r.body}`);
  return r.data;
}

/** Apply (as `holder`) and approve (as `admin`): the issued voucher. */
export async function issueVoucher(holder: Client, admin: Client, programId: number, amountFen: number, over: Record<string, unknown> = {}) {
  const a = await holder.post(`/api/voucher-programs/${programId}/applications`, {
    applicantKind: 'enterprise',
    requestedFen: amountFen,
    purpose: '测试',
    ...over,
  });
  if (a.statusCode !== 201) throw new Error(`apply: ${a.statusCode} ${a.body}`);
  const ok = await admin.post(`/api/voucher-applications/${a.data.id}/approve`, { amountFen });
  if (ok.statusCode !== 200) throw new Error(`approve: ${ok.statusCode} ${ok.body}`);
  return ok.data.voucher;
}

/** Place one unit of a product (as `buyer`) and complete it at `feeFen` (as the provider). */
export async function completedOrder(buyer: Client, provider: Client, productId: number, feeFen: number) {
  const o = await buyer.post('/api/service-orders', { productId, quantity: 1 });
  if (o.statusCode !== 201) throw new Error(`order: ${o.statusCode} ${o.body}`);
  const c = await provider.post(`/api/service-orders/${o.data.id}/complete`, { amountFen: feeFen });
  if (c.statusCode !== 200) throw new Error(`complete: ${c.statusCode} ${c.body}`);
  return c.data;
}

export async function product(owner: Client, providerId: number, category: string, priceFen = 100_000) {
  const p = await owner.post(`/api/providers/${providerId}/products`, { name: `测试服务 ${tag()}`, category, unit: '项', priceFen });
  if (p.statusCode !== 201) throw new Error(`product: ${p.statusCode} ${p.body}`);
  return p.data;
}

/** Deps whose clock reads `ms` earlier than the test clock (for setting up a past). */
export const earlier = (ctx: TestContext, ms: number): Deps => ({ ...ctx.deps, clock: { now: () => new Date(ctx.clock.now().getTime() - ms) } });

export const actor = (ctx: TestContext, username: string): Promise<Actor> => actorForUsername(ctx.deps, username);

/**
 * A listed provider made through the services: applied and checked nine and eight days ago,
 * listed now (its public notice is over), optionally recognised by other jurisdictions.
 */
export async function listedProvider(ctx: TestContext, ownerName: string, homeAdminName: string, categories: string[], recognisedBy: string[] = []) {
  const owner = await actor(ctx, ownerName);
  const home = await actor(ctx, homeAdminName);
  const assess = { legalEntity: true, yearsInOperation: 10, publishedPrices: true, integrityClean: true, statement: '测试' };
  const p = await providers.applyAsProvider(earlier(ctx, 9 * DAY), owner, { categories, description: '测试服务机构', selfAssessment: assess });
  await providers.createProduct(earlier(ctx, 9 * DAY), owner, p.id, { name: '定价服务', category: categories[0], unit: '项', priceFen: 10_000 });
  await providers.checkProvider(earlier(ctx, 8 * DAY), home, p.id, { passed: true, note: '测试' });
  await providers.listProvider(ctx.deps, home, p.id);
  for (const j of recognisedBy)
    await providers.recognise(ctx.deps, await actor(ctx, `${{ '310000': 'sh', '320000': 'js', '330000': 'zj', '340000': 'ah' }[j]}-admin`), p.id, {
      decision: 'recognised',
      note: '测试互认',
    });
  return p.id as number;
}

/** A completed, charged booking of a resource, written as the demo seed writes them. */
export async function completedBooking(
  ctx: TestContext,
  o: { resourceId: number; userId: number; organizationId: number; jurisdictionCode: string; chargeFen: number; endsAt?: number },
) {
  const end = o.endsAt ?? ctx.clock.now().getTime() - HOUR;
  const start = end - 2 * HOUR;
  const q = { mode: 'assisted', minutes: 120, samples: 0, startupFen: 0, timeFen: o.chargeFen, samplesFen: 0, consumablesFen: 0, totalFen: o.chargeFen };
  const { id } = await ctx.db.db
    .insertInto('bookings')
    .values({
      resource_id: o.resourceId,
      user_id: o.userId,
      organization_id: o.organizationId,
      jurisdiction_code: o.jurisdictionCode,
      mode: 'assisted',
      starts_at: iso(start),
      ends_at: iso(end),
      status: 'completed',
      exclusive: 0,
      samples: 0,
      purpose: '测试',
      quote_fen: o.chargeFen,
      quote_json: JSON.stringify(q),
      charge_fen: o.chargeFen,
      usage_minutes: 120,
      consumables_used_fen: 0,
      series_id: null,
      decided_by: null,
      decision_note: null,
      checked_in_at: iso(start),
      completed_at: iso(end),
      cancelled_at: null,
      created_at: iso(start - DAY),
      updated_at: iso(end),
    } as any)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

const VOUCHER_TABLES = [
  'voucher_programs',
  'voucher_applications',
  'vouchers',
  'redemptions',
  'ledger_transactions',
  'ledger_entries',
  'settlements',
  'settlement_lines',
  'providers',
  'provider_evidence',
  'provider_objections',
  'provider_recognitions',
  'service_products',
  'service_orders',
  'affiliations',
] as const;

/**
 * Row counts of every table a refused request must not touch, plus the mutable state of vouchers,
 * redemptions and providers (status, refunds, settlement) — to compare before and after.
 */
export async function snapshot(ctx: TestContext) {
  const out: Record<string, unknown> = await ctx.snapshot();
  for (const t of VOUCHER_TABLES) {
    const r = await ctx.db.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  out.voucherState = (await ctx.db.db.selectFrom('vouchers').select(['id', 'status', 'status_reason']).orderBy('id').execute())
    .map((v) => `${v.id}:${v.status}:${v.status_reason ?? ''}`)
    .join(',');
  out.redemptionState = (await ctx.db.db.selectFrom('redemptions').select(['id', 'status', 'refunded_fen', 'settlement_id']).orderBy('id').execute())
    .map((r) => `${r.id}:${r.status}:${Number(r.refunded_fen)}:${r.settlement_id ?? ''}`)
    .join(',');
  out.providerState = (await ctx.db.db.selectFrom('providers').select(['id', 'status']).orderBy('id').execute()).map((p) => `${p.id}:${p.status}`).join(',');
  out.applicationState = (await ctx.db.db.selectFrom('voucher_applications').select(['id', 'status']).orderBy('id').execute())
    .map((p) => `${p.id}:${p.status}`)
    .join(',');
  out.orderState = (await ctx.db.db.selectFrom('service_orders').select(['id', 'status', 'amount_fen']).orderBy('id').execute())
    .map((p) => `${p.id}:${p.status}:${Number(p.amount_fen)}`)
    .join(',');
  return out;
}

/** The ledger is whole: every check of verifyLedger passes and all accounts sum to zero. */
export async function expectLedgerClean(ctx: TestContext) {
  const v = await verifyLedger(ctx.db.db);
  expect(v.problems).toEqual([]);
  const total = await ctx.db.db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(sum(amount_fen), 0)`.as('s'))
    .executeTakeFirstOrThrow();
  expect(Number(total.s)).toBe(0);
  return v;
}

/** A refusal: the status, problem+json, the code and (for 422 rule-violated) the rule. */
export function expectProblem(
  r: { statusCode: number; headers: Record<string, unknown>; data: any; body: string },
  status: number,
  code: string,
  rule?: string,
) {
  expect(r.statusCode, r.body).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/application\/problem\+json/);
  expect(r.data.code, r.body).toBe(code);
  if (rule !== undefined) expect(r.data.rule, r.body).toBe(rule);
  expect(r.data.status).toBe(status);
}

export async function countAudit(ctx: TestContext, action: string, entityId?: number) {
  let q = ctx.db.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action);
  if (entityId !== undefined) q = q.where('entity_id', '=', String(entityId));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Ids of demo things every test database has. */
export async function demoIds(ctx: TestContext) {
  const db = ctx.db.db;
  const org = async (name: string) => Number((await db.selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id);
  const zjEnt = await org('示例杭州智能制造科技有限公司');
  const shEnt = await org('示例量子精密仪器（上海）有限公司');
  const jsInst = await org('示例苏州先进材料研究院');
  const ahEnt = await org('示例合肥量子信息科技有限公司');
  const prov = async (orgId: number) =>
    Number((await db.selectFrom('providers').select('id').where('organization_id', '=', orgId).executeTakeFirstOrThrow()).id);
  const res = async (name: string) => Number((await db.selectFrom('resources').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id);
  const user = async (u: string) => Number((await db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id);
  const zjProgram = Number((await db.selectFrom('voucher_programs').select('id').where('name', '=', '浙江省科技创新券（示例）').executeTakeFirstOrThrow()).id);
  const shProgram = Number((await db.selectFrom('voucher_programs').select('id').where('name', '=', '上海市科技创新券（示例）').executeTakeFirstOrThrow()).id);
  const zjVoucher = Number(
    (await db.selectFrom('vouchers').select('id').where('holder_org_id', '=', zjEnt).where('program_id', '=', zjProgram).executeTakeFirstOrThrow()).id,
  );
  return {
    zjEnt,
    shEnt,
    jsInst,
    ahEnt,
    shProvider: await prov(shEnt),
    jsProvider: await prov(jsInst),
    lcms: await res('示例高分辨液相色谱-质谱联用仪'),
    sem: await res('示例场发射扫描电子显微镜'),
    zjMemberId: await user('zj-member'),
    shMemberId: await user('sh-member'),
    zjProgram,
    shProgram,
    zjVoucher,
  };
}
