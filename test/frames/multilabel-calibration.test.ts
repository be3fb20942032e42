/** fitMultiLabel's per-label Platt scaling and training priors, on small invented texts. */
import { describe, expect, it } from 'vitest';
import { hashMarkedTexts } from '../../src/features/index.js';
import { applyPlatt, calibratedLabels, calibratedThresholds, decideLabels, fitMultiLabel, labelPriors, type MultiLabelConfig } from '../../src/learn/index.js';

const CFG: MultiLabelConfig = {
  hasher: { bits: 12, wordNgrams: [1, 1], charNgrams: null },
  tfidf: { minDf: 1, useIdf: true, wordWeight: 1 },
  learner: { C: 4, maxEpochs: 30 },
  innerFolds: 3,
  seed: 1,
  perLabel: true,
  shrinkage: 20,
};

function corpus(): { texts: string[]; Y: number[][] } {
  const texts: string[] = [];
  const Y: number[][] = [];
  for (let i = 0; i < 40; i++) {
    const money = i % 2 === 0;
    const court = i % 3 === 0;
    texts.push(`${money ? 'budget tax spending' : 'weather walk'} ${court ? 'judge ruling court' : 'garden park'} item${i}`);
    Y.push([...(money ? [0] : []), ...(court ? [1] : [])]);
  }
  return { texts, Y };
}

describe('multi-label calibration', () => {
  it('returns a Platt fit and the share of positives for every label', () => {
    const { texts, Y } = corpus();
    const fit = fitMultiLabel(hashMarkedTexts(texts, CFG.hasher), Y, ['money', 'court', 'never'], CFG);
    expect(fit.platt).toHaveLength(3);
    expect(Array.from(fit.priors)).toEqual([0.5, 14 / 40, 0].map((x) => expect.closeTo(x, 10)));
    // No positives: the identity, so the label's scores pass through.
    expect(fit.platt[2]).toEqual({ a: 1, b: 0 });
    for (const c of fit.platt) expect(c.a).toBeGreaterThan(0);
  });

  it('decides the same labels on the calibrated scale with calibrated thresholds', () => {
    const { texts, Y } = corpus();
    const counts = hashMarkedTexts(texts, CFG.hasher);
    const labels = ['money', 'court'];
    const fit = fitMultiLabel(counts, Y, labels, CFG);
    const cal = calibratedThresholds(fit.platt, fit.thresholds);
    for (const c of counts) {
      const raw = fit.model.scores(fit.space.transform(c));
      const p = Float64Array.from(raw, (x, l) => applyPlatt(fit.platt[l], x));
      expect(decideLabels(p, labels, cal)).toEqual(decideLabels(raw, labels, fit.thresholds));
    }
  });

  it('keeps the identity when a fit would reverse the ranking', () => {
    // Higher scores go with negatives: Platt would need a < 0.
    const oof = [0.9, 0.8, 0.7, 0.2, 0.1, 0.05].map((x) => Float64Array.of(x));
    const Y = [[], [], [], [0], [0], [0]];
    expect(calibratedLabels(oof, Y, 1)).toEqual([{ a: 1, b: 0 }]);
    expect(Array.from(labelPriors(Y, 1))).toEqual([0.5]);
  });
});
