// The regional catalogue of shared resources: large instruments, major facilities, compute,
// scientific data sets and germplasm (Decision art. 15), with Chinese full-text search.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, invalid, notFound, type FieldError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { REASONS, assertAllowed, canOperateResource, canRegisterResourceFor, type Actor } from '../../platform/access';
import { tokens } from '../../platform/text';
import { DEFAULT_OPENING_HOURS, openingHoursProblems, type OpeningHours } from '../../platform/schedule';
import * as repo from './resources.repository';
import { photosOf } from './photos.service';
import { excerpt, highlight } from '../../platform/search/highlight';
import { queryTerms } from '../../platform/search/terms';
import type { ResourceTable } from '../../db/types';
import type { Selectable, Transaction } from 'kysely';
import type { Database } from '../../db/types';

export const RESOURCE_KINDS = ['instrument', 'facility', 'compute', 'dataset', 'germplasm'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
/** Booked by time slot; the others are requested (access request → approval). */
export const BOOKABLE_KINDS: readonly string[] = ['instrument', 'facility', 'compute'];
// 自主上机 (after training) · 送样检测 · 机时服务 run by the resource's staff
export const SERVICE_MODES = ['self_operation', 'sample_submission', 'assisted'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export interface BookingRules {
  slotMinutes: number;
  /** Minimum notice per service mode, in minutes (DOMAIN: 1 day; 3 for self-operation; 7 for samples). */
  leadMinutes: Record<ServiceMode, number>;
  maxAdvanceDays: number;
  minMinutes: number;
  maxMinutes: number;
}

export const DEFAULT_RULES: BookingRules = {
  slotMinutes: 30,
  leadMinutes: { self_operation: 3 * 1440, sample_submission: 7 * 1440, assisted: 1440 },
  maxAdvanceDays: 90,
  minMinutes: 30,
  maxMinutes: 8 * 60,
};

export interface ServiceItem {
  name: string;
  unit: string;
  priceFen: number;
}

export interface ResourceInput {
  kind: string;
  name: string;
  description?: string;
  keywords?: string[];
  category?: string[];
  model?: string | null;
  manufacturer?: string | null;
  originCountry?: string | null;
  originalValueFen?: number | null;
  purchaseDate?: string | null;
  registeredOn?: string;
  city?: string;
  address?: string;
  ownerOrgId: number;
  managerUserId?: number | null;
  specifications?: string;
  features?: string;
  photos?: string[];
  serviceItems?: ServiceItem[];
  serviceModes?: string[];
  startupFeeFen?: number;
  hourlyFeeFen?: number;
  consumablesFen?: number;
  perSampleFen?: number;
  rules?: Partial<BookingRules>;
  openingHours?: OpeningHours;
  capacity?: number;
  needsApproval?: boolean;
  status?: string;
  /** Shown to visitors who are not signed in (default true): the owner's choice (portal). */
  pricePublic?: boolean;
  /** Contact for enquiries (issue 15) and who may see it. */
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  contactVisibility?: ContactVisibility;
}

export const CONTACT_VISIBILITIES = ['public', 'signed_in', 'nobody'] as const;
export type ContactVisibility = (typeof CONTACT_VISIBILITIES)[number];

type Row = Selectable<ResourceTable>;
const ENTITY = { zh: '资源', en: 'Resource' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export function rulesOf(r: Pick<Row, 'rules_json'>): BookingRules {
  const x = parse<Partial<BookingRules>>(r.rules_json, {});
  return { ...DEFAULT_RULES, ...x, leadMinutes: { ...DEFAULT_RULES.leadMinutes, ...(x.leadMinutes ?? {}) } };
}
export const openingHoursOf = (r: Pick<Row, 'opening_hours_json'>): OpeningHours => ({ ...DEFAULT_OPENING_HOURS, ...parse(r.opening_hours_json, {}) });
export const modesOf = (r: Pick<Row, 'service_modes'>) => r.service_modes.split(',').filter(Boolean) as ServiceMode[];

/** The figure lists filter and sort by: the hourly fee for time-based services, else the per-sample price. */
function listPrice(modes: string[], hourly: number, perSample: number) {
  return modes.some((m) => m !== 'sample_submission') ? hourly : perSample;
}

// Field weights of the search index: a hit in the name counts most.
const WEIGHTS: Array<[keyof Row, number]> = [
  ['name', 3],
  ['keywords', 2],
  ['category1', 1],
  ['category2', 1],
  ['category3', 2],
  ['model', 2],
  ['manufacturer', 1],
  ['description', 1],
  ['specifications', 1],
  ['features', 1],
  ['city', 1],
];

export function indexTerms(r: Partial<Row>): Map<string, number> {
  const tf = new Map<string, number>();
  for (const [field, w] of WEIGHTS) {
    const text = r[field];
    if (typeof text !== 'string' || !text) continue;
    for (const t of tokens(text)) if (t.length <= 64) tf.set(t, (tf.get(t) ?? 0) + w);
  }
  return tf;
}
const docLen = (tf: Map<string, number>) => [...tf.values()].reduce((a, b) => a + b, 0);

export function validateResource(input: ResourceInput, partial: boolean): FieldError[] {
  const p: FieldError[] = [];
  const f = (field: string, code: string, params?: Record<string, unknown>) => p.push({ field: `body:/${field}`, code, params });
  if (!partial || input.name !== undefined) if (!input.name?.trim()) f('name', 'required');
  const modes = input.serviceModes ?? [];
  if (BOOKABLE_KINDS.includes(input.kind) && modes.length === 0) f('serviceModes', 'required');
  if (modes.some((m) => !SERVICE_MODES.includes(m as ServiceMode))) f('serviceModes', 'value-invalid');
  if (!BOOKABLE_KINDS.includes(input.kind) && modes.length > 0) f('serviceModes', 'resource-not-bookable');
  for (const k of ['originalValueFen', 'startupFeeFen', 'hourlyFeeFen', 'consumablesFen', 'perSampleFen'] as const) {
    const v = input[k];
    if (v !== undefined && v !== null && (!Number.isSafeInteger(v) || v < 0)) f(k, 'value-invalid');
  }
  for (const k of ['purchaseDate', 'registeredOn'] as const) {
    const v = input[k];
    if (v && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) f(k, 'date-invalid');
  }
  if (input.openingHours) {
    const problems = openingHoursProblems(input.openingHours);
    if (problems.length) f('openingHours', 'opening-hours-invalid', { problems: problems.join('; ') });
  }
  const r = input.rules;
  if (r) {
    if (r.slotMinutes !== undefined && (r.slotMinutes < 5 || 1440 % r.slotMinutes !== 0)) f('rules/slotMinutes', 'value-invalid');
    if (r.minMinutes !== undefined && r.maxMinutes !== undefined && r.minMinutes > r.maxMinutes) f('rules/maxMinutes', 'value-invalid');
  }
  return p;
}

export function toRecord(input: ResourceInput, jurisdiction: string, today: string) {
  const modes = [...new Set(input.serviceModes ?? [])];
  const hourly = input.hourlyFeeFen ?? 0;
  const perSample = input.perSampleFen ?? 0;
  const category = input.category ?? [];
  return {
    kind: input.kind,
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    keywords: (input.keywords ?? [])
      .map((k) => k.trim())
      .filter(Boolean)
      .join(','),
    category1: category[0]?.trim() ?? '',
    category2: category[1]?.trim() ?? '',
    category3: category[2]?.trim() ?? '',
    model: input.model?.trim() || null,
    manufacturer: input.manufacturer?.trim() || null,
    origin_country: input.originCountry?.trim() || null,
    original_value_fen: input.originalValueFen ?? null,
    purchase_date: input.purchaseDate || null,
    registered_on: input.registeredOn || today,
    jurisdiction_code: jurisdiction,
    city: input.city?.trim() ?? '',
    address: input.address?.trim() ?? '',
    owner_org_id: input.ownerOrgId,
    manager_user_id: input.managerUserId ?? null,
    specifications: input.specifications ?? '',
    features: input.features ?? '',
    photos_json: JSON.stringify(input.photos ?? []),
    contact_name: input.contactName?.trim() || null,
    contact_phone: input.contactPhone?.trim() || null,
    contact_email: input.contactEmail?.trim() || null,
    contact_visibility: input.contactVisibility ?? 'signed_in',
    service_items_json: JSON.stringify(input.serviceItems ?? []),
    service_modes: modes.join(','),
    startup_fee_fen: input.startupFeeFen ?? 0,
    hourly_fee_fen: hourly,
    consumables_fen: input.consumablesFen ?? 0,
    per_sample_fen: perSample,
    list_price_fen: listPrice(modes, hourly, perSample),
    rules_json: JSON.stringify({
      ...DEFAULT_RULES,
      ...(input.rules ?? {}),
      leadMinutes: { ...DEFAULT_RULES.leadMinutes, ...(input.rules?.leadMinutes ?? {}) },
    }),
    opening_hours_json: JSON.stringify(input.openingHours ?? DEFAULT_OPENING_HOURS),
    capacity: input.capacity ?? 1,
    needs_approval: input.needsApproval ? 1 : 0,
    status: input.status ?? 'published',
    price_public: input.pricePublic === false ? 0 : 1,
  };
}

const KIND_PREFIX: Record<string, string> = { instrument: 'INS', facility: 'FAC', compute: 'CMP', dataset: 'DAT', germplasm: 'GER' };
const identifierOf = (kind: string, jurisdiction: string, id: number) => `YRD-${KIND_PREFIX[kind] ?? 'RES'}-${jurisdiction}-${String(id).padStart(7, '0')}`;

async function checkOwnerAndManager(deps: Deps, ownerOrgId: number, managerUserId: number | null | undefined) {
  const [owner] = await repo.organizationsByIds(deps.db.db, [ownerOrgId]);
  if (!owner) throw invalid([{ field: 'body:/ownerOrgId', code: 'organization-invalid' }]);
  if (managerUserId) {
    const m = await repo.userBrief(deps.db.db, managerUserId);
    if (!m || Number(m.organization_id) !== ownerOrgId || m.status !== 'active') throw invalid([{ field: 'body:/managerUserId', code: 'manager-invalid' }]);
  }
  return owner;
}

export type ResourceRecord = ReturnType<typeof toRecord>;

/** Inserts one validated record with its search terms and audit entry, inside the caller's transaction. */
export async function insertResourceRow(
  deps: Deps,
  trx: Transaction<Database>,
  actor: Actor | null,
  record: ResourceRecord,
  nowIso: string,
  batchId: string | null = null,
): Promise<number> {
  const terms = indexTerms(record as any);
  const len = docLen(terms);
  const { id } = await repo.insert(trx, { ...record, identifier: randomUUID(), doc_len: len, created_at: nowIso, updated_at: nowIso });
  const identifier = identifierOf(record.kind, record.jurisdiction_code, Number(id));
  await repo.update(trx, Number(id), { identifier });
  await repo.replaceTerms(trx, Number(id), terms);
  if (record.status === 'published') await repo.adjustCorpusStats(trx, 1, len);
  await recordAudit(trx, deps.db.helpers, nowIso, {
    actor,
    batchId,
    action: 'resource.create',
    entityType: 'resource',
    entityId: Number(id),
    jurisdictionCode: record.jurisdiction_code,
    change: { after: { ...record, identifier } },
  });
  return Number(id);
}

export async function createResource(deps: Deps, actor: Actor, input: ResourceInput) {
  const problems = validateResource(input, false);
  if (problems.length) throw invalid(problems);
  assertAllowed(canRegisterResourceFor(actor, input.ownerOrgId), REASONS.otherOrganization);
  const owner = await checkOwnerAndManager(deps, input.ownerOrgId, input.managerUserId);
  const nowIso = deps.clock.now().toISOString();
  const record = toRecord(input, owner.jurisdiction_code, nowIso.slice(0, 10));
  const id = await inTransaction(deps, (trx) => insertResourceRow(deps, trx, actor, record, nowIso));
  return getResource(deps, actor, id);
}

export async function updateResource(deps: Deps, actor: Actor, id: number, patch: Partial<ResourceInput>) {
  const current = await repo.findById(deps.db.db, id);
  if (!current) throw notFound(ENTITY, id);
  assertAllowed(canOperateResource(actor, current), REASONS.otherOrganization);
  if (patch.ownerOrgId !== undefined && patch.ownerOrgId !== Number(current.owner_org_id)) {
    throw new AppError('rule-violated', { reason: { zh: '资源的所属机构不能更改', en: 'A resource cannot change its owner organisation' } });
  }
  const merged: ResourceInput = { ...toInput(current), ...patch, rules: { ...rulesOf(current), ...(patch.rules ?? {}) } };
  const problems = validateResource(merged, false);
  if (problems.length) throw invalid(problems);
  await checkOwnerAndManager(deps, Number(current.owner_org_id), merged.managerUserId);
  const nowIso = deps.clock.now().toISOString();
  const record = toRecord(merged, current.jurisdiction_code, current.registered_on);
  const changed = Object.fromEntries(Object.entries(record).filter(([k, v]) => String((current as any)[k] ?? '') !== String(v ?? '')));
  if (Object.keys(changed).length === 0) return getResource(deps, actor, id);
  const terms = indexTerms({ ...current, ...record } as any);
  const len = docLen(terms);
  await inTransaction(deps, async (trx) => {
    await repo.update(trx, id, { ...changed, doc_len: len, updated_at: nowIso });
    await repo.replaceTerms(trx, id, terms);
    const wasPublished = current.status === 'published' ? 1 : 0;
    const isPublished = record.status === 'published' ? 1 : 0;
    await repo.adjustCorpusStats(trx, isPublished - wasPublished, isPublished * len - wasPublished * current.doc_len);
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'resource.update',
      entityType: 'resource',
      entityId: id,
      jurisdictionCode: current.jurisdiction_code,
      change: { before: Object.fromEntries(Object.keys(changed).map((k) => [k, (current as any)[k]])), after: changed },
    });
  });
  return getResource(deps, actor, id);
}

function toInput(r: Row): Required<ResourceInput> & { rules: BookingRules } {
  return {
    kind: r.kind,
    name: r.name,
    description: r.description,
    keywords: r.keywords ? r.keywords.split(',') : [],
    category: [r.category1, r.category2, r.category3],
    model: r.model,
    manufacturer: r.manufacturer,
    originCountry: r.origin_country,
    originalValueFen: r.original_value_fen === null ? null : Number(r.original_value_fen),
    purchaseDate: r.purchase_date,
    registeredOn: r.registered_on,
    city: r.city,
    address: r.address,
    ownerOrgId: Number(r.owner_org_id),
    managerUserId: r.manager_user_id === null ? null : Number(r.manager_user_id),
    specifications: r.specifications,
    features: r.features,
    photos: parse(r.photos_json, []),
    serviceItems: parse(r.service_items_json, []),
    serviceModes: modesOf(r),
    startupFeeFen: Number(r.startup_fee_fen),
    hourlyFeeFen: Number(r.hourly_fee_fen),
    consumablesFen: Number(r.consumables_fen),
    perSampleFen: Number(r.per_sample_fen),
    rules: rulesOf(r),
    openingHours: openingHoursOf(r),
    capacity: r.capacity,
    needsApproval: r.needs_approval === 1,
    status: r.status,
    pricePublic: Number(r.price_public) !== 0,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    contactEmail: r.contact_email,
    contactVisibility: (r.contact_visibility ?? 'signed_in') as ContactVisibility,
  };
}

/** Whether the reader sees the contact: public, signed-in readers, or only the people who run the resource. */
export function maySeeContact(actor: Actor | null, r: Row): boolean {
  if (actor && canOperateResource(actor, r)) return true;
  return r.contact_visibility === 'public' || (r.contact_visibility !== 'nobody' && !!actor);
}

export function toView(r: Row, owner?: { name: string } | null, manager?: { display_name: string } | null) {
  const input = toInput(r);
  return {
    id: Number(r.id),
    identifier: r.identifier,
    ...input,
    jurisdictionCode: r.jurisdiction_code,
    ownerName: owner?.name ?? null,
    managerName: manager?.display_name ?? null,
    bookable: BOOKABLE_KINDS.includes(r.kind),
    listPriceFen: Number(r.list_price_fen),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type ResourceView = ReturnType<typeof toView>;

/** Drafts and retired records are visible to the people who run them only. */
export function canSeeResource(actor: Actor | null, r: Row): boolean {
  return r.status === 'published' || (!!actor && canOperateResource(actor, r));
}

export async function getResource(deps: Deps, actor: Actor | null, id: number) {
  const r = await repo.findById(deps.db.db, id);
  if (!r || !canSeeResource(actor, r)) throw notFound(ENTITY, id);
  const [owner] = await repo.organizationsByIds(deps.db.db, [Number(r.owner_org_id)]);
  const manager = r.manager_user_id ? await repo.userBrief(deps.db.db, Number(r.manager_user_id)) : null;
  const view = toView(r, owner, manager);
  const uploadedPhotos = (await photosOf(deps, [id])).get(id) ?? [];
  // The contact is left out (null) for readers who may not see it; contactHidden says why.
  const contact = maySeeContact(actor, r) ? { contactHidden: false } : { contactName: null, contactPhone: null, contactEmail: null, contactHidden: true };
  return { ...view, ...contact, uploadedPhotos, mayOperate: !!actor && canOperateResource(actor, r) };
}

/** For other modules (bookings, vouchers): the raw record and its parsed rules. */
export async function loadResource(deps: Deps, id: number) {
  const r = await repo.findById(deps.db.db, id);
  if (!r) return null;
  return { row: r, rules: rulesOf(r), hours: openingHoursOf(r), modes: modesOf(r) };
}

// ---- search -------------------------------------------------------------------------------

export interface SearchQuery {
  q?: string;
  kind?: string;
  category1?: string;
  category2?: string;
  jurisdiction?: string;
  city?: string;
  ownerOrgId?: number;
  managerUserId?: number;
  /** The resources whose designated manager the actor is, drafts included. */
  managed?: boolean;
  priceMin?: number; // fen
  priceMax?: number;
  /** Resources to leave out as busy in the window searched (the caller asks the bookings module). */
  busyIds?: number[];
  mine?: boolean;
  sort?: repo.CatalogueSort;
  page?: number;
  pageSize?: number;
  facets?: boolean;
}

export async function searchResources(deps: Deps, actor: Actor | null, q: SearchQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const filter: repo.CatalogueFilter = {
    kind: q.kind,
    category1: q.category1,
    category2: q.category2,
    jurisdiction: q.jurisdiction,
    city: q.city,
    ownerOrgId: q.mine && actor ? actor.organizationId : q.ownerOrgId,
    managerUserId: q.managed && actor ? actor.userId : q.managerUserId,
    priceMinFen: q.priceMin,
    priceMaxFen: q.priceMax,
    busyIds: q.busyIds,
    publishedOnly: !((q.mine || q.managed) && actor),
    // A visitor who is not signed in cannot learn a hidden price by filtering or sorting on it.
    pricePublicOnly: !actor && (q.priceMin !== undefined || q.priceMax !== undefined || q.sort === 'price' || q.sort === '-price'),
  };
  const text = q.q?.trim() ?? '';
  const stats = repo.corpusStats(deps.db.db);
  const {
    words,
    bm: found,
    docs,
  } = await queryTerms(text, { documents: async () => Number((await stats).docs), frequencies: (w) => repo.documentFrequencies(deps.db.db, w) });
  const { total_len } = await stats;
  const avgdl = docs > 0 ? Number(total_len) / docs : 1;
  let bm = found;
  let matchMode: 'all' | 'any' | null = bm ? 'all' : null;
  const sort = q.sort ?? (bm ? 'relevance' : 'newest');
  const run = () => repo.search(deps.db.db, deps.db.helpers, filter, bm, avgdl, sort, pageSize, (page - 1) * pageSize, q.facets ?? true, docs);
  let result = await run();
  if (bm && result.total === 0 && words.length > 1) {
    // Nothing has every word: fall back to any word, ranked, and say so.
    bm = { ...bm, mode: 'any' };
    matchMode = 'any';
    result = await run();
  }
  const owners = await repo.organizationsByIds(deps.db.db, [...new Set(result.rows.map((r) => Number(r.owner_org_id)))]);
  const uploaded = await photosOf(
    deps,
    result.rows.map((r) => Number(r.id)),
  );
  const ownerName = new Map(owners.map((o) => [Number(o.id), o.name]));
  const items = result.rows.map((r) => ({
    id: Number(r.id),
    identifier: r.identifier,
    kind: r.kind,
    name: r.name,
    category: [r.category1, r.category2, r.category3],
    model: r.model,
    manufacturer: r.manufacturer,
    jurisdictionCode: r.jurisdiction_code,
    city: r.city,
    ownerOrgId: Number(r.owner_org_id),
    ownerName: ownerName.get(Number(r.owner_org_id)) ?? '',
    serviceModes: r.service_modes.split(',').filter(Boolean),
    startupFeeFen: Number(r.startup_fee_fen),
    hourlyFeeFen: Number(r.hourly_fee_fen),
    perSampleFen: Number(r.per_sample_fen),
    listPriceFen: Number(r.list_price_fen),
    pricePublic: Number(r.price_public) !== 0,
    originalValueFen: r.original_value_fen === null ? null : Number(r.original_value_fen),
    photo: uploaded.get(Number(r.id))?.[0]?.thumbUrl ?? parse<string[]>(r.photos_json, [])[0] ?? null,
    status: r.status,
    score: Number(r.score),
    highlights: {
      name: highlight(r.name, words),
      description: highlight(excerpt(r.description, words), words),
    },
  }));
  const facet = (rows: Array<{ value: string | null; n: number }> = []) =>
    rows
      .filter((x) => x.value !== null && x.value !== '')
      .map((x) => ({ value: String(x.value), count: Number(x.n) }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return {
    items,
    total: result.total,
    page,
    pageSize,
    query: { words, matchMode },
    facets: {
      kind: facet(result.facets.kind),
      jurisdiction: facet(result.facets.jurisdiction_code),
      category1: facet(result.facets.category1),
      city: facet(result.facets.city),
    },
  };
}

// ---- for other modules --------------------------------------------------------------------

/**
 * How many published resources with a price (list price above zero) the organisation offers: the
 * voucher provider check counts them as published prices (Decision art. 13).
 */
export async function countPricedResources(deps: Deps, organizationId: number): Promise<number> {
  return repo.countPublishedPriced(deps.db.db, organizationId);
}

/** Published resources per jurisdiction code (the public portal's regional overview). */
export async function publishedCountsByJurisdiction(deps: Deps): Promise<Record<string, number>> {
  const rows = await repo.publishedCountsByJurisdiction(deps.db.db);
  return Object.fromEntries(rows.map((r) => [r.jurisdiction_code, Number(r.n)]));
}

/** For messages (issue 15): a published resource's owner, manager, name and jurisdiction, or null when the reader may not see it. */
export async function resourceForMessages(deps: Deps, actor: Actor | null, id: number) {
  const r = await repo.findById(deps.db.db, id);
  if (!r || !canSeeResource(actor, r)) return null;
  return {
    id: Number(r.id),
    title: r.name,
    ownerOrgId: Number(r.owner_org_id),
    managerUserId: r.manager_user_id === null ? null : Number(r.manager_user_id),
    jurisdictionCode: r.jurisdiction_code,
    published: r.status === 'published',
  };
}

/** The ids of the resources a person manages. */
export async function resourceIdsManagedBy(deps: Deps, userId: number): Promise<number[]> {
  return (await repo.idsManagedBy(deps.db.db, userId)).map((r) => Number(r.id));
}
