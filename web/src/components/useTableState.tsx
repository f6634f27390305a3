// Server-side paging and sorting state for an antd Table (the pattern every list page follows):
// page, page size and a "field" / "-field" sort the API understands, the Table's onChange, each
// column's sortOrder, and the pagination props with a total carrying a test id.
import { useState } from 'react';
import type { TablePaginationConfig } from 'antd';
import type { SorterResult, TableCurrentDataSource } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../app/layout/useIsPhone';

export function useTableState(opts: { sortable: readonly string[]; defaultSort?: string; pageSize?: number; testPrefix: string }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(opts.pageSize ?? 20);
  const [sort, setSort] = useState<string | undefined>(opts.defaultSort);

  const sortOrder = (field: string) => (sort === field ? ('ascend' as const) : sort === `-${field}` ? ('descend' as const) : null);

  const onChange = <T,>(pagination: TablePaginationConfig, _f: unknown, sorter: SorterResult<T> | SorterResult<T>[], extra: TableCurrentDataSource<T>) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = String(s?.columnKey ?? s?.field ?? '');
      if (s?.order && opts.sortable.includes(field)) setSort(s.order === 'descend' ? `-${field}` : field);
      else setSort(opts.defaultSort);
      setPage(1);
    } else {
      setPage(pagination.current ?? 1);
      setPageSize(pagination.pageSize ?? pageSize);
    }
  };

  const pagination = (total: number | undefined): TablePaginationConfig => ({
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    size: isPhone ? 'small' : undefined,
    showTotal: (n) => <span data-testid={`${opts.testPrefix}-total`}>{t('common.total', { total: n })}</span>,
  });

  const reset = () => {
    setSort(opts.defaultSort);
    setPage(1);
  };

  return { page, pageSize, sort, setPage, sortOrder, onChange, pagination, reset };
}
