// The applications queue (administrators): filter by programme and status, sort by date, page;
// approve (the amount defaults to the one requested; the budget is committed at once) or reject.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Modal, Typography, type TableProps } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { fenToYuan, formatFen, yuanToFen } from '../../app/money';
import { PageHeader } from '../../components/PageHeader';
import { ListPage, timeColumn } from '../../components/ListPage';
import { useFeedback } from '../../components/feedback';
import { ReasonModal, VStatusTag } from '../../components/vouchers/tags';
import { APPLICATION_STATUSES, applicationsApi, type Application } from '../../api/vouchers';
import { ProgramSelect } from './ProgramSelect';

export default function ApplicationsPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="applications-page">
      <PageHeader title={t('applications.title')} subtitle={t('applications.subtitle')} />
      <Card styles={{ body: { padding: 16 } }}>
        <ApplicationsPanel defaultStatus="submitted" />
      </Card>
    </div>
  );
}

const PARAMS = { programId: 'number', status: 'string' } as const;

/** The queue; with `programId` fixed, the applications of one programme (its detail page). */
export function ApplicationsPanel(props: { programId?: number; defaultStatus?: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [approving, setApproving] = useState<Application | null>(null);
  const [rejecting, setRejecting] = useState<Application | null>(null);

  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['voucher-applications'] });
    void qc.invalidateQueries({ queryKey: ['voucher-programs'] });
    void qc.invalidateQueries({ queryKey: ['voucher-program'] });
    void qc.invalidateQueries({ queryKey: ['vouchers'] });
  };

  const actions = (a: Application) =>
    a.status === 'submitted' && access.canAdministerVouchers(a.jurisdictionCode) ? (
      <Flex gap={4} wrap>
        <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setApproving(a)} data-testid={`application-approve-${a.id}`}>
          {t('applications.approve')}
        </Button>
        <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(a)} data-testid={`application-reject-${a.id}`}>
          {t('applications.reject')}
        </Button>
      </Flex>
    ) : null;

  const columns: TableProps<Application>['columns'] = [
    {
      key: 'applicant',
      title: t('applications.applicant'),
      width: isPhone ? 200 : 240,
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong data-testid={`application-org-${a.id}`}>
            {a.applicantOrgName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.applicantName} · {labels.applicantKind(a.applicantKind)}
            {a.teamName ? `（${a.teamName}）` : ''}
          </Typography.Text>
          {props.programId ? null : (
            <Link to={`/vouchers/programs/${a.programId}`} style={{ fontSize: 12 }}>
              {a.programName}
            </Link>
          )}
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('applications.requested')} {formatFen(a.requestedFen)}
                {a.approvedFen != null ? ` · ${t('applications.approved')} ${formatFen(a.approvedFen)}` : ''}
              </Typography.Text>
              {actions(a)}
            </>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'purpose',
      title: t('applications.purpose'),
      width: 220,
      responsive: ['md'],
      render: (_: unknown, a) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: a.purpose }} style={{ marginBottom: 0, maxWidth: 320 }}>
          {a.purpose}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'requested',
      title: t('applications.requested'),
      sorter: true,
      width: 120,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, a) => <span data-testid={`application-requested-${a.id}`}>{formatFen(a.requestedFen)}</span>,
    },
    {
      key: 'approved',
      title: t('applications.approvedAmount'),
      width: 120,
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, a) => (a.approvedFen != null ? formatFen(a.approvedFen) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="flex-start">
          <VStatusTag status={a.status} label={labels.applicationStatus(a.status)} testId={`application-status-${a.id}`} />
          {a.decisionNote ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 120 }} ellipsis={{ tooltip: a.decisionNote }}>
              {a.decisionNote}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    timeColumn('createdAt', t('applications.submittedAt'), { sorter: true, responsive: ['lg'] }),
    { key: 'actions', title: t('common.actions'), width: 180, responsive: ['sm'], render: (_: unknown, a) => actions(a) },
  ];

  return (
    <ListPage<Application, typeof PARAMS>
      testId="applications-panel"
      testPrefix="applications"
      queryKey={['voucher-applications']}
      fetch={(q, signal) => applicationsApi.list({ ...q, scope: 'managed', programId: props.programId ?? q.programId }, signal)}
      params={PARAMS}
      defaults={{ status: props.defaultStatus }}
      defaultSort="-createdAt"
      // A programme's page shows its vouchers too.
      prefix={props.programId ? 'applications.' : undefined}
      filters={[
        !props.programId && {
          kind: 'custom',
          key: 'programId',
          testId: 'applications-filter-program',
          render: ({ value, onChange, testId }) => (
            <ProgramSelect value={value as number | undefined} onChange={onChange} testId={testId} style={{ width: isPhone ? '100%' : 260 }} />
          ),
        },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          options: APPLICATION_STATUSES.map((s) => ({ value: s, label: labels.applicationStatus(s) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="application-row"
      scrollX={980}
      phoneScroll
    >
      <ApproveModal
        application={approving}
        onClose={() => setApproving(null)}
        onDone={() => {
          setApproving(null);
          invalidate();
        }}
      />
      <ReasonModal
        open={!!rejecting}
        title={t('applications.rejectTitle', { org: rejecting?.applicantOrgName ?? '' })}
        label={t('applications.rejectNote')}
        required
        danger
        okText={t('applications.reject')}
        testPrefix="reject"
        onSubmit={async (note) => {
          await applicationsApi.reject(rejecting!.id, note);
          fb.success(t('applications.rejected'));
          invalidate();
        }}
        onClose={() => setRejecting(null)}
      />
    </ListPage>
  );
}

function ApproveModal(props: { application: Application | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const [form] = Form.useForm<{ amount: number; note?: string }>();
  const a = props.application;
  useEffect(() => {
    if (a) form.setFieldsValue({ amount: fenToYuan(a.requestedFen) ?? undefined, note: '' });
  }, [a, form]);
  const mutation = useMutation({
    mutationFn: (v: { amount: number; note?: string }) => applicationsApi.approve(a!.id, yuanToFen(v.amount) ?? 0, v.note?.trim() || undefined),
    onSuccess: (res) => {
      fb.success(t('applications.approvedMsg', { code: res.voucher?.code ?? '' }));
      props.onDone();
    },
  });
  const err = mutation.error instanceof ApiError ? mutation.error.problem : null;
  return (
    <Modal
      open={!!a}
      title={t('applications.approveTitle', { org: a?.applicantOrgName ?? '' })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('applications.approve')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'approve-submit' }}
      afterClose={() => mutation.reset()}
      destroyOnHidden
    >
      {a ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {a.programName} · {t('applications.requested')} {formatFen(a.requestedFen)}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item
          name="amount"
          label={t('applications.amountYuan')}
          extra={t('applications.amountHint')}
          rules={[{ required: true, message: t('programs.amountRequired') }]}
        >
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="approve-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('applications.note')}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="approve-note" />
        </Form.Item>
      </Form>
      {err ? <Alert type="error" showIcon title={err.title} description={err.detail} data-testid="approve-error" /> : null}
    </Modal>
  );
}
