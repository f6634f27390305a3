// My enterprise's service orders (placed on a listed provider's page): filtered by status, sorted,
// paged on the server; a placed order can be cancelled, and a completed one not yet paid by
// voucher is paid with the same modal as a completed booking (one Idempotency-Key per opening).
import { useState } from 'react';
import { Button, Empty, Flex, Popconfirm, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { CloseCircleOutlined, WalletOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { ListPage, timeColumn } from '../../components/ListPage';
import { VStatusTag } from '../../components/vouchers/tags';
import { buyerOrdersApi, ORDER_STATUSES, type ServiceOrder } from '../../api/vouchers';
import { PayWithVoucherModal } from '../../components/vouchers/PayWithVoucherModal';

const PARAMS = { status: 'string' } as const;

export function MyOrdersTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [paying, setPaying] = useState<ServiceOrder | null>(null);
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
      width: 120,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, o) => (
        <Typography.Text strong data-testid={`my-order-amount-${o.id}`} data-fen={o.amountFen}>
          {formatFen(o.amountFen)}
        </Typography.Text>
      ),
    },
    { key: 'status', title: t('common.status'), sorter: true, width: 170, responsive: ['sm'], render: (_: unknown, o) => statusCell(o) },
    timeColumn('createdAt', t('wallet.orders.placedAt'), { sorter: true, responsive: ['md'] }),
    { key: 'actions', title: t('common.actions'), width: 130, responsive: ['sm'], render: (_: unknown, o) => actions(o) },
  ];

  return (
    <ListPage<ServiceOrder, typeof PARAMS>
      testId="wallet-orders"
      testPrefix="my-orders"
      queryKey={['service-orders', { scope: 'buyer' }]}
      fetch={buyerOrdersApi.list}
      params={PARAMS}
      prefix="orders."
      defaultSort="-createdAt"
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          phoneWidth: 'calc(50% - 24px)',
          options: ORDER_STATUSES.map((s) => ({ value: s, label: labels.orderStatus(s) })),
        },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="my-order-row"
      scrollX={860}
      table={{
        locale: {
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wallet.orders.noOrders')}>
              <Link to="/vouchers/providers" data-testid="my-orders-browse">
                {t('wallet.orders.browseProviders')}
              </Link>
            </Empty>
          ),
        },
      }}
    >
      <PayWithVoucherModal
        source={paying ? { orderId: paying.id } : null}
        title={
          paying
            ? t('wallet.orders.payTitle', {
                id: paying.id,
                product: paying.productName,
                quantity: paying.quantity,
                provider: paying.providerName,
                amount: formatFen(paying.amountFen),
              })
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
    </ListPage>
  );
}
