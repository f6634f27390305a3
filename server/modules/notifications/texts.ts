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
  // ---- inbox and e-mail (issue 15, notifications helper): the events a person waits on ----
  'booking.approved': {
    title: { zh: '预约已通过：{resource}', en: 'Booking approved: {resource}' },
    body: { zh: '您对「{resource}」{slot} 的预约已由管理员通过。', en: 'Your booking of “{resource}” for {slot} was approved.' },
  },
  'booking.rejected': {
    title: { zh: '预约未通过：{resource}', en: 'Booking rejected: {resource}' },
    body: { zh: '您对「{resource}」{slot} 的预约未获通过。{note}', en: 'Your booking of “{resource}” for {slot} was rejected. {note}' },
  },
  'booking.cancelled': {
    title: { zh: '预约已被管理员取消：{resource}', en: 'Booking cancelled by the manager: {resource}' },
    body: {
      zh: '您对「{resource}」{slot} 的预约已被资源管理员取消。{note}',
      en: 'Your booking of “{resource}” for {slot} was cancelled by the resource manager. {note}',
    },
  },
  'waitlist.offered': {
    title: { zh: '候补时段可预约：{resource}', en: 'A waitlisted slot is free: {resource}' },
    body: { zh: '「{resource}」{slot} 已空出，请在 {deadline} 前接受。', en: '“{resource}” is free for {slot}. Accept the offer before {deadline}.' },
  },
  'voucher.issued': {
    title: { zh: '创新券已发放：{program}', en: 'Innovation voucher issued: {program}' },
    body: {
      zh: '「{program}」创新券已发放给 {organization}，面额 {amount}，有效期至 {expiresAt}。',
      en: 'A voucher of “{program}” was issued to {organization}: {amount}, valid until {expiresAt}.',
    },
  },
  'voucher.expiring': {
    title: { zh: '创新券即将到期：{program}', en: 'Voucher expiring soon: {program}' },
    body: { zh: '「{program}」创新券将于 {expiresAt} 到期，余额 {balance}。', en: 'Your voucher of “{program}” expires at {expiresAt}; {balance} left.' },
  },
  'redemption.recorded': {
    title: { zh: '新的创新券兑付：{provider}', en: 'Voucher redemption recorded: {provider}' },
    body: { zh: '{holder} 以创新券在「{provider}」兑付 {amount}。', en: '{holder} redeemed {amount} with a voucher at “{provider}”.' },
  },
  'provider.objection': {
    title: { zh: '服务机构公示收到异议：{provider}', en: 'Objection lodged against provider: {provider}' },
    body: { zh: '公示期内有人对「{provider}」提出异议，请及时处理。', en: 'An objection to “{provider}” was lodged during its public notice.' },
  },
  'provider.recognised': {
    title: { zh: '服务机构已获认定：{provider}', en: 'Provider recognised: {provider}' },
    body: { zh: '{jurisdictionZh}已互认「{provider}」为创新券服务机构。', en: '{jurisdictionEn} now recognises “{provider}” as a voucher provider.' },
  },
  'review.assigned': {
    title: { zh: '新的评审任务：{call}', en: 'New review assignment: {call}' },
    body: { zh: '「{call}」有 {count} 份申报分配给您评审。', en: '{count} application(s) of “{call}” were assigned to you for review.' },
  },
  'call.state': {
    title: { zh: '申报指南状态变更：{call}', en: 'Call status changed: {call}' },
    body: { zh: '您申报的「{call}」已变更为「{stateZh}」。', en: 'The call “{call}” you applied to is now “{stateEn}”.' },
  },
  'contract.payment_due': {
    title: { zh: '合同付款即将到期：{contract}', en: 'Contract payment due: {contract}' },
    body: { zh: '合同「{contract}」第 {seq} 期 {amount} 将于 {dueOn} 到期。', en: 'Instalment {seq} of contract “{contract}”, {amount}, is due on {dueOn}.' },
  },
  'contract.payment_overdue': {
    title: { zh: '合同付款已逾期：{contract}', en: 'Contract payment overdue: {contract}' },
    body: {
      zh: '合同「{contract}」第 {seq} 期 {amount} 已于 {dueOn} 到期未付清。',
      en: 'Instalment {seq} of contract “{contract}”, {amount}, was due on {dueOn} and is unpaid.',
    },
  },
  'integrity.recorded': {
    title: { zh: '新的科研诚信记录：{subject}', en: 'New research-integrity record: {subject}' },
    body: {
      zh: '{decidingUnit} 对 {subject} 作出记录：{outcome}（至 {endsAt}）。如有异议可在平台申诉。',
      en: '{decidingUnit} recorded a decision about {subject}: {outcome} (until {endsAt}). You may appeal on the platform.',
    },
  },
  'import.finished': {
    title: { zh: '导入已完成：{name}', en: 'Import finished: {name}' },
    body: {
      zh: '来源「{name}」共 {total} 条：新增 {created}，更新 {updated}，未变 {unchanged}。',
      en: 'Source “{name}”: {total} rows — {created} created, {updated} updated, {unchanged} unchanged.',
    },
  },
  // ---- end of the notifications helper's block ----
  // ---- messages to owners (issue 15, defect 12: 我要洽谈) ----
  'message.received': {
    title: { zh: '{sender}（{senderOrg}）就“{target}”给您留言', en: '{sender} ({senderOrg}) wrote about “{target}”' },
    body: { zh: '{sender}（{senderOrg}）：{excerpt}', en: '{sender} ({senderOrg}): {excerpt}' },
  },
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

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** An ISO instant in a parameter is shown in Beijing time ("2026-12-08 09:30"). */
export function shownParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'string' && ISO_INSTANT.test(v) ? new Date(Date.parse(v) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : (v ?? '');
  }
  return out;
}

export function renderNotification(kind: string, params: Record<string, unknown>, lang: Lang): { title: string; body: string } {
  const t = Object.hasOwn(NOTIFICATION_TEXTS, kind) ? NOTIFICATION_TEXTS[kind] : undefined;
  if (!t) return { title: kind, body: '' };
  const p = shownParams(params);
  return { title: interpolate(t.title[lang], p).trim(), body: t.body ? interpolate(t.body[lang], p).trim() : '' };
}
