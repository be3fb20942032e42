/** Subtask-3 prediction in the official format from a stored model: one row per template paragraph. */
import { LabelFileError } from '../../corpora/semeval2023.js';
import { decideLabels, ModelVectorizer, type TaskModel } from '../../learn/index.js';
import { lineOffsets } from './corpus.js';
import { checkRowsAgainstArticles, type ParagraphLabelRow, type TemplateRow } from './io.js';

/**
 * Labels each template row's paragraph, read from its article (so the text matches the article,
 * whatever the template holds). A row whose article or line is missing is an error naming the
 * template file and line.
 */
export function predictParagraphs(model: TaskModel, template: readonly TemplateRow[], articles: ReadonlyMap<string, string>, templateFile: string): ParagraphLabelRow[] {
  const v = new ModelVectorizer(model);
  const thresholds = model.meta.thresholds as number[];
  const texts = templateParagraphs(template, articles, templateFile);
  return template.map((t, i) => ({ id: t.id, line: t.line, techniques: decideLabels(v.scores(texts[i]), model.model.labels, thresholds) }));
}

/** The paragraph text of each template row, read from its article; a missing article or line is an error naming the template file and line. */
export function templateParagraphs(template: readonly TemplateRow[], articles: ReadonlyMap<string, string>, templateFile: string): string[] {
  const problems = checkRowsAgainstArticles(template, articles);
  if (problems.length > 0) throw new LabelFileError(templateFile, problems[0].line, problems[0].message);
  const cache = new Map<string, Map<number, { start: number; end: number }>>();
  return template.map((t) => {
    const text = articles.get(t.id)!;
    let lines = cache.get(t.id);
    if (!lines) cache.set(t.id, (lines = lineOffsets(text)));
    const at = lines.get(t.line)!;
    return text.slice(at.start, at.end);
  });
}
