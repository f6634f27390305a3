// Chinese UI strings of the inbox (站内消息), the header bell and the notification preferences.
// Spread into zh.ts; inbox.en.ts must have the same keys.
export const inboxZh = {
  inbox: {
    title: '消息中心',
    subtitle: '预约、创新券、评审、合同等与您有关的动态',
    bell: '消息',
    bellUnread: '{{count}} 条未读消息',
    latest: '最新消息',
    viewAll: '查看全部',
    empty: '暂无消息',
    emptyUnread: '没有未读消息',
    all: '全部',
    unread: '未读',
    markRead: '标为已读',
    markAllRead: '全部标为已读',
    markedAll: '已将 {{count}} 条消息标为已读',
    read: '已读',
    open: '查看',
    tabMessages: '消息',
    tabSettings: '通知设置',
  },
  notificationPrefs: {
    title: '通知设置',
    intro: '站内消息总会送达；以下设置决定是否同时发送电子邮件。',
    emailEnabled: '接收电子邮件通知',
    emailLanguage: '邮件语言',
    zh: '中文',
    en: 'English',
    muted: '以下类型只在站内提醒，不发邮件',
    saved: '通知设置已保存',
  },
};
