/**
 * `narrascope train narratives`, `predict narratives` and `eval narratives`: SemEval-2025 Task 10
 * subtask 2 models, submissions, scores and cross-validation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { languagesFrom, readLabelFile } from '../../corpora/commands.js';
import type { Article } from '../../doc/article.js';
import { readSources } from '../../ingest/index.js';
import type { Analysis } from '../../schema.js';
import { languageModelPath, taskModelDir } from '../models.js';
import { batchPriorsText, describeAdapted, shiftingTasks, type AdaptedGroup, type PriorsMode } from '../shift.js';
import type { AnyTask, TaskCommandContext } from '../task.js';
import { trainNarrativeModel } from './build.js';
import { LANGUAGES, defaultDataDir, loadTrainSplit, readTaxonomy } from './corpus.js';
import { createArticle } from '../../doc/article.js';
import { crossValidate, type CvResult } from './cv.js';
import { formatSubtask2, parseSubtask2, subtask2RowOf, type Subtask2Row } from './io.js';
import { scoreSubtask2, scoreText } from './score.js';
import { loadTaxonomy } from './taxonomy.js';
import { labelLists, readTaxonomyFile } from '../../taxonomy/file.js';

/** Reads and validates a subtask-2 file; throws naming the first bad line, after printing the others. */
function readRows(path: string, taxonomy: ReturnType<typeof loadTaxonomy>): Subtask2Row[] {
  const { rows, problems } = parseSubtask2(readLabelFile(path), taxonomy);
  if (problems.length) {
    for (const p of problems.slice(1)) process.stderr.write(`${path}:${p.line}: ${p.message}\n`);
    throw new Error(`${path}:${problems[0].line}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s) above)` : ''}`);
  }
  return rows;
}

/**
 * "narratives priors (batch): en: decided under this batch's label mix (24 articles): …" — per language,
 * the priors the batch step decided under, or why the training priors were kept.
 */
function priorsLine(task: string, analyses: readonly Analysis[], adapted: readonly AdaptedGroup[]): string {
  const groups = adapted.filter((g) => g.task === task);
  if (groups.length === 0) return `${task} priors (batch): no article was annotated, nothing to estimate`;
  const of = (g: AdaptedGroup) => {
    const record = analyses.find((a) => a.language.code === g.language && a.labelShift?.[task])?.labelShift?.[task];
    return g.adapted && record ? `${g.language}: ${batchPriorsText(record)}` : describeAdapted([g]);
  };
  return `${task} priors (batch): ${groups.map(of).join('; ')}`;
}

/**
 * Predicts subtask-2 rows through the pipeline's own narrative annotator and the export's row writer,
 * so a submission and an export of the ingested articles cannot differ. The articles are analysed as
 * one batch (the pipeline's batch step), so `--priors batch` decides them under the folder's label
 * priors as `analyze` would. Rows to stdout, skips, priors and the summary to stderr; returns the exit status.
 */
async function runPredict(ctx: TaskCommandContext, annotator: AnyTask, inputs: string[], o: { lang?: string; strict?: boolean; priors?: PriorsMode }): Promise<number> {
  const summary = ctx.batchSummary();
  const articles: Article[] = [];
  for await (const item of readSources(inputs)) {
    if (item.ok) articles.push(item.article);
    else summary.skip(item.problem);
  }
  const priors = shiftingTasks([annotator], o.priors).length > 0 ? 'batch' : 'training';
  const { analyses, adapted } = ctx.analyzeBatch(
    articles.map((article) => ({ article, language: o.lang })),
    { annotators: [annotator], priors },
  );
  const rows: Subtask2Row[] = [];
  let unlabelled = 0;
  articles.forEach((article, i) => {
    const n = analyses[i].narratives;
    const row = subtask2RowOf(ctx.semevalId(article), n);
    if (!row) {
      unlabelled++;
      process.stderr.write(`skipped ${article.origin.path ?? article.id}: ${n?.reason ?? 'no narrative model ran'}\n`);
      return;
    }
    rows.push(row);
    summary.processed++;
  });
  if (priors === 'batch') process.stderr.write(`${priorsLine('narratives', analyses, adapted)}\n`);
  process.stdout.write(formatSubtask2(rows));
  process.stderr.write(`${summary.describe('predicted')}${unlabelled ? `, ${unlabelled} without a narrative model` : ''}\n`);
  if (rows.length === 0) return 1;
  return summary.exitCode(o.strict) || (o.strict && unlabelled > 0 ? 1 : 0);
}

/** One language's cross-validation line, as `eval narratives --cv` prints it. */
function cvLine(lang: string, r: CvResult): string {
  return `${lang}\tF1@coarse ${r.score.coarse.mean.toFixed(3)} (${r.score.coarse.sd.toFixed(3)})\tF1@fine ${r.score.fine.mean.toFixed(3)} (${r.score.fine.sd.toFixed(3)})\tnon-Other coarse ${r.nonOther.coarse.mean.toFixed(3)} fine ${r.nonOther.fine.mean.toFixed(3)}\texplanation chrF ${r.explanationChrF.toFixed(3)} (n=${r.explanationCount})\ttopic domain ${r.topic.accuracy === null ? 'no model' : r.topic.accuracy.toFixed(3)} (n=${r.topic.articles})\n`;
}

/**
 * `train narratives --from-store`: the fast tier trained on the analyst-approved narratives of the
 * stored articles (with --with-model-labels also the language model's), cross-validated against the
 * installed model and installed when better (ctx.trainFromStore; docs/taxonomy.md).
 */
function trainFromStore(ctx: TaskCommandContext, o: TrainOptions, outGiven: boolean): Promise<void> {
  return ctx.trainFromStore('narratives', {
    db: o.db,
    langs: o.lang ? languagesFrom(o.lang, LANGUAGES) : undefined,
    seed: o.seed,
    folds: o.cv ?? 5,
    taxonomy: o.taxonomy,
    withModelLabels: o.withModelLabels,
    shippedData: o.withShipped ? (o.data ?? defaultDataDir()) : undefined,
    force: o.force,
    out: outGiven ? o.out : undefined,
  });
}

interface TrainOptions {
  data?: string;
  lang?: string;
  seed: number;
  out: string;
  fromStore?: boolean;
  db?: string;
  cv?: number;
  taxonomy?: string;
  withModelLabels?: boolean;
  withShipped?: boolean;
  force?: boolean;
}

/**
 * `eval narratives --tier llm|hybrid`: the first `limit` training articles of each language through the
 * fast tier and then the model tier, both scored with the official metric on the same articles. The
 * shipped fast models were trained on this split, so their figure here is optimistic.
 */
async function evalTier(ctx: TaskCommandContext, annotator: AnyTask, o: { data: string; lang?: string; limit?: number; tierOptions: Record<string, unknown> }): Promise<void> {
  const tier = await ctx.openTier(o.tierOptions, ['narratives']);
  if (!tier) throw new Error('eval narratives: give --gold and --pred, or --cv <k>, or --tier llm|hybrid (the fast tier alone is what --cv measures)');
  const taxonomy = readTaxonomy(o.data);
  try {
    for (const lang of languagesFrom(o.lang, LANGUAGES)) {
      const docs = loadTrainSplit(o.data, lang).slice(0, o.limit);
      const articles = docs.map((d) => createArticle({ raw: d.text, id: d.id, origin: { path: d.id, format: 'text' } }));
      const { analyses } = ctx.analyzeBatch(articles.map((article) => ({ article, language: lang.toLowerCase() })), { annotators: [annotator], priors: 'training' });
      const rowsOf = (list: readonly Analysis[]) => list.map((a, i) => subtask2RowOf(docs[i].id, a.narratives) ?? { id: docs[i].id, narratives: [], subNarratives: [] });
      const fast = rowsOf(analyses);
      await tier.apply(articles.map((article, i) => ({ article, analysis: analyses[i] })));
      const gold = docs.map((d) => d.gold);
      const failed = analyses.filter((a) => a.models.some((m) => m.task === 'narratives' && m.error)).length;
      process.stdout.write(`${lang}\tfast\t${scoreText(scoreSubtask2(gold, fast, taxonomy))}\tarticles ${docs.length}\n`);
      process.stdout.write(`${lang}\t${tier.tier}\t${scoreText(scoreSubtask2(gold, rowsOf(analyses), taxonomy))}\tarticles ${docs.length}\tfailed ${failed} (fast labels kept)\n`);
    }
    process.stderr.write(`${tier.describe()}\n(the shipped fast models were trained on the training split: their scores on it are optimistic)\n`);
  } finally {
    await tier.close();
  }
}

/**
 * The narratives commands, given the narratives task for a model folder (annotate.ts passes it in:
 * this module does not import the module that declares the task and imports it lazily).
 */
export const narrativesCommands = (annotatorFrom: (modelDir?: string) => AnyTask) => (ctx: TaskCommandContext): void => {
  ctx.train
    .command('narratives')
    .description('train narrative models (SemEval-2025 Task 10 subtask 2), one per language')
    .option('--data <dir>', 'SemEval-2025 Task 10 folder (default $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10)')
    .option('--lang <codes>', 'languages, comma-separated (default all: EN,BG,HI,PT,RU)')
    .option('--seed <n>', 'random seed', ctx.positiveInt('--seed'), 13)
    .option('--out <dir>', 'output folder', 'models/narratives')
    .option('--from-store', 'learn from the analyst-approved narratives of the stored articles, install the model when it scores better (docs/taxonomy.md)')
    .option('--db <file>', 'with --from-store: the database (default: $NARRASCOPE_DB, else ./narrascope.db)')
    .option('--cv <k>', 'with --from-store: folds of the cross-validation (default 5)', ctx.positiveInt('--cv'))
    .option('--taxonomy <file>', 'with --from-store: train on this taxonomy file (default $NARRASCOPE_TAXONOMY, else the installed one)')
    .option('--with-model-labels', 'with --from-store: also the narratives a language model gave the stored articles (docs/llm.md, distillation)')
    .option('--with-shipped', 'with --from-store: also the training split of --data (the data the shipped models learnt from)')
    .option('--force', 'with --from-store: install the new model even when it does not score better')
    .action(async (o: TrainOptions, command: Command) => {
      if (o.fromStore) return trainFromStore(ctx, o, command.getOptionValueSource('out') !== 'default');
      const data = o.data ?? defaultDataDir();
      mkdirSync(o.out, { recursive: true });
      for (const lang of languagesFrom(o.lang, LANGUAGES)) {
        const t0 = performance.now();
        const model = await trainNarrativeModel(data, lang, { seed: o.seed });
        const path = languageModelPath(o.out, lang);
        const bytes = model.encode();
        writeFileSync(path, bytes);
        process.stderr.write(`${lang}: ${path} (${(bytes.length / 1e6).toFixed(2)} MB, ${model.space.size} features, ${model.linear.outputs.length} outputs, ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      }
    });

  const predict = ctx.predict
    .command('narratives')
    .description('predict narratives in the official subtask-2 format (the rows `export --format semeval-subtask2` writes for the same articles)')
    .argument('<inputs...>', 'folders or files of articles, read as `ingest` reads them (a .txt article is named by its file name)')
    .option('--lang <code>', 'language of every article (default: identified per article)')
    .option('--models <dir>', 'model folder', taskModelDir('narratives'))
    .option('--strict', 'exit non-zero when any input is skipped');
  ctx.priorsOption(predict).action(async (inputs: string[], o: { lang?: string; models: string; strict?: boolean; priors?: PriorsMode }) => {
    process.exitCode = await runPredict(ctx, annotatorFrom(o.models), inputs, o);
  });

  const evaluate = ctx.evaluate
    .command('narratives')
    .description('score a subtask-2 prediction file against gold (official per-article F1), or cross-validate with --cv')
    .option('--gold <file>', 'gold annotations (subtask-2 format)')
    .option('--pred <file>', 'predictions (subtask-2 format)')
    .option('--taxonomy <dir or file>', 'folder with subtask2_narratives.txt and subtask2_subnarratives.txt, or a taxonomy file (docs/taxonomy.md) (default <data>/taxonomy)')
    .option('--cv <k>', 'k-fold cross-validation on the training split instead', ctx.positiveInt('--cv'))
    .option('--data <dir>', 'SemEval-2025 Task 10 folder (default $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10)')
    .option('--lang <codes>', 'languages for --cv, comma-separated (default all)')
    .option('--seed <n>', 'fold seed for --cv', ctx.positiveInt('--seed'), 42)
    .option('--limit <n>', 'with --tier llm|hybrid: the first n training articles per language', ctx.positiveInt('--limit'));
  ctx.tierOptions(evaluate).action(async (o: { gold?: string; pred?: string; taxonomy?: string; cv?: number; data?: string; lang?: string; seed: number; limit?: number; tier?: string }) => {
      const data = o.data ?? defaultDataDir();
      if (o.cv) {
        for (const lang of languagesFrom(o.lang, LANGUAGES)) {
          process.stdout.write(cvLine(lang, crossValidate(data, lang, o.cv, o.seed, {}, (m) => process.stderr.write(`${m}\n`))));
        }
        return;
      }
      if (!o.gold || !o.pred) return evalTier(ctx, annotatorFrom(), { data, lang: o.lang, limit: o.limit, tierOptions: o });
      const taxonomy = !o.taxonomy ? readTaxonomy(data) : o.taxonomy.endsWith('.json') ? labelLists(readTaxonomyFile(o.taxonomy)) : loadTaxonomy(o.taxonomy);
      const gold = readRows(o.gold, taxonomy);
      const pred = readRows(o.pred, taxonomy);
      const s = scoreSubtask2(gold, pred, taxonomy);
      process.stdout.write(`F1@coarse: ${s.coarse.mean.toFixed(3)} (${s.coarse.sd.toFixed(3)})\nF1@fine: ${s.fine.mean.toFixed(3)} (${s.fine.sd.toFixed(3)})\narticles: ${s.articles}\n`);
    });
};
