/**
 * The multi-label recipe shared by paragraph techniques, frames and genre: a tf-idf space over hashed
 * n-gram counts, one-vs-rest logistic regression (primal.ts), and decision thresholds tuned on inner
 * cross-validation to maximise micro-F1 (the official metric): first one global threshold, then one
 * per label shrunk toward it by support / (support + shrinkage). Also the decoding of probability
 * rows into label sets (thresholds, or the top-k set of highest expected F1).
 */
import type { HashedCounts, HasherOptions } from '../features/hasher.js';
import { fitPlatt, IDENTITY_PLATT, plattThreshold, type Platt } from './calibration.js';
import { TfidfSpace, type TfidfOptions } from '../features/tfidf.js';
import { foldSplit, stratifiedKFold } from './folds.js';
import { microF1At } from './metrics.js';
import type { LinearModel } from './onevsrest.js';
import { predictProbabilities, trainPrimalOneVsRest, type PrimalOptions } from './primal.js';
import type { SparseVector } from './sparse.js';
import { tunePerLabelThresholds, tuneThreshold } from './thresholds.js';

export interface MultiLabelConfig {
  hasher: HasherOptions;
  tfidf: Partial<TfidfOptions>;
  learner: Partial<PrimalOptions>;
  innerFolds: number;
  seed: number;
  /** Tune per-label thresholds after the global one. */
  perLabel: boolean;
  shrinkage: number;
}

export interface FittedMultiLabel {
  space: TfidfSpace;
  model: LinearModel;
  thresholds: Float64Array;
  global: number;
  /** Inner-CV micro-F1 reached by the tuned thresholds. */
  innerF1: number;
  /** Per-label Platt scaling fitted on the inner out-of-fold probabilities (calibratedLabels). */
  platt: Platt[];
  /** Each label's share of positives among the training examples (the priors of label-shift EM). */
  priors: Float64Array;
}

/**
 * Per-label Platt scaling fitted on out-of-fold probabilities. A label with no positives (or no
 * negatives) keeps the identity; Platt's smoothed targets keep a rare label's fit off 0 and 1, and a
 * fit that would reverse the ranking (a ≤ 0, seen only with a handful of positives) keeps the identity
 * so that thresholds map one to one onto the calibrated scale.
 */
export function calibratedLabels(oof: readonly Float64Array[], Y: readonly (readonly number[])[], L: number): Platt[] {
  return Array.from({ length: L }, (_, l) => {
    const c = fitPlatt(oof.map((r) => r[l]), Y.map((ys) => ys.includes(l)));
    return c.a > 0 ? c : { ...IDENTITY_PLATT };
  });
}

/** Thresholds on raw probabilities moved onto the calibrated scale (Platt is increasing, so decisions are unchanged). */
export function calibratedThresholds(platt: readonly Platt[], thresholds: ArrayLike<number>): Float64Array {
  return Float64Array.from(platt, (c, l) => plattThreshold(c, thresholds[l]));
}

/** Each label's share of positives in label sets `Y`. */
export function labelPriors(Y: readonly (readonly number[])[], L: number): Float64Array {
  const priors = new Float64Array(L);
  for (const ys of Y) for (const l of ys) priors[l] += 1 / Math.max(1, Y.length);
  return priors;
}

/** Tunes a global then (with `perLabel`) per-label thresholds on (out-of-fold) probabilities for micro-F1. */
export function tuneMicroThresholds(probs: readonly Float64Array[], Y: readonly (readonly number[])[], L: number, perLabel: boolean, shrinkage: number): { thresholds: Float64Array; global: number; value: number } {
  const g = tuneThreshold((t) => microF1At(probs, Y, new Float64Array(L).fill(t)));
  const support = new Array<number>(L).fill(0);
  for (const ys of Y) for (const l of ys) support[l]++;
  const thresholds = perLabel ? tunePerLabelThresholds(g.threshold, support, (t) => microF1At(probs, Y, t), { shrinkage }) : new Float64Array(L).fill(g.threshold);
  return { thresholds, global: g.threshold, value: microF1At(probs, Y, thresholds) };
}

/** Label-id sets of the examples' label names (names outside `labels` are dropped). */
export function labelIds(examples: readonly (readonly string[])[], labels: readonly string[]): number[][] {
  const index = new Map(labels.map((l, k) => [l, k]));
  return examples.map((ls) => ls.filter((l) => index.has(l)).map((l) => index.get(l)!));
}

/**
 * Fold of each example, stratified over label sets. With `groups` (a group id per example, e.g. the
 * article of a paragraph) whole groups go to one fold, stratified over the union of their labels.
 */
export function groupedFolds(Y: readonly (readonly number[])[], k: number, seed: number, groups?: readonly number[]): Int32Array {
  if (!groups) return stratifiedKFold(Y, k, seed);
  const count = groups.reduce((m, g) => Math.max(m, g + 1), 0);
  const sets = Array.from({ length: count }, () => new Set<number>());
  groups.forEach((g, i) => Y[i].forEach((l) => sets[g].add(l)));
  const gf = stratifiedKFold(sets.map((s) => [...s]), k, seed);
  return Int32Array.from(groups, (g) => gf[g]);
}

/**
 * Out-of-fold probabilities by k-fold (stratified over the label sets, grouped by `groups` when
 * given) on vectors X. `extra` examples are added to every fold's training part (never scored).
 */
export function outOfFoldProbabilities(X: readonly SparseVector[], Y: readonly (readonly number[])[], labels: readonly string[], dims: number, k: number, seed: number, learner: Partial<PrimalOptions>, extra?: { X: readonly SparseVector[]; Y: readonly (readonly number[])[] }, groups?: readonly number[]): Float64Array[] {
  const folds = groupedFolds(Y, k, seed, groups);
  const out: Float64Array[] = new Array(X.length);
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const tX = [...train.map((i) => X[i]), ...(extra?.X ?? [])];
    const tY = [...train.map((i) => Y[i]), ...(extra?.Y ?? [])];
    const model = trainPrimalOneVsRest(tX, tY, labels, dims, { ...learner, seed });
    const probs = predictProbabilities(model, test.map((i) => X[i]));
    test.forEach((i, q) => (out[i] = probs[q]));
  }
  return out;
}

/**
 * Fits the whole recipe on training examples (hashed counts and label ids). `unlabeled` counts only
 * shape the feature space (which n-grams are kept, their idf). `extra` examples (e.g. PTC) join
 * training but not threshold tuning.
 */
export function fitMultiLabel(
  counts: readonly HashedCounts[],
  Y: readonly (readonly number[])[],
  labels: readonly string[],
  cfg: MultiLabelConfig,
  unlabeled: readonly HashedCounts[] = [],
  extra?: { counts: readonly HashedCounts[]; Y: readonly (readonly number[])[] },
  groups?: readonly number[],
): FittedMultiLabel {
  const space = TfidfSpace.fit([...counts, ...unlabeled], 1 << cfg.hasher.bits, cfg.tfidf);
  const X = counts.map((c) => space.transform(c));
  const extraV = extra ? { X: extra.counts.map((c) => space.transform(c)), Y: extra.Y } : undefined;
  const oof = outOfFoldProbabilities(X, Y, labels, space.size, cfg.innerFolds, cfg.seed + 1, cfg.learner, extraV, groups);
  const tuned = tuneMicroThresholds(oof, Y, labels.length, cfg.perLabel, cfg.shrinkage);
  const model = trainPrimalOneVsRest([...X, ...(extraV?.X ?? [])], [...Y, ...(extraV?.Y ?? [])], labels, space.size, { ...cfg.learner, seed: cfg.seed });
  return { space, model, thresholds: tuned.thresholds, global: tuned.global, innerF1: tuned.value, platt: calibratedLabels(oof, Y, labels.length), priors: labelPriors(Y, labels.length) };
}

/** Labels of one probability row at thresholds. */
export function decideLabels(probs: Float64Array, labels: readonly string[], thresholds: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let l = 0; l < labels.length; l++) if (probs[l] >= thresholds[l]) out.push(labels[l]);
  return out;
}

/**
 * Indices (into `probs`) of the k most probable candidates for the k ≥ 1 that maximises
 * 2·Σ_{top k} p / (k + Σ p), the expected per-article F1 of the top-k set under independent labels
 * (Jansche 2007; Ye et al. 2012).
 */
export function expectedF1Set(probs: readonly number[], candidates: readonly number[]): number[] {
  if (candidates.length === 0) return [];
  const order = [...candidates].sort((a, b) => probs[b] - probs[a] || a - b);
  let total = 0;
  for (const c of order) total += probs[c];
  let best = 1;
  let bestValue = -1;
  let top = 0;
  for (let k = 1; k <= order.length; k++) {
    top += probs[order[k - 1]];
    const v = (2 * top) / (k + total);
    if (v > bestValue + 1e-12) {
      bestValue = v;
      best = k;
    }
  }
  return order.slice(0, best);
}
