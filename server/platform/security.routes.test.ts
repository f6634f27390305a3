// Routes whose declarations the module-shape change (issue 13) rewrote: each is refused to a user
// of another jurisdiction or organisation, and for ids that user does not hold — and a refusal
// writes nothing. Routes readable by every signed-in user on purpose say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const engine = process.env.TEST_DB_ENGINE;
type Method = 'GET' | 'POST' | 'DELETE';

const auditCount = async () =>
  Number(
    (
      await ctx.db.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '!=', 'auth.login')
        .executeTakeFirstOrThrow()
    ).n,
  );
const orgOf = async (username: string) =>
  Number((await ctx.db.db.selectFrom('users').select('organization_id').where('username', '=', username).executeTakeFirstOrThrow()).organization_id);

/** Each user in `who` gets `status` for every request, and nothing is written. */
async function refusedToAll(who: string[], requests: Array<[Method, string]>, status: number) {
  for (const username of who) {
    const client = await ctx.as(username);
    for (const [method, path] of requests) {
      const before = await auditCount();
      const r = await client.request(method, path);
      expect(r.statusCode, `${username} ${method} ${path}: ${r.body}`).toBe(status);
      expect(await auditCount(), `${username} ${method} ${path} wrote an audit entry`).toBe(before);
    }
  }
}

describe(`routes rewritten by the module-shape change refuse outsiders (${engine})`, () => {
  it('a contract is hidden from organisations not party to it; a party’s member may read but not sign or withdraw', async () => {
    const contract = await ctx.db.db.selectFrom('contracts').select(['id', 'licensor_org_id', 'licensee_org_id']).orderBy('id').executeTakeFirstOrThrow();
    const parties = [Number(contract.licensor_org_id), Number(contract.licensee_org_id)];
    const outsiders = [];
    for (const u of ['sh-member', 'ah-member', 'ah-org-admin', 'js-admin', 'zj-svc-admin']) if (!parties.includes(await orgOf(u))) outsiders.push(u);
    expect(outsiders.length).toBeGreaterThan(2);
    const id = contract.id;
    await refusedToAll(
      outsiders,
      [
        ['GET', `/api/contracts/${id}`],
        ['POST', `/api/contracts/${id}/signature`],
        ['POST', `/api/contracts/${id}/cancellation`],
        ['GET', `/api/contracts/999999`],
      ],
      404,
    );
    // zj-member belongs to the licensee: reads it, but only an organisation admin acts for it.
    expect(parties).toContain(await orgOf('zj-member'));
    expect((await (await ctx.as('zj-member')).get(`/api/contracts/${id}`)).statusCode).toBe(200);
    await refusedToAll(
      ['zj-member'],
      [
        ['POST', `/api/contracts/${id}/signature`],
        ['POST', `/api/contracts/${id}/cancellation`],
      ],
      403,
    );
  });

  it('a call’s assignment and ranking are its jurisdiction’s (and reviewers’) only; its page and funding shares are public to signed-in users', async () => {
    const call = await ctx.db.db.selectFrom('calls').select(['id', 'jurisdiction_code']).where('status', '=', 'open').orderBy('id').executeTakeFirstOrThrow();
    expect(call.jurisdiction_code).toBe('310000');
    await refusedToAll(
      ['js-admin', 'ah-admin', 'zj-member', 'ah-org-admin', 'sh-member'],
      [
        ['GET', `/api/calls/${call.id}/assignments`],
        ['GET', `/api/calls/${call.id}/ranking`],
      ],
      403,
    );
    await refusedToAll(['js-admin', 'zj-member'], [['GET', `/api/calls/${call.id}/attachments/999999`]], 404);
    for (const u of ['js-admin', 'zj-member']) {
      const k = await ctx.as(u);
      expect((await k.get(`/api/calls/${call.id}`)).statusCode).toBe(200);
      expect((await k.get(`/api/calls/${call.id}/funding`)).statusCode).toBe(200);
    }
  });

  it('an affiliate declaration is withdrawn only by the organisation that made it', async () => {
    const shOrgAdmin = await ctx.as('sh-org-admin');
    const declared = await shOrgAdmin.post('/api/affiliations', { organizationId: await orgOf('zj-org-admin'), note: '同一实际控制人' });
    expect(declared.statusCode, declared.body).toBe(201);
    await refusedToAll(['ah-org-admin', 'js-admin', 'zj-member', 'sh-member'], [['DELETE', `/api/affiliations/${declared.data.id}`]], 404);
    expect((await shOrgAdmin.delete(`/api/affiliations/${declared.data.id}`)).statusCode).toBe(204);
  });

  it('an expert’s relations, an unknown integrity record and a waitlist without a session show nothing', async () => {
    const zjExpert = Number((await ctx.db.db.selectFrom('users').select('id').where('username', '=', 'zj-expert').executeTakeFirstOrThrow()).id);
    const seen = await (await ctx.as('ah-member')).get(`/api/experts/${zjExpert}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.data.relations).toEqual([]);
    await refusedToAll(['ah-member', 'js-admin'], [['GET', '/api/integrity-records/999999']], 404);
    // /api/me/waitlist takes no id: it answers from the session alone (bookings.test.ts fills it).
    expect((await ctx.anon().get('/api/me/waitlist')).statusCode).toBe(401);
  });

  it('auctions and open licences are public market pages; /api/docs holds no data', async () => {
    const k = await ctx.as('ah-member');
    expect((await k.get('/api/auctions/1')).statusCode).toBe(200);
    expect((await k.get('/api/open-licences/1')).statusCode).toBe(200);
    expect((await ctx.anon().get('/api/open-licences/1')).statusCode).toBe(200);
  });
});
