/**
 * `narrascope train entities`, `predict entities` and `eval entities`: SemEval-2025 Task 10
 * subtask 1 (entity framing) models, submissions and scores. Article narratives, which entity roles
 * read, come from the narratives task of the registry (its annotator and its held-out labels).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { languagesFrom } from '../../corpora/commands.js';
import { createArticle } from '../../doc/article.js';
import { layerOf } from '../../doc/doc.js';
import type { AnyTask, HeldOutLabels, TaskCommandContext } from '../task.js';
import { defaultDataDir, LANGUAGES, loadEntityCorpus, readRoleTaxonomy } from './corpus.js';
import { crossValidateEntities } from './cv.js';
import { formatAnnotation, parseAnnotations, parseMentions } from './io.js';
import { encodeEntityModel } from './model.js';
import { cvNarratives, setTrainingNarratives } from './narrative-folds.js';
import { folderSource, predictMentions, type NarrativeSource } from './predict.js';
import { scoreSubtask1, type Subtask1Scores } from './score.js';
import { readsNarratives } from './stance.js';
import { entityModelDir, entityModelPath, loadEntityModel } from './store.js';
import { corpusContexts, trainEntityModel } from './train.js';

const fmt = (s: Omit<Subtask1Scores, 'extra'>) =>
  `EMR ${s.emr.toFixed(4)}  micro P ${s.microPrecision.toFixed(4)}  R ${s.microRecall.toFixed(4)}  F1 ${s.microF1.toFixed(4)}  main acc ${s.mainAccuracy.toFixed(4)}  (n=${s.count})`;

/** The language of a documents folder when not given: a path segment EN, BG, HI, PT or RU. */
function languageOfPath(path: string): string | undefined {
  return resolve(path)
    .split(sep)
    .reverse()
    .find((seg) => (LANGUAGES as readonly string[]).includes(seg));
}

/** The registry's narratives task, whose layer entity roles read. */
function narrativesTask(ctx: TaskCommandContext): AnyTask {
  const task = ctx.tasks.find((t) => t.id === 'narratives');
  if (!task) throw new Error('entities: the task list has no narratives task, whose narratives entity roles read');
  return task;
}

/** Held-out narratives of a language's training articles, from the narratives task. */
async function heldOutNarratives(ctx: TaskCommandContext): Promise<(dataDir: string, lang: string) => HeldOutLabels> {
  const hook = narrativesTask(ctx).heldOut;
  if (!hook) throw new Error('entities: the narratives task gives no held-out narratives for training');
  return hook();
}

/** Narrative labels of a document from the narratives annotator (for entity models that read them). */
function pipelineNarratives(ctx: TaskCommandContext, lang: string): NarrativeSource {
  const annotators = [narrativesTask(ctx)];
  return (file, raw) => layerOf(ctx.analyzeDoc(createArticle({ raw, id: file, origin: { format: 'semeval' } }), { annotators, language: lang }).doc, 'narratives')?.labels;
}

export function registerCommands(ctx: TaskCommandContext): void {
  ctx.train
    .command('entities')
    .description('train entity-role models (SemEval-2025 Task 10 subtask 1), one per language')
    .option('--data <dir>', 'SemEval-2025 Task 10 folder (default $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10)')
    .option('--lang <codes>', 'languages, comma-separated (default all: EN,BG,HI,PT,RU)')
    .option('--seed <n>', 'random seed', ctx.positiveInt('--seed'), 13)
    .option('--cv <k>', 'also cross-validate with k folds and store the scores in the model', ctx.positiveInt('--cv'))
    .option('--out <dir>', 'where to write <LANG>.nscm (default models/entities)')
    .action(async (o: { data?: string; lang?: string; seed: number; cv?: number; out?: string }) => {
      const data = o.data ?? defaultDataDir();
      const out = o.out ?? entityModelDir();
      mkdirSync(out, { recursive: true });
      const taxonomy = readRoleTaxonomy(data);
      const heldOut = await heldOutNarratives(ctx);
      for (const lang of languagesFrom(o.lang, LANGUAGES)) {
        const t0 = performance.now();
        const corpus = loadEntityCorpus(data, lang, taxonomy);
        for (const n of corpus.notes) process.stderr.write(`${n}\n`);
        const contexts = corpusContexts(corpus);
        let cv: Record<string, number> | undefined;
        if (o.cv) {
          const r = crossValidateEntities(corpus, o.cv, o.seed, { seed: o.seed }, contexts, cvNarratives(heldOut(data, corpus.language), corpus, o.cv, o.seed));
          cv = { folds: o.cv, emr: r.scores.emr, microF1: r.scores.microF1, mainAccuracy: r.scores.mainAccuracy, majorityEmr: r.majority.emr, majorityMainAccuracy: r.majority.mainAccuracy };
          process.stderr.write(`${lang} cv${o.cv}: ${fmt(r.scores)}\n`);
        }
        const command = `narrascope train entities --lang ${lang} --seed ${o.seed}${o.cv ? ` --cv ${o.cv}` : ''}`;
        setTrainingNarratives(heldOut(data, corpus.language), corpus, contexts, o.seed);
        const model = trainEntityModel(lang, corpus, corpus.examples, contexts, { seed: o.seed }, { ...(cv ? { cv } : {}), command });
        const path = entityModelPath(lang, out);
        writeFileSync(path, encodeEntityModel(model));
        process.stderr.write(`${lang}: ${corpus.examples.length} mentions in ${model.info.articles} articles → ${path} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      }
    });

  ctx.predict
    .command('entities')
    .description('assign roles to given entity mentions; writes the official submission format to standard output')
    .argument('<docs-dir>', 'folder with the documents named in the mentions file')
    .requiredOption('--mentions <file>', 'mentions: file<TAB>mention<TAB>start<TAB>end (code points, end inclusive)')
    .option('--lang <code>', 'language of the model (default: a language folder in <docs-dir>)')
    .option('--models <dir>', 'folder with <LANG>.nscm (default models/entities)')
    .action((docsDir: string, o: { mentions: string; lang?: string; models?: string }) => {
      const lang = (o.lang ?? languageOfPath(docsDir))?.toUpperCase();
      if (!lang) throw new Error(`${docsDir}: cannot tell the language from the path; give --lang`);
      if (!existsSync(docsDir)) throw new Error(`${docsDir}: no such folder`);
      if (!existsSync(o.mentions)) throw new Error(`${o.mentions}: no such file`);
      const model = loadEntityModel(lang, o.models ?? entityModelDir());
      if (!model) throw new Error(`no entity model for ${lang} in ${o.models ?? entityModelDir()} (run narrascope train entities --lang ${lang})`);
      const { rows, problems } = parseMentions(readFileSync(o.mentions, 'utf8'));
      for (const p of problems) process.stderr.write(`${o.mentions}:${p.line}: ${p.message}; line skipped\n`);
      const res = predictMentions(rows, folderSource(docsDir), model, o.mentions, readsNarratives(model.featureOptions) ? pipelineNarratives(ctx, lang) : undefined);
      for (const n of res.notes) process.stderr.write(`${n}\n`);
      for (const e of res.errors) process.stderr.write(`${e}\n`);
      process.stdout.write(res.rows.map((r) => `${formatAnnotation(r)}\n`).join(''));
      process.stderr.write(`${res.rows.length} mentions labelled, ${problems.length + res.errors.length} skipped, ${res.notes.length} offsets repaired\n`);
      if (res.rows.length === 0 && rows.length + problems.length > 0) process.exitCode = 1;
    });

  ctx.evaluate
    .command('entities')
    .description('score a submission against gold (--gold, --pred), or cross-validate on the training data (--cv k)')
    .option('--gold <file>', 'gold annotations')
    .option('--pred <file>', 'predictions in the submission format')
    .option('--cv <k>', 'k-fold cross-validation (folds by article) on the training split', ctx.positiveInt('--cv'))
    .option('--data <dir>', 'SemEval-2025 Task 10 folder for --cv')
    .option('--lang <codes>', 'languages for --cv, comma-separated (default all)')
    .option('--seed <n>', 'random seed for --cv', ctx.positiveInt('--seed'), 13)
    .action(async (o: { gold?: string; pred?: string; cv?: number; data?: string; lang?: string; seed: number }) => {
      if (o.cv) {
        const data = o.data ?? defaultDataDir();
        const taxonomy = readRoleTaxonomy(data);
        const heldOut = await heldOutNarratives(ctx);
        for (const lang of languagesFrom(o.lang, LANGUAGES)) {
          const corpus = loadEntityCorpus(data, lang, taxonomy);
          const r = crossValidateEntities(corpus, o.cv, o.seed, { seed: o.seed }, undefined, cvNarratives(heldOut(data, corpus.language), corpus, o.cv, o.seed));
          process.stdout.write(`${lang} ours      ${fmt(r.scores)}\n${lang} majority  ${fmt(r.majority)}\n`);
        }
        return;
      }
      if (!o.gold || !o.pred) throw new Error('eval entities: give --gold and --pred, or --cv k');
      const read = (path: string) => {
        if (!existsSync(path)) throw new Error(`${path}: no such file`);
        const { rows, problems } = parseAnnotations(readFileSync(path, 'utf8'));
        for (const p of problems) process.stderr.write(`${path}:${p.line}: ${p.message}; line skipped\n`);
        return rows;
      };
      const s = scoreSubtask1(read(o.gold), read(o.pred));
      process.stdout.write(`${fmt(s)}\n`);
      if (s.missing || s.extra) process.stderr.write(`${s.missing} gold rows without a prediction (scored as wrong), ${s.extra} predictions without gold\n`);
    });
}
