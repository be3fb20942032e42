/**
 * The pieces of the tasks' `train|predict|eval <task>` commands that serve several tasks: language
 * lists, label files read with errors naming them, scores printed, model and fold files written, and
 * the SemEval-2023 Task 3 commands that techniques, genre and frames share (each task adds its model,
 * its predictions and its metric).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { MultiLabelScore } from '../learn/metrics.js';
import { saveTaskModel, type TaskModel } from '../learn/textmodel.js';
import { taskModelPath } from '../tasks/models.js';
import type { TaskCommandContext } from '../tasks/task.js';
import { defaultSemeval2023Dir } from './semeval2023.js';

/** Progress and file notes go to standard error; results to standard output. */
export const log = (m: string): void => void process.stderr.write(`${m}\n`);

/** A score as the commands print it. */
export const pct = (x: number): string => x.toFixed(4);

/** The languages of a `--lang` option (comma-separated, any case), all of `known` when absent; throws on an unknown one. */
export function languagesFrom(lang: string | undefined, known: readonly string[]): string[] {
  if (!lang) return [...known];
  const langs = lang.split(',').map((l) => l.trim().toUpperCase());
  for (const l of langs) if (!known.includes(l)) throw new Error(`--lang: unknown language "${l}" (one of ${known.join(', ')})`);
  return langs;
}

/** The text of a file given on the command line; throws naming it. */
export function readLabelFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path}: cannot read file`);
  }
}

/** Prints a multi-label score: one line with the per-label rows under it, or one JSON line. */
export function printMultiLabel(name: string, s: MultiLabelScore, json: boolean): void {
  if (json) return void process.stdout.write(`${JSON.stringify({ task: name, ...s })}\n`);
  process.stdout.write(`${name}: micro-F1 ${pct(s.microF1)} (P ${pct(s.microPrecision)}, R ${pct(s.microRecall)})  macro-F1 ${pct(s.macroF1)}  rows ${s.rows}${s.missing ? `, ${s.missing} without prediction` : ''}\n`);
  for (const l of s.perLabel.filter((x) => x.support > 0)) process.stdout.write(`  ${l.label.padEnd(46)} F1 ${pct(l.f1)}  P ${pct(l.precision)}  R ${pct(l.recall)}  support ${l.support}\n`);
}

/** Writes the fold of each id as JSON (`eval --folds-out`, read by the peers in bench/). */
export function writeFolds(path: string, ids: readonly string[], folds: Int32Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(Object.fromEntries(ids.map((id, k) => [id, folds[k]]))));
}

/** What a model's file records about its training (a type, not an interface: it goes where a record is asked). */
export type TrainingInfo = {
  trainedAt: string;
  seed: number;
  command: string;
};

/**
 * `train <id>`: the English model of a SemEval-2023 Task 3 task, made by `build` from the corpus
 * folder, written as a task model file.
 */
export function addSemeval2023Train(ctx: TaskCommandContext, id: string, build: (data: string, seed: number, info: TrainingInfo) => TaskModel): void {
  ctx.train
    .command(id)
    .description(`train the English ${id} model on SemEval-2023 Task 3`)
    .option('--data <dir>', 'SemEval-2023 Task 3 folder (default ../shared/data/semeval2023-t3 or $NARRASCOPE_SEMEVAL2023)')
    .option('--out <file>', `model file (default models/${id}/${id}.nscm)`)
    .option('--seed <n>', 'random seed', ctx.positiveInt('--seed'), 7)
    .action((o: { data?: string; out?: string; seed: number }) => {
      const data = o.data ?? defaultSemeval2023Dir();
      const out = o.out ?? taskModelPath(id);
      const t0 = performance.now();
      mkdirSync(dirname(out), { recursive: true });
      saveTaskModel(out, build(data, o.seed, { trainedAt: new Date().toISOString().slice(0, 10), seed: o.seed, command: `narrascope train ${id} --seed ${o.seed}` }));
      log(`wrote ${out}`);
      log(`trained ${id} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
}

/** `predict <id> <articles-dir>` with its `--model` option; the task adds its own options and action. */
export function semeval2023Predict(ctx: TaskCommandContext, id: string, description: string): Command {
  return ctx.predict
    .command(id)
    .description(description)
    .argument('<articles-dir>', 'folder of article{id}.txt files')
    .option('--model <file>', `model file (default models/${id}/${id}.nscm)`);
}

/** The options of every SemEval-2023 `eval <id>` command. */
export interface Semeval2023EvalOptions {
  data?: string;
  cv?: number;
  seed: number;
  gold?: string;
  pred?: string;
  json?: boolean;
  foldsOut?: string;
}

/** `eval <id>` with the options every SemEval-2023 task has; the task adds its own options and action. */
export function semeval2023Eval(ctx: TaskCommandContext, id: string): Command {
  return ctx.evaluate
    .command(id)
    .description(`score ${id} predictions against gold with the official metric (--gold, --pred), or cross-validate (--cv k)`)
    .option('--gold <file>', 'gold label file')
    .option('--pred <file>', 'prediction file')
    .option('--cv <k>', 'k-fold cross-validation on the English training split', ctx.positiveInt('--cv'))
    .option('--seed <n>', 'fold seed', ctx.positiveInt('--seed'), 42)
    .option('--data <dir>', 'SemEval-2023 Task 3 folder')
    .option('--folds-out <file>', 'with --cv, write the fold of each article as JSON (for the peer in bench/)')
    .option('--json', 'print scores as JSON');
}

/** A label file given on the command line: its path (for messages) and its text. */
export interface LabelFile {
  path: string;
  text: string;
}

/** The `--gold` and `--pred` files of an `eval` command; throws when either is missing or unreadable. */
export function goldAndPred(o: { gold?: string; pred?: string }): { gold: LabelFile; pred: LabelFile } {
  if (!o.gold || !o.pred) throw new Error('eval needs --gold and --pred, or --cv <k>');
  const gold = readLabelFile(o.gold);
  const pred = readLabelFile(o.pred);
  return { gold: { path: o.gold, text: gold }, pred: { path: o.pred, text: pred } };
}

/** Runs an `eval <id>`: `crossValidate(data, k)` with --cv, else `score` of the gold and prediction files. */
export function runSemeval2023Eval(o: Semeval2023EvalOptions, crossValidate: (data: string, k: number) => void, score: (gold: LabelFile, pred: LabelFile) => void): void {
  if (o.cv) return crossValidate(o.data ?? defaultSemeval2023Dir(), o.cv);
  const { gold, pred } = goldAndPred(o);
  score(gold, pred);
}
