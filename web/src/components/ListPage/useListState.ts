// The state of a server-paged list — its filters, page, page size and sort ("field" / "-field",
// as the API takes it) — kept in the address, so a list can be linked and Back returns to the
// previous filters. A page showing several lists gives each a prefix (`orders.page`, …).
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export type ParamType = 'string' | 'number' | 'boolean';
export type ParamSpec = Record<string, ParamType>;
export type ParamValue = string | number | boolean | undefined;
/** The typed filter values of a ParamSpec. */
export type FilterValues<S extends ParamSpec> = { [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string };
/** What the API is asked: the filters with the page, its size and the sort. */
export type ListQuery<S extends ParamSpec> = FilterValues<S> & { page: number; pageSize: number; sort?: string };

export interface ListStateOptions<S extends ParamSpec> {
  /** The filters and their types as kept in the address. */
  params: S;
  /** Filter values in force when the address says nothing (clearing one writes `key=`). */
  defaults?: FilterValues<S>;
  defaultSort?: string;
  /** 20 unless said. */
  pageSize?: number;
  /** Prefix of this list's address parameters, when a page shows more than one list. */
  prefix?: string;
}

export interface ListState<S extends ParamSpec> {
  filters: FilterValues<S>;
  page: number;
  pageSize: number;
  sort: string | undefined;
  query: ListQuery<S>;
  /**
   * Changes filters, page, page size or sort in one step; anything but paging goes back to page 1.
   * `replace` overwrites the history entry (for values changed while typing).
   */
  update(patch: Record<string, ParamValue>, opts?: { replace?: boolean }): void;
  /** Filters back to their defaults (or to `values`), the default sort, page 1 (the page size stays). */
  reset(values?: Record<string, ParamValue>): void;
  /** "ascend" / "descend" / null for a column whose key is `field`. */
  sortOrder(field: string): 'ascend' | 'descend' | null;
}

function parse(raw: string, type: ParamType): ParamValue {
  if (raw === '') return undefined;
  if (type === 'number') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  return raw;
}

const blank = (v: ParamValue) => v === undefined || v === '' || v === false;

export function useListState<S extends ParamSpec>(opts: ListStateOptions<S>): ListState<S> {
  const [params, setParams] = useSearchParams();
  const prefix = opts.prefix ?? '';
  const defaults = (opts.defaults ?? {}) as Record<string, ParamValue>;
  const defaultPageSize = opts.pageSize ?? 20;
  const spec = opts.params;

  const state = useMemo(() => {
    const filters: Record<string, ParamValue> = {};
    for (const [key, type] of Object.entries(spec)) {
      const raw = params.get(prefix + key);
      filters[key] = raw === null ? defaults[key] : parse(raw, type);
    }
    const page = Number(params.get(`${prefix}page`));
    const pageSize = Number(params.get(`${prefix}pageSize`));
    return {
      filters: filters as FilterValues<S>,
      page: Number.isInteger(page) && page >= 1 ? page : 1,
      pageSize: Number.isInteger(pageSize) && pageSize >= 1 ? pageSize : defaultPageSize,
      sort: params.get(`${prefix}sort`) || opts.defaultSort,
    };
    // The options are constants of the page that uses the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params, prefix]);

  const write = (next: URLSearchParams, key: string, value: ParamValue) => {
    const name = prefix + key;
    if (key === 'page') {
      if (!value || value === 1) next.delete(name);
      else next.set(name, String(value));
    } else if (key === 'pageSize') {
      if (!value || value === defaultPageSize) next.delete(name);
      else next.set(name, String(value));
    } else if (key === 'sort') {
      if (blank(value) || value === opts.defaultSort) next.delete(name);
      else next.set(name, String(value));
    } else {
      const d = defaults[key];
      if (value === d || (blank(value) && blank(d))) next.delete(name);
      // Cleared where a default applies: say so, or the default would come back.
      else if (blank(value)) next.set(name, '');
      else next.set(name, String(value));
    }
  };

  /** Writes the next parameters, unless they say what the address already says (no extra history entry). */
  const change = (edit: (next: URLSearchParams) => void, o?: { replace?: boolean }) => {
    const next = new URLSearchParams(params);
    edit(next);
    if (next.toString() !== params.toString()) setParams(next, { replace: !!o?.replace });
  };

  const update: ListState<S>['update'] = (patch, o) =>
    change((next) => {
      for (const [k, v] of Object.entries(patch)) write(next, k, v);
      if (!('page' in patch)) next.delete(`${prefix}page`);
    }, o);

  return {
    ...state,
    query: { ...state.filters, page: state.page, pageSize: state.pageSize, sort: state.sort } as ListQuery<S>,
    update,
    reset: (values) =>
      change((next) => {
        for (const key of [...Object.keys(spec), 'page', 'sort']) next.delete(prefix + key);
        for (const [k, v] of Object.entries(values ?? {})) write(next, k, v);
      }),
    sortOrder: (field) => (state.sort === field ? 'ascend' : state.sort === `-${field}` ? 'descend' : null),
  };
}
