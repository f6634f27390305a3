// The synthetic organisations and resources of npm run seed -- --scale: deterministic records that
// the directory and the catalogue would accept, and search terms computed piecewise that equal the
// catalogue service's own indexTerms().
import { describe, expect, it } from 'vitest';
import { scaleOrg } from './organizations';
import { ResourceTermIndexer, prepareResource, resourceOwner, scaleResource, type ScaleOwner } from './resources';
import { indexTerms, toRecord, validateResource } from '../../modules/resources/resources.service';
import { usccProblem } from '../../platform/uscc';
import { JURISDICTION_CODES, ORG_TYPES } from '../../platform/access';

const TODAY = '2026-11-27';
const SAMPLE = 400;
const J = JURISDICTION_CODES;
const owners = {
  synthetic: Array.from({ length: 12 }, (_, k): ScaleOwner => ({ id: 100 + k, jurisdiction: J[k % 4], city: k % 3 ? null : '苏州', memberUserId: 500 + k })),
  demo: Array.from({ length: 3 }, (_, k): ScaleOwner => ({ id: 1 + k, jurisdiction: J[k], city: '上海', memberUserId: null })),
};

describe('scale organisations', () => {
  const orgs = Array.from({ length: SAMPLE }, (_, i) => scaleOrg(1 + i, i));

  it('are the same for the same account number', () => {
    expect(scaleOrg(42, 41)).toEqual(scaleOrg(42, 41));
    expect(scaleOrg(42, 41)).not.toEqual(scaleOrg(43, 41));
  });

  it('carry valid, distinct codes, fictional names and one member each', () => {
    expect(orgs.every((o) => usccProblem(o.org.uscc) === null)).toBe(true);
    expect(new Set(orgs.map((o) => o.org.uscc)).size).toBe(SAMPLE);
    expect(orgs.every((o) => o.org.name.includes('示例'))).toBe(true);
    expect(orgs.map((o) => o.user.username)).toEqual(orgs.map((o) => `scale-u${o.n}`));
  });

  it('cover every type in every jurisdiction, the first six slots every type', () => {
    expect(new Set(orgs.slice(0, 6).map((o) => o.org.type))).toEqual(new Set(ORG_TYPES));
    for (const type of ORG_TYPES) expect(new Set(orgs.filter((o) => o.org.type === type).map((o) => o.org.jurisdiction_code))).toEqual(new Set(J));
  });
});

describe('scale resources', () => {
  const picked = Array.from({ length: SAMPLE }, (_, i) => resourceOwner(7, i, owners));
  const inputs = picked.map((owner, i) => scaleResource(7, i, owner, TODAY));

  it('are the same for the same run and index, and go mostly to synthetic owners', () => {
    expect(scaleResource(7, 3, picked[3], TODAY)).toEqual(inputs[3]);
    expect(scaleResource(8, 3, picked[3], TODAY)).not.toEqual(inputs[3]);
    const demo = picked.filter((o) => o.memberUserId === null).length;
    expect(demo).toBeGreaterThan(0);
    expect(demo / SAMPLE).toBeLessThan(0.1);
  });

  it('are records the catalogue accepts, of every kind, some in traditional characters', () => {
    for (const input of inputs) expect(validateResource(input, false)).toEqual([]);
    expect(new Set(inputs.map((r) => r.kind))).toEqual(new Set(['instrument', 'facility', 'compute', 'dataset', 'germplasm']));
    expect(inputs.some((r) => /[儀譜顯鏡檢測]/.test(r.name))).toBe(true);
  });

  it('have the terms indexTerms() gives, summed field by field', () => {
    const indexer = new ResourceTermIndexer();
    for (const [i, input] of inputs.entries()) {
      const p = prepareResource(indexer, input, picked[i].jurisdiction, TODAY, true);
      const record = toRecord(input, picked[i].jurisdiction, TODAY);
      expect(Object.fromEntries([...p.terms].sort())).toEqual(Object.fromEntries([...indexTerms(record as any)].sort()));
      expect(p.docLen).toBe([...p.terms.values()].reduce((a, b) => a + b, 0));
    }
  });
});
