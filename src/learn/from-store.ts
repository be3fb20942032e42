/**
 * `train narratives --from-store` (issue 17): the training set is the store's analyst-approved
 * narratives (from-store-labels.ts; articles without a decision are not used), optionally with the
 * language-model tier's labels and the shipped training data as extra training articles (trained on,
 * never scored). It is written as a SemEval-2025 Task 10 folder in a temporary directory so the
 * project's trainer and cross-validation (tasks/narratives/build.ts, cv.ts) run on it unchanged; the new
 * model's cross-validated scores and the installed model's scores on the same approved articles decide
 * whether it is installed (from-store-install.ts). Reading the decided articles, laying out a split and
 * choosing the scored articles are shared with `train entities --from-store` (from-store-entities.ts).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Analysis } from '../schema.js';
import type { AnnotationStore, Annotation } from '../store/annotations.js';
import type { CorpusFilter, ExportRecord } from '../store/queries.js';
import type { StoredArticle } from '../store/types.js';
import { modelLabelled } from '../llm/distill.js';
import { crossValidate } from '../tasks/narratives/cv.js';
import { formatSubtask2, subtask2RowOf, type Subtask2Row } from '../tasks/narratives/io.js';
import { loadTrainSplit } from '../tasks/narratives/corpus.js';
import type { NarrativeModel } from '../tasks/narratives/model.js';
import { scoreSubtask2, type F1Summary } from '../tasks/narratives/score.js';
import type { Taxonomy } from '../tasks/narratives/taxonomy.js';
import { hashTexts, type NarrativeTrainOptions } from '../tasks/narratives/train.js';
import { approvedRow } from './from-store-labels.js';

/** What training from the store reads of a storage engine. */
export interface FromStoreEngine {
  /** Where the corpus lives (a path, or a URL without its password): recorded with an installed model. */
  readonly location: string;
  get(idOrHash: string): Promise<StoredArticle | undefined>;
  exportRecords(filter: CorpusFilter, limit?: number): AsyncIterable<ExportRecord>;
  readonly annotations: Pick<AnnotationStore, 'allAnnotations'>;
}

/** The fold seeds every cross-validated figure of the project is averaged over. */
export const CV_SEEDS = [42, 43, 44] as const;

/** The rows of one language: the approved ones (trained and scored on) and the model-labelled ones. */
export interface LanguageRows {
  approved: Subtask2Row[];
  model: Subtask2Row[];
}

export interface TrainingFolder {
  /** The SemEval-style folder (`<dir>/<LANG>/train/…`). */
  dir: string;
  byLanguage: Map<string, LanguageRows>;
  /** Decided labels outside the taxonomy, with how many articles carried each (left out of training). */
  outside: Map<string, number>;
  /** Ids of articles with decisions that are no longer stored (deleted since). */
  missing: string[];
}

/** Every current decision of `task`, by article. */
export async function decisionsByArticle(engine: FromStoreEngine, task: string): Promise<Map<string, Annotation[]>> {
  const by = new Map<string, Annotation[]>();
  for await (const a of engine.annotations.allAnnotations({ task })) {
    const list = by.get(a.articleId) ?? [];
    list.push(a);
    by.set(a.articleId, list);
  }
  return by;
}

/** The stored articles to read: those with decisions, and with model labels every other one too. */
export async function* candidates(engine: FromStoreEngine, decided: ReadonlyMap<string, Annotation[]>, withModelLabels: boolean, missing: string[]): AsyncGenerator<{ id: string; raw: string; language: string; analysis: Analysis }> {
  if (withModelLabels) {
    const seen = new Set<string>();
    for await (const r of engine.exportRecords({})) {
      seen.add(r.id);
      yield r;
    }
    missing.push(...[...decided.keys()].filter((id) => !seen.has(id)));
    return;
  }
  for (const id of decided.keys()) {
    const a = await engine.get(id);
    if (a) yield a;
    else missing.push(id);
  }
}

/**
 * Writes the approved (and, if asked, model-labelled) articles as a SemEval folder in `dir`: texts in
 * `docs/`, each language's rows in `<LANG>/train/subtask-2-annotations.txt` (approved) and
 * `M-<LANG>/…` (model-labelled), both reading their texts from `docs/`, and the taxonomy lists.
 */
export async function writeTrainingFolder(engine: FromStoreEngine, dir: string, lists: Taxonomy, withModelLabels: boolean): Promise<TrainingFolder> {
  const decided = await decisionsByArticle(engine, 'narratives');
  const byLanguage = new Map<string, LanguageRows>();
  const outside = new Map<string, number>();
  const missing: string[] = [];
  mkdirSync(join(dir, 'docs'), { recursive: true });
  let k = 0;
  for await (const a of candidates(engine, decided, withModelLabels, missing)) {
    const decisions = decided.get(a.id);
    const file = `${k}.txt`;
    let row: Subtask2Row | null = null;
    if (decisions) {
      const approved = approvedRow(file, a.analysis.narratives, decisions, lists);
      for (const l of approved.outside) outside.set(l, (outside.get(l) ?? 0) + 1);
      row = approved.row;
    } else if (modelLabelled(a.analysis, 'narratives')) row = subtask2RowOf(file, a.analysis.narratives);
    if (!row) continue;
    const lang = a.language.toUpperCase();
    const rows = byLanguage.get(lang) ?? { approved: [], model: [] };
    byLanguage.set(lang, rows);
    (decisions ? rows.approved : rows.model).push(row);
    writeFileSync(join(dir, 'docs', file), a.raw);
    k++;
  }
  mkdirSync(join(dir, 'taxonomy'), { recursive: true });
  writeFileSync(join(dir, 'taxonomy', 'subtask2_narratives.txt'), `${lists.narratives.join('\n')}\n`);
  writeFileSync(join(dir, 'taxonomy', 'subtask2_subnarratives.txt'), `${lists.subNarratives.join('\n')}\n`);
  return { dir, byLanguage, outside, missing };
}

const SUBTASK2_FILE = 'subtask-2-annotations.txt';

/** Writes `<dir>/<name>/train/<file>` with this content, the split's texts read from `<dir>/docs/`. */
export function writeSplit(dir: string, name: string, file: string, content: string): void {
  const base = join(dir, name, 'train');
  mkdirSync(base, { recursive: true });
  symlinkSync(resolve(dir, 'docs'), join(base, 'raw-documents'), 'dir');
  writeFileSync(join(base, file), content);
}

export type ScoredKind = 'approved' | 'approved and model-labelled' | 'model-labelled';

/**
 * Which of a language's articles are scored: the approved ones, the model-labelled ones joining as
 * extra (pooled) training articles — except when fewer than `minimum` were approved: then the
 * model-labelled ones are scored too, which the report says.
 */
export function splitScored<T>(approved: readonly T[], model: readonly T[], minimum: number): { scored: T[]; pooled: T[]; kind: ScoredKind } {
  const pool = approved.length >= minimum && model.length > 0;
  const kind: ScoredKind = model.length === 0 || pool ? 'approved' : approved.length === 0 ? 'model-labelled' : 'approved and model-labelled';
  return { scored: pool ? [...approved] : [...approved, ...model], pooled: pool ? [...model] : [], kind };
}

/** One language's training plan: the scored rows, the extra (pooled) sources and the trainer options. */
export interface LanguagePlan {
  lang: string;
  /** Articles trained and scored on, and what they are. */
  scored: number;
  scoredKind: ScoredKind;
  /** Extra training articles by source (never scored). */
  extra: Record<string, number>;
  options: Partial<NarrativeTrainOptions>;
}

/**
 * Lays out one language in the folder. The approved articles are the scored set; model-labelled ones
 * join as extra training articles, except when too few articles were approved (fewer than `minimum`):
 * then they are scored too, which the report says. `shippedData` (a SemEval-2025 Task 10 folder) adds
 * that language's training split as extra articles.
 */
export function planLanguage(folder: TrainingFolder, lang: string, minimum: number, shippedData?: string): LanguagePlan {
  const rows = folder.byLanguage.get(lang) ?? { approved: [], model: [] };
  const split = splitScored(rows.approved, rows.model, minimum);
  writeSplit(folder.dir, lang, SUBTASK2_FILE, formatSubtask2(split.scored));
  const pool: string[] = [];
  const extra: Record<string, number> = {};
  if (split.pooled.length) {
    writeSplit(folder.dir, `M-${lang}`, SUBTASK2_FILE, formatSubtask2(split.pooled));
    pool.push(`M-${lang}`);
    extra.modelLabelled = split.pooled.length;
  }
  if (shippedData) {
    symlinkSync(resolve(shippedData, lang), join(folder.dir, `S-${lang}`), 'dir');
    pool.push(`S-${lang}`);
    extra.shipped = loadTrainSplit(folder.dir, `S-${lang}`).length;
  }
  const scoredKind = split.kind;
  // Extra articles count as much as the user's own (poolWeight 1); guideline pseudo-articles are SemEval's, so off.
  const options: Partial<NarrativeTrainOptions> = { poolWith: { [lang]: pool }, poolWeight: pool.length ? 1 : 0, guidelineWeight: 0 };
  return { lang, scored: split.scored.length, scoredKind, extra, options };
}

/** Mean ± sd over values. */
export function summary(values: readonly number[]): F1Summary {
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length)) };
}

export interface ModelScores {
  coarse: F1Summary;
  fine: F1Summary;
  articles: number;
}

/** The mean of the two levels, the figure models are compared by (the trainer's objective). */
export const overall = (s: ModelScores): number => (s.coarse.mean + s.fine.mean) / 2;

/**
 * A new model's k-fold cross-validated scores on the language's scored articles, mean ± sd over
 * CV_SEEDS (each seed's folds, and every choice inside training, as `eval narratives --cv` makes them).
 */
export function crossValidatedScores(plan: LanguagePlan, dir: string, k: number, log: (m: string) => void): ModelScores {
  const runs = CV_SEEDS.map((seed) => crossValidate(dir, plan.lang, k, seed, plan.options, log).score);
  return { coarse: summary(runs.map((r) => r.coarse.mean)), fine: summary(runs.map((r) => r.fine.mean)), articles: plan.scored };
}

/**
 * A fixed model's scores on the language's scored articles (no folds: it was trained elsewhere, so
 * every article is held out from it unless it was trained on this store; sd 0 over the seeds).
 */
export function fixedModelScores(model: NarrativeModel, dir: string, lang: string, lists: Taxonomy): ModelScores {
  const docs = loadTrainSplit(dir, lang);
  const counts = hashTexts(docs.map((d) => d.text), model.meta.hasher);
  const predicted = docs.map((d, i) => {
    const decoded = model.decode(model.probabilities(model.vectorizeCounts(counts[i])));
    return { id: d.id, narratives: decoded.narratives, subNarratives: decoded.subNarratives };
  });
  const s = scoreSubtask2(docs.map((d) => d.gold), predicted, lists);
  return { coarse: { mean: s.coarse.mean, sd: 0 }, fine: { mean: s.fine.mean, sd: 0 }, articles: docs.length };
}
