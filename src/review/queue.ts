/**
 * The review queue (issue 17): the stored articles under a filter that no analyst has decided on yet, ordered by
 * how much a decision would teach the model (priority.ts), with how many of the filtered articles
 * already have a decision, for progress.
 */
import type { Analysis } from '../schema.js';
import type { Annotation, AnnotationStore } from '../store/annotations.js';
import { priorityContext, priorityOf, type PriorityContext, type ReviewPriority } from './priority.js';
import type { CorpusFilter, ExportRecord } from '../store/queries.js';

export type { ReviewPriority };

export type PriorityOf = (analysis: Analysis) => ReviewPriority;

export interface ReviewItem extends ReviewPriority {
  id: string;
  title: string;
  language: string;
  source?: string;
  publishedAt?: string;
}

export interface ReviewPage {
  /** Articles under the filter. */
  total: number;
  /** Of them, those with a current decision (taken out of the queue). */
  reviewed: number;
  items: ReviewItem[];
}

/** What the queue reads of a storage engine. */
export interface ReviewSource {
  exportRecords(filter: CorpusFilter, limit?: number): AsyncIterable<ExportRecord>;
  readonly annotations: Pick<AnnotationStore, 'allAnnotations'>;
}

/** The ids and content hashes of the articles with a current decision, and the priority's context from those decisions. */
async function decidedArticles(source: ReviewSource): Promise<{ decided: Set<string>; context: PriorityContext }> {
  const decided = new Set<string>();
  const decisions: Annotation[] = [];
  for await (const a of source.annotations.allAnnotations()) {
    decided.add(`id:${a.articleId}`);
    if (a.articleHash) decided.add(`hash:${a.articleHash}`);
    decisions.push(a);
  }
  return { decided, context: priorityContext(decisions) };
}

/** One page of the queue: the undecided articles under `filter`, highest priority first (then by id). */
export async function reviewQueue(source: ReviewSource, filter: CorpusFilter, page: { limit: number; offset: number }, rank?: PriorityOf): Promise<ReviewPage> {
  const { decided, context } = await decidedArticles(source);
  const priorityOfArticle = rank ?? ((analysis: Analysis) => priorityOf(analysis, context));
  let total = 0;
  let reviewed = 0;
  const queue: ReviewItem[] = [];
  for await (const r of source.exportRecords(filter)) {
    total++;
    if (decided.has(`id:${r.id}`) || decided.has(`hash:${r.analysis.article.hash}`)) {
      reviewed++;
      continue;
    }
    const p = priorityOfArticle(r.analysis);
    queue.push({ id: r.id, title: r.title, language: r.language, ...(r.source ? { source: r.source } : {}), ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}), ...p });
  }
  queue.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { total, reviewed, items: queue.slice(page.offset, page.offset + page.limit) };
}
