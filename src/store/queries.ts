/**
 * The shapes of corpus queries for the API and dashboard: the filter, a filtered page of articles,
 * statistics bucketed over time, and an export record. The engine answers them (src/store/engine.ts).
 */
import type { ArticleSummary, StoredArticle } from './types.js';

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

/** The corpus filter fields that are not task facets, in the order the API lists them (before the facets, `q` first). */
export const CORPUS_FILTER_FIELDS = { first: ['q'], last: ['language', 'source', 'from', 'to'] } as const;

export type TimeBucket = 'day' | 'week' | 'month';

export interface LabelScore {
  label: string;
  score: number;
}

/** One row of a result list: enough to choose an article and see what it is about. */
export interface ArticleListItem extends ArticleSummary {
  url?: string;
  /** The day the article is dated by: publication date when known, else ingest date (YYYY-MM-DD). */
  date: string;
  /** Narrative domain (URW, CC, none) when the narrative model ran. */
  domain?: string;
  /** Excerpt around the search terms, when the list was a search. */
  snippet?: string;
  narratives: LabelScore[];
  subNarratives: LabelScore[];
  techniques: LabelScore[];
  genre?: string;
}

export interface ArticlePage {
  total: number;
  offset: number;
  limit: number;
  items: ArticleListItem[];
  /** The full-text query actually run, and whether the user's had to be quoted to be valid. */
  search?: { query: string; quoted: boolean };
}

export interface Count {
  label: string;
  count: number;
}

/**
 * Counts over a filtered corpus. Besides the fields below, one count list per task facet with a
 * `stats` key (tasks/task.ts TaskFacet.stats: subNarratives, techniques, domains, genres, mainRoles,
 * fineRoles …); read them with facetCounts.
 */
export interface CorpusStats {
  total: number;
  /** Articles with no narrative: the model found none (Other), or did not run. */
  withoutNarrative: number;
  /** The narratives' counts, which the timeline follows. */
  narratives: Count[];
  /** Most frequent entities per main role. */
  entitiesByRole: { role: string; entities: Count[] }[];
  languages: Count[];
  sources: Count[];
  /** Articles per period of publication, and per narrative (the most frequent ones) per period. */
  timeline: {
    bucket: TimeBucket;
    periods: string[];
    total: number[];
    narratives: { label: string; counts: number[] }[];
    /** Articles left out of the timeline because they have no publication date. */
    undated: number;
  };
  /** A task facet's count list. */
  [facetStats: string]: unknown;
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
