// Applying for recognition as a service provider: the self-assessment against the conditions
// (legal entity, years in operation, published prices, a clean integrity record) and the
// categories served; then evidence files for each condition. Once applied, the record as the
// administrators see it (checks, notice, objections, recognition elsewhere).
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Result, Select, Skeleton, Switch, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useLabels } from '../../app/reference';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { SERVICE_CATEGORIES, EVIDENCE_CONDITIONS, providersApi, type Provider, type ProviderInput } from '../../api/vouchers';
import { ProviderView } from '../../components/vouchers/ProviderView';

export const MY_PROVIDER_KEY = ['provider', 'mine'] as const;

/** My organisation's provider record, or null when it has not applied (404). */
export function useMyProvider() {
  return useQuery({
    queryKey: MY_PROVIDER_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await providersApi.mine(signal);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

export function RecognitionTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useMyProvider();
  if (mine.isPending) return <Skeleton active />;
  if (mine.isError)
    return (
      <Result
        status="error"
        title={mine.error instanceof ApiError ? mine.error.problem.title : t('error.generic')}
        subTitle={mine.error instanceof ApiError ? mine.error.problem.detail : undefined}
      />
    );
  const refresh = (p?: Provider) => {
    if (p) qc.setQueryData(MY_PROVIDER_KEY, p);
    void qc.invalidateQueries({ queryKey: MY_PROVIDER_KEY });
    void qc.invalidateQueries({ queryKey: ['providers'] });
  };
  if (!mine.data) return <ApplyForm onCreated={refresh} />;
  return (
    <Flex vertical gap={16} data-testid="desk-recognition">
      <EvidenceUpload provider={mine.data} onUploaded={() => refresh()} />
      <ProviderView provider={mine.data} onChanged={refresh} embedded />
    </Flex>
  );
}

interface ApplyValues {
  categories: ProviderInput['categories'];
  description: string;
  legalEntity: boolean;
  yearsInOperation: number;
  publishedPrices: boolean;
  integrityClean: boolean;
  statement: string;
}

function ApplyForm(props: { onCreated: (p: Provider) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const [form] = Form.useForm<ApplyValues>();
  const mutation = useMutation({
    mutationFn: (v: ApplyValues) => {
      const body: ProviderInput = {
        categories: v.categories,
        description: (v.description ?? '').trim(),
        selfAssessment: {
          legalEntity: !!v.legalEntity,
          yearsInOperation: Number(v.yearsInOperation ?? 0),
          publishedPrices: !!v.publishedPrices,
          integrityClean: !!v.integrityClean,
          statement: (v.statement ?? '').trim(),
        },
      };
      return providersApi.create(body);
    },
    onSuccess: (p) => {
      fb.success(t('desk.applied'));
      props.onCreated(p);
    },
    onError: (err) =>
      fb.formError(form, err, ['categories', 'description', 'legalEntity', 'yearsInOperation', 'publishedPrices', 'integrityClean', 'statement'], {
        selfAssessment: 'statement',
      }),
  });
  return (
    <Card size="small" title={t('desk.applyTitle')} data-testid="desk-apply">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('desk.applyHint')} />
      <Form<ApplyValues>
        form={form}
        layout="vertical"
        initialValues={{ categories: [], legalEntity: true, yearsInOperation: 1, publishedPrices: true, integrityClean: true }}
        onFinish={(v) => mutation.mutate(v)}
        data-testid="desk-apply-form"
      >
        <Form.Item
          name="categories"
          label={t('providers.categories')}
          rules={[{ required: true, type: 'array', min: 1, message: t('programs.categoriesRequired') }]}
        >
          <Checkbox.Group
            options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: <span data-testid={`desk-apply-category-${c}`}>{labels.serviceCategory(c)}</span> }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('provider.description')}
          rules={[{ required: true, whitespace: true, message: t('voucherCommon.textRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="desk-apply-description" />
        </Form.Item>
        <Typography.Title level={5}>{t('provider.selfAssessment')}</Typography.Title>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', columnGap: 16 }}>
          <Form.Item name="legalEntity" label={t('provider.legalEntity')} valuePropName="checked">
            <Switch data-testid="desk-apply-legal-entity" />
          </Form.Item>
          <Form.Item name="yearsInOperation" label={t('provider.yearsInOperation')} rules={[{ required: true, message: t('programs.amountRequired') }]}>
            <InputNumber min={0} max={200} style={{ width: '100%' }} data-testid="desk-apply-years" />
          </Form.Item>
          <Form.Item name="publishedPrices" label={t('provider.publishedPrices')} valuePropName="checked">
            <Switch data-testid="desk-apply-prices" />
          </Form.Item>
          <Form.Item name="integrityClean" label={t('provider.integrityClean')} valuePropName="checked">
            <Switch data-testid="desk-apply-integrity" />
          </Form.Item>
        </div>
        <Form.Item
          name="statement"
          label={t('provider.statement')}
          extra={t('desk.statementHint')}
          rules={[{ required: true, whitespace: true, message: t('voucherCommon.textRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="desk-apply-statement" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="desk-apply-submit">
          {t('desk.submitApplication')}
        </Button>
      </Form>
    </Card>
  );
}

const EVIDENCE_TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
const MAX_EVIDENCE = 5 * 1024 * 1024;

function EvidenceUpload(props: { provider: Provider; onUploaded: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const [condition, setCondition] = useState<string>('legal_entity');
  const [busy, setBusy] = useState(false);
  // Evidence may be added while the application is open (and to answer a rejection).
  if (!['applied', 'notice', 'rejected'].includes(props.provider.status)) return null;
  const upload = async (file: File) => {
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    const type = EVIDENCE_TYPES[ext];
    if (!type) return fb.error(new Error(t('desk.evidenceType')));
    if (file.size > MAX_EVIDENCE) return fb.error(new Error(t('desk.evidenceSize')));
    setBusy(true);
    try {
      const typed = file.type ? file : new File([file], file.name, { type });
      await providersApi.uploadEvidence(props.provider.id, condition, typed);
      fb.success(t('desk.evidenceUploaded', { name: file.name }));
      props.onUploaded();
    } catch (err) {
      fb.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('desk.evidenceTitle')} data-testid="desk-evidence">
      <Flex wrap gap={8} align="center">
        <Select
          value={condition}
          onChange={setCondition}
          options={EVIDENCE_CONDITIONS.map((c) => ({ value: c, label: labels.evidenceCondition(c) }))}
          optionRender={optionTestIds('desk-evidence-condition-opt')}
          style={{ width: 200 }}
          aria-label={t('desk.evidenceTitle')}
          data-testid="desk-evidence-condition"
        />
        <Upload
          accept=".pdf,.png,.jpg,.jpeg"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid="desk-evidence-upload">
            {t('desk.evidenceChoose')}
          </Button>
        </Upload>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('desk.evidenceHint')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
