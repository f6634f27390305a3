// HTTP routes of the innovation-voucher capability (Decision art. 13): programmes, applications,
// vouchers, redemptions (Idempotency-Key), providers, products, orders, affiliates, settlements.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import { Nullable, Page, SPREADSHEET_TYPES, fileResponse, problemResponses, requireActor } from '../../platform/http';
import { DateTime, Fen, Id, IdParams, Obj, PageQuery, Period, SubIdParams, Text } from '../../platform/schemas';
import { DOCUMENT_LIMIT_BYTES, DOCUMENT_TYPES, FormatQuery, documentFrom, sendSpreadsheet } from '../../platform/files';
import { writeSheet } from '../../platform/spreadsheet';
import { pickLang } from '../../platform/i18n';
import { ENTERPRISE_TIERS, JURISDICTION_CODES } from '../../platform/access';
import { SERVICE_CATEGORIES } from './rules';
import * as programs from './programs.service';
import * as applications from './applications.service';
import * as vouchers from './vouchers.service';
import * as redemptions from './redemptions.service';
import * as affiliations from './affiliations.service';
import * as settlements from './settlements.service';
import * as prov from './providers.service';
import * as orders from './orders.service';

const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));
const Jurisdiction = lit(JURISDICTION_CODES);
const Category = lit(SERVICE_CATEGORIES);
const emptyBodyIsEmptyObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

const Budget = Type.Object({
  totalFen: Type.Integer(),
  committedFen: Type.Integer(),
  availableFen: Type.Integer(),
  redeemedFen: Type.Integer(),
  lapsedFen: Type.Integer(),
});
const Program = Type.Object(
  {
    id: Type.Integer(),
    jurisdictionCode: Type.String(),
    name: Type.String(),
    description: Type.String(),
    issueFrom: Type.String(),
    issueUntil: Type.String(),
    expiresAt: Type.String(),
    shareBp: Type.Integer(),
    capEnterpriseYearFen: Type.Integer(),
    capTeamFen: Type.Integer(),
    eligibleTiers: Type.Array(Type.String()),
    teamsEligible: Type.Boolean(),
    eligibleCategories: Type.Array(Type.String()),
    redeemJurisdictions: Type.Array(Type.String()),
    applicantJurisdictions: Type.Array(Type.String(), { description: 'where applicants must be registered' }),
    status: Type.String(),
    budget: Budget,
    vouchers: Type.Integer(),
    createdAt: Type.String(),
  },
  { $id: 'VoucherProgram' },
);
const Application = Type.Object({
  id: Type.Integer(),
  programId: Type.Integer(),
  programName: Type.String(),
  jurisdictionCode: Type.String(),
  applicantOrgId: Type.Integer(),
  applicantOrgName: Type.String(),
  applicantUserId: Type.Integer(),
  applicantName: Type.String(),
  applicantKind: Type.String(),
  teamName: Nullable(Type.String()),
  requestedFen: Type.Integer(),
  purpose: Type.String(),
  status: Type.String(),
  approvedFen: Nullable(Type.Integer()),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  voucherId: Nullable(Type.Integer()),
  createdAt: Type.String(),
});
const VoucherProps = {
  id: Type.Integer(),
  code: Type.String(),
  programId: Type.Integer(),
  programName: Type.String(),
  jurisdictionCode: Type.String(),
  holderOrgId: Type.Integer(),
  holderOrgName: Type.String(),
  holderKind: Type.String(),
  teamName: Nullable(Type.String()),
  faceValueFen: Type.Integer(),
  balanceFen: Type.Integer(),
  redeemedFen: Type.Integer(),
  lapsedFen: Type.Integer(),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  status: Type.String(),
  statusReason: Nullable(Type.String()),
  shareBp: Type.Integer(),
  redeemJurisdictions: Type.Array(Type.String()),
  eligibleCategories: Type.Array(Type.String()),
};
const Voucher = Type.Object(VoucherProps);
const VoucherDetail = Type.Object({
  ...VoucherProps,
  history: Type.Array(
    Type.Object({
      transactionId: Type.Integer(),
      kind: Type.String(),
      amountFen: Type.Integer(),
      balanceAfterFen: Type.Integer(),
      redemptionId: Nullable(Type.Integer()),
      memo: Type.String(),
      /** What the movement was, in the reader's language (Accept-Language): "预约 #3 · 液质联用仪 · 上海". */
      description: Type.String(),
      at: Type.String(),
    }),
  ),
});
const Redemption = Type.Object({
  id: Type.Integer(),
  voucherId: Type.Integer(),
  voucherCode: Type.String(),
  programId: Type.Integer(),
  programName: Type.String(),
  holderOrgId: Type.Integer(),
  holderOrgName: Type.String(),
  providerId: Type.Integer(),
  providerName: Type.String(),
  issuerJurisdiction: Type.String(),
  providerJurisdiction: Type.String(),
  sourceKind: Type.String(),
  sourceId: Type.Integer(),
  sourceLabel: Type.String(),
  category: Type.String(),
  feeFen: Type.Integer(),
  amountFen: Type.Integer(),
  refundedFen: Type.Integer(),
  copayFen: Type.Integer(),
  status: Type.String(),
  period: Type.String(),
  settlementId: Nullable(Type.Integer()),
  createdAt: Type.String(),
});
const Quote = Type.Object({
  feeFen: Type.Integer(),
  shareLimitFen: Type.Integer(),
  balanceFen: Type.Integer(),
  capRemainingFen: Type.Integer(),
  payableFen: Type.Integer(),
  copayFen: Type.Integer(),
  limitedBy: Type.String(),
  providerId: Type.Integer(),
  providerName: Type.String(),
  providerJurisdiction: Type.String(),
  category: Type.String(),
});
/** A platform check: what it found as a code, and in the reader's language (Accept-Language). */
const Check = Type.Object({ ok: Type.Boolean(), code: Nullable(Type.String()), detail: Type.String() });
const SelfAssessment = Obj({
  legalEntity: Type.Boolean(),
  yearsInOperation: Type.Number({ minimum: 0, maximum: 200 }),
  publishedPrices: Type.Boolean(),
  integrityClean: Type.Boolean(),
  statement: Text(4000),
});
const Evidence = Type.Object({
  id: Type.Integer(),
  condition: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Type.String(),
});
const Provider = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  jurisdictionCode: Type.String(),
  status: Type.String(),
  categories: Type.Array(Type.String()),
  description: Type.String(),
  selfAssessment: Type.Object({
    legalEntity: Type.Boolean(),
    yearsInOperation: Type.Number(),
    publishedPrices: Type.Boolean(),
    integrityClean: Type.Boolean(),
    statement: Type.String(),
  }),
  check: Nullable(
    Type.Object({
      passed: Type.Boolean(),
      note: Type.String(),
      checks: Type.Object({ legalEntity: Check, yearsInOperation: Check, publishedPrices: Check, integrityClean: Check }),
      checkedAt: Type.String(),
    }),
  ),
  noticeStartsAt: Nullable(Type.String()),
  noticeEndsAt: Nullable(Type.String()),
  listedAt: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  recognitions: Type.Array(Type.Object({ jurisdictionCode: Type.String(), decision: Type.String(), note: Type.String(), decidedAt: Type.String() })),
  recognisedIn: Type.Array(Type.String()),
  evidence: Type.Array(Evidence),
  openObjections: Type.Integer(),
  products: Type.Integer(),
  createdAt: Type.String(),
});
const Objection = Type.Object({
  id: Type.Integer(),
  reason: Type.String(),
  status: Type.String(),
  resolution: Nullable(Type.String()),
  createdAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
  objector: Nullable(Type.String()),
});
const Product = Type.Object({
  id: Type.Integer(),
  providerId: Type.Integer(),
  name: Type.String(),
  category: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  priceFen: Type.Integer(),
  status: Type.String(),
  createdAt: Type.String(),
});
const Order = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  category: Type.String(),
  providerId: Type.Integer(),
  providerName: Type.String(),
  buyerOrgId: Type.Integer(),
  buyerOrgName: Type.String(),
  quantity: Type.Integer(),
  amountFen: Type.Integer(),
  note: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  completedAt: Nullable(Type.String()),
  redemptionId: Nullable(Type.Integer()),
});
const SettlementSummary = {
  id: Type.Integer(),
  period: Type.String(),
  jurisdictionCode: Type.String(),
  status: Type.String(),
  redemptions: Type.Integer(),
  totalFen: Type.Integer(),
  createdAt: Type.String(),
};
const SettlementLine = Type.Object({
  providerId: Type.Integer(),
  providerName: Type.String(),
  providerJurisdiction: Type.String(),
  redemptions: Type.Integer(),
  amountFen: Type.Integer(),
});
const Settlement = Type.Object({
  ...SettlementSummary,
  lines: Type.Array(SettlementLine),
});
const SettlementPreview = Type.Object({
  period: Type.String(),
  jurisdictionCode: Type.String(),
  settlementId: Nullable(Type.Integer()),
  redemptions: Type.Integer(),
  totalFen: Type.Integer(),
  lines: Type.Array(SettlementLine),
});
const Affiliation = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  affiliateId: Type.Integer(),
  affiliateName: Type.String(),
  note: Type.String(),
  createdAt: Type.String(),
});

const Reason = Obj({ reason: Text(1000, 1) });

export default async function voucherRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['vouchers'];
  const ptags = ['providers'];
  const stags = ['settlements'];

  // ---- programmes ----
  r.get(
    '/api/voucher-programs',
    {
      schema: {
        tags,
        summary: 'Voucher programmes',
        querystring: Obj({
          ...PageQuery,
          jurisdiction: Type.Optional(Jurisdiction),
          status: Type.Optional(lit(['active', 'closed'] as const)),
          q: Type.Optional(Text(100)),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Type.Ref('VoucherProgram')), ...problemResponses(400, 401) },
      },
    },
    async (req) => programs.listPrograms(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/voucher-programs',
    {
      schema: {
        tags,
        summary: 'Create a programme of one’s own jurisdiction, funding its budget',
        body: Obj({
          jurisdictionCode: Type.Optional(Jurisdiction),
          name: Text(200, 2),
          description: Type.Optional(Text(4000)),
          budgetFen: Fen({ minimum: 1 }),
          issueFrom: DateTime(),
          issueUntil: DateTime(),
          expiresAt: DateTime(),
          shareBp: Type.Integer({ minimum: 1, maximum: 10_000, description: 'share of a fee the voucher may pay, in basis points (5000 = 50 %)' }),
          capEnterpriseYearFen: Fen(),
          capTeamFen: Fen(),
          eligibleTiers: Type.Array(lit(ENTERPRISE_TIERS), { maxItems: 3 }),
          teamsEligible: Type.Boolean(),
          eligibleCategories: Type.Array(Category, { minItems: 1, maxItems: SERVICE_CATEGORIES.length }),
          redeemJurisdictions: Type.Array(Jurisdiction, { minItems: 1, maxItems: 4 }),
          applicantJurisdictions: Type.Optional(
            Type.Array(Jurisdiction, {
              minItems: 1,
              maxItems: 4,
              description: 'where applicants must be registered; the programme’s own jurisdiction when left out',
            }),
          ),
        }),
        response: { 201: Type.Ref('VoucherProgram'), ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await programs.createProgram(deps, requireActor(req), req.body)),
  );
  r.get(
    '/api/voucher-programs/:id',
    {
      schema: {
        tags,
        summary: 'A programme with its budget figures',
        params: IdParams,
        response: { 200: Type.Ref('VoucherProgram'), ...problemResponses(401, 404) },
      },
    },
    async (req) => programs.getProgram(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/voucher-programs/:id/budget',
    {
      schema: {
        tags,
        summary: 'Add budget to a programme',
        params: IdParams,
        body: Obj({ amountFen: Fen({ minimum: 1 }), note: Type.Optional(Text(500)) }),
        response: { 200: Type.Ref('VoucherProgram'), ...problemResponses(400, 401, 404, 422) },
      },
    },
    async (req) => programs.topUpProgram(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/voucher-programs/:id/close',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Close a programme to new applications',
        params: IdParams,
        body: Obj({}),
        response: { 200: Type.Ref('VoucherProgram'), ...problemResponses(401, 404, 409) },
      },
    },
    async (req) => programs.closeProgram(deps, requireActor(req), req.params.id),
  );

  // ---- applications ----
  r.post(
    '/api/voucher-programs/:id/applications',
    {
      schema: {
        tags,
        summary: 'Apply for a voucher (an enterprise of an eligible tier, or a team)',
        params: IdParams,
        body: Obj({
          applicantKind: lit(['enterprise', 'team'] as const),
          teamName: Type.Optional(Text(200)),
          requestedFen: Fen({ minimum: 1 }),
          purpose: Text(2000, 1),
        }),
        response: { 201: Application, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await applications.applyForVoucher(deps, requireActor(req), req.params.id, req.body)),
  );
  r.get(
    '/api/voucher-applications',
    {
      schema: {
        tags,
        summary: 'Applications: mine, or those an administrator decides',
        querystring: Obj({
          ...PageQuery,
          scope: Type.Optional(lit(['mine', 'managed'] as const)),
          programId: Type.Optional(Id()),
          status: Type.Optional(lit(['submitted', 'approved', 'rejected'] as const)),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Application), ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => applications.listApplications(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/voucher-applications/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve an amount within the caps and the budget, issuing the voucher',
        params: IdParams,
        body: Obj({ amountFen: Fen({ minimum: 1 }), note: Type.Optional(Text(1000)) }),
        response: { 200: Type.Object({ application: Application, voucher: VoucherDetail }), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => applications.approveApplication(deps, requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/voucher-applications/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject an application',
        params: IdParams,
        body: Obj({ note: Text(1000, 1) }),
        response: { 200: Application, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (req) => applications.rejectApplication(deps, requireActor(req), req.params.id, req.body),
  );

  // ---- vouchers ----
  r.get(
    '/api/vouchers',
    {
      schema: {
        tags,
        summary: 'Vouchers: my organisation’s wallet, or those a jurisdiction issued',
        querystring: Obj({
          ...PageQuery,
          scope: Type.Optional(lit(['mine', 'managed'] as const)),
          programId: Type.Optional(Id()),
          status: Type.Optional(lit(['active', 'suspended', 'expired'] as const)),
          q: Type.Optional(Text(40)),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Voucher), ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => vouchers.listVouchers(deps, requireActor(req), req.query),
  );
  r.get(
    '/api/vouchers/lookup',
    {
      schema: {
        tags,
        summary: 'Find a voucher by its code (a provider at checkout)',
        querystring: Obj({ code: Text(40, 4) }),
        response: { 200: Voucher, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => vouchers.lookupVoucher(deps, requireActor(req), req.query.code),
  );
  r.post(
    '/api/vouchers/expire-due',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Expire vouchers past their date, returning balances to the budgets (also runs on a timer)',
        body: Obj({}),
        response: { 200: Type.Object({ expired: Type.Integer(), returnedFen: Type.Integer() }), ...problemResponses(401, 403) },
      },
    },
    async (req) => vouchers.runExpiry(deps, requireActor(req)),
  );
  r.get(
    '/api/vouchers/:id',
    { schema: { tags, summary: 'A voucher with its ledger history', params: IdParams, response: { 200: VoucherDetail, ...problemResponses(401, 404) } } },
    async (req) => redemptions.voucherWithLedger(deps, requireActor(req), req.params.id, pickLang(req.headers['accept-language'])),
  );
  r.get(
    '/api/vouchers/:id/quote',
    {
      schema: {
        tags,
        summary: 'What the voucher would pay of a completed booking or order, and why (or the rule that refuses it)',
        params: IdParams,
        querystring: Obj({
          bookingId: Type.Optional(Id()),
          orderId: Type.Optional(Id()),
          amountFen: Type.Optional(Fen({ minimum: 1 })),
          voucherCode: Type.Optional(Text(40)),
        }),
        response: { 200: Quote, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => redemptions.quoteRedemption(deps, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/vouchers/:id/redemptions',
    {
      schema: {
        tags,
        summary: 'Pay part of a completed booking or service order with the voucher. Idempotency-Key header required: the same key twice is one redemption.',
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: Obj({
          bookingId: Type.Optional(Id()),
          orderId: Type.Optional(Id()),
          amountFen: Type.Optional(Fen({ minimum: 1 })),
          voucherCode: Type.Optional(Text(40)),
        }),
        response: { 200: Redemption, 201: Redemption, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const out = await redemptions.redeem(deps, requireActor(req), req.params.id, req.headers['idempotency-key'], req.body);
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(out.replayed ? 200 : 201).send(out.redemption);
    },
  );
  r.get(
    '/api/vouchers/:id/redemptions',
    {
      schema: {
        tags,
        summary: 'Redemptions of a voucher',
        params: IdParams,
        querystring: Obj({ ...PageQuery }),
        response: { 200: Page(Redemption), ...problemResponses(401, 404) },
      },
    },
    async (req) => redemptions.getVoucherRedemptions(deps, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/vouchers/:id/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend a voucher (issuing jurisdiction)',
        params: IdParams,
        body: Reason,
        response: { 200: VoucherDetail, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => vouchers.setVoucherStatus(deps, requireActor(req), req.params.id, 'suspend', req.body),
  );
  r.post(
    '/api/vouchers/:id/reinstate',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Reinstate a suspended voucher',
        params: IdParams,
        body: Obj({}),
        response: { 200: VoucherDetail, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => vouchers.setVoucherStatus(deps, requireActor(req), req.params.id, 'reinstate', {}),
  );

  // ---- redemptions ----
  r.get(
    '/api/redemptions',
    {
      schema: {
        tags,
        summary: 'Redemptions as holder, as provider (receivables) or as administrator',
        querystring: Obj({
          ...PageQuery,
          scope: Type.Optional(lit(['holder', 'provider', 'issuer'] as const)),
          voucherId: Type.Optional(Id()),
          providerId: Type.Optional(Id()),
          bookingIds: Type.Optional(
            Type.String({ pattern: '^\\d+(,\\d+){0,199}$', description: 'only the redemptions of these bookings (comma-separated ids, at most 200)' }),
          ),
          period: Type.Optional(Period),
          status: Type.Optional(lit(['completed', 'reversed'] as const)),
          sort: Type.Optional(Text(20)),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Redemption),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            totals: Type.Array(Type.Object({ issuerJurisdiction: Type.String(), amountFen: Type.Integer(), unsettledFen: Type.Integer() })),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req) => redemptions.listRedemptions(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/redemptions/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse a redemption before its period is settled',
        params: IdParams,
        body: Reason,
        response: { 200: Redemption, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => redemptions.unwind(deps, requireActor(req), req.params.id, 'reverse', req.body),
  );
  r.post(
    '/api/redemptions/:id/refund',
    {
      schema: {
        tags,
        summary: 'Refund part of a redemption to the voucher',
        params: IdParams,
        body: Obj({ amountFen: Fen({ minimum: 1 }), reason: Text(1000, 1) }),
        response: { 200: Redemption, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => redemptions.unwind(deps, requireActor(req), req.params.id, 'refund', req.body),
  );

  // ---- affiliates ----
  r.get(
    '/api/affiliations',
    {
      schema: {
        tags,
        summary: 'Declared affiliates of an organisation',
        querystring: Obj({ organizationId: Type.Optional(Id()) }),
        response: { 200: Type.Array(Affiliation), ...problemResponses(401, 403) },
      },
    },
    async (req) => affiliations.listAffiliations(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/affiliations',
    {
      schema: {
        tags,
        summary: 'Declare an affiliate: redemptions between the two are refused',
        body: Obj({ organizationId: Id(), note: Type.Optional(Text(500)) }),
        response: { 201: Affiliation, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await affiliations.declareAffiliation(deps, requireActor(req), req.body)),
  );
  r.delete(
    '/api/affiliations/:id',
    { schema: { tags, summary: 'Withdraw an affiliate declaration', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 404) } } },
    async (req, reply) => {
      await affiliations.removeAffiliation(deps, requireActor(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- providers ----
  r.get(
    '/api/providers',
    {
      schema: {
        tags: ptags,
        summary: 'Service providers: listed and in public notice for everyone signed in; the rest for their organisation and administrators',
        querystring: Obj({
          ...PageQuery,
          status: Type.Optional(lit(['applied', 'notice', 'listed', 'rejected', 'suspended', 'revoked'] as const)),
          jurisdiction: Type.Optional(Jurisdiction),
          category: Type.Optional(Category),
          q: Type.Optional(Text(100)),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Provider), ...problemResponses(400, 401) },
      },
    },
    async (req) => prov.listProviders(deps, requireActor(req), req.query),
  );
  r.get(
    '/api/providers/mine',
    { schema: { tags: ptags, summary: 'My organisation’s provider record', response: { 200: Provider, ...problemResponses(401, 404) } } },
    async (req) => prov.myProvider(deps, requireActor(req)),
  );
  r.post(
    '/api/providers',
    {
      schema: {
        tags: ptags,
        summary: 'Apply for recognition as a service provider (self-assessment)',
        body: Obj({
          categories: Type.Array(Category, { minItems: 1, maxItems: SERVICE_CATEGORIES.length }),
          description: Type.Optional(Text(4000)),
          selfAssessment: SelfAssessment,
        }),
        response: { 201: Provider, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await prov.applyAsProvider(deps, requireActor(req), req.body)),
  );
  r.get(
    '/api/providers/:id',
    { schema: { tags: ptags, summary: 'A provider', params: IdParams, response: { 200: Provider, ...problemResponses(401, 404) } } },
    async (req) => prov.getProvider(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/providers/:id/evidence',
    {
      bodyLimit: DOCUMENT_LIMIT_BYTES,
      schema: {
        tags: ptags,
        summary: 'Upload evidence for a condition (PDF, PNG or JPEG up to 5 MiB, as the raw request body)',
        params: IdParams,
        querystring: Obj({ condition: lit(prov.EVIDENCE_CONDITIONS), filename: Text(200, 1) }),
        response: { 201: Evidence, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (req, reply) => {
      return reply.code(201).send(
        await prov.addEvidence(deps, requireActor(req), req.params.id, {
          ...documentFrom(req),
          condition: req.query.condition,
          filename: req.query.filename,
        }),
      );
    },
  );
  r.get(
    '/api/providers/:id/evidence/:evidenceId',
    {
      schema: {
        tags: ptags,
        summary: 'An evidence file',
        params: SubIdParams('evidenceId'),
        response: { ...fileResponse('The document as uploaded', DOCUMENT_TYPES), ...problemResponses(401, 404) },
      },
    },
    async (req, reply) => {
      const f = await prov.evidenceFile(deps, requireActor(req), req.params.id, req.params.evidenceId);
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.content);
    },
  );
  r.post(
    '/api/providers/:id/check',
    {
      schema: {
        tags: ptags,
        summary: 'Platform check by the home jurisdiction: pass (public notice starts) or fail',
        params: IdParams,
        body: Obj({ passed: Type.Boolean(), note: Text(1000) }),
        response: { 200: Provider, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => prov.checkProvider(deps, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/providers/:id/objections',
    {
      schema: {
        tags: ptags,
        summary: 'Objections filed during the public notice',
        params: IdParams,
        response: { 200: Type.Array(Objection), ...problemResponses(401, 404) },
      },
    },
    async (req) => prov.listObjections(deps, requireActor(req), req.params.id),
  );
  r.post(
    '/api/providers/:id/objections',
    {
      schema: {
        tags: ptags,
        summary: 'Object to a provider during its public notice',
        params: IdParams,
        body: Reason,
        response: { 201: Objection, ...problemResponses(400, 401, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await prov.fileObjection(deps, requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/providers/:id/objections/:objectionId/resolve',
    {
      schema: {
        tags: ptags,
        summary: 'Uphold or dismiss an objection',
        params: SubIdParams('objectionId'),
        body: Obj({ upheld: Type.Boolean(), resolution: Text(1000, 1) }),
        response: { 200: Objection, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => prov.resolveObjection(deps, requireActor(req), req.params.id, req.params.objectionId, req.body),
  );
  for (const action of ['list', 'reinstate'] as const) {
    r.post(
      `/api/providers/:id/${action}`,
      {
        preValidation: emptyBodyIsEmptyObject,
        schema: {
          tags: ptags,
          summary: action === 'list' ? 'List the provider after its public notice' : 'Reinstate a suspended provider',
          params: IdParams,
          body: Obj({}),
          response: { 200: Provider, ...problemResponses(401, 403, 404, 409, 422) },
        },
      },
      async (req) =>
        action === 'list' ? prov.listProvider(deps, requireActor(req), req.params.id) : prov.reinstateProvider(deps, requireActor(req), req.params.id),
    );
  }
  for (const action of ['reject', 'suspend', 'revoke'] as const) {
    r.post(
      `/api/providers/:id/${action}`,
      {
        schema: {
          tags: ptags,
          summary: `${action[0].toUpperCase()}${action.slice(1)} a provider, with reasons`,
          params: IdParams,
          body: Reason,
          response: { 200: Provider, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const a = requireActor(req);
        if (action === 'reject') return prov.rejectProvider(deps, a, req.params.id, req.body);
        if (action === 'suspend') return prov.suspendProvider(deps, a, req.params.id, req.body);
        return prov.revokeProvider(deps, a, req.params.id, req.body);
      },
    );
  }
  r.post(
    '/api/providers/:id/recognitions',
    {
      schema: {
        tags: ptags,
        summary: 'Recognise a provider listed in another jurisdiction (互认), or decline',
        params: IdParams,
        body: Obj({ decision: lit(['recognised', 'declined'] as const), note: Type.Optional(Text(1000)) }),
        response: { 200: Provider, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => prov.recognise(deps, requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/providers/:id/products',
    {
      schema: {
        tags: ptags,
        summary: 'A provider’s service products',
        params: IdParams,
        querystring: Obj({ status: Type.Optional(lit(['active', 'retired'] as const)) }),
        response: { 200: Type.Array(Product), ...problemResponses(401, 404) },
      },
    },
    async (req) => prov.listProducts(deps, requireActor(req), req.params.id, req.query),
  );
  r.post(
    '/api/providers/:id/products',
    {
      schema: {
        tags: ptags,
        summary: 'Publish a service product with its price',
        params: IdParams,
        body: Obj({ name: Text(200, 1), category: Category, description: Type.Optional(Text(4000)), unit: Text(32, 1), priceFen: Fen({ minimum: 1 }) }),
        response: { 201: Product, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await prov.createProduct(deps, requireActor(req), req.params.id, req.body)),
  );
  r.patch(
    '/api/providers/:id/products/:productId',
    {
      schema: {
        tags: ptags,
        summary: 'Edit or retire a service product',
        params: SubIdParams('productId'),
        body: Obj({
          name: Type.Optional(Text(200, 1)),
          description: Type.Optional(Text(4000)),
          unit: Type.Optional(Text(32, 1)),
          priceFen: Type.Optional(Fen({ minimum: 1 })),
          status: Type.Optional(lit(['active', 'retired'] as const)),
        }),
        response: { 200: Product, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => prov.updateProduct(deps, requireActor(req), req.params.id, req.params.productId, req.body),
  );

  // ---- service orders ----
  r.post(
    '/api/service-orders',
    {
      schema: {
        tags: ptags,
        summary: 'Order a service product',
        body: Obj({ productId: Id(), quantity: Type.Integer({ minimum: 1, maximum: 10_000 }), note: Type.Optional(Text(1000)) }),
        response: { 201: Order, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await orders.placeOrder(deps, requireActor(req), req.body)),
  );
  r.get(
    '/api/service-orders',
    {
      schema: {
        tags: ptags,
        summary: 'Service orders as buyer or as provider',
        querystring: Obj({
          ...PageQuery,
          scope: Type.Optional(lit(['buyer', 'provider'] as const)),
          status: Type.Optional(lit(['placed', 'completed', 'cancelled'] as const)),
          sort: Type.Optional(Text(20)),
        }),
        response: { 200: Page(Order), ...problemResponses(400, 401) },
      },
    },
    async (req) => orders.listOrders(deps, requireActor(req), req.query),
  );
  r.post(
    '/api/service-orders/:id/complete',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags: ptags,
        summary: 'The provider completes an order (optionally with its final amount)',
        params: IdParams,
        body: Obj({ amountFen: Type.Optional(Fen({ minimum: 1 })) }),
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => orders.orderTransition(deps, requireActor(req), req.params.id, 'complete', req.body),
  );
  r.post(
    '/api/service-orders/:id/cancel',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags: ptags,
        summary: 'Cancel a placed order',
        params: IdParams,
        body: Obj({}),
        response: { 200: Order, ...problemResponses(401, 404, 409, 422) },
      },
    },
    async (req) => orders.orderTransition(deps, requireActor(req), req.params.id, 'cancel', {}),
  );

  // ---- settlements ----
  r.post(
    '/api/settlements',
    {
      schema: {
        tags: stags,
        summary: 'Settle a past month for an issuing jurisdiction (idempotent: running it again answers with the same settlement); locks the period',
        body: Obj({ period: Period, jurisdictionCode: Type.Optional(Jurisdiction) }),
        response: { 200: Settlement, 201: Settlement, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (req, reply) => {
      const out = await settlements.runSettlement(deps, requireActor(req), req.body);
      return reply.code(out.created ? 201 : 200).send(out.settlement);
    },
  );
  r.get(
    '/api/settlements/preview',
    {
      schema: {
        tags: stags,
        summary: 'What settling a past month would record (redemptions, total, each provider’s amount), computed without writing anything',
        querystring: Obj({ period: Period, jurisdictionCode: Type.Optional(Jurisdiction) }),
        response: { 200: SettlementPreview, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (req) => settlements.previewSettlement(deps, requireActor(req), req.query),
  );
  r.get(
    '/api/settlements',
    {
      schema: {
        tags: stags,
        summary: 'Settlements',
        querystring: Obj({ ...PageQuery, period: Type.Optional(Period), jurisdiction: Type.Optional(Jurisdiction), sort: Type.Optional(Text(20)) }),
        response: { 200: Page(Type.Object(SettlementSummary)), ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => settlements.listSettlements(deps, requireActor(req), req.query),
  );
  r.get(
    '/api/settlements/clearing',
    {
      schema: {
        tags: stags,
        summary: 'The clearing statement of a month between the four jurisdictions (provisional until each has settled)',
        querystring: Obj({ period: Period }),
        response: {
          200: Type.Object({
            period: Type.String(),
            settled: Type.Array(Type.String()),
            gross: Type.Array(
              Type.Object({ from: Type.String(), to: Type.String(), amountFen: Type.Integer(), redemptions: Type.Integer(), settledFen: Type.Integer() }),
            ),
            net: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), amountFen: Type.Integer() })),
            local: Type.Array(Type.Object({ jurisdiction: Type.String(), amountFen: Type.Integer(), redemptions: Type.Integer() })),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req) => settlements.clearingStatement(deps, requireActor(req), req.query.period),
  );
  r.get(
    '/api/settlements/:id',
    {
      schema: {
        tags: stags,
        summary: 'A settlement with its lines per provider',
        params: IdParams,
        response: { 200: Settlement, ...problemResponses(401, 404) },
      },
    },
    async (req) => settlements.getSettlement(deps, requireActor(req), req.params.id),
  );
  r.get(
    '/api/settlements/:id/export',
    {
      schema: {
        tags: stags,
        summary: 'A settlement as XLSX or CSV',
        params: IdParams,
        querystring: FormatQuery,
        response: { ...fileResponse('The settlement', SPREADSHEET_TYPES), ...problemResponses(401, 404) },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      const { name, rows } = await settlements.settlementRows(deps, requireActor(req), req.params.id);
      return sendSpreadsheet(reply, name, format, await writeSheet(format, 'settlement', settlements.SETTLEMENT_COLUMNS, rows));
    },
  );
}

export const voucherSchemas = [Program];
