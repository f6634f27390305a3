// Recognised service providers (服务机构): for administrators the recognition queue (applied →
// checked → public notice → listed; recognition by other jurisdictions), for everyone the listed
// providers and those in public notice (anyone signed in may object during the notice).
import { useState } from 'react';
import { Alert, Badge, Button, Card, Flex, Input, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatDate, formatTime, isFuture } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { CategoryTags, JurisdictionTags, VStatusTag } from '../../components/vouchers';
import { SERVICE_CATEGORIES } from '../voucher-admin/api';
import { PROVIDER_STATUSES, providersApi, type Provider, type ProviderQuery } from './api';

export default function ProvidersPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const access = useAccess();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);
  const table = useTableState({ sortable: ['createdAt', 'name', 'noticeEndsAt'], defaultSort: '-createdAt', testPrefix: 'providers' });
  const admin = access.voucherPrograms;
  const status = params.get('status') ?? undefined;
  const [filters, setFilters] = useState<Pick<ProviderQuery, 'jurisdiction' | 'category' | 'q'>>({});
  const [q, setQ] = useState('');
  const setStatus = (v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set('status', v);
    else next.delete('status');
    setParams(next, { replace: true });
    table.setPage(1);
  };
  const setFilter = <K extends keyof typeof filters>(k: K, v: (typeof filters)[K]) => {
    setFilters((f) => ({ ...f, [k]: v || undefined }));
    table.setPage(1);
  };

  const query: ProviderQuery = { ...filters, status, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['providers', query], queryFn: ({ signal }) => providersApi.list(query, signal), placeholderData: keepPreviousData });
  const statuses = admin ? PROVIDER_STATUSES : (['notice', 'listed'] as const);

  const columns: TableProps<Provider>['columns'] = [
    {
      key: 'name',
      title: t('providers.name'),
      sorter: true,
      sortOrder: table.sortOrder('name'),
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
      sortOrder: table.sortOrder('noticeEndsAt'),
      width: 140,
      responsive: ['sm'],
      render: (_: unknown, p) =>
        p.noticeEndsAt ? (
          <Typography.Text type={p.status === 'notice' && isFuture(p.noticeEndsAt) ? 'warning' : undefined} style={{ whiteSpace: 'nowrap' }} data-testid={`provider-notice-ends-${p.id}`}>
            {formatTime(p.noticeEndsAt)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { key: 'recognised', title: t('providers.recognisedIn'), width: 170, responsive: ['lg'], render: (_: unknown, p) => <JurisdictionTags codes={p.recognisedIn} color="green" /> },
    {
      key: 'createdAt',
      title: t('providers.appliedAt'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 110,
      responsive: ['lg'],
      render: (_: unknown, p) => formatDate(p.createdAt),
    },
  ];

  return (
    <div data-testid="providers-page">
      <PageHeader title={t('providers.title')} subtitle={admin ? t('providers.subtitleAdmin') : t('providers.subtitle')} />
      {!admin ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('providers.objectionHint')} data-testid="providers-objection-hint" /> : null}
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="providers-filters">
          <Input.Search
            allowClear
            placeholder={t('providers.searchPlaceholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setFilter('q', undefined);
            }}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isPhone ? '100%' : 220 }}
            data-testid="providers-filter-q"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={status}
            onChange={(v) => setStatus(v)}
            options={statuses.map((s) => ({ value: s, label: labels.providerStatus(s) }))}
            optionRender={optionTestIds('providers-filter-status-opt')}
            style={{ width: w(130) }}
            data-testid="providers-filter-status"
          />
          <Select
            allowClear
            placeholder={t('providers.jurisdiction')}
            value={filters.jurisdiction}
            onChange={(v) => setFilter('jurisdiction', v)}
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('providers-filter-jurisdiction-opt')}
            style={{ width: w(130) }}
            data-testid="providers-filter-jurisdiction"
          />
          <Select
            allowClear
            placeholder={t('providers.category')}
            value={filters.category}
            onChange={(v) => setFilter('category', v)}
            options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: labels.serviceCategory(c) }))}
            optionRender={optionTestIds('providers-filter-category-opt')}
            popupMatchSelectWidth={false}
            style={{ width: w(150) }}
            data-testid="providers-filter-category"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="providers-refresh" />
          </Tooltip>
          <Button
            onClick={() => {
              setFilters({});
              setQ('');
              setStatus(undefined);
              table.reset();
            }}
            data-testid="providers-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="providers-table">
          <Table<Provider>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={table.onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(p) => rowTestId('provider-row', p.id)}
            scroll={{ x: isPhone ? 'max-content' : 1000 }}
            pagination={table.pagination(list.data?.total)}
          />
        </div>
      </Card>
    </div>
  );
}
