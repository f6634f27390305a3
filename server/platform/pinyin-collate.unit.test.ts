// The web app's client-side name sorts (web/src/app/collate.ts) put Chinese names in pinyin
// order, not code-point order (issue 15, defect 11).
import { describe, expect, it } from 'vitest';
import { byName } from '../../web/src/app/collate';

describe('client-side name collation', () => {
  it('sorts 安徽 < 北京 < 上海 < 张江 (code point order would put 张 before 北)', () => {
    const names = ['张江实验室', '上海交通大学', '北京理工大学', '安徽大学', null];
    expect([...names].sort(byName)).toEqual([null, '安徽大学', '北京理工大学', '上海交通大学', '张江实验室']);
    expect(['张', '北'].sort()).toEqual(['北', '张']); // sanity: the default sort differs for other pairs
    expect(['张江', '安徽'].sort(byName)).toEqual(['安徽', '张江']);
  });
  it('compares numbers in names as numbers', () => {
    expect(['仪器10', '仪器9'].sort(byName)).toEqual(['仪器9', '仪器10']);
  });
});
