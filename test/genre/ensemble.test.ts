// The cross-fitted genre ensemble: inner-fold models kept, joined into one stored model and split back, probabilities averaged over members.
import { describe, expect, it } from 'vitest';
import { applyTemperatureBias, LinearModel, outOfFoldProbabilities, type SparseVector } from '../../src/learn/index.js';
import { decodeTaskModel, encodeTaskModel } from '../../src/learn/textmodel.js';
import { TfidfSpace } from '../../src/features/index.js';
import { GenreClassifier } from '../../src/tasks/genre/classifier.js';
import { GENRES } from '../../src/tasks/genre/taxonomy.js';
import { crossFit, genreProbabilities, joinMembers, splitMembers } from '../../src/tasks/genre/train.js';

/** A small synthetic three-class problem on four dense features (class c lights feature c, plus noise on feature 3). */
function synthetic(n: number): { X: SparseVector[]; y: number[] } {
  const X: SparseVector[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const v = [0, 0, 0, ((i * 7) % 5) / 5];
    v[c] = 1 + ((i * 3) % 4) / 4;
    X.push({ indices: Uint32Array.from([0, 1, 2, 3]), values: Float32Array.from(v) });
    y.push(c);
  }
  return { X, y };
}

const model = (dims: number, w: number[], b: number[]) => new LinearModel(GENRES, dims, Float32Array.from(w), Float32Array.from(b));

describe('crossFit', () => {
  it('keeps one model per inner fold and gives the same out-of-fold rows as outOfFoldProbabilities', () => {
    const { X, y } = synthetic(30);
    const learner = { C: 1, maxEpochs: 20 };
    const cf = crossFit(X, y, 4, 5, 11, learner);
    expect(cf.models).toHaveLength(5);
    const reference = outOfFoldProbabilities(X, y.map((c) => [c]), GENRES, 4, 5, 11, learner);
    cf.oof.forEach((p, i) => expect(Array.from(p)).toEqual(Array.from(reference[i])));
  });
});

describe('joined members', () => {
  it('split back into the same models', () => {
    const a = model(2, [1, 2, 3, 4, 5, 6], [0.1, 0.2, 0.3]);
    const b = model(2, [-1, -2, -3, -4, -5, -6], [-0.1, -0.2, -0.3]);
    const joined = joinMembers([a, b]);
    expect(joined.labels).toEqual(['opinion/0', 'reporting/0', 'satire/0', 'opinion/1', 'reporting/1', 'satire/1']);
    const [a2, b2] = splitMembers(joined);
    expect(Array.from(a2.weights)).toEqual(Array.from(a.weights));
    expect(Array.from(b2.bias)).toEqual(Array.from(b.bias));
  });

  it('a model of one member is itself, and a label count not a multiple of three is an error', () => {
    const a = model(1, [1, 2, 3], [0, 0, 0]);
    expect(splitMembers(a)).toEqual([a]);
    expect(() => splitMembers(new LinearModel(['a', 'b'], 1, new Float32Array(2), new Float32Array(2)))).toThrow('genre model: 2 text-model labels, expected a multiple of 3');
  });
});

describe('genreProbabilities', () => {
  const x: SparseVector = { indices: Uint32Array.from([0]), values: Float32Array.from([1]) };
  const calibration = { temperature: 0.8, bias: [0, 0.2, -0.1] };
  const members = [model(1, [2, -1, -2], [0, 0, 0]), model(1, [-1, 2, -2], [0, 0, 0])];

  it('is the mean of the members’ calibrated probabilities', () => {
    const p = genreProbabilities({ textModels: members, stacker: null, calibration }, x, () => new Float64Array(0));
    const one = members.map((m) => {
      const s = m.scores(x);
      const t = s.reduce((a, b) => a + b, 0);
      return applyTemperatureBias(calibration, s.map((v) => v / t));
    });
    p.forEach((v, c) => expect(v).toBeCloseTo((one[0][c] + one[1][c]) / 2, 12));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('a style-only model never asks for the text vector', () => {
    const stacker = { models: [model(1, [1, 0, -1], [0, 0, 0])], scaler: { mean: [0], std: [1] }, columns: [0], textLogits: false, neutral: false };
    const p = genreProbabilities({ textModels: [], stacker, calibration }, () => {
      throw new Error('text read');
    }, () => Float64Array.from([2]));
    expect(p[0]).toBeGreaterThan(p[2]);
  });

  it('a model with neither text models nor a stacker is an error', () => {
    expect(() => genreProbabilities({ textModels: [], stacker: null, calibration }, x, () => new Float64Array(0))).toThrow('genre model: no text model and no stacker');
  });
});

describe('a stored model from before the ensemble', () => {
  it('with one stacker weight list still loads and decides; a stacker with no weights is an error naming the model', () => {
    const space = new TfidfSpace(new Uint32Array(0), new Float32Array(0), 1 << 10, { minDf: 1, useIdf: true, wordWeight: 1 });
    const meta = (stacker: Record<string, unknown>) => ({
      lang: 'fr',
      prepare: 'mark',
      offsets: [0, 0, 0],
      trainingPriors: [0.5, 0.3, 0.2],
      calibration: { temperature: 1, bias: [0, 0, 0] },
      stacker: { columns: [0], textLogits: false, scaler: { mean: [0], std: [1] }, ...stacker },
    });
    const file = (stacker: Record<string, unknown>) =>
      decodeTaskModel(encodeTaskModel({ task: 'genre', version: 'v-test', hasher: { bits: 10, wordNgrams: [1, 1], charNgrams: null }, space, model: new LinearModel(GENRES, 0, new Float32Array(0), new Float32Array(3)), meta: meta(stacker) }), 'FR.nscm', 'genre');
    const c = new GenreClassifier(file({ weights: [1, 0, -1], bias: [0, 0, 0] }));
    expect(c.labels).toEqual(GENRES);
    expect(c.classify('Titre\n\nUn texte.').probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(() => new GenreClassifier(file({}))).toThrow('genre model v-test: meta.stacker has neither members nor weights');
  });
});
