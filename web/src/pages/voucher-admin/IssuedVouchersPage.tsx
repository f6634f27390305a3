// The vouchers a jurisdiction has issued (administrators): search by code, filter by programme
// and status, sort by issue date, expiry or balance, page; suspend and reinstate; the history.
import { useState } from 'react';
import { Button, Card, Flex, Input, Popconfirm, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { ReasonModal, VStatusTag } from '../../components/vouchers';
import { VoucherDrawer } from '../wallet/VoucherDrawer';
import { VOUCHER_STATUSES, vouchersApi, type Voucher, type VoucherQuery } from './api';
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

export function IssuedPanel(props: { programId?: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: ['issuedAt', 'expiresAt', 'faceValue'], defaultSort: '-issuedAt', testPrefix: 'issued' });
  const [status, setStatus] = useState<string | undefined>();
  const [programId, setProgramId] = useState<number | undefined>(props.programId);
  const [code, setCode] = useState('');
  const [q, setQ] = useState<string | undefined>();
  const [suspending, setSuspending] = useState<Voucher | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  const query: VoucherQuery = { scope: 'managed', programId, status, q, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({
    queryKey: ['vouchers', query],
    queryFn: ({ signal }) => vouchersApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
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
      sortOrder: table.sortOrder('faceValue'),
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
    {
      key: 'issuedAt',
      title: t('wallet.issuedAt'),
      sorter: true,
      sortOrder: table.sortOrder('issuedAt'),
      width: 110,
      responsive: ['md'],
      render: (_: unknown, v) => formatDate(v.issuedAt),
    },
    {
      key: 'expiresAt',
      title: t('wallet.expiresAt'),
      sorter: true,
      sortOrder: table.sortOrder('expiresAt'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, v) => formatDate(v.expiresAt),
    },
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
    <div data-testid="issued-panel">
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="issued-filters">
        <Input.Search
          allowClear
          placeholder={t('issued.codePlaceholder')}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            if (!e.target.value) {
              setQ(undefined);
              table.setPage(1);
            }
          }}
          onSearch={(v) => {
            setQ(v.trim() || undefined);
            table.setPage(1);
          }}
          style={{ width: isPhone ? '100%' : 220 }}
          data-testid="issued-filter-q"
        />
        {props.programId ? null : (
          <ProgramSelect
            value={programId}
            onChange={(v) => {
              setProgramId(v);
              table.setPage(1);
            }}
            testId="issued-filter-program"
            style={{ width: isPhone ? 'calc(50% - 4px)' : 240 }}
          />
        )}
        <Select
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            table.setPage(1);
          }}
          options={VOUCHER_STATUSES.map((s) => ({ value: s, label: labels.voucherStatus(s) }))}
          optionRender={optionTestIds('issued-filter-status-opt')}
          style={{ width: isPhone ? 'calc(50% - 4px)' : 120 }}
          data-testid="issued-filter-status"
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="issued-refresh" />
        </Tooltip>
        <Button
          onClick={() => {
            setStatus(undefined);
            setCode('');
            setQ(undefined);
            if (!props.programId) setProgramId(undefined);
            table.reset();
          }}
          data-testid="issued-filter-reset"
        >
          {t('common.reset')}
        </Button>
      </Flex>
      <div data-testid="issued-table">
        <Table<Voucher>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onChange={table.onChange}
          showSorterTooltip={{ target: 'sorter-icon' }}
          onRow={(v) => rowTestId('issued-row', v.id)}
          scroll={{ x: isPhone ? 'max-content' : 800 }}
          pagination={table.pagination(list.data?.total)}
        />
      </div>
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
    </div>
  );
}
