// Risk-compensation pools (风险补偿资金池) of the jurisdictions: balance, funds put in, paid out,
// the share of an unpaid sum a pool pays the licensor on a default, its cap per contract and the
// contracts it covers. A jurisdiction's administrators set up and fund their pools (modals) and
// read a pool's movements (funding and compensation paid, with the contract).
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Skeleton,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen, yuanToFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { EChart, type BarChartOption } from '../../components/EChart';
import { ListPage } from '../../components/ListPage';

const PARAMS = { jurisdiction: 'string' } as const;
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { optionTestIds } from '../../components/testids';
import { poolsApi, type Pool, type PoolDetail, type PoolInput, type PoolMovement } from '../../api/transfer';
import { DealTag, pctOf, useAxisYuan, useDealLabels } from '../../components/deals/tags';

export default function RiskPoolsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const access = useAccess();
  const me = useMe().data;
  const dl = useDealLabels();
  const isPhone = useIsPhone();
  const [creating, setCreating] = useState(false);
  const [funding, setFunding] = useState<Pool | null>(null);
  const [viewing, setViewing] = useState<Pool | null>(null);
  const adminOf = (code: string) => me?.role === 'platform_admin' || (me?.role === 'jurisdiction_admin' && access.adminJurisdiction === code);
  const canCreate = me?.role === 'platform_admin' || me?.role === 'jurisdiction_admin';

  const columns: TableProps<Pool>['columns'] = [
    {
      key: 'name',
      title: t('deals.pools.name'),
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong style={{ whiteSpace: 'normal' }} data-testid={`pool-name-${p.id}`}>
            {p.name}
          </Typography.Text>
          <Flex gap={4} wrap align="center">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {labels.jurisdiction(p.jurisdictionCode)}
            </Typography.Text>
            <DealTag status={p.status} label={dl.poolStatus(p.status)} />
          </Flex>
          {isPhone ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {t('deals.pools.balance')} {formatFen(p.balanceFen)} ·{' '}
              {
                t('deals.pools.coverShort', { share: pctOf(p.compensationBp), cap: formatFen(p.capPerContractFen), balance: formatFen(p.balanceFen) }).split(
                  ' · ',
                )[0]
              }
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'balance',
      title: t('deals.pools.balance'),
      align: 'right',
      width: 150,
      responsive: ['sm'],
      render: (_: unknown, p) => (
        <Flex vertical gap={0} align="flex-end">
          <b data-testid={`pool-balance-${p.id}`}>{formatFen(p.balanceFen)}</b>
          <Progress
            percent={p.fundedFen ? Math.round((p.balanceFen / p.fundedFen) * 100) : 0}
            size="small"
            showInfo={false}
            style={{ width: 120, margin: 0 }}
            strokeColor="#1f5fbf"
            aria-label={t('deals.pools.balance')}
          />
        </Flex>
      ),
    },
    { key: 'funded', title: t('deals.pools.funded'), align: 'right', width: 140, responsive: ['md'], render: (_: unknown, p) => formatFen(p.fundedFen) },
    {
      key: 'paidOut',
      title: t('deals.pools.paidOut'),
      align: 'right',
      width: 120,
      responsive: ['md'],
      render: (_: unknown, p) => <span data-testid={`pool-paid-out-${p.id}`}>{formatFen(p.paidOutFen)}</span>,
    },
    { key: 'share', title: t('deals.pools.share'), align: 'right', width: 90, responsive: ['sm'], render: (_: unknown, p) => pctOf(p.compensationBp) },
    { key: 'cap', title: t('deals.pools.cap'), align: 'right', width: 130, responsive: ['lg'], render: (_: unknown, p) => formatFen(p.capPerContractFen) },
    {
      key: 'contracts',
      title: t('deals.pools.contracts'),
      align: 'right',
      width: 90,
      responsive: ['sm'],
      render: (_: unknown, p) => <span data-testid={`pool-contracts-${p.id}`}>{p.contracts}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: isPhone ? 80 : 150,
      render: (_: unknown, p) => (
        <Flex gap={4} wrap>
          <Button size="small" onClick={() => setViewing(p)} data-testid={`pool-view-${p.id}`}>
            {t('deals.pools.movements')}
          </Button>
          {adminOf(p.jurisdictionCode) && p.status === 'active' ? (
            <Button size="small" type="primary" onClick={() => setFunding(p)} data-testid={`pool-fund-${p.id}`}>
              {t('deals.pools.fund')}
            </Button>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <ListPage<Pool, typeof PARAMS>
      testId="pools-page"
      title={t('deals.pools.title')}
      subtitle={t('deals.pools.subtitle')}
      extra={
        canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="pools-create">
            {t('deals.pools.create')}
          </Button>
        ) : null
      }
      above={(data) => <PoolsChart pools={data?.items ?? []} />}
      testPrefix="pools"
      queryKey={['risk-pools']}
      fetch={poolsApi.list}
      params={PARAMS}
      filters={[
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('deals.pools.jurisdiction'),
          width: 180,
          phoneWidth: 'calc(100% - 48px)',
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="pool-row"
      scrollX={980}
      footer={
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
          {t('deals.pools.rule')}
        </Typography.Paragraph>
      }
    >
      <CreatePoolModal open={creating} onClose={() => setCreating(false)} />
      <FundPoolModal pool={funding} onClose={() => setFunding(null)} />
      <MovementsDrawer pool={viewing} admin={viewing ? adminOf(viewing.jurisdictionCode) : false} onClose={() => setViewing(null)} />
    </ListPage>
  );
}

/** Each pool's balance and what it has paid out, as stacked bars. */
function PoolsChart(props: { pools: Pool[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const axisYuan = useAxisYuan();
  const isPhone = useIsPhone();
  const pools = props.pools;
  const option = useMemo<BarChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => formatFen(Math.round(Number(v) * 100)) },
      xAxis: { type: 'value', splitNumber: isPhone ? 2 : 4, axisLabel: { hideOverlap: true, formatter: axisYuan } },
      yAxis: {
        type: 'category',
        data: pools.map(
          (p) => labels.jurisdictionShort(p.jurisdictionCode) + (pools.filter((x) => x.jurisdictionCode === p.jurisdictionCode).length > 1 ? ` #${p.id}` : ''),
        ),
      },
      series: [
        {
          type: 'bar',
          stack: 'f',
          name: t('deals.pools.balance'),
          data: pools.map((p) => p.balanceFen / 100),
          itemStyle: { color: '#1f5fbf' },
          barMaxWidth: 24,
        },
        {
          type: 'bar',
          stack: 'f',
          name: t('deals.pools.paidOut'),
          data: pools.map((p) => p.paidOutFen / 100),
          itemStyle: { color: '#f97316', borderRadius: [0, 4, 4, 0] },
          barMaxWidth: 24,
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pools, labels, t, isPhone],
  );
  if (!pools.length) return null;
  return (
    <Card size="small" title={t('deals.pools.chartTitle')} style={{ marginBottom: 16 }}>
      <EChart option={option} height={Math.max(120, pools.length * 44 + 40)} testId="pools-chart" ariaLabel={t('deals.pools.chartTitle')} />
    </Card>
  );
}

function CreatePoolModal(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const labels = useLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ jurisdictionCode?: string; name: string; fund?: number; sharePct?: number; cap?: number }>();
  const [error, setError] = useState<unknown>(null);
  const platform = me?.role === 'platform_admin';
  const create = useMutation({
    mutationFn: (v: { jurisdictionCode?: string; name: string; fund?: number; sharePct?: number; cap?: number }) =>
      poolsApi.create({
        ...(platform ? { jurisdictionCode: v.jurisdictionCode as PoolInput['jurisdictionCode'] } : {}),
        name: v.name.trim(),
        fundFen: yuanToFen(v.fund ?? 0) ?? 0,
        compensationBp: Math.round(Number(v.sharePct ?? 0) * 100),
        capPerContractFen: yuanToFen(v.cap ?? undefined) ?? 0,
      }),
    onMutate: () => setError(null),
    onSuccess: (p) => {
      fb.success(t('deals.pools.createdDone', { name: p.name }));
      void qc.invalidateQueries({ queryKey: ['risk-pools'] });
      props.onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem.errors?.length)
        fb.formError(form, err, ['jurisdictionCode', 'name', 'fund', 'sharePct', 'cap'], {
          fundFen: 'fund',
          compensationBp: 'sharePct',
          capPerContractFen: 'cap',
        });
      setError(err);
    },
  });
  const required = { required: true, message: t('deals.required') };
  return (
    <Modal
      open={props.open}
      title={t('deals.pools.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'pool-form-submit' }}
      destroyOnHidden
    >
      <div data-testid="pool-form">
        <Form
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{ sharePct: 80, fund: 1_000_000, cap: 500_000, jurisdictionCode: me?.jurisdictionCode ?? undefined }}
          onFinish={(v) => create.mutate(v)}
        >
          {platform ? (
            <Form.Item name="jurisdictionCode" label={t('deals.pools.jurisdiction')} rules={[required]}>
              <Select
                options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
                optionRender={optionTestIds('pool-form-jurisdiction-opt')}
                data-testid="pool-form-jurisdiction"
              />
            </Form.Item>
          ) : (
            <Form.Item label={t('deals.pools.jurisdiction')} required>
              <Typography.Text>{labels.jurisdiction(me?.jurisdictionCode)}</Typography.Text>
            </Form.Item>
          )}
          <Form.Item name="name" label={t('deals.pools.name')} rules={[{ ...required, whitespace: true }]}>
            <Input maxLength={200} data-testid="pool-form-name" />
          </Form.Item>
          <Form.Item name="fund" label={t('deals.pools.initialFund')} rules={[required]}>
            <InputNumber min={0} max={10_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="pool-form-fund" />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
            <Form.Item name="sharePct" label={t('deals.pools.share')} rules={[required]} extra={t('deals.pools.shareHint')}>
              <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid="pool-form-share" />
            </Form.Item>
            <Form.Item name="cap" label={t('deals.pools.capYuan')} rules={[required]}>
              <InputNumber min={0.01} max={10_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="pool-form-cap" />
            </Form.Item>
          </div>
        </Form>
        {error ? <ProblemAlert error={error} testId="pool-form-error" /> : null}
      </div>
    </Modal>
  );
}

function FundPoolModal(props: { pool: Pool | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ amount?: number; note?: string }>();
  const [error, setError] = useState<unknown>(null);
  const p = props.pool;
  const fund = useMutation({
    mutationFn: (v: { amount?: number; note?: string }) =>
      poolsApi.fund(p!.id, { amountFen: yuanToFen(v.amount ?? undefined) ?? 0, note: v.note?.trim() || undefined }),
    onMutate: () => setError(null),
    onSuccess: (d) => {
      fb.success(t('deals.pools.fundedDone', { balance: formatFen(d.balanceFen) }));
      void qc.invalidateQueries({ queryKey: ['risk-pools'] });
      void qc.invalidateQueries({ queryKey: ['risk-pool', d.id] });
      props.onClose();
    },
    onError: setError,
  });
  return (
    <Modal
      open={!!p}
      title={t('deals.pools.fundTitle', { name: p?.name ?? '' })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('deals.pools.fund')}
      cancelText={t('common.cancel')}
      confirmLoading={fund.isPending}
      okButtonProps={{ 'data-testid': 'pool-fund-submit' }}
      destroyOnHidden
    >
      <div data-testid="pool-fund-form">
        {p ? <Typography.Paragraph type="secondary">{t('deals.pools.currentBalance', { balance: formatFen(p.balanceFen) })}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical" onFinish={(v) => fund.mutate(v)}>
          <Form.Item name="amount" label={t('deals.pools.amountYuan')} rules={[{ required: true, message: t('deals.required') }]}>
            <InputNumber min={0.01} max={10_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="pool-fund-amount" />
          </Form.Item>
          <Form.Item name="note" label={t('deals.contract.note')}>
            <Input maxLength={500} data-testid="pool-fund-note" />
          </Form.Item>
        </Form>
        {error ? <ProblemAlert error={error} testId="pool-fund-error" /> : null}
      </div>
    </Modal>
  );
}

function MovementsDrawer(props: { pool: Pool | null; admin: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dl = useDealLabels();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const p = props.pool;
  const detail = useQuery({ queryKey: ['risk-pool', p?.id], queryFn: ({ signal }) => poolsApi.get(p!.id, signal), enabled: !!p });
  const d: PoolDetail | undefined = detail.data;
  return (
    <Drawer open={!!p} onClose={props.onClose} title={p?.name} size={isPhone ? '100%' : 640} destroyOnHidden>
      <div data-testid="pool-movements">
        {!d ? (
          <Skeleton active />
        ) : (
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">
              {labels.jurisdiction(d.jurisdictionCode)} ·{' '}
              {t('deals.pools.coverShort', { share: pctOf(d.compensationBp), cap: formatFen(d.capPerContractFen), balance: formatFen(d.balanceFen) })} ·{' '}
              {t('deals.pools.createdAt', { time: formatTime(d.createdAt) })}
            </Typography.Text>
            {!props.admin ? <Alert type="info" showIcon title={t('deals.pools.movementsAdminOnly')} /> : null}
            <Table<PoolMovement>
              size="small"
              rowKey="id"
              dataSource={d.movements}
              pagination={d.movements.length > 20 ? { pageSize: 20, size: 'small' } : false}
              onRow={(m) => ({ 'data-testid': `pool-movement-${m.id}` }) as React.HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.pools.noMovements')} /> }}
              columns={[
                {
                  key: 'at',
                  title: t('deals.contract.at'),
                  render: (_: unknown, m) => <span style={{ whiteSpace: isPhone ? undefined : 'nowrap' }}>{formatTime(m.createdAt)}</span>,
                },
                {
                  key: 'kind',
                  title: t('deals.contract.kindCol'),
                  responsive: ['sm'],
                  render: (_: unknown, m) => <DealTag status={m.kind} label={dl.movementKind(m.kind)} />,
                },
                {
                  key: 'amount',
                  title: t('deals.amount'),
                  align: 'right',
                  render: (_: unknown, m) => (
                    <Flex vertical gap={2} align="flex-end">
                      <span style={{ whiteSpace: 'nowrap', color: m.kind === 'payout' ? '#c2410c' : undefined }}>
                        {m.kind === 'payout' ? `−${formatFen(m.amountFen)}` : `+${formatFen(m.amountFen)}`}
                      </span>
                      {isPhone ? <DealTag status={m.kind} label={dl.movementKind(m.kind)} /> : null}
                    </Flex>
                  ),
                },
                {
                  key: 'note',
                  title: t('deals.contract.note'),
                  render: (_: unknown, m) => (
                    <span>
                      {m.note || '—'}
                      {m.contractId ? (
                        <>
                          {' '}
                          <Link to={`/market/contracts/${m.contractId}`}>{t('deals.pools.contractLink', { id: m.contractId })}</Link>
                        </>
                      ) : null}
                    </span>
                  ),
                },
              ]}
            />
          </Flex>
        )}
      </div>
    </Drawer>
  );
}
