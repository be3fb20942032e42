/**
 * The analyses the server runs and their facets (GET /api/tasks), read once before the first view:
 * the filters, the overview's facet cards and the article view's label panel are made from them.
 */
import { api, type TaskList } from './api.js';

export type TaskInfo = TaskList['tasks'][number];
export type FacetInfo = TaskInfo['facets'][number];

let loaded: readonly TaskInfo[] = [];

/** Reads the task list; without it (an older server, a failed request) the dashboard shows no task filters or panels. */
export async function loadTasks(): Promise<void> {
  loaded = await api.tasks().then(
    (list) => list.tasks,
    () => [],
  );
}

export function taskList(): readonly TaskInfo[] {
  return loaded;
}

/** Every facet of every task, in the server's order. */
export function facetList(): FacetInfo[] {
  return loaded.flatMap((t) => t.facets);
}

/** A label as the dashboard shows it: underscores (SemEval-style names such as Crime_and_punishment) as spaces. */
export const labelDisplay = (label: string): string => label.replace(/_/g, ' ');
