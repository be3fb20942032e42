/**
 * Subtask-1 prediction in the official format from a stored model: the genre of each article, decided
 * for the folder as a batch by the model's rule (EM on its calibrated probabilities, training or
 * uniform priors) or, with priors 'training', for the training mix.
 */
import type { ArticleLabelRow } from '../../corpora/semeval2023.js';
import type { TaskModel } from '../../learn/index.js';
import { GenreClassifier } from './classifier.js';

export type GenrePriors = 'batch' | 'training';

/** Genre of each article (id → text), and the priors decided under (the training priors with 'training'). */
export function predictGenre(model: TaskModel, articles: ReadonlyMap<string, string>, priors: GenrePriors = 'batch'): { rows: ArticleLabelRow[]; priors: Float64Array } {
  const classifier = new GenreClassifier(model);
  const ids = [...articles.keys()];
  const probs = [...articles.values()].map((t) => classifier.probabilities(t));
  const batch = priors === 'batch' && classifier.rows && probs.length > 0 ? classifier.batchPriors(probs) : undefined;
  return { rows: ids.map((id, i) => ({ id, labels: [classifier.decide(probs[i], batch).label] })), priors: batch ?? classifier.trainingPriors };
}
