/** `narrascope train|predict|eval genre`: SemEval-2023 Task 3 subtask 1 (English), its official format and metric. */
import { addSemeval2023Train, log, pct, runSemeval2023Eval, semeval2023Eval, semeval2023Predict, writeFolds, type LabelFile, type Semeval2023EvalOptions } from '../../corpora/commands.js';
import { formatArticleLabels, parseArticleLabels, readArticleFolder, throwFirst } from '../../corpora/semeval2023.js';
import { loadTaskModel } from '../../learn/textmodel.js';
import { taskModelPath } from '../models.js';
import type { TaskCommandContext } from '../task.js';
import { predictGenre } from './predict.js';
import { scoreGenre, type GenreScore } from './score.js';
import { isGenre } from './taxonomy.js';
import { crossValidateGenre, genreTaskModel, trainGenre } from './train.js';

/** Prints a genre score (per class, and `shifted` to a reporting-heavy mix when given), or one JSON line. */
function printGenre(name: string, s: GenreScore, json: boolean, shifted?: GenreScore): void {
  if (json) return void process.stdout.write(`${JSON.stringify({ task: name, ...s, ...(shifted ? { shifted } : {}) })}\n`);
  process.stdout.write(`${name}: macro-F1 ${pct(s.macroF1)}  micro-F1 ${pct(s.microF1)}  rows ${s.rows}${s.missing ? `, ${s.missing} without prediction` : ''}\n`);
  for (const c of s.perClass) process.stdout.write(`  ${c.label.padEnd(10)} F1 ${pct(c.f1)}  P ${pct(c.precision)}  R ${pct(c.recall)}  support ${c.support}\n`);
  if (shifted) process.stdout.write(`  reweighted to a reporting-heavy mix (80/15/5): macro-F1 ${pct(shifted.macroF1)}; per class ${shifted.perClass.map((c) => `${c.label} ${pct(c.f1)}`).join(', ')}\n`);
}

/** A subtask-1 label file as article id → genre; throws naming the file and line of the first problem. */
function readGenres(file: LabelFile): Map<string, string> {
  const r = parseArticleLabels(file.text, isGenre, 'genre', true);
  throwFirst(file.path, r.problems);
  return new Map(r.rows.map((x) => [x.id, x.labels[0]]));
}

export function registerCommands(ctx: TaskCommandContext): void {
  addSemeval2023Train(ctx, 'genre', (data, seed, info) => genreTaskModel(trainGenre(data, seed), info));

  semeval2023Predict(ctx, 'genre', 'predict the genre of each article*.txt (official format on stdout)').action((dir: string, o: { model?: string }) => {
    const model = loadTaskModel(o.model ?? taskModelPath('genre'), 'genre');
    process.stdout.write(formatArticleLabels(predictGenre(model, readArticleFolder(dir))));
  });

  semeval2023Eval(ctx, 'genre').action((o: Semeval2023EvalOptions) =>
    runSemeval2023Eval(
      o,
      (data, k) => {
        const r = crossValidateGenre(data, k, o.seed, undefined, log);
        if (o.foldsOut) writeFolds(o.foldsOut, r.ids, r.folds);
        printGenre(`genre, ${k}-fold CV (seed ${o.seed}, ${r.seconds.toFixed(1)} s)`, r.score, Boolean(o.json), r.shifted);
      },
      (gold, pred) => printGenre('genre', scoreGenre(readGenres(gold), readGenres(pred)), Boolean(o.json)),
    ),
  );
}
