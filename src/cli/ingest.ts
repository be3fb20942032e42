/**
 * `narrascope ingest <path…>`: reads articles, analyses the new ones and stores them in batched
 * transactions. Idempotent and resumable: articles whose hash is already stored, or claimed by another
 * ingest running at the same time, are skipped before analysis, and an interrupted run loses only its
 * uncommitted batch. Each batch (--batch articles, default 200) is adapted to its label priors
 * (tasks/shift.ts) in memory before it is committed, so a crash loses only that batch.
 */
import { readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join, extname } from 'node:path';
import type { Command } from 'commander';
import { ingestRunId, isDeadRun } from '../ingest/claims.js';
import { readSources } from '../ingest/index.js';
import { ParallelAnalyser } from '../ingest/parallel.js';
import { ingest, type AnalyseBatch, type IngestEvent, type IngestResult } from '../ingest/service.js';
import { formatProblem } from '../ingest/types.js';
import { analyzeArticle, batchAnalyser } from '../pipeline.js';
import { tasksForStore, type CorpusNames } from './corpus-names.js';
import { openStore } from '../store/open.js';
import { collectGarbage } from './memory.js';
import { Progress } from './progress.js';
import type { PriorsMode } from '../tasks/shift.js';
import { TASKS, withoutProvenance } from '../tasks/registry.js';
import type { AnyTask } from '../tasks/task.js';
import { describeSkipped, positiveInt, priorsOption, reportAdapted } from './shared.js';
import { closeTier, mayUseModelTier, openTier, tierOptions, type TierCliOptions } from './llm-options.js';
import { storeCache } from '../llm/cache.js';
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';
import { dbOption } from './store-options.js';

/** Articles analysed between full garbage collections (see memory.ts): a few ms every ~0.5 s of work. */
const GC_EVERY = 50;

export interface IngestOptions extends TierCliOptions {
  db?: string;
  batch?: number;
  maxBytes?: number;
  strict?: boolean;
  lang?: string;
  json?: boolean;
  progress?: boolean;
  priors?: PriorsMode;
  /** False with --no-provenance: neither the near-duplicate index nor the provenance task. */
  provenance?: boolean;
  /** The tasks to run and index (default: the registry's); not a command-line option. */
  annotators?: readonly AnyTask[];
  /** Worker threads that analyse while this thread reads and stores (default 1: analysis in this thread). */
  workers?: number;
  /** Enqueue the new articles for `narrascope worker` instead of analysing them here (PostgreSQL only). */
  queue?: boolean;
}

/** What an ingest run did (the service's counts, see IngestCounts); printed at the end (or as JSON with --json). */
export type IngestSummary = Pick<IngestResult, 'read' | 'inserted' | 'alreadyPresent' | 'claimedElsewhere' | 'skipped' | 'warnings' | 'interrupted'> & {
  database: string;
  totalInDatabase: number;
  seconds: number;
};

export function registerIngest(program: Command): void {
  const command = dbOption(
    program
      .command('ingest')
      .description('analyse articles and store them (idempotent: articles already stored are skipped)')
      .argument('<inputs...>', 'files, folders, feed files, or - for standard input'),
  )
    .option('--batch <n>', 'articles per transaction, each adapted to its label priors before it is stored', positiveInt('--batch'), 200)
    .option('--max-bytes <n>', 'largest file accepted (default 5 MB, or NARRASCOPE_MAX_BYTES)', positiveInt('--max-bytes'))
    .option('--lang <code>', 'language of the articles (identified per article when not given)')
    .option('--strict', 'exit non-zero when any input is skipped')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress display')
    .option('--no-provenance', 'skip the near-duplicate index and the provenance task (faster; these articles are never clustered)')
    .option('--workers <n>', 'analyse on N worker threads (each batch of --batch articles on one) while this one reads and stores; default 1: in this thread', positiveInt('--workers'), 1)
    .option('--queue', 'enqueue the new articles for "narrascope worker" instead of analysing them here (a postgres:// database)');
  tierOptions(priorsOption(command)).action(async (inputs: string[], options: IngestOptions) => {
    process.exitCode = await runIngest(inputs, options);
  });
}

export { registerIngest as register };

/**
 * Roughly how many articles the inputs hold, for the progress ETA: one per file, one per line of a
 * JSONL file. An estimate only (readers may skip files), so the display drops the ETA once exceeded.
 */
export function estimateItemCount(paths: readonly string[], limit = 1_000_000): number | undefined {
  let count = 0;
  const countLines = (file: string) => {
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 16);
    let n = 0;
    try {
      for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
        for (let i = 0; i < got; i++) if (buf[i] === 10) n++;
      }
    } finally {
      closeSync(fd);
    }
    return Math.max(n, 1);
  };
  const visit = (p: string) => {
    if (count > limit) return;
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (!e.startsWith('.')) visit(join(p, e));
    } else if (st.isFile()) {
      count += ['.jsonl', '.ndjson'].includes(extname(p).toLowerCase()) ? countLines(p) : 1;
    }
  };
  try {
    for (const p of paths) {
      if (p === '-') return undefined;
      visit(p);
    }
  } catch {
    return undefined;
  }
  return count > limit ? undefined : count;
}

export function formatIngestSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? s.read / s.seconds : 0;
  return [
    `read             ${s.read} article(s)`,
    `inserted         ${s.inserted}`,
    `already present  ${s.alreadyPresent}`,
    ...(s.claimedElsewhere ? [`left to another  ${s.claimedElsewhere} (being ingested by another run at the same time)`] : []),
    `skipped          ${describeSkipped(s.skipped)}`,
    ...(Object.keys(s.warnings).length ? [`warnings         ${describeSkipped(s.warnings)}`] : []),
    `database         ${s.database} (${s.totalInDatabase} article(s))`,
    `time             ${s.seconds.toFixed(1)} s, ${rate.toFixed(0)} article(s)/s${s.interrupted ? ' (interrupted)' : ''}`,
  ].join('\n');
}

/** Runs an ingest and returns the exit status: 1 when nothing could be processed, or with --strict when anything was skipped. */
export async function runIngest(inputs: string[], options: IngestOptions): Promise<number> {
  if (options.queue) {
    // The workers analyse queued articles: analysis options belong to "narrascope worker".
    const refused = [options.tier && options.tier !== 'fast' && '--tier', options.provenance === false && '--no-provenance', options.priors && '--priors', (options.workers ?? 1) > 1 && '--workers'];
    // Loaded only then, with pg-boss, as the PostgreSQL engine is.
    const { runIngestQueue } = await import('../queue/commands.js');
    return runIngestQueue(inputs, { ...options, refused: refused.filter((r): r is string => Boolean(r)) });
  }
  const started = performance.now();
  const store = await openStore({ db: options.db, ...(options.annotators ? { tasks: options.annotators } : {}), provenance: options.provenance !== false });
  const forStore = options.provenance === false ? { tasks: withoutProvenance(options.annotators ?? TASKS) } : tasksForStore(store, options.annotators);
  const annotators = forStore.tasks;
  const corpusNames = 'names' in forStore ? forStore.names : undefined;
  const showProgress = options.progress !== false;
  const progress = new Progress(process.stderr, {
    label: 'ingest',
    total: showProgress && process.stderr.isTTY ? estimateItemCount(inputs) : undefined,
  });
  const owner = ingestRunId();

  // First Ctrl-C: stop reading and commit what is analysed. Second: leave at once (committed batches are safe).
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      void store.releaseClaims(owner).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
      return;
    }
    interrupted = true;
    progress.log(`${signal}: committing the current batch and stopping (again to quit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let analysed = 0;
  // The last progress figures, which the model tier's progress adds its count to.
  let shown = { done: 0, extra: '' };
  const onEvent = (e: IngestEvent) => {
    if (e.kind === 'problem') progress.log(`skipped ${formatProblem(e.problem)}`);
    else if (e.kind === 'analysis-failed') progress.log(`skipped ${e.item}: analysis failed: ${e.message} [analysis-failed]`);
    else if (e.kind === 'warning') progress.log(`warning ${formatProblem(e.warning)}`);
    // The threads of --workers keep the Docs; this thread holds only articles and their analyses.
    else if (e.kind === 'analysed' && !parallel && ++analysed % GC_EVERY === 0) collectGarbage();
    else if (e.kind === 'step' && showProgress) {
      const nSkipped = sum(e.counts.skipped);
      shown = { done: e.counts.read + nSkipped, extra: `${e.counts.inserted + e.counts.pending} new${nSkipped ? ` · ${nSkipped} skipped` : ''}` };
      progress.update(shown.done, shown.extra);
    }
  };
  const analyser = batchAnalyser({ priors: options.priors, annotators });
  // The model tier labels each batch after its label-shift step, before it is committed.
  const tier = mayUseModelTier(options)
    ? await openTier(options, () => storeCache(store), (line) => progress.log(line), { onArticle: (n) => showProgress && progress.update(shown.done, `${shown.extra} · ${n} labelled by the model`) })
    : undefined;
  const articleOf = new WeakMap<Analysis, Article>();
  const kept = (article: Article, analysis: Analysis) => (tier && articleOf.set(analysis, article), analysis);
  const parallel = parallelFor(options, corpusNames, (line) => progress.log(line));
  let result: IngestResult;
  try {
    result = await ingest(readSources(inputs, { maxBytes: options.maxBytes }), {
      store,
      ...(parallel ? { analyseBatch: { ...parallel.mode, run: keptBatch(parallel, kept) } } : {}),
      analyse: parallel ? undefined : async (article, o) => {
        await corpusNames?.beforeArticle();
        // Without adaptation, the plain per-article pipeline: no Doc is kept for the batch.
        return kept(
          article,
          analyser.adapts ? analyser.analyse(article, o.language ?? options.lang) : analyzeArticle(article, { language: o.language ?? options.lang, annotators }),
        );
      },
      adapt: async (analyses) => {
        reportAdapted(analyser.adapt(analyses), (line) => progress.log(line));
        if (tier) await tier.apply(analyses.map((analysis) => ({ article: articleOf.get(analysis)!, analysis })));
      },
      batchSize: options.batch ?? 200,
      claims: { owner, isAbandoned: isDeadRun },
      shouldStop: () => interrupted,
      onEvent,
    });
  } finally {
    await parallel?.close();
    progress.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await closeTier(tier, (line) => process.stderr.write(`${line}\n`));
  }
  const { read, inserted, alreadyPresent, claimedElsewhere, skipped, warnings } = result;

  const summary: IngestSummary = {
    database: store.location,
    read,
    inserted,
    alreadyPresent,
    claimedElsewhere,
    skipped,
    warnings,
    totalInDatabase: await store.count(),
    seconds: (performance.now() - started) / 1000,
    interrupted,
  };
  await store.close();
  // The JSON summary is the result a script reads (stdout); the readable one is a report (stderr).
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else process.stderr.write(`${formatIngestSummary(summary)}\n`);

  const nSkipped = sum(skipped);
  if (read === 0 && nSkipped === 0) {
    process.stderr.write('narrascope: no articles found in the given inputs\n');
    return 1;
  }
  if (inserted + alreadyPresent + claimedElsewhere === 0) return 1;
  if (options.strict && nSkipped > 0) return 1;
  return interrupted ? 130 : 0;
}

export { withoutProvenance };

/** The worker threads of --workers N (N > 1), which run the registry's tasks; undefined for analysis in this thread. */
function parallelFor(options: IngestOptions, names: CorpusNames | undefined, log: (line: string) => void): ParallelAnalyser | undefined {
  const threads = options.workers ?? 1;
  if (threads <= 1) return undefined;
  if (options.annotators) throw new Error('--workers: the worker threads run the standard tasks; a custom task list runs with --workers 1');
  return new ParallelAnalyser({
    threads,
    provenance: options.provenance !== false,
    ...(options.priors ? { priors: options.priors } : {}),
    ...(names ? { names } : {}),
    ...(options.lang ? { language: options.lang } : {}),
    onAdapted: (groups) => reportAdapted(groups, log),
  });
}

/** The threads' batch analysis, each analysis remembered with its article (for the model tier). */
function keptBatch(parallel: ParallelAnalyser, kept: (article: Article, analysis: Analysis) => Analysis): AnalyseBatch {
  return async (inputs) => {
    const outcomes = await parallel.analyse(inputs);
    outcomes.forEach((o, i) => 'analysis' in o && kept(inputs[i]!.article, o.analysis));
    return outcomes;
  };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
