// The workbench (issue 15): each role's to-dos and figures, every figure a link to the list that
// shows its rows (with the list's filter in the address). Sections come from GET /api/workbench:
// an enterprise's (members, org admins), a resource operator's, a jurisdiction's (jurisdiction
// and platform admins), an expert's and the platform's. Cards stack at phone width.
import { lazy, Suspense, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Progress, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  ControlOutlined,
  CreditCardOutlined,
  ExperimentOutlined,
  FileDoneOutlined,
  KeyOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TagsOutlined,
  TeamOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess, type RouteAccessKey } from '../../app/access';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen } from '../../app/money';
import { formatDate, formatRange, formatTime, isFuture } from '../../app/time';
import { roleColor } from '../../components/roles';
import { BookingStatusTag } from '../../components/resources/tags';
import { useResearchLabels } from '../../components/research/tags';
import {
  workbenchApi,
  type EnterpriseFigures,
  type ExpertFigures,
  type JurisdictionFigures,
  type OperatorFigures,
  type PlatformFigures,
} from '../../api/workbench';

const TrendChart = lazy(() => import('./WorkbenchCharts').then((m) => ({ default: m.TrendChart })));
const FlowChart = lazy(() => import('./WorkbenchCharts').then((m) => ({ default: m.FlowChart })));

const LINKS: { key: Exclude<RouteAccessKey, 'home' | 'resourcesConsole' | 'queue' | 'queueMenu'>; path: string; icon: ReactNode }[] = [
  { key: 'resources', path: '/resources', icon: <ExperimentOutlined /> },
  { key: 'bookings', path: '/bookings', icon: <CalendarOutlined /> },
  { key: 'resourcesManage', path: '/resources/manage', icon: <ControlOutlined /> },
  { key: 'voucherWallet', path: '/vouchers/wallet', icon: <WalletOutlined /> },
  { key: 'providerDesk', path: '/vouchers/provider-desk', icon: <ShopOutlined /> },
  { key: 'voucherPrograms', path: '/vouchers/programs', icon: <TagsOutlined /> },
  { key: 'voucherApplications', path: '/vouchers/applications', icon: <FileDoneOutlined /> },
  { key: 'vouchersIssued', path: '/vouchers/issued', icon: <CreditCardOutlined /> },
  { key: 'voucherProviders', path: '/vouchers/providers', icon: <SafetyCertificateOutlined /> },
  { key: 'voucherSettlements', path: '/vouchers/settlements', icon: <AccountBookOutlined /> },
  { key: 'organizations', path: '/organizations', icon: <ApartmentOutlined /> },
  { key: 'registrations', path: '/organizations/registrations', icon: <ApartmentOutlined /> },
  { key: 'users', path: '/users', icon: <TeamOutlined /> },
  { key: 'audit', path: '/audit', icon: <AuditOutlined /> },
  { key: 'tokens', path: '/tokens', icon: <KeyOutlined /> },
];

/** A figure: its number, what it counts, and the list it links to. */
function Figure(props: { to: string; label: string; value: ReactNode; testId: string; hint?: ReactNode; warn?: boolean }) {
  return (
    <Link to={props.to} data-testid={props.testId} style={{ display: 'block', height: '100%' }}>
      <Card size="small" hoverable style={{ height: '100%', borderColor: props.warn ? '#fa8c16' : undefined }} styles={{ body: { padding: '10px 12px' } }}>
        <Statistic
          title={props.label}
          value={typeof props.value === 'number' ? props.value : undefined}
          formatter={typeof props.value === 'number' ? undefined : () => props.value}
          valueStyle={{ fontSize: 22, color: props.warn ? '#d46b08' : undefined }}
        />
        {props.hint ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {props.hint}
          </Typography.Text>
        ) : null}
      </Card>
    </Link>
  );
}

function Figures(props: { children: ReactNode[] }) {
  return (
    <Row gutter={[12, 12]}>
      {props.children.filter(Boolean).map((c, i) => (
        <Col key={i} xs={12} sm={8} lg={6}>
          {c}
        </Col>
      ))}
    </Row>
  );
}

function Section(props: { title: string; testId: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={props.title} extra={props.extra} data-testid={props.testId} style={{ borderTop: '3px solid #1f5fbf' }}>
      <Flex vertical gap={16}>
        {props.children}
      </Flex>
    </Card>
  );
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

function EnterpriseSection(props: { f: EnterpriseFigures; wallet: boolean; demands: boolean }) {
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const f = props.f;
  const todo = f.todo.waitlistOffers + f.todo.pendingTrainingRequests + f.contracts.instalments;
  return (
    <Section title={t('workbench.enterprise.title')} testId="wb-enterprise">
      {todo ? (
        <Alert
          type="warning"
          showIcon
          data-testid="wb-todo"
          title={t('workbench.enterprise.todo')}
          description={
            <Flex vertical gap={2}>
              {f.todo.waitlistOffers ? <Link to="/bookings">{t('workbench.enterprise.waitlistOffers', { n: f.todo.waitlistOffers })}</Link> : null}
              {f.todo.pendingTrainingRequests ? (
                <Link to="/queue?tab=mine">{t('workbench.enterprise.trainingPending', { n: f.todo.pendingTrainingRequests })}</Link>
              ) : null}
              {f.contracts.instalments ? (
                <Link to="/market/contracts?role=licensee&status=active">
                  {t('workbench.enterprise.paymentsDue', { n: f.contracts.instalments, amount: formatFen(f.contracts.outstandingFen) })}
                </Link>
              ) : null}
            </Flex>
          }
        />
      ) : null}
      <Figures>
        {[
          <Figure
            key="b"
            to="/bookings?status=requested,confirmed,checked_in"
            label={t('workbench.enterprise.upcoming')}
            value={f.bookings.upcoming}
            testId="wb-upcoming"
          />,
          props.wallet && f.vouchers ? (
            <Figure
              key="v"
              to="/vouchers/wallet?vouchers.status=active"
              label={t('workbench.enterprise.balance')}
              value={formatFen(f.vouchers.balanceFen)}
              testId="wb-voucher-balance"
              hint={
                f.vouchers.active
                  ? t('workbench.enterprise.vouchersActive', { n: f.vouchers.active, date: formatDate(f.vouchers.nextExpiry) })
                  : t('workbench.enterprise.noVouchers')
              }
            />
          ) : null,
          props.wallet ? (
            <Figure
              key="va"
              to="/vouchers/wallet?tab=applications&applications.status=submitted"
              label={t('workbench.enterprise.voucherApplications')}
              value={f.voucherApplications.submitted ?? 0}
              testId="wb-voucher-applications"
              hint={t('workbench.enterprise.appsHint', { approved: f.voucherApplications.approved ?? 0, rejected: f.voucherApplications.rejected ?? 0 })}
            />
          ) : null,
          <Figure
            key="ca"
            to="/research/calls"
            label={t('workbench.enterprise.callApplications')}
            value={sum(f.callApplications)}
            testId="wb-call-applications"
            hint={
              Object.entries(f.callApplications)
                .map(([s, n]) => `${rl.appStatus(s)} ${n}`)
                .join(' · ') || undefined
            }
          />,
          <Figure
            key="c"
            to="/market/contracts?role=licensee&status=active"
            label={t('workbench.enterprise.contracts')}
            value={f.contracts.activeAsLicensee}
            testId="wb-contracts"
            warn={f.contracts.instalments > 0}
            hint={
              f.contracts.instalments
                ? t('workbench.enterprise.dueHint', { n: f.contracts.instalments, amount: formatFen(f.contracts.outstandingFen) })
                : t('workbench.enterprise.nothingDue')
            }
          />,
          props.demands ? (
            <Figure key="d" to="/market/portfolio?tab=demands" label={t('workbench.enterprise.demands')} value={f.demands.published} testId="wb-demands" />
          ) : null,
        ]}
      </Figures>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Typography.Title level={5}>{t('workbench.enterprise.nextBookings')}</Typography.Title>
          {f.bookings.next.length ? (
            <Flex vertical gap={6} data-testid="wb-next-bookings">
              {f.bookings.next.map((b) => (
                <Flex key={b.id} gap={8} wrap align="center">
                  <BookingStatusTag status={b.status} />
                  <Link to={`/resources/${b.resourceId}`}>{b.resourceName}</Link>
                  <Typography.Text type="secondary">{formatRange(b.startsAt, b.endsAt)}</Typography.Text>
                </Flex>
              ))}
            </Flex>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Link to="/resources">{t('workbench.enterprise.noBookings')}</Link>} />
          )}
        </Col>
        {props.demands ? (
          <Col xs={24} lg={10}>
            <Typography.Title level={5}>{t('workbench.enterprise.matches')}</Typography.Title>
            {f.demands.recent.length ? (
              <Flex vertical gap={6} data-testid="wb-demand-matches">
                {f.demands.recent.map((d) => (
                  <DemandMatchesLine key={d.id} id={d.id} title={d.title} />
                ))}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('workbench.enterprise.matchesHint')}
                </Typography.Text>
              </Flex>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Link to="/market/portfolio?tab=demands">{t('workbench.enterprise.noDemands')}</Link>} />
            )}
          </Col>
        ) : null}
      </Row>
    </Section>
  );
}

/** A demand and the best results the matcher finds for it (the transfer module's matches). */
function DemandMatchesLine(props: { id: number; title: string }) {
  const matches = useQuery({ queryKey: ['workbench', 'matches', props.id], queryFn: ({ signal }) => workbenchApi.demandMatches(props.id, signal) });
  return (
    <div data-testid={`wb-demand-${props.id}`}>
      <Link to={`/market/demands/${props.id}`}>
        {props.title} <RightOutlined style={{ fontSize: 10 }} />
      </Link>
      <Flex vertical gap={0} style={{ paddingInlineStart: 12, fontSize: 13 }}>
        {(matches.data?.results ?? []).map((m) => (
          <Link key={m.listing.id} to={`/market/results/${m.listing.id}`} style={{ color: 'inherit' }}>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: '100%' }}>
              · {m.listing.title} ({Math.round(m.score * 100)}%)
            </Typography.Text>
          </Link>
        ))}
      </Flex>
    </div>
  );
}

function OperatorSection(props: { f: OperatorFigures }) {
  const { t } = useTranslation();
  const f = props.f;
  return (
    <Section
      title={t('workbench.operator.title')}
      testId="wb-operator"
      extra={
        <Link to="/queue" data-testid="wb-queue-link">
          {t('workbench.operator.openQueue')} <RightOutlined style={{ fontSize: 10 }} />
        </Link>
      }
    >
      <Figures>
        {[
          <Figure key="t" to="/queue" label={t('workbench.operator.pendingTotal')} value={f.queue.total} testId="wb-queue-total" warn={f.queue.total > 0} />,
          <Figure key="b" to="/queue" label={t('workbench.operator.bookings')} value={f.queue.bookings} testId="wb-queue-bookings" />,
          <Figure key="tr" to="/queue" label={t('workbench.operator.training')} value={f.queue.trainingRequests} testId="wb-queue-training" />,
          <Figure key="a" to="/queue" label={t('workbench.operator.access')} value={f.queue.accessRequests} testId="wb-queue-access" />,
        ]}
      </Figures>
      <div>
        <Typography.Title level={5}>{t('workbench.operator.utilisation', { days: f.utilisationDays })}</Typography.Title>
        <Table
          size="small"
          rowKey="resourceId"
          pagination={false}
          scroll={{ x: 480 }}
          dataSource={f.utilisation}
          data-testid="wb-utilisation"
          locale={{ emptyText: t('workbench.operator.noResources') }}
          columns={[
            { title: t('workbench.operator.resource'), dataIndex: 'name', render: (v: string, r) => <Link to={`/resources/${r.resourceId}`}>{v}</Link> },
            {
              title: t('workbench.operator.booked'),
              dataIndex: 'bookedPct',
              width: 150,
              render: (v: number, r) => (
                <Progress percent={v} size="small" format={(p) => `${p}%`} aria-label={`${r.name} · ${t('workbench.operator.booked')}`} />
              ),
            },
            {
              title: t('workbench.operator.used'),
              dataIndex: 'usedPct',
              width: 150,
              render: (v: number, r) => (
                <Progress percent={v} size="small" strokeColor="#389e0d" format={(p) => `${p}%`} aria-label={`${r.name} · ${t('workbench.operator.used')}`} />
              ),
            },
            {
              title: t('workbench.operator.openHours'),
              dataIndex: 'openMinutes',
              width: 90,
              align: 'right',
              render: (v: number) => Math.round(v / 60),
            },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('workbench.operator.utilisationHint')}
        </Typography.Text>
      </div>
    </Section>
  );
}

function JurisdictionSection(props: { f: JurisdictionFigures }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const f = props.f;
  const jq = f.jurisdictionCode ? `&jurisdiction=${f.jurisdictionCode}` : '';
  const chartFallback = <Skeleton.Node active style={{ width: '100%', height: 240 }} />;
  return (
    <Section
      title={
        f.jurisdictionCode ? t('workbench.jurisdiction.titleNamed', { name: labels.jurisdiction(f.jurisdictionCode) }) : t('workbench.jurisdiction.titleAll')
      }
      testId="wb-jurisdiction"
    >
      <Figures>
        {[
          <Figure
            key="va"
            to="/vouchers/applications?status=submitted"
            label={t('workbench.jurisdiction.voucherApplications')}
            value={f.pending.voucherApplications}
            testId="wb-pending-applications"
            warn={f.pending.voucherApplications > 0}
          />,
          <Figure
            key="pa"
            to={`/vouchers/providers?status=applied${jq}`}
            label={t('workbench.jurisdiction.providersApplied')}
            value={f.pending.providersApplied}
            testId="wb-providers-applied"
          />,
          <Figure
            key="pn"
            to={`/vouchers/providers?status=notice${jq}`}
            label={t('workbench.jurisdiction.providersInNotice')}
            value={f.pending.providersInNotice}
            testId="wb-providers-notice"
          />,
          <Figure
            key="o"
            to={`/vouchers/providers?status=notice${jq}`}
            label={t('workbench.jurisdiction.objections')}
            value={f.pending.objections}
            testId="wb-objections"
            warn={f.pending.objections > 0}
          />,
          <Figure
            key="ia"
            to={`/research/integrity?${jq.slice(1)}`}
            label={t('workbench.jurisdiction.appeals')}
            value={f.pending.integrityAppeals}
            testId="wb-appeals"
            warn={f.pending.integrityAppeals > 0}
          />,
        ]}
      </Figures>
      <div>
        <Typography.Title level={5}>{t('workbench.jurisdiction.programs')}</Typography.Title>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={f.programs.items}
          data-testid="wb-programs"
          locale={{ emptyText: t('workbench.jurisdiction.noPrograms') }}
          columns={[
            { title: t('workbench.jurisdiction.program'), dataIndex: 'name', render: (v: string, p) => <Link to={`/vouchers/programs/${p.id}`}>{v}</Link> },
            { title: t('workbench.jurisdiction.budget'), dataIndex: 'totalFen', align: 'right', render: (v: number) => formatFen(v) },
            { title: t('workbench.jurisdiction.committed'), dataIndex: 'committedFen', align: 'right', render: (v: number) => formatFen(v) },
            { title: t('workbench.jurisdiction.redeemed'), dataIndex: 'redeemedFen', align: 'right', render: (v: number) => formatFen(v) },
            {
              title: t('workbench.jurisdiction.use'),
              key: 'use',
              width: 140,
              render: (_: unknown, p) => (
                <Progress
                  size="small"
                  aria-label={`${p.name} · ${t('workbench.jurisdiction.use')}`}
                  percent={p.totalFen ? Math.round((100 * p.committedFen) / p.totalFen) : 0}
                  success={{ percent: p.totalFen ? Math.round((100 * p.redeemedFen) / p.totalFen) : 0 }}
                />
              ),
            },
          ]}
        />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Flex justify="space-between" align="baseline" wrap>
            <Typography.Title level={5}>{t('workbench.jurisdiction.trend')}</Typography.Title>
            <Link to="/vouchers/settlements" data-testid="wb-trend-link">
              {t('workbench.jurisdiction.settlements')}
            </Link>
          </Flex>
          {f.monthlyRedemptions.some((m) => m.redemptions > 0) ? (
            <Suspense fallback={chartFallback}>
              <TrendChart
                points={f.monthlyRedemptions}
                names={{ issued: t('workbench.jurisdiction.trendIssued'), served: t('workbench.jurisdiction.trendServed') }}
                ariaLabel={t('workbench.jurisdiction.trend')}
              />
            </Suspense>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.jurisdiction.noRedemptions')} />
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Flex justify="space-between" align="baseline" wrap>
            <Typography.Title level={5}>{t('workbench.jurisdiction.flows')}</Typography.Title>
            <Link to="/vouchers/settlements" data-testid="wb-flows-link">
              {t('workbench.jurisdiction.settlements')}
            </Link>
          </Flex>
          {f.flows.length ? (
            <>
              <Suspense fallback={chartFallback}>
                <FlowChart
                  flows={f.flows}
                  name={(c) => labels.jurisdiction(c)}
                  side={{ from: t('workbench.jurisdiction.flowFrom'), to: t('workbench.jurisdiction.flowTo') }}
                  ariaLabel={t('workbench.jurisdiction.flows')}
                />
              </Suspense>
              <Flex vertical gap={2} data-testid="wb-flows">
                {f.flows.map((x) => (
                  <Typography.Text key={`${x.from}-${x.to}`} style={{ fontSize: 12 }}>
                    {labels.jurisdiction(x.from)} → {labels.jurisdiction(x.to)}: {formatFen(x.amountFen)} (
                    {t('workbench.jurisdiction.redemptionsN', { n: x.redemptions })})
                  </Typography.Text>
                ))}
              </Flex>
            </>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.jurisdiction.noFlows')} />
          )}
        </Col>
      </Row>
      <div>
        <Typography.Title level={5}>{t('workbench.jurisdiction.calls')}</Typography.Title>
        <Flex wrap gap={8} data-testid="wb-calls">
          {Object.entries(f.calls).length ? (
            Object.entries(f.calls).map(([s, n]) => (
              <Link key={s} to={`/research/calls?status=${s}${jq}`} data-testid={`wb-calls-${s}`}>
                <Tag color="blue" style={{ fontSize: 13, padding: '2px 8px' }}>
                  {rl.callStatus(s)} · {n}
                </Tag>
              </Link>
            ))
          ) : (
            <Typography.Text type="secondary">{t('workbench.jurisdiction.noCalls')}</Typography.Text>
          )}
        </Flex>
      </div>
    </Section>
  );
}

function ExpertSection(props: { f: ExpertFigures }) {
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const f = props.f;
  return (
    <Section title={t('workbench.expert.title')} testId="wb-expert">
      <Figures>
        {[
          <Figure
            key="a"
            to="/research/reviews?status=assigned"
            label={t('workbench.expert.assigned')}
            value={f.assigned}
            testId="wb-reviews-assigned"
            warn={f.assigned > 0}
          />,
        ]}
      </Figures>
      {f.due.length ? (
        <Flex vertical gap={6} data-testid="wb-reviews-due">
          {f.due.map((r) => (
            <Flex key={r.id} gap={8} wrap align="center">
              <Tag color={isFuture(r.dueAt) ? 'gold' : 'red'}>{t('workbench.expert.dueBy', { date: formatDate(r.dueAt) })}</Tag>
              <Link to={`/research/reviews/${r.id}`}>{r.applicationTitle}</Link>
              <Typography.Text type="secondary">
                {r.callTitle} · {rl.callStatus(r.callStatus)}
              </Typography.Text>
            </Flex>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('workbench.expert.dueHint', { days: f.reviewDays })}
          </Typography.Text>
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.expert.none')} />
      )}
    </Section>
  );
}

function PlatformSection(props: { f: PlatformFigures }) {
  const { t } = useTranslation();
  const f = props.f;
  return (
    <Section title={t('workbench.platform.title')} testId="wb-platform">
      <Figures>
        {[
          <Figure
            key="db"
            to="/audit"
            label={t('workbench.platform.database')}
            value={<span data-testid="wb-db-engine">{f.ready ? t('workbench.platform.ready', { engine: f.engine }) : t('workbench.platform.notReady')}</span>}
            testId="wb-db"
            warn={!f.ready}
          />,
          <Figure
            key="o"
            to="/audit"
            label={t('workbench.platform.outbox')}
            value={f.outbox.pending}
            testId="wb-outbox"
            warn={f.outbox.dead > 0}
            hint={t('workbench.platform.outboxHint', { sent: f.outbox.sent, dead: f.outbox.dead })}
          />,
          <Figure
            key="a"
            to="/audit"
            label={t('workbench.platform.auditHead')}
            value={f.auditHead.seq}
            testId="wb-audit-head"
            hint={<code>{f.auditHead.hash.slice(0, 12)}</code>}
          />,
          <Figure
            key="f"
            to="/audit?action=user.lock"
            label={t('workbench.platform.failedLogins')}
            value={f.signIns.failedLogins}
            testId="wb-failed-logins"
            warn={f.signIns.lockedAccounts + f.signIns.lockedNames > 0}
            hint={t('workbench.platform.failedHint', { ips: f.signIns.failedIps, locked: f.signIns.lockedAccounts + f.signIns.lockedNames })}
          />,
          <Figure key="i" to="/market/interconnect" label={t('workbench.platform.imports')} value={f.imports.total} testId="wb-imports" />,
        ]}
      </Figures>
      <div>
        <Typography.Title level={5}>{t('workbench.platform.recentImports')}</Typography.Title>
        {f.imports.recent.length ? (
          <Flex vertical gap={4} data-testid="wb-recent-imports">
            {f.imports.recent.map((b) => (
              <Link key={b.id} to="/market/interconnect">
                <Typography.Text>
                  #{b.id} {b.source} · {t('workbench.platform.importLine', { rows: b.rows, created: b.created, updated: b.updated })} ·{' '}
                  {formatTime(b.createdAt)}
                </Typography.Text>
              </Link>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('workbench.platform.noImports')}</Typography.Text>
        )}
      </div>
    </Section>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const access = useAccess();
  const labels = useLabels();
  const wb = useQuery({ queryKey: ['workbench'], queryFn: ({ signal }) => workbenchApi.get(signal), enabled: !!me });
  if (!me) return null;

  const adminJurisdiction = me.role === 'jurisdiction_admin' && me.jurisdictionCode ? labels.jurisdiction(me.jurisdictionCode) : null;
  const summary =
    me.role === 'jurisdiction_admin' && adminJurisdiction
      ? t('home.cards.jurisdiction_admin.summaryNamed', { jurisdiction: adminJurisdiction })
      : t(`home.cards.${me.role}.summary`);
  const links = LINKS.filter((l) => access[l.key]);
  const w = wb.data;

  return (
    <Flex vertical gap={16} data-testid="home-page">
      <Card variant="borderless" styles={{ body: { padding: 20 } }} data-testid={`home-role-card-${me.role}`}>
        <Flex justify="space-between" align="start" gap={12} wrap>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-hello">
              {t('home.hello', { name: me.displayName })}
            </Typography.Title>
            <Flex gap={8} wrap align="center">
              <Tag color={roleColor(me.role)}>{labels.role(me.role)}</Tag>
              <Typography.Text type="secondary">{me.organization.name}</Typography.Text>
              {adminJurisdiction ? (
                <Typography.Text type="secondary">
                  · {t('home.administers')} <span data-testid="home-administers">{adminJurisdiction}</span>
                </Typography.Text>
              ) : null}
            </Flex>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="home-role-summary">
              {summary}
            </Typography.Paragraph>
          </div>
          {w ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('workbench.asOf', { at: formatTime(w.generatedAt) })}
            </Typography.Text>
          ) : null}
        </Flex>
      </Card>

      {wb.isLoading ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {wb.isError ? <Alert type="error" showIcon title={t('error.generic')} /> : null}
      {w?.enterprise ? <EnterpriseSection f={w.enterprise} wallet={access.voucherWallet} demands={access.canPostDemands} /> : null}
      {w?.operator ? <OperatorSection f={w.operator} /> : null}
      {w?.expert ? <ExpertSection f={w.expert} /> : null}
      {w?.platform ? <PlatformSection f={w.platform} /> : null}
      {w?.jurisdiction ? <JurisdictionSection f={w.jurisdiction} /> : null}

      <Card title={t('home.quickLinks')} size="small" data-testid="home-links">
        <Flex wrap gap={8}>
          {links.map((l) => (
            <Link key={l.key} to={l.path} data-testid={`home-link-${l.key}`}>
              <Button icon={l.icon}>
                {t(`home.link.${l.key}`)} <RightOutlined style={{ fontSize: 10 }} />
              </Button>
            </Link>
          ))}
        </Flex>
      </Card>
    </Flex>
  );
}
