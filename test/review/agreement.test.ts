/** Cohen's kappa and Krippendorff's alpha (nominal) against values computed by hand, and the agreement report over stored decisions. */
import { describe, expect, it } from 'vitest';
import { agreement, cohensKappa, krippendorffAlpha } from '../../src/review/agreement.js';
import type { Annotation, Decision } from '../../src/store/annotations.js';

const T = true;
const F = false;

describe("Cohen's kappa", () => {
  it('matches the hand computation: 7 of 10 agree, marginals 0.6 and 0.5, chance 0.5, kappa (0.7 - 0.5) / 0.5 = 0.4', () => {
    const a = [T, T, T, T, T, T, F, F, F, F];
    const b = [T, T, T, T, F, F, F, F, F, T];
    expect(cohensKappa(a.map((x, i) => [x, b[i]] as const))).toBeCloseTo(0.4, 10);
  });

  it('is 1 for full agreement with both values used, negative below chance, undefined (null) when chance agreement is total', () => {
    expect(cohensKappa([[T, T], [F, F], [T, T]])).toBe(1);
    // Always opposite, marginals 0.5 each: observed 0, chance 0.5, kappa -1.
    expect(cohensKappa([[T, F], [F, T]])).toBe(-1);
    expect(cohensKappa([[T, T], [T, T]])).toBeNull();
    expect(cohensKappa([])).toBeNull();
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  it('two raters over the ten targets above: o_TT 8, o_FF 6, o_TF = o_FT 3, n 20, alpha = 1 - 19 * 6 / (2 * 11 * 9) = 14/33', () => {
    const a = [T, T, T, T, T, T, F, F, F, F];
    const b = [T, T, T, T, F, F, F, F, F, T];
    expect(krippendorffAlpha(a.map((x, i) => [x, b[i]]))).toBeCloseTo(14 / 33, 10);
  });

  it('three raters with missing values: a unit of one value is not pairable; alpha = 1 - 7 * 2 / (2 * 5 * 3) = 16/30', () => {
    expect(krippendorffAlpha([[T, T, F], [F, F], [T], [T, T, T]])).toBeCloseTo(16 / 30, 10);
  });

  it('is undefined (null) with no pairable unit or a single value throughout', () => {
    expect(krippendorffAlpha([[T], [F]])).toBeNull();
    expect(krippendorffAlpha([[T, T], [T, T, T]])).toBeNull();
  });
});

let n = 0;
function decided(article: string, task: string, label: string, author: string, decision: Decision, current = true): Annotation {
  n++;
  return { id: `d${n}`, articleId: article, articleHash: `hash-${article}`, task, label, decision, author, createdAt: `2026-01-01T10:00:${String(n).padStart(2, '0')}.000Z`, modelVersion: 'v1', current };
}

describe('agreement over decisions', () => {
  it('pairs each two annotators over the targets both decided (accept and add both say the label holds), overall and per task', () => {
    const decisions = [
      decided('a1', 'narratives', 'N1', 'anna', 'accept'),
      decided('a1', 'narratives', 'N1', 'bo', 'add'),
      decided('a1', 'narratives', 'N2', 'anna', 'reject'),
      decided('a1', 'narratives', 'N2', 'bo', 'accept'),
      decided('a2', 'narratives', 'N1', 'anna', 'reject'),
      decided('a2', 'narratives', 'N1', 'bo', 'reject'),
      decided('a2', 'genre', 'opinion', 'anna', 'accept'),
      decided('a2', 'genre', 'opinion', 'bo', 'accept'),
      decided('a2', 'genre', 'opinion', 'cy', 'reject', false),
      decided('a2', 'genre', 'opinion', 'cy', 'accept'),
      // Decided by one annotator only: in no pair.
      decided('a3', 'frames', 'Economic', 'anna', 'accept'),
    ];
    const report = agreement(decisions);
    // anna/bo: 4 targets, (T,T) (F,T) (F,F) (T,T): observed 3/4; marginals 2/4 and 3/4; chance 0.5*0.75 + 0.5*0.25 = 0.5; kappa 0.5.
    expect(report.pairs).toEqual([
      { a: 'anna', b: 'bo', articles: 2, targets: 4, kappa: 0.5 },
      { a: 'anna', b: 'cy', articles: 1, targets: 1, kappa: null },
      { a: 'bo', b: 'cy', articles: 1, targets: 1, kappa: null },
    ]);
    expect(report.targets).toBe(4);
    // Units: [T,T], [F,T], [F,F], [T,T,T]: o_TT 2 + 3 = 5, o_FF 2, o_TF 1; n_T 6, n_F 3, n 9; alpha = 1 - 8 * 2 / (2 * 6 * 3) = 5/9.
    expect(report.alpha).toBeCloseTo(5 / 9, 10);
    expect(Object.keys(report.byTask)).toEqual(['frames', 'genre', 'narratives']);
    expect(report.byTask.genre.pairs.map((p) => [p.a, p.b, p.kappa])).toEqual([['anna', 'bo', null], ['anna', 'cy', null], ['bo', 'cy', null]]);
    expect(report.byTask.frames).toEqual({ pairs: [], alpha: null, targets: 0 });
    // Narratives: [T,T], [F,T], [F,F]: o_TT 2, o_FF 2, o_TF 1; n_T 3, n_F 3, n 6; alpha = 1 - 5 * 2 / 18 = 4/9.
    expect(report.byTask.narratives.alpha).toBeCloseTo(4 / 9, 10);
  });

  it('an article deleted and ingested again under another id is one article: decisions follow the text', () => {
    const a = { ...decided('old-id', 'genre', 'satire', 'anna', 'accept'), articleHash: 'same-text' };
    const b = { ...decided('new-id', 'genre', 'satire', 'bo', 'reject'), articleHash: 'same-text' };
    // One disagreeing pair: observed 0, marginals 1 and 0, chance 1·0 + 0·1 = 0, kappa 0.
    expect(agreement([a, b]).pairs).toEqual([{ a: 'anna', b: 'bo', articles: 1, targets: 1, kappa: 0 }]);
  });
});
