// Unified Social Credit Code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
// alphabet (no I, O, S, V, Z); the last is a check character over the first 17.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// Weight of position i is 3^(i-1) mod 31 (GB 32100-2015 §5).
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new Error(`invalid USCC character ${first17[i]}`);
    sum += v * WEIGHTS[i];
  }
  const c = (31 - (sum % 31)) % 31;
  return ALPHABET[c];
}

export type UsccProblem = 'length' | 'charset' | 'check';

/** Returns null when the code is valid, else what is wrong with it. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'charset';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function normalizeUscc(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase();
}

/**
 * A deterministic valid code for demo and synthetic data: registration authority 9 (市场监管),
 * type 1 (enterprise) unless given, the division code, and a serial.
 */
export function makeUscc(division: string, serial: number, authority = '9', kind = '1'): string {
  let body = '';
  let n = serial;
  for (let i = 0; i < 9; i++) {
    body = ALPHABET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = authority + kind + division.slice(0, 6) + body;
  return first17 + usccCheckChar(first17);
}
