// Recognised service providers (服务机构): for administrators the recognition queue (applied →
// checked → public notice → listed; recognition by other jurisdictions), for everyone the listed
// providers and those in public notice (anyone signed in may object during the notice).
import { Alert, Badge, Flex, Typography, type TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatTime, isFuture } from '../../app/time';
import { ListPage, dateColumn } from '../../components/ListPage';

const PARAMS = { q: 'string', status: 'string', jurisdiction: 'string', category: 'string' } as const;
import { CategoryTags, JurisdictionTags, VStatusTag } from '../../components/vouchers/tags';
import { SERVICE_CATEGORIES, PROVIDER_STATUSES, providersApi, type Provider } from '../../api/vouchers';

export default function ProvidersPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const access = useAccess();
  const isPhone = useIsPhone();
  const admin = access.voucherPrograms;
  const statuses = admin ? PROVIDER_STATUSES : (['notice', 'listed'] as const);

  const columns: TableProps<Provider>['columns'] = [
    {
      key: 'name',
      title: t('providers.name'),
      sorter: true,
      width: isPhone ? 210 : 280,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Link to={`/vouchers/providers/${p.id}`} style={{ fontWeight: 600 }} data-testid={`provider-link-${p.id}`}>
            {p.organizationName}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(p.jurisdictionCode)} · {t('providers.productsCount', { n: p.products })}
          </Typography.Text>
          {isPhone ? (
            <>
              <CategoryTags codes={p.categories} />
              {p.status === 'notice' && p.noticeEndsAt ? (
                <Typography.Text type="warning" style={{ fontSize: 12 }}>
                  {t('providers.noticeUntil', { date: formatTime(p.noticeEndsAt) })}
                </Typography.Text>
              ) : null}
            </>
          ) : null}
        </Flex>
      ),
    },
    { key: 'categories', title: t('providers.categories'), width: 240, responsive: ['md'], render: (_: unknown, p) => <CategoryTags codes={p.categories} /> },
    {
      key: 'status',
      title: t('common.status'),
      width: 120,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <VStatusTag status={p.status} label={labels.providerStatus(p.status)} testId={`provider-status-${p.id}`} />
          {p.openObjections > 0 ? (
            <Badge count={p.openObjections} size="small" offset={[8, 0]}>
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {t('providers.objectionsOpen')}
              </Typography.Text>
            </Badge>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'noticeEndsAt',
      title: t('providers.noticeEnds'),
      sorter: true,
      width: 140,
      responsive: ['sm'],
      render: (_: unknown, p) =>
        p.noticeEndsAt ? (
          <Typography.Text
            type={p.status === 'notice' && isFuture(p.noticeEndsAt) ? 'warning' : undefined}
            style={{ whiteSpace: 'nowrap' }}
            data-testid={`provider-notice-ends-${p.id}`}
          >
            {formatTime(p.noticeEndsAt)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'recognised',
      title: t('providers.recognisedIn'),
      width: 170,
      responsive: ['lg'],
      render: (_: unknown, p) => <JurisdictionTags codes={p.recognisedIn} color="green" />,
    },
    dateColumn('createdAt', t('providers.appliedAt'), { sorter: true, responsive: ['lg'] }),
  ];

  return (
    <ListPage<Provider, typeof PARAMS>
      testId="providers-page"
      title={t('providers.title')}
      subtitle={admin ? t('providers.subtitleAdmin') : t('providers.subtitle')}
      above={
        !admin ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('providers.objectionHint')} data-testid="providers-objection-hint" /> : null
      }
      testPrefix="providers"
      queryKey={['providers']}
      fetch={providersApi.list}
      params={PARAMS}
      defaultSort="-createdAt"
      filters={[
        { kind: 'search', key: 'q', placeholder: t('providers.searchPlaceholder'), width: 220 },
        { kind: 'select', key: 'status', placeholder: t('common.status'), options: statuses.map((s) => ({ value: s, label: labels.providerStatus(s) })) },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('providers.jurisdiction'),
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
        {
          kind: 'select',
          key: 'category',
          placeholder: t('providers.category'),
          width: 150,
          wideOptions: true,
          options: SERVICE_CATEGORIES.map((c) => ({ value: c, label: labels.serviceCategory(c) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="provider-row"
      scrollX={1000}
      phoneScroll
    />
  );
}
