// Voucher applications and issuance (Decision art. 13): an enterprise of an eligible tier, or a
// team, applies within the programme's window; the issuing jurisdiction approves within the caps
// (per enterprise per Beijing year, per team over the programme) and the available budget, which
// is committed to the voucher at once.
import { TIER_NAMES, type Actor, type EnterpriseTier } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { assertNoIntegrityBar } from '../../platform/integrity';
import { inTransaction, type Deps } from '../../platform/deps';
import { parseSort } from '../../platform/http';
import { isoNow } from '../../platform/clock';
import { account, balances, post } from './ledger';
import { notices, notify, recipientsOf, yuanText } from '../notifications/notify';
import { JURISDICTION_NAMES, administers, csv, fenText, isAdmin, newVoucherCode, ruleError, yearBounds } from './rules';
import { loadProgram } from './programs.service';
import { getVoucher } from './vouchers.service';
import * as programs from './programs.repository';
import * as repo from './applications.repository';

const APPLICATION = { zh: '申领申请', en: 'voucher application' };
const jName = (j: string) => JURISDICTION_NAMES[j] ?? { zh: j, en: j, prefix: j };

async function applicationViews(deps: Deps, ids: number[]) {
  if (!ids.length) return [];
  const rows = await repo.views(deps.db.db, ids);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.map((id) => {
    const a = byId.get(id)!;
    return {
      id,
      programId: Number(a.program_id),
      programName: a.program_name,
      jurisdictionCode: a.jurisdiction_code,
      applicantOrgId: Number(a.applicant_org_id),
      applicantOrgName: a.org_name,
      applicantUserId: Number(a.applicant_user_id),
      applicantName: a.display_name,
      applicantKind: a.applicant_kind,
      teamName: a.team_name,
      requestedFen: Number(a.requested_fen),
      purpose: a.purpose,
      status: a.status,
      approvedFen: a.approved_fen === null ? null : Number(a.approved_fen),
      decisionNote: a.decision_note,
      decidedAt: a.decided_at,
      voucherId: a.voucher_id === null ? null : Number(a.voucher_id),
      createdAt: a.created_at,
    };
  });
}

function assertIssueWindow(p: { issue_from: string; issue_until: string; status: string }, at: string) {
  if (p.status !== 'active') throw ruleError('program-closed', '项目已关闭，不再受理', 'The programme is closed');
  if (at < p.issue_from || at >= p.issue_until) {
    throw ruleError(
      'issue-window',
      `申领时间为 ${p.issue_from.slice(0, 10)} 至 ${p.issue_until.slice(0, 10)}`,
      `Applications are taken from ${p.issue_from.slice(0, 10)} to ${p.issue_until.slice(0, 10)}`,
      {
        issueFrom: p.issue_from,
        issueUntil: p.issue_until,
      },
    );
  }
}

export async function applyForVoucher(
  deps: Deps,
  actor: Actor,
  programId: number,
  input: { applicantKind: 'enterprise' | 'team'; teamName?: string; requestedFen: number; purpose: string },
) {
  if (isAdmin(actor))
    throw new AppError('forbidden', { reason: { zh: '管理部门账号不能申领创新券', en: 'Administrative accounts do not apply for vouchers' } });
  const p = await loadProgram(deps, programId);
  const at = isoNow(deps.clock);
  assertIssueWindow(p, at);
  const applicantFrom = csv(p.applicant_jurisdictions);
  if (!applicantFrom.includes(actor.organizationJurisdiction)) {
    const names = (lang: 'zh' | 'en') => applicantFrom.map((j) => jName(j)[lang]).join(lang === 'zh' ? '、' : ', ');
    throw ruleError(
      'applicant-jurisdiction',
      `本项目只受理注册地在${names('zh')}的机构申领`,
      `The programme takes applications from organisations registered in ${names('en')} only`,
      {
        applicantJurisdictions: applicantFrom,
      },
    );
  }
  const org = await repo.applicantOrganization(deps.db.db, actor.organizationId);
  const teamName = input.teamName?.trim() || null;
  if (input.applicantKind === 'enterprise') {
    const tiers = csv(p.eligible_tiers);
    if (org.type !== 'enterprise' || !org.tier || !tiers.includes(org.tier)) {
      const names = (lang: 'zh' | 'en') => tiers.map((t) => TIER_NAMES[t as EnterpriseTier]?.[lang] ?? t).join(lang === 'zh' ? '、' : ', ');
      throw ruleError('tier-not-eligible', `本项目面向以下企业：${names('zh') || '无'}`, `The programme is for: ${names('en') || 'no enterprise tier'}`, {
        eligibleTiers: tiers,
        tier: org.tier,
      });
    }
    if (input.requestedFen > Number(p.cap_enterprise_year_fen))
      throw ruleError(
        'cap-exceeded',
        `每家企业每年至多 ${fenText(Number(p.cap_enterprise_year_fen))} 元`,
        `At most ${fenText(Number(p.cap_enterprise_year_fen))} yuan per enterprise per year`,
      );
  } else {
    if (Number(p.teams_eligible) !== 1) throw ruleError('teams-not-eligible', '本项目不受理团队申领', 'The programme does not admit teams');
    if (!teamName) throw invalid([{ field: 'body:/teamName', code: 'value-invalid' }]);
    if (input.requestedFen > Number(p.cap_team_fen))
      throw ruleError('cap-exceeded', `每个团队至多 ${fenText(Number(p.cap_team_fen))} 元`, `At most ${fenText(Number(p.cap_team_fen))} yuan per team`);
  }
  await assertNoIntegrityBar(deps.db.db, { organizationId: actor.organizationId, userId: actor.userId }, 'receive_voucher', at);
  const open = await repo.findSubmitted(deps.db.db, programId, actor.organizationId);
  if (open)
    throw conflict(
      { zh: '本机构在该项目已有待审核的申请', en: 'Your organisation already has an application awaiting decision in this programme' },
      { applicationId: Number(open.id) },
    );
  const row = {
    program_id: programId,
    applicant_org_id: actor.organizationId,
    applicant_user_id: actor.userId,
    applicant_kind: input.applicantKind,
    team_name: input.applicantKind === 'team' ? teamName : null,
    requested_fen: input.requestedFen,
    purpose: input.purpose.trim(),
    status: 'submitted',
    approved_fen: null,
    decision_note: null,
    decided_by: null,
    decided_at: null,
    created_at: at,
    updated_at: at,
  };
  const id = await inTransaction(deps, async (trx) => {
    const id = Number((await repo.insert(trx, row)).id);
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'voucher_application.submit',
      entityType: 'voucher_application',
      entityId: id,
      jurisdictionCode: p.jurisdiction_code,
      change: row,
    });
    return id;
  });
  return (await applicationViews(deps, [id]))[0];
}

export async function listApplications(
  deps: Deps,
  actor: Actor,
  q: { scope?: 'mine' | 'managed'; programId?: number; status?: string; sort?: string; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = parseSort(q.sort, { createdAt: 'a.created_at', requested: 'a.requested_fen', status: 'a.status' } as const, '-createdAt');
  const filter: repo.ApplicationFilter = { programId: q.programId, status: q.status };
  const managed = (q.scope ?? (isAdmin(actor) ? 'managed' : 'mine')) === 'managed';
  if (managed) {
    if (!isAdmin(actor)) throw new AppError('forbidden', { reason: { zh: '需要管理员权限', en: 'Administrator rights are needed' } });
    if (actor.role !== 'platform_admin') filter.programJurisdiction = actor.jurisdictionCode ?? '';
  } else filter.applicantOrgId = actor.organizationId;
  const { ids, total } = await repo.list(deps.db.db, filter, sort, pageSize, (page - 1) * pageSize);
  return { items: await applicationViews(deps, ids), total, page, pageSize };
}

async function loadManagedApplication(deps: Deps, actor: Actor, id: number) {
  const a = await repo.findWithJurisdiction(deps.db.db, id);
  if (!a || !administers(actor, a.jurisdiction_code)) throw notFound(APPLICATION, id);
  return a;
}

/** Approves within caps and the available budget and issues the voucher; the budget is committed at once. */
export async function approveApplication(deps: Deps, actor: Actor, id: number, input: { amountFen: number; note?: string }) {
  const a = await loadManagedApplication(deps, actor, id);
  const at = isoNow(deps.clock);
  const programId = Number(a.program_id);
  const vid = await inTransaction(
    deps,
    async (trx) => {
      await programs.lock(trx, deps.db.helpers, programId);
      const p = await programs.getById(trx, programId);
      const cur = await repo.statusOf(trx, id);
      if (cur.status !== 'submitted')
        throw conflict({ zh: `申请已${cur.status === 'approved' ? '批准' : '处理'}`, en: `The application is already ${cur.status}` });
      assertIssueWindow(p, at);
      if (input.amountFen > Number(a.requested_fen)) throw invalid([{ field: 'body:/amountFen', code: 'value-invalid' }]);
      await assertNoIntegrityBar(trx, { organizationId: Number(a.applicant_org_id), userId: Number(a.applicant_user_id) }, 'receive_voucher', at);
      // Caps: per enterprise per (Beijing) year, per team over the programme.
      if (a.applicant_kind === 'enterprise') {
        const y = yearBounds(at);
        const issued = await repo.issuedToEnterprise(trx, programId, Number(a.applicant_org_id), y.from, y.to);
        const left = Number(p.cap_enterprise_year_fen) - Number(issued.s);
        if (input.amountFen > left)
          throw ruleError(
            'cap-exceeded',
            `该企业本年度在本项目还可获 ${fenText(Math.max(0, left))} 元`,
            `The enterprise may receive ${fenText(Math.max(0, left))} yuan more this year`,
            { remainingFen: Math.max(0, left) },
          );
      } else {
        const issued = await repo.issuedToTeam(trx, programId, Number(a.applicant_org_id), a.team_name ?? '');
        const left = Number(p.cap_team_fen) - Number(issued.s);
        if (input.amountFen > left)
          throw ruleError(
            'cap-exceeded',
            `该团队在本项目还可获 ${fenText(Math.max(0, left))} 元`,
            `The team may receive ${fenText(Math.max(0, left))} yuan more`,
            { remainingFen: Math.max(0, left) },
          );
      }
      const available = (await balances(trx, [account.budget(programId)])).get(account.budget(programId)) ?? 0;
      if (input.amountFen > available)
        throw ruleError('budget-exceeded', `项目可用预算仅剩 ${fenText(available)} 元`, `Only ${fenText(available)} yuan of the budget is left`, {
          availableFen: available,
        });
      const code = newVoucherCode(p.jurisdiction_code, at);
      const voucher = {
        code,
        program_id: programId,
        application_id: id,
        holder_org_id: Number(a.applicant_org_id),
        holder_kind: a.applicant_kind,
        team_name: a.team_name,
        jurisdiction_code: p.jurisdiction_code,
        face_value_fen: input.amountFen,
        issued_at: at,
        expires_at: p.expires_at,
        status: 'active',
        status_reason: null,
        updated_at: at,
      };
      const vid = Number((await repo.insertVoucher(trx, voucher)).id);
      await repo.approve(trx, id, { approvedFen: input.amountFen, note: input.note?.trim() ?? null, by: actor.userId, at });
      await post(trx, {
        kind: 'issue',
        programId,
        voucherId: vid,
        memo: code,
        actorUserId: actor.userId,
        at,
        entries: [
          { account: account.budget(programId), amountFen: -input.amountFen },
          { account: account.voucher(vid), amountFen: input.amountFen },
        ],
      });
      await recordAudit(trx, deps.db.helpers, at, {
        actor,
        action: 'voucher.issue',
        entityType: 'voucher',
        entityId: vid,
        jurisdictionCode: p.jurisdiction_code,
        change: { applicationId: id, ...voucher },
      });
      // The applicant and the holder organisation's admins (who keep its wallet).
      const admins = await recipientsOf.orgUsers(trx, Number(a.applicant_org_id), ['org_admin']);
      await notify(trx, at, {
        userIds: [Number(a.applicant_user_id), ...admins],
        kind: 'voucher.issued',
        params: {
          program: p.name,
          organization: await notices.organizationName(trx, Number(a.applicant_org_id)),
          amount: yuanText(input.amountFen),
          expiresAt: p.expires_at,
        },
        link: '/vouchers/wallet',
      });
      return vid;
    },
    { retryOnDeadlock: 1 },
  );
  return { application: (await applicationViews(deps, [id]))[0], voucher: await getVoucher(deps, actor, vid) };
}

export async function rejectApplication(deps: Deps, actor: Actor, id: number, input: { note: string }) {
  const a = await loadManagedApplication(deps, actor, id);
  const at = isoNow(deps.clock);
  await inTransaction(deps, async (trx) => {
    const r = await repo.reject(trx, id, { note: input.note.trim(), by: actor.userId, at });
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ zh: '申请已处理', en: 'The application has already been decided' });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'voucher_application.reject',
      entityType: 'voucher_application',
      entityId: id,
      jurisdictionCode: a.jurisdiction_code,
      change: { note: input.note.trim() },
    });
  });
  return (await applicationViews(deps, [id]))[0];
}
