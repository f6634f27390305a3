// One auction: the result, the seller, the rules (start, increment), the best bid and a live
// countdown to the close (Beijing time); the bid history with bidders by number and one's own bids
// marked; a bid form with the minimum next amount filled in — the server's refusals (bid too low,
// auction closed) are shown as it words them. After the close: the winner and the contract.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Form, InputNumber, Result, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, TrophyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useMe } from '../../app/session';
import { formatFen, yuanToFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { DealTag, useCountdown, useDealLabels, useNow } from '../../components/deals/tags';
import { auctionsApi, type Auction, type Bid } from '../../api/transfer';

export default function AuctionPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const a = useQuery({ queryKey: ['auction', id], queryFn: ({ signal }) => auctionsApi.get(id, signal), enabled: id > 0, refetchInterval: 15_000 });
  if (a.isError) {
    const e = a.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/market/auctions">{t('deals.auctions.back')}</Link>}
      />
    );
  }
  if (!a.data) return <Skeleton active />;
  return <AuctionView a={a.data} refetch={() => void a.refetch()} />;
}

function AuctionView(props: { a: Auction; refetch: () => void }) {
  const a = props.a;
  const { t } = useTranslation();
  const dl = useDealLabels();
  const access = useAccess();
  const me = useMe().data;
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const now = useNow(1000);
  const countdown = useCountdown();
  const [form] = Form.useForm<{ amount?: number | null }>();
  const [error, setError] = useState<unknown>(null);
  const left = a.status === 'open' ? countdown(a.closesAt, now) : null;
  const open = a.status === 'open' && left !== null;
  const seller = me?.organization.id === a.sellerOrgId;
  const canBid = open && access.canTrade && !seller;

  // The close passes while the page is open: ask the server (it closes the auction and names the winner).
  useEffect(() => {
    if (a.status === 'open' && left === null) props.refetch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [a.status, left === null]);
  // The minimum moves with every bid: keep the form's amount at least that.
  useEffect(() => {
    if (!canBid) return;
    const cur = yuanToFen(form.getFieldValue('amount') ?? undefined) ?? 0;
    if (!cur || cur < a.minimumNextFen) form.setFieldValue('amount', a.minimumNextFen / 100);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [a.minimumNextFen, form]);

  const bid = useMutation({
    mutationFn: (amountFen: number) => auctionsApi.bid(a.id, amountFen),
    onMutate: () => setError(null),
    onSuccess: (na) => {
      fb.success(t('deals.auctions.bidPlaced', { amount: formatFen(na.bestFen) }));
      qc.setQueryData(['auction', a.id], na);
      void qc.invalidateQueries({ queryKey: ['auctions'] });
      form.setFieldValue('amount', na.minimumNextFen / 100);
    },
    onError: (err) => {
      setError(err);
      props.refetch();
    },
  });

  const bids = a.bids ?? [];
  const myBest = bids.filter((b) => b.mine).reduce<number | null>((m, b) => (m == null || b.amountFen > m ? b.amountFen : m), null);

  return (
    <div data-testid="auction-page" data-auction-id={a.id} data-status={a.status}>
      <Link to="/market/auctions" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="auction-back">
        <ArrowLeftOutlined /> {t('deals.auctions.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="auction-title">{a.listingTitle}</span>
            <DealTag status={a.status} label={dl.auctionStatus(a.status)} testId="auction-status" />
            {a.leading ? (
              <Tag color="green" data-testid="auction-leading">
                {a.status === 'open' ? t('deals.auctions.leading') : t('deals.auctions.won')}
              </Tag>
            ) : null}
          </Flex>
        }
        subtitle={`${a.sellerName} · ${dl.kind(a.kind)}${a.kind === 'licence' ? ` (${a.exclusive ? t('deals.exclusiveShort') : t('deals.nonExclusive')})` : ''}${a.applicationNo ? ` · ${a.applicationNo}` : ''}`}
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Card size="small" style={{ flex: '1 1 150px' }}>
          <Statistic
            title={t('deals.auctions.best')}
            value={a.bestFen != null ? formatFen(a.bestFen) : '—'}
            styles={{ content: { fontSize: isPhone ? 16 : 22, color: '#1f5fbf' } }}
            data-testid="auction-best"
          />
        </Card>
        <Card size="small" style={{ flex: '1 1 150px' }}>
          <Statistic
            title={t('deals.auctions.minimumNext')}
            value={open ? formatFen(a.minimumNextFen) : '—'}
            styles={{ content: { fontSize: isPhone ? 16 : 22 } }}
            data-testid="auction-minimum"
          />
        </Card>
        <Card size="small" style={{ flex: '1 1 150px' }}>
          <Statistic
            title={t('deals.auctions.bidCount')}
            value={a.bidCount}
            styles={{ content: { fontSize: isPhone ? 16 : 22 } }}
            data-testid="auction-bid-count"
          />
        </Card>
        <Card size="small" style={{ flex: '1 1 180px' }}>
          <Statistic
            title={open ? t('deals.auctions.timeLeft') : t('deals.auctions.closedAt')}
            value={open ? left! : formatTime(a.closesAt)}
            styles={{
              content: {
                fontSize: isPhone ? 16 : 22,
                fontVariantNumeric: 'tabular-nums',
                color: open && Date.parse(a.closesAt) - now < 3_600_000 ? '#cf1322' : undefined,
              },
            }}
            data-testid="auction-countdown"
          />
        </Card>
      </Flex>
      {a.status !== 'open' ? (
        <Alert
          type={a.winnerName ? 'success' : 'info'}
          showIcon
          icon={a.winnerName ? <TrophyOutlined /> : undefined}
          style={{ marginBottom: 16 }}
          data-testid="auction-result"
          title={a.winnerName ? t('deals.auctions.wonBy', { name: a.winnerName, amount: formatFen(a.bestFen) }) : t('deals.auctions.noBids')}
          description={
            a.contractId ? (
              <span>
                {t('deals.auctions.contractMade')}{' '}
                <Link to={`/market/contracts/${a.contractId}`} data-testid="auction-contract-link">
                  {t('deals.auctions.openContract')}
                </Link>
              </span>
            ) : undefined
          }
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('deals.auctions.placeBid')} data-testid="auction-bid-card">
            <Descriptions size="small" column={1} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('deals.auctions.startPrice')}>{formatFen(a.startPriceFen)}</Descriptions.Item>
              <Descriptions.Item label={t('deals.auctions.increment')}>{formatFen(a.incrementFen)}</Descriptions.Item>
              <Descriptions.Item label={t('deals.auctions.closesAt')}>
                <span data-testid="auction-closes-at">{formatTime(a.closesAt)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                  {t('deals.beijing')}
                </Typography.Text>
              </Descriptions.Item>
              {myBest != null ? <Descriptions.Item label={t('deals.auctions.myBest')}>{formatFen(myBest)}</Descriptions.Item> : null}
            </Descriptions>
            {canBid ? (
              <Form
                form={form}
                layout="vertical"
                initialValues={{ amount: a.minimumNextFen / 100 }}
                onFinish={(v) => bid.mutate(yuanToFen(v.amount ?? undefined) ?? 0)}
              >
                <Form.Item
                  name="amount"
                  label={t('deals.auctions.amountYuan')}
                  rules={[{ required: true, message: t('deals.required') }]}
                  extra={t('deals.auctions.bidRule', { min: formatFen(a.minimumNextFen), inc: formatFen(a.incrementFen) })}
                >
                  <InputNumber min={0.01} max={10_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="auction-bid-amount" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={bid.isPending} block={isPhone} data-testid="auction-bid-submit">
                  {t('deals.auctions.bid')}
                </Button>
              </Form>
            ) : (
              <Typography.Text type="secondary" data-testid="auction-cannot-bid">
                {!open ? t('deals.auctions.closedNoBid') : seller ? t('deals.auctions.ownAuction') : t('deals.auctions.onlyOrgAdmin')}
              </Typography.Text>
            )}
            {error ? (
              <div style={{ marginTop: 12 }}>
                <ProblemAlert error={error} testId="auction-bid-error" />
              </div>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('deals.auctions.history')} data-testid="auction-bids">
            <Table<Bid>
              size="small"
              rowKey="id"
              dataSource={bids}
              pagination={bids.length > 15 ? { pageSize: 15, size: 'small' } : false}
              onRow={(b) => ({ 'data-testid': `auction-bid-${b.id}`, 'data-mine': String(b.mine) }) as React.HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.auctions.noBidsYet')} /> }}
              columns={[
                {
                  key: 'bidder',
                  title: t('deals.auctions.bidder'),
                  render: (_: unknown, b) => (
                    <Flex gap={4} align="center" wrap>
                      <span data-testid={`auction-bidder-${b.id}`}>{t('deals.auctions.bidderN', { n: b.bidder })}</span>
                      {b.mine ? (
                        <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid={`auction-bid-mine-${b.id}`}>
                          {t('deals.auctions.mineTag')}
                        </Tag>
                      ) : null}
                      {b.amountFen === a.bestFen ? (
                        <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                          {t('deals.auctions.top')}
                        </Tag>
                      ) : null}
                    </Flex>
                  ),
                },
                {
                  key: 'amount',
                  title: t('deals.amount'),
                  align: 'right',
                  render: (_: unknown, b) => <b data-testid={`auction-bid-amount-${b.id}`}>{formatFen(b.amountFen)}</b>,
                },
                {
                  key: 'at',
                  title: t('deals.auctions.bidAt'),
                  render: (_: unknown, b) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(b.createdAt)}</span>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
