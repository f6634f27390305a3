// Propose a licence or assignment contract for a result (拟定合同). The proposing organisation is
// the licensee, unless it owns the result: then it names the licensee. Price in yuan; payment as a
// lump sum, deferred (先使用后付费: after N months or until the first revenue), in instalments
// (count, interval, optional first payment after N months) or as a revenue share (%, with an
// optional entry fee); a risk-compensation pool of the licensee's jurisdiction may cover a
// deferred contract. The schedule the contract will have if signed today is previewed live (the
// server's own arithmetic); on success the new contract opens.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Radio, Select, Switch, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen, yuanToFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { useFeedback } from '../feedback';
import { ProblemAlert } from '../IntegrityRecordAlert';
import type { Organization } from '../../api/organizations';
import {
  MAX_REVENUE_SHARE_BP,
  PAYMENT_MODES,
  contractsApi,
  poolsApi,
  resultsApi,
  type ContractInput,
  type ContractKind,
  type PaymentMode,
} from '../../api/transfer';
import { scheduleOf, shareOf } from './schedule';
import { pctOf, useDealLabels } from './tags';
import { OrgSelect } from '../OrganizationSelect';

export interface ProposeContractResult {
  id: number;
  title: string;
  ownerOrgId: number | null;
}

interface FormValues {
  licenseeOrgId?: number;
  kind: ContractKind;
  exclusive: boolean;
  price?: number | null;
  paymentMode: PaymentMode;
  deferBasis: 'months' | 'revenue';
  deferMonths?: number | null;
  instalmentCount?: number | null;
  intervalMonths?: number | null;
  firstAfterMonths?: number | null;
  revenueSharePct?: number | null;
  poolId?: number | null;
  termMonths?: number | null;
  terms?: string;
}

const FIELDS = [
  'licenseeOrgId',
  'kind',
  'exclusive',
  'price',
  'paymentMode',
  'deferMonths',
  'instalmentCount',
  'intervalMonths',
  'firstAfterMonths',
  'revenueSharePct',
  'poolId',
  'termMonths',
  'terms',
];
const INITIAL: FormValues = {
  kind: 'licence',
  exclusive: false,
  price: null,
  paymentMode: 'deferred',
  deferBasis: 'months',
  deferMonths: 12,
  instalmentCount: 3,
  intervalMonths: 6,
  firstAfterMonths: 0,
  revenueSharePct: 5,
  poolId: null,
  termMonths: 60,
  terms: '',
};

export function ProposeContractModal(props: { result: ProposeContractResult; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dl = useDealLabels();
  const labels = useLabels();
  const access = useAccess();
  const me = useMe().data;
  const fb = useFeedback();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<FormValues>();
  const [licensee, setLicensee] = useState<Organization | undefined>();
  const [error, setError] = useState<unknown>(null);
  const v = Form.useWatch((values: FormValues) => values, form) as FormValues | undefined;

  const isOwner = me != null && props.result.ownerOrgId != null && me.organization.id === props.result.ownerOrgId;
  const licenseeJurisdiction = isOwner ? licensee?.jurisdictionCode : me?.organization.jurisdictionCode;

  const result = useQuery({
    queryKey: ['deals-result', props.result.id],
    queryFn: ({ signal }) => resultsApi.get(props.result.id, signal),
    enabled: props.open,
    staleTime: 60_000,
  });
  const pools = useQuery({
    queryKey: ['risk-pools', 'for', licenseeJurisdiction],
    queryFn: ({ signal }) => poolsApi.list({ jurisdiction: licenseeJurisdiction, status: 'active', pageSize: 100 }, signal),
    enabled: props.open && !!licenseeJurisdiction,
    staleTime: 60_000,
  });

  useEffect(() => {
    if (!props.open) return;
    setLicensee(undefined);
    setError(null);
  }, [props.open]);

  const mode = v?.paymentMode ?? INITIAL.paymentMode;
  const kind = v?.kind ?? INITIAL.kind;
  // A lump sum cannot join a pool; an assignment cannot be paid by a revenue share.
  useEffect(() => {
    if (mode === 'lump_sum' && form.getFieldValue('poolId')) form.setFieldValue('poolId', null);
  }, [mode, form]);
  useEffect(() => {
    if (kind === 'assignment' && form.getFieldValue('paymentMode') === 'revenue_share') form.setFieldValue('paymentMode', 'lump_sum');
  }, [kind, form]);
  // A pool of another jurisdiction (after the licensee changed) is dropped.
  useEffect(() => {
    const id = form.getFieldValue('poolId');
    if (id && pools.data && !pools.data.items.some((p) => p.id === id)) form.setFieldValue('poolId', null);
  }, [pools.data, form]);

  const body = (x: FormValues): ContractInput => {
    const b: ContractInput = {
      listingId: props.result.id,
      kind: x.kind,
      priceFen: yuanToFen(x.price ?? undefined) ?? 0,
      paymentMode: x.paymentMode,
      termMonths: Number(x.termMonths ?? 0),
      terms: x.terms?.trim() || undefined,
    };
    if (isOwner) b.licenseeOrgId = x.licenseeOrgId;
    if (x.kind === 'licence') b.exclusive = !!x.exclusive;
    if (x.paymentMode === 'deferred') {
      if (x.deferBasis === 'revenue') b.deferUntilRevenue = true;
      else b.deferMonths = Number(x.deferMonths ?? 0);
    }
    if (x.paymentMode === 'instalments') {
      b.instalmentCount = Number(x.instalmentCount ?? 0);
      b.intervalMonths = Number(x.intervalMonths ?? 0);
      b.deferMonths = Number(x.firstAfterMonths ?? 0);
    }
    if (x.paymentMode === 'revenue_share') b.revenueShareBp = Math.round(Number(x.revenueSharePct ?? 0) * 100);
    if (x.paymentMode !== 'lump_sum' && x.poolId) b.poolId = x.poolId;
    return b;
  };

  const preview = useMemo(() => {
    const x = { ...INITIAL, ...(v ?? {}) };
    const b = body(x);
    const rows = scheduleOf(
      {
        paymentMode: b.paymentMode,
        priceFen: b.priceFen,
        deferMonths: b.deferMonths ?? 0,
        deferUntilRevenue: !!b.deferUntilRevenue,
        instalmentCount: b.paymentMode === 'instalments' ? (b.instalmentCount ?? 0) : 1,
        intervalMonths: b.intervalMonths ?? 0,
      },
      new Date().toISOString(),
    );
    return { rows, body: b };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [v, isOwner]);

  const propose = useMutation({
    mutationFn: (b: ContractInput) => contractsApi.propose(b),
    onMutate: () => setError(null),
    onSuccess: (c) => {
      fb.success(t('deals.propose.done', { no: c.contractNo }));
      void qc.invalidateQueries({ queryKey: ['contracts'] });
      props.onClose();
      navigate(`/market/contracts/${c.id}`);
    },
    onError: (err) => {
      const aliases: Record<string, string> = {
        priceFen: 'price',
        revenueShareBp: 'revenueSharePct',
        deferMonths: mode === 'instalments' ? 'firstAfterMonths' : 'deferMonths',
        listingId: 'kind',
      };
      if (err instanceof ApiError && err.problem.errors?.length) fb.formError(form, err, FIELDS, aliases);
      setError(err);
    },
  });

  const pool = pools.data?.items.find((p) => p.id === v?.poolId);
  const total = preview.rows.reduce((a, r) => a + r.amountFen, 0);
  const required = { required: true, message: t('deals.required') };
  const grid: React.CSSProperties = { display: 'grid', gridTemplateColumns: isPhone ? '1fr' : '1fr 1fr', columnGap: 16 };

  return (
    <Modal
      open={props.open}
      title={t('deals.propose.title')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('deals.propose.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={propose.isPending}
      okButtonProps={{ 'data-testid': 'propose-submit', disabled: !access.canTrade }}
      cancelButtonProps={{ 'data-testid': 'propose-cancel' }}
      width={isPhone ? '100%' : 880}
      style={isPhone ? { top: 8, maxWidth: '100vw', paddingBottom: 8 } : { top: 32 }}
      destroyOnHidden
    >
      <div data-testid="propose-form" data-result-id={props.result.id}>
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginBottom: 12 }}
          styles={{ label: { width: isPhone ? undefined : 120, whiteSpace: 'nowrap' } }}
        >
          <Descriptions.Item label={t('deals.result')}>
            <b data-testid="propose-result">{props.result.title}</b>
            {result.data?.applicationNo ? <Typography.Text type="secondary"> · {result.data.applicationNo}</Typography.Text> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('deals.role.licensor')}>
            <span data-testid="propose-licensor">{isOwner ? me?.organization.name : (result.data?.ownerName ?? '…')}</span>
          </Descriptions.Item>
          {!isOwner ? (
            <Descriptions.Item label={t('deals.role.licensee')}>
              <span data-testid="propose-licensee">{me?.organization.name}</span>
              <Typography.Text type="secondary"> · {labels.jurisdiction(me?.organization.jurisdictionCode)}</Typography.Text>
            </Descriptions.Item>
          ) : null}
          {result.data?.askingPriceFen ? (
            <Descriptions.Item label={t('deals.askingPrice')}>
              {formatFen(result.data.askingPriceFen)}
              {result.data.askingTerms ? <Typography.Text type="secondary"> · {result.data.askingTerms}</Typography.Text> : null}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {!access.canTrade ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('deals.propose.onlyOrgAdmin')} /> : null}
        <Form<FormValues> form={form} layout="vertical" initialValues={INITIAL} onFinish={(x) => propose.mutate(body(x))} requiredMark="optional">
          {isOwner ? (
            <Form.Item name="licenseeOrgId" label={t('deals.propose.licensee')} rules={[required]} extra={t('deals.propose.licenseeHint')}>
              <OrgSelect testId="propose-licensee-org" excludeTypes={['government_department']} onChange={(_id, org) => setLicensee(org)} />
            </Form.Item>
          ) : null}
          <div style={grid}>
            <Form.Item name="kind" label={t('deals.kindLabel')} rules={[required]}>
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="propose-kind">
                <Radio.Button value="licence">
                  <span data-testid="propose-kind-licence">{dl.kind('licence')}</span>
                </Radio.Button>
                <Radio.Button value="assignment">
                  <span data-testid="propose-kind-assignment">{dl.kind('assignment')}</span>
                </Radio.Button>
              </Radio.Group>
            </Form.Item>
            {kind === 'licence' ? (
              <Form.Item name="exclusive" label={t('deals.exclusive')} valuePropName="checked" extra={t('deals.propose.exclusiveHint')}>
                <Switch data-testid="propose-exclusive" />
              </Form.Item>
            ) : (
              <div />
            )}
          </div>
          <Form.Item name="paymentMode" label={t('deals.modeLabel')} rules={[required]}>
            <Radio.Group
              optionType={isPhone ? 'default' : 'button'}
              buttonStyle="solid"
              style={isPhone ? { display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 8 } : undefined}
              options={PAYMENT_MODES.map((m) => ({
                value: m,
                disabled: m === 'revenue_share' && kind === 'assignment',
                label: <span data-testid={`propose-mode-${m}`}>{dl.mode(m)}</span>,
              }))}
              data-testid="propose-mode"
            />
          </Form.Item>
          <div style={grid}>
            <Form.Item
              name="price"
              label={mode === 'revenue_share' ? t('deals.propose.entryFee') : t('deals.propose.price')}
              rules={mode === 'revenue_share' ? [] : [required]}
              extra={mode === 'revenue_share' ? t('deals.propose.entryFeeHint') : undefined}
            >
              <InputNumber
                min={mode === 'revenue_share' ? 0 : 0.01}
                max={10_000_000_000}
                precision={2}
                prefix="¥"
                style={{ width: '100%' }}
                data-testid="propose-price"
              />
            </Form.Item>
            <Form.Item name="termMonths" label={t('deals.termMonths')} rules={[required]}>
              <InputNumber min={1} max={240} precision={0} suffix={t('deals.months')} style={{ width: '100%' }} data-testid="propose-term" />
            </Form.Item>
          </div>
          {mode === 'deferred' ? (
            <div style={grid}>
              <Form.Item name="deferBasis" label={t('deals.propose.deferBasis')}>
                <Radio.Group data-testid="propose-defer-basis">
                  <Radio value="months">
                    <span data-testid="propose-defer-months-basis">{t('deals.propose.deferByMonths')}</span>
                  </Radio>
                  <Radio value="revenue">
                    <span data-testid="propose-defer-revenue-basis">{t('deals.propose.deferByRevenue')}</span>
                  </Radio>
                </Radio.Group>
              </Form.Item>
              {v?.deferBasis !== 'revenue' ? (
                <Form.Item name="deferMonths" label={t('deals.propose.deferMonths')} rules={[required]}>
                  <InputNumber min={1} max={60} precision={0} suffix={t('deals.months')} style={{ width: '100%' }} data-testid="propose-defer-months" />
                </Form.Item>
              ) : null}
            </div>
          ) : null}
          {mode === 'instalments' ? (
            <div style={{ ...grid, gridTemplateColumns: isPhone ? '1fr' : '1fr 1fr 1fr' }}>
              <Form.Item name="instalmentCount" label={t('deals.propose.instalmentCount')} rules={[required]}>
                <InputNumber min={2} max={60} precision={0} style={{ width: '100%' }} data-testid="propose-instalment-count" />
              </Form.Item>
              <Form.Item name="intervalMonths" label={t('deals.propose.intervalMonths')} rules={[required]}>
                <InputNumber min={1} max={24} precision={0} suffix={t('deals.months')} style={{ width: '100%' }} data-testid="propose-interval" />
              </Form.Item>
              <Form.Item name="firstAfterMonths" label={t('deals.propose.firstAfterMonths')} extra={t('deals.propose.firstAfterHint')}>
                <InputNumber min={0} max={60} precision={0} suffix={t('deals.months')} style={{ width: '100%' }} data-testid="propose-first-after" />
              </Form.Item>
            </div>
          ) : null}
          {mode === 'revenue_share' ? (
            <Form.Item name="revenueSharePct" label={t('deals.propose.revenueShare')} rules={[required]} extra={t('deals.propose.revenueShareHint')}>
              <InputNumber
                min={0.01}
                max={MAX_REVENUE_SHARE_BP / 100}
                precision={2}
                suffix="%"
                style={{ width: isPhone ? '100%' : 200 }}
                data-testid="propose-revenue-share"
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="poolId"
            label={t('deals.propose.pool')}
            extra={
              mode === 'lump_sum'
                ? t('deals.propose.poolLumpSum')
                : !licenseeJurisdiction
                  ? t('deals.propose.poolPickLicensee')
                  : t('deals.propose.poolHint', { jurisdiction: labels.jurisdiction(licenseeJurisdiction) })
            }
          >
            <Select
              allowClear
              disabled={mode === 'lump_sum' || !licenseeJurisdiction}
              placeholder={t('deals.propose.noPool')}
              loading={pools.isFetching}
              options={(pools.data?.items ?? []).map((p) => ({ value: p.id, label: p.name, pool: p }))}
              optionRender={(o) => (
                <Flex vertical gap={0} data-testid={`propose-pool-opt-${String(o.value)}`}>
                  <span style={{ whiteSpace: 'normal' }}>{o.label}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('deals.pools.coverShort', {
                      share: pctOf(o.data.pool.compensationBp),
                      cap: formatFen(o.data.pool.capPerContractFen),
                      balance: formatFen(o.data.pool.balanceFen),
                    })}
                  </Typography.Text>
                </Flex>
              )}
              notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.propose.noPools')} />}
              data-testid="propose-pool"
            />
          </Form.Item>
          <Form.Item name="terms" label={t('deals.terms')}>
            <Input.TextArea rows={2} maxLength={5000} placeholder={t('deals.propose.termsPlaceholder')} data-testid="propose-terms" />
          </Form.Item>
        </Form>
        <div data-testid="propose-preview" style={{ background: '#f6f8fb', border: '1px solid #e3e8f0', borderRadius: 8, padding: 12 }}>
          <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('deals.propose.preview')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('deals.propose.previewNote')}
            </Typography.Text>
          </Flex>
          {preview.rows.length ? (
            <Table
              size="small"
              rowKey="seq"
              pagination={false}
              dataSource={preview.rows}
              onRow={(r) => ({ 'data-testid': `propose-preview-row-${r.seq}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'seq', title: '#', width: 44, responsive: ['sm'], render: (_: unknown, r) => r.seq },
                { key: 'what', title: t('deals.instalment'), render: (_: unknown, r) => dl.what(r.what) },
                {
                  key: 'due',
                  title: t('deals.dueAt'),
                  render: (_: unknown, r) => (
                    <span style={{ whiteSpace: r.dueAt ? 'nowrap' : undefined }} data-testid={`propose-preview-due-${r.seq}`}>
                      {r.dueAt ? formatDate(r.dueAt) : t('deals.afterFirstRevenue')}
                    </span>
                  ),
                },
                {
                  key: 'amount',
                  title: t('deals.amount'),
                  align: 'right',
                  render: (_: unknown, r) => (
                    <span style={{ whiteSpace: 'nowrap' }} data-testid={`propose-preview-amount-${r.seq}`}>
                      {formatFen(r.amountFen)}
                    </span>
                  ),
                },
              ]}
              summary={() =>
                preview.rows.length > 1 ? (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={isPhone ? 2 : 3}>
                      <b>{t('deals.total')}</b>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <b>{formatFen(total)}</b>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : undefined
              }
            />
          ) : (
            <Typography.Text type="secondary">{t('deals.propose.previewEmpty')}</Typography.Text>
          )}
          {mode === 'revenue_share' && preview.body.revenueShareBp ? (
            <Typography.Paragraph style={{ margin: '8px 0 0', fontSize: 13 }} data-testid="propose-preview-royalty">
              {t('deals.propose.royaltyNote', {
                share: pctOf(preview.body.revenueShareBp),
                example: formatFen(shareOf(100_000_00, preview.body.revenueShareBp)),
              })}
            </Typography.Paragraph>
          ) : null}
          {pool ? (
            <Typography.Paragraph style={{ margin: '8px 0 0', fontSize: 13 }} data-testid="propose-preview-pool">
              {t('deals.propose.poolNote', { name: pool.name, share: pctOf(pool.compensationBp), cap: formatFen(pool.capPerContractFen), grace: 30 })}
            </Typography.Paragraph>
          ) : null}
        </div>
        {error ? (
          <div style={{ marginTop: 12 }}>
            <ProblemAlert error={error} testId="propose-error" />
          </div>
        ) : null}
      </div>
    </Modal>
  );
}

export default ProposeContractModal;
