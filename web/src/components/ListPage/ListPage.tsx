// One list page: a filter bar, the table paged and sorted on the server, its state in the address
// (useListState), the export buttons where the page has them, and on phones either the table's
// own responsive columns or a card per row. With a title it is a whole page (header, card);
// without, the same list inside a tab, a card or a drawer.
import { useState, type Key, type ReactNode } from 'react';
import { Button, Card, Empty, Flex, Pagination, Select, Spin, Table, type TablePaginationConfig, type TableProps } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { ColumnsType, SorterResult, TableCurrentDataSource } from 'antd/es/table/interface';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { ExportButtons } from '../ExportButtons';
import { ImportModal } from '../ImportModal';
import { PageHeader } from '../PageHeader';
import { rowTestId } from '../testids';
import { FilterBar, type FilterSpec } from './FilterBar';
import { useListState, type ListQuery, type ListState, type ListStateOptions, type ParamSpec, type ParamValue } from './useListState';

export interface ListPageProps<T extends object, S extends ParamSpec> extends ListStateOptions<S> {
  /**
   * Test ids: `<prefix>-filters`, `<prefix>-filter-<key>`, `<prefix>-refresh`,
   * `<prefix>-filter-reset`, `<prefix>-table`, `<prefix>-total`.
   */
  testPrefix: string;
  /** data-testid of the whole page or panel. */
  testId?: string;

  // The frame: with a title, a page (header and a card); without, a panel.
  title?: ReactNode;
  subtitle?: ReactNode;
  /** The header's create button (primary, with a +). */
  create?: { label: ReactNode; testId: string; onClick: () => void } | false;
  /** Import from a spreadsheet: the header's button `<prefix>-import` and its dialog (dry run first). */
  imports?: { endpoint: string; title: string; onImported: () => void } | false;
  /** More header buttons (after create and import; the export buttons follow them). */
  extra?: ReactNode;
  /** Between the header and the list: notices, a chart of the rows shown, a form. */
  above?: ReactNode | ((data: Page<T> | undefined) => ReactNode);
  /** Under the table. */
  footer?: ReactNode;
  /** Dialogs and drawers the page opens. */
  children?: ReactNode;

  // The data.
  /** The react-query key's first parts (what other pages invalidate); the query is appended. */
  queryKey: readonly unknown[];
  fetch: (query: ListQuery<S>, signal: AbortSignal) => Promise<Page<T>>;
  /** Poll (an auction's countdown); the table then shows no spinner on each poll. */
  refetchInterval?: number;

  // The filter bar.
  filters?: Array<FilterSpec | false | null | undefined>;
  /** A page's own filter bar instead (gets the list's state). */
  filterBar?: (list: ListState<S>, refresh: () => void) => ReactNode;
  /** The refresh button (default on). */
  refresh?: boolean;
  /** What refresh does, where more than this list is to be fetched again. */
  onRefresh?: () => void;
  /** The reset button (default on; a string is its data-testid). */
  reset?: boolean | string;
  /** After the filter bar's buttons. */
  toolbar?: ReactNode;
  /** data-testid of the filter bar, where it is not `<prefix>-filters`. */
  filtersTestId?: string;
  /** data-testid of the table, where it is not `<prefix>-table`. */
  tableTestId?: string;
  /** Export (and import template) buttons in the header: `<base>/export` with the filters. */
  exports?: { base: string; fileBase: string; showTemplate?: boolean };

  // The table.
  /**
   * Columns with `sorter: true` sort on the server by their key ("key" / "-key"); a function gets
   * the page of rows shown (columns that appear only when the rows have something).
   */
  columns: ColumnsType<T> | ((data: Page<T> | undefined) => ColumnsType<T> | undefined);
  rowKey: keyof T & string;
  /** Each row (or card) gets data-testid `<rowTestId>-<row key>`. */
  rowTestId: string;
  /** Desktop scroll width; on phones the table fits the screen unless `phoneScroll`. */
  scrollX?: number;
  /** Phones: let the table scroll sideways ('max-content'). */
  phoneScroll?: boolean;
  /** More row attributes (a click that selects the row); the row's data-testid stays. */
  onRow?: (row: T) => React.HTMLAttributes<HTMLElement>;
  /** Page sizes offered (10, 20, 50, 100 unless given). */
  pageSizes?: number[];
  /** More Table props (expandable rows, the empty text). */
  table?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'rowKey' | 'pagination' | 'onChange' | 'loading' | 'onRow' | 'scroll'>;
  /**
   * Phones: a card per row instead of a table that would scroll sideways; the sortable columns
   * become a sort select above the cards.
   */
  card?: (row: T) => ReactNode;
}

const PAGE_SIZES = [10, 20, 50, 100];

export function ListPage<T extends object, S extends ParamSpec>(props: ListPageProps<T, S>) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const list = useListState<S>(props);
  // Remounting the bar on reset also clears text typed but not yet searched.
  const [generation, setGeneration] = useState(0);
  const [importOpen, setImportOpen] = useState(false);
  const prefix = props.testPrefix;

  const data = useQuery({
    queryKey: [...props.queryKey, list.query],
    queryFn: ({ signal }) => props.fetch(list.query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: props.refetchInterval,
  });
  const refresh = () => void data.refetch();
  const loading = props.refetchInterval ? data.isFetching && !data.data : data.isFetching;

  const given = (typeof props.columns === 'function' ? props.columns(data.data) : props.columns) ?? [];
  const sortable = new Set(given.filter((c) => c.sorter === true && c.key != null).map((c) => String(c.key)));
  const columns = given.map((c) => (c.sorter === true && c.key != null ? { ...c, sortOrder: list.sortOrder(String(c.key)) } : c));

  const onChange = (pagination: TablePaginationConfig, _f: unknown, sorter: SorterResult<T> | SorterResult<T>[], extra: TableCurrentDataSource<T>) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = String(s?.columnKey ?? s?.field ?? '');
      list.update({ sort: s?.order && sortable.has(field) ? (s.order === 'descend' ? `-${field}` : field) : undefined });
    } else {
      list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? list.pageSize });
    }
  };

  const pagination: TablePaginationConfig = {
    current: list.page,
    pageSize: list.pageSize,
    total: data.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: props.pageSizes ?? PAGE_SIZES,
    size: isPhone ? 'small' : undefined,
    showTotal: (n) => <span data-testid={`${prefix}-total`}>{t('common.total', { total: n })}</span>,
  };

  const keyOf = (row: T) => row[props.rowKey] as Key;
  const rows = data.data?.items ?? [];

  const filterBar = props.filterBar ? (
    props.filterBar(list, refresh)
  ) : props.filters ? (
    <FilterBar
      key={generation}
      testPrefix={prefix}
      testId={props.filtersTestId}
      filters={props.filters}
      values={list.filters as Record<string, ParamValue>}
      onChange={(patch) => list.update(patch)}
      sort={list.sort}
      onSort={(sort) => list.update({ sort })}
      onRefresh={props.refresh === false ? undefined : (props.onRefresh ?? refresh)}
      reset={props.reset ?? true}
      onReset={() => {
        list.reset();
        setGeneration((g) => g + 1);
      }}
      extra={props.toolbar}
    />
  ) : null;

  const cards = isPhone && !!props.card;
  // The sort a table's headers offer, as a select (cards have no headers).
  const sortOptions = given
    .filter((c) => c.sorter === true && c.key != null)
    .flatMap((c) => [
      { value: String(c.key), label: <>{c.title as ReactNode} ↑</> },
      { value: `-${String(c.key)}`, label: <>{c.title as ReactNode} ↓</> },
    ]);

  const body = cards ? (
    <div data-testid={props.tableTestId ?? `${prefix}-table`}>
      {sortOptions.length ? (
        <Select
          value={list.sort}
          onChange={(sort) => list.update({ sort })}
          options={sortOptions}
          style={{ width: '100%', marginBottom: 12 }}
          data-testid={`${prefix}-sort`}
          aria-label={t('common.sort')}
        />
      ) : null}
      <Spin spinning={loading}>
        {rows.length ? (
          <Flex vertical gap={8}>
            {rows.map((row) => (
              <Card key={keyOf(row)} size="small" {...rowTestId(props.rowTestId, String(keyOf(row)))}>
                {props.card!(row)}
              </Card>
            ))}
          </Flex>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Spin>
      {rows.length ? (
        <Flex justify="flex-end" style={{ marginTop: 12 }}>
          <Pagination {...(pagination as object)} onChange={(page, pageSize) => list.update({ page, pageSize })} />
        </Flex>
      ) : null}
    </div>
  ) : (
    <div data-testid={props.tableTestId ?? `${prefix}-table`}>
      <Table<T>
        rowKey={props.rowKey as string}
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        onChange={onChange}
        showSorterTooltip={{ target: 'sorter-icon' }}
        onRow={(row) => ({ ...props.onRow?.(row), ...rowTestId(props.rowTestId, String(keyOf(row))) })}
        scroll={{ x: isPhone ? (props.phoneScroll ? 'max-content' : undefined) : props.scrollX }}
        pagination={pagination}
        {...props.table}
      />
    </div>
  );

  const above = typeof props.above === 'function' ? props.above(data.data) : props.above;

  if (props.title === undefined)
    return (
      <div data-testid={props.testId}>
        {above}
        {filterBar}
        {body}
        {props.footer}
        {props.children}
      </div>
    );

  return (
    <div data-testid={props.testId}>
      <PageHeader
        title={props.title}
        subtitle={props.subtitle}
        extra={
          props.create || props.imports || props.extra || props.exports ? (
            <>
              {props.create ? (
                <Button type="primary" icon={<PlusOutlined />} data-testid={props.create.testId} onClick={props.create.onClick}>
                  {props.create.label}
                </Button>
              ) : null}
              {props.imports ? (
                <Button icon={<UploadOutlined />} data-testid={`${prefix}-import`} onClick={() => setImportOpen(true)}>
                  {t('common.import')}
                </Button>
              ) : null}
              {props.extra}
              {props.exports ? (
                <ExportButtons
                  base={props.exports.base}
                  query={list.filters as Record<string, ParamValue>}
                  fileBase={props.exports.fileBase}
                  testPrefix={prefix}
                  showTemplate={props.exports.showTemplate}
                />
              ) : null}
            </>
          ) : undefined
        }
      />
      {above}
      <Card styles={{ body: { padding: isPhone ? 12 : 16 } }}>
        {filterBar}
        {body}
        {props.footer}
      </Card>
      {props.imports ? (
        <ImportModal
          open={importOpen}
          title={props.imports.title}
          endpoint={props.imports.endpoint}
          onClose={() => setImportOpen(false)}
          onImported={props.imports.onImported}
        />
      ) : null}
      {props.children}
    </div>
  );
}
