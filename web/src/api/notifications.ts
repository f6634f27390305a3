// Typed calls for /api/notifications: my inbox (rendered by the server in the UI language) and my
// e-mail preferences.
import { api, http, type Page } from '../app/api';
import type { BodyOf, ItemOf, ResponseOf } from './types';

export type Notification = ItemOf<'/api/notifications'>;
export type NotificationPrefs = ResponseOf<'/api/notifications/preferences'>;
export type NotificationPrefsInput = BodyOf<'/api/notifications/preferences', 'put'>;

export const notificationsApi = {
  list: (q: { page?: number; pageSize?: number; unread?: boolean }) => http.get<Page<Notification>>('/notifications', q),
  unreadCount: () => http.get<{ unread: number }>('/notifications/unread-count'),
  markRead: (id: number) => http.post<Notification>(`/notifications/${id}/read`),
  markAllRead: () => http.post<{ marked: number }>('/notifications/read-all'),
  prefs: () => http.get<NotificationPrefs>('/notifications/preferences'),
  savePrefs: (body: NotificationPrefsInput) => api<NotificationPrefs>('/notifications/preferences', { method: 'PUT', json: body }),
};

/** Query keys: everything under ['notifications'] is refetched after a change; texts depend on the language. */
export const notificationKeys = {
  all: ['notifications'] as const,
  count: (lang: string) => ['notifications', 'count', lang] as const,
  latest: (lang: string) => ['notifications', 'latest', lang] as const,
  list: (lang: string, q: object) => ['notifications', 'list', lang, q] as const,
  prefs: (lang: string) => ['notifications', 'prefs', lang] as const,
};
