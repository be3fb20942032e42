import { describe, expect, it } from 'vitest';
import { FeatureHasher, TfidfSpace, wordTokens } from '../../src/features/index.js';
import {
  decodeModelFile,
  dequantizeInt8,
  encodeModelFile,
  foldSplit,
  kFold,
  quantizeInt8,
  setF1,
  sparseDot,
  sparseFromPairs,
  stratifiedKFold,
  trainOneVsRest,
  tunePerLabelThresholds,
  tuneThreshold,
  versionTag,
} from '../../src/learn/index.js';

describe('tokenising and hashing', () => {
  it('lower-cases and splits Latin, Cyrillic and Devanagari words', () => {
    expect(wordTokens('The Cat, the DOG!')).toEqual(['the', 'cat', 'the', 'dog']);
    expect(wordTokens('Москва ГОРОД')).toEqual(['москва', 'город']);
    // Vowel signs (combining marks) stay inside the word.
    expect(wordTokens('हिंदी भाषा')).toEqual(['हिंदी', 'भाषा']);
  });

  it('produces sorted, normalised vectors that match for equal texts only', () => {
    const h = new FeatureHasher({ bits: 16 });
    const a = h.vectorize('Solar panels are cheap today');
    const b = h.vectorize('solar PANELS are cheap today');
    const c = h.vectorize('Tanks crossed the river at dawn');
    for (let k = 1; k < a.indices.length; k++) expect(a.indices[k]).toBeGreaterThan(a.indices[k - 1]);
    expect(sparseDot(a, a)).toBeCloseTo(1, 5);
    expect(sparseDot(a, b)).toBeCloseTo(1, 5);
    expect(sparseDot(a, c)).toBeLessThan(0.5);
  });

  it('tf-idf space keeps features by document frequency and normalises', () => {
    const h = new FeatureHasher({ bits: 16, charNgrams: null });
    const docs = ['alpha beta', 'alpha gamma', 'alpha beta delta'].map((t) => h.counts(t));
    const space = TfidfSpace.fit(docs, 1 << 16, { minDf: 2 });
    // Kept unigrams: alpha (3), beta (2); bigram "alpha beta" (2).
    expect(space.size).toBe(3);
    const v = space.transform(h.counts('beta beta alpha zeta'));
    expect(v.indices.length).toBe(2);
    // Unknown n-grams count in the length but are not in the vector.
    expect(sparseDot(v, v)).toBeLessThan(0.99);
    const known = space.transform(h.counts('alpha beta'));
    expect(sparseDot(known, known)).toBeCloseTo(1, 5);
  });
});

describe('one-vs-rest logistic regression', () => {
  it('learns a separable toy problem', () => {
    const h = new FeatureHasher({ bits: 14, charNgrams: null });
    const texts = [
      ['apples and pears in the orchard', 0],
      ['ripe apples from the orchard', 0],
      ['pears and apples for sale', 0],
      ['the orchard grows pears', 0],
      ['engines and gears in the garage', 1],
      ['the garage fixes engines', 1],
      ['gears of old engines', 1],
      ['a garage full of gears', 1],
    ] as const;
    const X = texts.map(([t]) => h.vectorize(t));
    const Y = texts.map(([, y]) => [y]);
    const model = trainOneVsRest(X, Y, ['fruit', 'machines'], h.dims, { C: 10 });
    const fruit = model.scores(h.vectorize('apples in an orchard'));
    const machines = model.scores(h.vectorize('engines in a garage'));
    expect(fruit[0]).toBeGreaterThan(0.5);
    expect(fruit[1]).toBeLessThan(0.5);
    expect(machines[1]).toBeGreaterThan(0.5);
    expect(machines[0]).toBeLessThan(0.5);
    // Training is deterministic.
    const again = trainOneVsRest(X, Y, ['fruit', 'machines'], h.dims, { C: 10 });
    expect(Array.from(again.bias)).toEqual(Array.from(model.bias));
  });
});

describe('folds', () => {
  it('kFold is deterministic per seed, disjoint and covering', () => {
    const a = kFold(23, 5, 7);
    expect(Array.from(kFold(23, 5, 7))).toEqual(Array.from(a));
    expect(Array.from(kFold(23, 5, 8))).not.toEqual(Array.from(a));
    const seen = new Set<number>();
    for (let f = 0; f < 5; f++) {
      const { train, test } = foldSplit(a, f);
      expect(train.length + test.length).toBe(23);
      expect(test.length).toBeGreaterThanOrEqual(4);
      for (const i of test) {
        expect(seen.has(i)).toBe(false);
        seen.add(i);
        expect(train).not.toContain(i);
      }
    }
    expect(seen.size).toBe(23);
  });

  it('stratifiedKFold spreads a rare label over the folds', () => {
    const labels = Array.from({ length: 40 }, (_, i) => (i % 8 === 0 ? [0, 1] : [1]));
    const folds = stratifiedKFold(labels, 5, 3);
    expect(Array.from(stratifiedKFold(labels, 5, 3))).toEqual(Array.from(folds));
    const rarePerFold = new Array(5).fill(0);
    labels.forEach((ls, i) => ls.includes(0) && rarePerFold[folds[i]]++);
    expect(rarePerFold).toEqual([1, 1, 1, 1, 1]);
    const sizes = new Array(5).fill(0);
    folds.forEach((f) => sizes[f]++);
    expect(sizes).toEqual([8, 8, 8, 8, 8]);
  });
});

describe('thresholds', () => {
  it('finds the threshold that separates scores', () => {
    const scores = [0.1, 0.2, 0.35, 0.6, 0.7];
    const gold = [false, false, false, true, true];
    const acc = (t: number) => scores.filter((s, i) => s >= t === gold[i]).length;
    const best = tuneThreshold(acc);
    expect(best.value).toBe(5);
    expect(best.threshold).toBeGreaterThan(0.35);
    expect(best.threshold).toBeLessThanOrEqual(0.6);
  });

  it('per-label thresholds shrink toward the global one', () => {
    // Label 0 is best at a high threshold, label 1 has no support and keeps the global value.
    const metric = (t: Float64Array) => -Math.abs(t[0] - 0.9);
    const t = tunePerLabelThresholds(0.5, [5, 0], metric, { shrinkage: 5 });
    expect(t[0]).toBeCloseTo(0.5 * 0.9 + 0.5 * 0.5, 5);
    expect(t[1]).toBe(0.5);
  });

  it('setF1 follows the zero-division convention', () => {
    expect(setF1(new Set(), new Set())).toBe(0);
    expect(setF1(new Set(['a', 'b']), new Set(['a']))).toBeCloseTo(2 / 3);
  });
});

describe('model files', () => {
  it('round-trips meta and arrays byte-exactly and deterministically', () => {
    const m = { meta: { labels: ['x', 'y'], seed: 3 }, arrays: { w: Float32Array.from([1.5, -2]), q: Int8Array.from([-127, 5, 0]), f: Uint32Array.from([7, 1 << 30]) } };
    const buf = encodeModelFile(m);
    expect(encodeModelFile(m).equals(buf)).toBe(true);
    const back = decodeModelFile(buf);
    expect(back.meta).toEqual(m.meta);
    expect(Array.from(back.arrays.w)).toEqual([1.5, -2]);
    expect(Array.from(back.arrays.q)).toEqual([-127, 5, 0]);
    expect(Array.from(back.arrays.f)).toEqual([7, 1 << 30]);
    expect(() => decodeModelFile(Buffer.from('nope'))).toThrow(/not a gzip/);
  });

  it('tags a loaded model\'s version with the digest of its file, which changes with any byte', () => {
    const a = encodeModelFile({ meta: { version: 'v1' }, arrays: { w: Float32Array.from([1, 2]) } });
    const b = encodeModelFile({ meta: { version: 'v1' }, arrays: { w: Float32Array.from([1, 2.5]) } });
    const da = decodeModelFile(a).digest!;
    expect(da).toMatch(/^[0-9a-f]{12}$/);
    expect(decodeModelFile(Buffer.from(a)).digest).toBe(da);
    expect(decodeModelFile(b).digest).not.toBe(da);
    expect(versionTag('v1', da)).toBe(`v1#${da}`);
    expect(versionTag('v1')).toBe('v1');
  });

  it('int8 quantisation keeps weights within half a step', () => {
    const w = Float32Array.from([0.5, -1, 0.25, 2, -0.01, 0]);
    const { q, scales } = quantizeInt8(w, 2);
    const back = dequantizeInt8(q, scales);
    w.forEach((v, k) => expect(Math.abs(back[k] - v)).toBeLessThanOrEqual(scales[k % 2] / 2 + 1e-7));
  });

  it('sparseFromPairs sorts and sums duplicates', () => {
    const v = sparseFromPairs([5, 2, 5], [1, 2, 3]);
    expect(Array.from(v.indices)).toEqual([2, 5]);
    expect(Array.from(v.values)).toEqual([2, 4]);
  });
});

describe('LinearModel with a row map', () => {
  it('scores like the dense model it was compacted from', async () => {
    const { LinearModel } = await import('../../src/learn/onevsrest.js');
    const dims = 6;
    const labels = ['a', 'b'];
    const dense = new LinearModel(labels, dims, Float32Array.from([0, 0, 1, -2, 0, 0, 0.5, 0.25, 0, 0, 3, 1]), Float32Array.from([0.1, -0.1]));
    const rowOf = Int32Array.from([-1, 0, -1, 1, -1, 2]);
    const compact = new LinearModel(labels, dims, Float32Array.from([1, -2, 0.5, 0.25, 3, 1]), Float32Array.from([0.1, -0.1]), rowOf);
    const x = { indices: Uint32Array.from([0, 1, 3, 5]), values: Float32Array.from([2, 1, 4, 0.5]) };
    expect([...compact.decision(x)]).toEqual([...dense.decision(x)]);
    expect([...compact.contributions(x, 1)]).toEqual([...dense.contributions(x, 1)]);
    expect(() => new LinearModel(labels, dims, new Float32Array(5), new Float32Array(2), rowOf)).toThrow(/weights size/);
  });
});
