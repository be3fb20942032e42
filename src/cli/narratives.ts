/**
 * `narrascope train narratives`, `predict narratives` and `eval narratives`: SemEval-2025 Task 10
 * subtask 2 models, submissions, scores and cross-validation.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { semevalId } from '../export/formats.js';
import { readSources } from '../ingest/index.js';
import { analyzeArticle } from '../pipeline.js';
import { LANGUAGES, defaultDataDir, readTaxonomy } from '../tasks/narratives/corpus.js';
import { crossValidate } from '../tasks/narratives/cv.js';
import { formatSubtask2, parseSubtask2, subtask2RowOf, type Subtask2Row } from '../tasks/narratives/io.js';
import { narrativeModelDir, narrativeModelPath, narrativesAnnotatorFrom } from '../tasks/narratives/annotate.js';
import { scoreSubtask2 } from '../tasks/narratives/score.js';
import { loadTaxonomy } from '../tasks/narratives/taxonomy.js';
import { trainNarrativeModel } from '../tasks/narratives/build.js';
import { BatchSummary, positiveInt, type TaskCommands } from './shared.js';

function languagesFrom(lang?: string): string[] {
  if (!lang) return [...LANGUAGES];
  const langs = lang.split(',').map((l) => l.trim().toUpperCase());
  for (const l of langs) if (!(LANGUAGES as readonly string[]).includes(l)) throw new Error(`--lang: unknown language "${l}" (one of ${LANGUAGES.join(', ')})`);
  return langs;
}

/** Reads and validates a subtask-2 file; throws naming the first bad line. */
function readRows(path: string, taxonomy: ReturnType<typeof loadTaxonomy>): Subtask2Row[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path}: cannot read file`);
  }
  const { rows, problems } = parseSubtask2(text, taxonomy);
  if (problems.length) {
    for (const p of problems.slice(1)) process.stderr.write(`${path}:${p.line}: ${p.message}\n`);
    throw new Error(`${path}:${problems[0].line}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s) above)` : ''}`);
  }
  return rows;
}

/**
 * Predicts subtask-2 rows through the pipeline's own narrative annotator and the export's row writer,
 * so a submission and an export of the ingested articles cannot differ. Rows to stdout, skips and the
 * summary to stderr.
 */
export async function runPredict(inputs: string[], o: { lang?: string; models?: string; strict?: boolean }): Promise<number> {
  const summary = new BatchSummary();
  const annotators = [narrativesAnnotatorFrom(o.models)];
  const rows: Subtask2Row[] = [];
  let unlabelled = 0;
  for await (const item of readSources(inputs)) {
    if (!item.ok) {
      summary.skip(item.problem);
      continue;
    }
    const { article } = item;
    const n = analyzeArticle(article, { annotators, language: o.lang }).narratives;
    const row = subtask2RowOf(semevalId(article), n);
    if (!row) {
      unlabelled++;
      process.stderr.write(`skipped ${article.origin.path ?? article.id}: ${n?.reason ?? 'no narrative model ran'}\n`);
      continue;
    }
    rows.push(row);
    summary.processed++;
  }
  process.stdout.write(formatSubtask2(rows));
  process.stderr.write(`${summary.describe('predicted')}${unlabelled ? `, ${unlabelled} without a narrative model` : ''}\n`);
  if (rows.length === 0) return 1;
  return summary.exitCode(o.strict) || (o.strict && unlabelled > 0 ? 1 : 0);
}

export function register(tasks: TaskCommands): void {
  tasks.train
    .command('narratives')
    .description('train narrative models (SemEval-2025 Task 10 subtask 2), one per language')
    .option('--data <dir>', 'SemEval-2025 Task 10 folder (default $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10)')
    .option('--lang <codes>', 'languages, comma-separated (default all: EN,BG,HI,PT,RU)')
    .option('--seed <n>', 'random seed', positiveInt('--seed'), 13)
    .option('--out <dir>', 'output folder', 'models/narratives')
    .action(async (o: { data?: string; lang?: string; seed: number; out: string }) => {
      const data = o.data ?? defaultDataDir();
      mkdirSync(o.out, { recursive: true });
      for (const lang of languagesFrom(o.lang)) {
        const t0 = performance.now();
        const model = await trainNarrativeModel(data, lang, { seed: o.seed });
        const path = narrativeModelPath(lang, o.out);
        const bytes = model.encode();
        writeFileSync(path, bytes);
        process.stderr.write(`${lang}: ${path} (${(bytes.length / 1e6).toFixed(2)} MB, ${model.space.size} features, ${model.linear.outputs.length} outputs, ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      }
    });

  tasks.predict
    .command('narratives')
    .description('predict narratives in the official subtask-2 format (the rows `export --format semeval-subtask2` writes for the same articles)')
    .argument('<inputs...>', 'folders or files of articles, read as `ingest` reads them (a .txt article is named by its file name)')
    .option('--lang <code>', 'language of every article (default: identified per article)')
    .option('--models <dir>', 'model folder', narrativeModelDir())
    .option('--strict', 'exit non-zero when any input is skipped')
    .action(async (inputs: string[], o: { lang?: string; models: string; strict?: boolean }) => {
      process.exitCode = await runPredict(inputs, o);
    });

  tasks.evaluate
    .command('narratives')
    .description('score a subtask-2 prediction file against gold (official per-article F1), or cross-validate with --cv')
    .option('--gold <file>', 'gold annotations (subtask-2 format)')
    .option('--pred <file>', 'predictions (subtask-2 format)')
    .option('--taxonomy <dir>', 'folder with subtask2_narratives.txt and subtask2_subnarratives.txt (default <data>/taxonomy)')
    .option('--cv <k>', 'k-fold cross-validation on the training split instead', positiveInt('--cv'))
    .option('--data <dir>', 'SemEval-2025 Task 10 folder (default $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10)')
    .option('--lang <codes>', 'languages for --cv, comma-separated (default all)')
    .option('--seed <n>', 'fold seed for --cv', positiveInt('--seed'), 42)
    .action((o: { gold?: string; pred?: string; taxonomy?: string; cv?: number; data?: string; lang?: string; seed: number }) => {
      const data = o.data ?? defaultDataDir();
      if (o.cv) {
        for (const lang of languagesFrom(o.lang)) {
          const r = crossValidate(data, lang, o.cv, o.seed, {}, (m) => process.stderr.write(`${m}\n`));
          process.stdout.write(
            `${lang}\tF1@coarse ${r.score.coarse.mean.toFixed(3)} (${r.score.coarse.sd.toFixed(3)})\tF1@fine ${r.score.fine.mean.toFixed(3)} (${r.score.fine.sd.toFixed(3)})\tnon-Other coarse ${r.nonOther.coarse.mean.toFixed(3)} fine ${r.nonOther.fine.mean.toFixed(3)}\texplanation chrF ${r.explanationChrF.toFixed(3)} (n=${r.explanationCount})\ttopic domain ${r.topic.accuracy === null ? 'no model' : r.topic.accuracy.toFixed(3)} (n=${r.topic.articles})\n`,
          );
        }
        return;
      }
      if (!o.gold || !o.pred) throw new Error('eval narratives: give --gold and --pred, or --cv <k>');
      const taxonomy = o.taxonomy ? loadTaxonomy(o.taxonomy) : readTaxonomy(data);
      const gold = readRows(o.gold, taxonomy);
      const pred = readRows(o.pred, taxonomy);
      const s = scoreSubtask2(gold, pred, taxonomy);
      process.stdout.write(`F1@coarse: ${s.coarse.mean.toFixed(3)} (${s.coarse.sd.toFixed(3)})\nF1@fine: ${s.fine.mean.toFixed(3)} (${s.fine.sd.toFixed(3)})\narticles: ${s.articles}\n`);
    });
}
