// The organisation's portfolio (机构成果组合): its own results and demands, drafts included, with
// status and open-licence state and the publish / withdraw actions; the licences it granted and
// the contracts it is party to (as licensor or licensee, linking to the contract pages); figures
// and a chart — results by maturity (TRL) and type, or contract amounts due vs paid by month.
import { useMemo, useState } from 'react';
import { Button, Card, Col, Flex, Popconfirm, Row, Segmented, Statistic, Tabs, Tooltip, Typography, type TableProps } from 'antd';
import { BulbOutlined, EditOutlined, PlusOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useMe } from '../../app/session';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { EChart, type BarChartOption } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { SourceLinksPanel } from './SourceLinksPanel';
import { useFeedback } from '../../components/feedback';
import { ListPage } from '../../components/ListPage';
import { LISTING_STATUSES, RESULT_TYPES, marketApi, type Contract, type Listing, type ListingQuery, type ListingSearch } from '../../api/transfer';
import { ListingFormModal } from './ListingFormModal';
import { MStatusTag, OpenLicenceTag, ResultTypeTag, useMarketLabels, useTermsLine } from './shared';

type Tab = 'results' | 'demands' | 'licensor' | 'licensee' | 'sources';

export default function PortfolioPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const me = useMe().data;
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<{ kind: 'result' | 'demand'; listing?: Listing } | null>(null);
  const isPhone = useIsPhone();
  // Demands are an enterprise's; others see theirs only if they have some (e.g. imported).
  // Organisation admins also decide which other markets may name the organisation as an owner.
  const tabs: Tab[] = [
    ...(access.canPostDemands ? (['results', 'demands', 'licensor', 'licensee'] as Tab[]) : (['results', 'licensor', 'licensee'] as Tab[])),
    ...(me?.role === 'org_admin' ? (['sources'] as Tab[]) : []),
  ];

  // The whole portfolio for the figures and the chart (up to 200 of each).
  const allResults = useQuery({
    queryKey: ['portfolio', 'all-results'],
    queryFn: ({ signal }) => marketApi.results({ mine: true, pageSize: 200, facets: false, sort: 'newest' }, signal),
  });
  const allDemands = useQuery({
    queryKey: ['portfolio', 'all-demands'],
    queryFn: ({ signal }) => marketApi.demands({ mine: true, pageSize: 1, facets: false }, signal),
  });
  const allContracts = useQuery({
    queryKey: ['portfolio', 'all-contracts'],
    queryFn: ({ signal }) => marketApi.contracts({ pageSize: 200, sort: '-createdAt' }, signal),
  });
  const mineOnly = (c: Contract) => !!me && (c.licensorOrgId === me.organization.id || c.licenseeOrgId === me.organization.id);
  const contracts = (allContracts.data?.items ?? []).filter(mineOnly);
  const granted = contracts.filter((c) => c.licensorOrgId === me?.organization.id);
  const obtained = contracts.filter((c) => c.licenseeOrgId === me?.organization.id);
  const results = allResults.data?.items ?? [];
  const openLicences = results.filter((r) => r.openLicence).length;
  // An enterprise without results of its own starts on its demands.
  const defaultTab: Tab = access.canPostDemands && allResults.data?.total === 0 ? 'demands' : 'results';
  const tab = (tabs.includes(params.get('tab') as Tab) ? params.get('tab') : defaultTab) as Tab;

  const onSaved = () => {
    setForm(null);
    void qc.invalidateQueries({ queryKey: ['portfolio'] });
    void qc.invalidateQueries({ queryKey: ['market'] });
  };

  return (
    <div data-testid="portfolio-page">
      <PageHeader
        title={t('market.portfolio.title')}
        subtitle={me ? t('market.portfolio.subtitle', { org: me.organization.name }) : undefined}
        extra={
          <>
            {access.canPostResults ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'result' })} data-testid="portfolio-post-result">
                {t('market.postResult')}
              </Button>
            ) : null}
            {access.canPostDemands ? (
              <Button icon={<BulbOutlined />} onClick={() => setForm({ kind: 'demand' })} data-testid="portfolio-post-demand">
                {t('market.postDemand')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="portfolio-figures">
        {[
          { key: 'results', label: t('market.portfolio.figResults'), value: allResults.data?.total ?? '—' },
          { key: 'published', label: t('market.portfolio.figPublished'), value: results.filter((r) => r.status === 'published').length },
          { key: 'open', label: t('market.portfolio.figOpenLicences'), value: openLicences },
          ...(access.canPostDemands ? [{ key: 'demands', label: t('market.portfolio.figDemands'), value: allDemands.data?.total ?? '—' }] : []),
          { key: 'contracts', label: t('market.portfolio.figContracts'), value: contracts.length },
          granted.length || !obtained.length
            ? { key: 'received', label: t('market.portfolio.figReceived'), value: formatFen(granted.reduce((a, c) => a + c.paidFen + c.compensatedFen, 0)) }
            : { key: 'paid', label: t('market.portfolio.figPaid'), value: formatFen(obtained.reduce((a, c) => a + c.paidFen, 0)) },
        ].map((f) => (
          <Col key={f.key} xs={8} sm={8} xl={4}>
            <Card size="small" styles={{ body: { padding: isPhone ? '6px 10px' : '10px 14px' } }} style={{ height: '100%' }}>
              <Statistic
                title={<span style={{ fontSize: isPhone ? 12 : undefined }}>{f.label}</span>}
                value={f.value}
                styles={{ content: { fontSize: isPhone ? 16 : 20 } }}
                data-testid={`portfolio-fig-${f.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <PortfolioChart results={results} contracts={contracts} />
      <Card styles={{ body: { paddingTop: 4 } }} style={{ marginTop: 16 }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === defaultTab ? {} : { tab: k }, { replace: true })}
          destroyOnHidden
          size={isPhone ? 'small' : undefined}
          tabBarGutter={isPhone ? 14 : undefined}
          items={[
            {
              key: 'results',
              label: <span data-testid="portfolio-tab-results">{t('market.portfolio.results')}</span>,
              children: <OwnListings kind="result" onEdit={(l) => setForm({ kind: 'result', listing: l })} />,
            },
            ...(tabs.includes('demands')
              ? [
                  {
                    key: 'demands',
                    label: <span data-testid="portfolio-tab-demands">{t('market.portfolio.demands')}</span>,
                    children: <OwnListings kind="demand" onEdit={(l) => setForm({ kind: 'demand', listing: l })} />,
                  },
                ]
              : []),
            {
              key: 'licensor',
              label: <span data-testid="portfolio-tab-licensor">{t('market.portfolio.granted')}</span>,
              children: <ContractsTable role="licensor" />,
            },
            {
              key: 'licensee',
              label: <span data-testid="portfolio-tab-licensee">{t('market.portfolio.obtained')}</span>,
              children: <ContractsTable role="licensee" />,
            },
            ...(tabs.includes('sources')
              ? [{ key: 'sources', label: <span data-testid="portfolio-tab-sources">{t('market.portfolio.sources')}</span>, children: <SourceLinksPanel /> }]
              : []),
          ]}
        />
      </Card>
      <ListingFormModal kind={form?.kind ?? 'result'} open={form !== null} listing={form?.listing} onClose={() => setForm(null)} onSaved={onSaved} />
    </div>
  );
}

function PortfolioChart(props: { results: Listing[]; contracts: Contract[] }) {
  const { t, i18n } = useTranslation();
  const ml = useMarketLabels();
  const [chosen, setView] = useState<'trl' | 'money' | null>(null);
  // Without results of its own (an enterprise), the contracts are what there is to show.
  const view = chosen ?? (props.results.length === 0 && props.contracts.length ? 'money' : 'trl');
  const option = useMemo<BarChartOption>(() => {
    if (view === 'trl') {
      const types = RESULT_TYPES.filter((ty) => props.results.some((r) => r.resultType === ty));
      const levels = ['—', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
      const used = levels.filter((lv) => props.results.some((r) => (r.trl == null ? '—' : String(r.trl)) === lv));
      const cats = used.length ? used : levels.slice(1);
      return {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'plain', itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
        grid: { left: 36, right: 12, top: 48, bottom: 28 },
        xAxis: { type: 'category', data: cats.map((c) => (c === '—' ? t('market.portfolio.noTrl') : `TRL ${c}`)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: types.map((ty) => ({
          name: ml.resultType(ty),
          type: 'bar',
          stack: 'n',
          barMaxWidth: 36,
          data: cats.map((c) => props.results.filter((r) => r.resultType === ty && (r.trl == null ? '—' : String(r.trl)) === c).length),
        })),
      } as BarChartOption;
    }
    // Contract amounts, contract by contract (newest last): due vs paid (pool compensation counted as paid).
    const list = props.contracts
      .filter((c) => c.status !== 'proposed' && c.status !== 'cancelled')
      .slice(0, 12)
      .reverse();
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => formatFen(Math.round(Number(v) * 100)),
      },
      legend: { top: 0, itemWidth: 12, itemHeight: 8 },
      grid: { left: 70, right: 12, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: list.map((c) => c.contractNo.replace(/^YRD-TT-/, '')) },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => (v >= 10000 ? (i18n.language === 'en' ? `¥${v / 1000}k` : `¥${v / 10000}万`) : `¥${v}`) },
      },
      series: [
        { name: t('market.portfolio.due'), type: 'bar', barMaxWidth: 32, itemStyle: { color: '#2f6fed' }, data: list.map((c) => c.totalDueFen / 100) },
        {
          name: t('market.portfolio.paid'),
          type: 'bar',
          barMaxWidth: 32,
          itemStyle: { color: '#52c41a' },
          data: list.map((c) => (c.paidFen + c.compensatedFen) / 100),
        },
      ],
    } as BarChartOption;
  }, [view, props.results, props.contracts, t, ml, i18n.language]);
  const empty = view === 'trl' ? props.results.length === 0 : !props.contracts.some((c) => c.status !== 'proposed' && c.status !== 'cancelled');
  return (
    <Card
      size="small"
      title={view === 'trl' ? t('market.portfolio.chartTrl') : t('market.portfolio.chartMoney')}
      extra={
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as 'trl' | 'money')}
          options={[
            { value: 'trl', label: <span data-testid="portfolio-chart-trl">{t('market.portfolio.chartTrlShort')}</span> },
            { value: 'money', label: <span data-testid="portfolio-chart-money">{t('market.portfolio.chartMoneyShort')}</span> },
          ]}
        />
      }
      data-testid="portfolio-chart"
    >
      {empty ? (
        <Typography.Text type="secondary">{t('market.portfolio.chartEmpty')}</Typography.Text>
      ) : (
        <EChart
          option={option}
          height={240}
          testId="portfolio-echart"
          ariaLabel={view === 'trl' ? t('market.portfolio.chartTrl') : t('market.portfolio.chartMoney')}
        />
      )}
    </Card>
  );
}

const LISTING_PARAMS = { q: 'string', status: 'string', resultType: 'string' } as const;

function OwnListings(props: { kind: 'result' | 'demand'; onEdit: (l: Listing) => void }) {
  const { t } = useTranslation();
  const ml = useMarketLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const isResult = props.kind === 'result';
  const change = useMutation({
    mutationFn: (v: { l: Listing; status: 'published' | 'withdrawn' }) =>
      isResult ? marketApi.updateResult(v.l.id, { status: v.status }) : marketApi.updateDemand(v.l.id, { status: v.status }),
    onSuccess: (l) => {
      fb.success(l.status === 'published' ? t('market.form.published') : t('market.listing.withdrawnDone'));
      void qc.invalidateQueries({ queryKey: ['portfolio'] });
      void qc.invalidateQueries({ queryKey: ['market'] });
    },
    onError: (err) => fb.error(err),
  });

  const actions = (l: Listing) =>
    l.source !== 'yrd' ? null : (
      <Flex gap={4} wrap>
        <Tooltip title={t('common.edit')}>
          <Button size="small" icon={<EditOutlined />} onClick={() => props.onEdit(l)} aria-label={t('common.edit')} data-testid={`portfolio-edit-${l.id}`} />
        </Tooltip>
        {l.status !== 'published' ? (
          <Button size="small" icon={<UploadOutlined />} onClick={() => change.mutate({ l, status: 'published' })} data-testid={`portfolio-publish-${l.id}`}>
            {t('market.listing.publish')}
          </Button>
        ) : (
          <Popconfirm
            title={t('market.listing.withdrawConfirm')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ 'data-testid': `portfolio-withdraw-confirm-${l.id}` }}
            onConfirm={() => change.mutateAsync({ l, status: 'withdrawn' }).catch(() => undefined)}
          >
            <Button size="small" danger icon={<StopOutlined />} data-testid={`portfolio-withdraw-${l.id}`}>
              {t('market.listing.withdraw')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    );

  const columns: TableProps<Listing>['columns'] = [
    {
      key: 'title',
      title: isResult ? t('market.result.title') : t('market.demand.title'),
      sorter: true,
      width: isPhone ? undefined : 320,
      render: (_: unknown, l) => (
        <Flex vertical gap={4} align="flex-start">
          <Link
            to={isResult ? `/market/results/${l.id}` : `/market/demands/${l.id}`}
            style={{ fontWeight: 600, whiteSpace: 'normal' }}
            data-testid={`portfolio-link-${l.id}`}
          >
            {l.title}
          </Link>
          <Flex gap={4} wrap align="center">
            {isResult ? <ResultTypeTag type={l.resultType} /> : null}
            {isPhone ? <MStatusTag status={l.status} label={ml.status(l.status)} /> : null}
            {isPhone && l.openLicence ? <OpenLicenceTag testId={`portfolio-ol-${l.id}`} /> : null}
            {l.applicationNo ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <code>{l.applicationNo}</code>
              </Typography.Text>
            ) : null}
          </Flex>
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {isResult
                  ? l.askingPriceFen != null
                    ? formatFen(l.askingPriceFen)
                    : t('market.result.negotiable')
                  : l.budgetFen != null
                    ? formatFen(l.budgetFen)
                    : '—'}
                {isResult && l.trl != null ? ` · TRL ${l.trl}` : ''}
                {!isResult && l.deadline ? ` · ${t('market.demand.deadlineOn', { date: l.deadline })}` : ''}
              </Typography.Text>
              {actions(l)}
            </>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 90,
      responsive: ['sm'],
      render: (_: unknown, l) => <MStatusTag status={l.status} label={ml.status(l.status)} testId={`portfolio-status-${l.id}`} />,
    },
    ...(isResult
      ? [
          {
            key: 'openLicence',
            title: t('market.portfolio.olState'),
            width: 200,
            responsive: ['sm' as const],
            render: (_: unknown, l: Listing) => <OlState l={l} />,
          },
          { key: 'trl', title: 'TRL', sorter: true, width: 80, responsive: ['md' as const], render: (_: unknown, l: Listing) => l.trl ?? '—' },
        ]
      : []),
    {
      key: 'price',
      title: isResult ? t('market.result.askingPrice') : t('market.demand.budget'),
      sorter: true,
      width: 140,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, l) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {isResult
            ? l.askingPriceFen != null
              ? formatFen(l.askingPriceFen)
              : t('market.result.negotiable')
            : l.budgetFen != null
              ? formatFen(l.budgetFen)
              : '—'}
        </span>
      ),
    },
    ...(!isResult
      ? [
          {
            key: 'deadline',
            title: t('market.demand.deadline'),
            sorter: true,
            width: 120,
            responsive: ['sm' as const],
            render: (_: unknown, l: Listing) => l.deadline ?? '—',
          },
        ]
      : []),
    {
      key: 'updatedAt',
      title: t('common.updatedAt'),
      width: 120,
      responsive: ['lg'],
      render: (_: unknown, l) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(l.updatedAt)}</span>,
    },
    { key: 'actions', title: t('common.actions'), width: 190, responsive: ['sm'], render: (_: unknown, l) => actions(l) },
  ];

  return (
    <ListPage<Listing, typeof LISTING_PARAMS>
      testPrefix={`portfolio-${props.kind}s`}
      queryKey={['portfolio', props.kind]}
      fetch={(q, signal): Promise<ListingSearch> => {
        const query: ListingQuery = { ...q, mine: true, resultType: isResult ? q.resultType : undefined, sort: q.sort ?? 'newest', facets: false };
        return isResult ? marketApi.results(query, signal) : marketApi.demands(query, signal);
      }}
      params={LISTING_PARAMS}
      filters={[
        { kind: 'search', key: 'q', testId: `portfolio-${props.kind}-q`, placeholder: t('market.portfolio.searchPlaceholder') },
        {
          kind: 'select',
          key: 'status',
          testId: `portfolio-${props.kind}-status`,
          placeholder: t('common.status'),
          options: LISTING_STATUSES.map((s) => ({ value: s, label: ml.status(s) })),
        },
        isResult && {
          kind: 'select',
          key: 'resultType',
          testId: 'portfolio-result-type',
          placeholder: t('market.result.type'),
          width: 140,
          wideOptions: true,
          options: RESULT_TYPES.map((v) => ({ value: v, label: ml.resultType(v) })),
        },
      ]}
      refresh={false}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="portfolio-row"
      scrollX={1000}
    />
  );
}

function OlState(props: { l: Listing }) {
  const { t } = useTranslation();
  const termsLine = useTermsLine();
  const ol = props.l.openLicence;
  if (!ol) return <Typography.Text type="secondary">{t('market.portfolio.olNone')}</Typography.Text>;
  return (
    <Flex vertical gap={2} align="flex-start">
      <OpenLicenceTag testId={`portfolio-ol-${props.l.id}`} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {termsLine(ol)}
      </Typography.Text>
    </Flex>
  );
}

const CONTRACT_PARAMS = { status: 'string' } as const;

function ContractsTable(props: { role: 'licensor' | 'licensee' }) {
  const { t } = useTranslation();
  const ml = useMarketLabels();
  const isPhone = useIsPhone();
  const party = (c: Contract) => (props.role === 'licensor' ? c.licenseeName : c.licensorName);
  const columns: TableProps<Contract>['columns'] = [
    {
      key: 'contract',
      title: t('market.portfolio.contract'),
      width: isPhone ? undefined : 300,
      render: (_: unknown, c) => (
        <Flex vertical gap={2} align="flex-start">
          <Link to={`/market/contracts/${c.id}`} data-testid={`portfolio-contract-link-${c.id}`} style={{ fontWeight: 600 }}>
            {c.contractNo}
          </Link>
          <Link to={`/market/results/${c.listingId}`} style={{ whiteSpace: 'normal', fontSize: 13 }}>
            {c.listingTitle}
          </Link>
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {party(c)} · {ml.via(c.via)}
              </Typography.Text>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('market.portfolio.dueShort', { due: formatFen(c.totalDueFen), paid: formatFen(c.paidFen + c.compensatedFen) })}
              </Typography.Text>
              <MStatusTag status={c.status} label={ml.contractStatus(c.status)} />
            </>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'party',
      title: props.role === 'licensor' ? t('market.portfolio.licensee') : t('market.portfolio.licensor'),
      width: 200,
      responsive: ['sm'],
      render: (_: unknown, c) => <span style={{ whiteSpace: 'normal' }}>{party(c)}</span>,
    },
    {
      key: 'via',
      title: t('market.portfolio.via'),
      width: 150,
      responsive: ['md'],
      render: (_: unknown, c) => (
        <Flex vertical gap={0}>
          <span>{ml.via(c.via)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {ml.paymentMode(c.paymentMode)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'price',
      title: t('market.portfolio.price'),
      sorter: true,
      width: 140,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(c.priceFen)}</span>,
    },
    {
      key: 'paid',
      title: t('market.portfolio.duePaid'),
      width: 170,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, c) => (
        <Flex vertical gap={0} align="flex-end">
          <span style={{ whiteSpace: 'nowrap' }}>{formatFen(c.totalDueFen)}</span>
          <Typography.Text type="success" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
            {formatFen(c.paidFen + c.compensatedFen)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'nextDue',
      title: t('market.portfolio.nextDue'),
      width: 170,
      responsive: ['lg'],
      render: (_: unknown, c) =>
        c.nextDue ? (
          <Flex vertical gap={0}>
            <span style={{ whiteSpace: 'nowrap' }}>{formatFen(c.nextDue.amountFen)}</span>
            <Typography.Text type={c.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {c.nextDue.dueAt ? formatDate(c.nextDue.dueAt) : c.nextDue.label}
            </Typography.Text>
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      responsive: ['sm'],
      render: (_: unknown, c) => <MStatusTag status={c.status} label={ml.contractStatus(c.status)} testId={`portfolio-contract-status-${c.id}`} />,
    },
    {
      key: 'signedAt',
      title: t('market.portfolio.signedAt'),
      sorter: true,
      width: 110,
      responsive: ['xxl'],
      render: (_: unknown, c) => (c.signedAt ? formatDate(c.signedAt) : '—'),
    },
  ];
  return (
    <ListPage<Contract, typeof CONTRACT_PARAMS>
      testPrefix={`portfolio-${props.role}`}
      queryKey={['portfolio', 'contracts', props.role]}
      fetch={(q, signal) => marketApi.contracts({ ...q, role: props.role }, signal)}
      params={CONTRACT_PARAMS}
      defaultSort="-createdAt"
      filters={[
        {
          kind: 'select',
          key: 'status',
          testId: `portfolio-${props.role}-status`,
          placeholder: t('common.status'),
          width: 140,
          phoneWidth: '100%',
          options: ['proposed', 'active', 'completed', 'defaulted', 'terminated', 'cancelled'].map((s) => ({ value: s, label: ml.contractStatus(s) })),
        },
      ]}
      refresh={false}
      reset={false}
      toolbar={<Link to="/market/contracts">{t('market.portfolio.allContracts')}</Link>}
      columns={columns}
      rowKey="id"
      rowTestId="portfolio-contract"
    />
  );
}
