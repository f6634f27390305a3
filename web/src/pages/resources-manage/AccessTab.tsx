// Access requests to one data set or germplasm resource I run: approve or reject, with a note.
import { useState } from 'react';
import { Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { accessRequestsApi, type AccessRequest } from '../../api/resources';
import { StatusTag } from '../../components/resources/tags';
import { ListPage } from '../../components/ListPage';

const PARAMS = { status: 'string' } as const;

export function AccessTab(props: { resourceId: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<{ request: AccessRequest; decision: 'approve' | 'reject' } | null>(null);
  const [form] = Form.useForm<{ note?: string }>();

  const decide = useMutation({
    mutationFn: (v: { request: AccessRequest; decision: 'approve' | 'reject'; note?: string }) => accessRequestsApi.decide(v.request.id, v.decision, v.note),
    onSuccess: (a) => {
      fb.success(`${labels.accessStatus(a.status)} #${a.id}`);
      setDialog(null);
      void qc.invalidateQueries({ queryKey: ['access-requests'] });
    },
    onError: (err) => fb.error(err),
  });

  return (
    <ListPage<AccessRequest, typeof PARAMS>
      testId="manage-access"
      testPrefix="access"
      queryKey={['access-requests', 'managed']}
      fetch={(q, signal) => accessRequestsApi.list({ ...q, scope: 'managed', resourceId: props.resourceId }, signal)}
      params={PARAMS}
      defaults={{ status: 'requested' }}
      // The resource's page keeps its tab and resource in the address.
      prefix="access."
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 140,
          phoneWidth: '100%',
          options: (['requested', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: labels.accessStatus(s) })),
        },
      ]}
      refresh={false}
      reset={false}
      toolbar={<Typography.Text type="secondary">{t('manage.access.hint')}</Typography.Text>}
      rowKey="id"
      rowTestId="manage-access-row"
      scrollX={820}
      phoneScroll
      columns={[
        {
          key: 'resource',
          title: t('myBookings.resource'),
          width: 200,
          render: (_: unknown, a) => <Link to={`/resources/${a.resourceId}`}>{a.resourceName ?? `#${a.resourceId}`}</Link>,
        },
        {
          key: 'applicant',
          title: t('manage.access.applicant'),
          width: 200,
          render: (_: unknown, a) => (
            <Flex vertical gap={0}>
              <Typography.Text strong>{a.userName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.organizationName}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: 'purpose', dataIndex: 'purpose', title: t('myBookings.purpose'), ellipsis: true },
        {
          key: 'status',
          title: t('common.status'),
          width: 90,
          render: (_: unknown, a) => <StatusTag status={a.status} label={labels.accessStatus(a.status)} testId={`manage-access-status-${a.id}`} />,
        },
        { key: 'createdAt', title: t('common.createdAt'), width: 140, responsive: ['lg'], render: (_: unknown, a) => formatTime(a.createdAt) },
        {
          key: 'actions',
          title: t('common.actions'),
          width: 170,
          render: (_: unknown, a) =>
            a.status === 'requested' ? (
              <Flex gap={6}>
                <Button
                  size="small"
                  type="primary"
                  icon={<CheckOutlined />}
                  data-testid={`manage-access-approve-${a.id}`}
                  onClick={() => {
                    form.resetFields();
                    setDialog({ request: a, decision: 'approve' });
                  }}
                >
                  {t('manage.access.approve')}
                </Button>
                <Button
                  size="small"
                  danger
                  icon={<CloseOutlined />}
                  data-testid={`manage-access-reject-${a.id}`}
                  onClick={() => {
                    form.resetFields();
                    setDialog({ request: a, decision: 'reject' });
                  }}
                >
                  {t('manage.access.reject')}
                </Button>
              </Flex>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.decisionNote || t('manage.access.decided')}
              </Typography.Text>
            ),
        },
      ]}
    >
      <Modal
        open={!!dialog}
        title={`${dialog?.decision === 'reject' ? t('manage.access.reject') : t('manage.access.approve')} · ${dialog?.request.resourceName ?? ''}`}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okText={dialog?.decision === 'reject' ? t('manage.access.reject') : t('manage.access.approve')}
        okButtonProps={{ danger: dialog?.decision === 'reject', 'data-testid': 'access-decision-submit' }}
        cancelText={t('common.cancel')}
        confirmLoading={decide.isPending}
        destroyOnHidden
      >
        {dialog ? (
          <Form form={form} layout="vertical" onFinish={(v) => decide.mutate({ ...dialog, note: v.note?.trim() || undefined })}>
            <Typography.Paragraph type="secondary">
              {dialog.request.userName} · {dialog.request.purpose}
            </Typography.Paragraph>
            <Form.Item name="note" label={t('manage.note')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="access-decision-note" />
            </Form.Item>
          </Form>
        ) : null}
      </Modal>
    </ListPage>
  );
}
