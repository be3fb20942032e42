/**
 * `narrascope ingest <path…>`: reads articles, analyses the new ones and stores them in batched
 * transactions. Idempotent and resumable: articles whose hash is already stored, or claimed by another
 * ingest running at the same time, are skipped before analysis, and an interrupted run loses only its
 * uncommitted batch.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, extname } from 'node:path';
import type { Command } from 'commander';
import { readSources } from '../ingest/index.js';
import { formatProblem, type ReadWarning } from '../ingest/types.js';
import { analyzeArticle } from '../pipeline.js';
import { openStore } from '../store/open.js';
import type { StoreItem } from '../store/types.js';
import { collectGarbage } from './memory.js';
import { Progress } from './progress.js';
import { maxBytesFrom, positiveInt } from './shared.js';
import { dbOption } from './store-options.js';

/** Articles analysed between full garbage collections (see memory.ts): a few ms every ~0.5 s of work. */
const GC_EVERY = 50;

export interface IngestOptions {
  db?: string;
  batch?: number;
  maxBytes?: number;
  strict?: boolean;
  lang?: string;
  json?: boolean;
  progress?: boolean;
}

/** What an ingest run did; printed at the end (or as JSON with --json). */
export interface IngestSummary {
  database: string;
  read: number;
  inserted: number;
  alreadyPresent: number;
  /** Articles another ingest was analysing at the same time (it stores them; this run did not analyse them). */
  claimedElsewhere: number;
  skipped: Record<string, number>;
  /** Fields left out of stored articles (a bad date or URL), by reason. */
  warnings: Record<string, number>;
  totalInDatabase: number;
  seconds: number;
  interrupted: boolean;
}

export function registerIngest(program: Command): void {
  dbOption(
    program
      .command('ingest')
      .description('analyse articles and store them (idempotent: articles already stored are skipped)')
      .argument('<inputs...>', 'files, folders, feed files, or - for standard input'),
  )
    .option('--batch <n>', 'articles per transaction', positiveInt('--batch'), 200)
    .option('--max-bytes <n>', 'largest file accepted (default 5 MB, or NARRASCOPE_MAX_BYTES)', positiveInt('--max-bytes'))
    .option('--lang <code>', 'language of the articles (identified per article when not given)')
    .option('--strict', 'exit non-zero when any input is skipped')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress display')
    .action(async (inputs: string[], options: IngestOptions) => {
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

function describeSkipped(skipped: Record<string, number>): string {
  const entries = Object.entries(skipped);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return entries.length ? `${total} (${entries.map(([r, n]) => `${n} ${r}`).join(', ')})` : '0';
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

/** Names an ingest run in its claims: process, machine and a random part (two runs in one process differ). */
function ingestRunId(): string {
  return `${process.pid}@${hostname()}/${randomUUID()}`;
}

/**
 * True when a claim's run was a process on this machine that no longer exists (killed before it
 * committed), so its claims need not wait out CLAIM_TTL_MS.
 */
export function isDeadRun(runId: string): boolean {
  const m = /^(\d+)@(.*)\/[0-9a-f-]+$/.exec(runId);
  if (!m || m[2] !== hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Runs an ingest and returns the exit status: 1 when nothing could be processed, or with --strict when anything was skipped. */
export async function runIngest(inputs: string[], options: IngestOptions): Promise<number> {
  const started = performance.now();
  const store = openStore({ db: options.db });
  const batchSize = options.batch ?? 200;
  const showProgress = options.progress !== false;
  const progress = new Progress(process.stderr, {
    label: 'ingest',
    total: showProgress && process.stderr.isTTY ? estimateItemCount(inputs) : undefined,
  });
  const skipped: Record<string, number> = {};
  const skip = (reason: string, line: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
    progress.log(`skipped ${line}`);
  };
  const warnings: Record<string, number> = {};
  const warn = (w: ReadWarning) => {
    warnings[w.reason] = (warnings[w.reason] ?? 0) + 1;
    progress.log(`warning ${formatProblem(w)}`);
  };
  let read = 0;
  let inserted = 0;
  let alreadyPresent = 0;
  let claimedElsewhere = 0;
  const owner = ingestRunId();
  let pending: StoreItem[] = [];
  let analysed = 0;
  const pendingHashes = new Set<string>();
  const flush = () => {
    if (pending.length === 0) return;
    const r = store.putBatch(pending);
    inserted += r.inserted;
    alreadyPresent += r.duplicates;
    pending = [];
    pendingHashes.clear();
  };

  // First Ctrl-C: stop reading and commit what is analysed. Second: leave at once (committed batches are safe).
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      store.releaseClaims(owner);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    interrupted = true;
    progress.log(`${signal}: committing the current batch and stopping (again to quit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    for await (const item of readSources(inputs, { maxBytes: maxBytesFrom(options.maxBytes) })) {
      if (!item.ok) {
        skip(item.problem.reason, formatProblem(item.problem));
      } else {
        read++;
        for (const w of item.warnings ?? []) warn(w);
        const { article } = item;
        // Read first (cheap); only an article not yet stored takes a claim (a write).
        const state = pendingHashes.has(article.hash) || store.hasHash(article.hash) ? 'stored' : store.claim(article.hash, owner, isDeadRun);
        if (state === 'stored') {
          alreadyPresent++;
        } else if (state === 'claimed-elsewhere') {
          claimedElsewhere++;
        } else {
          try {
            pending.push({ article, analysis: analyzeArticle(article, { language: options.lang }) });
            pendingHashes.add(article.hash);
          } catch (err) {
            const where = `${article.origin.path ?? article.id}${article.origin.line !== undefined ? `:${article.origin.line}` : ''}`;
            skip('analysis-failed', `${where}: analysis failed: ${(err as Error).message} [analysis-failed]`);
          }
          if (pending.length >= batchSize) flush();
          if (++analysed % GC_EVERY === 0) collectGarbage();
        }
      }
      if (showProgress) {
        const nSkipped = Object.values(skipped).reduce((a, b) => a + b, 0);
        progress.update(read + nSkipped, `${inserted + pending.length} new${nSkipped ? ` · ${nSkipped} skipped` : ''}`);
      }
      if (interrupted) break;
    }
    flush();
  } finally {
    store.releaseClaims(owner);
    progress.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const summary: IngestSummary = {
    database: (store as { path: string }).path,
    read,
    inserted,
    alreadyPresent,
    claimedElsewhere,
    skipped,
    warnings,
    totalInDatabase: store.count(),
    seconds: (performance.now() - started) / 1000,
    interrupted,
  };
  store.close();
  // The JSON summary is the result a script reads (stdout); the readable one is a report (stderr).
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else process.stderr.write(`${formatIngestSummary(summary)}\n`);

  const nSkipped = Object.values(skipped).reduce((a, b) => a + b, 0);
  if (read === 0 && nSkipped === 0) {
    process.stderr.write('narrascope: no articles found in the given inputs\n');
    return 1;
  }
  if (inserted + alreadyPresent + claimedElsewhere === 0) return 1;
  if (options.strict && nSkipped > 0) return 1;
  return interrupted ? 130 : 0;
}
