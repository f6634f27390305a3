// Chinese patent application numbers (CN) and IPC classes.
//
// Application numbers since 1 Oct 2003: 12 digits — year (4), type (1), serial (7) — then a dot
// and a check character: 201910123456.X. Before: 8 digits (year 2, type 1, serial 5) then the
// check. The check is Σ digitᵢ × wᵢ mod 11 with weights 2,3,4,5,6,7,8,9 repeating; 10 is written X.
// Type digits: 1 invention, 2 utility model, 3 design, 8 invention (PCT national phase),
// 9 utility model (PCT national phase).

export type PatentType = 'invention' | 'utility_model' | 'design';

export interface ApplicationNumber {
  /** Canonical form, e.g. 201910123456.7 */
  normalized: string;
  type: PatentType;
  year: number;
}

const TYPE_OF_DIGIT: Record<string, PatentType> = { '1': 'invention', '2': 'utility_model', '3': 'design', '8': 'invention', '9': 'utility_model' };

export function checkCharacter(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (2 + (i % 8));
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export type ApplicationNumberProblem = 'format' | 'check-digit' | 'type';

/** Parses "ZL 2019 1 0123456.7", "CN201910123456.7", "201910123456.7" …; a problem when it is not one. */
export function parseApplicationNumber(input: string): ApplicationNumber | { problem: ApplicationNumberProblem } {
  const s = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^(ZL|CN)/, '');
  const m = /^(\d{12}|\d{8})\.?([0-9X])$/.exec(s);
  if (!m) return { problem: 'format' };
  const [, digits, check] = m;
  if (checkCharacter(digits) !== check) return { problem: 'check-digit' };
  const long = digits.length === 12;
  const type = TYPE_OF_DIGIT[long ? digits[4] : digits[2]];
  if (!type) return { problem: 'type' };
  const year = long ? Number(digits.slice(0, 4)) : 1900 + Number(digits.slice(0, 2)) + (Number(digits.slice(0, 2)) < 85 ? 100 : 0);
  return { normalized: `${digits}.${check}`, type, year };
}

/** A valid application number of the given type and year (for seeds and tests). */
export function makeApplicationNumber(year: number, type: PatentType, serial: number): string {
  const t = type === 'invention' ? '1' : type === 'utility_model' ? '2' : '3';
  const digits = `${year}${t}${String(serial % 10_000_000).padStart(7, '0')}`;
  return `${digits}.${checkCharacter(digits)}`;
}

// IPC: section (A–H), class (2 digits), subclass (letter), optionally main group / subgroup.
const IPC = /^([A-H])(\d{2})([A-Z])(?:\s*(\d{1,4})\s*\/\s*(\d{1,6}))?$/;

/** Canonical IPC symbol ("G06F 16/33", "H01M") or null when malformed. */
export function normalizeIpc(input: string): string | null {
  const m = IPC.exec(input.normalize('NFKC').toUpperCase().trim());
  if (!m) return null;
  const sub = `${m[1]}${m[2]}${m[3]}`;
  return m[4] ? `${sub} ${Number(m[4])}/${m[5].padStart(2, '0')}` : sub;
}

/** The subclass (first four characters) of a canonical IPC symbol. */
export const ipcSubclass = (ipc: string) => ipc.slice(0, 4);
