/**
 * Article narratives for the stance features in training and cross-validation, from the narratives
 * task's public training functions (fitNarratives, predictFitted, decodeLabels) and its corpus
 * reader. A held-out article's narratives always come from a narratives model that never saw that
 * article: in cross-validation it is trained on the subtask-2 articles outside the held-out fold.
 * Training articles get either their gold narratives ('gold') or out-of-fold predictions ('oof'),
 * which look like what the model meets at inference.
 */
import { decodeLabels, fitNarratives, hashTexts, predictFitted, DEFAULT_TRAIN_OPTIONS } from '../narratives/index.js';
import { loadTrainSplit, readTaxonomy, type LabelledDoc } from '../narratives/corpus.js';
import { kFold } from '../../learn/index.js';
import type { ArticleContext } from './context.js';
import type { EntityCorpus } from './corpus.js';
import { fileFolds } from './cv.js';
import { readsNarratives } from './stance.js';
import { trainOptionsFor, type EntityTrainOptions } from './train.js';

export type TrainingNarrativeSource = 'gold' | 'oof';

/** Narrative labels of one article; "Other" (no narrative) is the empty list. */
export type ArticleNarratives = Map<string, string[]>;

const labelsOf = (narratives: readonly string[]) => narratives.filter((n) => n !== 'Other');

interface NarrativeData {
  docs: LabelledDoc[];
  counts: ReturnType<typeof hashTexts>;
  taxonomy: ReturnType<typeof readTaxonomy>;
}

function loadNarrativeData(dataDir: string, lang: string): NarrativeData {
  const docs = loadTrainSplit(dataDir, lang);
  return { docs, counts: hashTexts(docs.map((d) => d.text), DEFAULT_TRAIN_OPTIONS.hasher), taxonomy: readTaxonomy(dataDir) };
}

/** Gold narratives of a language's subtask-2 training articles. */
export function goldNarratives(dataDir: string, lang: string): ArticleNarratives {
  return new Map(loadTrainSplit(dataDir, lang).map((d) => [d.id, labelsOf(d.gold.narratives)]));
}

/** Trains on the docs whose id is not in `exclude`, predicts (decoded narrative labels) those in `target`. */
function predictExcluding(data: NarrativeData, exclude: ReadonlySet<string>, target: ReadonlySet<string>, seed: number): ArticleNarratives {
  const train = data.docs.map((d, i) => i).filter((i) => !exclude.has(data.docs[i].id));
  const test = data.docs.map((d, i) => i).filter((i) => target.has(data.docs[i].id));
  const out: ArticleNarratives = new Map();
  if (test.length === 0) return out;
  const fit = fitNarratives(train.map((i) => data.counts[i]), train.map((i) => data.docs[i].gold), [], data.taxonomy, { seed });
  const probs = predictFitted(fit, test.map((i) => data.counts[i]));
  test.forEach((i, q) => {
    const d = decodeLabels(probs[q], fit.labels, fit.params);
    out.set(data.docs[i].id, d.narrativeIds.map((n) => fit.labels.narratives[n]));
  });
  return out;
}

/**
 * Narratives of every article in each outer fold of a cross-validation (folds by article, given as
 * file → fold): held-out articles predicted by a model trained without their fold; training articles
 * gold, or ('oof') predicted by a model trained without their fold and without the held-out fold.
 * `log` reports progress (each narratives model takes seconds).
 */
export function crossValidationNarratives(dataDir: string, lang: string, foldOf: ReadonlyMap<string, number>, k: number, source: TrainingNarrativeSource, seed: number, log: (s: string) => void = () => {}): ArticleNarratives[] {
  const data = loadNarrativeData(dataDir, lang);
  const gold: ArticleNarratives = new Map(data.docs.map((d) => [d.id, labelsOf(d.gold.narratives)]));
  const filesOf = (f: number) => new Set([...foldOf].filter(([, g]) => g === f).map(([file]) => file));
  const out: ArticleNarratives[] = [];
  for (let f = 0; f < k; f++) {
    const held = filesOf(f);
    const map = new Map(predictExcluding(data, held, held, seed));
    for (const file of foldOf.keys()) {
      if (held.has(file)) continue;
      if (source === 'gold') map.set(file, gold.get(file) ?? []);
    }
    if (source === 'oof') {
      for (let g = 0; g < k; g++) {
        if (g === f) continue;
        const other = filesOf(g);
        for (const [file, labels] of predictExcluding(data, new Set([...held, ...other]), other, seed)) map.set(file, labels);
      }
    }
    log(`narratives for fold ${f + 1}/${k} done`);
    out.push(map);
  }
  return out;
}

/**
 * Narratives of the training articles for a shipped model: gold, or ('oof') out-of-fold predictions
 * over `folds` folds of all the language's subtask-2 articles.
 */
export function trainingNarratives(dataDir: string, lang: string, source: TrainingNarrativeSource, folds: number, seed: number): ArticleNarratives {
  if (source === 'gold') return goldNarratives(dataDir, lang);
  const data = loadNarrativeData(dataDir, lang);
  const fold = kFold(data.docs.length, folds, seed);
  const out: ArticleNarratives = new Map();
  for (let f = 0; f < folds; f++) {
    const ids = new Set(data.docs.filter((_, i) => fold[i] === f).map((d) => d.id));
    for (const [file, labels] of predictExcluding(data, ids, ids, seed)) out.set(file, labels);
  }
  return out;
}

/** How training articles get their narratives (out-of-fold predictions: what inference sees). */
export const TRAINING_NARRATIVES: TrainingNarrativeSource = 'oof';

/**
 * For a language whose model reads narratives: sets each training article's narratives on its
 * context (out-of-fold predictions over 5 folds) and returns true; otherwise does nothing.
 */
export function setTrainingNarratives(dataDir: string, corpus: Pick<EntityCorpus, 'language' | 'texts'>, contexts: Map<string, ArticleContext>, seed: number, options: Partial<EntityTrainOptions> = {}): boolean {
  if (!readsNarratives(trainOptionsFor(corpus.language, options).features)) return false;
  const map = trainingNarratives(dataDir, corpus.language, TRAINING_NARRATIVES, 5, seed);
  for (const file of corpus.texts.keys()) contexts.get(file)!.narratives = map.get(file) ?? [];
  return true;
}

/** Per-fold narratives for `crossValidateEntities` when the language's model reads them, else undefined. */
export function cvNarratives(dataDir: string, corpus: EntityCorpus, k: number, seed: number, options: Partial<EntityTrainOptions> = {}, log?: (s: string) => void): ArticleNarratives[] | undefined {
  if (!readsNarratives(trainOptionsFor(corpus.language, options).features)) return undefined;
  return crossValidationNarratives(dataDir, corpus.language, fileFolds(corpus, k, seed), k, TRAINING_NARRATIVES, seed, log);
}
