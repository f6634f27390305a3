// Public reference data (jurisdictions with their departments; roles, types and tiers) and
// the front end's labels for them in both languages.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { http } from './api';
import { useLang } from './i18n';
import { ENTERPRISE_TIERS, JURISDICTION_CODES, ORG_TYPES, ROLES, type Department, type Jurisdiction, type Reference } from './types';

export function useJurisdictions() {
  return useQuery({
    queryKey: ['jurisdictions'],
    queryFn: () => http.get<{ items: Jurisdiction[] }>('/jurisdictions').then((r) => r.items),
    staleTime: Infinity,
  });
}

export function useReference() {
  return useQuery({
    queryKey: ['reference'],
    queryFn: () => http.get<Reference>('/reference'),
    staleTime: Infinity,
  });
}

/** Labels for enumerations, falling back to the raw value for anything new from the server. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const [lang] = useLang();
  const { data: jurisdictions } = useJurisdictions();
  const has = (key: string) => i18n.exists(key);
  const tr = (prefix: string, v: string | null | undefined): string => {
    if (!v) return '';
    const key = `${prefix}.${v}`;
    return has(key) ? (t as (k: string) => string)(key) : v;
  };
  const jurisdiction = (code: string | null | undefined): string => {
    if (!code) return '';
    const j = jurisdictions?.find((x) => x.code === code);
    if (j) return lang === 'en' ? j.nameEn : j.nameZh;
    return tr('jurisdiction', code);
  };
  const department = (id: number | null | undefined): string => {
    if (id == null) return '';
    for (const j of jurisdictions ?? []) {
      const d = j.departments.find((x) => x.id === id);
      if (d) return departmentName(d, lang);
    }
    return `#${id}`;
  };
  return {
    role: (v: string | null | undefined) => tr('role', v),
    orgType: (v: string | null | undefined) => tr('orgType', v),
    tier: (v: string | null | undefined) => tr('tier', v),
    orgStatus: (v: string | null | undefined) => tr('orgStatus', v),
    userStatus: (v: string | null | undefined) => tr('userStatus', v),
    resourceKind: (v: string | null | undefined) => tr('resourceKind', v),
    serviceMode: (v: string | null | undefined) => tr('serviceMode', v),
    resourceStatus: (v: string | null | undefined) => tr('resourceStatus', v),
    bookingStatus: (v: string | null | undefined) => tr('bookingStatus', v),
    waitlistStatus: (v: string | null | undefined) => tr('waitlistStatus', v),
    accessStatus: (v: string | null | undefined) => tr('accessStatus', v),
    closureKind: (v: string | null | undefined) => tr('closureKind', v),
    bookingRule: (v: string | null | undefined) => tr('bookingRule', v),
    serviceCategory: (v: string | null | undefined) => tr('serviceCategory', v),
    voucherStatus: (v: string | null | undefined) => tr('voucherStatus', v),
    programStatus: (v: string | null | undefined) => tr('programStatus', v),
    applicationStatus: (v: string | null | undefined) => tr('applicationStatus', v),
    applicantKind: (v: string | null | undefined) => tr('applicantKind', v),
    providerStatus: (v: string | null | undefined) => tr('providerStatus', v),
    redemptionStatus: (v: string | null | undefined) => tr('redemptionStatus', v),
    ledgerKind: (v: string | null | undefined) => tr('ledgerKind', v),
    objectionStatus: (v: string | null | undefined) => tr('objectionStatus', v),
    orderStatus: (v: string | null | undefined) => tr('orderStatus', v),
    productStatus: (v: string | null | undefined) => tr('productStatus', v),
    evidenceCondition: (v: string | null | undefined) => tr('evidenceCondition', v),
    limitedBy: (v: string | null | undefined) => tr('limitedBy', v),
    recognitionDecision: (v: string | null | undefined) => tr('recognitionDecision', v),
    /** Short jurisdiction name (上海 / Shanghai) for tight places: tables, chart axes. */
    jurisdictionShort: (code: string | null | undefined) => tr('jurisdictionShort', code),
    jurisdiction,
    department,
  };
}

export const departmentName = (d: Department, lang: 'zh' | 'en') => (lang === 'en' ? d.nameEn : d.nameZh);

/** Option lists, preferring the server's reference data and falling back to the known values. */
export function useOptionValues() {
  const { data: ref } = useReference();
  const { data: jurisdictions } = useJurisdictions();
  return {
    roles: (ref?.roles ?? [...ROLES]) as string[],
    orgTypes: (ref?.organizationTypes ?? [...ORG_TYPES]) as string[],
    tiers: (ref?.enterpriseTiers ?? [...ENTERPRISE_TIERS]) as string[],
    jurisdictionCodes: jurisdictions?.map((j) => j.code) ?? [...JURISDICTION_CODES],
    jurisdictions: jurisdictions ?? [],
  };
}
