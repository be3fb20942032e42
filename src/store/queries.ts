/**
 * Corpus queries for the API and dashboard: the filter, the statistics options and an export record;
 * the result shapes (a page of articles, statistics) are src/api-schema.ts's. The engine answers them
 * (src/store/engine.ts).
 */
import type { Count, CorpusStats, TimeBucket } from '../api-schema.js';
import type { StoredArticle } from './types.js';

/** The result shapes are the API's response schemas (src/api-schema.ts); the engines return them. */
export type { ArticleListItem, ArticlePage, Count, CorpusStats, LabelScore, TimeBucket } from '../api-schema.js';

/**
 * Which articles a query is about. Every field narrows the set; absent fields do not. Besides the
 * fields below, one field per task facet filter (tasks/task.ts TaskFacet.filter: narrative,
 * subNarrative, technique, domain, genre …) keeps the articles with that label.
 */
export interface CorpusFilter {
  /** Full-text query over title and clean text (FTS5 syntax; plain words are ANDed). */
  q?: string;
  /** An entity name; with `role`, the entity must be cast in that role. */
  entity?: string;
  /** A main role (Protagonist, Antagonist, Innocent) or a fine role (e.g. Victim). */
  role?: string;
  language?: string;
  source?: string;
  /** First day included, YYYY-MM-DD (the article's publication date, else its ingest date). */
  from?: string;
  /** Last day included, YYYY-MM-DD. */
  to?: string;
  /** A task facet filter's label. */
  [facetFilter: string]: string | undefined;
}

/** A task facet's count list in `stats` (empty when the statistics have none by that key). */
export function facetCounts(stats: CorpusStats, key: string): Count[] {
  const list = stats[key];
  return Array.isArray(list) ? (list as Count[]) : [];
}

export interface StatsOptions {
  bucket?: TimeBucket;
  /** How many labels each count list keeps (default 30). */
  top?: number;
  /** How many narratives the timeline follows (default 6). */
  timelineSeries?: number;
}

/** A stored article with its analysis, as walked by an export. */
export type ExportRecord = Pick<StoredArticle, 'id' | 'title' | 'raw' | 'url' | 'source' | 'publishedAt' | 'language' | 'origin' | 'analysis'>;

/** Deepest start of a page of `listArticles`: a deeper OFFSET is a long scan, and no reader pages that far. */
export const MAX_LIST_OFFSET = 1_000_000;

/** Thrown for a filter value that cannot be used, naming the field. */
export class FilterError extends Error {
  override name = 'FilterError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
