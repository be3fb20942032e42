/**
 * `narrascope train|predict|eval genre`: SemEval-2023 Task 3 subtask 1 in six languages — one model
 * per language, predictions in the official format decided for the folder's own label mix by default,
 * the official metric, and seeded cross-validation with the calibration error.
 */
import { mkdirSync } from 'node:fs';
import { languagesFrom, log, pct, runSemeval2023Eval, semeval2023Eval, semeval2023Predict, writeFolds, type LabelFile, type Semeval2023EvalOptions } from '../../corpora/commands.js';
import { defaultSemeval2023Dir, formatArticleLabels, parseArticleLabels, readArticleFolder, SEMEVAL2023_LANGUAGES, throwFirst } from '../../corpora/semeval2023.js';
import { saveTaskModel, loadTaskModel } from '../../learn/textmodel.js';
import { languageModelPath, taskModelDir } from '../models.js';
import { shiftingTasks, type PriorsMode } from '../shift.js';
import type { TaskCommandContext } from '../task.js';
import { crossValidateGenre, recipeName } from './cv.js';
import { predictGenre } from './predict.js';
import { scoreGenre, type GenreScore } from './score.js';
import { GENRES, isGenre } from './taxonomy.js';
import { genreTaskModel, trainGenre } from './train.js';

/** The lower-case codes of the `--lang` option (default all six). */
const langsOf = (lang: string | undefined) => languagesFrom(lang, Object.keys(SEMEVAL2023_LANGUAGES).map((l) => l.toUpperCase())).map((l) => l.toLowerCase());

/** Prints a genre score (per class), or one JSON line with `extra` fields. */
function printGenre(name: string, s: GenreScore, json: boolean, extra: Record<string, unknown> = {}): void {
  if (json) return void process.stdout.write(`${JSON.stringify({ task: name, ...s, ...extra })}\n`);
  process.stdout.write(`${name}: macro-F1 ${pct(s.macroF1)}  micro-F1 ${pct(s.microF1)}  rows ${s.rows}${s.missing ? `, ${s.missing} without prediction` : ''}\n`);
  for (const c of s.perClass) process.stdout.write(`  ${c.label.padEnd(10)} F1 ${pct(c.f1)}  P ${pct(c.precision)}  R ${pct(c.recall)}  support ${c.support}\n`);
  if (typeof extra.ece === 'number') process.stdout.write(`  top-label ECE (10 bins) of the calibrated probabilities: ${pct(extra.ece)}\n`);
}

/** A subtask-1 label file as article id → genre; throws naming the file and line of the first problem. */
function readGenres(file: LabelFile): Map<string, string> {
  const r = parseArticleLabels(file.text, isGenre, 'genre', true);
  throwFirst(file.path, r.problems);
  return new Map(r.rows.map((x) => [x.id, x.labels[0]]));
}

export function registerCommands(ctx: TaskCommandContext): void {
  ctx.train
    .command('genre')
    .description('train the genre models (SemEval-2023 Task 3 subtask 1), one per language')
    .option('--data <dir>', 'SemEval-2023 Task 3 folder (default ../shared/data/semeval2023-t3 or $NARRASCOPE_SEMEVAL2023)')
    .option('--lang <codes>', 'languages, comma-separated (default all: EN,FR,DE,IT,PL,RU)')
    .option('--out <dir>', 'output folder (default models/genre)')
    .option('--seed <n>', 'random seed', ctx.positiveInt('--seed'), 7)
    .action((o: { data?: string; lang?: string; out?: string; seed: number }) => {
      const data = o.data ?? defaultSemeval2023Dir();
      const out = o.out ?? taskModelDir('genre');
      mkdirSync(out, { recursive: true });
      for (const lang of langsOf(o.lang)) {
        const t0 = performance.now();
        const fit = trainGenre(data, lang, o.seed);
        const path = languageModelPath(out, lang);
        saveTaskModel(path, genreTaskModel(fit, { trainedAt: new Date().toISOString().slice(0, 10), seed: o.seed, command: `narrascope train genre --lang ${lang} --seed ${o.seed}` }));
        log(`${lang}: ${path} (recipe ${recipeName(fit)}, inner macro-F1 ${fit.innerF1.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }
    });

  const predict = semeval2023Predict(ctx, 'genre', "predict the genre of each article*.txt (official format on stdout), decided for the folder's label mix").option('--lang <code>', 'language of the articles (default en)', 'en');
  ctx.priorsOption(predict).action((dir: string, o: { model?: string; lang: string; priors?: PriorsMode }) => {
    const model = loadTaskModel(o.model ?? languageModelPath(taskModelDir('genre'), langsOf(o.lang)[0]), 'genre');
    // Absent: the genre task's own default (its shift hook), batch since the label-shift measurements.
    const genre = ctx.tasks.find((t) => t.id === 'genre');
    const priors = o.priors ?? (genre && shiftingTasks([genre]).length === 0 ? 'training' : 'batch');
    const r = predictGenre(model, readArticleFolder(dir), priors);
    log(`genre priors (${priors}): ${GENRES.map((g, c) => `${g} ${r.priors[c].toFixed(3)}`).join(', ')}`);
    process.stdout.write(formatArticleLabels(r.rows));
  });

  semeval2023Eval(ctx, 'genre')
    .option('--lang <code>', 'language of the cross-validation (default en)', 'en')
    .action((o: Semeval2023EvalOptions & { lang: string }) =>
      runSemeval2023Eval(
        o,
        (data, k) => {
          const lang = langsOf(o.lang)[0];
          const r = crossValidateGenre(data, lang, k, o.seed, undefined, { log });
          if (o.foldsOut) writeFolds(o.foldsOut, r.ids, r.folds);
          printGenre(`genre ${lang}, ${k}-fold CV (seed ${o.seed}, ${r.seconds.toFixed(1)} s)`, r.score, Boolean(o.json), { ece: r.reliability.ece, recipes: r.recipes });
        },
        (gold, pred) => printGenre('genre', scoreGenre(readGenres(gold), readGenres(pred)), Boolean(o.json)),
      ),
    );
}
