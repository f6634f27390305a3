// Settlements (administrators): run a past month for a jurisdiction (locks the month's
// redemptions), the list of settlements (filter by period and jurisdiction, sort, page), and the
// regional clearing statement of any month — the current month's is provisional.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Modal, Select, Statistic, Table, Tabs, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { dayjs, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { ListPage, timeColumn } from '../../components/ListPage';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { VStatusTag } from '../../components/vouchers/tags';
import { settlementsApi, type Settlement, type SettlementPreview } from './api';
import { ClearingPanel, currentPeriod } from './ClearingPanel';

type TabKey = 'settlements' | 'clearing';
const periodOf = (d: Dayjs) => d.format('YYYY-MM');
const lastMonth = () => dayjs(`${currentPeriod()}-01`).subtract(1, 'month');

export default function SettlementsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = params.get('tab') === 'clearing' ? 'clearing' : 'settlements';
  const setTab = (k: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', k);
    setParams(next, { replace: true });
  };
  return (
    <div data-testid="settlements-page">
      <PageHeader title={t('settlements.title')} subtitle={t('settlements.subtitle')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            {
              key: 'settlements',
              label: <span data-testid="settlements-tab-settlements">{t('settlements.tabs.settlements')}</span>,
              children: <SettlementsTab />,
            },
            { key: 'clearing', label: <span data-testid="settlements-tab-clearing">{t('settlements.tabs.clearing')}</span>, children: <ClearingTab /> },
          ]}
        />
      </Card>
    </div>
  );
}

function RunCard() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const fb = useFeedback();
  const isPhone = useIsPhone();
  const [month, setMonth] = useState<Dayjs>(lastMonth);
  const allowed = access.voucherJurisdictions;
  const options = values.jurisdictionCodes.filter((c) => allowed === 'all' || allowed.includes(c));
  const [jurisdiction, setJurisdiction] = useState<string | undefined>(options.length === 1 ? options[0] : undefined);
  // Settling locks the month: first a preview (nothing written) in a dialog, then confirm.
  const preview = useMutation({ mutationFn: () => settlementsApi.preview(periodOf(month), allowed === 'all' ? jurisdiction : undefined) });
  const run = useMutation({
    mutationFn: () => settlementsApi.run(periodOf(month), allowed === 'all' ? jurisdiction : undefined),
    onSuccess: (s) => {
      preview.reset();
      fb.success(t('settlements.ran', { period: s.period }));
      void qc.invalidateQueries({ queryKey: ['settlements'] });
      void qc.invalidateQueries({ queryKey: ['clearing'] });
      void qc.invalidateQueries({ queryKey: ['redemptions'] });
      navigate(`/vouchers/settlements/${s.id}`);
    },
  });
  const err = (run.error ?? preview.error) instanceof ApiError ? ((run.error ?? preview.error) as ApiError).problem : null;
  return (
    <Card size="small" title={t('settlements.runTitle')} style={{ marginBottom: 16 }} data-testid="settlement-run-card">
      <Typography.Paragraph type="secondary">{t('settlements.runHint')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center">
        <DatePicker
          picker="month"
          allowClear={false}
          value={month}
          onChange={(v) => v && setMonth(v)}
          disabledDate={(d) => periodOf(d) >= currentPeriod()}
          style={{ width: isPhone ? 'calc(50% - 4px)' : 150 }}
          data-testid="settlement-run-period"
        />
        {allowed === 'all' ? (
          <Select
            aria-label={t('settlements.jurisdiction')}
            placeholder={t('settlements.jurisdiction')}
            value={jurisdiction}
            onChange={setJurisdiction}
            options={options.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('settlement-run-jurisdiction-opt')}
            style={{ width: isPhone ? 'calc(50% - 4px)' : 140 }}
            data-testid="settlement-run-jurisdiction"
          />
        ) : (
          <Typography.Text strong>{labels.jurisdiction(options[0])}</Typography.Text>
        )}
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          loading={preview.isPending}
          disabled={!jurisdiction && allowed === 'all'}
          onClick={() => {
            run.reset();
            preview.mutate();
          }}
          data-testid="settlement-run"
        >
          {t('settlements.run')}
        </Button>
      </Flex>
      <PreviewDialog
        preview={preview.data}
        running={run.isPending}
        onCancel={() => preview.reset()}
        onConfirm={() => (preview.data?.settlementId ? navigate(`/vouchers/settlements/${preview.data.settlementId}`) : run.mutate())}
      />
      {err ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={err.title} description={err.detail} data-testid="settlement-run-error" /> : null}
    </Card>
  );
}

/** The preview of a settlement: count, total and each provider's amount; confirm settles. */
function PreviewDialog(props: { preview: SettlementPreview | undefined; running: boolean; onCancel: () => void; onConfirm: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const p = props.preview;
  return (
    <Modal
      open={!!p}
      title={p ? t('settlements.previewTitle', { period: p.period, jurisdiction: labels.jurisdiction(p.jurisdictionCode) }) : ''}
      onCancel={props.onCancel}
      onOk={props.onConfirm}
      okText={p?.settlementId ? t('settlements.openSettlement') : t('settlements.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={props.running}
      okButtonProps={{ 'data-testid': 'settlement-confirm' }}
      cancelButtonProps={{ 'data-testid': 'settlement-preview-cancel' }}
      width={isPhone ? '100%' : 640}
      destroyOnHidden
    >
      {p ? (
        <div data-testid="settlement-preview">
          <Alert
            type={p.settlementId ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            title={p.settlementId ? t('settlements.previewAlready', { id: p.settlementId }) : t('settlements.previewHint')}
          />
          <Flex gap={24} wrap style={{ marginBottom: 12 }}>
            <Statistic
              title={t('settlements.previewRedemptions')}
              value={p.redemptions}
              valueRender={(v) => <span data-testid="settlement-preview-count">{v}</span>}
            />
            <Statistic
              title={t('settlements.previewTotal')}
              value={formatFen(p.totalFen)}
              valueRender={(v) => <span data-testid="settlement-preview-total">{v}</span>}
            />
            <Statistic title={t('settlements.previewProviders')} value={p.lines.length} />
          </Flex>
          {p.lines.length === 0 ? (
            <Typography.Text type="secondary">{t('settlements.previewEmpty')}</Typography.Text>
          ) : (
            <Table
              size="small"
              rowKey="providerId"
              dataSource={p.lines}
              pagination={p.lines.length > 8 ? { pageSize: 8, size: 'small' } : false}
              onRow={(l) => ({ 'data-testid': `settlement-preview-line-${l.providerId}` }) as object}
              columns={[
                { key: 'provider', title: t('settlements.provider'), render: (_: unknown, l) => l.providerName },
                {
                  key: 'where',
                  title: t('settlements.providerJurisdiction'),
                  responsive: ['sm'],
                  render: (_: unknown, l) => labels.jurisdiction(l.providerJurisdiction),
                },
                { key: 'n', title: t('settlements.previewRedemptions'), align: 'right', render: (_: unknown, l) => l.redemptions },
                {
                  key: 'amount',
                  title: t('settlements.previewTotal'),
                  align: 'right',
                  render: (_: unknown, l) => <span data-testid={`settlement-preview-amount-${l.providerId}`}>{formatFen(l.amountFen)}</span>,
                },
              ]}
            />
          )}
        </div>
      ) : null}
    </Modal>
  );
}

const LIST_PARAMS = { period: 'string', jurisdiction: 'string' } as const;

function SettlementsTab() {
  const { t } = useTranslation();
  const labels = useLabels();
  const values = useOptionValues();
  const columns: TableProps<Settlement>['columns'] = [
    {
      key: 'period',
      title: t('settlements.period'),
      sorter: true,
      width: 130,
      render: (_: unknown, s) => (
        <Link to={`/vouchers/settlements/${s.id}`} style={{ fontWeight: 600 }} data-testid={`settlement-link-${s.id}`}>
          {s.period}
        </Link>
      ),
    },
    { key: 'jurisdiction', title: t('settlements.jurisdiction'), width: 120, render: (_: unknown, s) => labels.jurisdiction(s.jurisdictionCode) },
    { key: 'redemptions', title: t('clearing.redemptions'), width: 90, align: 'right', responsive: ['sm'], render: (_: unknown, s) => s.redemptions },
    {
      key: 'total',
      title: t('settlements.total'),
      sorter: true,
      width: 140,
      align: 'right',
      render: (_: unknown, s) => <span data-testid={`settlement-total-${s.id}`}>{formatFen(s.totalFen)}</span>,
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 90,
      responsive: ['sm'],
      render: (_: unknown, s) => <VStatusTag status={s.status} label={t(`settlements.status.${s.status === 'locked' ? 'locked' : 'other'}`)} />,
    },
    timeColumn('createdAt', t('settlements.ranAt'), { sorter: true, responsive: ['md'] }),
  ];
  return (
    <ListPage<Settlement, typeof LIST_PARAMS>
      testId="settlements-list"
      above={<RunCard />}
      testPrefix="settlements"
      queryKey={['settlements']}
      fetch={settlementsApi.list}
      params={LIST_PARAMS}
      // The clearing tab keeps its own ?period=.
      prefix="list."
      defaultSort="-period"
      filters={[
        { kind: 'month', key: 'period', placeholder: t('settlements.period') },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('settlements.jurisdiction'),
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
      ]}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="settlement-row"
      scrollX={720}
      card={(s) => (
        <Flex vertical gap={4}>
          <Flex justify="space-between" align="center" gap={8}>
            <Link to={`/vouchers/settlements/${s.id}`} style={{ fontWeight: 600 }} data-testid={`settlement-link-${s.id}`}>
              {s.period}
            </Link>
            <VStatusTag status={s.status} label={t(`settlements.status.${s.status === 'locked' ? 'locked' : 'other'}`)} />
          </Flex>
          <Flex justify="space-between" align="baseline" gap={8}>
            <Typography.Text>
              {labels.jurisdiction(s.jurisdictionCode)} · {t('clearing.redemptions')} {s.redemptions}
            </Typography.Text>
            <Typography.Text strong data-testid={`settlement-total-${s.id}`}>
              {formatFen(s.totalFen)}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('settlements.ranAt')} {formatTime(s.createdAt)}
          </Typography.Text>
        </Flex>
      )}
    />
  );
}

function ClearingTab() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const isPhone = useIsPhone();
  const period = /^\d{4}-\d{2}$/.test(params.get('period') ?? '') ? params.get('period')! : currentPeriod();
  const setPeriod = (p: string) => {
    const next = new URLSearchParams(params);
    next.set('period', p);
    setParams(next, { replace: true });
  };
  return (
    <div data-testid="clearing-tab">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        {isPhone ? null : <Typography.Text>{t('clearing.period')}</Typography.Text>}
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${period}-01`)}
          onChange={(v) => v && setPeriod(periodOf(v))}
          disabledDate={(d) => periodOf(d) > currentPeriod()}
          style={{ width: isPhone ? 110 : 150 }}
          data-testid="clearing-period"
        />
        <Button onClick={() => setPeriod(currentPeriod())} data-testid="clearing-this-month">
          {t('clearing.thisMonth')}
        </Button>
        <Button onClick={() => setPeriod(periodOf(lastMonth()))} data-testid="clearing-last-month">
          {t('clearing.lastMonth')}
        </Button>
      </Flex>
      <ClearingPanel period={period} />
    </div>
  );
}
