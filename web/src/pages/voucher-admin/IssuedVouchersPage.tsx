// The vouchers a jurisdiction has issued (administrators): search by code, filter by programme
// and status, sort by issue date, expiry or balance, page; suspend and reinstate; the history.
import { useState } from 'react';
import { Button, Card, Flex, Popconfirm, Typography, type TableProps } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { ListPage, dateColumn } from '../../components/ListPage';
import { useFeedback } from '../../components/feedback';
import { ReasonModal, VStatusTag } from '../../components/vouchers/tags';
import { VoucherDrawer } from '../../components/vouchers/VoucherDrawer';
import { VOUCHER_STATUSES, vouchersApi, type Voucher } from '../../api/vouchers';
import { ProgramSelect } from './ProgramSelect';

export default function IssuedVouchersPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="issued-page">
      <PageHeader title={t('issued.title')} subtitle={t('issued.subtitle')} />
      <Card styles={{ body: { padding: 16 } }}>
        <IssuedPanel />
      </Card>
    </div>
  );
}

const PARAMS = { q: 'string', programId: 'number', status: 'string' } as const;

export function IssuedPanel(props: { programId?: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [suspending, setSuspending] = useState<Voucher | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['vouchers'] });
    void qc.invalidateQueries({ queryKey: ['voucher'] });
  };
  const reinstate = useMutation({
    mutationFn: (v: Voucher) => vouchersApi.reinstate(v.id),
    onSuccess: () => {
      fb.success(t('issued.reinstated'));
      invalidate();
    },
    onError: (err) => fb.error(err),
  });

  const actions = (v: Voucher) =>
    !access.canAdministerVouchers(v.jurisdictionCode) ? null : v.status === 'active' ? (
      <Button size="small" icon={<PauseCircleOutlined />} onClick={() => setSuspending(v)} data-testid={`voucher-suspend-${v.id}`}>
        {t('issued.suspend')}
      </Button>
    ) : v.status === 'suspended' ? (
      <Popconfirm
        title={t('issued.reinstateConfirm', { code: v.code })}
        okText={t('issued.reinstate')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'voucher-reinstate-confirm' }}
        onConfirm={() => reinstate.mutateAsync(v).catch(() => undefined)}
      >
        <Button size="small" icon={<PlayCircleOutlined />} data-testid={`voucher-reinstate-${v.id}`}>
          {t('issued.reinstate')}
        </Button>
      </Popconfirm>
    ) : null;

  const columns: TableProps<Voucher>['columns'] = [
    {
      key: 'code',
      title: t('wallet.code'),
      width: isPhone ? 200 : 230,
      render: (_: unknown, v) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Link className="mono" onClick={() => setOpen(v.id)} data-testid={`issued-code-${v.id}`}>
            {v.code}
          </Typography.Link>
          <Typography.Text strong style={{ fontSize: 13 }}>
            {v.holderOrgName}
            {v.teamName ? `（${v.teamName}）` : ''}
          </Typography.Text>
          {props.programId ? null : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {v.programName}
            </Typography.Text>
          )}
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('wallet.balance')} {formatFen(v.balanceFen)} / {formatFen(v.faceValueFen)} · {t('wallet.expiresAt')} {formatDate(v.expiresAt)}
              </Typography.Text>
              {actions(v)}
            </>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'faceValue',
      title: t('wallet.balanceFace'),
      sorter: true,
      width: 150,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, v) => (
        <Flex vertical gap={0} align="flex-end">
          <Typography.Text strong data-testid={`issued-balance-${v.id}`}>
            {formatFen(v.balanceFen)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            / {formatFen(v.faceValueFen)}
          </Typography.Text>
        </Flex>
      ),
    },
    dateColumn('issuedAt', t('wallet.issuedAt'), { sorter: true, responsive: ['md'] }),
    dateColumn('expiresAt', t('wallet.expiresAt'), { sorter: true, responsive: ['sm'] }),
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      render: (_: unknown, v) => (
        <Flex vertical gap={2} align="flex-start">
          <VStatusTag status={v.status} label={labels.voucherStatus(v.status)} testId={`issued-status-${v.id}`} />
          {v.statusReason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 110 }} ellipsis={{ tooltip: v.statusReason }}>
              {v.statusReason}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'actions', title: t('common.actions'), width: 110, responsive: ['sm'], render: (_: unknown, v) => actions(v) },
  ];

  return (
    <ListPage<Voucher, typeof PARAMS>
      testId="issued-panel"
      testPrefix="issued"
      queryKey={['vouchers']}
      fetch={(q, signal) => vouchersApi.list({ ...q, scope: 'managed', programId: props.programId ?? q.programId }, signal)}
      params={PARAMS}
      defaultSort="-issuedAt"
      // A programme's page shows its applications too.
      prefix={props.programId ? 'vouchers.' : undefined}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('issued.codePlaceholder'), width: 220 },
        !props.programId && {
          kind: 'custom',
          key: 'programId',
          testId: 'issued-filter-program',
          render: ({ value, onChange, testId }) => (
            <ProgramSelect value={value as number | undefined} onChange={onChange} testId={testId} style={{ width: isPhone ? 'calc(50% - 4px)' : 240 }} />
          ),
        },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 120,
          options: VOUCHER_STATUSES.map((s) => ({ value: s, label: labels.voucherStatus(s) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="issued-row"
      scrollX={800}
      phoneScroll
    >
      <ReasonModal
        open={!!suspending}
        title={t('issued.suspendTitle', { code: suspending?.code ?? '' })}
        label={t('issued.reason')}
        required
        danger
        okText={t('issued.suspend')}
        testPrefix="suspend"
        onSubmit={async (reason) => {
          await vouchersApi.suspend(suspending!.id, reason);
          fb.success(t('issued.suspended'));
          invalidate();
        }}
        onClose={() => setSuspending(null)}
      />
      <VoucherDrawer voucherId={open} onClose={() => setOpen(null)} />
    </ListPage>
  );
}
