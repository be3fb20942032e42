/**
 * The task contract as the pipeline runs it: ordering by requirements (a cycle or a missing task is a
 * clear error), the one "not run for this language" note, model errors, and tasks talking through the
 * Doc's layers. Small fake tasks on invented texts; no shipped model is loaded.
 */
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { layerOf, setLayer } from '../../src/doc/doc.js';
import { wordTokensWithOffsets } from '../../src/features/index.js';
import { analyzeArticle, analyzeDoc, buildDoc, orderTasks, partDoc } from '../../src/pipeline.js';
import { TASKS } from '../../src/tasks/registry.js';
import type { AnyTask, Task } from '../../src/tasks/task.js';
import { LABEL_TASKS } from '../../src/store/labels.js';

declare module '../../src/doc/doc.js' {
  interface DocLayers {
    counter: { words: number };
  }
}

/** A fake task: `requires` and `languages` as given, a section of `{ id }` unless `annotate` is given. */
function fake(id: string, requires: string[] = [], extra: Partial<AnyTask> = {}): AnyTask {
  return {
    id,
    requires,
    languages: () => ['en'],
    model: () => `${id}-model`,
    version: () => `${id}-1`,
    annotate: () => ({ id }),
    facets: [],
    labelRows: () => [],
    ...extra,
  };
}

const article = (raw: string) => createArticle({ raw, id: 'fake-1', origin: { format: 'text' } });
const ENGLISH = 'Harbour crane sets a record\n\nThe example port of Lindenvik moved more containers in one day than ever before, the harbour master said on Friday.';

describe('orderTasks', () => {
  it('puts each task after the tasks it requires and keeps the given order otherwise', () => {
    const tasks = [fake('c', ['b']), fake('a'), fake('b', ['a']), fake('d')];
    expect(orderTasks(tasks).map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(orderTasks([fake('x'), fake('y')]).map((t) => t.id)).toEqual(['x', 'y']);
  });

  it('names the task and the missing requirement', () => {
    expect(() => orderTasks([fake('entities', ['narratives']), fake('genre')])).toThrow('task "entities" requires task "narratives", which is not in the task list (entities, genre)');
  });

  it('names the tasks of a cycle', () => {
    expect(() => orderTasks([fake('free'), fake('a', ['b']), fake('b', ['c']), fake('c', ['a'])])).toThrow('tasks require each other in a cycle: a → b → c → a');
    expect(() => orderTasks([fake('self', ['self'])])).toThrow('cycle: self → self');
  });

  it('refuses two tasks with one id', () => {
    expect(() => orderTasks([fake('a'), fake('a')])).toThrow('task "a" is listed twice');
  });

  it('accepts the registry: unique ids, every requirement listed, narratives before entities', () => {
    const ids = orderTasks(TASKS).map((t) => t.id);
    expect(ids).toEqual(['narratives', 'entities', 'techniques', 'genre', 'frames', 'provenance']);
    expect(LABEL_TASKS).toEqual(TASKS.flatMap((t) => t.facets.map((f) => f.task)));
  });
});

describe('the language check', () => {
  it('writes one note in one wording, and the not-run section, without loading the model', () => {
    let loaded = 0;
    const task = fake('fake', [], { model: () => void loaded++, notRun: (reason: string) => ({ status: 'unavailable', reason }) });
    const a = analyzeArticle(article(ENGLISH), { annotators: [task], language: 'de' });
    expect(a.notes).toEqual(['Fake: not run for language "de" (models for en).']);
    expect((a as unknown as Record<string, unknown>).fake).toEqual({ status: 'unavailable', reason: 'not run for language "de" (models for en)' });
    expect(loaded).toBe(0);
    expect(a.models).toEqual([]);
    expect(a.timings.fake).toBeGreaterThanOrEqual(0);
  });

  it('says when the language could not be identified', () => {
    const a = analyzeArticle(article(ENGLISH), { annotators: [fake('fake')], language: 'und' });
    expect(a.notes).toEqual(['Fake: not run, the language could not be identified.']);
  });

  it('runs a covered language and records the model version once', () => {
    const a = analyzeArticle(article(ENGLISH), { annotators: [fake('fake')], language: 'en' });
    expect(a.notes).toEqual([]);
    expect((a as unknown as Record<string, unknown>).fake).toEqual({ id: 'fake' });
    expect(a.models).toEqual([{ task: 'fake', version: 'fake-1' }]);
  });

  it('turns a model that cannot be loaded into a note and goes on with the next task', () => {
    const broken = fake('broken', [], {
      model: () => {
        throw new Error('/models/broken/EN.nscm: bad magic (not a narrascope model file)');
      },
    });
    const a = analyzeArticle(article(ENGLISH), { annotators: [broken, fake('after')], language: 'en' });
    expect(a.notes).toEqual(['Broken: /models/broken/EN.nscm: bad magic (not a narrascope model file).']);
    expect((a as unknown as Record<string, unknown>).after).toEqual({ id: 'after' });
  });
});

describe('the Doc as the data bus', () => {
  const counter: Task<string, { words: number }> = {
    ...(fake('counter') as Task<string, { words: number }>),
    annotate(doc) {
      const words = doc.tokens.length;
      setLayer(doc, 'counter', { words });
      return { words };
    },
  };
  const reader: Task<string, { seen: number | null }> = {
    ...(fake('reader', ['counter']) as Task<string, { seen: number | null }>),
    annotate: (doc) => ({ seen: layerOf(doc, 'counter')?.words ?? null }),
  };

  it("lets a task read an earlier task's layer, whatever order the tasks are given in", () => {
    const { analysis, doc } = analyzeDoc(article(ENGLISH), { annotators: [reader, counter], language: 'en' });
    const sections = analysis as unknown as Record<string, unknown>;
    expect(sections.reader).toEqual({ seen: doc.tokens.length });
    expect(sections.counter).toEqual({ words: doc.tokens.length });
    expect(Object.keys(analysis.timings).slice(-2)).toEqual(['counter', 'reader']);
  });

  it('refuses a reader without the task whose layer it reads', () => {
    expect(() => analyzeArticle(article(ENGLISH), { annotators: [reader] })).toThrow('task "reader" requires task "counter"');
  });

  it('returns the Doc the analysis was read from, with its clean view', () => {
    const raw = `${ENGLISH}\n\nShare this article\nhttps://example.org/share`;
    const { analysis, doc } = analyzeDoc(article(raw), { annotators: [] });
    expect(doc.view.text.length).toBe(analysis.cleaning.cleanLength);
    expect(doc.sentences).toEqual(analysis.text.sentences);
  });

  it("gives the raw text's word tokens, made once and shared by a mixed text's parts", () => {
    const { doc, cleaning } = buildDoc(article(ENGLISH));
    expect(doc.tokens).toEqual(wordTokensWithOffsets(ENGLISH));
    expect(doc.tokens).toBe(doc.tokens);
    expect(partDoc(doc, cleaning.removed, 'en').tokens).toBe(doc.tokens);
  });
});
