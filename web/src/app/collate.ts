// Client-side sorts of Chinese names and titles in pinyin order (安徽 < 北京 < 张江), as people
// expect, instead of by code point: ICU's zh-CN collation; digits compared as numbers.
export const zhCollator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });

/** Compares two names (missing ones first) the way the server's name sorts do. */
export const byName = (a: string | null | undefined, b: string | null | undefined) => zhCollator.compare(a ?? '', b ?? '');
