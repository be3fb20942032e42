// Issue 13 for narratives: calibrated scores (calibrate.ts), label-shift adaptation (shift.ts and the
// task's shift hook), the dominant narrative of an article decoded as "Other" (dominant.ts), and the
// held-out measurements (measure.ts) — on invented texts and synthetic scores.
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { buildDoc } from '../../src/pipeline.js';
import { FeatureHasher } from '../../src/features/index.js';
import { applyPlatt } from '../../src/learn/calibration.js';
import { calibrated, chooseMinPositives, fitLabelPlatt, fitNarrativeCalibration, levelsOf, matchScale, uncalibrated } from '../../src/tasks/narratives/calibrate.js';
import { chooseDominantRule, fitNarratives } from '../../src/tasks/narratives/train.js';
import { dominantCandidates } from '../../src/tasks/narratives/dominant.js';
import { decodeLabels, type DecodeParams } from '../../src/tasks/narratives/decode.js';
import { toNarrativeModel } from '../../src/tasks/narratives/model.js';
import { annotateNarratives, narrativesAnnotatorFrom } from '../../src/tasks/narratives/annotate.js';
import { batchPriors, choosePseudoCount, shiftedRaw, trainingPriors } from '../../src/tasks/narratives/shift.js';
import type { LabelSpace } from '../../src/tasks/narratives/labels.js';
import type { Taxonomy } from '../../src/tasks/narratives/taxonomy.js';

/** A seeded generator, so the synthetic scores are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const space: LabelSpace = { domains: ['URW', 'CC'], narratives: ['CC: Alpha', 'URW: Beta'], subNarratives: ['CC: Alpha: One', 'URW: Beta: Two'], parent: [0, 1] };
const levels = levelsOf(space);

/** Over-confident scores: a label is on with probability `rate`, and its score says far more than it knows. */
function overconfident(n: number, rate: number, seed: number): { probs: Float64Array[]; targets: number[][] } {
  const r = rng(seed);
  const probs: Float64Array[] = [];
  const targets: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(6);
    const on: number[] = [];
    for (let l = 0; l < 6; l++) {
      const y = r() < rate;
      if (y) on.push(l);
      // Noisy evidence pushed through a steep sigmoid: right more often than not, and always sure.
      const z = (y ? 0.6 : -0.6) + (r() - 0.5) * 3;
      row[l] = 1 / (1 + Math.exp(-4 * z));
    }
    probs.push(row);
    targets.push(on);
  }
  return { probs, targets };
}

describe('narrative calibration', () => {
  it('fits maps that bring over-confident scores to the observed rates, and inverts them', () => {
    const train = overconfident(600, 0.3, 1);
    const test = overconfident(600, 0.3, 2);
    const cal = fitNarrativeCalibration(train.probs, train.targets, levels);
    expect(cal.platt).toHaveLength(6);
    expect(cal.priors.every((p) => p > 0.2 && p < 0.4)).toBe(true);
    // Mean calibrated probability of the high raw scores is near their true rate, unlike the raw score.
    const high = test.probs.flatMap((p, i) => Array.from(p, (v, l) => ({ v, q: calibrated(cal, p)[l], y: test.targets[i].includes(l) }))).filter((x) => x.v > 0.9);
    const rate = high.filter((x) => x.y).length / high.length;
    const meanQ = high.reduce((a, x) => a + x.q, 0) / high.length;
    const meanRaw = high.reduce((a, x) => a + x.v, 0) / high.length;
    expect(Math.abs(meanQ - rate)).toBeLessThan(0.08);
    expect(meanRaw - rate).toBeGreaterThan(0.15);
    const raw = test.probs[0];
    const back = uncalibrated(cal, calibrated(cal, raw), raw);
    for (let l = 0; l < 6; l++) expect(back[l]).toBeCloseTo(raw[l], 6);
  });

  it('shares one map per level when labels have too few positives to fit their own', () => {
    const few = overconfident(40, 0.05, 3);
    expect(chooseMinPositives(few.probs, few.targets, levels)).not.toBe(1);
    const maps = fitLabelPlatt(few.probs, few.targets, levels, 1e9);
    expect(maps[2]).toEqual(maps[3]);
    expect(maps[4]).toEqual(maps[5]);
    expect(maps[0]).toEqual(maps[1]);
  });
});

describe('calibration choices made on training scores', () => {
  it('keeps the raw scores when they are already calibrated', () => {
    const r = rng(7);
    const probs: Float64Array[] = [];
    const targets: number[][] = [];
    for (let i = 0; i < 800; i++) {
      const row = Float64Array.from({ length: 6 }, () => 0.02 + 0.96 * r() ** 2);
      probs.push(row);
      targets.push([0, 1, 2, 3, 4, 5].filter((l) => r() < row[l]));
    }
    expect(chooseMinPositives(probs, targets, levels)).toBeNull();
    const identity = fitLabelPlatt(probs, targets, levels, null);
    expect(identity.every((m) => m.a === 1 && m.b === 0)).toBe(true);
  });

  it('chooses the maps for the pairs a reader sees when told which those are', () => {
    // Labels 0 and 1 calibrated, the others over-confident: judged on 0 and 1 alone, no map is best.
    const r = rng(11);
    const over = overconfident(800, 0.3, 12);
    const probs = over.probs.map((row) => Float64Array.from(row, (v, l) => (l < 2 ? 0.05 + 0.9 * r() : v)));
    const targets = probs.map((row, i) => [...[0, 1].filter((l) => r() < row[l]), ...over.targets[i].filter((l) => l >= 2)]);
    expect(chooseMinPositives(probs, targets, levels)).not.toBeNull();
    expect(chooseMinPositives(probs, targets, levels, undefined, probs.map(() => [0, 1]))).toBeNull();
  });

  it('narrows the maps when the final model spreads its logits twice as wide as the inner models', () => {
    const cal = { platt: Array.from({ length: 6 }, () => ({ a: 1.5, b: -0.2 })), priors: new Array(6).fill(0.3), minPositives: 5 };
    const z = [-2, -1, 0, 1, 2];
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const inner = [z.map((v) => new Array(6).fill(sig(v)))];
    const final = z.map((v) => new Array(6).fill(sig(2 * v)));
    const moved = matchScale(cal, inner, final, levels);
    for (const m of moved.platt) {
      expect(m.a).toBeCloseTo(0.75, 6);
      expect(m.b).toBeCloseTo(-0.2, 6);
    }
    // The final model's score of an article maps to what the inner map gave the inner model's.
    expect(applyPlatt(moved.platt[3], sig(2))).toBeCloseTo(applyPlatt(cal.platt[3], sig(1)), 6);
    expect(matchScale({ ...cal, minPositives: null }, inner, final, levels).platt).toBe(cal.platt);
  });

  it('picks no adaptation unless adapting scores better on the simulated batches', () => {
    const cal = { platt: Array.from({ length: 6 }, () => ({ a: 1, b: 0 })), priors: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], minPositives: null };
    // Rows where label 2 is rarely likely: EM lowers its prior, so adapted scores of label 2 fall.
    const raw = Array.from({ length: 40 }, (_, i) => Float64Array.of(0.5, 0.5, i % 10 === 0 ? 0.6 : 0.05, 0.5, 0.5, 0.5));
    const all = raw.map((_, i) => i);
    const lowLabel2 = (_: readonly number[], shifted: readonly Float64Array[]) => -shifted.reduce((a, p) => a + p[2], 0);
    const unchanged = (rows: readonly number[], shifted: readonly Float64Array[]) => -shifted.reduce((a, p, k) => a + Math.abs(p[2] - raw[rows[k]][2]), 0);
    expect(choosePseudoCount(cal, raw, [all], lowLabel2)).toBe(0);
    expect(choosePseudoCount(cal, raw, [all], unchanged)).toBe(1e9);
  });
});

describe('label shift of narrative scores', () => {
  const taxonomy: Taxonomy = { narratives: ['CC: Alpha', 'URW: Beta', 'Other'], subNarratives: ['CC: Alpha: One', 'URW: Beta: Two', 'Other'] };
  const war = ['tanks cross the river at dawn near the front', 'artillery shells the front line at night', 'soldiers dig trenches near the front', 'the army moves tanks and artillery', 'drones strike the tanks by the river', 'the front line holds against the army', 'tanks and drones at the river front', 'the army shells the trenches at dawn'];
  const climate = ['glaciers melt in the warm spring', 'carbon emissions warm the climate', 'the warm summer melts the glaciers', 'emissions and carbon taxes divide voters', 'sea levels rise as glaciers melt', 'a heatwave and carbon emissions', 'carbon and glaciers in a warm year', 'the climate warms and glaciers melt'];
  const texts = [...war, ...climate];
  const gold = texts.map((_, i) => (i < war.length ? { id: `EN_UA_${i}.txt`, narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] } : { id: `EN_CC_${i}.txt`, narratives: ['CC: Alpha'], subNarratives: ['CC: Alpha: One'] }));
  const hasher = { bits: 14, wordNgrams: [1, 1] as [number, number], charNgrams: null };
  const h = new FeatureHasher(hasher);
  const opts = { hasher, tfidf: { minDf: 1 }, innerFolds: 2, tryExpectedF1: false, perLabel: false, poolWith: {} };
  const fitted = fitNarratives(texts.map((t) => h.counts(t)), gold, [], taxonomy, opts, undefined, undefined, [], gold.map((g) => g.narratives[0]));
  const model = toNarrativeModel(fitted, { lang: 'en', version: 'test', seed: 1, hasher, taxonomy, training: {} }, 1000);
  const doc = () => buildDoc(createArticle({ raw: 'An invented title\n\nTanks and artillery cross the river at dawn.', origin: { format: 'text' } }), {}, 'en').doc;

  it('stores calibration, training priors and the dominant rule chosen in training', () => {
    const priors = trainingPriors(model);
    const D = 2;
    const beta = model.labels.narratives.indexOf('URW: Beta');
    expect(priors[D + beta]).toBeCloseTo(0.5, 6);
    expect(model.meta.calibration?.platt).toHaveLength(priors.length);
    expect(['combined', 'narrative', 'sub']).toContain(model.meta.dominantRule);
    const again = toNarrativeModel(fitted, { lang: 'en', version: 'test', seed: 1, hasher, taxonomy, training: {} }, 1000);
    expect(Array.from(again.calibrated(model.probabilities(model.vectorize(war[0]))))).toEqual(Array.from(model.calibrated(model.probabilities(model.vectorize(war[0])))));
  });

  it('shows calibrated scores and thresholds that decide as the raw ones do', () => {
    const d = doc();
    const section = annotateNarratives(d, model);
    const raw = model.probabilities(model.vectorize(d.view.text));
    const beta = model.labels.narratives.indexOf('URW: Beta');
    const decided = model.displayed(raw, new Set([2 + beta]));
    const shownMap = model.meta.calibration!.shown![2 + beta];
    // A decided label is shown through the map of decided labels; the others through their own.
    expect(decided[2 + beta]).toBeCloseTo(applyPlatt(shownMap, raw[2 + beta]), 9);
    const alpha = 2 + model.labels.narratives.indexOf('CC: Alpha');
    expect(decided[alpha]).toBeCloseTo(model.calibrated(raw)[alpha], 9);
    const shown = section.narratives.find((n) => n.label === 'URW: Beta');
    expect(shown?.score).toBeCloseTo(decided[2 + beta], 4);
    expect(shown!.score).toBeGreaterThanOrEqual(shown!.threshold!);
    expect(shown?.threshold).toBeCloseTo(applyPlatt(shownMap, model.params.narrative[beta]), 4);
  });

  it('leaves decisions alone under the training priors and drops a narrative whose prior falls to nearly nothing', () => {
    const task = narrativesAnnotatorFrom();
    const shift = task.shift!;
    expect(shift.kind).toBe('multilabel');
    expect(shift.labels(model)).toEqual([...model.labels.domains, ...model.labels.narratives, ...model.labels.subNarratives]);
    const d = doc();
    const section = annotateNarratives(d, model);
    expect(shift.evidence(d, section, model)).toHaveLength(1);
    const same = shift.redecide(d, section, model, shift.trainingPriors(model));
    expect(same.narratives.map((n) => n.label)).toEqual(section.narratives.map((n) => n.label));
    for (let k = 0; k < same.narratives.length; k++) expect(same.narratives[k].score).toBeCloseTo(section.narratives[k].score, 3);
    const priors = shift.trainingPriors(model);
    const beta = model.labels.narratives.indexOf('URW: Beta');
    priors[2 + beta] = 1e-6;
    priors[0] = 1e-6;
    const adapted = shift.redecide(d, section, model, priors);
    expect(section.narratives.map((n) => n.label)).toContain('URW: Beta');
    expect(adapted.narratives.map((n) => n.label)).not.toContain('URW: Beta');
  });

  it('estimates a war-only batch as having more war and less climate than training', () => {
    const rows = war.map((t) => model.calibrated(model.probabilities(model.vectorize(t))));
    const priors = batchPriors(model, rows);
    const train = trainingPriors(model);
    const beta = 2 + model.labels.narratives.indexOf('URW: Beta');
    const alpha = 2 + model.labels.narratives.indexOf('CC: Alpha');
    expect(priors[beta]).toBeGreaterThan(train[beta]);
    expect(priors[alpha]).toBeLessThan(train[alpha]);
    const raw = model.probabilities(model.vectorize(war[0]));
    expect(shiftedRaw(model, raw, priors)[alpha]).toBeLessThan(raw[alpha]);
  });

  it('refuses to adapt with a model file that has no calibration, naming the model', () => {
    const old = toNarrativeModel({ ...fitted, calibration: undefined as never }, { lang: 'en', version: 'old-file', seed: 1, hasher, taxonomy, training: {} }, 1000);
    expect(() => trainingPriors(old)).toThrow(/old-file: no calibration/);
  });
});

describe('dominant narrative of an article decoded as "Other"', () => {
  const params: DecodeParams = { other: 0.6, narrative: Float64Array.of(0.3, 0.3), sub: Float64Array.of(0.4, 0.4), singleDomain: false, otherBy: 'narrative', hedgeOther: 2 };

  it('takes the narratives over their own thresholds when the best is below the "Other" gate', () => {
    const p = Float64Array.of(0.2, 0.5, 0.45, 0.1, 0.2, 0.05);
    const d = decodeLabels(p, space, params);
    expect(d.narrativeIds).toEqual([]);
    const c = dominantCandidates(p, space, params, d);
    expect(c).toEqual({ narrativeIds: [0], specificSubs: [], belowOther: true });
  });

  it('brings a narrative in through its sub-narrative, and gives nothing when no label clears its threshold', () => {
    const viaSub = Float64Array.of(0.5, 0.2, 0.1, 0.25, 0.05, 0.5);
    expect(dominantCandidates(viaSub, space, params, decodeLabels(viaSub, space, params))).toEqual({ narrativeIds: [1], specificSubs: [1], belowOther: true });
    const nothing = Float64Array.of(0.1, 0.1, 0.2, 0.25, 0.1, 0.1);
    expect(dominantCandidates(nothing, space, params, decodeLabels(nothing, space, params)).narrativeIds).toEqual([]);
  });

  it('keeps the decoded narratives when the article is not "Other"', () => {
    const p = Float64Array.of(0.8, 0.1, 0.9, 0.2, 0.7, 0.1);
    const d = decodeLabels(p, space, params);
    expect(dominantCandidates(p, space, params, d)).toEqual({ narrativeIds: [0], specificSubs: [0], belowOther: false });
  });

  it('chooses the rule that names the gold dominant narrative most often on training scores', () => {
    // Both narratives chosen; the gold dominant one has the lower narrative score but the stronger sub-narrative.
    const p = Float64Array.of(0.9, 0.9, 0.8, 0.7, 0.1, 0.9);
    const rows = [p, p, p];
    const identity = fitNarrativeCalibration([], [], levels);
    identity.platt = identity.platt.map(() => ({ a: 1, b: 0 }));
    const both: DecodeParams = { ...params, other: 0.1, narrative: Float64Array.of(0.5, 0.5), sub: Float64Array.of(0.5, 0.5) };
    expect(chooseDominantRule(rows, ['URW: Beta', 'URW: Beta', null], space, both, identity)).not.toBe('narrative');
    expect(chooseDominantRule(rows, ['CC: Alpha', 'CC: Alpha', 'CC: Alpha'], space, both, identity)).toBe('narrative');
  });
});
