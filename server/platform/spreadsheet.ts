// Spreadsheets in and out (XLSX through exceljs, CSV through csv-parse / csv-stringify): the
// lists administrators keep. Reading yields one record per data row keyed by header, with the
// spreadsheet row number (header = row 1) for row-by-row error reports.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError, type FieldError } from './errors';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

export interface SheetRow {
  row: number;
  values: Record<string, string>;
}

export interface Column {
  key: string;
  header: string; // shown in the file: "名称 name"
  width?: number;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** Header cells may be "名称 name", "name" or "名称": match them to column keys. */
function headerKey(header: string, columns: Column[]): string | null {
  const h = header.normalize('NFKC').trim().toLowerCase();
  for (const c of columns) {
    const names = [c.key.toLowerCase(), c.header.toLowerCase(), ...c.header.toLowerCase().split(/\s+/)];
    if (names.includes(h)) return c.key;
  }
  return null;
}

export async function readSheet(body: Buffer, contentType: string, columns: Column[], maxRows = 10_000): Promise<SheetRow[]> {
  let matrix: string[][];
  if (contentType.startsWith(XLSX_TYPE)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(body as any);
    } catch {
      throw new AppError('unreadable-file', { reason: { zh: '不是有效的 XLSX 文件', en: 'not a valid XLSX file' } });
    }
    const ws = wb.worksheets[0];
    matrix = [];
    ws?.eachRow({ includeEmpty: true }, (r, n) => {
      const vals = (r.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      matrix[n - 1] = vals;
    });
    for (let i = 0; i < matrix.length; i++) matrix[i] ??= [];
  } else {
    const text = body.toString('utf8').replace(/^\uFEFF/, '');
    try {
      matrix = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
    } catch (e) {
      throw new AppError('unreadable-file', { reason: (e as Error).message });
    }
  }
  const header = matrix[0] ?? [];
  const keys = header.map((h) => headerKey(h ?? '', columns));
  const out: SheetRow[] = [];
  for (let i = 1; i < matrix.length; i++) {
    const cells = matrix[i];
    if (!cells || cells.every((c) => !c || !String(c).trim())) continue;
    const values: Record<string, string> = {};
    keys.forEach((k, j) => {
      // NUL cannot be stored in PostgreSQL text: a cell holding one loses it, on both engines alike.
      if (k)
        values[k] = String(cells[j] ?? '')
          .split(String.fromCharCode(0))
          .join('')
          .trim();
    });
    out.push({ row: i + 1, values });
    if (out.length > maxRows) break;
  }
  return out;
}

/** A decimal written as text ("-3.00") is a number, not a formula: formula escaping leaves it alone. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export async function writeSheet(format: 'xlsx' | 'csv', sheetName: string, columns: Column[], rows: Array<Record<string, unknown>>): Promise<Buffer> {
  if (format === 'csv') {
    // BOM so Excel opens UTF-8 Chinese text correctly. Cells that a spreadsheet would read as a
    // formula (= + - @ tab CR first) get a leading apostrophe (OWASP, CSV injection); numbers,
    // negative ones included, are left as they are.
    const body = stringify([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => r[c.key] ?? ''))], {
      escape_formulas: true,
      cast: { string: (v) => (DECIMAL.test(v) ? { value: v, escape_formulas: false } : v) },
    });
    return Buffer.from('\uFEFF' + body, 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? ''])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An import writes all rows or none: any problem fails the whole file with its row report. */
export function assertImportClean(problems: FieldError[], total: number): void {
  if (problems.length === 0) return;
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  throw new AppError('import-failed', { count: new Set(problems.map((p) => p.row)).size }, problems, { total });
}
