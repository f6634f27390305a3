// Licence and assignment contracts of one's organisation (as licensor or licensee), or of one's
// jurisdiction for administrators: filter by role, status and payment mode, sort by created,
// signed or price, page; each row names the parties, the payment terms and the next payment due
// (overdue marked). An organisation's admin proposes a contract from here too (「拟定合同」: choose
// the result, then the terms).
import { useState } from 'react';
import { Button, Flex, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { FileAddOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { ListPage } from '../../components/ListPage';
import { CONTRACT_STATUSES, PAYMENT_MODES, contractsApi, type Contract, type ContractQuery, type ResultBrief } from '../../api/transfer';
import { PickResultModal } from './PickResultModal';
import { ProposeContractModal } from '../../components/deals/ProposeContractModal';
import { DealTag, useDealLabels, useTermsSummary } from '../../components/deals/tags';

const PARAMS = { role: 'string', status: 'string', paymentMode: 'string' } as const;

export default function ContractsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const dl = useDealLabels();
  const summary = useTermsSummary();
  const me = useMe().data;
  const isPhone = useIsPhone();
  const admin = me?.role === 'platform_admin' || me?.role === 'jurisdiction_admin';
  const [picking, setPicking] = useState(false);
  const [proposing, setProposing] = useState<ResultBrief | null>(null);
  const myRole = (c: Contract) => (me?.organization.id === c.licensorOrgId ? 'licensor' : me?.organization.id === c.licenseeOrgId ? 'licensee' : null);

  const nextDue = (c: Contract) =>
    c.nextDue ? (
      <Flex vertical gap={0} align="flex-start" data-testid={`contract-next-${c.id}`}>
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatFen(c.nextDue.amountFen)}
          {c.overdue ? (
            <Tag color="error" style={{ marginInlineStart: 6 }} data-testid={`contract-overdue-${c.id}`}>
              {dl.instStatus('overdue')}
            </Tag>
          ) : null}
        </span>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {c.nextDue.dueAt ? formatDate(c.nextDue.dueAt) : t('deals.afterFirstRevenue')}
        </Typography.Text>
      </Flex>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );

  const columns: TableProps<Contract>['columns'] = [
    {
      key: 'contract',
      title: t('deals.list.contract'),
      render: (_: unknown, c) => {
        const r = myRole(c);
        return (
          <Flex vertical gap={4} align="flex-start">
            <Link to={`/market/contracts/${c.id}`} data-testid={`contract-link-${c.id}`} style={{ fontWeight: 600, whiteSpace: 'normal' }}>
              {c.listingTitle}
            </Link>
            <Flex wrap gap={4} align="center">
              <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={false}>
                {c.contractNo}
              </Typography.Text>
              <Tag style={{ marginInlineEnd: 0 }}>{dl.kind(c.kind)}</Tag>
              {r ? (
                <Tag color={r === 'licensor' ? 'geekblue' : 'cyan'} style={{ marginInlineEnd: 0 }} data-testid={`contract-role-${c.id}`}>
                  {t('deals.list.asRole', { role: dl.role(r) })}
                </Tag>
              ) : null}
              {isPhone ? <DealTag status={c.status} label={dl.status(c.status)} /> : null}
            </Flex>
            {isPhone ? (
              <Typography.Text style={{ fontSize: 12 }}>
                {dl.mode(c.paymentMode)} · {formatFen(c.priceFen)}
              </Typography.Text>
            ) : null}
            {isPhone && c.nextDue ? (
              <Flex gap={6} align="baseline" wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('deals.list.nextDue')}
                </Typography.Text>
                {nextDue(c)}
              </Flex>
            ) : null}
          </Flex>
        );
      },
    },
    {
      key: 'parties',
      title: t('deals.list.parties'),
      responsive: ['md'],
      width: 210,
      render: (_: unknown, c) => (
        <Flex vertical gap={0} style={{ fontSize: 13 }}>
          <span>
            <Typography.Text type="secondary">{dl.role('licensor')}：</Typography.Text>
            {c.licensorName}
          </span>
          <span>
            <Typography.Text type="secondary">{dl.role('licensee')}：</Typography.Text>
            {c.licenseeName}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              · {labels.jurisdictionShort(c.licenseeJurisdiction)}
            </Typography.Text>
          </span>
        </Flex>
      ),
    },
    {
      key: 'mode',
      title: t('deals.modeLabel'),
      responsive: ['sm'],
      width: 150,
      render: (_: unknown, c) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color={c.paymentMode === 'lump_sum' ? 'default' : 'purple'} style={{ marginInlineEnd: 0 }} data-testid={`contract-mode-${c.id}`}>
            {dl.mode(c.paymentMode)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {summary(c)}
          </Typography.Text>
          {c.poolName ? (
            <Tooltip title={c.poolName}>
              <Typography.Text type="success" style={{ fontSize: 12 }}>
                <SafetyCertificateOutlined /> {t('deals.list.pooled')}
              </Typography.Text>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'price',
      title: t('deals.price'),
      sorter: true,
      align: 'right',
      width: 130,
      responsive: ['sm'],
      render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(c.priceFen)}</span>,
    },
    { key: 'next', title: t('deals.list.nextDue'), width: 130, responsive: ['sm'], render: (_: unknown, c) => nextDue(c) },
    {
      key: 'status',
      title: t('common.status'),
      width: 96,
      responsive: ['sm'],
      render: (_: unknown, c) => <DealTag status={c.status} label={dl.status(c.status)} testId={`contract-status-${c.id}`} />,
    },
    {
      key: 'signedAt',
      title: t('deals.signedAt'),
      sorter: true,
      width: 120,
      responsive: ['lg'],
      render: (_: unknown, c) => (
        <Flex vertical gap={0}>
          <span style={{ whiteSpace: 'nowrap' }}>{c.signedAt ? formatDate(c.signedAt) : '—'}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('deals.list.proposedOn', { date: formatDate(c.createdAt) })}
          </Typography.Text>
        </Flex>
      ),
    },
  ];

  return (
    <ListPage<Contract, typeof PARAMS>
      testId="contracts-page"
      title={t('deals.list.title')}
      subtitle={admin ? t('deals.list.subtitleAdmin') : t('deals.list.subtitle')}
      extra={
        access.canTrade ? (
          <Button type="primary" icon={<FileAddOutlined />} onClick={() => setPicking(true)} data-testid="contracts-propose">
            {t('deals.propose.button')}
          </Button>
        ) : null
      }
      testPrefix="contracts"
      queryKey={['contracts']}
      fetch={(q, signal) => contractsApi.list(q as ContractQuery, signal)}
      params={PARAMS}
      defaultSort="-createdAt"
      filters={[
        !admin && {
          kind: 'select',
          key: 'role',
          placeholder: t('deals.list.role'),
          width: 150,
          options: (['licensor', 'licensee'] as const).map((r) => ({ value: r, label: t('deals.list.asRole', { role: dl.role(r) }) })),
        },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 150,
          options: CONTRACT_STATUSES.map((s) => ({ value: s, label: dl.status(s) })),
        },
        {
          kind: 'select',
          key: 'paymentMode',
          testId: 'contracts-filter-mode',
          placeholder: t('deals.modeLabel'),
          width: 150,
          options: PAYMENT_MODES.map((m) => ({ value: m, label: dl.mode(m) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="contract-row"
      scrollX={980}
    >
      <PickResultModal
        open={picking}
        onClose={() => setPicking(false)}
        onPicked={(r) => {
          setPicking(false);
          setProposing(r);
        }}
      />
      {proposing ? (
        <ProposeContractModal result={{ id: proposing.id, title: proposing.title, ownerOrgId: proposing.ownerOrgId }} open onClose={() => setProposing(null)} />
      ) : null}
    </ListPage>
  );
}
