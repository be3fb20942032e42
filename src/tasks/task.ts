/**
 * The task contract: one analysis (narratives, entities, techniques …) as the pipeline, the store and
 * the commands see it. A new analysis is a folder under tasks/ that exports one Task, plus its line
 * in registry.ts; the pipeline (src/pipeline.ts) orders, checks and times the tasks.
 */
import type { Command } from 'commander';
import type { Article } from '../doc/article.js';
import type { Doc } from '../doc/doc.js';
import type { ReadProblem } from '../ingest/types.js';
import type { Analysis } from '../schema.js';

/** One row of the store's label index: articles are filtered and counted by (task, label). */
export interface TaskLabelRow {
  task: string;
  label: string;
  score: number;
}

/**
 * A function from the task's own modules, imported on first call, so that analysing an article
 * never loads training, scoring or file-format code.
 */
export type TaskHook = () => Promise<(...args: never[]) => unknown>;

/**
 * One kind of label a task puts in the store's label index, and how the corpus is filtered and
 * counted by it. The store, the API's query parameters, the `export` options and the dashboard's
 * filters and facet cards are all made from these.
 */
export interface TaskFacet {
  /** The `task` of its label rows (`narrative`, `main-role`). */
  readonly task: string;
  /**
   * The query parameter that keeps the articles with a label of it (`?narrative=`), also the
   * `export --<filter>` option and the dashboard's filter key; absent when it is no filter of its own.
   */
  readonly filter?: string;
  /** Its count list in the corpus statistics (`narratives` in GET /api/stats); absent when not listed. */
  readonly stats?: string;
  /** Whether the statistics count its labels although it has no list of its own (default: when it has `stats`). */
  readonly counted?: boolean;
  /** A label's kind in words, as the filter chips name it ("sub-narrative"). */
  readonly name: string;
  /** Its facet card's title and its line in the terminal report ("Sub-narratives"). */
  readonly title: string;
  /** What its filter selects, for the API documentation and `export --help` (default: "only articles with this <name>"). */
  readonly description?: string;
}

/** One column of the CSV export, read from the task's section (undefined when the task did not run). */
export interface TaskColumn<Section = unknown> {
  readonly name: string;
  value(section: Section | undefined): string;
}

export interface Task<Model = unknown, Section = unknown> {
  /**
   * The task's name: its section of the Analysis, the Doc layer it publishes, its timing, its entry
   * in `analysis.models` and its `narrascope train|predict|eval` subcommand.
   */
  readonly id: string;
  /** The layers of earlier tasks it reads from the Doc (their ids); the pipeline runs those first. */
  readonly requires: readonly string[];
  /** The lower-case language codes it can annotate (those it has a model for). */
  languages(): readonly string[];
  /**
   * Its model for one of those languages, found with tasks/models.ts and read once with
   * learn/modelfile.ts `loadModel`. Throws on a corrupt file (the pipeline notes it and goes on).
   */
  model(lang: string): Model;
  /** What `analysis.models` records for the model (learn/modelfile.ts versionTag). */
  version(model: Model): string;
  /**
   * Why this Doc is not annotated although its language is covered (e.g. no usable text), or
   * undefined to annotate it. Checked before the model is loaded.
   */
  skip?(doc: Doc): string | undefined;
  /**
   * Its section of the Analysis for a Doc (undefined: none). It may publish its layer on the Doc
   * (doc.ts setLayer) and must not change anything else.
   */
  annotate(doc: Doc, model: Model): Section | undefined;
  /** The section written when the task does not run, given why (absent: the section is left out). */
  notRun?(reason: string): Section;
  /** How the dashboard's article view heads its result (default: taskTitle). */
  readonly title?: string;
  /** The kinds of its label rows, in the order they are listed (see TaskFacet). */
  readonly facets: readonly TaskFacet[];
  /** Its rows of the store's label index, read from its section of a stored Analysis. */
  labelRows(section: Section): TaskLabelRow[];
  /** Its columns in the CSV export (none when absent). */
  readonly columns?: readonly TaskColumn<Section>[];
  /**
   * Adds its `narrascope train|predict|eval <id>` subcommands, from its own commands module imported
   * when the CLI starts (analysing an article never loads it).
   */
  readonly commands?: () => Promise<(context: TaskCommandContext) => void>;
  /**
   * One section from the sections its runs on a mixed text's language parts produced (parts with a
   * section only, largest part first). Absent: the largest part's section.
   */
  mergeParts?(parts: readonly TaskPart<Section>[]): Section | undefined;
  /**
   * Label-shift adaptation over a batch of articles (see TaskShift): the batch's label priors are
   * estimated from the calibrated probabilities behind its sections and the sections decided again
   * under them. Absent: the task's decisions do not depend on the batch.
   */
  readonly shift?: TaskShift<Model, Section>;
  /** Its labels of its own training articles from models that never saw them (see HeldOutLabels). */
  readonly heldOut?: () => Promise<(dataDir: string, lang: string) => HeldOutLabels>;
  /** Trains its model(s) (`narrascope train <id>`). */
  readonly train?: TaskHook;
  /** The official metric of its shared task. */
  readonly score?: TaskHook;
  /** Readers and writers of its shared-task file formats, by name. */
  readonly io?: Readonly<Record<string, TaskHook>>;
}

/**
 * How a task's decisions follow the label mix of a batch (learn/priorshift.ts: EM on calibrated
 * probabilities, Saerens et al. 2002). The pipeline's batch step (`analyze` of a folder, `ingest`,
 * `reanalyze`) groups the batch's Docs by model, estimates the priors over all their evidence rows,
 * and asks the task for each section again.
 */
export interface TaskShift<Model, Section> {
  /** 'multiclass': one label per row, the row sums to 1; 'multilabel': each label on its own. */
  readonly kind: 'multiclass' | 'multilabel';
  /** Whether batches adapt unless told not to (set from the measurements in docs/BENCHMARKS.md). */
  readonly byDefault: boolean;
  /** The model's labels: the columns of the evidence rows and of the priors. */
  labels(model: Model): readonly string[];
  /** The label priors of the model's training data (class shares, or each label's share of positives). */
  trainingPriors(model: Model): Float64Array;
  /** The Dirichlet pseudo-count EM should use for this model's batches, when the model chose one in training (absent: the batch step's option). */
  pseudoCount?(model: Model): number;
  /**
   * The calibrated probabilities a Doc's section was decided from: one row per unit scored (the
   * article, or each paragraph), one column per label. Read from the Doc (the task may leave them
   * there while annotating) or computed again.
   */
  evidence(doc: Doc, section: Section, model: Model): readonly Float64Array[];
  /** The section decided again as if the labels came with `priors` (same shape as trainingPriors). */
  redecide(doc: Doc, section: Section, model: Model, priors: Float64Array): Section;
}

/** A task's section from one language part of a mixed text, with the part's language and share of the text. */
export interface TaskPart<Section> {
  code: string;
  share: number;
  section: Section;
}

/**
 * Labels of a task's training articles for training a later task that reads its layer: the gold
 * labels, and labels from a model that never saw the article, as that task meets them at inference.
 * Nothing is read until asked.
 */
export interface HeldOutLabels {
  /** The training articles, in corpus order. */
  articleIds(): readonly string[];
  /** Their gold labels by article id. */
  gold(): Map<string, string[]>;
  /** Decoded labels of the articles in `target`, from a model trained on the articles not in `exclude`. */
  predictExcluding(exclude: ReadonlySet<string>, target: ReadonlySet<string>, seed: number): Map<string, string[]>;
}

/** What the batch step did for one task and language of a batch (tasks/shift.ts adaptBatch). */
export interface AdaptedGroup {
  task: string;
  language: string;
  articles: number;
  /** False when the training priors were kept: the batch was too small, or the task could not adapt (`error`). */
  adapted: boolean;
  /** Why the task could not adapt (e.g. a model file without calibration): its sections were left as they were. */
  error?: string;
}

/** What a batch command counts and prints (cli/shared.ts BatchSummary). */
export interface BatchCounter {
  processed: number;
  /** Prints the problem and counts the item as skipped. */
  skip(problem: ReadProblem): void;
  /** "12 predicted, 2 skipped (1 empty, 1 binary)". */
  describe(verb?: string): string;
  /** Non-zero only when nothing could be processed, or with `strict` when anything was skipped. */
  exitCode(strict?: boolean): number;
}

/**
 * What a task's commands get from the CLI (cli/main.ts): the parent commands to add to, and the
 * pipeline and output helpers, passed in so that no task folder imports the CLI or the pipeline
 * (which imports the registry, which imports the tasks).
 */
/** The language-model tier as a task's commands use it (src/llm/tier.ts TierRunner, opened by the CLI). */
export interface TaskTier {
  /** 'llm' or 'hybrid'. */
  readonly tier: string;
  /** Labels the analyses (changed in place) through the model; failures are named in them, never thrown. */
  apply(items: readonly { article: Article; analysis: Analysis }[]): Promise<void>;
  /** The run's summary line: articles, calls, tokens, failures. */
  describe(): string;
  close(): Promise<void>;
}

/** The options of `train <task> --from-store` (docs/taxonomy.md). */
export interface TrainFromStoreOptions {
  /** The database (else NARRASCOPE_DB, else ./narrascope.db). */
  db?: string;
  /** Languages (upper-case codes); default every language with enough articles. */
  langs?: readonly string[];
  seed: number;
  /** Folds of the cross-validation. */
  folds: number;
  /** A taxonomy file (else NARRASCOPE_TAXONOMY, else the installed one). */
  taxonomy?: string;
  withModelLabels?: boolean;
  /** A SemEval-2025 Task 10 folder whose training split joins as extra articles (--with-shipped). */
  shippedData?: string;
  force?: boolean;
  /** Write the models here instead of installing them. */
  out?: string;
}

export interface TaskCommandContext {
  /** `narrascope train`, `predict` and `eval`. */
  readonly train: Command;
  readonly predict: Command;
  readonly evaluate: Command;
  /** Every task of the registry, e.g. to run the tasks whose layers a task reads. */
  readonly tasks: readonly AnyTask[];
  /** The pipeline (pipeline.ts analyzeDoc): the Analysis of an article and the Doc with its layers. */
  analyzeDoc(article: Article, options?: { annotators?: readonly AnyTask[]; language?: string }): { analysis: Analysis; doc: Doc };
  /**
   * The pipeline on several articles, adapted together to their label priors (pipeline.ts
   * analyzeBatch; `priors` as the `--priors` option, absent: each task's default).
   */
  analyzeBatch(
    inputs: readonly { article: Article; language?: string }[],
    options?: { annotators?: readonly AnyTask[]; language?: string; priors?: 'batch' | 'training' },
  ): { analyses: Analysis[]; adapted: AdaptedGroup[] };
  /** Adds the shared `--priors batch|training` option to a command (cli/shared.ts priorsOption). */
  priorsOption(command: Command): Command;
  /** An article's name in the SemEval files (export/formats.ts semevalId), as the export writes it. */
  semevalId(article: Article): string;
  /** A new BatchSummary writing to standard error. */
  batchSummary(): BatchCounter;
  /** Parses a positive integer option, naming the option on error. */
  positiveInt(name: string): (value: string) => number;
  /** Adds `--tier`, `--provider` and the budget options (cli/llm-options.ts) to a command. */
  tierOptions(command: Command): Command;
  /**
   * `train narratives|entities --from-store` (src/learn/from-store-run.ts, from-store-entities.ts): trains on
   * the store's analyst-approved labels, cross-validated against the installed model, and installs the new
   * model when it is better.
   */
  trainFromStore(task: 'narratives' | 'entities', options: TrainFromStoreOptions): Promise<void>;
  /** The model tier for those options on these tasks (e.g. ['narratives']), or undefined for the fast tier. */
  openTier(options: Record<string, unknown>, tasks: readonly ('narratives' | 'entities')[]): Promise<TaskTier | undefined>;
}

/** A task of any model and section: what lists of tasks hold (Task is invariant in both). */
export type AnyTask = Task<any, any>;

/** The facets of `tasks` in registry order. */
export function facetsOf(tasks: readonly AnyTask[]): TaskFacet[] {
  return tasks.flatMap((t) => t.facets);
}

/** The label tasks the corpus statistics count (and the store lists per article). */
export function countedTasks(tasks: readonly AnyTask[]): string[] {
  return facetsOf(tasks)
    .filter((f) => f.counted ?? f.stats !== undefined)
    .map((f) => f.task);
}

/** The query parameters of the facets, each with the label tasks it selects by (any of them), in registry order. */
export function labelFilters(tasks: readonly AnyTask[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of facetsOf(tasks)) if (f.filter) out.set(f.filter, [...(out.get(f.filter) ?? []), f.task]);
  return out;
}

/** One facet per query parameter (the first that has it), in registry order: the filters to offer. */
export function filterFacets(tasks: readonly AnyTask[]): (TaskFacet & { filter: string })[] {
  const seen = new Set<string>();
  return facetsOf(tasks).filter((f): f is TaskFacet & { filter: string } => f.filter !== undefined && !seen.has(f.filter) && Boolean(seen.add(f.filter)));
}

/** A task's name as notes and reports show it: "Techniques". */
export function taskTitle(task: Pick<Task, 'id'>): string {
  return task.id.charAt(0).toUpperCase() + task.id.slice(1);
}
