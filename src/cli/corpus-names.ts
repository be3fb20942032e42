/**
 * The corpus's own frequent entity names as known names for the provenance task's near-miss check
 * (issue 14: "the curated entity list and the corpus's own frequent names"), read from the store and
 * read again every REFRESH_EVERY articles, so a long ingest learns the names it stores. The task asks
 * synchronously during an analysis; the store answers asynchronously, so a language asked for the first
 * time is read before the next article (`beforeArticle`) and answers empty until then.
 */
import type { StorageEngine } from '../store/engine.js';
import { tasksWithNames } from '../tasks/registry.js';
import type { AnyTask } from '../tasks/task.js';

/** A name must be stored in this many articles to count as known (one article's typo is not a name). */
export const MIN_ARTICLES = 3;
const LIMIT = 300;
const REFRESH_EVERY = 500;
const NONE: readonly string[] = Object.freeze([]);

/** The names a CorpusNames last read, as plain data a worker thread can be sent. */
export interface NamesSnapshot {
  version: number;
  byLanguage: Record<string, readonly string[]>;
}

export class CorpusNames {
  private readonly names = new Map<string, readonly string[]>();
  private readonly wanted = new Set<string>();
  private stale = false;
  private sinceRead = 0;
  private version = 0;

  constructor(
    private readonly store: Pick<StorageEngine, 'frequentNames'>,
    private readonly refreshEvery = REFRESH_EVERY,
  ) {}

  /** language → the names last read (the same array until read again: the task rebuilds its index on a new one). */
  readonly lookup = (language: string): readonly string[] => {
    const names = this.names.get(language);
    if (names) return names;
    if (!this.wanted.has(language)) {
      this.wanted.add(language);
      this.stale = true;
    }
    return NONE;
  };

  /**
   * Languages to read before the first article (the provenance task's), so the first article of each
   * language meets the names too, whichever thread analyses it (an analysis thread asks too late).
   */
  want(languages: readonly string[]): void {
    for (const language of languages) this.lookup(language);
  }

  /** Awaited before each analysis (`count` articles: a batch sent to an analysis thread): reads the names again when a new language was asked for, or every `refreshEvery` articles. */
  async beforeArticle(count = 1): Promise<void> {
    if (this.stale || (this.sinceRead += count) >= this.refreshEvery) await this.refresh();
  }

  /**
   * The names last read, by language, for a worker thread's own lookup (src/ingest/parallel-batch.ts);
   * `version` changes each time they are read, so the thread keeps one copy (one task index) per version.
   */
  snapshot(): NamesSnapshot {
    return { version: this.version, byLanguage: Object.fromEntries(this.names) };
  }

  /** Reads the names of every language asked for so far. */
  async refresh(): Promise<void> {
    for (const language of this.wanted) {
      const rows = await this.store.frequentNames(language, LIMIT);
      this.names.set(language, rows.filter((n) => n.count >= MIN_ARTICLES).map((n) => n.name));
    }
    this.stale = false;
    this.sinceRead = 0;
    this.version++;
  }
}

/**
 * The default tasks, their provenance task reading the store's names (custom task lists are left as
 * given, with no names to refresh).
 */
export function tasksForStore(
  store: Pick<StorageEngine, 'frequentNames'>,
  annotators: readonly AnyTask[] | undefined,
): { tasks: readonly AnyTask[] | undefined; names?: CorpusNames } {
  if (annotators) return { tasks: annotators };
  const names = new CorpusNames(store);
  const tasks = tasksWithNames(names.lookup);
  names.want(tasks.find((t) => t.id === 'provenance')?.languages() ?? []);
  return { tasks, names };
}
