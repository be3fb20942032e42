/**
 * Genre (subtask 1), two stages. (1) One-vs-rest logistic regression with balanced class weights
 * over article tf-idf (what the text is about and how its site writes). (2) A small stacker: logistic
 * regression over the text model's out-of-fold logits plus standardised style features (style.ts:
 * quoted and attributed speech, first/second person, questions, hedges, headline shape), which carry
 * the genre independently of topic. Then one additive offset per class on the stacker's logits,
 * tuned on the stacker's own out-of-fold probabilities for macro-F1. Balanced weights and macro-F1 offsets make the decision depend on how each class looks,
 * not on how common it was in training (382 opinion, 41 reporting, 10 satire), so a feed that is
 * mostly reporting is not pushed toward "opinion"; `mixWeights` scores a fold as such a feed would.
 */
import { join } from 'node:path';
import { FeatureHasher, TfidfSpace, type HashedCounts, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import { foldSplit, LinearModel, stratifiedKFold, type SparseVector } from '../../learn/index.js';
import { loadArticleTask, readArticleFolder } from '../techniques/corpus.js';
import { trainPrimalOneVsRest, type PrimalOptions } from '../techniques/linear.js';
import { outOfFoldProbabilities } from '../techniques/multilabel.js';
import { markText } from '../techniques/textfeatures.js';
import type { TaskModel } from '../techniques/modelfile.js';
import { scoreGenre, type GenreScore } from './score.js';
import { GENRES, isGenre } from './taxonomy.js';
import { fitStyleScaler, scaleStyle, styleFeatures, STYLE_FEATURES, type StyleScaler } from './style.js';

export interface GenreConfig {
  hasher: HasherOptions;
  tfidf: Partial<TfidfOptions>;
  learner: Partial<PrimalOptions>;
  innerFolds: number;
  seed: number;
  /**
   * Class mix the decision offsets are tuned for: null = the training mix; otherwise out-of-fold
   * articles are weighted to these proportions (prior correction toward the feed the model will read).
   */
  targetMix: Readonly<Record<string, number>> | null;
  /** Stack style features on the text model (false = text model and offsets only). */
  style: boolean;
  /** Inverse regularisation of the stacker. */
  stackerC: number;
}

export const GENRE_CONFIG: GenreConfig = {
  hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: null },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 4, maxEpochs: 30, positiveWeight: (pos, neg) => (pos > 0 ? Math.min(40, neg / pos) : 1) },
  innerFolds: 5,
  seed: 7,
  targetMix: null,
  style: true,
  stackerC: 1,
};

const STACKER_LEARNER: Partial<PrimalOptions> = { maxEpochs: 200, tolerance: 0.001 };

/** The class mix of a news feed used to check robustness: mostly reporting. */
export const REPORTING_HEAVY_MIX: Readonly<Record<string, number>> = { reporting: 0.8, opinion: 0.15, satire: 0.05 };

export interface FittedGenre {
  space: TfidfSpace;
  /** The text model. */
  model: LinearModel;
  /** The stacker over text logits and style features, with the style scaler (null: text only). */
  stacker: { model: LinearModel; scaler: StyleScaler } | null;
  /** Added to each class's logit before the argmax. */
  offsets: Float64Array;
  /** Offsets tuned as if the articles came in REPORTING_HEAVY_MIX proportions (a news feed). */
  feedOffsets: Float64Array;
  /** Class frequencies of the training data. */
  priors: Float64Array;
}

const logit = (p: number) => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));
const clippedLogit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The stacker's input: the text model's class logits, then the standardised style features. */
export function stackerInput(textProbs: ArrayLike<number>, style: Float64Array, scaler: StyleScaler): SparseVector {
  const row = [...Array.from(textProbs, clippedLogit), ...scaleStyle(style, scaler)];
  return { indices: Uint32Array.from(row.keys()), values: Float32Array.from(row) };
}

/** Class probabilities of one article under a fitted model (before the offsets). */
export function genreProbabilities(fit: Pick<FittedGenre, 'model' | 'stacker'>, x: SparseVector, style: Float64Array): Float64Array {
  const p = fit.model.scores(x);
  return fit.stacker ? fit.stacker.model.scores(stackerInput(p, style, fit.stacker.scaler)) : p;
}

/** Adjusted logits → the winning class index. */
export function decideGenre(probs: ArrayLike<number>, offsets: ArrayLike<number>): number {
  let best = 0;
  let bestV = -Infinity;
  for (let c = 0; c < probs.length; c++) {
    const v = logit(probs[c]) + offsets[c];
    if (v > bestV) {
      bestV = v;
      best = c;
    }
  }
  return best;
}

/** Normalised class scores after the offsets (softmax of adjusted logits). */
export function genreScores(probs: ArrayLike<number>, offsets: ArrayLike<number>): number[] {
  const z = Array.from(probs, (p, c) => logit(p) + offsets[c]);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function macroF1Of(probs: readonly Float64Array[], y: readonly number[], offsets: ArrayLike<number>, weights: readonly number[]): number {
  const C = GENRES.length;
  const tp = new Array<number>(C).fill(0);
  const fp = new Array<number>(C).fill(0);
  const fn = new Array<number>(C).fill(0);
  probs.forEach((p, i) => {
    const d = decideGenre(p, offsets);
    const w = weights[i];
    if (d === y[i]) tp[d] += w;
    else {
      fp[d] += w;
      fn[y[i]] += w;
    }
  });
  let s = 0;
  for (let c = 0; c < C; c++) s += tp[c] === 0 ? 0 : (2 * tp[c]) / (2 * tp[c] + fp[c] + fn[c]);
  return s / C;
}

const OFFSET_GRID = Array.from({ length: 33 }, (_, k) => -4 + k * 0.25);

/**
 * Offsets (opinion fixed at 0) maximising macro-F1 on out-of-fold probabilities, each example
 * weighted by `weights` (default 1); ties go to the offsets nearest 0.
 */
export function tuneOffsets(probs: readonly Float64Array[], y: readonly number[], weights: readonly number[] = y.map(() => 1)): Float64Array {
  let best = { v: -1, a: 0, b: 0 };
  for (const a of OFFSET_GRID)
    for (const b of OFFSET_GRID) {
      const v = macroF1Of(probs, y, [0, a, b], weights);
      if (v > best.v + 1e-12 || (Math.abs(v - best.v) <= 1e-12 && Math.abs(a) + Math.abs(b) < Math.abs(best.a) + Math.abs(best.b))) best = { v, a, b };
    }
  return Float64Array.from([0, best.a, best.b]);
}

function hashAll(texts: readonly string[], hasher: HasherOptions): HashedCounts[] {
  const h = new FeatureHasher(hasher);
  return texts.map((t) => h.counts(markText(t)));
}

function unlabeledTexts(dataDir: string): string[] {
  try {
    return [...readArticleFolder(join(dataDir, 'EN', 'test-articles-subtask-1')).values()];
  } catch {
    return [];
  }
}

/** Fits the genre model on hashed counts and raw style features with class ids. */
export function fitGenre(counts: readonly HashedCounts[], style: readonly Float64Array[], y: readonly number[], cfg: GenreConfig, unlabeled: readonly HashedCounts[] = []): FittedGenre {
  const space = TfidfSpace.fit([...counts, ...unlabeled], 1 << cfg.hasher.bits, cfg.tfidf);
  const X = counts.map((c) => space.transform(c));
  const Y = y.map((c) => [c]);
  const oof = outOfFoldProbabilities(X, Y, GENRES, space.size, cfg.innerFolds, cfg.seed + 1, cfg.learner);
  const model = trainPrimalOneVsRest(X, Y, GENRES, space.size, { ...cfg.learner, seed: cfg.seed });
  const weights = cfg.targetMix ? classMixWeights(y, cfg.targetMix) : undefined;
  const priors = new Float64Array(GENRES.length);
  for (const c of y) priors[c] += 1 / y.length;
  const feed = classMixWeights(y, REPORTING_HEAVY_MIX);
  if (!cfg.style) return { space, model, stacker: null, offsets: tuneOffsets(oof, y, weights), feedOffsets: tuneOffsets(oof, y, feed), priors };
  // The stacker learns from out-of-fold text probabilities (what the text model says about articles
  // it has not seen), and its offsets from its own out-of-fold probabilities.
  const scaler = fitStyleScaler(style);
  const Z = oof.map((p, i) => stackerInput(p, style[i], scaler));
  const dims = GENRES.length + STYLE_FEATURES.length;
  const learner = { ...cfg.learner, ...STACKER_LEARNER, C: cfg.stackerC };
  const oof2 = outOfFoldProbabilities(Z, Y, GENRES, dims, cfg.innerFolds, cfg.seed + 2, learner);
  const stacker = trainPrimalOneVsRest(Z, Y, GENRES, dims, { ...learner, seed: cfg.seed });
  return { space, model, stacker: { model: stacker, scaler }, offsets: tuneOffsets(oof2, y, weights), feedOffsets: tuneOffsets(oof2, y, feed), priors };
}

export interface GenreCv {
  ids: string[];
  folds: Int32Array;
  predictions: Map<string, string>;
  score: GenreScore;
  /** The same predictions scored as if the articles came in REPORTING_HEAVY_MIX proportions. */
  shifted: GenreScore;
  /** Predictions with the feed offsets, scored on the training mix and on REPORTING_HEAVY_MIX. */
  feed: GenreScore;
  feedShifted: GenreScore;
  seconds: number;
}

/** Per-example weights (by class id) that turn the class mix of `y` into `mix`. */
export function classMixWeights(y: readonly number[], mix: Readonly<Record<string, number>>): number[] {
  const n = new Array<number>(GENRES.length).fill(0);
  for (const c of y) n[c]++;
  return y.map((c) => (mix[GENRES[c]] ?? 0) / (n[c] / y.length));
}

/** Per-article weights that turn the gold class mix into `mix`. */
export function mixWeights(gold: ReadonlyMap<string, string>, mix: Readonly<Record<string, number>>): (id: string, g: string) => number {
  const n = new Map<string, number>();
  for (const g of gold.values()) n.set(g, (n.get(g) ?? 0) + 1);
  return (_id, g) => (mix[g] ?? 0) / ((n.get(g) ?? 1) / gold.size);
}

export function crossValidateGenre(dataDir: string, k: number, seed: number, cfg: GenreConfig = GENRE_CONFIG, log: (m: string) => void = () => {}): GenreCv {
  const t0 = performance.now();
  const docs = loadArticleTask(dataDir, 1, isGenre, 'genre');
  const y = docs.map((d) => GENRES.indexOf(d.labels[0] as (typeof GENRES)[number]));
  const counts = hashAll(docs.map((d) => d.text), cfg.hasher);
  const style = docs.map((d) => styleFeatures(d.text));
  const unlabeled = hashAll(unlabeledTexts(dataDir), cfg.hasher);
  const folds = stratifiedKFold(y.map((c) => [c]), k, seed);
  const predictions = new Map<string, string>();
  const feedPredictions = new Map<string, string>();
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const fit = fitGenre(train.map((i) => counts[i]), train.map((i) => style[i]), train.map((i) => y[i]), { ...cfg, seed }, unlabeled);
    for (const i of test) {
      const p = genreProbabilities(fit, fit.space.transform(counts[i]), style[i]);
      predictions.set(docs[i].id, GENRES[decideGenre(p, fit.offsets)]);
      feedPredictions.set(docs[i].id, GENRES[decideGenre(p, fit.feedOffsets)]);
    }
    log(`genre fold ${f + 1}/${k}: offsets ${Array.from(fit.offsets).join(', ')}`);
  }
  const gold = new Map(docs.map((d) => [d.id, d.labels[0]]));
  return {
    ids: docs.map((d) => d.id),
    folds,
    predictions,
    score: scoreGenre(gold, predictions),
    shifted: scoreGenre(gold, predictions, mixWeights(gold, REPORTING_HEAVY_MIX)),
    feed: scoreGenre(gold, feedPredictions),
    feedShifted: scoreGenre(gold, feedPredictions, mixWeights(gold, REPORTING_HEAVY_MIX)),
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Trains on the whole English training split. */
export function trainGenre(dataDir: string, seed = GENRE_CONFIG.seed, cfg: GenreConfig = GENRE_CONFIG): FittedGenre {
  const docs = loadArticleTask(dataDir, 1, isGenre, 'genre');
  const y = docs.map((d) => GENRES.indexOf(d.labels[0] as (typeof GENRES)[number]));
  return fitGenre(hashAll(docs.map((d) => d.text), cfg.hasher), docs.map((d) => styleFeatures(d.text)), y, { ...cfg, seed }, hashAll(unlabeledTexts(dataDir), cfg.hasher));
}

/** The stored form of a trained genre model. */
export function genreTaskModel(fit: FittedGenre, info: Record<string, unknown>): TaskModel {
  return {
    task: 'genre',
    version: `semeval2023-en-genre-${String(info.trainedAt ?? 'dev')}`,
    hasher: GENRE_CONFIG.hasher,
    space: fit.space,
    model: fit.model,
    meta: {
      ...info,
      prepare: 'mark',
      offsets: Array.from(fit.offsets),
      feedOffsets: Array.from(fit.feedOffsets),
      feedMix: REPORTING_HEAVY_MIX,
      trainingPriors: Array.from(fit.priors),
      learner: { C: GENRE_CONFIG.learner.C, stackerC: GENRE_CONFIG.stackerC },
      // The stacker is tiny (3 logits + the style features, per class): kept in the header as numbers.
      stacker: fit.stacker ? { features: ['textLogit:opinion', 'textLogit:reporting', 'textLogit:satire', ...STYLE_FEATURES], weights: Array.from(fit.stacker.model.weights), bias: Array.from(fit.stacker.model.bias), scaler: fit.stacker.scaler } : null,
    },
  };
}
