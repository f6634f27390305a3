// Redeem at checkout: the customer gives the voucher code; look it up, pick one of the customer's
// completed bookings or orders with us that no voucher has paid yet, see the quote (voucher pays
// / customer pays), redeem. The code goes in the body as the holder's proof; the Idempotency-Key
// is made once per voucher and source chosen.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Input, Radio, Result, Row, Skeleton, Typography } from 'antd';
import { SearchOutlined, WalletOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate, formatRange, formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { CategoryTags, formatShare, JurisdictionTags, VStatusTag } from '../../components/vouchers/tags';
import { bookingsApi } from '../../api/bookings';
import { type Voucher, newIdempotencyKey, redemptionsApi, walletApi, type Redemption, ordersApi } from '../../api/vouchers';

interface Source {
  kind: 'booking' | 'order';
  id: number;
  label: string;
  detail: string;
  feeFen: number;
}

export function CheckoutTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [code, setCode] = useState('');
  const [voucher, setVoucher] = useState<Voucher | null>(null);
  const [lookupError, setLookupError] = useState<{ title: string; detail?: string } | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [done, setDone] = useState<Redemption | null>(null);

  const lookup = useMutation({
    mutationFn: (c: string) => walletApi.lookup(c),
    onMutate: () => {
      setVoucher(null);
      setLookupError(null);
      setPicked(null);
      setDone(null);
    },
    onSuccess: (v) => setVoucher(v),
    onError: (err) => setLookupError(err instanceof ApiError ? { title: err.problem.title, detail: err.problem.detail } : { title: String(err) }),
  });

  const holder = voucher?.holderOrgId;
  const bookings = useQuery({
    queryKey: ['bookings', { scope: 'managed', status: 'completed', checkout: true }],
    queryFn: ({ signal }) => bookingsApi.list({ scope: 'managed', status: 'completed', sort: '-startsAt', pageSize: 200 }, signal),
    enabled: holder != null,
  });
  const orders = useQuery({
    queryKey: ['service-orders', { scope: 'provider', status: 'completed', checkout: true }],
    queryFn: ({ signal }) => ordersApi.list({ scope: 'provider', status: 'completed', sort: '-createdAt', pageSize: 200 }, signal),
    enabled: holder != null,
  });
  const redeemed = useQuery({
    queryKey: ['redemptions', { scope: 'provider', status: 'completed', checkout: true }],
    queryFn: ({ signal }) => redemptionsApi.list({ scope: 'provider', status: 'completed', sort: '-createdAt', pageSize: 200 }, signal),
    enabled: holder != null,
  });
  const taken = useMemo(() => new Set((redeemed.data?.items ?? []).map((r) => `${r.sourceKind}-${r.sourceId}`)), [redeemed.data]);
  const sources: Source[] = useMemo(() => {
    if (holder == null) return [];
    const out: Source[] = [];
    for (const b of bookings.data?.items ?? []) {
      if (b.organizationId !== holder || b.chargeFen == null || b.chargeFen <= 0 || taken.has(`booking-${b.id}`)) continue;
      out.push({
        kind: 'booking',
        id: b.id,
        label: `${b.resourceName ?? `#${b.resourceId}`}`,
        detail: `${t('checkout.booking')} #${b.id} · ${formatRange(b.startsAt, b.endsAt)} · ${b.userName ?? ''}`,
        feeFen: b.chargeFen,
      });
    }
    for (const o of orders.data?.items ?? []) {
      if (o.buyerOrgId !== holder || o.redemptionId || taken.has(`order-${o.id}`)) continue;
      out.push({
        kind: 'order',
        id: o.id,
        label: `${o.productName} × ${o.quantity}`,
        detail: `${t('checkout.order')} #${o.id} · ${formatTime(o.completedAt ?? o.createdAt)}`,
        feeFen: o.amountFen,
      });
    }
    return out;
  }, [holder, bookings.data, orders.data, taken, t]);
  const source = sources.find((s) => `${s.kind}-${s.id}` === picked) ?? null;
  const sourceParam = source ? (source.kind === 'booking' ? { bookingId: source.id } : { orderId: source.id }) : null;
  // One key per voucher and source chosen: a retried confirm redeems once.
  const key = useMemo(() => (voucher && picked ? newIdempotencyKey() : ''), [voucher, picked]);

  const quote = useQuery({
    queryKey: ['voucher-quote', voucher?.id, sourceParam],
    queryFn: ({ signal }) => walletApi.quote(voucher!.id, { ...sourceParam!, voucherCode: voucher!.code }, signal),
    enabled: !!voucher && !!sourceParam && !done,
    retry: false,
  });
  const redeem = useMutation({
    mutationFn: () => walletApi.redeem(voucher!.id, { ...sourceParam!, voucherCode: voucher!.code }, key),
    onSuccess: (r) => {
      setDone(r);
      fb.success(t('checkout.redeemed', { amount: formatFen(r.amountFen) }));
      void qc.invalidateQueries({ queryKey: ['redemptions'] });
      void qc.invalidateQueries({ queryKey: ['service-orders'] });
      void qc.invalidateQueries({ queryKey: ['bookings'] });
    },
  });
  const q = quote.data;
  const quoteErr = quote.error instanceof ApiError ? quote.error.problem : null;
  const redeemErr = redeem.error instanceof ApiError ? redeem.error.problem : null;
  const loadingSources = bookings.isFetching || orders.isFetching || redeemed.isFetching;

  return (
    <div data-testid="desk-checkout">
      <Card size="small" title={t('checkout.step1')} style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap>
          <Input
            aria-label={t('checkout.codePlaceholder')}
            value={code}
            onChange={(e) => setCode(e.target.value.trim())}
            onPressEnter={() => code && lookup.mutate(code)}
            placeholder={t('checkout.codePlaceholder')}
            style={{ maxWidth: 320, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
            data-testid="checkout-code"
          />
          <Button
            type="primary"
            icon={<SearchOutlined />}
            disabled={!code}
            loading={lookup.isPending}
            onClick={() => lookup.mutate(code)}
            data-testid="checkout-lookup"
          >
            {t('checkout.lookup')}
          </Button>
        </Flex>
        {lookupError ? (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={lookupError.title}
            description={lookupError.detail}
            data-testid="checkout-lookup-error"
          />
        ) : null}
        {voucher ? (
          <Descriptions size="small" bordered={!isPhone} column={{ xs: 1, md: 2 }} style={{ marginTop: 12 }} data-testid="checkout-voucher">
            <Descriptions.Item label={t('wallet.holder')}>
              <Typography.Text strong data-testid="checkout-holder">
                {voucher.holderOrgName}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.program')}>{voucher.programName}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.balance')}>
              <span data-testid="checkout-balance">{formatFen(voucher.balanceFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <VStatusTag status={voucher.status} label={labels.voucherStatus(voucher.status)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.issuer')}>{labels.jurisdiction(voucher.jurisdictionCode)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.expiresAt')}>{formatDate(voucher.expiresAt)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.redeemableIn')}>
              <JurisdictionTags codes={voucher.redeemJurisdictions} />
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.share')}>{formatShare(voucher.shareBp)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.categories')} span={2}>
              <CategoryTags codes={voucher.eligibleCategories} />
            </Descriptions.Item>
          </Descriptions>
        ) : null}
      </Card>
      {voucher ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('checkout.step2')} style={{ height: '100%' }}>
              {loadingSources && sources.length === 0 ? (
                <Skeleton active />
              ) : sources.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('checkout.noSources')} data-testid="checkout-no-sources" />
              ) : (
                <Radio.Group value={picked} onChange={(e) => setPicked(e.target.value as string)} style={{ width: '100%' }}>
                  <Flex vertical gap={8}>
                    {sources.map((s) => (
                      <Radio key={`${s.kind}-${s.id}`} value={`${s.kind}-${s.id}`} data-testid={`checkout-source-${s.kind}-${s.id}`} disabled={!!done}>
                        <Flex vertical gap={0}>
                          <span>
                            <b>{s.label}</b> · {formatFen(s.feeFen)}
                          </span>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {s.detail}
                          </Typography.Text>
                        </Flex>
                      </Radio>
                    ))}
                  </Flex>
                </Radio.Group>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('checkout.step3')} style={{ height: '100%' }}>
              {done ? (
                <Result
                  status="success"
                  title={t('checkout.redeemed', { amount: formatFen(done.amountFen) })}
                  subTitle={t('checkout.copayDue', { copay: formatFen(done.copayFen) })}
                  data-testid="checkout-done"
                />
              ) : !source ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('checkout.pickSource')} />
              ) : (
                <Flex vertical gap={12}>
                  {quote.isFetching && !q ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
                  {quoteErr ? <Alert type="warning" showIcon title={quoteErr.title} description={quoteErr.detail} data-testid="checkout-quote-error" /> : null}
                  {q && !quoteErr ? (
                    <Descriptions size="small" column={1} bordered data-testid="checkout-quote">
                      <Descriptions.Item label={t('pay.fee')}>{formatFen(q.feeFen)}</Descriptions.Item>
                      <Descriptions.Item label={t('pay.voucherPays')}>
                        <Typography.Text strong style={{ color: '#1f5fbf' }} data-testid="checkout-voucher-amount">
                          {formatFen(q.payableFen)}
                        </Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                          {labels.limitedBy(q.limitedBy)}
                        </Typography.Text>
                      </Descriptions.Item>
                      <Descriptions.Item label={t('checkout.customerPays')}>
                        <span data-testid="checkout-copay">{formatFen(q.copayFen)}</span>
                      </Descriptions.Item>
                    </Descriptions>
                  ) : null}
                  {redeemErr ? <Alert type="error" showIcon title={redeemErr.title} description={redeemErr.detail} data-testid="checkout-error" /> : null}
                  <Button
                    type="primary"
                    icon={<WalletOutlined />}
                    disabled={!!quoteErr || (q ? q.payableFen <= 0 : false)}
                    loading={redeem.isPending}
                    onClick={() => redeem.mutate()}
                    data-testid="checkout-redeem"
                  >
                    {t('checkout.redeem')}
                  </Button>
                </Flex>
              )}
            </Card>
          </Col>
        </Row>
      ) : null}
    </div>
  );
}
