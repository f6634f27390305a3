// Open patent licences (专利开放许可): the declarations in force — patent, patentee, payment method,
// fee or royalty, term, how many licensees — filterable by payment method and patentee, sortable
// by declaration date, fee and royalty, paged; and the announcements of withdrawn declarations.
import { Card, Flex, Tabs, Typography, type TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { ListPage } from '../../components/ListPage';
import { PAYMENT_METHODS, marketApi, type OpenLicence } from '../../api/transfer';
import { ResultTypeTag, pct, useMarketLabels, useTermsLine } from './shared';
import { OrgSelect } from '../../components/OrganizationSelect';

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
            {
              key: 'withdrawn',
              label: <span data-testid="ol-tab-withdrawn">{t('market.olList.withdrawn')}</span>,
              children: <OpenLicenceTable status="withdrawn" />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

const PARAMS = { paymentMethod: 'string', ownerOrgId: 'number' } as const;

function OpenLicenceTable(props: { status: Status }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const ml = useMarketLabels();
  const isPhone = useIsPhone();
  const withdrawn = props.status === 'withdrawn';

  const termsLine = useTermsLine();
  const fee = (o: OpenLicence) =>
    o.paymentMethod === 'one_off' || o.paymentMethod === 'entry_royalty' ? formatFen(o.feeFen) : o.paymentMethod === 'free' ? formatFen(0) : '—';

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
            width: 130,
            align: 'right' as const,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => <span style={{ whiteSpace: 'nowrap' }}>{fee(o)}</span>,
          },
          {
            key: 'royalty',
            title: t('market.ol.royalty'),
            sorter: true,
            width: 110,
            align: 'right' as const,
            responsive: ['sm' as const],
            render: (_: unknown, o: OpenLicence) => (o.royaltyBp ? pct(o.royaltyBp) : '—'),
          },
          {
            key: 'term',
            title: t('market.ol.term'),
            width: 90,
            responsive: ['md' as const],
            render: (_: unknown, o: OpenLicence) => t('market.ol.months', { n: o.termMonths }),
          },
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
            width: 120,
            responsive: ['md' as const],
            render: (_: unknown, o: OpenLicence) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(o.declaredAt)}</span>,
          },
        ]),
  ];

  return (
    <ListPage<OpenLicence, typeof PARAMS>
      testPrefix={`ol-${props.status}`}
      filtersTestId={`ol-filters-${props.status}`}
      tableTestId={`ol-table-${props.status}`}
      queryKey={['open-licences']}
      fetch={(q, signal) => marketApi.openLicences({ ...q, status: props.status }, signal)}
      params={PARAMS}
      defaultSort="-declaredAt"
      filters={[
        {
          kind: 'select',
          key: 'paymentMethod',
          testId: 'ol-filter-method',
          placeholder: t('market.ol.paymentMethod'),
          width: 160,
          wideOptions: true,
          options: PAYMENT_METHODS.map((m) => ({ value: m, label: ml.paymentMethod(m) })),
        },
        {
          kind: 'custom',
          key: 'ownerOrgId',
          testId: 'ol-filter-owner',
          render: ({ value, onChange, testId }) => (
            <div style={{ width: isPhone ? 'calc(50% - 4px)' : 260 }}>
              <OrgSelect
                testId={testId}
                allowClear
                excludeTypes={['government_department']}
                placeholder={t('market.olList.owner')}
                value={value as number | undefined}
                onChange={(v) => onChange(v)}
              />
            </div>
          ),
        },
        {
          kind: 'sort',
          key: 'sort',
          testId: 'ol-sort',
          phoneOnly: true,
          ariaLabel: t('market.search.sort'),
          options: ['-declaredAt', 'declaredAt', '-fee', 'fee', '-royalty', 'royalty'].map((s) => ({
            value: s,
            label: (t as (k: string) => string)(`market.olList.sorts.${s}`),
          })),
        },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="ol-row"
      scrollX={1000}
    />
  );
}
