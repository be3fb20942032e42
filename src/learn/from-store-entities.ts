/**
 * `train entities --from-store` (issue 17): the entity-role model trained on the analysts' approved
 * roles — every entity of an article with an entity-role decision, its roles as the export shows them
 * (export/approved.ts approvedEntities) — written as a SemEval subtask-1 folder so the project's
 * trainer and cross-validation (tasks/entities/train.ts, cv.ts) run on it unchanged; the language
 * model's roles (--with-model-labels) and the shipped split (--with-shipped) join as extra, never-scored
 * training mentions. Compared and installed like the narratives (from-store-run.ts deliverModel).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvedEntities } from '../export/approved.js';
import { modelLabelled } from '../llm/distill.js';
import type { Analysis } from '../schema.js';
import type { Annotation } from '../store/annotations.js';
import { articleContext, type ArticleContext } from '../tasks/entities/context.js';
import { loadEntityCorpus, readRoleTaxonomy, type EntityCorpus, type MentionExample } from '../tasks/entities/corpus.js';
import { crossValidateEntities } from '../tasks/entities/cv.js';
import { formatAnnotation, utf16ToCodePoint } from '../tasks/entities/io.js';
import { encodeEntityModel, type EntityModelInfo, type EntityRoleModel } from '../tasks/entities/model.js';
import { scorePairs } from '../tasks/entities/score.js';
import type { RoleTaxonomy } from '../tasks/entities/taxonomy.js';
import { trainEntityModel } from '../tasks/entities/train.js';
import { loadTrainSplit } from '../tasks/narratives/corpus.js';
import { OTHER } from '../tasks/narratives/taxonomy.js';
import { CV_SEEDS, candidates, decisionsByArticle, splitScored, summary, writeSplit, type FromStoreEngine, type LanguagePlan } from './from-store.js';
import { trainedFromStore, type InstalledScores, type MeanSd } from './from-store-install.js';
import { latestDecisions } from './from-store-labels.js';
import { describePlan, deliverModel, KIND_TEXT, MIN_TRAINING_ARTICLES, recordedWhat, reportMissing, type FromStoreOptions } from './from-store-run.js';

type Entity = NonNullable<Analysis['entities']>[number];

const SUBTASK1_FILE = 'subtask-1-annotations.txt';

export interface EntityFolder {
  /** The SemEval-style folder: texts in `docs/`, a split per language written by planEntityLanguage. */
  dir: string;
  /** Per language (upper-case code), the files of the approved and of the model-labelled articles. */
  byLanguage: Map<string, { approved: string[]; model: string[] }>;
  /** Each file's subtask-1 rows. */
  rows: Map<string, string[]>;
  /** Each file's narratives as its analysis gives them: what the role model reads at inference. */
  narratives: Map<string, string[]>;
  /**
   * Roles accepted or added for entities the article's analysis has no mention of: a subtask-1 row
   * names a mention, so these decisions cannot be trained on.
   */
  unplaced: number;
  /** Approved entities left without a fine role (a subtask-1 row needs one): left out. */
  noFineRole: number;
  /** Decided articles with no mention left to train on (every role rejected, or no entity found). */
  empty: number;
  /** Ids of articles with decisions that are no longer stored (deleted since). */
  missing: string[];
}

/** The latest current role decisions whose entity the analysis has no mention of, and that keep a role. */
export function unplacedDecisions(analysis: Analysis, decisions: readonly Annotation[]): Annotation[] {
  const known = new Set((analysis.entities ?? []).filter((e) => e.mentions.length > 0).map((e) => e.name));
  const latest = latestDecisions(decisions, 'entities', (a) => `${a.entity ?? ''}\u0000${a.label}`);
  return [...latest.values()].filter((d) => d.decision !== 'reject' && !known.has(d.entity ?? ''));
}

/** One subtask-1 row per mention of each entity with a fine role (offsets in code points, end inclusive). */
export function mentionRows(file: string, raw: string, entities: readonly Entity[]): { rows: string[]; noFineRole: number } {
  const kept = entities.filter((e) => e.fineRoles.length > 0);
  const rows = kept.flatMap((e) =>
    e.mentions.map((m) => {
      const cp = utf16ToCodePoint(raw, m);
      return formatAnnotation({ file, mention: m.text, start: cp.start, end: cp.end, main: e.mainRole, fine: e.fineRoles.map((f) => f.role) });
    }),
  );
  return { rows, noFineRole: entities.length - kept.length };
}

/** An analysis's narrative labels ("Other" is none). */
function narrativeLabels(analysis: Analysis): string[] {
  const n = analysis.narratives;
  return n?.status === 'ok' ? n.narratives.map((x) => x.label).filter((l) => l !== OTHER) : [];
}

/**
 * Reads the store's articles with entity-role decisions (and, with `withModelLabels`, those whose
 * roles a language model gave) into `dir`: texts in `docs/`, rows and narratives in memory.
 */
export async function writeEntityFolder(engine: FromStoreEngine, dir: string, withModelLabels: boolean): Promise<EntityFolder> {
  const decided = await decisionsByArticle(engine, 'entities');
  const folder: EntityFolder = { dir, byLanguage: new Map(), rows: new Map(), narratives: new Map(), unplaced: 0, noFineRole: 0, empty: 0, missing: [] };
  mkdirSync(join(dir, 'docs'), { recursive: true });
  let k = 0;
  for await (const a of candidates(engine, decided, withModelLabels, folder.missing)) {
    const decisions = decided.get(a.id);
    const file = `${k}.txt`;
    let entities: Entity[];
    if (decisions) {
      folder.unplaced += unplacedDecisions(a.analysis, decisions).length;
      entities = approvedEntities(a.analysis.entities ?? [], decisions);
    } else if (modelLabelled(a.analysis, 'entities')) entities = (a.analysis.entities ?? []).filter((e) => e.tier !== undefined);
    else continue;
    const { rows, noFineRole } = mentionRows(file, a.raw, entities);
    folder.noFineRole += noFineRole;
    if (rows.length === 0) {
      if (decisions) folder.empty++;
      continue;
    }
    const lang = a.language.toUpperCase();
    const files = folder.byLanguage.get(lang) ?? { approved: [], model: [] };
    folder.byLanguage.set(lang, files);
    (decisions ? files.approved : files.model).push(file);
    folder.rows.set(file, rows);
    folder.narratives.set(file, narrativeLabels(a.analysis));
    writeFileSync(join(dir, 'docs', file), a.raw);
    k++;
  }
  return folder;
}

/** One language's training set: the scored corpus, the extra mentions and every article's text and narratives. */
export interface EntityPlan extends Pick<LanguagePlan, 'lang' | 'scored' | 'scoredKind' | 'extra'> {
  corpus: EntityCorpus;
  /** Extra training mentions (model-labelled, shipped): trained on, never scored. */
  pool: MentionExample[];
  texts: Map<string, string>;
  narratives: Map<string, string[]>;
  /** Rows the corpus reader skipped or repaired. */
  notes: string[];
}

/** The shipped split's gold narratives by file (none when it has no subtask-2 file). */
function shippedNarratives(shippedData: string, lang: string): Map<string, string[]> {
  if (!existsSync(join(shippedData, lang, 'train', 'subtask-2-annotations.txt'))) return new Map();
  return new Map(loadTrainSplit(shippedData, lang).map((d) => [d.id, d.gold.narratives.filter((n) => n !== OTHER)]));
}

/**
 * Lays out one language: the approved articles are scored (and the model-labelled ones too when fewer
 * than `minimum` were approved, as for the narratives: from-store.ts splitScored); model-labelled
 * articles otherwise, and `shippedData`'s training split, become extra training mentions.
 */
export function planEntityLanguage(folder: EntityFolder, lang: string, minimum: number, roles: RoleTaxonomy, shippedData?: string): EntityPlan {
  const files = folder.byLanguage.get(lang) ?? { approved: [], model: [] };
  const split = splitScored(files.approved, files.model, minimum);
  const content = (list: readonly string[]) => list.flatMap((f) => folder.rows.get(f) ?? []).map((r) => `${r}\n`).join('');
  writeSplit(folder.dir, lang, SUBTASK1_FILE, content(split.scored));
  const corpus = loadEntityCorpus(folder.dir, lang, roles);
  const plan: EntityPlan = { lang, scored: corpus.texts.size, scoredKind: split.kind, extra: {}, corpus, pool: [], texts: new Map(corpus.texts), narratives: new Map(folder.narratives), notes: [...corpus.notes] };
  if (split.pooled.length) {
    writeSplit(folder.dir, `M-${lang}`, SUBTASK1_FILE, content(split.pooled));
    addPool(plan, loadEntityCorpus(folder.dir, `M-${lang}`, roles), 'modelLabelled', (f) => f);
  }
  if (shippedData) {
    // The shipped files are named in their own folder: prefixed, so none can clash with the store's.
    const key = (f: string) => `S-${lang}/${f}`;
    addPool(plan, loadEntityCorpus(shippedData, lang, roles), 'shipped', key);
    for (const [f, labels] of shippedNarratives(shippedData, lang)) plan.narratives.set(key(f), labels);
  }
  return plan;
}

/** Adds a corpus's mentions and texts to the plan as extra training data, its files renamed by `key`. */
function addPool(plan: EntityPlan, corpus: EntityCorpus, source: string, key: (file: string) => string): void {
  plan.pool.push(...corpus.examples.map((e) => ({ ...e, file: key(e.file) })));
  for (const [f, raw] of corpus.texts) plan.texts.set(key(f), raw);
  plan.extra[source] = corpus.texts.size;
  plan.notes.push(...corpus.notes);
}

/**
 * Fresh article contexts of every text of the plan, with their narratives. Fresh for each model: a
 * context caches feature blocks of the featurizer that first reads it.
 */
export function planContexts(plan: EntityPlan): Map<string, ArticleContext> {
  return new Map([...plan.texts].map(([f, raw]) => [f, articleContext(raw, undefined, plan.narratives.get(f) ?? [])]));
}

/** Scores on the scored mentions, mean ± sd (over CV seeds; sd 0 for a fixed model). */
export interface EntityScores {
  emr: MeanSd;
  mainAccuracy: MeanSd;
  microF1: MeanSd;
  articles: number;
}

/** The figure models are compared by: the mean of the two the trainer tunes its decoding for (train.ts mainShare). */
export const entityOverall = (s: EntityScores): number => (s.emr.mean + s.mainAccuracy.mean) / 2;

/** "EMR 0.412 ± 0.020  main acc 0.700 ± 0.010  micro F1 0.533 ± 0.015". */
export function entityScoreText(s: EntityScores): string {
  const f = (x: MeanSd) => `${x.mean.toFixed(3)} ± ${x.sd.toFixed(3)}`;
  return `EMR ${f(s.emr)}  main acc ${f(s.mainAccuracy)}  micro F1 ${f(s.microF1)}`;
}

/** The new model's k-fold cross-validated scores (folds by article), mean ± sd over CV_SEEDS. */
export function crossValidatedEntityScores(plan: EntityPlan, k: number): EntityScores {
  const runs = CV_SEEDS.map((seed) => crossValidateEntities(plan.corpus, k, seed, { pool: plan.pool }, planContexts(plan)).scores);
  return { emr: summary(runs.map((r) => r.emr)), mainAccuracy: summary(runs.map((r) => r.mainAccuracy)), microF1: summary(runs.map((r) => r.microF1)), articles: plan.scored };
}

/** A fixed model's scores on the scored mentions (it was trained elsewhere: every mention is held out from it). */
export function fixedEntityScores(model: EntityRoleModel, plan: EntityPlan): EntityScores {
  const contexts = planContexts(plan);
  const tax = plan.corpus.taxonomy;
  const s = scorePairs(
    plan.corpus.examples.map((e) => {
      const p = model.classify(contexts.get(e.file)!, e.span, e.name);
      return { gold: { main: tax.mainRoles[e.main] as string, fine: e.fine.map((f) => tax.fineRoles[f]) }, pred: { main: p.main as string, fine: p.fine.map((x) => x.role) } };
    }),
  );
  return { emr: { mean: s.emr, sd: 0 }, mainAccuracy: { mean: s.mainAccuracy, sd: 0 }, microF1: { mean: s.microF1, sd: 0 }, articles: plan.scored };
}

/** A role model's version name, as the entities task records it (without the file digest). */
const versionOf = (info: EntityModelInfo): string => `${info.language}-${info.trainedAt.slice(0, 10)}`;

export interface EntityFromStoreDeps {
  engine: FromStoreEngine;
  /** The entity-role model in use for a language (the installed one, else the package's), or null. */
  currentModel(lang: string): EntityRoleModel | null;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The role taxonomy: the shipped data's with --with-shipped, else the English role model's. */
function roleTaxonomy(o: FromStoreOptions, deps: EntityFromStoreDeps): RoleTaxonomy {
  if (o.shippedData) return readRoleTaxonomy(o.shippedData);
  const roles = deps.currentModel('en')?.taxonomy;
  if (!roles) throw new Error('train entities --from-store: no English entity-role model to take the role taxonomy from (or give --with-shipped, whose taxonomy/subtask1_roles.tsv names the roles)');
  return roles;
}

/** What the new model is compared with (as for the narratives: from-store-run.ts installedScores). */
function installedScores(plan: EntityPlan, deps: EntityFromStoreDeps): { scores: EntityScores; what: string } | null {
  const record = trainedFromStore('entities', plan.lang, deps.engine.location);
  const { emr, mainAccuracy, microF1 }: Partial<InstalledScores> = record?.scores ?? {};
  if (record && emr && mainAccuracy && microF1) return { scores: { emr, mainAccuracy, microF1, articles: record.scores.articles }, what: recordedWhat(record) };
  const current = deps.currentModel(plan.lang);
  if (!current) return null;
  const scores = fixedEntityScores(current, plan);
  return { scores, what: `installed model ${versionOf(current.info)} on the same ${scores.articles} article(s)` };
}

/** Cross-validates, compares, trains on every article and installs (or writes) one language's model. */
function runLanguage(plan: EntityPlan, o: FromStoreOptions, deps: EntityFromStoreDeps): void {
  const { lang } = plan;
  const mentions = plan.corpus.examples.length;
  deps.err(`${lang}: cross-validating on ${describePlan(plan)}, ${mentions} mention(s), ${o.folds} folds × seeds ${CV_SEEDS.join(',')}`);
  const fresh = crossValidatedEntityScores(plan, o.folds);
  deps.out(`${lang}\t${entityScoreText(fresh)}\tnew model, ${o.folds}-fold CV over seeds ${CV_SEEDS.join(',')} on ${plan.scored} ${KIND_TEXT[plan.scoredKind]} (${mentions} mentions)`);
  const before = installedScores(plan, deps);
  if (before) deps.out(`${lang}\t${entityScoreText(before.scores)}\t${before.what}`);
  const cv = { folds: o.folds, emr: fresh.emr.mean, microF1: fresh.microF1.mean, mainAccuracy: fresh.mainAccuracy.mean };
  const model = trainEntityModel(lang, plan.corpus, plan.corpus.examples, planContexts(plan), { seed: o.seed, pool: plan.pool }, { cv, command: `narrascope train entities --from-store --seed ${o.seed} --cv ${o.folds}` });
  deliverModel({ task: 'entities', lang, bytes: encodeEntityModel(model), version: versionOf(model.info), plan, fresh, before, overall: entityOverall, figure: 'mean of exact-match ratio and main-role accuracy' }, o, deps);
}

/** Says what of the store could not be trained on. */
function reportLeftOut(folder: EntityFolder, err: (line: string) => void): void {
  reportMissing(folder.missing, err);
  if (folder.unplaced) err(`left out: ${folder.unplaced} role decision(s) on entities with no mention in the article's analysis (a subtask-1 row names a mention)`);
  if (folder.noFineRole) err(`left out: ${folder.noFineRole} entit(y/ies) without a fine role (a subtask-1 row needs one)`);
  if (folder.empty) err(`not used: ${folder.empty} decided article(s) with no entity mention left with a role`);
}

/** The whole run; throws with a message naming what is missing when nothing can be trained. */
export async function trainEntitiesFromStore(o: FromStoreOptions, deps: EntityFromStoreDeps): Promise<void> {
  const roles = roleTaxonomy(o, deps);
  const root = mkdtempSync(join(tmpdir(), 'narrascope-from-store-entities-'));
  try {
    const folder = await writeEntityFolder(deps.engine, root, Boolean(o.withModelLabels));
    reportLeftOut(folder, deps.err);
    if (folder.byLanguage.size === 0) {
      const none = "no stored article has an analyst's decision on an entity role (accept, reject, add or change roles in the dashboard or through the API first)";
      throw new Error(`train entities --from-store: ${o.withModelLabels ? 'no stored article has entity roles from a language model, and ' : ''}${none}`);
    }
    for (const lang of o.langs ?? [...folder.byLanguage.keys()].sort()) {
      const plan = planEntityLanguage(folder, lang, MIN_TRAINING_ARTICLES, roles, o.shippedData);
      if (plan.notes.length) deps.err(`${lang}: ${plan.notes.length} mention row(s) skipped or repaired, e.g. ${plan.notes[0]}`);
      if (plan.scored < MIN_TRAINING_ARTICLES) {
        deps.err(`${lang}: ${plan.scored} ${KIND_TEXT[plan.scoredKind]}, fewer than ${MIN_TRAINING_ARTICLES}: not trained`);
        continue;
      }
      runLanguage(plan, o, deps);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
