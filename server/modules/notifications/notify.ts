// notify(): the one way a module tells people that something they wait on happened. Called
// inside the transaction of the change (like recordAudit), so the inbox entry and the queued
// e-mail exist exactly when the change does. Sending is the outbox worker's business: a mail
// server that is down never fails the action.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { Lang } from '../../platform/i18n';
import * as repo from './notifications.repository';
import { renderNotification } from './texts';

export interface NotifyInput {
  /** Who is told (inactive users and duplicates are skipped). */
  userIds: number[];
  /** A key of NOTIFICATION_TEXTS, e.g. booking.approved. */
  kind: string;
  /** Values for the texts' {placeholders}: names, numbers, times (ISO, shown in Asia/Shanghai). */
  params?: Record<string, string | number | null>;
  /** The page it is about, a path of the web app, e.g. /bookings?id=12. */
  link?: string | null;
}

export const recipientsOf = {
  orgUsers: repo.orgUserIds,
  jurisdictionAdmins: repo.jurisdictionAdminIds,
};

/** Names for the texts, and whether a one-off notice (a sweep's) already went out. */
export const notices = {
  organizationName: repo.organizationName,
  alreadySent: repo.alreadyNotified,
};

/** Money in the texts: ¥1,234.56 from fen. */
export const yuanText = (fen: number) => '¥' + (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const mutedKinds = (json: string | null): string[] => {
  try {
    const v = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** Inbox entries for each recipient, and an e-mail for those with an address who want one. */
export async function notify(trx: Transaction<Database>, at: string, input: NotifyInput): Promise<void> {
  const ids = [...new Set(input.userIds)];
  const people = await repo.recipients(trx, ids);
  const params = input.params ?? {};
  const paramsJson = JSON.stringify(params);
  for (const p of people) {
    const n = await repo.insertNotification(trx, { user_id: p.id, kind: input.kind, params_json: paramsJson, link: input.link ?? null, created_at: at });
    const wantsMail = p.email && (p.email_enabled ?? 1) === 1 && !mutedKinds(p.muted_kinds_json).includes(input.kind);
    if (!wantsMail) continue;
    const lang: Lang = p.lang === 'en' ? 'en' : 'zh';
    const text = renderNotification(input.kind, params, lang);
    await repo.insertEmail(trx, {
      user_id: p.id,
      notification_id: n.id,
      to_address: p.email!,
      subject: text.title,
      body_text: text.body || text.title,
      created_at: at,
    });
  }
}

/** An e-mail that is not an inbox entry (a password-reset link, an invitation to someone without an account). */
export async function enqueueEmail(trx: Transaction<Database>, at: string, mail: { to: string; subject: string; text: string; userId?: number | null }) {
  await repo.insertEmail(trx, {
    user_id: mail.userId ?? null,
    notification_id: null,
    to_address: mail.to,
    subject: mail.subject,
    body_text: mail.text,
    created_at: at,
  });
}
