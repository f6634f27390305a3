// One resource: every detail of the record, and — for instruments, facilities and compute — the
// week calendar with the booking panel; data sets and germplasm are requested instead.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, Result, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CalendarOutlined, ControlOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { dayjs, formatDate, weekStartBj } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { BookingPanel } from './BookingPanel';
import { ResourceExtras } from './ResourceExtras';
import { DAY_KEYS, resourceCalendarUrl, resourcesApi, type Interval, type Resource, type ServiceMode } from '../../api/resources';
import { KindTag, PriceLine, StatusTag, useDurationText } from '../../components/resources/tags';
import { CalendarLegend, WeekCalendar, slotRows, type Selection } from './WeekCalendar';

export default function ResourcePage() {
  const { t } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const id = Number(params.id);
  const res = useQuery({
    queryKey: ['resource', id],
    queryFn: ({ signal }) => resourcesApi.get(id, signal),
    enabled: Number.isInteger(id) && id > 0,
  });

  if (!Number.isInteger(id) || id <= 0 || (res.isError && res.error instanceof ApiError && res.error.status === 404)) {
    return (
      <Result
        status="404"
        title={t('resource.notFound')}
        extra={<Button onClick={() => navigate('/resources')}>{t('resource.back')}</Button>}
        data-testid="resource-not-found"
      />
    );
  }
  if (res.isError) {
    return (
      <Result
        status="error"
        title={res.error instanceof ApiError ? res.error.problem.title : t('error.generic')}
        subTitle={res.error instanceof ApiError ? res.error.problem.detail : String(res.error)}
        extra={<Button onClick={() => void res.refetch()}>{t('common.refresh')}</Button>}
      />
    );
  }
  if (!res.data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  return <ResourceView resource={res.data} />;
}

function ResourceView(props: { resource: Resource }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const access = useAccess();
  const r = props.resource;
  const category = r.category.filter(Boolean).join(' / ');
  const canManage = access.canOperateResource(r);

  return (
    <div data-testid="resource-page" data-resource-id={r.id}>
      <Link to="/resources" data-testid="resource-back" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('resource.back')}
      </Link>
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: 16 } }}>
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <Flex vertical gap={6} style={{ minWidth: 0, flex: '1 1 320px' }}>
            <Flex gap={8} align="center" wrap>
              <KindTag kind={r.kind} testId="resource-kind" />
              {r.status !== 'published' ? <StatusTag status={r.status} label={labels.resourceStatus(r.status)} /> : null}
              <Typography.Text type="secondary" className="mono" data-testid="resource-identifier">
                {r.identifier}
              </Typography.Text>
            </Flex>
            <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-word' }} data-testid="resource-name">
              {r.name}
            </Typography.Title>
            {category ? <Typography.Text type="secondary">{category}</Typography.Text> : null}
            <Flex gap={12} wrap>
              <Typography.Text data-testid="resource-owner">{r.ownerName}</Typography.Text>
              <Typography.Text type="secondary">
                <EnvironmentOutlined /> {r.city ? `${r.city} · ` : ''}
                {labels.jurisdiction(r.jurisdictionCode)}
              </Typography.Text>
            </Flex>
            <PriceLine
              modes={r.serviceModes}
              startupFeeFen={r.startupFeeFen}
              hourlyFeeFen={r.hourlyFeeFen}
              perSampleFen={r.perSampleFen}
              bookable={r.bookable}
              testId="resource-price"
            />
          </Flex>
          <Flex gap={8} wrap>
            {r.bookable ? (
              <a href={resourceCalendarUrl(r.id)} data-testid="resource-ics">
                <Button icon={<CalendarOutlined />}>{t('resource.calendarFeed')}</Button>
              </a>
            ) : null}
            {canManage ? (
              <Link to={`/resources/manage?resource=${r.id}`} data-testid="resource-manage">
                <Button icon={<ControlOutlined />}>{t('resource.manage')}</Button>
              </Link>
            ) : null}
          </Flex>
        </Flex>
      </Card>

      <ResourceExtras resource={r} />

      {r.status !== 'published' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={labels.resourceStatus(r.status)}
          description={t('resource.notPublished')}
          data-testid="resource-not-published"
        />
      ) : r.bookable ? (
        <BookingSection resource={r} />
      ) : (
        <AccessRequestCard resource={r} />
      )}

      <ResourceDetails resource={r} />
    </div>
  );
}

function BookingSection(props: { resource: Resource }) {
  const { t } = useTranslation();
  const r = props.resource;
  const [weekStart, setWeekStart] = useState<Dayjs>(() => weekStartBj(dayjs()));
  const [mode, setMode] = useState<ServiceMode>(r.serviceModes[0] ?? 'assisted');
  const [selection, setSelection] = useState<Selection | null>(null);
  const [conflicts, setConflicts] = useState<Interval[]>([]);
  const rows = useMemo(() => slotRows(r.openingHours, r.rules.slotMinutes), [r.openingHours, r.rules.slotMinutes]);

  const from = weekStart.toISOString();
  const to = weekStart.add(7, 'day').toISOString();
  const availability = useQuery({
    queryKey: ['availability', r.id, from, to],
    queryFn: ({ signal }) => resourcesApi.availability(r.id, from, to, signal),
  });

  const onSelect = (s: Selection | null) => {
    setSelection(s);
    setConflicts([]);
    if (s) {
      const ws = weekStartBj(dayjs(s.start));
      if (ws.valueOf() !== weekStart.valueOf()) setWeekStart(ws);
    }
  };

  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} xl={15}>
        <Card
          title={t('calendar.title')}
          styles={{ body: { padding: 12 } }}
          style={{ height: '100%' }}
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.timezoneNote')}
            </Typography.Text>
          }
        >
          <WeekCalendar
            weekStart={weekStart}
            onWeekChange={(d) => setWeekStart(weekStartBj(d))}
            hours={r.openingHours}
            slotMinutes={r.rules.slotMinutes}
            availability={availability.data}
            loading={availability.isFetching}
            leadMinutes={r.rules.leadMinutes[mode as 'assisted'] ?? 0}
            maxAdvanceDays={r.rules.maxAdvanceDays}
            selection={selection}
            onSelect={onSelect}
            conflicts={conflicts}
          />
          {availability.isError ? (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 8 }}
              title={availability.error instanceof ApiError ? availability.error.problem.title : t('error.generic')}
              description={availability.error instanceof ApiError ? availability.error.problem.detail : undefined}
            />
          ) : null}
          <Flex vertical gap={6} style={{ marginTop: 10 }}>
            <CalendarLegend />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('calendar.hint')}
            </Typography.Text>
          </Flex>
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title={t('booking.title')} styles={{ body: { padding: 16 } }} style={{ height: '100%' }}>
          <BookingPanel
            resource={r}
            availability={availability.data}
            rows={rows}
            mode={mode}
            onModeChange={setMode}
            selection={selection}
            onSelect={onSelect}
            onConflicts={setConflicts}
          />
        </Card>
      </Col>
    </Row>
  );
}

function AccessRequestCard(props: { resource: Resource }) {
  const { t } = useTranslation();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ purpose: string }>();
  const request = useMutation({
    mutationFn: (v: { purpose: string }) => resourcesApi.requestAccess(props.resource.id, v.purpose.trim()),
    onSuccess: () => {
      fb.success(t('accessRequest.submitted'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['access-requests'] });
    },
    onError: (err) => fb.formError(form, err, ['purpose']),
  });
  return (
    <Card title={t('accessRequest.title')} style={{ marginBottom: 16 }} data-testid="access-request-card">
      <Typography.Paragraph type="secondary">{t('accessRequest.hint')}</Typography.Paragraph>
      {access.canBook ? (
        <Form form={form} layout="vertical" onFinish={(v) => request.mutate(v)} style={{ maxWidth: 640 }}>
          <Form.Item
            name="purpose"
            label={t('accessRequest.purpose')}
            rules={[{ required: true, whitespace: true, message: t('accessRequest.purposeRequired') }]}
          >
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 3, maxRows: 6 }} data-testid="access-request-purpose" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={request.isPending} data-testid="access-request-submit">
            {t('accessRequest.submit')}
          </Button>
          {request.isSuccess ? (
            <Alert
              type="success"
              showIcon
              style={{ marginTop: 12 }}
              data-testid="access-request-done"
              title={t('accessRequest.submitted')}
              description={<Link to="/bookings">{t('myBookings.accessRequests')}</Link>}
            />
          ) : null}
        </Form>
      ) : (
        <Alert type="warning" showIcon title={t('booking.cannotBook')} />
      )}
    </Card>
  );
}

function ResourceDetails(props: { resource: Resource }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const duration = useDurationText();
  const r = props.resource;
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const text = (v: string | null | undefined) => (v ? v : dash);

  const basics = [
    { key: 'identifier', label: t('resource.identifier'), children: <code>{r.identifier}</code> },
    { key: 'kind', label: t('resource.kind'), children: labels.resourceKind(r.kind) },
    { key: 'category', label: t('resource.category'), children: text(r.category.filter(Boolean).join(' / ')) },
    { key: 'model', label: t('resource.model'), children: text(r.model) },
    { key: 'manufacturer', label: t('resource.manufacturer'), children: text(r.manufacturer) },
    { key: 'origin', label: t('resource.originCountry'), children: text(r.originCountry) },
    { key: 'value', label: t('resource.originalValue'), children: r.originalValueFen != null ? formatFen(r.originalValueFen) : dash },
    { key: 'purchase', label: t('resource.purchaseDate'), children: text(r.purchaseDate) },
    { key: 'registered', label: t('resource.registeredOn'), children: text(r.registeredOn) },
    { key: 'address', label: t('resource.address'), children: text([r.city, r.address].filter(Boolean).join(' ')) },
    { key: 'jurisdiction', label: t('resource.jurisdiction'), children: labels.jurisdiction(r.jurisdictionCode) },
    { key: 'owner', label: t('resource.owner'), children: text(r.ownerName) },
    { key: 'manager', label: t('resource.manager'), children: text(r.managerName) },
    {
      key: 'keywords',
      label: t('resource.keywords'),
      children: r.keywords.length ? (
        <Flex wrap gap={4}>
          {r.keywords.map((k) => (
            <Tag key={k} style={{ marginInlineEnd: 0 }}>
              {k}
            </Tag>
          ))}
        </Flex>
      ) : (
        dash
      ),
    },
  ];

  const longText = (title: string, v: string, testId: string) =>
    v ? (
      <div style={{ marginTop: 16 }} data-testid={testId}>
        <Typography.Title level={5}>{title}</Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{v}</Typography.Paragraph>
      </div>
    ) : null;

  const fees = [
    r.serviceModes.some((m) => m !== 'sample_submission') && { key: 'startup', label: t('resource.startupFee'), children: formatFen(r.startupFeeFen) },
    r.serviceModes.some((m) => m !== 'sample_submission') && {
      key: 'hourly',
      label: t('resource.hourlyFee'),
      children: t('catalogue.perHour', { price: formatFen(r.hourlyFeeFen) }),
    },
    r.consumablesFen > 0 && { key: 'consumables', label: t('resource.consumables'), children: formatFen(r.consumablesFen) },
    r.serviceModes.includes('sample_submission') && { key: 'perSample', label: t('resource.perSample'), children: formatFen(r.perSampleFen) },
  ].filter(Boolean) as Array<{ key: string; label: string; children: string }>;

  const rules = [
    {
      key: 'modes',
      label: t('resource.serviceModes'),
      children: (
        <Flex wrap gap={4}>
          {r.serviceModes.map((m) => (
            <Tag key={m} color="blue" style={{ marginInlineEnd: 0 }}>
              {labels.serviceMode(m)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { key: 'slot', label: t('resource.slot'), children: t('resource.slotValue', { minutes: r.rules.slotMinutes }) },
    {
      key: 'notice',
      label: t('resource.notice'),
      children: (
        <Flex vertical>
          {r.serviceModes.map((m) => (
            <span key={m} data-testid={`resource-notice-${m}`}>
              {t('resource.noticeValue', { mode: labels.serviceMode(m), value: duration(r.rules.leadMinutes[m as 'assisted'] ?? 0) })}
            </span>
          ))}
        </Flex>
      ),
    },
    { key: 'advance', label: t('resource.maxAdvance'), children: t('resource.maxAdvanceValue', { days: r.rules.maxAdvanceDays }) },
    { key: 'duration', label: t('resource.duration'), children: t('resource.durationValue', { min: r.rules.minMinutes, max: r.rules.maxMinutes }) },
    { key: 'capacity', label: t('resource.capacity'), children: r.capacity },
    {
      key: 'approval',
      label: t('resource.approval'),
      children: r.needsApproval ? (
        <Tag color="gold" data-testid="resource-needs-approval">
          {t('resource.needsApproval')}
        </Tag>
      ) : (
        <Tag color="green">{t('resource.instant')}</Tag>
      ),
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title={t('resource.details')} data-testid="resource-details" style={{ height: '100%' }}>
          {r.description ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.description}</Typography.Paragraph> : null}
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered items={basics} styles={{ label: { whiteSpace: 'nowrap' } }} />
          {longText(t('resource.specifications'), r.specifications, 'resource-specifications')}
          {longText(t('resource.features'), r.features, 'resource-features')}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Flex vertical gap={16}>
          {r.bookable ? (
            <Card title={t('resource.fees')} data-testid="resource-fees">
              <Descriptions column={1} size="small" items={fees} />
              {r.serviceItems.length ? (
                <>
                  <Typography.Title level={5} style={{ marginTop: 12 }}>
                    {t('resource.serviceItems')}
                  </Typography.Title>
                  <Table
                    size="small"
                    rowKey={(x) => x.name}
                    pagination={false}
                    dataSource={r.serviceItems}
                    data-testid="resource-service-items"
                    columns={[
                      { key: 'name', dataIndex: 'name', title: t('resource.itemName') },
                      { key: 'unit', dataIndex: 'unit', title: t('resource.itemUnit'), width: 80 },
                      { key: 'price', dataIndex: 'priceFen', title: t('resource.itemPrice'), align: 'right', width: 120, render: (v: number) => formatFen(v) },
                    ]}
                  />
                </>
              ) : null}
            </Card>
          ) : null}
          {r.bookable ? (
            <Card title={t('resource.rules')} data-testid="resource-rules">
              <Descriptions column={1} size="small" items={rules} />
            </Card>
          ) : null}
          {r.bookable ? (
            <Card title={t('resource.openingHours')} data-testid="resource-hours">
              <Descriptions
                column={1}
                size="small"
                items={DAY_KEYS.map((d) => ({
                  key: d,
                  label: t(`weekday.${d}`),
                  children: (r.openingHours[d] ?? []).length ? (
                    (r.openingHours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(t('common.listSep'))
                  ) : (
                    <Typography.Text type="secondary">{t('resource.closedDay')}</Typography.Text>
                  ),
                }))}
              />
            </Card>
          ) : null}
          {!r.bookable && !r.description ? <Empty /> : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('common.updatedAt')}: {formatDate(r.updatedAt)}
          </Typography.Text>
        </Flex>
      </Col>
    </Row>
  );
}
