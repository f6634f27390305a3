// The regional catalogue: Chinese full-text search with highlighted hits, facets as clickable
// counts, filters (kind, jurisdiction, city, price in yuan, free between two times), sorting and
// paging — all done by the server. The search lives in the address, so Back returns to it.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Empty,
  Flex,
  Input,
  InputNumber,
  Pagination,
  Row,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen, fenToYuan, yuanToFen } from '../../app/money';
import { fromPickerValue, toPickerValue } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds } from '../../components/testids';
import { BOOKABLE_KINDS, CATALOGUE_SORTS, RESOURCE_KINDS, resourcesApi, type CatalogueItem, type CatalogueQuery, type FacetValue } from './api';
import { Highlighted, KindTag, PriceLine } from './shared';

const PAGE_SIZES = [10, 20, 50];
type FacetKey = 'kind' | 'jurisdiction' | 'category1' | 'city';

function useCatalogueParams() {
  const [params, setParams] = useSearchParams();
  const num = (k: string) => {
    const v = params.get(k);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const str = (k: string) => params.get(k) || undefined;
  const query: CatalogueQuery = {
    q: str('q'),
    kind: str('kind'),
    jurisdiction: str('jurisdiction'),
    category1: str('category1'),
    city: str('city'),
    priceMin: num('priceMin'),
    priceMax: num('priceMax'),
    freeFrom: str('freeFrom'),
    freeTo: str('freeTo'),
    sort: str('sort'),
    page: num('page') ?? 1,
    pageSize: num('pageSize') ?? 20,
  };
  /** Changes some parameters; anything but paging starts again at page 1. Typing replaces the history entry. */
  const update = (patch: Partial<Record<keyof CatalogueQuery, string | number | undefined>>, opts: { replace?: boolean } = {}) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: !!opts.replace });
  };
  const reset = () => setParams(new URLSearchParams(), { replace: false });
  return { query, update, reset };
}

export default function CataloguePage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const isPhone = useIsPhone();
  const { query, update, reset } = useCatalogueParams();
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const w = (desktop: number | string) => (isPhone ? 'calc(50% - 4px)' : desktop);

  const list = useQuery({
    queryKey: ['catalogue', query],
    queryFn: ({ signal }) => resourcesApi.search({ ...query, facets: true }, signal),
    placeholderData: keepPreviousData,
  });
  const data = list.data;

  const facetLabel = (key: FacetKey, v: string) =>
    key === 'kind' ? labels.resourceKind(v) : key === 'jurisdiction' ? labels.jurisdiction(v) : v;

  const cityOptions = useMemo(() => {
    const cities = new Set<string>(data?.facets.city.map((c) => c.value) ?? []);
    if (query.city) cities.add(query.city);
    return [...cities].map((c) => ({ value: c, label: c }));
  }, [data?.facets.city, query.city]);

  const freeRange: [Dayjs, Dayjs] | null = query.freeFrom && query.freeTo ? [toPickerValue(query.freeFrom)!, toPickerValue(query.freeTo)!] : null;

  const facetGroup = (key: FacetKey, title: string, items: FacetValue[] | undefined) => (
    <div key={key} data-testid={`facet-${key}`} style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 4 }}>
        {title}
      </Typography.Text>
      <Flex wrap gap={6}>
        {(items ?? []).map((f) => {
          const checked = query[key] === f.value;
          return (
            <Tag.CheckableTag
              key={f.value}
              checked={checked}
              onChange={() => update({ [key]: checked ? undefined : f.value })}
              data-testid={`facet-${key}-${f.value}`}
              style={{ border: '1px solid #d9dee8', marginInlineEnd: 0 }}
            >
              {facetLabel(key, f.value)} <span style={{ opacity: 0.65 }}>({f.count})</span>
            </Tag.CheckableTag>
          );
        })}
        {items && items.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : null}
      </Flex>
    </div>
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
          <Flex gap={8} wrap={isPhone}>
            <Input.Search
              allowClear
              enterButton={t('common.search')}
              size="large"
              placeholder={t('catalogue.searchPlaceholder')}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                if (!e.target.value) update({ q: undefined });
              }}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              style={{ flex: 1, minWidth: 0 }}
              data-testid="catalogue-search"
            />
            <Select
              size="large"
              value={query.sort ?? (query.q ? 'relevance' : 'newest')}
              onChange={(v) => update({ sort: v })}
              options={CATALOGUE_SORTS.map((s) => ({ value: s, label: t(`catalogue.sorts.${s}`) }))}
              optionRender={optionTestIds('catalogue-sort-opt')}
              style={{ width: isPhone ? '100%' : 180 }}
              popupMatchSelectWidth={false}
              data-testid="catalogue-sort"
              aria-label={t('catalogue.sort')}
            />
          </Flex>
          <Flex wrap gap={8} data-testid="catalogue-filters">
            <Select
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
            <Flex align="center" gap={4} style={{ width: isPhone ? '100%' : undefined }} title={t('catalogue.priceHint')}>
              <InputNumber
                min={0}
                precision={2}
                placeholder={t('catalogue.priceMin')}
                prefix="¥"
                value={fenToYuan(query.priceMin)}
                onChange={(v) => update({ priceMin: yuanToFen(v) }, { replace: true })}
                style={{ width: isPhone ? 'calc(50% - 10px)' : 120 }}
                data-testid="catalogue-filter-price-min"
                aria-label={`${t('catalogue.price')} ${t('catalogue.priceMin')}`}
              />
              <span>–</span>
              <InputNumber
                min={0}
                precision={2}
                placeholder={t('catalogue.priceMax')}
                prefix="¥"
                value={fenToYuan(query.priceMax)}
                onChange={(v) => update({ priceMax: yuanToFen(v) }, { replace: true })}
                style={{ width: isPhone ? 'calc(50% - 10px)' : 120 }}
                data-testid="catalogue-filter-price-max"
                aria-label={`${t('catalogue.price')} ${t('catalogue.priceMax')}`}
              />
            </Flex>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm', minuteStep: 30 }}
              format="YYYY-MM-DD HH:mm"
              value={freeRange}
              placeholder={[t('catalogue.freeBetween'), '']}
              onChange={(r) => {
                const [a, b] = r ?? [null, null];
                update({ freeFrom: fromPickerValue(a), freeTo: fromPickerValue(b) });
              }}
              style={{ width: isPhone ? '100%' : 330 }}
              data-testid="catalogue-filter-free"
            />
            {hasFilters ? (
              <Button onClick={reset} data-testid="catalogue-reset">
                {t('catalogue.clear')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={6}>
          {isPhone ? (
            <Collapse
              size="small"
              items={[{ key: 'facets', label: t('catalogue.facets'), children: facets }]}
              data-testid="catalogue-facets-collapse"
              style={{ background: '#fff' }}
            />
          ) : (
            <Card size="small" title={t('catalogue.facets')}>
              {facets}
            </Card>
          )}
        </Col>
        <Col xs={24} lg={18}>
          <Flex vertical gap={12}>
            {data?.query.matchMode === 'any' ? (
              <Alert type="info" showIcon data-testid="catalogue-match-any" title={t('catalogue.matchAny', { words: data.query.words.join(t('common.listSep')) })} />
            ) : null}
            <Typography.Text type="secondary" data-testid="catalogue-total">
              {data ? t('catalogue.results', { total: data.total }) : ''}
            </Typography.Text>
            {list.isPending ? (
              <Card>
                <Skeleton active />
              </Card>
            ) : data && data.items.length === 0 ? (
              <Card>
                <Empty description={t('catalogue.noResults')} data-testid="catalogue-empty" />
              </Card>
            ) : (
              <div data-testid="catalogue-results" style={{ opacity: list.isFetching ? 0.6 : 1, transition: 'opacity .2s' }}>
                <Flex vertical gap={12}>
                  {data?.items.map((item) => <ResultCard key={item.id} item={item} />)}
                </Flex>
              </div>
            )}
            {data && data.total > 0 ? (
              <Flex justify="flex-end">
                <Pagination
                  current={query.page}
                  pageSize={query.pageSize}
                  total={data.total}
                  showSizeChanger
                  pageSizeOptions={PAGE_SIZES}
                  size={isPhone ? 'small' : undefined}
                  onChange={(page, pageSize) => update({ page, pageSize })}
                  data-testid="catalogue-pagination"
                />
              </Flex>
            ) : null}
          </Flex>
        </Col>
      </Row>
    </div>
  );
}

function ResultCard(props: { item: CatalogueItem }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const r = props.item;
  const category = r.category.filter(Boolean).join(' / ');
  return (
    <Card size="small" hoverable data-testid={`catalogue-item-${r.id}`} styles={{ body: { padding: 14 } }}>
      <Flex vertical gap={6}>
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
    </Card>
  );
}
