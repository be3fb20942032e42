/**
 * `narrascope migrate --from <file or URL> --to <file or URL>`: copies a corpus between storage engines
 * (SQLite ↔ PostgreSQL, or file to file) through the storage contract alone, in ingest order and in
 * batches: each article with its id, ingest time and analysis (the label rows follow from the
 * analysis). Idempotent: an article the target holds (by content hash) is not read again, so a rerun
 * copies only what is missing. Ends by comparing the counts of both sides (articles, labels per task)
 * and fails naming each difference. The language-model cache is not copied: the contract can look an
 * answer up but not list them, and a missing answer is only asked again.
 */
import type { Command } from 'commander';
import type { StorageEngine } from '../store/engine.js';
import { copyAnnotations, type AnnotationCopyResult } from '../store/annotations-copy.js';
import { openStore, redactDb, resolveDbPath } from '../store/open.js';
import type { ArticleSummary, StoredArticle, StoreItem } from '../store/types.js';
import { Progress } from './progress.js';
import { articleOf } from './reanalyze.js';
import { positiveInt } from './shared.js';

/** Articles read, checked and written per step: one target transaction each. */
export const DEFAULT_MIGRATE_BATCH = 200;

export interface MigrateCliOptions {
  from: string;
  to: string;
  batch?: number;
  json?: boolean;
  progress?: boolean;
}

/** An article that could not be copied, and why. */
export interface MigrateProblem {
  id: string;
  message: string;
}

export interface CopyResult {
  /** Articles written to the target by this run. */
  copied: number;
  /** Articles the target held already (an earlier run, or the same text under another id). */
  alreadyPresent: number;
  /** Copied articles stored under a new id, their own being taken in the target by another text. */
  renamed: number;
  failed: MigrateProblem[];
}

export interface MigrateSummary extends CopyResult {
  from: string;
  to: string;
  /** Analysts' decisions and named tokens copied (src/store/annotations-copy.ts); a rerun imports none twice. */
  annotations: AnnotationCopyResult;
  /** Where the counts of the two sides differ, one line each; empty when they agree. */
  differences: string[];
  seconds: number;
}

export interface CopyOptions {
  batch?: number;
  /** After each batch: articles of the source seen so far. */
  onProgress?: (seen: number, result: Readonly<CopyResult>) => void;
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('copy a corpus to another database (SQLite file or postgres:// URL) and check the counts; a rerun copies only what is missing')
    .requiredOption('--from <file or URL>', 'the corpus to copy')
    .requiredOption('--to <file or URL>', 'where to copy it (created when missing)')
    .option('--batch <n>', 'articles per transaction in the target', positiveInt('--batch'), DEFAULT_MIGRATE_BATCH)
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress display')
    .action(async (options: MigrateCliOptions) => {
      process.exitCode = await runMigrate(options);
    });
}

export { registerMigrate as register };

/** Runs a migration and returns the exit status: 0 when every article was copied and the counts agree, else 1. */
export async function runMigrate(options: MigrateCliOptions): Promise<number> {
  const started = performance.now();
  if (resolveDbPath({ db: options.from }) === resolveDbPath({ db: options.to })) {
    throw new Error(`--from and --to name the same database (${redactDb(resolveDbPath({ db: options.to }))})`);
  }
  const source = await openStore({ db: options.from, mustExist: true });
  let target: StorageEngine | undefined;
  try {
    target = await openStore({ db: options.to });
    const progress = new Progress(process.stderr, { label: 'migrate', total: options.progress === false ? undefined : await source.count() });
    let result: CopyResult;
    try {
      result = await copyCorpus(source, target, {
        batch: options.batch ?? DEFAULT_MIGRATE_BATCH,
        onProgress: (seen, r) => options.progress !== false && progress.update(seen, `${r.copied} copied · ${r.alreadyPresent} already there`),
      });
    } finally {
      progress.finish();
    }
    for (const p of result.failed) process.stderr.write(`skipped ${p.id}: ${p.message}\n`);
    const annotations = await copyAnnotations(source, target);
    const summary: MigrateSummary = {
      from: source.location,
      to: target.location,
      ...result,
      annotations,
      differences: await compareCounts(source, target),
      seconds: (performance.now() - started) / 1000,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stderr.write(`${formatMigrateSummary(summary)}\n`);
    return summary.differences.length === 0 && summary.failed.length === 0 ? 0 : 1;
  } finally {
    await target?.close();
    await source.close();
  }
}

/** Copies every article of `source` the target lacks, batch by batch in ingest order; see the file comment. */
export async function copyCorpus(source: StorageEngine, target: StorageEngine, options: CopyOptions = {}): Promise<CopyResult> {
  const batch = options.batch ?? DEFAULT_MIGRATE_BATCH;
  const result: CopyResult = { copied: 0, alreadyPresent: 0, renamed: 0, failed: [] };
  let seen = 0;
  for (;;) {
    // Ingest order by offset: a corpus written to during the copy may shift under it, which a rerun mends.
    const page = await source.list({ limit: batch, offset: seen });
    if (page.length === 0) break;
    seen += page.length;
    const missing: ArticleSummary[] = [];
    for (const summary of page) {
      if (await target.hasHash(summary.hash)) result.alreadyPresent++;
      else missing.push(summary);
    }
    const items = await readItems(source, missing, result.failed);
    await writeItems(target, items, result);
    options.onProgress?.(seen, result);
  }
  return result;
}

/** The stored articles of `summaries` as items to store, reporting each one that cannot be read back. */
async function readItems(source: StorageEngine, summaries: readonly ArticleSummary[], failed: MigrateProblem[]): Promise<StoreItem[]> {
  const items: StoreItem[] = [];
  for (const summary of summaries) {
    const stored = await source.get(summary.id);
    if (!stored) {
      failed.push({ id: summary.id, message: 'deleted from the source during the copy' });
      continue;
    }
    try {
      items.push(storeItemOf(stored));
    } catch (err) {
      failed.push({ id: summary.id, message: (err as Error).message });
    }
  }
  return items;
}

/** A stored article as the item that stores it again: the same id, text, fields, ingest time and analysis. */
export function storeItemOf(stored: StoredArticle): StoreItem {
  const article = articleOf(stored);
  // The hash is the article's identity in every engine: a text that no longer hashes to it was changed in the store.
  if (article.hash !== stored.hash) throw new Error(`its text does not match its stored hash ${stored.hash.slice(0, 12)}… (changed in the source database?)`);
  return { article, analysis: stored.analysis, ingestedAt: stored.ingestedAt };
}

/**
 * Stores `items` in one transaction; when that fails, one by one, so a bad article is reported by id
 * and the rest of its batch is still copied.
 */
async function writeItems(target: StorageEngine, items: readonly StoreItem[], result: CopyResult): Promise<void> {
  if (items.length === 0) return;
  try {
    count(result, items, await target.putBatch(items));
  } catch (err) {
    if (items.length === 1) {
      result.failed.push({ id: items[0]!.article.id, message: (err as Error).message });
      return;
    }
    for (const item of items) await writeItems(target, [item], result);
  }
}

function count(result: CopyResult, items: readonly StoreItem[], written: { inserted: number; duplicates: number; ids: string[] }): void {
  result.copied += written.inserted;
  result.alreadyPresent += written.duplicates;
  result.renamed += written.ids.filter((id, i) => id !== items[i]!.article.id).length;
}

/** Where the two corpora's counts differ, one line each: articles, then label rows per task. */
export async function compareCounts(source: StorageEngine, target: StorageEngine): Promise<string[]> {
  const [a, b] = await Promise.all([countsOf(source), countsOf(target)]);
  const differences: string[] = [];
  if (a.articles !== b.articles) differences.push(`articles: ${a.articles} in ${source.location}, ${b.articles} in ${target.location}`);
  for (const task of [...new Set([...a.labels.keys(), ...b.labels.keys()])].sort()) {
    const [x, y] = [a.labels.get(task) ?? 0, b.labels.get(task) ?? 0];
    if (x !== y) differences.push(`labels of task ${task}: ${x} in ${source.location}, ${y} in ${target.location}`);
  }
  return differences;
}

async function countsOf(engine: StorageEngine): Promise<{ articles: number; labels: Map<string, number> }> {
  const labels = new Map<string, number>();
  for (const { task, count: n } of await engine.labelCounts()) labels.set(task, (labels.get(task) ?? 0) + n);
  return { articles: await engine.count(), labels };
}

export function formatMigrateSummary(s: MigrateSummary): string {
  return [
    `from             ${s.from}`,
    `to               ${s.to}`,
    `copied           ${s.copied} article(s)${s.renamed ? ` (${s.renamed} under a new id: theirs was taken in the target)` : ''}`,
    `already present  ${s.alreadyPresent}`,
    `decisions        ${s.annotations.imported} copied, ${s.annotations.skipped} already there; ${s.annotations.tokens} token(s) copied`,
    ...(s.failed.length ? [`skipped          ${s.failed.length} (listed above)`] : []),
    s.differences.length ? `counts differ    ${s.differences.join('; ')}` : 'counts agree     articles and labels per task',
    `time             ${s.seconds.toFixed(1)} s`,
  ].join('\n');
}
