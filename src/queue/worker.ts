/**
 * The queue worker's loop (`narrascope worker`): takes a batch of jobs, analyses it on a thread of the
 * pool `ingest --workers` uses (src/ingest/parallel.ts: label-shift per batch, the provenance task with
 * the corpus's names), stores it with putBatch (idempotent by hash) or putAnalysis, and completes the jobs
 * only after the commit — so a worker killed at any point leaves its jobs leased, and after the lease
 * another worker does them again without a duplicate row. N threads are kept busy by N + 1 lanes (one
 * fetching or storing while the others' batches are analysed). A bad job fails alone, with its error
 * (after the retries it is dead); an outage of the database is waited out.
 */
import type PgBoss from 'pg-boss';
import type { Article } from '../doc/article.js';
import { inFlightFor, ParallelAnalyser } from '../ingest/parallel.js';
import type { Analysis } from '../schema.js';
import type { StorageEngine } from '../store/engine.js';
import type { StoredArticle, StoreItem } from '../store/types.js';
import type { AdaptedGroup, PriorsMode } from '../tasks/shift.js';
import { tasksForStore } from '../cli/corpus-names.js';
import { articleOf, isStale } from '../cli/reanalyze.js';
import { reportAdapted } from '../cli/shared.js';
import { articleOfJob, refreshOfJob } from './jobs.js';
import { ANALYSE_QUEUE, REFRESH_QUEUE, type WorkQueue } from './queue.js';
import { whenReachable } from './reconnect.js';
import { hasWork, queueDepths } from './status.js';

export interface WorkerCounts {
  /** Jobs taken. */
  jobs: number;
  /** New articles stored. */
  stored: number;
  /** Articles another worker (or ingest) had stored already: a retried job. */
  duplicates: number;
  /** Stored analyses replaced by a refresh. */
  refreshed: number;
  /** Jobs failed (they are retried, then dead). */
  failed: number;
}

export type WorkerEvent =
  | { kind: 'batch'; queue: WorkQueue; jobs: number; seconds: number; counts: Readonly<WorkerCounts> }
  | { kind: 'job-failed'; queue: WorkQueue; jobId: string; message: string }
  | { kind: 'log'; line: string };

export interface WorkerOptions {
  boss: PgBoss;
  store: StorageEngine;
  /** Analysis threads (default 1). */
  threads?: number;
  /** Jobs taken at once, analysed and committed together (default 200, as ingest's batches). */
  batchSize?: number;
  priors?: PriorsMode;
  /** Waiting between looks at an empty queue, in ms (default 1000). */
  pollMs?: number;
  /** Stop once no job is queued or leased anywhere (tests, benchmarks, draining a backlog). */
  untilEmpty?: boolean;
  /** Checked between batches: true finishes the batches in hand and returns. */
  shouldStop?: () => boolean;
  /** True gives up waiting for the database (a second interrupt). */
  mustQuit?: () => boolean;
  onEvent?: (event: WorkerEvent) => void;
  /** The analysis threads' compiled entry (default: the pool's). */
  workerFile?: string;
}

/** Works until stopped (or, with `untilEmpty`, until the queues are empty); returns what it did. */
export async function runWorker(options: WorkerOptions): Promise<WorkerCounts> {
  const emit = options.onEvent ?? (() => {});
  const threads = Math.max(1, options.threads ?? 1);
  const { names } = tasksForStore(options.store, undefined);
  const analyser = new ParallelAnalyser({
    threads,
    provenance: true,
    ...(names ? { names } : {}),
    ...(options.priors ? { priors: options.priors } : {}),
    ...(options.workerFile ? { workerFile: options.workerFile } : {}),
    onAdapted: (groups: AdaptedGroup[]) => reportAdapted(groups, (line) => emit({ kind: 'log', line })),
  });
  const worker: Worker = {
    ...options,
    emit,
    analyser,
    counts: { jobs: 0, stored: 0, duplicates: 0, refreshed: 0, failed: 0 },
    retry: <T>(what: string, fn: () => Promise<T>) => whenReachable(fn, { what, log: (line) => emit({ kind: 'log', line }), mustQuit: options.mustQuit }),
  };
  try {
    await Promise.all(Array.from({ length: inFlightFor(threads) }, () => lane(worker)));
  } finally {
    await analyser.close();
  }
  return worker.counts;
}

interface Worker extends WorkerOptions {
  emit: (event: WorkerEvent) => void;
  analyser: ParallelAnalyser;
  counts: WorkerCounts;
  retry: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
}

/** One lane: a batch at a time, new articles first, until stopped (or the queues are empty). */
async function lane(w: Worker): Promise<void> {
  const batchSize = w.batchSize ?? 200;
  while (!w.shouldStop?.()) {
    if (await takeBatch(w, ANALYSE_QUEUE, batchSize)) continue;
    if (await takeBatch(w, REFRESH_QUEUE, batchSize)) continue;
    if (w.untilEmpty && !hasWork(await w.retry('reading the queue', () => queueDepths(w.boss.getDb())))) return;
    await sleep(w.pollMs ?? 1000);
  }
}

/** Takes up to `batchSize` jobs of `queue` and does them; false when there were none. */
async function takeBatch(w: Worker, queue: WorkQueue, batchSize: number): Promise<boolean> {
  // pg-boss answers an empty list when the database cannot be reached; the next look tries again.
  const jobs = await w.boss.fetch<unknown>(queue, { batchSize });
  if (jobs.length === 0) return false;
  const started = performance.now();
  w.counts.jobs += jobs.length;
  const done = queue === ANALYSE_QUEUE ? await analyseJobs(w, jobs) : await refreshJobs(w, jobs);
  if (done.length) await w.retry('completing jobs', () => w.boss.complete(queue, done));
  w.emit({ kind: 'batch', queue, jobs: jobs.length, seconds: (performance.now() - started) / 1000, counts: w.counts });
  return true;
}

type Job = PgBoss.Job<unknown>;
interface Opened<T> {
  job: Job;
  article: Article;
  language?: string;
  extra: T;
}

/** Opens each job (a job whose data is bad fails alone) and analyses the batch; an article whose analysis fails fails its job. */
async function analyseEach<T>(w: Worker, queue: WorkQueue, jobs: readonly Job[], open: (job: Job) => Promise<Omit<Opened<T>, 'job'> | undefined>) {
  const opened: Opened<T>[] = [];
  for (const job of jobs) {
    try {
      const o = await open(job);
      if (o) opened.push({ job, ...o });
    } catch (err) {
      await failJob(w, queue, job.id, err);
    }
  }
  if (opened.length === 0) return [];
  const outcomes = await w.retry('reading the corpus names', () => w.analyser.analyse(opened.map((o) => (o.language ? { article: o.article, language: o.language } : { article: o.article }))));
  const analysed: (Opened<T> & { analysis: Analysis })[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if ('analysis' in outcome) analysed.push({ ...opened[i], analysis: outcome.analysis });
    else await failJob(w, queue, opened[i].job.id, new Error(`analysis failed: ${outcome.error}`));
  }
  return analysed;
}

async function analyseJobs(w: Worker, jobs: readonly Job[]): Promise<string[]> {
  const done = await analyseEach(w, ANALYSE_QUEUE, jobs, async (job) => ({ ...articleOfJob(job.id, job.data), extra: undefined }));
  const items: StoreItem[] = done.map((d) => ({ article: d.article, analysis: d.analysis }));
  return storeBatch(w, items, done.map((d) => d.job.id));
}

/** Stores the batch in one transaction; if the batch is refused (not an outage), each item alone, so one bad item fails only its job. */
async function storeBatch(w: Worker, items: StoreItem[], jobIds: string[]): Promise<string[]> {
  if (items.length === 0) return [];
  try {
    const r = await w.retry('storing a batch', () => w.store.putBatch(items));
    w.counts.stored += r.inserted;
    w.counts.duplicates += r.duplicates;
    return jobIds;
  } catch (err) {
    if (items.length === 1) {
      await failJob(w, ANALYSE_QUEUE, jobIds[0], err);
      return [];
    }
    const ok: string[] = [];
    for (const [i, item] of items.entries()) ok.push(...(await storeBatch(w, [item], [jobIds[i]])));
    return ok;
  }
}

async function refreshJobs(w: Worker, jobs: readonly Job[]): Promise<string[]> {
  const gone: string[] = [];
  const done = await analyseEach<{ stored: StoredArticle; force: boolean }>(w, REFRESH_QUEUE, jobs, async (job) => {
    const refresh = refreshOfJob(job.id, job.data);
    const stored = await w.retry('reading an article', () => w.store.get(refresh.id));
    // Deleted, or its id now names another text, since the job was queued: nothing to refresh.
    if (!stored || stored.hash !== refresh.hash) return void gone.push(job.id);
    return { article: articleOf(stored), extra: { stored, force: refresh.force === true } };
  });
  const ok = [...gone];
  for (const d of done) {
    try {
      if (d.extra.force || isStale(d.extra.stored, d.analysis)) {
        await w.retry('storing an analysis', () => w.store.putAnalysis(d.extra.stored.id, d.analysis));
        w.counts.refreshed++;
      }
      ok.push(d.job.id);
    } catch (err) {
      await failJob(w, REFRESH_QUEUE, d.job.id, err);
    }
  }
  return ok;
}

async function failJob(w: Worker, queue: WorkQueue, jobId: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  w.counts.failed++;
  w.emit({ kind: 'job-failed', queue, jobId, message });
  await w.retry('failing a job', () => w.boss.fail(queue, jobId, { message }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
