import { describe, expect, it } from 'vitest';
import { scoreGenre } from '../../src/tasks/genre/score.js';
import { classMixWeights, decideGenre, genreScores, rankStyleColumns, rocAuc, screenColumns, tuneOffsets } from '../../src/tasks/genre/train.js';

describe('scoreGenre', () => {
  it('macro-F1 over the three genres, and reweighting changes the mix but not per-class recall', () => {
    const gold = new Map([
      ['1', 'opinion'],
      ['2', 'opinion'],
      ['3', 'reporting'],
      ['4', 'satire'],
    ]);
    const pred = new Map([
      ['1', 'opinion'],
      ['2', 'reporting'],
      ['3', 'reporting'],
      ['4', 'opinion'],
    ]);
    const s = scoreGenre(gold, pred);
    // opinion P 1/2 R 1/2 F1 1/2; reporting P 1/2 R 1 F1 2/3; satire 0.
    expect(s.perClass.map((c) => c.f1)).toEqual([0.5, expect.closeTo(2 / 3, 10), 0]);
    expect(s.macroF1).toBeCloseTo((0.5 + 2 / 3) / 3, 10);
    const w = scoreGenre(gold, pred, (_id, g) => (g === 'reporting' ? 10 : 1));
    expect(w.perClass[1].recall).toBe(1);
    expect(w.perClass[1].precision).toBeCloseTo(10 / 11, 10);
  });
});

describe('genre decision with offsets', () => {
  it('an offset on a class logit moves the decision toward it', () => {
    const p = [0.6, 0.4, 0.1];
    expect(decideGenre(p, [0, 0, 0])).toBe(0);
    expect(decideGenre(p, [0, 1, 0])).toBe(1);
    const s = genreScores(p, [0, 1, 0]);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(s[1]).toBeGreaterThan(s[0]);
  });

  it('tuned offsets recover a minority class the raw probabilities under-call', () => {
    // Class 1 always scores a little below class 0, but is the gold label for half the examples.
    const probs = [0.7, 0.6, 0.7, 0.6].map((a, i) => Float64Array.from([a, i % 2 ? 0.5 : 0.3, 0.01]));
    const y = [0, 1, 0, 1];
    expect(probs.map((p) => decideGenre(p, [0, 0, 0]))).toEqual([0, 0, 0, 0]);
    const off = tuneOffsets(probs, y);
    expect(probs.map((p) => decideGenre(p, off))).toEqual(y);
  });

  it('mix weights turn the class mix into the target mix', () => {
    const y = [0, 0, 0, 1];
    const w = classMixWeights(y, { opinion: 0.5, reporting: 0.5, satire: 0 });
    const total = w.reduce((a, b) => a + b, 0);
    expect((w[0] + w[1] + w[2]) / total).toBeCloseTo(0.5, 10);
    expect(w[3] / total).toBeCloseTo(0.5, 10);
  });
});

describe('style column screening', () => {
  it('ROC AUC: 1 for a perfect ranking, 0.5 for ties, 0 reversed', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([1, 1, 1, 1], [false, true, false, true])).toBe(0.5);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });

  it('ranks the columns that separate each minority class first and keeps the union of the top k', () => {
    // Column 0 separates reporting (class 1), column 2 satire (class 2) by being low; column 1 is noise.
    const y = [0, 0, 0, 0, 1, 1, 2, 2];
    const rows = y.map((c, i) => Float64Array.from([c === 1 ? 5 : 0, i % 2, c === 2 ? -3 : 1]));
    const [reporting, satire] = rankStyleColumns(rows, y);
    expect(reporting[0]).toBe(0);
    expect(satire[0]).toBe(2);
    expect(screenColumns([reporting, satire], 1)).toEqual([0, 2]);
    expect(screenColumns([reporting, satire], 3)).toEqual([0, 1, 2]);
  });
});
