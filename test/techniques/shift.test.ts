/** Techniques label shift: rows moved to new priors, and the article resampling of the shift test. */
import { describe, expect, it } from 'vitest';
import { labelPriors, seededRandom } from '../../src/learn/index.js';
import { resampleArticles, shiftRow } from '../../src/tasks/techniques/shift.js';

describe('shiftRow', () => {
  it('leaves a row unchanged under the training priors and moves each label with its own prior', () => {
    const p = Float64Array.of(0.3, 0.6);
    const same = shiftRow(p, [0.2, 0.5], [0.2, 0.5]);
    expect(same[0]).toBeCloseTo(0.3, 12);
    expect(same[1]).toBeCloseTo(0.6, 12);
    const moved = shiftRow(p, [0.2, 0.5], [0.4, 0.25]);
    expect(moved[0]).toBeGreaterThan(0.3);
    expect(moved[1]).toBeLessThan(0.6);
    // Odds scale by (new/old) / ((1-new)/(1-old)): label 0 odds 3/7 · (0.4/0.2)/(0.6/0.8).
    const odds = (3 / 7) * (0.4 / 0.2) / (0.6 / 0.8);
    expect(moved[0]).toBeCloseTo(odds / (1 + odds), 12);
  });
});

describe('resampleArticles', () => {
  // 40 invented articles of 5 paragraphs: in half of them every paragraph has label 0, in the others none.
  const Y: number[][] = [];
  const groups: string[] = [];
  for (let a = 0; a < 40; a++) for (let q = 0; q < 5; q++) {
    Y.push(a % 2 === 0 ? [0] : []);
    groups.push(`article-${a}`);
  }

  it('moves the label mix toward the target and keeps articles whole', () => {
    const rows = resampleArticles(Y, groups, [0.1, 0], 200, seededRandom(5));
    expect(rows.length).toBeGreaterThanOrEqual(200);
    const share = labelPriors(rows.map((i) => Y[i]), 2)[0];
    expect(share).toBeLessThan(0.3);
    const counts = new Map<string, number>();
    for (const i of rows) counts.set(groups[i], (counts.get(groups[i]) ?? 0) + 1);
    for (const c of counts.values()) expect(c % 5).toBe(0);
  });

  it('draws the same rows for the same seed, and moves up as well as down', () => {
    expect(resampleArticles(Y, groups, [0.9, 0], 100, seededRandom(9))).toEqual(resampleArticles(Y, groups, [0.9, 0], 100, seededRandom(9)));
    const up = resampleArticles(Y, groups, [0.9, 0], 400, seededRandom(3));
    expect(labelPriors(up.map((i) => Y[i]), 2)[0]).toBeGreaterThan(0.7);
  });
});
