/** Subtask-2 prediction in the official format from a loaded model: the frames of each article, under the training priors or the batch's own. */
import type { ArticleLabelRow } from '../../corpora/semeval2023.js';
import { decideLabels } from '../../learn/multilabel.js';
import { emLabelPriors } from '../../learn/priorshift.js';
import { MIN_BATCH_ARTICLES, type PriorsMode } from '../shift.js';
import { frameProbabilities, shiftedFrames, type LoadedFrames } from './model.js';

export interface FramesPrediction {
  rows: ArticleLabelRow[];
  /** The priors the decisions were made under. */
  priors: Float64Array;
}

/**
 * Frames of each article (id → text). `batch`: the folder's frame priors are estimated by per-frame
 * EM and the articles decided under them, when there are enough articles (as the batch step does).
 */
export function predictFrames(m: LoadedFrames, articles: ReadonlyMap<string, string>, priors: PriorsMode = 'training'): FramesPrediction {
  const ids = [...articles.keys()];
  const probs = [...articles.values()].map((t) => frameProbabilities(t, m));
  if (priors === 'training' || probs.length < MIN_BATCH_ARTICLES) return { rows: ids.map((id, i) => ({ id, labels: decideLabels(probs[i], m.model.model.labels, m.thresholds) })), priors: m.priors };
  const batch = emLabelPriors(probs, m.priors).priors;
  return { rows: ids.map((id, i) => ({ id, labels: decideLabels(shiftedFrames(probs[i], m.priors, batch), m.model.model.labels, m.thresholds) })), priors: batch };
}
