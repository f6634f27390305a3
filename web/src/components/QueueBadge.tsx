// The count of items waiting in the operator's approval queue, on its menu entry (refreshed every
// minute, and whenever the queue page changes something: query key ['queue']).
import { Badge } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { workbenchApi } from '../api/workbench';

export function QueueBadge() {
  const { t } = useTranslation();
  const count = useQuery({ queryKey: ['queue', 'count'], queryFn: ({ signal }) => workbenchApi.queueCount(signal), refetchInterval: 60_000 });
  const n = count.data?.total ?? 0;
  if (!n) return null;
  return (
    <Badge
      count={n}
      size="small"
      overflowCount={99}
      style={{ marginInlineStart: 8, boxShadow: 'none' }}
      data-testid="menu-queue-badge"
      title={t('queue.badgeTitle', { n })}
    />
  );
}
