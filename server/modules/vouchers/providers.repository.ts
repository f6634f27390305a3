// Every SQL statement of service providers: the providers, their evidence, objections and
// recognitions by the other jurisdictions, and their service products.
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, ProviderEvidenceTable, ProviderObjectionTable, ProviderTable, ServiceProductTable } from '../../db/types';
import type { DialectHelpers } from '../../db/dialect/types';

type Q = Kysely<Database> | Transaction<Database>;

/** Providers with their organisation. */
const withOrganization = (db: Q) => db.selectFrom('providers as p').innerJoin('organizations as o', 'o.id', 'p.organization_id');
const organizationColumns = ['o.name as organization_name', 'o.established_on', 'o.type as organization_type'] as const;

export interface ProviderFilter {
  /** Not an administrator: listed and in-notice providers, and the organisation's own. */
  visibleTo?: number;
  status?: string;
  jurisdiction?: string;
  category?: string;
  /** Folded text matched within the organisation's folded name. */
  nameContains?: string;
}

export type ProviderSortColumn = 'p.created_at' | 'o.name_pinyin' | 'p.notice_ends_at' | 'p.status';

// ---- providers ----------------------------------------------------------------------------

export function findWithOrganization(db: Q, id: number) {
  return withOrganization(db).selectAll('p').select(organizationColumns).where('p.id', '=', id).executeTakeFirst();
}

export function findById(db: Q, id: number) {
  return db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByOrganization(db: Q, organizationId: number) {
  return db.selectFrom('providers').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
}

export function jurisdictionOf(db: Q, id: number) {
  return db.selectFrom('providers').select(['jurisdiction_code']).where('id', '=', id).executeTakeFirst();
}

export async function list(
  db: Q,
  h: DialectHelpers,
  f: ProviderFilter,
  sort: { column: ProviderSortColumn; direction: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  let base = withOrganization(db);
  const visibleTo = f.visibleTo;
  if (visibleTo !== undefined) base = base.where((eb) => eb.or([eb('p.status', 'in', ['listed', 'notice']), eb('p.organization_id', '=', visibleTo)]));
  if (f.status) base = base.where('p.status', '=', f.status);
  if (f.jurisdiction) base = base.where('p.jurisdiction_code', '=', f.jurisdiction);
  if (f.category) base = base.where(sql<boolean>`(',' || p.categories || ',') like ${'%,' + f.category + ',%'}`);
  if (f.nameContains !== undefined) base = base.where(h.query.containsInsensitive(sql.ref('o.name_folded'), f.nameContains));
  const [rows, count] = await Promise.all([
    base.selectAll('p').select(organizationColumns).orderBy(sql.ref(sort.column), sort.direction).orderBy('p.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function insert(db: Q, row: Insertable<ProviderTable>) {
  return db.insertInto('providers').values(row).returning('id').executeTakeFirstOrThrow();
}

export function update(db: Q, id: number, patch: Updateable<ProviderTable>) {
  return db.updateTable('providers').set(patch).where('id', '=', id).execute();
}

/** Updates the provider if it is still in `status`; numUpdatedRows says whether it did. */
export function updateFrom(db: Q, id: number, status: string, patch: Updateable<ProviderTable>) {
  return db.updateTable('providers').set(patch).where('id', '=', id).where('status', '=', status).executeTakeFirst();
}

/** Listed technology-transfer and IP service providers with their organisation's name. */
export function listedTransferInstitutions(db: Q) {
  return withOrganization(db)
    .select(['p.id', 'p.organization_id', 'o.name', 'p.jurisdiction_code', 'p.categories', 'p.description'])
    .where('p.status', '=', 'listed')
    .where((eb) => eb.or([eb('p.categories', 'like', '%tech_transfer%'), eb('p.categories', 'like', '%ip_service%')]))
    .execute();
}

// ---- what the views count -------------------------------------------------------------------

export function recognitionsOf(db: Q, ids: number[]) {
  return db.selectFrom('provider_recognitions').selectAll().where('provider_id', 'in', ids).orderBy('jurisdiction_code').execute();
}

export function evidenceOf(db: Q, ids: number[]) {
  return db
    .selectFrom('provider_evidence')
    .select(['id', 'provider_id', 'condition', 'filename', 'content_type', 'size', 'created_at'])
    .where('provider_id', 'in', ids)
    .orderBy('id')
    .execute();
}

export function openObjectionCounts(db: Q, ids: number[]) {
  return db
    .selectFrom('provider_objections')
    .select(['provider_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('provider_id', 'in', ids)
    .where('status', '=', 'open')
    .groupBy('provider_id')
    .execute();
}

export function activeProductCounts(db: Q, ids: number[]) {
  return db
    .selectFrom('service_products')
    .select(['provider_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('provider_id', 'in', ids)
    .where('status', '=', 'active')
    .groupBy('provider_id')
    .execute();
}

// ---- evidence -----------------------------------------------------------------------------

export function insertEvidence(db: Q, row: Insertable<ProviderEvidenceTable>) {
  return db.insertInto('provider_evidence').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findEvidence(db: Q, providerId: number, id: number) {
  return db.selectFrom('provider_evidence').selectAll().where('id', '=', id).where('provider_id', '=', providerId).executeTakeFirst();
}

// ---- objections ---------------------------------------------------------------------------

/** The provider's objections with the objector's name and organisation, newest first; only one user's when `byUser` is given. */
export function objectionsOf(db: Q, providerId: number, byUser?: number) {
  let q = db
    .selectFrom('provider_objections as x')
    .innerJoin('users as u', 'u.id', 'x.user_id')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['x.id', 'x.reason', 'x.status', 'x.resolution', 'x.created_at', 'x.resolved_at', 'x.user_id', 'u.display_name', 'o.name as org_name'])
    .where('x.provider_id', '=', providerId)
    .orderBy('x.id', 'desc');
  if (byUser !== undefined) q = q.where('x.user_id', '=', byUser);
  return q.execute();
}

export function findObjection(db: Q, providerId: number, id: number) {
  return db.selectFrom('provider_objections').selectAll().where('id', '=', id).where('provider_id', '=', providerId).executeTakeFirst();
}

export function insertObjection(db: Q, row: Insertable<ProviderObjectionTable>) {
  return db.insertInto('provider_objections').values(row).returning('id').executeTakeFirstOrThrow();
}

export function resolveObjection(db: Q, id: number, patch: { status: string; resolution: string; resolved_by: number; resolved_at: string }) {
  return db.updateTable('provider_objections').set(patch).where('id', '=', id).execute();
}

/** Open and upheld objections, counted by status (they stand in the way of listing). */
export function standingObjections(db: Q, providerId: number) {
  return db
    .selectFrom('provider_objections')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('provider_id', '=', providerId)
    .where('status', 'in', ['open', 'upheld'])
    .groupBy('status')
    .execute();
}

// ---- recognitions -------------------------------------------------------------------------

export function recognitionDecision(db: Q, providerId: number, jurisdiction: string) {
  return db
    .selectFrom('provider_recognitions')
    .select('decision')
    .where('provider_id', '=', providerId)
    .where('jurisdiction_code', '=', jurisdiction)
    .executeTakeFirst();
}

export function findRecognition(db: Q, providerId: number, jurisdiction: string) {
  return db
    .selectFrom('provider_recognitions')
    .select(['id', 'decision'])
    .where('provider_id', '=', providerId)
    .where('jurisdiction_code', '=', jurisdiction)
    .executeTakeFirst();
}

export function updateRecognition(db: Q, id: number, row: { decision: string; note: string; decided_by: number; decided_at: string }) {
  return db.updateTable('provider_recognitions').set(row).where('id', '=', id).execute();
}

export function insertRecognition(
  db: Q,
  row: { provider_id: number; jurisdiction_code: string; decision: string; note: string; decided_by: number; decided_at: string },
) {
  return db.insertInto('provider_recognitions').values(row).execute();
}

// ---- service products ---------------------------------------------------------------------

export function productsOf(db: Q, providerId: number, status?: string) {
  let q = db.selectFrom('service_products').selectAll().where('provider_id', '=', providerId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('status').orderBy('id').execute();
}

export function findProduct(db: Q, providerId: number, id: number) {
  return db.selectFrom('service_products').selectAll().where('id', '=', id).where('provider_id', '=', providerId).executeTakeFirst();
}

export function getProduct(db: Q, id: number) {
  return db.selectFrom('service_products').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function insertProduct(db: Q, row: Insertable<ServiceProductTable>) {
  return db.insertInto('service_products').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateProduct(db: Q, id: number, patch: Updateable<ServiceProductTable>) {
  return db.updateTable('service_products').set(patch).where('id', '=', id).execute();
}

/** Active products with a price above zero (the provider check's published prices). */
export function pricedProductCount(db: Q, providerId: number) {
  return db
    .selectFrom('service_products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('provider_id', '=', providerId)
    .where('status', '=', 'active')
    .where('price_fen', '>', 0)
    .executeTakeFirstOrThrow();
}

export function activeProductsOf(db: Q, providerIds: number[]) {
  return db
    .selectFrom('service_products')
    .select(['id', 'provider_id', 'name', 'category', 'description', 'unit', 'price_fen'])
    .where('provider_id', 'in', providerIds)
    .where('status', '=', 'active')
    .execute();
}

/** Listed (recognised) providers per home jurisdiction (the portal's regional overview; providers_status_jur_idx). */
export function listedCountsByJurisdiction(db: Q) {
  return db
    .selectFrom('providers')
    .select(['jurisdiction_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'listed')
    .groupBy('jurisdiction_code')
    .execute();
}
