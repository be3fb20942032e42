/** Paragraph technique training in any language, on a small invented corpus folder: reading, cross-validation (seeded or given folds), the stored model. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTechniqueCorpus } from '../../src/tasks/techniques/corpus.js';
import { checkFolds, crossValidateTechniques, techniquesTaskModel, trainTechniques, TECHNIQUES_CONFIG, type TechniqueRecipe } from '../../src/tasks/techniques/train.js';
import { loadTechniquesModel } from '../../src/tasks/techniques/annotate.js';
import { encodeTaskModel } from '../../src/learn/index.js';
import { TECHNIQUES } from '../../src/tasks/techniques/taxonomy.js';
import { LOADED, PLAIN, writeTechniqueCorpus } from './fixtures.js';

// Small hashes so the test is quick; two recipes so a choice is made.
const SMALL: TechniqueRecipe[] = [
  { name: 'words', config: { ...TECHNIQUES_CONFIG, hasher: { bits: 12, wordNgrams: [1, 2], charNgrams: null }, tfidf: { minDf: 1 } } },
  { name: 'words+chars', config: { ...TECHNIQUES_CONFIG, hasher: { bits: 12, wordNgrams: [1, 2], charNgrams: [3, 4] }, tfidf: { minDf: 1 } } },
];
let data: string;
beforeAll(() => {
  data = writeTechniqueCorpus();
});

describe('loadTechniqueCorpus', () => {
  it('reads the paragraphs of the label file with their text from the article line, passing over resource-fork files', () => {
    const { paragraphs, articles } = loadTechniqueCorpus(data, () => {}, 'fr');
    expect(articles.size).toBe(12);
    expect(paragraphs).toHaveLength(60);
    expect(paragraphs[1]).toMatchObject({ id: '23000', line: 3, text: LOADED[0], techniques: ['Loaded_Language'] });
    expect(paragraphs[2]).toMatchObject({ line: 4, text: PLAIN[0], techniques: [] });
  });

  it('names the label file and row when a row points at an empty line', () => {
    expect(() => loadTechniqueCorpus(data, () => {}, 'it')).toThrow(/IT[\\/]train-labels-subtask-3\.txt:2: article 26001 has no non-empty line 2/);
  });
});

describe('crossValidateTechniques', () => {
  it('chooses a recipe inside each training part and gives calibrated out-of-fold probabilities', () => {
    const cv = crossValidateTechniques(data, 3, 42, { lang: 'fr', recipes: SMALL });
    expect(cv.lang).toBe('fr');
    expect(cv.fits).toHaveLength(3);
    for (const f of cv.fits) {
      expect(SMALL.map((r) => r.name)).toContain(f.recipe);
      expect(f.candidates.map((c) => c.name)).toEqual(['words', 'words+chars']);
      expect(f.priors[TECHNIQUES.indexOf('Loaded_Language')]).toBeCloseTo(0.4, 5);
    }
    // Paragraphs of one article share a fold.
    const foldOf = new Map<string, number>();
    cv.paragraphs.forEach((p, i) => expect(foldOf.get(p.id) ?? foldOf.set(p.id, cv.folds[i]).get(p.id)).toBe(cv.folds[i]));
    for (const row of cv.probabilities) for (const p of row) expect(p >= 0 && p <= 1).toBe(true);
    expect(cv.score.microF1).toBeGreaterThan(0.8);
    expect(cv.reliability.all.n).toBe(60 * TECHNIQUES.length);
  });

  it('takes an explicit fold per paragraph (train on one half, test on the other)', () => {
    const { paragraphs } = loadTechniqueCorpus(data, () => {}, 'fr');
    const folds = paragraphs.map((p) => (Number(p.id) % 2 === 0 ? 0 : 1));
    const cv = crossValidateTechniques(data, 5, 1, { lang: 'fr', recipes: SMALL, folds });
    expect(Array.from(cv.folds)).toEqual(folds);
    expect(cv.fits.map((f) => f.fold)).toEqual([0, 1]);
    expect(cv.predictions.size).toBe(60);
  });

  it('rejects folds of the wrong length or value, naming the paragraph', () => {
    const { paragraphs } = loadTechniqueCorpus(data, () => {}, 'fr');
    expect(() => checkFolds([0, 1], paragraphs)).toThrow(/expected 60 fold numbers/);
    const folds = paragraphs.map(() => 0);
    folds[7] = -1;
    expect(() => checkFolds(folds, paragraphs)).toThrow(/folds\[7\] \(article 23001, line 4\)/);
  });
});

describe('trainTechniques and the stored model', () => {
  it('stores the recipe, thresholds, Platt pairs and priors that the annotator reads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'narrascope-techniques-model-'));
    const fit = trainTechniques(data, 7, () => {}, 'fr', SMALL);
    const model = techniquesTaskModel(fit, { trainedAt: '2026-01-01' }, 'fr');
    expect(model.version).toBe('semeval2023-fr-paragraphs-2026-01-01');
    writeFileSync(join(dir, 'FR.nscm'), encodeTaskModel(model));
    const loaded = loadTechniquesModel(join(dir, 'FR.nscm'), 'fr');
    expect(loaded.model.meta.recipe).toBe(fit.recipe.name);
    expect(loaded.platt).toHaveLength(TECHNIQUES.length);
    expect(loaded.priors[TECHNIQUES.indexOf('Loaded_Language')]).toBeCloseTo(0.4, 5);
    const scores = loaded.vectorizer.scores(LOADED[1]);
    expect(scores[TECHNIQUES.indexOf('Loaded_Language')]).toBeGreaterThan(loaded.vectorizer.scores(PLAIN[1])[TECHNIQUES.indexOf('Loaded_Language')]);
  });
});
