export { ListPage, type ListPageProps } from './ListPage';
export { FilterBar, type FilterSpec } from './FilterBar';
export { useListState, type FilterValues, type ListQuery, type ListState, type ParamSpec } from './useListState';
export { dateColumn, timeColumn } from './columns';
export { FacetGroup, PriceRange, SearchBox, SearchResults, type FacetCount } from './search';
