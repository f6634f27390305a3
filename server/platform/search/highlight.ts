// What a result shows of the words it was found by: highlighted runs of a text, and an excerpt
// around the first match.
import { fold } from '../text';

export interface HighlightSegment {
  text: string;
  match: boolean;
}

// fold() of one character, remembered: highlighting folds every character of every result's
// name and excerpt, and OpenCC's converters make that the costliest step of a search in JS.
const foldedChars = new Map<string, string>();
function foldChar(c: string): string {
  let f = foldedChars.get(c);
  if (f === undefined) {
    f = fold(c) || c;
    if (foldedChars.size < 50_000) foldedChars.set(c, f);
  }
  return f;
}

/** Splits text into matched / unmatched runs, comparing in folded form character by character. */
export function highlight(text: string, words: string[]): HighlightSegment[] {
  if (!text || words.length === 0) return [{ text, match: false }];
  const chars = [...text];
  const folded = chars.map(foldChar);
  const flat = folded.join('');
  // Map each position of the folded string back to its source character.
  const owner: number[] = [];
  folded.forEach((f, i) => {
    for (let k = 0; k < f.length; k++) owner.push(i);
  });
  const marked = new Array(chars.length).fill(false);
  for (const w of words) {
    if (!w) continue;
    let from = 0;
    for (;;) {
      const at = flat.indexOf(w, from);
      if (at < 0) break;
      for (let k = at; k < at + w.length; k++) marked[owner[k]] = true;
      from = at + w.length;
    }
  }
  const out: HighlightSegment[] = [];
  chars.forEach((c, i) => {
    const last = out[out.length - 1];
    if (last && last.match === marked[i]) last.text += c;
    else out.push({ text: c, match: marked[i] });
  });
  return out;
}

export function excerpt(text: string, words: string[], size = 80): string {
  if (text.length <= size) return text;
  const f = fold(text);
  const at = Math.min(...words.map((w) => f.indexOf(w)).filter((i) => i >= 0), Number.MAX_SAFE_INTEGER);
  if (at === Number.MAX_SAFE_INTEGER) return text.slice(0, size) + '…';
  const start = Math.max(0, at - 20);
  return (start > 0 ? '…' : '') + text.slice(start, start + size) + (start + size < text.length ? '…' : '');
}
