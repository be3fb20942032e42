/**
 * `narrascope worker`: analyses the jobs `ingest --queue` and `reanalyze --queue` put in a PostgreSQL
 * database's queue, on any machine that reaches it (src/queue/worker-command.ts, loaded only when the
 * command runs, like the PostgreSQL engine).
 */
import type { Command } from 'commander';
import type { WorkerCliOptions } from '../queue/worker-command.js';
import { positiveInt, priorsOption } from './shared.js';
import { dbOption } from './store-options.js';

export function registerWorker(program: Command): void {
  const command = dbOption(
    program
      .command('worker')
      .description('analyse the queued jobs of a PostgreSQL database (ingest --queue, reanalyze --queue) and store the results; runs until interrupted'),
  )
    .option('--concurrency <n>', 'analysis threads (about one per core), each analysing a batch while this process fetches and stores', positiveInt('--concurrency'), 1)
    .option('--batch <n>', 'jobs taken, analysed (adapted to their label priors) and committed together, as ingest --batch', positiveInt('--batch'), 200)
    .option('--until-empty', 'stop once no job is queued or being worked on (draining a backlog, scripts)');
  priorsOption(command).action(async (options: WorkerCliOptions) => {
    const { runWorkerCommand } = await import('../queue/worker-command.js');
    process.exitCode = await runWorkerCommand(options);
  });
}
