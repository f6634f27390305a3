// Chinese text helpers every search uses: fold traditional→simplified, full-width→half-width,
// case; segment with jieba (search mode, so 质谱仪 also yields 质谱).
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

// Traditional (Taiwan and Hong Kong variants included) → mainland simplified, character by character.
const twToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const hkToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** The form every piece of text is compared in. */
export function fold(text: string): string {
  // NFKC turns full-width ASCII (ＡＢＣ１２３) and the ideographic space into half-width forms.
  const half = text.normalize('NFKC');
  return hkToSimplified(twToSimplified(half)).toLowerCase().replace(/\s+/g, ' ').trim();
}

const PUNCT = /^[\p{P}\p{S}\s]+$/u;

/** Search tokens of a text: folded, segmented in search mode, punctuation dropped, unique. */
export function tokens(text: string): string[] {
  const folded = fold(text);
  if (!folded) return [];
  const out = new Set<string>();
  for (const t of segmenter().cutForSearch(folded, true)) {
    const w = t.trim();
    if (w && !PUNCT.test(w)) out.add(w);
  }
  return [...out];
}

/** Plain segmentation (no search-mode sub-words) of folded text. */
export function segment(text: string): string[] {
  return segmenter()
    .cut(fold(text), true)
    .map((t) => t.trim())
    .filter((t) => t && !PUNCT.test(t));
}

/** A comma-separated list stored in one column (codes, keywords), without blanks. */
export const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The sort key of a name in pinyin order (安徽 < 北京 < 重庆 chóngqìng < 张江): the folded name
 * in toneless pinyin, Latin letters and digits kept, everything else dropped. Only [a-z0-9], so
 * SQLite (binary) and PostgreSQL (any collation) order it alike; ties fall back to the name.
 */
export function pinyinKey(name: string): string {
  const folded = fold(name);
  if (!folded) return '';
  return pinyin(folded, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 600);
}
