// Demo data of the technology market, through the real services: results of the institute,
// universities and enterprises (patents with valid application numbers), demands of enterprises,
// open licence declarations of the Suzhou institute, a Zhejiang risk-compensation pool, a
// use-first-pay-later contract in force, an open auction and a batch imported from another market.
import type { Deps } from '../platform/deps';
import { actorForUsername } from '../modules/auth/auth.service';
import { makeApplicationNumber } from '../platform/patent';
import * as listings from '../modules/transfer/listings.service';
import * as openLicences from '../modules/transfer/open-licences.service';
import * as contracts from '../modules/transfer/contracts.service';
import * as pools from '../modules/transfer/risk-pools.service';
import * as auctions from '../modules/transfer/auctions.service';

const DAY = 86_400_000;
const yuan = (y: number) => Math.round(y * 100);

type R = Omit<listings.ListingInput, 'kind'> & { key: string; by: string; openLicence?: Omit<openLicences.DeclarationInput, 'listingId'> };

export const DEMO_RESULTS: R[] = [
  {
    key: 'graphene',
    by: 'js-org-admin',
    title: '高导热石墨烯复合散热膜及其制备方法',
    summary:
      '以石墨烯与聚酰亚胺复合制备柔性散热膜，面内导热系数达 1500 W/(m·K)，厚度 25–100 μm，可卷对卷连续生产，适用于新能源汽车电机控制器、功率模块与 5G 基站的热管理。',
    indicators: '面内导热系数 ≥ 1500 W/(m·K)；弯折 10 万次导热衰减 < 5%。',
    keywords: ['石墨烯', '导热膜', '散热', '热管理'],
    fields: ['430', '480'],
    ipc: ['C01B 32/184', 'H05K 7/20'],
    resultType: 'invention',
    applicationNo: makeApplicationNumber(2021, 'invention', 1043581),
    patentStatus: 'granted',
    trl: 7,
    transferModes: ['licence', 'assignment'],
    askingPriceFen: yuan(800_000),
    askingTerms: '普通许可可按开放许可声明直接取得；转让面议。',
    inventors: ['周示例', '钱示例', '孙小明'],
    jobRelated: true,
    inventorRights: {
      kind: 'ownership_share',
      shares: [
        { name: '周示例', bp: 3000 },
        { name: '钱示例', bp: 2000 },
      ],
      note: '职务成果赋权：发明人团队共有 50% 所有权',
    },
    openLicence: {
      paymentMethod: 'one_off',
      feeFen: yuan(50_000),
      termMonths: 36,
      statement: '本院就该专利声明开放许可，任何单位书面通知并支付许可使用费后即可实施（普通许可）。',
    },
  },
  {
    key: 'sodium',
    by: 'js-org-admin',
    title: '低成本钠离子电池层状氧化物正极材料',
    summary: '铜铁锰基层状氧化物正极，不含镍钴，原料成本较磷酸铁锂低 30%，比容量 135 mAh/g，2000 次循环容量保持率 90%，适用于储能电站与低速电动车。',
    indicators: '比容量 ≥ 135 mAh/g；循环 2000 次保持率 ≥ 90%。',
    keywords: ['钠离子电池', '正极材料', '储能'],
    fields: ['480', '430'],
    ipc: ['H01M 4/505', 'H01M 10/054'],
    resultType: 'invention',
    applicationNo: makeApplicationNumber(2022, 'invention', 1187720),
    patentStatus: 'granted',
    trl: 6,
    transferModes: ['licence', 'joint_development'],
    askingPriceFen: yuan(1_200_000),
    askingTerms: '支持先使用后付费：首年免付，之后分期。',
    inventors: ['周示例', '吴示例'],
  },
  {
    key: 'coating',
    by: 'js-org-admin',
    title: '耐腐蚀纳米陶瓷涂层及喷涂工艺',
    summary: '等离子喷涂氧化铝-氧化钛纳米陶瓷涂层，盐雾试验 3000 小时无锈蚀，结合强度 45 MPa，用于海洋工程装备与化工管道防腐。',
    keywords: ['纳米涂层', '防腐', '等离子喷涂'],
    fields: ['430', '460'],
    ipc: ['C23C 4/11'],
    resultType: 'invention',
    applicationNo: makeApplicationNumber(2020, 'invention', 1552093),
    patentStatus: 'granted',
    trl: 8,
    transferModes: ['licence'],
    askingPriceFen: yuan(300_000),
    openLicence: { paymentMethod: 'entry_royalty', feeFen: yuan(20_000), royaltyBp: 300, termMonths: 60, statement: '入门费 2 万元，另按净销售额 3% 提成。' },
  },
  {
    key: 'prep',
    by: 'js-org-admin',
    title: '高通量质谱样品前处理装置',
    summary: '96 通道固相萃取与自动浓缩一体化前处理装置，单批处理时间缩短至 40 分钟，适配液相色谱-质谱联用仪。',
    keywords: ['质谱', '样品前处理', '固相萃取'],
    fields: ['150'],
    ipc: ['G01N 1/40'],
    resultType: 'utility_model',
    applicationNo: makeApplicationNumber(2023, 'utility_model', 2210457),
    patentStatus: 'granted',
    trl: 7,
    transferModes: ['assignment', 'licence'],
    askingPriceFen: yuan(150_000),
    legal: { evaluationReport: '专利权评价报告 2024-PJ-0317（示例）' },
  },
  {
    key: 'pledged',
    by: 'js-org-admin',
    title: '柔性钙钛矿太阳能电池封装结构',
    summary: '多层阻水阻氧柔性封装，水汽透过率低于 1×10⁻⁴ g/(m²·d)，双 85 老化 1000 小时效率保持 92%。',
    keywords: ['钙钛矿', '光伏', '封装'],
    fields: ['480'],
    ipc: ['H10K 50/84'],
    resultType: 'invention',
    applicationNo: makeApplicationNumber(2022, 'invention', 1364022),
    patentStatus: 'granted',
    trl: 5,
    transferModes: ['licence', 'equity'],
    askingTerms: '专利已质押融资（示例），开放许可需质权人同意。',
    legal: { pledged: true, pledgeeConsent: false },
  },
  {
    key: 'vision',
    by: 'zj-expert',
    title: '基于深度学习的工业视觉表面缺陷检测方法',
    summary: '小样本迁移学习的表面缺陷检测算法，对划痕、凹坑、脏污识别准确率 99.2%，单帧推理 15 ms，可部署于边缘计算盒，适用于 3C 电子与汽车零部件产线质检。',
    keywords: ['机器视觉', '缺陷检测', '深度学习', '智能制造'],
    fields: ['520'],
    ipc: ['G06T 7/00', 'G06N 3/08'],
    resultType: 'invention',
    applicationNo: makeApplicationNumber(2022, 'invention', 1671190),
    patentStatus: 'granted',
    trl: 7,
    transferModes: ['licence', 'joint_development'],
    askingPriceFen: yuan(600_000),
    inventors: ['冯示例'],
  },
  {
    key: 'scheduling',
    by: 'zj-expert',
    title: '离散制造车间智能排产软件 V2.0',
    summary: '面向多品种小批量离散制造的高级计划与排程系统，遗传算法与约束规划混合求解，订单准时交付率提升 18%。',
    keywords: ['智能排产', 'APS', '智能制造', '工业软件'],
    fields: ['520', '460'],
    resultType: 'software',
    trl: 8,
    transferModes: ['licence'],
    askingPriceFen: yuan(200_000),
  },
  {
    key: 'quantum',
    by: 'ah-expert',
    title: '金刚石氮空位色心量子精密磁测量装置',
    summary: '基于 NV 色心的室温弱磁测量，灵敏度 1 nT/√Hz，用于无损检测与生物磁成像。',
    keywords: ['量子精密测量', '磁力计', 'NV 色心'],
    fields: ['140'],
    ipc: ['G01R 33/032'],
    resultType: 'invention',
    applicationNo: makeApplicationNumber(2021, 'invention', 1928346),
    patentStatus: 'granted',
    trl: 5,
    transferModes: ['licence', 'equity', 'joint_development'],
    askingPriceFen: yuan(2_000_000),
  },
  {
    key: 'rice',
    by: 'ah-expert',
    title: '耐高温抗稻瘟病水稻新品种“江淮香粳 6 号”',
    summary: '耐高温结实率高、抗稻瘟病，亩产 680 公斤，适宜长江中下游一季晚稻种植。',
    keywords: ['水稻', '新品种', '抗病'],
    fields: ['210'],
    resultType: 'plant_variety',
    trl: 8,
    transferModes: ['licence', 'assignment'],
    askingPriceFen: yuan(500_000),
  },
  {
    key: 'ms-chip',
    by: 'sh-expert',
    title: '微型离子阱质谱芯片及其加工方法',
    summary: 'MEMS 工艺加工的平面离子阱，整机体积小于 8 升，质量范围 1–500 amu，可嵌入生产线在线监测。',
    keywords: ['质谱', '微型化', 'MEMS', '在线监测'],
    fields: ['150', '510'],
    ipc: ['H01J 49/42'],
    resultType: 'invention',
    applicationNo: makeApplicationNumber(2023, 'invention', 1015286),
    patentStatus: 'pending',
    trl: 4,
    transferModes: ['joint_development', 'licence'],
  },
  {
    key: 'wastewater',
    by: 'sh-expert',
    title: '高盐有机废水电催化氧化处理技术',
    summary: '硼掺杂金刚石电极电催化氧化，COD 去除率 95%，吨水能耗 8 kWh，适用于化工、制药高盐废水零排放预处理。',
    keywords: ['废水处理', '电催化', '零排放'],
    fields: ['610'],
    ipc: ['C02F 1/461'],
    resultType: 'know_how',
    trl: 6,
    transferModes: ['licence', 'joint_development'],
    askingPriceFen: yuan(400_000),
  },
];

type D = Omit<listings.ListingInput, 'kind'> & { key: string; by: string };
export const DEMO_DEMANDS: D[] = [
  {
    key: 'cooling',
    by: 'zj-org-admin',
    title: '新能源汽车电机控制器散热材料需求',
    problem: '我司电机控制器功率模块温升过高，现有导热垫片导热系数不足 10 W/(m·K)。寻求高导热、可弯折的散热膜或石墨烯导热材料，替代现有方案。',
    indicators: '导热系数 ≥ 1000 W/(m·K)；厚度 ≤ 100 μm；可批量供货。',
    keywords: ['散热', '导热材料', '石墨烯'],
    fields: ['430'],
    ipc: ['H05K'],
    budgetFen: yuan(800_000),
    deadline: '2027-06-30',
  },
  {
    key: 'inspection',
    by: 'zj-org-admin',
    title: '汽车零部件产线表面缺陷自动检测',
    problem: '冲压件表面划痕、凹坑目前靠人工目检，漏检率约 3%。希望引入机器视觉与深度学习方案实现在线质检。',
    indicators: '识别准确率 ≥ 99%；节拍 ≤ 2 秒/件。',
    keywords: ['机器视觉', '缺陷检测', '质检'],
    fields: ['520'],
    budgetFen: yuan(1_000_000),
    deadline: '2027-03-31',
  },
  {
    key: 'storage',
    by: 'ah-org-admin',
    title: '储能电站用低成本电池正极材料',
    problem: '公司规划 100 MWh 储能项目，希望采用不含镍钴的低成本电池体系，寻求钠离子电池正极材料技术许可或联合开发。',
    indicators: '循环寿命 ≥ 2000 次；成本低于磷酸铁锂。',
    keywords: ['储能', '钠离子电池'],
    fields: ['480'],
    ipc: ['H01M'],
    budgetFen: yuan(2_000_000),
    deadline: '2027-09-30',
  },
  {
    key: 'online-ms',
    by: 'sh-org-admin',
    title: '在线质谱监测小型化方案',
    problem: '需要可嵌入生产线的小型质谱仪，对工艺气体成分进行在线监测，现有台式质谱体积过大。',
    keywords: ['质谱', '在线监测', '小型化'],
    fields: ['150'],
    budgetFen: yuan(3_000_000),
    deadline: '2027-12-31',
  },
  {
    key: 'anticorrosion',
    by: 'ah-org-admin',
    title: '化工管道耐腐蚀涂层',
    problem: '酸性介质管道腐蚀严重，年更换成本高，寻求长寿命防腐涂层及喷涂工艺。',
    keywords: ['防腐', '涂层'],
    fields: ['430'],
    budgetFen: yuan(300_000),
    deadline: '2027-05-31',
  },
];

/** A batch from another market (江苏技术产权交易市场, example) through the import service. */
const IMPORTED: listings.ImportRow[] = [
  {
    externalId: 'JSTM-2026-0912',
    kind: 'result',
    title: '纺织印染废水膜生物反应器回用技术',
    summary: 'MBR 与反渗透组合工艺，印染废水回用率 70%，出水达到回用标准。',
    resultType: 'know_how',
    trl: 7,
    fields: ['610'],
    transferModes: ['licence'],
    jurisdictionCode: '320000',
    ownerName: '示例江南环境工程技术研究所',
  },
  {
    externalId: 'JSTM-2026-1047',
    kind: 'demand',
    title: '船舶焊接机器人离线编程',
    problem: '船体分段焊接编程耗时长，寻求焊接机器人离线编程与焊缝自动识别技术。',
    fields: ['460'],
    budgetFen: yuan(600_000),
    deadline: '2027-04-30',
    jurisdictionCode: '320000',
    ownerName: '示例南通船舶重工有限公司',
  },
];

export async function seedDemoTransfer(deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  const at = (ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });
  const actors = new Map<string, Awaited<ReturnType<typeof actorForUsername>>>();
  const who = async (u: string) => {
    if (!actors.has(u)) actors.set(u, await actorForUsername(deps, u));
    return actors.get(u)!;
  };
  const ids: Record<string, number> = {};
  let t = now - 40 * DAY;
  for (const { key, by, openLicence, ...input } of DEMO_RESULTS) {
    t += DAY;
    const r = await listings.createListing(at(t), await who(by), { ...input, kind: 'result' });
    ids[key] = r.id;
    if (openLicence) await openLicences.declareOpenLicence(at(t + 3_600_000), await who(by), { ...openLicence, listingId: r.id });
  }
  for (const { key, by, ...input } of DEMO_DEMANDS) {
    t += DAY;
    ids[key] = (await listings.createListing(at(t), await who(by), { ...input, kind: 'demand' })).id;
  }
  const admin = await who('admin');
  await listings.importListings(at(now - 5 * DAY), admin, { source: 'jstm', listings: IMPORTED });

  // Zhejiang's risk-compensation pool, and a use-first-pay-later licence of the coating under it.
  const zjAdmin = await who('zj-admin');
  const pool = await pools.createPool(at(now - 30 * DAY), zjAdmin, {
    name: '浙江省科技成果转化风险补偿资金池（示例）',
    fundFen: yuan(5_000_000),
    compensationBp: 8000,
    capPerContractFen: yuan(1_000_000),
  });
  const zjOrgAdmin = await who('zj-org-admin');
  const jsOrgAdmin = await who('js-org-admin');
  const proposal = await contracts.proposeContract(at(now - 20 * DAY), zjOrgAdmin, {
    listingId: ids.vision,
    kind: 'licence',
    priceFen: yuan(600_000),
    paymentMode: 'instalments',
    deferMonths: 12,
    instalmentCount: 3,
    intervalMonths: 6,
    poolId: pool.id,
    termMonths: 60,
    terms: '先使用后付费：使用 12 个月后分 3 期付款，每期间隔 6 个月。',
  });
  // The vision result belongs to the Zhejiang institute, whose expert listed it: that institute has
  // no admin account in the demo, so the proposal waits for its signature.
  void proposal;
  // An open auction of the sample-preparation device, closing in a week.
  const auction = await auctions.createAuction(at(now - 2 * DAY), jsOrgAdmin, {
    listingId: ids.prep,
    kind: 'assignment',
    startPriceFen: yuan(100_000),
    incrementFen: yuan(5_000),
    closesAt: new Date(now + 7 * DAY).toISOString(),
  });
  const ahOrgAdmin = await who('ah-org-admin');
  await auctions.placeBid(at(now - DAY), ahOrgAdmin, auction.id, { amountFen: yuan(100_000) });
  // Anhui's enterprise holds a use-first-pay-later licence of the sodium-ion cathode in force.
  const c = await contracts.proposeContract(at(now - 15 * DAY), jsOrgAdmin, {
    listingId: ids.sodium,
    licenseeOrgId: ahOrgAdmin.organizationId,
    kind: 'licence',
    priceFen: yuan(900_000),
    paymentMode: 'deferred',
    deferMonths: 12,
    termMonths: 60,
    terms: '先使用后付费：许可使用 12 个月后一次付清。',
  });
  await contracts.signContract(at(now - 14 * DAY), ahOrgAdmin, c.id);
}
