/**
 * Prediction in the official formats from stored models: subtask 3 (one row per template
 * paragraph), subtask 2 (frames per article), subtask 1 (genre per article).
 */
import { GenreClassifier } from '../genre/classifier.js';
import { ModelVectorizer } from './features.js';
import { checkRowsAgainstArticles, LabelFileError, type ArticleLabelRow, type ParagraphLabelRow, type TemplateRow } from './io.js';
import type { TaskModel } from './modelfile.js';
import { decideLabels } from './multilabel.js';
import { lineOffsets } from './corpus.js';

/**
 * Labels each template row's paragraph, read from its article (so the text matches the article,
 * whatever the template holds). A row whose article or line is missing is an error naming the
 * template file and line.
 */
export function predictParagraphs(model: TaskModel, template: readonly TemplateRow[], articles: ReadonlyMap<string, string>, templateFile: string): ParagraphLabelRow[] {
  const problems = checkRowsAgainstArticles(template, articles);
  if (problems.length > 0) throw new LabelFileError(templateFile, problems[0].line, problems[0].message);
  const v = new ModelVectorizer(model);
  const thresholds = model.meta.thresholds as number[];
  const cache = new Map<string, Map<number, { start: number; end: number }>>();
  return template.map((t) => {
    const text = articles.get(t.id)!;
    let lines = cache.get(t.id);
    if (!lines) cache.set(t.id, (lines = lineOffsets(text)));
    const at = lines.get(t.line)!;
    return { id: t.id, line: t.line, techniques: decideLabels(v.scores(text.slice(at.start, at.end)), model.model.labels, thresholds) };
  });
}

/** Frames of each article (id → text). */
export function predictFrames(model: TaskModel, articles: ReadonlyMap<string, string>): ArticleLabelRow[] {
  const v = new ModelVectorizer(model);
  const thresholds = model.meta.thresholds as number[];
  return [...articles].map(([id, text]) => ({ id, labels: decideLabels(v.scores(text), model.model.labels, thresholds) }));
}

/** Genre of each article (id → text). */
export function predictGenre(model: TaskModel, articles: ReadonlyMap<string, string>): ArticleLabelRow[] {
  const classifier = new GenreClassifier(model);
  return [...articles].map(([id, text]) => ({ id, labels: [classifier.classify(text).label] }));
}
