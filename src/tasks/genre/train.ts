/**
 * Genre (subtask 1) training, per language: candidate recipes — a text model (one-vs-rest logistic
 * regression with balanced class weights over tf-idf of word 1–2-grams and character 2–5-grams), a
 * stacker over standardised style columns (style.ts: English word-list features, language-neutral
 * columns elsewhere; per minority class the k columns whose training AUC is farthest from 0.5), the
 * stacker over both, and a pooled stacker over the language-neutral columns trained with the other
 * five languages' articles added to every training part — are compared by the macro-F1 of their inner out-of-fold probabilities, and
 * the best is kept; it then meets two more finalists on the same rows: a word-level tf-idf model (the
 * peer's kind: word 1–2-grams, C 1, balanced) and the equal-weight average of the two's calibrated
 * probabilities. The winner's inner out-of-fold probabilities are then calibrated (bias-corrected
 * temperature scaling, learn/calibration.ts), and the calibrated rows with their labels are kept in
 * the model: offsets for macro-F1 are tuned on them for the training mix, and again for any batch
 * whose label priors EM estimates (decide.ts). The model predicts with the inner-fold models the
 * calibration was fitted on (the mean of their calibrated probabilities, a cross-fitted ensemble), not
 * with one model refitted on all rows, which would be sharper than the rows the calibration saw.
 * Nothing is chosen on data the fit does not get.
 */
import { loadArticleTask, SEMEVAL2023_LANGUAGES, testArticleTexts } from '../../corpora/semeval2023.js';
import { hashMarkedTexts, TfidfSpace, type HashedCounts, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import { applyTemperatureBias, fitTemperatureBias, foldSplit, LinearModel, predictProbabilities, stratifiedKFold, trainPrimalOneVsRest, type PrimalOptions, type SparseVector, type TaskModel, type TemperatureBias } from '../../learn/index.js';
import { chooseRule, classPriors, macroF1Of, tuneOffsets, type GenreRule } from './decide.js';
import { GENRES, isGenre } from './taxonomy.js';
import { fitStyleScaler, genreStyle, genreStyleNames, NEUTRAL_STYLE_FEATURES, neutralStyleFeatures, scaleStyle, type StyleScaler } from './style.js';

/**
 * What a candidate reads: the text model's probabilities, the style columns, the style columns with
 * the text logits, or the language-neutral columns learnt from all six languages ('pooled').
 */
export type GenreRecipe = 'text' | 'style' | 'text+style' | 'pooled' | 'word' | 'average';

/**
 * The final choice: the best of the config's `recipes` ('base'), the word-tf-idf model ('word'), or
 * the average of the two's calibrated probabilities ('average').
 */
export type GenreFinalist = 'base' | 'word' | 'average';

/** Whether a recipe reads the text model. */
const readsText = (r: GenreRecipe) => r === 'text' || r === 'text+style';

export interface GenreConfig {
  hasher: HasherOptions;
  tfidf: Partial<TfidfOptions>;
  learner: Partial<PrimalOptions>;
  innerFolds: number;
  seed: number;
  /** Candidate recipes, chosen among on inner folds. */
  recipes: readonly GenreRecipe[];
  /** Candidate numbers of style columns kept per minority class (chosen on inner folds); [] keeps all. */
  screen: readonly number[];
  /** Inverse regularisation of the stacker. */
  stackerC: number;
  /** What the final choice is among (inner folds); ['base'] is the recipe choice alone. */
  finalists: readonly GenreFinalist[];
  /** Inverse regularisation of the word-tf-idf model, for a unit-length word vector (as the peer's C). */
  wordC: number;
  /** Calibrate the chosen probabilities (false: today's recipe before issue 13, for comparison). */
  calibrate: boolean;
}

export const GENRE_CONFIG: GenreConfig = {
  hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: [2, 5] },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 4, maxEpochs: 30, positiveWeight: (pos, neg) => (pos > 0 ? Math.min(40, neg / pos) : 1) },
  innerFolds: 5,
  seed: 7,
  recipes: ['text', 'style', 'text+style', 'pooled'],
  screen: [4, 6, 8, 10, 14],
  stackerC: 1,
  finalists: ['base', 'word', 'average'],
  wordC: 1,
  calibrate: true,
};

/**
 * English chooses between the style stacker over its word-list features and the pooled stacker: before
 * issue 13 the text model and the text + style stacker measured below the style stacker over fold
 * seeds 42, 1, 2 (docs/genre.md). The other languages choose among all four on inner folds.
 */
export function genreConfigFor(lang: string): GenreConfig {
  return lang.toLowerCase() === 'en' ? { ...GENRE_CONFIG, hasher: { ...GENRE_CONFIG.hasher, charNgrams: null }, recipes: ['style', 'pooled'] } : GENRE_CONFIG;
}

/** The English recipe before issue 13 (screened style stacker, uncalibrated), kept to compare against in bench/genre-cv.mjs. */
export const PREVIOUS_GENRE_CONFIG: GenreConfig = { ...GENRE_CONFIG, hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: null }, recipes: ['style'], finalists: ['base'], calibrate: false };

/** Whether a config reads the text at all (a text recipe, or the word-tf-idf finalist). */
const configReadsText = (cfg: GenreConfig) => cfg.recipes.some(readsText) || cfg.finalists.some((f) => f !== 'base');

/** The simulated batches the EM pseudo-count is chosen on: 200 articles, as the batch step adapts (src/tasks/shift.ts BATCH_CHUNK). */
const SIMULATED_BATCHES = { draws: 40, size: 200 };

const IDENTITY: TemperatureBias = { temperature: 1, bias: GENRES.map(() => 0) };

const STACKER_LEARNER: Partial<PrimalOptions> = { maxEpochs: 200, tolerance: 0.001 };

/** The stacker: which style columns it reads (scaler over those), and whether text logits come first. */
export interface Stacker {
  /** One stacker per inner fold (member j reads the logits of text member j). */
  models: LinearModel[];
  scaler: StyleScaler;
  /** Indices into the style columns it reads, in order. */
  columns: number[];
  textLogits: boolean;
  /** Reads the language-neutral columns (the pooled recipe) rather than the language's own. */
  neutral: boolean;
}

/**
 * The 'average' recipe's parts: the base recipe (the fit's textModels and stacker) calibrated by
 * `baseCalibration`, and the word-tf-idf members calibrated by `wordCalibration`; their calibrated
 * probabilities are averaged, and the fit's `calibration` is applied to the average.
 */
export interface GenreAverage {
  base: GenreRecipe;
  baseCalibration: TemperatureBias;
  wordModels: LinearModel[];
  wordCalibration: TemperatureBias;
}

/** An article's style columns: the language's own, or the language-neutral ones (the same outside English). */
export type StyleOf = (neutral: boolean) => Float64Array;

export interface FittedGenre {
  lang: string;
  recipe: GenreRecipe;
  space: TfidfSpace;
  /** The text models of the inner folds (none when the recipe is 'style'; the word-tf-idf models when it is 'word'). */
  textModels: LinearModel[];
  stacker: Stacker | null;
  /** The parts of the 'average' recipe (null for every other recipe). */
  average: GenreAverage | null;
  calibration: TemperatureBias;
  /** Class shares of the training data. */
  priors: Float64Array;
  /** Calibrated inner out-of-fold probabilities of the training articles, with their class ids. */
  oof: { probs: Float64Array[]; y: number[] };
  /** Offsets for macro-F1 on the training mix. */
  offsets: Float64Array;
  /** Inner out-of-fold macro-F1 of the chosen recipe (what it was chosen by). */
  innerF1: number;
  /** How batches are decided (decide.ts chooseRule on simulated batches of the training rows); 'uniform' decides single articles too. */
  rule: GenreRule;
  /** EM's pseudo-count: the best EM candidate of the same choice (used when `rule` is 'em'). */
  pseudoCount: number;
}

const clippedLogit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The stacker's input: the text model's class logits (when used), then the standardised style columns. */
export function stackerInput(textProbs: ArrayLike<number> | null, style: Float64Array, scaler: StyleScaler, columns: readonly number[]): SparseVector {
  const picked = Float64Array.from(columns, (j) => style[j]);
  const row = [...(textProbs ? Array.from(textProbs, clippedLogit) : []), ...scaleStyle(picked, scaler)];
  return { indices: Uint32Array.from(row.keys()), values: Float32Array.from(row) };
}

/** Class probabilities (rows sum to 1) from one-vs-rest scores, before calibration. */
function normalised(p: Float64Array): Float64Array {
  const s = p.reduce((a, b) => a + b, 0);
  return s > 0 ? p.map((v) => v / s) : p.map(() => 1 / p.length);
}

/** A text vector, or a thunk that builds it once however often it is asked for. */
type TextInput = SparseVector | (() => SparseVector);

const once = (x: TextInput): TextInput => {
  if (typeof x !== 'function') return x;
  let v: SparseVector | undefined;
  return () => (v ??= x());
};

/** The mean over inner-fold members of each member's calibrated probabilities (text models, or stackers reading them). */
function memberMean(textModels: readonly LinearModel[], s: Stacker | null, calibration: TemperatureBias, x: TextInput, styleOf: StyleOf): Float64Array {
  const style = s ? styleOf(s.neutral) : new Float64Array(0);
  const members = s ? s.models.length : textModels.length;
  if (members === 0) throw new Error('genre model: no text model and no stacker');
  const v = s && !s.textLogits ? null : typeof x === 'function' ? x() : x;
  const mean = new Float64Array(GENRES.length);
  for (let j = 0; j < members; j++) {
    const text = v ? textModels[j].scores(v) : null;
    const raw = s ? s.models[j].scores(stackerInput(text, style, s.scaler, s.columns)) : text!;
    applyTemperatureBias(calibration, normalised(raw)).forEach((p, c) => (mean[c] += p / members));
  }
  return mean;
}

/**
 * Calibrated class probabilities of one article under a fitted model: the mean over the inner-fold
 * members of each member's calibrated probabilities (for 'average', the mean of the base's and the
 * word models' such probabilities, calibrated again). `x` (its tf-idf vector) is read only when the
 * recipe uses text models; it may be a thunk so a style-only model never hashes the text.
 */
export function genreProbabilities(fit: Pick<FittedGenre, 'textModels' | 'stacker' | 'calibration'> & { average?: GenreAverage | null }, x: TextInput, styleOf: StyleOf): Float64Array {
  const a = fit.average;
  if (!a) return memberMean(fit.textModels, fit.stacker, fit.calibration, x, styleOf);
  const v = once(x);
  const base = memberMean(fit.textModels, fit.stacker, a.baseCalibration, v, styleOf);
  const word = memberMean(a.wordModels, null, a.wordCalibration, v, styleOf);
  return applyTemperatureBias(fit.calibration, base.map((p, c) => (p + word[c]) / 2));
}

/** Rows with their class ids. */
export interface Labelled<T> {
  rows: readonly T[];
  y: readonly number[];
}

/** Models fitted on each inner training part (stratified k folds from `seed`), with each row's probabilities from the model that did not see it. */
export interface CrossFit {
  oof: Float64Array[];
  models: LinearModel[];
}

export function crossFit(X: readonly SparseVector[], y: readonly number[], dims: number, k: number, seed: number, learner: Partial<PrimalOptions>, extra: Labelled<SparseVector> = { rows: [], y: [] }): CrossFit {
  const Y = y.map((c) => [c]);
  const folds = stratifiedKFold(Y, k, seed);
  const oof: Float64Array[] = new Array(X.length);
  const models: LinearModel[] = [];
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    // `extra` rows join every training part and are never scored (the other languages, for the pooled recipe).
    const tX = [...train.map((i) => X[i]), ...extra.rows];
    const tY = [...train.map((i) => Y[i]), ...extra.y.map((c) => [c])];
    const model = trainPrimalOneVsRest(tX, tY, GENRES, dims, { ...learner, seed });
    predictProbabilities(model, test.map((i) => X[i])).forEach((p, q) => (oof[test[q]] = p));
    models.push(model);
  }
  return { oof, models };
}

/** Member models over the same inputs joined into one (labels `genre/j`), as a model file stores them. */
export function joinMembers(models: readonly LinearModel[]): LinearModel {
  const L = GENRES.length;
  const K = models.length;
  const dims = models[0]?.dims ?? 0;
  const weights = new Float32Array(dims * L * K);
  const bias = new Float32Array(L * K);
  models.forEach((m, j) => {
    for (let r = 0; r < dims; r++) for (let l = 0; l < L; l++) weights[r * L * K + j * L + l] = m.weights[r * L + l];
    bias.set(m.bias, j * L);
  });
  return new LinearModel(models.flatMap((_, j) => GENRES.map((g) => `${g}/${j}`)), dims, weights, bias);
}

/** The members of a joined model (a model of one member, e.g. a file from before the ensemble, is itself). */
export function splitMembers(joined: LinearModel): LinearModel[] {
  const L = GENRES.length;
  const K = joined.labels.length / L;
  if (!Number.isInteger(K) || K < 1) throw new Error(`genre model: ${joined.labels.length} text-model labels, expected a multiple of ${L}`);
  if (K === 1) return [joined];
  return Array.from({ length: K }, (_, j) => {
    const w = new Float32Array(joined.dims * L);
    for (let r = 0; r < joined.dims; r++) for (let l = 0; l < L; l++) w[r * L + l] = joined.weights[r * L * K + j * L + l];
    return new LinearModel(GENRES, joined.dims, w, joined.bias.slice(j * L, (j + 1) * L));
  });
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

/** A candidate's inner out-of-fold probabilities and what it takes to fit it on all rows. */
interface Candidate {
  recipe: GenreRecipe;
  value: number;
  oof: Float64Array[];
  /** The inner-fold models: text models, or stackers with their columns (for 'average', the base's). */
  models: LinearModel[];
  stack?: { columns: number[]; scaler: StyleScaler };
  average?: GenreAverage;
}

/** Inner out-of-fold macro-F1 with offsets tuned on the same rows (every candidate alike). */
function candidateValue(oof: readonly Float64Array[], y: readonly number[]): number {
  return macroF1Of(oof, y, tuneOffsets(oof, y));
}

/**
 * The stacker candidates of one recipe: one per screened column set. `extra` rows (the other
 * languages, for the pooled recipe) join the column ranking, the scaler and every training part.
 */
function stackerCandidates(recipe: GenreRecipe, style: readonly Float64Array[], y: readonly number[], textOof: readonly Float64Array[] | null, cfg: GenreConfig, extra: Labelled<Float64Array> = { rows: [], y: [] }): Candidate[] {
  const learner = { ...cfg.learner, ...STACKER_LEARNER, C: cfg.stackerC };
  const everyRow = [...style, ...extra.rows];
  const rankings = rankStyleColumns(everyRow, [...y, ...extra.y]);
  const all = Array.from({ length: style.length ? style[0].length : 0 }, (_, j) => j);
  const sets = cfg.screen.length ? [...new Set(cfg.screen.map((k) => screenColumns(rankings, k).join(',')))].map((c) => c.split(',').map(Number)) : [all];
  return sets.map((columns) => {
    const scaler = fitStyleScaler(everyRow.map((r) => Float64Array.from(columns, (j) => r[j])));
    const Z = style.map((r, i) => stackerInput(textOof ? textOof[i] : null, r, scaler, columns));
    const extraZ = { rows: extra.rows.map((r) => stackerInput(null, r, scaler, columns)), y: extra.y };
    const dims = (textOof ? GENRES.length : 0) + columns.length;
    const cf = crossFit(Z, y, dims, cfg.innerFolds, cfg.seed + 2, learner, extraZ);
    const oof = cf.oof.map(normalised);
    return { recipe, value: candidateValue(oof, y), oof, models: cf.models, stack: { columns, scaler } };
  });
}

/** What the pooled recipe reads: the language's own articles' neutral columns (in the order of its rows) and the other languages' articles. */
export interface GenrePool {
  neutral: readonly Float64Array[];
  others: Labelled<Float64Array>;
}

/**
 * Fits the genre model of language `lang` on hashed counts (empty when no recipe reads text) and raw
 * style vectors with class ids; `pool` is needed when the recipes include 'pooled'.
 */
export function fitGenre(lang: string, counts: readonly HashedCounts[], style: readonly Float64Array[], y: readonly number[], cfg: GenreConfig, unlabeled: readonly HashedCounts[] = [], pool: GenrePool | null = null): FittedGenre {
  const empty = new TfidfSpace(new Uint32Array(0), new Float32Array(0), 1 << cfg.hasher.bits, { minDf: 2, useIdf: true, wordWeight: 1, ...cfg.tfidf });
  let space = empty;
  let X: SparseVector[] = [];
  if (configReadsText(cfg)) {
    space = TfidfSpace.fit([...counts, ...unlabeled], 1 << cfg.hasher.bits, cfg.tfidf);
    X = counts.map((c) => space.transform(c));
  }
  const text = cfg.recipes.some(readsText) ? crossFit(X, y, space.size, cfg.innerFolds, cfg.seed + 1, cfg.learner) : null;
  const candidates: Candidate[] = cfg.recipes.flatMap((r) => {
    if (r === 'text') return [{ recipe: r, value: candidateValue(text!.oof.map(normalised), y), oof: text!.oof.map(normalised), models: text!.models }];
    if (r === 'pooled') {
      if (!pool) throw new Error(`genre ${lang}: the pooled recipe needs the other languages' articles`);
      return stackerCandidates(r, pool.neutral, y, null, cfg, pool.others);
    }
    if (r === 'word' || r === 'average') throw new Error(`genre ${lang}: '${r}' is a finalist (config.finalists), not a base recipe`);
    return stackerCandidates(r, style, y, r === 'text+style' ? text!.oof : null, cfg);
  });
  const calibrateOn = (rows: readonly Float64Array[], labels: readonly number[]) => (cfg.calibrate ? fitTemperatureBias(rows, labels) : IDENTITY);
  const base = candidates.reduce((a, b) => (b.value > a.value + 1e-12 ? b : a));
  const best = finalists(base, X, y, space, cfg, calibrateOn).reduce((a, b) => (b.value > a.value + 1e-12 ? b : a));
  const kind = best.average?.base ?? best.recipe;
  const stacker: Stacker | null = best.stack ? { models: best.models, scaler: best.stack.scaler, columns: best.stack.columns, textLogits: kind === 'text+style', neutral: kind === 'pooled' } : null;
  const textModels = best.recipe === 'word' ? best.models : readsText(kind) ? text!.models : [];
  const calibration = calibrateOn(best.oof, y);
  const probs = best.oof.map((p) => applyTemperatureBias(calibration, p));
  const priors = classPriors(y, GENRES.length);
  const oof = { probs, y: [...y] };
  const { rule, pseudoCount } = chooseRule(best.oof, y, (rows, labels) => {
    const c = calibrateOn(rows, labels);
    return (p) => applyTemperatureBias(c, p);
  }, { ...SIMULATED_BATCHES, seed: cfg.seed + 3 });
  // A model that reads no text keeps no tf-idf space (its file stays a few kilobytes).
  const keptSpace = textModels.length || best.average ? space : empty;
  return { lang, recipe: best.recipe, space: keptSpace, textModels, stacker, average: best.average ?? null, calibration, priors, oof, offsets: tuneOffsets(probs, y), innerF1: best.value, rule, pseudoCount };
}

/**
 * The word block of a tf-idf vector (its character n-grams dropped), values as in the full vector: a
 * model trained on it gives the same scores on the full vector (its character weights are 0), so
 * stored word models read the same vector as the text models.
 */
export function wordBlock(v: SparseVector, space: TfidfSpace): SparseVector {
  let m = 0;
  while (m < v.indices.length && space.features[v.indices[m]] < space.charBase) m++;
  // Compact indices are sorted and the word block comes first (tfidf.ts), so the block is a prefix.
  return { indices: v.indices.slice(0, m), values: v.values.slice(0, m) };
}

/**
 * The word model's C on the word block as it sits in the full vector: the block has length
 * s = wordWeight / sqrt(wordWeight² + 1) when character n-grams are hashed too (1 otherwise), and
 * C / s² on it is the same model as C on a unit-length word vector (intercept aside).
 */
export function wordBlockC(cfg: GenreConfig): number {
  const ww = cfg.tfidf.wordWeight ?? 1;
  const s2 = cfg.hasher.charNgrams ? (ww * ww) / (ww * ww + 1) : 1;
  return cfg.wordC / s2;
}

/**
 * The final candidates: the base recipe's winner, the word-tf-idf model (one-vs-rest, balanced, over
 * the word block; the same inner folds as the text model), and the average of the two's calibrated
 * inner out-of-fold probabilities — as the config's `finalists` allow, in that order (ties keep the
 * earlier, simpler one). The word model is the peer's recipe in our own learner (learn/primal.ts), so
 * the choice can take it wherever it measures better on the training part.
 */
function finalists(base: Candidate, X: readonly SparseVector[], y: readonly number[], space: TfidfSpace, cfg: GenreConfig, calibrateOn: (rows: readonly Float64Array[], labels: readonly number[]) => TemperatureBias): Candidate[] {
  const out: Candidate[] = cfg.finalists.includes('base') ? [base] : [];
  if (!cfg.finalists.some((f) => f !== 'base')) return out;
  const word = crossFit(X.map((v) => wordBlock(v, space)), y, space.size, cfg.innerFolds, cfg.seed + 1, { ...cfg.learner, C: wordBlockC(cfg) });
  const wordOof = word.oof.map(normalised);
  if (cfg.finalists.includes('word')) out.push({ recipe: 'word', value: candidateValue(wordOof, y), oof: wordOof, models: word.models });
  if (cfg.finalists.includes('average')) {
    const baseCalibration = calibrateOn(base.oof, y);
    const wordCalibration = calibrateOn(wordOof, y);
    const oof = base.oof.map((p, i) => {
      const w = applyTemperatureBias(wordCalibration, wordOof[i]);
      return applyTemperatureBias(baseCalibration, p).map((v, c) => (v + w[c]) / 2);
    });
    const average: GenreAverage = { base: base.recipe, baseCalibration, wordModels: word.models, wordCalibration };
    out.push({ recipe: 'average', value: candidateValue(oof, y), oof, models: base.models, stack: base.stack, average });
  }
  return out;
}

/** A language's labelled subtask-1 articles, their class ids and what the fit reads of them. */
export interface GenreData {
  ids: string[];
  y: number[];
  counts: HashedCounts[];
  style: Float64Array[];
  unlabeled: HashedCounts[];
  /** For the pooled recipe (null when no recipe pools). */
  pool: GenrePool | null;
}

/** The other languages' subtask-1 training articles as language-neutral columns with class ids. */
export function otherLanguages(dataDir: string, lang: string): Labelled<Float64Array> {
  const docs = Object.keys(SEMEVAL2023_LANGUAGES)
    .filter((l) => l !== lang.toLowerCase())
    .flatMap((l) => loadArticleTask(dataDir, 1, isGenre, 'genre', l));
  return { rows: docs.map((d) => neutralStyleFeatures(d.text)), y: docs.map((d) => GENRES.indexOf(d.labels[0] as (typeof GENRES)[number])) };
}

/** Reads and featurises a language's subtask-1 training articles (and its test articles, for idf only, when a recipe reads text). */
export function genreData(dataDir: string, lang: string, cfg: GenreConfig = genreConfigFor(lang)): GenreData {
  const docs = loadArticleTask(dataDir, 1, isGenre, 'genre', lang);
  const useText = configReadsText(cfg);
  const style = docs.map((d) => genreStyle(d.text, lang));
  const neutral = lang.toLowerCase() === 'en' ? docs.map((d) => neutralStyleFeatures(d.text)) : style;
  return {
    ids: docs.map((d) => d.id),
    y: docs.map((d) => GENRES.indexOf(d.labels[0] as (typeof GENRES)[number])),
    counts: useText ? hashMarkedTexts(docs.map((d) => d.text), cfg.hasher) : [],
    style,
    unlabeled: useText ? hashMarkedTexts(testArticleTexts(dataDir, 1, lang), cfg.hasher) : [],
    pool: cfg.recipes.includes('pooled') ? { neutral, others: otherLanguages(dataDir, lang) } : null,
  };
}

/** Trains a language's model on its whole training split. */
export function trainGenre(dataDir: string, lang: string, seed = GENRE_CONFIG.seed, cfg: GenreConfig = genreConfigFor(lang)): FittedGenre {
  const d = genreData(dataDir, lang, cfg);
  return fitGenre(lang, d.counts, d.style, d.y, { ...cfg, seed }, d.unlabeled, d.pool);
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** The stored form of a trained genre model: text model in the arrays, the rest (a few hundred numbers) in the header. */
export function genreTaskModel(fit: FittedGenre, info: Record<string, unknown>, cfg: GenreConfig = genreConfigFor(fit.lang)): TaskModel {
  const names = fit.stacker?.neutral ? NEUTRAL_STYLE_FEATURES : genreStyleNames(fit.lang);
  const members = [...fit.textModels, ...(fit.average?.wordModels ?? [])];
  return {
    task: 'genre',
    version: `semeval2023-${fit.lang}-genre-${String(info.trainedAt ?? 'dev')}`,
    hasher: cfg.hasher,
    space: fit.space,
    // The inner-fold text models side by side (labels genre/j), the average's word models last; none for the style recipe.
    model: members.length ? joinMembers(members) : new LinearModel(GENRES, fit.space.size, new Float32Array(fit.space.size * GENRES.length), new Float32Array(GENRES.length)),
    meta: {
      ...info,
      lang: fit.lang,
      prepare: 'mark',
      recipe: fit.recipe,
      innerF1: round(fit.innerF1, 4),
      offsets: Array.from(fit.offsets),
      rule: fit.rule,
      pseudoCount: fit.pseudoCount,
      trainingPriors: Array.from(fit.priors, (v) => round(v, 6)),
      calibration: fit.calibration,
      // The 'average' recipe: its base, the two parts' calibrations and how many of the last text members are word models.
      average: fit.average ? { base: fit.average.base, baseCalibration: fit.average.baseCalibration, wordCalibration: fit.average.wordCalibration, wordMembers: fit.average.wordModels.length } : null,
      // Rows the batch offsets are re-tuned on: calibrated out-of-fold probabilities and class ids.
      oof: { probs: fit.oof.probs.map((p) => Array.from(p, (v) => round(v, 4))), y: fit.oof.y },
      learner: { C: cfg.learner.C, stackerC: cfg.stackerC, wordC: cfg.wordC },
      stacker: fit.stacker
        ? {
            features: [...(fit.stacker.textLogits ? GENRES.map((g) => `textLogit:${g}`) : []), ...fit.stacker.columns.map((j) => names[j])],
            columns: fit.stacker.columns,
            textLogits: fit.stacker.textLogits,
            neutral: fit.stacker.neutral,
            // One weight and bias list per inner-fold member.
            members: fit.stacker.models.map((m) => ({ weights: Array.from(m.weights), bias: Array.from(m.bias) })),
            scaler: fit.stacker.scaler,
          }
        : null,
    },
  };
}
