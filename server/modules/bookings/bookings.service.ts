// Booking shared instruments, facilities and compute (Decision art. 15; rules in DOMAIN.md):
// quotes, availability, the booking state machine, no-shows and suspension, recurring
// bookings, the waitlist, training authorisations, closures, usage statistics, calendars.
import { randomUUID } from 'node:crypto';
import * as rruleModule from 'rrule';
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, invalid, notFound } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { assertAllowed, canBook, canOperateResource, type Actor } from '../../platform/access';
import { addMinutes } from '../../platform/clock';
import { loadResource, BOOKABLE_KINDS, type BookingRules, type ServiceMode } from '../resources/resources.service';
import { covers, formatShanghaiRange, iso, openIntervals, subtract, toInterval, merge, type Interval } from '../../platform/schedule';
import * as repo from './bookings.repository';
import { notify } from '../notifications/notify';
import * as trainingRepo from './training-requests.repository';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/types';

// rrule ships CommonJS and ESM builds: Node's loader hands over the CommonJS exports as the
// default export, Vite's module runner (test global setup) the named ones. Take whichever exists.
const { RRule } = ((rruleModule as unknown as { default?: typeof import('rrule') }).default ?? rruleModule) as typeof import('rrule');
const ENTITY = { zh: '预约', en: 'Booking' };
const RESOURCE = { zh: '资源', en: 'Resource' };

type Loaded = NonNullable<Awaited<ReturnType<typeof loadResource>>>;

// ---- quotes -------------------------------------------------------------------------------

export interface Quote {
  mode: string;
  minutes: number;
  samples: number;
  startupFen: number;
  timeFen: number;
  samplesFen: number;
  consumablesFen: number;
  totalFen: number;
}

/**
 * Fee = start-up fee (开机费) + hourly fee (机时费) × hours + consumables (耗材费), or per-sample
 * price × samples for sample submission (DOMAIN.md). Time is charged per minute, rounded to
 * the fen half up.
 */
export function quoteFor(r: Loaded['row'], mode: string, minutes: number, samples: number, consumablesFen?: number): Quote {
  if (mode === 'sample_submission') {
    const samplesFen = Number(r.per_sample_fen) * samples;
    const cons = consumablesFen ?? 0;
    return { mode, minutes, samples, startupFen: 0, timeFen: 0, samplesFen, consumablesFen: cons, totalFen: samplesFen + cons };
  }
  const startupFen = Number(r.startup_fee_fen);
  const timeFen = Math.round((Number(r.hourly_fee_fen) * minutes) / 60);
  const cons = consumablesFen ?? Number(r.consumables_fen);
  return { mode, minutes, samples: 0, startupFen, timeFen, samplesFen: 0, consumablesFen: cons, totalFen: startupFen + timeFen + cons };
}

// ---- rules --------------------------------------------------------------------------------

export type RuleCode =
  | 'resource-not-bookable'
  | 'mode-unsupported'
  | 'samples-required'
  | 'misaligned'
  | 'in-past'
  | 'lead-time'
  | 'too-far-ahead'
  | 'too-short'
  | 'too-long'
  | 'outside-hours'
  | 'closed'
  | 'training-required'
  | 'suspended'
  | 'already-booked';

const RULE_TEXT: Record<RuleCode, { zh: string; en: string }> = {
  'resource-not-bookable': {
    zh: '该资源不接受预约（数据集和种质资源请提交使用申请）',
    en: 'This resource is not booked (request access to data sets and germplasm)',
  },
  'mode-unsupported': { zh: '该资源不提供所选服务方式', en: 'The resource does not offer this service mode' },
  'samples-required': { zh: '送样检测须填写样品数量', en: 'Sample submission needs the number of samples' },
  misaligned: { zh: '开始和结束时间须对齐到 {slot} 分钟的时段', en: 'Start and end must fall on the {slot}-minute slot grid' },
  'in-past': { zh: '不能预约已经过去的时间', en: 'The time is in the past' },
  'lead-time': { zh: '此服务方式须至少提前 {hours} 小时预约', en: 'This service mode must be booked at least {hours} hours ahead' },
  'too-far-ahead': { zh: '最多只能提前 {days} 天预约', en: 'Bookings open at most {days} days ahead' },
  'too-short': { zh: '预约时长至少 {minutes} 分钟', en: 'A booking lasts at least {minutes} minutes' },
  'too-long': { zh: '预约时长至多 {minutes} 分钟', en: 'A booking lasts at most {minutes} minutes' },
  'outside-hours': { zh: '所选时间不在开放时间内', en: 'The time is outside opening hours' },
  closed: { zh: '该时段资源停用或维护：{reason}', en: 'The resource is closed or under maintenance then: {reason}' },
  'training-required': {
    zh: '自主上机须持有管理员授予且在有效期内的培训授权',
    en: 'Self-operation needs a valid training authorisation from the resource manager',
  },
  suspended: { zh: '因多次爽约，预约权限暂停至 {until}', en: 'Booking rights are suspended until {until} after repeated no-shows' },
  'already-booked': {
    zh: '您在该时段已有此资源的有效预约：{intervals}（北京时间）',
    en: 'You already hold an active booking of this resource then: {intervals} (Beijing time)',
  },
};

export interface RuleViolation {
  rule: RuleCode;
  params?: Record<string, unknown>;
}

function ruleError(v: RuleViolation, extra: Record<string, unknown> = {}) {
  const t = RULE_TEXT[v.rule];
  const interp = (s: string) => s.replace(/\{(\w+)\}/g, (_, k) => String(v.params?.[k] ?? ''));
  return new AppError('booking-rule', { reason: { zh: interp(t.zh), en: interp(t.en) } }, [], { rule: v.rule, ...extra });
}

/** The rules that need no look-up beyond the resource: grid, notice, window, duration, hours. */
function staticViolations(res: Loaded, mode: string, samples: number, x: Interval, now: number): RuleViolation[] {
  const r = res.row;
  const rules: BookingRules = res.rules;
  const out: RuleViolation[] = [];
  if (!BOOKABLE_KINDS.includes(r.kind) || r.status !== 'published') return [{ rule: 'resource-not-bookable' }];
  if (!res.modes.includes(mode as ServiceMode)) return [{ rule: 'mode-unsupported' }];
  if (mode === 'sample_submission' && samples < 1) out.push({ rule: 'samples-required' });
  const slot = rules.slotMinutes * 60_000;
  // The grid is anchored at Beijing midnight; UTC+8 is a whole number of slots for every slot size that divides a day into 5-minute multiples.
  if ((x.start + 8 * 3600_000) % slot !== 0 || (x.end + 8 * 3600_000) % slot !== 0) out.push({ rule: 'misaligned', params: { slot: rules.slotMinutes } });
  if (x.start < now) out.push({ rule: 'in-past' });
  else {
    const lead = rules.leadMinutes[mode as ServiceMode] ?? 0;
    if (x.start - now < lead * 60_000) out.push({ rule: 'lead-time', params: { hours: Math.round(lead / 60) } });
    if (x.start - now > rules.maxAdvanceDays * 86_400_000) out.push({ rule: 'too-far-ahead', params: { days: rules.maxAdvanceDays } });
  }
  const minutes = (x.end - x.start) / 60_000;
  if (minutes < rules.minMinutes) out.push({ rule: 'too-short', params: { minutes: rules.minMinutes } });
  if (minutes > rules.maxMinutes) out.push({ rule: 'too-long', params: { minutes: rules.maxMinutes } });
  if (!covers(openIntervals(res.hours, x.start, x.end), x)) out.push({ rule: 'outside-hours' });
  return out;
}

/** Suspension after repeated no-shows: derived from the bookings, never stored. */
export async function suspendedUntil(deps: Deps, userId: number, now: number): Promise<string | null> {
  const { noShowLimit, noShowWindowDays, suspensionDays } = deps.config;
  if (noShowLimit <= 0) return null;
  const since = iso(now - (noShowWindowDays + suspensionDays) * 86_400_000);
  const rows = await repo.recentNoShows(deps.db.db, userId, since, noShowLimit);
  if (rows.length < noShowLimit) return null;
  const latest = Date.parse(rows[0].starts_at);
  const oldest = Date.parse(rows[rows.length - 1].starts_at);
  if (latest - oldest > noShowWindowDays * 86_400_000) return null;
  const until = latest + suspensionDays * 86_400_000;
  return until > now ? iso(until) : null;
}

async function lookupViolations(deps: Deps, res: Loaded, userId: number, mode: string, x: Interval, now: number): Promise<RuleViolation[]> {
  const out: RuleViolation[] = [];
  const closures = await repo.closuresOverlapping(deps.db.db, Number(res.row.id), iso(x.start), iso(x.end));
  if (closures.length) out.push({ rule: 'closed', params: { reason: closures.map((c) => c.reason || c.kind).join('; ') } });
  if (mode === 'self_operation') {
    // Valid for the whole booking, not just at the moment of booking.
    const t = await repo.validTraining(deps.db.db, Number(res.row.id), userId, iso(x.end));
    if (!t) out.push({ rule: 'training-required' });
  }
  const until = await suspendedUntil(deps, userId, now);
  if (until) out.push({ rule: 'suspended', params: { until } });
  return out;
}

/** The detail names the taken intervals in Beijing time, as people read them; `conflicts` keeps the UTC instants for machines. */
function conflictError(conflicts: Array<{ starts_at: string; ends_at: string }>, extra: Record<string, unknown> = {}) {
  const ranges = conflicts.map((c) => formatShanghaiRange(toInterval(c.starts_at, c.ends_at)));
  return new AppError('booking-conflict', { intervals: { zh: ranges.join('、'), en: ranges.join(', ') } }, [], {
    conflicts: conflicts.map((c) => ({ startsAt: c.starts_at, endsAt: c.ends_at })),
    ...extra,
  });
}

/** Active bookings that leave no room for one more in x (capacity-aware). */
async function conflictsFor(db: Transaction<Database> | Deps['db']['db'], res: Loaded, x: Interval) {
  const overlapping = await repo.activeOverlapping(db, Number(res.row.id), iso(x.start), iso(x.end));
  if (res.row.capacity <= 1) return overlapping;
  // Capacity n: a conflict only where n bookings already run at the same moment.
  const points = overlapping.flatMap((b) => [
    { t: Math.max(Date.parse(b.starts_at), x.start), d: 1 },
    { t: Math.min(Date.parse(b.ends_at), x.end), d: -1 },
  ]);
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let level = 0;
  for (const p of points) {
    level += p.d;
    if (level >= res.row.capacity) return overlapping;
  }
  return [];
}

// ---- creating bookings --------------------------------------------------------------------

export interface BookingInput {
  resourceId: number;
  mode: string;
  startsAt: string;
  endsAt: string;
  samples?: number;
  purpose?: string;
  /** RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;COUNT=6 */
  rrule?: string;
  /** With rrule: book the free occurrences and report the others instead of refusing all. */
  skipConflicts?: boolean;
}

function occurrencesOf(input: BookingInput, max: number): Interval[] | null {
  const first = toInterval(input.startsAt, input.endsAt);
  if (!input.rrule) return [first];
  let rule: InstanceType<typeof RRule>;
  try {
    const opts = RRule.parseString(input.rrule.replace(/^RRULE:/i, ''));
    rule = new RRule({ ...opts, dtstart: new Date(first.start) });
  } catch {
    return null;
  }
  const dates = rule.all((_, i) => i < max);
  return dates.map((d) => ({ start: d.getTime(), end: d.getTime() + (first.end - first.start) }));
}

export async function createBooking(deps: Deps, actor: Actor, input: BookingInput) {
  assertAllowed(canBook(actor), { zh: '管理部门账号不能预约资源', en: 'Administrative accounts do not book resources' });
  const res = await loadResource(deps, input.resourceId);
  if (!res || res.row.status !== 'published') throw notFound(RESOURCE, input.resourceId);
  const now = deps.clock.now().getTime();
  await sweep(deps);
  const first = toInterval(input.startsAt, input.endsAt);
  if (!(first.start < first.end)) throw invalid([{ field: 'body:/endsAt', code: 'value-invalid' }]);
  const occurrences = occurrencesOf(input, deps.config.maxRecurrences);
  if (!occurrences || occurrences.length === 0) throw invalid([{ field: 'body:/rrule', code: 'value-invalid' }]);
  const samples = input.samples ?? 0;

  // Rules first, for every occurrence; a single booking answers with the rule it breaks.
  const report: Array<{ startsAt: string; endsAt: string; violations: RuleViolation[]; conflicts: Array<{ startsAt: string; endsAt: string }> }> = [];
  for (const x of occurrences) {
    const v = staticViolations(res, input.mode, samples, x, now);
    if (v.length === 0) v.push(...(await lookupViolations(deps, res, actor.userId, input.mode, x, now)));
    report.push({ startsAt: iso(x.start), endsAt: iso(x.end), violations: v, conflicts: [] });
  }
  if (!input.rrule && report[0].violations.length) throw ruleError(report[0].violations[0], { violations: report[0].violations.map((v) => v.rule) });

  const status = res.row.needs_approval ? 'requested' : 'confirmed';
  const seriesId = input.rrule ? randomUUID() : null;
  const nowIso = iso(now);
  const org = await repo.userOrganization(deps.db.db, actor.userId);

  const attempt = () =>
    inTransaction(deps, async (trx) => {
      // Writers of one resource queue on its row: capacity above one is counted, and for
      // capacity one it spares PostgreSQL the lock waits and deadlocks of racing inserts on the
      // exclusion constraint, which stays the guarantee underneath.
      await repo.lockResource(trx, deps.db.helpers, Number(res.row.id));
      const created: number[] = [];
      for (let i = 0; i < occurrences.length; i++) {
        const x = occurrences[i];
        const entry = report[i];
        entry.conflicts = [];
        if (entry.violations.length) continue;
        const conflicts = await conflictsFor(trx, res, x);
        if (conflicts.length) {
          entry.conflicts = conflicts.map((c) => ({ startsAt: c.starts_at, endsAt: c.ends_at }));
          continue;
        }
        const q = quoteFor(res.row, input.mode, (x.end - x.start) / 60_000, samples);
        const { id } = await repo.insertBooking(trx, {
          resource_id: Number(res.row.id),
          user_id: actor.userId,
          organization_id: actor.organizationId,
          jurisdiction_code: org?.jurisdiction_code ?? actor.organizationJurisdiction,
          mode: input.mode,
          starts_at: iso(x.start),
          ends_at: iso(x.end),
          status,
          exclusive: res.row.capacity <= 1 ? 1 : 0,
          samples,
          purpose: input.purpose?.trim() ?? '',
          quote_fen: q.totalFen,
          quote_json: JSON.stringify(q),
          series_id: seriesId,
          created_at: nowIso,
          updated_at: nowIso,
        });
        created.push(Number(id));
        await recordAudit(trx, deps.db.helpers, nowIso, {
          actor,
          action: 'booking.create',
          entityType: 'booking',
          entityId: Number(id),
          jurisdictionCode: res.row.jurisdiction_code,
          change: { resourceId: Number(res.row.id), mode: input.mode, startsAt: iso(x.start), endsAt: iso(x.end), status, quoteFen: q.totalFen, seriesId },
        });
      }
      const blocked = report.filter((r) => r.violations.length || r.conflicts.length);
      if (blocked.length && (!input.rrule || !input.skipConflicts || created.length === 0)) {
        // Refuse the whole request: the transaction rolls back whatever it inserted.
        const onlyConflicts = blocked.every((b) => b.violations.length === 0);
        if (!input.rrule) throw conflictError(blocked[0].conflicts.map((c) => ({ starts_at: c.startsAt, ends_at: c.endsAt })));
        throw onlyConflicts
          ? conflictError(
              blocked.flatMap((b) => b.conflicts.map((c) => ({ starts_at: c.startsAt, ends_at: c.endsAt }))),
              { occurrences: occurrenceReport(report) },
            )
          : new AppError(
              'booking-rule',
              { reason: { zh: `${blocked.length} 次预约不符合规则或冲突`, en: `${blocked.length} occurrences break a rule or conflict` } },
              [],
              {
                rule: 'recurrence',
                occurrences: occurrenceReport(report),
              },
            );
      }
      return created;
    });

  let ids: number[];
  try {
    try {
      ids = await attempt();
    } catch (e) {
      // Two overlapping inserts racing on the exclusion constraint can deadlock on PostgreSQL;
      // the engine aborts one. Run it once more: it now sees the winner and answers 409.
      if (!deps.db.helpers.errors.isDeadlock(e)) throw e;
      ids = await attempt();
    }
  } catch (e) {
    // Another writer took an overlapping slot between our check and our insert: the database
    // refused it. Answer with what is there now.
    if (!deps.db.helpers.errors.isOverlapViolation(e) && !deps.db.helpers.errors.isDeadlock(e)) throw e;
    const x = occurrences.find((o, i) => !report[i].violations.length) ?? first;
    const conflicts = await repo.activeOverlapping(deps.db.db, Number(res.row.id), iso(x.start), iso(x.end));
    throw conflictError(conflicts);
  }
  const bookings = await Promise.all(ids.map((id) => getBookingView(deps, id)));
  return input.rrule ? { bookings, occurrences: occurrenceReport(report), seriesId } : bookings[0];
}

function occurrenceReport(
  report: Array<{ startsAt: string; endsAt: string; violations: RuleViolation[]; conflicts: Array<{ startsAt: string; endsAt: string }> }>,
) {
  return report.map((r) => ({
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    ok: r.violations.length === 0 && r.conflicts.length === 0,
    rules: r.violations.map((v) => v.rule),
    conflicts: r.conflicts,
  }));
}

// ---- reading bookings ---------------------------------------------------------------------

type BookingRow = NonNullable<Awaited<ReturnType<typeof repo.findBooking>>>;

function bookingView(b: BookingRow, extra: { resourceName?: string; userName?: string; organizationName?: string } = {}) {
  return {
    id: Number(b.id),
    resourceId: Number(b.resource_id),
    resourceName: extra.resourceName ?? null,
    userId: Number(b.user_id),
    userName: extra.userName ?? null,
    organizationId: Number(b.organization_id),
    organizationName: extra.organizationName ?? null,
    jurisdictionCode: b.jurisdiction_code,
    mode: b.mode,
    startsAt: b.starts_at,
    endsAt: b.ends_at,
    status: b.status,
    samples: b.samples,
    purpose: b.purpose,
    quoteFen: Number(b.quote_fen),
    quote: JSON.parse(b.quote_json) as Quote,
    chargeFen: b.charge_fen === null ? null : Number(b.charge_fen),
    usageMinutes: b.usage_minutes,
    seriesId: b.series_id,
    decisionNote: b.decision_note,
    checkedInAt: b.checked_in_at,
    completedAt: b.completed_at,
    cancelledAt: b.cancelled_at,
    createdAt: b.created_at,
    updatedAt: b.updated_at,
  };
}
export type BookingView = ReturnType<typeof bookingView>;

/** Every answer about a booking has the shape of a list item, names included. */
const namedView = (b: NonNullable<Awaited<ReturnType<typeof repo.findBookingWithNames>>>) =>
  bookingView(b, { resourceName: b.resource_name, userName: b.user_name, organizationName: b.organization_name });

async function getBookingView(deps: Deps, id: number) {
  const b = await repo.findBookingWithNames(deps.db.db, id);
  if (!b) throw notFound(ENTITY, id);
  return namedView(b);
}

async function loadForActor(deps: Deps, actor: Actor, id: number) {
  const b = await repo.findBookingWithNames(deps.db.db, id);
  if (!b) throw notFound(ENTITY, id);
  const res = await loadResource(deps, Number(b.resource_id));
  const operator = !!res && canOperateResource(actor, res.row);
  if (Number(b.user_id) !== actor.userId && !operator) throw notFound(ENTITY, id);
  return { b, res: res!, operator };
}

export async function getBooking(deps: Deps, actor: Actor, id: number) {
  await sweep(deps);
  const { b } = await loadForActor(deps, actor, id);
  return namedView(b);
}

export interface BookingListQuery {
  scope?: 'mine' | 'managed';
  resourceId?: number;
  status?: string;
  from?: string;
  to?: string;
  sort?: 'startsAt' | '-startsAt' | 'createdAt' | '-createdAt';
  page?: number;
  pageSize?: number;
}

export async function listBookings(deps: Deps, actor: Actor, q: BookingListQuery) {
  await sweep(deps);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const scope = q.scope ?? 'mine';
  const filter: repo.BookingFilter = {
    resourceId: q.resourceId,
    status: q.status ? q.status.split(',') : undefined,
    from: q.from,
    to: q.to,
  };
  if (scope === 'mine') filter.userId = actor.userId;
  else filter.managedBy = { userId: actor.userId, orgId: actor.role === 'org_admin' ? actor.organizationId : null, all: actor.role === 'platform_admin' };
  const s = q.sort ?? (scope === 'mine' ? '-startsAt' : 'startsAt');
  const sort = {
    column: (s.replace('-', '') === 'createdAt' ? 'created_at' : 'starts_at') as 'starts_at' | 'created_at',
    direction: (s.startsWith('-') ? 'desc' : 'asc') as 'asc' | 'desc',
  };
  const { rows, total } = await repo.listBookings(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return {
    items: rows.map(namedView),
    total,
    page,
    pageSize,
  };
}

// ---- the state machine --------------------------------------------------------------------

export type BookingAction = 'approve' | 'reject' | 'cancel' | 'check-in' | 'complete';

// requested → confirmed → checked_in → completed; requested → rejected; requested|confirmed → cancelled;
// confirmed → no_show (automatic, after the grace period).
const TRANSITIONS: Record<BookingAction, { from: string[]; to: string; who: 'operator' | 'booker-or-operator' }> = {
  approve: { from: ['requested'], to: 'confirmed', who: 'operator' },
  reject: { from: ['requested'], to: 'rejected', who: 'operator' },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled', who: 'booker-or-operator' },
  'check-in': { from: ['confirmed'], to: 'checked_in', who: 'operator' },
  complete: { from: ['checked_in'], to: 'completed', who: 'operator' },
};

const STATUS_TEXT: Record<string, { zh: string; en: string }> = {
  requested: { zh: '待审批', en: 'requested' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  checked_in: { zh: '已签到', en: 'checked in' },
  completed: { zh: '已完成', en: 'completed' },
  rejected: { zh: '已拒绝', en: 'rejected' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  no_show: { zh: '爽约', en: 'a no-show' },
};
const ACTION_TEXT: Record<BookingAction, { zh: string; en: string }> = {
  approve: { zh: '批准', en: 'approved' },
  reject: { zh: '拒绝', en: 'rejected' },
  cancel: { zh: '取消', en: 'cancelled' },
  'check-in': { zh: '签到', en: 'checked in' },
  complete: { zh: '完成', en: 'completed' },
};

export interface TransitionInput {
  note?: string;
  /** complete: minutes actually used (defaults to the booked duration) and consumables used. */
  usageMinutes?: number;
  consumablesFen?: number;
  samples?: number;
}

export async function transition(deps: Deps, actor: Actor, id: number, action: BookingAction, input: TransitionInput = {}) {
  await sweep(deps);
  const { b, res, operator } = await loadForActor(deps, actor, id);
  const t = TRANSITIONS[action];
  const isBooker = Number(b.user_id) === actor.userId;
  assertAllowed(t.who === 'operator' ? operator : operator || isBooker, { zh: '只有资源管理员可以执行此操作', en: 'Only the resource’s manager may do this' });
  if (!t.from.includes(b.status)) {
    throw new AppError('invalid-transition', { status: STATUS_TEXT[b.status] ?? { zh: b.status, en: b.status }, action: ACTION_TEXT[action] }, [], {
      currentStatus: b.status,
    });
  }
  const nowIso = deps.clock.now().toISOString();
  const patch: Record<string, unknown> = { status: t.to, updated_at: nowIso };
  if (action === 'approve' || action === 'reject') {
    patch.decided_by = actor.userId;
    patch.decision_note = input.note ?? null;
  }
  if (action === 'cancel') {
    patch.cancelled_at = nowIso;
    patch.decision_note = input.note ?? null;
  }
  if (action === 'check-in') {
    // Check-in opens 30 minutes before the start and closes with the grace period.
    const start = Date.parse(b.starts_at);
    const now = Date.parse(nowIso);
    if (now < start - 30 * 60_000)
      throw new AppError('rule-violated', { reason: { zh: '签到于开始前 30 分钟开放', en: 'Check-in opens 30 minutes before the start' } });
    patch.checked_in_at = nowIso;
  }
  if (action === 'complete') {
    const booked = (Date.parse(b.ends_at) - Date.parse(b.starts_at)) / 60_000;
    const usage = input.usageMinutes ?? booked;
    if (!Number.isInteger(usage) || usage < 0 || usage > 24 * 60) throw invalid([{ field: 'body:/usageMinutes', code: 'value-invalid' }]);
    const q = quoteFor(res.row, b.mode, usage, input.samples ?? b.samples, input.consumablesFen);
    patch.completed_at = nowIso;
    patch.usage_minutes = usage;
    patch.consumables_used_fen = q.consumablesFen;
    patch.charge_fen = q.totalFen;
  }
  await inTransaction(deps, async (trx) => {
    // Guarded by the expected state: of two racing transitions only one applies.
    const r = await repo.updateBooking(trx, id, patch as any, t.from);
    if (Number(r.numUpdatedRows) !== 1)
      throw new AppError('invalid-transition', { status: { zh: '已变更', en: 'changed meanwhile' }, action: ACTION_TEXT[action] });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: `booking.${action}`,
      entityType: 'booking',
      entityId: id,
      jurisdictionCode: res.row.jurisdiction_code,
      change: { before: { status: b.status }, after: patch },
    });
    // The booker hears of a decision on their booking, and of a cancellation by the manager.
    const decided =
      action === 'approve' ? 'booking.approved' : action === 'reject' ? 'booking.rejected' : action === 'cancel' && !isBooker ? 'booking.cancelled' : null;
    if (decided)
      await notify(trx, nowIso, {
        userIds: [Number(b.user_id)],
        kind: decided,
        params: { resource: res.row.name, slot: formatShanghaiRange(toInterval(b.starts_at, b.ends_at)), note: input.note ?? '' },
        link: `/bookings?id=${id}`,
      });
    if (t.to === 'cancelled' || t.to === 'rejected') await offerFreedSlot(deps, trx, Number(b.resource_id), b.starts_at, b.ends_at, nowIso);
  });
  return getBooking(deps, actor, id);
}

// ---- the sweep: no-shows, lapsed requests, expired waitlist offers ---------------------------

/**
 * Idempotent and safe from any number of processes: each UPDATE only takes rows still in the
 * old state, and audits exactly the rows it changed. Run on a timer and before bookings are read.
 */
export async function sweep(deps: Deps): Promise<{ noShows: number; lapsed: number; expiredOffers: number }> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const cutoff = addMinutes(nowIso, -deps.config.noShowGraceMinutes);
  if (!(await repo.sweepDue(deps.db.db, cutoff, nowIso))) return { noShows: 0, lapsed: 0, expiredOffers: 0 };
  return inTransaction(deps, async (trx) => {
    const noShows = await repo.markNoShows(trx, cutoff, nowIso);
    const lapsed = await repo.lapseRequests(trx, nowIso);
    const expired = await repo.expireOffers(trx, nowIso);
    for (const b of noShows)
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor: null,
        action: 'booking.no_show',
        entityType: 'booking',
        entityId: Number(b.id),
        jurisdictionCode: b.jurisdiction_code,
        change: { before: { status: 'confirmed' }, after: { status: 'no_show' }, graceMinutes: deps.config.noShowGraceMinutes },
      });
    for (const b of lapsed)
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor: null,
        action: 'booking.lapse',
        entityType: 'booking',
        entityId: Number(b.id),
        jurisdictionCode: b.jurisdiction_code,
        change: { before: { status: 'requested' }, after: { status: 'rejected' } },
      });
    for (const w of expired) {
      await recordAudit(trx, deps.db.helpers, nowIso, {
        actor: null,
        action: 'waitlist.offer_expired',
        entityType: 'waitlist_entry',
        entityId: Number(w.id),
        jurisdictionCode: null,
        change: { before: { status: 'offered' }, after: { status: 'expired' } },
      });
      await offerFreedSlot(deps, trx, Number(w.resource_id), w.starts_at, w.ends_at, nowIso);
    }
    // A no-show frees the rest of its slot too.
    for (const b of noShows) if (b.ends_at > nowIso) await offerFreedSlot(deps, trx, Number(b.resource_id), nowIso, b.ends_at, nowIso);
    return { noShows: noShows.length, lapsed: lapsed.length, expiredOffers: expired.length };
  });
}

// ---- waitlist -----------------------------------------------------------------------------

/** When a slot frees, the longest-waiting person whose wished slot is now wholly free gets an offer. */
async function offerFreedSlot(deps: Deps, trx: Transaction<Database>, resourceId: number, startsAt: string, endsAt: string, nowIso: string) {
  const candidates = await repo.nextWaiting(trx, resourceId, startsAt, endsAt);
  for (const w of candidates) {
    const busy = await repo.activeOverlapping(trx, resourceId, w.starts_at, w.ends_at);
    const offered = await repo.openOfferOverlapping(trx, resourceId, w.starts_at, w.ends_at);
    if (busy.length || offered) continue;
    const expires = addMinutes(nowIso, deps.config.waitlistOfferMinutes);
    await repo.updateWaitlist(trx, Number(w.id), { status: 'offered', offered_at: nowIso, offer_expires_at: expires }, 'waiting');
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor: null,
      action: 'waitlist.offer',
      entityType: 'waitlist_entry',
      entityId: Number(w.id),
      jurisdictionCode: null,
      change: { userId: Number(w.user_id), startsAt: w.starts_at, endsAt: w.ends_at, offerExpiresAt: expires },
    });
    const resource = await repo.resourceName(trx, resourceId);
    await notify(trx, nowIso, {
      userIds: [Number(w.user_id)],
      kind: 'waitlist.offered',
      params: { resource, slot: formatShanghaiRange(toInterval(w.starts_at, w.ends_at)), deadline: expires },
      link: `/bookings?waitlist=${Number(w.id)}`,
    });
    return;
  }
}

export async function joinWaitlist(deps: Deps, actor: Actor, input: { resourceId: number; mode: string; startsAt: string; endsAt: string; samples?: number }) {
  assertAllowed(canBook(actor), { zh: '管理部门账号不能预约资源', en: 'Administrative accounts do not book resources' });
  const res = await loadResource(deps, input.resourceId);
  if (!res || res.row.status !== 'published') throw notFound(RESOURCE, input.resourceId);
  const now = deps.clock.now().getTime();
  const x = toInterval(input.startsAt, input.endsAt);
  const v = staticViolations(res, input.mode, input.samples ?? 0, x, now);
  if (v.length) throw ruleError(v[0]);
  // Nobody waits for time they already hold: their own booking would keep the slot from ever
  // being offered to them, and an offer would book them twice.
  const own = (await repo.activeOverlapping(deps.db.db, input.resourceId, iso(x.start), iso(x.end))).filter((b) => Number(b.user_id) === actor.userId);
  if (own.length) {
    const intervals = own.map((b) => formatShanghaiRange(toInterval(b.starts_at, b.ends_at))).join(', ');
    throw ruleError({ rule: 'already-booked', params: { intervals } }, { bookings: own.map((b) => Number(b.id)) });
  }
  const busy = await conflictsFor(deps.db.db, res, x);
  if (busy.length === 0) {
    throw new AppError('rule-violated', { reason: { zh: '该时段空闲，请直接预约', en: 'The slot is free: book it directly' } });
  }
  const nowIso = iso(now);
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insertWaitlist(trx, {
      resource_id: input.resourceId,
      user_id: actor.userId,
      mode: input.mode,
      starts_at: iso(x.start),
      ends_at: iso(x.end),
      samples: input.samples ?? 0,
      status: 'waiting',
      created_at: nowIso,
    });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'waitlist.join',
      entityType: 'waitlist_entry',
      entityId: Number(id),
      jurisdictionCode: res.row.jurisdiction_code,
      change: { resourceId: input.resourceId, startsAt: iso(x.start), endsAt: iso(x.end) },
    });
    return Number(id);
  });
  const w = await repo.findWaitlist(deps.db.db, id);
  return waitlistView(w!);
}

function waitlistView(w: NonNullable<Awaited<ReturnType<typeof repo.findWaitlist>>> & { resource_name?: string }) {
  return {
    id: Number(w.id),
    resourceId: Number(w.resource_id),
    resourceName: w.resource_name ?? null,
    mode: w.mode,
    startsAt: w.starts_at,
    endsAt: w.ends_at,
    samples: w.samples,
    status: w.status,
    offeredAt: w.offered_at,
    offerExpiresAt: w.offer_expires_at,
    bookingId: w.booking_id === null ? null : Number(w.booking_id),
    createdAt: w.created_at,
  };
}

export async function myWaitlist(deps: Deps, actor: Actor) {
  await sweep(deps);
  return (await repo.listWaitlistOf(deps.db.db, actor.userId)).map(waitlistView);
}

export async function acceptOffer(deps: Deps, actor: Actor, id: number) {
  await sweep(deps);
  const w = await repo.findWaitlist(deps.db.db, id);
  if (!w || Number(w.user_id) !== actor.userId) throw notFound({ zh: '候补', en: 'Waitlist entry' }, id);
  if (w.status !== 'offered') throw new AppError('rule-violated', { reason: { zh: '没有待接受的候补邀请', en: 'There is no open offer on this entry' } });
  const booking = (await createBooking(deps, actor, {
    resourceId: Number(w.resource_id),
    mode: w.mode,
    startsAt: w.starts_at,
    endsAt: w.ends_at,
    samples: w.samples,
  })) as BookingView;
  await inTransaction(deps, async (trx) => {
    await repo.updateWaitlist(trx, id, { status: 'accepted', booking_id: booking.id }, 'offered');
    await recordAudit(trx, deps.db.helpers, deps.clock.now().toISOString(), {
      actor,
      action: 'waitlist.accept',
      entityType: 'waitlist_entry',
      entityId: id,
      jurisdictionCode: null,
      change: { bookingId: booking.id },
    });
  });
  return booking;
}

export async function leaveWaitlist(deps: Deps, actor: Actor, id: number) {
  const w = await repo.findWaitlist(deps.db.db, id);
  if (!w || Number(w.user_id) !== actor.userId) throw notFound({ zh: '候补', en: 'Waitlist entry' }, id);
  if (!['waiting', 'offered'].includes(w.status)) return;
  const nowIso = deps.clock.now().toISOString();
  await inTransaction(deps, async (trx) => {
    await repo.updateWaitlist(trx, id, { status: 'cancelled' });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor,
      action: 'waitlist.leave',
      entityType: 'waitlist_entry',
      entityId: id,
      jurisdictionCode: null,
      change: { before: { status: w.status } },
    });
    if (w.status === 'offered') await offerFreedSlot(deps, trx, Number(w.resource_id), w.starts_at, w.ends_at, nowIso);
  });
}

// ---- availability -------------------------------------------------------------------------

export async function availability(deps: Deps, actor: Actor | null, resourceId: number, from: string, to: string) {
  const res = await loadResource(deps, resourceId);
  if (!res || res.row.status !== 'published') throw notFound(RESOURCE, resourceId);
  if (!BOOKABLE_KINDS.includes(res.row.kind)) throw ruleError({ rule: 'resource-not-bookable' });
  const f = Date.parse(from);
  const t = Date.parse(to);
  if (!(f < t) || t - f > 62 * 86_400_000) throw invalid([{ field: 'querystring:/to', code: 'range-too-long', params: { days: 62 } }]);
  await sweep(deps);
  const [bookings, closures] = await Promise.all([
    repo.bookingsInRange(deps.db.db, resourceId, from, to, repo.ACTIVE),
    repo.closuresOverlapping(deps.db.db, resourceId, from, to),
  ]);
  const open = openIntervals(res.hours, f, t);
  const closed = closures.map((c) => toInterval(c.starts_at, c.ends_at));
  const busyIntervals = bookings.map((b) => toInterval(b.starts_at, b.ends_at));
  // With capacity n, a moment is full when n bookings run at once.
  const full: Interval[] = [];
  if (res.row.capacity <= 1) full.push(...busyIntervals);
  else {
    const pts = busyIntervals.flatMap((b) => [
      { t: b.start, d: 1 },
      { t: b.end, d: -1 },
    ]);
    pts.sort((a, b) => a.t - b.t || a.d - b.d);
    let level = 0;
    let since = 0;
    for (const p of pts) {
      const before = level;
      level += p.d;
      if (before < res.row.capacity && level >= res.row.capacity) since = p.t;
      if (before >= res.row.capacity && level < res.row.capacity) full.push({ start: since, end: p.t });
    }
  }
  const free = subtract(open, [...closed, ...full]);
  const rules = res.rules;
  // Self-operation needs training: the caller learns up front whether they hold it (the panel
  // offers a training request instead of a booking that would be refused).
  let training: { validUntil: string | null; pendingRequestId: number | null } | null = null;
  if (actor && res.modes.includes('self_operation')) {
    const [valid, pending] = await Promise.all([
      repo.validTraining(deps.db.db, resourceId, actor.userId, deps.clock.now().toISOString()),
      trainingRepo.pendingTrainingRequestOf(deps.db.db, resourceId, actor.userId),
    ]);
    training = { validUntil: valid?.expires_at ?? null, pendingRequestId: pending ? Number(pending.id) : null };
  }
  return {
    resourceId,
    from,
    to,
    slotMinutes: rules.slotMinutes,
    capacity: res.row.capacity,
    rules: { leadMinutes: rules.leadMinutes, maxAdvanceDays: rules.maxAdvanceDays, minMinutes: rules.minMinutes, maxMinutes: rules.maxMinutes },
    needsApproval: res.row.needs_approval === 1,
    serviceModes: res.modes,
    open: open.map((i) => ({ startsAt: iso(i.start), endsAt: iso(i.end) })),
    closures: closures.map((c) => ({ id: Number(c.id), kind: c.kind, startsAt: c.starts_at, endsAt: c.ends_at, reason: c.reason })),
    // Others' bookings show as busy time only: who booked is nobody else's business.
    busy: bookings.map((b) => ({ startsAt: b.starts_at, endsAt: b.ends_at, status: b.status, mine: actor ? Number(b.user_id) === actor.userId : false })),
    free: merge(free).map((i) => ({ startsAt: iso(i.start), endsAt: iso(i.end) })),
    training,
  };
}

export async function quote(deps: Deps, resourceId: number, input: { mode: string; startsAt: string; endsAt: string; samples?: number }) {
  const res = await loadResource(deps, resourceId);
  if (!res || res.row.status !== 'published') throw notFound(RESOURCE, resourceId);
  if (!res.modes.includes(input.mode as ServiceMode)) throw ruleError({ rule: 'mode-unsupported' });
  const x = toInterval(input.startsAt, input.endsAt);
  if (!(x.start < x.end)) throw invalid([{ field: 'querystring:/endsAt', code: 'value-invalid' }]);
  return quoteFor(res.row, input.mode, (x.end - x.start) / 60_000, input.samples ?? 0);
}

// ---- the charge a voucher pays part of ----------------------------------------------------

/** The final charge of a completed booking, for the voucher module (Decision art. 13). */
export async function bookingCharge(deps: Deps, bookingId: number) {
  const b = await repo.findBooking(deps.db.db, bookingId);
  if (!b) return null;
  const res = await loadResource(deps, Number(b.resource_id));
  return {
    bookingId,
    status: b.status,
    chargeFen: b.charge_fen === null ? null : Number(b.charge_fen),
    payerUserId: Number(b.user_id),
    payerOrganizationId: Number(b.organization_id),
    payerJurisdiction: b.jurisdiction_code,
    providerOrganizationId: res ? Number(res.row.owner_org_id) : null,
    providerJurisdiction: res?.row.jurisdiction_code ?? null,
    serviceCategory: res?.row.category1 ?? null,
  };
}

/** What each booking was for (its resource's name), for the voucher module's redemption labels; unknown ids are left out. */
export async function bookingLabels(deps: Deps, bookingIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(bookingIds)];
  if (ids.length === 0) return new Map();
  const rows = await repo.resourceNamesOfBookings(deps.db.db, ids);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Resources busy in [from, to): an active booking or a closure overlaps it (for the catalogue's "free" filter). */
export function busyResourceIds(deps: Deps, from: string, to: string): Promise<number[]> {
  return repo.busyResourceIds(deps.db.db, from, to);
}
