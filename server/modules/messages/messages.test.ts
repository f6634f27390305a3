// Resource photos, contacts and messages to owners (issue 15, defect 12), on both engines:
// only the people who run a resource upload or remove its photos; a photo is judged by its bytes
// (an .exe renamed .jpg is refused with a clear problem) and served by id with its type; the
// contact shows to whom it is meant for; 我要洽谈 reaches only the owner's admins (and the
// resource's manager), who read the thread; senders are rate-limited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../test/context';

const engine = process.env.TEST_DB_ENGINE;
let ctx: TestContext;
let dataDir: string;
let owner: Client; // sh-org-admin: runs the resource
let shMember: Client;
let zjMember: Client;
let zjAdmin: Client;
let resourceId: number;
let shOrg: number;

const photoFiles = () => (fs.existsSync(path.join(dataDir, 'photos')) ? fs.readdirSync(path.join(dataDir, 'photos')).sort() : []);
const upload = (c: Client, id: number, body: Buffer, type = 'image/jpeg', lang?: 'zh' | 'en') =>
  c.request('POST', `/api/resources/${id}/photos`, { payload: body, headers: { 'content-type': type }, lang });
const userIdOf = async (username: string) =>
  Number((await ctx.db.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-photos-'));
  ctx = await createTestContext({ DATA_DIR: dataDir });
  owner = await ctx.as('sh-org-admin');
  shMember = await ctx.as('sh-member');
  zjMember = await ctx.as('zj-member');
  zjAdmin = await ctx.as('zj-org-admin');
  shOrg = (await owner.get('/api/auth/me')).data.user.organization.id;
  const r = await ctx.db.db
    .selectFrom('resources')
    .select('id')
    .where('owner_org_id', '=', shOrg)
    .where('status', '=', 'published')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  resourceId = Number(r.id);
});
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`resource photos (${engine})`, () => {
  let photoId: number;

  it('the owner uploads a JPEG: stored under the data directory with a thumbnail, served with its type, shown on the resource and its card', async () => {
    const jpeg = await new Jimp({ width: 800, height: 600, color: 0x3366ccff }).getBuffer('image/jpeg');
    const r = await upload(owner, resourceId, jpeg);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({ width: 800, height: 600, contentType: 'image/jpeg', bytes: jpeg.length });
    photoId = r.data.id;
    expect(photoFiles()).toHaveLength(2);
    const full = await ctx.anon().get(r.data.url);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(full.headers['x-content-type-options']).toBe('nosniff');
    expect(full.rawPayload.equals(jpeg)).toBe(true);
    const thumb = await ctx.anon().get(r.data.thumbUrl);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const t = await Jimp.read(thumb.rawPayload);
    expect([t.width, t.height]).toEqual([480, 360]);
    const view = await ctx.anon().get(`/api/resources/${resourceId}`);
    expect(view.data.uploadedPhotos.map((p: any) => p.id)).toEqual([photoId]);
    const name = view.data.name as string;
    const card = await ctx.anon().get('/api/resources', { query: { ownerOrgId: shOrg, pageSize: 100 } });
    expect(card.data.items.find((i: any) => i.id === resourceId)?.photo, name).toBe(r.data.thumbUrl);
    // A PNG too; a small one is its own size in the thumbnail.
    const png = await new Jimp({ width: 64, height: 48, color: 0xff0000ff }).getBuffer('image/png');
    const p = await upload(owner, resourceId, png, 'image/png');
    expect(p.statusCode, p.body).toBe(201);
    expect(p.data.contentType).toBe('image/png');
  });

  it('refuses an .exe renamed .jpg, anything not an image, and oversized canvases — with a clear problem and nothing stored', async () => {
    const before = photoFiles();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(2000, 0x41)]);
    for (const lang of ['zh', 'en'] as const) {
      const r = await upload(owner, resourceId, exe, 'image/jpeg', lang);
      expect(r.statusCode, r.body).toBe(415);
      expect(String(r.headers['content-type'])).toMatch(/problem\+json/);
      expect(r.data.code).toBe('photo-type-refused');
      expect(r.data.detail).toContain(lang === 'zh' ? '只接受 JPEG、PNG 或 WebP 图片' : 'Only JPEG, PNG or WebP images are accepted');
    }
    expect((await upload(owner, resourceId, exe, 'application/x-msdownload')).statusCode).toBe(415);
    expect((await upload(owner, resourceId, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml')).statusCode).toBe(415);
    expect((await upload(owner, resourceId, Buffer.from('GIF89a' + 'x'.repeat(100)), 'image/jpeg')).statusCode).toBe(415);
    // A PNG header claiming 20000×20000 pixels: refused before decoding.
    const bomb = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const dims = Buffer.alloc(8);
    dims.writeUInt32BE(20000, 0);
    dims.writeUInt32BE(20000, 4);
    const big = await upload(owner, resourceId, Buffer.concat([bomb, dims, Buffer.alloc(64)]), 'image/png');
    expect(big.statusCode, big.body).toBe(400);
    expect(big.data.errors[0]).toMatchObject({ field: 'body', code: 'image-too-large' });
    // Over 5 MiB.
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    expect((await upload(owner, resourceId, huge)).statusCode).toBe(413);
    expect(photoFiles()).toEqual(before);
  });

  it('people who do not run the resource cannot upload or remove photos; ids cannot reach files', async () => {
    const jpeg = await new Jimp({ width: 10, height: 10, color: 0x00ff00ff }).getBuffer('image/jpeg');
    expect((await upload(ctx.anon(), resourceId, jpeg)).statusCode).toBe(401);
    for (const c of [zjMember, zjAdmin, shMember]) {
      expect((await upload(c, resourceId, jpeg)).statusCode).toBe(403);
      expect((await c.delete(`/api/resources/${resourceId}/photos/${photoId}`)).statusCode).toBe(403);
    }
    expect((await ctx.anon().get(`/api/resources/${resourceId}/photos/..%2F..%2Fetc%2Fpasswd`)).statusCode).toBe(400);
    expect((await ctx.anon().get(`/api/resources/${resourceId + 1}/photos/${photoId}`)).statusCode).toBe(404);
    expect((await ctx.anon().get(`/api/resources/${resourceId}/photos/${photoId}?size=../../x`)).statusCode).toBe(400);
  });

  it('the owner removes a photo: its files go, its address answers 404, both changes audited', async () => {
    const before = photoFiles().length;
    const del = await owner.delete(`/api/resources/${resourceId}/photos/${photoId}`);
    expect(del.statusCode, del.body).toBe(204);
    expect(photoFiles()).toHaveLength(before - 2);
    expect((await ctx.anon().get(`/api/resources/${resourceId}/photos/${photoId}`)).statusCode).toBe(404);
    const audit = await ctx.db.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'resource')
      .where('entity_id', '=', String(resourceId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['resource.photo.add', 'resource.photo.remove']));
  });
});

describe(`resource contacts (${engine})`, () => {
  const contact = { contactName: '王示例', contactPhone: '+86 21-5555 0101', contactEmail: 'lab@example.cn' };
  const seen = async (c: Client) => {
    const r = await c.get(`/api/resources/${resourceId}`);
    // A visitor who is not signed in gets the portal's allow-listed view: a `contact` only when it is public.
    if (!c.cookie && !c.bearer) return { name: r.data.contact?.name ?? null, hidden: !r.data.contact };
    return { name: r.data.contactName, hidden: r.data.contactHidden };
  };

  it('is shown to signed-in readers by default, to everyone when public, to the people who run it only when for nobody', async () => {
    const set = await owner.patch(`/api/resources/${resourceId}`, contact);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.data.contactVisibility).toBe('signed_in');
    expect(await seen(ctx.anon())).toEqual({ name: null, hidden: true });
    expect(await seen(zjMember)).toEqual({ name: '王示例', hidden: false });
    await owner.patch(`/api/resources/${resourceId}`, { contactVisibility: 'public' });
    expect(await seen(ctx.anon())).toEqual({ name: '王示例', hidden: false });
    await owner.patch(`/api/resources/${resourceId}`, { contactVisibility: 'nobody' });
    expect(await seen(zjMember)).toEqual({ name: null, hidden: true });
    expect((await zjMember.get(`/api/resources/${resourceId}`)).body).not.toContain('lab@example.cn');
    expect(await seen(owner)).toEqual({ name: '王示例', hidden: false });
    await owner.patch(`/api/resources/${resourceId}`, { contactVisibility: 'signed_in' });
  });

  it('refuses a malformed e-mail or phone, naming the field', async () => {
    const bad = await owner.patch(`/api/resources/${resourceId}`, { contactEmail: 'not-an-address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.errors[0].field).toBe('body:/contactEmail');
    expect((await owner.patch(`/api/resources/${resourceId}`, { contactPhone: '<script>' })).statusCode).toBe(400);
    expect((await zjAdmin.patch(`/api/resources/${resourceId}`, { contactName: '冒充' })).statusCode).toBe(403);
  });
});

describe(`我要洽谈: messages to owners (${engine})`, () => {
  it('reach only the owner organisation’s admins and the resource’s manager, who read the thread with the sender’s name and organisation', async () => {
    const before = Number(
      (
        await ctx.db.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );
    const r = await zjMember.post('/api/messages', { targetType: 'resource', targetId: resourceId, body: '您好，想预约下周的测试，请联系。' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({ targetType: 'resource', targetId: resourceId, mine: true });
    const fresh = await ctx.db.db.selectFrom('notifications').select(['user_id', 'kind', 'params_json', 'link']).where('id', '>', before).execute();
    const admins = await ctx.db.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', shOrg)
      .where('role', '=', 'org_admin')
      .where('status', '=', 'active')
      .execute();
    const manager = (await ctx.db.db.selectFrom('resources').select('manager_user_id').where('id', '=', resourceId).executeTakeFirstOrThrow()).manager_user_id;
    const expected = new Set([...admins.map((a) => Number(a.id)), ...(manager ? [Number(manager)] : [])]);
    expect(new Set(fresh.map((n) => Number(n.user_id)))).toEqual(expected);
    expect(fresh.every((n) => n.kind === 'message.received' && n.link === `/resources/${resourceId}#messages`)).toBe(true);
    expect(JSON.parse(fresh[0].params_json)).toMatchObject({ sender: expect.any(String), senderOrg: expect.any(String) });
    expect(fresh.map((n) => Number(n.user_id))).not.toContain(await userIdOf('zj-org-admin'));

    const thread = await owner.get('/api/messages', { query: { targetType: 'resource', targetId: resourceId } });
    expect(thread.statusCode).toBe(200);
    expect(thread.data.items[0]).toMatchObject({ body: '您好，想预约下周的测试，请联系。', mine: false, senderOrgName: expect.any(String) });
    expect((await owner.get('/api/messages', { query: { box: 'received' } })).data.total).toBeGreaterThan(0);
    // Other organisations' admins and members, and the owner's plain members, read none of it.
    for (const c of [zjAdmin, shMember, await ctx.as('js-org-admin')]) {
      const other = await c.get('/api/messages', { query: { targetType: 'resource', targetId: resourceId } });
      expect(other.data.items).toEqual([]);
    }
    const sent = await zjMember.get('/api/messages', { query: { box: 'sent' } });
    expect(sent.data.items.map((m: any) => m.id)).toContain(r.data.id);
    expect(
      await ctx
        .anon()
        .get('/api/messages')
        .then((x) => x.statusCode),
    ).toBe(401);
  });

  it('reach a result’s owner too; refuse one’s own organisation, unseen targets and blank text', async () => {
    const listing = await ctx.db.db
      .selectFrom('listings')
      .select(['id', 'owner_org_id'])
      .where('status', '=', 'published')
      .where('kind', '=', 'result')
      .where('owner_org_id', 'is not', null)
      .where('owner_org_id', '!=', (await zjMember.get('/api/auth/me')).data.user.organization.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const m = await zjMember.post('/api/messages', { targetType: 'listing', targetId: Number(listing.id), body: '我要洽谈：希望了解许可条件。' });
    expect(m.statusCode, m.body).toBe(201);
    expect(m.data.targetLink).toBe(`/market/results/${listing.id}`);
    const own = await owner.post('/api/messages', { targetType: 'resource', targetId: resourceId, body: '自己人' });
    expect(own.statusCode).toBe(422);
    expect(own.data.rule).toBe('own-organisation');
    expect((await zjMember.post('/api/messages', { targetType: 'resource', targetId: 99_999_999, body: '不存在' })).statusCode).toBe(404);
    expect((await zjMember.post('/api/messages', { targetType: 'resource', targetId: resourceId, body: '   ' })).statusCode).toBe(400);
    expect((await zjMember.post('/api/messages', { targetType: 'user', targetId: 1, body: '嗨' })).statusCode).toBe(400);
  });

  it('rate-limits each sender (429 with Retry-After), others unaffected', async () => {
    let last;
    for (let i = 0; i < 6; i++) last = await zjMember.post('/api/messages', { targetType: 'resource', targetId: resourceId, body: `第 ${i} 条` });
    expect(last!.statusCode, last!.body).toBe(429);
    expect(last!.data.code).toBe('too-many-messages');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    const js = await ctx.as('ah-member');
    expect((await js.post('/api/messages', { targetType: 'resource', targetId: resourceId, body: '另一位用户' })).statusCode).toBe(201);
    ctx.clock.advance(11 * 60_000);
    expect((await zjMember.post('/api/messages', { targetType: 'resource', targetId: resourceId, body: '十分钟后' })).statusCode).toBe(201);
  });
});
