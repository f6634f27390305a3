// My innovation vouchers (an enterprise's org admins and members): the wallet (balance, expiry,
// issuing jurisdiction, where redeemable; each voucher's history), the programmes open for
// application, my applications, my service orders (cancel; pay a completed one by voucher) and my
// redemptions — every list paged, filtered and sorted.
import { useState } from 'react';
import { Button, Card, Flex, Progress, Select, Tabs, Tooltip, Typography, type TableProps } from 'antd';
import { HistoryOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { ListPage, dateColumn, timeColumn } from '../../components/ListPage';
import { CategoryTags, formatShare, JurisdictionTags, VStatusTag } from '../../components/vouchers/tags';
import {
  APPLICATION_STATUSES,
  applicationsApi,
  programsApi,
  VOUCHER_STATUSES,
  vouchersApi,
  type Application,
  type Program,
  type Voucher,
} from '../../api/vouchers';
import { ApplyModal } from './ApplyModal';
import { MyOrdersTab } from './MyOrdersTab';
import { RedemptionsTable } from '../../components/vouchers/RedemptionsTable';
import { VoucherDrawer } from '../../components/vouchers/VoucherDrawer';

type TabKey = 'vouchers' | 'orders' | 'programs' | 'applications' | 'redemptions';
const TABS: TabKey[] = ['vouchers', 'orders', 'programs', 'applications', 'redemptions'];

export default function WalletPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
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
          // On a phone the five tabs overflow into antd's "more" button, which sits inside the tab list
          // (axe: a tablist may hold only tabs): a labelled drop-down chooses the section there instead.
          renderTabBar={
            isPhone
              ? () => (
                  <Select
                    aria-label={t('wallet.section')}
                    value={tab}
                    onChange={setTab}
                    options={TABS.map((k) => ({ value: k, label: t(`wallet.tabs.${k}`) }))}
                    style={{ width: '100%', margin: '12px 0' }}
                    data-testid="wallet-section"
                  />
                )
              : undefined
          }
          items={TABS.map((k) => ({ key: k, label: <span data-testid={`wallet-tab-${k}`}>{t(`wallet.tabs.${k}`)}</span>, children: content(k) }))}
        />
      </Card>
    </div>
  );
}

const VOUCHER_PARAMS = { q: 'string', status: 'string' } as const;

function VouchersTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState<number | null>(null);

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
          <Progress
            percent={v.faceValueFen ? Math.round((v.balanceFen / v.faceValueFen) * 100) : 0}
            size="small"
            showInfo={false}
            aria-label={`${formatFen(v.balanceFen)} ${t('wallet.ofFace', { face: formatFen(v.faceValueFen) })}`}
          />
        </Flex>
      ),
    },
    {
      key: 'expiresAt',
      title: t('wallet.expiresAt'),
      sorter: true,
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
    dateColumn('issuedAt', t('wallet.issuedAt'), { sorter: true, responsive: ['xxl'] }),
  ];

  return (
    <ListPage<Voucher, typeof VOUCHER_PARAMS>
      testId="wallet-vouchers"
      testPrefix="wallet"
      queryKey={['vouchers']}
      fetch={(q, signal) => vouchersApi.list({ ...q, scope: 'mine' }, signal)}
      params={VOUCHER_PARAMS}
      prefix="vouchers."
      defaultSort="-issuedAt"
      filters={[
        { kind: 'search', key: 'q', placeholder: t('issued.codePlaceholder'), width: 220, phoneWidth: 'calc(60% - 28px)' },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 120,
          phoneWidth: 'calc(40% - 28px)',
          options: VOUCHER_STATUSES.map((s) => ({ value: s, label: labels.voucherStatus(s) })),
        },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="wallet-row"
      scrollX={960}
      phoneScroll
    >
      <VoucherDrawer voucherId={open} onClose={() => setOpen(null)} />
    </ListPage>
  );
}

const PROGRAM_PARAMS = { q: 'string', jurisdiction: 'string' } as const;

function ProgramsTab(props: { onApplied: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [applying, setApplying] = useState<Program | null>(null);

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
      width: isPhone ? 220 : 280,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong data-testid={`wallet-program-name-${p.id}`}>
            {p.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(p.jurisdictionCode)} · {t('programs.shareShort', { share: formatShare(p.shareBp) })} ·{' '}
            {t('programs.capShort', { cap: formatFen(p.capEnterpriseYearFen) })}
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
    {
      key: 'who',
      title: t('programs.applicantJurisdictions'),
      width: 150,
      responsive: ['lg'],
      render: (_: unknown, p) => <JurisdictionTags codes={p.applicantJurisdictions} />,
    },
    {
      key: 'where',
      title: t('programs.redeemJurisdictions'),
      width: 180,
      responsive: ['md'],
      render: (_: unknown, p) => <JurisdictionTags codes={p.redeemJurisdictions} />,
    },
    {
      key: 'expiresAt',
      title: t('programs.issueUntil'),
      sorter: true,
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, p) => formatDate(p.issueUntil),
    },
    { key: 'actions', title: t('common.actions'), width: 100, responsive: ['sm'], render: (_: unknown, p) => applyButton(p) },
  ];
  return (
    <ListPage<Program, typeof PROGRAM_PARAMS>
      testId="wallet-programs"
      testPrefix="wallet-programs"
      queryKey={['voucher-programs']}
      fetch={(q, signal) => programsApi.list({ ...q, status: 'active' }, signal)}
      params={PROGRAM_PARAMS}
      prefix="programs."
      defaultSort="-createdAt"
      filters={[
        { kind: 'search', key: 'q', placeholder: t('programs.searchPlaceholder'), phoneWidth: 'calc(60% - 4px)' },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('programs.jurisdiction'),
          phoneWidth: 'calc(40% - 4px)',
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
      ]}
      refresh={false}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="wallet-program-row"
      scrollX={860}
      phoneScroll
    >
      <ApplyModal
        program={applying}
        onClose={() => setApplying(null)}
        onDone={() => {
          setApplying(null);
          void qc.invalidateQueries({ queryKey: ['voucher-applications'] });
          props.onApplied();
        }}
      />
    </ListPage>
  );
}

const APPLICATION_PARAMS = { status: 'string' } as const;

function ApplicationsTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
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
    {
      key: 'purpose',
      title: t('applications.purpose'),
      responsive: ['lg'],
      render: (_: unknown, a) => (
        <Typography.Text ellipsis={{ tooltip: a.purpose }} style={{ maxWidth: 260 }}>
          {a.purpose}
        </Typography.Text>
      ),
    },
    {
      key: 'requested',
      title: t('applications.requested'),
      width: 120,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, a) => formatFen(a.requestedFen),
    },
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
    timeColumn('createdAt', t('applications.submittedAt'), { sorter: true, responsive: ['md'] }),
  ];
  return (
    <ListPage<Application, typeof APPLICATION_PARAMS>
      testId="wallet-applications"
      testPrefix="my-applications"
      queryKey={['voucher-applications']}
      fetch={(q, signal) => applicationsApi.list({ ...q, scope: 'mine' }, signal)}
      params={APPLICATION_PARAMS}
      prefix="applications."
      defaultSort="-createdAt"
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 140,
          phoneWidth: '50%',
          options: APPLICATION_STATUSES.map((s) => ({ value: s, label: labels.applicationStatus(s) })),
        },
      ]}
      refresh={false}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="my-application-row"
      scrollX={900}
      phoneScroll
    />
  );
}

function RedemptionsTab() {
  return <RedemptionsTable scope="holder" testPrefix="my-redemptions" />;
}
