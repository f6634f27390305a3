// Create a voucher programme: budget and caps in yuan (sent in fen), the share of a fee the
// voucher may pay in percent (sent in basis points), issue window and expiry in Beijing dates,
// eligible tiers, teams, service categories and the jurisdictions where it may be redeemed.
import { useEffect } from 'react';
import { Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useAccess } from '../../app/access';
import { useLabels, useOptionValues } from '../../app/reference';
import { yuanToFen } from '../../app/money';
import { dayjs, endOfDayIso, startOfDayIso } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { programsApi, SERVICE_CATEGORIES, type Program, type ProgramInput } from '../../api/vouchers';

interface FormValues {
  jurisdictionCode?: string;
  name: string;
  description?: string;
  budget: number;
  issue: [Dayjs, Dayjs];
  expires: Dayjs;
  sharePct: number;
  capEnterprise: number;
  capTeam?: number | null;
  eligibleTiers: string[];
  teamsEligible: boolean;
  eligibleCategories: string[];
  redeemJurisdictions: string[];
  applicantJurisdictions: string[];
}

const FIELDS = [
  'jurisdictionCode',
  'name',
  'description',
  'budget',
  'issue',
  'expires',
  'sharePct',
  'capEnterprise',
  'capTeam',
  'eligibleTiers',
  'teamsEligible',
  'eligibleCategories',
  'redeemJurisdictions',
  'applicantJurisdictions',
];
const ALIASES = {
  budgetFen: 'budget',
  issueFrom: 'issue',
  issueUntil: 'issue',
  expiresAt: 'expires',
  shareBp: 'sharePct',
  capEnterpriseYearFen: 'capEnterprise',
  capTeamFen: 'capTeam',
};

export function ProgramFormModal(props: { open: boolean; onClose: () => void; onSaved: (p: Program) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const access = useAccess();
  const labels = useLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const teams = Form.useWatch('teamsEligible', form);
  const allowed = access.voucherJurisdictions;
  const jurisdictionOptions = values.jurisdictionCodes.filter((c) => allowed === 'all' || allowed.includes(c));

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    const today = dayjs();
    form.setFieldsValue({
      jurisdictionCode: jurisdictionOptions.length === 1 ? jurisdictionOptions[0] : undefined,
      issue: [today, today.add(1, 'year')],
      expires: today.add(2, 'year'),
      sharePct: 50,
      eligibleTiers: ['tech_sme', 'high_tech', 'tech_leader'],
      teamsEligible: false,
      eligibleCategories: [...SERVICE_CATEGORIES],
      redeemJurisdictions: [...values.jurisdictionCodes],
      // Applicants come from the programme's own jurisdiction unless it opens to others.
      applicantJurisdictions: jurisdictionOptions.length === 1 ? [jurisdictionOptions[0]] : [],
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);

  const toBody = (v: FormValues): ProgramInput => ({
    ...(v.jurisdictionCode ? { jurisdictionCode: v.jurisdictionCode as ProgramInput['jurisdictionCode'] } : {}),
    name: v.name.trim(),
    ...(v.description?.trim() ? { description: v.description.trim() } : {}),
    budgetFen: yuanToFen(v.budget) ?? 0,
    issueFrom: startOfDayIso(v.issue[0]),
    issueUntil: endOfDayIso(v.issue[1]),
    expiresAt: endOfDayIso(v.expires),
    shareBp: Math.round(Number(v.sharePct) * 100),
    capEnterpriseYearFen: yuanToFen(v.capEnterprise) ?? 0,
    capTeamFen: v.teamsEligible ? (yuanToFen(v.capTeam ?? 0) ?? 0) : 0,
    // The selects offer the codes the server knows (its reference data).
    eligibleTiers: (v.eligibleTiers ?? []) as ProgramInput['eligibleTiers'],
    teamsEligible: !!v.teamsEligible,
    eligibleCategories: (v.eligibleCategories ?? []) as ProgramInput['eligibleCategories'],
    redeemJurisdictions: (v.redeemJurisdictions ?? []) as ProgramInput['redeemJurisdictions'],
    applicantJurisdictions: (v.applicantJurisdictions ?? []) as ProgramInput['redeemJurisdictions'],
  });

  const mutation = useMutation({
    mutationFn: (v: FormValues) => programsApi.create(toBody(v)),
    onSuccess: (p) => {
      fb.success(t('common.created'));
      props.onSaved(p);
    },
    onError: (err) => fb.formError(form, err, FIELDS, ALIASES),
  });

  const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', columnGap: 16 } as const;

  return (
    <Modal
      open={props.open}
      title={t('programs.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'program-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'program-form-cancel' }}
      destroyOnHidden
      width={720}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => mutation.mutate(v)}
        onValuesChange={(changed: Partial<FormValues>) => {
          // A new programme jurisdiction: its applicants default to it, unless chosen already.
          if (changed.jurisdictionCode && !form.isFieldTouched('applicantJurisdictions'))
            form.setFieldValue('applicantJurisdictions', [changed.jurisdictionCode]);
        }}
        data-testid="program-form"
        style={{ marginTop: 12 }}
        scrollToFirstError
      >
        <div style={grid}>
          <Form.Item name="jurisdictionCode" label={t('programs.jurisdiction')} rules={[{ required: true, message: t('programs.jurisdictionRequired') }]}>
            <Select
              data-testid="program-form-jurisdiction"
              disabled={jurisdictionOptions.length <= 1}
              options={jurisdictionOptions.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
              optionRender={optionTestIds('program-form-jurisdiction-opt')}
            />
          </Form.Item>
          <Form.Item name="name" label={t('programs.name')} rules={[{ required: true, whitespace: true, message: t('programs.nameRequired') }]}>
            <Input maxLength={200} data-testid="program-form-name" />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t('programs.description')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="program-form-description" />
        </Form.Item>
        <div style={grid}>
          <Form.Item name="budget" label={t('programs.budgetYuan')} rules={[{ required: true, message: t('programs.amountRequired') }]}>
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="program-form-budget" />
          </Form.Item>
          <Form.Item
            name="sharePct"
            label={t('programs.sharePct')}
            extra={t('programs.shareHint')}
            rules={[{ required: true, message: t('programs.amountRequired') }]}
          >
            <InputNumber min={1} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid="program-form-share" />
          </Form.Item>
          <Form.Item
            name="capEnterprise"
            label={t('programs.capEnterpriseYuan')}
            extra={t('programs.capEnterpriseHint')}
            rules={[{ required: true, message: t('programs.amountRequired') }]}
          >
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="program-form-cap-enterprise" />
          </Form.Item>
        </div>
        <div style={grid}>
          <Form.Item name="issue" label={t('programs.issueWindow')} rules={[{ required: true, message: t('programs.dateRequired') }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="program-form-issue" allowClear={false} />
          </Form.Item>
          <Form.Item
            name="expires"
            label={t('programs.expiresAt')}
            extra={t('programs.expiresHint')}
            rules={[{ required: true, message: t('programs.dateRequired') }]}
          >
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="program-form-expires" allowClear={false} />
          </Form.Item>
        </div>
        <Form.Item name="eligibleTiers" label={t('programs.eligibleTiers')}>
          <Checkbox.Group options={values.tiers.map((v) => ({ value: v, label: <span data-testid={`program-form-tier-${v}`}>{labels.tier(v)}</span> }))} />
        </Form.Item>
        <div style={grid}>
          <Form.Item name="teamsEligible" label={t('programs.teamsEligible')} valuePropName="checked">
            <Switch data-testid="program-form-teams" />
          </Form.Item>
          {teams ? (
            <Form.Item name="capTeam" label={t('programs.capTeamYuan')} rules={[{ required: true, message: t('programs.amountRequired') }]}>
              <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="program-form-cap-team" />
            </Form.Item>
          ) : null}
        </div>
        <Form.Item
          name="eligibleCategories"
          label={t('programs.eligibleCategories')}
          rules={[{ required: true, type: 'array', min: 1, message: t('programs.categoriesRequired') }]}
        >
          <Checkbox.Group
            options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: <span data-testid={`program-form-category-${c}`}>{labels.serviceCategory(c)}</span> }))}
          />
        </Form.Item>
        <Form.Item
          name="redeemJurisdictions"
          label={t('programs.redeemJurisdictions')}
          extra={t('programs.redeemHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('programs.redeemRequired') }]}
        >
          <Checkbox.Group
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: <span data-testid={`program-form-redeem-${c}`}>{labels.jurisdiction(c)}</span> }))}
          />
        </Form.Item>
        <Form.Item
          name="applicantJurisdictions"
          label={t('programs.applicantJurisdictions')}
          extra={t('programs.applicantHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('programs.redeemRequired') }]}
        >
          <Checkbox.Group
            options={values.jurisdictionCodes.map((c) => ({
              value: c,
              label: <span data-testid={`program-form-applicant-${c}`}>{labels.jurisdiction(c)}</span>,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
