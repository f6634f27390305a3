// Columns many lists share.
import type { ReactNode } from 'react';
import type { ColumnType } from 'antd/es/table/interface';
import { formatDate, formatTime } from '../../app/time';

type Options<T> = Omit<ColumnType<T>, 'key' | 'title' | 'render'>;

/** An instant in Beijing time ("2026-12-01 10:30") on one line; `sorter: true` sorts on the server. */
export function timeColumn<T>(key: keyof T & string, title: ReactNode, opts: Options<T> = {}): ColumnType<T> {
  return {
    key,
    title,
    width: 140,
    ...opts,
    render: (_: unknown, row: T) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(row[key] as string | null)}</span>,
  };
}

/** A calendar date in Beijing time ("2026-12-01"). */
export function dateColumn<T>(key: keyof T & string, title: ReactNode, opts: Options<T> = {}): ColumnType<T> {
  return { key, title, width: 110, ...opts, render: (_: unknown, row: T) => formatDate(row[key] as string | null) };
}
