/** A loaded frames model: its checked header (calibrated thresholds, Platt pairs, training priors), calibrated probabilities, decisions and shifted posteriors. */
import type { Analysis } from '../../schema.js';
import { ModelVectorizer, type TaskModel } from '../../learn/textmodel.js';
import { applyPlattRow, type Platt } from '../../learn/calibration.js';
import { shiftBinary } from '../../learn/priorshift.js';
import { roundTo } from '../../util/round.js';

export type Frames = NonNullable<Analysis['frames']>;

/** A frames model with what its use needs, made once per language. */
export interface LoadedFrames {
  model: TaskModel;
  vectorizer: ModelVectorizer;
  /** Per-frame thresholds on the calibrated scale. */
  thresholds: number[];
  platt: Platt[];
  /** Each frame's share of positives in the training articles. */
  priors: Float64Array;
}

/** A model file's frames header, checked: a missing or misshapen field is an error naming the file and the field. */
export function loadedFrames(model: TaskModel, file: string): LoadedFrames {
  const L = model.model.labels.length;
  const meta = model.meta;
  const numbers = (field: string): number[] => {
    const v = meta[field];
    if (!Array.isArray(v) || v.length !== L || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error(`${file}: frames model field "${field}" must hold ${L} numbers`);
    return v as number[];
  };
  const platt = meta.platt;
  if (!Array.isArray(platt) || platt.length !== L || !platt.every((c) => typeof c?.a === 'number' && typeof c?.b === 'number')) throw new Error(`${file}: frames model field "platt" must hold ${L} {a, b} pairs`);
  return { model, vectorizer: new ModelVectorizer(model), thresholds: numbers('thresholds'), platt: platt as Platt[], priors: Float64Array.from(numbers('priors')) };
}

/** Calibrated per-frame probabilities of a text. */
export function frameProbabilities(text: string, m: LoadedFrames): Float64Array {
  return applyPlattRow(m.platt, m.vectorizer.scores(text));
}

/** The frames above their thresholds, most probable first. */
export function decideFrames(p: ArrayLike<number>, m: LoadedFrames): Frames {
  return m.model.model.labels
    .flatMap((label, l) => (p[l] >= m.thresholds[l] ? [{ label, score: roundTo(p[l], 3) }] : []))
    .sort((a, b) => b.score - a.score);
}

/**
 * Whether batches adapt to their own frame priors unless told not to: off, because on resampled folds
 * per-frame EM did not raise micro-F1 (docs/frames.md, bench/frames-cv.mjs).
 */
export const FRAMES_SHIFT_BY_DEFAULT = false;

/** Per-frame posteriors under new priors (each frame a binary problem of its own). */
export function shiftedFrames(p: ArrayLike<number>, trainPriors: ArrayLike<number>, priors: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: p.length }, (_, l) => shiftBinary(p[l], trainPriors[l], priors[l]));
}
