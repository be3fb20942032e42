/**
 * `ingest --workers N`, the main thread's side: batches of new articles analysed on N worker threads
 * of the analysis pool the server uses (src/server/analyze-pool.ts), each batch on one thread where its
 * Docs stay for the label-shift step (src/ingest/parallel-batch.ts), while this thread reads, claims
 * and stores — the only thread that touches the storage engine, so any engine works. The corpus's
 * frequent names go with each batch, read again as the in-process ingest reads them (CorpusNames).
 */
import type { Article } from '../doc/article.js';
import { AnalyzePool } from '../server/analyze-pool.js';
import type { AdaptedGroup, PriorsMode } from '../tasks/shift.js';
import type { CorpusNames } from '../cli/corpus-names.js';
import type { AnalyseBatch, BatchOutcome } from './service.js';

export interface ParallelOptions {
  /** Worker threads (at least 1). */
  threads: number;
  priors?: PriorsMode;
  /** False with --no-provenance. */
  provenance: boolean;
  /** The corpus's names (absent: none, e.g. --no-provenance). */
  names?: CorpusNames;
  /** Language forced for every article without its own (--lang). */
  language?: string;
  /** What each batch's label-shift step did (for the CLI's report). */
  onAdapted?: (groups: AdaptedGroup[]) => void;
  /** The compiled worker entry (default: the pool's). */
  workerFile?: string;
}

/**
 * Batches in flight for N threads: one more than the threads, so a thread finishing its batch finds
 * the next one waiting while this thread stores the finished one.
 */
export const inFlightFor = (threads: number): number => threads + 1;

export class ParallelAnalyser {
  readonly threads: number;
  private readonly pool: AnalyzePool;

  constructor(private readonly options: ParallelOptions) {
    this.threads = Math.max(1, options.threads);
    // Not niced: in a batch command these threads are the work (the main thread only reads and stores).
    this.pool = new AnalyzePool({ threads: this.threads, queue: inFlightFor(this.threads), nice: 0, ...(options.workerFile ? { workerFile: options.workerFile } : {}) });
  }

  /** The service's `analyseBatch` mode (src/ingest/service.ts) for these threads. */
  get mode(): { run: AnalyseBatch; inFlight: number } {
    return { run: (inputs) => this.analyse(inputs), inFlight: inFlightFor(this.threads) };
  }

  /** Analyses one batch on a free thread: per article its Analysis or error, in input order, adapted as a batch. */
  async analyse(inputs: readonly { article: Article; language?: string }[]): Promise<BatchOutcome[]> {
    const { names, language } = this.options;
    await names?.beforeArticle(inputs.length);
    const result = await this.pool.analyzeIngestBatch({
      ingest: inputs.map((i) => {
        const lang = i.language ?? language;
        return lang ? { article: i.article, language: lang } : { article: i.article };
      }),
      options: {
        ...(this.options.priors ? { priors: this.options.priors } : {}),
        provenance: this.options.provenance,
        ...(names ? { names: names.snapshot() } : {}),
      },
    });
    // A language whose names the thread asked for is read before the next batch, as in-process.
    for (const lang of result.namesWanted) names?.lookup(lang);
    this.options.onAdapted?.(result.adapted);
    return result.outcomes;
  }

  /** Stops the threads (an analysis still running is abandoned). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
