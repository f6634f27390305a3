// /organizations/registrations: organisations that registered themselves, for the admins of
// their jurisdiction (the platform admin: all) to approve or reject with a reason (issue 15).
import { useState } from 'react';
import { Button, Flex, Form, Input, Modal, Popconfirm, Tag, Typography, type TableProps } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatTime } from '../../app/time';
import { ListPage, timeColumn } from '../../components/ListPage';
import { useFeedback } from '../../components/feedback';
import { accountsApi, type Registration } from '../../api/accounts';

const PARAMS = { status: 'string', jurisdiction: 'string' } as const;
const STATUS_COLORS: Record<string, string> = { pending: 'processing', approved: 'success', rejected: 'error' };

export default function RegistrationsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [rejecting, setRejecting] = useState<Registration | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['registrations'] });
    void qc.invalidateQueries({ queryKey: ['organizations'] });
    void qc.invalidateQueries({ queryKey: ['users'] });
  };

  const approve = useMutation({
    mutationFn: (r: Registration) => accountsApi.approve(r.id),
    onSuccess: (r) => {
      fb.success(t('accounts.regs.approved', { name: r.organizationName }));
      invalidate();
    },
    onError: (err) => fb.error(err),
  });
  const reject = useMutation({
    mutationFn: (v: { r: Registration; reason: string }) => accountsApi.reject(v.r.id, v.reason),
    onSuccess: (r) => {
      fb.success(t('accounts.regs.rejected', { name: r.organizationName }));
      setRejecting(null);
      form.resetFields();
      invalidate();
    },
    onError: (err) => fb.formError(form, err, ['reason']),
  });

  const status = (r: Registration) => (
    <Tag color={STATUS_COLORS[r.status]} data-testid={`reg-status-${r.id}`} style={{ marginInlineEnd: 0 }}>
      {t(`accounts.regs.status.${r.status as 'pending'}`)}
    </Tag>
  );

  const columns: TableProps<Registration>['columns'] = [
    {
      key: 'organization',
      title: t('accounts.regs.organization'),
      width: 240,
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong data-testid={`reg-org-${r.id}`}>
            {r.organizationName}
          </Typography.Text>
          <code>{r.uscc}</code>
          <Flex wrap gap={4}>
            <Tag style={{ marginInlineEnd: 0 }}>{labels.orgType(r.organizationType)}</Tag>
            <Tag style={{ marginInlineEnd: 0 }}>{labels.jurisdiction(r.jurisdictionCode)}</Tag>
            {isPhone ? status(r) : null}
          </Flex>
          {isPhone ? (
            // On phones the contact column is folded in here.
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.contactName} · {r.contactPhone} · {r.contactEmail} · <code>{r.username}</code>
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'contact',
      title: t('accounts.regs.contact'),
      width: 200,
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Flex vertical gap={0}>
          <span>{r.contactName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.contactPhone}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.contactEmail}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'username', dataIndex: 'username', title: t('accounts.regs.username'), width: 150, responsive: ['md'], render: (v: string) => <code>{v}</code> },
    timeColumn('createdAt', t('accounts.regs.submittedAt'), { sorter: true, width: 140, responsive: ['sm'] }),
    {
      key: 'status',
      title: t('common.status'),
      width: 160,
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="flex-start">
          {status(r)}
          {r.decidedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('accounts.regs.decidedBy', { name: r.decidedByName ?? '—', time: formatTime(r.decidedAt) })}
            </Typography.Text>
          ) : null}
          {r.reason ? <Typography.Text style={{ fontSize: 12 }}>{r.reason}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: isPhone ? 90 : 170,
      fixed: isPhone ? undefined : 'right',
      render: (_: unknown, r) =>
        r.status === 'pending' ? (
          <Flex gap={4} wrap>
            <Popconfirm
              title={t('accounts.regs.approveConfirm', { name: r.organizationName })}
              okText={t('accounts.regs.approve')}
              cancelText={t('common.cancel')}
              okButtonProps={{ 'data-testid': 'reg-approve-confirm' }}
              onConfirm={() => approve.mutateAsync(r).catch(() => undefined)}
            >
              <Button size="small" type="primary" icon={<CheckOutlined />} data-testid={`reg-approve-${r.id}`}>
                {t('accounts.regs.approve')}
              </Button>
            </Popconfirm>
            <Button size="small" danger icon={<CloseOutlined />} data-testid={`reg-reject-${r.id}`} onClick={() => setRejecting(r)}>
              {t('accounts.regs.reject')}
            </Button>
          </Flex>
        ) : null,
    },
  ];

  return (
    <ListPage<Registration, typeof PARAMS>
      testId="registrations-page"
      title={t('accounts.regs.title')}
      subtitle={t('accounts.regs.subtitle')}
      testPrefix="reg"
      queryKey={['registrations']}
      fetch={accountsApi.registrations}
      params={PARAMS}
      defaults={{ status: 'pending' }}
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 120,
          options: (['pending', 'approved', 'rejected'] as const).map((v) => ({ value: v, label: t(`accounts.regs.status.${v}`) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="reg-row"
      scrollX={1060}
    >
      <Modal
        open={rejecting !== null}
        title={rejecting ? t('accounts.regs.rejectTitle', { name: rejecting.organizationName }) : ''}
        okText={t('accounts.regs.reject')}
        okButtonProps={{ danger: true, loading: reject.isPending, 'data-testid': 'reg-reject-submit' }}
        cancelText={t('common.cancel')}
        onCancel={() => setRejecting(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => rejecting && reject.mutate({ r: rejecting, reason: v.reason })}>
          <Form.Item
            name="reason"
            label={t('accounts.regs.reason')}
            extra={t('accounts.regs.reasonHint')}
            rules={[{ required: true, whitespace: true, message: t('accounts.required') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="reg-reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
