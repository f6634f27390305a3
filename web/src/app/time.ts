// Times arrive as ISO-8601 UTC strings and are shown in Beijing time.
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs.utc(iso);
  return d.isValid() ? d.tz(TZ).format('YYYY-MM-DD HH:mm') : iso;
}

export function isFuture(iso: string | null | undefined): boolean {
  return !!iso && dayjs.utc(iso).isAfter(dayjs());
}

/** Start of a calendar day in Beijing, as an ISO UTC string. */
export function startOfDayIso(d: Dayjs): string {
  return dayjs.tz(d.format('YYYY-MM-DD'), TZ).startOf('day').toISOString();
}

/** End of a calendar day in Beijing, as an ISO UTC string. */
export function endOfDayIso(d: Dayjs): string {
  return dayjs.tz(d.format('YYYY-MM-DD'), TZ).endOf('day').toISOString();
}

export { dayjs };

/** An instant as a dayjs in Beijing time. */
export function bj(iso: string | number | Date | Dayjs): Dayjs {
  return dayjs(iso as string).tz(TZ);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs.utc(iso);
  return d.isValid() ? d.tz(TZ).format('YYYY-MM-DD') : iso;
}

/** "2026-12-01 10:00–12:00" (one day) or "2026-12-01 10:00 – 2026-12-02 09:00", Beijing time. */
export function formatRange(startIso: string, endIso: string): string {
  const a = dayjs.utc(startIso).tz(TZ);
  const b = dayjs.utc(endIso).tz(TZ);
  if (!a.isValid() || !b.isValid()) return `${startIso} – ${endIso}`;
  if (a.format('YYYY-MM-DD') === b.format('YYYY-MM-DD')) return `${a.format('YYYY-MM-DD HH:mm')}–${b.format('HH:mm')}`;
  // An interval ending at midnight belongs to the day it started.
  if (b.format('HH:mm') === '00:00' && b.diff(a, 'hour') <= 24 && a.add(1, 'day').format('YYYY-MM-DD') === b.format('YYYY-MM-DD'))
    return `${a.format('YYYY-MM-DD HH:mm')}–24:00`;
  return `${a.format('YYYY-MM-DD HH:mm')} – ${b.format('YYYY-MM-DD HH:mm')}`;
}

/** Monday 00:00 Beijing time of the week containing the instant. */
export function weekStartBj(d: Dayjs): Dayjs {
  const local = d.tz(TZ);
  const dow = (local.day() + 6) % 7; // Monday = 0
  return dayjs.tz(local.format('YYYY-MM-DD'), TZ).subtract(dow, 'day');
}

/** A Beijing wall-clock date and time ("2026-12-01", "10:30") as a dayjs. */
export function bjAt(date: string, hhmm: string): Dayjs {
  if (hhmm === '24:00') return dayjs.tz(`${date} 00:00`, TZ).add(1, 'day');
  return dayjs.tz(`${date} ${hhmm}`, TZ);
}

/**
 * Date pickers work in the browser's own zone; the UI means Beijing wall-clock time whatever the
 * browser's zone is. An instant becomes a picker value showing its Beijing date and time…
 */
export function toPickerValue(iso: string | null | undefined): Dayjs | null {
  if (!iso) return null;
  return dayjs(bj(iso).format('YYYY-MM-DDTHH:mm:ss'));
}

/** …and a picker value is read back as Beijing wall-clock time. */
export function fromPickerValue(d: Dayjs | null | undefined): string | undefined {
  if (!d) return undefined;
  return dayjs.tz(d.format('YYYY-MM-DD HH:mm:ss'), TZ).toISOString();
}
