/** `narrascope search "<query>"`: full-text search over stored titles and clean text, with snippets. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { openStore } from '../store/open.js';
import type { SearchHit } from '../store/types.js';
import { safeText } from './report.js';
import { positiveInt, useColor } from './shared.js';
import { dbOption, nonNegativeInt } from './store-options.js';

interface SearchCommandOptions {
  db?: string;
  limit: number;
  offset: number;
  json?: boolean;
  color?: boolean;
}

// Private-use characters mark matches inside the snippet; they survive safeText and are swapped for
// colours (or brackets) only after the untrusted text has been sanitised.
const OPEN = '\uE000';
const CLOSE = '\uE001';

export function registerSearch(program: Command): void {
  dbOption(
    program
      .command('search')
      .description('full-text search (SQLite FTS5 syntax: words, "phrases", OR, NOT, prefix*)')
      .argument('<query>', 'what to look for'),
  )
    .option('--limit <n>', 'how many results', positiveInt('--limit'), 10)
    .option('--offset <n>', 'how many results to skip', nonNegativeInt('--offset'), 0)
    .option('--json', 'one JSON object per line, plain snippets')
    .option('--no-color', 'plain output')
    .action(async (query: string, options: SearchCommandOptions) => {
      const store = await openStore({ db: options.db, mustExist: true });
      try {
        const { hits, quoted, query: ran } = await store.search(query, {
          limit: options.limit,
          offset: options.offset,
          ...(options.json ? {} : { highlight: { open: OPEN, close: CLOSE } }),
        });
        if (quoted) process.stderr.write(`note: not valid search syntax; searched for the words ${ran}\n`);
        if (options.json) {
          for (const h of hits) process.stdout.write(`${JSON.stringify(h)}\n`);
          return;
        }
        const color = useColor(process.stdout, options.color);
        process.stdout.write(hits.map((h) => renderHit(h, color)).join('\n'));
        process.stderr.write(hits.length ? '' : 'no matches\n');
      } finally {
        await store.close();
      }
    });
}

export { registerSearch as register };

/** Two lines per hit: id and title, then the snippet with matches highlighted. */
export function renderHit(hit: SearchHit, color: boolean): string {
  const c = pc.createColors(color);
  const snippet = safeText(hit.snippet)
    .replaceAll(OPEN, color ? '\x1b[1m\x1b[33m' : '[')
    .replaceAll(CLOSE, color ? '\x1b[39m\x1b[22m' : ']');
  const meta = [hit.language, hit.source, hit.publishedAt?.slice(0, 10)].filter(Boolean).map((s) => safeText(s!)).join(' · ');
  return `${c.bold(safeText(hit.id))}  ${safeText(hit.title)}${meta ? c.dim(`  (${meta})`) : ''}\n  ${snippet}\n`;
}
