import type { Kysely } from 'kysely';
import type { Database } from '../../db/types';

export function jurisdictionsWithDepartments(db: Kysely<Database>) {
  return Promise.all([
    db.selectFrom('jurisdictions').selectAll().orderBy('sort_order').execute(),
    db.selectFrom('departments').selectAll().orderBy('id').execute(),
  ]);
}
