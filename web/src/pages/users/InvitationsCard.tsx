// An organisation's invitations (issue 15), under its admin's user list: invite by e-mail (the
// link is shown once, to pass on), see who accepted, revoke what is still open.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { accountsApi, type CreatedInvitation, type Invitation } from '../../api/accounts';

const STATE_COLORS: Record<string, string> = { open: 'processing', accepted: 'success', revoked: 'default', expired: 'warning' };

export function InvitationsCard(props: { orgId: number }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [form] = Form.useForm<{ email: string; expiresInDays: number }>();
  const key = ['invitations', props.orgId, page];
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => accountsApi.invitations(props.orgId, { page, pageSize: 10 }, signal) });
  const invalidate = () => qc.invalidateQueries({ queryKey: ['invitations', props.orgId] });

  const invite = useMutation({
    mutationFn: (v: { email: string; expiresInDays: number }) => accountsApi.invite(props.orgId, { email: v.email.trim(), expiresInDays: v.expiresInDays }),
    onSuccess: (inv) => {
      fb.success(t('accounts.inv.sent', { email: inv.email }));
      setCreated(inv);
      void invalidate();
    },
    onError: (err) => fb.formError(form, err, ['email', 'expiresInDays']),
  });
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => accountsApi.revokeInvitation(props.orgId, inv.id),
    onSuccess: () => {
      fb.success(t('accounts.inv.revoked'));
      void invalidate();
    },
    onError: (err) => fb.error(err),
  });

  const close = () => {
    setOpen(false);
    setCreated(null);
    form.resetFields();
  };

  return (
    <Card
      title={t('accounts.inv.title')}
      style={{ marginTop: 16 }}
      data-testid="invitations-card"
      extra={
        <Button type="primary" icon={<MailOutlined />} onClick={() => setOpen(true)} data-testid="invite-open">
          {t('accounts.inv.invite')}
        </Button>
      }
    >
      <Table<Invitation>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('accounts.inv.empty') }}
        scroll={isPhone ? { x: 'max-content' } : undefined}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `invitation-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'email', dataIndex: 'email', title: t('accounts.inv.email') },
          {
            key: 'state',
            title: t('common.status'),
            render: (_: unknown, r) => (
              <Flex vertical gap={0} align="flex-start">
                <Tag color={STATE_COLORS[r.state]} data-testid={`invitation-state-${r.id}`}>
                  {t(`accounts.inv.state.${r.state as 'open'}`)}
                </Tag>
                {r.acceptedUsername ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('accounts.inv.acceptedAs', { username: r.acceptedUsername })}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'expiresAt',
            title: t('accounts.inv.expiresAt'),
            render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(r.expiresAt)}</span>,
          },
          { key: 'by', dataIndex: 'createdByName', title: t('accounts.inv.invitedBy'), responsive: ['md'] },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, r) =>
              r.state === 'open' ? (
                <Popconfirm
                  title={t('accounts.inv.revokeConfirm', { email: r.email })}
                  okText={t('accounts.inv.revoke')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'invitation-revoke-confirm' }}
                  onConfirm={() => revoke.mutateAsync(r).catch(() => undefined)}
                >
                  <Button size="small" type="link" danger data-testid={`invitation-revoke-${r.id}`}>
                    {t('accounts.inv.revoke')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Modal
        open={open}
        title={t('accounts.inv.inviteTitle')}
        onCancel={close}
        destroyOnHidden
        footer={
          created ? (
            <Button onClick={close}>{t('common.close')}</Button>
          ) : (
            <Flex justify="flex-end" gap={8}>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button type="primary" loading={invite.isPending} onClick={() => form.submit()} data-testid="invite-send">
                {t('accounts.inv.send')}
              </Button>
            </Flex>
          )
        }
      >
        {created ? (
          <Alert
            type="success"
            showIcon
            title={t('accounts.inv.sent', { email: created.email })}
            description={
              <>
                <div>{t('accounts.inv.linkNote')}</div>
                <Typography.Text copyable code style={{ wordBreak: 'break-all' }} data-testid="invite-link">
                  {created.link}
                </Typography.Text>
              </>
            }
          />
        ) : (
          <Form form={form} layout="vertical" initialValues={{ expiresInDays: 7 }} onFinish={(v) => invite.mutate(v)}>
            <Form.Item
              name="email"
              label={t('accounts.inv.email')}
              rules={[
                { required: true, message: t('accounts.required') },
                { type: 'email', message: t('accounts.emailInvalid') },
              ]}
            >
              <Input maxLength={200} inputMode="email" data-testid="invite-email" />
            </Form.Item>
            <Form.Item name="expiresInDays" label={t('accounts.inv.days')}>
              <InputNumber min={1} max={30} precision={0} data-testid="invite-days" />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
