// The words for the platform's codes that people write in spreadsheets (and read in messages), in
// Chinese and English — the same words the web app shows (web/src/app/locales). Import columns
// take a code or either word (platform/spreadsheet.ts).
import { TIER_NAMES } from './access';
import type { Choices } from './spreadsheet';

export const ORG_TYPE_NAMES: Choices = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  university: { zh: '高等院校', en: 'University' },
  research_institute: { zh: '科研院所', en: 'Research institute' },
  service_institution: { zh: '科技服务机构', en: 'Service institution' },
  government_department: { zh: '政府部门', en: 'Government department' },
  financial_institution: { zh: '金融机构', en: 'Financial institution' },
};
export const ORG_TYPE_ALIASES: Record<string, string> = {
  高校: 'university',
  大学: 'university',
  科研机构: 'research_institute',
  研究院所: 'research_institute',
  服务机构: 'service_institution',
  政府: 'government_department',
  公司: 'enterprise',
};

export const TIER_CHOICES: Choices = TIER_NAMES;
export const TIER_ALIASES: Record<string, string> = {
  科技型中小: 'tech_sme',
  'tech sme': 'tech_sme',
  高新企业: 'high_tech',
  高企: 'high_tech',
  'tech leader': 'tech_leader',
  领军企业: 'tech_leader',
};

export const DEPARTMENT_KIND_NAMES: Choices = {
  science: { zh: '科技', en: 'Science' },
  finance: { zh: '财政', en: 'Finance' },
  ip: { zh: '知识产权', en: 'Intellectual property' },
  market: { zh: '市场监管', en: 'Market regulation' },
  other: { zh: '其他', en: 'Other' },
};

export const ROLE_NAMES: Choices = {
  platform_admin: { zh: '平台管理员', en: 'Platform admin' },
  jurisdiction_admin: { zh: '辖区管理员', en: 'Jurisdiction admin' },
  org_admin: { zh: '机构管理员', en: 'Organisation admin' },
  member: { zh: '机构成员', en: 'Member' },
  expert: { zh: '评审专家', en: 'Expert' },
};

export const RESOURCE_KIND_NAMES: Choices = {
  instrument: { zh: '大型科学仪器', en: 'Large instrument' },
  facility: { zh: '重大科技基础设施', en: 'Major facility' },
  compute: { zh: '算力', en: 'Compute' },
  dataset: { zh: '科学数据', en: 'Scientific data' },
  germplasm: { zh: '生物种质', en: 'Germplasm' },
};
export const RESOURCE_KIND_ALIASES: Record<string, string> = {
  仪器: 'instrument',
  仪器设备: 'instrument',
  设施: 'facility',
  数据集: 'dataset',
  种质: 'germplasm',
};
