#!/usr/bin/env node
/**
 * The `narrascope` command. Each command lives in its own module exporting `register`; task commands
 * hang under the shared `train`, `predict` and `eval` parents. Help lists the everyday commands first.
 */
import { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerExport } from './export.js';
import { registerIngest } from './ingest.js';
import { registerList } from './list.js';
import { registerReanalyze } from './reanalyze.js';
import { registerSearch } from './search.js';
import { registerServe } from './serve.js';
import { registerShow } from './show.js';
import type { TaskCommands } from './shared.js';
import { register as registerEntities } from './entities.js';
import { register as registerSemeval2023 } from './semeval2023.js';
import { register as registerNarratives } from './narratives.js';

const program = new Command();
program
  .name('narrascope')
  .description('Reads news articles and shows what story each one pushes and how.')
  .version('0.1.0')
  .showHelpAfterError();

// Commander lists commands in the order they are created, under the group current at that time.
program.commandsGroup('Commands:');
registerAnalyze(program);
registerIngest(program);
registerList(program);
registerSearch(program);
registerShow(program);
registerServe(program);
registerExport(program);
registerReanalyze(program);

program.commandsGroup('Models (SemEval tasks):');
const tasks: TaskCommands = {
  train: program.command('train').description('train a model from annotated data'),
  predict: program.command('predict').description('predict labels and write the official submission format'),
  evaluate: program.command('eval').description('score predictions with the official metric, or cross-validate'),
};
registerEntities(tasks);
registerSemeval2023(tasks);
registerNarratives(tasks);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`narrascope: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
