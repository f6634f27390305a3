// What each kind of notification says, in Chinese and English. Stored notifications keep only
// their kind and parameters; the inbox renders them in the reader's language when read, and an
// e-mail in the language of the recipient's preferences. {name} placeholders take params.
import { interpolate, type Lang } from '../../platform/i18n';

export interface NotificationText {
  title: Record<Lang, string>;
  body?: Record<Lang, string>;
}

export const NOTIFICATION_TEXTS: Record<string, NotificationText> = {
  // Added by the modules that raise them (issue 15): booking.*, waitlist.*, training.*, voucher.*,
  // redemption.*, provider.*, review.*, call.*, contract.*, integrity.*, import.*, account.*, message.*
  'system.test': {
    title: { zh: '测试通知', en: 'Test notification' },
    body: { zh: '这是一条测试通知：{note}', en: 'This is a test notification: {note}' },
  },
  // ---- workbench: training requests (issue 15, defect 8) ----
  'training.requested': {
    title: { zh: '新的培训申请：{resource}', en: 'Training requested: {resource}' },
    body: {
      zh: '{user}（{organization}）申请{resource}的自主上机培训，请在审批队列中处理。',
      en: '{user} ({organization}) asks for self-operation training on {resource}; see your approval queue.',
    },
  },
  'training.granted': {
    title: { zh: '培训授权已授予：{resource}', en: 'Training granted: {resource}' },
    body: {
      zh: '您已获得{resource}的自主上机授权，有效期至 {expiresAt}。现在可以预约自主上机。',
      en: 'You may now self-operate {resource} until {expiresAt} and can book self-operation.',
    },
  },
  'training.rejected': {
    title: { zh: '培训申请未通过：{resource}', en: 'Training request rejected: {resource}' },
    body: { zh: '您对{resource}的培训申请未通过。{note}', en: 'Your training request for {resource} was rejected. {note}' },
  },
};

export function renderNotification(kind: string, params: Record<string, unknown>, lang: Lang): { title: string; body: string } {
  const t = Object.hasOwn(NOTIFICATION_TEXTS, kind) ? NOTIFICATION_TEXTS[kind] : undefined;
  if (!t) return { title: kind, body: '' };
  return { title: interpolate(t.title[lang], params), body: t.body ? interpolate(t.body[lang], params) : '' };
}
