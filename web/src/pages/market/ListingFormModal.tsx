// Post or change a listing of one's organisation. A result (科技成果): type, CN application number
// (checked by the server, whose field error lands on the field), IPC, fields, TRL, transfer modes,
// asking price in yuan, inventors and the rights a job-related result gives them (赋权: kind and
// shares), its legal status (exclusive licence, pledge and the pledgee's consent, annual fee,
// ownership dispute, evaluation report). A demand (技术需求): problem, indicators, budget in yuan,
// deadline. "Save as draft" keeps it unpublished; "Publish" lists it.
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Divider, Flex, Form, Input, InputNumber, Modal, Radio, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { fenToYuan, yuanToFen } from '../../app/money';
import { dayjs } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { TagsInput } from '../../components/research/tags';
import {
  FIELD_RE,
  INVENTOR_RIGHTS,
  IPC_RE,
  PATENT_TYPES,
  RESULT_TYPES,
  TRANSFER_MODES,
  TRL_LEVELS,
  marketApi,
  type DemandInput,
  type Listing,
  type ResultInput,
} from '../../api/transfer';
import { useMarketLabels } from './shared';

interface FormValues {
  title: string;
  pricePublic?: boolean;
  summary?: string;
  problem?: string;
  indicators?: string;
  keywords?: string[];
  fields?: string[];
  ipc?: string[];
  resultType?: string;
  applicationNo?: string;
  patentStatus?: 'pending' | 'granted';
  trl?: number | null;
  transferModes?: string[];
  askingPrice?: number | null;
  askingTerms?: string;
  inventors?: string[];
  jobRelated?: boolean;
  rightsKind?: string;
  rightsShares?: Array<{ name: string; pct: number | null }>;
  rightsNote?: string;
  legal?: {
    exclusiveLicence?: boolean;
    pledged?: boolean;
    pledgeeConsent?: boolean;
    annualFeePaid?: boolean;
    ownershipDisputed?: boolean;
    evaluationReport?: string;
  };
  budget?: number | null;
  deadline?: Dayjs | null;
}

const RESULT_FIELDS = [
  'title',
  'summary',
  'indicators',
  'keywords',
  'fields',
  'ipc',
  'resultType',
  'applicationNo',
  'patentStatus',
  'trl',
  'transferModes',
  'askingPrice',
  'askingTerms',
  'inventors',
  'jobRelated',
  'inventorRights',
  'legal',
];
const DEMAND_FIELDS = ['title', 'problem', 'indicators', 'keywords', 'fields', 'ipc', 'budget', 'deadline'];
const ALIASES = { askingPriceFen: 'askingPrice', budgetFen: 'budget' };

export function ListingFormModal(props: {
  kind: 'result' | 'demand';
  open: boolean;
  listing?: Listing | null;
  onClose: () => void;
  onSaved: (l: Listing) => void;
}) {
  const { t } = useTranslation();
  const ml = useMarketLabels();
  const fb = useFeedback();
  const [form] = Form.useForm<FormValues>();
  const isResult = props.kind === 'result';
  const editing = props.listing ?? null;
  const type = Form.useWatch('resultType', form);
  const jobRelated = Form.useWatch('jobRelated', form);
  const pledged = Form.useWatch(['legal', 'pledged'], form);
  const shares = Form.useWatch('rightsShares', form);
  const isPatent = PATENT_TYPES.includes(type ?? '');
  const shareSum = (shares ?? []).reduce((s, x) => s + (Number(x?.pct) || 0), 0);
  const [intent, setIntent] = useState<'draft' | 'published'>('published');

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    const l = editing;
    if (!l) {
      form.setFieldsValue(
        isResult
          ? {
              resultType: 'invention',
              patentStatus: 'granted',
              transferModes: ['licence'],
              jobRelated: false,
              rightsKind: 'ownership_share',
              rightsShares: [],
              legal: { annualFeePaid: true },
              pricePublic: true,
            }
          : { deadline: dayjs().add(6, 'month').endOf('month'), pricePublic: true },
      );
      return;
    }
    form.setFieldsValue({
      title: l.title,
      summary: l.summary,
      problem: l.problem,
      indicators: l.indicators,
      keywords: l.keywords,
      fields: l.fields,
      ipc: l.ipc,
      resultType: l.resultType,
      applicationNo: l.applicationNo ?? undefined,
      patentStatus: (l.patentStatus as 'pending' | 'granted' | null) ?? 'pending',
      trl: l.trl ?? null,
      transferModes: l.transferModes,
      askingPrice: fenToYuan(l.askingPriceFen),
      askingTerms: l.askingTerms,
      inventors: l.inventors,
      jobRelated: l.jobRelated,
      rightsKind: l.inventorRights?.kind ?? 'ownership_share',
      rightsShares: (l.inventorRights?.shares ?? []).map((s) => ({ name: s.name, pct: s.bp / 100 })),
      rightsNote: l.inventorRights?.note,
      legal: l.legal ? { ...l.legal, evaluationReport: l.legal.evaluationReport ?? undefined } : undefined,
      budget: fenToYuan(l.budgetFen),
      deadline: l.deadline ? dayjs(l.deadline) : null,
      pricePublic: l.pricePublic !== false,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);

  const toResult = (v: FormValues): ResultInput => {
    const patent = PATENT_TYPES.includes(v.resultType ?? '');
    const shares = (v.rightsShares ?? []).filter((s) => s?.name?.trim());
    return {
      title: v.title.trim(),
      summary: (v.summary ?? '').trim(),
      indicators: v.indicators?.trim() ?? '',
      keywords: v.keywords ?? [],
      fields: v.fields ?? [],
      ipc: v.ipc ?? [],
      // The selects offer the market's own codes (the API lists them).
      resultType: v.resultType as ResultInput['resultType'],
      applicationNo: patent ? v.applicationNo?.trim() || null : null,
      patentStatus: patent ? (v.patentStatus ?? 'pending') : null,
      trl: v.trl ?? null,
      transferModes: (v.transferModes ?? []) as ResultInput['transferModes'],
      askingPriceFen: yuanToFen(v.askingPrice ?? undefined) ?? null,
      askingTerms: v.askingTerms?.trim() ?? '',
      pricePublic: v.pricePublic !== false,
      inventors: v.inventors ?? [],
      jobRelated: !!v.jobRelated,
      inventorRights:
        v.jobRelated && (shares.length || v.rightsNote?.trim())
          ? {
              kind: (v.rightsKind ?? 'ownership_share') as NonNullable<ResultInput['inventorRights']>['kind'],
              shares: shares.map((s) => ({ name: s.name.trim(), bp: Math.round(Number(s.pct ?? 0) * 100) })),
              ...(v.rightsNote?.trim() ? { note: v.rightsNote.trim() } : {}),
            }
          : null,
      legal: {
        exclusiveLicence: !!v.legal?.exclusiveLicence,
        pledged: !!v.legal?.pledged,
        pledgeeConsent: !!v.legal?.pledged && !!v.legal?.pledgeeConsent,
        annualFeePaid: v.legal?.annualFeePaid !== false,
        ownershipDisputed: !!v.legal?.ownershipDisputed,
        evaluationReport: v.legal?.evaluationReport?.trim() || null,
      },
    };
  };
  const toDemand = (v: FormValues): DemandInput => ({
    title: v.title.trim(),
    problem: (v.problem ?? '').trim(),
    indicators: v.indicators?.trim() ?? '',
    keywords: v.keywords ?? [],
    fields: v.fields ?? [],
    ipc: v.ipc ?? [],
    budgetFen: yuanToFen(v.budget ?? undefined) ?? null,
    pricePublic: v.pricePublic !== false,
    deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
  });

  const mutation = useMutation({
    mutationFn: async (v: FormValues & { status: 'draft' | 'published' }) => {
      const body = isResult ? toResult(v) : toDemand(v);
      // Editing keeps the status unless the owner publishes a draft.
      const status = editing ? (editing.status === 'draft' && v.status === 'published' ? 'published' : undefined) : v.status;
      const full = { ...body, ...(status ? { status } : {}) };
      if (editing) return isResult ? marketApi.updateResult(editing.id, full as ResultInput) : marketApi.updateDemand(editing.id, full as DemandInput);
      return isResult ? marketApi.createResult(full as ResultInput) : marketApi.createDemand(full as DemandInput);
    },
    onSuccess: (l) => {
      fb.success(editing ? t('common.saved') : l.status === 'draft' ? t('market.form.savedDraft') : t('market.form.published'));
      props.onSaved(l);
    },
    onError: (err) => fb.formError(form, err, isResult ? RESULT_FIELDS : DEMAND_FIELDS, ALIASES),
  });

  const submit = (status: 'draft' | 'published') => {
    setIntent(status);
    form.submit();
  };

  const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', columnGap: 16 } as const;
  const required = { required: true, whitespace: true, message: t('market.form.required') };
  const codesRule = (re: RegExp, message: string) => ({
    validator: (_: unknown, v: string[] | undefined) => ((v ?? []).every((x) => re.test(x.trim())) ? Promise.resolve() : Promise.reject(new Error(message))),
  });

  const title = editing
    ? isResult
      ? t('market.form.editResult')
      : t('market.form.editDemand')
    : isResult
      ? t('market.form.newResult')
      : t('market.form.newDemand');
  const prefix = isResult ? 'result-form' : 'demand-form';

  return (
    <Modal
      open={props.open}
      title={title}
      onCancel={props.onClose}
      width={820}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8} wrap>
          <Button onClick={props.onClose} data-testid={`${prefix}-cancel`}>
            {t('common.cancel')}
          </Button>
          {!editing || editing.status === 'draft' ? (
            <Button onClick={() => submit('draft')} loading={mutation.isPending && intent === 'draft'} data-testid={`${prefix}-draft`}>
              {editing ? t('common.save') : t('market.form.saveDraft')}
            </Button>
          ) : null}
          <Button type="primary" onClick={() => submit('published')} loading={mutation.isPending && intent === 'published'} data-testid={`${prefix}-submit`}>
            {editing && editing.status !== 'draft' ? t('common.save') : t('market.form.publish')}
          </Button>
        </Flex>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => mutation.mutate({ ...v, status: intent })}
        data-testid={prefix}
        scrollToFirstError
        style={{ marginTop: 12 }}
      >
        <Form.Item name="title" label={isResult ? t('market.result.title') : t('market.demand.title')} rules={[required]}>
          <Input maxLength={300} data-testid={`${prefix}-title`} />
        </Form.Item>
        {isResult ? (
          <>
            <div style={grid}>
              <Form.Item name="resultType" label={t('market.result.type')} rules={[{ required: true, message: t('market.form.required') }]}>
                <Select
                  options={RESULT_TYPES.map((v) => ({ value: v, label: ml.resultType(v) }))}
                  optionRender={optionTestIds(`${prefix}-type-opt`)}
                  data-testid={`${prefix}-type`}
                />
              </Form.Item>
              {isPatent ? (
                <Form.Item
                  name="applicationNo"
                  label={t('market.result.applicationNo')}
                  extra={t('market.form.applicationNoHint')}
                  rules={[{ required: true, whitespace: true, message: t('market.form.required') }]}
                >
                  <Input maxLength={30} placeholder="202111043581.3" data-testid={`${prefix}-application-no`} />
                </Form.Item>
              ) : null}
              {isPatent ? (
                <Form.Item name="patentStatus" label={t('market.result.patentStatus')}>
                  <Radio.Group optionType="button" data-testid={`${prefix}-patent-status`}>
                    <Radio.Button value="pending">
                      <span data-testid={`${prefix}-patent-status-pending`}>{ml.patentStatus('pending')}</span>
                    </Radio.Button>
                    <Radio.Button value="granted">
                      <span data-testid={`${prefix}-patent-status-granted`}>{ml.patentStatus('granted')}</span>
                    </Radio.Button>
                  </Radio.Group>
                </Form.Item>
              ) : null}
            </div>
            <Form.Item name="summary" label={t('market.result.summary')} rules={[required]}>
              <Input.TextArea rows={3} maxLength={5000} data-testid={`${prefix}-summary`} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="problem" label={t('market.demand.problem')} rules={[required]}>
            <Input.TextArea rows={3} maxLength={5000} data-testid={`${prefix}-problem`} />
          </Form.Item>
        )}
        <Form.Item name="indicators" label={t('market.listing.indicators')}>
          <Input.TextArea rows={2} maxLength={3000} data-testid={`${prefix}-indicators`} />
        </Form.Item>
        <div style={grid}>
          <Form.Item name="keywords" label={t('market.listing.keywords')} extra={t('market.form.tagsHint')}>
            <TagsInput testId={`${prefix}-keywords`} maxCount={20} />
          </Form.Item>
          <Form.Item
            name="fields"
            label={t('market.listing.fields')}
            extra={t('market.form.fieldsHint')}
            rules={[codesRule(FIELD_RE, t('market.form.fieldInvalid'))]}
          >
            <TagsInput testId={`${prefix}-fields`} maxCount={5} placeholder="430, 48010" />
          </Form.Item>
          <Form.Item name="ipc" label={t('market.listing.ipc')} extra={t('market.form.ipcHint')} rules={[codesRule(IPC_RE, t('market.form.ipcInvalid'))]}>
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', '，', '、', ';']}
              maxCount={10}
              placeholder="H05K 7/20"
              data-testid={`${prefix}-ipc`}
            />
          </Form.Item>
        </div>
        {isResult ? (
          <>
            <div style={grid}>
              <Form.Item name="trl" label={t('market.result.trl')} extra={t('market.form.trlHint')}>
                <Select
                  allowClear
                  options={TRL_LEVELS.map((n) => ({ value: n, label: `TRL ${n}` }))}
                  optionRender={optionTestIds(`${prefix}-trl-opt`)}
                  data-testid={`${prefix}-trl`}
                />
              </Form.Item>
              <Form.Item name="askingPrice" label={t('market.result.askingPriceYuan')} extra={t('market.form.priceHint')}>
                <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid={`${prefix}-price`} />
              </Form.Item>
              <Form.Item name="pricePublic" label={t('portal.owner.pricePublic')} extra={t('portal.owner.listingPriceHint')} valuePropName="checked">
                <Switch data-testid={`${prefix}-price-public`} />
              </Form.Item>
            </div>
            <Form.Item name="transferModes" label={t('market.result.transferModes')}>
              <Checkbox.Group
                options={TRANSFER_MODES.map((m) => ({ value: m, label: <span data-testid={`${prefix}-mode-${m}`}>{ml.transferMode(m)}</span> }))}
              />
            </Form.Item>
            <Form.Item name="askingTerms" label={t('market.result.askingTerms')}>
              <Input.TextArea rows={2} maxLength={2000} data-testid={`${prefix}-terms`} />
            </Form.Item>

            <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
              {t('market.result.inventorsTitle')}
            </Divider>
            <div style={grid}>
              <Form.Item name="inventors" label={t('market.result.inventors')} extra={t('market.form.tagsHint')}>
                <TagsInput testId={`${prefix}-inventors`} maxCount={30} />
              </Form.Item>
              <Form.Item name="jobRelated" label={t('market.result.jobRelated')} valuePropName="checked" extra={t('market.form.jobRelatedHint')}>
                <Switch data-testid={`${prefix}-job-related`} />
              </Form.Item>
            </div>
            {jobRelated ? (
              <div data-testid={`${prefix}-rights`} style={{ background: '#f7f9fc', borderRadius: 8, padding: '12px 12px 0', marginBottom: 16 }}>
                <div style={grid}>
                  <Form.Item name="rightsKind" label={t('market.result.rightsKind')}>
                    <Select
                      options={INVENTOR_RIGHTS.map((k) => ({ value: k, label: ml.rightsKind(k) }))}
                      optionRender={optionTestIds(`${prefix}-rights-kind-opt`)}
                      data-testid={`${prefix}-rights-kind`}
                    />
                  </Form.Item>
                  <Form.Item name="rightsNote" label={t('market.result.rightsNote')}>
                    <Input maxLength={500} data-testid={`${prefix}-rights-note`} />
                  </Form.Item>
                </div>
                <Form.List name="rightsShares">
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={0}>
                      {fields.map((f, i) => (
                        <Flex key={f.key} gap={8} align="flex-start" wrap={false}>
                          <Form.Item name={[f.name, 'name']} style={{ flex: 2, minWidth: 0 }} rules={[required]}>
                            <Input
                              aria-label={t('market.result.shareName')}
                              placeholder={t('market.result.shareName')}
                              maxLength={50}
                              data-testid={`${prefix}-share-name-${i}`}
                            />
                          </Form.Item>
                          <Form.Item name={[f.name, 'pct']} style={{ flex: 1, minWidth: 0 }} rules={[{ required: true, message: t('market.form.required') }]}>
                            <InputNumber
                              aria-label={t('market.result.sharePct')}
                              min={0}
                              max={100}
                              precision={2}
                              suffix="%"
                              placeholder={t('market.result.sharePct')}
                              style={{ width: '100%' }}
                              data-testid={`${prefix}-share-pct-${i}`}
                            />
                          </Form.Item>
                          <Button
                            type="text"
                            icon={<DeleteOutlined />}
                            aria-label={t('common.delete')}
                            onClick={() => remove(f.name)}
                            data-testid={`${prefix}-share-remove-${i}`}
                          />
                        </Flex>
                      ))}
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => add({ name: '', pct: null })}
                        disabled={fields.length >= 30}
                        data-testid={`${prefix}-share-add`}
                        style={{ marginBottom: 8, alignSelf: 'flex-start' }}
                      >
                        {t('market.form.addShare')}
                      </Button>
                    </Flex>
                  )}
                </Form.List>
                <Form.Item
                  name="inventorRights"
                  rules={[{ validator: () => (shareSum <= 100 + 1e-9 ? Promise.resolve() : Promise.reject(new Error(t('market.form.sharesOver')))) }]}
                  dependencies={['rightsShares']}
                >
                  <ShareSum sum={shareSum} testId={`${prefix}-share-sum`} />
                </Form.Item>
              </div>
            ) : null}

            <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
              {t('market.result.legalTitle')}
            </Divider>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('market.form.legalHint')}
            </Typography.Paragraph>
            <div style={{ ...grid, gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))' }}>
              <Form.Item name={['legal', 'exclusiveLicence']} label={t('market.legal.exclusiveLicence')} valuePropName="checked">
                <Switch data-testid={`${prefix}-legal-exclusive`} />
              </Form.Item>
              <Form.Item name={['legal', 'pledged']} label={t('market.legal.pledged')} valuePropName="checked">
                <Switch data-testid={`${prefix}-legal-pledged`} />
              </Form.Item>
              {pledged ? (
                <Form.Item name={['legal', 'pledgeeConsent']} label={t('market.legal.pledgeeConsent')} valuePropName="checked">
                  <Switch data-testid={`${prefix}-legal-consent`} />
                </Form.Item>
              ) : null}
              <Form.Item name={['legal', 'annualFeePaid']} label={t('market.legal.annualFeePaid')} valuePropName="checked">
                <Switch data-testid={`${prefix}-legal-fee`} />
              </Form.Item>
              <Form.Item name={['legal', 'ownershipDisputed']} label={t('market.legal.ownershipDisputed')} valuePropName="checked">
                <Switch data-testid={`${prefix}-legal-disputed`} />
              </Form.Item>
            </div>
            <Form.Item name={['legal', 'evaluationReport']} label={t('market.legal.evaluationReport')} extra={t('market.form.evaluationHint')}>
              <Input maxLength={300} placeholder={t('market.form.evaluationPlaceholder')} data-testid={`${prefix}-legal-report`} />
            </Form.Item>
          </>
        ) : (
          <div style={grid}>
            <Form.Item name="budget" label={t('market.demand.budgetYuan')}>
              <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid={`${prefix}-budget`} />
            </Form.Item>
            <Form.Item name="pricePublic" label={t('portal.owner.budgetPublic')} extra={t('portal.owner.listingPriceHint')} valuePropName="checked">
              <Switch data-testid={`${prefix}-price-public`} />
            </Form.Item>
            <Form.Item name="deadline" label={t('market.demand.deadline')}>
              <DatePicker style={{ width: '100%' }} data-testid={`${prefix}-deadline`} />
            </Form.Item>
          </div>
        )}
        {editing && editing.status === 'withdrawn' ? <Alert type="warning" showIcon title={t('market.form.withdrawnNote')} /> : null}
      </Form>
    </Modal>
  );
}

/** The total of the inventors' shares; the form item around it carries the server's share errors. */
function ShareSum(props: { sum: number; testId: string; value?: unknown; onChange?: unknown; id?: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type={props.sum > 100 ? 'danger' : 'secondary'} data-testid={props.testId} id={props.id}>
      {t('market.form.sharesSum', { sum: Math.round(props.sum * 100) / 100 })}
    </Typography.Text>
  );
}
