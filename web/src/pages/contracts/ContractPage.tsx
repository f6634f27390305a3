// One contract: the parties, the terms and the licence record; the payment schedule as a chart
// (due vs paid vs compensated per instalment) and a table, with a timeline of what happened —
// proposal, signature, reminders, payments, revenue reports, default — and the payments,
// revenue reports and reminders themselves. Actions by role and state:
//  - 签署 the counterparty's admin (in force, schedule set, licence recorded); 撤销 the proposer
//    (the counterparty declines with the same call);
//  - 付款 and 报告收入 the licensee (the amount defaults to the next payment due; for a revenue
//    share the royalty that will fall due is shown);
//  - 认定违约 the licensor's admin, refused by the server before an instalment is 30 days overdue;
//    after a default the pool's compensation and the integrity record are shown.
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Statistic,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CloseCircleOutlined, DollarOutlined, EditOutlined, LineChartOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen, yuanToFen } from '../../app/money';
import { bj, dayjs, formatDate, formatTime } from '../../app/time';
import { EChart, type BarChartOption } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { ReasonModal } from '../../components/vouchers/tags';
import { DEFAULT_GRACE_DAYS, PAYMENT_DAYS, contractsApi, type ContractDetail, type Instalment, type PaymentMode } from '../../api/transfer';
import { addDays, scheduleOf, shareOf } from '../../components/deals/schedule';
import { DealTag, pctOf, useAxisYuan, useDealLabels, useTermsSummary } from '../../components/deals/tags';

const OPEN = ['scheduled', 'overdue'];
const COLORS = { due: '#91a7c7', paid: '#177a41', compensated: '#7c3aed' };

export default function ContractPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const c = useQuery({ queryKey: ['contract', id], queryFn: ({ signal }) => contractsApi.get(id, signal), enabled: id > 0 });
  if (c.isError) {
    const e = c.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/market/contracts">{t('deals.contract.back')}</Link>}
      />
    );
  }
  if (!c.data) return <Skeleton active />;
  return <ContractView c={c.data} />;
}

function ContractView(props: { c: ContractDetail }) {
  const c = props.c;
  const { t } = useTranslation();
  const dl = useDealLabels();
  const labels = useLabels();
  const summary = useTermsSummary();
  const me = useMe().data;
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [actionError, setActionError] = useState<unknown>(null);
  const [paying, setPaying] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [defaulting, setDefaulting] = useState(false);

  const update = (nc: ContractDetail) => {
    qc.setQueryData(['contract', c.id], nc);
    void qc.invalidateQueries({ queryKey: ['contracts'] });
    void qc.invalidateQueries({ queryKey: ['risk-pools'] });
  };
  const action = useMutation({
    mutationFn: (what: 'sign' | 'cancel') => (what === 'sign' ? contractsApi.sign(c.id) : contractsApi.cancel(c.id)),
    onMutate: () => setActionError(null),
    onSuccess: (nc, what) => {
      fb.success(what === 'sign' ? t('deals.contract.signed') : t('deals.contract.cancelled'));
      update(nc);
    },
    onError: (err) => setActionError(err),
  });

  const orgAdmin = me?.role === 'org_admin';
  const proposedByMe = me?.organization.id === c.proposedByOrgId;
  const canSign = c.status === 'proposed' && orgAdmin && !!c.myRole && !proposedByMe;
  const canCancel = c.status === 'proposed' && orgAdmin && !!c.myRole;
  const live = c.status === 'active';
  const canPay = live && c.myRole === 'licensee';
  const canDefault = live && c.myRole === 'licensor' && orgAdmin;
  const payable = c.instalments.filter((i) => OPEN.includes(i.status) && i.dueAt).reduce((a, i) => a + i.amountFen - i.paidFen, 0);
  const counterparty = c.proposedByOrgId === c.licensorOrgId ? c.licenseeName : c.licensorName;
  // Before signing: the schedule the contract will have if signed today.
  const planned = useMemo(
    () =>
      c.status === 'proposed'
        ? scheduleOf(
            {
              paymentMode: c.paymentMode as PaymentMode,
              priceFen: c.priceFen,
              deferMonths: c.deferMonths,
              deferUntilRevenue: c.deferUntilRevenue,
              instalmentCount: c.instalmentCount,
              intervalMonths: c.intervalMonths,
            },
            new Date().toISOString(),
          )
        : [],
    [c],
  );
  const earliestDefault = c.instalments
    .filter((i) => OPEN.includes(i.status) && i.dueAt)
    .map((i) => addDays(i.dueAt!, DEFAULT_GRACE_DAYS))
    .sort()[0];

  return (
    <div data-testid="contract-page" data-contract-id={c.id} data-status={c.status}>
      <Link to="/market/contracts" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="contract-back">
        <ArrowLeftOutlined /> {t('deals.contract.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="contract-title">{c.listingTitle}</span>
            <DealTag status={c.status} label={dl.status(c.status)} testId="contract-status" />
          </Flex>
        }
        subtitle={
          <span>
            <span data-testid="contract-no">{c.contractNo}</span> · {dl.kind(c.kind)}
            {c.kind === 'licence' ? ` (${c.exclusive ? t('deals.exclusiveShort') : t('deals.nonExclusive')})` : ''} ·{' '}
            {c.auctionId ? (
              <Link to={`/market/auctions/${c.auctionId}`} data-testid="contract-auction-link">
                {t('deals.contract.via', { via: dl.via(c.via) })}
              </Link>
            ) : (
              t('deals.contract.via', { via: dl.via(c.via) })
            )}
            {c.myRole ? ` · ${t('deals.list.asRole', { role: dl.role(c.myRole) })}` : ''}
          </span>
        }
        extra={
          <>
            {canSign ? (
              <Popconfirm
                title={t('deals.contract.signConfirm')}
                description={<div style={{ maxWidth: 320 }}>{t('deals.contract.signConfirmDetail')}</div>}
                okText={t('deals.contract.sign')}
                cancelText={t('common.cancel')}
                okButtonProps={{ 'data-testid': 'contract-sign-confirm' }}
                onConfirm={() => action.mutateAsync('sign').catch(() => undefined)}
              >
                <Button type="primary" icon={<EditOutlined />} loading={action.isPending && action.variables === 'sign'} data-testid="contract-sign">
                  {t('deals.contract.sign')}
                </Button>
              </Popconfirm>
            ) : null}
            {canCancel ? (
              <Popconfirm
                title={proposedByMe ? t('deals.contract.cancelConfirm') : t('deals.contract.declineConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'contract-cancel-confirm' }}
                onConfirm={() => action.mutateAsync('cancel').catch(() => undefined)}
              >
                <Button danger icon={<CloseCircleOutlined />} loading={action.isPending && action.variables === 'cancel'} data-testid="contract-cancel">
                  {proposedByMe ? t('deals.contract.cancel') : t('deals.contract.decline')}
                </Button>
              </Popconfirm>
            ) : null}
            {canPay ? (
              <>
                <Button type="primary" icon={<DollarOutlined />} onClick={() => setPaying(true)} disabled={payable <= 0} data-testid="contract-pay">
                  {t('deals.contract.pay')}
                </Button>
                <Button icon={<LineChartOutlined />} onClick={() => setReporting(true)} data-testid="contract-report">
                  {t('deals.contract.report')}
                </Button>
              </>
            ) : null}
            {canDefault ? (
              <Button danger icon={<WarningOutlined />} onClick={() => setDefaulting(true)} data-testid="contract-default">
                {t('deals.contract.declareDefault')}
              </Button>
            ) : null}
          </>
        }
      />
      {actionError ? (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={actionError} testId="contract-action-error" />
        </div>
      ) : null}
      {c.status === 'proposed' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="contract-awaiting"
          title={
            proposedByMe
              ? t('deals.contract.awaitingOther', { name: counterparty })
              : c.myRole
                ? t('deals.contract.awaitingYou', { name: c.proposedByOrgId === c.licensorOrgId ? c.licensorName : c.licenseeName })
                : t('deals.contract.awaiting')
          }
        />
      ) : null}
      {live && c.overdue ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="contract-overdue"
          title={t('deals.contract.overdueTitle')}
          description={
            earliestDefault
              ? Date.parse(earliestDefault) <= Date.now()
                ? t('deals.contract.overdueDefaultable', { grace: DEFAULT_GRACE_DAYS })
                : t('deals.contract.overdueDetail', { grace: DEFAULT_GRACE_DAYS, date: formatTime(earliestDefault) })
              : undefined
          }
        />
      ) : null}
      {c.status === 'defaulted' ? <DefaultPanel c={c} /> : null}
      <Flex gap={12} wrap style={{ marginBottom: 16 }} data-testid="contract-stats">
        {(c.status === 'proposed'
          ? [
              {
                key: 'price',
                title: c.paymentMode === 'revenue_share' ? t('deals.contract.entryFee') : t('deals.price'),
                value: formatFen(c.priceFen),
                color: '#1f5fbf',
              },
              {
                key: 'first',
                title: t('deals.contract.firstPayment'),
                value: planned[0] ? (planned[0].dueAt ? formatDate(planned[0].dueAt) : t('deals.afterFirstRevenue')) : '—',
              },
              { key: 'term', title: t('deals.termMonths'), value: t('deals.monthsN', { n: c.termMonths }) },
            ]
          : [
              {
                key: 'price',
                title: c.paymentMode === 'revenue_share' ? t('deals.contract.entryFee') : t('deals.price'),
                value: formatFen(c.priceFen),
                color: '#1f5fbf',
              },
              { key: 'due', title: t('deals.contract.totalDue'), value: formatFen(c.totalDueFen) },
              { key: 'paid', title: t('deals.contract.paid'), value: formatFen(c.paidFen), color: COLORS.paid },
              ...(c.compensatedFen
                ? [{ key: 'compensated', title: t('deals.contract.compensated'), value: formatFen(c.compensatedFen), color: COLORS.compensated }]
                : []),
              c.status === 'defaulted'
                ? {
                    key: 'outstanding',
                    title: t('deals.contract.unrecovered'),
                    value: formatFen(Math.max(0, c.totalDueFen - c.paidFen - c.compensatedFen)),
                    color: '#cf1322',
                  }
                : { key: 'outstanding', title: t('deals.contract.outstanding'), value: formatFen(c.outstandingFen), color: c.overdue ? '#cf1322' : undefined },
            ]
        ).map((s) => (
          <Card key={s.key} size="small" style={{ flex: isPhone ? '1 1 140px' : '1 1 160px' }}>
            <Statistic
              title={s.title}
              value={s.value}
              styles={{ content: { fontSize: isPhone ? 15 : 20, color: s.color } }}
              data-testid={`contract-stat-${s.key}`}
            />
          </Card>
        ))}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            bordered
            data-testid="contract-facts"
            styles={{ label: { width: isPhone ? undefined : 128, whiteSpace: 'nowrap' } }}
          >
            <Descriptions.Item label={dl.role('licensor')}>
              <span data-testid="contract-licensor">{c.licensorName}</span>
              <Typography.Text type="secondary"> · {labels.jurisdictionShort(c.licensorJurisdiction)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={dl.role('licensee')}>
              <span data-testid="contract-licensee">{c.licenseeName}</span>
              <Typography.Text type="secondary"> · {labels.jurisdictionShort(c.licenseeJurisdiction)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('deals.result')} span={2}>
              <Link to={`/market/results/${c.listingId}`} data-testid="contract-result-link">
                {c.listingTitle}
              </Link>
              {c.applicationNo ? <Typography.Text type="secondary"> · {c.applicationNo}</Typography.Text> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('deals.modeLabel')}>
              <Flex vertical gap={0}>
                <span data-testid="contract-mode" data-mode={c.paymentMode}>
                  {dl.mode(c.paymentMode)}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="contract-terms-summary">
                  {summary(c)}
                </Typography.Text>
              </Flex>
            </Descriptions.Item>
            <Descriptions.Item label={t('deals.termMonths')}>
              {t('deals.monthsN', { n: c.termMonths })}
              {c.startsAt && c.endsAt ? (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="contract-period">
                  {formatDate(c.startsAt)} – {formatDate(c.endsAt)}
                </Typography.Text>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('deals.contract.poolLabel')} span={2}>
              {c.poolId ? (
                <Link to="/market/risk-pools" data-testid="contract-pool">
                  {c.poolName}
                </Link>
              ) : (
                <Typography.Text type="secondary">{t('deals.propose.noPool')}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('deals.signedAt')}>
              <span data-testid="contract-signed-at">{c.signedAt ? formatTime(c.signedAt) : '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('deals.contract.licenceNo')}>
              {c.licence ? (
                <Flex gap={6} align="center" wrap>
                  <Typography.Text strong copyable data-testid="contract-licence-no">
                    {c.licence.recordNo}
                  </Typography.Text>
                  <DealTag status={c.licence.status} label={dl.licenceStatus(c.licence.status)} testId="contract-licence-status" />
                </Flex>
              ) : (
                <Typography.Text type="secondary">
                  {c.kind === 'assignment' ? t('deals.contract.noLicenceAssignment') : t('deals.contract.noLicenceYet')}
                </Typography.Text>
              )}
            </Descriptions.Item>
            {c.terms ? (
              <Descriptions.Item label={t('deals.terms')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="contract-terms">
                  {c.terms}
                </Typography.Paragraph>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('deals.contract.timeline')} data-testid="contract-timeline">
            <ContractTimeline c={c} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('deals.contract.schedule')} style={{ marginTop: 16 }} data-testid="contract-schedule">
        {c.status === 'proposed' ? (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('deals.contract.schedulePlanned')}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="seq"
              pagination={false}
              dataSource={planned}
              onRow={(r) => ({ 'data-testid': `contract-planned-${r.seq}` }) as React.HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.propose.previewEmpty')} /> }}
              columns={[
                { key: 'seq', title: '#', width: 44, responsive: ['sm'], render: (_: unknown, r) => r.seq },
                { key: 'what', title: t('deals.instalment'), render: (_: unknown, r) => dl.what(r.what) },
                {
                  key: 'due',
                  title: t('deals.dueAt'),
                  render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.dueAt ? formatDate(r.dueAt) : t('deals.afterFirstRevenue')}</span>,
                },
                {
                  key: 'amount',
                  title: t('deals.amount'),
                  align: 'right',
                  render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(r.amountFen)}</span>,
                },
              ]}
            />
          </>
        ) : (
          <Schedule c={c} />
        )}
        {c.paymentMode === 'revenue_share' ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '8px 0 0' }}>
            {t('deals.contract.royaltyRule', { share: pctOf(c.revenueShareBp), days: PAYMENT_DAYS })}
          </Typography.Paragraph>
        ) : null}
      </Card>
      {c.signedAt ? (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('deals.contract.payments')} data-testid="contract-payments">
              <Table
                size="small"
                rowKey="id"
                pagination={c.payments.length > 10 ? { pageSize: 10, size: 'small' } : false}
                dataSource={[...c.payments].reverse()}
                onRow={(p) => ({ 'data-testid': `contract-payment-${p.id}` }) as React.HTMLAttributes<HTMLElement>}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.contract.noPayments')} /> }}
                columns={[
                  {
                    key: 'at',
                    title: t('deals.contract.at'),
                    render: (_: unknown, p) => <span style={{ whiteSpace: isPhone ? undefined : 'nowrap' }}>{formatTime(p.createdAt)}</span>,
                  },
                  {
                    key: 'inst',
                    title: t('deals.instalment'),
                    responsive: ['md'],
                    render: (_: unknown, p) => (
                      <span style={{ whiteSpace: 'nowrap' }}>{dl.instalment(c.instalments.find((i) => i.id === p.instalmentId)?.label ?? '')}</span>
                    ),
                  },
                  { key: 'kind', title: t('deals.contract.kindCol'), render: (_: unknown, p) => <DealTag status={p.kind} label={dl.paymentKind(p.kind)} /> },
                  { key: 'amount', title: t('deals.amount'), align: 'right', render: (_: unknown, p) => formatFen(p.amountFen) },
                  { key: 'ref', title: t('deals.contract.reference'), responsive: ['md'], render: (_: unknown, p) => p.reference || '—' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('deals.contract.revenue')} data-testid="contract-revenue">
              <Table
                size="small"
                rowKey="id"
                pagination={c.revenueReports.length > 10 ? { pageSize: 10, size: 'small' } : false}
                dataSource={[...c.revenueReports].reverse()}
                onRow={(r) => ({ 'data-testid': `contract-report-${r.period}` }) as React.HTMLAttributes<HTMLElement>}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.contract.noReports')} /> }}
                columns={[
                  { key: 'period', title: t('deals.contract.period'), render: (_: unknown, r) => r.period },
                  { key: 'revenue', title: t('deals.contract.revenueAmount'), align: 'right', render: (_: unknown, r) => formatFen(r.revenueFen) },
                  {
                    key: 'royalty',
                    title: t('deals.contract.royalty'),
                    align: 'right',
                    render: (_: unknown, r) => (r.royaltyFen ? formatFen(r.royaltyFen) : '—'),
                  },
                  {
                    key: 'at',
                    title: t('deals.contract.reportedAt'),
                    responsive: ['md'],
                    render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(r.createdAt)}</span>,
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t('deals.contract.reminders')} style={{ marginTop: 16 }} data-testid="contract-reminders">
              {c.reminders.length ? (
                <Flex vertical gap={6}>
                  {[...c.reminders].reverse().map((r) => {
                    const inst = c.instalments.find((i) => i.id === r.instalmentId);
                    return (
                      <Flex key={r.id} gap={8} align="center" wrap data-testid={`contract-reminder-${r.id}`}>
                        <DealTag status={r.kind} label={dl.reminderKind(r.kind)} />
                        <span>
                          {inst
                            ? `${dl.instalment(inst.label)} · ${formatFen(inst.amountFen - inst.paidFen)} · ${t('deals.contract.dueOn', { date: formatDate(inst.dueAt) })}`
                            : ''}
                        </span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatTime(r.createdAt)}
                        </Typography.Text>
                      </Flex>
                    );
                  })}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('deals.contract.noReminders', { days: 7 })}</Typography.Text>
              )}
            </Card>
          </Col>
        </Row>
      ) : null}
      <PayModal c={c} open={paying} payable={payable} onClose={() => setPaying(false)} onDone={update} />
      <ReportModal c={c} open={reporting} onClose={() => setReporting(false)} onDone={update} />
      <ReasonModal
        open={defaulting}
        title={t('deals.contract.declareDefault')}
        label={t('deals.contract.defaultNote')}
        required
        danger
        okText={t('deals.contract.declareDefault')}
        testPrefix="contract-default"
        extra={
          <Alert
            type="warning"
            showIcon
            title={t('deals.contract.defaultRule', { grace: DEFAULT_GRACE_DAYS })}
            description={
              <div>
                {c.poolName ? <div>{t('deals.contract.defaultPool', { name: c.poolName })}</div> : <div>{t('deals.contract.defaultNoPool')}</div>}
                {earliestDefault ? <div>{t('deals.contract.defaultEarliest', { date: formatTime(earliestDefault) })}</div> : null}
              </div>
            }
          />
        }
        onSubmit={async (note) => {
          const nc = await contractsApi.declareDefault(c.id, note);
          fb.success(t('deals.contract.defaulted'));
          update(nc);
        }}
        onClose={() => setDefaulting(false)}
      />
    </div>
  );
}

/** After a default: what the pool paid and the licensee's integrity record. */
function DefaultPanel(props: { c: ContractDetail }) {
  const c = props.c;
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="contract-defaulted"
      title={t('deals.contract.defaultedTitle', { date: formatTime(c.defaultedAt) })}
      description={
        <Flex vertical gap={4}>
          <span data-testid="contract-compensation">
            {c.poolId
              ? c.compensatedFen
                ? t('deals.contract.compensatedBy', { name: c.poolName, amount: formatFen(c.compensatedFen) })
                : t('deals.contract.compensatedNone', { name: c.poolName })
              : t('deals.contract.defaultNoPool')}
          </span>
          {c.integrityRecordId ? (
            <span>
              {t('deals.contract.integrityRecord')}{' '}
              <Link to={`/research/integrity/${c.integrityRecordId}`} data-testid="contract-integrity-link">
                #{c.integrityRecordId}
              </Link>
            </span>
          ) : null}
        </Flex>
      }
    />
  );
}

function Schedule(props: { c: ContractDetail }) {
  const c = props.c;
  const { t } = useTranslation();
  const dl = useDealLabels();
  const axisYuan = useAxisYuan();
  const isPhone = useIsPhone();
  const rows = c.instalments;
  const option = useMemo<BarChartOption>(() => {
    const cat = rows.map((i) => `${dl.instalment(i.label)}\n${i.dueAt ? formatDate(i.dueAt) : '—'}`);
    const bar = (name: string, color: string, data: number[]) => ({
      type: 'bar' as const,
      name,
      data,
      itemStyle: { color, borderRadius: [3, 3, 0, 0] as [number, number, number, number] },
      barMaxWidth: 26,
    });
    return {
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => formatFen(Math.round(Number(v) * 100)) },
      xAxis: { type: 'category', data: cat, axisLabel: { interval: 0, fontSize: 11, hideOverlap: true } },
      yAxis: { type: 'value', splitNumber: isPhone ? 3 : 4, axisLabel: { hideOverlap: true, formatter: axisYuan } },
      series: [
        bar(
          t('deals.contract.chartDue'),
          COLORS.due,
          rows.map((i) => i.amountFen / 100),
        ),
        bar(
          t('deals.contract.chartPaid'),
          COLORS.paid,
          rows.map((i) => i.paidFen / 100),
        ),
        bar(
          t('deals.contract.chartCompensated'),
          COLORS.compensated,
          rows.map((i) => i.compensatedFen / 100),
        ),
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, t, isPhone, axisYuan]);
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.contract.noInstalments')} />;
  const now = Date.now();
  return (
    <div>
      <Flex gap={16} wrap style={{ marginBottom: 4, fontSize: 12 }} aria-hidden>
        {(
          [
            ['due', t('deals.contract.chartDue')],
            ['paid', t('deals.contract.chartPaid')],
            ['compensated', t('deals.contract.chartCompensated')],
          ] as const
        ).map(([k, label]) => (
          <span key={k}>
            <span
              style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: COLORS[k], marginInlineEnd: 4, verticalAlign: 'middle' }}
            />
            {label}
          </span>
        ))}
      </Flex>
      <EChart option={option} height={isPhone ? 200 : 240} testId="contract-chart" ariaLabel={t('deals.contract.schedule')} />
      <Table<Instalment>
        size="small"
        rowKey="id"
        style={{ marginTop: 8 }}
        pagination={rows.length > 12 ? { pageSize: 12, size: 'small' } : false}
        dataSource={rows}
        onRow={(i) => ({ 'data-testid': `contract-instalment-${i.seq}`, 'data-status': i.status }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'seq', title: '#', width: 44, responsive: ['sm'], render: (_: unknown, i) => i.seq },
          {
            key: 'what',
            title: t('deals.instalment'),
            render: (_: unknown, i) => (
              <Flex vertical gap={2} align="flex-start">
                <span data-testid={`contract-instalment-label-${i.seq}`}>{dl.instalment(i.label)}</span>
                {isPhone ? <DealTag status={i.status} label={dl.instStatus(i.status)} /> : null}
              </Flex>
            ),
          },
          {
            key: 'due',
            title: t('deals.dueAt'),
            render: (_: unknown, i) => (
              <Flex vertical gap={0}>
                <span style={{ whiteSpace: 'nowrap' }} data-testid={`contract-instalment-due-${i.seq}`}>
                  {i.dueAt ? formatDate(i.dueAt) : t('deals.afterFirstRevenue')}
                </span>
                {i.dueAt && OPEN.includes(i.status) && Date.parse(i.dueAt) > now ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {t('deals.contract.inDays', { n: Math.ceil((Date.parse(i.dueAt) - now) / 86_400_000) })}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'amount',
            title: t('deals.amount'),
            align: 'right',
            render: (_: unknown, i) => (
              <Flex vertical gap={0} align="flex-end">
                <span style={{ whiteSpace: 'nowrap' }} data-testid={`contract-instalment-amount-${i.seq}`}>
                  {formatFen(i.amountFen)}
                </span>
                {isPhone && i.paidFen + i.compensatedFen > 0 ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {t('deals.contract.chartPaid')} {formatFen(i.paidFen + i.compensatedFen)}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'paid',
            title: t('deals.contract.chartPaid'),
            align: 'right',
            responsive: ['sm'],
            render: (_: unknown, i) => (i.paidFen ? formatFen(i.paidFen) : '—'),
          },
          {
            key: 'comp',
            title: t('deals.contract.chartCompensated'),
            align: 'right',
            responsive: ['md'],
            render: (_: unknown, i) => (i.compensatedFen ? formatFen(i.compensatedFen) : '—'),
          },
          {
            key: 'status',
            title: t('common.status'),
            responsive: ['sm'],
            render: (_: unknown, i) => <DealTag status={i.status} label={dl.instStatus(i.status)} testId={`contract-instalment-status-${i.seq}`} />,
          },
        ]}
      />
    </div>
  );
}

/** What happened, oldest first, then what is still to fall due. */
function ContractTimeline(props: { c: ContractDetail }) {
  const c = props.c;
  const { t } = useTranslation();
  const dl = useDealLabels();
  type Ev = { at: string; color: string; text: React.ReactNode; key: string; future?: boolean };
  const ev: Ev[] = [
    {
      key: 'created',
      at: c.createdAt,
      color: 'blue',
      text: t('deals.contract.evProposed', { name: c.proposedByOrgId === c.licensorOrgId ? c.licensorName : c.licenseeName }),
    },
  ];
  if (c.signedAt)
    ev.push({
      key: 'signed',
      at: c.signedAt,
      color: 'green',
      text: c.licence ? t('deals.contract.evSignedLicence', { no: c.licence.recordNo }) : t('deals.contract.evSigned'),
    });
  if (c.status === 'cancelled') ev.push({ key: 'cancelled', at: c.updatedAt, color: 'gray', text: t('deals.contract.evCancelled') });
  for (const r of c.reminders) {
    const inst = c.instalments.find((i) => i.id === r.instalmentId);
    ev.push({
      key: `rem-${r.id}`,
      at: r.createdAt,
      color: r.kind === 'overdue' ? 'red' : 'orange',
      text: `${dl.reminderKind(r.kind)} · ${inst ? dl.instalment(inst.label) : ''}`,
    });
  }
  for (const p of c.payments)
    ev.push({
      key: `pay-${p.id}`,
      at: p.createdAt,
      color: p.kind === 'compensation' ? 'purple' : 'green',
      text: `${dl.paymentKind(p.kind)} ${formatFen(p.amountFen)}`,
    });
  for (const r of c.revenueReports)
    ev.push({
      key: `rev-${r.id}`,
      at: r.createdAt,
      color: 'blue',
      text:
        t('deals.contract.evRevenue', { period: r.period, revenue: formatFen(r.revenueFen) }) +
        (r.royaltyFen ? t('deals.contract.evRoyalty', { royalty: formatFen(r.royaltyFen) }) : ''),
    });
  if (c.defaultedAt) ev.push({ key: 'default', at: c.defaultedAt, color: 'red', text: t('deals.contract.evDefault') });
  ev.sort((a, b) => a.at.localeCompare(b.at));
  const future: Ev[] = c.instalments
    .filter((i) => OPEN.includes(i.status))
    .map((i) => ({
      key: `due-${i.id}`,
      at: i.dueAt ?? '',
      color: i.status === 'overdue' ? 'red' : 'gray',
      future: true,
      text: `${dl.instalment(i.label)} · ${formatFen(i.amountFen - i.paidFen)}`,
    }));
  if (c.endsAt && c.status === 'active') future.push({ key: 'ends', at: c.endsAt, color: 'gray', future: true, text: t('deals.contract.evEnds') });
  return (
    <Timeline
      items={[...ev, ...future].map((e) => ({
        key: e.key,
        color: e.color,
        content: (
          <div data-testid={`contract-event-${e.key}`}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.at ? (e.future ? t('deals.contract.dueOn', { date: formatDate(e.at) }) : formatTime(e.at)) : t('deals.afterFirstRevenue')}
            </Typography.Text>
            <div style={{ opacity: e.future ? 0.75 : 1 }}>{e.text}</div>
          </div>
        ),
      }))}
    />
  );
}

function PayModal(props: { c: ContractDetail; open: boolean; payable: number; onClose: () => void; onDone: (c: ContractDetail) => void }) {
  const c = props.c;
  const { t } = useTranslation();
  const dl = useDealLabels();
  const fb = useFeedback();
  const [form] = Form.useForm<{ amount?: number | null; reference?: string }>();
  const [error, setError] = useState<unknown>(null);
  const next = c.nextDue && c.nextDue.dueAt ? c.nextDue : null;
  const pay = useMutation({
    mutationFn: (v: { amount?: number | null; reference?: string }) =>
      contractsApi.pay(c.id, { amountFen: yuanToFen(v.amount ?? undefined) ?? 0, reference: v.reference?.trim() || undefined }),
    onMutate: () => setError(null),
    onSuccess: (nc) => {
      fb.success(t('deals.contract.paidDone'));
      props.onDone(nc);
      props.onClose();
    },
    onError: setError,
  });
  return (
    <Modal
      open={props.open}
      title={t('deals.contract.pay')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('deals.contract.pay')}
      cancelText={t('common.cancel')}
      confirmLoading={pay.isPending}
      okButtonProps={{ 'data-testid': 'contract-pay-submit' }}
      destroyOnHidden
    >
      <div data-testid="contract-pay-form">
        {next ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('deals.contract.nextDue', { what: dl.instalment(next.label), amount: formatFen(next.amountFen), date: formatDate(next.dueAt) })}
            description={t('deals.contract.payable', { amount: formatFen(props.payable) })}
          />
        ) : null}
        <Form form={form} layout="vertical" initialValues={{ amount: next ? next.amountFen / 100 : props.payable / 100 }} onFinish={(v) => pay.mutate(v)}>
          <Form.Item
            name="amount"
            label={t('deals.contract.amountYuan')}
            rules={[{ required: true, message: t('deals.required') }]}
            extra={t('deals.contract.payHint')}
          >
            <InputNumber min={0.01} max={props.payable / 100} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="contract-pay-amount" />
          </Form.Item>
          <Form.Item name="reference" label={t('deals.contract.reference')}>
            <Input maxLength={200} placeholder={t('deals.contract.referencePlaceholder')} data-testid="contract-pay-reference" />
          </Form.Item>
        </Form>
        {error ? <ProblemAlert error={error} testId="contract-pay-error" /> : null}
      </div>
    </Modal>
  );
}

function ReportModal(props: { c: ContractDetail; open: boolean; onClose: () => void; onDone: (c: ContractDetail) => void }) {
  const c = props.c;
  const { t } = useTranslation();
  const fb = useFeedback();
  const [form] = Form.useForm<{ period?: Dayjs | null; revenue?: number | null; note?: string }>();
  const revenue = Form.useWatch('revenue', form);
  const [error, setError] = useState<unknown>(null);
  const thisMonth = bj(dayjs()).format('YYYY-MM');
  const report = useMutation({
    mutationFn: (v: { period?: Dayjs | null; revenue?: number | null; note?: string }) =>
      contractsApi.reportRevenue(c.id, {
        period: v.period!.format('YYYY-MM'),
        revenueFen: yuanToFen(v.revenue ?? undefined) ?? 0,
        note: v.note?.trim() || undefined,
      }),
    onMutate: () => setError(null),
    onSuccess: (nc) => {
      fb.success(t('deals.contract.reportedDone'));
      props.onDone(nc);
      props.onClose();
    },
    onError: setError,
  });
  const fen = yuanToFen(revenue ?? undefined) ?? 0;
  const royalty = c.paymentMode === 'revenue_share' ? shareOf(fen, c.revenueShareBp) : 0;
  const waitingForRevenue = c.deferUntilRevenue && c.instalments.some((i) => OPEN.includes(i.status) && !i.dueAt);
  return (
    <Modal
      open={props.open}
      title={t('deals.contract.report')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('deals.contract.report')}
      cancelText={t('common.cancel')}
      confirmLoading={report.isPending}
      okButtonProps={{ 'data-testid': 'contract-report-submit' }}
      destroyOnHidden
    >
      <div data-testid="contract-report-form">
        <Form form={form} layout="vertical" initialValues={{ period: dayjs(`${thisMonth}-01`).subtract(1, 'month') }} onFinish={(v) => report.mutate(v)}>
          <Form.Item name="period" label={t('deals.contract.period')} rules={[{ required: true, message: t('deals.required') }]}>
            <DatePicker
              picker="month"
              format="YYYY-MM"
              style={{ width: '100%' }}
              disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
              data-testid="contract-report-period"
            />
          </Form.Item>
          <Form.Item name="revenue" label={t('deals.contract.revenueYuan')} rules={[{ required: true, message: t('deals.required') }]}>
            <InputNumber min={0} max={10_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="contract-report-revenue" />
          </Form.Item>
          <Form.Item name="note" label={t('deals.contract.note')}>
            <Input.TextArea rows={2} maxLength={500} data-testid="contract-report-note" />
          </Form.Item>
        </Form>
        {c.paymentMode === 'revenue_share' ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="contract-report-royalty"
            title={t('deals.contract.royaltyWillFall', { share: pctOf(c.revenueShareBp), royalty: formatFen(royalty) })}
            description={t('deals.contract.royaltyDue', { days: PAYMENT_DAYS, date: formatDate(addDays(new Date().toISOString(), PAYMENT_DAYS)) })}
          />
        ) : null}
        {waitingForRevenue && fen > 0 ? (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('deals.contract.firstRevenueStarts', { days: PAYMENT_DAYS })} />
        ) : null}
        {error ? <ProblemAlert error={error} testId="contract-report-error" /> : null}
      </div>
    </Modal>
  );
}
