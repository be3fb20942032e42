import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { AnalysisSchema } from '../../src/schema.js';
import { FeatureHasher, markText, TfidfSpace } from '../../src/features/index.js';
import { TechniquesAnnotator } from '../../src/tasks/techniques/annotate.js';
import { cutLongSpans } from '../../src/tasks/techniques/spans.js';
import { GenreAnnotator } from '../../src/tasks/genre/annotate.js';
import { FramesAnnotator } from '../../src/tasks/frames/annotate.js';
import { encodeTaskModel, trainPrimalOneVsRest, type TaskModel } from '../../src/learn/index.js';

// A tiny model trained on invented sentences, so the test needs no corpus and no bundled model.
const HASHER = { bits: 14, wordNgrams: [1, 2] as [number, number], charNgrams: null };
const TRAIN: [string, string[]][] = [
  ['The shameless villains betrayed everyone again!', ['Loaded_Language']],
  ['What a disgusting and shameless betrayal by the villains!', ['Loaded_Language']],
  ['The villains are shameless liars.', ['Loaded_Language', 'Name_Calling-Labeling']],
  ['The bakery opened at nine on Monday.', []],
  ['Bread prices rose by two percent in March.', []],
  ['The report was published on Friday.', []],
];

function tinyModel(task: string, labels: string[], meta: Record<string, unknown>): TaskModel {
  const h = new FeatureHasher(HASHER);
  const counts = TRAIN.map(([t]) => h.counts(markText(t)));
  const space = TfidfSpace.fit(counts, 1 << HASHER.bits, { minDf: 1 });
  const X = counts.map((c) => space.transform(c));
  const Y = TRAIN.map(([, ls]) => ls.map((l) => labels.indexOf(l)).filter((k) => k >= 0));
  const model = trainPrimalOneVsRest(X, Y, labels, space.size, { C: 10 });
  return { task, version: 'test', hasher: HASHER, space, model, meta: { prepare: 'mark', ...meta } };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-techniques-'));
  mkdirSync(join(dir, 'techniques'));
  writeFileSync(join(dir, 'techniques', 'EN.nscm'), encodeTaskModel(tinyModel('techniques', ['Loaded_Language', 'Name_Calling-Labeling'], { thresholds: [0.5, 0.5], platt: [[1, 0], [1, 0]], priors: [0.5, 0.2] })));
  writeFileSync(join(dir, 'genre.nscm'), encodeTaskModel(tinyModel('genre', ['opinion', 'reporting', 'satire'], { offsets: [0, 0, 0] })));
  mkdirSync(join(dir, 'frames'));
  writeFileSync(join(dir, 'frames', 'EN.nscm'), encodeTaskModel(tinyModel('frames', ['Morality', 'Economic'], { thresholds: [0.3, 0.3], platt: [{ a: 1, b: 0 }, { a: 1, b: 0 }], priors: [0.5, 0.5] })));
});

function analyse(raw: string, language?: string) {
  const annotators = [new TechniquesAnnotator({ modelDir: join(dir, 'techniques') }), new GenreAnnotator(join(dir, 'genre.nscm')), new FramesAnnotator(join(dir, 'frames'))];
  return analyzeArticle(createArticle({ raw, id: 'example', origin: { format: 'text' } }), { annotators, language });
}

describe('techniques, genre and frames annotators', () => {
  it('fill the schema fields with spans whose text is the raw text at their offsets', () => {
    const raw = 'An invented headline\n\nThe shameless villains betrayed the town again! The bakery opened at nine.\nThese so-called leaders are an existential threat.\n';
    const a = analyse(raw, 'en');
    expect(() => AnalysisSchema.parse(a)).not.toThrow();
    const spans = a.techniques!.spans;
    expect(spans.some((s) => s.source === 'model:techniques' && s.technique === 'Loaded_Language' && s.text.includes('shameless villains'))).toBe(true);
    expect(spans.some((s) => s.source === 'detector:name-calling' && s.text === 'so-called leaders')).toBe(true);
    expect(spans.some((s) => s.source === 'detector:fear' && s.text === 'existential threat')).toBe(true);
    expect(spans.some((s) => s.text.includes('bakery'))).toBe(false);
    for (const s of spans) expect(raw.slice(s.start, s.end)).toBe(s.text);
    const loaded = a.techniques!.summary.find((x) => x.technique === 'Loaded_Language');
    expect(loaded?.count).toBe(spans.filter((s) => s.technique === 'Loaded_Language').length);
    expect(Object.keys(a.genre!.scores).sort()).toEqual(['opinion', 'reporting', 'satire']);
    expect(Object.values(a.genre!.scores).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 2);
    expect(Array.isArray(a.frames)).toBe(true);
    expect(a.models.map((m) => m.task).sort()).toEqual(['frames', 'genre', 'techniques']);
  });

  it('analyses a 200 KB single line, keeping every span inside the text', () => {
    const unit = 'the shameless villains betrayed everyone again and the bakery opened at nine ';
    const raw = `Invented headline\n${unit.repeat(Math.ceil(200_000 / unit.length))}`;
    expect(raw.length).toBeGreaterThan(200_000);
    const a = analyse(raw, 'en');
    const spans = a.techniques!.spans;
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(raw.length);
      expect(s.end - s.start).toBeLessThanOrEqual(600);
      expect(raw.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('analyses an article without paragraph breaks', () => {
    const raw = 'Invented headline. The shameless villains betrayed everyone again! Bread prices rose by two percent in March.';
    const a = analyse(raw, 'en');
    expect(a.techniques!.spans.length).toBeGreaterThan(0);
    for (const s of a.techniques!.spans) expect(raw.slice(s.start, s.end)).toBe(s.text);
  });

  it('does not highlight an all-caps marker in the title as loaded language', () => {
    const raw = 'EXAMPLE: Bakery on Mill Street opens at nine\n\nThe bakery opened at nine on Monday.\n';
    const spans = analyse(raw, 'en').techniques!.spans;
    expect(spans.some((s) => s.text.includes('EXAMPLE'))).toBe(false);
  });

  it('gives a model span around the loaded phrase of a long sentence, not the whole sentence', () => {
    const sentence = 'Along the quay, where fishermen mend their nets each spring and gulls circle over the harbour wall, people blame shameless villains.';
    const raw = `Invented headline\n\n${sentence}\n`;
    const model = analyse(raw, 'en').techniques!.spans.filter((s) => s.source === 'model:techniques' && s.technique === 'Loaded_Language');
    expect(model.length).toBeGreaterThan(0);
    for (const s of model) {
      expect(s.text).toMatch(/shameless|villains/);
      expect(s.text.length).toBeLessThan(sentence.length / 2);
    }
  });

  it('does not run the English models and detectors on other languages, and says so', () => {
    const a = analyse('Titre inventé\n\nQuelle honte absolue! Un scandale!\n', 'fr');
    expect(a.techniques).toBeUndefined();
    expect(a.genre).toBeUndefined();
    expect(a.notes.some((n) => n.startsWith('Techniques:') && n.includes('"fr"'))).toBe(true);
    expect(a.notes.some((n) => n.startsWith('Frames:'))).toBe(true);
  });
});

describe('cutLongSpans', () => {
  it('cuts at spaces into pieces no longer than the limit, covering the span', () => {
    const text = 'word '.repeat(100);
    const pieces = cutLongSpans(text, [{ start: 0, end: text.length - 1 }], 42);
    expect(pieces.every((p) => p.end - p.start <= 42)).toBe(true);
    expect(pieces[0].start).toBe(0);
    expect(pieces[pieces.length - 1].end).toBe(text.length - 1);
    for (const p of pieces) expect(text[p.start]).not.toBe(' ');
  });
});
