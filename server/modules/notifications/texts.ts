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
  // ---- accounts (issue 15): self-registration ----
  'account.registration_pending': {
    title: { zh: '新的机构注册申请：{organization}', en: 'New organisation registration: {organization}' },
    body: {
      zh: '「{organization}」（统一社会信用代码 {uscc}，联系人 {contact}）申请注册，等待您审核。',
      en: '"{organization}" (USCC {uscc}, contact {contact}) has registered and awaits your decision.',
    },
  },
  'account.registration_approved': {
    title: { zh: '机构注册已通过：{organization}', en: 'Registration approved: {organization}' },
    body: {
      zh: '「{organization}」的注册申请已通过，您现在可以用户名 {username} 登录：{url}',
      en: 'The registration of "{organization}" was approved; you can now sign in as {username}: {url}',
    },
  },
};

export function renderNotification(kind: string, params: Record<string, unknown>, lang: Lang): { title: string; body: string } {
  const t = Object.hasOwn(NOTIFICATION_TEXTS, kind) ? NOTIFICATION_TEXTS[kind] : undefined;
  if (!t) return { title: kind, body: '' };
  return { title: interpolate(t.title[lang], params), body: t.body ? interpolate(t.body[lang], params) : '' };
}
