// Apply to a call, or bid on a 揭榜挂帅 challenge: title, summary, plan, budget in yuan, the team
// (the applicant leads; members are named with their organisations, picked from the directory —
// a joint fund needs a team spanning at least two jurisdictions) and attachments (PDF, PNG or
// JPEG up to 5 MB, sent once the application exists). No age, degree or title limits are asked.
// Refusals are shown in the form: an integrity record is named in full, business rules with
// the server's explanation.
import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Input, InputNumber, List, Modal, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useMe } from '../../app/session';
import { formatFen, yuanToFen } from '../../app/money';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import type { Organization } from '../../api/organizations';
import { DISCIPLINE_RE, callsApi, type Application, type CallDetail } from '../../api/calls';
import { TagsInput } from '../../components/research/tags';
import { OrgSelect } from '../../components/OrganizationSelect';

interface FormValues {
  title: string;
  summary: string;
  plan?: string;
  budget: number;
  disciplines?: string[];
  keywords?: string[];
  members?: Array<{ name: string; organizationId?: number; role?: string }>;
}

export const UPLOAD_TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
export const MAX_UPLOAD = 5 * 1024 * 1024;
const FIELDS = ['title', 'summary', 'plan', 'budget', 'disciplines', 'keywords', 'members'];

/** The file with a type the server accepts, or an error key. */
export function typedUpload(file: File): File | 'type' | 'size' {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  const type = UPLOAD_TYPES[ext];
  if (!type) return 'type';
  if (file.size > MAX_UPLOAD) return 'size';
  return file.type === type ? file : new File([file], file.name, { type });
}

export function ApplyModal(props: { call: CallDetail | null; onClose: () => void; onDone: (a: Application) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<FormValues>();
  const [files, setFiles] = useState<File[]>([]);
  const [orgs, setOrgs] = useState<Record<number, Organization>>({});
  const members = Form.useWatch('members', form);
  const c = props.call;
  const bid = c?.kind === 'challenge';

  useEffect(() => {
    if (!c) return;
    form.resetFields();
    setFiles([]);
    form.setFieldsValue({ members: [], disciplines: c.disciplines, keywords: c.keywords });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c?.id]);

  const jurisdictions = [
    ...new Set(
      [me?.organization.jurisdictionCode, ...(members ?? []).map((m) => (m?.organizationId ? orgs[m.organizationId]?.jurisdictionCode : undefined))].filter(
        (x): x is string => !!x,
      ),
    ),
  ].sort();

  const mutation = useMutation({
    mutationFn: async (v: FormValues) => {
      const a = await callsApi.apply(c!.id, {
        title: v.title.trim(),
        summary: v.summary.trim(),
        plan: v.plan?.trim() || undefined,
        budgetFen: yuanToFen(v.budget) ?? 0,
        disciplines: v.disciplines ?? [],
        keywords: v.keywords ?? [],
        members: (v.members ?? [])
          .filter((m) => m?.name?.trim() && m.organizationId)
          .map((m) => ({ name: m.name.trim(), organizationId: m.organizationId!, ...(m.role?.trim() ? { role: m.role.trim() } : {}) })),
      });
      let latest = a;
      const failed: string[] = [];
      for (const f of files) {
        try {
          latest = await callsApi.attach(c!.id, a.id, f);
        } catch (err) {
          failed.push(f.name);
          fb.error(err);
        }
      }
      return { app: latest, failed };
    },
    onSuccess: ({ app, failed }) => {
      fb.success(bid ? t('calls.apply.bidDone') : t('calls.apply.done'));
      if (failed.length) fb.info(t('calls.apply.someFilesFailed', { names: failed.join(t('common.listSep')) }));
      props.onDone(app);
    },
    onError: (err) => {
      // Field errors go on the fields; the rest (rules, integrity records) stay in the form.
      const anyField =
        err &&
        typeof err === 'object' &&
        'problem' in err &&
        Array.isArray((err as { problem: { errors?: unknown[] } }).problem.errors) &&
        (err as { problem: { errors: unknown[] } }).problem.errors.length > 0;
      if (anyField) fb.formError(form, err, FIELDS, { budgetFen: 'budget' });
    },
  });

  const addFile = (file: File) => {
    const typed = typedUpload(file);
    if (typed === 'type') return fb.error(new Error(t('calls.apply.fileType')));
    if (typed === 'size') return fb.error(new Error(t('calls.apply.fileSize')));
    setFiles((fs) => (fs.length >= 10 ? fs : [...fs, typed]));
  };

  const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', columnGap: 16 } as const;

  return (
    <Modal
      open={!!c}
      title={c ? (bid ? t('calls.apply.bidTitle', { title: c.title }) : t('calls.apply.title', { title: c.title })) : ''}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={bid ? t('calls.apply.bidSubmit') : t('calls.apply.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'apply-submit' }}
      cancelButtonProps={{ 'data-testid': 'apply-cancel' }}
      afterClose={() => mutation.reset()}
      destroyOnHidden
      width={780}
    >
      {c ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title={c.kind === 'joint_fund' ? t('calls.apply.jointHint') : bid ? t('calls.apply.bidHint') : t('calls.apply.hint')}
          description={t('calls.apply.noThresholds')}
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => mutation.mutate(v)}
        data-testid="apply-form"
        style={{ marginTop: 12 }}
        scrollToFirstError
      >
        <Form.Item
          name="title"
          label={bid ? t('calls.apply.bidName') : t('calls.apply.name')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('calls.form.required') }]}
        >
          <Input maxLength={300} data-testid="apply-title" />
        </Form.Item>
        <Form.Item name="summary" label={t('calls.apply.summary')} rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}>
          <Input.TextArea rows={3} maxLength={10000} data-testid="apply-summary" />
        </Form.Item>
        <Form.Item name="plan" label={t('calls.apply.plan')} extra={t('calls.apply.planHint')}>
          <Input.TextArea rows={3} maxLength={20000} data-testid="apply-plan" />
        </Form.Item>
        <div style={grid}>
          <Form.Item
            name="budget"
            label={t('calls.apply.budgetYuan')}
            extra={c ? t('calls.apply.budgetOf', { budget: formatFen(c.budgetFen) }) : undefined}
            rules={[{ required: true, message: t('calls.form.required') }]}
          >
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="apply-budget" />
          </Form.Item>
          <Form.Item
            name="disciplines"
            label={t('calls.disciplines')}
            rules={[
              {
                validator: (_, v: string[] | undefined) =>
                  (v ?? []).every((d) => DISCIPLINE_RE.test(d)) ? Promise.resolve() : Promise.reject(new Error(t('calls.form.disciplineInvalid'))),
              },
            ]}
          >
            <TagsInput testId="apply-disciplines" maxCount={20} />
          </Form.Item>
          <Form.Item name="keywords" label={t('calls.keywords')}>
            <TagsInput testId="apply-keywords" maxCount={30} />
          </Form.Item>
        </div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('calls.apply.team')}
        </Typography.Title>
        <Flex wrap gap={6} align="center" style={{ marginBottom: 8 }} data-testid="apply-lead">
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {t('calls.apply.lead')}
          </Tag>
          <Typography.Text>{me?.displayName}</Typography.Text>
          <Typography.Text type="secondary">
            {me?.organization.name} · {labels.jurisdiction(me?.organization.jurisdictionCode)}
          </Typography.Text>
        </Flex>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((f, i) => (
                <div
                  key={f.key}
                  style={{
                    display: 'grid',
                    gridTemplateColumns: isPhone ? 'minmax(0, 1fr) minmax(0, 1fr) auto' : 'minmax(0, 1fr) minmax(0, 1.6fr) minmax(0, 0.8fr) auto',
                    columnGap: 8,
                    paddingTop: isPhone && i > 0 ? 8 : 0,
                    borderTop: isPhone && i > 0 ? '1px dashed #e5e5e5' : undefined,
                  }}
                  data-testid={`apply-member-${i}`}
                >
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}
                    style={{ marginBottom: 12 }}
                  >
                    <Input
                      aria-label={t('calls.apply.memberName')}
                      placeholder={t('calls.apply.memberName')}
                      maxLength={100}
                      data-testid={`apply-member-name-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'organizationId']}
                    rules={[{ required: true, message: t('calls.apply.orgRequired') }]}
                    style={{ marginBottom: 12, gridColumn: isPhone ? '1 / 4' : undefined, gridRow: isPhone ? 2 : undefined }}
                  >
                    <OrgSelect
                      testId={`apply-member-org-${i}`}
                      excludeTypes={['government_department']}
                      onChange={(_id, org) => {
                        if (org) setOrgs((o) => ({ ...o, [org.id]: org }));
                      }}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'role']} style={{ marginBottom: 12 }}>
                    <Input
                      aria-label={t('calls.apply.memberRole')}
                      placeholder={t('calls.apply.memberRole')}
                      maxLength={50}
                      data-testid={`apply-member-role-${i}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() => remove(f.name)}
                    data-testid={`apply-member-remove-${i}`}
                  />
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', role: '' })}
                disabled={fields.length >= 49}
                data-testid="apply-member-add"
              >
                {t('calls.apply.addMember')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Flex wrap gap={4} align="center" style={{ margin: '8px 0 16px' }} data-testid="apply-jurisdictions" data-count={jurisdictions.length}>
          <Typography.Text type="secondary">{t('calls.apply.spans')}</Typography.Text>
          {jurisdictions.map((j) => (
            <Tag key={j} color="cyan" style={{ marginInlineEnd: 0 }}>
              {labels.jurisdictionShort(j)}
            </Tag>
          ))}
          {c?.kind === 'joint_fund' && jurisdictions.length < 2 ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('calls.apply.needTwo')}
            </Typography.Text>
          ) : null}
        </Flex>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('calls.attachments')}
        </Typography.Title>
        <Flex vertical gap={6}>
          <Flex wrap gap={8} align="center">
            <Upload
              accept=".pdf,.png,.jpg,.jpeg"
              multiple
              showUploadList={false}
              beforeUpload={(file) => {
                addFile(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} disabled={files.length >= 10} data-testid="apply-files">
                {t('calls.apply.chooseFiles')}
              </Button>
            </Upload>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('calls.apply.filesHint')}
            </Typography.Text>
          </Flex>
          {files.length ? (
            <List
              size="small"
              bordered
              dataSource={files}
              renderItem={(f, i) => (
                <List.Item
                  data-testid={`apply-file-${i}`}
                  actions={[
                    <Button
                      key="x"
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => setFiles((fs) => fs.filter((_, j) => j !== i))}
                    />,
                  ]}
                >
                  <span style={{ wordBreak: 'break-all' }}>
                    <PaperClipOutlined /> {f.name} <Typography.Text type="secondary">· {Math.max(1, Math.round(f.size / 1024))} KB</Typography.Text>
                  </span>
                </List.Item>
              )}
            />
          ) : null}
        </Flex>
      </Form>
      {mutation.error ? (
        <div style={{ marginTop: 16 }}>
          <ProblemAlert error={mutation.error} testId="apply-error" />
        </div>
      ) : null}
    </Modal>
  );
}
