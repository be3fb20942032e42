/** `narrascope export`: stored articles with their analyses as JSONL, CSV or a SemEval file, to stdout or `--out`. */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { APPROVED_FORMATS, approvedChunks, isApprovedFormat, type ApprovedFormat } from '../export/approved.js';
import { EXPORT_FORMATS, exportChunks, type ExportFormat } from '../export/formats.js';
import { openStore } from '../store/open.js';
import { FilterError, type CorpusFilter, type ExportRecord } from '../store/queries.js';
import { TASKS } from '../tasks/registry.js';
import { filterFacets } from '../tasks/task.js';
import { positiveInt } from './shared.js';
import { dbOption } from './store-options.js';

interface ExportOptions {
  db?: string;
  format: ExportFormat;
  out?: string;
  limit?: number;
  query?: string;
  approved?: boolean;
  /** The filter options, by CorpusFilter field (commander names an option's value by its camel-cased flag). */
  [filter: string]: string | number | boolean | undefined;
}

/** `subNarrative` → `--sub-narrative`. */
const flagOf = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Filter options and the CorpusFilter field each sets: the fixed fields and the task facets (GET /api/export takes the same fields). */
const FILTER_OPTIONS: readonly [flags: string, field: string, help: string][] = [
  ['--query <text>', 'q', 'full-text search over title and clean text (as `search`)'],
  ['--language <code>', 'language', 'only articles in this language'],
  ['--source <name>', 'source', 'only articles from this source'],
  ...filterFacets(TASKS).map((f): [string, string, string] => [`${flagOf(f.filter)} <label>`, f.filter, f.description ?? `only articles with this ${f.name}`]),
  ['--from <YYYY-MM-DD>', 'from', 'first day included (publication date, else ingest date)'],
  ['--to <YYYY-MM-DD>', 'to', 'last day included'],
];

/** The option a filter field came from, for error messages. */
const optionOf = (field: string): string => FILTER_OPTIONS.find(([, f]) => f === field)?.[0].split(' ')[0] ?? field;

export function registerExport(program: Command): void {
  const command = dbOption(program.command('export').description('write stored articles and their analyses as JSONL, CSV or a SemEval submission file'))
    .addOption(new Option('--format <name>', 'output format').choices(EXPORT_FORMATS).default('jsonl'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--limit <n>', 'at most this many articles', positiveInt('--limit'))
    .option('--approved', `the analysts' labels: articles with a decision, their labels with the decisions applied (${APPROVED_FORMATS.join(', ')}; docs/corrections.md)`);
  for (const [flags, , help] of FILTER_OPTIONS) command.option(flags, help);
  command.action(async (options: ExportOptions) => {
    await runExport(options);
  });
}

export { registerExport as register };

function filterFrom(options: ExportOptions): CorpusFilter {
  const filter: CorpusFilter = {};
  for (const [, field] of FILTER_OPTIONS) {
    const value = field === 'q' ? options.query : options[field];
    if (value !== undefined) filter[field] = String(value);
  }
  return filter;
}

async function* counting(records: AsyncIterable<ExportRecord>, count: { n: number }): AsyncGenerator<ExportRecord> {
  for await (const r of records) {
    count.n++;
    yield r;
  }
}

/** The format of an approved export; CSV has none. */
function approvedFormat(format: ExportFormat): ApprovedFormat {
  if (!isApprovedFormat(format)) throw new Error(`--approved: --format ${format} has no approved export (one of: ${APPROVED_FORMATS.join(', ')})`);
  return format;
}

/** Streams the export (backpressure respected, so a whole corpus never sits in memory); the count goes to stderr. */
export async function runExport(options: ExportOptions): Promise<void> {
  const store = await openStore({ db: options.db, mustExist: true, statsCacheSize: 0 });
  try {
    const count = { n: 0 };
    let chunks: AsyncGenerator<string>;
    try {
      chunks = options.approved ? await approvedChunks(approvedFormat(options.format), store, filterFrom(options), options.limit, count) : await exportChunks(options.format, counting(store.exportRecords(filterFrom(options), options.limit), count));
    } catch (err) {
      if (err instanceof FilterError) throw new Error(`${optionOf(err.field)}: ${err.message}`);
      throw err;
    }
    // The filter was checked above, so a file is created only for an export that can run.
    const out = options.out ? createWriteStream(options.out) : process.stdout;
    try {
      await pipeline(Readable.from(chunks), out, { end: out !== process.stdout });
    } catch (err) {
      // A reader that stops early (`| head`) is not an error.
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
    }
    process.stderr.write(`${count.n} article(s) exported${options.out ? ` to ${options.out}` : ''}\n`);
  } finally {
    await store.close();
  }
}
