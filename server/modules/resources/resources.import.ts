// Catalogue spreadsheets: owners keep instrument lists in Excel. Amounts are in yuan in the
// sheet (as people write them) and fen inside.
import type { Deps } from '../../platform/deps';
import { newAuditBatch } from '../../platform/audit';
import { inTransaction } from '../../platform/deps';
import { REASONS, assertAllowed, type Actor } from '../../platform/access';
import { assertImportClean, readProblems, readSheet, writeSheet, type Column } from '../../platform/spreadsheet';
import { RESOURCE_KIND_ALIASES, RESOURCE_KIND_NAMES } from '../../platform/choices';
import type { FieldError } from '../../platform/errors';
import { fenToYuan, yuanToFen } from '../../platform/money';
import { normalizeUscc } from '../../platform/uscc';
import { insertResourceRow, searchResources, toRecord, validateResource, SERVICE_MODES, type ResourceInput } from './resources.service';
import * as repo from './resources.repository';

export const RESOURCE_COLUMNS: Column[] = [
  { key: 'name', header: '名称 name', width: 30 },
  { key: 'kind', header: '类型 kind', width: 12, choices: RESOURCE_KIND_NAMES, aliases: RESOURCE_KIND_ALIASES },
  { key: 'category1', header: '一级分类 category1', width: 14 },
  { key: 'category2', header: '二级分类 category2', width: 14 },
  { key: 'category3', header: '三级分类 category3', width: 14 },
  { key: 'model', header: '型号 model', width: 14 },
  { key: 'manufacturer', header: '制造商 manufacturer', width: 20 },
  { key: 'originCountry', header: '产地 originCountry', width: 10 },
  { key: 'originalValue', header: '原值（元） originalValue', width: 14 },
  { key: 'purchaseDate', header: '购置日期 purchaseDate', width: 12, date: true },
  { key: 'city', header: '城市 city', width: 10 },
  { key: 'address', header: '地址 address', width: 24 },
  { key: 'serviceModes', header: '服务方式 serviceModes', width: 28 },
  { key: 'startupFee', header: '开机费（元） startupFee', width: 12 },
  { key: 'hourlyFee', header: '机时费（元/小时） hourlyFee', width: 12 },
  { key: 'consumables', header: '耗材费（元） consumables', width: 12 },
  { key: 'perSample', header: '每样品价格（元） perSample', width: 12 },
  { key: 'keywords', header: '关键词 keywords', width: 24 },
  { key: 'description', header: '简介 description', width: 40 },
  { key: 'specifications', header: '主要技术指标 specifications', width: 40 },
  { key: 'ownerUscc', header: '所属机构信用代码 ownerUscc', width: 22 },
];

const MODE_NAMES: Record<string, string> = {
  自主上机: 'self_operation',
  送样检测: 'sample_submission',
  机时服务: 'assisted',
  'self-operation': 'self_operation',
  'sample submission': 'sample_submission',
  'assisted time': 'assisted',
};

function money(v: string | undefined, field: string, row: number, problems: FieldError[]): number | undefined {
  if (!v) return undefined;
  try {
    const fen = yuanToFen(v);
    if (fen < 0) throw new Error('negative');
    return fen;
  } catch {
    problems.push({ row, field, code: 'value-invalid' });
    return undefined;
  }
}

export async function importResources(deps: Deps, actor: Actor, file: Buffer, contentType: string, dryRun: boolean) {
  assertAllowed(actor.role === 'org_admin' || actor.role === 'platform_admin', REASONS.notAdmin);
  const rows = await readSheet(file, contentType, RESOURCE_COLUMNS);
  const problems: FieldError[] = readProblems(rows);
  const records: Array<ReturnType<typeof toRecord>> = [];
  const today = deps.clock.now().toISOString().slice(0, 10);
  for (const { row, values } of rows) {
    const p: FieldError[] = [];
    let ownerOrgId = actor.organizationId;
    let jurisdiction = actor.organizationJurisdiction;
    if (actor.role === 'platform_admin' && values.ownerUscc) {
      const org = await repo.organizationByUscc(deps.db.db, normalizeUscc(values.ownerUscc));
      if (!org) p.push({ row, field: 'ownerUscc', code: 'organization-invalid' });
      else {
        ownerOrgId = Number(org.id);
        jurisdiction = org.jurisdiction_code;
      }
    } else if (values.ownerUscc && actor.role !== 'platform_admin') {
      const org = await repo.organizationByUscc(deps.db.db, normalizeUscc(values.ownerUscc));
      if (!org || Number(org.id) !== actor.organizationId) p.push({ row, field: 'ownerUscc', code: 'jurisdiction-forbidden' });
    }
    const modes = (values.serviceModes ?? '')
      .split(/[,，、;；\s]+/)
      .map((m) => MODE_NAMES[m] ?? MODE_NAMES[m.toLowerCase()] ?? m)
      .filter(Boolean);
    const input: ResourceInput = {
      kind: values.kind || 'instrument',
      name: values.name ?? '',
      category: [values.category1 ?? '', values.category2 ?? '', values.category3 ?? ''],
      model: values.model,
      manufacturer: values.manufacturer,
      originCountry: values.originCountry,
      originalValueFen: money(values.originalValue, 'originalValue', row, p) ?? null,
      purchaseDate: values.purchaseDate || null,
      city: values.city,
      address: values.address,
      serviceModes: modes,
      startupFeeFen: money(values.startupFee, 'startupFee', row, p),
      hourlyFeeFen: money(values.hourlyFee, 'hourlyFee', row, p),
      consumablesFen: money(values.consumables, 'consumables', row, p),
      perSampleFen: money(values.perSample, 'perSample', row, p),
      keywords: (values.keywords ?? '').split(/[,，、;；]+/).filter(Boolean),
      description: values.description,
      specifications: values.specifications,
      ownerOrgId,
    };
    if (!['instrument', 'facility', 'compute', 'dataset', 'germplasm'].includes(input.kind)) p.push({ row, field: 'kind', code: 'value-invalid' });
    if (modes.some((m) => !SERVICE_MODES.includes(m as any))) p.push({ row, field: 'serviceModes', code: 'value-invalid' });
    for (const e of validateResource(input, false)) {
      const field = e.field.replace('body:/', '');
      if (!p.some((x) => x.field === field)) p.push({ ...e, row, field });
    }
    problems.push(...p);
    if (p.length === 0) records.push(toRecord(input, jurisdiction, today));
  }
  assertImportClean(problems, rows.length, RESOURCE_COLUMNS);
  if (dryRun) return { dryRun: true, imported: 0, total: rows.length, batchId: null };
  const nowIso = deps.clock.now().toISOString();
  const batchId = newAuditBatch(nowIso);
  await inTransaction(deps, async (trx) => {
    for (const record of records) await insertResourceRow(deps, trx, actor, record, nowIso, batchId);
  });
  return { dryRun: false, imported: records.length, total: rows.length, batchId };
}

export async function exportResources(deps: Deps, actor: Actor, format: 'xlsx' | 'csv') {
  const all = actor.role === 'platform_admin';
  const out: Array<Record<string, unknown>> = [];
  for (let page = 1; ; page++) {
    const r = await searchResources(deps, actor, { mine: !all, page, pageSize: 100, facets: false, sort: 'name' });
    for (const i of r.items)
      out.push({
        name: i.name,
        kind: i.kind,
        category1: i.category[0],
        category2: i.category[1],
        category3: i.category[2],
        model: i.model ?? '',
        manufacturer: i.manufacturer ?? '',
        originalValue: i.originalValueFen === null ? '' : fenToYuan(i.originalValueFen),
        city: i.city,
        serviceModes: i.serviceModes.join(','),
        startupFee: fenToYuan(i.startupFeeFen),
        hourlyFee: fenToYuan(i.hourlyFeeFen),
        perSample: fenToYuan(i.perSampleFen),
      });
    if (page * 100 >= r.total || page >= 1000) break;
  }
  return writeSheet(format, 'resources', RESOURCE_COLUMNS, out);
}

export function resourceTemplate(format: 'xlsx' | 'csv') {
  return writeSheet(format, 'resources', RESOURCE_COLUMNS, [
    {
      name: '示例液相色谱-质谱联用仪',
      kind: 'instrument',
      category1: '分析仪器',
      category2: '质谱仪器',
      category3: '液相色谱-质谱联用仪',
      model: 'LCMS-9000',
      manufacturer: '示例仪器公司',
      originCountry: '中国',
      originalValue: '1850000.00',
      purchaseDate: '2021-06-01',
      city: '上海',
      address: '示例路 1 号',
      serviceModes: '自主上机、送样检测',
      startupFee: '100.00',
      hourlyFee: '600.00',
      consumables: '50.00',
      perSample: '300.00',
      keywords: '质谱、代谢组学',
      description: '用于小分子定性定量分析',
      specifications: '质量范围 m/z 50–2000',
    },
  ]);
}
