// The pooled genre recipe: a stacker over the language-neutral columns learnt with the other languages' articles added to every training part.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEMEVAL2023_LANGUAGES } from '../../src/corpora/semeval2023.js';
import { decodeTaskModel, encodeTaskModel } from '../../src/learn/textmodel.js';
import { GenreClassifier } from '../../src/tasks/genre/classifier.js';
import { crossValidateGenre } from '../../src/tasks/genre/cv.js';
import { fitGenre, genreData, genreTaskModel, GENRE_CONFIG, otherLanguages, trainGenre, type GenreConfig } from '../../src/tasks/genre/train.js';

// Invented articles whose shape (quotes and figures, exclamations, short lines) carries the genre in any language.
const OPINION = (i: number) => `Why we must say no ${i}\n\nI think this is a disgrace! Do you really believe they listen? We deserve better, and I say it loud ${i} times!`;
const REPORTING = (i: number) => `Council adopts the city budget ${i}\n\n"Work starts in May," the mayor said on ${i} March. The project costs ${i + 3} million, according to a statement (page ${i}).`;
const SATIRE = (i: number) => `Pigeon elected mayor of town ${i}\n\nPigeon number ${i} promises free crumbs.\nAmazing.\nReally.\nCats protest.`;
const POOLED: GenreConfig = { ...GENRE_CONFIG, recipes: ['pooled'], screen: [4] };

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'narrascope-genre-pool-'));
  let next = 1;
  for (const folder of Object.values(SEMEVAL2023_LANGUAGES)) {
    const dir = join(root, folder, 'train-articles-subtask-1');
    mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    const add = (make: (i: number) => string, label: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const id = String(next++);
        writeFileSync(join(dir, `article${id}.txt`), make(next));
        lines.push(`${id}\t${label}`);
      }
    };
    add(OPINION, 'opinion', 8);
    add(REPORTING, 'reporting', 5);
    add(SATIRE, 'satire', 5);
    writeFileSync(join(root, folder, 'train-labels-subtask-1.txt'), `${lines.join('\n')}\n`);
  }
});

describe('the pooled genre recipe', () => {
  it('reads the five other languages, never the one it is for', () => {
    const others = otherLanguages(root, 'fr');
    expect(others.rows).toHaveLength(5 * 18);
    expect(others.y.filter((c) => c === 1)).toHaveLength(5 * 5);
    expect(genreData(root, 'fr', POOLED).pool?.neutral).toHaveLength(18);
  });

  it('is a stacker over the neutral columns, stored and read back as one', () => {
    const fit = trainGenre(root, 'en', 7, POOLED);
    expect(fit.recipe).toBe('pooled');
    expect(fit.stacker?.neutral).toBe(true);
    expect(fit.stacker?.models).toHaveLength(POOLED.innerFolds);
    const model = decodeTaskModel(encodeTaskModel(genreTaskModel(fit, { trainedAt: 'test' }, POOLED)), 'EN.nscm', 'genre');
    expect((model.meta.stacker as { neutral: boolean }).neutral).toBe(true);
    const c = new GenreClassifier(model);
    expect(c.classify(REPORTING(90)).label).toBe('reporting');
    expect(c.classify(SATIRE(91)).label).toBe('satire');
  });

  it('in cross-validation, is chosen or not inside each training part and scores every article out of fold', () => {
    const cv = crossValidateGenre(root, 'de', 3, 42, { ...POOLED, recipes: ['style', 'pooled'] });
    expect(cv.probs).toHaveLength(18);
    for (const r of cv.recipes) expect(['style', 'pooled']).toContain(r);
    expect(cv.score.macroF1).toBeGreaterThan(0.6);
  });

  it('without the other languages is an error naming the language', () => {
    expect(() => fitGenre('fr', [], [new Float64Array(3)], [0], POOLED)).toThrow("genre fr: the pooled recipe needs the other languages' articles");
  });
});
