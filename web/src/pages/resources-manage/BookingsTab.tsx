// The bookings of one resource, for its operators: filter by status and dates, and move each
// booking along — approve or reject (with a note), check in, complete (minutes used and
// consumables), cancel. The server's refusals (409 invalid transition, 422 rules) are shown.
import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Typography, type TableProps } from 'antd';
import { CheckOutlined, CloseOutlined, LoginOutlined, StopOutlined, TrophyOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, type Problem } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen, yuanToFen } from '../../app/money';
import { formatRange } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { ListPage } from '../../components/ListPage';
import { BOOKING_STATUSES, bookingsApi, type ActionInput, type Booking, type BookingAction } from '../../api/bookings';
import { BookingStatusTag } from '../../components/resources/tags';

const ACTIVE = ['requested', 'confirmed', 'checked_in'];
const PARAMS = { status: 'string', from: 'string', to: 'string' } as const;

type Dialog = { kind: 'approve' | 'reject' | 'complete'; booking: Booking } | null;

export function BookingsTab(props: { resourceId: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [form] = Form.useForm<{ note?: string; usageMinutes?: number | null; consumables?: number | null }>();

  const act = useMutation({
    mutationFn: (v: { booking: Booking; action: BookingAction; body?: ActionInput }) => bookingsApi.act(v.booking.id, v.action, v.body),
    onSuccess: (b, v) => {
      setProblem(null);
      setDialog(null);
      const done: Record<BookingAction, string> = {
        approve: t('manage.approved'),
        reject: t('manage.rejected'),
        'check-in': t('manage.checkedIn'),
        complete: t('manage.completed'),
        cancel: t('manage.cancelled'),
      };
      fb.success(`${done[v.action]} #${b.id}`);
      void qc.invalidateQueries({ queryKey: ['bookings'] });
      void qc.invalidateQueries({ queryKey: ['availability'] });
      void qc.invalidateQueries({ queryKey: ['usage'] });
    },
    onError: (err) => {
      if (err instanceof ApiError) setProblem(err.problem);
      fb.error(err);
      void qc.invalidateQueries({ queryKey: ['bookings', 'managed'] });
    },
  });

  const open = (kind: NonNullable<Dialog>['kind'], booking: Booking) => {
    form.resetFields();
    setDialog({ kind, booking });
  };

  const submitDialog = (v: { note?: string; usageMinutes?: number | null; consumables?: number | null }) => {
    if (!dialog) return;
    const body: ActionInput = {};
    if (v.note?.trim()) body.note = v.note.trim();
    if (dialog.kind === 'complete') {
      if (v.usageMinutes != null) body.usageMinutes = v.usageMinutes;
      const c = yuanToFen(v.consumables);
      if (c !== undefined) body.consumablesFen = c;
    }
    act.mutate({ booking: dialog.booking, action: dialog.kind, body });
  };

  const btn = (
    b: Booking,
    action: BookingAction | 'reject-dialog' | 'approve-dialog' | 'complete-dialog',
    icon: React.ReactNode,
    label: string,
    danger = false,
  ) => (
    <Button
      key={action}
      size="small"
      type={action === 'approve-dialog' ? 'primary' : 'default'}
      danger={danger}
      icon={icon}
      loading={act.isPending && act.variables?.booking.id === b.id}
      data-testid={`manage-${action.replace('-dialog', '')}-${b.id}`}
      onClick={() => {
        if (action === 'approve-dialog') open('approve', b);
        else if (action === 'reject-dialog') open('reject', b);
        else if (action === 'complete-dialog') open('complete', b);
        else act.mutate({ booking: b, action });
      }}
    >
      {label}
    </Button>
  );

  const bookerOf = (b: Booking) => (
    <Flex vertical gap={0}>
      <Typography.Text strong data-testid={`manage-booker-${b.id}`}>
        {b.userName ?? `#${b.userId}`}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {b.organizationName} · {labels.jurisdiction(b.jurisdictionCode)}
      </Typography.Text>
      {isPhone ? <Typography.Text style={{ fontSize: 12 }}>{formatRange(b.startsAt, b.endsAt)}</Typography.Text> : null}
      {b.purpose ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: b.purpose }}>
          {b.purpose}
        </Typography.Text>
      ) : null}
    </Flex>
  );

  const actionsOf = (b: Booking) => (
    <Flex gap={6} wrap>
      {b.status === 'requested' ? (
        <>
          {btn(b, 'approve-dialog', <CheckOutlined />, t('manage.approve'))}
          {btn(b, 'reject-dialog', <CloseOutlined />, t('manage.reject'), true)}
        </>
      ) : null}
      {b.status === 'confirmed' ? btn(b, 'check-in', <LoginOutlined />, t('manage.checkIn')) : null}
      {b.status === 'checked_in' ? btn(b, 'complete-dialog', <TrophyOutlined />, t('manage.complete')) : null}
      {b.status === 'requested' || b.status === 'confirmed' ? (
        <Popconfirm
          title={t('myBookings.cancelConfirm')}
          okText={t('manage.cancel')}
          cancelText={t('common.close')}
          okButtonProps={{ danger: true, 'data-testid': 'manage-cancel-confirm' }}
          onConfirm={() => act.mutateAsync({ booking: b, action: 'cancel' }).catch(() => undefined)}
        >
          <Button size="small" type="text" danger icon={<StopOutlined />} data-testid={`manage-cancel-${b.id}`} aria-label={t('manage.cancel')} />
        </Popconfirm>
      ) : null}
    </Flex>
  );

  const statusOf = (b: Booking) => (
    <Flex vertical gap={2} align="flex-start">
      <BookingStatusTag status={b.status} testId={`manage-status-${b.id}`} />
      {b.decisionNote ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 120 }} ellipsis={{ tooltip: b.decisionNote }}>
          {b.decisionNote}
        </Typography.Text>
      ) : null}
    </Flex>
  );

  const desktopColumns: TableProps<Booking>['columns'] = [
    {
      key: 'booker',
      title: t('manage.booker'),
      width: isPhone ? 160 : 220,
      render: (_: unknown, b) => bookerOf(b),
    },
    {
      key: 'time',
      title: t('myBookings.time'),
      width: 190,
      responsive: ['sm'],
      render: (_: unknown, b) => (
        <Flex vertical gap={0}>
          <span style={{ whiteSpace: 'nowrap' }}>{formatRange(b.startsAt, b.endsAt)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            #{b.id} · {labels.serviceMode(b.mode)}
            {b.samples ? ` · ${b.samples}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      render: (_: unknown, b) => statusOf(b),
    },
    {
      key: 'money',
      title: `${t('myBookings.quote')} / ${t('myBookings.charge')}`,
      width: 150,
      align: 'right',
      responsive: ['md'],
      render: (_: unknown, b) => (
        <Flex vertical gap={0} align="flex-end">
          <span>{formatFen(b.quoteFen)}</span>
          {b.chargeFen != null ? (
            <Typography.Text type="success" style={{ fontSize: 12 }}>
              {formatFen(b.chargeFen)}
              {b.usageMinutes != null ? ` · ${b.usageMinutes}′` : ''}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 230,
      fixed: 'right',
      render: (_: unknown, b) => actionsOf(b),
    },
  ];

  // Phones get one column holding everything, so nothing hides off to the side.
  const phoneColumns: TableProps<Booking>['columns'] = [
    {
      key: 'booking',
      title: t('manage.booker'),
      render: (_: unknown, b) => (
        <Flex vertical gap={6}>
          {bookerOf(b)}
          <Flex gap={8} align="center" wrap>
            {statusOf(b)}
            <Typography.Text style={{ fontSize: 12 }}>
              {formatFen(b.quoteFen)}
              {b.chargeFen != null ? ` → ${formatFen(b.chargeFen)}` : ''}
            </Typography.Text>
          </Flex>
          {actionsOf(b)}
        </Flex>
      ),
    },
  ];
  const columns = isPhone ? phoneColumns : desktopColumns;

  return (
    <ListPage<Booking, typeof PARAMS>
      testId="manage-bookings"
      testPrefix="manage-bookings"
      queryKey={['bookings', 'managed']}
      fetch={(q, signal) => bookingsApi.list({ ...q, scope: 'managed', resourceId: props.resourceId, sort: 'startsAt' }, signal)}
      params={PARAMS}
      defaults={{ status: ACTIVE.join(',') }}
      // The resource's page keeps its tab and resource in the address.
      prefix="bookings."
      above={
        problem ? (
          <Alert
            type="error"
            showIcon
            closable={{ onClose: () => setProblem(null) }}
            style={{ marginBottom: 12 }}
            data-testid="manage-action-error"
            data-code={problem.code}
            title={problem.title}
            description={problem.detail}
          />
        ) : null
      }
      filters={[
        {
          kind: 'select',
          key: 'status',
          multiple: true,
          testId: 'manage-filter-status',
          width: 280,
          placeholder: t('manage.statusFilter'),
          options: BOOKING_STATUSES.map((s) => ({ value: s, label: labels.bookingStatus(s) })),
        },
        { kind: 'dateRange', key: 'from', toKey: 'to', testId: 'manage-filter-range' },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="manage-booking-row"
      scrollX={880}
    >
      <Modal
        open={!!dialog}
        title={
          dialog?.kind === 'reject'
            ? t('manage.rejectTitle')
            : dialog?.kind === 'complete'
              ? t('manage.completeTitle')
              : `${t('manage.approve')} #${dialog?.booking.id ?? ''}`
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okText={dialog?.kind === 'reject' ? t('manage.reject') : dialog?.kind === 'complete' ? t('manage.complete') : t('manage.approve')}
        okButtonProps={{ danger: dialog?.kind === 'reject', 'data-testid': 'decision-submit' }}
        cancelText={t('common.cancel')}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        {dialog ? (
          <Form form={form} layout="vertical" onFinish={submitDialog} data-testid="decision-form">
            <Typography.Paragraph type="secondary">
              {dialog.booking.userName} · {formatRange(dialog.booking.startsAt, dialog.booking.endsAt)} · {labels.serviceMode(dialog.booking.mode)}
            </Typography.Paragraph>
            {dialog.kind === 'complete' ? (
              <Flex gap={12} wrap>
                <Form.Item name="usageMinutes" label={t('manage.usageMinutes')} extra={t('manage.usageMinutesHint')} style={{ flex: '1 1 160px' }}>
                  <InputNumber min={0} max={1440} precision={0} style={{ width: '100%' }} data-testid="decision-usage-minutes" />
                </Form.Item>
                <Form.Item name="consumables" label={t('manage.consumablesYuan')} style={{ flex: '1 1 160px' }}>
                  <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="decision-consumables" />
                </Form.Item>
              </Flex>
            ) : null}
            <Form.Item name="note" label={t('manage.note')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('manage.notePlaceholder')} data-testid="decision-note" />
            </Form.Item>
          </Form>
        ) : null}
      </Modal>
    </ListPage>
  );
}
