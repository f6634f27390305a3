// Change my own password (everyone, from the header): the current password is asked for, and the
// form says what follows — the other sessions end and every API token is revoked (issue 12).
import { Alert, Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { http } from '../app/api';
import { useFeedback } from './feedback';

interface Values {
  currentPassword: string;
  password: string;
  confirm: string;
}

export function ChangePasswordModal(props: { open: boolean; userId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => http.patch(`/users/${props.userId}`, { password: v.password, currentPassword: v.currentPassword }),
    onSuccess: () => {
      fb.success(t('account.passwordChanged'));
      props.onClose();
    },
    onError: (err) => fb.formError(form, err, ['currentPassword', 'password']),
  });
  return (
    <Modal
      open={props.open}
      title={t('account.changePassword')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'password-submit' }}
      afterClose={() => {
        form.resetFields();
        save.reset();
      }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('user.passwordChangeSelf')} style={{ margin: '8px 0 16px' }} data-testid="password-effect" />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="password-form">
        <Form.Item name="currentPassword" label={t('user.currentPassword')} rules={[{ required: true, message: t('user.currentPasswordRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('account.newPassword')}
          extra={t('user.passwordHint')}
          rules={[{ required: true, message: t('user.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('account.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('account.confirmMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
