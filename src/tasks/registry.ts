/**
 * The tasks every analysis runs, in a valid order (the pipeline checks it: each task after the
 * tasks whose layers it reads). A new analysis is its folder under tasks/ and one line here; the
 * store's label rows (store/labels.ts) come from this list too.
 */
import type { AnyTask } from './task.js';
import { entitiesAnnotator } from './entities/annotate.js';
import { FramesAnnotator } from './frames/annotate.js';
import { GenreAnnotator } from './genre/annotate.js';
import { narrativesAnnotator } from './narratives/annotate.js';
import { TechniquesAnnotator } from './techniques/annotate.js';
import { ProvenanceAnnotator } from './provenance/annotate.js';
// The provenance task measures name near-misses against the entities task's curated list, handed over here (task folders do not import each other).
import curatedEntities from './entities/data/curated-entities.json' with { type: 'json' };

export const TASKS: readonly AnyTask[] = [
  narrativesAnnotator,
  entitiesAnnotator,
  new TechniquesAnnotator(),
  new GenreAnnotator(),
  new FramesAnnotator(),
  new ProvenanceAnnotator({ entities: curatedEntities.entities }),
];

/** The tasks with a provenance task that also knows `extraNames` (e.g. a corpus's frequent names) besides the curated list. */
export function tasksWithNames(extraNames: (language: string) => readonly string[], tasks: readonly AnyTask[] = TASKS): AnyTask[] {
  return tasks.map((t) => (t.id === 'provenance' ? new ProvenanceAnnotator({ entities: curatedEntities.entities, extraNames }) : t));
}

/** The tasks less the per-article provenance task (by its id), for `ingest --no-provenance`. */
export function withoutProvenance(tasks: readonly AnyTask[]): AnyTask[] {
  return tasks.filter((t) => t.id !== 'provenance');
}
