// Photos of a resource (issue 15, defect 12): uploaded by the people who run it (its manager and
// its owner's admins), checked by their bytes (platform/images.ts), stored under the data
// directory with a random name and a JPEG thumbnail, served by id — a path never comes from the
// request — to whoever may see the resource.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { notFound, ruleError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { REASONS, assertAllowed, canOperateResource, type Actor } from '../../platform/access';
import { EXTENSIONS, acceptPhoto, thumbnail, type PhotoType } from '../../platform/images';
import * as repo from './photos.repository';
import * as resources from './resources.repository';
import { canSeeResource } from './resources.service';

export const MAX_PHOTOS = 12;
const PHOTO = { zh: '照片', en: 'Photo' };
const RESOURCE = { zh: '资源', en: 'Resource' };
const STEM_RE = /^[a-f0-9]{32}$/;

const photoDir = (deps: Deps) => path.join(deps.config.dataDir, 'photos');
function filesOf(deps: Deps, stem: string, type: string) {
  if (!STEM_RE.test(stem)) throw new Error('bad photo stem');
  const dir = photoDir(deps);
  return {
    full: path.join(dir, `${stem}.${EXTENSIONS[type as PhotoType] ?? 'bin'}`),
    thumb: path.join(dir, type === 'image/webp' ? `${stem}.webp` : `${stem}.thumb.jpg`),
  };
}

export const photoUrl = (resourceId: number, photoId: number, size: 'full' | 'thumb') =>
  `/api/resources/${resourceId}/photos/${photoId}${size === 'thumb' ? '?size=thumb' : ''}`;

export interface PhotoView {
  id: number;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  contentType: string;
  bytes: number;
  createdAt: string;
}

/** The uploaded photos of resources, by resource id. */
export async function photosOf(deps: Deps, resourceIds: number[]): Promise<Map<number, PhotoView[]>> {
  const out = new Map<number, PhotoView[]>();
  for (const p of await repo.ofResources(deps.db.db, resourceIds)) {
    const rid = Number(p.resource_id);
    const list = out.get(rid) ?? [];
    list.push({
      id: Number(p.id),
      url: photoUrl(rid, Number(p.id), 'full'),
      thumbUrl: photoUrl(rid, Number(p.id), 'thumb'),
      width: Number(p.width),
      height: Number(p.height),
      contentType: p.content_type,
      bytes: Number(p.bytes),
      createdAt: p.created_at,
    });
    out.set(rid, list);
  }
  return out;
}

async function operated(deps: Deps, actor: Actor, resourceId: number) {
  const r = await resources.findById(deps.db.db, resourceId);
  if (!r || !canSeeResource(actor, r)) throw notFound(RESOURCE, resourceId);
  assertAllowed(canOperateResource(actor, r), REASONS.otherOrganization);
  return r;
}

export async function uploadPhoto(deps: Deps, actor: Actor, resourceId: number, body: Buffer): Promise<PhotoView> {
  const r = await operated(deps, actor, resourceId);
  const { type, width, height } = acceptPhoto(body);
  if ((await repo.countOf(deps.db.db, resourceId)) >= MAX_PHOTOS)
    throw ruleError('too-many-photos', `每个资源至多 ${MAX_PHOTOS} 张照片`, `At most ${MAX_PHOTOS} photos per resource`);
  const thumb = await thumbnail(body, type);
  const stem = randomBytes(16).toString('hex');
  const files = filesOf(deps, stem, type);
  await fs.mkdir(photoDir(deps), { recursive: true });
  await fs.writeFile(files.full, body, { flag: 'wx' });
  if (files.thumb !== files.full) await fs.writeFile(files.thumb, thumb.body, { flag: 'wx' });
  const at = deps.clock.now().toISOString();
  let id: number;
  try {
    id = await inTransaction(deps, async (trx) => {
      if ((await repo.countOf(trx, resourceId)) >= MAX_PHOTOS)
        throw ruleError('too-many-photos', `每个资源至多 ${MAX_PHOTOS} 张照片`, `At most ${MAX_PHOTOS} photos per resource`);
      const { id } = await repo.insert(trx, {
        resource_id: resourceId,
        file_stem: stem,
        content_type: type,
        bytes: body.length,
        width,
        height,
        created_by: actor.userId,
        created_at: at,
      });
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'resource.photo.add',
        entityType: 'resource',
        entityId: resourceId,
        jurisdictionCode: r.jurisdiction_code,
        change: { photoId: Number(id), contentType: type, bytes: body.length, width, height },
      });
      return Number(id);
    });
  } catch (e) {
    await Promise.all([fs.rm(files.full, { force: true }), fs.rm(files.thumb, { force: true })]);
    throw e;
  }
  return (await photosOf(deps, [resourceId])).get(resourceId)!.find((p) => p.id === id)!;
}

export async function deletePhoto(deps: Deps, actor: Actor, resourceId: number, photoId: number): Promise<void> {
  const r = await operated(deps, actor, resourceId);
  const p = await repo.find(deps.db.db, resourceId, photoId);
  if (!p) throw notFound(PHOTO, photoId);
  const at = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.remove(trx, photoId);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'resource.photo.remove',
      entityType: 'resource',
      entityId: resourceId,
      jurisdictionCode: r.jurisdiction_code,
      change: { photoId },
    });
  });
  const files = filesOf(deps, p.file_stem, p.content_type);
  await Promise.all([fs.rm(files.full, { force: true }), fs.rm(files.thumb, { force: true })]);
}

/** A photo's bytes for whoever may see its resource. */
export async function photoFile(deps: Deps, actor: Actor | null, resourceId: number, photoId: number, size: 'full' | 'thumb') {
  const r = await resources.findById(deps.db.db, resourceId);
  if (!r || !canSeeResource(actor, r)) throw notFound(RESOURCE, resourceId);
  const p = await repo.find(deps.db.db, resourceId, photoId);
  if (!p) throw notFound(PHOTO, photoId);
  const files = filesOf(deps, p.file_stem, p.content_type);
  const thumb = size === 'thumb';
  try {
    const body = await fs.readFile(thumb ? files.thumb : files.full);
    return { body, contentType: thumb && p.content_type !== 'image/webp' ? 'image/jpeg' : p.content_type, published: r.status === 'published' };
  } catch {
    throw notFound(PHOTO, photoId);
  }
}
