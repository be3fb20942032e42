/**
 * The command-line runs of the queue: `ingest --queue` (read, skip what is stored, enqueue the rest),
 * `reanalyze --queue` (a refresh job per stored article) and `narrascope jobs` (counts per state, dead
 * jobs with their errors, `jobs retry`). Results a script reads go to stdout, reports to stderr.
 */
import type PgBoss from 'pg-boss';
import { describeSkipped } from '../cli/shared.js';
import { readSources } from '../ingest/index.js';
import { formatProblem } from '../ingest/types.js';
import type { StorageEngine } from '../store/engine.js';
import { openStore, redactDb } from '../store/open.js';
import { enqueueArticles, enqueueRefresh, type EnqueueCounts } from './enqueue.js';
import { closeJobQueue, openJobQueue, queueDatabase } from './queue.js';
import { deadJobs, queueDepths, retryDeadJobs, type DeadJob, type QueueDepth } from './status.js';

export interface IngestQueueOptions {
  db?: string;
  maxBytes?: number;
  lang?: string;
  strict?: boolean;
  json?: boolean;
  /** Options of an in-process ingest that a queued one cannot honour (the workers analyse): named in the error. */
  refused?: string[];
}

export interface IngestQueueSummary extends EnqueueCounts {
  database: string;
  queue: QueueDepth[];
  seconds: number;
  interrupted: boolean;
}

/** Opens the store and the queue of a postgres:// database, runs `body`, and closes both. */
async function withQueue<T>(db: string | undefined, what: string, body: (store: StorageEngine, boss: PgBoss, url: string) => Promise<T>, mustExist = false): Promise<T> {
  const url = queueDatabase(db, what);
  const store = await openStore({ db: url, mustExist });
  try {
    const boss = await openJobQueue(url, { onError: () => {} });
    try {
      return await body(store, boss, url);
    } finally {
      await closeJobQueue(boss);
    }
  } finally {
    await store.close();
  }
}

/** `ingest --queue`: returns the exit status as `ingest` does (1 when nothing could be read, or with --strict when anything was skipped). */
export async function runIngestQueue(inputs: string[], options: IngestQueueOptions): Promise<number> {
  if (options.refused?.length) throw new Error(`ingest --queue: ${options.refused.join(', ')} cannot be used with --queue (the workers analyse: give analysis options to "narrascope worker")`);
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(signal === 'SIGINT' ? 130 : 143);
    interrupted = true;
    log(`${signal}: stopping after the articles being enqueued (again to quit at once; what is enqueued stays)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await withQueue(options.db, 'ingest --queue', async (store, boss, url) => {
      const counts = await enqueueArticles(readSources(inputs, { maxBytes: options.maxBytes }), {
        store,
        boss,
        language: options.lang,
        shouldStop: () => interrupted,
        log,
        onEvent: (e) => {
          if (e.kind === 'problem') log(`skipped ${formatProblem(e.problem)}`);
          else if (e.kind === 'warning') log(`warning ${formatProblem(e.warning)}`);
        },
      });
      return { ...counts, database: redactDb(url), queue: await queueDepths(boss.getDb()), seconds: (performance.now() - started) / 1000 };
    });
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else log(formatIngestQueueSummary(summary));
    return exitStatus(summary, options.strict === true);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function exitStatus(s: IngestQueueSummary, strict: boolean): number {
  const skipped = sum(s.skipped);
  if (s.read === 0 && skipped === 0) {
    process.stderr.write('narrascope: no articles found in the given inputs\n');
    return 1;
  }
  if (s.read === 0 || (strict && skipped > 0)) return 1;
  return s.interrupted ? 130 : 0;
}

export function formatIngestQueueSummary(s: IngestQueueSummary): string {
  const analyse = s.queue[0];
  return [
    `read             ${s.read} article(s)`,
    `enqueued         ${s.enqueued}`,
    `already stored   ${s.alreadyStored}`,
    `already queued   ${s.alreadyQueued}`,
    `skipped          ${describeSkipped(s.skipped)}`,
    ...(Object.keys(s.warnings).length ? [`warnings         ${describeSkipped(s.warnings)}`] : []),
    `queue            ${analyse.queued} waiting, ${analyse.active} being analysed (narrascope worker analyses them; narrascope jobs shows them)`,
    `database         ${s.database}`,
    `time             ${s.seconds.toFixed(1)} s${s.interrupted ? ' (interrupted)' : ''}`,
  ].join('\n');
}

/** `reanalyze --queue`: a refresh job for every stored article; the workers replace the stale analyses (all with --force). */
export async function runReanalyzeQueue(options: { db?: string; force?: boolean; refused?: string[] }): Promise<void> {
  if (options.refused?.length) throw new Error(`reanalyze --queue: ${options.refused.join(', ')} cannot be used with --queue (give analysis options to "narrascope worker")`);
  await withQueue(
    options.db,
    'reanalyze --queue',
    async (store, boss) => {
      const articles = await storedArticles(store);
      const r = await enqueueRefresh(boss, articles, options.force === true);
      process.stderr.write(`${articles.length} stored article(s): ${r.enqueued} refresh job(s) enqueued, ${r.alreadyQueued} already waiting; narrascope worker replaces the ${options.force ? '' : 'stale '}analyses\n`);
    },
    true,
  );
}

/** Every stored article's id and hash, collected first (the workers change analyses while this pages). */
async function storedArticles(store: StorageEngine): Promise<{ id: string; hash: string }[]> {
  const page = 500;
  const out: { id: string; hash: string }[] = [];
  for (let offset = 0; ; offset += page) {
    const rows = await store.list({ limit: page, offset });
    for (const r of rows) out.push({ id: r.id, hash: r.hash });
    if (rows.length < page) return out;
  }
}

export interface JobsOptions {
  db?: string;
  json?: boolean;
  failed?: boolean;
  limit?: number;
}

/** `narrascope jobs`: the counts per state per queue, and with --failed the dead jobs with their errors. */
export async function runJobs(options: JobsOptions): Promise<void> {
  const url = queueDatabase(options.db, 'narrascope jobs');
  const boss = await openJobQueue(url, { onError: () => {} });
  try {
    const queues = await queueDepths(boss.getDb());
    const dead = options.failed ? await deadJobs(boss, options.limit ?? 100) : undefined;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ database: redactDb(url), queues, ...(dead ? { dead } : {}) })}\n`);
      return;
    }
    process.stdout.write(`${formatDepths(queues)}\n`);
    if (dead) for (const d of dead) process.stdout.write(`${formatDead(d)}\n`);
    const nDead = queues.reduce((s, q) => s + q.dead, 0);
    if (nDead && !dead) process.stderr.write(`${nDead} dead job(s): "narrascope jobs --failed" lists them with their errors, "narrascope jobs retry" puts them back\n`);
  } finally {
    await closeJobQueue(boss);
  }
}

/** `narrascope jobs retry`: the dead jobs go back to their queue. */
export async function runJobsRetry(options: { db?: string }): Promise<void> {
  const url = queueDatabase(options.db, 'narrascope jobs retry');
  const boss = await openJobQueue(url, { onError: () => {} });
  try {
    process.stderr.write(`${await retryDeadJobs(boss)} dead job(s) put back in their queue\n`);
  } finally {
    await closeJobQueue(boss);
  }
}

const COLUMNS = ['queued', 'active', 'completed', 'failed', 'dead'] as const;

export function formatDepths(queues: readonly QueueDepth[]): string {
  const name = (q: string) => q.replace(/^narrascope-/, '');
  const head = ['queue'.padEnd(10), ...COLUMNS.map((c) => c.padStart(10))].join('');
  const rows = queues.map((q) => [name(q.queue).padEnd(10), ...COLUMNS.map((c) => String(q[c]).padStart(10))].join(''));
  return [head, ...rows].join('\n');
}

export function formatDead(d: DeadJob): string {
  const article = d.article.id ?? (d.article.hash ? d.article.hash.slice(0, 12) : '?');
  return `${d.failedAt}  ${d.queue.replace(/^narrascope-/, '')}  ${article}  ${d.error}`;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
