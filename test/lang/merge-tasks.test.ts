/**
 * The mixed-language merge loops over the tasks: a task's own mergeParts gets the parts that have its
 * section (largest first, with language and share); a task without one gets the largest such part's
 * section; sections are added in task order.
 */
import { describe, expect, it } from 'vitest';
import { mergePartResults, type PartResult } from '../../src/lang/merge.js';
import type { Analysis } from '../../src/schema.js';
import type { AnyTask, TaskPart } from '../../src/tasks/task.js';
import { TASKS } from '../../src/tasks/registry.js';
import { base } from './fixtures.js';

/** A task reduced to what the merge reads: its id and, optionally, its merge. */
const task = (id: string, mergeParts?: AnyTask['mergeParts']): AnyTask => ({ id, mergeParts }) as unknown as AnyTask;
const part = (code: string, share: number, sections: Record<string, unknown>): PartResult => ({ code, share, analysis: { ...base(), ...sections } });
const sectionsOf = (a: Analysis) => Object.fromEntries(Object.entries(a).filter(([k]) => ['count', 'mood', 'unused'].includes(k)));

describe('mergePartResults over a task list', () => {
  const parts = [part('bg', 0.5, { mood: 'grim' }), part('en', 0.3, { count: 2, mood: 'calm' }), part('ru', 0.2, { count: 5 })];

  it("hands a task's parts that have its section to its own merge, largest first", () => {
    const seen: TaskPart<number>[][] = [];
    const sum = (ps: readonly TaskPart<number>[]) => (seen.push([...ps]), ps.reduce((n, p) => n + p.section, 0));
    const into = base();
    mergePartResults(into, parts, [task('count', sum as AnyTask['mergeParts'])]);
    expect(seen).toEqual([[{ code: 'en', share: 0.3, section: 2 }, { code: 'ru', share: 0.2, section: 5 }]]);
    expect(sectionsOf(into)).toEqual({ count: 7 });
  });

  it("takes the largest part's section for a task without a merge, and leaves out a task no part ran", () => {
    const into = base();
    mergePartResults(into, parts, [task('mood'), task('unused'), task('count')]);
    expect(sectionsOf(into)).toEqual({ mood: 'grim', count: 2 });
    expect(Object.keys(into).slice(-2)).toEqual(['mood', 'count']);
  });

  it('merges narratives, entities, techniques and provenance by their own rules, genre and frames by the default', () => {
    expect(TASKS.filter((t) => t.mergeParts).map((t) => t.id)).toEqual(['narratives', 'entities', 'techniques', 'provenance']);
  });
});
