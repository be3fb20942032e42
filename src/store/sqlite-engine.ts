/**
 * The embedded default engine: the synchronous SQLite store (src/store/sqlite.ts) behind the
 * asynchronous StorageEngine contract. better-sqlite3 answers in the calling thread, so each method
 * runs its statement at once and resolves with the result; nothing is queued or reordered.
 */
import type { Analysis } from '../schema.js';
import type { LlmCacheKey, StorageEngine } from './engine.js';
import type { ArticleProvenance, ClusterDetail, ClusterListOptions, ClusterSummary, SourceListOptions, SourceProfile } from './provenance.js';
import type { ArticlePage, CorpusFilter, CorpusStats, ExportRecord, StatsOptions } from './queries.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite.js';
import { SqliteAnnotations, SqliteTokens } from './sqlite-annotations.js';
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

export class SqliteEngine implements StorageEngine {
  readonly kind = 'sqlite' as const;
  /** The synchronous store, for code that runs inside one SQLite transaction or needs its extras. */
  readonly store: SqliteStore;
  readonly annotations: SqliteAnnotations;
  readonly tokens: SqliteTokens;

  constructor(pathOrStore: string | SqliteStore, options: SqliteStoreOptions = {}) {
    this.store = typeof pathOrStore === 'string' ? new SqliteStore(pathOrStore, options) : pathOrStore;
    this.annotations = new SqliteAnnotations(this.store.connection);
    this.tokens = new SqliteTokens(this.store.connection);
  }

  get location(): string {
    return this.store.path;
  }

  /** The database file. */
  get path(): string {
    return this.store.path;
  }

  async putBatch(items: readonly StoreItem[]): Promise<PutBatchResult> {
    return this.store.putBatch(items);
  }
  async putAnalysis(id: string, analysis: Analysis): Promise<boolean> {
    return this.store.putAnalysis(id, analysis);
  }
  async hasHash(hash: string): Promise<boolean> {
    return this.store.hasHash(hash);
  }
  async claim(hash: string, owner: string, isAbandoned?: (other: string) => boolean): Promise<ClaimResult> {
    return this.store.claim(hash, owner, isAbandoned);
  }
  async releaseClaims(owner: string): Promise<void> {
    this.store.releaseClaims(owner);
  }
  async getLlmAnswer(key: LlmCacheKey): Promise<string | undefined> {
    return this.store.getLlmAnswer(key);
  }
  async putLlmAnswer(key: LlmCacheKey, answer: string): Promise<void> {
    this.store.putLlmAnswer(key, answer);
  }
  async get(idOrHash: string): Promise<StoredArticle | undefined> {
    return this.store.get(idOrHash);
  }
  async list(options?: ListOptions): Promise<ArticleSummary[]> {
    return this.store.list(options);
  }
  async search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return this.store.search(query, options);
  }
  async count(): Promise<number> {
    return this.store.count();
  }
  async labelCounts(task?: string): Promise<LabelCount[]> {
    return this.store.labelCounts(task);
  }
  async labelsOf(id: string): Promise<LabelRow[]> {
    return this.store.labelsOf(id);
  }
  async listArticles(filter: CorpusFilter, page?: { limit?: number; offset?: number }): Promise<ArticlePage> {
    return this.store.listArticles(filter, page);
  }
  async stats(filter: CorpusFilter, options?: StatsOptions): Promise<CorpusStats> {
    return this.store.stats(filter, options);
  }
  async *exportRecords(filter: CorpusFilter, limit?: number): AsyncIterable<ExportRecord> {
    yield* this.store.exportRecords(filter, limit);
  }
  async checkConsistency(): Promise<string[]> {
    return this.store.checkConsistency();
  }
  async clusters(options?: ClusterListOptions): Promise<{ total: number; clusters: ClusterSummary[] }> {
    return this.store.clusters(options);
  }
  async cluster(clusterId: string): Promise<ClusterDetail | undefined> {
    return this.store.cluster(clusterId);
  }
  async provenanceOf(idOrHash: string): Promise<ArticleProvenance | undefined> {
    return this.store.provenanceOf(idOrHash);
  }
  async sources(options?: SourceListOptions): Promise<{ total: number; sources: SourceProfile[] }> {
    return this.store.sources(options);
  }
  async source(name: string): Promise<SourceProfile | undefined> {
    return this.store.source(name);
  }
  async frequentNames(language: string, limit?: number): Promise<{ name: string; count: number }[]> {
    return this.store.frequentNames(language, limit);
  }
  async delete(ids: readonly string[]): Promise<number> {
    return this.store.delete(ids);
  }
  async close(): Promise<void> {
    this.store.close();
  }
}
