/** Per-language technique models in the annotator: model files found by language, calibrated scores, paragraph spans, and the label-shift hook. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { FeatureHasher, markText, TfidfSpace } from '../../src/features/index.js';
import { TechniquesAnnotator, loadTechniquesModel } from '../../src/tasks/techniques/annotate.js';
import { applyPlatt, encodeTaskModel, trainPrimalOneVsRest, type TaskModel } from '../../src/learn/index.js';

const HASHER = { bits: 12, wordNgrams: [1, 2] as [number, number], charNgrams: null };
const LABELS = ['Loaded_Language', 'Name_Calling-Labeling'];
const TRAIN: [string, number[]][] = [
  ['Quelle honte, ces traîtres scandaleux!', [0]],
  ['Un scandale honteux et révoltant!', [0]],
  ['Ces imbéciles de traîtres mentent encore.', [0, 1]],
  ['La boulangerie ouvre à neuf heures.', []],
  ['Le rapport a été publié vendredi.', []],
  ['Le prix du pain a augmenté en mars.', []],
];

function frenchModel(meta: Record<string, unknown>): TaskModel {
  const h = new FeatureHasher(HASHER);
  const counts = TRAIN.map(([t]) => h.counts(markText(t)));
  const space = TfidfSpace.fit(counts, 1 << HASHER.bits, { minDf: 1 });
  const model = trainPrimalOneVsRest(counts.map((c) => space.transform(c)), TRAIN.map(([, y]) => y), LABELS, space.size, { C: 10 });
  return { task: 'techniques', version: 'test-fr', hasher: HASHER, space, model, meta: { prepare: 'mark', ...meta } };
}

const META = { thresholds: [0.5, 0.5], platt: [[1.5, -0.2], [1, 0]], priors: [0.3, 0.1] };
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-techniques-lang-'));
  writeFileSync(join(dir, 'FR.nscm'), encodeTaskModel(frenchModel(META)));
  writeFileSync(join(dir, 'notes.txt'), 'not a model');
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'FR.nscm'), encodeTaskModel(frenchModel({ thresholds: [0.5, 0.5], priors: [0.3, 0.1] })));
});

const ARTICLE = 'Titre inventé\n\nQuelle honte, ces traîtres scandaleux! Un scandale révoltant.\n\nLa boulangerie ouvre à neuf heures.\n';

function analyse(annotator: TechniquesAnnotator, raw: string) {
  return analyzeArticle(createArticle({ raw, id: 'fr-example', origin: { format: 'text' } }), { annotators: [annotator], language: 'fr' });
}

describe('per-language technique models', () => {
  it('lists the languages with a model file and reads the one asked for', () => {
    const a = new TechniquesAnnotator({ modelDir: dir });
    expect(a.languages()).toEqual(['fr']);
    expect(a.model('FR').lang).toBe('fr');
  });

  it('gives French decisions at paragraph extent with calibrated probabilities', () => {
    const annotator = new TechniquesAnnotator({ modelDir: dir });
    const spans = analyse(annotator, ARTICLE).techniques!.spans;
    const loaded = spans.filter((s) => s.technique === 'Loaded_Language');
    expect(loaded).toHaveLength(1);
    expect(loaded[0].text).toBe('Quelle honte, ces traîtres scandaleux! Un scandale révoltant.');
    expect(loaded[0].source).toBe('model:techniques');
    expect(spans.some((s) => s.text.includes('boulangerie'))).toBe(false);
    // The confidence is the Platt-scaled probability of the raw score.
    const m = annotator.model('fr');
    const raw = m.vectorizer.scores(loaded[0].text)[0];
    expect(loaded[0].confidence).toBeCloseTo(applyPlatt({ a: 1.5, b: -0.2 }, raw), 3);
    // The calibrated threshold decides as the raw one did.
    expect(m.thresholds[0]).toBeCloseTo(applyPlatt({ a: 1.5, b: -0.2 }, 0.5), 10);
  });

  it('names the file and the field when a model lacks its calibration', () => {
    expect(() => loadTechniquesModel(join(dir, 'broken', 'FR.nscm'), 'fr')).toThrow(/broken[\\/]FR\.nscm: model metadata "platt" must hold 4 numbers/);
  });
});

describe('the techniques label-shift hook', () => {
  it('gives one evidence row per paragraph and decides again under new priors', () => {
    const annotator = new TechniquesAnnotator({ modelDir: dir });
    const shift = annotator.shift;
    expect(shift.kind).toBe('multilabel');
    const m = annotator.model('fr');
    expect(shift.labels(m)).toEqual(LABELS);
    expect(Array.from(shift.trainingPriors(m))).toEqual([0.3, 0.1]);
    const article = createArticle({ raw: ARTICLE, id: 'fr-shift', origin: { format: 'text' } });
    let captured: { doc: Parameters<typeof shift.evidence>[0]; section: ReturnType<TechniquesAnnotator['annotate']> } | undefined;
    const spy = new TechniquesAnnotator({ modelDir: dir });
    const original = spy.annotate.bind(spy);
    spy.annotate = (doc, model) => {
      const section = original(doc, model);
      captured = { doc, section };
      return section;
    };
    analyzeArticle(article, { annotators: [spy], language: 'fr' });
    const { doc, section } = captured!;
    const rows = spy.shift.evidence(doc, section, m);
    expect(rows).toHaveLength(3); // title, two body paragraphs
    for (const r of rows) for (const p of r) expect(p).toBeGreaterThanOrEqual(0);
    // Under the training priors nothing changes; under much lower priors the loaded paragraph is dropped; under higher ones more is found.
    expect(spy.shift.redecide(doc, section, m, Float64Array.of(0.3, 0.1))).toEqual(section);
    const fewer = spy.shift.redecide(doc, section, m, Float64Array.of(0.001, 0.001));
    expect(fewer.spans.filter((s) => s.source === 'model:techniques')).toHaveLength(0);
    const more = spy.shift.redecide(doc, section, m, Float64Array.of(0.99, 0.99));
    expect(more.spans.length).toBeGreaterThan(section.spans.length);
  });
});
