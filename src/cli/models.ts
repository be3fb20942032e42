/** `narrascope models list|rollback`: the models installed for the user by `train --from-store`, the ones they replaced, and going back to those. */
import type { Command } from 'commander';
import { installedDir, readManifest, rollbackModel, type InstalledEntry } from '../learn/from-store-install.js';
import { modelLanguages, taskModelDir, userModelsRoot } from '../tasks/models.js';
import { TASKS } from '../tasks/registry.js';

/** The recorded scores' names as listed: the narratives' F1 at two levels, the entity roles' subtask-1 metrics. */
const FIGURES: Record<'coarse' | 'fine' | 'emr' | 'mainAccuracy' | 'microF1', string> = { coarse: 'F1@coarse', fine: 'F1@fine', emr: 'EMR', mainAccuracy: 'main acc', microF1: 'micro F1' };

/** "trained 2026-01-02 10:11 (EN-s13), F1@coarse 0.812 ± 0.011, F1@fine 0.640 ± 0.020 (5-fold CV, seeds 42,43,44, 45 articles), taxonomy gullhaven-debates 1". */
function describeEntry(e: InstalledEntry): string {
  const when = e.installedAt.slice(0, 16).replace('T', ' ');
  if (e.source === 'package') return `shipped model (kept ${when})`;
  const s = e.scores;
  const figures = s ? (Object.keys(FIGURES) as (keyof typeof FIGURES)[]).flatMap((k) => { const v = s[k]; return v ? [`${FIGURES[k]} ${v.mean.toFixed(3)} ± ${v.sd.toFixed(3)}`] : []; }) : [];
  const scores = s ? `, ${figures.join(', ')} (${s.method}, ${s.articles} articles)` : '';
  const data = e.trainedOn ? `, trained on ${Object.entries(e.trainedOn).map(([k, n]) => `${n} ${k}`).join(' + ')}` : '';
  const taxonomy = e.taxonomy ? `, taxonomy ${e.taxonomy.id} ${e.taxonomy.version}` : ', SemEval taxonomy';
  return `trained ${when}${e.version ? ` (${e.version})` : ''}${scores}${data}${taxonomy}`;
}

/** The tasks with per-language models (the ones `train --from-store` can install). */
const taskIds = (): string[] => TASKS.map((t) => t.id);

function list(options: { task?: string; json?: boolean }): void {
  const tasks = options.task ? [checkTask(options.task)] : taskIds();
  const rows = tasks.flatMap((task) => {
    const manifest = readManifest(task);
    const langs = [...new Set([...modelLanguages(taskModelDir(task)).map((l) => l.toUpperCase()), ...Object.keys(manifest)])].sort();
    return langs.map((lang) => ({ task, lang, installed: manifest[lang]?.current, previous: manifest[lang]?.previous }));
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ folder: userModelsRoot(), models: rows }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`installed models: ${userModelsRoot()}\n`);
  for (const r of rows) {
    process.stdout.write(`${r.task}\t${r.lang}\t${r.installed ? describeEntry(r.installed) : 'shipped model'}\n`);
    if (r.previous) process.stdout.write(`\t\tprevious: ${describeEntry(r.previous)}\n`);
  }
}

function checkTask(task: string): string {
  if (!taskIds().includes(task)) throw new Error(`unknown task "${task}" (one of: ${taskIds().join(', ')})`);
  return task;
}

function rollback(task: string, options: { lang?: string }): void {
  checkTask(task);
  const installed = Object.keys(readManifest(task)).filter((l) => readManifest(task)[l].previous);
  const lang = options.lang?.toUpperCase() ?? (installed.length === 1 ? installed[0] : undefined);
  if (!lang) throw new Error(installed.length ? `--lang: ${task} has previous models for ${installed.join(', ')}; name one` : `${task}: no installed model has a previous one to roll back to (${installedDir(task)})`);
  const record = rollbackModel(task, lang);
  process.stderr.write(`${task} ${lang}: now ${describeEntry(record.current)}\n${task} ${lang}: kept as previous: ${describeEntry(record.previous!)} (roll back again to restore it)\n`);
}

export function registerModels(program: Command): void {
  const models = program.command('models').description('models installed by `train --from-store` (~/.narrascope/models or $NARRASCOPE_MODELS): list, roll back');
  models
    .command('list')
    .description('each task and language: the model in use (installed or shipped) and the previous one, with dates and scores')
    .option('--task <id>', 'only this task')
    .option('--json', 'as JSON')
    .action((o: { task?: string; json?: boolean }) => list(o));
  models
    .command('rollback')
    .description('go back to the previous model of a task and language (the replaced one is kept: roll back again to undo)')
    .argument('<task>', 'e.g. narratives')
    .option('--lang <code>', 'the language (needed when several have a previous model)')
    .action((task: string, o: { lang?: string }) => rollback(task, o));
}

export { registerModels as register };
