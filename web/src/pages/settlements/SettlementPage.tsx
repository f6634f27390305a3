// One settlement: the month and issuing jurisdiction, the total, a line per provider (filter by
// provider jurisdiction, sort, page), XLSX/CSV export, and the month's clearing statement.
import { useMemo, useState } from 'react';
import { Card, Col, Descriptions, Flex, Result, Row, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds } from '../../components/testids';
import { settlementsApi, type SettlementLine } from './api';
import { ClearingPanel } from './ClearingPanel';
import { byName } from '../../app/collate';

export default function SettlementPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const labels = useLabels();
  const values = useOptionValues();
  const isPhone = useIsPhone();
  const [jurisdiction, setJurisdiction] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const s = useQuery({ queryKey: ['settlement', id], queryFn: ({ signal }) => settlementsApi.get(id, signal), enabled: id > 0 });
  const lines = useMemo(() => (s.data?.lines ?? []).filter((l) => !jurisdiction || l.providerJurisdiction === jurisdiction), [s.data, jurisdiction]);

  if (s.isError) {
    const e = s.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/vouchers/settlements">{t('settlements.back')}</Link>}
      />
    );
  }
  const d = s.data;
  if (!d) return <Skeleton active />;
  return (
    <div data-testid="settlement-page" data-settlement-id={d.id}>
      <Link to="/vouchers/settlements" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="settlement-back">
        <ArrowLeftOutlined /> {t('settlements.back')}
      </Link>
      <PageHeader
        title={t('settlements.detailTitle', { period: d.period, jurisdiction: labels.jurisdiction(d.jurisdictionCode) })}
        subtitle={`${t('settlements.ranAt')} ${formatTime(d.createdAt)}`}
        extra={
          <ExportButtons
            base={`/settlements/${d.id}`}
            query={{}}
            fileBase={`settlement-${d.period}-${d.jurisdictionCode}`}
            testPrefix="settlement"
            showTemplate={false}
          />
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('settlements.total')}
              value={formatFen(d.totalFen)}
              styles={{ content: { fontSize: isPhone ? 16 : 20, color: '#1f5fbf' } }}
              data-testid="settlement-total"
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('clearing.redemptions')}
              value={d.redemptions}
              styles={{ content: { fontSize: isPhone ? 16 : 20 } }}
              data-testid="settlement-redemptions"
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" style={{ height: '100%' }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('settlements.period')}>{d.period}</Descriptions.Item>
              <Descriptions.Item label={t('settlements.jurisdiction')}>{labels.jurisdiction(d.jurisdictionCode)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('settlements.lines')} style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('clearing.providerJurisdiction')}
            allowClear
            placeholder={t('clearing.providerJurisdiction')}
            value={jurisdiction}
            onChange={(v) => {
              setJurisdiction(v);
              setPage(1);
            }}
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('settlement-lines-filter-jurisdiction-opt')}
            style={{ width: isPhone ? '60%' : 180 }}
            data-testid="settlement-lines-filter-jurisdiction"
          />
        </Flex>
        <div data-testid="settlement-lines">
          <Table<SettlementLine>
            rowKey="providerId"
            size="middle"
            dataSource={lines}
            onRow={(l) => ({ 'data-testid': `settlement-line-${l.providerId}` }) as React.HTMLAttributes<HTMLElement>}
            showSorterTooltip={{ target: 'sorter-icon' }}
            pagination={{
              current: page,
              pageSize,
              total: lines.length,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50],
              size: isPhone ? 'small' : undefined,
              onChange: (p, ps) => {
                setPage(p);
                setPageSize(ps);
              },
              showTotal: (n) => <span data-testid="settlement-lines-total">{t('common.total', { total: n })}</span>,
            }}
            columns={[
              {
                key: 'name',
                title: t('settlements.provider'),
                sorter: (a, b) => byName(a.providerName, b.providerName),
                render: (_: unknown, l) => (
                  <Flex vertical gap={0}>
                    <b>{l.providerName}</b>
                    {isPhone ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {labels.jurisdiction(l.providerJurisdiction)} · {t('settlements.linesCount', { n: l.redemptions })}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              },
              {
                key: 'j',
                title: t('clearing.providerJurisdiction'),
                responsive: ['sm'],
                render: (_: unknown, l) => labels.jurisdiction(l.providerJurisdiction),
              },
              {
                key: 'n',
                title: t('clearing.redemptions'),
                align: 'right',
                responsive: ['sm'],
                sorter: (a, b) => a.redemptions - b.redemptions,
                render: (_: unknown, l) => l.redemptions,
              },
              {
                key: 'amount',
                title: t('clearing.amount'),
                align: 'right',
                defaultSortOrder: 'descend',
                sorter: (a, b) => a.amountFen - b.amountFen,
                render: (_: unknown, l) => <span data-testid={`settlement-line-amount-${l.providerId}`}>{formatFen(l.amountFen)}</span>,
              },
            ]}
          />
        </div>
      </Card>
      <Card size="small" title={t('settlements.clearingOf', { period: d.period })}>
        <ClearingPanel period={d.period} compact={isPhone} />
      </Card>
    </div>
  );
}
