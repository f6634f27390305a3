// Record a misconduct decision (administrators, for their own jurisdiction): the subject — an
// organisation from the directory or a person — what was done, the outcome, the deciding unit,
// the legal basis and the period (Beijing dates; the record counts from the first day until the
// last). The same form corrects a record, with the reason the audit log keeps.
import { useEffect, useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useAccess } from '../../app/access';
import { useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { bj, dayjs } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { useResearchLabels } from '../../components/research/tags';
import { usersApi } from '../../api/users';
import { integrityApi, type IntegrityRecordDetail, type RecordInput } from './api';
import { OrgSelect } from '../../components/OrganizationSelect';

interface FormValues {
  jurisdictionCode?: string;
  subjectType: 'organization' | 'person';
  organizationId?: number;
  userId?: number;
  misconduct: string;
  outcome: string;
  decidingUnit: string;
  legalBasis: string;
  period: [Dayjs, Dayjs];
  reason?: string;
}

const FIELDS = ['jurisdictionCode', 'subjectType', 'organizationId', 'userId', 'misconduct', 'outcome', 'decidingUnit', 'legalBasis', 'period', 'reason'];
const ALIASES = { effectiveOn: 'period', endsOn: 'period' };
/** A record's end instant (Beijing midnight) back to its last day shown in the picker: the end date itself, as entered. */
const dateOf = (iso: string) => dayjs(bj(iso).format('YYYY-MM-DD'));

function UserSelect(props: { value?: number; onChange?: (v?: number) => void; testId: string }) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(h);
  }, [q]);
  const list = useQuery({
    queryKey: ['users', 'picker', debounced],
    queryFn: ({ signal }) => usersApi.list({ q: debounced || undefined, page: 1, pageSize: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      loading={list.isFetching}
      options={(list.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username}) · ${u.organizationName}` }))}
      optionRender={optionTestIds(`${props.testId}-opt`)}
      popupMatchSelectWidth={false}
      data-testid={props.testId}
    />
  );
}

export function RecordFormModal(props: {
  open: boolean;
  record?: IntegrityRecordDetail | null;
  onClose: () => void;
  onSaved: (r: IntegrityRecordDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const access = useAccess();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const { data: me } = useMe();
  const subjectType = Form.useWatch('subjectType', form);
  const editing = props.record ?? null;
  const allowed = access.callJurisdictions;
  const jurisdictionOptions = values.jurisdictionCodes.filter((c) => allowed === 'all' || allowed.includes(c));

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        subjectType: editing.subjectType as 'organization' | 'person',
        misconduct: editing.misconduct,
        outcome: editing.outcome,
        decidingUnit: editing.decidingUnit,
        legalBasis: editing.legalBasis,
        period: [dateOf(editing.effectiveAt), dateOf(editing.endsAt)],
      });
    } else {
      const today = dayjs(bj(new Date().toISOString()).format('YYYY-MM-DD'));
      form.setFieldsValue({
        jurisdictionCode: jurisdictionOptions.length === 1 ? jurisdictionOptions[0] : undefined,
        subjectType: 'organization',
        decidingUnit: me?.organization.name ?? '',
        period: [today, today.add(3, 'year')],
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, editing?.id]);

  const mutation = useMutation({
    mutationFn: (v: FormValues) => {
      const common = {
        misconduct: v.misconduct.trim(),
        outcome: v.outcome.trim(),
        decidingUnit: v.decidingUnit.trim(),
        legalBasis: v.legalBasis.trim(),
        effectiveOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1].format('YYYY-MM-DD'),
      };
      if (editing) return integrityApi.correct(editing.id, { ...common, reason: (v.reason ?? '').trim() });
      const body: RecordInput = {
        ...(v.jurisdictionCode ? { jurisdictionCode: v.jurisdictionCode as RecordInput['jurisdictionCode'] } : {}),
        subjectType: v.subjectType,
        ...(v.subjectType === 'organization' ? { organizationId: v.organizationId } : { userId: v.userId }),
        ...common,
      };
      return integrityApi.create(body);
    },
    onSuccess: (r) => {
      fb.success(editing ? t('integrity.corrected') : t('integrity.recorded'));
      props.onSaved(r);
    },
    onError: (err) => fb.formError(form, err, FIELDS, ALIASES),
  });

  return (
    <Modal
      open={props.open}
      title={editing ? t('integrity.correctTitle', { name: editing.subjectName }) : t('integrity.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={editing ? t('integrity.correct') : t('integrity.record')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'record-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'record-form-cancel' }}
      destroyOnHidden
      width={680}
    >
      {editing ? null : <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('integrity.createHint')} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => mutation.mutate(v)}
        data-testid="record-form"
        style={{ marginTop: 12 }}
        scrollToFirstError
      >
        {editing ? (
          <Typography.Paragraph>
            {rl.subjectType(editing.subjectType)}
            {t('common.colon')}
            <b>{editing.subjectName}</b>
          </Typography.Paragraph>
        ) : (
          <>
            <Form.Item name="jurisdictionCode" label={t('integrity.jurisdiction')} rules={[{ required: true, message: t('calls.form.required') }]}>
              <Select
                disabled={jurisdictionOptions.length <= 1}
                options={jurisdictionOptions.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
                optionRender={optionTestIds('record-form-jurisdiction-opt')}
                data-testid="record-form-jurisdiction"
              />
            </Form.Item>
            <Form.Item name="subjectType" label={t('integrity.subjectTypeLabel')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'organization', label: <span data-testid="record-form-type-organization">{rl.subjectType('organization')}</span> },
                  { value: 'person', label: <span data-testid="record-form-type-person">{rl.subjectType('person')}</span> },
                ]}
              />
            </Form.Item>
            {subjectType === 'person' ? (
              <Form.Item
                name="userId"
                label={t('integrity.person')}
                extra={t('integrity.personHint')}
                rules={[{ required: true, message: t('calls.form.required') }]}
              >
                <UserSelect testId="record-form-user" />
              </Form.Item>
            ) : (
              <Form.Item name="organizationId" label={t('integrity.organization')} rules={[{ required: true, message: t('calls.form.required') }]}>
                <OrgSelect testId="record-form-org" />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="misconduct" label={t('integrity.misconduct')} rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="record-form-misconduct" />
        </Form.Item>
        <Form.Item name="outcome" label={t('integrity.outcome')} rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="record-form-outcome" />
        </Form.Item>
        <Form.Item name="decidingUnit" label={t('integrity.decidingUnit')} rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}>
          <Input maxLength={200} data-testid="record-form-unit" />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('integrity.legalBasis')} rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}>
          <Input maxLength={500} placeholder={t('integrity.legalBasisPlaceholder')} data-testid="record-form-basis" />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('integrity.period')}
          extra={t('integrity.periodHint')}
          rules={[{ required: true, message: t('calls.form.required') }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} allowClear={false} data-testid="record-form-period" />
        </Form.Item>
        {editing ? (
          <Form.Item name="reason" label={t('integrity.correctionReason')} rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="record-form-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
