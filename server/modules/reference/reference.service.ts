// Reference data every page needs: the four jurisdictions and their departments, the roles,
// organisation types and enterprise tiers.
import type { Deps } from '../../platform/deps';
import { ENTERPRISE_TIERS, ORG_TYPES, ROLES } from '../../platform/access';
import * as repo from './reference.repository';

export async function listJurisdictions(deps: Deps) {
  const [jurisdictions, departments] = await repo.jurisdictionsWithDepartments(deps.db.db);
  return jurisdictions.map((j) => ({
    code: j.code,
    nameZh: j.name_zh,
    nameEn: j.name_en,
    shortZh: j.short_zh,
    departments: departments
      .filter((d) => d.jurisdiction_code === j.code)
      .map((d) => ({ id: Number(d.id), kind: d.kind, nameZh: d.name_zh, nameEn: d.name_en })),
  }));
}

export function referenceLists() {
  return { roles: [...ROLES], organizationTypes: [...ORG_TYPES], enterpriseTiers: [...ENTERPRISE_TIERS] };
}
