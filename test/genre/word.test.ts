// The word-tf-idf genre finalist and the average of its calibrated probabilities with the base recipe's: fitted, stored, read back, calibrated and decided as batches.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FeatureHasher, TfidfSpace } from '../../src/features/index.js';
import { applyTemperatureBias, LinearModel, type SparseVector } from '../../src/learn/index.js';
import { decodeTaskModel, encodeTaskModel, ModelVectorizer } from '../../src/learn/textmodel.js';
import { GenreClassifier } from '../../src/tasks/genre/classifier.js';
import { crossValidateGenre, recipeName } from '../../src/tasks/genre/cv.js';
import { GENRE_RULES, uniformPriors } from '../../src/tasks/genre/decide.js';
import { genreStyle } from '../../src/tasks/genre/style.js';
import { GENRES } from '../../src/tasks/genre/taxonomy.js';
import { genreProbabilities, genreTaskModel, GENRE_CONFIG, PREVIOUS_GENRE_CONFIG, trainGenre, wordBlock, wordBlockC, type GenreConfig } from '../../src/tasks/genre/train.js';

// Invented Italian articles in three recognisable registers; a small hasher keeps the test quick.
const OPINION = (i: number) => `Perché dobbiamo dire di no ${i}\n\nSecondo me è una vergogna! Credete davvero che ci ascoltino? Meritiamo di meglio, e lo ripeto ${i} volte!`;
const REPORTING = (i: number) => `Il consiglio approva il bilancio ${i}\n\nIl sindaco ha dichiarato che i lavori inizieranno a maggio, secondo un comunicato del ${i} marzo. Il progetto costa ${i + 3} milioni di euro.`;
const SATIRE = (i: number) => `Un piccione eletto sindaco del paese ${i}\n\nIl piccione numero ${i} promette briciole gratis.\nIncredibile.\nDavvero.\nI gatti protestano.`;
const BASE: GenreConfig = { ...GENRE_CONFIG, hasher: { bits: 14, wordNgrams: [1, 2], charNgrams: [3, 4] }, screen: [4], recipes: ['text', 'style'] };
const only = (f: GenreConfig['finalists'][number]): GenreConfig => ({ ...BASE, finalists: [f] });

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'narrascope-genre-word-'));
  const dir = join(root, 'IT', 'train-articles-subtask-1');
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  let next = 310000;
  const add = (make: (i: number) => string, label: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const id = String(next++);
      writeFileSync(join(dir, `article${id}.txt`), make(i + 1));
      lines.push(`${id}\t${label}`);
    }
  };
  add(OPINION, 'opinion', 12);
  add(REPORTING, 'reporting', 8);
  add(SATIRE, 'satire', 6);
  writeFileSync(join(root, 'IT', 'train-labels-subtask-1.txt'), `${lines.join('\n')}\n`);
});

describe('the word block of a tf-idf vector', () => {
  const hasher = { bits: 10, wordNgrams: [1, 2] as [number, number], charNgrams: [2, 3] as [number, number] };
  const texts = ['il sindaco parla', 'il piccione vola', 'i gatti protestano davvero'];
  const counts = texts.map((t) => new FeatureHasher(hasher).counts(t));
  const space = TfidfSpace.fit(counts, 1 << hasher.bits, { minDf: 1 });

  it('keeps the word n-grams with their values in the full vector and drops the character n-grams', () => {
    const full = space.transform(counts[0]);
    const w = wordBlock(full, space);
    expect(w.indices.length).toBeGreaterThan(0);
    expect(w.indices.length).toBeLessThan(full.indices.length);
    for (const k of w.indices) expect(space.features[k]).toBeLessThan(space.charBase);
    expect(Array.from(w.values)).toEqual(Array.from(full.values.slice(0, w.values.length)));
    // Each block is L2-normalised, then both share the unit length equally: the word block has length 1/√2.
    expect(Math.hypot(...w.values)).toBeCloseTo(Math.SQRT1_2, 5);
  });

  it('a model trained on it scores the full vector as it scores the block (its character weights are 0)', () => {
    const w = new Float32Array(space.size * GENRES.length);
    const block = wordBlock(space.transform(counts[2]), space);
    block.indices.forEach((k, q) => (w[k * GENRES.length + (q % 3)] = 0.5 + q));
    const m = new LinearModel(GENRES, space.size, w, Float32Array.from([0.1, 0, -0.1]));
    const full: SparseVector = space.transform(counts[2]);
    Array.from(m.scores(full)).forEach((s, c) => expect(s).toBeCloseTo(m.scores(block)[c], 6));
  });

  it('its C is the peer C on a unit-length word vector: doubled when characters share the vector, as is without them', () => {
    expect(wordBlockC({ ...GENRE_CONFIG, wordC: 1 })).toBeCloseTo(2, 12);
    expect(wordBlockC({ ...GENRE_CONFIG, wordC: 1, hasher: { ...GENRE_CONFIG.hasher, charNgrams: null } })).toBe(1);
    expect(wordBlockC({ ...GENRE_CONFIG, wordC: 1, tfidf: { ...GENRE_CONFIG.tfidf, wordWeight: 2 } })).toBeCloseTo(1.25, 12);
  });
});

/** The stored form of a fit, read back. */
const stored = (cfg: GenreConfig) => {
  const fit = trainGenre(root, 'it', 7, cfg);
  return { fit, model: decodeTaskModel(encodeTaskModel(genreTaskModel(fit, { trainedAt: 'test' }, cfg)), 'IT.nscm', 'genre') };
};

describe('the word-tf-idf finalist', () => {
  it('is fitted as text members over the word block only, stored and read back as them', () => {
    const { fit, model } = stored(only('word'));
    expect(fit.recipe).toBe('word');
    expect(fit.stacker).toBeNull();
    expect(fit.average).toBeNull();
    expect(fit.textModels).toHaveLength(BASE.innerFolds);
    for (const m of fit.textModels) for (let k = 0; k < fit.space.size; k++) if (fit.space.features[k] >= fit.space.charBase) for (let c = 0; c < 3; c++) expect(m.weights[k * 3 + c]).toBe(0);
    const c = new GenreClassifier(model);
    expect(GENRE_RULES).toContain(c.rule);
    expect(c.classify(REPORTING(40)).label).toBe('reporting');
    const text = SATIRE(41);
    const inMemory = genreProbabilities(fit, () => new ModelVectorizer(model).vector(text), () => genreStyle(text, 'it'));
    c.probabilities(text).forEach((p, k) => expect(p).toBeCloseTo(inMemory[k], 2));
  });
});

describe('the average finalist', () => {
  let fit: ReturnType<typeof trainGenre>;
  let model: ReturnType<typeof decodeTaskModel>;
  beforeAll(() => ({ fit, model } = stored(only('average'))));

  it('keeps the base recipe and the word models, each with its own calibration, and a calibration of the average', () => {
    const a = fit.average!;
    expect(fit.recipe).toBe('average');
    expect(['text', 'style']).toContain(a.base);
    expect(recipeName(fit)).toBe(`average(${a.base})`);
    expect(a.wordModels).toHaveLength(BASE.innerFolds);
    expect(a.baseCalibration.temperature).toBeGreaterThan(0);
    expect(a.wordCalibration.temperature).toBeGreaterThan(0);
    for (const p of fit.oof.probs) expect(p.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
    expect((model.meta.average as { wordMembers: number }).wordMembers).toBe(BASE.innerFolds);
  });

  it('gives the calibrated mean of the two parts, the text vector built once; the stored model gives the same', () => {
    const text = OPINION(42);
    let built = 0;
    const vector = () => {
      built++;
      return new ModelVectorizer(model).vector(text);
    };
    const style = () => genreStyle(text, 'it');
    const p = genreProbabilities(fit, vector, style);
    expect(built).toBeLessThanOrEqual(1);
    const a = fit.average!;
    const base = genreProbabilities({ ...fit, average: null, calibration: a.baseCalibration }, vector, style);
    const word = genreProbabilities({ textModels: a.wordModels, stacker: null, calibration: a.wordCalibration }, vector, style);
    const expected = applyTemperatureBias(fit.calibration, base.map((v, c) => (v + word[c]) / 2));
    p.forEach((v, c) => expect(v).toBeCloseTo(expected[c], 12));
    new GenreClassifier(model).probabilities(text).forEach((v, c) => expect(v).toBeCloseTo(p[c], 2));
  });

  it('decides single articles and batches by its stored rule', () => {
    const c = new GenreClassifier(model);
    expect(c.classify(REPORTING(43)).label).toBe('reporting');
    expect(c.classify(SATIRE(44)).label).toBe('satire');
    const probs = [REPORTING(45), REPORTING(46), OPINION(47)].map((t) => c.probabilities(t));
    const priors = c.batchPriors(probs);
    expect(priors.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    const uniform = new GenreClassifier({ ...model, meta: { ...model.meta, rule: 'uniform' } });
    expect(uniform.decideArticle(probs[0])).toEqual(uniform.decide(probs[0], uniformPriors(3)));
    expect(c.decideInBatch(probs[0], priors).label).toBe('reporting');
  });

  it('a stored word-member count that does not fit the text members is an error naming the field', () => {
    const bad = { ...model, meta: { ...model.meta, average: { ...(model.meta.average as object), wordMembers: 99 } } };
    expect(() => new GenreClassifier(bad)).toThrow(/meta\.average\.wordMembers 99 does not fit its \d+ text members/);
  });
});

describe('the final choice', () => {
  it('is made among the allowed finalists inside each outer training part; the recipe before issue 13 has the base alone', () => {
    const cv = crossValidateGenre(root, 'it', 3, 42, BASE);
    for (const name of cv.recipes) expect(name).toMatch(/^(text|style|word|average\((text|style)\))$/);
    expect(cv.score.macroF1).toBeGreaterThan(0.6);
    expect(PREVIOUS_GENRE_CONFIG.finalists).toEqual(['base']);
    expect(() => trainGenre(root, 'it', 7, { ...BASE, recipes: ['word'] })).toThrow("genre it: 'word' is a finalist (config.finalists), not a base recipe");
  });
});
