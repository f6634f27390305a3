// My innovation vouchers (an enterprise's org admins and members): the wallet (balance, expiry,
// issuing jurisdiction, where redeemable; each voucher's history), the programmes open for
// application, my applications, my service orders (cancel; pay a completed one by voucher) and my
// redemptions — every list paged, filtered and sorted.
import { useState } from 'react';
import { Button, Card, Flex, Input, Progress, Select, Table, Tabs, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { HistoryOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen } from '../../app/money';
import { formatDate, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { CategoryTags, formatShare, JurisdictionTags, VStatusTag } from '../../components/vouchers';
import {
  APPLICATION_STATUSES,
  applicationsApi,
  programsApi,
  VOUCHER_STATUSES,
  vouchersApi,
  type Application,
  type ApplicationQuery,
  type Program,
  type ProgramQuery,
  type Voucher,
  type VoucherQuery,
} from '../voucher-admin/api';
import { REDEMPTION_STATUSES, redemptionsApi, type Redemption, type RedemptionQuery } from './api';
import { ApplyModal } from './ApplyModal';
import { MyOrdersTab } from './MyOrdersTab';
import { VoucherDrawer } from './VoucherDrawer';

type TabKey = 'vouchers' | 'orders' | 'programs' | 'applications' | 'redemptions';
const TABS: TabKey[] = ['vouchers', 'orders', 'programs', 'applications', 'redemptions'];

export default function WalletPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as TabKey | null;
  const tab: TabKey = asked && TABS.includes(asked) ? asked : 'vouchers';
  const setTab = (k: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', k);
    setParams(next, { replace: true });
  };
  const content = (k: TabKey) => {
    switch (k) {
      case 'vouchers':
        return <VouchersTab />;
      case 'orders':
        return <MyOrdersTab />;
      case 'programs':
        return <ProgramsTab onApplied={() => setTab('applications')} />;
      case 'applications':
        return <ApplicationsTab />;
      case 'redemptions':
        return <RedemptionsTab />;
    }
  };
  return (
    <div data-testid="wallet-page">
      <PageHeader title={t('wallet.title')} subtitle={t('wallet.subtitle')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={TABS.map((k) => ({ key: k, label: <span data-testid={`wallet-tab-${k}`}>{t(`wallet.tabs.${k}`)}</span>, children: content(k) }))}
        />
      </Card>
    </div>
  );
}

function VouchersTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: ['issuedAt', 'expiresAt', 'faceValue'], defaultSort: '-issuedAt', testPrefix: 'wallet' });
  const [status, setStatus] = useState<string | undefined>();
  const [code, setCode] = useState('');
  const [q, setQ] = useState<string | undefined>();
  const [open, setOpen] = useState<number | null>(null);
  const query: VoucherQuery = { scope: 'mine', status, q, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['vouchers', query], queryFn: ({ signal }) => vouchersApi.list(query, signal), placeholderData: keepPreviousData });

  const columns: TableProps<Voucher>['columns'] = [
    {
      key: 'program',
      title: t('wallet.voucher'),
      width: isPhone ? 220 : 240,
      render: (_: unknown, v) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong data-testid={`wallet-program-${v.id}`}>
            {v.programName}
          </Typography.Text>
          <Typography.Text className="mono" copyable={{ text: v.code }} data-testid={`wallet-code-${v.id}`}>
            {v.code}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('wallet.issuedBy', { issuer: labels.jurisdiction(v.jurisdictionCode) })}
            {v.teamName ? ` · ${v.teamName}` : ''}
          </Typography.Text>
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('wallet.balance')} <b data-testid={`wallet-balance-phone-${v.id}`}>{formatFen(v.balanceFen)}</b> / {formatFen(v.faceValueFen)}
              </Typography.Text>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('wallet.expiresAt')} {formatDate(v.expiresAt)} · {t('wallet.share')} {formatShare(v.shareBp)}
              </Typography.Text>
              <JurisdictionTags codes={v.redeemJurisdictions} />
            </>
          ) : null}
          <Button size="small" icon={<HistoryOutlined />} onClick={() => setOpen(v.id)} data-testid={`wallet-history-${v.id}`}>
            {t('wallet.history')}
          </Button>
        </Flex>
      ),
    },
    {
      key: 'faceValue',
      title: t('wallet.balanceFace'),
      sorter: true,
      sortOrder: table.sortOrder('faceValue'),
      width: 170,
      responsive: ['sm'],
      render: (_: unknown, v) => (
        <Flex vertical gap={0}>
          <Typography.Text strong style={{ fontSize: 16, color: '#1f5fbf' }} data-testid={`wallet-balance-${v.id}`} data-fen={v.balanceFen}>
            {formatFen(v.balanceFen)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('wallet.ofFace', { face: formatFen(v.faceValueFen) })}
          </Typography.Text>
          <Progress percent={v.faceValueFen ? Math.round((v.balanceFen / v.faceValueFen) * 100) : 0} size="small" showInfo={false} />
        </Flex>
      ),
    },
    {
      key: 'expiresAt',
      title: t('wallet.expiresAt'),
      sorter: true,
      sortOrder: table.sortOrder('expiresAt'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, v) => <span data-testid={`wallet-expires-${v.id}`}>{formatDate(v.expiresAt)}</span>,
    },
    {
      key: 'where',
      title: t('wallet.redeemableIn'),
      width: 160,
      responsive: ['md'],
      render: (_: unknown, v) => (
        <Flex vertical gap={4}>
          <JurisdictionTags codes={v.redeemJurisdictions} testId={`wallet-where-${v.id}`} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('wallet.share')} {formatShare(v.shareBp)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'categories',
      title: t('wallet.categories'),
      width: 200,
      responsive: ['xl'],
      render: (_: unknown, v) => <CategoryTags codes={v.eligibleCategories} />,
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 90,
      render: (_: unknown, v) => <VStatusTag status={v.status} label={labels.voucherStatus(v.status)} testId={`wallet-status-${v.id}`} />,
    },
    {
      key: 'issuedAt',
      title: t('wallet.issuedAt'),
      sorter: true,
      sortOrder: table.sortOrder('issuedAt'),
      width: 110,
      responsive: ['xxl'],
      render: (_: unknown, v) => formatDate(v.issuedAt),
    },
  ];

  return (
    <div data-testid="wallet-vouchers">
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="wallet-filters">
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
          style={{ width: isPhone ? 'calc(60% - 28px)' : 220 }}
          data-testid="wallet-filter-q"
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            table.setPage(1);
          }}
          options={VOUCHER_STATUSES.map((s) => ({ value: s, label: labels.voucherStatus(s) }))}
          optionRender={optionTestIds('wallet-filter-status-opt')}
          style={{ width: isPhone ? 'calc(40% - 28px)' : 120 }}
          data-testid="wallet-filter-status"
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="wallet-refresh" />
        </Tooltip>
      </Flex>
      <div data-testid="wallet-table">
        <Table<Voucher>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onChange={table.onChange}
          showSorterTooltip={{ target: 'sorter-icon' }}
          onRow={(v) => rowTestId('wallet-row', v.id)}
          scroll={{ x: isPhone ? 'max-content' : 960 }}
          pagination={table.pagination(list.data?.total)}
        />
      </div>
      <VoucherDrawer voucherId={open} onClose={() => setOpen(null)} />
    </div>
  );
}

function ProgramsTab(props: { onApplied: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: ['createdAt', 'name', 'expiresAt'], defaultSort: '-createdAt', testPrefix: 'wallet-programs' });
  const [jurisdiction, setJurisdiction] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [q, setQ] = useState<string | undefined>();
  const [applying, setApplying] = useState<Program | null>(null);
  const query: ProgramQuery = { status: 'active', jurisdiction, q, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['voucher-programs', query], queryFn: ({ signal }) => programsApi.list(query, signal), placeholderData: keepPreviousData });

  const { data: me } = useMe();
  // A programme takes applicants from where it says (its own jurisdiction unless opened to others); the server refuses the rest too.
  const mayApply = (p: Program) => !me || p.applicantJurisdictions.includes(me.organization.jurisdictionCode);
  const applyButton = (p: Program) =>
    mayApply(p) ? (
      <Button type="primary" size="small" icon={<SendOutlined />} onClick={() => setApplying(p)} data-testid={`program-apply-${p.id}`}>
        {t('wallet.apply')}
      </Button>
    ) : (
      <Tooltip title={t('wallet.notForYourJurisdiction', { where: p.applicantJurisdictions.map((j) => labels.jurisdiction(j)).join(t('common.listSep')) })}>
        <Button size="small" disabled icon={<SendOutlined />} data-testid={`program-apply-${p.id}`}>
          {t('wallet.apply')}
        </Button>
      </Tooltip>
    );
  const columns: TableProps<Program>['columns'] = [
    {
      key: 'name',
      title: t('programs.name'),
      sorter: true,
      sortOrder: table.sortOrder('name'),
      width: isPhone ? 220 : 280,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong data-testid={`wallet-program-name-${p.id}`}>
            {p.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(p.jurisdictionCode)} · {t('programs.shareShort', { share: formatShare(p.shareBp) })} · {t('programs.capShort', { cap: formatFen(p.capEnterpriseYearFen) })}
          </Typography.Text>
          {p.description ? (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: p.description }} style={{ fontSize: 12, marginBottom: 0, maxWidth: 360 }}>
              {p.description}
            </Typography.Paragraph>
          ) : null}
          {isPhone ? applyButton(p) : null}
        </Flex>
      ),
    },
    {
      key: 'tiers',
      title: t('programs.eligibleTiers'),
      width: 180,
      responsive: ['lg'],
      render: (_: unknown, p) => (
        <Typography.Text style={{ fontSize: 12 }}>
          {p.eligibleTiers.map((x) => labels.tier(x)).join(t('common.listSep'))}
          {p.teamsEligible ? `${t('common.listSep')}${t('programs.teams')}` : ''}
        </Typography.Text>
      ),
    },
    { key: 'who', title: t('programs.applicantJurisdictions'), width: 150, responsive: ['lg'], render: (_: unknown, p) => <JurisdictionTags codes={p.applicantJurisdictions} /> },
    { key: 'where', title: t('programs.redeemJurisdictions'), width: 180, responsive: ['md'], render: (_: unknown, p) => <JurisdictionTags codes={p.redeemJurisdictions} /> },
    {
      key: 'expiresAt',
      title: t('programs.issueUntil'),
      sorter: true,
      sortOrder: table.sortOrder('expiresAt'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, p) => formatDate(p.issueUntil),
    },
    { key: 'actions', title: t('common.actions'), width: 100, responsive: ['sm'], render: (_: unknown, p) => applyButton(p) },
  ];
  return (
    <div data-testid="wallet-programs">
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('programs.searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) {
              setQ(undefined);
              table.setPage(1);
            }
          }}
          onSearch={(v) => {
            setQ(v.trim() || undefined);
            table.setPage(1);
          }}
          style={{ width: isPhone ? 'calc(60% - 4px)' : 240 }}
          data-testid="wallet-programs-filter-q"
        />
        <Select
          allowClear
          placeholder={t('programs.jurisdiction')}
          value={jurisdiction}
          onChange={(v) => {
            setJurisdiction(v);
            table.setPage(1);
          }}
          options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
          optionRender={optionTestIds('wallet-programs-filter-jurisdiction-opt')}
          style={{ width: isPhone ? 'calc(40% - 4px)' : 130 }}
          data-testid="wallet-programs-filter-jurisdiction"
        />
      </Flex>
      <div data-testid="wallet-programs-table">
        <Table<Program>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onChange={table.onChange}
          showSorterTooltip={{ target: 'sorter-icon' }}
          onRow={(p) => rowTestId('wallet-program-row', p.id)}
          scroll={{ x: isPhone ? 'max-content' : 860 }}
          pagination={table.pagination(list.data?.total)}
        />
      </div>
      <ApplyModal
        program={applying}
        onClose={() => setApplying(null)}
        onDone={() => {
          setApplying(null);
          void qc.invalidateQueries({ queryKey: ['voucher-applications'] });
          props.onApplied();
        }}
      />
    </div>
  );
}

function ApplicationsTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: ['createdAt'], defaultSort: '-createdAt', testPrefix: 'my-applications' });
  const [status, setStatus] = useState<string | undefined>();
  const query: ApplicationQuery = { scope: 'mine', status, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['voucher-applications', query], queryFn: ({ signal }) => applicationsApi.list(query, signal), placeholderData: keepPreviousData });
  const columns: TableProps<Application>['columns'] = [
    {
      key: 'program',
      title: t('wallet.program'),
      width: isPhone ? 200 : 260,
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong>{a.programName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(a.jurisdictionCode)} · {labels.applicantKind(a.applicantKind)}
            {a.teamName ? `（${a.teamName}）` : ''} · {a.applicantName}
          </Typography.Text>
          {isPhone ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {t('applications.requested')} {formatFen(a.requestedFen)}
              {a.approvedFen != null ? ` · ${t('applications.approvedAmount')} ${formatFen(a.approvedFen)}` : ''}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'purpose', title: t('applications.purpose'), responsive: ['lg'], render: (_: unknown, a) => <Typography.Text ellipsis={{ tooltip: a.purpose }} style={{ maxWidth: 260 }}>{a.purpose}</Typography.Text> },
    { key: 'requested', title: t('applications.requested'), width: 120, align: 'right', responsive: ['sm'], render: (_: unknown, a) => formatFen(a.requestedFen) },
    {
      key: 'approved',
      title: t('applications.approvedAmount'),
      width: 120,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, a) => (a.approvedFen != null ? formatFen(a.approvedFen) : '—'),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 110,
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="flex-start">
          <VStatusTag status={a.status} label={labels.applicationStatus(a.status)} testId={`my-application-status-${a.id}`} />
          {a.decisionNote ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 120 }} ellipsis={{ tooltip: a.decisionNote }}>
              {a.decisionNote}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'createdAt',
      title: t('applications.submittedAt'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 140,
      responsive: ['md'],
      render: (_: unknown, a) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(a.createdAt)}</span>,
    },
  ];
  return (
    <div data-testid="wallet-applications">
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            table.setPage(1);
          }}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: labels.applicationStatus(s) }))}
          optionRender={optionTestIds('my-applications-filter-status-opt')}
          style={{ width: isPhone ? '50%' : 140 }}
          data-testid="my-applications-filter-status"
        />
      </Flex>
      <div data-testid="my-applications-table">
        <Table<Application>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onChange={table.onChange}
          showSorterTooltip={{ target: 'sorter-icon' }}
          onRow={(a) => rowTestId('my-application-row', a.id)}
          scroll={{ x: isPhone ? 'max-content' : 900 }}
          pagination={table.pagination(list.data?.total)}
        />
      </div>
    </div>
  );
}

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
  const table = useTableState({ sortable: ['createdAt', 'amount'], defaultSort: '-createdAt', testPrefix: props.testPrefix });
  const [status, setStatus] = useState<string | undefined>();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const query: RedemptionQuery = { scope: props.scope, status, period: month ? month.format('YYYY-MM') : undefined, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['redemptions', query], queryFn: ({ signal }) => redemptionsApi.list(query, signal), placeholderData: keepPreviousData });
  const counterpart = (r: Redemption) => (props.scope === 'holder' ? `${r.providerName} · ${labels.jurisdictionShort(r.providerJurisdiction)}` : `${r.holderOrgName} · ${labels.jurisdictionShort(r.issuerJurisdiction)}`);
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
      sortOrder: table.sortOrder('amount'),
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
    {
      key: 'createdAt',
      title: t('redemptions.at'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 140,
      responsive: ['lg'],
      render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(r.createdAt)}</span>,
    },
    ...(props.actions ? [{ key: 'actions', title: t('common.actions'), width: 170, responsive: ['sm' as const], render: (_: unknown, r: Redemption) => props.actions!(r) }] : []),
  ];
  return (
    <div data-testid={`${props.testPrefix}-panel`}>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <DatePicker
          picker="month"
          value={month}
          onChange={(v) => {
            setMonth(v);
            table.setPage(1);
          }}
          placeholder={t('redemptions.period')}
          style={{ width: isPhone ? 'calc(50% - 24px)' : 140 }}
          data-testid={`${props.testPrefix}-filter-period`}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            table.setPage(1);
          }}
          options={REDEMPTION_STATUSES.map((s) => ({ value: s, label: labels.redemptionStatus(s) }))}
          optionRender={optionTestIds(`${props.testPrefix}-filter-status-opt`)}
          style={{ width: isPhone ? 'calc(50% - 24px)' : 120 }}
          data-testid={`${props.testPrefix}-filter-status`}
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid={`${props.testPrefix}-refresh`} />
        </Tooltip>
        {props.extraFilters}
      </Flex>
      <div data-testid={`${props.testPrefix}-table`}>
        <Table<Redemption>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onChange={table.onChange}
          showSorterTooltip={{ target: 'sorter-icon' }}
          onRow={(r) => rowTestId(`${props.testPrefix}-row`, r.id)}
          scroll={{ x: isPhone ? undefined : 960 }}
          pagination={table.pagination(list.data?.total)}
        />
      </div>
    </div>
  );
}

function RedemptionsTab() {
  return <RedemptionsTable scope="holder" testPrefix="my-redemptions" />;
}
