// Simple baselines for the labelled matching sets: what a ten-line ranker gets, printed beside
// the matcher on every set so a figure is never read alone (issue 14). Deliberately plain:
// no word segmentation, no thesaurus, no script folding beyond NFKC (full-width → half-width)
// and lower case.
//
// - char:        BM25 over single characters of the texts;
// - char+bigram: BM25 over characters + 0.3 × BM25 over character bigrams, each divided by its
//                best score for the query (a score-normalised sum).

export interface Doc {
  id: string;
  text: string;
}

const K1 = 1.2;
const B = 0.75;

/** Characters that carry meaning: letters, digits and CJK ideographs (punctuation and spaces dropped). */
export function chars(text: string): string[] {
  return [...text.normalize('NFKC').toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
}

/** Overlapping pairs of the meaningful characters. */
export function bigrams(text: string): string[] {
  const cs = chars(text);
  const out: string[] = [];
  for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
  return out;
}

/** A BM25 index over documents cut into units by `units`. */
export class Bm25 {
  private tf: Array<Map<string, number>> = [];
  private len: number[] = [];
  private df = new Map<string, number>();
  private avgLen = 0;

  constructor(
    private docs: Doc[],
    private units: (text: string) => string[],
  ) {
    for (const d of docs) {
      const counts = new Map<string, number>();
      const us = units(d.text);
      for (const u of us) counts.set(u, (counts.get(u) ?? 0) + 1);
      this.tf.push(counts);
      this.len.push(us.length);
      for (const u of counts.keys()) this.df.set(u, (this.df.get(u) ?? 0) + 1);
    }
    this.avgLen = this.len.reduce((a, b) => a + b, 0) / Math.max(1, docs.length);
  }

  /** Scores of every document for the query (query units counted once each). */
  scores(query: string): Map<string, number> {
    const n = this.docs.length;
    const out = new Map<string, number>();
    for (const u of new Set(this.units(query))) {
      const df = this.df.get(u);
      if (!df) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      this.tf.forEach((counts, i) => {
        const f = counts.get(u);
        if (!f) return;
        const s = (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * this.len[i]) / this.avgLen));
        out.set(this.docs[i].id, (out.get(this.docs[i].id) ?? 0) + s);
      });
    }
    return out;
  }
}

function ranked(scores: Map<string, number>, k: number): string[] {
  return [...scores]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}

export interface Baselines {
  char(query: string, k: number): string[];
  charBigram(query: string, k: number): string[];
}

export function baselines(docs: Doc[], bigramWeight = 0.3): Baselines {
  const byChar = new Bm25(docs, chars);
  const byBigram = new Bm25(docs, bigrams);
  const normalised = (s: Map<string, number>) => {
    const top = Math.max(0, ...s.values());
    return top > 0 ? new Map([...s].map(([id, v]) => [id, v / top])) : s;
  };
  return {
    char: (query, k) => ranked(byChar.scores(query), k),
    charBigram(query, k) {
      const c = normalised(byChar.scores(query));
      const b = normalised(byBigram.scores(query));
      const sum = new Map(c);
      for (const [id, v] of b) sum.set(id, (sum.get(id) ?? 0) + bigramWeight * v);
      return ranked(sum, k);
    },
  };
}
