/**
 * Word counts: runs of letters and digits in spaced scripts, dictionary word breaks (Intl.Segmenter)
 * in scripts written without spaces. Invented sentences.
 */
import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/text/index.js';

describe('countWords', () => {
  it('counts runs of letters and digits in spaced scripts as before', () => {
    expect(countWords('The council met on Tuesday, 3 May.')).toBe(7);
    expect(countWords('Съветът заседава във вторник.')).toBe(4);
    expect(countWords('')).toBe(0);
    expect(countWords('... !!! ---')).toBe(0);
  });

  it('cuts Chinese, Japanese and Thai into words instead of counting a sentence as one', () => {
    // "We are going to Beijing today to see friends." — 6 words: 我们 今天 去 北京 看 朋友
    expect(countWords('我们今天去北京看朋友。')).toBe(6);
    // "I met a friend in Tokyo yesterday." — at least 8 word segments, never 1.
    expect(countWords('私は昨日東京で友達に会いました。')).toBeGreaterThanOrEqual(8);
    // "Today the weather is very good and I went to the market." — 9 words.
    expect(countWords('วันนี้อากาศดีมากและฉันไปตลาด')).toBe(9);
  });

  it('counts each script of a mixed line its own way', () => {
    // 2 Latin words + 6 Chinese words + 1 number.
    expect(countWords('Reuters reports: 我们今天去北京看朋友 2024')).toBe(9);
  });

  it('stays fast on the usual languages', () => {
    const text = 'The city council approved a new budget for public schools on Tuesday evening. '.repeat(400);
    countWords(text);
    const t = performance.now();
    for (let i = 0; i < 20; i++) countWords(text);
    const perCall = (performance.now() - t) / 20;
    expect(countWords(text)).toBe(13 * 400);
    // 32,000 characters; the one regular expression takes well under a millisecond on a quiet machine.
    expect(perCall).toBeLessThan(20);
  });
});
