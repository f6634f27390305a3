// Ranking metrics for the labelled evaluation sets under bench/data (e.g. transfer-eval.json):
// graded nDCG@k and recall@k of a ranked list of external ids, and the mean over queries.

/**
 * nDCG@k with graded relevance: gain 2^grade − 1, discount log2(rank + 1) for 1-based ranks.
 * The ideal DCG is taken over all labelled grades (not only those retrieved), so a list that
 * misses a relevant item cannot score 1. Ids without a grade (or with grade ≤ 0) gain nothing;
 * a repeated id counts only at its first position. 0 when nothing is labelled relevant.
 */
export function ndcgAt(k: number, ranked: string[], grades: Map<string, number>): number {
  if (k <= 0) return 0;
  const ideal = [...grades.values()].filter((g) => g > 0).sort((a, b) => b - a);
  if (ideal.length === 0) return 0;
  const gain = (g: number) => 2 ** g - 1;
  const discount = (i: number) => Math.log2(i + 2); // i is the 0-based position
  let idcg = 0;
  ideal.slice(0, k).forEach((g, i) => (idcg += gain(g) / discount(i)));
  let dcg = 0;
  const seen = new Set<string>();
  ranked.slice(0, k).forEach((id, i) => {
    if (seen.has(id)) return;
    seen.add(id);
    const g = grades.get(id) ?? 0;
    if (g > 0) dcg += gain(g) / discount(i);
  });
  return dcg / idcg;
}

/** Share of the relevant ids found among the first k ranked; 0 when nothing is relevant. */
export function recallAt(k: number, ranked: string[], relevant: Set<string>): number {
  if (relevant.size === 0 || k <= 0) return 0;
  const found = new Set(ranked.slice(0, k).filter((id) => relevant.has(id)));
  return found.size / relevant.size;
}

/** Arithmetic mean; 0 for an empty list. */
export function mean(xs: number[]): number {
  if (xs.length === 0) return 0;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}
