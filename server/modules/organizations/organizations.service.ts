// The organisation directory: enterprises, universities, institutes, service institutions,
// government departments and financial institutions of the four jurisdictions.
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, conflict, invalid, notFound, type FieldError } from '../../platform/errors';
import { newAuditBatch, recordAudit } from '../../platform/audit';
import {
  ENTERPRISE_TIERS,
  JURISDICTION_CODES,
  ORG_TYPES,
  REASONS,
  assertAllowed,
  canCreateOrganization,
  canDeleteOrganization,
  canImportOrganizations,
  canReassignOrganization,
  canUpdateOrganization,
  isAdministrator,
  type Actor,
} from '../../platform/access';
import { makeUscc, normalizeUscc, usccProblem } from '../../platform/uscc';
import { fold } from '../../platform/text';
import { shanghaiDate } from '../../platform/clock';
import { DATE_POLICY, isPolicyDate } from '../../platform/schemas';
import { assertImportClean, readProblems, readSheet, writeSheet, type Column } from '../../platform/spreadsheet';
import { DEPARTMENT_KIND_NAMES, ORG_TYPE_ALIASES, ORG_TYPE_NAMES, TIER_ALIASES, TIER_CHOICES } from '../../platform/choices';
import { parseSort } from '../../platform/http';
import * as repo from './organizations.repository';
import { announceAuthChange } from '../auth/auth.service';

const ENTITY = { zh: '机构', en: 'Organisation' };

export interface OrganizationInput {
  name: string;
  uscc: string;
  type: string;
  jurisdictionCode: string;
  city?: string | null;
  tier?: string | null;
  departmentId?: number | null;
  establishedOn?: string | null;
  status?: string;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

export function toView(r: Row) {
  return {
    id: Number(r.id),
    name: r.name,
    uscc: r.uscc,
    type: r.type,
    jurisdictionCode: r.jurisdiction_code,
    city: r.city,
    tier: r.tier,
    departmentId: r.department_id === null ? null : Number(r.department_id),
    establishedOn: r.established_on,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    userCount: Number(r.user_count ?? 0),
  };
}
export type OrganizationView = ReturnType<typeof toView>;

type Departments = Array<{ id: number; jurisdiction_code: string; kind: string }>;

/** Checks the rules beyond shape; returns the normalised record and the field problems. */
function validate(input: OrganizationInput, departments: Departments, today: string, fieldPrefix = 'body:/', row?: number) {
  const problems: FieldError[] = [];
  const at = (f: string) => (row === undefined ? fieldPrefix + f : f);
  const push = (field: string, code: string, params?: Record<string, unknown>) =>
    problems.push({ field: at(field), code, params, ...(row !== undefined ? { row } : {}) });

  const name = (input.name ?? '').normalize('NFC').trim();
  if (!name) push('name', 'required');
  const uscc = normalizeUscc(input.uscc ?? '');
  if (!uscc) push('uscc', 'required');
  else {
    const p = usccProblem(uscc);
    if (p) push('uscc', `uscc-${p}`);
  }
  if (!ORG_TYPES.includes(input.type as any)) push('type', input.type ? 'type-invalid' : 'required');
  if (!JURISDICTION_CODES.includes(input.jurisdictionCode as any)) push('jurisdictionCode', input.jurisdictionCode ? 'jurisdiction-invalid' : 'required');
  const tier = input.tier || null;
  if (tier) {
    if (input.type !== 'enterprise') push('tier', 'tier-only-enterprise');
    else if (!ENTERPRISE_TIERS.includes(tier as any)) push('tier', 'tier-invalid');
  }
  const departmentId = input.departmentId ?? null;
  if (departmentId !== null) {
    const d = departments.find((x) => Number(x.id) === departmentId);
    if (!d || d.jurisdiction_code !== input.jurisdictionCode || input.type !== 'government_department') push('departmentId', 'department-invalid');
  }
  const establishedOn = input.establishedOn || null;
  // A founding date feeds the provider check (years in operation): a real day, 1900 or later, not after today.
  if (establishedOn) {
    const year = Number(establishedOn.slice(0, 4));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(establishedOn) || Number.isNaN(Date.parse(establishedOn))) push('establishedOn', 'date-invalid');
    else if (year < DATE_POLICY.minYear || year > DATE_POLICY.maxYear) push('establishedOn', 'date-out-of-policy');
    else if (!isPolicyDate(establishedOn)) push('establishedOn', 'date-invalid');
    else if (establishedOn > today) push('establishedOn', 'date-in-future');
  }
  if (input.status !== undefined && !['active', 'inactive'].includes(input.status)) push('status', 'value-invalid');
  return {
    problems,
    record: {
      name,
      name_folded: fold(name),
      uscc,
      type: input.type,
      jurisdiction_code: input.jurisdictionCode,
      city: input.city?.trim() || null,
      tier,
      department_id: departmentId,
      established_on: establishedOn,
      status: input.status ?? 'active',
    },
  };
}

export interface ListQuery {
  q?: string;
  jurisdiction?: string;
  type?: string;
  tier?: string;
  status?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

// name sorts in pinyin order (name_pinyin, platform/text.ts pinyinKey)
const SORTS = { name: 'name_pinyin', createdAt: 'created_at', uscc: 'uscc' } as const;

function filterOf(q: ListQuery): repo.OrganizationFilter {
  const text = q.q?.trim();
  return {
    q: text ? fold(text) : undefined,
    uscc: text ? normalizeUscc(text) : undefined,
    jurisdiction: q.jurisdiction,
    type: q.type,
    tier: q.tier,
    status: q.status,
  };
}

export async function listOrganizations(deps: Deps, _actor: Actor, q: ListQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { rows, total } = await repo.list(deps.db.db, deps.db.helpers, filterOf(q), parseSort(q.sort, SORTS, 'name'), pageSize, (page - 1) * pageSize);
  return { items: rows.map(toView), total, page, pageSize };
}

export async function getOrganization(deps: Deps, _actor: Actor, id: number) {
  const row = await repo.findById(deps.db.db, id);
  if (!row) throw notFound(ENTITY, id);
  return toView(row);
}

/** For other modules: the organisation's jurisdiction and type, or null. */
export async function findOrganization(deps: Deps, id: number) {
  const row = await repo.findById(deps.db.db, id);
  return row ? toView(row) : null;
}

function usccTaken(): AppError {
  return new AppError('conflict', { reason: { zh: '统一社会信用代码已存在', en: 'An organisation with this code exists' } }, [
    { field: 'body:/uscc', code: 'uscc-taken' },
  ]);
}

export async function createOrganization(deps: Deps, actor: Actor, input: OrganizationInput) {
  const departments = await repo.departmentsOf(deps.db.db);
  const { problems, record } = validate(input, departments, shanghaiDate(deps.clock.now().getTime()));
  if (problems.length) throw invalid(problems);
  assertAllowed(canCreateOrganization(actor, record.jurisdiction_code), REASONS.otherJurisdiction);
  const nowIso = deps.clock.now().toISOString();
  try {
    const id = await inTransaction(deps, async (trx) => {
      const { id } = await repo.insert(trx, { ...record, created_at: nowIso, updated_at: nowIso });
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor,
        action: 'organization.create',
        entityType: 'organization',
        entityId: Number(id),
        jurisdictionCode: record.jurisdiction_code,
        change: { after: record },
      });
      return Number(id);
    });
    return getOrganization(deps, actor, id);
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw usccTaken();
    throw e;
  }
}

// Identity and what other rules rest on: the tier gates vouchers, the founding date the provider
// check (years in operation). Only the jurisdiction's administrators change them.
const ADMIN_COLUMNS = ['uscc', 'jurisdiction_code', 'type', 'status', 'department_id', 'tier', 'established_on'];

export async function updateOrganization(deps: Deps, actor: Actor, id: number, patch: Partial<OrganizationInput>) {
  const current = await repo.findById(deps.db.db, id);
  if (!current) throw notFound(ENTITY, id);
  assertAllowed(canUpdateOrganization(actor, { id, jurisdiction_code: current.jurisdiction_code }), REASONS.otherOrganization);
  const merged: OrganizationInput = {
    name: patch.name ?? current.name,
    uscc: patch.uscc ?? current.uscc,
    type: patch.type ?? current.type,
    jurisdictionCode: patch.jurisdictionCode ?? current.jurisdiction_code,
    city: patch.city !== undefined ? patch.city : current.city,
    tier: patch.tier !== undefined ? patch.tier : current.tier,
    departmentId: patch.departmentId !== undefined ? patch.departmentId : current.department_id === null ? null : Number(current.department_id),
    establishedOn: patch.establishedOn !== undefined ? patch.establishedOn : current.established_on,
    status: patch.status ?? current.status,
  };
  const departments = await repo.departmentsOf(deps.db.db);
  const { problems, record } = validate(merged, departments, shanghaiDate(deps.clock.now().getTime()));
  if (problems.length) throw invalid(problems);
  const before = toView(current);
  const changed = Object.fromEntries(Object.entries(record).filter(([k, v]) => (current as any)[k] !== v));
  if (Object.keys(changed).length === 0) return before;
  // Identity, jurisdiction, type and status are the administrators' to change, not the organisation's own.
  if (ADMIN_COLUMNS.some((k) => k in changed)) {
    assertAllowed(
      canReassignOrganization(actor, { id, jurisdiction_code: current.jurisdiction_code }, record.jurisdiction_code),
      isAdministrator(actor)
        ? REASONS.otherJurisdiction
        : {
            zh: '统一社会信用代码、类型、企业梯度、成立日期和状态由所在辖区的管理员变更',
            en: 'The credit code, type, tier, founding date and status are changed by the jurisdiction’s administrators',
          },
    );
  }
  const nowIso = deps.clock.now().toISOString();
  try {
    await inTransaction(deps, async (trx) => {
      await repo.update(trx, id, { ...changed, updated_at: nowIso });
      // Members' sessions carry the organisation's name, type and jurisdiction.
      await announceAuthChange(deps, trx, 'all');
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor,
        action: 'organization.update',
        entityType: 'organization',
        entityId: id,
        jurisdictionCode: record.jurisdiction_code,
        change: { before: Object.fromEntries(Object.keys(changed).map((k) => [k, (current as any)[k]])), after: changed },
      });
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw usccTaken();
    throw e;
  }
  return getOrganization(deps, actor, id);
}

export async function deleteOrganization(deps: Deps, actor: Actor, id: number) {
  const current = await repo.findById(deps.db.db, id);
  if (!current) throw notFound(ENTITY, id);
  assertAllowed(canDeleteOrganization(actor, { id, jurisdiction_code: current.jurisdiction_code }), REASONS.otherJurisdiction);
  if (Number(current.user_count) > 0) {
    throw conflict({
      zh: `该机构还有 ${current.user_count} 个用户，请先移除用户或将机构设为停用`,
      en: `The organisation still has ${current.user_count} users; remove them or set it inactive`,
    });
  }
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.remove(trx, id);
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'organization.delete',
      entityType: 'organization',
      entityId: id,
      jurisdictionCode: current.jurisdiction_code,
      change: { before: toView(current) },
    });
  });
}

// ---- spreadsheets -------------------------------------------------------------------------

export const ORGANIZATION_COLUMNS: Column[] = [
  { key: 'name', header: '名称 name', width: 36 },
  { key: 'uscc', header: '统一社会信用代码 uscc', width: 24 },
  { key: 'type', header: '类型 type', width: 22, choices: ORG_TYPE_NAMES, aliases: ORG_TYPE_ALIASES },
  { key: 'jurisdiction', header: '辖区 jurisdiction', width: 14 },
  { key: 'city', header: '城市 city', width: 12 },
  { key: 'tier', header: '企业梯度 tier', width: 14, choices: TIER_CHOICES, aliases: TIER_ALIASES },
  { key: 'departmentKind', header: '部门类别 departmentKind', width: 16, choices: DEPARTMENT_KIND_NAMES },
  { key: 'establishedOn', header: '成立日期 establishedOn', width: 14, date: true },
];

const JURISDICTION_BY_NAME: Record<string, string> = {
  上海: '310000',
  上海市: '310000',
  shanghai: '310000',
  沪: '310000',
  江苏: '320000',
  江苏省: '320000',
  jiangsu: '320000',
  苏: '320000',
  浙江: '330000',
  浙江省: '330000',
  zhejiang: '330000',
  浙: '330000',
  安徽: '340000',
  安徽省: '340000',
  anhui: '340000',
  皖: '340000',
};

/** Accepts a GB/T 2260 code or the jurisdiction's name in either language. */
export function jurisdictionFromCell(v: string): string {
  const s = v.trim();
  return JURISDICTION_BY_NAME[s.toLowerCase()] ?? s;
}

export async function importOrganizations(deps: Deps, actor: Actor, file: Buffer, contentType: string, dryRun: boolean) {
  assertAllowed(canImportOrganizations(actor), REASONS.notAdmin);
  const rows = await readSheet(file, contentType, ORGANIZATION_COLUMNS);
  const departments = await repo.departmentsOf(deps.db.db);
  const problems: FieldError[] = readProblems(rows);
  const records: Array<ReturnType<typeof validate>['record']> = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const jurisdictionCode = jurisdictionFromCell(values.jurisdiction ?? '');
    const dept = values.departmentKind ? departments.find((d) => d.jurisdiction_code === jurisdictionCode && d.kind === values.departmentKind) : undefined;
    const { problems: p, record } = validate(
      {
        name: values.name ?? '',
        uscc: values.uscc ?? '',
        type: values.type ?? '',
        jurisdictionCode,
        city: values.city,
        tier: values.tier,
        departmentId: dept ? Number(dept.id) : values.departmentKind ? -1 : null,
        establishedOn: values.establishedOn,
      },
      departments,
      shanghaiDate(deps.clock.now().getTime()),
      '',
      row,
    );
    for (const x of p) x.field = x.field === 'jurisdictionCode' ? 'jurisdiction' : x.field === 'departmentId' ? 'departmentKind' : x.field;
    problems.push(...p);
    if (!p.some((x) => x.field === 'jurisdiction') && !canCreateOrganization(actor, record.jurisdiction_code)) {
      problems.push({ row, field: 'jurisdiction', code: 'jurisdiction-forbidden' });
    }
    if (record.uscc) {
      const first = seen.get(record.uscc);
      if (first !== undefined) problems.push({ row, field: 'uscc', code: 'duplicate-in-file', params: { row: first } });
      else seen.set(record.uscc, row);
    }
    records.push(record);
  }
  const existing = await repo.findByUsccs(deps.db.db, [...seen.keys()]);
  for (const e of existing) problems.push({ row: seen.get(e.uscc)!, field: 'uscc', code: 'uscc-taken' });
  assertImportClean(problems, rows.length, ORGANIZATION_COLUMNS);
  if (dryRun) return { dryRun: true, imported: 0, total: rows.length, batchId: null };
  const nowIso = deps.clock.now().toISOString();
  const batchId = newAuditBatch(nowIso);
  try {
    await inTransaction(deps, async (trx) => {
      for (const record of records) {
        const { id } = await repo.insert(trx, { ...record, created_at: nowIso, updated_at: nowIso });
        await recordAudit(trx, deps.db.helpers, nowIso, {
          actor,
          batchId,
          action: 'organization.import',
          entityType: 'organization',
          entityId: Number(id),
          jurisdictionCode: record.jurisdiction_code,
          change: { after: record },
        });
      }
    });
  } catch (e) {
    if (deps.db.helpers.errors.isUniqueViolation(e)) throw usccTaken();
    throw e;
  }
  return { dryRun: false, imported: records.length, total: rows.length, batchId };
}

export const EXPORT_LIMIT = 100_000;

export async function exportOrganizations(deps: Deps, actor: Actor, q: ListQuery, format: 'xlsx' | 'csv') {
  const { items } = await listOrganizations(deps, actor, { ...q, page: 1, pageSize: EXPORT_LIMIT });
  const depts = await repo.departmentsOf(deps.db.db);
  const rows = items.map((o) => ({
    ...o,
    jurisdiction: o.jurisdictionCode,
    departmentKind: depts.find((d) => Number(d.id) === o.departmentId)?.kind ?? '',
    tier: o.tier ?? '',
    city: o.city ?? '',
    establishedOn: o.establishedOn ?? '',
  }));
  return writeSheet(format, 'organizations', ORGANIZATION_COLUMNS, rows);
}

export function organizationTemplate(format: 'xlsx' | 'csv') {
  return writeSheet(format, 'organizations', ORGANIZATION_COLUMNS, [
    {
      name: '示例科技有限公司',
      uscc: makeUscc('310000', 1),
      // The words the template's readers use; the codes (enterprise, tech_sme) are accepted too.
      type: '企业',
      jurisdiction: '上海',
      city: '上海',
      tier: '科技型中小企业',
      departmentKind: '',
      establishedOn: '2020-01-01',
    },
  ]);
}
