// Auctions of results (ascending, with a deadline): open or closed, or one's own; the best bid, the
// minimum next bid and a live countdown to the close in Beijing time; sort by close, start or best.
import { Flex, Segmented, Switch, Tag, Typography, type TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { ListPage } from '../../components/ListPage';

const PARAMS = { status: 'string', mine: 'boolean' } as const;
import { DealTag, useCountdown, useDealLabels, useNow } from '../../components/deals/tags';
import { auctionsApi, type Auction } from '../../api/transfer';

export default function AuctionsPage() {
  const { t } = useTranslation();
  const dl = useDealLabels();
  const access = useAccess();
  const isPhone = useIsPhone();
  const now = useNow(1000);
  const countdown = useCountdown();

  const left = (a: Auction) => {
    const cd = a.status === 'open' ? countdown(a.closesAt, now) : null;
    return cd ? (
      <Typography.Text
        style={{ color: Date.parse(a.closesAt) - now < 3_600_000 ? '#cf1322' : undefined, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
        data-testid={`auction-countdown-${a.id}`}
      >
        {t('deals.auctions.closesIn', { left: cd })}
      </Typography.Text>
    ) : null;
  };

  const columns: TableProps<Auction>['columns'] = [
    {
      key: 'title',
      title: t('deals.result'),
      width: isPhone ? 230 : 320,
      render: (_: unknown, a) => (
        <Flex vertical gap={4} align="flex-start">
          <Link to={`/market/auctions/${a.id}`} style={{ fontWeight: 600, whiteSpace: 'normal' }} data-testid={`auction-link-${a.id}`}>
            {a.listingTitle}
          </Link>
          <Flex gap={4} wrap align="center">
            <Tag style={{ marginInlineEnd: 0 }}>{dl.kind(a.kind)}</Tag>
            {a.exclusive ? <Tag style={{ marginInlineEnd: 0 }}>{t('deals.exclusiveShort')}</Tag> : null}
            {a.leading ? (
              <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid={`auction-leading-${a.id}`}>
                {a.status === 'open' ? t('deals.auctions.leading') : t('deals.auctions.won')}
              </Tag>
            ) : null}
            {isPhone ? <DealTag status={a.status} label={dl.auctionStatus(a.status)} /> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.sellerName}
            </Typography.Text>
          </Flex>
          {isPhone ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {a.bestFen != null
                ? t('deals.auctions.bestShort', { amount: formatFen(a.bestFen) })
                : t('deals.auctions.startShort', { amount: formatFen(a.startPriceFen) })}
            </Typography.Text>
          ) : null}
          {isPhone ? left(a) : null}
        </Flex>
      ),
    },
    {
      key: 'best',
      title: t('deals.auctions.best'),
      sorter: true,
      align: 'right',
      width: 150,
      responsive: ['sm'],
      render: (_: unknown, a) => (
        <Flex vertical gap={0} align="flex-end">
          <b data-testid={`auction-best-${a.id}`}>{a.bestFen != null ? formatFen(a.bestFen) : '—'}</b>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('deals.auctions.bids', { n: a.bidCount })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'next',
      title: t('deals.auctions.minimumNext'),
      align: 'right',
      width: 150,
      responsive: ['md'],
      render: (_: unknown, a) => (a.status === 'open' ? formatFen(a.minimumNextFen) : '—'),
    },
    {
      key: 'start',
      title: t('deals.auctions.startPrice'),
      align: 'right',
      width: 140,
      responsive: ['lg'],
      render: (_: unknown, a) => formatFen(a.startPriceFen),
    },
    {
      key: 'closesAt',
      title: t('deals.auctions.closesAt'),
      sorter: true,
      width: 190,
      responsive: ['sm'],
      render: (_: unknown, a) => (
        <Flex vertical gap={0}>
          <span style={{ whiteSpace: 'nowrap' }}>{formatTime(a.closesAt)}</span>
          {left(a)}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="flex-start">
          <DealTag status={a.status} label={dl.auctionStatus(a.status)} testId={`auction-status-${a.id}`} />
          {a.status === 'closed' && a.winnerName ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.winnerName}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <ListPage<Auction, typeof PARAMS>
      testId="auctions-page"
      title={t('deals.auctions.title')}
      subtitle={t('deals.auctions.subtitle')}
      testPrefix="auctions"
      queryKey={['auctions']}
      // 「全部」 asks for every status.
      fetch={(q, signal) => auctionsApi.list({ ...q, status: q.status === 'all' ? undefined : q.status, mine: q.mine || undefined }, signal)}
      refetchInterval={30_000}
      params={PARAMS}
      defaults={{ status: 'open' }}
      defaultSort="closesAt"
      filters={[
        {
          kind: 'custom',
          key: 'status',
          render: ({ value, onChange }) => (
            <Segmented
              value={value as string}
              onChange={(v) => onChange(v)}
              options={[
                { value: 'open', label: <span data-testid="auctions-filter-open">{dl.auctionStatus('open')}</span> },
                { value: 'closed', label: <span data-testid="auctions-filter-closed">{dl.auctionStatus('closed')}</span> },
                { value: 'all', label: <span data-testid="auctions-filter-all">{t('common.all')}</span> },
              ]}
            />
          ),
        },
        access.canTrade && {
          kind: 'custom',
          key: 'mine',
          render: ({ value, onChange, testId }) => (
            <Flex gap={6} align="center">
              <Switch size="small" checked={!!value} onChange={(v) => onChange(v)} data-testid={testId} />
              <Typography.Text>{t('deals.auctions.mine')}</Typography.Text>
            </Flex>
          ),
        },
      ]}
      reset={false}
      toolbar={
        <Typography.Text type="secondary" style={{ fontSize: 12, alignSelf: 'center' }}>
          {t('common.timezoneNote')}
        </Typography.Text>
      }
      columns={columns}
      rowKey="id"
      rowTestId="auction-row"
      scrollX={1000}
    />
  );
}
