// Create / edit a user. Roles offered are those the signed-in user may grant in the chosen
// organisation; the server has the last word and its field errors land on the fields.
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useLang } from '../../app/i18n';
import { departmentName, useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { usersApi, type User, type UserCreate, type UserPatch } from '../../api/users';
import { OrganizationSelect, type OrgOption } from '../../components/OrganizationSelect';

interface FormValues {
  username: string;
  displayName: string;
  email?: string;
  organizationId?: number;
  role?: UserCreate['role'];
  departmentId?: number;
  password?: string;
  currentPassword?: string;
  status?: UserPatch['status'];
}

const FIELDS = ['username', 'displayName', 'email', 'organizationId', 'role', 'departmentId', 'password', 'currentPassword', 'status'];

export function UserFormModal(props: { open: boolean; user: User | null; onClose: () => void; onSaved: (u: User) => void }) {
  const { t } = useTranslation();
  const [lang] = useLang();
  const [form] = Form.useForm<FormValues>();
  const access = useAccess();
  const { data: me } = useMe();
  const labels = useLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const editing = props.user;
  const [org, setOrg] = useState<OrgOption | null>(null);
  const role = Form.useWatch('role', form);
  const newPassword = Form.useWatch('password', form);
  const self = !!editing && me?.id === editing.id;

  const orgFixed = me?.role === 'org_admin';
  const orgJurisdictionLimit = me?.role === 'jurisdiction_admin' ? (me.jurisdictionCode ?? undefined) : undefined;

  useEffect(() => {
    if (!props.open || !me) return;
    form.resetFields();
    if (editing) {
      setOrg({ id: editing.organizationId, name: editing.organizationName, jurisdictionCode: editing.organizationJurisdiction });
      form.setFieldsValue({
        username: editing.username,
        displayName: editing.displayName,
        email: editing.email ?? undefined,
        organizationId: editing.organizationId,
        // The directory answers role and status as text; they are the ones the form offers.
        role: editing.role as FormValues['role'],
        departmentId: editing.departmentId ?? undefined,
        status: editing.status as FormValues['status'],
      });
    } else if (orgFixed) {
      const own = { id: me.organization.id, name: me.organization.name, jurisdictionCode: me.organization.jurisdictionCode };
      setOrg(own);
      form.setFieldsValue({ organizationId: own.id, role: 'member' });
    } else {
      setOrg(null);
      form.setFieldsValue({ role: 'member' });
    }
  }, [props.open, editing, form, me, orgFixed]);

  const grantable = access.grantableRoles(org ? { id: org.id, jurisdictionCode: org.jurisdictionCode } : null);
  // Keep the current role visible when editing even if it is not grantable (it is then read-only).
  const roleOptions = [...new Set([...(editing ? [editing.role] : []), ...grantable])];
  const departments = values.jurisdictions.find((j) => j.code === org?.jurisdictionCode)?.departments ?? [];

  const mutation = useMutation({
    mutationFn: async (v: FormValues): Promise<User> => {
      if (editing) {
        const patch: UserPatch = {};
        if (v.displayName.trim() !== editing.displayName) patch.displayName = v.displayName.trim();
        const email = v.email?.trim() || null;
        if (email !== (editing.email ?? null)) patch.email = email;
        if (v.role && v.role !== editing.role) patch.role = v.role;
        const dept = v.role === 'jurisdiction_admin' ? (v.departmentId ?? null) : null;
        if (dept !== (editing.departmentId ?? null) && (v.role === 'jurisdiction_admin' || editing.departmentId != null)) patch.departmentId = dept;
        if (v.status && v.status !== editing.status) patch.status = v.status;
        if (v.password) {
          patch.password = v.password;
          if (self) patch.currentPassword = v.currentPassword ?? '';
        }
        if (Object.keys(patch).length === 0) return editing;
        return usersApi.update(editing.id, patch);
      }
      const body: UserCreate = {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        organizationId: v.organizationId!,
        role: v.role!,
        password: v.password ?? '',
      };
      if (v.email?.trim()) body.email = v.email.trim();
      if (v.role === 'jurisdiction_admin' && v.departmentId) body.departmentId = v.departmentId;
      return usersApi.create(body);
    },
    onSuccess: (u) => {
      fb.success(editing ? t('common.saved') : t('common.created'));
      props.onSaved(u);
    },
    onError: (err) => fb.formError(form, err, FIELDS),
  });

  const canEditRole = !editing || grantable.includes(editing.role as never);

  return (
    <Modal
      open={props.open}
      title={editing ? t('user.editTitle') : t('user.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'user-form-cancel' }}
      destroyOnHidden
      width={640}
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} data-testid="user-form" style={{ marginTop: 12 }} scrollToFirstError>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', columnGap: 16 }}>
          <Form.Item name="username" label={t('user.username')} rules={[{ required: !editing, whitespace: true, message: t('user.usernameRequired') }]}>
            <Input disabled={!!editing} autoComplete="off" maxLength={64} data-testid="user-form-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true, message: t('user.displayNameRequired') }]}>
            <Input maxLength={100} data-testid="user-form-displayName" />
          </Form.Item>
        </div>
        <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email' }]}>
          <Input autoComplete="off" maxLength={200} data-testid="user-form-email" />
        </Form.Item>
        <Form.Item name="organizationId" label={t('user.organization')} rules={[{ required: true, message: t('user.orgRequired') }]}>
          {editing || orgFixed ? (
            <OrganizationSelect testId="user-form-org" disabled fixed={org ? [org] : []} />
          ) : (
            <OrganizationSelect
              testId="user-form-org"
              placeholder={t('user.orgPlaceholder')}
              jurisdiction={orgJurisdictionLimit}
              fixed={org ? [org] : []}
              onChange={(_, o) => {
                setOrg(o ?? null);
                const allowed = access.grantableRoles(o ? { id: o.id, jurisdictionCode: o.jurisdictionCode } : null);
                const current = form.getFieldValue('role') as string | undefined;
                if (current && !allowed.includes(current as never)) form.setFieldValue('role', undefined);
                form.setFieldValue('departmentId', undefined);
              }}
            />
          )}
        </Form.Item>
        {org && grantable.length === 0 && !editing ? (
          <Alert type="warning" showIcon title={t('user.noGrantableRoles')} style={{ marginBottom: 16 }} data-testid="user-form-no-roles" />
        ) : null}
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', columnGap: 16 }}>
          <Form.Item name="role" label={t('user.role')} rules={[{ required: true, message: t('user.roleRequired') }]}>
            <Select
              data-testid="user-form-role"
              disabled={!canEditRole}
              options={roleOptions.map((r) => ({ value: r, label: labels.role(r), disabled: !grantable.includes(r as never) }))}
              optionRender={optionTestIds('user-form-role-opt')}
            />
          </Form.Item>
          {role === 'jurisdiction_admin' ? (
            <Form.Item
              name="departmentId"
              label={t('user.department')}
              extra={t('user.departmentHint')}
              rules={[{ required: true, message: t('user.departmentRequired') }]}
            >
              <Select
                data-testid="user-form-department"
                options={departments.map((d) => ({ value: d.id, label: departmentName(d, lang) }))}
                optionRender={optionTestIds('user-form-department-opt')}
              />
            </Form.Item>
          ) : null}
          {editing ? (
            <Form.Item name="status" label={t('common.status')}>
              <Select
                data-testid="user-form-status"
                disabled={me?.id === editing.id}
                options={(['active', 'disabled'] as const).map((v) => ({ value: v, label: labels.userStatus(v) }))}
                optionRender={optionTestIds('user-form-status-opt')}
              />
            </Form.Item>
          ) : null}
        </div>
        <Form.Item
          name="password"
          label={editing ? t('user.newPassword') : t('user.password')}
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {editing ? `${t('user.newPasswordHint')} · ` : ''}
              {t('user.passwordHint')}
            </Typography.Text>
          }
          rules={editing ? [] : [{ required: true, message: t('user.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-form-password" />
        </Form.Item>
        {self && newPassword ? (
          <Form.Item name="currentPassword" label={t('user.currentPassword')} rules={[{ required: true, message: t('user.currentPasswordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="user-form-current-password" />
          </Form.Item>
        ) : null}
        {editing && newPassword ? (
          <Alert type="info" showIcon title={self ? t('user.passwordChangeSelf') : t('user.passwordChangeOther')} data-testid="user-form-password-effect" />
        ) : null}
      </Form>
    </Modal>
  );
}
