/** `narrascope train|predict|eval frames`: SemEval-2023 Task 3 subtask 2 in six languages, its official format and metric. */
import { mkdirSync } from 'node:fs';
import { languagesFrom, log, printMultiLabel, runSemeval2023Eval, semeval2023Eval, semeval2023Predict, writeFolds, type LabelFile, type Semeval2023EvalOptions } from '../../corpora/commands.js';
import { defaultSemeval2023Dir, formatArticleLabels, parseArticleLabels, readArticleFolder, SEMEVAL2023_LANGUAGES, throwFirst } from '../../corpora/semeval2023.js';
import { scoreMultiLabel } from '../../learn/metrics.js';
import { loadTaskModel, saveTaskModel } from '../../learn/textmodel.js';
import { languageModelPath, taskModelDir } from '../models.js';
import type { TaskCommandContext } from '../task.js';
import { FRAMES_SHIFT_BY_DEFAULT, loadedFrames } from './model.js';
import { predictFrames } from './predict.js';
import type { PriorsMode } from '../shift.js';
import { FRAMES, isFrame } from './taxonomy.js';
import { crossValidateFrames, framesTaskModel, trainFrames } from './train.js';

const LANGS = Object.keys(SEMEVAL2023_LANGUAGES).map((l) => l.toUpperCase());

/** The lower-case codes of a `--lang` option (all six when absent). */
const langsOf = (lang?: string): string[] => languagesFrom(lang, LANGS).map((l) => l.toLowerCase());

/** A subtask-2 label file as article id → frames; throws naming the file and line of the first problem. */
function readFrames(file: LabelFile): Map<string, string[]> {
  const r = parseArticleLabels(file.text, isFrame, 'frame', false);
  throwFirst(file.path, r.problems);
  return new Map(r.rows.map((x) => [x.id, x.labels]));
}

export function registerCommands(ctx: TaskCommandContext): void {
  ctx.train
    .command('frames')
    .description('train the frames models (one per language) on SemEval-2023 Task 3 subtask 2')
    .option('--data <dir>', 'SemEval-2023 Task 3 folder (default ../shared/data/semeval2023-t3 or $NARRASCOPE_SEMEVAL2023)')
    .option('--lang <codes>', `languages, comma-separated (${LANGS.join(', ')}; default all)`)
    .option('--out-dir <dir>', 'folder of the <LANG>.nscm files (default models/frames)')
    .option('--seed <n>', 'random seed', ctx.positiveInt('--seed'), 7)
    .action((o: { data?: string; lang?: string; outDir?: string; seed: number }) => {
      const data = o.data ?? defaultSemeval2023Dir();
      const dir = o.outDir ?? taskModelDir('frames');
      mkdirSync(dir, { recursive: true });
      for (const lang of langsOf(o.lang)) {
        const t0 = performance.now();
        const info = { trainedAt: new Date().toISOString().slice(0, 10), seed: o.seed, command: `narrascope train frames --lang ${lang} --seed ${o.seed}` };
        const chosen = trainFrames(data, lang, o.seed);
        const out = languageModelPath(dir, lang);
        saveTaskModel(out, framesTaskModel(lang, chosen, info));
        log(`wrote ${out} (${chosen.recipe.name}, inner micro-F1 ${chosen.fit.innerF1.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }
    });

  const predict = semeval2023Predict(ctx, 'frames', 'predict the frames of each article*.txt (official format on stdout)').option('--lang <code>', 'language of the articles', 'en');
  ctx.priorsOption(predict).action((dir: string, o: { model?: string; lang: string; priors?: PriorsMode }) => {
    const lang = langsOf(o.lang)[0];
    const file = o.model ?? languageModelPath(taskModelDir('frames'), lang);
    const priors = o.priors ?? (FRAMES_SHIFT_BY_DEFAULT ? 'batch' : 'training');
    process.stdout.write(formatArticleLabels(predictFrames(loadedFrames(loadTaskModel(file, 'frames'), file), readArticleFolder(dir), priors).rows));
  });

  semeval2023Eval(ctx, 'frames')
    .option('--lang <code>', 'language of the cross-validation', 'en')
    .action((o: Semeval2023EvalOptions & { lang: string }) =>
      runSemeval2023Eval(
        o,
        (data, k) => {
          const lang = langsOf(o.lang)[0];
          const r = crossValidateFrames(data, lang, k, o.seed, { log });
          if (o.foldsOut) writeFolds(o.foldsOut, r.ids, r.folds);
          printMultiLabel(`frames ${lang}, ${k}-fold CV (seed ${o.seed}, ${r.seconds.toFixed(1)} s)`, r.score, Boolean(o.json));
        },
        (gold, pred) => printMultiLabel('frames', scoreMultiLabel(readFrames(gold), readFrames(pred), FRAMES), Boolean(o.json)),
      ),
    );
}
