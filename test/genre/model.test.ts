import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeDoc } from '../../src/pipeline.js';
import { decodeTaskModel, encodeTaskModel, ModelVectorizer } from '../../src/learn/textmodel.js';
import { GenreAnnotator } from '../../src/tasks/genre/annotate.js';
import { GenreClassifier } from '../../src/tasks/genre/classifier.js';
import { crossValidateGenre, emDecider, foldsFromMap, shiftedDraws, trainingDecider } from '../../src/tasks/genre/cv.js';
import { PSEUDO_COUNTS } from '../../src/tasks/genre/decide.js';
import { predictGenre } from '../../src/tasks/genre/predict.js';
import { genreProbabilities, genreTaskModel, GENRE_CONFIG, trainGenre, type GenreConfig } from '../../src/tasks/genre/train.js';
import { genreStyle } from '../../src/tasks/genre/style.js';

// Invented French articles in three recognisable shapes; a small hasher keeps the test quick.
const OPINION = (i: number) => `Pourquoi nous devons refuser ce projet ${i}\n\nJe pense que c'est une honte ! Vous croyez vraiment qu'ils nous écoutent ? Nous méritons mieux, et je le dis haut et fort ${i} fois !`;
const REPORTING = (i: number) => `Le conseil adopte le budget de la ville ${i}\n\nLe maire a déclaré : « Les travaux commenceront en mai », selon un communiqué publié le ${i} mars. Le projet coûte ${i + 3} millions d'euros, a précisé la préfecture.`;
const SATIRE = (i: number) => `Un pigeon élu maire de la commune ${i}\n\nSelon nos sources imaginaires, le pigeon numéro ${i} promet des miettes gratuites.\nIncroyable.\nVraiment.\nLes chats protestent.`;
// One language in the fixture: the pooled recipe (which reads the other five) is left out here (test/genre/pooled.test.ts has it).
const CFG: GenreConfig = { ...GENRE_CONFIG, hasher: { bits: 14, wordNgrams: [1, 2], charNgrams: [3, 4] }, screen: [4], recipes: ['text', 'style', 'text+style'] };

let root: string;
const ids: string[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'narrascope-genre-'));
  const dir = join(root, 'FR', 'train-articles-subtask-1');
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  const add = (make: (i: number) => string, label: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const id = String(230000 + ids.length);
      ids.push(id);
      writeFileSync(join(dir, `article${id}.txt`), make(i + 1));
      lines.push(`${id}\t${label}`);
    }
  };
  add(OPINION, 'opinion', 12);
  add(REPORTING, 'reporting', 8);
  add(SATIRE, 'satire', 6);
  writeFileSync(join(root, 'FR', 'train-labels-subtask-1.txt'), `${lines.join('\n')}\n`);
});

describe('genre cross-validation', () => {
  it('takes an explicit fold assignment by article id and gives calibrated out-of-fold probabilities', () => {
    const folds = new Map(ids.map((id, i) => [id, i % 2]));
    const cv = crossValidateGenre(root, 'fr', 5, 42, CFG, { folds });
    expect(Array.from(cv.folds)).toEqual(ids.map((_, i) => i % 2));
    expect(cv.fits).toHaveLength(2);
    for (const p of cv.probs) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(cv.predictions.size).toBe(ids.length);
    expect(cv.reliability.n).toBe(ids.length);
    expect(cv.score.macroF1).toBeGreaterThan(0.6);
    for (const fit of cv.fits) expect(PSEUDO_COUNTS).toContain(fit.pseudoCount);
    const mix = { opinion: 0.2, reporting: 0.7, satire: 0.1 };
    const o = { draws: 3, size: 40, seed: 1 };
    for (const decide of [emDecider(), trainingDecider]) expect(shiftedDraws(cv, mix, decide, o)).toBeGreaterThan(0.5);
  });

  it('an article without a fold is an error naming it', () => {
    expect(() => foldsFromMap(['1', '2'], new Map([['1', 0]]))).toThrow('fold assignment: no valid fold for article 2');
  });
});

describe('a trained genre model', () => {
  let model: ReturnType<typeof decodeTaskModel>;
  beforeAll(() => {
    model = decodeTaskModel(encodeTaskModel(genreTaskModel(trainGenre(root, 'fr', 7, CFG), { trainedAt: 'test' }, CFG)), 'FR.nscm', 'genre');
  });

  it('stores calibration, training priors, out-of-fold rows and a pseudo-count, and reads them back', () => {
    const c = new GenreClassifier(model);
    expect(c.lang).toBe('fr');
    expect(Array.from(c.trainingPriors).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(c.rows?.y).toHaveLength(ids.length);
    expect(PSEUDO_COUNTS).toContain(c.pseudoCount);
    const r = c.classify(REPORTING(40));
    expect(r.label).toBe('reporting');
    expect(r.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('predicts with the inner-fold members, as the fit in memory does', () => {
    const fit = trainGenre(root, 'fr', 7, CFG);
    const members = fit.stacker ? fit.stacker.models.length : fit.textModels.length;
    expect(members).toBe(CFG.innerFolds);
    const c = new GenreClassifier(model);
    const text = SATIRE(42);
    const fromFile = c.probabilities(text);
    const inMemory = genreProbabilities(fit, () => new ModelVectorizer(model).vector(text), () => genreStyle(text, 'fr'));
    // The file stores text weights as 8-bit integers: close, not identical.
    fromFile.forEach((p, k) => expect(p).toBeCloseTo(inMemory[k], 2));
  });

  it('a batch prior moves the probabilities toward the class it favours', () => {
    const c = new GenreClassifier(model);
    const p = c.probabilities(OPINION(41));
    const satireHeavy = c.decide(p, Float64Array.from([0.05, 0.05, 0.9]));
    expect(satireHeavy.probs[2]).toBeGreaterThan(p[2]);
  });

  it('predict estimates the folder mix by default, or keeps the training priors', () => {
    const articles = new Map(Array.from({ length: 10 }, (_, i) => [String(i), REPORTING(50 + i)]));
    const batch = predictGenre(model, articles);
    const training = predictGenre(model, articles, 'training');
    expect(batch.rows).toHaveLength(10);
    expect(Array.from(training.priors)).toEqual(Array.from(new GenreClassifier(model).trainingPriors));
    expect(batch.priors[1]).toBeGreaterThan(training.priors[1]);
  });
});

describe('the genre annotator', () => {
  const saved = process.env.NARRASCOPE_MODELS;
  let models: string;
  beforeAll(() => {
    models = join(root, 'models');
    mkdirSync(join(models, 'genre'), { recursive: true });
    writeFileSync(join(models, 'genre', 'FR.nscm'), encodeTaskModel(genreTaskModel(trainGenre(root, 'fr', 7, CFG), { trainedAt: 'test' }, CFG)));
    process.env.NARRASCOPE_MODELS = models;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.NARRASCOPE_MODELS;
    else process.env.NARRASCOPE_MODELS = saved;
  });

  it('lists the languages with a model file and annotates with calibrated scores', () => {
    const a = new GenreAnnotator();
    expect(a.languages()).toEqual(['fr']);
    const { analysis } = analyzeDoc(createArticle({ raw: REPORTING(60), id: 'x', origin: { format: 'text' } }), { annotators: [a], language: 'fr' });
    expect(analysis.genre?.label).toBe('reporting');
    expect(Object.values(analysis.genre!.scores).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 2);
  });

  it('its shift hook gives one evidence row and re-decides under new priors', () => {
    const a = new GenreAnnotator();
    const c = a.model('fr');
    // Half reporting, half opinion: no genre is certain.
    const raw = `${REPORTING(61)}\n${OPINION(61).split('\n').slice(2).join('\n')}\n${SATIRE(61).split('\n').slice(2).join('\n')}`;
    const { analysis, doc } = analyzeDoc(createArticle({ raw, id: 'y', origin: { format: 'text' } }), { annotators: [a], language: 'fr' });
    const shift = a.shift;
    expect(shift.kind).toBe('multiclass');
    expect(shift.labels(c)).toEqual(['opinion', 'reporting', 'satire']);
    const rows = shift.evidence(doc, analysis.genre!, c);
    expect(rows).toHaveLength(1);
    expect(rows[0].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
    const again = shift.redecide(doc, analysis.genre!, c, Float64Array.from([0.98, 0.01, 0.01]));
    expect(again.scores.opinion).toBeGreaterThan(rows[0][0]);
    expect(['opinion', 'reporting', 'satire']).toContain(again.label);
  });
});
