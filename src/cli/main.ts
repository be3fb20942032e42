#!/usr/bin/env node
/**
 * The `narrascope` command. Each command lives in its own module exporting `register`; each task adds
 * its subcommands under the shared `train`, `predict` and `eval` parents (tasks.ts). Help lists the
 * everyday commands first.
 */
import { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerDelete } from './delete.js';
import { registerExport } from './export.js';
import { registerIngest } from './ingest.js';
import { registerJobs } from './jobs.js';
import { registerList } from './list.js';
import { registerMigrate } from './migrate.js';
import { registerModels } from './models.js';
import { registerProvenance } from './provenance.js';
import { registerReanalyze } from './reanalyze.js';
import { registerSearch } from './search.js';
import { registerServe } from './serve.js';
import { registerShow } from './show.js';
import { registerTaskCommands } from './tasks.js';
import { registerTokens } from './tokens.js';
import { registerWorker } from './worker.js';

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
registerProvenance(program);
registerServe(program);
registerTokens(program);
registerExport(program);
registerReanalyze(program);
registerDelete(program);
registerWorker(program);
registerJobs(program);
registerMigrate(program);
registerModels(program);

program.commandsGroup('Models (SemEval tasks):');
await registerTaskCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`narrascope: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
