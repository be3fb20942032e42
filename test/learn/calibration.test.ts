import { describe, expect, it } from 'vitest';
import {
  applyPlatt,
  applyTemperatureBias,
  emLabelPriors,
  emPriors,
  fitPlatt,
  fitTemperatureBias,
  multiLabelReliability,
  reliability,
  seededRandom,
  shiftBinary,
  shiftPosterior,
  topLabelReliability,
} from '../../src/learn/index.js';

/** Draws a class from `mix`, then a 3-class posterior of a fixed, known model for it. */
function sample(mix: number[], n: number, seed: number): { p: Float64Array[]; y: number[] } {
  const rand = seededRandom(seed);
  // Class-conditional scores: a Gaussian "signal" per class on a 1-D feature; true posterior under a uniform prior.
  const means = [-2, 0, 2];
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const p: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let u = rand();
    let c = 0;
    while (c < mix.length - 1 && u >= mix[c]) u -= mix[c++];
    const x = means[c] + gauss();
    const lik = means.map((m) => Math.exp(-0.5 * (x - m) * (x - m)));
    const s = lik.reduce((a, b) => a + b, 0);
    p.push(Float64Array.from(lik, (v) => v / s));
    y.push(c);
  }
  return { p, y };
}

describe('Platt scaling', () => {
  it('shrinks over-confident scores toward the observed frequency and keeps the ranking', () => {
    const rand = seededRandom(3);
    const p: number[] = [];
    const y: boolean[] = [];
    // Scores say 0.95 / 0.05, but the outcome follows 0.7 / 0.3.
    for (let i = 0; i < 2000; i++) {
      const high = rand() < 0.5;
      p.push(high ? 0.95 : 0.05);
      y.push(rand() < (high ? 0.7 : 0.3));
    }
    const c = fitPlatt(p, y);
    expect(applyPlatt(c, 0.95)).toBeGreaterThan(0.65);
    expect(applyPlatt(c, 0.95)).toBeLessThan(0.75);
    expect(applyPlatt(c, 0.05)).toBeGreaterThan(0.25);
    expect(applyPlatt(c, 0.05)).toBeLessThan(0.35);
    expect(reliability(p.map((v) => applyPlatt(c, v)), y).ece).toBeLessThan(reliability(p, y).ece);
  });

  it('is the identity without positives', () => {
    expect(fitPlatt([0.2, 0.4], [false, false])).toEqual({ a: 1, b: 0 });
  });
});

describe('bias-corrected temperature scaling', () => {
  it('undoes a temperature and a class bias put on true posteriors', () => {
    const { p, y } = sample([0.5, 0.3, 0.2], 3000, 11);
    // Distort: sharpen by 3 and add a bias toward class 2.
    const distorted = p.map((r) => applyTemperatureBias({ temperature: 1 / 3, bias: [0, 0, 1.5] }, r));
    const c = fitTemperatureBias(distorted, y);
    const fixed = distorted.map((r) => applyTemperatureBias(c, r));
    expect(topLabelReliability(fixed, y).ece).toBeLessThan(0.03);
    expect(topLabelReliability(distorted, y).ece).toBeGreaterThan(0.08);
  });
});

describe('reliability', () => {
  it('bins scores and weighs each bin by its size', () => {
    const r = reliability([0.05, 0.05, 0.95, 0.95], [false, true, true, true], 10);
    expect(r.n).toBe(4);
    expect(r.bins[0].count).toBe(2);
    expect(r.bins[0].frequency).toBe(0.5);
    expect(r.bins[9].count).toBe(2);
    expect(r.ece).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.05, 10);
  });

  it('counts every (row, label) pair of a multi-label set', () => {
    const r = multiLabelReliability([Float64Array.from([0.9, 0.1]), Float64Array.from([0.8, 0.3])], [[0], [1]]);
    expect(r.n).toBe(4);
  });
});

describe('EM prior estimation (Saerens et al. 2002)', () => {
  it('recovers a shifted class mix from posteriors made under the training mix', () => {
    const train = [1 / 3, 1 / 3, 1 / 3];
    const { p } = sample([0.8, 0.15, 0.05], 4000, 5);
    const est = emPriors(p, train);
    expect(est.converged).toBe(true);
    expect(est.priors[0]).toBeGreaterThan(0.76);
    expect(est.priors[0]).toBeLessThan(0.84);
    expect(est.priors[2]).toBeLessThan(0.09);
    // Plain averaging of the posteriors is biased toward the training mix.
    const naive = p.reduce((s, r) => s + r[0], 0) / p.length;
    expect(Math.abs(est.priors[0] - 0.8)).toBeLessThan(Math.abs(naive - 0.8));
  });

  it('with a pseudo-count stays nearer the training priors', () => {
    const { p } = sample([0.8, 0.15, 0.05], 40, 9);
    const ml = emPriors(p, [1 / 3, 1 / 3, 1 / 3]);
    const map = emPriors(p, [1 / 3, 1 / 3, 1 / 3], { pseudoCount: 40 });
    expect(Math.abs(map.priors[0] - 1 / 3)).toBeLessThan(Math.abs(ml.priors[0] - 1 / 3));
  });

  it('moves posteriors by the prior ratio and leaves them alone at the training priors', () => {
    const p = [0.2, 0.3, 0.5];
    expect(Array.from(shiftPosterior(p, [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]))).toEqual(p.map((v) => expect.closeTo(v, 12)));
    const q = shiftPosterior(p, [1 / 3, 1 / 3, 1 / 3], [0.8, 0.1, 0.1]);
    expect(q[0]).toBeGreaterThan(p[0]);
    expect(q[0] + q[1] + q[2]).toBeCloseTo(1, 12);
    expect(shiftBinary(0.5, 0.5, 0.9)).toBeCloseTo(0.9, 12);
  });

  it('estimates each label of a multi-label batch on its own', () => {
    const rand = seededRandom(21);
    // Scores calibrated at a training prior of 0.5: a positive scores 0.8 four times in five, a
    // negative 0.2 four times in five, so P(on | 0.8) = 0.8. Batch priors: label 0 0.9, label 1 0.2.
    const score = (on: boolean) => ((rand() < 0.8) === on ? 0.8 : 0.2);
    const rows: Float64Array[] = [];
    for (let i = 0; i < 4000; i++) rows.push(Float64Array.from([score(rand() < 0.9), score(rand() < 0.2)]));
    const est = emLabelPriors(rows, [0.5, 0.5]);
    expect(est.priors[0]).toBeGreaterThan(0.85);
    expect(est.priors[0]).toBeLessThan(0.95);
    expect(est.priors[1]).toBeGreaterThan(0.15);
    expect(est.priors[1]).toBeLessThan(0.25);
  });
});
