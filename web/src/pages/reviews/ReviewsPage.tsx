// The expert's review queue: the applications assigned to them (never who else reviews them),
// filtered by status and paged on the server, sortable on the page; each opens the review form.
import { useState } from 'react';
import { Button, Card, Flex, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { REVIEW_STATUSES, reviewsApi, type Review } from '../calls/api';
import { JurisdictionChips } from '../calls/ApplicationsPanel';
import { KindTag, RStatusTag, useResearchLabels } from '../calls/shared';

export default function ReviewsPage() {
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: [], testPrefix: 'reviews' });
  const [status, setStatus] = useState<string | undefined>('assigned');
  const query = { status, page: table.page, pageSize: table.pageSize };
  const list = useQuery({ queryKey: ['reviews', query], queryFn: ({ signal }) => reviewsApi.list(query, signal), placeholderData: keepPreviousData });

  const columns: TableProps<Review>['columns'] = [
    {
      key: 'application',
      title: t('reviews.application'),
      width: isPhone ? 220 : 320,
      sorter: (a, b) => a.application.title.localeCompare(b.application.title),
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="flex-start">
          <Link to={`/research/reviews/${r.id}`} data-testid={`review-link-${r.id}`} style={{ fontWeight: 600, whiteSpace: 'normal' }}>
            {r.application.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
            {r.callTitle}
          </Typography.Text>
          {isPhone ? (
            <Flex gap={4} wrap>
              <RStatusTag status={r.status} label={rl.reviewStatus(r.status)} />
              {r.totalScore != null ? <Typography.Text strong>{r.totalScore}</Typography.Text> : null}
            </Flex>
          ) : null}
        </Flex>
      ),
    },
    { key: 'kind', title: t('calls.kindLabel'), width: 100, responsive: ['md'], render: (_: unknown, r) => <KindTag kind={r.callKind} /> },
    {
      key: 'applicant',
      title: t('reviews.applicant'),
      width: 220,
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Flex vertical gap={2}>
          <span>{r.application.applicantOrgName}</span>
          <JurisdictionChips codes={r.application.jurisdictions} />
        </Flex>
      ),
    },
    {
      key: 'total',
      title: t('reviews.total'),
      width: 80,
      align: 'right',
      responsive: ['sm'],
      sorter: (a, b) => (a.totalScore ?? -1) - (b.totalScore ?? -1),
      render: (_: unknown, r) => <span data-testid={`review-total-${r.id}`}>{r.totalScore ?? '—'}</span>,
    },
    { key: 'status', title: t('common.status'), width: 100, responsive: ['sm'], render: (_: unknown, r) => <RStatusTag status={r.status} label={rl.reviewStatus(r.status)} testId={`review-status-${r.id}`} /> },
    {
      key: 'createdAt',
      title: t('reviews.assignedAt'),
      width: 140,
      responsive: ['lg'],
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(r.createdAt)}</span>,
    },
  ];

  return (
    <div data-testid="reviews-page">
      <PageHeader title={t('reviews.title')} subtitle={t('reviews.subtitle')} />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="reviews-filters">
          <Select
            allowClear
            placeholder={t('common.status')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              table.setPage(1);
            }}
            options={REVIEW_STATUSES.map((s) => ({ value: s, label: rl.reviewStatus(s) }))}
            optionRender={optionTestIds('reviews-filter-status-opt')}
            style={{ width: isPhone ? 'calc(50% - 4px)' : 150 }}
            data-testid="reviews-filter-status"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="reviews-refresh" />
          </Tooltip>
        </Flex>
        <div data-testid="reviews-table">
          <Table<Review>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={table.onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(r) => rowTestId('review-row', r.id)}
            scroll={{ x: isPhone ? undefined : 900 }}
            pagination={table.pagination(list.data?.total)}
          />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reviews.confidential')}
        </Typography.Text>
      </Card>
    </div>
  );
}
