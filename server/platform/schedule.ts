// Time arithmetic of bookings: opening hours are written in Beijing time (Asia/Shanghai), every
// stored instant is UTC. China has kept UTC+8 all year since 1991 (no daylight saving), so the
// conversion is a fixed offset — no time-zone database needed, and no ambiguous local times.

import { SHANGHAI_OFFSET_MS } from './clock';
export { SHANGHAI_OFFSET_MS };
export const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayKey = (typeof DAY_KEYS)[number];
export type OpeningHours = Record<DayKey, Array<[string, string]>>;

export interface Interval {
  start: number; // epoch ms, inclusive
  end: number; // epoch ms, exclusive (half-open [start, end))
}

export const DEFAULT_OPENING_HOURS: OpeningHours = {
  sun: [],
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
  sat: [],
};

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export function minutesOf(hhmm: string): number {
  if (!HHMM.test(hhmm)) throw new Error(`not a time of day: ${hhmm}`);
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Problems with an opening-hours table, as messages; empty when it is valid. */
export function openingHoursProblems(hours: unknown): string[] {
  const out: string[] = [];
  if (!hours || typeof hours !== 'object') return ['opening hours must be an object keyed mon…sun'];
  for (const [day, ranges] of Object.entries(hours as Record<string, unknown>)) {
    if (!DAY_KEYS.includes(day as DayKey)) out.push(`unknown day ${day}`);
    if (!Array.isArray(ranges)) {
      out.push(`${day}: a list of [from, to] pairs`);
      continue;
    }
    let last = -1;
    for (const r of ranges) {
      if (!Array.isArray(r) || r.length !== 2 || !HHMM.test(String(r[0])) || !HHMM.test(String(r[1]))) {
        out.push(`${day}: each range is ["HH:MM", "HH:MM"]`);
        continue;
      }
      const a = minutesOf(r[0]);
      const b = minutesOf(r[1]);
      if (a >= b) out.push(`${day}: ${r[0]}–${r[1]} ends before it starts`);
      if (a < last) out.push(`${day}: ranges overlap or are out of order`);
      last = b;
    }
  }
  return out;
}

/** Midnight Beijing time of the day containing t, as epoch ms. */
export function shanghaiMidnight(t: number): number {
  const local = t + SHANGHAI_OFFSET_MS;
  return local - (((local % 86_400_000) + 86_400_000) % 86_400_000) - SHANGHAI_OFFSET_MS;
}

export function shanghaiDay(t: number): DayKey {
  return DAY_KEYS[new Date(t + SHANGHAI_OFFSET_MS).getUTCDay()];
}

/** The opening intervals (UTC epoch ms) that intersect [from, to). */
export function openIntervals(hours: OpeningHours, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (let day = shanghaiMidnight(from); day < to; day += 86_400_000) {
    for (const [a, b] of hours[shanghaiDay(day)] ?? []) {
      const start = Math.max(from, day + minutesOf(a) * 60_000);
      const end = Math.min(to, day + minutesOf(b) * 60_000);
      if (start < end) out.push({ start, end });
    }
  }
  return merge(out);
}

export function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** intervals minus holes. */
export function subtract(intervals: Interval[], holes: Interval[]): Interval[] {
  let out = merge(intervals);
  for (const h of merge(holes)) {
    const next: Interval[] = [];
    for (const i of out) {
      if (h.end <= i.start || h.start >= i.end) next.push(i);
      else {
        if (i.start < h.start) next.push({ start: i.start, end: h.start });
        if (h.end < i.end) next.push({ start: h.end, end: i.end });
      }
    }
    out = next;
  }
  return out;
}

/** Whether [start, end) lies wholly inside one of the intervals. */
export function covers(intervals: Interval[], x: Interval): boolean {
  return merge(intervals).some((i) => i.start <= x.start && x.end <= i.end);
}

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

export const toInterval = (startsAt: string, endsAt: string): Interval => ({ start: Date.parse(startsAt), end: Date.parse(endsAt) });
export const iso = (t: number) => new Date(t).toISOString();

const wallClock = (t: number) => {
  const s = new Date(t + SHANGHAI_OFFSET_MS).toISOString();
  return { day: s.slice(0, 10), time: s.slice(11, 16) };
};

/**
 * An interval as people read it, in Beijing time: "2026-12-01 09:00–11:00"; one ending at the
 * next midnight ends at 24:00; one spanning days names both ("2026-12-01 22:00 – 2026-12-02 02:00").
 * The same form the web app prints.
 */
export function formatShanghaiRange(x: Interval): string {
  const a = wallClock(x.start);
  const b = wallClock(x.end);
  if (a.day === b.day) return `${a.day} ${a.time}–${b.time}`;
  if (b.time === '00:00' && x.end - shanghaiMidnight(x.start) === 86_400_000) return `${a.day} ${a.time}–24:00`;
  return `${a.day} ${a.time} – ${b.day} ${b.time}`;
}
