/**
 * The one ingest path — `narrascope ingest`, `POST /api/articles` and the demo loader: read items in,
 * articles already stored (or claimed by a concurrent run) skipped before analysis, the rest analysed by
 * the caller's function (sync, or async such as the server's worker pool) — or, with `analyseBatch`,
 * whole batches analysed on worker threads while reading and storing go on — each batch handed to the
 * caller's `adapt` step (label-shift adaptation) and stored in one transaction, in input order.
 * Problems and warnings are reported per item and the run goes on past them.
 */
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';
import type { StorageEngine } from '../store/engine.js';
import type { PutBatchResult, StoreItem } from '../store/types.js';
import type { ReadItem, ReadProblem, ReadWarning } from './types.js';

/** Runs the pipeline on one article; `language` is forced when given. */
export type Analyse = (article: Article, options: { language?: string }) => Analysis | Promise<Analysis>;

/** One article of a batch analysed elsewhere: its Analysis, or why its analysis failed. */
export type BatchOutcome = { analysis: Analysis } | { error: string };

/**
 * Analyses a batch of articles together, e.g. on a worker thread (src/ingest/parallel.ts): per article
 * its outcome, in input order, the batch already adapted to its label priors.
 */
export type AnalyseBatch = (inputs: readonly { article: Article; language?: string }[]) => Promise<BatchOutcome[]>;

/** One input: an article read (with the fields left out of it), or a reader's problem; optionally named and with a language. */
export type IngestInput = ReadItem & {
  /** How messages name the article (default: its file and line, else its id). */
  item?: string;
  /** Language forced for this article. */
  language?: string;
};

/** What the service needs of a storage engine. */
export type IngestStore = Pick<StorageEngine, 'putBatch' | 'hasHash' | 'claim' | 'releaseClaims'>;

export type IngestEvent =
  | { kind: 'problem'; problem: ReadProblem }
  | { kind: 'warning'; item: string; warning: ReadWarning }
  /** The analysis threw: the article is skipped. */
  | { kind: 'analysis-failed'; item: string; message: string }
  /** Not analysed because the run was stopped by `stopOn` (the article that hit it, and every later one). */
  | { kind: 'not-analysed'; item: string; message: string }
  | { kind: 'analysed' }
  | { kind: 'committed'; result: PutBatchResult }
  /** One input handled (for progress displays). */
  | { kind: 'step'; counts: Readonly<IngestCounts> };

export interface IngestCounts {
  /** Articles read (problems not counted). */
  read: number;
  inserted: number;
  /** Stored before, or repeated within this run. */
  alreadyPresent: number;
  /** Claimed by another run at the same time: it stores them, this run did not analyse them. */
  claimedElsewhere: number;
  /** Analyses made (stored, or waiting in the batch). */
  analysed: number;
  /** Analysed and waiting for their batch to commit. */
  pending: number;
  /** Inputs skipped, by reason (the reader's, or `analysis-failed`). */
  skipped: Record<string, number>;
  /** Fields left out of articles read, by reason. */
  warnings: Record<string, number>;
}

export interface IngestOptions {
  store: IngestStore;
  /** Analyses each new article as it is read (this, or `analyseBatch`). */
  analyse?: Analyse;
  /**
   * Analyses the new articles a batch (`batchSize`) at a time with `run`, up to `inFlight` batches at
   * once while the inputs are read on; each batch is adapted, stored and reported as it was sent.
   */
  analyseBatch?: { run: AnalyseBatch; inFlight: number };
  /** Articles per transaction (default 200; Infinity for one transaction). */
  batchSize?: number;
  /**
   * Called with each batch's analyses before they are stored, to change them in place (the CLI's
   * label-shift step, pipeline.ts batchAnalyser): a batch is adapted as a whole and stored as a whole.
   */
  adapt?: (analyses: readonly Analysis[]) => void | Promise<void>;
  /** Claims articles before analysing them as the run `owner`, so concurrent runs analyse each once. */
  claims?: { owner: string; isAbandoned?: (other: string) => boolean };
  /** An analysis error that stops the run (e.g. a full queue); the article and all later ones are reported as not analysed. */
  stopOn?: (err: unknown) => boolean;
  /** Checked after each input: true stops reading and commits what is analysed (an interrupt). */
  shouldStop?: () => boolean;
  onEvent?: (event: IngestEvent) => void;
}

export interface IngestResult extends IngestCounts {
  /** The error `stopOn` stopped the run with, if any. */
  stoppedBy?: unknown;
  /** True when `shouldStop` ended the run before the inputs did. */
  interrupted: boolean;
}

/** How messages name an article: its file and line, else its id. */
export function itemName(article: Article): string {
  return `${article.origin.path ?? article.id}${article.origin.line !== undefined ? `:${article.origin.line}` : ''}`;
}

const countOf = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** A new article (claimed by this run) on its way to analysis. */
interface Waiting {
  article: Article;
  item: string;
  language?: string;
}

/** Reads `inputs` through to the end (or a stop) and stores the new articles; see the file comment. */
export async function ingest(inputs: Iterable<IngestInput> | AsyncIterable<IngestInput>, options: IngestOptions): Promise<IngestResult> {
  const { store, claims } = options;
  if (!options.analyse === !options.analyseBatch) throw new Error('ingest: give one of analyse and analyseBatch');
  const batchSize = options.batchSize ?? 200;
  const emit = options.onEvent ?? (() => {});
  const counts: IngestCounts = { read: 0, inserted: 0, alreadyPresent: 0, claimedElsewhere: 0, analysed: 0, pending: 0, skipped: {}, warnings: {} };
  const result: IngestResult = { ...counts, interrupted: false };
  let pending: StoreItem[] = [];
  // Hashes taken by this run and not yet committed (waiting for analysis, or analysed): the store does not know them.
  const pendingHashes = new Set<string>();
  const flush = async () => {
    if (pending.length === 0) return;
    await options.adapt?.(pending.map((p) => p.analysis));
    const r = await store.putBatch(pending);
    counts.inserted += r.inserted;
    counts.alreadyPresent += r.duplicates;
    for (const p of pending) pendingHashes.delete(p.article.hash);
    pending = [];
    counts.pending = 0;
    emit({ kind: 'committed', result: r });
  };
  const stateOf = async (hash: string) => {
    if (pendingHashes.has(hash) || (await store.hasHash(hash))) return 'stored';
    // Read first (cheap); only an article not yet stored takes a claim (a write).
    return claims ? store.claim(hash, claims.owner, claims.isAbandoned) : 'claimed';
  };
  const analysed = (w: Waiting, analysis: Analysis) => {
    pending.push({ article: w.article, analysis });
    counts.pending = pending.length;
    counts.analysed++;
    emit({ kind: 'analysed' });
  };
  const failed = (w: Waiting, message: string) => {
    pendingHashes.delete(w.article.hash);
    countOf(counts.skipped, 'analysis-failed');
    emit({ kind: 'analysis-failed', item: w.item, message });
  };
  const stopped = (w: Waiting, err: unknown) => {
    pendingHashes.delete(w.article.hash);
    result.stoppedBy ??= err;
    emit({ kind: 'not-analysed', item: w.item, message: messageOf(err) });
  };
  const batches = options.analyseBatch && inBatches(options.analyseBatch, batchSize, { analysed, failed, stopped, stopOn: options.stopOn, flush, step: () => emit({ kind: 'step', counts }) });

  /** Analyses one article here and now; true when its error stopped the run. */
  const analyseNow = async (w: Waiting): Promise<boolean> => {
    try {
      analysed(w, await options.analyse!(w.article, w.language ? { language: w.language } : {}));
    } catch (err) {
      if (options.stopOn?.(err)) {
        stopped(w, err);
        return true;
      }
      failed(w, messageOf(err));
    }
    if (pending.length >= batchSize) await flush();
    return false;
  };

  try {
    for await (const read of inputs) {
      const input = refuseNul(read);
      if (result.stoppedBy !== undefined) {
        if (input.ok) emit({ kind: 'not-analysed', item: input.item ?? itemName(input.article), message: messageOf(result.stoppedBy) });
        continue;
      }
      if (!input.ok) {
        countOf(counts.skipped, input.problem.reason);
        emit({ kind: 'problem', problem: input.problem });
      } else {
        const { article } = input;
        const item = input.item ?? itemName(article);
        counts.read++;
        for (const w of input.warnings ?? []) {
          countOf(counts.warnings, w.reason);
          emit({ kind: 'warning', item, warning: w });
        }
        const state = await stateOf(article.hash);
        if (state === 'stored') counts.alreadyPresent++;
        else if (state === 'claimed-elsewhere') counts.claimedElsewhere++;
        else {
          pendingHashes.add(article.hash);
          const waiting: Waiting = { article, item, ...(input.language ? { language: input.language } : {}) };
          if (batches) await batches.add(waiting);
          else if (await analyseNow(waiting)) continue;
        }
      }
      emit({ kind: 'step', counts });
      if (options.shouldStop?.()) {
        result.interrupted = true;
        break;
      }
    }
    await batches?.finish();
    await flush();
  } finally {
    batches?.abandon();
    if (claims) await store.releaseClaims(claims.owner);
  }
  return Object.assign(result, counts);
}

/** What the batch mode hands each article's outcome to (the service's own bookkeeping). */
interface BatchSink {
  analysed(w: Waiting, analysis: Analysis): void;
  failed(w: Waiting, message: string): void;
  stopped(w: Waiting, err: unknown): void;
  stopOn?: (err: unknown) => boolean;
  /** Adapts and stores what is analysed. */
  flush(): Promise<void>;
  step(): void;
}

/**
 * `analyseBatch`: new articles are gathered into batches of `batchSize`, each sent as soon as it is
 * full, with at most `inFlight` sent and not yet stored; the oldest is stored first, so batches are
 * stored in input order whichever thread finishes first.
 */
function inBatches(mode: { run: AnalyseBatch; inFlight: number }, batchSize: number, sink: BatchSink) {
  const inFlight = Math.max(1, mode.inFlight);
  let gathering: Waiting[] = [];
  const sent: { batch: Waiting[]; outcomes: Promise<BatchOutcome[]> }[] = [];
  const send = () => {
    if (gathering.length === 0) return;
    const batch = gathering;
    gathering = [];
    const outcomes = mode.run(batch.map(({ article, language }) => (language ? { article, language } : { article })));
    // Awaited in storeOldest; a run that fails before then (a store error) must not leave it unhandled.
    outcomes.catch(() => {});
    sent.push({ batch, outcomes });
  };
  const storeOldest = async () => {
    const { batch, outcomes } = sent.shift()!;
    let results: BatchOutcome[];
    try {
      results = await outcomes;
    } catch (err) {
      if (sink.stopOn?.(err)) return batch.forEach((w) => sink.stopped(w, err));
      results = batch.map(() => ({ error: messageOf(err) }));
    }
    batch.forEach((w, i) => {
      const outcome = results[i];
      if (outcome && 'analysis' in outcome) sink.analysed(w, outcome.analysis);
      else sink.failed(w, outcome?.error ?? 'no analysis came back for it');
    });
    await sink.flush();
    sink.step();
  };
  return {
    async add(w: Waiting): Promise<void> {
      gathering.push(w);
      if (gathering.length < batchSize) return;
      send();
      while (sent.length >= inFlight) await storeOldest();
    },
    /** Sends the last, partial batch and stores every batch sent. */
    async finish(): Promise<void> {
      send();
      while (sent.length > 0) await storeOldest();
    },
    /** After a failure: what is still being analysed is not stored (its articles' claims are released with the run's). */
    abandon(): void {
      sent.length = 0;
      gathering = [];
    },
  };
}

/**
 * An article holding a NUL character (U+0000, e.g. a \u0000 escape in a JSON record) as a problem:
 * no article text has one, and PostgreSQL cannot store it, so the item is skipped on every engine alike
 * instead of failing its batch on one of them.
 */
function refuseNul(input: IngestInput): IngestInput {
  if (!input.ok) return input;
  const { article } = input;
  const field = article.raw.includes('\0') ? 'text' : [article.url, article.source, article.id].some((v) => v?.includes('\0')) ? 'a metadata field' : undefined;
  if (!field) return input;
  const { path, line } = article.origin;
  return {
    ok: false,
    problem: { path: path ?? article.id, ...(line !== undefined ? { line } : {}), reason: 'binary', message: `the ${field} holds a NUL character (U+0000), which no article has; skipped` },
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
