// Small shared pieces of the voucher capability: service categories, who administers what,
// periods in Beijing time, and the one way to refuse with a named rule.
import { randomInt } from 'node:crypto';
import { SHANGHAI_OFFSET_MS } from '../../platform/clock';

export const SERVICE_CATEGORIES = ['testing', 'analysis', 'instrument_sharing', 'design', 'consulting', 'tech_transfer', 'ip_service'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
/** What a booking of a shared resource counts as. */
export const BOOKING_CATEGORY: ServiceCategory = 'instrument_sharing';

export const CATEGORY_NAMES: Record<ServiceCategory, { zh: string; en: string }> = {
  testing: { zh: '检验检测', en: 'testing' },
  analysis: { zh: '分析测试', en: 'analysis' },
  instrument_sharing: { zh: '仪器共享', en: 'instrument sharing' },
  design: { zh: '研发设计', en: 'R&D design' },
  consulting: { zh: '技术咨询', en: 'consulting' },
  tech_transfer: { zh: '技术转移', en: 'technology transfer' },
  ip_service: { zh: '知识产权服务', en: 'IP services' },
};

export const JURISDICTION_NAMES: Record<string, { zh: string; en: string; prefix: string }> = {
  '310000': { zh: '上海', en: 'Shanghai', prefix: 'SH' },
  '320000': { zh: '江苏', en: 'Jiangsu', prefix: 'JS' },
  '330000': { zh: '浙江', en: 'Zhejiang', prefix: 'ZJ' },
  '340000': { zh: '安徽', en: 'Anhui', prefix: 'AH' },
};

export { administers, isAdministrator as isAdmin } from '../../platform/access';
export { ruleError } from '../../platform/errors';

/** The Beijing calendar month (YYYY-MM) of an instant. */
export function periodOf(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** The Beijing calendar year of an instant, with its bounds as UTC instants [from, to). */
export function yearBounds(iso: string): { from: string; to: string } {
  const y = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).getUTCFullYear();
  return { from: new Date(Date.UTC(y, 0, 1) - SHANGHAI_OFFSET_MS).toISOString(), to: new Date(Date.UTC(y + 1, 0, 1) - SHANGHAI_OFFSET_MS).toISOString() };
}

/** [start, end) of a period YYYY-MM in Beijing time, as UTC instants. */
export function periodBounds(period: string): { from: string; to: string } {
  const [y, m] = period.split('-').map(Number);
  return { from: new Date(Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS).toISOString(), to: new Date(Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS).toISOString() };
}

export const fenText = (fen: number) => `${(fen / 100).toFixed(2)}`;

// Voucher codes: jurisdiction prefix, year, 12 random characters of an unambiguous alphabet
// (no I, O, 0, 1), and a mod-31 check character so a mistyped code is caught before lookup.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum = (sum * 7 + ALPHABET.indexOf(body[i]) + 1 + (body.charCodeAt(i) % 7)) % 31;
  return ALPHABET[sum];
}

export function newVoucherCode(jurisdiction: string, atIso: string): string {
  const prefix = JURISDICTION_NAMES[jurisdiction]?.prefix ?? 'YR';
  const year = new Date(Date.parse(atIso) + SHANGHAI_OFFSET_MS).getUTCFullYear();
  let body = '';
  for (let i = 0; i < 12; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  const groups = body.match(/.{4}/g)!.join('-');
  return `${prefix}${year}-${groups}-${checkChar(body)}`;
}

/** Whether a code is well formed and its check character agrees. */
export function voucherCodeValid(code: string): boolean {
  const m = /^([A-Z]{2})(\d{4})-([2-9A-HJ-NP-Z]{4})-([2-9A-HJ-NP-Z]{4})-([2-9A-HJ-NP-Z]{4})-([2-9A-HJ-NP-Z])$/.exec(code.trim().toUpperCase());
  if (!m) return false;
  return checkChar(m[3] + m[4] + m[5]) === m[6];
}

export { splitList as csv } from '../../platform/text';
