/** How the store, the API, the CSV export and the dashboard filter, count and list the narratives task's labels. */
import type { Analysis } from '../../schema.js';
import type { TaskColumn, TaskFacet } from '../task.js';

type Narratives = NonNullable<Analysis['narratives']>;

export const NARRATIVE_FACETS: readonly TaskFacet[] = [
  { task: 'narrative', filter: 'narrative', stats: 'narratives', name: 'narrative', title: 'Narratives' },
  { task: 'subnarrative', filter: 'subNarrative', stats: 'subNarratives', name: 'sub-narrative', title: 'Sub-narratives' },
  { task: 'domain', filter: 'domain', stats: 'domains', name: 'domain', title: 'Domains', description: 'URW, CC or none (about neither)' },
];

/** The section when the model ran, else undefined (an unavailable section has no labels). */
const ok = (n: Narratives | undefined) => (n?.status === 'ok' ? n : undefined);
const join = (xs: string[]) => xs.join('; ');

export const NARRATIVE_COLUMNS: readonly TaskColumn<Narratives>[] = [
  { name: 'domain', value: (n) => ok(n)?.domain?.label ?? '' },
  { name: 'narratives', value: (n) => join(ok(n)?.narratives.map((x) => x.label) ?? []) },
  { name: 'sub_narratives', value: (n) => join(ok(n)?.subNarratives.map((x) => x.label) ?? []) },
  { name: 'dominant_narrative', value: (n) => (ok(n)?.dominant ? `${n!.dominant!.narrative} / ${n!.dominant!.subNarrative}` : '') },
];
