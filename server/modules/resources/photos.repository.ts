// SQL of resource photos (files under <data dir>/photos/, named by a random stem).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types';

type Q = Kysely<Database> | Transaction<Database>;

export function insert(
  db: Q,
  row: { resource_id: number; file_stem: string; content_type: string; bytes: number; width: number; height: number; created_by: number; created_at: string },
) {
  return db.insertInto('resource_photos').values(row).returning('id').executeTakeFirstOrThrow();
}

export function ofResources(db: Q, resourceIds: number[]) {
  if (resourceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('resource_photos')
    .select(['id', 'resource_id', 'content_type', 'bytes', 'width', 'height', 'created_at'])
    .where('resource_id', 'in', resourceIds)
    .orderBy('resource_id')
    .orderBy('id')
    .execute();
}

export async function countOf(db: Q, resourceId: number): Promise<number> {
  const r = await db
    .selectFrom('resource_photos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resource_id', '=', resourceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function find(db: Q, resourceId: number, photoId: number) {
  return db.selectFrom('resource_photos').selectAll().where('id', '=', photoId).where('resource_id', '=', resourceId).executeTakeFirst();
}

export function remove(db: Q, id: number) {
  return db.deleteFrom('resource_photos').where('id', '=', id).execute();
}
