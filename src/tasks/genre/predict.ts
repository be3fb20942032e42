/** Subtask-1 prediction in the official format from a stored model: the genre of each article. */
import type { ArticleLabelRow } from '../../corpora/semeval2023.js';
import type { TaskModel } from '../../learn/index.js';
import { GenreClassifier } from './classifier.js';

/** Genre of each article (id → text). */
export function predictGenre(model: TaskModel, articles: ReadonlyMap<string, string>): ArticleLabelRow[] {
  const classifier = new GenreClassifier(model);
  return [...articles].map(([id, text]) => ({ id, labels: [classifier.classify(text).label] }));
}
