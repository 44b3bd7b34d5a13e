import { describe, expect, it } from 'vitest';
import { SPECIAL_ITEMS, isSpecialItemCode, specialItem, suggestSpecialItems } from '../src/index.js';

describe('special report items (R-SR-1, R-SR-2)', () => {
  it('R-SR-1: fifteen items with stable codes SR01–SR15, Chinese text, English gloss', () => {
    expect(SPECIAL_ITEMS.map((i) => i.code)).toEqual(
      Array.from({ length: 15 }, (_, n) => `SR${String(n + 1).padStart(2, '0')}`),
    );
    for (const item of SPECIAL_ITEMS) {
      expect(item.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(item.en.length).toBeGreaterThan(10);
    }
    expect(specialItem('SR07')?.zh).toBe(
      '要求法院对保全标的物、执行标的物，采取暂缓或者解除扣押、查封和冻结措施的',
    );
    expect(isSpecialItemCode('SR16')).toBe(false);
  });

  it('R-SR-1: every item but "other" has keywords that appear in the regulation text or plain speech', () => {
    for (const item of SPECIAL_ITEMS.filter((i) => i.code !== 'SR15'))
      expect(item.keywords.length).toBeGreaterThan(0);
  });

  it('R-SR-2: suggests items from the content', () => {
    expect(suggestSpecialItems('某局长来电要求对被执行人的财产解除查封，并希望暂缓执行')).toEqual([
      'SR07',
      'SR10',
    ]);
    expect(suggestSpecialItems('请你们尽快立案')).toEqual(['SR05']);
    expect(suggestSpecialItems('该罪犯减刑一事，请从宽处理')).toEqual(['SR13']);
  });

  it('R-SR-2: SR13 needs a commutation or parole case: 从宽 or 从严 alone does not suggest it', () => {
    expect(suggestSpecialItems('要求对被告人从宽处理')).not.toContain('SR13');
    expect(suggestSpecialItems('请对这起民事纠纷从严把握')).not.toContain('SR13');
    expect(suggestSpecialItems('要求在减刑案件审理中从宽处理')).toContain('SR13');
    expect(suggestSpecialItems('希望假释时从严')).toContain('SR13');
    expect(suggestSpecialItems('询问假释进度')).toContain('SR13');
  });

  it('R-SR-2: no match suggests nothing, and "other" is never suggested', () => {
    expect(suggestSpecialItems('询问案件开庭时间')).toEqual([]);
    expect(suggestSpecialItems('其他有必要作为特别报告事项的行为')).not.toContain('SR15');
  });

  it('R-SR-2: full-width characters and spaces in the content do not hide a keyword', () => {
    expect(suggestSpecialItems('请 托 说 情')).toContain('SR01');
  });

  it('R-SR-2: compatibility forms (Kangxi radicals, as some input methods and OCR produce) match after NFKC', () => {
    // U+2F74 KANGXI RADICAL STAND looks like 立 but is another code point: only NFKC makes 立案 of it.
    const kangxi = '要求法院尽快\u2F74案';
    expect(kangxi.includes('立案')).toBe(false);
    expect(suggestSpecialItems(kangxi)).toContain('SR05');
    // U+2FAF KANGXI RADICAL FACE: 见一⾯ → 见一面.
    expect(suggestSpecialItems('想和法官见一\u2FAF')).toContain('SR02');
  });
});
