// Create / edit an organisation. Field errors from the server's problem+json land on the fields.
import { useEffect, useMemo } from 'react';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useLang } from '../../app/i18n';
import { departmentName, useLabels, useOptionValues } from '../../app/reference';
import { dayjs } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { organizationsApi, type Organization, type OrganizationInput, type OrganizationPatch } from '../../api/organizations';
import type { Dayjs } from 'dayjs';

interface FormValues {
  name: string;
  uscc: string;
  type: OrganizationInput['type'];
  jurisdictionCode: OrganizationInput['jurisdictionCode'];
  city?: string | null;
  tier?: OrganizationInput['tier'];
  departmentId?: number | null;
  establishedOn?: Dayjs | null;
  status?: OrganizationPatch['status'];
}

const FIELDS = ['name', 'uscc', 'type', 'jurisdictionCode', 'city', 'tier', 'departmentId', 'establishedOn', 'status'];

export function OrganizationFormModal(props: { open: boolean; org: Organization | null; onClose: () => void; onSaved: (org: Organization) => void }) {
  const { t } = useTranslation();
  const [lang] = useLang();
  const [form] = Form.useForm<FormValues>();
  const access = useAccess();
  const labels = useLabels();
  const fb = useFeedback();
  const values = useOptionValues();
  const editing = props.org;
  const type = Form.useWatch('type', form);
  const jurisdictionCode = Form.useWatch('jurisdictionCode', form);

  const jurisdictionOptions = useMemo(() => {
    const allowed = access.creatableJurisdictions;
    return values.jurisdictionCodes
      .filter((c) => (editing ? access.canReassignOrganization || c === editing.jurisdictionCode : allowed === 'all' || allowed.includes(c)))
      .map((c) => ({ value: c, label: labels.jurisdiction(c) }));
  }, [access, values.jurisdictionCodes, editing, labels]);

  const departments = values.jurisdictions.find((j) => j.code === jurisdictionCode)?.departments ?? [];

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        name: editing.name,
        uscc: editing.uscc,
        // The directory answers these codes as text; they are the ones the form offers.
        type: editing.type as FormValues['type'],
        jurisdictionCode: editing.jurisdictionCode as FormValues['jurisdictionCode'],
        city: editing.city ?? undefined,
        tier: (editing.tier ?? undefined) as FormValues['tier'],
        departmentId: editing.departmentId ?? undefined,
        establishedOn: editing.establishedOn ? dayjs(editing.establishedOn, 'YYYY-MM-DD') : null,
        status: editing.status as FormValues['status'],
      });
    } else {
      const allowed = access.creatableJurisdictions;
      form.setFieldsValue({
        type: 'enterprise',
        jurisdictionCode: allowed !== 'all' && allowed.length === 1 ? (allowed[0] as FormValues['jurisdictionCode']) : undefined,
      });
    }
  }, [props.open, editing, form, access.creatableJurisdictions]);

  const toBody = (v: FormValues): OrganizationInput => {
    const body: OrganizationInput = {
      name: v.name.trim(),
      uscc: v.uscc.trim().toUpperCase(),
      type: v.type,
      jurisdictionCode: v.jurisdictionCode,
    };
    if (v.city?.trim()) body.city = v.city.trim();
    if (v.type === 'enterprise' && v.tier) body.tier = v.tier;
    if (v.type === 'government_department' && v.departmentId) body.departmentId = v.departmentId;
    if (v.establishedOn) body.establishedOn = v.establishedOn.format('YYYY-MM-DD');
    return body;
  };

  /** Only what changed, so an edit never touches fields the user may not change. */
  const toPatch = (org: Organization, v: FormValues): OrganizationPatch => {
    const next = toBody(v);
    const patch: OrganizationPatch = {};
    if (next.name !== org.name) patch.name = next.name;
    if (next.uscc !== org.uscc) patch.uscc = next.uscc;
    if (next.type !== org.type) patch.type = next.type;
    if (next.jurisdictionCode !== org.jurisdictionCode) patch.jurisdictionCode = next.jurisdictionCode;
    if ((next.city ?? null) !== (org.city ?? null)) patch.city = next.city ?? null;
    if ((next.tier ?? null) !== (org.tier ?? null)) patch.tier = next.tier ?? null;
    if ((next.departmentId ?? null) !== (org.departmentId ?? null)) patch.departmentId = next.departmentId ?? null;
    if ((next.establishedOn ?? null) !== (org.establishedOn ?? null)) patch.establishedOn = next.establishedOn ?? null;
    if (v.status && v.status !== org.status) patch.status = v.status;
    return patch;
  };

  const mutation = useMutation({
    mutationFn: async (v: FormValues) => {
      if (editing) {
        const patch = toPatch(editing, v);
        if (Object.keys(patch).length === 0) return editing;
        return organizationsApi.update(editing.id, patch);
      }
      return organizationsApi.create(toBody(v));
    },
    onSuccess: (org) => {
      fb.success(editing ? t('common.saved') : t('common.created'));
      props.onSaved(org);
    },
    onError: (err) => fb.formError(form, err, FIELDS),
  });

  const showStatus = !!editing && access.canChangeOrganizationStatus(editing);
  /** Identity, type, department, tier and founding date are the jurisdiction's to change, not the organisation's own (the server refuses them too). */
  const identityLocked = !!editing && !access.canChangeOrganizationStatus(editing);

  return (
    <Modal
      open={props.open}
      title={editing ? t('org.editTitle') : t('org.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'org-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'org-form-cancel' }}
      destroyOnHidden
      width={640}
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} data-testid="org-form" style={{ marginTop: 12 }} scrollToFirstError>
        <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }]}>
          <Input maxLength={200} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('org.uscc')}
          extra={t('org.usccHint')}
          rules={[{ required: true, whitespace: true, message: t('org.usccRequired') }]}
          normalize={(v?: string) => v?.toUpperCase()}
        >
          <Input maxLength={18} disabled={identityLocked} style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} data-testid="org-form-uscc" />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', columnGap: 16 }}>
          <Form.Item name="type" label={t('org.type')} rules={[{ required: true, message: t('org.typeRequired') }]}>
            <Select
              data-testid="org-form-type"
              disabled={identityLocked}
              options={values.orgTypes.map((v) => ({ value: v, label: labels.orgType(v) }))}
              optionRender={optionTestIds('org-form-type-opt')}
            />
          </Form.Item>
          <Form.Item name="jurisdictionCode" label={t('org.jurisdiction')} rules={[{ required: true, message: t('org.jurisdictionRequired') }]}>
            <Select
              data-testid="org-form-jurisdiction"
              options={jurisdictionOptions}
              disabled={jurisdictionOptions.length <= 1}
              optionRender={optionTestIds('org-form-jurisdiction-opt')}
              onChange={() => form.setFieldValue('departmentId', undefined)}
            />
          </Form.Item>
          <Form.Item name="city" label={t('org.city')}>
            <Input maxLength={50} data-testid="org-form-city" />
          </Form.Item>
          <Form.Item name="establishedOn" label={t('org.establishedOn')} extra={identityLocked ? t('org.lockedByJurisdiction') : undefined}>
            <DatePicker
              style={{ width: '100%' }}
              data-testid="org-form-established"
              format="YYYY-MM-DD"
              disabled={identityLocked}
              minDate={dayjs('1900-01-01')}
              maxDate={dayjs()}
            />
          </Form.Item>
          {type === 'enterprise' ? (
            <Form.Item name="tier" label={t('org.tier')} extra={identityLocked ? t('org.lockedByJurisdiction') : t('org.tierHint')}>
              <Select
                allowClear
                disabled={identityLocked}
                data-testid="org-form-tier"
                options={values.tiers.map((v) => ({ value: v, label: labels.tier(v) }))}
                optionRender={optionTestIds('org-form-tier-opt')}
              />
            </Form.Item>
          ) : null}
          {type === 'government_department' ? (
            <Form.Item name="departmentId" label={t('org.department')} extra={t('org.departmentHint')}>
              <Select
                allowClear
                disabled={identityLocked}
                data-testid="org-form-department"
                options={departments.map((d) => ({ value: d.id, label: departmentName(d, lang) }))}
                optionRender={optionTestIds('org-form-department-opt')}
              />
            </Form.Item>
          ) : null}
          {showStatus ? (
            <Form.Item name="status" label={t('common.status')}>
              <Select
                data-testid="org-form-status"
                options={(['active', 'inactive'] as const).map((v) => ({ value: v, label: labels.orgStatus(v) }))}
                optionRender={optionTestIds('org-form-status-opt')}
              />
            </Form.Item>
          ) : null}
        </div>
      </Form>
    </Modal>
  );
}
