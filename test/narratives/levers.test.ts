import { describe, expect, it } from 'vitest';
import { blendVotes, knnVotes, topK } from '../../src/tasks/narratives/knn.js';
import { expectedF1Set } from '../../src/learn/multilabel.js';
import { decodeLabels, type DecodeParams } from '../../src/tasks/narratives/decode.js';
import { buildLabelSpace, labelNames } from '../../src/tasks/narratives/labels.js';
import { FeatureHasher, TfidfSpace } from '../../src/features/index.js';
import { MODEL_FORMAT, NarrativeModel, neighbourTable } from '../../src/tasks/narratives/model.js';

describe('nearest-neighbour votes', () => {
  it('picks the k largest similarities, most similar first, ties by index', () => {
    expect(topK([0.1, 0.9, 0.5, 0.9, 0.2], 3)).toEqual([1, 3, 2]);
    expect(topK([0.3, 0.1], 5)).toEqual([0, 1]);
  });

  it('weights each neighbour by its similarity and ignores the rest', () => {
    const sims = [0.6, 0.2, 0.9, 0.0];
    const sets = [[0, 2], [1], [0], [1, 2]];
    // k = 2: neighbours 2 (0.9, label 0) and 0 (0.6, labels 0 and 2)
    const v = knnVotes(sims, sets, 2, 3);
    expect(v[0]).toBeCloseTo(1, 10);
    expect(v[1]).toBe(0);
    expect(v[2]).toBeCloseTo(0.6 / 1.5, 10);
  });

  it('blends only the first entries and leaves p alone at weight 0', () => {
    const p = Float64Array.from([0.2, 0.4, 0.9]);
    blendVotes(p, [1, 0, 0], 0.5, 2);
    expect(Array.from(p)).toEqual([0.6, 0.2, 0.9]);
    blendVotes(p, [0, 0, 0], 0, 3);
    expect(Array.from(p)).toEqual([0.6, 0.2, 0.9]);
  });
});

describe('expected-F1 label rule', () => {
  it('takes one label when one dominates and several when they are all likely', () => {
    expect(expectedF1Set([0.9, 0.05, 0.05], [0, 1, 2])).toEqual([0]);
    expect(expectedF1Set([0.8, 0.7, 0.75, 0.01], [0, 1, 2, 3])).toEqual([0, 2, 1]);
    expect(expectedF1Set([0.8, 0.7], [1])).toEqual([1]);
    expect(expectedF1Set([0.8], [])).toEqual([]);
  });

  it('decodes through the rule, keeping the hierarchy', () => {
    const rows = [
      { id: 'a', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
      { id: 'b', narratives: ['URW: Gamma'], subNarratives: ['URW: Gamma: Four'] },
    ];
    const space = buildLabelSpace(rows, ['URW: Beta', 'URW: Gamma']);
    // [CC, URW, Beta, Gamma, Beta: Two, Gamma: Four]
    const params: DecodeParams = { other: 0.3, narrative: new Float64Array(2).fill(0.99), sub: new Float64Array(2).fill(0.99), singleDomain: false, otherBy: 'narrative', hedgeOther: 2, rule: 'expectedF1', gammaN: 1, gammaS: 1 };
    const d = decodeLabels([0.05, 0.9, 0.8, 0.1, 0.1, 0.7], space, params);
    // Gamma's sub-narrative is chosen, so Gamma joins Beta although its own probability is low.
    expect(d.narratives).toEqual(['URW: Beta', 'URW: Gamma']);
    expect(d.subNarratives).toEqual(['URW: Gamma: Four', 'URW: Beta: Other']);
    expect(decodeLabels([0.05, 0.2, 0.2, 0.1, 0.1, 0.1], space, params).narratives).toEqual(['Other']);
  });
});

describe('stored decoding rule and neighbours', () => {
  // Invented texts and labels in the official naming scheme.
  const texts = ['tanks cross the river at dawn', 'the talks stall again', 'glaciers melt in the valley'];
  const rows = [
    { id: 'a', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
    { id: 'b', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Three'] },
    { id: 'c', narratives: ['CC: Alpha'], subNarratives: ['CC: Alpha: One'] },
  ];
  const space = buildLabelSpace(rows, ['CC: Alpha', 'URW: Beta']);
  const names = labelNames(space);
  const h = new FeatureHasher({ bits: 12 });
  const tf = TfidfSpace.fit(texts.map((t) => h.counts(t)), 1 << 12, { minDf: 1 });
  const make = (neighbours: boolean) =>
    new NarrativeModel(
      {
        format: MODEL_FORMAT, lang: 'en', version: 'test', seed: 1, hasher: { bits: 12, wordNgrams: [1, 2], charNgrams: [2, 5] }, tfidf: tf.options, labels: space,
        taxonomy: { narratives: ['CC: Alpha', 'URW: Beta', 'Other'], subNarratives: ['CC: Alpha: One', 'URW: Beta: Two', 'URW: Beta: Three', 'Other'] }, training: {},
        decode: { other: 0.2, narrative: [0.5, 0.5], sub: [0.5, 0.5, 0.5], singleDomain: false, otherBy: 'narrative', hedgeOther: 2, rule: 'expectedF1Subs', gammaN: 1, gammaS: 2 },
        knn: neighbours ? { k: 1, weight: 1 } : undefined,
      },
      tf,
      { outputs: names, q: new Int8Array(tf.size * names.length), scales: new Float32Array(names.length).fill(1), bias: new Float32Array(names.length) },
      neighbours ? neighbourTable(texts.map((t) => tf.transform(h.counts(t))), rows.map((r) => [0, 1, 2, 3, 4, 5, 6].filter((l) => names[l] === r.narratives[0] || names[l] === r.subNarratives[0] || (l < 2 && r.narratives[0].startsWith(`${names[l]}: `))))) : null,
    );

  it('keeps the rule and its exponents through the file', () => {
    const back = NarrativeModel.decode(make(false).encode());
    expect(back.params.rule).toBe('expectedF1Subs');
    expect(back.params.gammaS).toBe(2);
    expect(back.decode(back.probabilities(back.vectorize('anything'))).narratives).toEqual(make(false).decode(make(false).probabilities(make(false).vectorize('anything'))).narratives);
  });

  it('lets the nearest training article decide when the neighbour weight is 1, also after a round trip', () => {
    const back = NarrativeModel.decode(make(true).encode());
    const p = back.probabilities(back.vectorize('glaciers melt in the valley'));
    // Zero weights give 0.5 everywhere; the single neighbour (the third text) carries CC, Alpha, Alpha: One.
    expect(Array.from(p.slice(0, 7)).map((x) => Math.round(x))).toEqual(names.map((n) => (['CC', 'CC: Alpha', 'CC: Alpha: One'].includes(n) ? 1 : 0)));
    expect(back.decode(p).subNarratives).toEqual(['CC: Alpha: One']);
  });
});
