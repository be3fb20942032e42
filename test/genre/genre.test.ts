import { describe, expect, it } from 'vitest';
import { scoreGenre } from '../../src/tasks/genre/score.js';
import { chooseRule, classPriors, decideBatch, decideGenre, GENRE_RULES, macroF1Of, macroF1Over, mixWeights, offsetsUnderPriors, PSEUDO_COUNTS, RULE_CANDIDATES, rulePriors, tuneOffsets } from '../../src/tasks/genre/decide.js';
import { rankStyleColumns, rocAuc, screenColumns } from '../../src/tasks/genre/train.js';
import { seededRandom } from '../../src/learn/random.js';
import { emPriors } from '../../src/learn/priorshift.js';

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

describe('genre decisions on calibrated probabilities', () => {
  it('an offset on a class log-probability moves the decision toward it', () => {
    const p = [0.5, 0.4, 0.1];
    expect(decideGenre(p, [0, 0, 0])).toBe(0);
    expect(decideGenre(p, [0, Math.log(0.5 / 0.4) + 0.01, 0])).toBe(1);
    expect(decideGenre(p, [0, 0, 1.7])).toBe(2);
  });

  it('tuned offsets recover a minority class the raw probabilities under-call', () => {
    // Class 1 always scores a little below class 0, but is the gold label for half the examples.
    const probs = [0.6, 0.55, 0.6, 0.55].map((a, i) => Float64Array.from([a, i % 2 ? 0.44 : 0.3, 1 - a - (i % 2 ? 0.44 : 0.3)]));
    const y = [0, 1, 0, 1];
    expect(probs.map((p) => decideGenre(p, [0, 0, 0]))).toEqual([0, 0, 0, 0]);
    const off = tuneOffsets(probs, y);
    expect(probs.map((p) => decideGenre(p, off))).toEqual(y);
    expect(macroF1Of(probs, y, off)).toBeGreaterThan(macroF1Of(probs, y, [0, 0, 0]));
  });

  it('mix weights turn the class mix into the target mix; priors are class shares', () => {
    const y = [0, 0, 0, 1];
    const from = classPriors(y, 3);
    expect(Array.from(from)).toEqual([0.75, 0.25, 0]);
    const w = mixWeights(y, from, [0.5, 0.5, 0]);
    const total = w.reduce((a, b) => a + b, 0);
    expect((w[0] + w[1] + w[2]) / total).toBeCloseTo(0.5, 10);
    expect(w[3] / total).toBeCloseTo(0.5, 10);
  });

  it('macro-F1 over the classes a mix has', () => {
    // Two classes present; class 2 is never gold nor predicted and does not count.
    expect(macroF1Over([0, 0, 1, 1], [0, 0, 1, 1], [0, 1])).toBe(1);
    expect(macroF1Over([0, 0, 1, 1], [0, 0, 1, 1], [0, 1, 2])).toBeCloseTo(2 / 3, 10);
  });
});

/** Synthetic calibrated rows: each class's probability is high for its own rows, with noise. */
function syntheticRows(counts: number[], seed: number): { probs: Float64Array[]; y: number[] } {
  const rand = seededRandom(seed);
  const probs: Float64Array[] = [];
  const y: number[] = [];
  counts.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      const raw = [0, 1, 2].map((k) => Math.exp((k === c ? 1.2 : 0) + 1.1 * (rand() - 0.5) * 2));
      const s = raw.reduce((a, b) => a + b, 0);
      probs.push(Float64Array.from(raw, (v) => v / s));
      y.push(c);
    }
  });
  return { probs, y };
}

describe('label shift', () => {
  const rows = syntheticRows([120, 20, 10], 3);
  const train = classPriors(rows.y, 3);

  it('offsets under a reporting-heavy prior call more articles reporting than the training offsets', () => {
    const batch = syntheticRows([20, 160, 20], 9);
    const before = batch.probs.map((p) => decideGenre(p, tuneOffsets(rows.probs, rows.y)));
    const after = decideBatch(rows, train, batch.probs, 'em', 0);
    const count = (xs: number[], c: number) => xs.filter((x) => x === c).length;
    expect(count(after, 1)).toBeGreaterThanOrEqual(count(before, 1));
    // EM sees the batch's mix: reporting's estimated share is far above its training share.
    expect(emPriors(batch.probs, train).priors[1]).toBeGreaterThan(train[1] + 0.3);
  });

  it('a huge pseudo-count keeps the training priors: the training rule, the training decision', () => {
    const batch = syntheticRows([10, 80, 10], 4);
    const offsets = offsetsUnderPriors(rows, train, train);
    const training = batch.probs.map((p) => decideGenre(p, offsets));
    expect(decideBatch(rows, train, batch.probs, 'em', 1e9)).toEqual(training);
    expect(decideBatch(rows, train, batch.probs, 'training')).toEqual(training);
  });

  it('each rule decides under its priors: EM from the batch, the training shares, or equal shares', () => {
    const batch = syntheticRows([10, 80, 10], 4).probs;
    expect(Array.from(rulePriors('uniform', train, batch, 0))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(Array.from(rulePriors('training', train, batch, 0))).toEqual(Array.from(train));
    expect(Array.from(rulePriors('em', train, batch, 30))).toEqual(Array.from(emPriors(batch, train, { pseudoCount: 30 }).priors));
    // Uniform priors ignore the batch: an article is decided the same alone or among others.
    const together = decideBatch(rows, train, batch, 'uniform');
    expect(batch.slice(0, 5).map((p) => decideBatch(rows, train, [p], 'uniform')[0])).toEqual(together.slice(0, 5));
    // Against the training priors, uniform priors raise the minority classes: more articles called reporting.
    const count = (xs: number[]) => xs.filter((x) => x === 1).length;
    expect(count(together)).toBeGreaterThan(count(decideBatch(rows, train, batch, 'training')));
  });

  it('chooses a decision rule among EM pseudo-counts, the training and the uniform priors, deterministically', () => {
    const raw = syntheticRows([80, 30, 20], 5);
    const identity = () => (p: Float64Array) => p;
    const a = chooseRule(raw.probs, raw.y, identity, { draws: 6, size: 60, seed: 1 });
    const b = chooseRule(raw.probs, raw.y, identity, { draws: 6, size: 60, seed: 1 });
    expect(a).toEqual(b);
    expect(GENRE_RULES).toContain(a.rule);
    expect(PSEUDO_COUNTS).toContain(a.pseudoCount);
    expect(a.values).toHaveLength(RULE_CANDIDATES.length);
    expect(RULE_CANDIDATES.map((r) => r.rule)).toEqual(['uniform', ...PSEUDO_COUNTS.map(() => 'em'), 'training']);
    const best = Math.max(...a.values);
    // The last candidate reaching the best value wins (ties go to the smaller move).
    const last = a.values.reduce((k, v, i) => (v >= best - 1e-12 ? i : k), -1);
    expect(RULE_CANDIDATES[last].rule).toBe(a.rule);
    const emValues = RULE_CANDIDATES.flatMap((r, i) => (r.rule === 'em' ? [a.values[i]] : []));
    expect(a.values[RULE_CANDIDATES.findIndex((r) => r.rule === 'em' && r.pseudoCount === a.pseudoCount)]).toBe(Math.max(...emValues));
  });

  it('when every rule is as good, the choice is the smallest move: the training priors', () => {
    // Rows so clear that every rule decides every batch perfectly.
    const y = [...Array(40).fill(0), ...Array(20).fill(1), ...Array(12).fill(2)];
    const probs = y.map((c) => Float64Array.from([0, 1, 2], (k) => (k === c ? 0.98 : 0.01)));
    const r = chooseRule(probs, y, () => (p) => p, { draws: 5, size: 50, seed: 3 });
    expect(r.values.every((v) => v === 1)).toBe(true);
    expect(r.rule).toBe('training');
    expect(r.pseudoCount).toBe(PSEUDO_COUNTS[PSEUDO_COUNTS.length - 1]);
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
