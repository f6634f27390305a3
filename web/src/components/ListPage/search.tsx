// The pieces of a search list (the resource catalogue, the technology market): one big search box
// with the sort beside it, a price range in yuan, facets as clickable counts (a collapsible panel
// on phones), and the results as cards with their total and paging. The state is the list's
// (useListState), so the search lives in the address and Back returns to it.
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { Alert, Card, Col, Collapse, Empty, Flex, Input, InputNumber, Pagination, Row, Select, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { fenToYuan, yuanToFen } from '../../app/money';
import { optionTestIds } from '../testids';

/** The search box (Enter or the button searches) and the sort select; data-testid `<prefix>-search`, `<prefix>-sort`. */
export function SearchBox(props: {
  testPrefix: string;
  placeholder: string;
  q: string | undefined;
  onSearch: (q: string | undefined) => void;
  sort: string;
  sorts: { value: string; label: ReactNode }[];
  onSort: (sort: string) => void;
  sortLabel: string;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [text, setText] = useState(props.q ?? '');
  useEffect(() => setText(props.q ?? ''), [props.q]);
  return (
    <Flex gap={8} wrap={isPhone}>
      <Input.Search
        aria-label={props.placeholder}
        allowClear
        enterButton={t('common.search')}
        size="large"
        placeholder={props.placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value) props.onSearch(undefined);
        }}
        onSearch={(v) => props.onSearch(v.trim() || undefined)}
        style={{ flex: 1, minWidth: 0 }}
        data-testid={`${props.testPrefix}-search`}
      />
      <Select
        size="large"
        value={props.sort}
        onChange={props.onSort}
        options={props.sorts}
        optionRender={optionTestIds(`${props.testPrefix}-sort-opt`)}
        style={{ width: isPhone ? '100%' : 180 }}
        popupMatchSelectWidth={false}
        data-testid={`${props.testPrefix}-sort`}
        aria-label={props.sortLabel}
      />
    </Flex>
  );
}

/** From–to in yuan, kept in fen; typing replaces the history entry instead of adding one per key. */
export function PriceRange(props: {
  min: number | undefined;
  max: number | undefined;
  onChange: (patch: { priceMin?: number; priceMax?: number }, opts: { replace: boolean }) => void;
  testPrefix: string;
  minPlaceholder: string;
  maxPlaceholder: string;
  minLabel: string;
  maxLabel: string;
  /** Desktop widths of the two boxes. */
  widths: [number, number];
  title?: string;
}) {
  const isPhone = useIsPhone();
  const box = (which: 'min' | 'max') => (
    <InputNumber
      min={0}
      precision={2}
      placeholder={which === 'min' ? props.minPlaceholder : props.maxPlaceholder}
      prefix="¥"
      value={fenToYuan(which === 'min' ? props.min : props.max)}
      onChange={(v) => props.onChange(which === 'min' ? { priceMin: yuanToFen(v) } : { priceMax: yuanToFen(v) }, { replace: true })}
      style={{ width: isPhone ? 'calc(50% - 10px)' : props.widths[which === 'min' ? 0 : 1] }}
      data-testid={`${props.testPrefix}-price-${which}`}
      aria-label={which === 'min' ? props.minLabel : props.maxLabel}
    />
  );
  return (
    <Flex align="center" gap={4} style={{ width: isPhone ? '100%' : undefined }} title={props.title}>
      {box('min')}
      <span>–</span>
      {box('max')}
    </Flex>
  );
}

export interface FacetCount {
  value: string;
  count: number;
}

/** One facet: its values as checkable tags with their counts (data-testid `facet-<key>-<value>`). */
export function FacetGroup(props: {
  facet: string;
  title: string;
  hint?: string;
  items: FacetCount[] | undefined;
  checked: (value: string) => boolean;
  onToggle: (value: string, checked: boolean) => void;
  label: (value: string) => ReactNode;
  count?: (n: number) => ReactNode;
}) {
  return (
    <div data-testid={`facet-${props.facet}`} style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 4 }}>
        {props.title}
        {props.hint ? <span> · {props.hint}</span> : null}
      </Typography.Text>
      <Flex wrap gap={6}>
        {(props.items ?? []).map((f) => {
          const checked = props.checked(f.value);
          return (
            <Tag.CheckableTag
              key={f.value}
              checked={checked}
              onChange={() => props.onToggle(f.value, checked)}
              data-testid={`facet-${props.facet}-${f.value}`}
              style={{ border: '1px solid #d9dee8', marginInlineEnd: 0 }}
            >
              {props.label(f.value)} <span style={{ opacity: 0.65 }}>({props.count ? props.count(f.count) : f.count})</span>
            </Tag.CheckableTag>
          );
        })}
        {props.items && props.items.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : null}
      </Flex>
    </div>
  );
}

/**
 * The facets beside the results (a collapsible panel on phones) and the results column: the
 * "matched any word" notice, the total, the cards (or a skeleton, or nothing found) and paging.
 */
export function SearchResults<T extends { id: number }>(props: {
  testPrefix: string;
  facetsTitle: string;
  facets: ReactNode;
  /** Words the server matched with "any" instead of "all" (shown as a notice). */
  matchedAny?: string | null;
  total: ReactNode;
  loading: boolean;
  fetching: boolean;
  items: T[] | undefined;
  empty: string;
  card: (item: T) => ReactNode;
  page: number;
  pageSize: number;
  /** The total paging offers (may be capped below the total found). */
  pagedTotal: number;
  pageSizes: number[];
  showTotal?: (n: number) => ReactNode;
  onPage: (page: number, pageSize: number) => void;
}) {
  const isPhone = useIsPhone();
  const p = props.testPrefix;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={6}>
        {isPhone ? (
          <Collapse
            size="small"
            items={[{ key: 'facets', label: props.facetsTitle, children: props.facets }]}
            data-testid={`${p}-facets-collapse`}
            style={{ background: '#fff' }}
          />
        ) : (
          <Card size="small" title={props.facetsTitle}>
            {props.facets}
          </Card>
        )}
      </Col>
      <Col xs={24} lg={18}>
        <Flex vertical gap={12}>
          {props.matchedAny ? <Alert type="info" showIcon data-testid={`${p}-match-any`} title={props.matchedAny} /> : null}
          <Typography.Text type="secondary" data-testid={`${p}-total`}>
            {props.total}
          </Typography.Text>
          {props.loading ? (
            <Card>
              <Skeleton active />
            </Card>
          ) : props.items && props.items.length === 0 ? (
            <Card>
              <Empty description={props.empty} data-testid={`${p}-empty`} />
            </Card>
          ) : (
            <div data-testid={`${p}-results`} style={{ opacity: props.fetching ? 0.6 : 1, transition: 'opacity .2s' }}>
              <Flex vertical gap={12}>
                {props.items?.map((item) => (
                  <Fragment key={item.id}>{props.card(item)}</Fragment>
                ))}
              </Flex>
            </div>
          )}
          {props.pagedTotal > 0 ? (
            <Flex justify="flex-end">
              <Pagination
                current={props.page}
                pageSize={props.pageSize}
                total={props.pagedTotal}
                showSizeChanger
                pageSizeOptions={props.pageSizes}
                size={isPhone ? 'small' : undefined}
                showTotal={isPhone ? undefined : props.showTotal}
                onChange={props.onPage}
                data-testid={`${p}-pagination`}
              />
            </Flex>
          ) : null}
        </Flex>
      </Col>
    </Row>
  );
}
