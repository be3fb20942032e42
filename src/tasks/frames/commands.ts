/** `narrascope train|predict|eval frames`: SemEval-2023 Task 3 subtask 2 (English), its official format and metric. */
import { addSemeval2023Train, log, printMultiLabel, runSemeval2023Eval, semeval2023Eval, semeval2023Predict, writeFolds, type LabelFile, type Semeval2023EvalOptions } from '../../corpora/commands.js';
import { formatArticleLabels, parseArticleLabels, readArticleFolder, throwFirst } from '../../corpora/semeval2023.js';
import { scoreMultiLabel } from '../../learn/metrics.js';
import { loadTaskModel } from '../../learn/textmodel.js';
import { taskModelPath } from '../models.js';
import type { TaskCommandContext } from '../task.js';
import { predictFrames } from './predict.js';
import { FRAMES, isFrame } from './taxonomy.js';
import { crossValidateFrames, framesTaskModel, trainFrames } from './train.js';

/** A subtask-2 label file as article id → frames; throws naming the file and line of the first problem. */
function readFrames(file: LabelFile): Map<string, string[]> {
  const r = parseArticleLabels(file.text, isFrame, 'frame', false);
  throwFirst(file.path, r.problems);
  return new Map(r.rows.map((x) => [x.id, x.labels]));
}

export function registerCommands(ctx: TaskCommandContext): void {
  addSemeval2023Train(ctx, 'frames', (data, seed, info) => framesTaskModel(trainFrames(data, seed), info));

  semeval2023Predict(ctx, 'frames', 'predict the frames of each article*.txt (official format on stdout)').action((dir: string, o: { model?: string }) => {
    const model = loadTaskModel(o.model ?? taskModelPath('frames'), 'frames');
    process.stdout.write(formatArticleLabels(predictFrames(model, readArticleFolder(dir))));
  });

  semeval2023Eval(ctx, 'frames').action((o: Semeval2023EvalOptions) =>
    runSemeval2023Eval(
      o,
      (data, k) => {
        const r = crossValidateFrames(data, k, o.seed, undefined, log);
        if (o.foldsOut) writeFolds(o.foldsOut, r.ids, r.folds);
        printMultiLabel(`frames, ${k}-fold CV (seed ${o.seed}, ${r.seconds.toFixed(1)} s)`, r.score, Boolean(o.json));
      },
      (gold, pred) => printMultiLabel('frames', scoreMultiLabel(readFrames(gold), readFrames(pred), FRAMES), Boolean(o.json)),
    ),
  );
}
