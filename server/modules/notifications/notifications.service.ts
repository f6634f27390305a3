// The inbox (each person sees and marks only their own notifications) and the preferences of
// e-mail. Notifications are rendered in the reader's language when read.
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import type { Actor } from '../../platform/access';
import { notFound, parseJson } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import type { Lang } from '../../platform/i18n';
import * as repo from './notifications.repository';
import { NOTIFICATION_TEXTS, renderNotification } from './texts';

const ENTITY = { zh: '通知', en: 'Notification' };

type Row = NonNullable<Awaited<ReturnType<typeof repo.findOf>>>;

function view(n: Row, lang: Lang) {
  const text = renderNotification(n.kind, parseJson<Record<string, unknown>>(n.params_json, {}), lang);
  return {
    id: Number(n.id),
    kind: n.kind,
    title: text.title,
    body: text.body,
    link: n.link,
    createdAt: n.created_at,
    readAt: n.read_at,
  };
}

export async function listMine(deps: Deps, actor: Actor, lang: Lang, q: { page?: number; pageSize?: number; unread?: boolean }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { rows, total } = await repo.listOf(deps.db.db, actor.userId, { unread: q.unread === true, offset: (page - 1) * pageSize, limit: pageSize });
  return { items: rows.map((r) => view(r, lang)), total, page, pageSize };
}

export async function unreadCount(deps: Deps, actor: Actor) {
  return { unread: await repo.unreadCount(deps.db.db, actor.userId) };
}

/** Marks one of one's own notifications read; another person's id is "not found". */
export async function markRead(deps: Deps, actor: Actor, lang: Lang, id: number) {
  const n = await repo.findOf(deps.db.db, actor.userId, id);
  if (!n) throw notFound(ENTITY, id);
  if (!n.read_at) await repo.markRead(deps.db.db, actor.userId, id, deps.clock.now().toISOString());
  return view((await repo.findOf(deps.db.db, actor.userId, id))!, lang);
}

export async function markAllRead(deps: Deps, actor: Actor) {
  return { marked: await repo.markAllRead(deps.db.db, actor.userId, deps.clock.now().toISOString()) };
}

// ---- preferences ------------------------------------------------------------------------------

/** The kinds one may mute for e-mail, with their titles in the reader's language. */
export const notificationKinds = (lang: Lang) =>
  Object.entries(NOTIFICATION_TEXTS)
    .filter(([k]) => k !== 'system.test')
    .map(([kind, t]) => ({ kind, title: t.title[lang].replace(/[：:]?\s*\{\w+\}/g, '').trim() }));

export async function getPrefs(deps: Deps, actor: Actor, lang: Lang) {
  const p = await repo.prefsOf(deps.db.db, actor.userId);
  return {
    emailEnabled: (p?.email_enabled ?? 1) === 1,
    mutedKinds: parseJson<unknown[]>(p?.muted_kinds_json ?? '[]', []).filter((k): k is string => typeof k === 'string'),
    language: (p?.lang === 'en' ? 'en' : 'zh') as Lang,
    kinds: notificationKinds(lang),
  };
}

export async function putPrefs(deps: Deps, actor: Actor, lang: Lang, input: { emailEnabled: boolean; mutedKinds: string[]; language: Lang }) {
  // Unknown kinds are dropped rather than refused: a kind retired later must not lock anyone out.
  const muted = [...new Set(input.mutedKinds.filter((k) => Object.hasOwn(NOTIFICATION_TEXTS, k)))].sort();
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.savePrefs(trx, {
      user_id: actor.userId,
      email_enabled: input.emailEnabled ? 1 : 0,
      muted_kinds_json: JSON.stringify(muted),
      lang: input.language,
      updated_at: nowIso,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'notification.prefs',
      entityType: 'user',
      entityId: actor.userId,
      jurisdictionCode: null,
      change: { emailEnabled: input.emailEnabled, mutedKinds: muted, language: input.language },
    });
  });
  return getPrefs(deps, actor, lang);
}
