// English UI strings of the inbox, the header bell and the notification preferences (same keys as inbox.zh.ts).
import type { inboxZh } from './inbox.zh';

export const inboxEn: typeof inboxZh = {
  inbox: {
    title: 'Inbox',
    subtitle: 'What happened to your bookings, vouchers, reviews, contracts and more',
    bell: 'Notifications',
    bellUnread: '{{count}} unread',
    latest: 'Latest',
    viewAll: 'View all',
    empty: 'No notifications',
    emptyUnread: 'Nothing unread',
    all: 'All',
    unread: 'Unread',
    markRead: 'Mark read',
    markAllRead: 'Mark all read',
    markedAll: '{{count}} marked read',
    read: 'Read',
    open: 'Open',
    tabMessages: 'Messages',
    tabSettings: 'Settings',
  },
  notificationPrefs: {
    title: 'Notification settings',
    intro: 'Every notification reaches your inbox; these settings decide whether it is also e-mailed.',
    emailEnabled: 'E-mail me notifications',
    emailLanguage: 'E-mail language',
    zh: '中文',
    en: 'English',
    muted: 'Inbox only, never e-mailed',
    saved: 'Notification settings saved',
  },
};
