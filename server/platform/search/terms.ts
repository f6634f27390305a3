// The words a free-text query is searched by, and their weights. Documents are indexed in jieba's
// search mode (质谱仪 also yields 质谱) after folding (traditional → simplified, full → half
// width), so the query is segmented plainly from its folded form.
import { segment, tokens } from '../text';
import { idfOf } from './bm25';

export interface TermWeight {
  term: string;
  idf: number;
  /** Documents holding the word (document frequency). */
  df: number;
}

/** What a search looks for: its words, and whether a match needs every word (all) or one (any). */
export interface Bm25 {
  terms: TermWeight[];
  mode: 'all' | 'any';
}

/** How many documents hold each word (absent words left out or 0). */
export type DocumentFrequencies = (words: string[]) => Promise<Map<string, number>>;

/** At most this many words of a query are searched. */
export const MAX_QUERY_WORDS = 12;

/**
 * The searched words of `text` with their idf over the corpus' documents (counted once, beside
 * the first look-up of the words). A word the index never saw
 * whole is searched by those of its search-mode parts that occur (提高效率 → 提高 高效 效率, not
 * 高效率, found nowhere; 透射电镜 → 电镜 against a record saying 透射电子显微镜 and 电镜); with
 * none, by itself (and finds nothing).
 */
export async function queryTerms(
  text: string,
  corpus: { documents: () => Promise<number>; frequencies: DocumentFrequencies },
): Promise<{ words: string[]; bm: Bm25 | null; docs: number }> {
  const { frequencies } = corpus;
  let words = text ? [...new Set(segment(text))].slice(0, MAX_QUERY_WORDS) : [];
  if (!words.length) return { words, bm: null, docs: await corpus.documents() };
  const [df, docs] = await Promise.all([frequencies(words), corpus.documents()]);
  if (words.some((w) => !df.get(w))) {
    const partsOf = new Map(words.map((w) => [w, df.get(w) ? [] : tokens(w).filter((t) => t !== w && [...t].length >= 2)]));
    const parts = [...new Set([...partsOf.values()].flat())].filter((t) => !df.has(t));
    if (parts.length) for (const [t, n] of await frequencies(parts)) df.set(t, n);
    const searched = words.flatMap((w) => {
      const found = partsOf.get(w)!.filter((t) => df.get(t));
      return found.length ? found : [w];
    });
    words = [...new Set(searched)];
  }
  const terms = words.map((term) => {
    const d = df.get(term) ?? 0;
    return { term, df: d, idf: idfOf(docs, d) };
  });
  return { words, bm: { terms, mode: 'all' }, docs };
}
