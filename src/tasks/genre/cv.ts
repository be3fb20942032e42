/**
 * Cross-validation of the genre recipe in one language: outer folds (seeded and stratified, or given
 * by the caller by article id), every choice made inside each outer training part (fitGenre), and out
 * of fold: the calibrated probabilities, the single-article decisions (training mix, or uniform priors
 * when that is the rule the fit chose) with their official score, and the
 * top-label reliability. `shiftedDraws` resamples each outer test fold to another label mix and scores
 * a decision rule on each draw (the label-shift test of issue 13).
 */
import { foldSplit, seededRandom, stratifiedKFold, topLabelReliability, type Reliability } from '../../learn/index.js';
import { decideBatch, decideGenre, macroF1Over } from './decide.js';
import { scoreGenre, type GenreScore } from './score.js';
import { GENRES } from './taxonomy.js';
import { fitGenre, genreConfigFor, genreData, genreProbabilities, type FittedGenre, type GenreConfig, type GenreData } from './train.js';

export interface GenreCvOptions {
  /** Fold of each article id (0-based); absent: stratified k folds from `seed`. Every article needs one. */
  folds?: ReadonlyMap<string, number>;
  log?: (m: string) => void;
  /** Already read data (bench scripts reuse it across seeds). */
  data?: GenreData;
}

export interface GenreCv {
  lang: string;
  ids: string[];
  y: number[];
  folds: Int32Array;
  /** The model fitted on each outer training part. */
  fits: FittedGenre[];
  /** Calibrated out-of-fold probabilities of every article. */
  probs: Float64Array[];
  /** Single-article decisions (articleDecisions), scored with the official metric. */
  predictions: Map<string, string>;
  score: GenreScore;
  /** Top-label reliability (10 bins) of the out-of-fold calibrated probabilities. */
  reliability: Reliability;
  /** The recipe each outer fit chose. */
  recipes: string[];
  seconds: number;
}

/** The recipe a fit chose, with the base of an average ('average(text+style)'). */
export const recipeName = (fit: Pick<FittedGenre, 'recipe' | 'average'>): string => (fit.average ? `average(${fit.average.base})` : fit.recipe);

/** The fold array of `ids` from an id → fold map; throws naming the first article without a fold. */
export function foldsFromMap(ids: readonly string[], folds: ReadonlyMap<string, number>): Int32Array {
  return Int32Array.from(ids, (id) => {
    const f = folds.get(id);
    if (f === undefined || !Number.isInteger(f) || f < 0) throw new Error(`fold assignment: no valid fold for article ${id}`);
    return f;
  });
}

export function crossValidateGenre(dataDir: string, lang: string, k: number, seed: number, cfg: GenreConfig = genreConfigFor(lang), options: GenreCvOptions = {}): GenreCv {
  const t0 = performance.now();
  const d = options.data ?? genreData(dataDir, lang, cfg);
  const folds = options.folds ? foldsFromMap(d.ids, options.folds) : stratifiedKFold(d.y.map((c) => [c]), k, seed);
  const K = Math.max(...folds) + 1;
  const probs: Float64Array[] = new Array(d.ids.length);
  const fits: FittedGenre[] = [];
  const predictions = new Map<string, string>();
  for (let f = 0; f < K; f++) {
    const { train, test } = foldSplit(folds, f);
    // The other languages' articles join every training part; they are never in this language's test folds.
    const pool = d.pool && { neutral: train.map((i) => d.pool!.neutral[i]), others: d.pool.others };
    const fit = fitGenre(lang, d.counts.length ? train.map((i) => d.counts[i]) : [], train.map((i) => d.style[i]), train.map((i) => d.y[i]), { ...cfg, seed }, d.unlabeled, pool);
    fits.push(fit);
    for (const i of test) probs[i] = genreProbabilities(fit, () => fit.space.transform(d.counts[i]), (neutral) => (neutral ? d.pool!.neutral[i] : d.style[i]));
    articleDecisions(fit, test.map((i) => probs[i])).forEach((c, j) => predictions.set(d.ids[test[j]], GENRES[c]));
    options.log?.(`genre ${lang} fold ${f + 1}/${K}: recipe ${recipeName(fit)}, inner macro-F1 ${fit.innerF1.toFixed(3)}, T ${fit.calibration.temperature.toFixed(2)}, batch rule ${fit.rule}, EM pseudo-count ${fit.pseudoCount}`);
  }
  const gold = new Map(d.ids.map((id, i) => [id, GENRES[d.y[i]]]));
  return {
    lang,
    ids: d.ids,
    y: d.y,
    folds,
    fits,
    probs,
    predictions,
    score: scoreGenre(gold, predictions),
    reliability: topLabelReliability(probs, d.y, 10),
    recipes: fits.map(recipeName),
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Decides a draw of calibrated probability rows with the model of the fold they came from. */
export type DrawDecider = (fit: FittedGenre, probs: readonly Float64Array[]) => number[];

/** The training-mix decision (no prior estimation). */
export const trainingDecider: DrawDecider = (fit, probs) => probs.map((p) => decideGenre(p, fit.offsets));

/** Uniform priors (prior-free), without looking at the draw. */
export const uniformDecider: DrawDecider = (fit, probs) => decideBatch(fit.oof, fit.priors, probs, 'uniform');

/** EM on the draw's probabilities (the fit's pseudo-count unless given), posteriors shifted to its estimated priors, offsets re-tuned under them. */
export function emDecider(pseudoCount?: number): DrawDecider {
  return (fit, probs) => decideBatch(fit.oof, fit.priors, probs, 'em', pseudoCount ?? fit.pseudoCount);
}

/** The rule the fit chose in training (what the batch step and `predict` do). */
export const chosenDecider: DrawDecider = (fit, probs) => decideBatch(fit.oof, fit.priors, probs, fit.rule, fit.pseudoCount);

/** One article at a time, as GenreClassifier.decideArticle: the training mix, or uniform priors when the fit chose 'uniform'. */
export function articleDecisions(fit: FittedGenre, probs: readonly Float64Array[]): number[] {
  // Uniform priors do not depend on the batch, so deciding the rows together is deciding each alone.
  return (fit.rule === 'uniform' ? uniformDecider : trainingDecider)(fit, probs);
}

export interface DrawOptions {
  draws: number;
  size: number;
  seed: number;
}

/**
 * Mean macro-F1 (over the classes the mix has) of `decide` on `draws` resamples per outer test fold,
 * each `size` articles drawn with replacement class by class in the proportions `mix` (genre → share).
 */
export function shiftedDraws(cv: GenreCv, mix: Readonly<Record<string, number>>, decide: DrawDecider, o: DrawOptions): number {
  const present = GENRES.flatMap((g, c) => ((mix[g] ?? 0) > 0 ? [c] : []));
  const counts = GENRES.map((g) => Math.round((mix[g] ?? 0) * o.size));
  const rand = seededRandom(o.seed);
  let total = 0;
  let n = 0;
  cv.fits.forEach((fit, f) => {
    const { test } = foldSplit(cv.folds, f);
    const byClass = GENRES.map((_, c) => test.filter((i) => cv.y[i] === c));
    for (let d = 0; d < o.draws; d++) {
      const rows: number[] = [];
      counts.forEach((m, c) => {
        if (m > 0 && byClass[c].length === 0) throw new Error(`genre ${cv.lang}: fold ${f + 1} has no ${GENRES[c]} article to draw`);
        for (let j = 0; j < m; j++) rows.push(byClass[c][Math.floor(rand() * byClass[c].length)]);
      });
      const pred = decide(fit, rows.map((i) => cv.probs[i]));
      total += macroF1Over(rows.map((i) => cv.y[i]), pred, present);
      n++;
    }
  });
  return total / n;
}
