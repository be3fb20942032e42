/**
 * The storage-engine contract: everything the CLI, the API, the ingest service and the queue workers
 * ask of a corpus store — writes, look-ups, full-text search, filtered listings, statistics and export.
 * Every method answers with a promise, so an engine may be a server reached over the network.
 * SQLite is the embedded default (src/store/sqlite-engine.ts over the synchronous src/store/sqlite.ts);
 * PostgreSQL is the engine for a corpus shared by many machines (src/store/pg/). Both pass the
 * conformance suite in test/store/conformance.ts.
 */
import type { Analysis } from '../schema.js';
import type { AnnotationStore, TokenStore } from './annotations.js';
import type { ProvenanceQueries } from './provenance.js';
import type { ArticlePage, CorpusFilter, CorpusStats, ExportRecord, StatsOptions } from './queries.js';
import type {
  ArticleSummary,
  ClaimResult,
  LabelCount,
  LabelRow,
  ListOptions,
  PutBatchResult,
  SearchOptions,
  SearchResult,
  StoredArticle,
  StoreItem,
} from './types.js';

/** What a language model's answer depends on (src/llm/cache.ts). */
export interface LlmCacheKey {
  articleHash: string;
  task: string;
  model: string;
  promptVersion: string;
}

export interface StorageEngine extends ProvenanceQueries {
  /** Which engine this is. */
  readonly kind: 'sqlite' | 'postgres';
  /** Where the corpus lives, fit to print: a file path, or a database URL without its password. */
  readonly location: string;
  /** Analysts' decisions on the labels (issue 17), kept beside the analyses and never changed by them. */
  readonly annotations: AnnotationStore;
  /** Named API tokens with roles, and the log of writes. */
  readonly tokens: TokenStore;
  /**
   * Stores articles with their analyses in one transaction. Idempotent by `article.hash`: an article
   * already stored is counted as a duplicate and left as is. A different article arriving with an id
   * already taken is stored under `<id>~<hash prefix>`.
   */
  putBatch(items: readonly StoreItem[]): Promise<PutBatchResult>;
  /** Replaces the current analysis (and labels) of a stored article; false if no such article. */
  putAnalysis(id: string, analysis: Analysis): Promise<boolean>;
  hasHash(hash: string): Promise<boolean>;
  /**
   * Claims an article for analysis by the ingest run `owner`, so concurrent ingests of the same inputs
   * analyse it once: 'stored' when it already is, 'claimed-elsewhere' when another run claimed it (less
   * than the engine's claim lifetime ago, and `isAbandoned` does not say that run has died), else
   * 'claimed'. `putBatch` drops the claims of what it stores.
   */
  claim(hash: string, owner: string, isAbandoned?: (other: string) => boolean): Promise<ClaimResult>;
  /** Drops the claims `owner` still holds (an ingest run ending, interrupted or not). */
  releaseClaims(owner: string): Promise<void>;
  /** A cached language-model answer (JSON text), or undefined. */
  getLlmAnswer(key: LlmCacheKey): Promise<string | undefined>;
  /** Caches a language-model answer (JSON text) at once, replacing one under the same key. */
  putLlmAnswer(key: LlmCacheKey, answer: string): Promise<void>;
  /** Finds an article by id, by full hash, or by a unique hash prefix of at least MIN_HASH_PREFIX characters. */
  get(idOrHash: string): Promise<StoredArticle | undefined>;
  /** Articles in ingest order. */
  list(options?: ListOptions): Promise<ArticleSummary[]>;
  /** Full-text search over title and clean text, best match first; SearchQueryError for a query that cannot run. */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  count(): Promise<number>;
  /** How many articles carry each label (optionally of one task), most frequent first. */
  labelCounts(task?: string): Promise<LabelCount[]>;
  /** Labels stored for one article. */
  labelsOf(id: string): Promise<LabelRow[]>;
  /** A page of the filtered set: best match first when searching, else newest first. FilterError names a bad field. */
  listArticles(filter: CorpusFilter, page?: { limit?: number; offset?: number }): Promise<ArticlePage>;
  /** Counts over the filtered set: labels per task, entities per role, languages, sources and a timeline. */
  stats(filter: CorpusFilter, options?: StatsOptions): Promise<CorpusStats>;
  /** Walks the filtered set in ingest order, a chunk at a time (never the whole set in memory), at most `limit` records. */
  exportRecords(filter: CorpusFilter, limit?: number): AsyncIterable<ExportRecord>;
  /** Problems found between the engine's tables and indexes (every article with its analysis and search entry); empty when consistent. */
  checkConsistency(): Promise<string[]>;
  close(): Promise<void>;
}
