/**
 * `narrascope analyze <file|folder|->`: a report per article, or the Analysis JSON. When a task adapts
 * to the batch's label priors, articles are printed a chunk (BATCH_CHUNK) at a time, once adapted.
 */
import type { Command } from 'commander';
import { readSources } from '../ingest/index.js';
import { batchAnalyser } from '../pipeline.js';
import type { Analysis } from '../schema.js';
import { BATCH_CHUNK, type PriorsMode } from '../tasks/shift.js';
import type { AnyTask } from '../tasks/task.js';
import { renderReport } from './report.js';
import { Progress } from './progress.js';
import { BatchSummary, positiveInt, priorsOption, reportAdapted, useColor } from './shared.js';
import { closeTier, mayUseModelTier, openTier, tierOptions, type TierCliOptions } from './llm-options.js';
import { memoryCache } from '../llm/cache.js';
import type { Article } from '../doc/article.js';

/** Articles handed to the model tier at once (it works on a few at a time). */
const TIER_CHUNK = 8;

interface AnalyzeOptions extends TierCliOptions {
  json?: boolean;
  pretty?: boolean;
  lang?: string;
  maxBytes?: number;
  strict?: boolean;
  color?: boolean;
  priors?: PriorsMode;
  /** The tasks to run (default: the registry's); not a command-line option. */
  annotators?: readonly AnyTask[];
}

export function registerAnalyze(program: Command): void {
  const command = program
    .command('analyze')
    .description('analyse articles and print a report (or --json) for each, without storing them')
    .argument('<inputs...>', 'files, folders, feed files, or - for standard input')
    .option('--json', 'print the Analysis JSON, one object per line')
    .option('--pretty', 'with --json, indent the JSON')
    .option('--lang <code>', 'language of the articles (identified per article when not given)')
    .option('--max-bytes <n>', 'largest file accepted (default 5 MB, or NARRASCOPE_MAX_BYTES)', positiveInt('--max-bytes'))
    .option('--strict', 'exit non-zero when any input is skipped')
    .option('--no-color', 'plain output');
  tierOptions(priorsOption(command)).action(async (inputs: string[], options: AnalyzeOptions) => {
    process.exitCode = await runAnalyze(inputs, options);
  });
}

export async function runAnalyze(inputs: string[], options: AnalyzeOptions): Promise<number> {
  const summary = new BatchSummary();
  const color = useColor(process.stdout, options.color);
  const analyser = batchAnalyser({ language: options.lang, priors: options.priors, annotators: options.annotators });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // The model tier's progress (articles labelled, rate, ETA against the inputs' estimated count); the fast tier draws none.
  let progress: Progress | undefined;
  // One run has no store: answers are cached for the run only.
  const tier = mayUseModelTier(options) ? await openTier(options, memoryCache, log, { onArticle: (n) => progress?.update(n) }) : undefined;
  if (tier) progress = new Progress(process.stderr, { label: 'llm', total: (await import('./ingest.js')).estimateItemCount(inputs) });
  // Without adaptation each article is printed as soon as it is analysed.
  const chunkSize = analyser.adapts ? BATCH_CHUNK : tier ? TIER_CHUNK : 1;
  let chunk: { analysis: Analysis; article: Article }[] = [];
  let first = true;
  const print = ({ analysis, article }: { analysis: Analysis; article: Article }) => {
    if (options.json) process.stdout.write(`${JSON.stringify(analysis, null, options.pretty ? 2 : undefined)}\n`);
    else {
      process.stdout.write(`${first ? '' : '\n'}${renderReport(analysis, article.raw, { color, tasks: options.annotators })}\n`);
      first = false;
    }
  };
  const flush = async () => {
    reportAdapted(analyser.adapt(chunk.map((c) => c.analysis)));
    if (tier) await tier.apply(chunk);
    // Reports go to stdout: clear the progress line first, so a terminal shows them whole.
    progress?.finish();
    chunk.forEach(print);
    chunk = [];
  };
  for await (const item of readSources(inputs, { maxBytes: options.maxBytes })) {
    if (!item.ok) {
      summary.skip(item.problem);
      continue;
    }
    for (const w of item.warnings ?? []) summary.warn(w);
    chunk.push({ analysis: analyser.analyse(item.article), article: item.article });
    summary.processed++;
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  await closeTier(tier, log);
  process.stderr.write(`${summary.describe('analysed')}\n`);
  return summary.exitCode(options.strict);
}
