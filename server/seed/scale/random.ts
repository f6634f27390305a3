// The deterministic draws of the synthetic data, one copy for every generator. The benchmark
// databases are keyed by the records these produce (bench/suites/transfer.ts fingerprints a sample
// of listings), so a change to any draw here changes every record after it and forces a rebuild.
import * as OpenCC from 'opencc-js';

export type Rng = () => number;
export type Range = readonly [number, number];

/** A small deterministic PRNG (mulberry32), seeded per record. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];

export function weighted<T>(r: Rng, list: ReadonlyArray<readonly [T, number]>): T {
  const total = list.reduce((n, [, w]) => n + w, 0);
  let x = r() * total;
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1][0];
}

export const between = (r: Rng, [lo, hi]: Range, step = 1) => Math.round((lo + r() * (hi - lo)) / step) * step;

/** Log-uniform in [lo, hi], rounded to `step`, never below lo. */
export const logBetween = (r: Rng, [lo, hi]: Range, step = 1000) =>
  Math.max(lo, Math.round(Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo))) / step) * step);

/** A day (YYYY-MM-DD) from 1 January of fromYear up to toIso. */
export const dateBetween = (r: Rng, fromYear: number, toIso: string) => {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.parse(toIso + 'T00:00:00Z');
  return new Date(from + Math.floor(r() * Math.max(1, (to - from) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
};

export function shuffledTake<T>(r: Rng, list: readonly T[], k: number): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** Cumulative Zipf weights (1/k^s) of lists by length and exponent, cached. */
const zipfCache = new Map<string, Float64Array>();
export function zipf<T>(r: Rng, list: readonly T[], s: number): T {
  const key = `${list.length}:${s}`;
  let cum = zipfCache.get(key);
  if (!cum) {
    cum = new Float64Array(list.length);
    let acc = 0;
    for (let k = 0; k < list.length; k++) cum[k] = acc += 1 / (k + 1) ** s;
    zipfCache.set(key, cum);
  }
  const x = r() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return list[lo];
}

/** Up to k distinct values of `draw` (it gives up after 6k draws). */
export function distinct<T>(draw: () => T, k: number): T[] {
  const out: T[] = [];
  for (let tries = 0; out.length < k && tries < k * 6; tries++) {
    const v = draw();
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

// Traditional characters, as a Taiwan or Hong Kong user would type them: 質譜儀, 電子顯微鏡.
let toTraditional: ((s: string) => string) | undefined;
const traditionalMemo = new Map<string, string>();
export function traditional(s: string): string {
  let t = traditionalMemo.get(s);
  if (t === undefined) {
    toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
    t = toTraditional(s);
    if (traditionalMemo.size >= 200_000) traditionalMemo.clear();
    traditionalMemo.set(s, t);
  }
  return t;
}
