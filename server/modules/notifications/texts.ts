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
  // ---- messages to owners (issue 15, defect 12: 我要洽谈) ----
  'message.received': {
    title: { zh: '{sender}（{senderOrg}）就“{target}”给您留言', en: '{sender} ({senderOrg}) wrote about “{target}”' },
    body: { zh: '{sender}（{senderOrg}）：{excerpt}', en: '{sender} ({senderOrg}): {excerpt}' },
  },
  'system.test': {
    title: { zh: '测试通知', en: 'Test notification' },
    body: { zh: '这是一条测试通知：{note}', en: 'This is a test notification: {note}' },
  },
};

export function renderNotification(kind: string, params: Record<string, unknown>, lang: Lang): { title: string; body: string } {
  const t = Object.hasOwn(NOTIFICATION_TEXTS, kind) ? NOTIFICATION_TEXTS[kind] : undefined;
  if (!t) return { title: kind, body: '' };
  return { title: interpolate(t.title[lang], params), body: t.body ? interpolate(t.body[lang], params) : '' };
}
