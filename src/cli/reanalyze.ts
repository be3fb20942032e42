/**
 * `narrascope reanalyze`: refresh stored analyses after the models change, one current analysis per
 * article. The stored articles are analysed a chunk (BATCH_CHUNK) at a time, each chunk adapted to its
 * label priors (tasks/shift.ts) before the stale analyses in it are replaced; with --workers N, the
 * chunks are analysed on N worker threads as `ingest --workers` does (src/ingest/parallel.ts), and
 * their analyses replaced in order on this thread.
 */
import type { Command } from 'commander';
import { createArticle } from '../doc/article.js';
import { batchAnalyser } from '../pipeline.js';
import type { Analysis } from '../schema.js';
import type { StorageEngine } from '../store/engine.js';
import { modelVersionOf } from '../store/labels.js';
import { openStore } from '../store/open.js';
import { tasksForStore } from './corpus-names.js';
import type { StoredArticle } from '../store/types.js';
import { BATCH_CHUNK, type PriorsMode } from '../tasks/shift.js';
import type { AnyTask } from '../tasks/task.js';
import { positiveInt, priorsOption, reportAdapted } from './shared.js';
import { dbOption } from './store-options.js';
import { closeTier, mayUseModelTier, openTier, tierOptions, type TierCliOptions } from './llm-options.js';
import { inFlightFor, ParallelAnalyser } from '../ingest/parallel.js';
import type { Article } from '../doc/article.js';
import type { CorpusNames } from './corpus-names.js';
import { Progress } from './progress.js';
import { storeCache } from '../llm/cache.js';

export interface ReanalyzeOptions extends TierCliOptions {
  db?: string;
  force?: boolean;
  priors?: PriorsMode;
  /** The tasks to run and index (default: the registry's); not a command-line option. */
  annotators?: readonly AnyTask[];
  /** Enqueue a refresh job per stored article for `narrascope worker` (PostgreSQL only). */
  queue?: boolean;
  /** Worker threads that analyse while this thread reads and writes (default 1: analysis in this thread). */
  workers?: number;
}

export function registerReanalyze(program: Command): void {
  const command = dbOption(program.command('reanalyze').description('re-run the pipeline on stored articles whose analysis came from other models'))
    .option('--force', 'replace every analysis, even when the model versions are unchanged')
    .option('--queue', 'enqueue a refresh job per stored article for "narrascope worker" instead of analysing here (a postgres:// database)')
    .option('--workers <n>', 'analyse on N worker threads (each chunk of articles on one) while this one reads and writes; default 1: in this thread', positiveInt('--workers'), 1);
  tierOptions(priorsOption(command)).action((options: ReanalyzeOptions) => runReanalyze(options));
}

/**
 * Re-runs the pipeline on every stored article and replaces the analyses that changed; prints the
 * counts. With --tier llm|hybrid, each chunk goes through the model tier before it is stored; the
 * model's answers are cached in the store as they arrive, so a run killed midway resumes without
 * asking twice. The fast tier never waits on anything: it completes before the returned promise.
 */
export async function runReanalyze(options: ReanalyzeOptions): Promise<void> {
  if (options.queue) {
    const refused = [options.tier && options.tier !== 'fast' && '--tier', options.priors && '--priors', (options.workers ?? 1) > 1 && '--workers'];
    const { runReanalyzeQueue } = await import('../queue/commands.js');
    return runReanalyzeQueue({ ...options, refused: refused.filter((r): r is string => Boolean(r)) });
  }
  const store = await openStore({ db: options.db, mustExist: true, ...(options.annotators ? { tasks: options.annotators } : {}) });
  try {
    const ids = await storedIds(store);
    // Drawn only by the model tier (the fast tier takes seconds): articles labelled, rate and ETA.
    const progress = new Progress(process.stderr, { label: 'llm', total: ids.length });
    const log = (line: string) => progress.log(line);
    const tier = mayUseModelTier(options) ? await openTier(options, () => storeCache(store), log, { onArticle: (n) => progress.update(n) }) : undefined;
    const { tasks, names } = tasksForStore(store, options.annotators);
    const analyse = chunkAnalyser(options, tasks, names, log);
    let seen = 0;
    let updated = 0;
    const replace = async ({ chunk, articles, analyses }: AnalysedChunk) => {
      if (tier) await tier.apply(articles.flatMap((article, k) => (analyses[k] ? [{ article, analysis: analyses[k] }] : [])));
      for (const [k, stored] of chunk.entries()) {
        seen++;
        const analysis = analyses[k];
        if (analysis && (options.force || isStale(stored, analysis))) {
          await store.putAnalysis(stored.id, analysis);
          updated++;
        }
      }
    };
    // Chunks analysed, oldest first: one at a time in this thread, N + 1 with N threads.
    const out: Promise<AnalysedChunk>[] = [];
    try {
      for (let i = 0; i < ids.length; i += BATCH_CHUNK) {
        const chunk: StoredArticle[] = [];
        for (const id of ids.slice(i, i + BATCH_CHUNK)) {
          const stored = await store.get(id);
          if (stored) chunk.push(stored);
        }
        out.push(analyse.chunk(chunk));
        while (out.length >= analyse.inFlight) await replace(await out.shift()!);
      }
      while (out.length > 0) await replace(await out.shift()!);
    } finally {
      // Awaited above; after a failure, the chunks still out must not be left as unhandled rejections.
      for (const o of out) o.catch(() => {});
      await analyse.close();
    }
    progress.finish();
    if (tier) await closeTier(tier, log);
    process.stderr.write(`${seen} articles checked, ${updated} analyses refreshed\n`);
  } finally {
    await store.close();
  }
}

/** A chunk of stored articles with their new analyses (undefined for an article whose analysis failed on a thread, which keeps its stored one). */
interface AnalysedChunk {
  chunk: StoredArticle[];
  articles: Article[];
  analyses: (Analysis | undefined)[];
}

/** How chunks are analysed: in this thread, or with --workers N on N threads (the registry's tasks). */
function chunkAnalyser(options: ReanalyzeOptions, tasks: readonly AnyTask[] | undefined, names: CorpusNames | undefined, log: (line: string) => void) {
  const threads = options.workers ?? 1;
  if (threads <= 1) {
    const analyser = batchAnalyser({ priors: options.priors, annotators: tasks });
    const chunk = async (chunk: StoredArticle[]): Promise<AnalysedChunk> => {
      const articles = chunk.map(articleOf);
      const analyses: Analysis[] = [];
      for (const article of articles) {
        await names?.beforeArticle();
        analyses.push(analyser.analyse(article));
      }
      reportAdapted(analyser.adapt(analyses));
      return { chunk, articles, analyses };
    };
    return { chunk, inFlight: 1, close: async () => {} };
  }
  if (options.annotators) throw new Error('--workers: the worker threads run the standard tasks; a custom task list runs with --workers 1');
  const parallel = new ParallelAnalyser({ threads, provenance: true, ...(options.priors ? { priors: options.priors } : {}), ...(names ? { names } : {}), onAdapted: (groups) => reportAdapted(groups) });
  const chunk = async (chunk: StoredArticle[]): Promise<AnalysedChunk> => {
    const articles = chunk.map(articleOf);
    const outcomes = await parallel.analyse(articles.map((article) => ({ article })));
    const analyses = outcomes.map((o, k) => {
      if ('analysis' in o) return o.analysis;
      log(`skipped ${chunk[k]!.id}: analysis failed: ${o.error} (its stored analysis is kept)`);
      return undefined;
    });
    return { chunk, articles, analyses };
  };
  return { chunk, inFlight: inFlightFor(threads), close: () => parallel.close() };
}

/** Every stored id, collected first: replacing analyses while paging must not shift the pages. */
async function storedIds(store: StorageEngine): Promise<string[]> {
  const page = 500;
  const ids: string[] = [];
  for (let offset = 0; ; offset += page) {
    const rows = await store.list({ limit: page, offset });
    for (const r of rows) ids.push(r.id);
    if (rows.length < page) return ids;
  }
}

/** The Article a stored one was read as (the queue worker's refresh jobs rebuild it the same way). */
export function articleOf(stored: StoredArticle) {
  return createArticle({ raw: stored.raw, id: stored.id, url: stored.url, source: stored.source, publishedAt: stored.publishedAt, origin: stored.origin });
}

/** Made by other models, or under other label priors (a batch's, or the training ones). */
export function isStale(stored: StoredArticle, analysis: Analysis): boolean {
  return modelVersionOf(analysis) !== stored.modelVersion || JSON.stringify(analysis.labelShift) !== JSON.stringify(stored.analysis.labelShift);
}

