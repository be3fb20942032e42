/** What the HTTP layer is given: the storage engine, the analyser, the tasks, the token, limits and a logger. */
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';
import type { StorageEngine } from '../store/engine.js';
import type { AnyTask } from '../tasks/task.js';
import type { ServerLimits } from './limits.js';
import type { Logger } from './log.js';

export interface ServerDeps {
  store: StorageEngine;
  /**
   * Runs the pipeline on one article: the server's worker pool (`AnalyzePool`), which rejects with a
   * 503 ApiError when its queue is full; tests may pass `analyzeArticle` itself.
   */
  analyze: (article: Article, options: { language?: string }) => Analysis | Promise<Analysis>;
  /** The tasks whose facets the API filters, counts and lists (default: tasks/registry.ts TASKS; the store must index the same). */
  tasks?: readonly AnyTask[];
  /** Token that writes must present; writes are refused when absent. */
  token?: string;
  /** Folder holding the built dashboard (index.html and assets); no dashboard when absent. */
  webRoot?: string;
  limits: ServerLimits;
  log: Logger;
}
