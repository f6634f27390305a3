// Small pieces the catalogue, the resource page, my bookings and the manager's console share:
// tags for kinds and statuses, highlighted search text, the price line, notice periods.
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';

const KIND_COLORS: Record<string, string> = {
  instrument: 'blue',
  facility: 'purple',
  compute: 'cyan',
  dataset: 'green',
  germplasm: 'gold',
};

export function KindTag(props: { kind: string; testId?: string }) {
  const labels = useLabels();
  return (
    <Tag color={KIND_COLORS[props.kind] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId}>
      {labels.resourceKind(props.kind)}
    </Tag>
  );
}

const BOOKING_COLORS: Record<string, string> = {
  requested: 'gold',
  confirmed: 'blue',
  checked_in: 'cyan',
  completed: 'green',
  rejected: 'red',
  cancelled: 'default',
  no_show: 'volcano',
};

export function BookingStatusTag(props: { status: string; testId?: string }) {
  const labels = useLabels();
  return (
    <Tag color={BOOKING_COLORS[props.status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId} data-status={props.status}>
      {labels.bookingStatus(props.status)}
    </Tag>
  );
}

const SIMPLE_COLORS: Record<string, string> = {
  requested: 'gold',
  approved: 'green',
  rejected: 'red',
  waiting: 'blue',
  offered: 'orange',
  accepted: 'green',
  expired: 'default',
  cancelled: 'default',
  published: 'green',
  draft: 'default',
  retired: 'red',
};

export function StatusTag(props: { status: string; label: string; testId?: string }) {
  return (
    <Tag color={SIMPLE_COLORS[props.status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId} data-status={props.status}>
      {props.label}
    </Tag>
  );
}

/** "开机费 ¥100.00 + ¥600.00/小时 · ¥300.00/样品", or "申请使用" for data and germplasm. */
export function PriceLine(props: { modes: string[]; startupFeeFen: number; hourlyFeeFen: number; perSampleFen: number; bookable: boolean; testId?: string }) {
  const { t } = useTranslation();
  if (!props.bookable) {
    return (
      <Typography.Text type="secondary" data-testid={props.testId}>
        {t('catalogue.onRequest')}
      </Typography.Text>
    );
  }
  const parts: string[] = [];
  const timed = props.modes.some((m) => m !== 'sample_submission');
  if (timed) {
    const time = props.hourlyFeeFen > 0 ? t('catalogue.perHour', { price: formatFen(props.hourlyFeeFen) }) : t('catalogue.free');
    parts.push(props.startupFeeFen > 0 ? `${t('catalogue.startup', { price: formatFen(props.startupFeeFen) })} + ${time}` : time);
  }
  if (props.modes.includes('sample_submission')) parts.push(t('catalogue.perSample', { price: formatFen(props.perSampleFen) }));
  return (
    <Typography.Text strong style={{ color: '#c2410c' }} data-testid={props.testId}>
      {parts.join(' · ') || t('catalogue.free')}
    </Typography.Text>
  );
}

/** Notice in minutes as "1 天" / "3 小时" / "90 分钟". */
export function useDurationText() {
  const { t } = useTranslation();
  return (minutes: number) => {
    if (minutes > 0 && minutes % 1440 === 0) return t('resource.days', { count: minutes / 1440 });
    if (minutes > 0 && minutes % 60 === 0) return t('resource.hours', { n: minutes / 60 });
    return t('resource.minutes', { n: minutes });
  };
}
