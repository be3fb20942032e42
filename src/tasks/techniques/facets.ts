/** How the store, the API, the CSV export and the dashboard filter, count and list the techniques task's labels. */
import type { Analysis } from '../../schema.js';
import type { TaskColumn, TaskFacet } from '../task.js';

type Techniques = NonNullable<Analysis['techniques']>;

export const TECHNIQUE_FACETS: readonly TaskFacet[] = [
  { task: 'technique', filter: 'technique', stats: 'techniques', name: 'technique', title: 'Persuasion techniques' },
];

export const TECHNIQUE_COLUMNS: readonly TaskColumn<Techniques>[] = [
  { name: 'techniques', value: (t) => (t?.summary ?? []).map((s) => `${s.technique} (${s.count})`).join('; ') },
];
