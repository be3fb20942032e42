/**
 * Frames (subtask 2), one model per language: one-vs-rest logistic regression over article tf-idf
 * (learn/multilabel.ts), the recipe (n-grams, C, pooling of the other languages' articles) chosen
 * inside the training articles by inner cross-validation, per-label Platt calibration, and
 * thresholds on the calibrated scale tuned for micro-F1. Cross-validation folds are stratified over
 * the frame sets and seeded (or given), and written out so the peer in bench/ uses the same.
 */
import { existsSync } from 'node:fs';
import { loadArticleTask, SEMEVAL2023_LANGUAGES, semeval2023LangDir, testArticleTexts } from '../../corpora/semeval2023.js';
import type { HashedCounts } from '../../features/hasher.js';
import { hashMarkedTexts } from '../../features/index.js';
import { applyPlattRow, calibratedThresholds, decideLabels, fitMultiLabel, foldSplit, labelIds, scoreMultiLabel, stratifiedKFold, type FittedMultiLabel, type MultiLabelConfig, type MultiLabelScore, type TaskModel } from '../../learn/index.js';
import { FRAMES, isFrame } from './taxonomy.js';

/** One candidate recipe: the multi-label config and whether the other languages' articles join training. */
export interface FramesRecipe {
  name: string;
  cfg: MultiLabelConfig;
  pooled: boolean;
}

const BASE: MultiLabelConfig = {
  hasher: { bits: 20, wordNgrams: [1, 1], charNgrams: null },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 4, maxEpochs: 30 },
  innerFolds: 5,
  seed: 7,
  perLabel: true,
  shrinkage: 20,
};

const WORDS_CHARS = { bits: 20, wordNgrams: [1, 2] as [number, number], charNgrams: [3, 5] as [number, number] };

/**
 * The candidates, few on purpose: each one chosen from on the same inner folds adds a chance of
 * picking noise. Word unigrams were the English model before; character n-grams share stems across
 * inflections (Polish, Russian); pooling adds the other languages' articles to training (names,
 * numbers and the punctuation marks are shared). Pooling with character n-grams was chosen by inner
 * CV in French too, but costs some 30 times the training time of the others (docs/frames.md).
 */
export const FRAMES_RECIPES: readonly FramesRecipe[] = [
  { name: 'word1-C4', cfg: BASE, pooled: false },
  { name: 'word1-C4-pooled', cfg: BASE, pooled: true },
  { name: 'word12-char35-C4', cfg: { ...BASE, hasher: WORDS_CHARS }, pooled: false },
];

/** The labelled training articles of one language, and its unlabelled test articles (idf only). */
export interface FramesData {
  lang: string;
  ids: string[];
  texts: string[];
  Y: number[][];
  unlabeled: string[];
}

export function loadFramesData(dataDir: string, lang: string): FramesData {
  const docs = loadArticleTask(dataDir, 2, isFrame, 'frame', lang);
  return { lang, ids: docs.map((d) => d.id), texts: docs.map((d) => d.text), Y: labelIds(docs.map((d) => d.labels), FRAMES), unlabeled: testArticleTexts(dataDir, 2, lang) };
}

/** The training articles of every other language whose folder is present, for the pooled recipes. */
export function loadFramesPool(dataDir: string, lang: string): { texts: string[]; Y: number[][] } {
  const present = Object.keys(SEMEVAL2023_LANGUAGES).filter((l) => l !== lang && existsSync(semeval2023LangDir(dataDir, l)));
  const others = present.map((l) => loadFramesData(dataDir, l));
  return { texts: others.flatMap((d) => d.texts), Y: others.flatMap((d) => d.Y) };
}

/** Hashed counts of a language's data and pool, once per hasher configuration. */
class HashedFrames {
  private readonly cache = new Map<string, { counts: HashedCounts[]; unlabeled: HashedCounts[]; pool: HashedCounts[] }>();

  constructor(
    readonly data: FramesData,
    readonly pool: { texts: string[]; Y: number[][] },
  ) {}

  of(recipe: FramesRecipe): { counts: HashedCounts[]; unlabeled: HashedCounts[]; pool: HashedCounts[] } {
    const key = JSON.stringify(recipe.cfg.hasher);
    let h = this.cache.get(key);
    if (!h) {
      const hasher = recipe.cfg.hasher;
      h = { counts: hashMarkedTexts(this.data.texts, hasher), unlabeled: hashMarkedTexts(this.data.unlabeled, hasher), pool: [] };
      this.cache.set(key, h);
    }
    if (recipe.pooled && h.pool.length === 0 && this.pool.texts.length) h.pool = hashMarkedTexts(this.pool.texts, recipe.cfg.hasher);
    return h;
  }
}

/** A fitted recipe and the inner-CV micro-F1 of every candidate it was chosen from. */
export interface ChosenFrames {
  recipe: FramesRecipe;
  fit: FittedMultiLabel;
  innerF1: Record<string, number>;
}

/** Fits every candidate on the training articles `train` and keeps the one with the best inner-CV micro-F1. */
function chooseAndFit(h: HashedFrames, train: readonly number[], seed: number, recipes: readonly FramesRecipe[]): ChosenFrames {
  let best: ChosenFrames | null = null;
  const innerF1: Record<string, number> = {};
  for (const recipe of recipes) {
    const x = h.of(recipe);
    const extra = recipe.pooled && x.pool.length ? { counts: x.pool, Y: h.pool.Y } : undefined;
    const fit = fitMultiLabel(train.map((i) => x.counts[i]), train.map((i) => h.data.Y[i]), FRAMES, { ...recipe.cfg, seed }, x.unlabeled, extra);
    innerF1[recipe.name] = fit.innerF1;
    if (!best || fit.innerF1 > best.fit.innerF1 + 1e-12) best = { recipe, fit, innerF1 };
  }
  if (!best) throw new Error('frames: no candidate recipe');
  return best;
}

/** Calibrated per-frame probabilities of hashed counts under a fit. */
export function calibratedScores(fit: FittedMultiLabel, counts: HashedCounts): Float64Array {
  const raw = fit.model.scores(fit.space.transform(counts));
  return applyPlattRow(fit.platt, raw);
}

/** What one outer fold's model said about its test articles. */
export interface FramesFold {
  test: number[];
  recipe: string;
  innerF1: Record<string, number>;
  /** Thresholds on the calibrated scale. */
  thresholds: Float64Array;
  /** The training part's share of positives per frame. */
  priors: Float64Array;
}

export interface FramesCv {
  lang: string;
  ids: string[];
  Y: number[][];
  folds: Int32Array;
  /** Out-of-fold calibrated probabilities, one row per article. */
  probabilities: Float64Array[];
  predictions: Map<string, string[]>;
  perFold: FramesFold[];
  score: MultiLabelScore;
  seconds: number;
}

export interface FramesCvOptions {
  /** An explicit fold per article (in the label file's order); otherwise stratified k-fold with the seed. */
  folds?: Int32Array;
  /** Candidate recipes (default FRAMES_RECIPES). */
  recipes?: readonly FramesRecipe[];
  log?: (m: string) => void;
}

/** The fold assignment to use: the given one (checked against the articles) or stratified k-fold. */
function foldsFor(Y: readonly number[][], k: number, seed: number, given?: Int32Array): Int32Array {
  if (!given) return stratifiedKFold(Y, k, seed);
  if (given.length !== Y.length) throw new Error(`frames: ${given.length} fold entries for ${Y.length} articles`);
  return given;
}

/** k-fold cross-validation on one language's training split, the recipe chosen anew inside each training part. */
export function crossValidateFrames(dataDir: string, lang: string, k: number, seed: number, options: FramesCvOptions = {}): FramesCv {
  const t0 = performance.now();
  const data = loadFramesData(dataDir, lang);
  const recipes = options.recipes ?? FRAMES_RECIPES;
  const h = new HashedFrames(data, recipes.some((r) => r.pooled) ? loadFramesPool(dataDir, lang) : { texts: [], Y: [] });
  const folds = foldsFor(data.Y, k, seed, options.folds);
  const K = folds.reduce((m, f) => Math.max(m, f + 1), 0);
  const probabilities: Float64Array[] = new Array(data.ids.length);
  const predictions = new Map<string, string[]>();
  const perFold: FramesFold[] = [];
  for (let f = 0; f < K; f++) {
    const { train, test } = foldSplit(folds, f);
    if (test.length === 0) continue;
    const chosen = chooseAndFit(h, train, seed, recipes);
    const thresholds = calibratedThresholds(chosen.fit.platt, chosen.fit.thresholds);
    const x = h.of(chosen.recipe);
    for (const i of test) {
      probabilities[i] = calibratedScores(chosen.fit, x.counts[i]);
      predictions.set(data.ids[i], decideLabels(probabilities[i], FRAMES, thresholds));
    }
    perFold.push({ test, recipe: chosen.recipe.name, innerF1: chosen.innerF1, thresholds, priors: chosen.fit.priors });
    options.log?.(`frames ${lang} fold ${f + 1}/${K}: ${chosen.recipe.name}, inner micro-F1 ${chosen.fit.innerF1.toFixed(3)}`);
  }
  const gold = new Map(data.ids.map((id, i) => [id, data.Y[i].map((l) => FRAMES[l])]));
  return { lang, ids: data.ids, Y: data.Y, folds, probabilities, predictions, perFold, score: scoreMultiLabel(gold, predictions, FRAMES), seconds: (performance.now() - t0) / 1000 };
}

/** Trains the frames model of one language on its whole training split (recipe chosen by inner CV). */
export function trainFrames(dataDir: string, lang: string, seed = BASE.seed, recipes: readonly FramesRecipe[] = FRAMES_RECIPES): ChosenFrames {
  const data = loadFramesData(dataDir, lang);
  const h = new HashedFrames(data, recipes.some((r) => r.pooled) ? loadFramesPool(dataDir, lang) : { texts: [], Y: [] });
  return chooseAndFit(h, data.ids.map((_, i) => i), seed, recipes);
}

/** The stored form of a trained frames model: thresholds on the calibrated scale, Platt pairs and training priors in the header. */
export function framesTaskModel(lang: string, { recipe, fit, innerF1 }: ChosenFrames, info: Record<string, unknown>): TaskModel {
  return {
    task: 'frames',
    version: `semeval2023-${lang}-frames-${String(info.trainedAt ?? 'dev')}`,
    hasher: recipe.cfg.hasher,
    space: fit.space,
    model: fit.model,
    meta: {
      ...info,
      lang,
      prepare: 'mark',
      recipe: recipe.name,
      candidates: innerF1,
      thresholds: Array.from(calibratedThresholds(fit.platt, fit.thresholds)),
      platt: fit.platt,
      priors: Array.from(fit.priors),
      innerMicroF1: fit.innerF1,
      learner: { ...recipe.cfg.learner },
    },
  };
}
