// The corpus's frequent names as known names for the provenance task: counted, refreshed, and never a curated name's mangled form.
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { corpusNames, MIN_ARTICLES, tasksForStore } from '../../src/cli/corpus-names.js';
import { ProvenanceAnnotator } from '../../src/tasks/provenance/annotate.js';
import type { AnyTask } from '../../src/tasks/task.js';

const TEXT = 'Harbour news\n\nThe new harbour master, Tarnowitz, said the quay at the old fish market will open in spring this year.';

function damageOf(raw: string, tasks: readonly AnyTask[]): (string | undefined)[] {
  const annotators = tasks.filter((t) => t.id === 'provenance');
  const a = analyzeArticle(createArticle({ raw, id: 'c-1', origin: { format: 'text' } }), { language: 'en', annotators });
  return a.provenance.damage!.map((d) => d.expected);
}

describe('corpusNames', () => {
  it('keeps names stored in enough articles and reads the store again after the refresh interval', () => {
    let reads = 0;
    const rows = [
      { name: 'Invented Tarnowicz', count: MIN_ARTICLES },
      { name: 'Once Mentioned', count: MIN_ARTICLES - 1 },
    ];
    const names = corpusNames({ frequentNames: () => (reads++, rows) }, 2);
    const first = names('en');
    expect(first).toEqual(['Invented Tarnowicz']);
    expect(names('en')).toBe(first);
    expect(names('en')).toBe(first);
    expect(reads).toBe(1);
    rows.push({ name: 'Later Name', count: 10 });
    expect(names('en')).toEqual(['Invented Tarnowicz', 'Later Name']);
    expect(reads).toBe(2);
  });

  it('lets the provenance task flag a near-miss of a frequent corpus name', () => {
    const store = { frequentNames: () => [{ name: 'Invented Tarnowicz', count: 5 }] };
    expect(damageOf(TEXT, tasksForStore(store, undefined)!)).toEqual(['Tarnowicz']);
    expect(damageOf(TEXT, tasksForStore({ frequentNames: () => [] }, undefined)!)).toEqual([]);
  });

  it('does not take a mangled spelling of a curated name as known, however often a farm repeats it', () => {
    // "Bahmuth" is a near-miss of the curated "Bakhmut": were it accepted, it would hide itself.
    const raw = 'Front news\n\nShelling near Bahmuth went on through the night, the regional office said in its morning update today.';
    expect(damageOf(raw, tasksForStore({ frequentNames: () => [] }, undefined)!)).toContain('Bakhmut');
    expect(damageOf(raw, tasksForStore({ frequentNames: () => [{ name: 'Bahmuth', count: 40 }] }, undefined)!)).toContain('Bakhmut');
  });

  it('leaves a custom task list as given', () => {
    const custom = [new ProvenanceAnnotator()];
    expect(tasksForStore({ frequentNames: () => [] }, custom)).toBe(custom);
  });
});
