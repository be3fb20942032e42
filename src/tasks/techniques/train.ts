/**
 * Paragraph-level techniques (subtask 3), one model per language: one-vs-rest logistic regression
 * over paragraph tf-idf (features/marked.ts marks punctuation and capitals), thresholds tuned on inner
 * cross-validation for micro-F1, per-label Platt scaling fitted on the same inner out-of-fold
 * probabilities. The recipe (word n-grams, or word and character n-grams) is chosen for each training
 * set by its inner-CV micro-F1, so an evaluation fold never takes part in a choice. Folds keep each
 * article's paragraphs together, so repeated phrases of one article never sit on both sides of a split.
 */
import type { HashedCounts } from '../../features/hasher.js';
import { hashMarkedTexts } from '../../features/index.js';
import { applyPlattRow, multiLabelReliability, reliability, type Reliability } from '../../learn/calibration.js';
import { calibratedThresholds, decideLabels, fitMultiLabel, foldSplit, groupedFolds, labelIds, scoreMultiLabel, type FittedMultiLabel, type MultiLabelConfig, type MultiLabelScore, type TaskModel } from '../../learn/index.js';
import { loadTechniqueCorpus, type ParagraphExample } from './corpus.js';
import { paragraphKey } from './score.js';
import { TECHNIQUES } from './taxonomy.js';

export const TECHNIQUES_CONFIG: MultiLabelConfig = {
  hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: null },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 2, maxEpochs: 20 },
  innerFolds: 3,
  seed: 7,
  perLabel: true,
  shrinkage: 30,
};

/** One candidate recipe: a name for reports and model files, and its configuration. */
export interface TechniqueRecipe {
  name: string;
  config: MultiLabelConfig;
}

/**
 * The candidates every training set chooses from: marked word 1–2-grams, and the same with character
 * 3–5-grams inside words (inflected languages share stems across word forms).
 */
export const TECHNIQUE_RECIPES: readonly TechniqueRecipe[] = [
  { name: 'words', config: TECHNIQUES_CONFIG },
  { name: 'words+chars', config: { ...TECHNIQUES_CONFIG, hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: [3, 5] } } },
];

/** Group id (article index) of each paragraph. */
export function articleGroups(paragraphs: readonly ParagraphExample[]): number[] {
  const ids = new Map<string, number>();
  return paragraphs.map((p) => {
    if (!ids.has(p.id)) ids.set(p.id, ids.size);
    return ids.get(p.id)!;
  });
}

/** A fitted paragraph model: the recipe chosen, the fit, and every candidate's inner-CV micro-F1. */
export interface TechniquesFit {
  recipe: TechniqueRecipe;
  fit: FittedMultiLabel;
  candidates: { name: string; innerF1: number }[];
}

/** Hashed counts of a fixed list of texts under each recipe's hasher, made once per recipe. */
export function recipeCounts(texts: readonly string[]): (recipe: TechniqueRecipe) => HashedCounts[] {
  const cache = new Map<string, HashedCounts[]>();
  return (recipe) => {
    const key = JSON.stringify(recipe.config.hasher);
    let c = cache.get(key);
    if (!c) cache.set(key, (c = hashMarkedTexts(texts, recipe.config.hasher)));
    return c;
  };
}

/**
 * Fits each recipe on the examples `rows` and keeps the one with the highest inner-CV micro-F1 (a
 * tie keeps the earlier, simpler one). Only the rows given take part in the choice.
 */
export function fitTechniqueRecipes(countsOf: (r: TechniqueRecipe) => readonly HashedCounts[], rows: readonly number[], Y: readonly (readonly number[])[], groups: readonly number[], seed: number, recipes: readonly TechniqueRecipe[] = TECHNIQUE_RECIPES): TechniquesFit {
  if (recipes.length === 0) throw new Error('fitTechniqueRecipes: no recipe to fit');
  let best: TechniquesFit | null = null;
  const candidates: { name: string; innerF1: number }[] = [];
  for (const recipe of recipes) {
    const counts = countsOf(recipe);
    const fit = fitMultiLabel(rows.map((i) => counts[i]), rows.map((i) => Y[i]), TECHNIQUES, { ...recipe.config, seed }, [], undefined, rows.map((i) => groups[i]));
    candidates.push({ name: recipe.name, innerF1: fit.innerF1 });
    if (!best || fit.innerF1 > best.fit.innerF1 + 1e-12) best = { recipe, fit, candidates };
  }
  return best!;
}

/** Calibrated probabilities of one example under a fit (Platt per label). */
export function calibratedScores(fit: FittedMultiLabel, counts: HashedCounts): Float64Array {
  return applyPlattRow(fit.platt, fit.model.scores(fit.space.transform(counts)));
}

/**
 * Fold numbers given by the caller (one per paragraph, in corpus order) checked and copied; a wrong
 * length or a value that is not a whole number ≥ 0 is an error naming the paragraph.
 */
export function checkFolds(folds: ArrayLike<number>, paragraphs: readonly ParagraphExample[]): Int32Array {
  if (folds.length !== paragraphs.length) throw new Error(`folds: expected ${paragraphs.length} fold numbers (one per paragraph), got ${folds.length}`);
  return Int32Array.from({ length: folds.length }, (_, i) => {
    const f = folds[i];
    if (!Number.isInteger(f) || f < 0) throw new Error(`folds[${i}] (article ${paragraphs[i].id}, line ${paragraphs[i].line}): fold "${f}" is not a whole number >= 0`);
    return f;
  });
}

export interface TechniquesCvOptions {
  /** Language code (default "en"). */
  lang?: string;
  recipes?: readonly TechniqueRecipe[];
  /** An explicit fold per paragraph (corpus order) instead of seeded grouped folds; k is then ignored. */
  folds?: ArrayLike<number>;
}

/** What one outer fold's model was: the recipe chosen inside its training part, its thresholds and priors. */
export interface TechniquesFoldFit {
  fold: number;
  recipe: string;
  candidates: { name: string; innerF1: number }[];
  /** Thresholds on the calibrated scale. */
  thresholds: Float64Array;
  /** Each technique's share of positives among the fold's training paragraphs. */
  priors: Float64Array;
}

export interface TechniquesCv {
  lang: string;
  paragraphs: ParagraphExample[];
  /** Label ids of each paragraph. */
  Y: number[][];
  /** Fold of each paragraph (all paragraphs of an article share one unless the caller chose otherwise). */
  folds: Int32Array;
  /** Calibrated out-of-fold probabilities of each paragraph (one column per technique). */
  probabilities: Float64Array[];
  fits: TechniquesFoldFit[];
  predictions: Map<string, string[]>;
  score: MultiLabelScore;
  /** Calibration out of fold: every (paragraph, technique) pair, and the pairs decided positive. */
  reliability: { all: Reliability; positive: Reliability };
  seconds: number;
}

export function crossValidateTechniques(dataDir: string, k: number, seed: number, options: TechniquesCvOptions = {}, log: (m: string) => void = () => {}): TechniquesCv {
  const t0 = performance.now();
  const lang = options.lang ?? 'en';
  const { paragraphs } = loadTechniqueCorpus(dataDir, log, lang);
  const Y = labelIds(paragraphs.map((p) => p.techniques), TECHNIQUES);
  const countsOf = recipeCounts(paragraphs.map((p) => p.text));
  const groups = articleGroups(paragraphs);
  const folds = options.folds ? checkFolds(options.folds, paragraphs) : groupedFolds(Y, k, seed, groups);
  const probabilities: Float64Array[] = new Array(paragraphs.length);
  const predictions = new Map<string, string[]>();
  const fits: TechniquesFoldFit[] = [];
  const decided: boolean[][] = new Array(paragraphs.length);
  for (let f = 0; f <= folds.reduce((m, x) => Math.max(m, x), 0); f++) {
    const { train, test } = foldSplit(folds, f);
    if (test.length === 0) continue;
    const { recipe, fit, candidates } = fitTechniqueRecipes(countsOf, train, Y, groups, seed, options.recipes);
    const thresholds = calibratedThresholds(fit.platt, fit.thresholds);
    fits.push({ fold: f, recipe: recipe.name, candidates, thresholds, priors: fit.priors });
    const counts = countsOf(recipe);
    for (const i of test) {
      probabilities[i] = calibratedScores(fit, counts[i]);
      const labels = decideLabels(probabilities[i], TECHNIQUES, thresholds);
      decided[i] = TECHNIQUES.map((t) => labels.includes(t));
      predictions.set(paragraphKey(paragraphs[i].id, paragraphs[i].line), labels);
    }
    log(`techniques ${lang} fold ${f + 1}: ${recipe.name} (${candidates.map((c) => `${c.name} ${c.innerF1.toFixed(3)}`).join(', ')})`);
  }
  const gold = new Map(paragraphs.map((p) => [paragraphKey(p.id, p.line), p.techniques]));
  const scored = paragraphs.map((_, i) => i).filter((i) => probabilities[i]);
  return {
    lang,
    paragraphs,
    Y,
    folds,
    probabilities,
    fits,
    predictions,
    score: scoreMultiLabel(gold, predictions, TECHNIQUES),
    reliability: { all: multiLabelReliability(scored.map((i) => probabilities[i]), scored.map((i) => Y[i])), positive: positiveReliability(scored.map((i) => probabilities[i]), scored.map((i) => Y[i]), scored.map((i) => decided[i])) },
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Reliability of the probabilities of the (row, label) pairs decided positive: how often a shown technique is right. */
export function positiveReliability(probs: readonly ArrayLike<number>[], Y: readonly (readonly number[])[], decided: readonly (readonly boolean[])[]): Reliability {
  const p: number[] = [];
  const y: boolean[] = [];
  probs.forEach((row, i) => {
    for (let l = 0; l < row.length; l++) {
      if (!decided[i][l]) continue;
      p.push(row[l]);
      y.push(Y[i].includes(l));
    }
  });
  return reliability(p, y);
}

/** Trains the paragraph model of one language on its whole training split (recipe chosen on inner CV). */
export function trainTechniques(dataDir: string, seed = TECHNIQUES_CONFIG.seed, log: (m: string) => void = () => {}, lang = 'en', recipes: readonly TechniqueRecipe[] = TECHNIQUE_RECIPES): TechniquesFit {
  const { paragraphs } = loadTechniqueCorpus(dataDir, log, lang);
  const Y = labelIds(paragraphs.map((p) => p.techniques), TECHNIQUES);
  const result = fitTechniqueRecipes(recipeCounts(paragraphs.map((p) => p.text)), paragraphs.map((_, i) => i), Y, articleGroups(paragraphs), seed, recipes);
  log(`techniques ${lang}: ${result.recipe.name} (${result.candidates.map((c) => `${c.name} ${c.innerF1.toFixed(3)}`).join(', ')})`);
  return result;
}

/** The stored form of a trained paragraph model: raw thresholds, Platt pairs and training priors in its metadata. */
export function techniquesTaskModel({ recipe, fit, candidates }: TechniquesFit, info: Record<string, unknown>, lang = 'en'): TaskModel {
  return {
    task: 'techniques',
    version: `semeval2023-${lang}-paragraphs-${String(info.trainedAt ?? 'dev')}`,
    hasher: recipe.config.hasher,
    space: fit.space,
    model: fit.model,
    meta: {
      ...info,
      language: lang,
      recipe: recipe.name,
      candidates,
      prepare: 'mark',
      thresholds: Array.from(fit.thresholds),
      platt: fit.platt.map((c) => [c.a, c.b]),
      priors: Array.from(fit.priors),
      globalThreshold: fit.global,
      innerMicroF1: fit.innerF1,
      learner: { ...recipe.config.learner },
    },
  };
}
