/** What the HTTP layer is given: the store and its queries, the analyser, the token, limits and a logger. */
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';
import type { CorpusQueries } from '../store/queries.js';
import type { Store } from '../store/types.js';
import type { Logger } from './log.js';

export interface ServerLimits {
  /** Largest JSON request body, in bytes (default 2 MB). */
  jsonBytes: number;
  /** Largest upload, in bytes (default 5 MB, the ingest readers' default). */
  uploadBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = { jsonBytes: 2 * 1024 * 1024, uploadBytes: 5 * 1024 * 1024 };

export interface ServerDeps {
  store: Store;
  queries: CorpusQueries;
  /** Runs the pipeline on one article (default: `analyzeArticle`). */
  analyze: (article: Article, options: { language?: string }) => Analysis;
  /** Token that writes must present; writes are refused when absent. */
  token?: string;
  /** Folder holding the built dashboard (index.html and assets); no dashboard when absent. */
  webRoot?: string;
  limits: ServerLimits;
  log: Logger;
}
