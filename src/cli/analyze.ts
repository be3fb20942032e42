/** `narrascope analyze <file|folder|->`: a report per article, or the Analysis JSON. */
import type { Command } from 'commander';
import { readSources } from '../ingest/index.js';
import { analyzeArticle } from '../pipeline.js';
import { renderReport } from './report.js';
import { BatchSummary, positiveInt, useColor } from './shared.js';

interface AnalyzeOptions {
  json?: boolean;
  pretty?: boolean;
  lang?: string;
  maxBytes?: number;
  strict?: boolean;
  color?: boolean;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('analyse articles and print a report (or --json) for each, without storing them')
    .argument('<inputs...>', 'files, folders, feed files, or - for standard input')
    .option('--json', 'print the Analysis JSON, one object per line')
    .option('--pretty', 'with --json, indent the JSON')
    .option('--lang <code>', 'language of the articles (identified per article when not given)')
    .option('--max-bytes <n>', 'largest file accepted (default 5 MB, or NARRASCOPE_MAX_BYTES)', positiveInt('--max-bytes'))
    .option('--strict', 'exit non-zero when any input is skipped')
    .option('--no-color', 'plain output')
    .action(async (inputs: string[], options: AnalyzeOptions) => {
      process.exitCode = await runAnalyze(inputs, options);
    });
}

export async function runAnalyze(inputs: string[], options: AnalyzeOptions): Promise<number> {
  const summary = new BatchSummary();
  const color = useColor(process.stdout, options.color);
  let first = true;
  for await (const item of readSources(inputs, { maxBytes: options.maxBytes })) {
    if (!item.ok) {
      summary.skip(item.problem);
      continue;
    }
    for (const w of item.warnings ?? []) summary.warn(w);
    const analysis = analyzeArticle(item.article, { language: options.lang });
    summary.processed++;
    if (options.json) process.stdout.write(`${JSON.stringify(analysis, null, options.pretty ? 2 : undefined)}\n`);
    else {
      process.stdout.write(`${first ? '' : '\n'}${renderReport(analysis, item.article.raw, { color })}\n`);
      first = false;
    }
  }
  process.stderr.write(`${summary.describe('analysed')}\n`);
  return summary.exitCode(options.strict);
}
