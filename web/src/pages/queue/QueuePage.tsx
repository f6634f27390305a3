// The operator's approval queue (issue 15): every pending booking, training request and access
// request of every resource the signed-in person runs, on one page, decided inline. A second tab
// lists the person's own training requests (for a booker waiting on training).
import { useState, type ReactNode } from 'react';
import { Badge, Button, Card, DatePicker, Empty, Flex, Input, List, Modal, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { dayjs, formatRange, formatTime } from '../../app/time';
import { formatFen } from '../../app/money';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { bookingsApi } from '../../api/bookings';
import { accessRequestsApi } from '../../api/resources';
import { trainingRequestsApi, workbenchApi, type TrainingRequest } from '../../api/workbench';

type Kind = 'booking' | 'training' | 'access';
type Deciding = { kind: Kind; id: number; approve: boolean; title: string } | null;

const STATE_COLOR: Record<string, string> = { pending: 'orange', granted: 'green', rejected: 'red' };

export default function QueuePage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mine' ? 'mine' : 'queue';
  return (
    <Flex vertical gap={16} data-testid="queue-page">
      <PageHeader title={t('queue.title')} subtitle={t('queue.subtitle')} testId="queue-header" />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'mine' ? { tab: 'mine' } : {}, { replace: true })}
        items={[
          ...(access.queueMenu || tab === 'queue'
            ? [{ key: 'queue', label: <span data-testid="queue-tab-queue">{t('queue.tabQueue')}</span>, children: <Pending /> }]
            : []),
          ...(access.canBook ? [{ key: 'mine', label: <span data-testid="queue-tab-mine">{t('queue.tabMine')}</span>, children: <MyTrainingRequests /> }] : []),
        ]}
      />
    </Flex>
  );
}

function Section(props: { title: string; count: number; testId: string; children: ReactNode; more?: ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <span>{props.title}</span>
          <Badge count={props.count} showZero color={props.count ? '#fa8c16' : '#bfbfbf'} data-testid={`${props.testId}-count`} />
        </Flex>
      }
      extra={props.more}
      data-testid={props.testId}
    >
      {props.children}
    </Card>
  );
}

function Pending() {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const queue = useQuery({ queryKey: ['queue', 'items'], queryFn: ({ signal }) => workbenchApi.queue(signal) });
  // At phone width the buttons go under each item instead of squeezing it.
  const layout = useIsPhone() ? 'vertical' : 'horizontal';
  const [deciding, setDeciding] = useState<Deciding>(null);
  const [note, setNote] = useState('');
  const [expiresOn, setExpiresOn] = useState<Dayjs | null>(null);

  const decide = useMutation({
    mutationFn: async (d: NonNullable<Deciding> & { note?: string; expiresOn?: string }) => {
      if (d.kind === 'booking') return bookingsApi.act(d.id, d.approve ? 'approve' : 'reject', d.note ? { note: d.note } : {});
      if (d.kind === 'access') return accessRequestsApi.decide(d.id, d.approve ? 'approve' : 'reject', d.note);
      return trainingRequestsApi.decide(d.id, d.approve ? 'grant' : 'reject', {
        ...(d.note ? { note: d.note } : {}),
        ...(d.expiresOn ? { expiresOn: d.expiresOn } : {}),
      });
    },
    onSuccess: (_r, d) => {
      setDeciding(null);
      fb.success(d.approve ? t('queue.approved') : t('queue.rejected'));
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['workbench'] });
    },
    onError: (err) => {
      fb.error(err);
      void qc.invalidateQueries({ queryKey: ['queue'] });
    },
  });

  const open = (d: NonNullable<Deciding>) => {
    setNote('');
    setExpiresOn(d.kind === 'training' && d.approve ? dayjs().add(1, 'year') : null);
    setDeciding(d);
  };
  const actions = (kind: Kind, id: number, title: string, approveLabel: string) => [
    <Button
      key="ok"
      type="primary"
      size="small"
      icon={<CheckOutlined />}
      onClick={() => open({ kind, id, approve: true, title })}
      data-testid={`queue-${kind}-approve-${id}`}
    >
      {approveLabel}
    </Button>,
    <Button
      key="no"
      danger
      size="small"
      icon={<CloseOutlined />}
      onClick={() => open({ kind, id, approve: false, title })}
      data-testid={`queue-${kind}-reject-${id}`}
    >
      {t('queue.reject')}
    </Button>,
  ];

  if (queue.isError) return <Typography.Text type="danger">{t('error.generic')}</Typography.Text>;
  const q = queue.data;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} />;

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary" data-testid="queue-total">
        {q ? t('queue.total', { n: q.counts.total }) : t('common.loading')}
      </Typography.Text>
      <Section
        title={t('queue.bookings')}
        count={q?.counts.bookings ?? 0}
        testId="queue-bookings"
        more={
          <Link to="/resources/manage" data-testid="queue-bookings-more">
            {t('queue.manage')}
          </Link>
        }
      >
        <List
          itemLayout={layout}
          loading={queue.isLoading}
          dataSource={q?.bookings ?? []}
          locale={{ emptyText: empty }}
          renderItem={(b) => (
            <List.Item
              key={b.id}
              actions={actions('booking', b.id, `${b.resourceName ?? ''} · ${b.userName ?? ''}`, t('queue.approve'))}
              data-testid={`queue-booking-${b.id}`}
            >
              <List.Item.Meta
                title={<Link to={`/resources/${b.resourceId}`}>{b.resourceName}</Link>}
                description={
                  <Flex vertical gap={2}>
                    <span>
                      {b.userName} · {b.organizationName}
                    </span>
                    <span>
                      {formatRange(b.startsAt, b.endsAt)} · {formatFen(b.quoteFen)}
                    </span>
                    {b.purpose ? <Typography.Text type="secondary">{b.purpose}</Typography.Text> : null}
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      </Section>
      <Section title={t('queue.training')} count={q?.counts.trainingRequests ?? 0} testId="queue-training">
        <List
          itemLayout={layout}
          loading={queue.isLoading}
          dataSource={q?.trainingRequests ?? []}
          locale={{ emptyText: empty }}
          renderItem={(x) => (
            <List.Item
              key={x.id}
              actions={actions('training', x.id, `${x.resourceName} · ${x.userName}`, t('queue.grant'))}
              data-testid={`queue-training-${x.id}`}
            >
              <List.Item.Meta
                title={<Link to={`/resources/${x.resourceId}`}>{x.resourceName}</Link>}
                description={
                  <Flex vertical gap={2}>
                    <span>
                      {x.userName} · {x.organizationName}
                    </span>
                    <span>{t('queue.requestedAt', { at: formatTime(x.createdAt) })}</span>
                    {x.note ? <Typography.Text type="secondary">{x.note}</Typography.Text> : null}
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      </Section>
      <Section title={t('queue.access')} count={q?.counts.accessRequests ?? 0} testId="queue-access">
        <List
          itemLayout={layout}
          loading={queue.isLoading}
          dataSource={q?.accessRequests ?? []}
          locale={{ emptyText: empty }}
          renderItem={(x) => (
            <List.Item
              key={x.id}
              actions={actions('access', x.id, `${x.resourceName ?? ''} · ${x.userName ?? ''}`, t('queue.approve'))}
              data-testid={`queue-access-${x.id}`}
            >
              <List.Item.Meta
                title={<Link to={`/resources/${x.resourceId}`}>{x.resourceName}</Link>}
                description={
                  <Flex vertical gap={2}>
                    <span>
                      {x.userName} · {x.organizationName}
                    </span>
                    <span>{t('queue.requestedAt', { at: formatTime(x.createdAt) })}</span>
                    <Typography.Text type="secondary">{x.purpose}</Typography.Text>
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      </Section>

      <Modal
        open={!!deciding}
        title={
          deciding ? `${deciding.approve ? (deciding.kind === 'training' ? t('queue.grant') : t('queue.approve')) : t('queue.reject')} · ${deciding.title}` : ''
        }
        onCancel={() => setDeciding(null)}
        onOk={() =>
          deciding && decide.mutate({ ...deciding, note: note.trim() || undefined, expiresOn: expiresOn ? expiresOn.format('YYYY-MM-DD') : undefined })
        }
        confirmLoading={decide.isPending}
        okButtonProps={{ danger: deciding ? !deciding.approve : false, 'data-testid': 'queue-decide-ok' }}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          {deciding?.kind === 'training' && deciding.approve ? (
            <label>
              <div>{t('queue.expiresOn')}</div>
              <DatePicker
                value={expiresOn}
                onChange={setExpiresOn}
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                style={{ width: '100%' }}
                data-testid="queue-expires-on"
              />
            </label>
          ) : null}
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={300}
            rows={3}
            placeholder={t('queue.notePlaceholder')}
            data-testid="queue-decide-note"
          />
        </Flex>
      </Modal>
    </Flex>
  );
}

function MyTrainingRequests() {
  const { t } = useTranslation();
  const mine = useQuery({
    queryKey: ['training-requests', 'mine'],
    queryFn: ({ signal }) => trainingRequestsApi.list({ scope: 'mine', pageSize: 100 }, signal),
  });
  return (
    <Card size="small" data-testid="queue-mine">
      <List<TrainingRequest>
        loading={mine.isLoading}
        dataSource={mine.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.mineEmpty')} /> }}
        renderItem={(x) => (
          <List.Item key={x.id} data-testid={`queue-mine-${x.id}`}>
            <List.Item.Meta
              title={
                <Flex gap={8} wrap align="center">
                  <Link to={`/resources/${x.resourceId}`}>{x.resourceName}</Link>
                  <Tag color={STATE_COLOR[x.state]}>{t(`training.state.${x.state as 'pending' | 'granted' | 'rejected'}`)}</Tag>
                </Flex>
              }
              description={
                <Flex vertical gap={2}>
                  <span>{t('queue.requestedAt', { at: formatTime(x.createdAt) })}</span>
                  {x.decisionNote ? <span>{x.decisionNote}</span> : null}
                </Flex>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
