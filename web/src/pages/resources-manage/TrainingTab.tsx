// Training authorisations of a resource: who may book self-operation, until when; grant by
// username with an expiry date (inclusive, Beijing time), revoke.
import { Button, DatePicker, Flex, Form, Input, Popconfirm, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { dayjs, formatDate, formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { rowTestId } from '../../components/testids';
import { resourcesApi, type TrainingAuthorization } from '../../api/resources';

interface GrantForm {
  username: string;
  expiresOn: Dayjs;
  note?: string;
}

export function TrainingTab(props: { resourceId: number }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<GrantForm>();
  const key = ['training', props.resourceId];
  const list = useQuery({ queryKey: key, queryFn: () => resourcesApi.training(props.resourceId) });

  const grant = useMutation({
    mutationFn: (v: GrantForm) =>
      resourcesApi.grantTraining(props.resourceId, {
        username: v.username.trim(),
        expiresOn: v.expiresOn.format('YYYY-MM-DD'),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      }),
    onSuccess: (a) => {
      fb.success(`${t('manage.training.granted')}: ${a.displayName}`);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => fb.formError(form, err, ['username', 'expiresOn', 'note']),
  });
  const revoke = useMutation({
    mutationFn: (a: TrainingAuthorization) => resourcesApi.revokeTraining(props.resourceId, a.id),
    onSuccess: () => {
      fb.success(t('manage.training.revoked'));
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => fb.error(err),
  });

  return (
    <div data-testid="manage-training">
      <Typography.Paragraph type="secondary">{t('manage.training.hint')}</Typography.Paragraph>
      <Form<GrantForm>
        form={form}
        layout={isPhone ? 'vertical' : 'inline'}
        onFinish={(v) => grant.mutate(v)}
        style={{ marginBottom: 16, rowGap: 8 }}
        data-testid="training-form"
      >
        <Form.Item
          name="username"
          label={t('manage.training.username')}
          rules={[{ required: true, whitespace: true, message: t('manage.training.usernameRequired') }]}
        >
          <Input maxLength={64} style={{ width: isPhone ? '100%' : 160 }} data-testid="training-username" />
        </Form.Item>
        <Form.Item name="expiresOn" label={t('manage.training.expiresOn')} rules={[{ required: true, message: t('manage.training.dateRequired') }]}>
          <DatePicker style={{ width: isPhone ? '100%' : 150 }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} data-testid="training-expires" />
        </Form.Item>
        <Form.Item name="note" label={t('manage.training.note')}>
          <Input maxLength={300} style={{ width: isPhone ? '100%' : 180 }} data-testid="training-note" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={grant.isPending} data-testid="training-grant">
            {t('manage.training.grant')}
          </Button>
        </Form.Item>
      </Form>
      <Table<TrainingAuthorization>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: isPhone ? 'max-content' : undefined }}
        onRow={(a) => rowTestId('training-row', a.id)}
        columns={[
          {
            key: 'user',
            title: t('manage.training.user'),
            render: (_: unknown, a) => (
              <Flex vertical gap={0}>
                <Typography.Text strong>
                  {a.displayName} <code>{a.username}</code>
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.organizationName}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'expires',
            title: t('manage.training.expiresOn'),
            width: 120,
            // Valid through the end of the expiry day: the server stores the next midnight.
            render: (_: unknown, a) => formatDate(new Date(Date.parse(a.expiresAt) - 1).toISOString()),
          },
          {
            key: 'valid',
            title: t('common.status'),
            width: 90,
            render: (_: unknown, a) => (
              <Tag color={a.valid ? 'green' : 'default'} data-testid={`training-valid-${a.id}`}>
                {a.revokedAt ? t('manage.training.revoked') : a.valid ? t('manage.training.valid') : t('manage.training.invalid')}
              </Tag>
            ),
          },
          { key: 'granted', title: t('manage.training.grantedAt'), width: 140, responsive: ['md'], render: (_: unknown, a) => formatTime(a.grantedAt) },
          { key: 'note', dataIndex: 'note', title: t('manage.training.note'), responsive: ['lg'] },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 90,
            render: (_: unknown, a) =>
              a.revokedAt ? null : (
                <Popconfirm
                  title={t('manage.training.revokeConfirm')}
                  okText={t('manage.training.revoke')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'training-revoke-confirm' }}
                  onConfirm={() => revoke.mutateAsync(a).catch(() => undefined)}
                >
                  <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid={`training-revoke-${a.id}`}>
                    {t('manage.training.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </div>
  );
}
