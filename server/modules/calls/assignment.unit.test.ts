import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { affinity, assignReviewers, type AssignmentInput, type AssignmentResult } from './assignment';

// ---------------------------------------------------------------------------------------------
// Small random instances + an independent brute force (dynamic programming over remaining capacities)
// ---------------------------------------------------------------------------------------------

interface Small {
  k: number;
  caps: number[];
  minLoads: number[];
  /** cells[a][e] = affinity units (0..U) or null when (a, e) is conflicted / not a candidate */
  cells: (number | null)[][];
}
const U = 20; // affinity = units / U, so ties are common and the brute force can work in integers
const appId = (a: number) => 100 + 7 * a;
const expId = (e: number) => 1000 + 3 * e;

const smallArb = fc
  .record({ nA: fc.integer({ min: 1, max: 5 }), nE: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 1, max: 2 }), withMinLoad: fc.boolean() })
  .chain(({ nA, nE, k, withMinLoad }) =>
    fc.record({
      k: fc.constant(k),
      caps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: nE, maxLength: nE }),
      minLoads: fc.array(withMinLoad ? fc.constantFrom<number>(0, 0, 1, 1, 2) : fc.constant<number>(0), { minLength: nE, maxLength: nE }),
      cells: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: U }), { freq: 3 }), { minLength: nE, maxLength: nE }), { minLength: nA, maxLength: nA }),
    }),
  );

function toInput(s: Small, mode: 'total' | 'fair' = 'total'): AssignmentInput {
  const edges: AssignmentInput['edges'] = [];
  s.cells.forEach((row, a) =>
    row.forEach((u, e) => {
      if (u !== null) edges.push({ applicationId: appId(a), expertId: expId(e), affinity: u / U });
    }),
  );
  return {
    applications: s.cells.map((_, a) => ({ id: appId(a) })),
    experts: s.caps.map((capacity, e) => ({ id: expId(e), capacity, minLoad: s.minLoads[e] })),
    edges,
    k: s.k,
    mode,
  };
}

type Tri = [coverage: number, quota: number, total: number];
const lexBetter = (x: Tri, y: Tri) => (x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] > y[2]);

/** Best (coverage, Σmin(load, minLoad), total units) over all assignments; with `floor`, every app having a
 *  candidate must get a reviewer set worth ≥ floor units. null if no assignment satisfies the floor. */
function brute(s: Small, floor: number | null): Tri | null {
  const nA = s.cells.length,
    nE = s.caps.length;
  const choices = s.cells.map((row) => {
    const cand = row.flatMap((u, e) => (u === null ? [] : [e]));
    const out: Array<{ es: number[]; sum: number }> = [];
    const rec = (from: number, es: number[]) => {
      if (es.length <= s.k) out.push({ es: [...es], sum: es.reduce((t, e) => t + row[e]!, 0) });
      if (es.length === s.k) return;
      for (let i = from; i < cand.length; i++) rec(i + 1, [...es, cand[i]]);
    };
    rec(0, []);
    return { eligible: cand.length > 0, out };
  });
  const memo = new Map<string, Tri | null>();
  const rem = [...s.caps];
  const go = (i: number): Tri | null => {
    if (i === nA) {
      let q = 0;
      for (let e = 0; e < nE; e++) q += Math.min(s.caps[e] - rem[e], s.minLoads[e]);
      return [0, q, 0];
    }
    const key = `${i}:${rem.join(',')}`;
    if (memo.has(key)) return memo.get(key)!;
    let best: Tri | null = null;
    for (const c of choices[i].out) {
      if (floor !== null && choices[i].eligible && c.sum < floor) continue;
      if (c.es.some((e) => rem[e] < 1)) continue;
      for (const e of c.es) rem[e]--;
      const sub = go(i + 1);
      for (const e of c.es) rem[e]++;
      if (sub === null) continue;
      const cand: Tri = [sub[0] + c.es.length, sub[1], sub[2] + c.sum];
      if (best === null || lexBetter(cand, best)) best = cand;
    }
    memo.set(key, best);
    return best;
  };
  return go(0);
}

/** Max over assignments of the lexicographic (coverage, quota, min app units, total units), by threshold search. */
function bruteFair(s: Small): { coverage: number; quota: number; maxMin: number; total: number } {
  const opt = brute(s, null)!;
  const sums = new Set<number>([0]);
  s.cells.forEach((row) => {
    const vals = row.filter((u): u is number => u !== null);
    const rec = (from: number, n: number, t: number) => {
      sums.add(t);
      if (n === s.k) return;
      for (let i = from; i < vals.length; i++) rec(i + 1, n + 1, t + vals[i]);
    };
    rec(0, 0, 0);
  });
  const ts = [...sums].sort((x, y) => x - y);
  let lo = 0,
    hi = ts.length - 1; // ts[lo] is feasible (0 always is)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const r = brute(s, ts[mid]);
    if (r !== null && r[0] === opt[0] && r[1] === opt[1]) lo = mid;
    else hi = mid - 1;
  }
  return { coverage: opt[0], quota: opt[1], maxMin: ts[lo], total: brute(s, ts[lo])![2] };
}

/** Every hard constraint and every reported figure, checked against the input alone. */
function checkConstraints(input: AssignmentInput, r: AssignmentResult) {
  const edge = new Map(input.edges.map((e) => [`${e.applicationId}:${e.expertId}`, e.affinity]));
  const seen = new Set<string>();
  const perApp = new Map<number, { n: number; sum: number }>(input.applications.map((a) => [a.id, { n: 0, sum: 0 }]));
  const load = new Map<number, number>(input.experts.map((e) => [e.id, 0]));
  let total = 0;
  for (const p of r.pairs) {
    const key = `${p.applicationId}:${p.expertId}`;
    expect(edge.has(key), `pair ${key} is not a candidate edge (conflicted)`).toBe(true);
    expect(p.affinity).toBe(edge.get(key));
    expect(seen.has(key), `duplicate pair ${key}`).toBe(false);
    seen.add(key);
    const pa = perApp.get(p.applicationId)!;
    pa.n++;
    pa.sum += p.affinity;
    load.set(p.expertId, load.get(p.expertId)! + 1);
    total += p.affinity;
  }
  expect(r.totalAffinity).toBeCloseTo(total, 9);
  for (const e of input.experts) expect(load.get(e.id)!).toBeLessThanOrEqual(e.capacity);
  const usable = new Set(input.experts.filter((e) => e.capacity > 0).map((e) => e.id));
  const candidates = new Map<number, Set<number>>(input.applications.map((a) => [a.id, new Set()]));
  for (const e of input.edges) if (usable.has(e.expertId)) candidates.get(e.applicationId)!.add(e.expertId);
  const expectedUncovered = [];
  for (const a of [...input.applications].sort((x, y) => x.id - y.id)) {
    const pa = perApp.get(a.id)!;
    expect(pa.n).toBeLessThanOrEqual(input.k);
    const row = r.perApplication.find((x) => x.applicationId === a.id)!;
    expect(row.reviewers).toBe(pa.n);
    expect(row.affinity).toBeCloseTo(pa.sum, 9);
    if (pa.n < input.k)
      expectedUncovered.push({ applicationId: a.id, assigned: pa.n, reason: candidates.get(a.id)!.size < input.k ? 'no-candidates' : 'capacity' });
  }
  expect(r.uncovered).toEqual(expectedUncovered);
  const eligible = input.applications.filter((a) => candidates.get(a.id)!.size > 0);
  const mins = eligible.map((a) => perApp.get(a.id)!.sum);
  expect(r.minApplicationAffinity).toBeCloseTo(mins.length ? Math.min(...mins) : 0, 9);
  expect(r.meanApplicationAffinity).toBeCloseTo(mins.length ? mins.reduce((t, x) => t + x, 0) / mins.length : 0, 9);
  expect(r.feasible).toBe(input.experts.every((e) => load.get(e.id)! >= (e.minLoad ?? 0)));
  const loads = input.experts.filter((e) => e.capacity > 0).map((e) => load.get(e.id)!);
  if (loads.length) {
    expect(r.load.min).toBe(Math.min(...loads));
    expect(r.load.max).toBe(Math.max(...loads));
    expect(r.load.mean).toBeCloseTo(loads.reduce((s, x) => s + x, 0) / loads.length, 9);
  }
}

const units = (x: number) => x * U;

// ---------------------------------------------------------------------------------------------

describe('assignReviewers — total mode', () => {
  it('matches the brute-force optimum (coverage, minLoad, affinity) and respects every constraint', () => {
    fc.assert(
      fc.property(smallArb, (s) => {
        const input = toInput(s);
        const r = assignReviewers(input);
        checkConstraints(input, r);
        const [cov, quota, total] = brute(s, null)!;
        expect(r.pairs.length).toBe(cov);
        expect(units(r.totalAffinity)).toBeCloseTo(total, 6);
        expect(r.feasible).toBe(quota === s.minLoads.reduce((t, x) => t + x, 0));
        if (cov === s.k * s.cells.length) expect(r.perApplication.every((p) => p.reviewers === s.k)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('is optimal with arbitrary float affinities (within the 1e-6 integer scaling)', () => {
    const arb = fc
      .record({ nA: fc.integer({ min: 1, max: 4 }), nE: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 1, max: 2 }) })
      .chain(({ nA, nE, k }) =>
        fc.record({
          k: fc.constant(k),
          caps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: nE, maxLength: nE }),
          w: fc.array(fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 4 }), { minLength: nE, maxLength: nE }), {
            minLength: nA,
            maxLength: nA,
          }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ k, caps, w }) => {
        const input: AssignmentInput = {
          applications: w.map((_, a) => ({ id: a + 1 })),
          experts: caps.map((capacity, e) => ({ id: e + 1, capacity })),
          edges: w.flatMap((row, a) => row.flatMap((x, e) => (x === null ? [] : [{ applicationId: a + 1, expertId: e + 1, affinity: x }]))),
          k,
        };
        const r = assignReviewers(input);
        checkConstraints(input, r);
        // float brute force: enumerate reviewer sets application by application
        let best: [number, number] = [-1, -1];
        const rem = [...caps];
        const go = (a: number, cov: number, tot: number) => {
          if (a === w.length) {
            if (cov > best[0] || (cov === best[0] && tot > best[1])) best = [cov, tot];
            return;
          }
          const cand = w[a].flatMap((x, e) => (x === null ? [] : [e]));
          const rec = (from: number, n: number, c: number, t: number) => {
            go(a + 1, c, t);
            if (n === k) return;
            for (let i = from; i < cand.length; i++) {
              const e = cand[i];
              if (rem[e] < 1) continue;
              rem[e]--;
              rec(i + 1, n + 1, c + 1, t + w[a][e]!);
              rem[e]++;
            }
          };
          rec(0, 0, cov, tot);
        };
        go(0, 0, 0);
        expect(r.pairs.length).toBe(best[0]);
        expect(Math.abs(r.totalAffinity - best[1])).toBeLessThan(1e-5);
      }),
      { numRuns: 200 },
    );
  });

  it('beats greedy where greedy is wrong', () => {
    const r = assignReviewers({
      applications: [{ id: 1 }, { id: 2 }],
      experts: [
        { id: 10, capacity: 1 },
        { id: 20, capacity: 1 },
      ],
      edges: [
        { applicationId: 1, expertId: 10, affinity: 0.9 },
        { applicationId: 1, expertId: 20, affinity: 0.8 },
        { applicationId: 2, expertId: 10, affinity: 0.85 },
        { applicationId: 2, expertId: 20, affinity: 0.1 },
      ],
      k: 1,
    });
    expect(r.pairs).toEqual([
      { applicationId: 1, expertId: 20, affinity: 0.8 },
      { applicationId: 2, expertId: 10, affinity: 0.85 },
    ]);
    expect(r.totalAffinity).toBeCloseTo(1.65, 12);
  });

  it('maximises coverage before affinity and never uses a conflicted pair', () => {
    // App 1 would love expert 10, but taking 10 would leave app 2 with nobody; (2, 20) is conflicted.
    const input: AssignmentInput = {
      applications: [{ id: 1 }, { id: 2 }],
      experts: [
        { id: 10, capacity: 1 },
        { id: 20, capacity: 1 },
      ],
      edges: [
        { applicationId: 1, expertId: 10, affinity: 1 },
        { applicationId: 1, expertId: 20, affinity: 0 },
        { applicationId: 2, expertId: 10, affinity: 0 },
      ],
      k: 1,
    };
    const r = assignReviewers(input);
    checkConstraints(input, r);
    expect(r.pairs.map((p) => [p.applicationId, p.expertId])).toEqual([
      [1, 20],
      [2, 10],
    ]);
    expect(r.uncovered).toEqual([]);
  });

  it('reports uncovered applications with the right reason', () => {
    const input: AssignmentInput = {
      applications: [{ id: 1 }, { id: 2 }, { id: 3 }],
      experts: [
        { id: 10, capacity: 1 },
        { id: 20, capacity: 1 },
        { id: 30, capacity: 0 },
      ],
      edges: [
        // app 1: two candidates but expert 30 has no capacity → only one usable → no-candidates
        { applicationId: 1, expertId: 10, affinity: 0.5 },
        { applicationId: 1, expertId: 30, affinity: 0.9 },
        // apps 2 and 3 both have 2 candidates, but capacity for only ... one of them to get 2
        { applicationId: 2, expertId: 10, affinity: 0.4 },
        { applicationId: 2, expertId: 20, affinity: 0.4 },
        { applicationId: 3, expertId: 10, affinity: 0.3 },
        { applicationId: 3, expertId: 20, affinity: 0.3 },
      ],
      k: 2,
    };
    const r = assignReviewers(input);
    checkConstraints(input, r);
    expect(r.pairs.length).toBe(2); // total capacity is 2
    const reasons = Object.fromEntries(r.uncovered.map((u) => [u.applicationId, u.reason]));
    expect(reasons[1]).toBe('no-candidates');
    expect(reasons[2]).toBe('capacity');
    expect(reasons[3]).toBe('capacity');
    expect(r.uncovered.reduce((t, u) => t + u.assigned, 0)).toBe(2);
  });

  it('is deterministic and independent of input order', () => {
    fc.assert(
      fc.property(smallArb, fc.integer(), fc.constantFrom<'total' | 'fair'>('total', 'fair'), (s, seed, mode) => {
        const input = toInput(s, mode);
        const shuffle = <T>(xs: T[]) => {
          const out = [...xs];
          let x = seed | 1;
          for (let i = out.length - 1; i > 0; i--) {
            x = (Math.imul(x, 1103515245) + 12345) | 0;
            const j = Math.abs(x) % (i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        };
        const shuffled = { ...input, applications: shuffle(input.applications), experts: shuffle(input.experts), edges: shuffle(input.edges) };
        expect(assignReviewers(shuffled)).toEqual(assignReviewers(input));
      }),
      { numRuns: 150 },
    );
  });

  it('rejects malformed input', () => {
    const base: AssignmentInput = { applications: [{ id: 1 }], experts: [{ id: 2, capacity: 1 }], edges: [], k: 1 };
    expect(() => assignReviewers({ ...base, k: -1 })).toThrow(RangeError);
    expect(() => assignReviewers({ ...base, edges: [{ applicationId: 1, expertId: 2, affinity: -0.1 }] })).toThrow(RangeError);
    expect(() => assignReviewers({ ...base, edges: [{ applicationId: 1, expertId: 99, affinity: 0.1 }] })).toThrow(RangeError);
    expect(() => assignReviewers({ ...base, experts: [{ id: 2, capacity: 1.5 }] })).toThrow(RangeError);
    expect(() => assignReviewers({ ...base, applications: [{ id: 1 }, { id: 1 }] })).toThrow(RangeError);
  });
});

describe('assignReviewers — minLoad', () => {
  it('meets a lower bound at the cost of affinity when that is possible', () => {
    const input: AssignmentInput = {
      applications: [{ id: 1 }, { id: 2 }],
      experts: [
        { id: 10, capacity: 2 },
        { id: 20, capacity: 2, minLoad: 1 },
      ],
      edges: [
        { applicationId: 1, expertId: 10, affinity: 0.9 },
        { applicationId: 2, expertId: 10, affinity: 0.9 },
        { applicationId: 1, expertId: 20, affinity: 0.1 },
        { applicationId: 2, expertId: 20, affinity: 0.2 },
      ],
      k: 1,
    };
    const r = assignReviewers(input);
    checkConstraints(input, r);
    expect(r.feasible).toBe(true);
    expect(r.pairs.map((p) => [p.applicationId, p.expertId])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(r.totalAffinity).toBeCloseTo(1.1, 12);
    // without the lower bound the optimum is 1.8
    expect(
      assignReviewers({
        ...input,
        experts: [
          { id: 10, capacity: 2 },
          { id: 20, capacity: 2 },
        ],
      }).totalAffinity,
    ).toBeCloseTo(1.8, 12);
  });

  it('reports infeasible lower bounds and names the expert, still meeting the others', () => {
    const input: AssignmentInput = {
      applications: [{ id: 1 }, { id: 2 }, { id: 3 }],
      experts: [
        { id: 10, capacity: 3 },
        { id: 20, capacity: 3, minLoad: 2 },
        { id: 30, capacity: 1, minLoad: 2 },
      ],
      edges: [
        { applicationId: 1, expertId: 10, affinity: 1 },
        { applicationId: 2, expertId: 10, affinity: 1 },
        { applicationId: 3, expertId: 10, affinity: 1 },
        { applicationId: 1, expertId: 20, affinity: 0 },
        { applicationId: 2, expertId: 20, affinity: 0 },
        { applicationId: 3, expertId: 30, affinity: 0 },
      ],
      k: 1,
    };
    const r = assignReviewers(input);
    checkConstraints(input, r);
    expect(r.feasible).toBe(false);
    expect(r.notes.some((n) => n.includes('expert 30') && n.includes('capacity below minLoad'))).toBe(true);
    expect(r.notes.some((n) => n.includes('expert 20'))).toBe(false); // 20's bound is still met
    expect(r.pairs.filter((p) => p.expertId === 20)).toHaveLength(2);
    expect(r.pairs.filter((p) => p.expertId === 30)).toHaveLength(1);
  });

  it('flags lower bounds that no assignment can meet (fewer candidate edges than minLoad)', () => {
    const r = assignReviewers({
      applications: [{ id: 1 }, { id: 2 }],
      experts: [
        { id: 10, capacity: 5, minLoad: 2 },
        { id: 20, capacity: 5 },
      ],
      edges: [
        { applicationId: 1, expertId: 10, affinity: 0.5 },
        { applicationId: 1, expertId: 20, affinity: 0.5 },
        { applicationId: 2, expertId: 20, affinity: 0.5 },
      ],
      k: 1,
    });
    expect(r.feasible).toBe(false);
    expect(r.notes.some((n) => n.startsWith('expert 10'))).toBe(true);
    expect(r.pairs.map((p) => [p.applicationId, p.expertId])).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });
});

describe('assignReviewers — fair mode', () => {
  it('equals the brute-force max-min (then max total) and is never less fair than total mode', () => {
    fc.assert(
      fc.property(smallArb, (s) => {
        const input = toInput(s, 'fair');
        const fair = assignReviewers(input);
        const total = assignReviewers({ ...input, mode: 'total' });
        checkConstraints(input, fair);
        const bf = bruteFair(s);
        expect(fair.pairs.length).toBe(bf.coverage);
        expect(fair.pairs.length).toBe(total.pairs.length);
        expect(fair.feasible).toBe(total.feasible);
        expect(units(fair.minApplicationAffinity)).toBeCloseTo(bf.maxMin, 6);
        expect(units(fair.totalAffinity)).toBeCloseTo(bf.total, 6);
        expect(fair.minApplicationAffinity).toBeGreaterThanOrEqual(total.minApplicationAffinity - 1e-12);
        expect(fair.totalAffinity).toBeLessThanOrEqual(total.totalAffinity + 1e-12);
        expect(fair.notes).toContain('fair: proven optimal (max-min application affinity, then total)');
      }),
      { numRuns: 300 },
    );
  });

  it('trades total affinity for the worst-served application', () => {
    // Total mode: (1,10) + (2,20) = 1.0 + 0.0 = 1.0, worst application 0.0.
    // Fair mode:  (1,20) + (2,10) = 0.3 + 0.3 = 0.6, worst application 0.3.
    const input: AssignmentInput = {
      applications: [{ id: 1 }, { id: 2 }],
      experts: [
        { id: 10, capacity: 1 },
        { id: 20, capacity: 1 },
      ],
      edges: [
        { applicationId: 1, expertId: 10, affinity: 1 },
        { applicationId: 1, expertId: 20, affinity: 0.3 },
        { applicationId: 2, expertId: 10, affinity: 0.3 },
        { applicationId: 2, expertId: 20, affinity: 0 },
      ],
      k: 1,
    };
    const total = assignReviewers(input);
    const fair = assignReviewers({ ...input, mode: 'fair' });
    expect(total.totalAffinity).toBeCloseTo(1.0, 12);
    expect(total.minApplicationAffinity).toBe(0);
    expect(fair.pairs.map((p) => [p.applicationId, p.expertId])).toEqual([
      [1, 20],
      [2, 10],
    ]);
    expect(fair.minApplicationAffinity).toBeCloseTo(0.3, 12);
    expect(fair.totalAffinity).toBeCloseTo(0.6, 12);
  });
});

// ---------------------------------------------------------------------------------------------

function largeInstance(nA: number, nE: number, K: number, k: number, seed: number, capLo = 1, capHi = 4, correlated = false): AssignmentInput {
  let x = seed >>> 0;
  const rnd = () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    x ^= x >>> 12;
    return (x >>> 0) / 2 ** 32;
  };
  const quality = Array.from({ length: nE }, () => rnd()); // correlated: some experts suit everybody
  const experts = Array.from({ length: nE }, (_, e) => ({
    id: e + 1,
    capacity: capLo + Math.floor(rnd() * (capHi - capLo + 1)),
    minLoad: rnd() < 0.1 ? 1 : 0,
  }));
  const edges: AssignmentInput['edges'] = [];
  for (let a = 0; a < nA; a++) {
    const chosen = new Set<number>();
    while (chosen.size < K) chosen.add(1 + Math.floor(rnd() * nE));
    for (const e of chosen) {
      const w = correlated ? 0.7 * quality[e - 1] + 0.3 * rnd() : rnd();
      edges.push({ applicationId: a + 1, expertId: e, affinity: Math.round(w * 1e4) / 1e4 });
    }
  }
  return { applications: Array.from({ length: nA }, (_, a) => ({ id: a + 1 })), experts, edges, k };
}

function timed<T>(f: () => T): [T, string] {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, `${(performance.now() - t0).toFixed(0)} ms wall / ${((c.user + c.system) / 1000).toFixed(0)} ms CPU`];
}

describe('assignReviewers — size', () => {
  it('300 applications × 500 experts × 20 candidates: constraints hold in both modes', () => {
    const input = largeInstance(300, 500, 20, 3, 12345);
    const [total, totalTime] = timed(() => assignReviewers(input));
    const [fair, fairTime] = timed(() => assignReviewers({ ...input, mode: 'fair' }));
    console.log(`assignment 300×500×K=20: total mode ${totalTime}; fair mode ${fairTime}`);
    console.log(
      `  total: Σ=${total.totalAffinity.toFixed(3)} min=${total.minApplicationAffinity.toFixed(3)}; fair: Σ=${fair.totalAffinity.toFixed(3)} min=${fair.minApplicationAffinity.toFixed(3)}; ${fair.notes.join(' | ')}`,
    );
    checkConstraints(input, total);
    checkConstraints(input, fair);
    expect(total.pairs.length).toBe(900);
    expect(fair.pairs.length).toBe(900);
    expect(total.feasible).toBe(true);
    expect(fair.feasible).toBe(true);
    expect(fair.minApplicationAffinity).toBeGreaterThanOrEqual(total.minApplicationAffinity);
    expect(fair.totalAffinity).toBeLessThanOrEqual(total.totalAffinity);
  }, 120_000);

  it('contended instances (popular experts, tight capacity): fair never loses coverage and is at least as fair', () => {
    for (const [nA, nE, K, lo, hi, seed] of [
      [100, 60, 8, 5, 5, 1],
      [120, 90, 10, 3, 4, 2],
      [60, 30, 6, 5, 6, 3],
    ] as const) {
      const input = largeInstance(nA, nE, K, 3, seed, lo, hi, true);
      const total = assignReviewers(input);
      const fair = assignReviewers({ ...input, mode: 'fair' });
      checkConstraints(input, total);
      checkConstraints(input, fair);
      expect(fair.pairs.length).toBe(total.pairs.length);
      expect(fair.feasible).toBe(total.feasible);
      expect(fair.minApplicationAffinity).toBeGreaterThanOrEqual(total.minApplicationAffinity);
      expect(fair.totalAffinity).toBeLessThanOrEqual(total.totalAffinity + 1e-9);
    }
  }, 120_000);
});

describe('affinity', () => {
  it('credits the GB/T 13745 hierarchy, best match per application code, averaged', () => {
    const kw: string[] = [];
    expect(affinity({ disciplines: ['5201010'], keywords: kw }, { disciplines: ['5201010'], keywords: kw })).toBeCloseTo(0.6, 12);
    expect(affinity({ disciplines: ['5201010'], keywords: kw }, { disciplines: ['5201020'], keywords: kw })).toBeCloseTo(0.36, 12);
    expect(affinity({ disciplines: ['5201010'], keywords: kw }, { disciplines: ['5202010'], keywords: kw })).toBeCloseTo(0.18, 12);
    expect(affinity({ disciplines: ['5201010'], keywords: kw }, { disciplines: ['520'], keywords: kw })).toBeCloseTo(0.18, 12);
    expect(affinity({ disciplines: ['5201010'], keywords: kw }, { disciplines: ['110'], keywords: kw })).toBe(0);
    // best per application code: (1.0 + 0.3) / 2
    expect(affinity({ disciplines: ['5201010', '1101020'], keywords: kw }, { disciplines: ['5201010', '52010', '1109910'], keywords: kw })).toBeCloseTo(
      0.6 * 0.65,
      12,
    );
  });
  it('adds keyword Jaccard after trimming and lower-casing', () => {
    expect(affinity({ disciplines: [], keywords: [' Graphene', 'catalysis'] }, { disciplines: [], keywords: ['graphene ', 'CATALYSIS', 'DFT'] })).toBeCloseTo(
      0.4 * (2 / 3),
      12,
    );
    expect(affinity({ disciplines: ['5201010'], keywords: ['x'] }, { disciplines: ['5201010'], keywords: ['X'] })).toBeCloseTo(1, 12);
    expect(affinity({ disciplines: [], keywords: [] }, { disciplines: [], keywords: [] })).toBe(0);
  });
});
