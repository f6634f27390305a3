// Pay a completed booking with a voucher: pick one of my active vouchers, see the server's quote
// (the voucher pays / you pay, and what limits it), confirm. The Idempotency-Key is made once
// per opening, so a retried or double-clicked confirm redeems once.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Descriptions, Empty, Flex, Modal, Select, Skeleton, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { useFeedback } from '../feedback';
import { optionTestIds } from '../testids';
import { vouchersApi, newIdempotencyKey, walletApi, type Redemption } from '../../api/vouchers';

export function PayWithVoucherModal(props: {
  /** What is paid: a booking (My bookings) or a service order. */
  source: { bookingId: number } | { orderId: number } | null;
  title: string;
  onClose: () => void;
  onPaid: (r: Redemption) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const open = props.source != null;
  const [voucherId, setVoucherId] = useState<number | undefined>();
  // One key per opening of the modal.
  const key = useMemo(() => (open ? newIdempotencyKey() : ''), [open]);

  const vouchers = useQuery({
    queryKey: ['vouchers', { scope: 'mine', status: 'active', pay: true }],
    queryFn: ({ signal }) => vouchersApi.list({ scope: 'mine', status: 'active', sort: 'expiresAt', pageSize: 100 }, signal),
    enabled: open,
  });
  const usable = (vouchers.data?.items ?? []).filter((v) => v.balanceFen > 0);
  useEffect(() => {
    if (!open) setVoucherId(undefined);
    else if (voucherId == null && usable.length) setVoucherId(usable[0].id);
  }, [open, usable, voucherId]);

  const source = props.source ?? {};
  const quote = useQuery({
    queryKey: ['voucher-quote', voucherId, source],
    queryFn: ({ signal }) => walletApi.quote(voucherId!, source, signal),
    enabled: open && voucherId != null,
    retry: false,
  });
  const q = quote.data;
  const redeem = useMutation({
    mutationFn: () => walletApi.redeem(voucherId!, { ...source }, key),
    onSuccess: (r) => {
      fb.success(t('pay.paid', { amount: formatFen(r.amountFen) }));
      props.onPaid(r);
    },
  });
  const quoteErr = quote.error instanceof ApiError ? quote.error.problem : null;
  const redeemErr = redeem.error instanceof ApiError ? redeem.error.problem : null;

  return (
    <Modal
      open={open}
      title={t('pay.title')}
      onCancel={props.onClose}
      onOk={() => redeem.mutate()}
      okText={t('pay.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !q || q.payableFen <= 0, 'data-testid': 'pay-confirm' }}
      cancelButtonProps={{ 'data-testid': 'pay-cancel' }}
      confirmLoading={redeem.isPending}
      afterClose={() => redeem.reset()}
      destroyOnHidden
    >
      <div data-testid="pay-modal" data-idempotency-key={key}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="pay-source">
          {props.title}
        </Typography.Paragraph>
        {vouchers.isPending ? (
          <Skeleton active />
        ) : usable.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pay.noVouchers')} data-testid="pay-no-vouchers" />
        ) : (
          <Flex vertical gap={12}>
            <div>
              <Typography.Text>{t('pay.voucher')}</Typography.Text>
              <Select
                value={voucherId}
                onChange={setVoucherId}
                aria-label={t('pay.voucher')}
                style={{ width: '100%', marginTop: 4 }}
                options={usable.map((v) => ({
                  value: v.id,
                  label: `${v.programName} · ${v.code} · ${t('wallet.balance')} ${formatFen(v.balanceFen)}`,
                }))}
                optionRender={optionTestIds('pay-voucher-opt')}
                data-testid="pay-voucher-select"
              />
              {voucherId != null
                ? (() => {
                    const v = usable.find((x) => x.id === voucherId);
                    return v ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('pay.voucherInfo', {
                          issuer: labels.jurisdiction(v.jurisdictionCode),
                          expires: formatDate(v.expiresAt),
                          where: v.redeemJurisdictions.map((c) => labels.jurisdictionShort(c)).join(t('common.listSep')),
                        })}
                      </Typography.Text>
                    ) : null;
                  })()
                : null}
            </div>
            {quote.isFetching && !q ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
            {quoteErr ? (
              <Alert
                type="warning"
                showIcon
                title={quoteErr.title}
                description={quoteErr.detail}
                data-testid="pay-quote-error"
                data-rule={String(quoteErr.rule ?? quoteErr.code)}
              />
            ) : null}
            {q && !quoteErr ? (
              <Descriptions size="small" column={1} bordered data-testid="pay-quote">
                <Descriptions.Item label={t('pay.provider')}>
                  {q.providerName} · {labels.jurisdiction(q.providerJurisdiction)}
                </Descriptions.Item>
                <Descriptions.Item label={t('pay.category')}>{labels.serviceCategory(q.category)}</Descriptions.Item>
                <Descriptions.Item label={t('pay.fee')}>
                  <span data-testid="pay-fee">{formatFen(q.feeFen)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('pay.voucherPays')}>
                  <Typography.Text strong style={{ color: '#1f5fbf', fontSize: 16 }} data-testid="pay-voucher-amount" data-fen={q.payableFen}>
                    {formatFen(q.payableFen)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }} data-testid="pay-limited-by">
                    {labels.limitedBy(q.limitedBy)}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('pay.youPay')}>
                  <Typography.Text strong data-testid="pay-copay" data-fen={q.copayFen}>
                    {formatFen(q.copayFen)}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            ) : null}
            {redeemErr ? <Alert type="error" showIcon title={redeemErr.title} description={redeemErr.detail} data-testid="pay-error" /> : null}
          </Flex>
        )}
      </div>
    </Modal>
  );
}
