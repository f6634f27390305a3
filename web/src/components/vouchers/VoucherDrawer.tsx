// One voucher: its figures, where and on what it may be spent, and its history — every ledger
// movement on it (issue, redeem, reverse, refund, expire) with the balance after each.
import { Descriptions, Drawer, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate, formatTime } from '../../app/time';
import { rowTestId } from '../testids';
import { CategoryTags, formatShare, JurisdictionTags, VStatusTag } from './tags';
import { vouchersApi, type LedgerMovement } from '../../api/vouchers';

export function VoucherDrawer(props: { voucherId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const detail = useQuery({
    queryKey: ['voucher', props.voucherId],
    queryFn: ({ signal }) => vouchersApi.get(props.voucherId!, signal),
    enabled: props.voucherId != null,
  });
  const v = detail.data;
  return (
    <Drawer
      open={props.voucherId != null}
      onClose={props.onClose}
      size={isPhone ? '100%' : 640}
      title={
        v ? (
          <span className="mono" style={{ fontSize: 15 }}>
            {v.code}
          </span>
        ) : (
          t('wallet.voucher')
        )
      }
      destroyOnHidden
      data-testid="voucher-drawer"
    >
      {!v ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={isPhone ? 1 : 2} bordered={!isPhone} data-testid="voucher-detail">
            <Descriptions.Item label={t('wallet.program')} span={isPhone ? 1 : 2}>
              {v.programName}
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.holder')} span={isPhone ? 1 : 2}>
              {v.holderOrgName}
              {v.teamName ? `（${v.teamName}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.balance')}>
              <Typography.Text strong data-testid="voucher-detail-balance">
                {formatFen(v.balanceFen)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.faceValue')}>{formatFen(v.faceValueFen)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.redeemed')}>{formatFen(v.redeemedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.lapsed')}>{formatFen(v.lapsedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.issuer')}>{labels.jurisdiction(v.jurisdictionCode)}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <VStatusTag status={v.status} label={labels.voucherStatus(v.status)} />
              {v.statusReason ? <Typography.Text type="secondary"> {v.statusReason}</Typography.Text> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.issuedAt')}>{formatDate(v.issuedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.expiresAt')}>{formatDate(v.expiresAt)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.share')}>{formatShare(v.shareBp)}</Descriptions.Item>
            <Descriptions.Item label={t('wallet.redeemableIn')}>
              <JurisdictionTags codes={v.redeemJurisdictions} />
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.categories')} span={isPhone ? 1 : 2}>
              <CategoryTags codes={v.eligibleCategories} />
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('wallet.history')}
            </Typography.Title>
            {v.history.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <div data-testid="voucher-history">
                <Table<LedgerMovement>
                  rowKey="transactionId"
                  size="small"
                  dataSource={v.history}
                  pagination={v.history.length > 10 ? { pageSize: 10, size: 'small' } : false}
                  onRow={(m) => rowTestId('voucher-history-row', m.transactionId)}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { key: 'at', title: t('wallet.at'), render: (_: unknown, m) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(m.at)}</span> },
                    { key: 'kind', title: t('wallet.movement'), render: (_: unknown, m) => labels.ledgerKind(m.kind) },
                    {
                      key: 'amount',
                      title: t('wallet.amount'),
                      align: 'right',
                      render: (_: unknown, m) => (
                        <Typography.Text type={m.amountFen < 0 ? 'danger' : 'success'} style={{ whiteSpace: 'nowrap' }}>
                          {m.amountFen > 0 ? '+' : ''}
                          {formatFen(m.amountFen)}
                        </Typography.Text>
                      ),
                    },
                    { key: 'balance', title: t('wallet.balanceAfter'), align: 'right', render: (_: unknown, m) => formatFen(m.balanceAfterFen) },
                    {
                      key: 'memo',
                      title: t('wallet.memo'),
                      render: (_: unknown, m) => (
                        <Typography.Text type="secondary" data-testid={`voucher-history-desc-${m.transactionId}`}>
                          {m.description}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              </div>
            )}
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
