import { describe, expect, it } from 'vitest';
import { groupedFolds, microF1At, sparseFromPairs, trainPrimalOneVsRest, tuneMicroThresholds } from '../../src/learn/index.js';

describe('primal one-vs-rest logistic regression', () => {
  it('learns which feature signals which label', () => {
    // feature 0 → label A, feature 1 → label B, feature 2 is noise present everywhere.
    const X = [
      sparseFromPairs([0, 2], [1, 1]),
      sparseFromPairs([0, 2], [1, 0.5]),
      sparseFromPairs([1, 2], [1, 1]),
      sparseFromPairs([1, 2], [1, 0.5]),
      sparseFromPairs([2], [1]),
    ];
    const Y = [[0], [0], [1], [1], []];
    const m = trainPrimalOneVsRest(X, Y, ['A', 'B', 'C'], 3, { C: 10 });
    const a = m.scores(sparseFromPairs([0], [1]));
    const b = m.scores(sparseFromPairs([1], [1]));
    expect(a[0]).toBeGreaterThan(0.5);
    expect(a[1]).toBeLessThan(0.5);
    expect(b[1]).toBeGreaterThan(0.5);
    expect(b[0]).toBeLessThan(0.5);
    expect(a[2]).toBeLessThan(0.01); // never seen
  });
});

describe('thresholds and folds', () => {
  it('micro-F1 at thresholds, and tuning finds a threshold that separates', () => {
    const probs = [Float64Array.from([0.9]), Float64Array.from([0.4]), Float64Array.from([0.2])];
    const Y = [[0], [0], []];
    expect(microF1At(probs, Y, [0.5])).toBeCloseTo(2 / 3, 10);
    const t = tuneMicroThresholds(probs, Y, 1, false, 10);
    expect(t.value).toBe(1);
    expect(t.global).toBeGreaterThan(0.2);
    expect(t.global).toBeLessThanOrEqual(0.4);
  });

  it('grouped folds keep each group in one fold', () => {
    const groups = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];
    const Y = groups.map((g) => (g % 2 ? [0] : []));
    const f = groupedFolds(Y, 5, 3, groups);
    for (let i = 0; i < groups.length; i += 2) expect(f[i]).toBe(f[i + 1]);
    expect(new Set(f).size).toBe(5);
  });
});
