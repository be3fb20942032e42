/** Label-shift adaptation of a narrative model over a batch: each label's prior in the batch by EM on calibrated probabilities, and raw scores re-made under those priors for the unchanged decoder. */
import { emLabelPriors, shiftBinary, type PriorShiftOptions } from '../../learn/priorshift.js';
import { calibrated, uncalibrated, type NarrativeCalibration } from './calibrate.js';
/** What the batch step reads of a narrative model (structural, so this module does not import model.ts, which training imports). */
interface NarrativeModel {
  readonly meta: { readonly version: string; readonly calibration?: NarrativeCalibration };
}

/** The candidate Dirichlet pseudo-counts of the EM (0: maximum likelihood; 1e9: the training priors kept, no adaptation). */
export const PSEUDO_COUNT_GRID: readonly number[] = [1e9, 160, 40, 10, 0];

/** The model's calibration, or an error naming the model when its file has none. */
function calibrationOf(model: NarrativeModel): NarrativeCalibration {
  const c = model.meta.calibration;
  if (!c) throw new Error(`narrative model ${model.meta.version}: no calibration in the file (retrain it to adapt to a batch's label mix)`);
  return c;
}

/** Each label's share of positives in the model's training articles (domains, narratives, sub-narratives). */
export function trainingPriors(model: NarrativeModel): Float64Array {
  return Float64Array.from(calibrationOf(model).priors);
}

/**
 * The batch's label priors from the calibrated probabilities of its articles (one row each), per-label
 * EM (Saerens et al. 2002) pulled toward the training priors by the pseudo-count chosen in training.
 */
export function batchPriors(model: NarrativeModel, calibratedRows: readonly ArrayLike<number>[], options: Partial<PriorShiftOptions> = {}): Float64Array {
  const c = calibrationOf(model);
  return emLabelPriors(calibratedRows, c.priors, { pseudoCount: c.pseudoCount ?? 0, ...options }).priors;
}

/**
 * The raw scores of an article as if its labels came with the batch's `priors`: its calibrated
 * probabilities shifted label by label, then mapped back through the inverse calibration, so the
 * thresholds and rules tuned on raw scores decide on them unchanged.
 */
export function shiftedRaw(model: NarrativeModel, raw: ArrayLike<number>, priors: ArrayLike<number>): Float64Array {
  return shiftRaw(calibrationOf(model), raw, priors);
}

/** shiftedRaw for a calibration (the model's, or one being fitted). */
export function shiftRaw(c: NarrativeCalibration, raw: ArrayLike<number>, priors: ArrayLike<number>): Float64Array {
  const q = calibrated(c, raw);
  const shifted = Float64Array.from(q, (v, l) => shiftBinary(v, c.priors[l], priors[l]));
  return uncalibrated(c, shifted, raw);
}

/**
 * The pseudo-count that decides best on simulated shifted batches of training scores: the rows of
 * each group (e.g. one topic's articles; `groups` lists row indices) cut into batches of `batchSize`,
 * each batch's priors estimated and its rows decided under them, scored by `objective` (higher is
 * better) over all batches. Ties keep the earlier candidate of the grid (less adaptation first).
 */
export function choosePseudoCount(c: NarrativeCalibration, raw: readonly Float64Array[], groups: readonly (readonly number[])[], objective: (rows: readonly number[], shifted: readonly Float64Array[]) => number, batchSize = 40, grid: readonly number[] = PSEUDO_COUNT_GRID): number {
  const batches = groups.flatMap((g) => Array.from({ length: Math.ceil(g.length / batchSize) }, (_, k) => g.slice(k * batchSize, (k + 1) * batchSize))).filter((b) => b.length >= Math.min(10, batchSize));
  if (batches.length === 0) return grid[0];
  let best = { alpha: grid[0], score: -Infinity };
  for (const alpha of grid) {
    let score = 0;
    for (const b of batches) {
      const priors = emLabelPriors(b.map((i) => calibrated(c, raw[i])), c.priors, { pseudoCount: alpha }).priors;
      score += objective(b, b.map((i) => shiftRaw(c, raw[i], priors))) * b.length;
    }
    if (score > best.score + 1e-9) best = { alpha, score };
  }
  return best.alpha;
}
