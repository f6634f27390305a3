// Demo data of the innovation vouchers, made through the real services with the clock set back,
// so the ledger, the audit log and the statuses are exactly what people would have produced:
//   • programmes of Zhejiang and Shanghai (50 %, redeemable in all four jurisdictions);
//   • providers: the Shanghai LC-MS owner and the Suzhou institute listed (and recognised by
//     Zhejiang), a Hangzhou testing firm in public notice, a Shanghai transfer centre applied;
//   • a Zhejiang voucher of the Hangzhou enterprise, spent last month on the Shanghai LC-MS and
//     the Suzhou SEM (so last month can be settled), and a completed LC-MS booking from the last
//     few days still to be paid.
import type { Deps } from '../platform/deps';
import { actorForUsername } from '../modules/auth/auth.service';
import { quoteFor } from '../modules/bookings/bookings.service';
import * as providers from '../modules/vouchers/providers.service';
import * as programs from '../modules/vouchers/programs.service';
import * as applications from '../modules/vouchers/applications.service';
import * as redemptions from '../modules/vouchers/redemptions.service';
import { SERVICE_CATEGORIES } from '../modules/vouchers/rules';
import * as repo from './demo.repository';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BJ = 8 * HOUR;

/** 10:00 Beijing time on the given day of the month before `now`'s. */
function lastMonthAt(now: number, day: number): number {
  const d = new Date(now + BJ);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, day, 10) - BJ;
}

/** 09:00 Beijing time of the most recent weekday at least `daysAgo` days before now. */
function recentWeekday(now: number, daysAgo: number): number {
  for (let k = daysAgo; ; k++) {
    const d = new Date(now - k * DAY + BJ);
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 9) - BJ;
  }
}

export async function seedDemoVouchers(deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  const at = (ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });
  const who = (u: string) => actorForUsername(deps, u);
  const [zjAdmin, shAdmin, jsAdmin, shOrgAdmin, jsOrgAdmin, zjOrgAdmin, zjMember, zjSvc, shSvc] = await Promise.all(
    ['zj-admin', 'sh-admin', 'js-admin', 'sh-org-admin', 'js-org-admin', 'zj-org-admin', 'zj-member', 'zj-svc-admin', 'sh-svc-admin'].map(who),
  );
  const lm = lastMonthAt(now, 10);
  const yuan = (y: number) => y * 100;
  const programBase = {
    issueFrom: new Date(lm - 40 * DAY).toISOString(),
    issueUntil: new Date(now + 180 * DAY).toISOString(),
    expiresAt: new Date(now + 365 * DAY).toISOString(),
    shareBp: 5000,
    capEnterpriseYearFen: yuan(300_000),
    capTeamFen: yuan(100_000),
    eligibleTiers: ['tech_sme', 'high_tech', 'tech_leader'],
    teamsEligible: true,
    eligibleCategories: [...SERVICE_CATEGORIES],
    redeemJurisdictions: ['310000', '320000', '330000', '340000'],
  };
  const zjProgram = await programs.createProgram(at(lm - 30 * DAY), zjAdmin, {
    ...programBase,
    name: '浙江省科技创新券（示例）',
    description: '支持科技型中小企业和创新团队购买检验检测、研发设计、仪器共享等科技服务，长三角范围内通用通兑。',
    budgetFen: yuan(5_000_000),
  });
  await programs.createProgram(at(lm - 30 * DAY), shAdmin, {
    ...programBase,
    name: '上海市科技创新券（示例）',
    description: '面向在沪科技型企业和创业团队，长三角范围内通用通兑，创新券支付服务费的 50%。',
    budgetFen: yuan(8_000_000),
  });

  const assess = {
    legalEntity: true,
    yearsInOperation: 10,
    publishedPrices: true,
    integrityClean: true,
    statement: '本机构依法设立，服务项目与收费标准已公开，无失信记录。',
  };
  // Listed providers, recognised by Zhejiang.
  const listed = async (owner: typeof shOrgAdmin, admin: typeof shAdmin, cats: string[], description: string) => {
    const p = await providers.applyAsProvider(at(lm - 29 * DAY), owner, { categories: cats, description, selfAssessment: assess });
    await providers.checkProvider(at(lm - 28 * DAY), admin, p.id, { passed: true, note: '材料齐全，条件符合' });
    await providers.listProvider(at(lm - 20 * DAY), admin, p.id);
    await providers.recognise(at(lm - 19 * DAY), zjAdmin, p.id, { decision: 'recognised', note: '长三角互认' });
    return p;
  };
  const shProvider = await listed(shOrgAdmin, shAdmin, ['instrument_sharing', 'testing', 'analysis'], '高分辨质谱等大型仪器共享与分析测试服务。');
  await providers.createProduct(at(lm - 27 * DAY), shOrgAdmin, shProvider.id, {
    name: '小分子定性分析',
    category: 'analysis',
    unit: '样品',
    priceFen: yuan(300),
    description: 'LC-MS 定性分析',
  });
  const jsProvider = await listed(jsOrgAdmin, jsAdmin, ['instrument_sharing', 'testing', 'design'], '先进材料表征与研发设计服务。');
  await providers.createProduct(at(lm - 27 * DAY), jsOrgAdmin, jsProvider.id, {
    name: '材料形貌表征（SEM）',
    category: 'testing',
    unit: '样品',
    priceFen: yuan(450),
  });

  // The Zhejiang voucher of the Hangzhou enterprise.
  const app = await applications.applyForVoucher(at(lm - 8 * DAY), zjOrgAdmin, zjProgram.id, {
    applicantKind: 'enterprise',
    requestedFen: yuan(100_000),
    purpose: '购买长三角大型仪器共享和检验检测服务，用于新型传感器研发。',
  });
  const { voucher } = await applications.approveApplication(at(lm - 7 * DAY), zjAdmin, app.id, { amountFen: yuan(100_000), note: '同意' });

  // Completed bookings of zj-member: last month (paid with the voucher) and recently (to pay).
  const db = deps.db.db;
  const res = await repo.resourcesByName(db, ['示例高分辨液相色谱-质谱联用仪', '示例场发射扫描电子显微镜']);
  const lcms = res.find((r) => r.name.includes('质谱'))!;
  const sem = res.find((r) => r.name.includes('扫描'))!;
  const completed = async (r: typeof lcms, start: number, hours: number) => {
    const q = quoteFor(r as any, 'self_operation', hours * 60, 0);
    const endIso = new Date(start + hours * HOUR).toISOString();
    return repo.insertBooking(db, {
      resource_id: Number(r.id),
      user_id: zjMember.userId,
      organization_id: zjMember.organizationId,
      jurisdiction_code: zjMember.organizationJurisdiction,
      mode: 'self_operation',
      starts_at: new Date(start).toISOString(),
      ends_at: endIso,
      status: 'completed',
      exclusive: 1,
      samples: 0,
      purpose: '新型传感器材料分析（示例）',
      quote_fen: q.totalFen,
      quote_json: JSON.stringify(q),
      charge_fen: q.totalFen,
      usage_minutes: hours * 60,
      consumables_used_fen: 0,
      series_id: null,
      decided_by: null,
      decision_note: null,
      checked_in_at: new Date(start).toISOString(),
      completed_at: endIso,
      cancelled_at: null,
      created_at: new Date(start - 5 * DAY).toISOString(),
      updated_at: endIso,
    });
  };
  const lastMonthLcms = await completed(lcms, lastMonthAt(now, 12) - HOUR, 3);
  const lastMonthSem = await completed(sem, lastMonthAt(now, 14) - HOUR, 2);
  await redemptions.redeem(at(lastMonthAt(now, 12) + 4 * HOUR), zjMember, voucher.id, 'demo-lcms-last-month', { bookingId: lastMonthLcms });
  await redemptions.redeem(at(lastMonthAt(now, 14) + 4 * HOUR), zjMember, voucher.id, 'demo-sem-last-month', { bookingId: lastMonthSem });
  await completed(lcms, recentWeekday(now, 2), 4);

  // A testing firm in public notice, and a transfer centre waiting for its check.
  const zjSvcProvider = await providers.applyAsProvider(at(now - 4 * DAY), zjSvc, {
    categories: ['testing', 'analysis'],
    description: '第三方检验检测与认证服务。',
    selfAssessment: assess,
  });
  await providers.createProduct(at(now - 4 * DAY), zjSvc, zjSvcProvider.id, {
    name: '电子元器件可靠性检测',
    category: 'testing',
    unit: '批次',
    priceFen: yuan(2_000),
  });
  await providers.checkProvider(at(now - 2 * DAY), zjAdmin, zjSvcProvider.id, { passed: true, note: '材料齐全，进入公示' });
  const shSvcProvider = await providers.applyAsProvider(at(now - DAY), shSvc, {
    categories: ['tech_transfer', 'consulting', 'ip_service'],
    description: '技术转移、成果评价与知识产权服务。',
    selfAssessment: assess,
  });
  await providers.createProduct(at(now - DAY), shSvc, shSvcProvider.id, { name: '科技成果评价', category: 'tech_transfer', unit: '项', priceFen: yuan(5_000) });
}
