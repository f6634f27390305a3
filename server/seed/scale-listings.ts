// Synthetic listings of the technology market for benchmarks (npm run seed -- --scale N, or
// --listings M): results (科技成果, ~55 %) and demands (技术需求, ~45 %) across fifteen technology
// areas, each with its own vocabulary — products and materials, methods, properties, applications
// and a long tail of specialist terms drawn by a Zipf law — so searches see a realistic spread of
// hit counts (a few specialist terms match dozens of listings, a product thousands, a generic
// word hundreds of thousands). Results carry valid CN application numbers (check character
// included) for patents, IPC symbols of their area, GB/T 13745 field codes, TRL, transfer modes
// and asking prices; demands a budget and a deadline; about 3 % are written in traditional
// characters and 2 % are withdrawn. Every listing is imported from the market "scale" with an
// external id scale-000000001, … (re-runs continue the numbering).
//
// The search postings are exactly what the module's own indexTerms() computes, but segmenting a
// million texts with jieba would take most of ten minutes: the indexer below cuts every indexed
// field at punctuation and spaces (where jieba always cuts too), segments each distinct piece
// once, and unites the pieces' tokens; the first records of every chunk are checked against
// indexTerms() itself, and a unit test checks a sample.
//
// Writing: on a fresh or small database (bulk mode) everything is one transaction — listings in
// multi-row INSERTs chunk by chunk, then all postings at the end in primary-key order (term, kind,
// listing_id), appended rather than inserted all over the key, while the secondary index on
// listing_id is dropped and rebuilt in one sort; SQLite takes 2 000-row INSERTs through the
// connection's statement cache, PostgreSQL 20 000-row INSERT … SELECT FROM unnest(arrays). On a
// database already larger than the load, one transaction per chunk instead. Then the planners'
// statistics are refreshed (afterBulkLoad). A million listings (~60 million postings): about 8
// minutes on SQLite and 11 on PostgreSQL on the 2-core benchmark machine under load.
import type { Transaction, Insertable } from 'kysely';
import { CompiledQuery, sql } from 'kysely';
import * as OpenCC from 'opencc-js';
import type { Database, ListingTable } from '../db/types';
import type { Deps } from '../platform/deps';
import { inTransaction } from '../platform/deps';
import { recordAudit } from '../platform/audit';
import { makeApplicationNumber, type PatentType } from '../platform/patent';
import { indexTerms, validate, type ListingInput } from '../modules/transfer/listings.service';
import { POSTING_KIND, STATS_SCOPE, adjustDocumentFrequencies, impact } from '../modules/transfer/listings.repository';

export const SCALE_LISTING_SOURCE = 'scale';
const EXTERNAL_PREFIX = 'scale-';

// ---- vocabulary ---------------------------------------------------------------------------------

/** A measurable property with its unit and the values an indicator states. */
type Metric = readonly [name: string, cmp: string, values: readonly (string | number)[], unit: string];

export interface Area {
  key: string;
  /** What organisations of the area call their industry (in owner names). */
  industry: string;
  /** GB/T 13745 codes (3 or 5 digits); the first is the area's main one. */
  fields: readonly string[];
  /** IPC symbols (main group / subgroup) of the area. */
  ipc: readonly string[];
  /** Products, materials, devices: what a listing is about (Zipf: the first are the commonest). */
  objects: readonly string[];
  methods: readonly string[];
  properties: readonly string[];
  applications: readonly string[];
  /** Specialist terms, few listings each (Zipf over the list: the last ones are the rarest). */
  rare: readonly string[];
  metrics: readonly Metric[];
  /** Result types other than invention patents that the area has more of. */
  types?: ReadonlyArray<readonly [string, number]>;
}

export const AREAS: readonly Area[] = [
  {
    key: 'battery',
    industry: '新能源',
    fields: ['48040', '480', '43030', '15060'],
    ipc: ['H01M 10/0525', 'H01M 10/0562', 'H01M 4/505', 'H01M 4/525', 'H01M 10/054', 'H01M 10/44', 'H02J 7/00', 'H01M 10/613'],
    objects: ['锂离子电池', '固态电解质', '正极材料', '负极材料', '钠离子电池', '电池管理系统', '隔膜', '电解液', '储能系统', '硅碳负极', '磷酸铁锂', '三元正极', '电池包', '液流电池', '锂金属负极', '超级电容器'],
    methods: ['原位包覆', '喷雾干燥', '高温固相法', '共沉淀法', '干法电极', '预锂化', '等效电路建模', '卡尔曼滤波', '热失控预警', '激光焊接'],
    properties: ['能量密度', '循环寿命', '倍率性能', '首次效率', '热稳定性', '离子电导率', '低温性能', '安全性'],
    applications: ['电动汽车', '储能电站', '电动两轮车', '消费电子', '通信基站', '电动船舶'],
    rare: ['硫化物电解质', '单晶高镍', '补锂剂', '富锂锰基', '普鲁士蓝', '钛酸锂', '全钒液流', '无负极电池', '锂硫电池', '卤化物电解质', '聚阴离子', '极片辊压', '析锂检测', '容量衰减模型', '电芯一致性'],
    metrics: [['能量密度', '≥', [260, 300, 350, 400], 'Wh/kg'], ['循环次数', '≥', [2000, 3000, 5000, 8000], '次'], ['容量保持率', '≥', [80, 85, 90, 95], '%'], ['离子电导率', '≥', ['1.2', '3.5', '10'], 'mS/cm']],
  },
  {
    key: 'pv_hydrogen',
    industry: '光伏',
    fields: ['48060', '480', '47030', '14055'],
    ipc: ['H02S 40/00', 'H01L 31/0216', 'H01L 31/18', 'C25B 1/04', 'C25B 11/04', 'H01M 8/1004', 'F17C 1/00', 'H02J 3/38'],
    objects: ['钙钛矿电池', '异质结电池', '光伏组件', '电解槽', '燃料电池', '质子交换膜', '储氢瓶', '逆变器', '催化剂', '双极板', '光伏支架', '隧穿氧化层', '制氢系统', '膜电极'],
    methods: ['磁控溅射', '丝网印刷', '原子层沉积', '溶液旋涂', '碱性电解', '最大功率点跟踪', '激光划线', '等离子体增强化学气相沉积', '表面钝化'],
    properties: ['光电转换效率', '稳定性', '制氢效率', '功率密度', '衰减率', '发电量', '耐久性'],
    applications: ['分布式光伏', '光伏电站', '氢能汽车', '绿氢化工', '建筑光伏一体化', '海上风电'],
    rare: ['叠层电池', '空穴传输层', '铱催化剂', '阴离子交换膜', '有机液体储氢', '固态储氢', '背接触电池', '银包铜浆料', '光致衰减', '电位诱导衰减', '氢脆', '质子传导率', '碳纸气体扩散层'],
    metrics: [['光电转换效率', '≥', ['24.5', '26.1', '28.3', '31'], '%'], ['直流电耗', '≤', ['4.2', '4.5', '4.8'], 'kWh/Nm³'], ['功率密度', '≥', ['1.2', '1.5', '2.0'], 'W/cm²'], ['首年衰减', '≤', [1, '1.5', 2], '%']],
  },
  {
    key: 'semiconductor',
    industry: '集成电路',
    fields: ['51030', '510', '43050', '46050'],
    ipc: ['H01L 21/02', 'H01L 21/67', 'H01L 21/3065', 'H01L 23/00', 'G03F 7/20', 'H01L 29/78', 'G01N 21/95', 'H01L 25/065'],
    objects: ['晶圆', '光刻胶', '碳化硅器件', '氮化镓器件', '功率模块', '封装基板', '刻蚀机', '化学机械抛光液', '掩模版', '芯片', '传感器芯片', '存储器', '射频前端', '探针卡', '溅射靶材'],
    methods: ['等离子体刻蚀', '化学气相沉积', '离子注入', '先进封装', '晶圆键合', '缺陷检测', '光学邻近校正', '外延生长', '湿法清洗'],
    properties: ['良率', '击穿电压', '导通电阻', '线宽', '可靠性', '均匀性', '缺陷密度'],
    applications: ['新能源汽车', '数据中心', '智能手机', '工业控制', '光伏逆变器', '5G基站'],
    rare: ['硅通孔', '扇出型封装', '混合键合', '极紫外光刻', '沟槽栅', '超结', '铜互连', '低介电常数', '原子层刻蚀', '套刻精度', '电迁移', '晶圆级封装', '量测设备', '高纯电子气体', '碳化硅衬底'],
    metrics: [['击穿电压', '≥', [650, 1200, 1700, 3300], 'V'], ['比导通电阻', '≤', ['2.5', '3.8', '5'], 'mΩ·cm²'], ['线宽', '≤', [7, 14, 28, 55], 'nm'], ['良率', '≥', [95, 98, '99.5'], '%']],
  },
  {
    key: 'ai',
    industry: '人工智能',
    fields: ['52020', '520', '52060', '12040'],
    ipc: ['G06N 3/08', 'G06N 3/04', 'G06F 16/35', 'G06V 10/82', 'G06T 7/00', 'G06F 40/30', 'G10L 15/16', 'G06Q 10/04'],
    objects: ['大模型', '知识图谱', '推荐系统', '语音识别系统', '图像识别模型', '智能客服', '数字孪生平台', '决策系统', '目标检测算法', '问答系统', '数据标注平台', '边缘计算终端', '视觉检测系统', '机器翻译系统'],
    methods: ['深度学习', '强化学习', '迁移学习', '联邦学习', '注意力机制', '图神经网络', '检索增强生成', '知识蒸馏', '多模态融合', '自监督学习'],
    properties: ['准确率', '推理速度', '召回率', '泛化能力', '鲁棒性', '可解释性', '能耗'],
    applications: ['智能制造', '智慧医疗', '智慧城市', '金融风控', '自动驾驶', '智慧教育', '政务服务'],
    rare: ['模型量化', '稀疏注意力', '提示工程', '对抗样本', '隐私计算', '小样本学习', '持续学习', '神经架构搜索', '混合专家', '向量数据库', '时序预测', '异常检测', '实体链接', '低秩适配', '思维链'],
    metrics: [['识别准确率', '≥', ['95', '98.5', '99.2'], '%'], ['推理延迟', '≤', [10, 20, 50, 100], 'ms'], ['召回率', '≥', [90, 95, 97], '%'], ['参数量', '≤', ['7', '13', '70'], 'B']],
    types: [['software', 45], ['invention', 45], ['know_how', 10]],
  },
  {
    key: 'biomedicine',
    industry: '生物医药',
    fields: ['35010', '350', '18050', '31040'],
    ipc: ['A61K 39/395', 'C07K 16/28', 'A61K 9/127', 'A61K 48/00', 'C12N 15/113', 'A61P 35/00', 'C12N 5/0783', 'A61K 31/4745'],
    objects: ['单克隆抗体', '抗体偶联药物', '细胞治疗产品', '基因治疗载体', '疫苗', '小分子抑制剂', '脂质纳米颗粒', '多肽药物', '诊断试剂盒', '中药制剂', '缓释制剂', '双特异性抗体', '核酸药物', '类器官模型'],
    methods: ['高通量筛选', '基因编辑', '蛋白质工程', '细胞培养', '制剂工艺优化', '计算机辅助药物设计', '质谱分析', '动物模型评价', '纯化工艺'],
    properties: ['生物利用度', '靶向性', '安全性', '有效性', '稳定性', '表达量', '纯度'],
    applications: ['肿瘤治疗', '罕见病', '自身免疫疾病', '传染病防控', '慢病管理', '伴随诊断'],
    rare: ['嵌合抗原受体', '溶瘤病毒', '信使核糖核酸', '腺相关病毒', '蛋白降解靶向嵌合体', '小干扰核酸', '抗体片段', '免疫检查点', '脂质体', '冻干工艺', '药代动力学', '手性拆分', '连续流合成', '生物类似药', '类器官'],
    metrics: [['表达量', '≥', [3, 5, 8], 'g/L'], ['纯度', '≥', ['98', '99.5'], '%'], ['抑制率', '≥', [60, 75, 90], '%'], ['半衰期', '≥', [12, 24, 72], 'h']],
  },
  {
    key: 'medical_device',
    industry: '医疗器械',
    fields: ['32010', '320', '41630', '51010'],
    ipc: ['A61B 5/00', 'A61B 6/03', 'A61B 8/00', 'A61B 34/30', 'A61F 2/82', 'A61M 5/142', 'G16H 50/20', 'A61B 5/145'],
    objects: ['手术机器人', '医学影像设备', '超声探头', '血管支架', '可穿戴监测设备', '输注泵', '内窥镜', '人工关节', '体外诊断仪器', '呼吸机', '康复机器人', '介入导管', '血糖仪', '心电监护仪'],
    methods: ['图像重建', '三维打印', '表面改性', '力反馈控制', '微流控', '光学相干断层成像', '生物相容性评价', '无线传输', '低剂量成像'],
    properties: ['成像分辨率', '定位精度', '生物相容性', '灵敏度', '使用寿命', '便携性', '检测时间'],
    applications: ['基层医疗', '微创手术', '居家护理', '重症监护', '健康体检', '术后康复'],
    rare: ['光声成像', '可降解支架', '磁共振兼容', '骨科导航', '连续血糖监测', '即时检验', '脑机接口', '胶囊内镜', '经导管瓣膜', '电子皮肤', '医用钛合金', '药物洗脱', '远程手术'],
    metrics: [['定位精度', '≤', ['0.1', '0.3', '0.5'], 'mm'], ['检测时间', '≤', [10, 15, 30], 'min'], ['灵敏度', '≥', [95, 98, 99], '%'], ['分辨率', '≤', ['0.2', '0.5'], 'mm']],
    types: [['invention', 50], ['utility_model', 40], ['design', 10]],
  },
  {
    key: 'materials',
    industry: '新材料',
    fields: ['43030', '430', '43050', '15050'],
    ipc: ['C08L 63/00', 'C04B 35/565', 'C01B 32/184', 'C22C 38/00', 'B82Y 30/00', 'C08J 5/04', 'C23C 16/44', 'C09D 5/08'],
    objects: ['碳纤维复合材料', '石墨烯', '高温合金', '陶瓷涂层', '气凝胶', '防腐涂料', '工程塑料', '特种钢', '稀土永磁', '纳米材料', '导热膜', '生物基材料', '钛合金', '玻璃纤维'],
    methods: ['熔融共混', '热等静压', '化学气相沉积', '溶胶凝胶法', '等离子喷涂', '表面改性', '粉末冶金', '定向凝固', '静电纺丝'],
    properties: ['拉伸强度', '导热系数', '耐腐蚀性', '耐高温性能', '韧性', '疲劳寿命', '密度'],
    applications: ['航空航天', '新能源汽车', '电子信息', '海洋工程', '轨道交通', '建筑节能'],
    rare: ['高熵合金', '碳化硅纤维', '芳纶纸', '聚酰亚胺薄膜', '液晶聚合物', '非晶合金', '金属有机框架', '形状记忆合金', '热障涂层', '超高分子量聚乙烯', '氮化硼', '二维材料', '自修复材料', '钕铁硼'],
    metrics: [['拉伸强度', '≥', [800, 1200, 1500, 3500], 'MPa'], ['导热系数', '≥', [5, 20, 300, 1500], 'W/(m·K)'], ['使用温度', '≥', [600, 1000, 1200], '℃'], ['密度', '≤', ['0.2', '1.6', '4.5'], 'g/cm³']],
  },
  {
    key: 'manufacturing',
    industry: '智能制造',
    fields: ['46020', '460', '41310', '47050'],
    ipc: ['B23K 26/38', 'B25J 9/16', 'G05B 19/418', 'B22F 10/28', 'B33Y 10/00', 'G01B 11/24', 'B23Q 17/09', 'G05B 23/02'],
    objects: ['工业机器人', '数控机床', '激光切割设备', '增材制造装备', '智能产线', '减速器', '伺服电机', '工业视觉系统', '自动导引车', '焊接机器人', '检测装备', '工业软件', '柔性夹具', '协作机器人'],
    methods: ['视觉引导', '运动控制', '故障诊断', '激光熔覆', '预测性维护', '数字孪生', '离线编程', '在线测量', '工艺参数优化'],
    properties: ['定位精度', '加工效率', '重复定位精度', '稳定性', '能耗', '自动化程度', '良品率'],
    applications: ['汽车零部件', '电子装配', '航空制造', '工程机械', '家电制造', '船舶制造'],
    rare: ['谐波减速器', '选区激光熔化', '五轴联动', '力控打磨', '机器人标定', '热误差补偿', '刀具磨损监测', '视觉伺服', '工业互联网标识', '搅拌摩擦焊', '电弧增材', '人机协作安全'],
    metrics: [['重复定位精度', '≤', ['0.02', '0.05', '0.1'], 'mm'], ['加工效率提升', '≥', [20, 30, 50], '%'], ['负载', '≥', [5, 20, 50, 210], 'kg'], ['设备综合效率', '≥', [75, 85, 90], '%']],
    types: [['invention', 50], ['utility_model', 35], ['software', 15]],
  },
  {
    key: 'environment',
    industry: '环保',
    fields: ['61030', '610', '61050', '53020'],
    ipc: ['C02F 1/44', 'C02F 9/00', 'B01D 53/86', 'B01D 53/62', 'C02F 3/30', 'B09C 1/08', 'C02F 1/04', 'B01D 53/56'],
    objects: ['污水处理系统', '膜分离装置', '脱硝催化剂', '固废资源化装置', '土壤修复药剂', '除尘设备', '污泥处理设备', '垃圾焚烧系统', '在线监测仪', '碳捕集装置', '吸附材料', '生物滤池'],
    methods: ['高级氧化', '厌氧消化', '膜生物反应器', '蒸发结晶', '选择性催化还原', '生物修复', '热解气化', '电化学氧化', '吸附再生'],
    properties: ['去除率', '处理能力', '运行成本', '能耗', '排放浓度', '回收率', '稳定性'],
    applications: ['工业园区', '市政污水', '钢铁行业', '化工园区', '农村污水', '垃圾填埋场', '电厂'],
    rare: ['高盐废水', '零排放', '挥发性有机物', '渗滤液', '重金属稳定化', '飞灰处置', '厌氧氨氧化', '正渗透', '臭氧催化', '芬顿', '碳酸化', '微塑料', '全氟化合物'],
    metrics: [['去除率', '≥', [90, 95, 99], '%'], ['吨水能耗', '≤', ['0.3', '0.8', '1.5'], 'kWh'], ['排放浓度', '≤', [10, 30, 50], 'mg/m³'], ['处理规模', '≥', [100, 500, 5000], 't/d']],
  },
  {
    key: 'agriculture',
    industry: '农业',
    fields: ['21010', '210', '18030', '21050'],
    ipc: ['A01H 6/46', 'A01H 1/04', 'C12N 15/82', 'A01G 9/24', 'A01G 25/16', 'A01K 61/10', 'A01N 63/00', 'A01C 21/00'],
    objects: ['水稻新品种', '小麦品种', '智能温室', '水肥一体化系统', '生物农药', '有机肥', '植保无人机', '种子包衣剂', '水产养殖系统', '畜禽疫苗', '农产品溯源系统', '茶树品种', '蔬菜品种'],
    methods: ['分子标记辅助育种', '基因组选择', '杂交育种', '精准灌溉', '病虫害监测', '微生物发酵', '组织培养', '遥感监测', '循环水养殖'],
    properties: ['产量', '抗病性', '抗倒伏性', '品质', '节水率', '成活率', '耐盐碱'],
    applications: ['粮食生产', '设施农业', '丘陵山区', '水产养殖', '畜禽养殖', '茶叶种植'],
    rare: ['稻瘟病', '赤霉病', '耐盐水稻', '再生稻', '单倍体育种', '基因编辑育种', '土壤调理剂', '秸秆还田', '鱼菜共生', '稻渔综合种养', '种质创新', '杂种优势', '白叶枯病'],
    metrics: [['亩产', '≥', [650, 700, 800], 'kg'], ['节水', '≥', [30, 40, 50], '%'], ['防效', '≥', [80, 85, 90], '%'], ['增产', '≥', [8, 10, 15], '%']],
    types: [['invention', 40], ['plant_variety', 35], ['utility_model', 15], ['know_how', 10]],
  },
  {
    key: 'food',
    industry: '食品',
    fields: ['55010', '550', '55030', '18050'],
    ipc: ['A23L 33/105', 'A23L 3/3463', 'A23C 9/12', 'C12G 3/02', 'A23F 3/06', 'A23L 2/38', 'A23L 5/20', 'G01N 33/02'],
    objects: ['功能性食品', '益生菌制剂', '发酵乳', '植物蛋白饮料', '茶饮料', '预制菜', '保鲜包装', '酶制剂', '膳食纤维', '食品添加剂', '黄酒', '快速检测试纸'],
    methods: ['超高压杀菌', '冷冻干燥', '微胶囊包埋', '酶解', '膜过滤', '低温发酵', '超临界萃取', '喷雾造粒', '快速检测'],
    properties: ['保质期', '口感', '营养价值', '得率', '活菌数', '检出限', '风味'],
    applications: ['乳制品加工', '饮料生产', '冷链物流', '中央厨房', '婴幼儿食品', '食品安全监管'],
    rare: ['后生元', '母乳低聚糖', '植物基肉', '细胞培养肉', '代糖', '美拉德反应', '冷等离子体', '真菌毒素', '农残检测', '凝胶特性', '风味物质', '微生物菌群'],
    metrics: [['保质期', '≥', [6, 12, 18], '个月'], ['活菌数', '≥', ['1×10⁹', '1×10¹⁰'], 'CFU/g'], ['检出限', '≤', ['0.01', '0.1', '1'], 'mg/kg'], ['得率提高', '≥', [10, 15, 20], '%']],
  },
  {
    key: 'chemicals',
    industry: '化工',
    fields: ['53010', '530', '15030', '53030'],
    ipc: ['B01J 23/755', 'B01J 29/70', 'C07C 1/04', 'B01J 19/00', 'C07D 301/12', 'C08G 64/00', 'C10G 45/02', 'B01J 8/18'],
    objects: ['分子筛催化剂', '微通道反应器', '精细化学品', '可降解塑料', '电子化学品', '表面活性剂', '聚碳酸酯', '环氧树脂', '离子液体', '加氢催化剂', '特种橡胶', '农药中间体'],
    methods: ['连续流工艺', '催化加氢', '精馏分离', '结晶纯化', '聚合工艺', '过程强化', '流化床反应', '绿色合成', '膜反应'],
    properties: ['选择性', '转化率', '收率', '纯度', '能耗', '催化活性', '使用寿命'],
    applications: ['石油化工', '煤化工', '医药中间体', '电子材料', '涂料行业', '日化行业'],
    rare: ['聚乳酸', '聚对苯二甲酸丁二醇酯', '甲醇制烯烃', '二氧化碳加氢', '光气法替代', '氢甲酰化', '单原子催化剂', '贵金属回收', '超临界反应', '湿电子化学品', '己二腈', '碳酸二甲酯'],
    metrics: [['转化率', '≥', [90, 95, 99], '%'], ['选择性', '≥', [85, 92, 98], '%'], ['纯度', '≥', ['99.9', '99.99', '99.999'], '%'], ['能耗降低', '≥', [15, 20, 30], '%']],
  },
  {
    key: 'communications',
    industry: '通信',
    fields: ['51050', '510', '51060', '52030'],
    ipc: ['H04W 72/04', 'H04B 7/0413', 'H04L 9/32', 'H04W 4/70', 'H04L 67/12', 'H01Q 1/38', 'H04B 10/25', 'H04W 84/18'],
    objects: ['天线', '光模块', '物联网终端', '基站设备', '通信芯片', '卫星终端', '网关', '光纤传感器', '路由器', '射频滤波器', '北斗终端', '毫米波雷达'],
    methods: ['波束赋形', '信道编码', '边缘计算', '软件定义网络', '网络切片', '低功耗广域网', '相控阵', '光电集成', '时间敏感网络'],
    properties: ['传输速率', '时延', '覆盖范围', '功耗', '可靠性', '频谱效率', '连接数'],
    applications: ['工业互联网', '车联网', '智慧园区', '智慧电网', '应急通信', '智能家居'],
    rare: ['太赫兹', '可重构智能表面', '大规模天线', '通感一体化', '量子密钥分发', '硅光', '低轨卫星', '确定性网络', '非正交多址', '体声波滤波器', '相干光通信'],
    metrics: [['传输速率', '≥', [10, 100, 400, 800], 'Gbps'], ['时延', '≤', [1, 5, 10], 'ms'], ['待机功耗', '≤', [5, 10, 50], 'μA'], ['通信距离', '≥', [2, 5, 10], 'km']],
    types: [['invention', 60], ['utility_model', 20], ['software', 20]],
  },
  {
    key: 'vehicles',
    industry: '汽车',
    fields: ['58020', '580', '47020', '46030'],
    ipc: ['B60L 53/10', 'B60L 58/12', 'B60W 30/09', 'B60W 60/00', 'G08G 1/16', 'B60K 6/22', 'B62D 6/00', 'H02K 1/27'],
    objects: ['驱动电机', '电控系统', '充电桩', '热管理系统', '自动驾驶系统', '线控底盘', '车载激光雷达', '域控制器', '轻量化车身', '氢燃料电池汽车', '换电系统', '智能座舱'],
    methods: ['多传感器融合', '路径规划', '能量管理', '碰撞预警', '无线充电', '高压快充', '轻量化设计', '热泵空调', '仿真测试'],
    properties: ['续航里程', '充电时间', '安全性', '能耗', '舒适性', '可靠性', '响应时间'],
    applications: ['乘用车', '商用车', '城市公交', '港口物流', '矿区运输', '共享出行'],
    rare: ['扁线电机', '碳化硅电驱', '油冷电机', '线控转向', '线控制动', '车路协同', '高精地图', '自动泊车', '超级快充', '一体化压铸', '动力电池回收', '功能安全'],
    metrics: [['续航里程', '≥', [500, 600, 700, 1000], 'km'], ['充电时间', '≤', [10, 15, 30], 'min'], ['电机效率', '≥', [95, 97, '97.5'], '%'], ['功率密度', '≥', [4, 5, 6], 'kW/kg']],
  },
  {
    key: 'aerospace',
    industry: '航空航天',
    fields: ['59010', '590', '59020', '59030'],
    ipc: ['B64C 39/02', 'B64U 10/13', 'B64G 1/10', 'F02K 9/00', 'B64D 45/00', 'G01S 19/42', 'B64C 1/06', 'F01D 5/28'],
    objects: ['无人机', '卫星平台', '航空发动机叶片', '机载设备', '导航接收机', '复合材料机翼', '火箭发动机', '飞控系统', '遥感载荷', '低空飞行器', '姿态控制系统', '起落架'],
    methods: ['气动优化设计', '精密铸造', '组合导航', '自主避障', '结构健康监测', '热防护', '遥感图像处理', '集群控制'],
    properties: ['续航时间', '载荷能力', '定位精度', '推重比', '可靠性', '抗干扰能力', '结构重量'],
    applications: ['低空经济', '应急救援', '电力巡检', '物流配送', '测绘遥感', '商业航天'],
    rare: ['电动垂直起降', '单晶叶片', '可重复使用火箭', '星间链路', '合成孔径雷达', '倾转旋翼', '陶瓷基复合材料', '热障涂层', '惯性导航', '编队飞行', '高光谱成像'],
    metrics: [['续航时间', '≥', [60, 120, 240], 'min'], ['载重', '≥', [5, 20, 100, 500], 'kg'], ['定位精度', '≤', ['0.1', '1', '3'], 'm'], ['推重比', '≥', [8, 10, 12], '']],
  },
];

// Words every area shares: the commonest terms of the corpus.
const VERBS = ['检测', '制备', '控制', '优化', '设计', '识别', '评估', '监测'];
const ADJECTIVES = ['高性能', '低成本', '长寿命', '高精度', '智能', '绿色', '高效', '轻量化', '国产化', '模块化'];
const SYSTEMS = ['系统', '装置', '平台', '模块', '工艺', '软件', '设备', '方法'];
const PAINS = ['成本高', '效率低', '稳定性差', '能耗大', '寿命短', '依赖进口', '精度不足', '工艺复杂', '良率偏低'];
const STAGES = ['实验室小试', '中试验证', '工程化验证', '样机研制', '小批量试产', '示范应用', '产业化推广'];
const PERCENTS = [10, 15, 20, 25, 30, 40, 50];
const RESULT_TYPES_DEFAULT: ReadonlyArray<readonly [string, number]> = [['invention', 62], ['utility_model', 20], ['software', 8], ['know_how', 8], ['design', 2]];

// Owners: universities and institutes offer most results, enterprises post demands.
const CITIES: Record<string, readonly string[]> = {
  '310000': ['上海', '浦东', '闵行', '嘉定', '松江', '徐汇', '杨浦', '临港'],
  '320000': ['南京', '苏州', '无锡', '常州', '南通', '扬州', '徐州', '镇江', '泰州'],
  '330000': ['杭州', '宁波', '嘉兴', '湖州', '绍兴', '温州', '金华', '台州'],
  '340000': ['合肥', '芜湖', '蚌埠', '马鞍山', '滁州', '安庆', '铜陵'],
};
const BRANDS = ['华芯', '恒通', '瑞联', '启明', '博远', '天衡', '睿思', '卓越', '鼎新', '汇智', '远航', '星辰', '蓝海', '云帆', '同创', '长风', '锐泰', '联科', '金石', '光启', '海纳', '拓普', '新元', '安泰', '国芯', '智源', '华研', '泰和', '宏图', '九州', '青禾', '凌云'];
const COMPANY_SUFFIXES = ['科技有限公司', '技术有限公司', '科技股份有限公司', '股份有限公司', '新材料有限公司', '智能科技有限公司'];
const UNIVERSITY_SUFFIXES = ['理工大学', '科技大学', '工业大学', '大学', '工程学院', '医科大学', '农业大学'];
const INSTITUTE_SUFFIXES = ['研究院', '研究所', '产业技术研究院', '创新研究院', '技术研究院'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['伟', '芳', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '华', '建国', '晓东', '海燕'];

/** Product model codes (two letters, four digits: HX3207), one token each for jieba. */
export const MODEL_CODES = 5000;
export const modelCode = (k: number) => `${String.fromCharCode(65 + (k % 23))}${String.fromCharCode(65 + ((k * 7 + 3) % 26))}${1000 + ((k * 7919) % 9000)}`;

// ---- generation ----------------------------------------------------------------------------------

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
function weighted<T>(r: () => number, list: ReadonlyArray<readonly [T, number]>): T {
  const total = list.reduce((n, [, w]) => n + w, 0);
  let x = r() * total;
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1][0];
}

/** Cumulative Zipf weights (1/k^s) of lists by length and exponent, cached. */
const zipfCache = new Map<string, Float64Array>();
function zipf<T>(r: () => number, list: readonly T[], s: number): T {
  const key = `${list.length}:${s}`;
  let cum = zipfCache.get(key);
  if (!cum) {
    cum = new Float64Array(list.length);
    let acc = 0;
    for (let k = 0; k < list.length; k++) cum[k] = acc += 1 / (k + 1) ** s;
    zipfCache.set(key, cum);
  }
  const x = r() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return list[lo];
}
function distinct<T>(draw: () => T, k: number): T[] {
  const out: T[] = [];
  for (let tries = 0; out.length < k && tries < k * 6; tries++) {
    const v = draw();
    if (!out.includes(v)) out.push(v);
  }
  return out;
}
const logBetween = (r: () => number, lo: number, hi: number, step: number) => Math.max(lo, Math.round(Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo))) / step) * step);

// Traditional characters for the few listings written so (other markets, Hong Kong and Taiwan partners).
let toTraditional: ((s: string) => string) | undefined;
const traditionalMemo = new Map<string, string>();
function traditional(s: string): string {
  let t = traditionalMemo.get(s);
  if (t === undefined) {
    toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
    t = toTraditional(s);
    if (traditionalMemo.size >= 200_000) traditionalMemo.clear();
    traditionalMemo.set(s, t);
  }
  return t;
}

/** The import row of synthetic listing number n (1, 2, …), dated relative to `now`. */
export function scaleListing(n: number, now: Date): ListingInput & { kind: 'result' | 'demand'; externalId: string; jurisdictionCode: string; ownerName: string; status: 'published' | 'withdrawn'; publishedAt: string } {
  const r = rng(Math.imul(n, 2654435761) ^ 0x715e);
  const kind = r() < 0.55 ? 'result' : 'demand';
  // Areas are not equally busy: batteries, chips and AI lead, aerospace trails.
  const area = zipf(r, AREAS, 0.35);
  const jurisdictionCode = weighted(r, [['310000', 30], ['320000', 32], ['330000', 24], ['340000', 14]] as const);
  const city = pick(r, CITIES[jurisdictionCode]);
  const tr = r() < 0.03;
  const t = (s: string) => (tr ? traditional(s) : s);
  const o = zipf(r, area.objects, 0.8);
  const o2 = zipf(r, area.objects, 0.8);
  const m = pick(r, area.methods);
  const m2 = pick(r, area.methods);
  const p = pick(r, area.properties);
  const p2 = pick(r, area.properties);
  const a = pick(r, area.applications);
  const a2 = pick(r, area.applications);
  // A specialist term in about half of the listings (the Zipf tail makes the last ones rare).
  const rare = r() < 0.5 ? zipf(r, area.rare, 1.1) : null;
  const pct = pick(r, PERCENTS);
  const metrics = distinct(() => pick(r, area.metrics), 1 + Math.floor(r() * 3));
  const indicators = metrics.map(([name, cmp, values, unit]) => `${name} ${cmp} ${pick(r, values)}${unit ? ' ' + unit : ''}`).join('；');
  const daysAgo = Math.floor(r() * 1095);
  const published = new Date(now.getTime() - daysAgo * 86_400_000 - Math.floor(r() * 86_400_000));
  const publishedAt = published.toISOString();
  const status = r() < 0.02 ? ('withdrawn' as const) : ('published' as const);
  const fieldCount = 1 + Math.floor(r() * 2);
  const fields = distinct(() => (r() < 0.6 ? area.fields[0] : pick(r, area.fields)), fieldCount);
  const ipc = distinct(() => zipf(r, area.ipc, 0.7), 1 + Math.floor(r() * 3));
  // A few listings reach into a neighbouring area (batteries for vehicles, AI for manufacturing…).
  if (r() < 0.15) {
    const other = pick(r, AREAS);
    if (other !== area) ipc.push(pick(r, other.ipc));
  }
  const keywords = distinct(
    () => {
      const x = r();
      return x < 0.4 ? zipf(r, area.objects, 0.8) : x < 0.65 ? pick(r, area.methods) : x < 0.8 ? pick(r, area.applications) : x < 0.9 ? pick(r, area.properties) : zipf(r, area.rare, 1.1);
    },
    2 + Math.floor(r() * 4),
  );
  if (rare && r() < 0.5 && !keywords.includes(rare)) keywords.push(rare);
  // One listing in twenty names a product model: the rarest words of the corpus (about ten
  // listings each at a million).
  const model = r() < 0.05 ? modelCode(Math.floor(r() * MODEL_CODES)) : null;
  const externalId = `${EXTERNAL_PREFIX}${String(n).padStart(9, '0')}`;

  if (kind === 'result') {
    const verb = pick(r, VERBS);
    const title = pick(r, [
      () => `${o}及其制备方法`,
      () => `一种基于${m}的${o}${verb}方法`,
      () => `${pick(r, ADJECTIVES)}${o}${pick(r, SYSTEMS)}`,
      () => `${o}${p}提升关键技术`,
      () => `面向${a}的${o}${pick(r, SYSTEMS)}`,
      () => `${m}${o}成套技术`,
      () => (rare ? `基于${rare}的${o}` : `${o}${verb}${pick(r, SYSTEMS)}`),
    ])();
    const body = [
      pick(r, [`本成果针对${a}中${o}${p}不足的问题`, `针对现有${o}${pick(r, PAINS)}等问题`, `项目围绕${a}对${o}的需求`, `本项目面向${a}领域`]),
      pick(r, [`采用${m}${verb}${o}`, `提出了一种${m}与${m2}相结合的新方法`, `通过${m}实现${o}的${p}显著提升`, `研制了${pick(r, ADJECTIVES)}${o}`]),
      ...(rare ? [pick(r, [`突破了${rare}关键技术`, `利用${rare}解决了${p}瓶颈`, `形成了${rare}核心工艺`])] : []),
      pick(r, [`${p}提高${pct}%`, `${p}达到国际先进水平`, `成本降低${pct}%`, `${p2}优于同类产品`]),
      `已完成${pick(r, STAGES)}`,
      ...(model ? [`样机型号 ${model}`] : []),
      pick(r, [`可广泛应用于${a}、${a2}等领域`, `可用于${a}`, `适用于${a}和${o2}相关场景`]),
    ];
    const resultType = weighted(r, area.types ?? RESULT_TYPES_DEFAULT);
    const patent = resultType === 'invention' || resultType === 'utility_model' || resultType === 'design';
    const year = Math.max(2012, published.getUTCFullYear() - Math.floor(r() * 5));
    const ownerType = r();
    const ownerName =
      ownerType < 0.3
        ? `示例${city}${pick(r, UNIVERSITY_SUFFIXES)}`
        : ownerType < 0.5
          ? `示例${city}${area.industry}${pick(r, INSTITUTE_SUFFIXES)}`
          : `示例${city}${pick(r, BRANDS)}${area.industry}${pick(r, COMPANY_SUFFIXES)}`;
    const inventors = Array.from({ length: 1 + Math.floor(r() * 4) }, () => `${pick(r, SURNAMES)}${pick(r, GIVEN)}`);
    const jobRelated = ownerType < 0.5 ? r() < 0.9 : r() < 0.6;
    return {
      kind,
      externalId,
      jurisdictionCode,
      ownerName: t(ownerName),
      status,
      publishedAt,
      title: t(title),
      summary: t(body.join('，') + '。'),
      indicators: t(indicators),
      keywords: keywords.map(t),
      fields,
      ipc,
      resultType,
      applicationNo: patent ? makeApplicationNumber(year, resultType as PatentType, n) : null,
      patentStatus: patent ? (r() < 0.6 ? 'granted' : 'pending') : null,
      trl: r() < 0.9 ? 1 + Math.min(8, Math.floor(r() * r() * 9 + r() * 4)) : null,
      transferModes: distinct(() => weighted(r, [['licence', 40], ['assignment', 30], ['joint_development', 20], ['equity', 10]] as const), 1 + Math.floor(r() * 2)),
      askingPriceFen: r() < 0.8 ? logBetween(r, 50_000, 20_000_000, 10_000) * 100 : null,
      askingTerms: t(pick(r, ['价格面议', '可分期付款', '支持先使用后付费', '许可费加销售提成', '可作价入股'])),
      inventors,
      jobRelated,
      inventorRights: null,
      legal: { annualFeePaid: patent ? r() < 0.97 : true, pledged: patent && r() < 0.03, pledgeeConsent: false, exclusiveLicence: false, ownershipDisputed: false },
    };
  }
  const title = pick(r, [
    () => `${o}${p}提升技术需求`,
    () => `寻求${a}用${o}解决方案`,
    () => `${o}国产化替代需求`,
    () => `${a}${o}${m}技术合作`,
    () => `征集${o}${pick(r, VERBS)}技术`,
    () => (rare ? `${rare}技术攻关需求` : `${o}${pick(r, PAINS)}问题攻关`),
  ])();
  const problem = [
    pick(r, [`我公司主要从事${a}相关产品的研发与生产`, `企业现有${o}产线`, `我单位在${a}领域有应用需求`]),
    pick(r, [`目前${o}的${p}难以满足${a}要求`, `现有工艺存在${pick(r, PAINS)}等问题`, `关键${o}长期${pick(r, PAINS)}`]),
    ...(rare ? [pick(r, [`需要解决${rare}相关技术难题`, `希望引进${rare}技术`])] : []),
    pick(r, [`希望通过${m}提升${p}`, `拟寻求高校院所合作开发${o}`, `需要${p2}提高${pct}%以上`, `期望采用${m}或${m2}`]),
    ...(model ? [`现用设备型号 ${model}`] : []),
    pick(r, ['可接受技术转让、许可或联合开发', '合作方式面议', '可提供中试场地和应用验证', '希望一年内完成验证']),
  ];
  const ownerName = `示例${city}${pick(r, BRANDS)}${area.industry}${pick(r, COMPANY_SUFFIXES)}`;
  const deadline = new Date(published.getTime() + (60 + Math.floor(r() * 600)) * 86_400_000).toISOString().slice(0, 10);
  return {
    kind,
    externalId,
    jurisdictionCode,
    ownerName: t(ownerName),
    status,
    publishedAt,
    title: t(title),
    problem: t(problem.join('，') + '。'),
    indicators: r() < 0.6 ? t(indicators) : '',
    keywords: keywords.map(t),
    fields,
    ipc,
    budgetFen: r() < 0.85 ? logBetween(r, 100_000, 10_000_000, 10_000) * 100 : null,
    deadline,
  };
}

// ---- the row and its postings, as the import would store them ---------------------------------------

type Row = Insertable<ListingTable>;

/** Every column of a listing row (no defaults: multi-row INSERTs mix results and demands). */
export function scaleListingRow(input: ReturnType<typeof scaleListing>): Row {
  const v = validate(input);
  if (v.fields.length) throw new Error(`seed: synthetic listing ${input.externalId} is invalid: ${JSON.stringify(v.fields)}`);
  const at = input.publishedAt;
  return {
    kind: input.kind,
    status: input.status,
    title: v.row.title!,
    body: v.row.body!,
    indicators: v.row.indicators ?? '',
    keywords: v.row.keywords ?? '',
    fields: v.row.fields ?? '',
    field_main: v.row.field_main ?? '',
    ipc_codes: v.row.ipc_codes ?? '',
    ipc_main: v.row.ipc_main ?? '',
    jurisdiction_code: input.jurisdictionCode,
    owner_org_id: null,
    owner_name: input.ownerName.trim(),
    result_type: v.row.result_type ?? '',
    application_no: v.row.application_no ?? null,
    patent_status: v.row.patent_status ?? null,
    trl: v.row.trl ?? null,
    transfer_modes: v.row.transfer_modes ?? '',
    asking_terms: v.row.asking_terms ?? '',
    inventors_json: v.row.inventors_json ?? '[]',
    job_related: v.row.job_related ?? 0,
    inventor_rights_json: v.row.inventor_rights_json ?? null,
    exclusive_licence: v.row.exclusive_licence ?? 0,
    pledged: v.row.pledged ?? 0,
    pledgee_consent: v.row.pledgee_consent ?? 0,
    annual_fee_paid: v.row.annual_fee_paid ?? 1,
    ownership_disputed: v.row.ownership_disputed ?? 0,
    evaluation_report: v.row.evaluation_report ?? null,
    deadline: v.row.deadline ?? null,
    price_fen: v.row.price_fen ?? null,
    source: SCALE_LISTING_SOURCE,
    external_id: input.externalId,
    doc_len: 0,
    created_by: null,
    created_at: at,
    updated_at: at,
    published_at: input.status === 'published' ? at : null,
  };
}

/**
 * indexTerms() of a listing row, computed piecewise: each indexed field (found, with its weight,
 * by probing indexTerms with one column at a time) is cut where jieba always cuts — punctuation
 * and spaces, which the tokeniser drops — and each distinct piece is segmented once. A field's
 * tokens are the union of its pieces' tokens, counted once per field with the field's weight, as
 * indexTerms counts them. `verify` checks the result against indexTerms itself.
 */
export class ListingTermIndexer {
  private fields: Array<[string, number]> | null = null;
  private memo = new Map<string, string[]>();
  private static readonly CUT = /[\s,，。；;、：:！？!?（）()【】“”"'‘’·…]+/;
  segmented = 0;

  private fieldsOf(row: Record<string, unknown>): Array<[string, number]> {
    if (!this.fields) {
      const probe = '探针';
      this.fields = Object.keys(row)
        .map((k) => [k, indexTerms({ [k]: probe } as any).get(probe) ?? 0] as [string, number])
        .filter(([, w]) => w > 0);
    }
    return this.fields;
  }

  private tokensOf(piece: string): string[] {
    let toks = this.memo.get(piece);
    if (!toks) {
      toks = [...indexTerms({ body: piece } as any).keys()];
      this.segmented++;
      if (this.memo.size >= 1_000_000) this.memo.clear();
      this.memo.set(piece, toks);
    }
    return toks;
  }

  terms(row: Row): Map<string, number> {
    const out = new Map<string, number>();
    const seen = new Set<string>();
    for (const [field, w] of this.fieldsOf(row as Record<string, unknown>)) {
      const text = (row as Record<string, unknown>)[field];
      if (typeof text !== 'string' || !text) continue;
      seen.clear();
      for (const piece of text.split(ListingTermIndexer.CUT)) {
        if (!piece) continue;
        for (const t of this.tokensOf(piece)) {
          if (seen.has(t)) continue;
          seen.add(t);
          out.set(t, (out.get(t) ?? 0) + w);
        }
      }
    }
    return out;
  }

  /** Throws unless the terms equal indexTerms(row), the listings service's own computation. */
  verify(row: Row, terms: Map<string, number>): void {
    const expected = indexTerms(row as any);
    const same = expected.size === terms.size && [...expected].every(([t, n]) => terms.get(t) === n);
    if (!same) {
      const diff = [...new Set([...expected.keys(), ...terms.keys()])].filter((t) => expected.get(t) !== terms.get(t)).slice(0, 10);
      throw new Error(`seed: the search terms of listing "${row.title}" differ from indexTerms() (${diff.map((t) => `${t}: ${expected.get(t)} vs ${terms.get(t)}`).join(', ')})`);
    }
  }
}

// ---- bulk writing --------------------------------------------------------------------------------

export interface ListingsProgress {
  phase: 'listings' | 'postings' | 'index';
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ListingsOptions {
  count: number;
  /** Listings generated (and, in chunked mode, committed) at a time (default 50 000). */
  chunk?: number;
  /**
   * 'bulk': one transaction; the postings of all listings written at the end in primary-key
   * order, the secondary indexes (listing_id, impact) dropped meanwhile and rebuilt. 'chunked': one
   * transaction per chunk, postings in key order within it. Default: bulk when the load at least
   * doubles the published listings (a fresh database), else chunked.
   */
  mode?: 'bulk' | 'chunked';
  onProgress?: (p: ListingsProgress) => void;
}

export interface ListingsResult {
  mode: 'bulk' | 'chunked';
  listings: number;
  results: number;
  demands: number;
  firstId: number | null;
  lastId: number | null;
  firstExternalId: string;
  lastExternalId: string;
  /** Rows written to listing_terms. */
  terms: number;
  /** Distinct text pieces segmented by jieba. */
  segmented: number;
  /** Generating rows and postings (JavaScript). */
  prepareMs: number;
  /** Rebuilding the postings' secondary indexes (bulk mode). */
  indexMs: number;
  /** ANALYZE (PostgreSQL: VACUUM ANALYZE) of listings and listing_terms. */
  analyzeMs: number;
  elapsedMs: number;
  auditSeq: number;
}

/** The highest synthetic listing number already stored (0 if none). */
async function lastListingNumber(deps: Deps): Promise<number> {
  const row = await deps.db.db
    .selectFrom('listings')
    .select((eb) => eb.fn.max('external_id').as('last'))
    .where('source', '=', SCALE_LISTING_SOURCE)
    .where('external_id', 'like', `${EXTERNAL_PREFIX}%`)
    .executeTakeFirst();
  const m = /^scale-(\d+)$/.exec(String(row?.last ?? ''));
  return m ? Number(m[1]) : 0;
}

/**
 * Ids for n new listings, as scale.ts allocates resource ids: PostgreSQL hands out values of the
 * identity sequence; SQLite (the caller's transaction holds the write lock) the next ids after
 * the highest ever used.
 */
async function allocateIds(deps: Deps, trx: Transaction<Database>, n: number): Promise<number[]> {
  if (deps.db.helpers.engine === 'postgres') {
    const { rows } = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('listings', 'id')) as id from generate_series(1, ${n})`.execute(trx);
    return rows.map((x) => Number(x.id)).sort((a, b) => a - b);
  }
  const { rows } = await sql<{ last: number }>`select max(
      coalesce((select seq from sqlite_sequence where name = 'listings'), 0),
      coalesce((select max(id) from listings), 0)) as last`.execute(trx);
  const last = Number(rows[0].last);
  // AUTOINCREMENT: later inserts through the service continue after these.
  return Array.from({ length: n }, (_, k) => last + 1 + k);
}

/** Postings of one (term, kind): listing ids ascending, with their tf and impact; grown by doubling. */
class PostingList {
  ids = new Int32Array(16);
  tfs = new Uint16Array(16);
  ws = new Uint16Array(16);
  n = 0;
  push(id: number, tf: number, w: number) {
    if (this.n === this.ids.length) {
      const ids = new Int32Array(this.n * 2);
      ids.set(this.ids);
      this.ids = ids;
      const tfs = new Uint16Array(this.n * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
      const ws = new Uint16Array(this.n * 2);
      ws.set(this.ws);
      this.ws = ws;
    }
    this.ids[this.n] = id;
    this.ws[this.n] = w;
    this.tfs[this.n++] = tf;
  }
}

/** Postings by term and kind (r, d). */
class Postings {
  private lists = new Map<string, PostingList>();
  size = 0;
  add(term: string, kind: string, id: number, tf: number, w: number) {
    const key = `${term}\u0000${kind}`;
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = new PostingList()));
    list.push(id, tf, w);
    this.size++;
  }
  /** Lists in primary-key order: term, then kind. */
  sorted(): Array<[string, string, PostingList]> {
    return [...this.lists.entries()]
      .map(([key, list]) => [...key.split('\u0000'), list] as [string, string, PostingList])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
}

const SQLITE_POSTINGS_PER_STATEMENT = 2000;
const PG_POSTINGS_PER_STATEMENT = 20_000;

/** Writes postings in (term, kind, listing_id) order, a few thousand rows per statement, and their words' listing counts. */
async function writePostings(deps: Deps, trx: Transaction<Database>, postings: Postings, onRows?: (written: number) => void): Promise<number> {
  const pgsql = deps.db.helpers.engine === 'postgres';
  const per = pgsql ? PG_POSTINGS_PER_STATEMENT : SQLITE_POSTINGS_PER_STATEMENT;
  let bt: string[] = [];
  let bk: string[] = [];
  let bi: number[] = [];
  let bf: number[] = [];
  let bw: number[] = [];
  let written = 0;
  const flush = async () => {
    if (!bt.length) return;
    if (pgsql) {
      await trx.executeQuery(
        CompiledQuery.raw('insert into listing_terms (term, kind, listing_id, tf, w) select * from unnest($1::varchar[], $2::varchar[], $3::bigint[], $4::int[], $5::int[])', [bt, bk, bi, bf, bw]),
      );
    } else {
      const params: unknown[] = new Array(bt.length * 5);
      for (let k = 0; k < bt.length; k++) {
        params[5 * k] = bt[k];
        params[5 * k + 1] = bk[k];
        params[5 * k + 2] = bi[k];
        params[5 * k + 3] = bf[k];
        params[5 * k + 4] = bw[k];
      }
      // One statement text per batch size: the connection's statement cache prepares it once.
      await trx.executeQuery(CompiledQuery.raw(`insert into listing_terms (term, kind, listing_id, tf, w) values ${Array(bt.length).fill('(?,?,?,?,?)').join(',')}`, params));
    }
    written += bt.length;
    onRows?.(written);
    bt = [];
    bk = [];
    bi = [];
    bf = [];
    bw = [];
  };
  const df = new Map<string, number>();
  for (const [term, kind, list] of postings.sorted()) {
    df.set(`${term}\u0000${kind}`, list.n);
    for (let k = 0; k < list.n; k++) {
      bt.push(term);
      bk.push(kind);
      bi.push(list.ids[k]);
      bf.push(list.tfs[k]);
      bw.push(list.ws[k]);
      if (bt.length >= per) await flush();
    }
  }
  await flush();
  // The words' listing counts (listing_term_df), as the re-indexing keeps them.
  await adjustDocumentFrequencies(trx, df, pgsql ? 5000 : 2000);
  return written;
}

/** The secondary indexes of the postings (on listing_id; by impact): their definitions, to drop them and build them again. */
const POSTING_INDEXES = ['listing_terms_listing_idx', 'listing_terms_impact_idx'];
async function indexDefinitions(deps: Deps, trx: Transaction<Database>): Promise<string[]> {
  if (deps.db.helpers.engine === 'postgres') {
    const { rows } = await sql<{ def: string }>`select indexdef as def from pg_indexes where indexname in (${sql.join(POSTING_INDEXES)}) and tablename = 'listing_terms'`.execute(trx);
    return rows.map((r) => r.def);
  }
  const { rows } = await sql<{ def: string | null }>`select sql as def from sqlite_master where type = 'index' and name in (${sql.join(POSTING_INDEXES)}) and tbl_name = 'listing_terms'`.execute(trx);
  return rows.flatMap((r) => (r.def ? [r.def] : []));
}

interface Prepared {
  rows: Row[];
  terms: Array<Map<string, number> | null>;
  end: number;
}

/** Records per chunk whose terms are checked against indexTerms() directly. */
const VERIFY_PER_CHUNK = 25;

/**
 * Adds `count` synthetic listings (imported from the market "scale") with their postings and
 * corpus statistics, then refreshes the planners' statistics. In bulk mode (a fresh or small
 * database) all of it is one transaction, so an interrupted run leaves nothing; PostgreSQL
 * readers of listing_terms wait for it (the postings' secondary indexes are rebuilt inside).
 */
export async function seedScaleListings(deps: Deps, opts: ListingsOptions): Promise<ListingsResult> {
  const total = opts.count;
  if (!Number.isSafeInteger(total) || total < 1) throw new Error(`the listing count must be a positive integer, got ${total}`);
  const chunkSize = opts.chunk ?? 50_000;
  const started = performance.now();
  const now = deps.clock.now();
  const first = (await lastListingNumber(deps)) + 1;
  const published = await deps.db.db.selectFrom('search_stats').select((eb) => eb.fn.sum<number>('docs').as('n')).where('scope', 'in', Object.values(STATS_SCOPE)).executeTakeFirst();
  const mode = opts.mode ?? (total >= Number(published?.n ?? 0) ? 'bulk' : 'chunked');
  const indexer = new ListingTermIndexer();
  const report = (phase: ListingsProgress['phase'], done: number, of: number) => opts.onProgress?.({ phase, done, total: of, elapsedMs: performance.now() - started });
  let prepareMs = 0;
  let indexMs = 0;
  let termRows = 0;
  let results = 0;
  let demands = 0;
  let firstId: number | null = null;
  let lastId: number | null = null;

  const prepareChunk = async (start: number, end: number): Promise<Prepared> => {
    const rows: Row[] = [];
    const terms: Array<Map<string, number> | null> = [];
    let t0 = performance.now();
    for (let i = start; i < end; i++) {
      const row = scaleListingRow(scaleListing(first + i, now));
      let tf: Map<string, number> | null = null;
      if (row.status === 'published') {
        tf = indexer.terms(row);
        if (i - start < VERIFY_PER_CHUNK) indexer.verify(row, tf);
        let len = 0;
        for (const n of tf.values()) len += n;
        row.doc_len = len;
      }
      rows.push(row);
      terms.push(tf);
      // Yield now and then, so on PostgreSQL the database writes the previous chunk meanwhile.
      if ((i - start) % 500 === 499) {
        prepareMs += performance.now() - t0;
        await new Promise((resolve) => setImmediate(resolve));
        t0 = performance.now();
      }
    }
    prepareMs += performance.now() - t0;
    return { rows, terms, end };
  };

  /** Inserts a chunk's rows with the given ids, adds their postings and corpus statistics. */
  const writeRows = async (trx: Transaction<Database>, { rows, terms }: Prepared, ids: number[], postings: Postings) => {
    const stats = { result: { docs: 0, len: 0 }, demand: { docs: 0, len: 0 } };
    for (let start = 0; start < rows.length; start += 500) {
      const batch = [];
      for (let k = start; k < Math.min(rows.length, start + 500); k++) {
        const row = rows[k];
        const id = ids[k];
        batch.push({ ...row, id });
        const kind = row.kind as 'result' | 'demand';
        if (kind === 'result') results++;
        else demands++;
        const tf = terms[k];
        if (!tf) continue;
        stats[kind].docs++;
        stats[kind].len += Number(row.doc_len);
        const pk = POSTING_KIND[kind];
        const len = Number(row.doc_len);
        for (const [term, n] of tf) postings.add(term, pk, id, n, impact(n, len));
      }
      await trx.insertInto('listings').values(batch).execute();
    }
    for (const kind of ['result', 'demand'] as const) {
      if (!stats[kind].docs) continue;
      await trx
        .updateTable('search_stats')
        .set((eb) => ({ docs: eb('docs', '+', stats[kind].docs), total_len: eb('total_len', '+', stats[kind].len) }))
        .where('scope', '=', STATS_SCOPE[kind])
        .execute();
    }
    firstId = Math.min(firstId ?? ids[0], ids[0]);
    lastId = Math.max(lastId ?? 0, ids[ids.length - 1]);
  };

  // The next chunk is generated while the database writes the current one (PostgreSQL; SQLite
  // works in this thread). A failure surfaces when the chunk is awaited.
  const prepareNext = (start: number) => {
    const p = prepareChunk(start, Math.min(total, start + chunkSize));
    p.catch(() => undefined);
    return p;
  };

  // A larger page cache for this connection while the seed runs (restored after): the postings'
  // primary key outgrows SQLite's default 2 MB at once, and the index rebuild sorts in it.
  const sqlite = deps.db.helpers.engine === 'sqlite';
  const cacheSize = sqlite ? Number((await sql<{ cache_size: number }>`pragma cache_size`.execute(deps.db.db)).rows[0]?.cache_size ?? -2000) : null;
  if (cacheSize !== null) await sql`pragma cache_size = -1048576`.execute(deps.db.db);
  try {
    if (mode === 'bulk') {
      await inTransaction(deps, async (trx) => {
        // Written first: on SQLite the write lock is held from here on, before the ids are chosen.
        await trx.updateTable('search_stats').set((eb) => ({ docs: eb('docs', '+', 0) })).where('scope', 'in', Object.values(STATS_SCOPE)).execute();
        const ids = await allocateIds(deps, trx, total);
        // Every posting is written at the end, in primary-key order: appended after what the key
        // holds rather than inserted all over it. Meanwhile the indexes on listing_id and on impact,
        // which those rows would reach in random order, are dropped; building each from scratch
        // sorts once.
        const definitions = await indexDefinitions(deps, trx);
        for (const name of POSTING_INDEXES) await sql`drop index if exists ${sql.id(name)}`.execute(trx);
        const postings = new Postings();
        let next: Promise<Prepared> | null = prepareNext(0);
        for (let start = 0; next; ) {
          const chunk: Prepared = await next;
          next = chunk.end < total ? prepareNext(chunk.end) : null;
          await writeRows(trx, chunk, ids.slice(start, chunk.end), postings);
          start = chunk.end;
          report('listings', chunk.end, total);
        }
        const all = postings.size;
        termRows = await writePostings(deps, trx, postings, (n) => {
          if (n % 2_000_000 < (sqlite ? SQLITE_POSTINGS_PER_STATEMENT : PG_POSTINGS_PER_STATEMENT)) report('postings', n, all);
        });
        report('postings', termRows, all);
        if (definitions.length) {
          const t0 = performance.now();
          if (!sqlite) await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
          for (const definition of definitions) await sql.raw(definition).execute(trx);
          indexMs = performance.now() - t0;
          report('index', 1, 1);
        }
      });
    } else {
      let next: Promise<Prepared> | null = prepareNext(0);
      while (next) {
        const chunk: Prepared = await next;
        next = chunk.end < total ? prepareNext(chunk.end) : null;
        await inTransaction(deps, async (trx) => {
          await trx.updateTable('search_stats').set((eb) => ({ docs: eb('docs', '+', 0) })).where('scope', 'in', Object.values(STATS_SCOPE)).execute();
          const ids = await allocateIds(deps, trx, chunk.rows.length);
          const postings = new Postings();
          await writeRows(trx, chunk, ids, postings);
          termRows += await writePostings(deps, trx, postings);
        });
        report('listings', chunk.end, total);
      }
    }
  } finally {
    if (cacheSize !== null) await sql.raw(`pragma cache_size = ${cacheSize}`).execute(deps.db.db);
  }

  const analyzeStarted = performance.now();
  await deps.db.helpers.maintenance.afterBulkLoad(deps.db.db, ['listings', 'listing_terms']);
  const analyzeMs = performance.now() - analyzeStarted;

  const auditSeq = await inTransaction(deps, (trx) =>
    recordAudit(trx, deps.db.helpers, now.toISOString(), {
      actor: null,
      action: 'seed.scale_listings',
      entityType: 'platform',
      entityId: null,
      jurisdictionCode: null,
      change: { listings: total, results, demands, source: SCALE_LISTING_SOURCE, listingIds: [firstId, lastId] },
    }),
  );
  return {
    mode,
    listings: total,
    results,
    demands,
    firstId,
    lastId,
    firstExternalId: `${EXTERNAL_PREFIX}${String(first).padStart(9, '0')}`,
    lastExternalId: `${EXTERNAL_PREFIX}${String(first + total - 1).padStart(9, '0')}`,
    terms: termRows,
    segmented: indexer.segmented,
    prepareMs,
    indexMs,
    analyzeMs,
    elapsedMs: performance.now() - started,
    auditSeq,
  };
}
