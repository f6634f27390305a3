// The regional clearing statement of a month: gross cross-jurisdiction redemptions (issuer →
// provider jurisdiction) as a bar chart and a table, the net "who pays whom" after netting, and
// what stayed within each jurisdiction. Provisional until every issuing jurisdiction has settled
// the month (always for the current month).
import { useMemo } from 'react';
import { Alert, Card, Col, Empty, Flex, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/i18n';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { bj, dayjs } from '../../app/time';
import { EChart, type BarChartOption } from '../../components/EChart';
import { JurisdictionTags } from '../../components/vouchers/tags';
import { settlementsApi, type Clearing } from './api';

export const currentPeriod = () => bj(dayjs()).format('YYYY-MM');

export function ClearingPanel(props: { period: string; compact?: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const [lang] = useLang();
  const clearing = useQuery({
    queryKey: ['clearing', props.period],
    queryFn: ({ signal }) => settlementsApi.clearing(props.period, signal),
    placeholderData: keepPreviousData,
  });
  const c: Clearing | undefined = clearing.data;
  const provisional = props.period >= currentPeriod();
  const name = (code: string) => labels.jurisdictionShort(code);
  const pair = (from: string, to: string) => `${name(from)}→${name(to)}`;

  const option = useMemo<BarChartOption>(() => {
    const gross = [...(c?.gross ?? [])].sort((a, b) => a.amountFen - b.amountFen);
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => formatFen(Math.round(Number(v) * 100)),
      },
      xAxis: {
        type: 'value',
        splitNumber: isPhone ? 2 : 5,
        axisLabel: {
          hideOverlap: true,
          formatter: (v: number) => (lang === 'en' ? (v >= 1000 ? `¥${v / 1000}k` : `¥${v}`) : v >= 10000 ? `¥${v / 10000}万` : `¥${v}`),
        },
      },
      yAxis: { type: 'category', data: gross.map((g) => pair(g.from, g.to)) },
      series: [
        {
          type: 'bar',
          name: t('clearing.gross'),
          data: gross.map((g) => g.amountFen / 100),
          itemStyle: { color: '#1f5fbf', borderRadius: [0, 4, 4, 0] },
          barMaxWidth: 28,
          label: { show: true, position: 'right', formatter: (p) => formatFen(Math.round(Number(p.value) * 100)) },
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c, labels, t, lang, isPhone]);

  if (!c) return clearing.isError ? <Alert type="error" showIcon title={t('error.generic')} /> : <Skeleton active />;
  const allSettled = c.settled.length > 0 && (c.gross.every((g) => c.settled.includes(g.from)) || false);
  const chartHeight = Math.max(140, c.gross.length * 44 + 40);

  return (
    <div data-testid="clearing-panel" data-period={c.period} style={{ opacity: clearing.isFetching ? 0.6 : 1 }}>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        {provisional || !allSettled ? (
          <Tag color="orange" data-testid="clearing-provisional">
            {t('clearing.provisional')}
          </Tag>
        ) : (
          <Tag color="green" data-testid="clearing-final">
            {t('clearing.final')}
          </Tag>
        )}
        <Typography.Text type="secondary">{t('clearing.settledBy')}</Typography.Text>
        {c.settled.length ? (
          <JurisdictionTags codes={c.settled} color="purple" testId="clearing-settled" />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={props.compact ? 24 : 14}>
          <Card size="small" title={t('clearing.grossTitle')} style={{ height: '100%' }}>
            {c.gross.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clearing.noCross')} data-testid="clearing-empty" />
            ) : (
              <>
                <EChart option={option} height={chartHeight} testId="clearing-chart" ariaLabel={t('clearing.grossTitle')} />
                <Table
                  rowKey={(g) => `${g.from}-${g.to}`}
                  size="small"
                  style={{ marginTop: 8 }}
                  dataSource={c.gross}
                  pagination={false}
                  scroll={{ x: isPhone ? 'max-content' : undefined }}
                  onRow={(g) => ({ 'data-testid': `clearing-gross-row-${g.from}-${g.to}` }) as React.HTMLAttributes<HTMLElement>}
                  columns={[
                    { key: 'from', title: t('clearing.issuer'), render: (_: unknown, g) => labels.jurisdiction(g.from) },
                    { key: 'to', title: t('clearing.providerJurisdiction'), render: (_: unknown, g) => labels.jurisdiction(g.to) },
                    { key: 'n', title: t('clearing.redemptions'), align: 'right', render: (_: unknown, g) => g.redemptions },
                    {
                      key: 'amount',
                      title: t('clearing.amount'),
                      align: 'right',
                      render: (_: unknown, g) => <span data-testid={`clearing-gross-${g.from}-${g.to}`}>{formatFen(g.amountFen)}</span>,
                    },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={props.compact ? 24 : 10}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('clearing.netTitle')} data-testid="clearing-net">
              {c.net.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clearing.noNet')} />
              ) : (
                <Flex vertical gap={8}>
                  {c.net.map((n) => (
                    <Flex key={`${n.from}-${n.to}`} justify="space-between" align="center" gap={8} wrap data-testid={`clearing-net-row-${n.from}-${n.to}`}>
                      <Typography.Text>
                        <b>{labels.jurisdiction(n.from)}</b> <ArrowRightOutlined /> <b>{labels.jurisdiction(n.to)}</b>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {' '}
                          {t('clearing.pays', { from: name(n.from), to: name(n.to) })}
                        </Typography.Text>
                      </Typography.Text>
                      <Typography.Text strong style={{ color: '#c2410c' }} data-testid={`clearing-net-${n.from}-${n.to}`}>
                        {formatFen(n.amountFen)}
                      </Typography.Text>
                    </Flex>
                  ))}
                </Flex>
              )}
            </Card>
            <Card size="small" title={t('clearing.localTitle')} data-testid="clearing-local">
              {c.local.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <Flex vertical gap={4}>
                  {c.local.map((l) => (
                    <Flex key={l.jurisdiction} justify="space-between" data-testid={`clearing-local-${l.jurisdiction}`}>
                      <span>{labels.jurisdiction(l.jurisdiction)}</span>
                      <span>{formatFen(l.amountFen)}</span>
                    </Flex>
                  ))}
                </Flex>
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
