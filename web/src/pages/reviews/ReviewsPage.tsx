// The expert's review queue: the applications assigned to them (never who else reviews them),
// filtered by status and paged on the server, sortable on the page; each opens the review form.
import { Flex, Typography, type TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatTime } from '../../app/time';
import { ListPage } from '../../components/ListPage';

const PARAMS = { status: 'string' } as const;
import { REVIEW_STATUSES, reviewsApi, type Review } from '../../api/calls';
import { KindTag, RStatusTag, useResearchLabels } from '../../components/research/tags';
import { JurisdictionChips } from '../../components/research/ApplicationDetails';
import { byName } from '../../app/collate';

export default function ReviewsPage() {
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const isPhone = useIsPhone();

  const columns: TableProps<Review>['columns'] = [
    {
      key: 'application',
      title: t('reviews.application'),
      width: isPhone ? 220 : 320,
      sorter: (a, b) => byName(a.application.title, b.application.title),
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
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      responsive: ['sm'],
      render: (_: unknown, r) => <RStatusTag status={r.status} label={rl.reviewStatus(r.status)} testId={`review-status-${r.id}`} />,
    },
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
    <ListPage<Review, typeof PARAMS>
      testId="reviews-page"
      title={t('reviews.title')}
      subtitle={t('reviews.subtitle')}
      testPrefix="reviews"
      queryKey={['reviews']}
      fetch={reviewsApi.list}
      params={PARAMS}
      defaults={{ status: 'assigned' }}
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 150,
          options: REVIEW_STATUSES.map((s) => ({ value: s, label: rl.reviewStatus(s) })),
        },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="review-row"
      scrollX={900}
      footer={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reviews.confidential')}
        </Typography.Text>
      }
    />
  );
}
