/**
 * The corpus's own frequent entity names as known names for the provenance task's near-miss check
 * (issue 14: "the curated entity list and the corpus's own frequent names"), read from the store and
 * read again every REFRESH_EVERY articles per language, so a long ingest learns the names it stores.
 */
import type { StorageEngine } from '../store/engine.js';
import { tasksWithNames } from '../tasks/registry.js';
import type { AnyTask } from '../tasks/task.js';

/** A name must be stored in this many articles to count as known (one article's typo is not a name). */
export const MIN_ARTICLES = 3;
const LIMIT = 300;
const REFRESH_EVERY = 500;

/** language → the corpus's frequent names, cached; the same array until it is read again (the task rebuilds its index on a new one). */
export function corpusNames(store: Pick<StorageEngine, 'frequentNames'>, refreshEvery = REFRESH_EVERY): (language: string) => readonly string[] {
  const cache = new Map<string, { names: readonly string[]; calls: number }>();
  return (language) => {
    let entry = cache.get(language);
    if (!entry || ++entry.calls > refreshEvery) {
      const names = store
        .frequentNames(language, LIMIT)
        .filter((n) => n.count >= MIN_ARTICLES)
        .map((n) => n.name);
      entry = { names, calls: 0 };
      cache.set(language, entry);
    }
    return entry.names;
  };
}

/** The default tasks, their provenance task reading the store's names (custom task lists are left as given). */
export function tasksForStore(store: Pick<StorageEngine, 'frequentNames'>, annotators: readonly AnyTask[] | undefined): readonly AnyTask[] | undefined {
  return annotators ?? tasksWithNames(corpusNames(store));
}
