/**
 * Training a narrative model set for one language: tf-idf space over hashed n-grams (fitted on the
 * training articles plus unlabeled articles), one-vs-rest logistic regression for domains,
 * narratives and sub-narratives, and decoding thresholds tuned on inner cross-validation scores
 * against the official metric.
 */
import { FeatureHasher, TfidfSpace, type HashedCounts, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import {
  THRESHOLD_GRID,
  foldSplit,
  gramMatrix,
  predictDual,
  stratifiedKFold,
  trainOneVsRestDual,
  trainDualLogistic,
  softBalanced,
  tuneThreshold,
  dualDecision,
  sigmoid,
  type DualSolution,
  type OneVsRestOptions,
  type SparseVector,
} from '../../learn/index.js';
import { decodeLabels, type DecodeParams } from './decode.js';
import { applySubModel, buildLabelSpace, labelCount, rowTargets, type LabelSpace, type SubModel } from './labels.js';
import type { Subtask2Row } from './io.js';
import { articleF1 } from './score.js';
import type { Taxonomy } from './taxonomy.js';
import { blendVotes, knnVotes, type KnnParams } from './knn.js';
import { fitGate, fitTopic, type FittedGate, type FittedTopic } from './topic.js';
import { isOtherSub, type Domain } from './taxonomy.js';
import { calibrated, fitNarrativeCalibration, levelsOf, matchScale, type NarrativeCalibration } from './calibrate.js';
import { chooseDominant, dominantCandidates, DOMINANT_RULES, type DominantRule } from './dominant.js';
import { choosePseudoCount } from './shift.js';

export interface NarrativeTrainOptions {
  seed: number;
  innerFolds: number;
  hasher: HasherOptions;
  tfidf: Partial<TfidfOptions>;
  learner: Partial<OneVsRestOptions>;
  /** Tune a threshold per label (shrunk toward the global one) after the global thresholds. */
  perLabel: boolean;
  shrinkage: number;
  /** Try single-domain decoding and keep it if it scores better on the inner folds. */
  tuneSingleDomain: boolean;
  /** Features kept in the stored model (largest weight norms). */
  maxFeatures: number;
  /**
   * Weight (× C) of the guideline pseudo-articles (definitions, examples) added as training
   * documents; 0 = not used. Languages listed in `guidelineLanguages` only (the guidelines are English).
   */
  guidelineWeight: number;
  guidelineLanguages: readonly string[];
  /**
   * Cross-language pooling: the training articles of the listed languages join a language's
   * training set (never its evaluation rows) with weight `poolWeight` (× C). Labels are shared.
   */
  poolWith: Readonly<Record<string, readonly string[]>>;
  poolWeight: number;
  /**
   * How sub-narratives are scored: 'flat' = one-vs-rest over all articles; 'conditional' = each
   * sub-narrative's classifier is trained only on the articles carrying its parent narrative, and
   * its probability is P(parent) × P(sub | parent); 'auto' = whichever reaches the better inner-CV
   * objective (decided per language, on the training folds only).
   */
  subModel: SubModel | 'auto';
  /** Score "<narrative>: Other" as a sub-narrative of its own (labels.ts). */
  scoreOtherSubs: boolean;
  /**
   * Nearest-neighbour votes blended with the logistic probabilities (knn.ts): the neighbour counts
   * and blend weights tried; the pair (or none) with the best inner-CV objective is kept.
   */
  knnK: readonly number[];
  knnWeights: readonly number[];
  /**
   * Inner cross-validation repeated with this many fold splits; thresholds are tuned on all the
   * repeats' out-of-fold probabilities together (less tuning noise on a few hundred articles).
   */
  innerRepeats: number;
  /**
   * 'joint': one model over the word and character blocks together; 'split': one model per block,
   * their decision values averaged (a two-view ensemble that still stores as one linear layer).
   */
  views: 'joint' | 'split';
  /**
   * Self-training on the unlabeled articles: after a first fit, those whose decoded answer is
   * confident (best narrative or "Other" probability at least `selfTrainMin`) join the training
   * set with their predicted labels, weight `selfTrainWeight` (× C; 0 = off), and the model is
   * fitted again (inner folds included, never scored on).
   */
  selfTrainWeight: number;
  selfTrainMin: number;
  /**
   * Also tune the expected-F1 label rule (decode.ts) for both levels, for narratives only and for
   * sub-narratives only; the best of these and the thresholds on the inner-CV objective is kept.
   */
  tryExpectedF1: boolean;
}

export const DEFAULT_TRAIN_OPTIONS: NarrativeTrainOptions = {
  seed: 13,
  innerFolds: 5,
  hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: [2, 5] },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 10 },
  perLabel: true,
  shrinkage: 10,
  tuneSingleDomain: true,
  maxFeatures: 60000,
  subModel: 'blend',
  scoreOtherSubs: true,
  // Measured in 5-fold CV (docs/narratives.md): the guideline pseudo-articles did not help English,
  // so they are off by default; pooling helps only between the two Cyrillic-script languages.
  guidelineWeight: 0,
  guidelineLanguages: ['EN'],
  poolWith: { BG: ['RU'], RU: ['BG'] },
  poolWeight: 0.5,
  // Second round (docs/narratives.md): kNN votes, split views, self-training and repeated inner CV
  // moved scores only within noise (or down), so they are off; the expected-F1 rule is tried.
  knnK: [],
  knnWeights: [],
  innerRepeats: 1,
  views: 'joint',
  selfTrainWeight: 0,
  selfTrainMin: 0.5,
  tryExpectedF1: true,
};

/** A trained model in kernel form (before conversion to stored linear weights). */
export interface FittedNarratives {
  space: TfidfSpace;
  labels: LabelSpace;
  X: SparseVector[];
  solutions: (DualSolution | null)[];
  params: DecodeParams;
  /** Inner-CV objective reached by the tuned parameters. */
  innerScore: number;
  subModel: SubModel;
  /** Nearest-neighbour blend (weight 0 = none); neighbours are the rows of X with `labelSets`. */
  knn: KnnParams;
  labelSets: number[][];
  /** The training vectors the neighbours are (X itself unless X holds per-view copies). */
  neighbourX: SparseVector[];
  /** The topic-domain model (topic.ts), when topic labels were given. */
  topic: FittedTopic | null;
  /** The in-domain gate (topic.ts), when out-of-domain articles were given. */
  gate: FittedGate | null;
  /** Calibrated probabilities and training priors (calibrate.ts), fitted on the inner out-of-fold scores. */
  calibration: NarrativeCalibration;
  /** The dominant-narrative rule (dominant.ts) that best matched the given subtask-3 gold on the inner out-of-fold scores. */
  dominantRule: DominantRule;
}

/** Mean of coarse and fine per-article F1 of decoded probabilities against gold rows. */
export function decodeObjective(probs: readonly Float64Array[], gold: readonly Subtask2Row[], labels: LabelSpace, taxonomy: Taxonomy, params: DecodeParams): number {
  const cc = new Set(taxonomy.narratives);
  const fc = new Set(taxonomy.subNarratives);
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const d = decodeLabels(probs[i], labels, params);
    s += articleF1(gold[i].narratives, d.narratives, cc) + articleF1(gold[i].subNarratives, d.subNarratives, fc);
  }
  return s / (2 * Math.max(1, probs.length));
}

const COARSE_GRID = Array.from({ length: 19 }, (_, k) => (k + 1) / 20);

/** Tunes decoding parameters on out-of-fold probabilities. */
export function tuneDecoding(probs: readonly Float64Array[], gold: readonly Subtask2Row[], labels: LabelSpace, taxonomy: Taxonomy, opts: NarrativeTrainOptions, targets: readonly (readonly number[])[]): { params: DecodeParams; score: number } {
  const N = labels.narratives.length;
  const S = labels.subNarratives.length;
  const D = labels.domains.length;
  let otherBy: DecodeParams['otherBy'] = 'narrative';
  const make = (other: number, tn: number, ts: number, single: boolean): DecodeParams => ({ other, narrative: new Float64Array(N).fill(tn), sub: new Float64Array(S).fill(ts), singleDomain: single, otherBy, hedgeOther: 2 });
  const obj = (p: DecodeParams) => decodeObjective(probs, gold, labels, taxonomy, p);
  let best: { other: number; t: number; score: number; by: DecodeParams['otherBy'] } = { other: 0.5, t: 0.5, score: -1, by: otherBy };
  for (const by of ['narrative', 'domain'] as const) {
    otherBy = by;
    for (const other of COARSE_GRID)
      for (const t of COARSE_GRID) {
        const v = obj(make(other, t, t, false));
        if (v > best.score) best = { other, t, score: v, by };
      }
  }
  otherBy = best.by;
  let tn = best.t;
  let ts = best.t;
  let other = best.other;
  let single = false;
  ts = tuneThreshold((x) => obj(make(other, tn, x, single)), THRESHOLD_GRID).threshold;
  tn = tuneThreshold((x) => obj(make(other, x, ts, single)), THRESHOLD_GRID).threshold;
  other = tuneThreshold((x) => obj(make(x, tn, ts, single)), THRESHOLD_GRID).threshold;
  if (opts.tuneSingleDomain && obj(make(other, tn, ts, true)) > obj(make(other, tn, ts, false))) single = true;
  const params = make(other, tn, ts, single);
  const hedge = tuneThreshold((x) => obj({ ...params, hedgeOther: x }), [...THRESHOLD_GRID, 2]);
  params.hedgeOther = hedge.threshold;
  let score = obj(params);
  if (opts.perLabel) {
    const support = new Array<number>(D + N + S).fill(0);
    for (const t of targets) for (const l of t) support[l]++;
    const tuneVec = (vec: Float64Array, offset: number, global: number) => {
      for (let l = 0; l < vec.length; l++) {
        const sup = support[offset + l];
        if (sup === 0) continue;
        const keep = vec[l];
        const r = tuneThreshold((x) => {
          vec[l] = x;
          return obj(params);
        }, COARSE_GRID);
        const w = sup / (sup + opts.shrinkage);
        vec[l] = w * r.threshold + (1 - w) * global;
        if (obj(params) < score - 1e-12) vec[l] = keep;
        else score = obj(params);
      }
    };
    tuneVec(params.narrative, D, tn);
    tuneVec(params.sub, D + N, ts);
  }
  if (opts.tryExpectedF1) {
    let best = { params, score };
    for (const rule of ['expectedF1', 'expectedF1Narratives', 'expectedF1Subs'] as const) {
      const ef = tuneExpectedF1(obj, params, rule);
      if (ef.score > best.score + 1e-9) best = ef;
    }
    return best;
  }
  return { params, score };
}

const GAMMA_GRID = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4];

/**
 * Tunes an expected-F1 rule (decode.ts): its calibration exponents and the "Other" gate; with a
 * one-level rule the other level keeps its tuned thresholds. Then the domain filter and the hedge.
 */
function tuneExpectedF1(obj: (p: DecodeParams) => number, base: DecodeParams, rule: NonNullable<DecodeParams['rule']>): { params: DecodeParams; score: number } {
  const p: DecodeParams = { ...base, narrative: Float64Array.from(base.narrative), sub: Float64Array.from(base.sub), rule, gammaN: 1, gammaS: 1 };
  let best = { score: -1, other: p.other, g: 1 };
  for (const other of COARSE_GRID)
    for (const g of GAMMA_GRID) {
      const v = obj({ ...p, other, gammaN: g, gammaS: g });
      if (v > best.score) best = { score: v, other, g };
    }
  p.other = best.other;
  p.gammaN = best.g;
  p.gammaS = best.g;
  if (rule !== 'expectedF1Narratives') p.gammaS = tuneThreshold((x) => obj({ ...p, gammaS: x }), GAMMA_GRID).threshold;
  if (rule !== 'expectedF1Subs') p.gammaN = tuneThreshold((x) => obj({ ...p, gammaN: x }), GAMMA_GRID).threshold;
  p.other = tuneThreshold((x) => obj({ ...p, other: x }), THRESHOLD_GRID).threshold;
  p.singleDomain = obj({ ...p, singleDomain: true }) > obj({ ...p, singleDomain: false });
  p.hedgeOther = tuneThreshold((x) => obj({ ...p, hedgeOther: x }), [...THRESHOLD_GRID, 2]).threshold;
  return { params: p, score: obj(p) };
}

/**
 * Trains every scored label on the Gram rows `rows`. Domains and narratives are one-vs-rest over
 * all rows; with `subModel: 'conditional'` each sub-narrative is trained only on the rows carrying
 * its parent narrative (its coefficients are spread back over `rows`, zero elsewhere), so it learns
 * what tells it apart from its siblings rather than from unrelated articles.
 */
export function trainLabelSolutions(gram: Float64Array, n: number, rows: readonly number[], targetsByLabel: readonly Uint8Array[], labels: LabelSpace, opts: NarrativeTrainOptions & { subModel: SubModel }, rowWeight?: ArrayLike<number>): (DualSolution | null)[] {
  if (opts.subModel === 'flat') return trainOneVsRestDual(gram, n, rows, targetsByLabel, { ...opts.learner, seed: opts.seed, rowWeight });
  const D = labels.domains.length;
  const N = labels.narratives.length;
  const S = labels.subNarratives.length;
  // 'blend' keeps the flat sub-narrative models as well (scored first, the conditional ones after).
  const head = trainOneVsRestDual(gram, n, rows, targetsByLabel.slice(0, opts.subModel === 'blend' ? D + N + S : D + N), { ...opts.learner, seed: opts.seed, rowWeight });
  const learner = { C: 10, positiveWeight: softBalanced, bias: 1, maxEpochs: 60, tolerance: 0.01, ...opts.learner };
  const subs = labels.subNarratives.map((_, s): DualSolution | null => {
    const l = D + N + s;
    const parent = targetsByLabel[D + labels.parent[s]];
    const positions: number[] = [];
    rows.forEach((r, k) => {
      if (parent[r]) positions.push(k);
    });
    const subRows = positions.map((k) => rows[k]);
    const y = subRows.map((r) => targetsByLabel[l][r] === 1);
    const pos = y.filter(Boolean).length;
    if (pos === 0) return null;
    const sol = trainDualLogistic(gram, n, subRows, y, { C: learner.C, positiveWeight: learner.positiveWeight(pos, subRows.length - pos), bias: learner.bias, maxEpochs: learner.maxEpochs, tolerance: learner.tolerance, rowWeight }, opts.seed + l + (opts.subModel === 'blend' ? S : 0));
    const coef = new Float64Array(rows.length);
    positions.forEach((k, j) => (coef[k] = sol.coef[j]));
    return { coef, intercept: sol.intercept };
  });
  return [...head, ...subs];
}

/**
 * Out-of-fold probabilities of the rows `rows` of a Gram matrix by k-fold over those rows; the
 * `alwaysTrain` rows (guideline pseudo-articles, pooled articles) join every fold's training rows.
 * Also the out-of-fold neighbour votes for each k of `knnK` (neighbours among the training rows).
 */
function outOfFold(grams: readonly Float64Array[], gram: Float64Array, n: number, rows: number[], targetsByLabel: Uint8Array[], labelSets: number[][], labels: LabelSpace, opts: NarrativeTrainOptions & { subModel: SubModel; repeat?: number }, alwaysTrain: number[] = [], rowWeight?: ArrayLike<number>, probe?: Float64Array): { probs: Float64Array[]; votes: Map<number, Float64Array[]>; probe: Float64Array[][] } {
  const folds = stratifiedKFold(rows.map((r) => labelSets[r]), opts.innerFolds, opts.seed + 1 + 7919 * (opts.repeat ?? 0));
  const out: Float64Array[] = new Array(rows.length);
  const votes = new Map<number, Float64Array[]>(opts.knnK.map((k) => [k, new Array<Float64Array>(rows.length)]));
  const L = labelCount(labels);
  const probeOut: Float64Array[][] = [];
  for (let f = 0; f < opts.innerFolds; f++) {
    const { train, test } = foldSplit(folds, f);
    const trainRows = [...train.map((k) => rows[k]), ...alwaysTrain];
    const testRows = test.map((k) => rows[k]);
    // Decision values averaged over the views; labels without a solution keep probability 0.
    let decisions: Float64Array[] = [];
    let trained: boolean[] = [];
    for (const g of grams) {
      const sols = trainLabelSolutions(g, n, trainRows, targetsByLabel, labels, opts, rowWeight);
      if (probe && grams.length === 1) probeOut.push(probeProbabilities(sols, probe, n, trainRows, labels, opts.subModel));
      if (decisions.length === 0) {
        decisions = testRows.map(() => new Float64Array(sols.length));
        trained = sols.map((sol) => sol !== null);
      }
      sols.forEach((sol, l) => {
        if (!sol) return;
        const d = dualDecision(sol, g, n, trainRows, testRows);
        for (let q = 0; q < testRows.length; q++) decisions[q][l] += d[q] / grams.length;
      });
    }
    test.forEach((k, q) => (out[k] = applySubModel(decisions[q].map((d, l) => (trained[l] ? sigmoid(d) : 0)), labels, opts.subModel)));
    if (votes.size) {
      const sets = trainRows.map((r) => labelSets[r]);
      test.forEach((k, q) => {
        const sims = trainRows.map((r) => gram[testRows[q] * n + r]);
        for (const [kk, v] of votes) v[k] = knnVotes(sims, sets, kk, L);
      });
    }
  }
  return { probs: out, votes, probe: probeOut };
}

/**
 * Label probabilities of the probe articles (rows of `cross`, probe × n kernel values against the
 * training vectors) under solutions trained on `trainRows`.
 */
function probeProbabilities(sols: readonly (DualSolution | null)[], cross: Float64Array, n: number, trainRows: readonly number[], labels: LabelSpace, subModel: SubModel): Float64Array[] {
  const m = cross.length / n;
  const queryRows = Array.from({ length: m }, (_, k) => k);
  const out = queryRows.map(() => new Float64Array(sols.length));
  sols.forEach((sol, l) => {
    if (!sol) return;
    const d = dualDecision(sol, cross, n, trainRows, queryRows);
    for (let q = 0; q < m; q++) out[q][l] = sigmoid(d[q]);
  });
  return out.map((p) => applySubModel(p, labels, subModel));
}

/** Word-block (`block` 0) or character-block (1) part of a vector, scaled by √2 (unit length again). */
function blockPart(x: SparseVector, space: TfidfSpace, block: 0 | 1): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  for (let k = 0; k < x.indices.length; k++) {
    if ((space.features[x.indices[k]] >= space.charBase ? 1 : 0) !== block) continue;
    idx.push(x.indices[k]);
    val.push(x.values[k] * Math.SQRT2);
  }
  return { indices: Uint32Array.from(idx), values: Float32Array.from(val) };
}

/** Extra labelled training documents (e.g. guideline definitions): always trained on, never scored, weighted. */
export interface ExtraTrainingDocs {
  counts: readonly HashedCounts[];
  gold: readonly Subtask2Row[];
  /** Per document: multiplies its C (down-weighting when below 1). */
  weights: readonly number[];
}

/**
 * Fits a model on labelled articles (their hashed counts and gold rows). `unlabeled` counts only
 * shape the feature space (which n-grams are kept, their idf). `extra` documents join every
 * training set (inner folds included) but never the rows thresholds are tuned on. `outOfDomain`
 * articles train the in-domain gate only: they never shape the feature space or the narrative
 * labels, so the narrative outputs are the same with or without them.
 */
export function fitNarratives(
  counts: readonly HashedCounts[],
  gold: readonly Subtask2Row[],
  unlabeled: readonly HashedCounts[],
  taxonomy: Taxonomy,
  options: Partial<NarrativeTrainOptions> = {},
  extra?: ExtraTrainingDocs,
  topics?: readonly (Domain | null)[],
  outOfDomain: readonly HashedCounts[] = [],
  dominantGold?: readonly (string | null)[],
): FittedNarratives {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  if (opts.selfTrainWeight > 0 && unlabeled.length > 0) {
    const first = fitNarratives(counts, gold, unlabeled, taxonomy, { ...opts, selfTrainWeight: 0 }, extra, topics, outOfDomain, dominantGold);
    const probs = predictFitted(first, unlabeled);
    const D = first.labels.domains.length;
    const pseudo: { counts: HashedCounts; gold: Subtask2Row; weight: number }[] = [];
    probs.forEach((p, i) => {
      const d = decodeLabels(p, first.labels, first.params);
      const other = d.narrativeIds.length === 0;
      const confidence = other ? 1 - Math.max(p[0], p[1]) : Math.max(...d.narrativeIds.map((n) => p[D + n]));
      if (confidence < opts.selfTrainMin) return;
      const row = { id: `unlabeled-${i}`, narratives: d.narratives.filter((x, k, a) => a.indexOf(x) === k), subNarratives: d.subNarratives.filter((x, k, a) => a.indexOf(x) === k) };
      pseudo.push({ counts: unlabeled[i], gold: row, weight: opts.selfTrainWeight });
    });
    const merged: ExtraTrainingDocs = {
      counts: [...(extra?.counts ?? []), ...pseudo.map((x) => x.counts)],
      gold: [...(extra?.gold ?? []), ...pseudo.map((x) => x.gold)],
      weights: [...(extra?.weights ?? []), ...pseudo.map((x) => x.weight)],
    };
    return fitNarratives(counts, gold, unlabeled, taxonomy, { ...opts, selfTrainWeight: 0 }, merged, topics, outOfDomain, dominantGold);
  }
  const labels = buildLabelSpace(gold, taxonomy.narratives, opts.scoreOtherSubs);
  const extraCounts = extra ? extra.counts : [];
  const extraGold = extra ? extra.gold : [];
  // Pseudo-labelled unlabeled articles (self-training) are both extra and unlabeled: count them once.
  const extraSet = new Set(extraCounts);
  const space = TfidfSpace.fit([...counts, ...extraCounts, ...unlabeled.filter((u) => !extraSet.has(u))], 1 << opts.hasher.bits, opts.tfidf);
  const X = [...counts, ...extraCounts].map((c) => space.transform(c));
  const n = X.length;
  const nReal = counts.length;
  const gram = gramMatrix(X, X, space.size);
  // The unlabeled articles, scored by the inner models and by the final one: how much more sure the
  // final model is than the inner ones the calibration was fitted on (calibrate.ts matchScale).
  const probeRows = unlabeled.filter((u) => !extraSet.has(u)).map((c) => space.transform(c));
  const probe = probeRows.length >= 2 && opts.views === 'joint' ? gramMatrix(probeRows, X, space.size) : undefined;
  // The topic model sees the labelled articles only (never the extra documents).
  const topic = topics ? fitTopic(gram, n, X, Array.from({ length: n }, (_, r) => (r < nReal ? topics[r] : null)), opts.learner.C ?? 10, opts.seed + 7907) : null;
  const gate = fitGateOn(X.slice(0, nReal), outOfDomain.map((c) => space.transform(c)), space.size, opts);
  // 'split': per-block copies of the vectors; their Grams train one model per view.
  const Xw = opts.views === 'split' ? X.map((x) => blockPart(x, space, 0)) : [];
  const Xc = opts.views === 'split' ? X.map((x) => blockPart(x, space, 1)) : [];
  const grams = opts.views === 'split' ? [gramMatrix(Xw, Xw, space.size), gramMatrix(Xc, Xc, space.size)] : [gram];
  const labelSets = [...gold, ...extraGold].map((g) => rowTargets(g, labels));
  const L = labelCount(labels);
  const targetsByLabel = Array.from({ length: L }, (_, l) => Uint8Array.from(labelSets, (s) => (s.includes(l) ? 1 : 0)));
  const realRows = Array.from({ length: nReal }, (_, i) => i);
  const extraRows = Array.from({ length: n - nReal }, (_, i) => nReal + i);
  const rowWeight = extraRows.length ? Float64Array.from({ length: n }, (_, i) => (i < nReal ? 1 : extra!.weights[i - nReal])) : undefined;
  const modes: SubModel[] = opts.subModel === 'auto' ? ['flat', 'conditional'] : [opts.subModel];
  const realSets = labelSets.slice(0, nReal);
  let best: { mode: SubModel; params: DecodeParams; score: number; knn: KnnParams; probs: Float64Array[]; sets: number[][]; probe: Float64Array[][] } | null = null;
  for (const mode of modes) {
    const oof = { probs: [] as Float64Array[], votes: new Map<number, Float64Array[]>(), probe: [] as Float64Array[][] };
    for (let repeat = 0; repeat < Math.max(1, opts.innerRepeats); repeat++) {
      const r = outOfFold(grams, gram, n, realRows, targetsByLabel, labelSets, labels, { ...opts, subModel: mode, repeat }, extraRows, rowWeight, probe);
      oof.probs.push(...r.probs);
      oof.probe.push(...r.probe);
      for (const [k, v] of r.votes) oof.votes.set(k, [...(oof.votes.get(k) ?? []), ...v]);
    }
    const reps = oof.probs.length / realRows.length;
    const tuneGold = Array.from({ length: reps }, () => gold).flat();
    const tuneSets = Array.from({ length: reps }, () => realSets).flat();
    const tuned = tuneDecoding(oof.probs, tuneGold, labels, taxonomy, opts, tuneSets);
    if (!best || tuned.score > best.score + 1e-9) best = { mode, ...tuned, knn: { k: 0, weight: 0 }, probs: oof.probs, sets: tuneSets, probe: oof.probe };
    for (const [k, votes] of oof.votes)
      for (const weight of opts.knnWeights) {
        if (weight <= 0) continue;
        const blended = oof.probs.map((p, i) => blendVotes(Float64Array.from(p), votes[i], weight, L));
        const t = tuneDecoding(blended, tuneGold, labels, taxonomy, opts, tuneSets);
        if (t.score > best.score + 1e-9) best = { mode, ...t, knn: { k, weight }, probs: blended, sets: tuneSets, probe: [] };
      }
  }
  const { mode, params, score, knn } = best!;
  const rows = [...realRows, ...extraRows];
  const byView = grams.map((g) => trainLabelSolutions(g, n, rows, targetsByLabel, labels, { ...opts, subModel: mode }, rowWeight));
  const levels = levelsOf(labels);
  // The labels a reader would see a score for on each inner held-out article: the decided narratives and sub-narratives.
  const shown = best!.probs.map((p) => {
    const d = decodeLabels(p, labels, params);
    return [...d.narrativeIds.map((k) => labels.domains.length + k), ...d.subIds.filter((k) => !isOtherSub(labels.subNarratives[k])).map((k) => labels.domains.length + labels.narratives.length + k)];
  });
  const inner = fitNarrativeCalibration(best!.probs, best!.sets, levels, shown);
  const scaled = probe && best!.probe.length ? matchScale(inner, best!.probe, probeProbabilities(byView[0], probe, n, rows, labels, mode), levels) : inner;
  const calibration = { ...scaled, pseudoCount: chooseShiftPseudoCount(best!.probs, topics, nReal, inner, (rs, shifted) => decodeObjective(shifted, rs.map((i) => gold[i % nReal]), labels, taxonomy, params)) };
  const dominantRule = dominantGold ? chooseDominantRule(best!.probs, Array.from({ length: best!.probs.length / nReal }, () => dominantGold).flat(), labels, params, inner) : DOMINANT_RULES[0];
  if (grams.length === 1) return { space, labels, X, solutions: byView[0], params, innerScore: score, subModel: mode, knn, labelSets, neighbourX: X, topic, gate, calibration, dominantRule };
  // Averaged decisions of the two views as one kernel model over the per-view copies [Xw…, Xc…]:
  // x·(√2 x_w) is half the word view's kernel value, hence the coefficients' factor 1/√2.
  const solutions = byView[0].map((w, l): DualSolution | null => {
    const c = byView[1][l];
    if (!w || !c) return null;
    const coef = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      coef[i] = w.coef[i] / Math.SQRT2;
      coef[n + i] = c.coef[i] / Math.SQRT2;
    }
    return { coef, intercept: (w.intercept + c.intercept) / 2 };
  });
  return { space, labels, X: [...Xw, ...Xc], solutions, params, innerScore: score, subModel: mode, knn, labelSets, neighbourX: X, topic, gate, calibration, dominantRule };
}

/**
 * The batch-prior pseudo-count (shift.ts choosePseudoCount) on the inner out-of-fold scores: the
 * simulated batches are all training articles, those on the war and those on climate (`topics`;
 * one cut of each when the inner CV was repeated).
 */
function chooseShiftPseudoCount(probs: readonly Float64Array[], topics: readonly (Domain | null)[] | undefined, nReal: number, calibration: NarrativeCalibration, objective: (rows: readonly number[], shifted: readonly Float64Array[]) => number): number {
  const all = Array.from({ length: Math.min(nReal, probs.length) }, (_, i) => i);
  const groups = [all, ...(topics ? (['URW', 'CC'] as const).map((d) => all.filter((i) => topics[i] === d)) : [])].filter((g) => g.length > 0);
  return choosePseudoCount(calibration, probs, groups, objective);
}

/**
 * The dominant rule whose pick from the decoded out-of-fold scores most often names the gold
 * dominant narrative (`dominantGold`, null where the article has none); ties keep the earlier rule of
 * DOMINANT_RULES. Labels are decided on the raw scores and picked among by their calibrated
 * probabilities, as the Analysis shows them. Chosen on the training articles only.
 */
export function chooseDominantRule(probs: readonly Float64Array[], dominantGold: readonly (string | null)[], labels: LabelSpace, params: DecodeParams, calibration: NarrativeCalibration): DominantRule {
  const hits = new Map<DominantRule, number>(DOMINANT_RULES.map((r) => [r, 0]));
  probs.forEach((p, i) => {
    const gold = dominantGold[i];
    if (!gold) return;
    const c = dominantCandidates(p, labels, params, decodeLabels(p, labels, params));
    const q = calibrated(calibration, p);
    for (const rule of DOMINANT_RULES) {
      const pick = chooseDominant(q, labels, c.narrativeIds, c.specificSubs, rule);
      if (pick && labels.narratives[pick.narrative] === gold) hits.set(rule, hits.get(rule)! + 1);
    }
  });
  return DOMINANT_RULES.reduce((a, r) => (hits.get(r)! > hits.get(a)! ? r : a), DOMINANT_RULES[0]);
}

/** The in-domain gate (topic.ts fitGate) on the labelled articles against the out-of-domain ones. */
function fitGateOn(inDomain: readonly SparseVector[], outOfDomain: readonly SparseVector[], dims: number, opts: NarrativeTrainOptions): FittedNarratives['gate'] {
  if (outOfDomain.length === 0) return null;
  const Xg = [...inDomain, ...outOfDomain];
  return fitGate(gramMatrix(Xg, Xg, dims), Xg.length, Xg, inDomain.length, opts.learner.C ?? 10, opts.seed + 7919, opts.innerFolds);
}

/** Probabilities of new articles (hashed counts) under a fitted model in kernel form. */
export function predictFitted(model: FittedNarratives, counts: readonly HashedCounts[]): Float64Array[] {
  const Q = counts.map((c) => model.space.transform(c));
  const cross = gramMatrix(Q, model.X, model.space.size);
  const m = model.X.length;
  const trainCols = Array.from({ length: m }, (_, k) => k);
  const queryRows = Array.from({ length: Q.length }, (_, k) => k);
  const out = Q.map(() => new Float64Array(model.solutions.length));
  model.solutions.forEach((sol, l) => {
    if (!sol) return;
    const d = dualDecision(sol, cross, m, trainCols, queryRows);
    for (let q = 0; q < Q.length; q++) out[q][l] = sigmoid(d[q]);
  });
  const L = labelCount(model.labels);
  const nb = model.neighbourX.length;
  const sims = model.knn.weight > 0 ? gramMatrix(Q, model.neighbourX, model.space.size) : null;
  return out.map((p, q) => {
    applySubModel(p, model.labels, model.subModel);
    if (model.knn.weight <= 0) return p;
    return blendVotes(p, knnVotes(sims!.subarray(q * nb, (q + 1) * nb), model.labelSets, model.knn.k, L), model.knn.weight, L);
  });
}

/** Hashed counts of texts with the options' hasher. */
export function hashTexts(texts: readonly string[], hasher: HasherOptions): HashedCounts[] {
  const h = new FeatureHasher(hasher);
  return texts.map((t) => h.counts(t));
}
