/**
 * The task contract: one analysis (narratives, entities, techniques …) as the pipeline, the store and
 * the commands see it. A new analysis is a folder under tasks/ that exports one Task, plus its line
 * in registry.ts; the pipeline (src/pipeline.ts) orders, checks and times the tasks.
 */
import type { Doc } from '../doc/doc.js';

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
  /** The `task` names of its label rows (the store's facets), in the order they are listed. */
  readonly labelTasks: readonly string[];
  /** Its rows of the store's label index, read from its section of a stored Analysis. */
  labelRows(section: Section): TaskLabelRow[];
  /** Trains its model(s) (`narrascope train <id>`). */
  readonly train?: TaskHook;
  /** The official metric of its shared task. */
  readonly score?: TaskHook;
  /** Readers and writers of its shared-task file formats, by name. */
  readonly io?: Readonly<Record<string, TaskHook>>;
}

/** A task of any model and section: what lists of tasks hold (Task is invariant in both). */
export type AnyTask = Task<any, any>;

/** A task's name as notes and reports show it: "Techniques". */
export function taskTitle(task: Pick<Task, 'id'>): string {
  return task.id.charAt(0).toUpperCase() + task.id.slice(1);
}
