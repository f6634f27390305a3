// Supply–demand matching (供需对接, Decision art. 8). For a demand: ranked results, service
// institutions and experts; for a result: ranked demands. The score is lexical relevance (BM25 over
// the jieba postings, the source listing's own weighted terms as the query) plus overlap of GB/T
// 13745 fields and IPC classes, maturity (TRL) and region; every match says why.
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import { splitList, tokens } from '../../platform/text';
import { transferInstitutions } from '../vouchers/providers.service';
import { availableExperts } from '../calls/experts.service';
import * as repo from './listings.repository';
import type { ListingKind } from './listings.repository';
import { indexTerms, views, listingRow } from './listings.service';

/** Weights of the parts of a match's score (they add up to 1). */
export const MATCH_WEIGHTS = { lexical: 0.6, field: 0.12, ipc: 0.18, maturity: 0.05, region: 0.05 };
/** Terms in more than this share of the other side's listings say little and cost much: left out. */
const COMMON_SHARE = 0.15;
const QUERY_TERMS = 16;
const CANDIDATES = 200;

export interface MatchReason {
  sharedTerms: string[];
  sharedFields: string[];
  sharedIpc: string[];
  trl: number | null;
  sameJurisdiction: boolean;
  parts: { lexical: number; field: number; ipc: number; maturity: number; region: number };
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Field overlap: 1 for a shared second-level code (5 digits), 0.6 for a shared first level (3). */
function fieldOverlap(a: string[], b: string[]): { score: number; shared: string[] } {
  let score = 0;
  const shared = new Set<string>();
  for (const x of a)
    for (const y of b) {
      if (x.length >= 5 && y.length >= 5 && x.slice(0, 5) === y.slice(0, 5)) {
        score = 1;
        shared.add(x.slice(0, 5));
      } else if (x.slice(0, 3) === y.slice(0, 3)) {
        score = Math.max(score, 0.6);
        shared.add(x.slice(0, 3));
      }
    }
  return { score, shared: [...shared] };
}

/** IPC overlap: 1 for a shared main group (G06F 16), 0.7 for a shared subclass (G06F), 0.3 for a class (G06). */
function ipcOverlap(a: string[], b: string[]): { score: number; shared: string[] } {
  let score = 0;
  const shared = new Set<string>();
  const group = (s: string) => s.split('/')[0];
  for (const x of a)
    for (const y of b) {
      if (x.includes(' ') && y.includes(' ') && group(x) === group(y)) {
        score = 1;
        shared.add(group(x));
      } else if (x.slice(0, 4) === y.slice(0, 4)) {
        score = Math.max(score, 0.7);
        shared.add(x.slice(0, 4));
      } else if (x.slice(0, 3) === y.slice(0, 3)) {
        score = Math.max(score, 0.3);
        shared.add(x.slice(0, 3));
      }
    }
  return { score, shared: [...shared] };
}

/** The source listing's weighted query terms against the other side's corpus, most telling first. */
async function queryOf(deps: Deps, source: any, target: ListingKind) {
  // The listing's own words; its owner's name says nothing of the technology.
  const tf = indexTerms({ ...source, owner_name: '' });
  const stats = await repo.corpusStats(deps.db.db, target);
  const n = Math.max(1, stats.docs);
  const cap = Math.max(20, Math.floor(n * COMMON_SHARE));
  // Numbers (100, 1000, 2027) match by accident, not by technology, and single characters say
  // little: neither is looked up. Frequencies are read by key from listing_term_df.
  const usable = [...tf.keys()].filter((t) => [...t].length >= 2 && !/^[\d.]+$/.test(t));
  const df = await repo.documentFrequencies(deps.db.db, target, usable);
  const terms = [...tf]
    .filter(([t]) => (df.get(t) ?? 0) > 0 && df.get(t)! <= cap)
    .map(([term, weight]) => {
      const d = df.get(term)!;
      return { term, df: d, weight: Math.min(weight, 6), idf: Math.log(1 + (n - d + 0.5) / (d + 0.5)) };
    })
    .sort((a, b) => b.weight * b.idf - a.weight * a.idf || a.term.localeCompare(b.term))
    .slice(0, QUERY_TERMS);
  return { terms };
}

async function rankListings(deps: Deps, source: any, target: ListingKind, limit: number) {
  const { terms } = await queryOf(deps, source, target);
  const srcIpc = splitList(source.ipc_codes);
  const [lexical, byIpc] = await Promise.all([
    repo.lexicalCandidates(deps.db.db, target, terms, CANDIDATES),
    repo.byIpcSubclass(deps.db.db, target, [...new Set(srcIpc.map((s) => s.slice(0, 4)))], 50),
  ]);
  const ids = [...new Set([...lexical, ...byIpc])].filter((id) => id !== Number(source.id));
  // Every candidate scored with every word, and the words it shares: one read of their postings.
  const [rows, posts] = await Promise.all([
    repo.byIds(deps.db.db, ids),
    repo.postingsFor(
      deps.db.db,
      target,
      terms.map((t) => t.term),
      ids,
    ),
  ]);
  const published = rows.filter((r) => r.status === 'published');
  const factor = new Map(terms.map((t) => [t.term, (t.idf * t.weight) / 1000]));
  const raw = new Map<number, number>();
  const shared = new Map<number, string[]>();
  // Summed in one order on both engines (floating point).
  posts.sort((a, b) => a.listingId - b.listingId || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  for (const p of posts) {
    raw.set(p.listingId, (raw.get(p.listingId) ?? 0) + factor.get(p.term)! * p.w);
    const list = shared.get(p.listingId) ?? [];
    list.push(p.term);
    shared.set(p.listingId, list);
  }
  const maxRaw = Math.max(1e-9, ...published.map((r) => raw.get(Number(r.id)) ?? 0));
  const weightOf = new Map(terms.map((t) => [t.term, t.weight * t.idf]));
  const srcFields = splitList(source.fields);
  const shown = new Map((await views(deps, published)).map((v) => [v.id, v]));
  const scored = published.map((r) => {
    const lex = (raw.get(Number(r.id)) ?? 0) / maxRaw;
    const fo = fieldOverlap(srcFields, splitList(r.fields));
    const io = ipcOverlap(srcIpc, splitList(r.ipc_codes));
    const result = target === 'result' ? r : source;
    const trl = result.trl === null || result.trl === undefined ? null : Number(result.trl);
    const maturity = trl === null ? 0.3 : trl / 9;
    const same = r.jurisdiction_code === source.jurisdiction_code;
    const parts = {
      lexical: round(lex * MATCH_WEIGHTS.lexical),
      field: round(fo.score * MATCH_WEIGHTS.field),
      ipc: round(io.score * MATCH_WEIGHTS.ipc),
      maturity: round(maturity * MATCH_WEIGHTS.maturity),
      region: round((same ? 1 : 0.5) * MATCH_WEIGHTS.region),
    };
    const score = round(parts.lexical + parts.field + parts.ipc + parts.maturity + parts.region);
    const reason: MatchReason = {
      sharedTerms: (shared.get(Number(r.id)) ?? []).sort((a, b) => (weightOf.get(b) ?? 0) - (weightOf.get(a) ?? 0)).slice(0, 8),
      sharedFields: fo.shared,
      sharedIpc: io.shared,
      trl,
      sameJurisdiction: same,
      parts,
    };
    return { listing: shown.get(Number(r.id))!, score, reason };
  });
  // Classification alone, with no word in common, is a weak match: kept only when nothing better.
  scored.sort((a, b) => b.score - a.score || a.listing.id - b.listing.id);
  return { query: terms.map((t) => t.term), terms, items: scored.slice(0, limit) };
}

/** Scores small candidate sets (institutions, experts) held in memory by shared query terms. */
function rankTexts<T>(
  terms: Array<{ term: string; weight: number; idf: number }>,
  candidates: Array<{ item: T; text: string; fields: string[]; jurisdictionCode: string }>,
  srcFields: string[],
  srcJurisdiction: string,
  limit: number,
) {
  const weightOf = new Map(terms.map((t) => [t.term, t.weight * t.idf]));
  const total = [...weightOf.values()].reduce((a, b) => a + b, 0) || 1;
  return candidates
    .map((c) => {
      const toks = new Set(tokens(c.text));
      const shared = terms.filter((t) => toks.has(t.term)).map((t) => t.term);
      const lex = Math.min(1, (shared.reduce((a, t) => a + weightOf.get(t)!, 0) / total) * 3);
      const fo = fieldOverlap(srcFields, c.fields);
      const same = c.jurisdictionCode === srcJurisdiction;
      const score = round(0.75 * lex + 0.15 * fo.score + 0.1 * (same ? 1 : 0.5));
      return { item: c.item, score, reason: { sharedTerms: shared.slice(0, 8), sharedFields: fo.shared, sameJurisdiction: same } };
    })
    .filter((x) => x.reason.sharedTerms.length > 0 || x.reason.sharedFields.length > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

export async function matchesForDemand(deps: Deps, id: number, opts: { limit?: number } = {}) {
  const d = await listingRow(deps.db.db, id);
  if (!d || d.kind !== 'demand' || d.status === 'draft') throw notFound({ zh: '技术需求', en: 'demand' }, id);
  const limit = opts.limit ?? 20;
  const [results, institutions, experts] = await Promise.all([rankListings(deps, d, 'result', limit), transferInstitutions(deps), availableExperts(deps)]);
  const q = { terms: results.terms };
  const srcFields = splitList(d.fields);
  return {
    demandId: id,
    query: results.query,
    results: results.items,
    institutions: rankTexts(
      q.terms,
      institutions.map((i) => ({
        item: i,
        text: [i.name, i.description, ...i.products.map((p) => `${p.name} ${p.description}`)].join(' '),
        fields: [],
        jurisdictionCode: i.jurisdictionCode,
      })),
      srcFields,
      d.jurisdiction_code,
      10,
    ),
    experts: rankTexts(
      q.terms,
      experts.map((e) => ({ item: e, text: [e.title, e.keywords.join(' '), e.bio].join(' '), fields: e.disciplines, jurisdictionCode: e.jurisdictionCode })),
      srcFields,
      d.jurisdiction_code,
      10,
    ),
  };
}

export async function matchesForResult(deps: Deps, id: number, opts: { limit?: number } = {}) {
  const r = await listingRow(deps.db.db, id);
  if (!r || r.kind !== 'result' || r.status === 'draft') throw notFound({ zh: '科技成果', en: 'result' }, id);
  const demands = await rankListings(deps, r, 'demand', opts.limit ?? 20);
  return { resultId: id, query: demands.query, demands: demands.items };
}
