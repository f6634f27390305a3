// The payment schedule a contract's terms give at signing — the same arithmetic as the server's
// `scheduleOf` (server/modules/transfer/licensing.service.ts), so a proposal can be previewed
// before it is sent: months are added on the UTC calendar, a lump sum and an entry fee fall due
// 30 days after signing, instalments split the price with the remainder on the last one, each
// instalment's date counted from the signing.
import { PAYMENT_DAYS, type PaymentMode } from '../../api/transfer';

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

/** What an instalment is, so the UI can name it in either language (the server's labels are Chinese). */
export type InstalmentKind =
  | { kind: 'lumpSum' }
  | { kind: 'afterMonths'; months: number }
  | { kind: 'afterRevenue' }
  | { kind: 'instalment'; i: number; n: number }
  | { kind: 'entryFee' }
  | { kind: 'royalty'; period: string };

export interface PlannedInstalment {
  seq: number;
  what: InstalmentKind;
  dueAt: string | null;
  amountFen: number;
}

export interface Terms {
  paymentMode: PaymentMode;
  priceFen: number;
  deferMonths: number;
  deferUntilRevenue: boolean;
  instalmentCount: number;
  intervalMonths: number;
}

export function scheduleOf(c: Terms, signedAt: string): PlannedInstalment[] {
  const price = c.priceFen;
  const out: PlannedInstalment[] = [];
  switch (c.paymentMode) {
    case 'lump_sum':
      if (price > 0) out.push({ seq: 1, what: { kind: 'lumpSum' }, dueAt: addDays(signedAt, PAYMENT_DAYS), amountFen: price });
      break;
    case 'deferred':
      out.push({
        seq: 1,
        what: c.deferUntilRevenue ? { kind: 'afterRevenue' } : { kind: 'afterMonths', months: c.deferMonths },
        dueAt: c.deferUntilRevenue ? null : addMonths(signedAt, c.deferMonths),
        amountFen: price,
      });
      break;
    case 'instalments': {
      const n = c.instalmentCount;
      if (!(n >= 1)) break;
      const each = Math.floor(price / n);
      // Each date counts from the signing (a day clamped in a short month does not drift on).
      const first = c.deferMonths > 0 ? c.deferMonths : c.intervalMonths;
      for (let i = 0; i < n; i++) {
        out.push({
          seq: i + 1,
          what: { kind: 'instalment', i: i + 1, n },
          dueAt: addMonths(signedAt, first + i * c.intervalMonths),
          amountFen: i === n - 1 ? price - each * (n - 1) : each,
        });
      }
      break;
    }
    case 'revenue_share':
      if (price > 0) out.push({ seq: 1, what: { kind: 'entryFee' }, dueAt: addDays(signedAt, PAYMENT_DAYS), amountFen: price });
      break;
  }
  return out;
}

/** Reads the server's Chinese label of an instalment back into what it is (unknown labels stay as they are). */
export function parseInstalmentLabel(label: string): InstalmentKind | null {
  if (label === '一次性支付') return { kind: 'lumpSum' };
  if (label === '首笔收入后支付') return { kind: 'afterRevenue' };
  if (label === '入门费') return { kind: 'entryFee' };
  let m = /^使用 (\d+) 个月后支付$/.exec(label);
  if (m) return { kind: 'afterMonths', months: Number(m[1]) };
  m = /^第 (\d+)\/(\d+) 期$/.exec(label);
  if (m) return { kind: 'instalment', i: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4}-\d{2}) 提成$/.exec(label);
  if (m) return { kind: 'royalty', period: m[1] };
  return null;
}

/** share × amount rounded down to the fen, as the server computes a royalty. */
export const shareOf = (amountFen: number, bp: number) => Math.floor((amountFen * bp) / 10_000);
