/** How the store, the API, the CSV export and the dashboard filter, count and list the frames task's labels. */
import type { Analysis } from '../../schema.js';
import type { TaskColumn, TaskFacet } from '../task.js';

type Frames = NonNullable<Analysis['frames']>;

export const FRAME_FACETS: readonly TaskFacet[] = [{ task: 'frame', filter: 'frame', stats: 'frames', name: 'frame', title: 'Frames' }];

export const FRAME_COLUMNS: readonly TaskColumn<Frames>[] = [{ name: 'frames', value: (f) => (f ?? []).map((x) => x.label).join('; ') }];
