// My enterprise's service orders (placed on a listed provider's page): filtered by status, sorted,
// paged on the server; a placed order can be cancelled, and a completed one not yet paid by
// voucher is paid with the same modal as a completed booking (one Idempotency-Key per opening).
import { useState } from 'react';
import { Button, Empty, Flex, Popconfirm, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CloseCircleOutlined, ReloadOutlined, WalletOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { VStatusTag } from '../../components/vouchers';
import { buyerOrdersApi, ORDER_STATUSES, type BuyerOrderQuery, type ServiceOrder } from './api';
import { PayWithVoucherModal } from './PayWithVoucherModal';

export function MyOrdersTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: ['createdAt', 'amount', 'status'], defaultSort: '-createdAt', testPrefix: 'my-orders' });
  const [status, setStatus] = useState<string | undefined>();
  const [paying, setPaying] = useState<ServiceOrder | null>(null);
  const query: BuyerOrderQuery = { status, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({
    queryKey: ['service-orders', { scope: 'buyer', ...query }],
    queryFn: ({ signal }) => buyerOrdersApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const cancel = useMutation({
    mutationFn: (o: ServiceOrder) => buyerOrdersApi.cancel(o.id),
    onSuccess: () => {
      fb.success(t('wallet.orders.cancelled'));
      void qc.invalidateQueries({ queryKey: ['service-orders'] });
    },
    onError: (err) => {
      fb.error(err);
      void qc.invalidateQueries({ queryKey: ['service-orders'] });
    },
  });

  const actions = (o: ServiceOrder) => {
    if (o.status === 'placed')
      return (
        <Popconfirm
          title={t('wallet.orders.cancelConfirm', { id: o.id })}
          description={`${o.productName} × ${o.quantity}`}
          okText={t('wallet.orders.cancel')}
          cancelText={t('common.close')}
          okButtonProps={{ danger: true, 'data-testid': 'my-order-cancel-confirm' }}
          onConfirm={() => cancel.mutateAsync(o).catch(() => undefined)}
        >
          <Button size="small" danger type={isPhone ? 'default' : 'link'} icon={<CloseCircleOutlined />} data-testid={`my-order-cancel-${o.id}`}>
            {t('wallet.orders.cancel')}
          </Button>
        </Popconfirm>
      );
    if (o.status === 'completed' && o.redemptionId != null)
      return (
        <Tooltip title={t('wallet.orders.voucherPaidTooltip')}>
          <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid={`my-order-paid-${o.id}`} data-redemption-id={o.redemptionId}>
            {t('wallet.orders.voucherPaid')}
          </Tag>
        </Tooltip>
      );
    if (o.status === 'completed' && o.amountFen > 0)
      return (
        <Button size="small" type={isPhone ? 'default' : 'link'} icon={<WalletOutlined />} onClick={() => setPaying(o)} data-testid={`my-order-pay-${o.id}`}>
          {t('pay.button')}
        </Button>
      );
    return null;
  };

  const statusCell = (o: ServiceOrder) => (
    <Flex vertical gap={2} align="flex-start">
      <VStatusTag status={o.status} label={labels.orderStatus(o.status)} testId={`my-order-status-${o.id}`} />
      {o.status === 'placed' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('wallet.orders.awaitingProvider')}
        </Typography.Text>
      ) : null}
      {o.status === 'completed' && o.completedAt ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {t('wallet.orders.completedAt', { time: formatTime(o.completedAt) })}
        </Typography.Text>
      ) : null}
    </Flex>
  );

  const columns: TableProps<ServiceOrder>['columns'] = [
    {
      key: 'order',
      title: t('wallet.orders.order'),
      width: isPhone ? undefined : 300,
      render: (_: unknown, o) => (
        <Flex vertical gap={2} align="flex-start" style={{ minWidth: 0 }}>
          <Typography.Text strong data-testid={`my-order-product-${o.id}`}>
            #{o.id} {o.productName} × {o.quantity}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Link to={`/vouchers/providers/${o.providerId}`} data-testid={`my-order-provider-${o.id}`}>
              {o.providerName}
            </Link>{' '}
            · {labels.serviceCategory(o.category)}
          </Typography.Text>
          {o.note ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: isPhone ? 260 : 280 }} ellipsis={{ tooltip: o.note }}>
              {o.note}
            </Typography.Text>
          ) : null}
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('wallet.orders.amount')} <b data-testid={`my-order-amount-phone-${o.id}`}>{formatFen(o.amountFen)}</b> · {formatTime(o.createdAt)}
              </Typography.Text>
              {statusCell(o)}
              {actions(o)}
            </>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'amount',
      title: t('wallet.orders.amount'),
      sorter: true,
      sortOrder: table.sortOrder('amount'),
      width: 120,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, o) => (
        <Typography.Text strong data-testid={`my-order-amount-${o.id}`} data-fen={o.amountFen}>
          {formatFen(o.amountFen)}
        </Typography.Text>
      ),
    },
    { key: 'status', title: t('common.status'), sorter: true, sortOrder: table.sortOrder('status'), width: 170, responsive: ['sm'], render: (_: unknown, o) => statusCell(o) },
    {
      key: 'createdAt',
      title: t('wallet.orders.placedAt'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 140,
      responsive: ['md'],
      render: (_: unknown, o) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(o.createdAt)}</span>,
    },
    { key: 'actions', title: t('common.actions'), width: 130, responsive: ['sm'], render: (_: unknown, o) => actions(o) },
  ];

  return (
    <div data-testid="wallet-orders">
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            table.setPage(1);
          }}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: labels.orderStatus(s) }))}
          optionRender={optionTestIds('my-orders-filter-status-opt')}
          style={{ width: isPhone ? 'calc(50% - 24px)' : 130 }}
          data-testid="my-orders-filter-status"
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="my-orders-refresh" />
        </Tooltip>
      </Flex>
      <div data-testid="my-orders-table">
        <Table<ServiceOrder>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onChange={table.onChange}
          showSorterTooltip={{ target: 'sorter-icon' }}
          onRow={(o) => rowTestId('my-order-row', o.id)}
          scroll={{ x: isPhone ? undefined : 860 }}
          pagination={table.pagination(list.data?.total)}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wallet.orders.noOrders')}>
                <Link to="/vouchers/providers" data-testid="my-orders-browse">
                  {t('wallet.orders.browseProviders')}
                </Link>
              </Empty>
            ),
          }}
        />
      </div>
      <PayWithVoucherModal
        source={paying ? { orderId: paying.id } : null}
        title={
          paying
            ? t('wallet.orders.payTitle', { id: paying.id, product: paying.productName, quantity: paying.quantity, provider: paying.providerName, amount: formatFen(paying.amountFen) })
            : ''
        }
        onClose={() => setPaying(null)}
        onPaid={() => {
          setPaying(null);
          void qc.invalidateQueries({ queryKey: ['service-orders'] });
          void qc.invalidateQueries({ queryKey: ['vouchers'] });
          void qc.invalidateQueries({ queryKey: ['voucher'] });
          void qc.invalidateQueries({ queryKey: ['redemptions'] });
        }}
      />
    </div>
  );
}
