// Chinese UI strings of issue 15's second set of fixes: calendar links, resource photos and
// contacts, messages to owners (我要洽谈).
export const defectsBZh = {
  calendarLinks: {
    title: '订阅我的预约日历',
    hint: '生成一个只读的日历链接，在 Outlook、Apple 日历、Google 日历等应用中按网址订阅，或用手机扫描二维码。链接只能读取您的预约日历，不能登录或调用其他接口；不用时可随时撤销。',
    create: '生成日历链接',
    createdTitle: '日历链接已生成',
    https: '网址（https）：',
    webcal: '日历应用订阅地址（webcal）：',
    open: '在日历应用中打开',
    qrAlt: '日历链接二维码',
    onceWarning: '链接只显示这一次，请现在复制或扫码。任何拿到链接的人都能看到您的预约安排。',
    none: '还没有日历链接',
    revoke: '撤销',
    revokeConfirm: '撤销后，用此链接订阅的日历将无法再更新。确定撤销？',
    revoked: '日历链接已撤销',
    stateLive: '有效',
    stateRevoked: '已撤销',
    createdAt: '创建于 {{time}}',
    lastUsed: '最近读取 {{time}}',
    neverUsed: '尚未被读取',
  },
};
