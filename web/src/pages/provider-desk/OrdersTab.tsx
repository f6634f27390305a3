// Service orders placed with my organisation: complete (with the final amount) or cancel;
// filtered by status, sorted by date, paged. A completed order can then be paid by voucher at
// checkout.
import { useEffect, useState } from 'react';
import { Button, Flex, Form, InputNumber, Modal, Popconfirm, Typography, type TableProps } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { fenToYuan, formatFen, yuanToFen } from '../../app/money';
import { useFeedback } from '../../components/feedback';
import { ListPage, timeColumn } from '../../components/ListPage';
import { VStatusTag } from '../../components/vouchers/tags';
import { ORDER_STATUSES, ordersApi, type ServiceOrder } from '../../api/vouchers';

const PARAMS = { status: 'string' } as const;

export function OrdersTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [completing, setCompleting] = useState<ServiceOrder | null>(null);
  const invalidate = () => void qc.invalidateQueries({ queryKey: ['service-orders'] });
  const cancel = useMutation({
    mutationFn: (o: ServiceOrder) => ordersApi.cancel(o.id),
    onSuccess: () => {
      fb.success(t('desk.orderCancelled'));
      invalidate();
    },
    onError: (err) => fb.error(err),
  });
  const actions = (o: ServiceOrder) =>
    o.status === 'placed' ? (
      <Flex gap={4} wrap>
        <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setCompleting(o)} data-testid={`order-complete-${o.id}`}>
          {t('desk.completeOrder')}
        </Button>
        <Popconfirm
          title={t('desk.cancelOrderConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'order-cancel-confirm' }}
          onConfirm={() => cancel.mutateAsync(o).catch(() => undefined)}
        >
          <Button size="small" danger data-testid={`order-cancel-${o.id}`}>
            {t('common.cancel')}
          </Button>
        </Popconfirm>
      </Flex>
    ) : null;
  const columns: TableProps<ServiceOrder>['columns'] = [
    {
      key: 'product',
      title: t('desk.order'),
      width: isPhone ? 220 : 280,
      render: (_: unknown, o) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong>
            #{o.id} {o.productName} × {o.quantity}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {o.buyerOrgName} · {labels.serviceCategory(o.category)}
          </Typography.Text>
          {o.note ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: o.note }}>
              {o.note}
            </Typography.Text>
          ) : null}
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>{formatFen(o.amountFen)}</Typography.Text>
              {actions(o)}
            </>
          ) : null}
        </Flex>
      ),
    },
    { key: 'amount', title: t('desk.amount'), sorter: true, width: 120, align: 'right', responsive: ['sm'], render: (_: unknown, o) => formatFen(o.amountFen) },
    {
      key: 'status',
      title: t('common.status'),
      width: 120,
      render: (_: unknown, o) => (
        <Flex vertical gap={2} align="flex-start">
          <VStatusTag status={o.status} label={labels.orderStatus(o.status)} testId={`order-status-${o.id}`} />
          {o.redemptionId ? (
            <Typography.Text type="success" style={{ fontSize: 12 }}>
              {t('desk.voucherPaid')}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    timeColumn('createdAt', t('common.createdAt'), { sorter: true, responsive: ['md'] }),
    { key: 'actions', title: t('common.actions'), width: 170, responsive: ['sm'], render: (_: unknown, o) => actions(o) },
  ];
  return (
    <ListPage<ServiceOrder, typeof PARAMS>
      testId="desk-orders"
      testPrefix="orders"
      queryKey={['service-orders']}
      fetch={(q, signal) => ordersApi.list({ ...q, scope: 'provider' }, signal)}
      params={PARAMS}
      prefix="orders."
      defaultSort="-createdAt"
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          phoneWidth: '50%',
          options: ORDER_STATUSES.map((s) => ({ value: s, label: labels.orderStatus(s) })),
        },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="order-row"
      scrollX={820}
      phoneScroll
    >
      <CompleteModal
        order={completing}
        onClose={() => setCompleting(null)}
        onDone={() => {
          setCompleting(null);
          invalidate();
        }}
      />
    </ListPage>
  );
}

function CompleteModal(props: { order: ServiceOrder | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const [form] = Form.useForm<{ amount?: number }>();
  useEffect(() => {
    if (props.order) form.setFieldsValue({ amount: fenToYuan(props.order.amountFen) ?? undefined });
  }, [props.order, form]);
  const mutation = useMutation({
    mutationFn: (v: { amount?: number }) => ordersApi.complete(props.order!.id, yuanToFen(v.amount)),
    onSuccess: () => {
      fb.success(t('desk.orderCompleted'));
      props.onDone();
    },
    onError: (err) => fb.error(err),
  });
  return (
    <Modal
      open={!!props.order}
      title={t('desk.completeOrderTitle', { id: props.order?.id ?? '' })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('desk.completeOrder')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'order-complete-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} style={{ marginTop: 12 }}>
        <Form.Item name="amount" label={t('desk.finalAmountYuan')} extra={t('desk.finalAmountHint')}>
          <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="order-complete-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
