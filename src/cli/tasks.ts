/**
 * The `train`, `predict` and `eval` commands, with a `<task>` subcommand for each task of the list that
 * declares commands, added by the task from its own folder (Task.commands) with what it needs from the
 * CLI and the pipeline (TaskCommandContext).
 */
import type { Command } from 'commander';
import { semevalId } from '../export/formats.js';
import { analyzeBatch, analyzeDoc } from '../pipeline.js';
import { TASKS } from '../tasks/registry.js';
import type { AnyTask, TaskCommandContext, TrainFromStoreOptions } from '../tasks/task.js';
import { trainNarrativesFromStore } from '../learn/from-store-run.js';
import { trainEntitiesFromStore } from '../learn/from-store-entities.js';
import { loadEntityModel } from '../tasks/entities/store.js';
import { narrativeModelFor } from '../tasks/narratives/annotate.js';
import { BatchSummary, positiveInt, priorsOption } from './shared.js';
import { openTier, tierOptions } from './llm-options.js';
import { memoryCache } from '../llm/cache.js';
import { openStore } from '../store/open.js';

/** Adds `train`, `predict` and `eval` to `program`, each task's subcommands in the order of `tasks`. */
export async function registerTaskCommands(program: Command, tasks: readonly AnyTask[] = TASKS): Promise<void> {
  const context: TaskCommandContext = {
    train: program.command('train').description('train a model from annotated data'),
    predict: program.command('predict').description('predict labels and write the official submission format'),
    evaluate: program.command('eval').description('score predictions with the official metric, or cross-validate'),
    tasks,
    analyzeDoc,
    analyzeBatch,
    priorsOption,
    semevalId,
    batchSummary: () => new BatchSummary(),
    positiveInt,
    tierOptions,
    trainFromStore,
    // An evaluation has no store: answers are cached for the run only.
    openTier: (options, tierTasks) => openTier(options, memoryCache, (line) => process.stderr.write(`${line}\n`), { tasks: tierTasks }),
  };
  // Commander needs every subcommand before it parses: the modules are loaded together, added in order.
  const registrations = await Promise.all(tasks.map((t) => t.commands?.()));
  for (const register of registrations) register?.(context);
}

/** `train narratives|entities --from-store` on the store's approved labels, against the model in use (src/learn/from-store-run.ts, from-store-entities.ts). */
async function trainFromStore(task: 'narratives' | 'entities', options: TrainFromStoreOptions): Promise<void> {
  const engine = await openStore({ db: options.db, mustExist: true });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  try {
    if (task === 'entities') await trainEntitiesFromStore(options, { engine, currentModel: (lang) => loadEntityModel(lang), out, err });
    else await trainNarrativesFromStore(options, { engine, currentModel: (lang) => narrativeModelFor(lang), out, err });
  } finally {
    await engine.close();
  }
}
