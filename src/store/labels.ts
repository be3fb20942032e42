/**
 * Turns an Analysis into the (task, label, score) rows the store indexes, so a corpus can be
 * filtered and counted by the tasks' facets: each task of tasks/registry.ts gives the rows of its
 * own section. Sections that are missing give no rows.
 */
import type { Analysis } from '../schema.js';
import { TASKS } from '../tasks/registry.js';
import { facetsOf, type AnyTask } from '../tasks/task.js';
import type { LabelRow } from './types.js';

/** Task names used in the `labels` table, from the registry's tasks. */
export const LABEL_TASKS: readonly string[] = facetsOf(TASKS).map((f) => f.task);

/** Extracts one row per (task, label), keeping the highest score when a label occurs more than once. */
export function labelRowsOf(analysis: Analysis, tasks: readonly AnyTask[] = TASKS): LabelRow[] {
  const best = new Map<string, LabelRow>();
  for (const task of tasks) {
    const section: unknown = (analysis as Record<string, unknown>)[task.id];
    if (section === undefined) continue;
    for (const row of task.labelRows(section)) {
      if (!row.label) continue;
      const key = `${row.task}\u0000${row.label}`;
      const seen = best.get(key);
      if (!seen || row.score > seen.score) best.set(key, row);
    }
  }
  return [...best.values()];
}

/**
 * The version of what produced an analysis: the schema version and every model's task@version,
 * e.g. "schema@1.0.0,narratives@2" — what a later `reanalyze` compares to find stale analyses.
 */
export function modelVersionOf(analysis: Analysis): string {
  const models = analysis.models.map((m) => `${m.task}@${m.version}`).sort();
  return [`schema@${analysis.schemaVersion}`, ...models].join(',');
}
