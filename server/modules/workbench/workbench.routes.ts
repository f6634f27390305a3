import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { Deps } from '../../platform/deps';
import { Nullable, problemResponses, requireActor } from '../../platform/http';
import * as svc from './workbench.service';

const Int = Type.Integer();
const Str = Type.String();
const Counts = Type.Record(Type.String(), Type.Integer(), { description: 'count per state' });
const Opt = <T extends TSchema>(t: T) => Nullable(t);

const Enterprise = Type.Object({
  bookings: Type.Object({
    upcoming: Int,
    next: Type.Array(Type.Object({ id: Int, resourceId: Int, resourceName: Nullable(Str), startsAt: Str, endsAt: Str, status: Str })),
  }),
  vouchers: Opt(Type.Object({ active: Int, balanceFen: Int, nextExpiry: Nullable(Str) })),
  voucherApplications: Counts,
  callApplications: Counts,
  contracts: Type.Object({ activeAsLicensee: Int, instalments: Int, contracts: Int, outstandingFen: Int, nextDue: Nullable(Str) }),
  demands: Type.Object({ published: Int, recent: Type.Array(Type.Object({ id: Int, title: Str })) }),
  todo: Type.Object({ waitlistOffers: Int, pendingTrainingRequests: Int }),
});

const Operator = Type.Object({
  queue: Type.Object({ bookings: Int, trainingRequests: Int, accessRequests: Int, total: Int }),
  utilisationDays: Int,
  utilisation: Type.Array(
    Type.Object({
      resourceId: Int,
      name: Str,
      kind: Str,
      openMinutes: Int,
      bookedMinutes: Int,
      usedMinutes: Int,
      bookedPct: Type.Number(),
      usedPct: Type.Number(),
    }),
  ),
});

const Jurisdiction = Type.Object({
  jurisdictionCode: Nullable(Str),
  pending: Type.Object({ voucherApplications: Int, providersApplied: Int, providersInNotice: Int, objections: Int, integrityAppeals: Int }),
  programs: Type.Object({
    total: Int,
    items: Type.Array(Type.Object({ id: Int, name: Str, jurisdictionCode: Str, totalFen: Int, committedFen: Int, redeemedFen: Int, availableFen: Int })),
  }),
  monthlyRedemptions: Type.Array(
    Type.Object(
      { period: Str, redemptions: Int, issuedFen: Int, servedFen: Int },
      { description: 'issued: of the jurisdiction’s vouchers; served: at its providers' },
    ),
  ),
  flows: Type.Array(Type.Object({ from: Str, to: Str, redemptions: Int, amountFen: Int })),
  calls: Counts,
});

const Expert = Type.Object({
  assigned: Int,
  reviewDays: Int,
  due: Type.Array(Type.Object({ id: Int, callId: Int, callTitle: Str, callStatus: Str, applicationTitle: Str, assignedAt: Str, dueAt: Str })),
});

const Platform = Type.Object({
  engine: Str,
  ready: Type.Boolean(),
  outbox: Type.Object({ pending: Int, sent: Int, dead: Int }),
  auditHead: Type.Object({ seq: Int, hash: Str }),
  imports: Type.Object({
    total: Int,
    recent: Type.Array(Type.Object({ id: Int, source: Str, rows: Int, created: Int, updated: Int, unchanged: Int, createdAt: Str })),
  }),
  signIns: Type.Object({ failedLogins: Int, failedIps: Int, lockedAccounts: Int, lockedNames: Int }),
});

export const Workbench = Type.Object({
  role: Str,
  generatedAt: Str,
  enterprise: Opt(Enterprise),
  operator: Opt(Operator),
  jurisdiction: Opt(Jurisdiction),
  expert: Opt(Expert),
  platform: Opt(Platform),
});

export default async function workbenchRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/workbench',
    {
      schema: {
        tags: ['workbench'],
        summary:
          'My workbench: the figures of my role (my own and my organisation’s; a jurisdiction admin’s jurisdiction), each counted as the list it links to counts it',
        response: { 200: Workbench, ...problemResponses(401) },
      },
    },
    async (req) => svc.workbench(deps, requireActor(req)),
  );
}
