// BM25 (Robertson–Zaragoza, k1 1.2, b 0.75), the arithmetic every search of the platform shares.
import { sql } from 'kysely';

export const K1 = 1.2;
export const B = 0.75;

/**
 * The length pivot of impacts: BM25 normalises a document's length by the corpus average; a corpus
 * that stores impacts (listings) normalises by this fixed figure instead (the weighted words of a
 * typical listing: title ×3, keywords ×2, abstract, indicators, owner), so a posting's term score
 * does not move as the corpus grows and is written once, at indexing.
 */
export const IMPACT_PIVOT = 100;

/** A posting's impact: its BM25 term score before the word's idf, in thousandths. */
export function impact(tf: number, docLen: number): number {
  return Math.round((1000 * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * docLen) / IMPACT_PIVOT)));
}

/** BM25's idf of a word held by `df` of `docs` documents (never negative). */
export function idfOf(docs: number, df: number): number {
  const n = Math.max(1, docs);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** A constant of the arithmetic, as a double on both engines (PostgreSQL would compute in numeric). */
export const num = (x: number) => sql<number>`cast(${sql.raw(Number.isFinite(x) ? x.toFixed(9) : '0.0')} as double precision)`;
