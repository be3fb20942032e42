/** How the store, the API, the CSV export and the dashboard filter, count and list the genre task's label. */
import type { Analysis } from '../../schema.js';
import type { TaskColumn, TaskFacet } from '../task.js';

type Genre = NonNullable<Analysis['genre']>;

export const GENRE_FACETS: readonly TaskFacet[] = [{ task: 'genre', filter: 'genre', stats: 'genres', name: 'genre', title: 'Genres' }];

export const GENRE_COLUMNS: readonly TaskColumn<Genre>[] = [{ name: 'genre', value: (g) => g?.label ?? '' }];
