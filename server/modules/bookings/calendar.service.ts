// iCalendar (RFC 5545) feeds: a resource's busy time, and a user's own bookings, for any
// calendar application. Generated with ical-generator rather than by hand (folding, escaping).
import ical, { ICalEventBusyStatus, ICalEventStatus } from 'ical-generator';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import type { Actor } from '../../platform/access';
import { loadResource } from '../resources/resources.service';
import * as repo from './bookings.repository';
import { iso } from '../../platform/schedule';

const PRODID = { company: 'YRD Commons', product: 'yrd-commons', language: 'ZH' };

/** Busy time of one resource from 30 days ago to 180 days ahead; no names of who booked. */
export async function resourceCalendar(deps: Deps, resourceId: number): Promise<string> {
  const res = await loadResource(deps, resourceId);
  if (!res || res.row.status !== 'published') throw notFound({ zh: '资源', en: 'Resource' }, resourceId);
  const now = deps.clock.now().getTime();
  const from = iso(now - 30 * 86_400_000);
  const to = iso(now + 180 * 86_400_000);
  const [bookings, closures] = await Promise.all([
    repo.bookingsInRange(deps.db.db, resourceId, from, to, repo.ACTIVE),
    repo.closuresOverlapping(deps.db.db, resourceId, from, to),
  ]);
  const cal = ical({ name: `${res.row.name}（占用）`, prodId: PRODID, ttl: 900 });
  for (const b of bookings) {
    cal.createEvent({
      id: `booking-${b.id}@yrd-commons`,
      start: new Date(b.starts_at),
      end: new Date(b.ends_at),
      stamp: new Date(now),
      summary: `已预约 Booked · ${res.row.name}`,
      status: b.status === 'requested' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      busystatus: ICalEventBusyStatus.BUSY,
      location: [res.row.city, res.row.address].filter(Boolean).join(' '),
    });
  }
  for (const c of closures) {
    cal.createEvent({
      id: `closure-${c.id}@yrd-commons`,
      start: new Date(c.starts_at),
      end: new Date(c.ends_at),
      stamp: new Date(now),
      summary: `${c.kind === 'maintenance' ? '维护 Maintenance' : '停用 Closed'}${c.reason ? ' · ' + c.reason : ''}`,
      busystatus: ICalEventBusyStatus.OOF,
    });
  }
  return cal.toString();
}

/** The signed-in user's bookings from 30 days ago on. */
export async function userCalendar(deps: Deps, actor: Pick<Actor, 'userId' | 'displayName'>): Promise<string> {
  const now = deps.clock.now().getTime();
  const rows = await repo.userBookingsForCalendar(deps.db.db, actor.userId, iso(now - 30 * 86_400_000));
  const cal = ical({ name: `${actor.displayName} · 仪器预约`, prodId: PRODID, ttl: 900 });
  for (const b of rows) {
    cal.createEvent({
      id: `booking-${b.id}@yrd-commons`,
      start: new Date(b.starts_at),
      end: new Date(b.ends_at),
      stamp: new Date(b.updated_at),
      summary: `${b.resource_name}（${b.identifier}）`,
      description: `mode: ${b.mode}; status: ${b.status}`,
      location: [b.city, b.address].filter(Boolean).join(' '),
      status: b.status === 'requested' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
