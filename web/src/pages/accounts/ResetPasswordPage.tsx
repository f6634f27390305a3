// /reset-password/<token>: set a new password with the link from the e-mail. A used, expired or
// unknown link is said so plainly, with the way to ask for a new one.
import { useState } from 'react';
import { Alert, Button, Form, Input, Result, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { PublicShell } from '../../components/PublicShell';
import { useFeedback } from '../../components/feedback';
import { accountsApi } from '../../api/accounts';

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const fb = useFeedback();
  const [done, setDone] = useState(false);
  const [linkProblem, setLinkProblem] = useState<{ title: string; detail?: string } | null>(null);
  const save = useMutation({
    mutationFn: (v: { password: string }) => accountsApi.confirmReset(token, v.password),
    onSuccess: () => setDone(true),
    onError: (err) => {
      if (
        err instanceof ApiError &&
        (err.status === 404 || err.status === 410 || (err.status === 400 && !err.problem.errors?.some((e) => e.field === 'body:/password')))
      )
        setLinkProblem({ title: err.problem.title, detail: err.problem.detail });
      else fb.formError(form, err, ['password']);
    },
  });
  return (
    <PublicShell title={t('accounts.reset.title')} testId="reset-page">
      {done ? (
        <Result
          status="success"
          title={<span data-testid="reset-done">{t('accounts.reset.doneTitle')}</span>}
          subTitle={t('accounts.reset.doneText')}
          extra={
            <Link to="/login">
              <Button type="primary">{t('accounts.toLogin')}</Button>
            </Link>
          }
        />
      ) : linkProblem ? (
        <Result
          status="warning"
          title={<span data-testid="reset-link-problem">{linkProblem.title}</span>}
          subTitle={linkProblem.detail}
          extra={<Link to="/forgot-password">{t('accounts.reset.again')}</Link>}
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('accounts.reset.intro')}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} size="large">
            <Form.Item
              name="password"
              label={t('accounts.reset.password')}
              extra={t('accounts.passwordHint')}
              rules={[{ required: true, message: t('accounts.required') }]}
            >
              <Input.Password autoComplete="new-password" maxLength={256} data-testid="reset-password" autoFocus />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('accounts.confirmPassword')}
              dependencies={['password']}
              rules={[
                { required: true, message: t('accounts.required') },
                ({ getFieldValue }) => ({
                  validator: (_r, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('accounts.passwordsDiffer')))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" maxLength={256} data-testid="reset-confirm" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={save.isPending} data-testid="reset-submit">
              {t('accounts.reset.submit')}
            </Button>
          </Form>
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={<Link to="/login">{t('accounts.backToLogin')}</Link>} />
        </>
      )}
    </PublicShell>
  );
}
