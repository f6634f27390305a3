// A Select of organisations searched on the server by name or credit code.
import { useEffect, useState } from 'react';
import { Select, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLabels } from '../../app/reference';
import { organizationsApi, type Organization } from '../organizations/api';

export interface OrgOption {
  id: number;
  name: string;
  jurisdictionCode: string;
}

export function OrganizationSelect(props: {
  value?: number;
  onChange?: (id: number | undefined, org: OrgOption | undefined) => void;
  /** Restrict to one jurisdiction (a jurisdiction admin's own). */
  jurisdiction?: string;
  /** Shown even when not in the current search results (e.g. the user's current organisation). */
  fixed?: OrgOption[];
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  testId: string;
  style?: React.CSSProperties;
}) {
  const labels = useLabels();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(h);
  }, [search]);

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
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear={props.allowClear}
      value={props.value}
      disabled={props.disabled}
      placeholder={props.placeholder}
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
