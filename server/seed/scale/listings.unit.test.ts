// The synthetic listings of npm run seed -- --scale / --listings: valid import rows, and postings
// computed piecewise that equal the listings service's own indexTerms().
import { describe, expect, it } from 'vitest';
import { AREAS, ListingTermIndexer, MODEL_CODES, modelCode, scaleListing, scaleListingRow } from './listings';
import { indexTerms, validate } from '../../modules/transfer/listings.service';
import { parseApplicationNumber } from '../../platform/patent';

const NOW = new Date('2026-11-27T08:00:00Z');
const SAMPLE = 600;

describe('scale listings', () => {
  const inputs = Array.from({ length: SAMPLE }, (_, i) => scaleListing(i + 1, NOW));
  const rows = inputs.map(scaleListingRow);

  it('are the same for the same number', () => {
    expect(scaleListing(42, NOW)).toEqual(scaleListing(42, NOW));
    expect(scaleListing(42, NOW)).not.toEqual(scaleListing(43, NOW));
  });

  it('are valid import rows: CN application numbers of the right type, IPC, fields, external ids', () => {
    for (const [i, input] of inputs.entries()) {
      expect(validate(input).fields).toEqual([]);
      expect(input.externalId).toBe(`scale-${String(i + 1).padStart(9, '0')}`);
      const row = rows[i];
      if (row.application_no) {
        const parsed = parseApplicationNumber(row.application_no);
        expect(parsed).toMatchObject({ type: row.result_type });
      }
      if (['invention', 'utility_model', 'design'].includes(String(row.result_type)) && row.kind === 'result') expect(row.application_no).toBeTruthy();
      expect(row.ipc_main).toMatch(/^[A-H]\d{2}[A-Z]$/);
      expect(row.field_main).toMatch(/^\d{3}$/);
    }
  });

  it('mix results and demands, areas, jurisdictions, traditional characters and withdrawn ones', () => {
    const results = rows.filter((r) => r.kind === 'result').length / SAMPLE;
    expect(results).toBeGreaterThan(0.48);
    expect(results).toBeLessThan(0.62);
    expect(new Set(rows.map((r) => r.jurisdiction_code)).size).toBe(4);
    const areas = new Set(rows.map((r) => AREAS.findIndex((a) => a.ipc.some((s) => String(r.ipc_codes).startsWith(s)))));
    expect(areas.size).toBeGreaterThanOrEqual(12);
    expect(rows.some((r) => /[電體導檢測術]/.test(String(r.title) + String(r.body)))).toBe(true);
    expect(rows.some((r) => r.status === 'withdrawn')).toBe(true);
    expect(rows.filter((r) => r.kind === 'demand').every((r) => r.deadline && r.result_type === '' && r.application_no === null)).toBe(true);
  });

  it('have the postings indexTerms() gives, computed piece by piece', () => {
    const indexer = new ListingTermIndexer();
    let checked = 0;
    for (const row of rows) {
      const terms = indexer.terms(row);
      expect(Object.fromEntries([...terms].sort())).toEqual(Object.fromEntries([...indexTerms(row as any)].sort()));
      checked++;
    }
    expect(checked).toBe(SAMPLE);
    // Pieces repeat across listings: far fewer are segmented than there are fields.
    expect(indexer.segmented).toBeLessThan(SAMPLE * 12);
  });

  it('cut texts only where the tokeniser does: punctuation, spaces, full-width forms, traditional characters, numbers', () => {
    const indexer = new ListingTermIndexer();
    const row = {
      kind: 'result',
      title: '高離子電導率硫化物固態電解質及其製備方法（ＬＩ６ＰＳ５ＣＬ）',
      body: '采用卤素共掺杂Li6PS5Cl体系，室温离子电导率达到12 mS/cm；对锂金属电化学窗口0–5 V。通过表面氧化物包覆、干燥间24小时后保持率>85%！可用于“全固态”电池：样机型号 HX3207…',
      indicators: '能量密度 ≥ 400 Wh/kg；循环次数 ≥ 3000 次；容量保持率 ≥ 90.5 %',
      keywords: '硫化物固态电解质,全固态电池,離子電導率',
      owner_name: '示例苏州华芯新能源科技有限公司',
    } as any;
    expect(Object.fromEntries([...indexer.terms(row)].sort())).toEqual(Object.fromEntries([...indexTerms(row)].sort()));
    expect(() => indexer.verify(row, indexer.terms(row))).not.toThrow();
    expect(() => indexer.verify(row, new Map([['固态', 3]]))).toThrow(/differ from indexTerms/);
  });

  it('name product models that are single, rare search words', () => {
    const codes = new Set(Array.from({ length: MODEL_CODES }, (_, k) => modelCode(k)));
    expect(codes.size).toBe(MODEL_CODES);
    expect([...codes].every((c) => /^[A-Z]{2}\d{4}$/.test(c))).toBe(true);
  });
});
