// /register: an organisation registers itself and its first admin (issue 15). The application
// waits for the jurisdiction's admin; the page says so, and where the answer will come.
import { useState } from 'react';
import { Alert, Button, Col, Divider, Form, Input, Result, Row, Select, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLabels, useOptionValues } from '../../app/reference';
import { PublicShell } from '../../components/PublicShell';
import { useFeedback } from '../../components/feedback';
import { accountsApi, type RegistrationInput } from '../../api/accounts';

type Form = RegistrationInput & { confirm: string };
const FIELDS = ['uscc', 'organizationName', 'organizationType', 'jurisdictionCode', 'contactName', 'contactPhone', 'contactEmail', 'username', 'password'];
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export default function RegisterPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Form>();
  const labels = useLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const [done, setDone] = useState<Form | null>(null);
  const req = [{ required: true, whitespace: true, message: t('accounts.required') }];

  const submit = useMutation({
    mutationFn: ({ confirm: _c, ...body }: Form) =>
      accountsApi.register({ ...body, uscc: body.uscc.trim().toUpperCase(), username: body.username.trim().toLowerCase() }),
    onSuccess: (_res, v) => setDone(v),
    onError: (err) => fb.formError(form, err, FIELDS),
  });

  if (done) {
    return (
      <PublicShell title={t('accounts.reg.title')} testId="register-page">
        <Result
          status="success"
          title={<span data-testid="register-done">{t('accounts.reg.doneTitle')}</span>}
          subTitle={t('accounts.reg.doneText', {
            name: done.organizationName,
            jurisdiction: labels.jurisdiction(done.jurisdictionCode),
            email: done.contactEmail,
            username: done.username.trim().toLowerCase(),
          })}
          extra={
            <Link to="/login">
              <Button type="primary">{t('accounts.toLogin')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }

  return (
    <PublicShell title={t('accounts.reg.title')} width={720} testId="register-page">
      <Alert type="info" showIcon title={t('accounts.reg.intro')} style={{ marginBottom: 16 }} />
      <Form<Form> form={form} layout="vertical" requiredMark onFinish={(v) => submit.mutate(v)} scrollToFirstError>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('accounts.reg.orgSection')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="uscc"
              label={t('accounts.reg.uscc')}
              extra={t('accounts.reg.usccHint')}
              normalize={(v: string) => v?.toUpperCase()}
              rules={[
                ...req,
                { validator: (_r, v: string) => (!v || USCC.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('accounts.reg.usccInvalid')))) },
              ]}
            >
              <Input maxLength={18} data-testid="reg-uscc" autoComplete="off" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="organizationName" label={t('accounts.reg.orgName')} rules={req}>
              <Input maxLength={200} data-testid="reg-org-name" autoComplete="organization" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="organizationType" label={t('accounts.reg.orgType')} rules={req}>
              <Select
                data-testid="reg-org-type"
                options={values.orgTypes.filter((v) => v !== 'government_department').map((v) => ({ value: v, label: labels.orgType(v) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="jurisdictionCode" label={t('accounts.reg.jurisdiction')} rules={req}>
              <Select data-testid="reg-jurisdiction" options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('accounts.reg.contactSection')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="contactName" label={t('accounts.reg.contactName')} rules={req}>
              <Input maxLength={100} data-testid="reg-contact-name" autoComplete="name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactPhone" label={t('accounts.reg.contactPhone')} rules={req}>
              <Input maxLength={32} data-testid="reg-contact-phone" autoComplete="tel" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="contactEmail"
              label={t('accounts.reg.contactEmail')}
              tooltip={t('accounts.reg.contactEmailHint')}
              rules={[...req, { type: 'email', message: t('accounts.emailInvalid') }]}
            >
              <Input maxLength={200} data-testid="reg-contact-email" autoComplete="email" inputMode="email" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('accounts.reg.accountSection')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="username" label={t('accounts.reg.username')} extra={t('accounts.reg.usernameHint')} rules={req}>
              <Input maxLength={64} data-testid="reg-username" autoComplete="username" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="password" label={t('accounts.reg.password')} extra={t('accounts.passwordHint')} rules={req}>
              <Input.Password maxLength={256} data-testid="reg-password" autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
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
              <Input.Password maxLength={256} data-testid="reg-confirm" autoComplete="new-password" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending} data-testid="reg-submit">
          {t('accounts.reg.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        <Link to="/login">{t('accounts.backToLogin')}</Link>
      </Typography.Paragraph>
    </PublicShell>
  );
}
