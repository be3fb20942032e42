/** `narrascope show <id>`: the stored analysis of one article, as the terminal report or JSON. */
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { MIN_HASH_PREFIX } from '../store/types.js';
import { renderReport } from './report.js';
import { useColor } from './shared.js';
import { dbOption } from './store-options.js';

interface ShowOptions {
  db?: string;
  json?: boolean;
  pretty?: boolean;
  color?: boolean;
}

export function registerShow(program: Command): void {
  dbOption(
    program
      .command('show')
      .description('show the stored analysis of an article')
      .argument('<id>', `article id, hash, or a unique hash prefix (${MIN_HASH_PREFIX}+ characters)`),
  )
    .option('--json', 'print the Analysis JSON')
    .option('--pretty', 'with --json, indent the JSON')
    .option('--no-color', 'plain output')
    .action(async (id: string, options: ShowOptions) => {
      const store = await openStore({ db: options.db, mustExist: true });
      try {
        const found = await store.get(id);
        if (!found) throw new Error(notFoundMessage(id));
        if (options.json) process.stdout.write(`${JSON.stringify(found.analysis, null, options.pretty ? 2 : undefined)}\n`);
        else {
          const provenance = await store.provenanceOf(found.id);
          process.stdout.write(`${renderReport(found.analysis, found.raw, { color: useColor(process.stdout, options.color), provenance })}\n`);
        }
      } finally {
        await store.close();
      }
    });
}

export { registerShow as register };

/** Why `show` found nothing: a hash prefix too short to look up says how long it must be. */
export function notFoundMessage(id: string): string {
  if (/^[0-9a-f]+$/i.test(id) && id.length < MIN_HASH_PREFIX) {
    return `no stored article with id "${id}"; a hash prefix must be at least ${MIN_HASH_PREFIX} characters long (got ${id.length}; see "narrascope list" for ids)`;
  }
  return `no stored article with id or hash "${id}" (a hash prefix must match exactly one article; see "narrascope list")`;
}
