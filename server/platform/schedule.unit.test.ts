import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_OPENING_HOURS,
  covers,
  formatShanghaiRange,
  merge,
  openIntervals,
  openingHoursProblems,
  shanghaiDay,
  subtract,
  type Interval,
} from './schedule';

const T = (s: string) => Date.parse(s);

describe('opening hours in Beijing time', () => {
  it('a Monday 09:00–17:00 in Shanghai is 01:00–09:00 UTC', () => {
    // 2026-12-07 is a Monday.
    const open = openIntervals(DEFAULT_OPENING_HOURS, T('2026-12-06T16:00:00Z'), T('2026-12-07T16:00:00Z'));
    expect(open).toEqual([{ start: T('2026-12-07T01:00:00Z'), end: T('2026-12-07T09:00:00Z') }]);
    expect(shanghaiDay(T('2026-12-06T16:30:00Z'))).toBe('mon'); // 00:30 Monday in Shanghai
  });
  it('weekends are closed by default and a week has five opening intervals', () => {
    const week = openIntervals(DEFAULT_OPENING_HOURS, T('2026-12-06T16:00:00Z'), T('2026-12-13T16:00:00Z'));
    expect(week).toHaveLength(5);
  });
  it('validates tables', () => {
    expect(openingHoursProblems(DEFAULT_OPENING_HOURS)).toEqual([]);
    expect(openingHoursProblems({ mon: [['18:00', '09:00']] })).toHaveLength(1);
    expect(openingHoursProblems({ funday: [] })).toHaveLength(1);
  });
});

describe('interval algebra', () => {
  const arbInterval = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 200 })).map(([s, d]) => ({ start: s, end: s + d }));
  it('subtracting holes leaves nothing that overlaps a hole, and nothing outside the original', () => {
    fc.assert(
      fc.property(fc.array(arbInterval, { maxLength: 6 }), fc.array(arbInterval, { maxLength: 6 }), (base: Interval[], holes: Interval[]) => {
        const rest = subtract(base, holes);
        for (const r of rest) {
          expect(r.start).toBeLessThan(r.end);
          for (const h of holes) expect(r.end <= h.start || r.start >= h.end).toBe(true);
          expect(covers(base, r)).toBe(true);
        }
        // Every point of base not in a hole survives.
        for (let p = 0; p < 1200; p += 7) {
          const inBase = base.some((b) => b.start <= p && p < b.end);
          const inHole = holes.some((h) => h.start <= p && p < h.end);
          const inRest = rest.some((r) => r.start <= p && p < r.end);
          expect(inRest).toBe(inBase && !inHole);
        }
      }),
    );
  });
  it('merge yields sorted disjoint intervals', () => {
    fc.assert(
      fc.property(fc.array(arbInterval, { maxLength: 10 }), (xs) => {
        const m = merge(xs);
        for (let i = 1; i < m.length; i++) expect(m[i - 1].end).toBeLessThan(m[i].start);
      }),
    );
  });
});

describe('intervals as people read them, in Beijing time', () => {
  const r = (a: string, b: string) => formatShanghaiRange({ start: T(a), end: T(b) });
  it('one day, to midnight, and across days', () => {
    expect(r('2026-12-01T01:00:00Z', '2026-12-01T03:00:00Z')).toBe('2026-12-01 09:00–11:00');
    expect(r('2026-12-01T15:00:00Z', '2026-12-01T16:00:00Z')).toBe('2026-12-01 23:00–24:00');
    expect(r('2026-12-01T14:00:00Z', '2026-12-01T18:00:00Z')).toBe('2026-12-01 22:00 – 2026-12-02 02:00');
    expect(r('2026-11-30T16:00:00Z', '2026-12-02T16:00:00Z')).toBe('2026-12-01 00:00 – 2026-12-03 00:00');
  });
});
