/**
 * The run of `narrascope worker` (src/cli/worker.ts registers it): one worker process (src/queue/worker.ts)
 * with its signals and progress lines, or with `--concurrency N` N of them, each its own analysis pipeline
 * on its own core. The first SIGINT/SIGTERM finishes the batch in hand and stops; a second quits at once
 * (its jobs come back when their lease ends).
 */
import { spawn } from 'node:child_process';
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

/** Runs the worker (or N of them) and returns the exit status. */
export async function runWorkerCommand(options: WorkerCliOptions): Promise<number> {
  const url = queueDatabase(options.db, 'narrascope worker');
  queueSettings(); // a bad NARRASCOPE_JOB_LEASE or NARRASCOPE_JOB_RETRIES is named before anything starts
  if ((options.concurrency ?? 1) > 1) return runProcesses(url, options);
  return runOne(url, options);
}

async function runOne(url: string, options: WorkerCliOptions): Promise<number> {
  const name = `worker ${process.pid}`;
  const log = (line: string) => process.stderr.write(`${name}: ${line}\n`);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: quitting; the jobs in hand go back to the queue when their lease ends`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    log(`${signal}: finishing the batch in hand, then stopping (again to quit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const store = await openStore({ db: url });
  let lastError = '';
  const boss = await openJobQueue(url, {
    supervise: true,
    // pg-boss reconnects by itself; say so once per kind of error rather than once per poll.
    onError: (err) => err.message !== lastError && log(`queue: ${(lastError = err.message)}`),
  });
  log(`started on ${redactDb(url)} (batches of ${options.batch ?? DEFAULT_BATCH}, lease ${queueSettings().leaseSeconds} s)`);
  const started = performance.now();
  let counts: WorkerCounts | undefined;
  try {
    counts = await runWorker({
      boss,
      store,
      batchSize: options.batch ?? DEFAULT_BATCH,
      priors: options.priors,
      untilEmpty: options.untilEmpty === true,
      shouldStop: () => stopping,
      onEvent: progressLines(log, () => queueDepths(boss.getDb())),
    });
  } finally {
    await closeJobQueue(boss);
    await store.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const seconds = (performance.now() - started) / 1000;
  log(`stopped: ${describeCounts(counts)} in ${seconds.toFixed(1)} s`);
  return 0;
}

/** The worker's event handler: problems at once, progress every PROGRESS_EVERY_MS with the queue depth. */
function progressLines(log: (line: string) => void, depth: () => Promise<{ queued: number; active: number }[]>): (e: WorkerEvent) => void {
  let last = performance.now();
  let done = 0;
  let since = performance.now();
  return (e) => {
    if (e.kind === 'log') log(e.line);
    else if (e.kind === 'job-failed') log(`job ${e.jobId} failed: ${e.message}`);
    else {
      done += e.jobs;
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      const rate = done / ((now - since) / 1000);
      last = now;
      since = now;
      done = 0;
      const counts = describeCounts(e.counts);
      // Read without waiting: the next batch need not wait for a count.
      void depth().then(
        (d) => log(`${counts} · ${rate.toFixed(0)} job(s)/s · queue ${d.reduce((s, q) => s + q.queued, 0)} waiting, ${d.reduce((s, q) => s + q.active, 0)} in hand`),
        () => log(`${counts} · ${rate.toFixed(0)} job(s)/s`),
      );
    }
  };
}

function describeCounts(c: WorkerCounts | undefined): string {
  if (!c) return 'no jobs';
  return `${c.jobs} job(s): ${c.stored} stored, ${c.duplicates} already stored, ${c.refreshed} refreshed, ${c.failed} failed`;
}

/**
 * --concurrency N: N worker processes of this command. Processes rather than threads because each one
 * is a whole worker (its own connections, batches and leases): one crashing loses only its own batch.
 */
function runProcesses(url: string, options: WorkerCliOptions): Promise<number> {
  const args = [process.argv[1], 'worker', '--db', url, '--batch', String(options.batch ?? DEFAULT_BATCH), ...(options.priors ? ['--priors', options.priors] : []), ...(options.untilEmpty ? ['--until-empty'] : [])];
  // Each in its own process group, so a Ctrl-C reaches them once, forwarded, not also from the terminal.
  const children = Array.from({ length: options.concurrency ?? 1 }, () => spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true }));
  const forward = (signal: NodeJS.Signals) => children.forEach((c) => c.exitCode === null && c.kill(signal));
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return Promise.all(children.map((c) => new Promise<number>((resolve) => c.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))))).then((codes) => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    return Math.max(...codes);
  });
}
