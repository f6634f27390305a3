/**
 * Reviewer assignment for research-call applications — a pure, dependency-free, deterministic solver.
 *
 * MODEL
 *   Applications a ∈ A each need k reviewers; experts e ∈ E review at most `capacity` applications
 *   and, optionally, at least `minLoad`. The caller passes only candidate edges (a, e) — typically the
 *   top-K experts per application — and every edge passed is conflict-free: a pair that is not in
 *   `edges` is never assigned, whatever happens. Each edge has an affinity w(a, e) ≥ 0.
 *
 * OBJECTIVE ('total' mode, the default) — lexicographic, solved exactly:
 *   1. coverage: maximise the number of assigned pairs (every application gets k reviewers whenever
 *      that is possible at all; otherwise as many as possible);
 *   2. minLoad: maximise Σ_e min(load_e, minLoad_e) — i.e. meet the experts' lower bounds whenever any
 *      assignment can. (There is never a trade-off between 1 and 2: augmenting s→t paths never lower an
 *      expert's load, so some maximum-coverage assignment also meets as many lower bounds as possible.)
 *   3. affinity: maximise Σ w(a, e) over assigned pairs.
 *   Solved as ONE min-cost max-flow: source →(cap k) application →(cap 1, cost W − w) expert →(sink,
 *   cap minLoad, cost 0) plus a parallel (cap capacity − minLoad, cost B) arc. Every unit of flow
 *   crosses exactly one application→expert arc, so on a maximum flow of value F the cost is
 *   F·W − Σw + B·(F − Σ min(load, minLoad)); with B larger than any affinity difference, min cost =
 *   objective above. Costs are integers (w scaled by 1e6 and rounded; the scale is lowered only if
 *   integers could exceed 2^53, and a note says so), all ≥ 0, so successive shortest paths run with
 *   Dijkstra + potentials from the start (Dijkstra stops when the sink is settled; potentials rise by
 *   min(dist, dist[sink]), which keeps reduced costs ≥ 0). SSP ends at a maximum flow of minimum cost,
 *   i.e. the exact optimum of 1–3 (up to the 1e-6 rounding of affinities).
 *
 * FAIRNESS ('fair' mode) — exact definition:
 *   Eligible applications = those with at least one candidate edge to an expert with capacity ≥ 1.
 *   For an assignment, tot(a) = Σ affinity of a's reviewers; minApplicationAffinity = min over eligible
 *   applications of tot(a) (an eligible application left with no reviewer counts as 0). Fair mode
 *   maximises, lexicographically, (coverage, minLoad satisfaction, min_a tot(a), Σ tot(a)) — the
 *   first two exactly as in 'total' mode, so fairness never costs coverage or lower bounds.
 *   Maximising min_a tot(a) contains max-min fair allocation (the "Santa Claus" problem: capacities 1,
 *   k ≥ |E|), which is NP-hard, so no flow formulation is exact. Method:
 *     1. raise the minimum: the 'total' optimum and min-cost flows re-weighted per application
 *        (multiplicative weights, applications below the mean gain weight; fixed iteration count),
 *        each improved by local search that lifts the worst application through reviewer
 *        replacements/swaps/chains without bringing any other application down to the current
 *        minimum and without lowering coverage or minLoad satisfaction. Best (min, total) kept → m.
 *     2. raise the total with every application ≥ m: freeze the stage-1 reviewer sets of applications
 *        that would fall below m, re-solve everybody else by the exact min-cost flow, repeat; then
 *        improving swaps that keep every application ≥ m. Never worse than stage 1.
 *     3. exact branch-and-bound (bounds: each remaining application's best k candidates that still
 *        have capacity) seeded with that solution, under a fixed work budget. If it finishes, the
 *        result is the proven optimum of the definition above (notes: "fair: proven optimal"); if not,
 *        notes give the upper bound min_a (best k candidates of a) and say whether it is met.
 *   Every candidate is a 'total'-mode-feasible solution and the 'total' optimum is one of them, so the
 *   fair result is never worse than the 'total' result on min tot(a).

 * UNCOVERED APPLICATIONS get fewer than k reviewers; reason 'no-candidates' if they have fewer than k
 * candidate experts with capacity ≥ 1 at all, else 'capacity' (their candidates are used by others).
 *
 * DETERMINISM: input is canonicalised (sorted by ids, duplicate edges merged keeping the highest
 * affinity), every loop runs in id order and heap ties break by node index, iteration counts and the
 * branch-and-bound budget are counts, not clocks. The same input in any order gives the same output.
 *
 * Complexity: one flow solve is O(F · E log V) (F = units of flow). 300 applications × 500 experts ×
 * 20 candidates (6,000 edges, 900 units) takes about 0.1 s of CPU in 'total' mode and about 1 s in
 * 'fair' mode (≈ 8 flow solves + local search + the bounded search).
 */

export interface AssignmentInput {
  applications: Array<{ id: number }>;
  experts: Array<{ id: number; capacity: number; minLoad?: number }>;
  edges: Array<{ applicationId: number; expertId: number; affinity: number }>; // conflict-free candidates only
  k: number;
  mode?: 'total' | 'fair';
}

export interface AssignmentResult {
  pairs: Array<{ applicationId: number; expertId: number; affinity: number }>;
  totalAffinity: number;
  perApplication: Array<{ applicationId: number; reviewers: number; affinity: number }>;
  /** min / mean of per-application total affinity over eligible applications (≥ 1 usable candidate); 0 if none */
  minApplicationAffinity: number;
  meanApplicationAffinity: number;
  load: { min: number; max: number; mean: number; stddev: number }; // over experts with capacity > 0
  uncovered: Array<{ applicationId: number; assigned: number; reason: 'no-candidates' | 'capacity' }>;
  feasible: boolean; // false if some minLoad could not be met (see `notes`)
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Affinity score
// ---------------------------------------------------------------------------------------------

/**
 * Affinity of an expert for an application, in [0, 1]:
 *   0.6 × discipline score + 0.4 × keyword Jaccard.
 * Discipline score: GB/T 13745 codes are hierarchical (3 digits = first level, 5 = second, 7 = third,
 * e.g. '520' ⊃ '52010' ⊃ '5201010'). For each application code, take the best credit over the
 * expert's codes — 1.0 if they share all 7 digits, 0.6 if they share the first 5, 0.3 if they share
 * the first 3, else 0 (a code only earns the credit of the deepest level both codes actually have,
 * so '52010' vs '52010' earns 0.6) — and average over the application's codes (0 if it has none).
 * Keywords: lower-cased and trimmed, empty ones dropped; |A ∩ B| / |A ∪ B| (0 if both are empty).
 */
export function affinity(app: { disciplines: string[]; keywords: string[] }, expert: { disciplines: string[]; keywords: string[] }): number {
  const appCodes = [...new Set(app.disciplines.map((d) => d.trim()).filter((d) => d !== ''))];
  const expCodes = [...new Set(expert.disciplines.map((d) => d.trim()).filter((d) => d !== ''))];
  let disc = 0;
  if (appCodes.length > 0) {
    let sum = 0;
    for (const a of appCodes) {
      let best = 0;
      for (const e of expCodes) best = Math.max(best, codeCredit(a, e));
      sum += best;
    }
    disc = sum / appCodes.length;
  }
  const norm = (ks: string[]) => new Set(ks.map((s) => s.trim().toLowerCase()).filter((s) => s !== ''));
  const ka = norm(app.keywords);
  const ke = norm(expert.keywords);
  let inter = 0;
  for (const w of ka) if (ke.has(w)) inter++;
  const union = ka.size + ke.size - inter;
  const kw = union === 0 ? 0 : inter / union;
  return 0.6 * disc + 0.4 * kw;
}

function codeCredit(a: string, b: string): number {
  if (a.length >= 7 && b.length >= 7 && a.slice(0, 7) === b.slice(0, 7)) return 1.0;
  if (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5)) return 0.6;
  if (a.length >= 3 && b.length >= 3 && a.slice(0, 3) === b.slice(0, 3)) return 0.3;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Canonical problem
// ---------------------------------------------------------------------------------------------

interface Problem {
  k: number;
  appIds: number[];
  expIds: number[];
  cap: Int32Array;
  minLoad: Int32Array;
  quota: Int32Array; // min(minLoad, capacity): the part of the lower bound the flow can satisfy
  // usable edges (expert capacity ≥ 1), sorted by (application, expert)
  eApp: Int32Array;
  eExp: Int32Array;
  eAff: Float64Array;
  eW: Float64Array; // integer-valued scaled affinity
  appEdges: number[][];
  candidates: Int32Array; // usable candidate experts per application
  eligible: Uint8Array;
  edgeAt: Map<number, number>; // app * nE + exp → edge index
  scale: number;
  fUpper: number;
}

const MAX_SAFE = 2 ** 52;

function canonicalise(input: AssignmentInput, notes: string[]): Problem {
  const { k } = input;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  const appIds = input.applications.map((a) => a.id).sort((x, y) => x - y);
  for (let i = 1; i < appIds.length; i++) if (appIds[i] === appIds[i - 1]) throw new RangeError(`duplicate application id ${appIds[i]}`);
  const experts = [...input.experts].sort((x, y) => x.id - y.id);
  for (let i = 1; i < experts.length; i++) if (experts[i].id === experts[i - 1].id) throw new RangeError(`duplicate expert id ${experts[i].id}`);
  const nA = appIds.length;
  const nE = experts.length;
  const appIndex = new Map(appIds.map((id, i) => [id, i]));
  const expIndex = new Map(experts.map((e, i) => [e.id, i]));
  const cap = new Int32Array(nE);
  const minLoad = new Int32Array(nE);
  const quota = new Int32Array(nE);
  experts.forEach((e, i) => {
    const ml = e.minLoad ?? 0;
    if (!Number.isInteger(e.capacity) || e.capacity < 0) throw new RangeError(`expert ${e.id}: capacity must be a non-negative integer`);
    if (!Number.isInteger(ml) || ml < 0) throw new RangeError(`expert ${e.id}: minLoad must be a non-negative integer`);
    cap[i] = e.capacity;
    minLoad[i] = ml;
    quota[i] = Math.min(ml, e.capacity);
  });

  // merge duplicate edges (keep the highest affinity), drop edges to experts without capacity
  const best = new Map<number, number>();
  let duplicates = 0;
  for (const ed of input.edges) {
    const a = appIndex.get(ed.applicationId);
    const e = expIndex.get(ed.expertId);
    if (a === undefined) throw new RangeError(`edge refers to unknown application ${ed.applicationId}`);
    if (e === undefined) throw new RangeError(`edge refers to unknown expert ${ed.expertId}`);
    if (!Number.isFinite(ed.affinity) || ed.affinity < 0)
      throw new RangeError(`edge (${ed.applicationId}, ${ed.expertId}): affinity must be a finite number ≥ 0`);
    const key = a * nE + e;
    const prev = best.get(key);
    if (prev !== undefined) {
      duplicates++;
      if (ed.affinity > prev) best.set(key, ed.affinity);
    } else best.set(key, ed.affinity);
  }
  if (duplicates > 0) notes.push(`${duplicates} duplicate edge(s) merged (highest affinity kept)`);
  const keys = [...best.keys()].filter((key) => cap[key % nE] > 0).sort((x, y) => x - y);
  const m = keys.length;
  const eApp = new Int32Array(m);
  const eExp = new Int32Array(m);
  const eAff = new Float64Array(m);
  const appEdges: number[][] = Array.from({ length: nA }, () => []);
  const edgeAt = new Map<number, number>();
  let maxAff = 0;
  keys.forEach((key, i) => {
    eApp[i] = Math.floor(key / nE);
    eExp[i] = key % nE;
    eAff[i] = best.get(key)!;
    maxAff = Math.max(maxAff, eAff[i]);
    appEdges[eApp[i]].push(i);
    edgeAt.set(key, i);
  });
  const candidates = new Int32Array(nA);
  const eligible = new Uint8Array(nA);
  for (let a = 0; a < nA; a++) {
    candidates[a] = appEdges[a].length;
    eligible[a] = appEdges[a].length > 0 ? 1 : 0;
  }

  // integer scale: keep every cost, potential and objective below 2^52
  let capSum = 0;
  for (let e = 0; e < nE; e++) capSum += cap[e];
  const fUpper = Math.min(nA * k, capSum);
  const V = nA + nE + 2;
  const hasQuota = quota.some((q) => q > 0);
  let scale = 1e6;
  const bound = (s: number) => {
    const wMax = Math.round(maxAff * s);
    return hasQuota ? (V + 2) * (fUpper + 1) * (wMax + 1) * 2 : (V + fUpper + 2) * (wMax + 1) * 2;
  };
  while (bound(scale) > MAX_SAFE && scale > 1e-300) scale /= 10;
  if (scale !== 1e6) notes.push(`affinities scaled by ${scale} instead of 1e6 to keep integer costs exact`);
  const eW = new Float64Array(m);
  for (let i = 0; i < m; i++) eW[i] = Math.round(eAff[i] * scale);

  return { k, appIds, expIds: experts.map((e) => e.id), cap, minLoad, quota, eApp, eExp, eAff, eW, appEdges, candidates, eligible, edgeAt, scale, fUpper };
}

// ---------------------------------------------------------------------------------------------
// Min-cost max-flow (successive shortest paths, Dijkstra with potentials)
// ---------------------------------------------------------------------------------------------

interface FlowOptions {
  cap?: Int32Array; // residual capacities (default P.cap)
  quota?: Int32Array; // residual lower-bound targets (default P.quota)
  skipApp?: Uint8Array; // applications left out (their assignment is fixed elsewhere)
}

/** Returns, for each edge, 1 if assigned. Lexicographic: max flow, max Σmin(load, quota), max Σ weight. */
function solveFlow(P: Problem, weight: Float64Array, opts: FlowOptions = {}): Uint8Array {
  const capE = opts.cap ?? P.cap;
  const quotaE = opts.quota ?? P.quota;
  const nA = P.appIds.length;
  const nE = P.expIds.length;
  const m = P.eApp.length;
  const S = 0;
  const T = nA + nE + 1;
  const V = T + 1;
  let wMax = 0;
  for (let i = 0; i < m; i++) wMax = Math.max(wMax, weight[i]);
  const hasQuota = quotaE.some((q) => q > 0);
  const B = hasQuota ? P.fUpper * wMax + 1 : 0;

  const maxArcs = 2 * (nA + m + 2 * nE);
  const to = new Int32Array(maxArcs);
  const rcap = new Int32Array(maxArcs);
  const cost = new Float64Array(maxArcs);
  const adj: number[][] = Array.from({ length: V }, () => []);
  let na = 0;
  const addArc = (u: number, v: number, c: number, w: number): number => {
    to[na] = v;
    rcap[na] = c;
    cost[na] = w;
    adj[u].push(na);
    na++;
    to[na] = u;
    rcap[na] = 0;
    cost[na] = -w;
    adj[v].push(na);
    na++;
    return na - 2;
  };
  for (let a = 0; a < nA; a++) addArc(S, 1 + a, opts.skipApp?.[a] ? 0 : P.k, 0);
  const arcOf = new Int32Array(m);
  for (let i = 0; i < m; i++) arcOf[i] = addArc(1 + P.eApp[i], 1 + nA + P.eExp[i], 1, wMax - weight[i]);
  for (let e = 0; e < nE; e++) {
    const q = Math.min(quotaE[e], capE[e]);
    if (q > 0) addArc(1 + nA + e, T, q, 0);
    if (capE[e] - q > 0) addArc(1 + nA + e, T, capE[e] - q, B);
  }
  // flatten adjacency (CSR) for speed
  const start = new Int32Array(V + 1);
  for (let v = 0; v < V; v++) start[v + 1] = start[v] + adj[v].length;
  const arcs = new Int32Array(start[V]);
  for (let v = 0; v < V; v++) arcs.set(adj[v], start[v]);

  const h = new Float64Array(V); // potentials; all costs ≥ 0 initially
  const dist = new Float64Array(V);
  const done = new Uint8Array(V);
  // binary heap of (distance, node), lazy deletion, ties by node index
  const heapD = new Float64Array(arcs.length + V + 1);
  const heapV = new Int32Array(arcs.length + V + 1);
  let hn = 0;
  const less = (d1: number, v1: number, d2: number, v2: number) => d1 < d2 || (d1 === d2 && v1 < v2);
  const push = (d: number, v: number) => {
    let i = hn++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(d, v, heapD[p], heapV[p])) break;
      heapD[i] = heapD[p];
      heapV[i] = heapV[p];
      i = p;
    }
    heapD[i] = d;
    heapV[i] = v;
  };
  const pop = () => {
    const d = heapD[--hn],
      v = heapV[hn];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= hn) break;
      const c = l + 1 < hn && less(heapD[l + 1], heapV[l + 1], heapD[l], heapV[l]) ? l + 1 : l;
      if (!less(heapD[c], heapV[c], d, v)) break;
      heapD[i] = heapD[c];
      heapV[i] = heapV[c];
      i = c;
    }
    heapD[i] = d;
    heapV[i] = v;
  };
  const prevArc = new Int32Array(V);

  for (;;) {
    // Dijkstra on reduced costs, stopped once the sink is settled; potentials are raised by
    // min(dist, dist[T]), which keeps every residual reduced cost ≥ 0.
    dist.fill(Infinity);
    done.fill(0);
    dist[S] = 0;
    hn = 0;
    push(0, S);
    while (hn > 0) {
      const d = heapD[0],
        u = heapV[0];
      pop();
      if (done[u]) continue;
      done[u] = 1;
      if (u === T) break;
      for (let p = start[u]; p < start[u + 1]; p++) {
        const a = arcs[p];
        if (rcap[a] <= 0) continue;
        const v = to[a];
        if (done[v]) continue;
        const nd = d + cost[a] + h[u] - h[v];
        if (nd < dist[v]) {
          dist[v] = nd;
          prevArc[v] = a;
          push(nd, v);
        }
      }
    }
    if (dist[T] === Infinity) break;
    const D = dist[T];
    for (let v = 0; v < V; v++) h[v] += dist[v] < D ? dist[v] : D;
    // augment along the shortest path found
    let d = Infinity;
    for (let v = T; v !== S; v = to[prevArc[v] ^ 1]) d = Math.min(d, rcap[prevArc[v]]);
    for (let v = T; v !== S; v = to[prevArc[v] ^ 1]) {
      rcap[prevArc[v]] -= d;
      rcap[prevArc[v] ^ 1] += d;
    }
  }
  const sel = new Uint8Array(m);
  for (let i = 0; i < m; i++) sel[i] = rcap[arcOf[i]] === 0 ? 1 : 0;
  return sel;
}

// ---------------------------------------------------------------------------------------------
// Evaluation helpers (integer affinities)
// ---------------------------------------------------------------------------------------------

interface Score {
  coverage: number;
  quota: number;
  min: number;
  total: number;
}

function evaluate(P: Problem, sel: Uint8Array): Score {
  const nA = P.appIds.length;
  const tot = new Float64Array(nA);
  const load = new Int32Array(P.expIds.length);
  let coverage = 0,
    total = 0;
  for (let i = 0; i < sel.length; i++) {
    if (!sel[i]) continue;
    coverage++;
    tot[P.eApp[i]] += P.eW[i];
    total += P.eW[i];
    load[P.eExp[i]]++;
  }
  let min = Infinity;
  for (let a = 0; a < nA; a++) if (P.eligible[a]) min = Math.min(min, tot[a]);
  let quota = 0;
  for (let e = 0; e < load.length; e++) quota += Math.min(load[e], P.quota[e]);
  return { coverage, quota, min: min === Infinity ? 0 : min, total };
}

const fairBetter = (x: Score, y: Score) => x.min > y.min || (x.min === y.min && x.total > y.total);

// ---------------------------------------------------------------------------------------------
// Fair mode: local search
// ---------------------------------------------------------------------------------------------

class State {
  readonly rev: number[][]; // selected edge indices per application
  readonly holders: number[][]; // selected edge indices per expert
  readonly load: Int32Array;
  readonly tot: Float64Array;
  constructor(
    readonly P: Problem,
    sel: Uint8Array,
  ) {
    const nA = P.appIds.length,
      nE = P.expIds.length;
    this.rev = Array.from({ length: nA }, () => []);
    this.holders = Array.from({ length: nE }, () => []);
    this.load = new Int32Array(nE);
    this.tot = new Float64Array(nA);
    for (let i = 0; i < sel.length; i++) if (sel[i]) this.add(i);
  }
  has(a: number, e: number): boolean {
    const i = this.P.edgeAt.get(a * this.P.expIds.length + e);
    return i !== undefined && this.rev[a].includes(i);
  }
  edge(a: number, e: number): number {
    return this.P.edgeAt.get(a * this.P.expIds.length + e) ?? -1;
  }
  add(i: number) {
    const a = this.P.eApp[i],
      e = this.P.eExp[i];
    this.rev[a].push(i);
    this.holders[e].push(i);
    this.load[e]++;
    this.tot[a] += this.P.eW[i];
  }
  remove(i: number) {
    const a = this.P.eApp[i],
      e = this.P.eExp[i];
    this.rev[a].splice(this.rev[a].indexOf(i), 1);
    this.holders[e].splice(this.holders[e].indexOf(i), 1);
    this.load[e]--;
    this.tot[a] -= this.P.eW[i];
  }
  /** change of Σ min(load, quota) if expert e's load changes by d */
  dq(e: number, d: number): number {
    const q = this.P.quota[e];
    return Math.min(this.load[e] + d, q) - Math.min(this.load[e], q);
  }
  free(e: number): boolean {
    return this.load[e] < this.P.cap[e];
  }
  selection(): Uint8Array {
    const sel = new Uint8Array(this.P.eApp.length);
    for (const r of this.rev) for (const i of r) sel[i] = 1;
    return sel;
  }
}

interface Move {
  gain: number;
  remove: number[];
  add: number[];
}

/** Raise the worst eligible application while every other touched application stays above the old minimum. */
function raiseMinimum(P: Problem, st: State, maxIter: number) {
  const nA = P.appIds.length;
  for (let iter = 0; iter < maxIter; iter++) {
    let w = -1;
    for (let a = 0; a < nA; a++) if (P.eligible[a] && (w < 0 || st.tot[a] < st.tot[w])) w = a;
    if (w < 0) return;
    const m = st.tot[w];
    const best: Move = { gain: 0, remove: [], add: [] };
    const consider = (gain: number, remove: number[], add: number[]) => {
      if (gain > best.gain) {
        best.gain = gain;
        best.remove = remove;
        best.add = add;
      }
    };
    // (w taking a reviewer without giving one back would be an augmenting path: impossible at max flow)
    for (const j of P.appEdges[w]) {
      const e2 = P.eExp[j];
      if (st.has(w, e2)) continue;
      for (const r of [...st.rev[w]]) {
        const newW = m - P.eW[r] + P.eW[j];
        if (newW <= m) continue;
        const er = P.eExp[r];
        // replace r by e2, which has spare capacity
        if (st.free(e2) && st.dq(er, -1) + st.dq(e2, +1) >= 0) consider(newW - m, [r], [j]);
        // take e2 from another application b, which gets er (swap) or a free expert e3 (chain)
        for (const jb of st.holders[e2]) {
          const b = P.eApp[jb];
          if (b === w) continue;
          const baseB = st.tot[b] - P.eW[jb];
          const k2 = st.edge(b, er);
          if (k2 >= 0 && !st.has(b, er) && baseB + P.eW[k2] > m) consider(newW - m, [r, jb], [j, k2]);
          for (const k3 of P.appEdges[b]) {
            const e3 = P.eExp[k3];
            if (e3 === e2 || e3 === er || st.has(b, e3) || !st.free(e3)) continue;
            if (baseB + P.eW[k3] <= m || st.dq(er, -1) + st.dq(e3, +1) < 0) continue;
            consider(newW - m, [r, jb], [j, k3]);
          }
        }
      }
    }
    if (best.gain <= 0) return;
    for (const i of best.remove) st.remove(i);
    for (const i of best.add) st.add(i);
  }
}

/** Raise the total without letting any eligible application drop below `floor` or lowering quota. */
function raiseTotal(P: Problem, st: State, floor: number, maxPasses: number) {
  const nA = P.appIds.length;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let a = 0; a < nA; a++) {
      for (const r of [...st.rev[a]]) {
        if (!st.rev[a].includes(r)) continue;
        const er = P.eExp[r];
        for (const j of P.appEdges[a]) {
          const e2 = P.eExp[j];
          if (P.eW[j] <= P.eW[r] || st.has(a, e2)) continue;
          // replace with a free expert
          if (st.free(e2) && st.dq(er, -1) + st.dq(e2, +1) >= 0) {
            st.remove(r);
            st.add(j);
            improved = true;
            break;
          }
          // swap with b: a gets e2 from b, b gets er
          let done = false;
          for (const jb of st.holders[e2]) {
            const b = P.eApp[jb];
            if (b === a) continue;
            const k2 = st.edge(b, er);
            if (k2 < 0 || st.has(b, er)) continue;
            const gain = P.eW[j] - P.eW[r] + P.eW[k2] - P.eW[jb];
            if (gain <= 0 || st.tot[b] - P.eW[jb] + P.eW[k2] < floor) continue;
            st.remove(r);
            st.remove(jb);
            st.add(j);
            st.add(k2);
            improved = true;
            done = true;
            break;
          }
          if (done) break;
        }
      }
    }
    if (!improved) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Fair mode: exact branch-and-bound under a work budget
// ---------------------------------------------------------------------------------------------

function branchAndBound(P: Problem, target: { coverage: number; quota: number }, incumbent: { sel: Uint8Array; score: Score }, budget: number) {
  const nA = P.appIds.length,
    nE = P.expIds.length,
    k = P.k;
  const byW = P.appEdges.map((es) => [...es].sort((x, y) => P.eW[y] - P.eW[x] || P.eExp[x] - P.eExp[y]));
  const rem = Int32Array.from(P.cap);
  const load = new Int32Array(nE);
  const sel = new Uint8Array(P.eApp.length);
  let bestSel = incumbent.sel;
  let bestMin = incumbent.score.min,
    bestTot = incumbent.score.total;
  let work = 0;
  let aborted = false;

  const search = (i: number, cov: number, curMin: number, curTot: number): void => {
    if (aborted) return;
    if (i === nA) {
      work += nE;
      let q = 0;
      for (let e = 0; e < nE; e++) q += Math.min(load[e], P.quota[e]);
      const mn = curMin === Infinity ? 0 : curMin;
      if (cov === target.coverage && q === target.quota && (mn > bestMin || (mn === bestMin && curTot > bestTot))) {
        bestMin = mn;
        bestTot = curTot;
        bestSel = sel.slice();
      }
      return;
    }
    let covUB = cov,
      minUB = curMin,
      totUB = curTot;
    for (let j = i; j < nA; j++) {
      let c = 0,
        s = 0;
      for (const x of byW[j]) {
        work++;
        if (rem[P.eExp[x]] > 0) {
          s += P.eW[x];
          if (++c === k) break;
        }
      }
      covUB += c;
      totUB += s;
      if (P.eligible[j]) minUB = Math.min(minUB, s);
    }
    if (work > budget) {
      aborted = true;
      return;
    }
    if (covUB < target.coverage) return;
    const mUB = minUB === Infinity ? 0 : minUB;
    if (mUB < bestMin || (mUB === bestMin && totUB <= bestTot)) return;
    const avail = byW[i].filter((x) => rem[P.eExp[x]] > 0);
    const pick = (size: number, from: number, left: number, tot: number): void => {
      if (aborted) return;
      if (left === 0) {
        search(i + 1, cov + size, P.eligible[i] ? Math.min(curMin, tot) : curMin, curTot + tot);
        return;
      }
      for (let x = from; x <= avail.length - left; x++) {
        if (++work > budget) {
          aborted = true;
          return;
        }
        const ed = avail[x];
        rem[P.eExp[ed]]--;
        load[P.eExp[ed]]++;
        sel[ed] = 1;
        pick(size, x + 1, left - 1, tot + P.eW[ed]);
        rem[P.eExp[ed]]++;
        load[P.eExp[ed]]--;
        sel[ed] = 0;
      }
    };
    for (let s = Math.min(k, avail.length); s >= 0; s--) pick(s, 0, s, 0);
  };
  search(0, 0, Infinity, 0);
  return { sel: bestSel, proven: !aborted };
}

// ---------------------------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------------------------

const LAGRANGE_ITERATIONS = 6;
const FREEZE_ROUNDS = 8;
const RAISE_TOTAL_PASSES = 50;
const BNB_BUDGET = 4_000_000;

function solveFair(P: Problem, base: Uint8Array, notes: string[]): Uint8Array {
  const nA = P.appIds.length;
  const baseScore = evaluate(P, base);
  const target = { coverage: baseScore.coverage, quota: baseScore.quota };
  const valid = (sc: Score) => sc.coverage === target.coverage && sc.quota === target.quota;
  const maxIter = 4 * nA * Math.max(1, P.k) + 10;
  let bestSel = base;
  let best = baseScore;
  const offer = (sel: Uint8Array) => {
    const sc = evaluate(P, sel);
    if (valid(sc) && fairBetter(sc, best)) {
      best = sc;
      bestSel = sel;
    }
  };

  // Stage 1 — raise the minimum: total optimum and re-weighted optima, each improved by local search.
  const lam = new Float64Array(nA).fill(1);
  for (let it = 0; it < LAGRANGE_ITERATIONS; it++) {
    const cur =
      it === 0
        ? base
        : solveFlow(
            P,
            Float64Array.from(P.eW, (w, i) => Math.round(w * lam[P.eApp[i]])),
          );
    const st = new State(P, cur);
    raiseMinimum(P, st, maxIter);
    offer(st.selection());
    const tot = new Float64Array(nA);
    for (let i = 0; i < cur.length; i++) if (cur[i]) tot[P.eApp[i]] += P.eW[i];
    let sum = 0,
      n = 0;
    for (let a = 0; a < nA; a++)
      if (P.eligible[a]) {
        sum += tot[a];
        n++;
      }
    const mean = n > 0 ? sum / n : 0;
    let mx = 0;
    for (let a = 0; a < nA; a++) {
      if (P.eligible[a]) lam[a] *= Math.exp((-2 * (tot[a] - mean)) / Math.max(mean, 1));
      mx = Math.max(mx, lam[a]);
    }
    for (let a = 0; a < nA; a++) lam[a] = Math.max(lam[a] / mx, 1e-3);
  }

  // Stage 2 — raise the total while every application keeps ≥ m: keep the stage-1 reviewer sets of the
  // applications that would fall below m ("frozen") and re-optimise everybody else by min-cost flow;
  // repeat until no unfrozen application falls below m. The result is never worse than stage 1.
  const m = best.min;
  const ref = bestSel;
  const frozen = new Uint8Array(nA);
  for (let round = 0; round < FREEZE_ROUNDS; round++) {
    const cap = Int32Array.from(P.cap);
    const quota = Int32Array.from(P.quota);
    for (let i = 0; i < ref.length; i++) {
      if (!ref[i] || !frozen[P.eApp[i]]) continue;
      cap[P.eExp[i]]--;
      quota[P.eExp[i]] = Math.max(0, quota[P.eExp[i]] - 1);
    }
    const rest = round === 0 ? base : solveFlow(P, P.eW, { cap, quota, skipApp: frozen });
    const cand = new Uint8Array(ref.length);
    const tot = new Float64Array(nA);
    for (let i = 0; i < ref.length; i++) {
      cand[i] = frozen[P.eApp[i]] ? ref[i] : rest[i];
      if (cand[i]) tot[P.eApp[i]] += P.eW[i];
    }
    let low = 0;
    for (let a = 0; a < nA; a++)
      if (P.eligible[a] && !frozen[a] && tot[a] < m) {
        frozen[a] = 1;
        low++;
      }
    if (low === 0) {
      offer(cand);
      break;
    }
  }
  const st = new State(P, bestSel);
  raiseTotal(P, st, best.min, RAISE_TOTAL_PASSES);
  offer(st.selection());

  // Stage 3 — exact branch-and-bound seeded with the best solution, under a fixed work budget.
  const bb = branchAndBound(P, target, { sel: bestSel, score: best }, BNB_BUDGET);
  const fin = evaluate(P, bb.sel);
  let upper = Infinity; // min over eligible applications of their best k candidates
  for (let a = 0; a < nA; a++) {
    if (!P.eligible[a]) continue;
    const ws = P.appEdges[a].map((i) => P.eW[i]).sort((x, y) => y - x);
    upper = Math.min(
      upper,
      ws.slice(0, P.k).reduce((t, w) => t + w, 0),
    );
  }
  if (bb.proven) notes.push(FAIR_PROVEN);
  else if (fin.min >= upper)
    notes.push('fair: min application affinity proven optimal (meets the upper bound); total among such assignments is heuristic (search budget exhausted)');
  else notes.push(`fair: heuristic (search budget exhausted): min application affinity ${fin.min / P.scale}, upper bound ${upper / P.scale}`);
  return bb.sel;
}

const FAIR_PROVEN = 'fair: proven optimal (max-min application affinity, then total)';

export function assignReviewers(input: AssignmentInput): AssignmentResult {
  const notes: string[] = [];
  const P = canonicalise(input, notes);
  const mode = input.mode ?? 'total';
  const nA = P.appIds.length,
    nE = P.expIds.length;

  let sel = solveFlow(P, P.eW);
  if (mode === 'fair') {
    if (P.eApp.length > 0 && P.k > 0) sel = solveFair(P, sel, notes);
    else notes.push(FAIR_PROVEN);
  }

  // ---- report ----
  const pairs: AssignmentResult['pairs'] = [];
  const appTot = new Float64Array(nA);
  const appCnt = new Int32Array(nA);
  const load = new Int32Array(nE);
  let totalAffinity = 0;
  for (let i = 0; i < sel.length; i++) {
    if (!sel[i]) continue;
    const a = P.eApp[i],
      e = P.eExp[i];
    pairs.push({ applicationId: P.appIds[a], expertId: P.expIds[e], affinity: P.eAff[i] });
    appTot[a] += P.eAff[i];
    appCnt[a]++;
    load[e]++;
    totalAffinity += P.eAff[i];
  }
  const perApplication = P.appIds.map((id, a) => ({ applicationId: id, reviewers: appCnt[a], affinity: appTot[a] }));
  let minApp = Infinity,
    eligibleCount = 0,
    eligibleSum = 0;
  for (let a = 0; a < nA; a++) {
    if (!P.eligible[a]) continue;
    eligibleCount++;
    eligibleSum += appTot[a];
    minApp = Math.min(minApp, appTot[a]);
  }
  const uncovered: AssignmentResult['uncovered'] = [];
  for (let a = 0; a < nA; a++) {
    if (appCnt[a] < P.k) uncovered.push({ applicationId: P.appIds[a], assigned: appCnt[a], reason: P.candidates[a] < P.k ? 'no-candidates' : 'capacity' });
  }
  if (uncovered.length > 0) notes.push(`${uncovered.length} application(s) got fewer than ${P.k} reviewers`);
  const loads: number[] = [];
  for (let e = 0; e < nE; e++) if (P.cap[e] > 0) loads.push(load[e]);
  const mean = loads.length ? loads.reduce((s, x) => s + x, 0) / loads.length : 0;
  const stddev = loads.length ? Math.sqrt(loads.reduce((s, x) => s + (x - mean) ** 2, 0) / loads.length) : 0;
  let feasible = true;
  for (let e = 0; e < nE; e++) {
    if (load[e] >= P.minLoad[e]) continue;
    feasible = false;
    const why = P.cap[e] < P.minLoad[e] ? ' (capacity below minLoad)' : '';
    notes.push(`expert ${P.expIds[e]}: minLoad ${P.minLoad[e]} not met, load ${load[e]}${why}`);
  }
  return {
    pairs,
    totalAffinity,
    perApplication,
    minApplicationAffinity: minApp === Infinity ? 0 : minApp,
    meanApplicationAffinity: eligibleCount ? eligibleSum / eligibleCount : 0,
    load: { min: loads.length ? Math.min(...loads) : 0, max: loads.length ? Math.max(...loads) : 0, mean, stddev },
    uncovered,
    feasible,
    notes,
  };
}
