// relevance: how well the matcher ranks results for a demand, on every labelled set, with the
// simple baselines beside each figure (issue 14: a figure is never read alone).
//
// Sets (bench/data):
// - own           transfer-eval.json as written (its demands carry keywords, IPC classes, fields);
// - own, text     the same demands with keywords, IPC classes and fields taken away;
// - blind dev     transfer-blind.json, split "dev": written from the enterprise's problem side by
//                 a writer who saw only the results' texts (see transfer-blind.md); tune on this;
// - blind test    its split "test": reported, never tuned on;
// - blind2 dev/test  transfer-blind2.json: harder — written by a writer who never saw the catalogue
//                 (only a list of industries), graded by a second judge by reading the results
//                 (transfer-blind2.md); about half its demands have nothing relevant and are left
//                 out of the means.
// Per engine, one fresh database gets the 330 results and every demand through
// POST /api/imports/listings; each demand is scored on GET /api/demands/:id/matches?limit=20.
// Baselines rank the same 330 results from the demand's title + problem + indicators against
// each result's title + summary (bench/baselines.ts): BM25 over characters, and characters +
// 0.3 × bigrams. Demands without a graded result are left out of the means (nothing to find).
import fs from 'node:fs';
import { baselines } from '../baselines';
import { mean, ndcgAt, recallAt } from '../metrics';
import { ENGINES, login, round, startServer, type BenchServer, type Metric, type Session, type Suite } from '../lib';

const SOURCE = 'bench-relevance';
const OWN_FILE = new URL('../data/transfer-eval.json', import.meta.url);
const BLIND_FILE = new URL('../data/transfer-blind.json', import.meta.url);
const BLIND2_FILE = new URL('../data/transfer-blind2.json', import.meta.url);

type Row = Record<string, unknown> & { externalId: string };
interface Demand extends Row {
  title: string;
  problem?: string;
  indicators?: string;
  split?: 'dev' | 'test';
  relevant?: Array<{ externalId: string; grade: number }>;
}
interface LabelledSet {
  name: string;
  demands: Demand[];
}

function loadSets(): { results: Row[]; sets: LabelledSet[] } {
  const own = JSON.parse(fs.readFileSync(OWN_FILE, 'utf8')) as { results: Row[]; demands: Demand[] };
  const blind = JSON.parse(fs.readFileSync(BLIND_FILE, 'utf8')) as { demands: Demand[] };
  const blind2 = JSON.parse(fs.readFileSync(BLIND2_FILE, 'utf8')) as { demands: Demand[] };
  const textOnly = own.demands.map(({ keywords: _k, ipc: _i, fields: _f, ...d }) => ({ ...d, externalId: `${d.externalId}-text` }) as Demand);
  return {
    results: own.results,
    sets: [
      { name: 'own', demands: own.demands },
      { name: 'own, text only', demands: textOnly },
      { name: 'blind dev', demands: blind.demands.filter((d) => d.split === 'dev') },
      { name: 'blind test', demands: blind.demands.filter((d) => d.split === 'test') },
      { name: 'blind2 dev', demands: blind2.demands.filter((d) => d.split === 'dev') },
      { name: 'blind2 test', demands: blind2.demands.filter((d) => d.split === 'test') },
    ],
  };
}

const demandText = (d: Demand) => [d.title, d.problem ?? '', d.indicators ?? ''].join('\n');

async function importAll(server: BenchServer, session: Session, rows: Row[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 500) {
    const res = await fetch(`${server.url}/api/imports/listings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ source: SOURCE, listings: rows.slice(i, i + 500) }),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`importing the labelled sets answered ${res.status}: ${body.slice(0, 500)}`);
    for (const x of (JSON.parse(body) as { report: Array<{ externalId: string; id: number }> }).report) ids.set(x.externalId, x.id);
  }
  return ids;
}

interface Scores {
  ndcg10: number;
  recall20: number;
}
function score(per: Array<{ ranked: string[]; d: Demand }>): Scores & { n: number } {
  const each = per.map(({ ranked, d }) => {
    const grades = new Map(d.relevant!.map((x) => [x.externalId, x.grade]));
    const relevant = new Set(d.relevant!.filter((x) => x.grade > 0).map((x) => x.externalId));
    return { ndcg10: ndcgAt(10, ranked, grades), recall20: recallAt(20, ranked, relevant) };
  });
  return { ndcg10: mean(each.map((x) => x.ndcg10)), recall20: mean(each.map((x) => x.recall20)), n: each.length };
}

const suite: Suite = {
  name: 'relevance',
  description:
    'nDCG@10 and recall@20 of demand → result matching on each labelled set (own, own text only, blind and blind2 dev/test), with character-BM25 baselines beside each',
  async run(ctx) {
    const out: Metric[] = [];
    const { results, sets } = loadSets();
    const base = baselines(results.map((r) => ({ id: r.externalId, text: `${String(r.title)}\n${String(r.summary ?? '')}` })));
    const graded = (s: LabelledSet) => s.demands.filter((d) => d.relevant?.some((x) => x.grade > 0));

    // Baselines do not depend on the engine: once.
    for (const s of sets) {
      const ds = graded(s);
      const char = score(ds.map((d) => ({ d, ranked: base.char(demandText(d), 20) })));
      const pair = score(ds.map((d) => ({ d, ranked: base.charBigram(demandText(d), 20) })));
      const m = (metric: string, value: number): Metric => ({ suite: 'relevance', engine: null, metric: `${metric} [${s.name}]`, value: round(value, 3) });
      out.push(
        m('demands', ds.length),
        m('baseline char BM25 nDCG@10', char.ndcg10),
        m('baseline char BM25 recall@20', char.recall20),
        m('baseline char+0.3×bigram BM25 nDCG@10', pair.ndcg10),
        m('baseline char+0.3×bigram BM25 recall@20', pair.recall20),
      );
    }

    for (const engine of ctx.engines.filter((e) => ENGINES.includes(e))) {
      ctx.log(`relevance [${engine}]: importing ${results.length} results and the demands of ${sets.length} sets into a fresh database`);
      const server = await startServer(engine, {});
      try {
        const session = await login(server.url, 'admin');
        const demands = sets.flatMap((s) => s.demands).map(({ relevant: _r, split: _s, ...d }) => d);
        const ids = await importAll(server, session, [...results, ...demands]);
        for (const s of sets) {
          const per: Array<{ ranked: string[]; d: Demand }> = [];
          for (const d of graded(s)) {
            const id = ids.get(d.externalId);
            if (!id) throw new Error(`the labelled demand ${d.externalId} was not imported`);
            const res = await fetch(`${server.url}/api/demands/${id}/matches?limit=20`, { headers: { cookie: session.cookie } });
            const body = await res.text();
            if (res.status !== 200) throw new Error(`GET /api/demands/${id}/matches answered ${res.status}: ${body.slice(0, 300)}`);
            const listed = (JSON.parse(body) as { results: Array<{ listing: { id: number; source: string; externalId: string | null } }> }).results;
            per.push({ d, ranked: listed.map((x) => (x.listing.source === SOURCE && x.listing.externalId ? x.listing.externalId : `#${x.listing.id}`)) });
          }
          const r = score(per);
          out.push(
            { suite: 'relevance', engine, metric: `matcher nDCG@10 [${s.name}]`, value: round(r.ndcg10, 3) },
            { suite: 'relevance', engine, metric: `matcher recall@20 [${s.name}]`, value: round(r.recall20, 3) },
          );
        }
      } finally {
        await server.close();
      }
    }
    return out;
  },
};

export default suite;
