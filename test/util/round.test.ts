/** util/round.ts: one rounding of reported numbers. */
import { describe, expect, it } from 'vitest';
import { roundTo } from '../../src/util/round.js';

describe('roundTo', () => {
  it('rounds to the given decimals', () => {
    expect(roundTo(0.123456, 4)).toBe(0.1235);
    expect(roundTo(0.98765, 3)).toBe(0.988);
    expect(roundTo(2, 3)).toBe(2);
  });

  it('rounds the decimal value the double really holds, not the product of a multiplication', () => {
    // 0.44375 is stored as 0.443749999…: four decimals give 0.4437 (times 10000 would round to the tie and up).
    expect(roundTo(0.44375, 4)).toBe(0.4437);
    expect(Math.round(0.44375 * 1e4) / 1e4).toBe(0.4438);
    // An exact tie (0.0625 is a power-of-two fraction) goes up.
    expect(roundTo(0.0625, 3)).toBe(0.063);
  });
});
