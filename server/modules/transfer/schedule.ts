// Payment schedules of licence and assignment contracts, pure arithmetic on the terms (no database):
// lump sum, deferred (先使用后付费: after N months or at first revenue), instalments, revenue share.
// Dates count calendar months on Beijing's calendar (the dates people sign and pay by).

/** A lump sum or a royalty falls due this many days after the event that triggers it. */
export const PAYMENT_DAYS = 30;
/** Reminders go this many days before an instalment falls due. */
export const REMIND_DAYS = 7;
/** An instalment this many days overdue lets the licensor declare a default. */
export const DEFAULT_GRACE_DAYS = 30;
/** How long a default stays on the licensee's record. */
export const DEFAULT_RECORD_MONTHS = 12;

/** The same time N calendar months later in Beijing (the day clamped to the month's last: 31 Jan → 28 Feb). */
export function addMonths(iso: string, months: number): string {
  const BEIJING = 8 * 3_600_000;
  const d = new Date(Date.parse(iso) + BEIJING);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return new Date(d.getTime() - BEIJING).toISOString();
}

export const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** The terms of a contract a schedule depends on (as stored). */
export interface ScheduleTerms {
  payment_mode: string;
  price_fen: number;
  defer_months: number;
  defer_until_revenue: number;
  instalment_count: number;
  interval_months: number;
}

/** The payment schedule a contract's terms give at signing. */
export function scheduleOf(c: ScheduleTerms, signedAt: string) {
  const price = Number(c.price_fen);
  const out: Array<{ seq: number; label: string; due_at: string | null; amount_fen: number }> = [];
  switch (c.payment_mode) {
    case 'lump_sum':
      if (price > 0) out.push({ seq: 1, label: '一次性支付', due_at: addDays(signedAt, PAYMENT_DAYS), amount_fen: price });
      break;
    case 'deferred':
      out.push({
        seq: 1,
        label: Number(c.defer_until_revenue) ? '首笔收入后支付' : `使用 ${c.defer_months} 个月后支付`,
        due_at: Number(c.defer_until_revenue) ? null : addMonths(signedAt, Number(c.defer_months)),
        amount_fen: price,
      });
      break;
    case 'instalments': {
      const n = Number(c.instalment_count);
      const each = Math.floor(price / n);
      const first = Number(c.defer_months) > 0 ? Number(c.defer_months) : Number(c.interval_months);
      for (let i = 0; i < n; i++) {
        // The remainder (fen) goes to the last instalment, so the parts add up to the price. Each date
        // counts from the signing: a day clamped in a short month (31 Jan → 28 Feb) does not drift on.
        out.push({
          seq: i + 1,
          label: `第 ${i + 1}/${n} 期`,
          due_at: addMonths(signedAt, first + i * Number(c.interval_months)),
          amount_fen: i === n - 1 ? price - each * (n - 1) : each,
        });
      }
      break;
    }
    case 'revenue_share':
      if (price > 0) out.push({ seq: 1, label: '入门费', due_at: addDays(signedAt, PAYMENT_DAYS), amount_fen: price });
      break;
  }
  return out;
}
