/** FramesAnnotator: per-language model files, calibrated scores, the label-shift hook and batch prediction, on a tiny invented model. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { FeatureHasher, markText, TfidfSpace } from '../../src/features/index.js';
import { applyPlatt, encodeTaskModel, trainPrimalOneVsRest, type TaskModel } from '../../src/learn/index.js';
import { FramesAnnotator } from '../../src/tasks/frames/annotate.js';
import { frameProbabilities, loadedFrames, shiftedFrames } from '../../src/tasks/frames/model.js';
import { predictFrames } from '../../src/tasks/frames/predict.js';

const HASHER = { bits: 12, wordNgrams: [1, 1] as [number, number], charNgrams: null };
const LABELS = ['Economic', 'Morality'];
const TRAIN: [string, number[]][] = [
  ['Taxes and budget cuts hit the bakery owners.', [0]],
  ['The budget deficit and tax revenue grew.', [0]],
  ['Prices, wages and the budget were debated.', [0]],
  ['It is simply wrong and sinful to lie to children.', [1]],
  ['A shameful, immoral betrayal of decent values.', [1]],
  ['The weather was mild on Sunday afternoon.', []],
  ['The park reopened after the rain.', []],
];
const PLATT = [{ a: 1.5, b: -0.5 }, { a: 0.8, b: 0.2 }];

function tinyModel(meta: Record<string, unknown>): TaskModel {
  const h = new FeatureHasher(HASHER);
  const counts = TRAIN.map(([t]) => h.counts(markText(t)));
  const space = TfidfSpace.fit(counts, 1 << HASHER.bits, { minDf: 1 });
  const model = trainPrimalOneVsRest(counts.map((c) => space.transform(c)), TRAIN.map(([, y]) => y), LABELS, space.size, { C: 10 });
  return { task: 'frames', version: 'test', hasher: HASHER, space, model, meta: { prepare: 'mark', ...meta } };
}

const META = { thresholds: [0.4, 0.4], platt: PLATT, priors: [3 / 7, 2 / 7] };
let dir: string;
beforeAll(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'narrascope-frames-')), 'frames');
  mkdirSync(dir);
  writeFileSync(join(dir, 'EN.nscm'), encodeTaskModel(tinyModel(META)));
  writeFileSync(join(dir, 'FR.nscm'), encodeTaskModel(tinyModel(META)));
  writeFileSync(join(dir, 'IT.nscm'), encodeTaskModel(tinyModel({ thresholds: [0.4, 0.4], priors: [0.5, 0.5] })));
});

describe('FramesAnnotator', () => {
  it('lists the languages of the model files present', () => {
    expect(new FramesAnnotator(dir).languages()).toEqual(['en', 'fr', 'it']);
    expect(new FramesAnnotator(join(dir, 'missing')).languages()).toEqual([]);
  });

  it('scores frames with the calibrated probabilities and decides at the calibrated thresholds', () => {
    const task = new FramesAnnotator(dir);
    const m = task.model('fr');
    const text = 'Invented headline\n\nThe budget and the taxes were cut again.';
    const raw = m.vectorizer.scores(text);
    const p = frameProbabilities(text, m);
    p.forEach((v, l) => expect(v).toBeCloseTo(applyPlatt(PLATT[l], raw[l]), 12));
    const a = analyzeArticle(createArticle({ raw: text, id: 'x', origin: { format: 'text' } }), { annotators: [task], language: 'fr' });
    const expected = LABELS.filter((_, l) => p[l] >= 0.4);
    expect(a.frames!.map((f) => f.label).sort()).toEqual(expected.sort());
    expect(expected).toContain('Economic');
    for (const f of a.frames!) expect(f.score).toBeCloseTo(p[LABELS.indexOf(f.label)], 3);
  });

  it('names the file and the field of a model without calibration', () => {
    expect(() => new FramesAnnotator(dir).model('it')).toThrow(/IT\.nscm: frames model field "platt"/);
    const m = tinyModel({ thresholds: [0.4], platt: PLATT, priors: [0.5, 0.5] });
    expect(() => loadedFrames(m, 'x.nscm')).toThrow('x.nscm: frames model field "thresholds" must hold 2 numbers');
  });
});

describe('frames label shift', () => {
  it('keeps posteriors under the training priors and raises a frame whose prior rises', () => {
    const p = Float64Array.of(0.3, 0.6);
    const train = [0.4, 0.3];
    expect(Array.from(shiftedFrames(p, train, train)).map((x) => x.toFixed(12))).toEqual(Array.from(p).map((x) => x.toFixed(12)));
    const up = shiftedFrames(p, train, [0.8, 0.3]);
    expect(up[0]).toBeGreaterThan(0.3);
    expect(up[1]).toBeCloseTo(0.6, 12);
  });

  it('is a multi-label hook whose evidence is the calibrated row and whose redecision follows the priors', () => {
    const task = new FramesAnnotator(dir);
    const m = task.model('en');
    const text = 'Invented headline\n\nThe budget was debated and it was wrong to lie.';
    const a = analyzeArticle(createArticle({ raw: text, id: 'y', origin: { format: 'text' } }), { annotators: [task], language: 'en' });
    const shift = task.shift;
    expect(shift.kind).toBe('multilabel');
    expect(shift.labels(m)).toEqual(LABELS);
    expect(Array.from(shift.trainingPriors(m))).toEqual(META.priors);
    expect(typeof shift.byDefault).toBe('boolean');
    // A Doc the annotator never saw: the evidence is computed again, the same row.
    const doc = { view: { text } } as never;
    const [row] = shift.evidence(doc, a.frames!, m);
    expect(Array.from(row)).toEqual(Array.from(frameProbabilities(text, m)));
    expect(shift.redecide(doc, a.frames!, m, Float64Array.of(0.999, 0.999)).map((f) => f.label).sort()).toEqual([...LABELS].sort());
    expect(shift.redecide(doc, a.frames!, m, Float64Array.of(0.001, 0.001))).toEqual([]);
  });

  it('predicts a folder under the training priors or the batch priors estimated by EM', () => {
    const m = new FramesAnnotator(dir).model('en');
    const articles = new Map(Array.from({ length: 24 }, (_, i) => [String(i), `Headline ${i}\n\nThe budget, taxes and wages ${i}.`] as [string, string]));
    const training = predictFrames(m, articles, 'training');
    expect(Array.from(training.priors)).toEqual(META.priors);
    const batch = predictFrames(m, articles, 'batch');
    // An all-economics batch: the estimated Economic prior rises above its training share.
    expect(batch.priors[0]).toBeGreaterThan(META.priors[0]);
    expect(batch.rows.map((r) => r.id)).toEqual([...articles.keys()]);
    // Fewer articles than the batch minimum: the training priors are kept.
    expect(Array.from(predictFrames(m, new Map([...articles].slice(0, 5)), 'batch').priors)).toEqual(META.priors);
  });
});
