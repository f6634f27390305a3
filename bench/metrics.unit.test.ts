import { describe, it, expect } from 'vitest';
import { mean, ndcgAt, recallAt } from './metrics';

const grades = (entries: [string, number][]) => new Map(entries);

describe('ndcgAt', () => {
  it('is 1 for the ideal order', () => {
    const g = grades([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ndcgAt(10, ['a', 'b', 'x'], g)).toBeCloseTo(1, 12);
  });

  it('discounts a swapped order (hand-computed)', () => {
    // DCG = (2^1−1)/log2(2) + (2^2−1)/log2(3) = 1 + 3/1.5849625 = 2.8927893
    // IDCG = 3/log2(2) + 1/log2(3) = 3 + 0.6309298 = 3.6309298
    const g = grades([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ndcgAt(10, ['b', 'a'], g)).toBeCloseTo(2.8927893 / 3.6309298, 6);
    expect(ndcgAt(10, ['b', 'a'], g)).toBeCloseTo(0.7967, 4);
  });

  it('uses all labelled grades for the ideal, so missing items cost', () => {
    // Only the grade-1 item is found, at rank 1: DCG = 1; IDCG = 3 + 1/log2(3) = 3.6309298
    const g = grades([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ndcgAt(10, ['b', 'x', 'y'], g)).toBeCloseTo(1 / 3.6309298, 6);
    // Relevant item at rank 3: DCG = 3/log2(4) = 1.5; IDCG = 3
    expect(ndcgAt(5, ['x', 'y', 'a'], grades([['a', 2]]))).toBeCloseTo(0.5, 12);
  });

  it('cuts both the list and the ideal at k', () => {
    const g = grades([
      ['a', 2],
      ['b', 2],
      ['c', 1],
    ]);
    // k = 1: DCG = 3 (a at rank 1); IDCG = 3 (one grade-2 item fits)
    expect(ndcgAt(1, ['a', 'c', 'b'], g)).toBeCloseTo(1, 12);
    // k = 2: DCG = 3 + 1/log2(3) = 3.6309298; IDCG = 3 + 3/log2(3) = 4.8927893
    expect(ndcgAt(2, ['a', 'c', 'b'], g)).toBeCloseTo(3.6309298 / 4.8927893, 6);
    // relevant item just beyond k gains nothing
    expect(ndcgAt(2, ['x', 'y', 'a'], g)).toBe(0);
  });

  it('counts a repeated id once', () => {
    const g = grades([
      ['a', 2],
      ['b', 1],
    ]);
    // a at 1, duplicate a at 2 ignored, b at 3: DCG = 3 + 1/log2(4) = 3.5; IDCG = 3.6309298
    expect(ndcgAt(10, ['a', 'a', 'b'], g)).toBeCloseTo(3.5 / 3.6309298, 6);
  });

  it('is 0 when nothing is relevant, or for an empty ranking', () => {
    expect(ndcgAt(10, ['a', 'b'], new Map())).toBe(0);
    expect(ndcgAt(10, ['a'], grades([['a', 0]]))).toBe(0);
    expect(ndcgAt(10, [], grades([['a', 1]]))).toBe(0);
    expect(ndcgAt(0, ['a'], grades([['a', 1]]))).toBe(0);
  });
});

describe('recallAt', () => {
  it('is the share of relevant ids in the top k', () => {
    const rel = new Set(['a', 'b', 'c', 'd']);
    expect(recallAt(3, ['a', 'x', 'c', 'b'], rel)).toBe(0.5);
    expect(recallAt(4, ['a', 'x', 'c', 'b'], rel)).toBe(0.75);
    expect(recallAt(10, ['a', 'b', 'c', 'd'], rel)).toBe(1);
  });

  it('ignores duplicates and handles the edge cases', () => {
    expect(recallAt(3, ['a', 'a', 'a'], new Set(['a', 'b']))).toBe(0.5);
    expect(recallAt(5, ['a'], new Set())).toBe(0);
    expect(recallAt(5, [], new Set(['a']))).toBe(0);
    expect(recallAt(0, ['a'], new Set(['a']))).toBe(0);
  });
});

describe('mean', () => {
  it('averages, and is 0 for an empty list', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([0.25])).toBe(0.25);
    expect(mean([])).toBe(0);
  });
});
