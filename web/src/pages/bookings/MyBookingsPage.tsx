// My bookings (filter by status and dates, sort, page — on the server; cancel; pay a completed
// booking with an innovation voucher), my waitlist entries and offers (accept, leave), my access
// requests, and my calendar feed.
import { useState } from 'react';
import { Button, Card, Col, Empty, Flex, List, Popconfirm, Row, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { CloseCircleOutlined, SearchOutlined, WalletOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatRange, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { ListPage, timeColumn } from '../../components/ListPage';
import type { Page } from '../../app/api';
import { useFeedback } from '../../components/feedback';
import { accessRequestsApi, waitlistApi, type AccessRequest, type WaitlistEntry } from '../../api/resources';
import { BookingStatusTag, StatusTag } from '../../components/resources/tags';
import { redemptionsApi } from '../../api/vouchers';
import { PayWithVoucherModal } from '../../components/vouchers/PayWithVoucherModal';
import { CalendarLinkCard } from './CalendarLinkCard';
import { BOOKING_STATUSES, bookingsApi, type Booking, type BookingQuery } from '../../api/bookings';

const PARAMS = { status: 'string', from: 'string', to: 'string' } as const;

export default function MyBookingsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [paying, setPaying] = useState<Booking | null>(null);

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

  /** Paid by voucher, or a button to pay; `bookingIds`: the bookings on the page (one look-up for all). */
  const payButton = (b: Booking, bookingIds: string) => <PayCell booking={b} bookingIds={bookingIds} onPay={setPaying} />;

  const columns = (data: Page<Booking> | undefined): TableProps<Booking>['columns'] => {
    const bookingIds = (data?.items ?? []).map((b) => b.id).join(',');
    return [
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
            {isPhone ? payButton(b, bookingIds) : null}
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
      timeColumn('createdAt', t('common.createdAt'), { sorter: true, responsive: ['lg'] }),
      {
        key: 'actions',
        title: t('common.actions'),
        width: 130,
        fixed: 'right',
        responsive: ['sm'],
        render: (_: unknown, b) => (
          <Flex vertical gap={4} align="flex-start">
            {cancelButton(b)}
            {payButton(b, bookingIds)}
          </Flex>
        ),
      },
    ];
  };

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
      <Card styles={{ body: { padding: isPhone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <ListPage<Booking, typeof PARAMS>
          testPrefix="bookings"
          queryKey={['bookings']}
          fetch={(q, signal) => bookingsApi.list({ ...q, scope: 'mine', sort: q.sort as BookingQuery['sort'] }, signal)}
          params={PARAMS}
          defaultSort="-startsAt"
          filters={[
            {
              kind: 'select',
              key: 'status',
              multiple: true,
              placeholder: t('common.status'),
              options: BOOKING_STATUSES.map((s) => ({ value: s, label: labels.bookingStatus(s) })),
            },
            { kind: 'dateRange', key: 'from', toKey: 'to', testId: 'bookings-filter-range' },
          ]}
          onRefresh={refreshAll}
          columns={columns}
          rowKey="id"
          rowTestId="booking-row"
          scrollX={960}
          phoneScroll
        />
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
          <CalendarLinkCard />
        </Col>
      </Row>
      <PayWithVoucherModal
        source={paying ? { bookingId: paying.id } : null}
        title={
          paying
            ? `${paying.resourceName ?? `#${paying.resourceId}`} · ${formatRange(paying.startsAt, paying.endsAt)} · ${t('myBookings.charge')} ${formatFen(paying.chargeFen)}`
            : ''
        }
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

/** A voucher payment of a completed booking: the tag once paid, else the button (for wallet holders). */
function PayCell(props: { booking: Booking; bookingIds: string; onPay: (b: Booking) => void }) {
  const { t } = useTranslation();
  const access = useAccess();
  const isPhone = useIsPhone();
  const b = props.booking;
  // Which of the bookings on this page a voucher has paid: their live redemptions (one request for the page).
  const paid = useQuery({
    queryKey: ['redemptions', { scope: 'holder', status: 'completed', bookingIds: props.bookingIds }],
    queryFn: ({ signal }) => redemptionsApi.list({ scope: 'holder', status: 'completed', bookingIds: props.bookingIds, pageSize: 200 }, signal),
    enabled: access.voucherWallet && props.bookingIds !== '',
  });
  const r = (paid.data?.items ?? []).find((x) => x.sourceKind === 'booking' && x.sourceId === b.id);
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
    <Button size="small" type={isPhone ? 'default' : 'link'} icon={<WalletOutlined />} onClick={() => props.onPay(b)} data-testid={`booking-pay-${b.id}`}>
      {t('pay.button')}
    </Button>
  );
}
