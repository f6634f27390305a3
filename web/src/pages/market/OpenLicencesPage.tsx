// Open patent licences (专利开放许可): the declarations in force — patent, patentee, payment method,
// fee or royalty, term, how many licensees — filterable by payment method and patentee, sortable
// by declaration date, fee and royalty, paged; and the announcements of withdrawn declarations.
import { useState } from 'react';
import { Button, Card, Flex, Select, Table, Tabs, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { OrgSelect } from '../calls/shared';
import { PAYMENT_METHODS, marketApi, type OpenLicence, type OpenLicenceQuery } from './api';
import { ResultTypeTag, pct, useMarketLabels, useTermsLine } from './shared';

type Status = 'active' | 'withdrawn';

export default function OpenLicencesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status: Status = params.get('tab') === 'withdrawn' ? 'withdrawn' : 'active';
  return (
    <div data-testid="open-licences-page" data-tab={status}>
      <PageHeader title={t('market.olList.title')} subtitle={t('market.olList.subtitle')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={status}
          onChange={(k) => setParams(k === 'withdrawn' ? { tab: 'withdrawn' } : {}, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'active', label: <span data-testid="ol-tab-active">{t('market.olList.active')}</span>, children: <OpenLicenceTable status="active" /> },
            { key: 'withdrawn', label: <span data-testid="ol-tab-withdrawn">{t('market.olList.withdrawn')}</span>, children: <OpenLicenceTable status="withdrawn" /> },
          ]}
        />
      </Card>
    </div>
  );
}

function OpenLicenceTable(props: { status: Status }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const ml = useMarketLabels();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: ['declaredAt', 'fee', 'royalty'], defaultSort: '-declaredAt', testPrefix: `ol-${props.status}` });
  const [paymentMethod, setPaymentMethod] = useState<string | undefined>();
  const [ownerOrgId, setOwnerOrgId] = useState<number | undefined>();
  const query: OpenLicenceQuery = { status: props.status, paymentMethod, ownerOrgId, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['open-licences', query], queryFn: ({ signal }) => marketApi.openLicences(query, signal), placeholderData: keepPreviousData });
  const withdrawn = props.status === 'withdrawn';

  const termsLine = useTermsLine();
  const fee = (o: OpenLicence) => (o.paymentMethod === 'one_off' || o.paymentMethod === 'entry_royalty' ? formatFen(o.feeFen) : o.paymentMethod === 'free' ? formatFen(0) : '—');

  const columns: TableProps<OpenLicence>['columns'] = [
    {
      key: 'patent',
      title: t('market.olList.patent'),
      width: isPhone ? undefined : withdrawn ? 250 : 300,
      render: (_: unknown, o) => (
        <Flex vertical gap={2} align="flex-start">
          {o.patent ? (
            <Link to={`/market/results/${o.patent.id}`} style={{ fontWeight: 600, whiteSpace: 'normal' }} data-testid={`ol-row-link-${o.id}`}>
              {o.patent.title}
            </Link>
          ) : (
            <span>#{o.listingId}</span>
          )}
          <Flex gap={6} wrap align="center">
            {o.patent ? <ResultTypeTag type={o.patent.resultType} /> : null}
            {o.patent?.applicationNo ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <code>{o.patent.applicationNo}</code>
              </Typography.Text>
            ) : null}
          </Flex>
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>{o.patent?.ownerName}</Typography.Text>
              <Typography.Text style={{ fontSize: 12 }}>
                {ml.paymentMethod(o.paymentMethod)}
                {o.feeFen ? ` · ${formatFen(o.feeFen)}` : ''}
                {o.royaltyBp ? ` · ${pct(o.royaltyBp)}` : ''} · {t('market.ol.months', { n: o.termMonths })}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {withdrawn ? t('market.olList.withdrawnOn', { date: formatDate(o.withdrawnAt) }) : t('market.olList.licenseesN', { n: o.licensees })}
              </Typography.Text>
              {withdrawn && o.withdrawalReason ? <Typography.Text style={{ fontSize: 12, whiteSpace: 'normal' }}>{o.withdrawalReason}</Typography.Text> : null}
            </>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'owner',
      title: t('market.olList.owner'),
      width: withdrawn ? 160 : 180,
      responsive: ['sm'],
      render: (_: unknown, o) => (
        <Flex vertical gap={0}>
          <span style={{ whiteSpace: 'normal' }}>{o.patent?.ownerName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdictionShort(o.patent?.jurisdictionCode)}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(withdrawn
      ? [
          {
            key: 'terms',
            title: t('market.olList.formerTerms'),
            width: 200,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => <span data-testid={`ol-row-method-${o.id}`}>{termsLine(o)}</span>,
          },
        ]
      : [
          {
            key: 'method',
            title: t('market.ol.paymentMethod'),
            width: 120,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => <span data-testid={`ol-row-method-${o.id}`}>{ml.paymentMethod(o.paymentMethod)}</span>,
          },
          {
            key: 'fee',
            title: t('market.olList.fee'),
            sorter: true,
            sortOrder: table.sortOrder('fee'),
            width: 130,
            align: 'right' as const,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => <span style={{ whiteSpace: 'nowrap' }}>{fee(o)}</span>,
          },
          {
            key: 'royalty',
            title: t('market.ol.royalty'),
            sorter: true,
            sortOrder: table.sortOrder('royalty'),
            width: 110,
            align: 'right' as const,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => (o.royaltyBp ? pct(o.royaltyBp) : '—'),
          },
          { key: 'term', title: t('market.ol.term'), width: 90, responsive: ['md' as const], render: (_: unknown, o: OpenLicence) => t('market.ol.months', { n: o.termMonths }) },
        ]),
    {
      key: 'licensees',
      title: t('market.olList.licensees'),
      width: 90,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, o) => <span data-testid={`ol-row-licensees-${o.id}`}>{o.licensees}</span>,
    },
    ...(withdrawn
      ? [
          {
            key: 'withdrawnAt',
            title: t('market.olList.withdrawnAt'),
            width: 140,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(o.withdrawnAt)}</span>,
          },
          {
            key: 'reason',
            title: t('market.ol.withdrawalReason'),
            width: 240,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => <span data-testid={`ol-row-reason-${o.id}`}>{o.withdrawalReason}</span>,
          },
        ]
      : [
          {
            key: 'declaredAt',
            title: t('market.ol.declaredAt'),
            sorter: true,
            sortOrder: table.sortOrder('declaredAt'),
            width: 120,
            responsive: ['md' as const],
            render: (_: unknown, o: OpenLicence) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(o.declaredAt)}</span>,
          },
        ]),
  ];

  return (
    <div>
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid={`ol-filters-${props.status}`}>
        <Select
          allowClear
          placeholder={t('market.ol.paymentMethod')}
          value={paymentMethod}
          onChange={(v) => {
            setPaymentMethod(v);
            table.setPage(1);
          }}
          options={PAYMENT_METHODS.map((m) => ({ value: m, label: ml.paymentMethod(m) }))}
          optionRender={optionTestIds(`ol-filter-method-opt`)}
          style={{ width: isPhone ? 'calc(50% - 4px)' : 160 }}
          popupMatchSelectWidth={false}
          data-testid="ol-filter-method"
        />
        <div style={{ width: isPhone ? 'calc(50% - 4px)' : 260 }}>
          <OrgSelect
            testId="ol-filter-owner"
            allowClear
            excludeTypes={['government_department']}
            placeholder={t('market.olList.owner')}
            value={ownerOrgId}
            onChange={(v) => {
              setOwnerOrgId(v);
              table.setPage(1);
            }}
          />
        </div>
        {isPhone ? (
          <Select
            value={table.sort}
            onChange={(v) => table.onChange({ current: 1 }, {}, { columnKey: v.replace('-', ''), order: v.startsWith('-') ? 'descend' : 'ascend' }, { action: 'sort', currentDataSource: [] })}
            options={['-declaredAt', 'declaredAt', '-fee', 'fee', '-royalty', 'royalty'].map((s) => ({ value: s, label: (t as (k: string) => string)(`market.olList.sorts.${s}`) }))}
            style={{ width: '100%' }}
            data-testid="ol-sort"
            aria-label={t('market.search.sort')}
          />
        ) : null}
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        </Tooltip>
      </Flex>
      <div data-testid={`ol-table-${props.status}`}>
        <Table<OpenLicence>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onChange={table.onChange}
          showSorterTooltip={{ target: 'sorter-icon' }}
          onRow={(o) => rowTestId('ol-row', o.id)}
          scroll={{ x: isPhone ? undefined : 1000 }}
          pagination={table.pagination(list.data?.total)}
        />
      </div>
    </div>
  );
}
