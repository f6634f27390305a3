// Redemptions by period and status, paged and sorted on the server: the holder's wallet and the
// provider's receivables show the same list.
import { Flex, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { ListPage, timeColumn } from '../ListPage';
import { VStatusTag } from './tags';
import { REDEMPTION_STATUSES, redemptionsApi, type Redemption } from '../../api/vouchers';

const PARAMS = { period: 'string', status: 'string' } as const;

/** Redemptions by period, status; shared by the holder's wallet and the provider's receivables. */
export function RedemptionsTable(props: {
  scope: 'holder' | 'provider';
  testPrefix: string;
  actions?: (r: Redemption) => React.ReactNode;
  extraFilters?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const counterpart = (r: Redemption) =>
    props.scope === 'holder'
      ? `${r.providerName} · ${labels.jurisdictionShort(r.providerJurisdiction)}`
      : `${r.holderOrgName} · ${labels.jurisdictionShort(r.issuerJurisdiction)}`;
  const columns: TableProps<Redemption>['columns'] = [
    {
      key: 'source',
      title: t('redemptions.source'),
      width: isPhone ? undefined : 280,
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong data-testid={`${props.testPrefix}-label-${r.id}`}>
            {r.sourceLabel || `${r.sourceKind} #${r.sourceId}`}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {counterpart(r)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <span className="mono">{r.voucherCode}</span> · {labels.serviceCategory(r.category)}
          </Typography.Text>
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('redemptions.fee')} {formatFen(r.feeFen)} · {t('redemptions.voucherPaid')} <b>{formatFen(r.amountFen)}</b>
              </Typography.Text>
              <Flex gap={6} align="center" wrap>
                <VStatusTag status={r.status} label={labels.redemptionStatus(r.status)} />
                <Typography.Text type={r.settlementId ? 'success' : 'secondary'} style={{ fontSize: 12 }}>
                  {r.period} · {r.settlementId ? t('redemptions.settled') : t('redemptions.unsettled')}
                </Typography.Text>
              </Flex>
            </>
          ) : null}
          {isPhone && props.actions ? props.actions(r) : null}
        </Flex>
      ),
    },
    { key: 'fee', title: t('redemptions.fee'), width: 110, align: 'right', responsive: ['sm'], render: (_: unknown, r) => formatFen(r.feeFen) },
    {
      key: 'amount',
      title: t('redemptions.voucherPaid'),
      sorter: true,
      width: 130,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Flex vertical gap={0} align="flex-end">
          <Typography.Text strong data-testid={`${props.testPrefix}-amount-${r.id}`}>
            {formatFen(r.amountFen)}
          </Typography.Text>
          {r.refundedFen > 0 ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('redemptions.refunded')} {formatFen(r.refundedFen)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'copay', title: t('redemptions.copay'), width: 110, align: 'right', responsive: ['md'], render: (_: unknown, r) => formatFen(r.copayFen) },
    {
      key: 'status',
      title: t('common.status'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="flex-start">
          <VStatusTag status={r.status} label={labels.redemptionStatus(r.status)} testId={`${props.testPrefix}-status-${r.id}`} />
          <Typography.Text type={r.settlementId ? 'success' : 'secondary'} style={{ fontSize: 12 }}>
            {r.period} · {r.settlementId ? t('redemptions.settled') : t('redemptions.unsettled')}
          </Typography.Text>
        </Flex>
      ),
    },
    timeColumn('createdAt', t('redemptions.at'), { sorter: true, responsive: ['lg'] }),
    ...(props.actions
      ? [{ key: 'actions', title: t('common.actions'), width: 170, responsive: ['sm' as const], render: (_: unknown, r: Redemption) => props.actions!(r) }]
      : []),
  ];
  return (
    <ListPage<Redemption, typeof PARAMS>
      testId={`${props.testPrefix}-panel`}
      testPrefix={props.testPrefix}
      queryKey={['redemptions']}
      fetch={(q, signal) => redemptionsApi.list({ ...q, scope: props.scope }, signal)}
      params={PARAMS}
      prefix={`${props.testPrefix}.`}
      defaultSort="-createdAt"
      filters={[
        { kind: 'month', key: 'period', placeholder: t('redemptions.period'), phoneWidth: 'calc(50% - 24px)' },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 120,
          phoneWidth: 'calc(50% - 24px)',
          options: REDEMPTION_STATUSES.map((s) => ({ value: s, label: labels.redemptionStatus(s) })),
        },
      ]}
      reset={false}
      toolbar={props.extraFilters}
      columns={columns}
      rowKey="id"
      rowTestId={`${props.testPrefix}-row`}
      scrollX={960}
    />
  );
}
