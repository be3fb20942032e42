/** `narrascope list`: the stored articles, as a table or one JSON object per line. */
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import type { ArticleSummary } from '../store/types.js';
import { clip, safeText } from './report.js';
import { positiveInt } from './shared.js';
import { dbOption, nonNegativeInt } from './store-options.js';

interface ListCommandOptions {
  db?: string;
  limit: number;
  offset: number;
  language?: string;
  source?: string;
  json?: boolean;
}

export function registerList(program: Command): void {
  dbOption(program.command('list').description('list stored articles in ingest order'))
    .option('--limit <n>', 'how many', positiveInt('--limit'), 20)
    .option('--offset <n>', 'how many to skip', nonNegativeInt('--offset'), 0)
    .option('--language <code>', 'only articles in this language')
    .option('--source <name>', 'only articles from this source')
    .option('--json', 'one JSON object per line')
    .action(async (options: ListCommandOptions) => {
      const store = await openStore({ db: options.db, mustExist: true });
      try {
        const rows = await store.list(options);
        if (options.json) {
          for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        process.stdout.write(renderTable(rows));
        const total = await store.count();
        const last = options.offset + rows.length;
        process.stderr.write(
          rows.length === 0
            ? `no articles at offset ${options.offset} (${total} stored)\n`
            : `${options.offset + 1}–${last} of ${total}${last < total && !options.language && !options.source ? ` (--offset ${last} for more)` : ''}\n`,
        );
      } finally {
        await store.close();
      }
    });
}

export { registerList as register };

/** A plain-text table: id, language, title, source, date. Article fields are untrusted and sanitised. */
export function renderTable(rows: readonly ArticleSummary[], titleWidth = 60): string {
  const cells = rows.map((r) => [
    safeText(r.id),
    safeText(r.language),
    clip(r.title || '(untitled)', titleWidth),
    safeText(r.source ?? '-'),
    safeText(r.publishedAt?.slice(0, 10) ?? '-'),
  ]);
  return formatTable(['ID', 'LANG', 'TITLE', 'SOURCE', 'DATE'], cells);
}

/** Aligned columns under a header (cells already sanitised); '' when there are no rows. */
export function formatTable(header: readonly string[], cells: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  return cells.length ? `${[header, ...cells].map(line).join('\n')}\n` : '';
}
