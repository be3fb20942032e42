/**
 * `narrascope train|predict|eval techniques`: SemEval-2023 Task 3 subtask 3 (English paragraphs) with
 * its official format and metric, and PTC (SemEval-2020 Task 11) span identification and technique
 * classification scoring.
 */
import { languagesFrom, log, pct, printMultiLabel, readLabelFile, runSemeval2023Eval, semeval2023Eval, semeval2023Predict, writeFolds, type LabelFile, type Semeval2023EvalOptions } from '../../corpora/commands.js';
import { defaultSemeval2023Dir, readArticleFolder, SEMEVAL2023_LANGUAGES, throwFirst } from '../../corpora/semeval2023.js';
import { scoreMultiLabel } from '../../learn/metrics.js';
import { applyPlattRow, decideLabels } from '../../learn/index.js';
import { emLabelPriors } from '../../learn/priorshift.js';
import { loadTaskModel, saveTaskModel } from '../../learn/textmodel.js';
import { languageModelPath, taskModelDir } from '../models.js';
import { MIN_BATCH_ARTICLES, shiftingTasks, type PriorsMode } from '../shift.js';
import type { AnyTask, TaskCommandContext } from '../task.js';
import { mkdirSync } from 'node:fs';
import { loadTechniquesModel } from './model.js';
import { defaultPtcDir } from './corpus.js';
import { formatParagraphLabels, parseParagraphLabels, parseSpanLabels, parseTemplate, type ParagraphLabelRow, type TemplateRow } from './io.js';
import { predictParagraphs, templateParagraphs } from './predict.js';
import { shiftRow } from './shift.js';
import { crossValidatePtc, predictPtc, type PtcPredictOptions } from './ptc.js';
import { paragraphKey, scoreSpanIdentification, scoreTechniqueClassification } from './score.js';
import { TECHNIQUES } from './taxonomy.js';
import { crossValidateTechniques, techniquesTaskModel, trainTechniques } from './train.js';

interface EvalOptions extends Semeval2023EvalOptions {
  lang: string;
  ptc?: string;
  ptcSi?: boolean;
  ptcTc?: boolean;
}

/** A subtask-3 label file as paragraph key → techniques; throws naming the file and line of the first problem. */
function readParagraphs(file: LabelFile): Map<string, string[]> {
  const r = parseParagraphLabels(file.text);
  throwFirst(file.path, r.problems);
  return new Map(r.rows.map((x) => [paragraphKey(x.id, x.line), x.techniques]));
}

/** `--cv k` with --ptc-si or --ptc-tc: cross-validated PTC span identification and classification. */
function ptcCrossValidation(o: EvalOptions, k: number): void {
  const r = crossValidatePtc(o.ptc ?? defaultPtcDir(), k, o.seed, undefined, log);
  if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
  process.stdout.write(`PTC SI (${k}-fold): F1 ${pct(r.si.f1)} (P ${pct(r.si.precision)}, R ${pct(r.si.recall)}), ${r.si.predicted} predicted / ${r.si.gold} gold spans\n`);
  process.stdout.write(`PTC FLC (${k}-fold): F1 ${pct(r.flc.f1)} (P ${pct(r.flc.precision)}, R ${pct(r.flc.recall)})\n`);
  process.stdout.write(`PTC TC (${k}-fold): micro-F1 ${pct(r.tc.f1)} over ${r.tc.gold} gold spans\n`);
}

/** PTC gold and prediction span files scored: span identification (--ptc-si) or technique classification (--ptc-tc). */
function ptcScore(o: EvalOptions, gold: LabelFile, pred: LabelFile): void {
  const parse = (file: LabelFile) => {
    const r = parseSpanLabels(file.text, { vocabulary: 'ptc', withTechnique: Boolean(o.ptcTc) });
    throwFirst(file.path, r.problems);
    return r.rows;
  };
  const g = parse(gold);
  const p = parse(pred);
  if (o.ptcSi) {
    const group = (rows: typeof g) => rows.reduce((m, r) => m.set(r.id, [...(m.get(r.id) ?? []), r]), new Map<string, { start: number; end: number }[]>());
    const s = scoreSpanIdentification(group(g), group(p));
    process.stdout.write(o.json ? `${JSON.stringify(s)}\n` : `PTC SI: F1 ${pct(s.f1)} (P ${pct(s.precision)}, R ${pct(s.recall)})\n`);
  } else {
    const s = scoreTechniqueClassification(g, p);
    process.stdout.write(o.json ? `${JSON.stringify(s)}\n` : `PTC TC: micro-F1 ${pct(s.f1)} (P ${pct(s.precision)}, R ${pct(s.recall)})\n`);
  }
}

/**
 * Subtask-3 rows decided under the template's own technique priors: per-label EM (the batch step's,
 * learn/priorshift.ts) on the calibrated probabilities of the template paragraphs, from the task's
 * shift hook's training priors, then each paragraph's probabilities shifted (shift.ts) and held to
 * the calibrated thresholds. Fewer than MIN_BATCH_ARTICLES articles keep the training priors
 * (undefined rows: the ordinary prediction). The stderr line names the priors used.
 */
function predictUnderBatchPriors(task: AnyTask, path: string, lang: string, template: readonly TemplateRow[], articles: ReadonlyMap<string, string>, templateFile: string): { rows?: ParagraphLabelRow[]; line: string } {
  const count = new Set(template.map((t) => t.id)).size;
  if (count < MIN_BATCH_ARTICLES) return { line: `techniques priors (batch): training label priors kept for ${count} ${lang} article(s) (fewer than ${MIN_BATCH_ARTICLES})` };
  const shift = task.shift!;
  const m = loadTechniquesModel(path, lang);
  const labels = shift.labels(m);
  const training: Float64Array = shift.trainingPriors(m);
  const probs = templateParagraphs(template, articles, templateFile).map((text) => applyPlattRow(m.platt, m.vectorizer.scores(text)));
  const { priors } = emLabelPriors(probs, training, { pseudoCount: shift.pseudoCount?.(m) ?? 0 });
  const rows = template.map((t, i) => ({ id: t.id, line: t.line, techniques: decideLabels(shiftRow(probs[i], training, priors), labels, m.thresholds) }));
  const listed = labels.map((l, i) => `${l} ${priors[i].toFixed(3)} (training ${training[i].toFixed(3)})`).join(', ');
  return { rows, line: `techniques priors (batch, ${count} ${lang} articles): ${listed}` };
}

/** The lower-case codes of a `--lang` option (default all six). */
const techniqueLangs = (lang: string | undefined) => languagesFrom(lang, Object.keys(SEMEVAL2023_LANGUAGES).map((l) => l.toUpperCase())).map((l) => l.toLowerCase());

export function registerCommands(ctx: TaskCommandContext): void {
  ctx.train
    .command('techniques')
    .description('train the paragraph technique models (SemEval-2023 Task 3 subtask 3), one per language')
    .option('--data <dir>', 'SemEval-2023 Task 3 folder (default ../shared/data/semeval2023-t3 or $NARRASCOPE_SEMEVAL2023)')
    .option('--lang <codes>', 'languages, comma-separated (default all: EN,FR,DE,IT,PL,RU)')
    .option('--out <dir>', 'output folder (default models/techniques)')
    .option('--seed <n>', 'random seed', ctx.positiveInt('--seed'), 7)
    .action((o: { data?: string; lang?: string; out?: string; seed: number }) => {
      const out = o.out ?? taskModelDir('techniques');
      mkdirSync(out, { recursive: true });
      for (const lang of techniqueLangs(o.lang)) {
        const fit = trainTechniques(o.data ?? defaultSemeval2023Dir(), o.seed, log, lang);
        const path = languageModelPath(out, lang);
        saveTaskModel(path, techniquesTaskModel(fit, { trainedAt: new Date().toISOString().slice(0, 10), seed: o.seed, command: `narrascope train techniques --lang ${lang} --seed ${o.seed}` }, lang));
        log(`${lang}: ${path} (recipe ${fit.recipe.name}, inner micro-F1 ${fit.fit.innerF1.toFixed(3)})`);
      }
    });

  const predict = semeval2023Predict(ctx, 'techniques', 'label the paragraphs of a subtask-3 template, or write PTC SI/TC files (official formats on stdout)')
    .option('--template <file>', 'subtask-3 .template file listing the paragraphs to label; with --format ptc-tc, the PTC TC template')
    .option('--format <format>', 'semeval2023 (subtask 3), ptc-si (PTC spans of every article) or ptc-tc (a PTC technique per template span)', 'semeval2023')
    .option('--no-detectors', 'PTC SI spans from the model alone, without the surface-form detectors')
    .option('--lang <code>', 'language of the subtask-3 articles', 'en');
  ctx.priorsOption(predict).action((dir: string, o: PtcPredictOptions & { model?: string; template?: string; lang: string; priors?: PriorsMode }) => {
    const task = ctx.tasks.find((t) => t.id === 'techniques');
    const batch = task !== undefined && shiftingTasks([task], o.priors).length > 0;
    if (o.format !== 'semeval2023') {
      // PTC spans and TC rankings are decided on the model's raw scores, which carry no priors to move.
      if (batch) throw new Error(`predict techniques: --priors batch applies to --format semeval2023 only, not ${o.format}`);
      return void process.stdout.write(predictPtc(dir, o));
    }
    if (!o.template) throw new Error('predict techniques: --template FILE is required (the subtask-3 .template)');
    const lang = techniqueLangs(o.lang)[0];
    const path = o.model ?? languageModelPath(taskModelDir('techniques'), lang);
    const articles = readArticleFolder(dir);
    const template = parseTemplate(readLabelFile(o.template));
    throwFirst(o.template, template.problems);
    const shifted = batch ? predictUnderBatchPriors(task, path, lang, template.rows, articles, o.template) : undefined;
    if (shifted) log(shifted.line);
    process.stdout.write(formatParagraphLabels(shifted?.rows ?? predictParagraphs(loadTaskModel(path, 'techniques'), template.rows, articles, o.template)));
  });

  semeval2023Eval(ctx, 'techniques')
    .option('--lang <code>', 'language of the cross-validation', 'en')
    .option('--ptc-si', 'score PTC span identification files (id, start, end)')
    .option('--ptc-tc', 'score PTC technique classification files (id, technique, start, end)')
    .option('--ptc <dir>', 'PTC folder for --cv with --ptc-si/--ptc-tc (default ../shared/data/ptc-semeval2020-t11)')
    .action((o: EvalOptions) => {
      const ptc = o.ptcSi || o.ptcTc;
      runSemeval2023Eval(
        o,
        (data, k) => {
          if (ptc) return ptcCrossValidation(o, k);
          const r = crossValidateTechniques(data, k, o.seed, { lang: techniqueLangs(o.lang)[0] }, log);
          if (o.foldsOut) writeFolds(o.foldsOut, r.paragraphs.map((p) => paragraphKey(p.id, p.line)), r.folds);
          printMultiLabel(`techniques paragraphs, ${k}-fold CV (seed ${o.seed}, ${r.seconds.toFixed(1)} s)`, r.score, Boolean(o.json));
        },
        (gold, pred) => (ptc ? ptcScore(o, gold, pred) : printMultiLabel('techniques paragraphs', scoreMultiLabel(readParagraphs(gold), readParagraphs(pred), TECHNIQUES), Boolean(o.json))),
      );
    });
}
