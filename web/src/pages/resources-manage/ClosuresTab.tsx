// Closures and maintenance windows of a resource: add one (start and end in Beijing time, with a
// reason) and see the active bookings that fall inside it; list (a page at a time) and remove the
// coming ones. Drafts have closures too.
import { useState } from 'react';
import { Alert, Button, DatePicker, Flex, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { dayjs, formatRange, fromPickerValue, startOfDayIso } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds, rowTestId } from '../../components/testids';
import { resourcesApi, type ClosureCreated, type ClosureItem } from '../../api/resources';

interface ClosureForm {
  kind: 'closure' | 'maintenance';
  range: [Dayjs, Dayjs];
  reason?: string;
}

export function ClosuresTab(props: { resourceId: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<ClosureForm>();
  const [created, setCreated] = useState<ClosureCreated | null>(null);

  // Everything from the start of today (Beijing time) on, a page at a time.
  const [from] = useState(() => startOfDayIso(dayjs().tz('Asia/Shanghai')));
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = { from, page, pageSize };
  const upcoming = useQuery({
    queryKey: ['closures', props.resourceId, query],
    queryFn: ({ signal }) => resourcesApi.closures(props.resourceId, query, signal),
    placeholderData: keepPreviousData,
  });
  // The booking calendar shows closures too.
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['closures', props.resourceId] });
    void qc.invalidateQueries({ queryKey: ['availability', props.resourceId] });
  };

  const add = useMutation({
    mutationFn: (v: ClosureForm) =>
      resourcesApi.addClosure(props.resourceId, {
        kind: v.kind,
        startsAt: fromPickerValue(v.range[0])!,
        endsAt: fromPickerValue(v.range[1])!,
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      }),
    onSuccess: (c) => {
      setCreated(c);
      fb.success(t('manage.closures.added'));
      form.resetFields();
      form.setFieldsValue({ kind: 'maintenance' });
      refresh();
    },
    onError: (err) => fb.formError(form, err, ['kind', 'reason'], { startsAt: 'range', endsAt: 'range' }),
  });
  const remove = useMutation({
    mutationFn: (c: ClosureItem) => resourcesApi.removeClosure(props.resourceId, c.id),
    onSuccess: () => {
      fb.success(t('manage.closures.removed'));
      setCreated(null);
      refresh();
    },
    onError: (err) => fb.error(err),
  });

  return (
    <div data-testid="manage-closures">
      <Form<ClosureForm>
        form={form}
        layout={isPhone ? 'vertical' : 'inline'}
        initialValues={{ kind: 'maintenance' }}
        onFinish={(v) => add.mutate(v)}
        style={{ marginBottom: 12, rowGap: 8 }}
        data-testid="closure-form"
      >
        <Form.Item name="kind" label={t('manage.closures.kind')}>
          <Select
            style={{ width: isPhone ? '100%' : 110 }}
            options={(['maintenance', 'closure'] as const).map((k) => ({ value: k, label: labels.closureKind(k) }))}
            optionRender={optionTestIds('closure-kind-opt')}
            data-testid="closure-kind"
          />
        </Form.Item>
        <Form.Item name="range" label={t('manage.closures.range')} rules={[{ required: true, message: t('manage.closures.rangeRequired') }]}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm', minuteStep: 30 }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: isPhone ? '100%' : 330 }}
            data-testid="closure-range"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('manage.closures.reason')}>
          <Input maxLength={300} style={{ width: isPhone ? '100%' : 180 }} data-testid="closure-reason" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="closure-add">
            {t('manage.closures.add')}
          </Button>
        </Form.Item>
      </Form>
      {created ? (
        <Alert
          type={created.affectedBookings.length ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setCreated(null) }}
          style={{ marginBottom: 12 }}
          data-testid="closure-result"
          data-affected={created.affectedBookings.length}
          title={`${labels.closureKind(created.kind)} · ${formatRange(created.startsAt, created.endsAt)}`}
          description={
            created.affectedBookings.length
              ? t('manage.closures.affected', {
                  n: created.affectedBookings.length,
                  ids: created.affectedBookings.map((id) => `#${id}`).join(t('common.listSep')),
                })
              : t('manage.closures.noneAffected')
          }
        />
      ) : null}
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {t('manage.closures.upcoming')}
      </Typography.Text>
      <Table<ClosureItem>
        rowKey="id"
        size="middle"
        loading={upcoming.isFetching}
        dataSource={upcoming.data?.items ?? []}
        onChange={(p) => {
          setPage(p.current ?? 1);
          setPageSize(p.pageSize ?? 20);
        }}
        pagination={{ current: page, pageSize, total: upcoming.data?.total ?? 0, hideOnSinglePage: true, size: isPhone ? 'small' : undefined }}
        onRow={(c) => rowTestId('closure-row', c.id)}
        scroll={{ x: isPhone ? 'max-content' : undefined }}
        columns={[
          { key: 'kind', title: t('manage.closures.kind'), width: 90, render: (_: unknown, c) => labels.closureKind(c.kind) },
          {
            key: 'range',
            title: t('manage.closures.range'),
            render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatRange(c.startsAt, c.endsAt)}</span>,
          },
          {
            key: 'reason',
            dataIndex: 'reason',
            title: t('manage.closures.reason'),
            render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 90,
            render: (_: unknown, c) => (
              <Popconfirm
                title={t('manage.closures.removeConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'closure-remove-confirm' }}
                onConfirm={() => remove.mutateAsync(c).catch(() => undefined)}
              >
                <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid={`closure-remove-${c.id}`}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {upcoming.isError ? (
        <Flex style={{ marginTop: 8 }}>
          <Typography.Text type="danger">{String(upcoming.error.message)}</Typography.Text>
        </Flex>
      ) : null}
    </div>
  );
}
