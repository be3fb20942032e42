import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArticle } from '../../src/doc/article.js';
import { buildDoc } from '../../src/pipeline.js';
import { FeatureHasher, TfidfSpace } from '../../src/features/index.js';
import { gramMatrix, trainDualLogistic } from '../../src/learn/index.js';
import { applySubModel, buildLabelSpace, labelNames, rowTargets } from '../../src/tasks/narratives/labels.js';
import { DEFAULT_TRAIN_OPTIONS, trainLabelSolutions } from '../../src/tasks/narratives/train.js';
import { MODEL_FORMAT, NarrativeModel } from '../../src/tasks/narratives/model.js';
import { annotateNarratives } from '../../src/tasks/narratives/annotate.js';
import { loadGuidelineDocs } from '../../src/tasks/narratives/corpus.js';
import type { Taxonomy } from '../../src/tasks/narratives/taxonomy.js';

// Invented labels and texts in the official naming scheme.
const taxonomy: Taxonomy = {
  narratives: ['CC: Alpha', 'URW: Beta', 'Other'],
  subNarratives: ['CC: Alpha: One', 'CC: Alpha: Other', 'URW: Beta: Two', 'URW: Beta: Three', 'URW: Beta: Other', 'Other'],
};
const gold = [
  { id: '1', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
  { id: '2', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Three'] },
  { id: '3', narratives: ['CC: Alpha'], subNarratives: ['CC: Alpha: One'] },
  { id: '4', narratives: ['Other'], subNarratives: ['Other'] },
  { id: '5', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
];
const texts = ['tanks cross the river at dawn', 'the bridge talks stall again', 'glaciers melt in the warm spring', 'a recipe for lemon cake', 'tanks and trucks near the river'];
const space = buildLabelSpace(gold, taxonomy.narratives);
// score order: [URW, CC, CC: Alpha, URW: Beta, CC: Alpha: One, URW: Beta: Three, URW: Beta: Two]

describe('conditional sub-narrative models', () => {
  it('P(sub) = P(parent) × P(sub | parent) in conditional mode only', () => {
    const p = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.5, 0.5, 0.5]);
    expect(Array.from(applySubModel(Float64Array.from(p), space, 'flat'))).toEqual(Array.from(p));
    const c = applySubModel(Float64Array.from(p), space, 'conditional');
    expect(c[4]).toBeCloseTo(0.2 * 0.5, 12);
    expect(c[6]).toBeCloseTo(0.8 * 0.5, 12);
    expect(c[3]).toBe(0.8);
  });

  it('trains each sub-narrative on its parent’s articles only', () => {
    const h = new FeatureHasher({ bits: 12 });
    const counts = texts.map((t) => h.counts(t));
    const fitted = TfidfSpace.fit(counts, 1 << 12, { minDf: 1 });
    const X = counts.map((c) => fitted.transform(c));
    const gram = gramMatrix(X, X, fitted.size);
    const sets = gold.map((g) => rowTargets(g, space));
    const L = labelNames(space).length;
    const targets = Array.from({ length: L }, (_, l) => Uint8Array.from(sets, (s) => (s.includes(l) ? 1 : 0)));
    const rows = [0, 1, 2, 3, 4];
    const opts = { ...DEFAULT_TRAIN_OPTIONS, seed: 3 };
    const cond = trainLabelSolutions(gram, X.length, rows, targets, space, { ...opts, subModel: 'conditional' });
    const flat = trainLabelSolutions(gram, X.length, rows, targets, space, { ...opts, subModel: 'flat' });
    const two = 6; // URW: Beta: Two; its parent URW: Beta holds for rows 0, 1, 4
    expect(Array.from(cond[two]!.coef).map((c, k) => (c !== 0 ? k : -1)).filter((k) => k >= 0)).toEqual([0, 1, 4]);
    expect(flat[two]!.coef[2]).not.toBe(0);
    expect(flat[two]!.coef[3]).not.toBe(0);
  });
});

describe('row weights in the dual learner', () => {
  it('bound an example’s dual coefficient by C × its weight', () => {
    const h = new FeatureHasher({ bits: 12 });
    const X = texts.map((t) => h.vectorize(t));
    const gram = gramMatrix(X, X, 2 << 12);
    const y = [true, false, false, false, true];
    const full = trainDualLogistic(gram, 5, [0, 1, 2, 3, 4], y, { C: 10 });
    const light = trainDualLogistic(gram, 5, [0, 1, 2, 3, 4], y, { C: 10, rowWeight: [1, 1, 1, 1, 0.001] });
    expect(Math.abs(light.coef[4])).toBeLessThanOrEqual(10 * 0.001 + 1e-12);
    expect(Math.abs(full.coef[4])).toBeGreaterThan(10 * 0.001);
  });
});

describe('"<narrative>: Other" as a scored sub-narrative', () => {
  it('is in the label space only when asked, and maps to its narrative', () => {
    const rows = [{ id: 'a', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two', 'URW: Beta: Other'] }];
    expect(buildLabelSpace(rows, taxonomy.narratives).subNarratives).toEqual(['URW: Beta: Two']);
    const withOther = buildLabelSpace(rows, taxonomy.narratives, true);
    expect(withOther.subNarratives).toEqual(['URW: Beta: Other', 'URW: Beta: Two']);
    expect(rowTargets(rows[0], withOther)).toEqual([0, 2, 3, 4]);
  });
});

describe('guideline pseudo-articles', () => {
  it('turns definitions and description sentences into labelled documents, dropping unknown labels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'narr-guide-'));
    mkdirSync(join(dir, 'taxonomy', 'derived'), { recursive: true });
    const d = join(dir, 'taxonomy', 'derived');
    writeFileSync(join(d, 'subnarrative_definitions.csv'), 'subnarrative,definition,examples,instruction for annotators\nURW: Beta: Two,"An invented definition, with a comma.",An invented example.,\nURW: Nope: Zero,Dropped.,,\n');
    writeFileSync(join(d, 'narrative_definitions.csv'), 'narrative,definition,example,instruction for annotator\nCC: Alpha,Invented narrative definition.,Invented example.,\n');
    writeFileSync(join(d, 'Narrative_Description_War_in_Ukraine-sentences.tsv'), 'Narrative\tSubnarrative\tDescription\nBeta\tTwo\tAn invented description sentence.\n');
    const docs = loadGuidelineDocs(dir, taxonomy);
    expect(docs.map((x) => x.gold)).toEqual([
      { id: 'guideline:CC: Alpha', narratives: ['CC: Alpha'], subNarratives: ['CC: Alpha: Other'] },
      { id: 'guideline:URW: Beta: Two', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
    ]);
    expect(docs[1].text).toContain('with a comma');
    expect(docs[1].text).toContain('invented description sentence');
  });
});

describe('the Analysis never lists "Other" beside real narratives', () => {
  it('keeps the submission hedge out of the user-facing labels', () => {
    const h = new FeatureHasher({ bits: 12 });
    const tf = TfidfSpace.fit(texts.map((t) => h.counts(t)), 1 << 12, { minDf: 1 });
    const names = labelNames(space);
    const logit = (p: number) => Math.log(p / (1 - p));
    // Zero weights: every article gets these probabilities. Domains are doubtful (URW 0.3), so the hedge fires.
    const probs = [0.3, 0.1, 0.1, 0.7, 0.1, 0.1, 0.6];
    const linear = { outputs: names, q: new Int8Array(tf.size * names.length), scales: new Float32Array(names.length).fill(1), bias: Float32Array.from(probs.map(logit)) };
    const model = new NarrativeModel(
      {
        format: MODEL_FORMAT, lang: 'en', version: 'test', seed: 1, hasher: { bits: 12, wordNgrams: [1, 2], charNgrams: [2, 5] }, tfidf: tf.options, labels: space, taxonomy, training: {},
        decode: { other: 0.5, narrative: [0.5, 0.5], sub: [0.5, 0.5, 0.5], singleDomain: false, otherBy: 'narrative', hedgeOther: 0.6 },
      },
      tf,
      linear,
    );
    const submission = model.decode(model.probabilities(model.vectorize('anything at all')));
    expect(submission.narratives).toEqual(['URW: Beta', 'Other']);
    const { doc } = buildDoc(createArticle({ raw: 'An invented title\n\nTanks cross the river at dawn. The talks stall.', origin: { format: 'text' } }), {}, 'en');
    const n = annotateNarratives(doc, model);
    expect(n.narratives.map((x) => x.label)).toEqual(['URW: Beta']);
    expect(n.subNarratives.map((x) => x.label)).toEqual(['URW: Beta: Two']);
    expect(n.domain?.label).toBe('URW');
    expect(n.dominant?.subNarrative).toBe('URW: Beta: Two');
  });
  it('submits a scored "<narrative>: Other" but shows only the specific sub-narratives', () => {
    const h = new FeatureHasher({ bits: 12 });
    const tf = TfidfSpace.fit(texts.map((t) => h.counts(t)), 1 << 12, { minDf: 1 });
    const space2 = buildLabelSpace([...gold, { id: '6', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Other'] }], taxonomy.narratives, true);
    const names = labelNames(space2);
    expect(names.slice(4)).toEqual(['CC: Alpha: One', 'URW: Beta: Other', 'URW: Beta: Three', 'URW: Beta: Two']);
    const probs = [0.9, 0.1, 0.1, 0.7, 0.1, 0.8, 0.1, 0.6];
    const logit = (p: number) => Math.log(p / (1 - p));
    const linear = { outputs: names, q: new Int8Array(tf.size * names.length), scales: new Float32Array(names.length).fill(1), bias: Float32Array.from(probs.map(logit)) };
    const model = new NarrativeModel(
      {
        format: MODEL_FORMAT, lang: 'en', version: 'test', seed: 1, hasher: { bits: 12, wordNgrams: [1, 2], charNgrams: [2, 5] }, tfidf: tf.options, labels: space2, taxonomy, training: {},
        decode: { other: 0.5, narrative: [0.5, 0.5], sub: [0.5, 0.5, 0.5, 0.5], singleDomain: false, otherBy: 'narrative', hedgeOther: 2 },
      },
      tf,
      linear,
    );
    expect(model.decode(model.probabilities(model.vectorize('x'))).subNarratives).toEqual(['URW: Beta: Other', 'URW: Beta: Two']);
    const { doc } = buildDoc(createArticle({ raw: 'An invented title\n\nTanks cross the river at dawn.', origin: { format: 'text' } }), {}, 'en');
    const n = annotateNarratives(doc, model);
    expect(n.subNarratives.map((x) => x.label)).toEqual(['URW: Beta: Two']);
    expect(n.dominant?.subNarrative).toBe('URW: Beta: Two');
  });
});
