// /invite/<token>: the invitee sees which organisation invited them, chooses a username, name and
// password, and becomes an active member. A used, revoked or expired link is said so plainly.
import { useState } from 'react';
import { Button, Form, Input, Result, Spin, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { formatTime } from '../../app/time';
import { useMe } from '../../app/session';
import { PublicShell } from '../../components/PublicShell';
import { useFeedback } from '../../components/feedback';
import { accountsApi } from '../../api/accounts';

interface AcceptForm {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

export default function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [form] = Form.useForm<AcceptForm>();
  const fb = useFeedback();
  const [done, setDone] = useState<{ username: string; organizationName: string } | null>(null);
  // The preview is a POST: someone signed in sends it with the session's CSRF token, known once /me answered.
  const session = useMe();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => accountsApi.previewInvitation(token),
    retry: false,
    enabled: !session.isPending,
  });
  const accept = useMutation({
    mutationFn: ({ confirm: _c, ...v }: AcceptForm) => accountsApi.acceptInvitation({ ...v, token, username: v.username.trim().toLowerCase() }),
    onSuccess: (res) => setDone(res),
    onError: (err) => fb.formError(form, err, ['username', 'displayName', 'password']),
  });
  const req = [{ required: true, whitespace: true, message: t('accounts.required') }];

  let body: React.ReactNode;
  if (done) {
    body = (
      <Result
        status="success"
        title={<span data-testid="invite-done">{t('accounts.accept.doneTitle')}</span>}
        subTitle={t('accounts.accept.doneText', { org: done.organizationName, username: done.username })}
        extra={
          <Link to="/login">
            <Button type="primary">{t('accounts.toLogin')}</Button>
          </Link>
        }
      />
    );
  } else if (preview.isPending) {
    body = <Spin style={{ display: 'block', margin: '24px auto' }} />;
  } else if (preview.isError) {
    const p = preview.error instanceof ApiError ? preview.error.problem : null;
    body = (
      <Result
        status="warning"
        title={<span data-testid="invite-problem">{p?.title ?? t('error.generic')}</span>}
        subTitle={p?.detail}
        extra={<Link to="/login">{t('accounts.backToLogin')}</Link>}
      />
    );
  } else {
    const inv = preview.data;
    body = (
      <>
        <Typography.Paragraph data-testid="invite-intro">
          {t('accounts.accept.intro', { org: inv.organizationName, email: inv.email, time: formatTime(inv.expiresAt) })}
        </Typography.Paragraph>
        <Form<AcceptForm> form={form} layout="vertical" onFinish={(v) => accept.mutate(v)}>
          <Form.Item name="username" label={t('accounts.reg.username')} extra={t('accounts.reg.usernameHint')} rules={req}>
            <Input maxLength={64} autoComplete="username" data-testid="invite-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('accounts.accept.displayName')} rules={req}>
            <Input maxLength={100} autoComplete="name" data-testid="invite-display-name" />
          </Form.Item>
          <Form.Item name="password" label={t('accounts.reg.password')} extra={t('accounts.passwordHint')} rules={req}>
            <Input.Password maxLength={256} autoComplete="new-password" data-testid="invite-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('accounts.confirmPassword')}
            dependencies={['password']}
            rules={[
              ...req,
              ({ getFieldValue }) => ({
                validator: (_r, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('accounts.passwordsDiffer')))),
              }),
            ]}
          >
            <Input.Password maxLength={256} autoComplete="new-password" data-testid="invite-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={accept.isPending} data-testid="invite-submit">
            {t('accounts.accept.submit')}
          </Button>
        </Form>
      </>
    );
  }
  return (
    <PublicShell title={t('accounts.accept.title')} testId="invite-page">
      {body}
    </PublicShell>
  );
}
