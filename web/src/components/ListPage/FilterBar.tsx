// The filter bar of a list: a search box, selects, a month, or a page's own control, then refresh
// and reset. Every control carries data-testid `<prefix>-filter-<key>` unless it says otherwise,
// and every option of a select `<that id>-opt-<value>`. On phones the search box takes the whole
// row and the others two to a row.
import { Fragment, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Button, DatePicker, Flex, Input, Select, Tooltip } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { dayjs, endOfDayIso, startOfDayIso, toPickerValue } from '../../app/time';
import { optionTestIds } from '../testids';
import type { ParamValue } from './useListState';

interface FilterBase {
  /** The filter's name in the query (and the address). */
  key: string;
  /** data-testid; `<prefix>-filter-<key>` unless given. */
  testId?: string;
  /** Desktop width in px. */
  width?: number;
  /** Width on phones: half a row unless given (the search box: the whole row). */
  phoneWidth?: CSSProperties['width'];
}

export type FilterSpec =
  | (FilterBase & {
      kind: 'search';
      placeholder: string;
      /** The typed text as the filter's value (default: trimmed, empty as none). */
      normalize?: (text: string) => string | undefined;
    })
  | (FilterBase & {
      kind: 'select';
      placeholder: string;
      options: { value: string | number; label: ReactNode }[];
      /** Options wider than the box (long labels). */
      wideOptions?: boolean;
      showSearch?: boolean;
      /** Several values, sent comma-separated (`status=requested,confirmed`). */
      multiple?: boolean;
    })
  /** Two dates: the start of the first and the end of the second day (Beijing time) as `key` and `toKey`. */
  | (FilterBase & { kind: 'dateRange'; toKey: string })
  | (FilterBase & { kind: 'month'; placeholder: string })
  /** The list's sort as a select (where column headers cannot be clicked: phones). */
  | (FilterBase & { kind: 'sort'; options: { value: string; label: ReactNode }[]; phoneOnly?: boolean; ariaLabel?: string })
  | (FilterBase & {
      kind: 'custom';
      /** `values`: every filter's value (one filter may narrow another's choices). */
      render: (ctx: {
        value: ParamValue;
        values: Record<string, ParamValue>;
        onChange: (value: ParamValue) => void;
        style: CSSProperties;
        testId: string;
      }) => ReactNode;
    });

export interface FilterBarProps {
  testPrefix: string;
  filters: Array<FilterSpec | false | null | undefined>;
  values: Record<string, ParamValue>;
  /** Changes one or more filters (a date range sets two). */
  onChange: (patch: Record<string, ParamValue>) => void;
  sort?: string;
  onSort?: (sort: string | undefined) => void;
  onRefresh?: () => void;
  /** Shows the reset button (data-testid `<prefix>-filter-reset` unless a string is given). */
  reset?: boolean | string;
  onReset?: () => void;
  /** After the buttons (a note, a page's own control). */
  extra?: ReactNode;
  /** data-testid of the bar; `<prefix>-filters` unless given. */
  testId?: string;
}

function SearchFilter(props: {
  value: string | undefined;
  placeholder: string;
  style: CSSProperties;
  testId: string;
  onSearch: (v: string | undefined) => void;
  normalize?: (text: string) => string | undefined;
}) {
  const [text, setText] = useState(props.value ?? '');
  // Follow the address (Back, a link, reset).
  useEffect(() => setText(props.value ?? ''), [props.value]);
  const normalize = props.normalize ?? ((v: string) => v.trim() || undefined);
  return (
    <Input.Search
      aria-label={props.placeholder}
      allowClear
      placeholder={props.placeholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) props.onSearch(undefined);
      }}
      onSearch={(v) => props.onSearch(normalize(v))}
      style={props.style}
      data-testid={props.testId}
    />
  );
}

export function FilterBar(props: FilterBarProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const width = (f: FilterBase, desktop: number, phone: CSSProperties['width']): CSSProperties['width'] =>
    isPhone ? (f.phoneWidth ?? phone) : (f.width ?? desktop);
  const controls = props.filters.filter((f): f is FilterSpec => !!f);

  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }} data-testid={props.testId ?? `${props.testPrefix}-filters`}>
      {controls.map((f) => {
        const testId = f.testId ?? `${props.testPrefix}-filter-${f.key}`;
        const value = props.values[f.key];
        const set = (v: ParamValue) => props.onChange({ [f.key]: v });
        switch (f.kind) {
          case 'search':
            return (
              <SearchFilter
                key={f.key}
                value={value === undefined ? undefined : String(value)}
                placeholder={f.placeholder}
                style={{ width: width(f, 240, '100%') }}
                testId={testId}
                onSearch={set}
                normalize={f.normalize}
              />
            );
          case 'select':
            if (f.multiple)
              return (
                <Select
                  aria-label={f.placeholder}
                  key={f.key}
                  mode="multiple"
                  allowClear
                  placeholder={f.placeholder}
                  value={typeof value === 'string' && value ? value.split(',') : []}
                  onChange={(v: string[]) => set(v.length ? v.join(',') : undefined)}
                  options={f.options}
                  optionRender={optionTestIds(`${testId}-opt`)}
                  style={{ minWidth: width(f, 220, '100%') }}
                  maxTagCount="responsive"
                  data-testid={testId}
                />
              );
            return (
              <Select
                aria-label={f.placeholder}
                key={f.key}
                allowClear
                showSearch={f.showSearch}
                placeholder={f.placeholder}
                value={value as string | number | undefined}
                onChange={(v) => set(v ?? undefined)}
                options={f.options}
                optionRender={optionTestIds(`${testId}-opt`)}
                popupMatchSelectWidth={f.wideOptions ? false : undefined}
                style={{ width: width(f, 130, 'calc(50% - 4px)') }}
                data-testid={testId}
              />
            );
          case 'dateRange': {
            const to = props.values[f.toKey];
            return (
              <DatePicker.RangePicker
                key={f.key}
                value={value || to ? [toPickerValue(value as string | undefined), toPickerValue(to as string | undefined)] : null}
                onChange={(r) => props.onChange({ [f.key]: r?.[0] ? startOfDayIso(r[0]) : undefined, [f.toKey]: r?.[1] ? endOfDayIso(r[1]) : undefined })}
                style={{ width: width(f, 260, '100%') }}
                data-testid={testId}
              />
            );
          }
          case 'month':
            return (
              <DatePicker
                aria-label={f.placeholder}
                key={f.key}
                picker="month"
                value={typeof value === 'string' ? dayjs(`${value}-01`) : null}
                onChange={(v) => set(v ? v.format('YYYY-MM') : undefined)}
                placeholder={f.placeholder}
                style={{ width: width(f, 140, 'calc(50% - 4px)') }}
                data-testid={testId}
              />
            );
          case 'sort':
            if (f.phoneOnly && !isPhone) return null;
            return (
              <Select
                key={f.key}
                value={props.sort}
                onChange={(v) => props.onSort?.(v)}
                options={f.options}
                style={{ width: width(f, 180, '100%') }}
                data-testid={f.testId ?? `${props.testPrefix}-sort`}
                aria-label={f.ariaLabel}
              />
            );
          case 'custom':
            return (
              <Fragment key={f.key}>
                {f.render({ value, values: props.values, onChange: set, style: { width: width(f, 130, 'calc(50% - 4px)') }, testId })}
              </Fragment>
            );
        }
      })}
      {props.onRefresh ? (
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={props.onRefresh} aria-label={t('common.refresh')} data-testid={`${props.testPrefix}-refresh`} />
        </Tooltip>
      ) : null}
      {props.reset ? (
        <Button onClick={props.onReset} data-testid={typeof props.reset === 'string' ? props.reset : `${props.testPrefix}-filter-reset`}>
          {t('common.reset')}
        </Button>
      ) : null}
      {props.extra}
    </Flex>
  );
}
