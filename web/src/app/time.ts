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
