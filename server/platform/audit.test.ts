// The audit log is complete (every change), hash-chained, and any edit or deletion shows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, nextUscc, type TestContext } from '../../test/context';
import { verifyAuditChain } from './audit';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;
const run = promisify(execFile);

async function auditVerifyCli(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'server/cli/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: ctx.db.url } });
    return { code: 0, out: stdout };
  } catch (e: any) {
    return { code: e.code, out: e.stdout };
  }
}

describe(`audit chain (${engine})`, () => {
  it('stays a single unbroken chain under concurrent writers', async () => {
    const sh = await ctx.as('sh-admin');
    const zj = await ctx.as('zj-admin');
    const before = await ctx.snapshot();
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (i % 2 ? sh : zj).post('/api/organizations', {
          name: `示例并发审计${i}`,
          uscc: nextUscc(i % 2 ? '310115' : '330106'),
          type: 'enterprise',
          jurisdictionCode: i % 2 ? '310000' : '330000',
        }),
      ),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect((await ctx.snapshot()).audit_log - before.audit_log).toBe(24);
    const v = await verifyAuditChain(ctx.db.db);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('a jurisdiction admin sees only their jurisdiction’s entries; members see none', async () => {
    const zj = await (await ctx.as('zj-admin')).get('/api/audit', { query: { pageSize: 200 } });
    expect(zj.data.items.length).toBeGreaterThan(0);
    expect(zj.data.items.every((e: any) => e.jurisdictionCode === '330000')).toBe(true);
    const filtered = await (await ctx.as('zj-admin')).get('/api/audit', { query: { jurisdiction: '310000' } });
    expect(filtered.data.items.every((e: any) => e.jurisdictionCode === '330000')).toBe(true);
    expect((await (await ctx.as('zj-member')).get('/api/audit')).statusCode).toBe(403);
  });

  it('never records secrets', async () => {
    const sh = await ctx.as('sh-admin');
    const stc = (await sh.get('/api/organizations', { query: { q: '上海市科学技术委员会' } })).data.items[0].id;
    const r = await sh.post('/api/users', { username: 'audit-secret', displayName: 'x', organizationId: stc, role: 'member', password: 'Secret#Pass2026' });
    expect(r.statusCode).toBe(201);
    const rows = await ctx.db.db.selectFrom('audit_log').select('change_json').execute();
    expect(rows.some((x) => x.change_json.includes('Secret#Pass2026'))).toBe(false);
    expect(rows.some((x) => x.change_json.includes('$argon2'))).toBe(false);
  });

  it('npm run audit:verify passes on an intact log and names an edited entry', async () => {
    const ok = await auditVerifyCli();
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact/);
    const victim = await ctx.db.db
      .selectFrom('audit_log')
      .select(['seq'])
      .where('action', '=', 'organization.create')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    await ctx.db.db.updateTable('audit_log').set({ change_json: '{"after":{"name":"篡改"}}' }).where('seq', '=', victim.seq).execute();
    const bad = await auditVerifyCli();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`entry ${victim.seq}: its change was edited`);
  });

  it('detects re-hashed edits, deletions in the middle and entries cut off the end', async () => {
    const v0 = await verifyAuditChain(ctx.db.db);
    expect(v0.ok).toBe(false); // the edit above
    // An attacker who recomputes the digest still breaks the chain hash.
    const seqs = (await ctx.db.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    const mid = seqs[Math.floor(seqs.length / 2)];
    await ctx.db.db.updateTable('audit_log').set({ actor_name: 'someone-else' }).where('seq', '=', mid).execute();
    expect((await verifyAuditChain(ctx.db.db)).problems).toContain(`entry ${mid}: its fields were edited (hash mismatch)`);
    await ctx.db.db
      .deleteFrom('audit_log')
      .where('seq', '=', mid + 1)
      .execute();
    expect((await verifyAuditChain(ctx.db.db)).problems.join('\n')).toMatch(new RegExp(`entries ${mid + 1}\\.\\.${mid + 1} are missing`));
    const last = seqs[seqs.length - 1];
    await ctx.db.db.deleteFrom('audit_log').where('seq', '=', last).execute();
    expect((await verifyAuditChain(ctx.db.db)).problems.join('\n')).toMatch(/cut off the end/);
    void sql;
  });
});
