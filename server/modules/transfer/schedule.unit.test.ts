// Payment schedules count calendar months on Beijing's calendar (the dates people sign and pay by).
import { describe, expect, it } from 'vitest';
import { addMonths, scheduleOf } from './schedule';

describe('addMonths', () => {
  it('clamps to the month’s last day without drifting', () => {
    expect(addMonths('2027-01-31T02:00:00.000Z', 1)).toBe('2027-02-28T02:00:00.000Z');
    expect(addMonths('2027-01-31T02:00:00.000Z', 2)).toBe('2027-03-31T02:00:00.000Z');
    expect(addMonths('2028-01-31T02:00:00.000Z', 1)).toBe('2028-02-29T02:00:00.000Z');
  });
  it('uses the Beijing date: 05:00 on 31 May in Beijing is 30 May in UTC, and a month later is 30 June in Beijing', () => {
    // 2027-05-31 05:00 Beijing = 2027-05-30T21:00Z
    expect(addMonths('2027-05-30T21:00:00.000Z', 1)).toBe('2027-06-29T21:00:00.000Z'); // 2027-06-30 05:00 Beijing
    expect(addMonths('2027-12-31T16:30:00.000Z', 2)).toBe('2028-02-29T16:30:00.000Z'); // 1 Jan 00:30 → 1 Mar 00:30 Beijing
  });
});

describe('scheduleOf', () => {
  const base = { price_fen: 1_000_001, defer_months: 0, defer_until_revenue: 0, instalment_count: 1, interval_months: 0 };
  it('instalments add up to the price, the remainder on the last', () => {
    const s = scheduleOf({ ...base, payment_mode: 'instalments', instalment_count: 3, interval_months: 6, defer_months: 12 }, '2026-11-27T00:00:00.000Z');
    expect(s.map((x) => x.amount_fen)).toEqual([333_333, 333_333, 333_335]);
    expect(s.map((x) => x.due_at)).toEqual(['2027-11-27T00:00:00.000Z', '2028-05-27T00:00:00.000Z', '2028-11-27T00:00:00.000Z']);
  });
  it('deferred until first revenue has no date yet; a free lump sum owes nothing', () => {
    expect(scheduleOf({ ...base, payment_mode: 'deferred', defer_until_revenue: 1 }, '2026-11-27T00:00:00.000Z')[0].due_at).toBeNull();
    expect(scheduleOf({ ...base, price_fen: 0, payment_mode: 'lump_sum' }, '2026-11-27T00:00:00.000Z')).toEqual([]);
  });
});
