// Spreadsheets in and out (XLSX through exceljs, CSV through csv-parse / csv-stringify): the
// lists administrators keep. Reading yields one record per data row keyed by header, with the
// spreadsheet row number (header = row 1) for row-by-row error reports.
// People fill the template as people do: a choice column takes its code or its word in Chinese or
// English (企业 / Enterprise / enterprise), a date column takes 2019-05-01, 2019/05/01, 2019-5-1,
// 2019.5.1, 2019年5月1日 or an Excel date cell, all made YYYY-MM-DD within 1900–2199. Formula cells
// are refused (the file carries no trustworthy value for them). Errors name the column by its
// header as in the template, in the reader's language, and list a choice column's allowed words.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError, type FieldError } from './errors';
import { DATE_POLICY, isPolicyDate } from './schemas';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

export interface SheetRow {
  row: number;
  values: Record<string, string>;
  /** Cells refused while reading (formulas, dates that are no date): the cell's value is left blank. */
  problems: FieldError[];
}

export type Choices = Record<string, { zh: string; en: string }>;

export interface Column {
  key: string;
  header: string; // shown in the file: "名称 name"
  width?: number;
  /** A date column: the usual ways of writing a date become YYYY-MM-DD. */
  date?: boolean;
  /** A choice column: its codes with their words; a cell may hold the code or either word. */
  choices?: Choices;
  /** Further words people write for a code (e.g. 高校 for university). */
  aliases?: Record<string, string>;
}

/** The header's Chinese and English parts: "原值（元） originalValue" → 原值（元） / originalValue. */
export function columnName(c: Column): { zh: string; en: string } {
  const parts = c.header.trim().split(/\s+/);
  const en = parts.length > 1 && /^[A-Za-z]/.test(parts[parts.length - 1]) ? parts.pop()! : c.key;
  return { zh: parts.join(' ') || c.header, en };
}

const fold = (v: string) => v.normalize('NFKC').trim().toLowerCase();

/** The code a choice cell names (code, Chinese or English word, alias), or the cell as it is. */
export function choiceFromCell(v: string, c: Pick<Column, 'choices' | 'aliases'>): string {
  const f = fold(v);
  if (!f || !c.choices) return v;
  for (const [code, w] of Object.entries(c.choices)) if (f === code.toLowerCase() || f === fold(w.zh) || f === fold(w.en)) return code;
  for (const [alias, code] of Object.entries(c.aliases ?? {})) if (f === fold(alias)) return code;
  return v;
}

/** The allowed words of a choice column, in both languages (for a refusal's message). */
export function allowedWords(choices: Choices) {
  const list = Object.values(choices);
  return { zh: list.map((w) => w.zh).join('、'), en: list.map((w) => w.en).join(', ') };
}

const DATE_FORMS = [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/, /^(\d{4})(\d{2})(\d{2})$/];

/** A date as people write it, as YYYY-MM-DD; or the problem's code (no date, or outside 1900–2199). */
export function dateFromCell(v: string): { date: string } | { code: 'date-invalid' | 'date-out-of-policy' } {
  const s = v.normalize('NFKC').trim();
  for (const re of DATE_FORMS) {
    const m = re.exec(s);
    if (!m) continue;
    const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    const y = Number(m[1]);
    if (y < DATE_POLICY.minYear || y > DATE_POLICY.maxYear) return { code: 'date-out-of-policy' };
    return isPolicyDate(date) ? { date } : { code: 'date-invalid' };
  }
  return { code: 'date-invalid' };
}

/** Marks a formula cell while reading (its value is not taken). */
const FORMULA = '\u0000formula';

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  // Excel keeps dates as UTC midnights of the calendar day written.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid date' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return FORMULA;
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return FORMULA;
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
    const problems: FieldError[] = [];
    keys.forEach((k, j) => {
      if (!k) return;
      if (cells[j] === FORMULA) {
        problems.push({ row: i + 1, field: k, code: 'formula-not-accepted' });
        values[k] = '';
        return;
      }
      // NUL cannot be stored in PostgreSQL text: a cell holding one loses it, on both engines alike.
      let v = String(cells[j] ?? '')
        .split(String.fromCharCode(0))
        .join('')
        .trim();
      const col = columns.find((c) => c.key === k)!;
      if (v && col.date) {
        const d = dateFromCell(v);
        if ('date' in d) v = d.date;
        else {
          problems.push({ row: i + 1, field: k, code: d.code });
          v = '';
        }
      }
      if (v && col.choices) v = choiceFromCell(v, col);
      values[k] = v;
    });
    out.push({ row: i + 1, values, problems });
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

/** The cells refused while reading the sheet. */
export const readProblems = (rows: SheetRow[]): FieldError[] => rows.flatMap((r) => r.problems);

/**
 * An import writes all rows or none: any problem fails the whole file with its row report. Each
 * problem names its column by the template's header (`column`, in the reader's language) and a
 * choice column's refusal lists the allowed words.
 */
export function assertImportClean(problems: FieldError[], total: number, columns: Column[] = []): void {
  if (problems.length === 0) return;
  // A cell refused while reading was left blank: its "required" adds nothing to the reason given.
  const said = new Set(problems.filter((p) => p.code !== 'required').map((p) => `${p.row}|${p.field}`));
  problems = problems.filter((p) => p.code !== 'required' || !said.has(`${p.row}|${p.field}`));
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  for (const p of problems) {
    const c = columns.find((x) => x.key === p.field);
    if (!c) continue;
    p.column = columnName(c);
    if (c.choices && /invalid$/.test(p.code) && p.params?.allowed === undefined) p.params = { ...p.params, allowed: allowedWords(c.choices) };
  }
  throw new AppError('import-failed', { count: new Set(problems.map((p) => p.row)).size }, problems, { total });
}
