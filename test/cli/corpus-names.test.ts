// The corpus's frequent names as known names for the provenance task: counted, refreshed, and never a curated name's mangled form.
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { CorpusNames, MIN_ARTICLES, tasksForStore } from '../../src/cli/corpus-names.js';
import { ProvenanceAnnotator } from '../../src/tasks/provenance/annotate.js';

const TEXT = 'Harbour news\n\nThe new harbour master, Tarnowitz, said the quay at the old fish market will open in spring this year.';

type Row = { name: string; count: number };

/** The provenance task's expected names for `raw`, its corpus names read from `rows` first (as ingest does before each article). */
async function damageOf(raw: string, rows: Row[]): Promise<(string | undefined)[]> {
  const { tasks, names } = tasksForStore({ frequentNames: async () => rows }, undefined);
  const annotators = tasks!.filter((t) => t.id === 'provenance');
  analyzeArticle(createArticle({ raw, id: 'c-0', origin: { format: 'text' } }), { language: 'en', annotators });
  await names!.beforeArticle();
  const a = analyzeArticle(createArticle({ raw, id: 'c-1', origin: { format: 'text' } }), { language: 'en', annotators });
  return a.provenance.damage!.map((d) => d.expected);
}

describe('CorpusNames', () => {
  it('keeps names stored in enough articles, reads a language first asked for before the next article, and again after the refresh interval', async () => {
    let reads = 0;
    const rows = [
      { name: 'Invented Tarnowicz', count: MIN_ARTICLES },
      { name: 'Once Mentioned', count: MIN_ARTICLES - 1 },
    ];
    const names = new CorpusNames({ frequentNames: async () => (reads++, rows) }, 2);
    expect(names.lookup('en')).toEqual([]);
    await names.beforeArticle();
    const first = names.lookup('en');
    expect(first).toEqual(['Invented Tarnowicz']);
    expect(reads).toBe(1);
    await names.beforeArticle();
    expect(names.lookup('en')).toBe(first);
    expect(reads).toBe(1);
    rows.push({ name: 'Later Name', count: 10 });
    await names.beforeArticle();
    expect(names.lookup('en')).toEqual(['Invented Tarnowicz', 'Later Name']);
    expect(reads).toBe(2);
  });

  it('lets the provenance task flag a near-miss of a frequent corpus name', async () => {
    expect(await damageOf(TEXT, [{ name: 'Invented Tarnowicz', count: 5 }])).toEqual(['Tarnowicz']);
    expect(await damageOf(TEXT, [])).toEqual([]);
  });

  it('does not take a mangled spelling of a curated name as known, however often a farm repeats it', async () => {
    // "Bahmuth" is a near-miss of the curated "Bakhmut": were it accepted, it would hide itself.
    const raw = 'Front news\n\nShelling near Bahmuth went on through the night, the regional office said in its morning update today.';
    expect(await damageOf(raw, [])).toContain('Bakhmut');
    expect(await damageOf(raw, [{ name: 'Bahmuth', count: 40 }])).toContain('Bakhmut');
  });

  it('leaves a custom task list as given', () => {
    const custom = [new ProvenanceAnnotator()];
    const forStore = tasksForStore({ frequentNames: async () => [] }, custom);
    expect(forStore.tasks).toBe(custom);
    expect(forStore.names).toBeUndefined();
  });
});
