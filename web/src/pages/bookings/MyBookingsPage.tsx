// My bookings (filter by status and dates, sort, page — on the server; cancel; pay a completed
// booking with an innovation voucher), my waitlist entries and offers (accept, leave), my access
// requests, and my calendar feed.
import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, List, Popconfirm, Row, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CalendarOutlined, CloseCircleOutlined, KeyOutlined, ReloadOutlined, SearchOutlined, WalletOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { endOfDayIso, formatRange, formatTime, startOfDayIso } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { optionTestIds, rowTestId } from '../../components/testids';
import { accessRequestsApi, waitlistApi, type AccessRequest, type WaitlistEntry } from '../resources/api';
import { BookingStatusTag, StatusTag } from '../resources/shared';
import { redemptionsApi, type Redemption } from '../wallet/api';
import { PayWithVoucherModal } from '../wallet/PayWithVoucherModal';
import { BOOKING_STATUSES, bookingsApi, type Booking, type BookingQuery } from './api';

type Sort = NonNullable<BookingQuery['sort']>;

export default function MyBookingsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const access = useAccess();
  const [paying, setPaying] = useState<Booking | null>(null);

  const [status, setStatus] = useState<string[]>([]);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [sort, setSort] = useState<Sort>('-startsAt');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const query: BookingQuery = {
    scope: 'mine',
    status: status.length ? status.join(',') : undefined,
    from: range?.[0] ? startOfDayIso(range[0]) : undefined,
    to: range?.[1] ? endOfDayIso(range[1]) : undefined,
    sort,
    page,
    pageSize,
  };
  const list = useQuery({
    queryKey: ['bookings', query],
    queryFn: ({ signal }) => bookingsApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
  // Which of the bookings on this page a voucher has paid: their live redemptions.
  const bookingIds = (list.data?.items ?? []).map((b) => b.id).join(',');
  const paid = useQuery({
    queryKey: ['redemptions', { scope: 'holder', status: 'completed', bookingIds }],
    queryFn: ({ signal }) => redemptionsApi.list({ scope: 'holder', status: 'completed', bookingIds, pageSize: 200 }, signal),
    enabled: access.voucherWallet && bookingIds !== '',
  });
  const paidBy = new Map<number, Redemption>();
  for (const r of paid.data?.items ?? []) if (r.sourceKind === 'booking') paidBy.set(r.sourceId, r);
  const waitlist = useQuery({ queryKey: ['waitlist', 'mine'], queryFn: ({ signal }) => waitlistApi.mine(signal) });
  const requests = useQuery({
    queryKey: ['access-requests', 'mine'],
    queryFn: ({ signal }) => accessRequestsApi.list({ scope: 'mine', pageSize: 50 }, signal),
  });

  const refreshAll = () => {
    void qc.invalidateQueries({ queryKey: ['bookings'] });
    void qc.invalidateQueries({ queryKey: ['waitlist'] });
    void qc.invalidateQueries({ queryKey: ['availability'] });
  };

  const cancel = useMutation({
    mutationFn: (b: Booking) => bookingsApi.act(b.id, 'cancel'),
    onSuccess: () => {
      fb.success(t('myBookings.cancelled'));
      refreshAll();
    },
    onError: (err) => fb.error(err),
  });
  const accept = useMutation({
    mutationFn: (w: WaitlistEntry) => waitlistApi.accept(w.id),
    onSuccess: () => {
      fb.success(t('myBookings.accepted'));
      refreshAll();
    },
    onError: (err) => {
      fb.error(err);
      refreshAll();
    },
  });
  const leave = useMutation({
    mutationFn: (w: WaitlistEntry) => waitlistApi.leave(w.id),
    onSuccess: () => {
      fb.success(t('myBookings.left'));
      refreshAll();
    },
    onError: (err) => fb.error(err),
  });

  const sortOrder = (field: 'startsAt' | 'createdAt') => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);
  const onChange: TableProps<Booking>['onChange'] = (pagination, _f, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = String(s?.columnKey ?? '');
      if (s?.order && (field === 'startsAt' || field === 'createdAt')) setSort((s.order === 'descend' ? `-${field}` : field) as Sort);
      else setSort('-startsAt');
      setPage(1);
    } else {
      setPage(pagination.current ?? 1);
      setPageSize(pagination.pageSize ?? 20);
    }
  };

  const cancelButton = (b: Booking) =>
    b.status === 'requested' || b.status === 'confirmed' ? (
      <Popconfirm
        title={t('myBookings.cancelConfirm')}
        description={`${b.resourceName ?? ''} ${formatRange(b.startsAt, b.endsAt)}`}
        okText={t('myBookings.cancel')}
        cancelText={t('common.close')}
        okButtonProps={{ danger: true, 'data-testid': 'booking-cancel-confirm' }}
        onConfirm={() => cancel.mutateAsync(b).catch(() => undefined)}
      >
        <Button
          size="small"
          type={isPhone ? 'default' : 'link'}
          danger
          icon={<CloseCircleOutlined />}
          data-testid={`booking-cancel-${b.id}`}
          aria-label={t('myBookings.cancel')}
        >
          {t('myBookings.cancel')}
        </Button>
      </Popconfirm>
    ) : null;

  const payButton = (b: Booking) => {
    const r = paidBy.get(b.id);
    if (r)
      return (
        <Tooltip title={t('pay.paidTooltip', { code: r.voucherCode, copay: formatFen(r.copayFen) })}>
          <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid={`booking-paid-${b.id}`} data-fen={r.amountFen}>
            {t('pay.paidTag', { amount: formatFen(r.amountFen) })}
          </Tag>
        </Tooltip>
      );
    if (!access.voucherWallet || b.status !== 'completed' || b.chargeFen == null || b.chargeFen <= 0 || !paid.isSuccess) return null;
    return (
      <Button size="small" type={isPhone ? 'default' : 'link'} icon={<WalletOutlined />} onClick={() => setPaying(b)} data-testid={`booking-pay-${b.id}`}>
        {t('pay.button')}
      </Button>
    );
  };

  const columns: TableProps<Booking>['columns'] = [
    {
      key: 'resource',
      title: t('myBookings.resource'),
      width: isPhone ? 170 : 240,
      render: (_: unknown, b) => (
        <Flex vertical gap={2} align="flex-start">
          <Link to={`/resources/${b.resourceId}`} data-testid={`booking-resource-${b.id}`} style={{ fontWeight: 600 }}>
            {b.resourceName ?? `#${b.resourceId}`}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            #{b.id} · {labels.serviceMode(b.mode)}
            {b.samples ? ` · ${t('booking.samples')} ${b.samples}` : ''}
          </Typography.Text>
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>{formatRange(b.startsAt, b.endsAt)}</Typography.Text>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('myBookings.quote')} {formatFen(b.quoteFen)}
                {b.chargeFen != null ? ` · ${t('myBookings.charge')} ${formatFen(b.chargeFen)}` : ''}
              </Typography.Text>
            </>
          ) : null}
          {b.seriesId ? <Tag style={{ marginInlineEnd: 0 }}>{t('myBookings.series')}</Tag> : null}
        </Flex>
      ),
    },
    {
      key: 'startsAt',
      title: t('myBookings.time'),
      sorter: true,
      sortOrder: sortOrder('startsAt'),
      width: 190,
      responsive: ['sm'],
      render: (_: unknown, b) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid={`booking-time-${b.id}`}>
          {formatRange(b.startsAt, b.endsAt)}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      render: (_: unknown, b) => (
        <Flex vertical gap={4} align="flex-start">
          <BookingStatusTag status={b.status} testId={`booking-status-${b.id}`} />
          {b.decisionNote ? (
            <Tooltip title={b.decisionNote}>
              <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 120 }} ellipsis>
                {b.decisionNote}
              </Typography.Text>
            </Tooltip>
          ) : null}
          {isPhone ? cancelButton(b) : null}
          {isPhone ? payButton(b) : null}
        </Flex>
      ),
    },
    {
      key: 'quote',
      title: t('myBookings.quote'),
      width: 120,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, b) => <span data-testid={`booking-quote-${b.id}`}>{formatFen(b.quoteFen)}</span>,
    },
    {
      key: 'charge',
      title: t('myBookings.charge'),
      width: 110,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, b) => (b.chargeFen != null ? formatFen(b.chargeFen) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      width: 140,
      responsive: ['lg'],
      render: (_: unknown, b) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(b.createdAt)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 130,
      fixed: 'right',
      responsive: ['sm'],
      render: (_: unknown, b) => (
        <Flex vertical gap={4} align="flex-start">
          {cancelButton(b)}
          {payButton(b)}
        </Flex>
      ),
    },
  ];

  const feedUrl = `${window.location.origin}/api/me/calendar.ics?token=<your API token>`;

  return (
    <div data-testid="my-bookings-page">
      <PageHeader
        title={t('myBookings.title')}
        subtitle={t('myBookings.subtitle')}
        extra={
          <Link to="/resources">
            <Button type="primary" icon={<SearchOutlined />} data-testid="my-bookings-find">
              {t('menu.resources')}
            </Button>
          </Link>
        }
      />
      <Card styles={{ body: { padding: 16 } }} style={{ marginBottom: 16 }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="bookings-filters">
          <Select
            mode="multiple"
            allowClear
            placeholder={t('common.status')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={BOOKING_STATUSES.map((s) => ({ value: s, label: labels.bookingStatus(s) }))}
            optionRender={optionTestIds('bookings-filter-status-opt')}
            style={{ minWidth: isPhone ? '100%' : 220 }}
            maxTagCount="responsive"
            data-testid="bookings-filter-status"
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => {
              setRange(v);
              setPage(1);
            }}
            style={{ width: isPhone ? '100%' : 260 }}
            data-testid="bookings-filter-range"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={refreshAll} data-testid="bookings-refresh" aria-label={t('common.refresh')} />
          </Tooltip>
          <Button
            onClick={() => {
              setStatus([]);
              setRange(null);
              setSort('-startsAt');
              setPage(1);
            }}
            data-testid="bookings-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="bookings-table">
          <Table<Booking>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(b) => rowTestId('booking-row', b.id)}
            scroll={{ x: isPhone ? 'max-content' : 960 }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              size: isPhone ? 'small' : undefined,
              showTotal: (total) => <span data-testid="bookings-total">{t('common.total', { total })}</span>,
            }}
          />
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('myBookings.waitlist')} style={{ height: '100%' }} data-testid="waitlist-card" styles={{ body: { paddingTop: 8 } }}>
            {waitlist.data && waitlist.data.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myBookings.waitlistEmpty')} />
            ) : (
              <List<WaitlistEntry>
                loading={waitlist.isFetching}
                dataSource={waitlist.data ?? []}
                renderItem={(w) => (
                  <List.Item
                    data-testid={`waitlist-row-${w.id}`}
                    actions={
                      w.status === 'offered' || w.status === 'waiting'
                        ? [
                            ...(w.status === 'offered'
                              ? [
                                  <Button
                                    key="accept"
                                    type="primary"
                                    size="small"
                                    loading={accept.isPending}
                                    onClick={() => accept.mutate(w)}
                                    data-testid={`waitlist-accept-${w.id}`}
                                  >
                                    {t('myBookings.accept')}
                                  </Button>,
                                ]
                              : []),
                            <Popconfirm
                              key="leave"
                              title={t('myBookings.leave')}
                              okText={t('common.confirm')}
                              cancelText={t('common.cancel')}
                              okButtonProps={{ 'data-testid': 'waitlist-leave-confirm' }}
                              onConfirm={() => leave.mutateAsync(w).catch(() => undefined)}
                            >
                              <Button size="small" data-testid={`waitlist-leave-${w.id}`}>
                                {t('myBookings.leave')}
                              </Button>
                            </Popconfirm>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Flex gap={6} wrap align="center">
                          <Link to={`/resources/${w.resourceId}`}>{w.resourceName ?? `#${w.resourceId}`}</Link>
                          <StatusTag status={w.status} label={labels.waitlistStatus(w.status)} testId={`waitlist-status-${w.id}`} />
                        </Flex>
                      }
                      description={
                        <Flex vertical gap={0}>
                          <span>
                            {formatRange(w.startsAt, w.endsAt)} · {labels.serviceMode(w.mode)}
                          </span>
                          {w.status === 'offered' && w.offerExpiresAt ? (
                            <Typography.Text type="warning">{t('myBookings.offerUntil', { time: formatTime(w.offerExpiresAt) })}</Typography.Text>
                          ) : null}
                        </Flex>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('myBookings.accessRequests')} style={{ height: '100%' }} data-testid="my-access-requests" styles={{ body: { paddingTop: 8 } }}>
            {requests.data && requests.data.items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <List<AccessRequest>
                loading={requests.isFetching}
                dataSource={requests.data?.items ?? []}
                renderItem={(a) => (
                  <List.Item data-testid={`access-row-${a.id}`}>
                    <List.Item.Meta
                      title={
                        <Flex gap={6} wrap align="center">
                          <Link to={`/resources/${a.resourceId}`}>{a.resourceName ?? `#${a.resourceId}`}</Link>
                          <StatusTag status={a.status} label={labels.accessStatus(a.status)} testId={`access-status-${a.id}`} />
                        </Flex>
                      }
                      description={
                        <Flex vertical gap={0}>
                          <Typography.Text type="secondary" ellipsis={{ tooltip: a.purpose }}>
                            {t('myBookings.purpose')}
                            {t('common.colon')}
                            {a.purpose}
                          </Typography.Text>
                          {a.decisionNote ? (
                            <span>
                              {t('myBookings.decisionNote')}
                              {t('common.colon')}
                              {a.decisionNote}
                            </span>
                          ) : null}
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatTime(a.createdAt)}
                          </Typography.Text>
                        </Flex>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Alert
            type="info"
            showIcon
            icon={<CalendarOutlined />}
            data-testid="my-calendar-hint"
            title={t('myBookings.calendarTitle')}
            description={
              <Flex vertical gap={6}>
                <span>{t('myBookings.calendarHint')}</span>
                <Typography.Text code copyable={{ text: feedUrl }} style={{ wordBreak: 'break-all' }} data-testid="my-calendar-url">
                  {feedUrl}
                </Typography.Text>
                <Link to="/tokens" data-testid="my-calendar-tokens">
                  <KeyOutlined /> {t('myBookings.tokensLink')}
                </Link>
              </Flex>
            }
          />
        </Col>
      </Row>
      <PayWithVoucherModal
        source={paying ? { bookingId: paying.id } : null}
        title={paying ? `${paying.resourceName ?? `#${paying.resourceId}`} · ${formatRange(paying.startsAt, paying.endsAt)} · ${t('myBookings.charge')} ${formatFen(paying.chargeFen)}` : ''}
        onClose={() => setPaying(null)}
        onPaid={() => {
          setPaying(null);
          void qc.invalidateQueries({ queryKey: ['redemptions'] });
          void qc.invalidateQueries({ queryKey: ['vouchers'] });
          void qc.invalidateQueries({ queryKey: ['voucher'] });
          refreshAll();
        }}
      />
    </div>
  );
}
