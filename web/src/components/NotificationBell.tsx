// The bell in the header: the unread count (polled every 30 s and on focus), a drop-down of the
// latest few notifications, and the way to the inbox. Opening an entry marks it read.
import { useState } from 'react';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLang } from '../app/i18n';
import { formatTime } from '../app/time';
import { useIsPhone } from '../app/layout/useIsPhone';
import { notificationKeys, notificationsApi, type Notification } from '../api/notifications';

const POLL_MS = 30_000;

export function useUnreadCount() {
  const [lang] = useLang();
  return useQuery({
    queryKey: notificationKeys.count(lang),
    queryFn: () => notificationsApi.unreadCount(),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** Marks a notification read (when it is not yet) and goes to its page. */
export function useOpenNotification() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const read = useMutation({
    mutationFn: (id: number) => notificationsApi.markRead(id),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  return (n: Notification) => {
    if (!n.readAt) read.mutate(n.id);
    if (n.link) navigate(n.link);
  };
}

export function NotificationBell(props: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const [lang] = useLang();
  const [open, setOpen] = useState(false);
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const count = useUnreadCount();
  const latest = useQuery({
    queryKey: notificationKeys.latest(lang),
    queryFn: () => notificationsApi.list({ pageSize: 5 }),
    enabled: open,
    refetchOnWindowFocus: true,
  });
  const openOne = useOpenNotification();
  const readAll = useMutation({ mutationFn: () => notificationsApi.markAllRead(), onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }) });
  const unread = count.data?.unread ?? 0;
  const close = () => {
    setOpen(false);
    props.onNavigate?.();
  };

  const content = (
    <div style={{ width: 'min(360px, calc(100vw - 32px))' }} data-testid="bell-dropdown">
      <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('inbox.latest')}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()} data-testid="bell-mark-all">
          {t('inbox.markAllRead')}
        </Button>
      </Flex>
      {latest.data && latest.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      ) : (
        <List
          size="small"
          loading={latest.isLoading}
          dataSource={latest.data?.items ?? []}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              onClick={() => {
                close();
                openOne(n);
              }}
              style={{ cursor: 'pointer', paddingInline: 4, alignItems: 'flex-start' }}
              data-testid={`bell-item-${n.id}`}
            >
              <Flex gap={8} style={{ minWidth: 0, width: '100%' }}>
                <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 2 }} />
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Typography.Text strong={!n.readAt} ellipsis style={{ display: 'block' }}>
                    {n.title}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(n.createdAt)}
                  </Typography.Text>
                </div>
              </Flex>
            </List.Item>
          )}
        />
      )}
      <div style={{ textAlign: 'center', borderTop: '1px solid #f0f0f0', paddingTop: 6, marginTop: 4 }}>
        <Link to="/inbox" onClick={close} data-testid="bell-view-all">
          {t('inbox.viewAll')}
        </Link>
      </div>
    </div>
  );

  const bell = (
    <Button
      type="text"
      aria-label={unread ? `${t('inbox.bell')} · ${t('inbox.bellUnread', { count: unread })}` : t('inbox.bell')}
      data-testid="bell"
      onClick={isPhone ? () => navigate('/inbox') : undefined}
      icon={
        <Badge count={unread} size="small" overflowCount={99} data-testid="bell-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      }
    />
  );
  // On a phone the header has no room for a drop-down: the bell opens the inbox.
  if (isPhone) return bell;
  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false}>
      {bell}
    </Popover>
  );
}
