/**
 * The records a storage engine stores and returns: articles with their analysis, summaries, search
 * hits and label rows. The engine contract itself is src/store/engine.ts.
 */
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';

/** One article with its analysis, as handed to `putBatch`. */
export interface StoreItem {
  article: Article;
  analysis: Analysis;
  /** When the article was first ingested (ISO 8601), kept by `narrascope migrate`; default: now. */
  ingestedAt?: string;
}

/**
 * The ingest time `putBatch` stores for `item`: its `ingestedAt` in the ISO 8601 form every engine
 * writes (so times sort as text), or `now` when absent. A value that is not a date is an error naming
 * the article, and the batch is not stored.
 */
export function ingestedAtOf(item: StoreItem, now: string): string {
  if (item.ingestedAt === undefined) return now;
  const ms = Date.parse(item.ingestedAt);
  if (Number.isNaN(ms)) throw new Error(`article ${item.article.id}: ingestedAt "${item.ingestedAt}" is not an ISO 8601 date`);
  return new Date(ms).toISOString();
}

/** What `putBatch` did: `ids[i]` is the id the i-th item is stored under (its existing id if it was a duplicate). */
export interface PutBatchResult {
  inserted: number;
  duplicates: number;
  ids: string[];
}

/** What `StorageEngine.claim` found. */
export type ClaimResult = 'claimed' | 'stored' | 'claimed-elsewhere';

/** A stored article, its fields and its current analysis. */
export interface StoredArticle {
  id: string;
  hash: string;
  title: string;
  raw: string;
  url?: string;
  source?: string;
  publishedAt?: string;
  language: string;
  origin: Article['origin'];
  ingestedAt: string;
  /** Version of the models that produced `analysis` (see `modelVersionOf`). */
  modelVersion: string;
  analysis: Analysis;
}

/** One line of `list`: enough to pick an article, without its text. */
export interface ArticleSummary {
  id: string;
  hash: string;
  title: string;
  language: string;
  source?: string;
  publishedAt?: string;
  ingestedAt: string;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
  language?: string;
  source?: string;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Markers put around matched terms in `snippet` (default: none, a plain snippet). */
  highlight?: { open: string; close: string };
}

export interface SearchHit extends ArticleSummary {
  /** A short excerpt of the clean text (or title) around the matches. */
  snippet: string;
  /** bm25 rank: lower is a better match. */
  rank: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** The full-text query that was run: the user's, or each term quoted when the user's was not valid syntax. */
  query: string;
  /** True when the user's query was not valid full-text syntax and its terms were quoted instead. */
  quoted: boolean;
}

/** A label attached to an article by one task, for filtering and counting a corpus by label. */
export interface LabelRow {
  task: string;
  label: string;
  score: number;
}

export interface LabelCount {
  task: string;
  label: string;
  count: number;
}

/** The shortest hash prefix `StorageEngine.get` looks up: shorter ones would match many articles in a large corpus. */
export const MIN_HASH_PREFIX = 8;

/** Thrown for a search query that cannot be run, with a message fit for the user. */
export class SearchQueryError extends Error {
  override name = 'SearchQueryError';
}
