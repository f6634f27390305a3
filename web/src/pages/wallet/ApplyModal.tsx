// Apply to a voucher programme: as the enterprise or (where the programme admits them) a team,
// the amount in yuan and the purpose.
import { useEffect } from 'react';
import { Alert, Descriptions, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useLabels } from '../../app/reference';
import { formatFen, yuanToFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { formatShare } from '../../components/vouchers/tags';
import { programsApi, type Application, type Program } from '../../api/vouchers';

interface FormValues {
  applicantKind: 'enterprise' | 'team';
  teamName?: string;
  amount: number;
  purpose: string;
}

export function ApplyModal(props: { program: Program | null; onClose: () => void; onDone: (a: Application) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('applicantKind', form);
  const p = props.program;
  useEffect(() => {
    if (p) {
      form.resetFields();
      form.setFieldsValue({ applicantKind: 'enterprise' });
    }
  }, [p, form]);
  const mutation = useMutation({
    mutationFn: (v: FormValues) =>
      programsApi.apply(p!.id, {
        applicantKind: v.applicantKind,
        ...(v.applicantKind === 'team' && v.teamName ? { teamName: v.teamName.trim() } : {}),
        requestedFen: yuanToFen(v.amount) ?? 0,
        purpose: v.purpose.trim(),
      }),
    onSuccess: (a) => {
      fb.success(t('wallet.applied'));
      props.onDone(a);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem.errors?.length)
        fb.formError(form, err, ['applicantKind', 'teamName', 'amount', 'purpose'], { requestedFen: 'amount' });
    },
  });
  const err = mutation.error instanceof ApiError && !mutation.error.problem.errors?.length ? mutation.error.problem : null;
  return (
    <Modal
      open={!!p}
      title={t('wallet.applyTitle', { name: p?.name ?? '' })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('wallet.submitApplication')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'apply-submit' }}
      afterClose={() => mutation.reset()}
      destroyOnHidden
      width={600}
    >
      {p ? (
        <Descriptions size="small" column={1} style={{ margin: '8px 0 12px' }}>
          <Descriptions.Item label={t('programs.jurisdiction')}>{labels.jurisdiction(p.jurisdictionCode)}</Descriptions.Item>
          <Descriptions.Item label={t('programs.share')}>{formatShare(p.shareBp)}</Descriptions.Item>
          <Descriptions.Item label={t('programs.capEnterprise')}>{formatFen(p.capEnterpriseYearFen)}</Descriptions.Item>
          <Descriptions.Item label={t('programs.expiresAt')}>{formatDate(p.expiresAt)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} data-testid="apply-form">
        {p?.teamsEligible ? (
          <Form.Item name="applicantKind" label={t('wallet.applicantKind')}>
            <Radio.Group
              optionType="button"
              options={(['enterprise', 'team'] as const).map((k) => ({
                value: k,
                label: <span data-testid={`apply-kind-${k}`}>{labels.applicantKind(k)}</span>,
              }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="applicantKind" hidden>
            <Input />
          </Form.Item>
        )}
        {kind === 'team' ? (
          <Form.Item name="teamName" label={t('wallet.teamName')} rules={[{ required: true, whitespace: true, message: t('wallet.teamNameRequired') }]}>
            <Input maxLength={200} data-testid="apply-team-name" />
          </Form.Item>
        ) : null}
        <Form.Item name="amount" label={t('wallet.requestedYuan')} rules={[{ required: true, message: t('programs.amountRequired') }]}>
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="apply-amount" />
        </Form.Item>
        <Form.Item name="purpose" label={t('wallet.purpose')} rules={[{ required: true, whitespace: true, message: t('wallet.purposeRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('wallet.purposePlaceholder')} data-testid="apply-purpose" />
        </Form.Item>
      </Form>
      {err ? <Alert type="error" showIcon title={err.title} description={err.detail} data-testid="apply-error" /> : null}
    </Modal>
  );
}
