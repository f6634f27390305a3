// The technology market's home: one search box over results (科技成果) and demands (技术需求) —
// tabs with their totals — Chinese full-text search with highlighted hits, facets as clickable
// counts, filters (type, jurisdiction, IPC, TRL ≥, price in yuan, open licence only, field),
// sorting and paging, all done by the server. The search lives in the address, so Back returns
// to it. Organisations post results and enterprises post demands from here.
import { useState, type ReactNode } from 'react';
import { Button, Card, Flex, Input, Select, Switch, Tabs, Tag, Typography } from 'antd';
import { BulbOutlined, EnvironmentOutlined, PlusOutlined, RightOutlined, UnlockOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { FacetGroup, PriceRange, SearchBox, SearchResults, useListState } from '../../components/ListPage';
import { optionTestIds } from '../../components/testids';
import {
  DEMAND_SORTS,
  RESULT_SORTS,
  RESULT_TYPES,
  TRANSFER_MODES,
  TRL_LEVELS,
  marketApi,
  type Facet,
  type Listing,
  type ListingQuery,
  type ListingSearch,
} from '../../api/transfer';
import { ListingFormModal } from './ListingFormModal';
import { Highlighted } from '../../components/Highlighted';
import { FieldTags, OpenLicenceTag, ResultTypeTag, WordTags, pct, useMarketLabels } from './shared';

const PAGE_SIZES = [10, 20, 50];
type Tab = 'results' | 'demands';
/** Parameters kept in the address; those of one tab are dropped when switching to the other. */
const RESULT_ONLY = ['resultType', 'ipc', 'trlMin', 'openLicence', 'transferMode'] as const;
const DEMAND_ONLY = ['field'] as const;

const PARAMS = {
  tab: 'string',
  q: 'string',
  jurisdiction: 'string',
  priceMin: 'number',
  priceMax: 'number',
  resultType: 'string',
  ipc: 'string',
  trlMin: 'number',
  openLicence: 'boolean',
  transferMode: 'string',
  field: 'string',
} as const;

function useMarketParams() {
  const list = useListState({ params: PARAMS });
  const { tab: rawTab, resultType, ipc, trlMin, openLicence, transferMode, field, ...common } = list.query;
  const tab: Tab = rawTab === 'demands' ? 'demands' : 'results';
  const query: ListingQuery = {
    ...common,
    ...(tab === 'results' ? { resultType, ipc, trlMin, openLicence: openLicence ? true : undefined, transferMode } : { field }),
  };
  const setTab = (t: Tab) =>
    list.update({
      tab: t === 'demands' ? 'demands' : undefined,
      sort: undefined,
      ...Object.fromEntries([...RESULT_ONLY, ...DEMAND_ONLY].map((k) => [k, undefined])),
    });
  // Clearing keeps the tab.
  const reset = () => list.reset(tab === 'demands' ? { tab: 'demands' } : undefined);
  return { tab, query, update: list.update, setTab, reset };
}

/** Pages offered through an estimated total: the first 5 000 matches (the best, in the chosen order). */
const APPROXIMATE_PAGES_OF = 5000;

export default function MarketPage() {
  const { t, i18n } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const values = useOptionValues();
  const ml = useMarketLabels();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { tab, query, update, setTab, reset } = useMarketParams();
  const [form, setForm] = useState<'result' | 'demand' | null>(null);
  const w = (desktop: number | string) => (isPhone ? 'calc(50% - 4px)' : desktop);

  const list = useQuery({
    queryKey: ['market', tab, query],
    queryFn: ({ signal }): Promise<ListingSearch> =>
      tab === 'results' ? marketApi.results({ ...query, facets: true }, signal) : marketApi.demands({ ...query, facets: true }, signal),
    placeholderData: keepPreviousData,
  });
  // The other tab's total for the same words.
  const other = useQuery({
    queryKey: ['market', tab === 'results' ? 'demands' : 'results', 'count', query.q ?? ''],
    queryFn: ({ signal }): Promise<ListingSearch> =>
      tab === 'results'
        ? marketApi.demands({ q: query.q, pageSize: 1, facets: false }, signal)
        : marketApi.results({ q: query.q, pageSize: 1, facets: false }, signal),
    placeholderData: keepPreviousData,
  });
  const data = list.data && (tab === 'results') === 'resultType' in list.data.facets ? list.data : undefined;
  // Over a large match set the server estimates the total and facet counts: shown rounded, as "about".
  const compact = new Intl.NumberFormat(i18n.language.startsWith('zh') ? 'zh-CN' : 'en', { notation: 'compact', maximumSignificantDigits: 2 });
  const count = (n: number, approximate: boolean | undefined) => (approximate ? t('market.search.about', { n: compact.format(n) }) : String(n));
  const shown = (d: ListingSearch | undefined) => (d ? count(d.total, d.totalApproximate) : undefined);
  const totals = { results: tab === 'results' ? shown(data) : shown(other.data), demands: tab === 'demands' ? shown(data) : shown(other.data) };
  const sorts = tab === 'results' ? RESULT_SORTS : DEMAND_SORTS;

  const facetLabel = (key: string, v: string) =>
    key === 'resultType' ? ml.resultType(v) : key === 'jurisdiction' ? labels.jurisdiction(v) : key === 'trl' ? `TRL ${v}` : key === 'field' ? ml.field(v) : v;

  const facetGroup = (key: string, param: string, title: string, items: Facet[] | undefined, hint?: string) => {
    const current = (query as Record<string, unknown>)[param];
    return (
      <FacetGroup
        key={key}
        facet={key}
        title={title}
        hint={hint}
        items={key === 'trl' ? [...(items ?? [])].sort((a, b) => Number(a.value) - Number(b.value)) : items}
        checked={(v) => current !== undefined && String(current) === v}
        onToggle={(v, checked) => update({ [param]: checked ? undefined : v })}
        label={(v) => facetLabel(key, v)}
        count={(n) => count(n, data?.facetsApproximate)}
      />
    );
  };

  const f = data?.facets;
  const facets = (
    <div data-testid="market-facets">
      {tab === 'results' ? (
        <>
          {facetGroup('resultType', 'resultType', t('market.result.type'), f?.resultType)}
          {facetGroup('jurisdiction', 'jurisdiction', t('market.listing.jurisdiction'), f?.jurisdiction)}
          {facetGroup('ipc', 'ipc', t('market.search.ipcSubclass'), f?.ipc)}
          {facetGroup('trl', 'trlMin', t('market.result.trl'), f?.trl, t('market.search.trlFacetHint'))}
        </>
      ) : (
        <>
          {facetGroup('jurisdiction', 'jurisdiction', t('market.listing.jurisdiction'), f?.jurisdiction)}
          {facetGroup('field', 'field', t('market.listing.fields'), f?.field)}
        </>
      )}
    </div>
  );

  const hasFilters = Object.entries(query).some(([k, v]) => !['page', 'pageSize', 'sort'].includes(k) && v !== undefined);
  const priceLabel = tab === 'results' ? t('market.result.askingPrice') : t('market.demand.budget');

  const filters = (
    <Flex wrap gap={8} data-testid="market-filters">
      {tab === 'results' ? (
        <Select
          aria-label={t('market.result.type')}
          allowClear
          placeholder={t('market.result.type')}
          value={query.resultType}
          onChange={(v) => update({ resultType: v })}
          options={RESULT_TYPES.map((v) => ({ value: v, label: ml.resultType(v) }))}
          optionRender={optionTestIds('market-filter-type-opt')}
          style={{ width: w(150) }}
          popupMatchSelectWidth={false}
          data-testid="market-filter-type"
        />
      ) : null}
      <Select
        aria-label={t('market.listing.jurisdiction')}
        allowClear
        placeholder={t('market.listing.jurisdiction')}
        value={query.jurisdiction}
        onChange={(v) => update({ jurisdiction: v })}
        options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
        optionRender={optionTestIds('market-filter-jurisdiction-opt')}
        style={{ width: w(150) }}
        data-testid="market-filter-jurisdiction"
      />
      {tab === 'results' ? (
        <>
          <Input
            allowClear
            placeholder={t('market.search.ipcPlaceholder')}
            defaultValue={query.ipc}
            key={`ipc-${query.ipc ?? ''}`}
            onPressEnter={(e) => update({ ipc: (e.target as HTMLInputElement).value.trim() || undefined })}
            onBlur={(e) => {
              const v = e.target.value.trim() || undefined;
              if (v !== query.ipc) update({ ipc: v });
            }}
            style={{ width: w(150) }}
            aria-label={t('market.listing.ipc')}
            data-testid="market-filter-ipc"
          />
          <Select
            aria-label={t('market.search.trlMin')}
            allowClear
            placeholder={t('market.search.trlMin')}
            value={query.trlMin}
            onChange={(v) => update({ trlMin: v })}
            options={TRL_LEVELS.map((n) => ({ value: n, label: `TRL ≥ ${n}` }))}
            optionRender={optionTestIds('market-filter-trl-opt')}
            style={{ width: w(150) }}
            data-testid="market-filter-trl"
          />
          <Select
            aria-label={t('market.result.transferModes')}
            allowClear
            placeholder={t('market.result.transferModes')}
            value={query.transferMode}
            onChange={(v) => update({ transferMode: v })}
            options={TRANSFER_MODES.map((m) => ({ value: m, label: ml.transferMode(m) }))}
            optionRender={optionTestIds('market-filter-mode-opt')}
            style={{ width: w(170) }}
            popupMatchSelectWidth={false}
            data-testid="market-filter-mode"
          />
        </>
      ) : (
        <Input
          allowClear
          placeholder={t('market.search.fieldPlaceholder')}
          defaultValue={query.field}
          key={`field-${query.field ?? ''}`}
          onPressEnter={(e) => update({ field: (e.target as HTMLInputElement).value.trim() || undefined })}
          onBlur={(e) => {
            const v = e.target.value.trim() || undefined;
            if (v !== query.field && (!v || /^\d{3,7}$/.test(v))) update({ field: v });
          }}
          style={{ width: w(180) }}
          aria-label={t('market.listing.fields')}
          data-testid="market-filter-field"
        />
      )}
      <PriceRange
        min={query.priceMin}
        max={query.priceMax}
        onChange={update}
        testPrefix="market-filter"
        minPlaceholder={`${priceLabel} ${t('market.search.min')}`}
        maxPlaceholder={t('market.search.max')}
        minLabel={`${priceLabel} ${t('market.search.min')}`}
        maxLabel={`${priceLabel} ${t('market.search.max')}`}
        widths={[150, 130]}
      />
      {tab === 'results' ? (
        <Flex align="center" gap={6}>
          <Switch
            size="small"
            checked={!!query.openLicence}
            onChange={(v) => update({ openLicence: v || undefined })}
            data-testid="market-filter-open-licence"
            aria-label={t('market.search.openLicenceOnly')}
          />
          <Typography.Text style={{ whiteSpace: 'nowrap' }}>
            <UnlockOutlined /> {t('market.search.openLicenceOnly')}
          </Typography.Text>
        </Flex>
      ) : null}
      {hasFilters ? (
        <Button onClick={() => reset()} data-testid="market-reset">
          {t('market.search.clear')}
        </Button>
      ) : null}
    </Flex>
  );

  const tabLabel = (k: Tab, label: string) => (
    <span data-testid={`market-tab-${k}`}>
      {label}
      <Typography.Text type="secondary" style={{ marginInlineStart: 6 }} data-testid={`market-tab-${k}-total`}>
        {totals[k] ?? '…'}
      </Typography.Text>
    </span>
  );

  return (
    <div data-testid="market-page" data-tab={tab}>
      <PageHeader
        testId="market-header"
        title={t('market.title')}
        subtitle={t('market.subtitle')}
        extra={
          <>
            {access.canPostResults ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm('result')} data-testid="market-post-result">
                {t('market.postResult')}
              </Button>
            ) : null}
            {access.canPostDemands ? (
              <Button icon={<BulbOutlined />} onClick={() => setForm('demand')} data-testid="market-post-demand">
                {t('market.postDemand')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { padding: isPhone ? 12 : 16, paddingBottom: 4 } }} style={{ marginBottom: 16 }}>
        <Flex vertical gap={10}>
          <SearchBox
            testPrefix="market"
            placeholder={t('market.search.placeholder')}
            q={query.q}
            onSearch={(q) => update({ q, sort: undefined })}
            sort={query.sort ?? (query.q ? 'relevance' : 'newest')}
            sorts={sorts.map((s) => ({ value: s, label: (t as (k: string) => string)(`market.sorts.${tab}.${s}`) }))}
            onSort={(sort) => update({ sort })}
            sortLabel={t('market.search.sort')}
          />
          {filters}
          <Tabs
            activeKey={tab}
            onChange={(k) => setTab(k as Tab)}
            style={{ marginBottom: 0 }}
            items={[
              { key: 'results', label: tabLabel('results', t('market.tabs.results')) },
              { key: 'demands', label: tabLabel('demands', t('market.tabs.demands')) },
            ]}
          />
        </Flex>
      </Card>

      <SearchResults<Listing>
        testPrefix="market"
        facetsTitle={t('market.search.facets')}
        facets={facets}
        matchedAny={data?.query.matchMode === 'any' ? t('market.search.matchAny', { words: data.query.words.join(t('common.listSep')) }) : null}
        total={
          data
            ? data.totalApproximate
              ? t('market.search.foundAbout', { total: compact.format(data.total) })
              : t('market.search.found', { total: data.total })
            : ''
        }
        loading={!data}
        fetching={list.isFetching}
        items={data?.items}
        empty={t('market.search.none')}
        card={(item) => (tab === 'results' ? <ResultCard item={item} /> : <DemandCard item={item} />)}
        page={query.page ?? 1}
        pageSize={query.pageSize ?? 20}
        pagedTotal={data ? (data.totalApproximate ? Math.min(data.total, APPROXIMATE_PAGES_OF) : data.total) : 0}
        pageSizes={PAGE_SIZES}
        showTotal={(n) => (data?.totalApproximate ? shown(data) : t('common.total', { total: n }))}
        onPage={(page, pageSize) => update({ page, pageSize })}
      />
      <ListingFormModal
        kind={form ?? 'result'}
        open={form !== null}
        onClose={() => setForm(null)}
        onSaved={(l) => {
          setForm(null);
          void qc.invalidateQueries({ queryKey: ['market'] });
          void qc.invalidateQueries({ queryKey: ['portfolio'] });
          navigate(l.kind === 'result' ? `/market/results/${l.id}` : `/market/demands/${l.id}`);
        }}
      />
    </div>
  );
}

function Fact(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    <span style={{ whiteSpace: 'nowrap', fontSize: 13 }} data-testid={props.testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {props.label}
      </Typography.Text>{' '}
      {props.children}
    </span>
  );
}

function ResultCard(props: { item: Listing }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const ml = useMarketLabels();
  const isPhone = useIsPhone();
  const r = props.item;
  const ol = r.openLicence;
  return (
    <Card size="small" hoverable data-testid={`result-card-${r.id}`} styles={{ body: { padding: 14 } }}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <Flex gap={8} align="center" wrap style={{ minWidth: 0, flex: '1 1 280px' }}>
            <ResultTypeTag type={r.resultType} />
            <Link to={`/market/results/${r.id}`} data-testid={`result-link-${r.id}`} style={{ fontSize: 16, fontWeight: 600, minWidth: 0 }}>
              <Highlighted segments={r.highlights?.title} fallback={r.title} testId={`result-title-${r.id}`} />
            </Link>
            {ol ? <OpenLicenceTag testId={`result-ol-${r.id}`} /> : null}
          </Flex>
          <Flex vertical align={isPhone ? 'flex-start' : 'flex-end'} gap={0} style={isPhone ? { width: '100%' } : undefined}>
            <Typography.Text strong style={{ fontSize: 15, whiteSpace: 'nowrap' }} data-testid={`result-price-${r.id}`}>
              {r.askingPriceFen != null ? formatFen(r.askingPriceFen) : t('market.result.negotiable')}
            </Typography.Text>
            {ol ? (
              <Typography.Text type="success" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {t('market.search.olTerms', {
                  terms: [ml.paymentMethod(ol.paymentMethod), ol.feeFen ? formatFen(ol.feeFen) : null, ol.royaltyBp ? pct(ol.royaltyBp) : null]
                    .filter(Boolean)
                    .join(' '),
                })}
              </Typography.Text>
            ) : null}
          </Flex>
        </Flex>
        <Flex gap={14} wrap style={{ rowGap: 2 }}>
          {r.applicationNo ? (
            <Fact label={t('market.result.applicationNoShort')} testId={`result-appno-${r.id}`}>
              <code>{r.applicationNo}</code>
              {r.patentStatus ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  ({ml.patentStatus(r.patentStatus)})
                </Typography.Text>
              ) : null}
            </Fact>
          ) : null}
          {r.trl != null ? (
            <Fact label="TRL" testId={`result-trl-${r.id}`}>
              {r.trl}
            </Fact>
          ) : null}
          {r.ipc.length ? (
            <Fact label="IPC">
              <span style={{ whiteSpace: 'normal' }}>{r.ipc.join('; ')}</span>
            </Fact>
          ) : null}
        </Flex>
        <Typography.Paragraph style={{ margin: 0, color: '#4a5568' }} ellipsis={{ rows: 2 }}>
          <Highlighted segments={r.highlights?.body} fallback={r.summary ?? ''} testId={`result-body-${r.id}`} />
        </Typography.Paragraph>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Flex gap={12} wrap style={{ fontSize: 13, minWidth: 0, rowGap: 4 }} align="center">
            <Typography.Text style={{ fontSize: 13 }} data-testid={`result-owner-${r.id}`}>
              {r.ownerName}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              <EnvironmentOutlined /> {labels.jurisdiction(r.jurisdictionCode)}
            </Typography.Text>
            {r.transferModes?.length ? <WordTags words={r.transferModes} label={ml.transferMode} /> : null}
          </Flex>
          <Link to={`/market/results/${r.id}`} data-testid={`result-open-${r.id}`}>
            {t('market.details')} <RightOutlined style={{ fontSize: 10 }} />
          </Link>
        </Flex>
      </Flex>
    </Card>
  );
}

function DemandCard(props: { item: Listing }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const d = props.item;
  return (
    <Card size="small" hoverable data-testid={`demand-card-${d.id}`} styles={{ body: { padding: 14 } }}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <Link to={`/market/demands/${d.id}`} data-testid={`demand-link-${d.id}`} style={{ fontSize: 16, fontWeight: 600, minWidth: 0, flex: '1 1 280px' }}>
            <Highlighted segments={d.highlights?.title} fallback={d.title} testId={`demand-title-${d.id}`} />
          </Link>
          <Flex vertical align={isPhone ? 'flex-start' : 'flex-end'} gap={0} style={isPhone ? { width: '100%' } : undefined}>
            <Typography.Text strong style={{ fontSize: 15, whiteSpace: 'nowrap' }} data-testid={`demand-budget-${d.id}`}>
              {d.budgetFen != null ? formatFen(d.budgetFen) : t('market.result.negotiable')}
            </Typography.Text>
            {d.deadline ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {t('market.demand.deadlineOn', { date: d.deadline })}
              </Typography.Text>
            ) : null}
          </Flex>
        </Flex>
        <Typography.Paragraph style={{ margin: 0, color: '#4a5568' }} ellipsis={{ rows: 2 }}>
          <Highlighted segments={d.highlights?.body} fallback={d.problem ?? ''} testId={`demand-body-${d.id}`} />
        </Typography.Paragraph>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Flex gap={12} wrap style={{ fontSize: 13, minWidth: 0, rowGap: 4 }} align="center">
            <Typography.Text style={{ fontSize: 13 }}>{d.ownerName}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              <EnvironmentOutlined /> {labels.jurisdiction(d.jurisdictionCode)}
            </Typography.Text>
            {d.fields.length ? <FieldTags codes={d.fields} /> : null}
            {d.source !== 'yrd' ? (
              <Tag style={{ marginInlineEnd: 0 }} bordered={false}>
                {t('market.listing.importedFrom', { source: d.source })}
              </Tag>
            ) : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDate(d.publishedAt ?? d.createdAt)}
            </Typography.Text>
          </Flex>
          <Link to={`/market/demands/${d.id}`} data-testid={`demand-open-${d.id}`}>
            {t('market.demand.seeMatches')} <RightOutlined style={{ fontSize: 10 }} />
          </Link>
        </Flex>
      </Flex>
    </Card>
  );
}
