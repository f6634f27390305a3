import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeUscc, usccCheckChar, usccProblem, normalizeUscc } from './uscc';
import { fenToYuan, shareOf, yuanToFen } from './money';
import { fold, tokens } from './text';
import { pickLang } from './i18n';
import { canonicalJson } from './audit';
import { passwordProblems } from './passwords';
import { canManageUser, canUpdateOrganization, grantableRoles, userListScope, type Actor } from './access';

describe('Unified Social Credit Code (GB 32100-2015)', () => {
  it('accepts published valid codes', () => {
    // The example code used in guidance on GB 32100-2015.
    expect(usccProblem('91350100M000100Y43')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('91350100M000100YI3')).toBe('charset');
    expect(usccProblem('91350100M000100Y44')).toBe('check');
  });
  it('detects every single-character change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (serial, pos, delta) => {
        const code = makeUscc('320506', serial);
        expect(usccProblem(code)).toBeNull();
        const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
        const changed = code.slice(0, pos) + alphabet[(alphabet.indexOf(code[pos]) + delta) % 31] + code.slice(pos + 1);
        expect(usccProblem(changed)).toBe('check');
      }),
    );
  });
  it('normalises full-width and lower-case input', () => {
    expect(normalizeUscc(' ９１３５０１００ｍ０００１００ｙ４３ ')).toBe('91350100M000100Y43');
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });
});

describe('money in fen', () => {
  it('parses yuan with up to two decimals', () => {
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen('¥1,234.56')).toBe(123456);
    expect(yuanToFen('０.０１')).toBe(1);
    expect(() => yuanToFen('1.234')).toThrow();
  });
  it('round-trips every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen);
      }),
    );
  });
  it('a share never exceeds the amount and rounds down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const s = shareOf(amount, bp);
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeLessThanOrEqual(amount);
        expect(s * 10_000).toBeLessThanOrEqual(amount * bp);
      }),
    );
  });
});

describe('Chinese text', () => {
  it('folds traditional to simplified, full-width to half-width, and case', () => {
    expect(fold('質譜儀')).toBe('质谱仪');
    expect(fold('ＬＣ－ＭＳ　質譜')).toBe('lc-ms 质谱');
    expect(fold('電子顯微鏡')).toBe(fold('电子显微镜'));
  });
  it('segments in search mode so a word finds its compounds', () => {
    const t = tokens('高分辨率質譜儀');
    expect(t).toContain('质谱');
    expect(tokens('质谱')).toEqual(['质谱']);
    expect(tokens('，。！')).toEqual([]);
  });
});

describe('Accept-Language', () => {
  it('chooses Chinese by default and English when preferred', () => {
    expect(pickLang(undefined)).toBe('zh');
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('fr-FR, en;q=0.5, zh;q=0.8')).toBe('zh');
    expect(pickLang('de')).toBe('zh');
  });
});

describe('canonical JSON', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
});

describe('password policy', () => {
  it('wants length, variety and no username', () => {
    expect(passwordProblems('Yrd@demo2025', 'admin')).toEqual([]);
    expect(passwordProblems('short1A!', 'x').map((p) => p.code)).toContain('password-too-short');
    expect(passwordProblems('alllowercaseletters', 'x').map((p) => p.code)).toContain('password-too-simple');
    expect(passwordProblems('Zhangsan2025!', 'zhangsan').map((p) => p.code)).toContain('password-contains-username');
  });
});

describe('permissions', () => {
  const actor = (over: Partial<Actor>): Actor => ({
    userId: 1,
    username: 'u',
    displayName: 'u',
    role: 'member',
    organizationId: 10,
    organizationName: 'o',
    organizationType: 'enterprise',
    organizationJurisdiction: '310000',
    jurisdictionCode: null,
    departmentId: null,
    via: 'session',
    ...over,
  });
  const shAdmin = actor({ role: 'jurisdiction_admin', jurisdictionCode: '310000' });
  it('a jurisdiction admin manages only their own jurisdiction', () => {
    expect(canUpdateOrganization(shAdmin, { id: 5, jurisdiction_code: '310000' })).toBe(true);
    expect(canUpdateOrganization(shAdmin, { id: 5, jurisdiction_code: '330000' })).toBe(false);
    expect(canManageUser(shAdmin, { id: 9, organization_id: 5, role: 'member', jurisdiction_code: null }, '330000')).toBe(false);
  });
  it('an org admin manages their own organisation and never grants admin roles above it', () => {
    const orgAdmin = actor({ role: 'org_admin' });
    expect(canUpdateOrganization(orgAdmin, { id: 10, jurisdiction_code: '310000' })).toBe(true);
    expect(canUpdateOrganization(orgAdmin, { id: 11, jurisdiction_code: '310000' })).toBe(false);
    expect(grantableRoles(orgAdmin, 10, '310000')).toEqual(['org_admin', 'member', 'expert']);
    expect(grantableRoles(orgAdmin, 11, '310000')).toEqual([]);
  });
  it('nobody but a platform admin touches a platform admin', () => {
    expect(canManageUser(shAdmin, { id: 1, organization_id: 1, role: 'platform_admin', jurisdiction_code: null }, '310000')).toBe(false);
  });
  it('members see only themselves in the user list', () => {
    expect(userListScope(actor({}))).toEqual({ self: 1 });
    expect(userListScope(shAdmin)).toEqual({ jurisdiction: '310000' });
  });
});
