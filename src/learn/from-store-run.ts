/**
 * The `train narratives --from-store` run: reads the store into a temporary training folder
 * (from-store.ts), and per language cross-validates the new model, scores the installed one on the
 * same approved articles, trains on them all and installs the new model when it scores better (or
 * with --force; from-store-install.ts keeps the one it replaces), or writes it to `--out`. Scores go
 * to standard output, progress and decisions to standard error.
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
import { installModel, latestInstalledTaxonomy, readManifest } from './from-store-install.js';

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

const KIND_TEXT: Record<LanguagePlan['scoredKind'], string> = {
  approved: 'approved article(s)',
  'approved and model-labelled': 'approved or model-labelled article(s)',
  'model-labelled': 'article(s) labelled by a language model',
};

/** "45 approved article(s) (+ 12 model-labelled, 400 shipped as extra training articles)". */
function describePlan(p: LanguagePlan): string {
  const extra = Object.entries(p.extra).map(([k, n]) => `${n} ${k === 'modelLabelled' ? 'model-labelled' : k}`);
  return `${p.scored} ${KIND_TEXT[p.scoredKind]}${extra.length ? ` (+ ${extra.join(', ')} as extra training articles)` : ''}`;
}

/**
 * What the new model is compared with: the model in use scored on the approved articles — unless it
 * was trained from this store, when it saw them (an in-sample score no cross-validated one could beat):
 * then its own cross-validated scores, recorded when it was installed.
 */
function installedScores(lang: string, dir: string, deps: FromStoreDeps, lists: Taxonomy): { scores: ModelScores; what: string } | null {
  const record = readManifest('narratives')[lang]?.current;
  if (record?.source === 'trained' && record.store === deps.engine.location && record.scores) {
    return { scores: record.scores, what: `installed model${record.version ? ` ${record.version}` : ''}: its ${record.scores.method} when trained from this store (${record.scores.articles} articles; it has seen these)` };
  }
  const current = deps.currentModel(lang);
  if (!current) return null;
  const scores = fixedModelScores(current, dir, lang, lists);
  return { scores, what: `installed model ${current.meta.version} on the same ${scores.articles} article(s)` };
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
  const bytes = model.encode();
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    const path = join(o.out, `${lang}.nscm`);
    writeFileSync(path, bytes);
    deps.err(`${lang}: ${path} from ${describePlan(plan)}`);
    return;
  }
  const better = !before || overall(fresh) > overall(before.scores);
  if (!better && !o.force) {
    deps.err(`${lang}: not installed: the new model (${overall(fresh).toFixed(3)}, mean of coarse and fine F1) is not better than the installed one (${overall(before!.scores).toFixed(3)}); --force installs it anyway`);
    return;
  }
  const method = `${o.folds}-fold CV, seeds ${CV_SEEDS.join(',')}`;
  installModel('narratives', lang, bytes, {
    version: model.meta.version,
    scores: { ...fresh, method },
    trainedOn: { [plan.scoredKind === 'model-labelled' ? 'modelLabelled' : 'approved']: plan.scored, ...plan.extra },
    ...(taxonomy.file ? { taxonomy: taxonomy.file } : {}),
    store: deps.engine.location,
  });
  const why = !before ? 'no model was installed' : better ? `better than the installed one: ${overall(fresh).toFixed(3)} vs ${overall(before.scores).toFixed(3)}` : 'forced';
  deps.err(`${lang}: installed (${why}); the previous model is kept: \`narrascope models rollback narratives --lang ${lang.toLowerCase()}\` restores it`);
}

/** The whole run; throws with a message naming what is missing when nothing can be trained. */
export async function trainNarrativesFromStore(o: FromStoreOptions, deps: FromStoreDeps): Promise<void> {
  const taxonomy = trainingTaxonomy(o, deps);
  const root = mkdtempSync(join(tmpdir(), 'narrascope-from-store-'));
  // The trainer looks for out-of-domain corpora beside the data folder: this one has none.
  const dir = join(root, 'semeval2025-t10');
  try {
    const folder = await writeTrainingFolder(deps.engine, dir, taxonomy.lists, Boolean(o.withModelLabels));
    if (folder.missing.length) deps.err(`skipped ${folder.missing.length} article(s) with decisions that are no longer stored (${folder.missing.slice(0, 3).join(', ')}${folder.missing.length > 3 ? ', …' : ''})`);
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
