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
import type { NarrativeModel } from './model.js';

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
  return { params, score };
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
 * `alwaysTrain` rows (guideline pseudo-articles) join every fold's training rows.
 */
function outOfFold(gram: Float64Array, n: number, rows: number[], targetsByLabel: Uint8Array[], labelSets: number[][], labels: LabelSpace, opts: NarrativeTrainOptions & { subModel: SubModel }, alwaysTrain: number[] = [], rowWeight?: ArrayLike<number>): Float64Array[] {
  const folds = stratifiedKFold(rows.map((r) => labelSets[r]), opts.innerFolds, opts.seed + 1);
  const out: Float64Array[] = new Array(rows.length);
  for (let f = 0; f < opts.innerFolds; f++) {
    const { train, test } = foldSplit(folds, f);
    const trainRows = [...train.map((k) => rows[k]), ...alwaysTrain];
    const testRows = test.map((k) => rows[k]);
    const sols = trainLabelSolutions(gram, n, trainRows, targetsByLabel, labels, opts, rowWeight);
    const probs = predictDual(sols, gram, n, trainRows, testRows);
    test.forEach((k, q) => (out[k] = applySubModel(probs[q], labels, opts.subModel)));
  }
  return out;
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
 * training set (inner folds included) but never the rows thresholds are tuned on.
 */
export function fitNarratives(counts: readonly HashedCounts[], gold: readonly Subtask2Row[], unlabeled: readonly HashedCounts[], taxonomy: Taxonomy, options: Partial<NarrativeTrainOptions> = {}, extra?: ExtraTrainingDocs): FittedNarratives {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const labels = buildLabelSpace(gold, taxonomy.narratives, opts.scoreOtherSubs);
  const extraCounts = extra ? extra.counts : [];
  const extraGold = extra ? extra.gold : [];
  const space = TfidfSpace.fit([...counts, ...extraCounts, ...unlabeled], 1 << opts.hasher.bits, opts.tfidf);
  const X = [...counts, ...extraCounts].map((c) => space.transform(c));
  const n = X.length;
  const nReal = counts.length;
  const gram = gramMatrix(X, X, space.size);
  const labelSets = [...gold, ...extraGold].map((g) => rowTargets(g, labels));
  const L = labelCount(labels);
  const targetsByLabel = Array.from({ length: L }, (_, l) => Uint8Array.from(labelSets, (s) => (s.includes(l) ? 1 : 0)));
  const realRows = Array.from({ length: nReal }, (_, i) => i);
  const extraRows = Array.from({ length: n - nReal }, (_, i) => nReal + i);
  const rowWeight = extraRows.length ? Float64Array.from({ length: n }, (_, i) => (i < nReal ? 1 : extra!.weights[i - nReal])) : undefined;
  const modes: SubModel[] = opts.subModel === 'auto' ? ['flat', 'conditional'] : [opts.subModel];
  const realSets = labelSets.slice(0, nReal);
  let best: { mode: SubModel; params: DecodeParams; score: number } | null = null;
  for (const mode of modes) {
    const oof = outOfFold(gram, n, realRows, targetsByLabel, labelSets, labels, { ...opts, subModel: mode }, extraRows, rowWeight);
    const tuned = tuneDecoding(oof, gold, labels, taxonomy, opts, realSets);
    if (!best || tuned.score > best.score + 1e-9) best = { mode, ...tuned };
  }
  const { mode, params, score } = best!;
  const rows = [...realRows, ...extraRows];
  const solutions = trainLabelSolutions(gram, n, rows, targetsByLabel, labels, { ...opts, subModel: mode }, rowWeight);
  return { space, labels, X, solutions, params, innerScore: score, subModel: mode };
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
  return out.map((p) => applySubModel(p, model.labels, model.subModel));
}

/** Hashed counts of texts with the options' hasher. */
export function hashTexts(texts: readonly string[], hasher: HasherOptions): HashedCounts[] {
  const h = new FeatureHasher(hasher);
  return texts.map((t) => h.counts(t));
}

/**
 * Trains the stored model of one language from a SemEval-2025 Task 10 folder: all labelled training
 * articles, the unlabeled test articles for the feature space, thresholds from inner CV.
 * Same data and seed give the same bytes.
 */
export async function trainNarrativeModel(dataDir: string, lang: string, options: Partial<NarrativeTrainOptions> = {}): Promise<NarrativeModel> {
  const { extraTrainingDocs, loadTestDocs, loadTrainSplit, readTaxonomy } = await import('./corpus.js');
  const { toNarrativeModel } = await import('./model.js');
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const taxonomy = readTaxonomy(dataDir);
  const docs = loadTrainSplit(dataDir, lang);
  const unlabeledDocs = loadTestDocs(dataDir, lang);
  const counts = hashTexts(docs.map((d) => d.text), opts.hasher);
  const unlabeled = hashTexts(unlabeledDocs.map((d) => d.text), opts.hasher);
  const fitted = fitNarratives(counts, docs.map((d) => d.gold), unlabeled, taxonomy, opts, extraTrainingDocs(dataDir, lang, taxonomy, opts));
  return toNarrativeModel(
    fitted,
    {
      lang,
      version: `${lang}-s${opts.seed}`,
      seed: opts.seed,
      hasher: opts.hasher,
      taxonomy,
      training: { articles: docs.length, unlabeledArticles: unlabeledDocs.length, innerCvObjective: Number(fitted.innerScore.toFixed(4)), C: opts.learner.C ?? 10, maxFeatures: opts.maxFeatures },
    },
    opts.maxFeatures,
  );
}

