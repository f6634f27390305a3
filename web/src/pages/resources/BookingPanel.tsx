// Booking a selected time: service mode, date and times (kept in step with the calendar), samples,
// purpose, an optional weekly repeat, the server's quote, and the Book button. Refusals are shown
// as the server gives them: the rule broken (422), the conflicting intervals (409, also outlined
// on the calendar), or each week of a series. A taken slot offers the waitlist instead.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Divider, Flex, Form, Input, InputNumber, Modal, Radio, Select, Tag, Typography } from 'antd';
import { CalendarOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { ApiError, type Problem } from '../../app/api';
import { useAccess } from '../../app/access';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { bj, bjAt, dayjs, formatRange } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { bookingsApi, isSeries, type Booking, type Occurrence, type SeriesCreated } from '../../api/bookings';
import { resourcesApi, type Availability, type Interval, type Resource, type ServiceMode } from '../../api/resources';
import { BookingStatusTag } from '../../components/resources/tags';
import { trainingRequestsApi } from '../../api/workbench';
import type { Selection } from './WeekCalendar';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minutes after Beijing midnight of the selection's day (1440 for an end at the next midnight). */
function dayMinutes(ms: number, dayStartMs: number) {
  return Math.round((ms - dayStartMs) / 60_000);
}

const iso = (ms: number) => new Date(ms).toISOString();

export function BookingPanel(props: {
  resource: Resource;
  availability: Availability | undefined;
  rows: number[];
  mode: ServiceMode;
  onModeChange: (mode: ServiceMode) => void;
  selection: Selection | null;
  onSelect: (s: Selection | null) => void;
  onConflicts: (c: Interval[]) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const r = props.resource;
  const sel = props.selection;
  const slot = r.rules.slotMinutes;

  const [samples, setSamples] = useState<number | null>(1);
  const [purpose, setPurpose] = useState('');
  const [repeat, setRepeat] = useState<number | null>(null);
  const [skipConflicts, setSkipConflicts] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<Booking | SeriesCreated | null>(null);
  const [waitlisted, setWaitlisted] = useState(false);

  // A new selection or mode starts afresh.
  useEffect(() => {
    setProblem(null);
    setDone(null);
    setWaitlisted(false);
  }, [sel?.start, sel?.end, props.mode]);

  const samplesOrUndefined = props.mode === 'sample_submission' ? (samples ?? 0) : undefined;
  const quote = useQuery({
    queryKey: ['quote', r.id, props.mode, sel?.start, sel?.end, samplesOrUndefined],
    queryFn: ({ signal }) =>
      resourcesApi.quote(r.id, { mode: props.mode, startsAt: iso(sel!.start), endsAt: iso(sel!.end), samples: samplesOrUndefined }, signal),
    enabled: !!sel && !!props.mode && sel.end > sel.start,
  });

  // Is the selection taken by somebody else (no room left)?
  const taken = useMemo(() => {
    const a = props.availability;
    if (!a || !sel) return false;
    const span = (x: Interval) => ({ s: Date.parse(x.startsAt), e: Date.parse(x.endsAt) });
    const others = a.busy.some((b) => !b.mine && span(b).s < sel.end && span(b).e > sel.start);
    const free = a.free.some((f) => span(f).s <= sel.start && span(f).e >= sel.end);
    return others && !free;
  }, [props.availability, sel]);

  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['availability', r.id] });
    void qc.invalidateQueries({ queryKey: ['bookings'] });
    void qc.invalidateQueries({ queryKey: ['waitlist'] });
  };

  const book = useMutation({
    mutationFn: () =>
      bookingsApi.create({
        resourceId: r.id,
        mode: props.mode,
        startsAt: iso(sel!.start),
        endsAt: iso(sel!.end),
        ...(props.mode === 'sample_submission' ? { samples: samples ?? 0 } : {}),
        ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
        ...(repeat && repeat > 1 ? { rrule: `FREQ=WEEKLY;COUNT=${repeat}`, skipConflicts } : {}),
      }),
    onSuccess: (res) => {
      setProblem(null);
      setDone(res);
      props.onConflicts([]);
      invalidate();
      if (isSeries(res)) fb.success(t('booking.bookedSeries', { n: res.bookings.length }));
      else fb.success(t('booking.booked', { status: labels.bookingStatus(res.status) }));
    },
    onError: (err) => {
      setDone(null);
      if (err instanceof ApiError && ['booking-conflict', 'booking-rule', 'rule-violated', 'validation-failed', 'forbidden'].includes(err.code)) {
        setProblem(err.problem);
        const conflicts = (err.problem.conflicts as Interval[] | undefined) ?? [];
        const fromOccurrences = ((err.problem.occurrences as Occurrence[] | undefined) ?? []).flatMap((o) => o.conflicts);
        props.onConflicts([...conflicts, ...fromOccurrences]);
        if (err.code === 'booking-conflict') invalidate();
      } else {
        fb.error(err);
      }
    },
  });

  const waitlist = useMutation({
    mutationFn: () =>
      resourcesApi.joinWaitlist(r.id, {
        mode: props.mode,
        startsAt: iso(sel!.start),
        endsAt: iso(sel!.end),
        ...(props.mode === 'sample_submission' ? { samples: samples ?? 0 } : {}),
      }),
    onSuccess: () => {
      setWaitlisted(true);
      fb.success(t('booking.waitlistJoined'));
      void qc.invalidateQueries({ queryKey: ['waitlist'] });
    },
    onError: (err) => fb.error(err),
  });

  // ---- the date and time fields, in step with the calendar selection ----
  const selDay = sel ? dayjs.tz(bj(sel.start).format('YYYY-MM-DD'), 'Asia/Shanghai') : null;
  const startMin = sel && selDay ? dayMinutes(sel.start, selDay.valueOf()) : undefined;
  const endMin = sel && selDay ? dayMinutes(sel.end, selDay.valueOf()) : undefined;
  const startOptions = props.rows.map((m) => ({ value: m, label: hhmm(m) }));
  const last = props.rows.length ? props.rows[props.rows.length - 1] + slot : 0;
  const endOptions = props.rows
    .map((m) => m + slot)
    .filter((m) => startMin === undefined || m > startMin)
    .map((m) => ({ value: m, label: hhmm(m) }));
  const setTimes = (date: string, from: number, to: number) => {
    const a = bjAt(date, hhmm(from)).valueOf();
    const b = bjAt(date, '00:00').valueOf() + to * 60_000;
    props.onSelect({ start: a, end: b > a ? b : a + slot * 60_000 });
  };
  const onDate = (d: Dayjs | null) => {
    if (!d) return props.onSelect(null);
    const date = d.format('YYYY-MM-DD');
    const from = startMin ?? props.rows[0] ?? 540;
    const to = endMin ?? Math.min(from + slot, last || from + slot);
    setTimes(date, from, to);
  };

  const canBook = access.canBook;
  // Self-operation without a valid training authorisation would be refused (422): the panel
  // offers a training request instead of the booking (defect 8).
  const training = props.availability?.training ?? null;
  const needsTraining = props.mode === 'self_operation' && canBook && !!training && !training.validUntil;
  const isSample = props.mode === 'sample_submission';
  const occurrences = (problem?.occurrences as Occurrence[] | undefined) ?? (done && isSeries(done) ? done.occurrences : undefined);
  const conflicts = (problem?.conflicts as Interval[] | undefined) ?? [];

  return (
    <Flex vertical gap={12} data-testid="booking-panel">
      <Form layout="vertical" component={false}>
        <Form.Item label={t('booking.mode')} style={{ marginBottom: 12 }}>
          <Radio.Group
            value={props.mode}
            onChange={(e) => props.onModeChange(e.target.value as ServiceMode)}
            optionType="button"
            buttonStyle="solid"
            data-testid="booking-mode"
          >
            {r.serviceModes.map((m) => (
              <Radio.Button key={m} value={m}>
                <span data-testid={`booking-mode-${m}`}>{labels.serviceMode(m)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
            {t(`serviceModeHint.${props.mode as 'assisted'}`)}
          </Typography.Text>
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item label={t('booking.date')} style={{ marginBottom: 12, flex: '1 1 140px' }}>
            <DatePicker
              value={selDay ? dayjs(selDay.format('YYYY-MM-DD')) : null}
              onChange={onDate}
              allowClear={false}
              style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              data-testid="booking-date"
            />
          </Form.Item>
          <Form.Item label={t('booking.start')} style={{ marginBottom: 12, flex: '1 1 90px' }}>
            <Select
              value={startMin}
              disabled={!sel}
              options={startOptions}
              onChange={(v: number) => selDay && setTimes(selDay.format('YYYY-MM-DD'), v, Math.max(endMin ?? 0, v + slot))}
              data-testid="booking-start"
              aria-label={t('booking.start')}
              suffixIcon={<ClockCircleOutlined />}
            />
          </Form.Item>
          <Form.Item label={t('booking.end')} style={{ marginBottom: 12, flex: '1 1 90px' }}>
            <Select
              value={endMin}
              disabled={!sel}
              options={endOptions}
              onChange={(v: number) => selDay && startMin !== undefined && setTimes(selDay.format('YYYY-MM-DD'), startMin, v)}
              data-testid="booking-end"
              aria-label={t('booking.end')}
              suffixIcon={<ClockCircleOutlined />}
            />
          </Form.Item>
        </Flex>
        {isSample ? (
          <Form.Item label={t('booking.samples')} style={{ marginBottom: 12 }}>
            <InputNumber
              min={1}
              max={10000}
              precision={0}
              value={samples}
              onChange={setSamples}
              style={{ width: 140 }}
              data-testid="booking-samples"
              aria-label={t('booking.samples')}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t('booking.purpose')} style={{ marginBottom: 12 }}>
          <Input.TextArea
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('booking.purposePlaceholder')}
            aria-label={t('booking.purpose')}
            data-testid="booking-purpose"
          />
        </Form.Item>
        <Form.Item label={t('booking.repeat')} extra={t('booking.repeatHint')} style={{ marginBottom: 8 }}>
          <Flex gap={12} align="center" wrap>
            <InputNumber
              min={2}
              max={52}
              precision={0}
              value={repeat}
              onChange={setRepeat}
              suffix={t('booking.repeatSuffix')}
              style={{ width: 120 }}
              data-testid="booking-repeat"
              aria-label={t('booking.repeat')}
            />
            {repeat && repeat > 1 ? (
              <Checkbox checked={skipConflicts} onChange={(e) => setSkipConflicts(e.target.checked)} data-testid="booking-skip-conflicts">
                {t('booking.skipConflicts')}
              </Checkbox>
            ) : null}
          </Flex>
        </Form.Item>
      </Form>

      <div
        style={{ background: '#f7f9fc', border: '1px solid #e6ebf2', borderRadius: 8, padding: 12 }}
        data-testid="booking-selection"
        data-start={sel ? iso(sel.start) : ''}
        data-end={sel ? iso(sel.end) : ''}
      >
        {sel ? (
          <Flex vertical gap={6}>
            <Typography.Text>
              <CalendarOutlined /> {t('booking.selection')}
              {t('common.colon')}
              <strong data-testid="booking-selection-text">{formatRange(iso(sel.start), iso(sel.end))}</strong>
            </Typography.Text>
            <Divider style={{ margin: '4px 0' }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('booking.quote')}
            </Typography.Text>
            {quote.data ? (
              <div data-testid="booking-quote">
                {quote.data.startupFen ? <QuoteLine label={t('booking.quoteStartup')} fen={quote.data.startupFen} /> : null}
                {quote.data.timeFen || quote.data.mode !== 'sample_submission' ? (
                  <QuoteLine label={t('booking.quoteTime', { hours: Math.round((quote.data.minutes / 60) * 100) / 100 })} fen={quote.data.timeFen} />
                ) : null}
                {quote.data.mode === 'sample_submission' ? (
                  <QuoteLine label={t('booking.quoteSamples', { n: quote.data.samples })} fen={quote.data.samplesFen} />
                ) : null}
                {quote.data.consumablesFen ? <QuoteLine label={t('booking.quoteConsumables')} fen={quote.data.consumablesFen} /> : null}
                <Flex justify="space-between" style={{ marginTop: 4, fontSize: 16 }}>
                  <strong>{t('booking.quoteTotal')}</strong>
                  <strong style={{ color: '#c2410c' }} data-testid="booking-quote-total">
                    {formatFen(quote.data.totalFen)}
                  </strong>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('booking.quoteNote')}
                </Typography.Text>
              </div>
            ) : quote.isError ? (
              <Typography.Text type="danger" data-testid="booking-quote-error">
                {quote.error instanceof ApiError ? (quote.error.problem.detail ?? quote.error.problem.title) : String(quote.error)}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
            )}
          </Flex>
        ) : (
          <Typography.Text type="secondary" data-testid="booking-no-selection">
            {t('booking.noSelection')}
          </Typography.Text>
        )}
      </div>

      {r.needsApproval ? <Alert type="info" showIcon title={t('booking.needsApproval')} data-testid="booking-needs-approval" /> : null}
      {props.mode === 'self_operation' && training?.validUntil ? (
        <Alert type="success" showIcon title={t('training.valid', { until: bj(training.validUntil).format('YYYY-MM-DD') })} data-testid="training-valid" />
      ) : props.mode === 'self_operation' ? (
        <Alert
          type="warning"
          showIcon
          title={t('booking.trainingNeeded')}
          data-testid="training-needed"
          description={
            needsTraining ? (
              training?.pendingRequestId ? (
                <span data-testid="training-pending">{t('training.pending')}</span>
              ) : (
                <TrainingRequestButton resourceId={r.id} />
              )
            ) : null
          }
        />
      ) : null}
      {!canBook ? <Alert type="warning" showIcon title={t('booking.cannotBook')} data-testid="booking-cannot" /> : null}
      {taken && canBook && !waitlisted ? <Alert type="warning" showIcon title={t('booking.busySelected')} data-testid="booking-taken" /> : null}

      {problem ? (
        <Alert
          type="error"
          showIcon
          data-testid="booking-error"
          data-code={problem.code}
          data-rule={typeof problem.rule === 'string' ? problem.rule : ''}
          title={problem.code === 'booking-conflict' && !occurrences ? t('booking.conflictTitle') : problem.title}
          description={
            <Flex vertical gap={6}>
              {problem.code !== 'booking-conflict' && problem.detail ? <div data-testid="booking-error-detail">{problem.detail}</div> : null}
              {typeof problem.rule === 'string' && problem.rule !== 'recurrence' ? (
                <div>
                  <Tag color="red" data-testid="booking-error-rule">
                    {labels.bookingRule(problem.rule)}
                  </Tag>
                </div>
              ) : null}
              {conflicts.length && !occurrences ? (
                <div data-testid="booking-conflicts">
                  {t('booking.conflictWith')}
                  <ul style={{ margin: '2px 0 0', paddingInlineStart: 18 }}>
                    {conflicts.map((c, i) => (
                      <li key={i} data-testid="booking-conflict-item">
                        {formatRange(c.startsAt, c.endsAt)}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {(problem.errors ?? []).map((e, i) => (
                <div key={i}>{e.message}</div>
              ))}
            </Flex>
          }
        />
      ) : null}

      {done && !isSeries(done) ? (
        <Alert
          type="success"
          showIcon
          data-testid="booking-success"
          data-booking-id={done.id}
          title={
            <Flex gap={8} align="center" wrap>
              <span>{t('booking.booked', { status: '' })}</span>
              <BookingStatusTag status={done.status} testId="booking-success-status" />
            </Flex>
          }
          description={
            <Flex gap={8} wrap>
              <span>
                #{done.id} · {formatRange(done.startsAt, done.endsAt)} · {formatFen(done.quoteFen)}
              </span>
              <Link to="/bookings" data-testid="booking-success-link">
                {t('booking.bookingsLink')}
              </Link>
            </Flex>
          }
        />
      ) : null}
      {done && isSeries(done) ? (
        <Alert
          type="success"
          showIcon
          data-testid="booking-success"
          title={t('booking.bookedSeries', { n: done.bookings.length })}
          description={
            <Link to="/bookings" data-testid="booking-success-link">
              {t('booking.bookingsLink')}
            </Link>
          }
        />
      ) : null}

      {occurrences ? (
        <div data-testid="booking-occurrences">
          <Typography.Text strong>{t('booking.occurrences')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
            {occurrences.map((o, i) => (
              <li key={i} data-testid={`booking-occurrence-${i}`} data-ok={o.ok ? 'true' : 'false'} style={{ marginBottom: 2 }}>
                <span style={{ marginInlineEnd: 6 }}>{formatRange(o.startsAt, o.endsAt)}</span>
                {o.ok ? (
                  <Tag color="green">{t('booking.occurrenceOk')}</Tag>
                ) : (
                  <>
                    {o.rules.map((rule) => (
                      <Tag key={rule} color="red">
                        {labels.bookingRule(rule)}
                      </Tag>
                    ))}
                    {o.conflicts.length ? <Tag color="volcano">{t('calendar.legend.conflict')}</Tag> : null}
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {waitlisted ? <Alert type="success" showIcon title={t('booking.waitlistJoined')} data-testid="waitlist-joined" /> : null}

      <Flex gap={8} wrap>
        <Button
          type="primary"
          size="large"
          disabled={!sel || !canBook || needsTraining}
          loading={book.isPending}
          onClick={() => book.mutate()}
          data-testid="booking-submit"
          style={{ flex: '1 1 140px' }}
        >
          {t('booking.book')}
        </Button>
        {taken && canBook && sel && !waitlisted ? (
          <Button size="large" loading={waitlist.isPending} onClick={() => waitlist.mutate()} data-testid="booking-waitlist" style={{ flex: '1 1 140px' }}>
            {t('booking.joinWaitlist')}
          </Button>
        ) : null}
      </Flex>
    </Flex>
  );
}

/** Asks the resource's operators for training (a note for them); the panel then shows it pending. */
function TrainingRequestButton(props: { resourceId: number }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const send = useMutation({
    mutationFn: () => trainingRequestsApi.create(props.resourceId, note.trim()),
    onSuccess: () => {
      setOpen(false);
      fb.success(t('training.sent'));
      void qc.invalidateQueries({ queryKey: ['availability', props.resourceId] });
    },
    onError: (err) => fb.error(err),
  });
  return (
    <>
      <Button type="primary" ghost onClick={() => setOpen(true)} data-testid="training-request" style={{ marginTop: 4 }}>
        {t('training.request')}
      </Button>
      <Modal
        open={open}
        title={t('training.request')}
        okText={t('training.send')}
        onOk={() => send.mutate()}
        confirmLoading={send.isPending}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'training-request-send' }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('training.hint')}</Typography.Paragraph>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          showCount
          rows={3}
          placeholder={t('training.notePlaceholder')}
          data-testid="training-request-note"
        />
      </Modal>
    </>
  );
}

function QuoteLine(props: { label: string; fen: number }) {
  return (
    <Flex justify="space-between" gap={8}>
      <span>{props.label}</span>
      <span>{formatFen(props.fen)}</span>
    </Flex>
  );
}
