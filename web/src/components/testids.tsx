// Stable test hooks for antd Select options: every option in the drop-down gets
// data-testid `<prefix>-<value>` (the selected value shown in the box does not).
import type { ReactNode } from 'react';

export function optionTestIds(prefix: string) {
  return (option: { value?: unknown; label?: ReactNode }) => <span data-testid={`${prefix}-${String(option.value)}`}>{option.label}</span>;
}

/** Row attributes for antd Table's onRow: data-testid `<prefix>-<id>`. */
export function rowTestId(prefix: string, id: string | number): React.HTMLAttributes<HTMLElement> {
  return { 'data-testid': `${prefix}-${id}` } as React.HTMLAttributes<HTMLElement>;
}
