/** Frames training and cross-validation on a small invented SemEval-style corpus: explicit folds, nested recipe choice, calibrated model files. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTaskModel, encodeTaskModel } from '../../src/learn/index.js';
import { loadedFrames } from '../../src/tasks/frames/model.js';
import { crossValidateFrames, FRAMES_RECIPES, framesTaskModel, loadFramesPool, trainFrames, type FramesRecipe } from '../../src/tasks/frames/train.js';

const TOPICS: [string, string][] = [
  ['Economic', 'budget taxes wages prices inflation market'],
  ['Morality', 'wrong sinful shameful decent values conscience'],
  ['Political', 'parliament election party minister coalition vote'],
];

/** A language folder of invented articles: each mentions one or two topics' words. */
function writeLanguage(base: string, folder: string, n: number, salt: string): void {
  const dir = join(base, folder);
  mkdirSync(join(dir, 'train-articles-subtask-2'), { recursive: true });
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = TOPICS[i % 3];
    const b = i % 4 === 0 ? TOPICS[(i + 1) % 3] : null;
    const words = (t: [string, string]) => t[1].split(' ').filter((_, k) => (k + i) % 2 === 0).join(' ');
    writeFileSync(join(dir, 'train-articles-subtask-2', `article${100 + i}.txt`), `Headline ${salt} ${i}\n\n${words(a)} ${b ? words(b) : ''} filler${i} ${salt}.\n`);
    rows.push(`${100 + i}\t${[a[0], ...(b ? [b[0]] : [])].join(',')}`);
  }
  writeFileSync(join(dir, 'train-labels-subtask-2.txt'), `${rows.join('\n')}\n`);
}

const CHEAP: FramesRecipe[] = FRAMES_RECIPES.filter((r) => r.name === 'word1-C4').map((r) => ({ ...r, cfg: { ...r.cfg, hasher: { ...r.cfg.hasher, bits: 12 }, innerFolds: 3 } }));
const POOLED: FramesRecipe = { ...CHEAP[0], name: 'word1-pooled', pooled: true };

let data: string;
beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'narrascope-frames-data-'));
  writeLanguage(data, 'EN', 30, 'en');
  writeLanguage(data, 'FR', 24, 'fr');
});

describe('crossValidateFrames', () => {
  it('uses an explicit fold assignment and reports calibrated out-of-fold probabilities', () => {
    const folds = Int32Array.from({ length: 30 }, (_, i) => (i < 15 ? 0 : 1));
    const cv = crossValidateFrames(data, 'en', 5, 42, { folds, recipes: CHEAP });
    expect(Array.from(cv.folds)).toEqual(Array.from(folds));
    expect(cv.perFold.map((f) => f.test.length)).toEqual([15, 15]);
    expect(cv.probabilities).toHaveLength(30);
    for (const row of cv.probabilities) for (const p of row) expect(p).toBeGreaterThanOrEqual(0), expect(p).toBeLessThanOrEqual(1);
    expect(cv.score.microF1).toBeGreaterThan(0.5);
    // Economic in fold 0's training part (articles 15–29), as the main or the second topic.
    const economic = Array.from({ length: 15 }, (_, q) => q + 15).filter((i) => i % 3 === 0 || (i % 4 === 0 && (i + 1) % 3 === 0)).length;
    expect(cv.perFold[0].priors[0]).toBeCloseTo(economic / 15, 12);
  });

  it('names the mismatch of a fold assignment of the wrong length', () => {
    expect(() => crossValidateFrames(data, 'en', 5, 42, { folds: new Int32Array(3), recipes: CHEAP })).toThrow('frames: 3 fold entries for 30 articles');
  });

  it('chooses among candidates by inner micro-F1 inside the training part', () => {
    const cv = crossValidateFrames(data, 'fr', 3, 42, { recipes: [...CHEAP, POOLED] });
    for (const f of cv.perFold) {
      const best = Object.entries(f.innerF1).sort((a, b) => b[1] - a[1])[0];
      expect(f.innerF1[f.recipe]).toBe(best[1]);
      expect(Object.keys(f.innerF1)).toEqual(['word1-C4', 'word1-pooled']);
    }
  });
});

describe('trainFrames', () => {
  it('pools the other languages present only', () => {
    expect(loadFramesPool(data, 'fr').texts).toHaveLength(30);
    expect(loadFramesPool(data, 'en').Y).toHaveLength(24);
  });

  it('writes a model whose header holds calibrated thresholds, Platt pairs and priors', () => {
    const chosen = trainFrames(data, 'en', 7, CHEAP);
    const model = framesTaskModel('en', chosen, { trainedAt: '2026-12-03' });
    expect(model.version).toBe('semeval2023-en-frames-2026-12-03');
    const back = decodeTaskModel(encodeTaskModel(model), 'EN.nscm', 'frames');
    const m = loadedFrames(back, 'EN.nscm');
    expect(m.platt).toHaveLength(14);
    // Economic: 10 articles as the main topic, articles 8 and 20 as the second.
    expect(m.priors[0]).toBeCloseTo(12 / 30, 10);
    expect(back.meta.recipe).toBe('word1-C4');
    for (const t of m.thresholds) expect(t).toBeGreaterThan(0), expect(t).toBeLessThan(1);
  });
});
