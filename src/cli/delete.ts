/**
 * `narrascope delete <id…>`: removes stored articles (by id, full hash or hash prefix, as `show`) with
 * their analyses, labels, search entries and cluster memberships, in one transaction; the clusters they
 * were in are recomputed. Names that match nothing are reported and the others are still deleted.
 */
import type { Command } from 'commander';
import type { StorageEngine } from '../store/engine.js';
import { openStore } from '../store/open.js';
import { notFoundMessage } from './show.js';
import { dbOption } from './store-options.js';

interface DeleteCommandOptions {
  db?: string;
  json?: boolean;
}

export interface DeleteOutcome {
  /** Ids of the articles deleted. */
  deleted: string[];
  /** Names given that matched no stored article. */
  missing: string[];
}

/** Resolves each name as `get` does and deletes the articles found. */
export async function deleteArticles(store: StorageEngine, names: readonly string[]): Promise<DeleteOutcome> {
  const ids = new Set<string>();
  const missing: string[] = [];
  for (const name of names) {
    const id = (await store.get(name))?.id;
    if (id === undefined) missing.push(name);
    else ids.add(id);
  }
  await store.delete([...ids]);
  return { deleted: [...ids], missing };
}

export function registerDelete(program: Command): void {
  dbOption(program.command('delete').description('remove stored articles (by id or hash prefix) and update the clusters they were in'))
    .argument('<ids...>', 'article ids, hashes or hash prefixes')
    .option('--json', 'print what was deleted as JSON')
    .action(async (names: string[], options: DeleteCommandOptions) => {
      const store = await openStore({ db: options.db, mustExist: true });
      try {
        const outcome = await deleteArticles(store, names);
        for (const name of outcome.missing) process.stderr.write(`narrascope: ${notFoundMessage(name)}\n`);
        if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
        else process.stderr.write(`deleted ${outcome.deleted.length} article(s); ${await store.count()} left in ${store.location}\n`);
        process.exitCode = outcome.deleted.length === 0 ? 1 : 0;
      } finally {
        await store.close();
      }
    });
}

export { registerDelete as register };
