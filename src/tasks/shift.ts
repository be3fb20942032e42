/**
 * The batch step of label-shift adaptation: for each task with a shift hook that is on, the batch's
 * articles are grouped by the model that read them (their language), the batch's label priors are
 * estimated from the calibrated probabilities behind their sections (learn/priorshift.ts, EM of
 * Saerens et al. 2002), each section is decided again under them, and the Analysis records what was
 * done (`analysis.labelShift`). Called with the Docs of a batch, before the analyses are stored.
 */
import type { Doc } from '../doc/doc.js';
import { emLabelPriors, emPriors } from '../learn/priorshift.js';
import type { Analysis, LabelShift } from '../schema.js';
import { roundTo } from '../util/round.js';
import { taskTitle, type AdaptedGroup, type AnyTask } from './task.js';

export type { AdaptedGroup } from './task.js';

/** `batch`: every task with a shift hook adapts; `training`: none does (the models' training priors). */
export type PriorsMode = 'batch' | 'training';

export const PRIORS_MODES: readonly PriorsMode[] = ['batch', 'training'];

/**
 * Fewest articles read by one model for their batch's priors to be estimated. With fewer, EM follows
 * the few articles' own probabilities (three opinion pieces give an "opinion prior" near 1, and every
 * later decision leans to opinion), so the training priors are kept: the estimate of a label's share
 * from n articles has a standard error near √(p(1−p)/n), about 0.1 at n = 20.
 */
export const MIN_BATCH_ARTICLES = 20;

/**
 * Articles a batch command keeps in memory before it adapts and writes them (`analyze` of a folder,
 * `reanalyze`; `ingest` adapts each transaction of --batch articles): enough for a stable estimate
 * per language, few enough that an interruption loses little.
 */
export const BATCH_CHUNK = 200;

/** A prior is recorded when it moved by more than this from training: smaller moves change nothing a reader sees. */
const RECORDED_MOVE = 0.01;

/** One article of a batch: its Analysis (changed in place) and the Doc it was read from. */
export interface BatchItem {
  analysis: Analysis;
  doc: Doc;
}

export interface AdaptOptions {
  /** The tasks that ran (the pipeline's list). */
  tasks: readonly AnyTask[];
  /** Absent: each task's hook says (byDefault). */
  priors?: PriorsMode;
  /** Fewest articles per model (default MIN_BATCH_ARTICLES). */
  minArticles?: number;
  /** Dirichlet pseudo-count toward the training priors (learn/priorshift.ts) for tasks whose model chose none (default 0). */
  pseudoCount?: number;
}

/** The tasks whose decisions follow the batch under `priors` (absent: as each task's hook says). */
export function shiftingTasks(tasks: readonly AnyTask[], priors?: PriorsMode): AnyTask[] {
  if (priors === 'training') return [];
  return tasks.filter((t) => t.shift && (priors === 'batch' || t.shift.byDefault));
}

/** Re-decides the batch's sections under its label priors, task by task; see the file comment. */
export function adaptBatch(items: readonly BatchItem[], options: AdaptOptions): AdaptedGroup[] {
  const done: AdaptedGroup[] = [];
  for (const task of shiftingTasks(options.tasks, options.priors)) {
    for (const [language, group] of groupByLanguage(task, items)) done.push(tryAdaptGroup(task, language, group, options));
  }
  return done;
}

/**
 * adaptGroup, or, when the task cannot adapt (its hook throws), the sections as they were with a
 * note on each article: one task's failure must not cost the batch its other tasks or its output.
 */
function tryAdaptGroup(task: AnyTask, language: string, items: readonly BatchItem[], options: AdaptOptions): AdaptedGroup {
  try {
    return adaptGroup(task, language, items, options);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    for (const { analysis } of items) analysis.notes.push(`${taskTitle(task)}: decided under the training label priors, not the batch's: ${error}.`);
    return { task: task.id, language, articles: items.length, adapted: false, error };
  }
}

/**
 * The items the task annotated, by language. A mixed-language article is left out: its section was
 * merged from parts read by different models, so no one model's probabilities are behind it.
 */
function groupByLanguage(task: AnyTask, items: readonly BatchItem[]): Map<string, BatchItem[]> {
  const groups = new Map<string, BatchItem[]>();
  for (const item of items) {
    const { analysis, doc } = item;
    const section = (analysis as Record<string, unknown>)[task.id];
    if (section === undefined || doc.language.mixed || !analysis.models.some((m) => m.task === task.id)) continue;
    const code = doc.language.code;
    groups.set(code, [...(groups.get(code) ?? []), item]);
  }
  return groups;
}

function adaptGroup(task: AnyTask, language: string, items: readonly BatchItem[], options: AdaptOptions): AdaptedGroup {
  const shift = task.shift!;
  const minArticles = options.minArticles ?? MIN_BATCH_ARTICLES;
  const summary = { task: task.id, language, articles: items.length, adapted: false };
  if (items.length < minArticles) return summary;
  const model = task.model(language);
  const sectionOf = (a: Analysis) => (a as Record<string, unknown>)[task.id];
  const rows = items.flatMap(({ analysis, doc }) => shift.evidence(doc, sectionOf(analysis), model));
  const training = shift.trainingPriors(model);
  // The model's own pseudo-count, chosen in its training on simulated batches, comes first.
  const pseudoCount = shift.pseudoCount?.(model) ?? options.pseudoCount ?? 0;
  const estimate = (shift.kind === 'multiclass' ? emPriors : emLabelPriors)(rows, training, { pseudoCount });
  const record = shiftRecord(shift.labels(model), training, estimate.priors, items.length);
  // Every section is decided before any is replaced, so a failing hook leaves the batch as it was.
  const sections = items.map(({ analysis, doc }) => shift.redecide(doc, sectionOf(analysis), model, estimate.priors));
  items.forEach(({ analysis }, i) => {
    Object.assign(analysis, { [task.id]: sections[i] });
    analysis.labelShift = { ...analysis.labelShift, [task.id]: record };
  });
  return { ...summary, adapted: true };
}

/** What an Analysis records: the batch size and the labels whose prior moved, batch and training. */
function shiftRecord(labels: readonly string[], training: Float64Array, batch: Float64Array, articles: number): LabelShift[string] {
  const priors: Record<string, number> = {};
  const trainingPriors: Record<string, number> = {};
  labels.forEach((label, i) => {
    if (Math.abs(batch[i] - training[i]) <= RECORDED_MOVE) return;
    priors[label] = roundTo(batch[i], 3);
    trainingPriors[label] = roundTo(training[i], 3);
  });
  return { batchSize: articles, priors, trainingPriors };
}

/** "genre: batch priors for 240 en articles; frames: training priors kept for 12 fr articles (fewer than 20)". */
export function describeAdapted(groups: readonly AdaptedGroup[], minArticles = MIN_BATCH_ARTICLES): string {
  const why = (g: AdaptedGroup) => (g.error ? `: ${g.error}` : ` (fewer than ${minArticles})`);
  return groups
    .map((g) => (g.adapted ? `${g.task}: batch label priors for ${g.articles} ${g.language} articles` : `${g.task}: training label priors kept for ${g.articles} ${g.language} article(s)${why(g)}`))
    .join('; ');
}

/** What a score means, in one sentence, as the report ("0.70") and the dashboard ("70%") write a score (docs/confidence.md). */
export function confidenceMeaning(seventy: string): string {
  return `scores are calibrated probabilities, fitted on articles the model was not trained on: of the articles given ${seventy} for a label, about 7 in 10 carry it`;
}

/** "decided under this batch's label mix (240 articles): reporting 0.62 (training 0.08), opinion 0.30 (training 0.88)". */
export function batchPriorsText(shift: LabelShift[string]): string {
  const head = `decided under this batch's label mix (${shift.batchSize} articles)`;
  const moved = Object.entries(shift.priors).sort((x, y) => y[1] - x[1]);
  if (moved.length === 0) return `${head}, which is close to the training mix`;
  return `${head}: ${moved.map(([label, p]) => `${label.replace(/_/g, ' ')} ${p.toFixed(2)} (training ${(shift.trainingPriors[label] ?? 0).toFixed(2)})`).join(', ')}`;
}
