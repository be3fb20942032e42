/** `narrascope jobs`: the job queue of a PostgreSQL database — counts per state per queue, the dead jobs with their errors (--failed), and `jobs retry` to put the dead ones back. */
import type { Command } from 'commander';
import type { JobsOptions } from '../queue/commands.js';
import { positiveInt } from './shared.js';
import { dbOption } from './store-options.js';

export function registerJobs(program: Command): void {
  const jobs = dbOption(program.command('jobs').description('the job queue: jobs per state per queue (waiting, being worked on, done, failed, dead)'))
    .option('--failed', 'also list the dead jobs (failed after their retries) with their errors')
    .option('--limit <n>', 'dead jobs listed per queue (default 100)', positiveInt('--limit'))
    .option('--json', 'print the counts (and dead jobs) as JSON')
    // The queue code (and pg-boss) is loaded only when the command runs.
    .action(async (options: JobsOptions) => (await import('../queue/commands.js')).runJobs(options));
  dbOption(jobs.command('retry').description('put the dead jobs back in their queue for the workers'))
    // The parent's --db is taken when given before "retry" (narrascope jobs --db … retry).
    .action(async (options: { db?: string }) => (await import('../queue/commands.js')).runJobsRetry({ db: options.db ?? (jobs.opts() as JobsOptions).db }));
}
