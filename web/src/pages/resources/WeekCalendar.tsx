// A week of a resource's time, Monday to Sunday in Beijing time, one row per slot within its
// opening hours: free, taken by others, mine, closed (closure or maintenance), not open, past, or
// too close for the chosen mode's notice. Pick a range on one day by clicking its first and last
// slot, or by dragging; conflicting intervals from a refused booking are outlined in red.
// Keyboard (WCAG 2.1.1): the grid is one Tab stop (roving tabindex); arrow keys move between slots
// (Home/End: first/last slot of the day, Page Up/Down: the previous/next week), Enter or Space
// picks like a click (first slot, then last slot), Shift+arrow extends the range on that day.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Flex, Skeleton, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { dayjs } from '../../app/time';
import { DAY_KEYS, type Availability, type Interval, type OpeningHours } from '../../api/resources';

export type CellState = 'free' | 'busy' | 'mine' | 'closed' | 'off' | 'notice';

export interface Selection {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
}

interface Span {
  s: number;
  e: number;
}

const DAY_MS = 86_400_000;
const toSpans = (xs: Interval[] | undefined): Span[] => (xs ?? []).map((x) => ({ s: Date.parse(x.startsAt), e: Date.parse(x.endsAt) }));
const overlaps = (xs: Span[], a: number, b: number) => xs.some((x) => x.s < b && x.e > a);
const covered = (xs: Span[], a: number, b: number) => xs.some((x) => x.s <= a && x.e >= b);

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The rows of the grid: from the earliest opening to the latest closing of any weekday, on the slot grid. */
export function slotRows(hours: OpeningHours, slotMinutes: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of DAY_KEYS) {
    for (const [a, b] of hours[d] ?? []) {
      lo = Math.min(lo, minutesOf(a));
      hi = Math.max(hi, minutesOf(b));
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return [];
  const from = Math.floor(lo / slotMinutes) * slotMinutes;
  const to = Math.ceil(hi / slotMinutes) * slotMinutes;
  const rows: number[] = [];
  for (let m = from; m < to; m += slotMinutes) rows.push(m);
  return rows;
}

const COLORS: Record<CellState, { bg: string; border: string }> = {
  free: { bg: '#e8f6ec', border: '#b7e3c4' },
  busy: { bg: '#ffd8bf', border: '#ffbb96' },
  mine: { bg: '#bae0ff', border: '#69b1ff' },
  closed: { bg: 'repeating-linear-gradient(135deg, #f0f0f0 0 4px, #d9d9d9 4px 8px)', border: '#d9d9d9' },
  off: { bg: '#f5f6f8', border: '#eceef2' },
  notice: { bg: '#f4f8f5', border: '#e1ebe4' },
};

export function CalendarLegend(props: { states?: CellState[] }) {
  const { t } = useTranslation();
  const states: Array<CellState | 'selected' | 'conflict'> = [...(props.states ?? ['free', 'busy', 'mine', 'closed', 'notice', 'off']), 'selected', 'conflict'];
  return (
    <Flex wrap gap={10} style={{ fontSize: 12 }} data-testid="calendar-legend">
      {states.map((s) => (
        <Flex key={s} align="center" gap={4}>
          <span
            style={{
              display: 'inline-block',
              width: 14,
              height: 12,
              borderRadius: 2,
              background: s === 'selected' ? '#1f5fbf' : s === 'conflict' ? '#fff' : COLORS[s].bg,
              border: s === 'conflict' ? '2px solid #f5222d' : `1px solid ${s === 'selected' ? '#1f5fbf' : COLORS[s].border}`,
            }}
          />
          <span>{t(`calendar.legend.${s}`)}</span>
        </Flex>
      ))}
    </Flex>
  );
}

export function WeekCalendar(props: {
  weekStart: Dayjs;
  onWeekChange: (weekStart: Dayjs) => void;
  hours: OpeningHours;
  slotMinutes: number;
  availability: Availability | undefined;
  loading: boolean;
  /** Notice of the chosen service mode, in minutes, and the booking window in days. */
  leadMinutes: number;
  maxAdvanceDays: number;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
  conflicts?: Interval[];
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const now = Date.now();
  const rows = useMemo(() => slotRows(props.hours, props.slotMinutes), [props.hours, props.slotMinutes]);
  const weekMs = props.weekStart.valueOf();
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => props.weekStart.add(i, 'day')), [props.weekStart]);
  const slotMs = props.slotMinutes * 60_000;

  const spans = useMemo(() => {
    const a = props.availability;
    return {
      open: toSpans(a?.open),
      closures: toSpans(a?.closures),
      mine: toSpans(a?.busy.filter((b) => b.mine)),
      free: toSpans(a?.free),
      conflicts: toSpans(props.conflicts),
    };
  }, [props.availability, props.conflicts]);

  const stateOf = (a: number, b: number): CellState => {
    if (!covered(spans.open, a, b)) return 'off';
    if (overlaps(spans.closures, a, b)) return 'closed';
    if (overlaps(spans.mine, a, b)) return 'mine';
    if (!covered(spans.free, a, b)) return 'busy';
    if (a < now + props.leadMinutes * 60_000 || a > now + props.maxAdvanceDays * DAY_MS) return 'notice';
    return 'free';
  };

  // Picking: the first click (or press) anchors; a second click on the same day, or a drag, extends.
  const anchor = useRef<{ day: number; row: number; pending: boolean } | null>(null);
  const [dragging, setDragging] = useState(false);
  const cellStart = (day: number, row: number) => weekMs + day * DAY_MS + rows[row] * 60_000;
  const select = (day: number, r1: number, r2: number) => {
    const lo = Math.min(r1, r2);
    const hi = Math.max(r1, r2);
    props.onSelect({ start: cellStart(day, lo), end: cellStart(day, hi) + slotMs });
  };
  const onDown = (day: number, row: number) => {
    const a = anchor.current;
    if (a && a.pending && a.day === day && a.row !== row) {
      select(day, a.row, row);
      anchor.current = { ...a, pending: false };
      return;
    }
    anchor.current = { day, row, pending: true };
    setDragging(true);
    select(day, row, row);
  };
  const onEnter = (day: number, row: number) => {
    const a = anchor.current;
    if (!dragging || !a || a.day !== day) return;
    select(day, a.row, row);
    if (row !== a.row) anchor.current = { ...a, pending: false };
  };

  // Keyboard: the focused slot (day, row); focus follows it once the grid holds the focus.
  const gridRef = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<{ day: number; row: number } | null>(null);
  const focusWithin = useRef(false);
  const selectableAt = (day: number, row: number) => {
    const a = cellStart(day, row);
    return a >= now && stateOf(a, a + slotMs) !== 'off';
  };
  // Where Tab lands: the cursor, else the start of the selection, else the first free slot, else the first slot.
  const tabStop = (() => {
    if (cursor && cursor.row < rows.length) return cursor;
    if (props.selection) {
      const day = Math.floor((props.selection.start - weekMs) / DAY_MS);
      const row = rows.findIndex((_, r) => cellStart(day, r) === props.selection!.start);
      if (day >= 0 && day < 7 && row >= 0) return { day, row };
    }
    for (let day = 0; day < 7; day++)
      for (let row = 0; row < rows.length; row++)
        if (stateOf(cellStart(day, row), cellStart(day, row) + slotMs) === 'free' && cellStart(day, row) >= now) return { day, row };
    return { day: 0, row: 0 };
  })();
  // Page Up/Down load another week: the grid is replaced while it loads; give the focus back after.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current || !gridRef.current) return;
    refocus.current = false;
    const at = cursor ?? tabStop;
    gridRef.current.querySelector<HTMLElement>(`[data-cell="${at.day}-${at.row}"]`)?.focus();
  });
  useEffect(() => {
    if (!focusWithin.current || !cursor) return;
    gridRef.current?.querySelector<HTMLElement>(`[data-cell="${cursor.day}-${cursor.row}"]`)?.focus();
  }, [cursor]);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, day: number, row: number) => {
    let next = { day, row };
    switch (e.key) {
      case 'ArrowUp':
        next = { day, row: Math.max(0, row - 1) };
        break;
      case 'ArrowDown':
        next = { day, row: Math.min(rows.length - 1, row + 1) };
        break;
      case 'ArrowLeft':
        if (e.shiftKey) return;
        next = { day: Math.max(0, day - 1), row };
        break;
      case 'ArrowRight':
        if (e.shiftKey) return;
        next = { day: Math.min(6, day + 1), row };
        break;
      case 'Home':
        next = { day, row: 0 };
        break;
      case 'End':
        next = { day, row: rows.length - 1 };
        break;
      case 'PageUp':
      case 'PageDown':
        e.preventDefault();
        refocus.current = true;
        props.onWeekChange(props.weekStart.add(e.key === 'PageUp' ? -7 : 7, 'day'));
        return;
      case 'Enter':
      case ' ':
        e.preventDefault();
        if (selectableAt(day, row)) onDown(day, row);
        setDragging(false);
        return;
      default:
        return;
    }
    e.preventDefault();
    setCursor(next);
    // Shift+Up/Down extends the range from the anchor on the same day, as a drag does.
    if (e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && selectableAt(next.day, next.row)) {
      const a = anchor.current;
      if (!a || a.day !== day) anchor.current = { day, row, pending: true };
      select(day, anchor.current!.row, next.row);
      if (next.row !== anchor.current!.row) anchor.current = { ...anchor.current!, pending: false };
    }
  };

  const cellHeight = rows.length > 40 ? 14 : isPhone ? 20 : 22;
  const labelEvery = props.slotMinutes >= 60 ? 1 : Math.max(1, Math.round(60 / props.slotMinutes));
  const today = dayjs().tz('Asia/Shanghai').format('YYYY-MM-DD');
  const thisWeek =
    props.weekStart.format('YYYY-MM-DD') ===
    dayjs()
      .tz('Asia/Shanghai')
      .subtract((dayjs().tz('Asia/Shanghai').day() + 6) % 7, 'day')
      .format('YYYY-MM-DD');

  const header = (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
      <Flex gap={4} align="center">
        <Button
          icon={<LeftOutlined />}
          onClick={() => props.onWeekChange(props.weekStart.subtract(7, 'day'))}
          aria-label={t('calendar.prevWeek')}
          data-testid="calendar-prev"
        />
        <Button onClick={() => props.onWeekChange(dayjs())} disabled={thisWeek} data-testid="calendar-today">
          {t('calendar.thisWeek')}
        </Button>
        <Button
          icon={<RightOutlined />}
          onClick={() => props.onWeekChange(props.weekStart.add(7, 'day'))}
          aria-label={t('calendar.nextWeek')}
          data-testid="calendar-next"
        />
      </Flex>
      <Typography.Text strong data-testid="calendar-week" data-week-start={props.weekStart.format('YYYY-MM-DD')}>
        {t('calendar.weekOf', { from: days[0].format('YYYY-MM-DD'), to: days[6].format(isPhone ? 'MM-DD' : 'YYYY-MM-DD') })}
      </Typography.Text>
    </Flex>
  );

  if (rows.length === 0) {
    return (
      <div data-testid="week-calendar">
        {header}
        <Typography.Text type="secondary">{t('calendar.noHours')}</Typography.Text>
      </div>
    );
  }

  return (
    <div data-testid="week-calendar" data-loading={props.loading ? 'true' : 'false'}>
      {header}
      {props.loading && !props.availability ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <div
          ref={gridRef}
          role="grid"
          aria-label={t('calendar.title')}
          aria-describedby="week-calendar-keys"
          aria-rowcount={rows.length + 1}
          aria-colcount={8}
          onFocus={() => (focusWithin.current = true)}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) focusWithin.current = false;
          }}
          onPointerUp={() => setDragging(false)}
          onPointerLeave={() => setDragging(false)}
          style={{
            display: 'grid',
            gridTemplateColumns: `${isPhone ? 38 : 52}px repeat(7, minmax(0, 1fr))`,
            gap: 2,
            userSelect: 'none',
            touchAction: 'manipulation',
            opacity: props.loading ? 0.6 : 1,
          }}
        >
          <span id="week-calendar-keys" className="yrd-visually-hidden">
            {t('calendar.keyboardHint')}
          </span>
          <div role="row" style={{ display: 'contents' }}>
            <div role="columnheader">
              <span className="yrd-visually-hidden">{t('calendar.time')}</span>
            </div>
            {days.map((d, i) => {
              const isToday = d.format('YYYY-MM-DD') === today;
              return (
                <div
                  key={i}
                  role="columnheader"
                  style={{
                    textAlign: 'center',
                    fontSize: isPhone ? 11 : 12,
                    lineHeight: 1.3,
                    padding: '2px 0 4px',
                    fontWeight: isToday ? 700 : 500,
                    color: isToday ? '#1f5fbf' : i >= 5 ? '#5c6470' : undefined,
                    borderBottom: isToday ? '2px solid #1f5fbf' : '2px solid transparent',
                  }}
                  data-testid={`calendar-day-${d.format('YYYY-MM-DD')}`}
                >
                  <div>{t(`weekday.${DAY_KEYS[i]}`)}</div>
                  <div style={{ fontWeight: 400 }}>{d.format('MM-DD')}</div>
                </div>
              );
            })}
          </div>
          {rows.map((m, r) => (
            <RowCells
              key={m}
              label={r % labelEvery === 0 ? hhmm(m) : ''}
              height={cellHeight}
              days={days}
              compact={isPhone}
              cell={(day) => {
                const a = cellStart(day, r);
                const b = a + slotMs;
                const state = stateOf(a, b);
                const past = a < now;
                const selected = !!props.selection && props.selection.start <= a && props.selection.end >= b;
                const conflict = overlaps(spans.conflicts, a, b);
                return { a, state, past, selected, conflict };
              }}
              onDown={(day) => onDown(day, r)}
              onEnter={(day) => onEnter(day, r)}
              onKeyDown={(e, day) => onKeyDown(e, day, r)}
              onFocusCell={(day) => setCursor({ day, row: r })}
              tabStopDay={tabStop.row === r ? tabStop.day : -1}
              row={r}
              minute={m}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function RowCells(props: {
  label: string;
  height: number;
  days: Dayjs[];
  compact: boolean;
  minute: number;
  cell: (day: number) => { a: number; state: CellState; past: boolean; selected: boolean; conflict: boolean };
  onDown: (day: number) => void;
  onEnter: (day: number) => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>, day: number) => void;
  onFocusCell: (day: number) => void;
  /** The day whose slot in this row is the grid's Tab stop, or -1. */
  tabStopDay: number;
  row: number;
}) {
  const { t } = useTranslation();
  return (
    <div role="row" style={{ display: 'contents' }}>
      <div
        role="rowheader"
        aria-label={hhmm(props.minute)}
        style={{
          fontSize: props.compact ? 10 : 11,
          color: '#5c6470',
          textAlign: 'right',
          paddingInlineEnd: 4,
          lineHeight: `${props.height}px`,
          height: props.height,
          transform: 'translateY(-7px)',
        }}
      >
        {props.label}
      </div>
      {props.days.map((d, day) => {
        const c = props.cell(day);
        const time = hhmm(props.minute);
        const selectable = c.state !== 'off' && !c.past;
        const color = COLORS[c.state];
        const label = `${t(`weekday.${DAY_KEYS[day]}`)} ${d.format('MM-DD')} ${time} ${t(`calendar.legend.${c.past && c.state !== 'off' ? 'past' : c.state}`)}${c.selected ? ` · ${t('calendar.legend.selected')}` : ''}`;
        return (
          <div
            key={day}
            title={label}
            role="gridcell"
            aria-label={label}
            aria-selected={c.selected}
            aria-disabled={!selectable}
            className="yrd-slot"
            tabIndex={props.tabStopDay === day ? 0 : -1}
            data-cell={`${day}-${props.row}`}
            onKeyDown={(e) => props.onKeyDown(e, day)}
            onFocus={() => props.onFocusCell(day)}
            data-testid={`cal-cell-${d.format('YYYY-MM-DD')}-${time.replace(':', '')}`}
            data-state={c.state}
            data-past={c.past ? 'true' : 'false'}
            data-selected={c.selected ? 'true' : 'false'}
            data-conflict={c.conflict ? 'true' : 'false'}
            onPointerDown={(e) => {
              if (!selectable) return;
              e.preventDefault();
              props.onDown(day);
            }}
            onPointerEnter={() => selectable && props.onEnter(day)}
            style={{
              height: props.height,
              borderRadius: 3,
              background: c.selected ? '#1f5fbf' : color.bg,
              border: c.conflict ? '2px solid #f5222d' : `1px solid ${c.selected ? '#1f5fbf' : color.border}`,
              opacity: c.past && c.state !== 'off' ? 0.45 : 1,
              cursor: selectable ? 'pointer' : 'default',
              boxSizing: 'border-box',
            }}
          />
        );
      })}
    </div>
  );
}
