// Draft a call. An organisation's admin poses a 揭榜挂帅 challenge for its own jurisdiction to
// publish (mode "challenge"); a jurisdiction's admin drafts any kind (mode "call"): a joint fund
// with the four jurisdictions' shares, a challenge on behalf of a posing organisation, or a horse
// race with its number of teams and first tranche. Budget in yuan (sent in fen), the application
// window in Beijing time, milestones with due dates.
import { useEffect } from 'react';
import { Alert, Button, DatePicker, Divider, Flex, Form, Input, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useAccess } from '../../app/access';
import { useLabels, useOptionValues } from '../../app/reference';
import { yuanToFen } from '../../app/money';
import { dayjs, fromPickerValue, toPickerValue } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { CALL_KINDS, DISCIPLINE_RE, callsApi, type CallDetail, type CallInput, type CallKind } from '../../api/calls';
import { TagsInput, useResearchLabels } from '../../components/research/tags';
import { OrgSelect } from '../../components/OrganizationSelect';

interface FormValues {
  kind: CallKind;
  jurisdictionCode?: string;
  poserOrgId?: number;
  title: string;
  description: string;
  goals?: string;
  indicators?: string;
  disciplines?: string[];
  keywords?: string[];
  budget: number;
  window: [Dayjs, Dayjs];
  milestones?: Array<{ title: string; due: Dayjs }>;
  shares?: Record<string, number | null>;
  raceTeams?: number;
  firstTranchePct?: number;
  reviewersPerApplication?: number;
  maxPerExpert?: number;
  excludeSameJurisdiction?: boolean;
}

const FIELDS = [
  'kind',
  'jurisdictionCode',
  'poserOrgId',
  'title',
  'description',
  'goals',
  'indicators',
  'disciplines',
  'keywords',
  'budget',
  'window',
  'milestones',
  'shares',
  'raceTeams',
  'firstTranchePct',
  'reviewersPerApplication',
  'maxPerExpert',
];
const ALIASES = { budgetFen: 'budget', opensAt: 'window', deadline: 'window', firstTrancheBp: 'firstTranchePct' };
const DEFAULT_SHARES: Record<string, number> = { '310000': 40, '320000': 20, '330000': 20, '340000': 20 };

export function CallFormModal(props: { open: boolean; mode: 'challenge' | 'call'; onClose: () => void; onSaved: (c: CallDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const access = useAccess();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const kind = Form.useWatch('kind', form);
  const shares = Form.useWatch('shares', form);
  const poser = props.mode === 'challenge';
  const allowed = access.callJurisdictions;
  const jurisdictionOptions = values.jurisdictionCodes.filter((c) => allowed === 'all' || allowed.includes(c));
  const shareSum = Object.values(shares ?? {}).reduce<number>((s, v) => s + (Number(v) || 0), 0);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    const now = toPickerValue(new Date().toISOString())!.second(0);
    form.setFieldsValue({
      kind: poser ? 'challenge' : 'joint_fund',
      jurisdictionCode: jurisdictionOptions.length === 1 ? jurisdictionOptions[0] : undefined,
      window: [now, now.add(30, 'day').hour(17).minute(0)],
      shares: { ...DEFAULT_SHARES },
      raceTeams: 3,
      firstTranchePct: 30,
      reviewersPerApplication: 3,
      maxPerExpert: 10,
      excludeSameJurisdiction: false,
      milestones: [],
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);

  const toBody = (v: FormValues): CallInput => {
    const body: CallInput = {
      kind: v.kind,
      title: v.title.trim(),
      description: v.description.trim(),
      goals: v.goals?.trim() || undefined,
      indicators: v.indicators?.trim() || undefined,
      disciplines: v.disciplines ?? [],
      keywords: v.keywords ?? [],
      budgetFen: yuanToFen(v.budget) ?? 0,
      opensAt: fromPickerValue(v.window[0])!,
      deadline: fromPickerValue(v.window[1])!,
      milestones: (v.milestones ?? []).filter((m) => m?.title?.trim() && m.due).map((m) => ({ title: m.title.trim(), due: m.due.format('YYYY-MM-DD') })),
    };
    if (!poser) {
      if (v.jurisdictionCode) body.jurisdictionCode = v.jurisdictionCode as CallInput['jurisdictionCode'];
      body.reviewersPerApplication = v.reviewersPerApplication;
      body.maxPerExpert = v.maxPerExpert;
      body.excludeSameJurisdiction = !!v.excludeSameJurisdiction;
      if (v.kind === 'challenge') body.poserOrgId = v.poserOrgId;
      if (v.kind === 'joint_fund') {
        body.shares = Object.fromEntries(
          Object.entries(v.shares ?? {})
            .filter(([, p]) => Number(p) > 0)
            .map(([j, p]) => [j, Math.round(Number(p) * 100)]),
        );
      }
      if (v.kind === 'horse_race') {
        body.raceTeams = v.raceTeams;
        body.firstTrancheBp = Math.round(Number(v.firstTranchePct ?? 0) * 100);
      }
    }
    return body;
  };

  const mutation = useMutation({
    mutationFn: (v: FormValues) => callsApi.create(toBody(v)),
    onSuccess: (c) => {
      fb.success(poser ? t('calls.form.posed') : t('common.created'));
      props.onSaved(c);
    },
    onError: (err) => fb.formError(form, err, FIELDS, ALIASES),
  });

  const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', columnGap: 16 } as const;

  return (
    <Modal
      open={props.open}
      title={poser ? t('calls.form.poseTitle') : t('calls.form.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={poser ? t('calls.form.poseSubmit') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'call-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'call-form-cancel' }}
      destroyOnHidden
      width={760}
    >
      {poser ? <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('calls.form.poseHint')} /> : null}
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} data-testid="call-form" style={{ marginTop: 12 }} scrollToFirstError>
        <div style={grid}>
          <Form.Item name="kind" label={t('calls.kindLabel')} rules={[{ required: true }]}>
            <Select
              disabled={poser}
              options={CALL_KINDS.map((k) => ({ value: k, label: rl.callKind(k) }))}
              optionRender={optionTestIds('call-form-kind-opt')}
              data-testid="call-form-kind"
            />
          </Form.Item>
          {poser ? null : (
            <Form.Item name="jurisdictionCode" label={t('calls.jurisdiction')} rules={[{ required: true, message: t('calls.form.required') }]}>
              <Select
                disabled={jurisdictionOptions.length <= 1}
                options={jurisdictionOptions.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
                optionRender={optionTestIds('call-form-jurisdiction-opt')}
                data-testid="call-form-jurisdiction"
              />
            </Form.Item>
          )}
          {!poser && kind === 'challenge' ? (
            <Form.Item name="poserOrgId" label={t('calls.poser')} rules={[{ required: true, message: t('calls.form.required') }]}>
              <OrgSelect testId="call-form-poser" excludeTypes={['government_department']} />
            </Form.Item>
          ) : null}
        </div>
        <Form.Item
          name="title"
          label={poser ? t('calls.form.challengeTitle') : t('calls.name')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('calls.form.required') }]}
        >
          <Input maxLength={300} data-testid="call-form-title" />
        </Form.Item>
        <Form.Item
          name="description"
          label={poser ? t('calls.form.problem') : t('calls.description')}
          rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}
        >
          <Input.TextArea rows={3} maxLength={20000} data-testid="call-form-description" />
        </Form.Item>
        <div style={grid}>
          <Form.Item name="goals" label={t('calls.goals')}>
            <Input.TextArea rows={2} maxLength={10000} data-testid="call-form-goals" />
          </Form.Item>
          <Form.Item name="indicators" label={t('calls.indicators')}>
            <Input.TextArea rows={2} maxLength={10000} data-testid="call-form-indicators" />
          </Form.Item>
        </div>
        <div style={grid}>
          <Form.Item
            name="disciplines"
            label={t('calls.disciplines')}
            extra={t('calls.form.disciplinesHint')}
            rules={[
              {
                validator: (_, v: string[] | undefined) =>
                  (v ?? []).every((d) => DISCIPLINE_RE.test(d)) ? Promise.resolve() : Promise.reject(new Error(t('calls.form.disciplineInvalid'))),
              },
            ]}
          >
            <TagsInput testId="call-form-disciplines" maxCount={20} placeholder="150, 43017" />
          </Form.Item>
          <Form.Item name="keywords" label={t('calls.keywords')} extra={t('calls.form.keywordsHint')}>
            <TagsInput testId="call-form-keywords" maxCount={30} />
          </Form.Item>
        </div>
        <div style={grid}>
          <Form.Item name="budget" label={t('calls.form.budgetYuan')} rules={[{ required: true, message: t('calls.form.required') }]}>
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="call-form-budget" />
          </Form.Item>
          <Form.Item
            name="window"
            label={t('calls.form.window')}
            extra={t('common.timezoneNote')}
            rules={[{ required: true, message: t('calls.form.required') }]}
          >
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              allowClear={false}
              data-testid="call-form-window"
            />
          </Form.Item>
        </div>
        {!poser && kind === 'joint_fund' ? (
          <>
            <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
              {t('calls.shares')}
            </Divider>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('calls.form.sharesHint')}
            </Typography.Paragraph>
            <div style={{ ...grid, gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))' }}>
              {values.jurisdictionCodes.map((c) => (
                <Form.Item key={c} name={['shares', c]} label={labels.jurisdiction(c)}>
                  <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid={`call-form-share-${c}`} />
                </Form.Item>
              ))}
            </div>
            <Typography.Text type={Math.abs(shareSum - 100) < 0.001 ? 'success' : 'danger'} data-testid="call-form-share-sum">
              {t('calls.form.sharesSum', { sum: Math.round(shareSum * 100) / 100 })}
            </Typography.Text>
          </>
        ) : null}
        {!poser && kind === 'horse_race' ? (
          <div style={grid}>
            <Form.Item name="raceTeams" label={t('calls.raceTeams')} rules={[{ required: true, message: t('calls.form.required') }]}>
              <InputNumber min={2} max={5} precision={0} style={{ width: '100%' }} data-testid="call-form-race-teams" />
            </Form.Item>
            <Form.Item
              name="firstTranchePct"
              label={t('calls.form.firstTranchePct')}
              extra={t('calls.form.firstTrancheHint')}
              rules={[{ required: true, message: t('calls.form.required') }]}
            >
              <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid="call-form-first-tranche" />
            </Form.Item>
          </div>
        ) : null}
        <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
          {t('calls.milestonesTitle')}
        </Divider>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="flex-start" wrap={false}>
                  <Form.Item
                    name={[f.name, 'title']}
                    style={{ flex: 2, minWidth: 0 }}
                    rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}
                  >
                    <Input
                      aria-label={t('calls.milestoneTitle')}
                      placeholder={t('calls.milestoneTitle')}
                      maxLength={200}
                      data-testid={`call-form-milestone-title-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'due']} style={{ flex: 1, minWidth: 0 }} rules={[{ required: true, message: t('calls.form.required') }]}>
                    <DatePicker
                      aria-label={t('calls.milestoneDue')}
                      placeholder={t('calls.milestoneDue')}
                      style={{ width: '100%' }}
                      data-testid={`call-form-milestone-due-${i}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() => remove(f.name)}
                    data-testid={`call-form-milestone-remove-${i}`}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ title: '', due: dayjs().add(90 * (fields.length + 1), 'day') })}
                disabled={fields.length >= 12}
                data-testid="call-form-milestone-add"
                style={{ marginBottom: 16 }}
              >
                {t('calls.form.addMilestone')}
              </Button>
            </Flex>
          )}
        </Form.List>
        {poser ? null : (
          <div style={grid}>
            <Form.Item name="reviewersPerApplication" label={t('calls.reviewersPerApplication')}>
              <InputNumber min={1} max={15} precision={0} style={{ width: '100%' }} data-testid="call-form-k" />
            </Form.Item>
            <Form.Item name="maxPerExpert" label={t('calls.maxPerExpert')}>
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} data-testid="call-form-max" />
            </Form.Item>
            <Form.Item name="excludeSameJurisdiction" label={t('calls.excludeSameJurisdiction')} valuePropName="checked">
              <Switch data-testid="call-form-exclude-same" />
            </Form.Item>
          </div>
        )}
      </Form>
    </Modal>
  );
}
