// The expert's own profile in the shared pool: title, disciplines (GB/T 13745 codes), keywords,
// availability and a short bio — what reviewer assignment matches applications against — and the
// relations the expert declares (co-authors, collaborators, advisors, advisees, family, other
// declared conflicts) with another expert or an organisation, which keep them off those
// applications.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, Modal, Radio, Row, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { optionTestIds, rowTestId } from '../../components/testids';
import { AVAILABILITY, DISCIPLINE_RE, RELATION_KINDS, expertsApi, type ExpertInput, type Relation, type RelationInput } from '../../api/calls';
import { TagsInput, useResearchLabels } from '../../components/research/tags';
import { OrgSelect } from '../../components/OrganizationSelect';
import { byName } from '../../app/collate';

export function RelationsTable(props: { relations: Relation[] }) {
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const isPhone = useIsPhone();
  return (
    <Table<Relation>
      rowKey="id"
      size="small"
      dataSource={props.relations}
      pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
      onRow={(r) => rowTestId('relation-row', r.id)}
      columns={[
        {
          key: 'kind',
          title: t('experts.relationKindLabel'),
          width: 90,
          sorter: (a, b) => a.kind.localeCompare(b.kind),
          render: (_: unknown, r) => <Tag style={{ marginInlineEnd: 0 }}>{rl.relation(r.kind)}</Tag>,
        },
        {
          key: 'other',
          title: t('experts.other'),
          sorter: (a, b) => byName(a.otherName, b.otherName),
          render: (_: unknown, r) => <span data-testid={`relation-other-${r.id}`}>{r.otherName ?? '—'}</span>,
        },
        {
          key: 'period',
          title: t('experts.period'),
          width: isPhone ? 110 : 170,
          render: (_: unknown, r) => (r.since || r.until ? `${r.since ?? '…'} – ${r.until ?? t('experts.ongoing')}` : '—'),
        },
        {
          key: 'by',
          title: t('experts.declaredBy'),
          width: 80,
          responsive: ['lg'],
          render: (_: unknown, r) => (r.declaredByExpert ? t('experts.byExpert') : t('experts.byOther')),
        },
        { key: 'note', title: t('experts.note'), responsive: ['md'], render: (_: unknown, r) => r.note || '—' },
      ]}
    />
  );
}

interface ProfileValues {
  title?: string;
  disciplines: string[];
  keywords: string[];
  availability: string;
  bio?: string;
}

export default function ExpertProfilePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const labels = useLabels();
  const rl = useResearchLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [form] = Form.useForm<ProfileValues>();
  const [relOpen, setRelOpen] = useState(false);
  const id = me?.id ?? 0;
  const profile = useQuery({ queryKey: ['expert', id], queryFn: ({ signal }) => expertsApi.get(id, signal), enabled: id > 0, retry: false });
  const missing = profile.error instanceof ApiError && profile.error.status === 404;

  useEffect(() => {
    if (profile.data)
      form.setFieldsValue({
        title: profile.data.title,
        disciplines: profile.data.disciplines,
        keywords: profile.data.keywords,
        availability: profile.data.availability,
        bio: profile.data.bio,
      });
    else if (missing) form.setFieldsValue({ availability: 'available', disciplines: [], keywords: [] });
  }, [profile.data, missing, form]);

  const save = useMutation({
    mutationFn: (v: ProfileValues) =>
      expertsApi.save(id, {
        title: v.title?.trim() || undefined,
        disciplines: v.disciplines ?? [],
        keywords: v.keywords ?? [],
        availability: v.availability as ExpertInput['availability'],
        bio: v.bio?.trim() || undefined,
      } satisfies ExpertInput),
    onSuccess: (e) => {
      qc.setQueryData(['expert', id], e);
      void qc.invalidateQueries({ queryKey: ['experts'] });
      fb.success(t('common.saved'));
    },
    onError: (err) => fb.formError(form, err, ['title', 'disciplines', 'keywords', 'availability', 'bio']),
  });

  if (!me || (profile.isLoading && !missing)) return <Skeleton active />;
  const p = profile.data;

  return (
    <div data-testid="expert-profile-page">
      <PageHeader title={t('experts.profileTitle')} subtitle={t('experts.profileSubtitle')} />
      {missing ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('experts.noProfile')} data-testid="expert-profile-missing" /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('experts.profile')}
            extra={
              p ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(p.updatedAt)}
                </Typography.Text>
              ) : null
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {me.displayName} · {me.organization.name} · {labels.jurisdiction(me.organization.jurisdictionCode)}
            </Typography.Paragraph>
            <Form<ProfileValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="expert-profile-form">
              <Form.Item name="title" label={t('experts.titleLabel')}>
                <Input maxLength={100} placeholder={t('experts.titlePlaceholder')} data-testid="expert-title" />
              </Form.Item>
              <Form.Item
                name="disciplines"
                label={t('calls.disciplines')}
                extra={t('calls.form.disciplinesHint')}
                rules={[
                  {
                    validator: (_, v: string[] | undefined) =>
                      (v ?? []).every((d) => DISCIPLINE_RE.test(d)) ? Promise.resolve() : Promise.reject(new Error(t('calls.form.disciplineInvalid'))),
                  },
                ]}
              >
                <TagsInput testId="expert-disciplines" maxCount={20} />
              </Form.Item>
              <Form.Item name="keywords" label={t('calls.keywords')} extra={t('experts.keywordsHint')}>
                <TagsInput testId="expert-keywords" maxCount={30} />
              </Form.Item>
              <Form.Item name="availability" label={t('experts.availabilityLabel')} extra={t('experts.availabilityHint')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={AVAILABILITY.map((a) => ({ value: a, label: <span data-testid={`expert-availability-${a}`}>{rl.availability(a)}</span> }))}
                />
              </Form.Item>
              <Form.Item name="bio" label={t('experts.bio')}>
                <Input.TextArea rows={3} maxLength={4000} data-testid="expert-bio" />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="expert-save">
                {t('common.save')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('experts.relations')}
            extra={
              p ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setRelOpen(true)} data-testid="relation-add">
                  {t('experts.addRelation')}
                </Button>
              ) : null
            }
            data-testid="expert-relations"
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('experts.relationsHint')}
            </Typography.Paragraph>
            {p?.relations.length ? (
              <RelationsTable relations={p.relations} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('experts.noRelations')} />
            )}
          </Card>
        </Col>
      </Row>
      <RelationModal
        open={relOpen}
        expertId={id}
        onClose={() => setRelOpen(false)}
        onDone={(rels) => {
          if (p) qc.setQueryData(['expert', id], { ...p, relations: rels });
          setRelOpen(false);
        }}
      />
    </div>
  );
}

interface RelationValues {
  kind: string;
  with: 'expert' | 'organization';
  otherUserId?: number;
  otherOrganizationId?: number;
  period?: [Dayjs | null, Dayjs | null];
  note?: string;
}

function RelationModal(props: { open: boolean; expertId: number; onClose: () => void; onDone: (r: Relation[]) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const fb = useFeedback();
  const [form] = Form.useForm<RelationValues>();
  const kind = Form.useWatch('with', form);
  const experts = useQuery({
    queryKey: ['experts', 'all'],
    queryFn: ({ signal }) => expertsApi.list({ page: 1, pageSize: 100, sort: 'name' }, signal),
    enabled: props.open,
    staleTime: 60_000,
  });
  const mutation = useMutation({
    mutationFn: (v: RelationValues) =>
      expertsApi.declareRelation(props.expertId, {
        kind: v.kind as RelationInput['kind'],
        ...(v.with === 'expert' ? { otherUserId: v.otherUserId } : { otherOrganizationId: v.otherOrganizationId }),
        since: v.period?.[0]?.format('YYYY-MM-DD'),
        until: v.period?.[1]?.format('YYYY-MM-DD'),
        note: v.note?.trim() || undefined,
      }),
    onSuccess: (r) => {
      fb.success(t('experts.relationSaved'));
      props.onDone(r);
    },
  });
  return (
    <Modal
      open={props.open}
      title={t('experts.addRelation')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'relation-submit' }}
      afterClose={() => {
        mutation.reset();
        form.resetFields();
      }}
      destroyOnHidden
    >
      <Form<RelationValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'coauthor', with: 'expert' }}
        onFinish={(v) => mutation.mutate(v)}
        style={{ marginTop: 12 }}
        data-testid="relation-form"
      >
        <Form.Item name="kind" label={t('experts.relationKindLabel')} rules={[{ required: true }]}>
          <Select
            options={RELATION_KINDS.map((k) => ({ value: k, label: rl.relation(k) }))}
            optionRender={optionTestIds('relation-kind-opt')}
            data-testid="relation-kind"
          />
        </Form.Item>
        <Form.Item name="with" label={t('experts.with')}>
          <Radio.Group
            options={[
              { value: 'expert', label: <span data-testid="relation-with-expert">{t('experts.withExpert')}</span> },
              { value: 'organization', label: <span data-testid="relation-with-org">{t('experts.withOrg')}</span> },
            ]}
          />
        </Form.Item>
        {kind === 'organization' ? (
          <Form.Item name="otherOrganizationId" label={t('experts.withOrg')} rules={[{ required: true, message: t('calls.form.required') }]}>
            <OrgSelect testId="relation-org" />
          </Form.Item>
        ) : (
          <Form.Item name="otherUserId" label={t('experts.withExpert')} rules={[{ required: true, message: t('calls.form.required') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(experts.data?.items ?? [])
                .filter((e) => e.userId !== props.expertId)
                .map((e) => ({ value: e.userId, label: `${e.name} · ${labels.jurisdictionShort(e.jurisdictionCode)}` }))}
              optionRender={optionTestIds('relation-expert-opt')}
              data-testid="relation-expert"
            />
          </Form.Item>
        )}
        <Form.Item name="period" label={t('experts.period')} extra={t('experts.periodHint')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="relation-period" />
        </Form.Item>
        <Form.Item name="note" label={t('experts.note')}>
          <Input maxLength={500} data-testid="relation-note" />
        </Form.Item>
      </Form>
      {mutation.error ? <ProblemAlert error={mutation.error} testId="relation-error" /> : null}
    </Modal>
  );
}
