// The sign-in page lists every demo account the README lists, and the seed creates each (defect 10 of issue 15).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (p: string) => fs.readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

describe('demo accounts', () => {
  it('README, seed and sign-in page name the same accounts', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Demo accounts'), readme.indexOf('\n## ', readme.indexOf('## Demo accounts') + 5));
    const inReadme = new Set([...section.matchAll(/`([a-z]+(?:-[a-z]+)*)`/g)].map((m) => m[1]).filter((u) => u !== 'yrd' && !u.includes('demo')));
    const inSeed = new Set([...read('server/seed/demo.ts').matchAll(/\{ username: '([a-z-]+)'/g)].map((m) => m[1]));
    const onPage = new Set([...read('web/src/pages/login/LoginPage.tsx').matchAll(/\{ username: '([a-z-]+)'/g)].map((m) => m[1]));
    expect(inReadme.size).toBeGreaterThanOrEqual(18);
    expect([...onPage].sort()).toEqual([...inReadme].sort());
    expect([...inSeed].sort()).toEqual([...inReadme].sort());
  });
});
