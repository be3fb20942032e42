/**
 * The review queue (issue 17): the stored articles under a filter that no analyst has decided on yet, ordered by
 * how much a decision would teach the model (the priority function), with how many of the filtered articles
 * already have a decision, for progress.
 */
import type { Analysis } from '../schema.js';
import type { AnnotationStore } from '../store/annotations.js';
import type { CorpusFilter, ExportRecord } from '../store/queries.js';

export interface ReviewPriority {
  /** Higher first. */
  priority: number;
  /** Why, in words, for the reviewer. */
  reasons: string[];
}

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

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The closeness of the narrative model's nearest call to its decision threshold: 1 for a score on the threshold,
 * 0 for one a full 0.5 away. A label without a recorded threshold is measured against 0.5. The queue's order until
 * a priority that weighs tier disagreement and rare labels is given.
 */
export function marginPriority(analysis: Analysis): ReviewPriority {
  const n = analysis.narratives;
  if (n?.status !== 'ok') return { priority: 0, reasons: ['no narrative labels to decide on'] };
  const scored = [
    ...n.narratives.map((l) => ({ label: l.label, score: l.score, threshold: l.threshold ?? 0.5 })),
    ...n.subNarratives.map((l) => ({ label: l.label, score: l.score, threshold: l.threshold ?? 0.5 })),
    ...(n.candidates ?? []).map((l) => ({ label: l.label, score: l.score, threshold: 0.5 })),
  ].filter((l) => l.label !== 'Other');
  if (scored.length === 0) return { priority: 0, reasons: ['no narrative scores'] };
  const nearest = scored.reduce((a, b) => (Math.abs(b.score - b.threshold) < Math.abs(a.score - a.threshold) ? b : a));
  const margin = Math.abs(nearest.score - nearest.threshold);
  return {
    priority: round(Math.max(0, 1 - 2 * margin)),
    reasons: [`"${nearest.label}" scored ${nearest.score.toFixed(2)} against its threshold ${nearest.threshold.toFixed(2)}`],
  };
}

/** The ids and content hashes of the articles with a current decision. */
async function decidedArticles(source: ReviewSource): Promise<Set<string>> {
  const decided = new Set<string>();
  for await (const a of source.annotations.allAnnotations()) {
    decided.add(`id:${a.articleId}`);
    if (a.articleHash) decided.add(`hash:${a.articleHash}`);
  }
  return decided;
}

/** One page of the queue: the undecided articles under `filter`, highest priority first (then by id). */
export async function reviewQueue(source: ReviewSource, filter: CorpusFilter, page: { limit: number; offset: number }, priorityOf: PriorityOf = marginPriority): Promise<ReviewPage> {
  const decided = await decidedArticles(source);
  let total = 0;
  let reviewed = 0;
  const queue: ReviewItem[] = [];
  for await (const r of source.exportRecords(filter)) {
    total++;
    if (decided.has(`id:${r.id}`) || decided.has(`hash:${r.analysis.article.hash}`)) {
      reviewed++;
      continue;
    }
    const p = priorityOf(r.analysis);
    queue.push({ id: r.id, title: r.title, language: r.language, ...(r.source ? { source: r.source } : {}), ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}), ...p });
  }
  queue.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { total, reviewed, items: queue.slice(page.offset, page.offset + page.limit) };
}
