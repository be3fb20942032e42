/**
 * Genre (subtask 1). A small stacker: logistic regression over standardised style features
 * (style.ts: quoted and attributed speech, first/second person, questions, hedges, evaluative words,
 * dateline, paragraph and headline shape), which carry the genre independently of topic, optionally
 * with the out-of-fold logits of a text model (one-vs-rest logistic regression with balanced class
 * weights over article tf-idf). With 41 reporting and 10 satire articles a stacker over all 37
 * style features overfits, so each fit screens them: per minority class the k features whose
 * training AUC is farthest from 0.5, with k chosen on inner folds. Then one additive offset per class
 * on the stacker's logits, tuned on its own out-of-fold probabilities for macro-F1. Balanced weights
 * and macro-F1 offsets make the decision depend on how each class looks, not on how common it was in
 * training (382 opinion, 41 reporting, 10 satire), so a feed that is mostly reporting is not pushed
 * toward "opinion"; `mixWeights` scores a fold as such a feed would.
 */
import { loadArticleTask, testArticleTexts } from '../../corpora/semeval2023.js';
import { hashMarkedTexts, TfidfSpace, type HashedCounts, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import { countsF1, foldSplit, LinearModel, outOfFoldProbabilities, stratifiedKFold, trainPrimalOneVsRest, type PrimalOptions, type SparseVector, type TaskModel } from '../../learn/index.js';
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
  /** The stacker also reads the text model's out-of-fold logits (false: style features only, no text model). */
  textLogits: boolean;
  /** Candidate numbers of style features kept per minority class (chosen on inner folds); [] keeps all. */
  screen: readonly number[];
  /** Inverse regularisation of the stacker. */
  stackerC: number;
}

/**
 * Style features only (no text model), screened per fold. On the 5 folds of seed 42 this scores
 * macro-F1 0.482 (feed mix 0.622) against 0.476 (0.514) with the text logits stacked in, 0.404 with
 * all style columns unscreened, and 0.462 (0.471) for the earlier text + all-style stacker; over fold
 * seeds 42, 1, 2 the means are 0.468 (feed 0.531) against 0.455 (0.481). It also skips hashing the
 * text. Measured and not adopted (docs/techniques.md): stacker C 0.1–3, fixed k, averaging the
 * stackers over k, self-training on the unlabelled test articles, kNN over the style columns, a
 * text model over the first and last paragraphs; persuasion-profile columns (detector rates, out-of-fold
 * technique sentence rates, frame probabilities) and other decision rules (ordinal, multinomial,
 * smoothed-F1 offsets) did not beat it over fold seeds 42, 1, 2.
 */
export const GENRE_CONFIG: GenreConfig = {
  hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: null },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 4, maxEpochs: 30, positiveWeight: (pos, neg) => (pos > 0 ? Math.min(40, neg / pos) : 1) },
  innerFolds: 5,
  seed: 7,
  targetMix: null,
  style: true,
  textLogits: false,
  screen: [4, 6, 8, 10, 14],
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
  stacker: Stacker | null;
  /** Added to each class's logit before the argmax. */
  offsets: Float64Array;
  /** Offsets tuned as if the articles came in REPORTING_HEAVY_MIX proportions (a news feed). */
  feedOffsets: Float64Array;
  /** Class frequencies of the training data. */
  priors: Float64Array;
}

/** The stacker: which style columns it reads (scaler over those), and whether text logits come first. */
export interface Stacker {
  model: LinearModel;
  scaler: StyleScaler;
  /** Indices into STYLE_FEATURES of the columns read, in order. */
  columns: number[];
  textLogits: boolean;
}

const logit = (p: number) => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));
const clippedLogit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The stacker's input: the text model's class logits (when used), then the standardised style columns. */
export function stackerInput(textProbs: ArrayLike<number> | null, style: Float64Array, scaler: StyleScaler, columns?: readonly number[]): SparseVector {
  const picked = columns ? Float64Array.from(columns, (j) => style[j]) : style;
  const row = [...(textProbs ? Array.from(textProbs, clippedLogit) : []), ...scaleStyle(picked, scaler)];
  return { indices: Uint32Array.from(row.keys()), values: Float32Array.from(row) };
}

/**
 * Class probabilities of one article under a fitted model (before the offsets). `x` (the article's
 * tf-idf vector) is read only when the model uses its text model; it may be a thunk so a style-only
 * model never hashes the text.
 */
export function genreProbabilities(fit: Pick<FittedGenre, 'model' | 'stacker'>, x: SparseVector | (() => SparseVector), style: Float64Array): Float64Array {
  const vec = () => (typeof x === 'function' ? x() : x);
  if (!fit.stacker) return fit.model.scores(vec());
  const s = fit.stacker;
  return s.model.scores(stackerInput(s.textLogits ? fit.model.scores(vec()) : null, style, s.scaler, s.columns));
}

/** Area under the ROC curve of `scores` for the positives `pos` (ties get half credit). */
export function rocAuc(scores: readonly number[], pos: readonly boolean[]): number {
  const order = scores.map((v, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let np = 0;
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j < order.length && scores[order[j]] === scores[order[k]]) j++;
    const meanRank = (k + 1 + j) / 2;
    for (let t = k; t < j; t++) if (pos[order[t]]) {
      rankSum += meanRank;
      np++;
    }
    k = j;
  }
  const nn = order.length - np;
  return np === 0 || nn === 0 ? 0.5 : (rankSum - (np * (np + 1)) / 2) / (np * nn);
}

/**
 * Style columns ranked for each minority class (reporting, satire) by how far their training AUC
 * against the other classes is from 0.5, most separating first.
 */
export function rankStyleColumns(style: readonly Float64Array[], y: readonly number[]): number[][] {
  const d = style.length ? style[0].length : 0;
  return [1, 2].map((c) => {
    const pos = y.map((v) => v === c);
    const gap = Array.from({ length: d }, (_, j) => Math.abs(rocAuc(style.map((r) => r[j]), pos) - 0.5));
    return Array.from({ length: d }, (_, j) => j).sort((a, b) => gap[b] - gap[a] || a - b);
  });
}

/** The union of the first k columns of each ranking, sorted. */
export function screenColumns(rankings: readonly number[][], k: number): number[] {
  return [...new Set(rankings.flatMap((r) => r.slice(0, k)))].sort((a, b) => a - b);
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
  for (let c = 0; c < C; c++) s += countsF1(tp[c], fp[c], fn[c]);
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

/** Fits the genre model on hashed counts and raw style features with class ids. */
export function fitGenre(counts: readonly HashedCounts[], style: readonly Float64Array[], y: readonly number[], cfg: GenreConfig, unlabeled: readonly HashedCounts[] = []): FittedGenre {
  const Y = y.map((c) => [c]);
  const weights = cfg.targetMix ? classMixWeights(y, cfg.targetMix) : undefined;
  const priors = new Float64Array(GENRES.length);
  for (const c of y) priors[c] += 1 / y.length;
  const feed = classMixWeights(y, REPORTING_HEAVY_MIX);
  const useText = !cfg.style || cfg.textLogits;
  let space: TfidfSpace;
  let model: LinearModel;
  let oof: Float64Array[] | null = null;
  if (useText) {
    space = TfidfSpace.fit([...counts, ...unlabeled], 1 << cfg.hasher.bits, cfg.tfidf);
    const X = counts.map((c) => space.transform(c));
    oof = outOfFoldProbabilities(X, Y, GENRES, space.size, cfg.innerFolds, cfg.seed + 1, cfg.learner);
    model = trainPrimalOneVsRest(X, Y, GENRES, space.size, { ...cfg.learner, seed: cfg.seed });
  } else {
    // Style-only: an empty text model keeps the model file's shape; it is never read.
    space = new TfidfSpace(new Uint32Array(0), new Float32Array(0), 1 << cfg.hasher.bits, { minDf: 2, useIdf: true, wordWeight: 1, ...cfg.tfidf });
    model = new LinearModel(GENRES, 0, new Float32Array(0), new Float32Array(GENRES.length));
  }
  if (!cfg.style) return { space, model, stacker: null, offsets: tuneOffsets(oof!, y, weights), feedOffsets: tuneOffsets(oof!, y, feed), priors };
  // The stacker learns from out-of-fold text probabilities (what the text model says about articles
  // it has not seen), and its offsets from its own out-of-fold probabilities. The number of style
  // columns is chosen by the macro-F1 those out-of-fold probabilities reach (inner folds only).
  const learner = { ...cfg.learner, ...STACKER_LEARNER, C: cfg.stackerC };
  const rankings = rankStyleColumns(style, y);
  const all = Array.from({ length: style.length ? style[0].length : 0 }, (_, j) => j);
  const candidates = cfg.screen.length ? [...new Set(cfg.screen.map((k) => screenColumns(rankings, k).join(',')))].map((c) => c.split(',').map(Number)) : [all];
  let best: { value: number; columns: number[]; oof: Float64Array[]; Z: SparseVector[]; scaler: StyleScaler } | null = null;
  for (const columns of candidates) {
    const scaler = fitStyleScaler(style.map((r) => Float64Array.from(columns, (j) => r[j])));
    const Z = style.map((r, i) => stackerInput(oof ? oof[i] : null, r, scaler, columns));
    const dims = (oof ? GENRES.length : 0) + columns.length;
    const oof2 = outOfFoldProbabilities(Z, Y, GENRES, dims, cfg.innerFolds, cfg.seed + 2, learner);
    const value = macroF1Of(oof2, y, tuneOffsets(oof2, y, weights), weights ?? y.map(() => 1));
    if (!best || value > best.value + 1e-12) best = { value, columns, oof: oof2, Z, scaler };
  }
  const b = best!;
  const dims = (oof ? GENRES.length : 0) + b.columns.length;
  const stacker = trainPrimalOneVsRest(b.Z, Y, GENRES, dims, { ...learner, seed: cfg.seed });
  return { space, model, stacker: { model: stacker, scaler: b.scaler, columns: b.columns, textLogits: oof !== null }, offsets: tuneOffsets(b.oof, y, weights), feedOffsets: tuneOffsets(b.oof, y, feed), priors };
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
  const useText = !cfg.style || cfg.textLogits;
  const counts = useText ? hashMarkedTexts(docs.map((d) => d.text), cfg.hasher) : [];
  const style = docs.map((d) => styleFeatures(d.text));
  const unlabeled = useText ? hashMarkedTexts(testArticleTexts(dataDir, 1), cfg.hasher) : [];
  const folds = stratifiedKFold(y.map((c) => [c]), k, seed);
  const predictions = new Map<string, string>();
  const feedPredictions = new Map<string, string>();
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const fit = fitGenre(useText ? train.map((i) => counts[i]) : [], train.map((i) => style[i]), train.map((i) => y[i]), { ...cfg, seed }, unlabeled);
    for (const i of test) {
      const p = genreProbabilities(fit, () => fit.space.transform(counts[i]), style[i]);
      predictions.set(docs[i].id, GENRES[decideGenre(p, fit.offsets)]);
      feedPredictions.set(docs[i].id, GENRES[decideGenre(p, fit.feedOffsets)]);
    }
    log(`genre fold ${f + 1}/${k}: offsets ${Array.from(fit.offsets).join(', ')}${fit.stacker ? `; style columns ${fit.stacker.columns.map((j) => STYLE_FEATURES[j]).join(' ')}` : ''}`);
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
  const useText = !cfg.style || cfg.textLogits;
  return fitGenre(useText ? hashMarkedTexts(docs.map((d) => d.text), cfg.hasher) : [], docs.map((d) => styleFeatures(d.text)), y, { ...cfg, seed }, useText ? hashMarkedTexts(testArticleTexts(dataDir, 1), cfg.hasher) : []);
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
      // The stacker is tiny (a few style columns, and 3 logits when the text model is used, per class): kept in the header as numbers.
      stacker: fit.stacker
        ? {
            features: [...(fit.stacker.textLogits ? GENRES.map((g) => `textLogit:${g}`) : []), ...fit.stacker.columns.map((j) => STYLE_FEATURES[j])],
            columns: fit.stacker.columns,
            textLogits: fit.stacker.textLogits,
            weights: Array.from(fit.stacker.model.weights),
            bias: Array.from(fit.stacker.model.bias),
            scaler: fit.stacker.scaler,
          }
        : null,
    },
  };
}
