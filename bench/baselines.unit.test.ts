import { describe, expect, it } from 'vitest';
import { baselines, bigrams, Bm25, chars } from './baselines';

describe('the simple matching baselines', () => {
  it('cut text into meaningful characters, full-width folded and lower-cased, punctuation dropped', () => {
    expect(chars('ＬＥＤ灯，１０W！')).toEqual(['l', 'e', 'd', '灯', '1', '0', 'w']);
    expect(bigrams('冷库门')).toEqual(['冷库', '库门']);
    expect(bigrams('冷')).toEqual([]);
  });

  it('BM25 prefers the document sharing the rarer unit, and scores nothing for unknown units', () => {
    const index = new Bm25(
      [
        { id: 'a', text: '材料技术' },
        { id: 'b', text: '材料除霜' },
        { id: 'c', text: '材料系统' },
      ],
      chars,
    );
    const s = index.scores('除霜材料');
    expect([...s.entries()].sort((x, y) => y[1] - x[1])[0][0]).toBe('b');
    expect(index.scores('完全无关').size).toBe(0);
  });

  it('the bigram channel breaks a tie the characters leave', () => {
    // Same characters, different order: only the bigrams tell "冷库门" from "门库冷".
    const b = baselines([
      { id: 'x', text: '门库冷' },
      { id: 'y', text: '冷库门' },
    ]);
    expect(b.charBigram('冷库门结冰', 2)[0]).toBe('y');
    expect(b.char('冷库门', 2).sort()).toEqual(['x', 'y']);
  });
});
