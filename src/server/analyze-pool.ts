/**
 * The server's analyses run in a pool of worker threads (piscina), so a long text never holds up the
 * event loop that answers health checks and reads. The queue is bounded: when it is full, `analyze`
 * throws a 503 ApiError carrying Retry-After.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { createArticle, type Article } from '../doc/article.js';
import type { IngestBatchResult, IngestBatchTask } from '../ingest/parallel-batch.js';
import type { Analysis } from '../schema.js';
import type { PriorsMode } from '../tasks/shift.js';
import { ApiError } from './errors.js';

/** What a worker is sent: the article and the pipeline options a request may set. */
export interface AnalyzeTask {
  article: Article;
  options: { language?: string };
}

/** Several articles analysed together on one worker (their Docs stay there for the label-shift step). */
export interface AnalyzeBatchTask {
  inputs: { article: Article; language?: string }[];
  options: { priors?: PriorsMode };
}

export interface AnalyzePoolOptions {
  /** Worker threads (default: the machine's cores, `availableParallelism()`). */
  threads?: number;
  /** Analyses that may wait for a free thread before requests get 503 (at least 1; default DEFAULT_ANALYZE_QUEUE). */
  queue?: number;
  /** The compiled worker entry (default: analyzeWorkerFile()). */
  workerFile?: string;
  /**
   * How much lower than the calling thread's the analysis threads' scheduling priority is (Unix nice;
   * default WORKER_NICE_INCREMENT, so a server's event loop stays responsive). A batch command whose
   * main thread only reads and stores passes 0: its threads are the work, and a lower priority would
   * only hand their share of the cores to other processes.
   */
  nice?: number;
}

/** Enough for 50 clients analysing short articles at once; a waiting 1 MB text costs a few seconds of a thread. */
export const DEFAULT_ANALYZE_QUEUE = 64;

/** A short invented text whose analysis loads every model (each worker analyses it when it starts). */
export const WARM_UP_TEXT = 'Warm-up\n\nA short invented text that loads the models.\n';

/** How much lower than the event loop's the analysis threads' scheduling priority is (Unix nice), by default. */
export const WORKER_NICE_INCREMENT = 10;

/** Bounds of the Retry-After a 503 suggests, in seconds. */
const RETRY_AFTER_MIN = 1;
const RETRY_AFTER_MAX = 60;

/**
 * The compiled worker entry. Worker threads run JavaScript, not TypeScript: from dist/ it is the
 * analyze-worker.js beside this file; when this module runs from the TypeScript sources (vitest), it
 * is the same file in dist/server, so tests that start a pool need `npm run build` first, as the tests
 * that spawn dist/cli/main.js do.
 */
export function analyzeWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const fromSources = here.endsWith('.ts');
  return fromSources ? join(dirname(here), '..', '..', 'dist', 'server', 'analyze-worker.js') : join(dirname(here), 'analyze-worker.js');
}

export class AnalyzePool {
  readonly threads: number;
  readonly queue: number;
  private readonly pool: Piscina<AnalyzeTask | AnalyzeBatchTask | IngestBatchTask, Analysis | Analysis[] | IngestBatchResult>;

  constructor(options: AnalyzePoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.queue = Math.max(1, options.queue ?? DEFAULT_ANALYZE_QUEUE);
    const filename = options.workerFile ?? analyzeWorkerFile();
    if (!existsSync(filename)) throw new Error(`the analysis worker ${filename} is missing: run "npm run build"`);
    // min = max threads: workers (and their models) live as long as the pool, none is started per request.
    this.pool = new Piscina({
      filename,
      minThreads: this.threads,
      maxThreads: this.threads,
      maxQueue: this.queue,
      idleTimeout: Infinity,
      // Lower priority for the analysis threads, so the event loop thread is scheduled first when it
      // wakes for a request (needs piscina's optional @napi-rs/nice; without it, plain priority).
      niceIncrement: options.nice ?? WORKER_NICE_INCREMENT,
    });
  }

  /** Analyses `article` on a worker thread; a 503 ApiError when `queue` analyses are already waiting. */
  analyze(article: Article, options: { language?: string } = {}): Promise<Analysis> {
    // Checked here rather than by matching piscina's rejection message: JavaScript runs this check and
    // the run() below without anything in between, so the count cannot change.
    if (this.pool.queueSize >= this.queue) return Promise.reject(this.busy());
    return this.pool.run({ article, options }) as Promise<Analysis>;
  }

  /** Analyses `inputs` together on one worker thread, adapted to their label priors; a 503 ApiError as `analyze`. */
  analyzeBatch(inputs: readonly { article: Article; language?: string }[], options: { priors?: PriorsMode } = {}): Promise<Analysis[]> {
    if (this.pool.queueSize >= this.queue) return Promise.reject(this.busy());
    return this.pool.run({ inputs: [...inputs], options }) as Promise<Analysis[]>;
  }

  /** Analyses one batch of `ingest --workers` on one worker thread (src/ingest/parallel-batch.ts); a 503 ApiError as `analyze`. */
  analyzeIngestBatch(task: IngestBatchTask): Promise<IngestBatchResult> {
    if (this.pool.queueSize >= this.queue) return Promise.reject(this.busy());
    return this.pool.run(task) as Promise<IngestBatchResult>;
  }

  /** Resolves once every worker has started and loaded its models. */
  async ready(): Promise<void> {
    const article = createArticle({ raw: WARM_UP_TEXT, origin: { format: 'stdin' } });
    await Promise.all(Array.from({ length: this.threads }, () => this.pool.run({ article, options: {} })));
  }

  /** Stops the workers; analyses still running are abandoned. */
  close(): Promise<void> {
    return this.pool.destroy();
  }

  /** The 503 of a full queue, with a Retry-After of about the time the waiting analyses need. */
  private busy(): ApiError {
    const meanMs = this.pool.histogram.runTime.mean;
    const estimate = Number.isFinite(meanMs) ? Math.ceil((meanMs * (this.pool.queueSize + this.threads)) / this.threads / 1000) : RETRY_AFTER_MIN;
    const seconds = Math.min(RETRY_AFTER_MAX, Math.max(RETRY_AFTER_MIN, estimate));
    const waiting = this.pool.queueSize === 1 ? '1 analysis is' : `${this.pool.queueSize} analyses are`;
    return new ApiError(
      503,
      `the server is busy: ${waiting} waiting for ${this.threads} worker thread(s); retry in ${seconds} s`,
      undefined,
      { 'retry-after': String(seconds) },
    );
  }
}
