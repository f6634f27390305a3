// The inbox (站内消息): my notifications newest first, all or only the unread, paginated (page and
// filter kept in the address), each linking to its page; mark one or all read; and my settings.
import { Badge, Button, Card, Empty, Flex, List, Pagination, Segmented, Tabs, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/i18n';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatTime } from '../../app/time';
import { notificationKeys, notificationsApi } from '../../api/notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { useOpenNotification, useUnreadCount } from '../../components/NotificationBell';
import { NotificationPrefsCard } from '../../components/NotificationPrefs';

const PAGE_SIZE = 20;

export default function InboxPage() {
  const { t } = useTranslation();
  const [lang] = useLang();
  const isPhone = useIsPhone();
  const qc = useQueryClient();
  const fb = useFeedback();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'settings' ? 'settings' : 'messages';
  const unreadOnly = params.get('unread') === '1';
  const page = Math.max(1, Math.min(10_000, Number(params.get('page')) || 1));
  const q = { page, pageSize: PAGE_SIZE, ...(unreadOnly ? { unread: true } : {}) };
  const list = useQuery({ queryKey: notificationKeys.list(lang, q), queryFn: () => notificationsApi.list(q), refetchOnWindowFocus: true });
  const count = useUnreadCount();
  const openOne = useOpenNotification();
  const invalidate = () => qc.invalidateQueries({ queryKey: notificationKeys.all });
  const markRead = useMutation({ mutationFn: (id: number) => notificationsApi.markRead(id), onSettled: invalidate, onError: (e) => fb.error(e) });
  const markAll = useMutation({
    mutationFn: () => notificationsApi.markAllRead(),
    onSuccess: (r) => fb.success(t('inbox.markedAll', { count: r.marked })),
    onError: (e) => fb.error(e),
    onSettled: invalidate,
  });
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const unread = count.data?.unread ?? 0;

  const messages = (
    <Card styles={{ body: { padding: isPhone ? 12 : 16 } }}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => set({ unread: v === 'unread' ? '1' : null, page: null })}
          options={[
            { value: 'all', label: t('inbox.all') },
            { value: 'unread', label: `${t('inbox.unread')}${unread ? ` (${unread})` : ''}` },
          ]}
          data-testid="inbox-filter"
        />
        <Button icon={<CheckOutlined />} disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()} data-testid="inbox-mark-all">
          {t('inbox.markAllRead')}
        </Button>
      </Flex>
      <List
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={unreadOnly ? t('inbox.emptyUnread') : t('inbox.empty')} /> }}
        renderItem={(n) => (
          <List.Item
            key={n.id}
            data-testid={`inbox-item-${n.id}`}
            data-kind={n.kind}
            data-read={n.readAt ? 'true' : 'false'}
            style={{ alignItems: 'flex-start', background: n.readAt ? undefined : '#f5f9ff', paddingInline: 8 }}
            actions={
              n.readAt
                ? [
                    <Typography.Text key="read" type="secondary" style={{ fontSize: 12 }}>
                      {t('inbox.read')}
                    </Typography.Text>,
                  ]
                : [
                    <Button key="read" size="small" type="link" onClick={() => markRead.mutate(n.id)} data-testid={`inbox-read-${n.id}`}>
                      {t('inbox.markRead')}
                    </Button>,
                  ]
            }
          >
            <Flex gap={10} style={{ minWidth: 0, width: '100%' }}>
              <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 4 }} />
              <div style={{ minWidth: 0, flex: 1 }}>
                {n.link ? (
                  <Typography.Link strong={!n.readAt} onClick={() => openOne(n)} data-testid={`inbox-open-${n.id}`}>
                    {n.title}
                  </Typography.Link>
                ) : (
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                )}
                {n.body ? <Typography.Paragraph style={{ margin: '2px 0 0', wordBreak: 'break-word' }}>{n.body}</Typography.Paragraph> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(n.createdAt)}
                </Typography.Text>
              </div>
            </Flex>
          </List.Item>
        )}
      />
      {list.data && list.data.total > PAGE_SIZE ? (
        <Flex justify="flex-end" style={{ marginTop: 12 }}>
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            showSizeChanger={false}
            size={isPhone ? 'small' : undefined}
            showTotal={isPhone ? undefined : (total) => t('common.total', { total })}
            onChange={(p) => set({ page: p === 1 ? null : String(p) })}
          />
        </Flex>
      ) : null}
    </Card>
  );

  return (
    <div data-testid="inbox-page">
      <PageHeader title={t('inbox.title')} subtitle={t('inbox.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'settings' ? 'settings' : null, page: null })}
        items={[
          { key: 'messages', label: t('inbox.tabMessages'), children: messages },
          { key: 'settings', label: <span data-testid="inbox-tab-settings">{t('inbox.tabSettings')}</span>, children: <NotificationPrefsCard /> },
        ]}
      />
    </div>
  );
}
