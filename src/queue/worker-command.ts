/**
 * The run of `narrascope worker` (src/cli/worker.ts registers it): the worker loop (src/queue/worker.ts)
 * with `--concurrency N` analysis threads, its signals and progress lines. The first SIGINT/SIGTERM
 * finishes the batches in hand and stops; a second quits at once (its jobs come back when their lease ends).
 */
import { openStore, redactDb } from '../store/open.js';
import type { PriorsMode } from '../tasks/shift.js';
import { closeJobQueue, openJobQueue, queueDatabase, queueSettings } from './queue.js';
import { queueDepths } from './status.js';
import { runWorker, type WorkerCounts, type WorkerEvent } from './worker.js';

export interface WorkerCliOptions {
  db?: string;
  concurrency?: number;
  batch?: number;
  priors?: PriorsMode;
  untilEmpty?: boolean;
}

/** Jobs per batch when not given: ingest's batch, so a batch's label priors are estimated from as many articles. */
const DEFAULT_BATCH = 200;

/** Progress lines at most this often (a line per batch would flood a log). */
const PROGRESS_EVERY_MS = 5000;

/** Runs the worker and returns the exit status. */
export async function runWorkerCommand(options: WorkerCliOptions): Promise<number> {
  const url = queueDatabase(options.db, 'narrascope worker');
  const { leaseSeconds } = queueSettings(); // a bad NARRASCOPE_JOB_LEASE or NARRASCOPE_JOB_RETRIES is named before anything starts
  const name = `worker ${process.pid}`;
  const log = (line: string) => process.stderr.write(`${name}: ${line}\n`);
  const signals = stopOnSignals(log);
  const store = await openStore({ db: url });
  let lastError = '';
  const boss = await openJobQueue(url, {
    supervise: true,
    // pg-boss reconnects by itself; say so once per kind of error rather than once per poll.
    onError: (err) => err.message !== lastError && log(`queue: ${(lastError = err.message)}`),
  });
  const threads = options.concurrency ?? 1;
  const batchSize = options.batch ?? DEFAULT_BATCH;
  log(`started on ${redactDb(url)} (${threads} analysis thread(s), batches of ${batchSize}, lease ${leaseSeconds} s)`);
  const started = performance.now();
  let counts: WorkerCounts | undefined;
  try {
    const untilEmpty = options.untilEmpty === true;
    const onEvent = progressLines(log, () => queueDepths(boss.getDb()));
    counts = await runWorker({ boss, store, threads, batchSize, priors: options.priors, untilEmpty, shouldStop: signals.stopping, onEvent });
  } finally {
    await closeJobQueue(boss);
    await store.close();
    signals.off();
  }
  log(`stopped: ${describeCounts(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** The first SIGINT/SIGTERM asks to stop after the batches in hand; a second quits at once. */
function stopOnSignals(log: (line: string) => void): { stopping: () => boolean; off: () => void } {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: quitting; the jobs in hand go back to the queue when their lease ends`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    log(`${signal}: finishing the batches in hand, then stopping (again to quit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopping: () => stopping,
    off: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The worker's event handler: problems at once, progress every PROGRESS_EVERY_MS with the queue depth. */
function progressLines(log: (line: string) => void, depth: () => Promise<{ queued: number; active: number }[]>): (e: WorkerEvent) => void {
  let last = performance.now();
  let done = 0;
  return (e) => {
    if (e.kind === 'log') log(e.line);
    else if (e.kind === 'job-failed') log(`job ${e.jobId} failed: ${e.message}`);
    else {
      done += e.jobs;
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      const rate = done / ((now - last) / 1000);
      last = now;
      done = 0;
      const counts = describeCounts(e.counts);
      // Read without waiting: the next batch need not wait for a count.
      void depth().then(
        (d) => log(`${counts} · ${rate.toFixed(0)} job(s)/s · queue ${d.reduce((s, q) => s + q.queued, 0)} waiting, ${d.reduce((s, q) => s + q.active, 0)} being analysed`),
        () => log(`${counts} · ${rate.toFixed(0)} job(s)/s`),
      );
    }
  };
}

function describeCounts(c: WorkerCounts | undefined): string {
  if (!c) return 'no jobs';
  return `${c.jobs} job(s): ${c.stored} stored, ${c.duplicates} already stored, ${c.refreshed} refreshed, ${c.failed} failed`;
}
