import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeDoc } from '../../src/pipeline.js';
import { decodeTaskModel, encodeTaskModel, ModelVectorizer } from '../../src/learn/textmodel.js';
import { GenreAnnotator } from '../../src/tasks/genre/annotate.js';
import { GenreClassifier } from '../../src/tasks/genre/classifier.js';
import { articleDecisions, chosenDecider, crossValidateGenre, emDecider, foldsFromMap, shiftedDraws, trainingDecider, uniformDecider } from '../../src/tasks/genre/cv.js';
import { decideGenre, GENRE_RULES, PSEUDO_COUNTS, uniformPriors, type GenreRule } from '../../src/tasks/genre/decide.js';
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
    for (const fit of cv.fits) {
      expect(PSEUDO_COUNTS).toContain(fit.pseudoCount);
      expect(GENRE_RULES).toContain(fit.rule);
    }
    const mix = { opinion: 0.2, reporting: 0.7, satire: 0.1 };
    const o = { draws: 3, size: 40, seed: 1 };
    for (const decide of [chosenDecider, emDecider(), trainingDecider, uniformDecider]) expect(shiftedDraws(cv, mix, decide, o)).toBeGreaterThan(0.5);
  });

  it('decides single articles for the training mix, or for uniform priors when the fit chose them', () => {
    const cv = crossValidateGenre(root, 'fr', 2, 42, CFG);
    const fit = cv.fits[0];
    const probs = cv.probs.slice(0, 8);
    expect(articleDecisions({ ...fit, rule: 'em' }, probs)).toEqual(probs.map((p) => decideGenre(p, fit.offsets)));
    expect(articleDecisions({ ...fit, rule: 'training' }, probs)).toEqual(trainingDecider(fit, probs));
    expect(articleDecisions({ ...fit, rule: 'uniform' }, probs)).toEqual(uniformDecider(fit, probs));
  });

  it('an article without a fold is an error naming it', () => {
    expect(() => foldsFromMap(['1', '2'], new Map([['1', 0]]))).toThrow('fold assignment: no valid fold for article 2');
  });
});

/** The model with its stored batch rule replaced (the rule a tiny fixture chooses is not the point of these tests). */
const withRule = (m: ReturnType<typeof decodeTaskModel>, rule: unknown) => ({ ...m, meta: { ...m.meta, rule } });

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
    expect(GENRE_RULES).toContain(c.rule);
    expect(c.rule).toBe(model.meta.rule);
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

  it('applies its stored rule: EM on a batch, training priors, or uniform priors for batches and single articles', () => {
    const p = new GenreClassifier(model).probabilities(OPINION(43));
    const estimate = Float64Array.from([0.1, 0.8, 0.1]);
    const em = new GenreClassifier(withRule(model, 'em'));
    expect(em.decideInBatch(p, estimate)).toEqual(em.decide(p, estimate));
    expect(em.decideArticle(p)).toEqual(em.decide(p));
    expect(em.batchPseudoCount()).toBe(em.pseudoCount);
    const training = new GenreClassifier(withRule(model, 'training'));
    expect(training.decideInBatch(p, estimate)).toEqual(training.decide(p));
    expect(training.batchPseudoCount()).toBe(1e9);
    const uniform = new GenreClassifier(withRule(model, 'uniform'));
    const u = uniform.decide(p, uniformPriors(3));
    expect(uniform.decideArticle(p)).toEqual(u);
    expect(uniform.decideInBatch(p, estimate)).toEqual(u);
    expect(Array.from(uniform.batchPriors([p, p]))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // A file from before the choice has no rule: EM, as it did.
    const { rule: _rule, ...older } = model.meta;
    expect(new GenreClassifier({ ...model, meta: older }).rule).toBe('em');
  });

  it('an unknown stored rule is an error naming the field', () => {
    expect(() => new GenreClassifier(withRule(model, 'median'))).toThrow(/meta\.rule "median" is not one of em, training, uniform/);
  });

  it('predict estimates the folder mix by default (EM rule), or keeps the training priors', () => {
    const articles = new Map(Array.from({ length: 10 }, (_, i) => [String(i), REPORTING(50 + i)]));
    const batch = predictGenre(withRule(model, 'em'), articles);
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
    // The EM rule, so that the shift hook's re-decision follows the priors it is given.
    const stored = genreTaskModel(trainGenre(root, 'fr', 7, CFG), { trainedAt: 'test' }, CFG);
    writeFileSync(join(models, 'genre', 'FR.nscm'), encodeTaskModel({ ...stored, meta: { ...stored.meta, rule: 'em' as GenreRule } }));
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
