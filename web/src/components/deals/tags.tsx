// Pieces the deal pages share: labels of contract, instalment, auction and pool enumerations in
// both languages, status tags, instalment names, percentages from basis points, a ticking clock
// and the countdown to a deadline.
import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/i18n';
import { parseInstalmentLabel, type InstalmentKind } from './schedule';

const COLORS: Record<string, string> = {
  proposed: 'gold',
  active: 'green',
  completed: 'blue',
  defaulted: 'red',
  terminated: 'default',
  cancelled: 'default',
  scheduled: 'processing',
  paid: 'success',
  overdue: 'error',
  open: 'green',
  closed: 'default',
  created: 'green',
  updated: 'blue',
  unchanged: 'default',
  fund: 'green',
  payout: 'volcano',
  payment: 'green',
  compensation: 'purple',
  due_soon: 'gold',
  ended: 'default',
};

export function useDealLabels() {
  const { t, i18n } = useTranslation();
  const tr = (prefix: string, v: string | null | undefined) => {
    if (!v) return '';
    const key = `deals.${prefix}.${v}`;
    return i18n.exists(key) ? (t as (k: string) => string)(key) : v;
  };
  const what = (w: InstalmentKind): string => {
    switch (w.kind) {
      case 'lumpSum':
        return t('deals.label.lumpSum');
      case 'afterRevenue':
        return t('deals.label.afterRevenue');
      case 'entryFee':
        return t('deals.label.entryFee');
      case 'afterMonths':
        return t('deals.label.afterMonths', { n: w.months });
      case 'instalment':
        return t('deals.label.instalment', { i: w.i, n: w.n });
      case 'royalty':
        return t('deals.label.royalty', { period: w.period });
    }
  };
  return {
    status: (v: string | null | undefined) => tr('status', v),
    instStatus: (v: string | null | undefined) => tr('instStatus', v),
    mode: (v: string | null | undefined) => tr('mode', v),
    kind: (v: string | null | undefined) => tr('kind', v),
    via: (v: string | null | undefined) => tr('via', v),
    role: (v: string | null | undefined) => tr('role', v),
    paymentKind: (v: string | null | undefined) => tr('paymentKind', v),
    reminderKind: (v: string | null | undefined) => tr('reminderKind', v),
    movementKind: (v: string | null | undefined) => tr('movementKind', v),
    auctionStatus: (v: string | null | undefined) => tr('auctionStatus', v),
    outcome: (v: string | null | undefined) => tr('outcome', v),
    poolStatus: (v: string | null | undefined) => tr('poolStatus', v),
    licenceStatus: (v: string | null | undefined) => tr('licenceStatus', v),
    /** An instalment's name: the server's Chinese label, read and put in the UI language. */
    instalment: (label: string) => {
      const w = parseInstalmentLabel(label);
      return w ? what(w) : label;
    },
    what,
  };
}

export function DealTag(props: { status: string; label: string; testId?: string }) {
  return (
    <Tag color={COLORS[props.status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId} data-status={props.status}>
      {props.label}
    </Tag>
  );
}

/** Basis points → "80%" / "2.5%". */
export const pctOf = (bp: number | null | undefined) => (bp == null ? '' : `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : bp % 10 === 0 ? 1 : 2)}%`);

/** The current time, ticking every `ms` milliseconds. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(h);
  }, [ms]);
  return now;
}

/** "3 天 04:05:06" / "3d 04:05:06" until the instant; null once it has passed. */
export function useCountdown() {
  const { t } = useTranslation();
  return (untilIso: string, now: number): string | null => {
    const left = Date.parse(untilIso) - now;
    if (!(left > 0)) return null;
    const s = Math.floor(left / 1000);
    const days = Math.floor(s / 86400);
    const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((x) => String(x).padStart(2, '0')).join(':');
    return days > 0 ? t('deals.countdownDays', { days, hms }) : hms;
  };
}

/** The payment terms in a few words: "使用 12 个月后付清", "3 期，每 6 个月", "收入的 5%". */
export function useTermsSummary() {
  const { t } = useTranslation();
  return (c: {
    paymentMode: string;
    deferMonths: number;
    deferUntilRevenue: boolean;
    instalmentCount: number;
    intervalMonths: number;
    revenueShareBp: number;
    priceFen: number;
  }): string => {
    switch (c.paymentMode) {
      case 'deferred':
        return c.deferUntilRevenue ? t('deals.summary.deferredRevenue') : t('deals.summary.deferredMonths', { n: c.deferMonths });
      case 'instalments':
        return c.deferMonths > 0
          ? t('deals.summary.instalmentsDeferred', { n: c.instalmentCount, every: c.intervalMonths, first: c.deferMonths })
          : t('deals.summary.instalments', { n: c.instalmentCount, every: c.intervalMonths });
      case 'revenue_share':
        return t('deals.summary.revenueShare', { share: pctOf(c.revenueShareBp) });
      default:
        return t('deals.summary.lumpSum');
    }
  };
}

/** Yuan on a chart axis: "¥50万" / "¥500k". */
export function useAxisYuan() {
  const [lang] = useLang();
  return (v: number) => (lang === 'en' ? (v >= 1000 ? `¥${v / 1000}k` : `¥${v}`) : v >= 10000 ? `¥${v / 10000}万` : `¥${v}`);
}
