import { useState } from 'react';
import { Alert, Button, Flex, Form, App as AntApp } from 'antd';
// The two inputs straight from their modules: antd's Input barrel also brings TextArea, Search and OTP.
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { LangSwitch } from '../../app/layout/LangSwitch';
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
          {/* Plain panels rather than antd's Card, which brings Tabs, Menu and Dropdown with it (~30 kB on the first page). */}
          <section className="yrd-panel" style={{ flex: '1 1 340px', maxWidth: 420, padding: isPhone ? 20 : 32 }} aria-labelledby="login-title">
            <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
              <img src="/favicon.svg" alt="" width={48} height={48} />
              {/* Plain elements rather than antd's Typography: this page is the first a visitor loads (npm run bench -- web). */}
              <h1 id="login-title" className="yrd-login-title" data-testid="login-title">
                {t('app.name')}
              </h1>
              <span className="yrd-secondary" style={{ textAlign: 'center' }}>
                {t('app.nameAlt')}
              </span>
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
                <Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
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
          </section>
          <section className="yrd-panel" style={{ flex: '1 1 340px', maxWidth: 420 }} data-testid="demo-accounts" aria-labelledby="demo-accounts-title">
            <h2 className="yrd-panel-title" id="demo-accounts-title">
              {t('login.demoTitle')}
            </h2>
            <div className="yrd-panel-body">
              <p className="yrd-secondary" style={{ fontSize: 13, marginTop: 0 }}>
                {t('login.demoHint', { password: DEMO_PASSWORD })} <code data-testid="demo-password">{DEMO_PASSWORD}</code>
              </p>
              {/* A plain table: the sign-in page is the first a visitor loads, and antd's Table would add ~70 kB. */}
              <table className="yrd-plain-table" data-testid="demo-accounts-table">
                <thead>
                  <tr>
                    <th scope="col">{t('login.demoAccount')}</th>
                    <th scope="col">{t('login.demoRole')}</th>
                  </tr>
                </thead>
                <tbody>
                  {DEMO_ACCOUNTS.map((a) => (
                    <tr key={a.username} data-row-key={a.username}>
                      <td>
                        <Button
                          type="link"
                          size="small"
                          style={{ padding: 0, height: 'auto' }}
                          data-testid={`demo-account-${a.username}`}
                          onClick={() => form.setFieldsValue({ username: a.username, password: DEMO_PASSWORD })}
                        >
                          {a.username}
                        </Button>
                      </td>
                      <td>
                        <span className={`yrd-tag yrd-tag-${roleColor(a.role)}`}>{labels.role(a.role)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </Flex>
      </Flex>
    </div>
  );
}
