// The workbench (issue 15): each role's figures on one page, every figure a link to the list
// that shows its rows. Counts come from the modules' own list services (their `total`, computed
// with the same filter and access rules as the list) wherever a list exists; the rest are the
// grouped statements of workbench.repository. Sections by role:
//   member / org admin  → bookings, vouchers, applications, contracts due, demands, to-dos
//   resource operator   → the approval queue's counts and 30-day utilisation per instrument
//   jurisdiction admin  → pending approvals, programme budgets, monthly redemptions, flows, calls
//   expert              → reviews to do
//   platform admin      → system health, imports, sign-in anomalies (and all four jurisdictions)
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/access';
import { merge, openIntervals, type Interval } from '../../platform/schedule';
import { BOOKABLE_KINDS, openingHoursOf } from '../resources/resources.service';
import { listBookings } from '../bookings/bookings.service';
import { listTrainingRequests, managedBy, queueCounts } from '../bookings/training-requests.service';
import { listVouchers } from '../vouchers/vouchers.service';
import { listApplications } from '../vouchers/applications.service';
import { listPrograms } from '../vouchers/programs.service';
import { listProviders } from '../vouchers/providers.service';
import { periodOf } from '../vouchers/rules';
import { listContracts } from '../transfer/contracts.service';
import { myReviews } from '../calls/reviews.service';
import * as repo from './workbench.repository';

const DAY = 86_400_000;
/** The window of the utilisation figures. */
export const UTILISATION_DAYS = 30;
/** The platform keeps no review deadline; a review is expected within this many days of assignment. */
export const REVIEW_DAYS = 14;

/** The last n Beijing calendar months (YYYY-MM), oldest first, ending with the current one. */
function lastMonths(now: number, n: number): string[] {
  const [y, m] = periodOf(new Date(now).toISOString()).split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

const total = (p: Promise<{ total: number }>) => p.then((r) => r.total);

async function enterprise(deps: Deps, actor: Actor, now: number) {
  const db = deps.db.db;
  const nowIso = new Date(now).toISOString();
  const wallet = actor.organizationType === 'enterprise';
  const [upcoming, vouchers, voucherApps, callApps, due, licenseeActive, demandCount, demands, offers, myTraining] = await Promise.all([
    listBookings(deps, actor, { scope: 'mine', status: 'requested,confirmed,checked_in', from: nowIso, sort: 'startsAt', pageSize: 5 }),
    wallet ? repo.voucherTotals(db, actor.organizationId) : Promise.resolve(null),
    repo.voucherApplicationsByStatus(db, actor.organizationId),
    repo.callApplicationsByStatus(db, actor.organizationId),
    repo.instalmentsDue(db, actor.organizationId, new Date(now + 30 * DAY).toISOString()),
    total(listContracts(deps, actor, { role: 'licensee', status: 'active', pageSize: 1 })),
    repo.countDemandsOf(db, actor.organizationId),
    repo.demandsOf(db, actor.organizationId, 3),
    repo.waitlistOffers(db, actor.userId),
    total(listTrainingRequests(deps, actor, { scope: 'mine', state: 'pending', pageSize: 1 })),
  ]);
  // The count is the wallet list's own total (same filter); balance and expiry are summed here.
  const activeVouchers = wallet ? await total(listVouchers(deps, actor, { scope: 'mine', status: 'active', pageSize: 1 })) : 0;
  return {
    bookings: {
      upcoming: upcoming.total,
      next: upcoming.items.map((b) => ({
        id: b.id,
        resourceId: b.resourceId,
        resourceName: b.resourceName,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        status: b.status,
      })),
    },
    vouchers: vouchers && { active: activeVouchers, balanceFen: vouchers.balanceFen, nextExpiry: vouchers.nextExpiry },
    voucherApplications: voucherApps,
    callApplications: callApps,
    contracts: { activeAsLicensee: licenseeActive, ...due },
    demands: { published: demandCount, recent: demands.map((d) => ({ id: Number(d.id), title: d.title })) },
    todo: { waitlistOffers: offers, pendingTrainingRequests: myTraining },
  };
}

/** Minutes of `xs` inside `within` (both merged interval lists). */
function overlapMinutes(xs: Interval[], within: Interval[]) {
  let ms = 0;
  for (const x of xs) for (const w of within) ms += Math.max(0, Math.min(x.end, w.end) - Math.max(x.start, w.start));
  return Math.round(ms / 60_000);
}

async function operator(deps: Deps, actor: Actor, now: number) {
  const m = managedBy(actor);
  const resources = await repo.managedBookable(deps.db.db, m, BOOKABLE_KINDS);
  if (!resources.length && actor.role !== 'org_admin') return null;
  const from = now - UTILISATION_DAYS * DAY;
  const [queue, rows] = await Promise.all([
    queueCounts(deps, actor),
    repo.bookingsOverlapping(
      deps.db.db,
      resources.map((r) => Number(r.id)),
      new Date(from).toISOString(),
      new Date(now).toISOString(),
    ),
  ]);
  const utilisation = resources.map((r) => {
    const open = openIntervals(openingHoursOf(r), from, now);
    const openMinutes = Math.round(open.reduce((a, x) => a + (x.end - x.start), 0) / 60_000);
    const mine = rows.filter((b) => Number(b.resource_id) === Number(r.id));
    const span = (b: (typeof mine)[number]): Interval => ({ start: Date.parse(b.starts_at), end: Date.parse(b.ends_at) });
    const bookedMinutes = overlapMinutes(merge(mine.map(span)), open);
    const usedMinutes = overlapMinutes(merge(mine.filter((b) => b.status === 'completed').map(span)), open);
    const pct = (x: number) => (openMinutes ? Math.round((1000 * x) / openMinutes) / 10 : 0);
    return {
      resourceId: Number(r.id),
      name: r.name,
      kind: r.kind,
      openMinutes,
      bookedMinutes,
      usedMinutes,
      bookedPct: pct(bookedMinutes),
      usedPct: pct(usedMinutes),
    };
  });
  return { queue, utilisationDays: UTILISATION_DAYS, utilisation };
}

async function jurisdiction(deps: Deps, actor: Actor, now: number) {
  const db = deps.db.db;
  const code = actor.role === 'jurisdiction_admin' ? (actor.jurisdictionCode ?? '') : null;
  const j = code ?? undefined;
  const firstPeriod = lastMonths(now, 12)[0];
  const [applications, providersApplied, providersInNotice, objections, appeals, programs, monthly, flows, calls] = await Promise.all([
    total(listApplications(deps, actor, { scope: 'managed', status: 'submitted', pageSize: 1 })),
    total(listProviders(deps, actor, { status: 'applied', jurisdiction: j, pageSize: 1 })),
    total(listProviders(deps, actor, { status: 'notice', jurisdiction: j, pageSize: 1 })),
    repo.openObjections(db, code),
    repo.openAppeals(db, code),
    listPrograms(deps, actor, { jurisdiction: j, status: 'active', pageSize: 50 }),
    repo.redemptionsByMonth(db, code, firstPeriod),
    repo.crossFlows(db, code),
    repo.callsByStatus(db, code),
  ]);
  return {
    jurisdictionCode: code,
    pending: { voucherApplications: applications, providersApplied, providersInNotice, objections, integrityAppeals: appeals },
    programs: {
      total: programs.total,
      items: programs.items.map((p) => ({
        id: p.id,
        name: p.name,
        jurisdictionCode: p.jurisdictionCode,
        totalFen: p.budget.totalFen,
        committedFen: p.budget.committedFen,
        redeemedFen: p.budget.redeemedFen,
        availableFen: p.budget.availableFen,
      })),
    },
    monthlyRedemptions: lastMonths(now, 12).map((period) => monthly.find((m) => m.period === period) ?? { period, redemptions: 0, issuedFen: 0, servedFen: 0 }),
    flows,
    calls,
  };
}

async function expert(deps: Deps, actor: Actor) {
  const [assigned, due] = await Promise.all([total(myReviews(deps, actor, { status: 'assigned', pageSize: 1 })), repo.reviewsDue(deps.db.db, actor.userId, 5)]);
  return {
    assigned,
    reviewDays: REVIEW_DAYS,
    due: due.map((r) => ({
      id: Number(r.id),
      callId: Number(r.call_id),
      callTitle: r.call_title,
      callStatus: r.call_status,
      applicationTitle: r.application_title,
      assignedAt: r.created_at,
      dueAt: new Date(Date.parse(r.created_at) + REVIEW_DAYS * DAY).toISOString(),
    })),
  };
}

async function platform(deps: Deps, now: number) {
  const db = deps.db.db;
  let ready = true;
  try {
    await deps.db.ping();
  } catch {
    ready = false;
  }
  const [outbox, head, imports, anomalies] = await Promise.all([
    repo.outboxByStatus(db),
    repo.auditHead(db),
    repo.importBatches(db, 5),
    repo.signInAnomalies(db, new Date(now - DAY).toISOString(), new Date(now).toISOString()),
  ]);
  return {
    engine: deps.db.helpers.engine,
    ready,
    outbox: { pending: outbox.pending ?? 0, sent: outbox.sent ?? 0, dead: outbox.dead ?? 0 },
    auditHead: { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' },
    imports: {
      total: imports.total,
      recent: imports.rows.map((b) => ({
        id: Number(b.id),
        source: b.source,
        rows: Number(b.rows),
        created: Number(b.created),
        updated: Number(b.updated),
        unchanged: Number(b.unchanged),
        createdAt: b.created_at,
      })),
    },
    signIns: anomalies,
  };
}

export async function workbench(deps: Deps, actor: Actor) {
  const now = deps.clock.now().getTime();
  const books = actor.role === 'member' || actor.role === 'org_admin';
  const admin = actor.role === 'jurisdiction_admin' || actor.role === 'platform_admin';
  const [ent, ops, jur, exp, plat] = await Promise.all([
    books ? enterprise(deps, actor, now) : null,
    actor.role !== 'jurisdiction_admin' && actor.role !== 'platform_admin' ? operator(deps, actor, now) : null,
    admin ? jurisdiction(deps, actor, now) : null,
    actor.role === 'expert' ? expert(deps, actor) : null,
    actor.role === 'platform_admin' ? platform(deps, now) : null,
  ]);
  return { role: actor.role, generatedAt: new Date(now).toISOString(), enterprise: ent, operator: ops, jurisdiction: jur, expert: exp, platform: plat };
}
