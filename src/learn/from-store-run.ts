/**
 * The `train narratives --from-store` run: reads the store into a temporary training folder
 * (from-store.ts), and per language cross-validates the new model, scores the installed one on the
 * same approved articles, trains on them all and installs the new model when it scores better (or
 * with --force; from-store-install.ts keeps the one it replaces), or writes it to `--out`. Scores go
 * to standard output, progress and decisions to standard error. The comparison and install step
 * (deliverModel) is shared with `train entities --from-store` (from-store-entities.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainNarrativeModel } from '../tasks/narratives/build.js';
import { readTaxonomy } from '../tasks/narratives/corpus.js';
import type { NarrativeModel } from '../tasks/narratives/model.js';
import { scoreText } from '../tasks/narratives/score.js';
import type { Taxonomy } from '../tasks/narratives/taxonomy.js';
import type { TrainFromStoreOptions } from '../tasks/task.js';
import { labelLists, mergeLabelLists, readTaxonomyFile, type TaxonomyFile } from '../taxonomy/file.js';
import { CV_SEEDS, crossValidatedScores, fixedModelScores, overall, planLanguage, writeTrainingFolder, type FromStoreEngine, type LanguagePlan, type ModelScores } from './from-store.js';
import { installModel, latestInstalledTaxonomy, trainedFromStore, type InstalledScores } from './from-store-install.js';

/** Fewer scored articles than this in a language are not enough to train and cross-validate on. */
export const MIN_TRAINING_ARTICLES = 20;

/** The command's options (tasks/task.ts, where the narratives commands read them from). */
export type FromStoreOptions = TrainFromStoreOptions;

export interface FromStoreDeps {
  engine: FromStoreEngine;
  /** The narrative model in use for a language (the installed one, else the package's), or null. */
  currentModel(lang: string): NarrativeModel | null;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The taxonomy trained on: a file (with the SemEval lists beside it when it asks, or with the shipped data), else the installed one, else the shipped models' SemEval lists. */
function trainingTaxonomy(o: FromStoreOptions, deps: FromStoreDeps): { file?: TaxonomyFile; lists: Taxonomy } {
  const path = o.taxonomy ?? (process.env.NARRASCOPE_TAXONOMY || undefined);
  const file = path ? readTaxonomyFile(path) : latestInstalledTaxonomy('narratives');
  const semeval = (): Taxonomy => {
    if (o.shippedData) return readTaxonomy(o.shippedData);
    const lists = deps.currentModel('en')?.meta.taxonomy;
    if (!lists) throw new Error('train narratives --from-store: no taxonomy file given and no English narrative model to take the SemEval labels from');
    return lists;
  };
  if (!file) return { lists: semeval() };
  return { file, lists: file.withSemEval || o.shippedData ? mergeLabelLists(labelLists(file), semeval()) : labelLists(file) };
}

export const KIND_TEXT: Record<LanguagePlan['scoredKind'], string> = {
  approved: 'approved article(s)',
  'approved and model-labelled': 'approved or model-labelled article(s)',
  'model-labelled': 'article(s) labelled by a language model',
};

/** "45 approved article(s) (+ 12 model-labelled, 400 shipped as extra training articles)". */
export function describePlan(p: Pick<LanguagePlan, 'scored' | 'scoredKind' | 'extra'>): string {
  const extra = Object.entries(p.extra).map(([k, n]) => `${n} ${k === 'modelLabelled' ? 'model-labelled' : k}`);
  return `${p.scored} ${KIND_TEXT[p.scoredKind]}${extra.length ? ` (+ ${extra.join(', ')} as extra training articles)` : ''}`;
}

/**
 * What the new model is compared with: the model in use scored on the approved articles — unless it
 * was trained from this store, when it saw them (an in-sample score no cross-validated one could beat):
 * then its own cross-validated scores, recorded when it was installed.
 */
function installedScores(lang: string, dir: string, deps: FromStoreDeps, lists: Taxonomy): { scores: ModelScores; what: string } | null {
  const record = trainedFromStore('narratives', lang, deps.engine.location);
  const { coarse, fine }: Partial<InstalledScores> = record?.scores ?? {};
  if (record && coarse && fine) return { scores: { coarse, fine, articles: record.scores.articles }, what: recordedWhat(record) };
  const current = deps.currentModel(lang);
  if (!current) return null;
  const scores = fixedModelScores(current, dir, lang, lists);
  return { scores, what: `installed model ${current.meta.version} on the same ${scores.articles} article(s)` };
}

/** How the scores recorded with a model trained from this store are described. */
export function recordedWhat(record: { version?: string; scores: InstalledScores }): string {
  return `installed model${record.version ? ` ${record.version}` : ''}: its ${record.scores.method} when trained from this store (${record.scores.articles} articles; it has seen these)`;
}

/** A newly trained model of one language, with what decides whether it replaces the installed one. */
export interface TrainedModel<S> {
  task: 'narratives' | 'entities';
  lang: string;
  bytes: Uint8Array;
  version: string;
  plan: Pick<LanguagePlan, 'scored' | 'scoredKind' | 'extra'>;
  /** Its cross-validated scores, and the installed model's on the same articles (null: none installed). */
  fresh: S;
  before: { scores: S } | null;
  /** The single figure models are compared by, and what it is. */
  overall: (s: S) => number;
  figure: string;
  taxonomy?: TaxonomyFile;
}

/**
 * Writes the model to `--out`, or installs it when it scores better than the installed one (or with
 * --force), recording its scores and training set and keeping the model it replaces.
 */
export function deliverModel<S extends Omit<InstalledScores, 'method'>>(m: TrainedModel<S>, o: Pick<FromStoreOptions, 'out' | 'force' | 'folds'>, deps: Pick<FromStoreDeps, 'engine' | 'err'>): void {
  const { lang } = m;
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    const path = join(o.out, `${lang}.nscm`);
    writeFileSync(path, m.bytes);
    deps.err(`${lang}: ${path} from ${describePlan(m.plan)}`);
    return;
  }
  const better = !m.before || m.overall(m.fresh) > m.overall(m.before.scores);
  if (!better && !o.force) {
    deps.err(`${lang}: not installed: the new model (${m.overall(m.fresh).toFixed(3)}, ${m.figure}) is not better than the installed one (${m.overall(m.before!.scores).toFixed(3)}); --force installs it anyway`);
    return;
  }
  installModel(m.task, lang, m.bytes, {
    version: m.version,
    scores: { ...m.fresh, method: `${o.folds}-fold CV, seeds ${CV_SEEDS.join(',')}` },
    trainedOn: { [m.plan.scoredKind === 'model-labelled' ? 'modelLabelled' : 'approved']: m.plan.scored, ...m.plan.extra },
    ...(m.taxonomy ? { taxonomy: m.taxonomy } : {}),
    store: deps.engine.location,
  });
  const why = !m.before ? 'no model was installed' : better ? `better than the installed one: ${m.overall(m.fresh).toFixed(3)} vs ${m.overall(m.before.scores).toFixed(3)}` : 'forced';
  deps.err(`${lang}: installed (${why}); the previous model is kept: \`narrascope models rollback ${m.task} --lang ${lang.toLowerCase()}\` restores it`);
}

/** Trains, compares and installs (or writes) one language's model. */
async function runLanguage(plan: LanguagePlan, dir: string, o: FromStoreOptions, deps: FromStoreDeps, taxonomy: { file?: TaxonomyFile; lists: Taxonomy }): Promise<void> {
  const { lang } = plan;
  deps.err(`${lang}: cross-validating on ${describePlan(plan)}, ${o.folds} folds × seeds ${CV_SEEDS.join(',')}`);
  const fresh = crossValidatedScores(plan, dir, o.folds, () => {});
  deps.out(`${lang}\t${scoreText(fresh)}\tnew model, ${o.folds}-fold CV over seeds ${CV_SEEDS.join(',')} on ${plan.scored} ${KIND_TEXT[plan.scoredKind]}`);
  const before = installedScores(lang, dir, deps, taxonomy.lists);
  if (before) deps.out(`${lang}\t${scoreText(before.scores)}\t${before.what}`);
  const model = trainNarrativeModel(dir, lang, { ...plan.options, seed: o.seed });
  deliverModel({ task: 'narratives', lang, bytes: model.encode(), version: model.meta.version, plan, fresh, before, overall, figure: 'mean of coarse and fine F1', ...(taxonomy.file ? { taxonomy: taxonomy.file } : {}) }, o, deps);
}

/** Names the articles with decisions that are no longer stored (deleted since): skipped. */
export function reportMissing(missing: readonly string[], err: (line: string) => void): void {
  if (missing.length) err(`skipped ${missing.length} article(s) with decisions that are no longer stored (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`);
}

/** The whole run; throws with a message naming what is missing when nothing can be trained. */
export async function trainNarrativesFromStore(o: FromStoreOptions, deps: FromStoreDeps): Promise<void> {
  const taxonomy = trainingTaxonomy(o, deps);
  const root = mkdtempSync(join(tmpdir(), 'narrascope-from-store-'));
  // The trainer looks for out-of-domain corpora beside the data folder: this one has none.
  const dir = join(root, 'semeval2025-t10');
  try {
    const folder = await writeTrainingFolder(deps.engine, dir, taxonomy.lists, Boolean(o.withModelLabels));
    reportMissing(folder.missing, deps.err);
    for (const [label, n] of folder.outside) deps.err(`left out: "${label}" (${n} article(s)) is not in the taxonomy trained on${taxonomy.file ? ` (${taxonomy.file.id})` : ''}`);
    if (folder.byLanguage.size === 0) {
      const none = 'no stored article has an analyst\'s decision on its narratives (accept, reject or add labels in the dashboard or through the API first)';
      throw new Error(`train narratives --from-store: ${o.withModelLabels ? 'no stored article has narratives from a language model, and ' : ''}${none}`);
    }
    const langs = o.langs ?? [...folder.byLanguage.keys()].sort();
    for (const lang of langs) {
      const plan = planLanguage(folder, lang, MIN_TRAINING_ARTICLES, o.shippedData);
      if (plan.scored < MIN_TRAINING_ARTICLES) {
        deps.err(`${lang}: ${plan.scored} ${KIND_TEXT[plan.scoredKind]}, fewer than ${MIN_TRAINING_ARTICLES}: not trained`);
        continue;
      }
      await runLanguage(plan, dir, o, deps, taxonomy);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
