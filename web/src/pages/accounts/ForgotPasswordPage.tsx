// /forgot-password: ask for a reset link by e-mail. The answer is the same whether or not the
// address has an account (the server never tells).
import { useState } from 'react';
import { Button, Form, Input, Result, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PublicShell } from '../../components/PublicShell';
import { useFeedback } from '../../components/feedback';
import { accountsApi } from '../../api/accounts';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ email: string }>();
  const fb = useFeedback();
  const [done, setDone] = useState<{ email: string; minutes: number } | null>(null);
  const send = useMutation({
    mutationFn: (v: { email: string }) => accountsApi.requestReset(v.email.trim()),
    onSuccess: (res, v) => setDone({ email: v.email.trim(), minutes: res.minutes }),
    onError: (err) => fb.formError(form, err, ['email']),
  });
  return (
    <PublicShell title={t('accounts.forgot.title')} testId="forgot-page">
      {done ? (
        <Result
          status="info"
          icon={<MailOutlined />}
          title={<span data-testid="forgot-done">{t('accounts.forgot.doneTitle')}</span>}
          subTitle={t('accounts.forgot.doneText', done)}
          extra={<Link to="/login">{t('accounts.backToLogin')}</Link>}
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('accounts.forgot.intro')}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)} size="large">
            <Form.Item
              name="email"
              label={t('accounts.forgot.email')}
              rules={[
                { required: true, message: t('accounts.required') },
                { type: 'email', message: t('accounts.emailInvalid') },
              ]}
            >
              <Input prefix={<MailOutlined />} autoComplete="email" inputMode="email" maxLength={200} data-testid="forgot-email" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={send.isPending} data-testid="forgot-submit">
              {t('accounts.forgot.submit')}
            </Button>
          </Form>
          <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
            <Link to="/login">{t('accounts.backToLogin')}</Link>
          </Typography.Paragraph>
        </>
      )}
    </PublicShell>
  );
}
