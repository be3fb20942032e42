/**
 * How the store, the API, the CSV export and the dashboard filter, count and list the entities
 * task's labels. `entity` and `role` are filters of their own; given together they select the
 * entity cast in that role (the store answers that pair itself, see store/sqlite-queries.ts).
 */
import type { Analysis } from '../../schema.js';
import type { TaskColumn, TaskFacet } from '../task.js';

export const ENTITY_FACETS: readonly TaskFacet[] = [
  { task: 'entity', filter: 'entity', name: 'entity', title: 'Entities', description: 'only articles naming this entity (with `role`: in that role)' },
  {
    task: 'main-role',
    filter: 'role',
    stats: 'mainRoles',
    name: 'role',
    title: 'Main roles',
    description: 'main role (Protagonist, Antagonist, Innocent) or fine role; with `entity`, that entity in that role',
  },
  { task: 'fine-role', filter: 'role', stats: 'fineRoles', name: 'role', title: 'Fine roles' },
  // "<main role>/<name>": counted for the statistics' entities by role, filtered through entity + role.
  { task: 'entity-role', counted: true, name: 'entity in role', title: 'Entities by role' },
];

type Entities = NonNullable<Analysis['entities']>;

export const ENTITY_COLUMNS: readonly TaskColumn<Entities>[] = [
  { name: 'entities', value: (es) => (es ?? []).map((e) => `${e.name}: ${e.mainRole}`).join('; ') },
];
