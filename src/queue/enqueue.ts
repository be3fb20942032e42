/**
 * `ingest --queue` and `reanalyze --queue`: articles read by the usual readers become analysis jobs (one
 * per content hash; stored articles skipped, problems reported per item and the run going on), stored
 * articles become refresh jobs. Sends go a group at a time, so the round trips to the database overlap.
 */
import type PgBoss from 'pg-boss';
import { itemName, type IngestInput } from '../ingest/service.js';
import type { ReadProblem, ReadWarning } from '../ingest/types.js';
import type { StorageEngine } from '../store/engine.js';
import { analyseJobOf, type RefreshJob } from './jobs.js';
import { ANALYSE_QUEUE, REFRESH_QUEUE, sendOptions } from './queue.js';
import { whenReachable } from './reconnect.js';

/** Articles looked up and sent at once. */
const GROUP = 64;

export interface EnqueueCounts {
  /** Articles read (problems not counted). */
  read: number;
  /** New jobs. */
  enqueued: number;
  /** Already stored: no job. */
  alreadyStored: number;
  /** A job for the same text was there already (enqueued before, or by another ingest now). */
  alreadyQueued: number;
  /** Inputs skipped, by reason. */
  skipped: Record<string, number>;
  /** Fields left out of articles read, by reason. */
  warnings: Record<string, number>;
}

export type EnqueueEvent =
  | { kind: 'problem'; problem: ReadProblem }
  | { kind: 'warning'; item: string; warning: ReadWarning }
  | { kind: 'step'; counts: Readonly<EnqueueCounts> };

export interface EnqueueOptions {
  store: Pick<StorageEngine, 'hasHash'>;
  boss: PgBoss;
  /** Language forced for every article (`--lang`), unless the input sets its own. */
  language?: string;
  shouldStop?: () => boolean;
  /** True gives up waiting for the database (a second interrupt). */
  mustQuit?: () => boolean;
  /** Told when the database goes away and comes back (the run waits for it). */
  log?: (line: string) => void;
  onEvent?: (event: EnqueueEvent) => void;
}

const countOf = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** Reads `inputs` and enqueues an analysis job for each article not stored yet. */
export async function enqueueArticles(inputs: Iterable<IngestInput> | AsyncIterable<IngestInput>, options: EnqueueOptions): Promise<EnqueueCounts & { interrupted: boolean }> {
  const emit = options.onEvent ?? (() => {});
  const counts: EnqueueCounts = { read: 0, enqueued: 0, alreadyStored: 0, alreadyQueued: 0, skipped: {}, warnings: {} };
  let group: { input: Extract<IngestInput, { ok: true }>; hash: string }[] = [];
  const sendGroup = async () => {
    const stored = await Promise.all(group.map((g) => options.store.hasHash(g.hash)));
    const sent = await Promise.all(
      group.map((g, i) => (stored[i] ? undefined : options.boss.send(ANALYSE_QUEUE, analyseJobOf(g.input.article, g.input.language ?? options.language), sendOptions(ANALYSE_QUEUE, g.hash)))),
    );
    return { stored, sent };
  };
  const flush = async () => {
    // A group sent again after an outage counts what it had sent before as already queued: the jobs are one either way.
    const { stored, sent } = await whenReachable(sendGroup, { what: 'enqueueing articles', log: options.log, mustQuit: options.mustQuit });
    group.forEach((_, i) => {
      if (stored[i]) counts.alreadyStored++;
      else if (sent[i]) counts.enqueued++;
      else counts.alreadyQueued++;
    });
    group = [];
    emit({ kind: 'step', counts });
  };
  let interrupted = false;
  for await (const input of inputs) {
    if (!input.ok) {
      countOf(counts.skipped, input.problem.reason);
      emit({ kind: 'problem', problem: input.problem });
    } else {
      counts.read++;
      for (const w of input.warnings ?? []) {
        countOf(counts.warnings, w.reason);
        emit({ kind: 'warning', item: input.item ?? itemName(input.article), warning: w });
      }
      group.push({ input, hash: input.article.hash });
      if (group.length >= GROUP) await flush();
    }
    if (options.shouldStop?.()) {
      interrupted = true;
      break;
    }
  }
  await flush();
  return { ...counts, interrupted };
}

/** Enqueues a refresh job per stored article (`ids` with their hashes); returns how many were new. */
export async function enqueueRefresh(boss: PgBoss, articles: readonly { id: string; hash: string }[], force: boolean): Promise<{ enqueued: number; alreadyQueued: number }> {
  let enqueued = 0;
  for (let i = 0; i < articles.length; i += GROUP) {
    const sent = await Promise.all(
      articles.slice(i, i + GROUP).map((a) => {
        const job: RefreshJob = { id: a.id, hash: a.hash, ...(force ? { force } : {}) };
        return boss.send(REFRESH_QUEUE, job, sendOptions(REFRESH_QUEUE, a.hash));
      }),
    );
    enqueued += sent.filter(Boolean).length;
  }
  return { enqueued, alreadyQueued: articles.length - enqueued };
}
