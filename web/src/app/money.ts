// Money is integer fen (分) in the API; the UI shows yuan with two decimals and a ¥ sign, and
// takes yuan in forms (converted back to whole fen without floating-point drift).

/** 135000 → "¥1,350.00" */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '';
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.round(fen));
  const yuan = Math.floor(a / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(a % 100).padStart(2, '0')}`;
}

/** Fen → yuan as a number for form inputs (135000 → 1350). */
export function fenToYuan(fen: number | null | undefined): number | null {
  if (fen === null || fen === undefined) return null;
  return fen / 100;
}

/** Yuan from a form input → whole fen (12.34 → 1234), or undefined when empty. */
export function yuanToFen(yuan: number | string | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined || yuan === '') return undefined;
  const s = String(yuan).trim();
  const m = /^(\d+)(?:\.(\d{0,2})\d*)?$/.exec(s);
  if (m) return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : undefined;
}
