// What vouchers owe my organisation: totals by issuing jurisdiction, settled and not yet
// settled; every redemption (filter by period and status, sort, page) with reverse and refund
// while its period is not settled.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Flex, Form, Input, InputNumber, Modal, Row, Statistic, Table, Typography } from 'antd';
import { RollbackOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen, yuanToFen } from '../../app/money';
import { useFeedback } from '../../components/feedback';
import { ReasonModal } from '../../components/vouchers/tags';
import { redemptionsApi, type Redemption } from '../../api/vouchers';
import { RedemptionsTable } from '../../components/vouchers/RedemptionsTable';

interface Totals {
  jurisdiction: string;
  settledFen: number;
  unsettledFen: number;
}

export function ReceivablesTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [reversing, setReversing] = useState<Redemption | null>(null);
  const [refunding, setRefunding] = useState<Redemption | null>(null);
  // The server sums every completed redemption by issuing jurisdiction (net of refunds).
  const all = useQuery({
    queryKey: ['redemptions', { scope: 'provider', status: 'completed', pageSize: 1, totals: true }],
    queryFn: ({ signal }) => redemptionsApi.list({ scope: 'provider', status: 'completed', pageSize: 1 }, signal),
  });
  const totals: Totals[] = useMemo(
    () => (all.data?.totals ?? []).map((x) => ({ jurisdiction: x.issuerJurisdiction, settledFen: x.amountFen - x.unsettledFen, unsettledFen: x.unsettledFen })),
    [all.data],
  );
  const sum = totals.reduce((acc, x) => ({ settled: acc.settled + x.settledFen, unsettled: acc.unsettled + x.unsettledFen }), { settled: 0, unsettled: 0 });
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['redemptions'] });
    void qc.invalidateQueries({ queryKey: ['service-orders'] });
  };

  const actions = (r: Redemption) =>
    r.status === 'completed' && !r.settlementId ? (
      <Flex gap={4} wrap>
        <Button size="small" icon={<RollbackOutlined />} onClick={() => setReversing(r)} data-testid={`redemption-reverse-${r.id}`}>
          {t('receivables.reverse')}
        </Button>
        {r.amountFen - r.refundedFen > 0 ? (
          <Button size="small" icon={<UndoOutlined />} onClick={() => setRefunding(r)} data-testid={`redemption-refund-${r.id}`}>
            {t('receivables.refund')}
          </Button>
        ) : null}
      </Flex>
    ) : null;

  return (
    <div data-testid="desk-receivables">
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('receivables.unsettled')}
              value={formatFen(sum.unsettled)}
              styles={{ content: { fontSize: isPhone ? 16 : 20, color: '#ad4e00' } }}
              data-testid="receivables-unsettled"
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('receivables.settled')}
              value={formatFen(sum.settled)}
              styles={{ content: { fontSize: isPhone ? 16 : 20, color: '#237804' } }}
              data-testid="receivables-settled"
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('receivables.byIssuer')} styles={{ body: { padding: 0 } }}>
            <Table<Totals>
              rowKey="jurisdiction"
              size="small"
              dataSource={totals}
              loading={all.isFetching}
              pagination={false}
              onRow={(x) => ({ 'data-testid': `receivable-${x.jurisdiction}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'j', title: t('receivables.issuer'), render: (_: unknown, x) => labels.jurisdiction(x.jurisdiction) },
                { key: 'u', title: t('receivables.unsettled'), align: 'right', render: (_: unknown, x) => formatFen(x.unsettledFen) },
                { key: 's', title: t('receivables.settled'), align: 'right', render: (_: unknown, x) => formatFen(x.settledFen) },
                {
                  key: 't',
                  title: t('receivables.total'),
                  align: 'right',
                  render: (_: unknown, x) => <b data-testid={`receivable-total-${x.jurisdiction}`}>{formatFen(x.settledFen + x.unsettledFen)}</b>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <RedemptionsTable scope="provider" testPrefix="receivables" actions={actions} />
      <ReasonModal
        open={!!reversing}
        title={t('receivables.reverseTitle', { label: reversing?.sourceLabel ?? '' })}
        label={t('provider.reason')}
        required
        danger
        okText={t('receivables.reverse')}
        testPrefix="reverse"
        extra={
          reversing ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('receivables.reverseHint', { amount: formatFen(reversing.amountFen - reversing.refundedFen) })}
            </Typography.Paragraph>
          ) : null
        }
        onSubmit={async (reason) => {
          await redemptionsApi.reverse(reversing!.id, reason);
          fb.success(t('receivables.reversed'));
          invalidate();
        }}
        onClose={() => setReversing(null)}
      />
      <RefundModal
        redemption={refunding}
        onClose={() => setRefunding(null)}
        onDone={() => {
          setRefunding(null);
          invalidate();
        }}
      />
    </div>
  );
}

function RefundModal(props: { redemption: Redemption | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const [form] = Form.useForm<{ amount: number; reason: string }>();
  const r = props.redemption;
  const max = r ? (r.amountFen - r.refundedFen) / 100 : 0;
  useEffect(() => {
    if (r) form.resetFields();
  }, [r, form]);
  const mutation = useMutation({
    mutationFn: (v: { amount: number; reason: string }) => redemptionsApi.refund(r!.id, yuanToFen(v.amount) ?? 0, v.reason.trim()),
    onSuccess: () => {
      fb.success(t('receivables.refunded'));
      props.onDone();
    },
  });
  const err = mutation.error instanceof ApiError ? mutation.error.problem : null;
  return (
    <Modal
      open={!!r}
      title={t('receivables.refundTitle', { label: r?.sourceLabel ?? '' })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('receivables.refund')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'refund-submit' }}
      afterClose={() => mutation.reset()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} style={{ marginTop: 12 }}>
        <Form.Item
          name="amount"
          label={t('receivables.refundYuan')}
          extra={t('receivables.refundMax', { max: formatFen(Math.round(max * 100)) })}
          rules={[{ required: true, message: t('programs.amountRequired') }]}
        >
          <InputNumber min={0.01} max={max} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="refund-amount" />
        </Form.Item>
        <Form.Item name="reason" label={t('provider.reason')} rules={[{ required: true, whitespace: true, message: t('voucherCommon.textRequired') }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="refund-reason" />
        </Form.Item>
      </Form>
      {err ? <Alert type="error" showIcon title={err.title} description={err.detail} data-testid="refund-error" /> : null}
    </Modal>
  );
}
