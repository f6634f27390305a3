// One clock for the whole server, injectable so tests can move time (UTC inside).
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private t: Date = new Date('2026-01-05T02:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t.getTime());
  }
  set(t: Date | string): void {
    this.t = new Date(t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export const isoNow = (clock: Clock): string => clock.now().toISOString();
export const addMinutes = (iso: string | Date, m: number): string => new Date(new Date(iso).getTime() + m * 60_000).toISOString();

// China keeps one time zone with no daylight saving: Beijing time is UTC+8 all year.
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export const shanghaiDate = (t: string | number): string =>
  new Date((typeof t === 'number' ? t : Date.parse(t)) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
/** Midnight Beijing time at the start of a calendar date, as a UTC ISO instant. */
export const shanghaiMidnightIso = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString();
/** An instant as Beijing wall-clock time for messages: "2026-12-08 02:05". */
export const shanghaiDateTime = (t: string | number): string =>
  new Date((typeof t === 'number' ? t : Date.parse(t)) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
