// Demo data of joint research calls and the expert pool, through the real services: four
// experts across the jurisdictions with disciplines (GB/T 13745) and keywords, a declared
// co-authorship, an open joint-fund call of the Shanghai commission and an open 揭榜挂帅
// challenge posed by the Shanghai instrument company.
import type { Deps } from '../platform/deps';
import { actorForUsername } from '../modules/auth/auth.service';
import * as calls from '../modules/calls/calls.service';
import * as experts from '../modules/calls/experts.service';

const DAY = 86_400_000;

export async function seedDemoCalls(deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  const who = (u: string) => actorForUsername(deps, u);
  const [shAdmin, shOrgAdmin, jsExpert, ahExpert, shExpert, zjExpert] = await Promise.all(
    ['sh-admin', 'sh-org-admin', 'js-expert', 'ah-expert', 'sh-expert', 'zj-expert'].map(who),
  );
  const profiles: Array<[typeof jsExpert, string, string[], string[]]> = [
    [jsExpert, '研究员', ['4301710', '43017', '140'], ['纳米材料', '表征', '传感器', '电子显微镜']],
    [ahExpert, '教授', ['1402010', '140', '520'], ['量子精密测量', '传感器', '光谱']],
    [shExpert, '教授', ['1502710', '150', '430'], ['质谱', '分析化学', '生物医药', '传感器']],
    [zjExpert, '研究员', ['5201040', '520', '52010'], ['人工智能', '智能制造', '算力', '传感器']],
  ];
  for (const [actor, title, disciplines, keywords] of profiles) {
    await experts.upsertProfile(deps, actor, actor.userId, { title, disciplines, keywords, availability: 'available', bio: '' });
  }
  await experts.declareRelation(deps, jsExpert, jsExpert.userId, {
    kind: 'coauthor',
    otherUserId: ahExpert.userId,
    since: '2024-03-01',
    note: '合著论文（示例）',
  });

  const at = (ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });
  const joint = await calls.createCall(at(now - 10 * DAY), shAdmin, {
    kind: 'joint_fund',
    title: '长三角联合基金：高端科学仪器关键部件（示例）',
    description: '面向高端科学仪器核心部件的共性技术难题，支持沪苏浙皖联合团队开展基础研究。',
    goals: '突破高分辨质谱离子源与检测器关键技术。',
    indicators: '质量分辨率 ≥ 100,000；检测限优于 1 pg。',
    disciplines: ['150', '430'],
    keywords: ['质谱', '传感器', '科学仪器'],
    budgetFen: 300_000_000,
    opensAt: new Date(now - 9 * DAY).toISOString(),
    deadline: new Date(now + 30 * DAY).toISOString(),
    shares: { '310000': 4000, '320000': 2000, '330000': 2000, '340000': 2000 },
  });
  for (const to of ['published', 'open'] as const) await calls.transitionCall(at(now - 9 * DAY), shAdmin, joint.id, { to });

  const challenge = await calls.createCall(at(now - 7 * DAY), shOrgAdmin, {
    kind: 'challenge',
    title: '揭榜挂帅：在线质谱微型化传感器（示例）',
    description: '企业出题：研制可嵌入生产线的微型质谱传感器，体积小于 10 升。',
    goals: '完成样机并在示范产线连续运行 30 天。',
    indicators: '体积 < 10 L；功耗 < 100 W；质量范围 1–500 amu。',
    milestones: [
      { title: '原理样机', due: new Date(now + 120 * DAY).toISOString().slice(0, 10) },
      { title: '产线示范', due: new Date(now + 300 * DAY).toISOString().slice(0, 10) },
    ],
    disciplines: ['150', '520'],
    keywords: ['质谱', '传感器', '智能制造'],
    budgetFen: 500_000_000,
    opensAt: new Date(now - 6 * DAY).toISOString(),
    deadline: new Date(now + 20 * DAY).toISOString(),
  });
  for (const to of ['published', 'open'] as const) await calls.transitionCall(at(now - 6 * DAY), shAdmin, challenge.id, { to });
}
