/** Subtask-2 prediction in the official format from a stored model: the frames of each article. */
import type { ArticleLabelRow } from '../../corpora/semeval2023.js';
import { decideLabels, ModelVectorizer, type TaskModel } from '../../learn/index.js';

/** Frames of each article (id → text). */
export function predictFrames(model: TaskModel, articles: ReadonlyMap<string, string>): ArticleLabelRow[] {
  const v = new ModelVectorizer(model);
  const thresholds = model.meta.thresholds as number[];
  return [...articles].map(([id, text]) => ({ id, labels: decideLabels(v.scores(text), model.model.labels, thresholds) }));
}
