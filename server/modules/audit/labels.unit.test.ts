// The audit label table is complete: every action code and entity type the sources write has
// words in both languages (a new recordAudit call without a label fails here).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_STATUSES } from '../calls/calls.service';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from './labels';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.includes('.test.') ? [p] : [];
  });
}
const text = ['server/modules', 'server/platform', 'server/seed'].flatMap((d) => sources(d)).map((f) => fs.readFileSync(f, 'utf8'));

describe('audit labels', () => {
  it('names every literal action code and entity type written', () => {
    const actions = new Set<string>();
    const entities = new Set<string>();
    for (const t of text) {
      // `action: 'x.y'`, `action: cond ? 'a.b' : 'c.d'`, and the code on the line after `action:`.
      for (const m of t.matchAll(/action:\s*([^\n]*(?:\n[^\n]*)?)/g)) {
        const line = m[1].split(/,\s*\n|\n\s*entityType/)[0];
        for (const c of line.matchAll(/'([a-z_]+(?:\.[a-z_-]+)+)'/g)) actions.add(c[1]);
      }
      for (const m of t.matchAll(/entityType:\s*([^,\n]*)/g)) for (const c of m[1].matchAll(/'([a-z_]+)'/g)) entities.add(c[1]);
    }
    expect(actions.size).toBeGreaterThan(80);
    expect([...actions].filter((a) => !AUDIT_ACTIONS[a])).toEqual([]);
    expect([...entities].filter((e) => !AUDIT_ENTITY_TYPES[e])).toEqual([]);
  });

  it('names the codes built from templates', () => {
    const built = [
      ...['suspend', 'reinstate'].map((a) => `voucher.${a}`),
      ...['complete', 'cancel'].map((a) => `service_order.${a}`),
      ...['check', 'reject', 'list', 'suspend', 'reinstate', 'revoke', 'recognise', 'decline'].map((a) => `provider.${a}`),
      ...['reverse', 'refund'].map((a) => `redemption.${a}`),
      ...CALL_STATUSES.map((s) => `call.${s}`),
      ...['apply', 'bid'].map((a) => `call.${a}`),
      ...['approve', 'reject', 'cancel', 'check-in', 'complete'].map((a) => `booking.${a}`),
      ...['approve', 'reject'].map((a) => `access_request.${a}`),
      ...['grant', 'reject'].map((a) => `training_request.${a}`),
      ...['result', 'demand'].flatMap((k) => ['create', 'update', 'publish', 'withdraw', 'draft'].map((a) => `${k}.${a}`)),
    ];
    expect(built.filter((a) => !AUDIT_ACTIONS[a])).toEqual([]);
  });

  it('has both languages for every label', () => {
    for (const l of [...Object.values(AUDIT_ACTIONS), ...Object.values(AUDIT_ENTITY_TYPES)]) {
      expect(l.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(l.en).toMatch(/^[A-Za-z]/);
    }
  });
});
