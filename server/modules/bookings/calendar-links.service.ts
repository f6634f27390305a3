// Calendar links (issue 15, defect 7): one click gives a read-only link to my bookings feed for
// a calendar application (https and webcal://, with a QR code on the page). The link carries its
// own random secret, revocable on its own; only its SHA-256 is kept. The secret opens that feed
// and nothing else: it is not an API token (a different table and prefix; the authentication
// hook never reads it), and it shows only its owner's own bookings.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { notFound, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import * as repo from './calendar-links.repository';
import { userCalendar } from './calendar.service';

export const CALENDAR_LINK_PREFIX = 'ycal_';
/** The secret in the feed's path: the prefix and 43 base64url characters (32 random bytes). */
export const CALENDAR_SECRET_RE = /^ycal_[A-Za-z0-9_-]{43}$/;
const MAX_ACTIVE = 5;
const TOUCH_EVERY_MS = 10 * 60_000;
const LINK = { zh: '日历链接', en: 'Calendar link' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const feedPath = (secret: string) => `/api/calendar/${secret}.ics`;

export async function listCalendarLinks(deps: Deps, actor: Actor) {
  const rows = await repo.listOf(deps.db.db, actor.userId);
  return rows.map((r) => ({ id: Number(r.id), createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** A new link; its secret is shown this once (only its hash is stored). */
export async function createCalendarLink(deps: Deps, actor: Actor) {
  const at = isoNow(deps.clock);
  const secret = CALENDAR_LINK_PREFIX + randomBytes(32).toString('base64url');
  const id = await inTransaction(deps, async (trx) => {
    if ((await repo.countActive(trx, actor.userId)) >= MAX_ACTIVE)
      throw ruleError(
        'too-many-calendar-links',
        `最多 ${MAX_ACTIVE} 个有效的日历链接，请先撤销不用的链接`,
        `At most ${MAX_ACTIVE} live calendar links: revoke one you no longer use first`,
      );
    const { id } = await repo.insert(trx, { user_id: actor.userId, secret_hash: sha256(secret), created_at: at });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'calendar_link.create',
      entityType: 'calendar_link',
      entityId: Number(id),
      jurisdictionCode: actor.jurisdictionCode,
      change: {},
    });
    return Number(id);
  });
  return { id, createdAt: at, lastUsedAt: null, revokedAt: null, secret, path: feedPath(secret) };
}

export async function revokeCalendarLink(deps: Deps, actor: Actor, id: number) {
  const link = await repo.findOwn(deps.db.db, id, actor.userId);
  if (!link) throw notFound(LINK, id);
  if (link.revoked_at) return;
  const at = isoNow(deps.clock);
  await inTransaction(deps, async (trx) => {
    await repo.revoke(trx, id, at);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'calendar_link.revoke',
      entityType: 'calendar_link',
      entityId: id,
      jurisdictionCode: actor.jurisdictionCode,
      change: {},
    });
  });
}

/** The feed behind a link's secret: its owner's bookings; an unknown, malformed or revoked secret is 404. */
export async function calendarOfLink(deps: Deps, secret: string): Promise<string> {
  if (!CALENDAR_SECRET_RE.test(secret)) throw notFound(LINK, '…');
  const link = await repo.findLive(deps.db.db, sha256(secret));
  if (!link) throw notFound(LINK, '…');
  const now = deps.clock.now();
  if (!link.last_used_at || now.getTime() - new Date(link.last_used_at).getTime() > TOUCH_EVERY_MS)
    await repo.touch(deps.db.db, Number(link.id), now.toISOString());
  return userCalendar(deps, { userId: Number(link.user_id), displayName: link.display_name });
}
