/**
 * One Analysis from the analyses of a mixed text's language parts (each made by running the task
 * annotators on that part's paragraphs with that language's models). Each task merges its own
 * sections (Task.mergeParts; rules in docs/language.md), by default taking the largest part's; the
 * notes and model versions of every part are kept.
 */
import { TASKS } from '../tasks/registry.js';
import type { AnyTask, TaskPart } from '../tasks/task.js';
import type { Analysis } from '../schema.js';

/** What the task annotators added for one language part. */
export interface PartResult {
  code: string;
  share: number;
  analysis: Analysis;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** A task's section for the whole text: its merge of the parts that have one (parts come largest first). */
function mergeSection(task: AnyTask, parts: readonly PartResult[]): unknown {
  const sections: TaskPart<unknown>[] = [];
  for (const p of parts) {
    const section = (p.analysis as Record<string, unknown>)[task.id];
    if (section !== undefined) sections.push({ code: p.code, share: p.share, section });
  }
  if (sections.length === 0) return undefined;
  return task.mergeParts ? task.mergeParts(sections) : sections[0].section;
}

/** Adds the parts' results to `into` (the whole text's analysis, without task sections yet), section by section in the order of `tasks`. */
export function mergePartResults(into: Analysis, parts: readonly PartResult[], tasks: readonly AnyTask[] = TASKS): void {
  for (const task of tasks) {
    const value = mergeSection(task, parts);
    if (value !== undefined) Object.assign(into, { [task.id]: value });
  }
  const list = parts.map((p) => `${p.code} ${percent(p.share)}`).join(', ');
  into.notes.push(`Mixed-language text (${list}): each task ran on each language's paragraphs with that language's models.`);
  // Each part's notes say which tasks did not run for its language (written by the pipeline).
  for (const p of parts) for (const note of p.analysis.notes) if (!into.notes.includes(note)) into.notes.push(note);
  for (const p of parts)
    for (const m of p.analysis.models) if (!into.models.some((x) => x.task === m.task && x.version === m.version)) into.models.push(m);
}
