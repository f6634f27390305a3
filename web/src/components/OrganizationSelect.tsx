// Selects of organisations searched on the server by name or credit code (GET /api/organizations?q=):
// OrganizationSelect for the directory pages (optionally within one jurisdiction), OrgSelect for
// the research and deal forms (active organisations only, optionally leaving out some types).
import { useEffect, useRef, useState } from 'react';
import { Flex, Select, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../app/reference';
import { organizationsApi, type Organization } from '../api/organizations';

/** The typed search text, trimmed and settled for 250 ms (one request per pause, not per key). */
function useDebouncedSearch(): [string, (text: string) => void] {
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(text.trim()), 250);
    return () => clearTimeout(h);
  }, [text]);
  return [debounced, setText];
}

export interface OrgOption {
  id: number;
  name: string;
  jurisdictionCode: string;
}

export function OrganizationSelect(props: {
  /** Given by a Form.Item: ties its label to the input. */
  id?: string;
  value?: number;
  onChange?: (id: number | undefined, org: OrgOption | undefined) => void;
  /** Restrict to one jurisdiction (a jurisdiction admin's own). */
  jurisdiction?: string;
  /** Shown even when not in the current search results (e.g. the user's current organisation). */
  fixed?: OrgOption[];
  placeholder?: string;
  /** The accessible name (defaults to the placeholder; a labelled form item needs neither). */
  'aria-label'?: string;
  disabled?: boolean;
  allowClear?: boolean;
  testId: string;
  style?: React.CSSProperties;
}) {
  const labels = useLabels();
  const [debounced, setSearch] = useDebouncedSearch();

  const { data, isFetching } = useQuery({
    queryKey: ['organizations', 'picker', debounced, props.jurisdiction ?? ''],
    queryFn: ({ signal }) =>
      organizationsApi.list({ q: debounced || undefined, jurisdiction: props.jurisdiction, page: 1, pageSize: 20, sort: 'name' }, signal),
    placeholderData: keepPreviousData,
    enabled: !props.disabled,
  });

  const known = new Map<number, OrgOption>();
  for (const o of props.fixed ?? []) known.set(o.id, o);
  for (const o of data?.items ?? ([] as Organization[])) known.set(o.id, { id: o.id, name: o.name, jurisdictionCode: o.jurisdictionCode });

  return (
    <Select<number>
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear={props.allowClear}
      value={props.value}
      disabled={props.disabled}
      placeholder={props.placeholder}
      aria-label={props['aria-label'] ?? props.placeholder}
      loading={isFetching}
      onChange={(id) => props.onChange?.(id, id === undefined ? undefined : known.get(id))}
      data-testid={props.testId}
      style={props.style}
      popupMatchSelectWidth={false}
      options={[...known.values()].map((o) => ({
        value: o.id,
        label: o.name,
        jurisdiction: o.jurisdictionCode,
      }))}
      optionRender={(opt) => (
        <span data-testid={`${props.testId}-opt-${String(opt.value)}`}>
          {opt.label}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction((opt.data as { jurisdiction?: string }).jurisdiction)}
          </Typography.Text>
        </span>
      )}
    />
  );
}

/**
 * Picks an organisation by searching the directory. Options carry data-testid
 * `<testId>-opt-<id>`; the chosen organisation keeps its name even when a later search no
 * longer lists it.
 */
export function OrgSelect(props: {
  /** Given by a Form.Item: ties its label to the input. */
  id?: string;
  value?: number;
  onChange?: (id: number | undefined, org?: Organization) => void;
  testId: string;
  placeholder?: string;
  /** Organisation types to leave out (e.g. government departments for a team). */
  excludeTypes?: string[];
  allowClear?: boolean;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [debounced, setQ] = useDebouncedSearch();
  const known = useRef(new Map<number, Organization>());
  const list = useQuery({
    queryKey: ['organizations', 'picker', debounced],
    queryFn: ({ signal }) => organizationsApi.list({ q: debounced || undefined, page: 1, pageSize: 30, status: 'active', sort: 'name' }, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const items = (list.data?.items ?? []).filter((o) => !props.excludeTypes?.includes(o.type));
  for (const o of items) known.current.set(o.id, o);
  const selected = props.value != null ? known.current.get(props.value) : undefined;
  const all = [...items];
  if (selected && !all.some((o) => o.id === selected.id)) all.unshift(selected);
  const options = all.map((o) => ({ value: o.id, label: o.name, org: o }));
  return (
    <Select<number>
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={props.allowClear}
      value={props.value}
      placeholder={props.placeholder ?? t('calls.orgPlaceholder')}
      aria-label={props.placeholder}
      loading={list.isFetching}
      onChange={(v) => props.onChange?.(v ?? undefined, v != null ? known.current.get(v) : undefined)}
      options={options}
      optionRender={(o) => (
        <Flex vertical gap={0} data-testid={`${props.testId}-opt-${String(o.value)}`}>
          <span style={{ whiteSpace: 'normal' }}>{o.label}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(o.data.org.jurisdictionCode)} · {labels.orgType(o.data.org.type)}
          </Typography.Text>
        </Flex>
      )}
      popupMatchSelectWidth={false}
      style={{ width: '100%', minWidth: 0, ...props.style }}
      data-testid={props.testId}
      notFoundContent={list.isFetching ? t('common.loading') : undefined}
    />
  );
}
