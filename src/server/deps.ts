/** What the HTTP layer is given: the storage engine, the analyser, the tasks, the server's token and privacy, limits and a logger. */
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';
import type { PriorsMode } from '../tasks/shift.js';
import type { StorageEngine } from '../store/engine.js';
import type { AnyTask } from '../tasks/task.js';
import type { QueueDepth } from '../queue/status.js';
import type { ServerLimits } from './limits.js';
import type { Logger } from './log.js';

export interface ServerDeps {
  store: StorageEngine;
  /**
   * Runs the pipeline on one article: the server's worker pool (`AnalyzePool`), which rejects with a
   * 503 ApiError when its queue is full; tests may pass `analyzeArticle` itself.
   */
  analyze: (article: Article, options: { language?: string }) => Analysis | Promise<Analysis>;
  /**
   * Runs the pipeline on several articles together and adapts them to the batch's label priors
   * (pipeline.ts analyzeBatch): the pool runs the whole batch on one thread, where its Docs are.
   * Absent: analyzeBatch in this thread (tests).
   */
  analyzeBatch?: (inputs: readonly { article: Article; language?: string }[], options: { priors?: PriorsMode }) => Analysis[] | Promise<Analysis[]>;
  /** The tasks whose facets the API filters, counts and lists (default: tasks/registry.ts TASKS; the store must index the same). */
  tasks?: readonly AnyTask[];
  /** The job queue's depth per state (GET /api/jobs); absent when the store has no queue (SQLite). */
  jobs?: () => Promise<QueueDepth[]>;
  /** NARRASCOPE_TOKEN: an admin token named "env", beside the store's named tokens (auth.ts). */
  token?: string;
  /** Reads need a token too (a viewer's at least): `serve --private` or NARRASCOPE_PRIVATE=1. */
  private?: boolean;
  /** Folder holding the built dashboard (index.html and assets); no dashboard when absent. */
  webRoot?: string;
  limits: ServerLimits;
  log: Logger;
}
