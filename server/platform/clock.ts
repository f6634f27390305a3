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
