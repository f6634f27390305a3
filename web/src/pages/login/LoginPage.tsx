import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Table, Tag, Typography, App as AntApp } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { LangSwitch } from '../../app/layout/BasicLayout';
import { roleColor } from '../../components/roles';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { login, ME_KEY, useMe } from '../../app/session';
import type { Me } from '../../app/types';

export const DEMO_PASSWORD = 'Yrd@demo2025';

/** The demo accounts the seed creates (server/seed/demo.ts), in the README's order: every one is listed. */
export const DEMO_ACCOUNTS: { username: string; role: string }[] = [
  { username: 'admin', role: 'platform_admin' },
  { username: 'sh-admin', role: 'jurisdiction_admin' },
  { username: 'js-admin', role: 'jurisdiction_admin' },
  { username: 'zj-admin', role: 'jurisdiction_admin' },
  { username: 'ah-admin', role: 'jurisdiction_admin' },
  { username: 'sh-org-admin', role: 'org_admin' },
  { username: 'zj-org-admin', role: 'org_admin' },
  { username: 'js-org-admin', role: 'org_admin' },
  { username: 'ah-org-admin', role: 'org_admin' },
  { username: 'zj-svc-admin', role: 'org_admin' },
  { username: 'sh-svc-admin', role: 'org_admin' },
  { username: 'sh-member', role: 'member' },
  { username: 'zj-member', role: 'member' },
  { username: 'ah-member', role: 'member' },
  { username: 'js-expert', role: 'expert' },
  { username: 'ah-expert', role: 'expert' },
  { username: 'sh-expert', role: 'expert' },
  { username: 'zj-expert', role: 'expert' },
];

interface LoginForm {
  username: string;
  password: string;
}

function safeRedirect(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/login') ? target : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginForm>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const { message } = AntApp.useApp();
  const [problem, setProblem] = useState<{ title: string; detail?: string } | null>(null);

  const mutation = useMutation({
    mutationFn: (v: LoginForm) => login(v.username.trim(), v.password),
    onSuccess: (res) => {
      setProblem(null);
      qc.setQueryData<Me | null>(ME_KEY, res.user);
      void message.success(t('login.welcome', { name: res.user.displayName }));
      navigate(safeRedirect(params.get('redirect')), { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError) setProblem({ title: err.problem.title, detail: err.problem.detail });
      else setProblem({ title: t('error.generic'), detail: String(err) });
    },
  });

  if (me) return <Navigate to={safeRedirect(params.get('redirect'))} replace />;

  return (
    <div
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(135deg, #0f2a4a 0%, #1f5fbf 55%, #3fa9f5 100%)',
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <Flex justify="flex-end" style={{ padding: isPhone ? 8 : 16 }}>
        <LangSwitch dark />
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: isPhone ? '0 12px 24px' : '0 24px 48px' }}>
        <Flex gap={24} wrap justify="center" align="stretch" style={{ width: '100%', maxWidth: 920 }}>
          <Card style={{ flex: '1 1 340px', maxWidth: 420 }} styles={{ body: { padding: isPhone ? 20 : 32 } }}>
            <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
              <img src="/favicon.svg" alt="" width={48} height={48} />
              <Typography.Title level={3} style={{ margin: '8px 0 0', textAlign: 'center' }} data-testid="login-title">
                {t('app.name')}
              </Typography.Title>
              <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
                {t('app.nameAlt')}
              </Typography.Text>
            </Flex>
            {problem ? (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="login-error"
                title={<span data-testid="login-error-title">{problem.title}</span>}
                description={problem.detail ? <span data-testid="login-error-detail">{problem.detail}</span> : undefined}
              />
            ) : null}
            <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => mutation.mutate(v)} size="large">
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
                <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={mutation.isPending} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
            <Flex justify="space-between" wrap gap={8} style={{ marginTop: 16 }}>
              <Link to="/forgot-password" data-testid="login-forgot">
                {t('accounts.forgotLink')}
              </Link>
              <Link to="/register" data-testid="login-register">
                {t('accounts.registerLink')}
              </Link>
            </Flex>
          </Card>
          <Card title={t('login.demoTitle')} style={{ flex: '1 1 340px', maxWidth: 420 }} styles={{ body: { paddingTop: 12 } }} data-testid="demo-accounts">
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('login.demoHint', { password: DEMO_PASSWORD })}{' '}
              <Typography.Text code copyable data-testid="demo-password">
                {DEMO_PASSWORD}
              </Typography.Text>
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="username"
              pagination={false}
              dataSource={DEMO_ACCOUNTS}
              columns={[
                {
                  title: t('login.demoAccount'),
                  dataIndex: 'username',
                  render: (u: string) => (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      data-testid={`demo-account-${u}`}
                      onClick={() => form.setFieldsValue({ username: u, password: DEMO_PASSWORD })}
                    >
                      {u}
                    </Button>
                  ),
                },
                {
                  title: t('login.demoRole'),
                  dataIndex: 'role',
                  render: (r: string) => <Tag color={roleColor(r)}>{labels.role(r)}</Tag>,
                },
              ]}
            />
          </Card>
        </Flex>
      </Flex>
    </div>
  );
}
