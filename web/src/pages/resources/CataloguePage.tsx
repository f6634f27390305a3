// The regional catalogue: Chinese full-text search with highlighted hits, facets as clickable
// counts, filters (kind, jurisdiction, city, price in yuan, free between two times), sorting and
// paging — all done by the server. The search lives in the address, so Back returns to it.
import { useMemo } from 'react';
import { Button, Card, DatePicker, Flex, Select, Tag, Typography } from 'antd';
import { EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { fromPickerValue, toPickerValue } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { FacetGroup, PriceRange, SearchBox, SearchResults, useListState } from '../../components/ListPage';
import { optionTestIds } from '../../components/testids';
import { BOOKABLE_KINDS, CATALOGUE_SORTS, RESOURCE_KINDS, resourcesApi, type CatalogueItem, type FacetValue } from '../../api/resources';
import { Highlighted } from '../../components/Highlighted';
import { KindTag, PriceLine } from '../../components/resources/tags';

const PAGE_SIZES = [10, 20, 50];
type FacetKey = 'kind' | 'jurisdiction' | 'category1' | 'city';
const PARAMS = {
  q: 'string',
  kind: 'string',
  jurisdiction: 'string',
  category1: 'string',
  city: 'string',
  priceMin: 'number',
  priceMax: 'number',
  freeFrom: 'string',
  freeTo: 'string',
} as const;

export default function CataloguePage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const isPhone = useIsPhone();
  const { query, update, reset } = useListState({ params: PARAMS });
  const w = (desktop: number | string) => (isPhone ? 'calc(50% - 4px)' : desktop);

  const list = useQuery({
    queryKey: ['catalogue', query],
    queryFn: ({ signal }) => resourcesApi.search({ ...query, facets: true }, signal),
    placeholderData: keepPreviousData,
  });
  const data = list.data;

  const facetLabel = (key: FacetKey, v: string) => (key === 'kind' ? labels.resourceKind(v) : key === 'jurisdiction' ? labels.jurisdiction(v) : v);

  const cityOptions = useMemo(() => {
    const cities = new Set<string>(data?.facets.city.map((c) => c.value) ?? []);
    if (query.city) cities.add(query.city);
    return [...cities].map((c) => ({ value: c, label: c }));
  }, [data?.facets.city, query.city]);

  const freeRange: [Dayjs, Dayjs] | null = query.freeFrom && query.freeTo ? [toPickerValue(query.freeFrom)!, toPickerValue(query.freeTo)!] : null;

  const facetGroup = (key: FacetKey, title: string, items: FacetValue[] | undefined) => (
    <FacetGroup
      key={key}
      facet={key}
      title={title}
      items={items}
      checked={(v) => query[key] === v}
      onToggle={(v, checked) => update({ [key]: checked ? undefined : v })}
      label={(v) => facetLabel(key, v)}
    />
  );

  const facets = (
    <div data-testid="catalogue-facets">
      {facetGroup('kind', t('catalogue.kind'), data?.facets.kind)}
      {facetGroup('jurisdiction', t('catalogue.jurisdiction'), data?.facets.jurisdiction)}
      {facetGroup('category1', t('catalogue.category1'), data?.facets.category1)}
      {facetGroup('city', t('catalogue.city'), data?.facets.city)}
    </div>
  );

  const hasFilters = Object.entries(query).some(([k, v]) => !['page', 'pageSize', 'sort'].includes(k) && v !== undefined);

  return (
    <div data-testid="catalogue-page">
      <PageHeader title={t('catalogue.title')} subtitle={t('catalogue.subtitle')} />
      <Card styles={{ body: { padding: isPhone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <Flex vertical gap={10}>
          <SearchBox
            testPrefix="catalogue"
            placeholder={t('catalogue.searchPlaceholder')}
            q={query.q}
            onSearch={(q) => update({ q })}
            sort={query.sort ?? (query.q ? 'relevance' : 'newest')}
            sorts={CATALOGUE_SORTS.map((s) => ({ value: s, label: t(`catalogue.sorts.${s}`) }))}
            onSort={(sort) => update({ sort })}
            sortLabel={t('catalogue.sort')}
          />
          <Flex wrap gap={8} data-testid="catalogue-filters">
            <Select
              aria-label={t('catalogue.kind')}
              allowClear
              placeholder={t('catalogue.kind')}
              value={query.kind}
              onChange={(v) => update({ kind: v })}
              options={RESOURCE_KINDS.map((k) => ({ value: k, label: labels.resourceKind(k) }))}
              optionRender={optionTestIds('catalogue-filter-kind-opt')}
              style={{ width: w(160) }}
              popupMatchSelectWidth={false}
              data-testid="catalogue-filter-kind"
            />
            <Select
              aria-label={t('catalogue.jurisdiction')}
              allowClear
              placeholder={t('catalogue.jurisdiction')}
              value={query.jurisdiction}
              onChange={(v) => update({ jurisdiction: v })}
              options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
              optionRender={optionTestIds('catalogue-filter-jurisdiction-opt')}
              style={{ width: w(120) }}
              data-testid="catalogue-filter-jurisdiction"
            />
            <Select
              aria-label={t('catalogue.city')}
              allowClear
              showSearch
              placeholder={t('catalogue.city')}
              value={query.city}
              onChange={(v) => update({ city: v })}
              options={cityOptions}
              optionRender={optionTestIds('catalogue-filter-city-opt')}
              style={{ width: w(120) }}
              data-testid="catalogue-filter-city"
            />
            <PriceRange
              min={query.priceMin}
              max={query.priceMax}
              onChange={update}
              testPrefix="catalogue-filter"
              minPlaceholder={t('catalogue.priceMin')}
              maxPlaceholder={t('catalogue.priceMax')}
              minLabel={`${t('catalogue.price')} ${t('catalogue.priceMin')}`}
              maxLabel={`${t('catalogue.price')} ${t('catalogue.priceMax')}`}
              widths={[120, 120]}
              title={t('catalogue.priceHint')}
            />
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm', minuteStep: 30 }}
              format="YYYY-MM-DD HH:mm"
              value={freeRange}
              placeholder={[t('catalogue.freeBetween'), t('catalogue.freeUntil')]}
              onChange={(r) => {
                const [a, b] = r ?? [null, null];
                update({ freeFrom: fromPickerValue(a), freeTo: fromPickerValue(b) });
              }}
              style={{ width: isPhone ? '100%' : 330 }}
              data-testid="catalogue-filter-free"
            />
            {hasFilters ? (
              <Button onClick={() => reset()} data-testid="catalogue-reset">
                {t('catalogue.clear')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Card>

      <SearchResults<CatalogueItem>
        testPrefix="catalogue"
        facetsTitle={t('catalogue.facets')}
        facets={facets}
        matchedAny={data?.query.matchMode === 'any' ? t('catalogue.matchAny', { words: data.query.words.join(t('common.listSep')) }) : null}
        total={data ? t('catalogue.results', { total: data.total }) : ''}
        loading={list.isPending}
        fetching={list.isFetching}
        items={data?.items}
        empty={t('catalogue.noResults')}
        card={(item) => <ResultCard item={item} />}
        page={query.page}
        pageSize={query.pageSize}
        pagedTotal={data?.total ?? 0}
        pageSizes={PAGE_SIZES}
        onPage={(page, pageSize) => update({ page, pageSize })}
      />
    </div>
  );
}

function ResultCard(props: { item: CatalogueItem }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const r = props.item;
  const isPhone = useIsPhone();
  const category = r.category.filter(Boolean).join(' / ');
  // Only photos uploaded here (served by the API) are drawn; no third-party addresses.
  const photo = r.photo && r.photo.startsWith('/api/resources/') ? r.photo : null;
  return (
    <Card size="small" hoverable data-testid={`catalogue-item-${r.id}`} styles={{ body: { padding: 14 } }}>
      <Flex gap={12} align="flex-start">
        {photo ? (
          <Link to={`/resources/${r.id}`} tabIndex={-1} aria-hidden style={{ flex: 'none' }}>
            <img
              src={photo}
              alt=""
              loading="lazy"
              width={isPhone ? 72 : 112}
              height={isPhone ? 54 : 84}
              style={{ objectFit: 'cover', borderRadius: 6, display: 'block' }}
              data-testid={`catalogue-item-photo-${r.id}`}
            />
          </Link>
        ) : null}
        <Flex vertical gap={6} style={{ minWidth: 0, flex: 1 }}>
          <Flex justify="space-between" align="flex-start" gap={12} wrap>
            <Flex gap={8} align="center" wrap style={{ minWidth: 0, flex: '1 1 280px' }}>
              <KindTag kind={r.kind} />
              <Link to={`/resources/${r.id}`} data-testid={`catalogue-item-link-${r.id}`} style={{ fontSize: 16, fontWeight: 600, minWidth: 0 }}>
                <Highlighted segments={r.highlights.name} fallback={r.name} testId={`catalogue-item-name-${r.id}`} />
              </Link>
            </Flex>
            <PriceLine
              modes={r.serviceModes}
              startupFeeFen={r.startupFeeFen}
              hourlyFeeFen={r.hourlyFeeFen}
              perSampleFen={r.perSampleFen}
              bookable={BOOKABLE_KINDS.includes(r.kind)}
              testId={`catalogue-item-price-${r.id}`}
            />
          </Flex>
          {category || r.model ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {category}
              {r.model ? ` · ${r.model}` : ''}
              {r.manufacturer ? ` · ${r.manufacturer}` : ''}
            </Typography.Text>
          ) : null}
          <Typography.Paragraph style={{ margin: 0, color: '#4a5568' }} ellipsis={{ rows: 2 }}>
            <Highlighted segments={r.highlights.description} fallback="" testId={`catalogue-item-desc-${r.id}`} />
          </Typography.Paragraph>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Flex gap={12} wrap style={{ fontSize: 13, minWidth: 0 }}>
              <Typography.Text style={{ fontSize: 13 }} data-testid={`catalogue-item-owner-${r.id}`}>
                {r.ownerName}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                <EnvironmentOutlined /> {r.city ? `${r.city} · ` : ''}
                {labels.jurisdiction(r.jurisdictionCode)}
              </Typography.Text>
              {r.serviceModes.length ? (
                <Flex gap={4} wrap>
                  {r.serviceModes.map((m) => (
                    <Tag key={m} bordered={false} style={{ marginInlineEnd: 0 }}>
                      {labels.serviceMode(m)}
                    </Tag>
                  ))}
                </Flex>
              ) : null}
              {r.originalValueFen ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('catalogue.originalValue', { price: formatFen(r.originalValueFen) })}
                </Typography.Text>
              ) : null}
            </Flex>
            <Link to={`/resources/${r.id}`} data-testid={`catalogue-item-open-${r.id}`}>
              {t('catalogue.details')} <RightOutlined style={{ fontSize: 10 }} />
            </Link>
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}
