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
import type { Analysis } from '../../schema.js';
import type { AnyTask, HeldOutLabels, TaskCommandContext, TrainFromStoreOptions } from '../task.js';
import { articleContext } from './context.js';
import { defaultDataDir, LANGUAGES, loadEntityCorpus, readRoleTaxonomy, type MentionExample } from './corpus.js';
import { crossValidateEntities } from './cv.js';
import { formatAnnotation, parseAnnotations, parseMentions } from './io.js';
import { encodeEntityModel } from './model.js';
import { cvNarratives, setTrainingNarratives } from './narrative-folds.js';
import { folderSource, predictMentions, type NarrativeSource } from './predict.js';
import { scorePairs, scoreSubtask1, type Subtask1Scores } from './score.js';
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

type Roles = { main: string; fine: string[] };
type Entity = NonNullable<Analysis['entities']>[number];

/** The gold mentions of one article as the entities the model tier is asked about: one per name, with the fast roles of its first mention. */
function entitiesOf(mentions: readonly { e: MentionExample; fast: Roles & { score: number; fineScores: number[] } }[], raw: string): Entity[] {
  const byName = new Map<string, Entity>();
  for (const { e, fast } of mentions) {
    const known = byName.get(e.name);
    const mention = { ...e.span, text: raw.slice(e.span.start, e.span.end) };
    if (known) known.mentions.push(mention);
    else byName.set(e.name, { name: e.name, mentions: [mention], mainRole: fast.main as Entity['mainRole'], fineRoles: fast.fine.map((role, k) => ({ role, score: fast.fineScores[k] })), confidence: fast.score, evidence: [] });
  }
  return [...byName.values()];
}

/**
 * `eval entities --tier llm|hybrid`: the gold mentions of the first `limit` training articles of each
 * language, given roles by the fast model and then by the model tier (the mentions, one entity per
 * name, are what the model is asked about), both scored with the official metrics on the same
 * mentions. A mention whose entity the model did not answer for keeps its fast roles. The shipped fast
 * models were trained on this split, so their figure here is optimistic.
 */
async function evalTier(ctx: TaskCommandContext, o: { data: string; lang?: string; limit?: number; tierOptions: Record<string, unknown> }): Promise<void> {
  const tier = await ctx.openTier(o.tierOptions, ['entities']);
  if (!tier) throw new Error('eval entities: give --gold and --pred, or --cv k, or --tier llm|hybrid (the fast tier alone is what --cv measures)');
  const taxonomy = readRoleTaxonomy(o.data);
  const entitiesTask = ctx.tasks.find((t) => t.id === 'entities');
  try {
    for (const lang of languagesFrom(o.lang, LANGUAGES)) {
      const corpus = loadEntityCorpus(o.data, lang, taxonomy);
      const model = loadEntityModel(lang);
      if (!model) throw new Error(`no entity model for ${lang} in ${entityModelDir()} (run narrascope train entities --lang ${lang})`);
      const narratives = readsNarratives(model.featureOptions) ? pipelineNarratives(ctx, lang) : undefined;
      const files = [...corpus.texts.keys()].slice(0, o.limit);
      const scored = files.map((file) => {
        const raw = corpus.texts.get(file)!;
        const context = articleContext(raw, undefined, narratives?.(file, raw));
        const mentions = corpus.examples.filter((e) => e.file === file).map((e) => {
          const p = model.classify(context, e.span, e.name);
          return { e, fast: { main: p.main as string, fine: p.fine.map((f) => f.role), score: p.mainScore, fineScores: p.fine.map((f) => f.score) } };
        });
        const article = createArticle({ raw, id: file, origin: { path: file, format: 'semeval' } });
        const { analysis } = ctx.analyzeDoc(article, { annotators: [], language: lang.toLowerCase() });
        analysis.entities = entitiesOf(mentions, raw);
        if (entitiesTask) analysis.models.push({ task: 'entities', version: entitiesTask.version(model) });
        return { article, analysis, mentions };
      });
      await tier.apply(scored.map(({ article, analysis }) => ({ article, analysis })));
      const gold = (e: MentionExample): Roles => ({ main: taxonomy.mainRoles[e.main], fine: e.fine.map((f) => taxonomy.fineRoles[f]) });
      const fastPairs = scored.flatMap((s) => s.mentions.map(({ e, fast }) => ({ gold: gold(e), pred: fast })));
      const tierPairs = scored.flatMap(({ analysis, mentions }) =>
        mentions.map(({ e, fast }) => {
          const answered = analysis.entities!.find((x) => x.name === e.name && x.tier);
          return { gold: gold(e), pred: answered ? { main: answered.mainRole, fine: answered.fineRoles.map((f) => f.role) } : fast };
        }),
      );
      const failed = scored.filter((s) => s.analysis.models.some((m) => m.task === 'entities' && m.error)).length;
      process.stdout.write(`${lang}\tfast\t${fmt(scorePairs(fastPairs))}\tarticles ${files.length}\n`);
      process.stdout.write(`${lang}\t${tier.tier}\t${fmt(scorePairs(tierPairs))}\tarticles ${files.length}\tfailed ${failed} (fast roles kept)\n`);
    }
    process.stderr.write(`${tier.describe()}\n(the shipped fast models were trained on the training split: their scores on it are optimistic)\n`);
  } finally {
    await tier.close();
  }
}

/** Trains and writes the entity models of `langs` from a SemEval-2025 Task 10 folder (with --cv, cross-validated first). */
async function trainLanguages(ctx: TaskCommandContext, data: string, langs: readonly string[], o: { seed: number; cv?: number; out?: string }): Promise<void> {
  const out = o.out ?? entityModelDir();
  mkdirSync(out, { recursive: true });
  const taxonomy = readRoleTaxonomy(data);
  const heldOut = await heldOutNarratives(ctx);
  for (const lang of langs) {
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
}

interface TrainOptions {
  data?: string;
  lang?: string;
  seed: number;
  cv?: number;
  out?: string;
  fromStore?: boolean;
  db?: string;
  withModelLabels?: boolean;
  withShipped?: boolean;
  force?: boolean;
}

/**
 * `train entities --from-store`: the role model trained on the analysts' approved roles of the stored
 * articles (with --with-model-labels also the language model's), cross-validated against the installed
 * model and installed when better (ctx.trainFromStore; src/learn/from-store-entities.ts).
 */
function fromStoreOptions(o: TrainOptions): TrainFromStoreOptions {
  return {
    db: o.db,
    langs: o.lang ? languagesFrom(o.lang, LANGUAGES) : undefined,
    seed: o.seed,
    folds: o.cv ?? 5,
    withModelLabels: o.withModelLabels,
    shippedData: o.withShipped ? (o.data ?? defaultDataDir()) : undefined,
    force: o.force,
    out: o.out,
  };
}

export function registerCommands(ctx: TaskCommandContext): void {
  ctx.train
    .command('entities')
    .description('train entity-role models (SemEval-2025 Task 10 subtask 1), one per language')
    .option('--data <dir>', 'SemEval-2025 Task 10 folder (default $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10)')
    .option('--lang <codes>', 'languages, comma-separated (default all: EN,BG,HI,PT,RU)')
    .option('--seed <n>', 'random seed', ctx.positiveInt('--seed'), 13)
    .option('--cv <k>', 'also cross-validate with k folds and store the scores in the model (with --from-store: the folds, default 5)', ctx.positiveInt('--cv'))
    .option('--out <dir>', 'where to write <LANG>.nscm (default models/entities; with --from-store: instead of installing)')
    .option('--from-store', "learn from the analysts' approved entity roles of the stored articles, install the model when it scores better (docs/corrections.md)")
    .option('--db <file>', 'with --from-store: the database (default: $NARRASCOPE_DB, else ./narrascope.db)')
    .option('--with-model-labels', "with --from-store: also the roles a language model gave the stored articles' entities (docs/llm.md, distillation)")
    .option('--with-shipped', 'with --from-store: also the training split of --data (the data the shipped models learnt from)')
    .option('--force', 'with --from-store: install the new model even when it does not score better')
    .action(async (o: TrainOptions) => {
      if (o.fromStore) return ctx.trainFromStore('entities', fromStoreOptions(o));
      return trainLanguages(ctx, o.data ?? defaultDataDir(), languagesFrom(o.lang, LANGUAGES), o);
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

  const evaluate = ctx.evaluate
    .command('entities')
    .description('score a submission against gold (--gold, --pred), or cross-validate on the training data (--cv k)')
    .option('--gold <file>', 'gold annotations')
    .option('--pred <file>', 'predictions in the submission format')
    .option('--cv <k>', 'k-fold cross-validation (folds by article) on the training split', ctx.positiveInt('--cv'))
    .option('--data <dir>', 'SemEval-2025 Task 10 folder for --cv')
    .option('--lang <codes>', 'languages for --cv, comma-separated (default all)')
    .option('--seed <n>', 'random seed for --cv', ctx.positiveInt('--seed'), 13)
    .option('--limit <n>', 'with --tier llm|hybrid: the first n training articles per language', ctx.positiveInt('--limit'));
  ctx.tierOptions(evaluate).action(async (o: { gold?: string; pred?: string; cv?: number; data?: string; lang?: string; seed: number; limit?: number }) => {
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
      if (!o.gold || !o.pred) return evalTier(ctx, { data: o.data ?? defaultDataDir(), lang: o.lang, limit: o.limit, tierOptions: o });
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
