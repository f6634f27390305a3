// Register or edit a resource: the main catalogue fields, services and fees (in yuan), booking
// rules, and weekly opening hours. An edit sends only what changed; the server's field errors
// land on the fields.
import { useEffect, useMemo } from 'react';
import { Button, Checkbox, Col, DatePicker, Divider, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { fenToYuan, yuanToFen } from '../../app/money';
import { dayjs } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { OrganizationSelect } from '../../components/OrganizationSelect';
import { usersApi } from '../../api/users';
import {
  BOOKABLE_KINDS,
  DAY_KEYS,
  RESOURCE_KINDS,
  RESOURCE_STATUSES,
  SERVICE_MODES,
  resourcesApi,
  type DayKey,
  type OpeningHours,
  type Resource,
  type ResourceInput,
  type ServiceMode,
} from '../../api/resources';

type LeadUnit = 'hours' | 'days';
interface Lead {
  value?: number | null;
  unit: LeadUnit;
}

interface FormValues {
  ownerOrgId?: number;
  kind: ResourceInput['kind'];
  name: string;
  description?: string;
  keywords?: string[];
  category1?: string;
  category2?: string;
  category3?: string;
  model?: string;
  manufacturer?: string;
  originCountry?: string;
  originalValue?: number | null;
  purchaseDate?: Dayjs | null;
  city?: string;
  address?: string;
  managerUserId?: number | null;
  status: NonNullable<ResourceInput['status']>;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  contactVisibility?: 'public' | 'signed_in' | 'nobody';
  specifications?: string;
  features?: string;
  serviceModes?: ResourceInput['serviceModes'];
  startupFee?: number | null;
  hourlyFee?: number | null;
  consumables?: number | null;
  perSample?: number | null;
  serviceItems?: Array<{ name: string; unit?: string; price?: number | null }>;
  slotMinutes?: number | null;
  lead: Record<ServiceMode, Lead>;
  maxAdvanceDays?: number | null;
  minMinutes?: number | null;
  maxMinutes?: number | null;
  capacity?: number | null;
  needsApproval?: boolean;
  pricePublic?: boolean;
  hours: Record<DayKey, Array<{ from: string; to: string }>>;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const toMin = (s: string) => (s === '24:00' ? 1440 : Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)));

/** The form's fields, and the API field each server error may name. */
const FIELDS = [
  'ownerOrgId',
  'kind',
  'name',
  'description',
  'keywords',
  'category1',
  'model',
  'manufacturer',
  'originCountry',
  'originalValue',
  'purchaseDate',
  'city',
  'address',
  'managerUserId',
  'status',
  'specifications',
  'features',
  'serviceModes',
  'startupFee',
  'hourlyFee',
  'consumables',
  'perSample',
  'serviceItems',
  'slotMinutes',
  'capacity',
  'needsApproval',
  'pricePublic',
  'maxAdvanceDays',
];
const ALIASES: Record<string, string> = {
  originalValueFen: 'originalValue',
  startupFeeFen: 'startupFee',
  hourlyFeeFen: 'hourlyFee',
  consumablesFen: 'consumables',
  perSampleFen: 'perSample',
  category: 'category1',
  rules: 'slotMinutes',
};

const DEFAULT_HOURS: FormValues['hours'] = {
  mon: [{ from: '09:00', to: '17:00' }],
  tue: [{ from: '09:00', to: '17:00' }],
  wed: [{ from: '09:00', to: '17:00' }],
  thu: [{ from: '09:00', to: '17:00' }],
  fri: [{ from: '09:00', to: '17:00' }],
  sat: [],
  sun: [],
};

function leadOf(minutes: number | undefined): Lead {
  if (minutes === undefined) return { value: null, unit: 'hours' };
  if (minutes > 0 && minutes % 1440 === 0) return { value: minutes / 1440, unit: 'days' };
  return { value: Math.round((minutes / 60) * 100) / 100, unit: 'hours' };
}
const leadMinutes = (l: Lead | undefined) => (l?.value === null || l?.value === undefined ? undefined : Math.round(l.value * (l.unit === 'days' ? 1440 : 60)));

function toValues(r: Resource): FormValues {
  return {
    ownerOrgId: r.ownerOrgId,
    kind: r.kind,
    name: r.name,
    description: r.description,
    keywords: r.keywords,
    category1: r.category[0] ?? '',
    category2: r.category[1] ?? '',
    category3: r.category[2] ?? '',
    model: r.model ?? '',
    manufacturer: r.manufacturer ?? '',
    originCountry: r.originCountry ?? '',
    originalValue: fenToYuan(r.originalValueFen),
    purchaseDate: r.purchaseDate ? dayjs(r.purchaseDate, 'YYYY-MM-DD') : null,
    city: r.city,
    address: r.address,
    managerUserId: r.managerUserId,
    status: r.status,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    contactEmail: r.contactEmail,
    contactVisibility: r.contactVisibility as FormValues['contactVisibility'],
    specifications: r.specifications,
    features: r.features,
    serviceModes: r.serviceModes,
    startupFee: fenToYuan(r.startupFeeFen),
    hourlyFee: fenToYuan(r.hourlyFeeFen),
    consumables: fenToYuan(r.consumablesFen),
    perSample: fenToYuan(r.perSampleFen),
    serviceItems: r.serviceItems.map((i) => ({ name: i.name, unit: i.unit, price: fenToYuan(i.priceFen) })),
    slotMinutes: r.rules.slotMinutes,
    lead: {
      assisted: leadOf(r.rules.leadMinutes.assisted),
      self_operation: leadOf(r.rules.leadMinutes.self_operation),
      sample_submission: leadOf(r.rules.leadMinutes.sample_submission),
    },
    maxAdvanceDays: r.rules.maxAdvanceDays,
    minMinutes: r.rules.minMinutes,
    maxMinutes: r.rules.maxMinutes,
    capacity: r.capacity,
    needsApproval: r.needsApproval,
    pricePublic: r.pricePublic,
    hours: Object.fromEntries(DAY_KEYS.map((d) => [d, (r.openingHours[d] ?? []).map(([from, to]) => ({ from, to }))])) as FormValues['hours'],
  };
}

const NEW_VALUES: Omit<FormValues, 'kind' | 'name'> & { kind?: string; name?: string } = {
  kind: 'instrument',
  status: 'published',
  contactVisibility: 'signed_in',
  serviceModes: ['assisted'],
  slotMinutes: 30,
  lead: { assisted: { value: 1, unit: 'days' }, self_operation: { value: 3, unit: 'days' }, sample_submission: { value: 7, unit: 'days' } },
  maxAdvanceDays: 90,
  minMinutes: 30,
  maxMinutes: 480,
  capacity: 1,
  needsApproval: false,
  pricePublic: true,
  hours: DEFAULT_HOURS,
};

function toInput(v: FormValues, ownerOrgId: number): ResourceInput {
  const bookable = BOOKABLE_KINDS.includes(v.kind);
  const trim = (s?: string | null) => (s ?? '').trim();
  const rules: ResourceInput['rules'] = {};
  if (v.slotMinutes) rules.slotMinutes = v.slotMinutes;
  if (v.maxAdvanceDays) rules.maxAdvanceDays = v.maxAdvanceDays;
  if (v.minMinutes) rules.minMinutes = v.minMinutes;
  if (v.maxMinutes) rules.maxMinutes = v.maxMinutes;
  const lead: Partial<Record<ServiceMode, number>> = {};
  for (const m of SERVICE_MODES) {
    const x = leadMinutes(v.lead?.[m]);
    if (x !== undefined) lead[m] = x;
  }
  rules.leadMinutes = lead;
  const hours: OpeningHours = {};
  for (const d of DAY_KEYS) hours[d] = (v.hours?.[d] ?? []).filter((x) => x?.from && x?.to).map((x) => [x.from, x.to] as [string, string]);
  return {
    kind: v.kind,
    name: trim(v.name),
    description: trim(v.description),
    keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
    category: [trim(v.category1), trim(v.category2), trim(v.category3)],
    model: trim(v.model) || null,
    manufacturer: trim(v.manufacturer) || null,
    originCountry: trim(v.originCountry) || null,
    originalValueFen: yuanToFen(v.originalValue) ?? null,
    purchaseDate: v.purchaseDate ? v.purchaseDate.format('YYYY-MM-DD') : null,
    city: trim(v.city),
    address: trim(v.address),
    ownerOrgId,
    managerUserId: v.managerUserId ?? null,
    specifications: v.specifications ?? '',
    features: v.features ?? '',
    serviceItems: (v.serviceItems ?? [])
      .filter((i) => i?.name?.trim())
      .map((i) => ({ name: i.name.trim(), unit: trim(i.unit), priceFen: yuanToFen(i.price) ?? 0 })),
    serviceModes: bookable ? (v.serviceModes ?? []) : [],
    startupFeeFen: yuanToFen(v.startupFee) ?? 0,
    hourlyFeeFen: yuanToFen(v.hourlyFee) ?? 0,
    consumablesFen: yuanToFen(v.consumables) ?? 0,
    perSampleFen: yuanToFen(v.perSample) ?? 0,
    rules,
    openingHours: hours,
    capacity: v.capacity ?? 1,
    needsApproval: !!v.needsApproval,
    pricePublic: v.pricePublic !== false,
    status: v.status,
    contactName: trim(v.contactName) || null,
    contactPhone: trim(v.contactPhone) || null,
    contactEmail: trim(v.contactEmail) || null,
    contactVisibility: v.contactVisibility ?? 'signed_in',
  };
}

/** Only the fields whose value differs from the record's. */
function diff(current: Resource, next: ResourceInput): Partial<ResourceInput> {
  const before = toInput(toValues(current), current.ownerOrgId);
  const patch: Partial<ResourceInput> = {};
  for (const k of Object.keys(next) as Array<keyof ResourceInput>) {
    if (k === 'ownerOrgId') continue;
    if (JSON.stringify(next[k]) !== JSON.stringify(before[k])) (patch as Record<string, unknown>)[k] = next[k];
  }
  return patch;
}

export function ResourceFormModal(props: { open: boolean; resource: Resource | null; onClose: () => void; onSaved: (r: Resource) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const access = useAccess();
  const { data: me } = useMe();
  const fb = useFeedback();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<FormValues>();
  const editing = props.resource;
  const platform = me?.role === 'platform_admin';
  const kind = Form.useWatch('kind', form);
  const modes = Form.useWatch('serviceModes', form) ?? [];
  const chosenOwner = Form.useWatch('ownerOrgId', form);
  const bookable = BOOKABLE_KINDS.includes(kind ?? '');
  const ownerOrgId = editing?.ownerOrgId ?? (platform ? chosenOwner : me?.organization.id);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(editing ? toValues(editing) : (NEW_VALUES as FormValues));
  }, [props.open, editing, form]);

  const managers = useQuery({
    queryKey: ['users', 'managers', ownerOrgId],
    queryFn: ({ signal }) => usersApi.list({ organizationId: ownerOrgId, status: 'active', page: 1, pageSize: 100, sort: 'username' }, signal),
    enabled: props.open && !!ownerOrgId,
  });
  const managerOptions = useMemo(() => {
    const opts = new Map<number, string>();
    if (editing?.managerUserId) opts.set(editing.managerUserId, editing.managerName ?? `#${editing.managerUserId}`);
    for (const u of managers.data?.items ?? []) if (u.organizationId === ownerOrgId) opts.set(u.id, `${u.displayName}（${u.username}）`);
    return [...opts].map(([value, label]) => ({ value, label }));
  }, [managers.data, editing, ownerOrgId]);

  const mutation = useMutation({
    mutationFn: async (v: FormValues) => {
      const owner = ownerOrgId;
      if (!owner) throw new Error(t('resourceForm.ownerRequired'));
      const input = toInput(v, owner);
      if (editing) {
        const patch = diff(editing, input);
        if (Object.keys(patch).length === 0) return editing;
        return resourcesApi.update(editing.id, patch);
      }
      return resourcesApi.create(input);
    },
    onSuccess: (r) => {
      fb.success(editing ? t('common.saved') : t('common.created'));
      props.onSaved(r);
    },
    onError: (err) => fb.formError(form, err, FIELDS, ALIASES),
  });

  const grid = { display: 'grid', gridTemplateColumns: `repeat(auto-fit, minmax(${isPhone ? 140 : 200}px, 1fr))`, columnGap: 16 } as const;
  const yuanInput = (testId: string) => <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid={testId} />;
  const timeRule = { pattern: TIME, message: t('resourceForm.timeInvalid') };

  return (
    <Modal
      open={props.open}
      title={editing ? t('resourceForm.editTitle') : t('resourceForm.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'resource-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'resource-form-cancel' }}
      destroyOnHidden
      width={900}
      styles={{ body: { maxHeight: isPhone ? undefined : '70vh', overflowY: 'auto', paddingInlineEnd: 4 } }}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        // The whole store: notice periods of modes not ticked right now are kept as they were.
        onFinish={() => mutation.mutate(form.getFieldsValue(true) as FormValues)}
        data-testid="resource-form"
        scrollToFirstError
        style={{ marginTop: 12 }}
      >
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('resourceForm.sections.basic')}
        </Divider>
        <div style={grid}>
          {platform && !editing ? (
            <Form.Item name="ownerOrgId" label={t('resourceForm.owner')} rules={[{ required: true, message: t('resourceForm.ownerRequired') }]}>
              <OrganizationSelect testId="resource-form-owner" />
            </Form.Item>
          ) : null}
          <Form.Item name="kind" label={t('resource.kind')} rules={[{ required: true, message: t('resourceForm.kindRequired') }]}>
            <Select
              data-testid="resource-form-kind"
              disabled={!!editing}
              options={RESOURCE_KINDS.map((k) => ({ value: k, label: labels.resourceKind(k) }))}
              optionRender={optionTestIds('resource-form-kind-opt')}
            />
          </Form.Item>
          <Form.Item name="status" label={t('resource.status')}>
            <Select
              data-testid="resource-form-status"
              options={RESOURCE_STATUSES.map((s) => ({ value: s, label: labels.resourceStatus(s) }))}
              optionRender={optionTestIds('resource-form-status-opt')}
            />
          </Form.Item>
        </div>
        <Form.Item name="name" label={t('resourceForm.name')} rules={[{ required: true, whitespace: true, message: t('resourceForm.nameRequired') }]}>
          <Input maxLength={200} data-testid="resource-form-name" />
        </Form.Item>
        <Form.Item name="description" label={t('resource.description')}>
          <Input.TextArea maxLength={5000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="resource-form-description" />
        </Form.Item>
        <Form.Item name="keywords" label={t('resource.keywords')} extra={t('resourceForm.keywordsHint')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} data-testid="resource-form-keywords" />
        </Form.Item>
        <div style={grid}>
          <Form.Item name="category1" label={t('resourceForm.category1')}>
            <Input maxLength={64} data-testid="resource-form-category1" />
          </Form.Item>
          <Form.Item name="category2" label={t('resourceForm.category2')}>
            <Input maxLength={64} data-testid="resource-form-category2" />
          </Form.Item>
          <Form.Item name="category3" label={t('resourceForm.category3')}>
            <Input maxLength={64} data-testid="resource-form-category3" />
          </Form.Item>
          <Form.Item name="model" label={t('resource.model')}>
            <Input maxLength={100} data-testid="resource-form-model" />
          </Form.Item>
          <Form.Item name="manufacturer" label={t('resource.manufacturer')}>
            <Input maxLength={200} data-testid="resource-form-manufacturer" />
          </Form.Item>
          <Form.Item name="originCountry" label={t('resource.originCountry')}>
            <Input maxLength={64} data-testid="resource-form-origin" />
          </Form.Item>
          <Form.Item name="originalValue" label={t('resourceForm.originalValue')}>
            {yuanInput('resource-form-original-value')}
          </Form.Item>
          <Form.Item name="purchaseDate" label={t('resource.purchaseDate')}>
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="resource-form-purchase-date" />
          </Form.Item>
          <Form.Item name="city" label={t('resource.city')}>
            <Input maxLength={64} data-testid="resource-form-city" />
          </Form.Item>
          <Form.Item name="managerUserId" label={t('resourceForm.manager')} extra={t('resourceForm.managerHint')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={managers.isFetching}
              options={managerOptions}
              optionRender={optionTestIds('resource-form-manager-opt')}
              data-testid="resource-form-manager"
            />
          </Form.Item>
        </div>
        <Form.Item name="address" label={t('resource.address')}>
          <Input maxLength={300} data-testid="resource-form-address" />
        </Form.Item>
        <Divider titlePlacement="start">{t('contact.title')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="contactName" label={t('contact.name')}>
              <Input maxLength={100} data-testid="resource-form-contact-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactPhone" label={t('contact.phone')} rules={[{ pattern: /^[0-9+()\- ]{0,40}$/, message: t('contact.phoneInvalid') }]}>
              <Input maxLength={40} inputMode="tel" data-testid="resource-form-contact-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactEmail" label={t('contact.email')} rules={[{ type: 'email', message: t('contact.emailInvalid') }]}>
              <Input maxLength={254} inputMode="email" data-testid="resource-form-contact-email" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="contactVisibility" label={t('contact.visibilityLabel')}>
          <Select
            data-testid="resource-form-contact-visibility"
            options={(['signed_in', 'public', 'nobody'] as const).map((v) => ({ value: v, label: t(`contact.visibility.${v}`) }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="specifications" label={t('resource.specifications')}>
              <Input.TextArea maxLength={5000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="resource-form-specifications" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="features" label={t('resource.features')}>
              <Input.TextArea maxLength={5000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="resource-form-features" />
            </Form.Item>
          </Col>
        </Row>

        {bookable ? (
          <>
            <Divider titlePlacement="start">{t('resourceForm.sections.service')}</Divider>
            <Form.Item
              name="serviceModes"
              label={t('resource.serviceModes')}
              rules={[{ required: true, type: 'array', min: 1, message: t('resourceForm.modesRequired') }]}
            >
              <Checkbox.Group data-testid="resource-form-modes">
                <Flex wrap gap={12}>
                  {SERVICE_MODES.map((m) => (
                    <Checkbox key={m} value={m}>
                      <span data-testid={`resource-form-mode-${m}`}>{labels.serviceMode(m)}</span>
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Form.Item>
            <div style={grid}>
              <Form.Item name="startupFee" label={t('resourceForm.startupFee')}>
                {yuanInput('resource-form-startup-fee')}
              </Form.Item>
              <Form.Item name="hourlyFee" label={t('resourceForm.hourlyFee')}>
                {yuanInput('resource-form-hourly-fee')}
              </Form.Item>
              <Form.Item name="consumables" label={t('resourceForm.consumables')}>
                {yuanInput('resource-form-consumables')}
              </Form.Item>
              <Form.Item name="perSample" label={t('resourceForm.perSample')}>
                {yuanInput('resource-form-per-sample')}
              </Form.Item>
              <Form.Item name="pricePublic" label={t('portal.owner.pricePublic')} extra={t('portal.owner.pricePublicHint')} valuePropName="checked">
                <Switch data-testid="resource-form-price-public" />
              </Form.Item>
            </div>
            <Typography.Text strong>{t('resourceForm.serviceItems')}</Typography.Text>
            <Form.List name="serviceItems">
              {(fields, { add, remove }) => (
                <div style={{ marginTop: 8 }} data-testid="resource-form-items">
                  {fields.map((f) => (
                    <Flex key={f.key} gap={8} align="flex-start" wrap={isPhone}>
                      <Form.Item
                        name={[f.name, 'name']}
                        style={{ flex: '2 1 160px', marginBottom: 8 }}
                        rules={[{ required: true, whitespace: true, message: t('resourceForm.itemName') }]}
                      >
                        <Input aria-label={t('resourceForm.itemName')} placeholder={t('resourceForm.itemName')} maxLength={100} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'unit']} style={{ flex: '1 1 70px', marginBottom: 8 }}>
                        <Input aria-label={t('resourceForm.itemUnit')} placeholder={t('resourceForm.itemUnit')} maxLength={20} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'price']} style={{ flex: '1 1 110px', marginBottom: 8 }}>
                        <InputNumber
                          aria-label={t('resourceForm.itemPrice')}
                          min={0}
                          precision={2}
                          prefix="¥"
                          placeholder={t('resourceForm.itemPrice')}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                      <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                    </Flex>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', unit: '', price: null })} data-testid="resource-form-item-add">
                    {t('resourceForm.addItem')}
                  </Button>
                </div>
              )}
            </Form.List>

            <Divider titlePlacement="start">{t('resourceForm.sections.rules')}</Divider>
            <div style={grid}>
              <Form.Item name="slotMinutes" label={t('resourceForm.slotMinutes')}>
                <Select
                  options={[5, 10, 15, 20, 30, 60, 120, 240].map((m) => ({ value: m, label: String(m) }))}
                  data-testid="resource-form-slot"
                  optionRender={optionTestIds('resource-form-slot-opt')}
                />
              </Form.Item>
              <Form.Item name="maxAdvanceDays" label={t('resourceForm.maxAdvanceDays')}>
                <InputNumber min={1} max={730} precision={0} style={{ width: '100%' }} data-testid="resource-form-max-advance" />
              </Form.Item>
              <Form.Item name="minMinutes" label={t('resourceForm.minMinutes')}>
                <InputNumber min={5} precision={0} style={{ width: '100%' }} data-testid="resource-form-min-minutes" />
              </Form.Item>
              <Form.Item
                name="maxMinutes"
                label={t('resourceForm.maxMinutes')}
                dependencies={['minMinutes']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v?: number | null) =>
                      v == null || getFieldValue('minMinutes') == null || v >= getFieldValue('minMinutes')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('resourceForm.rangeInvalid'))),
                  }),
                ]}
              >
                <InputNumber min={5} max={10080} precision={0} style={{ width: '100%' }} data-testid="resource-form-max-minutes" />
              </Form.Item>
              <Form.Item name="capacity" label={t('resourceForm.capacity')}>
                <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} data-testid="resource-form-capacity" />
              </Form.Item>
              <Form.Item name="needsApproval" label={t('resourceForm.needsApproval')} valuePropName="checked">
                <Switch data-testid="resource-form-needs-approval" />
              </Form.Item>
            </div>
            <div style={grid}>
              {SERVICE_MODES.filter((m) => modes.includes(m)).map((m) => (
                <Form.Item key={m} label={t('resourceForm.leadFor', { mode: labels.serviceMode(m) })}>
                  <Space.Compact style={{ width: '100%' }}>
                    <Form.Item name={['lead', m, 'value']} noStyle>
                      <InputNumber min={0} max={10000} step={1} style={{ width: '60%' }} data-testid={`resource-form-lead-${m}`} />
                    </Form.Item>
                    <Form.Item name={['lead', m, 'unit']} noStyle initialValue="hours">
                      <Select
                        style={{ width: '40%' }}
                        options={[
                          { value: 'hours', label: t('resourceForm.hoursUnit') },
                          { value: 'days', label: t('resourceForm.daysUnit') },
                        ]}
                        data-testid={`resource-form-lead-unit-${m}`}
                      />
                    </Form.Item>
                  </Space.Compact>
                </Form.Item>
              ))}
            </div>

            <Divider titlePlacement="start">{t('resourceForm.sections.hours')}</Divider>
            <div data-testid="resource-form-hours">
              {DAY_KEYS.map((d) => (
                <Form.List key={d} name={['hours', d]}>
                  {(fields, { add, remove }) => (
                    <Flex gap={8} align="flex-start" wrap style={{ marginBottom: 8 }}>
                      <div style={{ width: 56, paddingTop: 5, flex: 'none' }}>{t(`weekday.${d}`)}</div>
                      <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
                        {fields.length === 0 ? (
                          <Typography.Text type="secondary" style={{ paddingTop: 5 }}>
                            {t('resource.closedDay')}
                          </Typography.Text>
                        ) : null}
                        {fields.map((f) => (
                          <Flex key={f.key} gap={6} align="flex-start">
                            <Form.Item
                              name={[f.name, 'from']}
                              rules={[{ required: true, message: t('resourceForm.timeInvalid') }, timeRule]}
                              style={{ marginBottom: 0 }}
                            >
                              <Input style={{ width: 80 }} placeholder="09:00" data-testid={`resource-form-hours-${d}-${f.name}-from`} />
                            </Form.Item>
                            <span style={{ paddingTop: 5 }}>–</span>
                            <Form.Item
                              name={[f.name, 'to']}
                              dependencies={[['hours', d, f.name, 'from']]}
                              rules={[
                                { required: true, message: t('resourceForm.timeInvalid') },
                                timeRule,
                                ({ getFieldValue }) => ({
                                  validator: (_, v?: string) => {
                                    const from = getFieldValue(['hours', d, f.name, 'from']) as string | undefined;
                                    if (!v || !from || !TIME.test(v) || !TIME.test(from) || toMin(v) > toMin(from)) return Promise.resolve();
                                    return Promise.reject(new Error(t('resourceForm.rangeInvalid')));
                                  },
                                }),
                              ]}
                              style={{ marginBottom: 0 }}
                            >
                              <Input style={{ width: 80 }} placeholder="17:00" data-testid={`resource-form-hours-${d}-${f.name}-to`} />
                            </Form.Item>
                            <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                          </Flex>
                        ))}
                      </Flex>
                      <Button
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => add({ from: '09:00', to: '17:00' })}
                        data-testid={`resource-form-hours-${d}-add`}
                      >
                        {isPhone ? null : t('resourceForm.addRange')}
                      </Button>
                    </Flex>
                  )}
                </Form.List>
              ))}
            </div>
          </>
        ) : (
          <Typography.Paragraph type="secondary">{t('resourceForm.modesNone')}</Typography.Paragraph>
        )}
        {!access.canRegisterResources && !editing ? <Typography.Text type="danger">{t('common.notAllowedDetail')}</Typography.Text> : null}
      </Form>
    </Modal>
  );
}
