// Usage statistics of a resource over a period: effective hours, hours served to other
// organisations and other jurisdictions, completed bookings, no-shows, revenue, and a bar chart
// of hours by the user's jurisdiction.
import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Flex, Row, Statistic, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { dayjs, endOfDayIso, startOfDayIso } from '../../app/time';
import { EChart, type BarChartOption } from '../../components/EChart';
import { resourcesApi } from '../../api/resources';

export function UsageTab(props: { resourceId: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const isPhone = useIsPhone();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(1, 'year').add(1, 'day'), dayjs()]);
  const from = startOfDayIso(range[0]);
  const to = endOfDayIso(range[1]);
  const usage = useQuery({
    queryKey: ['usage', props.resourceId, from, to],
    queryFn: ({ signal }) => resourcesApi.usage(props.resourceId, from, to, signal),
    placeholderData: keepPreviousData,
  });
  const u = usage.data;

  const option = useMemo<BarChartOption>(() => {
    const codes = values.jurisdictionCodes;
    return {
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: codes.map((c) => labels.jurisdiction(c)) },
      yAxis: { type: 'value', name: t('manage.usage.hours') },
      series: [
        {
          type: 'bar',
          name: t('manage.usage.effectiveHours'),
          data: codes.map((c) => u?.hoursByJurisdiction[c] ?? 0),
          itemStyle: { color: '#1f5fbf', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
        },
      ],
    };
  }, [u, values.jurisdictionCodes, labels, t]);

  const stat = (key: string, title: string, value: number | string, suffix?: string) => (
    <Col xs={12} md={8} xl={4} key={key}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value} suffix={suffix} valueStyle={{ fontSize: isPhone ? 18 : 22 }} data-testid={`usage-${key}`} />
      </Card>
    </Col>
  );

  return (
    <div data-testid="manage-usage">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('manage.usage.range')}</Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          style={{ width: isPhone ? '100%' : 260 }}
          data-testid="usage-range"
        />
      </Flex>
      <Row gutter={[12, 12]} style={{ marginBottom: 12, opacity: usage.isFetching ? 0.6 : 1 }}>
        {stat('effective', t('manage.usage.effectiveHours'), u?.effectiveHours ?? 0, t('manage.usage.hours'))}
        {stat('external', t('manage.usage.externalHours'), u?.externalHours ?? 0, t('manage.usage.hours'))}
        {stat('other-jurisdiction', t('manage.usage.otherJurisdictionHours'), u?.otherJurisdictionHours ?? 0, t('manage.usage.hours'))}
        {stat('completed', t('manage.usage.completed'), u?.completedBookings ?? 0)}
        {stat('no-shows', t('manage.usage.noShows'), u?.noShows ?? 0)}
        {stat('revenue', t('manage.usage.revenue'), u ? formatFen(u.revenueFen) : '—')}
      </Row>
      <Card size="small" title={t('manage.usage.byJurisdiction')}>
        {u && Object.keys(u.hoursByJurisdiction).length === 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="usage-empty">
            {t('manage.usage.empty')}
          </Typography.Text>
        ) : null}
        <EChart option={option} height={isPhone ? 220 : 280} testId="usage-chart" ariaLabel={t('manage.usage.byJurisdiction')} />
      </Card>
    </div>
  );
}
