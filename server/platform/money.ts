// Money is integer fen (分) everywhere inside; yuan strings with two decimals only at the edges.
export type Fen = number;

export function assertFen(v: number): Fen {
  if (!Number.isSafeInteger(v)) throw new Error(`money must be an integer number of fen, got ${v}`);
  return v;
}

/** "1234.5" | "1,234.50" | "¥1234.50" → 123450 fen; throws on more than two decimals. */
export function yuanToFen(yuan: string | number): Fen {
  const s = String(yuan)
    .normalize('NFKC')
    .replace(/[¥￥,\s]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`not an amount in yuan: "${yuan}"`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return assertFen(m[1] ? -fen : fen);
}

/** 123450 → "1234.50" */
export function fenToYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** share × amount, rounded down to the fen (a payer never pays a fraction more than its share). */
export function shareOf(amount: Fen, basisPoints: number): Fen {
  return Math.floor((amount * basisPoints) / 10_000);
}
