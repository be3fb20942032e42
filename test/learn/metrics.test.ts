/** learn/metrics.ts: the one definition of precision, recall and F1 every scorer and tuner uses. */
import { describe, expect, it } from 'vitest';
import { countsF1, harmonicF1, microF1At, perLabelScore, precisionOf, recallOf, scoreMultiLabel, setF1 } from '../../src/learn/metrics.js';

describe('precision, recall and F1', () => {
  it('count F1 equals the harmonic mean of precision and recall, and is 0 with no true positive', () => {
    // tp 3, fp 1, fn 2: P = 3/4, R = 3/5, F1 = 6/9.
    expect(precisionOf(3, 1)).toBe(0.75);
    expect(recallOf(3, 2)).toBe(0.6);
    expect(countsF1(3, 1, 2)).toBeCloseTo(2 / 3, 12);
    expect(harmonicF1(0.75, 0.6)).toBeCloseTo(2 / 3, 12);
    expect(countsF1(0, 4, 1)).toBe(0);
    expect(harmonicF1(0, 0)).toBe(0);
  });

  it('scores nothing-to-count as 0 by default, or as the caller says (the entity scorer counts it as 1)', () => {
    expect(precisionOf(0, 0)).toBe(0);
    expect(recallOf(0, 0)).toBe(0);
    expect(countsF1(0, 0, 0)).toBe(0);
    expect(precisionOf(0, 0, 1)).toBe(1);
    expect(countsF1(0, 0, 0, 1)).toBe(1);
  });

  it('takes weighted counts', () => {
    expect(countsF1(1.5, 0.5, 1)).toBeCloseTo(3 / 4.5, 12);
    expect(perLabelScore('x', 1.5, 0.5, 1)).toEqual({ label: 'x', precision: 0.75, recall: 0.6, f1: harmonicF1(0.75, 0.6), support: 2.5 });
  });

  it('set F1 counts the overlap of two label sets', () => {
    expect(setF1(new Set(['a', 'b']), new Set(['b', 'c', 'd']))).toBeCloseTo(2 / 5, 12);
    expect(setF1(new Set(), new Set())).toBe(0);
  });

  it('micro-F1 at thresholds switches a label on at its threshold', () => {
    const probs = [[0.9, 0.1], [0.5, 0.6]];
    // Thresholds 0.5 / 0.7: row 0 predicts {0}, row 1 predicts {0}; gold {0}, {1}: tp 1, fp 1, fn 1.
    expect(microF1At(probs, [[0], [1]], [0.5, 0.7])).toBeCloseTo(0.5, 12);
  });
});

describe('scoreMultiLabel (subtasks 2 and 3)', () => {
  it('computes micro and macro F1 over the label list from hand-counted cases', () => {
    const labels = ['A', 'B', 'C'];
    const gold = new Map([
      ['1', ['A', 'B']],
      ['2', ['A']],
      ['3', []],
    ]);
    const pred = new Map([
      ['1', ['A']],
      ['2', ['A', 'C']],
      ['3', ['B']],
    ]);
    // tp: A×2; fp: C, B; fn: B.  micro P = 2/4, R = 2/3, F1 = 4/7.
    const s = scoreMultiLabel(gold, pred, labels);
    expect(s.microPrecision).toBeCloseTo(0.5, 10);
    expect(s.microRecall).toBeCloseTo(2 / 3, 10);
    expect(s.microF1).toBeCloseTo(4 / 7, 10);
    // Per label: A F1 1, B F1 0, C F1 0 → macro 1/3.
    expect(s.macroF1).toBeCloseTo(1 / 3, 10);
    expect(s.missing).toBe(0);
  });

  it('scores gold rows missing from the predictions as empty, and ignores labels outside the list', () => {
    const s = scoreMultiLabel(new Map([['1', ['A']], ['2', ['A']]]), new Map([['1', ['A', 'Z']]]), ['A']);
    expect(s.missing).toBe(1);
    expect(s.microPrecision).toBe(1);
    expect(s.microRecall).toBe(0.5);
  });
});

