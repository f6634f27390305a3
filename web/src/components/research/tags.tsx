// Pieces the research pages share (calls, reviews, experts, integrity records): the labels of
// their codes, status and kind tags, a tags input for discipline codes and keywords.
import { Flex, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallKind } from '../../api/calls';

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  published: 'cyan',
  open: 'green',
  closed: 'orange',
  review: 'gold',
  decision: 'purple',
  notice: 'blue',
  awarded: 'geekblue',
  milestones: 'magenta',
  completed: 'success',
  terminated: 'red',
  submitted: 'blue',
  not_awarded: 'default',
  eliminated: 'red',
  withdrawn: 'default',
  assigned: 'gold',
  conflict: 'red',
  available: 'green',
  busy: 'orange',
  unavailable: 'default',
  active: 'red',
  pending: 'gold',
  expired: 'default',
  revoked: 'default',
  upheld: 'green',
  dismissed: 'default',
};

export function useResearchLabels() {
  const { t, i18n } = useTranslation();
  const tr = (prefix: string, v: string | null | undefined) => {
    if (!v) return '';
    const key = `${prefix}.${v}`;
    return i18n.exists(key) ? (t as (k: string) => string)(key) : v;
  };
  return {
    callStatus: (v: string | null | undefined) => tr('calls.status', v),
    callKind: (v: string | null | undefined) => tr('calls.kind', v),
    appStatus: (v: string | null | undefined) => tr('calls.appStatus', v),
    transition: (v: string | null | undefined) => tr('calls.to', v),
    conflict: (v: string | null | undefined) => tr('calls.conflict', v),
    uncovered: (v: string | null | undefined) => tr('calls.assign.reason', v),
    reviewStatus: (v: string | null | undefined) => tr('reviews.status', v),
    criterion: (v: string | null | undefined) => tr('reviews.criteria', v),
    availability: (v: string | null | undefined) => tr('experts.availability', v),
    relation: (v: string | null | undefined) => tr('experts.relationKind', v),
    recordState: (v: string | null | undefined) => tr('integrity.state', v),
    subjectType: (v: string | null | undefined) => tr('integrity.subjectType', v),
    appealStatus: (v: string | null | undefined) => tr('integrity.appealStatus', v),
  };
}

export function RStatusTag(props: { status: string; label: string; testId?: string }) {
  return (
    <Tag color={STATUS_COLORS[props.status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId} data-status={props.status}>
      {props.label}
    </Tag>
  );
}

const KIND_COLORS: Record<CallKind, string> = { joint_fund: 'blue', challenge: 'volcano', horse_race: 'purple' };
export function KindTag(props: { kind: string; testId?: string }) {
  const rl = useResearchLabels();
  return (
    <Tag color={KIND_COLORS[props.kind as CallKind] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId}>
      {rl.callKind(props.kind)}
    </Tag>
  );
}

/** A free tags input (keywords, discipline codes); `validate` marks tags it rejects. The `id` a Form.Item passes ties its label to the input. */
export function TagsInput(props: { id?: string; value?: string[]; onChange?: (v: string[]) => void; testId: string; placeholder?: string; maxCount?: number }) {
  return (
    <Select
      id={props.id}
      aria-label={props.placeholder}
      mode="tags"
      value={props.value}
      onChange={(v: string[]) => props.onChange?.(v.map((x) => x.trim()).filter(Boolean))}
      tokenSeparators={[',', '，', ' ', '、']}
      open={false}
      placeholder={props.placeholder}
      maxCount={props.maxCount}
      style={{ width: '100%' }}
      data-testid={props.testId}
      suffixIcon={null}
    />
  );
}

/** The GB/T 13745 first-level name of a discipline code (3, 5 or 7 digits), or '' when unknown. */
export function useDisciplineName() {
  const { t, i18n } = useTranslation();
  return (code: string) => {
    const key = `market.fieldNames.${code.slice(0, 3)}`;
    return i18n.exists(key) ? (t as (k: string) => string)(key) : '';
  };
}

/** Discipline codes with their names: "520 计算机科学技术" (deeper codes named by their first level). */
export function DisciplineTags(props: { codes: string[]; testId?: string }) {
  const name = useDisciplineName();
  return (
    <Flex wrap gap={4} data-testid={props.testId}>
      {props.codes.map((c) => (
        <Tag key={c} style={{ marginInlineEnd: 0 }} color="geekblue" data-testid="discipline-tag">
          <code>{c}</code>
          {name(c) ? ` ${name(c)}` : ''}
        </Tag>
      ))}
    </Flex>
  );
}

export function KeywordTags(props: { words: string[]; testId?: string }) {
  return (
    <Flex wrap gap={4} data-testid={props.testId}>
      {props.words.map((w) => (
        <Tag key={w} style={{ marginInlineEnd: 0 }}>
          {w}
        </Tag>
      ))}
    </Flex>
  );
}

/** "0.3800" → "0.38" */
export const fmtNum = (x: number | null | undefined, digits = 2) =>
  x == null || !Number.isFinite(x) ? '—' : String(Math.round(x * 10 ** digits) / 10 ** digits);
/** Basis points → "40%". */
export const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;
