/**
 * `narrascope train|predict|eval techniques|genre|frames`: SemEval-2023 Task 3 (English) with its
 * official formats and metrics, and PTC (SemEval-2020 Task 11) span identification and technique
 * classification scoring.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { positiveInt, type TaskCommands } from './shared.js';
import { defaultSemeval2023Dir, formatArticleLabels, parseArticleLabels, readArticleFolder, throwFirst } from '../corpora/semeval2023.js';
import { scoreMultiLabel, type MultiLabelScore } from '../learn/metrics.js';
import { loadTaskModel, saveTaskModel } from '../learn/textmodel.js';
import { defaultPtcDir } from '../tasks/techniques/corpus.js';
import { formatParagraphLabels, parseParagraphLabels, parseSpanLabels, parseTemplate } from '../tasks/techniques/io.js';
import { taskModelPath } from '../tasks/models.js';
import { predictParagraphs } from '../tasks/techniques/predict.js';
import { predictFrames } from '../tasks/frames/predict.js';
import { predictGenre } from '../tasks/genre/predict.js';
import { paragraphKey, scoreSpanIdentification, scoreTechniqueClassification } from '../tasks/techniques/score.js';
import { TECHNIQUES } from '../tasks/techniques/taxonomy.js';
import { crossValidateTechniques, techniquesTaskModel, trainTechniques } from '../tasks/techniques/train.js';
import { crossValidatePtc } from '../tasks/techniques/ptc.js';
import { crossValidateFrames, framesTaskModel, trainFrames } from '../tasks/frames/train.js';
import { FRAMES, isFrame } from '../tasks/frames/taxonomy.js';
import { crossValidateGenre, genreTaskModel, trainGenre } from '../tasks/genre/train.js';
import { scoreGenre, type GenreScore } from '../tasks/genre/score.js';
import { isGenre } from '../tasks/genre/taxonomy.js';

type Task = 'techniques' | 'genre' | 'frames';
const TASKS: Task[] = ['techniques', 'genre', 'frames'];

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path}: cannot read file`);
  }
}

const pct = (x: number) => x.toFixed(4);
const log = (m: string) => process.stderr.write(`${m}\n`);

function printMultiLabel(name: string, s: MultiLabelScore, json: boolean): void {
  if (json) return void process.stdout.write(`${JSON.stringify({ task: name, ...s })}\n`);
  process.stdout.write(`${name}: micro-F1 ${pct(s.microF1)} (P ${pct(s.microPrecision)}, R ${pct(s.microRecall)})  macro-F1 ${pct(s.macroF1)}  rows ${s.rows}${s.missing ? `, ${s.missing} without prediction` : ''}\n`);
  for (const l of s.perLabel.filter((x) => x.support > 0)) process.stdout.write(`  ${l.label.padEnd(46)} F1 ${pct(l.f1)}  P ${pct(l.precision)}  R ${pct(l.recall)}  support ${l.support}\n`);
}

function printGenre(name: string, s: GenreScore, json: boolean, shifted?: GenreScore): void {
  if (json) return void process.stdout.write(`${JSON.stringify({ task: name, ...s, ...(shifted ? { shifted } : {}) })}\n`);
  process.stdout.write(`${name}: macro-F1 ${pct(s.macroF1)}  micro-F1 ${pct(s.microF1)}  rows ${s.rows}${s.missing ? `, ${s.missing} without prediction` : ''}\n`);
  for (const c of s.perClass) process.stdout.write(`  ${c.label.padEnd(10)} F1 ${pct(c.f1)}  P ${pct(c.precision)}  R ${pct(c.recall)}  support ${c.support}\n`);
  if (shifted) process.stdout.write(`  reweighted to a reporting-heavy mix (80/15/5): macro-F1 ${pct(shifted.macroF1)}; per class ${shifted.perClass.map((c) => `${c.label} ${pct(c.f1)}`).join(', ')}\n`);
}

interface TrainOptions {
  data?: string;
  out?: string;
  seed?: number;
}

function writeModel(path: string, write: (p: string) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  write(path);
  log(`wrote ${path}`);
}

function registerTrain(train: Command): void {
  for (const task of TASKS) {
    train
      .command(task)
      .description(`train the English ${task} model on SemEval-2023 Task 3`)
      .option('--data <dir>', 'SemEval-2023 Task 3 folder (default ../shared/data/semeval2023-t3 or $NARRASCOPE_SEMEVAL2023)')
      .option('--out <file>', `model file (default models/${task}/${task}.nscm)`)
      .option('--seed <n>', 'random seed', positiveInt('--seed'), 7)
      .action((o: TrainOptions) => {
        const data = o.data ?? defaultSemeval2023Dir();
        const out = o.out ?? taskModelPath(task);
        const seed = o.seed ?? 7;
        const t0 = performance.now();
        const info = { trainedAt: new Date().toISOString().slice(0, 10), seed, command: `narrascope train ${task} --seed ${seed}` };
        if (task === 'techniques') writeModel(out, (p) => saveTaskModel(p, techniquesTaskModel(trainTechniques(data, seed, log), info)));
        else if (task === 'frames') writeModel(out, (p) => saveTaskModel(p, framesTaskModel(trainFrames(data, seed), info)));
        else writeModel(out, (p) => saveTaskModel(p, genreTaskModel(trainGenre(data, seed), info)));
        log(`trained ${task} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      });
  }
}

interface PredictOptions {
  model?: string;
  template?: string;
}

function registerPredict(predict: Command): void {
  for (const task of TASKS) {
    const cmd = predict
      .command(task)
      .description(task === 'techniques' ? 'label the paragraphs of a subtask-3 template (official format on stdout)' : `predict the ${task} of each article*.txt (official format on stdout)`)
      .argument('<articles-dir>', 'folder of article{id}.txt files')
      .option('--model <file>', `model file (default models/${task}/${task}.nscm)`);
    if (task === 'techniques') cmd.requiredOption('--template <file>', 'subtask-3 .template file listing the paragraphs to label');
    cmd.action((dir: string, o: PredictOptions) => {
      const model = loadTaskModel(o.model ?? taskModelPath(task), task);
      const articles = readArticleFolder(dir);
      if (task === 'techniques') {
        const template = parseTemplate(read(o.template!));
        throwFirst(o.template!, template.problems);
        process.stdout.write(formatParagraphLabels(predictParagraphs(model, template.rows, articles, o.template!)));
      } else process.stdout.write(formatArticleLabels(task === 'frames' ? predictFrames(model, articles) : predictGenre(model, articles)));
    });
  }
}

interface EvalOptions {
  data?: string;
  ptc?: string;
  cv?: number;
  seed?: number;
  gold?: string;
  pred?: string;
  json?: boolean;
  ptcSi?: boolean;
  ptcTc?: boolean;
  foldsOut?: string;
}

function writeFolds(path: string, ids: readonly string[], folds: Int32Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(Object.fromEntries(ids.map((id, k) => [id, folds[k]]))));
}

function registerEval(evaluate: Command): void {
  for (const task of TASKS) {
    const cmd = evaluate
      .command(task)
      .description(`score ${task} predictions against gold with the official metric (--gold, --pred), or cross-validate (--cv k)`)
      .option('--gold <file>', 'gold label file')
      .option('--pred <file>', 'prediction file')
      .option('--cv <k>', 'k-fold cross-validation on the English training split', positiveInt('--cv'))
      .option('--seed <n>', 'fold seed', positiveInt('--seed'), 42)
      .option('--data <dir>', 'SemEval-2023 Task 3 folder')
      .option('--folds-out <file>', 'with --cv, write the fold of each article as JSON (for the peer in bench/)')
      .option('--json', 'print scores as JSON');
    if (task === 'techniques')
      cmd
        .option('--ptc-si', 'score PTC span identification files (id, start, end)')
        .option('--ptc-tc', 'score PTC technique classification files (id, technique, start, end)')
        .option('--ptc <dir>', 'PTC folder for --cv with --ptc-si/--ptc-tc (default ../shared/data/ptc-semeval2020-t11)');
    cmd.action((o: EvalOptions) => runEval(task, o));
  }
}

function runEval(task: Task, o: EvalOptions): void {
  const json = Boolean(o.json);
  const seed = o.seed ?? 42;
  if (o.cv) {
    const data = o.data ?? defaultSemeval2023Dir();
    if (task === 'techniques' && (o.ptcSi || o.ptcTc)) {
      const r = crossValidatePtc(o.ptc ?? defaultPtcDir(), o.cv, seed, undefined, log);
      if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        process.stdout.write(`PTC SI (${o.cv}-fold): F1 ${pct(r.si.f1)} (P ${pct(r.si.precision)}, R ${pct(r.si.recall)}), ${r.si.predicted} predicted / ${r.si.gold} gold spans\n`);
        process.stdout.write(`PTC TC (${o.cv}-fold): micro-F1 ${pct(r.tc.f1)} over ${r.tc.gold} gold spans\n`);
      }
      return;
    }
    if (task === 'techniques') {
      const r = crossValidateTechniques(data, o.cv, seed, undefined, log);
      if (o.foldsOut) writeFolds(o.foldsOut, r.paragraphs.map((p) => paragraphKey(p.id, p.line)), r.folds);
      printMultiLabel(`techniques paragraphs, ${o.cv}-fold CV (seed ${seed}, ${r.seconds.toFixed(1)} s)`, r.score, json);
    } else if (task === 'frames') {
      const r = crossValidateFrames(data, o.cv, seed, undefined, log);
      if (o.foldsOut) writeFolds(o.foldsOut, r.ids, r.folds);
      printMultiLabel(`frames, ${o.cv}-fold CV (seed ${seed}, ${r.seconds.toFixed(1)} s)`, r.score, json);
    } else {
      const r = crossValidateGenre(data, o.cv, seed, undefined, log);
      if (o.foldsOut) writeFolds(o.foldsOut, r.ids, r.folds);
      printGenre(`genre, ${o.cv}-fold CV (seed ${seed}, ${r.seconds.toFixed(1)} s)`, r.score, json, r.shifted);
    }
    return;
  }
  if (!o.gold || !o.pred) throw new Error('eval needs --gold and --pred, or --cv <k>');
  const gold = read(o.gold);
  const pred = read(o.pred);
  if (task === 'techniques' && (o.ptcSi || o.ptcTc)) {
    const parse = (text: string, file: string) => {
      const r = parseSpanLabels(text, { vocabulary: 'ptc', withTechnique: Boolean(o.ptcTc) });
      throwFirst(file, r.problems);
      return r.rows;
    };
    const g = parse(gold, o.gold);
    const p = parse(pred, o.pred);
    if (o.ptcSi) {
      const group = (rows: typeof g) => rows.reduce((m, r) => m.set(r.id, [...(m.get(r.id) ?? []), r]), new Map<string, { start: number; end: number }[]>());
      const s = scoreSpanIdentification(group(g), group(p));
      process.stdout.write(json ? `${JSON.stringify(s)}\n` : `PTC SI: F1 ${pct(s.f1)} (P ${pct(s.precision)}, R ${pct(s.recall)})\n`);
    } else {
      const s = scoreTechniqueClassification(g, p);
      process.stdout.write(json ? `${JSON.stringify(s)}\n` : `PTC TC: micro-F1 ${pct(s.f1)} (P ${pct(s.precision)}, R ${pct(s.recall)})\n`);
    }
    return;
  }
  if (task === 'techniques') {
    const parse = (text: string, file: string) => {
      const r = parseParagraphLabels(text);
      throwFirst(file, r.problems);
      return new Map(r.rows.map((x) => [paragraphKey(x.id, x.line), x.techniques]));
    };
    printMultiLabel('techniques paragraphs', scoreMultiLabel(parse(gold, o.gold), parse(pred, o.pred), TECHNIQUES), json);
  } else if (task === 'frames') {
    const parse = (text: string, file: string) => {
      const r = parseArticleLabels(text, isFrame, 'frame', false);
      throwFirst(file, r.problems);
      return new Map(r.rows.map((x) => [x.id, x.labels]));
    };
    printMultiLabel('frames', scoreMultiLabel(parse(gold, o.gold), parse(pred, o.pred), FRAMES), json);
  } else {
    const parse = (text: string, file: string) => {
      const r = parseArticleLabels(text, isGenre, 'genre', true);
      throwFirst(file, r.problems);
      return new Map(r.rows.map((x) => [x.id, x.labels[0]]));
    };
    printGenre('genre', scoreGenre(parse(gold, o.gold), parse(pred, o.pred)), json);
  }
}

/** Adds the techniques, genre and frames subcommands to `train`, `predict` and `eval`. */
export function register(tasks: TaskCommands): void {
  registerTrain(tasks.train);
  registerPredict(tasks.predict);
  registerEval(tasks.evaluate);
}
